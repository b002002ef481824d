// SPDX-License-Identifier: GPL-2.0
/*
 * Command-line parsing for ilnp.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ilnp.h"
#include "parse.h"

const char *parse_object;
const char *parse_verb;
unsigned int parse_batch_line;

/* Four colon-separated groups of one to four hex digits, as "ip ila" takes. */
int parse_id64(const char *s, uint64_t *out)
{
	uint64_t v = 0;
	int group, digits;

	for (group = 0; group < 4; group++) {
		uint16_t g = 0;

		for (digits = 0; isxdigit((unsigned char)*s); digits++, s++) {
			if (digits == 4)
				return PARSE_INVALID;
			g = g << 4 | (isdigit((unsigned char)*s) ?
				      *s - '0' : (tolower((unsigned char)*s) - 'a' + 10));
		}
		if (!digits)
			return PARSE_INVALID;
		if (*s != (group == 3 ? '\0' : ':'))
			return PARSE_INVALID;
		s++;
		v = v << 16 | g;
	}
	*out = v;
	return PARSE_OK;
}

static uint64_t half(const struct in6_addr *a, int off)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < 8; i++)
		v = v << 8 | a->s6_addr[off + i];
	return v;
}

/* A full IPv6 address (no prefix length) split into its I-LV. */
static int parse_addr(const char *s, struct ilnp_ilv *ilv)
{
	struct in6_addr a;

	if (inet_pton(AF_INET6, s, &a) != 1)
		return PARSE_INVALID;
	ilv->l64 = half(&a, 0);
	ilv->nid = half(&a, 8);
	ilv->has_l64 = ilv->has_nid = true;
	return PARSE_OK;
}

/*
 * "ADDRESS/LEN", slash pointing at the "/": the address, and a length of
 * decimal digits only (no sign, no 0x) of at most 128 (else PARSE_RANGE).
 */
static int parse_addr_len(const char *s, const char *slash,
			  struct in6_addr *a, uint64_t *len)
{
	char buf[INET6_ADDRSTRLEN];
	size_t n = slash - s;

	if (n >= sizeof(buf))
		return PARSE_INVALID;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (inet_pton(AF_INET6, buf, a) != 1 ||
	    strspn(slash + 1, "0123456789") != strlen(slash + 1))
		return PARSE_INVALID;
	return parse_uint(slash + 1, 128, len);
}

int parse_nid(const char *s, struct ilnp_ilv *ilv)
{
	memset(ilv, 0, sizeof(*ilv));
	if (parse_id64(s, &ilv->nid) == PARSE_OK) {
		ilv->has_nid = true;
		return PARSE_OK;
	}
	return parse_addr(s, ilv);
}

int parse_l64(const char *s, struct ilnp_ilv *ilv)
{
	struct in6_addr a;
	const char *slash;
	uint64_t len;

	memset(ilv, 0, sizeof(*ilv));
	if (parse_id64(s, &ilv->l64) == PARSE_OK) {
		ilv->has_l64 = true;
		return PARSE_OK;
	}
	slash = strchr(s, '/');
	if (!slash)
		return parse_addr(s, ilv);

	if (parse_addr_len(s, slash, &a, &len) != PARSE_OK)
		return PARSE_INVALID;
	if (len != 64)
		return PARSE_PREFIXLEN;
	if (half(&a, 8))
		return PARSE_HOSTBITS;
	ilv->l64 = half(&a, 0);
	ilv->has_l64 = true;
	return PARSE_OK;
}

/* The network and host parts of a prefix (either may be NULL). */
void prefix_split(const struct ilnp_prefix *p, struct in6_addr *net,
		  struct in6_addr *host)
{
	struct in6_addr n, h;
	unsigned int i, bits;
	uint8_t mask;

	for (i = 0; i < sizeof(n.s6_addr); i++) {
		bits = p->len > 8 * i ? p->len - 8 * i : 0;
		mask = bits >= 8 ? 0xff : (uint8_t)(0xff00 >> bits);
		n.s6_addr[i] = p->addr.s6_addr[i] & mask;
		h.s6_addr[i] = p->addr.s6_addr[i] & ~mask;
	}
	if (net)
		*net = n;
	if (host)
		*host = h;
}

/*
 * PREFIX/LEN: an IPv6 address, a length of 0 to 128 and no bit set beyond
 * it.  PARSE_PREFIXLEN: an address without "/LEN"; PARSE_RANGE: a length
 * over 128; PARSE_HOSTBITS: *p holds the address and length as given.
 */
