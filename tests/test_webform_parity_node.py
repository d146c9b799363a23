"""Parity without a browser: the online form's rules (src/ipforms/site/webform/rules.js and
messages.js, with the data a page carries) run in Node over the answer sets of
tests/parity_sets.py, and give ``ipforms validate``'s findings on every set: the same codes,
severities, fields and sentences, in nb and nn.  The browser test
(tests/browser/test_webform_parity.py) runs the same sets in the built page."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import parity_sets
from ipforms.core.municipality import load_municipality
from ipforms.site import webform
from parity_sets import RECEIVED, answer_sets, fullmakt_page_sets, fullmakt_python_findings, python_findings

REPO = Path(__file__).resolve().parents[1]
NODE = shutil.which("node") or shutil.which("nodejs")


def _json_safe(s: dict) -> dict:
    return dict(s, received=s.get("received", RECEIVED).isoformat())


def test_the_rules_in_node_give_validate_s_findings(tmp_path):
    assert NODE, "Node.js is needed for the online form's tests (Debian: apt-get install nodejs)"
    sets = answer_sets()
    fm_sets = fullmakt_page_sets()
    m = load_municipality(REPO / "data" / "municipalities" / "oyer.yml")
    pages, python, fm_python = {}, {}, {}
    codes: dict[str, int] = {}
    for lang in ("nb", "nn"):
        # what the page carries, as the page carries it (the plans are the PDF writer's)
        pages[lang] = json.loads(webform.page_json(webform.page_data(m, lang, "soknad", {}, {})))
        python[lang] = [python_findings(s, lang) for s in sets]
        fm_python[lang] = [fullmakt_python_findings(raw, lang) for raw in fm_sets]
    for found in python["nb"]:
        for code, *_ in found:
            codes[code] = codes.get(code, 0) + 1
    assert len(sets) >= 300
    assert not parity_sets.coverage_gaps(codes), parity_sets.coverage_gaps(codes)
    data = tmp_path / "parity.json"
    data.write_text(json.dumps({"pages": pages, "sets": [_json_safe(s) for s in sets],
                                "python": python, "fullmakt_sets": fm_sets, "fullmakt_python": fm_python,
                                "received": RECEIVED.isoformat()}, ensure_ascii=False, default=str), "utf-8")
    r = subprocess.run([NODE, "--test", "tests/js/parity.mjs"], cwd=REPO, capture_output=True, text=True,
                       timeout=300, env={**os.environ, "IPFORMS_PARITY": str(data)})
    assert r.returncode == 0, r.stdout[-6000:] + r.stderr[-2000:]
    assert "# fail 0" in r.stdout and "# pass 4" in r.stdout, r.stdout[-2000:]
