"""How fill draws values into forms made by others: the form's own font when it is
embedded and has the characters, automatic size (/DA size 0) and overflow as viewers
do it, comb cells, and a tick for a checkbox whose own "on" appearance draws nothing.
Hand-made PDFs for each case, and the corpus forms that show it
(tools/collect-forms.sh); every case rendered by Poppler and MuPDF."""

from __future__ import annotations

import functools
import io
import logging
import re
import zlib
from pathlib import Path

import pytest
from pypdf import PdfReader

from ipforms.forms.acroform import fields
from ipforms.forms.appearance import MIN_SIZE
from ipforms.forms.winansi import is_winansi_font
from ipforms.forms.fill import fill_pdf

from fill_corpus import collect
from pdfcheck import changed_pixels, dark_pixels, render, write_pdf

ENGINES = ["poppler", "mupdf"]


def tiny_pdf(path: Path, widgets: list[bytes], extra: list[bytes] = (), dr: bytes = b"") -> None:
    """A one-page AcroForm: ``widgets`` are the dictionaries of merged field/widget
    objects (numbered from 4), ``extra`` further objects after them (a stream is given
    as its dictionary and data, split by ``stream``)."""
    n = len(widgets)
    refs = " ".join(f"{4 + i} 0 R" for i in range(n)).encode()
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [" + refs + b"] "
        b"/DA (/Helv 0 Tf 0 g) " + dr + b" >> >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 400 300] /Annots [" + refs + b"] >>",
        *widgets, *extra,
    ]
    write_pdf(path, objs)


def stream(data: bytes, entries: bytes = b"") -> bytes:
    return b"<< " + entries + f" /Length {len(data)} >>\nstream\n".encode() + data + \
        b"\nendstream"


def text_widget(name: str, rect: tuple, da: str, flags: int = 0, extra: str = "") -> bytes:
    r = " ".join(str(v) for v in rect)
    return (f"<< /Type /Annot /Subtype /Widget /FT /Tx /T ({name}) /Rect [{r}] /P 3 0 R /F 4 "
            f"/Ff {flags} /DA ({da}) {extra} >>").encode()


def appearance(pdf: Path | bytes, name: str):
    reader = PdfReader(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf)
    f = next(f for f in fields(reader) if f.name == name)
    return f.widgets[0]["/AP"]["/N"].get_object()


def font_size(content: bytes) -> float:
    return float(re.search(rb"([0-9.]+) Tf", content).group(1))


def ink_box(img, rect):
    """The bounding box (x1, y1, x2, y2 in image pixels, y down) of the dark pixels inside
    ``rect`` (PDF points at 72 dpi), or None."""
    x1, y1, x2, y2 = rect
    box = (int(x1) + 1, int(img.height - y2) + 1, int(x2) - 1, int(img.height - y1) - 1)
    crop = img.crop(box).point(lambda v: 255 if v < 128 else 0)
    found = crop.getbbox()
    if found is None:
        return None
    return (found[0] + box[0], found[1] + box[1], found[2] + box[0], found[3] + box[1])


def ink(img, rect) -> float:
    """How much darker than white ``rect`` (PDF points at 72 dpi) is, in black pixels
    (thin anti-aliased lines count by their greyness)."""
    x1, y1, x2, y2 = rect
    box = (int(x1), int(img.height - y2), int(x2) + 1, int(img.height - y1) + 1)
    return sum((255 - v) * n for v, n in enumerate(img.crop(box).histogram())) / 255


# -- the form's own font ---------------------------------------------------------------

