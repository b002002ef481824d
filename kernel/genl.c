// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink family "ilnp": see include/uapi/linux/ilnp.h for the
 * contract.  Writers run under ilnp_net.lock; dumps walk the tables under
 * RCU and resume where the previous skb filled up.
 */
#include <linux/netdevice.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "ilnp.h"
#include "genl.h"
#include "local.h"
#include "netns.h"
#include "update.h"

static struct genl_family ilnp_family;

/*
 * Timers and works may still raise events while the module goes away,
 * after the family is unregistered and before the namespaces stop them.
 */
static bool ilnp_genl_up;

enum { ILNP_MCGRP_EVENTS_ID };

static const struct genl_multicast_group ilnp_mcgrps[] = {
	[ILNP_MCGRP_EVENTS_ID] = { .name = ILNP_MCGRP_EVENTS },
};

static const struct nla_policy ilnp_loc_entry_policy[ILNP_A_MAX + 1] = {
	[ILNP_A_LOC]		= { .type = NLA_U64 },
	[ILNP_A_PREF]		= { .type = NLA_U16 },
	[ILNP_A_LIFETIME]	= { .type = NLA_U32 },
};

static const struct nla_policy ilnp_policy[ILNP_A_MAX + 1] = {
	[ILNP_A_NID]		= { .type = NLA_U64 },
	[ILNP_A_LOC]		= { .type = NLA_U64 },
	[ILNP_A_OLD_LOC]	= { .type = NLA_U64 },
	[ILNP_A_PREF]		= { .type = NLA_U16 },
	[ILNP_A_LIFETIME]	= { .type = NLA_U32 },
	[ILNP_A_IFINDEX]	= { .type = NLA_U32 },
	[ILNP_A_FLAGS]		= NLA_POLICY_MASK(NLA_U32, ILNP_F_FLUSH_ALL),
	[ILNP_A_PEER_LOCS]	= NLA_POLICY_NESTED_ARRAY(ilnp_loc_entry_policy),
};

static struct ilnp_net *ilnp_info_net(struct genl_info *info)
{
	return ilnp_pernet(genl_info_net(info));
}

/* ---- attribute input ---- */

static bool ilnp_nid_valid(u64 nid)
{
	return nid != 0;
}

static bool ilnp_loc_valid(u64 loc)
{
	/* Not unspecified, not multicast (ff00::/8). */
	return loc != 0 && (loc >> 56) != 0xff;
}

static int ilnp_get_nid(struct genl_info *info, u64 *nid)
{
	if (GENL_REQ_ATTR_CHECK(info, ILNP_A_NID))
		return -EINVAL;
	*nid = nla_get_u64(info->attrs[ILNP_A_NID]);
	if (!ilnp_nid_valid(*nid)) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[ILNP_A_NID],
				    "NID must not be zero");
		return -EINVAL;
	}
	return 0;
}

static int ilnp_get_loc(struct genl_info *info, int type, u64 *loc)
{
	if (GENL_REQ_ATTR_CHECK(info, type))
		return -EINVAL;
	*loc = nla_get_u64(info->attrs[type]);
	if (!ilnp_loc_valid(*loc)) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[type],
				    "Locator must be a unicast L64, not zero or multicast");
		return -EINVAL;
	}
	return 0;
}

/* Neither RTNL nor RCU is held here: look the device up under RCU. */
static bool ilnp_ifindex_exists(struct net *net, int ifindex)
{
	bool found;

	rcu_read_lock();
	found = dev_get_by_index_rcu(net, ifindex);
	rcu_read_unlock();
	return found;
}

/* A local locator from LOC_ADD/LOC_SET/REBIND attributes. */
static int ilnp_get_local_loc(struct genl_info *info, struct ilnp_loc *l,
			      const struct ilnp_loc *defaults)
{
	struct nlattr **a = info->attrs;
	int err;

	err = ilnp_get_loc(info, ILNP_A_LOC, &l->loc);
	if (err)
		return err;
	l->pref = a[ILNP_A_PREF] ? nla_get_u16(a[ILNP_A_PREF]) : defaults->pref;
	l->lifetime = a[ILNP_A_LIFETIME] ? nla_get_u32(a[ILNP_A_LIFETIME]) :
					   defaults->lifetime;
	l->ifindex = a[ILNP_A_IFINDEX] ? nla_get_u32(a[ILNP_A_IFINDEX]) :
					 defaults->ifindex;
	if (l->ifindex < 0 ||
	    (l->ifindex && !ilnp_ifindex_exists(genl_info_net(info),
						l->ifindex))) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[ILNP_A_IFINDEX],
				    "No such interface in this namespace");
		return -ENODEV;
	}
	return 0;
}

