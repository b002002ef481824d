// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the ICMPv6 Locator Update message (lu.c).
 */

#include <kunit/test.h>
#include <linux/errno.h>
#include <linux/string.h>

#include "../lu.h"
#include "suites.h"

/* Distinct, recognisable entries: locator i is 2001:db8:i::/64. */
static void fill_locs(struct ilnp_lu_loc *locs, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		locs[i].loc = 0x20010db800000000ULL | ((u64)(i + 1) << 16) | i;
		locs[i].pref = 10 + i;
		locs[i].lifetime = 0xff00 ^ i;
	}
}

static void ilnp_lu_test_len(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, ilnp_lu_len(1), (size_t)20);
	KUNIT_EXPECT_EQ(test, ilnp_lu_len(2), (size_t)32);
	KUNIT_EXPECT_EQ(test, ilnp_lu_len(255), (size_t)3068);
	KUNIT_EXPECT_EQ(test, ilnp_lu_len(255), (size_t)ILNP_LU_MAX_LEN);
	KUNIT_EXPECT_EQ(test, ilnp_lu_len(0), (size_t)0);
	KUNIT_EXPECT_EQ(test, ilnp_lu_len(256), (size_t)0);
}

static void ilnp_lu_test_layout(struct kunit *test)
{
	static const u8 want[20] = {
		156, 0, 0, 0,		/* type, code, checksum */
		1, 1, 0, 0,		/* num of locs, operation, reserved */
		0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0x00, 0x02,
		0x00, 0x0a,		/* preference 10 */
		0x01, 0x2c,		/* lifetime 300 */
	};
	const struct ilnp_lu_loc loc = {
		.loc = 0x20010db800010002ULL, .pref = 10, .lifetime = 300,
	};
	u8 buf[24];

	memset(buf, 0xa5, sizeof(buf));
	/* Odd offset: the builder must not assume alignment. */
	KUNIT_ASSERT_EQ(test, ilnp_lu_build(buf + 1, sizeof(buf) - 1,
					    ILNP_LU_OP_UPDATE, &loc, 1), 20);
	KUNIT_EXPECT_EQ(test, memcmp(buf + 1, want, sizeof(want)), 0);
	KUNIT_EXPECT_EQ(test, buf[0], 0xa5);
	KUNIT_EXPECT_EQ(test, buf[21], 0xa5);
}

static void roundtrip(struct kunit *test, u8 op, unsigned int n)
{
	struct ilnp_lu_loc *in, *out;
	size_t len = ilnp_lu_len(n);
	unsigned int got_n = 0;
	u8 *buf, got_op = 0;

	in = kunit_kcalloc(test, n, sizeof(*in), GFP_KERNEL);
	out = kunit_kcalloc(test, n, sizeof(*out), GFP_KERNEL);
	buf = kunit_kzalloc(test, len + 1, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, in);
	KUNIT_ASSERT_NOT_NULL(test, out);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	fill_locs(in, n);

	/* +1: parse from an odd address too. */
	KUNIT_ASSERT_EQ(test, ilnp_lu_build(buf + 1, len, op, in, n), (int)len);
	KUNIT_EXPECT_EQ(test, buf[1 + ILNP_LU_OFF_NLOCS], n);
	KUNIT_ASSERT_EQ(test, ilnp_lu_parse(buf + 1, len, &got_op, out, n,
					    &got_n), 0);
	KUNIT_EXPECT_EQ(test, got_op, op);
	KUNIT_EXPECT_EQ(test, got_n, n);
	KUNIT_EXPECT_EQ(test, memcmp(in, out, n * sizeof(*in)), 0);
}

static void ilnp_lu_test_roundtrip(struct kunit *test)
{
	static const unsigned int counts[] = { 1, 2, 17, 254, 255 };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(counts); i++) {
		roundtrip(test, ILNP_LU_OP_UPDATE, counts[i]);
		roundtrip(test, ILNP_LU_OP_ACK, counts[i]);
	}
}

