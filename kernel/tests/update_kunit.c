// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the Locator Update announcement (update.c) reaches every active
 * peer, in batches, from its work: a namespace with thousands of peers
 * (a site evacuation) neither skips one nor holds the RCU read lock or
 * the CPU throughout.
 */
#include <kunit/test.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>

#include "ilnp.h"
#include "ilcc.h"
#include "local.h"
#include "suites.h"
#include "testnet.h"
#include "update.h"

#define NPEERS	4096	/* 16 batches of ILNP_WALK_BATCH */

static void lu_announce_reaches_every_active_peer(struct kunit *test)
{
	struct ilnp_net *in = ilnp_test_net_alloc();
	struct ilnp_loc mine = { .loc = 0x20010db800010000ULL, .pref = 10 };
	struct rhashtable_iter iter;
	struct ilnp_nid_req nid = { .nid = 0x100 };
	unsigned int i, pending = 0, idle = 0;
	u64 ver;
	struct ilnp_peer *p;

	KUNIT_ASSERT_NOT_NULL(test, in);
	in->net = &init_net;	/* LUs find no route there: harmless */
	KUNIT_ASSERT_EQ(test, ilnp_nid_add(in, &nid, NULL), 0);
	ilnp_lu_net_init(in);
	in->ilcc.max = NPEERS + 1;
	for (i = 0; i < NPEERS + 1; i++) {
		struct ilnp_loc l = { .loc = 0x20010db8ff000000ULL + i };

		p = ilnp_peer_alloc(in, 0x100, 0x1000 + i,
				    ilnp_locset_with(NULL, &l, GFP_KERNEL),
				    ILNP_PEER_F_VERIFIED, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, p);
		if (i < NPEERS) {	/* an ILNP session with each but one */
			p->state = ILNP_PEER_CONFIRMED;
			p->nonce_sent = true;
			ilnp_nonce_generate(&p->nonce_remote, 12);
		}
		KUNIT_ASSERT_EQ(test, ilnp_peer_publish(in, p, false), 0);
	}

	/* The locators change: every active peer of the NID hears it. */
	rcu_assign_pointer(in->locs, ilnp_locset_with(NULL, &mine, GFP_KERNEL));
	ilnp_lu_announce(in);
	flush_work(&in->announce);

	/*
	 * Reached: told this very set (lu_ver), whether its LU is still
	 * pending or, on a slow machine, already given up after lu_retries
	 * (no route here).
	 */
	ver = rcu_dereference_protected(in->locs, true)->ver;
	rhltable_walk_enter(&in->ilcc.table, &iter);
	rhashtable_walk_start(&iter);
	while ((p = ilnp_walk_next(&iter))) {
		spin_lock_bh(&p->lock);
		if (p->lu_ver == ver && p->lu_tries &&
		    (p->state == ILNP_PEER_LU_PENDING ||
		     p->state == ILNP_PEER_CONFIRMED))
			pending++;
		else if (p->state == ILNP_PEER_NEW && p->lu_ver != ver)
			idle++;
		spin_unlock_bh(&p->lock);
	}
	rhashtable_walk_stop(&iter);
	rhashtable_walk_exit(&iter);
	KUNIT_EXPECT_EQ(test, pending, NPEERS);
	KUNIT_EXPECT_EQ(test, idle, 1U);	/* not active: no LU */

	/* All acknowledged; a second announcement of the same set starts
	 * nothing. */
	rhltable_walk_enter(&in->ilcc.table, &iter);
	rhashtable_walk_start(&iter);
	while ((p = ilnp_walk_next(&iter))) {
		spin_lock_bh(&p->lock);
		if (p->state == ILNP_PEER_LU_PENDING) {
			p->state = ILNP_PEER_CONFIRMED;
			p->lu_due = 0;
		}
		spin_unlock_bh(&p->lock);
	}
	rhashtable_walk_stop(&iter);
	rhashtable_walk_exit(&iter);
	ilnp_lu_announce(in);
	flush_work(&in->announce);
	pending = 0;
	rhltable_walk_enter(&in->ilcc.table, &iter);
	rhashtable_walk_start(&iter);
	while ((p = ilnp_walk_next(&iter)))
		pending += READ_ONCE(p->state) == ILNP_PEER_LU_PENDING;
	rhashtable_walk_stop(&iter);
	rhashtable_walk_exit(&iter);
	KUNIT_EXPECT_EQ(test, pending, 0U);

	/* The peers' timers read our locators: stop them first (the test
	 * net frees the set with the NID table). */
	ilnp_lu_net_exit(in);
	ilnp_test_net_free(in);
}

static struct kunit_case ilnp_update_cases[] = {
	KUNIT_CASE(lu_announce_reaches_every_active_peer),
	{}
};

struct kunit_suite ilnp_update_test_suite = {
	.name = "ilnp_update",
	.test_cases = ilnp_update_cases,
};
