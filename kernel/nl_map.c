// SPDX-License-Identifier: GPL-2.0
/*
 * Netlink: the locator map (map.c).  See nl.h.
 */
#include <net/sock.h>

#include "ilnp.h"
#include "map.h"
#include "netns.h"
#include "nl.h"

static int ilnp_get_map_req(struct genl_info *info, struct ilnp_map_req *r,
			    bool add)
{
	struct nlattr **a = info->attrs;
	int err;

	memset(r, 0, sizeof(*r));
	err = ilnp_nl_get_nid(info, ILNP_A_NID, &r->nid);
	if (err)
		return err;
	if (add || a[ILNP_A_MAP_EXT_LOC]) {
		err = ilnp_nl_get_loc(info, ILNP_A_MAP_EXT_LOC, &r->ext);
		if (err)
			return err;
		r->has_ext = true;
	}
	if (add || a[ILNP_A_MAP_INT_LOC]) {
		err = ilnp_nl_get_loc(info, ILNP_A_MAP_INT_LOC, &r->int_);
		if (err)
			return err;
		r->has_int = true;
	}
	if (a[ILNP_A_MAP_SEQ]) {
		r->seq = nla_get_u64(a[ILNP_A_MAP_SEQ]);
		r->has_seq = true;
	}
	if (a[ILNP_A_FLAGS]) {
		r->flags = nla_get_u32(a[ILNP_A_FLAGS]);
		if (r->flags & ~ILNP_MAP_F_GIVEN) {
			NL_SET_ERR_MSG_ATTR(info->extack, a[ILNP_A_FLAGS],
					    "A map entry takes only ILNP_MAP_F_ILNP and ILNP_MAP_F_POINTER");
			return -EINVAL;
		}
		if (!add && (r->flags & ILNP_MAP_F_POINTER)) {
			NL_SET_ERR_MSG_ATTR(info->extack, a[ILNP_A_FLAGS],
					    "Only MAP_ADD makes a pointer");
			return -EINVAL;
		}
		r->has_flags = true;
	}
	if (!add && !r->has_ext && !r->has_int && !r->has_seq && !r->has_flags) {
		NL_SET_ERR_MSG(info->extack, "Nothing to change");
		return -EINVAL;
	}
	return 0;
}

int ilnp_nl_map_add(struct sk_buff *skb, struct genl_info *info)
{
	struct ilnp_map_req r;
	int err = ilnp_get_map_req(info, &r, true);

	return err ?: ilnp_map_add(ilnp_nl_net(info), &r, false, info->extack);
}

int ilnp_nl_map_set(struct sk_buff *skb, struct genl_info *info)
{
	struct ilnp_map_req r;
	int err = ilnp_get_map_req(info, &r, false);

	return err ?: ilnp_map_add(ilnp_nl_net(info), &r, true, info->extack);
}

int ilnp_nl_map_del(struct sk_buff *skb, struct genl_info *info)
{
	u64 nid;
	int err = ilnp_nl_get_nid(info, ILNP_A_NID, &nid);

	return err ?: ilnp_map_del(ilnp_nl_net(info), nid, info->extack);
}

int ilnp_nl_map_flush(struct sk_buff *skb, struct genl_info *info)
{
	ilnp_map_flush(ilnp_nl_net(info));
	return 0;
}

/* Caller holds rcu_read_lock() or the entry is ours. */
int ilnp_nl_fill_map(struct sk_buff *skb, u32 portid, u32 seq, int flags,
		     u8 cmd, const struct ilnp_map_entry *e, u32 eflags)
{
	void *hdr = ilnp_nl_put(skb, portid, seq, flags, cmd);
	struct nlattr *nest;

	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u64_64bit(skb, ILNP_A_NID, e->nid, ILNP_A_PAD) ||
	    nla_put_u64_64bit(skb, ILNP_A_MAP_EXT_LOC, e->ext, ILNP_A_PAD) ||
	    nla_put_u64_64bit(skb, ILNP_A_MAP_INT_LOC, e->int_, ILNP_A_PAD) ||
	    nla_put_u64_64bit(skb, ILNP_A_MAP_SEQ, e->seq, ILNP_A_PAD) ||
	    nla_put_u32(skb, ILNP_A_FLAGS, e->flags | eflags) ||
	    nla_put_u64_64bit(skb, ILNP_A_MAP_AGE_MS,
			      jiffies_to_msecs(jiffies - e->changed),
			      ILNP_A_PAD))
		goto err;
	nest = nla_nest_start(skb, ILNP_A_MAP_STATS);
	if (!nest ||
	    nla_put_u64_64bit(skb, ILNP_MSTAT_IN, atomic64_read(&e->cnt->in),
			      ILNP_MSTAT_PAD) ||
	    nla_put_u64_64bit(skb, ILNP_MSTAT_OUT, atomic64_read(&e->cnt->out),
			      ILNP_MSTAT_PAD))
		goto err;
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	return 0;
err:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

static int ilnp_fill_map_reply(struct sk_buff *msg, struct genl_info *info,
			       void *arg)
{
	struct ilnp_net *in = ilnp_nl_net(info);
	struct ilnp_map_entry *e;
	int err;

	rcu_read_lock();
	e = ilnp_map_lookup(in, *(u64 *)arg);
	err = e ? ilnp_nl_fill_map(msg, info->snd_portid, info->snd_seq, 0,
				   ILNP_CMD_MAP_GET, e, 0) : -ENOENT;
	rcu_read_unlock();
	if (err == -ENOENT)
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[ILNP_A_NID],
				    "No map entry for this NID");
	return err;
}

int ilnp_nl_map_get(struct sk_buff *skb, struct genl_info *info)
{
	u64 nid;
	int err = ilnp_nl_get_nid(info, ILNP_A_NID, &nid);

	return err ?: ilnp_nl_reply(info, ilnp_fill_map_reply, &nid);
}

int ilnp_nl_map_dump_start(struct netlink_callback *cb)
{
	return ilnp_nl_dump_start(cb,
				  &ilnp_pernet(sock_net(cb->skb->sk))->map.table);
}

static int ilnp_map_dump_one(struct sk_buff *skb, struct netlink_callback *cb,
			     void *obj)
{
	return ilnp_nl_fill_map(skb, NETLINK_CB(cb->skb).portid,
				cb->nlh->nlmsg_seq, NLM_F_MULTI,
				ILNP_CMD_MAP_GET, obj, 0);
}

int ilnp_nl_map_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	return ilnp_nl_dump_walk(skb, cb, ilnp_map_dump_one);
}
