// SPDX-License-Identifier: GPL-2.0
/*
 * Host-side unit tests of the ilnp command-line parsers (no kernel needed).
 * Prints TAP.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "ilnp.h"
#include "parse.h"
#include "tap.h"

/* NID or L64 position, expected error, and what the I-LV must hold. */
struct addr_case {
	const char *in;
	int err;
	uint64_t nid, l64;
	bool has_nid, has_l64;
};

#define BAD(s, e) { s, e, 0, 0, false, false }

static const struct addr_case nid_cases[] = {
	{ "0:0:0:1", PARSE_OK, 1, 0, true, false },
	{ "ffff:ffff:ffff:ffff", PARSE_OK, ~0ULL, 0, true, false },
	{ "DEAD:beef:0:A", PARSE_OK, ID(0xdead, 0xbeef, 0, 0xa), 0, true, false },
	{ "0000:0000:0000:0007", PARSE_OK, 7, 0, true, false },
	{ "2001:db8:2::7", PARSE_OK, 7, ID(0x2001, 0xdb8, 2, 0), true, true },
	{ "::1", PARSE_OK, 1, 0, true, true },
	{ "2001:db8::", PARSE_OK, 0, ID(0x2001, 0xdb8, 0, 0), true, true },
	BAD("0:0:zz:1", PARSE_INVALID),
	BAD("0:0:0", PARSE_INVALID),
	BAD("0:0:0:0:0", PARSE_INVALID),
	BAD("0:0:0:10000", PARSE_INVALID),
	BAD("0:0::1:", PARSE_INVALID),
	BAD(":0:0:1", PARSE_INVALID),
	BAD("0:0:0:1 ", PARSE_INVALID),
	BAD(" 0:0:0:1", PARSE_INVALID),
	BAD("0:0:0:-1", PARSE_INVALID),
	BAD("2001:db8::/64", PARSE_INVALID),
	BAD("192.0.2.1", PARSE_INVALID),
	BAD("", PARSE_INVALID),
};

static const struct addr_case l64_cases[] = {
	{ "2001:db8:1:0", PARSE_OK, 0, ID(0x2001, 0xdb8, 1, 0), false, true },
	{ "0:0:0:0", PARSE_OK, 0, 0, false, true },
	{ "2001:db8:1::/64", PARSE_OK, 0, ID(0x2001, 0xdb8, 1, 0), false, true },
	{ "2001:db8:1:2::/64", PARSE_OK, 0, ID(0x2001, 0xdb8, 1, 2), false, true },
	{ "::/64", PARSE_OK, 0, 0, false, true },
	{ "2001:db8:1::5", PARSE_OK, 5, ID(0x2001, 0xdb8, 1, 0), true, true },
	BAD("2001:db8:1::/48", PARSE_PREFIXLEN),
	BAD("2001:db8:1::/128", PARSE_PREFIXLEN),
	BAD("2001:db8:1::/0", PARSE_PREFIXLEN),
	BAD("2001:db8:1::1/64", PARSE_HOSTBITS),
	BAD("2001:db8:1::/", PARSE_INVALID),
	BAD("2001:db8:1::/64x", PARSE_INVALID),
	BAD("2001:db8:1::/0x40", PARSE_INVALID),
	BAD("2001:db8:1::/129", PARSE_INVALID),
	BAD("2001:db8:1::/-64", PARSE_INVALID),
	BAD("2001:db8:zz::/64", PARSE_INVALID),
	BAD("1:2:3:4/64", PARSE_INVALID),
	BAD("1:2:3", PARSE_INVALID),
	BAD("", PARSE_INVALID),
};

