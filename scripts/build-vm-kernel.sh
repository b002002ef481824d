#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build (or reuse) the kernel of "V", the small guest that the live-migration
# selftests boot inside the test guest (testing/vm-kernel.config): see
# scripts/build-kernel.sh, which does it.  Prints the build directory:
# arch/x86/boot/bzImage is V's kernel, and the directory is usable as
# KERNELDIR (make -C DIR M=REPO modules).
exec "$(dirname "$0")/build-kernel.sh" vm
