// SPDX-License-Identifier: GPL-2.0
/*
 * Local NIDs (an rhashtable: the data path asks "is this NID ours?" for
 * every packet) and local locators (a small RCU-published locator set),
 * and every change to them (see local.h).
 */
#include <linux/netdevice.h>
#include <linux/netlink.h>

#include "ilnp.h"
#include "datapath.h"
#include "genl.h"
#include "ilcc.h"
#include "local.h"
#include "netns.h"
#include "update.h"

static const struct rhashtable_params ilnp_nid_params = {
	.key_len = sizeof(u64),
	.key_offset = offsetof(struct ilnp_nid, nid),
	.head_offset = offsetof(struct ilnp_nid, node),
	.automatic_shrinking = true,
};

/* NIDs per namespace: a host has a few, a hypervisor one per guest. */
#define ILNP_NID_MAX	65536

int ilnp_local_init(struct ilnp_net *in)
{
	RCU_INIT_POINTER(in->locs, NULL);
	return rhashtable_init(&in->nids, &ilnp_nid_params);
}

static void ilnp_nid_free(void *ptr, void *arg)
{
	struct ilnp_nid *n = ptr;

	kfree_rcu(n, rcu);
}

void ilnp_local_destroy(struct ilnp_net *in)
{
	rhashtable_free_and_destroy(&in->nids, ilnp_nid_free, NULL);
	ilnp_locset_free_rcu(rcu_dereference_protected(in->locs, true));
}

bool ilnp_nid_is_local(struct ilnp_net *in, u64 nid)
{
	return rhashtable_lookup_fast(&in->nids, &nid, ilnp_nid_params);
}

unsigned int ilnp_nid_count(struct ilnp_net *in)
{
	return atomic_read(&in->nids.nelems);
}

/* The namespace's one NID: 0, or -ENOENT (none) / -ENOTUNIQ (several). */
int ilnp_nid_only(struct ilnp_net *in, u64 *nid)
{
	struct rhashtable_iter iter;
	struct ilnp_nid *n;
	int err = -ENOENT;

	mutex_lock(&in->lock);
	rhashtable_walk_enter(&in->nids, &iter);
	rhashtable_walk_start(&iter);
	while ((n = ilnp_walk_next(&iter))) {
		if (!err) {
			err = -ENOTUNIQ;
			break;
		}
		*nid = n->nid;
		err = 0;
	}
	rhashtable_walk_stop(&iter);
	rhashtable_walk_exit(&iter);
	mutex_unlock(&in->lock);
	return err;
}

int ilnp_nid_add(struct ilnp_net *in, u64 nid, struct netlink_ext_ack *extack)
{
	struct ilnp_nid *n;
	int err;

	mutex_lock(&in->lock);
	err = -ENOSPC;
	if (ilnp_nid_count(in) >= ILNP_NID_MAX) {
		NL_SET_ERR_MSG(extack, "Too many NIDs (at most 65536)");
		goto out;
	}
	err = -EINVAL;
	if (rcu_access_pointer(in->map.ext) && ilnp_map_lookup_locked(in, nid)) {
		NL_SET_ERR_MSG(extack, "NID is in the map: a node behind us, not us");
		goto out;
	}
	err = ilnp_hooks_enable(in);
	if (err) {
		NL_SET_ERR_MSG(extack, "Cannot register the netfilter hooks");
		goto out;
	}
	err = -ENOMEM;
	n = kzalloc(sizeof(*n), GFP_KERNEL_ACCOUNT);
	if (!n)
		goto out;
	n->nid = nid;
	err = rhashtable_lookup_insert_fast(&in->nids, &n->node,
					    ilnp_nid_params);
	if (err) {
		kfree(n);
		if (err == -EEXIST)
			NL_SET_ERR_MSG(extack, "NID already exists");
	}
out:
	mutex_unlock(&in->lock);
	return err;
}

/*
 * The NID goes, and with it every ILCC entry and session view of it: its
 * sessions carry on as plain IPv6.
 */
int ilnp_nid_del(struct ilnp_net *in, u64 nid, struct netlink_ext_ack *extack)
{
	struct ilnp_nid *n;

	mutex_lock(&in->lock);
	n = rhashtable_lookup_fast(&in->nids, &nid, ilnp_nid_params);
	if (!n) {
		mutex_unlock(&in->lock);
		NL_SET_ERR_MSG(extack, "NID not found");
		return -ENOENT;
	}
	rhashtable_remove_fast(&in->nids, &n->node, ilnp_nid_params);
	kfree_rcu(n, rcu);
	/* Packets that still saw the NID as ours may add entries: wait for
	 * them, then remove what there is. */
	synchronize_rcu();
	ilnp_ilcc_remove(in, 0, nid, 0);
	mutex_unlock(&in->lock);
	return 0;
}

/* Neither RTNL nor RCU is held here: look the device up under RCU. */
static int ilnp_loc_check_dev(struct ilnp_net *in, const struct ilnp_loc *l,
			      struct netlink_ext_ack *extack)
{
	bool found;

	if (!l->ifindex)
		return 0;
	rcu_read_lock();
	found = l->ifindex > 0 && dev_get_by_index_rcu(in->net, l->ifindex);
	rcu_read_unlock();
	if (!found) {
		NL_SET_ERR_MSG(extack, "No such interface in this namespace");
		return -ENODEV;
	}
	return 0;
}

