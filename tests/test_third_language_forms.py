"""The forms (PDF) in a municipality's third language (sameloven chapter 3): drawn only
from the municipality's own texts, keyed ``forms.<id>...``, ``/Lang`` the language code,
and every Sámi letter shown in the embedded font.

No Sámi text is written here: the translations are an obviously fake pseudo-locale
("[se] <key>"), with the Sámi letters á č đ ŋ š ŧ ž put in to see that they are drawn."""

from __future__ import annotations

import re
import subprocess

import pytest
from pypdf import PdfReader

from ipforms.core import signing
from ipforms.core.lang import MissingText, Translations, using
from ipforms.forms import pdfdraw
from ipforms.forms.fill import fill_form
from ipforms.forms.formdef import load_form
from ipforms.forms.formlang import in_language
from ipforms.site.thirdlang import form_keys

from pdfcheck import municipality

LETTERS = "áčđŋšŧž ÁČĐŊŠŦŽ"


def sami_municipality(**changes):
    from pdfcheck import MUNICIPALITY

    m = {**MUNICIPALITY, "languages": ["se"], **changes}
    m["name"] = {**m["name"], "se": "[se] Åsvik"}
    m["unit"] = {**m["unit"], "name": {**m["unit"]["name"], "se": f"[se] {LETTERS}"},
                 "opening_hours": {**m["unit"]["opening_hours"], "se": "[se] 9–15"}}
    m["complaint_body"] = {**m["complaint_body"], "se": "[se] Statsforvalteren"}
    return municipality(**{k: v for k, v in m.items() if k != "slug"})


def pseudo(keys) -> dict[str, str]:
    return {k: f"[se] {LETTERS} {k}" for k in keys}


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    """A pseudo-translation of every key the forms ask for, found as the build finds them."""
    return pseudo(form_keys(sami_municipality(), "se", {}))


def test_every_form_text_has_a_key_and_none_is_norwegian():
    rec = Translations("se", {}, record=True)
    with using(rec):
        form = in_language(load_form("soknad"), "se")
        html = pdfdraw.render_html(form, "se")
    keys = rec.missing
    assert {"forms.soknad.title", "forms.soknad.intro", "forms.frame.page",
            "forms.frame.signature", "forms.soknad.sections.services.title",
            "forms.soknad.fields.person_fnr.label", "forms.soknad.fields.applicant_role.options.self",
            } <= keys
    # a field required in some cases: its condition is a text of its own
    assert any(k.endswith(".when") for k in keys)
    # the application's "who applies" is the signing table's, as on the pages
    assert {f"signing.{p}.form" for p in signing.phrase_ids("soknad")} <= keys
    assert not any(k.startswith("forms.soknad.sections.applicant.text") for k in keys)
    assert '<html lang="se">' in html
    # nothing of the nb or nn form is left in it
    for nb in ("Søknad om individuell plan", "Fødselsnummer", "Underskrift", "Side "):
        assert nb not in html, nb


def test_a_missing_form_text_is_an_error_naming_its_key(texts):
    partial = {k: v for k, v in texts.items() if k != "forms.fullmakt.title"}
    with using(Translations("se", partial)):
        with pytest.raises(MissingText) as exc:
            pdfdraw.render_html(load_form("fullmakt"), "se")
    assert exc.value.key == "forms.fullmakt.title"
    with pytest.raises(MissingText):  # no translations in use at all
        in_language(load_form("soknad"), "se")


def test_form_keys_lists_what_the_municipality_block_needs_too():
    keys = form_keys(sami_municipality(), "se", {})
    assert "channels.post" in keys and "forms.fullmakt.title" in keys
    assert "channels.digital" not in keys  # the municipality has no digital channel


def test_the_drawn_form_is_in_the_language_with_its_letters_in_the_embedded_font(
        texts, tmp_path):
    m = sami_municipality()
    with using(Translations("se", texts)):
        blank = pdfdraw.blank_pdf("soknad", "se", tmp_path)
        filled = fill_form("soknad", "se", {"person_name": f"Ánne {LETTERS}"}, municipality=m,
                           services=["koordinator"], template=blank)
    reader = PdfReader(tmp_path / next(p.name for p in tmp_path.glob("soknad-se-*.pdf")))
    assert reader.trailer["/Root"]["/Lang"] == "se"
    assert reader.metadata.title == texts["forms.soknad.title"]
    tips = {f: str(v.get("/TU")) for f, v in reader.get_fields().items()}
    assert tips["person_fnr"] == (f'{texts["forms.soknad.fields.person_fnr.label"]}. '
                                  f'{texts["forms.soknad.fields.person_fnr.when"]}')
    pdf = tmp_path / "filled.pdf"
    pdf.write_bytes(filled)
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    assert LETTERS in out  # the form's own texts
    assert "forms.soknad.fields.person_fnr.label" in out
    assert f"[se] {LETTERS}" in out  # the unit (municipality block, filled)
    assert "channels.post" in out and "Søknad" not in out
    # every font is embedded, all Liberation Sans: no fallback face for a missing letter
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    assert fonts and all(re.search(r"Liberation", line) and " yes " in line for line in fonts), \
        fonts
    # and Poppler draws the page (its glyphs come from the embedded fonts)
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(pdf),
                    str(tmp_path / "page")], check=True, capture_output=True)
    assert list(tmp_path.glob("page*.png"))


