/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Definitions shared by every file of the ilnp module.
 */
#ifndef _ILNP_H
#define _ILNP_H

#include <linux/module.h>
#include <linux/rhashtable.h>

#define ILNP_MODULE_VERSION "0.1.0"

/*
 * Internal functions that the KUnit module (ilnp_kunit.ko) exercises are
 * exported into the ILNP_KUNIT namespace, and only on kernels built with
 * KUnit: production kernels export nothing.
 */
#if IS_ENABLED(CONFIG_KUNIT)
#define ILNP_EXPORT_FOR_KUNIT(sym) EXPORT_SYMBOL_NS_GPL(sym, ILNP_KUNIT)
#else
#define ILNP_EXPORT_FOR_KUNIT(sym)
#endif

/*
 * The next object of an rhashtable walk, or NULL at the end.  A resize
 * under the walk (-EAGAIN) only means some objects may be seen twice, which
 * every walker here tolerates; it is not an end.
 */
static inline void *ilnp_walk_next(struct rhashtable_iter *iter)
{
	void *obj;

	do {
		obj = rhashtable_walk_next(iter);
	} while (IS_ERR(obj) && PTR_ERR(obj) == -EAGAIN);
	return IS_ERR(obj) ? NULL : obj;
}

/*
 * Long walks (a million peers) must not hold the RCU read lock, nor the
 * CPU, throughout: every ILNP_WALK_BATCH objects, let go of both.  The
 * caller must not keep a pointer to an object across the call.
 */
#define ILNP_WALK_BATCH	256

static inline void ilnp_walk_pause(struct rhashtable_iter *iter,
				   unsigned int *n)
{
	if (++*n % ILNP_WALK_BATCH)
		return;
	rhashtable_walk_stop(iter);
	cond_resched();
	rhashtable_walk_start(iter);
}

#endif /* _ILNP_H */