static void run_addr(const char *what, const struct addr_case *c, size_t n,
		     int (*parse)(const char *, struct ilnp_ilv *))
{
	struct ilnp_ilv ilv;
	size_t i;
	int err;

	for (i = 0; i < n; i++, c++) {
		err = parse(c->in, &ilv);
		if (c->err)
			ok(err == c->err, "%s \"%s\" rejected (%d, got %d)",
			   what, c->in, c->err, err);
		else
			ok(!err && ilv.nid == c->nid && ilv.l64 == c->l64 &&
			   ilv.has_nid == c->has_nid &&
			   ilv.has_l64 == c->has_l64,
			   "%s \"%s\" parses", what, c->in);
	}
}

/* PREFIX/LEN: expected error, and the prefix it must give. */
static const struct {
	const char *in;
	int err;
	const char *addr;	/* as inet_pton takes it; NULL: all zero */
	unsigned int len;
} prefix_cases[] = {
	{ "2001:db8::/32", PARSE_OK, "2001:db8::", 32 },
	{ "::/0", PARSE_OK, NULL, 0 },
	{ "2001:db8:1:2::/64", PARSE_OK, "2001:db8:1:2::", 64 },
	{ "2001:db8::1/128", PARSE_OK, "2001:db8::1", 128 },
	{ "2001:db8:8000::/33", PARSE_OK, "2001:db8:8000::", 33 },
	{ "2001:db8::/032", PARSE_OK, "2001:db8::", 32 },	/* decimal */
	{ "fe80::/10", PARSE_OK, "fe80::", 10 },
	{ "2001:db8::/129", PARSE_RANGE, NULL, 0 },
	{ "2001:db8::/4294967329", PARSE_RANGE, NULL, 0 },
	{ "2001:db8::/99999999999999999999999", PARSE_RANGE, NULL, 0 },
	/* host bits: *p keeps what was given */
	{ "2001:db8:1::/32", PARSE_HOSTBITS, "2001:db8:1::", 32 },
	{ "2001:db8::1/127", PARSE_HOSTBITS, "2001:db8::1", 127 },
	{ "2001:db8:c000::/33", PARSE_HOSTBITS, "2001:db8:c000::", 33 },
	{ "fec0::/9", PARSE_HOSTBITS, "fec0::", 9 },
	{ "::1/0", PARSE_HOSTBITS, "::1", 0 },
	{ "2001:db8::", PARSE_PREFIXLEN, NULL, 0 },
	{ "::", PARSE_PREFIXLEN, NULL, 0 },
	{ "2001:db8::/", PARSE_INVALID, NULL, 0 },
	{ "2001:db8::/-1", PARSE_INVALID, NULL, 0 },
	{ "2001:db8::/+32", PARSE_INVALID, NULL, 0 },
	{ "2001:db8::/0x20", PARSE_INVALID, NULL, 0 },
	{ "2001:db8::/32x", PARSE_INVALID, NULL, 0 },
	{ "2001:db8::/32 ", PARSE_INVALID, NULL, 0 },
	{ "2001:db8::/32/32", PARSE_INVALID, NULL, 0 },
	{ "2001:db8:zz::/32", PARSE_INVALID, NULL, 0 },
	{ "192.0.2.0/24", PARSE_INVALID, NULL, 0 },
	{ "2001:db8:1:0/64", PARSE_INVALID, NULL, 0 },	/* an L64, not a prefix */
	{ "/32", PARSE_INVALID, NULL, 0 },
	{ "x", PARSE_INVALID, NULL, 0 },
	{ "", PARSE_INVALID, NULL, 0 },
};

