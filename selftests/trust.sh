#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What an ILNP node accepts from others (RFC 6743 sec. 6, RFC 6744):
# a Locator Update without the session's nonce, with a wrong one, or from
# an off-path node changes nothing and is counted; a correspondent that
# does not speak ILNP (answers the nonce option with Parameter Problem) is
# marked plain IPv6 and the session works as plain IPv6.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/topo.sh"
require_cmd python3 nft
pkt="python3 -S $(dirname "$0")/ilnp_pkt.py"

topo_setup
log_test $? "routed topology with ILNP on MN and CN"

# An ILNP session MN -> CN, so that CN knows MN's nonce.
nsx "$CN" $traffic tcp-sink 6000 >"$tmp/sink" &
sink=$!
sleep 0.5
nsx "$MN" $traffic tcp-send "$(addr CN a)" 6000 100000 0.5 >"$tmp/send"
wait $sink
json_file "ILNP session MN -> CN" "$tmp/sink" \
	'.bytes == 100000 and .first_bad_byte == null' 
jq_check "CN learned MN as an ILNP peer (state confirmed, MN's nonce known)" \
	"$(ilnp -n "$CN" -j -s peer show)" \
	'.[] | select(.nid == "0:0:0:100") | .state == "confirmed" and (.nonce_remote | length) > 0'
ilnp -n "$CN" peer show | sed 's/^/# /'
before=$(ilnp -n "$CN" -j peer show)

# Forgeries from X (off path), each claiming to be MN moving to 2001:db8:66::.
missing0=$(ilnp_stat "$CN" drop_nonce_missing)
mismatch0=$(ilnp_stat "$CN" drop_nonce_mismatch)
nsx "$X" $pkt forge-lu "$(addr MN a)" "$(addr CN a)" 2001:db8:66::
log_test $? "X sends an LU without nonce"
nsx "$X" $pkt forge-lu "$(addr MN a)" "$(addr CN a)" 2001:db8:66:: 0123456789abcdef01234567
log_test $? "X sends an LU with a guessed 12-byte nonce"
nsx "$X" $pkt forge-lu "$(addr MN a)" "$(addr CN a)" 2001:db8:66:: 01234567
log_test $? "X sends an LU with a guessed 4-byte nonce"
sleep 1
[ "$(ilnp_stat "$CN" drop_nonce_missing)" = $((missing0 + 1)) ]
log_test $? "LU without nonce dropped and counted (drop_nonce_missing)"
[ "$(ilnp_stat "$CN" drop_nonce_mismatch)" = $((mismatch0 + 2)) ]
log_test $? "LUs with wrong nonces dropped and counted (drop_nonce_mismatch)"
after=$(ilnp -n "$CN" -j peer show)
[ "$(echo "$before" | jq -c '[.[] | {nid, locators}]')" = \
  "$(echo "$after" | jq -c '[.[] | {nid, locators}]')" ]
log_test $? "forged LUs changed no locator in CN's ILCC"
[ "$(peer_loc "$CN" $MN_NID)" = "2001:db8:1:0" ]
log_test $? "CN still reaches MN at 2001:db8:1:0"

# An LU with the session's real nonce (as a buggy or hostile peer could
# send it; X learns the nonce here from CN's ILCC) but bad contents is
# refused like bad netlink input: locator 0, multicast, link-local, one
# locator twice, 65 locators.
mn_nonce=$(ilnp -n "$CN" -j -s peer show |
	   jq -r '.[] | select(.nid == "0:0:0:100") | .nonce_remote')
inv0=$(ilnp_stat "$CN" drop_lu_invalid)
for locs in :: ff02:: fe80:: 2001:db8:66::,2001:db8:66:: \
	    "$(seq -f '2001:db8:%g::' 100 164 | paste -sd, -)"; do
	nsx "$X" $pkt forge-lu "$(addr MN a)" "$(addr CN a)" \
		"$locs" "$mn_nonce" || log_info "forge-lu $locs failed"
done
sleep 0.5
[ "$(ilnp_stat "$CN" drop_lu_invalid)" = $((inv0 + 5)) ]
log_test $? "LUs with invalid locators dropped and counted (drop_lu_invalid)"
[ "$(peer_loc "$CN" $MN_NID)" = "2001:db8:1:0" ]
log_test $? "they changed nothing: CN still reaches MN at 2001:db8:1:0"

