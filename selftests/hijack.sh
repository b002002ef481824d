#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# No hijack by whoever sends a nonce first (issue 7, item 2).  X is off
# path: it sees none of the traffic between MN, CN and P, and forges
# packets with their addresses (ilnp_pkt.py forge).
#  (a) X sends first: before MN ever talks to CN, a UDP datagram and a TCP
#      SYN from MN's address with a nonce of X's choosing, then LUs with
#      that nonce moving MN to X's prefix.  CN drops the LUs (unverified,
#      later mismatched), never takes X's locator, and MN's real session
#      works and leaves CN with MN's own nonce, verified.
#  (b) Forged handshakes: echo replies claiming to answer CN's probes (of
#      a claimed peer that never answers, and of MN while the real answer
#      is on its way) and Parameter Problems quoting guessed nonces prove
#      nothing and make nothing plain (the ghost becomes plain by its
#      silence alone, and X's nonce for it is forgotten).
#  (c) A plain peer's running session is never redirected: datagrams and
#      SYNs with a nonce and LUs claiming to be P leave MN's plain entry
#      for P, and the session, as they are.
#  (d) Flood: 500 forged LUs, datagrams, SYNs and echo replies with
#      random nonces claiming to be MN, during an ILNP session MN -> CN
#      (TCP and UDP): no reset, every byte, CN's entry unchanged, all
#      counted, events within their budget.
#  (e) Nor can X cut a plain host off: P's network now drops Destination
#      Options silently, so CN (P is inside its prefix) must fall back to
#      plain IPv6 on silence; X keeps sending CN, as P, datagrams with a
#      nonce of its own.  CN's query to P must still be answered.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/topo.sh"
# Background servers must not outlive the test (they would hold its output).
trap 'kill $(jobs -p) 2>/dev/null; cleanup_all_ns; rm -rf "$tmp"' EXIT
require_cmd python3 od nsenter nft ethtool
traffic="python3 -S $(dirname "$0")/ilnp_traffic.py"
pkt="python3 -S $(dirname "$0")/ilnp_pkt.py"

