#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The map under pressure, and what needs no map, on the topology of
# sitetopo.sh:
#
#   - a map entry changed over and over while a stream crosses it: every
#     packet sees the old or the new entry, never a mix (a torn entry
#     would show as a checksum error at the receiver, whose two inside
#     locators are not neutral with each other);
#   - seed paper sec. VII-B, integrated multihoming: V3 holds L_1 and L_2,
#     no rewriting; the site loses its uplink at SBR1 and V3 its L_1: the
#     session carries on via L_2.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/sitetopo.sh"
require_cmd python3 nstat

site_setup
log_test $? "two sites, two SBRs, three hypervisors; V and V2 on HA"

# --- a map entry flipping under a stream ---
L_LM=fd00:8:0:1
ip -n "$V2" addr add "$(ilv $L_LM 102)/64" dev eth0 nodad &&
	ip -n "$HA" route add "$(ilv $L_LM 102)/128" dev p-V2 &&
	ip -n "$SBR1" route add "$(ilv $L_LM 102)/128" via fd00:1a::a
log_test $? "V2 has a second inside address, L_LM (not neutral with L_LN)"
e0=$(csum_errors "$V2") p0=$(csum_errors "$PCN")
nsx "$V2" $traffic udp-echo 5400 300 >/dev/null 2>&1 &
sink=$!
sleep 0.5
ILNP_READY=$tmp/flood.up ILNP_STOP=$tmp/flood.stop \
	nsx "$PCN" $traffic udp-probe "$(ilv $L_1 102)" 5400 300 1 \
	>"$tmp/flood" 2>&1 &
flood=$!
wait_file "$tmp/flood.up"
log_test $? "a 1 ms UDP stream PCN -> V2 is echoed"
# Rounds, not seconds: a loaded guest runs few ilnp commands a second.
flips=0
for ((n = 1; n <= 5; n++)); do
	ilnp -n "$SBR1" map set $V2_NID int $L_LM seq $((2 * n)) &&
		flips=$((flips + 1)) &&
		ilnp -n "$SBR1" map set $V2_NID int $L_LN seq $((2 * n + 1)) &&
		flips=$((flips + 1)) || break
done
n=$((n - 1))
touch "$tmp/flood.stop"
wait $flood
kill $sink; wait $sink 2>/dev/null
log_info "flips: $flips, stream: $(cat "$tmp/flood")"
[ $flips = 10 ]
log_test $? "the entry was replaced $flips times (of 10) under the stream"
json_file "the stream got through while it changed" "$tmp/flood" '.echoed > 100'
e1=$(csum_errors "$V2") p1=$(csum_errors "$PCN")
log_info "checksum errors at V2: $((e1 - e0)), at PCN: $((p1 - p0))"
[ "$e1" = "$e0" ] && [ "$p1" = "$p0" ]
log_test $? "no checksum error at V2 or PCN: no packet saw a torn entry"
jq_check "the map shows the last update's seq" \
	"$(ilnp -n "$SBR1" -j map show)" \
	".[] | select(.nid == \"$V2_NID\") | .seq == $((2 * n + 1)) and .int == \"$L_LN\""
stale0=$(ilnp_stat "$SBR1" map_stale)
! ilnp -n "$SBR1" map set $V2_NID int $L_LM seq 1 2>/dev/null &&
	[ "$(ilnp_stat "$SBR1" map_stale)" = $((stale0 + 1)) ]
log_test $? "a stale update (seq 1) is refused and counted (map_stale)"

# --- VII-B: the site loses L_1 ---
site_guest V3 || exit 1
place V3 "$HA" "$(ilv $L_1 103)" && place V3 "$HA" "$(ilv $L_2 103)" &&
	ip -n "$SBR2" route add "$(ilv $L_2 103)/128" via fd00:12::1 &&
	ip -n "$V3" addr add "$(ilv $L_1 103)/64" dev eth0 nodad &&
	ip -n "$V3" addr add "$(ilv $L_2 103)/64" dev eth0 nodad &&
	ilnp -n "$V3" nid add 0:0:0:103 &&
	ilnp -n "$V3" loc add $L_1 pref 10 dev eth0 &&
	ilnp -n "$V3" loc add $L_2 pref 20 dev eth0 &&
	ilnp -n "$V3" prefix add 2001:db8::/32
log_test $? "VII-B: V3 holds L_1 and L_2 (no rewriting)"
tcp_session M "$CN" "$(ilv $L_1 103)" 5600 400000 10 "$V3"
log_test $? "VII-B: TCP CN -> V3 up"
sleep 1
# From R, a plain IPv6 node: CN's ILNP would send to V3's preferred L_1.
nsx "$R" ping -6 -c 1 -W 5 "$(ilv $L_2 103)" >/dev/null
log_test $? "VII-B: V3 is reachable at L_2 too"
ip -n "$R" link set s1 down &&
	ip -n "$V3" addr del "$(ilv $L_1 103)/64" dev eth0
log_test $? "VII-B: the uplink of SBR1 goes, and with it V3's L_1"
sleep 2
tcp_done M 400000 "VII-B: the session carried on"
jq_check "VII-B: CN's ILCC holds V3 at L_2 only (expression 8)" \
	"$(ilnp -n "$CN" -j peer show)" \
	"[.[] | select(.nid == \"0:0:0:103\") | .locators[].locator] == [\"$L_2\"]"

tap_done
