#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A distributed application (the seed paper's sec. VIII) on three sites
# of sitetopo.sh (SITES=3), whose routers run no ILNP here: three VMs, one
# at each site, all talking to each other, and two of them moving at once.
#
#   A  ILNP guest (runs ilnp.ko) on HA, site 1, at L_HA
#   B  ILNP guest on HD, site 3, at L_HD
#   C  stock guest (no ILNP in it) on HC, site 2; HC is its ILNP end
#
# TCP A -> B, A -> C and B -> C, every byte checked, and a UDP echo A -> C
# run while A moves to HC (site 2) and C to HB (site 1), both migrations
# driven at the same time: A rebinds and sends its own LUs; C's state goes
# from HC to HB, which activates it and sends C's LUs.  The A - C session
# has both ends moving: each end's LU goes to the other's old locator.
# C's cut-over is a stop-and-copy: HC deactivates C's NID before the
# export it hands over, so that what HC hears after it (A's LU, above
# all) is not lost: it goes unanswered, is sent again, and reaches HB.
# The orchestration leaves a forwarding pointer on each old host when a
# guest leaves it, a one-way map entry (`ilnp map add NID ext OLD int NEW
# ilnp pointer`): the old host routes what still comes to OLD|NID on to
# NEW|NID, checksums untouched, and rewrites nothing else.  So those LUs,
# and the packets sent before they arrive, still reach the guest.
# Checked: no reset, every byte, every ILCC ends holding each moved VM at
# its new locator only, the pointers rewrote nothing the other way.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/sitetopo.sh"
require_cmd python3

SITES=3 SITE_GUESTS=no site_setup
log_test $? "three sites, their routers plain, four hypervisors"

A_NID=0:0:0:130
B_NID=0:0:0:131
C_NID=0:0:0:132
C_BORN=fd00:c:0:1
A_1=$(ilv $L_HA 130) A_2=$(ilv $L_HC 130) B_3=$(ilv $L_HD 131)
C_ADDR=$(ilv $C_BORN 132) C_2=$(ilv $L_HC 132)

site_guest A && site_guest B && site_guest C || exit 1
ip -n "$A" addr add "$A_1/64" dev eth0 nodad &&
	place A "$HA" "$A_1" &&
	printf '%s\n' "nid add $A_NID" "loc add $L_HA" \
		"prefix add 2001:db8::/32" | ilnp -n "$A" -batch - &&
	ip -n "$B" addr add "$B_3/64" dev eth0 nodad &&
	place B "$HD" "$B_3" &&
	printf '%s\n' "nid add $B_NID" "loc add $L_HD" \
		"prefix add 2001:db8::/32" | ilnp -n "$B" -batch - &&
	ip -n "$C" addr add "$C_ADDR/64" dev eth0 nodad &&
	place C "$HC" "$C_ADDR" &&
	ilnp -n "$HC" nid add $C_NID hosted born $C_BORN loc $L_HC
log_test $? "A (ILNP) on HA, B (ILNP) on HD, C (stock) on HC, which hosts its NID"

tcp_session AB "$A" "$B_3" 5900 400000 10 "$B" &&
	tcp_session AC "$A" "$C_2" 5901 400000 10 "$C" &&
	tcp_session BC "$B" "$C_2" 5902 400000 10 "$C"
log_test $? "TCP A -> B, A -> C and B -> C up"
udp_probe UAC "$A" "$C_2" 5903 "$C"
log_test $? "UDP echo A -> C up"

