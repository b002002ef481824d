#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Two data-centre sites behind ILNP site border routers, for the scenario
# tests (source after lib.sh; not executable, so not run as a test):
#
#     CN 2001:db8:c::200 (ILNP)   PCN 2001:db8:c::300 (plain IPv6)
#            \                     /
#             ────────── R ───────       core router, 10 ms each way to
#           2001:db8:f1::/64  2001:db8:f2::/64                 CN, PCN
#                  │              │
#   site 1       SBR1 ──fd00:12::/64── SBR2       site 2
#   L_1  = 2001:db8:1:0       │        L_2  = 2001:db8:2:fffe
#   L_L1 = fd00:1:0:30b8      │        L_L2 = fd00:2:0:30b7
#           │        │               │
#          HA        HB             HC        hypervisors (routers for
#           │                                 their guests)
#           V  (and V2)
#
# Routing is L3 throughout: each hypervisor gives its guests a port with
# the same link-local gateway fe80::1 and MAC 02:00:00:00:00:01 (so a
# guest that moves keeps its neighbour), and the orchestration (place
# below) points a /128 route for the guest at its hypervisor on the
# site's router.  R routes L_1 to SBR1 and L_2 to SBR2; the sites route
# each other's internal locators over the inter-site link.
#
# The locators are chosen checksum-neutral: L_L1, L_L2 and L_2 have the
# one's complement sum of L_1, so rewriting between them changes no
# checksum of any correspondent (ilnp map neutral).  V2's inside locator
# L_LN = fd00:9:0:1 is not: its map entry makes the router adjust TCP and
# UDP checksums.  Each hypervisor also has a global locator of its own,
# L_HA = 2001:db8:1:a, L_HB = 2001:db8:1:b, L_HC = 2001:db8:2:c (R routes
# 2001:db8:1::/48 to SBR1 and 2001:db8:2::/48 to SBR2, which route them on):
# there the guests are whose moves are visible (the paper's sec. VII-A).
#
#   V   NID 0:0:0:100, runs ILNP (a guest with ilnp.ko), born at L_L1
#   V2  NID 0:0:0:102, stock IPv6, born at L_LN
#
# SITES=3 adds a third site, one plain router SBR3 (2001:db8:f3::/64 to R,
# which routes 2001:db8:3::/48 to it; no map, no inter-site link) with one
# hypervisor HD, L_HD = 2001:db8:3:d: the paper's sec. VIII, where the
# moves are visible and the site routers need not run ILNP.
# SITE_GUESTS=no leaves V and V2 out (and the SBRs' maps of them).
#
#   site_setup          build it (V and V2 on HA); sets the namespace names
#   place G H ADDR      route guest G's ADDR to hypervisor H (its site's
#                       router and H itself) and plug G's port into H
#   map_all ARGS...     `ilnp map ARGS` on both SBRs
#   tcp_session, tcp_done   a checked TCP stream that spans what is between
#   udp_probe, udp_stop, udp_gap   a UDP echo across moves and its outages

L_1=2001:db8:1:0
L_2=2001:db8:2:fffe
L_L1=fd00:1:0:30b8
L_L2=fd00:2:0:30b7
L_LN=fd00:9:0:1
# Each hypervisor's own global locator (routed to it by its site): where
# the guests it hosts as their ILNP proxy, or ILNP guests on it, are.
L_HA=2001:db8:1:a
L_HB=2001:db8:1:b
L_HC=2001:db8:2:c
L_HD=2001:db8:3:d
V_NID=0:0:0:100
V2_NID=0:0:0:102
CN_NID=0:0:0:200
GW_MAC=02:00:00:00:00:01

traffic="python3 -S $(dirname "${BASH_SOURCE[0]}")/ilnp_traffic.py"
tmp=$(mktemp -d)
trap 'cleanup_all_ns; rm -rf "$tmp"' EXIT

