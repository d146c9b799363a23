"""Appearance streams for filled fields: the text and ticks a viewer shows.

Text is drawn in the embedded WinAnsi Liberation Sans (:mod:`ipforms.forms.winansi`),
metric-compatible with Helvetica, or the form's own font.  Multi-line text is
wrapped at word boundaries inside the box and made smaller (down to 6 pt) until
it fits; single-line text is made smaller until it fits the width.  A value with
characters outside WinAnsi (ŋ, č, đ, ŧ, š, ž in Sámi names; Greek; Cyrillic ...) is
drawn with an embedded subset of Liberation Sans instead (:mod:`ipforms.forms.unifont`).

>>> text_width("Åse Ødegård", 10) == text_width("Ase Odegard", 10)
True
>>> wrap("en to tre fire fem", 30, 10)
['en to', 'tre fire', 'fem']
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from . import unifont
from .winansi import ENCODING, font_widths, text_width

log = logging.getLogger(__name__)

#: the resource name of Helvetica in the AcroForm's /DR and in appearance streams
FONT_NAME = "/Helv"
ASCENT, CAP_HEIGHT, DESCENT = 0.905, 0.716, 0.212
LINE_HEIGHT = 1.16
#: the smallest size text is shrunk to before it is cut off (still legible)
MIN_SIZE = 6.0
#: automatic size (/DA size 0) of a multi-line field: the first size tried (as Acrobat)
AUTO_MULTILINE = 12.0
PAD = 2.0


def wrap(text: str, width: float, size: float, measure=None) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` (explicit newlines kept);
    ``measure(text, size)`` is the width function (:func:`text_width` by default).
    Linear in the text's length: each character is measured once (widths add up)."""
    units = _unit_widths(measure or text_width)
    k = size / 1000
    space = units(" ")
    lines: list[str] = []
    for para in text.split("\n"):
        line: list[str] = []
        line_u = 0.0
        for word in para.split(" "):
            us = [units(ch) for ch in word]
            word_u = sum(us)
            cand = line_u + space + word_u if line else word_u
            if cand * k <= width:
                line.append(word)
                line_u = cand
                continue
            if line:
                lines.append(" ".join(line))
            # a word longer than the line: its longest prefix that fits (a character at least)
            start = 0
            while word_u * k > width and len(word) - start > 1:
                cut, u = start + 1, us[start]
                while cut < len(word) - 1 and (u + us[cut]) * k <= width:
                    u += us[cut]
                    cut += 1
                lines.append(word[start:cut])
                word_u -= u
                start = cut
            line, line_u = [word[start:]], word_u
        lines.append(" ".join(line))
    return lines


def _unit_widths(measure) -> Callable[[str], float]:
    """A character's width at 1000 pt by ``measure``, each character measured once."""
    cache: dict[str, float] = {}

    def unit(ch: str) -> float:
        w = cache.get(ch)
        if w is None:
            w = cache[ch] = measure(ch, 1000.0)
        return w
    return unit


#: the largest number of points a box or a font size is taken to be: a PDF page is at most
#: 14,400 units a side (PDF 32000-1, annex C), so nothing larger can be shown
MAX_POINTS = 14400.0


def clamp(value: float, top: float = MAX_POINTS) -> float:
    """``value`` within 0 .. ``top`` (a hostile /Rect or /DA size of 1e20, or nan, would
    make a shrink loop endless)."""
    return min(max(value, 0.0), top) if math.isfinite(value) else 0.0


_NAME_REGULAR = frozenset(range(0x21, 0x7F)) - frozenset(b"()<>[]{}/%#")


def pdf_name(name: str) -> str:
    """``/Name`` in PDF name syntax for a content stream: a byte that is not a regular
    character (space, delimiters, ``#``, non-ASCII) as ``#xx`` (PDF 32000-1, 7.3.5), so a
    font name from the form's /DR cannot break the stream it is written into."""
    raw = name[1:] if name.startswith("/") else name
    return "/" + "".join(chr(b) if b in _NAME_REGULAR else f"#{b:02X}" for b in raw.encode("utf-8"))


def _pdf_string(s: str) -> bytes:
    return pdf_literal(s.encode(ENCODING))


