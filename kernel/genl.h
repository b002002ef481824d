/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The "ilnp" generic netlink family: requests and event notifications.
 */
#ifndef _ILNP_GENL_H
#define _ILNP_GENL_H

#include <linux/types.h>

struct ilnp_net;
struct ilnp_loc;

int ilnp_genl_init(void);
void ilnp_genl_exit(void);

void ilnp_genl_notify_loc(struct ilnp_net *in, const struct ilnp_loc *l,
			  bool deleted);

#endif /* _ILNP_GENL_H */
