#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Unloading the module and deleting namespaces under traffic never crash
# (issue 7, item 3).  The race: a hook running on one CPU, in the middle of
# a packet, while the namespace or the module goes away on the other.
#
# Each round builds a fresh pair of ILNP namespaces (A, B) and starts in
# both ilnp_storm.py (2 TCP streams each way, offloads and GRO on, a UDP
# echo, a blaster creating a correspondent and an RR probe per datagram)
# and, in A, a loop that rebinds its locator back and forth (LUs, LU
# timers and the announce work busy).  Then, at once, one end is killed
# and deleted while the other keeps sending into it, and in every odd
# round `rmmod ilnp` runs at the same moment (retried while a dump holds
# the module) with an `ilnp -j monitor` and `peer show` dumps running in
# the survivor, whose traffic flows on through the unload; `insmod`
# follows; then the survivor is stopped and deleted.  rmmod waits for the
# victim's cleanup, so a round with an unload has both races: a namespace
# deleted while packets still reach its hooks (the module loaded), then
# the module's exit under the survivor's running traffic; a round without
# one, the first alone.  ILNP_TEARDOWN_ROUNDS rounds (2: one of each), and
# more while ILNP_TEARDOWN_SECS (0) have not passed: a soak.  Then
# ILNP_TEARDOWN_UNLOADS (0: skipped) more unloads under one pair's storms.
#
# Checked: every command returns within its bound (no hang), the module
# unloads and loads again each time, every received stream has its bytes
# in order or ended with an error (never a wrong byte), the module is
# loaded at the end, no namespace cleanup is left stuck (a last rmmod
# waits for them), and no BUG/WARNING/KASAN report or stuck netdevice
# appeared in the kernel log.
source "$(dirname "$0")/lib.sh"
require_cmd python3 timeout ethtool
storm="python3 -S $(dirname "$0")/ilnp_storm.py"
tmp=$(mktemp -d)
trap 'touch "$tmp/stop"; kill $(jobs -p) 2>/dev/null; cleanup_all_ns; rm -rf "$tmp"' EXIT

SECS=${ILNP_TEARDOWN_SECS:-0}
ROUNDS=${ILNP_TEARDOWN_ROUNDS:-2}
# step WHAT: progress on stderr (the console), for a round that takes long.
# A watchdog prints the processes when a step takes over 60 s.
step() { echo "$SECONDS $*" >"$tmp/step"; }
watchdog()
{
	local last= n=0 cur
	while [ ! -e "$tmp/stop" ]; do
		sleep 5
		cur=$(cat "$tmp/step" 2>/dev/null)
		if [ "$cur" = "$last" ]; then
			n=$((n + 1))
			[ $n = 12 ] && { echo "# stuck at: $cur"; ps -eo pid,stat,wchan:32,etime,args | grep -v ' \[' | sed 's/^/#   /'; } >&2
		else
			last=$cur n=0
		fi
	done
}

log_lines=$(dmesg | wc -l)

# wait_pid PID SECS: reap PID if it exits within SECS; 124 if it did not.
# (A deadline, not a count of polls: on a loaded machine each poll takes
# far longer than its sleep.)
wait_pid()
{
	local end=$((SECONDS + $2)) st
	while [ $SECONDS -lt $end ]; do
		st=$(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null)
		if [ -z "$st" ] || [ "$st" = Z ]; then
			wait "$1" 2>/dev/null
			return $?
		fi
		sleep 0.05
	done
	return 124
}

# ilnp_config X: NID and locator of the X end of a pair (X a or b), try
# ILNP with every host of 2001:db8::/32.
ilnp_config()
{
	local ns=$1 end=$2
	if [ "$end" = a ]; then
		ilnp -n "$ns" nid add 0:0:0:a && ilnp -n "$ns" loc add 2001:db8:1::/64
	else
		ilnp -n "$ns" nid add 0:0:0:b && ilnp -n "$ns" loc add 2001:db8:c::/64
	fi && ilnp -n "$ns" prefix add 2001:db8::/32
}

