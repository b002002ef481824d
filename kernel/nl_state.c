// SPDX-License-Identifier: GPL-2.0
/*
 * Netlink: a hosted NID's state, out and in (state.c), and its activation
 * (local.c).  See nl.h.
 */
#include <net/genetlink.h>
#include <net/sock.h>

#include "ilnp.h"
#include "ilcc.h"
#include "local.h"
#include "netns.h"
#include "nl.h"
#include "state.h"

static const struct nla_policy ilnp_state_flow_policy[ILNP_A_MAX + 1] = {
	[ILNP_A_PROTO]		= { .type = NLA_U8 },
	[ILNP_A_LPORT]		= { .type = NLA_BE16 },
	[ILNP_A_PPORT]		= { .type = NLA_BE16 },
	[ILNP_A_LOCAL_VIEW]	= { .type = NLA_U64 },
	[ILNP_A_PEER_VIEW]	= { .type = NLA_U64 },
	[ILNP_A_FLAGS]		= NLA_POLICY_MASK(NLA_U32, ILNP_FLOW_F_PLAIN),
};

const struct nla_policy ilnp_nl_state_peer_policy[ILNP_A_MAX + 1] = {
	[ILNP_A_NID]		= { .type = NLA_U64 },
	[ILNP_A_PEER_LOCS]	= NLA_POLICY_NESTED_ARRAY(ilnp_nl_loc_entry_policy),
	[ILNP_A_PEER_HIST]	= { .type = NLA_NESTED },
	[ILNP_A_NONCE_LOCAL]	= { .type = NLA_BINARY,
				    .len = ILNP_NONCE_LEN_MAX },
	[ILNP_A_NONCE_REMOTE]	= { .type = NLA_BINARY,
				    .len = ILNP_NONCE_LEN_MAX },
	[ILNP_A_PEER_STATE]	= NLA_POLICY_MAX(NLA_U8,
						 __ILNP_PEER_STATE_MAX - 1),
	[ILNP_A_PEER_FLAGS]	= { .type = NLA_U32 },
	[ILNP_A_RTT_US]		= { .type = NLA_U32 },
	[ILNP_A_RTTVAR_US]	= { .type = NLA_U32 },
	[ILNP_A_STATE_FLOWS]	= NLA_POLICY_NESTED_ARRAY(ilnp_state_flow_policy),
};

/* ---- export ---- */

int ilnp_nl_state_dump_start(struct netlink_callback *cb)
{
	const struct genl_dumpit_info *info = genl_dumpit_info(cb);
	struct ilnp_net *in = ilnp_pernet(sock_net(cb->skb->sk));
	struct nlattr *a = info->attrs[ILNP_A_NID];
	bool found;

	if (!a) {
		NL_SET_ERR_MSG(cb->extack, "Which NID? (ILNP_A_NID)");
		return -EINVAL;
	}
	rcu_read_lock();
	found = ilnp_nid_find(in, nla_get_u64(a));
	rcu_read_unlock();
	if (!found) {
		NL_SET_ERR_MSG_ATTR(cb->extack, a, "NID not found");
		return -ENOENT;
	}
	cb->args[2] = nla_get_u64(a);
	return ilnp_nl_dump_start(cb, &in->ilcc.table.ht);
}

static int ilnp_put_nonce(struct sk_buff *skb, int type,
			  const struct ilnp_nonce *n)
{
	return n->len ? nla_put(skb, type, n->len, n->bytes) : 0;
}

