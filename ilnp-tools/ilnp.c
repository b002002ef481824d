// SPDX-License-Identifier: GPL-2.0
/*
 * ilnp - configure the ILNPv6 kernel module over generic netlink.
 *
 * Usage: ilnp [ OPTIONS ] OBJECT { COMMAND | help }
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ilnp.h"
#include "nl.h"

struct ilnp_opts ilnp_opts;

#define OBJECT(k, o, text) \
	{ .kw = k, .fn = ilnp_dispatch, .usage = text, .obj = &o }

static const struct ilnp_verb objects[] = {
	OBJECT(KW("nid"), ilnp_nid, "local Node Identifiers"),
	OBJECT(KW_A("locator", "loc"), ilnp_locator, "local locators (L64)"),
	/* "p" is peer, as it was before prefix came. */
	OBJECT(KW_PREFERRED("peer"), ilnp_peer,
	       "correspondents (Identifier-Locator Communication Cache)"),
	OBJECT(KW("prefix"), ilnp_prefix,
	       "destination prefixes to try ILNP with"),
	OBJECT(KW("map"), ilnp_map,
	       "locator map of a site border router or hypervisor"),
	/* "s", "st", "stat" are stats, as they were before state came. */
	OBJECT(KW_PREFERRED("stats"), ilnp_stats, "per-namespace counters"),
	OBJECT(KW("state"), ilnp_state,
	       "a hosted NID's state: export, import, activate"),
	OBJECT(KW("monitor"), ilnp_monitor, "watch events"),
	OBJECT(KW_A("rebind", "migrate"), ilnp_rebind,
	       "move to a new locator in one step"),
	OBJECT(KW("info"), ilnp_info, "module version and table sizes"),
	VERB(KW("help"), NULL, "this text"),
};

enum {
	OPT_JSON, OPT_PRETTY, OPT_NETNS, OPT_STATS, OPT_BATCH, OPT_VERSION,
	OPT_HELP
};

static const struct ilnp_kw options[] = {
	[OPT_JSON] = KW("json"),
	[OPT_PRETTY] = KW("pretty"),
	[OPT_NETNS] = KW("netns"),
	[OPT_BATCH] = KW("batch"),
	[OPT_STATS] = KW_A("statistics", "stats"),
	[OPT_VERSION] = KW("Version"),
	[OPT_HELP] = KW("help"),
};

static void usage(FILE *f)
{
	size_t i;

	fputs("Usage: ilnp [ OPTIONS ] OBJECT { COMMAND | help }\n"
	      "       ilnp [ OPTIONS ] -b[atch] FILE\n"
	      "       ilnp help [ OBJECT ]\n"
	      "where  OBJECT := { nid | locator | peer | prefix | map | state | stats |\n"
	      "                   monitor | rebind | info }\n"
	      "       OPTIONS := { -j[son] | -p[retty] | -s[tatistics] | -n[etns] NETNS |\n"
	      "                    -V[ersion] | -h[elp] }\n"
	      "\nObjects:\n", f);
	for (i = 0; i < ARRAY_SIZE(objects); i++)
		fprintf(f, "  %-9s %s\n", objects[i].kw.name, objects[i].usage);
}

static void object_usage(const struct ilnp_object *obj, FILE *f)
{
	size_t i;

	for (i = 0; i < obj->nverbs; i++) {
		const struct ilnp_verb *v = &obj->verbs[i];
		/* A lone default verb is optional: "ilnp stats [ show ]" */
		bool opt = obj->nverbs == 1 && (v->kw.flags & ILNP_KW_DEFAULT);

		fprintf(f, "%s ilnp %s", i ? "      " : "Usage:", obj->name);
		if (v->kw.name)
			fprintf(f, opt ? " [ %s ]" : " %s", v->kw.name);
		fprintf(f, "%s%s\n", *v->usage ? " " : "", v->usage);
	}
	if (obj->where)
		fprintf(f, "where  %s", obj->where + strspn(obj->where, " "));
	if (obj->notes)
		fprintf(f, "\n%s", obj->notes);
}

static bool is_help(const char *arg)
{
	return *arg && !strncmp(arg, "help", strlen(arg));
}

int ilnp_dispatch(const struct ilnp_verb *v, int argc, char **argv)
{
	const struct ilnp_object *obj = v->obj;
	const struct ilnp_verb *verbs = obj->verbs;
	char hint[64];
	size_t i;
	int k;

	/* "ilnp nid help", "ilnp nid add help", "ilnp nid h" */
	for (k = 0; k < argc; k++) {
		if (!strcmp(argv[k], "help") || (!k && is_help(argv[k]) &&
		    kw_match(argv[k], verbs, obj->nverbs, sizeof(*verbs), &i))) {
			object_usage(obj, stdout);
			return ILNP_EXIT_OK;
		}
	}
	if (!verbs[0].kw.name)
		return verbs[0].fn(&verbs[0], argc, argv);
	if (!argc) {
		for (i = 0; i < obj->nverbs; i++)
			if (verbs[i].kw.flags & ILNP_KW_DEFAULT)
				break;
		if (i == obj->nverbs)
			usage_error("missing command; try \"ilnp %s help\"",
				    obj->name);
	} else {
		snprintf(hint, sizeof(hint), "ilnp %s help", obj->name);
		i = arg_keyword(argv[0], verbs, obj->nverbs, sizeof(*verbs),
				"command", hint);
		argc--, argv++;
	}
	parse_verb = verbs[i].kw.name;
	return verbs[i].fn(&verbs[i], argc, argv);
}

uint64_t arg_id(const char *s, int attr)
{
	struct ilnp_ilv ilv;

	if (attr != ILNP_A_NID)
		return arg_l64(s);
	arg_nid(s, &ilv);
	return ilv.nid;
}

