// SPDX-License-Identifier: GPL-2.0
/*
 * The locator map of a site border router or hypervisor (RFC 6740 sec.
 * 9.7, RFC 6748 sec. 2: localised addressing):
 *
 * ilnp map add NID ext L64 int L64 [ seq N ] [ ilnp ] [ pointer ]
 * ilnp map set NID [ ext L64 ] [ int L64 ] [ seq N ] [ ilnp { on | off } ]
 * ilnp map del NID
 * ilnp map show [ NID ]
 * ilnp map flush
 * ilnp map neutral EXT INT
 *
 * An entry is keyed by the NID of a node behind the box: its outside
 * locator (ext) and the one where it is now (int).  "neutral" computes,
 * without asking the kernel, an inside locator whose rewriting changes no
 * checksum.
 */
#include <string.h>

#include "csum.h"
#include "ilnp.h"
#include "nl.h"

#define MSTAT(title, id) COL_STATS(title, ILNP_A_MAP_STATS, ILNP_MSTAT_##id)

static const struct ilnp_col map_cols[] = {
	COL("NID", ILNP_A_NID),
	COL("EXT", ILNP_A_MAP_EXT_LOC),
	COL("INT", ILNP_A_MAP_INT_LOC),
	COL("SEQ", ILNP_A_MAP_SEQ),
	COL_FMT("FLAGS", ILNP_A_FLAGS, ILNP_FMT_MAP_FLAGS),
	COL("AGE", ILNP_A_MAP_AGE_MS),
	MSTAT("IN", IN),
	MSTAT("OUT", OUT),
};

static const struct ilnp_view map_view = ILNP_VIEW(ILNP_TABLE, map_cols);

/* The keywords that carry a u64 come first: their attributes. */
enum { KW_EXT, KW_INT, KW_SEQ, KW_ILNP, KW_POINTER };

static const struct ilnp_kw map_kws[] = {
	[KW_EXT] = KW_A("ext", "external"),
	[KW_INT] = KW_A("int", "internal"),
	[KW_SEQ] = KW("seq"),
	[KW_ILNP] = KW("ilnp"),
	[KW_POINTER] = KW("pointer"),
};

static const unsigned short map_attrs[] = {
	[KW_EXT] = ILNP_A_MAP_EXT_LOC,
	[KW_INT] = ILNP_A_MAP_INT_LOC,
	[KW_SEQ] = ILNP_A_MAP_SEQ,
};

/* What "map add" and "map set" were given. */
struct map_args {
	uint64_t nid;
	uint64_t val[ARRAY_SIZE(map_attrs)];	/* ext, int, seq */
	bool ilnp;
	unsigned int seen;			/* 1U << KW_*: given */
};

/*
 * NID, then keywords, each once: add needs ext and int, set at least one
 * keyword.  "ilnp" is a bare word for add and takes on or off for set;
 * "pointer", a bare word, only add takes.  An address as NID is the node's
 * outside address: it gives ext.
 */
static void map_parse(const struct ilnp_verb *v, int argc, char **argv,
		      struct map_args *ma)
{
	bool add = v->cmd == ILNP_CMD_MAP_ADD;
	struct ilnp_ilv ilv;
	size_t k;

	memset(ma, 0, sizeof(*ma));
	arg_nid(arg_first(argc, argv, "NID"), &ilv);
	ma->nid = ilv.nid;
	if (ilv.has_l64) {
		ma->val[KW_EXT] = ilv.l64;
		ma->seen |= 1U << KW_EXT;
	}
	for (argc--, argv++; argc > 0; argc--, argv++) {
		const char *kw = argv[0];

		k = ARG_KEYWORD(kw, map_kws);
		if (ma->seen & (1U << k))
			usage_error("\"%s\" given twice%s", kw,
				    k == KW_EXT && ilv.has_l64 ?
				    " (an address as NID gives one)" : "");
		ma->seen |= 1U << k;
		if (k == KW_POINTER) {
			if (!add)
				usage_error("\"pointer\" is given to map add only (a pointer stays one)");
		} else if (k == KW_ILNP)
			ma->ilnp = add || arg_onoff(arg_value(&argc, &argv), kw);
		else if (k == KW_SEQ)
			ma->val[k] = arg_seq(arg_value(&argc, &argv));
		else
			ma->val[k] = arg_l64(arg_value(&argc, &argv));
	}
	if (!add && !ma->seen)
		usage_error("nothing to set; give ext, int, seq or ilnp");
	if (!add)
		return;
	for (k = KW_EXT; k <= KW_INT; k++)
		if (!(ma->seen & (1U << k)))
			usage_error("missing \"%s L64\"; try \"ilnp map help\"",
				    map_kws[k].name);
}

