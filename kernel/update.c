// SPDX-License-Identifier: GPL-2.0
/*
 * The Locator Update exchange (see update.h; wire format in lu.c).
 *
 * An LU carries the sender's whole current locator set and the sender's
 * nonce for the session; the receiver checks the nonce against the one it
 * learned from the first packets of the session, replaces the sender's
 * locator set in one pointer swap and answers with an LU-ACK whose body is
 * the LU's with Operation 2 (RFC 6743 section 2).  The sender retransmits
 * until the ACK arrives: first after the peer's RTO (RFC 6298 from the RTT
 * samples of the nonce handshake and of earlier LUs), then doubling, at most
 * lu_retries times.
 */
#include <linux/icmpv6.h>
#include <linux/netfilter.h>
#include <linux/pkt_sched.h>
#include <linux/slab.h>
#include <net/ip6_route.h>
#include <net/ipv6.h>
#include <asm/unaligned.h>

#include "ilnp.h"
#include "genl.h"
#include "ilcc.h"
#include "local.h"
#include "lu.h"
#include "netns.h"
#include "nonce.h"
#include "update.h"

unsigned int ilnp_lu_retries __read_mostly = 6;
module_param_named(lu_retries, ilnp_lu_retries, uint, 0644);
MODULE_PARM_DESC(lu_retries, "Transmissions of a Locator Update before giving up");

static void ilnp_addr_make(struct in6_addr *a, u64 loc, u64 nid)
{
	put_unaligned_be64(loc, &a->s6_addr[0]);
	put_unaligned_be64(nid, &a->s6_addr[8]);
}

/*
 * Send one LU or LU-ACK to @p from our preferred locator.  Softirq-safe;
 * caller holds rcu_read_lock().
 */
static int ilnp_lu_xmit(struct ilnp_net *in, struct ilnp_peer *p, u8 op,
			const struct ilnp_lu_loc *locs, unsigned int n)
{
	const struct ilnp_loc *mine, *theirs;
	struct flowi6 fl6 = { .flowi6_proto = IPPROTO_ICMPV6 };
	size_t msglen = ilnp_lu_len(n);
	struct ilnp_nonce nonce;
	unsigned int optlen;
	struct dst_entry *dst;
	struct ipv6hdr *ip6h;
	struct sk_buff *skb;
	u8 *msg;
	int err;

	mine = ilnp_locset_best(rcu_dereference(in->locs));
	theirs = ilnp_locset_best(rcu_dereference(p->locs));
	if (!mine || !theirs || !p->local_nid || !msglen)
		return -EHOSTUNREACH;

	spin_lock_bh(&p->lock);
	nonce = p->nonce_local;
	spin_unlock_bh(&p->lock);
	optlen = ilnp_nonce_hdr_len(&nonce);

	ilnp_addr_make(&fl6.saddr, mine->loc, p->local_nid);
	ilnp_addr_make(&fl6.daddr, theirs->loc, p->nid);
	fl6.fl6_icmp_type = ILNP_ICMPV6_LU;
	dst = ip6_route_output(in->net, NULL, &fl6);
	err = dst->error;
	if (err) {
		dst_release(dst);
		return err;
	}

	skb = alloc_skb(LL_RESERVED_SPACE(dst->dev) + dst->header_len +
			sizeof(*ip6h) + optlen + msglen, GFP_ATOMIC);
	if (!skb) {
		dst_release(dst);
		return -ENOMEM;
	}
	skb_reserve(skb, LL_RESERVED_SPACE(dst->dev) + dst->header_len +
		    sizeof(*ip6h) + optlen);
	msg = skb_put(skb, msglen);
	skb_reset_transport_header(skb);
	ilnp_lu_build(msg, msglen, op, locs, n);
	put_unaligned(ilnp_lu_csum(&fl6.saddr, &fl6.daddr, msg, msglen),
		      (__sum16 *)&msg[ILNP_LU_OFF_CSUM]);

	ilnp_nonce_hdr_build(skb_push(skb, optlen), optlen, IPPROTO_ICMPV6,
			     &nonce);
	ip6h = skb_push(skb, sizeof(*ip6h));
	skb_reset_network_header(skb);
	ip6_flow_hdr(ip6h, 0, 0);
	ip6h->nexthdr = NEXTHDR_DEST;
	ip6h->hop_limit = ip6_dst_hoplimit(dst);
	ip6h->saddr = fl6.saddr;
	ip6h->daddr = fl6.daddr;
	skb->protocol = htons(ETH_P_IPV6);
	skb->priority = TC_PRIO_CONTROL;
	skb_dst_set(skb, dst);

	err = ip6_local_out(in->net, NULL, skb);
	return net_xmit_eval(err);
}

/* Our locator set as LU entries; caller holds rcu_read_lock(). */
static struct ilnp_lu_loc *ilnp_lu_mine(struct ilnp_net *in, unsigned int *n)
{
	const struct ilnp_locset *set = rcu_dereference(in->locs);
	struct ilnp_lu_loc *locs;
	unsigned int i;

