// SPDX-License-Identifier: GPL-2.0
/*
 * Ingress: a packet for one of our NIDs gets the addresses of its session.
 *
 * Before the IPv6 stack parses extension headers we find the nonce option
 * (RFC 6744), hand Locator Updates to update.c, answers to our probes to
 * verify.c, and Parameter Problems about our nonce to update.c.  Then the
 * packet is matched to its correspondent: by its nonce, else by its source
 * locator (ilcc.h).  A packet of an ILNP session loses its nonce option,
 * is routed on its wire addresses (the current, locally configured ones),
 * gets back the locators its socket knows (flow.c) and has its transport
 * checksum moved from the ILNP rule to the ordinary one.  Everything else
 * is left exactly as it came: a nonce that belongs to no ILNP session we
 * accept stays in, and the IPv6 stack answers it with the Parameter
 * Problem that a host without ILNP would send.
 */
#include <linux/icmpv6.h>
#include <net/ip6_route.h>
#include <net/ipv6.h>
#include <net/xfrm.h>

#include "ilnp.h"
#include "csum.h"
#include "datapath.h"
#include "ilcc.h"
#include "local.h"
#include "netns.h"
#include "nonce.h"
#include "prefix.h"
#include "timers.h"
#include "update.h"
#include "verify.h"

/* ILNP acts on bits 7-6 of an option type: 00 = skip if unknown. */
#define ILNP_OPT_TYPE_SKIP(t)	((t) & 0x3f)

/*
 * Take our nonce out of the Destination Options header after the IPv6
 * header (ilnp_skb_nonce() found it there): the whole header when it is
 * the one we build (the nonce alone), else just turn the option into one
 * the stack skips.
 */
static int ilnp_strip_nonce(struct sk_buff *skb, const struct ilnp_nonce *n,
			    unsigned int hlen, unsigned int optoff)
{
	unsigned int nh = skb_network_offset(skb);
	unsigned int ip6len = sizeof(struct ipv6hdr);
	struct ipv6hdr *ip6h;
	u8 *hdr, *start;
	u8 nexthdr;

	if (skb_ensure_writable(skb, nh + ip6len + hlen))
		return -ENOMEM;
	ip6h = ipv6_hdr(skb);
	hdr = (u8 *)(ip6h + 1);

	if (hlen != ilnp_nonce_hdr_len(n) || optoff != 2) {
		ilnp_rcsum_region(skb, hdr, hlen, false);
		hdr[optoff] = ILNP_OPT_TYPE_SKIP(hdr[optoff]);
		ilnp_rcsum_region(skb, hdr, hlen, true);
		return 0;
	}

	/* Slide the link-layer and IPv6 headers over the option header. */
	ilnp_rcsum_region(skb, ip6h, ip6len + hlen, false);
	nexthdr = hdr[0];
	start = skb_mac_header_was_set(skb) &&
		skb_mac_header(skb) < skb_network_header(skb) ?
		skb_mac_header(skb) : skb_network_header(skb);
	memmove(start + hlen, start, skb_network_header(skb) + ip6len - start);
	if (skb_mac_header_was_set(skb))
		skb->mac_header += hlen;
	skb->network_header += hlen;
	__skb_pull(skb, hlen);
	skb_set_transport_header(skb, skb_network_offset(skb) + ip6len);
	ip6h = ipv6_hdr(skb);
	ip6h->nexthdr = nexthdr;
	be16_add_cpu(&ip6h->payload_len, -(int)hlen);
	ilnp_rcsum_region(skb, ip6h, ip6len, true);
	return 0;
}

static int ilnp_route_wire(struct net *net, struct sk_buff *skb)
{
	const struct ipv6hdr *ip6h = ipv6_hdr(skb);
	struct flowi6 fl6 = {
		.flowi6_iif = skb->dev->ifindex,
		.flowi6_mark = skb->mark,
		.flowlabel = ip6_flowinfo(ip6h),
		.daddr = ip6h->daddr,
		.saddr = ip6h->saddr,
	};

	return ilnp_skb_set_route(skb, ip6_route_input_lookup(net, skb->dev,
						&fl6, skb,
						RT6_LOOKUP_F_HAS_SADDR));
}

