#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The hand-over of a hosted NID's state through the tool, and bad input to
# it and to the map: H1 hosts guest NID G with two correspondents; its
# state goes to H2 (export, show, import, activate) and comes back equal.
# Every bad blob or command (empty, truncated, garbage, wrong version,
# oversized, too many peers, a peer that is the NID itself, a NID already
# there, duplicate import, unknown NID, bad L64, not a hosted NID (for
# activate and deactivate), unprivileged, map table full) must fail with
# one clear line on stderr and a non-zero status, and change nothing on
# either host.  A host evacuation: 160 hosted NIDs (copies of G's state
# with active peers) imported in one -batch and activated in another;
# every one of their 320 peers is sent its LU by the announce work.
source "$(dirname "$0")/lib.sh"

require_cmd python3 nsenter
setup_ns H1 H2 || skip_all "cannot create network namespaces"
tmp=$(mktemp -d)
trap 'cleanup_all_ns; rm -rf "$tmp"' EXIT

G=0:0:0:120
BORN=fd00:b:0:1
L_H1=2001:db8:1:a
L_H2=2001:db8:2:c

# snapshot NS: its NIDs, peers (with nonces) and map, one string.
snapshot()
{
	ilnp -n "$1" -j nid show && ilnp -n "$1" -j -s peer show |
		jq -c '[.[] | {nid, local_nid, locators, state, flags, nonce_local, nonce_remote}]' &&
		ilnp -n "$1" -j map show | jq -c '[.[] | del(.age_ms)]'
}

ilnp -n "$H1" nid add $G hosted born $BORN loc $L_H1 &&
	ilnp -n "$H1" peer add 0:0:0:200 local $G loc 2001:db8:c:0 &&
	ilnp -n "$H1" peer add 0:0:0:201 local $G loc 2001:db8:d:0 \
		loc 2001:db8:e:0 pref 20
log_test $? "H1 hosts G (born $BORN, at L_H1) with two correspondents"
jq_check "nid show: G hosted, born $BORN, its own locator L_H1" \
	"$(ilnp -n "$H1" -j nid show)" \
	".[] | select(.nid == \"$G\") | .flags == [\"hosted\"] and .born == \"$BORN\" and [.locators[].locator] == [\"$L_H1\"]"

# --- the round trip ---
ilnp -n "$H1" state export $G >"$tmp/g.state"
log_test $? "state export G on H1"
json=$(ilnp -j state show "$tmp/g.state")
jq_check "state show decodes it without the kernel: version 1, G, born, hosted, both peers" \
	"$json" ".version == 1 and .nid == \"$G\" and .born == \"$BORN\" and .flags == [\"hosted\"] and ([.peers[].nid] | sort) == [\"0:0:0:200\", \"0:0:0:201\"]"
jq_check "state show: each peer's locators and our nonce" "$json" \
	"(.peers[] | select(.nid == \"0:0:0:201\") | [.locators[].locator] == [\"2001:db8:d:0\", \"2001:db8:e:0\"]) and all(.peers[]; (.nonce_local | length) >= 8)"
ilnp state show <"$tmp/g.state" | grep -q "^state version 1 nid $G born $BORN flags hosted$"
log_test $? "state show < FILE: the text form"

h1=$(snapshot "$H1") h2=$(snapshot "$H2")

# bad NS DESC STATUS REGEX CMD...: CMD fails with STATUS and one stderr
# line matching REGEX, stdout empty; neither host changes.
bad()
{
	local desc=$1 want=$2 re=$3 rc out err
	shift 3
	"$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	rc=$?
	out=$(cat "$tmp/out") err=$(cat "$tmp/err")
	[ "$rc" = "$want" ] && [ -z "$out" ] &&
		[ "$(wc -l <"$tmp/err")" = 1 ] && [[ $err =~ $re ]] &&
		[ "$(snapshot "$H1")" = "$h1" ] && [ "$(snapshot "$H2")" = "$h2" ]
	log_test $? "$desc: refused, nothing changed"
	[ "$rc" = "$want" ] && [[ $err =~ $re ]] ||
		log_info "exit $rc (wanted $want), stderr: $err"
}

