/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Keeping the local locator set in step with the interfaces: a locator
 * tied to an interface (LOC_ADD with ILNP_A_IFINDEX) is withdrawn, and
 * Locator Updates sent, when that interface goes down, loses its carrier
 * or loses its last global address inside the locator's /64.  This is
 * multihoming failover (RFC 6740 sec. 5.5): sessions move to the next
 * preferred locator.
 *
 * With a NID flagged ILNP_NID_F_AUTO the locators also follow the
 * addresses (a guest that must find its new locator by itself after a
 * live migration, issue 10): a global address whose interface identifier
 * is such a NID brings its /64 in as a locator tied to its interface.
 * NETDEV_NOTIFY_PEERS (virtio-net's announce after a migration) sends a
 * Router Solicitation at once and opens a window: the first new address
 * on that interface within ILNP_AUTOLOC_MOVE_WINDOW becomes the
 * preferred locator and the interface's other locators are withdrawn,
 * and kept out ("left") until their addresses go.
 */
#ifndef _ILNP_ADDRWATCH_H
#define _ILNP_ADDRWATCH_H

#include <linux/jiffies.h>
#include <linux/types.h>

struct ilnp_net;

#define ILNP_AUTOLOC_LEFT_MAX		8
#define ILNP_AUTOLOC_MOVE_WINDOW	(10 * HZ)
#define ILNP_AUTOLOC_RS			0	/* bit of ilnp_autoloc.flags */

/* Written by the notifier (RTNL) and read by the work: WRITE/READ_ONCE. */
struct ilnp_autoloc {
	int move_ifindex;		/* NOTIFY_PEERS came from it, 0: none */
	unsigned long move_at;		/* jiffies of that announce */
	unsigned long rs_at;		/* jiffies of the last RS we sent */
	unsigned long flags;		/* ILNP_AUTOLOC_RS: one to send */
	/* The work's own (it never runs twice at once): */
	unsigned int nleft;
	u64 left[ILNP_AUTOLOC_LEFT_MAX];	/* withdrawn by a move */
};

void ilnp_addrwatch_net_init(struct ilnp_net *in);
void ilnp_addrwatch_net_exit(struct ilnp_net *in);
void ilnp_addrwatch_kick(struct ilnp_net *in);
int ilnp_addrwatch_init(void);
void ilnp_addrwatch_exit(void);

#endif /* _ILNP_ADDRWATCH_H */