/* A peer's locator set from an ILNP_A_PEER_LOCS nest. */
static struct ilnp_locset *ilnp_get_peer_locs(struct genl_info *info)
{
	struct nlattr *nest = info->attrs[ILNP_A_PEER_LOCS];
	struct nlattr *tb[ILNP_A_MAX + 1];
	struct ilnp_locset *set;
	struct nlattr *entry;
	unsigned int n = 0;
	int rem, err;

	if (GENL_REQ_ATTR_CHECK(info, ILNP_A_PEER_LOCS))
		return ERR_PTR(-EINVAL);
	nla_for_each_nested(entry, nest, rem)
		n++;
	if (!n || n > ILNP_MAX_LOCS) {
		NL_SET_ERR_MSG_ATTR(info->extack, nest,
				    "A peer needs 1 to 255 locators");
		return ERR_PTR(-EINVAL);
	}
	set = ilnp_locset_alloc(n, GFP_KERNEL);
	if (!set)
		return ERR_PTR(-ENOMEM);

	n = 0;
	nla_for_each_nested(entry, nest, rem) {
		struct ilnp_loc *l = &set->locs[n++];

		err = -EINVAL;
		if (nla_type(entry) != ILNP_A_LOC_ENTRY) {
			NL_SET_ERR_MSG_ATTR(info->extack, entry,
					    "Expected ILNP_A_LOC_ENTRY");
			goto err;
		}
		err = nla_parse_nested(tb, ILNP_A_MAX, entry,
				       ilnp_loc_entry_policy, info->extack);
		if (err)
			goto err;
		err = -EINVAL;
		if (!tb[ILNP_A_LOC]) {
			NL_SET_ERR_MSG_ATTR(info->extack, entry,
					    "Locator entry without ILNP_A_LOC");
			goto err;
		}
		l->loc = nla_get_u64(tb[ILNP_A_LOC]);
		if (!ilnp_loc_valid(l->loc)) {
			NL_SET_ERR_MSG_ATTR(info->extack, tb[ILNP_A_LOC],
					    "Locator must be a unicast L64, not zero or multicast");
			goto err;
		}
		if (ilnp_locset_find(set, l->loc) < (int)n - 1) {
			NL_SET_ERR_MSG_ATTR(info->extack, tb[ILNP_A_LOC],
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

/* ---- message output ---- */

static void *ilnp_msg_put(struct sk_buff *skb, u32 portid, u32 seq,
			  int flags, u8 cmd)
{
	return genlmsg_put(skb, portid, seq, &ilnp_family, flags, cmd);
}

static int ilnp_put_loc(struct sk_buff *skb, const struct ilnp_loc *l,
			bool local)
{
	if (nla_put_u64_64bit(skb, ILNP_A_LOC, l->loc, ILNP_A_PAD) ||
	    nla_put_u16(skb, ILNP_A_PREF, l->pref) ||
	    nla_put_u32(skb, ILNP_A_LIFETIME, l->lifetime) ||
	    (local && nla_put_u32(skb, ILNP_A_IFINDEX, l->ifindex)))
		return -EMSGSIZE;
	return 0;
}

static int ilnp_put_locset(struct sk_buff *skb, int type,
			   const struct ilnp_locset *set)
{
	struct nlattr *nest, *entry;
	unsigned int i;

	nest = nla_nest_start(skb, type);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; set && i < set->n; i++) {
		entry = nla_nest_start(skb, ILNP_A_LOC_ENTRY);
		if (!entry || ilnp_put_loc(skb, &set->locs[i], false))
			goto err;
		nla_nest_end(skb, entry);
	}
	nla_nest_end(skb, nest);
	return 0;
err:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

static int ilnp_put_nonce(struct sk_buff *skb, int type,
			  const struct ilnp_nonce *n)
{
	return n->len ? nla_put(skb, type, n->len, n->bytes) : 0;
}

static int ilnp_put_peer_stats(struct sk_buff *skb, const struct ilnp_peer *p,
			       u32 srtt_us)
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
			      ILNP_PSTAT_PAD))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* Caller holds rcu_read_lock(). */
static int ilnp_fill_peer(struct sk_buff *skb, u32 portid, u32 seq, int flags,
			  struct ilnp_peer *p, bool admin)
{
	struct ilnp_nonce local, remote;
	u32 pflags, srtt;
	void *hdr;
	u8 state;

	hdr = ilnp_msg_put(skb, portid, seq, flags, ILNP_CMD_PEER_GET);
	if (!hdr)
		return -EMSGSIZE;

	spin_lock_bh(&p->lock);
	state = p->state;
	pflags = p->flags;
	local = p->nonce_local;
	remote = p->nonce_remote;
	srtt = p->srtt_us;
	spin_unlock_bh(&p->lock);

	if (nla_put_u64_64bit(skb, ILNP_A_NID, p->nid, ILNP_A_PAD) ||
	    ilnp_put_locset(skb, ILNP_A_PEER_LOCS, rcu_dereference(p->locs)) ||
	    nla_put_u8(skb, ILNP_A_PEER_STATE, state) ||
	    nla_put_u32(skb, ILNP_A_PEER_FLAGS, pflags) ||
	    ilnp_put_peer_stats(skb, p, srtt) ||
	    (admin && (ilnp_put_nonce(skb, ILNP_A_NONCE_LOCAL, &local) ||
		       ilnp_put_nonce(skb, ILNP_A_NONCE_REMOTE, &remote))))
		goto err;
	genlmsg_end(skb, hdr);
	return 0;
err:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

static int ilnp_fill_nid(struct sk_buff *skb, u32 portid, u32 seq, int flags,
			 u64 nid)
{
	void *hdr = ilnp_msg_put(skb, portid, seq, flags, ILNP_CMD_NID_GET);

	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u64_64bit(skb, ILNP_A_NID, nid, ILNP_A_PAD)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

static int ilnp_fill_loc(struct sk_buff *skb, u32 portid, u32 seq, int flags,
			 u8 cmd, const struct ilnp_loc *l, u32 lflags)
{
	void *hdr = ilnp_msg_put(skb, portid, seq, flags, cmd);

	if (!hdr)
		return -EMSGSIZE;
	if (ilnp_put_loc(skb, l, true) ||
	    (lflags && nla_put_u32(skb, ILNP_A_FLAGS, lflags))) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/* Reply to a doit GET with one object built by @fill. */
static int ilnp_reply(struct genl_info *info,
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

/* ---- events ---- */

static void ilnp_notify(struct ilnp_net *in, struct sk_buff *msg, gfp_t gfp)
{
	genlmsg_multicast_netns(&ilnp_family, in->net, msg, 0,
				ILNP_MCGRP_EVENTS_ID, gfp);
}

void ilnp_genl_notify_loc(struct ilnp_net *in, const struct ilnp_loc *l,
			  bool deleted)
{
	struct sk_buff *msg;

	if (!READ_ONCE(ilnp_genl_up) ||
	    !genl_has_listeners(&ilnp_family, in->net, ILNP_MCGRP_EVENTS_ID))
		return;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return;
	if (ilnp_fill_loc(msg, 0, 0, 0, ILNP_EVT_LOC_CHANGE, l,
			  deleted ? ILNP_F_DELETED : 0)) {
		nlmsg_free(msg);
		return;
	}
	ilnp_notify(in, msg, GFP_KERNEL);
}

/**
 * ilnp_genl_notify_peer() - multicast an event about a correspondent
 * @in:    the namespace
 * @cmd:   ILNP_EVT_LU_SENT, _LU_RECV, _LU_ACKED, _LU_TIMEOUT,
 *         _NONCE_MISMATCH or _PEER_FALLBACK
 * @nid:   the peer's NID (claimed, for a nonce mismatch)
 * @e:     the event's other attributes, as the uapi header lists them for
 *         @cmd (unused members are ignored)
 *
 * Callable from softirq: allocates with GFP_ATOMIC, and an event that
 * cannot be allocated is lost (events are advisory; counters are not).
 */
void ilnp_genl_notify_peer(struct ilnp_net *in, u8 cmd, u64 nid,
			   const struct ilnp_peer_event *e)
{
	struct sk_buff *msg;
	void *hdr;
	int err;

	if (!READ_ONCE(ilnp_genl_up) ||
	    !genl_has_listeners(&ilnp_family, in->net, ILNP_MCGRP_EVENTS_ID))
		return;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_ATOMIC);
	if (!msg)
		return;
	hdr = ilnp_msg_put(msg, 0, 0, 0, cmd);
	if (!hdr)
		goto err;
	err = nla_put_u64_64bit(msg, ILNP_A_NID, nid, ILNP_A_PAD);
	switch (cmd) {
	case ILNP_EVT_LU_SENT:
	case ILNP_EVT_LU_TIMEOUT:
		err = err ?: nla_put_u32(msg, ILNP_A_TRIES, e->tries);
		break;
	case ILNP_EVT_LU_RECV:
		err = err ?: ilnp_put_locset(msg, ILNP_A_PEER_LOCS, e->locs);
		break;
	case ILNP_EVT_LU_ACKED:
		err = err ?: nla_put_u32(msg, ILNP_A_RTT_US, e->rtt_us);
		break;
	case ILNP_EVT_NONCE_MISMATCH:
		err = err ?: nla_put_in6_addr(msg, ILNP_A_ADDR, e->addr);
		break;
	}
	if (err)
		goto err;
	genlmsg_end(msg, hdr);
	ilnp_notify(in, msg, GFP_ATOMIC);
	return;
err:
	nlmsg_free(msg);
}

/* ---- resumable rhashtable dumps ---- */

static int ilnp_dump_start(struct netlink_callback *cb, struct rhashtable *ht)
{
	struct rhashtable_iter *iter = kmalloc(sizeof(*iter), GFP_KERNEL);

	if (!iter)
		return -ENOMEM;
	rhashtable_walk_enter(ht, iter);
	cb->args[0] = (long)iter;
	return 0;
}

static int ilnp_dump_done(struct netlink_callback *cb)
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
static int ilnp_dump_walk(struct sk_buff *skb, struct netlink_callback *cb,
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

/* ---- GET_INFO, STATS ---- */

static int ilnp_fill_info(struct sk_buff *msg, struct genl_info *info,
			  void *arg)
{
	struct ilnp_net *in = ilnp_info_net(info);
	struct ilnp_locset *locs;
	void *hdr;
	int err;

	hdr = ilnp_msg_put(msg, info->snd_portid, info->snd_seq, 0,
			   ILNP_CMD_GET_INFO);
	if (!hdr)
		return -EMSGSIZE;
	rcu_read_lock();
	locs = rcu_dereference(in->locs);
	err = nla_put_string(msg, ILNP_A_VERSION, ILNP_MODULE_VERSION) ||
	      nla_put_u32(msg, ILNP_A_NID_COUNT, ilnp_nid_count(in)) ||
	      nla_put_u32(msg, ILNP_A_LOC_COUNT, locs ? locs->n : 0) ||
	      nla_put_u32(msg, ILNP_A_PEER_COUNT, ilnp_ilcc_count(&in->ilcc)) ||
	      nla_put_u32(msg, ILNP_A_MAP_COUNT, 0);
	rcu_read_unlock();
	if (err) {
		genlmsg_cancel(msg, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return 0;
}

static int ilnp_get_info(struct sk_buff *skb, struct genl_info *info)
{
	return ilnp_reply(info, ilnp_fill_info, NULL);
}

static int ilnp_fill_stats(struct sk_buff *msg, struct genl_info *info,
			   void *arg)
{
	u64 v[ILNP_STAT_MAX + 1];
	struct nlattr *nest;
	void *hdr;
	int i;

	ilnp_stats_read(ilnp_info_net(info), v);
	hdr = ilnp_msg_put(msg, info->snd_portid, info->snd_seq, 0,
			   ILNP_CMD_STATS_GET);
	if (!hdr)
		return -EMSGSIZE;
	nest = nla_nest_start(msg, ILNP_A_STATS);
	if (!nest)
		goto err;
	for (i = ILNP_STAT_PAD + 1; i <= ILNP_STAT_MAX; i++)
		if (nla_put_u64_64bit(msg, i, v[i], ILNP_STAT_PAD))
			goto err;
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);
	return 0;
err:
	genlmsg_cancel(msg, hdr);
	return -EMSGSIZE;
}

static int ilnp_stats_get(struct sk_buff *skb, struct genl_info *info)
{
	return ilnp_reply(info, ilnp_fill_stats, NULL);
}

/* ---- NID ---- */

static int ilnp_nid_change(struct genl_info *info,
			   int (*change)(struct ilnp_net *in, u64 nid,
					 struct netlink_ext_ack *extack))
{
	struct ilnp_net *in = ilnp_info_net(info);
	u64 nid;
	int err;

	err = ilnp_get_nid(info, &nid);
	if (err)
		return err;
	mutex_lock(&in->lock);
	err = change(in, nid, info->extack);
	mutex_unlock(&in->lock);
	return err;
}

static int ilnp_nid_add_doit(struct sk_buff *skb, struct genl_info *info)
{
	return ilnp_nid_change(info, ilnp_nid_add);
}

static int ilnp_nid_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	return ilnp_nid_change(info, ilnp_nid_del);
}

static int ilnp_fill_nid_reply(struct sk_buff *msg, struct genl_info *info,
			       void *arg)
{
	return ilnp_fill_nid(msg, info->snd_portid, info->snd_seq, 0,
			     *(u64 *)arg);
}

static int ilnp_nid_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	u64 nid;
	int err;

	err = ilnp_get_nid(info, &nid);
	if (err)
		return err;
	if (!ilnp_nid_is_local(ilnp_info_net(info), nid)) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[ILNP_A_NID],
				    "NID not found");
		return -ENOENT;
	}
	return ilnp_reply(info, ilnp_fill_nid_reply, &nid);
}

static int ilnp_nid_dump_start(struct netlink_callback *cb)
{
	return ilnp_dump_start(cb, &ilnp_pernet(sock_net(cb->skb->sk))->nids);
}

static int ilnp_nid_dump_one(struct sk_buff *skb, struct netlink_callback *cb,
			     void *obj)
{
	return ilnp_fill_nid(skb, NETLINK_CB(cb->skb).portid,
			     cb->nlh->nlmsg_seq, NLM_F_MULTI,
			     ((struct ilnp_nid *)obj)->nid);
}

static int ilnp_nid_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	return ilnp_dump_walk(skb, cb, ilnp_nid_dump_one);
}

/* ---- local locators ---- */

static const struct ilnp_loc ilnp_loc_defaults = {
	.pref = ILNP_DEFAULT_PREF,
};

static int ilnp_loc_change(struct genl_info *info, bool replace)
{
	struct ilnp_net *in = ilnp_info_net(info);
	struct ilnp_loc l;
	int idx, err;

	mutex_lock(&in->lock);
	/* SET starts from the locator's current values. */
	idx = ilnp_locset_find(ilnp_local_locs(in),
			       info->attrs[ILNP_A_LOC] ?
			       nla_get_u64(info->attrs[ILNP_A_LOC]) : 0);
	err = ilnp_get_local_loc(info, &l, replace && idx >= 0 ?
				 &ilnp_local_locs(in)->locs[idx] :
				 &ilnp_loc_defaults);
	if (!err)
		err = ilnp_loc_add(in, &l, replace, info->extack);
	mutex_unlock(&in->lock);
	if (!err) {
		ilnp_lu_announce(in);
		ilnp_genl_notify_loc(in, &l, false);
	}
	return err;
}

static int ilnp_loc_add_doit(struct sk_buff *skb, struct genl_info *info)
{
	return ilnp_loc_change(info, false);
}

static int ilnp_loc_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	return ilnp_loc_change(info, true);
}

static int ilnp_loc_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ilnp_net *in = ilnp_info_net(info);
	struct ilnp_loc l = {};
	int idx, err;

