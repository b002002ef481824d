// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the ILNPv6 Nonce Destination Option (nonce.c).
 */

#include <kunit/test.h>
#include <linux/errno.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/prandom.h>
#include <linux/string.h>

#include "../nonce.h"
#include "suites.h"

#define NH	IPPROTO_TCP	/* arbitrary Next Header value */

static const u8 nonce4[4] = { 0xde, 0xad, 0xbe, 0xef };
static const u8 nonce12[12] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };

static void set_nonce(struct ilnp_nonce *n, const u8 *bytes, unsigned int len)
{
	memset(n, 0, sizeof(*n));
	n->len = len;
	memcpy(n->bytes, bytes, len);
}

/* Expect @hdr (@len bytes) to parse to @bytes/@blen at option offset @off. */
static void expect_found(struct kunit *test, const u8 *hdr, size_t len,
			 const u8 *bytes, unsigned int blen, unsigned int off)
{
	struct ilnp_nonce got, want;
	unsigned int got_off = 0;

	set_nonce(&want, bytes, blen);
	KUNIT_ASSERT_EQ(test, ilnp_nonce_opt_find(hdr, len, &got, &got_off), 0);
	KUNIT_EXPECT_EQ(test, got.len, blen);
	KUNIT_EXPECT_TRUE(test, ilnp_nonce_equal(&got, &want));
	KUNIT_EXPECT_EQ(test, memcmp(&got, &want, sizeof(got)), 0);
	KUNIT_EXPECT_EQ(test, got_off, off);
}

static void ilnp_nonce_test_hdr_len(struct kunit *test)
{
	struct ilnp_nonce n = {};
	unsigned int len;

	n.len = 4;
	KUNIT_EXPECT_EQ(test, ilnp_nonce_hdr_len(&n), 8U);
	n.len = 12;
	KUNIT_EXPECT_EQ(test, ilnp_nonce_hdr_len(&n), 16U);
	for (len = 0; len < 256; len++) {
		if (len == 4 || len == 12)
			continue;
		n.len = len;
		KUNIT_EXPECT_EQ_MSG(test, ilnp_nonce_hdr_len(&n), 0U, "len %u",
				    len);
	}
}

