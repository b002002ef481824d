/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-peer timing, all in one place: the one timer of each ILCC entry,
 * which serves two deadlines (LU retransmission, update.c; the
 * return-routability probe, verify.c), and the RFC 6298 round-trip
 * estimate that both derive their timeouts from.
 *
 *   ilnp_peer_timer_init()  at creation
 *   ilnp_peer_timer_arm()   after a deadline changed (caller holds p->lock)
 *   ilnp_peer_rtt_sample()  a round-trip sample (caller holds p->lock)
 *   ilnp_peer_rto_us()      the first retransmission timeout
 *   ilnp_backoff()          the wait before transmission @tries + 1
 *   ilnp_rr_backoff()       the same for a return-routability probe, from
 *                           at least the initial RTO
 *
 * The timer is stopped for good by ilcc.c (the entry is marked dead under
 * its lock, so it does not rearm, then del_timer_sync() in process
 * context before the entry is freed).
 */
#ifndef _ILNP_TIMERS_H
#define _ILNP_TIMERS_H

#include <linux/types.h>

struct ilnp_peer;

#define ILNP_RTO_MIN_US		10000		/* 10 ms */
#define ILNP_RTO_INIT_US	250000		/* no sample yet */
#define ILNP_RTO_MAX_US		3000000		/* 3 s */

void ilnp_peer_timer_init(struct ilnp_peer *p);
void ilnp_peer_timer_arm(struct ilnp_peer *p);
void ilnp_peer_rtt_sample(struct ilnp_peer *p, u32 rtt_us);
u32 ilnp_peer_rto_us(const struct ilnp_peer *p);
unsigned long ilnp_backoff(const struct ilnp_peer *p, unsigned int tries);
unsigned long ilnp_rr_backoff(const struct ilnp_peer *p, unsigned int tries);

#endif /* _ILNP_TIMERS_H */
