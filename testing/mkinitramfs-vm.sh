#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The initramfs of "V", the nested guest of the live-migration selftests:
# busybox-static, a small /init (testing/vm-init.sh), and optionally ilnp.ko
# (built against V's kernel, scripts/build-vm-kernel.sh), the ilnp tool with
# the shared libraries ldd lists, and a script /init runs once the network is
# up.  No 9p, no disk: V lives in RAM, so QEMU can migrate it.
#
#   mkinitramfs-vm.sh [-m ILNP_KO] [-t ILNP_TOOL] [-r RCFILE] [-f SRC:DEST]...
#                     [-z gzip|none] OUT
#
#   -m ILNP_KO    put the module at /ilnp.ko (V's /init loads it)
#   -t ILNP_TOOL  put the ilnp command at /bin/ilnp, with its libraries
#   -r RCFILE     run as /etc/rc.vm by /init after the network is up
#   -f SRC:DEST   any other file (e.g. a helper binary), copied to DEST
#   -z METHOD     compression (default gzip; "none" is a plain cpio, which
#                 the kernel unpacks faster than it inflates gzip)
#
# What /init does with the kernel command line is described in vm-init.sh.
# Takes about a second on the host (and a few inside the test guest).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
ko= tool= rc= extra=() z=gzip
while getopts m:t:r:f:z: opt; do
	case $opt in
	m) ko=$OPTARG ;;
	t) tool=$OPTARG ;;
	r) rc=$OPTARG ;;
	f) extra+=("$OPTARG") ;;
	z) z=$OPTARG ;;
	*) exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# = 1 ] || { echo "usage: $0 [-m ILNP_KO] [-t ILNP_TOOL] [-r RCFILE] [-f SRC:DEST]... [-z gzip|none] OUT" >&2; exit 2; }
case $z in
gzip) compress=(gzip -6) ;;
none) compress=(cat) ;;
*) echo "mkinitramfs-vm: -z gzip or -z none" >&2; exit 2 ;;
esac
outfile=$1

busybox=/bin/busybox
[ -x "$busybox" ] || busybox=$(command -v busybox) ||
	{ echo "mkinitramfs-vm: busybox missing (apt-get install busybox-static)" >&2; exit 1; }
# A dynamically linked busybox (Debian's "busybox" package) would need its
# libraries; insist on the static one.
if ldd "$busybox" >/dev/null 2>&1; then
	echo "mkinitramfs-vm: $busybox is not static (apt-get install busybox-static)" >&2
	exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work"/{bin,dev,etc,proc,sys,tmp,run}
cp "$busybox" "$work/bin/busybox"
for a in $("$busybox" --list); do
	[ "$a" = busybox ] || ln -s busybox "$work/bin/$a"
done
ln -s bin "$work/sbin"
cp "$top/testing/vm-init.sh" "$work/init"
chmod 755 "$work/init"
# The kernel opens /dev/console for init before anything mounts devtmpfs.
mknod -m 600 "$work/dev/console" c 5 1 2>/dev/null || true
cat >"$work/etc/fstab" <<'EOF'
proc	/proc	proc	defaults	0 0
sysfs	/sys	sysfs	defaults	0 0
devtmpfs	/dev	devtmpfs	defaults	0 0
EOF
# The services /init starts (see vm-init.sh).
cat >"$work/bin/vm-status" <<'EOF'
#!/bin/sh
# Builtins only (no fork): global addresses from /proc/net/if_inet6, in
# full (unabbreviated) form.
read -r up _ </proc/uptime
a=
while read -r hex _ len scope _ dev; do
	[ "$dev" = eth0 ] && [ "$scope" = 00 ] || continue
	x=
	while [ -n "$hex" ]; do
		rest=${hex#????}
		x=$x${x:+:}${hex%"$rest"}
		hex=$rest
	done
	a=$a${a:+,}$x/$((0x$len))
done </proc/net/if_inet6
s="ILNP-VM: status uptime=$up addrs=$a"
echo "$s"
echo "$s" >/dev/console
EOF
printf '#!/bin/sh\nexec cat >/dev/null\n' >"$work/bin/vm-discard"
cat >"$work/bin/vm-diag" <<'EOF'
#!/bin/sh
# What V's network stack thinks, for a test that cannot see V's console.
exec 2>&1
read -r up _ </proc/uptime
echo "uptime $up"
ip -s link show dev eth0
ip -6 addr show dev eth0
ip -6 route
ip -6 neigh
netstat -tn
grep -E 'Ip6(InReceives|InDelivers|OutRequests|InDiscards|InNoRoutes)|Icmp6(InEchos|OutEchoReplies|InMsgs|OutMsgs|InErrors)|Tcp6|Udp6InErrors' /proc/net/snmp6
cat /proc/net/snmp | grep -A1 '^Tcp:'
ps
EOF
chmod 755 "$work/bin/vm-status" "$work/bin/vm-discard" "$work/bin/vm-diag"

# copy_with_libs SRC DEST: SRC at DEST, and every library ldd lists for it
# at the same path as on this system.
copy_with_libs()
{
	local src=$1 dest=$2 lib
	install -D -m 755 "$src" "$work$dest"
	for lib in $(ldd "$src" 2>/dev/null | grep -o '/[^ ]*'); do
		[ -e "$work$lib" ] && continue
		install -D -m 755 "$(readlink -f "$lib")" "$work$lib"
	done
}

[ -n "$ko" ] && install -m 644 "$ko" "$work/ilnp.ko"
[ -n "$tool" ] && copy_with_libs "$tool" /bin/ilnp
[ -n "$rc" ] && install -m 755 "$rc" "$work/etc/rc.vm"
for f in "${extra[@]}"; do
	copy_with_libs "${f%%:*}" "${f#*:}"
done

(cd "$work" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0 | "${compress[@]}") >"$outfile.tmp"
mv "$outfile.tmp" "$outfile"
