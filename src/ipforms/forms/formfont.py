"""The form's own font: draw a field's value with the font its ``/DA`` names, when the
form embeds that font and it has a glyph for every character of the value.

A viewer that draws a field itself uses the font of the field's ``/DA`` (looked up in
the AcroForm's ``/DR``).  :func:`resolve` reads that font once per document and says
which characters it can show:

* only simple fonts (``/Type1``, ``/TrueType``) whose program is embedded
  (``/FontFile2`` TrueType, ``/FontFile3`` CFF or OpenType; a bare Type 1 ``/FontFile`` is not
  read, and ``/Type0`` fonts are left to the fallback);
* its encoding: ``/WinAnsiEncoding``, ``/MacRomanEncoding``, or a ``/Differences``
  dictionary over one of them (or over StandardEncoding);
* a character counts only if its code is in ``/FirstChar``..``/LastChar`` with a width
  above 0 **and** the embedded program has its glyph (a subset often keeps widths for
  glyphs it dropped): the TrueType cmap, or the CFF charset's glyph names.

Otherwise (not embedded, a standard-14 name, a character the font lacks) the value is
drawn with our embedded Liberation Sans, as before (:mod:`ipforms.forms.appearance`),
or the embedded Liberation face that stands in for the font (:func:`substitute`: Serif
for Times, Mono for Courier, bold and italic faces).
fontTools reads the programs (it comes with WeasyPrint and is used for Liberation Sans
already).
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from typing import Any

from pypdf.generic import ArrayObject, DictionaryObject, StreamObject

from .acroform import as_dict
from .appearance import pdf_literal, width_in

log = logging.getLogger(__name__)

#: Python codecs of the base encodings (StandardEncoding: only its ASCII part is the same
#: as Latin-1, so only codes below 128 are taken from it)
_CODECS = {"/WinAnsiEncoding": "cp1252", "/MacRomanEncoding": "mac_roman"}


@dataclass(frozen=True)
class FormFont:
    """A font of the form that values can be drawn with (see :func:`resolve`)."""

    resource: str  # the name in /DR and in the appearance's resources, "/Arial"
    ref: object  # the font dictionary (an indirect reference, or the dictionary itself)
    codes: dict[str, int]  # character -> code, only characters with a glyph
    widths: dict[str, float]  # character -> advance width, 1/1000 em

    def has(self, text: str) -> bool:
        codes = self.codes
        return all(ch in codes for ch in text if ch != "\n")

    def text_width(self, text: str, size: float) -> float:
        return width_in(self.widths, text, size)

    def pdf_string(self, text: str) -> bytes:
        return pdf_literal(bytes(self.codes[ch] for ch in text))


def resolve(dr_fonts: DictionaryObject | None, name: str) -> FormFont | None:
    """The font ``name`` (as in a /DA, without the slash) of ``/DR /Font``, if it is an
    embedded simple font whose characters can be told; else None (use the fallback)."""
    if dr_fonts is None:
        return None
    key = "/" + name
    if key not in dr_fonts:
        return None
    ref = dr_fonts.raw_get(key)
    font = as_dict(ref)
    if font is None or font.get("/Subtype") not in ("/TrueType", "/Type1"):
        return None
    desc = as_dict(font.get("/FontDescriptor"))
    if desc is None:
        return None
    try:
        return _read(key, ref, font, desc)
    except MemoryError:  # never swallowed: the reader's guard says it (pdf.memory)
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged font: fontTools/pypdf raise many kinds
        log.info("form font %s cannot be read (%s: %s); Liberation Sans is used",
                 name, exc.__class__.__name__, exc)
        return None


#: Acrobat's /DA names of the standard-14 fonts (PDF 32000-1, 12.7.3.3 uses Helv, ZaDb)
_DA_NAMES = {"Helv": "Sans", "HeBo": "SansBold", "HeOb": "SansItalic", "HeBO": "SansBoldItalic",
             "TiRo": "Serif", "Ti": "Serif", "TiBo": "SerifBold", "TiIt": "SerifItalic",
             "TiBI": "SerifBoldItalic", "Cour": "Mono", "Co": "Mono", "CoBo": "MonoBold",
             "CoOb": "MonoItalic", "CoBO": "MonoBoldItalic"}


def substitute(font: DictionaryObject | None, name: str) -> str:
    """For a font that is not embedded: ``Mono`` for Courier, ``Serif`` for Times (drawn
    with metric-compatible Liberation Mono or Serif), ``Sans`` for Helvetica and anything
    else, followed by ``Bold``, ``Italic`` or ``BoldItalic`` when the name says so
    (``Helvetica-BoldOblique``, ``Times-Italic``, ``Arial,Bold``); "" for plain Sans (our
    Liberation Sans).  Judged by /BaseFont, or by the /DA name when /DR lacks the font
    (``Cour``, ``TiRo``, ``HeBo``)."""
    if font is not None:
        desc = as_dict(font.get("/FontDescriptor"))
        if desc is not None and any(k in desc for k in ("/FontFile", "/FontFile2",
                                                         "/FontFile3")):
            return ""  # embedded, but not usable (see resolve): Liberation Sans
        base = str(font.get("/BaseFont", ""))[1:]
    elif name in _DA_NAMES:
        return _DA_NAMES[name] if _DA_NAMES[name] != "Sans" else ""
    else:
        base = name
    base = base.split("+", 1)[-1].lower()
    family = "Sans"
    if base.startswith(("courier", "cour")) or "mono" in base:
        family = "Mono"
    elif base.startswith("times") or base in ("tiro", "ti", "tibo", "tiit", "tibi"):
        family = "Serif"
    style = (("Bold" if "bold" in base else "")
             + ("Italic" if "italic" in base or "oblique" in base else ""))
    return "" if family == "Sans" and not style else family + style


def _read(key: str, ref, font: DictionaryObject, desc: DictionaryObject) -> FormFont | None:
    code_chars = _encoding(font)
    if code_chars is None:
        return None
    first = int(font.get("/FirstChar", 0))
    widths_arr = font.get("/Widths")
    widths_arr = widths_arr.get_object() if widths_arr is not None else None
    if not isinstance(widths_arr, ArrayObject):
        return None
    widths_list = [float(w.get_object()) for w in widths_arr]
    ff2, ff3 = _stream(desc.get("/FontFile2")), _stream(desc.get("/FontFile3"))
    if ff2 is not None:
        present = _truetype_chars(ff2, code_chars)
    elif ff3 is not None and ff3.get("/Subtype") == "/OpenType":
        present = _truetype_chars(ff3, code_chars)
    elif ff3 is not None and ff3.get("/Subtype") == "/Type1C":
        present = _cff_chars(ff3, code_chars)
    else:
        return None
    codes: dict[str, int] = {}
    widths: dict[str, float] = {}
    for code, ch in code_chars.items():
        i = code - first
        if not 0 <= i < len(widths_list) or widths_list[i] <= 0 or ch not in present:
            continue
        if ch not in codes:
            codes[ch] = code
            widths[ch] = widths_list[i]
    if " " in code_chars.values() and " " not in codes:
        sp = next(c for c, ch in code_chars.items() if ch == " ")
        if 0 <= sp - first < len(widths_list):  # a space has no outline: its width is enough
            codes[" "], widths[" "] = sp, widths_list[sp - first]
    if not codes:
        return None
    return FormFont(resource=key, ref=ref, codes=codes, widths=widths)


def _stream(value) -> StreamObject | None:
    value = value.get_object() if value is not None else None
    return value if isinstance(value, StreamObject) else None


def _encoding(font: DictionaryObject) -> dict[int, str] | None:
    """Code -> character of the font's encoding (None: one not read here)."""
    from fontTools.agl import toUnicode

    enc = font.get("/Encoding")
    enc = enc.get_object() if enc is not None else None
    diffs = None
    if isinstance(enc, DictionaryObject):
        diffs = enc.get("/Differences")
        enc = enc.get("/BaseEncoding")
        enc = enc.get_object() if enc is not None else "/StandardEncoding"
    if enc is None:
        return None  # the font's built-in encoding: not read here
    out: dict[int, str] = {}
    codec = _CODECS.get(str(enc))
    if codec is not None:
        for code in range(32, 256):
            try:
                out[code] = bytes([code]).decode(codec)
            except UnicodeDecodeError:
                pass
    elif str(enc) == "/StandardEncoding":
        out = {code: chr(code) for code in range(32, 127) if chr(code) not in "'`"}
    else:
        return None
    if diffs is not None:
        code = 0
        for item in diffs.get_object():
            item = item.get_object()
            if isinstance(item, (int, float)):
                code = int(item)
                continue
            uni = toUnicode(str(item)[1:])
            if len(uni) == 1:
                out[code] = uni
            else:
                out.pop(code, None)
            code += 1
    return {c: ch for c, ch in out.items() if ch.isprintable()}


