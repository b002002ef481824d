#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Visible moves between sites (the seed paper's sec. VII-A), on the
# topology of sitetopo.sh, twice:
#
#   - an ILNP guest X (it runs ilnp.ko) moves from HA (site 1) to HC
#     (site 2) and sends its own LU;
#   - a stock guest G (no ILNP in it) whose hypervisor is its ILNP end: HA
#     hosts G's NID; its state is exported on HA, imported on HC
#     (inactive), G's port moves, HC activates it (LUs from HC on G's
#     behalf) and HA lets it go.  G keeps the address it was born with.
#
# Either way CN's ILCC ends with the new hypervisor's locator and CN
# sends via SBR2; the TCP stream has no reset and every byte.  Before the
# real move of G, a hand-over that is never activated (a cancelled
# migration) leaves both hosts as they were; during it, HA still has G's
# NID live when HC activates it, and sends nothing for it.  The UDP outage
# of both moves is reported side by side.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/sitetopo.sh"
require_cmd python3 tcpdump

site_setup
log_test $? "two sites, two SBRs, three hypervisors"

X_NID=0:0:0:110
G_NID=0:0:0:120
G_BORN=fd00:b:0:1

cn_locs() { ilnp -n "$CN" -j peer show | jq -c --arg n "$1" \
	'[.[] | select(.nid == $n) | .locators[].locator]'; }

sbr2_capture() { capture "$SBR2" "$tmp/$1.pcap" -c 20 -i up \
	"ip6 and src 2001:db8:c::200 and dst $2"; }

# --- an ILNP guest moves and says so itself ---
site_guest X && X_A=$(ilv $L_HA 110) && X_C=$(ilv $L_HC 110) &&
	ip -n "$X" addr add "$X_A/64" dev eth0 nodad && place X "$HA" "$X_A" &&
	printf '%s\n' "nid add $X_NID" "loc add $L_HA" \
		"prefix add 2001:db8::/32" | ilnp -n "$X" -batch -
log_test $? "ILNP guest X on HA at L_HA"
tcp_session TX "$CN" "$X_A" 5700 400000 10 "$X"
log_test $? "TCP CN -> X up"
udp_probe UX "$CN" "$X_A" 5701 "$X"
log_test $? "UDP echo CN -> X up"
sbr2_capture x "$X_C"
sleep 1
t0=$(date +%s.%N)
place X "$HC" "$X_C" &&
	ip -n "$X" addr add "$X_C/64" dev eth0 nodad &&
	ilnp -n "$X" rebind $L_HC from $L_HA &&
	ip -n "$X" addr del "$X_A/64" dev eth0
log_test $? "X moved to HC and rebound to L_HC (its LU goes to CN)"
t1=$(date +%s.%N)
udp_stop UX "$t1"
gx=$(udp_gap UX "$t0" "$t1")
log_info "ILNP guest move: $gx"
tcp_done TX 400000 "ILNP guest X's move"
[ "$(cn_locs $X_NID)" = "[\"$L_HC\"]" ]
log_test $? "CN's ILCC holds X at L_HC only ($(cn_locs $X_NID))"
capture_stop
n=$(tcpdump -n -r "$tmp/x.pcap" 2>/dev/null | wc -l)
[ "$n" -gt 0 ]
log_test $? "CN sends to X via SBR2 ($n packets on SBR2's uplink)"

# --- a stock guest, proxied by its hypervisor ---
site_guest G && G_ADDR=$(ilv $G_BORN 120) &&
	ip -n "$G" addr add "$G_ADDR/64" dev eth0 nodad &&
	place G "$HA" "$G_ADDR" &&
	ilnp -n "$HA" nid add $G_NID hosted born $G_BORN loc $L_HA
log_test $? "stock guest G (born $G_BORN) on HA, which hosts its NID"
G_A=$(ilv $L_HA 120) G_C=$(ilv $L_HC 120)
tcp_session TG "$CN" "$G_A" 5800 400000 10 "$G"
log_test $? "TCP CN -> G (at L_HA) up, HA its ILNP end"
jq_check "CN took G for an ILNP peer at L_HA (HA answered for it)" \
	"$(ilnp -n "$CN" -j peer show)" \
	".[] | select(.nid == \"$G_NID\") | .locators[0].locator == \"$L_HA\" and .state != \"plain\""

