/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Checksum helpers for ILNPv6 locator rewriting.
 *
 * An ILNPv6 address is L64 | NID.  Changing the locator half of an address
 * changes the IPv6 pseudo-header that TCP, UDP and ICMPv6 checksums cover.
 * Rather than recomputing, the datapath adds a one's complement difference
 * ("diff") to the existing checksum field:
 *
 *   diff = ilnp_csum_set_loc(&ip6h->saddr, new_loc);   (rewrites, returns diff)
 *   inet_proto_csum_replace_by_diff(&th->check, skb, diff, true, true);
 *   (UDP, not CHECKSUM_PARTIAL: if (!uh->check) uh->check = CSUM_MANGLED_0)
 *
 * inet_proto_csum_replace_by_diff() does the right thing for CHECKSUM_NONE,
 * CHECKSUM_UNNECESSARY, CHECKSUM_COMPLETE and CHECKSUM_PARTIAL (where the
 * field holds the pseudo-header seed that the device completes), so
 * offloads can stay on.
 *
 * RFC 6740/6741 compute transport checksums over a pseudo-header whose
 * locators are zero (NIDs only).  ilnp_csum_nid_only_diff() converts a
 * checksum over the full addresses into one over the NID-only pseudo-header;
 * ilnp_csum_negate() of it converts back.  Documentation/protocol.md says
 * which rule is used where.
 *
 * Pure functions; the __wsum values follow the kernel's conventions (sums of
 * words in memory order), so they mix freely with csum_add() and friends.
 *
 *   ilnp_csum_loc_diff()       diff for one locator from -> to
 *   ilnp_csum_set_loc()        rewrite an address's locator, return the diff
 *   ilnp_csum_nid_only_diff()  diff full pseudo-header -> locators zeroed
 *   ilnp_csum_apply()          apply a diff to a finished checksum field
 *   ilnp_csum_apply_udp()      same, with UDP's 0 -> 0xffff rule
 */
#ifndef _ILNP_CSUM_H
#define _ILNP_CSUM_H

#include <linux/in6.h>
#include <linux/types.h>
#include <asm/unaligned.h>

/**
 * ilnp_addr_loc() - the locator (high 64 bits) of an address
 * @a: the address, possibly inside an unaligned packet buffer
 *
 * Return: the locator in network byte order.
 */
static inline __be64 ilnp_addr_loc(const struct in6_addr *a)
{
	return get_unaligned((const __be64 *)&a->s6_addr[0]);
}

/**
 * ilnp_csum_negate() - one's complement negation of a diff
 * @diff: a difference from one of the helpers below
 *
 * Return: the diff that undoes @diff.
 */
static inline __wsum ilnp_csum_negate(__wsum diff)
{
	return ~diff;
}

__wsum ilnp_csum_loc_diff(__be64 from, __be64 to);
__wsum ilnp_csum_set_loc(struct in6_addr *addr, __be64 loc);
__wsum ilnp_csum_nid_only_diff(const struct in6_addr *saddr,
			       const struct in6_addr *daddr);
__sum16 ilnp_csum_apply(__sum16 check, __wsum diff);
__sum16 ilnp_csum_apply_udp(__sum16 check, __wsum diff);

#endif /* _ILNP_CSUM_H */
