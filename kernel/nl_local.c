// SPDX-License-Identifier: GPL-2.0
/*
 * Netlink: the local node's NIDs, locators and REBIND (local.c), and the
 * prefixes to try ILNP with (prefix.c).  See nl.h.
 */
#include <net/sock.h>

#include "ilnp.h"
#include "local.h"
#include "netns.h"
#include "nl.h"
#include "prefix.h"

/* ---- NID ---- */

int ilnp_nl_nid_add(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **a = info->attrs;
	struct ilnp_nid_req r = {};
	int err;

	err = ilnp_nl_get_nid(info, ILNP_A_NID, &r.nid);
	if (err)
		return err;
	r.flags = a[ILNP_A_FLAGS] ? nla_get_u32(a[ILNP_A_FLAGS]) : 0;
	if (r.flags & ~(ILNP_NID_F_HOSTED | ILNP_NID_F_AUTO)) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[ILNP_A_FLAGS],
				    "A NID takes only ILNP_NID_F_HOSTED or ILNP_NID_F_AUTO");
		return -EINVAL;
	}
	if ((r.flags & ILNP_NID_F_HOSTED) && (r.flags & ILNP_NID_F_AUTO)) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[ILNP_A_FLAGS],
				    "A hosted NID has no addresses here to follow");
		return -EINVAL;
	}
	if (r.flags & ILNP_NID_F_HOSTED) {
		err = ilnp_nl_get_loc(info, ILNP_A_NID_BORN, &r.born);
		if (err)
			return err;
	} else if (a[ILNP_A_NID_BORN] || a[ILNP_A_LOC]) {
		NL_SET_ERR_MSG(info->extack,
			       "Only a hosted NID has a born or own locator");
		return -EINVAL;
	}
	if (a[ILNP_A_LOC]) {
		err = ilnp_nl_get_loc(info, ILNP_A_LOC, &r.loc);
		if (err)
			return err;
	}
	return ilnp_nid_add(ilnp_nl_net(info), &r, info->extack);
}

int ilnp_nl_nid_del(struct sk_buff *skb, struct genl_info *info)
{
	u64 nid;
	int err = ilnp_nl_get_nid(info, ILNP_A_NID, &nid);

	return err ?: ilnp_nid_del(ilnp_nl_net(info), nid, info->extack);
}

/* Caller holds rcu_read_lock(). */
static int ilnp_fill_nid(struct sk_buff *skb, u32 portid, u32 seq, int flags,
			 const struct ilnp_nid *n)
{
	void *hdr = ilnp_nl_put(skb, portid, seq, flags, ILNP_CMD_NID_GET);
	const struct ilnp_locset *own = rcu_dereference(n->locs);

	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u64_64bit(skb, ILNP_A_NID, n->nid, ILNP_A_PAD) ||
	    nla_put_u32(skb, ILNP_A_FLAGS, READ_ONCE(n->flags)) ||
	    (ilnp_nid_hosted(n) &&
	     nla_put_u64_64bit(skb, ILNP_A_NID_BORN, n->born, ILNP_A_PAD)) ||
	    (own && ilnp_nl_put_locset(skb, ILNP_A_NID_LOCS, own))) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

static int ilnp_fill_nid_reply(struct sk_buff *msg, struct genl_info *info,
			       void *arg)
{
	struct ilnp_nid *n;
	int err = -ENOENT;

	rcu_read_lock();
	n = ilnp_nid_find(ilnp_nl_net(info), *(u64 *)arg);
	if (n)
		err = ilnp_fill_nid(msg, info->snd_portid, info->snd_seq, 0, n);
	rcu_read_unlock();
	if (err == -ENOENT)
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[ILNP_A_NID],
				    "NID not found");
	return err;
}

int ilnp_nl_nid_get(struct sk_buff *skb, struct genl_info *info)
{
	u64 nid;
	int err = ilnp_nl_get_nid(info, ILNP_A_NID, &nid);

	return err ?: ilnp_nl_reply(info, ilnp_fill_nid_reply, &nid);
}