def ascii_font() -> tuple[bytes, list[int]]:
    """A TrueType subset of Liberation Sans with printable ASCII only (no æøå), as a form
    made by another tool embeds it, and its widths for codes 32..126."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    from ipforms.forms.unifont import font_path

    font = TTFont(font_path())
    opts = subset.Options()
    opts.notdef_outline = True
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=range(32, 127))
    sub.subset(font)
    cmap, hmtx = font.getBestCmap(), font["hmtx"]
    scale = 1000 / font["head"].unitsPerEm
    widths = [round(hmtx[cmap[c]][0] * scale) for c in range(32, 127)]
    buf = io.BytesIO()
    font.save(buf)
    return buf.getvalue(), widths


def form_font_pdf(path: Path) -> None:
    """A text field whose /DA names /F1, an embedded ASCII-only TrueType font in /DR."""
    ttf, widths = ascii_font()
    w = " ".join(map(str, widths)).encode()
    tiny_pdf(path, [text_widget("name", (50, 200, 350, 224), "/F1 11 Tf 0 0 1 rg")], extra=[
        b"<< /Type /Font /Subtype /TrueType /BaseFont /ABCDEF+LiberationSans /FirstChar 32 "
        b"/LastChar 126 /Widths [" + w + b"] /Encoding /WinAnsiEncoding /FontDescriptor 6 0 R >>",
        b"<< /Type /FontDescriptor /FontName /ABCDEF+LiberationSans /Flags 32 /FontBBox "
        b"[-544 -303 1302 980] /ItalicAngle 0 /Ascent 905 /Descent -212 /CapHeight 716 "
        b"/StemV 80 /FontFile2 7 0 R >>",
        stream(zlib.compress(ttf), f"/Filter /FlateDecode /Length1 {len(ttf)}".encode()),
    ], dr=b"/DR << /Font << /F1 5 0 R >> >>")


@pytest.mark.parametrize("engine", ENGINES)
def test_the_forms_embedded_font_draws_what_it_has(tmp_path, engine):
    src = tmp_path / "form-font.pdf"
    form_font_pdf(src)
    out = tmp_path / "ascii.pdf"
    out.write_bytes(fill_pdf(src, {"name": "Kari Nordmann"}))
    ap = appearance(out, "name")
    font = ap["/Resources"]["/Font"].raw_get("/F1")
    assert font.idnum == 5  # the form's own font object, not a copy
    content = ap.get_data()
    assert b"/F1 11 Tf" in content and b"0 0 1 rg" in content  # the /DA's size and colour
    img = render(out, 1, engine, tmp_path)
    assert dark_pixels(img, (50, 200, 350, 224), img.height) > 40

    # "ø" is not in the form's subset: the embedded Liberation Sans, same size and colour
    out2 = tmp_path / "oe.pdf"
    out2.write_bytes(fill_pdf(src, {"name": "Bjørn Ødegård"}))
    ap2 = appearance(out2, "name")
    fonts = ap2["/Resources"]["/Font"]
    assert "/F1" not in fonts
    (used,) = fonts.values()
    assert is_winansi_font(used.get_object())
    assert b" 11 Tf" in ap2.get_data() and b"0 0 1 rg" in ap2.get_data()
    img2 = render(out2, 1, engine, tmp_path)
    assert changed_pixels(img, img2, (50, 200, 350, 224), img.height) > 40


@functools.cache
def _corpus() -> dict:
    """The corpus by file, collected when a test first needs it: never while collecting
    the tests (tests/test_fill_corpus.py: test_collection_never_downloads)."""
    return {e.file: e for e in collect()}


@pytest.mark.slow  # the corpus of real forms
@pytest.mark.parametrize("engine", ENGINES)
def test_corpus_form_with_embedded_arial_is_filled_in_arial(tmp_path, engine):
    """A German form (pdf-forms' V0050.pdf) whose fields use its embedded Arial."""
    src = _corpus()["npm-pdf-forms-0.1.1/test/V0050.pdf"].path
    out = tmp_path / "v0050.pdf"
    out.write_bytes(fill_pdf(src, {"VERS_O_DAT_1": "Åse Ødegård æøå"}))
    ap = appearance(out, "VERS_O_DAT_1")
    font = ap["/Resources"]["/Font"]["/Arial"].get_object()
    assert font["/BaseFont"] == "/Arial" and "/FontFile2" in font["/FontDescriptor"]
    before, after = render(src, 6, engine, tmp_path), render(out, 6, engine, tmp_path)
    rect = next([float(v) for v in f.widgets[0]["/Rect"]] for f in fields(PdfReader(out))
                if f.name == "VERS_O_DAT_1")
    assert changed_pixels(before, after, rect, after.height) > 40


# -- automatic size and overflow ---------------------------------------------------------

@pytest.mark.parametrize("engine", ENGINES)
def test_auto_size_fills_the_height_of_a_one_line_field(tmp_path, engine):
    src = tmp_path / "auto.pdf"
    tiny_pdf(src, [text_widget("tall", (50, 200, 250, 236), "/Helv 0 Tf 0 g"),
                   text_widget("long", (50, 100, 150, 120), "/Helv 0 Tf 0 g")])
    out = tmp_path / "auto-filled.pdf"
    long = "Åse Ødegård Bæreia, Øyer"  # 7.5 pt fits the 96 pt inside the padding
    out.write_bytes(fill_pdf(src, {"tall": "ÅÅ", "long": long}))
    img = render(out, 1, engine, tmp_path)
    x1, y1, x2, y2 = ink_box(img, (50, 200, 250, 236))
    assert y2 - y1 > 0.6 * 36  # capitals with rings fill most of the 36 pt box
    # a long value shrinks to the width: it starts inside the box and ends inside it
    x1, y1, x2, y2 = ink_box(img, (50, 100, 150, 120))
    assert x1 < 50 + 6 and 150 - 12 < x2 <= 150
    assert font_size(appearance(out, "long").get_data()) < font_size(
        appearance(out, "tall").get_data())


def test_auto_size_of_a_multiline_field_starts_at_12_pt_and_shrinks_to_fit(tmp_path):
    src = tmp_path / "multi.pdf"
    tiny_pdf(src, [text_widget("note", (50, 150, 250, 250), "/Helv 0 Tf 0 g", flags=1 << 12)])
    short = fill_pdf(src, {"note": "Kort merknad"})
    assert font_size(appearance(short, "note").get_data()) == 12
    long = fill_pdf(src, {"note": "Jeg trenger hjelp til å planlegge hverdagen. " * 8})
    content = appearance(long, "note").get_data()
    size = font_size(content)
    assert MIN_SIZE <= size < 12
    ys = [float(y) for y in re.findall(rb" ([0-9.]+) Tm", content)]
    assert min(ys) - size * 0.212 >= 0  # the last line's descenders inside the box


def test_overflow_shrinks_to_6_pt_then_warns_naming_the_field(tmp_path, caplog):
    src = tmp_path / "small.pdf"
    # 60 pt wide: "Åse Ødegård" is 59 pt wide at 10 pt in Liberation Sans/Helvetica
    tiny_pdf(src, [text_widget("short", (50, 200, 110, 216), "/Helv 10 Tf 0 g"),
                   text_widget("note", (50, 100, 150, 130), "/Helv 10 Tf 0 g", flags=1 << 12)])
    with caplog.at_level(logging.WARNING):
        fits = fill_pdf(src, {"short": "Åse Ødegård"})
    assert not caplog.records
    assert font_size(appearance(fits, "short").get_data()) < 10  # shrunk to the width
    with caplog.at_level(logging.WARNING):
        out = fill_pdf(src, {"short": "Åse Ødegård Bæreia Kongsvegen 12 Øyer",
                             "note": "ord " * 200})
    assert font_size(appearance(out, "short").get_data()) == MIN_SIZE
    warnings = [r.getMessage() for r in caplog.records]
    assert any(m.startswith("field short:") and "characters are cut off" in m
               for m in warnings), warnings
    assert any(m.startswith("field note:") and "lines are cut off" in m for m in warnings)


# -- comb fields -------------------------------------------------------------------------

@pytest.mark.parametrize("engine", ENGINES)
def test_comb_cells_are_divided_and_each_character_centred(tmp_path, engine):
    src = tmp_path / "comb.pdf"
    tiny_pdf(src, [text_widget("pnr", (50, 200, 170, 224), "/Helv 0 Tf 0 g",
                               flags=(1 << 24), extra="/MaxLen 4 /MK << /BC [0 0 0] >> "
                               "/BS << /W 1 >>")])
    out = tmp_path / "comb-filled.pdf"
    out.write_bytes(fill_pdf(src, {"pnr": "1Ø3Å"}))
    img = render(out, 1, engine, tmp_path)
    top, bottom = img.height - 222, img.height - 202
    for i in (1, 2, 3):  # a dark line between cells, 30 pt apart
        x = 50 + 30 * i
        column = [img.getpixel((xx, y)) for xx in (x - 1, x) for y in range(top, bottom)]
        assert sum(v < 128 for v in column) > 15, f"divider {i}"
    for i in range(4):
        cell = (50 + 30 * i + 2, 202, 50 + 30 * (i + 1) - 2, 222)
        x1, _, x2, _ = ink_box(img, cell)
        assert abs((x1 + x2) / 2 - (50 + 30 * i + 15)) <= 2, f"cell {i}: {x1}..{x2}"


@pytest.mark.slow  # the corpus of real forms
@pytest.mark.parametrize("engine", ENGINES)
def test_corpus_comb_field_gets_dividers(tmp_path, engine):
    """The IRS form 9465's routing number: 9 cells, a black /MK /BC."""
    src = _corpus()["npm-pdf2json-1.1.2/test/pdf/fd/form/F9465.pdf"].path
    out = tmp_path / "f9465.pdf"
    out.write_bytes(fill_pdf(src, {"RTN": "123456789"}))
    content = appearance(out, "RTN").get_data()
    assert content.count(b" l") >= 8  # eight dividers
    before, after = render(src, 1, engine, tmp_path), render(out, 1, engine, tmp_path)
    assert changed_pixels(before, after, (151.2, 180, 280.8, 192), after.height) > 30


# -- a tick that the form's own appearance does not draw -----------------------------------

@pytest.mark.slow  # the corpus of real forms
@pytest.mark.parametrize("engine", ENGINES)
def test_broken_on_appearance_gets_our_tick(tmp_path, engine):
    """pypdf's pdflatex-forms.pdf: its checkbox's /Yes appearance is an empty dictionary,
    not a stream; a hand-made box whose /Yes stream paints nothing; both under
    NeedAppearances, which fill turns off."""
    src = _corpus()["pypi-pypdf/resources/pdflatex-forms.pdf"].path
    out = tmp_path / "latex.pdf"
    out.write_bytes(fill_pdf(src, {"Check": True}))
    on = appearance(out, "Check")["/Yes"].get_object()
    assert "/Font" not in on.get("/Resources", {})  # a path, no font to embed
    rect = next([float(v) for v in f.widgets[0]["/Rect"]] for f in fields(PdfReader(src))
                if f.name == "Check")
    before, after = render(src, 1, engine, tmp_path), render(out, 1, engine, tmp_path)
    assert changed_pixels(before, after, rect, after.height) > 3
    # left unticked while another field is filled: NeedAppearances is turned off, so its
    # box (/MK) gets an appearance of its own (Poppler and MuPDF would draw one anyway,
    # a viewer that follows the flag would draw nothing)
    other = tmp_path / "latex-name.pdf"
    other.write_bytes(fill_pdf(src, {"Name": "Åse"}))
    off = appearance(other, "Check")["/Off"].get_object()
    assert re.search(rb"re S", off.get_data())  # the border
    kept = render(other, 1, engine, tmp_path)
    frame = (rect[0] - 1, rect[1] - 1, rect[2] + 1, rect[3] + 1)  # the border at the edge
    assert ink(kept, frame) >= ink(before, frame) / 2 > 0

    hand = tmp_path / "hand.pdf"
    tiny_pdf(hand, [
        b"<< /Type /Annot /Subtype /Widget /FT /Btn /T (ok) /Rect [50 200 70 220] /P 3 0 R "
        b"/F 4 /DA (/ZaDb 0 Tf 0 g) /MK << /CA (4) >> /AP << /N << /Yes 5 0 R /Off 6 0 R >> >> "
        b"/AS /Off /V /Off >>"],
        extra=[stream(b"q 1 0 0 rg Q", b"/Type /XObject /Subtype /Form /BBox [0 0 20 20]"),
               stream(b"", b"/Type /XObject /Subtype /Form /BBox [0 0 20 20]")])
    out2 = tmp_path / "hand-filled.pdf"
    out2.write_bytes(fill_pdf(hand, {"ok": "yes"}))
    img = render(out2, 1, engine, tmp_path)
    assert dark_pixels(img, (50, 200, 70, 220), img.height) > 8
    assert PdfReader(out2).get_fields()["ok"]["/V"] == "/Yes"  # the state name is kept


# -- Times and Courier the form does not embed ---------------------------------------------

def _embedded(font) -> bool:
    font = font.get_object()
    if font.get("/Subtype") == "/Type0":
        font = font["/DescendantFonts"][0].get_object()
    desc = font["/FontDescriptor"].get_object()
    return any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))


