/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per network namespace state.  Everything the module knows lives in one
 * struct ilnp_net per netns; nothing is global except the genl family and
 * the module parameters.
 *
 * Memory that packets make us allocate (peers, session views) is charged
 * to the memory cgroup of the task that created the namespace: the one
 * whose workload the namespace carries (ilnp_net_alloc_begin()).
 */
#ifndef _ILNP_NETNS_H
#define _ILNP_NETNS_H

#include <linux/memcontrol.h>
#include <linux/mutex.h>
#include <linux/netfilter.h>
#include <linux/rhashtable-types.h>
#include <linux/sched/mm.h>
#include <linux/u64_stats_sync.h>
#include <linux/workqueue.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include <uapi/linux/ilnp.h>

#include "addrwatch.h"
#include "flow.h"
#include "ilcc.h"
#include "locset.h"
#include "map.h"
#include "prefix.h"
#include "ratelimit.h"

#define ILNP_NHOOKS	2	/* ingress, egress (datapath.c) */

struct ilnp_stats {
	u64_stats_t cnt[ILNP_STAT_MAX + 1];
	struct u64_stats_sync syncp;
};

struct ilnp_net {
	struct net *net;
	struct mutex lock;		/* serialises writers of nids, locs,
					 * prefixes */
	struct rhashtable nids;		/* local NIDs: struct ilnp_nid */
	struct ilnp_locset __rcu *locs;	/* local locators, preferred first */
	struct ilnp_prefixes __rcu *prefixes; /* whom to try ILNP with */
	struct ilnp_ilcc ilcc;		/* correspondents */
	struct ilnp_flows flows;	/* session views */
	struct ilnp_map map;		/* locator rewriting for nodes behind us */
	struct ilnp_ratelimit rl;	/* hostile-input budgets */
	struct nf_hook_ops hooks[ILNP_NHOOKS];
	struct delayed_work gc;		/* sweeps idle flows and peers */
	struct work_struct addrwatch;	/* re-checks interface-bound locators */
	struct ilnp_autoloc autoloc;	/* addrwatch.c: locators from addresses */
	unsigned int auto_nids;		/* NIDs with ILNP_NID_F_AUTO (lock) */
	struct work_struct announce;	/* sends LUs after a locator change */
	bool hooks_on;			/* registered (under lock) */
	bool dying;			/* pre_exit ran: queue no more work */
	struct mem_cgroup *memcg;	/* charged for what packets allocate */
	struct ilnp_stats __percpu *stats;
};

extern unsigned int ilnp_net_id;

static inline struct ilnp_net *ilnp_pernet(const struct net *net)
{
	return net_generic(net, ilnp_net_id);
}

static inline void ilnp_stat_add(struct ilnp_net *in, enum ilnp_stat s, u64 v)
{
	struct ilnp_stats *st = get_cpu_ptr(in->stats);

	u64_stats_update_begin(&st->syncp);
	u64_stats_add(&st->cnt[s], v);
	u64_stats_update_end(&st->syncp);
	put_cpu_ptr(in->stats);
}

static inline void ilnp_stat_inc(struct ilnp_net *in, enum ilnp_stat s)
{
	ilnp_stat_add(in, s, 1);
}

/*
 * Allocations between these two are charged to the namespace's memory
 * cgroup, whatever context they run in (softirq included); pass
 * GFP_*_ACCOUNT or __GFP_ACCOUNT.
 */
static inline struct mem_cgroup *ilnp_net_alloc_begin(struct ilnp_net *in)
{
	return set_active_memcg(in->memcg);
}

static inline void ilnp_net_alloc_end(struct mem_cgroup *old)
{
	set_active_memcg(old);
}

void ilnp_stats_read(struct ilnp_net *in, u64 out[ILNP_STAT_MAX + 1]);

int ilnp_netns_init(void);
void ilnp_netns_exit(void);

#endif /* _ILNP_NETNS_H */
