// SPDX-License-Identifier: GPL-2.0
/*
 * Egress: a packet from one of our NIDs to an ILNP correspondent leaves
 * with the current locators.
 *
 * The packet belongs to a correspondent only if its destination locator
 * is one of that ILCC entry's current or earlier locators, or the view of
 * one of its sessions (ilcc.h): a host that merely shares the NID is
 * someone else.  A destination we have no entry for is tried as ILNP only
 * inside a PREFIX (prefix.h); anything else leaves untouched and leaves no
 * state.
 *
 * For an ILNP session we record the addresses the socket wrote (its view,
 * flow.c) so that replies can be given them back, put our preferred
 * locator and the peer's preferred locator in the header, move the
 * transport checksum to the ILNP rule, and add the nonce option to the
 * first packets of the session and of each transport session, to every
 * ICMPv6 message, and while the handshake or our LU is pending.  When the
 * destination locator changed, the route the socket chose may be wrong:
 * route again.
 */
#include <net/ip6_route.h>
#include <net/ipv6.h>

#include "ilnp.h"
#include "csum.h"
#include "datapath.h"
#include "ilcc.h"
#include "local.h"
#include "netns.h"
#include "nonce.h"
#include "prefix.h"
#include "verify.h"

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

/*
 * The entry a packet to (@lnid, @pnid, @dloc) belongs to: the one owning
 * the locator, else one with a session viewing it there (an earlier
 * locator it no longer remembers); @fl gets that session.
 */
static struct ilnp_peer *ilnp_tx_peer(struct ilnp_net *in, u64 lnid, u64 pnid,
				      u64 dloc, struct ilnp_flow_key *key,
				      struct ilnp_flow **fl)
{
	struct rhlist_head *pos, *list;
	struct ilnp_peer *p;

	p = ilnp_peer_find(&in->ilcc, lnid, pnid, dloc);
	if (p)
		return p;
	list = ilnp_peer_list(&in->ilcc, lnid, pnid);
	ilnp_peer_for_each(p, pos, list) {
		key->peer_id = p->id;
		*fl = ilnp_flow_lookup(&in->flows, key);
		if (*fl && be64_to_cpu(READ_ONCE((*fl)->peer_view)) == dloc)
			return p;
	}
	*fl = NULL;
	return NULL;
}

/* Does the packet carry a nonce already (one of ours: an LU, a probe)? */
static bool ilnp_tx_has_nonce(struct sk_buff *skb)
{
	unsigned int hlen, optoff;
	struct ilnp_nonce n;

	return ipv6_hdr(skb)->nexthdr == NEXTHDR_DEST &&
	       ilnp_skb_nonce(skb, &n, &hlen, &optoff) != -ENOENT;
}

