# SPDX-License-Identifier: GPL-2.0
#
# ILNPv6 for Linux.  See README.md; the two commands a newcomer needs are
# `make demo` and `make check`.

KERNELDIR ?= /lib/modules/$(shell uname -r)/build
PREFIX ?= /usr/local
DESTDIR ?=

all: module tools

module:
	$(MAKE) -C $(KERNELDIR) M=$(CURDIR) modules

tools:
	$(MAKE) -C ilnp-tools

# Test programs the selftests run (built on the host: the test guest sees the
# tree read-only).
SELFTEST_CFLAGS ?= -O2 -Wall -Wextra -Werror
selftests: selftests/ilnp_flood

selftests/ilnp_flood: selftests/ilnp_flood.c
	$(CC) $(SELFTEST_CFLAGS) -o $@ $<

# Static analysis of the module with sparse (every file, not just rebuilt ones).
sparse:
	$(MAKE) -C $(KERNELDIR) M=$(CURDIR) C=2 modules

install: module tools
	$(MAKE) -C $(KERNELDIR) M=$(CURDIR) INSTALL_MOD_DIR=updates modules_install
	depmod -a $(if $(INSTALL_MOD_PATH),-b $(INSTALL_MOD_PATH)) \
		$(shell $(MAKE) -s -C $(KERNELDIR) kernelrelease)
	$(MAKE) -C ilnp-tools install PREFIX=$(PREFIX) DESTDIR=$(DESTDIR)

# Everything, under QEMU: KUnit + selftests on the debug kernel, smoke on
# Debian's stock kernel.  TESTS="kunit basic" runs only those.
check:
	testing/check.sh $(TESTS)

# Benchmarks on Debian's stock kernel under QEMU (bench/run.sh): a table of
# ratios, CSV and a plot in bench/out/.
bench:
	bench/run.sh

# A shell in a guest running the debug kernel, for poking at the module.
qemu-shell:
	scripts/deps.sh check
	$(MAKE) module KERNELDIR=$$(scripts/build-kernel.sh)
	$(MAKE) tools selftests
	[ "$${ILNP_VM:-1}" = 0 ] || scripts/stage-vm.sh .check/shell/vm
	testing/run-qemu.sh -I $$(scripts/build-kernel.sh)/arch/x86/boot/bzImage .check/shell

demo:
	@echo "make demo: the migration demo is not written yet (see the issue tracker)." >&2
	@echo "Meanwhile 'make check' runs everything that exists." >&2
	@exit 1

clean:
	$(MAKE) -C $(KERNELDIR) M=$(CURDIR) clean 2>/dev/null || \
		find kernel \( -name '*.o' -o -name '*.ko' -o -name '*.mod*' -o -name '.*.cmd' \) -delete
	$(MAKE) -C ilnp-tools clean
	rm -f selftests/ilnp_flood
	rm -rf .check bench/out

.PHONY: all module tools selftests sparse install check bench qemu-shell demo clean
