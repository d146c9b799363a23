"""Filling others' forms at the edges (issue 26): a long value keeps its start in any
alignment, a cut line never peeks out, options no font can draw are refused, a signed
form is not flattened without saying so, read-only fields are filled only on purpose,
``ipforms fields`` reads stream values and fields with their own widget beside child
fields, a closed pipe ends quietly, and the font subsets are cached between runs.
Hand-made PDFs (tests/test_fill_drawing.tiny_pdf), rendered by Poppler and MuPDF."""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from ipforms.cli import main
from ipforms.core.errors import FormError
from ipforms.forms import unifont
from ipforms.forms.acroform import FF_READONLY, fields, read_fields
from ipforms.forms.appearance import MIN_SIZE
from ipforms.forms.fill import fill_pdf

from pdfcheck import changed_pixels, dark_pixels, render, write_pdf
from test_fill_drawing import _corpus, appearance, font_size, ink, ink_box, stream, text_widget, tiny_pdf

ENGINES = ["poppler", "mupdf"]
BIN = Path(sys.executable).parent


def stext_chars(pdf: Path) -> list[tuple[str, float, float, float]]:
    """Every character MuPDF finds on page 1: (character, left, right, baseline y in PDF
    points from the bottom)."""
    xml = subprocess.run(["mutool", "draw", "-q", "-F", "stext", "-o", "-", str(pdf), "1"],
                         check=True, capture_output=True, text=True).stdout
    height = float(re.search(r'<page [^>]*height="([0-9.]+)"', xml).group(1))
    out = []
    for m in re.finditer(r'<char quad="([^"]+)" x="[^"]+" y="([^"]+)"[^>]* c="([^"]*)"', xml):
        q = [float(v) for v in m.group(1).split()]
        c = re.sub(r"&#x([0-9a-f]+);", lambda h: chr(int(h.group(1), 16)), m.group(3))
        c = c.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace(
            "&quot;", '"')
        out.append((c, q[0], q[2], height - float(m.group(2))))
    return out


# -- 1. a long value keeps its start ------------------------------------------------------

LONG = "låbærsyltetøy Ærlig Øst Åse"


@pytest.mark.parametrize("engine", ENGINES)
def test_overflowing_value_shows_its_start_in_every_alignment(tmp_path, engine, caplog):
    """Too long even at 6 pt: left, centred and right-aligned boxes all show the value's
    start from their left padding, and the warning counts exactly the characters that
    do not end inside the box."""
    src = tmp_path / "align.pdf"
    boxes = {q: (50, 240 - 50 * q, 112, 256 - 50 * q) for q in range(3)}
    tiny_pdf(src, [text_widget(f"q{q}", rect, "/Helv 10 Tf 0 g", extra=f"/Q {q}")
                   for q, rect in boxes.items()]
             + [text_widget("fits", (50, 40, 250, 56), "/Helv 10 Tf 0 g", extra="/Q 2")])
    out = tmp_path / "align-filled.pdf"
    with caplog.at_level(logging.WARNING):
        out.write_bytes(fill_pdf(src, {"q0": LONG, "q1": LONG, "q2": LONG, "fits": "Øyer"}))
    img = render(out, 1, engine, tmp_path)
    lefts = []
    for q, rect in boxes.items():
        assert font_size(appearance(out, f"q{q}").get_data()) == MIN_SIZE
        x1, _, x2, _ = ink_box(img, rect)
        lefts.append(x1)
        assert 50 + 1 <= x1 <= 50 + 4, (q, x1)  # the first letter at the left padding
        assert x2 >= 112 - 3  # and the box full to its right edge
    assert max(lefts) - min(lefts) <= 1
    # a value that fits keeps its alignment: right-aligned, ending at the right padding
    x1, _, x2, _ = ink_box(img, (50, 40, 250, 56))
    assert 250 - 5 <= x2 <= 250 and x1 > 150

    hidden = {}
    for m in (r.getMessage() for r in caplog.records):
        found = re.match(r"field (q\d): .*its start is shown and the last (\d+) of its "
                         r"(\d+) characters are cut off", m)
        if found:
            hidden[found.group(1)] = (int(found.group(2)), int(found.group(3)))
    assert set(hidden) == {"q0", "q1", "q2"}
    chars = stext_chars(out)
    for q, (_, y1, x2, y2) in boxes.items():
        mine = [c for c in chars if y1 < c[3] < y2]
        assert "".join(c[0] for c in mine) == LONG  # drawn whole, clipped by the box
        whole = [c for c in mine if c[2] <= x2 + 0.05]  # ends inside the clip
        assert "".join(c[0] for c in whole) == LONG[:len(whole)]  # the start
        assert hidden[f"q{q}"] == (len(LONG) - len(whole), len(LONG)), q


