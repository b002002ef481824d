#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The bash completion of ilnp(8): objects, verbs and options, and the live
# NIDs, locators, peers, prefixes and map entries of the namespace given
# with -n.
source "$(dirname "$0")/lib.sh"
source "$ILNP_TOP/ilnp-tools/completion/ilnp.bash"

# complete LINE: what completing at the end of LINE offers, sorted.
complete_line()
{
	COMP_LINE=$1 COMP_POINT=${#1} COMP_WORDBREAKS=$' \t\n"\'><=;|&(:'
	_ilnp
	printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' '
}

# check DESC LINE WANT: the offer is exactly WANT (space-separated, sorted).
check()
{
	local got
	got=$(complete_line "$2")
	[ "$got" = "$3 " ]
	log_test $? "$1"
	[ "$got" = "$3 " ] || log_info "offered: '$got', wanted: '$3'"
}

setup_ns A || skip_all "cannot create network namespaces"
ilnp -n "$A" nid add 0:0:0:1 && ilnp -n "$A" nid add 0:0:0:2 &&
	ilnp -n "$A" loc add 2001:db8:1::/64 &&
	ilnp -n "$A" peer add 0:0:0:7 local 0:0:0:1 loc 2001:db8:9:0 &&
	ilnp -n "$A" prefix add 2001:db8:100::/40 &&
	ilnp -n "$A" map add 0:0:0:e ext 2001:db8:100:0 int 2001:db8:2:0 &&
	ilnp -n "$A" map add 0:0:0:f ext 2001:db8:100:0 int 2001:db8:3:0
log_test $? "two NIDs, a locator, a peer, a prefix and two map entries in A"

check "objects" "ilnp " \
	"help info locator map monitor nid peer prefix rebind state stats"
check "an object from its prefix" "ilnp lo" "locator"
check "both objects starting with p" "ilnp p" "peer prefix"
check "prefix from pr" "ilnp pr" "prefix"
check "prefix verbs" "ilnp prefix " "add del help show"
check "live prefixes of the -n namespace for prefix del" \
	"ilnp -n $A prefix del " "2001:db8:100::/40"
check "peer add keywords" "ilnp peer add 0:0:0:7 " "lifetime loc local pref"
check "live local NIDs after local" "ilnp -n $A peer add 0:0:0:8 local " \
	"0:0:0:1 0:0:0:2"
check "live peer NIDs for peer del" "ilnp -n $A peer del " "0:0:0:7"
check "peer del keywords after the NID" "ilnp -n $A peer del 0:0:0:7 " \
	"loc local"
check "live local NIDs after peer show ... local" \
	"ilnp -n $A peer show 0:0:0:7 local " "0:0:0:1 0:0:0:2"
check "live peer locators after peer del ... loc" \
	"ilnp -n $A peer del 0:0:0:7 loc " "2001:db8:9:0"
check "options" "ilnp -" "-Version -batch -help -json -netns -pretty -statistics"
check "file names after -batch" "ilnp -b $ILNP_TOP/selftests/completio" \
	"$ILNP_TOP/selftests/completion.sh"
check "nothing after -batch FILE" "ilnp -n $A -b /dev/null " ""
check "nid verbs" "ilnp nid " "add del help show"
check "live NIDs of the -n namespace for nid del" "ilnp -n $A nid del " \
	"0:0:0:1 0:0:0:2"
check "live locators for loc del" "ilnp -n $A loc del " "2001:db8:1:0"
check "interfaces of the namespace after dev" \
	"ilnp -n $A loc set 2001:db8:1:0 dev " "lo"
check "map verbs" "ilnp map " "add del flush help neutral set show"
check "map neutral from its prefix" "ilnp map n" "neutral"
check "live map NIDs for map del" "ilnp -n $A map del " "0:0:0:e 0:0:0:f"
check "live map NIDs for map set" "ilnp -n $A map se " "0:0:0:e 0:0:0:f"
check "live map NIDs for map show" "ilnp -n $A map show " \
	"0:0:0:e 0:0:0:f"
check "no NID offered for map add" "ilnp -n $A map add " ""
check "map add keywords" "ilnp map add 0:0:0:d " "ext ilnp int pointer seq"
check "map set keywords after a value" \
	"ilnp -n $A map set 0:0:0:e int 2001:db8:4:0 " "ext ilnp int seq"
check "map set ilnp takes on or off" "ilnp map set 0:0:0:e ilnp " "off on"
check "nothing after map del NID" "ilnp -n $A map del 0:0:0:e " ""
check "both objects starting with st" "ilnp st" "state stats"
check "state verbs" "ilnp state " "activate deactivate export help import show"
check "live NIDs for state deactivate" "ilnp -n $A state d " "0:0:0:1 0:0:0:2"
check "state a is activate" "ilnp -n $A state a " "0:0:0:1 0:0:0:2"
check "live NIDs for state export" "ilnp -n $A state export " \
	"0:0:0:1 0:0:0:2"
check "live locators after state activate NID" \
	"ilnp -n $A state activate 0:0:0:1 " "2001:db8:1:0"
d=$(mktemp -d) && : >"$d/g.state" && : >"$d/h.state"
check "state import and show offer files" "ilnp state import $d/" \
	"$d/g.state $d/h.state"
check "nothing after state import FILE" "ilnp state import $d/g.state " ""
rm -rf "$d"
check "nid add keywords" "ilnp nid add 0:0:0:9 " "auto hosted"
check "nid add keywords after hosted" "ilnp nid add 0:0:0:9 hosted " "born loc"

tap_done
