// SPDX-License-Identifier: GPL-2.0
/*
 * Rendering of kernel replies and events, as text or JSON.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <inttypes.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>

#include "ilnp.h"
#include "nl.h"
#include "output.h"

enum attr_kind {
	K_NONE,
	K_ID,		/* u64 NID or L64: "2001:db8:1:0" */
	K_U8,
	K_U16,
	K_U32,
	K_U64,
	K_MSECS,	/* u64 milliseconds: "1500ms" */
	K_STR,
	K_LIFETIME,	/* u32, 0 = forever */
	K_IFINDEX,	/* u32, 0 = any */
	K_LOCS,		/* nest of ILNP_A_LOC_ENTRY */
	K_STATE,	/* u8 enum ilnp_peer_state */
	K_FLAGLIST,	/* u32 ILNP_PEER_F_*, ILNP_MAP_F_*: a list of names */
	K_FLAGS,	/* u32 ILNP_F_* of an event: bare words, JSON booleans */
	K_HEX,		/* binary, as hex digits */
	K_ADDR,		/* struct in6_addr */
	K_PREFIX,	/* u8 ILNP_A_PREFIX_LEN after ILNP_A_ADDR: "addr/len" */
	K_COUNTERS,	/* nest of u64 counters */
};

struct attr_fmt {
	const char *key;
	enum attr_kind kind;
	const char *const *names;	/* K_COUNTERS, K_STATE, K_FLAG* */
	size_t nnames;
};

static const char *const stat_names[] = {
	[ILNP_STAT_TX_REWRITTEN] = "tx_rewritten",
	[ILNP_STAT_RX_REWRITTEN] = "rx_rewritten",
	[ILNP_STAT_NONCE_ADDED] = "nonce_added",
	[ILNP_STAT_NONCE_STRIPPED] = "nonce_stripped",
	[ILNP_STAT_LU_SENT] = "lu_sent",
	[ILNP_STAT_LU_RETRANS] = "lu_retrans",
	[ILNP_STAT_LU_RECV] = "lu_recv",
	[ILNP_STAT_LU_ACK_SENT] = "lu_ack_sent",
	[ILNP_STAT_LU_ACK_RECV] = "lu_ack_recv",
	[ILNP_STAT_LU_TIMEOUT] = "lu_timeout",
	[ILNP_STAT_DROP_NONCE_MISSING] = "drop_nonce_missing",
	[ILNP_STAT_DROP_NONCE_MISMATCH] = "drop_nonce_mismatch",
	[ILNP_STAT_DROP_MALFORMED] = "drop_malformed",
	[ILNP_STAT_DROP_NO_LOCATOR] = "drop_no_locator",
	[ILNP_STAT_PEER_FALLBACK] = "peer_fallback",
	[ILNP_STAT_MAP_REWRITTEN] = "map_rewritten",
	[ILNP_STAT_RR_SENT] = "rr_sent",
	[ILNP_STAT_RR_VERIFIED] = "rr_verified",
	[ILNP_STAT_RR_TIMEOUT] = "rr_timeout",
	[ILNP_STAT_DROP_UNVERIFIED] = "drop_unverified",
	[ILNP_STAT_DROP_LU_INVALID] = "drop_lu_invalid",
	[ILNP_STAT_PEER_EVICTED] = "peer_evicted",
	[ILNP_STAT_PEER_LIMIT] = "peer_limit",
	[ILNP_STAT_RATELIMITED] = "ratelimited",
	[ILNP_STAT_MAP_STALE] = "map_stale",
	[ILNP_STAT_MAP_ICMP_XLATED] = "map_icmp_xlated",
	[ILNP_STAT_LOC_ADOPTED] = "loc_adopted",
	[ILNP_STAT_LOC_LEFT] = "loc_left",
	[ILNP_STAT_RS_SENT] = "rs_sent",
	[ILNP_STAT_RR_ANSWERED] = "rr_answered",
};

static const char *const pstat_names[] = {
	[ILNP_PSTAT_TX_PACKETS] = "tx_packets",
	[ILNP_PSTAT_RX_PACKETS] = "rx_packets",
	[ILNP_PSTAT_LU_SENT] = "lu_sent",
	[ILNP_PSTAT_LU_RECV] = "lu_recv",
	[ILNP_PSTAT_SRTT_US] = "srtt_us",
	[ILNP_PSTAT_FLOWS] = "flows",
};

static const char *const mstat_names[] = {
	[ILNP_MSTAT_IN] = "in",
	[ILNP_MSTAT_OUT] = "out",
};

