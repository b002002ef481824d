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
#   skip_all WHY        nothing can run here: say why and exit 4 (ksft skip)
#   tap_done            print the plan and exit 1 if anything failed
#
# Each test prints TAP on stdout; comments start with "# ".

set -u

ksft_skip=4
TEST_COUNT=0
TEST_FAILED=0
NS_LIST=()

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
	for ns in "${NS_LIST[@]}"; do
		ip netns del "$ns" 2>/dev/null
	done
	NS_LIST=()
}

setup_ns()
{
	local var ns
	for var in "$@"; do
		ns="$var-$(mktemp -u XXXXXX)"
		ip netns add "$ns" || return 1
		ip -n "$ns" link set lo up
		NS_LIST+=("$ns")
		eval "$var=\$ns"
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

trap cleanup_all_ns EXIT

[ "$(id -u)" = 0 ] || skip_all "needs root"
require_cmd ip jq
ilnp_load || skip_all "cannot load ilnp.ko"

# capture NS FILE TCPDUMP-ARGS...: start tcpdump in NS writing FILE, and
# return once it is listening (a guest under load can take seconds to get
# there, and a packet sent before would be missed).  Its pid is in
# $CAPTURE_PID; stop it with capture_stop.
capture()
{
	local ns=$1 file=$2 i
	shift 2
	ip netns exec "$ns" tcpdump -U -w "$file" "$@" 2>"$file.err" &
	CAPTURE_PID=$!
	for i in $(seq 100); do
		grep -q "listening on" "$file.err" 2>/dev/null && return 0
		kill -0 "$CAPTURE_PID" 2>/dev/null || break
		sleep 0.1
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