def pdf_literal(raw: bytes) -> bytes:
    """``raw`` as a PDF literal string, ``(...)``, with the bytes the syntax needs escaped."""
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") \
        .replace(b"\r", b"\\r") + b")"


def width_in(widths: dict[str, float], text: str, size: float) -> float:
    """The width of ``text`` at ``size`` from a font's advance widths (1/1000 em); a
    character without one counts 500, as viewers assume for a missing width."""
    return sum(widths.get(ch, 500.0) for ch in text) * size / 1000


def _text_coder(face: Face | None, glyphs: bool, font: str
                ) -> tuple[Callable[[str], bytes], Callable[[str, float], float], str]:
    """How a value is written and measured, and the font resource that draws it: the
    form's own ``face``, else the embedded Liberation Sans as glyph ids (``glyphs``) or as
    WinAnsi bytes under ``font``."""
    if face is not None:
        return face.pdf_string, face.text_width, face.resource
    return (unifont.glyph_string if glyphs else _pdf_string), text_width, font



_TF = re.compile(r"/([^\s/]+)\s+([0-9.]+)\s+Tf")


def da_font(da: str) -> str | None:
    """The font resource name of a /DA string, without its slash (``Helv``), its ``#xx``
    escapes read as a parser reads them (``F#20x`` is the resource ``F x``)."""
    m = _TF.search(da)
    if not m:
        return None
    return re.sub(r"#([0-9A-Fa-f]{2})", lambda h: chr(int(h.group(1), 16)), m.group(1))


_NUMBER = re.compile(r"[0-9.]+")


def parse_da(da: str) -> tuple[float, str]:
    """Font size (0 = auto; at most :data:`MAX_POINTS`) and colour operators of a /DA
    string.  The colour is read token by token (linear: a regular expression with nested
    repetition took exponential time on a 170-byte /DA)."""
    m = _TF.search(da)
    try:
        size = clamp(float(m.group(2))) if m else 0.0
    except ValueError:  # "1.2.3"
        size = 0.0
    colour = _TF.sub("", da).strip()
    numbers = 0
    for token in colour.split():
        if token in ("g", "rg", "k") and numbers:
            numbers = 0
        elif _NUMBER.fullmatch(token):
            numbers += 1
        else:
            return size, "0 g"
    if numbers:
        return size, "0 g"
    return size, colour or "0 g"


def _frame(width: float, height: float, mk: dict | None, border: float,
           comb: int | None = None) -> bytes:
    """Background and border from /MK; a comb field's cells divided by lines of the
    border's colour and width (as Acrobat draws them)."""
    ops = []
    if mk:
        bg, bc = mk.get("bg"), mk.get("bc")
        if bg:
            ops.append(f"{_colour(bg, False)} 0 0 {width:.2f} {height:.2f} re f")
        if bc and border > 0:
            b = border
            ops.append(f"{_colour(bc, True)} {b:.2f} w {b / 2:.2f} {b / 2:.2f} "
                       f"{width - b:.2f} {height - b:.2f} re S")
            if comb and comb > 1:
                cell = width / comb
                ops.append(" ".join(f"{i * cell:.2f} 0 m {i * cell:.2f} {height:.2f} l"
                                    for i in range(1, comb)) + " S")
    return ("\n".join(ops) + "\n").encode() if ops else b""


def _colour(values: list[float], stroke: bool) -> str:
    n = len(values)
    op = {1: "g", 3: "rg", 4: "k"}.get(n)
    if op is None:
        return ""
    return " ".join(f"{v:.3f}" for v in values) + " " + (op.upper() if stroke else op)


class Face(Protocol):
    """A font an appearance is drawn with other than our Liberation Sans: the form's own
    (:class:`ipforms.forms.formfont.FormFont`) or :class:`LiberationFace`: its resource
    name and font dictionary, which characters it has, its widths, how it encodes text."""

    @property
    def resource(self) -> str: ...

    @property
    def ref(self) -> object: ...

    def has(self, text: str) -> bool: ...

    def text_width(self, text: str, size: float) -> float: ...

    def pdf_string(self, text: str) -> bytes: ...