def _truetype_chars(stream: StreamObject, code_chars: dict[int, str]) -> set[str]:
    """The characters of ``code_chars`` whose glyph the embedded TrueType (or OpenType)
    program has:
    through its (3,1) Unicode cmap, else its (1,0) or (3,0) cmap by code (PDF 32000-1,
    9.6.6.4).

    The cmap is read here, not by fontTools: only the three subtables used, and only the
    codes asked for (at most 256), each looked up in place.  fontTools expands every
    subtable into a dictionary, and a hostile font with hundreds of subtables mapping
    every code point took 3 GB."""
    cmaps, num_glyphs = _sfnt_cmaps(stream.get_data())
    present: set[str] = set()
    uni = cmaps.get((3, 1)) or cmaps.get((0, 3)) or cmaps.get((0, 4))
    by_code = cmaps.get((1, 0))
    sym = cmaps.get((3, 0))
    for code, ch in code_chars.items():
        glyph = 0
        if uni is not None:
            glyph = uni(ord(ch))
        if not glyph and by_code is not None:
            mac = _mac_code(ch)
            glyph = by_code(mac) if mac is not None else 0
        if not glyph and sym is not None:
            glyph = sym(0xF000 + code) or sym(code)
        if 0 < glyph < num_glyphs:
            present.add(ch)
    return present