static const char *const state_names[] = {
	[ILNP_PEER_NEW] = "new",
	[ILNP_PEER_CONFIRMED] = "confirmed",
	[ILNP_PEER_LU_PENDING] = "lu_pending",
	[ILNP_PEER_PLAIN] = "plain",
};

/* Flag names, indexed by bit number. */
#define BIT_NAME(flag, name)	[__builtin_ctz(flag)] = (name)

static const char *const pflag_names[] = {
	BIT_NAME(ILNP_PEER_F_STATIC, "static"),
	BIT_NAME(ILNP_PEER_F_PLAIN_IPV6, "plain_ipv6"),
	BIT_NAME(ILNP_PEER_F_VERIFIED, "verified"),
	BIT_NAME(ILNP_PEER_F_RESPONDER, "responder"),
};

/* Those of events (ILNP_F_FLUSH_ALL is a request's). */
static const char *const flag_names[] = {
	BIT_NAME(ILNP_F_DELETED, "deleted"),
	BIT_NAME(ILNP_F_NONCE_CHANGED, "nonce_changed"),
};

/* A map entry's: its own, and the event's "deleted". */
static const char *const mflag_names[] = {
	BIT_NAME(ILNP_F_DELETED, "deleted"),
	BIT_NAME(ILNP_MAP_F_ILNP, "ilnp"),
	BIT_NAME(ILNP_MAP_F_NEUTRAL, "neutral"),
	BIT_NAME(ILNP_MAP_F_POINTER, "pointer"),
};

/* A NID's. */
static const char *const nflag_names[] = {
	BIT_NAME(ILNP_NID_F_HOSTED, "hosted"),
	BIT_NAME(ILNP_NID_F_INACTIVE, "inactive"),
	BIT_NAME(ILNP_NID_F_AUTO, "auto"),
};

#define FMT(k, t)		{ .key = (k), .kind = (t) }
#define FMT_NAMES(k, t, a)	{ .key = (k), .kind = (t), .names = (a), \
				  .nnames = ARRAY_SIZE(a) }

static const struct attr_fmt attr_fmt[ILNP_A_MAX + 1] = {
	[ILNP_A_VERSION] = FMT("version", K_STR),
	[ILNP_A_NID] = FMT("nid", K_ID),
	[ILNP_A_LOC] = FMT("locator", K_ID),
	[ILNP_A_OLD_LOC] = FMT("old_locator", K_ID),
	[ILNP_A_PREF] = FMT("pref", K_U16),
	[ILNP_A_LIFETIME] = FMT("lifetime", K_LIFETIME),
	[ILNP_A_IFINDEX] = FMT("ifindex", K_IFINDEX),
	[ILNP_A_FLAGS] = FMT_NAMES("flags", K_FLAGS, flag_names),
	[ILNP_A_PEER_LOCS] = FMT("locators", K_LOCS),
	[ILNP_A_PEER_STATE] = FMT_NAMES("state", K_STATE, state_names),
	[ILNP_A_PEER_FLAGS] = FMT_NAMES("flags", K_FLAGLIST, pflag_names),
	[ILNP_A_PEER_STATS] = FMT_NAMES("stats", K_COUNTERS, pstat_names),
	[ILNP_A_NONCE_LOCAL] = FMT("nonce_local", K_HEX),
	[ILNP_A_NONCE_REMOTE] = FMT("nonce_remote", K_HEX),
	[ILNP_A_MAP_EXT_LOC] = FMT("ext", K_ID),
	[ILNP_A_MAP_INT_LOC] = FMT("int", K_ID),
	[ILNP_A_STATS] = FMT_NAMES("stats", K_COUNTERS, stat_names),
	[ILNP_A_NID_COUNT] = FMT("nids", K_U32),
	[ILNP_A_LOC_COUNT] = FMT("locators", K_U32),
	[ILNP_A_PEER_COUNT] = FMT("peers", K_U32),
	[ILNP_A_MAP_COUNT] = FMT("maps", K_U32),
	[ILNP_A_TRIES] = FMT("tries", K_U32),
	[ILNP_A_RTT_US] = FMT("rtt_us", K_U32),
	[ILNP_A_ADDR] = FMT("addr", K_ADDR),
	[ILNP_A_LOCAL_NID] = FMT("local_nid", K_ID),
	[ILNP_A_PREFIX_LEN] = FMT("prefix", K_PREFIX),
	[ILNP_A_MAP_SEQ] = FMT("seq", K_U64),
	[ILNP_A_MAP_AGE_MS] = FMT("age_ms", K_MSECS),
	[ILNP_A_MAP_STATS] = FMT_NAMES("stats", K_COUNTERS, mstat_names),
	[ILNP_A_NID_BORN] = FMT("born", K_ID),
	[ILNP_A_NID_LOCS] = FMT("locators", K_LOCS),
	[ILNP_A_STATE_VERSION] = FMT("version", K_U32),
	[ILNP_A_PEER_HIST] = FMT("history", K_NONE),
	[ILNP_A_RTTVAR_US] = FMT("rttvar_us", K_U32),
	[ILNP_A_STATE_PEERS] = FMT("peers", K_NONE),
	[ILNP_A_STATE_PEER] = FMT("peer", K_NONE),
	[ILNP_A_STATE_FLOWS] = FMT("flows", K_NONE),
	[ILNP_A_STATE_FLOW] = FMT("flow", K_NONE),
	[ILNP_A_PROTO] = FMT("proto", K_U8),
	[ILNP_A_LPORT] = FMT("lport", K_NONE),
	[ILNP_A_PPORT] = FMT("pport", K_NONE),
	[ILNP_A_LOCAL_VIEW] = FMT("local_view", K_ID),
	[ILNP_A_PEER_VIEW] = FMT("peer_view", K_ID),
};

