/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Locator Update exchange (RFC 6743): announcing our locator set to
 * every active correspondent, retransmitting until acknowledged, accepting
 * authenticated LUs from correspondents, and the Parameter Problem that
 * tells us a correspondent is plain IPv6 (RFC 6744 section 6).
 *
 *   ilnp_lu_announce()     our locator set changed: queue the work that
 *                          sends an LU to every active peer, in batches
 *   ilnp_lu_timer()        retransmission (RTT-derived, exponential backoff)
 *   ilnp_lu_rcv()          an LU or LU-ACK arrived (from the ingress hook)
 *   ilnp_nonce_mismatch()  a packet or LU with a nonce we do not know
 *   ilnp_paramprob_rcv()   a Parameter Problem about our nonce arrived
 */
#ifndef _ILNP_UPDATE_H
#define _ILNP_UPDATE_H

#include <linux/in6.h>
#include <linux/skbuff.h>
#include <linux/types.h>

struct ilnp_net;
struct ilnp_nonce;
struct ilnp_peer;

extern unsigned int ilnp_lu_retries;

/* An LU from one peer is acted on at most this often (a peer budget). */
#define ILNP_LU_MIN_INTERVAL_US	5000

void ilnp_lu_net_init(struct ilnp_net *in);
void ilnp_lu_net_exit(struct ilnp_net *in);
void ilnp_lu_announce(struct ilnp_net *in);
void ilnp_lu_timer(struct ilnp_peer *p);
unsigned int ilnp_lu_rcv(struct ilnp_net *in, struct sk_buff *skb,
			 u64 local_nid, u64 peer_nid, u64 sloc,
			 const struct ilnp_nonce *nonce, unsigned int off);
void ilnp_nonce_mismatch(struct ilnp_net *in, u64 local_nid, u64 peer_nid,
			 u64 sloc, const struct in6_addr *from);
bool ilnp_paramprob_rcv(struct ilnp_net *in, struct sk_buff *skb,
			unsigned int off);

#endif /* _ILNP_UPDATE_H */
