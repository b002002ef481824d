#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A correspondent that restarts comes back (issue 7, item 4).  After an
# ILNP session MN <-> CN, CN "restarts": its servers are gone and its
# ILCC is flushed, so it comes back with a new nonce, and MN's packets
# carrying the old one no longer match.  Three rounds:
#   1. CN restarts and opens a TCP session to MN;
#   2. MN restarts (its ILCC flushed) and opens one to CN;
#   3. CN restarts and MN, which still holds CN's old nonce, opens one;
#   4. as 2, with MN far away (a 500 ms RTT), after a first session over
#      that path in which CN must prove MN's nonce;
#   5. as 1, while a UDP session of MN's to CN runs across the restart,
#      so that CN first hears from MN without a nonce.
# Each session must come up within 5 s (the time is reported: the return-
# routability probe that the mismatch triggers takes one round trip, then
# TCP retransmits its SYN or SYN-ACK after 1 s), and the other side must
# hold the new nonce, verified, with a peer_verified event that says
# nonce_changed.  Then an off-path X sends, during a session, packets and
# LUs with random nonces claiming to be CN: MN's probes reach the real CN,
# which answers with its nonce, and nothing changes in MN's entry.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/topo.sh"
# Background servers must not outlive the test (they would hold its output).
trap 'kill $(jobs -p) 2>/dev/null; cleanup_all_ns; rm -rf "$tmp"' EXIT
require_cmd python3 nsenter
traffic="python3 -S $(dirname "$0")/ilnp_traffic.py"
pkt="python3 -S $(dirname "$0")/ilnp_pkt.py"

