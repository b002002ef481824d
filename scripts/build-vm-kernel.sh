#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build (or reuse) the kernel of "V", the small guest that the live-migration
# selftests boot inside the test guest: Debian's linux-source-6.1 with
# allnoconfig + testing/vm-kernel.config.  Cached like the test kernel
# (scripts/build-kernel.sh) in $ILNP_CACHE/vmkernel-<key>, where <key>
# hashes the fragment, the source package version and $recipe; bump $recipe
# whenever a change here changes what gets built.  Both scripts take the same
# lock, so two kernel builds never share the two cores.
#
# Prints the build directory on stdout: arch/x86/boot/bzImage is V's kernel,
# and the directory is usable as KERNELDIR (make -C DIR M=REPO modules).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cache=${ILNP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ilnp}
src_tar=/usr/src/linux-source-6.1.tar.xz
frag=$top/testing/vm-kernel.config
recipe=1

[ -r "$src_tar" ] || { echo "build-vm-kernel: $src_tar missing (apt-get install linux-source-6.1)" >&2; exit 1; }

srcver=$(dpkg-query -W -f='${Version}' linux-source-6.1)
key=$( { echo "$srcver $recipe"; cat "$frag"; } | sha256sum | cut -c1-16)
out=$cache/vmkernel-$key

if [ -f "$out/.ilnp-done" ]; then
	echo "$out"
	exit 0
fi

mkdir -p "$cache"
exec 9>"$cache/.lock"
flock 9
if [ -f "$out/.ilnp-done" ]; then
	echo "$out"
	exit 0
fi

echo "build-vm-kernel: building V's kernel $key (linux-source $srcver), ~6 min cold" >&2
t0=$(date +%s)
rm -rf "$out" "$out.tmp"
mkdir -p "$out.tmp"
tar -C "$out.tmp" --strip-components=1 -xf "$src_tar"
cd "$out.tmp"
make -s ARCH=x86_64 KCONFIG_ALLCONFIG="$frag" allnoconfig >&2
# Every line of the fragment must have survived Kconfig (a dropped
# VIRTIO_NET, say, would only show as a V that never answers).
missing=0
while IFS= read -r line; do
	case "$line" in CONFIG_*=*) ;; *) continue ;; esac
	opt=${line%%=*} val=${line#*=}
	if [ "$val" = n ]; then
		grep -q "^$opt=" .config && { echo "build-vm-kernel: $opt should be off" >&2; missing=1; }
	else
		grep -qx "$line" .config || { echo "build-vm-kernel: $line did not stick" >&2; missing=1; }
	fi
done < "$frag"
[ $missing = 0 ] || exit 1
make -s -j"$(nproc)" ARCH=x86_64 bzImage modules_prepare >&2
# Nothing is built as a module: vmlinux's symbol versions are all that
# out-of-tree modules link against.
cp vmlinux.symvers Module.symvers
# Keep only what KERNELDIR builds and QEMU boots need.
find . -name '*.o' ! -path './scripts/*' ! -path './tools/*' -delete
echo "$(( $(date +%s) - t0 ))" >.ilnp-build-secs
touch .ilnp-done
cd /
mv "$out.tmp" "$out"
echo "build-vm-kernel: done in $(cat "$out/.ilnp-build-secs")s" >&2
echo "$out"
