/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ILNPv6 Nonce Destination Option (RFC 6744).
 *
 * The option travels alone in an IPv6 Destination Options header:
 *
 *   0               1               2               3
 *  +---------------+---------------+---------------+---------------+
 *  |  Next Header  | Hdr Ext Len   | Option Type   | Opt Data Len  |
 *  |               | (8-octet - 1) |   0x8B        |   4 or 12     |
 *  +---------------+---------------+---------------+---------------+
 *  |                 Nonce (32 or 96 bits)  ...                    |
 *  +---------------------------------------------------------------+
 *
 * 2 + 2 + 4 = 8 and 2 + 2 + 12 = 16, so either nonce size fills the header
 * to a multiple of 8 octets exactly and no padding is ever emitted.
 *
 * All functions work on plain byte buffers (no skb, no global state); packet
 * buffers may be unaligned.
 *
 *   ilnp_nonce_generate()   fill a nonce of 4 or 12 bytes from the CSPRNG
 *   ilnp_nonce_hdr_len()    size of a Destination Options header carrying
 *                           only this nonce (8 or 16)
 *   ilnp_nonce_hdr_build()  write that header
 *   ilnp_nonce_opt_find()   strictly validate one received Destination
 *                           Options header and extract its nonce
 *   ilnp_nonce_equal()      constant-time comparison
 */
#ifndef _ILNP_NONCE_H
#define _ILNP_NONCE_H

#include <linux/types.h>

#include "uapi/linux/ilnp.h"

#define ILNP_NONCE_LEN_SHORT	4	/* 32-bit nonce */
#define ILNP_NONCE_LEN_LONG	12	/* 96-bit nonce */
#define ILNP_NONCE_LEN_MAX	ILNP_NONCE_LEN_LONG

/* Largest header ilnp_nonce_hdr_build() writes (12-byte nonce). */
#define ILNP_NONCE_HDR_MAX	16

/**
 * struct ilnp_nonce - an ILNPv6 nonce value
 * @len:   number of valid bytes in @bytes, ILNP_NONCE_LEN_SHORT or
 *         ILNP_NONCE_LEN_LONG
 * @bytes: the nonce as it appears on the wire; bytes past @len are zero
 */
struct ilnp_nonce {
	u8 len;
	u8 bytes[ILNP_NONCE_LEN_MAX];
};

static inline bool ilnp_nonce_len_valid(unsigned int len)
{
	return len == ILNP_NONCE_LEN_SHORT || len == ILNP_NONCE_LEN_LONG;
}

unsigned int ilnp_nonce_len_get(void);
int ilnp_nonce_generate(struct ilnp_nonce *n, unsigned int len);
unsigned int ilnp_nonce_hdr_len(const struct ilnp_nonce *n);
int ilnp_nonce_hdr_build(u8 *buf, size_t len, u8 nexthdr,
			 const struct ilnp_nonce *n);
int ilnp_nonce_opt_find(const u8 *hdr, size_t len, struct ilnp_nonce *out,
			unsigned int *opt_off);
bool ilnp_nonce_equal(const struct ilnp_nonce *a, const struct ilnp_nonce *b);

#endif /* _ILNP_NONCE_H */
