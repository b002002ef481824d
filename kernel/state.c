// SPDX-License-Identifier: GPL-2.0
/*
 * A hosted NID's state, exported and imported (see state.h).
 *
 * Import is all or nothing.  The whole blob is checked first; then the NID
 * is installed inactive (the data path drops its packets, so what follows
 * is invisible), its peers and views after it; any failure removes the lot.
 * Nothing runs for an imported NID until STATE_ACTIVATE (local.c) makes
 * it live and announces its new locator.
 */
#include <linux/in.h>
#include <linux/netlink.h>
#include <linux/slab.h>

#include "ilnp.h"
#include "flow.h"
#include "ilcc.h"
#include "local.h"
#include "netns.h"
#include "state.h"
#include "timers.h"

#define ILNP_STATE_RTT_MAX_US	(60U * USEC_PER_SEC)

static_assert(ARRAY_SIZE(((struct ilnp_state_peer *)0)->hist) ==
	      ILNP_PEER_HIST);
#define ILNP_STATE_PEER_FLAGS	(ILNP_PEER_F_STATIC | ILNP_PEER_F_PLAIN_IPV6 | \
				 ILNP_PEER_F_VERIFIED | ILNP_PEER_F_RESPONDER)

void ilnp_state_free(struct ilnp_state *st)
{
	unsigned int i;

	for (i = 0; st->peers && i < st->npeers; i++) {
		kfree(st->peers[i].locs);
		kfree(st->peers[i].flows);
	}
	kfree(st->peers);
	st->peers = NULL;
	st->npeers = 0;
}

/* Does peer @a hold one of @b's locators (current or earlier)? */
static bool ilnp_state_peers_clash(const struct ilnp_state_peer *a,
				   const struct ilnp_state_peer *b)
{
	unsigned int i, j;

	if (a->nid != b->nid)
		return false;
	for (i = 0; i < a->locs->n; i++) {
		if (ilnp_locset_find(b->locs, a->locs->locs[i].loc) >= 0)
			return true;
		for (j = 0; j < b->nhist; j++)
			if (b->hist[j] == a->locs->locs[i].loc)
				return true;
	}
	return false;
}

static int ilnp_state_check_peer(const struct ilnp_state *st,
				 const struct ilnp_state_peer *sp,
				 struct netlink_ext_ack *extack)
{
	unsigned int i, j;

	if (!sp->nid || sp->nid == st->nid) {
		NL_SET_ERR_MSG(extack, "State: a peer's NID is zero or ours");
		return -EINVAL;
	}
	if (!sp->locs || !sp->locs->n || sp->locs->n > ILNP_LOCSET_MAX) {
		NL_SET_ERR_MSG(extack, "State: a peer needs 1 to 64 locators");
		return -EINVAL;
	}
	for (i = 0; i < sp->locs->n; i++)
		if (!ilnp_loc_valid(sp->locs->locs[i].loc) ||
		    ilnp_locset_find(sp->locs, sp->locs->locs[i].loc) != (int)i) {
			NL_SET_ERR_MSG(extack, "State: a peer locator is invalid or repeated");
			return -EINVAL;
		}
	for (i = 0; i < sp->nhist; i++)
		if (!ilnp_loc_valid(sp->hist[i])) {
			NL_SET_ERR_MSG(extack, "State: an earlier locator is invalid");
			return -EINVAL;
		}
	if (!ilnp_nonce_len_valid(sp->nonce_local.len) ||
	    (sp->nonce_remote.len && !ilnp_nonce_len_valid(sp->nonce_remote.len))) {
		NL_SET_ERR_MSG(extack, "State: a nonce is not 4 or 12 bytes");
		return -EINVAL;
	}
	if (sp->state >= __ILNP_PEER_STATE_MAX ||
	    (sp->flags & ~ILNP_STATE_PEER_FLAGS) ||
	    sp->srtt_us > ILNP_STATE_RTT_MAX_US ||
	    sp->rttvar_us > ILNP_STATE_RTT_MAX_US) {
		NL_SET_ERR_MSG(extack, "State: a peer's state, flags or RTT is out of range");
		return -EINVAL;
	}
	if (sp->nflows > ILNP_STATE_PEER_FLOWS_MAX) {
		NL_SET_ERR_MSG(extack, "State: more than 256 session views of one peer");
		return -E2BIG;
	}
	for (i = 0; i < sp->nflows; i++) {
		const struct ilnp_state_flow *f = &sp->flows[i];

		if (!f->local_view || !f->peer_view) {
			NL_SET_ERR_MSG(extack, "State: a session view has no locator");
			return -EINVAL;
		}
		for (j = 0; j < i; j++)
			if (sp->flows[j].proto == f->proto &&
			    sp->flows[j].lport == f->lport &&
			    sp->flows[j].pport == f->pport) {
				NL_SET_ERR_MSG(extack, "State: one session given twice");
				return -EINVAL;
			}
	}
	return 0;
}