static int ilnp_state_put_peer(struct sk_buff *skb,
			       const struct ilnp_state_peer *sp)
{
	struct nlattr *nest, *sub, *f;
	unsigned int i;

	nest = nla_nest_start(skb, ILNP_A_STATE_PEER);
	if (!nest ||
	    nla_put_u64_64bit(skb, ILNP_A_NID, sp->nid, ILNP_A_PAD) ||
	    ilnp_nl_put_locset(skb, ILNP_A_PEER_LOCS, sp->locs) ||
	    ilnp_put_nonce(skb, ILNP_A_NONCE_LOCAL, &sp->nonce_local) ||
	    ilnp_put_nonce(skb, ILNP_A_NONCE_REMOTE, &sp->nonce_remote) ||
	    nla_put_u8(skb, ILNP_A_PEER_STATE, sp->state) ||
	    nla_put_u32(skb, ILNP_A_PEER_FLAGS, sp->flags) ||
	    nla_put_u32(skb, ILNP_A_RTT_US, sp->srtt_us) ||
	    nla_put_u32(skb, ILNP_A_RTTVAR_US, sp->rttvar_us))
		return -EMSGSIZE;
	sub = nla_nest_start(skb, ILNP_A_PEER_HIST);
	if (!sub)
		return -EMSGSIZE;
	for (i = 0; i < sp->nhist; i++)
		if (nla_put_u64_64bit(skb, ILNP_A_LOC, sp->hist[i], ILNP_A_PAD))
			return -EMSGSIZE;
	nla_nest_end(skb, sub);
	sub = nla_nest_start(skb, ILNP_A_STATE_FLOWS);
	if (!sub)
		return -EMSGSIZE;
	for (i = 0; i < sp->nflows; i++) {
		const struct ilnp_state_flow *fl = &sp->flows[i];

		f = nla_nest_start(skb, ILNP_A_STATE_FLOW);
		if (!f || nla_put_u8(skb, ILNP_A_PROTO, fl->proto) ||
		    nla_put_be16(skb, ILNP_A_LPORT, fl->lport) ||
		    nla_put_be16(skb, ILNP_A_PPORT, fl->pport) ||
		    nla_put_u64_64bit(skb, ILNP_A_LOCAL_VIEW,
				      be64_to_cpu(fl->local_view), ILNP_A_PAD) ||
		    nla_put_u64_64bit(skb, ILNP_A_PEER_VIEW,
				      be64_to_cpu(fl->peer_view), ILNP_A_PAD) ||
		    nla_put_u32(skb, ILNP_A_FLAGS,
				fl->plain ? ILNP_FLOW_F_PLAIN : 0))
			return -EMSGSIZE;
		nla_nest_end(skb, f);
	}
	nla_nest_end(skb, sub);
	nla_nest_end(skb, nest);
	return 0;
}

static int ilnp_state_dump_peer(struct sk_buff *skb,
				struct netlink_callback *cb, void *obj)
{
	struct ilnp_peer *p = obj;
	struct ilnp_state_peer sp;
	void *hdr;
	int err;

	if (p->key.local_nid != (u64)cb->args[2])
		return 0;
	err = ilnp_state_peer_get(p, &sp);
	if (err) {
		if (err == -E2BIG)
			NL_SET_ERR_MSG(cb->extack, "A peer has more than 256 session views");
		return err;
	}
	hdr = ilnp_nl_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  NLM_F_MULTI, ILNP_CMD_STATE_GET);
	err = hdr ? ilnp_state_put_peer(skb, &sp) : -EMSGSIZE;
	if (err) {
		if (hdr)
			genlmsg_cancel(skb, hdr);
	} else {
		genlmsg_end(skb, hdr);
	}
	kfree(sp.locs);
	kfree(sp.flows);
	return err;
}

/* The first message: what the NID is; then one message per peer. */
int ilnp_nl_state_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct ilnp_net *in = ilnp_pernet(sock_net(skb->sk));
	struct ilnp_nid *n;
	void *hdr;
	int err = 0;

	if (!cb->args[1]) {
		hdr = ilnp_nl_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, NLM_F_MULTI,
				  ILNP_CMD_STATE_GET);
		if (!hdr)
			return -EMSGSIZE;
		rcu_read_lock();
		n = ilnp_nid_find(in, cb->args[2]);
		if (!n)
			err = -ENOENT;
		else if (nla_put_u32(skb, ILNP_A_STATE_VERSION,
				     ILNP_STATE_VERSION) ||
			 nla_put_u64_64bit(skb, ILNP_A_NID, n->nid, ILNP_A_PAD) ||
			 nla_put_u64_64bit(skb, ILNP_A_NID_BORN, n->born,
					   ILNP_A_PAD) ||
			 nla_put_u32(skb, ILNP_A_FLAGS,
				     READ_ONCE(n->flags) & ILNP_NID_F_HOSTED))
			err = -EMSGSIZE;
		rcu_read_unlock();
		if (err) {
			genlmsg_cancel(skb, hdr);
			return err;
		}
		genlmsg_end(skb, hdr);
		cb->args[1] = 1;
	}
	return ilnp_nl_dump_walk(skb, cb, ilnp_state_dump_peer);
}

