// SPDX-License-Identifier: GPL-2.0
/*
 * ilnp peer add NID [ local NID ] [ loc L64 [ pref PREF ] [ lifetime SECS ] ]...
 * ilnp peer del NID [ local NID ] [ loc L64 ]
 * ilnp peer show [ NID [ local NID ] [ loc L64 ] ]
 * ilnp peer flush [ all ]
 *
 * An entry is keyed by (our NID, the peer's NID); entries of one peer NID
 * (different hosts) are told apart by their locators.
 */
#include <string.h>

#include "ilnp.h"
#include "nl.h"

#define PSTAT(title, id) COL_STATS(title, ILNP_A_PEER_STATS, ILNP_PSTAT_##id)

static const struct ilnp_col peer_cols[] = {
	COL("NID", ILNP_A_NID),
	COL("LOCAL", ILNP_A_LOCAL_NID),
	COL("STATE", ILNP_A_PEER_STATE),
	COL("LOCATORS", ILNP_A_PEER_LOCS),
	COL("FLAGS", ILNP_A_PEER_FLAGS),
	PSTAT("TX", TX_PACKETS),
	PSTAT("RX", RX_PACKETS),
	PSTAT("LU_SENT", LU_SENT),
	PSTAT("LU_RECV", LU_RECV),
	PSTAT("SRTT_US", SRTT_US),
	PSTAT("FLOWS", FLOWS),
	COL_STATS("NONCE_LOCAL", ILNP_A_NONCE_LOCAL, 0),
	COL_STATS("NONCE_REMOTE", ILNP_A_NONCE_REMOTE, 0),
};

static const struct ilnp_view peer_view = ILNP_VIEW(ILNP_TABLE, peer_cols);

struct peer_loc {
	uint64_t l64;
	uint16_t pref;
	uint32_t lifetime;
	unsigned int seen;	/* KW_PREF, KW_LIFETIME given for this one */
};

struct peer_locs {
	struct peer_loc loc[ILNP_LOCSET_MAX];
	unsigned int n;
};

enum { KW_LOC, KW_PREF, KW_LIFETIME, KW_LOCAL };

static const struct ilnp_kw peer_kws[] = {
	[KW_LOC] = KW_A("locator", "loc"),
	[KW_PREF] = KW_A("pref", "preference"),
	[KW_LIFETIME] = KW("lifetime"),
	[KW_LOCAL] = KW("local"),
};

/* What "peer add", "del" and "show NID" were given. */
struct peer_args {
	uint64_t nid;
	uint64_t local;		/* with KW_LOCAL in seen */
	unsigned int seen;	/* 1U << KW_LOC, KW_LOCAL: given */
	struct peer_locs locs;	/* add: the set; del and show: at most one */
};