/* The whole blob, before anything is installed. */
static int ilnp_state_check(struct ilnp_net *in, const struct ilnp_state *st,
			    struct netlink_ext_ack *extack)
{
	unsigned int i, j, nflows = 0;
	int err;

	if (st->version != ILNP_STATE_VERSION) {
		NL_SET_ERR_MSG(extack, "State of another version");
		return -EPROTO;
	}
	if (!st->nid || !(st->flags & ILNP_NID_F_HOSTED) ||
	    (st->flags & ~ILNP_NID_F_HOSTED) || !ilnp_loc_valid(st->born)) {
		NL_SET_ERR_MSG(extack, "State: not a hosted NID with a born locator");
		return -EINVAL;
	}
	if (st->npeers > ILNP_STATE_PEERS_MAX) {
		NL_SET_ERR_MSG(extack, "State: more than 256 peers");
		return -E2BIG;
	}
	for (i = 0; i < st->npeers; i++) {
		err = ilnp_state_check_peer(st, &st->peers[i], extack);
		if (err)
			return err;
		nflows += st->peers[i].nflows;
		for (j = 0; j < i; j++)
			if (ilnp_state_peers_clash(&st->peers[i], &st->peers[j]) ||
			    ilnp_state_peers_clash(&st->peers[j], &st->peers[i])) {
				NL_SET_ERR_MSG(extack, "State: two peers of one NID share a locator");
				return -EINVAL;
			}
	}
	if (nflows > ILNP_STATE_FLOWS_MAX) {
		NL_SET_ERR_MSG(extack, "State: more than 4096 session views");
		return -E2BIG;
	}
	return 0;
}

/* One peer and its views, published; on error the caller rolls back. */
static int ilnp_state_install_peer(struct ilnp_net *in, u64 nid,
				   struct ilnp_state_peer *sp,
				   struct netlink_ext_ack *extack)
{
	struct ilnp_peer *p;
	unsigned int i;
	int err;

	p = ilnp_peer_alloc(in, nid, sp->nid, sp->locs, sp->flags, GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	sp->locs = NULL;		/* the entry owns it now */
	memcpy(p->hist, sp->hist, sp->nhist * sizeof(p->hist[0]));
	p->nonce_local = sp->nonce_local;
	p->nonce_remote = sp->nonce_remote;
	/* An LU in flight is the old host's: the new one sends its own. */
	p->state = sp->state == ILNP_PEER_LU_PENDING ? ILNP_PEER_CONFIRMED :
						       sp->state;
	p->nonce_sent = p->state != ILNP_PEER_NEW;
	p->srtt_us = sp->srtt_us;
	p->rttvar_us = sp->rttvar_us;
	p->lu_ver = 0;			/* activation announces */
	err = ilnp_peer_publish(in, p, false);
	if (err) {
		if (err == -EEXIST)
			NL_SET_ERR_MSG(extack, "State: a peer clashes with one already here");
		ilnp_peer_discard(p);
		return err;
	}
	rcu_read_lock();
	for (i = 0; i < sp->nflows && !err; i++) {
		const struct ilnp_state_flow *f = &sp->flows[i];
		struct ilnp_flow_key key = {
			.peer_id = p->id, .proto = f->proto,
			.lport = f->lport, .pport = f->pport,
		};

		if (!ilnp_flow_add(in, p, &key, f->local_view, f->peer_view,
				   f->plain)) {
			NL_SET_ERR_MSG(extack, "State: no room for a session view (flow_max, or an unverified peer's share)");
			err = -ENOSPC;
		}
	}
	rcu_read_unlock();
	return err;
}

/**
 * ilnp_state_import() - install a NID's state, inactive
 * @in:     the namespace
 * @st:     the state (its locator sets are taken over; the caller still
 *          frees @st with ilnp_state_free())
 * @extack: for the error message
 *
 * Return: 0, or a negative errno with nothing changed.
 */
int ilnp_state_import(struct ilnp_net *in, struct ilnp_state *st,
		      struct netlink_ext_ack *extack)
{
	struct ilnp_nid *n;
	unsigned int i;
	int err;

