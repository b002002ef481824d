/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Identifier-Locator Communication Cache (RFC 6741 sec. 5): one entry per
 * correspondent, with its locator set, the nonces of both directions and
 * the state of the ILNP exchange with it.
 *
 * Keys.  Interface identifiers are not unique (::1, ::53, the EUI-64 of
 * cloned VMs), so an entry is keyed by (our NID, its NID) in an rhltable
 * and several entries may share a key: different hosts that happen to use
 * the same NID.  A packet belongs to an entry only when its locator is one
 * of the entry's current or earlier locators (or, on ingress, when it
 * carries the entry's nonce; session views, flow.c, cover the rest), so
 * each of two such hosts gets exactly its own traffic.  No two entries of
 * one key hold the same locator.
 *
 * Trust.  An entry's peer nonce is tentative until a return-routability
 * check (verify.c) proved it (ILNP_PEER_F_VERIFIED); only then are its LUs
 * accepted.  Entries that packets from anyone can create (a stranger's
 * first nonce, a stranger inside a PREFIX) sit in a bounded FIFO until
 * they are proven, and the oldest is evicted when it is full, so a flood
 * of spoofed sources costs a fixed amount of memory and never touches
 * proven entries.
 *
 * Lifetime.  Lookups are RCU.  Inserts take ilcc.lock (so two CPUs never
 * create the same correspondent twice).  Every removal goes through
 * ilnp_peer_unlink(): unlinked under ilcc.lock, marked dead under the
 * entry's lock (its timer no longer rearms, it takes no new session
 * view), its views removed, then handed to a work that stops its timer in
 * process context and frees it after a grace period.
 */
#ifndef _ILNP_ILCC_H
#define _ILNP_ILCC_H

#include <linux/ktime.h>
#include <linux/llist.h>
#include <linux/rhashtable-types.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <linux/workqueue.h>
#include <uapi/linux/ilnp.h>

#include "locset.h"
#include "nonce.h"

/* Default bounds of one namespace's ILCC (module parameters). */
#define ILNP_ILCC_MAX_DEFAULT		(1U << 20)
#define ILNP_ILCC_UNPROVEN_DEFAULT	8192

/* Earlier locators remembered: sessions may still be addressed to them. */
#define ILNP_PEER_HIST	4

struct ilnp_net;

struct ilnp_peer_key {
	u64 local_nid;			/* our NID in sessions with the peer */
	u64 peer_nid;
};

/* Per-peer counters, reported as ILNP_A_PEER_STATS. */
struct ilnp_peer_counters {
	atomic64_t tx_packets;
	atomic64_t rx_packets;
	atomic64_t lu_sent;
	atomic64_t lu_recv;
};

/* An outstanding return-routability probe (verify.c). */
struct ilnp_rr {
	u64 cookie;			/* echo data: unpredictable */
	__be16 id, seq;			/* echo identifier and sequence */
	u64 loc;			/* the locator probed (host order) */
	ktime_t sent;			/* last transmission */
	unsigned long due;		/* jiffies of the next step, 0 = none */
	unsigned long holdoff;		/* no packet-triggered probe before */
	u8 tries;
};

struct ilnp_peer {
	struct rhlist_head node;
	struct ilnp_peer_key key;
	u64 id;				/* unique in the netns: views' key */
	struct ilnp_locset __rcu *locs;	/* replaced whole, never edited */
	u64 hist[ILNP_PEER_HIST];	/* earlier locators, newest first */
	unsigned long used;		/* jiffies of the last packet */
	struct ilnp_net *in;		/* owner */
	struct ilnp_peer_counters cnt;

	/* Under ilcc.lock. */
	struct list_head fifo;		/* unproven entries, oldest first */
	bool unlinked;

	spinlock_t lock;		/* protects the fields below and
					 * serialises locs/hist writers */
	bool dead;			/* unlinked: no timer, no new views */
	bool nonce_sent;		/* our nonce went out at least once */
	u8 state;			/* enum ilnp_peer_state */
	u8 lu_tries;			/* transmissions of the pending LU */
	u64 lu_ver;			/* the locator set it was told */
	u32 flags;			/* ILNP_PEER_F_* */
	u32 nflows;			/* its session views */
	u32 nplain;			/* ... of them pinned plain IPv6 */
	struct ilnp_nonce nonce_local;	/* we send it */
	struct ilnp_nonce nonce_remote;	/* peer sends it; len 0 = unknown */
	ktime_t probe_sent;		/* first nonce packet, for an RTT sample */
	u32 srtt_us;			/* smoothed RTT, 0 = no sample yet */
	u32 rttvar_us;
	ktime_t lu_sent;		/* last transmission of the pending LU */
	ktime_t lu_taken;		/* last LU from the peer we acted on */
	unsigned long lu_due;		/* jiffies of the LU retransmission */
	struct ilnp_rr rr;
	struct timer_list timer;	/* timers.c: lu_due and rr.due */
	struct hlist_head flows;	/* its session views (flow.c) */

