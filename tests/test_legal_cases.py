"""The legal case table (tests/legal_cases.yml, readable in docs/legal-cases.md): every
case gets the verdict the law gives, for the reason the case names, with messages in nb
and nn."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # --import-mode=importlib
import legal_cases  # noqa: E402

from ipforms.validation.messages import render  # noqa: E402
from ipforms.validation.rules import check_application  # noqa: E402

DATA = legal_cases.load()
CASES = DATA["cases"]


def test_the_table_is_large_and_covers_the_law():
    assert len(CASES) >= 80
    assert len({c["id"] for c in CASES}) == len(CASES)
    cited = " ".join(c["law"] for c in CASES)
    for law in ("§ 2-5 c", "§ 4-3", "§ 4-4", "fvl § 12", "vml", "2-5 b", "pbrl § 2-5 "):
        assert law in cited, law
    assert all(c["verdict"] in ("valid", "check", "invalid") for c in CASES)
    # a comma inside an unquoted flow value would silently make a new key
    allowed = {"id", "law", "case", "who", "person", "services", "signed", "received", "with",
               "verdict", "codes"}
    assert [c["id"] for c in CASES if set(c) - allowed] == []


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_legal_case(case):
    values, attachments, received = legal_cases.build(case, DATA["received"])
    found = check_application(values, attachments, received)
    codes = {f.code for f in found}
    summary = [(f.severity, f.code) for f in found]
    assert legal_cases.verdict(found) == case["verdict"], f"{case['id']} {case['case']}: {summary}"
    for code in case.get("codes") or []:
        assert code in codes, f"{case['id']} {case['case']}: {code} not in {summary}"
    for f in found:  # every finding reads in both standards, no placeholder left
        for lang in ("nb", "nn"):
            text = render(f.code, lang, f.params, field=f.field)
            assert "?" not in text and "{" not in text, (f.code, lang, text)


def test_docs_table_is_up_to_date():
    assert legal_cases.DOC.read_text("utf-8") == legal_cases.markdown(), (
        "docs/legal-cases.md is stale: .venv/bin/python tests/legal_cases.py > docs/legal-cases.md")


JPEG = bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffd9")


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_legal_case_through_pdfs(case, tmp_path):
    """The same case as PDFs made by the project's fill and read back by validate_file:
    the same findings as from the values."""
    from ipforms.validation.validate import validate_file
    from ipforms.forms.fill import fill_pdf
    from ipforms.forms.pdfdraw import blank_pdf

    values, attachments, received = legal_cases.build(case, DATA["received"])
    app = tmp_path / "app.pdf"
    app.write_bytes(fill_pdf(blank_pdf("soknad", "nb"), values))
    paths = []
    for a in attachments:
        if a.kind == "fullmakt_form":
            p = tmp_path / a.name
            p.write_bytes(fill_pdf(blank_pdf("fullmakt", "nn"), a.values))
        else:  # a scan: a JPEG whose name says what it is
            p = tmp_path / (a.name.rsplit(".", 1)[0] + ".jpg")
            p.write_bytes(JPEG)
        paths.append(p)
    via_pdf = [f for f in validate_file(app, paths, received=received).findings
               if not f.code.startswith("signature.")]  # evidence of signing: test_signatures.py
    direct = check_application(values, attachments, received)
    key = sorted((f.code, f.severity, f.field) for f in direct)
    assert sorted((f.code, f.severity, f.field) for f in via_pdf) == key