	err = ilnp_state_check(in, st, extack);
	if (err)
		return err;
	n = kzalloc(sizeof(*n), GFP_KERNEL_ACCOUNT);
	if (!n)
		return -ENOMEM;
	n->nid = st->nid;
	n->born = st->born;
	n->flags = ILNP_NID_F_HOSTED | ILNP_NID_F_INACTIVE;
	err = ilnp_nid_install(in, n, extack);
	if (err) {
		kfree(n);
		return err;
	}
	for (i = 0; i < st->npeers && !err; i++)
		err = ilnp_state_install_peer(in, st->nid, &st->peers[i], extack);
	if (err)
		ilnp_nid_del(in, st->nid, NULL);
	return err;
}

/**
 * ilnp_state_peer_get() - one peer's state, for STATE_GET
 * @p:   the peer (caller holds rcu_read_lock())
 * @out: filled in; free its locs and flows with kfree()
 *
 * Return: 0, -E2BIG when the peer has more views than a state may carry,
 * -ENOMEM.
 */
int ilnp_state_peer_get(struct ilnp_peer *p, struct ilnp_state_peer *out)
{
	const struct ilnp_locset *set;
	struct ilnp_flow *fl;
	unsigned int i = 0;
	int err = 0;

	memset(out, 0, sizeof(*out));
	out->flows = kmalloc_array(ILNP_STATE_PEER_FLOWS_MAX,
				   sizeof(*out->flows), GFP_ATOMIC);
	if (!out->flows)
		return -ENOMEM;
	spin_lock_bh(&p->lock);
	set = ilnp_peer_locs(p);
	out->locs = set ? kmemdup(set, struct_size(set, locs, set->n),
				  GFP_ATOMIC) : NULL;
	out->nid = p->key.peer_nid;
	for (out->nhist = 0; out->nhist < ILNP_PEER_HIST &&
	     p->hist[out->nhist]; out->nhist++)
		out->hist[out->nhist] = p->hist[out->nhist];
	out->nonce_local = p->nonce_local;
	out->nonce_remote = p->nonce_remote;
	out->state = p->state;
	out->flags = p->flags;
	out->srtt_us = p->srtt_us;
	out->rttvar_us = p->rttvar_us;
	hlist_for_each_entry(fl, &p->flows, peer_node) {
		if (i == ILNP_STATE_PEER_FLOWS_MAX) {
			err = -E2BIG;
			break;
		}
		out->flows[i++] = (struct ilnp_state_flow){
			.proto = fl->key.proto,
			.lport = fl->key.lport, .pport = fl->key.pport,
			.local_view = READ_ONCE(fl->local_view),
			.peer_view = READ_ONCE(fl->peer_view),
			.plain = READ_ONCE(fl->plain),
		};
	}
	out->nflows = i;
	spin_unlock_bh(&p->lock);
	if (!err && !out->locs)
		err = -ENOMEM;
	if (err) {
		kfree(out->locs);
		kfree(out->flows);
		out->locs = NULL;
		out->flows = NULL;
	}
	return err;
}
