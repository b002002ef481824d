// SPDX-License-Identifier: GPL-2.0
/*
 * One's complement arithmetic on L64s (see csum.h).
 */
#include "csum.h"

static uint16_t fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return sum;
}

/* The sum of the first n groups of v, from the most significant. */
static uint32_t groups_sum(uint64_t v, int n)
{
	uint32_t sum = 0;
	int i;

	for (i = 0; i < n; i++)
		sum += (uint16_t)(v >> (48 - 16 * i));
	return sum;
}

uint16_t l64_csum(uint64_t v)
{
	return fold(groups_sum(v, 4));
}

/* Sums a and b are the same number when a - b is a zero: 0x0000 or 0xffff. */
bool l64_is_neutral(uint64_t ext, uint64_t in)
{
	uint16_t d = fold((uint32_t)l64_csum(ext) + (uint16_t)~l64_csum(in));

	return d == 0 || d == 0xffff;
}

bool l64_neutral(uint64_t ext, uint64_t in, uint64_t *out)
{
	uint64_t base = in & ~(uint64_t)0xffff;
	/* The group that makes the sums equal: ext's sum less base's. */
	uint16_t g = fold((uint32_t)l64_csum(ext) +
			  (uint16_t)~fold(groups_sum(in, 3)));
	uint16_t cand[2] = { g, g };
	int i;

	if (g == 0 || g == 0xffff) {
		cand[0] = (uint16_t)in == 0xffff ? 0xffff : 0;
		cand[1] = 0xffff - cand[0];
	}
	for (i = 0; i < 2; i++) {
		if ((base | cand[i]) != ext) {
			*out = base | cand[i];
			return true;
		}
	}
	return false;
}