# ilv LOC NID: the address of a locator (XXXX:XXXX:XXXX:XXXX) and a NID
# (hex, up to 64 bits), in the canonical text form (RFC 5952) that ss and
# ip print.  In the shell: a python3 start costs a second or two in a
# loaded test guest.
ilv()
{
	local -a l g
	local n i s=-1 len=0 bs=-1 bl=0 out=
	IFS=: read -r -a l <<<"$1"
	printf -v n %016x "$((16#$2))"
	g=("${l[@]}" "${n:0:4}" "${n:4:4}" "${n:8:4}" "${n:12:4}")
	for i in "${!g[@]}"; do
		printf -v "g[$i]" %x "$((16#${g[$i]}))"
		if [ "${g[$i]}" = 0 ]; then
			[ $s -ge 0 ] || s=$i
			len=$((i - s + 1))
			[ $len -gt $bl ] && bs=$s bl=$len
		else
			s=-1
		fi
	done
	[ $bl -ge 2 ] || bs=-1
	for ((i = 0; i < 8; i++)); do
		if [ $i = $bs ]; then
			out+=::
			i=$((i + bl - 1))
		else
			[ -z "$out" ] || [ "${out: -1}" = : ] || out+=:
			out+=${g[$i]}
		fi
	done
	echo "$out"
}

# nsb NS: run `ip -batch` from stdin in NS (one process for many commands).
nsb() { ip -n "$1" -batch -; }

# site_guest G: the guest namespace's side of its port (the hypervisor end,
# "p-G", is made in HA and moved with place).  A guest namespace named by
# G is made when it does not exist yet.
site_guest()
{
	local g=$1 ns

	[ -n "${!g:-}" ] || setup_ns "$g" || return 1
	ns=${!g}

	ip link add eth0 netns "$ns" type veth peer name "p-$g" netns "$HA"
	printf -v "PORT_$g" %s "$HA"	# where the guest's port is (place)
	ip -n "$ns" link set eth0 up
	nsx "$ns" sysctl -qw net.ipv6.conf.eth0.accept_ra=0 \
		net.ipv6.conf.eth0.accept_dad=0
	ip -n "$ns" route add default via fe80::1 dev eth0
}

