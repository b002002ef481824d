#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Plain IPv6 traffic of the host is not harmed (issue 7, item 5).  X plays
# an ordinary host that loaded ilnp.ko and has a NID (0:0:0:300) and a
# locator, but no prefix and no static peer: it talks to ordinary IPv6
# hosts (P, and the router R) exactly as without the module.  TCP both
# ways, a UDP request/response (as a DNS query), ping: every packet on X's
# link has no Destination Options and the ordinary checksum, X keeps no
# ILCC entry and adds no nonce.  Over a path that silently drops every
# packet with a Destination Options header (nft on R), X's UDP exchange
# and TCP connect succeed at once (no fallback to wait for), while CN,
# which does try ILNP with P's prefix, gets through after its silence
# fallback (the time is reported).
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/topo.sh"
# Background servers must not outlive the test (they would hold its output).
trap 'kill $(jobs -p) 2>/dev/null; cleanup_all_ns; rm -rf "$tmp"' EXIT
require_cmd python3 tcpdump ethtool nft ping nsenter
traffic="python3 -S $(dirname "$0")/ilnp_traffic.py"
pkt="python3 -S $(dirname "$0")/ilnp_pkt.py"

X_NID=0:0:0:300
X_A=$(addr X a) P_A=$(addr P a) R_X=${NET[X.a]}::1

# offload_off NS DEV...: software checksums, no GSO/TSO, no GRO, so that
# a capture shows each packet as it is on the wire, checksum included.
offload_off()
{
	local ns=$1 dev
	shift
	for dev in "$@"; do
		nsx "$ns" ethtool -K "$dev" tx off rx off gso off gro off \
			>/dev/null 2>&1 || return 1
	done
}

topo_setup &&
	ilnp -n "$X" nid add $X_NID &&
	ilnp -n "$X" loc add "${NET[X.a]}::/64" &&
	offload_off "$X" la && offload_off "$R" xa pa && offload_off "$P" la
log_test $? "X: module loaded, NID $X_NID, locator ${NET[X.a]}:0, no prefix, no peer"
log_info "set up in ${SECONDS}s"

nsx "$X" tcpdump -i la -U -w "$tmp/x.pcap" ip6 2>/dev/null &
tcpdump_pid=$!
nsx "$P" $traffic udp-echo 6502 100 >/dev/null &
echo_pid=$!
nsx "$P" $traffic tcp-sink 6500 >"$tmp/to_p" &
sink=$!
nsx "$X" $traffic tcp-sink 6501 >"$tmp/from_p" &
sink2=$!
sleep 2
nsx "$X" $traffic tcp-send "$P_A" 6500 200000 0.3 >"$tmp/to_p_send"
log_test $? "TCP X -> P exits cleanly"
nsx "$P" $traffic tcp-send "$X_A" 6501 200000 0.3 >"$tmp/from_p_send"
log_test $? "TCP P -> X exits cleanly"
wait $sink $sink2
nsx "$X" $traffic udp-ask "$P_A" 6502 200 3 >"$tmp/dns"
log_test $? "UDP request/response X -> P (a DNS query): $(<"$tmp/dns")"
nsx "$X" ping -6 -c 3 -i 0.3 -W 2 "$P_A" >/dev/null &&
	nsx "$X" ping -6 -c 3 -i 0.3 -W 2 "$R_X" >/dev/null
log_test $? "ping X -> P and X -> R: every echo answered"
sleep 0.5
kill $tcpdump_pid; wait $tcpdump_pid 2>/dev/null
$pkt count "$tmp/x.pcap" >"$tmp/pcap"
ilnp -n "$X" -j peer show >"$tmp/peers"
ilnp -n "$X" -j stats >"$tmp/stats"
log_info "X's link: $(<"$tmp/pcap")"
log_info "X's counters: $(<"$tmp/stats")"
json_doc doc "$tmp"/{to_p,from_p,dns,pcap,peers,stats}
jq_checks "$doc" \
	"TCP X -> P: every byte, P saw X's own address" \
	".to_p.bytes == 200000 and .to_p.first_bad_byte == null and .to_p.peer == \"$X_A\"" \
	"TCP P -> X: every byte, X saw P's own address" \
	".from_p.bytes == 200000 and .from_p.first_bad_byte == null and .from_p.peer == \"$P_A\"" \
	"the UDP query was answered at the first try, from P's address, well under 1 s" \
	".dns.tries == 1 and .dns.from == \"$P_A\" and .dns.ms != null and .dns.ms < 500" \
	"no packet on X's link carries Destination Options (nor a nonce)" \
	'.pcap.lu.total > 200 and .pcap.lu.dstopt_pkts == 0 and .pcap.lu.nonce_pkts == 0' \
	"every TCP/UDP checksum on X's link is the ordinary one" \
	'.pcap.csum.total > 200 and .pcap.csum.full_ok == .pcap.csum.total and .pcap.csum.bad == 0' \
	"X's ILCC stays empty" \
	'.peers == []' \
	"X added no nonce, rewrote nothing, probed nobody" \
	'.stats.nonce_added == 0 and .stats.nonce_stripped == 0 and .stats.tx_rewritten == 0 and
	 .stats.rx_rewritten == 0 and .stats.rr_sent == 0'

