#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn the result files of test guests into one report.

    report.py LABEL:OUTDIR:KIND [...]

KIND is "host" (host.tap: build results), "check" (our debug kernel: KUnit KTAP, selftest TAP, kmemleak,
module unload, kernel log) or "smoke" (stock kernel: smoke.tap).  Prints
every test as ok / not ok / skip and ends with exactly one line
"N passed, N failed, N skipped".  Exit status 1 when anything failed or no
test ran at all.
"""
import os
import re
import sys

RESULT = re.compile(r'^(?P<indent>\s*)(?P<not>not )?ok (?P<num>\d+)(?: -)? ?'
                    r'(?P<desc>[^#]*?)\s*(?:#\s*(?P<dir>\S+)\s*(?P<reason>.*))?$')
SUBTEST = re.compile(r'^(?P<indent>\s*)# Subtest: (?P<name>.*)$')

# Kernel log lines that fail a run whatever the tests said.
KERNEL_BAD = [
    (re.compile(r'BUG: KASAN'), 'KASAN report'),
    (re.compile(r'WARNING: possible circular locking|'
                r'WARNING: inconsistent lock state|'
                r'WARNING: possible recursive locking|'
                r'WARNING: suspicious RCU usage|'
                r'INFO: possible irq lock inversion|'
                r'BUG: sleeping function called'), 'lockdep/RCU report'),
    (re.compile(r'unreferenced object'), 'kmemleak report'),
    (re.compile(r'------------\[ cut here \]------------|WARNING: CPU:'), 'WARN'),
    (re.compile(r'BUG: |Oops|general protection fault|Kernel panic'),
     'BUG/Oops/panic'),
]


class Report:
    def __init__(self):
        self.passed = self.failed = self.skipped = 0

    def ok(self, name):
        self.passed += 1
        print(f'ok - {name}')

    def fail(self, name, why=''):
        self.failed += 1
        print(f'not ok - {name}' + (f' # {why}' if why else ''))

    def skip(self, name, why):
        self.skipped += 1
        print(f'skip - {name} # SKIP {why or "no reason given"}')


def parse_tap(lines):
    """Yield (name, status, reason) for every leaf test of (K)TAP text.

    A result line is a leaf unless results at a deeper indentation came
    right before it (then it sums up a subtest; it only counts when it says
    "not ok" while none of its children did).
    """
    subtests = []           # (indent, name)
    deeper = {}             # indent -> results seen deeper since last here
    child_failed = {}
    for raw in lines:
        line = raw.rstrip('\n')
        m = SUBTEST.match(line)
        if m:
            ind = len(m.group('indent'))
            subtests = [s for s in subtests if s[0] < ind]
            subtests.append((ind, m.group('name').strip()))
            continue
        m = RESULT.match(line)
        if not m:
            continue
        ind = len(m.group('indent'))
        desc = m.group('desc').strip() or f'test {m.group("num")}'
        directive = (m.group('dir') or '').upper()
        status = 'fail' if m.group('not') else 'ok'
        if directive.startswith('SKIP'):
            status = 'skip'
        has_children = any(v for k, v in deeper.items() if k > ind)
        kids_failed = any(v for k, v in child_failed.items() if k > ind)
        for k in [k for k in deeper if k > ind]:
            del deeper[k]
            child_failed.pop(k, None)
        deeper[ind] = True
        if status == 'fail':
            child_failed[ind] = True
        parents = [s[1] for s in subtests if s[0] <= ind]
        if has_children:
            subtests = [s for s in subtests if s[0] < ind]
            if status == 'fail' and not kids_failed:
                yield ('.'.join(parents[:-1] + [desc]) if parents else desc,
                       'fail', 'subtest failed')
            continue
        name = '.'.join([p for p in parents if p != desc] + [desc])
        yield name, status, (m.group('reason') or '').strip()


def read(path):
    try:
        with open(path, errors='replace') as f:
            return f.read().splitlines()
    except FileNotFoundError:
        return None


def report_tap(rep, prefix, lines):
    count = 0
    for name, status, reason in parse_tap(lines):
        count += 1
        full = f'{prefix}: {name}'
        if status == 'ok':
            rep.ok(full)
        elif status == 'skip':
            rep.skip(full, reason)
        else:
            rep.fail(full, reason)
    return count


def scan_kernel_log(rep, label, outdir):
    dmesg = read(os.path.join(outdir, 'dmesg.txt')) or []
    console = read(os.path.join(outdir, 'console.log')) or []
    # After a panic there is no dmesg.txt; the console has the story.
    lines = dmesg if dmesg else console
    seen = set()
    for i, line in enumerate(lines):
        for pat, what in KERNEL_BAD:
            if pat.search(line) and what not in seen:
                seen.add(what)
                rep.fail(f'{label}: kernel log clean of {what}',
                         line.strip()[:160])
                for ctx in lines[i:i + 12]:
                    print(f'#   {ctx}')
    if not seen:
        rep.ok(f'{label}: kernel log clean (KASAN, lockdep, WARN, BUG, kmemleak)')


def report_check(rep, label, outdir):
    ran = 0
    if os.path.exists(os.path.join(outdir, 'insmod.err')):
        rep.fail(f'{label}: insmod ilnp.ko', 'module did not load')
    kunit = read(os.path.join(outdir, 'kunit.ktap'))
    if kunit is not None:
        if report_tap(rep, f'{label} kunit', kunit) == 0:
            rep.fail(f'{label} kunit', 'no KUnit results')
        ran += 1
    for f in sorted(os.listdir(outdir)):
        m = re.match(r'selftest-(.*)\.tap$', f)
        if not m:
            continue
        name = m.group(1)
        ran += 1
        lines = read(os.path.join(outdir, f)) or []
        rc_text = read(os.path.join(outdir, f'selftest-{name}.rc'))
        rc = int(rc_text[0]) if rc_text else -1
        prefix = f'{label} selftest {name}'
        n = report_tap(rep, prefix, lines)
        if rc == 4 and n == 0:
            why = next((ln.split('SKIP', 1)[1].strip(' :')
                        for ln in reversed(lines) if 'SKIP' in ln), '')
            rep.skip(prefix, why or 'exit 4 without a reason')
        elif rc in (124, 137):
            rep.fail(prefix, 'timed out')
        elif rc not in (0, 4) and not any(s == 'fail' for _, s, _ in
                                             parse_tap(lines)):
            rep.fail(prefix, f'exited {rc} without a failing test line')
        elif rc == 0 and n == 0:
            rep.fail(prefix, 'printed no test result')
    rmmod = read(os.path.join(outdir, 'rmmod.rc'))
    if rmmod is not None:
        if rmmod[0].strip() == '0':
            rep.ok(f'{label}: rmmod ilnp')
        else:
            err = ' '.join(read(os.path.join(outdir, 'rmmod.err')) or [])
            rep.fail(f'{label}: rmmod ilnp', err)
    leaks = read(os.path.join(outdir, 'kmemleak.txt'))
    if leaks is not None:
        objs = [ln for ln in leaks if 'unreferenced object' in ln]
        if objs:
            rep.fail(f'{label}: kmemleak', f'{len(objs)} leaked objects')
            for ln in leaks[:40]:
                print(f'#   {ln}')
        else:
            rep.ok(f'{label}: kmemleak clean')
    return ran


def report_smoke(rep, label, outdir):
    lines = read(os.path.join(outdir, 'smoke.tap')) or []
    n = report_tap(rep, f'{label} smoke', lines)
    if n == 0:
        rep.fail(f'{label} smoke', 'no results')
    return n


def main(argv):
    rep = Report()
    for spec in argv:
        label, outdir, kind = spec.split(':')
        if kind == 'host':
            report_tap(rep, label, read(os.path.join(outdir, 'host.tap')) or [])
            continue
        done = os.path.exists(os.path.join(outdir, 'done'))
        if kind == 'check':
            report_check(rep, label, outdir)
        else:
            report_smoke(rep, label, outdir)
        scan_kernel_log(rep, label, outdir)
        if not done:
            rep.fail(f'{label}: guest ran to the end',
                     'guest died (panic, oops or timeout): see console.log')
            for ln in (read(os.path.join(outdir, 'console.log')) or [])[-25:]:
                print(f'#   {ln}')
    total = rep.passed + rep.failed
    print(f'{rep.passed} passed, {rep.failed} failed, {rep.skipped} skipped')
    return 1 if rep.failed or total == 0 else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
