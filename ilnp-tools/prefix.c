// SPDX-License-Identifier: GPL-2.0
/*
 * ilnp prefix { add | del } PREFIX/LEN
 * ilnp prefix show
 *
 * Correspondents whose address is in one of these prefixes are tried as
 * ILNP when we open a session to them; by default there are none.
 */
#include "ilnp.h"
#include "nl.h"

static const struct ilnp_col prefix_cols[] = {
	COL("PREFIX", ILNP_A_PREFIX_LEN),	/* with ILNP_A_ADDR: "addr/len" */
};

static const struct ilnp_view prefix_view = ILNP_VIEW(ILNP_TABLE, prefix_cols);

/* add and del: exactly one PREFIX/LEN. */
static int prefix_change(const struct ilnp_verb *v, int argc, char **argv)
{
	struct ilnp_prefix p;
	struct nl_msg *msg;

	arg_prefix(arg_one(argc, argv, "PREFIX/LEN"), &p);
	msg = ilnp_msg(v->cmd, 0);
	ilnp_put(msg, ILNP_A_ADDR, sizeof(p.addr), &p.addr);
	ilnp_put_u8(msg, ILNP_A_PREFIX_LEN, p.len);
	return ilnp_request(msg, NULL, NULL);
}

static const struct ilnp_verb prefix_verbs[] = {
	VERB(KW("add"), prefix_change, "PREFIX/LEN",
	     .cmd = ILNP_CMD_PREFIX_ADD),
	VERB(KW_A("del", "delete"), prefix_change, "PREFIX/LEN",
	     .cmd = ILNP_CMD_PREFIX_DEL),
	VERB(KW_SHOW, verb_show, "", .cmd = ILNP_CMD_PREFIX_GET,
	     .nlflags = NLM_F_DUMP, .view = &prefix_view),
};

const struct ilnp_object ilnp_prefix = ILNP_OBJECT("prefix", prefix_verbs,
	"       PREFIX := an IPv6 address whose bits beyond LEN are zero\n"
	"       LEN := 0-128\n",
	"Correspondents whose address falls in one of these prefixes are tried\n"
	"as ILNP when we open a session to them: our first packets carry the\n"
	"nonce option, and a Parameter Problem or silence makes them plain\n"
	"IPv6.  ::/0 tries every destination.  By default there are none.\n");
