#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ilnp-timeout: 1200
#
# The ilnp command on bad input, table-driven: every row of $bad_rows is a
# command line that must exit with the given status, print nothing on stdout
# and one line on stderr that names the bad token (or carries the kernel's
# extended ACK), and leave the kernel state (NIDs, locators, peers,
# prefixes, the map, read back with "ilnp -j ... show") as it was.  Then command lines
# that must work (abbreviations, JSON output, help) and the event monitor.
source "$(dirname "$0")/lib.sh"

require_cmd python3 nsenter timeout
setup_ns NS OTHER || skip_all "cannot create network namespaces"

# How "nobody" rows run: in $NS, as uid/gid 65534 without supplementary
# groups, and so without any capability.
NOBODY=(nsenter --net=/run/netns/"$NS" --setuid=65534 --setgid=65534 --)

# The state every row starts from (and must end with).
check_cmd "setup: nid add" ilnp -n "$NS" nid add 0:0:0:1
check_cmd "setup: locator add" ilnp -n "$NS" loc add 2001:db8:1:0 pref 20
check_cmd "setup: peer add" ilnp -n "$NS" peer add 0:0:0:7 loc 2001:db8:9:0
check_cmd "setup: prefix add" ilnp -n "$NS" prefix add 2001:db8:100::/40
check_cmd "setup: map add" ilnp -n "$NS" map add 0:0:0:5 ext 2001:db8:100:0 \
	int 2001:db8:2:0 seq 5