# peers_json NS: NS's ILCC, JSON.
peers_json() { ilnp -n "$1" -j peer show; }
jq_checks "$(printf '{"a":%s,"b":%s,"hc":%s}' "$(peers_json "$A")" \
	"$(peers_json "$B")" "$(peers_json "$HC")")" \
	"before: A and B hold C at L_HC, HC (for C) holds A at L_HA" \
	"([.a[], .b[] | select(.nid == \"$C_NID\") | [.locators[].locator]] | unique) == [[\"$L_HC\"]] and
	 [.hc[] | select(.nid == \"$A_NID\") | [.locators[].locator]] == [[\"$L_HA\"]]" \
	"before: every session is ILNP (no peer fell back to plain IPv6)" \
	"all(.a[], .b[], .hc[]; .state != \"plain\")"

# The two migrations, at once.  Each ends with the old host's pointer.
move_a()
{
	place A "$HC" "$A_2" &&
		ilnp -n "$HA" map add $A_NID ext $L_HA int $L_HC ilnp pointer &&
		ip -n "$A" addr add "$A_2/64" dev eth0 nodad &&
		ilnp -n "$A" rebind $L_HC from $L_HA &&
		ip -n "$A" addr del "$A_1/64" dev eth0
}
move_c()
{
	ilnp -n "$HC" state deactivate $C_NID &&
		ilnp -n "$HC" state export $C_NID >"$tmp/c.state" &&
		ilnp -n "$HB" state import "$tmp/c.state" &&
		place C "$HB" "$C_ADDR" &&
		ilnp -n "$HB" state activate $C_NID $L_HB &&
		ilnp -n "$HC" nid del $C_NID &&
		ilnp -n "$HC" map add $C_NID ext $L_HC int $L_HB ilnp pointer
}
sleep 1
t0=$(date +%s.%N)
move_a >"$tmp/move_a" 2>&1 &
ma=$!
move_c >"$tmp/move_c" 2>&1 &
mc=$!
wait $ma; ra=$?
wait $mc; rc=$?
t1=$(date +%s.%N)
PORT_A=$HC PORT_C=$HB	# (place ran in the subshells)
log_info "move A: $(cat "$tmp/move_a"); move C: $(cat "$tmp/move_c")"
[ $ra = 0 ] && [ $rc = 0 ]
log_test $? "at once: A moved to HC and rebound to L_HC; C's state went HC -> HB, active at L_HB"

# Converged: each moved VM known at its new locator only, by both its
# correspondents (LUs that crossed a pointer, or were retransmitted, may
# take a while).
at_a="[.b[], .hb[] | select(.nid == \"$A_NID\")] | length == 2 and (map([.locators[].locator]) | unique) == [[\"$L_HC\"]]"
at_c="[.a[], .b[] | select(.nid == \"$C_NID\")] | length == 2 and (map([.locators[].locator]) | unique) == [[\"$L_HB\"]]"
end=$((SECONDS + 60))
while :; do
	state=$(printf '{"a":%s,"b":%s,"hb":%s}' "$(peers_json "$A")" \
		"$(peers_json "$B")" "$(peers_json "$HB")")
	printf '%s' "$state" | jq -e "($at_a) and ($at_c)" >/dev/null && break
	[ $SECONDS -lt $end ] || break
	snooze 1
done
log_info "ILCCs: $state"
jq_checks "$state" \
	"after: B and HB (for C) hold A at L_HC only" "$at_a" \
	"after: A and B hold C at L_HB only" "$at_c"

udp_stop UAC "$t1"
log_info "udp A -> C: $(cat "$tmp/UAC.probe")"
log_info "A and C move at once, echo A -> C $(udp_gap UAC "$t0" "$t1")"
json_file "the UDP echo A -> C came back after both moves" "$tmp/UAC.probe" \
	'.echoed > 0 and .last_rx_s >= .secs - 2'
tcp_done AB 400000 "TCP A -> B (A moved)"
tcp_done AC 400000 "TCP A -> C (both ends moved)"
tcp_done BC 400000 "TCP B -> C (C moved)"
ptr=$(printf '{"ha":%s,"hc":%s}' "$(ilnp -n "$HA" -j -s map show)" \
	"$(ilnp -n "$HC" -j -s map show)")
log_info "pointers: $ptr"
jq_checks "$ptr" \
	"the old hosts' pointers are one way: nothing from the moved guests rewritten" \
	"[.ha[], .hc[] | .flags == [\"ilnp\", \"pointer\"] and .stats.out == 0] == [true, true]"
[ "$(csum_errors "$A")" = 0 ] && [ "$(csum_errors "$B")" = 0 ] &&
	[ "$(csum_errors "$C")" = 0 ]
log_test $? "no checksum error at A, B or C"

tap_done
