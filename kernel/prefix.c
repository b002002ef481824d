// SPDX-License-Identifier: GPL-2.0
/*
 * Prefixes of correspondents to try ILNP with (see prefix.h).
 */
#include <linux/netlink.h>
#include <linux/slab.h>
#include <net/ipv6.h>

#include "ilnp.h"
#include "netns.h"
#include "prefix.h"

/* The prefix has no bit set beyond its length. */
bool ilnp_prefix_valid(const struct ilnp_prefix *p)
{
	struct in6_addr masked;

	if (p->len > 128)
		return false;
	ipv6_addr_prefix(&masked, &p->addr, p->len);
	return ipv6_addr_equal(&masked, &p->addr);
}
ILNP_EXPORT_FOR_KUNIT(ilnp_prefix_valid);

static int ilnp_prefix_find(const struct ilnp_prefixes *set,
			    const struct ilnp_prefix *p)
{
	unsigned int i;

	for (i = 0; set && i < set->n; i++)
		if (set->p[i].len == p->len &&
		    ipv6_addr_equal(&set->p[i].addr, &p->addr))
			return i;
	return -1;
}

/* Caller holds rcu_read_lock() (the data path does). */
bool ilnp_prefix_match(struct ilnp_net *in, const struct in6_addr *addr)
{
	const struct ilnp_prefixes *set = rcu_dereference(in->prefixes);
	unsigned int i;

	for (i = 0; set && i < set->n; i++)
		if (ipv6_prefix_equal(&set->p[i].addr, addr, set->p[i].len))
			return true;
	return false;
}

static struct ilnp_prefixes *ilnp_prefixes_alloc(unsigned int n)
{
	struct ilnp_prefixes *set;

	set = kzalloc(struct_size(set, p, n), GFP_KERNEL_ACCOUNT);
	if (set)
		set->n = n;
	return set;
}

int ilnp_prefix_add(struct ilnp_net *in, const struct ilnp_prefix *p,
		    struct netlink_ext_ack *extack)
{
	struct ilnp_prefixes *old, *set;
	unsigned int n;

	int err = 0;

	mutex_lock(&in->lock);
	old = rcu_dereference_protected(in->prefixes,
					lockdep_is_held(&in->lock));
	n = old ? old->n : 0;
	if (ilnp_prefix_find(old, p) >= 0) {
		NL_SET_ERR_MSG(extack, "Prefix already exists");
		err = -EEXIST;
	} else if (n >= ILNP_PREFIX_MAX) {
		NL_SET_ERR_MSG(extack, "Too many prefixes (at most 64)");
		err = -ENOSPC;
	} else if (!(set = ilnp_prefixes_alloc(n + 1))) {
		err = -ENOMEM;
	} else {
		if (n)
			memcpy(set->p, old->p, n * sizeof(old->p[0]));
		set->p[n] = *p;
		rcu_assign_pointer(in->prefixes, set);
		ilnp_prefixes_free(old);
	}
	mutex_unlock(&in->lock);
	return err;
}

int ilnp_prefix_del(struct ilnp_net *in, const struct ilnp_prefix *p,
		    struct netlink_ext_ack *extack)
{
	struct ilnp_prefixes *old, *set = NULL;
	unsigned int i, j;
	int idx, err = 0;

	mutex_lock(&in->lock);
	old = rcu_dereference_protected(in->prefixes,
					lockdep_is_held(&in->lock));
	idx = ilnp_prefix_find(old, p);
	if (idx < 0) {
		NL_SET_ERR_MSG(extack, "Prefix not found");
		err = -ENOENT;
		goto out;
	}
	if (old->n > 1) {
		set = ilnp_prefixes_alloc(old->n - 1);
		if (!set) {
			err = -ENOMEM;
			goto out;
		}
		for (i = 0, j = 0; i < old->n; i++)
			if (i != idx)
				set->p[j++] = old->p[i];
	}
	rcu_assign_pointer(in->prefixes, set);
	ilnp_prefixes_free(old);
out:
	mutex_unlock(&in->lock);
	return err;
}