/* ---- import ---- */

static int ilnp_state_get_flow(const struct nlattr *nest,
			       struct ilnp_state_flow *f,
			       struct netlink_ext_ack *extack)
{
	struct nlattr *tb[ILNP_A_MAX + 1];
	int err;

	err = nla_parse_nested(tb, ILNP_A_MAX, nest, ilnp_state_flow_policy,
			       extack);
	if (err)
		return err;
	if (!tb[ILNP_A_PROTO] || !tb[ILNP_A_LOCAL_VIEW] || !tb[ILNP_A_PEER_VIEW]) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "State: a session view lacks protocol or locators");
		return -EINVAL;
	}
	f->proto = nla_get_u8(tb[ILNP_A_PROTO]);
	f->lport = tb[ILNP_A_LPORT] ? nla_get_be16(tb[ILNP_A_LPORT]) : 0;
	f->pport = tb[ILNP_A_PPORT] ? nla_get_be16(tb[ILNP_A_PPORT]) : 0;
	f->local_view = cpu_to_be64(nla_get_u64(tb[ILNP_A_LOCAL_VIEW]));
	f->peer_view = cpu_to_be64(nla_get_u64(tb[ILNP_A_PEER_VIEW]));
	f->plain = tb[ILNP_A_FLAGS] &&
		   (nla_get_u32(tb[ILNP_A_FLAGS]) & ILNP_FLOW_F_PLAIN);
	return 0;
}

static int ilnp_state_get_nonce(const struct nlattr *a, struct ilnp_nonce *n,
				struct netlink_ext_ack *extack)
{
	memset(n, 0, sizeof(*n));
	if (!a)
		return 0;
	if (!ilnp_nonce_len_valid(nla_len(a))) {
		NL_SET_ERR_MSG_ATTR(extack, a, "State: a nonce is not 4 or 12 bytes");
		return -EINVAL;
	}
	n->len = nla_len(a);
	memcpy(n->bytes, nla_data(a), n->len);
	return 0;
}

static int ilnp_state_get_peer(const struct nlattr *nest,
			       struct ilnp_state_peer *sp,
			       struct netlink_ext_ack *extack)
{
	struct nlattr *tb[ILNP_A_MAX + 1], *a;
	unsigned int n = 0;
	int rem, err;

	/* Validated against ilnp_nl_state_peer_policy with the request. */
	err = nla_parse_nested(tb, ILNP_A_MAX, nest, ilnp_nl_state_peer_policy,
			       extack);
	if (err)
		return err;
	if (!tb[ILNP_A_NID] || !tb[ILNP_A_PEER_LOCS] ||
	    !tb[ILNP_A_NONCE_LOCAL] || !tb[ILNP_A_PEER_STATE]) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "State: a peer lacks its NID, locators, our nonce or its state");
		return -EINVAL;
	}
	sp->nid = nla_get_u64(tb[ILNP_A_NID]);
	sp->locs = ilnp_nl_get_locset(tb[ILNP_A_PEER_LOCS], extack);
	if (IS_ERR(sp->locs)) {
		err = PTR_ERR(sp->locs);
		sp->locs = NULL;
		return err;
	}
	err = ilnp_state_get_nonce(tb[ILNP_A_NONCE_LOCAL], &sp->nonce_local,
				   extack) ?:
	      ilnp_state_get_nonce(tb[ILNP_A_NONCE_REMOTE], &sp->nonce_remote,
				   extack);
	if (err)
		return err;
	sp->state = nla_get_u8(tb[ILNP_A_PEER_STATE]);
	sp->flags = tb[ILNP_A_PEER_FLAGS] ? nla_get_u32(tb[ILNP_A_PEER_FLAGS]) : 0;
	sp->srtt_us = tb[ILNP_A_RTT_US] ? nla_get_u32(tb[ILNP_A_RTT_US]) : 0;
	sp->rttvar_us = tb[ILNP_A_RTTVAR_US] ?
			nla_get_u32(tb[ILNP_A_RTTVAR_US]) : 0;
	if (tb[ILNP_A_PEER_HIST]) {
		nla_for_each_nested(a, tb[ILNP_A_PEER_HIST], rem) {
			if (nla_type(a) != ILNP_A_LOC || nla_len(a) != sizeof(u64) ||
			    sp->nhist == ARRAY_SIZE(sp->hist)) {
				NL_SET_ERR_MSG_ATTR(extack, a,
						    "State: earlier locators are at most 4 ILNP_A_LOC");
				return -EINVAL;
			}
			sp->hist[sp->nhist++] = nla_get_u64(a);
		}
	}
	if (tb[ILNP_A_STATE_FLOWS]) {
		nla_for_each_nested(a, tb[ILNP_A_STATE_FLOWS], rem)
			n++;
		if (n > ILNP_STATE_PEER_FLOWS_MAX) {
			NL_SET_ERR_MSG_ATTR(extack, tb[ILNP_A_STATE_FLOWS],
					    "State: more than 256 session views of one peer");
			return -E2BIG;
		}
		sp->flows = kcalloc(n, sizeof(*sp->flows), GFP_KERNEL);
		if (!sp->flows && n)
			return -ENOMEM;
		nla_for_each_nested(a, tb[ILNP_A_STATE_FLOWS], rem) {
			err = ilnp_state_get_flow(a, &sp->flows[sp->nflows], extack);
			if (err)
				return err;
			sp->nflows++;
		}
	}
	return 0;
}