@pytest.mark.parametrize("engine", ENGINES)
def test_courier_and_times_are_drawn_with_embedded_liberation_mono_and_serif(tmp_path, engine):
    src = tmp_path / "std14.pdf"
    tiny_pdf(src, [text_widget("code", (50, 200, 350, 224), "/Cour 10 Tf 0 g", extra="/Q 2"),
                   text_widget("name", (50, 150, 350, 174), "/TiRo 10 Tf 0 g")], extra=[
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman /Encoding /WinAnsiEncoding >>",
    ], dr=b"/DR << /Font << /Cour 6 0 R /TiRo 7 0 R >> >>")
    out = tmp_path / "std14-filled.pdf"
    out.write_bytes(fill_pdf(src, {"code": "ÆØÅ 123", "name": "Åse Ødegård"}))
    for field, family in (("code", "LiberationMono"), ("name", "LiberationSerif")):
        (font,) = appearance(out, field)["/Resources"]["/Font"].values()
        assert font.get_object()["/BaseFont"].endswith(family) and _embedded(font), field
    # Courier is monospaced: right-aligned "iii" starts where "MMM" does
    starts = [re.search(rb"1 0 0 1 ([0-9.]+) ", appearance(fill_pdf(src, {"code": v}), "code")
                        .get_data()).group(1) for v in ("iii", "MMM")]
    assert starts[0] == starts[1]
    img = render(out, 1, engine, tmp_path)
    for rect in ((50, 200, 350, 224), (50, 150, 350, 174)):
        assert dark_pixels(img, rect, img.height) > 30
    # outside WinAnsi: the embedded Liberation Sans subset (no Mono subset is made)
    sami = fill_pdf(src, {"code": "Máhtte Ŋuoraš"})
    (font,) = appearance(sami, "code")["/Resources"]["/Font"].values()
    assert font.get_object()["/Subtype"] == "/Type0" and _embedded(font)


