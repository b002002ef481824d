#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot a kernel under QEMU with the host's root file system shared read-only
# over 9p, run testing/guest-run.sh inside, and collect its results.
#
#   run-qemu.sh [-i INITRD] [-t TIMEOUT] [-m MODE] [-I] KERNEL OUTDIR [ARGS...]
#
#   MODE     what guest-run.sh does: check (default), smoke, bench, shell, demo
#   OUTDIR   shared read-write with the guest at /mnt; gets console.log, the
#            guest's result files and "done" when the guest finished cleanly
#   ARGS     passed to guest-run.sh (e.g. the selftests to run)
#   -I       interactive: serial console on this terminal (MODE=shell)
#
# Environment: ILNP_SMP (guest CPUs, default 2), ILNP_MEM (MiB, default
# 2048), ILNP_CPU (TCG's CPU model, default max).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
initrd= timeout=900 mode=check interactive=0
while getopts i:t:m:I opt; do
	case $opt in
	i) initrd=$OPTARG ;;
	t) timeout=$OPTARG ;;
	m) mode=$OPTARG ;;
	I) interactive=1 mode=shell ;;
	*) exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -ge 2 ] || { echo "usage: $0 [-i INITRD] [-t SECS] [-m MODE] [-I] KERNEL OUTDIR [ARGS...]" >&2; exit 2; }
kernel=$1 out=$2
shift 2
mkdir -p "$out"
out=$(cd "$out" && pwd)
rm -f "$out/done" "$out/console.log"

accel=tcg
# /dev/kvm can exist without being able to run a guest: use KVM only when a
# probe boot under it reaches the kernel's first messages.
if [ -w /dev/kvm ] && [ "${ILNP_KVM:-auto}" != no ]; then
	probe=$(timeout 20 qemu-system-x86_64 -accel kvm -cpu host -m 256 \
		-nodefaults -no-reboot -display none -serial stdio \
		-kernel "$kernel" -append "console=ttyS0 panic=-1 root=/dev/null" \
		</dev/null 2>/dev/null | head -c 65536 || true)
	case $probe in *"Linux version"*) accel=kvm ;; esac
fi
cpu=${ILNP_CPU:-max}
[ $accel = kvm ] && cpu=host

# Under TCG the guest's clock comes from its TSC, which is the host's: tell
# the guest its frequency (testing/tsc-khz.c says why it cannot find out).
clock=
if [ $accel = tcg ] && [ "$(uname -m)" = x86_64 ]; then
	tsc=$(mktemp)
	if cc -O2 -o "$tsc" "$top/testing/tsc-khz.c" 2>/dev/null &&
	   grep -qw constant_tsc /proc/cpuinfo; then
		khz=$("$tsc")
		[ "${khz:-0}" -gt 100000 ] && clock="tsc_early_khz=$khz tsc=reliable clocksource=tsc"
	fi
	rm -f "$tsc"
fi

# Arguments for guest-run.sh travel in the environment of init.
guest_args=$(printf '%s,' "$@")
cmdline="console=ttyS0 root=hostroot rootfstype=9p ro"
cmdline+=" rootflags=trans=virtio,version=9p2000.L,msize=512000,cache=loose"
cmdline+=" panic_on_warn=1 panic=-1 oops=panic kmemleak=on kunit.enable=1 $clock"
# Expedited RCU grace periods: synchronize_rcu() (every netns deletion,
# link down, address removal, rmmod) otherwise takes seconds under TCG.
cmdline+=" rcupdate.rcu_expedited=1"
cmdline+=" init=$top/testing/guest-init.sh quiet loglevel=4"
cmdline+=" ILNP_TOP=$top ILNP_MODE=$mode ILNP_ARGS=${guest_args%,}"
cmdline+=" ILNP_DEBUG=${ILNP_DEBUG:-0}"
# Knobs of single selftests (e.g. ILNP_FLOOD_N), when set, reach them too.
for v in ILNP_FLOOD_N ILNP_FLOOD_MAX ILNP_TEARDOWN_SECS ILNP_TEARDOWN_UNLOADS \
	ILNP_SELFTEST_TIMEOUT; do
	[ -n "${!v:-}" ] && cmdline+=" $v=${!v}"
done

qemu=(qemu-system-x86_64 -accel $accel -cpu $cpu -smp "${ILNP_SMP:-2}" -m "${ILNP_MEM:-2048}"
	-nodefaults -no-reboot -display none
	-kernel "$kernel" -append "$cmdline"
	-device virtio-rng-pci
	-fsdev local,id=root,path=/,security_model=none,readonly=on,multidevs=remap
	-device virtio-9p-pci,fsdev=root,mount_tag=hostroot
	-fsdev local,id=res,path="$out",security_model=none
	-device virtio-9p-pci,fsdev=res,mount_tag=results)
[ -n "$initrd" ] && qemu+=(-initrd "$initrd")

if [ $interactive = 1 ]; then
	exec "${qemu[@]}" -serial mon:stdio
fi

rc=0
timeout --foreground -k 10 "$timeout" "${qemu[@]}" -serial file:"$out/console.log" \
	</dev/null || rc=$?
if [ $rc = 124 ] || [ $rc = 137 ]; then
	echo "run-qemu: guest did not finish within ${timeout}s" >>"$out/console.log"
fi
[ -f "$out/done" ]
