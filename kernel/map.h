/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The locator map of a site border router or hypervisor (ILNP_CMD_MAP_*):
 * for each node behind the box, keyed by its NID, the locator its
 * correspondents see (ext) and the one where it is now (int).  forward.c
 * rewrites packets by it; this file owns the table.
 *
 * Entries are immutable: a change publishes a new entry in place of the
 * old one (rhashtable_replace_fast()), so a packet sees the old or the new
 * entry, never a mix.  Per-entry counters live beside the entry and
 * survive a change.  Writers hold ilnp_net.lock; readers use RCU.
 *
 * Packets of other nodes must cost next to nothing: a small sorted array
 * of the distinct ext locators and one of the distinct int locators (a
 * site has few) is checked before the NID is looked up, so a packet whose
 * locators are none of them costs two binary searches in a few cache
 * lines and no hash lookup, and one of another NID costs one failed
 * lookup.
 */
#ifndef _ILNP_MAP_H
#define _ILNP_MAP_H

#include <linux/rhashtable-types.h>
#include <linux/types.h>
#include <uapi/linux/ilnp.h>

struct ilnp_net;
struct netlink_ext_ack;

struct ilnp_map_counters {
	atomic64_t in, out;
	struct rcu_head rcu;
};

struct ilnp_map_entry {
	struct rhash_head node;
	u64 nid;
	u64 ext;			/* host order, as in the uapi */
	u64 int_;
	u64 seq;			/* the orchestrator's version */
	u32 flags;			/* ILNP_MAP_F_* */
	__wsum diff_in;			/* checksum change ext -> int */
	unsigned long changed;		/* jiffies of the last change */
	struct ilnp_map_counters *cnt;	/* shared by an entry's versions */
	struct rcu_head rcu;
};

/* The distinct ext (or int) locators, sorted, with how many entries use
 * each: the packet path's first test. */
struct ilnp_map_locs {
	struct rcu_head rcu;
	unsigned int n;
	struct ilnp_map_loc {
		u64 loc;
		u32 refs;
	} v[];
};

struct ilnp_map {
	struct rhashtable table;
	struct ilnp_map_locs __rcu *ext;
	struct ilnp_map_locs __rcu *int_;
	unsigned int max;		/* map_max when the netns was made */
};

/* The flags a request may give (MAP_SET: ILNP_MAP_F_ILNP only). */
#define ILNP_MAP_F_GIVEN	(ILNP_MAP_F_ILNP | ILNP_MAP_F_POINTER)

/*
 * Not a pointer: a pointer rewrites only packets to EXT|NID, and nothing
 * in them (no error quote, no LU body), so that what crosses the host the
 * node left keeps the addresses it was sent with.
 */
static inline bool ilnp_map_two_way(const struct ilnp_map_entry *e)
{
	return !(e->flags & ILNP_MAP_F_POINTER);
}

/* A MAP_ADD / MAP_SET request: which fields it gave. */
struct ilnp_map_req {
	u64 nid, ext, int_, seq;
	u32 flags;
	bool has_ext, has_int, has_seq, has_flags;
};

extern unsigned int ilnp_map_max;

int ilnp_map_init(struct ilnp_net *in);
void ilnp_map_destroy(struct ilnp_net *in);
unsigned int ilnp_map_count(struct ilnp_net *in);

int ilnp_map_add(struct ilnp_net *in, const struct ilnp_map_req *req,
		 bool replace, struct netlink_ext_ack *extack);
int ilnp_map_del(struct ilnp_net *in, u64 nid, struct netlink_ext_ack *extack);
void ilnp_map_flush(struct ilnp_net *in);
bool ilnp_map_neutral(u64 ext, u64 int_);
struct ilnp_map_locs *ilnp_map_locs_change(const struct ilnp_map_locs *old,
					   u64 add, u64 del);
bool ilnp_map_lookup_locked(struct ilnp_net *in, u64 nid);

/* Caller holds rcu_read_lock(). */
struct ilnp_map_entry *ilnp_map_lookup(struct ilnp_net *in, u64 nid);
bool ilnp_map_has_ext(struct ilnp_net *in, u64 loc);
bool ilnp_map_has_int(struct ilnp_net *in, u64 loc);

#endif /* _ILNP_MAP_H */
