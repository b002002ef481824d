// SPDX-License-Identifier: GPL-2.0
/*
 * Netlink: GET_INFO and STATS_GET (see nl.h).
 */
#include "ilnp.h"
#include "ilcc.h"
#include "local.h"
#include "netns.h"
#include "nl.h"

static int ilnp_fill_info(struct sk_buff *msg, struct genl_info *info,
			  void *arg)
{
	struct ilnp_net *in = ilnp_nl_net(info);
	struct ilnp_locset *locs;
	void *hdr;
	int err;

	hdr = ilnp_nl_put(msg, info->snd_portid, info->snd_seq, 0,
			  ILNP_CMD_GET_INFO);
	if (!hdr)
		return -EMSGSIZE;
	rcu_read_lock();
	locs = rcu_dereference(in->locs);
	err = nla_put_string(msg, ILNP_A_VERSION, ILNP_MODULE_VERSION) ||
	      nla_put_u32(msg, ILNP_A_NID_COUNT, ilnp_nid_count(in)) ||
	      nla_put_u32(msg, ILNP_A_LOC_COUNT, locs ? locs->n : 0) ||
	      nla_put_u32(msg, ILNP_A_PEER_COUNT, ilnp_ilcc_count(&in->ilcc)) ||
	      nla_put_u32(msg, ILNP_A_MAP_COUNT, ilnp_map_count(in));
	rcu_read_unlock();
	if (err) {
		genlmsg_cancel(msg, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return 0;
}

int ilnp_nl_info_get(struct sk_buff *skb, struct genl_info *info)
{
	return ilnp_nl_reply(info, ilnp_fill_info, NULL);
}

static int ilnp_fill_stats(struct sk_buff *msg, struct genl_info *info,
			   void *arg)
{
	u64 v[ILNP_STAT_MAX + 1];
	struct nlattr *nest;
	void *hdr;
	int i;

	ilnp_stats_read(ilnp_nl_net(info), v);
	hdr = ilnp_nl_put(msg, info->snd_portid, info->snd_seq, 0,
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

int ilnp_nl_stats_get(struct sk_buff *skb, struct genl_info *info)
{
	return ilnp_nl_reply(info, ilnp_fill_stats, NULL);
}