static void locs_add(struct peer_locs *locs, uint64_t l64, const char *arg)
{
	unsigned int i;

	for (i = 0; i < locs->n; i++)
		if (locs->loc[i].l64 == l64)
			usage_error("locator \"%s\" given twice", arg);
	if (locs->n == ILNP_LOCSET_MAX)
		usage_error("too many locators at \"%s\" (at most %d)", arg,
			    ILNP_LOCSET_MAX);
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

/*
 * NID, then keywords: for add any of them (loc repeated), for del and show
 * local and loc once each.  An address as NID is an I-LV: its locator is
 * the first one for add, "loc" for del and show (one host of that NID).
 */
static void peer_parse(const struct ilnp_verb *v, int argc, char **argv,
		       struct peer_args *pa)
{
	bool add = v->cmd == ILNP_CMD_PEER_ADD;
	struct ilnp_ilv ilv;
	size_t k;

	memset(pa, 0, sizeof(*pa));
	arg_nid(arg_first(argc, argv, "NID"), &ilv);
	pa->nid = ilv.nid;
	if (ilv.has_l64) {
		locs_add(&pa->locs, ilv.l64, argv[0]);
		pa->seen |= 1U << KW_LOC;
	}
	for (argc--, argv++; argc > 0; argc--, argv++) {
		const char *kw = argv[0], *arg;

		k = ARG_KEYWORD(kw, peer_kws);
		if (k == KW_PREF || k == KW_LIFETIME) {
			struct peer_loc *loc;

			if (!add)
				arg_unexpected(kw);
			loc = locs_last(&pa->locs, k, kw);
			arg = arg_value(&argc, &argv);
			if (k == KW_PREF)
				loc->pref = arg_pref(arg);
			else
				loc->lifetime = arg_lifetime(arg);
			continue;
		}
		if ((pa->seen & (1U << k)) && (k == KW_LOCAL || !add))
			usage_error("\"%s\" given twice%s", kw,
				    k == KW_LOC && ilv.has_l64 ?
				    " (an address as NID gives one)" : "");
		pa->seen |= 1U << k;
		arg = arg_value(&argc, &argv);
		if (k == KW_LOCAL)
			pa->local = arg_id(arg, ILNP_A_NID);
		else
			locs_add(&pa->locs, arg_l64(arg), arg);
	}
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

/* The request for pa: ILNP_A_NID, ILNP_A_LOCAL_NID if given. */
static struct nl_msg *peer_msg(const struct ilnp_verb *v,
			       const struct peer_args *pa)
{
	struct nl_msg *msg = ilnp_msg(v->cmd, 0);

	ilnp_put_u64(msg, ILNP_A_NID, pa->nid);
	if (pa->seen & (1U << KW_LOCAL))
		ilnp_put_u64(msg, ILNP_A_LOCAL_NID, pa->local);
	return msg;
}

static int peer_add(const struct ilnp_verb *v, int argc, char **argv)
{
	struct peer_args pa;
	struct nl_msg *msg;

	peer_parse(v, argc, argv, &pa);
	if (!pa.locs.n)
		usage_error("missing locator; give \"loc L64\" or an address as NID");

	msg = peer_msg(v, &pa);
	put_locs(msg, &pa.locs);
	return ilnp_request(msg, NULL, NULL);
}

/*
 * del: every entry of NID, or those matching local and loc.  show: a dump,
 * or the (first) entry of NID matching them.
 */
static int peer_select(const struct ilnp_verb *v, int argc, char **argv)
{
	struct peer_args pa;
	struct nl_msg *msg;

	if (v->view && !argc)
		return ilnp_show(ilnp_msg(v->cmd, NLM_F_DUMP), v->view);
	peer_parse(v, argc, argv, &pa);
	msg = peer_msg(v, &pa);
	if (pa.locs.n)
		ilnp_put_u64(msg, ILNP_A_LOC, pa.locs.loc[0].l64);
	return v->view ? ilnp_show(msg, v->view) : ilnp_request(msg, NULL, NULL);
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

#define PEER_KEY "NID [ local NID ] [ loc L64 ]"

static const struct ilnp_verb peer_verbs[] = {
	VERB(KW("add"), peer_add,
	     "NID [ local NID ] [ loc L64 [ pref PREF ] [ lifetime SECS ] ]...",
	     .cmd = ILNP_CMD_PEER_ADD),
	VERB(KW_A("del", "delete"), peer_select, PEER_KEY,
	     .cmd = ILNP_CMD_PEER_DEL),
	VERB(KW_SHOW, peer_select, "[ " PEER_KEY " ]",
	     .cmd = ILNP_CMD_PEER_GET, .view = &peer_view),
	VERB(KW("flush"), peer_flush, "[ all ]", .cmd = ILNP_CMD_PEER_FLUSH),
};

const struct ilnp_object ilnp_peer = ILNP_OBJECT("peer", peer_verbs,
	ILNP_WHERE_NID ILNP_WHERE_L64 ILNP_WHERE_PREF,
	"An entry is a peer NID seen from one of our NIDs (\"local\"; it may be\n"
	"left out when there is exactly one).  Entries of the same peer NID are\n"
	"different hosts, told apart by their locators.  An address as NID\n"
	"(2001:db8:2::7) also gives a locator: the first one for add, loc for\n"
	"del and show.  pref and lifetime apply to the locator before them; at\n"
	"most 64 locators.  \"del\" removes every entry of NID, or those of\n"
	"local and/or the one with locator loc.\n"
	"\"flush\" removes the dynamic entries, \"flush all\" the static ones too.\n");
