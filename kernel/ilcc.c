// SPDX-License-Identifier: GPL-2.0
/*
 * Identifier-Locator Communication Cache (see ilcc.h).
 */
#include <linux/rhashtable.h>
#include <linux/slab.h>

#include "ilnp.h"
#include "flow.h"
#include "ilcc.h"
#include "local.h"
#include "netns.h"
#include "timers.h"

static int ilnp_ilcc_max_set(const char *val, const struct kernel_param *kp)
{
	unsigned int v;
	int err = kstrtouint(val, 0, &v);

	if (err)
		return err;
	if (!v || v > (1U << 24))
		return -ERANGE;
	WRITE_ONCE(*(unsigned int *)kp->arg, v);
	return 0;
}

static const struct kernel_param_ops ilnp_ilcc_max_ops = {
	.set = ilnp_ilcc_max_set,
	.get = param_get_uint,
};

unsigned int ilnp_ilcc_max __read_mostly = ILNP_ILCC_MAX_DEFAULT;
module_param_cb(ilcc_max, &ilnp_ilcc_max_ops, &ilnp_ilcc_max, 0644);
MODULE_PARM_DESC(ilcc_max, "Maximum correspondents per network namespace (1-16777216; namespaces created later)");

unsigned int ilnp_ilcc_unproven_max __read_mostly = ILNP_ILCC_UNPROVEN_DEFAULT;
module_param_cb(ilcc_unproven_max, &ilnp_ilcc_max_ops, &ilnp_ilcc_unproven_max,
		0644);
MODULE_PARM_DESC(ilcc_unproven_max, "Maximum correspondents created by their packets and not yet proven, per network namespace; the oldest is evicted (namespaces created later)");

static const struct rhashtable_params ilnp_ilcc_params = {
	.key_len = sizeof(struct ilnp_peer_key),
	.key_offset = offsetof(struct ilnp_peer, key),
	.head_offset = offsetof(struct ilnp_peer, node),
	.automatic_shrinking = true,
};

static void ilnp_ilcc_reap_work(struct work_struct *work);

int ilnp_ilcc_init(struct ilnp_net *in)
{
	struct ilnp_ilcc *c = &in->ilcc;

	spin_lock_init(&c->lock);
	INIT_LIST_HEAD(&c->fifo);
	c->nfifo = 0;
	atomic_set(&c->count, 0);
	c->max = READ_ONCE(ilnp_ilcc_max);
	c->fifo_max = min(READ_ONCE(ilnp_ilcc_unproven_max), c->max);
	atomic64_set(&c->next_id, 1);
	init_llist_head(&c->reap);
	INIT_WORK(&c->reap_work, ilnp_ilcc_reap_work);
	return rhltable_init(&c->table, &ilnp_ilcc_params);
}
ILNP_EXPORT_FOR_KUNIT(ilnp_ilcc_init);

unsigned int ilnp_ilcc_count(struct ilnp_ilcc *c)
{
	return atomic_read(&c->count);
}
ILNP_EXPORT_FOR_KUNIT(ilnp_ilcc_count);

/* ---- lookups (RCU) ---- */

struct rhlist_head *ilnp_peer_list(struct ilnp_ilcc *c, u64 local_nid,
				   u64 peer_nid)
{
	struct ilnp_peer_key key = { .local_nid = local_nid,
				     .peer_nid = peer_nid };

	return rhltable_lookup(&c->table, &key, ilnp_ilcc_params);
}
ILNP_EXPORT_FOR_KUNIT(ilnp_peer_list);

/* Is @loc one of the peer's current or earlier locators?  RCU or p->lock. */
bool ilnp_peer_has_loc(const struct ilnp_peer *p, u64 loc)
{
	unsigned int i;

	if (ilnp_locset_find(rcu_dereference_check(p->locs, true), loc) >= 0)
		return true;
	for (i = 0; i < ILNP_PEER_HIST; i++)
		if (READ_ONCE(p->hist[i]) == loc)
			return true;
	return false;
}
ILNP_EXPORT_FOR_KUNIT(ilnp_peer_has_loc);

/* The entry of (@local_nid, @peer_nid) that owns @loc; caller holds RCU. */
struct ilnp_peer *ilnp_peer_find(struct ilnp_ilcc *c, u64 local_nid,
				 u64 peer_nid, u64 loc)
{
	struct rhlist_head *pos, *list;
	struct ilnp_peer *p;

	list = ilnp_peer_list(c, local_nid, peer_nid);
	ilnp_peer_for_each(p, pos, list)
		if (ilnp_peer_has_loc(p, loc))
			return p;
	return NULL;
}
ILNP_EXPORT_FOR_KUNIT(ilnp_peer_find);

