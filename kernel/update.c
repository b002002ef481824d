// SPDX-License-Identifier: GPL-2.0
/*
 * The Locator Update exchange (see update.h; wire format in lu.c).
 *
 * An LU carries the sender's whole current locator set and the sender's
 * nonce for the session; the receiver checks the nonce against the one it
 * holds for the sender, and acts only on a nonce proven by return
 * routability (verify.c).  It replaces the sender's locator set in one
 * pointer swap and answers, to the LU's source address, with an LU-ACK
 * whose body is the LU's with Operation 2 (RFC 6743 section 2).  The
 * sender retransmits until the ACK arrives: first after the peer's RTO
 * (timers.c), then doubling, at most lu_retries times.
 *
 * A locator change may concern a hundred thousand peers (a site
 * evacuation): the LUs go out from a work, in batches that give the CPU
 * and the RCU read lock back between them, never from inside the netlink
 * request or notifier that changed the locators.
 */
#include <linux/icmpv6.h>
#include <linux/slab.h>
#include <net/ipv6.h>
#include <asm/unaligned.h>

#include "ilnp.h"
#include "datapath.h"
#include "genl.h"
#include "ilcc.h"
#include "local.h"
#include "lu.h"
#include "netns.h"
#include "nonce.h"
#include "ratelimit.h"
#include "timers.h"
#include "update.h"
#include "verify.h"
#include "xmit.h"

#define ILNP_LU_RETRIES_MAX	16

static int ilnp_lu_retries_set(const char *val, const struct kernel_param *kp)
{
	unsigned int v;
	int err = kstrtouint(val, 0, &v);

	if (err)
		return err;
	if (!v || v > ILNP_LU_RETRIES_MAX)
		return -ERANGE;
	WRITE_ONCE(ilnp_lu_retries, v);
	return 0;
}

static const struct kernel_param_ops ilnp_lu_retries_ops = {
	.set = ilnp_lu_retries_set,
	.get = param_get_uint,
};

unsigned int ilnp_lu_retries __read_mostly = 6;
module_param_cb(lu_retries, &ilnp_lu_retries_ops, &ilnp_lu_retries, 0644);
MODULE_PARM_DESC(lu_retries, "Transmissions of a Locator Update before giving up (1-16)");

/* The locator set of our NID @nid as LU entries; caller holds RCU. */
static unsigned int ilnp_lu_mine(struct ilnp_net *in, u64 nid,
				 struct ilnp_lu_loc locs[ILNP_LOCSET_MAX])
{
	const struct ilnp_locset *set = ilnp_nid_locs_of(in, nid);
	unsigned int i, n = set ? min_t(unsigned int, set->n,
					ILNP_LOCSET_MAX) : 0;

	for (i = 0; i < n; i++) {
		locs[i].loc = set->locs[i].loc;
		locs[i].pref = set->locs[i].pref;
		/* An LU's lifetime is 16 bits; 0 and longer ones saturate. */
		locs[i].lifetime = set->locs[i].lifetime &&
				   set->locs[i].lifetime < U16_MAX ?
				   set->locs[i].lifetime : U16_MAX;
	}
	return n;
}

/* One LU or LU-ACK; caller holds rcu_read_lock(). */
static int ilnp_lu_xmit(struct ilnp_net *in, u64 local_nid,
			const struct in6_addr *daddr,
			const struct ilnp_nonce *nonce, u8 op,
			const struct ilnp_lu_loc *locs, unsigned int n)
{
	size_t len = ilnp_lu_len(n);
	u8 *msg;
	int err;

	if (!len)
		return -EINVAL;
	msg = kmalloc(len, GFP_ATOMIC);
	if (!msg)
		return -ENOMEM;
	ilnp_lu_build(msg, len, op, locs, n);
	err = ilnp_xmit_icmp(in, local_nid, daddr, nonce, msg, len);
	kfree(msg);
	return err;
}

