// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink plumbing for ilnp.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include "ilnp.h"
#include "nl.h"

/* Room for a peer with ILNP_LOCSET_MAX locators (32 bytes each), and more. */
#define ILNP_MSG_SIZE	16384

const struct nla_policy ilnp_policy[ILNP_A_MAX + 1] = {
	[ILNP_A_VERSION]	= { .type = NLA_STRING },
	[ILNP_A_NID]		= { .type = NLA_U64 },
	[ILNP_A_LOC]		= { .type = NLA_U64 },
	[ILNP_A_OLD_LOC]	= { .type = NLA_U64 },
	[ILNP_A_PREF]		= { .type = NLA_U16 },
	[ILNP_A_LIFETIME]	= { .type = NLA_U32 },
	[ILNP_A_IFINDEX]	= { .type = NLA_U32 },
	[ILNP_A_FLAGS]		= { .type = NLA_U32 },
	[ILNP_A_PEER_LOCS]	= { .type = NLA_NESTED },
	[ILNP_A_LOC_ENTRY]	= { .type = NLA_NESTED },
	[ILNP_A_PEER_STATE]	= { .type = NLA_U8 },
	[ILNP_A_PEER_FLAGS]	= { .type = NLA_U32 },
	[ILNP_A_PEER_STATS]	= { .type = NLA_NESTED },
	[ILNP_A_NONCE_LOCAL]	= { .minlen = 4, .maxlen = 12 },
	[ILNP_A_NONCE_REMOTE]	= { .minlen = 4, .maxlen = 12 },
	[ILNP_A_MAP_EXT_LOC]	= { .type = NLA_U64 },
	[ILNP_A_MAP_INT_LOC]	= { .type = NLA_U64 },
	[ILNP_A_STATS]		= { .type = NLA_NESTED },
	[ILNP_A_NID_COUNT]	= { .type = NLA_U32 },
	[ILNP_A_LOC_COUNT]	= { .type = NLA_U32 },
	[ILNP_A_PEER_COUNT]	= { .type = NLA_U32 },
	[ILNP_A_MAP_COUNT]	= { .type = NLA_U32 },
	[ILNP_A_TRIES]		= { .type = NLA_U32 },
	[ILNP_A_RTT_US]		= { .type = NLA_U32 },
	[ILNP_A_ADDR]		= { .minlen = 16, .maxlen = 16 },
	[ILNP_A_LOCAL_NID]	= { .type = NLA_U64 },
	[ILNP_A_PREFIX_LEN]	= { .type = NLA_U8 },
	[ILNP_A_MAP_SEQ]	= { .type = NLA_U64 },
	[ILNP_A_MAP_AGE_MS]	= { .type = NLA_U64 },
	[ILNP_A_MAP_STATS]	= { .type = NLA_NESTED },
	[ILNP_A_NID_BORN]	= { .type = NLA_U64 },
	[ILNP_A_NID_LOCS]	= { .type = NLA_NESTED },
	[ILNP_A_STATE_VERSION]	= { .type = NLA_U32 },
	[ILNP_A_STATE_PEERS]	= { .type = NLA_NESTED },
	[ILNP_A_STATE_PEER]	= { .type = NLA_NESTED },
	[ILNP_A_PEER_HIST]	= { .type = NLA_NESTED },
	[ILNP_A_RTTVAR_US]	= { .type = NLA_U32 },
	[ILNP_A_STATE_FLOWS]	= { .type = NLA_NESTED },
	[ILNP_A_STATE_FLOW]	= { .type = NLA_NESTED },
	[ILNP_A_PROTO]		= { .type = NLA_U8 },
	[ILNP_A_LPORT]		= { .type = NLA_U16 },
	[ILNP_A_PPORT]		= { .type = NLA_U16 },
	[ILNP_A_LOCAL_VIEW]	= { .type = NLA_U64 },
	[ILNP_A_PEER_VIEW]	= { .type = NLA_U64 },
};

static struct nl_sock *sock;
static int family;

/* What came back for one request. */
struct ilnp_req {
	ilnp_reply_fn fn;
	void *arg;
	bool done;
	int error;		/* positive errno the kernel returned */
	char msg[256];		/* its extended ACK text, if any */
	int miss_type;		/* attribute the kernel missed, or -1 */
	unsigned int malformed;	/* replies that failed ilnp_policy */
};

static void __attribute__((noreturn)) oom(void)
{
	fputs("ilnp: out of memory\n", stderr);
	exit(ILNP_EXIT_KERNEL);
}

