"""Text outside WinAnsi: an embedded subset of Liberation Sans for appearance streams.

Helvetica with WinAnsiEncoding (see :mod:`ipforms.forms.winansi`) draws Norwegian
text in every viewer without embedding anything, but it has no ŋ, č, đ, ŧ, š, ž
(Sámi names) nor Greek or Cyrillic.  A field whose value needs such characters is
drawn with Liberation Sans (fonts-liberation) instead, embedded as a subset:

* a ``/Type0`` font with ``/Identity-H`` encoding (two bytes per glyph: the glyph
  id) and a ``/CIDFontType2`` descendant with ``/CIDToGIDMap /Identity``;
* the subset keeps the original glyph ids (fontTools ``retain_gids``), so the ids
  in the content streams are those of the installed font and stay valid;
* a ``/W`` widths array, a ``/FontDescriptor`` with ``/FontFile2``, and a
  ``/ToUnicode`` CMap so that text extraction (pdftotext, screen readers) works.

One subset per filled document covers every such value.  No shaping is done:
Liberation Sans has no right-to-left script and no combining marks, and values
are NFC-normalised before drawing, so one character is one glyph.

A character Liberation Sans lacks (Chinese, Japanese, Korean; Armenian ...) is drawn
with the first installed *fallback* font that has it (:data:`FALLBACKS`: TrueType
fonts with ``glyf`` outlines at their Debian paths, embedded the same way), the rest
of the value with Liberation Sans: each character one glyph, so only scripts that
need no shaping are taken (:func:`fallback_for`): not right-to-left text, not
combining marks.  Nothing is downloaded; a script no installed font has is refused,
naming the Debian package that has it (:func:`missing`).

>>> font = font_data()
>>> all(ch in font.gids for ch in "ŋŊčČđĐŧŦšŠžŽá")
True
>>> "王" in font.gids
False
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import io
import logging
import os
import re
import unicodedata
import zlib
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import FormError

log = logging.getLogger(__name__)

FONT_FILES = (
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
    "/usr/share/fonts/liberation/LiberationSans-Regular.ttf",
)
#: the name of the embedded font in appearance stream resources
RESOURCE_NAME = "/IpfUni"


#: the Liberation families (metric-compatible with Helvetica, Times and Courier)
FAMILIES = ("Sans", "Serif", "Mono")


def split_family(family: str) -> tuple[str, str]:
    """``"SansBold"`` -> ``("Sans", "Bold")``; ``"Mono"`` -> ``("Mono", "Regular")``."""
    base = next((f for f in FAMILIES if family.startswith(f)), "Sans")
    return base, family[len(base):] or "Regular"


def font_path(family: str = "Sans") -> str:
    """The installed Liberation Sans (or Serif, Mono; Regular, or the style ``family``
    names: ``"SerifBold"``), or a :class:`FormError` saying what to install; a
    ``family`` that is a path (a fallback font, :data:`FALLBACKS`) is itself."""
    if family.startswith("/"):
        return family
    base, style = split_family(family)
    files = [p.replace("LiberationSans-Regular", f"Liberation{base}-{style}")
             for p in FONT_FILES]
    path = next((p for p in files if Path(p).is_file()), None)
    if path is None:
        raise FormError(f"Liberation {base} {style} is not installed (Debian package "
                        "fonts-liberation); it is needed to measure text in form fields")
    return path


@dataclass(frozen=True)
class FontData:
    path: str
    gids: dict[str, int]  # character -> glyph id
    widths: dict[str, float]  # character -> advance width, 1/1000 em
    gid_widths: dict[int, float]  # glyph id -> advance width, 1/1000 em
    bbox: tuple[int, int, int, int]  # 1/1000 em
    ascent: int
    descent: int
    cap_height: int
    italic_angle: float
    ps_name: str


@functools.lru_cache(maxsize=12)
def font_data(family: str = "Sans") -> FontData:
    """Glyph ids, widths and metrics of every character Liberation Sans (or Serif, Mono)
    has; kept in the cache folder (:func:`use_cache_dir`) as JSON beside the subsets."""
    import json

    folder = _cache_dir[0]
    if folder is None:
        return _read_font_data(family)
    cached = folder / f"{Path(font_path(family)).stem}-{_font_key(family, 'data-1')}.json"
    try:
        d = json.loads(cached.read_text("utf-8"))
        return FontData(**{**d, "bbox": tuple(d["bbox"]),
                           "gid_widths": {int(k): v for k, v in d["gid_widths"].items()}})
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        pass
    data = _read_font_data(family)
    _store(cached, json.dumps(dataclasses.asdict(data), ensure_ascii=False).encode())
    return data


@functools.lru_cache(maxsize=12)
def _font_key(family: str, recipe: str) -> str:
    """A digest of the installed font file of ``family``, fontTools' version and
    ``recipe`` (what is made of it): a cache entry's name."""
    import fontTools

    h = hashlib.blake2b(digest_size=16)
    with open(font_path(family), "rb") as fh:
        h.update(fh.read())
    h.update(repr((recipe, fontTools.version)).encode())
    return h.hexdigest()


