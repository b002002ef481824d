// SPDX-License-Identifier: GPL-2.0
/*
 * A hosted NID's state, handed from one hypervisor to the next with its
 * guest:
 *
 * ilnp state export NID > FILE
 * ilnp state import [FILE]    (or < FILE)
 * ilnp state activate NID L64
 * ilnp state deactivate NID
 * ilnp state show [ FILE ]
 *
 * FILE is the attribute payload of ILNP_CMD_STATE_SET, as the uapi header
 * documents it: ILNP_A_STATE_VERSION, ILNP_A_NID, ILNP_A_NID_BORN,
 * ILNP_A_FLAGS and ILNP_A_STATE_PEERS (the ILNP_A_STATE_PEER nests of the
 * STATE_GET dump), in host byte order.  export writes it only once the
 * whole dump came back; import checks its framing before it sends it and
 * the kernel checks the rest (all or nothing); show decodes it without
 * the kernel.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ilnp.h"
#include "nl.h"
#include "state.h"

/* ---- the file ---- */

static void buf_put(struct state_buf *b, const void *data, size_t len)
{
	if (b->len + len > b->alloc) {
		size_t n = b->alloc ? b->alloc : 4096;

		while (n < b->len + len)
			n *= 2;
		b->data = realloc(b->data, n);
		if (!b->data) {
			fputs("ilnp: out of memory\n", stderr);
			exit(ILNP_EXIT_KERNEL);
		}
		b->alloc = n;
	}
	memcpy(b->data + b->len, data, len);
	b->len += len;
}

/* One attribute, padded to NLA_ALIGNTO. */
static void buf_attr(struct state_buf *b, int type, const void *data,
		     size_t len)
{
	static const char pad[NLA_ALIGNTO];
	struct nlattr a = { .nla_len = NLA_HDRLEN + len, .nla_type = type };

	buf_put(b, &a, sizeof(a));
	buf_put(b, data, len);
	buf_put(b, pad, NLA_ALIGN(len) - len);
}

/* The attribute's total length, or 0 if it does not fit in len bytes. */
static size_t attr_fits(const struct nlattr *a, size_t len)
{
	if (len < NLA_HDRLEN || a->nla_len < NLA_HDRLEN || a->nla_len > len)
		return 0;
	return (size_t)NLA_ALIGN(a->nla_len) <= len ? NLA_ALIGN(a->nla_len) :
	       a->nla_len;
}

/*
 * Attributes of a STATE_SET that a file holds, and their sizes.  export
 * always writes all five (STATE_PEERS empty for a NID without peers), so
 * a file cut between two attributes is told from a whole one.
 */
static const struct {
	const char *name;
	int len;		/* exact payload size; 0 for the nest */
	bool required;
} file_attrs[ILNP_A_MAX + 1] = {
	[ILNP_A_STATE_VERSION] = { "version", 4, true },
	[ILNP_A_NID] = { "nid", 8, true },
	[ILNP_A_NID_BORN] = { "born", 8, true },
	[ILNP_A_FLAGS] = { "flags", 4, true },
	[ILNP_A_STATE_PEERS] = { "peers", 0, true },
};

int state_file_parse(const void *data, size_t len, struct nlattr **tb,
		     char *err, size_t errlen)
{
	const struct nlattr *a;
	size_t off, n;
	int type;

	memset(tb, 0, sizeof(*tb) * (ILNP_A_MAX + 1));
	if (!len) {
		snprintf(err, errlen, "empty (no state in it)");
		return -1;
	}
	if (len > ILNP_STATE_FILE_MAX) {
		snprintf(err, errlen, "oversized (%zu bytes, at most %d)", len,
			 ILNP_STATE_FILE_MAX);
		return -1;
	}
	for (off = 0; off < len; off += n) {
		a = (const struct nlattr *)((const char *)data + off);
		n = attr_fits(a, len - off);
		if (!n) {
			snprintf(err, errlen, "truncated or not a state file (a bad attribute at byte %zu)",
				 off);
			return -1;
		}
		type = a->nla_type & NLA_TYPE_MASK;
		if (type > ILNP_A_MAX || !file_attrs[type].name) {
			snprintf(err, errlen, "not a state file (attribute %d at byte %zu)",
				 type, off);
			return -1;
		}
		if (tb[type]) {
			snprintf(err, errlen, "\"%s\" given twice (byte %zu)",
				 file_attrs[type].name, off);
			return -1;
		}
		if (file_attrs[type].len &&
		    nla_len(a) != file_attrs[type].len) {
			snprintf(err, errlen, "\"%s\" is %d bytes, not %d (byte %zu)",
				 file_attrs[type].name, nla_len(a),
				 file_attrs[type].len, off);
			return -1;
		}
		tb[type] = (struct nlattr *)a;
	}
	for (type = 0; type <= ILNP_A_MAX; type++) {
		if (file_attrs[type].required && !tb[type]) {
			snprintf(err, errlen, "truncated or not a state file (no \"%s\")",
				 file_attrs[type].name);
			return -1;
		}
	}
	return 0;
}

