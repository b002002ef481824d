#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Shared helpers for the ILNP selftests, in the spirit of the kernel's
# tools/testing/selftests/net/lib.sh.  Source it; then
#
#   setup_ns A B        create uniquely named netns, store names in $A, $B;
#                       all are deleted on exit
#   log_test RC DESC    one TAP result line ("ok N DESC" / "not ok N DESC");
#                       returns RC
#   log_skip DESC WHY   one skipped result ("ok N DESC # SKIP WHY")
#   jq_check DESC JSON FILTER        one result: FILTER holds on JSON
#   jq_checks JSON DESC FILTER ...   one result per DESC FILTER pair, all
#                       evaluated by one jq (a process costs a good part of
#                       a second in the TCG test guest)
#   skip_all WHY        nothing can run here: say why and exit 4 (ksft skip)
#   nsx NS CMD...       CMD in the network namespace NS (nsenter: cheaper
#                       than ip netns exec, which also remounts /sys)
#   slurp VAR FILE      VAR := FILE's contents ("null" when empty or
#                       absent), without a process
#   json_field FILE KEY the value of a top-level number or string KEY in
#                       FILE's JSON (for messages; no jq process)
#   json_doc VAR FILE...  VAR := one JSON object with each FILE's JSON under
#                       its name (the file name, "." and "-" made "_"), for
#                       jq_checks across files
#   snooze SECS         sleep without a process, for polling loops
#   tap_done            print the plan and exit 1 if anything failed
#
# Each test prints TAP on stdout; comments start with "# ".

set -u

ksft_skip=4
TEST_COUNT=0
TEST_FAILED=0
NS_LIST=()

# A pipe nobody writes to: `read -t` on it is a sleep that costs no process
# (a process costs up to a second in a loaded test guest, so a loop of
# sleep(1)s polls far slower than it says).
_snooze=$(mktemp -u) && mkfifo -m 600 "$_snooze" &&
	exec {SNOOZE_FD}<>"$_snooze" && rm -f "$_snooze" || exit 1
snooze() { read -rt "$1" -u "$SNOOZE_FD"; return 0; }

: "${ILNP_TOP:=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
: "${ILNP_KO:=$ILNP_TOP/kernel/ilnp.ko}"
export PATH=$ILNP_TOP/ilnp-tools:$PATH

log_test()
{
	local rc=$1
	shift
	TEST_COUNT=$((TEST_COUNT + 1))
	if [ "$rc" -eq 0 ]; then
		echo "ok $TEST_COUNT $*"
	else
		echo "not ok $TEST_COUNT $*"
		TEST_FAILED=$((TEST_FAILED + 1))
	fi
	# The harness asks where a suite's time goes (a builtin: no cost).
	[ -z "${ILNP_TIMES:-}" ] || echo "$SECONDS $TEST_COUNT $*" >>"$ILNP_TIMES"
	return "$rc"
}

log_skip()
{
	local desc=$1 why=$2
	TEST_COUNT=$((TEST_COUNT + 1))
	echo "ok $TEST_COUNT $desc # SKIP $why"
}

log_info()
{
	echo "# $*"
}

skip_all()
{
	echo "# SKIP: $*"
	exit $ksft_skip
}

tap_done()
{
	echo "1..$TEST_COUNT"
	[ "$TEST_FAILED" -eq 0 ]
	exit $?
}

# check_cmd DESC CMD...: run CMD, log its status as one test.
check_cmd()
{
	local desc=$1
	shift
	"$@"
	log_test $? "$desc"
}

# check_fail DESC CMD...: CMD must fail.
check_fail()
{
	local desc=$1
	shift
	! "$@" 2>/dev/null
	log_test $? "$desc"
}

require_cmd()
{
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null || skip_all "$c is not installed"
	done
}