class ChainFace:
    """Liberation Sans and the fallback fonts (:func:`ipforms.forms.unifont.fallback_for`)
    together, for a value with characters Liberation Sans lacks: each character is drawn
    with the first of them that has it, each font an embedded Type0 subset under its own
    resource name (``fonts``: family (a path for a fallback) -> (resource, reference))."""

    def __init__(self, fonts: dict[str, tuple[str, object]]) -> None:
        self.fonts = fonts
        self.resource, self.ref = next(iter(fonts.values()))
        self.resources = dict(fonts.values())

    @staticmethod
    def family(ch: str) -> str:
        if unifont.has_glyph(ch):
            return "Sans"
        font = unifont.fallback_for(ch)
        return font[0] if font is not None else "Sans"

    def has(self, text: str) -> bool:
        return all(self.family(ch) in self.fonts for ch in text if ch != "\n")

    def text_width(self, text: str, size: float) -> float:
        return sum(unifont.font_data(self.family(ch)).widths.get(ch, 500.0)
                   for ch in text) * size / 1000

    def pdf_string(self, text: str) -> bytes:  # one font's run (see show)
        return unifont.glyph_string(text, self.family(text[0]) if text else "Sans")

    def show(self, text: str, size: float) -> bytes:
        """The operators that show ``text``: a run of characters per font, each after
        its own ``Tf``."""
        from itertools import groupby

        out = [f"{self.fonts[fam][0]} {size:g} Tf ".encode()
               + unifont.glyph_string("".join(run), fam) + b" Tj"
               for fam, run in groupby(text, self.family)]
        return b" ".join(out) or b"<> Tj"


def _shower(face: Face | None, enc: Callable[[str], bytes]
            ) -> Callable[[str, float], bytes]:
    """How a line is shown: ``enc(text) Tj``, or the face's own runs of fonts."""
    show = getattr(face, "show", None)
    if show is not None:
        return show
    return lambda text, size: enc(text) + b" Tj"


class LiberationFace:
    """Liberation Serif or Mono, or a bold or italic Liberation, with WinAnsiEncoding,
    embedded (:func:`winansi_font`), for a field whose /DA names Times, Courier or a bold
    or italic standard-14 font without embedding it: the same metrics, so the text takes
    the room the form was made for."""

    def __init__(self, family: str, ref) -> None:
        self.family, self.ref = family, ref
        self.resource = f"/IpfWin{family}"
        self.widths = font_widths(family)

    def has(self, text: str) -> bool:
        w = self.widths
        return all(ch in w for ch in text if ch != "\n")

    def text_width(self, text: str, size: float) -> float:
        return width_in(self.widths, text, size)

    def pdf_string(self, text: str) -> bytes:
        return _pdf_string(text)


@dataclass(frozen=True)
class _Pen:
    """What every line of a text field's appearance is drawn with: the box, the font
    resource and colour, how text is measured and shown, the alignment."""

    width: float
    height: float
    border: float
    pad: float
    font: str
    colour: str
    measure: Callable[[str, float], float]
    show: Callable[[str, float], bytes]
    quadding: int
    name: str  # the field's, for warnings


def text_stream(value: str, width: float, height: float, *, font: str = FONT_NAME, da: str = "",
                multiline: bool = False, quadding: int = 0, comb: int | None = None,
                mk: dict | None = None, border: float = 0.0, name: str = "",
                glyphs: bool = False, face: Face | None = None) -> bytes:
    """The content of a /Tx appearance stream showing ``value`` in a box of ``width`` x ``height``.

    With ``face`` the text is drawn with that font of the form (its resource name, widths
    and encoding); with ``glyphs`` as glyph ids for the embedded Liberation Sans
    (:mod:`ipforms.forms.unifont`, Identity-H); else as WinAnsi bytes for ``font``.

    The size is the ``/DA``'s; size 0 is automatic, as viewers do it: a one-line field's
    text fills the height of the box, a multi-line field's starts at 12 pt, a comb
    field's fills its cells.  Text that does not fit is made smaller, down to
    :data:`MIN_SIZE` (6 pt, still legible); what does not fit even then is cut off at
    the box's edge, with a warning that names the field and says how much is cut.
    """
    enc, measure, font = _text_coder(face, glyphs, font)
    width, height = clamp(width), clamp(height)
    size, colour = parse_da(da)
    pen = _Pen(width, height, border, PAD + border, pdf_name(font), colour, measure,
               _shower(face, enc), quadding, name)
    if multiline:
        body = _multiline_text(value, size, pen)
    elif comb:
        comb = max(1, min(comb, int(width)))  # a cell a point wide at least (/MaxLen 3,000,000)
        body = _comb_text(value, size, comb, pen)
    else:
        body = _one_line_text(value, size, pen)
    clip = f"{border:.2f} {border:.2f} {width - 2 * border:.2f} {height - 2 * border:.2f} re W n"
    return (_frame(width, height, mk, border, comb) + b"/Tx BMC\nq\n" + clip.encode() + b"\n"
            + b"\n".join(body) + b"\nQ\nEMC\n")


