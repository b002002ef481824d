// SPDX-License-Identifier: GPL-2.0
/*
 * Return routability (see verify.h).
 *
 * The probe is an ordinary ICMPv6 echo request behind our nonce:
 *
 *   type 128 | code 0 | checksum | identifier | sequence |
 *   cookie (8, random) | "ILNP-RR\0"
 *
 * identifier, sequence and cookie are random: 96 bits an off-path node
 * would have to guess.  Any IPv6 stack answers it; an ILNP one adds its
 * nonce to the reply.
 */
#include <linux/icmpv6.h>
#include <linux/random.h>
#include <crypto/algapi.h>

#include "ilnp.h"
#include "datapath.h"
#include "genl.h"
#include "ilcc.h"
#include "netns.h"
#include "nonce.h"
#include "ratelimit.h"
#include "timers.h"
#include "verify.h"
#include "xmit.h"

#define ILNP_RR_MSG_LEN		24
#define ILNP_RR_MAGIC		"ILNP-RR"	/* 8 bytes with its NUL */

static void ilnp_rr_build(u8 *msg, const struct ilnp_rr *rr)
{
	msg[0] = ICMPV6_ECHO_REQUEST;
	msg[1] = 0;
	put_unaligned(0, (__sum16 *)&msg[2]);
	put_unaligned(rr->id, (__be16 *)&msg[4]);
	put_unaligned(rr->seq, (__be16 *)&msg[6]);
	memcpy(&msg[8], &rr->cookie, sizeof(rr->cookie));
	memcpy(&msg[16], ILNP_RR_MAGIC, 8);
}

/* Send the probe as @rr says (copied under the lock); RCU held. */
static void ilnp_rr_xmit(struct ilnp_net *in, const struct ilnp_peer_key *key,
			 const struct ilnp_rr *rr, const struct ilnp_nonce *n)
{
	struct in6_addr daddr;
	u8 msg[ILNP_RR_MSG_LEN];

	ilnp_rr_build(msg, rr);
	ilnp_addr_make(&daddr, rr->loc, key->peer_nid);
	if (!ilnp_xmit_icmp(in, key->local_nid, &daddr, n, msg, sizeof(msg)))
		ilnp_stat_inc(in, ILNP_STAT_RR_SENT);
}

static bool ilnp_rr_begin(struct ilnp_net *in, struct ilnp_peer *p,
			  bool by_packet, bool stranger)
{
	const struct ilnp_loc *theirs;
	struct ilnp_nonce nonce;
	struct ilnp_rr rr;
	bool plain;

	if (READ_ONCE(p->rr.due))
		return true;
	if ((READ_ONCE(p->state) == ILNP_PEER_PLAIN && !stranger) ||
	    (by_packet && time_before(jiffies, READ_ONCE(p->rr.holdoff))))
		return false;
	if (by_packet && !ilnp_ratelimit(in, ILNP_RL_PROBE))
		return false;

	spin_lock_bh(&p->lock);
	theirs = ilnp_locset_best(ilnp_peer_locs(p));
	/* A plain entry is asked once, when it is made, never again. */
	plain = p->state == ILNP_PEER_PLAIN && (!stranger || p->nonce_sent);
	if (p->dead || p->rr.due || plain || !theirs) {
		bool out = p->rr.due;

		spin_unlock_bh(&p->lock);
		return out;
	}
	get_random_bytes(&p->rr.cookie, sizeof(p->rr.cookie));
	get_random_bytes(&p->rr.id, sizeof(p->rr.id));
	get_random_bytes(&p->rr.seq, sizeof(p->rr.seq));
	p->rr.loc = theirs->loc;
	p->rr.tries = 1;
	p->rr.sent = ktime_get();
	p->rr.due = jiffies + ilnp_rr_backoff(p, 1);
	/* The probe carries our nonce: the peer learns it from it. */
	if (!p->nonce_sent) {
		p->nonce_sent = true;
		p->probe_sent = p->rr.sent;
	}
	ilnp_peer_timer_arm(p);
	rr = p->rr;
	nonce = p->nonce_local;
	spin_unlock_bh(&p->lock);
	ilnp_rr_xmit(in, &p->key, &rr, &nonce);
	return true;
}

/**
 * ilnp_rr_start() - prove the peer's nonce (or learn it)
 * @in:        the namespace
 * @p:         the peer
 * @by_packet: a packet from someone made us do it: the namespace's probe
 *             budget applies, and no probe within ILNP_RR_HOLDOFF of the
 *             last one to this peer
 *
 * Nothing happens while a probe is out, for a plain peer, or when we have
 * no locator to send from.  Softirq-safe; caller holds rcu_read_lock().
 *
 * Return: whether a probe is out now.
 */
bool ilnp_rr_start(struct ilnp_net *in, struct ilnp_peer *p, bool by_packet)
{
	return ilnp_rr_begin(in, p, by_packet, false);
}

