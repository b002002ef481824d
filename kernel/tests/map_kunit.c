// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the locator map's pure parts (map.c): which pairs are
 * checksum-neutral, and the locator summaries that keep packets of other
 * nodes away from the hash table.
 */
#include <kunit/test.h>
#include <linux/slab.h>

#include "map.h"
#include "suites.h"

static void map_neutral_pairs(struct kunit *test)
{
	/* 2001:db8:1:0 and fd00:1:0:x: pick x so that the sums agree. */
	u64 ext = 0x20010db800010000ULL;
	u64 int_ = 0xfd00000100000000ULL;
	u16 want;
	u32 sum;

	KUNIT_EXPECT_FALSE(test, ilnp_map_neutral(ext, int_));
	/* one's complement sum of ext's words minus int's first three */
	sum = 0x2001 + 0x0db8 + 0x0001 + 0x0000;
	sum += (0xfd00 ^ 0xffff) + (0x0001 ^ 0xffff) + (0x0000 ^ 0xffff);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	want = sum;
	KUNIT_EXPECT_TRUE(test, ilnp_map_neutral(ext, int_ | want));
	KUNIT_EXPECT_FALSE(test, ilnp_map_neutral(ext, int_ | (u16)(want + 1)));
	/* The same words in another order sum the same. */
	KUNIT_EXPECT_TRUE(test, ilnp_map_neutral(0x1111222233334444ULL,
						 0x4444333322221111ULL));
}

static void map_locator_summary_counts(struct kunit *test)
{
	struct ilnp_map_locs *a, *b, *c, *d;

	a = ilnp_map_locs_change(NULL, 0x30, 0);
	KUNIT_ASSERT_NOT_NULL(test, a);
	b = ilnp_map_locs_change(a, 0x10, 0);
	KUNIT_ASSERT_NOT_NULL(test, b);
	c = ilnp_map_locs_change(b, 0x30, 0);	/* a second user */
	KUNIT_ASSERT_NOT_NULL(test, c);
	KUNIT_EXPECT_EQ(test, c->n, 2U);
	KUNIT_EXPECT_EQ(test, c->v[0].loc, 0x10ULL);	/* sorted */
	KUNIT_EXPECT_EQ(test, c->v[1].loc, 0x30ULL);
	KUNIT_EXPECT_EQ(test, c->v[1].refs, 2U);
	/* One entry moves from 0x30 to 0x20: add and drop in one copy. */
	d = ilnp_map_locs_change(c, 0x20, 0x30);
	KUNIT_ASSERT_NOT_NULL(test, d);
	KUNIT_EXPECT_EQ(test, d->n, 3U);
	KUNIT_EXPECT_EQ(test, d->v[1].loc, 0x20ULL);
	KUNIT_EXPECT_EQ(test, d->v[2].refs, 1U);
	kfree(a);
	kfree(b);
	kfree(c);
	/* The last user of 0x30 goes: so does 0x30; a no-op change keeps. */
	a = ilnp_map_locs_change(d, 0, 0x30);
	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_EXPECT_EQ(test, a->n, 2U);
	KUNIT_EXPECT_EQ(test, a->v[1].loc, 0x20ULL);
	b = ilnp_map_locs_change(a, 0x20, 0x20);
	KUNIT_ASSERT_NOT_NULL(test, b);
	KUNIT_EXPECT_EQ(test, b->n, 2U);
	KUNIT_EXPECT_EQ(test, b->v[1].refs, 1U);
	kfree(a);
	kfree(b);
	kfree(d);
}

static struct kunit_case ilnp_map_cases[] = {
	KUNIT_CASE(map_neutral_pairs),
	KUNIT_CASE(map_locator_summary_counts),
	{}
};

struct kunit_suite ilnp_map_test_suite = {
	.name = "ilnp_map",
	.test_cases = ilnp_map_cases,
};
