"""Measuring the hostile corpus: each file checked (:func:`measure`) or each form given
to the CLI (:func:`measure_cli`) in a forked child with a hard memory limit and a time
limit, and what is wrong with the outcome (:func:`check_case`, :func:`check_form_case`);
``python -m ipforms.dev.hostile DIR`` (:func:`main`) writes the corpus and prints the
measurements."""

from __future__ import annotations

import datetime as _dt
import json
import os
import re
from pathlib import Path

from . import hostile
from .hostile import DAY, FNR, GROUPS, Case, corpus, valid_self, write_case
from .hostile_forms import check_form_case, form_args, form_runs, warm_up_forms


def _vm_size() -> int:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def measure(path: Path, attachments=(), *, received: _dt.date = DAY, extra_memory: int = 600 << 20,
            hard_timeout: int = 20) -> dict:
    """Check ``path`` (with ``attachments``) with :func:`~ipforms.validation.validate.check_file`
    and render its text and JSON reports, in a forked child whose address space may
    grow by at most ``extra_memory`` and which is killed after ``hard_timeout`` s.

    Returns ``status``, ``exit_code``, ``reason_code``, ``codes`` (finding codes),
    ``text`` and ``json`` (the reports), ``seconds`` (wall time of the child) and
    ``maxrss_mb`` (its peak resident memory); ``crash`` holds a traceback or the
    signal that ended the child.
    """
    import resource
    import signal
    import time
    import traceback

    import pypdf  # noqa: F401  (loaded once here, not in every child)

    from ..validation import report
    from ..validation.validate import check_file

    r, w = os.pipe()
    t0 = time.monotonic()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(r)
        code = 0
        try:
            resource.setrlimit(resource.RLIMIT_AS, (_vm_size() + extra_memory, resource.RLIM_INFINITY))
            signal.alarm(hard_timeout)
            res = check_file(path, attachments, received)
            out = {"status": res.status, "exit_code": res.exit_code,
                   "reason_code": res.reason_code, "codes": [f.code for f in res.findings],
                   "text": report.to_text(res, "nb"), "json": report.to_json(res, "nn")}
        except BaseException:
            out = {"crash": traceback.format_exc()}
            code = 1
        with os.fdopen(w, "w", encoding="utf-8") as fh:
            fh.write(json.dumps(out))
        os._exit(code)
    os.close(w)
    with os.fdopen(r, encoding="utf-8") as fh:
        raw = fh.read()
    _, status, usage = os.wait4(pid, 0)
    seconds = time.monotonic() - t0
    result: dict = json.loads(raw) if raw else {}
    if os.WIFSIGNALED(status):
        result["crash"] = f"killed by signal {os.WTERMSIG(status)}"
    result["seconds"] = seconds
    result["maxrss_mb"] = usage.ru_maxrss / 1024
    return result


def measure_cli(args: list[str], *, extra_memory: int = 1200 << 20, hard_timeout: int = 30,
                folder: Path | None = None) -> dict:
    """Run ``ipforms ARGS`` (the real click command) in a forked child of this process
    (imports already done: :func:`warm_up_forms`), whose address space may grow by at
    most ``extra_memory`` and which is killed after ``hard_timeout`` s of CPU time (or
    four times that of wall time).

    Returns ``exit_code`` (None when killed), ``stdout`` and ``stderr`` (their first
    20,000 characters), ``out_bytes`` (all of stdout), ``cpu`` (user + system seconds
    of the child), ``seconds`` (wall) and ``maxrss_mb`` (its peak resident memory);
    ``crash`` names the signal that ended it."""
    import resource
    import signal
    import tempfile
    import time

    from ..cli import main as cli_main

    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        out_path, err_path = Path(tmp) / "out", Path(tmp) / "err"
        t0 = time.monotonic()
        pid = os.fork()
        if pid == 0:  # the child
            code = 70
            try:
                fd1 = os.open(out_path, os.O_WRONLY | os.O_CREAT, 0o600)
                fd2 = os.open(err_path, os.O_WRONLY | os.O_CREAT, 0o600)
                os.dup2(fd1, 1)
                os.dup2(fd2, 2)
                resource.setrlimit(resource.RLIMIT_AS,
                                   (_vm_size() + extra_memory, resource.RLIM_INFINITY))
                # CPU seconds (a loaded machine stretches wall time), and a wall-clock
                # alarm four times as long for a run that waits instead of working
                used = resource.getrusage(resource.RUSAGE_SELF)
                cpu = int(used.ru_utime + used.ru_stime) + hard_timeout
                resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
                signal.alarm(4 * hard_timeout)
                try:
                    cli_main.main(args=args, prog_name="ipforms", standalone_mode=True)
                    code = 0
                except SystemExit as exc:
                    code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
            except BaseException:  # noqa: BLE001 - said as exit 70 and the traceback
                import traceback
                traceback.print_exc()
                code = 70
            finally:
                import sys as _sys
                for stream in (_sys.stdout, _sys.stderr):
                    try:
                        stream.flush()
                    except Exception:  # noqa: BLE001
                        pass
                os._exit(code)
        _, status, usage = os.wait4(pid, 0)
        seconds = time.monotonic() - t0
        out = out_path.read_bytes() if out_path.exists() else b""
        err = err_path.read_text("utf-8", "replace") if err_path.exists() else ""
    result = {"exit_code": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
              "stdout": out[:20000].decode("utf-8", "replace"), "out_bytes": len(out),
              "stderr": err[:20000], "cpu": usage.ru_utime + usage.ru_stime,
              "seconds": seconds, "maxrss_mb": usage.ru_maxrss / 1024}
    if os.WIFSIGNALED(status):
        result["crash"] = f"killed by signal {os.WTERMSIG(status)}"
    return result

