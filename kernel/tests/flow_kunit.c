// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: session views (flow.c), the per-peer timing (timers.c) and the
 * budgets for hostile input (ratelimit.c).
 */
#include <kunit/test.h>
#include <linux/in.h>
#include <linux/jiffies.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>

#include "flow.h"
#include "ilcc.h"
#include "netns.h"
#include "ratelimit.h"
#include "suites.h"
#include "testnet.h"
#include "timers.h"

static int flow_test_init(struct kunit *test)
{
	test->priv = ilnp_test_net_alloc();
	return test->priv ? 0 : -ENOMEM;
}

static void flow_test_exit(struct kunit *test)
{
	ilnp_test_net_free(test->priv);
}

static struct ilnp_peer *peer(struct kunit *test, u64 nid, u64 loc, u32 flags)
{
	struct ilnp_loc l = { .loc = loc, .pref = 10 };
	struct ilnp_peer *p;

	p = ilnp_peer_alloc(test->priv, 0x100, nid,
			    ilnp_locset_with(NULL, &l, GFP_KERNEL), flags,
			    GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_ASSERT_EQ(test, ilnp_peer_publish(test->priv, p, false), 0);
	return p;
}

static struct ilnp_flow_key key(const struct ilnp_peer *p, u16 lport)
{
	return (struct ilnp_flow_key){
		.peer_id = p->id, .proto = IPPROTO_TCP,
		.lport = htons(lport), .pport = htons(80),
	};
}

/* Two hosts with one NID and the same ports: two sessions, two views. */
static void flow_views_per_peer(struct kunit *test)
{
	struct ilnp_net *in = test->priv;
	struct ilnp_peer *a = peer(test, 0x200, 0xa, ILNP_PEER_F_VERIFIED);
	struct ilnp_peer *b = peer(test, 0x200, 0xb, ILNP_PEER_F_VERIFIED);
	struct ilnp_flow_key ka = key(a, 1000), kb = key(b, 1000);
	struct ilnp_flow *fa, *fb;

	rcu_read_lock();
	KUNIT_EXPECT_NULL(test, ilnp_flow_lookup(&in->flows, &ka));
	fa = ilnp_flow_add(in, a, &ka, cpu_to_be64(1), cpu_to_be64(0xa), false);
	fb = ilnp_flow_add(in, b, &kb, cpu_to_be64(1), cpu_to_be64(0xb), true);
	KUNIT_ASSERT_NOT_NULL(test, fa);
	KUNIT_ASSERT_NOT_NULL(test, fb);
	KUNIT_EXPECT_PTR_NE(test, fa, fb);
	KUNIT_EXPECT_PTR_EQ(test, ilnp_flow_lookup(&in->flows, &ka), fa);
	KUNIT_EXPECT_PTR_EQ(test, ilnp_flow_lookup(&in->flows, &kb), fb);
	KUNIT_EXPECT_FALSE(test, fa->plain);
	KUNIT_EXPECT_TRUE(test, fb->plain);
	/* Adding again finds the one there. */
	KUNIT_EXPECT_PTR_EQ(test, ilnp_flow_add(in, a, &ka, 0, 0, false), fa);
	/* Egress refreshes the view in place. */
	ilnp_flow_touch(fa, cpu_to_be64(3), cpu_to_be64(0xa));
	KUNIT_EXPECT_EQ(test, be64_to_cpu(fa->local_view), 3ULL);
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, ilnp_flows_count(&in->flows), 2U);
	KUNIT_EXPECT_EQ(test, a->nflows, 1U);
	KUNIT_EXPECT_EQ(test, b->nplain, 1U);

	/* A peer takes its views with it. */
	ilnp_peer_unlink(in, b);
	KUNIT_EXPECT_EQ(test, ilnp_flows_count(&in->flows), 1U);
	rcu_read_lock();
	KUNIT_EXPECT_NULL(test, ilnp_flow_lookup(&in->flows, &kb));
	KUNIT_EXPECT_PTR_EQ(test, ilnp_flow_lookup(&in->flows, &ka), fa);
	rcu_read_unlock();
}