def _u16(b: bytes, at: int) -> int:
    return int.from_bytes(b[at:at + 2], "big") if at + 2 <= len(b) else 0


def _u32(b: bytes, at: int) -> int:
    return int.from_bytes(b[at:at + 4], "big") if at + 4 <= len(b) else 0


def _sfnt_cmaps(data: bytes) -> tuple[dict[tuple[int, int], Any], int]:
    """The cmap subtables of a TrueType/OpenType font (the first font of a collection) as
    lookup functions code -> glyph id (0: none), by (platform, encoding), and the number of
    glyphs (maxp).  Formats 0, 4, 6 and 12; any other subtable is left out."""
    base = _u32(data, 12) if data[:4] == b"ttcf" else 0
    tables = {}
    for i in range(min(_u16(data, base + 4), 256)):
        rec = base + 12 + 16 * i
        tables[data[rec:rec + 4]] = (_u32(data, rec + 8), _u32(data, rec + 12))
    if b"cmap" not in tables or b"maxp" not in tables:
        raise ValueError("no cmap or maxp table")
    num_glyphs = _u16(data, tables[b"maxp"][0] + 4)
    off, length = tables[b"cmap"]
    cmap = data[off:off + length]
    found: dict[tuple[int, int], Any] = {}
    for i in range(min(_u16(cmap, 2), 1024)):
        rec = 4 + 8 * i
        key = (_u16(cmap, rec), _u16(cmap, rec + 2))
        if key in found or key not in ((3, 1), (0, 3), (0, 4), (1, 0), (3, 0)):
            continue
        lookup = _subtable(cmap, _u32(cmap, rec + 4))
        if lookup is not None:
            found[key] = lookup
    return found, num_glyphs


def _subtable(cmap: bytes, at: int):
    """A lookup code -> glyph id for the cmap subtable at ``at`` (None: a format not read)."""
    fmt = _u16(cmap, at)
    if fmt == 0:
        return lambda c: cmap[at + 6 + c] if 0 <= c < 256 and at + 6 + c < len(cmap) else 0
    if fmt == 6:
        first, count = _u16(cmap, at + 6), _u16(cmap, at + 8)
        return lambda c: _u16(cmap, at + 10 + 2 * (c - first)) if first <= c < first + count else 0
    if fmt == 4:
        segs = _u16(cmap, at + 6) // 2
        ends, starts = at + 14, at + 16 + 2 * segs
        deltas, ranges = starts + 2 * segs, starts + 4 * segs

        def four(c: int) -> int:
            lo, hi = 0, segs  # the first segment whose end is >= c
            while lo < hi:
                mid = (lo + hi) // 2
                if _u16(cmap, ends + 2 * mid) < c:
                    lo = mid + 1
                else:
                    hi = mid
            if lo >= segs or _u16(cmap, starts + 2 * lo) > c:
                return 0
            ro = _u16(cmap, ranges + 2 * lo)
            if not ro:
                return (c + _u16(cmap, deltas + 2 * lo)) & 0xFFFF
            g = _u16(cmap, ranges + 2 * lo + ro + 2 * (c - _u16(cmap, starts + 2 * lo)))
            return (g + _u16(cmap, deltas + 2 * lo)) & 0xFFFF if g else 0
        return four
    if fmt == 12:
        groups = _u32(cmap, at + 12)
        groups = min(groups, max(0, (len(cmap) - at - 16) // 12))

        def twelve(c: int) -> int:
            lo, hi = 0, groups
            while lo < hi:
                mid = (lo + hi) // 2
                if _u32(cmap, at + 16 + 12 * mid + 4) < c:
                    lo = mid + 1
                else:
                    hi = mid
            g = at + 16 + 12 * lo
            if lo >= groups or _u32(cmap, g) > c:
                return 0
            return _u32(cmap, g + 8) + c - _u32(cmap, g)
        return twelve
    return None


def _mac_code(ch: str) -> int | None:
    try:
        return ch.encode("mac_roman")[0]
    except UnicodeEncodeError:
        return None


def _cff_chars(stream: StreamObject, code_chars: dict[int, str]) -> set[str]:
    """The characters of ``code_chars`` whose glyph (by its standard name) the embedded
    CFF program has."""
    from fontTools.agl import UV2AGL
    from fontTools.cffLib import CFFFontSet

    cff = CFFFontSet()
    cff.decompile(io.BytesIO(stream.get_data()), None)
    top = cff[cff.fontNames[0]]
    names = set(top.charset or [])
    present = set()
    for ch in code_chars.values():
        glyph = "space" if ch == " " else UV2AGL.get(ord(ch), f"uni{ord(ch):04X}")
        if glyph in names:
            present.add(ch)
    return present
