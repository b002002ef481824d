#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# ilnp-timeout: 1500
#
# Live migration of an ILNP guest V between two hypervisors on different
# /64s (vm.sh with VM_SEGMENTS=2: H1 on 2001:db8:1::/64, H2 on
# 2001:db8:2::/64), with raw QEMU and QMP, while CN (ILNP, NID 0:0:0:200)
# streams TCP through V's echo.  V runs ilnp.ko (NID 0:0:0:10, locator
# 2001:db8:1::/64, prefix 2001:db8::/32): the V-ilnp that
# scripts/stage-vm.sh saved.  After the move V is given its new
# locator by a command over its virtio-serial command channel (the
# hypervisor's way in: V adopting it by itself is the module's job, to
# come): new address, default route, `ilnp rebind`; V's LU must move CN's
# entry for V to 2001:db8:2:0 and the stream must keep every byte.
#
# Reports QEMU's total time and downtime, the time from resume to the new
# locator at CN, the stream's longest pause, and where the wall time went.
#
# Not executable (out of make check) for now: here CN's reachability probes
# of V go unanswered (rr_sent 3, rr_verified 0, peer_fallback 1) and both
# ends hold each other as plain IPv6, and V's neighbour entry for its
# router R goes FAILED while R holds V STALE (once before the migration,
# once after it), so the stream stalls.  Not diagnosed yet.
cd "$(dirname "$0")" || exit 1
VM_SEGMENTS=2
source ./lib.sh
source ./vm.sh

V_NID=0:0:0:10
CN_NID=0:0:0:200
V_ADDR2=2001:db8:2::10

require_cmd qemu-system-x86_64 python3 ping bc
[ -c /dev/net/tun ] || skip_all "no /dev/net/tun (CONFIG_TUN)"
vm_find_kernel
vmdir=$(dirname "$VM_KERNEL")
VM_STATE=$vmdir/V-ilnp.state
[ -r "$VM_STATE" ] || skip_all "no saved V-ilnp next to $VM_KERNEL (scripts/stage-vm.sh)"
grep -q "^ILNP-VM: cmd ilnp prefix add 2001:db8::/32 rc=0" "$vmdir/V-ilnp.console" ||
	skip_all "the saved V-ilnp has no ilnp.ko or tool (stage-vm.sh without them)"
VM_INITRD=$vmdir/initrd.img
VM_CMDLINE=$(cat "$vmdir/V-ilnp.cmdline")

vm_topo_setup &&
	printf 'nid add %s\nloc add 2001:db8:c::/64\nprefix add 2001:db8::/32\n' $CN_NID |
	ilnp -n "$CN" -batch -
log_test $? "topology: CN (ILNP) -- R -- H1 on 2001:db8:1::/64, H2 on 2001:db8:2::/64" || tap_done
t_topo=$(vm_now)
vm_at "topology up"

check_cmd "destination QEMU waits in H2 (-incoming)" vm_incoming "$H2" dst
vm_restore "$H1" src
log_test $? "saved V restored in H1 and running" || {
	sed 's/^/# src qemu: /' "$VM_DIR/src.log"
	tap_done
}
t_boot=$(vm_now)
vm_at "V up in H1"

# V runs slowly for a while after the restore; CN's first packet to V
# starts ILNP's probe of V, which falls back to plain IPv6 when V does not
# answer within about 2 s: wait until V answers R at once.
end=$((SECONDS + 180))
while [ $SECONDS -lt $end ]; do
	nsx "$R" ping -6 -q -c 1 -W 1 "$VM_ADDR" >/dev/null 2>&1 && break
	sleep 1
done
vm_at "V answers R within 1 s"
check_cmd "CN reaches V in H1 (ping)" vm_ping "$VM_ADDR"
vm_stream_start "$VM_ADDR"
log_test $? "TCP stream CN -> V (echo) is up, first bytes echoed" || {
	vm_diag src
	tap_done
}
t_up=$(vm_now)
vm_at "stream up"
peers=$(ilnp -n "$CN" -j peer show)
log_info "CN peers: $peers"
jq_check "CN has an ILNP (not plain) entry for V at 2001:db8:1:0" "$peers" \
	"any(.[]; .nid == \"$V_NID\" and .locators[0].locator == \"2001:db8:1:0\" and .state != \"plain\" and (.flags | index(\"plain_ipv6\") | not))"
lu0=$(ilnp -n "$CN" -j stats | jq -r .lu_recv)

# What H2 and R see of V after the move (printed on a failure).
capture "$H2" "$VM_DIR/h2.pcap" -i tapv icmp6 && VM_PCAPS+=("$H2:$VM_DIR/h2.pcap")
t_mig0=$(vm_now)
vm_migrate_check src dst "H1 -> H2"
t_mig=$(vm_now)
echoed=$(vm_stream_echoed)
vm_quit src
log_test $? "source QEMU quits"

# What a hypervisor agent would do (or V by itself, once the module adopts
# a new global address as a locator).
vm_cmd dst "ip -6 addr add $V_ADDR2/64 dev eth0 && ip -6 route replace default via 2001:db8:2::1 dev eth0 && ilnp rebind 2001:db8:2::/64 from 2001:db8:1::/64 && ip -6 addr del $VM_ADDR/64 dev eth0"
log_test $? "V on H2 takes 2001:db8:2::/64 and rebinds from 2001:db8:1::/64 (command channel)" || {
	sed 's/^/# dst console: /' "$VM_DIR/dst.console" | tail -20
}
t_cmd=$(vm_now)
vm_at "V rebound"

# CN learns V's new locator from V's LU.
end=$((SECONDS + 120))
while [ $SECONDS -lt $end ]; do
	[ "$(ilnp -n "$CN" -j peer show | jq -r ".[] | select(.nid == \"$V_NID\") | .locators[0].locator")" = 2001:db8:2:0 ] && break
	sleep 0.5
done
t_lu=$(vm_now)
jq_check "CN's entry for V moved to 2001:db8:2:0 ($(vm_secs "$t_cmd" "$t_lu")s after the rebind)" \
	"$(ilnp -n "$CN" -j peer show)" \
	"any(.[]; .nid == \"$V_NID\" and .locators[0].locator == \"2001:db8:2:0\")" ||
	vm_diag dst
jq_check "CN received V's LU (lu_recv grew from $lu0)" \
	"$(ilnp -n "$CN" -j stats)" ".lu_recv > $lu0"

vm_stream_flows "$echoed" 180
log_test $? "the TCP stream flows again from H2 ($(vm_secs "$t_mig" "$(vm_now)")s after the migration completed)" ||
	vm_diag dst
t_flow=$(vm_now)
vm_at "stream flows from H2"

vm_stream_end "TCP stream survives the migration to another /64: no reset, every byte echoed in order"
t_end=$(vm_now)
vm_quit dst
log_info "time: topology $(vm_secs "$VM_T0" "$t_topo")s, V restore $(vm_secs "$t_topo" "$t_boot")s, stream up $(vm_secs "$t_boot" "$t_up")s, migration $(vm_secs "$t_mig0" "$t_mig")s, rebind $(vm_secs "$t_mig" "$t_cmd")s, LU at CN $(vm_secs "$t_cmd" "$t_lu")s, stream flows $(vm_secs "$t_lu" "$t_flow")s, drain $(vm_secs "$t_flow" "$t_end")s, total $(vm_secs "$VM_T0" "$(vm_now)")s"
tap_done
