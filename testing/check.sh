#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make check`: build the test kernel (cached), the module and the tools,
# run KUnit and every selftest in a QEMU guest on the debug kernel, then a
# smoke pass on Debian's stock kernel, and report.
#
#   check.sh [TEST...]   TEST: "kunit" or a selftest name (selftests/NAME.sh);
#                        none = everything.  ILNP_STOCK=0 skips the stock pass.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
out=${ILNP_OUT:-$top/.check}
t0=$(date +%s)
step() { echo "==> $* ($(( $(date +%s) - t0 ))s)" >&2; }

step "dependencies"
scripts/deps.sh check

step "test kernel"
kdir=$(scripts/build-kernel.sh)

step "module and tools against the test kernel"
make -s module KERNELDIR="$kdir" W=1 >&2
make -s tools >&2

rm -rf "$out"
mkdir -p "$out"
specs=()

step "debug kernel: KUnit and selftests under QEMU"
testing/run-qemu.sh -t "${ILNP_TIMEOUT:-2400}" "$kdir/arch/x86/boot/bzImage" \
	"$out/debug" "$@" || true
specs+=("debug:$out/debug:check")

if [ "${ILNP_STOCK:-1}" != 0 ] && [ $# = 0 ]; then
	kver=$(scripts/stock-kver.sh)
	step "stock kernel $kver: build against linux-headers, smoke under QEMU"
	mkdir -p "$out/stock-src"
	cp -r kernel/. "$out/stock-src/"
	make -s -C "/lib/modules/$kver/build" M="$out/stock-src" W=1 modules >&2
	testing/mkinitramfs-stock.sh "$kver" "$out/stock-initrd.gz"
	testing/run-qemu.sh -t 300 -m smoke -i "$out/stock-initrd.gz" \
		"/boot/vmlinuz-$kver" "$out/stock" "$out/stock-src/ilnp.ko" || true
	specs+=("stock:$out/stock:smoke")
fi

step "report"
python3 testing/report.py "${specs[@]}"