static void run_prefixes(void)
{
	struct ilnp_prefix p, want;
	struct in6_addr net, host;
	size_t i;
	int err;

	for (i = 0; i < ARRAY_SIZE(prefix_cases); i++) {
		memset(&want, 0, sizeof(want));
		if (prefix_cases[i].addr)
			inet_pton(AF_INET6, prefix_cases[i].addr, &want.addr);
		want.len = prefix_cases[i].len;
		memset(&p, 0xa5, sizeof(p));
		err = parse_prefix(prefix_cases[i].in, &p);
		ok(err == prefix_cases[i].err && !memcmp(&p, &want, sizeof(p)),
		   "prefix \"%s\" -> %d", prefix_cases[i].in,
		   prefix_cases[i].err);
	}

	/* What "bits set beyond /LEN" names, and what was meant. */
	parse_prefix("2001:db8:c001::/33", &p);
	prefix_split(&p, &net, &host);
	inet_pton(AF_INET6, "2001:db8:8000::", &want.addr);
	ok(!memcmp(&net, &want.addr, sizeof(net)),
	   "prefix split: the network part of 2001:db8:c001::/33");
	inet_pton(AF_INET6, "0:0:4001::", &want.addr);
	ok(!memcmp(&host, &want.addr, sizeof(host)),
	   "prefix split: the host bits of 2001:db8:c001::/33");
	p.len = 128;
	prefix_split(&p, &net, &host);
	ok(!memcmp(&net, &p.addr, sizeof(net)) && IN6_IS_ADDR_UNSPECIFIED(&host),
	   "prefix split: /128 has no host bits");
	p.len = 0;
	prefix_split(&p, &net, &host);
	ok(IN6_IS_ADDR_UNSPECIFIED(&net) && !memcmp(&host, &p.addr, sizeof(host)),
	   "prefix split: /0 is all host bits");
}

static const struct {
	const char *in;
	uint64_t max;
	int err;
	uint64_t val;
} num_cases[] = {
	{ "0", 65535, PARSE_OK, 0 },
	{ "10", 65535, PARSE_OK, 10 },
	{ "65535", 65535, PARSE_OK, 65535 },
	{ "0x10", 65535, PARSE_OK, 16 },
	{ "010", 65535, PARSE_OK, 10 },
	{ "4294967295", UINT32_MAX, PARSE_OK, UINT32_MAX },
	{ "65536", 65535, PARSE_RANGE, 0 },
	{ "70000", 65535, PARSE_RANGE, 0 },
	{ "4294967296", UINT32_MAX, PARSE_RANGE, 0 },
	{ "99999999999999999999999", UINT32_MAX, PARSE_RANGE, 0 },
	{ "-1", 65535, PARSE_INVALID, 0 },
	{ "+1", 65535, PARSE_INVALID, 0 },
	{ " 1", 65535, PARSE_INVALID, 0 },
	{ "1 ", 65535, PARSE_INVALID, 0 },
	{ "1k", 65535, PARSE_INVALID, 0 },
	{ "0x", 65535, PARSE_INVALID, 0 },
	{ "abc", 65535, PARSE_INVALID, 0 },
	{ "", 65535, PARSE_INVALID, 0 },
	/* map seq: any u64 */
	{ "18446744073709551615", UINT64_MAX, PARSE_OK, UINT64_MAX },
	{ "0xffffffffffffffff", UINT64_MAX, PARSE_OK, UINT64_MAX },
	{ "4294967296", UINT64_MAX, PARSE_OK, 4294967296ULL },
	{ "18446744073709551616", UINT64_MAX, PARSE_RANGE, 0 },
	{ "0x10000000000000000", UINT64_MAX, PARSE_RANGE, 0 },
	{ "-1", UINT64_MAX, PARSE_INVALID, 0 },
	{ "1e3", UINT64_MAX, PARSE_INVALID, 0 },
};

static void run_numbers(void)
{
	uint64_t v;
	uint32_t lt;
	size_t i;
	int err;

	for (i = 0; i < ARRAY_SIZE(num_cases); i++) {
		v = ~0ULL;
		err = parse_uint(num_cases[i].in, num_cases[i].max, &v);
		ok(err == num_cases[i].err &&
		   (err || v == num_cases[i].val),
		   "number \"%s\" (max %llu) -> %d", num_cases[i].in,
		   (unsigned long long)num_cases[i].max, num_cases[i].err);
	}
	ok(!parse_lifetime("forever", &lt) && lt == 0, "lifetime forever = 0");
	ok(!parse_lifetime("3600", &lt) && lt == 3600, "lifetime 3600");
	ok(parse_lifetime("4294967296", &lt) == PARSE_RANGE,
	   "lifetime 2^32 out of range");
	ok(parse_lifetime("forev", &lt) == PARSE_INVALID,
	   "lifetime abbreviation of forever rejected");
}

