// SPDX-License-Identifier: GPL-2.0
/*
 * ilnp nid { add | del } NID
 * ilnp nid show [ NID ]
 */
#include "ilnp.h"
#include "nl.h"

static const struct ilnp_col nid_cols[] = {
	COL("NID", ILNP_A_NID),
};

static const struct ilnp_view nid_view = ILNP_VIEW(ILNP_TABLE, nid_cols);

static const struct ilnp_verb nid_verbs[] = {
	VERB(KW("add"), verb_id, "NID",
	     .cmd = ILNP_CMD_NID_ADD, .attr = ILNP_A_NID),
	VERB(KW_A("del", "delete"), verb_id, "NID",
	     .cmd = ILNP_CMD_NID_DEL, .attr = ILNP_A_NID),
	VERB(KW_SHOW, verb_id_show, "[ NID ]",
	     .cmd = ILNP_CMD_NID_GET, .attr = ILNP_A_NID, .view = &nid_view),
};

const struct ilnp_object ilnp_nid =
	ILNP_OBJECT("nid", nid_verbs, ILNP_WHERE_NID, NULL);
