// SPDX-License-Identifier: GPL-2.0
/*
 * The locator map on the packet path: a site border router's or a
 * hypervisor's rewriting of the nodes behind it (table in map.c).
 *
 * PRE_ROUTING (ingress.c) hands over every packet that is not between
 * one of our own NIDs and a peer, so that a packet to a node's outside
 * locator is routed by its inside one; POST_ROUTING (egress.c) hands over
 * the packets the box sends itself (an ICMPv6 error about a node's packet,
 * say).  A packet to EXT|NID gets INT, a packet from INT|NID gets EXT
 * unless the entry is a pointer (one way: a host the node left forwards
 * what still comes to its old locator); a packet may take both (between
 * two mapped nodes).
 *
 * What else changes with the addresses:
 *   TCP, UDP  the pseudo-header difference of the locator change, unless
 *             the packet carries a nonce or the entry says the node's
 *             sessions are ILNP (NID-only checksums ignore locators); a
 *             neutral pair's difference is zero anyway
 *   ICMPv6    its checksum always covers the addresses; an error's quote
 *             is translated back (the quoted packet crossed the box the
 *             other way), and a Locator Update's locators: the node's own
 *             advertisement says EXT where it said INT, an ACK to it the
 *             reverse, so its correspondents never learn INT
 */
#include <linux/icmpv6.h>
#include <net/ip6_checksum.h>
#include <net/ip6_route.h>
#include <net/ipv6.h>

#include "ilnp.h"
#include "csum.h"
#include "datapath.h"
#include "local.h"
#include "lu.h"
#include "map.h"
#include "netns.h"

/* The largest ICMPv6 message whose contents we rewrite (an error quotes at
 * most 1280 bytes; an LU of 255 locators is 3068). */
#define ILNP_MAP_ICMP_MAX	(ILNP_LU_MAX_LEN)

struct ilnp_map_hit {
	struct ilnp_map_entry *in;	/* the packet goes to this node */
	struct ilnp_map_entry *out;	/* it comes from this node */
};

/* Caller holds rcu_read_lock(). */
static void ilnp_map_match(struct ilnp_net *in, const struct ipv6hdr *ip6h,
			   struct ilnp_map_hit *hit)
{
	u64 dloc = ilnp_addr_l64(&ip6h->daddr), sloc = ilnp_addr_l64(&ip6h->saddr);
	struct ilnp_map_entry *e;

	hit->in = hit->out = NULL;
	if (ilnp_map_has_ext(in, dloc)) {
		e = ilnp_map_lookup(in, ilnp_addr_nid(&ip6h->daddr));
		if (e && e->ext == dloc)
			hit->in = e;
	}
	if (ilnp_map_has_int(in, sloc)) {
		e = ilnp_map_lookup(in, ilnp_addr_nid(&ip6h->saddr));
		if (e && e->int_ == sloc && ilnp_map_two_way(e))
			hit->out = e;
	}
}

/* @a is @from|@nid: make it @to|@nid. */
static bool ilnp_map_addr(struct in6_addr *a, u64 nid, u64 from, u64 to)
{
	if (ilnp_addr_nid(a) != nid || ilnp_addr_l64(a) != from)
		return false;
	ilnp_addr_make(a, to, nid);
	return true;
}

static bool ilnp_icmp_is_error(u8 type)
{
	return type == ICMPV6_DEST_UNREACH || type == ICMPV6_PKT_TOOBIG ||
	       type == ICMPV6_TIME_EXCEED || type == ICMPV6_PARAMPROB;
}

/*
 * An error's quote, as its addressee must see it.  The quoted packet went
 * through the box the other way: one to a node, rewritten to INT, is
 * quoted back to its sender outside with EXT; one from a node, given
 * EXT, is quoted back to the node with INT.  That holds whoever made the
 * error (a router beyond the box, the box itself) and whether or not its
 * own addresses are mapped.  Caller holds rcu_read_lock().
 */
