#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# No misdelivery when interface identifiers collide (issue 7, item 1).
# Three hosts use the NID 0:0:0:200, all reachable from MN at once:
#   CN   ILNP, 2001:db8:c::200 (moves to 2001:db8:d::200)
#   T    ILNP, a host of its own on 2001:db8:7::/64 behind R
#   P    plain IPv6 (no NID: ilnp.ko idle there), its second address
#        2001:db8:f::200
# MN tries ILNP with CN's and T's prefixes, not with P's.  MN talks to all
# three at once (a UDP datagram every 100 ms and a TCP stream, each server
# answering with its name), and from a second local NID (0:0:0:101) to CN
# too; CN moves in the middle.  Checked: every answer comes from the host
# that was addressed, every byte reaches that host and no other, the plain
# twin sees no nonce option and ordinary checksums, MN's ILCC holds one
# entry per ILNP host and per local NID (same nid, different locators),
# CN's entries follow the move, T's does not change.  Then P's prefix is
# added on MN: the plain twin gets a plain entry of its own, and still all
# of its own traffic.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/topo.sh"
# Background servers must not outlive the test (they would hold its output).
trap 'kill $(jobs -p) 2>/dev/null; cleanup_all_ns; rm -rf "$tmp"' EXIT
require_cmd python3 tcpdump ethtool nsenter
traffic="python3 -S $(dirname "$0")/ilnp_traffic.py"
pkt="python3 -S $(dirname "$0")/ilnp_pkt.py"

NET[T.a]=2001:db8:7
HOSTID[T]=200
MN1=2001:db8:1::100		# MN, NID 0:0:0:100
MN2=2001:db8:1::101		# MN's second NID, 0:0:0:101
TWIN_P=2001:db8:f::200		# the plain twin (an address of P)
PORT=7000
SECS=4
BYTES=40000

# offload_off NS DEV...: software checksums, no GSO/TSO, no GRO, so that
# a capture shows each packet as it is on the wire, checksum included.
offload_off()
{
	local ns=$1 dev
	shift
	for dev in "$@"; do
		nsx "$ns" ethtool -K "$dev" tx off rx off gso off gro off \
			>/dev/null 2>&1 || return 1
	done
}

topo_setup &&
	setup_ns T && topo_link T a && topo_attach T a &&
	ilnp -n "$T" nid add $CN_NID &&
	ilnp -n "$T" loc add "${NET[T.a]}::/64" &&
	ilnp -n "$T" prefix add 2001:db8::/32 &&
	ip -n "$P" addr add $TWIN_P/64 dev la nodad &&
	ilnp -n "$MN" nid add 0:0:0:101 &&
	ip -n "$MN" addr add $MN2/64 dev la nodad &&
	ilnp -n "$MN" prefix del 2001:db8::/32 &&
	ilnp -n "$MN" prefix add 2001:db8::/45 &&
	ilnp -n "$MN" prefix add 2001:db8:c::/47 &&
	offload_off "$MN" la && offload_off "$R" mna pa &&
	offload_off "$P" la
log_test $? "NID 0:0:0:200 thrice: CN, ILNP twin T at $(addr T a), plain twin $TWIN_P; MN tries ILNP in 2001:db8::/45 and 2001:db8:c::/47"

log_info "set up in ${SECONDS}s"

nsx "$P" tcpdump -i la -U -w "$tmp/p.pcap" "ip6 host $TWIN_P" 2>/dev/null &
tcpdump_pid=$!
nsx "$CN" $traffic whoami CN $PORT >"$tmp/srv.CN" &
srv_cn=$!
nsx "$T" $traffic whoami TWIN-ILNP $PORT >"$tmp/srv.T" &
srv_t=$!
nsx "$P" $traffic whoami TWIN-PLAIN $PORT $TWIN_P >"$tmp/srv.P" &
srv_p=$!
sleep 2