/* The entry of (@local_nid, @peer_nid) whose peer nonce is @nonce. */
struct ilnp_peer *ilnp_peer_find_nonce(struct ilnp_ilcc *c, u64 local_nid,
				       u64 peer_nid,
				       const struct ilnp_nonce *nonce)
{
	struct rhlist_head *pos, *list;
	struct ilnp_peer *p;
	bool eq;

	list = ilnp_peer_list(c, local_nid, peer_nid);
	ilnp_peer_for_each(p, pos, list) {
		spin_lock_bh(&p->lock);
		eq = ilnp_nonce_equal(nonce, &p->nonce_remote);
		spin_unlock_bh(&p->lock);
		if (eq)
			return p;
	}
	return NULL;
}
ILNP_EXPORT_FOR_KUNIT(ilnp_peer_find_nonce);

/* ---- creation ---- */

/**
 * ilnp_peer_alloc() - a new, unpublished entry
 * @in:        the namespace (charged for the memory)
 * @local_nid: our NID in sessions with the peer
 * @peer_nid:  the peer's NID
 * @locs:      its locators; the entry owns them (may be NULL)
 * @flags:     ILNP_PEER_F_*
 * @gfp:       GFP_KERNEL or GFP_ATOMIC (accounting is added)
 *
 * Our nonce for the peer is chosen now (nonce_len bytes); the peer's is
 * unknown until it arrives.  The entry starts in ILNP_PEER_NEW.
 */
struct ilnp_peer *ilnp_peer_alloc(struct ilnp_net *in, u64 local_nid,
				  u64 peer_nid, struct ilnp_locset *locs,
				  u32 flags, gfp_t gfp)
{
	struct mem_cgroup *old = ilnp_net_alloc_begin(in);
	struct ilnp_peer *p = kzalloc(sizeof(*p), gfp | __GFP_ACCOUNT);
	const struct ilnp_locset *set;

	ilnp_net_alloc_end(old);
	if (!p)
		return NULL;
	p->key.local_nid = local_nid;
	p->key.peer_nid = peer_nid;
	p->id = atomic64_inc_return(&in->ilcc.next_id);
	p->in = in;
	p->flags = flags;
	p->state = ILNP_PEER_NEW;
	p->used = jiffies;
	INIT_LIST_HEAD(&p->fifo);
	INIT_HLIST_HEAD(&p->flows);
	spin_lock_init(&p->lock);
	ilnp_peer_timer_init(p);
	ilnp_nonce_generate(&p->nonce_local, ilnp_nonce_len_get());
	RCU_INIT_POINTER(p->locs, locs);
	/* It knows the set our NID has now (from our packets): announce
	 * only changes. */
	rcu_read_lock();
	set = ilnp_nid_locs_of(in, local_nid);
	p->lu_ver = set ? set->ver : 0;
	rcu_read_unlock();
	return p;
}
ILNP_EXPORT_FOR_KUNIT(ilnp_peer_alloc);

/* Free an entry that was never published. */
void ilnp_peer_discard(struct ilnp_peer *p)
{
	kfree(rcu_dereference_raw(p->locs));
	kfree(p);
}
ILNP_EXPORT_FOR_KUNIT(ilnp_peer_discard);

/* Does another entry of the same key own one of @p's locators? */
static bool ilnp_peer_clashes(struct ilnp_ilcc *c, const struct ilnp_peer *p)
{
	const struct ilnp_locset *set = rcu_dereference_raw(p->locs);
	struct rhlist_head *pos, *list;
	struct ilnp_peer *q;
	unsigned int i;

	list = ilnp_peer_list(c, p->key.local_nid, p->key.peer_nid);
	ilnp_peer_for_each(q, pos, list)
		for (i = 0; set && i < set->n; i++)
			if (ilnp_peer_has_loc(q, set->locs[i].loc))
				return true;
	return false;
}