static bool ilnp_map_quote(struct ilnp_net *in, struct ipv6hdr *q)
{
	struct ilnp_map_entry *e;
	bool changed = false;

	if (ilnp_map_has_int(in, ilnp_addr_l64(&q->daddr))) {
		e = ilnp_map_lookup(in, ilnp_addr_nid(&q->daddr));
		if (e && ilnp_map_two_way(e))
			changed |= ilnp_map_addr(&q->daddr, e->nid, e->int_,
						 e->ext);
	}
	if (ilnp_map_has_ext(in, ilnp_addr_l64(&q->saddr))) {
		e = ilnp_map_lookup(in, ilnp_addr_nid(&q->saddr));
		if (e && ilnp_map_two_way(e))
			changed |= ilnp_map_addr(&q->saddr, e->nid, e->ext,
						 e->int_);
	}
	return changed;
}

/* The same for the entries the packet itself matched (which may not be in
 * the table: a hosted NID's, see ilnp_hosted_plain()). */
static bool ilnp_map_quote_hit(const struct ilnp_map_hit *hit,
			       struct ipv6hdr *q)
{
	bool changed = false;

	if (hit->in && ilnp_map_two_way(hit->in))
		changed |= ilnp_map_addr(&q->saddr, hit->in->nid, hit->in->ext,
					 hit->in->int_);
	if (hit->out)
		changed |= ilnp_map_addr(&q->daddr, hit->out->nid,
					 hit->out->int_, hit->out->ext);
	return changed;
}

/* An LU's locators: the node's advertisement says EXT where it said INT;
 * an ACK to it repeats what it sent, EXT back to INT. */
static bool ilnp_map_lu_body(const struct ilnp_map_hit *hit, u8 *msg,
			     unsigned int len)
{
	const struct ilnp_map_entry *e;
	bool changed = false;
	unsigned int i, n;
	u64 from, to;

	if (len < ILNP_LU_HDR_LEN)
		return false;
	if (msg[ILNP_LU_OFF_OP] == ILNP_LU_OP_UPDATE && hit->out) {
		e = hit->out;
		from = e->int_;
		to = e->ext;
	} else if (msg[ILNP_LU_OFF_OP] == ILNP_LU_OP_ACK && hit->in &&
		   ilnp_map_two_way(hit->in)) {
		/* (Through a pointer, an ACK naming EXT is of an LU sent
		 * before the move: made to name INT, it would pass for an
		 * ACK of the current set.) */
		e = hit->in;
		from = e->ext;
		to = e->int_;
	} else {
		return false;
	}
	n = msg[ILNP_LU_OFF_NLOCS];
	for (i = 0; i < n && ILNP_LU_HDR_LEN + (i + 1) * ILNP_LU_ENTRY_LEN <= len;
	     i++) {
		u8 *l = msg + ILNP_LU_HDR_LEN + i * ILNP_LU_ENTRY_LEN;

		if (get_unaligned_be64(l) == from) {
			put_unaligned_be64(to, l);
			changed = true;
		}
	}
	return changed;
}

static void ilnp_map_counted(struct ilnp_net *in, const struct ilnp_map_hit *hit)
{
	if (hit->in && hit->in->cnt)
		atomic64_inc(&hit->in->cnt->in);
	if (hit->out && hit->out->cnt)
		atomic64_inc(&hit->out->cnt->out);
	ilnp_stat_inc(in, ILNP_STAT_MAP_REWRITTEN);
}

/*
 * An ICMPv6 error or LU: rewrite the addresses and the body, then compute
 * the checksum afresh (such messages are rare and small).  Returns 1 when
 * something changed, 0 when nothing did, or a negative errno.
 */