def _multiline_text(value: str, size: float, pen: _Pen) -> list[bytes]:
    """A multi-line field's text: wrapped, made smaller until it fits; the lines that do
    not fit even at :data:`MIN_SIZE` are cut off (with a warning)."""
    avail_w = max(pen.width - 2 * pen.pad, 1.0)
    avail_h = max(pen.height - 2 * pen.border - 1, 1.0)
    size, lines, need = _fit_lines(value, avail_w, avail_h,
                                   min(size or AUTO_MULTILINE, max(MIN_SIZE, avail_h)),
                                   pen.measure)
    leading = size * LINE_HEIGHT
    y = pen.height - pen.border - 1.5 - size * ASCENT
    if need > avail_h:  # the lines whose descenders stay inside the border
        shown = sum(1 for i in range(len(lines))
                    if y - i * leading - size * DESCENT >= pen.border - 0.5)
        log.warning("field %s: the text does not fit its box even at %g pt; the last %d "
                    "of its %d lines are cut off", pen.name, size, len(lines) - max(shown, 1),
                    len(lines))
        # a cut line is not drawn at all: its top would peek out under the last whole
        # one (the first line is drawn, clipped, when not even it fits)
        lines = lines[:max(shown, 1)]
    body = [f"BT {pen.font} {size:g} Tf {pen.colour} {leading:.2f} TL".encode()]
    for i, line in enumerate(lines):
        x = _x(line, size, pen.width, pen.pad, pen.quadding, pen.measure)
        body.append(f"1 0 0 1 {x:.2f} {y - i * leading:.2f} Tm ".encode()
                    + pen.show(line, size))
    body.append(b"ET")
    return body


def _comb_text(value: str, size: float, comb: int, pen: _Pen) -> list[bytes]:
    """A comb field's text: a character centred in each of ``comb`` cells."""
    cell = pen.width / comb
    if not size:  # automatic: the height of the cells
        size = _auto_size(pen.height, pen.border)
    else:
        size = min(size, max(MIN_SIZE, (pen.height - 2 * pen.border) * 0.8))
    widest = max((pen.measure(ch, 1.0) for ch in value[:comb]), default=0.0)
    if widest and widest * size > cell - 1:  # each character inside its cell
        size = max(min(MIN_SIZE, size), (cell - 1) / widest)
    y = (pen.height - size * CAP_HEIGHT) / 2
    body = [f"BT {pen.font} {size:g} Tf {pen.colour}".encode()]
    for i, ch in enumerate(value[:comb]):
        x = i * cell + (cell - pen.measure(ch, size)) / 2
        body.append(f"1 0 0 1 {x:.2f} {y:.2f} Tm ".encode() + pen.show(ch, size))
    body.append(b"ET")
    return body


