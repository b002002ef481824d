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

#include <linux/rhashtable-types.h>
#include <linux/spinlock.h>
#include <uapi/linux/ilnp.h>

#include "locset.h"
#include "nonce.h"

/* Default bound on the entries of one namespace's ILCC (module parameter). */
#define ILNP_ILCC_MAX_DEFAULT	(1U << 20)

struct ilnp_peer {
	struct rhash_head node;
	u64 nid;
	struct ilnp_locset __rcu *locs;	/* replaced whole, never edited */
	spinlock_t lock;		/* protects the fields below and
					 * serialises locs writers */
	u8 state;			/* enum ilnp_peer_state */
	u32 flags;			/* ILNP_PEER_F_* */
	struct ilnp_nonce nonce_local;	/* we send it */
	struct ilnp_nonce nonce_remote;	/* peer sends it; len 0 = unknown */
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
int ilnp_peer_remove(struct ilnp_ilcc *c, u64 nid);
void ilnp_peer_set_locs(struct ilnp_peer *p, struct ilnp_locset *locs);
unsigned int ilnp_ilcc_flush(struct ilnp_ilcc *c, bool all);

/* Caller holds rcu_read_lock() or p->lock. */
#define ilnp_peer_locs(p) \
	rcu_dereference_check((p)->locs, lockdep_is_held(&(p)->lock))

#endif /* _ILNP_ILCC_H */
