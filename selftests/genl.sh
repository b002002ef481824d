#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The generic netlink objects through the ilnp tool: NIDs, locators, peers
# and prefixes are per network namespace, read back as JSON, and a rejected
# request changes nothing.
source "$(dirname "$0")/lib.sh"

setup_ns A B || skip_all "cannot create network namespaces"

# --- NIDs ---
check_cmd "nid add in A" ilnp -n "$A" nid add 0:0:0:1
check_cmd "second nid add in A" ilnp -n "$A" nid add 0:0:0:2
jq_check "A lists both NIDs" "$(ilnp_json "$A" nid show)" \
	'[.[].nid] | sort == ["0:0:0:1", "0:0:0:2"]'
jq_check "B sees no NID of A (per-netns state)" "$(ilnp_json "$B" nid show)" \
	'length == 0'
check_fail "duplicate nid add refused" ilnp -n "$A" nid add 0:0:0:1
check_cmd "nid del" ilnp -n "$A" nid del 0:0:0:2
check_fail "nid del of an absent NID refused" ilnp -n "$A" nid del 0:0:0:2
jq_check "A lists one NID after del" "$(ilnp_json "$A" nid show)" \
	'[.[].nid] == ["0:0:0:1"]'

# --- locators ---
check_cmd "locator add with pref" ilnp -n "$A" loc add 2001:db8:1:0 pref 20
check_cmd "locator add as /64 prefix" ilnp -n "$A" loc add 2001:db8:2::/64 pref 5
jq_check "locators sorted by preference" "$(ilnp_json "$A" loc show)" \
	'[.[].locator] == ["2001:db8:2:0", "2001:db8:1:0"]'
check_cmd "locator set changes pref" ilnp -n "$A" loc set 2001:db8:1:0 pref 1
jq_check "preferred locator follows the new pref" "$(ilnp_json "$A" loc show)" \
	'.[0].locator == "2001:db8:1:0" and .[0].pref == 1'
check_fail "locator add of a multicast L64 refused" ilnp -n "$A" loc add ff02:0:0:0
check_cmd "rebind to a new locator, withdrawing the old" \
	ilnp -n "$A" rebind 2001:db8:3:0 from 2001:db8:2:0
jq_check "rebind swapped exactly one locator" "$(ilnp_json "$A" loc show)" \
	'([.[].locator] | sort) == ["2001:db8:1:0", "2001:db8:3:0"]'

# --- peers (ILCC) ---
check_cmd "static peer add with two locators" \
	ilnp -n "$A" peer add 0:0:0:7 loc 2001:db8:9:0 pref 10 loc 2001:db8:8:0 pref 3
jq_check "peer shows both locators, preferred first" "$(ilnp_json "$A" peer show)" \
	'.[0].nid == "0:0:0:7" and ([.[0].locators[].locator] == ["2001:db8:8:0", "2001:db8:9:0"])'
check_fail "duplicate peer add refused" ilnp -n "$A" peer add 0:0:0:7 loc 2001:db8:9:0
jq_check "refused duplicate left the peer unchanged" "$(ilnp_json "$A" peer show)" \
	'length == 1 and (.[0].locators | length) == 2'
jq_check "B's ILCC is empty" "$(ilnp_json "$B" peer show)" 'length == 0'
jq_check "the entry is of our only NID" "$(ilnp_json "$A" peer show 0:0:0:7)" \
	'length == 1 and .[0].local_nid == "0:0:0:1"'

# An entry is keyed by (our NID, the peer's NID).
check_cmd "a second local NID in A" ilnp -n "$A" nid add 0:0:0:2
check_fail "peer add without local refused with two local NIDs" \
	ilnp -n "$A" peer add 0:0:0:7 loc 2001:db8:7:0
check_cmd "peer add of the same peer NID from our second NID" \
	ilnp -n "$A" peer add 0:0:0:7 local 0:0:0:2 loc 2001:db8:7:0
jq_check "two entries of peer 0:0:0:7, one per local NID" \
	"$(ilnp_json "$A" peer show)" \
	'[.[] | select(.nid == "0:0:0:7") | .local_nid] | sort == ["0:0:0:1", "0:0:0:2"]'
jq_check "show picks the entry by local NID" \
	"$(ilnp_json "$A" peer show 0:0:0:7 local 0:0:0:2)" \
	'length == 1 and .[0].local_nid == "0:0:0:2" and .[0].locators[0].locator == "2001:db8:7:0"'
check_cmd "peer del of one local NID's entry" ilnp -n "$A" peer del 0:0:0:7 local 0:0:0:2
jq_check "the other entry stays" "$(ilnp_json "$A" peer show)" \
	'[.[] | [.nid, .local_nid]] == [["0:0:0:7", "0:0:0:1"]]'
check_cmd "peer add from our second NID again" \
	ilnp -n "$A" peer add 0:0:0:7 local 0:0:0:2 loc 2001:db8:7:0