hex() { od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'; }
# CN's events (the monitor's lines) from line FROM on, as the file NAME;
# EV_MISMATCH := how many of them are nonce_mismatch.
events()
{
	local -a l
	local e
	mapfile -t -s $(($1 - 1)) l <"$tmp/mon"
	EV_MISMATCH=0
	for e in "${l[@]}"; do
		[[ $e == *'"nonce_mismatch"'* ]] && EV_MISMATCH=$((EV_MISMATCH + 1))
	done
	local IFS=,
	printf '[%s]' "${l[*]}" >"$tmp/$2"
}
mon_next() { local -a l; mapfile -t l <"$tmp/mon"; echo $((${#l[@]} + 1)); }
counter() # NS NAME: one counter, without jq
{
	local s
	s=$(ilnp -n "$1" -j stats)
	[[ $s =~ \"$2\":([0-9]+) ]] && echo "${BASH_REMATCH[1]}"
}
# The parts of an entry that a forgery must not change.
keep='map({locators, state, flags, nonce_remote})'

topo_setup
log_test $? "routed topology with ILNP on MN and CN"
log_info "set up in ${SECONDS}s"
MN_A=$(addr MN a) CN_A=$(addr CN a) P_A=$(addr P a)
ilnp -n "$MN" peer flush all && ilnp -n "$CN" peer flush all
ilnp -n "$CN" -j monitor >"$tmp/mon" 2>"$tmp/mon.err" &
mon_pid=$!

# ---- (a) X sends first ----
NX=$(hex 12)
nsx "$CN" $traffic tcp-sink 6100 >"$tmp/a_sink" &
sink=$!
sleep 1
state a0 "$CN"
S="src=$MN_A,dst=$CN_A,nonce=$NX"
LU="lu,$S,loc=2001:db8:e::"
nsx "$X" $pkt forge "udp,$S,dport=6100" "$LU" "syn,$S,dport=6100" "$LU" \
	pause,ms=300 "$LU" pause,ms=100 "$LU" pause,ms=100 "$LU" >"$tmp/a_forge"
log_test $? "(a) X, as MN with nonce $NX: UDP, LU, TCP SYN, LU at once; 3 more LUs over 0.5 s"
state a1 "$CN"
nsx "$MN" $traffic tcp-send "$CN_A" 6100 200000 0.5 >"$tmp/a_send"
log_test $? "(a) then MN's own TCP session to CN exits cleanly"
wait $sink
state a2 "$CN"
state a2mn "$MN"
events 1 a_events
json_doc doc "$tmp"/a*
log_info "CN before MN spoke: $(<"$tmp/a1_peers")"
log_info "CN after: $(<"$tmp/a2_peers")"
log_info "CN's counters: $(<"$tmp/a2_stats")"
jq_checks "$doc" \
	"(a) CN had no entry for MN before X's packets" \
	"$(ent a0 $MN_NID) | length == 0" \
	"(a) all five LUs dropped as unverified or mismatched, none taken" \
	"$(grew a0 a1 drop_unverified) + $(grew a0 a1 drop_nonce_mismatch) >= 5 and
	 $(grew a0 a1 lu_recv) == 0" \
	"(a) the first LU met X's own nonce, unproven: drop_unverified" \
	"$(grew a0 a1 drop_unverified) >= 1" \
	"(a) CN's one entry for MN holds MN's locator only, not X's prefix" \
	"$(ent a1 $MN_NID) | length == 1 and (.[0].locators | map(.locator)) == [\"2001:db8:1:0\"]" \
	"(a) MN's session carried every byte, from MN's address" \
	".a_sink.bytes == 200000 and .a_sink.first_bad_byte == null and .a_sink.peer == \"$MN_A\"" \
	"(a) CN ends with MN's own nonce, verified, MN's locator (not X's nonce nor prefix)" \
	"($(ent a2mn $CN_NID) | .[0].nonce_local) as \$mine | $(ent a2 $MN_NID) |
	 length == 1 and .[0].nonce_remote == \$mine and .[0].nonce_remote != \"$NX\" and
	 (.[0].flags | index(\"verified\")) and (.[0].locators | map(.locator)) == [\"2001:db8:1:0\"]" \
	"(a) CN's peer_verified event for MN names MN's address" \
	".a_events | any(.[]; .event == \"peer_verified\" and .nid == \"$MN_NID\" and .addr == \"$MN_A\")" \
	"(a) CN took no LU at all" \
	"$(grew a0 a2 lu_recv) == 0"

# ---- (b) forged handshakes ----
# A claimed peer that never answers: CN's probes of 2001:db8:1::999 go
# nowhere; X "answers" them with guessed identifiers and cookies, and
# sends Parameter Problems quoting guessed nonces.  Then, as MN, a wrong
# nonce (CN probes MN) raced by forged answers, and more such PPs.
mon=$(mon_next)
state b0 "$CN"
GHOST=2001:db8:1::999
G="src=$GHOST,dst=$CN_A"
M="src=$MN_A,dst=$CN_A"
rt0=$(counter "$CN" rr_timeout)
nsx "$X" $pkt forge "udp,$G,nonce=$(hex 12)" "echo-reply,$G,nonce=random,n=200" \
	"paramprob,$G,qnonce=random" "paramprob,$G,qnonce=random4" \
	"udp,$M,nonce=random" "echo-reply,$M,nonce=random,n=200" \
	"paramprob,$M,qnonce=random,n=10" "paramprob,$M,qnonce=random4,n=10" \
	"paramprob,$M,qnonce=random,qdport=6100,n=10" >"$tmp/b_forge"
log_test $? "(b) X: as $GHOST a nonce, 200 echo replies, 2 PPs; as MN a wrong nonce, 200 echo replies, 30 PPs"
# CN gives the ghost's probe up after about 1.75 s.
for ((i = 0; i < 30; i++)); do
	[ "$(counter "$CN" rr_timeout)" -gt "$rt0" ] && break
	sleep 0.2
done
state b1 "$CN"
events "$mon" b_events
json_doc doc "$tmp"/b*
log_info "X: $(<"$tmp/b_forge")"
log_info "CN's counters: $(<"$tmp/b1_stats")"
log_info "CN's entries: $(<"$tmp/b1_peers")"
jq_checks "$doc" \
	"(b) CN probed the ghost and MN (rr_sent +2 at least)" \
	"$(grew b0 b1 rr_sent) >= 2" \
	"(b) the ghost's probe went unanswered (rr_timeout)" \
	"$(grew b0 b1 rr_timeout) >= 1" \
	"(b) the ghost is not verified (no forged answer counted); its silence made it plain, X's nonce forgotten" \
	"$(ent b1 0:0:0:999) | length == 1 and (.[0].flags | index(\"verified\") | not) and
	 .[0].state == \"plain\" and .[0].nonce_remote == null" \
	"(b) MN answered CN's probe itself (rr_verified), the forgeries raced it" \
	"$(grew b0 b1 rr_verified) >= 1" \
	"(b) one fallback to plain (the ghost's silence), none from the forged Parameter Problems" \
	"$(grew b0 b1 peer_fallback) == 1" \
	"(b) CN's entry for MN unchanged (locators, state, flags, nonce)" \
	"($(ent b0 $MN_NID) | $keep) == ($(ent b1 $MN_NID) | $keep) and
	 ($(ent b1 $MN_NID) | length) == 1" \
	"(b) no peer_verified for the ghost, none with a changed nonce" \
	'.b_events | [.[] | select(.event == "peer_verified" and (.nid == "0:0:0:999" or .nonce_changed))] | length == 0'

# ---- (c) a plain peer's running session ----
nsx "$P" $traffic tcp-sink 6200 >"$tmp/c_sink" &
sink=$!
sleep 1
ILNP_READY=$tmp/c.up nsx "$MN" $traffic tcp-send "$P_A" 6200 300000 4 \
	>"$tmp/c_send" &
send=$!
wait_file "$tmp/c.up" 60
log_test $? "(c) MN's TCP session to plain host P is up"
state c0 "$MN"
Q="src=$P_A,dst=$MN_A,nonce=$(hex 12)"
nsx "$X" $pkt forge --count 3 --pps 20 "udp,$Q" "syn,$Q,dport=6200" \
	"syn,$Q" "lu,$Q,loc=2001:db8:e::" >"$tmp/c_forge"
log_test $? "(c) X, as P with a nonce of its own: datagrams, SYNs, LUs moving P to X's prefix"
state c1 "$MN"
wait $send
log_test $? "(c) the session's sender exits cleanly (no reset)"
wait $sink
state c2 "$MN"
json_doc doc "$tmp"/c*
log_info "MN's entries: $(<"$tmp/c2_peers")"
jq_checks "$doc" \
	"(c) MN held P as plain IPv6 when X began" \
	"$(ent c0 0:0:0:400) | length == 1 and .[0].state == \"plain\"" \
	"(c) every byte reached P, from MN's own address" \
	".c_sink.bytes == 300000 and .c_sink.first_bad_byte == null and .c_sink.peer == \"$MN_A\"" \
	"(c) MN's entry for P: still plain, still at 2001:db8:f:0 alone" \
	"$(ent c2 0:0:0:400) | length == 1 and .[0].state == \"plain\" and
	 (.[0].flags | index(\"plain_ipv6\")) and (.[0].locators | map(.locator)) == [\"2001:db8:f:0\"]" \
	"(c) no entry of MN holds X's prefix" \
	'all(.c2_peers[]; all(.locators[]; .locator != "2001:db8:e:0"))' \
	"(c) MN took no LU" \
	"$(grew c0 c2 lu_recv) == 0"

# ---- (d) flood ----
# MN's session (a TCP stream and UDP every 100 ms) lasts as long as the
# flood, however long this guest takes to send it, and 1.5 s more.
nsx "$CN" $traffic whoami CN 6300 >"$tmp/d_srv" &
srv=$!
sleep 1
ILNP_READY=$tmp/d.up ILNP_UNTIL=$tmp/d.done nsx "$MN" $traffic whoami-ask \
	"$CN_A" 6300 200000 3 >"$tmp/d_ask" &
ask=$!
wait_file "$tmp/d.up" 60
log_test $? "(d) MN's ILNP session to CN (TCP and UDP) is up"
state d0 "$CN"
mon=$(mon_next)
F="src=$MN_A,dst=$CN_A"
nsx "$X" $pkt forge --count 100 "lu,$F,nonce=random,loc=2001:db8:e::" \
	"udp,$F,nonce=random,dport=6300" "syn,$F,nonce=random4,dport=6300" \
	"echo-reply,$F,nonce=random" "lu,$F,nonce=random4,loc=2001:db8:e::" \
	>"$tmp/d_forge"
log_test $? "(d) X floods CN as MN with 500 forgeries: $(<"$tmp/d_forge")"
: >"$tmp/d.done"
sleep 0.5
state d1 "$CN"
events "$mon" d_events
wait $ask
log_test $? "(d) MN's session exits cleanly (no reset, no error)"
kill $srv
wait $srv
json_doc doc "$tmp"/d*
log_info "MN: $(<"$tmp/d_ask")"
log_info "CN's server: $(<"$tmp/d_srv")"
log_info "CN's counters before: $(<"$tmp/d0_stats")"
log_info "CN's counters after: $(<"$tmp/d1_stats")"
jq_checks "$doc" \
	"(d) every TCP byte arrived, in order, from MN's address" \
	".d_ask.tcp_acked == .d_ask.tcp_sent and .d_ask.tcp_bad == null and
	 .d_srv.tcp[0].peer == \"$MN_A\" and .d_srv.tcp[0].bytes == .d_ask.tcp_sent" \
	"(d) UDP answers went on to the end" \
	'.d_ask.udp_replies.CN > 0 and .d_ask.udp_last_rx_s >= .d_ask.secs - 1' \
	"(d) CN's entry for MN unchanged (locators, state, flags, nonce)" \
	"($(ent d0 $MN_NID) | $keep) == ($(ent d1 $MN_NID) | $keep) and
	 ($(ent d1 $MN_NID) | length) == 1" \
	"(d) every forgery dropped as a mismatch and counted (>= 90% of those sent)" \
	"$(grew d0 d1 drop_nonce_mismatch) >= 0.9 * .d_forge.sent" \
	"(d) no forged LU taken, no new peer" \
	"$(grew d0 d1 lu_recv) == 0 and (.d1_peers | length) == (.d0_peers | length)" \
	"(d) nonce_mismatch events within their budget (at most 50 + 100/s)" \
	"(.d_events | map(select(.event == \"nonce_mismatch\")) | length) <=
	 50 + 100 * (.d_forge.secs + 1.5)" \
	"(d) no event about a changed nonce, a new locator or a fallback" \
	'.d_events | map(select(.event == "lu_recv" or .event == "peer_fallback" or .nonce_changed)) | length == 0'
# That the budget is enforced once drops outpace it is KUnit's
# (ratelimit_burst_then_rate): this guest cannot send fast enough to
# exceed it.
log_info "nonce_mismatch events $EV_MISMATCH for $(( $(json_field "$tmp/d1_stats" drop_nonce_mismatch) - $(json_field "$tmp/d0_stats" drop_nonce_mismatch) )) drops"

# ---- (e) cutting a plain host off ----
nsx "$P" nft -f - <<EOF
table ip6 ilnp_test {
	chain input_drop {
		type filter hook input priority 0;
		exthdr dst exists drop
	}
}
EOF
log_test $? "(e) P's network drops Destination Options silently (nft on P)"
# (checksums in software at CN, as on a real NIC: veth would let P trust
# whatever checksum CN's packets carry)
nsx "$CN" ethtool -K la tx off >/dev/null
nsx "$P" $traffic udp-echo 6500 30 >/dev/null &
echo_pid=$!
E="src=$P_A,dst=$CN_A,nonce=$(hex 12)"
nsx "$X" $pkt forge --secs 12 --pps 5 "udp,$E,dport=6500" >"$tmp/e_forge" &
forge=$!
sleep 2
state e0 "$CN"
nsx "$CN" $traffic udp-ask "$P_A" 6500 250 8 >"$tmp/e_ask"
state e1 "$CN"
kill $forge $echo_pid
wait $forge $echo_pid 2>/dev/null
json_doc doc "$tmp"/e*
log_info "CN's query: $(<"$tmp/e_ask"); CN's entry for P: $(<"$tmp/e1_peers")"
log_info "CN's counters: $(<"$tmp/e1_stats")"
jq_checks "$doc" \
	"(e) CN's query to P is answered within 8 s despite X (answer after $(json_field "$tmp/e_ask" ms) ms)" \
	'.e_ask.ms != null' \
	"(e) CN holds P as plain IPv6 (silence fallback), X's nonce notwithstanding" \
	"$(ent e1 0:0:0:400) | length == 1 and .[0].state == \"plain\""

kill $mon_pid
wait $mon_pid 2>/dev/null
log_info "wall time: ${SECONDS}s"
tap_done
