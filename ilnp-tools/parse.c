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
	char buf[INET6_ADDRSTRLEN];
	const char *slash;
	uint64_t len;
	size_t n;
	int err;

	memset(ilv, 0, sizeof(*ilv));
	if (parse_id64(s, &ilv->l64) == PARSE_OK) {
		ilv->has_l64 = true;
		return PARSE_OK;
	}
	slash = strchr(s, '/');
	if (!slash)
		return parse_addr(s, ilv);

	n = slash - s;
	if (n >= sizeof(buf))
		return PARSE_INVALID;
	memcpy(buf, s, n);
	buf[n] = '\0';
	err = parse_addr(buf, ilv);
	if (err)
		return err;
	if (strspn(slash + 1, "0123456789") != strlen(slash + 1) ||
	    parse_uint(slash + 1, 128, &len) != PARSE_OK) {
		memset(ilv, 0, sizeof(*ilv));
		return PARSE_INVALID;
	}
	if (len != 64 || ilv->nid) {
		err = len != 64 ? PARSE_PREFIXLEN : PARSE_HOSTBITS;
		memset(ilv, 0, sizeof(*ilv));
		return err;
	}
	ilv->has_nid = false;
	return PARSE_OK;
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

uint16_t arg_pref(const char *s)
{
	uint64_t v;

	switch (parse_uint(s, UINT16_MAX, &v)) {
	case PARSE_OK:
		return v;
	case PARSE_RANGE:
		usage_error("preference %s out of range (0-65535)", s);
	default:
		usage_error("invalid preference \"%s\"", s);
	}
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