int parse_prefix(const char *s, struct ilnp_prefix *p)
{
	const char *slash = strchr(s, '/');
	struct in6_addr host;
	uint64_t len;
	int err;

	memset(p, 0, sizeof(*p));
	if (!slash)
		return inet_pton(AF_INET6, s, &host) == 1 ?
		       PARSE_PREFIXLEN : PARSE_INVALID;
	err = parse_addr_len(s, slash, &p->addr, &len);
	if (err) {
		memset(p, 0, sizeof(*p));
		return err;
	}
	p->len = len;
	prefix_split(p, NULL, &host);
	return IN6_IS_ADDR_UNSPECIFIED(&host) ? PARSE_OK : PARSE_HOSTBITS;
}

/* Decimal or 0x-prefixed hex, no sign, no blanks, no octal surprises. */
int parse_uint(const char *s, uint64_t max, uint64_t *out)
{
	int base = 10;
	unsigned long long v;
	char *end;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (!isxdigit((unsigned char)*s))
		return PARSE_INVALID;
	errno = 0;
	v = strtoull(s, &end, base);
	if (*end)
		return PARSE_INVALID;
	if (errno == ERANGE || v > max)
		return PARSE_RANGE;
	*out = v;
	return PARSE_OK;
}

int parse_lifetime(const char *s, uint32_t *out)
{
	uint64_t v;
	int err;

	if (!strcmp(s, "forever")) {
		*out = 0;
		return PARSE_OK;
	}
	err = parse_uint(s, UINT32_MAX, &v);
	if (!err)
		*out = v;
	return err;
}

static const struct ilnp_kw onoff_kws[] = { KW("on"), KW("off") };

/* "on" or "off", or an abbreviation of one. */
int parse_onoff(const char *s, bool *on)
{
	size_t i;
	int err = KW_MATCH(s, onoff_kws, &i);

	if (!err)
		*on = i == 0;
	return err;
}

void format_id64(uint64_t v, char buf[ILNP_ID_STRLEN])
{
	snprintf(buf, ILNP_ID_STRLEN, "%x:%x:%x:%x",
		 (unsigned int)(v >> 48) & 0xffff, (unsigned int)(v >> 32) & 0xffff,
		 (unsigned int)(v >> 16) & 0xffff, (unsigned int)v & 0xffff);
}

static const struct ilnp_kw *kw_at(const void *tbl, size_t i, size_t stride)
{
	return (const struct ilnp_kw *)((const char *)tbl + i * stride);
}

static bool kw_prefix(const char *arg, const struct ilnp_kw *kw)
{
	size_t len = strlen(arg);

	return (kw->name && !strncmp(arg, kw->name, len)) ||
	       (kw->alias && !strncmp(arg, kw->alias, len));
}

int kw_match(const char *arg, const void *tbl, size_t n, size_t stride,
	     size_t *idx)
{
	size_t i, first = 0, pref = 0, nmatch = 0, npref = 0;

	if (!*arg)
		return PARSE_NOMATCH;
	for (i = 0; i < n; i++) {
		const struct ilnp_kw *kw = kw_at(tbl, i, stride);

		if ((kw->name && !strcmp(arg, kw->name)) ||
		    (kw->alias && !strcmp(arg, kw->alias))) {
			*idx = i;
			return PARSE_OK;
		}
	}
	for (i = 0; i < n; i++) {
		const struct ilnp_kw *kw = kw_at(tbl, i, stride);

		if (!kw_prefix(arg, kw))
			continue;
		if (!nmatch++)
			first = i;
		if (kw->flags & ILNP_KW_PREFERRED) {
			npref++;
			pref = i;
		}
	}
	if (!nmatch)
		return PARSE_NOMATCH;
	if (nmatch == 1 || npref == 1) {
		*idx = nmatch == 1 ? first : pref;
		return PARSE_OK;
	}
	*idx = first;
	return PARSE_AMBIGUOUS;
}

void kw_candidates(const char *arg, const void *tbl, size_t n, size_t stride,
		   char *buf, size_t len)
{
	size_t i, used = 0;

	buf[0] = '\0';
	for (i = 0; i < n && used < len; i++) {
		const struct ilnp_kw *kw = kw_at(tbl, i, stride);

		if (!*arg || !kw_prefix(arg, kw))
			continue;
		/* Name what matched: "m" matches rebind as "migrate". */
		used += snprintf(buf + used, len - used, "%s%s",
				 used ? ", " : "",
				 !strncmp(arg, kw->name, strlen(arg)) ?
				 kw->name : kw->alias);
	}
}

void usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("ilnp: ", stderr);
	if (parse_batch_line)
		fprintf(stderr, "line %u: ", parse_batch_line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(ILNP_EXIT_USAGE);
}

void arg_unexpected(const char *arg)
{
	usage_error("unexpected argument \"%s\"; try \"ilnp %s%shelp\"", arg,
		    parse_object ? parse_object : "", parse_object ? " " : "");
}

/* Step from a keyword to its value. */
const char *arg_value(int *argc, char ***argv)
{
	const char *kw = **argv;

	if (*argc < 2)
		usage_error("\"%s\" needs an argument", kw);
	(*argc)--;
	(*argv)++;
	return **argv;
}