/* Our current set to @p's preferred locator; caller holds RCU. */
static int ilnp_lu_send_update(struct ilnp_net *in, struct ilnp_peer *p,
			       const struct ilnp_nonce *nonce)
{
	struct ilnp_lu_loc *locs;
	const struct ilnp_loc *theirs;
	struct in6_addr daddr;
	unsigned int n;
	int err = -EHOSTUNREACH;

	theirs = ilnp_locset_best(rcu_dereference(p->locs));
	if (!theirs)
		return err;
	ilnp_addr_make(&daddr, theirs->loc, p->key.peer_nid);
	locs = kmalloc_array(ILNP_LOCSET_MAX, sizeof(*locs), GFP_ATOMIC);
	if (!locs)
		return -ENOMEM;
	n = ilnp_lu_mine(in, p->key.local_nid, locs);
	if (n)
		err = ilnp_lu_xmit(in, p->key.local_nid, &daddr, nonce,
				   ILNP_LU_OP_UPDATE, locs, n);
	kfree(locs);
	if (!err) {
		ilnp_stat_inc(in, ILNP_STAT_LU_SENT);
		atomic64_inc(&p->cnt.lu_sent);
	}
	return err;
}

/*
 * Peers we have an ILNP session with: they know our nonce and we theirs.
 * (Idle ones are swept from the ILCC after their timeout.)
 */
static bool ilnp_peer_active(const struct ilnp_peer *p)
{
	return !p->dead && p->nonce_sent && p->nonce_remote.len &&
	       p->state != ILNP_PEER_PLAIN;
}

/*
 * Announce to @p the current locator set of our NID in its entry, unless
 * it was told that very set; true when an LU started.  Caller holds RCU.
 */
static bool ilnp_lu_start(struct ilnp_net *in, struct ilnp_peer *p)
{
	struct ilnp_peer_event e = { .tries = 1 };
	const struct ilnp_locset *set;
	struct ilnp_nonce nonce;

	/* A NID being imported (not live) says nothing yet. */
	if (!ilnp_nid_live(in, p->key.local_nid))
		return false;
	set = ilnp_nid_locs_of(in, p->key.local_nid);
	if (!ilnp_locset_best(set))
		return false;
	spin_lock_bh(&p->lock);
	/* Deadlines that came while the NID was inactive were skipped, the
	 * timer not rearmed (timers.c): they run again now. */
	ilnp_peer_timer_arm(p);
	if (!ilnp_peer_active(p) || p->lu_ver == set->ver) {
		spin_unlock_bh(&p->lock);
		return false;
	}
	p->lu_ver = set->ver;
	WRITE_ONCE(p->state, ILNP_PEER_LU_PENDING);
	p->lu_tries = 1;
	p->lu_sent = ktime_get();
	p->lu_due = jiffies + ilnp_backoff(p, 1);
	ilnp_peer_timer_arm(p);
	nonce = p->nonce_local;
	spin_unlock_bh(&p->lock);

	/* A failed first send (no route yet) is retried by the timer. */
	if (!ilnp_lu_send_update(in, p, &nonce))
		ilnp_genl_notify_peer(in, ILNP_EVT_LU_SENT, &p->key, &e);
	return true;
}

/*
 * Every active peer hears the current set of our NID in its entry, once:
 * the namespace's locators changed (every NID that uses them), or a hosted
 * NID was activated or rebound (its peers only).  The walk gives back the
 * CPU and RCU now and then; an entry removed meanwhile (an eviction) can
 * make the restarted walk skip others of its bucket, so the walk is
 * repeated until a pass starts no LU — a few times at most: peers that
 * keep becoming active under a flood would otherwise keep it going, and
 * one that became active after the change learned the set from our
 * packets anyway.
 */
#define ILNP_ANNOUNCE_PASSES	4