# pair_setup X Y: namespaces $X and $Y joined by a veth pair (offloads on,
# as veth has them).  X holds 2001:db8:1::a and 2001:db8:2::a, Y
# 2001:db8:c::b and 2001:db8:d::b; each routes everything via the other's
# link-local address (the blasters' random destinations need no neighbour
# discovery).  Few commands: each costs a second under TCG.
pair_setup()
{
	local x=$1-$(mktemp -u XXXXXX) y=$2-$(mktemp -u XXXXXX)
	ip -b - <<-EOF || return 1
	netns add $x
	netns add $y
	link add e0 netns $x type veth peer name e0 netns $y
	EOF
	NS_LIST+=("$x" "$y")
	eval "$1=\$x $2=\$y"
	ip -n "$x" -b - <<-EOF || return 1
	link set lo up
	addr add fe80::a/64 dev e0 nodad
	addr add 2001:db8:1::a/64 dev e0 nodad
	addr add 2001:db8:2::a/64 dev e0 nodad
	link set e0 up
	route add default via fe80::b dev e0
	EOF
	ip -n "$y" -b - <<-EOF || return 1
	link set lo up
	addr add fe80::b/64 dev e0 nodad
	addr add 2001:db8:c::b/64 dev e0 nodad
	addr add 2001:db8:d::b/64 dev e0 nodad
	link set e0 up
	route add default via fe80::a dev e0
	EOF
	ilnp_config "$x" a && ilnp_config "$y" b
}

# rebind_loop NS END: move NS's locator back and forth until NS is gone or
# the test stops (while the module is away the commands just fail).
rebind_loop()
{
	local ns=$1 l1 l2
	[ "$2" = a ] && l1=2001:db8:1::/64 l2=2001:db8:2::/64 ||
		l1=2001:db8:c::/64 l2=2001:db8:d::/64
	while [ -e "/run/netns/$ns" ] && [ ! -e "$tmp/stop" ]; do
		ilnp -n "$ns" rebind $l2 from $l1 2>/dev/null ||
			ilnp -n "$ns" rebind $l1 from $l2 2>/dev/null ||
			sleep 0.05
		sleep 0.005
		ilnp -n "$ns" rebind $l1 from $l2 2>/dev/null
		sleep 0.005
	done
}

# storm_start NS END SECS OUT [RATE [BPS]]: the storm of NS towards the
# other end: 2 streams of BPS bytes/s, a blaster of RATE datagrams/s.
storm_start()
{
	local peer port=7000 blast
	[ "$2" = a ] && peer=2001:db8:c::b blast=2001:db8:90:: ||
		peer=2001:db8:1::a blast=2001:db8:91::
	rm -f "$4.up"
	STORM_BPS=${6:-200000} STORM_PROBE_MS=20 ILNP_READY=$4.up \
		nsx "$1" $storm $peer $port 2 $blast "${5:-50}" "$3" \
		>"$4" 2>"$4.err" &
}

# storm_check DESC OUT: the storm printed its report, no stream got a
# wrong byte, no thread was stuck.
storm_check()
{
	json_file "$1" "$2" '.bad == 0 and .stuck_threads == 0' ||
		log_info "$(cat "$2" "$2.err" 2>/dev/null | tail -5)"
}

# reload: rmmod (retried while a dump holds the module, at most 20 s),
# then insmod.  Prints how it went.
reload()
{
	local i t0=$SECONDS
	for ((i = 1; i <= 400; i++)); do
		rmmod ilnp 2>/dev/null && break
		grep -q '^ilnp ' /proc/modules || break	# someone else
		sleep 0.05
	done
	grep -q '^ilnp ' /proc/modules && { echo "rmmod: still loaded after $i tries"; return 1; }
	echo "rmmod after $i tries, $((SECONDS - t0)) s"
	modprobe ilnp 2>/dev/null || insmod "$ILNP_KO"
}

watchdog &
dump_loop()
{
	local ok=0 bad=0 hung=0 rc
	while [ ! -e "$tmp/stop" ] && [ ! -e "$1.stop" ] && [ -e "/run/netns/$2" ]; do
		timeout -k 2 30 ilnp -n "$2" -j peer show >/dev/null 2>&1
		rc=$?
		case $rc in
		0) ok=$((ok + 1)) ;;
		124|137) hung=$((hung + 1)) ;;
		*) bad=$((bad + 1)); sleep 0.05 ;;
		esac
		echo "$ok $bad $hung" >"$1"
	done
}