# ask NAME ADDR SRC: a whoami session from MN's SRC in the background,
# for SECS and until 1.5 s after CN's move.
declare -A ASK_PID
ask()
{
	ILNP_READY=$tmp/up.$1 ILNP_SRC=$3 ILNP_UNTIL=$tmp/moved nsx "$MN" \
		$traffic whoami-ask "$2" $PORT $BYTES $SECS >"$tmp/ask.$1" &
	ASK_PID[$1]=$!
}
ask CN "$(addr CN a)" $MN1
ask CN2 "$(addr CN a)" $MN2
ask T "$(addr T a)" $MN1
ask P $TWIN_P $MN1
ok=0
for s in CN CN2 T P; do
	wait_file "$tmp/up.$s" 90 || { ok=1; log_info "session $s did not come up"; }
done
log_test $ok "MN's four sessions (to CN from both NIDs, to T, to the plain twin) are up"
# The subject here is who gets which packet, not a handshake racing a
# move: CN moves once MN has proven the three ILNP peers' nonces (on a
# loaded machine that can take a few seconds after the sessions are up).
end=$((SECONDS + 30))
while :; do
	ilnp -n "$MN" -j -s peer show >"$tmp/before.json"
	jq -e '[.[] | select(.nid == "0:0:0:200" and (.flags | index("verified")))] | length == 3' \
		"$tmp/before.json" >/dev/null && break
	[ $SECONDS -lt $end ] || break
	sleep 0.5
done
log_info "MN's three ILNP peers verified ${SECONDS}s into the test"
t0=$EPOCHREALTIME
move CN a b
log_test $? "CN moves to $(addr CN b) while the sessions run"
log_info "CN's move ran from $t0 to $EPOCHREALTIME"
: >"$tmp/moved"		# the sessions go on for 1.5 s more
rc=0
for s in CN CN2 T P; do
	wait "${ASK_PID[$s]}" || rc=1
	log_info "MN -> $s: $(<"$tmp/ask.$s")"
done
log_test $rc "every client exits cleanly (no reset, no error)"
log_info "UDP outage across CN's move: $(json_field "$tmp/ask.CN" udp_max_gap_ms) ms (NID 0:0:0:100), $(json_field "$tmp/ask.CN2" udp_max_gap_ms) ms (0:0:0:101)"
ilnp -n "$MN" -j stats | sed 's/^/# MN: /'
ilnp -n "$CN" -j stats | sed 's/^/# CN: /' 
kill "$srv_cn" "$srv_t" "$srv_p"
wait "$srv_cn" "$srv_t" "$srv_p"
kill "$tcpdump_pid"; wait "$tcpdump_pid" 2>/dev/null
for s in CN T P; do
	log_info "server $s: $(<"$tmp/srv.$s")"
done
$pkt count "$tmp/p.pcap" >"$tmp/pcap.json"
log_info "the plain twin's link: $(<"$tmp/pcap.json")"
ilnp -n "$MN" -j -s peer show >"$tmp/after.json"
ilnp -n "$T" -j stats >"$tmp/T.stats"
ilnp -n "$MN" peer show | sed 's/^/# /'

doc='{'
for f in ask.CN ask.CN2 ask.T ask.P srv.CN srv.T srv.P pcap before after \
	 T.stats; do
	slurp v "$tmp/$f"
	[ -e "$tmp/$f.json" ] && slurp v "$tmp/$f.json"
	doc+="\"${f//./_}\": $v,"
done
doc+='"": null}'

