#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""A minimal QMP client for the live-migration selftests (no dependencies).

  qmp.py SOCK CMD [JSON-ARGS]     run one QMP command, print its "return"
                                  as JSON; exit 1 on an "error" reply
  qmp.py SOCK wait-migrate SECS   poll query-migrate until the status is
                                  completed, failed or cancelled (or SECS
                                  pass); print the last reply; exit 0 only
                                  for "completed"
  qmp.py SOCK wait-status STATUS SECS
                                  poll query-status until it is STATUS
                                  (e.g. running, inmigrate, postmigrate)

SOCK is the path of a QMP server socket (-qmp unix:SOCK,server=on,wait=off).
Asynchronous events are skipped; the socket is opened per call (QEMU serves
one QMP client at a time per socket).
"""
import json
import socket
import sys
import time


class Qmp:
    def __init__(self, path, timeout=30):
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                self.s.settimeout(timeout)
                self.s.connect(path)
                break
            except OSError:
                self.s.close()
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        self.f = self.s.makefile("rwb")
        self._read()                    # the greeting
        self.cmd("qmp_capabilities")

    def _read(self):
        while True:
            line = self.f.readline()
            if not line:
                raise OSError("QMP socket closed")
            msg = json.loads(line)
            if "event" not in msg:
                return msg

    def cmd(self, name, args=None):
        req = {"execute": name}
        if args:
            req["arguments"] = args
        self.f.write(json.dumps(req).encode() + b"\n")
        self.f.flush()
        return self._read()


def poll(path, secs, query, done):
    q = Qmp(path)
    end = time.monotonic() + secs
    while True:
        r = q.cmd(query).get("return", {})
        if done(r) or time.monotonic() > end:
            return r
        time.sleep(0.2)


def main(argv):
    if len(argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    path, cmd = argv[1], argv[2]
    if cmd == "wait-migrate" and len(argv) == 4:
        r = poll(path, float(argv[3]), "query-migrate",
                 lambda r: r.get("status") in ("completed", "failed",
                                               "cancelled"))
        print(json.dumps(r))
        return 0 if r.get("status") == "completed" else 1
    if cmd == "wait-status" and len(argv) == 5:
        r = poll(path, float(argv[4]), "query-status",
                 lambda r: r.get("status") == argv[3])
        print(json.dumps(r))
        return 0 if r.get("status") == argv[3] else 1
    args = json.loads(argv[3]) if len(argv) > 3 else None
    r = Qmp(path).cmd(cmd, args)
    if "error" in r:
        print(json.dumps(r["error"]))
        return 1
    print(json.dumps(r.get("return")))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