static void ilnp_lu_announce_work(struct work_struct *work)
{
	struct ilnp_net *in = container_of(work, struct ilnp_net, announce);
	unsigned int seen, started, passes = 0;
	struct rhashtable_iter iter;
	struct ilnp_peer *p;

	do {
		started = 0;
		seen = 0;
		rhltable_walk_enter(&in->ilcc.table, &iter);
		rhashtable_walk_start(&iter);
		while ((p = ilnp_walk_next(&iter))) {
			local_bh_disable();
			started += ilnp_lu_start(in, p);
			local_bh_enable();
			ilnp_walk_pause(&iter, &seen);
		}
		rhashtable_walk_stop(&iter);
		rhashtable_walk_exit(&iter);
	} while (started && ++passes < ILNP_ANNOUNCE_PASSES);
}

void ilnp_lu_net_init(struct ilnp_net *in)
{
	INIT_WORK(&in->announce, ilnp_lu_announce_work);
}
ILNP_EXPORT_FOR_KUNIT(ilnp_lu_net_init);

void ilnp_lu_net_exit(struct ilnp_net *in)
{
	cancel_work_sync(&in->announce);
}
ILNP_EXPORT_FOR_KUNIT(ilnp_lu_net_exit);

/**
 * ilnp_lu_announce() - tell every active correspondent our locator set
 * @in: the namespace whose local locators just changed
 *
 * Queues the namespace's announce work (on the high-priority queue: the
 * first LU should leave within a millisecond).  A change while the work
 * runs queues it again, so every peer hears the newest set.
 */
void ilnp_lu_announce(struct ilnp_net *in)
{
	if (!READ_ONCE(in->dying))
		queue_work(system_highpri_wq, &in->announce);
}
ILNP_EXPORT_FOR_KUNIT(ilnp_lu_announce);

/* The LU deadline: retransmit, or give up after lu_retries. */
void ilnp_lu_timer(struct ilnp_peer *p)
{
	struct ilnp_net *in = p->in;
	struct ilnp_peer_event e = {};
	struct ilnp_nonce nonce;
	bool give_up;

	spin_lock_bh(&p->lock);
	if (p->dead || !p->lu_due || time_before(jiffies, p->lu_due)) {
		spin_unlock_bh(&p->lock);
		return;
	}
	if (p->state != ILNP_PEER_LU_PENDING) {
		p->lu_due = 0;
		spin_unlock_bh(&p->lock);
		return;
	}
	give_up = p->lu_tries >= READ_ONCE(ilnp_lu_retries);
	if (give_up) {
		WRITE_ONCE(p->state, ILNP_PEER_CONFIRMED);
		p->lu_due = 0;
	} else {
		p->lu_tries++;
		p->lu_sent = ktime_get();
		p->lu_due = jiffies + ilnp_backoff(p, p->lu_tries);
		ilnp_peer_timer_arm(p);
	}
	e.tries = p->lu_tries;
	nonce = p->nonce_local;
	spin_unlock_bh(&p->lock);

	if (give_up) {
		ilnp_stat_inc(in, ILNP_STAT_LU_TIMEOUT);
		ilnp_genl_notify_peer(in, ILNP_EVT_LU_TIMEOUT, &p->key, &e);
		return;
	}
	if (!ilnp_lu_send_update(in, p, &nonce)) {
		ilnp_stat_inc(in, ILNP_STAT_LU_RETRANS);
		ilnp_genl_notify_peer(in, ILNP_EVT_LU_SENT, &p->key, &e);
	}
}

/*
 * Does an ACK's body repeat the set we advertise now?  Every LU carries
 * our whole current set, so an ACK of any other set is for an older LU
 * and must not end the retransmission of the newer one.
 */
static bool ilnp_lu_acks_current(struct ilnp_net *in, u64 nid,
				 const struct ilnp_lu_loc *locs, unsigned int n)
{
	struct ilnp_lu_loc *mine;
	unsigned int i, m;
	bool same;

	mine = kmalloc_array(ILNP_LOCSET_MAX, sizeof(*mine), GFP_ATOMIC);
	if (!mine)
		return false;
	m = ilnp_lu_mine(in, nid, mine);
	same = m == n;
	for (i = 0; same && i < n; i++)
		same = mine[i].loc == locs[i].loc &&
		       mine[i].pref == locs[i].pref &&
		       mine[i].lifetime == locs[i].lifetime;
	kfree(mine);
	return same;
}

