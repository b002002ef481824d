/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The data path: netfilter hooks that keep transport sessions bound to
 * NIDs while the locators on the wire change.
 *
 *   egress.c   POST_ROUTING, last: rewrite the locators of a packet to the
 *              current ones, convert its transport checksum to the ILNP rule
 *              (pseudo-header over NIDs only), add our nonce while the peer
 *              is unconfirmed, re-route when the destination locator moved
 *   ingress.c  PRE_ROUTING, right after defragmentation: validate and remove
 *              the nonce option, take Locator Updates and Parameter
 *              Problems, give the packet back the addresses of its session
 *              (flow.c) and the ordinary IPv6 checksum
 *   datapath.c what both directions share (transport header parsing,
 *              checksum fix-ups) and the per-namespace hook registration,
 *              done when the first NID is added (namespaces without ILNP
 *              pay nothing)
 *
 * Documentation/architecture.md draws both paths.
 */
#ifndef _ILNP_DATAPATH_H
#define _ILNP_DATAPATH_H

#include <linux/ipv6.h>
#include <linux/netfilter.h>
#include <linux/skbuff.h>
#include <net/ipv6.h>
#include <asm/unaligned.h>
#include <uapi/linux/ilnp.h>

#include "flow.h"

struct ilnp_net;

static inline u64 ilnp_addr_nid(const struct in6_addr *a)
{
	return get_unaligned_be64(&a->s6_addr[8]);
}

/* The locator of an address in host order (the uapi's and ILCC's). */
static inline u64 ilnp_addr_l64(const struct in6_addr *a)
{
	return get_unaligned_be64(&a->s6_addr[0]);
}

static inline void ilnp_addr_make(struct in6_addr *a, u64 loc, u64 nid)
{
	put_unaligned_be64(loc, &a->s6_addr[0]);
	put_unaligned_be64(nid, &a->s6_addr[8]);
}

/* Addresses ILNP rewrites: global unicast, not link-local or loopback. */
static inline bool ilnp_addr_ok(const struct in6_addr *a)
{
	int type = ipv6_addr_type(a);

	return (type & IPV6_ADDR_UNICAST) &&
	       !(type & (IPV6_ADDR_LINKLOCAL | IPV6_ADDR_LOOPBACK |
			 IPV6_ADDR_MAPPED | IPV6_ADDR_SITELOCAL));
}

struct ilnp_nid;
struct ilnp_nid *ilnp_pkt_nids(struct ilnp_net *in, const struct ipv6hdr *ip6h,
			       bool egress, u64 *local, u64 *peer);

struct ilnp_nonce;
int ilnp_skb_nonce(struct sk_buff *skb, struct ilnp_nonce *nonce,
		   unsigned int *hlen, unsigned int *optoff);

/* Where the transport header is and what it says (see datapath.c). */
struct ilnp_l4 {
	unsigned int off;	/* from the network header; 0 = none */
	u8 proto;
	__be16 sport, dport;	/* or ICMPv6 echo id in both, else 0 */
	int csum_off;		/* checksum field from off, -1 = none */
	u8 icmp_type, icmp_code;
	u8 tcp_flags;		/* byte 13 of a TCP header (FIN..CWR) */
};

/*
 * ICMPv6 informational messages other than echo and our LU (types 130 and
 * up: MLD, Neighbour Discovery, router renumbering, ...) belong to the
 * link and the stack; ILNP neither rewrites them nor learns peers from them.
 */
static inline bool ilnp_l4_is_link_ctl(const struct ilnp_l4 *l4)
{
	return l4->proto == IPPROTO_ICMPV6 && l4->off &&
	       l4->icmp_type >= 130 && l4->icmp_type != ILNP_ICMPV6_LU;
}

/* A TCP segment that opens a session (SYN without ACK). */
static inline bool ilnp_l4_is_syn(const struct ilnp_l4 *l4)
{
	return l4->proto == IPPROTO_TCP && l4->off &&
	       (l4->tcp_flags & 0x12) == 0x02;
}

int ilnp_l4_parse(struct sk_buff *skb, struct ilnp_l4 *l4);
unsigned int ilnp_l4_writable_len(const struct sk_buff *skb,
				  const struct ilnp_l4 *l4);
__wsum ilnp_l4_wire_diff(const struct ilnp_l4 *l4,
			 const struct in6_addr *saddr,
			 const struct in6_addr *daddr,
			 __be64 sloc, __be64 dloc);
void ilnp_l4_csum_diff(struct sk_buff *skb, const struct ilnp_l4 *l4,
		       __wsum diff);
void ilnp_rcsum_region(struct sk_buff *skb, const void *p, int len, bool add);
int ilnp_skb_set_route(struct sk_buff *skb, struct dst_entry *dst);

unsigned int ilnp_map_packet(struct ilnp_net *in, struct sk_buff *skb,
			     const struct nf_hook_state *state);
unsigned int ilnp_hosted_plain(struct ilnp_net *in, struct sk_buff *skb,
			       const struct ilnp_nid *n, bool to_guest);
unsigned int ilnp_egress(void *priv, struct sk_buff *skb,
			 const struct nf_hook_state *state);
unsigned int ilnp_ingress(void *priv, struct sk_buff *skb,
			  const struct nf_hook_state *state);

int ilnp_hooks_enable(struct ilnp_net *in);
void ilnp_hooks_disable(struct ilnp_net *in);

#endif /* _ILNP_DATAPATH_H */
