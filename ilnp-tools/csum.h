/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One's complement arithmetic on L64s, as the Internet checksum (RFC 1071)
 * sees them: checksum-neutral locator pairs (RFC 6296 sec. 2.6).
 *
 * Rewriting a locator in an address changes every transport checksum over
 * it by the difference of the two locators' one's complement sums.  Two
 * locators with the same sum are a neutral pair: one may be rewritten to
 * the other and no TCP, UDP or ICMPv6 checksum changes.
 */
#ifndef ILNP_CSUM_H
#define ILNP_CSUM_H

#include <stdbool.h>
#include <stdint.h>

/* The one's complement sum of the four 16-bit groups of v, folded. */
uint16_t l64_csum(uint64_t v);

/* Whether ext and in have the same one's complement sum. */
bool l64_is_neutral(uint64_t ext, uint64_t in);

/*
 * in with its last group replaced so that it is neutral with ext: in
 * itself if it is; of the two groups that are (0x0000 and 0xffff: one's
 * complement has two zeros) the first, as RFC 6296 does, unless that gives
 * ext.  False when the only neutral choice is ext itself (in has ext's
 * first three groups).
 */
bool l64_neutral(uint64_t ext, uint64_t in, uint64_t *out);

#endif /* ILNP_CSUM_H */