struct nl_msg *ilnp_msg(uint8_t cmd, int flags)
{
	return ilnp_msg_size(cmd, flags, 0);
}

struct nl_msg *ilnp_msg_size(uint8_t cmd, int flags, size_t payload)
{
	struct nl_msg *msg = nlmsg_alloc_size(payload + ILNP_MSG_SIZE);

	if (!msg)
		oom();
	/* Family 0 for now: ilnp_request() fills in the resolved id. */
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, 0, 0, flags, cmd,
			 ILNP_GENL_VERSION))
		oom();
	return msg;
}

void ilnp_put(struct nl_msg *msg, int type, int len, const void *data)
{
	if (nla_put(msg, type, len, data) < 0)
		oom();
}

void ilnp_append(struct nl_msg *msg, const void *data, size_t len)
{
	if (nlmsg_append(msg, (void *)data, len, NLA_ALIGNTO) < 0)
		oom();
}

struct nlattr *ilnp_nest_start(struct nl_msg *msg, int type)
{
	struct nlattr *nest = nla_nest_start(msg, type);

	if (!nest)
		oom();
	return nest;
}

/* -n NETNS: like "ip -n", a name under /run/netns (or a path). */
int ilnp_netns_enter(void)
{
	const char *name = ilnp_opts.netns;
	static bool entered;
	char path[256];
	int fd;

	if (!name || entered)
		return ILNP_EXIT_OK;
	entered = true;

	snprintf(path, sizeof(path), "%s%s", strchr(name, '/') ? "" :
		 "/run/netns/", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "ilnp: cannot open network namespace \"%s\": %s\n",
			name, strerror(errno));
		return ILNP_EXIT_KERNEL;
	}
	if (setns(fd, CLONE_NEWNET) < 0) {
		fprintf(stderr, "ilnp: cannot enter network namespace \"%s\": %s%s\n",
			name, strerror(errno),
			errno == EPERM ? " (this needs root or CAP_SYS_ADMIN)" : "");
		close(fd);
		return ILNP_EXIT_KERNEL;
	}
	close(fd);
	return ILNP_EXIT_OK;
}

static int nl_fail(const char *what, int err)
{
	fprintf(stderr, "ilnp: %s: %s\n", what, nl_geterror(err));
	return ILNP_EXIT_KERNEL;
}

static int nl_open(void)
{
	int one = 1, err;

	if (sock)
		return ILNP_EXIT_OK;
	err = ilnp_netns_enter();
	if (err)
		return err;
	sock = nl_socket_alloc();
	if (!sock)
		oom();
	/* Replies bigger than a page (a peer's state) are read whole. */
	nl_socket_enable_msg_peek(sock);
	err = genl_connect(sock);
	if (err < 0)
		return nl_fail("netlink", err);
	/* Older kernels lack these; errors then stay without text. */
	setsockopt(nl_socket_get_fd(sock), SOL_NETLINK, NETLINK_EXT_ACK,
		   &one, sizeof(one));
	setsockopt(nl_socket_get_fd(sock), SOL_NETLINK, NETLINK_CAP_ACK,
		   &one, sizeof(one));

	family = genl_ctrl_resolve(sock, ILNP_GENL_NAME);
	if (family == -NLE_OBJ_NOTFOUND) {
		fprintf(stderr, "ilnp: generic netlink family \"%s\" not found (is the ilnp module loaded? try: modprobe ilnp)\n",
			ILNP_GENL_NAME);
		return ILNP_EXIT_KERNEL;
	}
	if (family < 0)
		return nl_fail("resolving generic netlink family", family);
	return ILNP_EXIT_OK;
}

void ilnp_nl_close(void)
{
	nl_socket_free(sock);
	sock = NULL;
}

/*
 * Extended ACK TLVs follow a header of hlen bytes in the payload of an
 * NLMSG_ERROR or NLMSG_DONE message.  libnl 3.7 does not parse them.
 */
static void extack_parse(struct nlmsghdr *nlh, size_t hlen, struct ilnp_req *r)
{
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	size_t len = nlmsg_datalen(nlh);

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS) || NLMSG_ALIGN(hlen) >= len)
		return;
	if (nla_parse(tb, NLMSGERR_ATTR_MAX,
		      (struct nlattr *)((char *)nlmsg_data(nlh) + NLMSG_ALIGN(hlen)),
		      len - NLMSG_ALIGN(hlen), NULL))
		return;
	if (tb[NLMSGERR_ATTR_MSG])
		nla_strlcpy(r->msg, tb[NLMSGERR_ATTR_MSG], sizeof(r->msg));
	if (tb[NLMSGERR_ATTR_MISS_TYPE] &&
	    nla_len(tb[NLMSGERR_ATTR_MISS_TYPE]) >= (int)sizeof(uint32_t))
		r->miss_type = nla_get_u32(tb[NLMSGERR_ATTR_MISS_TYPE]);
}