cleanup_all_ns()
{
	local ns
	[ ${#NS_LIST[@]} -gt 0 ] || return 0
	for ns in "${NS_LIST[@]}"; do
		echo "netns del $ns"
	done | ip -force -batch - 2>/dev/null
	NS_LIST=()
}

# setup_ns VAR...: a namespace for each VAR (its name in $VAR), lo up.  One
# ip process creates them all (a process costs a good part of a second in
# the test guest).
setup_ns()
{
	local var ns
	local -a new=()
	for var in "$@"; do
		ns="$var-$$-$RANDOM"
		new+=("$ns")
		NS_LIST+=("$ns")
		eval "$var=\$ns"
	done
	printf 'netns add %s\n' "${new[@]}" | ip -batch - || return 1
	# SETUP_NS_LO=no: the caller brings lo up (in its own ip -batch).
	[ "${SETUP_NS_LO:-}" = no ] && return 0
	for ns in "${new[@]}"; do
		ip -n "$ns" link set lo up || return 1
	done
}

# Load ilnp.ko unless it is there (modprobe where installed, else insmod).
ilnp_load()
{
	grep -q '^ilnp ' /proc/modules && return 0
	modprobe ilnp 2>/dev/null || insmod "$ILNP_KO"
}

# ilnp_json NS ARGS...: `ilnp -j` in netns NS.
ilnp_json()
{
	local ns=$1
	shift
	ilnp -n "$ns" -j "$@"
}

# jq_check DESC JSON FILTER: FILTER must evaluate to true on JSON.  Empty
# JSON (the command that should have produced it failed) is a failure: jq -e
# alone exits 0 on empty input.
jq_check()
{
	local desc=$1 json=$2 filter=$3
	[ -n "$json" ] && printf '%s' "$json" | jq -e "$filter" >/dev/null
	log_test $? "$desc"
}

nsx()
{
	local ns=$1
	shift
	# In a subshell ("nsx NS CMD &", a pipeline): become CMD, so that $!
	# is CMD's own process and kill reaches it.
	[ "$BASHPID" = $$ ] || exec nsenter --net="/run/netns/$ns" "$@"
	nsenter --net="/run/netns/$ns" "$@"
}

slurp()
{
	local -n _v=$1
	_v=
	[ -r "$2" ] && IFS= read -r -d '' _v <"$2"
	[ -n "$_v" ] || _v=null
}

json_field()
{
	local s
	slurp s "$1"
	[[ $s =~ \"$2\":\ ?(\"[^\"]*\"|[^,}]*) ]] && echo "${BASH_REMATCH[1]//\"/}"
}

json_doc()
{
	local -n _d=$1
	local f k v
	shift
	_d='{'
	for f in "$@"; do
		k=${f##*/}
		k=${k//[.-]/_}
		slurp v "$f"
		_d+="\"$k\": $v,"
	done
	_d="${_d%,}}"
}

# jq_checks JSON DESC FILTER [DESC FILTER]...: jq_check for each pair, in
# one jq run.  A FILTER that fails (an error) counts as false; one that
# does not compile fails them all (jq's message is printed).
jq_checks()
{
	local json=$1 prog= res= err i
	local -a desc=() ok=()
	shift
	while [ $# -ge 2 ]; do
		desc+=("$1")
		prog+="${prog:+, }(try ([$2] | last) catch false | if . then 1 else 0 end)"
		shift 2
	done
	if [ -n "$json" ]; then
		err=/tmp/jq_checks.$$
		res=$(printf '%s' "$json" | jq -r "[$prog] | map(tostring) | join(\" \")" 2>"$err")
		[ -s "$err" ] && sed 's/^/# jq: /' "$err"
		rm -f "$err"
	fi
	read -r -a ok <<<"$res"
	for i in "${!desc[@]}"; do
		[ "${ok[i]:-0}" = 1 ]
		log_test $? "${desc[i]}"
	done
}

# capture NS FILE TCPDUMP-ARGS...: start tcpdump in NS writing FILE, and
# return once it is listening (a guest under load can take seconds to get
# there, and a packet sent before would be missed).  Its pid is in
# $CAPTURE_PID; stop it with capture_stop.
capture()
{
	local ns=$1 file=$2 end err
	shift 2
	nsx "$ns" tcpdump -U -w "$file" "$@" 2>"$file.err" &
	CAPTURE_PID=$!
	end=$((SECONDS + 60))
	while [ "$SECONDS" -lt "$end" ]; do
		slurp err "$file.err"
		[[ $err == *"listening on"* ]] && return 0
		kill -0 "$CAPTURE_PID" 2>/dev/null || break
		snooze 0.1
	done
	log_info "tcpdump in $ns did not start: $(cat "$file.err")"
	return 1
}

# capture_stop: stop the capture capture() started, after what it saw was
# written.
capture_stop()
{
	kill "$CAPTURE_PID" 2>/dev/null
	wait "$CAPTURE_PID" 2>/dev/null
}

# json_file DESC FILE FILTER: FILTER holds on the JSON in FILE (not empty).
json_file()
{
	jq_check "$1" "$(cat "$2" 2>/dev/null)" "$3"
}

# wait_file FILE [SECS]: until FILE exists (default 60 s: a few Python
# processes starting at once take tens of seconds in a loaded debug guest).
wait_file()
{
	local end=$((SECONDS + ${2:-60}))

	until [ -e "$1" ]; do
		[ "$SECONDS" -lt "$end" ] || return 1
		snooze 0.1
	done
}

trap cleanup_all_ns EXIT

[ "$(id -u)" = 0 ] || skip_all "needs root"
require_cmd ip jq
ilnp_load || skip_all "cannot load ilnp.ko"