# bad_import DESC STATUS REGEX FILE [NS]: "state import < FILE" on H2.
bad_import()
{
	local desc=$1 want=$2 re=$3 file=$4 ns=${5:-$H2}
	bad "$desc" "$want" "$re" sh -c 'ilnp -n "$1" state import <"$2"' _ "$ns" "$file"
}

# A state file patched: python3 expression on bytearray b.
patch() { python3 -c "import sys,struct; b=bytearray(open(sys.argv[1],'rb').read()); $2; sys.stdout.buffer.write(b)" "$tmp/g.state" >"$tmp/$1"; }

: >"$tmp/empty"
bad_import "import of an empty file" 1 "standard input: empty" "$tmp/empty"
n=$(stat -c %s "$tmp/g.state")
head -c $((n - 3)) "$tmp/g.state" >"$tmp/trunc"
bad_import "import of a file cut 3 bytes short" 1 "truncated" "$tmp/trunc"
head -c 24 "$tmp/g.state" >"$tmp/trunc2"
bad_import "import of a file cut between attributes" 1 "truncated" "$tmp/trunc2"
python3 -c 'import sys; sys.stdout.buffer.write(bytes((i * 37 + 11) % 256 for i in range(300)))' >"$tmp/garbage"
bad_import "import of garbage" 1 "not a state file" "$tmp/garbage"
head -c 70000 /dev/zero >"$tmp/big"
bad_import "import of an oversized file" 1 "oversized" "$tmp/big"
# The version is the first attribute: 4 bytes of header, then the u32.
patch v2 "b[4:8] = struct.pack('=I', 2)"
bad_import "import of another version (2)" 2 "kernel: State of another version" "$tmp/v2"
# The NID is the second: header at 8, u64 at 12.
patch nid0 "b[12:20] = struct.pack('=Q', 0)"
bad_import "import of NID 0" 2 "kernel: .*NID" "$tmp/nid0"
# The peers nest comes last: its first peer's NID becomes G itself.
python3 - "$tmp/g.state" "$tmp/self" "$tmp/many" <<'EOF'
import struct, sys
b = bytearray(open(sys.argv[1], 'rb').read())
off = 0
while off < len(b):
    l, t = struct.unpack_from('=HH', b, off)
    if (t & 0x3fff) == 35:		# ILNP_A_STATE_PEERS
        break
    off += (l + 3) & ~3
head, peers = b[:off], b[off + 4:]
l = struct.unpack_from('=H', peers, 0)[0]
first = peers[:(l + 3) & ~3]
nid = struct.unpack_from('=Q', b, 12)[0]
# the first peer's own NID attribute: its nest header, then NID (type 3)
p = bytearray(first)
o = 4
while o < len(p):
    al, at = struct.unpack_from('=HH', p, o)
    if at == 3:
        struct.pack_into('=Q', p, o + 4, nid)
        break
    o += (al + 3) & ~3
def nest(t, body):
    return struct.pack('=HH', 4 + len(body), t | 0x8000) + body
open(sys.argv[2], 'wb').write(head + nest(35, bytes(p) + peers[len(first):]))
open(sys.argv[3], 'wb').write(head + nest(35, bytes(first) * 257))
EOF
bad_import "import of a state whose peer is the NID itself" 2 "kernel: " "$tmp/self"
bad_import "import of 257 peers (at most 256)" 2 "kernel: State: more than 256 peers" "$tmp/many"
bad_import "import of a NID the host has (H1, G live)" 2 "kernel: .*([Ee]xist|[Aa]lready)" "$tmp/g.state" "$H1"
bad "export of a NID not here" 2 "kernel: NID not found" \
	ilnp -n "$H2" state export 0:0:0:999
