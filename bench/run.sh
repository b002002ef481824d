#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make bench`: ilnp.ko built against Debian's linux-headers, Debian's
# stock kernel booted under QEMU (no debug options: their cost would swamp
# what is measured), the benchmarks run inside (bench/datapath.sh), and a
# table of medians, spreads and ratios printed here.  CSV and a PNG plot
# go to bench/out/ (BENCH_OUT to move it).
#
# Environment: BENCH_ROUNDS (default 5), BENCH_SECS (per measurement,
# default 4), ILNP_SMP (guest CPUs, default 2).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
out=${BENCH_OUT:-$top/bench/out}
rounds=${BENCH_ROUNDS:-5} secs=${BENCH_SECS:-4}
t0=$(date +%s)
step() { echo "==> $* ($(( $(date +%s) - t0 ))s)" >&2; }
export MAKEFLAGS=${MAKEFLAGS:--j$(nproc)}

step "dependencies"
scripts/deps.sh bench

kver=$(scripts/stock-kver.sh)
step "ilnp.ko and the ilnp tool against linux-headers $kver"
rm -rf "$out"
mkdir -p "$out/src" "$out/guest"
(cd kernel && find . -name '*.[ch]' -o -name Kbuild | cpio -pdm --quiet "$out/src")
make -s -C "/lib/modules/$kver/build" M="$out/src" modules >"$out/build.log" 2>&1 ||
	{ cat "$out/build.log" >&2; exit 1; }
make -s tools >>"$out/build.log" 2>&1 || { cat "$out/build.log" >&2; exit 1; }
testing/mkinitramfs-stock.sh "$kver" "$out/initrd.gz"

step "datapath: $rounds rounds of 4 variants, ${secs}s each measurement, in Debian's kernel $kver"
ILNP_SMP=${ILNP_SMP:-2} testing/run-qemu.sh -t 3600 -m bench -i "$out/initrd.gz" \
	"/boot/vmlinuz-$kver" "$out/guest" "$rounds" "$secs" "$out/src/ilnp.ko" &
qemu=$!
# Progress: the guest's lines as they come.
shown=0
while kill -0 $qemu 2>/dev/null; do
	sleep 5
	if [ -f "$out/guest/console.log" ]; then
		n=$(grep -c '^datapath:' "$out/guest/console.log" || true)
		if [ "$n" -gt "$shown" ]; then
			grep '^datapath:' "$out/guest/console.log" | tail -n +$((shown + 1)) | sed 's/^/    /' >&2
			shown=$n
		fi
	fi
done
rc=0
wait $qemu || rc=$?
if [ $rc != 0 ] || [ ! -s "$out/guest/datapath.csv" ]; then
	echo "bench: the guest did not finish; its console:" >&2
	tail -30 "$out/guest/console.log" >&2
	exit 1
fi
cp "$out/guest/datapath.csv" "$out/datapath.csv"

step "report"
/usr/bin/python3 bench/report.py "$out/datapath.csv" "$out"
