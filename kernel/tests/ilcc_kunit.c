// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: locator sets and the Identifier-Locator Communication Cache.
 */
#include <kunit/test.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>

#include "ilcc.h"
#include "locset.h"
#include "netns.h"
#include "prefix.h"
#include "suites.h"
#include "testnet.h"

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

static void locset_rebind_prefers(struct kunit *test)
{
	static const struct ilnp_loc in[] = {
		{ .loc = 0xa, .pref = 5 },
		{ .loc = 0xb, .pref = 0 },
		{ .loc = 0xc, .pref = 7 },
	};
	struct ilnp_locset *old = make_set(test, in, 2), *set;
	struct ilnp_loc n = { .loc = 0xd, .pref = 10 };

	/* Below every other: b holds 0, so it moves to 1. */
	set = ilnp_locset_rebind(old, &n, 0, false, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, set);
	KUNIT_EXPECT_EQ(test, set->n, 3U);
	KUNIT_EXPECT_EQ(test, ilnp_locset_best(set)->loc, 0xdULL);
	KUNIT_EXPECT_EQ(test, ilnp_locset_best(set)->pref, 0);
	KUNIT_EXPECT_EQ(test, set->locs[1].loc, 0xbULL);
	KUNIT_EXPECT_EQ(test, set->locs[1].pref, 1);
	kfree(set);
	kfree(old);

	/* With an old locator withdrawn; no 0 among the others. */
	old = make_set(test, &in[0], 1);
	set = ilnp_locset_rebind(old, &n, 0xa, false, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, set);
	KUNIT_EXPECT_EQ(test, set->n, 1U);
	KUNIT_EXPECT_EQ(test, set->locs[0].pref, 10);
	kfree(set);
	set = ilnp_locset_rebind(old, &n, 0, false, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, set);
	KUNIT_EXPECT_EQ(test, ilnp_locset_best(set)->loc, 0xdULL);
	KUNIT_EXPECT_EQ(test, ilnp_locset_best(set)->pref, 4);
	kfree(set);
	/* An explicit preference is kept. */
	set = ilnp_locset_rebind(old, &n, 0, true, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, set);
	KUNIT_EXPECT_EQ(test, ilnp_locset_best(set)->loc, 0xaULL);
	kfree(set);
	kfree(old);
	(void)in[2];
}

static void loc_and_prefix_validity(struct kunit *test)
{
	struct ilnp_prefix p = { .len = 32 };

	KUNIT_EXPECT_FALSE(test, ilnp_loc_valid(0));
	KUNIT_EXPECT_FALSE(test, ilnp_loc_valid(0xff02000000000000ULL));
	KUNIT_EXPECT_FALSE(test, ilnp_loc_valid(0xfe80000000000000ULL));
	KUNIT_EXPECT_FALSE(test, ilnp_loc_valid(0xfebf000000000000ULL));
	KUNIT_EXPECT_TRUE(test, ilnp_loc_valid(0xfec0000000000000ULL));
	KUNIT_EXPECT_TRUE(test, ilnp_loc_valid(0xfd00000000000001ULL));
	KUNIT_EXPECT_TRUE(test, ilnp_loc_valid(0x20010db800010000ULL));

	p.addr.s6_addr32[0] = htonl(0x20010db8);
	KUNIT_EXPECT_TRUE(test, ilnp_prefix_valid(&p));
	p.addr.s6_addr[4] = 1;		/* beyond /32 */
	KUNIT_EXPECT_FALSE(test, ilnp_prefix_valid(&p));
	p.len = 40;
	KUNIT_EXPECT_TRUE(test, ilnp_prefix_valid(&p));
	p.len = 129;
	KUNIT_EXPECT_FALSE(test, ilnp_prefix_valid(&p));
	memset(&p, 0, sizeof(p));	/* ::/0 */
	KUNIT_EXPECT_TRUE(test, ilnp_prefix_valid(&p));
}

static struct kunit_case ilnp_locset_cases[] = {
	KUNIT_CASE(locset_sorted_by_pref),
	KUNIT_CASE(locset_with_without),
	KUNIT_CASE(locset_rebind_prefers),
	KUNIT_CASE(loc_and_prefix_validity),
	{}
};

struct kunit_suite ilnp_locset_test_suite = {
	.name = "ilnp_locset",
	.test_cases = ilnp_locset_cases,
};

/* ---- ILCC ---- */

static int ilcc_test_init(struct kunit *test)
{
	test->priv = ilnp_test_net_alloc();
	return test->priv ? 0 : -ENOMEM;
}

static void ilcc_test_exit(struct kunit *test)
{
	ilnp_test_net_free(test->priv);
}

