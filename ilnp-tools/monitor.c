// SPDX-License-Identifier: GPL-2.0
/*
 * ilnp monitor: print the events of multicast group "events", one a line.
 */
#include <stdio.h>

#include "ilnp.h"
#include "nl.h"

static const struct ilnp_col loc_change_cols[] = {
	COL(NULL, ILNP_A_LOC), COL(NULL, ILNP_A_PREF), COL(NULL, ILNP_A_FLAGS),
};

/* Every event about a peer names it and our NID in the entry. */
#define PEER_COLS COL(NULL, ILNP_A_NID), COL(NULL, ILNP_A_LOCAL_NID)

static const struct ilnp_col lu_tries_cols[] = {
	PEER_COLS, COL(NULL, ILNP_A_TRIES),
};

static const struct ilnp_col lu_recv_cols[] = {
	PEER_COLS, COL(NULL, ILNP_A_PEER_LOCS),
};

static const struct ilnp_col lu_acked_cols[] = {
	PEER_COLS, COL(NULL, ILNP_A_RTT_US),
};

static const struct ilnp_col nonce_cols[] = {
	PEER_COLS, COL(NULL, ILNP_A_ADDR),
};

static const struct ilnp_col peer_cols[] = {
	PEER_COLS,
};

static const struct ilnp_col verified_cols[] = {
	PEER_COLS, COL(NULL, ILNP_A_ADDR), COL(NULL, ILNP_A_FLAGS),
};

/* "flags" as in "map show", with "deleted" among them. */
static const struct ilnp_col map_change_cols[] = {
	COL(NULL, ILNP_A_NID), COL(NULL, ILNP_A_MAP_EXT_LOC),
	COL(NULL, ILNP_A_MAP_INT_LOC), COL(NULL, ILNP_A_MAP_SEQ),
	COL_FMT(NULL, ILNP_A_FLAGS, ILNP_FMT_MAP_FLAGS),
};

struct ilnp_event {
	const char *name;
	struct ilnp_view view;
};

#define EVENT(cmd, name, cols) \
	[ILNP_EVT_##cmd] = { name, ILNP_VIEW(ILNP_LINE, cols) }

static const struct ilnp_event events[ILNP_CMD_MAX + 1] = {
	EVENT(LOC_CHANGE, "loc_change", loc_change_cols),
	EVENT(LU_SENT, "lu_sent", lu_tries_cols),
	EVENT(LU_RECV, "lu_recv", lu_recv_cols),
	EVENT(LU_ACKED, "lu_acked", lu_acked_cols),
	EVENT(LU_TIMEOUT, "lu_timeout", lu_tries_cols),
	EVENT(NONCE_MISMATCH, "nonce_mismatch", nonce_cols),
	EVENT(PEER_FALLBACK, "peer_fallback", peer_cols),
	EVENT(PEER_VERIFIED, "peer_verified", verified_cols),
	EVENT(MAP_CHANGE, "map_change", map_change_cols),
};

/* Unknown events still get a line, so nothing passes silently. */
static const struct ilnp_view unknown_view = { .layout = ILNP_LINE };

static void print_event(struct nlattr **tb, uint8_t cmd, void *arg)
{
	const struct ilnp_event *e = cmd <= ILNP_CMD_MAX ? &events[cmd] : NULL;
	char name[32];

	if (e && e->name) {
		out_row(arg, &e->view, tb, e->name);
		return;
	}
	snprintf(name, sizeof(name), "event%u", cmd);
	out_row(arg, &unknown_view, tb, name);
}

static int monitor(const struct ilnp_verb *v, int argc, char **argv)
{
	struct ilnp_out o;
	int ret;

	(void)v;
	arg_none(argc, argv);
	out_begin(&o, &unknown_view);
	ret = ilnp_listen(ILNP_MCGRP_EVENTS, print_event, &o);
	out_end(&o, ret == ILNP_EXIT_OK);
	return ret;
}

static const struct ilnp_verb monitor_verbs[] = {
	VERB(KW_NONE, monitor, ""),
};

const struct ilnp_object ilnp_monitor = ILNP_OBJECT("monitor", monitor_verbs,
	NULL,
	"Prints one line per event until SIGINT or SIGTERM; with -j one JSON\n"
	"object per line.  Joining the events group needs root or CAP_NET_ADMIN.\n");