@pytest.mark.slow  # the corpus of real forms
@pytest.mark.parametrize("engine", ENGINES)
def test_corpus_tax_form_centred_and_right_aligned_boxes_show_the_start(tmp_path, engine):
    """The IRS 1040 of the corpus: a centred box 50 pt wide and a right-aligned amount box
    72 pt wide, each given a value too long for it even at 6 pt: what changes on the page
    starts at the box's left edge."""
    from PIL import ImageChops

    src = _corpus()["npm-pdf2json-0.7.1/test/data/f1040.pdf"].path
    names = {"topmostSubform[0].Page1[0].Address[0].p1-t9[0]": 1,
             "topmostSubform[0].Page1[0].p1-t46[0]": 2}
    value = "Åse Ødegård Bæreia, Kongsvegen 12, 2636 Øyer"
    out = tmp_path / "f1040.pdf"
    out.write_bytes(fill_pdf(src, dict.fromkeys(names, value)))
    before, after = render(src, 1, engine, tmp_path), render(out, 1, engine, tmp_path)
    for name, q in names.items():
        (f,) = [f for f in fields(PdfReader(out)) if f.name == name]
        assert int(f.widgets[0].get("/Q", f.obj.get("/Q", 0))) == q
        x1, y1, x2, y2 = (float(v) for v in f.widgets[0]["/Rect"])
        box = (int(x1), int(after.height - y2), int(x2) + 1, int(after.height - y1) + 1)
        changed = ImageChops.difference(before.crop(box), after.crop(box)).point(
            lambda v: 255 if v > 60 else 0).getbbox()
        assert changed is not None, name
        assert changed[0] <= 5, (name, changed)  # from the left edge (2 pt padding)
        assert changed[2] >= box[2] - box[0] - 4, (name, changed)  # to the right edge
        # the characters placed inside the box are the value's start (a centred or
        # right-aligned placement put its end there, its start left of the box)
        if engine == "poppler":
            inside = subprocess.run(
                ["pdftotext", "-f", "1", "-l", "1", "-r", "72", "-x", str(int(x1)), "-y",
                 str(box[1]), "-W", str(int(x2 - x1) + 1), "-H", str(box[3] - box[1]),
                 str(out), "-"], check=True, capture_output=True, text=True).stdout.strip()
        else:
            inside = "".join(c[0] for c in stext_chars(out)
                             if x1 - 0.5 <= c[1] and c[2] <= x2 + 0.5 and y1 < c[3] < y2)
        assert len(inside) >= 8 and value.startswith(inside), (name, inside)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_cut_line_never_peeks_out_under_the_last_whole_one(tmp_path, engine, caplog):
    """A multi-line box with room for one line at 6 pt: the second line is not drawn
    (its top would show at the bottom of the box), and the warning says how many are
    cut."""
    src = tmp_path / "narrow.pdf"
    rect = (50, 100, 90, 114)
    tiny_pdf(src, [text_widget("note", rect, "/Helv 0 Tf 0 g", flags=1 << 12)])
    out = tmp_path / "narrow-filled.pdf"
    with caplog.at_level(logging.WARNING):
        out.write_bytes(fill_pdf(src, {"note": "ord ord ord ord ord ord"}))
    content = appearance(out, "note").get_data()
    assert content.count(b" Tj") == 1
    assert any("the last 1 of its 2 lines are cut off" in r.getMessage()
               for r in caplog.records)
    img = render(out, 1, engine, tmp_path)
    assert ink(img, (51, 107, 89, 113)) > 5  # the first line
    # nothing in the bottom 4 pt, where the second line's top was
    assert ink(img, (51, 101, 89, 104)) < 0.5
    if engine == "mupdf":
        assert "".join(c[0] for c in stext_chars(out)).strip() == "ord ord ord"