def _one_line_text(value: str, size: float, pen: _Pen) -> list[bytes]:
    """A one-line field's text: made smaller until it fits the width; too long even at
    the smallest size, its start is shown (with a warning)."""
    avail_w = max(pen.width - 2 * pen.pad, 1.0)
    if not size:  # automatic: the height of the box (as viewers do), shrunk below to fit the width
        size = _auto_size(pen.height, pen.border)
        floor = min(MIN_SIZE, size)
    else:
        size = min(size, max(MIN_SIZE, (pen.height - 2 * pen.border) * 0.8))
        floor = MIN_SIZE
    unit_w = pen.measure(value, 1.0)  # measured once: the width is linear in the size
    while unit_w * size > avail_w and size > floor:
        size = max(floor, size - 0.5)
    x = _x(value, size, pen.width, pen.pad, pen.quadding, pen.measure)
    if pen.measure(value, size) > avail_w:
        # too long even at the smallest size: its start is shown, whatever the
        # alignment (a centred or right-aligned value would lose its beginning), and
        # the warning counts the characters that do not end inside the clip
        x = pen.pad
        room = pen.width - pen.border - pen.pad
        fits = _fitting(value, room, size, pen.measure)  # one pass (was quadratic)
        log.warning("field %s: the text does not fit its box even at %g pt; its start "
                    "is shown and the last %d of its %d characters are cut off", pen.name,
                    size, len(value) - fits, len(value))
    y = (pen.height - size * CAP_HEIGHT) / 2
    return [f"BT {pen.font} {size:g} Tf {pen.colour}".encode(),
            f"1 0 0 1 {x:.2f} {y:.2f} Tm ".encode() + pen.show(value, size), b"ET"]


def _fit_lines(value: str, avail_w: float, avail_h: float, size: float, measure
               ) -> tuple[float, list[str], float]:
    """The largest size from ``size`` down in steps of 0.5 pt to :data:`MIN_SIZE` at which
    ``value`` wrapped fits ``avail_h`` (else the smallest), its lines and their height.
    Searched by halving, so a box as tall as a page costs some 15 wraps, not thousands."""
    steps = max(0, math.ceil((size - MIN_SIZE) / 0.5))

    def at(i: int) -> tuple[float, list[str], float, bool]:
        s = max(MIN_SIZE, size - 0.5 * i) if i else size
        lines = wrap(value, avail_w, s, measure)
        need = (len(lines) - 1) * s * LINE_HEIGHT + s * (ASCENT + DESCENT)
        return s, lines, need, need <= avail_h - 2
    best = at(0)
    if best[3] or not steps:
        return best[:3]
    lo, hi = 0, steps  # at(lo) does not fit; at(hi), the smallest size, is taken anyway
    found = None
    while hi - lo > 1:
        mid = (lo + hi) // 2
        got = at(mid)
        if got[3]:
            hi, found = mid, got
        else:
            lo = mid
    return (found or at(hi))[:3]


def _fitting(text: str, avail: float, size: float, measure) -> int:
    """How many characters of ``text`` fit ``avail`` at ``size`` (one pass)."""
    units, k, total = _unit_widths(measure), size / 1000, 0.0
    for i, ch in enumerate(text):
        total += units(ch)
        if total * k > avail:
            return i
    return len(text)


def _auto_size(height: float, border: float) -> float:
    """The automatic size of one line of text in a box ``height`` tall: the line fills
    the box inside its border (in steps of 0.5 pt)."""
    return max(1.0, math.floor((height - 2 * border - 2) / LINE_HEIGHT * 2) / 2)


def list_stream(options: list[str], selected: int | None, top: int, width: float,
                height: float, *, font: str = FONT_NAME, da: str = "", mk: dict | None = None,
                border: float = 0.0, glyphs: bool = False, face: Face | None = None) -> bytes:
    """A list box's appearance: the options from index ``top`` that fit, one a line, the
    ``selected`` one on a highlight (as viewers draw a list box)."""
    enc, measure, font = _text_coder(face, glyphs, font)
    show = _shower(face, enc)
    width, height = clamp(width), clamp(height)
    size, colour = parse_da(da)
    size = size or 10.0
    top = max(0, min(top, len(options) - 1))
    lead = size * LINE_HEIGHT
    pad = PAD + border
    body = []
    y = height - border - 1
    for i in range(top, len(options)):
        if y - lead < border - 0.01 and i > top:
            break
        if i == selected:
            body.append(f"0.600 0.753 0.855 rg {border:.2f} {y - lead:.2f} "
                        f"{width - 2 * border:.2f} {lead:.2f} re f".encode())
        text = options[i]
        text = text[:_fitting(text, width - 2 * pad, size, measure)]
        body.append(f"BT {pdf_name(font)} {size:g} Tf {colour} 1 0 0 1 {pad:.2f} "
                    f"{y - size * ASCENT - (lead - size) / 2:.2f} Tm ".encode()
                    + show(text, size) + b" ET")
        y -= lead
    clip = f"{border:.2f} {border:.2f} {width - 2 * border:.2f} {height - 2 * border:.2f} re W n"
    return (_frame(width, height, mk, border) + b"/Tx BMC\nq\n" + clip.encode() + b"\n"
            + b"\n".join(body) + b"\nQ\nEMC\n")