/* The peer acknowledged an LU: the pending one if it repeats its set. */
static void ilnp_lu_acked(struct ilnp_net *in, struct ilnp_peer *p,
			  const struct ilnp_lu_loc *locs, unsigned int n)
{
	struct ilnp_peer_event e = {};
	bool acked = false;

	ilnp_stat_inc(in, ILNP_STAT_LU_ACK_RECV);
	if (!ilnp_lu_acks_current(in, p->key.local_nid, locs, n))
		return;
	spin_lock_bh(&p->lock);
	if (p->state == ILNP_PEER_LU_PENDING) {
		acked = true;
		WRITE_ONCE(p->state, ILNP_PEER_CONFIRMED);
		p->lu_due = 0;
		e.rtt_us = ktime_us_delta(ktime_get(), p->lu_sent);
		/* Karn: a retransmitted LU gives no clean sample. */
		if (p->lu_tries == 1)
			ilnp_peer_rtt_sample(p, e.rtt_us);
	}
	spin_unlock_bh(&p->lock);
	if (acked)
		ilnp_genl_notify_peer(in, ILNP_EVT_LU_ACKED, &p->key, &e);
}

/*
 * The locators of a received LU, as strict as netlink input: unicast
 * L64s, none twice, at most ILNP_LOCSET_MAX.
 */
static bool ilnp_lu_locs_valid(const struct ilnp_lu_loc *locs, unsigned int n)
{
	unsigned int i, j;

	if (n > ILNP_LOCSET_MAX)
		return false;
	for (i = 0; i < n; i++) {
		if (!ilnp_loc_valid(locs[i].loc))
			return false;
		for (j = 0; j < i; j++)
			if (locs[j].loc == locs[i].loc)
				return false;
	}
	return true;
}

/* The peer told us its new locator set: take it whole, then ACK. */
static void ilnp_lu_update(struct ilnp_net *in, struct ilnp_peer *p,
			   const struct in6_addr *from,
			   const struct ilnp_lu_loc *locs, unsigned int n)
{
	struct ilnp_peer_event e = {};
	struct ilnp_locset *set;
	struct ilnp_nonce nonce;
	unsigned int i;
	ktime_t now = ktime_get();

	/* A budget per peer: a burst of LUs is acted on once. */
	spin_lock_bh(&p->lock);
	if (p->lu_taken &&
	    ktime_us_delta(now, p->lu_taken) < ILNP_LU_MIN_INTERVAL_US) {
		spin_unlock_bh(&p->lock);
		ilnp_stat_inc(in, ILNP_STAT_RATELIMITED);
		return;
	}
	p->lu_taken = now;
	nonce = p->nonce_local;
	spin_unlock_bh(&p->lock);

	set = ilnp_locset_alloc(n, GFP_ATOMIC | __GFP_ACCOUNT);
	if (!set)
		return;
	for (i = 0; i < n; i++)
		set->locs[i] = (struct ilnp_loc){
			.loc = locs[i].loc,
			.pref = locs[i].pref,
			.lifetime = locs[i].lifetime,
		};
	ilnp_locset_sort(set);
	ilnp_peer_set_locs(p, set);
	ilnp_stat_inc(in, ILNP_STAT_LU_RECV);
	atomic64_inc(&p->cnt.lu_recv);

	/* Back to where the LU came from, never to an address it names. */
	if (!ilnp_lu_xmit(in, p->key.local_nid, from, &nonce, ILNP_LU_OP_ACK,
			  locs, n))
		ilnp_stat_inc(in, ILNP_STAT_LU_ACK_SENT);
	rcu_read_lock();
	e.locs = rcu_dereference(p->locs);
	ilnp_genl_notify_peer(in, ILNP_EVT_LU_RECV, &p->key, &e);
	rcu_read_unlock();
}

