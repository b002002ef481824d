// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink family "ilnp": see include/uapi/linux/ilnp.h for the
 * contract.  This file holds the family (policy, operations, multicast
 * group), what every handler shares (nl.h) and the event notifications;
 * the handlers of each object are in nl_local.c, nl_peer.c, nl_info.c.
 */
#include <linux/netdevice.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "ilnp.h"
#include "genl.h"
#include "ilcc.h"
#include "netns.h"
#include "nl.h"
#include "ratelimit.h"

static struct genl_family ilnp_family;

/*
 * Timers and works may still raise events while the module goes away,
 * after the family is unregistered and before the namespaces stop them.
 */
static bool ilnp_genl_up;

enum { ILNP_MCGRP_EVENTS_ID };

/* Events name correspondents and the sources of forged packets. */
static const struct genl_multicast_group ilnp_mcgrps[] = {
	[ILNP_MCGRP_EVENTS_ID] = { .name = ILNP_MCGRP_EVENTS,
				   .flags = GENL_MCAST_CAP_NET_ADMIN },
};

const struct nla_policy ilnp_nl_loc_entry_policy[ILNP_A_MAX + 1] = {
	[ILNP_A_LOC]		= { .type = NLA_U64 },
	[ILNP_A_PREF]		= { .type = NLA_U16 },
	[ILNP_A_LIFETIME]	= { .type = NLA_U32 },
};

static const struct nla_policy ilnp_policy[ILNP_A_MAX + 1] = {
	[ILNP_A_NID]		= { .type = NLA_U64 },
	[ILNP_A_LOCAL_NID]	= { .type = NLA_U64 },
	[ILNP_A_LOC]		= { .type = NLA_U64 },
	[ILNP_A_OLD_LOC]	= { .type = NLA_U64 },
	[ILNP_A_PREF]		= { .type = NLA_U16 },
	[ILNP_A_LIFETIME]	= { .type = NLA_U32 },
	[ILNP_A_IFINDEX]	= { .type = NLA_U32 },
	[ILNP_A_FLAGS]		= NLA_POLICY_MASK(NLA_U32, ILNP_F_FLUSH_ALL |
						  ILNP_MAP_F_ILNP |
						  ILNP_MAP_F_POINTER |
						  ILNP_NID_F_HOSTED |
						  ILNP_NID_F_AUTO),
	[ILNP_A_PEER_LOCS]	= NLA_POLICY_NESTED_ARRAY(ilnp_nl_loc_entry_policy),
	[ILNP_A_ADDR]		= NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[ILNP_A_PREFIX_LEN]	= NLA_POLICY_MAX(NLA_U8, 128),
	[ILNP_A_MAP_EXT_LOC]	= { .type = NLA_U64 },
	[ILNP_A_MAP_INT_LOC]	= { .type = NLA_U64 },
	[ILNP_A_MAP_SEQ]	= { .type = NLA_U64 },
	[ILNP_A_NID_BORN]	= { .type = NLA_U64 },
	[ILNP_A_STATE_VERSION]	= { .type = NLA_U32 },
	[ILNP_A_STATE_PEERS]	= NLA_POLICY_NESTED_ARRAY(ilnp_nl_state_peer_policy),
};

/* ---- what the handlers share ---- */

struct ilnp_net *ilnp_nl_net(struct genl_info *info)
{
	return ilnp_pernet(genl_info_net(info));
}

void *ilnp_nl_put(struct sk_buff *skb, u32 portid, u32 seq, int flags, u8 cmd)
{
	return genlmsg_put(skb, portid, seq, &ilnp_family, flags, cmd);
}

/* A required NID attribute of @type; zero is not a NID. */
int ilnp_nl_get_nid(struct genl_info *info, int type, u64 *nid)
{
	if (GENL_REQ_ATTR_CHECK(info, type))
		return -EINVAL;
	*nid = nla_get_u64(info->attrs[type]);
	if (!*nid) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[type],
				    "NID must not be zero");
		return -EINVAL;
	}
	return 0;
}

