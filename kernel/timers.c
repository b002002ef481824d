// SPDX-License-Identifier: GPL-2.0
/*
 * Per-peer timing (see timers.h).
 */
#include <linux/jiffies.h>
#include <linux/minmax.h>
#include <linux/timer.h>

#include "ilnp.h"
#include "ilcc.h"
#include "local.h"
#include "timers.h"
#include "update.h"
#include "verify.h"

static void ilnp_peer_timer(struct timer_list *t)
{
	struct ilnp_peer *p = from_timer(p, t, timer);

	/* Each step checks its own deadline and rearms.  A NID that is not
	 * live (imported, or handed over) sends nothing: its activation
	 * announces afresh and rearms. */
	rcu_read_lock();
	if (ilnp_nid_live(p->in, p->key.local_nid)) {
		ilnp_rr_timer(p);
		ilnp_lu_timer(p);
	}
	rcu_read_unlock();
}

void ilnp_peer_timer_init(struct ilnp_peer *p)
{
	timer_setup(&p->timer, ilnp_peer_timer, 0);
}

/* Fire at the earlier of the two deadlines (0: none). */
void ilnp_peer_timer_arm(struct ilnp_peer *p)
{
	unsigned long due = 0;

	lockdep_assert_held(&p->lock);
	if (p->dead)
		return;
	if (p->lu_due)
		due = p->lu_due;
	if (p->rr.due && (!due || time_before(p->rr.due, due)))
		due = p->rr.due;
	if (due)
		mod_timer(&p->timer, due);
}

/* RFC 6298 smoothing of a round-trip sample; caller holds p->lock. */
void ilnp_peer_rtt_sample(struct ilnp_peer *p, u32 rtt_us)
{
	u32 delta;

	rtt_us = max(rtt_us, 1U);
	if (!p->srtt_us) {
		p->srtt_us = rtt_us;
		p->rttvar_us = rtt_us / 2;
		return;
	}
	delta = rtt_us > p->srtt_us ? rtt_us - p->srtt_us : p->srtt_us - rtt_us;
	p->rttvar_us = (3 * p->rttvar_us + delta) / 4;
	p->srtt_us = (7 * p->srtt_us + rtt_us) / 8;
}
ILNP_EXPORT_FOR_KUNIT(ilnp_peer_rtt_sample);

/* First retransmission timeout of an LU or probe to @p, before backoff. */
u32 ilnp_peer_rto_us(const struct ilnp_peer *p)
{
	u32 rto;

	if (!p->srtt_us)
		return ILNP_RTO_INIT_US;
	rto = p->srtt_us + max(4 * p->rttvar_us, ILNP_RTO_MIN_US / 2);
	return clamp_t(u32, rto, ILNP_RTO_MIN_US, ILNP_RTO_MAX_US);
}
ILNP_EXPORT_FOR_KUNIT(ilnp_peer_rto_us);

/* Jiffies to wait after transmission @tries (1 = the first): RTO doubled
 * each time, at most 60 s. */
unsigned long ilnp_backoff(const struct ilnp_peer *p, unsigned int tries)
{
	u64 us = (u64)ilnp_peer_rto_us(p) << min(tries - 1, 8U);

	return max(1UL, usecs_to_jiffies(min_t(u64, us, 60 * USEC_PER_SEC)));
}
ILNP_EXPORT_FOR_KUNIT(ilnp_backoff);

/*
 * Jiffies to wait for the answer to probe copy @tries: as ilnp_backoff(),
 * but never less than from the initial RTO, so that the three copies wait
 * 0.25 + 0.5 + 1 s whatever the estimate says.  The probe's silence makes
 * a peer plain IPv6; a path slower than a small (or bogus) estimate must
 * still get its answer counted, up to an RTT of 1.75 s.
 */
unsigned long ilnp_rr_backoff(const struct ilnp_peer *p, unsigned int tries)
{
	unsigned int floor_us = ILNP_RTO_INIT_US << min(tries - 1, 8U);

	return max(ilnp_backoff(p, tries), usecs_to_jiffies(floor_us));
}
ILNP_EXPORT_FOR_KUNIT(ilnp_rr_backoff);
