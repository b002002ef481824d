#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The version of Debian's stock kernel (linux-image-amd64) installed here,
# e.g. 6.1.0-56-amd64: the newest one with both an image and headers.
set -euo pipefail
for v in $(ls /boot/vmlinuz-*-amd64 2>/dev/null | sed 's|/boot/vmlinuz-||' | sort -V -r); do
	if [ -d "/lib/modules/$v/build" ]; then
		echo "$v"
		exit 0
	fi
done
echo "stock-kver: no linux-image-amd64 with matching linux-headers-amd64" >&2
exit 1
