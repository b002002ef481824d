// SPDX-License-Identifier: GPL-2.0
/*
 * Identifier-Locator Communication Cache (see ilcc.h).
 */
#include <linux/rhashtable.h>
#include <linux/slab.h>

#include "ilnp.h"
#include "ilcc.h"
#include "netns.h"
#include "update.h"

unsigned int ilnp_ilcc_max __read_mostly = ILNP_ILCC_MAX_DEFAULT;
module_param_named(ilcc_max, ilnp_ilcc_max, uint, 0644);
MODULE_PARM_DESC(ilcc_max, "Maximum correspondents per network namespace");

static unsigned int ilnp_nonce_len __read_mostly = ILNP_NONCE_LEN_LONG;
static int ilnp_nonce_len_set(const char *val, const struct kernel_param *kp)
{
	unsigned int len;
	int err = kstrtouint(val, 0, &len);

	if (err)
		return err;
	if (!ilnp_nonce_len_valid(len))
		return -EINVAL;
	WRITE_ONCE(ilnp_nonce_len, len);
	return 0;
}
static const struct kernel_param_ops ilnp_nonce_len_ops = {
	.set = ilnp_nonce_len_set,
	.get = param_get_uint,
};
module_param_cb(nonce_len, &ilnp_nonce_len_ops, &ilnp_nonce_len, 0644);
MODULE_PARM_DESC(nonce_len, "Bytes of the nonces we choose: 4 or 12 (default)");

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

/*
 * An unlinked entry's timer must be stopped before the entry is freed: mark
 * it dead (the callback does not rearm a dead entry), then wait.
 */
static void ilnp_peer_kill(struct ilnp_peer *p)
{
	spin_lock_bh(&p->lock);
	p->dead = true;
	spin_unlock_bh(&p->lock);
	del_timer_sync(&p->lu_timer);
}

static void ilnp_peer_free_rcu(struct rcu_head *head)
{
	struct ilnp_peer *p = container_of(head, struct ilnp_peer, rcu);

	kfree(rcu_dereference_raw(p->locs));
	kfree(p);
}

static void ilnp_peer_free(void *ptr, void *arg)
{
	struct ilnp_peer *p = ptr;

	ilnp_peer_kill(p);
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
 * A new, unpublished entry that owns @locs (which may be NULL).  Our nonce
 * for the peer is chosen now (nonce_len bytes); the peer's is unknown until
 * it arrives.
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
	p->used = jiffies;
	spin_lock_init(&p->lock);
	timer_setup(&p->lu_timer, ilnp_lu_timer, 0);
	ilnp_nonce_generate(&p->nonce_local, READ_ONCE(ilnp_nonce_len));
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
					 ilnp_ilcc_params))
		err = 0;
	rcu_read_unlock();
	if (!err)
		ilnp_peer_free(p, NULL);
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

/*
 * Remove dynamic entries idle for @idle jiffies or more, those of peers
 * known to speak ILNP (their nonce came) for @idle_ilnp (static ones too
 * with @all, whatever their age); returns how many.  0 and 0: every entry.
 * Process context.
 */
unsigned int ilnp_ilcc_sweep(struct ilnp_ilcc *c, bool all, unsigned long idle,
			     unsigned long idle_ilnp)
{
	struct ilnp_peer *p, *dead = NULL;
	struct rhashtable_iter iter;
	unsigned int n = 0;

	rhashtable_walk_enter(&c->table, &iter);
	rhashtable_walk_start(&iter);
	while ((p = ilnp_walk_next(&iter))) {
		if (!all && (p->flags & ILNP_PEER_F_STATIC))
			continue;
		if (time_before(jiffies, READ_ONCE(p->used) +
				(READ_ONCE(p->nonce_remote.len) ?
				 idle_ilnp : idle)))
			continue;
		if (!rhashtable_remove_fast(&c->table, &p->node,
					    ilnp_ilcc_params)) {
			p->next_dead = dead;
			dead = p;
			n++;
		}
	}
	rhashtable_walk_stop(&iter);
	rhashtable_walk_exit(&iter);
	/* Unlinked under RCU; their timers are stopped outside of it. */
	while (dead) {
		p = dead;
		dead = p->next_dead;
		ilnp_peer_free(p, NULL);
	}
	return n;
}
ILNP_EXPORT_FOR_KUNIT(ilnp_ilcc_sweep);

/* Remove dynamic entries (and static ones with @all); returns how many. */
unsigned int ilnp_ilcc_flush(struct ilnp_ilcc *c, bool all)
{
	return ilnp_ilcc_sweep(c, all, 0, 0);
}
ILNP_EXPORT_FOR_KUNIT(ilnp_ilcc_flush);