int ilnp_nl_state_set(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **a = info->attrs;
	struct ilnp_state st = {};
	struct nlattr *nest;
	unsigned int n = 0;
	int rem, err;

	if (GENL_REQ_ATTR_CHECK(info, ILNP_A_STATE_VERSION) ||
	    GENL_REQ_ATTR_CHECK(info, ILNP_A_NID_BORN))
		return -EINVAL;
	st.version = nla_get_u32(a[ILNP_A_STATE_VERSION]);
	if (st.version != ILNP_STATE_VERSION) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[ILNP_A_STATE_VERSION],
				    "State of another version");
		return -EPROTO;
	}
	err = ilnp_nl_get_nid(info, ILNP_A_NID, &st.nid);
	if (err)
		return err;
	st.born = nla_get_u64(a[ILNP_A_NID_BORN]);
	st.flags = a[ILNP_A_FLAGS] ? nla_get_u32(a[ILNP_A_FLAGS]) : 0;
	if (a[ILNP_A_STATE_PEERS]) {
		nla_for_each_nested(nest, a[ILNP_A_STATE_PEERS], rem)
			n++;
		if (n > ILNP_STATE_PEERS_MAX) {
			NL_SET_ERR_MSG_ATTR(info->extack, a[ILNP_A_STATE_PEERS],
					    "State: more than 256 peers");
			return -E2BIG;
		}
		st.peers = kcalloc(n, sizeof(*st.peers), GFP_KERNEL);
		if (!st.peers && n)
			return -ENOMEM;
		nla_for_each_nested(nest, a[ILNP_A_STATE_PEERS], rem) {
			err = ilnp_state_get_peer(nest, &st.peers[st.npeers++],
						  info->extack);
			if (err)
				goto out;
		}
	}
	err = ilnp_state_import(ilnp_nl_net(info), &st, info->extack);
out:
	ilnp_state_free(&st);
	return err;
}

int ilnp_nl_state_activate(struct sk_buff *skb, struct genl_info *info)
{
	u64 nid, loc;
	int err;

	err = ilnp_nl_get_nid(info, ILNP_A_NID, &nid) ?:
	      ilnp_nl_get_loc(info, ILNP_A_LOC, &loc);
	return err ?: ilnp_nid_activate(ilnp_nl_net(info), nid, loc,
					info->extack);
}

int ilnp_nl_state_deactivate(struct sk_buff *skb, struct genl_info *info)
{
	u64 nid;
	int err;

	err = ilnp_nl_get_nid(info, ILNP_A_NID, &nid);
	return err ?: ilnp_nid_deactivate(ilnp_nl_net(info), nid,
					  info->extack);
}