# ns_state: STATE := the NIDs, locators, peers, prefixes and map entries of
# $NS, the JSON of "ilnp -j OBJECT show" one line each (without the entries'
# age, which grows); fails if a show fails.  (The guest is slow to start a
# process: the five shows run in one -batch, and jq looks at STATE only
# when it matters.)
ns_state()
{
	STATE=$(printf '%s show\n' nid locator peer prefix map |
		ilnp -n "$NS" -j -batch - | sed -e 's/,"age_ms":[0-9]*//g')
	# (A failed show stops the batch: fewer than five lines.)
	local -a l
	mapfile -t l <<<"$STATE"
	[ ${#l[@]} = 5 ]
}

# state_check DESC: STATE is five JSON arrays: the set-up NID, locator,
# peer, prefix and map entry.
state_check()
{
	jq_check "$1" "$(printf '%s' "$STATE" | jq -cs .)" \
		'length == 5 and .[0] == [{"nid": "0:0:0:1", "flags": []}] and
		 [.[1][].locator] == ["2001:db8:1:0"] and
		 [.[2][] | [.nid, .local_nid]] == [["0:0:0:7", "0:0:0:1"]] and
		 .[3] == [{"prefix": "2001:db8:100::/40"}] and
		 .[4] == [{"nid": "0:0:0:5", "ext": "2001:db8:100:0",
			   "int": "2001:db8:2:0", "seq": 5, "flags": []}]'
}

# Batch files for the -batch rows: a bad line after a comment and a blank
# line is named by its number.
batch=/tmp/cli-batch.$$
printf '# a comment\n\nloc add 2001:db8:1:g\n' >"$batch.bad"
printf 'nid show\n' >"$batch.ok"

# Bad command lines.  Columns, separated by "|":
#   exit status | who runs it (root, or nobody: no capabilities, in $NS) |
#   extended regex the stderr line must match after "ilnp: " (it may hold
#   "|" itself: the last column starts after the last "|") |
#   arguments of ilnp; @NS and @OTHER stand for the test namespaces (in the
#   regex too)
# The extended ACK texts of the rows marked "loose" below are not written
# yet: they match the errno's text or words a message would likely use.
bad_rows='
1|root|invalid NID "0:0:0:g"$|-n @NS nid add 0:0:0:g
1|root|invalid NID "1:2:3"$|-n @NS nid add 1:2:3
1|root|invalid NID "1:2:3:4:5"$|-n @NS nid add 1:2:3:4:5
1|root|invalid NID "10000:0:0:1"$|-n @NS nid add 10000:0:0:1
1|root|invalid NID "1:2:3"$|-n @NS nid del 1:2:3
1|root|a hosted NID needs "born L64" \(the guest.s own locator\)$|-n @NS nid add 0:0:0:8 hosted
1|root|"born" and "loc" are for a hosted NID; give "hosted"$|-n @NS nid add 0:0:0:8 born fd00:b:0:1
1|root|"hosted" given twice$|-n @NS nid add 0:0:0:8 hosted hosted born fd00:b:0:1
1|root|"auto" is for a NID of this node.s own, alone|-n @NS nid add 0:0:0:8 auto hosted born fd00:b:0:1
1|root|"auto" given twice$|-n @NS nid add 0:0:0:8 auto auto
1|root|invalid locator "x"$|-n @NS nid add 0:0:0:8 hosted born x
1|root|invalid NID "0:0:0:g"$|-n @NS peer add 0:0:0:g loc 2001:db8:2:0
1|root|invalid locator "2001:db8:1:g"$|-n @NS loc add 2001:db8:1:g
1|root|invalid locator "2001:db8::/48" \(prefix length must be 64\)$|-n @NS loc add 2001:db8::/48
1|root|invalid locator "2001:db8:1::1/64" \(bits set beyond /64\)$|-n @NS loc add 2001:db8:1::1/64
1|root|invalid locator "2001:db8::/48" \(prefix length must be 64\)$|-n @NS peer add 0:0:0:8 loc 2001:db8::/48
1|root|invalid locator "2001:db8::/48" \(prefix length must be 64\)$|-n @NS loc del 2001:db8::/48
1|root|invalid locator "x"$|-n @NS rebind x
1|root|invalid locator "2001:db8:6::/63" \(prefix length must be 64\)$|-n @NS rebind 2001:db8:5:0 from 2001:db8:6::/63
1|root|preference 65536 out of range \(0-65535\)$|-n @NS loc add 2001:db8:2:0 pref 65536
1|root|invalid preference "-1"$|-n @NS loc add 2001:db8:2:0 pref -1
1|root|invalid preference "-1"$|-n @NS loc set 2001:db8:1:0 pref -1
1|root|preference 65536 out of range \(0-65535\)$|-n @NS peer add 0:0:0:8 loc 2001:db8:2:0 pref 65536
1|root|lifetime 4294967296 out of range \(0-4294967295 or "forever"\)$|-n @NS loc add 2001:db8:2:0 lifetime 4294967296
1|root|lifetime 4294967296 out of range|-n @NS peer add 0:0:0:8 loc 2001:db8:2:0 lifetime 4294967296
1|root|invalid lifetime "soon"$|-n @NS loc set 2001:db8:1:0 lifetime soon
1|root|unknown object "bogus"; try "ilnp help"$|-n @NS bogus
1|root|unknown object "bogus"; try "ilnp help"$|help bogus
1|root|unknown command "bogus"; try "ilnp nid help"$|-n @NS nid bogus
1|root|unknown command "bogus"; try "ilnp locator help"$|-n @NS loc bogus
1|root|unknown command "bogus"; try "ilnp stats help"$|-n @NS stats bogus
1|root|unexpected argument "bogus"; try "ilnp monitor help"$|-n @NS monitor bogus
1|root|unexpected argument "all"; try "ilnp info help"$|-n @NS info all
1|root|unexpected argument "some"; try "ilnp peer help"$|-n @NS peer flush some
1|root|"m" is ambiguous \(map, monitor, migrate\)$|-n @NS m show
1|root|unknown option "-x"; try "ilnp help"$|-x nid show
1|root|missing NID; try "ilnp nid help"$|-n @NS nid del
1|root|missing L64; try "ilnp locator help"$|-n @NS loc add
1|root|missing NID; try "ilnp peer help"$|-n @NS peer add
1|root|missing L64; try "ilnp rebind help"$|-n @NS rebind
1|root|"pref" needs an argument$|-n @NS loc add 2001:db8:2:0 pref
1|root|"from" needs an argument$|-n @NS rebind 2001:db8:2:0 from
1|root|"-n" needs an argument$|-n
1|root|"-batch" needs an argument$|-n @NS -batch
1|root|line 3: invalid locator "2001:db8:1:g"$|-n @NS -b @BATCH.bad
1|root|unexpected argument "nid" after -batch FILE$|-n @NS -b @BATCH.ok nid show
1|root|cannot open batch file "/nonexistent/batch": No such file or directory$|-n @NS -b /nonexistent/batch
1|root|missing locator; give "loc L64" or an address as NID$|-n @NS peer add 0:0:0:8
1|root|"pref" must follow "loc L64"$|-n @NS peer add 0:0:0:8 pref 3 loc 2001:db8:2:0
1|root|locator "2001:db8:2::/64" given twice$|-n @NS peer add 0:0:0:8 loc 2001:db8:2:0 loc 2001:db8:2::/64
1|root|"pref" given twice$|-n @NS loc add 2001:db8:2:0 pref 1 pref 2
1|root|unexpected argument "0:0:0:2"; try "ilnp nid help"$|-n @NS nid add 0:0:0:3 0:0:0:2
1|root|nothing to set; give pref, lifetime or dev$|-n @NS loc set 2001:db8:1:0
1|root|cannot find device "nosuchdev0"$|-n @NS loc add 2001:db8:2:0 dev nosuchdev0
1|root|cannot rebind from "2001:db8:1::/64" to itself$|-n @NS rebind 2001:db8:1:0 from 2001:db8:1::/64
1|root|missing NID; try "ilnp map help"$|-n @NS map add
1|root|missing "ext L64"; try "ilnp map help"$|-n @NS map add 0:0:0:6
1|root|missing "ext L64"; try "ilnp map help"$|-n @NS map add 0:0:0:6 int 2001:db8:2:0 seq 1 ilnp
1|root|missing "int L64"; try "ilnp map help"$|-n @NS map add 0:0:0:6 ext 2001:db8:100:0
1|root|missing "int L64"; try "ilnp map help"$|-n @NS map add 2001:db8:100::6
1|root|invalid NID "0:0:0:g"$|-n @NS map add 0:0:0:g ext 2001:db8:100:0 int 2001:db8:2:0
1|root|invalid NID "1:2:3"$|-n @NS map set 1:2:3 seq 6
1|root|invalid locator "2001:db8:100:g"$|-n @NS map add 0:0:0:6 ext 2001:db8:100:g int 2001:db8:2:0
1|root|invalid locator "2001:db8::/48" \(prefix length must be 64\)$|-n @NS map add 0:0:0:6 ext 2001:db8:100:0 int 2001:db8::/48
1|root|invalid locator "2001:db8:3::1/64" \(bits set beyond /64\)$|-n @NS map set 0:0:0:5 int 2001:db8:3::1/64
1|root|invalid locator "seq"$|-n @NS map set 0:0:0:5 ext seq 6
1|root|invalid seq "-1"$|-n @NS map set 0:0:0:5 seq -1
1|root|invalid seq "1k"$|-n @NS map add 0:0:0:6 ext 2001:db8:100:0 int 2001:db8:2:0 seq 1k
1|root|invalid seq "ilnp"$|-n @NS map add 0:0:0:6 ext 2001:db8:100:0 int 2001:db8:2:0 seq ilnp
1|root|seq 18446744073709551616 out of range \(0-18446744073709551615\)$|-n @NS map set 0:0:0:5 seq 18446744073709551616
1|root|"seq" needs an argument$|-n @NS map set 0:0:0:5 seq
1|root|"int" needs an argument$|-n @NS map add 0:0:0:6 ext 2001:db8:100:0 int
1|root|"ext" given twice$|-n @NS map add 0:0:0:6 ext 2001:db8:100:0 ext 2001:db8:100:0 int 2001:db8:2:0
1|root|"ext" given twice \(an address as NID gives one\)$|-n @NS map add 2001:db8:100::6 ext 2001:db8:100:0 int 2001:db8:2:0
1|root|"internal" given twice$|-n @NS map set 0:0:0:5 int 2001:db8:3:0 internal 2001:db8:4:0
1|root|"seq" given twice$|-n @NS map set 0:0:0:5 seq 6 seq 7
1|root|"ilnp" given twice$|-n @NS map add 0:0:0:6 ext 2001:db8:100:0 int 2001:db8:2:0 ilnp ilnp
1|root|"ilnp" given twice$|-n @NS map set 0:0:0:5 ilnp on ilnp off
1|root|"ilnp" needs an argument$|-n @NS map set 0:0:0:5 ilnp
1|root|invalid value "maybe" for "ilnp" \(on or off\)$|-n @NS map set 0:0:0:5 ilnp maybe
1|root|invalid value "o" for "ilnp" \(on or off\)$|-n @NS map set 0:0:0:5 ilnp o
1|root|"pointer" is given to map add only \(a pointer stays one\)$|-n @NS map set 0:0:0:5 pointer
1|root|"pointer" given twice$|-n @NS map add 0:0:0:6 ext 2001:db8:100:0 int 2001:db8:2:0 pointer pointer
1|root|unexpected argument "on"; try "ilnp map help"$|-n @NS map add 0:0:0:6 ext 2001:db8:100:0 int 2001:db8:2:0 pointer on
1|root|unexpected argument "on"; try "ilnp map help"$|-n @NS map add 0:0:0:6 ext 2001:db8:100:0 int 2001:db8:2:0 ilnp on
1|root|unexpected argument "bogus"; try "ilnp map help"$|-n @NS map add 0:0:0:6 ext 2001:db8:100:0 int 2001:db8:2:0 bogus
1|root|unexpected argument "2001:db8:2:0"; try "ilnp map help"$|-n @NS map set 0:0:0:5 2001:db8:2:0
1|root|"i" is ambiguous \(int, ilnp\)$|-n @NS map set 0:0:0:5 i 2001:db8:3:0
1|root|nothing to set; give ext, int, seq or ilnp$|-n @NS map set 0:0:0:5
1|root|missing NID; try "ilnp map help"$|-n @NS map set
1|root|missing NID; try "ilnp map help"$|-n @NS map del
1|root|invalid NID "x"$|-n @NS map del x
1|root|unexpected argument "0:0:0:6"; try "ilnp map help"$|-n @NS map del 0:0:0:5 0:0:0:6
1|root|invalid NID "2001:db8:100::/64"$|-n @NS map show 2001:db8:100::/64
1|root|unexpected argument "all"; try "ilnp map help"$|-n @NS map flush all
1|root|unknown command "bogus"; try "ilnp map help"$|-n @NS map bogus
1|root|missing EXT; try "ilnp map help"$|-n @NS map neutral
1|root|missing INT; try "ilnp map help"$|-n @NS map neutral 2001:db8:100:0
1|root|invalid locator "x"$|-n @NS map neutral x 2001:db8:2:0
1|root|invalid locator "2001:db8::/48" \(prefix length must be 64\)$|-n @NS map neutral 2001:db8:100:0 2001:db8::/48
1|root|unexpected argument "2001:db8:3:0"; try "ilnp map help"$|-n @NS map neutral 2001:db8:100:0 2001:db8:2:0 2001:db8:3:0
1|root|"2001:db8:1:9" has the first three groups of "2001:db8:1:5": the only neutral choice is "2001:db8:1:5" itself$|map neutral 2001:db8:1:5 2001:db8:1:9
1|root|invalid NID "0:0:0:g"$|-n @NS peer add 0:0:0:8 local 0:0:0:g loc 2001:db8:2:0
1|root|invalid NID "x"$|-n @NS peer del 0:0:0:7 local x
1|root|invalid NID "local"$|-n @NS peer show local 0:0:0:1
1|root|"local" needs an argument$|-n @NS peer add 0:0:0:8 loc 2001:db8:2:0 local
1|root|"local" given twice$|-n @NS peer add 0:0:0:8 local 0:0:0:1 local 0:0:0:1 loc 2001:db8:2:0
1|root|"local" given twice$|-n @NS peer del 0:0:0:7 local 0:0:0:1 local 0:0:0:1
1|root|"loc" given twice$|-n @NS peer del 0:0:0:7 loc 2001:db8:9:0 loc 2001:db8:8:0
1|root|"loc" given twice$|-n @NS peer show 0:0:0:7 loc 2001:db8:9:0 loc 2001:db8:9:0
1|root|"loc" needs an argument$|-n @NS peer del 0:0:0:7 loc
1|root|"loc" given twice \(an address as NID gives one\)$|-n @NS peer del 2001:db8:9::7 loc 2001:db8:9:0
1|root|"loc" given twice \(an address as NID gives one\)$|-n @NS peer show 2001:db8:9::7 loc 2001:db8:8:0
1|root|unexpected argument "pref"; try "ilnp peer help"$|-n @NS peer del 0:0:0:7 pref 3
1|root|unexpected argument "lifetime"; try "ilnp peer help"$|-n @NS peer show 0:0:0:7 loc 2001:db8:9:0 lifetime 5
1|root|unexpected argument "bogus"; try "ilnp peer help"$|-n @NS peer del 0:0:0:7 bogus
1|root|invalid locator "2001:db8::/48" \(prefix length must be 64\)$|-n @NS peer del 0:0:0:7 loc 2001:db8::/48
1|root|"lo" is ambiguous \(locator, local\)$|-n @NS peer del 0:0:0:7 lo 2001:db8:9:0
1|root|"l" is ambiguous \(locator, lifetime, local\)$|-n @NS peer add 0:0:0:8 l 2001:db8:2:0
1|root|missing NID; try "ilnp peer help"$|-n @NS peer del
1|root|"pref" must follow "loc L64"$|-n @NS peer add 0:0:0:8 local 0:0:0:1 pref 3
1|root|missing locator; give "loc L64" or an address as NID$|-n @NS peer add 0:0:0:8 local 0:0:0:1
1|root|missing PREFIX/LEN; try "ilnp prefix help"$|-n @NS prefix add
1|root|missing PREFIX/LEN; try "ilnp prefix help"$|-n @NS prefix del
1|root|invalid prefix "2001:db8::" \(missing "/LEN"\)$|-n @NS prefix add 2001:db8::
1|root|invalid prefix "2001:db8:100::" \(missing "/LEN"\)$|-n @NS prefix del 2001:db8:100::
1|root|invalid prefix "2001:db8::/129" \(length 129 out of range 0-128\)$|-n @NS prefix add 2001:db8::/129
1|root|invalid prefix "2001:db8::/99999999999999999999" \(length 99999999999999999999 out of range 0-128\)$|-n @NS prefix del 2001:db8::/99999999999999999999
1|root|invalid prefix "2001:db8::/-1"$|-n @NS prefix add 2001:db8::/-1
1|root|invalid prefix "2001:db8::/0x20"$|-n @NS prefix add 2001:db8::/0x20
1|root|invalid prefix "2001:db8::/"$|-n @NS prefix add 2001:db8::/
1|root|invalid prefix "2001:db8::/32x"$|-n @NS prefix add 2001:db8::/32x
1|root|invalid prefix "2001:db8:zz::/32"$|-n @NS prefix add 2001:db8:zz::/32
1|root|invalid prefix "192\.0\.2\.0/24"$|-n @NS prefix add 192.0.2.0/24
1|root|invalid prefix "2001:db8:1:0/64"$|-n @NS prefix add 2001:db8:1:0/64
1|root|invalid prefix "2001:db8:1::/32" \(bits 0:0:1:: set beyond /32; did you mean 2001:db8::/32\?\)$|-n @NS prefix add 2001:db8:1::/32
1|root|invalid prefix "2001:db8:100::1/40" \(bits ::1 set beyond /40; did you mean 2001:db8:100::/40\?\)$|-n @NS prefix del 2001:db8:100::1/40
1|root|invalid prefix "2001:db8:c001::/33" \(bits 0:0:4001:: set beyond /33; did you mean 2001:db8:8000::/33\?\)$|-n @NS prefix add 2001:db8:c001::/33
1|root|invalid prefix "::1/0" \(bits ::1 set beyond /0; did you mean ::/0\?\)$|-n @NS prefix add ::1/0
1|root|unexpected argument "2001:db8:200::/40"; try "ilnp prefix help"$|-n @NS prefix add 2001:db8:100::/40 2001:db8:200::/40
1|root|unexpected argument "all"; try "ilnp prefix help"$|-n @NS prefix show all
1|root|unknown command "bogus"; try "ilnp prefix help"$|-n @NS prefix bogus
1|root|unknown command "flush"; try "ilnp prefix help"$|-n @NS prefix flush
2|root|kernel: NID already exists$|-n @NS nid add 0:0:0:1
2|root|kernel: Locator already exists$|-n @NS loc add 2001:db8:1:0 pref 5
# loose: a locator of an entry of the same two NIDs (EEXIST)
2|root|kernel: .*([Ee]xist|[Aa]lready|[Dd]uplicate|in use)|-n @NS peer add 0:0:0:7 loc 2001:db8:9:0
2|root|kernel: .*([Ee]xist|[Aa]lready|[Dd]uplicate|in use)|-n @NS peer add 0:0:0:7 local 0:0:0:1 loc 2001:db8:3:0 loc 2001:db8:9:0
2|root|kernel: NID not found$|-n @NS nid del 0:0:0:9
2|root|kernel: Locator not found$|-n @NS loc del 2001:db8:99:0
2|root|kernel: Locator not found$|-n @NS loc set 2001:db8:99:0 pref 1
2|root|kernel: Peer not found$|-n @NS peer del 0:0:0:9
2|root|kernel: NID not found$|-j -n @NS nid show 0:0:0:9
2|root|kernel: Peer not found$|-j -n @NS peer show 0:0:0:9
# loose: no entry of the peer NID matches local or loc (ENOENT)
2|root|kernel: .*([Nn]ot found|[Nn]o such|[Nn]o peer|[Ll]ocal)|-n @NS peer del 0:0:0:7 local 0:0:0:9
2|root|kernel: .*([Nn]ot found|[Nn]o such|[Nn]o peer)|-n @NS peer del 0:0:0:7 loc 2001:db8:3:0
2|root|kernel: .*([Nn]ot found|[Nn]o such|[Nn]o peer)|-n @NS peer del 0:0:0:7 local 0:0:0:1 loc 2001:db8:3:0
2|root|kernel: .*([Nn]ot found|[Nn]o such|[Nn]o peer|[Ll]ocal)|-j -n @NS peer show 0:0:0:7 local 0:0:0:9
2|root|kernel: .*([Nn]ot found|[Nn]o such|[Nn]o peer)|-j -n @NS peer show 0:0:0:7 loc 2001:db8:3:0
2|root|kernel: .*([Nn]ot found|[Nn]o such|[Nn]o peer)|-n @NS peer del 2001:db8:3::7
# loose: peer add without "local" where there is no local NID (EINVAL)
2|root|kernel: .*([Ll]ocal|NID|local_nid)|-n @OTHER peer add 0:0:0:8 loc 2001:db8:2:0
# loose: a prefix already there (EEXIST), one that is not (ENOENT)
2|root|kernel: .*([Ee]xist|[Aa]lready|[Dd]uplicate)|-n @NS prefix add 2001:db8:100::/40
2|root|kernel: .*([Ee]xist|[Aa]lready|[Dd]uplicate)|-n @NS prefix add 2001:db8:100:0:0::/40
2|root|kernel: .*([Nn]ot found|[Nn]o such)|-n @NS prefix del 2001:db8:200::/40
2|root|kernel: .*([Nn]ot found|[Nn]o such)|-n @NS prefix del 2001:db8:100::/48
2|root|kernel: .*([Nn]ot found|[Nn]o such)|-n @OTHER prefix del 2001:db8:100::/40
2|root|kernel: Old locator not found$|-n @NS rebind 2001:db8:5:0 from 2001:db8:6:0
2|root|kernel: Locator must be a unicast L64, not zero, multicast or link-local$|-n @NS loc add ff02:0:0:0
2|root|kernel: Locator must be a unicast L64, not zero, multicast or link-local$|-n @NS loc add ff00::/64
2|root|kernel: Locator must be a unicast L64, not zero, multicast or link-local$|-n @NS loc add 0:0:0:0
2|root|kernel: Locator must be a unicast L64, not zero, multicast or link-local$|-n @NS loc del ff02::1
2|root|kernel: Locator must be a unicast L64, not zero, multicast or link-local$|-n @NS peer add 0:0:0:8 loc ff02:0:0:0
2|root|kernel: Locator must be a unicast L64, not zero, multicast or link-local$|-n @NS peer add 0:0:0:8 loc 2001:db8:2:0 loc ::/64
2|root|kernel: Locator must be a unicast L64, not zero, multicast or link-local$|-n @NS rebind ::/64
2|root|kernel: Locator must be a unicast L64, not zero, multicast or link-local$|-n @NS rebind 2001:db8:2:0 from ff02:0:0:0
2|root|kernel: Locator must be a unicast L64, not zero, multicast or link-local$|-n @NS loc add fe80:0:0:0
2|root|kernel: Locator must be a unicast L64, not zero, multicast or link-local$|-n @NS peer add 0:0:0:8 loc fe80::/64
2|root|kernel: NID must not be zero$|-n @NS nid add 0:0:0:0
2|root|kernel: NID must not be zero$|-n @NS nid add 2001:db8:1::
2|root|kernel: NID must not be zero$|-n @NS peer add 0:0:0:0 loc 2001:db8:2:0
2|root|kernel: Map entry for this NID already exists$|-n @NS map add 0:0:0:5 ext 2001:db8:100:0 int 2001:db8:3:0
2|root|kernel: Map entry for this NID already exists$|-n @NS map add 2001:db8:200::5 int 2001:db8:3:0 seq 9
2|root|kernel: No map entry for this NID$|-n @NS map set 0:0:0:9 int 2001:db8:3:0
2|root|kernel: No map entry for this NID$|-n @NS map set 0:0:0:1 seq 9
2|root|kernel: No map entry for this NID$|-n @NS map del 0:0:0:9
2|root|kernel: No map entry for this NID$|-n @NS map show 0:0:0:9
2|root|kernel: No map entry for this NID$|-j -n @NS map show 0:0:0:9
2|root|kernel: No map entry for this NID$|-n @OTHER map set 0:0:0:5 seq 9
2|root|kernel: Stale update: the entry has a newer seq$|-n @NS map set 0:0:0:5 seq 4
2|root|kernel: Stale update: the entry has a newer seq$|-n @NS map set 0:0:0:5 int 2001:db8:3:0 seq 0 ilnp on
2|root|kernel: Outside and inside locator are the same$|-n @NS map add 0:0:0:6 ext 2001:db8:100:0 int 2001:db8:100::/64
2|root|kernel: Outside and inside locator are the same$|-n @NS map add 2001:db8:100::6 int 2001:db8:100::6
2|root|kernel: Outside and inside locator are the same$|-n @NS map set 0:0:0:5 int 2001:db8:100:0 seq 6
2|root|kernel: Outside and inside locator are the same$|-n @NS map set 2001:db8:2::5
2|root|kernel: NID is one of ours: a node behind us has its own$|-n @NS map add 0:0:0:1 ext 2001:db8:100:0 int 2001:db8:2:0
2|root|kernel: NID is one of ours: a node behind us has its own$|-n @NS map add 2001:db8:100::1 int 2001:db8:2:0 ilnp
2|root|kernel: NID must not be zero$|-n @NS map add 0:0:0:0 ext 2001:db8:100:0 int 2001:db8:2:0
2|root|kernel: NID must not be zero$|-n @NS map del 0:0:0:0
2|root|kernel: Locator must be a unicast L64, not zero, multicast or link-local$|-n @NS map add 0:0:0:6 ext ff02:0:0:0 int 2001:db8:2:0
2|root|kernel: Locator must be a unicast L64, not zero, multicast or link-local$|-n @NS map add 0:0:0:6 ext 2001:db8:100:0 int fe80::/64
2|root|kernel: Locator must be a unicast L64, not zero, multicast or link-local$|-n @NS map set 0:0:0:5 int 0:0:0:0
2|root|cannot open network namespace "ilnp-no-such-ns": No such file or directory$|-n ilnp-no-such-ns nid show
2|root|cannot open network namespace "/nonexistent/netns": No such file or directory$|-n /nonexistent/netns nid add 0:0:0:5
2|nobody|kernel: Operation not permitted \(this needs root or CAP_NET_ADMIN\)$|nid add 0:0:0:5
2|nobody|kernel: Operation not permitted \(this needs root or CAP_NET_ADMIN\)$|nid del 0:0:0:1
2|nobody|kernel: Operation not permitted \(this needs root or CAP_NET_ADMIN\)$|loc add 2001:db8:2:0
2|nobody|kernel: Operation not permitted \(this needs root or CAP_NET_ADMIN\)$|loc set 2001:db8:1:0 pref 1
2|nobody|kernel: Operation not permitted \(this needs root or CAP_NET_ADMIN\)$|loc del 2001:db8:1:0
2|nobody|kernel: Operation not permitted \(this needs root or CAP_NET_ADMIN\)$|peer add 0:0:0:8 loc 2001:db8:2:0
2|nobody|kernel: Operation not permitted \(this needs root or CAP_NET_ADMIN\)$|peer del 0:0:0:7
2|nobody|kernel: Operation not permitted \(this needs root or CAP_NET_ADMIN\)$|peer flush all
2|nobody|kernel: Operation not permitted \(this needs root or CAP_NET_ADMIN\)$|rebind 2001:db8:2:0 from 2001:db8:1:0
2|nobody|kernel: Operation not permitted \(this needs root or CAP_NET_ADMIN\)$|peer add 0:0:0:8 local 0:0:0:1 loc 2001:db8:2:0
2|nobody|kernel: Operation not permitted \(this needs root or CAP_NET_ADMIN\)$|peer del 0:0:0:7 local 0:0:0:1 loc 2001:db8:9:0
2|nobody|kernel: Operation not permitted \(this needs root or CAP_NET_ADMIN\)$|prefix add 2001:db8:200::/40
2|nobody|kernel: Operation not permitted \(this needs root or CAP_NET_ADMIN\)$|prefix del 2001:db8:100::/40
2|nobody|kernel: Operation not permitted \(this needs root or CAP_NET_ADMIN\)$|map add 0:0:0:6 ext 2001:db8:100:0 int 2001:db8:2:0
2|nobody|kernel: Operation not permitted \(this needs root or CAP_NET_ADMIN\)$|map set 0:0:0:5 seq 6
2|nobody|kernel: Operation not permitted \(this needs root or CAP_NET_ADMIN\)$|map set 0:0:0:5 seq 4
2|nobody|kernel: Operation not permitted \(this needs root or CAP_NET_ADMIN\)$|map del 0:0:0:5
2|nobody|kernel: Operation not permitted \(this needs root or CAP_NET_ADMIN\)$|map flush
2|nobody|cannot join multicast group "events": Operation not permitted \(this needs root or CAP_NET_ADMIN\)$|monitor
2|nobody|cannot join multicast group "events": Operation not permitted \(this needs root or CAP_NET_ADMIN\)$|-j monitor
2|nobody|cannot enter network namespace "@NS": Operation not permitted \(this needs root or CAP_SYS_ADMIN\)$|-n @NS nid show
'
# A set has at most ILNP_LOCSET_MAX (64) locators: the 65th is named.
bad_rows+="1|root|too many locators at \"2001:db8:41:0\" \\(at most 64\\)\$|-n @NS peer add 0:0:0:8$(printf ' loc 2001:db8:%x:0' $(seq 65))
"

# run_ilnp WHO ARGS...: ilnp ARGS as root, or as nobody (in $NS); sets OUT
# and ERR (stdout, stderr) and RC.  A command that should have failed but
# waits (monitor) is stopped after a minute: RC 124.
# Each process costs the test guest a good part of a second: no timeout(1)
# around each of the hundreds of commands (a hang is caught by the suite's
# own timeout, "# ilnp-timeout" above), and the file for stderr is reused
# and removed at the end.
CLI_ERR=/tmp/cli-err.$$
run_ilnp()
{
	local who=$1
	local -a run=()
	shift

	[ "$who" = nobody ] && run+=("${NOBODY[@]}")
	OUT=$("${run[@]}" ilnp "$@" 2>"$CLI_ERR")
	RC=$?
	ERR=$(<"$CLI_ERR")
}

# verdict DESC WHY: one test, failed (saying why) when WHY is not empty.
verdict()
{
	if [ -z "$2" ]; then
		log_test 0 "$1"
	else
		log_info "$1: $2"
		log_test 1 "$1"
	fi
}

# bad_row EXIT WHO REGEX ARGS: one row of $bad_rows, one test: its exit
# status, stdout and stderr.  (Whether it left the state alone is checked
# for each batch of rows by bad_rows.)
bad_row()
{
	local rc=$1 who=$2 re=${3//@NS/$NS} desc why= line
	local -a args

	re=${re//@OTHER/$OTHER}
	line=${4//@NS/$NS}
	line=${line//@BATCH/$batch}
	read -r -a args <<<"${line//@OTHER/$OTHER}"
	desc="ilnp $4 (as $who) fails with $rc"
	run_ilnp "$who" "${args[@]}"
	if [ "$RC" != "$rc" ]; then
		why="exit status $RC"
	elif [ -n "$OUT" ]; then
		why="printed on stdout: $OUT"
	elif [ -z "$ERR" ] || [[ $ERR == *$'\n'* ]]; then
		why="not one line on stderr"
	elif ! [[ $ERR =~ ^ilnp:\ ($re) ]]; then
		why="stderr does not match /$re/"
	fi
	verdict "$desc" "${why:+$why; stderr: $ERR}"
}

# bad_rows ROWS: bad_row for each row of ROWS, as $bad_rows has them ("#"
# starts a comment line), and after every batch of 16 rows one test that
# the kernel state (STATE, read before) is as it was.  A refused command
# that changed something anyway also fails its own row: an "add" that
# went through exits 0, a "del" makes the rows after it fail too.
bad_rows()
{
	local rc who re args before=$STATE first= n=0

	batch_state()
	{
		[ -n "$first" ] || return 0
		if ! ns_state || [ "$STATE" != "$before" ]; then
			log_info "state now: $STATE"
			log_test 1 "rows \"$first\" to \"$1\" left the kernel state as it was"
			before=$STATE
		else
			log_test 0 "rows \"$first\" to \"$1\" left the kernel state as it was"
		fi
		first= n=0
	}
	while IFS='|' read -r rc who re; do
		[ -n "$rc" ] && [[ $rc != \#* ]] || continue
		args=${re##*|}
		re=${re%|*}
		[ -n "$first" ] || first=$args
		bad_row "$rc" "$who" "$re" "$args"
		n=$((n + 1))
		[ $n -lt 16 ] || batch_state "$args"
	done <<<"$1"
	batch_state "$args"
}

ns_state
state_check "setup: state read back as JSON"
bad_rows "$bad_rows"
state_check "refused rows left the state as set up"
# Only root's two stale updates count: the unprivileged one was refused first.
jq_check "the stale map updates were counted" "$(ilnp_json "$NS" stats)" \
	'.map_stale == 2'

# With a second local NID "peer add" must say which (loose: EINVAL).
check_cmd "a second local NID" ilnp -n "$NS" nid add 0:0:0:2
ns_state
bad_rows '
2|root|kernel: .*([Ll]ocal|NID|local_nid)|-n @NS peer add 0:0:0:8 loc 2001:db8:2:0
2|root|kernel: .*([Ll]ocal|NID|local_nid)|-n @NS peer add 2001:db8:2::8
'
check_cmd "the second local NID removed" ilnp -n "$NS" nid del 0:0:0:2

# extra_prefixes VERB: "ilnp prefix VERB" of 63 prefixes, which with the
# set-up one fill the table (ILNP_PREFIX_MAX, 64); one -batch.
extra_prefixes()
{
	local i

	for i in $(seq 63); do
		printf 'prefix %s 2001:db8:a:%x::/64\n' "$1" "$i"
	done | ilnp -n "$NS" -batch -
}

# A full prefix table refuses a 65th (loose: ENOSPC).
extra_prefixes add
log_test $? "63 more prefixes fill the table"
ns_state
bad_rows '
2|root|kernel: .*([Tt]oo many|[Ff]ull|64|[Nn]o space)|-n @NS prefix add 2001:db8:a:ffff::/64
2|root|kernel: .*([Tt]oo many|[Ff]ull|64|[Nn]o space)|-n @NS prefix add ::/0
'
extra_prefixes del
log_test $? "the 63 prefixes deleted"
ns_state
state_check "the extra NID and prefixes left nothing behind"

# A full map refuses one more entry.  map_max is read when a namespace is
# created: it is 2 for $FULL only.
par=/sys/module/ilnp/parameters/map_max
old_max=$(cat "$par")
rc=1
echo 2 >"$par" && setup_ns FULL && rc=0
echo "$old_max" >"$par"
log_test $rc "a namespace created with map_max 2"
[ "$(cat "$par")" = "$old_max" ]
log_test $? "map_max restored to $old_max"
if [ $rc = 0 ]; then
	check_cmd "the first of two map entries" ilnp -n "$FULL" map add 0:0:0:a \
		ext 2001:db8:100:0 int 2001:db8:2:0
	check_cmd "the second fills the map" ilnp -n "$FULL" map add 0:0:0:b \
		ext 2001:db8:100:0 int 2001:db8:3:0 seq 1
	# The rows' state is $FULL's for these.
	saved_ns=$NS
	NS=$FULL
	ns_state
	bad_rows '
2|root|kernel: Map full \(module parameter map_max\)$|-n @NS map add 0:0:0:c ext 2001:db8:100:0 int 2001:db8:4:0
2|root|kernel: Map full \(module parameter map_max\)$|-n @NS map add 2001:db8:100::c int 2001:db8:4:0 seq 9 ilnp
'
	jq_check "the full map holds its two entries" \
		"$(printf '%s' "$STATE" | jq -cs .)" \
		'.[4] | map(.nid) | sort == ["0:0:0:a", "0:0:0:b"]'
	NS=$saved_ns
	check_cmd "a full map still takes a change" ilnp -n "$FULL" map set \
		0:0:0:a int 2001:db8:5:0
	check_cmd "and an entry once one is deleted" sh -c "
		ilnp -n $FULL map del 0:0:0:b &&
		ilnp -n $FULL map add 0:0:0:c ext 2001:db8:100:0 int 2001:db8:4:0"
fi

# passes CHECK TEXT: see ok_row.
passes()
{
	case $1 in
	jq:*) printf '%s' "$2" | jq -e "${1#jq:}" >/dev/null ;;
	json) printf '%s' "$2" | python3 -m json.tool >/dev/null ;;
	*) printf '%s\n' "$2" | grep -Eq "$1" ;;
	esac
}

# ok_row WHO CHECK ARGS...: ilnp ARGS (@NS, @OTHER: the namespaces) exits 0
# with nothing on stderr, and its stdout passes CHECK: "jq:FILTER" (jq -e),
# "json" (python3 -m json.tool) or an extended regex one line must match.
ok_row()
{
	local who=$1 check=$2 desc why=
	local -a args
	shift 2

	args=("${@//@NS/$NS}")
	args=("${args[@]//@OTHER/$OTHER}")
	args=("${args[@]//@BATCH/$batch}")
	desc="ilnp $* (as $who) succeeds"
	run_ilnp "$who" "${args[@]}"
	passes "$check" "$OUT" || why="stdout fails $check: $OUT"
	[ -z "$ERR" ] || why="stderr: $ERR"
	[ $RC = 0 ] || why="exit status $RC; $why"
	verdict "$desc" "$why"
}

# Abbreviations: "n a" is "nid add", "loc sh" and "loc s" show.
ok_row root '^$' -n @NS n a 0:0:0:3
jq_check "n a added the NID" "$(ilnp_json "$NS" nid show)" \
	'[.[].nid] | sort == ["0:0:0:1", "0:0:0:3"]'
ok_row root '^$' -n @NS ni de 0:0:0:3
ok_row root '^2001:db8:1:0 +20 +forever +any$' -n @NS loc sh
ok_row root '^LOCATOR +PREF +LIFETIME +DEV$' -n @NS l s
ok_row root '^0:0:0:1 +- +- +-$' -n @NS nid
ok_row root '^0:0:0:7 +0:0:0:1 +new +2001:db8:9:0/10 +static$' -n @NS p l
ok_row root '^NID +LOCAL +STATE +LOCATORS +FLAGS$' -n @NS pe
ok_row root '^2001:db8:100::/40$' -n @NS pr s

# JSON: -j one line, -p indented; both valid.
ok_row root 'jq:. == [{"nid": "0:0:0:1", "flags": []}]' -n @NS -j nid show
ok_row root json -n @NS -p -s peer show
ok_row root '^ +"locator": "2001:db8:1:0",$' -n @NS -p loc show
ok_row root 'jq:.[0] | .locator == "2001:db8:1:0" and .pref == 20 and .lifetime == 0 and .ifindex == 0' \
	-n @NS -j loc show 2001:db8:1:0
ok_row root 'jq:.[0] | .nid == "0:0:0:7" and .local_nid == "0:0:0:1" and .state == "new" and .flags == ["static"] and .locators == [{"locator": "2001:db8:9:0", "pref": 10, "lifetime": 0}]' \
	-n @NS -j -s peer show
ok_row root 'jq:.nids == 1 and .locators == 1 and .peers == 1 and .maps == 1 and (.version | type) == "string"' \
	-n @NS -j info
ok_row root 'jq:(keys | length) == 30 and .lu_sent == 0 and .map_rewritten == 0 and .rr_sent == 0 and .drop_unverified == 0 and .map_icmp_xlated == 0' \
	-n @NS -j stats
ok_row root json -n @NS -p stats
ok_row root 'jq:. == []' -n @OTHER -j peer show
ok_row nobody 'jq:. == [{"nid": "0:0:0:1", "flags": []}]' -j nid show
ok_row nobody '^0:0:0:7 ' peer show
ok_row nobody 'jq:. == [{"prefix": "2001:db8:100::/40"}]' -j prefix show
ok_row root 'jq:. == []' -n @OTHER -j prefix show

# Prefixes: add, read back in the form add takes, delete; the kernel
# compares the binary prefix, not its spelling.
ok_row root '^$' -n @NS prefix add ::/0
ok_row root '^$' -n @NS prefix add 2001:0db8:0200:0000::/40
ok_row root 'jq:([.[].prefix] | sort) == (["2001:db8:100::/40", "2001:db8:200::/40", "::/0"] | sort)' \
	-n @NS -j prefix show
ok_row root '^::/0$' -n @NS prefix show
ok_row root '^PREFIX$' -n @NS prefix
ok_row root '^$' -n @NS prefix del 2001:db8:200::/40
ok_row root '^$' -n @NS pr d ::/0
ok_row root 'jq:. == [{"prefix": "2001:db8:100::/40"}]' -n @NS -j prefix show

# Peers: "local" names our NID; a second host with the same NID is another
# entry, told apart by its locator; del and show pick entries by local/loc.
ok_row root '^$' -n @NS peer add 0:0:0:8 local 0:0:0:1 loc 2001:db8:8:0 pref 5
ok_row root 'jq:length == 1 and (.[0] | .nid == "0:0:0:8" and .local_nid == "0:0:0:1" and .locators == [{"locator": "2001:db8:8:0", "pref": 5, "lifetime": 0}])' \
	-n @NS -j peer show 0:0:0:8
ok_row root '^$' -n @NS peer add 2001:db8:6::8
ok_row root 'jq:[.[] | select(.nid == "0:0:0:8") | .local_nid + " " + .locators[].locator] | sort == ["0:0:0:1 2001:db8:6:0", "0:0:0:1 2001:db8:8:0"]' \
	-n @NS -j peer show
ok_row root 'jq:length == 1 and .[0].locators[0].locator == "2001:db8:6:0"' \
	-n @NS -j peer show 0:0:0:8 loc 2001:db8:6:0
ok_row root 'jq:length == 1 and .[0].locators[0].locator == "2001:db8:8:0"' \
	-n @NS -j peer show 2001:db8:8::8
ok_row root '^0:0:0:8 +0:0:0:1 +new +2001:db8:8:0/5 +static$' \
	-n @NS peer show 0:0:0:8 local 0:0:0:1 loc 2001:db8:8:0
ok_row root '^$' -n @NS peer del 0:0:0:8 loc 2001:db8:8:0
ok_row root 'jq:[.[] | select(.nid == "0:0:0:8") | .locators[].locator] == ["2001:db8:6:0"]' \
	-n @NS -j peer show
ok_row root '^$' -n @NS peer del 0:0:0:8 local 0:0:0:1
ok_row root 'jq:[.[].nid] == ["0:0:0:7"]' -n @NS -j peer show
ok_row root '^$' -n @NS peer add 0:0:0:8 loc 2001:db8:8:0
ok_row root '^$' -n @NS peer add 2001:db8:6::8
ok_row root '^$' -n @NS peer del 2001:db8:6::8
ok_row root 'jq:[.[] | select(.nid == "0:0:0:8") | .locators[].locator] == ["2001:db8:8:0"]' \
	-n @NS -j peer show
ok_row root '^$' -n @NS peer del 0:0:0:8
ok_row root 'jq:[.[].nid] == ["0:0:0:7"]' -n @NS -j peer show

# -batch: each line a command, in one process; JSON from each show.
printf 'prefix add 2001:db8:300::/40 # a comment\n\n  prefix show\nprefix del 2001:db8:300::/40\n' \
	>"$batch.prefix"
ok_row root 'jq:([.[].prefix] | sort) == ["2001:db8:100::/40", "2001:db8:300::/40"]' \
	-n @NS -j -b @BATCH.prefix
ok_row root 'jq:[.[].nid] == ["0:0:0:1"]' -n @NS -j -b - <"$batch.ok"

# The map: add, set (only what is given; the same seq again; an address as
# NID gives ext), show, del, flush.  A neutral pair is reported as one.
ok_row root '^2001:db8:2:fe$' map neutral 2001:db8:100:0 2001:db8:2:0
ok_row root 'jq:. == {"int": "2001:db8:2:fe", "neutral": true}' \
	-j map neutral 2001:db8:100::/64 2001:db8:2::1
ok_row root '^2001:db8:2:fe$' map n 2001:db8:100:0 2001:db8:2:fe
ok_row root '^$' -n @NS map add 0:0:0:6 ext 2001:db8:100:0 int 2001:db8:2:fe
ok_row root 'jq:length == 1 and (.[0] | .nid == "0:0:0:6" and .ext == "2001:db8:100:0" and .int == "2001:db8:2:fe" and .seq == 0 and .flags == ["neutral"] and (.age_ms | type) == "number" and has("stats") == false)' \
	-n @NS -j map show 0:0:0:6
ok_row root '^0:0:0:6 +2001:db8:100:0 +2001:db8:2:fe +0 +neutral +[0-9]+ms$' \
	-n @NS map show 0:0:0:6
ok_row root '^$' -n @NS map set 0:0:0:6 int 2001:db8:3:0 seq 2 ilnp on
ok_row root 'jq:.[0] | .ext == "2001:db8:100:0" and .int == "2001:db8:3:0" and .seq == 2 and .flags == ["ilnp"]' \
	-n @NS -j map show 0:0:0:6
ok_row root '^$' -n @NS map set 0:0:0:6 seq 2
ok_row root '^$' -n @NS map change 2001:db8:200::6 il of
ok_row root 'jq:.[0] | .ext == "2001:db8:200:0" and .int == "2001:db8:3:0" and .seq == 2 and .flags == []' \
	-n @NS -j map show 0:0:0:6
ok_row root '^NID +EXT +INT +SEQ +FLAGS +AGE +IN +OUT$' -n @NS -s map
ok_row root '^0:0:0:6 +2001:db8:200:0 +2001:db8:3:0 +2 +- +[0-9]+ms +0 +0$' \
	-n @NS -s map
ok_row root 'jq:[.[].stats] == [{"in": 0, "out": 0}, {"in": 0, "out": 0}]' \
	-n @NS -j -s map show
ok_row nobody 'jq:[.[].nid] | sort == ["0:0:0:5", "0:0:0:6"]' -j map show
ok_row root 'jq:.maps == 2' -n @NS -j info
ok_row root '^$' -n @NS map del 2001:db8:999::6
ok_row root 'jq:[.[].nid] == ["0:0:0:5"]' -n @NS -j map show
ok_row root '^$' -n @OTHER map add 0:0:0:5 ext 2001:db8:100:0 int 2001:db8:2:fe seq 1
ok_row root 'jq:length == 1 and .[0].seq == 1 and .[0].flags == ["neutral"]' \
	-n @OTHER -j map show
ok_row root '^$' -n @OTHER map flush
ok_row root 'jq:. == []' -n @OTHER -j map show

# Version and help.
ok_row root '^ilnp utility, ilnp-tools [0-9.]+ \(generic netlink family "ilnp" version 1\)$' -V
ok_row root '^Usage: ilnp \[ OPTIONS \] OBJECT' help
ok_row root '^Usage: ilnp \[ OPTIONS \] OBJECT' -h
ok_row root '^Usage: ilnp nid add NID \[ auto \| hosted born L64 \[ loc L64 \] \]$' nid help
ok_row root '^Usage: ilnp nid add NID \[ auto \| hosted born L64 \[ loc L64 \] \]$' help nid
ok_row root '^       ilnp locator del L64$' loc add help
ok_row root '^Usage: ilnp map add NID ext L64 int L64 \[ seq N \] \[ ilnp \] \[ pointer \]$' map help
ok_row root '^       ilnp map set NID \[ ext L64 \] \[ int L64 \] \[ seq N \] \[ ilnp \{ on \| off \} \]$' help map
ok_row root '^       ilnp map neutral EXT INT$' map neutral help
ok_row root '^  map +locator map of a site border router or hypervisor$' help
ok_row root '^  prefix +destination prefixes' help
ok_row root '^Usage: ilnp prefix add PREFIX/LEN$' prefix help
ok_row root '^       ilnp prefix show$' help prefix
ok_row root '^       ilnp peer del NID \[ local NID \] \[ loc L64 \]$' peer help
ok_row root 'Joining the events group needs root or CAP_NET_ADMIN' monitor help
ns_state
state_check "positive rows left the state as set up"

# --- monitor ---
# Two monitors (JSON and text) in $NS; locator changes in $NS must show up
# in both, changes in $OTHER in neither.
mon=/tmp/cli-mon.$$
ilnp -n "$NS" -j monitor >"$mon.json" 2>"$mon.jerr" &
jpid=$!
ilnp -n "$NS" monitor >"$mon.txt" 2>"$mon.terr" &
tpid=$!

# Subscribed once a probe locator's events reach both.
rc=1
for _ in $(seq 50); do
	ilnp -n "$NS" loc add 2001:db8:ff:0 && ilnp -n "$NS" loc del 2001:db8:ff:0
	if grep -q 2001:db8:ff:0 "$mon.json" && grep -q 2001:db8:ff:0 "$mon.txt"; then
		rc=0
		break
	fi
	sleep 0.2
done
log_test $rc "monitors are subscribed"

ilnp -n "$OTHER" loc add 2001:db8:43:0
ilnp -n "$OTHER" map add 0:0:0:43 ext 2001:db8:100:0 int 2001:db8:2:0
ilnp -n "$NS" loc add 2001:db8:42:0 pref 7
ilnp -n "$NS" loc del 2001:db8:42:0
ilnp -n "$NS" map add 0:0:0:42 ext 2001:db8:100:0 int 2001:db8:2:fe seq 7 ilnp
ilnp -n "$NS" map set 0:0:0:42 int 2001:db8:3:0 seq 8
ilnp -n "$NS" map del 0:0:0:42
for _ in $(seq 50); do
	[ "$(grep -c 2001:db8:42:0 "$mon.json")" = 2 ] &&
		[ "$(grep -c 2001:db8:42:0 "$mon.txt")" = 2 ] &&
		[ "$(grep -c 0:0:0:42 "$mon.json")" = 3 ] &&
		[ "$(grep -c 0:0:0:42 "$mon.txt")" = 3 ] && break
	sleep 0.2
done
kill -TERM $jpid $tpid
wait $jpid
log_test $? "JSON monitor exits 0 on SIGTERM"
wait $tpid
log_test $? "text monitor exits 0 on SIGTERM"
sed 's/^/# monitor stderr: /' "$mon.jerr" "$mon.terr"
check_cmd "monitors wrote nothing on stderr" \
	test ! -s "$mon.jerr" -a ! -s "$mon.terr"

jq_check "every JSON monitor line is an event object" "$(jq -s . "$mon.json")" \
	'length >= 3 and all(type == "object" and (.event | type) == "string")'
jq_check "JSON monitor reports the add and the delete of the locator" \
	"$(jq -s . "$mon.json")" \
	'[.[] | select(.locator == "2001:db8:42:0")] |
	 length == 2 and all(.event == "loc_change") and
	 .[0].pref == 7 and (.[0].deleted // false) == false and
	 .[1].deleted == true'
jq_check "JSON monitor saw nothing of the other namespace" \
	"$(jq -s . "$mon.json")" \
	'any(.locator == "2001:db8:42:0") and all(.locator != "2001:db8:43:0")'
check_cmd "text monitor reports the add" \
	grep -qx 'loc_change locator 2001:db8:42:0 pref 7' "$mon.txt"
check_cmd "text monitor reports the delete" \
	grep -qx 'loc_change locator 2001:db8:42:0 pref 7 deleted' "$mon.txt"
jq_check "JSON monitor reports the map entry's add, change and delete" \
	"$(jq -s . "$mon.json")" \
	'[.[] | select(.event == "map_change")] == [
	  {"event": "map_change", "nid": "0:0:0:42", "ext": "2001:db8:100:0",
	   "int": "2001:db8:2:fe", "seq": 7, "flags": ["ilnp", "neutral"]},
	  {"event": "map_change", "nid": "0:0:0:42", "ext": "2001:db8:100:0",
	   "int": "2001:db8:3:0", "seq": 8, "flags": ["ilnp"]},
	  {"event": "map_change", "nid": "0:0:0:42", "ext": "2001:db8:100:0",
	   "int": "2001:db8:3:0", "seq": 8, "flags": ["deleted", "ilnp"]}]'
check_cmd "text monitor reports the map entry's add" grep -qx \
	'map_change nid 0:0:0:42 ext 2001:db8:100:0 int 2001:db8:2:fe seq 7 flags ilnp,neutral' \
	"$mon.txt"
check_cmd "text monitor reports the map entry's delete" grep -qx \
	'map_change nid 0:0:0:42 ext 2001:db8:100:0 int 2001:db8:3:0 seq 8 flags deleted,ilnp' \
	"$mon.txt"
grep -q 2001:db8:42:0 "$mon.txt" && ! grep -q 2001:db8:43:0 "$mon.txt" &&
	! grep -q 0:0:0:43 "$mon.txt" "$mon.json"
log_test $? "text monitor saw nothing of the other namespace"
rm -f "$mon".* "$batch".* "$CLI_ERR"
log_info "took ${SECONDS}s"

tap_done