/*
 * A packet from the peer after our nonce went out and its nonce came in:
 * it knows ours, stop sending it.  The first such packet times the
 * handshake, our first RTT sample for the peer.
 */
static void ilnp_peer_confirm(struct ilnp_peer *p)
{
	if (READ_ONCE(p->state) != ILNP_PEER_NEW)
		return;
	spin_lock_bh(&p->lock);
	if (p->state == ILNP_PEER_NEW && p->nonce_sent &&
	    p->nonce_remote.len) {
		WRITE_ONCE(p->state, ILNP_PEER_CONFIRMED);
		ilnp_peer_rtt_sample(p, ktime_us_delta(ktime_get(),
						       p->probe_sent));
	}
	spin_unlock_bh(&p->lock);
}

enum ilnp_rx_verdict {
	ILNP_RX_ILNP,		/* a packet of an ILNP session with @p */
	ILNP_RX_PASS,		/* leave it as it came */
	ILNP_RX_DROP,
	ILNP_RX_ASKING,		/* from a plain @p we are asking: ilnp_rr_answer() */
};

/*
 * Which correspondent sent a packet with a nonce.  Its own nonce says so;
 * an entry that owns the source locator and does not know the peer's
 * nonce yet learns it (tentatively: the return-routability check proves
 * it); a wrong nonce is a forgery or a peer that restarted (the check
 * tells them apart); a stranger opening ILNP to us gets a new, unproven
 * entry.  *@learnt: this packet taught us the nonce (so it cannot show
 * that the peer knows ours).
 */
static enum ilnp_rx_verdict ilnp_rx_nonce(struct ilnp_net *in,
					  struct sk_buff *skb, u64 lnid,
					  u64 pnid, u64 sloc,
					  const struct ilnp_nonce *nonce,
					  struct ilnp_peer **pp, bool *learnt)
{
	bool matched = true;
	struct ilnp_peer *p;

	p = ilnp_peer_find_nonce(&in->ilcc, lnid, pnid, nonce);
	if (p)
		goto found;
	p = ilnp_peer_find(&in->ilcc, lnid, pnid, sloc);
	if (!p) {
		p = ilnp_peer_learn(in, lnid, pnid, sloc, ILNP_PEER_NEW,
				    ILNP_ORIGIN_REMOTE);
		/* Limits: drop rather than answer "not ILNP", which would
		 * turn a genuine newcomer plain for good. */
		if (!p)
			return ILNP_RX_DROP;
	}
	spin_lock_bh(&p->lock);
	if (p->state != ILNP_PEER_PLAIN && !p->nonce_remote.len) {
		p->nonce_remote = *nonce;
		*learnt = true;
	} else {
		matched = ilnp_nonce_equal(nonce, &p->nonce_remote);
	}
	spin_unlock_bh(&p->lock);
	/* A nonce no probe will prove (the probe budget is spent) is not
	 * kept: it would hold a plain host in ILNP that no silence ends. */
	if (*learnt && !ilnp_rr_start(in, p, true)) {
		spin_lock_bh(&p->lock);
		if (!p->rr.due && !(p->flags & ILNP_PEER_F_VERIFIED) &&
		    ilnp_nonce_equal(nonce, &p->nonce_remote))
			memset(&p->nonce_remote, 0, sizeof(p->nonce_remote));
		spin_unlock_bh(&p->lock);
		return ILNP_RX_DROP;
	}
found:
	/* A peer we take for plain IPv6 is answered as a plain host, unless
	 * we are asking it whether it speaks ILNP after all. */
	if (READ_ONCE(p->state) == ILNP_PEER_PLAIN) {
		*pp = p;
		return READ_ONCE(p->rr.due) ? ILNP_RX_ASKING : ILNP_RX_PASS;
	}
	if (!matched) {
		ilnp_nonce_mismatch(in, lnid, pnid, sloc, &ipv6_hdr(skb)->saddr);
		return ILNP_RX_DROP;
	}
	*pp = p;
	return ILNP_RX_ILNP;
}