bad "export of a bad NID" 1 'invalid NID "x"' ilnp -n "$H1" state export x
bad "activate of a NID not here" 2 "kernel: NID not found" \
	ilnp -n "$H2" state activate $G $L_H2
bad "activate at a bad L64" 1 'invalid locator "2001:db8::/48"' \
	ilnp -n "$H1" state activate $G 2001:db8::/48
bad "activate at a multicast L64" 2 "kernel: Locator must be" \
	ilnp -n "$H1" state activate $G ff02:0:0:0
ilnp -n "$H2" nid add 0:0:0:77 && h2=$(snapshot "$H2")
bad "activate of a NID that is not hosted" 2 "kernel: Not a hosted NID" \
	ilnp -n "$H2" state activate 0:0:0:77 $L_H2
bad "deactivate of a NID that is not hosted" 2 "kernel: Not a hosted NID" \
	ilnp -n "$H2" state deactivate 0:0:0:77
bad "deactivate of a NID not here" 2 "kernel: NID not found" \
	ilnp -n "$H2" state deactivate 0:0:0:999
bad "deactivate with two NIDs" 1 'unexpected argument "0:0:0:78"' \
	ilnp -n "$H1" state deactivate $G 0:0:0:78
bad "import of a missing file" 1 "$tmp/none: No such file" ilnp -n "$H2" state import "$tmp/none"
bad "import with two files" 1 'unexpected argument "extra"' ilnp -n "$H2" state import "$tmp/g.state" extra
bad "state show of a truncated file" 1 "truncated" ilnp state show "$tmp/trunc"
bad "state show of a missing file" 1 "No such file" ilnp state show "$tmp/none"

chmod 0755 "$tmp" && chmod 0644 "$tmp/g.state"
# Unprivileged: uid 65534, no capabilities, in the host's namespace.
nobody() { local ns=$1; shift; nsenter --net=/run/netns/"$ns" --setuid=65534 --setgid=65534 -- "$@"; }
bad "export as nobody (session secrets)" 2 "needs root or CAP_NET_ADMIN" \
	nobody "$H1" ilnp state export $G
bad "import as nobody" 2 "needs root or CAP_NET_ADMIN" \
	nobody "$H2" sh -c "ilnp state import <$tmp/g.state"
bad "activate as nobody" 2 "needs root or CAP_NET_ADMIN" \
	nobody "$H1" ilnp state activate $G $L_H2
bad "deactivate as nobody" 2 "needs root or CAP_NET_ADMIN" \
	nobody "$H1" ilnp state deactivate $G
bad "hosted nid add as nobody" 2 "needs root or CAP_NET_ADMIN" \
	nobody "$H2" ilnp nid add 0:0:0:121 hosted born $BORN

# --- the good import, a duplicate, the activation ---
ilnp -n "$H2" state import <"$tmp/g.state"
log_test $? "state import on H2"
jq_check "G on H2: hosted and inactive, born $BORN" "$(ilnp -n "$H2" -j nid show)" \
	".[] | select(.nid == \"$G\") | .flags == [\"hosted\", \"inactive\"] and .born == \"$BORN\""
jq_check "H2 has both correspondents of G with H1's nonces" \
	"$(ilnp -n "$H2" -j -s peer show | jq -c '[.[] | select(.local_nid == "'$G'") | {nid, locators, nonce_local, nonce_remote}] | sort_by(.nid)')" \
	". == $(ilnp -n "$H1" -j -s peer show | jq -c '[.[] | select(.local_nid == "'$G'") | {nid, locators, nonce_local, nonce_remote}] | sort_by(.nid)')"