site_setup()
{
	local n

	# Every process costs up to a second in a loaded test guest: the
	# network is built by one `ip -batch` per namespace (and one for all
	# the links), in an order that has each link's far end up before a
	# route uses it.
	local three=0 guests=1 routers

	[ "${SITES:-2}" = 3 ] && three=1
	[ "${SITE_GUESTS:-yes}" = no ] && guests=0
	SETUP_NS_LO=no setup_ns CN PCN R SBR1 SBR2 HA HB HC || return 1
	routers="$R $SBR1 $SBR2 $HA $HB $HC"
	if [ $three = 1 ]; then
		SETUP_NS_LO=no setup_ns SBR3 HD || return 1
		routers+=" $SBR3 $HD"
	fi
	if [ $guests = 1 ]; then
		SETUP_NS_LO=no setup_ns V V2 || return 1
	fi
	for n in $routers; do
		# A route over a link whose carrier is gone is not used: a
		# site that loses its uplink takes the inter-site default.
		nsx "$n" sysctl -qw net.ipv6.conf.all.forwarding=1 \
			net.ipv6.conf.default.accept_dad=0 \
			net.ipv6.conf.all.ignore_routes_with_linkdown=1 \
			net.ipv6.conf.default.ignore_routes_with_linkdown=1
	done
	for n in ${V:-} ${V2:-}; do
		nsx "$n" sysctl -qw net.ipv6.conf.default.accept_ra=0 \
			net.ipv6.conf.default.accept_dad=0
	done
	# CN and PCN share a link (a bridge on R); each guest's port starts
	# on HA.
	ip -batch - <<-EOF || return 1
		link add bc netns $R type bridge
		link add eth0 netns $CN type veth peer name cn netns $R
		link add eth0 netns $PCN type veth peer name pcn netns $R
		link add s1 netns $R type veth peer name up netns $SBR1
		link add s2 netns $R type veth peer name up netns $SBR2
		link add x netns $SBR1 type veth peer name x netns $SBR2
		link add ha netns $SBR1 type veth peer name up netns $HA
		link add hb netns $SBR1 type veth peer name up netns $HB
		link add hc netns $SBR2 type veth peer name up netns $HC
		$([ $three = 1 ] && printf '%s\n' \
			"link add s3 netns $R type veth peer name up netns $SBR3" \
			"link add hd netns $SBR3 type veth peer name up netns $HD")
		$([ $guests = 1 ] && printf '%s\n' \
			"link add eth0 netns $V type veth peer name p-V netns $HA" \
			"link add eth0 netns $V2 type veth peer name p-V2 netns $HA")
	EOF
	PORT_V=$HA PORT_V2=$HA
	nsb "$R" <<-EOF || return 1
		link set lo up
		link set bc up
		addr add 2001:db8:c::1/64 dev bc nodad
		link set cn master bc up
		link set pcn master bc up
		addr add 2001:db8:f1::1/64 dev s1 nodad
		link set s1 up
		addr add 2001:db8:f2::1/64 dev s2 nodad
		link set s2 up
	EOF
	if [ $three = 1 ]; then
		nsb "$R" <<-EOF || return 1
			addr add 2001:db8:f3::1/64 dev s3 nodad
			link set s3 up
			route add 2001:db8:3::/48 via 2001:db8:f3::2
		EOF
		nsb "$SBR3" <<-EOF || return 1
			link set lo up
			addr add 2001:db8:f3::2/64 dev up nodad
			addr add fd00:3d::1/64 dev hd nodad
			link set dev up up
			link set hd up
			route add default via 2001:db8:f3::1
			route add $(ilv $L_HD 0)/64 via fd00:3d::d
		EOF
	fi
	nsb "$SBR1" <<-EOF || return 1
		link set lo up
		addr add 2001:db8:f1::2/64 dev up nodad
		addr add fd00:12::1/64 dev x nodad
		addr add fd00:1a::1/64 dev ha nodad
		addr add fd00:1b::1/64 dev hb nodad
		link set dev up up
		link set x up
		link set ha up
		link set hb up
	EOF
	nsb "$SBR2" <<-EOF || return 1
		link set lo up
		addr add 2001:db8:f2::2/64 dev up nodad
		addr add fd00:12::2/64 dev x nodad
		addr add fd00:2c::1/64 dev hc nodad
		link set dev up up
		link set x up
		link set hc up
	EOF
	for n in "$HA fd00:1a::a fd00:1a::1" "$HB fd00:1b::b fd00:1b::1" \
		 "$HC fd00:2c::c fd00:2c::1" ${HD:+"$HD fd00:3d::d fd00:3d::1"}; do
		set -- $n
		nsb "$1" <<-EOF || return 1
			link set lo up
			addr add $2/64 dev up nodad
			link set dev up up
			route add default via $3
		EOF
	done
	for n in "$CN 2001:db8:c::200" "$PCN 2001:db8:c::300"; do
		set -- $n
		nsb "$1" <<-EOF || return 1
			link set lo up
			addr add $2/64 dev eth0 nodad
			link set eth0 up
			route add default via 2001:db8:c::1
		EOF
	done
	for n in "${V:-}  $(ilv $L_L1 100)" "${V2:-} $(ilv $L_LN 102)"; do
		set -- $n
		[ $# = 2 ] || continue
		nsb "$1" <<-EOF || return 1
			link set lo up
			link set eth0 up
			addr add $2/64 dev eth0 nodad
			route add default via fe80::1 dev eth0
		EOF
	done
	# A site whose uplink fails reaches the world through the other.
	nsb "$R" <<-EOF || return 1
		route add 2001:db8:1::/48 via 2001:db8:f1::2
		route add 2001:db8:2::/48 via 2001:db8:f2::2
	EOF
	nsb "$SBR1" <<-EOF || return 1
		route add default via 2001:db8:f1::1
		route add default via fd00:12::2 metric 2048
		route add $(ilv $L_L2 0)/64 via fd00:12::2
		route add $(ilv $L_HA 0)/64 via fd00:1a::a
		route add $(ilv $L_HB 0)/64 via fd00:1b::b
	EOF
	nsb "$SBR2" <<-EOF || return 1
		route add default via 2001:db8:f2::1
		route add default via fd00:12::1 metric 2048
		route add $(ilv $L_L1 0)/64 via fd00:12::1
		route add $(ilv $L_LN 0)/64 via fd00:12::1
		route add $(ilv $L_HC 0)/64 via fd00:2c::c
	EOF
	tc -n "$R" qdisc add dev bc root netem delay 10ms &&
	tc -n "$CN" qdisc add dev eth0 root netem delay 10ms &&
	tc -n "$PCN" qdisc add dev eth0 root netem delay 10ms || return 1
	ilnp -n "$CN" -batch - <<-EOF || return 1
		nid add $CN_NID
		loc add 2001:db8:c:0
		prefix add 2001:db8::/32
	EOF
	[ $guests = 1 ] || return 0
	place V "$HA" "$(ilv $L_L1 100)" && place V2 "$HA" "$(ilv $L_LN 102)" ||
		return 1

	# ILNP on V; the routers map V (neutral) and V2 (not).
	ilnp -n "$V" -batch - <<-EOF || return 1
		nid add $V_NID
		loc add $L_L1
		prefix add 2001:db8::/32
	EOF
	for n in "$SBR1" "$SBR2"; do
		ilnp -n "$n" -batch - <<-EOF || return 1
			map add $V_NID ext $L_1 int $L_L1 seq 1
			map add $V2_NID ext $L_1 int $L_LN seq 1
		EOF
	done
	# Settle neighbours and routes end to end.
	nsx "$CN" ping -6 -c 1 -W 5 "$(ilv $L_1 100)" >/dev/null &&
	nsx "$PCN" ping -6 -c 1 -W 5 "$(ilv $L_1 102)" >/dev/null
}

# place G H ADDR [SITEADDR]: guest G's port goes to hypervisor H, which
# routes ADDR (the guest's address) to it; H's site router routes SITEADDR
# (default ADDR: the address by which the site reaches the guest) to H,
# and every other site's router forgets both.  What the orchestration does
# when a guest lands on a host.
place()
{
	local g=$1 h=$2 addr=$3 site=${4:-$3} at=PORT_$1 sbr other via

	# Few processes (each costs up to a second in a loaded test guest):
	# a move's outage is as long as these commands take.
	if [ "${!at}" != "$h" ]; then
		ip -n "${!at}" link set "p-$g" netns "$h" || return 1
		printf -v "$at" %s "$h"
	fi
	nsb "$h" <<-EOF || return 1
		link set p-$g address $GW_MAC up
		addr replace fe80::1/64 dev p-$g nodad
		route replace $addr/128 dev p-$g
	EOF
	case $h in
	"$HA") sbr=$SBR1 via=fd00:1a::a ;;
	"$HB") sbr=$SBR1 via=fd00:1b::b ;;
	"$HC") sbr=$SBR2 via=fd00:2c::c ;;
	"${HD:-}") sbr=$SBR3 via=fd00:3d::d ;;
	esac
	ip -n "$sbr" route replace "$site/128" via $via || return 1
	for other in "$SBR1" "$SBR2" ${SBR3:-}; do
		[ "$other" = "$sbr" ] && continue
		printf 'route del %s/128\n' "$addr" "$site" |
			ip -n "$other" -force -batch - 2>/dev/null
	done
	return 0
}

