#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Locators that follow addresses (ilnp nid add NID auto; issue 10: a guest
# that must find its new locator by itself).  On the routed network of
# topo.sh, MN's NID 0:0:0:100 is automatic and MN has no locator of its
# own configuration:
#   - its address 2001:db8:1::100 brings 2001:db8:1:0 in, bound to la;
#     addresses with another interface identifier, link-local ones and
#     those of a down link bring nothing;
#   - MN moves from link a to link b with nothing but ip(8) (the new
#     address and route, the old address removed, link a down) while a TCP
#     stream and a UDP probe run to CN: the new /64 comes in, the old one
#     goes, LUs tell CN, and the sessions carry on;
#   - the same back to link a by SLAAC (ip token ::100; R's advertisements
#     from ilnp_ra.py);
#   - CN's NID is not automatic: an address added there changes nothing.
# The announce path (NETDEV_NOTIFY_PEERS: a Router Solicitation, then the
# old link's locators left) needs a virtio-net interface: vm_*.sh.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/topo.sh"
require_cmd python3 jq

# auto_move NODE FROM TO: what a host's own network configuration does
# when it changes links; no ilnp command.
auto_move()
{
	local node=$1 from=$2 to=$3 ns=${!1}

	declare -g "${node}_AT=$to"
	topo_attach "$node" "$to" &&
		ip -n "$ns" addr del "$(addr "$node" "$from")/64" dev "l$from" &&
		ip -n "$ns" link set "l$from" down
}

# locs NS: NS's locators, "L64@DEV" sorted, on one line.
locs()
{
	ilnp -n "$1" -j loc show |
		jq -r '[.[] | "\(.locator)@\(.dev // "any")"] | sort | join(" ")'
}

# wait_locs NS WANT [SECS]: until NS's locators are WANT (or SECS pass).
wait_locs()
{
	local end=$((SECONDS + ${3:-10}))

	while [ "$(locs "$1")" != "$2" ]; do
		[ $SECONDS -lt $end ] || return 1
		sleep 0.2
	done
}

topo_setup || { log_test 1 "routed test network"; tap_done; }
printf 'loc del %s:0\nnid del %s\n' "${NET[MN.a]}" $MN_NID |
	ilnp -n "$MN" -batch - &&
	[ "$(locs "$MN")" = "" ]
log_test $? "MN starts with no NID and no locator"

# Addresses that are not the automatic NID's, or not usable, before it.
ip -n "$MN" link set lb down &&
	ip -n "$MN" addr add 2001:db8:1::55/64 dev la nodad &&
	ip -n "$MN" addr add "$(addr MN b)/64" dev lb nodad
log_test $? "MN: 2001:db8:1::55 on la, $(addr MN b) on lb (lb is down)"

ilnp -n "$MN" nid add $MN_NID auto
log_test $? "ilnp nid add $MN_NID auto"
wait_locs "$MN" "${NET[MN.a]}:0@la"
log_test $? "MN's locators: ${NET[MN.a]}:0 on la only (got: $(locs "$MN"))"
ilnp -n "$MN" -j nid show | jq -e --arg n $MN_NID \
	'.[] | select(.nid == $n) | .flags == ["auto"]' >/dev/null
log_test $? "nid show: $MN_NID has the flag auto"

# The address on lb counts once lb is up; a second address with the same
# /64 adds nothing; the one on lb goes again with it.
ip -n "$MN" link set lb up &&
	wait_locs "$MN" "${NET[MN.a]}:0@la ${NET[MN.b]}:0@lb"
log_test $? "lb up: ${NET[MN.b]}:0 comes in on lb (got: $(locs "$MN"))"
ip -n "$MN" addr del "$(addr MN b)/64" dev lb &&
	wait_locs "$MN" "${NET[MN.a]}:0@la"
log_test $? "its address removed: ${NET[MN.b]}:0 withdrawn (got: $(locs "$MN"))"
ip -n "$MN" link set lb down
# (A second address on la would be a candidate source for the sessions
# below: only the NID's address is an ILNP one.)
ip -n "$MN" addr del 2001:db8:1::55/64 dev la

# CN's NID is an ordinary one: its addresses are not its locators.
ip -n "$CN" addr add "$(addr CN b)/64" dev lb nodad &&
	ip -n "$CN" link set lb up && sleep 1 &&
	[ "$(locs "$CN")" = "${NET[CN.a]}:0@any" ]
