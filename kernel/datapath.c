// SPDX-License-Identifier: GPL-2.0
/*
 * What the egress and ingress hooks share, and their registration
 * (see datapath.h).
 */
#include <linux/icmpv6.h>
#include <linux/netfilter_ipv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/checksum.h>

#include "ilnp.h"
#include "csum.h"
#include "datapath.h"
#include "local.h"
#include "netns.h"
#include "nonce.h"

/**
 * ilnp_pkt_nids() - is this a packet between one of our NIDs and a peer?
 * @in:     the namespace
 * @ip6h:   the packet's IPv6 header
 * @egress: the local end is the source (else the destination)
 * @local:  our NID, filled in
 * @peer:   the other end's NID, filled in
 *
 * Return: the NID entry of the local end (our own NID, or a guest's we
 * host; an inactive one too, whose packets the hooks drop), or NULL:
 * either address is not global unicast, the local end is not ours, or the
 * other end is ours too (a node talking to itself).
 */
struct ilnp_nid *ilnp_pkt_nids(struct ilnp_net *in, const struct ipv6hdr *ip6h,
			       bool egress, u64 *local, u64 *peer)
{
	const struct in6_addr *l = egress ? &ip6h->saddr : &ip6h->daddr;
	const struct in6_addr *p = egress ? &ip6h->daddr : &ip6h->saddr;
	struct ilnp_nid *n;

	if (!ilnp_addr_ok(l) || !ilnp_addr_ok(p))
		return NULL;
	*local = ilnp_addr_nid(l);
	*peer = ilnp_addr_nid(p);
	n = ilnp_nid_find(in, *local);
	return n && !ilnp_nid_is_local(in, *peer) ? n : NULL;
}

/**
 * ilnp_skb_nonce() - the nonce in the Destination Options header that
 * follows the IPv6 header
 * @skb:    packet, network header set, its next header NEXTHDR_DEST
 * @nonce:  filled in
 * @hlen:   the header's length, filled in
 * @optoff: offset of the option's type byte in the header, filled in
 *
 * The header is pulled into the linear part and strictly validated
 * (ilnp_nonce_opt_find()).
 *
 * Return: 0, -ENOENT for a well-formed header without a nonce, -EBADMSG
 * for one the IPv6 stack is left to reject.
 */
int ilnp_skb_nonce(struct sk_buff *skb, struct ilnp_nonce *nonce,
		   unsigned int *hlen, unsigned int *optoff)
{
	unsigned int nh = skb_network_offset(skb);
	unsigned int ip6len = sizeof(struct ipv6hdr);

	if (!pskb_may_pull(skb, nh + ip6len + 2))
		return -EBADMSG;
	*hlen = (skb_network_header(skb)[ip6len + 1] + 1) * 8;
	if (!pskb_may_pull(skb, nh + ip6len + *hlen))
		return -EBADMSG;
	return ilnp_nonce_opt_find(skb_network_header(skb) + ip6len, *hlen,
				   nonce, optoff);
}

/**
 * ilnp_l4_parse() - find the transport header of an IPv6 packet
 * @skb: packet, network header set
 * @l4:  filled in
 *
 * Extension headers are skipped; a non-first fragment has no transport
 * header (@l4->off stays 0).
 *
 * Return: 0, or -EINVAL when the extension header chain is broken.
 */
int ilnp_l4_parse(struct sk_buff *skb, struct ilnp_l4 *l4)
{
	unsigned int nh = skb_network_offset(skb);
	u8 nexthdr = ipv6_hdr(skb)->nexthdr;
	__be16 frag_off, _ports[2];
	const u8 *flags;
	u8 _flags;
	const __be16 *ports;
	const u8 *icmp;
	u8 _icmp[6];
	int off;

	memset(l4, 0, sizeof(*l4));
	l4->csum_off = -1;
	off = ipv6_skip_exthdr(skb, nh + sizeof(struct ipv6hdr), &nexthdr,
			       &frag_off);
	if (off < 0)
		return -EINVAL;
	l4->proto = nexthdr;
	if (frag_off & htons(IP6_OFFSET))
		return 0;

	switch (nexthdr) {
	case IPPROTO_TCP:
	case IPPROTO_UDP:
		ports = skb_header_pointer(skb, off, sizeof(_ports), _ports);
		if (!ports)
			return 0;
		l4->sport = ports[0];
		l4->dport = ports[1];
		l4->csum_off = nexthdr == IPPROTO_TCP ?
			       offsetof(struct tcphdr, check) :
			       offsetof(struct udphdr, check);
		if (nexthdr != IPPROTO_TCP)
			break;
		flags = skb_header_pointer(skb, off + 13, 1, &_flags);
		if (flags)
			l4->tcp_flags = *flags;
		break;
	case IPPROTO_ICMPV6:
		icmp = skb_header_pointer(skb, off, sizeof(_icmp), _icmp);
		if (!icmp)
			return 0;
		l4->icmp_type = icmp[0];
		l4->icmp_code = icmp[1];
		l4->csum_off = offsetof(struct icmp6hdr, icmp6_cksum);
		/* Echo request and reply of one ping share the identifier. */
		if (icmp[0] == ICMPV6_ECHO_REQUEST ||
		    icmp[0] == ICMPV6_ECHO_REPLY) {
			l4->sport = get_unaligned((__be16 *)&icmp[4]);
			l4->dport = l4->sport;
		}
		break;
	default:
		break;
	}
	l4->off = off - nh;
	return 0;
}