unsigned int ilnp_egress(void *priv, struct sk_buff *skb,
			 const struct nf_hook_state *state)
{
	struct ilnp_net *in = priv;
	const struct ilnp_loc *mine, *theirs;
	struct ilnp_flow_key key = {};
	struct ilnp_flow *fl = NULL;
	struct ilnp_nid *n;
	struct ilnp_nonce nonce;
	struct ilnp_peer *p;
	struct ipv6hdr *ip6h;
	struct ilnp_l4 l4;
	bool add_nonce, new_flow = false;
	__be64 sloc, dloc;
	u64 lnid, pnid;
	u8 pstate;

	/* XFRM transforms it first; the result comes back through here. */
	if (skb_dst(skb) && skb_dst(skb)->xfrm)
		return NF_ACCEPT;
	ip6h = ipv6_hdr(skb);
	/* Not ours: the map, for what the box sends itself (forwarded
	 * packets met it before routing). */
	n = ilnp_pkt_nids(in, ip6h, true, &lnid, &pnid);
	if (!n)
		return skb->skb_iif ? NF_ACCEPT :
				      ilnp_map_packet(in, skb, state);
	/* Its guest's packets would leave as plain IPv6, a second path. */
	if (ilnp_nid_inactive(n))
		return NF_DROP;
	if (ilnp_l4_parse(skb, &l4) || ilnp_l4_is_link_ctl(&l4) ||
	    ilnp_tx_has_nonce(skb))
		return NF_ACCEPT;
	ip6h = ipv6_hdr(skb);

	key.proto = l4.proto;
	key.lport = l4.sport;
	key.pport = l4.dport;
	p = ilnp_tx_peer(in, lnid, pnid, ilnp_addr_l64(&ip6h->daddr), &key,
			 &fl);
	if (!p) {
		/* Plain IPv6 unless an administrator said to try ILNP. */
		if (!ilnp_prefix_match(in, &ip6h->daddr))
			goto plain;
		p = ilnp_peer_learn(in, lnid, pnid,
				    ilnp_addr_l64(&ip6h->daddr), ILNP_PEER_NEW,
				    ILNP_ORIGIN_LOCAL);
		if (!p)
			goto plain;
		/* Proves its nonce, and its silence makes it plain. */
		ilnp_rr_start(in, p, false);
	}
	pstate = READ_ONCE(p->state);
	if (pstate == ILNP_PEER_PLAIN)
		goto plain;

	key.peer_id = p->id;
	if (!fl)
		fl = ilnp_flow_lookup(&in->flows, &key);
	if (fl) {
		if (READ_ONCE(fl->plain)) {
			WRITE_ONCE(fl->used, jiffies);
			goto plain;
		}
		ilnp_flow_touch(fl, ilnp_addr_loc(&ip6h->saddr),
				ilnp_addr_loc(&ip6h->daddr));
	} else {
		fl = ilnp_flow_add(in, p, &key, ilnp_addr_loc(&ip6h->saddr),
				   ilnp_addr_loc(&ip6h->daddr), false);
		new_flow = fl;
	}

	/*
	 * The nonce rides in the first packets of the ILNP session, in the
	 * first packet of every transport session (so that the peer can
	 * tell them from plain IPv6 ones: RFC 6744 sec. 6), in every ICMPv6
	 * message (ibid.), and after our locators changed until the peer
	 * acknowledged the LU (sec. 4).  Only in a packet without extension
	 * headers (it must not go before a Hop-by-Hop or Routing header),
	 * never in a GSO burst (each segment would outgrow the size TCP
	 * chose), never past the route's MTU.
	 */
	add_nonce = (pstate == ILNP_PEER_NEW ||
		     pstate == ILNP_PEER_LU_PENDING || new_flow ||
		     (l4.tcp_flags & 0x02) || l4.proto == IPPROTO_ICMPV6) &&
		    l4.off == sizeof(*ip6h) && !skb_is_gso(skb);
	if (add_nonce) {
		spin_lock_bh(&p->lock);
		nonce = p->nonce_local;
		spin_unlock_bh(&p->lock);
		add_nonce = skb->len + ilnp_nonce_hdr_len(&nonce) <=
			    dst_mtu(skb_dst(skb));
	}

	mine = ilnp_locset_best(ilnp_nid_locs(in, n));
	theirs = ilnp_locset_best(rcu_dereference(p->locs));
	sloc = mine ? cpu_to_be64(mine->loc) : ilnp_addr_loc(&ip6h->saddr);
	dloc = theirs ? cpu_to_be64(theirs->loc) : ilnp_addr_loc(&ip6h->daddr);

	if (skb_ensure_writable(skb, ilnp_l4_writable_len(skb, &l4)))
		return NF_DROP;
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
			return NF_DROP;
		}
	}

	if (add_nonce) {
		if (ilnp_push_nonce(skb, &nonce))
			return NF_DROP;
		ilnp_stat_inc(in, ILNP_STAT_NONCE_ADDED);
		if (!READ_ONCE(p->nonce_sent)) {
			spin_lock_bh(&p->lock);
			if (!p->nonce_sent) {
				p->nonce_sent = true;
				p->probe_sent = ktime_get();
			}
			spin_unlock_bh(&p->lock);
		}
	}
	if (READ_ONCE(p->used) != jiffies)
		WRITE_ONCE(p->used, jiffies);
	atomic64_inc(&p->cnt.tx_packets);
	return NF_ACCEPT;

plain:
	/* A guest we host still needs its born locator replaced. */
	return ilnp_nid_hosted(n) ? ilnp_hosted_plain(in, skb, n, false) :
				    NF_ACCEPT;
}
