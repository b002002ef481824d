/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Packets the module sends on its own: Locator Updates and their
 * acknowledgements (update.c) and return-routability probes (verify.c).
 * Each is an ICMPv6 message behind a Destination Options header holding
 * our nonce for the peer, from our preferred locator (RFC 6743 sec. 6,
 * RFC 6744 sec. 6: every ICMP message of an ILNP session carries it).
 */
#ifndef _ILNP_XMIT_H
#define _ILNP_XMIT_H

#include <linux/in6.h>
#include <linux/types.h>

struct ilnp_net;
struct ilnp_nonce;

int ilnp_xmit_icmp(struct ilnp_net *in, u64 local_nid,
		   const struct in6_addr *daddr, const struct ilnp_nonce *nonce,
		   u8 *msg, size_t len);

#endif /* _ILNP_XMIT_H */
