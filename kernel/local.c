// SPDX-License-Identifier: GPL-2.0
/*
 * Local NIDs (an rhashtable: the ingress path asks "is this NID ours?" for
 * every packet) and local locators (a small RCU-published locator set).
 */
#include <linux/netdevice.h>
#include <linux/netlink.h>

#include "ilnp.h"
#include "datapath.h"
#include "local.h"
#include "netns.h"

static const struct rhashtable_params ilnp_nid_params = {
	.key_len = sizeof(u64),
	.key_offset = offsetof(struct ilnp_nid, nid),
	.head_offset = offsetof(struct ilnp_nid, node),
	.automatic_shrinking = true,
};

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

int ilnp_nid_add(struct ilnp_net *in, u64 nid, struct netlink_ext_ack *extack)
{
	struct ilnp_nid *n;
	int err;

	lockdep_assert_held(&in->lock);
	err = ilnp_hooks_enable(in);
	if (err) {
		NL_SET_ERR_MSG(extack, "Cannot register the netfilter hooks");
		return err;
	}
	n = kzalloc(sizeof(*n), GFP_KERNEL);
	if (!n)
		return -ENOMEM;
	n->nid = nid;
	err = rhashtable_lookup_insert_fast(&in->nids, &n->node,
					    ilnp_nid_params);
	if (err) {
		kfree(n);
		if (err == -EEXIST)
			NL_SET_ERR_MSG(extack, "NID already exists");
	}
	return err;
}

int ilnp_nid_del(struct ilnp_net *in, u64 nid, struct netlink_ext_ack *extack)
{
	struct ilnp_nid *n;

	lockdep_assert_held(&in->lock);
	n = rhashtable_lookup_fast(&in->nids, &nid, ilnp_nid_params);
	if (!n) {
		NL_SET_ERR_MSG(extack, "NID not found");
		return -ENOENT;
	}
	rhashtable_remove_fast(&in->nids, &n->node, ilnp_nid_params);
	kfree_rcu(n, rcu);
	return 0;
}

/* Add a locator, or (@replace) change an existing one's parameters. */
int ilnp_loc_add(struct ilnp_net *in, const struct ilnp_loc *l, bool replace,
		 struct netlink_ext_ack *extack)
{
	struct ilnp_locset *old, *set;
	int idx;

	lockdep_assert_held(&in->lock);
	old = ilnp_local_locs(in);
	idx = ilnp_locset_find(old, l->loc);
	if (replace && idx < 0) {
		NL_SET_ERR_MSG(extack, "Locator not found");
		return -ENOENT;
	}
	if (!replace && idx >= 0) {
		NL_SET_ERR_MSG(extack, "Locator already exists");
		return -EEXIST;
	}
	if (!replace && old && old->n >= ILNP_MAX_LOCS) {
		NL_SET_ERR_MSG(extack, "Too many locators (an LU carries at most 255)");
		return -ENOSPC;
	}
	set = ilnp_locset_with(old, l, GFP_KERNEL);
	if (!set)
		return -ENOMEM;
	rcu_assign_pointer(in->locs, set);
	ilnp_locset_free_rcu(old);
	return 0;
}

int ilnp_loc_del(struct ilnp_net *in, u64 loc, struct netlink_ext_ack *extack)
{
	struct ilnp_locset *old, *set;

	lockdep_assert_held(&in->lock);
	old = ilnp_local_locs(in);
	if (ilnp_locset_find(old, loc) < 0) {
		NL_SET_ERR_MSG(extack, "Locator not found");
		return -ENOENT;
	}
	set = ilnp_locset_without(old, loc, GFP_KERNEL);
	if (!set)
		return -ENOMEM;
	rcu_assign_pointer(in->locs, set);
	ilnp_locset_free_rcu(old);
	return 0;
}
