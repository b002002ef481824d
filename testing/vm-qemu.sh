#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The machine "V" is, in one place (sourced by selftests/vm.sh and by
# scripts/stage-vm.sh): every QEMU that runs V -- the one that boots it, the
# one that restores a saved V, both ends of a migration -- must present the
# same machine, CPU model, devices and MAC.  Only the NIC's backend, the
# console file, the QMP socket and -incoming differ between them.
#
#   vm_argv KERNEL INITRD CMDLINE   sets the array VM_ARGV (append the
#                                   -netdev id=n0 backend, the -chardev
#                                   id=vcmd of V's command channel, -serial,
#                                   -qmp)
#
# V's command channel is a virtio-serial port named org.ilnp.cmd: V's /init
# runs each line the host writes to it (testing/vm-init.sh).
#   vm_cmdline [EXTRA]              V's kernel command line for VM_ADDR/VM_GW

VM_MEM=${VM_MEM:-64}
VM_ADDR=${VM_ADDR:-2001:db8:1::10}
VM_GW=${VM_GW:-2001:db8:1::1}
VM_MAC=${VM_MAC:-52:54:00:00:00:10}

vm_cmdline()
{
	echo "console=ttyS0 quiet panic=-1 ilnp.addr=$VM_ADDR/64 ilnp.gw=$VM_GW${1:+ $1}"
}

vm_argv()
{
	# tb-size bounds TCG's code cache (default 1 GiB): V's boot alone
	# fills 28 MiB, and a full cache is flushed and retranslated.
	# qboot: the smallest firmware that loads -kernel/-initrd.
	VM_ARGV=(qemu-system-x86_64 -accel tcg,tb-size=128
		-M pc -cpu qemu64 -smp 1 -m "$VM_MEM"
		-nodefaults -no-user-config -display none -no-reboot
		-bios qboot.rom
		-kernel "$1" -initrd "$2" -append "$3"
		-device virtio-net-pci,netdev=n0,mac="$VM_MAC"
		-device virtio-serial-pci,id=vser
		-device virtserialport,bus=vser.0,chardev=vcmd,name=org.ilnp.cmd
		-device virtio-rng-pci)
}
