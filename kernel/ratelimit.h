/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Budgets for work that packets from anyone can make us do.
 *
 * Counters are never limited; what is limited is the work beyond counting
 * that a forged or unsolicited packet could multiply: netlink events
 * (NONCE_MISMATCH above all), return-routability probes that a packet
 * triggers (a stranger's first nonce, a wrong nonce, an LU from an unproven
 * peer), and the handling of ICMPv6 Parameter Problems.  One token bucket
 * per class and namespace; a packet over budget is still counted
 * (ILNP_STAT_RATELIMITED) and otherwise dropped or left alone.  Budgets
 * per peer (LUs) live in the peer (update.c).
 */
#ifndef _ILNP_RATELIMIT_H
#define _ILNP_RATELIMIT_H

#include <linux/spinlock.h>
#include <linux/types.h>

enum ilnp_rl_class {
	ILNP_RL_EVENT,		/* events caused by packets */
	ILNP_RL_PROBE,		/* probes caused by packets */
	ILNP_RL_ICMP,		/* Parameter Problems handled */
	__ILNP_RL_MAX
};

struct ilnp_bucket {
	spinlock_t lock;
	u64 tokens;		/* nanoseconds of credit */
	u64 last;		/* ktime_get_ns() of the last refill */
};

struct ilnp_ratelimit {
	struct ilnp_bucket b[__ILNP_RL_MAX];
};

struct ilnp_net;

void ilnp_ratelimit_init(struct ilnp_ratelimit *rl);
bool ilnp_ratelimit(struct ilnp_net *in, enum ilnp_rl_class c);

#endif /* _ILNP_RATELIMIT_H */
