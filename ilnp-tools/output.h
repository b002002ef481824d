/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Rendering of kernel replies and events, as text or JSON.
 *
 * An object describes what to print as a view: a list of columns, each an
 * ILNP_A_* attribute (or a counter inside a nest attribute).  How each
 * attribute is formatted, and its JSON key, is defined once in output.c.
 */
#ifndef ILNP_OUTPUT_H
#define ILNP_OUTPUT_H

#include <netlink/attr.h>

#include "json.h"

struct ilnp_col {
	const char *title;	/* header or label; NULL: the JSON key */
	unsigned short attr;	/* ILNP_A_* */
	unsigned short sub;	/* counter id inside a nest, 0 for none */
	unsigned int flags;
	unsigned int fmt;	/* ILNP_FMT_*: not the attribute's own format */
};

/*
 * Attributes whose meaning depends on the object: ILNP_A_FLAGS is a set of
 * bare words in most events but a list of names in a map entry.
 */
enum ilnp_fmt {
	ILNP_FMT_ATTR,		/* as output.c formats the attribute */
	ILNP_FMT_MAP_FLAGS,	/* ILNP_A_FLAGS of a map entry: ILNP_MAP_F_*
				 * and, in events, ILNP_F_DELETED */
	ILNP_FMT_NID_FLAGS,	/* ILNP_A_FLAGS of a NID: ILNP_NID_F_* */
	__ILNP_FMT_MAX
};

#define COL(t, a)	{ .title = (t), .attr = (a) }
#define COL_FMT(t, a, f) { .title = (t), .attr = (a), .fmt = (f) }

#define ILNP_COL_STATS	(1U << 0)	/* shown only with -s */
#define ILNP_COL_FLAT	(1U << 1)	/* JSON: counter as a member of the row */

/* Counter s of nest a (or, s 0, attribute a itself), shown only with -s. */
#define COL_STATS(t, a, s) \
	{ .title = (t), .attr = (a), .sub = (s), .flags = ILNP_COL_STATS }
/* Counter s of nest a as a member of the row, keyed by its name. */
#define COL_FLAT(a, s)	{ .attr = (a), .sub = (s), .flags = ILNP_COL_FLAT }

enum ilnp_layout {
	ILNP_TABLE,	/* text: aligned columns; JSON: array of objects */
	ILNP_RECORD,	/* text: "label value" lines; JSON: one object */
	ILNP_LINE,	/* text: a line of "key value"; JSON: one line each */
};

struct ilnp_view {
	enum ilnp_layout layout;
	const struct ilnp_col *cols;
	size_t ncols;
};

#define ILNP_VIEW(l, c) { .layout = l, .cols = c, .ncols = ARRAY_SIZE(c) }

struct ilnp_out {
	const struct ilnp_view *view;
	struct json json;
	char **cells;		/* TABLE/RECORD text: rows of visible columns */
	size_t nrows;
	size_t alloc;
	size_t nvis;
	bool opened;		/* JSON array started */
};

/* The JSON key of an ILNP_A_* attribute, or NULL. */
const char *ilnp_attr_name(int attr);

void out_begin(struct ilnp_out *o, const struct ilnp_view *view);
void out_row(struct ilnp_out *o, const struct ilnp_view *view,
	     struct nlattr **tb, const char *tag);
void out_end(struct ilnp_out *o, bool ok);

#endif /* ILNP_OUTPUT_H */
