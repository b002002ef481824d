#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# ilnp-timeout: 1200
#
# Live migration of a nested guest V between two "hypervisors" (network
# namespaces H1 and H2 of the test guest), with raw QEMU and QMP, while a
# correspondent CN streams TCP through it (topology in vm.sh).  V keeps its
# address: H1 and H2 share one L2 segment; this test proves the mechanics
# the ILNP migration tests build on.
#
# Not executable (out of make check) since stop 16: it failed in 2 of that
# stop's last 4 runs.  Once, the stream did not flow again within 180 s
# of the migration; once, the destination QEMU did not answer
# query-status after it either.  It passed in the other two, unchanged.
# The nested guest's recovery under TCG after the move (V crawls for a
# minute, the stream's longest pause was 30-80 s) is the suspect.  Not
# diagnosed yet.  Run it by name: make check TESTS=vm_migrate.
#
#   V starts in H1 from its own kernel and an initramfs (restored from the
#   booted V that scripts/stage-vm.sh saved, or, with VM_BOOT=boot or
#   without a saved V, booted here: minutes under TCG inside TCG), the
#   destination QEMU waits in H2 (-incoming unix:...), CN streams to V's
#   echo port, QMP migrate moves V; then the source QEMU quits and V must
#   answer from H2.
#
# Reports (as "# " lines) V's boot or restore time, the migration's total
# time and downtime, the longest pause the TCP stream saw, and where the
# test's wall time went.
cd "$(dirname "$0")" || exit 1
source ./lib.sh
source ./vm.sh

require_cmd qemu-system-x86_64 python3 ping bc socat
[ -c /dev/net/tun ] || skip_all "no /dev/net/tun (CONFIG_TUN)"
vm_find_kernel

t0=$VM_T0
vm_topo_setup || { log_test 1 "topology (CN, R, H1, H2, bridges, taps)"; tap_done; }
t_topo=$(vm_now)
vm_at "topology up"

# V either comes up from the booted-and-saved V that scripts/stage-vm.sh
# left next to its kernel (seconds), or boots here under TCG inside TCG
# (minutes: VM_BOOT=boot forces it).
mode=boot
[ -n "$VM_STATE" ] && [ "${VM_BOOT:-}" != boot ] && mode=restore
if [ $mode = restore ]; then
	vmdir=$(dirname "$VM_KERNEL")
	VM_INITRD=$vmdir/initrd.img
	VM_CMDLINE=$(cat "$vmdir/V.cmdline")
	grep -q '^ILNP-VM: ready' "$vmdir/V.console"
	log_test $? "V booted to userspace (stage-vm.sh: ILNP-VM: ready on its console)"
	grep -q '^ILNP-VM: insmod ilnp.ko ok' "$vmdir/V.console" &&
		grep -q '^ILNP-VM: cmd ilnp nid add 0:0:0:10 rc=0' "$vmdir/V.console"
	log_test $? "V loaded ilnp.ko (built against V's kernel) and ran ilnp nid add"
else
	initrd_args=()
	if [ -n "$VM_KO" ] && [ -x "$ILNP_TOP/ilnp-tools/ilnp" ]; then
		initrd_args=(-m "$VM_KO" -t "$ILNP_TOP/ilnp-tools/ilnp")
		VM_CMDLINE=$(vm_cmdline "ilnp.cmd=nid+add+0:0:0:10")
	fi
	# Uncompressed: V's kernel unpacks a plain cpio in a fraction of the
	# time it inflates a gzip one (nested TCG).
	check_cmd "V's initramfs builds" vm_initramfs "$VM_INITRD" -z none "${initrd_args[@]}" ||
		tap_done
	log_info "initramfs: $(stat -c %s "$VM_INITRD") bytes${VM_KO:+, with ilnp.ko and ilnp}"
fi
t_initrd=$(vm_now)

