#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# IPsec bound to NIDs (RFC 6741 sec. 9, the seed paper's sec. IX-B): MN and
# CN protect everything between them with ESP transport-mode SAs set up
# with `ip xfrm` on the addresses their sessions use.  ilnp.ko rewrites
# only the outer header after ESP and restores it before XFRM sees the
# packet, so the SAs keep matching when MN moves: the TCP stream and the
# UDP echo inside ESP carry on.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/topo.sh"
require_cmd python3 ethtool

topo_setup
log_test $? "routed topology with ILNP on MN and CN"

mn=$(addr MN a) cn=$(addr CN a)
k1=0x$(printf '%040x' 1) k2=0x$(printf '%040x' 2)
# xfrm_pair NS LOCAL REMOTE OUT_SPI OUT_KEY IN_SPI IN_KEY
xfrm_pair()
{
	local ns=$1 l=$2 r=$3
	ip -n "$ns" xfrm state add src "$l" dst "$r" proto esp spi "$4" \
		mode transport aead 'rfc4106(gcm(aes))' "$5" 128 &&
	ip -n "$ns" xfrm state add src "$r" dst "$l" proto esp spi "$6" \
		mode transport aead 'rfc4106(gcm(aes))' "$7" 128 &&
	ip -n "$ns" xfrm policy add src "$l" dst "$r" dir out \
		tmpl src "$l" dst "$r" proto esp mode transport &&
	ip -n "$ns" xfrm policy add src "$r" dst "$l" dir in \
		tmpl src "$r" dst "$l" proto esp mode transport
}
xfrm_pair "$MN" "$mn" "$cn" 0x100 "$k1" 0x200 "$k2" &&
	xfrm_pair "$CN" "$cn" "$mn" 0x200 "$k2" 0x100 "$k1"
log_test $? "ESP transport-mode SAs and policies between MN and CN"

# esp_packets NS: packets through the namespace's inbound SA.
esp_packets()
{
	ip -n "$1" -s xfrm state list src "$2" dst "$3" |
		grep -o '[0-9]\+(packets)' | head -1 | tr -dc 0-9
}

traffic_across "MN moves, ESP session" 5 "move MN a b"
in_cn=$(esp_packets "$CN" "$mn" "$cn")
in_mn=$(esp_packets "$MN" "$cn" "$mn")
log_info "ESP packets in: CN $in_cn, MN $in_mn"
[ "${in_cn:-0}" -gt 100 ] && [ "${in_mn:-0}" -gt 100 ]
log_test $? "the sessions ran inside ESP both ways"
[ "$(peer_loc "$CN" $MN_NID)" = "2001:db8:2:0" ]
log_test $? "CN's ILCC holds MN's new locator"
tap_done