/* Caller holds c->lock; the rest of the teardown is ilnp_peer_finish(). */
static void __ilnp_peer_unlink(struct ilnp_ilcc *c, struct ilnp_peer *p)
{
	lockdep_assert_held(&c->lock);
	p->unlinked = true;
	rhltable_remove(&c->table, &p->node, ilnp_ilcc_params);
	if (!list_empty(&p->fifo)) {
		list_del_init(&p->fifo);
		c->nfifo--;
	}
	atomic_dec(&c->count);
}

/* An unlinked entry: stop it taking work, drop its views, reap it. */
static void ilnp_peer_finish(struct ilnp_net *in, struct ilnp_peer *p)
{
	spin_lock_bh(&p->lock);
	p->dead = true;
	p->lu_due = 0;
	p->rr.due = 0;
	ilnp_flows_remove_peer(in, p);
	spin_unlock_bh(&p->lock);
	llist_add(&p->reap, &in->ilcc.reap);
	schedule_work(&in->ilcc.reap_work);
}

/**
 * ilnp_peer_publish() - insert a new entry
 * @in:   the namespace
 * @p:    from ilnp_peer_alloc()
 * @fifo: the entry is unproven and was created by a packet: it joins the
 *        FIFO, evicting the oldest there when the FIFO is full
 *
 * Any context.  On error the caller still owns @p: -EEXIST when another
 * entry of the same NIDs owns one of its locators, -ENOSPC when the cache
 * is full, or the table's own error.
 */
int ilnp_peer_publish(struct ilnp_net *in, struct ilnp_peer *p, bool fifo)
{
	struct ilnp_ilcc *c = &in->ilcc;
	struct ilnp_peer *victim = NULL;
	int err;

	rcu_read_lock();		/* the table's lookups */
	spin_lock_bh(&c->lock);
	if (ilnp_peer_clashes(c, p)) {
		err = -EEXIST;
		goto out;
	}
	if (fifo && c->nfifo >= c->fifo_max && !list_empty(&c->fifo)) {
		victim = list_first_entry(&c->fifo, struct ilnp_peer, fifo);
		__ilnp_peer_unlink(c, victim);
	}
	if (atomic_read(&c->count) >= c->max) {
		err = -ENOSPC;
		goto out;
	}
	err = rhltable_insert(&c->table, &p->node, ilnp_ilcc_params);
	if (err)
		goto out;
	atomic_inc(&c->count);
	if (fifo) {
		list_add_tail(&p->fifo, &c->fifo);
		c->nfifo++;
	}
out:
	spin_unlock_bh(&c->lock);
	rcu_read_unlock();
	if (victim) {
		ilnp_peer_finish(in, victim);
		ilnp_stat_inc(in, ILNP_STAT_PEER_EVICTED);
	}
	return err;
}
ILNP_EXPORT_FOR_KUNIT(ilnp_peer_publish);

/**
 * ilnp_peer_learn() - find or create the entry a packet belongs to
 * @in:        the namespace
 * @local_nid: our NID in the packet
 * @peer_nid:  the peer's NID in the packet
 * @loc:       the peer's locator in the packet (host order)
 * @state:     of a new entry: ILNP_PEER_NEW or ILNP_PEER_PLAIN
 * @origin:    who made us create it (ILNP_ORIGIN_REMOTE: an unproven
 *             entry, in the FIFO)
 *
 * Softirq-safe; caller holds rcu_read_lock().
 *
 * Return: the entry, or NULL (limits, memory: counted peer_limit).
 */
struct ilnp_peer *ilnp_peer_learn(struct ilnp_net *in, u64 local_nid,
				  u64 peer_nid, u64 loc, u8 state,
				  enum ilnp_peer_origin origin)
{
	struct ilnp_locset *set;
	struct ilnp_peer *p;
	int err;

	p = ilnp_peer_find(&in->ilcc, local_nid, peer_nid, loc);
	if (p)
		return p;
	set = ilnp_locset_alloc(1, GFP_ATOMIC | __GFP_ACCOUNT);
	if (!set)
		goto limit;
	set->locs[0] = (struct ilnp_loc){ .loc = loc, .pref = ILNP_DEFAULT_PREF };
	p = ilnp_peer_alloc(in, local_nid, peer_nid, set,
			    origin == ILNP_ORIGIN_REMOTE ?
			    ILNP_PEER_F_RESPONDER : 0, GFP_ATOMIC);
	if (!p) {
		kfree(set);
		goto limit;
	}
	if (state == ILNP_PEER_PLAIN) {
		p->state = ILNP_PEER_PLAIN;
		p->flags |= ILNP_PEER_F_PLAIN_IPV6;
	}
	err = ilnp_peer_publish(in, p, origin == ILNP_ORIGIN_REMOTE);
	if (!err)
		return p;
	ilnp_peer_discard(p);
	/* Lost a race with another CPU creating the same correspondent. */
	if (err == -EEXIST)
		return ilnp_peer_find(&in->ilcc, local_nid, peer_nid, loc);
limit:
	ilnp_stat_inc(in, ILNP_STAT_PEER_LIMIT);
	return NULL;
}
ILNP_EXPORT_FOR_KUNIT(ilnp_peer_learn);

