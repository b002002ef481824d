// SPDX-License-Identifier: GPL-2.0
/*
 * Ingress: a packet for one of our NIDs gets the addresses of its session.
 *
 * Before the IPv6 stack parses extension headers we validate and remove
 * the nonce option (RFC 6744), hand Locator Updates to update.c, and drop
 * Parameter Problems about our nonce after marking the peer plain IPv6.
 * An ILNP packet (one with a valid nonce, or from a peer whose nonce we
 * know) is then routed on its wire addresses (they are the current, locally
 * configured ones), given back the locators its socket knows (flow.c) and
 * its transport checksum moved from the ILNP rule to the ordinary one.
 */
#include <linux/icmpv6.h>
#include <net/ip6_route.h>
#include <net/ipv6.h>
#include <net/xfrm.h>

#include "ilnp.h"
#include "csum.h"
#include "datapath.h"
#include "genl.h"
#include "ilcc.h"
#include "local.h"
#include "netns.h"
#include "nonce.h"
#include "update.h"

/* ILNP acts on bits 7-6 of an option type: 00 = skip if unknown. */
#define ILNP_OPT_TYPE_SKIP(t)	((t) & 0x3f)

/*
 * Find our nonce in the Destination Options header after the IPv6 header
 * and take it out: the whole header when it is the one we build (nonce
 * alone), else just turn the option into one the stack skips.
 *
 * Return: 0 with @nonce filled, -ENOENT without a nonce, -EBADMSG for a
 * header we leave to the IPv6 stack to reject, -ENOMEM.
 */