h2=$(snapshot "$H2")
bad_import "a second import of the same state" 2 "kernel: .*([Ee]xist|[Aa]lready)" "$tmp/g.state"
ilnp -n "$H2" state export $G >"$tmp/back.state"
log_test $? "state export of the imported (inactive) G on H2"
peers_sorted() { ilnp -j state show "$1" | jq -cS '.peers |= sort_by(.nid)'; }
[ "$(peers_sorted "$tmp/back.state")" = "$(peers_sorted "$tmp/g.state")" ]
log_test $? "round trip: H2's export decodes as H1's"
ilnp -n "$H2" state activate $G $L_H2
log_test $? "state activate G at L_H2 on H2"
jq_check "G on H2: live (not inactive) at L_H2" "$(ilnp -n "$H2" -j nid show)" \
	".[] | select(.nid == \"$G\") | .flags == [\"hosted\"] and [.locators[].locator] == [\"$L_H2\"]"

# --- a cut-over: deactivate, then a final export; cancelled, activate ---
ilnp -n "$H2" state deactivate $G && ilnp -n "$H2" state deactivate $G
log_test $? "state deactivate G on H2, twice (an inactive NID stays so)"
jq_check "G on H2: hosted and inactive, still at L_H2" "$(ilnp -n "$H2" -j nid show)" \
	".[] | select(.nid == \"$G\") | .flags == [\"hosted\", \"inactive\"] and [.locators[].locator] == [\"$L_H2\"]"
ilnp -n "$H2" state export $G >"$tmp/final.state" &&
	[ "$(peers_sorted "$tmp/final.state")" = "$(peers_sorted "$tmp/g.state")" ]
log_test $? "the export of the deactivated G holds its peers as imported"
ilnp -n "$H2" state activate $G $L_H2
jq_check "a cancelled cut-over: activate makes G live at L_H2 again" \
	"$(ilnp -n "$H2" -j nid show)" \
	".[] | select(.nid == \"$G\") | .flags == [\"hosted\"] and [.locators[].locator] == [\"$L_H2\"]"

# --- a host evacuation: many hosted NIDs activated at once ---
# EVAC copies of G's state, each its own NID, its two peers made active
# (confirmed, the peer's nonce known, as a live session's are): one -batch
# imports them all on H3, one activates them all, and the announce work
# sends every peer its LU, in batches of 256, after the requests returned.
EVAC=${ILNP_EVAC:-160}
mkdir -p "$tmp/evac"
python3 -S - "$tmp/g.state" "$tmp/evac" "$EVAC" <<'EOF'
import struct, sys
A_NID, A_PEER_STATE, A_NONCE_LOCAL, A_NONCE_REMOTE = 3, 12, 15, 16
A_STATE_PEERS, A_STATE_PEER, NESTED = 35, 36, 0x8000

def attrs(b):
    off = 0
    while off + 4 <= len(b):
        l, t = struct.unpack_from('=HH', b, off)
        yield t & 0x3fff, t, bytes(b[off + 4:off + l])
        off += (l + 3) & ~3

def attr(t, body):
    a = struct.pack('=HH', 4 + len(body), t) + body
    return a + b'\0' * (-len(a) % 4)

src = open(sys.argv[1], 'rb').read()
for i in range(int(sys.argv[3])):
    out = b''
    for typ, t, body in attrs(src):
        if typ == A_NID and len(out) < 16:
            body = struct.pack('=Q', 0x1000 + i)
        elif typ == A_STATE_PEERS:
            peers = b''
            for _, pt, pb in attrs(body):
                fields = {a[0]: a for a in attrs(pb)}
                nb = b''
                for ft, ftt, fb in attrs(pb):
                    if ft == A_PEER_STATE:
                        fb = b'\1'		# confirmed
                    nb += attr(ftt, fb)
                if A_NONCE_REMOTE not in fields:
                    n = len(fields[A_NONCE_LOCAL][2])
                    nb += attr(A_NONCE_REMOTE, bytes((i + k) % 256 | 1 for k in range(n)))
                peers += attr(pt, nb)
            body = peers
        out += attr(t, body)
    open('%s/%03d.state' % (sys.argv[2], i), 'wb').write(out)
