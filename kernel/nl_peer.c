// SPDX-License-Identifier: GPL-2.0
/*
 * Netlink: the correspondents in the ILCC (ilcc.c).  See nl.h.
 */
#include <net/sock.h>

#include "ilnp.h"
#include "ilcc.h"
#include "local.h"
#include "netns.h"
#include "nl.h"

/*
 * Our NID for a peer request: ILNP_A_LOCAL_NID, which must be ours, or
 * (@dflt) the namespace's only NID when there is exactly one.  0 with
 * neither: any.
 */
static int ilnp_get_local_nid(struct genl_info *info, bool dflt, u64 *nid)
{
	struct ilnp_net *in = ilnp_nl_net(info);
	int err;

	*nid = 0;
	if (!info->attrs[ILNP_A_LOCAL_NID]) {
		if (!dflt)
			return 0;
		err = ilnp_nid_only(in, nid);
		if (err == -ENOENT)
			NL_SET_ERR_MSG(info->extack,
				       "No local NID: add one first");
		else if (err)
			NL_SET_ERR_MSG(info->extack,
				       "Several local NIDs: say which (ILNP_A_LOCAL_NID)");
		return err ? -EINVAL : 0;
	}
	err = ilnp_nl_get_nid(info, ILNP_A_LOCAL_NID, nid);
	if (err)
		return err;
	if (!ilnp_nid_is_local(in, *nid)) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[ILNP_A_LOCAL_NID],
				    "Not a local NID");
		return -ENOENT;
	}
	return 0;
}

int ilnp_nl_peer_add(struct sk_buff *skb, struct genl_info *info)
{
	struct ilnp_net *in = ilnp_nl_net(info);
	struct ilnp_locset *locs;
	struct ilnp_peer *p;
	u64 nid, lnid;
	int err;

	err = ilnp_nl_get_nid(info, ILNP_A_NID, &nid) ?:
	      ilnp_get_local_nid(info, true, &lnid);
	if (err)
		return err;
	if (nid == lnid) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[ILNP_A_NID],
				    "A peer cannot have our own NID");
		return -EINVAL;
	}
	if (GENL_REQ_ATTR_CHECK(info, ILNP_A_PEER_LOCS))
		return -EINVAL;
	locs = ilnp_nl_get_locset(info->attrs[ILNP_A_PEER_LOCS], info->extack);
	if (IS_ERR(locs))
		return PTR_ERR(locs);
	p = ilnp_peer_alloc(in, lnid, nid, locs, ILNP_PEER_F_STATIC,
			    GFP_KERNEL);
	if (!p) {
		kfree(locs);
		return -ENOMEM;
	}
	err = ilnp_peer_publish(in, p, false);
	if (err) {
		if (err == -EEXIST)
			NL_SET_ERR_MSG_ATTR(info->extack,
					    info->attrs[ILNP_A_PEER_LOCS],
					    "An entry of these NIDs already holds one of the locators");
		else if (err == -ENOSPC)
			NL_SET_ERR_MSG(info->extack,
				       "Peer cache full (module parameter ilcc_max)");
		ilnp_peer_discard(p);
	}
	return err;
}

int ilnp_nl_peer_del(struct sk_buff *skb, struct genl_info *info)
{
	u64 nid, lnid, loc = 0;
	int err;

	err = ilnp_nl_get_nid(info, ILNP_A_NID, &nid) ?:
	      ilnp_get_local_nid(info, false, &lnid);
	if (!err && info->attrs[ILNP_A_LOC])
		err = ilnp_nl_get_loc(info, ILNP_A_LOC, &loc);
	if (err)
		return err;
	if (!ilnp_ilcc_remove(ilnp_nl_net(info), nid, lnid, loc)) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[ILNP_A_NID],
				    "Peer not found");
		return -ENOENT;
	}
	return 0;
}

int ilnp_nl_peer_flush(struct sk_buff *skb, struct genl_info *info)
{
	u32 flags = info->attrs[ILNP_A_FLAGS] ?
		    nla_get_u32(info->attrs[ILNP_A_FLAGS]) : 0;

	ilnp_ilcc_flush(ilnp_nl_net(info), flags & ILNP_F_FLUSH_ALL);
	return 0;
}

static int ilnp_put_nonce(struct sk_buff *skb, int type,
			  const struct ilnp_nonce *n)
{
	return n->len ? nla_put(skb, type, n->len, n->bytes) : 0;
}