	err = ilnp_get_loc(info, ILNP_A_LOC, &l.loc);
	if (err)
		return err;
	mutex_lock(&in->lock);
	idx = ilnp_locset_find(ilnp_local_locs(in), l.loc);
	if (idx >= 0)
		l = ilnp_local_locs(in)->locs[idx];
	err = ilnp_loc_del(in, l.loc, info->extack);
	mutex_unlock(&in->lock);
	if (!err) {
		ilnp_lu_announce(in);
		ilnp_genl_notify_loc(in, &l, true);
	}
	return err;
}

static int ilnp_fill_loc_reply(struct sk_buff *msg, struct genl_info *info,
			       void *arg)
{
	return ilnp_fill_loc(msg, info->snd_portid, info->snd_seq, 0,
			     ILNP_CMD_LOC_GET, arg, 0);
}

static int ilnp_loc_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ilnp_net *in = ilnp_info_net(info);
	struct ilnp_loc l;
	int idx, err;

	err = ilnp_get_loc(info, ILNP_A_LOC, &l.loc);
	if (err)
		return err;
	rcu_read_lock();
	idx = ilnp_locset_find(rcu_dereference(in->locs), l.loc);
	if (idx >= 0)
		l = rcu_dereference(in->locs)->locs[idx];
	rcu_read_unlock();
	if (idx < 0) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[ILNP_A_LOC],
				    "Locator not found");
		return -ENOENT;
	}
	return ilnp_reply(info, ilnp_fill_loc_reply, &l);
}

