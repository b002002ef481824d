#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ilnp-timeout: 1200
#
# State that unauthenticated packets create is bounded, accounted and
# counted (issue 7, item 6).  An attacker A floods the ILNP node V with
# packets from a million spoofed sources (ilnp_flood: random /64 and
# interface identifier inside 2001:db8:8000::/33, outside every prefix V
# tries ILNP with), while V keeps an established, verified ILNP session
# with its friend F: a TCP stream F -> V whose every byte is checked and
# a UDP echo.  V's namespace is created from a shell inside its own memory
# cgroup (cgroup v2), so what its packets make the module allocate is
# charged there.
#
# Variants, in this order (those that must create nothing first):
#   (d) plain UDP and TCP SYNs, no nonce: nothing is created at all
#   (b) forged Locator Updates with random nonces: dropped as mismatches
#   (c) Parameter Problems quoting random nonces: rate-limited, nothing
#   (a) UDP and TCP SYNs carrying a nonce option: each source creates an
#       unproven ILCC entry; they sit in a FIFO of ilcc_unproven_max, the
#       oldest evicted (the worst case)
# Checked: the peer count never exceeds ilcc_unproven_max + the
# established entries; (b)-(d) leave the ILCC as it was; the counters
# account for every packet; the cgroup's memory grows, for (a), by at most
# ilcc_unproven_max * 2 KiB + 4 MiB and no more after all the packets than
# after a quarter of them; the growth is charged to V's cgroup; the
# established session is intact and still verified.  Figures are printed
# as "# " lines.
#
# Scale.  The debug kernel under TCG takes 100-700 such packets a second
# (even without the module: the stack itself, KASAN, lockdep; fewer when
# other guests share the machine), so a million sources take 25 minutes
# to hours there, far over a suite's share of make check.  By default V's namespace is made with ilcc_unproven_max =
# ILNP_FLOOD_MAX (512; the module's default is 8192) and variant (a) sends
# ILNP_FLOOD_N = 8 * ILNP_FLOOD_MAX packets (the others an eighth): the
# FIFO fills, then every packet evicts.  The full-size run,
# ILNP_FLOOD_MAX=8192 ILNP_FLOOD_N=1048576, is part of make check's pass on
# Debian's stock kernel (testing/smoke.sh), where it takes a few minutes.
source "$(dirname "$0")/lib.sh"
require_cmd python3
flood=$ILNP_TOP/selftests/ilnp_flood
[ -x "$flood" ] || skip_all "$flood is not built (make selftests)"
storm="python3 -S $(dirname "$0")/ilnp_storm.py"
tmp=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; cleanup_all_ns; echo $old_max >$param; rmdir "$cg" 2>/dev/null; rm -rf "$tmp"' EXIT

param=/sys/module/ilnp/parameters/ilcc_unproven_max
MAX=${ILNP_FLOOD_MAX:-512}
N=${ILNP_FLOOD_N:-$((8 * MAX))}

# A watchdog prints the processes when a step takes over 60 s.
step() { echo "$SECONDS $*" >"$tmp/step"; }
watchdog()
{
	local last= n=0 cur
	while [ -e "$tmp" ]; do
		sleep 5
		cur=$(cat "$tmp/step" 2>/dev/null)
		if [ "$cur" = "$last" ]; then
			n=$((n + 1))
			[ $n = 12 ] && { echo "# stuck at: $cur ($(cat /proc/loadavg))"; timeout 10 ps -eo pid,stat,wchan:32,etime,args | grep -v ' \[' | sed 's/^/#   /'; } >&2
		else
			last=$cur n=0
		fi
	done
}
old_max=$(cat $param)
step setup
watchdog &
# Read when a namespace is made: V gets it, the next tests the default.
echo "$MAX" >$param || skip_all "cannot set ilcc_unproven_max"

# The victim's memory cgroup.
cgroot=/sys/fs/cgroup
if ! grep -q "^cgroup2 $cgroot " /proc/mounts; then
	mount -t cgroup2 none "$cgroot" || skip_all "cannot mount cgroup2"
fi
grep -qw memory "$cgroot/cgroup.controllers" || skip_all "no memory controller"
echo +memory >"$cgroot/cgroup.subtree_control" 2>/dev/null
cg=$cgroot/ilnp-flood-$$
mkdir "$cg" || skip_all "cannot create a cgroup"

