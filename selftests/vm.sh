#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A nested guest "V" for the live-migration selftests (source after lib.sh).
# V boots under qemu-system-x86_64 -accel tcg inside the test guest from its
# own small kernel (scripts/build-vm-kernel.sh) and an initramfs
# (testing/mkinitramfs-vm.sh): no disk, no 9p, so QEMU can migrate it.
#
#   CN ── R ── seg (bridge in R, one L2 segment) ──┬── H1: br0 ── tapv ── V
#                                                  └── H2: br0 ── tapv
#
#   CN  2001:db8:c::200/64, default route via R (2001:db8:c::1)
#   R   forwards; 2001:db8:1::1/64 on its bridge "seg"
#   H1, H2  the two "hypervisors": a bridge br0 with the uplink to R and a
#       persistent tap "tapv" for V's NIC (same name in both namespaces)
#   V   2001:db8:1::10/64 (VM_ADDR), MAC 52:54:00:00:00:10 on both sides
#
# For the ILNP tests the two hypervisors sit on different /64s: give
# vm_topo_setup VM_SEGMENTS=2 (R routes 2001:db8:1::/64 to H1 and
# 2001:db8:2::/64 to H2, no shared segment).
#
#   vm_topo_setup               namespaces $CN $R $H1 $H2, links, addresses
#   vm_find_kernel              sets VM_KERNEL (bzImage), VM_KO (ilnp.ko
#                               built against it, or empty) and VM_STATE (a
#                               saved booted V, or empty) from what
#                               scripts/stage-vm.sh put in /mnt/vm, or skips
#   vm_initramfs OUT [ARGS...]  testing/mkinitramfs-vm.sh ARGS OUT
#   vm_qemu NS NAME [QEMU-ARGS] start QEMU for V in NS, in the background;
#                               files $VM_DIR/NAME.{console,qmp,log,pid};
#                               kernel $VM_KERNEL, initramfs $VM_INITRD,
#                               command line $VM_CMDLINE
#   vm_boot NS NAME             vm_qemu + wait for "ILNP-VM: ready" on the
#                               console; sets VM_BOOT_UPTIME (V's uptime
#                               when userspace began) and VM_BOOT_WALL
#   vm_restore NS NAME          vm_qemu -incoming exec:cat $VM_STATE, wait
#                               until V runs; sets VM_BOOT_WALL
#   vm_incoming NS NAME         vm_qemu with -incoming unix:$VM_DIR/NAME.mig
#   vm_migrate FROM TO          QMP migrate FROM -> TO and wait; the final
#                               query-migrate reply in $VM_DIR/migrate.json
#   vm_migrate_check FROM TO WHAT   vm_migrate as one test result (WHAT:
#                               "H1 -> H2"), QEMU's times printed
#   vm_qmp NAME CMD [JSON]      one QMP command
#   vm_quit NAME                QMP quit, wait for the process
#   vm_console_has NAME ERE     the console log of NAME matches ERE
#   vm_ping ADDR                one echo reply from ADDR to CN within 90 s
#   vm_stream_start ADDR        CN streams TCP through ADDR's echo port
#                               (ilnp_traffic.py tcp-echo, in the
#                               background); waits for the first echo
#   vm_stream_echoed            bytes echoed so far
#   vm_stream_flows BYTES SECS  until more than BYTES were echoed
#   vm_stream_end DESC          stop the stream, wait for its last byte;
#                               one result DESC: no reset, every byte in
#                               order; its report printed
#   vm_diag NAME                after a failure: V's addresses, routes,
#                               neighbours, sockets and ILNP state (over the
#                               command channel), its console's tail, CN's
#                               ILNP state, as "# " lines
#   vm_at WHAT                  "# at Ns: WHAT" (N since vm.sh was sourced)
#   vm_secs T0 T1               T1 - T0 (date +%s.%N values), 0.1 s
#   vm_cmd NAME CMD [SECS]      run the shell command CMD inside V (NAME's
#                               QEMU) over V's command channel, wait for its
#                               exit status on the console (default 120 s)
#                               and return it
#
# The machine itself (memory, CPU model, devices, MAC, command line) is
# testing/vm-qemu.sh's.  Environment: VM_MEM (MiB, default 64), VM_ADDR,
# VM_QEMU_EXTRA (an array of extra QEMU arguments, identical on both sides),
# VM_KEEP=1 (leave $VM_DIR for a post-mortem).