	if (!set || !set->n)
		return NULL;
	locs = kmalloc_array(set->n, sizeof(*locs), GFP_ATOMIC);
	if (!locs)
		return NULL;
	for (i = 0; i < set->n; i++) {
		locs[i].loc = set->locs[i].loc;
		locs[i].pref = set->locs[i].pref;
		/* An LU's lifetime is 16 bits; 0 and longer ones saturate. */
		locs[i].lifetime = set->locs[i].lifetime &&
				   set->locs[i].lifetime < U16_MAX ?
				   set->locs[i].lifetime : U16_MAX;
	}
	*n = set->n;
	return locs;
}

static int ilnp_lu_send_update(struct ilnp_net *in, struct ilnp_peer *p)
{
	struct ilnp_lu_loc *locs;
	unsigned int n;
	int err;

	locs = ilnp_lu_mine(in, &n);
	if (!locs)
		return -ENOMEM;
	err = ilnp_lu_xmit(in, p, ILNP_LU_OP_UPDATE, locs, n);
	kfree(locs);
	if (!err) {
		ilnp_stat_inc(in, ILNP_STAT_LU_SENT);
		atomic64_inc(&p->cnt.lu_sent);
	}
	return err;
}

/*
 * Peers we have an ILNP session with: they know our nonce and we theirs.
 * (Idle ones are swept from the ILCC after session_timeout.)
 */
static bool ilnp_peer_active(const struct ilnp_peer *p)
{
	return p->nonce_sent && p->nonce_remote.len &&
	       p->state != ILNP_PEER_PLAIN && p->local_nid;
}

static void ilnp_lu_start(struct ilnp_net *in, struct ilnp_peer *p)
{
	struct ilnp_peer_event e = { .tries = 1 };
	u32 rto;

	spin_lock_bh(&p->lock);
	if (p->dead || !ilnp_peer_active(p)) {
		spin_unlock_bh(&p->lock);
		return;
	}
	WRITE_ONCE(p->state, ILNP_PEER_LU_PENDING);
	p->lu_tries = 1;
	p->lu_sent = ktime_get();
	rto = ilnp_peer_rto_us(p);
	mod_timer(&p->lu_timer, jiffies + usecs_to_jiffies(rto));
	spin_unlock_bh(&p->lock);

	/* A failed first send (no route yet) is retried by the timer. */
	if (!ilnp_lu_send_update(in, p))
		ilnp_genl_notify_peer(in, ILNP_EVT_LU_SENT, p->nid, &e);
}

/**
 * ilnp_lu_announce() - tell every active correspondent our locator set
 * @in: the namespace whose local locators just changed
 *
 * Sends the first LU to each peer right away, from the caller's context
 * (the netlink request that changed the locators), and arms each peer's
 * retransmission timer.
 */
void ilnp_lu_announce(struct ilnp_net *in)
{
	struct rhashtable_iter iter;
	struct ilnp_peer *p;
	bool any;

	/* With no locator left there is nothing to say, nor a place to
	 * say it from; the next locator added announces itself. */
	rcu_read_lock();
	any = ilnp_locset_best(rcu_dereference(in->locs));
	rcu_read_unlock();
	if (!any)
		return;

	rhashtable_walk_enter(&in->ilcc.table, &iter);
	rhashtable_walk_start(&iter);
	while ((p = ilnp_walk_next(&iter))) {
		local_bh_disable();
		ilnp_lu_start(in, p);
		local_bh_enable();
	}
	rhashtable_walk_stop(&iter);
	rhashtable_walk_exit(&iter);
}

void ilnp_lu_timer(struct timer_list *t)
{
	struct ilnp_peer *p = from_timer(p, t, lu_timer);
	struct ilnp_peer_event e = {};
	struct ilnp_net *in = p->in;
	bool give_up;
	u32 rto;

	spin_lock(&p->lock);
	if (p->dead || p->state != ILNP_PEER_LU_PENDING) {
		spin_unlock(&p->lock);
		return;
	}
	give_up = p->lu_tries >= READ_ONCE(ilnp_lu_retries);
	if (give_up) {
		WRITE_ONCE(p->state, ILNP_PEER_CONFIRMED);
	} else {
		p->lu_tries++;
		p->lu_sent = ktime_get();
		rto = ilnp_peer_rto_us(p) << min_t(u8, p->lu_tries - 1, 8);
		mod_timer(&p->lu_timer, jiffies +
			  usecs_to_jiffies(min_t(u32, rto, 60 * USEC_PER_SEC)));
	}
	e.tries = p->lu_tries;
	spin_unlock(&p->lock);

	if (give_up) {
		ilnp_stat_inc(in, ILNP_STAT_LU_TIMEOUT);
		ilnp_genl_notify_peer(in, ILNP_EVT_LU_TIMEOUT, p->nid, &e);
		return;
	}
	rcu_read_lock();
	if (!ilnp_lu_send_update(in, p)) {
		ilnp_stat_inc(in, ILNP_STAT_LU_RETRANS);
		ilnp_genl_notify_peer(in, ILNP_EVT_LU_SENT, p->nid, &e);
	}
	rcu_read_unlock();
}

/*
 * Does an ACK's body repeat the set we advertise now?  Every LU carries
 * our whole current set, so an ACK of any other set is for an older LU
 * and must not end the retransmission of the newer one.
 */
