#!/usr/bin/env python3
"""Turns one bench/run's raw measurements into RESULTS.md: a table per data set, the targets of
issues 2 and 4 checked, and the machine it ran on.

Input (in --work): measurements.tsv with rows
  suite dataset tool rep wall_s user_s sys_s maxrss_kib bytes status
where rep 0 is the warm-up (not counted), plus the suites' data set lists and verification notes.
"""
import argparse
import csv
import os
import platform
import statistics
import subprocess
from collections import defaultdict

GB = 1e9
MIB = 1024 * 1024

# Issue 2's targets, tableload against each client: (minimum speed ratio, data sets it applies to).
S3COPY_TARGETS = {
    "awscli": (4.0, None, "at least 4x awscli"),
    "tm-crt": (1.3, None, "at least 1.3x the Transfer Manager"),
    "curl": (0.85, {"big16", "one2g"}, "at least 85% of parallel curl on the large objects"),
}
RSS_TARGET_MIB = 400
TABLE_OVERHEAD_TARGET = 0.10
# Issue 6's targets: (tool, minimum ratio of its time to the tableload tool's, workloads, text,
# that tableload tool).
COMPARE_TARGETS = [
    ("spark", 10.0, {"part8", "part1000", "concurrent30"}, "at least 10x the SQL engine (Spark SQL)", "tableload"),
    ("spark", 10.0, {"concurrent30"}, "at least 10x the SQL engine (Spark SQL), with `tableload daemon`",
     "tableload-daemon"),
    ("pyarrow", 2.0, {"part8", "part1000"}, "at least 2x PyArrow", "tableload"),
    ("polars", 2.0, {"part8", "part1000"}, "at least 2x Polars", "tableload"),
    ("awscli", 4.0, {"part8", "part1000"}, "at least 4x awscli", "tableload"),
    ("tm-crt", 1.3, {"part8", "part1000"}, "at least 1.3x the Transfer Manager", "tableload"),
    ("curl", 0.85, {"part8"}, "at least 85% of parallel curl", "tableload"),
]

TOOL_NOTES = {
    "tableload": "`tableload s3 get --recursive` (this project's engine, defaults)",
    "awscli": "`aws s3 cp --recursive` (awscli v1, defaults)",
    "tm-crt": "AWS SDK v2 S3 Transfer Manager `downloadDirectory`, CRT-based client",
    "tm-java": "AWS SDK v2 S3 Transfer Manager `downloadDirectory`, Java-based client, multipart on",
    "curl": "16 parallel curl processes (the ceiling)",
    "tableload-api": "tableload's Java API: `TableLoader.load` and every row streamed as an Avro record, in plan order",
    "tableload-api-any": "the same, rows in any order (`RecordOptions.inAnyOrder()`): files decoded side by side",
    "tableload-daemon": "the same `tableload` commands, run by a `tableload daemon` started before the workload's warm-up "
                        "(its CPU during each run and its peak RSS are counted with the commands')",
    "tableload-one": "concurrent30 only: the 30 partitions in one `tableload` run (one JVM), one directory per partition",
    "spark": "Spark SQL 4.1 in local mode, Hive connector (metastore client 4.0.1) + S3A: `SELECT ... WHERE <partition>` written to local Parquet",
    "pyarrow": "PyArrow `dataset` on `S3FileSystem`, Hive partitioning, `to_table(filter=...)`",
    "polars": "Polars `scan_parquet` on S3, `hive_partitioning=True`, `.filter(...).collect()`",
    "load": "`tableload --table T --partition SPEC --dest DIR` (the whole run)",
    "engine": "`tableload s3 get --recursive` of the same files (the engine alone)",
    "plan": "`tableload --table T --partition SPEC --dry-run` (lookup and planning only)",
}


def sh(*cmd):
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
        return (r.stdout + r.stderr).strip()
    except OSError:
        return "?"