/* Reads all of f (at most ILNP_STATE_FILE_MAX + 1 bytes). */
static void read_all(FILE *f, const char *name, struct state_buf *b)
{
	char chunk[4096];
	size_t n;

	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		buf_put(b, chunk, n);
		if (b->len > ILNP_STATE_FILE_MAX)
			break;
	}
	if (ferror(f)) {
		fprintf(stderr, "ilnp: %s: %s\n", name, strerror(errno));
		exit(ILNP_EXIT_USAGE);
	}
}

/* Reads and checks a state file; exits with a message if it is bad. */
static void state_file_load(FILE *f, const char *name, struct state_buf *b,
			    struct nlattr **tb, bool import)
{
	char err[160];

	read_all(f, name, b);
	if (state_file_parse(b->data, b->len, tb, err, sizeof(err))) {
		fprintf(stderr, "ilnp: %s: %s%s\n", name, err,
			import ? "; nothing was sent" : "");
		exit(ILNP_EXIT_USAGE);
	}
}

/* ---- export ---- */

static uint64_t nid_arg(const char *s)
{
	struct ilnp_ilv ilv;

	arg_nid(s, &ilv);
	return ilv.nid;
}

struct export {
	struct state_buf head;	/* VERSION, NID, NID_BORN, FLAGS */
	struct state_buf peers;	/* ILNP_A_STATE_PEER nests */
	bool got_head;
};

static void export_reply(struct nlattr **tb, uint8_t cmd, void *arg)
{
	static const int head_attrs[] = {
		ILNP_A_STATE_VERSION, ILNP_A_NID, ILNP_A_NID_BORN, ILNP_A_FLAGS,
	};
	struct export *e = arg;
	size_t i;

	(void)cmd;
	if (tb[ILNP_A_STATE_VERSION] && !e->got_head) {
		for (i = 0; i < ARRAY_SIZE(head_attrs); i++) {
			struct nlattr *a = tb[head_attrs[i]];

			if (a)
				buf_attr(&e->head, head_attrs[i], nla_data(a),
					 nla_len(a));
		}
		e->got_head = true;
	}
	/* Its type as the kernel sent it: with NLA_F_NESTED. */
	if (tb[ILNP_A_STATE_PEER])
		buf_attr(&e->peers, tb[ILNP_A_STATE_PEER]->nla_type,
			 nla_data(tb[ILNP_A_STATE_PEER]),
			 nla_len(tb[ILNP_A_STATE_PEER]));
}

static int state_export(const struct ilnp_verb *v, int argc, char **argv)
{
	struct export e = { 0 };
	struct nl_msg *msg;
	uint64_t nid;
	int ret;

	nid = nid_arg(arg_one(argc, argv, "NID"));
	if (isatty(STDOUT_FILENO))
		usage_error("the state is binary: redirect it to a file (ilnp state export NID > FILE)");
	/*
	 * The dump's own refusal of an unknown NID comes without its text on
	 * some kernels (the start callback's extended ACK): ask for the NID
	 * first, whose answer names it.
	 */
	ret = ilnp_simple(ILNP_CMD_NID_GET, ILNP_A_NID, nid);
	if (ret)
		return ret;
	msg = ilnp_msg(v->cmd, NLM_F_DUMP);
	ilnp_put_u64(msg, ILNP_A_NID, nid);
	ret = ilnp_request(msg, export_reply, &e);
	if (ret)
		return ret;
	if (!e.got_head) {
		fputs("ilnp: kernel: no state came back; nothing was written\n",
		      stderr);
		return ILNP_EXIT_KERNEL;
	}
	if (NLA_HDRLEN + e.peers.len > 0xffff) {
		fprintf(stderr, "ilnp: the state of this NID (%zu bytes of peers) does not fit one ILNP_A_STATE_PEERS attribute; nothing was written\n",
			e.peers.len);
		return ILNP_EXIT_KERNEL;
	}
	buf_attr(&e.head, ILNP_A_STATE_PEERS | NLA_F_NESTED, e.peers.data,
		 e.peers.len);
	if (fwrite(e.head.data, 1, e.head.len, stdout) != e.head.len ||
	    fflush(stdout)) {
		fprintf(stderr, "ilnp: writing the state: %s\n", strerror(errno));
		return ILNP_EXIT_KERNEL;
	}
	free(e.head.data);
	free(e.peers.data);
	return ILNP_EXIT_OK;
}

