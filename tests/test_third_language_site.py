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


def test_check_names_every_missing_page_and_key_in_nb_and_nn(tmp_path):
    from ipforms.site.check import check_project

    root = make(tmp_path)
    pseudo_translate(root, "testby", leave_out=("se/koordinator.md", "words.email"))
    data = root / "data" / "municipalities" / "testby.yml"
    raw = yaml.safe_load(data.read_text("utf-8"))
    del raw["unit"]["name"]["se"]
    data.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    report = check_project(root, suggest=False)
    found = {(f.file, f.message) for f in report.findings if f.kind == "language"}
    assert found == {
        ("content/se/koordinator.md", "there is no se/koordinator.md: every page exists in se too"),
        ("data/municipalities/testby.yml", "unit.name: no se text"),
        ("data/municipalities/testby.se.yml", "words.email: no se text")}
    assert report.exit_code != 0
    nb, nn = report.text("nb"), report.text("nn")
    assert "se/koordinator.md finnes ikke: alle sidene skal finnes på se også" in nb
    assert "words.email: manglar tekst på se" in nn
    assert "unit.name: mangler tekst på se" in nb and "skriv se: ved sida av nb og nn" in nn
    # once complete, the language has nothing to report
    pseudo_translate(root, "testby")
    assert not [f for f in check_project(root, suggest=False).findings if f.kind == "language"]


def test_third_language_pages_link_their_own_forms_and_the_online_form_in_nb(se_site):
    """Every form text translated: the language's own PDFs (``/Lang`` its code) are made
    and linked; the online form has no texts of its own yet, so the link beside goes
    to the written standard's, marked with that hreflang (never a dead link)."""
    site = se_site[1]
    se = page(site, "se/koordinator")
    (href,) = re.findall(r'<a href="([^"]+)" type="application/pdf" hreflang="se"', se)
    assert href.endswith("soknad-koordinator-se.pdf")
    pdf = (site / "se" / "koordinator" / href).resolve()
    assert b"/Lang (se)" in pdf.read_bytes() or b"/Lang(se)" in pdf.read_bytes()
    online = re.findall(r'<a href="([^"]+)" hreflang="nb" class="ipforms-webform-link">'
                        r'\[se\] webform.link<', se)
    assert online and "-nb" in online[0]
    assert (site / "se" / "koordinator" / online[0]).resolve().is_file()
    assert (site / "skjema" / "fullmakt-se.pdf").is_file()
    # nb and nn pages keep their own
    assert "soknad-koordinator-nb.pdf" in page(site, "koordinator")


def test_pages_without_every_form_text_link_the_written_standards_forms(tmp_path):
    from ipforms.site.check import check_project

    root = make(tmp_path)
    pseudo_translate(root, "testby", leave_out=("forms.fullmakt.title",))
    warnings: list[str] = []
    build_sites(root=root, out_dir=tmp_path / "site", warn=warnings.append)
    site = tmp_path / "site" / "testby"
    se = page(site, "se/koordinator")  # the pages are complete: published
    (href,) = re.findall(r'<a href="([^"]+)" type="application/pdf" hreflang="nb"', se)
    assert (site / "se" / "koordinator" / href).resolve().is_file()
    assert not list((site / "skjema").glob("*-se.pdf"))
    (line,) = warnings
    assert "the forms in se are not made" in line and "forms.fullmakt.title" in line
    report = check_project(root, suggest=False)
    assert {(f.file, f.message) for f in report.findings if f.kind == "language"} == {
        ("data/municipalities/testby.se.yml", "forms.fullmakt.title: no se text")}
