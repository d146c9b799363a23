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
of them alike and the ratios hold even on a busy machine.

    .venv/bin/python bench/fill.py [--seconds 3]
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from pypdf import PdfReader, PdfWriter  # noqa: E402

from ipforms.forms.fill import fill_form  # noqa: E402
from ipforms.core.municipality import parse_municipality  # noqa: E402
from ipforms.forms.pdfdraw import blank_pdf  # noqa: E402

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
    "services": ["individuell-plan", "koordinator", "barnekoordinator"],
    "complaint_body": {"nb": "Statsforvalteren", "nn": "Statsforvaltaren"},
    "accessibility_statement": "https://uustatus.no/", "last_reviewed": "2026-11-01",
}


def rates(fns: dict, seconds: float, rounds: int = 6) -> dict[str, float]:
    """Forms per second of each function, measured in interleaved rounds so that load
    from other processes falls on all of them alike."""
    for fn in fns.values():
        fn()
    count = {name: 0 for name in fns}
    spent = {name: 0.0 for name in fns}
    for _ in range(rounds):
        for name, fn in fns.items():
            start = time.perf_counter()
            while (elapsed := time.perf_counter() - start) < seconds / rounds:
                fn()
                count[name] += 1
            spent[name] += elapsed
    return {name: count[name] / spent[name] for name in fns}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=3.0, help="time per measurement")
    args = ap.parse_args()
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
    results = rates(fns, args.seconds)

    print(f"blank form drawn once by WeasyPrint: {draw_s:.2f} s, {len(template) // 1024} kB")
    print(f"{'':34} {'forms/s':>9} {'ms/form':>9}")
    for name, r in results.items():
        print(f"{name:34} {r:9.1f} {1000 / r:9.2f}")
    floor_rate = results["floor (pypdf open+clone+write)"]
    for name in ("ipforms application", "ipforms unicode (Sámi name)", "ipforms prefill"):
        print(f"{name}: {results[name] / floor_rate:.2f}x the floor's rate"
              + (f", {results[name] / results['PyPDFForm']:.1f}x PyPDFForm's"
                 if "PyPDFForm" in results else ""))


if __name__ == "__main__":
    main()