static bool ilnp_lu_acks_current(struct ilnp_net *in,
				 const struct ilnp_lu_loc *locs, unsigned int n)
{
	struct ilnp_lu_loc *mine;
	unsigned int i, m;
	bool same;

	mine = ilnp_lu_mine(in, &m);
	if (!mine)
		return false;
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
	if (!ilnp_lu_acks_current(in, locs, n))
		return;
	spin_lock(&p->lock);
	if (p->state == ILNP_PEER_LU_PENDING) {
		acked = true;
		WRITE_ONCE(p->state, ILNP_PEER_CONFIRMED);
		e.rtt_us = ktime_us_delta(ktime_get(), p->lu_sent);
		/* Karn: a retransmitted LU gives no clean sample. */
		if (p->lu_tries == 1)
			ilnp_peer_rtt_sample(p, e.rtt_us);
		del_timer(&p->lu_timer);
	}
	spin_unlock(&p->lock);
	if (acked)
		ilnp_genl_notify_peer(in, ILNP_EVT_LU_ACKED, p->nid, &e);
}

/* The peer told us its new locator set: take it whole, then ACK. */
static void ilnp_lu_update(struct ilnp_net *in, struct ilnp_peer *p,
			   const struct ilnp_lu_loc *locs, unsigned int n)
{
	struct ilnp_peer_event e = {};
	struct ilnp_locset *set;
	unsigned int i;

	set = ilnp_locset_alloc(n, GFP_ATOMIC);
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

	if (!ilnp_lu_xmit(in, p, ILNP_LU_OP_ACK, locs, n))
		ilnp_stat_inc(in, ILNP_STAT_LU_ACK_SENT);
	e.locs = set;
	ilnp_genl_notify_peer(in, ILNP_EVT_LU_RECV, p->nid, &e);
}

/**
 * ilnp_lu_rcv() - an ICMPv6 Locator Update for one of our NIDs
 * @in:    the namespace
 * @skb:   the packet, nonce option already validated and removed
 * @nonce: the nonce it carried, or NULL
 * @off:   offset of the ICMPv6 header from the network header
 *
 * Caller holds rcu_read_lock().  Every LU ends here: it is for us, not for
 * a socket.  A forged one (no nonce, wrong nonce, no session) and a
 * malformed one are counted and change nothing.
 *
 * Return: the netfilter verdict (NF_DROP or NF_STOLEN).
 */
unsigned int ilnp_lu_rcv(struct ilnp_net *in, struct sk_buff *skb,
			 const struct ilnp_nonce *nonce, unsigned int off)
{
	const struct ipv6hdr *ip6h;
	struct ilnp_lu_loc *locs;
	struct ilnp_peer *p;
	unsigned int len, n;
	u8 op, *msg;
	u64 nid;

	len = skb->len - skb_network_offset(skb) - off;
	if (len < ILNP_LU_HDR_LEN || len > ILNP_LU_MAX_LEN ||
	    !pskb_may_pull(skb, skb_network_offset(skb) + off + len))
		goto malformed;
	ip6h = ipv6_hdr(skb);
	msg = skb_network_header(skb) + off;
	if (ilnp_lu_csum(&ip6h->saddr, &ip6h->daddr, msg, len))
		goto malformed;

	nid = get_unaligned_be64(&ip6h->saddr.s6_addr[8]);
	if (!nonce) {
		ilnp_stat_inc(in, ILNP_STAT_DROP_NONCE_MISSING);
		return NF_DROP;
	}
	p = ilnp_peer_lookup(&in->ilcc, nid);
	if (!p || !p->nonce_remote.len ||
	    !ilnp_nonce_equal(nonce, &p->nonce_remote)) {
		struct ilnp_peer_event e = { .addr = &ip6h->saddr };

		ilnp_stat_inc(in, ILNP_STAT_DROP_NONCE_MISMATCH);
		ilnp_genl_notify_peer(in, ILNP_EVT_NONCE_MISMATCH, nid, &e);
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
	if (op == ILNP_LU_OP_UPDATE)
		ilnp_lu_update(in, p, locs, n);
	else
		ilnp_lu_acked(in, p, locs, n);
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
 * that saw the packet.  Caller holds rcu_read_lock().
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
	const struct ipv6hdr *qh;
	struct ilnp_nonce quoted;
	struct ilnp_peer *p;
	bool ours = false;
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

	p = ilnp_peer_lookup(&in->ilcc,
			     get_unaligned_be64(&qh->daddr.s6_addr[8]));
	if (!p)
		return false;
	spin_lock(&p->lock);
	if (ilnp_nonce_equal(&quoted, &p->nonce_local) &&
	    p->state != ILNP_PEER_PLAIN) {
		ours = true;
		ilnp_peer_set_plain(p);
	}
	spin_unlock(&p->lock);
	if (ours) {
		ilnp_stat_inc(in, ILNP_STAT_PEER_FALLBACK);
		ilnp_genl_notify_peer(in, ILNP_EVT_PEER_FALLBACK, p->nid, NULL);
	}
	return ours;
}