# A path that silently drops Destination Options (RFC 7872).
nsx "$R" nft -f - <<EOF
table ip6 ilnp_test {
	chain forward_drop {
		type filter hook forward priority 0;
		exthdr dst exists drop
	}
}
EOF
log_test $? "R drops every packet with a Destination Options header"
nsx "$P" $traffic tcp-sink 6503 >"$tmp/d_sink" &
sink=$!
sleep 1
nsx "$X" $traffic udp-ask "$P_A" 6502 200 3 >"$tmp/d_dns"
nsx "$X" $traffic tcp-send "$P_A" 6503 20000 0 >"$tmp/d_send"
log_test $? "X over that path: TCP to P exits cleanly"
wait $sink

# CN tries ILNP with P (inside its prefix 2001:db8::/32): its first
# packets carry the nonce and vanish, its probe too, and after the probe's
# last retransmission it takes P for plain IPv6.  UDP first, then (after
# flushing CN's ILCC) TCP.
ilnp -n "$CN" -j stats >"$tmp/cn0"
nsx "$CN" $traffic udp-ask "$P_A" 6502 250 10 >"$tmp/cn_dns"
ilnp -n "$CN" -j -s peer show >"$tmp/cn_peers"
ilnp -n "$CN" peer flush
nsx "$P" $traffic tcp-sink 6504 >"$tmp/cn_sink" &
sink=$!
sleep 1
nsx "$CN" $traffic tcp-send "$P_A" 6504 20000 0 >"$tmp/cn_send"
log_test $? "CN over that path: TCP to P exits cleanly"
wait $sink
ilnp -n "$CN" -j stats >"$tmp/cn1"
kill $echo_pid
json_doc doc "$tmp"/{d_sink,d_dns,d_send,cn0,cn_dns,cn_peers,cn_sink,cn_send,cn1}
log_info "X: UDP $(<"$tmp/d_dns"), TCP $(<"$tmp/d_send")"
log_info "CN: UDP $(<"$tmp/cn_dns"), TCP $(<"$tmp/cn_send")"
log_info "CN's entry for P after the UDP exchange: $(<"$tmp/cn_peers")"
jq_checks "$doc" \
	"X: the UDP query answered at the first try, well under 1 s ($(json_field "$tmp/d_dns" ms) ms)" \
	'.d_dns.tries == 1 and .d_dns.ms != null and .d_dns.ms < 500' \
	"X: TCP connected at once, well under 1 s ($(json_field "$tmp/d_send" connect_ms) ms), every byte" \
	'.d_send.connect_ms != null and .d_send.connect_ms < 500 and .d_sink.bytes == 20000 and .d_sink.first_bad_byte == null' \
	"CN: the UDP query got through after the fallback ($(json_field "$tmp/cn_dns" ms) ms, $(json_field "$tmp/cn_dns" tries) tries)" \
	'.cn_dns.ms != null and .cn_dns.ms < 10000' \
	"CN: TCP got through after the fallback (connect $(json_field "$tmp/cn_send" connect_ms) ms), every byte" \
	'.cn_send.connect_ms != null and .cn_send.connect_ms < 10000 and .cn_sink.bytes == 20000 and .cn_sink.first_bad_byte == null' \
	"CN took P for plain IPv6 on silence: twice peer_fallback and rr_timeout" \
	"(.cn1.peer_fallback - .cn0.peer_fallback) == 2 and (.cn1.rr_timeout - .cn0.rr_timeout) >= 2 and
	 ([.cn_peers[] | select(.nid == \"0:0:0:400\")] | length == 1 and .[0].state == \"plain\")"

log_info "wall time: ${SECONDS}s"
tap_done
