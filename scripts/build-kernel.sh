#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build (or reuse) the ILNP test kernel: Debian's linux-source-6.1 with
# allnoconfig + testing/kernel.config.  The result lives outside the clone in
# $ILNP_CACHE/kernel-<key>, where <key> hashes the fragment, the source
# package version and $recipe, so every clone and every CI run shares it.
# Bump $recipe whenever a change here changes what gets built.
#
# Prints the build directory (usable as KERNELDIR) on stdout.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cache=${ILNP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ilnp}
src_tar=/usr/src/linux-source-6.1.tar.xz
frag=$top/testing/kernel.config
recipe=2

[ -r "$src_tar" ] || { echo "build-kernel: $src_tar missing (apt-get install linux-source-6.1)" >&2; exit 1; }

srcver=$(dpkg-query -W -f='${Version}' linux-source-6.1)
key=$( { echo "$srcver $recipe"; cat "$frag"; } | sha256sum | cut -c1-16)
out=$cache/kernel-$key

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

echo "build-kernel: building test kernel $key (linux-source $srcver), ~6 min cold" >&2
rm -rf "$out" "$out.tmp"
mkdir -p "$out.tmp"
tar -C "$out.tmp" --strip-components=1 -xf "$src_tar"
cd "$out.tmp"
make -s ARCH=x86_64 KCONFIG_ALLCONFIG="$frag" allnoconfig >&2
# Every line of the fragment must have survived Kconfig; a silently dropped
# option would leave tests running without the debug feature they rely on.
missing=0
while IFS= read -r line; do
	case "$line" in CONFIG_*=*) ;; *) continue ;; esac
	opt=${line%%=*} val=${line#*=}
	if [ "$val" = n ]; then
		grep -q "^$opt=" .config && { echo "build-kernel: $opt should be off" >&2; missing=1; }
	else
		grep -qx "$line" .config || { echo "build-kernel: $line did not stick" >&2; missing=1; }
	fi
done < "$frag"
[ $missing = 0 ] || exit 1
make -s -j"$(nproc)" ARCH=x86_64 bzImage modules_prepare >&2
# Nothing is built as a module, so the symbol versions of vmlinux are all
# that out-of-tree modules link against.
cp vmlinux.symvers Module.symvers
# Keep only what KERNELDIR builds and QEMU boots need.
find . -name '*.o' ! -path './scripts/*' ! -path './tools/*' -delete
touch .ilnp-done
cd /
mv "$out.tmp" "$out"
echo "$out"