	struct llist_node reap;
	struct rcu_head rcu;
};

struct ilnp_ilcc {
	struct rhltable table;
	spinlock_t lock;		/* inserts, removals, the FIFO */
	struct list_head fifo;		/* unproven entries, oldest first */
	unsigned int nfifo;
	atomic_t count;
	unsigned int max;		/* ilcc_max when the netns was made */
	unsigned int fifo_max;		/* ilcc_unproven_max, likewise */
	atomic64_t next_id;
	struct llist_head reap;		/* unlinked entries to free */
	struct work_struct reap_work;
};

extern unsigned int ilnp_ilcc_max;
extern unsigned int ilnp_ilcc_unproven_max;

/* How an entry came to be, for ilnp_peer_learn(). */
enum ilnp_peer_origin {
	ILNP_ORIGIN_LOCAL,	/* our own traffic (a PREFIX destination) */
	ILNP_ORIGIN_REMOTE,	/* a packet from the peer: unproven, FIFO */
};

int ilnp_ilcc_init(struct ilnp_net *in);
void ilnp_ilcc_destroy(struct ilnp_net *in);
unsigned int ilnp_ilcc_count(struct ilnp_ilcc *c);

struct rhlist_head *ilnp_peer_list(struct ilnp_ilcc *c, u64 local_nid,
				   u64 peer_nid);
#define ilnp_peer_for_each(p, pos, list) \
	rhl_for_each_entry_rcu(p, pos, list, node)

bool ilnp_peer_has_loc(const struct ilnp_peer *p, u64 loc);
struct ilnp_peer *ilnp_peer_find(struct ilnp_ilcc *c, u64 local_nid,
				 u64 peer_nid, u64 loc);
struct ilnp_peer *ilnp_peer_find_nonce(struct ilnp_ilcc *c, u64 local_nid,
				       u64 peer_nid,
				       const struct ilnp_nonce *nonce);

struct ilnp_peer *ilnp_peer_alloc(struct ilnp_net *in, u64 local_nid,
				  u64 peer_nid, struct ilnp_locset *locs,
				  u32 flags, gfp_t gfp);
void ilnp_peer_discard(struct ilnp_peer *p);
int ilnp_peer_publish(struct ilnp_net *in, struct ilnp_peer *p, bool fifo);
struct ilnp_peer *ilnp_peer_learn(struct ilnp_net *in, u64 local_nid,
				  u64 peer_nid, u64 loc, u8 state,
				  enum ilnp_peer_origin origin);
void ilnp_peer_unlink(struct ilnp_net *in, struct ilnp_peer *p);
void ilnp_peer_proven(struct ilnp_net *in, struct ilnp_peer *p);

unsigned int ilnp_ilcc_remove(struct ilnp_net *in, u64 peer_nid,
			      u64 local_nid, u64 loc);
unsigned int ilnp_ilcc_sweep(struct ilnp_net *in, bool all,
			     unsigned long idle, unsigned long idle_proven);
unsigned int ilnp_ilcc_flush(struct ilnp_net *in, bool all);
void ilnp_ilcc_reap_now(struct ilnp_net *in);

void ilnp_peer_set_locs(struct ilnp_peer *p, struct ilnp_locset *locs);
void ilnp_peer_set_plain(struct ilnp_peer *p);

/* Caller holds rcu_read_lock() or p->lock. */
#define ilnp_peer_locs(p) \
	rcu_dereference_check((p)->locs, lockdep_is_held(&(p)->lock))

/* An entry whose LUs we act on: its nonce was proven. */
static inline bool ilnp_peer_verified(const struct ilnp_peer *p)
{
	return READ_ONCE(p->flags) & ILNP_PEER_F_VERIFIED;
}

#endif /* _ILNP_ILCC_H */