/* NLMSG_ERROR, with error 0 (ACK) or not: errno, then extack. */
static int ack_parse(struct nlmsghdr *nlh, struct ilnp_req *r)
{
	struct nlmsgerr *e = nlmsg_data(nlh);
	size_t hlen = sizeof(*e);

	if (!(nlh->nlmsg_flags & NLM_F_CAPPED) &&
	    e->msg.nlmsg_len >= NLMSG_HDRLEN)
		hlen += e->msg.nlmsg_len - NLMSG_HDRLEN;
	r->error = -e->error;
	extack_parse(nlh, hlen, r);
	r->done = true;
	return NL_STOP;
}

static int err_cb(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	(void)nla;
	/* libnl hands us the payload; the header is right before it. */
	return ack_parse((struct nlmsghdr *)((char *)e - NLMSG_HDRLEN), arg);
}

static int ack_cb(struct nl_msg *msg, void *arg)
{
	return ack_parse(nlmsg_hdr(msg), arg);
}

/* NLMSG_DONE carries the dump's error (and extack) since Linux 4.19. */
static int finish_cb(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct ilnp_req *r = arg;
	int err;

	if (nlmsg_datalen(nlh) >= (int)sizeof(err)) {
		memcpy(&err, nlmsg_data(nlh), sizeof(err));
		if (err < 0) {
			r->error = -err;
			extack_parse(nlh, sizeof(err), r);
		}
	}
	r->done = true;
	return NL_STOP;
}

static int valid_cb(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct nlattr *tb[ILNP_A_MAX + 1];
	struct ilnp_req *r = arg;

	if (genlmsg_parse(nlh, 0, tb, ILNP_A_MAX, ilnp_policy) < 0) {
		r->malformed++;
		return NL_SKIP;
	}
	if (r->fn)
		r->fn(tb, genlmsg_hdr(nlh)->cmd, r->arg);
	return NL_OK;
}

static struct nl_cb *req_cb(struct ilnp_req *r)
{
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);

	if (!cb)
		oom();
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, valid_cb, r);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, ack_cb, r);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, finish_cb, r);
	nl_cb_err(cb, NL_CB_CUSTOM, err_cb, r);
	return cb;
}

/* One line on stderr for what went wrong; returns the exit status. */
static int req_report(const struct ilnp_req *r, int nlerr)
{
	const char *attr = ilnp_attr_name(r->miss_type);

	if (!r->error && nlerr < 0)
		return nl_fail("netlink", nlerr);
	if (!r->error) {
		if (r->msg[0])
			fprintf(stderr, "ilnp: kernel warning: %s\n", r->msg);
		if (!r->malformed)
			return ILNP_EXIT_OK;
		fprintf(stderr, "ilnp: skipped %u malformed message(s) from the kernel\n",
			r->malformed);
		return ILNP_EXIT_KERNEL;
	}

	if (r->error == EPERM)
		fprintf(stderr, "ilnp: kernel: %s (this needs root or CAP_NET_ADMIN)\n",
			r->msg[0] ? r->msg : strerror(EPERM));
	else if (r->error == EOPNOTSUPP && !r->msg[0])
		/* The core's answer to a command the family lacks. */
		fprintf(stderr, "ilnp: kernel: \"%s%s%s\" is not supported by this ilnp module (not implemented yet, or older than the tool)\n",
			parse_object ? parse_object : "command",
			parse_verb ? " " : "", parse_verb ? parse_verb : "");
	else if (r->msg[0])
		fprintf(stderr, "ilnp: kernel: %s\n", r->msg);
	else if (attr)
		fprintf(stderr, "ilnp: kernel: %s (missing attribute \"%s\")\n",
			strerror(r->error), attr);
	else if (r->miss_type >= 0)
		fprintf(stderr, "ilnp: kernel: %s (missing attribute %d)\n",
			strerror(r->error), r->miss_type);
	else
		fprintf(stderr, "ilnp: kernel: %s\n", strerror(r->error));
	return ILNP_EXIT_KERNEL;
}