/*
 * Which correspondent sent a packet without a nonce: the entry that owns
 * its source locator, if it speaks ILNP.  A stranger inside one of our
 * PREFIXes gets a plain entry, so that our answers do not try ILNP on a
 * session it opened as plain IPv6 (RFC 6744 sec. 6), and one probe: it
 * may be a correspondent that restarted without us.
 */
static enum ilnp_rx_verdict ilnp_rx_plain(struct ilnp_net *in,
					  const struct ipv6hdr *ip6h, u64 lnid,
					  u64 pnid, u64 sloc,
					  struct ilnp_peer **pp)
{
	struct ilnp_peer *p;

	p = ilnp_peer_find(&in->ilcc, lnid, pnid, sloc);
	if (!p) {
		if (!ilnp_prefix_match(in, &ip6h->saddr))
			return ILNP_RX_PASS;
		p = ilnp_peer_learn(in, lnid, pnid, sloc, ILNP_PEER_PLAIN,
				    ILNP_ORIGIN_REMOTE);
		if (p)
			ilnp_rr_ask_stranger(in, p);
		return ILNP_RX_PASS;
	}
	WRITE_ONCE(p->used, jiffies);
	if (READ_ONCE(p->state) == ILNP_PEER_PLAIN ||
	    !READ_ONCE(p->nonce_remote.len))
		return ILNP_RX_PASS;
	*pp = p;
	return ILNP_RX_ILNP;
}

