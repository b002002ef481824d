/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The "ilnp" generic netlink family: registration and event notifications
 * (genl.c).  The request handlers live with their objects' translation
 * code, nl_*.c, which share nl.h.
 */
#ifndef _ILNP_GENL_H
#define _ILNP_GENL_H

#include <linux/types.h>

struct in6_addr;
struct ilnp_net;
struct ilnp_loc;
struct ilnp_locset;
struct ilnp_peer_key;
struct ilnp_map_entry;

/* Attributes of a peer event; which ones count depends on the event. */
struct ilnp_peer_event {
	u32 tries;				/* LU_SENT, LU_TIMEOUT */
	u32 rtt_us;				/* LU_ACKED */
	u32 flags;				/* PEER_VERIFIED */
	const struct ilnp_locset *locs;		/* LU_RECV */
	const struct in6_addr *addr;		/* NONCE_MISMATCH, VERIFIED */
};

int ilnp_genl_init(void);
void ilnp_genl_exit(void);

void ilnp_genl_notify_loc(struct ilnp_net *in, const struct ilnp_loc *l,
			  bool deleted);
void ilnp_genl_notify_map(struct ilnp_net *in,
			  const struct ilnp_map_entry *e, bool deleted);
void ilnp_genl_notify_peer(struct ilnp_net *in, u8 cmd,
			   const struct ilnp_peer_key *key,
			   const struct ilnp_peer_event *e);

#endif /* _ILNP_GENL_H */
