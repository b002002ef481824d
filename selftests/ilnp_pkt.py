#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Packets for the ILNP selftests.

  ilnp_pkt.py lu-count PCAP
      Count ICMPv6 Locator Updates (RFC 6743, type 156) in a capture: prints
      {"lu": N, "lu_ack": N, "with_nonce": N, "nonce_pkts": N,
      "dstopt_pkts": N, "total": N} where with_nonce counts LUs whose
      Destination Options carry the nonce option (0x8B), nonce_pkts every
      packet that carries it, dstopt_pkts every packet with a Destination
      Options header (nonce or not), total every IPv6 packet.
  ilnp_pkt.py csum-count PCAP
      Check the TCP and UDP checksums of every packet in a capture under
      both pseudo-header rules: prints {"nid_only_ok": N, "full_ok": N,
      "bad": N, "total": N}.  RFC 6740/6741: between ILNP peers the
      pseudo-header carries the NIDs with zero locators.
  ilnp_pkt.py count PCAP
      Both in one run: {"lu": {lu-count's}, "csum": {csum-count's}}.
  ilnp_pkt.py forge-lu SRC DST LOC[,LOC...] [NONCE_HEX]
      Send one LU advertising the locators LOC (IPv6 /64 prefixes such as
      2001:db8:66::, comma-separated) from SRC to DST through a raw socket,
      with the nonce option when NONCE_HEX (4 or 12 bytes) is given.
  ilnp_pkt.py lu-list PCAP
      Every LU and LU-ACK in a capture, one JSON object a line:
      {"op": "lu"|"ack", "src": ADDR, "dst": ADDR, "locs": [L64...]}.
  ilnp_pkt.py forge [--count N] [--secs S] [--pps RATE] SPEC...
      Send forged packets through a raw socket (any source address): the
      SPECs in order, the whole sequence N times (default 1; with --secs:
      again and again until S seconds have passed), as fast as possible or
      RATE packets a second.  Prints {"sent": N, "failed": N, "error": E,
      "secs": S}.  A SPEC is KIND,KEY=VALUE,... with KIND one of
          udp         UDP datagram (sport, dport, len: payload bytes)
          syn         TCP SYN with an MSS option (sport, dport, seq)
          echo-reply  ICMPv6 echo reply shaped as the answer to an ILNP
                      return-routability probe: id, seq, cookie (8 bytes
                      hex) and the "ILNP-RR" marker (rr=0: no marker)
          paramprob   ICMPv6 Parameter Problem code 2 (unrecognised
                      option) whose pointer names the nonce option of the
                      quoted packet: an IPv6 header from qsrc to qdst
                      (default: DST to SRC, a packet the victim would have
                      sent), a Destination Options header with the nonce
                      qnonce, and a UDP header
          lu          ICMPv6 Locator Update (op=1) or LU-ACK (op=2)
                      listing every loc=PREFIX given (pref, life)
          pause       no packet: wait ms=N milliseconds
      and the KEYs src=ADDR and dst=ADDR (required), nonce=HEX for the
      Nonce destination option (4 or 12 bytes; default none), n=N to send
      this SPEC N times in a row.  Any numeric
      key, cookie, nonce and qnonce may be "random" (nonce=random4: a
      4-byte one): drawn afresh for every packet (a flood cycles through 256
      packets per SPEC built beforehand); id, seq, cookie, qnonce, ports
      default to random.  Checksums are right: ICMPv6 (LUs too) over
      the ordinary pseudo-header, TCP and UDP over the NID-only one that
      ILNP peers use (locators zero; csum=full: the ordinary one).
"""
import ipaddress
import json
import os
import socket
import struct
import sys
import time

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
    res = {"lu": 0, "lu_ack": 0, "with_nonce": 0, "nonce_pkts": 0,
           "dstopt_pkts": 0, "total": 0}
    for pkt in ipv6_payloads(path):
        nh, off, nonce, dstopt = pkt[6], 40, False, False
        while nh in (NH_HOP, NH_ROUTING, NH_DEST) and off + 2 <= len(pkt):
            hlen = (pkt[off + 1] + 1) * 8
            if nh == NH_DEST:
                dstopt = True
                nonce = nonce or has_nonce(pkt[off:off + hlen])
            nh, off = pkt[off], off + hlen
        res["total"] += 1
        res["nonce_pkts"] += nonce
        res["dstopt_pkts"] += dstopt
        if nh == NH_ICMP6 and off + 8 <= len(pkt) and pkt[off] == LU_TYPE:
            op = pkt[off + 5]
            res["lu" if op == 1 else "lu_ack"] += 1
            res["with_nonce"] += nonce
    return res


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
    return res


def csum(data):
    return ~ones_sum(data) & 0xffff


def inet6(addr):
    """An IPv6 address's 16 bytes (ValueError when it is not one)."""
    try:
        return socket.inet_pton(socket.AF_INET6, addr)
    except OSError as e:
        raise ValueError("%r: %s" % (addr, e)) from None