# Entries of MN's ILCC: (local NID, NID 0:0:0:200) whose preferred
# locator is L.
e200() { echo "[.$1[] | select(.nid == \"0:0:0:200\" and .local_nid == \"0:0:0:$2\" and .locators[0].locator == \"$3\")]"; }
# Each client heard only the host it addressed, over UDP and TCP; each
# server got exactly its own traffic: from the addresses of MN that
# talked to it, one TCP session each, every byte, and no more datagrams
# than were sent to it nor fewer than were answered.
asked() # SESSION NAME
{
	echo "(.ask_$1.udp_replies | keys) == [\"$2\"] and .ask_$1.tcp_name == \"$2\" and
	      .ask_$1.tcp_sent >= $BYTES and .ask_$1.tcp_acked == .ask_$1.tcp_sent and
	      .ask_$1.tcp_bad == null"
}
udp_sane() # SESSION SERVER FROM
{
	echo "(.srv_$2.udp[\"$3\"] // 0) as \$got |
	      \$got >= (.ask_$1.udp_replies | to_entries[0].value // 0) and
	      \$got <= .ask_$1.udp_sent"
}
jq_checks "$doc" \
	"MN -> CN: answered by CN only, every TCP byte taken by CN" "$(asked CN CN)" \
	"MN (NID 0:0:0:101) -> CN: answered by CN only, every TCP byte" "$(asked CN2 CN)" \
	"MN -> ILNP twin: answered by TWIN-ILNP only, every TCP byte" "$(asked T TWIN-ILNP)" \
	"MN -> plain twin: answered by TWIN-PLAIN only, every TCP byte" "$(asked P TWIN-PLAIN)" \
	"both sessions to CN: UDP answers carried on across CN's move" \
	'all(.ask_CN, .ask_CN2; .udp_replies.CN > 0 and .udp_last_rx_s >= .secs - 1)' \
	"sessions to the twins: not one UDP answer lost (CN's move is not theirs)" \
	'all(.ask_T, .ask_P; (.udp_replies | to_entries[0].value) == .udp_sent)' \
	"CN's server: two TCP sessions, from MN's two NIDs, every byte" \
	"(.srv_CN.tcp | map(.peer) | sort) == [\"$MN1\", \"$MN2\"] and
	 all(.srv_CN.tcp[]; .first_bad_byte == null and .done) and
	 ([.srv_CN.tcp[] | select(.peer == \"$MN1\") | .bytes] == [.ask_CN.tcp_sent]) and
	 ([.srv_CN.tcp[] | select(.peer == \"$MN2\") | .bytes] == [.ask_CN2.tcp_sent])" \
	"CN's server: UDP from MN's two NIDs only" \
	"(.srv_CN.udp | keys) == [\"$MN1\", \"$MN2\"]" \
	"T's and the plain twin's servers: one TCP session each, from MN, every byte; UDP from MN only" \
	"all([.srv_T, .ask_T], [.srv_P, .ask_P]; .[0] as \$s | .[1] as \$a |
	 (\$s.tcp | map(.peer)) == [\"$MN1\"] and \$s.tcp[0].bytes == \$a.tcp_sent and
	 \$s.tcp[0].first_bad_byte == null and \$s.tcp[0].done and (\$s.udp | keys) == [\"$MN1\"])" \
	"UDP counts agree: answered <= received by the server addressed <= sent (all four)" \
	"($(udp_sane CN CN $MN1)) and ($(udp_sane CN2 CN $MN2)) and
	 ($(udp_sane T T $MN1)) and ($(udp_sane P P $MN1))" \
	"plain twin: no Destination Options (no nonce) in any packet" \
	'.pcap.lu.total > 100 and .pcap.lu.dstopt_pkts == 0 and .pcap.lu.nonce_pkts == 0' \
	"plain twin: every TCP/UDP checksum the ordinary one" \
	'.pcap.csum.total > 100 and .pcap.csum.full_ok == .pcap.csum.total and .pcap.csum.bad == 0' \
	"before the move: MN held CN at 2001:db8:c:0 for each local NID, T at 2001:db8:7:0, all three verified" \
	"($(e200 before 100 2001:db8:c:0) | length) == 1 and ($(e200 before 101 2001:db8:c:0) | length) == 1 and
	 ($(e200 before 100 2001:db8:7:0) | length) == 1 and
	 ([.before[] | select(.nid == \"0:0:0:200\" and (.flags | index(\"verified\")))] | length) == 3" \
	"MN: (0:0:0:100, 0:0:0:200) has exactly two entries, CN's (now 2001:db8:d:0) and T's" \
	"([.after[] | select(.nid == \"0:0:0:200\" and .local_nid == \"0:0:0:100\")] | length) == 2 and
	 ($(e200 after 100 2001:db8:d:0) | length) == 1 and ($(e200 after 100 2001:db8:7:0) | length) == 1" \
	"MN: (0:0:0:101, 0:0:0:200) has exactly one entry, CN's at 2001:db8:d:0" \
	"([.after[] | select(.nid == \"0:0:0:200\" and .local_nid == \"0:0:0:101\")] | length) == 1 and
	 ($(e200 after 101 2001:db8:d:0) | length) == 1" \
	"MN: the three ILNP entries verified, each with its own nonces" \
	"[$(e200 after 100 2001:db8:d:0), $(e200 after 100 2001:db8:7:0), $(e200 after 101 2001:db8:d:0)] |
	 map(.[0]) | all(.flags | index(\"verified\")) and (map(.nonce_remote) | unique | length) == 3 and
	 (map(.nonce_local) | unique | length) == 3" \
	"MN: no entry holds the plain twin's locator 2001:db8:f:0" \
	'all(.after[]; all(.locators[]; .locator != "2001:db8:f:0"))' \
	"T's entry unchanged by CN's move (locators, state, flags, nonces)" \
	"($(e200 before 100 2001:db8:7:0) | map({locators, state, flags, nonce_local, nonce_remote})) ==
	 ($(e200 after 100 2001:db8:7:0) | map({locators, state, flags, nonce_local, nonce_remote}))" \
	"T got no LU (CN announced its move to CN's peers only)" \
	'.T_stats.lu_recv == 0'

# The plain twin inside a prefix: MN tries ILNP, P answers the nonce with
# Parameter Problem, and that host (not CN, not T) becomes plain.
ilnp -n "$MN" -j stats >"$tmp/s0.json"
ilnp -n "$MN" prefix add 2001:db8:f::/64
nsx "$P" $traffic whoami TWIN-PLAIN $PORT $TWIN_P >"$tmp/srv2.P" &
srv_p=$!
sleep 1
ILNP_SRC=$MN1 nsx "$MN" $traffic whoami-ask $TWIN_P $PORT 50000 1 >"$tmp/ask2.P"
log_test $? "plain twin inside MN's prefixes: the session comes up and ends cleanly"
kill "$srv_p"; wait "$srv_p"
log_info "MN -> plain twin: $(<"$tmp/ask2.P")"
log_info "its server: $(<"$tmp/srv2.P")"
ilnp -n "$MN" -j -s peer show >"$tmp/after2.json"
ilnp -n "$MN" -j stats >"$tmp/s1.json"
doc='{'
for f in ask2.P srv2.P after after2 s0 s1; do
	slurp v "$tmp/$f"
	[ -e "$tmp/$f.json" ] && slurp v "$tmp/$f.json"
	doc+="\"${f//./_}\": $v,"
done
doc+='"": null}'
snap='[.[] | select(.locators[0].locator != "2001:db8:f:0") | {nid, local_nid, locators, flags, nonce_local, nonce_remote}] | sort_by(.local_nid, .locators[0].locator)'
jq_checks "$doc" \
	"it is answered by the plain twin only, and it took every TCP byte" \
	"(.ask2_P.udp_replies | keys) == [\"TWIN-PLAIN\"] and .ask2_P.tcp_name == \"TWIN-PLAIN\" and
	 .ask2_P.tcp_acked == 50000 and .ask2_P.tcp_bad == null and
	 (.srv2_P.tcp | map(.peer)) == [\"$MN1\"]" \
	"MN: the plain twin has an entry of its own, plain" \
	'[.after2[] | select(.nid == "0:0:0:200" and .locators[0].locator == "2001:db8:f:0")] |
	 length == 1 and .[0].state == "plain" and (.[0].flags | index("plain_ipv6"))' \
	"CN's and T's entries (both local NIDs) unchanged by it" \
	"(.after | $snap) == (.after2 | $snap)" \
	"one fallback (peer_fallback), the plain twin's" \
	'.s1.peer_fallback == .s0.peer_fallback + 1'

log_info "wall time: ${SECONDS}s"
tap_done
