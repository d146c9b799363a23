"""A municipality's third language on its site: published only when complete, with the
right lang and hreflang, and every missing text named by `ipforms check`.

The translations are an obviously fake pseudo-locale ("[se] ..."): no Sámi text is
written by ipforms or its tests."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from ipforms.site.build import build_sites

from sitetree import make, pseudo_translate
from webformpage import page_data


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


def test_third_language_pages_link_their_own_forms_and_online_form(se_site):
    """Every form text translated: the language's own PDFs (``/Lang`` its code) are made
    and linked, and beside each its own online form."""
    site = se_site[1]
    se = page(site, "se/koordinator")
    (href,) = re.findall(r'<a href="([^"]+)" type="application/pdf" hreflang="se"', se)
    assert href.endswith("soknad-koordinator-se.pdf")
    pdf = (site / "se" / "koordinator" / href).resolve()
    assert b"/Lang (se)" in pdf.read_bytes() or b"/Lang(se)" in pdf.read_bytes()
    (online,) = re.findall(r'<a href="([^"]+)" class="ipforms-webform-link">'
                           r'\[se\] webform.link<', se)
    assert online.endswith("soknad-koordinator-se.html")
    assert (site / "se" / "koordinator" / online).resolve().is_file()
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


# -- the online form in the third language ------------------------------------------------

WEBFORM = Path(__file__).resolve().parents[1] / "src" / "ipforms" / "site" / "webform"


def _blob(html_text: str, folder: Path) -> dict:
    (_,) = re.findall(r'<script id="ipf-data" type="application/json">(.*?)</script>',
                      html_text, re.S)
    return page_data(html_text, folder)


def _shown(data: dict) -> list[str]:
    """Every text of a page's data that the page or its PDF shows to the citizen."""
    out: list[str] = []
    for form in data["forms"].values():
        out += [form["title"], form["intro"]]
        for s in form["sections"]:
            out += [s["title"], s["text"]]
            for f in s["fields"]:
                out += [f["label"], f["help"], f["ref"]] + [o["label"] for o in f["options"]]
    out += list(data["messages"].values()) + list(data["texts"].values())
    out += [t for p in data["signing"]["phrases"].values() for t in (p["title"], p["text"])]
    out += list(data["attach"]["desc"].values()) + data["contact"]["channels"]
    # (prefill: the municipality block's values, addresses and e-mail: not texts)
    return [t for t in out if t]


def _norwegian() -> tuple[set[str], set[str]]:
    """ipforms' own texts in nb and nn (the online form's, the messages, the forms, the
    signing table, the attachment words): whole texts, and their parts between
    placeholders of three words or more."""
    from ipforms.validation import messages
    from ipforms.core import signing
    from ipforms.forms.attach import DESCRIPTIONS
    from ipforms.forms.formdef import load_form
    from ipforms.forms.printpages import WORDS
    from ipforms.site.webtexts import texts

    whole: set[str] = set()
    for lang in ("nb", "nn"):
        whole |= {t[lang] for t in texts().values()} | {t[lang] for t in
                                                         messages.catalogue().values()}
        whole |= {d[lang] for d in DESCRIPTIONS.values()} | set(WORDS[lang].values())
        for p in signing.table().phrases.values():
            whole |= {p[part][lang] for part in ("title", "page", "form")}
        for form_id in ("soknad", "fullmakt"):
            form = load_form(form_id)
            whole.add(form.title(lang))
            for s in form.sections:
                whole.add(s.title(lang))
                for f in s.fields:
                    whole.add(f.label(lang))
                    whole |= {o.label(lang) for o in f.options}
    parts = {p.strip() for t in whole for p in re.split(r"\{[^{}]*\}|\[\[[^\]]*\]\]", t)
             if len(p.split()) >= 3}
    return whole, parts