def machine(started, work):
    mem = "?"
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    cpu = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return [
        ("date", started),
        ("nproc", sh("nproc")),
        ("cpu", cpu),
        ("memory", mem),
        ("kernel", platform.release()),
        ("java", sh("java", "-version").splitlines()[0] if sh("java", "-version") else "?"),
        ("awscli", sh("aws", "--version")),
        ("curl", sh("curl", "--version").splitlines()[0]),
        # The commit each run measured (bench/run notes it as it starts), not the one checked out now.
        ("tableload commit", "; ".join(read_lines(work, "commits.txt")) or sh(
            "git", "-C", os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "log", "-1", "--format=%h %s")),
        ("load average (1, 5, 15 min) at the end", " ".join(
            (read_lines(work, "loadavg.txt") or open("/proc/loadavg").read().splitlines())[-1].split()[0:3])),
    ]


def read_rows(work):
    rows = defaultdict(list)
    failures = defaultdict(int)
    path = os.path.join(work, "measurements.tsv")
    if not os.path.exists(path):
        return rows, failures
    with open(path) as f:
        for r in csv.reader(f, delimiter="\t"):
            suite, dataset, tool, rep, wall, user, sys_, rss, nbytes, status = r
            if int(rep) == 0:
                continue
            if status != "ok":
                failures[(suite, dataset, tool)] += 1
                continue
            rows[(suite, dataset, tool)].append(
                dict(wall=float(wall), cpu=float(user) + float(sys_), rss=int(rss), bytes=int(nbytes)))
    return rows, failures


def summary(runs):
    walls = [r["wall"] for r in runs]
    med = statistics.median(walls)
    nbytes = runs[0]["bytes"]
    return dict(median=med, min=min(walls), max=max(walls), n=len(runs),
                gbps=nbytes / GB / med if nbytes else None,
                cpu_per_gb=statistics.median(r["cpu"] for r in runs) / (nbytes / GB) if nbytes else None,
                cpu=statistics.median(r["cpu"] for r in runs),
                rss=max(r["rss"] for r in runs) / 1024)


def read_lines(work, name):
    """A scratch file's lines, each once: a run appended to another (--append) writes them again."""
    path = os.path.join(work, name)
    return list(dict.fromkeys(open(path).read().splitlines())) if os.path.exists(path) else []


def fmt(x, spec):
    return "-" if x is None else format(x, spec)


def tools_table(suite, dataset, first_column, rows, failures, out):
    """One suite's table of tools for a data set, with each tool's median over tableload's.
    Returns (the summaries by tool, tableload's summary or None)."""
    out.append(f"| {first_column} | runs | median s | min s | max s | GB/s | CPU-s/GB | peak RSS MiB | vs tableload |")
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    tools = [k[2] for k in list(rows) + list(failures) if k[0] == suite and k[1] == dataset]
    base = rows.get((suite, dataset, "tableload"))
    base_s = summary(base) if base else None
    stats = {}
    for tool in sorted(set(tools), key=lambda t: list(TOOL_NOTES).index(t) if t in TOOL_NOTES else 99):
        runs = rows.get((suite, dataset, tool), [])
        failed = failures.get((suite, dataset, tool), 0)
        if not runs:
            out.append(f"| {tool} | 0 ({failed} failed) | - | - | - | - | - | - | - |")
            continue
        s = summary(runs)
        stats[tool] = s
        ratio = s["median"] / base_s["median"] if base_s else None
        runs_txt = f"{s['n']}" + (f" ({failed} failed)" if failed else "")
        out.append(f"| {tool} | {runs_txt} | {s['median']:.2f} | {s['min']:.2f} | {s['max']:.2f} | "
                   f"{fmt(s['gbps'], '.2f')} | {fmt(s['cpu_per_gb'], '.2f')} | {s['rss']:.0f} | {fmt(ratio, '.2f')}x |")
    out.append("")
    return stats, base_s