/* A verb without arguments. */
void arg_none(int argc, char **argv)
{
	if (argc)
		arg_unexpected(argv[0]);
}

/* The first argument of a verb, e.g. the L64 of "locator add L64 ...". */
const char *arg_first(int argc, char **argv, const char *what)
{
	if (argc < 1)
		usage_error("missing %s; try \"ilnp %s help\"", what,
			    parse_object ? parse_object : "");
	return argv[0];
}

/* The only argument of a verb, e.g. the NID of "nid del NID". */
const char *arg_one(int argc, char **argv, const char *what)
{
	arg_first(argc, argv, what);
	if (argc > 1)
		arg_unexpected(argv[1]);
	return argv[0];
}

/* An optional only argument, e.g. "show [NID]"; NULL when absent. */
const char *arg_opt(int argc, char **argv)
{
	if (argc > 1)
		arg_unexpected(argv[1]);
	return argc ? argv[0] : NULL;
}

void arg_nid(const char *s, struct ilnp_ilv *ilv)
{
	if (parse_nid(s, ilv))
		usage_error("invalid NID \"%s\"", s);
}

void arg_l64_ilv(const char *s, struct ilnp_ilv *ilv)
{
	switch (parse_l64(s, ilv)) {
	case PARSE_OK:
		return;
	case PARSE_PREFIXLEN:
		usage_error("invalid locator \"%s\" (prefix length must be 64)", s);
	case PARSE_HOSTBITS:
		usage_error("invalid locator \"%s\" (bits set beyond /64)", s);
	default:
		usage_error("invalid locator \"%s\"", s);
	}
}

uint64_t arg_l64(const char *s)
{
	struct ilnp_ilv ilv;

	arg_l64_ilv(s, &ilv);
	return ilv.l64;
}

/* A number of 0 to max; what names it in the message. */
static uint64_t arg_uint(const char *s, uint64_t max, const char *what)
{
	uint64_t v;

	switch (parse_uint(s, max, &v)) {
	case PARSE_OK:
		return v;
	case PARSE_RANGE:
		usage_error("%s %s out of range (0-%llu)", what, s,
			    (unsigned long long)max);
	default:
		usage_error("invalid %s \"%s\"", what, s);
	}
}

uint16_t arg_pref(const char *s)
{
	return arg_uint(s, UINT16_MAX, "preference");
}

uint64_t arg_seq(const char *s)
{
	return arg_uint(s, UINT64_MAX, "seq");
}

/* The value of keyword kw ("ilnp on"). */
bool arg_onoff(const char *s, const char *kw)
{
	bool on;

	if (parse_onoff(s, &on))
		usage_error("invalid value \"%s\" for \"%s\" (on or off)", s, kw);
	return on;
}

uint32_t arg_lifetime(const char *s)
{
	uint32_t v;

	switch (parse_lifetime(s, &v)) {
	case PARSE_OK:
		return v;
	case PARSE_RANGE:
		usage_error("lifetime %s out of range (0-4294967295 or \"forever\")",
			    s);
	default:
		usage_error("invalid lifetime \"%s\"", s);
	}
}

void arg_prefix(const char *s, struct ilnp_prefix *p)
{
	char net[INET6_ADDRSTRLEN], host[INET6_ADDRSTRLEN];
	struct in6_addr n, h;

	switch (parse_prefix(s, p)) {
	case PARSE_OK:
		return;
	case PARSE_PREFIXLEN:
		usage_error("invalid prefix \"%s\" (missing \"/LEN\")", s);
	case PARSE_RANGE:
		usage_error("invalid prefix \"%s\" (length %s out of range 0-128)",
			    s, strchr(s, '/') + 1);
	case PARSE_HOSTBITS:
		prefix_split(p, &n, &h);
		inet_ntop(AF_INET6, &n, net, sizeof(net));
		inet_ntop(AF_INET6, &h, host, sizeof(host));
		usage_error("invalid prefix \"%s\" (bits %s set beyond /%u; did you mean %s/%u?)",
			    s, host, p->len, net, p->len);
	default:
		usage_error("invalid prefix \"%s\"", s);
	}
}

size_t arg_keyword(const char *arg, const void *tbl, size_t n, size_t stride,
		   const char *what, const char *hint)
{
	char cand[256];
	size_t idx;

	switch (kw_match(arg, tbl, n, stride, &idx)) {
	case PARSE_OK:
		return idx;
	case PARSE_AMBIGUOUS:
		kw_candidates(arg, tbl, n, stride, cand, sizeof(cand));
		usage_error("\"%s\" is ambiguous (%s)", arg, cand);
	default:
		if (!what)
			arg_unexpected(arg);
		usage_error("unknown %s \"%s\"; try \"%s\"", what, arg, hint);
	}
}