static int ilnp_put_peer_stats(struct sk_buff *skb, const struct ilnp_peer *p,
			       u32 srtt_us, u32 nflows)
{
	struct nlattr *nest = nla_nest_start(skb, ILNP_A_PEER_STATS);

	if (!nest ||
	    nla_put_u64_64bit(skb, ILNP_PSTAT_TX_PACKETS,
			      atomic64_read(&p->cnt.tx_packets), ILNP_PSTAT_PAD) ||
	    nla_put_u64_64bit(skb, ILNP_PSTAT_RX_PACKETS,
			      atomic64_read(&p->cnt.rx_packets), ILNP_PSTAT_PAD) ||
	    nla_put_u64_64bit(skb, ILNP_PSTAT_LU_SENT,
			      atomic64_read(&p->cnt.lu_sent), ILNP_PSTAT_PAD) ||
	    nla_put_u64_64bit(skb, ILNP_PSTAT_LU_RECV,
			      atomic64_read(&p->cnt.lu_recv), ILNP_PSTAT_PAD) ||
	    nla_put_u64_64bit(skb, ILNP_PSTAT_SRTT_US, srtt_us,
			      ILNP_PSTAT_PAD) ||
	    nla_put_u64_64bit(skb, ILNP_PSTAT_FLOWS, nflows, ILNP_PSTAT_PAD))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* Caller holds rcu_read_lock(). */
static int ilnp_fill_peer(struct sk_buff *skb, u32 portid, u32 seq, int flags,
			  struct ilnp_peer *p, bool admin)
{
	struct ilnp_nonce local, remote;
	u32 pflags, srtt, nflows;
	void *hdr;
	u8 state;

	hdr = ilnp_nl_put(skb, portid, seq, flags, ILNP_CMD_PEER_GET);
	if (!hdr)
		return -EMSGSIZE;

	spin_lock_bh(&p->lock);
	state = p->state;
	pflags = p->flags;
	local = p->nonce_local;
	remote = p->nonce_remote;
	srtt = p->srtt_us;
	nflows = p->nflows;
	spin_unlock_bh(&p->lock);

	if (nla_put_u64_64bit(skb, ILNP_A_NID, p->key.peer_nid, ILNP_A_PAD) ||
	    nla_put_u64_64bit(skb, ILNP_A_LOCAL_NID, p->key.local_nid,
			      ILNP_A_PAD) ||
	    ilnp_nl_put_locset(skb, ILNP_A_PEER_LOCS, rcu_dereference(p->locs)) ||
	    nla_put_u8(skb, ILNP_A_PEER_STATE, state) ||
	    nla_put_u32(skb, ILNP_A_PEER_FLAGS, pflags) ||
	    ilnp_put_peer_stats(skb, p, srtt, nflows) ||
	    (admin && (ilnp_put_nonce(skb, ILNP_A_NONCE_LOCAL, &local) ||
		       ilnp_put_nonce(skb, ILNP_A_NONCE_REMOTE, &remote))))
		goto err;
	genlmsg_end(skb, hdr);
	return 0;
err:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/* The first entry of @nid for @lnid (0: any of our NIDs) holding @loc
 * (0: any); caller holds rcu_read_lock(). */
static struct ilnp_peer *ilnp_peer_pick(struct ilnp_net *in, u64 nid,
					u64 lnid, u64 loc)
{
	struct rhlist_head *pos, *list;
	struct rhashtable_iter iter;
	struct ilnp_peer *p = NULL;
	struct ilnp_nid *n;

	if (lnid) {
		list = ilnp_peer_list(&in->ilcc, lnid, nid);
		ilnp_peer_for_each(p, pos, list)
			if (!loc || ilnp_peer_has_loc(p, loc))
				return p;
		return NULL;
	}
	/* A host has few NIDs: try each. */
	rhashtable_walk_enter(&in->nids, &iter);
	rhashtable_walk_start(&iter);
	while (!p && (n = ilnp_walk_next(&iter)))
		p = ilnp_peer_pick(in, nid, n->nid, loc);
	rhashtable_walk_stop(&iter);
	rhashtable_walk_exit(&iter);
	return p;
}

int ilnp_nl_peer_get(struct sk_buff *skb, struct genl_info *info)
{
	struct ilnp_net *in = ilnp_nl_net(info);
	bool admin = netlink_net_capable(skb, CAP_NET_ADMIN);
	u64 nid, lnid, loc = 0;
	struct sk_buff *msg;
	struct ilnp_peer *p;
	int err;

	err = ilnp_nl_get_nid(info, ILNP_A_NID, &nid) ?:
	      ilnp_get_local_nid(info, false, &lnid);
	if (!err && info->attrs[ILNP_A_LOC])
		err = ilnp_nl_get_loc(info, ILNP_A_LOC, &loc);
	if (err)
		return err;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	rcu_read_lock();
	p = ilnp_peer_pick(in, nid, lnid, loc);
	err = p ? ilnp_fill_peer(msg, info->snd_portid, info->snd_seq, 0,
				 p, admin) : -ENOENT;
	rcu_read_unlock();
	if (err) {
		nlmsg_free(msg);
		if (err == -ENOENT)
			NL_SET_ERR_MSG_ATTR(info->extack,
					    info->attrs[ILNP_A_NID],
					    "Peer not found");
		return err;
	}
	return genlmsg_reply(msg, info);
}

int ilnp_nl_peer_dump_start(struct netlink_callback *cb)
{
	struct ilnp_net *in = ilnp_pernet(sock_net(cb->skb->sk));

	cb->args[1] = netlink_net_capable(cb->skb, CAP_NET_ADMIN);
	return ilnp_nl_dump_start(cb, &in->ilcc.table.ht);
}

static int ilnp_peer_dump_one(struct sk_buff *skb, struct netlink_callback *cb,
			      void *obj)
{
	return ilnp_fill_peer(skb, NETLINK_CB(cb->skb).portid,
			      cb->nlh->nlmsg_seq, NLM_F_MULTI, obj,
			      cb->args[1]);
}

int ilnp_nl_peer_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	return ilnp_nl_dump_walk(skb, cb, ilnp_peer_dump_one);
}