round=0 fails=0 reloads=0 dumps_ok=0 dumps_hung=0
t_end=$((SECONDS + SECS))
while { [ $SECONDS -lt $t_end ] || [ $round -lt "$ROUNDS" ]; } && [ $fails -lt 3 ]; do
	round=$((round + 1))
	unload=$((round % 2))
	r=$tmp/r$round
	ts=$SECONDS
	step "round $round: setup"
	if ! pair_setup A B; then
		log_test 1 "round $round: pair A, B set up"
		fails=$((fails + 1))
		continue
	fi
	step "round $round: storms"
	tu=$SECONDS
	storm_start "$A" a 60 "$r.A.json"
	a_storm=$!
	storm_start "$B" b 60 "$r.B.json"
	b_storm=$!
	up=0
	wait_file "$r.A.json.up" 60 && wait_file "$r.B.json.up" 60 && up=1
	tup=$SECONDS
	# Only now: while A's locator changes every few milliseconds, B
	# may learn A at one locator and address it at the other, as two
	# hosts (the entries are per NID and locator); its sessions to the
	# one it learnt without a nonce then do not come up.
	rebind_loop "$A" a &
	if [ $up = 0 ]; then
		for x in A B; do
			log_info "round $round: traffic not up; $x's counters: $(ilnp -n "${!x}" -j stats 2>&1 |
				jq -c 'with_entries(select(.value != 0))' 2>&1)"
		done
	fi

	# One end dies (the other keeps sending into it) and, in some
	# rounds, the module goes at the same moment.
	if ((round % 4 < 2)); then
		victim=$A vstorm=$a_storm survivor=$B sstorm=$b_storm vname=A sname=B
	else
		victim=$B vstorm=$b_storm survivor=$A sstorm=$a_storm vname=B sname=A
	fi
	if ((unload)); then
		ilnp -n "$survivor" -j monitor >"$r.mon" 2>&1 &
		mon=$!
		dump_loop "$r.dumps" "$survivor" &
		dumper=$!
	fi
	sleep "0.$((RANDOM % 5))"
	step "round $round: teardown (up=$up)"
	t0=$(date +%s.%N)
	if ((unload)); then
		reload >"$r.reload" 2>&1 &
		reload_pid=$!
	fi
	kill -9 "$vstorm"
	timeout 10 ip netns del "$victim"
	rc=$?
	wait_pid "$vstorm" 10 >/dev/null
	[ $? = 124 ] && rc=124
	msg="killed and deleted $vname"
	if ((unload)); then
		step "round $round: waiting for rmmod + insmod"
		# rmmod waits for the victim's cleanup (minutes under TCG).
		wait_pid "$reload_pid" 300
		rrc=$?
		msg+=", rmmod + insmod ($(head -1 "$r.reload"))"
		if [ $rrc != 0 ]; then
			log_info "reload: $(cat "$r.reload")"
			rc=1
		else
			reloads=$((reloads + 1))
		fi
	fi
	# The survivor keeps sending into the dying namespace for a moment.
	sleep 0.5
	step "round $round: survivor stops"
	if ((unload)); then
		# The monitor lived through the unload or ended; neither it
		# nor the dumps may hang.
		touch "$r.dumps.stop"
		wait_pid "$dumper" 40 || [ $? != 124 ] || { rc=124; msg+=", dump hung"; }
		read -r d_ok d_bad d_hung <"$r.dumps"
		dumps_ok=$((dumps_ok + d_ok)) dumps_hung=$((dumps_hung + d_hung))
		[ "$d_hung" = 0 ] || { rc=1; msg+=", $d_hung dumps hung"; }
		msg+=", $d_ok+$d_bad dumps"
		kill -9 "$mon" 2>/dev/null
		wait_pid "$mon" 10 || [ $? != 124 ] || { rc=124; msg+=", monitor hung"; }
	fi
	kill -TERM "$sstorm" 2>/dev/null
	wait_pid "$sstorm" 15
	[ $? = 124 ] && { rc=124; msg+=", survivor's storm hung"; }
	timeout 10 ip netns del "$survivor" || rc=1
	t1=$(date +%s.%N)
	step "round $round: done"
	# A round whose traffic never came up tested nothing.
	[ $up = 1 ] || { rc=1; msg+=", traffic was not up"; }
	log_info "round $round: setup $((tu - ts)) s, traffic up after $((tup - tu)) s"
	log_test $rc "round $round: $msg, all returned ($(awk "BEGIN { printf \"%.1f\", $t1 - $t0 }") s)" ||
		fails=$((fails + 1))
	s=$(jq -r '"\(.opened) streams, \(.clean | length) closed cleanly, \(.eof | length) received whole, \(.sink_errors) ended by error, errors \(.errors | tostring), \(.udp_echoed) echoes"' \
		"$r.$sname.json" 2>/dev/null)
	storm_check "round $round: survivor $sname's streams: bytes in order or an error ($s)" \
		"$r.$sname.json" || fails=$((fails + 1))
	NS_LIST=()
done
log_info "$round rounds in $((SECONDS - t_end + SECS)) s, $reloads with rmmod + insmod"
[ $reloads -ge 1 ] && [ $reloads = $(((round + 1) / 2)) ]
log_test $? "the module was unloaded and loaded again under traffic ($reloads times)"
[ $dumps_ok -gt 0 ] && [ $dumps_hung = 0 ]
log_test $? "peer show dumps ran through the unloads and never hung ($dumps_ok complete)"