def test_complete_translation_publishes_the_online_form_in_the_language(se_site):
    site = se_site[1]
    path = site / "skjema" / "soknad-koordinator-se.html"
    text = path.read_text("utf-8")
    assert re.search(r'<html lang="se">', text)
    data = _blob(text, path.parent)
    assert data["lang"] == "se"
    shown = _shown(data)
    assert len(shown) > 300
    # every text is the municipality's own (the pseudo-locale marks each one)
    assert [t for t in shown if "[se]" not in t] == []
    assert "[se] webform.submit" in data["texts"].values()
    assert data["messages"]["field.required"] == "[se] messages.field.required"
    # and nothing Norwegian is left of ipforms' own texts, in the data or on the page
    whole, parts = _norwegian()
    assert not [t for t in shown if t in whole]
    assert not [(p, t) for t in shown for p in parts if p in t]
    page_text = re.sub(r"<script.*?</script>|<span lang=\"n[bn]\">[^<]*</span>", "", text,
                       flags=re.S)
    visible = re.sub(r"<[^>]+>", "\n", page_text)
    assert not [p for p in parts if p in visible]
    for word in ("Tilbake til", "Koordinator<", "Gå til skjemaet", "Feil:", "Nynorsk"):
        assert word not in page_text, word
    assert "[se] webform.back" in visible and "[se] webform.paper_title" in visible
    # month and country names are CLDR's (Babel), not made up: se has them
    from babel import Locale

    se = Locale.parse("se")
    assert data["months"][0] == se.months["format"]["wide"][1]
    assert data["countries"][0] == se.territories["NO"]
    # the language switch: the written standard's page, named in its own language
    (alt,) = re.findall(r'<a href="([^"]+)" hreflang="nb" id="ipf-lang"><span lang="nb">'
                        r"Bokmål</span></a>", text)
    assert alt == "soknad-koordinator-nb.html"
    # and the written standard's page offers the third language, named as it names itself
    nb = (site / "skjema" / "soknad-koordinator-nb.html").read_text("utf-8")
    assert re.search(r'<a href="soknad-koordinator-se.html" hreflang="se"><span lang="se">'
                     r"\[se\] language_name</span></a>", nb)
    assert 'hreflang="se"' not in (site / "skjema" / "soknad-koordinator-nn.html"
                                   ).read_text("utf-8")


def test_the_online_form_s_pdf_in_the_language_has_its_lang_and_texts(se_site, tmp_path):
    """The PDF the page makes (webform.js in Node, as in the browser) is the language's
    published form with the answers: /Lang se, and its last page in the language."""
    site = se_site[1]
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"person_name": "Ánne Testperson", "applicant_role": "self",
                                   "service_koordinator": True}), encoding="utf-8")
    out = tmp_path / "out.pdf"
    subprocess.run([shutil.which("node") or "node", str(Path(__file__).parent / "js" /
                                                        "makepdf.js"), str(WEBFORM),
                    str(site / "skjema" / "soknad-koordinator-se.html"), str(answers),
                    str(out)], check=True, capture_output=True, text=True, timeout=120)
    reader = PdfReader(out)
    assert reader.trailer["/Root"]["/Lang"] == "se"
    assert reader.get_fields()["person_name"].get("/V") == "Ánne Testperson"
    last = reader.pages[-1].extract_text()
    assert "[se] webform.last_page_title" in last and "[se] webform.next_print" in last
    assert "Dette gjør du nå" not in last and "Skriv ut" not in last
    first = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(out), "-"],
                           capture_output=True, text=True, check=True).stdout
    assert "[se] forms.soknad.title" in first and "Søknad" not in first


def test_online_form_without_every_text_is_not_published_and_check_lists_them(tmp_path):
    from ipforms.site.check import check_project

    root = make(tmp_path)
    pseudo_translate(root, "testby", leave_out=("webform.submit", "messages.field.required",
                                                "signing.self.page"))
    data = root / "data" / "municipalities" / "testby.se.yml"
    texts = yaml.safe_load(data.read_text("utf-8"))
    texts["webform.back"] = "[se] {pagee}"  # a placeholder the nb text does not have
    data.write_text(yaml.safe_dump(texts, allow_unicode=True), encoding="utf-8")
    warnings: list[str] = []
    results = build_sites(root=root, out_dir=tmp_path / "site", warn=warnings.append)
    assert all(r.ok for r in results)
    site = tmp_path / "site" / "testby"
    assert (site / "skjema" / "soknad-koordinator-se.pdf").is_file()  # the forms: complete
    assert not list((site / "skjema").glob("*-se.html"))
    assert 'hreflang="se"' not in (site / "skjema" / "soknad-koordinator-nb.html"
                                   ).read_text("utf-8")
    se = page(site, "se/koordinator")  # links the written standard's online form
    (online,) = re.findall(r'<a href="([^"]+)" hreflang="nb" class="ipforms-webform-link">', se)
    assert online.endswith("soknad-koordinator-nb.html")
    (line,) = warnings
    assert "the online form in se is not published" in line
    assert "missing or wrong 4 text(s) of testby.se.yml" in line and "webform.submit" in line
    report = check_project(root, suggest=False)
    assert {(f.file, f.message) for f in report.findings if f.kind == "language"} == {
        ("data/municipalities/testby.se.yml", "webform.submit: no se text"),
        ("data/municipalities/testby.se.yml", "messages.field.required: no se text"),
        ("data/municipalities/testby.se.yml", "signing.self.page: no se text"),
        ("data/municipalities/testby.se.yml",
         "webform.back: unknown placeholder {pagee} (the text has {page})")}
    assert "webform.back: ukjent plassholder {pagee} (teksten på nb har {page})" \
        in report.text("nb")