snapshot() { echo "$(ilnp -n "$1" -j nid show)$(ilnp -n "$1" -j -s peer show | jq -c '[.[] | {nid, local_nid, locators, state, flags, nonce_local, nonce_remote}]')"; }

# A hand-over that is never activated: a migration cancelled after its
# state reached HC.  Both hosts end as they were.
ha0=$(snapshot "$HA") hc0=$(snapshot "$HC")
ilnp -n "$HA" state export $G_NID >"$tmp/g0.state" &&
	ilnp -n "$HC" state import <"$tmp/g0.state"
log_test $? "cancelled hand-over: G's state exported on HA, imported on HC"
jq_check "the import is inactive on HC" "$(ilnp -n "$HC" -j nid show)" \
	".[] | select(.nid == \"$G_NID\") | (.flags | index(\"hosted\")) and (.flags | index(\"inactive\"))"
ilnp -n "$HC" nid del $G_NID
log_test $? "cancelled hand-over: HC removes it"
[ "$(snapshot "$HA")" = "$ha0" ] && [ "$(snapshot "$HC")" = "$hc0" ]
log_test $? "after the cancelled hand-over both hosts are as they were"

# The real one.
udp_probe UG "$CN" "$G_A" 5801 "$G"
log_test $? "UDP echo CN -> G up"
sbr2_capture g "$G_C"
ha_lu0=$(ilnp_stat "$HA" lu_sent)
sleep 1
t0=$(date +%s.%N)
ilnp -n "$HA" state export $G_NID >"$tmp/g.state" &&
	ilnp -n "$HC" state import <"$tmp/g.state" &&
	place G "$HC" "$G_ADDR" &&
	ilnp -n "$HC" state activate $G_NID $L_HC
log_test $? "hand-over: export on HA, import on HC, G's port to HC, activate at L_HC"
t1=$(date +%s.%N)
# HA still has G's NID live: it must say nothing for it.
sleep 1
[ "$(ilnp_stat "$HA" lu_sent)" = "$ha_lu0" ]
log_test $? "HA, still live for G while HC activated it, sent no LU for it"
ilnp -n "$HA" nid del $G_NID
log_test $? "HA lets G's NID go (the migration's release)"
udp_stop UG "$t1"
gg=$(udp_gap UG "$t0" "$t1")
log_info "proxied guest move: $gg"
tcp_done TG 400000 "proxied guest G's move"
json_file "G's socket saw CN's own address throughout" "$tmp/TG.sink" \
	'.peer == "2001:db8:c::200"'
[ "$(cn_locs $G_NID)" = "[\"$L_HC\"]" ]
log_test $? "CN's ILCC holds G at L_HC only ($(cn_locs $G_NID))"
capture_stop
n=$(tcpdump -n -r "$tmp/g.pcap" 2>/dev/null | wc -l)
[ "$n" -gt 0 ]
log_test $? "CN sends to G via SBR2 ($n packets on SBR2's uplink)"
[ "$(ilnp_stat "$HC" lu_sent)" -ge 1 ] && [ "$(ilnp_stat "$HC" lu_ack_recv)" -ge 1 ]
log_test $? "HC sent G's LU and CN acknowledged it"
jq_check "G's state on HC: live, hosted, born $G_BORN, at L_HC" \
	"$(ilnp -n "$HC" -j nid show)" \
	".[] | select(.nid == \"$G_NID\") | .born == \"$G_BORN\" and (.flags | index(\"inactive\")) == null"
log_info "outage: ILNP guest $(echo "$gx" | jq -c '{outage_ms, after_rebind_ms}'), proxied guest $(echo "$gg" | jq -c '{outage_ms, after_rebind_ms}')"
[ "$(csum_errors "$CN")" = 0 ] && [ "$(csum_errors "$G")" = 0 ]
log_test $? "no checksum error at CN or G"

tap_done
