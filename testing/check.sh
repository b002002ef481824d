#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make check`: build the test kernel (cached), the module and the tools,
# run KUnit and every selftest in QEMU guests on the debug kernel and a
# smoke pass on Debian's stock kernel, and report.
#
#   check.sh [TEST...]   TEST: "kunit" or a selftest name (selftests/NAME.sh);
#                        none = everything.  The stock pass runs with
#                        everything; ILNP_STOCK=0 skips it, =1 runs it anyway.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
out=${ILNP_OUT:-$top/.check}
t0=$(date +%s)
step() { echo "==> $* ($(( $(date +%s) - t0 ))s)" >&2; }

# Builds use both CPUs (the module's and the tools' makefiles name no -j).
export MAKEFLAGS=${MAKEFLAGS:--j$(nproc)}

step "dependencies"
scripts/deps.sh check

step "test kernel"
kdir=$(scripts/build-kernel.sh)

# The live-migration selftests (selftests/vm_*.sh) run a nested guest V
# with a kernel of its own: build it (cached) only when they are to run.
vm=0
if [ $# = 0 ]; then
	for t in selftests/vm_*.sh; do
		if [ -x "$t" ]; then vm=1; fi
	done
fi
for t in "$@"; do
	case $t in vm_*) vm=1 ;; esac
done
if [ $vm = 1 ]; then
	step "V's kernel (nested guest of the migration selftests)"
	scripts/build-vm-kernel.sh >/dev/null
fi

rm -rf "$out"
mkdir -p "$out/build"
specs=("build:$out/build:host")
n=0
# host_test [-s] DESC LOG CMD...: run CMD (output to LOG), one TAP line; a
# build that prints a warning fails like one that stops.  -s is for commands
# whose output may legitimately say "error:" or "warning:" (TAP test
# programs, modules_install): the exit status and any "not ok" line count
# instead (the test programs build with -Werror, so a warning still stops
# them).
host_test()
{
	local bad='warning:|error:' desc log rc=0
	[ "$1" = -s ] && { bad='^not ok'; shift; }
	desc=$1 log=$2
	shift 2
	n=$((n + 1))
	"$@" >"$log" 2>&1 || rc=$?
	if [ $rc = 0 ] && grep -iE "$bad" "$log" >/dev/null; then
		rc=1
	fi
	if [ $rc = 0 ]; then
		echo "ok $n $desc"
	else
		echo "not ok $n $desc"
		sed 's/^/# /' "$log" | grep -iE 'warning|error|not ok|\*\*\*' | head -20
	fi >>"$out/build/host.tap"
	return $rc
}

step "module and tools against the test kernel"
host_test "module builds with W=1, no warnings (test kernel)" "$out/build/module.log" \
	make module KERNELDIR="$kdir" W=1 || { python3 testing/report.py "${specs[@]}"; exit 1; }
host_test "sparse (C=2) reports nothing" "$out/build/sparse.log" \
	make sparse KERNELDIR="$kdir" || true
host_test "ilnp tool builds with no warnings" "$out/build/tools.log" \
	make tools || { python3 testing/report.py "${specs[@]}"; exit 1; }
host_test "selftest programs build with no warnings (make selftests)" \
	"$out/build/selftests.log" make -B selftests || true
host_test -s "ilnp tool unit tests (make -C ilnp-tools test)" \
	"$out/build/tools-test.log" make -C ilnp-tools test || true
# V's kernel, ilnp.ko built against it and a booted V saved, in $out/vm;
# each guest finds them in its results dir (/mnt/vm: the cache under $HOME
# is hidden by the guest's tmpfs).
# Staging boots V twice under TCG, one CPU: it runs beside the stock build
# below, and its result is reported when it is done.
if [ $vm = 1 ]; then
	scripts/stage-vm.sh "$out/vm" >"$out/build/vm-stage.out" 2>&1 &
	vm_pid=$!
fi