V=V-$(mktemp -u XXXXXX)
sh -c 'echo $$ >"$1/cgroup.procs" && exec ip netns add "$2"' - "$cg" "$V"
log_test $? "victim namespace created from inside memory cgroup $(basename "$cg") (ilcc_unproven_max $MAX)"
NS_LIST+=("$V")
echo "$old_max" >$param
ip -n "$V" link set lo up
setup_ns F A || exit 1

# F -- lf -- V -- la -- A
ip link add lf netns "$V" type veth peer name lf netns "$F"
ip link add la netns "$V" type veth peer name la netns "$A"
ip -n "$V" -b - <<EOF
addr add 2001:db8:1::100/64 dev lf nodad
link set lf up
route add 2001:db8:2::/64 dev lf
addr add fe80::100/64 dev la nodad
link set la up
route add 2001:db8:8000::/33 via fe80::a dev la
EOF
ip -n "$F" -b - <<EOF
addr add 2001:db8:2::200/64 dev lf nodad
link set lf up
route add 2001:db8:1::/64 dev lf
EOF
# A takes nothing back: V's answers (RSTs, errors, probes) die there.
nsx "$A" sysctl -qw net.ipv6.conf.la.disable_ipv6=1
ip -n "$A" link set la up
amac=$(ip -n "$A" -j link show la | jq -r '.[0].address')
vmac=$(ip -n "$V" -j link show la | jq -r '.[0].address')
ip -n "$V" neigh add fe80::a lladdr "$amac" dev la nud permanent
ilnp -n "$V" nid add 0:0:0:100 && ilnp -n "$V" loc add 2001:db8:1::/64 &&
	ilnp -n "$V" prefix add 2001:db8:2::/64 &&
	ilnp -n "$F" nid add 0:0:0:200 && ilnp -n "$F" loc add 2001:db8:2::/64 &&
	ilnp -n "$F" prefix add 2001:db8:1::/64
log_test $? "V and F speak ILNP to each other; A floods V"

# The established session: a throttled TCP stream F -> V, UDP echoes.
# A stream that makes no progress for 60 s is broken (the flood, and other
# guests on the machine, may starve this one for many seconds under TCG).
export STORM_IDLE_S=60
STORM_BPS=100000 STORM_PROBE_MS=100 nsx "$V" $storm 2001:db8:2::200 \
	7000 0 2001:db8:2:: 0 600 >"$tmp/V.json" 2>&1 &
v_storm=$!
STORM_BPS=100000 STORM_PROBE_MS=100 ILNP_READY=$tmp/F.up nsx "$F" \
	$storm 2001:db8:1::100 7000 1 2001:db8:1:: 0 600 >"$tmp/F.json" 2>&1 &
f_storm=$!
wait_file "$tmp/F.up" 60
up=$?
for ((i = 0; i < 50; i++)); do
	ilnp -n "$V" -j peer show | jq -e '.[] | select(.nid == "0:0:0:200") |
		.flags | index("verified")' >/dev/null && break
	sleep 0.1
done
ilnp -n "$V" -j peer show | jq -e 'length == 1 and (.[0].flags | index("verified"))' >/dev/null
log_test $((up | $?)) "established ILNP session F -> V (TCP + UDP echo), F verified by V"
ESTABLISHED=$(ilnp -n "$V" -j info | jq .peers)

