// SPDX-License-Identifier: GPL-2.0
/*
 * Locators follow their interfaces (see addrwatch.h).
 *
 * The notifiers run in atomic context (the inet6addr chain) or under RTNL;
 * they only queue the namespace's work, which re-checks every locator tied
 * to an interface under ilnp_net.lock.
 */
#include <linux/inetdevice.h>
#include <linux/netdevice.h>
#include <net/addrconf.h>
#include <net/if_inet6.h>
#include <asm/unaligned.h>

#include "ilnp.h"
#include "addrwatch.h"
#include "local.h"
#include "netns.h"

/* Does @l still have an interface that is up and an address inside it? */
static bool ilnp_loc_usable(struct net *net, const struct ilnp_loc *l)
{
	struct inet6_ifaddr *ifa;
	struct net_device *dev;
	struct inet6_dev *idev;
	bool ok = false;

	rcu_read_lock();
	dev = dev_get_by_index_rcu(net, l->ifindex);
	if (!dev || !netif_running(dev) || !netif_oper_up(dev))
		goto out;
	idev = __in6_dev_get(dev);
	if (!idev)
		goto out;
	read_lock_bh(&idev->lock);
	list_for_each_entry(ifa, &idev->addr_list, if_list) {
		if (get_unaligned_be64(&ifa->addr.s6_addr[0]) == l->loc &&
		    !(ifa->flags & IFA_F_DADFAILED)) {
			ok = true;
			break;
		}
	}
	read_unlock_bh(&idev->lock);
out:
	rcu_read_unlock();
	return ok;
}

static void ilnp_addrwatch_work(struct work_struct *work)
{
	struct ilnp_net *in = container_of(work, struct ilnp_net, addrwatch);
	const struct ilnp_locset *set;
	unsigned int i;
	u64 gone;

	/* One at a time: each withdrawal publishes a new set. */
	do {
		gone = 0;
		rcu_read_lock();
		set = rcu_dereference(in->locs);
		for (i = 0; set && i < set->n; i++) {
			if (set->locs[i].ifindex &&
			    !ilnp_loc_usable(in->net, &set->locs[i])) {
				gone = set->locs[i].loc;
				break;
			}
		}
		rcu_read_unlock();
	} while (gone && !ilnp_loc_del(in, gone, NULL));
}

/*
 * Unregistering a netdevice notifier replays DOWN events for every device:
 * those must not withdraw locators on the way out of the module.
 */
static bool ilnp_addrwatch_stopping;

static void ilnp_addrwatch_kick(struct net *net)
{
	struct ilnp_net *in = ilnp_pernet(net);

	/* Only namespaces where ILNP is configured (hooks on) care. */
	if (!READ_ONCE(ilnp_addrwatch_stopping) && READ_ONCE(in->hooks_on) &&
	    !READ_ONCE(in->dying))
		schedule_work(&in->addrwatch);
}

static int ilnp_netdev_event(struct notifier_block *nb, unsigned long event,
			     void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);

	switch (event) {
	case NETDEV_DOWN:
	case NETDEV_CHANGE:
	case NETDEV_UNREGISTER:
		ilnp_addrwatch_kick(dev_net(dev));
		break;
	}
	return NOTIFY_DONE;
}

static int ilnp_inet6addr_event(struct notifier_block *nb,
				unsigned long event, void *ptr)
{
	struct inet6_ifaddr *ifa = ptr;

	if (event == NETDEV_DOWN)
		ilnp_addrwatch_kick(dev_net(ifa->idev->dev));
	return NOTIFY_DONE;
}

static struct notifier_block ilnp_netdev_nb = {
	.notifier_call = ilnp_netdev_event,
};

static struct notifier_block ilnp_inet6addr_nb = {
	.notifier_call = ilnp_inet6addr_event,
};

void ilnp_addrwatch_net_init(struct ilnp_net *in)
{
	INIT_WORK(&in->addrwatch, ilnp_addrwatch_work);
}

void ilnp_addrwatch_net_exit(struct ilnp_net *in)
{
	cancel_work_sync(&in->addrwatch);
}

int ilnp_addrwatch_init(void)
{
	int err = register_netdevice_notifier(&ilnp_netdev_nb);

	if (err)
		return err;
	err = register_inet6addr_notifier(&ilnp_inet6addr_nb);
	if (err)
		unregister_netdevice_notifier(&ilnp_netdev_nb);
	return err;
}

void ilnp_addrwatch_exit(void)
{
	WRITE_ONCE(ilnp_addrwatch_stopping, true);
	unregister_inet6addr_notifier(&ilnp_inet6addr_nb);
	unregister_netdevice_notifier(&ilnp_netdev_nb);
}
