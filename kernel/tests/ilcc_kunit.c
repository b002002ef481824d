// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: locator sets and the Identifier-Locator Communication Cache.
 */
#include <kunit/test.h>
#include <linux/slab.h>

#include "ilcc.h"
#include "locset.h"
#include "suites.h"

static struct ilnp_locset *make_set(struct kunit *test,
				    const struct ilnp_loc *locs, unsigned int n)
{
	struct ilnp_locset *set = ilnp_locset_alloc(n, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, set);
	memcpy(set->locs, locs, n * sizeof(*locs));
	ilnp_locset_sort(set);
	return set;
}

static void locset_sorted_by_pref(struct kunit *test)
{
	static const struct ilnp_loc in[] = {
		{ .loc = 0x30, .pref = 20 },
		{ .loc = 0x10, .pref = 5 },
		{ .loc = 0x20, .pref = 5 },
	};
	struct ilnp_locset *set = make_set(test, in, ARRAY_SIZE(in));

	KUNIT_EXPECT_EQ(test, set->locs[0].loc, 0x10ULL);
	KUNIT_EXPECT_EQ(test, set->locs[1].loc, 0x20ULL);
	KUNIT_EXPECT_EQ(test, set->locs[2].loc, 0x30ULL);
	KUNIT_EXPECT_EQ(test, ilnp_locset_best(set)->loc, 0x10ULL);
	KUNIT_EXPECT_EQ(test, ilnp_locset_find(set, 0x30), 2);
	KUNIT_EXPECT_EQ(test, ilnp_locset_find(set, 0x40), -1);
	kfree(set);
}

static void locset_with_without(struct kunit *test)
{
	static const struct ilnp_loc a = { .loc = 0xa, .pref = 10 };
	static const struct ilnp_loc b = { .loc = 0xb, .pref = 1 };
	static const struct ilnp_loc b2 = { .loc = 0xb, .pref = 50 };
	struct ilnp_locset *s1, *s2, *s3, *s4;

	KUNIT_EXPECT_NULL(test, ilnp_locset_best(NULL));
	s1 = ilnp_locset_with(NULL, &a, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, s1);
	KUNIT_EXPECT_EQ(test, s1->n, 1U);

	s2 = ilnp_locset_with(s1, &b, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, s2);
	KUNIT_EXPECT_EQ(test, s2->n, 2U);
	KUNIT_EXPECT_EQ(test, ilnp_locset_best(s2)->loc, 0xbULL);
	/* The old set is untouched: readers may still hold it. */
	KUNIT_EXPECT_EQ(test, s1->n, 1U);

	/* Same L64 again replaces, and re-sorts by the new preference. */
	s3 = ilnp_locset_with(s2, &b2, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, s3);
	KUNIT_EXPECT_EQ(test, s3->n, 2U);
	KUNIT_EXPECT_EQ(test, ilnp_locset_best(s3)->loc, 0xaULL);
	KUNIT_EXPECT_FALSE(test, ilnp_locset_equal(s2, s3));

	s4 = ilnp_locset_without(s3, 0xa, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, s4);
	KUNIT_EXPECT_EQ(test, s4->n, 1U);
	KUNIT_EXPECT_EQ(test, s4->locs[0].loc, 0xbULL);
	KUNIT_EXPECT_EQ(test, s4->locs[0].pref, 50);

	KUNIT_EXPECT_TRUE(test, ilnp_locset_equal(s1, s1));
	KUNIT_EXPECT_TRUE(test, ilnp_locset_equal(NULL, NULL));
	KUNIT_EXPECT_FALSE(test, ilnp_locset_equal(s1, NULL));
	kfree(s1);
	kfree(s2);
	kfree(s3);
	kfree(s4);
}

static struct kunit_case ilnp_locset_cases[] = {
	KUNIT_CASE(locset_sorted_by_pref),
	KUNIT_CASE(locset_with_without),
	{}
};

struct kunit_suite ilnp_locset_test_suite = {
	.name = "ilnp_locset",
	.test_cases = ilnp_locset_cases,
};

/* ---- ILCC ---- */

static int ilcc_test_init(struct kunit *test)
{
	struct ilnp_ilcc *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);

	if (!c || ilnp_ilcc_init(c))
		return -ENOMEM;
	test->priv = c;
	return 0;
}

static void ilcc_test_exit(struct kunit *test)
{
	ilnp_ilcc_destroy(test->priv);
	rcu_barrier();
}

static struct ilnp_peer *new_peer(struct kunit *test, u64 nid, u64 loc)
{
	struct ilnp_loc l = { .loc = loc, .pref = 10 };
	struct ilnp_peer *p;

