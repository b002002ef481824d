#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build (or reuse) a kernel from Debian's linux-source-6.1 with allnoconfig
# plus a fragment:
#
#   build-kernel.sh        the ILNP test kernel (testing/kernel.config)
#   build-kernel.sh vm     the kernel of V, the nested guest of the
#                          live-migration selftests (testing/vm-kernel.config)
#
# The result lives outside the clone in $ILNP_CACHE/kernel-<key> (V's:
# vmkernel-<key>), where <key> hashes the fragment, the source package
# version and the kind's $recipe, so every clone and every CI run shares it.
# Bump $recipe whenever a change here changes what gets built.  Every build
# takes the same lock, so two kernel builds never share the two cores.
#
# Prints the build directory (usable as KERNELDIR) on stdout.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cache=${ILNP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ilnp}
src_tar=/usr/src/linux-source-6.1.tar.xz
case ${1:-test} in
test)	frag=$top/testing/kernel.config recipe=2 kind=kernel me=build-kernel what="the test kernel" ;;
vm)	frag=$top/testing/vm-kernel.config recipe=1 kind=vmkernel me=build-vm-kernel what="V's kernel" ;;
*)	echo "usage: $0 [vm]" >&2; exit 2 ;;
esac

[ -r "$src_tar" ] || { echo "$me: $src_tar missing (apt-get install linux-source-6.1)" >&2; exit 1; }

srcver=$(dpkg-query -W -f='${Version}' linux-source-6.1)
key=$( { echo "$srcver $recipe"; cat "$frag"; } | sha256sum | cut -c1-16)
out=$cache/$kind-$key

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

echo "$me: building $what $key (linux-source $srcver), minutes cold" >&2
t0=$(date +%s)
rm -rf "$out" "$out.tmp"
mkdir -p "$out.tmp"
tar -C "$out.tmp" --strip-components=1 -xf "$src_tar"
cd "$out.tmp"
make -s ARCH=x86_64 KCONFIG_ALLCONFIG="$frag" allnoconfig >&2
# Every line of the fragment must have survived Kconfig; a silently dropped
# option would leave tests running without the feature they rely on (a
# debug check, or V's VIRTIO_NET: a V that never answers).
missing=0
while IFS= read -r line; do
	case "$line" in CONFIG_*=*) ;; *) continue ;; esac
	opt=${line%%=*} val=${line#*=}
	if [ "$val" = n ]; then
		grep -q "^$opt=" .config && { echo "$me: $opt should be off" >&2; missing=1; }
	else
		grep -qx "$line" .config || { echo "$me: $line did not stick" >&2; missing=1; }
	fi
done < "$frag"
[ $missing = 0 ] || exit 1
make -s -j"$(nproc)" ARCH=x86_64 bzImage modules_prepare >&2
# Nothing is built as a module, so the symbol versions of vmlinux are all
# that out-of-tree modules link against.
cp vmlinux.symvers Module.symvers
# Keep only what KERNELDIR builds and QEMU boots need.
find . -name '*.o' ! -path './scripts/*' ! -path './tools/*' -delete
echo "$(( $(date +%s) - t0 ))" >.ilnp-build-secs
touch .ilnp-done
cd /
mv "$out.tmp" "$out"
echo "$me: done in $(cat "$out/.ilnp-build-secs")s" >&2
echo "$out"