static void ilnp_nonce_test_generate(struct kunit *test)
{
	struct ilnp_nonce a, b;
	static const u8 zero[ILNP_NONCE_LEN_MAX];

	KUNIT_ASSERT_EQ(test, ilnp_nonce_generate(&a, 4), 0);
	KUNIT_EXPECT_EQ(test, a.len, 4);
	KUNIT_EXPECT_EQ(test, memcmp(&a.bytes[4], zero, 8), 0);

	KUNIT_ASSERT_EQ(test, ilnp_nonce_generate(&a, 12), 0);
	KUNIT_ASSERT_EQ(test, ilnp_nonce_generate(&b, 12), 0);
	KUNIT_EXPECT_EQ(test, a.len, 12);
	/* 96 random bits twice the same: probability 2^-96. */
	KUNIT_EXPECT_FALSE(test, ilnp_nonce_equal(&a, &b));
	KUNIT_EXPECT_NE(test, memcmp(a.bytes, zero, 12), 0);

	b = a;
	KUNIT_EXPECT_EQ(test, ilnp_nonce_generate(&b, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, ilnp_nonce_generate(&b, 8), -EINVAL);
	KUNIT_EXPECT_EQ(test, ilnp_nonce_generate(&b, 16), -EINVAL);
	/* Rejected calls leave the nonce alone. */
	KUNIT_EXPECT_EQ(test, memcmp(&a, &b, sizeof(a)), 0);
}

static void roundtrip(struct kunit *test, const u8 *bytes, unsigned int blen,
		      unsigned int want_len)
{
	u8 buf[32];
	struct ilnp_nonce n;

	set_nonce(&n, bytes, blen);
	memset(buf, 0xa5, sizeof(buf));
	KUNIT_ASSERT_EQ(test, ilnp_nonce_hdr_build(buf, sizeof(buf), NH, &n),
			(int)want_len);
	KUNIT_EXPECT_EQ(test, buf[0], NH);
	KUNIT_EXPECT_EQ(test, buf[1], want_len / 8 - 1);
	KUNIT_EXPECT_EQ(test, buf[2], ILNP_NONCE_OPT);
	KUNIT_EXPECT_EQ(test, buf[3], blen);
	KUNIT_EXPECT_EQ(test, memcmp(&buf[4], bytes, blen), 0);
	/* Nothing written past the header. */
	KUNIT_EXPECT_EQ(test, buf[want_len], 0xa5);

	expect_found(test, buf, want_len, bytes, blen, 2);
	/* Extra bytes after the header (the upper layer) are not looked at. */
	expect_found(test, buf, sizeof(buf), bytes, blen, 2);
}

static void ilnp_nonce_test_roundtrip_4(struct kunit *test)
{
	roundtrip(test, nonce4, 4, 8);
}

static void ilnp_nonce_test_roundtrip_12(struct kunit *test)
{
	roundtrip(test, nonce12, 12, 16);
}

static void ilnp_nonce_test_build_errors(struct kunit *test)
{
	u8 buf[16];
	struct ilnp_nonce n;

	set_nonce(&n, nonce12, 12);
	KUNIT_EXPECT_EQ(test, ilnp_nonce_hdr_build(buf, 15, NH, &n), -EMSGSIZE);
	set_nonce(&n, nonce4, 4);
	KUNIT_EXPECT_EQ(test, ilnp_nonce_hdr_build(buf, 7, NH, &n), -EMSGSIZE);
	KUNIT_EXPECT_EQ(test, ilnp_nonce_hdr_build(buf, 8, NH, &n), 8);
	n.len = 8;
	KUNIT_EXPECT_EQ(test, ilnp_nonce_hdr_build(buf, 16, NH, &n), -EINVAL);
}

static void ilnp_nonce_test_truncated(struct kunit *test)
{
	u8 buf[16];
	struct ilnp_nonce n, out;
	unsigned int off = 99;
	size_t len;

	set_nonce(&n, nonce12, 12);
	KUNIT_ASSERT_EQ(test, ilnp_nonce_hdr_build(buf, sizeof(buf), NH, &n),
			16);
	/* Every prefix of the header is rejected, outputs untouched. */
	for (len = 0; len < 16; len++) {
		memset(&out, 0x5a, sizeof(out));
		KUNIT_EXPECT_EQ_MSG(test,
				    ilnp_nonce_opt_find(buf, len, &out, &off),
				    -EBADMSG, "len %zu", len);
		KUNIT_EXPECT_EQ(test, out.len, 0x5a);
		KUNIT_EXPECT_EQ(test, off, 99U);
	}

	/* Option running past the end of the header. */
	buf[3] = 14;
	KUNIT_EXPECT_EQ(test, ilnp_nonce_opt_find(buf, 16, NULL, NULL),
			-EBADMSG);
	/* Header too short for its last option's Type+Length. */
	{
		static const u8 h[8] = { NH, 0, 0x1e, 3, 0, 0, 0, 0x1e };

		KUNIT_EXPECT_EQ(test, ilnp_nonce_opt_find(h, 8, NULL, NULL),
				-EBADMSG);
	}
}

static void ilnp_nonce_test_wrong_len(struct kunit *test)
{
	/* Nonce option with 8 data bytes, then PadN(2). */
	static const u8 len8[16] = { NH, 1, ILNP_NONCE_OPT, 8,
				     1, 2, 3, 4, 5, 6, 7, 8,
				     IPV6_TLV_PADN, 2, 0, 0 };
	/* Nonce option with no data, then PadN(2). */
	static const u8 len0[8] = { NH, 0, ILNP_NONCE_OPT, 0,
				    IPV6_TLV_PADN, 2, 0, 0 };
	/* A 5-byte nonce. */
	static const u8 len5[16] = { NH, 1, ILNP_NONCE_OPT, 5,
				     1, 2, 3, 4, 5,
				     IPV6_TLV_PADN, 5, 0, 0, 0, 0, 0 };

	KUNIT_EXPECT_EQ(test, ilnp_nonce_opt_find(len8, 16, NULL, NULL),
			-EBADMSG);
	KUNIT_EXPECT_EQ(test, ilnp_nonce_opt_find(len0, 8, NULL, NULL),
			-EBADMSG);
	KUNIT_EXPECT_EQ(test, ilnp_nonce_opt_find(len5, 16, NULL, NULL),
			-EBADMSG);
}

static void ilnp_nonce_test_good_padding(struct kunit *test)
{
	/* Pad1 Pad1 Nonce(4) PadN(6 octets). */
	static const u8 h1[16] = { NH, 1, IPV6_TLV_PAD1, IPV6_TLV_PAD1,
				   ILNP_NONCE_OPT, 4, 0xde, 0xad, 0xbe, 0xef,
				   IPV6_TLV_PADN, 4, 0, 0, 0, 0 };
	/* PadN(7 octets, the maximum) Nonce(4) Pad1: unaligned nonce is OK. */
	static const u8 h2[16] = { NH, 1, IPV6_TLV_PADN, 5, 0, 0, 0, 0, 0,
				   ILNP_NONCE_OPT, 4, 0xde, 0xad, 0xbe, 0xef,
				   IPV6_TLV_PAD1 };

	expect_found(test, h1, sizeof(h1), nonce4, 4, 4);
	expect_found(test, h2, sizeof(h2), nonce4, 4, 9);
}

static void ilnp_nonce_test_bad_padding(struct kunit *test)
{
	/* PadN of a valid length whose contents are not zero. */
	static const u8 dirty[16] = { NH, 1, ILNP_NONCE_OPT, 4,
				      0xde, 0xad, 0xbe, 0xef, 0x1e, 0,
				      IPV6_TLV_PADN, 4, 0, 1, 0, 0 };
	/* 8 octets of padding in one PadN. */
	static const u8 padn8[16] = { NH, 1, ILNP_NONCE_OPT, 4,
				      0xde, 0xad, 0xbe, 0xef,
				      IPV6_TLV_PADN, 6, 0, 0, 0, 0, 0, 0 };
	/* PadN(7) + Pad1: a run of 8. */
	static const u8 run8[16] = { NH, 1, ILNP_NONCE_OPT, 4,
				     0xde, 0xad, 0xbe, 0xef,
				     IPV6_TLV_PADN, 5, 0, 0, 0, 0, 0,
				     IPV6_TLV_PAD1 };
	/* Eight Pad1 in a row. */
	static const u8 pad1x8[16] = { NH, 1, ILNP_NONCE_OPT, 4,
				       0xde, 0xad, 0xbe, 0xef,
				       0, 0, 0, 0, 0, 0, 0, 0 };

	u8 clean[16];

	KUNIT_EXPECT_EQ(test, ilnp_nonce_opt_find(dirty, 16, NULL, NULL),
			-EBADMSG);
	/* Control: the same header with clean padding is accepted. */
	memcpy(clean, dirty, sizeof(clean));
	clean[13] = 0;
	expect_found(test, clean, sizeof(clean), nonce4, 4, 2);
	KUNIT_EXPECT_EQ(test, ilnp_nonce_opt_find(padn8, 16, NULL, NULL),
			-EBADMSG);
	KUNIT_EXPECT_EQ(test, ilnp_nonce_opt_find(run8, 16, NULL, NULL),
			-EBADMSG);
	KUNIT_EXPECT_EQ(test, ilnp_nonce_opt_find(pad1x8, 16, NULL, NULL),
			-EBADMSG);
}

static void ilnp_nonce_test_missing(struct kunit *test)
{
	static const u8 only_pad[8] = { NH, 0, IPV6_TLV_PADN, 4, 0, 0, 0, 0 };
	/* An unknown option (type 0x1e, RFC 4727 experiment) and padding. */
	static const u8 other[8] = { NH, 0, 0x1e, 2, 0xaa, 0xbb,
				     IPV6_TLV_PADN, 0 };
	struct ilnp_nonce out;
	unsigned int off = 77;

	memset(&out, 0x5a, sizeof(out));
	KUNIT_EXPECT_EQ(test, ilnp_nonce_opt_find(only_pad, 8, &out, &off),
			-ENOENT);
	KUNIT_EXPECT_EQ(test, ilnp_nonce_opt_find(other, 8, &out, &off),
			-ENOENT);
	KUNIT_EXPECT_EQ(test, out.len, 0x5a);
	KUNIT_EXPECT_EQ(test, off, 77U);
}

static void ilnp_nonce_test_after_other_option(struct kunit *test)
{
	static const u8 h[16] = { NH, 1, 0x1e, 2, 0xaa, 0xbb,
				  ILNP_NONCE_OPT, 4, 0xde, 0xad, 0xbe, 0xef,
				  IPV6_TLV_PADN, 2, 0, 0 };

	expect_found(test, h, sizeof(h), nonce4, 4, 6);
}

static void ilnp_nonce_test_two_nonces(struct kunit *test)
{
	static const u8 h[16] = { NH, 1, ILNP_NONCE_OPT, 4, 1, 2, 3, 4,
				  ILNP_NONCE_OPT, 4, 5, 6, 7, 8,
				  IPV6_TLV_PADN, 0 };
	struct ilnp_nonce out;

	memset(&out, 0x5a, sizeof(out));
	KUNIT_EXPECT_EQ(test, ilnp_nonce_opt_find(h, 16, &out, NULL), -EBADMSG);
	KUNIT_EXPECT_EQ(test, out.len, 0x5a);
}

static void ilnp_nonce_test_equal(struct kunit *test)
{
	struct ilnp_nonce a, b;
	unsigned int i;

	set_nonce(&a, nonce12, 12);
	set_nonce(&b, nonce12, 12);
	KUNIT_EXPECT_TRUE(test, ilnp_nonce_equal(&a, &b));
	for (i = 0; i < 12; i++) {
		b.bytes[i] ^= 0x01;
		KUNIT_EXPECT_FALSE_MSG(test, ilnp_nonce_equal(&a, &b),
				       "byte %u", i);
		b.bytes[i] ^= 0x01;
	}
	/* Same first 4 bytes but different length. */
	set_nonce(&b, nonce12, 4);
	KUNIT_EXPECT_FALSE(test, ilnp_nonce_equal(&a, &b));
	/* Two equal but invalid nonces never match. */
	set_nonce(&a, nonce12, 8);
	set_nonce(&b, nonce12, 8);
	KUNIT_EXPECT_FALSE(test, ilnp_nonce_equal(&a, &b));
}

/*
 * Random headers must never crash the parser, and whatever it accepts must
 * be consistent: a valid length, an option inside the header that really
 * is the nonce option.
 */
static void ilnp_nonce_test_random(struct kunit *test)
{
	struct rnd_state rs;
	struct ilnp_nonce out;
	unsigned int i, off, total;
	u8 buf[64];
	int ret, found = 0;

	prandom_seed_state(&rs, 0x696c6e70);
	for (i = 0; i < 20000; i++) {
		prandom_bytes_state(&rs, buf, sizeof(buf));
		/* Bias towards interesting input. */
		buf[1] &= 7;
		if (i & 1)
			buf[2] = ILNP_NONCE_OPT;
		if (i & 2)
			buf[3] = (i & 4) ? 4 : 12;
		ret = ilnp_nonce_opt_find(buf, prandom_u32_state(&rs) % 65,
					  &out, &off);
		KUNIT_ASSERT_TRUE(test, ret == 0 || ret == -ENOENT ||
				  ret == -EBADMSG);
		if (ret)
			continue;
		found++;
		total = (buf[1] + 1) * 8;
		KUNIT_ASSERT_TRUE(test, ilnp_nonce_len_valid(out.len));
		KUNIT_ASSERT_LE(test, off + 2 + out.len, total);
		KUNIT_ASSERT_EQ(test, buf[off], ILNP_NONCE_OPT);
		KUNIT_ASSERT_EQ(test, buf[off + 1], out.len);
		KUNIT_ASSERT_EQ(test, memcmp(&buf[off + 2], out.bytes, out.len),
				0);
	}
	/* The bias must have produced accepted headers, or this tested little. */
	KUNIT_EXPECT_GT(test, found, 100);
}

static struct kunit_case ilnp_nonce_test_cases[] = {
	KUNIT_CASE(ilnp_nonce_test_hdr_len),
	KUNIT_CASE(ilnp_nonce_test_generate),
	KUNIT_CASE(ilnp_nonce_test_roundtrip_4),
	KUNIT_CASE(ilnp_nonce_test_roundtrip_12),
	KUNIT_CASE(ilnp_nonce_test_build_errors),
	KUNIT_CASE(ilnp_nonce_test_truncated),
	KUNIT_CASE(ilnp_nonce_test_wrong_len),
	KUNIT_CASE(ilnp_nonce_test_good_padding),
	KUNIT_CASE(ilnp_nonce_test_bad_padding),
	KUNIT_CASE(ilnp_nonce_test_missing),
	KUNIT_CASE(ilnp_nonce_test_after_other_option),
	KUNIT_CASE(ilnp_nonce_test_two_nonces),
	KUNIT_CASE(ilnp_nonce_test_equal),
	KUNIT_CASE(ilnp_nonce_test_random),
	{}
};

struct kunit_suite ilnp_nonce_test_suite = {
	.name = "ilnp_nonce",
	.test_cases = ilnp_nonce_test_cases,
};
