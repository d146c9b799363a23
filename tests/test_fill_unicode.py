"""Filling text outside WinAnsi (Sámi names and more): drawn with an embedded subset of
Liberation Sans, visible in Poppler and MuPDF, extractable after --flatten; characters
the font lacks are refused by name; WinAnsi-only fills embed nothing."""

from __future__ import annotations

import io
import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from ipforms.forms import unifont
from ipforms.forms.acroform import fields, read_fields
from ipforms.forms.appearance import PAD
from ipforms.forms.winansi import text_width
from ipforms.cli import main
from ipforms.core.errors import FormError
from ipforms.forms.fill import fill_form, fill_pdf
from ipforms.forms.unifont import font_data

from pdfcheck import blank, changed_pixels, render, widget_boxes
from test_fill import reportlab_form

ENGINES = ("poppler", "mupdf")
NAME = "Áŋŋel Čohkka"
LETTERS = "Đđ Ŧŧ Žž Šš"
NEED = ("Eg heiter Áŋŋel og treng hjelp til å planleggje kvardagen etter hjerneslaget. "
        "Tenestene frå heimesjukepleia, fysioterapeuten og fastlegen må samarbeide betre, "
        "og eg vil gjerne ha ein koordinator som kan skrive namnet mitt rett: Áŋŋel. ") * 4
ANSWERS = {"person_name": NAME, "person_address": LETTERS, "need_description": NEED,
           "person_postplace": "Øyer"}


def _text(pdf: Path, engine: str) -> str:
    cmd = (["pdftotext", str(pdf), "-"] if engine == "poppler"
           else ["mutool", "draw", "-q", "-F", "txt", str(pdf)])
    return subprocess.run(cmd, capture_output=True, check=True).stdout.decode("utf-8")


def _squash(s: str) -> str:
    return " ".join(s.split())


def _update(out: bytes, template: bytes) -> bytes:
    assert out.startswith(template)
    return out[len(template):]


