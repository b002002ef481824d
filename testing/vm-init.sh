#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# /init of "V", the nested guest of the live-migration selftests (packed by
# testing/mkinitramfs-vm.sh; busybox sh).  Brings up lo and eth0 from the
# kernel command line, loads /ilnp.ko when there is one, runs ilnp commands,
# /etc/rc.vm, then serves:
#
#   TCP 7   echo (what a correspondent streams comes back, byte for byte)
#   TCP 9   discard (a sink)
#   TCP 8   status: one line "ILNP-VM: status uptime=S addrs=A,B" to the
#           client and to the console (so a console log shows where V runs)
#   TCP 10  diagnostics: links, addresses, routes, neighbours, sockets and
#           counters, for a test that cannot read V's console
#
# and runs each line the host writes to the virtio-serial port
# org.ilnp.cmd as a shell command (testing/vm-qemu.sh), console markers
# "vcmd N: LINE" and "vcmd N rc=R" (N counts from 1): the hypervisor's way
# into V when V's network is what is being changed.
#
# Command line (these have a dot, so the kernel keeps them out of init's
# environment; read from /proc/cmdline):
#
#   ilnp.addr=A/LEN[,A/LEN...]  IPv6 addresses on eth0 (optimistic DAD)
#   ilnp.gw=ADDR                default route via ADDR on eth0
#   ilnp.ra=0|1                 accept router advertisements (default 1)
#   ilnp.load=0                 do not insmod /ilnp.ko even when present
#   ilnp.cmd=W1+W2+...          run "ilnp W1 W2 ..." (repeatable, in order)
#   ilnp.dmesg=1                copy the kernel log to the console once
#                               ready (boot with "quiet", read the timeline
#                               afterwards: printing it live is slow nested)
#
# Console markers, one line each, all starting "ILNP-VM: ": "userspace
# uptime=S" first, "ready uptime=S" once every server listens; "insmod ...",
# "cmd ... rc=N" and "rc.vm rc=N" on the way.
#
# Under TCG inside TCG every fork+exec costs a good fraction of a second:
# this script uses shell builtins (read, echo into /proc) where it can.
export PATH=/bin
mount -a			# /etc/fstab: proc, sysfs, devtmpfs
exec </dev/console >/dev/console 2>&1

say() { echo "ILNP-VM: $*"; }
up() { read -r UP _ </proc/uptime; }
up
say "userspace uptime=$UP"

read -r cmdline </proc/cmdline
addrs= gw= ra=1 load=1 cmds= dmesg=0
for arg in $cmdline; do
	case $arg in
	ilnp.addr=*) addrs=${arg#*=} ;;
	ilnp.gw=*) gw=${arg#*=} ;;
	ilnp.ra=*) ra=${arg#*=} ;;
	ilnp.load=*) load=${arg#*=} ;;
	ilnp.cmd=*) cmds="$cmds ${arg#*=}" ;;
	ilnp.dmesg=*) dmesg=${arg#*=} ;;
	esac
done

echo v >/proc/sys/kernel/hostname
ip link set lo up
c=/proc/sys/net/ipv6/conf
echo 1 >$c/all/optimistic_dad
echo 1 >$c/default/optimistic_dad
if [ -d $c/eth0 ]; then
	echo 1 >$c/eth0/optimistic_dad
	echo "$ra" >$c/eth0/accept_ra
	ip link set eth0 up
	IFS=,
	for a in $addrs; do
		ip -6 addr add "$a" dev eth0 || say "cannot add $a"
	done
	unset IFS
	[ -n "$gw" ] && { ip -6 route add default via "$gw" dev eth0 || say "cannot route via $gw"; }
else
	say "no eth0"
fi

if [ -f /ilnp.ko ] && [ "$load" != 0 ]; then
	if insmod /ilnp.ko; then say "insmod ilnp.ko ok"; else say "insmod ilnp.ko failed"; fi
fi
for c in $cmds; do
	IFS=+
	# shellcheck disable=SC2086 # word splitting on + is the point
	set -- $c
	unset IFS
	ilnp "$@"
	say "cmd ilnp $* rc=$?"
done
if [ -x /etc/rc.vm ]; then
	/etc/rc.vm
	say "rc.vm rc=$?"
fi

# The command channel: its /dev node is named after the port's number.
vport=
for p in /sys/class/virtio-ports/*; do
	[ -r "$p/name" ] || continue
	read -r name <"$p/name"
	[ "$name" = org.ilnp.cmd ] && vport=/dev/${p##*/}
done
if [ -n "$vport" ]; then
	(
		n=0
		while :; do
			while read -r line; do
				n=$((n + 1))
				say "vcmd $n: $line"
				eval "$line" </dev/null
				say "vcmd $n rc=$?"
			done <"$vport"
			# End of file: no host on the other end yet.
			sleep 1
		done
	) &
else
	say "no command channel"
fi

nc -ll -p 7 -e cat &
nc -ll -p 9 -e /bin/vm-discard &
nc -ll -p 8 -e /bin/vm-status &
nc -ll -p 10 -e /bin/vm-diag &
# Ready once all four listen: local ports 7-10 in state 0A (LISTEN).
i=0
while [ $i -lt 100 ]; do
	n=0
	while read -r _ l _ st _; do
		case $l:$st in *:0007:0A|*:0008:0A|*:0009:0A|*:000A:0A) n=$((n + 1)) ;; esac
	done </proc/net/tcp6
	[ $n -ge 4 ] && break
	sleep 0.1
	i=$((i + 1))
done
up
say "ready uptime=$UP"
[ "$dmesg" = 1 ] && dmesg | sed 's/^/ILNP-VM: dmesg: /'

# PID 1 must not exit.
while :; do
	sleep 3600
done