source "$(dirname "${BASH_SOURCE[0]}")/../testing/vm-qemu.sh"
VM_DIR=$(mktemp -d /tmp/vm.XXXXXX)
VM_CN_ADDR=2001:db8:c::200
VM_INITRD=$VM_DIR/initrd.img
VM_CMDLINE=$(vm_cmdline)
VM_SEGMENTS=${VM_SEGMENTS:-1}
VM_NAMES=()
[ -n "${VM_QEMU_EXTRA+set}" ] || VM_QEMU_EXTRA=()
qmp="python3 $(dirname "${BASH_SOURCE[0]}")/qmp.py"

vm_cleanup()
{
	local n pid

	for n in "${VM_NAMES[@]}"; do
		pid=$(cat "$VM_DIR/$n.pid" 2>/dev/null) || continue
		kill "$pid" 2>/dev/null
	done
	for n in "${VM_NAMES[@]}"; do
		pid=$(cat "$VM_DIR/$n.pid" 2>/dev/null) || continue
		for _ in 1 2 3 4 5 6 7 8 9 10; do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.2
		done
		kill -9 "$pid" 2>/dev/null
	done
	[ -n "${CAPTURE_PID:-}" ] && kill "$CAPTURE_PID" 2>/dev/null
	if [ -n "${VM_KEEP:-}" ]; then
		echo "# VM_KEEP: logs left in $VM_DIR"
	else
		rm -rf "$VM_DIR"
	fi
}
trap 'vm_cleanup; cleanup_all_ns' EXIT
# A selftest killed by guest-run.sh's timeout must not leave QEMU running.
trap 'exit 143' TERM INT

# The network in a few ip -batch runs (a process costs a good part of a
# second in the test guest).  Each hypervisor: a bridge br0 with the
# uplink to R and the tap, no IPv6 of its own.
vm_topo_setup()
{
	local h r=() rsys

	setup_ns CN R H1 H2 || return 1
	printf '%s\n' "link add name l0 netns $CN type veth peer name cn netns $R" \
		"link add name up0 netns $H1 type veth peer name h1 netns $R" \
		"link add name up0 netns $H2 type veth peer name h2 netns $R" |
		ip -batch - || return 1
	printf '%s\n' "addr add $VM_CN_ADDR/64 dev l0 nodad" "link set l0 up" \
		"route add default via 2001:db8:c::1" | ip -n "$CN" -batch - || return 1
	for h in "$H1" "$H2"; do
		nsx "$h" sysctl -qw net.ipv6.conf.default.disable_ipv6=1 \
			net.ipv6.conf.up0.disable_ipv6=1 &&
			printf '%s\n' "link add br0 type bridge" "tuntap add dev tapv mode tap" \
				"link set up0 master br0 up" "link set tapv master br0 up" \
				"link set br0 up" | ip -n "$h" -batch - || return 1
	done
	r=("addr add 2001:db8:c::1/64 dev cn nodad" "link set cn up")
	# V answers a neighbour solicitation only after tens of seconds right
	# after a restore or a migration (nested TCG): R keeps asking for 30 s
	# instead of 3 before it reports V unreachable.
	rsys="net.ipv6.conf.all.forwarding=1"
	if [ "$VM_SEGMENTS" = 1 ]; then
		r+=("link add seg type bridge" "link set h1 master seg" "link set h2 master seg"
			"addr add $VM_GW/64 dev seg nodad" "link set seg up")
		rsys+=" net.ipv6.neigh.seg.mcast_solicit=30 net.ipv6.neigh.seg.ucast_solicit=30"
	else
		r+=("addr add 2001:db8:1::1/64 dev h1 nodad" "addr add 2001:db8:2::1/64 dev h2 nodad")
		rsys+=" net.ipv6.neigh.h1.mcast_solicit=30 net.ipv6.neigh.h1.ucast_solicit=30"
		rsys+=" net.ipv6.neigh.h2.mcast_solicit=30 net.ipv6.neigh.h2.ucast_solicit=30"
	fi
	r+=("link set h1 up" "link set h2 up")
	# shellcheck disable=SC2086
	printf '%s\n' "${r[@]}" | ip -n "$R" -batch - && nsx "$R" sysctl -qw $rsys
}

vm_find_kernel()
{
	local d

	VM_KERNEL=${ILNP_VM_KERNEL:-/mnt/vm/bzImage}
	[ -r "$VM_KERNEL" ] ||
		skip_all "V's kernel $VM_KERNEL is missing (scripts/stage-vm.sh; make check stages it in the results dir, set ILNP_VM_KERNEL otherwise)"
	d=$(dirname "$VM_KERNEL")
	VM_KO=$d/ilnp.ko VM_STATE=$d/V.state
	[ -r "$VM_KO" ] || VM_KO=
	[ -r "$VM_STATE" ] && [ -r "$d/initrd.img" ] && [ -r "$d/V.cmdline" ] || VM_STATE=
}