	p = ilnp_peer_create(nid, ilnp_locset_with(NULL, &l, GFP_KERNEL),
			     0, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	return p;
}

static void ilcc_insert_lookup_remove(struct kunit *test)
{
	struct ilnp_ilcc *c = test->priv;
	struct ilnp_peer *p, *dup;

	p = new_peer(test, 7, 0x2001);
	KUNIT_ASSERT_EQ(test, ilnp_peer_insert(c, p), 0);
	KUNIT_EXPECT_EQ(test, ilnp_ilcc_count(c), 1U);

	dup = new_peer(test, 7, 0x2002);
	KUNIT_EXPECT_EQ(test, ilnp_peer_insert(c, dup), -EEXIST);
	kfree(rcu_dereference_raw(dup->locs));
	kfree(dup);

	rcu_read_lock();
	KUNIT_EXPECT_PTR_EQ(test, ilnp_peer_lookup(c, 7), p);
	KUNIT_EXPECT_NULL(test, ilnp_peer_lookup(c, 8));
	KUNIT_EXPECT_EQ(test, ilnp_locset_best(rcu_dereference(p->locs))->loc,
			0x2001ULL);
	rcu_read_unlock();

	KUNIT_EXPECT_EQ(test, ilnp_peer_remove(c, 7), 0);
	KUNIT_EXPECT_EQ(test, ilnp_peer_remove(c, 7), -ENOENT);
	KUNIT_EXPECT_EQ(test, ilnp_ilcc_count(c), 0U);
}

static void ilcc_set_locs_replaces_whole_set(struct kunit *test)
{
	static const struct ilnp_loc n1 = { .loc = 0xb1, .pref = 3 };
	static const struct ilnp_loc n2 = { .loc = 0xb2, .pref = 1 };
	struct ilnp_ilcc *c = test->priv;
	struct ilnp_peer *p = new_peer(test, 0x99, 0xa1);
	struct ilnp_locset *set, *tmp;

	KUNIT_ASSERT_EQ(test, ilnp_peer_insert(c, p), 0);
	tmp = ilnp_locset_with(NULL, &n1, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, tmp);
	set = ilnp_locset_with(tmp, &n2, GFP_KERNEL);
	kfree(tmp);
	KUNIT_ASSERT_NOT_NULL(test, set);
	ilnp_peer_set_locs(p, set);

	rcu_read_lock();
	set = rcu_dereference(ilnp_peer_lookup(c, 0x99)->locs);
	KUNIT_EXPECT_EQ(test, set->n, 2U);
	KUNIT_EXPECT_EQ(test, set->locs[0].loc, 0xb2ULL);
	KUNIT_EXPECT_EQ(test, ilnp_locset_find(set, 0xa1), -1);
	rcu_read_unlock();
}

static void ilcc_flush_keeps_static(struct kunit *test)
{
	struct ilnp_ilcc *c = test->priv;
	struct ilnp_peer *p;
	u64 nid;

	for (nid = 1; nid <= 100; nid++) {
		p = new_peer(test, nid, 0x1000 + nid);
		if (nid % 10 == 0)
			p->flags |= ILNP_PEER_F_STATIC;
		KUNIT_ASSERT_EQ(test, ilnp_peer_insert(c, p), 0);
	}
	KUNIT_EXPECT_EQ(test, ilnp_ilcc_flush(c, false), 90U);
	KUNIT_EXPECT_EQ(test, ilnp_ilcc_count(c), 10U);
	rcu_read_lock();
	KUNIT_EXPECT_NOT_NULL(test, ilnp_peer_lookup(c, 50));
	KUNIT_EXPECT_NULL(test, ilnp_peer_lookup(c, 51));
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, ilnp_ilcc_flush(c, true), 10U);
	KUNIT_EXPECT_EQ(test, ilnp_ilcc_count(c), 0U);
}

static void ilcc_bounded(struct kunit *test)
{
	struct ilnp_ilcc *c = test->priv;
	struct ilnp_peer *p;

	c->max = 2;
	KUNIT_ASSERT_EQ(test, ilnp_peer_insert(c, new_peer(test, 1, 1)), 0);
	KUNIT_ASSERT_EQ(test, ilnp_peer_insert(c, new_peer(test, 2, 1)), 0);
	p = new_peer(test, 3, 1);
	KUNIT_EXPECT_EQ(test, ilnp_peer_insert(c, p), -ENOSPC);
	kfree(rcu_dereference_raw(p->locs));
	kfree(p);
}

static struct kunit_case ilnp_ilcc_cases[] = {
	KUNIT_CASE(ilcc_insert_lookup_remove),
	KUNIT_CASE(ilcc_set_locs_replaces_whole_set),
	KUNIT_CASE(ilcc_flush_keeps_static),
	KUNIT_CASE(ilcc_bounded),
	{}
};

struct kunit_suite ilnp_ilcc_test_suite = {
	.name = "ilnp_ilcc",
	.init = ilcc_test_init,
	.exit = ilcc_test_exit,
	.test_cases = ilnp_ilcc_cases,
};
