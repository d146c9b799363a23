"""Benchmark: `ipforms validate` per file against the floor, and a folder batch on
one core versus every core.

* floor: pypdf opens the PDF and reads every field (``PdfReader(path).get_fields()``),
  and does the same for an embedded PDF (the fullmakt);
* validate: :func:`ipforms.validation.validate.validate_file` on the same file (safe reading
  with the inflate budget, the security scan of names as a parser reads them,
  attachments judged by content, every rule);
* batch: N files (copies of the made-up demo applications, valid and not, bad files
  included) checked with :func:`validate_folder` in 1 process and in one per core.

Goals (issue 5): validate within 1.3x of the floor; both cores at least 1.7x faster
than one.

    .venv/bin/python bench/validate.py [--repeat 300] [--batch 1000] [--rounds 3] [--clock cpu]
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from pypdf import PdfReader  # noqa: E402

from ipforms.validation.validate import group_folder, validate_file, validate_folder  # noqa: E402
from ipforms.dev.demo_applications import write_demo_folder  # noqa: E402

DAY = dt.date(2026, 11, 24)


def floor(path: Path) -> None:
    """pypdf opens the PDF and reads every field (and those of an embedded PDF)."""
    reader = PdfReader(path)
    reader.get_fields()
    for entry in reader.attachment_list:
        PdfReader(io.BytesIO(entry.content)).get_fields()


CLOCK = time.perf_counter


def timed_pair(a, b, repeat: int) -> tuple[float, float]:
    """Best seconds of ``a()`` and of ``b()`` over ``repeat`` rounds, the two run in
    turn so that other work on the machine hits both alike (best-of-N, as timeit
    recommends, is the figure least disturbed by it)."""
    a(), b()
    ta, tb = [], []
    for _ in range(repeat):
        t0 = CLOCK()
        a()
        t1 = CLOCK()
        b()
        t2 = CLOCK()
        ta.append(t1 - t0)
        tb.append(t2 - t1)
    return min(ta), min(tb)


def per_file(demo: Path, repeat: int) -> None:
    print(f"per file (best of {repeat}):")
    print(f"  {'file':28} {'floor ms':>9} {'validate ms':>12} {'ratio':>6}")
    ratios = []
    for name in ("01-self.pdf", "07-no-fullmakt.pdf", "10-parent-for-17.pdf",
                 "05-embedded-fullmakt.pdf"):
        p = demo / name
        f, v = timed_pair(lambda p=p: floor(p), lambda p=p: validate_file(p, received=DAY), repeat)
        ratio = v / f
        ratios.append(ratio)
        note = "  (floor and validate read the embedded fullmakt too)" if name.startswith("05") else ""
        print(f"  {name:28} {f * 1000:9.2f} {v * 1000:12.2f} {ratio:6.2f}x{note}")
    print(f"  -> {max(ratios):.2f}x the floor at worst (goal <= 1.3x)")


def batch(demo: Path, n: int, tmp: Path, rounds: int) -> None:
    groups, _ = group_folder(demo)
    folder = tmp / "batch"
    folder.mkdir()
    made = 0
    while made < n:
        for g in groups:
            if made == n:
                break
            key = f"{made:05d}"
            shutil.copy(g.application, folder / f"{key}.pdf")
            for a in g.attachments:
                rest = a.name.split(".", 1)[1]
                shutil.copy(a, folder / f"{key}.{rest}")
            made += 1
    cores = os.cpu_count() or 1
    walls: dict[int, list[float]] = {1: [], cores: []}
    cpus: dict[int, list[float]] = {1: [], cores: []}
    for _ in range(rounds):  # in turn, so that other work on the machine hits both alike
        for workers in walls:
            c0 = os.times()
            t0 = time.perf_counter()
            results = list(validate_folder(folder, DAY, workers=workers))
            walls[workers].append(time.perf_counter() - t0)
            c1 = os.times()
            cpus[workers].append(sum(c1[:4]) - sum(c0[:4]))  # this process and its workers
            assert len(results) == n
    for workers, times in cpus.items():
        print(f"batch of {n} files, {workers} process(es): CPU (all processes) best "
              f"{min(times):.2f} s ({min(times) / n * 1000:.2f} ms per file)")
    if cores > 1:
        print(f"  -> the work of {cores} processes costs {min(cpus[cores]) / min(cpus[1]):.2f}x the "
              f"CPU of one: on an idle machine at most {cores * min(cpus[1]) / min(cpus[cores]):.2f}x "
              f"faster")
    for workers, times in walls.items():
        best = min(times)
        print(f"batch of {n} files, {workers} process(es): best {best:.2f} s of "
              f"{', '.join(f'{t:.2f}' for t in times)} ({best / n * 1000:.2f} ms per file)")
    if cores > 1:
        print(f"  -> {cores} cores are {min(walls[1]) / min(walls[cores]):.2f}x faster than one "
              f"(goal >= 1.7x)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=300)
    ap.add_argument("--batch", type=int, default=1000)
    ap.add_argument("--rounds", type=int, default=3, help="batch runs per process count")
    ap.add_argument("--clock", choices=["wall", "cpu"], default="wall",
                    help="per file: wall time, or this process's CPU time (steadier on a "
                         "busy machine)")
    args = ap.parse_args()
    global CLOCK
    CLOCK = time.process_time if args.clock == "cpu" else time.perf_counter
    print(f"per-file clock: {args.clock}")
    one, five, fifteen = os.getloadavg()
    print(f"load average before: {one:.2f} {five:.2f} {fifteen:.2f} (cores: {os.cpu_count()})")
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        demo = tmp / "demo"
        write_demo_folder(demo, DAY)
        per_file(demo, args.repeat)
        batch(demo, args.batch, tmp, args.rounds)
    one, five, fifteen = os.getloadavg()
    print(f"load average after: {one:.2f} {five:.2f} {fifteen:.2f}")


if __name__ == "__main__":
    main()