# Then the module goes and comes back UNLOADS times (ILNP_TEARDOWN_UNLOADS,
# none by default) under one pair's running storms, A's rebind loop (LUs in flight) and
# B's dumps: no namespace dies meanwhile, so each unload costs seconds,
# not the minutes a namespace cleanup takes under TCG.  After each insmod
# both ends are configured again and traffic carries on (ILNP again, or
# plain IPv6 meanwhile).
UNLOADS=${ILNP_TEARDOWN_UNLOADS:-0}
step "unloads: setup"
ulog=$tmp/unloads
if [ "$UNLOADS" = 0 ]; then
	# On the 2-core TCG machine this phase did not get past its setup
	# within the suite's 10 minutes (stop 14): not yet understood, so
	# not in the default run.
	log_info "unloads: not run (ILNP_TEARDOWN_UNLOADS=0, the default: a soak, not a check)"
elif pair_setup A B; then
	storm_start "$A" a 300 "$tmp/uA.json"
	ua=$!
	storm_start "$B" b 300 "$tmp/uB.json"
	ub=$!
	rebind_loop "$A" a &
	dump_loop "$tmp/u.dumps" "$B" &
	udumper=$!
	wait_file "$tmp/uA.json.up" 60 && wait_file "$tmp/uB.json.up" 60
	log_test $? "unloads: pair A, B up, 2 streams each way"
	urc=0 done_unloads=0 umsg=
	for ((u = 1; u <= UNLOADS; u++)); do
		step "unloads: $u"
		reload >"$ulog.$u" 2>&1 &
		wait_pid $! 120 || { urc=1; umsg+=" #$u: $(tr '\n' ' ' <"$ulog.$u")"; break; }
		done_unloads=$u
		umsg+=" #$u: $(head -1 "$ulog.$u" | sed 's/rmmod after //');"
		ilnp_config "$A" a 2>/dev/null && ilnp_config "$B" b 2>/dev/null ||
			{ urc=1; umsg+=" reconfiguration failed;"; }
		# Traffic flows with the module back before the next unload.
		sleep 1
	done
	log_test $urc "unloads: rmmod + insmod $done_unloads times under the storms, each returned ($umsg)"
	touch "$tmp/u.dumps.stop"
	wait_pid "$udumper" 40
	rc=$?
	read -r d_ok d_bad d_hung <"$tmp/u.dumps"
	[ $rc != 124 ] && [ "${d_ok:-0}" -gt 0 ] && [ "$d_hung" = 0 ]
	log_test $? "unloads: peer show dumps in B ran through them and never hung ($d_ok complete, $d_bad failed, $d_hung hung)"
	kill -TERM "$ua" "$ub" 2>/dev/null
	wait_pid "$ua" 15
	ra=$?
	wait_pid "$ub" 15
	[ $ra != 124 ] && [ $? != 124 ]
	log_test $? "unloads: the storms stopped when asked"
	for x in A B; do
		s=$(jq -r '"\(.opened) streams, \(.eof | length) received whole, \(.sink_errors) ended by error, errors \(.errors | tostring), \(.udp_echoed) echoes"' \
			"$tmp/u$x.json" 2>/dev/null)
		storm_check "unloads: $x's streams: bytes in order or an error ($s)" "$tmp/u$x.json"
	done
	jq -e -s '.[0].udp_echoed > 0 and .[1].udp_echoed > 0' "$tmp/uA.json" "$tmp/uB.json" >/dev/null
	log_test $? "unloads: traffic flowed ($(jq -r -s '"A \(.[0].recv_bytes), B \(.[1].recv_bytes) bytes received"' "$tmp/uA.json" "$tmp/uB.json" 2>/dev/null))"
	cleanup_all_ns
	NS_LIST=()
else
	log_test 1 "unloads: pair A, B set up"
fi

# Every namespace gone, the module unloads at once (no netns cleanup stuck)
# and is loaded again for the selftests after this one.
touch "$tmp/stop"
step "final"
for p in $(jobs -p); do
	wait_pid "$p" 30
done
cleanup_all_ns
reload >"$tmp/final" 2>&1 &
wait_pid $! 300
log_test $? "after every namespace is gone: rmmod and insmod ($(head -1 "$tmp/final"))"
grep -q '^ilnp ' /proc/modules
log_test $? "the module is loaded at the end"

bad=$(dmesg | tail -n +$((log_lines + 1)) |
	grep -E 'BUG|WARNING|KASAN|Oops|unregister_netdevice: waiting|blocked for more than|stall' |
	head -20)
[ -z "$bad" ]
log_test $? "kernel log clean (no BUG, WARNING, stuck netdevice)" ||
	printf '%s\n' "$bad" | sed 's/^/# /'

tap_done