# -- 2. options no font can draw ----------------------------------------------------------

def choice_widget(name: str, rect: tuple, options: list[str], combo: bool,
                  da: str = "/Helv 10 Tf 0 g") -> bytes:
    opts = " ".join("<FEFF" + o.encode("utf-16-be").hex().upper() + ">" for o in options)
    r = " ".join(str(v) for v in rect)
    return (f"<< /Type /Annot /Subtype /Widget /FT /Ch /T ({name}) /Rect [{r}] /P 3 0 R "
            f"/F 4 /Ff {1 << 17 if combo else 0} /Opt [{opts}] /DA ({da}) "
            f"/MK << /BC [0 0 0] >> >>").encode()


def choice_form(path: Path) -> None:
    tiny_pdf(path, [
        choice_widget("combo", (50, 240, 200, 260), ["Norsk", "中文", "日本語", "العربية"],
                      combo=True),
        choice_widget("list", (50, 140, 200, 200), ["Norsk", "Sámegiella", "中文"],
                      combo=False),
        choice_widget("latin", (220, 140, 370, 200), ["Norsk", "Sámegiella", "Kvääni"],
                      combo=False),
    ])


def cjk_form(path: Path) -> None:
    """A combo box and a list box with Chinese, Japanese and Korean options, and a text
    field, all with Helvetica (WinAnsi) as their /DA font: Liberation Sans stands in."""
    tiny_pdf(path, [
        choice_widget("combo", (50, 240, 250, 260), ["Norsk", "中文", "日本語"], combo=True),
        choice_widget("list", (50, 120, 250, 200),
                      ["Norsk", "北京市 (Beijing)", "東京都", "ひらがな カタカナ", "한국어"],
                      combo=False),
        text_widget("name", (50, 80, 300, 100), "/Helv 12 Tf 0 g"),
    ])


CJK_VALUES = {"combo": "日本語", "list": "東京都", "name": "王小明 Wang, 東京 (ﾄｳｷｮｳ)"}


@pytest.mark.parametrize("engine", ENGINES)
def test_cjk_options_and_text_are_drawn_with_the_installed_fallback_font(
        tmp_path, engine, caplog):
    """Chinese, Japanese and Korean options of a combo and a list box, and CJK text mixed
    with Latin in a text field: neither Helvetica nor Liberation Sans has them, Droid
    Sans Fallback (fonts-droid-fallback) does; each character is drawn by the first font
    that has it (its Latin by Liberation Sans), both embedded, text extractable."""
    src = tmp_path / "cjk.pdf"
    cjk_form(src)
    out = tmp_path / "cjk-filled.pdf"
    with caplog.at_level(logging.WARNING):
        out.write_bytes(fill_pdf(src, CJK_VALUES))
    said = [r.getMessage() for r in caplog.records]
    for field in ("combo", "list", "name"):
        assert any(f"field {field}: the characters " in m and "Droid Sans Fallback" in m
                   and "Debian package fonts-droid-fallback" in m for m in said), said
    # inside each widget there is ink where the blank form had none
    before, after = render(src, 1, engine, tmp_path), render(out, 1, engine, tmp_path)
    assert changed_pixels(before, after, (52, 242, 248, 258), after.height) > 40  # 日本語
    assert changed_pixels(before, after, (52, 122, 248, 198), after.height) > 200  # 5 rows
    assert changed_pixels(before, after, (52, 82, 298, 98), after.height) > 80
    # nothing outside the widgets
    assert changed_pixels(before, after, (260, 60, 590, 400), after.height) == 0
    if engine == "mupdf":
        text = "".join(c[0] for c in stext_chars(out))
    else:
        text = subprocess.run(["pdftotext", "-layout", str(out), "-"], check=True,
                              capture_output=True, text=True).stdout
    for s in ("日本語", "北京市 (Beijing)", "東京都", "ひらがな カタカナ", "한국어",
              "王小明 Wang, 東京 (ﾄｳｷｮｳ)"):
        assert s.replace(" ", "") in text.replace(" ", ""), (s, text)
    fonts = subprocess.run(["pdffonts", str(out)], check=True, capture_output=True,
                           text=True).stdout
    rows = [line.split() for line in fonts.splitlines()[2:]]
    droid = [r for r in rows if "+DroidSansFallback" in r[0]]
    assert len(droid) == 2  # the Full font (Chinese, Japanese) and the other (Korean)
    assert all(r[1:3] == ["CID", "TrueType"] and r[-5:-2] == ["yes", "yes", "yes"]
               for r in droid + [r for r in rows if "+LiberationSans" in r[0]])