unsigned int ilnp_ingress(void *priv, struct sk_buff *skb,
			  const struct nf_hook_state *state)
{
	struct ilnp_net *in = priv;
	unsigned int hlen = 0, optoff = 0;
	enum ilnp_rx_verdict v;
	struct ilnp_flow_key key = {};
	struct ilnp_peer *p = NULL;
	struct ilnp_nonce nonce;
	bool has_nonce = false, learnt = false;
	__be64 lview, pview, wire_s, wire_d;
	struct ipv6hdr *ip6h;
	struct ilnp_flow *fl;
	struct ilnp_nid *n;
	struct ilnp_l4 l4;
	u64 lnid, pnid, sloc;
	int err;

	/* Decrypted by XFRM: its outer header was handled on the way in. */
	if (secpath_exists(skb))
		return NF_ACCEPT;
	ip6h = ipv6_hdr(skb);
	/* Not between one of our NIDs and a peer: a node behind us? */
	n = ilnp_pkt_nids(in, ip6h, false, &lnid, &pnid);
	if (!n)
		return ilnp_map_packet(in, skb, state);
	/* A guest's NID handed over (or not yet live): nothing for it is
	 * answered or passed on, so nothing changes its state here. */
	if (ilnp_nid_inactive(n))
		return NF_DROP;

	if (ip6h->nexthdr == NEXTHDR_DEST) {
		err = ilnp_skb_nonce(skb, &nonce, &hlen, &optoff);
		if (err == -EBADMSG)
			return NF_ACCEPT;	/* the stack rejects it */
		has_nonce = !err;
	}
	if (ilnp_l4_parse(skb, &l4) || ilnp_l4_is_link_ctl(&l4))
		return NF_ACCEPT;
	ip6h = ipv6_hdr(skb);
	sloc = ilnp_addr_l64(&ip6h->saddr);

	if (l4.proto == IPPROTO_ICMPV6 && l4.off) {
		switch (l4.icmp_type) {
		case ILNP_ICMPV6_LU:
			return ilnp_lu_rcv(in, skb, lnid, pnid, sloc,
					   has_nonce ? &nonce : NULL, l4.off);
		case ICMPV6_ECHO_REPLY:
			if (ilnp_rr_rcv(in, skb, lnid, pnid, sloc,
					has_nonce ? &nonce : NULL, l4.off))
				return NF_STOLEN;
			break;
		case ICMPV6_PARAMPROB:
			if (l4.icmp_code == ICMPV6_UNK_OPTION &&
			    ilnp_paramprob_rcv(in, skb, l4.off))
				return NF_DROP;
			break;
		}
	}

	v = has_nonce ? ilnp_rx_nonce(in, skb, lnid, pnid, sloc, &nonce, &p,
				      &learnt) :
			ilnp_rx_plain(in, ip6h, lnid, pnid, sloc, &p);
	if (v == ILNP_RX_PASS)
		goto plain;
	if (v == ILNP_RX_DROP)
		return NF_DROP;
	if (v == ILNP_RX_ASKING)
		return ilnp_rr_answer(in, skb, lnid, p, &l4);

	if (has_nonce) {
		if (ilnp_strip_nonce(skb, &nonce, hlen, optoff))
			return NF_DROP;
		ilnp_stat_inc(in, ILNP_STAT_NONCE_STRIPPED);
		l4.off -= hlen == ilnp_nonce_hdr_len(&nonce) && optoff == 2 ?
			  hlen : 0;
		ip6h = ipv6_hdr(skb);
	}
	/* The packet that taught us its nonce was sent before ours got
	 * there: it confirms nothing, and would time a round trip of 0. */
	if (!learnt)
		ilnp_peer_confirm(p);
	WRITE_ONCE(p->used, jiffies);
	atomic64_inc(&p->cnt.rx_packets);

	key.peer_id = p->id;
	key.proto = l4.proto;
	key.lport = l4.dport;
	key.pport = l4.sport;
	wire_s = ilnp_addr_loc(&ip6h->saddr);
	wire_d = ilnp_addr_loc(&ip6h->daddr);
	fl = ilnp_flow_lookup(&in->flows, &key);
	if (!fl) {
		/*
		 * A session the peer opens without the nonce is plain IPv6
		 * (our own ILNP SYNs always carry it).  A peer that still
		 * does that may have restarted without us: ask it.
		 */
		bool plain = !has_nonce && ilnp_l4_is_syn(&l4);

		/* A guest we host knows only the address it was born with. */
		fl = ilnp_flow_add(in, p, &key, ilnp_nid_hosted(n) ?
				   cpu_to_be64(n->born) : wire_d, wire_s, plain);
		if (!has_nonce)
			ilnp_rr_start(in, p, true);
		if (plain)
			goto plain;
	} else if (READ_ONCE(fl->plain)) {
		goto plain;
	}
	lview = fl ? READ_ONCE(fl->local_view) :
		ilnp_nid_hosted(n) ? cpu_to_be64(n->born) : wire_d;
	pview = fl ? READ_ONCE(fl->peer_view) : wire_s;
	if (fl && READ_ONCE(fl->used) != jiffies)
		WRITE_ONCE(fl->used, jiffies);

	if (skb_ensure_writable(skb, ilnp_l4_writable_len(skb, &l4)))
		return NF_DROP;
	ip6h = ipv6_hdr(skb);
	if (lview != wire_d || pview != wire_s) {
		/* Route on the address that is configured here now (a
		 * guest's packet is routed on its view, after the hook). */
		if (!ilnp_nid_hosted(n) && !skb_dst(skb) &&
		    ilnp_route_wire(state->net, skb)) {
			ilnp_stat_inc(in, ILNP_STAT_DROP_NO_LOCATOR);
			return NF_DROP;
		}
		ip6h = ipv6_hdr(skb);
		ilnp_rcsum_region(skb, &ip6h->saddr, 2 * sizeof(ip6h->saddr),
				  false);
		ilnp_csum_set_loc(&ip6h->saddr, pview);
		ilnp_csum_set_loc(&ip6h->daddr, lview);
		ilnp_rcsum_region(skb, &ip6h->saddr, 2 * sizeof(ip6h->saddr),
				  true);
		ilnp_stat_inc(in, ILNP_STAT_RX_REWRITTEN);
	}
	/* Back from the wire's rule to the ordinary one over the view. */
	ilnp_l4_csum_diff(skb, &l4,
			  ilnp_csum_negate(ilnp_l4_wire_diff(&l4, &ip6h->saddr,
							     &ip6h->daddr,
							     wire_s, wire_d)));
	return NF_ACCEPT;

plain:
	/* A guest we host still needs its born locator back. */
	return ilnp_nid_hosted(n) ? ilnp_hosted_plain(in, skb, n, true) :
				    NF_ACCEPT;
}
