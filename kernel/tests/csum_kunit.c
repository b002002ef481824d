// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the locator-rewrite checksum helpers (csum.c) and the
 * Locator Update ICMPv6 checksum (lu.c).
 *
 * Every expected value comes from a deliberately plain reference: an
 * RFC 1071 sum of big-endian 16-bit words over a pseudo-header and segment
 * laid out byte by byte here, sharing no code with csum.c or the kernel's
 * checksum routines.
 */

#include <kunit/test.h>
#include <linux/in.h>
#include <linux/prandom.h>
#include <linux/skbuff.h>
#include <linux/string.h>
#include <asm/unaligned.h>
#include <net/checksum.h>

#include "../csum.h"
#include "../lu.h"
#include "suites.h"

#define IP6_HLEN	40
#define IP6_OFF_PLEN	4
#define IP6_OFF_NH	6
#define IP6_OFF_SADDR	8
#define IP6_OFF_DADDR	24
#define TCP_HLEN	20
#define TCP_OFF_CHECK	16
#define UDP_HLEN	8
#define UDP_OFF_LEN	4
#define UDP_OFF_CHECK	6
#define MAX_PAYLOAD	257
#define PKT_MAX		(IP6_HLEN + TCP_HLEN + MAX_PAYLOAD)
#define ITERATIONS	2000

#define U16(x)		((__force u16)(x))

/* ---- reference implementation ---- */

/* Add big-endian 16-bit words; an odd final byte is padded with zero. */
static u64 ref_add(u64 acc, const u8 *p, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		acc += (p[i] << 8) | p[i + 1];
	if (len & 1)
		acc += p[len - 1] << 8;
	return acc;
}

static u16 ref_fold(u64 acc)
{
	while (acc >> 16)
		acc = (acc & 0xffff) + (acc >> 16);
	return acc;
}

/* RFC 8200 section 8.1 pseudo-header; @nid_only zeroes both locators. */
static u64 ref_pseudo(const u8 *ip6, u32 l4len, u8 proto, bool nid_only)
{
	u8 ph[40] = {};

	memcpy(ph, ip6 + IP6_OFF_SADDR, 32);
	if (nid_only) {
		memset(ph, 0, 8);
		memset(ph + 16, 0, 8);
	}
	ph[32] = l4len >> 24;
	ph[33] = l4len >> 16;
	ph[34] = l4len >> 8;
	ph[35] = l4len;
	ph[39] = proto;
	return ref_add(0, ph, sizeof(ph));
}

static unsigned int check_off(const u8 *ip6)
{
	return ip6[IP6_OFF_NH] == IPPROTO_TCP ? TCP_OFF_CHECK : UDP_OFF_CHECK;
}

static u32 l4_len(const u8 *ip6)
{
	return (ip6[IP6_OFF_PLEN] << 8) | ip6[IP6_OFF_PLEN + 1];
}

/* The checksum a sender stores, computed with the check field as zero. */
static u16 ref_csum(const u8 *ip6, bool nid_only)
{
	const u8 *l4 = ip6 + IP6_HLEN;
	unsigned int coff = check_off(ip6);
	u32 len = l4_len(ip6);
	u64 acc;
	u16 c;

	acc = ref_pseudo(ip6, len, ip6[IP6_OFF_NH], nid_only);
	acc = ref_add(acc, l4, coff);
	acc = ref_add(acc, l4 + coff + 2, len - coff - 2);
	c = ~ref_fold(acc);
	if (ip6[IP6_OFF_NH] == IPPROTO_UDP && !c)
		c = 0xffff;
	return c;
}

/* What a receiver does: the sum over everything must be all ones. */
static bool ref_verify(const u8 *ip6, bool nid_only)
{
	u32 len = l4_len(ip6);

	return ref_fold(ref_add(ref_pseudo(ip6, len, ip6[IP6_OFF_NH], nid_only),
				ip6 + IP6_HLEN, len)) == 0xffff;
}

/* ---- packets ---- */

static u8 *check_field(u8 *ip6)
{
	return ip6 + IP6_HLEN + check_off(ip6);
}

static struct in6_addr *saddr(u8 *ip6)
{
	return (struct in6_addr *)(ip6 + IP6_OFF_SADDR);
}

static struct in6_addr *daddr(u8 *ip6)
{
	return (struct in6_addr *)(ip6 + IP6_OFF_DADDR);
}

