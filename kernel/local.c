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
#include "addrwatch.h"
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
ILNP_EXPORT_FOR_KUNIT(ilnp_local_init);

static void ilnp_nid_free_rcu(struct rcu_head *head)
{
	struct ilnp_nid *n = container_of(head, struct ilnp_nid, rcu);

	kfree(rcu_dereference_raw(n->locs));
	kfree(n);
}

static void ilnp_nid_free(void *ptr, void *arg)
{
	struct ilnp_nid *n = ptr;

	call_rcu(&n->rcu, ilnp_nid_free_rcu);
}

void ilnp_local_destroy(struct ilnp_net *in)
{
	rhashtable_free_and_destroy(&in->nids, ilnp_nid_free, NULL);
	ilnp_locset_free_rcu(rcu_dereference_protected(in->locs, true));
}
ILNP_EXPORT_FOR_KUNIT(ilnp_local_destroy);

/* Any NID of the table, live or not; caller holds RCU or in->lock. */
struct ilnp_nid *ilnp_nid_find(struct ilnp_net *in, u64 nid)
{
	return rhashtable_lookup_fast(&in->nids, &nid, ilnp_nid_params);
}

/* A NID the data path acts for (an imported one waits for activation). */
struct ilnp_nid *ilnp_nid_live(struct ilnp_net *in, u64 nid)
{
	struct ilnp_nid *n = ilnp_nid_find(in, nid);

	return n && !(READ_ONCE(n->flags) & ILNP_NID_F_INACTIVE) ? n : NULL;
}

bool ilnp_nid_is_local(struct ilnp_net *in, u64 nid)
{
	return ilnp_nid_live(in, nid);
}

/* The locators of @n: its own, else the node's.  RCU or in->lock. */
const struct ilnp_locset *ilnp_nid_locs(struct ilnp_net *in,
					const struct ilnp_nid *n)
{
	const struct ilnp_locset *own = n ? rcu_dereference_check(n->locs,
					lockdep_is_held(&in->lock)) : NULL;

	return own ?: ilnp_local_locs(in);
}