# Figures, read without starting processes where possible (each costs a
# second under TCG): memory.current and slab_unreclaimable of V's cgroup,
# the system's SUnreclaim (KiB), V's peer count.
mem() { local v; read -r v <"$cg/memory.current"; echo $((v / 1024)); }
slab()
{
	local k v
	while read -r k v; do
		[ "$k" = slab_unreclaimable ] && { echo $((v / 1024)); return; }
	done <"$cg/memory.stat"
}
gslab()
{
	local k v u
	while read -r k v u; do
		[ "$k" = SUnreclaim: ] && { echo "$v"; return; }
	done </proc/meminfo
}
peers()
{
	local j
	j=$(ilnp -n "$V" -j info)
	[[ $j =~ \"peers\":([0-9]+) ]] && echo "${BASH_REMATCH[1]}"
}

# flood NAME TYPES COUNT OFFSET: one run of ilnp_flood from A; its
# packets per second are added up in $tmp/NAME.rate.
flood_run()
{
	timeout -k 5 200 ip netns exec "$A" "$flood" -i la -m "$vmac" \
		-d 2001:db8:1::100 -t "$2" -n "$3" -o "$4" -s 7 \
		>"$tmp/$1.flood" 2>&1 ||
		{ log_info "$1: $(cat "$tmp/$1.flood")"; return 1; }
	jq -r '"\(.sent) \(.secs) \(.full)"' "$tmp/$1.flood" >>"$tmp/$1.rate"
}

# variant NAME DESC TYPES COUNT PARTS: flood COUNT packets in PARTS parts
# (1 or a multiple of 4), reading the peer count and memory after each;
# sets m0 (before), m1 (after a quarter), m2 (after all), m3 (a second
# later), mmax, p1, p2, p3, pmax, and s0/s1 (stats before/after).
variant()
{
	local name=$1 desc=$2 types=$3 count=$4 parts=$5 i p m rc=0
	local part=$((count / parts))
	local figs=""
	s0=$(ilnp -n "$V" -j stats) m0=$(mem) sl0=$(slab) g0=$(gslab)
	pmax=0 mmax=$m0
	rm -f "$tmp/$name.rate"
	for ((i = 0; i < parts; i++)); do
		step "($name) part $i"
		flood_run "$name" "$types" $part $((i * part)) || rc=1
		p=$(peers) m=$(mem)
		[ "$p" -gt $pmax ] && pmax=$p
		[ "$m" -gt $mmax ] && mmax=$m
		[ $((4 * (i + 1))) = $parts ] && m1=$m p1=$p
		figs+=" $(((i + 1) * part)):$p/${m}K"
	done
	m2=$m p2=$p sl2=$(slab) g2=$(gslab)
	log_test $rc "($name) $desc: $count packets from $count sources sent"
	sleep 1
	m3=$(mem) p3=$(peers)
	s1=$(ilnp -n "$V" -j stats)
	log_info "($name) rate: $(awk '{ n += $1; t += $2; f += $3 } END { printf "%d packets in %.1f s, %.0f/s, backlog full %d times", n, t, n / t, f }' "$tmp/$name.rate")"
	log_info "($name) memory.current KiB: before $m0,$([ "$parts" -gt 1 ] && echo " after $((count / 4)) $m1,") after $count $m2 (max $mmax), 1 s later $m3; slab_unreclaimable KiB $sl0 -> $sl2; global SUnreclaim KiB $g0 -> $g2"
	log_info "($name) packets:peers/memory.current along the way:$figs; 1 s later $p3 peers"
	log_info "($name) counters: $(jq -c -n --argjson a "$s0" --argjson b "$s1" \
		'$b | with_entries(.value -= $a[.key]) | with_entries(select(.value != 0))')"
}

# delta NAME: how much counter NAME grew during the last variant.
delta() { jq -n --argjson a "$s0" --argjson b "$s1" "\$b.$1 - \$a.$1"; }

# The variants that must create nothing send an eighth.
Q=$((N / 8))

variant d "plain UDP and TCP SYNs without nonce" udp0,syn0 $Q 1
[ "$pmax" = "$ESTABLISHED" ] && [ "$p3" = "$ESTABLISHED" ]
log_test $? "(d) no ILCC entry created (peers stay $ESTABLISHED, max seen $pmax)"
[ $((mmax - m0)) -le 1024 ]
log_test $? "(d) no memory charged ($((mmax - m0)) KiB at most, bound 1024)"

variant b "forged LUs with random nonces" lu $Q 1
[ "$pmax" = "$ESTABLISHED" ] && [ "$p3" = "$ESTABLISHED" ]
log_test $? "(b) no ILCC entry created (max seen $pmax)"
[ "$(delta drop_nonce_mismatch)" -ge $((Q * 99 / 100)) ]
log_test $? "(b) every LU dropped as a nonce mismatch ($(delta drop_nonce_mismatch) of $Q)"
[ $((mmax - m0)) -le 1024 ]
log_test $? "(b) no memory charged ($((mmax - m0)) KiB at most, bound 1024)"

variant c "Parameter Problems quoting random nonces" pp $Q 1
[ "$pmax" = "$ESTABLISHED" ] && [ "$p3" = "$ESTABLISHED" ]
log_test $? "(c) no ILCC entry created (max seen $pmax), peer F still ILNP"
# The budget is 100 a second after a burst of 50: all the others.
secs=$(awk '{ t += $2 } END { printf "%d", t + 1 }' "$tmp/c.rate")
[ "$(delta ratelimited)" -ge $((Q - 50 - 100 * secs)) ] && [ "$(delta peer_fallback)" = 0 ]
log_test $? "(c) rate-limited ($(delta ratelimited) of $Q in $secs s), no fallback"
[ $((mmax - m0)) -le 1024 ]
log_test $? "(c) no memory charged ($((mmax - m0)) KiB at most, bound 1024)"

variant a "UDP and TCP SYNs with a nonce option" udp,syn $N 4
bound_kib=$((MAX * 2 + 4096))
[ "$pmax" -le $((MAX + ESTABLISHED)) ] && [ "$p2" -ge $((MAX * 9 / 10)) ]
log_test $? "(a) peers never above ilcc_unproven_max + established ($pmax <= $MAX + $ESTABLISHED; $p2 at the end)"
ev=$(delta peer_evicted) lim=$(delta peer_limit)
[ $((ev + lim)) -ge $((N - MAX - N / 100)) ]
log_test $? "(a) the rest were evicted or refused, and counted (peer_evicted $ev, peer_limit $lim)"
[ $((mmax - m0)) -le $bound_kib ]
log_test $? "(a) memory bounded: +$((mmax - m0)) KiB at most <= $bound_kib KiB ($MAX entries * 2 KiB + 4 MiB)"
grow=$((m2 - m1))
[ $grow -le $(((m1 - m0) / 4 + 1024)) ]
log_test $? "(a) memory flat: after $N packets +$grow KiB over the figure after $((N / 4)) ($((m1 - m0)) KiB above the start)"
[ $((m1 - m0)) -ge $((MAX / 4)) ]
log_test $? "(a) the entries are charged to V's cgroup (+$((m1 - m0)) KiB there; global SUnreclaim +$((g2 - g0)) KiB)"
log_info "(a) per entry: $(( (m1 - m0) * 1024 / (p1 > 0 ? p1 : 1) )) bytes of V's cgroup"

# The established session lived through all of it.
jq_check "F is still in V's ILCC, verified" "$(ilnp -n "$V" -j peer show)" \
	'[.[] | select(.nid == "0:0:0:200")] | length == 1 and (.[0].flags | index("verified"))'
kill -TERM $f_storm $v_storm
wait $f_storm $v_storm
log_info "F: $(cat "$tmp/F.json")"
log_info "V: $(cat "$tmp/V.json")"
# (Refusals before V's sink listened are no break.)
json_file "TCP stream F -> V never broke (one connection, closed cleanly, no error)" "$tmp/F.json" \
	'.opened == 1 and (.clean | length) == 1 and (.errors | del(.ECONNREFUSED) | length) == 0'
jq -e -s '.[0].clean[0] as $c | .[1].eof | any(.[0] == $c[0] and .[1] == $c[1])' \
	"$tmp/F.json" "$tmp/V.json" >/dev/null
log_test $? "V received every byte F sent, in order ($(jq '.clean[0][1]' "$tmp/F.json") bytes)"
json_file "UDP echo carried on ($(jq -r '"\(.udp_echoed) of \(.udp_sent) echoed, longest gap \(.udp_max_gap_ms) ms"' "$tmp/F.json" 2>/dev/null))" \
	"$tmp/F.json" '.bad == 0 and .udp_echoed > 0 and .udp_echoed >= .udp_sent / 2'

# A flush walks the whole table, unlinking as it goes: it must leave no
# entry behind (an entry left there would outlive its namespace).
before=$(peers)
ilnp -n "$V" peer flush
after=$(peers)
[ "$after" = 0 ]
log_test $? "peer flush removes every entry ($before before, $after left)"

tap_done
