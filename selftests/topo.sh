#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The routed test network of the ILNP selftests (source after lib.sh):
#
#        2001:db8:1::/64 ─ la ┐           ┌ la ─ 2001:db8:c::/64
#   MN                        ├─── R ──── ┤                        CN
#        2001:db8:2::/64 ─ lb ┘    │      └ lb ─ 2001:db8:d::/64
#                                 ├ x ─ 2001:db8:e::/64 ─ X (off-path)
#                                 └ p ─ 2001:db8:f::/64 ─ P (plain IPv6)
#
# MN (NID 0:0:0:100) starts on its link la, CN (NID 0:0:0:200) on its link
# la; both try ILNP with any host in 2001:db8::/32 (ilnp prefix); links lb are where they move to (in the functions below a link is
# named by its letter, a or b).  R forwards and delays each packet it
# sends to MN or CN by 10 ms (netem), so MN <-> CN has a 20 ms RTT.  Every
# veth keeps its offloads on (TSO, GSO, checksum) and has GRO turned on.
#
#   topo_setup        build it; sets $MN $CN $R $X $P (namespace names)
#   move NS FROM TO   move MN or CN from link FROM (a|b) to TO: configure the
#                     address on the new link (optimistic DAD), route via it,
#                     `ilnp rebind`, then remove the old address, link down
#   traffic_across    TCP and UDP sessions across locator changes (below)
#   state, ent, grew  snapshots of a node's ILCC and counters, for jq_checks

traffic="python3 -S $(dirname "${BASH_SOURCE[0]}")/ilnp_traffic.py"
tmp=$(mktemp -d)
trap 'cleanup_all_ns; rm -rf "$tmp"' EXIT

MN_NID=0:0:0:100
CN_NID=0:0:0:200
MN_AT=a		# the link each node is on now (move() updates it)
CN_AT=a
declare -A NET=([MN.a]=2001:db8:1 [MN.b]=2001:db8:2 [CN.a]=2001:db8:c
		[CN.b]=2001:db8:d [X.a]=2001:db8:e [P.a]=2001:db8:f)
declare -A HOSTID=([MN]=100 [CN]=200 [X]=300 [P]=400)

# addr NODE LINK: the node's address on that link.
addr() { echo "${NET[$1.$2]}::${HOSTID[$1]}"; }

topo_link()
{
	local node=$1 ns=${!1} rdev=${1,,}$2 link=l$2

	ip link add name "$link" netns "$ns" type veth peer name "$rdev" \
		netns "$R"
	ip -n "$R" addr add "${NET[$node.$2]}::1/64" dev "$rdev" nodad
	ip -n "$R" link set "$rdev" up
	nsx "$ns" sysctl -qw "net.ipv6.conf.$link.optimistic_dad=1" \
		"net.ipv6.conf.$link.accept_ra=0"
	ip -n "$ns" link set "$link" up
	nsx "$ns" ethtool -K "$link" gro on >/dev/null 2>&1
	nsx "$R" ethtool -K "$rdev" gro on >/dev/null 2>&1
	case $node in
	MN|CN) tc -n "$R" qdisc add dev "$rdev" root netem delay 10ms ;;
	esac
}

# topo_attach NODE LINK: address and default route on that link.
topo_attach()
{
	local node=$1 ns=${!1}

	printf '%s\n' "link set l$2 up" \
		"addr add $(addr "$node" "$2")/64 dev l$2 optimistic" \
		"route replace default via ${NET[$node.$2]}::1 dev l$2" |
		ip -n "$ns" -batch -
}

# The links of the network: NODE.LINK (the link's letter).
TOPO_LINKS="MN.a MN.b CN.a CN.b X.a P.a"

