/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Generic netlink plumbing for ilnp: family resolution, requests with
 * acknowledgements and extended ACK reporting, dumps, and event listening.
 *
 * Messages are built before any socket exists (so that nothing is opened
 * when the command line is bad); the family id is filled in when sent.
 */
#ifndef ILNP_NL_H
#define ILNP_NL_H

#include <stdint.h>

#include <netlink/attr.h>
#include <netlink/msg.h>
#include <linux/ilnp.h>

#include "output.h"

extern const struct nla_policy ilnp_policy[ILNP_A_MAX + 1];

/* Called for every reply or event, with its attributes parsed. */
typedef void (*ilnp_reply_fn)(struct nlattr **tb, uint8_t cmd, void *arg);

struct nl_msg *ilnp_msg(uint8_t cmd, int flags);
/* One with room for payload bytes of attributes, however many. */
struct nl_msg *ilnp_msg_size(uint8_t cmd, int flags, size_t payload);
/* Appends len bytes of ready-made attributes. */
void ilnp_append(struct nl_msg *msg, const void *data, size_t len);
void ilnp_put(struct nl_msg *msg, int type, int len, const void *data);
struct nlattr *ilnp_nest_start(struct nl_msg *msg, int type);

static inline void ilnp_put_u64(struct nl_msg *msg, int type, uint64_t v)
{
	ilnp_put(msg, type, sizeof(v), &v);
}

static inline void ilnp_put_u32(struct nl_msg *msg, int type, uint32_t v)
{
	ilnp_put(msg, type, sizeof(v), &v);
}

static inline void ilnp_put_u8(struct nl_msg *msg, int type, uint8_t v)
{
	ilnp_put(msg, type, sizeof(v), &v);
}

static inline void ilnp_put_u16(struct nl_msg *msg, int type, uint16_t v)
{
	ilnp_put(msg, type, sizeof(v), &v);
}

/*
 * Send msg (and free it), read replies until the ACK or the end of the dump
 * and report errors.  Returns an ILNP_EXIT_* code.
 */
int ilnp_request(struct nl_msg *msg, ilnp_reply_fn fn, void *arg);

/* A request without attributes beyond the optional u64 key. */
int ilnp_simple(uint8_t cmd, int key_attr, uint64_t key);

/* ilnp_request() whose replies are rendered through a view. */
int ilnp_show(struct nl_msg *msg, const struct ilnp_view *view);

/*
 * "show [KEY]": a dump, or a doit for one key attribute when has_key.
 */
int ilnp_show_key(uint8_t cmd, int key_attr, bool has_key, uint64_t key,
		  const struct ilnp_view *view);

/* Subscribe to a multicast group and feed events to fn until a signal. */
int ilnp_listen(const char *group, ilnp_reply_fn fn, void *arg);

/* Switch to the -n namespace (once); done before the socket is opened. */
int ilnp_netns_enter(void);

void ilnp_nl_close(void);

#endif /* ILNP_NL_H */