/* "map set NID ilnp on|off" */
static const struct {
	const char *in;
	int err;
	bool on;
} onoff_cases[] = {
	{ "on", PARSE_OK, true },
	{ "off", PARSE_OK, false },
	{ "of", PARSE_OK, false },
	{ "o", PARSE_AMBIGUOUS, false },
	{ "ON", PARSE_NOMATCH, false },
	{ "yes", PARSE_NOMATCH, false },
	{ "1", PARSE_NOMATCH, false },
	{ "onn", PARSE_NOMATCH, false },
	{ "", PARSE_NOMATCH, false },
};

static void run_onoff(void)
{
	size_t i;
	bool on;
	int err;

	for (i = 0; i < ARRAY_SIZE(onoff_cases); i++) {
		on = !onoff_cases[i].on;
		err = parse_onoff(onoff_cases[i].in, &on);
		ok(err == onoff_cases[i].err && (err || on == onoff_cases[i].on),
		   "on/off \"%s\" -> %d", onoff_cases[i].in, onoff_cases[i].err);
	}
}

static void run_format(void)
{
	static const uint64_t vals[] = {
		0, 1, ID(0x2001, 0xdb8, 1, 0), ~0ULL, ID(0, 0xa, 0, 0xb),
	};
	char buf[ILNP_ID_STRLEN];
	uint64_t back;
	size_t i;

	format_id64(ID(0x2001, 0xdb8, 2, 0), buf);
	ok(!strcmp(buf, "2001:db8:2:0"), "format 2001:db8:2:0");
	for (i = 0; i < ARRAY_SIZE(vals); i++) {
		format_id64(vals[i], buf);
		ok(!parse_id64(buf, &back) && back == vals[i],
		   "format/parse round trip of %s", buf);
	}
}

enum { V_ADD, V_DEL, V_SHOW, V_SET, V_FLUSH };

static const struct ilnp_kw verbs[] = {
	[V_ADD] = KW("add"),
	[V_DEL] = KW_A("del", "delete"),
	[V_SHOW] = KW_SHOW,
	[V_SET] = KW_A("set", "change"),
	[V_FLUSH] = KW("flush"),
};

static const struct ilnp_kw objects[] = {
	KW("nid"), KW_A("locator", "loc"), KW_PREFERRED("peer"), KW("prefix"),
	KW("map"), KW("monitor"), KW_A("rebind", "migrate"), KW("info"),
};

static const struct ilnp_kw peer_kws[] = {
	KW_A("locator", "loc"), KW_A("pref", "preference"), KW("lifetime"),
	KW("local"),
};

enum { M_ADD, M_SET, M_DEL, M_SHOW, M_FLUSH, M_NEUTRAL };

static const struct ilnp_kw map_verbs[] = {
	[M_ADD] = KW("add"),
	[M_SET] = KW_A("set", "change"),
	[M_DEL] = KW_A("del", "delete"),
	[M_SHOW] = KW_SHOW,
	[M_FLUSH] = KW("flush"),
	[M_NEUTRAL] = KW("neutral"),
};

static const struct ilnp_kw map_kws[] = {
	KW_A("ext", "external"), KW_A("int", "internal"), KW("seq"), KW("ilnp"),
};

