"""Parity in the page: the online form's checks, as the built page runs them
(``window.ipformsWebform.checkAll``), and ``ipforms validate``'s rules give the same findings
on the answer sets of tests/parity_sets.py (codes, severities, fields, sentences, nb and nn).
tests/test_webform_parity_node.py runs the same sets through the rules in Node without a
browser; this test keeps the page honest (the modules joined, the data the page carries).
"""

from __future__ import annotations

import pytest

import parity_sets
from parity_sets import (RECEIVED, SLUG, answer_sets, fullmakt_page_sets, fullmakt_python_findings,
                         python_findings)


def _open(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("#ipf-app[data-state=ready]", state="attached", timeout=45_000)


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_browser_checks_match_validate(lang, site_urls, page):
    sets = answer_sets()
    _open(page, site_urls[SLUG] + f"skjema/soknad-{lang}.html")
    got = page.evaluate("""([sets, day]) => sets.map(s =>
        window.ipformsWebform.checkAll('soknad', s.raw, s.received || day, s.atts || [])
          .map(f => [f.code, f.severity, f.field, f.text]))""",
                        [[dict(s, received=s["received"].isoformat()) if "received" in s else s
                          for s in sets], RECEIVED.isoformat()])
    codes: dict[str, int] = {}
    mismatches = []
    for s, js in zip(sets, got, strict=True):
        py = python_findings(s, lang)
        if [tuple(x) for x in js] != py:
            mismatches.append(f"answers {s}\n  browser: {js}\n  python:  {py}")
        for c, *_ in py:
            codes[c] = codes.get(c, 0) + 1
    assert not mismatches, f"{len(mismatches)} of {len(sets)} differ:\n" + "\n".join(mismatches[:3])
    assert len(sets) >= 300
    # the sets exercise every kind of check the brief names, each more than once or twice
    assert not parity_sets.coverage_gaps(codes), parity_sets.coverage_gaps(codes)


def test_fullmakt_checks_match_python_rules(site_urls, page):
    """The fullmakt page on its own: its fields' checks."""
    sets = fullmakt_page_sets()
    _open(page, site_urls[SLUG] + "skjema/fullmakt-nb.html")
    got = page.evaluate("""([sets, day]) => sets.map(s =>
        window.ipformsWebform.checkAll('fullmakt', s, day).filter(f => f.code.startsWith('field.'))
          .map(f => [f.code, f.field, f.text]))""", [sets, RECEIVED.isoformat()])
    for raw, js in zip(sets, got, strict=True):
        assert [tuple(x) for x in js] == fullmakt_python_findings(raw, "nb"), f"answers {raw}"


def test_text_wraps_as_python_wraps_it_in_linear_time(site_urls, page):
    """Issue 19: the wrap loop measured every prefix of a long word again (a 1,500-character
    word took seconds at 4x CPU throttling); now each character is measured once, and the
    lines are still those of ``ipforms.forms.appearance.wrap`` (bench/webform.py times it)."""
    from ipforms.forms.appearance import wrap

    _open(page, site_urls[SLUG] + "skjema/soknad-nb.html")
    samples = [("x" * 1500, 300.0, 10.0), ("Åse Ødegård " * 40, 180.0, 9.5),
               ("ord " * 300 + "y" * 700 + " slutt\nny linje", 120.0, 6.0),
               ("Áigi ŋ čđŧšž " * 20, 90.0, 12.0), ("", 50.0, 10.0), ("a b", 1.0, 10.0)]
    for text, width, size in samples:
        got = page.evaluate("a => window.ipformsWebform.wrap(a[0], a[1], a[2])",
                            [text, width, size])
        assert got == wrap(text, width, size), (text[:40], width, size)