def s3copy_section(work, rows, failures, out, targets):
    datasets = [l.split("\t") for l in read_lines(work, "s3copy-datasets.tsv")]
    if not datasets:
        return
    tls = os.path.exists(os.path.join(work, "tls.txt"))
    out.append("## s3copy: downloading the same objects into tmpfs (issue 2)\n")
    if tls:
        out.append("**Over HTTPS**: S3Proxy serves TLS only, with a fresh self-signed certificate (RSA 2048, "
                   "made by keytool) that every client trusts and checks, as against S3: curl and awscli "
                   "through its PEM, tableload through a JVM trust store. The Transfer Manager is left out "
                   "(its CRT client takes no CA file). The engine's targets are set for the plain-http run "
                   "(RESULTS.md), so none are judged here.\n")
    out.append("S3Proxy (filesystem store on /dev/shm) as its own process on loopback; every client "
               "downloads the whole data set into an empty directory on /dev/shm, deleted between runs. "
               "Wall time includes each client's start-up (JVM, Python). CPU-s/GB and peak RSS are the "
               "client's (GNU time over its process tree; for curl, the largest single curl process). "
               "\"vs tableload\" is the client's median time over tableload's: above 1 means tableload is "
               "faster.\n")
    for dataset, count, size in datasets:
        count, size = int(count), int(size)
        total = count * size
        out.append(f"### {dataset}: {count:,} x {size / MIB:,.0f} MiB ({total / GB:.2f} GB)\n")
        stats, base_s = tools_table("s3copy", dataset, "client", rows, failures, out)
        for line in read_lines(work, f"verified-{dataset}.txt"):
            out.append(f"- verified: {line}")
        out.append("")
        if base_s and not tls:
            for tool, (minimum, only, text) in S3COPY_TARGETS.items():
                if only is not None and dataset not in only:
                    continue
                if tool not in stats:
                    targets.append((f"{dataset}: {text}", "not measured", "-"))
                    continue
                ratio = stats[tool]["median"] / base_s["median"]
                targets.append((f"{dataset}: {text}", f"{ratio:.2f}x", "met" if ratio >= minimum else "MISSED"))
            targets.append((f"{dataset}: tableload peak RSS under {RSS_TARGET_MIB} MiB", f"{base_s['rss']:.0f} MiB",
                            "met" if base_s["rss"] < RSS_TARGET_MIB else "MISSED"))


def table_section(work, rows, failures, out, targets):
    datasets = [l.split("\t") for l in read_lines(work, "table-dataset.tsv")]
    if not datasets:
        return
    out.append("## table: the whole load against the engine alone (issue 4)\n")
    out.append("`./tableload sandbox` (S3Proxy and Hive Metastore 4.0.1 in one JVM, data kept on local disk, "
               "served from the page cache) with the benchmark tables of `--bench-tables`; destination on /dev/shm. "
               "Overhead = (load - engine) / load, from the medians; the per-round figure is the median "
               "of the same difference within each round.\n")
    for dataset, files, nbytes in datasets:
        out.append(f"### {dataset}: {int(files):,} files, {int(nbytes) / GB:.2f} GB\n")
        out.append("| run | what | runs | median s | min s | max s | GB/s | CPU-s | peak RSS MiB |")
        out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|")
        stats = {}
        for tool in ("load", "engine", "plan"):
            runs = rows.get(("table", dataset, tool), [])
            if not runs:
                out.append(f"| {tool} | {TOOL_NOTES[tool]} | 0 | - | - | - | - | - | - |")
                continue
            s = summary(runs)
            stats[tool] = s
            out.append(f"| {tool} | {TOOL_NOTES[tool]} | {s['n']} | {s['median']:.2f} | {s['min']:.2f} | "
                       f"{s['max']:.2f} | {fmt(s['gbps'], '.2f')} | {s['cpu']:.2f} | {s['rss']:.0f} |")
        out.append("")
        for line in read_lines(work, f"verified-{dataset}.txt"):
            out.append(f"- verified: {line}")
        if "load" in stats and "engine" in stats:
            load, engine = stats["load"]["median"], stats["engine"]["median"]
            overhead = (load - engine) / load
            pairs = [(l["wall"] - e["wall"]) / l["wall"] for l, e in
                     zip(rows[("table", dataset, "load")], rows[("table", dataset, "engine")])]
            out.append(f"- lookup + planning overhead: {load - engine:.2f} s of {load:.2f} s = {overhead:.1%} "
                       f"(per-round median {statistics.median(pairs):.1%})")
            if "plan" in stats:
                out.append(f"- a dry run (JVM start, metastore lookup, listing, plan) takes {stats['plan']['median']:.2f} s")
            targets.append((f"{dataset}: lookup + planning under {TABLE_OVERHEAD_TARGET:.0%} of wall time",
                            f"{overhead:.1%}", "met" if overhead < TABLE_OVERHEAD_TARGET else "MISSED"))
        out.append("")