def test_the_fallback_subset_is_cached_and_gives_the_same_bytes(tmp_path):
    src = tmp_path / "cjk.pdf"
    cjk_form(src)
    cache = tmp_path / "fonts"
    unifont.use_cache_dir(cache)
    try:
        cold = fill_pdf(src, CJK_VALUES)
        made = [p.name for p in cache.iterdir()]
        assert any(n.startswith("DroidSansFallbackFull-") and n.endswith(".ttf")
                   for n in made), made  # the subset, keyed by its glyphs
        warm = fill_pdf(src, CJK_VALUES)
    finally:
        unifont.use_cache_dir(None)
    assert warm == cold == fill_pdf(src, CJK_VALUES)  # cached or made anew: the same


def test_arabic_option_is_refused_as_right_to_left(tmp_path):
    """DejaVu Sans has Arabic letters, but drawn one by one, unjoined and left to right,
    they would be wrong: right-to-left text stays refused, in options and text."""
    src = tmp_path / "choice.pdf"
    choice_form(src)
    with pytest.raises(FormError, match=r"field 'combo': the option 'العربية' is "
                                        r"right-to-left text \('ا', U\+0627\); ipforms "
                                        r"cannot draw it"):
        fill_pdf(src, {"combo": "العربية"})
    cjk = tmp_path / "cjk.pdf"
    cjk_form(cjk)
    with pytest.raises(FormError) as exc:
        fill_pdf(cjk, {"name": "مرحبا"})
    assert str(exc.value) == (
        "field 'name': the character 'م' (U+0645) cannot be shown in a PDF form field: it "
        "is right-to-left text, which ipforms cannot draw (it neither shapes nor reorders "
        "such text)")


def test_a_script_no_installed_font_has_is_refused_and_nothing_written(tmp_path):
    """Cuneiform: in no font ipforms looks in; the error says so and where it looked."""
    src = tmp_path / "choice.pdf"
    tiny_pdf(src, [choice_widget("list", (50, 140, 200, 200), ["Norsk", "𒀭𒂗𒍪"],
                                 combo=False)])
    with pytest.raises(FormError) as exc:
        fill_pdf(src, {"list": "Norsk"})  # a list box shows every option
    msg = str(exc.value)
    assert msg.startswith("field 'list': the option '𒀭𒂗𒍪' cannot be drawn: the character "
                          "'𒀭' (U+1202D) is not in the form's font Helv, and no installed "
                          "font has it (Liberation Sans, Droid Sans Fallback, DejaVu Sans")
    assert msg.endswith("the Debian package fonts-noto-core has Noto Sans for many scripts"
                        ) or msg.endswith("and ipforms knows of none that has")
    out = tmp_path / "out.pdf"
    r = CliRunner().invoke(main, ["fill", str(src), "--set", "list=Norsk", "-o", str(out)])
    assert r.exit_code == 2 and r.output.startswith(f"error: {msg}\nhint: choose another")
    assert not out.exists()


def test_without_the_fallback_font_cjk_is_refused_naming_the_package(tmp_path, monkeypatch):
    """Where fonts-droid-fallback is not installed: refused, and the error says which
    Debian package to install."""
    monkeypatch.setattr(unifont, "FALLBACKS", tuple(
        f for f in unifont.FALLBACKS if f[2] != "fonts-droid-fallback"))
    unifont.fallback_fonts.cache_clear()
    unifont.fallback_for.cache_clear()
    try:
        src = tmp_path / "cjk.pdf"
        cjk_form(src)
        with pytest.raises(FormError) as exc:
            fill_pdf(src, {"combo": "中文"})
        assert str(exc.value) == (
            "field 'combo': the option '中文' cannot be drawn: the character '中' (U+4E2D) "
            "is not in the form's font Helv, and no installed font has it (Liberation "
            "Sans, DejaVu Sans); install the Debian package fonts-droid-fallback "
            "(Chinese, Japanese, Korean)")
        with pytest.raises(FormError, match=r"field 'name': the character '王' \(U\+738B\) "
                                            r"cannot be shown .* install the Debian package "
                                            r"fonts-droid-fallback"):
            fill_pdf(src, {"name": "王"})
    finally:
        monkeypatch.undo()
        unifont.fallback_fonts.cache_clear()
        unifont.fallback_for.cache_clear()


