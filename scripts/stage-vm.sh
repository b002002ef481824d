#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Put what the live-migration selftests run as the nested guest V into
# OUTDIR, meant to be the results directory of run-qemu.sh (the guest's
# /mnt; the cache under $HOME is hidden in the guest by a tmpfs):
#
#   bzImage     V's kernel (scripts/build-vm-kernel.sh, cached)
#   ilnp.ko     built against it (W=1, from a copy of kernel/ in OUTDIR/src,
#               so the test kernel's build in kernel/ stays as it is)
#   initrd.img  V's initramfs (uncompressed) with ilnp.ko and the ilnp tool
#   V.cmdline   V's kernel command line (testing/vm-qemu.sh)
#   V.state     V booted to "ILNP-VM: ready" here, under TCG (a few
#               seconds), and saved with QMP migrate to exec:cat: a selftest
#               restores it (-incoming) instead of booting V nested, which
#               takes minutes (TCG inside TCG translates every code block
#               twice); V.console is that boot's console
#   V-ilnp.*    the same with V's locator 2001:db8:1::/64 and the ILNP
#               prefix configured (for selftests/vm_ilnp.sh)
#
#   stage-vm.sh [-n] OUTDIR     -n: no V.state (the selftests then boot V)
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
snapshot=1
[ "${1:-}" = -n ] && { snapshot=0; shift; }
[ $# = 1 ] || { echo "usage: $0 [-n] OUTDIR" >&2; exit 2; }
out=$1
vmk=$("$top/scripts/build-vm-kernel.sh")
rm -rf "$out"
mkdir -p "$out/src"
out=$(cd "$out" && pwd)
(cd "$top/kernel" && find . -name '*.[ch]' -o -name Kbuild | cpio -pdm --quiet "$out/src")
cp "$vmk/arch/x86/boot/bzImage" "$out/bzImage"
make -C "$vmk" M="$out/src" W=1 modules
cp "$out/src/ilnp.ko" "$out/ilnp.ko"
[ $snapshot = 1 ] || exit 0

# shellcheck source=../testing/vm-qemu.sh
source "$top/testing/vm-qemu.sh"
tool=()
[ -x "$top/ilnp-tools/ilnp" ] && tool=(-t "$top/ilnp-tools/ilnp")
"$top/testing/mkinitramfs-vm.sh" -z none -m "$out/ilnp.ko" "${tool[@]}" "$out/initrd.img"
run=$(mktemp -d)
trap 'kill "$(cat "$run/pid" 2>/dev/null)" 2>/dev/null || true; rm -rf "$run"' EXIT
qmp="python3 $top/selftests/qmp.py $run/qmp"

# save NAME CMDLINE-EXTRA: boot V, save it as NAME.state (NAME.cmdline,
# NAME.console beside it).
save()
{
	local name=$1 cmdline

	cmdline=$(vm_cmdline "init_on_free=1 $2")
	echo "$cmdline" >"$out/$name.cmdline"
	vm_argv "$out/bzImage" "$out/initrd.img" "$cmdline"
	rm -f "$run/qmp" "$run/pid"
	# The NIC's backend here is a hub port going nowhere: a backend
	# without state of its own ("user" has some, and a V saved with it
	# restores only with it), and the selftest's tap offers a superset
	# of its virtio-net features; V's command channel is a null device
	# here (a selftest gives it a pipe).  (QEMU warns that the hub goes
	# nowhere, as it should: its messages go to a log shown only when V
	# does not come up.)
	"${VM_ARGV[@]}" -netdev hubport,id=n0,hubid=0 -chardev null,id=vcmd \
		-serial "file:$out/$name.console" \
		-qmp "unix:$run/qmp,server=on,wait=off" -daemonize -pidfile "$run/pid" \
		2>"$run/qemu.log" || { cat "$run/qemu.log" >&2; return 1; }
	for _ in $(seq 600); do
		grep -q '^ILNP-VM: ready' "$out/$name.console" 2>/dev/null && break
		sleep 0.2
	done
	grep -q '^ILNP-VM: ready' "$out/$name.console" ||
		{ echo "stage-vm: $name did not boot:" >&2; cat "$out/$name.console" "$run/qemu.log" >&2; return 1; }
	$qmp stop >/dev/null
	$qmp migrate "{\"uri\": \"exec:cat >$out/$name.state\"}" >/dev/null
	$qmp wait-migrate 60 >"$run/migrate.json" ||
		{ echo "stage-vm: saving $name failed: $(cat "$run/migrate.json")" >&2; return 1; }
	$qmp quit >/dev/null || true
	echo "stage-vm: $name saved, $(stat -c %s "$out/$name.state") bytes" >&2
}

# V: ILNP loaded with its NID only (a plain IPv6 host to a plain
# correspondent).  V-ilnp: also its locator on H1's /64 and the ILNP prefix
# (selftests/vm_ilnp.sh: configuring it after a restore costs a minute or
# more of nested TCG).
save V "ilnp.cmd=nid+add+0:0:0:10"
save V-ilnp "ilnp.cmd=nid+add+0:0:0:10 ilnp.cmd=loc+add+2001:db8:1::/64 ilnp.cmd=prefix+add+2001:db8::/32"