def warm_up() -> None:
    """Load what every check needs (pypdf, the form definitions, the messages) in
    this process, so forked children measure the file and not the imports."""
    import tempfile

    from ..validation import report
    from ..validation.validate import check_file

    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / "warm.pdf"
        p.write_bytes(valid_self())
        res = check_file(p, received=DAY)
        report.to_text(res, "nb")
        report.to_json(res, "nn")


def check_case(case: Case, result: dict) -> list[str]:
    """What is wrong with ``result`` for ``case`` (empty: as it must be)."""
    problems = []
    if "crash" in result:
        return [f"crashed: {result['crash'][-300:]}"]
    if "Traceback" in result.get("text", "") or "Traceback" in result.get("json", ""):
        problems.append("a traceback in the report")
    if result["exit_code"] not in case.expect_exit:
        problems.append(f"exit {result['exit_code']} ({result['status']}, {result['reason_code']}, "
                        f"{result['codes']}), expected one of {case.expect_exit}")
    if case.active and result["exit_code"] == 0:
        problems.append("active content passed as valid")
    text = result.get("text", "")
    raw = re.findall("[\x00-\x09\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f]",
                     text + result.get("json", ""))
    if raw:
        problems.append(f"raw control characters in a report: {sorted(set(raw))!r}")
    fake = [ln for ln in text.splitlines()[1:] if re.match(r"\s*(IKKE )?GYLDIG", ln)]
    if fake:
        problems.append(f"a line of the text report starts with a verdict: {fake!r}")
    if FNR in text or FNR in result.get("json", ""):
        problems.append("a fødselsnummer-shaped number printed in full")
    if len(text) > 20_000 or len(result.get("json", "")) > 40_000:
        problems.append(f"a report of {len(text):,} characters (text) and "
                        f"{len(result.get('json', '')):,} (JSON): long values must be shortened")
    if result.get("status") == "error":
        problems.append(f"internal error: {result.get('text')}")
    if case.expect_codes:
        got = {result.get("reason_code"), *result.get("codes", [])}
        if not got & set(case.expect_codes):
            problems.append(f"none of {case.expect_codes} in {sorted(map(str, got))}")
    return problems


def main(argv: list[str] | None = None) -> int:
    import argparse
    import itertools

    ap = argparse.ArgumentParser(description=(hostile.__doc__ or "").split("\n\n")[0])
    ap.add_argument("folder", type=Path, help="where to write the corpus")
    ap.add_argument("--groups", help="comma-separated: " + ",".join(GROUPS))
    ap.add_argument("--slice", default=":", metavar="START:STOP",
                    help="only these cases of the selected groups (e.g. 0:100)")
    ap.add_argument("--json", action="store_true", help="one JSON line per file")
    ap.add_argument("--forms", metavar="GROUPS",
                    help="instead: hostile forms (forms, attach) through the CLI entry points")
    args = ap.parse_args(argv)
    if args.forms:
        return main_forms(args.folder, args.forms.split(","), args.slice, args.json)
    groups = args.groups.split(",") if args.groups else None
    a, _, b = args.slice.partition(":")
    cases = itertools.islice(corpus(groups), int(a or 0), int(b) if b else None)
    worst: dict[str, dict] = {}
    bad = 0
    warm_up()
    for case in cases:
        path, separate = write_case(args.folder, case)
        res = measure(path, separate)
        problems = check_case(case, res)
        bad += bool(problems)
        if args.json:
            print(json.dumps({"name": case.name, "group": case.group, "problems": problems,
                              "exit_code": res.get("exit_code"), "status": res.get("status"),
                              "seconds": round(res["seconds"], 4),
                              "maxrss_mb": round(res["maxrss_mb"], 1)}), flush=True)
            continue
        w = worst.setdefault(case.group, {"files": 0, "max_s": 0.0, "max_mb": 0.0, "slowest": ""})
        w["files"] += 1
        if res["seconds"] > w["max_s"]:
            w["max_s"], w["slowest"] = res["seconds"], case.name
        w["max_mb"] = max(w["max_mb"], res["maxrss_mb"])
        for p in problems:
            print(f"{case.name}: {p}")
    for g, w in worst.items():
        print(f"{g:12} {w['files']:4} files  slowest {w['max_s']:.3f} s ({w['slowest']})  "
              f"peak RSS {w['max_mb']:.0f} MB")
    return 1 if bad else 0


def main_forms(folder: Path, groups: list[str], part: str, as_json: bool) -> int:
    """``--forms``: every (form, entry point) run through the real CLI in a forked child."""
    import itertools

    folder.mkdir(parents=True, exist_ok=True)
    warm_up_forms(folder)
    a, _, b = part.partition(":")
    bad = 0
    for case, entry in itertools.islice(form_runs(groups), int(a or 0), int(b) if b else None):
        res = measure_cli(form_args(entry, case, folder), folder=folder)
        problems = check_form_case(case, entry, res)
        bad += bool(problems)
        row = {"name": case.name, "entry": entry, "problems": problems,
               "exit_code": res["exit_code"], "cpu": round(res["cpu"], 4),
               "seconds": round(res["seconds"], 4), "maxrss_mb": round(res["maxrss_mb"], 1)}
        print(json.dumps(row) if as_json else
              f"{entry:9} {case.name:44} exit {res['exit_code']}  {res['cpu']:.3f} s CPU  "
              f"{res['maxrss_mb']:.0f} MB  {'; '.join(problems) or 'ok'}", flush=True)
    return 1 if bad else 0
