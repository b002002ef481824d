#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The generic netlink objects through the ilnp tool: NIDs, locators, peers,
# prefixes and the locator map are per network namespace, read back as
# JSON, and a rejected request changes nothing.
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

# --- the locator map ---
# map_entry NS NID: the JSON object of one entry, without its age.
map_entry()
{
	ilnp_json "$1" map show "$2" | jq -c '.[0] | del(.age_ms)'
}

check_cmd "map add with seq" \
	ilnp -n "$A" map add 0:0:0:e1 ext 2001:db8:100:0 int 2001:db8:2:0 seq 1
jq_check "the entry reads back whole" "$(ilnp_json "$A" map show)" \
	'. == [{"nid": "0:0:0:e1", "ext": "2001:db8:100:0", "int": "2001:db8:2:0",
		"seq": 1, "flags": [], "age_ms": .[0].age_ms}] and
	 (.[0].age_ms | type) == "number"'
jq_check "B has no map entry (per-netns state)" "$(ilnp_json "$B" map show)" \
	'length == 0'
jq_check "info counts the entry" "$(ilnp_json "$A" info)" '.maps == 1'
before=$(map_entry "$A" 0:0:0:e1)
check_fail "duplicate map add refused" \
	ilnp -n "$A" map add 0:0:0:e1 ext 2001:db8:100:0 int 2001:db8:3:0 seq 9
check_fail "map add of a local NID refused" \
	ilnp -n "$A" map add 0:0:0:1 ext 2001:db8:100:0 int 2001:db8:3:0
check_fail "map set to the same ext and int refused" \
	ilnp -n "$A" map set 0:0:0:e1 int 2001:db8:100:0 seq 2
check_fail "stale map set (seq 0 < 1) refused" \
	ilnp -n "$A" map set 0:0:0:e1 int 2001:db8:3:0 seq 0 ilnp on
[ "$(map_entry "$A" 0:0:0:e1)" = "$before" ]
log_test $? "the refused requests left the entry as it was"
jq_check "A's map holds only that entry" "$(ilnp_json "$A" map show)" \
	'[.[].nid] == ["0:0:0:e1"]'
jq_check "the stale update was counted" "$(ilnp_json "$A" stats)" \
	'.map_stale == 1 and .map_icmp_xlated == 0'

# set changes only what it is given; the kernel reports neutral pairs.
int=$(ilnp map neutral 2001:db8:100:0 2001:db8:3:0)
log_test $? "neutral inside locator for 2001:db8:100:0 in 2001:db8:3::/64: $int"
check_cmd "map set int to it, same seq" ilnp -n "$A" map set 0:0:0:e1 int "$int" seq 1
jq_check "int changed, ext and seq kept, the pair is neutral" \
	"$(map_entry "$A" 0:0:0:e1)" \
	". == {\"nid\": \"0:0:0:e1\", \"ext\": \"2001:db8:100:0\",
	       \"int\": \"$int\", \"seq\": 1, \"flags\": [\"neutral\"]}"
check_cmd "map set ilnp on, a newer seq" ilnp -n "$A" map set 0:0:0:e1 ilnp on seq 2
jq_check "flags ilnp and neutral, seq 2" "$(map_entry "$A" 0:0:0:e1)" \
	'.flags == ["ilnp", "neutral"] and .seq == 2'
check_cmd "map set ext elsewhere: no longer neutral" \
	ilnp -n "$A" map set 0:0:0:e1 ext 2001:db8:200:0
jq_check "only ilnp is left" "$(map_entry "$A" 0:0:0:e1)" \
	'.ext == "2001:db8:200:0" and .flags == ["ilnp"] and .seq == 2'
check_cmd "map set ilnp off, the largest seq" \
	ilnp -n "$A" map set 0:0:0:e1 ilnp off seq 18446744073709551615
# (jq may round a number this large: read the text.)
ilnp_json "$A" map show 0:0:0:e1 |
	grep -q '"seq":18446744073709551615,"flags":\[\],'
log_test $? "seq is a u64, ilnp is off"
check_fail "map set of an absent NID refused" \
	ilnp -n "$A" map set 0:0:0:e9 seq 3
check_cmd "a second entry, ilnp, as an outside address" \
	ilnp -n "$A" map add 2001:db8:100::e2 int "$int" ilnp

# The age says when an entry last changed: the one changed now is younger.
sleep 1
check_cmd "map set of the second entry" ilnp -n "$A" map set 0:0:0:e2 seq 1
jq_check "its age restarted, the other's did not" "$(ilnp_json "$A" map show)" \
	'(map({(.nid): .age_ms}) | add) as $age |
	 $age["0:0:0:e1"] >= 1000 and $age["0:0:0:e2"] < $age["0:0:0:e1"]'
jq_check "with -s the counters of both entries" "$(ilnp_json "$A" -s map show)" \
	'length == 2 and all(.stats == {"in": 0, "out": 0})'
check_cmd "map del" ilnp -n "$A" map del 0:0:0:e2
check_fail "map del of an absent NID refused" ilnp -n "$A" map del 0:0:0:e2
check_fail "map show of an absent NID refused" ilnp -n "$A" map show 0:0:0:e2
jq_check "one entry after del" "$(ilnp_json "$A" map show)" \
	'[.[].nid] == ["0:0:0:e1"]'
check_cmd "map flush" ilnp -n "$A" map flush
jq_check "no entry after flush" "$(ilnp_json "$A" map show)" 'length == 0'
jq_check "info counts none" "$(ilnp_json "$A" info)" '.maps == 0'

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

# The same for the map; its entries stay in B until B goes.
for i in $(seq 1 300); do
	printf 'map add 0:0:3:%x ext 2001:db8:100:0 int 2001:db8:%x:0 seq %d\n' \
		"$i" $((0x1000 + i)) "$i"
done | ilnp -n "$B" -batch -
log_test $? "300 map entries added in B (ilnp -batch)"
jq_check "dump of 300 map entries is complete and has no repeats" \
	"$(ilnp_json "$B" map show)" \
	'length == 300 and ([.[].nid] | unique | length) == 300 and
	 all(.ext == "2001:db8:100:0" and .seq > 0)'

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

# Reads racing with writes: LOC_GET of a locator while LOC_DEL shrinks the
# set under it (KASAN reports a read past the set; the guest panics).  The
# writer toggles 2001:db8:77:0 (pref 0: it sorts before A's two), the
# reader asks for the two locators A keeps, each in one -batch of 400
# commands running at once (the guest takes a second or more to start a
# process; the race wants the requests close together).
for i in $(seq 200); do
	printf 'loc add 2001:db8:77:0 pref 0\nloc del 2001:db8:77:0\n'
done | ilnp -n "$A" -batch - &
writer=$!
for i in $(seq 200); do
	printf 'loc show 2001:db8:1:0\nloc show 2001:db8:3:0\n'
done | ilnp -n "$A" -batch - >/dev/null
reads=$?
wait $writer && [ $reads = 0 ] && ! ilnp -n "$A" loc show 2001:db8:77:0 >/dev/null 2>&1
log_test $? "400 locator reads raced 400 locator writes, all answered; the writer's last del stuck"

# Deleting a namespace with state (300 map entries among it) must release
# it (kmemleak checks later).
ip netns del "$B"
log_test $? "netns with state deleted"

tap_done