def nonce_hdr(nonce, nh):
    """A Destination Options header carrying only the nonce option."""
    return struct.pack("!BBBB", nh, (len(nonce) + 4) // 8 - 1, NONCE_OPT,
                       len(nonce)) + nonce


def ipv6_packet(s6, d6, nh, payload, nonce=None):
    if nonce:
        payload, nh = nonce_hdr(nonce, nh) + payload, NH_DEST
    return struct.pack("!IHBB", 6 << 28, len(payload), nh, 64) + s6 + d6 + \
        payload


def pseudo(s6, d6, length, nh, nid_only):
    if nid_only:
        s6, d6 = bytes(8) + s6[8:], bytes(8) + d6[8:]
    return s6 + d6 + struct.pack("!IxxxB", length, nh)


def lu_msg(s6, d6, locs, op=1):
    """An RFC 6743 LU: (l64 bytes, pref, lifetime) entries."""
    msg = bytearray(struct.pack("!BBHBBH", LU_TYPE, 0, 0, len(locs), op, 0))
    for l64, pref, life in locs:
        msg += l64 + struct.pack("!HH", pref, life)
    struct.pack_into("!H", msg, 2,
                     csum(pseudo(s6, d6, len(msg), NH_ICMP6, False) +
                          bytes(msg)))
    return bytes(msg)


def forge_lu(src, dst, locs, nonce_hex=None):
    s6 = inet6(src)
    d6 = inet6(dst)
    entries = [(inet6(l)[:8], 1, 600) for l in locs.split(",")]
    pkt = ipv6_packet(s6, d6, NH_ICMP6, lu_msg(s6, d6, entries),
                      bytes.fromhex(nonce_hex) if nonce_hex else None)
    sock = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_RAW)
    sock.sendto(pkt, (dst, 0))
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


