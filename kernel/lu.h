/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ICMPv6 Locator Update message for ILNPv6 (RFC 6743).
 *
 *   0               1               2               3
 *  +---------------+---------------+-------------------------------+
 *  |  Type (156)   |   Code (0)    |           Checksum            |
 *  +---------------+---------------+-------------------------------+
 *  |  Num of Locs  |   Operation   |           Reserved            |
 *  +---------------+---------------+-------------------------------+
 *  |                        Locator [1] (64)                       |
 *  |                                                               |
 *  +-------------------------------+-------------------------------+
 *  |        Preference [1]         |         Lifetime [1]          |
 *  +-------------------------------+-------------------------------+
 *  |                     ... Num of Locs entries ...               |
 *
 * Operation: ILNP_LU_OP_UPDATE (1) advertises the sender's full current
 * locator set, ILNP_LU_OP_ACK (2) acknowledges one.  Num of Locs is 1..255
 * for both; an ACK repeats the locator set it acknowledges.  See
 * Documentation/protocol.md for why.
 *
 * Pure functions on byte buffers (no skb, no global state):
 *
 *   ilnp_lu_len()    size of a message with n locators
 *   ilnp_lu_build()  write a message, checksum left 0
 *   ilnp_lu_parse()  strictly validate a received message, read its entries
 *   ilnp_lu_csum()   ICMPv6 checksum of a message over the IPv6 pseudo-header
 */
#ifndef _ILNP_LU_H
#define _ILNP_LU_H

#include <linux/types.h>
#include <linux/in6.h>

#include "uapi/linux/ilnp.h"

#define ILNP_LU_OP_UPDATE	1	/* Locator Update advertisement */
#define ILNP_LU_OP_ACK		2	/* Locator Update acknowledgement */

#define ILNP_LU_HDR_LEN		8
#define ILNP_LU_ENTRY_LEN	12
#define ILNP_LU_MAX_LEN		(ILNP_LU_HDR_LEN + \
				 ILNP_MAX_LOCS * ILNP_LU_ENTRY_LEN)

/* Byte offsets inside the message. */
#define ILNP_LU_OFF_CSUM	2
#define ILNP_LU_OFF_NLOCS	4
#define ILNP_LU_OFF_OP		5
#define ILNP_LU_OFF_RSVD	6

/**
 * struct ilnp_lu_loc - one Locator Update entry, host byte order
 * @loc:      the 64-bit locator, read from the wire as a big-endian number
 *            (the uapi convention: 2001:db8:1:2::/64 is 0x20010db800010002)
 * @pref:     preference, lower is preferred
 * @lifetime: seconds the locator may be considered valid
 */
struct ilnp_lu_loc {
	u64 loc;
	u16 pref;
	u16 lifetime;
};

size_t ilnp_lu_len(unsigned int nlocs);
int ilnp_lu_build(u8 *buf, size_t len, u8 op, const struct ilnp_lu_loc *locs,
		  unsigned int n);
int ilnp_lu_parse(const u8 *buf, size_t len, u8 *op, struct ilnp_lu_loc *locs,
		  unsigned int max, unsigned int *n);
__sum16 ilnp_lu_csum(const struct in6_addr *saddr,
		     const struct in6_addr *daddr, const u8 *msg, size_t len);

#endif /* _ILNP_LU_H */