static const struct {
	const struct ilnp_kw *tbl;
	size_t n;
	const char *in;
	int err;
	size_t idx;
} kw_cases[] = {
	{ verbs, ARRAY_SIZE(verbs), "add", PARSE_OK, V_ADD },
	{ verbs, ARRAY_SIZE(verbs), "a", PARSE_OK, V_ADD },
	{ verbs, ARRAY_SIZE(verbs), "d", PARSE_OK, V_DEL },
	{ verbs, ARRAY_SIZE(verbs), "delete", PARSE_OK, V_DEL },
	{ verbs, ARRAY_SIZE(verbs), "dele", PARSE_OK, V_DEL },
	{ verbs, ARRAY_SIZE(verbs), "s", PARSE_OK, V_SHOW },	/* "show" is preferred */
	{ verbs, ARRAY_SIZE(verbs), "sh", PARSE_OK, V_SHOW },
	{ verbs, ARRAY_SIZE(verbs), "se", PARSE_OK, V_SET },
	{ verbs, ARRAY_SIZE(verbs), "list", PARSE_OK, V_SHOW },
	{ verbs, ARRAY_SIZE(verbs), "l", PARSE_OK, V_SHOW },
	{ verbs, ARRAY_SIZE(verbs), "c", PARSE_OK, V_SET },
	{ verbs, ARRAY_SIZE(verbs), "f", PARSE_OK, V_FLUSH },
	{ verbs, ARRAY_SIZE(verbs), "adds", PARSE_NOMATCH, 0 },
	{ verbs, ARRAY_SIZE(verbs), "x", PARSE_NOMATCH, 0 },
	{ verbs, ARRAY_SIZE(verbs), "", PARSE_NOMATCH, 0 },
	{ verbs, ARRAY_SIZE(verbs), "ADD", PARSE_NOMATCH, 0 },
	{ objects, ARRAY_SIZE(objects), "n", PARSE_OK, 0 },
	{ objects, ARRAY_SIZE(objects), "l", PARSE_OK, 1 },	/* locator and its alias */
	{ objects, ARRAY_SIZE(objects), "loc", PARSE_OK, 1 },
	{ objects, ARRAY_SIZE(objects), "lo", PARSE_OK, 1 },
	{ objects, ARRAY_SIZE(objects), "p", PARSE_OK, 2 },	/* peer before prefix */
	{ objects, ARRAY_SIZE(objects), "pe", PARSE_OK, 2 },
	{ objects, ARRAY_SIZE(objects), "pr", PARSE_OK, 3 },
	{ objects, ARRAY_SIZE(objects), "prefix", PARSE_OK, 3 },
	{ objects, ARRAY_SIZE(objects), "m", PARSE_AMBIGUOUS, 0 },	/* map, monitor, migrate */
	{ objects, ARRAY_SIZE(objects), "ma", PARSE_OK, 4 },
	{ objects, ARRAY_SIZE(objects), "mi", PARSE_OK, 6 },
	{ objects, ARRAY_SIZE(objects), "mo", PARSE_OK, 5 },
	{ objects, ARRAY_SIZE(objects), "migrate", PARSE_OK, 6 },
	{ objects, ARRAY_SIZE(objects), "i", PARSE_OK, 7 },
	{ peer_kws, ARRAY_SIZE(peer_kws), "l", PARSE_AMBIGUOUS, 0 },	/* locator, lifetime, local */
	{ peer_kws, ARRAY_SIZE(peer_kws), "lo", PARSE_AMBIGUOUS, 0 },	/* locator, local */
	{ peer_kws, ARRAY_SIZE(peer_kws), "loca", PARSE_AMBIGUOUS, 0 },
	{ peer_kws, ARRAY_SIZE(peer_kws), "locat", PARSE_OK, 0 },
	{ peer_kws, ARRAY_SIZE(peer_kws), "local", PARSE_OK, 3 },
	{ peer_kws, ARRAY_SIZE(peer_kws), "li", PARSE_OK, 2 },
	{ peer_kws, ARRAY_SIZE(peer_kws), "loc", PARSE_OK, 0 },	/* exact alias */
	{ peer_kws, ARRAY_SIZE(peer_kws), "p", PARSE_OK, 1 },
	{ peer_kws, ARRAY_SIZE(peer_kws), "preference", PARSE_OK, 1 },
	{ peer_kws, ARRAY_SIZE(peer_kws), "prefs", PARSE_NOMATCH, 0 },
	{ map_verbs, ARRAY_SIZE(map_verbs), "s", PARSE_OK, M_SHOW },
	{ map_verbs, ARRAY_SIZE(map_verbs), "se", PARSE_OK, M_SET },
	{ map_verbs, ARRAY_SIZE(map_verbs), "c", PARSE_OK, M_SET },
	{ map_verbs, ARRAY_SIZE(map_verbs), "n", PARSE_OK, M_NEUTRAL },
	{ map_verbs, ARRAY_SIZE(map_verbs), "f", PARSE_OK, M_FLUSH },
	{ map_verbs, ARRAY_SIZE(map_verbs), "d", PARSE_OK, M_DEL },
	{ map_verbs, ARRAY_SIZE(map_verbs), "l", PARSE_OK, M_SHOW },
	{ map_kws, ARRAY_SIZE(map_kws), "e", PARSE_OK, 0 },
	{ map_kws, ARRAY_SIZE(map_kws), "external", PARSE_OK, 0 },
	{ map_kws, ARRAY_SIZE(map_kws), "i", PARSE_AMBIGUOUS, 0 },	/* int, ilnp */
	{ map_kws, ARRAY_SIZE(map_kws), "in", PARSE_OK, 1 },
	{ map_kws, ARRAY_SIZE(map_kws), "inter", PARSE_OK, 1 },
	{ map_kws, ARRAY_SIZE(map_kws), "il", PARSE_OK, 3 },
	{ map_kws, ARRAY_SIZE(map_kws), "s", PARSE_OK, 2 },
	{ map_kws, ARRAY_SIZE(map_kws), "ilnp6", PARSE_NOMATCH, 0 },
};