/* Bytes from skb->data that a rewrite of addresses and checksum touches. */
unsigned int ilnp_l4_writable_len(const struct sk_buff *skb,
				  const struct ilnp_l4 *l4)
{
	unsigned int len = sizeof(struct ipv6hdr);

	if (l4->off && l4->csum_off >= 0)
		len = l4->off + l4->csum_off + sizeof(__sum16);
	return skb_network_offset(skb) + len;
}

/*
 * The checksum difference for moving a packet from the locators in
 * @saddr/@daddr to @sloc/@dloc.  TCP and UDP: the ILNP rule makes their
 * pseudo-header independent of locators, so this is the conversion
 * between the ordinary IPv6 rule (over @saddr/@daddr) and the ILNP one.
 * Everything else (ICMPv6 above all, RFC 6741 sec. 4.3) keeps the ordinary
 * rule over the addresses actually carried.
 */
__wsum ilnp_l4_wire_diff(const struct ilnp_l4 *l4,
			 const struct in6_addr *saddr,
			 const struct in6_addr *daddr,
			 __be64 sloc, __be64 dloc)
{
	if (l4->proto == IPPROTO_TCP || l4->proto == IPPROTO_UDP)
		return ilnp_csum_nid_only_diff(saddr, daddr);
	return csum_add(ilnp_csum_loc_diff(ilnp_addr_loc(saddr), sloc),
			ilnp_csum_loc_diff(ilnp_addr_loc(daddr), dloc));
}

/* Give @skb the route @dst (a reference we own) unless it is an error. */
int ilnp_skb_set_route(struct sk_buff *skb, struct dst_entry *dst)
{
	if (dst->error) {
		dst_release(dst);
		return -EHOSTUNREACH;
	}
	skb_dst_drop(skb);
	skb_dst_set(skb, dst);
	return 0;
}

/*
 * Keep a CHECKSUM_COMPLETE sum right across an in-place change: call with
 * @add false over the bytes before the change, with @add true after it.
 * skb->csum covers the packet from skb->data.
 */
void ilnp_rcsum_region(struct sk_buff *skb, const void *p, int len, bool add)
{
	int off = (const u8 *)p - skb->data;
	__wsum sum;

	if (skb->ip_summed != CHECKSUM_COMPLETE)
		return;
	sum = csum_partial(p, len, 0);
	skb->csum = add ? csum_block_add(skb->csum, sum, off) :
			  csum_block_sub(skb->csum, sum, off);
}

/**
 * ilnp_l4_csum_diff() - apply a pseudo-header difference to the packet
 * @skb:  packet, writable up to ilnp_l4_writable_len()
 * @l4:   its transport header
 * @diff: from ilnp_l4_wire_diff() or its negation
 *
 * Right for every ip_summed: a CHECKSUM_PARTIAL field holds the
 * pseudo-header seed the device (or GSO) completes, and the diff moves the
 * seed; a finished checksum moves by the same diff; a CHECKSUM_COMPLETE
 * sum follows the field.
 */
void ilnp_l4_csum_diff(struct sk_buff *skb, const struct ilnp_l4 *l4,
		       __wsum diff)
{
	__sum16 *check;

	if (!l4->off || l4->csum_off < 0)
		return;
	check = (__sum16 *)(skb_network_header(skb) + l4->off + l4->csum_off);
	/* A UDP datagram sent without checksum stays without. */
	if (l4->proto == IPPROTO_UDP && !*check &&
	    skb->ip_summed != CHECKSUM_PARTIAL)
		return;
	ilnp_rcsum_region(skb, check, sizeof(*check), false);
	inet_proto_csum_replace_by_diff(check, skb, diff, true, true);
	if (l4->proto == IPPROTO_UDP && !*check &&
	    skb->ip_summed != CHECKSUM_PARTIAL)
		*check = CSUM_MANGLED_0;
	ilnp_rcsum_region(skb, check, sizeof(*check), true);
}

/*
 * Ingress runs after IPv6 defragmentation (when conntrack loaded it) and
 * before conntrack, nf_tables and XFRM, so all of them see a session's own
 * addresses.  Egress runs last, on the packet as it leaves (after ESP, for
 * an SA); conntrack's confirmation shares the priority, and whichever of
 * the two runs first, it works on the entry made at LOCAL_OUT with the
 * session's addresses, not on the packet's.
 */
static const struct nf_hook_ops ilnp_hook_ops[ILNP_NHOOKS] = {
	{
		.hook = ilnp_ingress,
		.pf = NFPROTO_IPV6,
		.hooknum = NF_INET_PRE_ROUTING,
		.priority = NF_IP6_PRI_CONNTRACK_DEFRAG + 1,
	}, {
		.hook = ilnp_egress,
		.pf = NFPROTO_IPV6,
		.hooknum = NF_INET_POST_ROUTING,
		.priority = NF_IP6_PRI_LAST,
	},
};

/* Register the namespace's hooks once; caller holds in->lock. */
int ilnp_hooks_enable(struct ilnp_net *in)
{
	unsigned int i;
	int err;

	lockdep_assert_held(&in->lock);
	if (in->hooks_on)
		return 0;
	memcpy(in->hooks, ilnp_hook_ops, sizeof(in->hooks));
	for (i = 0; i < ILNP_NHOOKS; i++)
		in->hooks[i].priv = in;
	err = nf_register_net_hooks(in->net, in->hooks, ILNP_NHOOKS);
	if (!err)
		WRITE_ONCE(in->hooks_on, true);
	return err;
}

void ilnp_hooks_disable(struct ilnp_net *in)
{
	if (in->hooks_on)
		nf_unregister_net_hooks(in->net, in->hooks, ILNP_NHOOKS);
	WRITE_ONCE(in->hooks_on, false);
}