# The stock pass (a full run only): ilnp.ko built and installed against
# Debian's linux-headers as a user would, then a smoke and flood.sh at full
# size (2^20 spoofed sources; the debug kernel is far too slow for it)
# under Debian's own kernel.  Its guest is planned as one more job of a
# shard (below) and runs after that shard's debug guest: both CPUs busy.
stock=0
case ${ILNP_STOCK:-} in
1) stock=1 ;;
'') [ $# != 0 ] || stock=1 ;;
esac
if [ $stock = 1 ]; then
	kver=$(scripts/stock-kver.sh)
	step "stock kernel $kver: build against linux-headers"
	mkdir -p "$out/stock-src"
	(cd kernel && find . -name '*.[ch]' -o -name Kbuild | cpio -pdm --quiet "$out/stock-src")
	host_test "module builds with W=1, no warnings (linux-headers $kver)" \
		"$out/build/stock-module.log" \
		make -C "/lib/modules/$kver/build" M="$out/stock-src" W=1 modules || true
	# Install as `make install` does, into a staged /lib/modules (the
	# distribution's modules hard-linked in, so depmod sees them all).
	stage=$out/stock-root
	mkdir -p "$stage/lib/modules/$kver"
	cp -al "/lib/modules/$kver/kernel" "$stage/lib/modules/$kver/" 2>/dev/null ||
		cp -as "/lib/modules/$kver/kernel" "$stage/lib/modules/$kver/"
	cp /lib/modules/"$kver"/modules.{order,builtin,builtin.modinfo} \
		"$stage/lib/modules/$kver/"
	# (Kbuild cannot sign it without Debian's key and skips depmod
	# without System.map; both only warn, as for every user.)
	host_test -s "modules_install into updates/, depmod (linux-headers $kver)" \
		"$out/build/stock-install.log" \
		sh -c 'make -C "$1" M="$2" INSTALL_MOD_PATH="$3" \
			INSTALL_MOD_DIR=updates modules_install &&
			depmod -b "$3" "$4"' - "/lib/modules/$kver/build" \
			"$out/stock-src" "$stage" "$kver" || true
	testing/mkinitramfs-stock.sh "$kver" "$out/stock-initrd.gz"
fi
if [ $vm = 1 ]; then
	vm_rc=0
	wait $vm_pid || vm_rc=$?
	host_test "module builds with W=1, no warnings (V's kernel); V staged" \
		"$out/build/vm-module.log" \
		sh -c 'cat "$1"; exit "$2"' - "$out/build/vm-stage.out" $vm_rc || true
fi
# stock_guest: the stock kernel's guest (ILNP_STOCK_FLOOD_N=0: no flood).
stock_guest()
{
	local s=$SECONDS

	testing/run-qemu.sh -t 2400 -m smoke -i "$out/stock-initrd.gz" \
		"/boot/vmlinuz-$kver" "$out/stock" "$stage" \
		"${ILNP_STOCK_FLOOD_N:-1048576}" || true
	echo $((SECONDS - s)) >"$out/stock.secs"
}

# The suites: KUnit and every executable selftests/*.sh, or those named.
if [ $# -gt 0 ]; then
	suites=("$@")
else
	suites=(kunit)
	for t in selftests/*.sh; do
		[ -x "$t" ] && suites+=("$(basename "$t" .sh)")
	done
fi
# They run in parallel guests (shards), each with its own module load,
# kmemleak scan and kernel log.  testing/costs says what each suite took
# last time measured; the longest go first, each to the least loaded shard.
ncpu=$(nproc)
shards=${ILNP_SHARDS:-$ncpu}
[ "$shards" -gt ${#suites[@]} ] && shards=${#suites[@]}
[ "$shards" -lt 1 ] && shards=1
smp=${ILNP_SMP:-$(( ncpu / shards > 0 ? ncpu / shards : 1 ))}
# The stock guest counts as one more job ("stock" in testing/costs): it
# runs after the debug guest of the shard it falls to.
jobs=("${suites[@]}")
[ $stock = 1 ] && jobs+=(stock)
mapfile -t plan < <(for t in "${jobs[@]}"; do
	c=$(awk -v t="$t" '$1 == t { print $2 }' testing/costs 2>/dev/null)
	echo "${c:-60} $t"
done | sort -rn | awk -v n="$shards" '
	{ best = 0
	  for (i = 1; i < n; i++) if (load[i] < load[best]) best = i
	  load[best] += $1; list[best] = list[best] " " $2 }
	END { for (i = 0; i < n; i++) print load[i] list[i] " " }')
stock_shard=-1
for i in "${!plan[@]}"; do
	case ${plan[$i]} in
	*" stock "*) stock_shard=$i plan[$i]=${plan[$i]/ stock / } ;;
	esac
done

step "debug kernel: KUnit and selftests in $shards QEMU guest(s), $smp CPU(s) each"
pids=()
for i in "${!plan[@]}"; do
	read -r _ mine <<<"${plan[$i]}"
	read -r -a mine <<<"$mine"
	d=$out/debug$((i + 1))
	mkdir -p "$d"
	[ $vm = 1 ] && [ -d "$out/vm" ] && cp -al "$out/vm" "$d/vm"
	echo "    shard $((i + 1)): ${mine[*]}$([ "$i" = $stock_shard ] && echo ", then the stock kernel's guest")" >&2
	(
		# (A guest given no suite would run them all.)
		[ ${#mine[@]} = 0 ] ||
			ILNP_SMP=$smp testing/run-qemu.sh -t "${ILNP_TIMEOUT:-3600}" \
				"$kdir/arch/x86/boot/bzImage" "$d" "${mine[@]}" || true
		[ "$i" != $stock_shard ] || stock_guest
	) &
	pids+=($!)
	[ ${#mine[@]} = 0 ] || specs+=("debug$((i + 1)):$d:check")
done
[ $stock = 1 ] && specs+=("stock:$out/stock:smoke")
# Progress: each suite's counts as soon as its guest has finished it.
progress()
{
	local f name tap secs how
	for f in "$out"/debug*/selftest-*.rc "$out"/debug*/kunit.secs "$out"/stock.secs; do
		[ -e "$f" ] || continue
		case " $reported " in *" $f "*) continue ;; esac
		reported+=" $f"
		case $f in
		*/kunit.secs) name=kunit tap=${f%/*}/kunit.ktap secs=$(cat "$f") ;;
		*/stock.secs) name="stock kernel" tap=$out/stock/smoke.tap
		   secs=$(cat "$f") ;;
		*) name=${f##*/selftest-} name=${name%.rc}
		   tap=${f%.rc}.tap secs=$(cat "${f%.rc}.secs" 2>/dev/null) ;;
		esac
		case $(cat "$f" 2>/dev/null) in
		124) how=", timed out" ;;
		0|4|'') how= ;;
		*) how=", exit $(cat "$f")" ;;
		esac
		[ "$name" = kunit ] || [ "$name" = "stock kernel" ] && how=
		printf '    %-16s %3d ok, %d not ok, %d skipped (%ss%s, %s)\n' "$name" \
			"$(grep -cE '^ *ok [0-9]+' "$tap" 2>/dev/null | tail -1)" \
			"$(grep -cE '^ *not ok [0-9]+' "$tap" 2>/dev/null | tail -1)" \
			"$(grep -ciE '^ *ok [0-9]+.*# *skip' "$tap" 2>/dev/null | tail -1)" \
			"${secs:-?}" "$how" "${tap%/*}" | sed "s|$out/||" >&2
	done
}
reported=
while :; do
	running=0
	for p in "${pids[@]}"; do
		kill -0 "$p" 2>/dev/null && running=1
	done
	progress
	[ $running = 0 ] && break
	sleep 5
done
wait "${pids[@]}" || true

step "report"
python3 testing/report.py "${specs[@]}"
