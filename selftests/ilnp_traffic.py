#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Traffic for the ILNP selftests: streams whose every byte is checked.

  ilnp_traffic.py tcp-sink PORT                 accept one connection, read to
                                                EOF, check the byte pattern
  ilnp_traffic.py tcp-send ADDR PORT BYTES SECS send BYTES over about SECS
  ilnp_traffic.py udp-echo PORT SECS            echo datagrams back for SECS
  ilnp_traffic.py gap RXLOG T0 T1               from the probe's receive log
                                                (ILNP_RXLOG): the silence
                                                around a move made from T0 to
                                                T1 (wall-clock seconds)
  ilnp_traffic.py udp-probe ADDR PORT SECS MS   one numbered datagram every MS
                                                milliseconds, count the echoes;
                                                max_gap_ms is the longest time
                                                without a new echo (the outage
                                                across a move), last_rx_s when
                                                the last echo came

Each prints one JSON object on stdout and exits 0 when its part went right
(the sink: every byte arrived, in order; the probe: it got echoes).  With
ILNP_READY=FILE in the environment, the sender and the probe create FILE
once their session is up (connected; first echo back), so that a test can
move a node in the middle of a session rather than before it.  With
ILNP_RXLOG=FILE the probe writes the wall-clock time of every new echo to
FILE as it comes, one a line, for `gap`; with ILNP_STOP=FILE it ends early
once FILE exists.
"""
import json
import os
import socket
import struct
import sys
import time


def pattern(offset, n):
    """Bytes offset..offset+n of the stream: a counter mod 251 (a prime, so
    a lost, repeated or reordered block shows up)."""
    return bytes((offset + i) % 251 for i in range(n))


def ready():
    path = os.environ.get("ILNP_READY")
    if path:
        open(path, "w").close()


def tcp_sink(port):
    srv = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("::", port))
    srv.listen(1)
    srv.settimeout(60)
    conn, peer = srv.accept()
    conn.settimeout(30)
    total, bad_at, err = 0, None, None
    try:
        while True:
            data = conn.recv(65536)
            if not data:
                break
            if bad_at is None and data != pattern(total, len(data)):
                want = pattern(total, len(data))
                bad_at = total + next(i for i in range(len(data))
                                      if data[i] != want[i])
            total += len(data)
    except OSError as e:
        err = str(e)
    print(json.dumps({"bytes": total, "first_bad_byte": bad_at,
                      "error": err, "peer": peer[0]}))
    return 0 if bad_at is None and err is None else 1


def tcp_send(addr, port, nbytes, secs):
    s = socket.create_connection((addr, port), timeout=30)
    ready()
    chunk = 16384
    steps = max(1, nbytes // chunk)
    pause = secs / steps
    sent, err = 0, None
    try:
        while sent < nbytes:
            n = min(chunk, nbytes - sent)
            s.sendall(pattern(sent, n))
            sent += n
            time.sleep(pause)
        s.shutdown(socket.SHUT_WR)
        # Wait for the peer's close: every byte was taken.
        s.recv(1)
    except OSError as e:
        err = str(e)
    s.close()
    print(json.dumps({"bytes": sent, "error": err}))
    return 0 if err is None else 1


def udp_echo(port, secs):
    """Each echo leaves from the address its datagram was sent to (as a
    connected UDP peer expects), not from whichever address the source
    selection of a node with several would pick."""
    s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_RECVPKTINFO, 1)
    s.bind(("::", port))
    s.settimeout(0.2)
    end, n = time.monotonic() + secs, 0
    while time.monotonic() < end:
        try:
            data, anc, _, peer = s.recvmsg(2048, socket.CMSG_SPACE(20))
        except socket.timeout:
            continue
        cmsg = [(lvl, typ, d[:16] + bytes(4)) for lvl, typ, d in anc
                if lvl == socket.IPPROTO_IPV6 and
                typ == socket.IPV6_PKTINFO and len(d) >= 20]
        try:
            s.sendmsg([data], cmsg, 0, peer)
        except OSError:
            continue
        n += 1
    print(json.dumps({"echoed": n}))
    return 0


def udp_probe(addr, port, secs, ms):
    s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
    s.connect((addr, port))
    s.setblocking(False)
    interval = ms / 1000.0
    start = time.monotonic()
    end = start + secs
    seq, got, last_rx, max_gap, gap_at = 0, set(), None, 0.0, None
    rxlog = open(os.environ["ILNP_RXLOG"], "w") \
        if os.environ.get("ILNP_RXLOG") else None
    stop = os.environ.get("ILNP_STOP")
    next_tx = start
    while True:
        now = time.monotonic()
        if now >= end + 0.5 or (stop and seq % 20 == 0 and
                                os.path.exists(stop)):
            end = min(end, now)
            break
        if now >= next_tx and now < end:
            try:
                s.send(struct.pack("!Id", seq, now) + b"x" * 52)
            except OSError:
                # An earlier datagram found no echo server yet, or the node
                # is between two links (no route): that datagram is lost.
                pass
            seq += 1
            next_tx += interval
        try:
            while True:
                data = s.recv(2048)
                rseq, _ = struct.unpack("!Id", data[:12])
                t = time.monotonic()
                if rseq not in got and last_rx is not None and \
                        t - last_rx > max_gap:
                    max_gap, gap_at = t - last_rx, last_rx - start
                if rseq not in got:
                    last_rx = t
                if not got:
                    ready()
                if rseq not in got and rxlog:
                    rxlog.write("%.6f\n" % time.time())
                    rxlog.flush()
                got.add(rseq)
        except OSError:     # nothing more to read, or an ICMP error
            pass
        time.sleep(min(interval / 4, 0.001))
    if rxlog:
        rxlog.close()
    print(json.dumps({"sent": seq, "echoed": len(got),
                      "lost": seq - len(got),
                      "max_gap_ms": round(max_gap * 1000, 1),
                      "last_rx_s": None if last_rx is None else
                      round(last_rx - start, 3),
                      "secs": round(end - start, 3),
                      "gap_at_s": None if gap_at is None else
                      round(gap_at, 3)}))
    return 0 if got else 1


def gap(rxlog, t0, t1):
    """The echo silence across a move: from the last echo before T0 (the
    move began) to the first echo after T1 (the move's commands were done),
    and the part of it after T1 (what the protocol took once the node was
    attached and rebound)."""
    with open(rxlog) as f:
        times = [float(line) for line in f if line.strip()]
    before = [t for t in times if t <= t0]
    after = [t for t in times if t > t1]
    if not before or not after:
        print(json.dumps({"error": "no echo before or after the move"}))
        return 1
    print(json.dumps({"outage_ms": round((after[0] - before[-1]) * 1000, 1),
                      "after_rebind_ms": round((after[0] - t1) * 1000, 1),
                      "commands_ms": round((t1 - t0) * 1000, 1)}))
    return 0


def main(argv):
    cmd = argv[1] if len(argv) > 1 else ""
    a = argv[2:]
    if cmd == "tcp-sink" and len(a) == 1:
        return tcp_sink(int(a[0]))
    if cmd == "tcp-send" and len(a) == 4:
        return tcp_send(a[0], int(a[1]), int(a[2]), float(a[3]))
    if cmd == "udp-echo" and len(a) == 2:
        return udp_echo(int(a[0]), float(a[1]))
    if cmd == "gap" and len(a) == 3:
        return gap(a[0], float(a[1]), float(a[2]))
    if cmd == "udp-probe" and len(a) == 4:
        return udp_probe(a[0], int(a[1]), float(a[2]), float(a[3]))
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
