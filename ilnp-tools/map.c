// SPDX-License-Identifier: GPL-2.0
/*
 * Site border router rewrites (RFC 6740 sec. 3.4):
 *
 * ilnp map add NID ext L64 int L64
 * ilnp map del NID ext L64
 * ilnp map show
 * ilnp map flush
 */
#include "ilnp.h"
#include "nl.h"

static const struct ilnp_col map_cols[] = {
	COL("NID", ILNP_A_NID),
	COL("EXT", ILNP_A_MAP_EXT_LOC),
	COL("INT", ILNP_A_MAP_INT_LOC),
};

static const struct ilnp_view map_view = ILNP_VIEW(ILNP_TABLE, map_cols);

enum { KW_EXT, KW_INT };

static const struct ilnp_kw map_kws[] = {
	[KW_EXT] = KW_A("ext", "external"),
	[KW_INT] = KW_A("int", "internal"),
};

/*
 * NID, then "ext L64" and (for add) "int L64".  An address as NID is an
 * I-LV whose locator is the external one.
 */
static int map_change(const struct ilnp_verb *v, int argc, char **argv)
{
	unsigned int want = 1U << KW_EXT, seen = 0;
	struct ilnp_ilv ilv;
	uint64_t loc[2];
	struct nl_msg *msg;
	size_t k;

	if (v->cmd == ILNP_CMD_MAP_ADD)
		want |= 1U << KW_INT;
	arg_nid(arg_first(argc, argv, "NID"), &ilv);
	if (ilv.has_l64) {
		loc[KW_EXT] = ilv.l64;
		seen |= 1U << KW_EXT;
	}
	for (argc--, argv++; argc > 0; argc--, argv++) {
		k = ARG_KEYWORD(argv[0], map_kws);
		if (!(want & (1U << k)))
			arg_unexpected(argv[0]);
		if (seen & (1U << k))
			usage_error("%s locator given twice", map_kws[k].name);
		seen |= 1U << k;
		loc[k] = arg_l64(arg_value(&argc, &argv));
	}
	for (k = 0; k < ARRAY_SIZE(map_kws); k++)
		if ((want & ~seen) & (1U << k))
			usage_error("missing \"%s L64\"; try \"ilnp map help\"",
				    map_kws[k].name);

	msg = ilnp_msg(v->cmd, 0);
	ilnp_put_u64(msg, ILNP_A_NID, ilv.nid);
	ilnp_put_u64(msg, ILNP_A_MAP_EXT_LOC, loc[KW_EXT]);
	if (want & (1U << KW_INT))
		ilnp_put_u64(msg, ILNP_A_MAP_INT_LOC, loc[KW_INT]);
	return ilnp_request(msg, NULL, NULL);
}

static const struct ilnp_verb map_verbs[] = {
	VERB(KW("add"), map_change, "NID ext L64 int L64",
	     .cmd = ILNP_CMD_MAP_ADD),
	VERB(KW_A("del", "delete"), map_change, "NID ext L64",
	     .cmd = ILNP_CMD_MAP_DEL),
	VERB(KW_SHOW, verb_show, "", .cmd = ILNP_CMD_MAP_GET,
	     .nlflags = NLM_F_DUMP, .view = &map_view),
	VERB(KW("flush"), verb_simple, "", .cmd = ILNP_CMD_MAP_FLUSH),
};

const struct ilnp_object ilnp_map = ILNP_OBJECT("map", map_verbs,
	ILNP_WHERE_NID ILNP_WHERE_L64,
	"Packets for NID arriving with locator ext get locator int, and the\n"
	"reverse on the way out.  An address as NID gives the ext locator.\n");
