// SPDX-License-Identifier: GPL-2.0
/*
 * ilnp locator { add | set } L64 [ pref PREF ] [ lifetime SECS ] [ dev IFNAME ]
 * ilnp locator del L64
 * ilnp locator show [ L64 ]
 */
#include <net/if.h>
#include <stdio.h>

#include "ilnp.h"
#include "nl.h"

static const struct ilnp_col loc_cols[] = {
	COL("LOCATOR", ILNP_A_LOC),
	COL("PREF", ILNP_A_PREF),
	COL("LIFETIME", ILNP_A_LIFETIME),
	COL("DEV", ILNP_A_IFINDEX),
};

static const struct ilnp_view loc_view = ILNP_VIEW(ILNP_TABLE, loc_cols);

enum { KW_PREF, KW_LIFETIME, KW_DEV };

static const struct ilnp_kw loc_kws[] = {
	[KW_PREF] = KW_A("pref", "preference"),
	[KW_LIFETIME] = KW("lifetime"),
	[KW_DEV] = KW("dev"),
};

/* add and set: the L64, then any of pref, lifetime and dev. */
static int loc_change(const struct ilnp_verb *v, int argc, char **argv)
{
	const char *dev = NULL;
	unsigned int seen = 0;
	struct nl_msg *msg;
	uint32_t ifindex;
	uint64_t l64;
	uint16_t pref = 0;
	uint32_t lifetime = 0;
	size_t k;
	int err;

	l64 = arg_l64(arg_first(argc, argv, "L64"));
	for (argc--, argv++; argc > 0; argc--, argv++) {
		k = ARG_KEYWORD(argv[0], loc_kws);
		if (seen & (1U << k))
			usage_error("\"%s\" given twice", loc_kws[k].name);
		seen |= 1U << k;
		if (k == KW_PREF)
			pref = arg_pref(arg_value(&argc, &argv));
		else if (k == KW_LIFETIME)
			lifetime = arg_lifetime(arg_value(&argc, &argv));
		else
			dev = arg_value(&argc, &argv);
	}
	if (v->cmd == ILNP_CMD_LOC_SET && !seen)
		usage_error("nothing to set; give pref, lifetime or dev");

	/* The device is looked up in the target namespace. */
	if (dev) {
		err = ilnp_netns_enter();
		if (err)
			return err;
		ifindex = if_nametoindex(dev);
		if (!ifindex) {
			fprintf(stderr, "ilnp: cannot find device \"%s\"\n", dev);
			return ILNP_EXIT_USAGE;
		}
	}

	msg = ilnp_msg(v->cmd, 0);
	ilnp_put_u64(msg, ILNP_A_LOC, l64);
	if (seen & (1U << KW_PREF))
		ilnp_put_u16(msg, ILNP_A_PREF, pref);
	if (seen & (1U << KW_LIFETIME))
		ilnp_put_u32(msg, ILNP_A_LIFETIME, lifetime);
	if (dev)
		ilnp_put_u32(msg, ILNP_A_IFINDEX, ifindex);
	return ilnp_request(msg, NULL, NULL);
}

#define LOC_ARGS "L64 [ pref PREF ] [ lifetime SECS ] [ dev IFNAME ]"

static const struct ilnp_verb loc_verbs[] = {
	VERB(KW("add"), loc_change, LOC_ARGS, .cmd = ILNP_CMD_LOC_ADD),
	VERB(KW_A("set", "change"), loc_change, LOC_ARGS,
	     .cmd = ILNP_CMD_LOC_SET),
	VERB(KW_A("del", "delete"), verb_id, "L64",
	     .cmd = ILNP_CMD_LOC_DEL, .attr = ILNP_A_LOC),
	VERB(KW_SHOW, verb_id_show, "[ L64 ]",
	     .cmd = ILNP_CMD_LOC_GET, .attr = ILNP_A_LOC, .view = &loc_view),
};

const struct ilnp_object ilnp_locator = ILNP_OBJECT("locator", loc_verbs,
	ILNP_WHERE_L64 ILNP_WHERE_PREF,
	"\"loc\" is an alias of \"locator\".  \"dev\" binds the locator to an\n"
	"interface (default: any).  \"set\" changes only what it is given.\n");
