// SPDX-License-Identifier: GPL-2.0
/*
 * ilnp nid add NID [ auto | hosted born L64 [ loc L64 ] ]
 * ilnp nid del NID
 * ilnp nid show [ NID ]
 *
 * A hosted NID is a guest's: this node is its ILNP end (a proxy) on the
 * packets it forwards for it.  The guest keeps the locator it was born
 * with; "loc" gives the NID a current locator of its own (else it has the
 * node's).  An automatic NID's addresses bring the node's locators in
 * (and a move announced by the interface swaps them): see addrwatch.h.
 */
#include <string.h>

#include "ilnp.h"
#include "nl.h"

static const struct ilnp_col nid_cols[] = {
	COL("NID", ILNP_A_NID),
	COL_FMT("FLAGS", ILNP_A_FLAGS, ILNP_FMT_NID_FLAGS),
	COL("BORN", ILNP_A_NID_BORN),
	COL("LOCATORS", ILNP_A_NID_LOCS),
};

static const struct ilnp_view nid_view = ILNP_VIEW(ILNP_TABLE, nid_cols);

enum { KW_HOSTED, KW_BORN, KW_LOC, KW_AUTO };

static const struct ilnp_kw nid_kws[] = {
	[KW_HOSTED] = KW("hosted"),
	[KW_AUTO] = KW("auto"),
	[KW_BORN] = KW("born"),
	[KW_LOC] = KW_A("locator", "loc"),
};

/*
 * NID, then "auto" alone, or "hosted" (a bare word) and, with it, born and
 * loc once each.
 */
static int nid_add(const struct ilnp_verb *v, int argc, char **argv)
{
	uint64_t nid, val[ARRAY_SIZE(nid_kws)] = { 0 };
	unsigned int seen = 0;
	struct nl_msg *msg;
	size_t k;

	nid = arg_id(arg_first(argc, argv, "NID"), ILNP_A_NID);
	for (argc--, argv++; argc > 0; argc--, argv++) {
		k = ARG_KEYWORD(argv[0], nid_kws);
		if (seen & (1U << k))
			usage_error("\"%s\" given twice", argv[0]);
		seen |= 1U << k;
		if (k != KW_HOSTED && k != KW_AUTO)
			val[k] = arg_l64(arg_value(&argc, &argv));
	}
	if ((seen & (1U << KW_AUTO)) && seen != (1U << KW_AUTO))
		usage_error("\"auto\" is for a NID of this node's own, alone (a hosted NID follows no address here)");
	if ((seen & ~(1U << KW_HOSTED | 1U << KW_AUTO)) && !(seen & (1U << KW_HOSTED)))
		usage_error("\"born\" and \"loc\" are for a hosted NID; give \"hosted\"");
	if ((seen & (1U << KW_HOSTED)) && !(seen & (1U << KW_BORN)))
		usage_error("a hosted NID needs \"born L64\" (the guest's own locator)");

	msg = ilnp_msg(v->cmd, 0);
	ilnp_put_u64(msg, ILNP_A_NID, nid);
	if (seen & (1U << KW_HOSTED)) {
		ilnp_put_u32(msg, ILNP_A_FLAGS, ILNP_NID_F_HOSTED);
		ilnp_put_u64(msg, ILNP_A_NID_BORN, val[KW_BORN]);
	}
	if (seen & (1U << KW_AUTO))
		ilnp_put_u32(msg, ILNP_A_FLAGS, ILNP_NID_F_AUTO);
	if (seen & (1U << KW_LOC))
		ilnp_put_u64(msg, ILNP_A_LOC, val[KW_LOC]);
	return ilnp_request(msg, NULL, NULL);
}

static const struct ilnp_verb nid_verbs[] = {
	VERB(KW("add"), nid_add, "NID [ auto | hosted born L64 [ loc L64 ] ]",
	     .cmd = ILNP_CMD_NID_ADD),
	VERB(KW_A("del", "delete"), verb_id, "NID",
	     .cmd = ILNP_CMD_NID_DEL, .attr = ILNP_A_NID),
	VERB(KW_SHOW, verb_id_show, "[ NID ]",
	     .cmd = ILNP_CMD_NID_GET, .attr = ILNP_A_NID, .view = &nid_view),
};

const struct ilnp_object ilnp_nid = ILNP_OBJECT("nid", nid_verbs,
	ILNP_WHERE_NID ILNP_WHERE_L64,
	"A hosted NID is a guest's: this node is its ILNP end on the packets it\n"
	"forwards for it.  \"born\" is the locator the guest keeps (its address),\n"
	"\"loc\" the NID's current locator (default: this node's locators).\n"
	"\"auto\": every global address whose interface identifier is the NID\n"
	"brings its /64 in as a locator of this node, withdrawn when it goes.\n"
	"Flags: hosted, auto, and inactive for one imported by \"ilnp state\n"
	"import\" and not yet activated.\n");
