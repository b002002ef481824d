// SPDX-License-Identifier: GPL-2.0
/*
 * Session views (see flow.h).
 */
#include <linux/in.h>
#include <linux/jiffies.h>
#include <linux/moduleparam.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>

#include "ilnp.h"
#include "flow.h"

unsigned int ilnp_flow_max __read_mostly = 1U << 20;
module_param_named(flow_max, ilnp_flow_max, uint, 0644);
MODULE_PARM_DESC(flow_max, "Maximum session views per network namespace");
ILNP_EXPORT_FOR_KUNIT(ilnp_flow_max);

unsigned int ilnp_flow_timeout __read_mostly = 600;
module_param_named(flow_timeout, ilnp_flow_timeout, uint, 0644);
MODULE_PARM_DESC(flow_timeout, "Seconds an idle UDP/ICMP session view, or a peer not known to speak ILNP, is kept");

/* As long as conntrack keeps an established TCP connection. */
unsigned int ilnp_session_timeout __read_mostly = 5 * 24 * 3600;
module_param_named(session_timeout, ilnp_session_timeout, uint, 0644);
MODULE_PARM_DESC(session_timeout, "Seconds an idle TCP or ESP session view, or an ILNP peer, is kept");

static const struct rhashtable_params ilnp_flow_params = {
	.key_len = sizeof(struct ilnp_flow_key),
	.key_offset = offsetof(struct ilnp_flow, key),
	.head_offset = offsetof(struct ilnp_flow, node),
	.automatic_shrinking = true,
};

int ilnp_flows_init(struct ilnp_flows *f)
{
	return rhashtable_init(&f->table, &ilnp_flow_params);
}
ILNP_EXPORT_FOR_KUNIT(ilnp_flows_init);

static void ilnp_flow_free(void *ptr, void *arg)
{
	struct ilnp_flow *fl = ptr;

	kfree_rcu(fl, rcu);
}

void ilnp_flows_destroy(struct ilnp_flows *f)
{
	rhashtable_free_and_destroy(&f->table, ilnp_flow_free, NULL);
}
ILNP_EXPORT_FOR_KUNIT(ilnp_flows_destroy);

unsigned int ilnp_flows_count(struct ilnp_flows *f)
{
	return atomic_read(&f->table.nelems);
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
 * ilnp_flow_learn() - record (or refresh) the view of a flow
 * @f:          the namespace's flows
 * @key:        the flow
 * @local_view: our locator as the socket uses it
 * @peer_view:  the peer's locator as the socket uses it
 *
 * Called from egress with the addresses the socket put in the packet, and
 * from ingress for a flow seen for the first time (then the view is what
 * arrived).  An existing entry takes the new view.  Softirq-safe; caller
 * holds rcu_read_lock().
 *
 * Return: the entry, or NULL when the table is full or memory is short
 * (the packet then goes on without a view).
 */
struct ilnp_flow *ilnp_flow_learn(struct ilnp_flows *f,
				  const struct ilnp_flow_key *key,
				  __be64 local_view, __be64 peer_view)
{
	struct ilnp_flow *fl, *old;

	fl = ilnp_flow_lookup(f, key);
	if (fl) {
		if (fl->local_view != local_view)
			WRITE_ONCE(fl->local_view, local_view);
		if (fl->peer_view != peer_view)
			WRITE_ONCE(fl->peer_view, peer_view);
		if (READ_ONCE(fl->used) != jiffies)
			WRITE_ONCE(fl->used, jiffies);
		return fl;
	}
	if (ilnp_flows_count(f) >= READ_ONCE(ilnp_flow_max))
		return NULL;
	fl = kzalloc(sizeof(*fl), GFP_ATOMIC);
	if (!fl)
		return NULL;
	fl->key = *key;
	fl->local_view = local_view;
	fl->peer_view = peer_view;
	fl->used = jiffies;
	old = rhashtable_lookup_get_insert_fast(&f->table, &fl->node,
						ilnp_flow_params);
	if (old) {
		/* Lost a race (or an error): use whatever is there. */
		kfree(fl);
		return IS_ERR(old) ? NULL : old;
	}
	return fl;
}
ILNP_EXPORT_FOR_KUNIT(ilnp_flow_learn);

/*
 * Remove flows idle for @idle jiffies or more, TCP and ESP ones (long-lived
 * sessions that may be quiet for hours) for @idle_session; returns how many.
 */
unsigned int ilnp_flows_expire(struct ilnp_flows *f, unsigned long idle,
			       unsigned long idle_session)
{
	struct rhashtable_iter iter;
	struct ilnp_flow *fl;
	unsigned int n = 0;

	rhashtable_walk_enter(&f->table, &iter);
	rhashtable_walk_start(&iter);
	while ((fl = ilnp_walk_next(&iter))) {
		if (time_before(jiffies, READ_ONCE(fl->used) +
				(fl->key.proto == IPPROTO_TCP ||
				 fl->key.proto == IPPROTO_ESP ?
				 idle_session : idle)))
			continue;
		if (!rhashtable_remove_fast(&f->table, &fl->node,
					    ilnp_flow_params)) {
			kfree_rcu(fl, rcu);
			n++;
		}
	}
	rhashtable_walk_stop(&iter);
	rhashtable_walk_exit(&iter);
	return n;
}
ILNP_EXPORT_FOR_KUNIT(ilnp_flows_expire);