/**
 * ilnp_rr_ask_stranger() - does a stranger that sent us plain IPv6 speak ILNP?
 * @in: the namespace
 * @p:  the plain entry just made for it (inside one of our PREFIXes)
 *
 * A correspondent that restarted without us keeps sending on its old
 * sessions, without a nonce: to us it is a stranger, plain.  One probe
 * (within the namespace's budget) asks it.  Until an answer or the
 * probe's last retransmission, the entry stays plain in every other
 * respect; an answer with a nonce makes it an ILNP peer (ilnp_rr_rcv()),
 * a Parameter Problem or silence leaves it plain for good.  Softirq-safe;
 * caller holds rcu_read_lock().
 */
void ilnp_rr_ask_stranger(struct ilnp_net *in, struct ilnp_peer *p)
{
	ilnp_rr_begin(in, p, true, true);
}

/*
 * The probe's deadline: send it again (the same cookie, so that a late
 * answer to an earlier copy still counts), or give up.  A peer that never
 * proved a nonce is plain IPv6 then (RFC 6744 sec. 6: no timely
 * response), whatever protocol its sessions use, and a nonce it is only
 * believed to have is forgotten: it may be an off-path node's, sent in
 * the name of a plain host to keep us trying ILNP with it.
 */
void ilnp_rr_timer(struct ilnp_peer *p)
{
	struct ilnp_net *in = p->in;
	struct ilnp_peer_key key = p->key;
	struct ilnp_nonce nonce;
	bool fallback = false;
	struct ilnp_rr rr;

	spin_lock_bh(&p->lock);
	if (p->dead || !p->rr.due || time_before(jiffies, p->rr.due)) {
		spin_unlock_bh(&p->lock);
		return;
	}
	if (p->rr.tries >= ILNP_RR_TRIES) {
		p->rr.due = 0;
		p->rr.holdoff = jiffies + ILNP_RR_HOLDOFF;
		if (p->state != ILNP_PEER_PLAIN &&
		    !(p->flags & ILNP_PEER_F_VERIFIED)) {
			memset(&p->nonce_remote, 0, sizeof(p->nonce_remote));
			ilnp_peer_set_plain(p);
			fallback = true;
		}
		spin_unlock_bh(&p->lock);
		ilnp_stat_inc(in, ILNP_STAT_RR_TIMEOUT);
		if (fallback) {
			ilnp_stat_inc(in, ILNP_STAT_PEER_FALLBACK);
			ilnp_genl_notify_peer(in, ILNP_EVT_PEER_FALLBACK, &key,
					      NULL);
		}
		return;
	}
	p->rr.tries++;
	p->rr.sent = ktime_get();
	p->rr.due = jiffies + ilnp_rr_backoff(p, p->rr.tries);
	ilnp_peer_timer_arm(p);
	rr = p->rr;
	nonce = p->nonce_local;
	spin_unlock_bh(&p->lock);
	ilnp_rr_xmit(in, &key, &rr, &nonce);
}

/*
 * The ICMPv6 message at @off if it is shaped as a probe (or its answer):
 * our length and marker.  Copied into @buf if need be; NULL otherwise.
 */
static const u8 *ilnp_rr_msg(const struct sk_buff *skb, unsigned int off,
			     u8 *buf)
{
	const u8 *msg;

	if (skb->len - skb_network_offset(skb) - off != ILNP_RR_MSG_LEN)
		return NULL;
	msg = skb_header_pointer(skb, skb_network_offset(skb) + off,
				 ILNP_RR_MSG_LEN, buf);
	if (!msg || memcmp(&msg[16], ILNP_RR_MAGIC, 8))
		return NULL;
	return msg;
}

/* Is this echo reply the answer to @p's probe?  Caller holds p->lock. */
static bool ilnp_rr_matches(const struct ilnp_peer *p, u64 sloc, const u8 *msg)
{
	u8 want[ILNP_RR_MSG_LEN];

	if (!p->rr.due || p->rr.loc != sloc)
		return false;
	ilnp_rr_build(want, &p->rr);
	/* identifier, sequence, cookie and marker; in constant time */
	return !crypto_memneq(&want[4], &msg[4], ILNP_RR_MSG_LEN - 4);
}

/**
 * ilnp_rr_rcv() - an ICMPv6 echo reply for one of our NIDs
 * @in:        the namespace
 * @skb:       the packet
 * @local_nid: its destination NID
 * @peer_nid:  its source NID
 * @sloc:      its source locator (host order)
 * @nonce:     the nonce it carried, or NULL
 * @off:       offset of the ICMPv6 header from the network header
 *
 * The answer to one of our probes proves the nonce it carries: it becomes
 * the peer's (replacing the one we knew when the peer restarted), the
 * peer is verified, and the reply is consumed.  Caller holds
 * rcu_read_lock().
 *
 * Return: true when the reply was ours (the skb was consumed).
 */
