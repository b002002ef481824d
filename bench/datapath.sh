#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The forward path's cost, measured inside the bench guest (Debian's stock
# kernel; bench/run.sh boots it).  One topology, a plain IPv6 client and
# server on either side of a router:
#
#     PCN 2001:db8:c::300 ── R (an SBR or a hypervisor) ── V ::102
#
# and four ways through R, alternated round by round (A B C D A B C D ...)
# so that the machine's drift falls on all of them alike:
#
#   nomod    ilnp.ko not loaded: plain IPv6 forwarding, the baseline
#   fwd      ilnp.ko loaded, R maps 1000 other NIDs but not V's, PCN talks
#            to V's own address: what loading the module costs ordinary
#            forwarded traffic (one failed lookup a packet)
#   neutral  PCN talks to V at L_1::102; R rewrites L_1 <-> V's inside
#            locator, the two chosen checksum-neutral (ilnp map neutral):
#            no checksum is touched
#   adjust   the same with an inside locator that is not neutral: R
#            adjusts the TCP or UDP checksum of every packet
#
# Each round runs, per variant, a TCP bulk stream (iperf3, offloads on) and
# a small-packet UDP stream (64-byte payloads offered at 60 Mbit/s, more
# than the guest forwards: the rate received counts).  One CSV line per measurement on stdout
# (variant,round,metric,value); progress on stderr.
#
#   datapath.sh ROUNDS SECS      (ILNP_KO: the module to load)
set -u
rounds=${1:-5} secs=${2:-4}
fail() { echo "datapath: $*" >&2; exit 1; }
for m in $(modinfo -F depends "$ILNP_KO" | tr , ' '); do
	modprobe "$m" || fail "cannot load $m, which ilnp.ko needs"
done
. "$ILNP_TOP/selftests/lib.sh"	# (loads ilnp.ko)

L_1=2001:db8:1:0
L_IN=fd00:9:0:1		# not neutral with L_1
V_NID=0:0:0:102
tmp=$(mktemp -d)

grep -q '^ilnp ' /proc/modules || fail "cannot load $ILNP_KO"
L_NEUTRAL=$(ilnp map neutral $L_1 fd00:1:0:0) || fail "ilnp map neutral failed"

setup_ns PCN R V || fail "no namespaces"
ip -batch - <<-EOF || fail "no links"
	link add eth0 netns $PCN type veth peer name pcn netns $R
	link add eth0 netns $V type veth peer name v netns $R
EOF
nsx "$R" sysctl -qw net.ipv6.conf.all.forwarding=1
nsx "$PCN" sysctl -qw net.ipv6.conf.all.accept_dad=0
nsx "$V" sysctl -qw net.ipv6.conf.all.accept_dad=0
ip -n "$PCN" -batch - <<-EOF || fail "PCN not configured"
	addr add 2001:db8:c::300/64 dev eth0 nodad
	link set eth0 up
	route add default via 2001:db8:c::1
EOF
ip -n "$R" -batch - <<-EOF || fail "R not configured"
	addr add 2001:db8:c::1/64 dev pcn nodad
	link set pcn up
	addr add fe80::1/64 dev v nodad
	link set v up
	route add $L_IN::102/128 dev v
	route add $L_NEUTRAL::102/128 dev v
EOF
ip -n "$V" -batch - <<-EOF || fail "V not configured"
	addr add $L_IN::102/64 dev eth0 nodad
	addr add $L_NEUTRAL::102/64 dev eth0 nodad
	link set eth0 up
	route add default via fe80::1 dev eth0
EOF
# A server for each of V's addresses, bound to it: a UDP reply must come
# from the address its request went to.
nsx "$V" iperf3 -s -D -B "$L_IN::102" -p 5201 &&
	nsx "$V" iperf3 -s -D -B "$L_NEUTRAL::102" -p 5202 || fail "no iperf3 server"
nsx "$PCN" ping -6 -c 1 -W 5 "$L_IN::102" >/dev/null || fail "V unreachable"

# variant NAME: set R up for it; prints the address PCN sends to and the
# port of V's server there.
variant()
{
	local i

	if [ "$1" = nomod ]; then
		if grep -q '^ilnp ' /proc/modules; then
			rmmod ilnp || return 1
		fi
		echo "$L_IN::102 5201"
		return 0
	fi
	grep -q '^ilnp ' /proc/modules || insmod "$ILNP_KO" || return 1
	{
		echo "map flush"
		for ((i = 0x1000; i < 0x1000 + 1000; i++)); do
			printf 'map add 0:0:0:%x ext %s int %s\n' $i $L_1 $L_IN
		done
		case $1 in
		neutral) echo "map add $V_NID ext $L_1 int $L_NEUTRAL" ;;
		adjust) echo "map add $V_NID ext $L_1 int $L_IN" ;;
		esac
	} | ilnp -n "$R" -batch - >/dev/null || return 1
	case $1 in
	fwd) echo "$L_IN::102 5201" ;;
	neutral) echo "$L_1::102 5202" ;;
	adjust) echo "$L_1::102 5201" ;;
	esac
}

# Packets R's map rewrote so far (0 without the module).
rewritten()
{
	if grep -q '^ilnp ' /proc/modules; then
		ilnp -n "$R" -j stats | jq .map_rewritten
	else
		echo 0
	fi
}

for ((r = 1; r <= rounds; r++)); do
	for v in nomod fwd neutral adjust; do
		to=$(variant $v) || fail "could not set up variant $v"
		read -r dst port <<<"$to"
		rw0=$(rewritten)
		nsx "$PCN" iperf3 -J -c "$dst" -p "$port" -t "$secs" >"$tmp/tcp.json"
		nsx "$PCN" iperf3 -J -u -l 64 -b 60M -c "$dst" -p "$port" -t "$secs" >"$tmp/udp.json"
		tcp=$(jq '.end.sum_received.bits_per_second // empty' "$tmp/tcp.json")
		udp=$(jq '.end.sum | if .packets then
			(.packets - .lost_packets) / .seconds else empty end' "$tmp/udp.json")
		[ -n "$tcp" ] && [ -n "$udp" ] ||
			{ head -c 3000 "$tmp"/*.json >&2; fail "round $r, $v: iperf3 gave no result"; }
		echo "$v,$r,tcp_bps,$tcp"
		echo "$v,$r,udp_pps,$udp"
		echo "$v,$r,rewritten,$(($(rewritten) - rw0))"
		printf 'datapath: round %d/%d %-8s TCP %5d Mbit/s  UDP %7d pkt/s\n' \
			"$r" "$rounds" "$v" $((${tcp%.*} / 1000000)) "${udp%.*}" >&2
	done
done