/*
 * A forged or stale nonce (from an off-path node, or a correspondent that
 * restarted): counted, reported (within the event budget) and, when the
 * packet names an entry we have, answered by a return-routability probe
 * to that entry's own locator, which tells the two cases apart.
 */
void ilnp_nonce_mismatch(struct ilnp_net *in, u64 local_nid, u64 peer_nid,
			 u64 sloc, const struct in6_addr *from)
{
	struct ilnp_peer_key key = { local_nid, peer_nid };
	struct ilnp_peer_event e = { .addr = from };
	struct rhlist_head *pos, *list;
	struct ilnp_peer *q = NULL;

	ilnp_stat_inc(in, ILNP_STAT_DROP_NONCE_MISMATCH);
	ilnp_genl_notify_peer(in, ILNP_EVT_NONCE_MISMATCH, &key, &e);
	q = ilnp_peer_find(&in->ilcc, local_nid, peer_nid, sloc);
	if (!q) {
		/* From elsewhere: the peer may have moved.  Ask it. */
		list = ilnp_peer_list(&in->ilcc, local_nid, peer_nid);
		ilnp_peer_for_each(q, pos, list)
			break;
	}
	if (q)
		ilnp_rr_start(in, q, true);
}

/**
 * ilnp_lu_rcv() - an ICMPv6 Locator Update for one of our NIDs
 * @in:        the namespace
 * @skb:       the packet (its nonce option not yet removed)
 * @local_nid: its destination NID
 * @peer_nid:  its source NID
 * @sloc:      its source locator (host order)
 * @nonce:     the nonce it carried, or NULL
 * @off:       offset of the ICMPv6 header from the network header
 *
 * Caller holds rcu_read_lock().  Every LU ends here: it is for us, not for
 * a socket.  A forged one (no nonce, wrong nonce, an unproven nonce), a
 * malformed one and one with bad locators are counted and change nothing.
 *
 * Return: the netfilter verdict (NF_DROP or NF_STOLEN).
 */
unsigned int ilnp_lu_rcv(struct ilnp_net *in, struct sk_buff *skb,
			 u64 local_nid, u64 peer_nid, u64 sloc,
			 const struct ilnp_nonce *nonce, unsigned int off)
{
	const struct ipv6hdr *ip6h;
	struct ilnp_lu_loc *locs;
	struct in6_addr from;
	struct ilnp_peer *p;
	unsigned int len, n;
	u8 op, *msg;

	len = skb->len - skb_network_offset(skb) - off;
	if (len < ILNP_LU_HDR_LEN || len > ILNP_LU_MAX_LEN ||
	    !pskb_may_pull(skb, skb_network_offset(skb) + off + len))
		goto malformed;
	ip6h = ipv6_hdr(skb);
	msg = skb_network_header(skb) + off;
	if (ilnp_lu_csum(&ip6h->saddr, &ip6h->daddr, msg, len))
		goto malformed;
	from = ip6h->saddr;

	if (!nonce) {
		ilnp_stat_inc(in, ILNP_STAT_DROP_NONCE_MISSING);
		return NF_DROP;
	}
	p = ilnp_peer_find_nonce(&in->ilcc, local_nid, peer_nid, nonce);
	if (!p) {
		ilnp_nonce_mismatch(in, local_nid, peer_nid, sloc, &from);
		return NF_DROP;
	}
	if (!ilnp_peer_verified(p)) {
		/* Prove it; the peer retransmits the LU meanwhile. */
		ilnp_stat_inc(in, ILNP_STAT_DROP_UNVERIFIED);
		ilnp_rr_start(in, p, true);
		return NF_DROP;
	}

	locs = kmalloc_array(ILNP_MAX_LOCS, sizeof(*locs), GFP_ATOMIC);
	if (!locs)
		return NF_DROP;
	if (ilnp_lu_parse(msg, len, &op, locs, ILNP_MAX_LOCS, &n)) {
		kfree(locs);
		goto malformed;
	}
	WRITE_ONCE(p->used, jiffies);
	if (op == ILNP_LU_OP_ACK) {
		ilnp_lu_acked(in, p, locs, n);
	} else if (ilnp_lu_locs_valid(locs, n)) {
		ilnp_lu_update(in, p, &from, locs, n);
	} else {
		kfree(locs);
		ilnp_stat_inc(in, ILNP_STAT_DROP_LU_INVALID);
		return NF_DROP;
	}
	kfree(locs);
	consume_skb(skb);
	return NF_STOLEN;

malformed:
	ilnp_stat_inc(in, ILNP_STAT_DROP_MALFORMED);
	return NF_DROP;
}