/* A published entry for (local 0x100, @nid) at @loc. */
static struct ilnp_peer *add_peer(struct kunit *test, u64 nid, u64 loc,
				  u32 flags, bool fifo, int want)
{
	struct ilnp_net *in = test->priv;
	struct ilnp_loc l = { .loc = loc, .pref = 10 };
	struct ilnp_peer *p;
	int err;

	p = ilnp_peer_alloc(in, 0x100, nid,
			    ilnp_locset_with(NULL, &l, GFP_KERNEL), flags,
			    GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	err = ilnp_peer_publish(in, p, fifo);
	KUNIT_EXPECT_EQ(test, err, want);
	if (err) {
		ilnp_peer_discard(p);
		return NULL;
	}
	return p;
}

/* Two hosts with the same NID are two entries, each found by its own
 * locator (issue: no misdelivery when interface identifiers collide). */
static void ilcc_same_nid_two_hosts(struct kunit *test)
{
	struct ilnp_net *in = test->priv;
	struct ilnp_peer *a, *b;

	a = add_peer(test, 1, 0xa, 0, false, 0);
	b = add_peer(test, 1, 0xb, 0, false, 0);
	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_NOT_NULL(test, b);
	KUNIT_EXPECT_NE(test, a->id, b->id);
	/* A third claiming a's locator clashes. */
	add_peer(test, 1, 0xa, 0, false, -EEXIST);
	KUNIT_EXPECT_EQ(test, ilnp_ilcc_count(&in->ilcc), 2U);

	rcu_read_lock();
	KUNIT_EXPECT_PTR_EQ(test, ilnp_peer_find(&in->ilcc, 0x100, 1, 0xa), a);
	KUNIT_EXPECT_PTR_EQ(test, ilnp_peer_find(&in->ilcc, 0x100, 1, 0xb), b);
	/* A third host of that NID is nobody we know. */
	KUNIT_EXPECT_NULL(test, ilnp_peer_find(&in->ilcc, 0x100, 1, 0xc));
	/* Nor is the same NID seen from another local NID. */
	KUNIT_EXPECT_NULL(test, ilnp_peer_find(&in->ilcc, 0x200, 1, 0xa));
	rcu_read_unlock();

	/* Delete by locator takes only that host's entry. */
	KUNIT_EXPECT_EQ(test, ilnp_ilcc_remove(in, 1, 0, 0xb), 1U);
	rcu_read_lock();
	KUNIT_EXPECT_PTR_EQ(test, ilnp_peer_find(&in->ilcc, 0x100, 1, 0xa), a);
	KUNIT_EXPECT_NULL(test, ilnp_peer_find(&in->ilcc, 0x100, 1, 0xb));
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, ilnp_ilcc_remove(in, 1, 0x100, 0), 1U);
	KUNIT_EXPECT_EQ(test, ilnp_ilcc_remove(in, 1, 0, 0), 0U);
	KUNIT_EXPECT_EQ(test, ilnp_ilcc_count(&in->ilcc), 0U);
}

static void ilcc_find_by_nonce(struct kunit *test)
{
	struct ilnp_net *in = test->priv;
	struct ilnp_nonce n1, n2;
	struct ilnp_peer *a, *b;

	a = add_peer(test, 7, 0xa, 0, false, 0);
	b = add_peer(test, 7, 0xb, 0, false, 0);
	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_NOT_NULL(test, b);
	ilnp_nonce_generate(&n1, 12);
	ilnp_nonce_generate(&n2, 4);
	a->nonce_remote = n1;
	b->nonce_remote = n2;
	rcu_read_lock();
	KUNIT_EXPECT_PTR_EQ(test, ilnp_peer_find_nonce(&in->ilcc, 0x100, 7, &n1), a);
	KUNIT_EXPECT_PTR_EQ(test, ilnp_peer_find_nonce(&in->ilcc, 0x100, 7, &n2), b);
	n1.bytes[0] ^= 1;
	KUNIT_EXPECT_NULL(test, ilnp_peer_find_nonce(&in->ilcc, 0x100, 7, &n1));
	rcu_read_unlock();
}

