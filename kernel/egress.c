// SPDX-License-Identifier: GPL-2.0
/*
 * Egress: a packet from one of our NIDs leaves with the current locators.
 *
 * The socket wrote the addresses its session started with (its view); we
 * record that view (flow.c) so that replies can be given it back, put our
 * preferred locator and the peer's preferred locator in the header, move
 * the transport checksum to the ILNP rule, and, while the peer has not
 * confirmed our nonce, add the nonce option.  When the destination locator
 * changed, the route the socket chose may be wrong: route again.
 */
#include <net/ip6_route.h>
#include <net/ipv6.h>
#include <net/tcp.h>

#include "ilnp.h"
#include "csum.h"
#include "datapath.h"
#include "genl.h"
#include "ilcc.h"
#include "local.h"
#include "netns.h"
#include "nonce.h"

/* A probed peer that stays silent this long is plain IPv6. */
#define ILNP_PROBE_TIMEOUT_MS	2000

/* Insert a Destination Options header with @n right after the IPv6 header. */
static int ilnp_push_nonce(struct sk_buff *skb, const struct ilnp_nonce *n)
{
	unsigned int hlen = ilnp_nonce_hdr_len(n);
	unsigned int nh = skb_network_offset(skb);
	struct ipv6hdr *ip6h;

	if (skb_cow_head(skb, hlen))
		return -ENOMEM;
	skb_push(skb, hlen);
	memmove(skb->data, skb->data + hlen, nh + sizeof(*ip6h));
	skb->network_header -= hlen;
	ip6h = ipv6_hdr(skb);
	ilnp_nonce_hdr_build((u8 *)(ip6h + 1), hlen, ip6h->nexthdr, n);
	ip6h->nexthdr = NEXTHDR_DEST;
	be16_add_cpu(&ip6h->payload_len, hlen);
	return 0;
}

static int ilnp_reroute(struct net *net, struct sk_buff *skb, int oif)
{
	const struct ipv6hdr *ip6h = ipv6_hdr(skb);
	struct flowi6 fl6 = {
		.flowi6_oif = oif,
		.flowi6_mark = skb->mark,
		.flowlabel = ip6_flowinfo(ip6h),
		.daddr = ip6h->daddr,
		.saddr = ip6h->saddr,
	};

	return ilnp_skb_set_route(skb, ip6_route_output(net, NULL, &fl6));
}