/*
 * The state file @name, or standard input for none or "-", loaded and its
 * framing checked (state_file_load()).  Return: ILNP_EXIT_OK, or
 * ILNP_EXIT_USAGE when it cannot be opened.
 */
static int state_file_read(const char *name, struct state_buf *b,
			   struct nlattr **tb, bool import)
{
	FILE *f = stdin;

	if (name && !strcmp(name, "-"))
		name = NULL;
	if (name) {
		f = fopen(name, "rb");
		if (!f) {
			fprintf(stderr, "ilnp: %s: %s\n", name, strerror(errno));
			return ILNP_EXIT_USAGE;
		}
	}
	state_file_load(f, name ? name : "standard input", b, tb, import);
	if (f != stdin)
		fclose(f);
	return ILNP_EXIT_OK;
}

/* ---- import, activate ---- */

/* FILE, or standard input: several imports, a host evacuation, can then go
 * in one -batch. */
static int state_import(const struct ilnp_verb *v, int argc, char **argv)
{
	const char *name = arg_opt(argc, argv);
	struct nlattr *tb[ILNP_A_MAX + 1];
	struct state_buf b = { 0 };
	struct nl_msg *msg;
	int err;

	if ((!name || !strcmp(name, "-")) && isatty(STDIN_FILENO))
		usage_error("the state comes from a file (ilnp state import FILE, or < FILE)");
	err = state_file_read(name, &b, tb, true);
	if (err)
		return err;
	msg = ilnp_msg_size(v->cmd, 0, b.len);
	ilnp_append(msg, b.data, b.len);
	free(b.data);
	return ilnp_request(msg, NULL, NULL);
}

static int state_activate(const struct ilnp_verb *v, int argc, char **argv)
{
	struct nl_msg *msg;
	uint64_t nid, loc;

	nid = nid_arg(arg_first(argc, argv, "NID"));
	loc = arg_l64(arg_one(argc - 1, argv + 1, "L64"));
	msg = ilnp_msg(v->cmd, 0);
	ilnp_put_u64(msg, ILNP_A_NID, nid);
	ilnp_put_u64(msg, ILNP_A_LOC, loc);
	return ilnp_request(msg, NULL, NULL);
}

static int state_deactivate(const struct ilnp_verb *v, int argc, char **argv)
{
	struct nl_msg *msg;
	uint64_t nid;

	nid = nid_arg(arg_one(argc, argv, "NID"));
	msg = ilnp_msg(v->cmd, 0);
	ilnp_put_u64(msg, ILNP_A_NID, nid);
	return ilnp_request(msg, NULL, NULL);
}

/* ---- show: a file decoded ---- */

static const char *const state_names[] = {
	[ILNP_PEER_NEW] = "new",
	[ILNP_PEER_CONFIRMED] = "confirmed",
	[ILNP_PEER_LU_PENDING] = "lu_pending",
	[ILNP_PEER_PLAIN] = "plain",
};

static const char *const pflag_names[] = {
	"static", "plain_ipv6", "verified", "responder",
};

static void show_error(const char *what)
{
	fprintf(stderr, "ilnp: state file: %s\n", what);
	exit(ILNP_EXIT_USAGE);
}

/* Parses nest into tb; every attribute must fit. */
static void nest_parse(const struct nlattr *nest, struct nlattr **tb,
		       const char *what)
{
	const struct nlattr *a;
	size_t off, n, len = nla_len(nest);
	char msg[96];

	memset(tb, 0, sizeof(*tb) * (ILNP_A_MAX + 1));
	for (off = 0; off < len; off += n) {
		a = (const struct nlattr *)((const char *)nla_data(nest) + off);
		n = attr_fits(a, len - off);
		if (!n) {
			snprintf(msg, sizeof(msg), "%s: truncated attribute", what);
			show_error(msg);
		}
		if ((a->nla_type & NLA_TYPE_MASK) <= ILNP_A_MAX)
			tb[a->nla_type & NLA_TYPE_MASK] = (struct nlattr *)a;
	}
}

