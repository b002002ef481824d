/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ilnp - configure the ILNPv6 kernel module: shared declarations.
 */
#ifndef ILNP_H
#define ILNP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "parse.h"

#define ILNP_TOOLS_VERSION	"0.1"

#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))

/* Exit status, documented in ilnp(8). */
enum {
	ILNP_EXIT_OK = 0,
	ILNP_EXIT_USAGE = 1,	/* bad command line; nothing was sent */
	ILNP_EXIT_KERNEL = 2,	/* kernel refused, or netlink/system error */
};

struct ilnp_opts {
	bool json;
	bool pretty;
	bool stats;
	const char *netns;
};

extern struct ilnp_opts ilnp_opts;

struct ilnp_object;
struct ilnp_verb;
struct ilnp_view;

typedef int (*ilnp_verb_fn)(const struct ilnp_verb *v, int argc, char **argv);

/*
 * A verb (or, in the top-level table, an object): its keyword, handler and
 * usage, and what the generic handlers below need: the ILNP_CMD_* to send,
 * the key attribute (ILNP_A_NID: the argument is a NID, else an L64), the
 * netlink flags and the view that shows the replies.
 */
struct ilnp_verb {
	struct ilnp_kw kw;
	ilnp_verb_fn fn;
	const char *usage;
	uint8_t cmd;
	unsigned short attr;
	int nlflags;
	const struct ilnp_view *view;
	const struct ilnp_object *obj;	/* top level: the object */
};

#define VERB(k, f, u, ...) { .kw = k, .fn = f, .usage = u, __VA_ARGS__ }

/* "show" (alias "list"): run without a verb and wins "s" over "set". */
#define KW_SHOW { .name = "show", .alias = "list", \
		  .flags = ILNP_KW_PREFERRED | ILNP_KW_DEFAULT }
/* The only entry of an object without verbs ("ilnp rebind L64"). */
#define KW_NONE { .name = NULL }

struct ilnp_object {
	const char *name;
	const struct ilnp_verb *verbs;
	size_t nverbs;
	const char *where;	/* "help": definitions of the arguments */
	const char *notes;	/* "help": a paragraph after them */
};

#define ILNP_OBJECT(n, tbl, w, txt) \
	{ .name = n, .verbs = tbl, .nverbs = ARRAY_SIZE(tbl), .where = w, \
	  .notes = txt }

extern const struct ilnp_object ilnp_nid, ilnp_locator, ilnp_peer,
	ilnp_prefix, ilnp_map, ilnp_state, ilnp_stats, ilnp_monitor, ilnp_rebind, ilnp_info;

/* Runs v->obj: picks its verb from argv[0], or prints its help. */
int ilnp_dispatch(const struct ilnp_verb *v, int argc, char **argv);

/* Generic verbs, driven by the fields of struct ilnp_verb. */
int verb_id(const struct ilnp_verb *v, int argc, char **argv);
int verb_id_show(const struct ilnp_verb *v, int argc, char **argv);
int verb_show(const struct ilnp_verb *v, int argc, char **argv);
int verb_simple(const struct ilnp_verb *v, int argc, char **argv);

/* A NID (attr ILNP_A_NID) or an L64 (any other attribute) argument. */
uint64_t arg_id(const char *s, int attr);

/* Help text shared by objects; the indent of the first line becomes "where". */
#define ILNP_WHERE_NID \
	"       NID := { XXXX:XXXX:XXXX:XXXX | IPV6-ADDRESS }\n"
#define ILNP_WHERE_L64 \
	"       L64 := { XXXX:XXXX:XXXX:XXXX | IPV6-PREFIX/64 | IPV6-ADDRESS }\n"
#define ILNP_WHERE_PREF \
	"       PREF := 0-65535 (lower is preferred, default 10)\n" \
	"       SECS := { 0-4294967295 | forever } (0 = forever, the default)\n"

#endif /* ILNP_H */