/* The locator set is small and array-shaped: resume by index. */
static int ilnp_loc_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct ilnp_net *in = ilnp_pernet(sock_net(skb->sk));
	struct ilnp_locset *set;
	long i;

	rcu_read_lock();
	set = rcu_dereference(in->locs);
	for (i = cb->args[0]; set && i < set->n; i++)
		if (ilnp_fill_loc(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, NLM_F_MULTI,
				  ILNP_CMD_LOC_GET, &set->locs[i], 0))
			break;
	rcu_read_unlock();
	cb->args[0] = i;
	return skb->len;
}

static int ilnp_rebind_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ilnp_net *in = ilnp_info_net(info);
	struct ilnp_locset *old, *tmp, *set;
	struct ilnp_loc l, gone = {};
	bool withdraw = info->attrs[ILNP_A_OLD_LOC];
	int err;

	err = ilnp_get_local_loc(info, &l, &ilnp_loc_defaults);
	if (err)
		return err;
	if (withdraw) {
		err = ilnp_get_loc(info, ILNP_A_OLD_LOC, &gone.loc);
		if (err)
			return err;
		if (gone.loc == l.loc) {
			NL_SET_ERR_MSG_ATTR(info->extack,
					    info->attrs[ILNP_A_OLD_LOC],
					    "Old and new locator are the same");
			return -EINVAL;
		}
	}

	mutex_lock(&in->lock);
	old = ilnp_local_locs(in);
	err = -ENOENT;
	if (withdraw && ilnp_locset_find(old, gone.loc) < 0) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[ILNP_A_OLD_LOC],
				    "Old locator not found");
		goto out;
	}
	err = -ENOSPC;
	if (!withdraw && ilnp_locset_find(old, l.loc) < 0 && old &&
	    old->n >= ILNP_MAX_LOCS) {
		NL_SET_ERR_MSG(info->extack, "Too many locators");
		goto out;
	}
	err = -ENOMEM;
	/* Build the final set first: readers see one swap, old → new. */
	tmp = ilnp_locset_with(old, &l, GFP_KERNEL);
	if (!tmp)
		goto out;
	set = tmp;
	if (withdraw) {
		gone = old->locs[ilnp_locset_find(old, gone.loc)];
		set = ilnp_locset_without(tmp, gone.loc, GFP_KERNEL);
		kfree(tmp);
		if (!set)
			goto out;
	}
	rcu_assign_pointer(in->locs, set);
	ilnp_locset_free_rcu(old);
	err = 0;
