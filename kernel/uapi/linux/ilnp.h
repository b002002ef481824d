/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * ILNPv6 generic netlink interface (family "ilnp", version 1).
 *
 * ILNPv6 (RFC 6740-6744) splits an IPv6 address into a 64-bit Locator (L64,
 * the high half: where the node is) and a 64-bit Node Identifier (NID, the
 * low half: who the node is).  Transport sessions bind to NIDs; locators may
 * change under them.  All state is per network namespace; every request acts
 * on the namespace of the requesting socket.
 *
 * Number formats
 * --------------
 * NIDs and L64s travel as u64 in *host* byte order, holding the 64 bits as
 * they appear on the wire read as a big-endian number: the address
 * 2001:db8:1:2:0:0:0:5 is L64 0x20010db800010002, NID 0x0000000000000005.
 *
 * Permissions
 * -----------
 * Every command that changes state needs CAP_NET_ADMIN in the user namespace
 * owning the network namespace.  GET/dump commands are open to everyone, but
 * nonces (session secrets) are only reported to CAP_NET_ADMIN callers, and
 * only such callers may join the events group (it names correspondents and
 * carries the sources of forged packets).
 *
 * Which correspondents are ILNP
 * -----------------------------
 * Loading the module changes nothing for ordinary IPv6 traffic.  ILNP is
 * used with a correspondent only when (a) an administrator added it
 * (PEER_ADD: for instance from its RFC 6742 NID and L64 records), (b) its
 * address falls in a prefix added with PREFIX_ADD (our first packets to it
 * carry the nonce option; a Parameter Problem, or silence, makes it plain
 * IPv6), or (c) it opened an ILNP session to us (its first packet carried
 * a nonce).  Any other destination is plain IPv6 and gets no state.
 *
 * A correspondent is an ILCC entry keyed by (our NID, its NID) and told
 * apart from other hosts with the same NID by its locators: a packet
 * belongs to an entry only if it is addressed to (or comes from) one of the
 * entry's current or earlier locators, or carries the entry's nonce.  The
 * peer's nonce is trusted for Locator Updates only once a return-
 * routability check proved it (flag ILNP_PEER_F_VERIFIED): an ICMPv6 echo
 * request carrying our nonce and an unpredictable cookie, sent to the
 * peer's known locator, answered with the cookie and the peer's nonce.  The
 * same check runs when a packet arrives with a nonce other than the one we
 * know (a correspondent that restarted), so a restarted peer is back within
 * one round trip while an off-path node, which never sees the cookie,
 * changes nothing.  Documentation/protocol.md, section 4, has the details.
 *
 * Errors
 * ------
 * Rejected requests return a negative errno and an extended ACK message that
 * names the offending attribute:  -EINVAL (malformed or out of range),
 * -EEXIST (duplicate add), -ENOENT (delete/get of something absent),
 * -ENOSPC (table full), -EPERM (not admin).  A rejected request changes
 * nothing.
 *
 * Commands
 * --------
 * ILNP_CMD_GET_INFO
 *	Request: none.  Reply: ILNP_A_VERSION, ILNP_A_NID_COUNT,
 *	ILNP_A_LOC_COUNT, ILNP_A_PEER_COUNT, ILNP_A_MAP_COUNT.
 *
 * ILNP_CMD_NID_ADD / ILNP_CMD_NID_DEL
 *	Add or remove a local Node Identifier.  Attributes: ILNP_A_NID
 *	(required).  Deleting a NID removes every ILCC entry and session view
 *	of it: its sessions carry on as plain IPv6, so those whose locators
 *	changed since they began stop working.
 *	A hosted NID (ILNP_A_FLAGS ILNP_NID_F_HOSTED) is a guest's: this node
 *	is the guest's ILNP end (a proxy) on the packets it forwards for it.
 *	The guest keeps the address it was born with, ILNP_A_NID_BORN|NID
 *	(required), and never knows it moved: towards ILNP correspondents
 *	the node does the handshake, adds and removes the nonce, converts
 *	between the guest's ordinary checksums and the NID-only ones, and
 *	sends and answers LUs for it, as for its own NIDs; towards plain IPv6
 *	ones it rewrites the born locator to the current one and back.  Its
 *	current locator is ILNP_A_LOC when given (a set of its own), else the
 *	node's locators.
 *	An automatic NID (ILNP_NID_F_AUTO; not with HOSTED) makes the node's
 *	locators follow its addresses: every global address on an up
 *	interface whose interface identifier is that NID (SLAAC with a token,
 *	EUI-64, or an address the administrator adds) brings its /64 in as a
 *	locator tied to the interface, withdrawn when the address goes.  When
 *	the interface announces that the node moved (NETDEV_NOTIFY_PEERS,
 *	sent by virtio-net after a live migration) the node solicits a
 *	router at once, and the first new such address within 10 s becomes
 *	the preferred locator while the interface's other locators are
 *	withdrawn (they belong to the link it left); LUs go out for both.
 * ILNP_CMD_NID_GET
 *	doit with ILNP_A_NID, or dump (NLM_F_DUMP) of all local NIDs.  Each
 *	reply carries ILNP_A_NID, ILNP_A_FLAGS (ILNP_NID_F_*) and, for a
 *	hosted NID, ILNP_A_NID_BORN and ILNP_A_NID_LOCS (its own locators,
 *	when it has some).
 *
 * ILNP_CMD_LOC_ADD / ILNP_CMD_LOC_SET / ILNP_CMD_LOC_DEL
 *	Add, change or withdraw a local locator.  Attributes: ILNP_A_LOC
 *	(required), ILNP_A_PREF (u16, lower is preferred, default 10),
 *	ILNP_A_LIFETIME (u32 seconds, 0 = infinite, default 0), ILNP_A_IFINDEX
 *	(u32, 0 = any interface).  ADD fails with -EEXIST for a known locator,
 *	SET and DEL with -ENOENT for an unknown one.  At most
 *	ILNP_LOCSET_MAX locators.  Any change of the local locator set sends
 *	Locator Updates to every active correspondent, from a work queued by
 *	the request (in batches; the request does not wait for them).
 * ILNP_CMD_LOC_GET
 *	doit with ILNP_A_LOC, or dump.  Replies: ILNP_A_LOC, ILNP_A_PREF,
 *	ILNP_A_LIFETIME, ILNP_A_IFINDEX.
 *
 * ILNP_CMD_PEER_ADD / ILNP_CMD_PEER_DEL
 *	Add (a static entry: a correspondent known to speak ILNP) or remove
 *	correspondents in the Identifier-Locator Communication Cache (ILCC).
 *	Attributes: ILNP_A_NID (the peer's NID, required), ILNP_A_LOCAL_NID
 *	(our NID in sessions with it; optional when exactly one local NID
 *	exists, which it then defaults to) and, for ADD, ILNP_A_PEER_LOCS: a
 *	nest of one or more ILNP_A_LOC_ENTRY nests, each with ILNP_A_LOC,
 *	ILNP_A_PREF and ILNP_A_LIFETIME (at most ILNP_LOCSET_MAX entries, no
 *	locator twice, none shared with another entry of the same two NIDs).
 *	DEL removes every entry of ILNP_A_NID, or only those of
 *	ILNP_A_LOCAL_NID and/or the one holding locator ILNP_A_LOC.
 * ILNP_CMD_PEER_GET
 *	doit with ILNP_A_NID (and optionally ILNP_A_LOCAL_NID, ILNP_A_LOC to
 *	choose among entries of one NID; else the first found), or dump.
 *	Replies: ILNP_A_NID, ILNP_A_LOCAL_NID, ILNP_A_PEER_LOCS,
 *	ILNP_A_PEER_STATE, ILNP_A_PEER_FLAGS, ILNP_A_PEER_STATS and, for
 *	admins, ILNP_A_NONCE_LOCAL / ILNP_A_NONCE_REMOTE.
 * ILNP_CMD_PEER_FLUSH
 *	Remove every dynamic ILCC entry (static ones too with
 *	ILNP_F_FLUSH_ALL in ILNP_A_FLAGS).
 *
 * ILNP_CMD_PREFIX_ADD / ILNP_CMD_PREFIX_DEL
 *	Correspondents whose address is in the prefix ILNP_A_ADDR /
 *	ILNP_A_PREFIX_LEN (u8, 0-128; both required; host bits must be zero)
 *	are tried as ILNP when we open a session to them.  At most
 *	ILNP_PREFIX_MAX prefixes.  ::/0 tries every destination.
 * ILNP_CMD_PREFIX_GET
 *	dump: ILNP_A_ADDR, ILNP_A_PREFIX_LEN for each prefix.
 *
 * ILNP_CMD_MAP_ADD / ILNP_CMD_MAP_SET / ILNP_CMD_MAP_DEL
 *	Locator rewriting keyed by NID on forwarded packets: what a site
 *	border router or a hypervisor does for the nodes behind it (RFC 6740
 *	sec. 9.7, RFC 6748 sec. 2: localised addressing; the seed paper's
 *	secs. III-C, V, VI, IX-A).  An entry for node ILNP_A_NID holds its
 *	outside locator ILNP_A_MAP_EXT_LOC (what correspondents see) and its
 *	inside locator ILNP_A_MAP_INT_LOC (where the node is now, routable
 *	inside).  A packet to EXT_LOC|NID gets INT_LOC (before routing, so
 *	it is routed by it); a packet from INT_LOC|NID gets EXT_LOC; packets
 *	of other NIDs or locators are left alone.  Both apply to forwarded
 *	packets and to those the box itself sends.
 *	Transport checksums: a pair whose locators have the same one's
 *	complement sum (ILNP_MAP_F_NEUTRAL, reported) needs no change for any
 *	correspondent, plain IPv6 or ILNP; otherwise TCP/UDP checksums are
 *	adjusted as plain IPv6 needs, except in packets that carry a nonce
 *	and in entries with ILNP_MAP_F_ILNP (the node's sessions are ILNP:
 *	NID-only checksums), and ICMPv6 checksums always.  Locator Updates
 *	the node sends have INT_LOC replaced by EXT_LOC in their body (and
 *	LU-ACKs to it the reverse), so a move behind the box stays invisible.
 *	ICMPv6 errors quoting a rewritten packet get the quote translated
 *	back, so that path MTU discovery works through the box.
 *	An entry with ILNP_MAP_F_POINTER works one way: only packets to
 *	EXT_LOC|NID are rewritten (a forwarding pointer on a host a node has
 *	left, EXT_LOC its old locator and INT_LOC its new one: what its
 *	correspondents still send to the old one reaches it, while its own
 *	packets and those of others to it, which may cross this host, keep
 *	their source).
 *	ADD: ILNP_A_NID, ILNP_A_MAP_EXT_LOC, ILNP_A_MAP_INT_LOC (required),
 *	ILNP_A_MAP_SEQ (u64, the orchestrator's version of the entry,
 *	default 0), ILNP_A_FLAGS (ILNP_MAP_F_ILNP, ILNP_MAP_F_POINTER).
 *	-EEXIST for a known NID.
 *	SET: ILNP_A_NID and the fields to change; replaces the entry in one
 *	step (a packet sees the old or the new one).  Its ILNP_A_FLAGS
 *	(ILNP_MAP_F_ILNP) leave ILNP_MAP_F_POINTER as ADD made it.  With
 *	ILNP_A_MAP_SEQ lower than the entry's, the update is stale: -ESTALE,
 *	counted (map_stale), nothing changed.  DEL: ILNP_A_NID.  At most
 *	ILNP_MAP_MAX entries per namespace (module parameter map_max).
 * ILNP_CMD_MAP_GET
 *	doit with ILNP_A_NID, or dump.  Replies: ILNP_A_NID,
 *	ILNP_A_MAP_EXT_LOC, ILNP_A_MAP_INT_LOC, ILNP_A_MAP_SEQ, ILNP_A_FLAGS
 *	(ILNP_MAP_F_*), ILNP_A_MAP_AGE_MS (u64, since the last change),
 *	ILNP_A_MAP_STATS (nest: ILNP_MSTAT_IN / _OUT packets rewritten).
 * ILNP_CMD_MAP_FLUSH
 *	Remove every entry.
 *
 * ILNP_CMD_STATS_GET
 *	Reply: ILNP_A_STATS, a nest of u64 counters ILNP_STAT_*.
 *
 * ILNP_CMD_REBIND
 *	Move to a new locator in one step (what a hypervisor does after a
 *	migration): ILNP_A_LOC becomes the preferred local locator (added if
 *	absent) and, with ILNP_A_OLD_LOC, that old locator is withdrawn.
 *	Without ILNP_A_PREF it gets a preference below every other locator's
 *	(others at 0 move to 1).  LUs go to every active correspondent.
 *
 * ILNP_CMD_STATE_GET  (CAP_NET_ADMIN: the state holds session secrets)
 *	dump with ILNP_A_NID: everything that belongs to that NID, for the
 *	host a guest migrates to.  The first message carries
 *	ILNP_A_STATE_VERSION (ILNP_STATE_VERSION), ILNP_A_NID,
 *	ILNP_A_NID_BORN (hosted NIDs) and ILNP_A_FLAGS; each further one an
 *	ILNP_A_STATE_PEER nest: ILNP_A_NID (the peer), ILNP_A_PEER_LOCS,
 *	ILNP_A_PEER_HIST (nest of ILNP_A_LOC), ILNP_A_NONCE_LOCAL,
 *	ILNP_A_NONCE_REMOTE, ILNP_A_PEER_STATE, ILNP_A_PEER_FLAGS,
 *	ILNP_A_RTT_US, ILNP_A_RTTVAR_US and ILNP_A_STATE_FLOWS (nest of
 *	ILNP_A_STATE_FLOW nests: ILNP_A_PROTO, ILNP_A_LPORT, ILNP_A_PPORT
 *	(network order), ILNP_A_LOCAL_VIEW, ILNP_A_PEER_VIEW, ILNP_A_FLAGS
 *	ILNP_FLOW_F_PLAIN).
 * ILNP_CMD_STATE_SET  (CAP_NET_ADMIN)
 *	Import a NID's state: ILNP_A_STATE_VERSION, ILNP_A_NID,
 *	ILNP_A_NID_BORN, ILNP_A_FLAGS (ILNP_NID_F_HOSTED) and ILNP_A_STATE_PEERS
 *	(a nest of the ILNP_A_STATE_PEER nests STATE_GET gave).  This is the
 *	file format of `ilnp state export`: the attributes, self-describing,
 *	in this order.  Everything is checked before anything is installed:
 *	a wrong version (-EPROTO), more than ILNP_STATE_PEERS_MAX peers or
 *	ILNP_STATE_FLOWS_MAX views (-E2BIG), a NID already here (-EEXIST), a
 *	peer that is us, two peers that share a locator, an invalid locator,
 *	nonce, state or flag (-EINVAL), or a truncated attribute is refused
 *	with nothing changed.  The NID is installed hosted and inactive: the
 *	data path drops its packets, no timer runs, until STATE_ACTIVATE.
 * ILNP_CMD_STATE_ACTIVATE  (CAP_NET_ADMIN)
 *	ILNP_A_NID (hosted), ILNP_A_LOC (required): the NID's locator
 *	becomes ILNP_A_LOC, it goes live, and LUs go to every active peer of
 *	it (from the announce work, in batches: activating many NIDs at once,
 *	a host evacuation, never waits on them).  On an active hosted NID this
 *	is a rebind.
 * ILNP_CMD_STATE_DEACTIVATE  (CAP_NET_ADMIN)
 *	ILNP_A_NID (hosted): the NID goes inactive, as an imported one is: the
 *	data path drops its packets both ways, its peers' timers send nothing
 *	(what was due waits for STATE_ACTIVATE, whose LUs supersede it), so
 *	nothing it is sent changes its state; the call returns once every
 *	packet or timer that saw it live is done.  A migration's cut-over: the source deactivates,
 *	then exports (a snapshot that nothing changes after), the destination
 *	imports and activates, the source deletes the NID; a migration
 *	cancelled at that point activates it again on the source, at its
 *	locator.  An inactive NID stays so (0).
 *
 * Events (multicast group ILNP_MCGRP_EVENTS, CAP_NET_ADMIN only)
 * ------------------------------------------------------------
 * Events about a peer carry ILNP_A_NID (the peer) and ILNP_A_LOCAL_NID.
 * Those caused by packets from others (NONCE_MISMATCH above all) are
 * rate-limited; the counters are not.
 * ILNP_EVT_LOC_CHANGE	ILNP_A_LOC, ILNP_A_PREF, ILNP_A_FLAGS (ILNP_F_DELETED)
 * ILNP_EVT_LU_SENT	ILNP_A_TRIES
 * ILNP_EVT_LU_RECV	ILNP_A_PEER_LOCS
 * ILNP_EVT_LU_ACKED	ILNP_A_RTT_US
 * ILNP_EVT_LU_TIMEOUT	ILNP_A_TRIES
 * ILNP_EVT_NONCE_MISMATCH ILNP_A_ADDR (source): NID is the claimed peer
 * ILNP_EVT_PEER_FALLBACK peer is plain IPv6 from now on
 * ILNP_EVT_MAP_CHANGE	ILNP_A_NID, ILNP_A_MAP_EXT_LOC, ILNP_A_MAP_INT_LOC,
 *			ILNP_A_MAP_SEQ, ILNP_A_FLAGS (ILNP_F_DELETED)
 * ILNP_EVT_PEER_VERIFIED ILNP_A_ADDR (the address that answered),
 *			ILNP_A_FLAGS (ILNP_F_NONCE_CHANGED: the peer came
 *			back with a new nonce, e.g. after a restart)
 */
#ifndef _UAPI_LINUX_ILNP_H
#define _UAPI_LINUX_ILNP_H

#include <linux/types.h>

#define ILNP_GENL_NAME		"ilnp"
#define ILNP_GENL_VERSION	1
#define ILNP_MCGRP_EVENTS	"events"

/* Protocol constants (RFC 6743, RFC 6744). */
#define ILNP_ICMPV6_LU		156	/* ICMPv6 Locator Update type */
#define ILNP_NONCE_OPT		0x8B	/* Nonce destination option type */
#define ILNP_MAX_LOCS		255	/* Num of Locs is 8 bits */

/*
 * Our bounds: locators in any set we keep (ours or a peer's; an LU with
 * more is refused), so that an LU always fits a 1280-byte packet and any
 * object fits one netlink message; and prefixes in the PREFIX table.
 */
#define ILNP_LOCSET_MAX		64
#define ILNP_PREFIX_MAX		64
#define ILNP_MAP_MAX		65536	/* default of module parameter map_max */

/* The state of one NID (STATE_GET / STATE_SET). */
#define ILNP_STATE_VERSION	1
#define ILNP_STATE_PEERS_MAX	256
#define ILNP_STATE_FLOWS_MAX	4096

#define ILNP_DEFAULT_PREF	10

enum ilnp_cmd {
	ILNP_CMD_UNSPEC,
	ILNP_CMD_GET_INFO,
	ILNP_CMD_NID_ADD,
	ILNP_CMD_NID_DEL,
	ILNP_CMD_NID_GET,
	ILNP_CMD_LOC_ADD,
	ILNP_CMD_LOC_SET,
	ILNP_CMD_LOC_DEL,
	ILNP_CMD_LOC_GET,
	ILNP_CMD_PEER_ADD,
	ILNP_CMD_PEER_DEL,
	ILNP_CMD_PEER_GET,
	ILNP_CMD_PEER_FLUSH,
	ILNP_CMD_PREFIX_ADD,
	ILNP_CMD_PREFIX_DEL,
	ILNP_CMD_PREFIX_GET,
	ILNP_CMD_MAP_ADD,
	ILNP_CMD_MAP_SET,
	ILNP_CMD_MAP_DEL,
	ILNP_CMD_MAP_GET,
	ILNP_CMD_MAP_FLUSH,
	ILNP_CMD_STATS_GET,
	ILNP_CMD_REBIND,
	ILNP_CMD_STATE_GET,
	ILNP_CMD_STATE_SET,
	ILNP_CMD_STATE_ACTIVATE,

	/* Notifications only (never accepted as requests). */
	ILNP_EVT_LOC_CHANGE,
	ILNP_EVT_LU_SENT,
	ILNP_EVT_LU_RECV,
	ILNP_EVT_LU_ACKED,
	ILNP_EVT_LU_TIMEOUT,
	ILNP_EVT_NONCE_MISMATCH,
	ILNP_EVT_PEER_FALLBACK,
	ILNP_EVT_PEER_VERIFIED,
	ILNP_EVT_MAP_CHANGE,

	/* Requests added since: after the notifications, so that no number
	 * ever changes. */
	ILNP_CMD_STATE_DEACTIVATE,

	__ILNP_CMD_MAX
};
#define ILNP_CMD_MAX (__ILNP_CMD_MAX - 1)

enum ilnp_attr {
	ILNP_A_UNSPEC,
	ILNP_A_PAD,
	ILNP_A_VERSION,		/* string: module version */
	ILNP_A_NID,		/* u64 */
	ILNP_A_LOC,		/* u64: L64 */
	ILNP_A_OLD_LOC,		/* u64: L64 to withdraw (REBIND) */
	ILNP_A_PREF,		/* u16: lower is preferred */
	ILNP_A_LIFETIME,	/* u32: seconds, 0 = infinite */
	ILNP_A_IFINDEX,		/* u32 */
	ILNP_A_FLAGS,		/* u32: ILNP_F_* */
	ILNP_A_PEER_LOCS,	/* nest of ILNP_A_LOC_ENTRY */
	ILNP_A_LOC_ENTRY,	/* nest: ILNP_A_LOC, ILNP_A_PREF, ILNP_A_LIFETIME */
	ILNP_A_PEER_STATE,	/* u8: enum ilnp_peer_state */
	ILNP_A_PEER_FLAGS,	/* u32: ILNP_PEER_F_* */
	ILNP_A_PEER_STATS,	/* nest of u64 ILNP_PSTAT_* */
	ILNP_A_NONCE_LOCAL,	/* binary, 4 or 12 bytes: nonce we send */
	ILNP_A_NONCE_REMOTE,	/* binary, 4 or 12 bytes: nonce peer sends */
	ILNP_A_MAP_EXT_LOC,	/* u64 */
	ILNP_A_MAP_INT_LOC,	/* u64 */
	ILNP_A_STATS,		/* nest of u64 ILNP_STAT_* */
	ILNP_A_NID_COUNT,	/* u32 */
	ILNP_A_LOC_COUNT,	/* u32 */
	ILNP_A_PEER_COUNT,	/* u32 */
	ILNP_A_MAP_COUNT,	/* u32 */
	ILNP_A_TRIES,		/* u32 */
	ILNP_A_RTT_US,		/* u32 */
	ILNP_A_ADDR,		/* binary, struct in6_addr */
	ILNP_A_LOCAL_NID,	/* u64: our NID in a peer entry */
	ILNP_A_PREFIX_LEN,	/* u8: 0-128 */
	ILNP_A_MAP_SEQ,		/* u64: orchestrator's version of an entry */
	ILNP_A_MAP_AGE_MS,	/* u64 */
	ILNP_A_MAP_STATS,	/* nest of u64 ILNP_MSTAT_* */
	ILNP_A_NID_BORN,	/* u64: a hosted NID's own locator */
	ILNP_A_NID_LOCS,	/* nest of ILNP_A_LOC_ENTRY: a NID's own set */
	ILNP_A_STATE_VERSION,	/* u32 */
	ILNP_A_STATE_PEERS,	/* nest of ILNP_A_STATE_PEER */
	ILNP_A_STATE_PEER,	/* nest: one peer's state */
	ILNP_A_PEER_HIST,	/* nest of ILNP_A_LOC: earlier locators */
	ILNP_A_RTTVAR_US,	/* u32 */
	ILNP_A_STATE_FLOWS,	/* nest of ILNP_A_STATE_FLOW */
	ILNP_A_STATE_FLOW,	/* nest: one session view */
	ILNP_A_PROTO,		/* u8 */
	ILNP_A_LPORT,		/* u16, network order */
	ILNP_A_PPORT,		/* u16, network order */
	ILNP_A_LOCAL_VIEW,	/* u64 */
	ILNP_A_PEER_VIEW,	/* u64 */

	__ILNP_A_MAX
};
#define ILNP_A_MAX (__ILNP_A_MAX - 1)

/* ILNP_A_FLAGS */
#define ILNP_F_DELETED		(1U << 0)	/* event: object went away */
#define ILNP_F_FLUSH_ALL	(1U << 1)	/* PEER_FLUSH: static entries too */
#define ILNP_F_NONCE_CHANGED	(1U << 2)	/* PEER_VERIFIED: new nonce */

/* ILNP_A_FLAGS of a NID (bits apart from ILNP_F_* and ILNP_MAP_F_*) */
#define ILNP_NID_F_HOSTED	(1U << 12)	/* a guest's: we are its proxy */
#define ILNP_NID_F_INACTIVE	(1U << 13)	/* reported: imported, not live */
#define ILNP_NID_F_AUTO		(1U << 14)	/* locators follow addresses */

/* ILNP_A_FLAGS of a session view in the state */
#define ILNP_FLOW_F_PLAIN	(1U << 16)	/* a plain IPv6 session */

/* ILNP_A_FLAGS of a map entry (bits apart from ILNP_F_*) */
#define ILNP_MAP_F_ILNP		(1U << 8)	/* the node's sessions are ILNP */
#define ILNP_MAP_F_NEUTRAL	(1U << 9)	/* reported: checksum-neutral
						 * pair */
#define ILNP_MAP_F_POINTER	(1U << 10)	/* one way: only packets to
						 * EXT|NID are rewritten */

/* ILNP_A_MAP_STATS */
enum ilnp_map_stat {
	ILNP_MSTAT_UNSPEC,
	ILNP_MSTAT_PAD,
	ILNP_MSTAT_IN,			/* to the node: EXT_LOC -> INT_LOC */
	ILNP_MSTAT_OUT,			/* from it: INT_LOC -> EXT_LOC */
	__ILNP_MSTAT_MAX
};
#define ILNP_MSTAT_MAX (__ILNP_MSTAT_MAX - 1)

/* ILNP_A_PEER_FLAGS */
#define ILNP_PEER_F_STATIC	(1U << 0)	/* added by an administrator */
#define ILNP_PEER_F_PLAIN_IPV6	(1U << 1)	/* peer is not ILNP capable */
#define ILNP_PEER_F_VERIFIED	(1U << 2)	/* its nonce passed the return-
						 * routability check: its LUs
						 * are accepted */
#define ILNP_PEER_F_RESPONDER	(1U << 3)	/* it opened ILNP to us */

enum ilnp_peer_state {
	ILNP_PEER_NEW,		/* handshake: nonce option on every packet */
	ILNP_PEER_CONFIRMED,	/* both nonces known: option only on the first
				 * packets of each session, ICMPv6, LUs */
	ILNP_PEER_LU_PENDING,	/* our LU sent, waiting for the LU-ACK */
	ILNP_PEER_PLAIN,	/* Parameter Problem seen: plain IPv6 */
	__ILNP_PEER_STATE_MAX
};

/* ILNP_A_PEER_STATS */
enum ilnp_peer_stat {
	ILNP_PSTAT_UNSPEC,
	ILNP_PSTAT_PAD,
	ILNP_PSTAT_TX_PACKETS,
	ILNP_PSTAT_RX_PACKETS,
	ILNP_PSTAT_LU_SENT,
	ILNP_PSTAT_LU_RECV,
	ILNP_PSTAT_SRTT_US,
	ILNP_PSTAT_FLOWS,		/* session views */
	__ILNP_PSTAT_MAX
};
#define ILNP_PSTAT_MAX (__ILNP_PSTAT_MAX - 1)

/* ILNP_A_STATS: per-namespace counters. */
enum ilnp_stat {
	ILNP_STAT_UNSPEC,
	ILNP_STAT_PAD,
	ILNP_STAT_TX_REWRITTEN,		/* egress packets given a locator */
	ILNP_STAT_RX_REWRITTEN,		/* ingress packets mapped back */
	ILNP_STAT_NONCE_ADDED,		/* nonce options inserted */
	ILNP_STAT_NONCE_STRIPPED,	/* nonce options validated+removed */
	ILNP_STAT_LU_SENT,
	ILNP_STAT_LU_RETRANS,
	ILNP_STAT_LU_RECV,
	ILNP_STAT_LU_ACK_SENT,
	ILNP_STAT_LU_ACK_RECV,
	ILNP_STAT_LU_TIMEOUT,
	ILNP_STAT_DROP_NONCE_MISSING,
	ILNP_STAT_DROP_NONCE_MISMATCH,
	ILNP_STAT_DROP_MALFORMED,
	ILNP_STAT_DROP_NO_LOCATOR,
	ILNP_STAT_PEER_FALLBACK,
	ILNP_STAT_MAP_REWRITTEN,	/* packets rewritten by the map */
	ILNP_STAT_RR_SENT,		/* return-routability probes sent */
	ILNP_STAT_RR_VERIFIED,		/* ... answered: a nonce proven */
	ILNP_STAT_RR_TIMEOUT,		/* ... never answered */
	ILNP_STAT_DROP_UNVERIFIED,	/* LUs from an unproven nonce */
	ILNP_STAT_DROP_LU_INVALID,	/* LUs with a bad or too many locators */
	ILNP_STAT_PEER_EVICTED,		/* unproven peers evicted (table full) */
	ILNP_STAT_PEER_LIMIT,		/* peers or views not created (limits) */
	ILNP_STAT_RATELIMITED,		/* events, probes, errors suppressed */
	ILNP_STAT_MAP_STALE,		/* map updates older than the entry */
	ILNP_STAT_MAP_ICMP_XLATED,	/* ICMPv6 errors whose quote was mapped */
	ILNP_STAT_LOC_ADOPTED,		/* locators taken from addresses */
	ILNP_STAT_LOC_LEFT,		/* ... withdrawn: the link was left */
	ILNP_STAT_RS_SENT,		/* router solicitations after a move */
	ILNP_STAT_RR_ANSWERED,		/* probes of a stranger we ask, answered */
	__ILNP_STAT_MAX
};
#define ILNP_STAT_MAX (__ILNP_STAT_MAX - 1)

#endif /* _UAPI_LINUX_ILNP_H */
