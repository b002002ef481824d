#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Site border routers rewrite locators keyed by NID (the seed paper's
# secs. III-C, V, VI and IX-A; RFC 6740 sec. 9.7, RFC 6748 sec. 2), on
# the two-site topology of sitetopo.sh:
#
#   III-C  CN <-> V through SBR1 rewriting L_1 <-> L_L1: CN's ILCC and
#          socket show L_1 only, V's show its inside locator
#   V      V moves HA -> HB inside site 1 (same L_L1): CN sees nothing
#   VI     V moves to site 2 (L_L2): the SBRs' maps change together, CN's
#          traffic still enters by SBR1 and reaches V over the
#          inter-site link, CN's state is unchanged, V's LU (rewritten)
#          tells CN nothing new
#   IX-A   an unmodified IPv6 correspondent PCN keeps its TCP session with
#          a stock guest V2 (no ILNP in it) that moves between sites; V2's
#          map entry is not checksum-neutral, so the routers adjust every
#          checksum, and none fails at either end
#   PMTU   after VI, the inter-site link narrows: SBR1's Packet Too Big
#          quotes the packet as rewritten, the quote goes back to L_1, and
#          CN (then PCN, in IX-A) learns the path MTU to the moved guest
#
# Sessions run across every move with each byte checked; the UDP outage
# of each move is reported.  Documentation/scenarios.md has the commands
# and the end-system state expressions these checks stand for.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/sitetopo.sh"
require_cmd python3 tcpdump nstat

site_setup
log_test $? "two sites, two SBRs, three hypervisors; V and V2 on HA"
V_EXT=$(ilv $L_1 100)

# --- III-C: localised addressing ---
tcp_session A "$CN" "$V_EXT" 5100 400000 10 "$V"
log_test $? "III-C: TCP CN -> V (L_1|I_V) up"
udp_probe U "$CN" "$V_EXT" 5200 "$V"
log_test $? "III-C: UDP probe CN -> V echoed"
sleep 1

cn_peer() { ilnp -n "$CN" -j peer show | jq -c --arg n $V_NID \
	'[.[] | select(.nid == $n) | .locators[].locator]'; }
[ "$(cn_peer)" = "[\"$L_1\"]" ]
log_test $? "III-C: CN's ILCC holds V at L_1 only ($(cn_peer))"
nsx "$CN" ss -tnH state established "( dport = :5100 )" |
	grep -q "\[$V_EXT\]:5100"
log_test $? "III-C: CN's socket is to $V_EXT (expression 1)"
nsx "$V" ss -tnH state established "( sport = :5100 )" |
	grep -q "\[$(ilv $L_L1 100)\]:5100"
log_test $? "III-C: V's socket is from its inside address (expression 2)"
jq_check "III-C: V's ILCC holds CN at its own locator" \
	"$(ilnp -n "$V" -j peer show)" \
	".[] | select(.nid == \"$CN_NID\") | .locators[0].locator == \"2001:db8:c:0\""