out:
	mutex_unlock(&in->lock);
	if (!err) {
		ilnp_lu_announce(in);
		ilnp_genl_notify_loc(in, &l, false);
		if (withdraw)
			ilnp_genl_notify_loc(in, &gone, true);
	}
	return err;
}

/* ---- peers (ILCC) ---- */

static int ilnp_peer_add_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ilnp_net *in = ilnp_info_net(info);
	struct ilnp_locset *locs;
	struct ilnp_peer *p;
	u64 nid;
	int err;

	err = ilnp_get_nid(info, &nid);
	if (err)
		return err;
	locs = ilnp_get_peer_locs(info);
	if (IS_ERR(locs))
		return PTR_ERR(locs);
	p = ilnp_peer_create(nid, locs, ILNP_PEER_F_STATIC, GFP_KERNEL);
	if (!p) {
		kfree(locs);
		return -ENOMEM;
	}
	p->in = in;
	err = ilnp_peer_insert(&in->ilcc, p);
	if (err) {
		if (err == -EEXIST)
			NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[ILNP_A_NID],
					    "Peer already exists");
		else if (err == -ENOSPC)
			NL_SET_ERR_MSG(info->extack,
				       "Peer cache full (module parameter ilcc_max)");
		kfree(locs);
		kfree(p);
	}
	return err;
}

