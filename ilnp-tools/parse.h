/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Command-line parsing for ilnp: NIDs, L64s, prefixes, numbers, keywords.
 *
 * The parse_*() functions are pure (no output, no exit) so that they can be
 * unit tested on the host; the arg_*() wrappers report a one-line error
 * naming the offending token and exit with ILNP_EXIT_USAGE.
 */
#ifndef ILNP_PARSE_H
#define ILNP_PARSE_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum parse_err {
	PARSE_OK = 0,
	PARSE_INVALID = -1,	/* not the expected syntax */
	PARSE_RANGE = -2,	/* a number outside its range */
	PARSE_PREFIXLEN = -3,	/* L64: a length not /64; PREFIX: no length */
	PARSE_HOSTBITS = -4,	/* a prefix with bits set beyond its length */
	PARSE_NOMATCH = -5,	/* no keyword matches */
	PARSE_AMBIGUOUS = -6,	/* several keywords match an abbreviation */
};

/* "ffff:ffff:ffff:ffff" plus NUL */
#define ILNP_ID_STRLEN 20

/*
 * What one address argument said.  A NID or L64 in the four-group form sets
 * one half; a full IPv6 address is an I-LV and sets both.
 */
struct ilnp_ilv {
	uint64_t nid;
	uint64_t l64;
	bool has_nid;
	bool has_l64;
};

/* An IPv6 prefix, as ILNP_A_ADDR and ILNP_A_PREFIX_LEN carry it. */
struct ilnp_prefix {
	struct in6_addr addr;
	uint8_t len;		/* 0-128 */
};

int parse_id64(const char *s, uint64_t *out);
int parse_nid(const char *s, struct ilnp_ilv *ilv);
int parse_l64(const char *s, struct ilnp_ilv *ilv);
int parse_uint(const char *s, uint64_t max, uint64_t *out);
int parse_lifetime(const char *s, uint32_t *out);
int parse_onoff(const char *s, bool *on);
int parse_prefix(const char *s, struct ilnp_prefix *p);
void prefix_split(const struct ilnp_prefix *p, struct in6_addr *net,
		  struct in6_addr *host);
void format_id64(uint64_t v, char buf[ILNP_ID_STRLEN]);

/*
 * A keyword.  Tables of keywords (or of structures starting with one) are
 * matched by kw_match(): an exact match of a name or alias wins, otherwise
 * the argument must be a prefix of exactly one entry; if it is a prefix of
 * several, the one flagged ILNP_KW_PREFERRED wins, else it is ambiguous.
 */
struct ilnp_kw {
	const char *name;
	const char *alias;
	unsigned int flags;
};

#define KW(n)		{ .name = (n) }
#define KW_A(n, a)	{ .name = (n), .alias = (a) }
#define KW_PREFERRED(n)	{ .name = (n), .flags = ILNP_KW_PREFERRED }

#define ILNP_KW_PREFERRED	(1U << 0)	/* wins an ambiguous prefix */
#define ILNP_KW_DEFAULT		(1U << 1)	/* verb run when none given */

int kw_match(const char *arg, const void *tbl, size_t n, size_t stride,
	     size_t *idx);
void kw_candidates(const char *arg, const void *tbl, size_t n, size_t stride,
		   char *buf, size_t len);

#define KW_MATCH(arg, tbl, idx) \
	kw_match(arg, tbl, sizeof(tbl) / sizeof((tbl)[0]), sizeof((tbl)[0]), idx)

/* Wrappers for command handlers: print the error and exit on failure. */
void __attribute__((noreturn, format(printf, 1, 2)))
usage_error(const char *fmt, ...);
const char *arg_value(int *argc, char ***argv);
void arg_none(int argc, char **argv);
const char *arg_first(int argc, char **argv, const char *what);
const char *arg_one(int argc, char **argv, const char *what);
const char *arg_opt(int argc, char **argv);
void arg_nid(const char *s, struct ilnp_ilv *ilv);
uint64_t arg_l64(const char *s);
void arg_l64_ilv(const char *s, struct ilnp_ilv *ilv);
uint16_t arg_pref(const char *s);
uint32_t arg_lifetime(const char *s);
uint64_t arg_seq(const char *s);
bool arg_onoff(const char *s, const char *kw);
void arg_prefix(const char *s, struct ilnp_prefix *p);
size_t arg_keyword(const char *arg, const void *tbl, size_t n, size_t stride,
		   const char *what, const char *hint);
void arg_unexpected(const char *arg) __attribute__((noreturn));

#define ARG_KEYWORD(arg, tbl) \
	arg_keyword(arg, tbl, sizeof(tbl) / sizeof((tbl)[0]), \
		    sizeof((tbl)[0]), NULL, NULL)

/* Set by the dispatcher for "try ilnp OBJECT help" hints and messages. */
extern const char *parse_object;
extern const char *parse_verb;	/* NULL for objects without verbs */
extern unsigned int parse_batch_line;	/* -batch: the line being run, or 0 */

#endif /* ILNP_PARSE_H */
