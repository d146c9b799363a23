"""PDF/UA of our forms, blank, prefilled (the municipality block, as the site publishes
them) and filled: every font any field appearance uses is embedded (ISO 14289-1 7.21.4.1),
and filling keeps the structure tree, /Lang, a /TU on every field and the tab order."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject, StreamObject

from ipforms.forms.acroform import fields
from ipforms.forms.fill import fill_form

from pdfcheck import blank, municipality, struct_nodes

ANSWERS = {
    "person_name": "Áile Ŋuolja Ødegård",  # Sámi letters: the non-WinAnsi font as well
    "person_postplace": "Øyer",
    "applicant_role": "parent",
    # and Chinese: Droid Sans Fallback (fonts-droid-fallback), a third embedded font
    "need_description": "Hjelp til å samordne tjenestene, særlig på kveldstid. Tolk: 中文.",
    "consent_obtain": "ja",
}
STAGES = ("blank", "prefilled", "filled")


def _pdf(form_cache: Path, stage: str, lang: str) -> bytes:
    template = blank(form_cache, "soknad", lang)
    if stage == "blank":
        return template
    values = ANSWERS if stage == "filled" else {}
    return fill_form("soknad", lang, values, municipality=municipality(),
                     services=["koordinator"], template=template)


def _fonts_in(stream, seen: set[int]):
    """Every font dictionary a form XObject uses, nested form XObjects included."""
    if stream is None:
        return
    ref = getattr(stream, "indirect_reference", None)
    if ref is not None:
        if ref.idnum in seen:
            return
        seen.add(ref.idnum)
    res = stream.get("/Resources")
    res = res.get_object() if res is not None else None
    if not isinstance(res, DictionaryObject):
        return
    for font in (res.get("/Font") or DictionaryObject()).get_object().values():
        yield font.get_object()
    for xobj in (res.get("/XObject") or DictionaryObject()).get_object().values():
        yield from _fonts_in(xobj.get_object(), seen)


def _appearance_streams(widget: DictionaryObject):
    ap = widget.get("/AP")
    if ap is None:
        return
    for key in ("/N", "/D", "/R"):
        entry = ap.get_object().get(key)
        entry = entry.get_object() if entry is not None else None
        if isinstance(entry, StreamObject):
            yield entry
        elif isinstance(entry, DictionaryObject):
            for state in entry.values():
                state = state.get_object()
                if isinstance(state, StreamObject):
                    yield state


def _embedded(font: DictionaryObject) -> bool:
    if font.get("/Subtype") == "/Type3":
        return True  # glyphs are content streams
    if font.get("/Subtype") == "/Type0":
        font = font["/DescendantFonts"][0].get_object()
    desc = font.get("/FontDescriptor")
    desc = desc.get_object() if desc is not None else {}
    return any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))


@pytest.mark.parametrize("lang", ["nb", "nn"])
@pytest.mark.parametrize("stage", STAGES)
def test_every_field_font_is_embedded(form_cache, tmp_path, stage, lang):
    data = _pdf(form_cache, stage, lang)
    reader = PdfReader(io.BytesIO(data))
    used: list[tuple[str, DictionaryObject]] = []
    seen: set[int] = set()
    for f in fields(reader):
        for w in f.widgets:
            for s in _appearance_streams(w):
                used += [(f.name, font) for font in _fonts_in(s, seen)]
    # a filled form draws text: there must be fonts to check (the Sámi name: two of them;
    # the Chinese: a third)
    if stage != "blank":
        assert {str(font.get("/Subtype")) for _, font in used} >= {"/TrueType", "/Type0"}
    if stage == "filled":
        assert any("+DroidSansFallback" in str(font.get("/BaseFont")) for _, font in used)
    bad = sorted({(name, str(font.get("/BaseFont"))) for name, font in used
                  if not _embedded(font)})
    assert bad == []
    # the font a viewer uses when a person types (/DA -> /DR) is embedded too
    acro = reader.trailer["/Root"]["/AcroForm"]
    for font in acro["/DR"]["/Font"].values():
        assert _embedded(font.get_object())
    for f in fields(reader):
        if f.kind == "text":
            name = f.da.split()[0]
            assert name in acro["/DR"]["/Font"], f.name
    pdf = tmp_path / f"{stage}.pdf"
    pdf.write_bytes(data)
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                         check=True).stdout.splitlines()
    rows = out[2:]  # after the header and the dashes
    assert rows and all(row.split()[-5] == "yes" for row in rows), "\n".join(out)
    assert "Helvetica" not in "\n".join(rows)


def _tagged_widget_ids(reader: PdfReader) -> set[int]:
    return {n.raw_get("/Obj").idnum for n in struct_nodes(reader) if n.get("/Type") == "/OBJR"}


@pytest.mark.parametrize("stage", STAGES)
def test_structure_language_tooltips_and_tab_order_kept(form_cache, stage):
    reader = PdfReader(io.BytesIO(_pdf(form_cache, stage, "nn")))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "nn" and root["/MarkInfo"]["/Marked"]
    found = fields(reader)
    assert found and all(f.label.strip() for f in found)  # /TU on every field
    widgets = {w.indirect_reference.idnum for f in found for w in f.widgets}
    assert widgets <= _tagged_widget_ids(reader)  # every widget has its /Form element
    assert all(p["/Tabs"] == "/S" for p in reader.pages)
