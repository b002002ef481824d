// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: session views (flow.c) and the per-peer RTT estimate that times
 * Locator Update retransmissions (ilcc.c).
 */
#include <kunit/test.h>
#include <linux/in.h>
#include <linux/jiffies.h>
#include <linux/slab.h>

#include "flow.h"
#include "ilcc.h"
#include "suites.h"

static int flow_test_init(struct kunit *test)
{
	struct ilnp_flows *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, f);
	KUNIT_ASSERT_EQ(test, ilnp_flows_init(f), 0);
	test->priv = f;
	return 0;
}

static void flow_test_exit(struct kunit *test)
{
	ilnp_flows_destroy(test->priv);
}

static struct ilnp_flow_key key(u64 peer, __be16 lport)
{
	return (struct ilnp_flow_key){
		.local_nid = 0x100, .peer_nid = peer, .proto = IPPROTO_TCP,
		.lport = lport, .pport = htons(80),
	};
}

static void flow_learn_lookup_refresh(struct kunit *test)
{
	struct ilnp_flows *f = test->priv;
	struct ilnp_flow_key k1 = key(0x200, htons(1000));
	struct ilnp_flow_key k2 = key(0x200, htons(1001));
	struct ilnp_flow *fl;

	rcu_read_lock();
	KUNIT_EXPECT_NULL(test, ilnp_flow_lookup(f, &k1));
	fl = ilnp_flow_learn(f, &k1, cpu_to_be64(1), cpu_to_be64(2));
	KUNIT_ASSERT_NOT_NULL(test, fl);
	KUNIT_EXPECT_PTR_EQ(test, ilnp_flow_lookup(f, &k1), fl);
	/* Another port of the same two NIDs is another session. */
	KUNIT_EXPECT_NULL(test, ilnp_flow_lookup(f, &k2));
	/* Learning again refreshes the view in place. */
	KUNIT_EXPECT_PTR_EQ(test, ilnp_flow_learn(f, &k1, cpu_to_be64(3),
						  cpu_to_be64(2)), fl);
	KUNIT_EXPECT_EQ(test, be64_to_cpu(fl->local_view), 3ULL);
	KUNIT_EXPECT_EQ(test, be64_to_cpu(fl->peer_view), 2ULL);
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, ilnp_flows_count(f), 1U);
}

static void flow_bounded_and_expired(struct kunit *test)
{
	struct ilnp_flows *f = test->priv;
	unsigned int saved = ilnp_flow_max;
	struct ilnp_flow_key k;
	int i;

	ilnp_flow_max = 3;
	rcu_read_lock();
	for (i = 0; i < 5; i++) {
		struct ilnp_flow *fl;

		k = key(0x200 + i, htons(1000));
		fl = ilnp_flow_learn(f, &k, cpu_to_be64(1), cpu_to_be64(2));
		if (i < 3)
			KUNIT_EXPECT_NOT_NULL(test, fl);
		else
			KUNIT_EXPECT_NULL(test, fl);
	}
	rcu_read_unlock();
	ilnp_flow_max = saved;
	KUNIT_EXPECT_EQ(test, ilnp_flows_count(f), 3U);
	/* Nothing is idle for an hour yet; TCP views outlive the short
	 * timeout; everything is idle for 0. */
	KUNIT_EXPECT_EQ(test, ilnp_flows_expire(f, 3600 * HZ, 3600 * HZ), 0U);
	KUNIT_EXPECT_EQ(test, ilnp_flows_expire(f, 0, 3600 * HZ), 0U);
	KUNIT_EXPECT_EQ(test, ilnp_flows_expire(f, 0, 0), 3U);
	KUNIT_EXPECT_EQ(test, ilnp_flows_count(f), 0U);
}

static void peer_rto_follows_rtt(struct kunit *test)
{
	struct ilnp_peer *p = ilnp_peer_create(7, NULL, 0, GFP_KERNEL);
	int i;

	KUNIT_ASSERT_NOT_NULL(test, p);
	/* No sample: the conservative initial value. */
	KUNIT_EXPECT_EQ(test, ilnp_peer_rto_us(p), 250000U);
	/* A steady 20 ms path: RTO close above 20 ms, far below 1 s. */
	for (i = 0; i < 20; i++)
		ilnp_peer_rtt_sample(p, 20000);
	KUNIT_EXPECT_EQ(test, p->srtt_us, 20000U);
	KUNIT_EXPECT_GE(test, ilnp_peer_rto_us(p), 20000U);
	KUNIT_EXPECT_LE(test, ilnp_peer_rto_us(p), 30000U);
	/* A 100 us LAN still waits at least the 10 ms floor. */
	for (i = 0; i < 40; i++)
		ilnp_peer_rtt_sample(p, 100);
	KUNIT_EXPECT_EQ(test, ilnp_peer_rto_us(p), 10000U);
	/* A 10 s path is capped at 3 s before backoff. */
	for (i = 0; i < 40; i++)
		ilnp_peer_rtt_sample(p, 10000000);
	KUNIT_EXPECT_EQ(test, ilnp_peer_rto_us(p), 3000000U);
	/* Our nonce was chosen at creation, with the configured length. */
	KUNIT_EXPECT_TRUE(test, p->nonce_local.len == 4 ||
				p->nonce_local.len == 12);
	kfree(p);
}

static struct kunit_case ilnp_flow_cases[] = {
	KUNIT_CASE(flow_learn_lookup_refresh),
	KUNIT_CASE(flow_bounded_and_expired),
	KUNIT_CASE(peer_rto_follows_rtt),
	{}
};

struct kunit_suite ilnp_flow_test_suite = {
	.name = "ilnp_flow",
	.init = flow_test_init,
	.exit = flow_test_exit,
	.test_cases = ilnp_flow_cases,
};
