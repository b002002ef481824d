// SPDX-License-Identifier: GPL-2.0
/*
 * ilnp stats [ show ]
 */
#include "ilnp.h"
#include "nl.h"

#define STAT(id) COL_FLAT(ILNP_A_STATS, ILNP_STAT_##id)

static const struct ilnp_col stats_cols[] = {
	STAT(TX_REWRITTEN),
	STAT(RX_REWRITTEN),
	STAT(NONCE_ADDED),
	STAT(NONCE_STRIPPED),
	STAT(LU_SENT),
	STAT(LU_RETRANS),
	STAT(LU_RECV),
	STAT(LU_ACK_SENT),
	STAT(LU_ACK_RECV),
	STAT(LU_TIMEOUT),
	STAT(DROP_NONCE_MISSING),
	STAT(DROP_NONCE_MISMATCH),
	STAT(DROP_MALFORMED),
	STAT(DROP_NO_LOCATOR),
	STAT(PEER_FALLBACK),
	STAT(MAP_REWRITTEN),
	STAT(RR_SENT),
	STAT(RR_VERIFIED),
	STAT(RR_TIMEOUT),
	STAT(DROP_UNVERIFIED),
	STAT(DROP_LU_INVALID),
	STAT(PEER_EVICTED),
	STAT(PEER_LIMIT),
	STAT(RATELIMITED),
	STAT(MAP_STALE),
	STAT(MAP_ICMP_XLATED),
	STAT(LOC_ADOPTED),
	STAT(LOC_LEFT),
	STAT(RS_SENT),
	STAT(RR_ANSWERED),
};

static const struct ilnp_view stats_view = ILNP_VIEW(ILNP_RECORD, stats_cols);

static const struct ilnp_verb stats_verbs[] = {
	VERB(KW_SHOW, verb_show, "", .cmd = ILNP_CMD_STATS_GET,
	     .view = &stats_view),
};

const struct ilnp_object ilnp_stats =
	ILNP_OBJECT("stats", stats_verbs, NULL, NULL);