/* Checks each entry of a list nest: framing and type. */
static void list_check(const struct nlattr *nest, int type, const char *what)
{
	const struct nlattr *a;
	size_t off, n, len = nla_len(nest);
	char msg[96];

	for (off = 0; off < len; off += n) {
		a = (const struct nlattr *)((const char *)nla_data(nest) + off);
		n = attr_fits(a, len - off);
		if (!n || (a->nla_type & NLA_TYPE_MASK) != type) {
			snprintf(msg, sizeof(msg), "%s: truncated or unexpected attribute",
				 what);
			show_error(msg);
		}
	}
}

static uint64_t get_sized(struct nlattr *a, int size, const char *what)
{
	char msg[96];

	if (nla_len(a) != size) {
		snprintf(msg, sizeof(msg), "%s is %d bytes, not %d", what,
			 nla_len(a), size);
		show_error(msg);
	}
	switch (size) {
	case 1:
		return nla_get_u8(a);
	case 2:
		return nla_get_u16(a);
	case 4:
		return nla_get_u32(a);
	default:
		return nla_get_u64(a);
	}
}

static void show_id(struct json *j, const char *key, struct nlattr *a,
		    const char *what)
{
	char buf[ILNP_ID_STRLEN];

	format_id64(get_sized(a, 8, what), buf);
	if (ilnp_opts.json)
		json_str(j, key, buf);
	else
		printf(" %s %s", key, buf);
}

static void show_uint(struct json *j, const char *key, struct nlattr *a,
		      int size)
{
	uint64_t v = get_sized(a, size, key);

	if (ilnp_opts.json)
		json_uint(j, key, v);
	else
		printf(" %s %" PRIu64, key, v);
}

static void show_hex(struct json *j, const char *key, struct nlattr *a)
{
	const unsigned char *p = nla_data(a);
	char buf[2 * 64 + 1] = "";
	int i;

	for (i = 0; i < nla_len(a) && i < 64; i++)
		sprintf(buf + 2 * i, "%02x", p[i]);
	if (ilnp_opts.json)
		json_str(j, key, buf);
	else
		printf(" %s %s", key, buf);
}

/* Bit names (or "0x..") of flags, as a JSON array or "a,b". */
static void show_flags(struct json *j, const char *key, uint32_t v,
		       const char *const *names, size_t nnames, int shift)
{
	bool first = true;
	char hex[16];
	unsigned int i;

	if (ilnp_opts.json)
		json_arr_open(j, key);
	else
		printf(" %s ", key);
	for (i = 0; i < 32; i++) {
		const char *name;

		if (!(v & (1U << i)))
			continue;
		name = i >= (unsigned int)shift && i - shift < nnames ?
		       names[i - shift] : NULL;
		if (!name) {
			snprintf(hex, sizeof(hex), "0x%x", 1U << i);
			name = hex;
		}
		if (ilnp_opts.json)
			json_str(j, NULL, name);
		else
			printf("%s%s", first ? "" : ",", name);
		first = false;
	}
	if (ilnp_opts.json)
		json_arr_close(j);
	else if (first)
		putchar('-');
}

static void show_locs(struct json *j, struct nlattr *nest)
{
	struct nlattr *etb[ILNP_A_MAX + 1], *pos;
	char buf[ILNP_ID_STRLEN];
	bool first = true;
	int rem;

	list_check(nest, ILNP_A_LOC_ENTRY, "locators");
	if (ilnp_opts.json)
		json_arr_open(j, "locators");
	else
		fputs(" locators ", stdout);
	nla_for_each_nested(pos, nest, rem) {
		nest_parse(pos, etb, "a locator");
		if (!etb[ILNP_A_LOC])
			show_error("a locator entry without its locator");
		format_id64(get_sized(etb[ILNP_A_LOC], 8, "a locator"), buf);
		if (ilnp_opts.json) {
			json_obj_open(j, NULL);
			json_str(j, "locator", buf);
			if (etb[ILNP_A_PREF])
				show_uint(j, "pref", etb[ILNP_A_PREF], 2);
			if (etb[ILNP_A_LIFETIME])
				show_uint(j, "lifetime", etb[ILNP_A_LIFETIME], 4);
			json_obj_close(j);
		} else {
			printf("%s%s", first ? "" : ",", buf);
			if (etb[ILNP_A_PREF])
				printf("/%" PRIu64, get_sized(etb[ILNP_A_PREF],
							      2, "pref"));
		}
		first = false;
	}
	if (ilnp_opts.json)
		json_arr_close(j);
}

