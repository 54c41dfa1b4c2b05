#!/usr/bin/env python3
"""Draws the compare suite's results: one panel per workload, the median wall time of each tool
as a bar (whiskers from the fastest to the slowest run), tableload's bars highlighted, and the
ratio to tableload written beside each bar.

  chart.py --work WORKDIR --out bench/results.png
"""
import argparse
import csv
import os
import statistics
from collections import defaultdict

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

LABELS = {
    "part8": "one 1 GiB partition, 8 files",
    "part1000": "one 1 GiB partition, 1,000 files",
    "prune20k": "4 of 20,000 partitions",
    "where5": "filtered extract (~5% of rows) to Parquet",
    "concurrent30": "30 concurrent loads, one per country",
}
ORDER = ["tableload", "tableload-daemon", "tableload-api", "tableload-api-any", "tableload-one", "spark", "pyarrow", "polars", "awscli", "tm-crt", "curl"]


def read(work):
    runs = defaultdict(list)
    with open(os.path.join(work, "measurements.tsv")) as f:
        for suite, workload, tool, rep, wall, *_rest, status in csv.reader(f, delimiter="\t"):
            if suite == "compare" and rep != "0" and status == "ok":
                runs[(workload, tool)].append(float(wall))
    return runs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    runs = read(a.work)
    workloads = [w for w in LABELS if any(k[0] == w for k in runs)]
    if not workloads:
        return
    fig, axes = plt.subplots(len(workloads), 1, figsize=(8, 1.2 + 2.0 * len(workloads)), squeeze=False)
    for ax, workload in zip(axes[:, 0], workloads):
        tools = [t for t in ORDER if (workload, t) in runs]
        medians = [statistics.median(runs[(workload, t)]) for t in tools]
        lows = [m - min(runs[(workload, t)]) for m, t in zip(medians, tools)]
        highs = [max(runs[(workload, t)]) - m for m, t in zip(medians, tools)]
        colors = ["#1f6feb" if t.startswith("tableload") else "#9aa4ae" for t in tools]
        y = range(len(tools))
        ax.barh(y, medians, xerr=[lows, highs], color=colors, capsize=2)
        ax.set_yticks(list(y), tools)
        ax.invert_yaxis()
        ax.set_title(LABELS[workload], fontsize=10, loc="left")
        ax.set_xlabel("seconds (median; whiskers min to max)", fontsize=8)
        base = statistics.median(runs[(workload, "tableload")]) if (workload, "tableload") in runs else None
        for i, m in enumerate(medians):
            text = f"{m:.1f} s" + (f"  ({m / base:.1f}x)" if base and tools[i] != "tableload" else "")
            # Beside the whisker's end, so the text never sits on it.
            ax.text(m + highs[i], i, "  " + text, va="center", fontsize=8)
        ax.set_xlim(0, max(m + h for m, h in zip(medians, highs)) * 1.4)
    fig.suptitle("Getting the same table data: lower is better (ratio = time / tableload's time)", fontsize=10)
    fig.tight_layout()
    fig.savefig(a.out, dpi=110)


if __name__ == "__main__":
    main()