/* What a column's ILNP_FMT_* makes of its attribute. */
static const struct attr_fmt col_fmts[__ILNP_FMT_MAX] = {
	[ILNP_FMT_MAP_FLAGS] = FMT_NAMES("flags", K_FLAGLIST, mflag_names),
	[ILNP_FMT_NID_FLAGS] = FMT_NAMES("flags", K_FLAGLIST, nflag_names),
};

const char *ilnp_attr_name(int attr)
{
	return attr > 0 && attr <= ILNP_A_MAX ? attr_fmt[attr].key : NULL;
}

static const struct attr_fmt *col_fmt(const struct ilnp_col *c)
{
	return c->fmt ? &col_fmts[c->fmt] : &attr_fmt[c->attr];
}

static const char *col_key(const struct ilnp_col *c)
{
	const struct attr_fmt *f = col_fmt(c);

	if (c->sub)
		return c->sub < f->nnames && f->names[c->sub] ?
		       f->names[c->sub] : "?";
	return f->key;
}

static const char *col_title(const struct ilnp_col *c)
{
	return c->title ? c->title : col_key(c);
}

static bool col_visible(const struct ilnp_col *c)
{
	return !(c->flags & ILNP_COL_STATS) || ilnp_opts.stats;
}

/* The attribute a column shows, or NULL if the reply lacks it. */
static struct nlattr *col_attr(const struct ilnp_col *c, struct nlattr **tb)
{
	struct nlattr *a = tb[c->attr];

	if (a && c->sub)
		a = nla_find(nla_data(a), nla_len(a), c->sub);
	if (a && c->sub && nla_len(a) < (int)sizeof(uint64_t))
		return NULL;
	return a;
}

static const char *name_of(const struct attr_fmt *f, unsigned int v)
{
	return v < f->nnames ? f->names[v] : NULL;
}

static void text_id(FILE *f, uint64_t v)
{
	char buf[ILNP_ID_STRLEN];

	format_id64(v, buf);
	fputs(buf, f);
}

typedef void (*loc_fn)(struct nlattr **etb, bool first, void *arg);

/* Calls fn for each well-formed ILNP_A_LOC_ENTRY of a locator list. */
static void loc_list_walk(struct nlattr *nest, loc_fn fn, void *arg)
{
	struct nlattr *etb[ILNP_A_MAX + 1], *pos;
	bool first = true;
	int rem;

	nla_for_each_nested(pos, nest, rem) {
		if (nla_type(pos) != ILNP_A_LOC_ENTRY ||
		    nla_parse_nested(etb, ILNP_A_MAX, pos, ilnp_policy) ||
		    !etb[ILNP_A_LOC])
			continue;
		fn(etb, first, arg);
		first = false;
	}
}

static void loc_text(struct nlattr **etb, bool first, void *arg)
{
	FILE *f = arg;

	if (!first)
		fputc(',', f);
	text_id(f, nla_get_u64(etb[ILNP_A_LOC]));
	if (etb[ILNP_A_PREF])
		fprintf(f, "/%u", nla_get_u16(etb[ILNP_A_PREF]));
}

