// SPDX-License-Identifier: GPL-2.0
/*
 * Locators follow their interfaces, and an automatic NID's addresses
 * (see addrwatch.h).
 *
 * The notifiers run in atomic context (the inet6addr chain) or under RTNL;
 * they only queue the namespace's work, which re-checks every locator tied
 * to an interface, adopts new ones and sends the Router Solicitation (all
 * changes through local.c, under ilnp_net.lock).
 */
#include <linux/inetdevice.h>
#include <linux/netdevice.h>
#include <net/addrconf.h>
#include <net/ndisc.h>
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

/*
 * Call @match on each IPv6 address of the namespace (of the interfaces
 * that are up and running only, with @up) until it returns true; true
 * then.  Runs under RCU and the interface's address lock: @match must not
 * sleep.
 */
static bool ilnp_addr_walk(struct net *net, bool up,
			   bool (*match)(const struct inet6_ifaddr *ifa,
					 void *arg),
			   void *arg)
{
	struct inet6_ifaddr *ifa;
	struct net_device *dev;
	struct inet6_dev *idev;
	bool found = false;

	rcu_read_lock();
	for_each_netdev_rcu(net, dev) {
		if (up && (!netif_running(dev) || !netif_oper_up(dev)))
			continue;
		idev = __in6_dev_get(dev);
		if (!idev)
			continue;
		read_lock_bh(&idev->lock);
		list_for_each_entry(ifa, &idev->addr_list, if_list) {
			found = match(ifa, arg);
			if (found)
				break;
		}
		read_unlock_bh(&idev->lock);
		if (found)
			break;
	}
	rcu_read_unlock();
	return found;
}

static bool ilnp_addr_in_loc(const struct inet6_ifaddr *ifa, void *arg)
{
	return get_unaligned_be64(&ifa->addr.s6_addr[0]) == *(u64 *)arg;
}

/* Is @loc the /64 of an address of any interface, up or not? */
static bool ilnp_loc_has_addr(struct net *net, u64 loc)
{
	return ilnp_addr_walk(net, false, ilnp_addr_in_loc, &loc);
}

static bool ilnp_autoloc_is_left(const struct ilnp_autoloc *al, u64 loc)
{
	unsigned int i;

	for (i = 0; i < al->nleft; i++)
		if (al->left[i] == loc)
			return true;
	return false;
}

/* A locator left behind stays out until its address goes. */
static void ilnp_autoloc_leave(struct ilnp_autoloc *al, u64 loc)
{
	if (ilnp_autoloc_is_left(al, loc))
		return;
	if (al->nleft == ILNP_AUTOLOC_LEFT_MAX)
		memmove(al->left, al->left + 1, --al->nleft * sizeof(u64));
	al->left[al->nleft++] = loc;
}

static void ilnp_autoloc_prune(struct ilnp_net *in)
{
	struct ilnp_autoloc *al = &in->autoloc;
	unsigned int i = 0;

	while (i < al->nleft) {
		if (ilnp_loc_has_addr(in->net, al->left[i])) {
			i++;
			continue;
		}
		memmove(al->left + i, al->left + i + 1,
			(--al->nleft - i) * sizeof(u64));
	}
}

/* An address whose /64 could come in as a locator. */
static bool ilnp_autoloc_addr_ok(struct ilnp_net *in,
				 const struct inet6_ifaddr *ifa)
{
	const struct ilnp_nid *n;

	if ((ifa->scope & (IFA_HOST | IFA_LINK | IFA_SITE)) ||
	    (ifa->flags & (IFA_F_DADFAILED | IFA_F_DEPRECATED)))
		return false;
	n = ilnp_nid_find(in, get_unaligned_be64(&ifa->addr.s6_addr[8]));
	return n && (READ_ONCE(n->flags) & ILNP_NID_F_AUTO);
}

struct ilnp_autoloc_find {
	struct ilnp_net *in;
	const struct ilnp_locset *set;
	struct ilnp_loc *out;
};

static bool ilnp_autoloc_new(const struct inet6_ifaddr *ifa, void *arg)
{
	struct ilnp_autoloc_find *f = arg;
	u64 loc = get_unaligned_be64(&ifa->addr.s6_addr[0]);

	if (!ilnp_autoloc_addr_ok(f->in, ifa) ||
	    ilnp_locset_find(f->set, loc) >= 0 ||
	    ilnp_autoloc_is_left(&f->in->autoloc, loc))
		return false;
	*f->out = (struct ilnp_loc){ .loc = loc, .pref = ILNP_DEFAULT_PREF,
				     .ifindex = ifa->idev->dev->ifindex };
	return true;
}