static void show_hist(struct json *j, struct nlattr *nest)
{
	char buf[ILNP_ID_STRLEN];
	struct nlattr *pos;
	bool first = true;
	int rem;

	list_check(nest, ILNP_A_LOC, "earlier locators");
	if (ilnp_opts.json)
		json_arr_open(j, "history");
	else
		fputs(" history ", stdout);
	nla_for_each_nested(pos, nest, rem) {
		format_id64(get_sized(pos, 8, "an earlier locator"), buf);
		if (ilnp_opts.json)
			json_str(j, NULL, buf);
		else
			printf("%s%s", first ? "" : ",", buf);
		first = false;
	}
	if (!ilnp_opts.json && first)
		putchar('-');
	if (ilnp_opts.json)
		json_arr_close(j);
}

static void show_flows(struct json *j, struct nlattr *nest)
{
	struct nlattr *ftb[ILNP_A_MAX + 1], *pos;
	unsigned int n = 0;
	int rem;

	list_check(nest, ILNP_A_STATE_FLOW, "session views");
	if (ilnp_opts.json)
		json_arr_open(j, "flows");
	nla_for_each_nested(pos, nest, rem) {
		n++;
		nest_parse(pos, ftb, "a session view");
		if (!ilnp_opts.json)
			continue;
		json_obj_open(j, NULL);
		if (ftb[ILNP_A_PROTO])
			show_uint(j, "proto", ftb[ILNP_A_PROTO], 1);
		if (ftb[ILNP_A_LPORT])
			json_uint(j, "lport", ntohs(get_sized(ftb[ILNP_A_LPORT],
							      2, "lport")));
		if (ftb[ILNP_A_PPORT])
			json_uint(j, "pport", ntohs(get_sized(ftb[ILNP_A_PPORT],
							      2, "pport")));
		if (ftb[ILNP_A_LOCAL_VIEW])
			show_id(j, "local_view", ftb[ILNP_A_LOCAL_VIEW],
				"a session's local view");
		if (ftb[ILNP_A_PEER_VIEW])
			show_id(j, "peer_view", ftb[ILNP_A_PEER_VIEW],
				"a session's peer view");
		json_bool(j, "plain", ftb[ILNP_A_FLAGS] &&
			  (get_sized(ftb[ILNP_A_FLAGS], 4, "flags") &
			   ILNP_FLOW_F_PLAIN));
		json_obj_close(j);
	}
	if (ilnp_opts.json)
		json_arr_close(j);
	else
		printf(" flows %u", n);
}

static void show_peer(struct json *j, struct nlattr *nest)
{
	struct nlattr *tb[ILNP_A_MAX + 1];
	unsigned int st;

	nest_parse(nest, tb, "a peer");
	if (!tb[ILNP_A_NID])
		show_error("a peer without its NID");
	if (ilnp_opts.json)
		json_obj_open(j, NULL);
	else
		fputs("peer", stdout);
	show_id(j, "nid", tb[ILNP_A_NID], "a peer's NID");
	if (tb[ILNP_A_PEER_STATE]) {
		st = get_sized(tb[ILNP_A_PEER_STATE], 1, "state");
		if (st < ARRAY_SIZE(state_names)) {
			if (ilnp_opts.json)
				json_str(j, "state", state_names[st]);
			else
				printf(" state %s", state_names[st]);
		} else {
			show_uint(j, "state", tb[ILNP_A_PEER_STATE], 1);
		}
	}
	if (tb[ILNP_A_PEER_FLAGS])
		show_flags(j, "flags", get_sized(tb[ILNP_A_PEER_FLAGS], 4,
						 "flags"),
			   pflag_names, ARRAY_SIZE(pflag_names), 0);
	if (tb[ILNP_A_PEER_LOCS])
		show_locs(j, tb[ILNP_A_PEER_LOCS]);
	if (tb[ILNP_A_PEER_HIST])
		show_hist(j, tb[ILNP_A_PEER_HIST]);
	if (tb[ILNP_A_NONCE_LOCAL])
		show_hex(j, "nonce_local", tb[ILNP_A_NONCE_LOCAL]);
	if (tb[ILNP_A_NONCE_REMOTE])
		show_hex(j, "nonce_remote", tb[ILNP_A_NONCE_REMOTE]);
	if (tb[ILNP_A_RTT_US])
		show_uint(j, "rtt_us", tb[ILNP_A_RTT_US], 4);
	if (tb[ILNP_A_RTTVAR_US])
		show_uint(j, "rttvar_us", tb[ILNP_A_RTTVAR_US], 4);
	if (tb[ILNP_A_STATE_FLOWS])
		show_flows(j, tb[ILNP_A_STATE_FLOWS]);
	if (ilnp_opts.json)
		json_obj_close(j);
	else
		putchar('\n');
}

