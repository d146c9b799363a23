"""Benchmark: build N synthetic municipalities (both languages, forms and online forms included).

Prints, for each N: the wall time, the CPU time (user + system of this process and of
the worker processes) in all and per municipality, the load average, peak memory and
the share of time spent rendering our templates; then the speed-up of both cores over
one, and how the cost per municipality grows with N.  Wall times mean something only on
an idle machine; CPU time is far less disturbed by other work (the load average says
how busy the machine was).  With ``--incremental``: one data file changed in a built
project and ``ipforms build --kommune`` run for it in a new process, as an editor would.

    .venv/bin/python bench/build.py --sizes 10,100,357
    .venv/bin/python bench/build.py --sizes 10 --cores-n 0 --incremental
    TMPDIR=/dev/shm .venv/bin/python bench/build.py      # the sites in memory, not on disk

The sites are written where ``tempfile`` puts its folders (TMPDIR, else /tmp); the
bench prints the system time apart.  Every run's folder is kept until the bench ends:
on a file system that has just deleted many files, making new ones can cost the kernel
far more (ext4 without a journal, as on this machine's disk, passes over each inode
deleted in the last minute when it picks one for a new file: 357 sites written right
after 357 were deleted took 9.8 s of system time instead of 1.9 s).  So wait a minute
after deleting a large tree before you measure, and see docs/benchmarks.md.  With
``--rebuild``: the largest N built again over its own sites, as a publisher would.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
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
        if raw.get("base_url"):  # each its own site, so its own privacy page's address
            raw["base_url"] = f"https://www.syntetisk{i}.kommune.no/individuell-plan/"
        (data / f"k{i:03d}.yml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return root


def cpu_seconds() -> float:
    """User + system time of this process and of its finished children (the workers)."""
    return sum(cpu_parts())


def cpu_parts() -> tuple[float, float]:
    """(user, system) time of this process and of its finished children: system time is
    mostly the kernel writing the sites' files."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + kids.ru_utime, me.ru_stime + kids.ru_stime


#: Every run's folder, deleted only when the bench ends: a run must not pay for deleting
#: the one before (see the module's docstring).
KEEP: list[Path] = []


def new_folder() -> Path:
    tmp = Path(tempfile.mkdtemp(prefix="ipforms-bench-"))
    KEEP.append(tmp)
    return tmp


def run(n: int, jobs: int, cache: Path, out: Path | None = None) -> dict:
    """Build N synthetic municipalities with JOBS workers into a new folder (or into OUT,
    over the sites already there: a rebuild)."""
    tmp = new_folder()
    root = make_tree(tmp / "proj", n)
    (u0, s0), t0 = cpu_parts(), time.perf_counter()
    results = build_sites(root=root, out_dir=out or tmp / "site", jobs=jobs, cache_dir=cache)
    wall = time.perf_counter() - t0
    u1, s1 = cpu_parts()  # the pool's workers have ended: their time is counted
    cpu = (u1 - u0) + (s1 - s0)
    busy = sum(r.seconds for r in results)
    render = sum(r.render_seconds for r in results)
    return {"n": n, "jobs": jobs, "wall": wall, "per": wall / n, "cpu": cpu,
            "cpu_per": cpu / n, "sys": s1 - s0, "render_share": render / busy,
            "load": os.getloadavg()[0], "out": out or tmp / "site"}