static void loc_json(struct nlattr **etb, bool first, void *arg)
{
	struct json *j = arg;
	char buf[ILNP_ID_STRLEN];

	(void)first;
	format_id64(nla_get_u64(etb[ILNP_A_LOC]), buf);
	json_obj_open(j, NULL);
	json_str(j, "locator", buf);
	if (etb[ILNP_A_PREF])
		json_uint(j, "pref", nla_get_u16(etb[ILNP_A_PREF]));
	if (etb[ILNP_A_LIFETIME])
		json_uint(j, "lifetime", nla_get_u32(etb[ILNP_A_LIFETIME]));
	json_obj_close(j);
}

static unsigned int get_uint(struct nlattr *a, enum attr_kind kind)
{
	switch (kind) {
	case K_U8:
		return nla_get_u8(a);
	case K_U16:
		return nla_get_u16(a);
	default:
		return nla_get_u32(a);
	}
}

static void text_hex(FILE *f, struct nlattr *a)
{
	const unsigned char *p = nla_data(a);
	int i;

	for (i = 0; i < nla_len(a); i++)
		fprintf(f, "%02x", p[i]);
}

typedef void (*flag_fn)(const char *name, bool first, void *arg);

/* Calls fn with the name of each bit set in a flags attribute ("0x8"). */
static void flag_walk(const struct attr_fmt *fmt, struct nlattr *a,
		      flag_fn fn, void *arg)
{
	uint32_t v = nla_get_u32(a);
	const char *name;
	bool first = true;
	char hex[16];
	unsigned int i;

	for (i = 0; i < 32; i++) {
		if (!(v & (1U << i)))
			continue;
		name = name_of(fmt, i);
		if (!name) {
			snprintf(hex, sizeof(hex), "0x%x", 1U << i);
			name = hex;
		}
		fn(name, first, arg);
		first = false;
	}
}

static void flag_text(const char *name, bool first, void *arg)
{
	fprintf(arg, "%s%s", first ? "" : ",", name);
}

static void flag_json_str(const char *name, bool first, void *arg)
{
	(void)first;
	json_str(arg, NULL, name);
}

static void flag_json_bool(const char *name, bool first, void *arg)
{
	(void)first;
	json_bool(arg, name, true);
}

static void text_addr(FILE *f, struct nlattr *a)
{
	char buf[INET6_ADDRSTRLEN];

	fputs(inet_ntop(AF_INET6, nla_data(a), buf, sizeof(buf)), f);
}

/* a is the column's attribute, tb the whole reply (for K_PREFIX). */
static void text_value(FILE *f, const struct ilnp_col *c, struct nlattr *a,
		       struct nlattr **tb)
{
	const struct attr_fmt *fmt = col_fmt(c);
	char buf[IF_NAMESIZE];
	const char *name;
	unsigned int v;

	if (c->sub) {
		fprintf(f, "%" PRIu64, nla_get_u64(a));
		return;
	}
	switch (fmt->kind) {
	case K_ID:
		text_id(f, nla_get_u64(a));
		break;
	case K_U8:
	case K_U16:
	case K_U32:
		fprintf(f, "%u", get_uint(a, fmt->kind));
		break;
	case K_U64:
		fprintf(f, "%" PRIu64, nla_get_u64(a));
		break;
	case K_MSECS:
		fprintf(f, "%" PRIu64 "ms", nla_get_u64(a));
		break;
	case K_STR:
		fputs(nla_get_string(a), f);
		break;
	case K_LIFETIME:
		v = nla_get_u32(a);
		if (v)
			fprintf(f, "%us", v);
		else
			fputs("forever", f);
		break;
	case K_IFINDEX:
		v = nla_get_u32(a);
		if (!v)
			fputs("any", f);
		else if (if_indextoname(v, buf))
			fputs(buf, f);
		else
			fprintf(f, "if%u", v);
		break;
	case K_LOCS:
		loc_list_walk(a, loc_text, f);
		break;
	case K_STATE:
		name = name_of(fmt, nla_get_u8(a));
		if (name)
			fputs(name, f);
		else
			fprintf(f, "state%u", nla_get_u8(a));
		break;
	case K_FLAGLIST:
	case K_FLAGS:
		flag_walk(fmt, a, flag_text, f);
		break;
	case K_HEX:
		text_hex(f, a);
		break;
	case K_ADDR:
		text_addr(f, a);
		break;
	case K_PREFIX:
		if (tb[ILNP_A_ADDR])
			text_addr(f, tb[ILNP_A_ADDR]);
		fprintf(f, "/%u", nla_get_u8(a));
		break;
	case K_COUNTERS:
	case K_NONE:
		break;
	}
}

