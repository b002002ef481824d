// SPDX-License-Identifier: GPL-2.0
/*
 * ICMPv6 Locator Update message for ILNPv6 (RFC 6743): build and parse.
 */

#include <linux/errno.h>
#include <linux/export.h>
#include <linux/in.h>
#include <linux/string.h>
#include <asm/unaligned.h>
#include <net/checksum.h>
#include <net/ip6_checksum.h>

#include "ilnp.h"
#include "lu.h"

static bool ilnp_lu_op_valid(unsigned int op)
{
	return op == ILNP_LU_OP_UPDATE || op == ILNP_LU_OP_ACK;
}

/**
 * ilnp_lu_len() - size of a Locator Update message
 * @nlocs: number of locator entries
 *
 * Return: 8 + 12 * @nlocs, or 0 when @nlocs is not a count the message may
 * carry (0, or more than ILNP_MAX_LOCS).
 */
size_t ilnp_lu_len(unsigned int nlocs)
{
	if (!nlocs || nlocs > ILNP_MAX_LOCS)
		return 0;
	return ILNP_LU_HDR_LEN + (size_t)nlocs * ILNP_LU_ENTRY_LEN;
}
ILNP_EXPORT_FOR_KUNIT(ilnp_lu_len);

/**
 * ilnp_lu_build() - write a Locator Update message
 * @buf:  where to write (need not be aligned)
 * @len:  bytes available at @buf
 * @op:   ILNP_LU_OP_UPDATE or ILNP_LU_OP_ACK
 * @locs: the @n entries to carry, in the order given
 * @n:    number of entries, 1..ILNP_MAX_LOCS
 *
 * Type is ILNP_ICMPV6_LU, Code and Reserved are 0.  The Checksum field is
 * left 0: the caller fills it in once the IPv6 addresses are known, e.g. with
 * ilnp_lu_csum().
 *
 * Return: the number of bytes written, -EINVAL for a bad @op, @n or @locs,
 * -EMSGSIZE if @len is too small.
 */
int ilnp_lu_build(u8 *buf, size_t len, u8 op, const struct ilnp_lu_loc *locs,
		  unsigned int n)
{
	size_t total = ilnp_lu_len(n);
	unsigned int i;
	u8 *p;

	if (!total || !locs || !ilnp_lu_op_valid(op))
		return -EINVAL;
	if (len < total)
		return -EMSGSIZE;

	buf[0] = ILNP_ICMPV6_LU;
	buf[1] = 0;
	put_unaligned_be16(0, &buf[ILNP_LU_OFF_CSUM]);
	buf[ILNP_LU_OFF_NLOCS] = n;
	buf[ILNP_LU_OFF_OP] = op;
	put_unaligned_be16(0, &buf[ILNP_LU_OFF_RSVD]);

	for (i = 0, p = buf + ILNP_LU_HDR_LEN; i < n;
	     i++, p += ILNP_LU_ENTRY_LEN) {
		put_unaligned_be64(locs[i].loc, p);
		put_unaligned_be16(locs[i].pref, p + 8);
		put_unaligned_be16(locs[i].lifetime, p + 10);
	}
	return total;
}
ILNP_EXPORT_FOR_KUNIT(ilnp_lu_build);

/**
 * ilnp_lu_parse() - validate a received Locator Update, read its entries
 * @buf:  first byte (Type) of the ICMPv6 message
 * @len:  length of the ICMPv6 message (from the IPv6 payload length)
 * @op:   filled with the Operation on success
 * @locs: array receiving the entries on success
 * @max:  capacity of @locs
 * @n:    filled with the number of entries on success
 *
 * The message length must be exactly what Num of Locs announces: a count
 * of 0, a truncated message and trailing bytes are all rejected.  Type must
 * be ILNP_ICMPV6_LU and Code 0; Reserved is ignored.  Nothing is written to
 * the output arguments unless the whole message is valid.  The checksum is
 * not checked here (the ICMPv6 layer or ilnp_lu_csum() does that).
 *
 * Return: 0 on success, -EBADMSG for a malformed message, -EOPNOTSUPP for
 * an Operation other than UPDATE or ACK, -ENOSPC when the message carries
 * more than @max entries.
 */
int ilnp_lu_parse(const u8 *buf, size_t len, u8 *op, struct ilnp_lu_loc *locs,
		  unsigned int max, unsigned int *n)
{
	unsigned int i, nlocs;
	const u8 *p;

	if (len < ILNP_LU_HDR_LEN || buf[0] != ILNP_ICMPV6_LU || buf[1] != 0)
		return -EBADMSG;
	nlocs = buf[ILNP_LU_OFF_NLOCS];
	if (!nlocs || len != ilnp_lu_len(nlocs))
		return -EBADMSG;
	if (!ilnp_lu_op_valid(buf[ILNP_LU_OFF_OP]))
		return -EOPNOTSUPP;
	if (nlocs > max)
		return -ENOSPC;

	for (i = 0, p = buf + ILNP_LU_HDR_LEN; i < nlocs;
	     i++, p += ILNP_LU_ENTRY_LEN) {
		locs[i].loc = get_unaligned_be64(p);
		locs[i].pref = get_unaligned_be16(p + 8);
		locs[i].lifetime = get_unaligned_be16(p + 10);
	}
	*op = buf[ILNP_LU_OFF_OP];
	*n = nlocs;
	return 0;
}
ILNP_EXPORT_FOR_KUNIT(ilnp_lu_parse);

/**
 * ilnp_lu_csum() - ICMPv6 checksum of a Locator Update
 * @saddr: IPv6 source address of the packet carrying @msg
 * @daddr: IPv6 destination address (the final one)
 * @msg:   the ICMPv6 message
 * @len:   its length
 *
 * RFC 4443 section 2.3: one's complement sum over the IPv6 pseudo-header
 * (full addresses, locators included) and the message.  Over a message
 * whose Checksum field is 0 this returns the value to store there (in
 * network byte order); over a received message it returns 0 when the
 * checksum is correct.
 *
 * Return: the folded, complemented checksum.
 */
__sum16 ilnp_lu_csum(const struct in6_addr *saddr,
		     const struct in6_addr *daddr, const u8 *msg, size_t len)
{
	return csum_ipv6_magic(saddr, daddr, len, IPPROTO_ICMPV6,
			       csum_partial(msg, len, 0));
}
ILNP_EXPORT_FOR_KUNIT(ilnp_lu_csum);
