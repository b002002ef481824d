// SPDX-License-Identifier: GPL-2.0
/*
 * Per network namespace state: creation, teardown, counters.
 *
 * Teardown is in two steps.  .pre_exit unregisters the netfilter hooks and
 * marks the namespace dying; the core then waits for an RCU grace period
 * before .exit, so no hook is still running (on another CPU, in the middle
 * of a packet) when .exit stops the works and timers and frees the tables.
 * Unregistering in .exit and freeing right after, as the first version did,
 * races with hooks in flight.
 */
#include <linux/percpu.h>

#include "ilnp.h"
#include "addrwatch.h"
#include "datapath.h"
#include "local.h"
#include "netns.h"
#include "update.h"

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
ILNP_EXPORT_FOR_KUNIT(ilnp_stats_read);

#define ILNP_GC_INTERVAL	(30 * HZ)

/*
 * Idle session views and peers not proven to speak ILNP go after
 * flow_timeout seconds, TCP and ESP views and proven ILNP peers after
 * session_timeout.
 */
static void ilnp_net_gc(struct work_struct *work)
{
	struct ilnp_net *in = container_of(to_delayed_work(work),
					   struct ilnp_net, gc);

	ilnp_flows_expire(in, ilnp_flow_timeout_jiffies(),
			  ilnp_session_timeout_jiffies());
	ilnp_ilcc_sweep(in, false, ilnp_flow_timeout_jiffies(),
			ilnp_session_timeout_jiffies());
	if (!READ_ONCE(in->dying))
		queue_delayed_work(system_power_efficient_wq, &in->gc,
				   ILNP_GC_INTERVAL);
}

static int __net_init ilnp_net_init(struct net *net)
{
	struct ilnp_net *in = ilnp_pernet(net);
	int cpu, err;

	in->net = net;
	mutex_init(&in->lock);
	/* The creator's cgroup pays for what the namespace's packets cost. */
	in->memcg = get_mem_cgroup_from_mm(current->mm);
	in->stats = alloc_percpu(struct ilnp_stats);
	if (!in->stats) {
		err = -ENOMEM;
		goto err_memcg;
	}
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(in->stats, cpu)->syncp);

	err = ilnp_local_init(in);
	if (err)
		goto err_stats;
	err = ilnp_ilcc_init(in);
	if (err)
		goto err_local;
	err = ilnp_flows_init(&in->flows);
	if (err)
		goto err_ilcc;
	err = ilnp_map_init(in);
	if (err)
		goto err_flows;
	ilnp_ratelimit_init(&in->rl);
	RCU_INIT_POINTER(in->prefixes, NULL);
	INIT_DELAYED_WORK(&in->gc, ilnp_net_gc);
	ilnp_addrwatch_net_init(in);
	ilnp_lu_net_init(in);
	queue_delayed_work(system_power_efficient_wq, &in->gc,
			   ILNP_GC_INTERVAL);
	return 0;

err_flows:
	ilnp_flows_destroy(&in->flows);
err_ilcc:
	ilnp_ilcc_destroy(in);
err_local:
	ilnp_local_destroy(in);
err_stats:
	free_percpu(in->stats);
err_memcg:
	mem_cgroup_put(in->memcg);
	return err;
}

static void __net_exit ilnp_net_pre_exit(struct net *net)
{
	struct ilnp_net *in = ilnp_pernet(net);

	/* No new work from notifiers, timers or packets from here on. */
	WRITE_ONCE(in->dying, true);
	ilnp_hooks_disable(in);
}

static void __net_exit ilnp_net_exit(struct net *net)
{
	struct ilnp_net *in = ilnp_pernet(net);

	/* The hooks are gone and a grace period has passed (pre_exit). */
	cancel_delayed_work_sync(&in->gc);
	ilnp_addrwatch_net_exit(in);
	ilnp_lu_net_exit(in);
	ilnp_ilcc_destroy(in);		/* peers, their timers and views */
	ilnp_flows_destroy(&in->flows);
	ilnp_map_destroy(in);
	ilnp_prefixes_free(rcu_dereference_protected(in->prefixes, true));
	ilnp_local_destroy(in);
	free_percpu(in->stats);
	mem_cgroup_put(in->memcg);
}

static struct pernet_operations ilnp_net_ops = {
	.init = ilnp_net_init,
	.pre_exit = ilnp_net_pre_exit,
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
	/* Objects freed with kfree_rcu()/call_rcu() must be gone before the
	 * text is. */
	rcu_barrier();
}
