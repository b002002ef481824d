// SPDX-License-Identifier: GPL-2.0
/*
 * Locator sets (see locset.h).
 */
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/minmax.h>
#include <linux/overflow.h>

#include "ilnp.h"
#include "locset.h"

static atomic64_t ilnp_locset_ver = ATOMIC64_INIT(0);

struct ilnp_locset *ilnp_locset_alloc(unsigned int n, gfp_t gfp)
{
	struct ilnp_locset *set;

	set = kzalloc(struct_size(set, locs, n), gfp);
	if (set) {
		set->n = n;
		set->ver = atomic64_inc_return(&ilnp_locset_ver);
	}
	return set;
}
ILNP_EXPORT_FOR_KUNIT(ilnp_locset_alloc);

static int ilnp_loc_cmp(const void *a, const void *b)
{
	const struct ilnp_loc *x = a, *y = b;

	if (x->pref != y->pref)
		return x->pref < y->pref ? -1 : 1;
	if (x->loc != y->loc)
		return x->loc < y->loc ? -1 : 1;
	return 0;
}

void ilnp_locset_sort(struct ilnp_locset *set)
{
	sort(set->locs, set->n, sizeof(set->locs[0]), ilnp_loc_cmp, NULL);
}
ILNP_EXPORT_FOR_KUNIT(ilnp_locset_sort);

/* Index of @loc in @set, or -1. */
int ilnp_locset_find(const struct ilnp_locset *set, u64 loc)
{
	unsigned int i;

	for (i = 0; set && i < set->n; i++)
		if (set->locs[i].loc == loc)
			return i;
	return -1;
}
ILNP_EXPORT_FOR_KUNIT(ilnp_locset_find);

/* A copy of @old (may be NULL) with @l added, or replacing the same L64. */
struct ilnp_locset *ilnp_locset_with(const struct ilnp_locset *old,
				     const struct ilnp_loc *l, gfp_t gfp)
{
	unsigned int n = old ? old->n : 0;
	int idx = ilnp_locset_find(old, l->loc);
	struct ilnp_locset *set;

	set = ilnp_locset_alloc(idx < 0 ? n + 1 : n, gfp);
	if (!set)
		return NULL;
	if (n)
		memcpy(set->locs, old->locs, n * sizeof(old->locs[0]));
	set->locs[idx < 0 ? n : idx] = *l;
	ilnp_locset_sort(set);
	return set;
}
ILNP_EXPORT_FOR_KUNIT(ilnp_locset_with);

/* A copy of @old without @loc; @loc must be present. */
struct ilnp_locset *ilnp_locset_without(const struct ilnp_locset *old,
					u64 loc, gfp_t gfp)
{
	struct ilnp_locset *set;
	unsigned int i, j;

	if (WARN_ON_ONCE(ilnp_locset_find(old, loc) < 0))
		return NULL;
	set = ilnp_locset_alloc(old->n - 1, gfp);
	if (!set)
		return NULL;
	for (i = 0, j = 0; i < old->n; i++)
		if (old->locs[i].loc != loc)
			set->locs[j++] = old->locs[i];
	return set;
}
ILNP_EXPORT_FOR_KUNIT(ilnp_locset_without);

/**
 * ilnp_locset_rebind() - a copy of @old where @l is preferred
 * @old:       current set (may be NULL)
 * @l:         the locator to add, or whose entry to replace
 * @old_loc:   a locator to leave out (0 = none)
 * @keep_pref: use @l->pref as given; else give @l a preference below
 *             every other locator's (others at 0 move to 1)
 * @gfp:       allocation flags
 */
struct ilnp_locset *ilnp_locset_rebind(const struct ilnp_locset *old,
				       const struct ilnp_loc *l, u64 old_loc,
				       bool keep_pref, gfp_t gfp)
{
	unsigned int i, j = 0, n = old ? old->n : 0;
	struct ilnp_locset *set;
	unsigned int min = U16_MAX + 1;

	set = ilnp_locset_alloc(n + 1, gfp);
	if (!set)
		return NULL;
	for (i = 0; i < n; i++) {
		const struct ilnp_loc *o = &old->locs[i];

		if (o->loc == l->loc || (old_loc && o->loc == old_loc))
			continue;
		set->locs[j++] = *o;
		min = min_t(unsigned int, min, o->pref);
	}
	set->locs[j] = *l;
	if (!keep_pref && j) {
		if (min > 0) {
			set->locs[j].pref = min - 1;
		} else {
			set->locs[j].pref = 0;
			for (i = 0; i < j; i++)
				if (!set->locs[i].pref)
					set->locs[i].pref = 1;
		}
	}
	set->n = j + 1;
	ilnp_locset_sort(set);
	return set;
}
ILNP_EXPORT_FOR_KUNIT(ilnp_locset_rebind);

bool ilnp_locset_equal(const struct ilnp_locset *a,
		       const struct ilnp_locset *b)
{
	unsigned int na = a ? a->n : 0, nb = b ? b->n : 0;
	unsigned int i;

	if (na != nb)
		return false;
	for (i = 0; i < na; i++) {
		const struct ilnp_loc *x = &a->locs[i], *y = &b->locs[i];

		if (x->loc != y->loc || x->pref != y->pref ||
		    x->lifetime != y->lifetime || x->ifindex != y->ifindex)
			return false;
	}
	return true;
}
ILNP_EXPORT_FOR_KUNIT(ilnp_locset_equal);