# topo_setup: what topo_link and topo_attach do for every link, in a few
# ip -batch runs rather than a process per command (the test guest spends
# a good part of a second on each).
topo_setup()
{
	local nl node l ns
	local -A cmds=() sys=()

	setup_ns MN CN R X P || return 1
	for nl in $TOPO_LINKS; do
		node=${nl%.*} l=${nl#*.}
		echo "link add name l$l netns ${!node} type veth peer name ${node,,}$l netns $R"
	done | ip -batch - || return 1
	sys[R]="net.ipv6.conf.all.forwarding=1"
	for nl in $TOPO_LINKS; do
		node=${nl%.*} l=${nl#*.}
		cmds[R]+="addr add ${NET[$nl]}::1/64 dev ${node,,}$l nodad"$'\n'
		cmds[R]+="link set ${node,,}$l up"$'\n'
		sys[$node]+=" net.ipv6.conf.l$l.optimistic_dad=1 net.ipv6.conf.l$l.accept_ra=0"
		cmds[$node]+="link set l$l up"$'\n'
		# Every node starts on its link a.
		[ "$l" = a ] && cmds[$node]+="addr add $(addr "$node" a)/64 dev la optimistic"$'\n'"route replace default via ${NET[$nl]}::1 dev la"$'\n'
	done
	for node in R MN CN X P; do
		ns=${!node}
		# shellcheck disable=SC2086
		nsx "$ns" sysctl -qw ${sys[$node]} &&
			printf '%s' "${cmds[$node]}" | ip -n "$ns" -batch - || return 1
	done
	for nl in $TOPO_LINKS; do
		node=${nl%.*} l=${nl#*.}
		nsx "${!node}" ethtool -K "l$l" gro on >/dev/null 2>&1
		nsx "$R" ethtool -K "${node,,}$l" gro on >/dev/null 2>&1
	done
	printf 'qdisc add dev %s root netem delay 10ms\n' mna mnb cna cnb |
		tc -n "$R" -batch - || return 1
	# MN and CN try ILNP with every host of the test network.
	printf 'nid add %s\nloc add %s::/64\nprefix add 2001:db8::/32\n' \
		$MN_NID "${NET[MN.a]}" | ilnp -n "$MN" -batch - &&
		printf 'nid add %s\nloc add %s::/64\nprefix add 2001:db8::/32\n' \
			$CN_NID "${NET[CN.a]}" | ilnp -n "$CN" -batch - || return 1
	# Let routes and neighbours settle (MN -> P would already start an
	# ILNP probe of P: leave that to the tests).
	nsx "$MN" ping -6 -c 1 -W 5 "$(addr CN a)" >/dev/null &&
		nsx "$R" ping -6 -c 1 -W 5 "$(addr P a)" >/dev/null &&
		nsx "$X" ping -6 -c 1 -W 5 "$(addr CN a)" >/dev/null
}

move()
{
	local node=$1 from=$2 to=$3 ns=${!1}

	declare -g "${node}_AT=$to"
	topo_attach "$node" "$to" &&
		ilnp -n "$ns" rebind "${NET[$node.$to]}::/64" \
			from "${NET[$node.$from]}::/64" &&
		printf '%s\n' "addr del $(addr "$node" "$from")/64 dev l$from" \
			"link set l$from down" | ip -n "$ns" -batch -
}

# What the stacks counted, for a failure's report.
net_diag()
{
	local ns

	for ns in "$MN" "$CN" "$R"; do
		log_info "$ns: $(nsx "$ns" nstat -az | awk '$2 != 0 && $1 ~ /^(Udp6|Ip6In|Ip6Out|Icmp6InDest|Icmp6OutDest|Icmp6InErrors)/ { printf "%s=%s ", $1, $2 }')"
		log_info "$ns: $(ilnp -n "$ns" -j stats 2>/dev/null)"
	done
	nsx "$MN" ss -uanp | sed 's/^/# MN /'
	ip -n "$MN" -6 addr | sed 's/^/# MN /'
	ip -n "$MN" -6 route | sed 's/^/# MN /'
}

# The bytes of a paced TCP stream across a move: 1 MB over a few seconds
# (what the test needs is a stream still running when the locator
# changes; every byte more costs the emulated guest time).
TRAFFIC_BYTES=1000000

# traffic_across DESC SECS CMD...: a TCP stream MN -> CN and a UDP probe
# MN -> CN (echoed by CN) run for about SECS; once both are up, each CMD
# (e.g. "move MN a b") is run, 1 s apart.  Tests: no reset, every byte in
# order, CN's socket keeps the peer address the session began with, UDP
# echoes still come at the end; the longest gap between echoes (the
# outage) is reported.
traffic_across()
{
	local desc=$1 secs=$2 port=$((5000 + TEST_COUNT)) m
	local mn_addr cn_addr
	shift 2
	mn_addr=$(addr MN $MN_AT) cn_addr=$(addr CN $CN_AT)
	nsx "$CN" $traffic tcp-sink $port >"$tmp/sink" 2>&1 &
	local sink=$!
	nsx "$CN" $traffic udp-echo $((port + 1000)) 120 \
		>"$tmp/echo" 2>&1 &
	local echo=$!
	rm -f "$tmp/up.tcp" "$tmp/up.udp"
	sleep 1
	ILNP_READY=$tmp/up.tcp nsx "$MN" $traffic tcp-send \
		"$cn_addr" $port $TRAFFIC_BYTES "$secs" >"$tmp/send" 2>&1 &
	local send=$!
	ILNP_READY=$tmp/up.udp nsx "$MN" $traffic udp-probe \
		"$cn_addr" $((port + 1000)) "$secs" 5 >"$tmp/probe" 2>&1 &
	local probe=$!
	wait_file "$tmp/up.tcp" && wait_file "$tmp/up.udp"
	log_test $? "$desc: TCP and UDP sessions up before the move"
	for m in "$@"; do
		sleep 1
		eval "$m" || log_info "$m: failed"
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
	json_file "$desc: TCP stream intact ($TRAFFIC_BYTES bytes, every byte in order)" \
		"$tmp/sink" ".bytes == $TRAFFIC_BYTES and .first_bad_byte == null"
	json_file "$desc: CN's socket kept the MN address the session began with" \
		"$tmp/sink" ".peer == \"$mn_addr\""
	json_file "$desc: UDP echo carried on ($(jq -r '"\(.lost) lost, outage \(.max_gap_ms) ms"' "$tmp/probe" 2>/dev/null))" \
		"$tmp/probe" '.echoed > 0 and .last_rx_s >= .secs - 1' ||
		net_diag
	jq -r '"# outage: \(.max_gap_ms) ms"' "$tmp/probe" 2>/dev/null
}

# peer_loc NS NID: the preferred locator NS's ILCC holds for NID.
peer_loc()
{
	ilnp -n "$1" -j peer show | jq -r --arg n "$2" \
		'.[] | select(.nid == $n) | .locators[0].locator'
}

# json_file DESC FILE FILTER: FILTER holds on the JSON in FILE (which must
# not be empty: jq -e accepts empty input).
# ilnp_stat NS NAME: one per-namespace counter.
ilnp_stat()
{
	ilnp -n "$1" -j stats | jq -r ".$2"
}

# state NAME NS: NS's ILCC (with nonces) and counters now, as the files
# $tmp/NAME_peers and NAME_stats (keys NAME_peers, NAME_stats of json_doc).
state()
{
	ilnp -n "$2" -j -s peer show >"$tmp/$1_peers" &&
		ilnp -n "$2" -j stats >"$tmp/$1_stats"
}
# ent NAME NID [LOC]: a jq expression, the entries of NID in state NAME
# (those holding locator LOC).
ent() { echo "[.$1_peers[] | select(.nid == \"$2\"${3:+ and any(.locators[]; .locator == \"$3\")})]"; }
# grew A B COUNTER: a jq expression, how much COUNTER grew from state A to B.
grew() { echo "(.$2_stats.$3 - .$1_stats.$3)"; }