def incremental(cache: Path) -> None:
    """One municipality's data file changed in a built project of 10; ``ipforms build
    --kommune`` for it in a new process (start-up included), with and without the check."""
    # the folder is deleted with the others when the bench ends
    tmp = new_folder()
    root = make_tree(tmp / "proj", 10)
    out = tmp / "site"
    build_sites(root=root, out_dir=out, cache_dir=cache)
    data = root / "data" / "municipalities" / "k003.yml"
    demos = sorted((REPO / "data" / "municipalities").glob("*.yml"))
    demo = demos[3 % len(demos)]  # what make_tree made k003 from
    words = demo.with_suffix(".words.txt")  # its word list, for the check
    if words.is_file():
        shutil.copy(words, data.with_suffix(".words.txt"))
    env = {**os.environ, "XDG_CACHE_HOME": str(cache.parent), "NO_MKDOCS_2_WARNING": "1"}
    shutil.copytree(cache, cache.parent / "ipforms", dirs_exist_ok=True)  # the CLI's cache
    for label, extra in (("--no-check", ["--no-check"]), ("with the check", [])):
        raw = yaml.safe_load(data.read_text(encoding="utf-8"))
        raw["name"] = {lang: f"Endra {label} kommune" for lang in ("nb", "nn")}
        data.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
        c0, t0 = cpu_seconds(), time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "ipforms", "build", "--kommune", "k003",
                               "--root", str(root), "--out", str(out), *extra],
                              env=env, capture_output=True, text=True)
        wall, cpu = time.perf_counter() - t0, cpu_seconds() - c0
        if done.returncode:
            sys.exit(f"ipforms build failed:\n{done.stderr}")
        print(f"incremental (one data file changed, ipforms build --kommune, {label}): "
              f"wall {wall:.2f} s, CPU {cpu:.2f} s, load {os.getloadavg()[0]:.1f}",
              flush=True)


def peak_mb() -> float:
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return max(kids, me) / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10,100,357")
    ap.add_argument("--cores-n", type=int, default=40,
                    help="N for the one-core vs two-core run (0: leave it out)")
    ap.add_argument("--incremental", action="store_true",
                    help="also time rebuilding one municipality after its data file changed")
    ap.add_argument("--rebuild", action="store_true",
                    help="also time building the largest N again over its own sites "
                         "(each old site deleted when its new one is in place)")
    args = ap.parse_args()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    try:
        bench(args)
    finally:
        for tmp in KEEP:
            shutil.rmtree(tmp, ignore_errors=True)


def report(r: dict, label: str = "") -> None:
    print(f"N={r['n']:4d}  jobs={r['jobs']}{label}  wall {r['wall']:7.1f} s  "
          f"{r['per']:.3f} s/municipality  CPU {r['cpu']:7.1f} s (system {r['sys']:.1f})  "
          f"{r['cpu_per']:.3f} s/municipality  load {r['load']:.1f}  "
          f"our rendering {100 * r['render_share']:.1f}% of build time  "
          f"peak RSS {peak_mb():.0f} MB", flush=True)


def bench(args: argparse.Namespace) -> None:
    cache = new_folder() / "forms"
    # draw the blank forms once, outside the timings (they are cached between builds)
    run(1, 1, cache)
    print(f"{os.cpu_count()} cores; load average at the start {os.getloadavg()[0]:.1f} "
          "(wall times hold only on an idle machine; CPU = user + system of all processes)",
          flush=True)
    rows = []
    for n in [int(x) for x in args.sizes.split(",") if x]:
        r = run(n, 2, cache)
        rows.append(r)
        report(r)
    if args.cores_n:
        one = run(args.cores_n, 1, cache)
        two = run(args.cores_n, 2, cache)
        print(f"N={args.cores_n}: one core wall {one['wall']:.1f} s (CPU {one['cpu']:.1f} s), "
              f"two cores wall {two['wall']:.1f} s (CPU {two['cpu']:.1f} s), "
              f"speed-up {one['wall'] / two['wall']:.2f}x (load {two['load']:.1f})")
    last = rows[-1] if rows else None
    for first in rows[:-1]:
        assert last is not None
        print(f"linearity: per municipality at N={last['n']} is "
              f"{last['per'] / first['per']:.2f}x (wall), {last['cpu_per'] / first['cpu_per']:.2f}x "
              f"(CPU) that at N={first['n']}")
    if args.rebuild and last is not None:
        report(run(last["n"], 2, cache, out=last["out"]), "  rebuild")
    if args.incremental:
        incremental(cache)


if __name__ == "__main__":
    main()