unsigned int ilnp_egress(void *priv, struct sk_buff *skb,
			 const struct nf_hook_state *state)
{
	struct ilnp_net *in = priv;
	const struct ilnp_loc *mine, *theirs;
	struct ilnp_flow_key key = {};
	struct ilnp_nonce nonce;
	struct ilnp_peer *p;
	struct ipv6hdr *ip6h;
	struct ilnp_l4 l4;
	__be64 sloc, dloc;
	bool add_nonce, ilnp;
	u64 snid, dnid;

	/* XFRM transforms it first; the result comes back through here. */
	if (skb_dst(skb) && skb_dst(skb)->xfrm)
		return NF_ACCEPT;
	ip6h = ipv6_hdr(skb);
	if (!ilnp_pkt_nids(in, ip6h, true, &snid, &dnid))
		return NF_ACCEPT;
	if (ilnp_l4_parse(skb, &l4))
		return NF_ACCEPT;
	/* Our own Locator Updates are built with the current locators. */
	if ((l4.proto == IPPROTO_ICMPV6 && l4.icmp_type == ILNP_ICMPV6_LU) ||
	    ilnp_l4_is_link_ctl(&l4))
		return NF_ACCEPT;

	p = ilnp_peer_learn(in, dnid, snid, ilnp_addr_loc(&ip6h->daddr), NULL,
			    false);
	if (!p)
		return NF_ACCEPT;
	/* The common case, a confirmed session: no nonce, no lock. */
	if (READ_ONCE(p->state) == ILNP_PEER_CONFIRMED) {
		add_nonce = false;
		goto rewrite;
	}
	spin_lock_bh(&p->lock);
	if (p->state == ILNP_PEER_PLAIN) {
		spin_unlock_bh(&p->lock);
		return NF_ACCEPT;
	}
	if (!p->local_nid)
		p->local_nid = snid;
	/*
	 * A peer that never answered our nonce (no Parameter Problem either:
	 * a path that drops Destination Options) is plain IPv6 after a
	 * while (RFC 6744 sec. 6): a TCP SYN retried that late goes out
	 * plain.  Only a SYN: it is the one packet certain to be answered,
	 * where silence says something (a one-way UDP stream is silent by
	 * design).
	 */
	if (p->state == ILNP_PEER_NEW && p->nonce_sent &&
	    !p->nonce_remote.len && l4.proto == IPPROTO_TCP &&
	    (l4.tcp_flags & (TCPHDR_SYN | TCPHDR_ACK)) == TCPHDR_SYN &&
	    ktime_ms_delta(ktime_get(), p->probe_sent) > ILNP_PROBE_TIMEOUT_MS) {
		ilnp_peer_set_plain(p);
		spin_unlock_bh(&p->lock);
		ilnp_stat_inc(in, ILNP_STAT_PEER_FALLBACK);
		ilnp_genl_notify_peer(in, ILNP_EVT_PEER_FALLBACK, p->nid, NULL);
		return NF_ACCEPT;
	}
	nonce = p->nonce_local;
	/*
	 * The nonce rides in the first packets of a session and, after our
	 * locators changed, until the peer acknowledged the LU (RFC 6744
	 * sec. 4).  Only in a packet without extension headers (it must not
	 * go before a Hop-by-Hop or Routing header), never in a GSO burst
	 * (each segment would outgrow the size TCP chose), never past the
	 * route's MTU.
	 */
	add_nonce = (p->state == ILNP_PEER_NEW ||
		     p->state == ILNP_PEER_LU_PENDING) &&
		    l4.off == sizeof(*ip6h) && !skb_is_gso(skb) &&
		    skb->len + ilnp_nonce_hdr_len(&nonce) <=
		    dst_mtu(skb_dst(skb));
	/*
	 * A packet is ILNP when it carries our nonce or the peer has shown
	 * it is ILNP (its nonce reached us).  Anything else, e.g. a GSO
	 * burst before the handshake, goes out as plain IPv6.
	 */
	ilnp = add_nonce || p->nonce_remote.len;
	spin_unlock_bh(&p->lock);
	if (!ilnp)
		return NF_ACCEPT;

rewrite:
	mine = ilnp_locset_best(rcu_dereference(in->locs));
	theirs = ilnp_locset_best(rcu_dereference(p->locs));
	sloc = mine ? cpu_to_be64(mine->loc) : ilnp_addr_loc(&ip6h->saddr);
	dloc = theirs ? cpu_to_be64(theirs->loc) : ilnp_addr_loc(&ip6h->daddr);

	key.local_nid = snid;
	key.peer_nid = dnid;
	key.proto = l4.proto;
	key.lport = l4.sport;
	key.pport = l4.dport;
	ilnp_flow_learn(&in->flows, &key, ilnp_addr_loc(&ip6h->saddr),
			ilnp_addr_loc(&ip6h->daddr));

	if (skb_ensure_writable(skb, ilnp_l4_writable_len(skb, &l4)))
		goto drop;
	ip6h = ipv6_hdr(skb);
	ilnp_l4_csum_diff(skb, &l4, ilnp_l4_wire_diff(&l4, &ip6h->saddr,
						      &ip6h->daddr, sloc, dloc));
	if (sloc != ilnp_addr_loc(&ip6h->saddr) ||
	    dloc != ilnp_addr_loc(&ip6h->daddr)) {
		bool moved = dloc != ilnp_addr_loc(&ip6h->daddr);

		ilnp_csum_set_loc(&ip6h->saddr, sloc);
		ilnp_csum_set_loc(&ip6h->daddr, dloc);
		ilnp_stat_inc(in, ILNP_STAT_TX_REWRITTEN);
		if ((moved || (mine && mine->ifindex &&
			       mine->ifindex != skb_dst(skb)->dev->ifindex)) &&
		    ilnp_reroute(state->net, skb, mine ? mine->ifindex : 0)) {
			ilnp_stat_inc(in, ILNP_STAT_DROP_NO_LOCATOR);
			goto drop;
		}
	}

	if (add_nonce) {
		if (ilnp_push_nonce(skb, &nonce))
			goto drop;
		ilnp_stat_inc(in, ILNP_STAT_NONCE_ADDED);
		spin_lock_bh(&p->lock);
		if (!p->nonce_sent) {
			p->nonce_sent = true;
			p->probe_sent = ktime_get();
		}
		spin_unlock_bh(&p->lock);
	}
	WRITE_ONCE(p->used, jiffies);
	atomic64_inc(&p->cnt.tx_packets);
	return NF_ACCEPT;
drop:
	return NF_DROP;
}
