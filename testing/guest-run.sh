#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs inside the test guest (started by guest-init.sh).  Writes results to
# /mnt, the host's OUTDIR, and touches /mnt/done when it got to the end.
#
#   ILNP_MODE=check  load ilnp.ko, run the KUnit module and the selftests
#                    named in ILNP_ARGS (all of selftests/*.sh when empty),
#                    unload, collect kmemleak and dmesg
#   ILNP_MODE=smoke  stock-kernel smoke pass (testing/smoke.sh)
#   ILNP_MODE=bench  bench/datapath.sh (make bench)
#   ILNP_MODE=shell  interactive shell on the serial console
set -u
top=$ILNP_TOP
out=/mnt
export PATH=$top/ilnp-tools:$PATH
export ILNP_TOP=$top ILNP_KO=$top/kernel/ilnp.ko
IFS=, read -r -a args <<<"${ILNP_ARGS:-}"

dbg=/sys/kernel/debug

run_kunit()
{
	local d

	if ! insmod "$top/kernel/ilnp_kunit.ko" 2>"$out/kunit.err"; then
		echo "not ok 1 ilnp_kunit # module did not load: $(cat "$out/kunit.err")" \
			>"$out/kunit.ktap"
		return
	fi
	: >"$out/kunit.ktap"
	for d in "$dbg"/kunit/ilnp_*/; do
		cat "$d/results" >>"$out/kunit.ktap"
	done
	cat "$out/kunit.ktap"
	rmmod ilnp_kunit
}

run_selftest()
{
	local t=$1 name rc t0 limit

	name=$(basename "$t" .sh)
	echo "# selftest: $name"
	t0=$SECONDS
	# A suite may say it needs longer than ILNP_SELFTEST_TIMEOUT (600 s)
	# in its header: "# ilnp-timeout: SECS".
	limit=$(sed -n '1,12s/^# ilnp-timeout: *\([0-9]*\).*/\1/p' "$t" | head -1)
	[ "${limit:-0}" -gt "${ILNP_SELFTEST_TIMEOUT:-600}" ] ||
		limit=${ILNP_SELFTEST_TIMEOUT:-600}
	# Each result's second into the suite (lib.sh's log_test): where
	# its time goes.
	(cd "$top/selftests" && ILNP_TIMES=$out/selftest-$name.times \
		timeout -k 5 "$limit" "./$name.sh") \
		2>&1 | tee "$out/selftest-$name.tap"
	rc=${PIPESTATUS[0]}
	echo $((SECONDS - t0)) >"$out/selftest-$name.secs"
	# The rc file comes last: the host's progress report waits for it.
	echo "$rc" >"$out/selftest-$name.rc"
}

check()
{
	local t t0 want=() kunit=1

	[ -w $dbg/kmemleak ] && echo clear >$dbg/kmemleak
	if ! insmod "$ILNP_KO"; then
		echo "insmod failed" >"$out/insmod.err"
		return 1
	fi

	if [ ${#args[@]} -gt 0 ]; then
		kunit=0
		for t in "${args[@]}"; do
			case $t in
			kunit) kunit=1 ;;
			*) want+=("$top/selftests/${t%.sh}.sh") ;;
			esac
		done
	else
		# A selftest is an executable selftests/*.sh; the libraries
		# they source (lib.sh, topo.sh) are not executable.
		for t in "$top"/selftests/*.sh; do
			[ -x "$t" ] && want+=("$t")
		done
	fi

	if [ $kunit = 1 ]; then
		t0=$SECONDS
		run_kunit
		echo $((SECONDS - t0)) >"$out/kunit.secs"
	fi
	for t in "${want[@]}"; do
		run_selftest "$t"
	done

	if lsmod | grep -q '^ilnp '; then
		rmmod ilnp 2>"$out/rmmod.err"
		echo $? >"$out/rmmod.rc"
	fi
	if [ -w $dbg/kmemleak ]; then
		# Objects younger than 5 s are not reported: let them age.
		sleep 6
		echo scan >$dbg/kmemleak
		sleep 1
		echo scan >$dbg/kmemleak
		cat $dbg/kmemleak >"$out/kmemleak.txt"
	fi
}

case ${ILNP_MODE:-check} in
check)	check ;;
smoke)	"$top/testing/smoke.sh" "${args[@]}" | tee "$out/smoke.tap" ;;
bench)	# ROUNDS SECS KO: bench/datapath.sh, its progress on the console
	ILNP_KO=${args[2]} "$top/bench/datapath.sh" "${args[0]}" "${args[1]}" \
		>"$out/datapath.csv.part" && mv "$out/datapath.csv.part" "$out/datapath.csv" ;;
shell)
	echo "ilnp test guest: repo at $top, ilnp.ko not loaded (insmod \$ILNP_KO)."
	echo "Leave with: reboot -f"
	setsid -c bash -i </dev/ttyS0 >/dev/ttyS0 2>&1
	;;
*)	echo "guest-run: unknown mode ${ILNP_MODE}" ;;
esac
dmesg >"$out/dmesg.txt"
touch "$out/done"