/* add and set: only what was given is sent. */
static int map_change(const struct ilnp_verb *v, int argc, char **argv)
{
	struct map_args ma;
	struct nl_msg *msg;
	size_t k;

	map_parse(v, argc, argv, &ma);
	msg = ilnp_msg(v->cmd, 0);
	ilnp_put_u64(msg, ILNP_A_NID, ma.nid);
	for (k = 0; k < ARRAY_SIZE(map_attrs); k++)
		if (ma.seen & (1U << k))
			ilnp_put_u64(msg, map_attrs[k], ma.val[k]);
	if (ma.seen & (1U << KW_ILNP | 1U << KW_POINTER))
		ilnp_put_u32(msg, ILNP_A_FLAGS,
			     (ma.ilnp ? ILNP_MAP_F_ILNP : 0) |
			     (ma.seen & (1U << KW_POINTER) ? ILNP_MAP_F_POINTER : 0));
	return ilnp_request(msg, NULL, NULL);
}

/* EXT INT: INT made neutral with EXT.  Nothing is sent. */
static int map_neutral(const struct ilnp_verb *v, int argc, char **argv)
{
	char buf[ILNP_ID_STRLEN];
	uint64_t ext, in, out;
	struct json j;

	(void)v;
	ext = arg_l64(arg_first(argc, argv, "EXT"));
	in = arg_l64(arg_one(argc - 1, argv + 1, "INT"));
	if (!l64_neutral(ext, in, &out))
		usage_error("\"%s\" has the first three groups of \"%s\": the only neutral choice is \"%s\" itself",
			    argv[1], argv[0], argv[0]);
	format_id64(out, buf);
	if (!ilnp_opts.json) {
		puts(buf);
		return ILNP_EXIT_OK;
	}
	json_init(&j, stdout, ilnp_opts.pretty);
	json_obj_open(&j, NULL);
	json_str(&j, "int", buf);
	json_bool(&j, "neutral", true);
	json_obj_close(&j);
	return ILNP_EXIT_OK;
}

static const struct ilnp_verb map_verbs[] = {
	VERB(KW("add"), map_change,
	     "NID ext L64 int L64 [ seq N ] [ ilnp ] [ pointer ]",
	     .cmd = ILNP_CMD_MAP_ADD),
	VERB(KW_A("set", "change"), map_change,
	     "NID [ ext L64 ] [ int L64 ] [ seq N ] [ ilnp { on | off } ]",
	     .cmd = ILNP_CMD_MAP_SET),
	VERB(KW_A("del", "delete"), verb_id, "NID",
	     .cmd = ILNP_CMD_MAP_DEL, .attr = ILNP_A_NID),
	VERB(KW_SHOW, verb_id_show, "[ NID ]",
	     .cmd = ILNP_CMD_MAP_GET, .attr = ILNP_A_NID, .view = &map_view),
	VERB(KW("flush"), verb_simple, "", .cmd = ILNP_CMD_MAP_FLUSH),
	VERB(KW("neutral"), map_neutral, "EXT INT"),
};

const struct ilnp_object ilnp_map = ILNP_OBJECT("map", map_verbs,
	ILNP_WHERE_NID ILNP_WHERE_L64
	"       EXT, INT := L64\n"
	"       N := 0-18446744073709551615 (the entry's version, default 0)\n",
	"A node behind this box (a site border router or hypervisor), known by\n"
	"its NID, is seen outside at locator ext and is now at locator int.\n"
	"Packets to ext|NID get int, packets from int|NID get ext.  An address\n"
	"as NID gives ext.  \"ilnp\": the node's sessions are ILNP, so TCP and\n"
	"UDP checksums are left alone.  \"pointer\" (add only): one way, only\n"
	"packets to ext|NID are rewritten; a host the node left forwards what\n"
	"still comes to its old locator ext on to its new one, int.  \"set\"\n"
	"replaces the entry in one step with what it is given; a seq lower than\n"
	"the entry's is refused as stale.  \"neutral\" prints INT with its last\n"
	"group changed so that EXT and it are a checksum-neutral pair (nothing\n"
	"is sent).\n");
