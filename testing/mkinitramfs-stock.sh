#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A minimal initramfs for booting Debian's stock kernel in the test guest:
# busybox, the modules needed to mount the host root over virtio-9p, and an
# /init that mounts it and hands over to the init= program on the command
# line (testing/guest-init.sh).
#
#   mkinitramfs-stock.sh KVER OUTFILE
set -euo pipefail

kver=$1 outfile=$2
busybox=$(command -v busybox) || { echo "busybox missing (apt-get install busybox-static)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work"/{bin,dev,proc,sys,newroot,lib/modules}
cp "$busybox" "$work/bin/busybox"
: >"$work/modules"
for m in virtio_pci 9pnet_virtio 9p; do
	modprobe -S "$kver" --show-depends "$m" | awk '$1 == "insmod" { print $2 }'
done | awk '!seen[$0]++' | while read -r ko; do
	cp "$ko" "$work/lib/modules/"
	echo "/lib/modules/$(basename "$ko")" >>"$work/modules"
done

cat >"$work/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
while read -r ko; do insmod "$ko"; done </modules
init=/sbin/init
for arg in $(cat /proc/cmdline); do
	case $arg in init=*) init=${arg#init=} ;; esac
done
mount -t 9p -o ro,trans=virtio,version=9p2000.L,msize=512000,cache=loose \
	hostroot /newroot || { echo "initramfs: cannot mount hostroot"; reboot -f; }
umount /proc /sys /dev
exec switch_root /newroot "$init"
INIT
chmod +x "$work/init"
(cd "$work" && find . | cpio -o -H newc --quiet | gzip -1) >"$outfile"
