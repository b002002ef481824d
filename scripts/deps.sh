#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install, with apt-get, whatever the build and the tests need and this
# Debian 12 machine lacks.  Does nothing when all is present.
#
#   deps.sh [build|check|demo|bench]   (default: check)
set -euo pipefail

build=(make gcc libc6-dev pkg-config libnl-3-dev libnl-genl-3-dev
	linux-headers-amd64 kmod)
check=("${build[@]}" bc bison flex libelf-dev libssl-dev cpio xz-utils
	linux-source-6.1 linux-image-amd64 qemu-system-x86 busybox-static
	iproute2 jq python3 tcpdump ethtool nftables socat iputils-ping lz4
	procps sparse util-linux)
demo=("${check[@]}")
bench=("${check[@]}" iperf3 gnuplot-nox)

case ${1:-check} in
build) want=("${build[@]}") ;;
check) want=("${check[@]}") ;;
demo) want=("${demo[@]}") ;;
bench) want=("${bench[@]}") ;;
*) echo "usage: $0 [build|check|demo|bench]" >&2; exit 2 ;;
esac

missing=()
for p in "${want[@]}"; do
	dpkg-query -W -f='${db:Status-Status}\n' "$p" 2>/dev/null | grep -qx installed ||
		missing+=("$p")
done
[ ${#missing[@]} = 0 ] && exit 0

echo "deps: installing ${missing[*]}" >&2
sudo=
if [ "$(id -u)" != 0 ]; then
	command -v sudo >/dev/null || { echo "deps: need root to install: ${missing[*]}" >&2; exit 1; }
	sudo=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >&2
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
