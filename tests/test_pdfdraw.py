"""The blank fillable PDFs: tagged, labelled, in the right language, fields per the contract."""

from __future__ import annotations

import io
import subprocess

import pytest
from pypdf import PdfReader

from ipforms.forms.acroform import fields
from ipforms.forms.formdef import load_form
from ipforms.forms.pdfdraw import blank_pdf, cache_key

from pdfcheck import blank, struct_nodes

CASES = [(f, lang) for f in ("soknad", "fullmakt") for lang in ("nb", "nn")]


def _reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


@pytest.mark.parametrize("form_id,lang", CASES)
def test_tagged_with_a_form_element_per_widget(form_cache, form_id, lang):
    reader = _reader(blank(form_cache, form_id, lang))
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a pypdf BooleanObject)
    elems = [n for n in struct_nodes(reader) if n.get("/Type") in ("/StructElem", "/OBJR")]
    roles = [str(e.get("/S")) for e in elems if e.get("/Type") == "/StructElem"]
    assert "/H1" in roles and roles.count("/H2") == len(load_form(form_id).sections)
    form_elems = [e for e in elems if e.get("/S") == "/Form"]
    tagged_widgets = set()
    for e in form_elems:
        objr = e["/K"][0].get_object()
        tagged_widgets.add(objr.raw_get("/Obj").idnum)
    widgets = [w.indirect_reference.idnum for f in fields(reader) for w in f.widgets]
    assert sorted(widgets) == sorted(tagged_widgets)
    assert all(p["/Tabs"] == "/S" for p in reader.pages)  # tab order follows the structure


@pytest.mark.parametrize("form_id,lang", CASES)
def test_language_title_tooltips_and_info(form_cache, form_id, lang):
    form = load_form(form_id)
    reader = _reader(blank(form_cache, form_id, lang))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == lang
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
    info = reader.metadata
    assert info["/Title"] == form.title(lang)
    assert info["/IpformsForm"] == form_id and info["/IpformsVersion"] == form.version
    found = {f.name: f for f in fields(reader)}
    assert list(found) == [f.id for f in form.fields]
    for fdef in form.fields:
        want = fdef.label(lang)
        if fdef.required_when:  # a conditional field's tooltip says when it must be filled in
            want += ". " + fdef.required_when.text(lang)
        assert found[fdef.id].label == want
    assert "/XFA" not in root["/AcroForm"]
    assert [round(float(v)) for v in reader.pages[0].mediabox] == [0, 0, 595, 842]


def test_field_kinds_and_states(form_cache):
    found = {f.name: f for f in fields(_reader(blank(form_cache, "soknad", "nb")))}
    assert found["service_ip"].kind == "checkbox" and found["service_ip"].states == ["on"]
    role = found["applicant_role"]
    assert role.kind == "radio" and role.states == ["self", "parent", "verge", "proxy"]
    assert found["need_description"].multiline
    assert found["person_name"].max_length == 80 and found["person_fnr"].max_length == 11
    assert not any(f.readonly for f in found.values())  # a blank form locks nothing


def test_nb_and_nn_text_and_font(form_cache, tmp_path):
    for lang, words, other in (("nb", ["Fullt navn", "Hvem søker", "tjenester"], "Fullt namn"),
                               ("nn", ["Fullt namn", "Kven søkjer", "tenester"], "Fullt navn")):
        pdf = tmp_path / f"soknad-{lang}.pdf"
        pdf.write_bytes(blank(form_cache, "soknad", lang))
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        for w in words:
            assert w in text
        assert other not in text
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                               check=True).stdout
        assert "Liberation-Sans" in fonts and "DejaVu" not in fonts
        assert pdf.stat().st_size < 260_000


def test_blank_pdf_is_cached(form_cache, monkeypatch):
    from ipforms.forms import pdfdraw

    pdfdraw._memory.clear()  # another test in this worker may have drawn it into memory only
    first = blank(form_cache, "fullmakt", "nn")
    assert any(p.name.startswith(f"fullmakt-nn-{cache_key('fullmakt', 'nn')}")
               for p in form_cache.iterdir())
    pdfdraw._memory.clear()
    monkeypatch.setattr(pdfdraw, "draw", lambda *a: pytest.fail("drawn again"))
    assert blank_pdf("fullmakt", "nn", form_cache) == first
    assert cache_key("fullmakt", "nn") != cache_key("fullmakt", "nb")