static int ilnp_strip_nonce(struct sk_buff *skb, struct ilnp_nonce *nonce)
{
	unsigned int nh = skb_network_offset(skb), hlen, optoff;
	unsigned int ip6len = sizeof(struct ipv6hdr);
	struct ipv6hdr *ip6h;
	u8 *hdr, *start;
	u8 nexthdr;
	int err;

	if (!pskb_may_pull(skb, nh + ip6len + 2))
		return -EBADMSG;
	hlen = (skb_network_header(skb)[ip6len + 1] + 1) * 8;
	if (!pskb_may_pull(skb, nh + ip6len + hlen))
		return -EBADMSG;
	err = ilnp_nonce_opt_find(skb_network_header(skb) + ip6len, hlen,
				  nonce, &optoff);
	if (err)
		return err;
	if (skb_ensure_writable(skb, nh + ip6len + hlen))
		return -ENOMEM;
	ip6h = ipv6_hdr(skb);
	hdr = (u8 *)(ip6h + 1);

	if (hlen != ilnp_nonce_hdr_len(nonce) || optoff != 2) {
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

/* The peer's nonce, checked or learned; false for a forgery. */
static bool ilnp_nonce_check(struct ilnp_net *in, struct ilnp_peer *p,
			     const struct ilnp_nonce *nonce)
{
	bool ok = true;

	spin_lock_bh(&p->lock);
	if (!p->nonce_remote.len) {
		p->nonce_remote = *nonce;
		/* Taken for plain IPv6 only because it spoke first without. */
		if (p->state == ILNP_PEER_PLAIN) {
			WRITE_ONCE(p->state, ILNP_PEER_NEW);
			p->flags &= ~ILNP_PEER_F_PLAIN_IPV6;
		}
	} else
		ok = ilnp_nonce_equal(nonce, &p->nonce_remote);
	spin_unlock_bh(&p->lock);
	return ok;
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

unsigned int ilnp_ingress(void *priv, struct sk_buff *skb,
			  const struct nf_hook_state *state)
{
	struct ilnp_net *in = priv;
	struct ilnp_flow_key key = {};
	struct ilnp_peer *p = NULL;
	struct ilnp_nonce nonce;
	bool has_nonce = false;
	__be64 lview, pview, wire_s, wire_d;
	struct ipv6hdr *ip6h;
	struct ilnp_flow *fl;
	struct ilnp_l4 l4;
	u64 snid, dnid;
	int err;

	/* Decrypted by XFRM: its outer header was handled on the way in. */
	if (secpath_exists(skb))
		return NF_ACCEPT;
	ip6h = ipv6_hdr(skb);
	if (!ilnp_pkt_nids(in, ip6h, false, &dnid, &snid))
		return NF_ACCEPT;

	if (ip6h->nexthdr == NEXTHDR_DEST) {
		err = ilnp_strip_nonce(skb, &nonce);
		if (err == -ENOMEM)
			return NF_DROP;
		has_nonce = !err;
		if (has_nonce)
			ilnp_stat_inc(in, ILNP_STAT_NONCE_STRIPPED);
	}
	if (ilnp_l4_parse(skb, &l4) || ilnp_l4_is_link_ctl(&l4))
		return NF_ACCEPT;
	if (l4.proto == IPPROTO_ICMPV6 && l4.off) {
		if (l4.icmp_type == ILNP_ICMPV6_LU)
			return ilnp_lu_rcv(in, skb, has_nonce ? &nonce : NULL,
					   l4.off);
		if (l4.icmp_type == ICMPV6_PARAMPROB &&
		    l4.icmp_code == ICMPV6_UNK_OPTION &&
		    ilnp_paramprob_rcv(in, skb, l4.off))
			return NF_DROP;
	}

	ip6h = ipv6_hdr(skb);
	if (has_nonce) {
		p = ilnp_peer_learn(in, snid, dnid, ilnp_addr_loc(&ip6h->saddr),
				    &nonce, false);
		if (p && !ilnp_nonce_check(in, p, &nonce)) {
			struct ilnp_peer_event e = { .addr = &ip6h->saddr };

			ilnp_stat_inc(in, ILNP_STAT_DROP_NONCE_MISMATCH);
			ilnp_genl_notify_peer(in, ILNP_EVT_NONCE_MISMATCH,
					      snid, &e);
			return NF_DROP;
		}
	} else {
		/*
		 * Not shown to be ILNP (yet): plain IPv6.  A stranger's first
		 * packet without a nonce makes it a plain IPv6 peer, so that
		 * our answers do not probe it with one (RFC 6744 sec. 6).
		 */
		p = ilnp_peer_learn(in, snid, dnid, ilnp_addr_loc(&ip6h->saddr),
				    NULL, true);
		if (p)
			WRITE_ONCE(p->used, jiffies);
		if (!p || !READ_ONCE(p->nonce_remote.len) ||
		    READ_ONCE(p->state) == ILNP_PEER_PLAIN)
			return NF_ACCEPT;
	}
	if (p) {
		ilnp_peer_confirm(p);
		WRITE_ONCE(p->used, jiffies);
		atomic64_inc(&p->cnt.rx_packets);
	}

	key.local_nid = dnid;
	key.peer_nid = snid;
	key.proto = l4.proto;
	key.lport = l4.dport;
	key.pport = l4.sport;
	fl = ilnp_flow_lookup(&in->flows, &key);
	if (!fl)
		fl = ilnp_flow_learn(&in->flows, &key,
				     ilnp_addr_loc(&ip6h->daddr),
				     ilnp_addr_loc(&ip6h->saddr));
	lview = fl ? READ_ONCE(fl->local_view) : ilnp_addr_loc(&ip6h->daddr);
	pview = fl ? READ_ONCE(fl->peer_view) : ilnp_addr_loc(&ip6h->saddr);
	if (fl)
		WRITE_ONCE(fl->used, jiffies);

	if (skb_ensure_writable(skb, ilnp_l4_writable_len(skb, &l4)))
		return NF_DROP;
	ip6h = ipv6_hdr(skb);
	wire_s = ilnp_addr_loc(&ip6h->saddr);
	wire_d = ilnp_addr_loc(&ip6h->daddr);
	if (lview != wire_d || pview != wire_s) {
		/* Route on the address that is configured here now. */
		if (!skb_dst(skb) && ilnp_route_wire(state->net, skb)) {
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
}
