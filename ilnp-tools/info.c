// SPDX-License-Identifier: GPL-2.0
/*
 * ilnp info: module version and table sizes.
 */
#include "ilnp.h"
#include "nl.h"

static const struct ilnp_col info_cols[] = {
	COL(NULL, ILNP_A_VERSION),
	COL(NULL, ILNP_A_NID_COUNT),
	COL(NULL, ILNP_A_LOC_COUNT),
	COL(NULL, ILNP_A_PEER_COUNT),
	COL(NULL, ILNP_A_MAP_COUNT),
};

static const struct ilnp_view info_view = ILNP_VIEW(ILNP_RECORD, info_cols);

static const struct ilnp_verb info_verbs[] = {
	VERB(KW_NONE, verb_show, "", .cmd = ILNP_CMD_GET_INFO,
	     .view = &info_view),
};

const struct ilnp_object ilnp_info =
	ILNP_OBJECT("info", info_verbs, NULL, NULL);