/**
 * ilnp_paramprob_rcv() - is this Parameter Problem about our nonce?
 * @in:  the namespace
 * @skb: an ICMPv6 Parameter Problem, code 2 (unrecognised option)
 * @off: offset of the ICMPv6 header from the network header
 *
 * RFC 6744 section 6: a correspondent that does not know the nonce option
 * answers it with this error; from then on the session is plain IPv6.  The
 * error quotes our packet, nonce included, which shows it came from a node
 * that saw the packet.  Within the namespace's budget of such errors.
 * Caller holds rcu_read_lock().
 *
 * Return: true when the error was ours to handle (the caller drops it so
 * that no socket takes it for a fatal error).
 */
bool ilnp_paramprob_rcv(struct ilnp_net *in, struct sk_buff *skb,
			unsigned int off)
{
	/* ICMPv6 header, quoted IPv6 header, our Destination Options. */
	u8 buf[sizeof(struct icmp6hdr) + sizeof(struct ipv6hdr) +
	       ILNP_NONCE_HDR_MAX];
	const unsigned int inner = sizeof(struct icmp6hdr);
	const unsigned int opt = inner + sizeof(struct ipv6hdr);
	struct rhlist_head *pos, *list;
	const struct ipv6hdr *qh;
	bool ours = false, fallback = false;
	struct ilnp_nonce quoted;
	struct ilnp_peer *p;
	u8 *b;

	b = skb_header_pointer(skb, skb_network_offset(skb) + off,
			       sizeof(buf), buf);
	if (!b)
		return false;
	qh = (const struct ipv6hdr *)&b[inner];
	/* The pointer must name the type byte of our option. */
	if (qh->nexthdr != NEXTHDR_DEST ||
	    get_unaligned_be32(&b[4]) != sizeof(struct ipv6hdr) + 2 ||
	    ilnp_nonce_opt_find(&b[opt], sizeof(buf) - opt, &quoted, NULL))
		return false;
	if (!ilnp_ratelimit(in, ILNP_RL_ICMP))
		return true;	/* about a nonce, over budget: drop it */

	list = ilnp_peer_list(&in->ilcc, ilnp_addr_nid(&qh->saddr),
			      ilnp_addr_nid(&qh->daddr));
	/*
	 * Every error about our nonce is ours, also those that arrive after
	 * the first made the peer plain (one for each packet that carried
	 * it): a socket must see none of them.
	 */
	ilnp_peer_for_each(p, pos, list) {
		spin_lock_bh(&p->lock);
		if (ilnp_nonce_equal(&quoted, &p->nonce_local)) {
			ours = true;
			fallback = p->state != ILNP_PEER_PLAIN;
			/* (Plain: a stranger we asked said no.  Done.) */
			ilnp_peer_set_plain(p);
		}
		spin_unlock_bh(&p->lock);
		if (ours)
			break;
	}
	if (fallback) {
		ilnp_stat_inc(in, ILNP_STAT_PEER_FALLBACK);
		ilnp_genl_notify_peer(in, ILNP_EVT_PEER_FALLBACK, &p->key,
				      NULL);
	}
	return ours;
}
