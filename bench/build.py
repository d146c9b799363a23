"""Benchmark: build N synthetic municipalities (both languages, forms included).

Prints seconds per municipality, total wall time, peak memory and the share of
time spent rendering our templates versus in mkdocs itself, for each N, and the
speed-up of both cores over one.

    .venv/bin/python bench/build.py --sizes 10,100,357
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from ipforms.site.build import build_sites  # noqa: E402


def make_tree(root: Path, n: int) -> Path:
    """A project tree with n synthetic municipalities made from the demo data."""
    root.mkdir(parents=True)
    # a municipality project as `ipforms new` makes it: its own (here empty) content
    # folder over the page templates shipped in the package
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(re.sub(r"(?m)^docs_dir: .*$", "docs_dir: content", config),
                                     encoding="utf-8")
    (root / "content").mkdir()
    data = root / "data" / "municipalities"
    data.mkdir(parents=True)
    demos = sorted((REPO / "data" / "municipalities").glob("*.yml"))
    for logo in (REPO / "data" / "municipalities").glob("*.logo.*"):  # beside the data files
        shutil.copy(logo, data / logo.name)
    for i in range(n):
        raw = yaml.safe_load(demos[i % len(demos)].read_text(encoding="utf-8"))
        raw["name"] = {"nb": f"Syntetisk {i} kommune", "nn": f"Syntetisk {i} kommune"}
        raw["kommunenummer"] = f"{1000 + i:04d}"
        (data / f"k{i:03d}.yml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return root


def run(n: int, jobs: int, cache: Path) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        root = make_tree(Path(tmp) / "proj", n)
        t0 = time.perf_counter()
        results = build_sites(root=root, out_dir=Path(tmp) / "site", jobs=jobs, cache_dir=cache)
        wall = time.perf_counter() - t0
    busy = sum(r.seconds for r in results)
    render = sum(r.render_seconds for r in results)
    return {"n": n, "jobs": jobs, "wall": wall, "per": wall / n, "render_share": render / busy}


def peak_mb() -> float:
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return max(kids, me) / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10,100,357")
    ap.add_argument("--cores-n", type=int, default=40, help="N for the one-core vs two-core run")
    args = ap.parse_args()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    cache = Path(tempfile.mkdtemp(prefix="ipforms-bench-cache-"))
    # draw the blank forms once, outside the timings (they are cached between builds)
    run(1, 1, cache)
    rows = []
    for n in [int(x) for x in args.sizes.split(",")]:
        r = run(n, 2, cache)
        rows.append(r)
        print(f"N={n:4d}  jobs=2  wall {r['wall']:7.1f} s  {r['per']:.3f} s/municipality  "
              f"our rendering {100 * r['render_share']:.1f}% of build time  "
              f"peak RSS {peak_mb():.0f} MB", flush=True)
    one = run(args.cores_n, 1, cache)
    two = run(args.cores_n, 2, cache)
    print(f"N={args.cores_n}: one core {one['wall']:.1f} s, two cores {two['wall']:.1f} s, "
          f"speed-up {one['wall'] / two['wall']:.2f}x")
    if len(rows) > 1:
        print(f"linearity: s/municipality at N={rows[-1]['n']} is "
              f"{rows[-1]['per'] / rows[0]['per']:.2f}x that at N={rows[0]['n']}")
    shutil.rmtree(cache, ignore_errors=True)


if __name__ == "__main__":
    main()
