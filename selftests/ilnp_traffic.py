#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Traffic for the ILNP selftests: streams whose every byte is checked.

  ilnp_traffic.py tcp-sink PORT                 accept one connection, read to
                                                EOF, check the byte pattern
  ilnp_traffic.py tcp-send ADDR PORT BYTES SECS send BYTES over about SECS
                                                (with ILNP_UNTIL=FILE: on,
                                                at that pace, until FILE
                                                exists)
  ilnp_traffic.py udp-echo PORT SECS            echo datagrams back for SECS
  ilnp_traffic.py tcp-echo ADDR PORT RATE SECS  stream RATE bytes/s to an echo
                                                server for SECS (or until the
                                                file ILNP_STOP names exists),
                                                check every byte that comes
                                                back (at most 16 KiB ahead
                                                of the echo); max_gap_ms is
                                                the longest time without
                                                echoed data once it flows
                                                (the outage); ILNP_READY is made
                                                at the first echoed byte;
                                                ILNP_PROGRESS=FILE gets the
                                                bytes echoed so far (every
                                                0.5 s)
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
  ilnp_traffic.py whoami NAME PORT [BIND]       UDP and TCP server that
                                                answers with its NAME and
                                                counts what each peer sent,
                                                until SIGTERM (at most 300 s;
                                                then prints)
  ilnp_traffic.py whoami-ask ADDR PORT BYTES SECS
                                                UDP datagrams (every 100 ms)
                                                and a TCP stream of BYTES to
                                                a whoami server for SECS:
                                                who answered, and how much
  ilnp_traffic.py udp-ask ADDR PORT RETRY_MS MAX_S
                                                one request/response (a DNS
                                                query): resent every RETRY_MS
                                                until answered; the time it
                                                took