static void ilnp_lu_test_zero_locs(struct kunit *test)
{
	static const u8 msg[8] = { 156, 0, 0, 0, 0, ILNP_LU_OP_UPDATE, 0, 0 };
	static const u8 ack[8] = { 156, 0, 0, 0, 0, ILNP_LU_OP_ACK, 0, 0 };
	struct ilnp_lu_loc loc;
	unsigned int n = 99;
	u8 buf[32], op = 99;

	fill_locs(&loc, 1);
	KUNIT_EXPECT_EQ(test, ilnp_lu_build(buf, sizeof(buf),
					    ILNP_LU_OP_UPDATE, &loc, 0),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, ilnp_lu_build(buf, sizeof(buf), ILNP_LU_OP_ACK,
					    &loc, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, ilnp_lu_parse(msg, 8, &op, &loc, 1, &n),
			-EBADMSG);
	KUNIT_EXPECT_EQ(test, ilnp_lu_parse(ack, 8, &op, &loc, 1, &n),
			-EBADMSG);
	KUNIT_EXPECT_EQ(test, op, 99);
	KUNIT_EXPECT_EQ(test, n, 99U);
}

static void ilnp_lu_test_build_errors(struct kunit *test)
{
	struct ilnp_lu_loc locs[2];
	u8 buf[32];

	fill_locs(locs, 2);
	KUNIT_EXPECT_EQ(test, ilnp_lu_build(buf, 31, ILNP_LU_OP_UPDATE, locs,
					    2), -EMSGSIZE);
	KUNIT_EXPECT_EQ(test, ilnp_lu_build(buf, 32, ILNP_LU_OP_UPDATE, locs,
					    2), 32);
	KUNIT_EXPECT_EQ(test, ilnp_lu_build(buf, 32, 0, locs, 2), -EINVAL);
	KUNIT_EXPECT_EQ(test, ilnp_lu_build(buf, 32, 3, locs, 2), -EINVAL);
	KUNIT_EXPECT_EQ(test, ilnp_lu_build(buf, 32, ILNP_LU_OP_ACK, NULL, 2),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, ilnp_lu_build(buf, sizeof(buf), ILNP_LU_OP_ACK,
					    locs, 256), -EINVAL);
}

/* A valid 3-locator message to corrupt. */
static size_t make_msg3(struct kunit *test, u8 *buf, size_t size)
{
	struct ilnp_lu_loc locs[3];

	fill_locs(locs, 3);
	KUNIT_ASSERT_EQ(test, ilnp_lu_build(buf, size, ILNP_LU_OP_UPDATE, locs,
					    3), 44);
	return 44;
}

static int parse3(const u8 *buf, size_t len)
{
	struct ilnp_lu_loc locs[3];
	unsigned int n;
	u8 op;

	return ilnp_lu_parse(buf, len, &op, locs, ARRAY_SIZE(locs), &n);
}

static void ilnp_lu_test_truncated(struct kunit *test)
{
	u8 buf[64];
	size_t len = make_msg3(test, buf, sizeof(buf)), l;

	KUNIT_EXPECT_EQ(test, parse3(buf, len), 0);
	for (l = 0; l < len; l++)
		KUNIT_EXPECT_EQ_MSG(test, parse3(buf, l), -EBADMSG, "len %zu",
				    l);
}

static void ilnp_lu_test_count_too_large(struct kunit *test)
{
	u8 buf[64];
	size_t len = make_msg3(test, buf, sizeof(buf));

	buf[ILNP_LU_OFF_NLOCS] = 4;
	KUNIT_EXPECT_EQ(test, parse3(buf, len), -EBADMSG);
	buf[ILNP_LU_OFF_NLOCS] = 255;
	KUNIT_EXPECT_EQ(test, parse3(buf, len), -EBADMSG);
}

static void ilnp_lu_test_trailing(struct kunit *test)
{
	u8 buf[64];
	size_t len = make_msg3(test, buf, sizeof(buf));

	memset(buf + len, 0, sizeof(buf) - len);
	KUNIT_EXPECT_EQ(test, parse3(buf, len + 1), -EBADMSG);
	KUNIT_EXPECT_EQ(test, parse3(buf, len + 12), -EBADMSG);
	/* Fewer announced than carried is trailing garbage too. */
	buf[ILNP_LU_OFF_NLOCS] = 2;
	KUNIT_EXPECT_EQ(test, parse3(buf, len), -EBADMSG);
}

static void ilnp_lu_test_type_code_op(struct kunit *test)
{
	u8 buf[64];
	size_t len = make_msg3(test, buf, sizeof(buf));
	unsigned int op;

	buf[0] = 155;
	KUNIT_EXPECT_EQ(test, parse3(buf, len), -EBADMSG);
	buf[0] = ILNP_ICMPV6_LU;
	buf[1] = 1;
	KUNIT_EXPECT_EQ(test, parse3(buf, len), -EBADMSG);
	buf[1] = 0;
	for (op = 0; op < 256; op++) {
		buf[ILNP_LU_OFF_OP] = op;
		KUNIT_EXPECT_EQ_MSG(test, parse3(buf, len),
				    op == 1 || op == 2 ? 0 : -EOPNOTSUPP,
				    "op %u", op);
	}
}

static void ilnp_lu_test_reserved_and_csum(struct kunit *test)
{
	u8 buf[64];
	size_t len = make_msg3(test, buf, sizeof(buf));

	/* The builder zeroes checksum and reserved... */
	KUNIT_EXPECT_EQ(test, buf[2] | buf[3] | buf[6] | buf[7], 0);
	/* ...and the parser ignores both. */
	buf[2] = 0x12;
	buf[3] = 0x34;
	buf[6] = 0xff;
	buf[7] = 0x01;
	KUNIT_EXPECT_EQ(test, parse3(buf, len), 0);
}

static void ilnp_lu_test_max_too_small(struct kunit *test)
{
	struct ilnp_lu_loc locs[2];
	unsigned int n = 99;
	u8 buf[64], op = 99;
	size_t len = make_msg3(test, buf, sizeof(buf));

	memset(locs, 0x5a, sizeof(locs));
	KUNIT_EXPECT_EQ(test, ilnp_lu_parse(buf, len, &op, locs, 2, &n),
			-ENOSPC);
	KUNIT_EXPECT_EQ(test, n, 99U);
	KUNIT_EXPECT_EQ(test, op, 99);
	KUNIT_EXPECT_EQ(test, locs[0].pref, 0x5a5a);
	KUNIT_EXPECT_EQ(test, ilnp_lu_parse(buf, len, &op, locs, 0, &n),
			-ENOSPC);
}

static struct kunit_case ilnp_lu_test_cases[] = {
	KUNIT_CASE(ilnp_lu_test_len),
	KUNIT_CASE(ilnp_lu_test_layout),
	KUNIT_CASE(ilnp_lu_test_roundtrip),
	KUNIT_CASE(ilnp_lu_test_zero_locs),
	KUNIT_CASE(ilnp_lu_test_build_errors),
	KUNIT_CASE(ilnp_lu_test_truncated),
	KUNIT_CASE(ilnp_lu_test_count_too_large),
	KUNIT_CASE(ilnp_lu_test_trailing),
	KUNIT_CASE(ilnp_lu_test_type_code_op),
	KUNIT_CASE(ilnp_lu_test_reserved_and_csum),
	KUNIT_CASE(ilnp_lu_test_max_too_small),
	{}
};

struct kunit_suite ilnp_lu_test_suite = {
	.name = "ilnp_lu",
	.test_cases = ilnp_lu_test_cases,
};
