"""Benchmark: every file of the hostile corpus (:mod:`ipforms.dev.hostile`) checked
in a forked child, with its wall time, CPU time and peak resident memory.

Goal (issue 9): no file over 1 s or 300 MB, bombs included (a bomb is refused
with exit 2 and a plain reason).  Prints, per group, the number of files, the
slowest (wall and CPU) and the largest peak RSS, and the load average before and
after, since other work on the machine stretches wall times.

    .venv/bin/python bench/hostile.py [--groups bombs,actions,...] [--repeat 3]
    .venv/bin/python bench/hostile.py --site [--no-cli]     # the site side (issue 19)
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from ipforms.dev import hostile  # noqa: E402


def site_report(cli: bool = True) -> None:
    """The site side (issue 19, :mod:`ipforms.dev.hostile_site`): every case per entry
    point (templates rendered, data files read, logos read, content synced, and
    ``ipforms check``/``build`` on a project holding each family's worst case beside the
    same project clean), in CPU time and peak RSS; the slowest and largest per entry."""
    from ipforms.dev import hostile_site

    one, five, fifteen = os.getloadavg()
    print(f"site: load average before: {one:.2f} {five:.2f} {fifteen:.2f} "
          f"(cores: {os.cpu_count()}); times are CPU seconds of the child")
    worst: dict[str, dict] = {}
    odd = []
    with tempfile.TemporaryDirectory() as tmp:
        for entry, name, res in hostile_site.site_measurements(Path(tmp), cli=cli):
            if res["outcome"].startswith("crash"):
                odd.append(f"{entry}/{name}: {res['outcome']}")
            w = worst.setdefault(entry, {"n": 0, "cpu": (0.0, ""), "rss": (0.0, ""), "rows": []})
            w["n"] += 1
            w["cpu"] = max(w["cpu"], (res["cpu"], name))
            w["rss"] = max(w["rss"], (res["maxrss_mb"], name))
            w["rows"].append((name, res))
    print(f"{'entry point':12} {'cases':>5}  {'slowest CPU':>11}  {'':28} {'peak RSS':>8}  largest")
    for entry, w in worst.items():
        print(f"{entry:12} {w['n']:5}  {w['cpu'][0] * 1000:8.0f} ms  {w['cpu'][1]:28} "
              f"{w['rss'][0]:5.0f} MB  {w['rss'][1]}")
    for entry in ("check", "build"):
        for name, res in worst.get(entry, {}).get("rows", []):
            print(f"  {entry} {name:24} {res['cpu']:6.2f} s CPU {res['maxrss_mb']:5.0f} MB  "
                  f"{res['outcome'][:90]}")
    for line in odd:
        print("  CRASH", line)
    one, five, fifteen = os.getloadavg()
    print(f"site: load average after: {one:.2f} {five:.2f} {fifteen:.2f}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--groups", help="comma-separated: " + ",".join(hostile.GROUPS))
    ap.add_argument("--repeat", type=int, default=3, help="runs per file; the best is kept")
    ap.add_argument("--site", action="store_true",
                    help="the site side instead: templates, data, logos, content, check, build")
    ap.add_argument("--no-cli", action="store_true", help="with --site: leave out check/build")
    args = ap.parse_args()
    if args.site:
        site_report(cli=not args.no_cli)
        return
    groups = args.groups.split(",") if args.groups else None
    one, five, fifteen = os.getloadavg()
    print(f"load average before: {one:.2f} {five:.2f} {fifteen:.2f} (cores: {os.cpu_count()})")
    hostile.warm_up()
    stats: dict[str, dict] = {}
    bad = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for case in hostile.corpus(groups):
            path, separate = hostile.write_case(folder, case)
            best = None
            for _ in range(args.repeat):
                c0 = os.times()
                res = hostile.measure(path, separate)
                c1 = os.times()
                res["cpu"] = (c1.children_user + c1.children_system
                              - c0.children_user - c0.children_system)
                if best is None or res["seconds"] < best["seconds"]:
                    best = res
            assert best is not None
            problems = hostile.check_case(case, best)
            if problems:
                bad.append((case.name, problems))
            s = stats.setdefault(case.group, {"n": 0, "wall": (0.0, ""), "cpu": (0.0, ""),
                                              "rss": (0.0, "")})
            s["n"] += 1
            s["wall"] = max(s["wall"], (best["seconds"], case.name))
            s["cpu"] = max(s["cpu"], (best["cpu"], case.name))
            s["rss"] = max(s["rss"], (best["maxrss_mb"], case.name))
    print(f"{'group':12} {'files':>5}  {'slowest wall':>12}  {'slowest CPU':>11}  {'peak RSS':>8}  "
          f"slowest file")
    for g, s in stats.items():
        print(f"{g:12} {s['n']:5}  {s['wall'][0] * 1000:9.0f} ms  {s['cpu'][0] * 1000:8.0f} ms  "
              f"{s['rss'][0]:5.0f} MB  {s['wall'][1]}")
    worst_wall = max(s["wall"][0] for s in stats.values())
    worst_rss = max(s["rss"][0] for s in stats.values())
    print(f"  -> slowest file {worst_wall:.3f} s, largest {worst_rss:.0f} MB "
          f"(goal: every file under 1 s and 300 MB); {len(bad)} file(s) with a wrong outcome")
    for name, problems in bad:
        print(f"     {name}: {'; '.join(problems)}")
    one, five, fifteen = os.getloadavg()
    print(f"load average after: {one:.2f} {five:.2f} {fifteen:.2f}")


if __name__ == "__main__":
    main()
