/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Session views.  A transport session keeps the addresses it started with
 * (its "view": the two locators in the socket, next to the two NIDs) while
 * the locators on the wire follow the current ones.  One entry per flow,
 * keyed by NIDs, protocol and ports, remembers that view so that ingress
 * can hand the socket exactly the addresses it knows.  Egress refreshes the
 * entry from every packet; idle entries are collected by the namespace's
 * periodic sweep (netns.c).
 *
 * Readers use RCU; entries are inserted lock-free and freed after a grace
 * period.
 */
#ifndef _ILNP_FLOW_H
#define _ILNP_FLOW_H

#include <linux/rhashtable-types.h>

struct ilnp_net;

/* Ports in network order, as in the packet; 0 for port-less protocols. */
struct ilnp_flow_key {
	u64 local_nid;
	u64 peer_nid;
	__be16 lport;
	__be16 pport;
	u8 proto;
	u8 pad[3];		/* zero: the key is hashed as bytes */
};

struct ilnp_flow {
	struct rhash_head node;
	struct ilnp_flow_key key;
	__be64 local_view;	/* our locator as the socket knows it */
	__be64 peer_view;	/* the peer's locator as the socket knows it */
	unsigned long used;	/* jiffies of the last packet */
	struct rcu_head rcu;
};

struct ilnp_flows {
	struct rhashtable table;
};

extern unsigned int ilnp_flow_max;
extern unsigned int ilnp_flow_timeout;
extern unsigned int ilnp_session_timeout;

int ilnp_flows_init(struct ilnp_flows *f);
void ilnp_flows_destroy(struct ilnp_flows *f);
unsigned int ilnp_flows_count(struct ilnp_flows *f);

struct ilnp_flow *ilnp_flow_lookup(struct ilnp_flows *f,
				   const struct ilnp_flow_key *key);
struct ilnp_flow *ilnp_flow_learn(struct ilnp_flows *f,
				  const struct ilnp_flow_key *key,
				  __be64 local_view, __be64 peer_view);
unsigned int ilnp_flows_expire(struct ilnp_flows *f, unsigned long idle,
			       unsigned long idle_session);

#endif /* _ILNP_FLOW_H */