# A valid LU is acknowledged to its source, never to an address it names
# (that would make CN a reflector towards the named locator).
# (Not "icmp6": that filter only sees ICMPv6 right after the IPv6 header,
# and an LU-ACK has our Destination Options before it.)
capture "$R" "$tmp/ack.pcap" -i any ip6
cnt() { ilnp -n "$CN" -j stats | jq -c '{lu_recv, lu_ack_sent, ratelimited, drop_nonce_mismatch, drop_unverified, drop_lu_invalid}'; }
log_info "CN before the LU: $(cnt)"
nsx "$X" $pkt forge-lu "$(addr MN a)" "$(addr CN a)" 2001:db8:66:: \
	"$mn_nonce"
sleep 1
log_info "CN after the LU: $(cnt)"
capture_stop
acks=$($pkt lu-list "$tmp/ack.pcap" | jq -sc '[.[] | select(.op == "ack")]')
log_info "LU-ACKs seen at R: $acks"
jq_check "the LU-ACK went to the LU's source $(addr MN a), none to the named 2001:db8:66::100" \
	"$acks" "length >= 1 and all(.dst == \"$(addr MN a)\")"
# MN's next LU (any change of its set) puts its real locator back.
ilnp -n "$MN" loc set "${NET[MN.a]}::/64" pref 10
for i in $(seq 50); do
	[ "$(peer_loc "$CN" $MN_NID)" = "2001:db8:1:0" ] && break
	sleep 0.1
done
[ "$(peer_loc "$CN" $MN_NID)" = "2001:db8:1:0" ]
log_test $? "MN's own LU restored its locator at CN"

# A plain IPv6 correspondent: P has no NID, so ilnp.ko is not active there
# and its IPv6 stack answers the nonce option with Parameter Problem.
fb0=$(ilnp_stat "$MN" peer_fallback)
nsx "$P" $traffic tcp-sink 6001 >"$tmp/psink" &
psink=$!
sleep 0.5
nsx "$MN" $traffic tcp-send "$(addr P a)" 6001 200000 0.5 >"$tmp/psend"
rs=$?
wait $psink
log_test $rs "TCP sender to plain IPv6 host P exits cleanly"
json_file "TCP session MN -> plain IPv6 host P carries every byte" "$tmp/psink" \
	'.bytes == 200000 and .first_bad_byte == null' 
jq_check "MN marked P plain IPv6" "$(ilnp -n "$MN" -j peer show)" \
	'.[] | select(.nid == "0:0:0:400") | .state == "plain" and (.flags | index("plain_ipv6"))'
[ "$(ilnp_stat "$MN" peer_fallback)" = $((fb0 + 1)) ]
log_test $? "fallback counted once (peer_fallback)"
json_file "P saw MN's own address (no rewriting for a plain peer)" \
	"$tmp/psink" ".peer == \"$(addr MN a)\"" 

# A path that silently drops Destination Options (no Parameter Problem):
# MN's first SYNs carry the nonce and vanish; one retried after 2 s goes
# out plain, and CN, seeing a stranger without nonce, answers plain.
ilnp -n "$MN" peer flush all && ilnp -n "$CN" peer flush all &&
	nsx "$R" nft -f - <<EOF
table ip6 ilnp_test {
	chain forward_drop {
		type filter hook forward priority 0;
		exthdr dst exists drop
	}
}
EOF
log_test $? "R drops every packet with a Destination Options header"
fb0=$(ilnp_stat "$MN" peer_fallback)
nsx "$CN" $traffic tcp-sink 6002 >"$tmp/dsink" &
dsink=$!
sleep 0.5
nsx "$MN" $traffic tcp-send "$(addr CN a)" 6002 100000 0.5 >"$tmp/dsend"
log_test $? "TCP MN -> CN over that path comes up and exits cleanly"
wait $dsink
json_file "every byte arrived over the plain session" "$tmp/dsink" \
	'.bytes == 100000 and .first_bad_byte == null'
[ "$(ilnp_stat "$MN" peer_fallback)" = $((fb0 + 1)) ]
log_test $? "MN fell back to plain IPv6 on silence (peer_fallback)"
jq_check "CN took MN for a plain IPv6 peer" "$(ilnp -n "$CN" -j peer show)" \
	'.[] | select(.nid == "0:0:0:100") | .state == "plain"'

tap_done