map_all()
{
	ilnp -n "$SBR1" map "$@" && ilnp -n "$SBR2" map "$@"
}

# --- sessions whose every byte is checked ---

# tcp_session NAME FROMNS TOADDR PORT BYTES SECS SINKNS: a stream in the
# background at BYTES/SECS a second, at least BYTES and on until tcp_done
# (so that it spans whatever the test does meanwhile, however long that
# takes); up when this returns 0.
tcp_session()
{
	local name=$1 from=$2 to=$3 port=$4 bytes=$5 secs=$6 sink_ns=$7

	nsx "$sink_ns" $traffic tcp-sink "$port" >"$tmp/$name.sink" 2>&1 &
	eval "${name}_sink=\$!"
	sleep 0.5
	ILNP_READY=$tmp/$name.up ILNP_UNTIL=$tmp/$name.until \
		nsx "$from" $traffic tcp-send "$to" "$port" "$bytes" "$secs" \
		>"$tmp/$name.send" 2>&1 &
	eval "${name}_send=\$!"
	wait_file "$tmp/$name.up"
}

# tcp_done NAME BYTES DESC: end the stream; it ended cleanly, with at least
# BYTES, every byte the sender sent in order.
tcp_done()
{
	local name=$1 bytes=$2 desc=$3 s k rs rk sent
	s=${name}_send k=${name}_sink
	touch "$tmp/$name.until"
	wait "${!s}"; rs=$?
	wait "${!k}"; rk=$?
	log_info "$name send: $(cat "$tmp/$name.send")"
	log_info "$name sink: $(cat "$tmp/$name.sink")"
	log_test $((rs | rk)) "$desc: no reset, both ends exit cleanly"
	sent=$(json_field "$tmp/$name.send" bytes)
	json_file "$desc: every byte in order (${sent:-no} bytes)" \
		"$tmp/$name.sink" \
		".bytes == ${sent:-0} and .bytes >= $bytes and .first_bad_byte == null"
}

