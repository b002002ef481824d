// SPDX-License-Identifier: GPL-2.0
/*
 * Session views (see flow.h).
 */
#include <linux/in.h>
#include <linux/moduleparam.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>

#include "ilnp.h"
#include "flow.h"
#include "ilcc.h"
#include "netns.h"

unsigned int ilnp_flow_max __read_mostly = 1U << 20;
module_param_named(flow_max, ilnp_flow_max, uint, 0644);
MODULE_PARM_DESC(flow_max, "Maximum session views per network namespace");
ILNP_EXPORT_FOR_KUNIT(ilnp_flow_max);

/* Timeouts in seconds, at most 30 days: jiffies must not overflow. */
#define ILNP_TIMEOUT_MAX	(30U * 24 * 3600)

static int ilnp_timeout_set(const char *val, const struct kernel_param *kp)
{
	unsigned int v;
	int err = kstrtouint(val, 0, &v);

	if (err)
		return err;
	if (!v || v > ILNP_TIMEOUT_MAX)
		return -ERANGE;
	WRITE_ONCE(*(unsigned int *)kp->arg, v);
	return 0;
}

static const struct kernel_param_ops ilnp_timeout_ops = {
	.set = ilnp_timeout_set,
	.get = param_get_uint,
};

static unsigned int ilnp_flow_timeout __read_mostly = 600;
module_param_cb(flow_timeout, &ilnp_timeout_ops, &ilnp_flow_timeout, 0644);
MODULE_PARM_DESC(flow_timeout, "Seconds an idle UDP/ICMP session view, or a peer not proven to speak ILNP, is kept (1-2592000)");

/* As long as conntrack keeps an established TCP connection. */
static unsigned int ilnp_session_timeout __read_mostly = 5 * 24 * 3600;
module_param_cb(session_timeout, &ilnp_timeout_ops, &ilnp_session_timeout,
		0644);
MODULE_PARM_DESC(session_timeout, "Seconds an idle TCP or ESP session view, or a proven ILNP peer, is kept (1-2592000)");

unsigned long ilnp_flow_timeout_jiffies(void)
{
	return (unsigned long)READ_ONCE(ilnp_flow_timeout) * HZ;
}

unsigned long ilnp_session_timeout_jiffies(void)
{
	return (unsigned long)READ_ONCE(ilnp_session_timeout) * HZ;
}

static const struct rhashtable_params ilnp_flow_params = {
	.key_len = sizeof(struct ilnp_flow_key),
	.key_offset = offsetof(struct ilnp_flow, key),
	.head_offset = offsetof(struct ilnp_flow, node),
	.automatic_shrinking = true,
};

int ilnp_flows_init(struct ilnp_flows *f)
{
	atomic_set(&f->count, 0);
	return rhashtable_init(&f->table, &ilnp_flow_params);
}
ILNP_EXPORT_FOR_KUNIT(ilnp_flows_init);

/* Every view went with its peer (ilnp_ilcc_destroy() runs first). */
void ilnp_flows_destroy(struct ilnp_flows *f)
{
	WARN_ON_ONCE(atomic_read(&f->count));
	rhashtable_destroy(&f->table);
}
ILNP_EXPORT_FOR_KUNIT(ilnp_flows_destroy);

unsigned int ilnp_flows_count(struct ilnp_flows *f)
{
	return atomic_read(&f->count);
}
ILNP_EXPORT_FOR_KUNIT(ilnp_flows_count);

/* Caller holds rcu_read_lock(). */
struct ilnp_flow *ilnp_flow_lookup(struct ilnp_flows *f,
				   const struct ilnp_flow_key *key)
{
	return rhashtable_lookup(&f->table, key, ilnp_flow_params);
}
ILNP_EXPORT_FOR_KUNIT(ilnp_flow_lookup);

/**
 * ilnp_flow_add() - record the view of a flow of @p
 * @in:         the namespace (charged for the memory)
 * @p:          the correspondent; @key->peer_id is its id
 * @key:        the flow
 * @local_view: our locator as the socket uses it
 * @peer_view:  the peer's locator as the socket uses it
 * @plain:      the session is plain IPv6
 *
 * Softirq-safe; caller holds rcu_read_lock().  A peer that is going away,
 * or over its share (an unproven peer: a few; pinned-plain views: a few
 * hundred; and flow_max in the namespace), gets none.
 *
 * Return: the entry (an existing one if another CPU was first), or NULL.
 */
