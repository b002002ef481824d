#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Packets for the ILNP selftests.

  ilnp_pkt.py lu-count PCAP
      Count ICMPv6 Locator Updates (RFC 6743, type 156) in a capture: prints
      {"lu": N, "lu_ack": N, "with_nonce": N, "nonce_pkts": N} where
      with_nonce counts LUs whose Destination Options carry the nonce option
      (0x8B) and nonce_pkts every packet that carries it.
  ilnp_pkt.py csum-count PCAP
      Check the TCP and UDP checksums of every packet in a capture under
      both pseudo-header rules: prints {"nid_only_ok": N, "full_ok": N,
      "bad": N, "total": N}.  RFC 6740/6741: between ILNP peers the
      pseudo-header carries the NIDs with zero locators.
  ilnp_pkt.py forge-lu SRC DST LOC[,LOC...] [NONCE_HEX]
      Send one LU advertising the locators LOC (IPv6 /64 prefixes such as
      2001:db8:66::, comma-separated) from SRC to DST through a raw socket,
      with the nonce option when NONCE_HEX (4 or 12 bytes) is given.
  ilnp_pkt.py lu-list PCAP
      Every LU and LU-ACK in a capture, one JSON object a line:
      {"op": "lu"|"ack", "src": ADDR, "dst": ADDR, "locs": [L64...]}.
"""
import ipaddress
import json
import socket
import struct
import sys

NH_HOP, NH_ROUTING, NH_FRAG, NH_DEST, NH_ICMP6 = 0, 43, 44, 60, 58
NONCE_OPT, LU_TYPE = 0x8B, 156


def ipv6_payloads(path):
    with open(path, "rb") as f:
        data = f.read()
    magic = struct.unpack("<I", data[:4])[0]
    endian = "<" if magic in (0xa1b2c3d4, 0xa1b23c4d) else ">"
    linktype = struct.unpack(endian + "I", data[20:24])[0]
    off = 24
    while off + 16 <= len(data):
        _, _, incl, _ = struct.unpack(endian + "IIII", data[off:off + 16])
        pkt = data[off + 16:off + 16 + incl]
        off += 16 + incl
        if linktype == 1:            # Ethernet
            proto, pkt = struct.unpack("!H", pkt[12:14])[0], pkt[14:]
        elif linktype == 113:        # Linux cooked v1
            proto, pkt = struct.unpack("!H", pkt[14:16])[0], pkt[16:]
        elif linktype == 276:        # Linux cooked v2
            proto, pkt = struct.unpack("!H", pkt[0:2])[0], pkt[20:]
        else:
            continue
        if proto == 0x86DD and len(pkt) >= 40:
            yield pkt


def has_nonce(opts):
    i = 2
    while i < len(opts):
        t = opts[i]
        if t == 0:
            i += 1
            continue
        if i + 1 >= len(opts):
            break
        if t == NONCE_OPT:
            return True
        i += 2 + opts[i + 1]
    return False


def lu_count(path):
    res = {"lu": 0, "lu_ack": 0, "with_nonce": 0, "nonce_pkts": 0}
    for pkt in ipv6_payloads(path):
        nh, off, nonce = pkt[6], 40, False
        while nh in (NH_HOP, NH_ROUTING, NH_DEST) and off + 2 <= len(pkt):
            hlen = (pkt[off + 1] + 1) * 8
            if nh == NH_DEST and has_nonce(pkt[off:off + hlen]):
                nonce = True
            nh, off = pkt[off], off + hlen
        res["nonce_pkts"] += nonce
        if nh == NH_ICMP6 and off + 8 <= len(pkt) and pkt[off] == LU_TYPE:
            op = pkt[off + 5]
            res["lu" if op == 1 else "lu_ack"] += 1
            res["with_nonce"] += nonce
    print(json.dumps(res))
    return 0


def ones_sum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return s


def csum_count(path):
    res = {"nid_only_ok": 0, "full_ok": 0, "bad": 0, "total": 0}
    for pkt in ipv6_payloads(path):
        nh, off = pkt[6], 40
        while nh in (NH_HOP, NH_ROUTING, NH_DEST) and off + 2 <= len(pkt):
            nh, off = pkt[off], off + (pkt[off + 1] + 1) * 8
        if nh not in (6, 17):
            continue
        seg = pkt[off:40 + struct.unpack("!H", pkt[4:6])[0]]
        src, dst = pkt[8:24], pkt[24:40]
        tail = struct.pack("!IxxxB", len(seg), nh) + seg
        zero = bytes(8)
        nid_ok = ones_sum(zero + src[8:] + zero + dst[8:] + tail) == 0xffff
        full_ok = ones_sum(src + dst + tail) == 0xffff
        res["total"] += 1
        res["nid_only_ok"] += nid_ok
        res["full_ok"] += full_ok
        res["bad"] += not (nid_ok or full_ok)
    print(json.dumps(res))
    return 0


def csum(data):
    return ~ones_sum(data) & 0xffff


def forge_lu(src, dst, locs, nonce_hex=None):
    s6 = ipaddress.IPv6Address(src).packed
    d6 = ipaddress.IPv6Address(dst).packed
    l64s = [ipaddress.IPv6Address(l).packed[:8] for l in locs.split(",")]
    msg = bytearray(struct.pack("!BBHBBH", LU_TYPE, 0, 0, len(l64s), 1, 0) +
                    b"".join(l + struct.pack("!HH", 1, 600) for l in l64s))
    pseudo = s6 + d6 + struct.pack("!IxxxB", len(msg), NH_ICMP6)
    struct.pack_into("!H", msg, 2, csum(pseudo + bytes(msg)))
    payload, nh = bytes(msg), NH_ICMP6
    if nonce_hex:
        nonce = bytes.fromhex(nonce_hex)
        opt = struct.pack("!BBBB", NH_ICMP6, (len(nonce) + 4) // 8 - 1,
                          NONCE_OPT, len(nonce)) + nonce
        payload, nh = opt + payload, NH_DEST
    hdr = struct.pack("!IHBB", 6 << 28, len(payload), nh, 64) + s6 + d6
    sock = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_RAW)
    sock.sendto(hdr + payload, (dst, 0))
    return 0


def lu_list(path):
    for pkt in ipv6_payloads(path):
        nh, off = pkt[6], 40
        while nh in (NH_HOP, NH_ROUTING, NH_DEST) and off + 2 <= len(pkt):
            nh, off = pkt[off], off + (pkt[off + 1] + 1) * 8
        if nh != NH_ICMP6 or off + 8 > len(pkt) or pkt[off] != LU_TYPE:
            continue
        n = pkt[off + 4]
        locs = [str(ipaddress.IPv6Address(pkt[off + 8 + 12 * i:
                                              off + 16 + 12 * i] + bytes(8)))
                for i in range(n) if off + 20 + 12 * i <= len(pkt)]
        print(json.dumps({"op": "lu" if pkt[off + 5] == 1 else "ack",
                          "src": str(ipaddress.IPv6Address(pkt[8:24])),
                          "dst": str(ipaddress.IPv6Address(pkt[24:40])),
                          "locs": locs}))
    return 0


def main(argv):
    if len(argv) == 3 and argv[1] == "lu-count":
        return lu_count(argv[2])
    if len(argv) == 3 and argv[1] == "csum-count":
        return csum_count(argv[2])
    if len(argv) == 3 and argv[1] == "lu-list":
        return lu_list(argv[2])
    if len(argv) in (5, 6) and argv[1] == "forge-lu":
        return forge_lu(*argv[2:])
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