def compare_section(work, rows, failures, out, targets, chart):
    workloads = [l.split("\t") for l in read_lines(work, "compare-workloads.tsv")]
    if not workloads:
        return
    out.append("## compare: tableload against the other ways of getting the same data (issue 6)\n")
    out.append(f"![median wall time per workload and tool]({chart})\n")
    out.append("`./tableload sandbox --bench-tables` (S3Proxy and Hive Metastore 4.0.1 in one JVM, data kept on "
               "local disk and served from the page cache); destinations and outputs on /dev/shm. Each tool "
               "starts cold (its own process) every run, except tableload-daemon, whose commands a `tableload daemon` "
               "runs, started once before the workload. tableload and Spark find the partitions through the "
               "metastore; PyArrow and Polars are given the table's location and list it; the copies are "
               "given the partition's prefix. \"vs tableload\" is the tool's median over tableload's "
               "(command line): above 1 means tableload is faster.\n")
    for workload, table, specs, files, nbytes in workloads:
        out.append(f"### {workload}: `{table}` {specs}: {int(files):,} files, {int(nbytes) / GB:.2f} GB\n")
        stats, base_s = tools_table("compare", workload, "tool", rows, failures, out)
        for line in read_lines(work, f"verified-compare-{workload}.txt"):
            out.append(f"- warm-up result: {line}")
        out.append("")
        if base_s:
            for tool, minimum, only, text, base in COMPARE_TARGETS:
                if workload not in only:
                    continue
                if tool not in stats or base not in stats:
                    targets.append((f"{workload}: {text}", "not measured", "-"))
                    continue
                ratio = stats[tool]["median"] / stats[base]["median"]
                targets.append((f"{workload}: {text}", f"{ratio:.2f}x", "met" if ratio >= minimum else "MISSED"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--command", required=True)
    ap.add_argument("--started", required=True)
    ap.add_argument("--quick", default="0")
    ap.add_argument("--reps", default="?")
    ap.add_argument("--chart", default="RESULTS.png")
    a = ap.parse_args()

    rows, failures = read_rows(a.work)
    out = ["# tableload benchmark results", ""]
    if a.quick == "1":
        out += ["**Quick run: small data sets, few repetitions. Not the figures to quote.**", ""]
    out += [f"Written by `{a.command}`. Measured runs (the \"runs\" column) per client and data set, "
            "interleaved (order rotated each round), after one warm-up run each. Medians; GB = 10^9 bytes.", ""]
    sections, targets = [], []
    s3copy_section(a.work, rows, failures, sections, targets)
    table_section(a.work, rows, failures, sections, targets)
    compare_section(a.work, rows, failures, sections, targets, a.chart)
    if targets:
        out += ["## Targets", "", "| target | measured | |", "|---|---:|---|"]
        out += [f"| {t} | {m} | {v} |" for t, m, v in targets]
        out.append("")
    out += sections
    out += ["## Clients", ""] + [f"- {k}: {v}" for k, v in TOOL_NOTES.items()
                                 if any(key[2] == k for key in list(rows) + list(failures))] + [""]
    out += ["## Machine", "", "| | |", "|---|---|"] + [f"| {k} | {v} |" for k, v in machine(a.started, a.work)] + [""]
    with open(a.out, "w") as f:
        f.write("\n".join(out))


if __name__ == "__main__":
    main()