const struct ilnp_locset *ilnp_nid_locs_of(struct ilnp_net *in, u64 nid)
{
	return ilnp_nid_locs(in, ilnp_nid_find(in, nid));
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

/* Publish @n (built by the caller, owning its locators); in->lock held. */
static int __ilnp_nid_install(struct ilnp_net *in, struct ilnp_nid *n,
			      struct netlink_ext_ack *extack)
{
	int err;

	lockdep_assert_held(&in->lock);
	if (ilnp_nid_count(in) >= ILNP_NID_MAX) {
		NL_SET_ERR_MSG(extack, "Too many NIDs (at most 65536)");
		return -ENOSPC;
	}
	if (rcu_access_pointer(in->map.ext) &&
	    ilnp_map_lookup_locked(in, n->nid)) {
		NL_SET_ERR_MSG(extack, "NID is in the map: a node behind us, not us");
		return -EINVAL;
	}
	err = ilnp_hooks_enable(in);
	if (err) {
		NL_SET_ERR_MSG(extack, "Cannot register the netfilter hooks");
		return err;
	}
	err = rhashtable_lookup_insert_fast(&in->nids, &n->node,
					    ilnp_nid_params);
	if (err == -EEXIST)
		NL_SET_ERR_MSG(extack, "NID already exists");
	return err;
}

/* A one-locator set, for a hosted NID's own locator. */
static struct ilnp_locset *ilnp_locset_one(u64 loc)
{
	struct ilnp_locset *set = ilnp_locset_alloc(1, GFP_KERNEL_ACCOUNT);

	if (set)
		set->locs[0] = (struct ilnp_loc){ .loc = loc,
						  .pref = ILNP_DEFAULT_PREF };
	return set;
}

int ilnp_nid_add(struct ilnp_net *in, const struct ilnp_nid_req *req,
		 struct netlink_ext_ack *extack)
{
	struct ilnp_nid *n;
	int err;

	n = kzalloc(sizeof(*n), GFP_KERNEL_ACCOUNT);
	if (!n)
		return -ENOMEM;
	n->nid = req->nid;
	n->flags = req->flags & (ILNP_NID_F_HOSTED | ILNP_NID_F_AUTO);
	n->born = req->born;
	if (req->loc) {
		RCU_INIT_POINTER(n->locs, ilnp_locset_one(req->loc));
		if (!rcu_access_pointer(n->locs)) {
			kfree(n);
			return -ENOMEM;
		}
	}
	mutex_lock(&in->lock);
	err = __ilnp_nid_install(in, n, extack);
	if (!err && (n->flags & ILNP_NID_F_AUTO))
		WRITE_ONCE(in->auto_nids, in->auto_nids + 1);
	mutex_unlock(&in->lock);
	if (err) {
		kfree(rcu_dereference_raw(n->locs));
		kfree(n);
	} else if (req->flags & ILNP_NID_F_AUTO) {
		ilnp_addrwatch_kick(in);	/* adopt what is there already */
	}
	return err;
}
ILNP_EXPORT_FOR_KUNIT(ilnp_nid_add);

/* An imported NID (state.c), inactive; on error the caller keeps @n. */
int ilnp_nid_install(struct ilnp_net *in, struct ilnp_nid *n,
		     struct netlink_ext_ack *extack)
{
	int err;

	mutex_lock(&in->lock);
	err = __ilnp_nid_install(in, n, extack);
	mutex_unlock(&in->lock);
	return err;
}

/**
 * ilnp_nid_activate() - a hosted NID goes live at @loc (STATE_ACTIVATE)
 * @in:     the namespace
 * @nid:    the NID
 * @loc:    its locator from now on
 * @extack: for the error message
 *
 * Its own locator set becomes { @loc } in one swap, it leaves the
 * inactive state, and its peers are announced the set (the announce
 * work: its LUs to every active peer).
 */
int ilnp_nid_activate(struct ilnp_net *in, u64 nid, u64 loc,
		      struct netlink_ext_ack *extack)
{
	struct ilnp_locset *set, *old;
	struct ilnp_nid *n;
	int err = 0;

	set = ilnp_locset_one(loc);
	if (!set)
		return -ENOMEM;
	mutex_lock(&in->lock);
	n = ilnp_nid_find(in, nid);
	if (!n || !ilnp_nid_hosted(n)) {
		if (n)
			NL_SET_ERR_MSG(extack, "Not a hosted NID");
		else
			NL_SET_ERR_MSG(extack, "NID not found");
		err = n ? -EINVAL : -ENOENT;
		kfree(set);
		goto out;
	}
	old = rcu_replace_pointer(n->locs, set, lockdep_is_held(&in->lock));
	ilnp_locset_free_rcu(old);
	WRITE_ONCE(n->flags, n->flags & ~ILNP_NID_F_INACTIVE);
out:
	mutex_unlock(&in->lock);
	if (!err)
		ilnp_lu_announce(in);
	return err;
}

/**
 * ilnp_nid_deactivate() - a hosted NID stops, for its state to be handed
 * over (STATE_DEACTIVATE)
 * @in:     the namespace
 * @nid:    the NID
 * @extack: for the error message
 *
 * The data path drops its packets (ilnp_nid_inactive()) and the peer timers
 * skip it (ilnp_nid_live()), so once the readers that saw it live are done
 * its state is frozen: an export taken after this returns is what the next
 * host gets, and nothing the old one hears after it is lost there.
 */
int ilnp_nid_deactivate(struct ilnp_net *in, u64 nid,
			struct netlink_ext_ack *extack)
{
	struct ilnp_nid *n;
	int err = 0;

	mutex_lock(&in->lock);
	n = ilnp_nid_find(in, nid);
	if (!n) {
		NL_SET_ERR_MSG(extack, "NID not found");
		err = -ENOENT;
	} else if (!ilnp_nid_hosted(n)) {
		NL_SET_ERR_MSG(extack, "Not a hosted NID");
		err = -EINVAL;
	} else {
		WRITE_ONCE(n->flags, n->flags | ILNP_NID_F_INACTIVE);
	}
	mutex_unlock(&in->lock);
	/* A hook, a peer timer or the announce work that saw it live may
	 * still act for it: the export to follow must see what they did. */
	if (!err)
		synchronize_rcu();
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
	if (n->flags & ILNP_NID_F_AUTO)
		WRITE_ONCE(in->auto_nids, in->auto_nids - 1);
	ilnp_nid_free(n, NULL);
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
