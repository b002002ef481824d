// SPDX-License-Identifier: GPL-2.0
/*
 * Packets the module sends on its own (see xmit.h).
 */
#include <linux/icmpv6.h>
#include <linux/netfilter.h>
#include <linux/pkt_sched.h>
#include <net/ip6_checksum.h>
#include <net/ip6_route.h>
#include <net/ipv6.h>
#include <asm/unaligned.h>

#include "ilnp.h"
#include "datapath.h"
#include "local.h"
#include "netns.h"
#include "nonce.h"
#include "xmit.h"

/**
 * ilnp_xmit_icmp() - send one ICMPv6 message with our nonce
 * @in:        the namespace
 * @local_nid: our NID, the source's low half
 * @daddr:     where to
 * @nonce:     our nonce for the peer
 * @msg:       the ICMPv6 message, checksum field 0 (filled in here)
 * @len:       its length
 *
 * From our preferred locator; routed without an IPsec policy lookup, at
 * control priority.  Softirq-safe; caller holds rcu_read_lock().
 *
 * Return: 0 or a negative errno (no locator, no route, no memory).
 */
int ilnp_xmit_icmp(struct ilnp_net *in, u64 local_nid,
		   const struct in6_addr *daddr, const struct ilnp_nonce *nonce,
		   u8 *msg, size_t len)
{
	struct flowi6 fl6 = { .flowi6_proto = IPPROTO_ICMPV6, .daddr = *daddr };
	unsigned int optlen = ilnp_nonce_hdr_len(nonce);
	const struct ilnp_loc *mine;
	struct dst_entry *dst;
	struct ipv6hdr *ip6h;
	struct sk_buff *skb;
	int err;

	mine = ilnp_locset_best(ilnp_nid_locs_of(in, local_nid));
	if (!mine || !optlen)
		return -EHOSTUNREACH;
	ilnp_addr_make(&fl6.saddr, mine->loc, local_nid);
	fl6.fl6_icmp_type = msg[0];
	fl6.fl6_icmp_code = msg[1];
	dst = ip6_route_output(in->net, NULL, &fl6);
	err = dst->error;
	if (err) {
		dst_release(dst);
		return err;
	}

	skb = alloc_skb(LL_RESERVED_SPACE(dst->dev) + dst->header_len +
			sizeof(*ip6h) + optlen + len, GFP_ATOMIC);
	if (!skb) {
		dst_release(dst);
		return -ENOMEM;
	}
	skb_reserve(skb, LL_RESERVED_SPACE(dst->dev) + dst->header_len +
		    sizeof(*ip6h) + optlen);
	skb_reset_transport_header(skb);
	put_unaligned(0, (__sum16 *)&msg[2]);
	put_unaligned(csum_ipv6_magic(&fl6.saddr, &fl6.daddr, len,
				      IPPROTO_ICMPV6, csum_partial(msg, len, 0)),
		      (__sum16 *)&msg[2]);
	skb_put_data(skb, msg, len);

	ilnp_nonce_hdr_build(skb_push(skb, optlen), optlen, IPPROTO_ICMPV6,
			     nonce);
	ip6h = skb_push(skb, sizeof(*ip6h));
	skb_reset_network_header(skb);
	ip6_flow_hdr(ip6h, 0, 0);
	ip6h->nexthdr = NEXTHDR_DEST;
	ip6h->hop_limit = ip6_dst_hoplimit(dst);
	ip6h->saddr = fl6.saddr;
	ip6h->daddr = fl6.daddr;
	skb->protocol = htons(ETH_P_IPV6);
	skb->priority = TC_PRIO_CONTROL;
	skb_dst_set(skb, dst);

	err = ip6_local_out(in->net, NULL, skb);
	return net_xmit_eval(err);
}