Each prints one JSON object on stdout and exits 0 when its part went right
(the sink: every byte arrived, in order; the probe: it got echoes).  With
ILNP_READY=FILE in the environment, the sender and the probe create FILE
once their session is up (connected; first echo back; whoami-ask: both),
so that a test can move a node in the middle of a session rather than
before it.  With ILNP_RXLOG=FILE the probe writes the wall-clock time of
every new echo to FILE as it comes, one a line, for `gap`; with
ILNP_STOP=FILE it ends early once FILE exists.  With ILNP_SRC=ADDR
whoami-ask sends from that address (a second local NID, say).  tcp-send
reports connect_ms, the time its TCP handshake took.
"""
import json
import os
import select
import socket
import struct
import sys
import time

# How long a TCP stream may stall before the test calls it broken.
STALL_S = 120


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
    # A session across a move is silent for as long as the move's commands
    # take in a loaded test guest (half a minute, at times): a stall that
    # fails the test is a longer one.
    conn.settimeout(STALL_S)
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
    t0 = time.monotonic()
    try:
        s = socket.create_connection((addr, port), timeout=30)
    except OSError as e:
        print(json.dumps({"bytes": 0, "error": "connect: %s" % e,
                          "connect_ms": None}))
        return 1
    connect_ms = round((time.monotonic() - t0) * 1000, 1)
    s.settimeout(STALL_S)      # as tcp_sink's
    ready()
    chunk = 16384
    steps = max(1, nbytes // chunk)
    pause = secs / steps
    sent, err = 0, None
    until = os.environ.get("ILNP_UNTIL")
    try:
        # With ILNP_UNTIL=FILE, go on past BYTES at the same pace until
        # FILE exists: a stream across moves that take the test an unknown
        # time.
        while sent < nbytes or (until and not os.path.exists(until)):
            n = chunk if sent >= nbytes else min(chunk, nbytes - sent)
            s.sendall(pattern(sent, n))
            sent += n
            time.sleep(pause)
        s.shutdown(socket.SHUT_WR)
        # Wait for the peer's close: every byte was taken.
        s.recv(1)
    except OSError as e:
        err = str(e)
    s.close()
    print(json.dumps({"bytes": sent, "error": err,
                      "connect_ms": connect_ms}))
    return 0 if err is None else 1


def tcp_echo(addr, port, rate, secs):
    """Stream the pattern to an echo server (V's port 7 in the migration
    tests) and check what comes back, from this one host: the far end needs
    nothing but an echo."""
    import threading
    s = socket.create_connection((addr, port), timeout=60)
    # A nested guest is slow to start its echo (and to run new code after
    # a migration): generous timeouts, and "ready" only once data came back.
    s.settimeout(120)
    stop = os.environ.get("ILNP_STOP")
    chunk = 4096
    # pattern() a byte at a time costs too much CPU under TCG: slice one
    # precomputed period-251 buffer instead (same bytes).
    base = pattern(0, 65536 + 251)

    def pat(offset, n):
        return base[offset % 251:offset % 251 + n]
    pause = chunk / float(rate)
    state = {"sent": 0, "err": None, "echoed": 0}
    # At most this much unechoed: a slow echo must not leave megabytes in
    # the socket buffers to drain once the stream stops.
    window = 16384

    def sender():
        start = time.monotonic()
        try:
            while time.monotonic() - start < secs and \
                    not (stop and os.path.exists(stop)):
                if state["sent"] - state["echoed"] >= window:
                    time.sleep(0.05)
                    continue
                s.sendall(pat(state["sent"], chunk))
                state["sent"] += chunk
                time.sleep(pause)
            s.shutdown(socket.SHUT_WR)
        except OSError as e:
            state["err"] = "send: " + str(e)

    t = threading.Thread(target=sender)
    t.start()
    total, bad_at, err = 0, None, None
    last, max_gap = time.monotonic(), 0.0
    progress, last_progress = os.environ.get("ILNP_PROGRESS"), 0.0
    try:
        while True:
            data = s.recv(65536)
            if not data:
                break
            now = time.monotonic()
            if total == 0:
                ready()
                last = now
            max_gap, last = max(max_gap, now - last), now
            if bad_at is None and data != pat(total, len(data)):
                want = pat(total, len(data))
                bad_at = total + next(i for i in range(len(data))
                                      if data[i] != want[i])
            total += len(data)
            state["echoed"] = total
            if progress and now - last_progress >= 0.5:
                with open(progress + ".tmp", "w") as f:
                    f.write("%d\n" % total)
                os.rename(progress + ".tmp", progress)
                last_progress = now
    except OSError as e:
        err = "recv: " + str(e)
    t.join()
    s.close()
    err = err or state["err"]
    print(json.dumps({"sent": state["sent"], "bytes": total,
                      "first_bad_byte": bad_at, "error": err,
                      "max_gap_ms": round(max_gap * 1000, 1)}))
    return 0 if err is None and bad_at is None and \
        total == state["sent"] else 1


def udp_echo(port, secs):
    """Each echo leaves from the address its datagram was sent to (as a
    connected UDP peer expects), not from whichever address the source
    selection of a node with several would pick.  With ILNP_ECHO_ANY=1 the
    source is left to the stack: on an ILNP node whose session began at an
    address it has since removed, the address the datagram came to (the
    session's view) is no longer one it may send from."""
    any_src = os.environ.get("ILNP_ECHO_ANY") == "1"
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
                if lvl == socket.IPPROTO_IPV6 and not any_src and
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
        # Sleep until the next datagram is due or an echo comes: a test
        # guest has one slow CPU, and polling would take it from the
        # commands whose timing the test measures.
        wake = next_tx if next_tx < end else end + 0.5
        select.select([s], [], [], max(0.0, wake - time.monotonic()))
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
        print(json.dumps({"error": "no echo before or after the move",
                          "echoes": len(times), "t0": t0, "t1": t1,
                          "first": times[0] if times else None,
                          "last": times[-1] if times else None}))
        return 1
    print(json.dumps({"outage_ms": round((after[0] - before[-1]) * 1000, 1),
                      "after_rebind_ms": round((after[0] - t1) * 1000, 1),
                      "commands_ms": round((t1 - t0) * 1000, 1)}))
    return 0


def whoami(name, port, bind="::"):
    """UDP and TCP server on PORT that says who it is, until SIGTERM.

    UDP: every datagram is answered with NAME, a NUL and the datagram (from
    the address it was sent to when BIND names one).  TCP: NAME and a
    newline on accept; then the client's stream is read to EOF and checked
    (pattern()), answered with {"name", "bytes", "first_bad_byte"} on one
    line, and closed.  On SIGTERM (or after 300 s): the summary, {"name",
    "udp": {peer address: datagrams}, "tcp": [{"peer", "bytes",
    "first_bad_byte", "done"}]} (one entry per connection, in the order
    they came).
    """
    import select
    import signal
    import threading

    tag = name.encode() + b"\0"
    lock = threading.Lock()
    udp_rx, conns = {}, []
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())

    u = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    u.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
    u.bind((bind, port))
    srv = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((bind, port))
    srv.listen(16)

    def serve(conn, peer):
        rec = {"peer": peer[0], "bytes": 0, "first_bad_byte": None,
               "done": False}
        with lock:
            conns.append(rec)
        try:
            conn.settimeout(30)
            conn.sendall(name.encode() + b"\n")
            while True:
                data = conn.recv(65536)
                if not data:
                    break
                with lock:
                    if rec["first_bad_byte"] is None and \
                            data != pattern(rec["bytes"], len(data)):
                        want = pattern(rec["bytes"], len(data))
                        rec["first_bad_byte"] = rec["bytes"] + next(
                            i for i in range(len(data))
                            if data[i] != want[i])
                    rec["bytes"] += len(data)
            conn.sendall(json.dumps({"name": name, "bytes": rec["bytes"],
                                     "first_bad_byte":
                                     rec["first_bad_byte"]}).encode() +
                         b"\n")
            with lock:
                rec["done"] = True
        except OSError as e:
            with lock:
                rec["error"] = str(e)
        conn.close()

    # (and after five minutes in any case: a test that forgot it must not
    # hang on it)
    deadline = time.monotonic() + 300
    while not stop.is_set() and time.monotonic() < deadline:
        try:
            r, _, _ = select.select([u, srv], [], [], 0.2)
        except InterruptedError:
            continue
        if u in r:
            data, peer = u.recvfrom(2048)
            with lock:
                udp_rx[peer[0]] = udp_rx.get(peer[0], 0) + 1
            try:
                u.sendto(tag + data, peer)
            except OSError:
                pass
        if srv in r:
            conn, peer = srv.accept()
            threading.Thread(target=serve, args=(conn, peer),
                             daemon=True).start()
    with lock:
        print(json.dumps({"name": name, "udp": udp_rx, "tcp": conns}))
    return 0


