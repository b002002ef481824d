/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Keeping the local locator set in step with the interfaces: a locator
 * tied to an interface (LOC_ADD with ILNP_A_IFINDEX) is withdrawn, and
 * Locator Updates sent, when that interface goes down, loses its carrier
 * or loses its last global address inside the locator's /64.  This is
 * multihoming failover (RFC 6740 sec. 5.5): sessions move to the next
 * preferred locator.
 */
#ifndef _ILNP_ADDRWATCH_H
#define _ILNP_ADDRWATCH_H

struct ilnp_net;

void ilnp_addrwatch_net_init(struct ilnp_net *in);
void ilnp_addrwatch_net_exit(struct ilnp_net *in);
int ilnp_addrwatch_init(void);
void ilnp_addrwatch_exit(void);

#endif /* _ILNP_ADDRWATCH_H */
