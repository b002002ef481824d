#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Sessions bound to NIDs survive locator changes (RFC 6740 sec. 3, the seed
# paper's sec. VII): a TCP stream and a UDP echo between MN and CN carry on
# while MN moves to another subnet, then CN moves, then both move at once.
# Offloads stay on; R delays by 10 ms each way.  Checked: no reset, every
# byte in order, LU and LU-ACK on the wire with the nonce, the ILCC holds
# the new locator, and the UDP outage across a move (ms) is reported.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/topo.sh"
require_cmd python3 tcpdump ethtool
traffic="python3 $(dirname "$0")/ilnp_traffic.py"
pkt="python3 $(dirname "$0")/ilnp_pkt.py"
tmp=$(mktemp -d)
trap 'cleanup_all_ns; rm -rf "$tmp"' EXIT

topo_setup
log_test $? "routed topology with ILNP on MN and CN"

# capture LUs on R (every interface) for the whole test
ip netns exec "$R" tcpdump -i any -U -w "$tmp/r.pcap" ip6 2>/dev/null &
tcpdump_pid=$!
sleep 1

# What the stacks counted, for a failure's report.
net_diag()
{
	local ns

	for ns in "$MN" "$CN" "$R"; do
		log_info "$ns: $(ip netns exec "$ns" nstat -az | awk '$2 != 0 && $1 ~ /^(Udp6|Ip6In|Ip6Out|Icmp6InDest|Icmp6OutDest|Icmp6InErrors)/ { printf "%s=%s ", $1, $2 }')"
		log_info "$ns: $(ilnp -n "$ns" -j stats 2>/dev/null)"
	done
	ip netns exec "$MN" ss -uanp | sed 's/^/# MN /'
	ip -n "$MN" -6 addr | sed 's/^/# MN /'
	ip -n "$MN" -6 route | sed 's/^/# MN /'
}

# run_move DESC SECS MOVES...: a TCP stream MN -> CN and a UDP probe MN -> CN
# (echoed) run for SECS; each move "NODE FROM TO" happens 1.5 s apart.
run_move()
{
	local desc=$1 secs=$2 port=$((5000 + TEST_COUNT)) m
	local mn_addr cn_addr
	shift 2
	mn_addr=$(addr MN $MN_AT) cn_addr=$(addr CN $CN_AT)
	ip netns exec "$CN" $traffic tcp-sink $port >"$tmp/sink" 2>&1 &
	local sink=$!
	ip netns exec "$CN" $traffic udp-echo $((port + 1000)) 120 \
		>"$tmp/echo" 2>&1 &
	local echo=$!
	rm -f "$tmp/up.tcp" "$tmp/up.udp"
	sleep 1
	ILNP_READY=$tmp/up.tcp ip netns exec "$MN" $traffic tcp-send \
		"$cn_addr" $port 3000000 "$secs" >"$tmp/send" 2>&1 &
	local send=$!
	ILNP_READY=$tmp/up.udp ip netns exec "$MN" $traffic udp-probe \
		"$cn_addr" $((port + 1000)) "$secs" 5 >"$tmp/probe" 2>&1 &
	local probe=$!
	wait_file "$tmp/up.tcp" && wait_file "$tmp/up.udp"
	log_test $? "$desc: TCP and UDP sessions up before the move"
	for m in "$@"; do
		sleep 1
		# shellcheck disable=SC2086
		move $m || log_info "move $m failed"
	done
	wait $send; local rs=$?
	wait $sink; local rk=$?
	wait $probe
	kill $echo
	wait $echo 2>/dev/null
	log_info "send: $(cat "$tmp/send")"
	log_info "sink: $(cat "$tmp/sink")"
	log_info "udp:  $(cat "$tmp/probe")"
	log_test $((rs | rk)) "$desc: sender and receiver exit cleanly (no reset)"
	json_file "$desc: TCP stream intact (3 MB, every byte in order)" \
		"$tmp/sink" '.bytes == 3000000 and .first_bad_byte == null'
	json_file "$desc: CN's socket kept the MN address the session began with" \
		"$tmp/sink" ".peer == \"$mn_addr\""
	json_file "$desc: UDP echo carried on ($(jq -r '"\(.lost) lost, outage \(.max_gap_ms) ms"' "$tmp/probe" 2>/dev/null))" \
		"$tmp/probe" '.echoed > 0 and .last_rx_s >= .secs - 1' ||
		net_diag
	jq -r '"# outage: \(.max_gap_ms) ms"' "$tmp/probe" 2>/dev/null
}

run_move "MN moves" 5 "MN a b"
[ "$(peer_loc "$CN" $MN_NID)" = "2001:db8:2:0" ]
log_test $? "CN's ILCC holds MN's new locator 2001:db8:2:0"
[ "$(ilnp_stat "$MN" lu_ack_recv)" -ge 1 ] && [ "$(ilnp_stat "$CN" lu_recv)" -ge 1 ]
log_test $? "MN's LU was received by CN and acknowledged"
ilnp -n "$MN" -s peer show | sed 's/^/# /'

run_move "CN moves" 5 "CN a b"
[ "$(peer_loc "$MN" $CN_NID)" = "2001:db8:d:0" ]
log_test $? "MN's ILCC holds CN's new locator 2001:db8:d:0"

run_move "both move" 6 "MN b a" "CN b a"
[ "$(peer_loc "$MN" $CN_NID)" = "2001:db8:c:0" ] &&
	[ "$(peer_loc "$CN" $MN_NID)" = "2001:db8:1:0" ]
log_test $? "after both moved each ILCC holds the other's current locator"

sleep 1
kill "$tcpdump_pid"; wait "$tcpdump_pid" 2>/dev/null
lu=$($pkt lu-count "$tmp/r.pcap")
log_info "on the wire at R: $lu"
jq_check "LUs and LU-ACKs seen on the wire, every one with the nonce option" \
	"$lu" '.lu >= 4 and .lu_ack >= 4 and .with_nonce == .lu + .lu_ack' 
log_info "MN stats: $(ilnp -n "$MN" -j stats)"
log_info "CN stats: $(ilnp -n "$CN" -j stats)"
[ "$(ilnp_stat "$MN" drop_malformed)" = 0 ] && [ "$(ilnp_stat "$CN" drop_nonce_mismatch)" = 0 ]
log_test $? "no malformed or mismatched packets between honest nodes"

tap_done