log_test $? "CN (NID not automatic): a new address changes no locator (got: $(locs "$CN"))"
ip -n "$CN" addr del "$(addr CN b)/64" dev lb && ip -n "$CN" link set lb down

state s0 "$MN"
state c0 "$CN"
traffic_across "MN changes links by ip(8) alone" 6 "auto_move MN a b"
wait_locs "$MN" "${NET[MN.b]}:0@lb"
log_test $? "MN's locators after the move: ${NET[MN.b]}:0 on lb only (got: $(locs "$MN"))"
state s1 "$MN"
state c1 "$CN"
log_info "MN's counters before and after: $(jq -c '{loc_adopted, loc_left, rs_sent, lu_sent}' "$tmp/s0_stats" "$tmp/s1_stats" | tr '\n' ' ')"
json_doc doc "$tmp/s0_stats" "$tmp/s1_stats" "$tmp/c1_peers"
jq_checks "$doc" \
	"MN adopted one locator (loc_adopted), sent no RS (no announce), and LUs" \
	"$(grew s0 s1 loc_adopted) == 1 and .s1_stats.rs_sent == 0 and .s1_stats.loc_left == 0 and $(grew s0 s1 lu_sent) >= 1" \
	"CN holds MN at ${NET[MN.b]}:0 only" \
	"($(ent c1 $MN_NID) | length) == 1 and ($(ent c1 $MN_NID) | .[0].locators | map(.locator)) == [\"${NET[MN.b]}:0\"]"

# SLAAC: R advertises 2001:db8:1::/64 on MN's link a (answering MN's
# solicitation at once); MN's token ::100 makes the address
# 2001:db8:1::100, which brings its /64 back in; then link b goes.
slaac_move()
{
	local end=$((SECONDS + 15))

	declare -g MN_AT=a
	nsx "$MN" sysctl -qw net.ipv6.conf.la.accept_ra=1 net.ipv6.conf.la.autoconf=1 &&
		ip -n "$MN" token set ::100 dev la &&
		ip -n "$MN" link set la up || return 1
	until ip -n "$MN" -6 addr show dev la | grep -q "inet6 $(addr MN a)/64"; do
		[ $SECONDS -lt $end ] || return 1
		sleep 0.2
	done
	ip -n "$MN" addr del "$(addr MN b)/64" dev lb &&
		ip -n "$MN" link set lb down
}
nsx "$R" python3 -S "$(dirname "$0")/ilnp_ra.py" mna "${NET[MN.a]}::/64" 1 >"$tmp/ra.log" &
ra=$!
state s2 "$MN"
traffic_across "MN changes links by SLAAC" 6 slaac_move
wait_locs "$MN" "${NET[MN.a]}:0@la"
log_test $? "MN's locators after it: ${NET[MN.a]}:0 on la only (got: $(locs "$MN"))"
kill $ra
wait $ra 2>/dev/null
log_info "R's advertisements: $(wc -l <"$tmp/ra.log"), first $(head -1 "$tmp/ra.log")"
state s3 "$MN"
state c3 "$CN"
log_info "MN's counters before and after: $(jq -c '{loc_adopted, loc_left, rs_sent, lu_sent}' "$tmp/s2_stats" "$tmp/s3_stats" | tr '\n' ' ')"
json_doc doc "$tmp/s2_stats" "$tmp/s3_stats" "$tmp/c3_peers"
jq_checks "$doc" \
	"SLAAC's address adopted (loc_adopted), LUs sent" \
	"$(grew s2 s3 loc_adopted) == 1 and $(grew s2 s3 lu_sent) >= 1" \
	"CN holds MN at ${NET[MN.a]}:0 only" \
	"($(ent c3 $MN_NID) | .[0].locators | map(.locator)) == [\"${NET[MN.a]}:0\"]"

ilnp -n "$MN" nid del $MN_NID &&
	ip -n "$MN" link set lb up &&
	ip -n "$MN" addr add "$(addr MN b)/64" dev lb nodad && sleep 0.5 &&
	[ "$(locs "$MN")" = "${NET[MN.a]}:0@la" ]
log_test $? "NID deleted: MN's locators stay as they were, new addresses add none"

log_info "wall time: ${SECONDS}s"
tap_done
