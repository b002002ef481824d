// SPDX-License-Identifier: GPL-2.0
/*
 * Checksum helpers for ILNPv6 locator rewriting (see csum.h).
 */

#include <linux/export.h>
#include <net/checksum.h>

#include "ilnp.h"
#include "csum.h"

/*
 * One's complement sum of the 8 bytes of @v as they lie in memory: the two
 * 32-bit halves of the native value are exactly the two memory words (in
 * either byte order), which is what csum_partial() would add.
 */
static __wsum ilnp_csum64(__be64 v)
{
	u64 x = (__force u64)v;

	return csum_add((__force __wsum)(u32)x, (__force __wsum)(u32)(x >> 32));
}

/**
 * ilnp_csum_loc_diff() - checksum difference for a locator change
 * @from: old locator, network byte order
 * @to:   new locator, network byte order
 *
 * The pseudo-header contains each address once, so the difference is
 * sum(@to) - sum(@from) in one's complement arithmetic.  Feed it to
 * inet_proto_csum_replace_by_diff() with pseudohdr = true, or to
 * ilnp_csum_apply().  Diffs for several changes combine with csum_add().
 *
 * Return: the difference.
 */
__wsum ilnp_csum_loc_diff(__be64 from, __be64 to)
{
	return csum_sub(ilnp_csum64(to), ilnp_csum64(from));
}
ILNP_EXPORT_FOR_KUNIT(ilnp_csum_loc_diff);

/**
 * ilnp_csum_set_loc() - rewrite the locator of an address
 * @addr: address to change, e.g. inside a packet (need not be aligned)
 * @loc:  new locator, network byte order
 *
 * The NID half of @addr is left alone.
 *
 * Return: the checksum difference, as ilnp_csum_loc_diff(old, @loc).
 */
__wsum ilnp_csum_set_loc(struct in6_addr *addr, __be64 loc)
{
	__be64 old = ilnp_addr_loc(addr);

	put_unaligned(loc, (__be64 *)&addr->s6_addr[0]);
	return ilnp_csum_loc_diff(old, loc);
}
ILNP_EXPORT_FOR_KUNIT(ilnp_csum_set_loc);

/**
 * ilnp_csum_nid_only_diff() - difference between the two pseudo-header rules
 * @saddr: source address of the packet
 * @daddr: destination address of the packet
 *
 * Adding the result to a checksum computed over the ordinary IPv6
 * pseudo-header gives the checksum over the ILNP pseudo-header of RFC 6740/
 * 6741, in which both locators are zero and only the NIDs count.
 * ilnp_csum_negate() of the result converts the other way.
 *
 * Return: the difference.
 */
__wsum ilnp_csum_nid_only_diff(const struct in6_addr *saddr,
			       const struct in6_addr *daddr)
{
	return ilnp_csum_negate(csum_add(ilnp_csum64(ilnp_addr_loc(saddr)),
					 ilnp_csum64(ilnp_addr_loc(daddr))));
}
ILNP_EXPORT_FOR_KUNIT(ilnp_csum_nid_only_diff);

/**
 * ilnp_csum_apply() - apply a difference to a finished checksum field
 * @check: the checksum field as found in the packet
 * @diff:  difference from the helpers above
 *
 * For a checksum that has been fully computed (not a CHECKSUM_PARTIAL seed;
 * for an skb use inet_proto_csum_replace_by_diff(), which handles both).
 * RFC 1624 eqn. 3, so a result of zero comes out as 0x0000, never 0xffff.
 *
 * Return: the new checksum field.
 */
__sum16 ilnp_csum_apply(__sum16 check, __wsum diff)
{
	return csum_fold(csum_add(diff, ~csum_unfold(check)));
}
ILNP_EXPORT_FOR_KUNIT(ilnp_csum_apply);

/**
 * ilnp_csum_apply_udp() - ilnp_csum_apply() for a UDP checksum field
 * @check: the UDP checksum field; must not be 0 (over IPv6 a UDP checksum
 *         is mandatory, RFC 8200 section 8.1)
 * @diff:  difference from the helpers above
 *
 * A computed UDP checksum of zero is sent as 0xffff (RFC 768).
 *
 * Return: the new checksum field.
 */
__sum16 ilnp_csum_apply_udp(__sum16 check, __wsum diff)
{
	return ilnp_csum_apply(check, diff) ?: CSUM_MANGLED_0;
}
ILNP_EXPORT_FOR_KUNIT(ilnp_csum_apply_udp);