/* A text value as a malloc'ed string (for the table). */
static char *text_cell(const struct ilnp_col *c, struct nlattr *a,
		       struct nlattr **tb)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f) {
		perror("ilnp: open_memstream");
		exit(ILNP_EXIT_KERNEL);
	}
	if (a)
		text_value(f, c, a, tb);
	fclose(f);
	return buf;
}

static void json_counters(struct json *j, const char *key,
			  const struct attr_fmt *fmt, struct nlattr *nest)
{
	struct nlattr *pos;
	const char *name;
	int rem;

	json_obj_open(j, key);
	nla_for_each_nested(pos, nest, rem) {
		name = name_of(fmt, nla_type(pos));
		if (name && nla_len(pos) >= (int)sizeof(uint64_t))
			json_uint(j, name, nla_get_u64(pos));
	}
	json_obj_close(j);
}

static void json_value(struct json *j, const struct ilnp_col *c,
		       struct nlattr *a, struct nlattr **tb)
{
	const struct attr_fmt *fmt = col_fmt(c);
	const char *key = col_key(c);
	char buf[IF_NAMESIZE];
	unsigned int v;
	char *s;

	/* A counter on its own; else its whole nest (K_COUNTERS). */
	if (c->sub && (c->flags & ILNP_COL_FLAT)) {
		json_uint(j, key, nla_get_u64(a));
		return;
	}
	switch (fmt->kind) {
	case K_ID:
	case K_STR:
	case K_STATE:
	case K_HEX:
	case K_ADDR:
	case K_PREFIX:
		s = text_cell(c, a, tb);
		json_str(j, key, s);
		free(s);
		break;
	case K_U8:
	case K_U16:
	case K_U32:
	case K_LIFETIME:
		json_uint(j, key, get_uint(a, fmt->kind));
		break;
	case K_U64:
	case K_MSECS:
		json_uint(j, key, nla_get_u64(a));
		break;
	case K_IFINDEX:
		v = nla_get_u32(a);
		json_uint(j, key, v);
		if (v && if_indextoname(v, buf))
			json_str(j, "dev", buf);
		break;
	case K_LOCS:
		json_arr_open(j, key);
		loc_list_walk(a, loc_json, j);
		json_arr_close(j);
		break;
	case K_FLAGLIST:
		json_arr_open(j, key);
		flag_walk(fmt, a, flag_json_str, j);
		json_arr_close(j);
		break;
	case K_FLAGS:
		/* "deleted": true; a flag not set is left out. */
		flag_walk(fmt, a, flag_json_bool, j);
		break;
	case K_COUNTERS:
		json_counters(j, fmt->key, fmt, a);
		break;
	case K_NONE:
		break;
	}
}

void out_begin(struct ilnp_out *o, const struct ilnp_view *view)
{
	size_t i;

	memset(o, 0, sizeof(*o));
	o->view = view;
	json_init(&o->json, stdout, ilnp_opts.pretty);
	for (i = 0; i < view->ncols; i++)
		o->nvis += col_visible(&view->cols[i]);
}

/* The JSON array of a table starts with its first row (or at the end). */
static void json_table_open(struct ilnp_out *o)
{
	if (ilnp_opts.json && o->view->layout == ILNP_TABLE && !o->opened) {
		json_arr_open(&o->json, NULL);
		o->opened = true;
	}
}

static void row_json(struct ilnp_out *o, const struct ilnp_view *view,
		     struct nlattr **tb, const char *tag)
{
	const struct ilnp_col *c, *prev = NULL;
	struct nlattr *a;
	size_t i;

	json_obj_open(&o->json, NULL);
	if (tag)
		json_str(&o->json, "event", tag);
	for (i = 0; i < view->ncols; prev = c, i++) {
		c = &view->cols[i];
		/* Columns of one nest are adjacent; print the nest once. */
		if (!col_visible(c) || (c->sub && !(c->flags & ILNP_COL_FLAT) &&
					prev && prev->attr == c->attr))
			continue;
		a = c->sub && !(c->flags & ILNP_COL_FLAT) ?
		    tb[c->attr] : col_attr(c, tb);
		if (a)
			json_value(&o->json, c, a, tb);
	}
	json_obj_close(&o->json);
}

