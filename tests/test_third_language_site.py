"""A municipality's third language on its site: published only when complete, with the
right lang and hreflang, and every missing text named by `ipforms check`.

The translations are an obviously fake pseudo-locale ("[se] ..."): no Sámi text is
written by ipforms or its tests."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from ipforms.site.build import build_sites

from sitetree import make, pseudo_translate


@pytest.fixture(scope="module")
def se_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("se")
    root = make(tmp)
    pseudo_translate(root, "testby")
    warnings: list[str] = []
    build_sites(root=root, out_dir=tmp / "site", warn=warnings.append)
    return root, tmp / "site" / "testby", warnings


def page(site: Path, rel: str) -> str:
    return (site / rel / "index.html").read_text(encoding="utf-8")


def test_complete_third_language_is_published_with_lang_and_hreflang(se_site):
    root, site, warnings = se_site
    assert not warnings
    se = page(site, "se/koordinator")
    assert re.search(r'<html lang="se"', se)
    assert "[se] Koordinerende enhet" in se and "[se] laws.fvl-1967 § 12" in se
    for rel in ("koordinator", "nn/koordinator", "se/koordinator"):
        out = page(site, rel)
        alts = dict((lang, href) for href, lang in re.findall(
            r'<link rel="alternate" href="([^"]*)" hreflang="([^"]+)">', out))
        assert set(alts) == {"nb", "nn", "se", "x-default"}, rel
        assert alts["se"].rstrip("/").endswith("se/koordinator") or alts["se"].endswith(
            "se/koordinator/"), alts
    # the language selector has the municipality's own name for its language
    assert "[se] language" in page(site, "koordinator")
    # the footer and the theme's words are the municipality's, never Norwegian or English
    assert "[se] words.phone" in se and "Telefon" not in se
    for english in ("Skip to content", ">Search<", "Previous", "Next", "Table of contents"):
        assert english not in se, english
    assert "[se] theme.action.skip" in se


def test_third_language_search_index_of_its_own(se_site):
    site = se_site[1]
    own = json.loads((site / "se" / "search" / "search_index.json").read_text("utf-8"))
    root_index = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    assert own["docs"] and all(d["location"].startswith(("", "koordinator", "individuell",
                                                         "barne")) for d in own["docs"])
    assert not any(d["location"].startswith("se/") for d in root_index["docs"])
    assert any("[se]" in d["title"] for d in own["docs"])


def test_incomplete_third_language_is_not_published_and_the_build_says_why(tmp_path):
    root = make(tmp_path)
    pseudo_translate(root, "testby", leave_out=("se/barnekoordinator.md", "words.email"))
    warnings: list[str] = []
    results = build_sites(root=root, out_dir=tmp_path / "site", warn=warnings.append)
    assert all(r.ok for r in results)
    site = tmp_path / "site" / "testby"
    assert not (site / "se").exists()  # no page of it, not even the complete ones
    assert 'hreflang="se"' not in page(site, "koordinator")
    (line,) = warnings
    assert "testby" in line and "se is not published" in line
    assert "se/barnekoordinator.md" in line and "words.email" in line