static void ilcc_set_locs_keeps_history(struct kunit *test)
{
	static const struct ilnp_loc n1 = { .loc = 0xb1, .pref = 3 };
	static const struct ilnp_loc n2 = { .loc = 0xb2, .pref = 1 };
	struct ilnp_net *in = test->priv;
	struct ilnp_peer *p = add_peer(test, 0x99, 0xa1, 0, false, 0);
	struct ilnp_locset *set, *tmp;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, p);
	tmp = ilnp_locset_with(NULL, &n1, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, tmp);
	set = ilnp_locset_with(tmp, &n2, GFP_KERNEL);
	kfree(tmp);
	KUNIT_ASSERT_NOT_NULL(test, set);
	ilnp_peer_set_locs(p, set);

	rcu_read_lock();
	set = rcu_dereference(p->locs);
	KUNIT_EXPECT_EQ(test, set->n, 2U);
	KUNIT_EXPECT_EQ(test, set->locs[0].loc, 0xb2ULL);
	KUNIT_EXPECT_EQ(test, ilnp_locset_find(set, 0xa1), -1);
	/* Sessions may still be addressed to the old locator. */
	KUNIT_EXPECT_PTR_EQ(test, ilnp_peer_find(&in->ilcc, 0x100, 0x99, 0xa1), p);
	rcu_read_unlock();

	/* The history holds the newest ILNP_PEER_HIST, no duplicates. */
	for (i = 0; i < 6; i++) {
		struct ilnp_loc l = { .loc = 0xc0 + i };

		ilnp_peer_set_locs(p, ilnp_locset_with(NULL, &l, GFP_KERNEL));
	}
	KUNIT_EXPECT_EQ(test, p->hist[0], 0xc4ULL);
	KUNIT_EXPECT_EQ(test, p->hist[ILNP_PEER_HIST - 1], 0xc1ULL);
	KUNIT_EXPECT_FALSE(test, ilnp_peer_has_loc(p, 0xa1));
}

static void ilcc_flush_keeps_static(struct kunit *test)
{
	struct ilnp_net *in = test->priv;
	u64 nid;

	for (nid = 1; nid <= 100; nid++)
		add_peer(test, nid, 0x1000 + nid,
			 nid % 10 == 0 ? ILNP_PEER_F_STATIC : 0, false, 0);
	KUNIT_EXPECT_EQ(test, ilnp_ilcc_flush(in, false), 90U);
	KUNIT_EXPECT_EQ(test, ilnp_ilcc_count(&in->ilcc), 10U);
	rcu_read_lock();
	KUNIT_EXPECT_NOT_NULL(test, ilnp_peer_find(&in->ilcc, 0x100, 50, 0x1032));
	KUNIT_EXPECT_NULL(test, ilnp_peer_find(&in->ilcc, 0x100, 51, 0x1033));
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, ilnp_ilcc_flush(in, true), 10U);
	KUNIT_EXPECT_EQ(test, ilnp_ilcc_count(&in->ilcc), 0U);
}

static void ilcc_bounded(struct kunit *test)
{
	struct ilnp_net *in = test->priv;

	in->ilcc.max = 2;
	add_peer(test, 1, 1, 0, false, 0);
	add_peer(test, 2, 1, 0, false, 0);
	add_peer(test, 3, 1, 0, false, -ENOSPC);
	KUNIT_EXPECT_EQ(test, ilnp_ilcc_count(&in->ilcc), 2U);
}

/* Entries packets create wait in a FIFO; the oldest goes when it is
 * full; proven and other entries are never evicted. */
static void ilcc_unproven_fifo_evicts_oldest(struct kunit *test)
{
	struct ilnp_net *in = test->priv;
	struct ilnp_peer *keep, *proven;
	u64 nid;

	in->ilcc.fifo_max = 4;
	keep = add_peer(test, 1000, 0xa, 0, false, 0);
	proven = add_peer(test, 1001, 0xa, 0, true, 0);
	KUNIT_ASSERT_NOT_NULL(test, proven);
	ilnp_peer_proven(in, proven);
	for (nid = 1; nid <= 1000; nid++)
		add_peer(test, nid, 0xb, 0, true, 0);
	KUNIT_EXPECT_EQ(test, in->ilcc.nfifo, 4U);
	KUNIT_EXPECT_EQ(test, ilnp_ilcc_count(&in->ilcc), 6U);
	rcu_read_lock();
	KUNIT_EXPECT_PTR_EQ(test, ilnp_peer_find(&in->ilcc, 0x100, 1000, 0xa), keep);
	KUNIT_EXPECT_PTR_EQ(test, ilnp_peer_find(&in->ilcc, 0x100, 1001, 0xa), proven);
	KUNIT_EXPECT_NULL(test, ilnp_peer_find(&in->ilcc, 0x100, 996, 0xb));
	KUNIT_EXPECT_NOT_NULL(test, ilnp_peer_find(&in->ilcc, 0x100, 997, 0xb));
	KUNIT_EXPECT_NOT_NULL(test, ilnp_peer_find(&in->ilcc, 0x100, 1000, 0xb));
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, ilnp_test_stat(in, ILNP_STAT_PEER_EVICTED), 996ULL);
}

