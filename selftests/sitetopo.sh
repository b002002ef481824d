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
#   site_setup          build it (V and V2 on HA); sets the namespace names
#   place G H ADDR      route guest G's ADDR to hypervisor H (its site's
#                       router and H itself) and plug G's port into H
#   map_all ARGS...     `ilnp map ARGS` on both SBRs

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
V_NID=0:0:0:100
V2_NID=0:0:0:102
CN_NID=0:0:0:200
GW_MAC=02:00:00:00:00:01

traffic="python3 $(dirname "${BASH_SOURCE[0]}")/ilnp_traffic.py"
tmp=$(mktemp -d)
trap 'cleanup_all_ns; rm -rf "$tmp"' EXIT

# The address of a locator (XXXX:XXXX:XXXX:XXXX) and a NID (::N).
ilv() { python3 -c 'import ipaddress,sys; l=[int(x,16) for x in sys.argv[1].split(":")]; n=int(sys.argv[2],16); print(ipaddress.IPv6Address((l[0]<<112)|(l[1]<<96)|(l[2]<<80)|(l[3]<<64)|n))' "$1" "$2"; }

# nsb NS: run `ip -batch` from stdin in NS (one process for many commands).
nsb() { ip -n "$1" -batch -; }

site_link()	# NS1 DEV1 ADDR1 NS2 DEV2 ADDR2 (ADDRs with /64)
{
	ip link add "$2" netns "$1" type veth peer name "$5" netns "$4" &&
	ip -n "$1" addr add "$3" dev "$2" nodad &&
	ip -n "$4" addr add "$6" dev "$5" nodad &&
	ip -n "$1" link set dev "$2" up && ip -n "$4" link set dev "$5" up
}

# site_guest G: the guest namespace's side of its port (the hypervisor end,
# "p-G", is made in HA and moved with place).  A guest namespace named by
# G is made when it does not exist yet.
site_guest()
{
	local g=$1 ns

	[ -n "${!g:-}" ] || setup_ns "$g" || return 1
	ns=${!g}

	ip link add eth0 netns "$ns" type veth peer name "p-$g" netns "$HA"
	ip -n "$ns" link set eth0 up
	ip netns exec "$ns" sysctl -qw net.ipv6.conf.eth0.accept_ra=0 \
		net.ipv6.conf.eth0.accept_dad=0
	ip -n "$ns" route add default via fe80::1 dev eth0
}

site_setup()
{
	local n

	setup_ns CN PCN R SBR1 SBR2 HA HB HC V V2 || return 1
	for n in "$R" "$SBR1" "$SBR2" "$HA" "$HB" "$HC"; do
		# A route over a link whose carrier is gone is not used: a
		# site that loses its uplink takes the inter-site default.
		ip netns exec "$n" sysctl -qw net.ipv6.conf.all.forwarding=1 \
			net.ipv6.conf.default.accept_dad=0 \
			net.ipv6.conf.all.ignore_routes_with_linkdown=1 \
			net.ipv6.conf.default.ignore_routes_with_linkdown=1
	done
	# CN and PCN share a link (a bridge on R).
	ip -n "$R" link add bc type bridge && ip -n "$R" link set bc up &&
	ip -n "$R" addr add 2001:db8:c::1/64 dev bc nodad || return 1
	for n in CN PCN; do
		ip link add eth0 netns "${!n}" type veth peer name "${n,,}" \
			netns "$R" &&
		ip -n "$R" link set "${n,,}" master bc &&
		ip -n "$R" link set "${n,,}" up && ip -n "${!n}" link set eth0 up ||
			return 1
	done
	ip -n "$CN" addr add 2001:db8:c::200/64 dev eth0 nodad &&
	ip -n "$PCN" addr add 2001:db8:c::300/64 dev eth0 nodad &&
	site_link "$R" s1 2001:db8:f1::1/64 "$SBR1" up 2001:db8:f1::2/64 &&
	site_link "$R" s2 2001:db8:f2::1/64 "$SBR2" up 2001:db8:f2::2/64 &&
	site_link "$SBR1" x fd00:12::1/64 "$SBR2" x fd00:12::2/64 &&
	site_link "$SBR1" ha fd00:1a::1/64 "$HA" up fd00:1a::a/64 &&
	site_link "$SBR1" hb fd00:1b::1/64 "$HB" up fd00:1b::b/64 &&
	site_link "$SBR2" hc fd00:2c::1/64 "$HC" up fd00:2c::c/64 || return 1
	tc -n "$R" qdisc add dev bc root netem delay 10ms
	tc -n "$CN" qdisc add dev eth0 root netem delay 10ms
	tc -n "$PCN" qdisc add dev eth0 root netem delay 10ms
	nsb "$R" <<-EOF || return 1
		route add 2001:db8:1::/48 via 2001:db8:f1::2
		route add 2001:db8:2::/48 via 2001:db8:f2::2
	EOF
	nsb "$SBR1" <<-EOF || return 1
		route add default via 2001:db8:f1::1
		route add $(ilv $L_L2 0)/64 via fd00:12::2
		route add $(ilv $L_HA 0)/64 via fd00:1a::a
		route add $(ilv $L_HB 0)/64 via fd00:1b::b
	EOF
	nsb "$SBR2" <<-EOF || return 1
		route add default via 2001:db8:f2::1
		route add $(ilv $L_L1 0)/64 via fd00:12::1
		route add $(ilv $L_LN 0)/64 via fd00:12::1
		route add $(ilv $L_HC 0)/64 via fd00:2c::c
	EOF
	ip -n "$HA" route add default via fd00:1a::1 &&
	ip -n "$HB" route add default via fd00:1b::1 &&
	ip -n "$HC" route add default via fd00:2c::1 &&
	ip -n "$CN" route add default via 2001:db8:c::1 &&
	ip -n "$PCN" route add default via 2001:db8:c::1 || return 1

	site_guest V && site_guest V2 || return 1
	ip -n "$V" addr add "$(ilv $L_L1 100)/64" dev eth0 nodad &&
	ip -n "$V2" addr add "$(ilv $L_LN 102)/64" dev eth0 nodad || return 1
	place V "$HA" "$(ilv $L_L1 100)" && place V2 "$HA" "$(ilv $L_LN 102)" ||
		return 1
	# A site whose uplink fails reaches the world through the other.
	ip -n "$SBR1" route add default via fd00:12::2 metric 2048 &&
	ip -n "$SBR2" route add default via fd00:12::1 metric 2048 || return 1

	# ILNP on V and CN; the routers map V (neutral) and V2 (not).
	ilnp -n "$CN" nid add $CN_NID && ilnp -n "$CN" loc add 2001:db8:c:0 &&
	ilnp -n "$CN" prefix add 2001:db8::/32 &&
	ilnp -n "$V" nid add $V_NID && ilnp -n "$V" loc add $L_L1 &&
	ilnp -n "$V" prefix add 2001:db8::/32 || return 1
	map_all add $V_NID ext $L_1 int $L_L1 seq 1 &&
	map_all add $V2_NID ext $L_1 int $L_LN seq 1 || return 1
	# Settle neighbours and routes end to end.
	ip netns exec "$CN" ping -6 -c 1 -W 5 "$(ilv $L_1 100)" >/dev/null &&
	ip netns exec "$PCN" ping -6 -c 1 -W 5 "$(ilv $L_1 102)" >/dev/null
}

