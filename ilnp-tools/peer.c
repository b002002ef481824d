// SPDX-License-Identifier: GPL-2.0
/*
 * ilnp peer add NID [ loc L64 ] [ pref PREF ] [ lifetime SECS ] [ loc ... ]
 * ilnp peer del NID
 * ilnp peer show [ NID ]
 * ilnp peer flush [ all ]
 */
#include <string.h>

#include "ilnp.h"
#include "nl.h"

#define PSTAT(title, id) \
	{ title, ILNP_A_PEER_STATS, ILNP_PSTAT_##id, ILNP_COL_STATS }

static const struct ilnp_col peer_cols[] = {
	COL("NID", ILNP_A_NID),
	COL("STATE", ILNP_A_PEER_STATE),
	COL("LOCATORS", ILNP_A_PEER_LOCS),
	COL("FLAGS", ILNP_A_PEER_FLAGS),
	PSTAT("TX", TX_PACKETS),
	PSTAT("RX", RX_PACKETS),
	PSTAT("LU_SENT", LU_SENT),
	PSTAT("LU_RECV", LU_RECV),
	PSTAT("SRTT_US", SRTT_US),
	{ "NONCE_LOCAL", ILNP_A_NONCE_LOCAL, 0, ILNP_COL_STATS },
	{ "NONCE_REMOTE", ILNP_A_NONCE_REMOTE, 0, ILNP_COL_STATS },
};

static const struct ilnp_view peer_view = ILNP_VIEW(ILNP_TABLE, peer_cols);

struct peer_loc {
	uint64_t l64;
	uint16_t pref;
	uint32_t lifetime;
	unsigned int seen;	/* KW_PREF, KW_LIFETIME given for this one */
};

struct peer_locs {
	struct peer_loc loc[ILNP_MAX_LOCS];
	unsigned int n;
};

enum { KW_LOC, KW_PREF, KW_LIFETIME };

static const struct ilnp_kw peer_kws[] = {
	[KW_LOC] = KW_A("locator", "loc"),
	[KW_PREF] = KW_A("pref", "preference"),
	[KW_LIFETIME] = KW("lifetime"),
};

static void locs_add(struct peer_locs *locs, uint64_t l64, const char *arg)
{
	unsigned int i;

	for (i = 0; i < locs->n; i++)
		if (locs->loc[i].l64 == l64)
			usage_error("locator \"%s\" given twice", arg);
	if (locs->n == ILNP_MAX_LOCS)
		usage_error("too many locators (at most %d)", ILNP_MAX_LOCS);
	locs->loc[locs->n++] = (struct peer_loc){
		.l64 = l64, .pref = ILNP_DEFAULT_PREF,
	};
}

/* pref and lifetime belong to the locator before them. */
static struct peer_loc *locs_last(struct peer_locs *locs, size_t k,
				  const char *arg)
{
	struct peer_loc *loc;

	if (!locs->n)
		usage_error("\"%s\" must follow \"loc L64\"", arg);
	loc = &locs->loc[locs->n - 1];
	if (loc->seen & (1U << k))
		usage_error("\"%s\" given twice for one locator", arg);
	loc->seen |= 1U << k;
	return loc;
}

static void put_locs(struct nl_msg *msg, const struct peer_locs *locs)
{
	struct nlattr *list, *entry;
	unsigned int i;

	list = ilnp_nest_start(msg, ILNP_A_PEER_LOCS);
	for (i = 0; i < locs->n; i++) {
		entry = ilnp_nest_start(msg, ILNP_A_LOC_ENTRY);
		ilnp_put_u64(msg, ILNP_A_LOC, locs->loc[i].l64);
		ilnp_put_u16(msg, ILNP_A_PREF, locs->loc[i].pref);
		ilnp_put_u32(msg, ILNP_A_LIFETIME, locs->loc[i].lifetime);
		nla_nest_end(msg, entry);
	}
	nla_nest_end(msg, list);
}

static int peer_add(const struct ilnp_verb *v, int argc, char **argv)
{
	struct peer_locs locs = { .n = 0 };
	struct ilnp_ilv ilv;
	struct nl_msg *msg;
	size_t k;

	/* An address as NID is an I-LV: its locator is the first one. */
	arg_nid(arg_first(argc, argv, "NID"), &ilv);
	if (ilv.has_l64)
		locs_add(&locs, ilv.l64, argv[0]);
	for (argc--, argv++; argc > 0; argc--, argv++) {
		const char *kw = argv[0];

		k = ARG_KEYWORD(kw, peer_kws);
		if (k == KW_LOC) {
			const char *arg = arg_value(&argc, &argv);

			locs_add(&locs, arg_l64(arg), arg);
		} else {
			struct peer_loc *loc = locs_last(&locs, k, kw);
			const char *arg = arg_value(&argc, &argv);

			if (k == KW_PREF)
				loc->pref = arg_pref(arg);
			else
				loc->lifetime = arg_lifetime(arg);
		}
	}
	if (!locs.n)
		usage_error("missing locator; give \"loc L64\" or an address as NID");

	msg = ilnp_msg(v->cmd, 0);
	ilnp_put_u64(msg, ILNP_A_NID, ilv.nid);
	put_locs(msg, &locs);
	return ilnp_request(msg, NULL, NULL);
}

static const struct ilnp_kw flush_kws[] = { KW("all") };

static int peer_flush(const struct ilnp_verb *v, int argc, char **argv)
{
	const char *arg = arg_opt(argc, argv);
	struct nl_msg *msg;

	if (arg)
		ARG_KEYWORD(arg, flush_kws);
	msg = ilnp_msg(v->cmd, 0);
	if (arg)
		ilnp_put_u32(msg, ILNP_A_FLAGS, ILNP_F_FLUSH_ALL);
	return ilnp_request(msg, NULL, NULL);
}

static const struct ilnp_verb peer_verbs[] = {
	VERB(KW("add"), peer_add,
	     "NID [ loc L64 [ pref PREF ] [ lifetime SECS ] ]...",
	     .cmd = ILNP_CMD_PEER_ADD),
	VERB(KW_A("del", "delete"), verb_id, "NID",
	     .cmd = ILNP_CMD_PEER_DEL, .attr = ILNP_A_NID),
	VERB(KW_SHOW, verb_id_show, "[ NID ]",
	     .cmd = ILNP_CMD_PEER_GET, .attr = ILNP_A_NID, .view = &peer_view),
	VERB(KW("flush"), peer_flush, "[ all ]", .cmd = ILNP_CMD_PEER_FLUSH),
};

const struct ilnp_object ilnp_peer = ILNP_OBJECT("peer", peer_verbs,
	ILNP_WHERE_NID ILNP_WHERE_L64 ILNP_WHERE_PREF,
	"An address as NID (2001:db8:2::7) also gives its first locator; pref\n"
	"and lifetime apply to the locator before them.  \"flush\" removes the\n"
	"dynamic entries, \"flush all\" the static ones too.\n");