int ilnp_nl_nid_dump_start(struct netlink_callback *cb)
{
	return ilnp_nl_dump_start(cb,
				  &ilnp_pernet(sock_net(cb->skb->sk))->nids);
}

static int ilnp_nid_dump_one(struct sk_buff *skb, struct netlink_callback *cb,
			     void *obj)
{
	return ilnp_fill_nid(skb, NETLINK_CB(cb->skb).portid,
			     cb->nlh->nlmsg_seq, NLM_F_MULTI, obj);
}

int ilnp_nl_nid_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	return ilnp_nl_dump_walk(skb, cb, ilnp_nid_dump_one);
}

/* ---- local locators ---- */

/* ILNP_A_LOC and whichever of PREF, LIFETIME, IFINDEX are given. */
static int ilnp_get_loc_req(struct genl_info *info, struct ilnp_loc_req *req)
{
	struct nlattr **a = info->attrs;
	int err;

	memset(req, 0, sizeof(*req));
	err = ilnp_nl_get_loc(info, ILNP_A_LOC, &req->l.loc);
	if (err)
		return err;
	if (a[ILNP_A_PREF]) {
		req->l.pref = nla_get_u16(a[ILNP_A_PREF]);
		req->has_pref = true;
	}
	if (a[ILNP_A_LIFETIME]) {
		req->l.lifetime = nla_get_u32(a[ILNP_A_LIFETIME]);
		req->has_lifetime = true;
	}
	if (a[ILNP_A_IFINDEX]) {
		u32 ifindex = nla_get_u32(a[ILNP_A_IFINDEX]);

		if (ifindex > INT_MAX) {
			NL_SET_ERR_MSG_ATTR(info->extack, a[ILNP_A_IFINDEX],
					    "No such interface in this namespace");
			return -ENODEV;
		}
		req->l.ifindex = ifindex;
		req->has_ifindex = true;
	}
	return 0;
}

static int ilnp_loc_change(struct genl_info *info, bool replace)
{
	struct ilnp_loc_req req;
	int err = ilnp_get_loc_req(info, &req);

	return err ?: ilnp_loc_add(ilnp_nl_net(info), &req, replace,
				   info->extack);
}

int ilnp_nl_loc_add(struct sk_buff *skb, struct genl_info *info)
{
	return ilnp_loc_change(info, false);
}

int ilnp_nl_loc_set(struct sk_buff *skb, struct genl_info *info)
{
	return ilnp_loc_change(info, true);
}

int ilnp_nl_loc_del(struct sk_buff *skb, struct genl_info *info)
{
	u64 loc;
	int err = ilnp_nl_get_loc(info, ILNP_A_LOC, &loc);

	return err ?: ilnp_loc_del(ilnp_nl_net(info), loc, info->extack);
}

static int ilnp_fill_loc_reply(struct sk_buff *msg, struct genl_info *info,
			       void *arg)
{
	return ilnp_nl_fill_loc(msg, info->snd_portid, info->snd_seq, 0,
				ILNP_CMD_LOC_GET, arg, 0);
}

int ilnp_nl_loc_get(struct sk_buff *skb, struct genl_info *info)
{
	struct ilnp_net *in = ilnp_nl_net(info);
	const struct ilnp_locset *set;
	struct ilnp_loc l;
	int idx, err;

	err = ilnp_nl_get_loc(info, ILNP_A_LOC, &l.loc);
	if (err)
		return err;
	/* One read of the set: a concurrent LOC_DEL publishes another. */
	rcu_read_lock();
	set = rcu_dereference(in->locs);
	idx = ilnp_locset_find(set, l.loc);
	if (idx >= 0)
		l = set->locs[idx];
	rcu_read_unlock();
	if (idx < 0) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[ILNP_A_LOC],
				    "Locator not found");
		return -ENOENT;
	}
	return ilnp_nl_reply(info, ilnp_fill_loc_reply, &l);
}