/* @base, with the fields @req gives. */
static struct ilnp_loc ilnp_loc_merge(const struct ilnp_loc *base,
				      const struct ilnp_loc_req *req)
{
	struct ilnp_loc l = *base;

	l.loc = req->l.loc;
	if (req->has_pref)
		l.pref = req->l.pref;
	if (req->has_lifetime)
		l.lifetime = req->l.lifetime;
	if (req->has_ifindex)
		l.ifindex = req->l.ifindex;
	return l;
}

static const struct ilnp_loc ilnp_loc_defaults = {
	.pref = ILNP_DEFAULT_PREF,
};

/* Publish @set in place of @old; caller holds in->lock. */
static void ilnp_locs_publish(struct ilnp_net *in, struct ilnp_locset *old,
			      struct ilnp_locset *set)
{
	rcu_assign_pointer(in->locs, set);
	ilnp_locset_free_rcu(old);
}

/* Add a locator, or (@replace) change the fields @req gives of one. */
int ilnp_loc_add(struct ilnp_net *in, const struct ilnp_loc_req *req,
		 bool replace, struct netlink_ext_ack *extack)
{
	struct ilnp_locset *old, *set;
	struct ilnp_loc l;
	int idx, err;

	mutex_lock(&in->lock);
	old = ilnp_local_locs(in);
	idx = ilnp_locset_find(old, req->l.loc);
	err = -ENOENT;
	if (replace && idx < 0) {
		NL_SET_ERR_MSG(extack, "Locator not found");
		goto out;
	}
	err = -EEXIST;
	if (!replace && idx >= 0) {
		NL_SET_ERR_MSG(extack, "Locator already exists");
		goto out;
	}
	err = -ENOSPC;
	if (!replace && old && old->n >= ILNP_LOCSET_MAX) {
		NL_SET_ERR_MSG(extack, "Too many locators (at most 64)");
		goto out;
	}
	l = ilnp_loc_merge(replace ? &old->locs[idx] : &ilnp_loc_defaults, req);
	err = ilnp_loc_check_dev(in, &l, extack);
	if (err)
		goto out;
	err = -ENOMEM;
	set = ilnp_locset_with(old, &l, GFP_KERNEL_ACCOUNT);
	if (!set)
		goto out;
	ilnp_locs_publish(in, old, set);
	err = 0;
out:
	mutex_unlock(&in->lock);
	if (!err) {
		ilnp_lu_announce(in);
		ilnp_genl_notify_loc(in, &l, false);
	}
	return err;
}

/* Withdraw a locator (LOC_DEL, or addrwatch.c with @extack NULL). */
int ilnp_loc_del(struct ilnp_net *in, u64 loc, struct netlink_ext_ack *extack)
{
	struct ilnp_locset *old, *set;
	struct ilnp_loc gone;
	int idx, err;

	mutex_lock(&in->lock);
	old = ilnp_local_locs(in);
	idx = ilnp_locset_find(old, loc);
	err = -ENOENT;
	if (idx < 0) {
		NL_SET_ERR_MSG(extack, "Locator not found");
		goto out;
	}
	gone = old->locs[idx];
	err = -ENOMEM;
	set = ilnp_locset_without(old, loc, GFP_KERNEL_ACCOUNT);
	if (!set)
		goto out;
	ilnp_locs_publish(in, old, set);
	err = 0;
out:
	mutex_unlock(&in->lock);
	if (!err) {
		ilnp_lu_announce(in);
		ilnp_genl_notify_loc(in, &gone, true);
	}
	return err;
}

/**
 * ilnp_loc_rebind() - move to a new locator in one step (REBIND)
 * @in:      the namespace
 * @req:     the locator to prefer (added if absent; fields it does not
 *           give keep their values, or the defaults for a new one)
 * @old_loc: a locator to withdraw at the same time, 0 for none
 * @extack:  for the error message
 *
 * Readers see one swap, from the old set to the final one.  Without a
 * preference in @req the locator gets one below every other's.
 */
int ilnp_loc_rebind(struct ilnp_net *in, const struct ilnp_loc_req *req,
		    u64 old_loc, struct netlink_ext_ack *extack)
{
	struct ilnp_locset *old, *set;
	struct ilnp_loc l, gone = {};
	int idx, err;

	mutex_lock(&in->lock);
	old = ilnp_local_locs(in);
	idx = ilnp_locset_find(old, req->l.loc);
	err = -ENOENT;
	if (old_loc && ilnp_locset_find(old, old_loc) < 0) {
		NL_SET_ERR_MSG(extack, "Old locator not found");
		goto out;
	}
	err = -ENOSPC;
	if (!old_loc && idx < 0 && old && old->n >= ILNP_LOCSET_MAX) {
		NL_SET_ERR_MSG(extack, "Too many locators (at most 64)");
		goto out;
	}
	if (old_loc)
		gone = old->locs[ilnp_locset_find(old, old_loc)];
	l = ilnp_loc_merge(idx >= 0 ? &old->locs[idx] : &ilnp_loc_defaults,
			   req);
	err = ilnp_loc_check_dev(in, &l, extack);
	if (err)
		goto out;
	err = -ENOMEM;
	set = ilnp_locset_rebind(old, &l, old_loc, req->has_pref,
				 GFP_KERNEL_ACCOUNT);
	if (!set)
		goto out;
	l = set->locs[ilnp_locset_find(set, l.loc)];
	ilnp_locs_publish(in, old, set);
	err = 0;
out:
	mutex_unlock(&in->lock);
	if (!err) {
		ilnp_lu_announce(in);
		ilnp_genl_notify_loc(in, &l, false);
		if (old_loc)
			ilnp_genl_notify_loc(in, &gone, true);
	}
	return err;
}
