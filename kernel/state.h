/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A hosted NID's state, handed from one hypervisor to the next with its
 * guest (ILNP_CMD_STATE_*): its ILCC entries (locators, both nonces,
 * state, RTT estimate) and their session views.  nl_state.c turns the
 * netlink attributes into a struct ilnp_state and back; this file checks
 * an imported one whole and installs it, inactive, or not at all.
 */
#ifndef _ILNP_STATE_H
#define _ILNP_STATE_H

#include <linux/types.h>
#include <uapi/linux/ilnp.h>

#include "locset.h"
#include "nonce.h"

struct ilnp_net;
struct ilnp_peer;
struct netlink_ext_ack;

/* Session views of one peer at most (they go in one netlink message). */
#define ILNP_STATE_PEER_FLOWS_MAX	256

struct ilnp_state_flow {
	u8 proto;
	__be16 lport, pport;
	__be64 local_view, peer_view;
	bool plain;
};

struct ilnp_state_peer {
	u64 nid;
	struct ilnp_locset *locs;	/* owned until installed */
	u64 hist[4];
	unsigned int nhist;
	struct ilnp_nonce nonce_local, nonce_remote;
	u8 state;
	u32 flags;
	u32 srtt_us, rttvar_us;
	unsigned int nflows;
	struct ilnp_state_flow *flows;	/* owned */
};

struct ilnp_state {
	u32 version;
	u64 nid, born;
	u32 flags;
	unsigned int npeers;
	struct ilnp_state_peer *peers;	/* owned */
};

void ilnp_state_free(struct ilnp_state *st);
int ilnp_state_import(struct ilnp_net *in, struct ilnp_state *st,
		      struct netlink_ext_ack *extack);

/* Export: one peer's state, for the dump (caller holds RCU). */
int ilnp_state_peer_get(struct ilnp_peer *p, struct ilnp_state_peer *out);

#endif /* _ILNP_STATE_H */
