// SPDX-License-Identifier: GPL-2.0
/*
 * Per network namespace state: creation, teardown, counters.
 */
#include <linux/percpu.h>

#include "ilnp.h"
#include "addrwatch.h"
#include "datapath.h"
#include "local.h"
#include "netns.h"

unsigned int ilnp_net_id __read_mostly;

void ilnp_stats_read(struct ilnp_net *in, u64 out[ILNP_STAT_MAX + 1])
{
	int cpu, i;

	memset(out, 0, sizeof(u64) * (ILNP_STAT_MAX + 1));
	for_each_possible_cpu(cpu) {
		const struct ilnp_stats *st = per_cpu_ptr(in->stats, cpu);
		unsigned int start;
		u64 v[ILNP_STAT_MAX + 1];

		do {
			start = u64_stats_fetch_begin(&st->syncp);
			for (i = 0; i <= ILNP_STAT_MAX; i++)
				v[i] = u64_stats_read(&st->cnt[i]);
		} while (u64_stats_fetch_retry(&st->syncp, start));
		for (i = 0; i <= ILNP_STAT_MAX; i++)
			out[i] += v[i];
	}
}

#define ILNP_GC_INTERVAL	(30 * HZ)

/*
 * Idle session views and learned peers go after flow_timeout seconds, TCP
 * and ESP views and ILNP peers after session_timeout.
 */
static void ilnp_net_gc(struct work_struct *work)
{
	struct ilnp_net *in = container_of(to_delayed_work(work),
					   struct ilnp_net, gc);
	unsigned long idle = READ_ONCE(ilnp_flow_timeout) * HZ;
	unsigned long idle_session = READ_ONCE(ilnp_session_timeout) * HZ;

	ilnp_flows_expire(&in->flows, idle, idle_session);
	ilnp_ilcc_sweep(&in->ilcc, false, idle, idle_session);
	queue_delayed_work(system_power_efficient_wq, &in->gc,
			   ILNP_GC_INTERVAL);
}

static int __net_init ilnp_net_init(struct net *net)
{
	struct ilnp_net *in = ilnp_pernet(net);
	int cpu, err;

	in->net = net;
	mutex_init(&in->lock);
	in->stats = alloc_percpu(struct ilnp_stats);
	if (!in->stats)
		return -ENOMEM;
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(in->stats, cpu)->syncp);

	err = ilnp_local_init(in);
	if (err)
		goto err_stats;
	err = ilnp_ilcc_init(&in->ilcc);
	if (err)
		goto err_local;
	err = ilnp_flows_init(&in->flows);
	if (err)
		goto err_ilcc;
	INIT_DELAYED_WORK(&in->gc, ilnp_net_gc);
	ilnp_addrwatch_net_init(in);
	queue_delayed_work(system_power_efficient_wq, &in->gc,
			   ILNP_GC_INTERVAL);
	return 0;

err_ilcc:
	ilnp_ilcc_destroy(&in->ilcc);
err_local:
	ilnp_local_destroy(in);
err_stats:
	free_percpu(in->stats);
	return err;
}

static void __net_exit ilnp_net_exit(struct net *net)
{
	struct ilnp_net *in = ilnp_pernet(net);

	/* No packet reaches the tables once the hooks are gone. */
	ilnp_hooks_disable(in);
	cancel_delayed_work_sync(&in->gc);
	ilnp_addrwatch_net_exit(in);
	ilnp_flows_destroy(&in->flows);
	ilnp_ilcc_destroy(&in->ilcc);
	ilnp_local_destroy(in);
	free_percpu(in->stats);
}

static struct pernet_operations ilnp_net_ops = {
	.init = ilnp_net_init,
	.exit = ilnp_net_exit,
	.id = &ilnp_net_id,
	.size = sizeof(struct ilnp_net),
};

int ilnp_netns_init(void)
{
	return register_pernet_subsys(&ilnp_net_ops);
}

void ilnp_netns_exit(void)
{
	unregister_pernet_subsys(&ilnp_net_ops);
	/* Objects freed with kfree_rcu() must be gone before the text is. */
	rcu_barrier();
}