static int ilnp_map_icmp(struct ilnp_net *in, struct sk_buff *skb,
			 const struct ilnp_l4 *l4, const struct ilnp_map_hit *hit)
{
	unsigned int off = skb_network_offset(skb) + l4->off;
	unsigned int len = skb->len - off;
	struct ipv6hdr *ip6h;
	bool changed = false;
	u8 *msg;

	if (len < sizeof(struct icmp6hdr) || len > ILNP_MAP_ICMP_MAX ||
	    skb_ensure_writable(skb, off + len))
		return hit->in || hit->out ? -EINVAL : 0;
	ip6h = ipv6_hdr(skb);
	msg = skb->data + off;
	if (ilnp_icmp_is_error(msg[0])) {
		struct ipv6hdr *q = (struct ipv6hdr *)
				    (msg + sizeof(struct icmp6hdr));

		if (len >= sizeof(struct icmp6hdr) + sizeof(*q) &&
		    (ilnp_map_quote_hit(hit, q) | ilnp_map_quote(in, q))) {
			ilnp_stat_inc(in, ILNP_STAT_MAP_ICMP_XLATED);
			changed = true;
		}
	} else {
		changed = ilnp_map_lu_body(hit, msg, len);
	}
	if (hit->in)
		ilnp_addr_make(&ip6h->daddr, hit->in->int_, hit->in->nid);
	if (hit->out)
		ilnp_addr_make(&ip6h->saddr, hit->out->ext, hit->out->nid);
	if (!changed && !hit->in && !hit->out)
		return 0;
	put_unaligned(0, (__sum16 *)&msg[2]);
	put_unaligned(csum_ipv6_magic(&ip6h->saddr, &ip6h->daddr, len,
				      IPPROTO_ICMPV6, csum_partial(msg, len, 0)),
		      (__sum16 *)&msg[2]);
	/* The sum over the packet the device gave is no longer that. */
	if (skb->ip_summed == CHECKSUM_COMPLETE)
		skb->ip_summed = CHECKSUM_NONE;
	return 1;
}

/* Everything else: the addresses, and the transport checksum by the
 * pseudo-header difference when the session's rule covers locators. */
static int ilnp_map_plain(struct sk_buff *skb, const struct ilnp_l4 *l4,
			  const struct ilnp_map_hit *hit, bool has_nonce)
{
	const struct ilnp_map_entry *es[2] = { hit->in, hit->out };
	struct ipv6hdr *ip6h;
	unsigned int i;

	if (skb_ensure_writable(skb, ilnp_l4_writable_len(skb, l4)))
		return -ENOMEM;
	ip6h = ipv6_hdr(skb);
	for (i = 0; i < 2; i++) {
		const struct ilnp_map_entry *e = es[i];
		struct in6_addr *a = i ? &ip6h->saddr : &ip6h->daddr;
		__wsum diff = i ? ilnp_csum_negate(e ? e->diff_in : 0) :
				  (e ? e->diff_in : 0);

		if (!e)
			continue;
		ilnp_rcsum_region(skb, a, sizeof(*a), false);
		ilnp_addr_make(a, i ? e->ext : e->int_, e->nid);
		ilnp_rcsum_region(skb, a, sizeof(*a), true);
		if (l4->proto == IPPROTO_ICMPV6 ||
		    ((l4->proto == IPPROTO_TCP || l4->proto == IPPROTO_UDP) &&
		     !has_nonce && !(e->flags & ILNP_MAP_F_ILNP)))
			ilnp_l4_csum_diff(skb, l4, diff);
	}
	return 0;
}

static int ilnp_map_reroute(struct net *net, struct sk_buff *skb)
{
	const struct ipv6hdr *ip6h = ipv6_hdr(skb);
	struct flowi6 fl6 = {
		.flowi6_mark = skb->mark,
		.flowlabel = ip6_flowinfo(ip6h),
		.daddr = ip6h->daddr,
		.saddr = ip6h->saddr,
	};

	return ilnp_skb_set_route(skb, ip6_route_output(net, NULL, &fl6));
}

/* Rewrite the packet for @hit (and, for an ICMPv6 error, its quote);
 * caller holds rcu_read_lock(). */
