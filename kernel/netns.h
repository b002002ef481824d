/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per network namespace state.  Everything the module knows lives in one
 * struct ilnp_net per netns; nothing is global except the genl family.
 */
#ifndef _ILNP_NETNS_H
#define _ILNP_NETNS_H

#include <linux/mutex.h>
#include <linux/netfilter.h>
#include <linux/rhashtable-types.h>
#include <linux/u64_stats_sync.h>
#include <linux/workqueue.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include <uapi/linux/ilnp.h>

#include "flow.h"
#include "ilcc.h"
#include "locset.h"

#define ILNP_NHOOKS	2	/* ingress, egress (datapath.c) */

struct ilnp_stats {
	u64_stats_t cnt[ILNP_STAT_MAX + 1];
	struct u64_stats_sync syncp;
};

struct ilnp_net {
	struct net *net;
	struct mutex lock;		/* serialises writers of nids/locs */
	struct rhashtable nids;		/* local NIDs: struct ilnp_nid */
	struct ilnp_locset __rcu *locs;	/* local locators, preferred first */
	struct ilnp_ilcc ilcc;		/* correspondents */
	struct ilnp_flows flows;	/* session views */
	struct nf_hook_ops hooks[ILNP_NHOOKS];
	struct delayed_work gc;		/* sweeps idle flows and peers */
	struct work_struct addrwatch;	/* re-checks interface-bound locators */
	bool hooks_on;			/* registered (under lock) */
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

void ilnp_stats_read(struct ilnp_net *in, u64 out[ILNP_STAT_MAX + 1]);

int ilnp_netns_init(void);
void ilnp_netns_exit(void);

#endif /* _ILNP_NETNS_H */