bool ilnp_rr_rcv(struct ilnp_net *in, struct sk_buff *skb, u64 local_nid,
		 u64 peer_nid, u64 sloc, const struct ilnp_nonce *nonce,
		 unsigned int off)
{
	struct rhlist_head *pos, *list;
	struct ilnp_peer_event e = {};
	u8 buf[ILNP_RR_MSG_LEN];
	bool changed = false;
	struct ilnp_peer *p;
	const u8 *msg;
	u32 rtt, flags;

	msg = ilnp_rr_msg(skb, off, buf);
	if (!msg)
		return false;

	list = ilnp_peer_list(&in->ilcc, local_nid, peer_nid);
	ilnp_peer_for_each(p, pos, list) {
		spin_lock_bh(&p->lock);
		if (!p->dead && ilnp_rr_matches(p, sloc, msg))
			goto found;
		spin_unlock_bh(&p->lock);
	}
	return false;

found:
	p->rr.due = 0;
	p->rr.holdoff = jiffies + ILNP_RR_HOLDOFF;
	/* Alive but silent about its nonce: one it is believed to have is
	 * not its own. */
	if (!nonce && !(p->flags & ILNP_PEER_F_VERIFIED))
		memset(&p->nonce_remote, 0, sizeof(p->nonce_remote));
	if (nonce) {
		changed = p->nonce_remote.len &&
			  !ilnp_nonce_equal(nonce, &p->nonce_remote);
		p->nonce_remote = *nonce;
		flags = p->flags | ILNP_PEER_F_VERIFIED;
		/* A stranger we asked (ilnp_rr_ask_stranger()) speaks ILNP. */
		if (p->state == ILNP_PEER_PLAIN)
			flags &= ~ILNP_PEER_F_PLAIN_IPV6;
		WRITE_ONCE(p->flags, flags);
		if (p->state == ILNP_PEER_NEW || p->state == ILNP_PEER_PLAIN)
			WRITE_ONCE(p->state, ILNP_PEER_CONFIRMED);
		rtt = ktime_us_delta(ktime_get(), p->rr.sent);
		/* Karn: a retransmitted probe gives no clean sample. */
		if (p->rr.tries == 1)
			ilnp_peer_rtt_sample(p, rtt);
		WRITE_ONCE(p->used, jiffies);
	}
	spin_unlock_bh(&p->lock);
	consume_skb(skb);
	if (nonce) {
		struct in6_addr from;

		ilnp_peer_proven(in, p);
		ilnp_stat_inc(in, ILNP_STAT_RR_VERIFIED);
		ilnp_addr_make(&from, sloc, peer_nid);
		e.addr = &from;
		e.flags = changed ? ILNP_F_NONCE_CHANGED : 0;
		ilnp_genl_notify_peer(in, ILNP_EVT_PEER_VERIFIED, &p->key, &e);
	}
	/* Without a nonce it is alive but did not say its nonce. */
	return true;
}

/**
 * ilnp_rr_answer() - a packet with a nonce from a plain peer we are asking
 * @in:        the namespace
 * @skb:       the packet (its nonce option not yet removed)
 * @local_nid: its destination NID
 * @p:         the plain entry whose probe is out (ilnp_rr_ask_stranger())
 * @l4:        the packet's transport, parsed
 *
 * A correspondent that restarted still holds our old nonce: our probe,
 * with the new one, is a mismatch to it, and it asks us in turn.  Our
 * stack would answer its nonce with Parameter Problem (the entry is
 * plain), which would make us plain to it, and neither would ever learn
 * the other's nonce.  So we answer its probe here, with our nonce (to its
 * source address: only the node there sees the reply), and send ours
 * again at once: it arrives after the answer that taught the peer our
 * nonce, and the peer's reply to it proves the peer's nonce.  Nothing
 * here changes the entry, which stays plain until that reply.  Any other
 * packet with a nonce is dropped while the probe is out.  Caller holds
 * rcu_read_lock().
 *
 * Return: the netfilter verdict (NF_STOLEN or NF_DROP).
 */
unsigned int ilnp_rr_answer(struct ilnp_net *in, struct sk_buff *skb,
			    u64 local_nid, struct ilnp_peer *p,
			    const struct ilnp_l4 *l4)
{
	u8 buf[ILNP_RR_MSG_LEN], reply[ILNP_RR_MSG_LEN];
	struct ilnp_nonce nonce;
	const u8 *msg;

	if (l4->proto != IPPROTO_ICMPV6 || l4->icmp_type != ICMPV6_ECHO_REQUEST)
		return NF_DROP;
	msg = ilnp_rr_msg(skb, l4->off, buf);
	if (!msg || !ilnp_ratelimit(in, ILNP_RL_PROBE))
		return NF_DROP;

	memcpy(reply, msg, sizeof(reply));
	reply[0] = ICMPV6_ECHO_REPLY;
	reply[1] = 0;
	put_unaligned(0, (__sum16 *)&reply[2]);
	spin_lock_bh(&p->lock);
	nonce = p->nonce_local;
	if (p->rr.due && p->rr.tries < ILNP_RR_TRIES) {
		p->rr.due = jiffies;
		ilnp_peer_timer_arm(p);
	}
	spin_unlock_bh(&p->lock);
	if (!ilnp_xmit_icmp(in, local_nid, &ipv6_hdr(skb)->saddr, &nonce,
			    reply, sizeof(reply)))
		ilnp_stat_inc(in, ILNP_STAT_RR_ANSWERED);
	consume_skb(skb);
	return NF_STOLEN;
}