/*
 * The first address of an automatic NID, on an up interface, whose /64 is
 * neither a locator already nor one left behind; false when there is none.
 * Tentative addresses count (optimistic): a guest that waited out DAD
 * after a migration would be unreachable for a second.
 */
static bool ilnp_autoloc_find(struct ilnp_net *in, struct ilnp_loc *out)
{
	struct ilnp_autoloc_find f = { .in = in, .out = out };
	bool found;

	rcu_read_lock();
	f.set = rcu_dereference(in->locs);
	found = ilnp_addr_walk(in->net, true, ilnp_autoloc_new, &f);
	rcu_read_unlock();
	return found;
}

/* A locator of @ifindex other than @loc, or 0. */
static u64 ilnp_autoloc_other(struct ilnp_net *in, int ifindex, u64 loc)
{
	const struct ilnp_locset *set;
	unsigned int i;
	u64 other = 0;

	rcu_read_lock();
	set = rcu_dereference(in->locs);
	for (i = 0; set && i < set->n && !other; i++)
		if (set->locs[i].ifindex == ifindex && set->locs[i].loc != loc)
			other = set->locs[i].loc;
	rcu_read_unlock();
	return other;
}

/*
 * @l came up on the interface that announced a move: it is the new link's.
 * It becomes the preferred locator, in one step with the withdrawal of the
 * first locator of the link left (REBIND), then the others go.
 */
static void ilnp_autoloc_move(struct ilnp_net *in, const struct ilnp_loc *l)
{
	struct ilnp_loc_req req = { .l = *l, .has_ifindex = true };
	u64 old = ilnp_autoloc_other(in, l->ifindex, l->loc);

	if (ilnp_loc_rebind(in, &req, old, NULL))
		return;
	ilnp_stat_inc(in, ILNP_STAT_LOC_ADOPTED);
	while (old) {
		ilnp_autoloc_leave(&in->autoloc, old);
		ilnp_stat_inc(in, ILNP_STAT_LOC_LEFT);
		old = ilnp_autoloc_other(in, l->ifindex, l->loc);
		if (old && ilnp_loc_del(in, old, NULL))
			break;
	}
}

/* A new locator on a link that did not announce a move: multihoming. */
static int ilnp_autoloc_add(struct ilnp_net *in, const struct ilnp_loc *l)
{
	struct ilnp_loc_req req = { .l = *l, .has_ifindex = true };
	int err = ilnp_loc_add(in, &req, false, NULL);

	if (!err)
		ilnp_stat_inc(in, ILNP_STAT_LOC_ADOPTED);
	return err;
}

static void ilnp_autoloc_adopt(struct ilnp_net *in)
{
	struct ilnp_autoloc *al = &in->autoloc;
	struct ilnp_loc l;
	int tries;

	ilnp_autoloc_prune(in);
	/* Bounded: each round adds a locator or stops (at most 64 fit). */
	for (tries = 0; tries < ILNP_LOCSET_MAX; tries++) {
		if (!ilnp_autoloc_find(in, &l))
			break;
		if (l.ifindex == READ_ONCE(al->move_ifindex) &&
		    time_before(jiffies, READ_ONCE(al->move_at) +
					 ILNP_AUTOLOC_MOVE_WINDOW)) {
			WRITE_ONCE(al->move_ifindex, 0);
			ilnp_autoloc_move(in, &l);
		} else if (ilnp_autoloc_add(in, &l)) {
			break;
		}
	}
}

/*
 * A Router Solicitation on @ifindex, from its link-local address (the
 * unspecified one, without a link-layer option, while it has none ready):
 * the router's answer brings the new link's prefix, SLAAC the address.
 */