EOF
log_test $? "$EVAC copies of G's state, NIDs 0:0:0:1000 on, two active peers each"
# (H3's LUs leave by a dummy link: they need a route, not an answer.)
setup_ns H3 && ip -n "$H3" -batch - <<-EOF
	link add d0 type dummy
	link set d0 up
	addr add 2001:db8:3::1/64 dev d0 nodad
	route add ::/0 dev d0
EOF
log_test $? "H3, a host whose LUs leave by a dummy link"
for ((i = 0; i < EVAC; i++)); do
	printf 'state import %s/%03d.state\n' "$tmp/evac" $i
done | ilnp -n "$H3" -batch -
log_test $? "H3 imports all $EVAC in one -batch"
jq_check "all $EVAC hosted and inactive on H3, with $((2 * EVAC)) peers" \
	"$(printf '{"nids":%s,"peers":%s}' "$(ilnp -n "$H3" -j nid show)" \
		"$(ilnp -n "$H3" -j peer show)")" \
	"(.nids | length == $EVAC and all(.[]; .flags == [\"hosted\", \"inactive\"])) and
	 (.peers | length == $((2 * EVAC)) and all(.[]; .state == \"confirmed\"))"
for ((i = 0; i < EVAC; i++)); do
	printf 'state activate 0:0:0:%x 2001:db8:3:0\n' $((0x1000 + i))
done | ilnp -n "$H3" -batch -
log_test $? "H3 activates all $EVAC in one -batch"
end=$((SECONDS + 60))
while [ "$(ilnp -n "$H3" -j stats | jq '.lu_sent - .lu_retrans')" -lt $((2 * EVAC)) ] &&
	[ $SECONDS -lt $end ]; do
	snooze 0.5
done
evac=$(printf '{"s":%s,"n":%s,"p":%s}' "$(ilnp -n "$H3" -j stats)" \
	"$(ilnp -n "$H3" -j nid show)" "$(ilnp -n "$H3" -j -s peer show)")
log_info "H3: $(printf '%s' "$evac" | jq -c '{s: .s | with_entries(select(.key | startswith("lu"))), p: [.p[] | {state, flags}] | group_by(.) | map({n: length, v: .[0]})}')"
# (Unanswered here, each is repeated: lu_retrans counts those.)
jq_checks "$evac" \
	"all $EVAC live on H3" '.n | all(.[]; .flags == ["hosted"])' \
	"every one of the $((2 * EVAC)) peers was sent its LU, one first each" \
	".s.lu_sent - .s.lu_retrans == $((2 * EVAC)) and (.p | all(.[]; .stats.lu_sent >= 1))"

# --- the map: a table that is full ---
if [ -w /sys/module/ilnp/parameters/map_max ]; then
	old=$(cat /sys/module/ilnp/parameters/map_max)
	echo 2 >/sys/module/ilnp/parameters/map_max
	setup_ns M
	echo "$old" >/sys/module/ilnp/parameters/map_max
	ilnp -n "$M" map add 0:0:0:1 ext 2001:db8:1:0 int fd00:1:0:1 &&
		ilnp -n "$M" map add 0:0:0:2 ext 2001:db8:1:0 int fd00:1:0:2
	log_test $? "map of a namespace made with map_max 2: two entries"
	m0=$(ilnp -n "$M" -j map show | jq -c '[.[] | del(.age_ms)]')
	ilnp -n "$M" map add 0:0:0:3 ext 2001:db8:1:0 int fd00:1:0:3 2>"$tmp/err"
	rc=$?
	[ "$rc" = 2 ] && grep -q "^ilnp: kernel: Map full" "$tmp/err" &&
		[ "$(ilnp -n "$M" -j map show | jq -c '[.[] | del(.age_ms)]')" = "$m0" ]
	log_test $? "a third entry: refused (map full), the map unchanged"
	ilnp -n "$M" map set 0:0:0:2 int fd00:1:0:9 seq 1
	log_test $? "a full map still takes updates of its entries"
else
	log_skip "map table full" "no writable map_max parameter"
fi

tap_done