def _store(cached: Path, data: bytes) -> None:
    """Write a cache entry atomically, keeping the folder at :data:`CACHE_FILES` files."""
    try:
        from ..core.files import atomic_write

        cached.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(cached, data)
        kept = sorted(cached.parent.iterdir(), key=lambda p: p.stat().st_mtime)
        for old in kept[:-CACHE_FILES]:  # each Sámi name its own subset: keep the newest
            old.unlink(missing_ok=True)
    except OSError as exc:
        log.info("not cached in %s: %s", cached.parent, exc)


def _read_font_data(family: str) -> FontData:
    from fontTools.ttLib import TTFont

    path = font_path(family)
    font = TTFont(path, lazy=True)
    try:
        scale = 1000 / font["head"].unitsPerEm
        hmtx = font["hmtx"]
        gids, widths, gid_widths = {}, {}, {}
        for code, name in font.getBestCmap().items():
            gid = font.getGlyphID(name)
            ch = chr(code)
            gids[ch] = gid
            widths[ch] = gid_widths[gid] = round(hmtx[name][0] * scale, 3)
        head, hhea, os2 = font["head"], font["hhea"], font["OS/2"]
        bbox = tuple(round(v * scale) for v in (head.xMin, head.yMin, head.xMax, head.yMax))
        ps_name = re.sub(r"[^A-Za-z0-9_-]", "", font["name"].getDebugName(6) or "") \
            or "LiberationSans"
        return FontData(path=path, gids=gids, widths=widths, gid_widths=gid_widths, bbox=bbox,
                        ascent=round(hhea.ascent * scale), descent=round(hhea.descent * scale),
                        cap_height=round(getattr(os2, "sCapHeight", 0) * scale) or 729,
                        italic_angle=float(font["post"].italicAngle), ps_name=ps_name)
    finally:
        font.close()


def has_glyph(ch: str) -> bool:
    return ch in font_data().gids


#: fallback fonts for what Liberation Sans lacks, in the order they are tried: (path,
#: its name, the Debian package); a glob pattern stands for every file it matches.
#: TrueType with glyf outlines only (Noto CJK is CFF in a collection: not here)
FALLBACKS = (
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", "Droid Sans Fallback",
     "fonts-droid-fallback"),
    ("/usr/share/fonts-droid-fallback/truetype/DroidSansFallback.ttf", "Droid Sans Fallback",
     "fonts-droid-fallback"),  # Hangul, which the Full one lacks
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "DejaVu Sans", "fonts-dejavu-core"),
    ("/usr/share/fonts/truetype/noto/NotoSans*-Regular.ttf", "Noto Sans", "fonts-noto-core"),
)

#: Chinese, Japanese and Korean (Droid Sans Fallback has them): the blocks from
#: CJK punctuation to Hangul, the ideograph extensions, the half- and fullwidth forms
_CJK = ((0x2E80, 0x2FDF), (0x3000, 0x9FFF), (0xAC00, 0xD7AF), (0xF900, 0xFAFF),
        (0xFE30, 0xFE4F), (0xFF00, 0xFFEF), (0x20000, 0x3134F))