check_cmd "nid del of the second NID" ilnp -n "$A" nid del 0:0:0:2
jq_check "nid del removed the entries of that NID" "$(ilnp_json "$A" peer show)" \
	'[.[] | [.nid, .local_nid]] == [["0:0:0:7", "0:0:0:1"]]'

# --- prefixes ---
check_cmd "prefix add" ilnp -n "$A" prefix add 2001:db8:100::/40
check_cmd "prefix add of every destination" ilnp -n "$A" prefix add ::/0
jq_check "A lists both prefixes" "$(ilnp_json "$A" prefix show)" \
	'[.[].prefix] | sort == ["2001:db8:100::/40", "::/0"]'
jq_check "B has no prefix (per-netns state, none by default)" \
	"$(ilnp_json "$B" prefix show)" 'length == 0'
check_fail "duplicate prefix add refused" ilnp -n "$A" prefix add 2001:db8:100::/40
check_cmd "prefix del" ilnp -n "$A" prefix del ::/0
check_fail "prefix del of an absent prefix refused" ilnp -n "$A" prefix del ::/0
jq_check "A lists one prefix after del" "$(ilnp_json "$A" prefix show)" \
	'. == [{"prefix": "2001:db8:100::/40"}]'

# A dump larger than one netlink message must come back whole.  A peer
# needs a local NID.
check_cmd "nid add in B" ilnp -n "$B" nid add 0:0:0:b
for i in $(seq 1 300); do
	printf 'peer add 0:0:1:%x loc 2001:db8:%x:0\n' "$i" "$i"
done >"/tmp/batch.$$"
ilnp -n "$B" -batch "/tmp/batch.$$"
log_test $? "300 peers added in B (ilnp -batch)"
rm -f "/tmp/batch.$$"
jq_check "dump of 300 peers is complete and has no repeats" \
	"$(ilnp_json "$B" peer show)" \
	'length == 300 and ([.[].nid] | unique | length) == 300 and all(.local_nid == "0:0:0:b")'
check_cmd "peer flush in B" ilnp -n "$B" peer flush all
jq_check "B's ILCC empty after flush" "$(ilnp_json "$B" peer show)" 'length == 0'

# Bounds: 64 locators in any set (an LU must fit 1280 bytes, a reply a
# page); a peer with 64 comes back whole.
for i in $(seq 1 64); do
	printf 'loc add 2001:db8:%x:0\n' $((0x4000 + i))
done >"/tmp/batch.$$"
ilnp -n "$B" -batch "/tmp/batch.$$"
log_test $? "64 local locators"
check_fail "a 65th local locator refused" ilnp -n "$B" loc add 2001:db8:5000:0
jq_check "B holds exactly 64 locators" "$(ilnp_json "$B" loc show)" 'length == 64'
check_cmd "a peer with 64 locators" ilnp -n "$B" peer add 0:0:2:1 \
	$(for i in $(seq 1 64); do printf 'loc 2001:db8:%x:0 ' $((0x6000 + i)); done)
jq_check "its 64 locators come back in one reply" \
	"$(ilnp_json "$B" peer show 0:0:2:1)" '.[0].locators | length == 64'
rm -f "/tmp/batch.$$"

# Module parameters refuse what would overflow or make no sense.
par=/sys/module/ilnp/parameters
for bad in "lu_retries 0" "lu_retries 17" "lu_retries 300" \
	   "session_timeout 0" "session_timeout 4294967295" \
	   "flow_timeout 2592001" "nonce_len 8" "ilcc_max 0"; do
	set -- $bad
	old=$(cat "$par/$1")
	! sh -c "echo $2 > $par/$1" 2>/dev/null && [ "$(cat "$par/$1")" = "$old" ]
	log_test $? "parameter $1=$2 refused, $1 still $old"
done
old=$(cat "$par/lu_retries")
echo 16 >"$par/lu_retries" && [ "$(cat "$par/lu_retries")" = 16 ]
log_test $? "parameter lu_retries=16 taken"
echo "$old" >"$par/lu_retries"

# Reads racing with writes: LOC_GET of a locator that LOC_DEL removes
# under it (KASAN reports a read past the set; the guest panics).
( for i in $(seq 40); do
	ilnp -n "$A" loc add 2001:db8:77:0 2>/dev/null
	ilnp -n "$A" loc del 2001:db8:77:0 2>/dev/null
  done ) &
writer=$!
n=0
while kill -0 $writer 2>/dev/null; do
	ilnp -n "$A" loc show 2001:db8:77:0 >/dev/null 2>&1
	ilnp -n "$A" -j loc show >/dev/null 2>&1
	n=$((n + 1))
done
wait $writer
[ $n -ge 1 ] && ! ilnp -n "$A" loc show 2001:db8:77:0 >/dev/null 2>&1
log_test $? "$n locator reads raced locator writes; the writer's last del stuck"

# Deleting a namespace with state must release it (kmemleak checks later).
ip netns del "$B"
log_test $? "netns with state deleted"

tap_done
