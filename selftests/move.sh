#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Sessions bound to NIDs survive locator changes (RFC 6740 sec. 3, the seed
# paper's sec. VII): a TCP stream and a UDP echo between MN and CN carry on
# while MN moves to another subnet, then CN moves, then both move at once.
# Sessions begun before and after a move all survive the next move.
# Offloads stay on; R delays by 10 ms each way.  Checked: no reset, every
# byte in order, LU and LU-ACK on the wire with the nonce, the ILCC holds
# the new locator, and the UDP outage across a move (ms) is reported.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/topo.sh"
require_cmd python3 tcpdump ethtool
pkt="python3 -S $(dirname "$0")/ilnp_pkt.py"

topo_setup
log_test $? "routed topology with ILNP on MN and CN"

# Capture LUs on R (every interface) for the whole test: ICMPv6, directly
# or behind a Destination Options header (the nonce), not the streams, whose
# every packet tcpdump would otherwise write while the guest is busiest.
capture "$R" "$tmp/r.pcap" -i any "icmp6 or (ip6[6] == 60 and ip6[40] == 58)"

traffic_across "MN moves" 5 "move MN a b"
[ "$(peer_loc "$CN" $MN_NID)" = "2001:db8:2:0" ]
log_test $? "CN's ILCC holds MN's new locator 2001:db8:2:0"
[ "$(ilnp_stat "$MN" lu_ack_recv)" -ge 1 ] && [ "$(ilnp_stat "$CN" lu_recv)" -ge 1 ]
log_test $? "MN's LU was received by CN and acknowledged"
ilnp -n "$MN" -s peer show | sed 's/^/# /'

traffic_across "CN moves" 5 "move CN a b"
[ "$(peer_loc "$MN" $CN_NID)" = "2001:db8:d:0" ]
log_test $? "MN's ILCC holds CN's new locator 2001:db8:d:0"

traffic_across "both move" 6 "move MN b a" "move CN b a"
[ "$(peer_loc "$MN" $CN_NID)" = "2001:db8:c:0" ] &&
	[ "$(peer_loc "$CN" $MN_NID)" = "2001:db8:1:0" ]
log_test $? "after both moved each ILCC holds the other's current locator"

# Sessions started before and after a move all survive the next one.
# tcp_start NAME PORT: a stream MN -> CN over 8 s in the background, up.
tcp_start()
{
	nsx "$CN" $traffic tcp-sink "$2" >"$tmp/$1.sink" 2>&1 &
	eval "$1_sink=\$!"
	sleep 0.5
	ILNP_READY=$tmp/$1.up nsx "$MN" $traffic tcp-send \
		"$(addr CN $CN_AT)" "$2" $TRAFFIC_BYTES 8 >"$tmp/$1.send" 2>&1 &
	eval "$1_send=\$!"
	wait_file "$tmp/$1.up"
}
old_at=$MN_AT
tcp_start A 5501
move MN "$MN_AT" b
new_at=$MN_AT
tcp_start B 5502
sleep 1
move MN b a
wait "$A_send" "$A_sink" "$B_send" "$B_sink"
for s in A B; do
	log_info "session $s: $(cat "$tmp/$s.sink")"
done
json_file "session started before the first move survived two moves" \
	"$tmp/A.sink" ".bytes == $TRAFFIC_BYTES and .first_bad_byte == null and .peer == \"$(addr MN "$old_at")\""
json_file "session started between the moves survived the second" \
	"$tmp/B.sink" ".bytes == $TRAFFIC_BYTES and .first_bad_byte == null and .peer == \"$(addr MN "$new_at")\""

# The outage across a move, measured on a UDP echo alone: MN loses its link
# first (break before make, as a migrating VM does), then is attached at
# the other one (optimistic DAD) and rebinds.  Reported: the silence in the
# echoes, the time the commands took, and what came after the rebind (LU
# to CN, CN's echoes to the new locator).
# (One ip -batch for the five ip(8) steps: the test guest spends seconds on
# each process while the probe runs.)
hard_move()
{
	local from=$MN_AT to
	[ "$from" = a ] && to=b || to=a
	printf '%s\n' "addr del $(addr MN "$from")/64 dev l$from" \
		"link set l$from down" "link set l$to up" \
		"addr add $(addr MN "$to")/64 dev l$to optimistic" \
		"route replace default via ${NET[MN.$to]}::1 dev l$to" |
		ip -n "$MN" -batch - &&
		ilnp -n "$MN" rebind "${NET[MN.$to]}::/64" from "${NET[MN.$from]}::/64"
	local rc=$?
	MN_AT=$to
	return $rc
}
# the first echo logged after wall-clock time $2 in rx log $1 (0 = none)
echo_after()
{
	awk -v t="$2" '$1 > t { print; found = 1; exit } END { if (!found) print 0 }' "$1"
}
for i in 1 2 3; do
	port=$((7100 + i))
	nsx "$CN" $traffic udp-echo $port 120 >/dev/null 2>&1 &
	echo_pid=$!
	rm -f "$tmp/up.o" "$tmp/stop.o"
	sleep 1
	# The probe runs until the echoes are back (or 100 s): how long the
	# move's commands take under emulation does not matter.
	ILNP_READY=$tmp/up.o ILNP_RXLOG=$tmp/rx.$i ILNP_STOP=$tmp/stop.o \
		nsx "$MN" $traffic udp-probe "$(addr CN $CN_AT)" \
		$port 100 10 >"$tmp/o.$i" 2>&1 &
	probe_pid=$!
	wait_file "$tmp/up.o" || log_info "hard move $i: no echo before the move"
	sleep 1
	t0=$(date +%s.%N)
	hard_move
	t1=$(date +%s.%N)
	for ((w = 0; w < 100; w++)); do
		[ "$(echo_after "$tmp/rx.$i" "$t1")" != 0 ] && break
		sleep 0.1
	done
	sleep 0.5
	touch "$tmp/stop.o"
	wait $probe_pid
	kill $echo_pid; wait $echo_pid 2>/dev/null
	g=$($traffic gap "$tmp/rx.$i" "$t0" "$t1")
	log_info "outage $i: $g"
	jq_check "hard move $i: echoes resume within 2 s of the rebind ($(echo "$g" | jq -r '"outage \(.outage_ms) ms, \(.after_rebind_ms) ms after the rebind"' 2>/dev/null))" \
		"$g" '.after_rebind_ms != null and .after_rebind_ms < 2000'
	log_info "MN's LU round trip to CN: $(ilnp -n "$MN" -j -s peer show |
		jq -c '.[] | select(.nid == "0:0:0:200") | .stats')"
done

sleep 1
capture_stop
lu=$($pkt lu-count "$tmp/r.pcap")
log_info "on the wire at R: $lu"
jq_check "LUs and LU-ACKs seen on the wire, every one with the nonce option" \
	"$lu" '.lu >= 4 and .lu_ack >= 4 and .with_nonce == .lu + .lu_ack' 
log_info "MN stats: $(ilnp -n "$MN" -j stats)"
log_info "CN stats: $(ilnp -n "$CN" -j stats)"
[ "$(ilnp_stat "$MN" drop_malformed)" = 0 ] && [ "$(ilnp_stat "$CN" drop_nonce_mismatch)" = 0 ]
log_test $? "no malformed or mismatched packets between honest nodes"

tap_done