/* Unproven peers, pinned-plain views and the namespace are capped. */
static void flow_bounded_and_expired(struct kunit *test)
{
	struct ilnp_net *in = test->priv;
	struct ilnp_peer *u = peer(test, 0x300, 0xc, 0);
	struct ilnp_peer *v = peer(test, 0x301, 0xc, ILNP_PEER_F_VERIFIED);
	unsigned int saved = ilnp_flow_max, i, got;
	struct ilnp_flow_key k;

	rcu_read_lock();
	for (i = got = 0; i < 100; i++) {
		k = key(u, 1000 + i);
		got += !!ilnp_flow_add(in, u, &k, 0, 0, false);
	}
	KUNIT_EXPECT_EQ(test, got, ILNP_FLOWS_UNPROVEN_MAX);
	for (i = got = 0; i < 1000; i++) {
		k = key(v, 1000 + i);
		got += !!ilnp_flow_add(in, v, &k, 0, 0, true);
	}
	KUNIT_EXPECT_EQ(test, got, ILNP_FLOWS_PLAIN_MAX);
	ilnp_flow_max = ilnp_flows_count(&in->flows) + 2;
	for (i = got = 0; i < 10; i++) {
		k = key(v, 5000 + i);
		got += !!ilnp_flow_add(in, v, &k, 0, 0, false);
	}
	ilnp_flow_max = saved;
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, got, 2U);
	KUNIT_EXPECT_EQ(test, ilnp_flows_count(&in->flows),
			ILNP_FLOWS_UNPROVEN_MAX + ILNP_FLOWS_PLAIN_MAX + 2);

	/* Nothing is idle for an hour yet; TCP views outlive the short
	 * timeout; everything is idle for 0. */
	KUNIT_EXPECT_EQ(test, ilnp_flows_expire(in, 3600 * HZ, 3600 * HZ), 0U);
	KUNIT_EXPECT_EQ(test, ilnp_flows_expire(in, 0, 3600 * HZ), 0U);
	KUNIT_EXPECT_EQ(test, ilnp_flows_expire(in, 0, 0),
			ILNP_FLOWS_UNPROVEN_MAX + ILNP_FLOWS_PLAIN_MAX + 2);
	KUNIT_EXPECT_EQ(test, ilnp_flows_count(&in->flows), 0U);
	KUNIT_EXPECT_EQ(test, u->nflows + v->nflows + v->nplain, 0U);
}

static void peer_rto_follows_rtt(struct kunit *test)
{
	struct ilnp_peer *p = peer(test, 7, 0xa, 0);
	int i;

	/* No sample: the conservative initial value. */
	KUNIT_EXPECT_EQ(test, ilnp_peer_rto_us(p), 250000U);
	KUNIT_EXPECT_EQ(test, ilnp_backoff(p, 1), usecs_to_jiffies(250000));
	KUNIT_EXPECT_EQ(test, ilnp_backoff(p, 3), usecs_to_jiffies(1000000));
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
	/* The return-routability probe still waits 0.25, 0.5 and 1 s: its
	 * silence makes a peer plain, and a 1 s path must be proven. */
	KUNIT_EXPECT_EQ(test, ilnp_rr_backoff(p, 1), usecs_to_jiffies(250000));
	KUNIT_EXPECT_EQ(test, ilnp_rr_backoff(p, 2), usecs_to_jiffies(500000));
	KUNIT_EXPECT_EQ(test, ilnp_rr_backoff(p, 3), usecs_to_jiffies(1000000));
	/* ... and after a round trip timed at 0. */
	ilnp_peer_rtt_sample(p, 0);
	KUNIT_EXPECT_EQ(test, ilnp_rr_backoff(p, 1), usecs_to_jiffies(250000));
	/* A 10 s path is capped at 3 s before backoff, 60 s after. */
	for (i = 0; i < 40; i++)
		ilnp_peer_rtt_sample(p, 10000000);
	KUNIT_EXPECT_EQ(test, ilnp_peer_rto_us(p), 3000000U);
	KUNIT_EXPECT_EQ(test, ilnp_backoff(p, 9), usecs_to_jiffies(60000000));
	/* A longer estimate than the floor is the probe's too. */
	KUNIT_EXPECT_EQ(test, ilnp_rr_backoff(p, 1), usecs_to_jiffies(3000000));
	/* Our nonce was chosen at creation, with the configured length. */
	KUNIT_EXPECT_TRUE(test, p->nonce_local.len == 4 ||
				p->nonce_local.len == 12);
}

/*
 * The event budget under a flood: the burst of 50 goes through, then no
 * more than 100 a second (however slow this machine runs the loop), and
 * every refusal is counted.
 */
static void ratelimit_burst_then_rate(struct kunit *test)
{
	struct ilnp_net *in = test->priv;
	unsigned int i, ok = 0;
	u64 t0, ns;

	t0 = ktime_get_ns();
	for (i = 0; i < 1000; i++)
		ok += ilnp_ratelimit(in, ILNP_RL_EVENT);
	ns = ktime_get_ns() - t0;
	KUNIT_EXPECT_GE(test, ok, 50U);
	KUNIT_EXPECT_LE(test, (u64)ok, 51 + div_u64(ns * 100, NSEC_PER_SEC));
	KUNIT_EXPECT_EQ(test, ilnp_test_stat(in, ILNP_STAT_RATELIMITED),
			(u64)(1000 - ok));
	/* Another class has its own bucket. */
	KUNIT_EXPECT_TRUE(test, ilnp_ratelimit(in, ILNP_RL_PROBE));
}

static struct kunit_case ilnp_flow_cases[] = {
	KUNIT_CASE(flow_views_per_peer),
	KUNIT_CASE(flow_bounded_and_expired),
	KUNIT_CASE(peer_rto_follows_rtt),
	KUNIT_CASE(ratelimit_burst_then_rate),
	{}
};

struct kunit_suite ilnp_flow_test_suite = {
	.name = "ilnp_flow",
	.init = flow_test_init,
	.exit = flow_test_exit,
	.test_cases = ilnp_flow_cases,
};
