// SPDX-License-Identifier: GPL-2.0
/*
 * Token buckets for hostile input (see ratelimit.h).  As in WireGuard's
 * ratelimiter, credit is kept in nanoseconds: one event costs
 * NSEC_PER_SEC / rate, the bucket holds at most burst events' worth.
 */
#include <linux/ktime.h>
#include <linux/minmax.h>

#include "ilnp.h"
#include "netns.h"
#include "ratelimit.h"

static const struct {
	u32 rate;	/* per second */
	u32 burst;
} ilnp_rl_budget[__ILNP_RL_MAX] = {
	[ILNP_RL_EVENT] = { 100, 50 },
	[ILNP_RL_PROBE] = { 200, 100 },
	[ILNP_RL_ICMP]	= { 100, 50 },
};

void ilnp_ratelimit_init(struct ilnp_ratelimit *rl)
{
	u64 now = ktime_get_ns();
	int i;

	for (i = 0; i < __ILNP_RL_MAX; i++) {
		spin_lock_init(&rl->b[i].lock);
		rl->b[i].tokens = div_u64(NSEC_PER_SEC, ilnp_rl_budget[i].rate) *
				  ilnp_rl_budget[i].burst;
		rl->b[i].last = now;
	}
}
ILNP_EXPORT_FOR_KUNIT(ilnp_ratelimit_init);

/* Take one token of class @c; false when over budget (counted). */
bool ilnp_ratelimit(struct ilnp_net *in, enum ilnp_rl_class c)
{
	u64 cost = div_u64(NSEC_PER_SEC, ilnp_rl_budget[c].rate);
	u64 max = cost * ilnp_rl_budget[c].burst;
	struct ilnp_bucket *b = &in->rl.b[c];
	unsigned long flags;
	bool ok = false;
	u64 now;

	spin_lock_irqsave(&b->lock, flags);
	now = ktime_get_ns();
	b->tokens = min(max, b->tokens + (now - b->last));
	b->last = now;
	if (b->tokens >= cost) {
		b->tokens -= cost;
		ok = true;
	}
	spin_unlock_irqrestore(&b->lock, flags);
	if (!ok)
		ilnp_stat_inc(in, ILNP_STAT_RATELIMITED);
	return ok;
}
ILNP_EXPORT_FOR_KUNIT(ilnp_ratelimit);