def test_list_box_that_shows_an_undrawable_option_is_refused(tmp_path):
    """A list box draws its options, not only the chosen one: an Arabic option among them
    is refused even when a Latin one is chosen; a combo box draws only the chosen one."""
    src = tmp_path / "choice.pdf"
    tiny_pdf(src, [choice_widget("list", (50, 140, 200, 200), ["Norsk", "العربية"],
                                 combo=False)])
    with pytest.raises(FormError, match="field 'list': the option 'العربية' is right-to-left"):
        fill_pdf(src, {"list": "Norsk"})
    choice_form(src)
    fill_pdf(src, {"combo": "Norsk", "latin": "Sámegiella"})  # fine


@pytest.mark.parametrize("engine", ENGINES)
def test_drawable_options_are_drawn(tmp_path, engine):
    src = tmp_path / "choice.pdf"
    choice_form(src)
    out = tmp_path / "choice-filled.pdf"
    out.write_bytes(fill_pdf(src, {"combo": "Norsk", "latin": "Kvääni"}))
    before, after = render(src, 1, engine, tmp_path), render(out, 1, engine, tmp_path)
    assert changed_pixels(before, after, (52, 242, 198, 258), after.height) > 20
    assert changed_pixels(before, after, (222, 142, 368, 198), after.height) > 60
    if engine == "mupdf":
        text = "".join(c[0] for c in stext_chars(out))
        assert "Norsk" in text and "Sámegiella" in text and "Kvääni" in text


def dejavu_armenian_form(path: Path) -> str:
    """A list box whose /DA font is the form's own embedded simple TrueType font (DejaVu
    Sans, which has Armenian; Liberation Sans has not), codes 33.. mapped to the
    options' letters by /Differences; returns the Armenian option."""
    import io

    from fontTools import subset
    from fontTools.ttLib import TTFont

    word = "Հայերեն"
    letters = sorted(set(word + "Norsk"))
    font = TTFont("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    cmap, hmtx = font.getBestCmap(), font["hmtx"]
    names = [cmap[ord(ch)] for ch in letters]
    scale = 1000 / font["head"].unitsPerEm
    widths = " ".join(str(round(hmtx[n][0] * scale)) for n in names)
    opts = subset.Options()
    opts.notdef_outline = True
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=[ord(ch) for ch in letters])
    sub.subset(font)
    buf = io.BytesIO()
    font.save(buf)
    ttf = buf.getvalue()
    diffs = " ".join("/" + n for n in names)
    tiny_pdf(path, [choice_widget("lang", (50, 150, 250, 200), ["Norsk", word], combo=False,
                                  da="/F1 12 Tf 0 g"),
                    text_widget("name", (50, 80, 250, 100), "/F1 12 Tf 0 g")], extra=[
        (f"<< /Type /Font /Subtype /TrueType /BaseFont /ABCDEF+DejaVuSans /FirstChar 33 "
         f"/LastChar {32 + len(names)} /Widths [{widths}] /Encoding << /Type /Encoding "
         f"/BaseEncoding /WinAnsiEncoding /Differences [33 {diffs}] >> "
         f"/FontDescriptor 7 0 R >>").encode(),
        b"<< /Type /FontDescriptor /FontName /ABCDEF+DejaVuSans /Flags 32 /FontBBox "
        b"[-1021 -463 1793 1232] /ItalicAngle 0 /Ascent 928 /Descent -236 /CapHeight 729 "
        b"/StemV 80 /FontFile2 8 0 R >>",
        stream(zlib.compress(ttf), f"/Filter /FlateDecode /Length1 {len(ttf)}".encode()),
    ], dr=b"/DR << /Font << /F1 6 0 R >> >>")
    return word


