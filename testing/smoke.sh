#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Stock-kernel smoke pass, run inside a guest booted with Debian's
# linux-image-amd64: ilnp.ko was installed on the host the way `make
# install` does it (modules_install into updates/, depmod) into a staged
# copy of /lib/modules (check.sh); load it with modprobe, see its genetlink
# family, unload it.  TAP on stdout.
#
#   smoke.sh STAGE [FLOOD_N]
#
# STAGE/lib/modules/KVER holds the installed module.  Then, unless FLOOD_N
# is 0, selftests/flood.sh at full size: FLOOD_N (default 2^20) spoofed
# sources against the module's default bounds (ilcc_unproven_max 8192),
# which the debug kernel under TCG is far too slow for (a few hundred
# packets a second); its TAP lines count here, prefixed "flood:".
set -u
stage=$1
flood_n=${2:-1048576}
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

if [ "$flood_n" != 0 ]; then
	flood_out=/tmp/smoke-flood.$$
	before=$n
	modprobe ilnp
	tap $? "modprobe ilnp again, for the flood"
	echo "# flood.sh with ILNP_FLOOD_N=$flood_n ILNP_FLOOD_MAX=8192"
	ILNP_FLOOD_N=$flood_n ILNP_FLOOD_MAX=8192 \
		timeout 1800 "$ILNP_TOP/selftests/flood.sh" >"$flood_out" 2>&1
	rc=$?
	while IFS= read -r line; do
		case $line in
		"ok "*"# SKIP"*)	# a skip stays one
			n=$((n + 1))
			echo "ok $n flood: ${line#ok [0-9]* }" ;;
		"ok "*) tap 0 "flood: ${line#ok [0-9]* }" ;;
		"not ok "*) tap 1 "flood: ${line#not ok [0-9]* }" ;;
		"#"*) echo "$line" ;;
		esac
	done <"$flood_out"
	rm -f "$flood_out"
	[ $n -gt $((before + 1)) ]
	tap $? "flood.sh ran and reported (exit $rc)"
	modprobe -r ilnp
	tap $? "modprobe -r ilnp after the flood"
fi

! dmesg | grep -E 'WARNING:|BUG:|Oops|Call Trace' | sed 's/^/# /' | grep -q .
tap $? "kernel log free of warnings"

echo "1..$n"
[ $failed = 0 ]