# place G H ADDR [SITEADDR]: guest G's port goes to hypervisor H, which
# routes ADDR (the guest's address) to it; H's site router routes SITEADDR
# (default ADDR: the address by which the site reaches the guest) to H,
# and the other site's router forgets both.  What the orchestration does
# when a guest lands on a host.
place()
{
	local g=$1 h=$2 addr=$3 site=${4:-$3} from sbr other via n
	for n in "$HA" "$HB" "$HC"; do
		ip -n "$n" link show "p-$g" >/dev/null 2>&1 && from=$n
	done
	if [ -n "$from" ] && [ "$from" != "$h" ]; then
		ip -n "$from" link set "p-$g" netns "$h" || return 1
	fi
	ip -n "$h" link set "p-$g" address $GW_MAC &&
		ip -n "$h" addr replace fe80::1/64 dev "p-$g" nodad &&
		ip -n "$h" link set "p-$g" up &&
		ip -n "$h" route replace "$addr/128" dev "p-$g" || return 1
	case $h in
	"$HA") sbr=$SBR1 other=$SBR2 via=fd00:1a::a ;;
	"$HB") sbr=$SBR1 other=$SBR2 via=fd00:1b::b ;;
	"$HC") sbr=$SBR2 other=$SBR1 via=fd00:2c::c ;;
	esac
	ip -n "$other" route del "$addr/128" 2>/dev/null
	ip -n "$other" route del "$site/128" 2>/dev/null
	ip -n "$sbr" route replace "$site/128" via $via
}

map_all()
{
	ilnp -n "$SBR1" map "$@" && ilnp -n "$SBR2" map "$@"
}

# --- sessions whose every byte is checked ---

# tcp_session NAME FROMNS TOADDR PORT BYTES SECS: a stream in the
# background, up when this returns 0.
tcp_session()
{
	local name=$1 from=$2 to=$3 port=$4 bytes=$5 secs=$6 sink_ns=$7

	ip netns exec "$sink_ns" $traffic tcp-sink "$port" >"$tmp/$name.sink" 2>&1 &
	eval "${name}_sink=\$!"
	sleep 0.5
	ILNP_READY=$tmp/$name.up ip netns exec "$from" $traffic tcp-send \
		"$to" "$port" "$bytes" "$secs" >"$tmp/$name.send" 2>&1 &
	eval "${name}_send=\$!"
	wait_file "$tmp/$name.up"
}

# tcp_done NAME BYTES DESC: the stream ended cleanly with every byte.
tcp_done()
{
	local name=$1 bytes=$2 desc=$3 s k rs rk
	s=${name}_send k=${name}_sink
	wait "${!s}"; rs=$?
	wait "${!k}"; rk=$?
	log_info "$name send: $(cat "$tmp/$name.send")"
	log_info "$name sink: $(cat "$tmp/$name.sink")"
	log_test $((rs | rk)) "$desc: no reset, both ends exit cleanly"
	json_file "$desc: every byte in order" "$tmp/$name.sink" \
		".bytes == $bytes and .first_bad_byte == null"
}

ilnp_stat() { ilnp -n "$1" -j stats | jq -r ".$2"; }

# The checksum errors a namespace's stack counted (TCP and UDP).
csum_errors()
{
	ip netns exec "$1" nstat -az | awk '$1 ~ /InCsumErrors/ { s += $2 } END { print s + 0 }'
}
