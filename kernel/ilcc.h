/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Identifier-Locator Communication Cache (RFC 6741 sec. 5): one entry per
 * correspondent NID with its current locator set, the nonces of both
 * directions and the session state.  An rhashtable keyed by the 64-bit NID;
 * lookups are RCU, inserts are lock-free, entries are freed after a grace
 * period.
 */
#ifndef _ILNP_ILCC_H
#define _ILNP_ILCC_H

#include <linux/ktime.h>
#include <linux/rhashtable-types.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <uapi/linux/ilnp.h>

#include "locset.h"
#include "nonce.h"

/* Default bound on the entries of one namespace's ILCC (module parameter). */
#define ILNP_ILCC_MAX_DEFAULT	(1U << 20)

struct ilnp_net;

/* Per-peer counters, reported as ILNP_A_PEER_STATS. */
struct ilnp_peer_counters {
	atomic64_t tx_packets;
	atomic64_t rx_packets;
	atomic64_t lu_sent;
	atomic64_t lu_recv;
};

struct ilnp_peer {
	struct rhash_head node;
	u64 nid;
	u64 local_nid;			/* our NID in sessions with the peer */
	struct ilnp_locset __rcu *locs;	/* replaced whole, never edited */
	unsigned long used;		/* jiffies of the last packet */
	struct ilnp_peer_counters cnt;

	spinlock_t lock;		/* protects the fields below and
					 * serialises locs writers */
	u8 state;			/* enum ilnp_peer_state */
	bool dead;			/* unlinked: the timer must not rearm */
	bool nonce_sent;		/* our nonce went out at least once */
	u32 flags;			/* ILNP_PEER_F_* */
	struct ilnp_nonce nonce_local;	/* we send it */
	struct ilnp_nonce nonce_remote;	/* peer sends it; len 0 = unknown */
	ktime_t probe_sent;		/* first nonce packet, for an RTT sample */
	u32 srtt_us;			/* smoothed RTT, 0 = no sample yet */
	u32 rttvar_us;
	u8 lu_tries;			/* transmissions of the pending LU */
	ktime_t lu_sent;		/* last transmission of the pending LU */
	struct timer_list lu_timer;	/* LU retransmission */
	struct ilnp_net *in;		/* owner, for the timer */
	struct ilnp_peer *next_dead;	/* flush: unlinked, to be freed */
	struct rcu_head rcu;
};

struct ilnp_ilcc {
	struct rhashtable table;
	unsigned int max;
};

extern unsigned int ilnp_ilcc_max;

int ilnp_ilcc_init(struct ilnp_ilcc *c);
void ilnp_ilcc_destroy(struct ilnp_ilcc *c);
unsigned int ilnp_ilcc_count(struct ilnp_ilcc *c);

struct ilnp_peer *ilnp_peer_lookup(struct ilnp_ilcc *c, u64 nid);
struct ilnp_peer *ilnp_peer_create(u64 nid, struct ilnp_locset *locs,
				   u32 flags, gfp_t gfp);
int ilnp_peer_insert(struct ilnp_ilcc *c, struct ilnp_peer *p);
struct ilnp_peer *ilnp_peer_learn(struct ilnp_net *in, u64 nid, u64 local_nid,
				  __be64 loc, const struct ilnp_nonce *remote,
				  bool plain);
void ilnp_peer_set_plain(struct ilnp_peer *p);
void ilnp_peer_rtt_sample(struct ilnp_peer *p, u32 rtt_us);
u32 ilnp_peer_rto_us(const struct ilnp_peer *p);
int ilnp_peer_remove(struct ilnp_ilcc *c, u64 nid);
void ilnp_peer_set_locs(struct ilnp_peer *p, struct ilnp_locset *locs);
unsigned int ilnp_ilcc_flush(struct ilnp_ilcc *c, bool all);
unsigned int ilnp_ilcc_sweep(struct ilnp_ilcc *c, bool all, unsigned long idle,
			     unsigned long idle_ilnp);

/* Caller holds rcu_read_lock() or p->lock. */
#define ilnp_peer_locs(p) \
	rcu_dereference_check((p)->locs, lockdep_is_held(&(p)->lock))

#endif /* _ILNP_ILCC_H */