/*
 * IPv6 header + TCP or UDP header + @paylen random bytes, random addresses,
 * with a correct checksum under the given pseudo-header rule.
 */
static void build_pkt(struct rnd_state *rs, u8 *ip6, u8 proto, size_t paylen,
		      bool nid_only)
{
	u32 len = (proto == IPPROTO_TCP ? TCP_HLEN : UDP_HLEN) + paylen;
	u8 *l4 = ip6 + IP6_HLEN;

	memset(ip6, 0, IP6_HLEN);
	ip6[0] = 0x60;
	put_unaligned_be16(len, ip6 + IP6_OFF_PLEN);
	ip6[IP6_OFF_NH] = proto;
	ip6[7] = 64;
	prandom_bytes_state(rs, ip6 + IP6_OFF_SADDR, 32);
	prandom_bytes_state(rs, l4, len);
	if (proto == IPPROTO_TCP)
		l4[12] = 5 << 4;	/* data offset: 20 bytes */
	else
		put_unaligned_be16(len, l4 + UDP_OFF_LEN);
	put_unaligned_be16(0, check_field(ip6));
	put_unaligned_be16(ref_csum(ip6, nid_only), check_field(ip6));
}

static __be64 random_loc(struct rnd_state *rs)
{
	__be64 loc;

	switch (prandom_u32_state(rs) % 8) {
	case 0:
		return 0;
	case 1:
		return (__force __be64)~0ULL;
	default:
		prandom_bytes_state(rs, &loc, sizeof(loc));
		return loc;
	}
}

/* Apply @diff to the packet's check field as the datapath would. */
static void apply(u8 *ip6, __wsum diff)
{
	__sum16 check = get_unaligned((__sum16 *)check_field(ip6));

	if (ip6[IP6_OFF_NH] == IPPROTO_UDP)
		check = ilnp_csum_apply_udp(check, diff);
	else
		check = ilnp_csum_apply(check, diff);
	put_unaligned(check, (__sum16 *)check_field(ip6));
}

/*
 * Rewrite the source locator, the destination locator or both (chosen at
 * random) and return the combined diff.
 */
static __wsum rewrite_random(struct rnd_state *rs, u8 *ip6)
{
	unsigned int which = prandom_u32_state(rs) % 3;
	__wsum diff = 0;

	if (which != 1)
		diff = csum_add(diff, ilnp_csum_set_loc(saddr(ip6),
							random_loc(rs)));
	if (which != 0)
		diff = csum_add(diff, ilnp_csum_set_loc(daddr(ip6),
							random_loc(rs)));
	return diff;
}

/* ---- tests ---- */

static void ilnp_csum_test_set_loc(struct kunit *test)
{
	u8 buf[1 + 16];
	struct in6_addr *a = (struct in6_addr *)(buf + 1);	/* unaligned */
	static const u8 before[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 2,
				       0, 0, 0, 0, 0, 0, 0, 5 };
	static const u8 after[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 9, 0, 9,
				      0, 0, 0, 0, 0, 0, 0, 5 };

	memcpy(a, before, 16);
	KUNIT_EXPECT_EQ(test, be64_to_cpu(ilnp_addr_loc(a)),
			0x20010db800010002ULL);
	ilnp_csum_set_loc(a, cpu_to_be64(0x20010db800090009ULL));
	KUNIT_EXPECT_EQ(test, memcmp(a, after, 16), 0);
}

/* Small hand-checked case: the diff of one 16-bit word change. */
static void ilnp_csum_test_known_value(struct kunit *test)
{
	/* Locator 0x0000000000000001 -> 0x0000000000000003: sum grows by 2. */
	__wsum diff = ilnp_csum_loc_diff(cpu_to_be64(1), cpu_to_be64(3));
	__sum16 c;

	KUNIT_EXPECT_EQ(test, U16(csum_fold(diff)), (u16)~U16(htons(2)));
	/* Checksum 0x1234 over data whose sum grows by 2 becomes 0x1232. */
	c = ilnp_csum_apply((__force __sum16)htons(0x1234), diff);
	KUNIT_EXPECT_EQ(test, be16_to_cpu((__force __be16)c), 0x1232);
}

