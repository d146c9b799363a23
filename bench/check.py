"""Benchmark: `ipforms check` on the demo project (4 municipalities, 28 templates).

Times the whole command as an editor runs it (a new process each time: Python start,
imports, hunspell for nb and nn, rendering every page for every municipality), best
and median of N runs, plus the library call alone in a warm process (hunspell answers
cached), and the same with one planted unknown word (hunspell's suggestions cost
about 0.1 s a word). Goal: under 5 s for the four demo municipalities.

    .venv/bin/python bench/check.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from ipforms.site.check import check_project  # noqa: E402


def cli_runs(root: Path, runs: int, *args: str) -> list[float]:
    exe = Path(sys.executable).with_name("ipforms")
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        proc = subprocess.run([str(exe), "check", "--root", str(root), *args],
                              capture_output=True, text=True)
        out.append(time.perf_counter() - t0)
        if proc.returncode not in (0, 1):
            sys.exit(f"ipforms check failed: {proc.stdout}{proc.stderr}")
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()

    rows = []
    t = cli_runs(REPO, args.runs)
    rows.append(("ipforms check (new process), demo project, clean", t))

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for name in ("content", "data"):
            shutil.copytree(REPO / name, root / name)
        page = root / "content" / "nb" / "koordinator.md"
        page.write_text(page.read_text(encoding="utf-8").replace("sørger", "sørgerr", 1),
                        encoding="utf-8")
        rows.append(("ipforms check, one unknown word (with suggestions)",
                     cli_runs(root, args.runs)))

    warm = []
    check_project(REPO, suggest=False)
    for _ in range(args.runs):
        t0 = time.perf_counter()
        check_project(REPO, suggest=False)
        warm.append(time.perf_counter() - t0)
    rows.append(("check_project() in a warm process (hunspell cached)", warm))

    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}, {args.runs} runs\n")
    print("| what | best | median |")
    print("|---|---:|---:|")
    for name, ts in rows:
        print(f"| {name} | {min(ts):.2f} s | {statistics.median(ts):.2f} s |")


if __name__ == "__main__":
    main()