static unsigned int ilnp_map_apply(struct ilnp_net *in, struct sk_buff *skb,
				   const struct ilnp_map_hit *hit,
				   const struct nf_hook_state *state)
{
	unsigned int hlen, optoff;
	struct ilnp_nonce nonce;
	struct ipv6hdr *ip6h = ipv6_hdr(skb);
	struct ilnp_l4 l4;
	bool has_nonce;
	int err;

	/* An ICMPv6 error may concern a node whatever its own addresses. */
	if (!hit->in && !hit->out && ip6h->nexthdr != IPPROTO_ICMPV6 &&
	    ip6h->nexthdr != NEXTHDR_DEST)
		return NF_ACCEPT;
	if (ilnp_l4_parse(skb, &l4))
		return NF_ACCEPT;	/* a broken chain: not ours to fix */

	if (l4.proto == IPPROTO_ICMPV6 && l4.off &&
	    (ilnp_icmp_is_error(l4.icmp_type) ||
	     l4.icmp_type == ILNP_ICMPV6_LU)) {
		err = ilnp_map_icmp(in, skb, &l4, hit);
		if (err <= 0)
			return err ? NF_DROP : NF_ACCEPT;
	} else {
		if (!hit->in && !hit->out)
			return NF_ACCEPT;
		has_nonce = ip6h->nexthdr == NEXTHDR_DEST &&
			    !ilnp_skb_nonce(skb, &nonce, &hlen, &optoff);
		if (ilnp_map_plain(skb, &l4, hit, has_nonce))
			return NF_DROP;
	}
	if (hit->in || hit->out)
		ilnp_map_counted(in, hit);

	/* Before routing, routing takes the new destination; after, route
	 * again. */
	if (hit->in && state && state->hook == NF_INET_POST_ROUTING &&
	    ilnp_map_reroute(state->net, skb)) {
		ilnp_stat_inc(in, ILNP_STAT_DROP_NO_LOCATOR);
		return NF_DROP;
	}
	return NF_ACCEPT;
}

/**
 * ilnp_map_packet() - apply the map to a packet
 * @in:    the namespace
 * @skb:   the packet
 * @state: the hook's state (PRE_ROUTING, or POST_ROUTING for a packet the
 *         box sent itself)
 *
 * Caller holds rcu_read_lock().
 *
 * Return: the netfilter verdict.
 */
unsigned int ilnp_map_packet(struct ilnp_net *in, struct sk_buff *skb,
			     const struct nf_hook_state *state)
{
	struct ilnp_map_hit hit;
	struct ipv6hdr *ip6h;

	if (!rcu_access_pointer(in->map.ext))
		return NF_ACCEPT;		/* no map: nothing to pay */
	ip6h = ipv6_hdr(skb);
	if (!ilnp_addr_ok(&ip6h->saddr) || !ilnp_addr_ok(&ip6h->daddr))
		return NF_ACCEPT;
	ilnp_map_match(in, ip6h, &hit);
	return ilnp_map_apply(in, skb, &hit, state);
}

/**
 * ilnp_hosted_plain() - a hosted guest's packet that is not ILNP
 * @in:       the namespace
 * @skb:      the packet (PRE_ROUTING to the guest, POST_ROUTING from it)
 * @n:        the guest's NID
 * @to_guest: the packet goes to the guest
 *
 * The guest keeps the address it was born with, born|NID; the world
 * reaches it at our current locator.  Towards a plain IPv6 correspondent
 * (or any packet the ILNP path left alone) we are its site's map: the
 * same rewrite as a map entry { ext: the current locator, int: born },
 * checksums, quotes and all.  Caller holds rcu_read_lock().
 *
 * Return: the netfilter verdict.
 */
unsigned int ilnp_hosted_plain(struct ilnp_net *in, struct sk_buff *skb,
			       const struct ilnp_nid *n, bool to_guest)
{
	const struct ilnp_loc *cur = ilnp_locset_best(ilnp_nid_locs(in, n));
	struct ilnp_map_entry e = { .nid = n->nid, .int_ = n->born };
	struct ipv6hdr *ip6h = ipv6_hdr(skb);
	struct ilnp_map_hit hit = {};

	/* To the guest: whatever locator brought the packet here. */
	e.ext = to_guest ? ilnp_addr_l64(&ip6h->daddr) : cur ? cur->loc : 0;
	if (!e.ext || e.ext == e.int_ ||
	    (!to_guest && ilnp_addr_l64(&ip6h->saddr) != n->born))
		return NF_ACCEPT;
	e.diff_in = ilnp_csum_loc_diff(cpu_to_be64(e.ext), cpu_to_be64(e.int_));
	if (to_guest)
		hit.in = &e;
	else
		hit.out = &e;
	return ilnp_map_apply(in, skb, &hit, NULL);
}
