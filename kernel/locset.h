/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Locator sets: an immutable, preference-sorted array of L64s that readers
 * see through one RCU pointer.  Writers build a new set and publish it, so a
 * reader never sees a half-updated set (an LU replaces a peer's locators
 * atomically; a local locator change is one pointer swap).
 */
#ifndef _ILNP_LOCSET_H
#define _ILNP_LOCSET_H

#include <linux/types.h>
#include <linux/rcupdate.h>

struct ilnp_loc {
	u64 loc;		/* L64, host order */
	u16 pref;		/* lower is preferred */
	u32 lifetime;		/* seconds, 0 = infinite */
	int ifindex;		/* 0 = any */
};

struct ilnp_locset {
	struct rcu_head rcu;
	u64 ver;		/* unique: which set an LU announced */
	unsigned int n;
	struct ilnp_loc locs[];	/* sorted by pref, then by loc */
};

/*
 * A locator we accept anywhere (netlink, LUs): a unicast L64, not zero
 * (::/64: unspecified, loopback, IPv4-mapped), not multicast (ff00::/8),
 * not link-local (fe80::/10).
 */
static inline bool ilnp_loc_valid(u64 loc)
{
	return loc && (loc >> 56) != 0xff && (loc >> 54) != (0xfe80 >> 6);
}

struct ilnp_locset *ilnp_locset_alloc(unsigned int n, gfp_t gfp);
void ilnp_locset_sort(struct ilnp_locset *set);
int ilnp_locset_find(const struct ilnp_locset *set, u64 loc);
struct ilnp_locset *ilnp_locset_with(const struct ilnp_locset *old,
				     const struct ilnp_loc *l, gfp_t gfp);
struct ilnp_locset *ilnp_locset_without(const struct ilnp_locset *old,
					u64 loc, gfp_t gfp);
struct ilnp_locset *ilnp_locset_rebind(const struct ilnp_locset *old,
				       const struct ilnp_loc *l, u64 old_loc,
				       bool keep_pref, gfp_t gfp);
bool ilnp_locset_equal(const struct ilnp_locset *a,
		       const struct ilnp_locset *b);

static inline void ilnp_locset_free_rcu(struct ilnp_locset *set)
{
	if (set)
		kfree_rcu(set, rcu);
}

/* Preferred locator, or NULL for an empty set. */
static inline const struct ilnp_loc *
ilnp_locset_best(const struct ilnp_locset *set)
{
	return set && set->n ? &set->locs[0] : NULL;
}

#endif /* _ILNP_LOCSET_H */
