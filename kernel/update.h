/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Locator Update exchange (RFC 6743): announcing our locator set to
 * every active correspondent, retransmitting until acknowledged, accepting
 * authenticated LUs from correspondents, and the Parameter Problem that
 * tells us a correspondent is plain IPv6 (RFC 6744 section 6).
 *
 *   ilnp_lu_announce()     our locator set changed: LU to every active peer
 *   ilnp_lu_timer()        retransmission (RTT-derived, exponential backoff)
 *   ilnp_lu_rcv()          an LU or LU-ACK arrived (from the ingress hook)
 *   ilnp_paramprob_rcv()   a Parameter Problem about our nonce arrived
 */
#ifndef _ILNP_UPDATE_H
#define _ILNP_UPDATE_H

#include <linux/skbuff.h>
#include <linux/timer.h>

struct ilnp_net;
struct ilnp_nonce;

extern unsigned int ilnp_lu_retries;

void ilnp_lu_announce(struct ilnp_net *in);
void ilnp_lu_timer(struct timer_list *t);
unsigned int ilnp_lu_rcv(struct ilnp_net *in, struct sk_buff *skb,
			 const struct ilnp_nonce *nonce, unsigned int off);
bool ilnp_paramprob_rcv(struct ilnp_net *in, struct sk_buff *skb,
			unsigned int off);

#endif /* _ILNP_UPDATE_H */