static void ilcc_learn_once(struct kunit *test)
{
	struct ilnp_net *in = test->priv;
	struct ilnp_peer *p, *q;

	rcu_read_lock();
	p = ilnp_peer_learn(in, 0x100, 5, 0xa, ILNP_PEER_NEW,
			    ILNP_ORIGIN_REMOTE);
	q = ilnp_peer_learn(in, 0x100, 5, 0xa, ILNP_PEER_NEW,
			    ILNP_ORIGIN_REMOTE);
	KUNIT_EXPECT_NOT_NULL(test, p);
	KUNIT_EXPECT_PTR_EQ(test, p, q);
	KUNIT_EXPECT_TRUE(test, p->flags & ILNP_PEER_F_RESPONDER);
	q = ilnp_peer_learn(in, 0x100, 5, 0xb, ILNP_PEER_PLAIN,
			    ILNP_ORIGIN_LOCAL);
	KUNIT_EXPECT_NOT_NULL(test, q);
	KUNIT_EXPECT_PTR_NE(test, p, q);
	KUNIT_EXPECT_EQ(test, q->state, ILNP_PEER_PLAIN);
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, in->ilcc.nfifo, 1U);
}

/*
 * A flood of spoofed sources, each a new stranger (item 6 of the
 * safe-end-host issue, at the speed of the ILCC rather than of the
 * network stack): the table never holds more than the FIFO's bound beside
 * the sessions that were there, those stay, and every eviction is
 * counted.  RCU and the CPU are given back every batch, as softirq would
 * between packets.  8 times the bound by default: after the first 8192 it
 * is the same eviction again and again; the debug kernel under TCG takes
 * minutes for the 2^20 of "modprobe ilnp_kunit flood_strangers=1048576".
 */
static unsigned int flood_strangers = 8 * 8192;
module_param(flood_strangers, uint, 0444);
MODULE_PARM_DESC(flood_strangers, "Strangers in the ILCC flood case (a multiple of 4096)");

#define FLOOD_BATCH	4096

static void ilcc_flood_of_strangers(struct kunit *test)
{
	const unsigned int total = round_up(max(flood_strangers, 2 * 8192U),
					      FLOOD_BATCH);
	struct ilnp_net *in = test->priv;
	struct ilnp_peer *est, *p;
	unsigned int i, most = 0, n;

	in->ilcc.fifo_max = 8192;	/* ilcc_unproven_max's default */
	est = add_peer(test, 0x77, 0xa, 0, true, 0);
	KUNIT_ASSERT_NOT_NULL(test, est);
	ilnp_peer_proven(in, est);

	for (i = 0; i < total; i += FLOOD_BATCH) {
		rcu_read_lock();
		for (n = i; n < i + FLOOD_BATCH; n++) {
			p = ilnp_peer_learn(in, 0x100, 0x1000000ULL + n,
					    0x20010db800000000ULL + n,
					    ILNP_PEER_NEW, ILNP_ORIGIN_REMOTE);
			if (!p)
				break;
		}
		rcu_read_unlock();
		KUNIT_ASSERT_EQ_MSG(test, n, i + FLOOD_BATCH,
				    "stranger %u not taken", n);
		most = max(most, ilnp_ilcc_count(&in->ilcc));
		cond_resched();
		/* Let the grace periods of the evicted entries pass. */
		if (!(i % (64 * FLOOD_BATCH)))
			rcu_barrier();
	}
	KUNIT_EXPECT_LE(test, most, 8192U + 1);
	KUNIT_EXPECT_EQ(test, in->ilcc.nfifo, 8192U);
	KUNIT_EXPECT_EQ(test, ilnp_test_stat(in, ILNP_STAT_PEER_EVICTED),
			(u64)total - 8192);
	KUNIT_EXPECT_EQ(test, ilnp_test_stat(in, ILNP_STAT_PEER_LIMIT), 0ULL);
	rcu_read_lock();
	KUNIT_EXPECT_PTR_EQ(test, ilnp_peer_find(&in->ilcc, 0x100, 0x77, 0xa),
			    est);
	KUNIT_EXPECT_NULL(test, ilnp_peer_find(&in->ilcc, 0x100, 0x1000000ULL,
					       0x20010db800000000ULL));
	KUNIT_EXPECT_NOT_NULL(test, ilnp_peer_find(&in->ilcc, 0x100,
						   0x1000000ULL + total - 1,
						   0x20010db800000000ULL + total - 1));
	rcu_read_unlock();
}

static struct kunit_case ilnp_ilcc_cases[] = {
	KUNIT_CASE(ilcc_same_nid_two_hosts),
	KUNIT_CASE(ilcc_find_by_nonce),
	KUNIT_CASE(ilcc_set_locs_keeps_history),
	KUNIT_CASE(ilcc_flush_keeps_static),
	KUNIT_CASE(ilcc_bounded),
	KUNIT_CASE(ilcc_unproven_fifo_evicts_oldest),
	KUNIT_CASE(ilcc_learn_once),
	KUNIT_CASE(ilcc_flood_of_strangers),
	{}
};

struct kunit_suite ilnp_ilcc_test_suite = {
	.name = "ilnp_ilcc",
	.init = ilcc_test_init,
	.exit = ilcc_test_exit,
	.test_cases = ilnp_ilcc_cases,
};