/* A required locator attribute of @type. */
int ilnp_nl_get_loc(struct genl_info *info, int type, u64 *loc)
{
	if (GENL_REQ_ATTR_CHECK(info, type))
		return -EINVAL;
	*loc = nla_get_u64(info->attrs[type]);
	if (!ilnp_loc_valid(*loc)) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[type],
				    "Locator must be a unicast L64, not zero, multicast or link-local");
		return -EINVAL;
	}
	return 0;
}

/**
 * ilnp_nl_get_locset() - a locator set from a nest of ILNP_A_LOC_ENTRY
 * @nest:   the nest (PEER_LOCS, or a state's)
 * @extack: for the error message
 *
 * 1 to ILNP_LOCSET_MAX unicast L64s, none twice; sorted.
 */
struct ilnp_locset *ilnp_nl_get_locset(const struct nlattr *nest,
				       struct netlink_ext_ack *extack)
{
	struct nlattr *tb[ILNP_A_MAX + 1];
	struct ilnp_locset *set;
	struct nlattr *entry;
	unsigned int n = 0;
	int rem, err;

	nla_for_each_nested(entry, nest, rem)
		n++;
	if (!n || n > ILNP_LOCSET_MAX) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "A peer needs 1 to 64 locators");
		return ERR_PTR(-EINVAL);
	}
	set = ilnp_locset_alloc(n, GFP_KERNEL_ACCOUNT);
	if (!set)
		return ERR_PTR(-ENOMEM);

	n = 0;
	nla_for_each_nested(entry, nest, rem) {
		struct ilnp_loc *l = &set->locs[n++];

		err = -EINVAL;
		if (nla_type(entry) != ILNP_A_LOC_ENTRY) {
			NL_SET_ERR_MSG_ATTR(extack, entry,
					    "Expected ILNP_A_LOC_ENTRY");
			goto err;
		}
		err = nla_parse_nested(tb, ILNP_A_MAX, entry,
				       ilnp_nl_loc_entry_policy, extack);
		if (err)
			goto err;
		err = -EINVAL;
		if (!tb[ILNP_A_LOC]) {
			NL_SET_ERR_MSG_ATTR(extack, entry,
					    "Locator entry without ILNP_A_LOC");
			goto err;
		}
		l->loc = nla_get_u64(tb[ILNP_A_LOC]);
		if (!ilnp_loc_valid(l->loc)) {
			NL_SET_ERR_MSG_ATTR(extack, tb[ILNP_A_LOC],
					    "Locator must be a unicast L64, not zero, multicast or link-local");
			goto err;
		}
		if (ilnp_locset_find(set, l->loc) < (int)n - 1) {
			NL_SET_ERR_MSG_ATTR(extack, tb[ILNP_A_LOC],
					    "Duplicate locator");
			goto err;
		}
		l->pref = tb[ILNP_A_PREF] ? nla_get_u16(tb[ILNP_A_PREF]) :
					    ILNP_DEFAULT_PREF;
		l->lifetime = tb[ILNP_A_LIFETIME] ?
			      nla_get_u32(tb[ILNP_A_LIFETIME]) : 0;
	}
	ilnp_locset_sort(set);
	return set;
err:
	kfree(set);
	return ERR_PTR(err);
}

int ilnp_nl_put_loc(struct sk_buff *skb, const struct ilnp_loc *l, bool local)
{
	if (nla_put_u64_64bit(skb, ILNP_A_LOC, l->loc, ILNP_A_PAD) ||
	    nla_put_u16(skb, ILNP_A_PREF, l->pref) ||
	    nla_put_u32(skb, ILNP_A_LIFETIME, l->lifetime) ||
	    (local && nla_put_u32(skb, ILNP_A_IFINDEX, l->ifindex)))
		return -EMSGSIZE;
	return 0;
}

int ilnp_nl_put_locset(struct sk_buff *skb, int type,
		       const struct ilnp_locset *set)
{
	struct nlattr *nest, *entry;
	unsigned int i;

	nest = nla_nest_start(skb, type);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; set && i < set->n; i++) {
		entry = nla_nest_start(skb, ILNP_A_LOC_ENTRY);
		if (!entry || ilnp_nl_put_loc(skb, &set->locs[i], false))
			goto err;
		nla_nest_end(skb, entry);
	}
	nla_nest_end(skb, nest);
	return 0;
err:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

int ilnp_nl_fill_loc(struct sk_buff *skb, u32 portid, u32 seq, int flags,
		     u8 cmd, const struct ilnp_loc *l, u32 lflags)
{
	void *hdr = ilnp_nl_put(skb, portid, seq, flags, cmd);

	if (!hdr)
		return -EMSGSIZE;
	if (ilnp_nl_put_loc(skb, l, true) ||
	    (lflags && nla_put_u32(skb, ILNP_A_FLAGS, lflags))) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/*
 * Reply to a doit GET with one object built by @fill.  Every object fits
 * a page: locator sets hold at most ILNP_LOCSET_MAX entries.
 */
int ilnp_nl_reply(struct genl_info *info,
		  int (*fill)(struct sk_buff *skb, struct genl_info *info,
			      void *arg),
		  void *arg)
{
	struct sk_buff *msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	int err;

	if (!msg)
		return -ENOMEM;
	err = fill(msg, info, arg);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

/* ---- resumable rhashtable dumps ---- */

int ilnp_nl_dump_start(struct netlink_callback *cb, struct rhashtable *ht)
{
	struct rhashtable_iter *iter = kmalloc(sizeof(*iter), GFP_KERNEL);

	if (!iter)
		return -ENOMEM;
	rhashtable_walk_enter(ht, iter);
	cb->args[0] = (long)iter;
	return 0;
}

int ilnp_nl_dump_done(struct netlink_callback *cb)
{
	struct rhashtable_iter *iter = (struct rhashtable_iter *)cb->args[0];

	if (iter) {
		rhashtable_walk_exit(iter);
		kfree(iter);
	}
	return 0;
}

/*
 * Emit objects until the skb is full.  An object that did not fit is
 * peeked again by the next call, so nothing is skipped or repeated.
 */
int ilnp_nl_dump_walk(struct sk_buff *skb, struct netlink_callback *cb,
		      int (*fill)(struct sk_buff *skb,
				  struct netlink_callback *cb, void *obj))
{
	struct rhashtable_iter *iter = (struct rhashtable_iter *)cb->args[0];
	void *obj;
	int err = 0;

	rhashtable_walk_start(iter);
	for (obj = rhashtable_walk_peek(iter); obj;
	     obj = rhashtable_walk_next(iter)) {
		if (IS_ERR(obj)) {
			if (PTR_ERR(obj) == -EAGAIN)
				continue;	/* table resized: carry on */
			err = PTR_ERR(obj);
			break;
		}
		err = fill(skb, cb, obj);
		if (err)
			break;
	}
	rhashtable_walk_stop(iter);
	if (err == -EMSGSIZE && skb->len)
		return skb->len;	/* more to come */
	return err ?: skb->len;
}

/* ---- events ---- */

static bool ilnp_genl_listening(struct ilnp_net *in)
{
	return READ_ONCE(ilnp_genl_up) &&
	       genl_has_listeners(&ilnp_family, in->net, ILNP_MCGRP_EVENTS_ID);
}

void ilnp_genl_notify_loc(struct ilnp_net *in, const struct ilnp_loc *l,
			  bool deleted)
{
	struct sk_buff *msg;

	if (!ilnp_genl_listening(in))
		return;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return;
	if (ilnp_nl_fill_loc(msg, 0, 0, 0, ILNP_EVT_LOC_CHANGE, l,
			     deleted ? ILNP_F_DELETED : 0)) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_multicast_netns(&ilnp_family, in->net, msg, 0,
				ILNP_MCGRP_EVENTS_ID, GFP_KERNEL);
}

void ilnp_genl_notify_map(struct ilnp_net *in,
			  const struct ilnp_map_entry *e, bool deleted)
{
	struct sk_buff *msg;

	if (!ilnp_genl_listening(in))
		return;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return;
	if (ilnp_nl_fill_map(msg, 0, 0, 0, ILNP_EVT_MAP_CHANGE, e,
			     deleted ? ILNP_F_DELETED : 0)) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_multicast_netns(&ilnp_family, in->net, msg, 0,
				ILNP_MCGRP_EVENTS_ID, GFP_KERNEL);
}

/* Events that packets from anyone cause: within the event budget. */
static bool ilnp_event_by_packet(u8 cmd)
{
	return cmd == ILNP_EVT_NONCE_MISMATCH || cmd == ILNP_EVT_LU_RECV ||
	       cmd == ILNP_EVT_PEER_FALLBACK || cmd == ILNP_EVT_PEER_VERIFIED;
}

/**
 * ilnp_genl_notify_peer() - multicast an event about a correspondent
 * @in:    the namespace
 * @cmd:   ILNP_EVT_LU_SENT, _LU_RECV, _LU_ACKED, _LU_TIMEOUT,
 *         _NONCE_MISMATCH, _PEER_FALLBACK or _PEER_VERIFIED
 * @key:   our NID and the peer's (claimed, for a nonce mismatch)
 * @e:     the event's other attributes, as the uapi header lists them for
 *         @cmd (unused members are ignored; may be NULL when none)
 *
 * Callable from softirq: allocates with GFP_ATOMIC, and an event that
 * cannot be allocated, or is over budget, is lost (events are advisory;
 * counters are not).
 */
void ilnp_genl_notify_peer(struct ilnp_net *in, u8 cmd,
			   const struct ilnp_peer_key *key,
			   const struct ilnp_peer_event *e)
{
	struct sk_buff *msg;
	void *hdr;
	int err;

	if (!ilnp_genl_listening(in) ||
	    (ilnp_event_by_packet(cmd) && !ilnp_ratelimit(in, ILNP_RL_EVENT)))
		return;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_ATOMIC);
	if (!msg)
		return;
	hdr = ilnp_nl_put(msg, 0, 0, 0, cmd);
	if (!hdr)
		goto err;
	err = nla_put_u64_64bit(msg, ILNP_A_NID, key->peer_nid, ILNP_A_PAD) ||
	      nla_put_u64_64bit(msg, ILNP_A_LOCAL_NID, key->local_nid,
				ILNP_A_PAD);
	switch (cmd) {
	case ILNP_EVT_LU_SENT:
	case ILNP_EVT_LU_TIMEOUT:
		err = err ?: nla_put_u32(msg, ILNP_A_TRIES, e->tries);
		break;
	case ILNP_EVT_LU_RECV:
		err = err ?: ilnp_nl_put_locset(msg, ILNP_A_PEER_LOCS, e->locs);
		break;
	case ILNP_EVT_LU_ACKED:
		err = err ?: nla_put_u32(msg, ILNP_A_RTT_US, e->rtt_us);
		break;
	case ILNP_EVT_NONCE_MISMATCH:
		err = err ?: nla_put_in6_addr(msg, ILNP_A_ADDR, e->addr);
		break;
	case ILNP_EVT_PEER_VERIFIED:
		err = err ?: nla_put_in6_addr(msg, ILNP_A_ADDR, e->addr) ?:
			      nla_put_u32(msg, ILNP_A_FLAGS, e->flags);
		break;
	}
	if (err)
		goto err;
	genlmsg_end(msg, hdr);
	genlmsg_multicast_netns(&ilnp_family, in->net, msg, 0,
				ILNP_MCGRP_EVENTS_ID, GFP_ATOMIC);
	return;
err:
	nlmsg_free(msg);
}

/* ---- the family ---- */

static const struct genl_ops ilnp_ops[] = {
	{
		.cmd = ILNP_CMD_GET_INFO,
		.doit = ilnp_nl_info_get,
	}, {
		.cmd = ILNP_CMD_NID_ADD,
		.doit = ilnp_nl_nid_add,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = ILNP_CMD_NID_DEL,
		.doit = ilnp_nl_nid_del,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = ILNP_CMD_NID_GET,
		.doit = ilnp_nl_nid_get,
		.start = ilnp_nl_nid_dump_start,
		.dumpit = ilnp_nl_nid_dump,
		.done = ilnp_nl_dump_done,
	}, {
		.cmd = ILNP_CMD_LOC_ADD,
		.doit = ilnp_nl_loc_add,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = ILNP_CMD_LOC_SET,
		.doit = ilnp_nl_loc_set,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = ILNP_CMD_LOC_DEL,
		.doit = ilnp_nl_loc_del,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = ILNP_CMD_LOC_GET,
		.doit = ilnp_nl_loc_get,
		.dumpit = ilnp_nl_loc_dump,
	}, {
		.cmd = ILNP_CMD_PEER_ADD,
		.doit = ilnp_nl_peer_add,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = ILNP_CMD_PEER_DEL,
		.doit = ilnp_nl_peer_del,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = ILNP_CMD_PEER_GET,
		.doit = ilnp_nl_peer_get,
		.start = ilnp_nl_peer_dump_start,
		.dumpit = ilnp_nl_peer_dump,
		.done = ilnp_nl_dump_done,
	}, {
		.cmd = ILNP_CMD_PEER_FLUSH,
		.doit = ilnp_nl_peer_flush,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = ILNP_CMD_PREFIX_ADD,
		.doit = ilnp_nl_prefix_add,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = ILNP_CMD_PREFIX_DEL,
		.doit = ilnp_nl_prefix_del,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = ILNP_CMD_PREFIX_GET,
		.dumpit = ilnp_nl_prefix_dump,
	}, {
		.cmd = ILNP_CMD_MAP_ADD,
		.doit = ilnp_nl_map_add,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = ILNP_CMD_MAP_SET,
		.doit = ilnp_nl_map_set,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = ILNP_CMD_MAP_DEL,
		.doit = ilnp_nl_map_del,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = ILNP_CMD_MAP_GET,
		.doit = ilnp_nl_map_get,
		.start = ilnp_nl_map_dump_start,
		.dumpit = ilnp_nl_map_dump,
		.done = ilnp_nl_dump_done,
	}, {
		.cmd = ILNP_CMD_MAP_FLUSH,
		.doit = ilnp_nl_map_flush,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = ILNP_CMD_STATS_GET,
		.doit = ilnp_nl_stats_get,
	}, {
		.cmd = ILNP_CMD_REBIND,
		.doit = ilnp_nl_rebind,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		/* The state holds session secrets: admins only, dump too. */
		.cmd = ILNP_CMD_STATE_GET,
		.start = ilnp_nl_state_dump_start,
		.dumpit = ilnp_nl_state_dump,
		.done = ilnp_nl_dump_done,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = ILNP_CMD_STATE_SET,
		.doit = ilnp_nl_state_set,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = ILNP_CMD_STATE_ACTIVATE,
		.doit = ilnp_nl_state_activate,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = ILNP_CMD_STATE_DEACTIVATE,
		.doit = ilnp_nl_state_deactivate,
		.flags = GENL_UNS_ADMIN_PERM,
	},
};

static struct genl_family ilnp_family __ro_after_init = {
	.name = ILNP_GENL_NAME,
	.version = ILNP_GENL_VERSION,
	.maxattr = ILNP_A_MAX,
	.policy = ilnp_policy,
	.netnsok = true,
	.module = THIS_MODULE,
	.ops = ilnp_ops,
	.n_ops = ARRAY_SIZE(ilnp_ops),
	/* A new family: strict validation (reserved header fields, unknown
	 * attributes, NLA_F_NESTED) from the very first command. */
	.resv_start_op = 0,
	.mcgrps = ilnp_mcgrps,
	.n_mcgrps = ARRAY_SIZE(ilnp_mcgrps),
};

int ilnp_genl_init(void)
{
	int err = genl_register_family(&ilnp_family);

	if (!err)
		WRITE_ONCE(ilnp_genl_up, true);
	return err;
}

void ilnp_genl_exit(void)
{
	WRITE_ONCE(ilnp_genl_up, false);
	genl_unregister_family(&ilnp_family);
}
