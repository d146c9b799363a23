"""Accessibility: axe-core (WCAG 2.0/2.1, levels A and AA) finds nothing on any page,
at desktop (1280 px) and phone (390 px) width,
of any demo municipality, in nb and nn, nor on the 404 page.

axe-core's script is the copy shipped inside the axe-playwright-python package
(no node needed)."""

from __future__ import annotations

from pathlib import Path

import axe_playwright_python
import pytest

from ipforms.site.localserve import site_pages
from ipforms.core.municipality import find_data_files, load_municipality
from ipforms.dev.screenshots import WIDTHS

REPO = Path(__file__).resolve().parents[2]
DATA = sorted(find_data_files(REPO / "data" / "municipalities"))
SLUGS = [p.stem for p in DATA]
AXE_JS = Path(axe_playwright_python.__file__).with_name("axe.min.js")
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
#: axe-core 4.12 runs 62 rules with these tags (its experimental ones stay off); a much
#: lower count would mean the audit was misconfigured and proves little.
MIN_RULES = 55


def axe_violations(page) -> list[dict]:
    page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
                           " resultTypes: ['violations']})", TAGS)
    ran = {r["id"] for key in ("passes", "violations", "incomplete", "inapplicable")
           for r in result[key]}
    assert len(ran) >= MIN_RULES, f"{page.url}: axe ran only {len(ran)} rules"
    return result["violations"]


def describe(where: str, violations: list[dict]) -> list[str]:
    lines = []
    for v in violations:
        targets = "; ".join(" ".join(map(str, n["target"])) for n in v["nodes"][:5])
        more = f" (+{len(v['nodes']) - 5} more)" if len(v["nodes"]) > 5 else ""
        lines.append(f"{where}: {v['id']} ({v['impact']}): {v['help']}: {targets}{more}")
    return lines


def test_axe_script_is_shipped():
    assert AXE_JS.is_file() and AXE_JS.read_text(encoding="utf-8", errors="replace") \
        .startswith("/*! axe v4"), f"{AXE_JS}: axe-core script missing"


def test_every_demo_site_was_built(demo_slugs):
    assert sorted(demo_slugs) == SLUGS


@pytest.mark.parametrize("data_file", DATA, ids=SLUGS)
def test_pages_found_match_data(data_file, demo_site):
    """The pages discovered from the built files are the front page and the services offered."""
    m = load_municipality(data_file)
    found = {(p.lang, p.name) for p in site_pages(demo_site, m.slug)}
    expected = {(lang, name) for lang in ("nb", "nn") for name in ("index", *m.services)}
    assert found == expected


@pytest.mark.parametrize("width", ["desktop", "phone"])
@pytest.mark.parametrize("slug", SLUGS)
def test_axe_finds_no_violations(slug, width, demo_site, site_urls, page, record_property):
    w, h = WIDTHS[width]
    page.set_viewport_size({"width": w, "height": h})
    base = site_urls[slug]
    pages = site_pages(demo_site, slug)
    problems, audited = [], 0
    for p in pages:
        resp = page.goto(base + p.path)
        assert resp is not None and resp.status == 200, f"{slug}/{p.path}: not served"
        problems += describe(f"{slug}/{p.path or '(front page)'} at {w} px", axe_violations(page))
        audited += 1
    resp = page.goto(base + "finnes-ikke/")  # the site's own 404 page, as a host serves it
    assert resp is not None and resp.status == 404
    problems += describe(f"{slug}/404.html at {w} px", axe_violations(page))
    audited += 1
    record_property("pages_audited", audited)
    assert audited == len(pages) + 1 and len(pages) >= 4
    assert not problems, f"axe ({', '.join(TAGS)}) found {len(problems)} violation(s):\n" + \
        "\n".join(problems)
