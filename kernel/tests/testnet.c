// SPDX-License-Identifier: GPL-2.0
/*
 * A bare struct ilnp_net for KUnit cases (see testnet.h).
 */
#include <linux/slab.h>

#include "ilcc.h"
#include "local.h"
#include "testnet.h"

struct ilnp_net *ilnp_test_net_alloc(void)
{
	struct ilnp_net *in = kzalloc(sizeof(*in), GFP_KERNEL);
	int cpu;

	if (!in)
		return NULL;
	mutex_init(&in->lock);
	/* No hooks: a test namespace has no struct net to hook. */
	in->hooks_on = true;
	in->stats = alloc_percpu(struct ilnp_stats);
	if (!in->stats)
		goto err;
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(in->stats, cpu)->syncp);
	if (ilnp_local_init(in))
		goto err_stats;
	if (ilnp_ilcc_init(in))
		goto err_local;
	if (ilnp_flows_init(&in->flows))
		goto err_ilcc;
	ilnp_ratelimit_init(&in->rl);
	return in;

err_ilcc:
	ilnp_ilcc_destroy(in);
err_local:
	ilnp_local_destroy(in);
err_stats:
	free_percpu(in->stats);
err:
	kfree(in);
	return NULL;
}

void ilnp_test_net_free(struct ilnp_net *in)
{
	ilnp_ilcc_destroy(in);
	ilnp_flows_destroy(&in->flows);
	ilnp_local_destroy(in);
	/* Entries go after a grace period: before their counters do. */
	rcu_barrier();
	free_percpu(in->stats);
	kfree(in);
}

u64 ilnp_test_stat(struct ilnp_net *in, enum ilnp_stat s)
{
	u64 v[ILNP_STAT_MAX + 1];

	ilnp_stats_read(in, v);
	return v[s];
}
