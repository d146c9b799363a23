"""Benchmark: forms filled per second on one core.

Compares, on the same blank application form (soknad, nb):

* ``ipforms application`` -- fill_form() with a typical application (15 answers:
  text, æøå, a long multi-line text, date, fødselsnummer, checkboxes, a radio
  group), values checked by the definition, appearance streams written;
* ``ipforms unicode``     -- the same application with a Sámi name (person_name and
  sign_name outside WinAnsi: an embedded Liberation Sans subset is built);
* ``ipforms prefill``     -- what the site build does per form: municipality block
  (4 read-only fields) + one service ticked;
* ``floor``               -- pypdf open + clone + write, no change at all;
* ``PyPDFForm``           -- PdfWrapper(template).fill(same answers).read().

Measured in interleaved rounds, so that load from other processes falls on all
of them alike and the ratios hold even on a busy machine, in the process's CPU time
(``--wall`` for wall time). The last line says whether the application fill runs at
least 10x as fast as the floor (issue 14's goal).

    .venv/bin/python bench/fill.py [--seconds 3] [--wall]

With ``--corpus``, instead: the real third-party forms of the forms corpus
(tools/collect-forms.sh, in .cache/forms-corpus) filled by ipforms, pypdf and
PyPDFForm with the same values (tests/fill_corpus.py: ``plan``: æøå text, a
checkbox, a radio button, a list choice), each judged by the corpus test's pixel
check in Poppler and MuPDF, side by side:

    .venv/bin/python bench/fill.py --corpus [N|all] [--json out.json]

``--corpus`` alone takes the corpus test's sample (60 forms: every form with a rare
feature or from outside the IRS tax-form set, then tax forms); ``N`` a sample of
that size (the rare forms always in it); ``all`` the whole corpus.
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import os
import signal
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "tests"))  # the corpus plan and pixel check: tests/fill_corpus.py

from pypdf import PdfReader, PdfWriter

from ipforms.core.errors import IpformsError
from ipforms.core.municipality import parse_municipality
from ipforms.forms.acroform import PdfField, fields, open_pdf
from ipforms.forms.fill import fill_form, fill_pdf
from ipforms.forms.pdfdraw import blank_pdf

import fill_corpus  # noqa: I001 - from tests/

ANSWERS = {
    "person_name": "Åse Ødegård Bæreia",
    "person_fnr": "15108695088",
    "person_address": "Kongsvegen 12",
    "person_postcode": "2636",
    "person_postplace": "Øyer",
    "person_phone": "912 34 567",
    "service_ip": True,
    "service_koordinator": True,
    "applicant_role": "self",
    "gp_name": "Øyer legesenter",
    "need_description": ("Jeg trenger hjelp til å planlegge hverdagen etter hjerneslaget, og "
                         "tjenestene må samarbeide bedre. ") * 4,
    "consent_obtain": True,
    "sign_place": "Øyer",
    "sign_date": "24.11.2026",
    "sign_name": "ÅSE ØDEGÅRD BÆREIA",
}
MUNICIPALITY = {
    "name": {"nb": "Øyer kommune", "nn": "Øyer kommune"}, "kommunenummer": "3440",
    "unit": {"name": {"nb": "Tildelingsenheten", "nn": "Tildelingseininga"},
             "postal_address": {"street": "Kongsvegen 325", "postcode": "2636", "place": "Øyer"},
             "email": "postmottak@oyer.kommune.no", "phone": "61 26 60 00",
             "opening_hours": {"nb": "Hverdager 8–15", "nn": "Kvardagar 8–15"}},
    "complaint_body": {"nb": "Statsforvalteren", "nn": "Statsforvaltaren"},
    "accessibility_statement": "https://uustatus.no/", "last_reviewed": "2026-11-01",
}


def rates(fns: dict, seconds: float, rounds: int = 6,
          clock=time.process_time) -> dict[str, float]:
    """Forms per second of each function, measured in interleaved rounds so that load
    from other processes falls on all of them alike.  The clock is the process's CPU
    time (every function runs in this one thread), so that time spent waiting for the
    core on a busy machine does not count; ``clock=time.perf_counter`` for wall time."""
    for fn in fns.values():
        fn()
    count = {name: 0 for name in fns}
    spent = {name: 0.0 for name in fns}
    for _ in range(rounds):
        for name, fn in fns.items():
            start = clock()
            while (elapsed := clock() - start) < seconds / rounds:
                fn()
                count[name] += 1
            spent[name] += elapsed
    return {name: count[name] / spent[name] for name in fns}


# ---------------------------------------------------------------- the corpus comparison

#: seconds one tool may take on one form before it counts as an error
TIMEOUT = 60


class Job:
    """One corpus form and what the corpus test fills into it, in the terms of each tool."""

    def __init__(self, path: Path, reader, plan: fill_corpus.Plan):
        self.path = path
        self.plan = plan
        by_name = {f.name: f for f in fields(reader)}
        self.kinds = {name: by_name[name].kind for name in plan.values}
        self.pypdf: dict[str, str] = {}  # pypdf: text, "/State" for buttons, export value
        self.pypdfform: dict[str, object] = {}  # PyPDFForm: text, True, radio/choice index
        for name, value in plan.values.items():
            f = by_name[name]
            if f.kind == "checkbox":
                state = f.states[0] if value is True else str(value).removeprefix("/")
                self.pypdf[name] = "/" + state
                self.pypdfform[name] = True
            elif f.kind == "radio":
                self.pypdf[name] = str(value)
                self.pypdfform[name] = _radio_index(reader, f, str(value).removeprefix("/"))
            elif f.kind == "choice":
                self.pypdf[name] = str(value)
                self.pypdfform[name] = [e for e, _ in f.options].index(str(value))
            else:
                self.pypdf[name] = self.pypdfform[name] = str(value)


def _radio_index(reader, f: PdfField, state: str) -> int:
    """PyPDFForm names a radio button by its place among the group's widgets in page
    and /Annots order."""
    from ipforms.forms.acroform import normal_appearance

    ids = {w.indirect_reference.idnum for w in f.widgets if w.indirect_reference is not None}
    order = [a.get_object() for page in reader.pages for a in page.get("/Annots", []) or []
             if getattr(a, "idnum", None) in ids]
    for i, w in enumerate(order):
        n = normal_appearance(w)
        if n is not None and "/" + state in n:
            return i
    return 0


def _ipforms(job: Job) -> bytes:
    return fill_pdf(job.path, job.plan.values)


def _pypdf(auto_regenerate: bool) -> Callable[[Job], bytes]:
    def fill(job: Job) -> bytes:
        # as pypdf's documentation fills a form (docs/user/forms.md), all pages at once
        reader = PdfReader(job.path)
        if reader.is_encrypted:
            reader.decrypt("")
        writer = PdfWriter(clone_from=reader)
        writer.update_page_form_field_values(None, job.pypdf, auto_regenerate=auto_regenerate)
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()
    return fill


def _pypdfform(**options: bool) -> Callable[[Job], bytes]:
    def fill(job: Job) -> bytes:
        from PyPDFForm import PdfWrapper

        # full names (parent.kid), as the plan names fields
        return PdfWrapper(str(job.path), use_full_widget_name=True, **options) \
            .fill(job.pypdfform).read()
    return fill


def corpus_tools() -> dict[str, Callable[[Job], bytes]]:
    """The fillers compared, each as its documentation says to fill a form."""
    tools: dict[str, Callable[[Job], bytes]] = {
        "ipforms": _ipforms,
        "pypdf": _pypdf(auto_regenerate=False),  # as its docs advise
        "pypdf NeedAppearances": _pypdf(auto_regenerate=True),  # its default
    }
    try:
        import PyPDFForm  # noqa: F401
    except ImportError:
        print("PyPDFForm not installed (pip install -e '.[bench]'); left out", file=sys.stderr)
    else:
        tools["PyPDFForm"] = _pypdfform()
        tools["PyPDFForm own appearances"] = _pypdfform(generate_appearance_streams=True)
    return tools


class _Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise _Timeout(f"more than {TIMEOUT} s")


def compare(entries: list[fill_corpus.Entry], tools: dict[str, Callable[[Job], bytes]],
            tmp: Path) -> dict[str, Any]:
    """Fill every form of ``entries`` with every tool and judge what shows.

    Returns ``{"forms": [...], "tools": {tool: totals}}``: per form its plan and, per tool,
    ``error`` (None or "Type: message"), ``traceback`` (False for an ipforms error with a
    message), ``seconds``, ``visible`` (engine -> field names whose every widget shows)
    and ``text`` (field -> whether Poppler's text in its box is the æøå value)."""
    quiet = {name: logging.getLogger(name).level for name in ("pypdf", "ipforms")}
    try:  # their warnings and notices on odd forms, not errors
        for name in quiet:
            logging.getLogger(name).setLevel(logging.CRITICAL)
        return _compare(entries, tools, tmp)
    finally:
        for name, level in quiet.items():
            logging.getLogger(name).setLevel(level)


def _compare(entries: list[fill_corpus.Entry], tools: dict[str, Callable[[Job], bytes]],
             tmp: Path) -> dict[str, Any]:
    forms = []
    for entry in entries:
        row: dict[str, Any] = {"file": entry.file, "notes": entry.notes, "tools": {}}
        forms.append(row)
        try:
            _, reader = open_pdf(entry.path, decrypt=True)
            plan = fill_corpus.plan(reader)
        except IpformsError as exc:
            row["plan_error"] = str(exc)
            continue
        row["values"] = {k: (v if isinstance(v, (str, bool)) else str(v))
                         for k, v in plan.values.items()}
        if not plan.values:
            continue
        job = Job(entry.path, reader, plan)
        before: dict = {}  # renders of the blank form, shared by the tools
        for name, fill in tools.items():
            result: dict[str, Any] = {"error": None, "traceback": False, "seconds": 0.0,
                                      "visible": {e: [] for e in fill_corpus.ENGINES},
                                      "text": {}}
            row["tools"][name] = result
            old = signal.signal(signal.SIGALRM, _alarm)
            signal.alarm(TIMEOUT)
            start = time.perf_counter()
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    data = fill(job)
            except Exception as exc:  # noqa: BLE001 - counted and reported per tool
                result["error"] = f"{type(exc).__name__}: {exc}"[:300]
                result["traceback"] = not isinstance(exc, IpformsError)
                continue
            finally:
                result["seconds"] = time.perf_counter() - start
                signal.alarm(0)
                signal.signal(signal.SIGALRM, old)
            out = tmp / f"{name.replace(' ', '-')}.pdf"
            out.write_bytes(data)
            try:
                missing = fill_corpus.unseen(entry.path, out, plan, reader, tmp, before)
                result["text"] = fill_corpus.shown_text(entry.path, out, plan, reader)
            except Exception as exc:  # noqa: BLE001 - a renderer refused the output
                result["error"] = f"not rendered: {type(exc).__name__}: {exc}"[:300]
                continue
            for engine in fill_corpus.ENGINES:
                gone = {m.name for m in missing if m.engine == engine}
                result["visible"][engine] = [k for k in plan.values if k not in gone]
    return {"forms": forms, "tools": totals(forms, list(tools))}


def totals(forms: list[dict[str, Any]], tools: list[str]) -> dict[str, dict[str, Any]]:
    fillable = [f for f in forms if f.get("values")]
    out = {}
    for tool in tools:
        rows = [(f, f["tools"][tool]) for f in fillable]
        nfields = sum(len(f["values"]) for f in fillable)

        def shown(f, r, engines=fill_corpus.ENGINES):
            return all(len(r["visible"][e]) == len(f["values"]) for e in engines)

        both = [sum(1 for k in f["values"] if all(k in r["visible"][e]
                                                  for e in fill_corpus.ENGINES))
                for f, r in rows]
        texts = [ok for _, r in rows for ok in r["text"].values()]
        nontext = sum(1 for f in fillable for k, v in f["values"].items()
                      if isinstance(v, str) and not v.startswith("/") and not v.isascii())
        out[tool] = {
            "forms": len(forms), "fillable": len(fillable),
            "filled": sum(1 for _, r in rows if not r["error"]),
            "visible_poppler": sum(1 for f, r in rows if shown(f, r, ("poppler",))),
            "visible_mupdf": sum(1 for f, r in rows if shown(f, r, ("mupdf",))),
            "visible_both": sum(1 for f, r in rows if shown(f, r)),
            "fields": nfields, "fields_visible_both": sum(both),
            "text_values": nontext, "text_right": sum(texts),
            "errors": sum(1 for _, r in rows if r["error"]),
            "tracebacks": sum(1 for _, r in rows if r["traceback"]),
            "seconds": round(sum(r["seconds"] for _, r in rows), 3),
        }
    return out


def print_comparison(result: dict[str, Any]) -> None:
    t = result["tools"]
    cols = [("forms tried", "forms"), ("fillable", "fillable"),
            ("filled, no error", "filled"), ("visible Poppler", "visible_poppler"),
            ("visible MuPDF", "visible_mupdf"), ("visible both", "visible_both")]
    head = f"{'':26}" + "".join(f"{c:>17}" for c, _ in cols) + \
        f"{'fields visible both':>21}{'æøå text right':>16}{'errors':>8}{'tracebacks':>11}" \
        f"{'fill time s':>12}"
    print(head)
    for tool, n in t.items():
        print(f"{tool:26}" + "".join(f"{n[k]:>17}" for _, k in cols)
              + f"{n['fields_visible_both']:>12} of {n['fields']:<5}"
              + f"{n['text_right']:>8} of {n['text_values']:<4}"
              + f"{n['errors']:>8}{n['tracebacks']:>11}{n['seconds']:>12.1f}")
    ours = t["ipforms"]["visible_both"]
    peers = {k: v["visible_both"] for k, v in t.items() if k != "ipforms"}
    best = max(peers.values(), default=0)
    print(f"ipforms shows every value in both renderers on {ours} forms, the best peer on "
          f"{best}: {'more than every peer' if ours > best else 'NOT more than every peer'}")
    for f in result["forms"]:
        r = f["tools"]
        if not r:
            continue
        won = [k for k in peers if _all_shown(f, r[k]) and not _all_shown(f, r["ipforms"])]
        if won:
            print(f"  shown by {', '.join(won)} but not ipforms: {f['file']}: "
                  f"{r['ipforms']['error'] or _gaps(f, r['ipforms'])}")


def _all_shown(f, r) -> bool:
    return all(len(r["visible"][e]) == len(f["values"]) for e in fill_corpus.ENGINES)


def _gaps(f, r) -> str:
    return "; ".join(f"{e}: {', '.join(k for k in f['values'] if k not in r['visible'][e])}"
                     for e in fill_corpus.ENGINES if len(r["visible"][e]) < len(f["values"]))


def versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for package in ("ipforms", "pypdf", "PyPDFForm"):
        try:
            out[package] = version(package)
        except PackageNotFoundError:
            pass
    return out


def corpus_main(which: str, json_out: Path | None, only: list[str] | None = None) -> None:
    entries = fill_corpus.collect()
    chosen = (entries if which == "all" else
              fill_corpus.sample(entries, *([int(which)] if which != "sample" else [])))
    tools = corpus_tools()
    if only:
        unknown = set(only) - set(tools)
        if unknown:
            sys.exit(f"--tools: no tool {', '.join(sorted(unknown))}; "
                     f"there are {', '.join(tools)}")
        tools = {k: v for k, v in tools.items() if k in only}
    with tempfile.TemporaryDirectory(prefix="ipforms-bench-") as tmp:
        start = time.perf_counter()
        result = compare(chosen, tools, Path(tmp))
        spent = time.perf_counter() - start
    result["versions"] = versions()
    print(f"{len(chosen)} forms of the corpus ({which}), filled and rendered in {spent:.0f} s; "
          + ", ".join(f"{k} {v}" for k, v in result["versions"].items()))
    print_comparison(result)
    if json_out:
        json_out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=3.0,
                    help="CPU time per measurement")
    ap.add_argument("--wall", action="store_true", help="measure wall time, not CPU time")
    ap.add_argument("--corpus", nargs="?", const="sample", metavar="N|all",
                    help="compare ipforms, pypdf and PyPDFForm on the forms corpus instead")
    ap.add_argument("--json", type=Path, metavar="FILE", help="--corpus: also write the "
                    "totals and every form's results as JSON")
    ap.add_argument("--tools", metavar="A,B", help="--corpus: only these tools (ipforms "
                    "always), e.g. 'PyPDFForm,PyPDFForm own appearances'")
    args = ap.parse_args()
    if args.corpus:
        corpus_main(args.corpus, args.json,
                    ["ipforms", *args.tools.split(",")] if args.tools else None)
        return
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    cache = Path(tempfile.mkdtemp(prefix="ipforms-bench-"))
    t = time.perf_counter()
    template = blank_pdf("soknad", "nb", cache)
    draw_s = time.perf_counter() - t
    m = parse_municipality(MUNICIPALITY, slug="oyer")

    def ours():
        return fill_form("soknad", "nb", ANSWERS, template=template)

    sami = {**ANSWERS, "person_name": "Áŋŋel Čohkka", "sign_name": "ÁŊŊEL ČOHKKA"}

    def unicode_app():
        return fill_form("soknad", "nb", sami, template=template)

    def prefill():
        return fill_form("soknad", "nb", municipality=m, services=["koordinator"],
                         template=template)

    def floor():
        w = PdfWriter(clone_from=PdfReader(io.BytesIO(template)))
        out = io.BytesIO()
        w.write(out)
        return out.getvalue()

    fns = {"ipforms application": ours, "ipforms unicode (Sámi name)": unicode_app,
           "ipforms prefill": prefill,
           "floor (pypdf open+clone+write)": floor}
    try:
        from PyPDFForm import PdfWrapper

        roles = ["self", "parent", "verge", "proxy"]
        pyform = {k: (roles.index(v) if k == "applicant_role" else v) for k, v in ANSWERS.items()}

        def pypdfform():
            return PdfWrapper(template).fill(pyform).read()

        fns["PyPDFForm"] = pypdfform
    except ImportError:
        print("PyPDFForm not installed (pip install -e '.[bench]'); skipped", file=sys.stderr)
    results = rates(fns, args.seconds,
                    clock=time.perf_counter if args.wall else time.process_time)

    print(f"blank form drawn once by WeasyPrint: {draw_s:.2f} s, {len(template) // 1024} kB")
    print(f"{'':34} {'forms/s':>9} {'ms/form':>9}   ({'wall' if args.wall else 'CPU'} time)")
    for name, r in results.items():
        print(f"{name:34} {r:9.1f} {1000 / r:9.2f}")
    floor_rate = results["floor (pypdf open+clone+write)"]
    for name in ("ipforms application", "ipforms unicode (Sámi name)", "ipforms prefill"):
        print(f"{name}: {results[name] / floor_rate:.2f}x the floor's rate"
              + (f", {results[name] / results['PyPDFForm']:.1f}x PyPDFForm's"
                 if "PyPDFForm" in results else ""))
    ratio = results["ipforms application"] / floor_rate
    print(f"goal: ipforms application >= 10x the floor's rate: {ratio:.2f}x, "
          + ("met" if ratio >= 10 else "NOT met"))


if __name__ == "__main__":
    main()
