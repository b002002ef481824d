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

#include "locset.h"

struct ilnp_net;
struct netlink_ext_ack;

struct ilnp_nid {
	struct rhash_head node;
	u64 nid;
	struct rcu_head rcu;
};

/* A LOC_ADD / LOC_SET / REBIND request: which fields it gave. */
struct ilnp_loc_req {
	struct ilnp_loc l;
	bool has_pref, has_lifetime, has_ifindex;
};

int ilnp_local_init(struct ilnp_net *in);
void ilnp_local_destroy(struct ilnp_net *in);

bool ilnp_nid_is_local(struct ilnp_net *in, u64 nid);
int ilnp_nid_add(struct ilnp_net *in, u64 nid, struct netlink_ext_ack *extack);
int ilnp_nid_del(struct ilnp_net *in, u64 nid, struct netlink_ext_ack *extack);
unsigned int ilnp_nid_count(struct ilnp_net *in);
int ilnp_nid_only(struct ilnp_net *in, u64 *nid);

int ilnp_loc_add(struct ilnp_net *in, const struct ilnp_loc_req *req,
		 bool replace, struct netlink_ext_ack *extack);
int ilnp_loc_del(struct ilnp_net *in, u64 loc, struct netlink_ext_ack *extack);
int ilnp_loc_rebind(struct ilnp_net *in, const struct ilnp_loc_req *req,
		    u64 old_loc, struct netlink_ext_ack *extack);

/* Caller holds rcu_read_lock() or ilnp_net.lock. */
#define ilnp_local_locs(in) \
	rcu_dereference_check((in)->locs, lockdep_is_held(&(in)->lock))

#endif /* _ILNP_LOCAL_H */
