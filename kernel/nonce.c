// SPDX-License-Identifier: GPL-2.0
/*
 * ILNPv6 Nonce Destination Option (RFC 6744): build, find, compare.
 */

#include <linux/bug.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/in6.h>
#include <linux/moduleparam.h>
#include <linux/random.h>
#include <linux/string.h>
#include <crypto/algapi.h>

#include "ilnp.h"
#include "nonce.h"

/* Next Header + Hdr Ext Len, then the option's Type + Opt Data Len. */
#define ILNP_EXTHDR_FIXED	2
#define ILNP_TLV_HDR		2
#define ILNP_NONCE_DATA_OFF	(ILNP_EXTHDR_FIXED + ILNP_TLV_HDR)

/*
 * Longest run of padding accepted between two options: padding only serves
 * to reach the next 8-octet boundary, so 7 octets is the most that can be
 * needed (a PadN carrying at most 5 data octets).  Same rule as the
 * kernel's ip6_parse_tlv(), see RFC 4942 section 2.1.9.5.
 */
#define ILNP_MAX_PAD		7

static unsigned int ilnp_nonce_len __read_mostly = ILNP_NONCE_LEN_LONG;

static int ilnp_nonce_len_set(const char *val, const struct kernel_param *kp)
{
	unsigned int len;
	int err = kstrtouint(val, 0, &len);

	if (err)
		return err;
	if (!ilnp_nonce_len_valid(len))
		return -EINVAL;
	WRITE_ONCE(ilnp_nonce_len, len);
	return 0;
}

static const struct kernel_param_ops ilnp_nonce_len_ops = {
	.set = ilnp_nonce_len_set,
	.get = param_get_uint,
};
module_param_cb(nonce_len, &ilnp_nonce_len_ops, &ilnp_nonce_len, 0644);
MODULE_PARM_DESC(nonce_len, "Bytes of the nonces we choose: 4 or 12 (default)");

/* The length of the nonces we choose now (module parameter nonce_len). */
unsigned int ilnp_nonce_len_get(void)
{
	return READ_ONCE(ilnp_nonce_len);
}

static_assert((ILNP_NONCE_DATA_OFF + ILNP_NONCE_LEN_SHORT) % 8 == 0);
static_assert((ILNP_NONCE_DATA_OFF + ILNP_NONCE_LEN_LONG) % 8 == 0);
static_assert(ILNP_NONCE_DATA_OFF + ILNP_NONCE_LEN_MAX == ILNP_NONCE_HDR_MAX);

/**
 * ilnp_nonce_generate() - fill a nonce with unpredictable bytes
 * @n:   nonce to fill
 * @len: ILNP_NONCE_LEN_SHORT (4) or ILNP_NONCE_LEN_LONG (12)
 *
 * RFC 6744 requires nonces to be unpredictable (RFC 4086); the bytes come
 * from get_random_bytes().  Bytes of @n past @len are zeroed.
 *
 * Return: 0, or -EINVAL for any other @len (then @n is left untouched).
 */
int ilnp_nonce_generate(struct ilnp_nonce *n, unsigned int len)
{
	if (!ilnp_nonce_len_valid(len))
		return -EINVAL;

	memset(n, 0, sizeof(*n));
	n->len = len;
	get_random_bytes(n->bytes, len);
	return 0;
}
ILNP_EXPORT_FOR_KUNIT(ilnp_nonce_generate);

/**
 * ilnp_nonce_hdr_len() - size of a Destination Options header with a nonce
 * @n: the nonce
 *
 * Return: 8 for a 4-byte nonce, 16 for a 12-byte nonce, 0 if @n->len is
 * neither.
 */
unsigned int ilnp_nonce_hdr_len(const struct ilnp_nonce *n)
{
	if (!ilnp_nonce_len_valid(n->len))
		return 0;
	return ILNP_NONCE_DATA_OFF + n->len;
}
ILNP_EXPORT_FOR_KUNIT(ilnp_nonce_hdr_len);

/**
 * ilnp_nonce_hdr_build() - write a Destination Options header with a nonce
 * @buf:     where to write (need not be aligned)
 * @len:     bytes available at @buf
 * @nexthdr: value for the header's Next Header field
 * @n:       the nonce to carry
 *
 * The header carries the Nonce option (type ILNP_NONCE_OPT) and nothing
 * else; no padding is needed for either nonce size.
 *
 * Return: the number of bytes written (ilnp_nonce_hdr_len()), -EINVAL if
 * @n has an invalid length, -EMSGSIZE if @len is too small.
 */