@functools.lru_cache(maxsize=1)
def fallback_fonts() -> tuple[tuple[str, str, str], ...]:
    """The installed :data:`FALLBACKS` with glyf outlines: (path, name, package)."""
    import glob

    out = []
    for pattern, name, package in FALLBACKS:
        for path in sorted(glob.glob(pattern)) if "*" in pattern else [pattern]:
            try:
                with open(path, "rb") as fh:
                    head = fh.read(4096)
            except OSError:
                continue
            if Path(path).stem in ("NotoSans-Regular", "NotoSansMono-Regular"):
                continue  # Latin, Greek, Cyrillic: Liberation Sans has them
            if head[:4] in (b"\x00\x01\x00\x00", b"true") and b"glyf" in head:
                if "*" in pattern:  # Noto Sans Armenian ...: its own name
                    name = "Noto " + " ".join(re.findall(
                        "[A-Z][a-z]*", Path(path).stem.split("-")[0][4:])).strip()
                out.append((path, name, package))
    return tuple(out)


def drawable_alone(ch: str) -> bool:
    """Whether ``ch`` is drawn right as one glyph on its own: not right-to-left (never
    reordered here) and not a combining mark (never positioned: no shaping)."""
    return (unicodedata.bidirectional(ch) not in ("R", "AL")
            and not unicodedata.category(ch).startswith("M"))


@functools.lru_cache(maxsize=1024)
def fallback_for(ch: str) -> tuple[str, str, str] | None:
    """The first installed fallback font (path, name, Debian package) with a glyph
    for ``ch``, a character Liberation Sans lacks; None when none has it or it needs
    shaping (:func:`drawable_alone`)."""
    if not drawable_alone(ch):
        return None
    for font in fallback_fonts():
        try:
            if ch in font_data(font[0]).gids:
                return font
        except Exception as exc:  # noqa: BLE001 - a damaged installed font: the next one
            log.info("fallback font %s cannot be read: %s", font[0], exc)
    return None


def drawable(ch: str) -> bool:
    """Whether Liberation Sans or an installed fallback font draws ``ch``."""
    return has_glyph(ch) or fallback_for(ch) is not None


def missing(ch: str) -> str:
    """Why ``ch`` cannot be drawn, and what would draw it: for the end of a message."""
    if unicodedata.bidirectional(ch) in ("R", "AL"):
        return ("it is right-to-left text, which ipforms cannot draw (it neither shapes "
                "nor reorders such text)")
    if unicodedata.category(ch).startswith("M"):
        return ("it is a combining mark, which ipforms cannot place (it does no text "
                "shaping)")
    looked = ", ".join(dict.fromkeys(["Liberation Sans"] + [n for _, n, _ in fallback_fonts()]))
    if any(lo <= ord(ch) <= hi for lo, hi in _CJK):
        if not any(p == "fonts-droid-fallback" for _, _, p in fallback_fonts()):
            return (f"no installed font has it ({looked}); install the Debian package "
                    f"fonts-droid-fallback (Chinese, Japanese, Korean)")
    elif not any(p == "fonts-noto-core" for _, _, p in fallback_fonts()):
        return (f"no installed font has it ({looked}); the Debian package fonts-noto-core "
                f"has Noto Sans for many scripts")
    return f"no installed font has it ({looked}), and ipforms knows of none that has"


def glyph_string(text: str, family: str = "Sans") -> bytes:
    """``text`` as a PDF hex string of two-byte glyph ids (Identity-H); a character the
    font lacks (only in values filled by other tools: ours are checked) is .notdef."""
    gids = font_data(family).gids
    return b"<" + "".join(f"{gids.get(ch, 0):04X}" for ch in text).encode() + b">"


#: how many subsets the cache folder keeps (the WinAnsi ones and the latest others)
CACHE_FILES = 64
#: where subsets are kept between runs (:func:`use_cache_dir`); None: made every time
_cache_dir: list[Path | None] = [None]


def use_cache_dir(path: str | Path | None) -> None:
    """Keep the font subsets in ``path`` (the CLI: ``~/.cache/ipforms/fonts``), so that a
    later run reads them instead of making them again (a third of a second each): one
    file per installed font file, fontTools version, options and glyph set, written
    atomically; a folder that cannot be written is only a slower run."""
    _cache_dir[0] = Path(path) if path is not None else None