def _x(text: str, size: float, width: float, pad: float, quadding: int,
       measure=text_width) -> float:
    if quadding == 1:
        return (width - measure(text, size)) / 2
    if quadding == 2:
        return width - pad - measure(text, size)
    return pad


#: operators that put paint on the page: path painting, text, XObjects, shadings, images
_PAINT = re.compile(rb"(?:^|[\s\]\)>])(?:f\*?|F|B\*?|b\*?|S|s|Tj|TJ|'|\"|Do|sh|EI)(?=[\s\[(/<]|$)")


def paints(content: bytes) -> bool:
    """Whether an appearance stream's content draws anything (a paint operator).

    >>> paints(b"q 0 g 1 0 0 1 2 3 cm 0 0 m 5 5 l S Q"), paints(b"/Tx BMC EMC"), paints(b"")
    (True, False, False)
    >>> paints(b"BT /ZaDb 10 Tf 2 2 Td (4) Tj ET"), paints(b"q 1 1 0 rg Q")
    (True, False)
    """
    return _PAINT.search(content) is not None


def tick_stream(width: float, height: float, *, on: bool, mk: dict | None = None,
                 border: float = 1.0, radio: bool = False, style: str = "",
                 colour: str = "0 g") -> bytes:
    """A checkbox (tick) or radio (dot) appearance, for widgets that come without one
    (or whose own draws nothing).  ``style`` is the widget's /MK /CA, the ZapfDingbats
    character a viewer would draw: 4 a tick, l a dot, 8 a cross, n a square; drawn here
    as paths, so no font is needed (PDF/UA wants every font embedded).  ``colour`` is
    the fill colour operator of the widget's /DA."""
    out = _frame(width, height, mk, border)
    if not on:
        return out or b"% off\n"
    s = min(width, height)
    cx, cy = width / 2, height / 2
    stroke = colour.replace(" rg", " RG").replace(" g", " G").replace(" k", " K")
    if style not in ("4", "l", "8", "n"):
        style = "l" if radio else "4"
    if style == "n":  # a square
        r = s * 0.25
        return out + f"{colour} {cx - r:.2f} {cy - r:.2f} {2 * r:.2f} {2 * r:.2f} re f\n".encode()
    if style == "8":  # a cross
        r, w = s * 0.25, max(s * 0.11, 1.0)
        return out + (f"{stroke} {w:.2f} w 1 J {cx - r:.2f} {cy - r:.2f} m {cx + r:.2f} "
                      f"{cy + r:.2f} l {cx - r:.2f} {cy + r:.2f} m {cx + r:.2f} {cy - r:.2f} l S\n"
                      ).encode()
    if style == "l":
        r = s * 0.25
        k = 0.5523 * r
        return out + (
            f"{colour} {cx + r:.2f} {cy:.2f} m {cx + r:.2f} {cy + k:.2f} {cx + k:.2f} {cy + r:.2f} "
            f"{cx:.2f} {cy + r:.2f} c {cx - k:.2f} {cy + r:.2f} {cx - r:.2f} {cy + k:.2f} "
            f"{cx - r:.2f} {cy:.2f} c {cx - r:.2f} {cy - k:.2f} {cx - k:.2f} {cy - r:.2f} "
            f"{cx:.2f} {cy - r:.2f} c {cx + k:.2f} {cy - r:.2f} {cx + r:.2f} {cy - k:.2f} "
            f"{cx + r:.2f} {cy:.2f} c f\n").encode()
    w = max(s * 0.11, 1.0)
    return out + (
        f"{stroke} {w:.2f} w 1 J 1 j {cx - s * 0.3:.2f} {cy + s * 0.02:.2f} m "
        f"{cx - s * 0.08:.2f} {cy - s * 0.25:.2f} l {cx + s * 0.32:.2f} {cy + s * 0.28:.2f} l S\n"
    ).encode()