@pytest.mark.parametrize("engine", ENGINES)
def test_the_forms_own_font_draws_options_and_text_liberation_lacks(tmp_path, engine):
    src = tmp_path / "armenian.pdf"
    word = dejavu_armenian_form(src)
    assert not unifont.has_glyph(word[0])
    out = tmp_path / "armenian-filled.pdf"
    out.write_bytes(fill_pdf(src, {"lang": word, "name": word}))  # an option, and text
    for name in ("lang", "name"):
        ap = appearance(out, name)
        assert ap["/Resources"]["/Font"].raw_get("/F1").idnum == 6  # the form's own font
    img = render(out, 1, engine, tmp_path)
    assert dark_pixels(img, (52, 152, 248, 198), img.height) > 80
    assert dark_pixels(img, (52, 82, 248, 98), img.height) > 30
    if engine == "mupdf":
        text = "".join(c[0] for c in stext_chars(out))
        assert "Norsk" in text and text.count(word) == 2
    # a character no font has: refused, as ever
    with pytest.raises(FormError, match="the character '𒀭' .* the form's font F1 has no "
                                        "glyph for it, and no installed font has it"):
        fill_pdf(src, {"name": word + "𒀭"})


# -- 3. a signed form is not flattened silently ------------------------------------------

def signed_form(path: Path) -> None:
    """A text field and a signature field holding a valid PKCS#7 detached signature
    (adbe.pkcs7.detached, a self-signed certificate) over the whole file."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs7
    from cryptography.x509.oid import NameOID

    placeholder = b"0" * 8192
    tiny_pdf(path, [
        text_widget("name", (50, 200, 300, 220), "/Helv 10 Tf 0 g"),
        b"<< /Type /Annot /Subtype /Widget /FT /Sig /T (signature) /Rect [50 100 300 150] "
        b"/P 3 0 R /F 4 /V 6 0 R >>",
    ], extra=[
        b"<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached "
        b"/ByteRange [0 0000000000 0000000000 0000000000] /Contents <" + placeholder
        + b"> /M (D:20261207000000Z) /Name (Testsignatar) >>",
    ], dr=b"/SigFlags 3")
    data = bytearray(path.read_bytes())
    start = data.index(b"/Contents <") + len(b"/Contents ")
    end = start + len(placeholder) + 2
    br = f"0 {start:010d} {end:010d} {len(data) - end:010d}".encode()
    at = data.index(b"0 0000000000 0000000000 0000000000")
    data[at:at + len(br)] = br
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    who = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Testsignatar")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(who).issuer_name(who)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=30)).sign(key, hashes.SHA256()))
    sig = (pkcs7.PKCS7SignatureBuilder().set_data(bytes(data[:start] + data[end:]))
           .add_signer(cert, key, hashes.SHA256())
           .sign(serialization.Encoding.DER, [pkcs7.PKCS7Options.DetachedSignature,
                                                    pkcs7.PKCS7Options.Binary]))
    hexsig = sig.hex().encode()
    assert len(hexsig) <= len(placeholder)
    data[start + 1:start + 1 + len(hexsig)] = hexsig
    path.write_bytes(bytes(data))


def pdfsig(path: Path) -> str:
    r = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True)
    return r.stdout + r.stderr


def test_flatten_of_a_signed_form_is_refused_unless_asked(tmp_path, caplog):
    src = tmp_path / "signed.pdf"
    signed_form(src)
    assert "Signature Validation: Signature is Valid." in pdfsig(src)
    # filling alone: an incremental update, the signature stays valid
    filled = tmp_path / "filled.pdf"
    r = CliRunner().invoke(main, ["fill", str(src), "--set", "name=Åse Ødegård",
                                  "-o", str(filled)])
    assert r.exit_code == 0, r.output
    assert "Signature Validation: Signature is Valid." in pdfsig(filled)
    # flattening: refused, nothing written, the way out said
    flat = tmp_path / "flat.pdf"
    r = CliRunner().invoke(main, ["fill", str(src), "--set", "name=Åse Ødegård", "--flatten",
                                  "-o", str(flat)])
    assert r.exit_code == 2 and not flat.exists()
    assert r.output == (
        f"error: {src}: the form is digitally signed (signature field signature); flattening "
        f"removes the form's fields, the signature with them\nhint: fill it without "
        f"--flatten (the signature stays valid), or add --drop-signatures to flatten it and "
        f"drop the signature on purpose\n")
    r = CliRunner().invoke(main, ["fill", str(src), "--drop-signatures", "-o", str(flat)])
    assert r.exit_code == 2 and "--drop-signatures goes with --flatten" in r.output
    # on purpose: flattened, the signature gone, and said so
    with caplog.at_level(logging.WARNING):
        r = CliRunner().invoke(main, ["fill", str(src), "--set", "name=Åse Ødegård",
                                      "--flatten", "--drop-signatures", "-o", str(flat)])
    assert r.exit_code == 0, r.output
    assert any("the digital signature of signature is removed" in rec.getMessage()
               for rec in caplog.records)
    assert "does not contain any signatures" in pdfsig(flat)
    for engine in ENGINES:
        img = render(flat, 1, engine, tmp_path)
        assert dark_pixels(img, (50, 200, 300, 220), img.height) > 30, engine


# -- 4. read-only fields, on purpose only -------------------------------------------------

@pytest.mark.parametrize("engine", ENGINES)
def test_read_only_field_is_filled_only_on_purpose_and_stays_read_only(tmp_path, engine):
    src = tmp_path / "ro.pdf"
    tiny_pdf(src, [text_widget("saksnr", (50, 200, 300, 220), "/Helv 10 Tf 0 g",
                               flags=FF_READONLY)])
    out = tmp_path / "ro-filled.pdf"
    r = CliRunner().invoke(main, ["fill", str(src), "--set", "saksnr=2026/17", "-o", str(out)])
    assert r.exit_code == 2 and not out.exists()
    assert r.output == ("error: field 'saksnr': the field is read-only in this PDF: its maker "
                        "meant it not to be changed (often it is filled by the office that "
                        "receives the form)\nhint: to fill it on purpose, add --fill-readonly "
                        "(it stays read-only)\n")
    r = CliRunner().invoke(main, ["fill", str(src), "--set", "saksnr=2026/17",
                                  "--fill-readonly", "-o", str(out)])
    assert r.exit_code == 0, r.output
    (f,) = read_fields(out)
    assert f.value == "2026/17" and f.readonly
    before, after = render(src, 1, engine, tmp_path), render(out, 1, engine, tmp_path)
    assert changed_pixels(before, after, (50, 200, 300, 220), after.height) > 30


# -- 6. ipforms fields, a closed pipe -----------------------------------------------------

def test_fields_lists_a_stream_value_as_its_text_and_a_field_with_widget_and_child(tmp_path):
    """A rich-text field whose /V is a text stream (UTF-16BE, compressed) shows its text;
    a field with its own widget and a child field is listed, and filled, beside it."""
    src = tmp_path / "odd.pdf"
    text = "Blåbær og «tyttebær»"
    value = zlib.compress(b"\xfe\xff" + text.encode("utf-16-be"))
    write_pdf(src, [
        b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R 5 0 R] "
        b"/DA (/Helv 0 Tf 0 g) >> >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 400 300] /Annots [4 0 R 5 0 R 7 0 R] >>",
        text_widget("rich", (50, 240, 300, 260), "/Helv 10 Tf 0 g", flags=1 << 25,
                    extra="/V 6 0 R /RV (<body><p>Blabaer</p></body>)"),
        text_widget("parent", (50, 180, 300, 200), "/Helv 10 Tf 0 g", extra="/Kids [7 0 R]"),
        stream(value, b"/Filter /FlateDecode"),
        b"<< /Type /Annot /Subtype /Widget /T (child) /Parent 5 0 R /FT /Tx /Rect "
        b"[50 120 300 140] /P 3 0 R /F 4 /DA (/Helv 10 Tf 0 g) >>",
    ])
    found = {f.name: f for f in read_fields(src)}
    assert set(found) == {"rich", "parent", "parent.child"}
    assert found["rich"].value == text
    r = CliRunner().invoke(main, ["fields", str(src)])
    assert r.exit_code == 0, r.output
    assert text in r.output and "FlateDecode" not in r.output
    assert re.search(r"^parent +text", r.output, re.M)
    assert re.search(r"^parent\.child +text", r.output, re.M)
    out = tmp_path / "odd-filled.pdf"
    out.write_bytes(fill_pdf(src, {"parent": "Forelder", "parent.child": "Barn"}))
    got = {f.name: f.value for f in fields(PdfReader(out))}
    assert got["parent"] == "Forelder" and got["parent.child"] == "Barn"
    for engine in ENGINES:
        before, after = render(src, 1, engine, tmp_path), render(out, 1, engine, tmp_path)
        for rect in ((50, 180, 300, 200), (50, 120, 300, 140)):
            assert changed_pixels(before, after, rect, after.height) > 20, (engine, rect)


def test_a_stream_value_bomb_is_cut(tmp_path):
    src = tmp_path / "bomb.pdf"
    tiny_pdf(src, [text_widget("x", (50, 240, 300, 260), "/Helv 10 Tf 0 g",
                               extra="/V 5 0 R")],
             extra=[stream(zlib.compress(b"a" * (64 << 20), 9), b"/Filter /FlateDecode")])
    (f,) = read_fields(src)
    assert f.value == "a" * (1 << 20)


def test_fields_into_a_closed_pipe_ends_quietly(tmp_path):
    src = tmp_path / "align.pdf"
    tiny_pdf(src, [text_widget(f"f{i}", (50, 10 + i, 60, 11 + i), "/Helv 0 Tf 0 g")
                   for i in range(200)])
    with subprocess.Popen([str(BIN / "ipforms"), "fields", str(src)], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE) as p:
        p.stdout.close()  # as `| head` does once it has its lines
        err = p.stderr.read()
        assert p.wait() == 141 and err == b""


# -- 5. the font cache of the CLI -----------------------------------------------------------

def test_cli_fill_caches_the_font_subset_and_gives_the_same_bytes(tmp_path):
    src = tmp_path / "six.pdf"
    tiny_pdf(src, [text_widget(f"f{i}", (50, 250 - 30 * i, 300, 270 - 30 * i),
                               "/Helv 10 Tf 0 g") for i in range(6)])
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"))
    sets = ["--set", "f0=Åse Ødegård", "--set", "f1=Máret Ŋ"]  # WinAnsi, and not

    def fill(out: str) -> bytes:
        subprocess.run([str(BIN / "ipforms"), "fill", str(src), *sets, "-o",
                        str(tmp_path / out)], env=env, check=True, capture_output=True)
        return (tmp_path / out).read_bytes()

    cold = fill("a.pdf")
    cached = sorted(p.suffix for p in (tmp_path / "cache" / "ipforms" / "fonts").iterdir())
    assert cached == [".json", ".ttf", ".ttf"]  # metrics, the WinAnsi and the glyph subset
    warm = fill("b.pdf")
    assert warm == cold
    # a damaged entry is made again, never used
    for p in (tmp_path / "cache" / "ipforms" / "fonts").iterdir():
        p.write_bytes(b"garbage")
    assert fill("c.pdf") == cold


def test_fill_of_a_foreign_form_loads_neither_definitions_nor_municipality_module(tmp_path):
    src = tmp_path / "one.pdf"
    tiny_pdf(src, [text_widget("f", (50, 250, 300, 270), "/Helv 10 Tf 0 g")])
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"))
    probe = ("import sys, runpy\n"
             f"sys.argv = ['ipforms', 'fill', {str(src)!r}, '--set', 'f=Øyer', '-o', "
             f"{str(tmp_path / 'o.pdf')!r}]\n"
             "try:\n    runpy.run_module('ipforms', run_name='__main__')\n"
             "except SystemExit:\n    pass\n"
             "print(' '.join(sorted(sys.modules)), file=sys.stderr)\n")
    for _ in range(2):  # the second run reads the font cache
        r = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True,
                           text=True, check=True)
    loaded = set(r.stderr.split()[-1:] and r.stderr.splitlines()[-1].split())
    assert (tmp_path / "o.pdf").is_file()
    for heavy in ("pydantic", "ipforms.core.municipality", "ipforms.forms.formdef",
                  "fontTools.subset", "ipforms.validation.validate", "jinja2", "yaml"):
        assert heavy not in loaded, heavy