def _lean(img, rect) -> float:
    """How far right (pixels) the dark pixels of the top third of ``rect``'s ink lie
    compared to those of its bottom third: about 0 for upright text, > 0 for italic."""
    x1, y1, x2, y2 = ink_box(img, rect)
    third = (y2 - y1) // 3

    def mean_x(top: int) -> float:
        pts = [(x, y) for y in range(top, top + third) for x in range(x1, x2)
               if img.getpixel((x, y)) < 128]
        return sum(x for x, _ in pts) / len(pts)

    return mean_x(y1) - mean_x(y2 - third)


@pytest.mark.parametrize("engine", ENGINES)
def test_bold_and_italic_standard_fonts_are_drawn_with_embedded_liberation_styles(tmp_path,
                                                                                  engine):
    """A /DA naming Helvetica-Bold, Times-Italic (in /DR, not embedded) or Courier's
    BoldOblique (only Acrobat's /DA name CoBO, no /DR entry): drawn with the embedded
    Liberation of that family and style; bold text is darker, italic text leans right,
    and pdffonts lists every font of the filled form as embedded."""
    import subprocess

    rects = {"plain": (20, 240, 380, 280), "bold": (20, 190, 380, 230),
             "roman": (20, 140, 380, 180), "italic": (20, 90, 380, 130),
             "mono": (20, 40, 380, 80)}
    das = {"plain": "/Helv 24 Tf 0 g", "bold": "/HeBo 24 Tf 0 g", "roman": "/TiRo 24 Tf 0 g",
           "italic": "/TiIt 24 Tf 0 g", "mono": "/CoBO 24 Tf 0 g"}
    src = tmp_path / "styles.pdf"
    tiny_pdf(src, [text_widget(k, rects[k], das[k]) for k in rects], extra=[
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Times-Italic /Encoding /WinAnsiEncoding >>",
    ], dr=b"/DR << /Font << /HeBo 9 0 R /TiIt 10 0 R >> >>")
    out = tmp_path / "styles-filled.pdf"
    out.write_bytes(fill_pdf(src, {k: "Ærlig IIII" if k in ("plain", "bold") else "IIIIIIII"
                                   for k in rects}))
    expected = {"plain": "LiberationSans", "bold": "LiberationSans-Bold",
                "roman": "LiberationSerif", "italic": "LiberationSerif-Italic",
                "mono": "LiberationMono-BoldItalic"}
    for field, base in expected.items():
        (font,) = appearance(out, field)["/Resources"]["/Font"].values()
        assert font.get_object()["/BaseFont"] == "/IPFWIN+" + base and _embedded(font), field
    listed = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True,
                            check=True).stdout.splitlines()[2:]
    assert sorted(line.split()[0] for line in listed) == sorted(
        "IPFWIN+" + b for b in expected.values())
    assert all(line.split()[-5] == "yes" for line in listed), listed  # the emb column

    img = render(out, 1, engine, tmp_path)
    assert ink(img, rects["bold"]) > 1.3 * ink(img, rects["plain"])
    assert _lean(img, rects["italic"]) > 1.0  # upright Times "IIIIIIII": 0
    assert abs(_lean(img, rects["roman"])) < 0.5
    assert _lean(img, rects["mono"]) > 1.0