[ "$(ilnp -n "$SBR1" -j -s map show | jq ".[] | select(.nid == \"$V_NID\") | .stats.in")" -gt 0 ]
log_test $? "III-C: SBR1 rewrote packets to V"
jq_check "III-C: V's map entry is checksum-neutral, V2's is not" \
	"$(ilnp -n "$SBR1" -j map show)" \
	"(.[] | select(.nid == \"$V_NID\") | .flags | index(\"neutral\")) != null and
	 (.[] | select(.nid == \"$V2_NID\") | .flags | index(\"neutral\")) == null"

# --- V: inside the site, HA -> HB ---
lu0=$(ilnp_stat "$V" lu_sent)
t0=$(date +%s.%N)
place V "$HB" "$(ilv $L_L1 100)"
t1=$(date +%s.%N)
move_v="$t0 $t1"
sleep 1
[ "$(cn_peer)" = "[\"$L_1\"]" ] && [ "$(ilnp_stat "$V" lu_sent)" = "$lu0" ]
log_test $? "V: V moved inside site 1; no LU, CN's ILCC unchanged"

# --- VI: to the other site, invisibly ---
# The orchestration changes both maps first (the same entry, the same
# seq), then moves the guest, which takes its new inside locator.
cn_lu0=$(ilnp_stat "$CN" lu_recv)
capture "$SBR1" "$tmp/sbr1.pcap" -c 20 -i up "ip6 and dst $V_EXT"
sleep 0.5
t0=$(date +%s.%N)
map_all set $V_NID int $L_L2 seq 2 &&
	place V "$HC" "$(ilv $L_L2 100)" &&
	ip -n "$V" addr add "$(ilv $L_L2 100)/64" dev eth0 nodad &&
	ilnp -n "$V" rebind $L_L2 from $L_L1 &&
	ip -n "$V" addr del "$(ilv $L_L1 100)/64" dev eth0
log_test $? "VI: maps changed together, V moved to HC and rebound to L_L2"
t1=$(date +%s.%N)
move_vi="$t0 $t1"
sleep 2
for sbr in SBR1 SBR2; do
	jq_check "VI: $sbr holds the new entry (int L_L2, seq 2)" \
		"$(ilnp -n "${!sbr}" -j map show)" \
		".[] | select(.nid == \"$V_NID\") | .int == \"$L_L2\" and .seq == 2"
done
[ "$(cn_peer)" = "[\"$L_1\"]" ]
log_test $? "VI: CN's ILCC still holds V at L_1 only"
[ "$(ilnp_stat "$CN" lu_recv)" -gt "$cn_lu0" ]
log_test $? "VI: V's LU reached CN (rewritten to L_1: nothing changed there)"
capture_stop
n=$(tcpdump -n -r "$tmp/sbr1.pcap" 2>/dev/null | wc -l)
[ "$n" -gt 0 ]
log_test $? "VI: CN's traffic still enters by SBR1 ($n packets to $V_EXT on its uplink)"

udp_stop U
log_info "udp: $(cat "$tmp/U.probe")"
log_info "V: move HA -> HB inside site 1, echo $(udp_gap U $move_v)"
log_info "VI: move to site 2, echo $(udp_gap U $move_vi)"
json_file "III-C..VI: the UDP echo came back after every move" "$tmp/U.probe" \
	'.echoed > 0 and .last_rx_s >= .secs - 2'
tcp_done A 400000 "III-C..VI: TCP CN -> V across two moves"
jq_check "VI: V's ILCC sees CN unchanged" "$(ilnp -n "$V" -j peer show)" \
	".[] | select(.nid == \"$CN_NID\") | .locators[0].locator == \"2001:db8:c:0\""
[ "$(csum_errors "$CN")" = 0 ] && [ "$(csum_errors "$V")" = 0 ]
log_test $? "VI: no checksum error at CN or V"

# --- path MTU discovery after the move ---
# CN's packets for V now cross the inter-site link, rewritten to L_L2 by
# SBR1 before it routes them.  With that link narrower, SBR1's Packet Too
# Big quotes a packet CN never sent: its quote must be translated back to
# L_1 for CN to match it to its session (and it stays narrow for IX-A).
ip -n "$SBR1" link set x mtu 1380 && ip -n "$SBR2" link set x mtu 1380
log_test $? "VI+PMTU: the inter-site link carries at most 1380 bytes"
x0=$(ilnp_stat "$SBR1" map_icmp_xlated)
tcp_session P "$CN" "$V_EXT" 5500 2000000 4 "$V"
log_test $? "VI+PMTU: TCP CN -> V (at site 2) with 1500-byte segments up"
tcp_done P 2000000 "VI+PMTU: path MTU to V at site 2"
x1=$(ilnp_stat "$SBR1" map_icmp_xlated)
[ "$x1" -gt "$x0" ]
log_test $? "VI+PMTU: SBR1 translated its Packet Too Big's quote ($((x1 - x0)))"
ip -n "$CN" -6 route get "$V_EXT" | grep -q "mtu 1380"
log_test $? "VI+PMTU: CN's route to V learned the path MTU 1380"

# --- IX-A: an IP-only correspondent, a stock guest that moves ---
V2_EXT=$(ilv $L_1 102)
tcp_session B "$PCN" "$V2_EXT" 5300 400000 10 "$V2"
log_test $? "IX-A: TCP PCN (plain IPv6) -> stock V2 up"
udp_probe U2 "$PCN" "$V2_EXT" 5301 "$V2"
log_test $? "IX-A: UDP probe PCN -> V2 echoed"
sleep 1
# V2 keeps the address it was born with (L_LN): its new hypervisor maps
# it to site 2's inside locator, the SBRs map that to L_1.
t0=$(date +%s.%N)
ilnp -n "$HC" map add $V2_NID ext $L_L2 int $L_LN seq 2 &&
	map_all set $V2_NID int $L_L2 seq 2 &&
	place V2 "$HC" "$(ilv $L_LN 102)" "$(ilv $L_L2 102)"
log_test $? "IX-A: V2 moved to HC (HC maps L_LN <-> L_L2, SBRs L_L2 <-> L_1)"
t1=$(date +%s.%N)
sleep 2
tcp_done B 400000 "IX-A: TCP PCN -> V2 across the move"
udp_stop U2 "$t1"
log_info "IX-A: udp: $(cat "$tmp/U2.probe")"
log_info "IX-A: V2 moves to site 2, echo $(udp_gap U2 "$t0" "$t1")"
json_file "IX-A: the UDP echo came back after the move" "$tmp/U2.probe" \
	'.echoed > 0 and .last_rx_s >= .secs - 2'
json_file "IX-A: V2's socket saw PCN's own address throughout" "$tmp/B.sink" \
	".peer == \"2001:db8:c::300\""
e_pcn=$(csum_errors "$PCN") e_v2=$(csum_errors "$V2")
log_info "IX-A: checksum errors PCN $e_pcn, V2 $e_v2"
[ "$e_pcn" = 0 ] && [ "$e_v2" = 0 ]
log_test $? "IX-A: every checksum verified at PCN and V2 (nstat)"
[ "$(ilnp -n "$HC" -j -s map show | jq ".[0].stats.in + .[0].stats.out")" -gt 0 ]
log_test $? "IX-A: the hypervisor HC rewrote V2's packets"
ip -n "$PCN" -6 route get "$V2_EXT" | grep -q "mtu 1380"
log_test $? "IX-A+PMTU: PCN (plain IPv6) learned the path MTU 1380 to V2 at site 2"

log_info "SBR1: $(ilnp -n "$SBR1" -j stats | jq -c '{map_rewritten, map_icmp_xlated, map_stale}')"
tap_done