static void row_line(const struct ilnp_view *view, struct nlattr **tb,
		     const char *tag)
{
	const struct ilnp_col *c;
	enum attr_kind kind;
	struct nlattr *a;
	size_t i;

	fputs(tag ? tag : "", stdout);
	for (i = 0; i < view->ncols; i++) {
		c = &view->cols[i];
		a = col_attr(c, tb);
		if (!col_visible(c) || !a)
			continue;
		kind = col_fmt(c)->kind;
		/* No flags, no words; some are bare: "loc_change ... deleted". */
		if ((kind == K_FLAGS || kind == K_FLAGLIST) && !nla_get_u32(a))
			continue;
		if (kind == K_FLAGS)
			putchar(' ');
		else
			printf(" %s ", col_title(c));
		text_value(stdout, c, a, tb);
	}
	putchar('\n');
}

static void row_cells(struct ilnp_out *o, const struct ilnp_view *view,
		      struct nlattr **tb)
{
	size_t i, n = o->nrows * o->nvis;

	if (n + o->nvis > o->alloc) {
		o->alloc = o->alloc ? 2 * o->alloc : 16 * o->nvis;
		o->cells = realloc(o->cells, o->alloc * sizeof(*o->cells));
		if (!o->cells) {
			perror("ilnp");
			exit(ILNP_EXIT_KERNEL);
		}
	}
	for (i = 0; i < view->ncols; i++) {
		const struct ilnp_col *c = &view->cols[i];

		if (col_visible(c))
			o->cells[n++] = text_cell(c, col_attr(c, tb), tb);
	}
	o->nrows++;
}

void out_row(struct ilnp_out *o, const struct ilnp_view *view,
	     struct nlattr **tb, const char *tag)
{
	json_table_open(o);
	if (ilnp_opts.json)
		row_json(o, view, tb, tag);
	else if (view->layout == ILNP_LINE)
		row_line(view, tb, tag);
	else
		row_cells(o, view, tb);
	if (view->layout == ILNP_LINE)
		fflush(stdout);
}

static const char *cell_text(const char *s)
{
	return *s ? s : "-";
}

static void print_table(struct ilnp_out *o)
{
	const struct ilnp_view *view = o->view;
	size_t width[64] = { 0 };
	const char *title[64];
	size_t r, i, k, len;

	if (!o->nrows || o->nvis > ARRAY_SIZE(width))
		return;
	for (i = 0, k = 0; i < view->ncols; i++)
		if (col_visible(&view->cols[i]))
			title[k++] = col_title(&view->cols[i]);
	for (k = 0; k < o->nvis; k++) {
		width[k] = strlen(title[k]);
		for (r = 0; r < o->nrows; r++) {
			len = strlen(cell_text(o->cells[r * o->nvis + k]));
			if (len > width[k])
				width[k] = len;
		}
	}
	for (k = 0; k < o->nvis; k++)
		printf("%-*s%s", k + 1 < o->nvis ? (int)width[k] : 0, title[k],
		       k + 1 < o->nvis ? "  " : "\n");
	for (r = 0; r < o->nrows; r++)
		for (k = 0; k < o->nvis; k++)
			printf("%-*s%s", k + 1 < o->nvis ? (int)width[k] : 0,
			       cell_text(o->cells[r * o->nvis + k]),
			       k + 1 < o->nvis ? "  " : "\n");
}

/* One "label value" line per column present in the (single) row. */
static void print_record(struct ilnp_out *o)
{
	const struct ilnp_view *view = o->view;
	size_t i, k, width = 0;

	if (!o->nrows)
		return;
	for (i = 0; i < view->ncols; i++)
		if (col_visible(&view->cols[i]) &&
		    strlen(col_title(&view->cols[i])) > width)
			width = strlen(col_title(&view->cols[i]));
	for (i = 0, k = 0; i < view->ncols; i++) {
		if (!col_visible(&view->cols[i]))
			continue;
		if (*o->cells[k])
			printf("%-*s  %s\n", (int)width,
			       col_title(&view->cols[i]), o->cells[k]);
		k++;
	}
}

void out_end(struct ilnp_out *o, bool ok)
{
	size_t i;

	if (ok)
		json_table_open(o);
	if (o->opened)
		json_arr_close(&o->json);
	else if (!ilnp_opts.json && o->view->layout == ILNP_TABLE)
		print_table(o);
	else if (!ilnp_opts.json && o->view->layout == ILNP_RECORD)
		print_record(o);
	for (i = 0; i < o->nrows * o->nvis; i++)
		free(o->cells[i]);
	free(o->cells);
	o->cells = NULL;
	o->nrows = 0;
}