static void ilnp_csum_test_identity_and_inverse(struct kunit *test)
{
	struct rnd_state rs;
	unsigned int i;

	prandom_seed_state(&rs, 1);
	for (i = 0; i < ITERATIONS; i++) {
		__be64 a = random_loc(&rs), b = random_loc(&rs);
		__sum16 c, there;

		prandom_bytes_state(&rs, &c, sizeof(c));
		if (c == CSUM_MANGLED_0)	/* -0: not a computed value */
			continue;
		KUNIT_EXPECT_EQ(test,
				U16(ilnp_csum_apply(c, ilnp_csum_loc_diff(a, a))),
				U16(c));
		there = ilnp_csum_apply(c, ilnp_csum_loc_diff(a, b));
		KUNIT_EXPECT_EQ(test,
				U16(ilnp_csum_apply(there,
						    ilnp_csum_loc_diff(b, a))),
				U16(c));
	}
}

static void rewrite_test(struct kunit *test, u8 proto, u64 seed)
{
	struct rnd_state rs;
	unsigned int i;
	u8 *ip6 = kunit_kzalloc(test, PKT_MAX, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, ip6);
	prandom_seed_state(&rs, seed);
	for (i = 0; i < ITERATIONS; i++) {
		size_t paylen = prandom_u32_state(&rs) % (MAX_PAYLOAD + 1);

		build_pkt(&rs, ip6, proto, paylen, false);
		KUNIT_ASSERT_TRUE(test, ref_verify(ip6, false));
		apply(ip6, rewrite_random(&rs, ip6));
		KUNIT_ASSERT_EQ_MSG(test, get_unaligned_be16(check_field(ip6)),
				    ref_csum(ip6, false),
				    "seed %llu iteration %u payload %zu", seed,
				    i, paylen);
		KUNIT_ASSERT_TRUE(test, ref_verify(ip6, false));
	}
}

static void ilnp_csum_test_rewrite_tcp(struct kunit *test)
{
	rewrite_test(test, IPPROTO_TCP, 6);
}

static void ilnp_csum_test_rewrite_udp(struct kunit *test)
{
	rewrite_test(test, IPPROTO_UDP, 17);
}

/* RFC 6740/6741 rule: pseudo-header with both locators zero. */
static void nid_only_test(struct kunit *test, u8 proto, u64 seed)
{
	struct rnd_state rs;
	unsigned int i;
	u8 *ip6 = kunit_kzalloc(test, PKT_MAX, GFP_KERNEL);
	unsigned int differ = 0;
	u16 nid;

	KUNIT_ASSERT_NOT_NULL(test, ip6);
	prandom_seed_state(&rs, seed);
	for (i = 0; i < ITERATIONS; i++) {
		build_pkt(&rs, ip6, proto,
			  prandom_u32_state(&rs) % (MAX_PAYLOAD + 1), false);
		nid = ref_csum(ip6, true);
		differ += ref_csum(ip6, false) != nid;

		/* Full -> NID-only. */
		apply(ip6, ilnp_csum_nid_only_diff(saddr(ip6), daddr(ip6)));
		KUNIT_ASSERT_EQ(test, get_unaligned_be16(check_field(ip6)), nid);
		KUNIT_ASSERT_TRUE(test, ref_verify(ip6, true));

		/* Under the NID-only rule a locator change needs no fix-up. */
		rewrite_random(&rs, ip6);
		KUNIT_ASSERT_EQ(test, ref_csum(ip6, true), nid);
		KUNIT_ASSERT_TRUE(test, ref_verify(ip6, true));

		/* NID-only -> full, over the (new) addresses. */
		apply(ip6, ilnp_csum_negate(ilnp_csum_nid_only_diff(saddr(ip6),
								    daddr(ip6))));
		KUNIT_ASSERT_EQ(test, get_unaligned_be16(check_field(ip6)),
				ref_csum(ip6, false));
		KUNIT_ASSERT_TRUE(test, ref_verify(ip6, false));
	}
	/* The two rules really differ (else this test proves nothing). */
	KUNIT_EXPECT_GT(test, differ, ITERATIONS * 9 / 10);
}

static void ilnp_csum_test_nid_only_tcp(struct kunit *test)
{
	nid_only_test(test, IPPROTO_TCP, 66);
}

static void ilnp_csum_test_nid_only_udp(struct kunit *test)
{
	nid_only_test(test, IPPROTO_UDP, 1717);
}

/*
 * UDP: a rewrite whose result computes to zero must be sent as 0xffff, and
 * a stored 0xffff must be taken as zero when rewriting back.
 */