# udp_probe NAME NS ADDR PORT ECHO_NS: numbered datagrams from NS to ADDR,
# 20 ms apart, echoed by ECHO_NS, across whatever follows; up when this
# returns 0.  The echo answers from any address: an ILNP node that moved
# no longer has the one its session began at (its view), and a reply
# from that would be refused.
udp_probe()
{
	ILNP_ECHO_ANY=1 nsx "$5" $traffic udp-echo "$4" 600 >/dev/null 2>&1 &
	eval "$1_echo=\$!"
	sleep 0.5
	ILNP_RXLOG=$tmp/$1.rx ILNP_READY=$tmp/$1.up ILNP_STOP=$tmp/$1.stop \
		nsx "$2" $traffic udp-probe "$3" "$4" 600 20 \
		>"$tmp/$1.probe" 2>&1 &
	eval "$1_probe=\$!"
	wait_file "$tmp/$1.up"
}

# udp_stop NAME [T1]: stop the probe (once an echo came after wall-clock
# T1, or 10 s passed); its summary is in $tmp/NAME.probe.  Not in a
# subshell: it waits for the probe.
udp_stop()
{
	local e=$1_echo p=$1_probe end=$((SECONDS + 10)) rx=()

	# The log's times have as many digits before the point as T1: they
	# compare as strings, without a process.
	while [ -n "${2:-}" ] && [ "$SECONDS" -lt "$end" ]; do
		mapfile -t rx <"$tmp/$1.rx"
		[ ${#rx[@]} -gt 0 ] && [[ ${rx[-1]} > $2 ]] && break
		snooze 0.2
	done
	touch "$tmp/$1.stop"
	wait "${!p}"
	kill "${!e}" 2>/dev/null
	wait "${!e}" 2>/dev/null
	return 0
}

# udp_gap NAME T0 T1: the echo silence around a move made from T0 to T1
# (JSON: outage_ms, after_rebind_ms, commands_ms).
udp_gap()
{
	$traffic gap "$tmp/$1.rx" "$2" "$3" 2>&1
}

ilnp_stat() { ilnp -n "$1" -j stats | jq -r ".$2"; }

# The checksum errors a namespace's stack counted (TCP and UDP).
csum_errors()
{
	nsx "$1" nstat -az | awk '$1 ~ /InCsumErrors/ { s += $2 } END { print s + 0 }'
}
