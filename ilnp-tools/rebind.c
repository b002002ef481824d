// SPDX-License-Identifier: GPL-2.0
/*
 * ilnp rebind L64 [ from OLD_L64 ]
 *
 * What a hypervisor runs after a migration: L64 becomes the preferred local
 * locator and OLD_L64 is withdrawn; Locator Updates go out at once.  No
 * ILNP_A_PREF is sent: the kernel then puts L64 below every other locator.
 */
#include "ilnp.h"
#include "nl.h"

static const struct ilnp_kw rebind_kws[] = { KW("from") };

static int rebind(const struct ilnp_verb *v, int argc, char **argv)
{
	uint64_t l64, old = 0;
	const char *from = NULL;
	struct nl_msg *msg;

	l64 = arg_l64(arg_first(argc, argv, "L64"));
	for (argc--, argv++; argc > 0; argc--, argv++) {
		ARG_KEYWORD(argv[0], rebind_kws);
		if (from)
			usage_error("\"from\" given twice");
		from = arg_value(&argc, &argv);
		old = arg_l64(from);
	}
	if (from && old == l64)
		usage_error("cannot rebind from \"%s\" to itself", from);

	msg = ilnp_msg(v->cmd, 0);
	ilnp_put_u64(msg, ILNP_A_LOC, l64);
	if (from)
		ilnp_put_u64(msg, ILNP_A_OLD_LOC, old);
	return ilnp_request(msg, NULL, NULL);
}

static const struct ilnp_verb rebind_verbs[] = {
	VERB(KW_NONE, rebind, "L64 [ from OLD_L64 ]", .cmd = ILNP_CMD_REBIND),
};

const struct ilnp_object ilnp_rebind = ILNP_OBJECT("rebind", rebind_verbs,
	ILNP_WHERE_L64,
	"L64 becomes the preferred local locator (added if absent): its PREF is\n"
	"made lower than every other locator's (those at 0 move to 1).  OLD_L64\n"
	"is withdrawn, and Locator Updates go to every active correspondent.\n"
	"\"migrate\" is an alias of \"rebind\".\n");
