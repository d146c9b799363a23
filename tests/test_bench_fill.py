"""bench/fill.py --corpus on three forms of the corpus, so that the side-by-side comparison
of ipforms, pypdf and PyPDFForm keeps running (no timings are checked here: the bench
measures those)."""

from __future__ import annotations

import importlib.util
import json

from ipforms.forms.acroform import open_pdf

from fill_corpus import REPO, collect, plan, sha256

FILES = (
    "pypi-pypdf/resources/FormTestFromOo.pdf",  # LibreOffice: text, checkbox, radio, list box
    "deb-gnumed-server/var/lib/gnumed/server/sql/v16-v17/data/"
    "DE_BMJ-Vorsorgevollmacht_Vorlage-11_2009.pdf",  # rotated widgets (/MK /R)
    "pypi-pikepdf/tests/resources/form_dd0293.pdf",  # encrypted (empty password), XFA
)


def _bench():
    spec = importlib.util.spec_from_file_location("bench_fill", REPO / "bench" / "fill.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_corpus_comparison_runs_and_ipforms_shows_every_value(tmp_path):
    bench = _bench()
    entries = [e for e in collect() if e.file in FILES]
    assert len(entries) == 3
    before = {e.file: sha256(e.path) for e in entries}
    tools = bench.corpus_tools()
    assert {"ipforms", "pypdf", "pypdf NeedAppearances", "PyPDFForm",
            "PyPDFForm own appearances"} <= set(tools)
    result = bench.compare(entries, tools, tmp_path)
    json.dumps(result)  # what --json writes

    plans = {e.file: plan(open_pdf(e.path, decrypt=True)[1]) for e in entries}
    fillable = sum(1 for p in plans.values() if p.values)
    nfields = sum(len(p.values) for p in plans.values())
    assert fillable == 3
    assert [f["file"] for f in result["forms"]] == [e.file for e in entries]
    for tool, n in result["tools"].items():
        assert (n["forms"], n["fillable"], n["fields"]) == (3, fillable, nfields), tool
        assert n["visible_both"] <= min(n["visible_poppler"], n["visible_mupdf"]) \
            <= n["filled"] <= fillable, tool
        assert n["fields_visible_both"] <= nfields and n["text_right"] <= n["text_values"]
        assert n["filled"] + n["errors"] == fillable and n["tracebacks"] <= n["errors"]
        for form in result["forms"]:
            r = form["tools"][tool]
            assert r["seconds"] >= 0
            for engine, names in r["visible"].items():
                assert set(names) <= set(form["values"]), (tool, engine)
            assert (r["error"] is None) or not any(r["visible"].values()), tool
    # the corpus test (test_fill_corpus.py) expects every value of every form to show in
    # both renderers when ipforms fills, and æøå as such
    ours = result["tools"]["ipforms"]
    assert ours["visible_both"] == fillable and ours["fields_visible_both"] == nfields
    assert ours["errors"] == 0
    assert ours["text_values"] > 0 and ours["text_right"] == ours["text_values"]
    # no tool touched its input
    assert before == {e.file: sha256(e.path) for e in entries}