# events NODE FROM NAME: NODE's monitor lines from FROM on, as file NAME.
events()
{
	local -a l
	mapfile -t -s $(($2 - 1)) l <"$tmp/mon.$1"
	local IFS=,
	printf '[%s]' "${l[*]}" >"$tmp/$3"
}
mon_next() { local -a l; mapfile -t l <"$tmp/mon.$1"; echo $((${#l[@]} + 1)); }

# session NAME FROM TO PORT: a TCP session of 100 kB from node FROM to
# node TO; files NAME_send, NAME_sink.
session()
{
	local sink
	nsx "${!3}" $traffic tcp-sink "$4" >"$tmp/$1_sink" &
	sink=$!
	sleep 1
	nsx "${!2}" $traffic tcp-send "$(addr "$3" a)" "$4" 100000 0.2 \
		>"$tmp/$1_send"
	local rc=$?
	wait $sink
	return $rc
}

topo_setup
log_test $? "routed topology with ILNP on MN and CN"
log_info "set up in ${SECONDS}s"
MN_A=$(addr MN a) CN_A=$(addr CN a)
ilnp -n "$MN" -j monitor >"$tmp/mon.MN" &
mon_mn=$!
ilnp -n "$CN" -j monitor >"$tmp/mon.CN" &
mon_cn=$!

session s0 MN CN 6400
log_test $? "an ILNP session MN -> CN"
state s0mn "$MN"
state s0cn "$CN"
json_doc doc "$tmp"/s0*
jq_checks "$doc" \
	"every byte arrived" '.s0_sink.bytes == 100000 and .s0_sink.first_bad_byte == null' \
	"MN and CN hold each other verified, each with the other's nonce" \
	"($(ent s0mn $CN_NID) | .[0]) as \$m | ($(ent s0cn $MN_NID) | .[0]) as \$c |
	 (\$m.flags | index(\"verified\")) and (\$c.flags | index(\"verified\")) and
	 \$m.nonce_remote == \$c.nonce_local and \$c.nonce_remote == \$m.nonce_local"

# round R WHO OPENER PEER_SEEN: WHO restarts (ILCC flushed), then OPENER
# opens a session to the other; PEER_SEEN is the node that must see WHO's
# new nonce.
round()
{
	local r=$1 who=$2 from=$3 seer=$4 other mon
	[ "$from" = MN ] && other=CN || other=MN
	state "r${r}old" "${!seer}"
	mon=$(mon_next "$seer")
	ilnp -n "${!who}" peer flush all
	log_test $? "round $r: $who restarts (its ILCC flushed: a new nonce)"
	session "r$r" "$from" "$other" $((6400 + r))
	log_test $? "round $r: $from opens a TCP session to $other and it exits cleanly"
	state "r${r}seer" "${!seer}"
	state "r${r}who" "${!who}"
	events "$seer" "$mon" "r${r}_events"
	json_doc doc "$tmp"/r"$r"*
	local wnid=${who}_NID snid=${seer}_NID
	log_info "round $r: $(<"$tmp/r${r}_send"); $seer's entry for $who: $(<"$tmp/r${r}seer_peers")"
	jq_checks "$doc" \
		"round $r: the session came up within 5 s (connect took $(json_field "$tmp/r${r}_send" connect_ms) ms)" \
		".r${r}_send.connect_ms != null and .r${r}_send.connect_ms < 5000" \
		"round $r: every byte arrived" \
		".r${r}_sink.bytes == 100000 and .r${r}_sink.first_bad_byte == null" \
		"round $r: $seer holds $who's new nonce, verified" \
		"($(ent "r${r}who" "${!snid}") | .[0].nonce_local) as \$new |
		 ($(ent "r${r}old" "${!wnid}") | .[0].nonce_remote) as \$old |
		 $(ent "r${r}seer" "${!wnid}") | length == 1 and .[0].nonce_remote == \$new and
		 \$new != \$old and (.[0].flags | index(\"verified\"))" \
		"round $r: $seer's event peer_verified for $who says nonce_changed, from $who's address" \
		".r${r}_events | any(.[]; .event == \"peer_verified\" and .nid == \"${!wnid}\" and
		 .nonce_changed and .addr == \"$(addr "$who" a)\")" \
		"round $r: counted (rr_verified)" \
		"$(grew "r${r}old" "r${r}seer" rr_verified) >= 1"
}
round 1 CN CN MN
round 2 MN MN CN
round 3 CN MN MN

# A correspondent far away: R delays what it sends MN by 490 ms (RTT 500
# ms).  Both start afresh; MN opens a session to CN, and CN must prove
# MN's nonce over the long path: its probe goes out again after the RTO
# (250 ms before any round-trip sample), again after twice that, and the
# answer to any copy counts until about 1.75 s.  Then MN restarts and
# comes back as in round 2.
tc -n "$R" qdisc change dev mna root netem delay 490ms &&
	ilnp -n "$MN" peer flush all && ilnp -n "$CN" peer flush all
log_test $? "MN's path to CN now has a 500 ms RTT; both ILCCs flushed"
session s4 MN CN 6420
log_test $? "an ILNP session MN -> CN over it"
sleep 2		# the probe's retransmissions, if any, are over
state s4cn "$CN"
json_doc doc "$tmp"/s4*
log_info "CN's entry for MN: $(<"$tmp/s4cn_peers")"
jq_checks "$doc" \
	"CN proved MN's nonce over the long path (verified)" \
	"$(ent s4cn $MN_NID) | length == 1 and (.[0].flags | index(\"verified\"))"
round 4 MN MN CN
tc -n "$R" qdisc change dev mna root netem delay 10ms

# 5. CN restarts while MN is still sending to it: MN's UDP session to a
# server of CN's (one that is up again at once) runs across the restart,
# so the first packets CN sees from MN after it came back carry no nonce.
# CN makes MN a plain entry (a stranger inside its prefix) and asks it
# once whether it speaks ILNP; MN, holding CN's old nonce, takes that
# probe for a mismatch and asks CN in turn; CN answers MN's probe itself
# (its stack would answer the nonce with Parameter Problem) and sends its
# own again, which MN now answers: both hold each other's nonce, verified.
nsx "$CN" $traffic udp-echo 6430 40 >/dev/null &
echo5=$!
sleep 1
nsx "$MN" $traffic udp-probe "$CN_A" 6430 15 100 >"$tmp/r5_probe" &
probe5=$!
sleep 3
state r5before "$CN"
round 5 CN CN MN
wait $probe5
kill $echo5
wait $echo5 2>/dev/null
json_doc doc "$tmp"/r5*
log_info "round 5: MN's UDP session across it: $(<"$tmp/r5_probe"); CN's entry for MN: $(<"$tmp/r5who_peers")"
jq_checks "$doc" \
	"round 5: CN holds MN as an ILNP peer again (verified, not plain)" \
	"$(ent r5who $MN_NID) | length == 1 and .[0].state != \"plain\" and (.[0].flags | index(\"verified\")) and
	 (.[0].flags | index(\"plain_ipv6\") | not)" \
	"round 5: CN answered MN's probe itself (rr_answered) and proved MN's nonce (rr_verified)" \
	"$(grew r5before r5who rr_answered) >= 1 and $(grew r5before r5who rr_verified) >= 1" \
	"round 5: MN's UDP session carried on" \
	'.r5_probe.echoed > 0 and .r5_probe.last_rx_s >= .r5_probe.secs - 1'

# X, off path, claims to be CN with random nonces while a session runs.
nsx "$CN" $traffic tcp-sink 6410 >"$tmp/x_sink" &
sink=$!
sleep 1
ILNP_READY=$tmp/x.up nsx "$MN" $traffic tcp-send "$CN_A" 6410 300000 4 \
	>"$tmp/x_send" &
send=$!
wait_file "$tmp/x.up" 60
state x0 "$MN"
mon=$(mon_next MN)
F="src=$CN_A,dst=$MN_A"
nsx "$X" $pkt forge --secs 2 --pps 150 "udp,$F,nonce=random,dport=6410" \
	"syn,$F,nonce=random,dport=6410" "echo-reply,$F,nonce=random" \
	"lu,$F,nonce=random,loc=2001:db8:e::" >"$tmp/x_forge"
log_test $? "X sends MN, as CN, packets and LUs with random nonces for 2 s: $(<"$tmp/x_forge")"
sleep 0.5
state x1 "$MN"
events MN "$mon" x_events
wait $send
log_test $? "the session's sender exits cleanly (no reset)"
wait $sink
json_doc doc "$tmp"/x*
log_info "MN's counters: $(<"$tmp/x1_stats")"
jq_checks "$doc" \
	"every byte of the session arrived" \
	'.x_sink.bytes == 300000 and .x_sink.first_bad_byte == null' \
	"MN's entry for CN unchanged: same nonce, still verified, same locators" \
	"($(ent x0 $CN_NID) | map({nonce_remote, flags, locators})) ==
	 ($(ent x1 $CN_NID) | map({nonce_remote, flags, locators})) and
	 ($(ent x1 $CN_NID) | length) == 1 and ($(ent x1 $CN_NID) | .[0].flags | index(\"verified\"))" \
	"X's packets dropped as mismatches and counted" \
	"$(grew x0 x1 drop_nonce_mismatch) >= 0.9 * .x_forge.sent and $(grew x0 x1 lu_recv) == 0" \
	"MN asked the real CN (probes answered: rr_verified), which kept its nonce" \
	"$(grew x0 x1 rr_verified) >= 1" \
	"no event with nonce_changed while X sent" \
	'.x_events | map(select(.nonce_changed)) | length == 0'

kill $mon_mn $mon_cn
wait $mon_mn $mon_cn 2>/dev/null
log_info "wall time: ${SECONDS}s"
tap_done
