"""Compare the site build of two checkouts (before/after a change) on a busy machine.

Each run is a fresh process that builds N synthetic municipalities (the checkout's
own ``bench/build.py`` ``make_tree``) in one process (jobs=1), after a warm-up build
(forms drawn, imports done), and reports CPU time (user + system) per municipality:
other work on the machine disturbs CPU time far less than wall time.  The runs of
the two checkouts alternate, so both see the same machine state.

    git worktree add /tmp/before main        # or: git archive main | tar -x -C /tmp/before
    .venv/bin/python bench/compare_build.py /tmp/before . --n 30 --rounds 4
"""

from __future__ import annotations

import argparse
import importlib.util
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def one(tree: Path, n: int) -> tuple[float, float]:
    """CPU and wall seconds per municipality for ``tree`` (run in a fresh process)."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    spec = importlib.util.spec_from_file_location("tree_bench_build", tree / "bench" / "build.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)  # puts tree/src first on sys.path
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "cache"
        mod.build_sites(root=mod.make_tree(Path(tmp) / "warm", 2), out_dir=Path(tmp) / "s0",
                        jobs=1, cache_dir=cache)
        root = mod.make_tree(Path(tmp) / "proj", n)
        c0, w0 = time.process_time(), time.perf_counter()
        mod.build_sites(root=root, out_dir=Path(tmp) / "site", jobs=1, cache_dir=cache)
        return (time.process_time() - c0) / n, (time.perf_counter() - w0) / n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("before", type=Path)
    ap.add_argument("after", type=Path)
    ap.add_argument("--n", type=int, default=30)
    ap.add_argument("--rounds", type=int, default=4)
    ap.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        cpu, wall = one(args.before.resolve(), args.n)
        print(f"{cpu:.4f} {wall:.4f}")
        return
    cpu: dict[str, list[float]] = {"before": [], "after": []}
    for i in range(1, args.rounds + 1):
        for label, tree in (("before", args.before), ("after", args.after)):
            out = subprocess.run([sys.executable, __file__, str(tree), str(tree), "--n", str(args.n),
                                  "--one"], capture_output=True, text=True, check=True).stdout
            c, w = map(float, out.split()[-2:])
            cpu[label].append(c)
            print(f"round {i} {label:6s} cpu {c:.4f} s/municipality  wall {w:.4f}  "
                  f"(load {os.getloadavg()[0]:.1f})", flush=True)
    b, a = statistics.mean(cpu["before"]), statistics.mean(cpu["after"])
    print(f"mean CPU s/municipality: before {b:.4f}, after {a:.4f}, after/before {a / b:.3f}")


if __name__ == "__main__":
    main()
