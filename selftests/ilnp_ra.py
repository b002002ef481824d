#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""A router's advertisements, for the selftests (no radvd needed).

    ilnp_ra.py DEV PREFIX/64 [INTERVAL]

Runs in the router's namespace: answers every Router Solicitation on DEV
at once (to the solicitor, or to all nodes when it has no address yet)
and advertises PREFIX (on-link, autonomous) and itself as the default
router every INTERVAL seconds (default 2; 0: only when solicited).  Prints
one JSON line per advertisement sent to stdout ({"ra": N, "to": ADDR,
"t": SECONDS}) so that a test can tell when the router answered.
"""
import ipaddress
import json
import select
import socket
import struct
import sys
import time

ND_RS, ND_RA = 133, 134


def ra_message(prefix):
    """ICMPv6 RA: hop limit 64, router lifetime 1800 s, one Prefix
    Information option (L and A, valid 1 day, preferred 4 h).  The kernel
    fills in the checksum of a raw ICMPv6 socket."""
    hdr = struct.pack("!BBHBBHII", ND_RA, 0, 0, 64, 0, 1800, 0, 0)
    pio = struct.pack("!BBBBIII", 3, 4, 64, 0xC0, 86400, 14400, 0)
    return hdr + pio + prefix.network_address.packed


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    dev = sys.argv[1]
    prefix = ipaddress.IPv6Network(sys.argv[2])
    if prefix.prefixlen != 64:
        sys.exit("ilnp_ra.py: SLAAC needs a /64, not /%d" % prefix.prefixlen)
    interval = float(sys.argv[3]) if len(sys.argv) == 4 else 2.0
    ifindex = socket.if_nametoindex(dev)

    s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, dev.encode())
    # RFC 4861: a host drops an RA whose hop limit is not 255.
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_HOPS, 255)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_UNICAST_HOPS, 255)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_IF, ifindex)
    msg = ra_message(prefix)
    t0 = time.monotonic()
    sent = 0

    def advertise(to):
        nonlocal sent
        s.sendto(msg, (to, 0, 0, ifindex))
        sent += 1
        print(json.dumps({"ra": sent, "to": to,
                          "t": round(time.monotonic() - t0, 3)}), flush=True)

    advertise("ff02::1")
    due = time.monotonic() + interval
    while True:
        wait = max(0.0, due - time.monotonic()) if interval else None
        if select.select([s], [], [], wait)[0]:
            data, src = s.recvfrom(1500)
            if len(data) >= 8 and data[0] == ND_RS and data[1] == 0:
                solicitor = src[0].split("%")[0]
                advertise(solicitor if solicitor != "::" else "ff02::1")
        if interval and time.monotonic() >= due:
            advertise("ff02::1")
            due = time.monotonic() + interval


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        pass