static void ilnp_csum_test_udp_zero(struct kunit *test)
{
	const unsigned int woff = IP6_HLEN + UDP_HLEN + 30;	/* last word */
	struct rnd_state rs;
	u8 *pkt = kunit_kzalloc(test, PKT_MAX, GFP_KERNEL);
	u8 *orig = kunit_kzalloc(test, PKT_MAX, GFP_KERNEL);
	unsigned int i;
	__sum16 plain;
	__wsum diff;
	u16 s, old_check;

	KUNIT_ASSERT_NOT_NULL(test, pkt);
	KUNIT_ASSERT_NOT_NULL(test, orig);
	prandom_seed_state(&rs, 0);
	for (i = 0; i < 200; i++) {
		build_pkt(&rs, orig, IPPROTO_UDP, 32, false);
		memcpy(pkt, orig, PKT_MAX);
		diff = rewrite_random(&rs, pkt);

		/* Choose the last payload word so the new sum is all ones. */
		put_unaligned_be16(0, pkt + woff);
		put_unaligned_be16(0, check_field(pkt));
		s = ref_fold(ref_add(ref_pseudo(pkt, l4_len(pkt), IPPROTO_UDP,
						false),
				     pkt + IP6_HLEN, l4_len(pkt)));
		put_unaligned_be16(0xffff - s, pkt + woff);
		KUNIT_ASSERT_EQ(test, ref_csum(pkt, false), 0xffff);

		/* The same payload under the old addresses. */
		memcpy(orig + woff, pkt + woff, 2);
		put_unaligned_be16(0, check_field(orig));
		old_check = ref_csum(orig, false);
		put_unaligned_be16(old_check, check_field(orig));

		/* Without the UDP rule the result would be 0x0000. */
		plain = ilnp_csum_apply(get_unaligned((__sum16 *)
						      check_field(orig)), diff);
		KUNIT_EXPECT_EQ(test, U16(plain), 0);
		memcpy(check_field(pkt), check_field(orig), 2);
		apply(pkt, diff);
		KUNIT_ASSERT_EQ(test, get_unaligned_be16(check_field(pkt)),
				0xffff);
		KUNIT_ASSERT_TRUE(test, ref_verify(pkt, false));

		/* And back to the old addresses: 0xffff in, old value out. */
		memcpy(pkt + IP6_OFF_SADDR, orig + IP6_OFF_SADDR, 32);
		apply(pkt, ilnp_csum_negate(diff));
		KUNIT_ASSERT_EQ(test, get_unaligned_be16(check_field(pkt)),
				old_check);
	}
}

/*
 * CHECKSUM_PARTIAL: the field holds the pseudo-header seed and the device
 * (emulated here with the reference) completes it.  The diff must go
 * through inet_proto_csum_replace_by_diff(), as the datapath does.
 */
