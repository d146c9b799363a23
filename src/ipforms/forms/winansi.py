"""The embedded WinAnsi Liberation fonts that draw filled values.

Text is drawn with WinAnsiEncoding (it has æøå) in Liberation Sans, embedded as a
TrueType subset of every WinAnsi character (:func:`winansi_font`: PDF/UA wants every
font embedded; our blank forms carry it in ``/DR``, so filling them adds nothing).
Widths are measured from Liberation Sans, which is metric-compatible with Helvetica,
through fontTools (installed with WeasyPrint).  A value with characters outside
WinAnsi is drawn with an embedded subset of Liberation Sans instead
(:mod:`ipforms.forms.unifont`); :func:`check_encodable` refuses what no font can show.
"""

from __future__ import annotations

import functools

from pypdf.generic import DictionaryObject, IndirectObject, NameObject

from . import unifont
from ..core.errors import FormError

ENCODING = "cp1252"  # WinAnsiEncoding


def is_helvetica(font: DictionaryObject) -> bool:
    """Whether a font dictionary is Helvetica with WinAnsiEncoding (so it can be reused)."""
    return font.get("/BaseFont") == "/Helvetica" and font.get("/Encoding") == "/WinAnsiEncoding"


#: the /BaseFont of the embedded WinAnsi Liberation Sans (a fixed subset tag: the subset
#: is always the same, every WinAnsi character)
WINANSI_BASEFONT = "/IPFWIN+LiberationSans"


def winansi_font(add, family: str = "Sans") -> IndirectObject:
    """Add the embedded Liberation Sans with WinAnsiEncoding (a TrueType subset holding
    every WinAnsi character, so any Norwegian value and anything typed later can be
    drawn with it) to a document; ``add(obj)`` adds an indirect object and returns its
    reference.  Returns the reference of the font dictionary.

    Liberation Sans is metric-compatible with Helvetica, so text measured with
    :func:`text_width` fits the same.  Embedding it is what PDF/UA (ISO 14289-1, 7.21.4.1)
    asks of every font used, field appearances included.
    """
    import zlib

    from pypdf.generic import ArrayObject, FloatObject, NumberObject, StreamObject

    ttf = unifont.winansi_subset(family)
    widths = font_widths(family)
    ff = StreamObject()
    ff[NameObject("/Length1")] = NumberObject(len(ttf))
    ff[NameObject("/Filter")] = NameObject("/FlateDecode")
    ff.set_data(zlib.compress(ttf, 9))
    name, style = unifont.split_family(family)
    base = NameObject(WINANSI_BASEFONT.replace("Sans", name)
                      + (f"-{style}" if style != "Regular" else ""))
    # nonsymbolic: WinAnsi codes reach the glyphs through the font's cmap
    descriptor = add(unifont.font_descriptor(base, add(ff), family))
    arr = ArrayObject()
    for code in range(32, 256):
        try:
            ch = bytes([code]).decode(ENCODING)
        except UnicodeDecodeError:
            ch = ""
        arr.append(FloatObject(round(widths.get(ch, 0.0), 3)))
    return add(DictionaryObject({
        NameObject("/Type"): NameObject("/Font"),
        NameObject("/Subtype"): NameObject("/TrueType"),
        NameObject("/BaseFont"): base,
        NameObject("/FirstChar"): NumberObject(32),
        NameObject("/LastChar"): NumberObject(255),
        NameObject("/Widths"): arr,
        NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
        NameObject("/FontDescriptor"): descriptor,
    }))


def is_winansi_font(font: DictionaryObject) -> bool:
    """Whether a font dictionary is :func:`winansi_font` (embedded; reused by filling)."""
    if font.get("/BaseFont") != WINANSI_BASEFONT or font.get("/Encoding") != "/WinAnsiEncoding":
        return False
    desc = font.get("/FontDescriptor")
    desc = desc.get_object() if desc is not None else None
    return isinstance(desc, DictionaryObject) and "/FontFile2" in desc


@functools.lru_cache(maxsize=12)
def font_widths(family: str = "Sans") -> dict[str, float]:
    """Advance widths (1/1000 em) of every WinAnsi character, from Liberation Sans (or
    ``family``), from :func:`ipforms.forms.unifont.font_data`."""
    widths = unifont.font_data(family).widths
    out = {}
    for code in range(32, 256):
        try:
            ch = bytes([code]).decode(ENCODING)
        except UnicodeDecodeError:
            continue
        if ch in widths:
            out[ch] = widths[ch]
    return out


def check_encodable(text: str, field: str) -> None:
    """A :class:`FormError` naming the first character Helvetica/WinAnsi cannot show."""
    for ch in text:
        if ch == "\n":
            continue
        try:
            ch.encode(ENCODING)
        except UnicodeEncodeError:
            if unifont.has_glyph(ch) or unifont.fallback_for(ch):  # an embedded font
                continue
            raise FormError(f"the character {ch!r} (U+{ord(ch):04X}) cannot be shown in a "
                            f"PDF form field: {unifont.missing(ch)}", field=field) from None
        if ord(ch) < 32:
            raise FormError(f"control character U+{ord(ch):04X} in the value", field=field)


def needs_unicode(text: str) -> bool:
    """Whether ``text`` has characters outside WinAnsi (drawn with the embedded font)."""
    if text.isascii():
        return False
    try:
        text.encode(ENCODING)
    except UnicodeEncodeError:
        return True
    return False


def text_width(text: str, size: float) -> float:
    w = font_widths()
    try:
        return sum(w[ch] for ch in text) * size / 1000
    except KeyError:  # outside WinAnsi
        u = unifont.font_data().widths
        return sum(w.get(ch) or u.get(ch, 556.0) for ch in text) * size / 1000