/* The locator set is small and array-shaped: resume by index. */
int ilnp_nl_loc_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct ilnp_net *in = ilnp_pernet(sock_net(skb->sk));
	struct ilnp_locset *set;
	long i;

	rcu_read_lock();
	set = rcu_dereference(in->locs);
	for (i = cb->args[0]; set && i < set->n; i++)
		if (ilnp_nl_fill_loc(skb, NETLINK_CB(cb->skb).portid,
				     cb->nlh->nlmsg_seq, NLM_F_MULTI,
				     ILNP_CMD_LOC_GET, &set->locs[i], 0))
			break;
	rcu_read_unlock();
	cb->args[0] = i;
	return skb->len;
}

int ilnp_nl_rebind(struct sk_buff *skb, struct genl_info *info)
{
	struct ilnp_loc_req req;
	u64 old = 0;
	int err;

	err = ilnp_get_loc_req(info, &req);
	if (err)
		return err;
	if (info->attrs[ILNP_A_OLD_LOC]) {
		err = ilnp_nl_get_loc(info, ILNP_A_OLD_LOC, &old);
		if (err)
			return err;
		if (old == req.l.loc) {
			NL_SET_ERR_MSG_ATTR(info->extack,
					    info->attrs[ILNP_A_OLD_LOC],
					    "Old and new locator are the same");
			return -EINVAL;
		}
	}
	return ilnp_loc_rebind(ilnp_nl_net(info), &req, old, info->extack);
}

/* ---- prefixes ---- */

static int ilnp_get_prefix(struct genl_info *info, struct ilnp_prefix *p)
{
	if (GENL_REQ_ATTR_CHECK(info, ILNP_A_ADDR) ||
	    GENL_REQ_ATTR_CHECK(info, ILNP_A_PREFIX_LEN))
		return -EINVAL;
	p->addr = nla_get_in6_addr(info->attrs[ILNP_A_ADDR]);
	p->len = nla_get_u8(info->attrs[ILNP_A_PREFIX_LEN]);
	if (!ilnp_prefix_valid(p)) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[ILNP_A_ADDR],
				    "Prefix has bits set beyond its length");
		return -EINVAL;
	}
	return 0;
}

static int ilnp_prefix_change(struct genl_info *info, bool add)
{
	struct ilnp_net *in = ilnp_nl_net(info);
	struct ilnp_prefix p;
	int err;

	err = ilnp_get_prefix(info, &p);
	if (err)
		return err;
	return add ? ilnp_prefix_add(in, &p, info->extack) :
		     ilnp_prefix_del(in, &p, info->extack);
}

int ilnp_nl_prefix_add(struct sk_buff *skb, struct genl_info *info)
{
	return ilnp_prefix_change(info, true);
}

int ilnp_nl_prefix_del(struct sk_buff *skb, struct genl_info *info)
{
	return ilnp_prefix_change(info, false);
}

/* A small array, like the locators: resume by index. */
int ilnp_nl_prefix_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct ilnp_net *in = ilnp_pernet(sock_net(skb->sk));
	const struct ilnp_prefixes *set;
	void *hdr;
	long i;

	rcu_read_lock();
	set = rcu_dereference(in->prefixes);
	for (i = cb->args[0]; set && i < set->n; i++) {
		hdr = ilnp_nl_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, NLM_F_MULTI,
				  ILNP_CMD_PREFIX_GET);
		if (!hdr)
			break;
		if (nla_put_in6_addr(skb, ILNP_A_ADDR, &set->p[i].addr) ||
		    nla_put_u8(skb, ILNP_A_PREFIX_LEN, set->p[i].len)) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
	}
	rcu_read_unlock();
	cb->args[0] = i;
	return skb->len;
}
