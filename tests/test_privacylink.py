"""Issue 25: the PDFs give the municipality's privacy page (GDPR art. 13) as an address,
not only in words: a visible line «Personvern: https://…» (text a reader and pdftotext
read) and a link annotation (/URI) over the address, tagged as a /Link structure element
(PDF/UA), in the application and the fullmakt, nb and nn, on every demo municipality."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from ipforms.core.municipality import load_municipality
from ipforms.forms.fill import fill_form, with_privacy_link
from ipforms.forms.privacylink import PRIVACY_PAGE, privacy_url
from ipforms.site.pages import PRIVACY_PAGE as SITE_PRIVACY_PAGE

from pdfcheck import blank, municipality, struct_nodes

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data" / "municipalities"
SLUGS = sorted(p.stem for p in DATA.glob("*.yml"))
FORMS = ("soknad", "soknad-koordinator", "fullmakt")


def _text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "form.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


def _links(pdf: bytes) -> list[tuple[int, str, list[float]]]:
    """(page number, URI, rectangle) of every link annotation with a /URI action."""
    reader = PdfReader(io.BytesIO(pdf))
    out = []
    for number, page in enumerate(reader.pages, 1):
        for ref in page.get("/Annots") or []:
            a = ref.get_object()
            if a.get("/Subtype") == "/Link" and a.get("/A", {}).get("/S") == "/URI":
                out.append((number, str(a["/A"]["/URI"]), [float(v) for v in a["/Rect"]]))
    return out


def test_the_privacy_page_folder_is_the_sites():
    assert PRIVACY_PAGE == SITE_PRIVACY_PAGE


@pytest.mark.parametrize("slug", SLUGS)
@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_every_published_pdf_has_the_privacy_address_as_text_and_link(demo_site, slug, lang,
                                                                      tmp_path):
    m = load_municipality(DATA / f"{slug}.yml")
    url = privacy_url(m, lang)
    assert url and url.startswith(str(m.base_url))
    # the address is the published privacy page of this standard
    page = demo_site / slug / url[len(str(m.base_url)):] / "index.html"
    assert page.is_file(), page
    assert "<h1" in page.read_text("utf-8")
    for form in FORMS:
        pdf = (demo_site / slug / "skjema" / f"{form}-{lang}.pdf").read_bytes()
        text = " ".join(_text(pdf, tmp_path).split())
        assert f"Personvern: {url}" in text, (slug, lang, form)
        links = _links(pdf)
        assert [u for _, u, _ in links] == [url], (slug, lang, form, links)
        reader = PdfReader(io.BytesIO(pdf))
        number, _, rect = links[0]
        assert number == len(reader.pages)  # at the end of the form
        # the link lies over the address (pdftotext -bbox: the words' boxes)
        assert rect[2] - rect[0] > 100 and 5 < rect[3] - rect[1] < 20
        link_elems = [n for n in struct_nodes(reader) if n.get("/S") == "/Link"]
        objrs = [k.get_object() for n in link_elems for k in n["/K"]
                 if hasattr(k, "get_object") and isinstance(k.get_object(), dict)]
        assert any(o.get("/Type") == "/OBJR" for o in objrs), (slug, lang, form)


def test_the_line_is_drawn_once_and_stays_through_filling_and_flattening(form_cache, tmp_path):
    m = municipality(base_url="https://asvik.example/ip/",
                     privacy={"dpo_email": "personvernombud@asvik.kommune.no",
                              "retention": {"nb": "Etter arkivloven.", "nn": "Etter arkivlova."}})
    template = blank(form_cache, "soknad", "nn")
    once = fill_form("soknad", "nn", municipality=m, template=template)
    assert with_privacy_link(once, m, "nn") == once  # a form gets the line once
    # the site's PDF filled in (as ipforms fill and the online form do)
    again = fill_form("soknad", "nn", {"person_name": "Åse Test"}, template=once)
    flat = fill_form("soknad", "nn", {"person_name": "Åse Test"}, municipality=m,
                     template=template, flatten=True)
    url = "https://asvik.example/ip/nn/personvern/"
    for pdf in (once, again, flat):
        assert " ".join(_text(pdf, tmp_path).split()).count(f"Personvern: {url}") == 1
        assert [u for _, u, _ in _links(pdf)] == [url]


@pytest.mark.parametrize("changes", [{}, {"base_url": "https://asvik.example/"}])
def test_no_address_without_a_privacy_page_or_a_site_address(form_cache, tmp_path, changes):
    """No privacy data (no page is published) or no base_url (no address to give): the form
    says it in words only, as before."""
    m = municipality(**changes)
    pdf = fill_form("fullmakt", "nb", municipality=m, template=blank(form_cache, "fullmakt", "nb"))
    assert "Personvern: http" not in _text(pdf, tmp_path)
    assert _links(pdf) == []


def test_a_form_filled_without_a_municipality_has_no_line(form_cache, tmp_path):
    pdf = fill_form("fullmakt", "nn", template=blank(form_cache, "fullmakt", "nn"))
    assert "Personvern: http" not in _text(pdf, tmp_path)
    assert _links(pdf) == []


def _reader_state(reader) -> tuple:
    """What a reader read of a PDF's cross-reference (its trailer's references by number)."""
    return (reader.xref, reader.xref_free_entry, reader.xref_objStm, reader._startxref,
            {k: (v.idnum, v.generation) if hasattr(v, "idnum") else v
             for k, v in reader.trailer.items()})


@pytest.mark.parametrize("form_id", ["soknad", "fullmakt"])
def test_a_moved_cross_reference_is_the_one_pypdf_reads(form_cache, form_id, monkeypatch):
    """A form with the line for another address than the first's is opened with the
    first's cross-reference as read, moved to where this update put its objects
    (privacylink._remember_xref): exactly what pypdf reads from the bytes, for addresses
    short, long, with parentheses, backslashes and escapes."""
    from ipforms.forms import privacylink, pypdf_internals
    from ipforms.forms.acroform import open_pdf
    from ipforms.forms.digest import digest
    from ipforms.forms.filler import template_key
    from ipforms.forms.privacylink import add_privacy_link

    monkeypatch.setattr(privacylink, "_SLOTS", {})  # this test's first address is the first
    monkeypatch.setattr(privacylink, "_DONE", {})
    template = blank(form_cache, form_id, "nb")
    urls = ["https://a.no/", "https://www.k1.kommune.no/individuell-plan/personvern/",
            "https://x.no/" + "a" * 400 + "/", "https://x.no/(a)\\b)/", "https://x.no/%C3%A1%C5%8B/",
            "http://b.no/nn/personvern/?a=1&b=(2)#x"]
    for i, url in enumerate(urls):
        pdf = add_privacy_link(template, url, "nb")
        moved = pypdf_internals.xref_state(digest(pdf)) is not None
        assert moved == (i > 0), i  # the first is read, the others are moved from it
        _, reader = open_pdf(pdf, key=template_key)
        assert _reader_state(reader) == _reader_state(PdfReader(io.BytesIO(pdf), strict=False)), i