static int ilnp_peer_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ilnp_net *in = ilnp_info_net(info);
	u64 nid;
	int err;

	err = ilnp_get_nid(info, &nid);
	if (err)
		return err;
	err = ilnp_peer_remove(&in->ilcc, nid);
	if (err == -ENOENT)
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[ILNP_A_NID],
				    "Peer not found");
	return err;
}

static int ilnp_peer_flush_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ilnp_net *in = ilnp_info_net(info);
	u32 flags = info->attrs[ILNP_A_FLAGS] ?
		    nla_get_u32(info->attrs[ILNP_A_FLAGS]) : 0;

	ilnp_ilcc_flush(&in->ilcc, flags & ILNP_F_FLUSH_ALL);
	return 0;
}

static int ilnp_peer_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ilnp_net *in = ilnp_info_net(info);
	bool admin = netlink_net_capable(skb, CAP_NET_ADMIN);
	struct sk_buff *msg;
	struct ilnp_peer *p;
	u64 nid;
	int err;

	err = ilnp_get_nid(info, &nid);
	if (err)
		return err;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	rcu_read_lock();
	p = ilnp_peer_lookup(&in->ilcc, nid);
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

static int ilnp_peer_dump_start(struct netlink_callback *cb)
{
	struct ilnp_net *in = ilnp_pernet(sock_net(cb->skb->sk));

	cb->args[1] = netlink_net_capable(cb->skb, CAP_NET_ADMIN);
	return ilnp_dump_start(cb, &in->ilcc.table);
}

