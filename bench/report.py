# SPDX-License-Identifier: GPL-2.0
"""The bench's table: medians, spreads and ratios of bench/datapath.sh's CSV.

    report.py CSV OUTDIR

Prints the table, writes OUTDIR/datapath-summary.csv and, where gnuplot
is installed, OUTDIR/datapath.png.  Exits 1 when a variant's packets were
not rewritten as it says (a bench of the wrong path measures nothing).
"""
import csv
import os
import shutil
import statistics
import subprocess
import sys

VARIANTS = ["nomod", "fwd", "neutral", "adjust"]
WHAT = {
    "nomod": "plain IPv6 forwarding, ilnp.ko not loaded",
    "fwd": "plain forwarding, ilnp.ko loaded (1000 other NIDs mapped)",
    "neutral": "map rewrite, checksum-neutral locators",
    "adjust": "map rewrite, TCP/UDP checksum adjusted",
}
METRICS = [("tcp_bps", "TCP Mbit/s", 1e-6), ("udp_pps", "UDP kpkt/s", 1e-3)]


def main():
    path, outdir = sys.argv[1], sys.argv[2]
    data = {}
    with open(path, newline="") as f:
        for variant, rnd, metric, value in csv.reader(f):
            data.setdefault((variant, metric), []).append(float(value))

    bad = []
    for v in VARIANTS:
        rw = data.get((v, "rewritten"), [])
        if not rw:
            bad.append(f"{v}: no measurement")
        elif v in ("neutral", "adjust") and min(rw) <= 0:
            bad.append(f"{v}: a round saw no packet rewritten")
        elif v in ("nomod", "fwd") and max(rw) != 0:
            bad.append(f"{v}: packets were rewritten")

    rows = []
    print(f"{'variant':<9}{'metric':<12}{'median':>10}{'min':>10}{'max':>10}"
          f"{'n':>4}{'vs nomod':>10}{'vs fwd':>9}")
    for key, label, scale in METRICS:
        base = {b: statistics.median(data[(b, key)]) for b in ("nomod", "fwd")
                if data.get((b, key))}
        for v in VARIANTS:
            xs = data.get((v, key))
            if not xs:
                continue
            med = statistics.median(xs)
            r0 = med / base["nomod"] if base.get("nomod") else float("nan")
            r1 = med / base["fwd"] if base.get("fwd") else float("nan")
            rows.append([v, key, med, min(xs), max(xs), len(xs), r0, r1])
            print(f"{v:<9}{label:<12}{med * scale:>10.1f}{min(xs) * scale:>10.1f}"
                  f"{max(xs) * scale:>10.1f}{len(xs):>4}{r0:>10.3f}{r1:>9.3f}")
    print()
    for v in VARIANTS:
        print(f"  {v:<8} {WHAT[v]}")

    summary = os.path.join(outdir, "datapath-summary.csv")
    with open(summary, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["variant", "metric", "median", "min", "max", "n",
                    "ratio_nomod", "ratio_fwd"])
        w.writerows(rows)
    print(f"\nCSV: {path}, {summary}")

    if shutil.which("gnuplot"):
        png = os.path.join(outdir, "datapath.png")
        dat = os.path.join(outdir, "datapath.dat")
        with open(dat, "w") as f:
            for i, v in enumerate(VARIANTS):
                cells = []
                for key, _, scale in METRICS:
                    xs = data.get((v, key)) or [0]
                    cells += [statistics.median(xs) * scale, min(xs) * scale,
                              max(xs) * scale]
                f.write(f"{i} {v} " + " ".join(f"{c:.2f}" for c in cells) + "\n")
        script = f"""
set terminal png size 900,420
set output '{png}'
set multiplot layout 1,2 title 'ILNP forward path (median, min-max), Debian stock kernel under QEMU'
set style fill solid 0.5
set boxwidth 0.6
set yrange [0:*]
set xrange [-0.6:3.6]
set title 'TCP bulk (Mbit/s)'
plot '{dat}' using 1:3:xtic(2) with boxes notitle, '' using 1:3:4:5 with yerrorbars notitle
set title 'UDP 64-byte (kpkt/s)'
plot '{dat}' using 1:6:xtic(2) with boxes notitle, '' using 1:6:7:8 with yerrorbars notitle
unset multiplot
"""
        subprocess.run(["gnuplot"], input=script, text=True, check=True)
        print(f"plot: {png}")

    for b in bad:
        print(f"bench: {b}", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
