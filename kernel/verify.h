/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Return routability: proving that a correspondent's nonce is its own.
 *
 * RFC 6744 lets a node learn its correspondent's nonce from the first
 * packets of a session.  Whoever sends first could then install a nonce of
 * its choosing, and with it forge Locator Updates.  So a learned nonce is
 * tentative (it delivers packets from the peer's own locators) until this
 * check proves it: an ICMPv6 echo request carrying our nonce and an
 * unpredictable cookie goes to the peer's known locator; the reply must
 * come from that address with the cookie, and it carries the peer's nonce
 * (RFC 6744 sec. 6: every ICMP message of an ILNP session carries it).  An
 * off-path node never sees the cookie.  Only then (ILNP_PEER_F_VERIFIED)
 * are the peer's LUs accepted.
 *
 * The same probe, sent when a packet arrives with a nonce other than the
 * one we know, tells a correspondent that restarted (it answers with its
 * new nonce, which replaces the old) from a forgery (the real peer answers
 * with the old one, and nothing changes); and, for a peer we are trying
 * ILNP with, its silence makes the peer plain IPv6 whatever the transport.
 *
 *   ilnp_rr_start()  probe the peer unless a probe is out (by a packet:
 *                    budgeted, and at most once a second per peer); says
 *                    whether one is out
 *   ilnp_rr_timer()  retransmit (RTO, doubling), give up after 3
 *   ilnp_rr_rcv()    an echo reply: ours?  then take the nonce it carries
 *   ilnp_rr_ask_stranger()  one probe to a stranger inside our prefixes
 *                    that sent plain IPv6 (a peer that restarted?)
 *   ilnp_rr_answer() its own probe, while ours is out: answered here
 */
#ifndef _ILNP_VERIFY_H
#define _ILNP_VERIFY_H

#include <linux/skbuff.h>
#include <linux/types.h>

struct ilnp_l4;
struct ilnp_net;
struct ilnp_nonce;
struct ilnp_peer;

#define ILNP_RR_TRIES		3
#define ILNP_RR_HOLDOFF		HZ

bool ilnp_rr_start(struct ilnp_net *in, struct ilnp_peer *p, bool by_packet);
void ilnp_rr_ask_stranger(struct ilnp_net *in, struct ilnp_peer *p);
void ilnp_rr_timer(struct ilnp_peer *p);
bool ilnp_rr_rcv(struct ilnp_net *in, struct sk_buff *skb, u64 local_nid,
		 u64 peer_nid, u64 sloc, const struct ilnp_nonce *nonce,
		 unsigned int off);
unsigned int ilnp_rr_answer(struct ilnp_net *in, struct sk_buff *skb,
			    u64 local_nid, struct ilnp_peer *p,
			    const struct ilnp_l4 *l4);

#endif /* _ILNP_VERIFY_H */
