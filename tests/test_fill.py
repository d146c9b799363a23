"""Filling: values visible in Poppler and MuPDF, on our forms and on AcroForms made by
other tools; refusals with exact messages; template never changed; flatten."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from ipforms.forms.acroform import FF_READONLY, fields, read_fields
from ipforms.forms.appearance import PAD, wrap
from ipforms.forms.winansi import text_width
from ipforms.core.errors import FormError
from ipforms.forms.fill import fill_form, fill_pdf

from pdfcheck import (blank, changed_pixels, dark_pixels, municipality,
                      render, widget_boxes, write_pdf)

ENGINES = ("poppler", "mupdf")
NEED = ("Jeg trenger hjelp til å planlegge hverdagen etter hjerneslaget, og tjenestene fra "
        "hjemmesykepleien, fysioterapeuten og fastlegen må samarbeide bedre. ") * 5
ANSWERS = {
    "person_name": "Åse Ødegård Bæreia",
    "person_fnr": "151086 95088",
    "person_postcode": "2636",
    "person_postplace": "Øyer",
    "service_koordinator": True,
    "applicant_role": "parent",
    "need_description": NEED,
    "sign_date": "2026-11-24",
    "consent_obtain": "ja",
}


def _text(pdf: Path, engine: str) -> str:
    if engine == "poppler":
        cmd = ["pdftotext", str(pdf), "-"]
    else:
        cmd = ["mutool", "draw", "-q", "-F", "txt", str(pdf)]
    return subprocess.run(cmd, capture_output=True, check=True).stdout.decode("utf-8")


@pytest.fixture(scope="module")
def filled(form_cache, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("filled")
    b, f = tmp / "blank.pdf", tmp / "filled.pdf"
    b.write_bytes(blank(form_cache, "soknad", "nb"))
    f.write_bytes(fill_form("soknad", "nb", ANSWERS, municipality=municipality(),
                            template=b.read_bytes()))
    return b, f


@pytest.mark.parametrize("engine", ENGINES)
def test_filled_values_are_visible(filled, engine, tmp_path):
    b, f = filled
    names = ["person_name", "person_fnr", "person_postcode", "person_postplace",
             "service_koordinator", "applicant_role", "need_description", "sign_date",
             "consent_obtain", "municipality_name", "municipality_unit", "municipality_address",
             "municipality_email"]
    pages = {}
    for name in names:
        for page, rect in widget_boxes(f, name):
            if page not in pages:
                pages[page] = (render(b, page, engine, tmp_path), render(f, page, engine, tmp_path))
            before, after = pages[page]
            if name == "applicant_role":  # only the chosen button changes
                continue
            assert changed_pixels(before, after, rect, after.height) > 8, (name, engine)
    # the chosen radio button has a dot, the others do not
    boxes = widget_boxes(f, "applicant_role")
    page = boxes[0][0]
    before, after = pages[page]
    diffs = [changed_pixels(before, after, r, after.height) for _, r in boxes]
    assert diffs[1] > 4 and diffs[0] == diffs[2] == diffs[3] == 0


def test_unticked_stays_blank(filled, tmp_path):
    b, f = filled
    (page, rect), = widget_boxes(f, "service_barnekoordinator")
    for engine in ENGINES:
        assert changed_pixels(render(b, page, engine, tmp_path), render(f, page, engine, tmp_path),
                              rect, 842) == 0


def test_values_stored_normalised_and_block_read_only(filled):
    _, f = filled
    found = {x.name: x for x in read_fields(f)}
    assert found["person_fnr"].value == "15108695088"
    assert found["sign_date"].value == "24.11.2026"
    assert found["service_koordinator"].value == "on"
    assert found["applicant_role"].value == "parent"
    assert found["municipality_address"].value == "Postboks 7, 9990 Åsvik"
    assert found["municipality_unit"].value == "Tildelingsenheten"
    for name in ("municipality_name", "municipality_unit", "municipality_address",
                 "municipality_email"):
        assert found[name].flags & FF_READONLY
    assert not found["person_name"].flags & FF_READONLY
    root = PdfReader(f).trailer["/Root"]
    assert root["/AcroForm"]["/NeedAppearances"] == False  # noqa: E712 (pypdf BooleanObject)


def test_template_bytes_kept_and_never_changed(filled, form_cache):
    b, f = filled
    before = hashlib.sha256(b.read_bytes()).hexdigest()
    out = fill_pdf(b, {"person_name": "Per"})
    assert hashlib.sha256(b.read_bytes()).hexdigest() == before
    assert out.startswith(b.read_bytes())  # an incremental update
    assert f.read_bytes().startswith(b.read_bytes())


def test_multiline_text_is_wrapped_inside_its_box(filled):
    _, f = filled
    reader = PdfReader(f)
    field = next(x for x in fields(reader) if x.name == "need_description")
    w = field.widgets[0]
    x1, y1, x2, y2 = (float(v) for v in w["/Rect"])
    stream = w["/AP"]["/N"].get_object()
    content = stream.get_data().decode("cp1252")
    lines = [ln.split(" Tm (")[1].rsplit(") Tj", 1)[0] for ln in content.splitlines()
             if " Tm (" in ln]
    size = float(content.split(" Tf")[0].split()[-1])
    assert len(lines) > 5
    assert " ".join(lines).split() == NEED.split()
    for ln in lines:
        assert text_width(ln, size) <= (x2 - x1) - 2 * PAD
    ys = [float(ln.split(" Tm")[0].split()[-1]) for ln in content.splitlines() if " Tm (" in ln]
    assert min(ys) > 0 and max(ys) + size < abs(y2 - y1)


@pytest.mark.parametrize("engine", ENGINES)
def test_flatten_keeps_text_with_aeoeaa(form_cache, tmp_path, engine):
    out = tmp_path / "flat.pdf"
    out.write_bytes(fill_form("fullmakt", "nn", {
        "giver_name": "Ærlend Øyås", "receiver_name": "Åshild Bø", "scope_all": True,
        "valid_from": "01.12.2026"}, flatten=True, template=blank(form_cache, "fullmakt", "nn")))
    reader = PdfReader(out)
    assert "/AcroForm" not in reader.trailer["/Root"]
    assert not read_fields(out)
    text = _text(out, engine)
    for value in ("Ærlend Øyås", "Åshild Bø", "01.12.2026"):
        assert value in text
    (page, rect), = widget_boxes(blank(form_cache, "fullmakt", "nn"), "scope_all")
    b = tmp_path / "b.pdf"
    b.write_bytes(blank(form_cache, "fullmakt", "nn"))
    assert changed_pixels(render(b, page, engine, tmp_path), render(out, page, engine, tmp_path),
                          rect, 842) > 4


@pytest.mark.parametrize("values,message", [
    ({"service_ip": "kanskje"}, "field 'service_ip': a checkbox takes yes or no "
     "(true/false, ja/nei, on/off), got 'kanskje'"),
    ({"applicant_role": "mor"}, "field 'applicant_role': unknown choice 'mor'; expected one of "
     "self, parent, verge, proxy"),
    ({"person_fnr": "12345678901"}, "field 'person_fnr': not a valid fødselsnummer or D-nummer: "
     "the check digits are wrong (got '12345678901')"),
    ({"person_postcode": "12345"}, "field 'person_postcode': expected a postnummer of 4 digits, "
     "like 2636, got '12345'"),
    ({"person_nam": "x"}, "field 'person_nam': unknown field in form 'soknad'"),
    ({"sign_place": "x" * 41}, "field 'sign_place': too long: 41 characters, at most 40 "
     "allowed"),
])
def test_bad_values_for_our_form(form_cache, values, message):
    with pytest.raises(FormError) as exc:
        fill_form("soknad", "nb", values, cache_dir=form_cache)
    assert str(exc.value) == message


@pytest.mark.parametrize("values,message", [
    ({"service_ip": "/Yes"}, "field 'service_ip': '/Yes' is not one of the checkbox's states: "
     "on, Off"),
    ({"service_ip": "checked"}, "field 'service_ip': 'checked' is not one of the checkbox's "
     "states: on, Off"),
    ({"applicant_role": "1"}, "field 'applicant_role': '1' is not one of the radio group's "
     "states: self, parent, verge, proxy, Off"),
    ({"person_name": "x" * 81}, "field 'person_name': too long: 81 characters, at most 80 "
     "allowed"),
    ({"person_name": "a\nb"}, "field 'person_name': a line break in a one-line text field"),
    ({"person_name": "שלום"}, "field 'person_name': the character 'ש' (U+05E9) cannot be "
     "shown in a PDF form field: it is right-to-left text, which ipforms cannot draw (it "
     "neither shapes nor reorders such text)"),
    ({"nope": "x"}, "field 'nope': no such field in the PDF"),
    ({"service_ip": 3}, "field 'service_ip': expected one of on, Off, got 3"),
])
def test_bad_values_for_any_pdf(form_cache, values, message):
    data = blank(form_cache, "soknad", "nb")
    with pytest.raises(FormError) as exc:
        fill_pdf(data, values)
    assert str(exc.value) == message


def test_read_only_field_cannot_be_overwritten(filled):
    _, f = filled
    with pytest.raises(FormError, match="'municipality_name': the field is read-only"):
        fill_pdf(f, {"municipality_name": "Annen kommune"})


# -- AcroForms made by other tools ----------------------------------------------------------

def reportlab_form(path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    c.drawString(50, 800, "Kommunens eget skjema")
    form = c.acroForm
    form.textfield(name="navn", x=50, y=740, width=300, height=22, borderWidth=1,
                   fillColor=None, value="")
    form.textfield(name="merknad", x=50, y=600, width=300, height=100, borderWidth=1,
                   fieldFlags="multiline", maxlen=2000, value="")
    form.checkbox(name="samtykke", x=50, y=560, size=16, buttonStyle="check", checked=False)
    form.radio(name="rolle", value="selv", x=50, y=520, size=14, selected=False)
    form.radio(name="rolle", value="verge", x=100, y=520, size=14, selected=False)
    form.choice(name="tjeneste", x=50, y=470, width=200, height=22,
                options=["Individuell plan", "Koordinator"], value="Individuell plan")
    c.save()


def handwritten_form(path: Path) -> None:
    """A minimal AcroForm written by hand: no appearance streams, no /DR, no /DA font."""
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R 5 0 R] "
        b"/NeedAppearances true >> >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [4 0 R 5 0 R] >>",
        b"<< /Type /Annot /Subtype /Widget /FT /Tx /T (name) /Rect [50 700 350 724] /P 3 0 R "
        b"/F 4 /MK << /BC [0 0 0] >> >>",
        b"<< /Type /Annot /Subtype /Widget /FT /Btn /T (agree) /Rect [50 650 66 666] /P 3 0 R "
        b"/F 4 /MK << /BC [0 0 0] >> >>",
    ]
    write_pdf(path, objs)


@pytest.mark.parametrize("engine", ENGINES)
def test_reportlab_acroform(tmp_path, engine):
    src = tmp_path / "rl.pdf"
    reportlab_form(src)
    found = {f.name: f for f in read_fields(src)}
    assert found["samtykke"].kind == "checkbox" and found["rolle"].states == ["selv", "verge"]
    values = {"navn": "Bjørn Ærø", "merknad": "Første linje\n" + "ord " * 80,
              "samtykke": True, "rolle": "verge", "tjeneste": "Koordinator"}
    out = tmp_path / "rl-filled.pdf"
    out.write_bytes(fill_pdf(src, values))
    before, after = render(src, 1, engine, tmp_path), render(out, 1, engine, tmp_path)
    for name in values:
        boxes = widget_boxes(out, name)
        rect = boxes[-1][1]  # for the radio group: the "verge" button
        assert changed_pixels(before, after, rect, after.height) > 4, name
    flat = tmp_path / "rl-flat.pdf"
    flat.write_bytes(fill_pdf(src, values, flatten=True))
    text = _text(flat, engine)
    assert "Bjørn Ærø" in text and "Første linje" in text and "Koordinator" in text


@pytest.mark.parametrize("engine", ENGINES)
def test_handwritten_acroform_without_appearances(tmp_path, engine):
    src = tmp_path / "hand.pdf"
    handwritten_form(src)
    assert [(f.name, f.kind) for f in read_fields(src)] == [("name", "text"),
                                                            ("agree", "checkbox")]
    out = tmp_path / "hand-filled.pdf"
    out.write_bytes(fill_pdf(src, {"name": "Kåre Ødegård", "agree": "yes"}))
    img = render(out, 1, engine, tmp_path)
    assert dark_pixels(img, (50, 700, 350, 724), img.height) > 40
    assert dark_pixels(img, (52, 652, 64, 664), img.height) > 6
    assert {f.name: f.value for f in read_fields(out)} == {"name": "Kåre Ødegård",
                                                           "agree": "Yes"}
    flat = tmp_path / "hand-flat.pdf"
    flat.write_bytes(fill_pdf(src, {"name": "Kåre Ødegård"}, flatten=True))
    assert "Kåre Ødegård" in _text(flat, engine)


def test_not_a_form(tmp_path):
    from reportlab.pdfgen import canvas

    p = tmp_path / "plain.pdf"
    c = canvas.Canvas(str(p))
    c.drawString(50, 800, "no fields")
    c.save()
    with pytest.raises(FormError, match="the PDF has no form fields"):
        fill_pdf(p, {"a": "b"})


def test_wrap_breaks_long_words():
    lines = wrap("a" * 200, 50, 10)
    assert "".join(lines) == "a" * 200 and all(text_width(x, 10) <= 50 for x in lines)


def test_a_template_filled_again_reads_its_cross_references_from_memory(form_cache):
    """The second fill of the same blank form takes its parsed cross-reference sections
    from memory (pypdf_internals.CachedXrefReader) and writes the same bytes as a fill
    that parsed them; other bytes are parsed for themselves."""
    from ipforms.forms import pypdf_internals

    template = blank(form_cache, "soknad", "nb")
    pypdf_internals._XREF.clear()
    first = fill_form("soknad", "nb", ANSWERS, template=template)
    assert len(pypdf_internals._XREF) == 1
    other = fill_form("soknad", "nb", {"person_name": "Ørjan Å"}, template=template)
    again = fill_form("soknad", "nb", ANSWERS, template=template)
    assert len(pypdf_internals._XREF) == 1
    assert again == first
    assert {f.name: f.value for f in read_fields(other)}["person_name"] == "Ørjan Å"
    # a filled copy is other bytes (an incremental update with a /Prev): read as such
    refilled = fill_pdf(first, {"person_name": "Ørjan Å"})
    assert len(pypdf_internals._XREF) == 2
    found = {f.name: f.value for f in read_fields(refilled)}
    assert found["person_name"] == "Ørjan Å" and found["person_postplace"] == "Øyer"
    pypdf_internals._XREF.clear()
    assert fill_form("soknad", "nb", ANSWERS, template=bytes(template)) == first