static int ilnp_peer_dump_one(struct sk_buff *skb, struct netlink_callback *cb,
			      void *obj)
{
	return ilnp_fill_peer(skb, NETLINK_CB(cb->skb).portid,
			      cb->nlh->nlmsg_seq, NLM_F_MULTI, obj,
			      cb->args[1]);
}

static int ilnp_peer_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	return ilnp_dump_walk(skb, cb, ilnp_peer_dump_one);
}

static const struct genl_ops ilnp_ops[] = {
	{
		.cmd = ILNP_CMD_GET_INFO,
		.doit = ilnp_get_info,
	}, {
		.cmd = ILNP_CMD_NID_ADD,
		.doit = ilnp_nid_add_doit,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = ILNP_CMD_NID_DEL,
		.doit = ilnp_nid_del_doit,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = ILNP_CMD_NID_GET,
		.doit = ilnp_nid_get_doit,
		.start = ilnp_nid_dump_start,
		.dumpit = ilnp_nid_dumpit,
		.done = ilnp_dump_done,
	}, {
		.cmd = ILNP_CMD_LOC_ADD,
		.doit = ilnp_loc_add_doit,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = ILNP_CMD_LOC_SET,
		.doit = ilnp_loc_set_doit,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = ILNP_CMD_LOC_DEL,
		.doit = ilnp_loc_del_doit,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = ILNP_CMD_LOC_GET,
		.doit = ilnp_loc_get_doit,
		.dumpit = ilnp_loc_dumpit,
	}, {
		.cmd = ILNP_CMD_PEER_ADD,
		.doit = ilnp_peer_add_doit,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = ILNP_CMD_PEER_DEL,
		.doit = ilnp_peer_del_doit,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = ILNP_CMD_PEER_GET,
		.doit = ilnp_peer_get_doit,
		.start = ilnp_peer_dump_start,
		.dumpit = ilnp_peer_dumpit,
		.done = ilnp_dump_done,
	}, {
		.cmd = ILNP_CMD_PEER_FLUSH,
		.doit = ilnp_peer_flush_doit,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = ILNP_CMD_STATS_GET,
		.doit = ilnp_stats_get,
	}, {
		.cmd = ILNP_CMD_REBIND,
		.doit = ilnp_rebind_doit,
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