vm_initramfs()
{
	local out=$1
	shift
	"$ILNP_TOP/testing/mkinitramfs-vm.sh" "$@" "$out"
}

vm_qemu()
{
	local ns=$1 name=$2 f
	shift 2
	f=$VM_DIR/$name
	VM_NAMES+=("$name")
	vm_argv "$VM_KERNEL" "$VM_INITRD" "$VM_CMDLINE"
	mkfifo "$f.cmd.in" "$f.cmd.out" || return 1
	# Not -daemonize: that sends QEMU's errors (a failed incoming
	# migration, say) to /dev/null.  ip netns exec execs QEMU: $! is it.
	ip netns exec "$ns" "${VM_ARGV[@]}" \
		-netdev tap,id=n0,ifname=tapv,script=no,downscript=no \
		"${VM_QEMU_EXTRA[@]}" \
		-chardev "pipe,id=vcmd,path=$f.cmd" \
		-serial "file:$f.console" \
		-qmp "unix:$f.qmp,server=on,wait=off" \
		"$@" </dev/null >"$f.log" 2>&1 &
	echo $! >"$f.pid"
	# Up once the QMP socket is there (or QEMU is gone).
	while [ ! -S "$f.qmp" ]; do
		kill -0 $! 2>/dev/null || return 1
		sleep 0.5
	done
}

# vm_wait_console NAME ERE SECS: until the console of NAME matches ERE (or
# its QEMU is gone).  One grep a second: forks are dear in the test guest.
vm_wait_console()
{
	local end=$((SECONDS + $3)) pid

	pid=$(cat "$VM_DIR/$1.pid" 2>/dev/null)
	while [ $SECONDS -lt $end ]; do
		grep -qE "$2" "$VM_DIR/$1.console" 2>/dev/null && return 0
		kill -0 "$pid" 2>/dev/null || return 1
		sleep 1
	done
	return 1
}

vm_console_has()
{
	grep -qE "$2" "$VM_DIR/$1.console" 2>/dev/null
}

# V counts the commands it ran (that count migrates with it).
VM_NCMD=0
vm_cmd()
{
	local rc fd

	VM_NCMD=$((VM_NCMD + 1))
	# Read-write: opening a FIFO never blocks so (a write-only open would
	# wait for ever for a QEMU that is gone).
	exec {fd}<>"$VM_DIR/$1.cmd.in" || return 1
	printf '%s\n' "$2" >&$fd
	exec {fd}>&-
	vm_wait_console "$1" "^ILNP-VM: vcmd $VM_NCMD rc=" "${3:-120}" || return 1
	rc=$(sed -n "s/^ILNP-VM: vcmd $VM_NCMD rc=\([0-9]*\).*/\1/p" "$VM_DIR/$1.console")
	return "${rc:-1}"
}

vm_boot()
{
	local ns=$1 name=$2 t0
	shift 2
	t0=$(date +%s.%N)
	vm_qemu "$ns" "$name" "$@" || return 1
	vm_wait_console "$name" '^ILNP-VM: ready' "${VM_BOOT_TIMEOUT:-900}" || return 1
	VM_BOOT_WALL=$(echo "$(date +%s.%N) - $t0" | bc)
	VM_BOOT_UPTIME=$(sed -n 's/^ILNP-VM: userspace uptime=//p' "$VM_DIR/$name.console")
}

vm_restore()
{
	local ns=$1 name=$2 t0
	t0=$(date +%s.%N)
	vm_qemu "$ns" "$name" -incoming "exec:cat $VM_STATE" || return 1
	# V was saved stopped: it comes in paused, and runs on "cont".
	vm_qmp "$name" wait-status paused "${VM_BOOT_TIMEOUT:-300}" >/dev/null &&
		vm_qmp "$name" cont >/dev/null &&
		vm_qmp "$name" wait-status running 30 >/dev/null || return 1
	VM_BOOT_WALL=$(echo "$(date +%s.%N) - $t0" | bc)
}

vm_incoming()
{
	vm_qemu "$1" "$2" -incoming "unix:$VM_DIR/$2.mig"
}

# vm_migrate_check FROM TO WHAT: vm_migrate as one result, QEMU's times
# printed.
vm_migrate_check()
{
	vm_migrate "$1" "$2"
	log_test $? "QMP migrate $3: status completed ($(jq -r .status "$VM_DIR/migrate.json" 2>/dev/null))"
	jq -r '"# migration: total \(."total-time") ms, downtime \(.downtime) ms, setup \(."setup-time") ms, \(.ram.transferred / 1048576 | floor) MiB sent at \(.ram.mbps | floor) Mbit/s"' \
		"$VM_DIR/migrate.json" 2>/dev/null
}

