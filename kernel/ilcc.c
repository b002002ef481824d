// SPDX-License-Identifier: GPL-2.0
/*
 * Identifier-Locator Communication Cache (see ilcc.h).
 */
#include <linux/rhashtable.h>
#include <linux/slab.h>

#include "ilnp.h"
#include "ilcc.h"

unsigned int ilnp_ilcc_max __read_mostly = ILNP_ILCC_MAX_DEFAULT;
module_param_named(ilcc_max, ilnp_ilcc_max, uint, 0644);
MODULE_PARM_DESC(ilcc_max, "Maximum correspondents per network namespace");

static const struct rhashtable_params ilnp_ilcc_params = {
	.key_len = sizeof(u64),
	.key_offset = offsetof(struct ilnp_peer, nid),
	.head_offset = offsetof(struct ilnp_peer, node),
	.automatic_shrinking = true,
};

int ilnp_ilcc_init(struct ilnp_ilcc *c)
{
	c->max = READ_ONCE(ilnp_ilcc_max);
	return rhashtable_init(&c->table, &ilnp_ilcc_params);
}
ILNP_EXPORT_FOR_KUNIT(ilnp_ilcc_init);

static void ilnp_peer_free_rcu(struct rcu_head *head)
{
	struct ilnp_peer *p = container_of(head, struct ilnp_peer, rcu);

	kfree(rcu_dereference_raw(p->locs));
	kfree(p);
}

static void ilnp_peer_free(void *ptr, void *arg)
{
	struct ilnp_peer *p = ptr;

	call_rcu(&p->rcu, ilnp_peer_free_rcu);
}

void ilnp_ilcc_destroy(struct ilnp_ilcc *c)
{
	rhashtable_free_and_destroy(&c->table, ilnp_peer_free, NULL);
}
ILNP_EXPORT_FOR_KUNIT(ilnp_ilcc_destroy);

unsigned int ilnp_ilcc_count(struct ilnp_ilcc *c)
{
	return atomic_read(&c->table.nelems);
}
ILNP_EXPORT_FOR_KUNIT(ilnp_ilcc_count);

/* Caller holds rcu_read_lock(); the entry stays valid until it drops it. */
struct ilnp_peer *ilnp_peer_lookup(struct ilnp_ilcc *c, u64 nid)
{
	return rhashtable_lookup(&c->table, &nid, ilnp_ilcc_params);
}
ILNP_EXPORT_FOR_KUNIT(ilnp_peer_lookup);

/*
 * A new, unpublished entry that owns @locs (which may be NULL).  Both nonces
 * are left empty; the session code chooses ours when it first talks.
 */
struct ilnp_peer *ilnp_peer_create(u64 nid, struct ilnp_locset *locs,
				   u32 flags, gfp_t gfp)
{
	struct ilnp_peer *p = kzalloc(sizeof(*p), gfp);

	if (!p)
		return NULL;
	p->nid = nid;
	p->flags = flags;
	p->state = ILNP_PEER_NEW;
	spin_lock_init(&p->lock);
	RCU_INIT_POINTER(p->locs, locs);
	return p;
}
ILNP_EXPORT_FOR_KUNIT(ilnp_peer_create);

/*
 * Publish @p.  On error the caller still owns @p: -EEXIST when the NID is
 * already cached, -ENOSPC when the cache is full.
 */
int ilnp_peer_insert(struct ilnp_ilcc *c, struct ilnp_peer *p)
{
	if (ilnp_ilcc_count(c) >= c->max)
		return -ENOSPC;
	return rhashtable_lookup_insert_fast(&c->table, &p->node,
					     ilnp_ilcc_params);
}
ILNP_EXPORT_FOR_KUNIT(ilnp_peer_insert);

int ilnp_peer_remove(struct ilnp_ilcc *c, u64 nid)
{
	struct ilnp_peer *p;
	int err = -ENOENT;

	rcu_read_lock();
	p = ilnp_peer_lookup(c, nid);
	/* Only the caller that unlinks the entry may free it. */
	if (p && !rhashtable_remove_fast(&c->table, &p->node,
					 ilnp_ilcc_params)) {
		call_rcu(&p->rcu, ilnp_peer_free_rcu);
		err = 0;
	}
	rcu_read_unlock();
	return err;
}
ILNP_EXPORT_FOR_KUNIT(ilnp_peer_remove);

/* Atomically replace the peer's locator set; takes ownership of @locs. */
void ilnp_peer_set_locs(struct ilnp_peer *p, struct ilnp_locset *locs)
{
	struct ilnp_locset *old;

	spin_lock_bh(&p->lock);
	old = rcu_replace_pointer(p->locs, locs, lockdep_is_held(&p->lock));
	spin_unlock_bh(&p->lock);
	ilnp_locset_free_rcu(old);
}
ILNP_EXPORT_FOR_KUNIT(ilnp_peer_set_locs);

/* Remove dynamic entries (and static ones with @all); returns how many. */
unsigned int ilnp_ilcc_flush(struct ilnp_ilcc *c, bool all)
{
	struct rhashtable_iter iter;
	struct ilnp_peer *p;
	unsigned int n = 0;

	rhashtable_walk_enter(&c->table, &iter);
	rhashtable_walk_start(&iter);
	while ((p = rhashtable_walk_next(&iter))) {
		if (IS_ERR(p)) {
			if (PTR_ERR(p) == -EAGAIN)
				continue;
			break;
		}
		if (!all && (p->flags & ILNP_PEER_F_STATIC))
			continue;
		if (!rhashtable_remove_fast(&c->table, &p->node,
					    ilnp_ilcc_params)) {
			call_rcu(&p->rcu, ilnp_peer_free_rcu);
			n++;
		}
	}
	rhashtable_walk_stop(&iter);
	rhashtable_walk_exit(&iter);
	return n;
}
ILNP_EXPORT_FOR_KUNIT(ilnp_ilcc_flush);
