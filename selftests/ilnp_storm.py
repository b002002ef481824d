#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""All the traffic of one namespace in one process (for teardown.sh).

  ilnp_storm.py PEER PORT STREAMS BLAST_PREFIX RATE SECS

Runs, until SIGTERM or SECS seconds:
  - a TCP sink on PORT: every connection's bytes are checked (the pattern of
    ilnp_traffic.py: a counter mod 251);
  - a UDP echo server on PORT;
  - STREAMS TCP senders to PEER:PORT, each sending the pattern as fast as
    it goes (64 KiB writes: GSO/TSO on the veth); a stream that breaks is
    reopened after 0.2 s, so traffic keeps flowing into a namespace that
    comes back or goes away;
  - a UDP probe to PEER:PORT, one datagram every 5 ms, echoes counted;
  - a blaster: RATE UDP datagrams a second to random addresses inside
    BLAST_PREFIX (a /48, e.g. 2001:db8:90::), port 9: with an ILNP prefix
    covering it, each creates a correspondent and a return-routability
    probe.

With STORM_BPS=N in the environment each stream sends at most N bytes a
second (16 KiB writes), STORM_PROBE_MS sets the probe's interval, and
STORM_IDLE_S (3) how long a stream may make no progress before it counts
as broken.
Every socket operation has a short timeout: nothing here blocks for more
than a second.  On the way out the senders shut their streams down and
wait (at most 2 s) for the peer's close; the sinks wait as long for EOF.
Prints one JSON object: "clean" lists [local port, bytes] of the streams
whose every byte the peer took (it closed after our FIN), "eof" lists
[peer port, bytes] of received streams that ended in EOF with every byte
right, "bad" counts received streams with a wrong byte (never allowed),
"errors" counts the errors seen by name.  With ILNP_READY=FILE, FILE is
created once a stream is connected and an echo came back.
"""
import errno
import ipaddress
import json
import os
import random
import signal
import socket
import struct
import sys
import threading
import time

BASE = bytes(i % 251 for i in range(251 + 65536))
CHUNK = 65536

stop = threading.Event()
lock = threading.Lock()
res = {"opened": 0, "clean": [], "eof": [], "bad": 0, "sink_errors": 0,
       "errors": {}, "sent_bytes": 0, "recv_bytes": 0, "udp_sent": 0,
       "udp_echoed": 0, "udp_max_gap_ms": 0, "blasted": 0}
BPS = float(os.environ.get("STORM_BPS", 0))
PROBE_S = float(os.environ.get("STORM_PROBE_MS", 5)) / 1000
IDLE = int(os.environ.get("STORM_IDLE_S", 3))
ready_flags = {"tcp": False, "udp": False}


def pattern(off, n):
    o = off % 251
    return BASE[o:o + n]


def count_err(e):
    name = errno.errorcode.get(getattr(e, "errno", None) or 0,
                               type(e).__name__)
    with lock:
        res["errors"][name] = res["errors"].get(name, 0) + 1


def set_ready(what):
    with lock:
        ready_flags[what] = True
        if all(ready_flags.values()) and os.environ.get("ILNP_READY"):
            open(os.environ["ILNP_READY"], "w").close()


def sink_conn(conn, peer):
    conn.settimeout(1.0)
    total, idle, bad = 0, 0, False
    deadline = None
    try:
        while True:
            if stop.is_set() and deadline is None:
                deadline = time.monotonic() + 2
            if deadline and time.monotonic() > deadline:
                raise socket.timeout("no EOF")
            try:
                data = conn.recv(CHUNK)
            except socket.timeout:
                idle += 1
                if idle >= IDLE + 2:
                    raise
                continue
            idle = 0
            if not data:
                break
            if not bad and data != pattern(total, len(data)):
                bad = True
            total += len(data)
        with lock:
            res["recv_bytes"] += total
            if bad:
                res["bad"] += 1
            else:
                res["eof"].append([peer[1], total])
    except OSError as e:
        count_err(e)
        with lock:
            res["recv_bytes"] += total
            res["sink_errors"] += 1
            res["bad"] += bad
    conn.close()


def tcp_server(port):
    srv = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("::", port))
    srv.listen(16)
    srv.settimeout(0.2)
    threads = []
    while not stop.is_set():
        try:
            conn, peer = srv.accept()
        except socket.timeout:
            continue
        except OSError as e:
            count_err(e)
            continue
        t = threading.Thread(target=sink_conn, args=(conn, peer), daemon=True)
        t.start()
        threads.append(t)
    srv.close()
    for t in threads:
        t.join(3)


def tcp_stream(peer, port):
    while not stop.is_set():
        sent, s = 0, None
        try:
            s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
            s.settimeout(3.0)
            s.connect((peer, port))
            s.settimeout(1.0)
            with lock:
                res["opened"] += 1
            set_ready("tcp")
            lport = s.getsockname()[1]
            idle, t0 = 0, time.monotonic()
            chunk = 16384 if BPS else CHUNK
            while not stop.is_set():
                if BPS:
                    ahead = t0 + sent / BPS - time.monotonic()
                    if ahead > 0:
                        stop.wait(ahead)
                        continue
                try:
                    n = s.send(pattern(sent, chunk))
                except socket.timeout:
                    idle += 1
                    if idle >= IDLE:
                        raise
                    continue
                idle = 0
                sent += n
            s.shutdown(socket.SHUT_WR)
            s.settimeout(2.0)
            # The peer closes after reading everything: every byte taken.
            while s.recv(4096):
                pass
            with lock:
                res["clean"].append([lport, sent])
        except OSError as e:
            count_err(e)
            time.sleep(0.2)
        finally:
            with lock:
                res["sent_bytes"] += sent
            if s:
                s.close()


def udp_echo(port):
    s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_RECVPKTINFO, 1)
    s.bind(("::", port))
    s.settimeout(0.2)
    while not stop.is_set():
        try:
            data, anc, _, peer = s.recvmsg(2048, socket.CMSG_SPACE(20))
            # Answer from the address asked (the host has several).
            info = [(lvl, t, d) for lvl, t, d in anc
                    if lvl == socket.IPPROTO_IPV6 and
                    t == socket.IPV6_PKTINFO]
            s.sendmsg([data], info, 0, peer)
        except socket.timeout:
            continue
        except OSError as e:
            count_err(e)
    s.close()


def udp_probe(peer, port):
    s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    s.connect((peer, port))
    s.setblocking(False)
    seq, last = 0, None
    while not stop.is_set():
        try:
            s.send(struct.pack("!I", seq) + b"u" * 60)
            seq += 1
        except OSError:
            pass
        try:
            while s.recv(2048):
                t = time.monotonic()
                with lock:
                    res["udp_echoed"] += 1
                    if last is not None:
                        res["udp_max_gap_ms"] = max(res["udp_max_gap_ms"],
                                                    round((t - last) * 1000))
                last = t
                set_ready("udp")
        except OSError:
            pass
        time.sleep(PROBE_S)
    with lock:
        res["udp_sent"] = seq
    s.close()


def blaster(prefix, rate):
    if rate <= 0:
        return
    net = int(ipaddress.IPv6Address(prefix)) >> 80 << 80
    s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    s.setblocking(False)
    n = 0
    start = time.monotonic()
    while not stop.is_set():
        a = ipaddress.IPv6Address(net | random.getrandbits(80))
        try:
            s.sendto(b"b" * 32, (str(a), 9))
        except OSError:
            pass
        n += 1
        ahead = start + n / rate - time.monotonic()
        if ahead > 0:
            time.sleep(ahead)
    with lock:
        res["blasted"] = n
    s.close()


def main(argv):
    if len(argv) != 7:
        sys.stderr.write(__doc__)
        return 2
    peer, port, streams, prefix = argv[1], int(argv[2]), int(argv[3]), argv[4]
    rate, secs = float(argv[5]), float(argv[6])
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    threads = [threading.Thread(target=tcp_server, args=(port,)),
               threading.Thread(target=udp_echo, args=(port,)),
               threading.Thread(target=udp_probe, args=(peer, port)),
               threading.Thread(target=blaster, args=(prefix, rate))]
    threads += [threading.Thread(target=tcp_stream, args=(peer, port))
                for _ in range(streams)]
    for t in threads:
        t.daemon = True
        t.start()
    stop.wait(secs)
    stop.set()
    for t in threads:
        t.join(5)
    with lock:
        res["stuck_threads"] = sum(t.is_alive() for t in threads)
        print(json.dumps(res), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