static const char *const nflag_names[] = { "hosted", "inactive" };

static int state_show(const struct ilnp_verb *v, int argc, char **argv)
{
	const char *name = arg_opt(argc, argv);
	struct nlattr *tb[ILNP_A_MAX + 1], *pos;
	struct state_buf b = { 0 };
	struct json j;
	int rem;

	(void)v;
	if (state_file_read(name, &b, tb, false))
		return ILNP_EXIT_USAGE;
	if (tb[ILNP_A_STATE_PEERS])
		list_check(tb[ILNP_A_STATE_PEERS], ILNP_A_STATE_PEER, "peers");

	json_init(&j, stdout, ilnp_opts.pretty);
	if (ilnp_opts.json)
		json_obj_open(&j, NULL);
	else
		fputs("state", stdout);
	show_uint(&j, "version", tb[ILNP_A_STATE_VERSION], 4);
	show_id(&j, "nid", tb[ILNP_A_NID], "the NID");
	show_id(&j, "born", tb[ILNP_A_NID_BORN], "the born locator");
	show_flags(&j, "flags", tb[ILNP_A_FLAGS] ?
		   nla_get_u32(tb[ILNP_A_FLAGS]) : 0, nflag_names,
		   ARRAY_SIZE(nflag_names),
		   __builtin_ctz(ILNP_NID_F_HOSTED));
	if (ilnp_opts.json)
		json_arr_open(&j, "peers");
	else
		putchar('\n');
	if (tb[ILNP_A_STATE_PEERS])
		nla_for_each_nested(pos, tb[ILNP_A_STATE_PEERS], rem)
			show_peer(&j, pos);
	if (ilnp_opts.json) {
		json_arr_close(&j);
		json_obj_close(&j);
	}
	free(b.data);
	return ILNP_EXIT_OK;
}

static const struct ilnp_verb state_verbs[] = {
	VERB(KW("export"), state_export, "NID > FILE",
	     .cmd = ILNP_CMD_STATE_GET),
	VERB(KW("import"), state_import, "[ FILE ]", .cmd = ILNP_CMD_STATE_SET),
	VERB(KW("activate"), state_activate, "NID L64",
	     .cmd = ILNP_CMD_STATE_ACTIVATE),
	VERB(KW("deactivate"), state_deactivate, "NID",
	     .cmd = ILNP_CMD_STATE_DEACTIVATE),
	VERB(KW_SHOW, state_show, "[ FILE ]"),
};

const struct ilnp_object ilnp_state = ILNP_OBJECT("state", state_verbs,
	ILNP_WHERE_NID ILNP_WHERE_L64
	"       FILE := what \"export\" wrote (\"-\" or none: standard input)\n",
	"The state of a hosted NID (its correspondents, both nonces of each,\n"
	"their RTT estimates and session views) moves with its guest: \"export\"\n"
	"writes it on the source host, \"import\" installs it, hosted and\n"
	"inactive, on the destination, where \"activate\" makes it live at L64\n"
	"and sends its Locator Updates.  At a migration's cut-over the source\n"
	"first runs \"deactivate\" (the NID stops: an export then is final).\n"
	"The file holds session secrets: export, import, activate and\n"
	"deactivate need CAP_NET_ADMIN.  \"show\" decodes a file\n"
	"without the kernel.  A bad file is refused whole: nothing changes.\n");