def test_a_changed_translation_draws_the_form_anew(texts):
    # a translated text cites a law as the nb and nn texts do; the law's name is a key
    texts = dict(texts, **{"forms.fullmakt.intro": "[se] ({law:fvl:12})",
                           "laws.fvl-1967": "[se] fvl"})
    with using(Translations("se", texts)):
        before = pdfdraw.cache_key("fullmakt", "se")
        assert "([se] fvl § 12)" in pdfdraw.render_html(load_form("fullmakt"), "se")
    changed = dict(texts, **{"laws.fvl-1967": "[se] other"})
    with using(Translations("se", changed)):
        after = pdfdraw.cache_key("fullmakt", "se")
    assert before != after  # a law name the form cites is part of the drawing
    with using(Translations("se", texts)):
        assert pdfdraw.cache_key("fullmakt", "se") == before
        assert pdfdraw.cache_key("fullmakt", "nb") != before


def test_the_privacy_line_in_the_language_draws_its_letters(texts, tmp_path):
    m = sami_municipality(base_url="https://asvik.example/ip/", privacy={
        "dpo_email": "personvernombud@asvik.kommune.no",
        "retention": {"nb": "Etter arkivloven.", "nn": "Etter arkivlova.", "se": "[se] arkiv"}})
    texts = dict(texts, **{"words.privacy": f"[se] {LETTERS}"})
    with using(Translations("se", texts)):
        pdf = fill_form("fullmakt", "se", municipality=m,
                        template=pdfdraw.blank_pdf("fullmakt", "se", tmp_path))
    path = tmp_path / "f.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                         check=True).stdout
    assert f"[se] {LETTERS}: https://asvik.example/ip/se/personvern/" in out
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    assert all("Liberation" in line and " yes " in line for line in fonts), fonts


def _fill(*args):
    from click.testing import CliRunner

    from ipforms.cli import main

    return CliRunner().invoke(main, ["fill", *map(str, args)])


def test_fill_in_the_language_takes_every_text_from_the_file_or_names_the_gaps(texts, tmp_path):
    import yaml

    from ipforms.forms.formlang import needed_keys

    own = pseudo(needed_keys("fullmakt", "se", {}, attachments=True))
    file = tmp_path / "asvik.se.yml"
    file.write_text(yaml.safe_dump(own, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "f.pdf"
    r = _fill("fullmakt", "--lang", "se", "--translations", file, "--set",
              f"giver_name=Ánne {LETTERS}", "-o", out)
    assert r.exit_code == 0, r.output
    reader = PdfReader(out)
    assert reader.trailer["/Root"]["/Lang"] == "se"
    assert reader.metadata.title == own["forms.fullmakt.title"]
    # a key left out: an error in nb and nn naming it, and nothing written
    del own["forms.fullmakt.title"]
    file.write_text(yaml.safe_dump(own, allow_unicode=True), encoding="utf-8")
    r = _fill("fullmakt", "--lang", "se", "--translations", file, "-o", tmp_path / "g.pdf")
    assert r.exit_code != 0 and not (tmp_path / "g.pdf").exists()
    assert "skjemaet kan ikke fylles ut på se" in r.output
    assert "skjemaet kan ikkje fyllast ut på se" in r.output
    assert "1 tekst mangler: forms.fullmakt.title" in r.output
    assert "Traceback" not in r.output
    # no file: ipforms has no texts of its own in the language
    r = _fill("fullmakt", "--lang", "se", "-o", tmp_path / "h.pdf")
    assert r.exit_code == 2 and "--translations" in r.output
    r = _fill("fullmakt", "--lang", "nb", "--translations", file, "-o", tmp_path / "h.pdf")
    assert r.exit_code == 2


def test_attachment_words_in_the_language_are_the_file_s_never_norwegian():
    from ipforms.forms.attach import describe
    from ipforms.forms.printpages import words

    own = {"forms.print.heading": "[se] {n} {name}", "forms.print.list": "[se] {items}",
           "forms.print.page_of": "[se] {i}/{count}", "forms.attachments.verge": "[se] verge"}
    with using(Translations("se", own)):
        assert words("se")["heading"] == "[se] {n} {name}"
        assert describe("vergefullmakt.pdf", "se") == "[se] verge"
        with pytest.raises(MissingText):
            describe("fullmakt.pdf", "se")
    assert words("nb")["heading"].startswith("Vedlegg")