@pytest.fixture(scope="module")
def filled(form_cache, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("unicode")
    b, f = tmp / "blank.pdf", tmp / "filled.pdf"
    b.write_bytes(blank(form_cache, "soknad", "nn"))
    f.write_bytes(fill_form("soknad", "nn", ANSWERS, template=b.read_bytes()))
    return b, f


@pytest.mark.parametrize("engine", ENGINES)
def test_unicode_values_visible(filled, engine, tmp_path):
    b, f = filled
    pages = {}
    for name in ANSWERS:
        for page, rect in widget_boxes(f, name):
            if page not in pages:
                pages[page] = (render(b, page, engine, tmp_path),
                               render(f, page, engine, tmp_path))
            before, after = pages[page]
            assert changed_pixels(before, after, rect, after.height) > 8, (name, engine)


def test_one_embedded_subset_per_document(filled):
    b, f = filled
    update = _update(f.read_bytes(), b.read_bytes())
    assert update.count(b"/FontFile2") == 1
    reader = PdfReader(f)
    by_name = {x.name: x for x in fields(reader)}
    fonts = set()
    for name in ("person_name", "person_address", "need_description"):
        w = by_name[name].widgets[0]
        res = w["/AP"]["/N"].get_object()["/Resources"]["/Font"]
        ((_, ref),) = res.items()
        fonts.add(ref.idnum)
        assert str(by_name[name].obj["/DA"]).startswith("/Helv ")  # viewers regenerate with it
    assert len(fonts) == 1
    font = reader.get_object(fonts.pop())
    assert (font["/Subtype"], font["/Encoding"]) == ("/Type0", "/Identity-H")
    cid = font["/DescendantFonts"][0].get_object()
    assert (cid["/Subtype"], cid["/CIDToGIDMap"]) == ("/CIDFontType2", "/Identity")
    assert re.fullmatch(r"/[A-Z]{6}\+\S+", str(font["/BaseFont"]))
    # the subset has outlines for every character of every Unicode value (and no more)
    program = cid["/FontDescriptor"]["/FontFile2"].get_object().get_data()
    ttf = TTFont(io.BytesIO(program))
    glyf, order = ttf["glyf"], ttf.getGlyphOrder()
    gids = font_data().gids
    used = set(NAME + LETTERS + NEED) - {" "}
    for ch in used:
        assert glyf[order[gids[ch]]].numberOfContours != 0, ch  # -1: composite (Á = A + ´)
    wanted = {order[0]} | {order[gids[ch]] for ch in used}
    todo = list(wanted)
    while todo:
        g = glyf[todo.pop()]
        for part in (g.getComponentNames(glyf) if g.isComposite() else []):
            if part not in wanted:
                wanted.add(part)
                todo.append(part)
    assert {g for g in order if glyf[g].numberOfContours} == wanted
    # widths as measured, and a ToUnicode map for every glyph
    w = cid["/W"]
    widths = {int(w[i]): float(w[i + 1][0]) for i in range(0, len(w), 2)}
    assert widths[gids["ŋ"]] == pytest.approx(font_data().widths["ŋ"])
    cmap = font["/ToUnicode"].get_object().get_data().decode()
    assert f"<{gids['ŋ']:04X}> <014B>" in cmap and f"<{gids['Č']:04X}> <010C>" in cmap


def test_multiline_unicode_is_wrapped_inside_its_box(filled):
    _, f = filled
    field = next(x for x in fields(PdfReader(f)) if x.name == "need_description")
    w = field.widgets[0]
    x1, y1, x2, y2 = (float(v) for v in w["/Rect"])
    content = w["/AP"]["/N"].get_object().get_data().decode("latin-1")
    chars = {gid: ch for ch, gid in font_data().gids.items()}
    lines = ["".join(chars[int(h[i:i + 4], 16)] for i in range(0, len(h), 4))
             for h in re.findall(r" Tm <([0-9A-F]*)> Tj", content)]
    size = float(content.split(" Tf")[0].split()[-1])
    assert len(lines) > 3
    assert " ".join(lines).split() == NEED.split()
    for ln in lines:
        assert text_width(ln, size) <= (x2 - x1) - 2 * PAD
    ys = [float(m) for m in re.findall(r" ([0-9.]+) Tm <", content)]
    assert min(ys) > 0 and max(ys) + size < abs(y2 - y1)


@pytest.mark.parametrize("engine", ENGINES)
def test_flattened_unicode_text_extracts(form_cache, tmp_path, engine):
    out = tmp_path / "flat.pdf"
    out.write_bytes(fill_form("soknad", "nn", ANSWERS, flatten=True,
                              template=blank(form_cache, "soknad", "nn")))
    assert not read_fields(out)
    text = _text(out, engine)
    assert NAME in text and LETTERS in text
    assert _squash(NEED) in _squash(text)


@pytest.mark.parametrize("engine", ENGINES)
def test_reportlab_acroform_unicode(tmp_path, engine):
    src = tmp_path / "rl.pdf"
    reportlab_form(src)
    values = {"navn": NAME, "merknad": LETTERS + "\n" + NEED}
    out = tmp_path / "rl-filled.pdf"
    out.write_bytes(fill_pdf(src, values))
    before, after = render(src, 1, engine, tmp_path), render(out, 1, engine, tmp_path)
    for name in values:
        ((_, rect),) = widget_boxes(out, name)
        assert changed_pixels(before, after, rect, after.height) > 8, name
    assert _update(out.read_bytes(), src.read_bytes()).count(b"/FontFile2") == 1
    assert {f.name: f.value for f in read_fields(out)}["navn"] == NAME
    flat = tmp_path / "rl-flat.pdf"
    flat.write_bytes(fill_pdf(src, values, flatten=True))
    text = _text(flat, engine)
    assert NAME in text and LETTERS in text and _squash(NEED) in _squash(text)


@pytest.mark.parametrize("char,code,why", [
    ("𝄞", "1D11E", "no installed font has it (Liberation Sans, Droid Sans Fallback, DejaVu "
                   "Sans"),
    ("𒀭", "1202D", "no installed font has it (Liberation Sans, Droid Sans Fallback, DejaVu "
                   "Sans"),
    ("א", "05D0", "it is right-to-left text, which ipforms cannot draw (it neither shapes "
                  "nor reorders such text)"),
    ("q\u0303", "0303", "it is a combining mark, which ipforms cannot place (it does no "
                       "text shaping)"),  # q̃: no precomposed form; DejaVu Sans has the mark
])
def test_character_the_font_lacks_is_refused_and_nothing_written(tmp_path, char, code, why):
    """A character no installed font has (Liberation Sans and the fallback fonts), or
    one that needs shaping: refused, saying which (the fonts looked in: those installed,
    at least FAST_DEBS's)."""
    src = tmp_path / "rl.pdf"
    reportlab_form(src)
    assert why in unifont.missing(char[-1])
    message = (f"field 'navn': the character '{char[-1]}' (U+{code}) cannot be shown in a "
               f"PDF form field: {unifont.missing(char[-1])}")
    with pytest.raises(FormError) as exc:
        fill_pdf(src, {"navn": f"{NAME} {char}"})
    assert str(exc.value) == message
    out = tmp_path / "out.pdf"
    r = CliRunner().invoke(main, ["fill", str(src), "--set", f"merknad={NAME}",
                                  "--set", f"navn=x{char}", "-o", str(out)])
    assert r.exit_code == 2 and r.output.strip() == f"error: {message}"
    assert not out.exists() and not list(tmp_path.glob(".out.pdf*"))


def test_winansi_fill_reuses_the_embedded_font_of_dr(form_cache, tmp_path):
    template = blank(form_cache, "soknad", "nb")
    values = {"person_name": "Åse Ødegård Bæreia",
              "need_description": "Æ, ø og å – «sitat» og € går fint."}
    out = fill_form("soknad", "nb", values, template=template)
    update = _update(out, template)
    # our blank form carries the embedded WinAnsi font in /DR: filling adds no font
    assert b"/FontFile2" not in update and b"/Type0" not in update
    reader = PdfReader(io.BytesIO(out))
    dr_font = reader.trailer["/Root"]["/AcroForm"]["/DR"]["/Font"].raw_get("/Helv")
    for f in fields(reader):
        if f.name in ("person_name", "need_description"):
            res = f.widgets[0]["/AP"]["/N"].get_object()["/Resources"]["/Font"]
            assert list(res) == ["/Helv"]
            assert res.raw_get("/Helv").idnum == dr_font.idnum
    # a form without it gets it once, whatever the number of fields
    src = tmp_path / "rl.pdf"
    reportlab_form(src)
    filled = fill_pdf(src, {"navn": "Bjørn Ærø", "merknad": "Blåbær"})
    update = _update(filled, src.read_bytes())
    assert update.count(b"/FontFile2") == 1 and b"/Type0" not in update


def test_decomposed_input_is_composed(tmp_path):
    src = tmp_path / "rl.pdf"
    reportlab_form(src)
    nfd = unicodedata.normalize("NFD", NAME)
    assert nfd != NAME
    out = fill_pdf(src, {"navn": nfd})
    assert {f.name: f.value for f in read_fields(out)}["navn"] == NAME
