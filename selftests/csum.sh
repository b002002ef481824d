#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Transport checksums on the wire follow RFC 6740/6741 between ILNP peers
# (pseudo-header over the NIDs, locators zero), and both ends get them
# right on every checksum path:
#  - offloads on (the other selftests): CHECKSUM_PARTIAL seeds, GSO, GRO;
#  - here MN and CN checksum in software (tx offload off) and verify in
#    software (rx offload off): CHECKSUM_NONE on both sides, so a wrong
#    conversion anywhere shows up as lost data.
# R captures what crosses it; every TCP and UDP checksum between MN and CN
# must hold under the NID-only rule, none under the ordinary one, and the
# sessions (with a move in the middle) must carry every byte.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/topo.sh"
require_cmd python3 ethtool tcpdump
pkt="python3 -S $(dirname "$0")/ilnp_pkt.py"

topo_setup
log_test $? "routed topology with ILNP on MN and CN"
rc=0
for ns in "$MN" "$CN"; do
	for dev in la lb; do
		nsx "$ns" ethtool -K "$dev" tx off rx off >/dev/null || rc=1
	done
done
log_test $rc "checksum offload off on MN's and CN's links (software checksums)"

capture "$R" "$tmp/csum.pcap" -i any "ip6 and (tcp or udp)"
traffic_across "software checksums, MN moves" 5 "move MN a b"
sleep 1
capture_stop

c=$($pkt csum-count "$tmp/csum.pcap")
log_info "checksums seen at R: $c"
jq_check "every TCP/UDP checksum on the wire follows the NID-only rule" "$c" \
	'.total > 1000 and .nid_only_ok == .total and .bad == 0'
jq_check "and none the ordinary IPv6 rule (locators are not zero here)" "$c" \
	'.full_ok == 0'
tcp_in=$(nsx "$CN" nstat -az TcpInCsumErrors Udp6InCsumErrors |
	awk '/CsumErrors/ { s += $2 } END { print s + 0 }')
[ "$tcp_in" = 0 ]
log_test $? "CN's stack verified every checksum it got (no checksum errors)"

tap_done
