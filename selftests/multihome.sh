#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Integrated multihoming (RFC 6740 sec. 5.5, the seed paper's sec. VII-B):
# MN is on both of its links at once, with locator 2001:db8:1:0 (pref 10,
# link la) preferred over 2001:db8:2:0 (pref 20, link lb).  When the
# preferred locator's link goes down, or its address is removed, ilnp.ko
# withdraws it by itself and sessions move to the other locator: the TCP
# stream and the UDP echo carry on, CN learns the change by LU.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/topo.sh"
require_cmd python3 ethtool

topo_setup
log_test $? "routed topology with ILNP on MN and CN"

# MN on both links, a default route through each (la first).
ip -n "$MN" link set lb up &&
	ip -n "$MN" addr add "$(addr MN b)/64" dev lb optimistic &&
	ip -n "$MN" route replace default via "${NET[MN.a]}::1" dev la metric 100 &&
	ip -n "$MN" route add default via "${NET[MN.b]}::1" dev lb metric 200 &&
	ilnp -n "$MN" loc set "${NET[MN.a]}::/64" pref 10 dev la &&
	ilnp -n "$MN" loc add "${NET[MN.b]}::/64" pref 20 dev lb
log_test $? "MN has two locators, each tied to its link"
jq_check "MN prefers 2001:db8:1:0" "$(ilnp -n "$MN" -j loc show)" \
	'[.[].locator] == ["2001:db8:1:0", "2001:db8:2:0"]'

traffic_across "preferred link goes down" 5 "ip -n $MN link set la down"
jq_check "MN withdrew the locator of the dead link" \
	"$(ilnp -n "$MN" -j loc show)" '[.[].locator] == ["2001:db8:2:0"]'
[ "$(peer_loc "$CN" $MN_NID)" = "2001:db8:2:0" ]
log_test $? "CN's ILCC moved MN to 2001:db8:2:0"

# The link comes back; the locator is configured again and preferred.
ip -n "$MN" link set la up &&
	ip -n "$MN" addr replace "$(addr MN a)/64" dev la optimistic &&
	ip -n "$MN" route replace default via "${NET[MN.a]}::1" dev la metric 100 &&
	ilnp -n "$MN" loc add "${NET[MN.a]}::/64" pref 10 dev la
log_test $? "the link comes back and its locator is added again"
sleep 1
[ "$(peer_loc "$CN" $MN_NID)" = "2001:db8:1:0" ]
log_test $? "an LU moved CN back to the preferred 2001:db8:1:0"

traffic_across "preferred address removed" 5 \
	"ip -n $MN addr del $(addr MN a)/64 dev la"
jq_check "MN withdrew the locator whose address went away" \
	"$(ilnp -n "$MN" -j loc show)" '[.[].locator] == ["2001:db8:2:0"]'
[ "$(peer_loc "$CN" $MN_NID)" = "2001:db8:2:0" ]
log_test $? "CN's ILCC moved MN to 2001:db8:2:0 again"

tap_done