struct ilnp_flow *ilnp_flow_add(struct ilnp_net *in, struct ilnp_peer *p,
				const struct ilnp_flow_key *key,
				__be64 local_view, __be64 peer_view,
				bool plain)
{
	struct ilnp_flows *f = &in->flows;
	struct ilnp_flow *fl, *old;
	struct mem_cgroup *memcg;

	if (atomic_read(&f->count) >= READ_ONCE(ilnp_flow_max))
		goto limit;
	memcg = ilnp_net_alloc_begin(in);
	fl = kzalloc(sizeof(*fl), GFP_ATOMIC | __GFP_ACCOUNT);
	ilnp_net_alloc_end(memcg);
	if (!fl)
		goto limit;
	fl->key = *key;
	fl->local_view = local_view;
	fl->peer_view = peer_view;
	fl->used = jiffies;
	fl->peer = p;
	fl->plain = plain;

	spin_lock_bh(&p->lock);
	if (p->dead ||
	    (!(p->flags & (ILNP_PEER_F_VERIFIED | ILNP_PEER_F_STATIC)) &&
	     p->nflows >= ILNP_FLOWS_UNPROVEN_MAX) ||
	    (plain && p->nplain >= ILNP_FLOWS_PLAIN_MAX)) {
		spin_unlock_bh(&p->lock);
		kfree(fl);
		goto limit;
	}
	old = rhashtable_lookup_get_insert_fast(&f->table, &fl->node,
						ilnp_flow_params);
	if (!old) {
		hlist_add_head(&fl->peer_node, &p->flows);
		p->nflows++;
		p->nplain += plain;
		atomic_inc(&f->count);
	}
	spin_unlock_bh(&p->lock);
	if (old) {
		kfree(fl);
		return IS_ERR(old) ? NULL : old;
	}
	return fl;
limit:
	ilnp_stat_inc(in, ILNP_STAT_PEER_LIMIT);
	return NULL;
}
ILNP_EXPORT_FOR_KUNIT(ilnp_flow_add);

/* Egress: the socket's addresses are the view; note the flow is alive. */
void ilnp_flow_touch(struct ilnp_flow *fl, __be64 local_view,
		     __be64 peer_view)
{
	if (fl->local_view != local_view)
		WRITE_ONCE(fl->local_view, local_view);
	if (fl->peer_view != peer_view)
		WRITE_ONCE(fl->peer_view, peer_view);
	if (READ_ONCE(fl->used) != jiffies)
		WRITE_ONCE(fl->used, jiffies);
}
ILNP_EXPORT_FOR_KUNIT(ilnp_flow_touch);

/* Caller holds fl->peer->lock. */
static void ilnp_flow_remove(struct ilnp_net *in, struct ilnp_flow *fl)
{
	struct ilnp_peer *p = fl->peer;

	lockdep_assert_held(&p->lock);
	fl->dead = true;
	rhashtable_remove_fast(&in->flows.table, &fl->node, ilnp_flow_params);
	hlist_del(&fl->peer_node);
	p->nflows--;
	p->nplain -= fl->plain;
	atomic_dec(&in->flows.count);
	kfree_rcu(fl, rcu);
}

/* The peer goes: its views with it.  Caller holds p->lock. */
void ilnp_flows_remove_peer(struct ilnp_net *in, struct ilnp_peer *p)
{
	struct hlist_node *tmp;
	struct ilnp_flow *fl;

	hlist_for_each_entry_safe(fl, tmp, &p->flows, peer_node)
		ilnp_flow_remove(in, fl);
}
ILNP_EXPORT_FOR_KUNIT(ilnp_flows_remove_peer);

/*
 * Remove flows idle for @idle jiffies or more, TCP and ESP ones (long-lived
 * sessions that may be quiet for hours) for @idle_session; returns how
 * many.  Process context.  As in ilnp_ilcc_remove_if(), a pass that
 * removed something is followed by another.
 */
unsigned int ilnp_flows_expire(struct ilnp_net *in, unsigned long idle,
			       unsigned long idle_session)
{
	struct rhashtable_iter iter;
	unsigned int n = 0, pass, seen;
	struct ilnp_flow *fl;

	do {
		pass = 0;
		seen = 0;
		rhashtable_walk_enter(&in->flows.table, &iter);
		rhashtable_walk_start(&iter);
		while ((fl = ilnp_walk_next(&iter))) {
			struct ilnp_peer *p = fl->peer;

			if (!time_before(jiffies, READ_ONCE(fl->used) +
					 (fl->key.proto == IPPROTO_TCP ||
					  fl->key.proto == IPPROTO_ESP ?
					  idle_session : idle))) {
				/* The peer lives until a grace period after
				 * its views are gone: we are inside one. */
				spin_lock_bh(&p->lock);
				if (!fl->dead) {
					ilnp_flow_remove(in, fl);
					pass++;
				}
				spin_unlock_bh(&p->lock);
			}
			ilnp_walk_pause(&iter, &seen);
		}
		rhashtable_walk_stop(&iter);
		rhashtable_walk_exit(&iter);
		n += pass;
	} while (pass);
	return n;
}
ILNP_EXPORT_FOR_KUNIT(ilnp_flows_expire);