static void partial_test(struct kunit *test, u8 proto, u64 seed)
{
	struct rnd_state rs;
	struct sk_buff *skb;
	unsigned int i;
	u8 *ip6 = kunit_kzalloc(test, PKT_MAX, GFP_KERNEL);
	u16 dev;

	KUNIT_ASSERT_NOT_NULL(test, ip6);
	skb = alloc_skb(0, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb->ip_summed = CHECKSUM_PARTIAL;

	prandom_seed_state(&rs, seed);
	for (i = 0; i < ITERATIONS; i++) {
		build_pkt(&rs, ip6, proto,
			  prandom_u32_state(&rs) % (MAX_PAYLOAD + 1), false);
		put_unaligned_be16(ref_fold(ref_pseudo(ip6, l4_len(ip6), proto,
						       false)),
				   check_field(ip6));

		inet_proto_csum_replace_by_diff((__sum16 *)check_field(ip6),
						skb, rewrite_random(&rs, ip6),
						true, true);
		KUNIT_EXPECT_EQ(test, get_unaligned_be16(check_field(ip6)),
				ref_fold(ref_pseudo(ip6, l4_len(ip6), proto,
						    false)));

		/* The device: checksum from the transport header, seed in. */
		dev = ~ref_fold(ref_add(0, ip6 + IP6_HLEN, l4_len(ip6)));
		if (proto == IPPROTO_UDP && !dev)
			dev = 0xffff;
		KUNIT_EXPECT_EQ(test, dev, ref_csum(ip6, false));
	}
	kfree_skb(skb);
}

static void ilnp_csum_test_partial_tcp(struct kunit *test)
{
	partial_test(test, IPPROTO_TCP, 606);
}

static void ilnp_csum_test_partial_udp(struct kunit *test)
{
	partial_test(test, IPPROTO_UDP, 1707);
}

/* The skb path for a finished checksum agrees with ilnp_csum_apply(). */
static void ilnp_csum_test_skb_none(struct kunit *test)
{
	struct rnd_state rs;
	struct sk_buff *skb;
	unsigned int i;
	u8 *ip6 = kunit_kzalloc(test, PKT_MAX, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, ip6);
	skb = alloc_skb(0, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb->ip_summed = CHECKSUM_NONE;

	prandom_seed_state(&rs, 42);
	for (i = 0; i < ITERATIONS; i++) {
		build_pkt(&rs, ip6, IPPROTO_TCP,
			  prandom_u32_state(&rs) % (MAX_PAYLOAD + 1), false);
		inet_proto_csum_replace_by_diff((__sum16 *)check_field(ip6),
						skb, rewrite_random(&rs, ip6),
						true, true);
		KUNIT_EXPECT_EQ(test, get_unaligned_be16(check_field(ip6)),
				ref_csum(ip6, false));
	}
	kfree_skb(skb);
}

/* Locator Update: ICMPv6 checksum over the full IPv6 pseudo-header. */
static void ilnp_csum_test_lu(struct kunit *test)
{
	struct ilnp_lu_loc locs[3] = {
		{ 0x20010db800010002ULL, 10, 300 },
		{ 0x20010db8000a000bULL, 20, 600 },
		{ 0xfd00000000000001ULL, 30, 65535 },
	};
	u8 pkt[IP6_HLEN + 44];
	struct rnd_state rs;
	__sum16 c;
	unsigned int i;
	int len;
	u64 acc;

	prandom_seed_state(&rs, 58);
	for (i = 0; i < 100; i++) {
		memset(pkt, 0, sizeof(pkt));
		prandom_bytes_state(&rs, pkt + IP6_OFF_SADDR, 32);
		len = ilnp_lu_build(pkt + IP6_HLEN, 44, ILNP_LU_OP_UPDATE,
				    locs, 3);
		KUNIT_ASSERT_EQ(test, len, 44);
		c = ilnp_lu_csum(saddr(pkt), daddr(pkt), pkt + IP6_HLEN, len);
		put_unaligned(c, (__sum16 *)(pkt + IP6_HLEN + ILNP_LU_OFF_CSUM));

		acc = ref_pseudo(pkt, len, IPPROTO_ICMPV6, false);
		KUNIT_EXPECT_EQ(test,
				ref_fold(ref_add(acc, pkt + IP6_HLEN, len)),
				0xffff);
		c = ilnp_lu_csum(saddr(pkt), daddr(pkt), pkt + IP6_HLEN, len);
		KUNIT_EXPECT_EQ(test, U16(c), 0);
		pkt[IP6_HLEN + ILNP_LU_HDR_LEN] ^= 0x80;
		c = ilnp_lu_csum(saddr(pkt), daddr(pkt), pkt + IP6_HLEN, len);
		KUNIT_EXPECT_NE(test, U16(c), 0);
	}
}

static struct kunit_case ilnp_csum_test_cases[] = {
	KUNIT_CASE(ilnp_csum_test_set_loc),
	KUNIT_CASE(ilnp_csum_test_known_value),
	KUNIT_CASE(ilnp_csum_test_identity_and_inverse),
	KUNIT_CASE(ilnp_csum_test_rewrite_tcp),
	KUNIT_CASE(ilnp_csum_test_rewrite_udp),
	KUNIT_CASE(ilnp_csum_test_nid_only_tcp),
	KUNIT_CASE(ilnp_csum_test_nid_only_udp),
	KUNIT_CASE(ilnp_csum_test_udp_zero),
	KUNIT_CASE(ilnp_csum_test_partial_tcp),
	KUNIT_CASE(ilnp_csum_test_partial_udp),
	KUNIT_CASE(ilnp_csum_test_skb_none),
	KUNIT_CASE(ilnp_csum_test_lu),
	{}
};

struct kunit_suite ilnp_csum_test_suite = {
	.name = "ilnp_csum",
	.test_cases = ilnp_csum_test_cases,
};
