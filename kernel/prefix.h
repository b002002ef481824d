/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Prefixes of correspondents to try ILNP with (ILNP_CMD_PREFIX_*).
 *
 * Loading the module must change nothing for ordinary IPv6 traffic, and
 * networks that silently drop Destination Options are common (RFC 7872),
 * so a session we open is tried as ILNP only with a destination an
 * administrator named: a static peer, or an address in one of these
 * prefixes.  The set is small, immutable and published through one RCU
 * pointer; writers hold ilnp_net.lock.
 */
#ifndef _ILNP_PREFIX_H
#define _ILNP_PREFIX_H

#include <linux/in6.h>
#include <linux/rcupdate.h>
#include <linux/types.h>

struct ilnp_net;
struct netlink_ext_ack;

struct ilnp_prefix {
	struct in6_addr addr;	/* host bits zero */
	u8 len;			/* 0-128 */
};

struct ilnp_prefixes {
	struct rcu_head rcu;
	unsigned int n;
	struct ilnp_prefix p[];
};

bool ilnp_prefix_valid(const struct ilnp_prefix *p);
bool ilnp_prefix_match(struct ilnp_net *in, const struct in6_addr *addr);
int ilnp_prefix_add(struct ilnp_net *in, const struct ilnp_prefix *p,
		    struct netlink_ext_ack *extack);
int ilnp_prefix_del(struct ilnp_net *in, const struct ilnp_prefix *p,
		    struct netlink_ext_ack *extack);

static inline void ilnp_prefixes_free(struct ilnp_prefixes *set)
{
	if (set)
		kfree_rcu(set, rcu);
}

#endif /* _ILNP_PREFIX_H */
