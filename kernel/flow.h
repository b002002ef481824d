/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Session views.  A transport session keeps the addresses it started with
 * (its "view": the two locators in the socket, next to the two NIDs) while
 * the locators on the wire follow the current ones.  One entry per flow,
 * keyed by the correspondent's ILCC entry (its id: two hosts with the same
 * NID never share a view), protocol and ports, remembers that view so that
 * ingress can hand the socket exactly the addresses it knows, and how the
 * session is carried: ILNP, or plain IPv6 when the peer opened it without
 * a nonce (a TCP SYN without the option: RFC 6744 sec. 6, the initiator
 * chose classic IPv6, and so must we for that session).
 *
 * Views belong to their peer: each peer lists its own (under its lock),
 * caps how many it has, and takes them with it when it goes.  Readers use
 * RCU; entries are freed after a grace period.
 */
#ifndef _ILNP_FLOW_H
#define _ILNP_FLOW_H

#include <linux/jiffies.h>
#include <linux/rhashtable-types.h>

struct ilnp_net;
struct ilnp_peer;

/* Ports in network order, as in the packet; 0 for port-less protocols. */
struct ilnp_flow_key {
	u64 peer_id;		/* ilnp_peer.id */
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
	struct ilnp_peer *peer;	/* owner; outlives its views */
	struct hlist_node peer_node;	/* under peer->lock */
	bool plain;		/* the session is plain IPv6 */
	bool dead;		/* under peer->lock */
	struct rcu_head rcu;
};

struct ilnp_flows {
	struct rhashtable table;
	atomic_t count;
};

extern unsigned int ilnp_flow_max;

/* Per peer: views of an unproven peer, and pinned-plain views. */
#define ILNP_FLOWS_UNPROVEN_MAX	16
#define ILNP_FLOWS_PLAIN_MAX	256

unsigned long ilnp_flow_timeout_jiffies(void);
unsigned long ilnp_session_timeout_jiffies(void);

int ilnp_flows_init(struct ilnp_flows *f);
void ilnp_flows_destroy(struct ilnp_flows *f);
unsigned int ilnp_flows_count(struct ilnp_flows *f);

struct ilnp_flow *ilnp_flow_lookup(struct ilnp_flows *f,
				   const struct ilnp_flow_key *key);
struct ilnp_flow *ilnp_flow_add(struct ilnp_net *in, struct ilnp_peer *p,
				const struct ilnp_flow_key *key,
				__be64 local_view, __be64 peer_view,
				bool plain);
void ilnp_flow_touch(struct ilnp_flow *fl, __be64 local_view,
		     __be64 peer_view);
void ilnp_flows_remove_peer(struct ilnp_net *in, struct ilnp_peer *p);
unsigned int ilnp_flows_expire(struct ilnp_net *in, unsigned long idle,
			       unsigned long idle_session);

#endif /* _ILNP_FLOW_H */