int ilnp_request(struct nl_msg *msg, ilnp_reply_fn fn, void *arg)
{
	struct ilnp_req r = { .fn = fn, .arg = arg, .miss_type = -1 };
	struct nl_cb *cb;
	int err;

	err = nl_open();
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	nlmsg_hdr(msg)->nlmsg_type = family;
	err = nl_send_auto(sock, msg);
	nlmsg_free(msg);
	if (err < 0)
		return nl_fail("sending request", err);

	cb = req_cb(&r);
	while (!r.done && err >= 0)
		err = nl_recvmsgs(sock, cb);
	nl_cb_put(cb);
	return req_report(&r, err);
}

int ilnp_simple(uint8_t cmd, int key_attr, uint64_t key)
{
	struct nl_msg *msg = ilnp_msg(cmd, 0);

	if (key_attr)
		ilnp_put_u64(msg, key_attr, key);
	return ilnp_request(msg, NULL, NULL);
}

static void show_row(struct nlattr **tb, uint8_t cmd, void *arg)
{
	struct ilnp_out *o = arg;

	(void)cmd;
	out_row(o, o->view, tb, NULL);
}

int ilnp_show(struct nl_msg *msg, const struct ilnp_view *view)
{
	struct ilnp_out o;
	int ret;

	out_begin(&o, view);
	ret = ilnp_request(msg, show_row, &o);
	out_end(&o, ret == ILNP_EXIT_OK);
	return ret;
}

int ilnp_show_key(uint8_t cmd, int key_attr, bool has_key, uint64_t key,
		  const struct ilnp_view *view)
{
	struct nl_msg *msg = ilnp_msg(cmd, has_key ? 0 : NLM_F_DUMP);

	if (has_key)
		ilnp_put_u64(msg, key_attr, key);
	return ilnp_show(msg, view);
}

static volatile sig_atomic_t listen_stop;

static void listen_signal(int sig)
{
	(void)sig;
	listen_stop = 1;
}

/* Wait for events; SIGINT/SIGTERM only interrupt ppoll(), never a parse. */
static int listen_loop(struct nl_cb *cb)
{
	struct pollfd pfd = { .fd = nl_socket_get_fd(sock), .events = POLLIN };
	struct sigaction sa = { .sa_handler = listen_signal };
	sigset_t block, orig;
	int err;

	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, &orig);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	while (!listen_stop) {
		if (ppoll(&pfd, 1, NULL, &orig) < 0) {
			if (errno == EINTR)
				continue;
			perror("ilnp: poll");
			return ILNP_EXIT_KERNEL;
		}
		err = nl_recvmsgs(sock, cb);
		if (err == -NLE_NOMEM) {
			/* ENOBUFS: the kernel dropped events for us. */
			fputs("ilnp: receive buffer overrun, events lost\n",
			      stderr);
		} else if (err < 0 && err != -NLE_AGAIN) {
			return nl_fail("receiving events", err);
		}
	}
	return ILNP_EXIT_OK;
}

/* Events are not replies: they carry sequence number 0. */
static int seq_any(struct nl_msg *msg, void *arg)
{
	(void)msg;
	(void)arg;
	return NL_OK;
}

int ilnp_listen(const char *group, ilnp_reply_fn fn, void *arg)
{
	struct ilnp_req r = { .fn = fn, .arg = arg, .miss_type = -1 };
	struct nl_cb *cb;
	int grp, err;

	err = nl_open();
	if (err)
		return err;
	grp = genl_ctrl_resolve_grp(sock, ILNP_GENL_NAME, group);
	if (grp < 0) {
		fprintf(stderr, "ilnp: multicast group \"%s\" of family \"%s\" not found: %s\n",
			group, ILNP_GENL_NAME, nl_geterror(grp));
		return ILNP_EXIT_KERNEL;
	}
	err = nl_socket_add_membership(sock, grp);
	if (err == -NLE_PERM) {
		/* The events name correspondents: admins only. */
		fprintf(stderr, "ilnp: cannot join multicast group \"%s\": %s (this needs root or CAP_NET_ADMIN)\n",
			group, nl_geterror(err));
		return ILNP_EXIT_KERNEL;
	}
	if (err < 0)
		return nl_fail("joining multicast group", err);
	nl_socket_set_nonblocking(sock);

	/*
	 * Our own callbacks, not the socket's: nl_socket_disable_seq_check()
	 * would not reach them, and the first event would fail the check.
	 */
	cb = req_cb(&r);
	nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, seq_any, NULL);
	err = listen_loop(cb);
	nl_cb_put(cb);
	return err;
}