class Spec:
    """One forged packet of `forge`, its random parts drawn per packet."""
    KINDS = ("udp", "syn", "echo-reply", "paramprob", "lu", "pause")

    def __init__(self, text):
        kind, *kvs = text.split(",")
        if kind not in self.KINDS:
            raise ValueError("unknown kind %r" % kind)
        self.kind, self.kv, self.locs = kind, {}, []
        for kv in kvs:
            k, sep, v = kv.partition("=")
            if not sep:
                raise ValueError("%r: KEY=VALUE expected" % kv)
            if k == "loc":
                self.locs.append(inet6(v)[:8])
            else:
                self.kv[k] = v
        self.times = int(self.kv.pop("n", "1"))
        if kind == "pause":
            self.ms = float(self.kv.get("ms", "0"))
            return
        for k in ("src", "dst"):
            if k not in self.kv:
                raise ValueError("%s: %s= missing" % (text, k))
        self.src = self.kv["src"]
        self.dst = self.kv["dst"]
        self.s6 = inet6(self.src)
        self.d6 = inet6(self.dst)

    def num(self, key, bits, default="random"):
        v = self.kv.get(key, default)
        if v == "random":
            return int.from_bytes(os.urandom(bits // 8), "big")
        return int(v, 0)

    def blob(self, key, default=None, size=8):
        v = self.kv.get(key, default)
        if v is None or v == "none":
            return None
        if v == "random":
            return os.urandom(size)
        if v == "random4":
            return os.urandom(4)
        if v == "random12":
            return os.urandom(12)
        return bytes.fromhex(v)

    def build(self):
        s6, d6, kv = self.s6, self.d6, self.kv
        nonce = self.blob("nonce", size=12)
        nid_only = kv.get("csum", "nid") == "nid"
        if self.kind == "udp":
            body = b"\0" * int(kv.get("len", "32"))
            seg = bytearray(struct.pack("!HHHH", self.num("sport", 16),
                                        self.num("dport", 16, "9"),
                                        8 + len(body), 0) + body)
            c = csum(pseudo(s6, d6, len(seg), 17, nid_only) + bytes(seg))
            struct.pack_into("!H", seg, 6, c or 0xffff)
            return ipv6_packet(s6, d6, 17, bytes(seg), nonce)
        if self.kind == "syn":
            seg = bytearray(struct.pack("!HHIIBBHHH", self.num("sport", 16),
                                        self.num("dport", 16, "80"),
                                        self.num("seq", 32), 0, 6 << 4, 0x02,
                                        64800, 0, 0) +
                            struct.pack("!BBH", 2, 4, 1440))
            struct.pack_into("!H", seg, 16,
                             csum(pseudo(s6, d6, len(seg), 6, nid_only) +
                                  bytes(seg)))
            return ipv6_packet(s6, d6, 6, bytes(seg), nonce)
        if self.kind == "echo-reply":
            msg = bytearray(struct.pack("!BBHHH", 129, 0, 0,
                                        self.num("id", 16),
                                        self.num("seq", 16)) +
                            self.blob("cookie", "random") +
                            (b"ILNP-RR\0" if kv.get("rr", "1") != "0"
                             else b"\0" * 8))
        elif self.kind == "paramprob":
            q_s6 = inet6(kv.get("qsrc", self.dst))
            q_d6 = inet6(kv.get("qdst", self.src))
            quoted = ipv6_packet(q_s6, q_d6, 17,
                                 struct.pack("!HHHH", self.num("qsport", 16),
                                             self.num("qdport", 16), 8, 0),
                                 self.blob("qnonce", "random", 12))
            msg = bytearray(struct.pack("!BBHI", 4, 2, 0, 40 + 2) + quoted)
        else:
            locs = [(l, self.num("pref", 16, "1"), self.num("life", 16, "600"))
                    for l in self.locs]
            return ipv6_packet(s6, d6, NH_ICMP6,
                               lu_msg(s6, d6, locs, self.num("op", 8, "1")),
                               nonce)
        struct.pack_into("!H", msg, 2,
                         csum(pseudo(s6, d6, len(msg), NH_ICMP6, False) +
                              bytes(msg)))
        return ipv6_packet(s6, d6, NH_ICMP6, bytes(msg), nonce)


POOL = 256


def send(sock, pkt, dst):
    """One packet; a full queue (ENOBUFS) is waited out for a while."""
    for _ in range(100):
        try:
            sock.sendto(pkt, (dst, 0))
            return True
        except OSError as e:
            if e.errno not in (105, 11):    # ENOBUFS, EAGAIN
                send.error = str(e)
                return False
            time.sleep(0.001)
    send.error = "ENOBUFS"
    return False


def forge(args):
    count, secs, pps, specs = 1, None, None, []
    while args:
        a = args.pop(0)
        if a == "--count" and args:
            count = int(args.pop(0))
        elif a == "--secs" and args:
            secs = float(args.pop(0))
        elif a == "--pps" and args:
            pps = float(args.pop(0))
        else:
            specs.append(Spec(a))
    if not specs:
        raise ValueError("no packet to send")
    # Packets are built before the clock starts: per spec at most POOL
    # variants (random fields drawn for each), sent in turn, so that a
    # flood costs one system call a packet.
    for sp in specs:
        if sp.kind != "pause":
            n = sp.times * (count if not secs else POOL)
            sp.pool = [sp.build() for _ in range(min(n, POOL))]
            sp.next = 0
    sock = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_RAW)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 1 << 20)
    sent = failed = rounds = 0
    err = None
    start = time.monotonic()
    while (time.monotonic() - start < secs) if secs else rounds < count:
        rounds += 1
        for sp in specs:
            if sp.kind == "pause":
                time.sleep(sp.ms / 1000.0)
                continue
            for _ in range(sp.times):
                if pps:
                    delay = start + (sent + failed) / pps - time.monotonic()
                    if delay > 0:
                        time.sleep(delay)
                pkt = sp.pool[sp.next]
                sp.next = (sp.next + 1) % len(sp.pool)
                if send(sock, pkt, sp.dst):
                    sent += 1
                else:
                    failed += 1
                    err = err or send.error
    print(json.dumps({"sent": sent, "failed": failed, "error": err,
                      "secs": round(time.monotonic() - start, 3)}))
    return 0 if not failed else 1


def main(argv):
    if len(argv) == 3 and argv[1] == "lu-count":
        print(json.dumps(lu_count(argv[2])))
        return 0
    if len(argv) == 3 and argv[1] == "csum-count":
        print(json.dumps(csum_count(argv[2])))
        return 0
    if len(argv) == 3 and argv[1] == "count":
        print(json.dumps({"lu": lu_count(argv[2]),
                          "csum": csum_count(argv[2])}))
        return 0
    if len(argv) == 3 and argv[1] == "lu-list":
        return lu_list(argv[2])
    if len(argv) in (5, 6) and argv[1] == "forge-lu":
        return forge_lu(*argv[2:])
    if len(argv) >= 3 and argv[1] == "forge":
        try:
            return forge(argv[2:])
        except ValueError as e:
            sys.stderr.write("ilnp_pkt.py forge: %s\n" % e)
            return 2
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