/* "nid del NID" and friends: exactly one NID or L64, sent as v->attr. */
int verb_id(const struct ilnp_verb *v, int argc, char **argv)
{
	const char *what = v->attr == ILNP_A_NID ? "NID" : "L64";

	return ilnp_simple(v->cmd, v->attr,
			   arg_id(arg_one(argc, argv, what), v->attr));
}

/* "nid show [NID]" and friends: a dump, or a get for one NID or L64. */
int verb_id_show(const struct ilnp_verb *v, int argc, char **argv)
{
	const char *arg = arg_opt(argc, argv);

	return ilnp_show_key(v->cmd, v->attr, arg,
			     arg ? arg_id(arg, v->attr) : 0, v->view);
}

/* No arguments; show the reply (or the dump, with NLM_F_DUMP). */
int verb_show(const struct ilnp_verb *v, int argc, char **argv)
{
	arg_none(argc, argv);
	return ilnp_show(ilnp_msg(v->cmd, v->nlflags), v->view);
}

/* No arguments, no reply: "map flush". */
int verb_simple(const struct ilnp_verb *v, int argc, char **argv)
{
	arg_none(argc, argv);
	return ilnp_simple(v->cmd, 0, 0);
}

static void version(void)
{
	printf("ilnp utility, ilnp-tools %s (generic netlink family \"%s\" version %d)\n",
	       ILNP_TOOLS_VERSION, ILNP_GENL_NAME, ILNP_GENL_VERSION);
}

static const struct ilnp_verb *find_object(const char *arg)
{
	return &objects[arg_keyword(arg, objects, ARRAY_SIZE(objects),
				    sizeof(objects[0]), "object", "ilnp help")];
}

/* "ilnp help [OBJECT]" */
static int help(int argc, char **argv)
{
	const struct ilnp_verb *obj;

	if (!argc) {
		usage(stdout);
		return ILNP_EXIT_OK;
	}
	obj = find_object(argv[0]);
	if (!obj->fn)
		return help(0, argv);
	object_usage(obj->obj, stdout);
	return ILNP_EXIT_OK;
}

/* One command line: OBJECT [ COMMAND [ ARGS ] ] or "help". */
static int run(int argc, char **argv)
{
	const struct ilnp_verb *obj = find_object(argv[0]);

	if (!obj->fn)
		return help(argc - 1, argv + 1);
	parse_object = obj->kw.name;
	parse_verb = NULL;
	return obj->fn(obj, argc - 1, argv + 1);
}

#define BATCH_ARGS_MAX	512

/*
 * "ilnp -batch FILE" ("-" is standard input): one command a line, as after
 * "ilnp [ OPTIONS ]", words separated by blanks, "#" starting a comment.
 * The options given before -batch hold for every line (one network
 * namespace, one netlink socket).  Stops at the first line that fails,
 * which its message names; exits with that line's status.
 */
static int batch(const char *name)
{
	FILE *f = strcmp(name, "-") ? fopen(name, "r") : stdin;
	char *line = NULL, *args[BATCH_ARGS_MAX], *w, *save;
	size_t cap = 0;
	int n, ret = ILNP_EXIT_OK;

	if (!f) {
		fprintf(stderr, "ilnp: cannot open batch file \"%s\": %s\n",
			name, strerror(errno));
		return ILNP_EXIT_USAGE;
	}
	while (getline(&line, &cap, f) >= 0) {
		parse_batch_line++;
		line[strcspn(line, "#")] = '\0';
		n = 0;
		for (w = strtok_r(line, " \t\r\n", &save); w;
		     w = strtok_r(NULL, " \t\r\n", &save)) {
			if (n == BATCH_ARGS_MAX)
				usage_error("more than %d words", BATCH_ARGS_MAX);
			args[n++] = w;
		}
		if (!n)
			continue;
		ret = run(n, args);
		fflush(stdout);
		if (ret != ILNP_EXIT_OK) {
			fprintf(stderr, "ilnp: batch stopped at line %u of %s\n",
				parse_batch_line,
				strcmp(name, "-") ? name : "standard input");
			break;
		}
	}
	free(line);
	if (f != stdin)
		fclose(f);
	return ret;
}

int main(int argc, char **argv)
{
	const char *opt, *batch_file = NULL;
	size_t i;
	int ret;

	for (argc--, argv++; argc > 0 && argv[0][0] == '-'; argc--, argv++) {
		opt = argv[0] + 1 + (argv[0][1] == '-');
		if (!*opt && argv[0][1] == '-') {
			argc--, argv++;
			break;
		}
		if (kw_match(opt, options, ARRAY_SIZE(options),
			     sizeof(options[0]), &i))
			usage_error("unknown option \"%s\"; try \"ilnp help\"",
				    argv[0]);
		switch (i) {
		case OPT_JSON:
			ilnp_opts.json = true;
			break;
		case OPT_PRETTY:
			ilnp_opts.json = ilnp_opts.pretty = true;
			break;
		case OPT_NETNS:
			ilnp_opts.netns = arg_value(&argc, &argv);
			break;
		case OPT_STATS:
			ilnp_opts.stats = true;
			break;
		case OPT_BATCH:
			batch_file = arg_value(&argc, &argv);
			break;
		case OPT_VERSION:
			version();
			return ILNP_EXIT_OK;
		case OPT_HELP:
			usage(stdout);
			return ILNP_EXIT_OK;
		}
	}
	if (batch_file) {
		if (argc)
			usage_error("unexpected argument \"%s\" after -batch FILE",
				    argv[0]);
		ret = batch(batch_file);
	} else if (!argc) {
		usage(stderr);
		return ILNP_EXIT_USAGE;
	} else {
		ret = run(argc, argv);
	}
	ilnp_nl_close();
	return ret;
}