def whoami_ask(addr, port, nbytes, secs):
    """Ask a whoami server, over UDP and TCP at once, for about SECS: one
    datagram every 100 ms (replies counted by the name they carry) and a
    stream of NBYTES, paced over SECS.  With ILNP_SRC=ADDR in the
    environment both sockets are bound to that source address.  With
    ILNP_UNTIL=FILE both go on (the stream past NBYTES, at the same pace)
    until 1.5 s after FILE appeared, however long that takes: a session
    across a move that takes the test an unknown time.  Prints {"tcp_name",
    "tcp_sent", "tcp_acked" (what the server says it got), "tcp_bad",
    "udp_sent",
    "udp_replies": {name: datagrams}, "udp_last_rx_s", "udp_max_gap_ms" (the
    longest silence between answers), "udp_gap_wall" (its start and end,
    wall-clock seconds), "secs" (how long datagrams were sent), "error"}.
    """
    import threading

    src = os.environ.get("ILNP_SRC")
    until = os.environ.get("ILNP_UNTIL")
    t0 = time.monotonic()
    seen_at = []

    def more():
        """Go on?  At least SECS; with ILNP_UNTIL until 1.5 s after it."""
        now = time.monotonic()
        if now - t0 < secs:
            return True
        if not until:
            return False
        if not seen_at:
            if not os.path.exists(until):
                return True
            seen_at.append(now)
        return now - seen_at[0] < 1.5

    res = {"tcp_name": None, "tcp_sent": 0, "tcp_acked": None,
           "tcp_bad": None, "udp_sent": 0, "udp_replies": {},
           "udp_last_rx_s": None, "secs": secs, "error": None}
    up = {"tcp": threading.Event(), "udp": threading.Event()}

    def tcp():
        try:
            s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
            s.settimeout(30)
            if src:
                s.bind((src, 0))
            s.connect((addr, port))
            f = s.makefile("rb")
            res["tcp_name"] = f.readline().decode().strip()
            up["tcp"].set()
            chunk = 8192
            steps = max(1, nbytes // chunk)
            pause = secs / steps
            while res["tcp_sent"] < nbytes or (until and more()):
                n = chunk if res["tcp_sent"] >= nbytes else \
                    min(chunk, nbytes - res["tcp_sent"])
                s.sendall(pattern(res["tcp_sent"], n))
                res["tcp_sent"] += n
                time.sleep(pause)
            s.shutdown(socket.SHUT_WR)
            ack = json.loads(f.readline().decode())
            res["tcp_acked"] = ack["bytes"]
            res["tcp_bad"] = ack["first_bad_byte"]
            s.close()
        except (OSError, ValueError) as e:
            res["error"] = "tcp: %s" % e
            up["tcp"].set()

    t = threading.Thread(target=tcp)
    t.start()
    u = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    if src:
        u.bind((src, 0))
    u.connect((addr, port))
    u.setblocking(False)
    import select

    start = time.monotonic()
    next_tx, seen, end = start, {}, None
    last, max_gap, gap_at = None, 0.0, None
    # After the last datagram, answers are waited for until all came or
    # 5 s passed (a loaded guest may hold one that long).
    while end is None or (time.monotonic() < end + 5 and
                          sum(map(len, seen.values())) < res["udp_sent"]):
        now = time.monotonic()
        if end is None and not more():
            end = now
        if now >= next_tx and end is None:
            try:
                u.send(struct.pack("!I", res["udp_sent"]) + b"w" * 60)
            except OSError:
                pass
            res["udp_sent"] += 1
            next_tx = max(next_tx + 0.1, now)
        wait = (next_tx if end is None else end + 5) - time.monotonic()
        select.select([u], [], [], max(0.0, min(wait, 0.2)))
        try:
            while True:
                data = u.recv(2048)
                who, _, body = data.partition(b"\0")
                seq = struct.unpack("!I", body[:4])[0]
                seen.setdefault(who.decode(errors="replace"), set()).add(seq)
                now = time.monotonic()
                if last is not None and now - last > max_gap:
                    max_gap = now - last
                    gap_at = (time.time() - (now - last), time.time())
                last = now
                res["udp_last_rx_s"] = round(now - start, 3)
                up["udp"].set()
                if up["tcp"].is_set():
                    ready()
        except OSError:
            pass
    t.join()
    res["udp_replies"] = {k: len(v) for k, v in seen.items()}
    res["udp_max_gap_ms"] = round(max_gap * 1000, 1)
    res["udp_gap_wall"] = gap_at and [round(t, 3) for t in gap_at]
    res["secs"] = round(end - start, 3)
    print(json.dumps(res))
    return 0 if res["error"] is None and seen else 1


def udp_ask(addr, port, retry_ms, max_s):
    """A request/response exchange as a DNS stub resolver makes it: one
    datagram, sent again every RETRY_MS until an answer comes (at most
    MAX_S).  Prints {"ms": time to the answer, "tries": datagrams sent,
    "from": the answer's source address} ("ms" null: no answer)."""
    u = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    u.connect((addr, port))
    start = time.monotonic()
    tries, got, frm = 0, None, None
    while time.monotonic() - start < max_s and got is None:
        try:
            u.send(b"query %d" % tries)
        except OSError:
            pass
        tries += 1
        u.settimeout(retry_ms / 1000.0)
        try:
            _, peer = u.recvfrom(2048)
            got, frm = time.monotonic() - start, peer[0]
        except socket.timeout:
            pass
        except OSError:     # an ICMP error: ask again at the next try
            time.sleep(retry_ms / 1000.0)
    print(json.dumps({"ms": None if got is None else round(got * 1000, 1),
                      "tries": tries, "from": frm}))
    return 0 if got is not None else 1


def main(argv):
    cmd = argv[1] if len(argv) > 1 else ""
    a = argv[2:]
    if cmd == "tcp-sink" and len(a) == 1:
        return tcp_sink(int(a[0]))
    if cmd == "tcp-send" and len(a) == 4:
        return tcp_send(a[0], int(a[1]), int(a[2]), float(a[3]))
    if cmd == "tcp-echo" and len(a) == 4:
        return tcp_echo(a[0], int(a[1]), float(a[2]), float(a[3]))
    if cmd == "udp-echo" and len(a) == 2:
        return udp_echo(int(a[0]), float(a[1]))
    if cmd == "gap" and len(a) == 3:
        return gap(a[0], float(a[1]), float(a[2]))
    if cmd == "udp-probe" and len(a) == 4:
        return udp_probe(a[0], int(a[1]), float(a[2]), float(a[3]))
    if cmd == "whoami" and len(a) in (2, 3):
        return whoami(a[0], int(a[1]), *a[2:])
    if cmd == "whoami-ask" and len(a) == 4:
        return whoami_ask(a[0], int(a[1]), int(a[2]), float(a[3]))
    if cmd == "udp-ask" and len(a) == 4:
        return udp_ask(a[0], int(a[1]), float(a[2]), float(a[3]))
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