static void run_keywords(void)
{
	char buf[128];
	size_t i, idx;
	int err;

	for (i = 0; i < ARRAY_SIZE(kw_cases); i++) {
		idx = ~(size_t)0;
		err = kw_match(kw_cases[i].in, kw_cases[i].tbl, kw_cases[i].n,
			       sizeof(struct ilnp_kw), &idx);
		ok(err == kw_cases[i].err && (err || idx == kw_cases[i].idx),
		   "keyword \"%s\" -> %d (%s)", kw_cases[i].in,
		   kw_cases[i].err, err ? "error" :
		   kw_cases[i].tbl[kw_cases[i].idx].name);
	}
	kw_candidates("m", objects, ARRAY_SIZE(objects), sizeof(objects[0]),
		      buf, sizeof(buf));
	ok(!strcmp(buf, "map, monitor, migrate"),
	   "ambiguous \"m\" names its candidates (%s)", buf);
	kw_candidates("lo", peer_kws, ARRAY_SIZE(peer_kws), sizeof(peer_kws[0]),
		      buf, sizeof(buf));
	ok(!strcmp(buf, "locator, local"),
	   "ambiguous \"lo\" names its candidates (%s)", buf);
	kw_candidates("i", map_kws, ARRAY_SIZE(map_kws), sizeof(map_kws[0]),
		      buf, sizeof(buf));
	ok(!strcmp(buf, "int, ilnp"),
	   "ambiguous \"i\" names its candidates (%s)", buf);
}

int main(void)
{
	run_addr("NID", nid_cases, ARRAY_SIZE(nid_cases), parse_nid);
	run_addr("L64", l64_cases, ARRAY_SIZE(l64_cases), parse_l64);
	run_prefixes();
	run_numbers();
	run_onoff();
	run_format();
	run_keywords();
	return tap_done();
}