vm_qmp()
{
	local name=$1
	shift
	$qmp "$VM_DIR/$name.qmp" "$@"
}

vm_migrate()
{
	vm_qmp "$1" migrate "{\"uri\": \"unix:$VM_DIR/$2.mig\"}" >/dev/null || return 1
	vm_qmp "$1" wait-migrate "${VM_MIGRATE_TIMEOUT:-120}" >"$VM_DIR/migrate.json"
}

vm_quit()
{
	local pid

	pid=$(cat "$VM_DIR/$1.pid" 2>/dev/null) || return 0
	vm_qmp "$1" quit >/dev/null 2>&1
	for _ in $(seq 50); do
		kill -0 "$pid" 2>/dev/null || return 0
		sleep 0.2
	done
	kill -9 "$pid" 2>/dev/null
	return 1
}

vm_now() { date +%s.%N; }
VM_T0=$(vm_now)
vm_secs() { printf '%.1f' "$(echo "$2 - $1" | bc)"; }
# A test cut short by its timeout still says where the time went.
vm_at() { log_info "at $(vm_secs "$VM_T0" "$(vm_now)")s: $*"; }

# V runs slowly for tens of seconds after a restore or a migration (the new
# QEMU translates V's code anew, TCG inside TCG), and a ping that meets
# "address unreachable" from R stops at once: retry.
vm_ping()
{
	local end=$((SECONDS + 90))

	while [ $SECONDS -lt $end ]; do
		nsx "$CN" ping -6 -q -c 1 -W 5 "$1" >/dev/null 2>&1 && return 0
		sleep 1
	done
	return 1
}

vm_stream_start()
{
	rm -f "$VM_DIR/up" "$VM_DIR/stop" "$VM_DIR/progress"
	ILNP_READY=$VM_DIR/up ILNP_STOP=$VM_DIR/stop ILNP_PROGRESS=$VM_DIR/progress \
		nsx "$CN" python3 "$ILNP_TOP/selftests/ilnp_traffic.py" tcp-echo \
		"$1" 7 "${VM_STREAM_RATE:-50000}" 900 >"$VM_DIR/echo.json" 2>&1 &
	VM_STREAM=$!
	# By the clock (lib.sh's wait_file counts its sleeps, and a sleep
	# takes much longer than asked in a test guest busy with V), and no
	# longer than the client lives (it gives up on a connect after 60 s).
	local end=$((SECONDS + 150))
	while [ $SECONDS -lt $end ]; do
		[ -e "$VM_DIR/up" ] && return 0
		kill -0 "$VM_STREAM" 2>/dev/null || break
		sleep 0.5
	done
	[ -e "$VM_DIR/up" ] || { log_info "stream: $(cat "$VM_DIR/echo.json")"; return 1; }
}

vm_stream_echoed()
{
	local n=0

	[ -r "$VM_DIR/progress" ] && read -r n <"$VM_DIR/progress"
	echo "${n:-0}"
}

vm_stream_flows()
{
	local end=$((SECONDS + $2))

	while [ $SECONDS -lt $end ]; do
		[ "$(vm_stream_echoed)" -gt "$1" ] && return 0
		sleep 0.5
	done
	return 1
}

vm_stream_end()
{
	local rc

	touch "$VM_DIR/stop"
	wait "$VM_STREAM"
	rc=$?
	log_info "stream: $(cat "$VM_DIR/echo.json")"
	log_test $rc "$1"
	jq -r '"# stream: \(.bytes) bytes echoed, longest pause \(.max_gap_ms) ms"' \
		"$VM_DIR/echo.json" 2>/dev/null
	vm_at "stream drained and closed"
}

vm_diag()
{
	vm_cmd "$1" "ip -6 addr; ip -6 route; ip -6 neigh; netstat -tn; ilnp -j peer show; ilnp -j stats" 120
	sed "s/^/# $1 console: /" "$VM_DIR/$1.console" | tail -60
	log_info "CN peers: $(ilnp -n "$CN" -j peer show 2>&1)"
	log_info "CN stats: $(ilnp -n "$CN" -j stats 2>&1)"
	log_info "R neighbours: $(ip -n "$R" -6 neigh 2>&1 | tr '\n' ';')"
	local c
	for c in "${VM_PCAPS[@]}"; do
		capture_stop
		tcpdump -n -r "${c#*:}" 2>/dev/null | tail -40 | sed "s|^|# ${c%%-*} capture: |"
	done
}
VM_PCAPS=()
