#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Stock-kernel smoke pass, run inside a guest booted with Debian's
# linux-image-amd64: ilnp.ko was installed on the host the way `make
# install` does it (modules_install into updates/, depmod) into a staged
# copy of /lib/modules (check.sh); load it with modprobe, see its genetlink
# family, unload it.  TAP on stdout.
#
#   smoke.sh STAGE   (STAGE/lib/modules/KVER holds the installed module)
set -u
stage=$1
kver=$(uname -r)
n=0 failed=0

tap()
{
	local rc=$1 desc=$2

	n=$((n + 1))
	if [ "$rc" = 0 ]; then
		echo "ok $n $desc"
	else
		echo "not ok $n $desc"
		failed=$((failed + 1))
	fi
}

# The host's /lib/modules is read-only here; the staged tree has ilnp.ko
# in updates/ and the depmod indexes that name it.
mount --bind "$stage/lib/modules" /lib/modules
tap $? "staged /lib/modules (make install result) in place"
[ -f "/lib/modules/$kver/updates/ilnp.ko" ] &&
	grep -q '^updates/ilnp.ko:' "/lib/modules/$kver/modules.dep"
tap $? "ilnp.ko in updates/ and in modules.dep"

echo "# kernel $kver, module vermagic: $(modinfo -F vermagic ilnp 2>&1)"
modprobe ilnp
tap $? "modprobe ilnp"

grep -q '^ilnp ' /proc/modules
tap $? "ilnp listed in /proc/modules"

info=$(ilnp info 2>&1)
rc=$?
echo "$info" | sed 's/^/# /'
tap $rc "genetlink family ilnp answers (ilnp info)"

json=$(ilnp nid add 0:0:0:1 && ilnp -j nid show)
[ -n "$json" ] && printf '%s' "$json" | jq -e '[.[].nid] == ["0:0:0:1"]' >/dev/null
tap $? "a NID added through the family reads back"

# Only the out-of-tree (O, 4096) and unsigned-module (E, 8192) taints.
taint=$(cat /proc/sys/kernel/tainted)
echo "# tainted=$taint"
[ $((taint & ~(4096 | 8192))) = 0 ]
tap $? "no taint beyond out-of-tree/unsigned"

modprobe -r ilnp
tap $? "modprobe -r ilnp"

! grep -q '^ilnp ' /proc/modules
tap $? "ilnp gone from /proc/modules"

! dmesg | grep -E 'WARNING:|BUG:|Oops|Call Trace' | sed 's/^/# /' | grep -q .
tap $? "kernel log free of warnings"

echo "1..$n"
[ $failed = 0 ]