def _subset(recipe: str, options, family: str = "Sans", **populate) -> bytes:
    """:func:`_make_subset` with the fontTools options ``options()`` makes (``recipe``
    names them: change it when they change), read from the cache folder when it was
    made before: then fontTools' subsetter is not even imported."""
    folder = _cache_dir[0]
    if folder is None:
        return _make_subset(options(), family, **populate)
    h = hashlib.blake2b(repr(sorted(populate.items())).encode(), digest_size=16)
    cached = folder / (f"{Path(font_path(family)).stem}-{_font_key(family, recipe)}"
                       f"-{h.hexdigest()}.ttf")
    try:
        data = cached.read_bytes()
        if data[:4] in (b"\x00\x01\x00\x00", b"true"):
            os.utime(cached)  # used: the newest, so kept when the folder is pruned
            return data
    except OSError:
        pass
    data = _make_subset(options(), family, **populate)
    _store(cached, data)
    return data


def _make_subset(opts, family: str = "Sans", **populate) -> bytes:
    """Liberation Sans (or ``family``) cut down by fontTools with ``opts`` to the glyphs
    ``populate`` names (``gids=`` or ``unicodes=``)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    # the installed font's own timestamp, not now: the same subset is the same bytes
    font = TTFont(font_path(family), recalcTimestamp=False)
    try:
        for tag in opts.drop_tables:  # so that they are never read: half the time
            if tag in font:
                del font[tag]
        sub = subset.Subsetter(opts)
        sub.populate(**populate)
        sub.subset(font)
        out = io.BytesIO()
        font.save(out)
    finally:
        font.close()
    return out.getvalue()


def _glyph_options():
    from fontTools import subset

    opts = subset.Options()
    opts.retain_gids = True
    opts.hinting = False
    opts.notdef_outline = True
    opts.layout_features = []
    opts.drop_tables += ["GSUB", "GPOS", "GDEF", "kern", "DSIG", "FFTM"]
    return opts


def subset_font(chars: set[str], family: str = "Sans") -> bytes:
    """A TrueType subset of Liberation Sans (or ``family``) with the glyphs of ``chars``
    at their own ids."""
    data = font_data(family)
    return _subset("glyphs-1", _glyph_options, family,
                   gids=sorted({0} | {data.gids[ch] for ch in chars}))


@functools.lru_cache(maxsize=12)
def winansi_subset(family: str = "Sans") -> bytes:
    """A TrueType subset of Liberation Sans with every WinAnsi (cp1252) character, its
    cmap kept, for the simple WinAnsi font of :func:`ipforms.forms.winansi.winansi_font`."""
    chars = set()
    for code in range(32, 256):
        try:
            chars.add(bytes([code]).decode("cp1252"))
        except UnicodeDecodeError:
            pass
    return _subset("winansi-1", _winansi_options, family,
                   unicodes=sorted(ord(ch) for ch in chars if ch in font_data(family).gids))


def _winansi_options():
    from fontTools import subset

    opts = subset.Options()
    opts.hinting = False
    opts.notdef_outline = True
    opts.layout_features = []
    opts.name_IDs = [0, 1, 2, 3, 4, 5, 6]
    opts.drop_tables += ["GSUB", "GPOS", "GDEF", "kern", "DSIG", "FFTM"]
    return opts


def _to_unicode(chars: set[str], family: str = "Sans") -> bytes:
    gids = font_data(family).gids
    pairs = sorted((gids[ch], ch) for ch in chars)
    lines = [b"/CIDInit /ProcSet findresource begin", b"12 dict begin", b"begincmap",
             b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
             b"/CMapName /Adobe-Identity-UCS def", b"/CMapType 2 def",
             b"1 begincodespacerange", b"<0000> <FFFF>", b"endcodespacerange"]
    for i in range(0, len(pairs), 100):  # at most 100 entries per block
        chunk = pairs[i:i + 100]
        lines.append(f"{len(chunk)} beginbfchar".encode())
        for gid, ch in chunk:
            lines.append(f"<{gid:04X}> <{ch.encode('utf-16-be').hex().upper()}>".encode())
        lines.append(b"endbfchar")
    lines += [b"endcmap", b"CMapName currentdict /CMap defineresource pop", b"end", b"end"]
    return b"\n".join(lines) + b"\n"


def font_descriptor(base, font_file, family: str = "Sans"):
    """The ``/FontDescriptor`` of Liberation Sans (a subset named ``base``) whose TrueType
    program is the stream (or reference) ``font_file``; nonsymbolic, for both our simple
    WinAnsi font and the Type0 font."""
    from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject, NumberObject

    data = font_data(family)
    # nonsymbolic (32); Serif 2; FixedPitch 1; Italic 64; ForceBold (bit 19)
    base_family, style = split_family(family) if not family.startswith("/") else ("", "")
    flags = (32 | {"Serif": 2, "Mono": 1}.get(base_family, 0)
             | (64 if "Italic" in style else 0) | (1 << 18 if "Bold" in style else 0))
    return DictionaryObject({
        NameObject("/Type"): NameObject("/FontDescriptor"),
        NameObject("/FontName"): base,
        NameObject("/Flags"): NumberObject(flags),
        NameObject("/FontBBox"): ArrayObject(NumberObject(v) for v in data.bbox),
        NameObject("/ItalicAngle"): FloatObject(data.italic_angle),
        NameObject("/Ascent"): NumberObject(data.ascent),
        NameObject("/Descent"): NumberObject(data.descent),
        NameObject("/CapHeight"): NumberObject(data.cap_height),
        NameObject("/StemV"): NumberObject(80),
        NameObject("/FontFile2"): font_file,
    })


def build_font(target, chars: set[str], add, family: str = "Sans") -> None:
    """Make the dictionary ``target`` the Type0 font of Liberation Sans (or the fallback
    font ``family``, a path) for ``chars``; ``add(obj)`` adds a new indirect object to the
    document and returns its reference."""
    from pypdf.generic import (ArrayObject, DictionaryObject, FloatObject, NameObject,
                               NumberObject, StreamObject, TextStringObject)

    data = font_data(family)
    chars = {ch for ch in chars if ch in data.gids}
    gids = sorted({data.gids[ch] for ch in chars})
    tag = "".join(chr(65 + b % 26) for b in hashlib.sha256(
        ",".join(map(str, gids)).encode()).digest()[:6])
    base = NameObject(f"/{tag}+{data.ps_name}")

    def stream(raw: bytes, **extra):
        s = StreamObject()
        for k, v in extra.items():
            s[NameObject("/" + k)] = v
        s[NameObject("/Filter")] = NameObject("/FlateDecode")
        s.set_data(zlib.compress(raw, 9))
        return add(s)

    ttf = subset_font(chars, family)
    descriptor = add(font_descriptor(base, stream(ttf, Length1=NumberObject(len(ttf))),
                                     family))
    widths = ArrayObject()
    for gid in gids:
        widths += [NumberObject(gid), ArrayObject([FloatObject(data.gid_widths[gid])])]
    cid_font = add(DictionaryObject({
        NameObject("/Type"): NameObject("/Font"),
        NameObject("/Subtype"): NameObject("/CIDFontType2"),
        NameObject("/BaseFont"): base,
        NameObject("/CIDSystemInfo"): DictionaryObject({
            NameObject("/Registry"): TextStringObject("Adobe"),
            NameObject("/Ordering"): TextStringObject("Identity"),
            NameObject("/Supplement"): NumberObject(0)}),
        NameObject("/FontDescriptor"): descriptor,
        NameObject("/DW"): NumberObject(1000),
        NameObject("/W"): widths,
        NameObject("/CIDToGIDMap"): NameObject("/Identity"),
    }))
    target.update({
        NameObject("/Type"): NameObject("/Font"),
        NameObject("/Subtype"): NameObject("/Type0"),
        NameObject("/BaseFont"): base,
        NameObject("/Encoding"): NameObject("/Identity-H"),
        NameObject("/DescendantFonts"): ArrayObject([cid_font]),
        NameObject("/ToUnicode"): stream(_to_unicode(chars, family)),
    })