/* Its nonce was proven: the entry leaves the FIFO for good. */
void ilnp_peer_proven(struct ilnp_net *in, struct ilnp_peer *p)
{
	struct ilnp_ilcc *c = &in->ilcc;

	spin_lock_bh(&c->lock);
	if (!list_empty(&p->fifo)) {
		list_del_init(&p->fifo);
		c->nfifo--;
	}
	spin_unlock_bh(&c->lock);
}
ILNP_EXPORT_FOR_KUNIT(ilnp_peer_proven);

/* ---- removal ---- */

/* Any context; an entry already being removed is left alone. */
void ilnp_peer_unlink(struct ilnp_net *in, struct ilnp_peer *p)
{
	struct ilnp_ilcc *c = &in->ilcc;
	bool mine = false;

	spin_lock_bh(&c->lock);
	if (!p->unlinked) {
		__ilnp_peer_unlink(c, p);
		mine = true;
	}
	spin_unlock_bh(&c->lock);
	if (mine)
		ilnp_peer_finish(in, p);
}
ILNP_EXPORT_FOR_KUNIT(ilnp_peer_unlink);

static void ilnp_peer_free_rcu(struct rcu_head *head)
{
	struct ilnp_peer *p = container_of(head, struct ilnp_peer, rcu);

	kfree(rcu_dereference_raw(p->locs));
	kfree(p);
}

/* Process context: the timers of unlinked entries stop here. */
void ilnp_ilcc_reap_now(struct ilnp_net *in)
{
	struct llist_node *list = llist_del_all(&in->ilcc.reap);
	struct ilnp_peer *p, *n;

	llist_for_each_entry_safe(p, n, list, reap) {
		del_timer_sync(&p->timer);
		call_rcu(&p->rcu, ilnp_peer_free_rcu);
	}
}
ILNP_EXPORT_FOR_KUNIT(ilnp_ilcc_reap_now);

static void ilnp_ilcc_reap_work(struct work_struct *work)
{
	struct ilnp_ilcc *c = container_of(work, struct ilnp_ilcc, reap_work);

	ilnp_ilcc_reap_now(container_of(c, struct ilnp_net, ilcc));
}

/*
 * Unlink every entry for which @match says so (process context); returns
 * how many.  The walk gives back the CPU now and then, and a walk that
 * stops and restarts after its current entry was unlinked may skip others
 * of that bucket (rhashtable_walk_start() loses its place), so it is
 * repeated until a pass unlinks nothing: that pass saw every entry.  A
 * few passes at most: packets that keep creating matching entries (a
 * flush under a flood) must not keep the caller here.
 */
#define ILNP_REMOVE_PASSES	8

static unsigned int ilnp_ilcc_remove_if(struct ilnp_net *in,
					bool (*match)(struct ilnp_peer *p,
						      const void *arg),
					const void *arg)
{
	struct rhashtable_iter iter;
	unsigned int n = 0, pass, seen, passes = 0;
	struct ilnp_peer *p;

	do {
		pass = 0;
		seen = 0;
		rhltable_walk_enter(&in->ilcc.table, &iter);
		rhashtable_walk_start(&iter);
		while ((p = ilnp_walk_next(&iter))) {
			if (match(p, arg) && !READ_ONCE(p->unlinked)) {
				ilnp_peer_unlink(in, p);
				pass++;
			}
			ilnp_walk_pause(&iter, &seen);
		}
		rhashtable_walk_stop(&iter);
		rhashtable_walk_exit(&iter);
		n += pass;
	} while (pass && ++passes < ILNP_REMOVE_PASSES);
	return n;
}

struct ilnp_remove_arg {
	u64 peer_nid, local_nid, loc;	/* 0 = any */
};

