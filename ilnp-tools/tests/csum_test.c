// SPDX-License-Identifier: GPL-2.0
/*
 * Host-side tests of the checksum-neutral inside locator of "ilnp map
 * neutral": the result must leave every checksum as it was.  A result is
 * checked the long way, as a receiver would: the UDP checksum (RFC 768,
 * RFC 8200 sec. 8.1) of a datagram from, and of one to, EXT|NID is
 * computed byte by byte and must be the same with the result in EXT's
 * place.  No kernel needed.  Prints TAP.
 */
#include <stdio.h>

#include "csum.h"
#include "tap.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static void put64(uint8_t *p, uint64_t v)
{
	int i;

	for (i = 0; i < 8; i++)
		p[i] = v >> (56 - 8 * i);
}

/* RFC 1071, the plain way: 16-bit big-endian words, end-around carry. */
static uint16_t inet_csum(const uint8_t *p, size_t len)
{
	uint32_t sum = 0;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)p[i] << 8 | p[i + 1];
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum & 0xffff;
}

static uint32_t rnd_state = 2463534242U;

static uint32_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 17;
	rnd_state ^= rnd_state << 5;
	return rnd_state;
}

static uint64_t rnd64(void)
{
	return (uint64_t)rnd() << 32 | rnd();
}

/*
 * The UDP checksum of a datagram between loc|nid and a correspondent,
 * from it (from != 0) or to it; what is summed is the pseudo-header and
 * the datagram, its checksum field zero.
 */
static uint16_t udp_csum(uint64_t loc, uint64_t nid, bool from, uint32_t seed)
{
	uint8_t buf[40 + 8 + 13] = { 0 };
	uint8_t *node = buf + (from ? 0 : 16), *peer = buf + (from ? 16 : 0);
	size_t i, ulen = 8 + 13;

	put64(node, loc);
	put64(node + 8, nid);
	put64(peer, ID(0x2001, 0xdb8, 0xc0, seed & 0xffff));
	put64(peer + 8, 0xc);
	buf[34] = ulen >> 8;		/* upper-layer length */
	buf[35] = ulen & 0xff;
	buf[39] = 17;			/* next header: UDP */
	buf[40] = seed >> 8;		/* ports */
	buf[41] = seed;
	buf[42] = 0x12;
	buf[43] = 0x34;
	buf[44] = ulen >> 8;
	buf[45] = ulen & 0xff;
	for (i = 48; i < sizeof(buf); i++)
		buf[i] = seed >> (i % 24);
	return inet_csum(buf, sizeof(buf));
}

/* The checksums of both directions are unchanged by ext -> in. */
static bool same_csums(uint64_t ext, uint64_t in, uint64_t nid, uint32_t seed)
{
	return udp_csum(ext, nid, true, seed) == udp_csum(in, nid, true, seed) &&
	       udp_csum(ext, nid, false, seed) == udp_csum(in, nid, false, seed);
}

/* What "map neutral EXT INT" must print for these. */
static const struct {
	const char *what;
	uint64_t ext, in, want;
} cases[] = {
	{ "another site's locator", ID(0x2001, 0xdb8, 0x100, 0),
	  ID(0x2001, 0xdb8, 2, 0), ID(0x2001, 0xdb8, 2, 0xfe) },
	{ "INT already neutral is kept", ID(0x2001, 0xdb8, 0x100, 0),
	  ID(0x2001, 0xdb8, 2, 0xfe), ID(0x2001, 0xdb8, 2, 0xfe) },
	{ "a carry out of the top group", ID(0xffff, 0xffff, 0xffff, 3),
	  ID(0x2001, 0xdb8, 1, 0), ID(0x2001, 0xdb8, 1, 0xd248) },
	{ "a zero difference gives 0x0000, not 0xffff (RFC 6296)",
	  ID(0x2001, 0xdb8, 0x100, 0), ID(0x2000, 0xdb9, 0x100, 0x1234),
	  ID(0x2000, 0xdb9, 0x100, 0) },
	{ "0xffff is kept when INT has it", ID(0x2001, 0xdb8, 0x100, 0),
	  ID(0x2000, 0xdb9, 0x100, 0xffff), ID(0x2000, 0xdb9, 0x100, 0xffff) },
	{ "0xffff when 0x0000 would be EXT", ID(0x2001, 0xdb8, 1, 0),
	  ID(0x2001, 0xdb8, 1, 0x99), ID(0x2001, 0xdb8, 1, 0xffff) },
	{ "0x0000 when 0xffff would be EXT", ID(0x2001, 0xdb8, 1, 0xffff),
	  ID(0x2001, 0xdb8, 1, 0xffff), ID(0x2001, 0xdb8, 1, 0) },
};

static void run_cases(void)
{
	uint64_t out;
	size_t i;
	bool got;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		out = 0;
		got = l64_neutral(cases[i].ext, cases[i].in, &out);
		ok(got && out == cases[i].want &&
		   l64_is_neutral(cases[i].ext, out) &&
		   same_csums(cases[i].ext, out, 7, (uint32_t)i),
		   "neutral: %s (%016llx)", cases[i].what,
		   (unsigned long long)out);
	}
	ok(!l64_neutral(ID(0x2001, 0xdb8, 1, 5), ID(0x2001, 0xdb8, 1, 9), &out),
	   "neutral: none but EXT itself when INT has EXT's first three groups");
	ok(!l64_neutral(ID(0x2001, 0xdb8, 1, 5), ID(0x2001, 0xdb8, 1, 5), &out),
	   "neutral: none for INT equal to EXT");
	ok(!l64_is_neutral(ID(0x2001, 0xdb8, 0x100, 0), ID(0x2001, 0xdb8, 2, 0)) &&
	   !same_csums(ID(0x2001, 0xdb8, 0x100, 0), ID(0x2001, 0xdb8, 2, 0), 7, 1),
	   "a pair that is not neutral is told apart, and changes checksums");
	ok(l64_is_neutral(ID(0x2001, 0xdb8, 1, 0), ID(0x2001, 0xdb8, 1, 0xffff)) &&
	   l64_is_neutral(ID(0, 0, 0, 0), ID(0xffff, 0, 0, 0)),
	   "0x0000 and 0xffff are the same sum");
	ok(l64_csum(ID(0x2001, 0xdb8, 0x100, 0)) == 0x2eb9 &&
	   l64_csum(ID(0xffff, 0xffff, 0xffff, 3)) == 3,
	   "sums of four groups, folded");
}

/* Many pairs: each result is neutral, keeps INT's first three groups,
 * differs from EXT, and leaves real checksums as they were. */
static void run_random(void)
{
	unsigned int i, n = 20000, bad = 0, none = 0;
	uint64_t ext, in, out;

	for (i = 0; i < n; i++) {
		ext = rnd64();
		in = rnd64();
		if (i % 8 == 0)		/* same first three groups, sometimes */
			in = (ext & ~(uint64_t)0xffff) | (rnd() & 0xffff);
		if (!l64_neutral(ext, in, &out)) {
			/* only when nothing but ext itself would do */
			none++;
			bad += (in >> 16) != (ext >> 16);
			continue;
		}
		bad += (out >> 16) != (in >> 16) || out == ext ||
		       !l64_is_neutral(ext, out) ||
		       !same_csums(ext, out, rnd64(), rnd());
	}
	ok(!bad, "neutral: %u random pairs (%u without a choice): results keep "
	   "INT's first three groups and every checksum", n, none);
}

int main(void)
{
	run_cases();
	run_random();
	return tap_done();
}
