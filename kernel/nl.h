/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the netlink request handlers share (genl.c defines it; nl_local.c,
 * nl_peer.c and nl_info.c use it).  Handlers only translate: they check
 * and decode attributes, call the function that owns the state, and encode
 * the reply; the rules live with the state (local.c, ilcc.c, prefix.c).
 */
#ifndef _ILNP_NL_H
#define _ILNP_NL_H

#include <net/genetlink.h>
#include <uapi/linux/ilnp.h>

struct ilnp_loc;
struct ilnp_locset;
struct ilnp_net;

/* An ILNP_A_LOC_ENTRY nest. */
extern const struct nla_policy ilnp_nl_loc_entry_policy[ILNP_A_MAX + 1];

/* A state's ILNP_A_STATE_PEER nest (nl_state.c). */
extern const struct nla_policy ilnp_nl_state_peer_policy[ILNP_A_MAX + 1];

struct ilnp_net *ilnp_nl_net(struct genl_info *info);
struct ilnp_locset *ilnp_nl_get_locset(const struct nlattr *nest,
				       struct netlink_ext_ack *extack);
void *ilnp_nl_put(struct sk_buff *skb, u32 portid, u32 seq, int flags, u8 cmd);
int ilnp_nl_reply(struct genl_info *info,
		  int (*fill)(struct sk_buff *skb, struct genl_info *info,
			      void *arg),
		  void *arg);

int ilnp_nl_get_nid(struct genl_info *info, int type, u64 *nid);
int ilnp_nl_get_loc(struct genl_info *info, int type, u64 *loc);

int ilnp_nl_put_loc(struct sk_buff *skb, const struct ilnp_loc *l, bool local);
int ilnp_nl_put_locset(struct sk_buff *skb, int type,
		       const struct ilnp_locset *set);
int ilnp_nl_fill_loc(struct sk_buff *skb, u32 portid, u32 seq, int flags,
		     u8 cmd, const struct ilnp_loc *l, u32 lflags);

int ilnp_nl_dump_start(struct netlink_callback *cb, struct rhashtable *ht);
int ilnp_nl_dump_done(struct netlink_callback *cb);
int ilnp_nl_dump_walk(struct sk_buff *skb, struct netlink_callback *cb,
		      int (*fill)(struct sk_buff *skb,
				  struct netlink_callback *cb, void *obj));

/* nl_info.c */
int ilnp_nl_info_get(struct sk_buff *skb, struct genl_info *info);
int ilnp_nl_stats_get(struct sk_buff *skb, struct genl_info *info);

/* nl_local.c */
int ilnp_nl_nid_add(struct sk_buff *skb, struct genl_info *info);
int ilnp_nl_nid_del(struct sk_buff *skb, struct genl_info *info);
int ilnp_nl_nid_get(struct sk_buff *skb, struct genl_info *info);
int ilnp_nl_nid_dump_start(struct netlink_callback *cb);
int ilnp_nl_nid_dump(struct sk_buff *skb, struct netlink_callback *cb);
int ilnp_nl_loc_add(struct sk_buff *skb, struct genl_info *info);
int ilnp_nl_loc_set(struct sk_buff *skb, struct genl_info *info);
int ilnp_nl_loc_del(struct sk_buff *skb, struct genl_info *info);
int ilnp_nl_loc_get(struct sk_buff *skb, struct genl_info *info);
int ilnp_nl_loc_dump(struct sk_buff *skb, struct netlink_callback *cb);
int ilnp_nl_rebind(struct sk_buff *skb, struct genl_info *info);
int ilnp_nl_prefix_add(struct sk_buff *skb, struct genl_info *info);
int ilnp_nl_prefix_del(struct sk_buff *skb, struct genl_info *info);
int ilnp_nl_prefix_dump(struct sk_buff *skb, struct netlink_callback *cb);

/* nl_map.c */
struct ilnp_map_entry;
int ilnp_nl_fill_map(struct sk_buff *skb, u32 portid, u32 seq, int flags,
		     u8 cmd, const struct ilnp_map_entry *e, u32 eflags);
int ilnp_nl_map_add(struct sk_buff *skb, struct genl_info *info);
int ilnp_nl_map_set(struct sk_buff *skb, struct genl_info *info);
int ilnp_nl_map_del(struct sk_buff *skb, struct genl_info *info);
int ilnp_nl_map_get(struct sk_buff *skb, struct genl_info *info);
int ilnp_nl_map_dump_start(struct netlink_callback *cb);
int ilnp_nl_map_dump(struct sk_buff *skb, struct netlink_callback *cb);
int ilnp_nl_map_flush(struct sk_buff *skb, struct genl_info *info);

/* nl_state.c */
int ilnp_nl_state_dump_start(struct netlink_callback *cb);
int ilnp_nl_state_dump(struct sk_buff *skb, struct netlink_callback *cb);
int ilnp_nl_state_set(struct sk_buff *skb, struct genl_info *info);
int ilnp_nl_state_activate(struct sk_buff *skb, struct genl_info *info);
int ilnp_nl_state_deactivate(struct sk_buff *skb, struct genl_info *info);

/* nl_peer.c */
int ilnp_nl_peer_add(struct sk_buff *skb, struct genl_info *info);
int ilnp_nl_peer_del(struct sk_buff *skb, struct genl_info *info);
int ilnp_nl_peer_get(struct sk_buff *skb, struct genl_info *info);
int ilnp_nl_peer_dump_start(struct netlink_callback *cb);
int ilnp_nl_peer_dump(struct sk_buff *skb, struct netlink_callback *cb);
int ilnp_nl_peer_flush(struct sk_buff *skb, struct genl_info *info);

#endif /* _ILNP_NL_H */