static bool ilnp_remove_match(struct ilnp_peer *p, const void *arg)
{
	const struct ilnp_remove_arg *a = arg;

	return (!a->peer_nid || p->key.peer_nid == a->peer_nid) &&
	       (!a->local_nid || p->key.local_nid == a->local_nid) &&
	       (!a->loc || ilnp_peer_has_loc(p, a->loc));
}

/* PEER_DEL and NID_DEL: entries of these NIDs (0 = any), holding @loc. */
unsigned int ilnp_ilcc_remove(struct ilnp_net *in, u64 peer_nid,
			      u64 local_nid, u64 loc)
{
	struct ilnp_remove_arg a = { peer_nid, local_nid, loc };

	return ilnp_ilcc_remove_if(in, ilnp_remove_match, &a);
}
ILNP_EXPORT_FOR_KUNIT(ilnp_ilcc_remove);

struct ilnp_sweep_arg {
	bool all;
	unsigned long idle, idle_proven;
};

static bool ilnp_sweep_match(struct ilnp_peer *p, const void *arg)
{
	const struct ilnp_sweep_arg *a = arg;

	if (!a->all && (READ_ONCE(p->flags) & ILNP_PEER_F_STATIC))
		return false;
	return !time_before(jiffies, READ_ONCE(p->used) +
			    (ilnp_peer_verified(p) ? a->idle_proven : a->idle));
}

/*
 * Remove dynamic entries idle for @idle jiffies or more, proven ones for
 * @idle_proven (static ones too with @all, whatever their age); returns
 * how many.  0 and 0: every entry.  Process context.
 */
unsigned int ilnp_ilcc_sweep(struct ilnp_net *in, bool all, unsigned long idle,
			     unsigned long idle_proven)
{
	struct ilnp_sweep_arg a = { all, idle, idle_proven };

	return ilnp_ilcc_remove_if(in, ilnp_sweep_match, &a);
}
ILNP_EXPORT_FOR_KUNIT(ilnp_ilcc_sweep);

/* Remove dynamic entries (and static ones with @all); returns how many. */
unsigned int ilnp_ilcc_flush(struct ilnp_net *in, bool all)
{
	return ilnp_ilcc_sweep(in, all, 0, 0);
}
ILNP_EXPORT_FOR_KUNIT(ilnp_ilcc_flush);

/* Namespace exit: no hook, timer or work adds entries any more. */
void ilnp_ilcc_destroy(struct ilnp_net *in)
{
	ilnp_ilcc_flush(in, true);
	WARN_ON_ONCE(ilnp_ilcc_count(&in->ilcc));
	flush_work(&in->ilcc.reap_work);
	ilnp_ilcc_reap_now(in);
	rhltable_destroy(&in->ilcc.table);
}
ILNP_EXPORT_FOR_KUNIT(ilnp_ilcc_destroy);

/* ---- changes ---- */

/*
 * Atomically replace the peer's locator set; takes ownership of @locs.
 * Locators it no longer lists are remembered: sessions may still be
 * addressed to them.
 */
void ilnp_peer_set_locs(struct ilnp_peer *p, struct ilnp_locset *locs)
{
	struct ilnp_locset *old;
	unsigned int i, j, k;

	spin_lock_bh(&p->lock);
	old = rcu_replace_pointer(p->locs, locs, lockdep_is_held(&p->lock));
	for (i = 0; old && i < old->n; i++) {
		u64 l = old->locs[i].loc;

		if (ilnp_locset_find(locs, l) >= 0)
			continue;
		/* Newest first, no duplicates. */
		for (j = 0; j < ILNP_PEER_HIST - 1 && p->hist[j] != l; j++)
			;
		for (k = j; k > 0; k--)
			WRITE_ONCE(p->hist[k], p->hist[k - 1]);
		WRITE_ONCE(p->hist[0], l);
	}
	spin_unlock_bh(&p->lock);
	ilnp_locset_free_rcu(old);
}
ILNP_EXPORT_FOR_KUNIT(ilnp_peer_set_locs);

/* The peer does not speak ILNP: no nonce, no LU.  Caller holds p->lock. */
void ilnp_peer_set_plain(struct ilnp_peer *p)
{
	WRITE_ONCE(p->state, ILNP_PEER_PLAIN);
	WRITE_ONCE(p->flags, p->flags | ILNP_PEER_F_PLAIN_IPV6);
	p->lu_due = 0;
	p->rr.due = 0;
}
ILNP_EXPORT_FOR_KUNIT(ilnp_peer_set_plain);