# The destination waits from the start: it does not boot, it costs little.
check_cmd "destination QEMU waits in H2 (-incoming)" vm_incoming "$H2" dst
if [ $mode = restore ]; then
	vm_restore "$H1" src
	log_test $? "saved V restored in H1 and running" || {
		sed 's/^/# src qemu: /' "$VM_DIR/src.log"
		tap_done
	}
	log_info "V restore: running after ${VM_BOOT_WALL}s wall"
else
	vm_boot "$H1" src
	log_test $? "V boots in H1 and reaches userspace (console: ILNP-VM: ready)" || {
		sed 's/^/# src console: /' "$VM_DIR/src.console" | tail -20
		sed 's/^/# src qemu: /' "$VM_DIR/src.log"
		tap_done
	}
	log_info "V boot: userspace at ${VM_BOOT_UPTIME}s of V's uptime, ready after ${VM_BOOT_WALL}s wall"
	if [ -n "$VM_KO" ]; then
		vm_console_has src '^ILNP-VM: insmod ilnp.ko ok' &&
			vm_console_has src '^ILNP-VM: cmd ilnp nid add 0:0:0:10 rc=0'
		log_test $? "V loads ilnp.ko (built against V's kernel) and runs ilnp nid add"
	else
		log_skip "V loads ilnp.ko" "no ilnp.ko built against V's kernel next to $VM_KERNEL"
	fi
fi
t_boot=$(vm_now)
vm_at "V up in H1"

check_cmd "CN reaches V in H1 (ping)" vm_ping "$VM_ADDR"
t_ping=$(vm_now)
vm_at "V answered a ping"

# A TCP stream CN -> V (echo) -> CN across the migration (the same TCP
# session coming through proves it is the same V); stopped once it flows
# again from H2.
vm_stream_start "$VM_ADDR"
log_test $? "TCP stream CN -> V (echo) is up, first bytes echoed" || tap_done
t_up=$(vm_now)
vm_at "stream up"
sleep 2

t_mig0=$(vm_now)
vm_migrate_check src dst "H1 -> H2"
t_mig=$(vm_now)
echoed=$(vm_stream_echoed)
src_state=$(vm_qmp src query-status | jq -r .status)
dst_state=$(vm_qmp dst query-status | jq -r .status)
[ "$src_state" = postmigrate ] && [ "$dst_state" = running ]
log_test $? "source is postmigrate ($src_state), destination running ($dst_state)"
vm_quit src
log_test $? "source QEMU quits"

# The stream flows again: more bytes echoed than when the migration ended,
# with the source gone.
vm_stream_flows "$echoed" 180
flows=$?
t_flow=$(vm_now)
vm_at "stream flows from H2"
log_test $flows "the TCP stream flows again from H2 ($(vm_secs "$t_mig" "$t_flow")s after the migration completed)"
after=$(ip netns exec "$CN" socat -T 120 -u "TCP6:[$VM_ADDR]:8" STDOUT 2>/dev/null)
log_info "status: $after"
case $after in "ILNP-VM: status uptime="*) true ;; *) false ;; esac
log_test $? "V answers a new connection from H2 (status port)"
vm_at "status answered"
vm_wait_console dst '^ILNP-VM: status' 30 && ! vm_console_has dst '^ILNP-VM: userspace'
log_test $? "V's console is on the destination now (status line there, no boot of its own)"

vm_at "console checked"
vm_stream_end "TCP stream survives the migration: no reset, every byte echoed in order"
t_end=$(vm_now)

vm_quit dst
log_info "time: topology $(vm_secs "$t0" "$t_topo")s, initramfs $(vm_secs "$t_topo" "$t_initrd")s, V $mode $(vm_secs "$t_initrd" "$t_boot")s, first ping $(vm_secs "$t_boot" "$t_ping")s, stream up $(vm_secs "$t_ping" "$t_up")s, migration $(vm_secs "$t_mig0" "$t_mig")s, stream flows again $(vm_secs "$t_mig" "$t_flow")s, checks $(vm_secs "$t_flow" "$t_end")s, total $(vm_secs "$t0" "$(vm_now)")s"
tap_done