int ilnp_nonce_hdr_build(u8 *buf, size_t len, u8 nexthdr,
			 const struct ilnp_nonce *n)
{
	unsigned int total = ilnp_nonce_hdr_len(n);

	if (!total)
		return -EINVAL;
	if (len < total)
		return -EMSGSIZE;

	buf[0] = nexthdr;
	buf[1] = total / 8 - 1;
	buf[2] = ILNP_NONCE_OPT;
	buf[3] = n->len;
	memcpy(&buf[ILNP_NONCE_DATA_OFF], n->bytes, n->len);
	return total;
}
ILNP_EXPORT_FOR_KUNIT(ilnp_nonce_hdr_build);

/**
 * ilnp_nonce_opt_find() - validate a Destination Options header, find a nonce
 * @hdr:     first byte (Next Header) of one Destination Options header
 * @len:     bytes available at @hdr; may exceed the header's own length
 * @out:     filled with the nonce on success (may be NULL)
 * @opt_off: filled with the offset of the option's Type byte from @hdr on
 *           success (may be NULL)
 *
 * The whole header is checked before anything is reported: it must fit in
 * @len, every option must fit in the header, PadN contents must be zero,
 * no run of Pad1/PadN may exceed 7 octets, a Nonce option must have a data
 * length of exactly 4 or 12 and may appear only once.  Other options are
 * skipped (the IPv6 stack acts on their type bits, not us).
 *
 * Return: 0 when a nonce was found, -ENOENT when the header is well formed
 * but carries no nonce, -EBADMSG when it is malformed or truncated.
 */
int ilnp_nonce_opt_find(const u8 *hdr, size_t len, struct ilnp_nonce *out,
			unsigned int *opt_off)
{
	unsigned int total, off, optlen, padlen = 0, found = 0;

	if (len < ILNP_EXTHDR_FIXED)
		return -EBADMSG;
	total = (hdr[1] + 1) * 8;
	if (total > len)
		return -EBADMSG;

	for (off = ILNP_EXTHDR_FIXED; off < total; off += optlen) {
		if (hdr[off] == IPV6_TLV_PAD1) {
			if (++padlen > ILNP_MAX_PAD)
				return -EBADMSG;
			optlen = 1;
			continue;
		}
		if (total - off < ILNP_TLV_HDR)
			return -EBADMSG;
		optlen = ILNP_TLV_HDR + hdr[off + 1];
		if (optlen > total - off)
			return -EBADMSG;

		if (hdr[off] == IPV6_TLV_PADN) {
			padlen += optlen;
			if (padlen > ILNP_MAX_PAD ||
			    memchr_inv(&hdr[off + ILNP_TLV_HDR], 0,
				       optlen - ILNP_TLV_HDR))
				return -EBADMSG;
			continue;
		}

		padlen = 0;
		if (hdr[off] != ILNP_NONCE_OPT)
			continue;
		if (found || !ilnp_nonce_len_valid(hdr[off + 1]))
			return -EBADMSG;
		found = off;
	}

	if (!found)
		return -ENOENT;
	if (out) {
		memset(out, 0, sizeof(*out));
		out->len = hdr[found + 1];
		memcpy(out->bytes, &hdr[found + ILNP_TLV_HDR], out->len);
	}
	if (opt_off)
		*opt_off = found;
	return 0;
}
ILNP_EXPORT_FOR_KUNIT(ilnp_nonce_opt_find);

/**
 * ilnp_nonce_equal() - compare two nonces in constant time
 * @a: first nonce
 * @b: second nonce
 *
 * The lengths are public (they are on the wire) and compared first; the
 * bytes are compared with crypto_memneq() so that the time taken does not
 * tell an attacker how many leading bytes were right.
 *
 * Return: true if both have the same valid length and the same bytes.
 */
bool ilnp_nonce_equal(const struct ilnp_nonce *a, const struct ilnp_nonce *b)
{
	if (a->len != b->len || !ilnp_nonce_len_valid(a->len))
		return false;
	return !crypto_memneq(a->bytes, b->bytes, a->len);
}
ILNP_EXPORT_FOR_KUNIT(ilnp_nonce_equal);