/**
 * ilnp_peer_learn() - find or create the entry of a correspondent
 * @in:        the namespace
 * @nid:       the peer's NID
 * @local_nid: our NID in the session
 * @loc:       the peer's locator as seen in the packet (network order)
 * @remote:    the peer's nonce if the packet carried one, or NULL
 * @plain:     a new entry is for a plain IPv6 correspondent
 *
 * The data path calls this for the first packet to or from a peer.  A new
 * entry has one locator and starts in ILNP_PEER_NEW, or in ILNP_PEER_PLAIN
 * with @plain (a correspondent whose first packet to us had no nonce: RFC
 * 6744 sec. 6, it talks classic IPv6 and so do we).  Softirq-safe; caller
 * holds rcu_read_lock().
 *
 * Return: the entry, or NULL (cache full, no memory).
 */
struct ilnp_peer *ilnp_peer_learn(struct ilnp_net *in, u64 nid, u64 local_nid,
				  __be64 loc, const struct ilnp_nonce *remote,
				  bool plain)
{
	struct ilnp_locset *set;
	struct ilnp_peer *p, *old;

	p = ilnp_peer_lookup(&in->ilcc, nid);
	if (p)
		return p;
	if (ilnp_ilcc_count(&in->ilcc) >= in->ilcc.max)
		return NULL;
	set = ilnp_locset_alloc(1, GFP_ATOMIC);
	if (!set)
		return NULL;
	set->locs[0] = (struct ilnp_loc){
		.loc = be64_to_cpu(loc),
		.pref = ILNP_DEFAULT_PREF,
	};
	p = ilnp_peer_create(nid, set, 0, GFP_ATOMIC);
	if (!p) {
		kfree(set);
		return NULL;
	}
	p->local_nid = local_nid;
	p->in = in;
	if (remote)
		p->nonce_remote = *remote;
	if (plain) {
		p->state = ILNP_PEER_PLAIN;
		p->flags |= ILNP_PEER_F_PLAIN_IPV6;
	}
	old = rhashtable_lookup_get_insert_fast(&in->ilcc.table, &p->node,
						ilnp_ilcc_params);
	if (old) {
		/* Another CPU won the race: it was never published, free now. */
		kfree(set);
		kfree(p);
		return IS_ERR(old) ? NULL : old;
	}
	return p;
}
ILNP_EXPORT_FOR_KUNIT(ilnp_peer_learn);

/* The peer does not speak ILNP: no nonce, no LU.  Caller holds p->lock. */
void ilnp_peer_set_plain(struct ilnp_peer *p)
{
	WRITE_ONCE(p->state, ILNP_PEER_PLAIN);
	p->flags |= ILNP_PEER_F_PLAIN_IPV6;
	del_timer(&p->lu_timer);
}
ILNP_EXPORT_FOR_KUNIT(ilnp_peer_set_plain);

/* RFC 6298 smoothing of a round-trip sample; caller holds p->lock. */
void ilnp_peer_rtt_sample(struct ilnp_peer *p, u32 rtt_us)
{
	u32 delta;

	rtt_us = max(rtt_us, 1U);
	if (!p->srtt_us) {
		p->srtt_us = rtt_us;
		p->rttvar_us = rtt_us / 2;
		return;
	}
	delta = rtt_us > p->srtt_us ? rtt_us - p->srtt_us : p->srtt_us - rtt_us;
	p->rttvar_us = (3 * p->rttvar_us + delta) / 4;
	p->srtt_us = (7 * p->srtt_us + rtt_us) / 8;
}
ILNP_EXPORT_FOR_KUNIT(ilnp_peer_rtt_sample);

#define ILNP_RTO_MIN_US		10000		/* 10 ms */
#define ILNP_RTO_INIT_US	250000		/* no sample yet */
#define ILNP_RTO_MAX_US		3000000		/* 3 s */

/* First retransmission timeout of an LU to @p, before backoff. */
u32 ilnp_peer_rto_us(const struct ilnp_peer *p)
{
	u32 rto;

	if (!p->srtt_us)
		return ILNP_RTO_INIT_US;
	rto = p->srtt_us + max(4 * p->rttvar_us, ILNP_RTO_MIN_US / 2);
	return clamp_t(u32, rto, ILNP_RTO_MIN_US, ILNP_RTO_MAX_US);
}
ILNP_EXPORT_FOR_KUNIT(ilnp_peer_rto_us);
