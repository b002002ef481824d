#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# PID 1 of a test guest (see run-qemu.sh).  The root file system is the
# host's, read-only over 9p: give the guest its own writable /tmp, /run, /var
# and /root, mount the results share, run guest-run.sh, then power off.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root TERM=${TERM:-linux}

mount -t proc proc /proc || echo "guest-init: cannot mount /proc" >/dev/console
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mkdir -p /dev/pts /dev/shm 2>/dev/null
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /dev/shm
mount -t debugfs debugfs /sys/kernel/debug
# The repository may live under one of the directories about to get a
# tmpfs of its own (a CI clone in /tmp, say): hold it aside, put it back.
held=
for d in /tmp /run /var/tmp /var/lib /var/log /root; do
	case $ILNP_TOP/ in "$d"/*) held=/dev/shm/ilnp-top ;; esac
done
if [ -n "$held" ]; then
	mkdir -p "$held"
	mount --bind "$ILNP_TOP" "$held"
fi
for d in /tmp /run /var/tmp /var/lib /var/log /root; do
	mount -t tmpfs -o mode=1777 tmpfs "$d"
done
if [ -n "$held" ]; then
	mkdir -p "$ILNP_TOP"
	mount --move "$held" "$ILNP_TOP"
fi
mkdir -p /run/netns /run/lock
mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000 results /mnt
hostname ilnp-guest
ip link set lo up

"$ILNP_TOP/testing/guest-run.sh" >/dev/console 2>&1
echo "guest-init: guest-run.sh exited $?" >/dev/console
sync
# With -no-reboot, a reboot ends QEMU (poweroff -f would only halt).
echo b >/proc/sysrq-trigger
reboot -f
