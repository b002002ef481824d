/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The local node's identity: its Node Identifiers and its locators, and
 * every change to them (the netlink requests and addrwatch.c come here).
 * Readers use RCU; writers hold ilnp_net.lock.  A change of the locator
 * set is announced to the correspondents (update.c) and to user space
 * (an ILNP_EVT_LOC_CHANGE event) after the lock is dropped.
 */
#ifndef _ILNP_LOCAL_H
#define _ILNP_LOCAL_H

#include <linux/rhashtable.h>

#include <uapi/linux/ilnp.h>

#include "locset.h"

struct ilnp_net;
struct netlink_ext_ack;

struct ilnp_nid {
	struct rhash_head node;
	u64 nid;
	u32 flags;			/* ILNP_NID_F_* */
	u64 born;			/* hosted: the guest's own locator */
	struct ilnp_locset __rcu *locs;	/* its own set; NULL: the node's */
	struct rcu_head rcu;
};

/* A NID_ADD request. */
struct ilnp_nid_req {
	u64 nid;
	u32 flags;			/* ILNP_NID_F_HOSTED, _AUTO */
	u64 born;
	u64 loc;			/* 0: the node's locators */
};

/* A LOC_ADD / LOC_SET / REBIND request: which fields it gave. */
struct ilnp_loc_req {
	struct ilnp_loc l;
	bool has_pref, has_lifetime, has_ifindex;
};

int ilnp_local_init(struct ilnp_net *in);
void ilnp_local_destroy(struct ilnp_net *in);

bool ilnp_nid_is_local(struct ilnp_net *in, u64 nid);
struct ilnp_nid *ilnp_nid_live(struct ilnp_net *in, u64 nid);
struct ilnp_nid *ilnp_nid_find(struct ilnp_net *in, u64 nid);
const struct ilnp_locset *ilnp_nid_locs(struct ilnp_net *in,
					const struct ilnp_nid *n);
const struct ilnp_locset *ilnp_nid_locs_of(struct ilnp_net *in, u64 nid);
int ilnp_nid_add(struct ilnp_net *in, const struct ilnp_nid_req *req,
		 struct netlink_ext_ack *extack);
int ilnp_nid_install(struct ilnp_net *in, struct ilnp_nid *n,
		     struct netlink_ext_ack *extack);
int ilnp_nid_activate(struct ilnp_net *in, u64 nid, u64 loc,
		      struct netlink_ext_ack *extack);
int ilnp_nid_deactivate(struct ilnp_net *in, u64 nid,
			struct netlink_ext_ack *extack);
int ilnp_nid_del(struct ilnp_net *in, u64 nid, struct netlink_ext_ack *extack);
unsigned int ilnp_nid_count(struct ilnp_net *in);
int ilnp_nid_only(struct ilnp_net *in, u64 *nid);

int ilnp_loc_add(struct ilnp_net *in, const struct ilnp_loc_req *req,
		 bool replace, struct netlink_ext_ack *extack);
int ilnp_loc_del(struct ilnp_net *in, u64 loc, struct netlink_ext_ack *extack);
int ilnp_loc_rebind(struct ilnp_net *in, const struct ilnp_loc_req *req,
		    u64 old_loc, struct netlink_ext_ack *extack);

static inline bool ilnp_nid_hosted(const struct ilnp_nid *n)
{
	return n->flags & ILNP_NID_F_HOSTED;
}

/* Imported and not activated yet, or stopped for a hand-over. */
static inline bool ilnp_nid_inactive(const struct ilnp_nid *n)
{
	return READ_ONCE(n->flags) & ILNP_NID_F_INACTIVE;
}

/* Caller holds rcu_read_lock() or ilnp_net.lock. */
#define ilnp_local_locs(in) \
	rcu_dereference_check((in)->locs, lockdep_is_held(&(in)->lock))

#endif /* _ILNP_LOCAL_H */
