"""Benchmark: the hostile corpus (:mod:`ipforms.dev.hostile`) through every entry point,
each file in a forked child, with its CPU time, wall time and peak resident memory.

Goal (issues 9 and 19): no file over 1 s CPU or 300 MB on any entry point, bombs
included (a bomb is refused with exit 2 and a plain reason).  Prints, per entry point,
the number of runs, the slowest by CPU time and the largest by peak RSS (with the
file), and the load average before and after, since other work on the machine
stretches wall times (CPU time does not stretch).

Entry points (one function each; add more as ``ENTRIES``):

* ``validate``: the application corpus (actions, bombs, executables, truncation,
  byte flips, injection, comments, polyglots, reports) and the hostile forms given as
  applications;
* ``fields``, ``fill``, ``flatten`` (``fill --flatten``): the hostile forms;
* ``attach``: ``fill --attachment`` with polyglots, active and bomb PDFs, plain files.

    .venv/bin/python bench/hostile.py [--entries validate,fill,...] [--groups bombs,...]
                                      [--repeat 3]
    .venv/bin/python bench/hostile.py --site [--no-cli]     # the site side (issue 19)
    .venv/bin/python bench/hostile.py --whole [--repeat 1]  # whole processes

``--whole`` runs each hostile form through each entry point, and the bombs and the long
values given to ``validate``, as a whole ``python -m ipforms ...`` process (start-up,
imports and any child such as hunspell included: what a user waits for), with its
expected outcome; the in-process runs above leave the start-up out.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from ipforms.dev import hostile, hostile_forms, hostile_run  # noqa: E402

#: one run: (file name, CPU seconds, wall seconds, peak RSS in MB, problems)
Run = tuple[str, float, float, float, list[str]]


def _best(measure: Callable[[], dict], repeat: int) -> dict:
    """The run with the least CPU time of ``repeat``."""
    best: dict | None = None
    for _ in range(repeat):
        res = measure()
        if best is None or res["cpu"] < best["cpu"]:
            best = res
    assert best is not None
    return best


def bench_validate(folder: Path, repeat: int, groups: list[str] | None) -> Iterator[Run]:
    """``ipforms validate`` (:func:`hostile_run.measure`: check_file and both reports)."""
    hostile_run.warm_up()

    def one(path: Path, separate: list[Path]) -> dict:
        c0 = os.times()
        res = hostile_run.measure(path, separate)
        c1 = os.times()
        res["cpu"] = (c1.children_user + c1.children_system
                      - c0.children_user - c0.children_system)
        return res

    for case in hostile.corpus(groups):
        path, separate = hostile.write_case(folder, case)
        res = _best(lambda: one(path, separate), repeat)  # noqa: B023
        yield (case.name, res["cpu"], res["seconds"], res["maxrss_mb"],
               hostile_run.check_case(case, res))
    if groups is None or "forms" in groups:
        yield from _cli_runs(folder, repeat, "validate", hostile_forms.forms())


def _cli_runs(folder: Path, repeat: int, entry: str, cases) -> Iterator[Run]:
    hostile_forms.warm_up_forms(folder)
    for case in cases:
        res = _best(lambda: hostile_run.measure_cli(hostile_forms.form_args(entry, case, folder),  # noqa: B023
                                                folder=folder), repeat)
        yield (case.name, res["cpu"], res["seconds"], res["maxrss_mb"],
               hostile_run.check_form_case(case, entry, res))


def bench_fields(folder: Path, repeat: int, groups=None) -> Iterator[Run]:
    """``ipforms fields FORM``."""
    return _cli_runs(folder, repeat, "fields", hostile_forms.forms())


def bench_fill(folder: Path, repeat: int, groups=None) -> Iterator[Run]:
    """``ipforms fill FORM --data ... -o OUT``."""
    return _cli_runs(folder, repeat, "fill", hostile_forms.forms())


def bench_flatten(folder: Path, repeat: int, groups=None) -> Iterator[Run]:
    """``ipforms fill FORM --data ... --flatten -o OUT``."""
    return _cli_runs(folder, repeat, "flatten", hostile_forms.forms())


def bench_attach(folder: Path, repeat: int, groups=None) -> Iterator[Run]:
    """``ipforms fill FORM --attachment FILE -o OUT``."""
    return _cli_runs(folder, repeat, "attach", hostile_forms.attachments())


ENTRIES: dict[str, Callable[..., Iterator[Run]]] = {
    "validate": bench_validate, "fields": bench_fields, "fill": bench_fill,
    "flatten": bench_flatten, "attach": bench_attach}


def _whole(args: list[str], cwd: Path, env: dict[str, str]) -> dict:
    """``python -m ipforms ARGS`` as a whole process: exit code, its output, CPU seconds
    (user + system of the process and its children) and peak RSS."""
    import subprocess
    import time
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.monotonic()
        proc = subprocess.Popen([sys.executable, "-m", "ipforms", *args], cwd=cwd,
                                env={**os.environ, **env}, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.monotonic() - t0
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    return {"exit_code": os.waitstatus_to_exitcode(status), "out_bytes": len(stdout),
            "stdout": stdout[:20_000].decode("utf-8", "replace"),
            "stderr": stderr[-20_000:].decode("utf-8", "replace"),
            "cpu": usage.ru_utime + usage.ru_stime, "seconds": seconds,
            "maxrss_mb": usage.ru_maxrss / 1024}


def whole_runs(folder: Path, repeat: int) -> Iterator[tuple[str, str, dict, list[str]]]:
    """``(entry, case, result, problems)`` of every whole-process run."""
    env = {"XDG_CACHE_HOME": str(folder / "cache"), "NO_MKDOCS_2_WARNING": "1"}
    for case, entry in hostile_forms.form_runs():
        args = hostile_forms.form_args(entry, case, folder)
        res = _best(lambda: _whole(args, folder, env), repeat)  # noqa: B023
        yield entry, case.name, res, hostile_forms.check_form_case(case, entry, res)
    for case in hostile.corpus(["bombs", "reports", "polyglots"]):
        if case.separate:
            continue
        path, _ = hostile.write_case(folder / "apps", case)
        args = ["validate", str(path), "--received", "24.11.2026"]
        res = _best(lambda: _whole(args, folder, env), repeat)  # noqa: B023
        problems = [] if res["exit_code"] in case.expect_exit else [
            f"exit {res['exit_code']}, expected {case.expect_exit}"]
        if "Traceback" in res["stderr"] or "internal error" in res["stderr"]:
            problems.append(res["stderr"][-300:])
        yield "validate", case.name, res, problems


def whole_report(repeat: int) -> None:
    """Per entry point, as whole processes: the runs, the slowest and the largest (with
    the case) and the fastest (about the start-up every run pays)."""
    one, five, fifteen = os.getloadavg()
    print(f"whole processes: load average before: {one:.2f} {five:.2f} {fifteen:.2f} "
          f"(cores: {os.cpu_count()}); CPU seconds of the process and its children")
    rows: dict[str, list[tuple[str, dict]]] = {}
    bad = []
    with tempfile.TemporaryDirectory() as tmp:
        for entry, name, res, problems in whole_runs(Path(tmp), repeat):
            rows.setdefault(entry, []).append((name, res))
            bad += [f"{entry} {name}: {p}" for p in problems]
    print(f"{'entry':9} {'runs':>4}  {'slowest CPU':>11}  {'':34} {'peak RSS':>8}  {'':34} fastest")
    for entry, runs in rows.items():
        cpu = max(runs, key=lambda r: r[1]["cpu"])
        rss = max(runs, key=lambda r: r[1]["maxrss_mb"])
        low = min(runs, key=lambda r: r[1]["cpu"])
        print(f"{entry:9} {len(runs):4}  {cpu[1]['cpu'] * 1000:8.0f} ms  {cpu[0][:34]:34} "
              f"{rss[1]['maxrss_mb']:5.0f} MB  {rss[0][:34]:34} {low[1]['cpu'] * 1000:.0f} ms")
    worst = max(r["cpu"] for runs in rows.values() for _, r in runs)
    largest = max(r["maxrss_mb"] for runs in rows.values() for _, r in runs)
    print(f"  -> slowest {worst:.3f} s CPU, largest {largest:.0f} MB (goal: every run under "
          f"1 s CPU and 300 MB); {len(bad)} run(s) with a wrong outcome")
    for line in bad:
        print("    ", line[:300])
    one, five, fifteen = os.getloadavg()
    print(f"whole processes: load average after: {one:.2f} {five:.2f} {fifteen:.2f}")


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
    for entry in ("check cold", "check", "build"):
        for name, res in worst.get(entry, {}).get("rows", []):
            print(f"  {entry} {name:24} {res['cpu']:6.2f} s CPU {res['maxrss_mb']:5.0f} MB  "
                  f"{res['outcome'][:90]}")
    for line in odd:
        print("  CRASH", line)
    one, five, fifteen = os.getloadavg()
    print(f"site: load average after: {one:.2f} {five:.2f} {fifteen:.2f}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--entries", help="comma-separated: " + ",".join(ENTRIES))
    ap.add_argument("--groups", help="validate only: comma-separated: "
                    + ",".join([*hostile.GROUPS, "forms"]))
    ap.add_argument("--repeat", type=int, default=3, help="runs per file; the least CPU is kept")
    ap.add_argument("--site", action="store_true",
                    help="the site side instead: templates, data, logos, content, check, build")
    ap.add_argument("--no-cli", action="store_true", help="with --site: leave out check/build")
    ap.add_argument("--whole", action="store_true",
                    help="the form entry points and validate as whole processes instead")
    args = ap.parse_args()
    if args.site:
        site_report(cli=not args.no_cli)
        return
    if args.whole:
        whole_report(args.repeat)
        return
    entries = args.entries.split(",") if args.entries else list(ENTRIES)
    groups = args.groups.split(",") if args.groups else None
    one, five, fifteen = os.getloadavg()
    print(f"load average before: {one:.2f} {five:.2f} {fifteen:.2f} (cores: {os.cpu_count()})")
    rows = []
    bad: list[tuple[str, str, list[str]]] = []
    for entry in entries:
        with tempfile.TemporaryDirectory() as tmp:
            runs = list(ENTRIES[entry](Path(tmp), args.repeat, groups))
        bad += [(entry, name, problems) for name, *_, problems in runs if problems]
        cpu = max(runs, key=lambda r: r[1])
        rss = max(runs, key=lambda r: r[3])
        wall = max(runs, key=lambda r: r[2])
        rows.append((entry, len(runs), cpu, rss, wall))
    print(f"{'entry':9} {'runs':>5}  {'slowest CPU':>11}  {'largest RSS':>11}  "
          f"{'slowest wall':>12}  slowest (CPU) / largest file")
    for entry, n, cpu, rss, wall in rows:
        print(f"{entry:9} {n:5}  {cpu[1] * 1000:8.0f} ms  {rss[3]:8.0f} MB  "
              f"{wall[2] * 1000:9.0f} ms  {cpu[0]} / {rss[0]}")
    worst_cpu = max(r[2][1] for r in rows)
    worst_rss = max(r[3][3] for r in rows)
    print(f"  -> slowest {worst_cpu:.3f} s CPU, largest {worst_rss:.0f} MB (goal: every run "
          f"under 1 s CPU and 300 MB); {len(bad)} run(s) with a wrong outcome")
    for entry, name, problems in bad:
        print(f"     {entry} {name}: {'; '.join(problems)}")
    one, five, fifteen = os.getloadavg()
    print(f"load average after: {one:.2f} {five:.2f} {fifteen:.2f}")


if __name__ == "__main__":
    main()