static void ilnp_autoloc_send_rs(struct ilnp_net *in, int ifindex)
{
	struct in6_addr saddr = {};
	struct inet6_ifaddr *ifa;
	struct net_device *dev;
	struct inet6_dev *idev;
	struct sk_buff *skb;
	struct rs_msg *msg;
	int optlen = 0, pad;
	bool ipv6;

	dev = dev_get_by_index(in->net, ifindex);
	if (!dev)
		return;
	rcu_read_lock();
	idev = __in6_dev_get(dev);
	ipv6 = idev;
	if (idev) {
		read_lock_bh(&idev->lock);
		list_for_each_entry(ifa, &idev->addr_list, if_list) {
			if (ifa->scope == IFA_LINK &&
			    !(ifa->flags & (IFA_F_TENTATIVE | IFA_F_OPTIMISTIC))) {
				saddr = ifa->addr;
				break;
			}
		}
		read_unlock_bh(&idev->lock);
	}
	rcu_read_unlock();
	if (!ipv6)
		goto out;
	pad = ndisc_addr_option_pad(dev->type);
	if (!ipv6_addr_any(&saddr) && dev->addr_len)
		optlen = __ndisc_opt_addr_space(dev->addr_len, pad);
	skb = alloc_skb(LL_RESERVED_SPACE(dev) + sizeof(struct ipv6hdr) +
			sizeof(*msg) + optlen + dev->needed_tailroom,
			GFP_KERNEL);
	if (!skb)
		goto out;
	skb->protocol = htons(ETH_P_IPV6);
	skb->dev = dev;
	skb_reserve(skb, LL_RESERVED_SPACE(dev) + sizeof(struct ipv6hdr));
	skb_reset_transport_header(skb);
	msg = skb_put_zero(skb, sizeof(*msg));
	msg->icmph.icmp6_type = NDISC_ROUTER_SOLICITATION;
	if (optlen)
		__ndisc_fill_addr_option(skb, ND_OPT_SOURCE_LL_ADDR,
					 dev->dev_addr, dev->addr_len, pad);
	ndisc_send_skb(skb, &in6addr_linklocal_allrouters, &saddr);
	ilnp_stat_inc(in, ILNP_STAT_RS_SENT);
out:
	dev_put(dev);
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

	if (!READ_ONCE(in->auto_nids))
		return;
	if (test_and_clear_bit(ILNP_AUTOLOC_RS, &in->autoloc.flags))
		ilnp_autoloc_send_rs(in, READ_ONCE(in->autoloc.move_ifindex));
	ilnp_autoloc_adopt(in);
}

/*
 * Unregistering a netdevice notifier replays DOWN events for every device:
 * those must not withdraw locators on the way out of the module.
 */
static bool ilnp_addrwatch_stopping;

void ilnp_addrwatch_kick(struct ilnp_net *in)
{
	/* Only namespaces where ILNP is configured (hooks on) care. */
	if (!READ_ONCE(ilnp_addrwatch_stopping) && READ_ONCE(in->hooks_on) &&
	    !READ_ONCE(in->dying))
		schedule_work(&in->addrwatch);
}

/*
 * The interface says the node moved (a live migration's announce; QEMU
 * repeats it a few times): one Router Solicitation a second at most.
 */
static void ilnp_addrwatch_moved(struct net_device *dev)
{
	struct ilnp_net *in = ilnp_pernet(dev_net(dev));
	struct ilnp_autoloc *al = &in->autoloc;

	if (!READ_ONCE(in->auto_nids))
		return;
	WRITE_ONCE(al->move_ifindex, dev->ifindex);
	WRITE_ONCE(al->move_at, jiffies);
	if (time_after(jiffies, READ_ONCE(al->rs_at) + HZ) ||
	    !READ_ONCE(al->rs_at)) {
		WRITE_ONCE(al->rs_at, jiffies);
		set_bit(ILNP_AUTOLOC_RS, &al->flags);
	}
	ilnp_addrwatch_kick(in);
}

static int ilnp_netdev_event(struct notifier_block *nb, unsigned long event,
			     void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct ilnp_net *in = ilnp_pernet(dev_net(dev));

	switch (event) {
	case NETDEV_UP:
		/* Withdraws nothing: it only brings an automatic NID's
		 * addresses back. */
		if (READ_ONCE(in->auto_nids))
			ilnp_addrwatch_kick(in);
		break;
	case NETDEV_DOWN:
	case NETDEV_CHANGE:
	case NETDEV_UNREGISTER:
		ilnp_addrwatch_kick(in);
		break;
	case NETDEV_NOTIFY_PEERS:
		ilnp_addrwatch_moved(dev);
		break;
	}
	return NOTIFY_DONE;
}

static int ilnp_inet6addr_event(struct notifier_block *nb,
				unsigned long event, void *ptr)
{
	struct inet6_ifaddr *ifa = ptr;

	struct ilnp_net *in = ilnp_pernet(dev_net(ifa->idev->dev));

	/* Up: an automatic NID's new address may be a locator. */
	if (event == NETDEV_DOWN ||
	    (event == NETDEV_UP && READ_ONCE(in->auto_nids)))
		ilnp_addrwatch_kick(in);
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
