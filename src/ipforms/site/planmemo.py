"""A prefilled form's fill plan carried over from an earlier form of the same *shape*
(:func:`ipforms.site.fillplan.fill_plan` with ``blank``), so that a municipality's plans
are not read again from its PDFs.

Every published form is a blank form (the same for every municipality) with updates
appended: the privacy line (:mod:`ipforms.forms.privacylink`) and the prefill
(:mod:`ipforms.forms.fill`).  From one municipality to the next they write the same
objects by the same numbers; what differs are the values (``/V``), the appearance
streams' data, the privacy line's text, link and place, and so every offset.  A plan
reads none of these but ``/V`` (which it leaves out) and stream data (which it never
reads), so the plan of a form of the same shape is the earlier plan with the new
``prev``, ``size`` and ``trailer``.  That is checked, not assumed:

* the *shape* (:func:`shape`): the blank (its bytes), the numbers of the objects each
  update section writes, the objects after the plan's ``base`` and the trailer; found by
  parsing only the updates' cross-reference streams;
* the plan of the first form of a shape is made the ordinary way with readers that note
  every object they resolve (:class:`Reference`); each such object written by an update
  is kept as a *pattern* of its bytes: exactly these bytes, or these with another
  ``/V`` (one string or name), or a stream with this dictionary but another ``/Length``
  (and any data);
* a later form of the shape gets the plan when every noted object's bytes in it match
  its pattern: it then parses to the same object (but for ``/V`` and stream data), so the
  ordinary path would read the same and give the same plan.

Anything else (no blank, an xref table, a free or compressed entry in an update, an
object not written as pypdf writes it, a mismatch) takes the ordinary path.
"""

from __future__ import annotations

import io
import re
import zlib
from dataclasses import dataclass, field

from pypdf.generic import DictionaryObject, NameObject, StreamObject, read_object

from ..forms.incremental import last_startxref
from ..forms.pypdf_internals import raw_stream_bytes

_OBJ = re.compile(rb"(\d+) 0 obj\n")
_DIGITS = re.compile(rb"[0-9]+")
#: one token a /V can be, as pypdf writes it: a literal string (pypdf escapes every
#: parenthesis, so no unescaped one is inside), a hex string, a name
_VALUE = re.compile(rb"\((?:[^()\\]|\\[\s\S])*\)|<[0-9A-Fa-f]*>|/[^\s()<>\[\]{}/%]*")
_MASK = b"/IpfPlanMask"
_STREAM_END = b"\nendstream\nendobj\n"
#: how many sections of updates a shape may have (ours: two)
_MAX_SECTIONS = 8


class _NoReader:
    """What pypdf's parser asks of a reader for a value of a cross-reference stream's
    dictionary (its references are only written out again, never resolved)."""

    strict = False


_NO_READER = _NoReader()
#: the dictionary of a cross-reference stream as pypdf writes one (incremental.py): one
#: key a line, each value a number, name, reference, or an array of these or of hex
#: strings (nothing in it can hide another line: no literal string, no nested dictionary)
_ATOM = rb"(?:-?[0-9]+(?: [0-9]+ R)?|/[A-Za-z0-9.+_-]+|<[0-9A-Fa-f]*>)"
_XREF_DICT = re.compile(rb"<<\n((?:/[A-Za-z0-9]+ (?:" + _ATOM + rb"|\[(?: " + _ATOM
                        + rb")* \])\n)*)>>\nstream\n")
_STREAM_TAIL = b"\nendstream\nendobj\n"


@dataclass
class Updates:
    """The update sections after a blank form, newest first, read from their
    cross-reference streams."""

    #: object number -> offset, the newest section's entry for each
    merged: dict[int, int]
    #: the same, of the sections that lie within the plan's base
    in_base: dict[int, int]
    #: every entry's offset, sorted: where each object written by an update ends
    ends: list[int]
    key: tuple
    size: int
    #: /Root, /Info, /ID as pypdf writes them (the newest section's, else the blank's)
    trailer: dict[str, str]


def _ints(value: bytes) -> list[int] | None:
    items = value.strip(b"[] ").split()
    return [int(i) for i in items] if all(i.isdigit() for i in items) else None


def _xref_section(pdf: bytes, start: int):
    """(entries, {key: value's bytes}) of the cross-reference stream at ``start``, or None
    when it is not one this module reads (only in-use entries)."""
    m = _OBJ.match(pdf, start)
    d = _XREF_DICT.match(pdf, m.end()) if m is not None else None
    if d is None:
        return None
    items = dict(line.split(b" ", 1) for line in d.group(1).split(b"\n")[:-1])
    length = items.get(b"/Length", b"")
    widths, index = _ints(items.get(b"/W", b"")), _ints(items.get(b"/Index", b"[ ]"))
    if items.get(b"/Type") != b"/XRef" or not length.isdigit() or widths is None \
            or index is None or b"/XRefStm" in items or b"/DecodeParms" in items \
            or items.get(b"/Filter", b"/FlateDecode") != b"/FlateDecode" or b"/Index" not in items:
        return None
    rows = pdf[d.end():d.end() + int(length)]
    if not pdf.startswith(_STREAM_TAIL, d.end() + int(length)) or len(widths) != 3 \
            or widths[0] != 1 or len(index) % 2:
        return None
    try:
        rows = zlib.decompress(rows) if b"/Filter" in items else rows
    except zlib.error:
        return None
    row, entries, at = sum(widths), {}, 0
    for first, count in zip(index[::2], index[1::2], strict=True):
        for num in range(first, first + count):
            cells = rows[at:at + row]
            at += row
            if len(cells) != row or cells[0] != 1:
                return None  # a free or compressed entry: not an update of ours
            entries[num] = int.from_bytes(cells[1:1 + widths[1]], "big")
    return (entries, items) if at == len(rows) else None


#: a value of a cross-reference stream's dictionary as pypdf writes it once read, by its bytes
_VALUES: dict[bytes, str] = {}


def _value(ser, text: bytes) -> str:
    found = _VALUES.get(text)
    if found is None:
        if len(_VALUES) > 256:
            _VALUES.clear()
        found = _VALUES[text] = ser(read_object(io.BytesIO(text + b" "),
                                                 _NO_READER))  # type: ignore[arg-type]
    return found


def shape(ser, pdf: bytes, base: bytes, blank_key: bytes, blank_len: int,
          blank_startxref: int, blank_trailer: dict[str, str]) -> Updates | None:
    """The updates of ``pdf`` after its blank (``blank_len`` bytes, its last section at
    ``blank_startxref``), or None when they are not what :mod:`planmemo` reads."""
    start = last_startxref(pdf)
    sections: list[tuple] = []
    while isinstance(start, int) and start >= blank_len:
        found = _xref_section(pdf, start) if len(sections) < _MAX_SECTIONS else None
        if found is None:
            return None
        sections.append((start, *found))
        prev = found[1].get(b"/Prev", b"")
        start = int(prev) if prev.isdigit() else None
    if start != blank_startxref or not sections:
        return None
    merged: dict[int, int] = {}
    in_base: dict[int, int] = {}
    for start, entries, _ in sections:
        for num, offset in entries.items():
            if not blank_len <= offset < len(pdf):
                return None
            merged.setdefault(num, offset)
            if start < len(base):
                in_base.setdefault(num, offset)
    size = sections[0][2].get(b"/Size", b"")
    if not size.isdigit():
        return None
    trailer = {}
    for k in ("/Root", "/Info", "/ID"):
        text = next((s[2][k.encode()] for s in sections if k.encode() in s[2]), None)
        if text is not None:
            trailer[k] = _value(ser, text)
        elif k in blank_trailer:
            trailer[k] = blank_trailer[k]
    updated = frozenset(n for n, off in merged.items() if off >= len(base))
    key = (blank_key, tuple(tuple(sorted(s[1])) for s in sections),
           sum(1 for s in sections if s[0] >= len(base)), updated, tuple(trailer.items()))
    return Updates(merged, in_base, sorted(set(merged.values()) | {s[0] for s in sections}),
                   key, int(size), trailer)


def _slice(pdf: bytes, ends: list[int], offset: int) -> bytes:
    import bisect

    at = bisect.bisect_right(ends, offset)
    return pdf[offset:ends[at] if at < len(ends) else len(pdf)]


def _masked(ser, obj, key: str, value) -> tuple[bytes, bytes] | None:
    """The bytes of ``obj`` before and after its ``key``'s value, as pypdf writes it."""
    d = DictionaryObject(obj)
    d[NameObject(key)] = value
    text = ser(d).encode("latin-1")
    if text.count(_MASK) != 1:
        return None
    at = text.index(_MASK)
    return text[:at], text[at + len(_MASK):]


def pattern(ser, piece: bytes, num: int, obj) -> tuple | None:
    """The pattern of the object ``num`` (``obj`` as read) whose bytes are ``piece``, or
    None when they are not what pypdf writes for it."""
    header = f"{num} 0 obj\n".encode()
    if isinstance(obj, StreamObject):
        raw = raw_stream_bytes(obj)
        parts = _masked(ser, obj, "/Length", NameObject(_MASK.decode()))
        if parts is None:
            return None
        pre, post = header + parts[0], parts[1] + b"\nstream\n"
        if piece != pre + str(len(raw)).encode() + post + raw + _STREAM_END:
            return None
        return ("stream", pre, post)
    if isinstance(obj, DictionaryObject) and "/V" in obj:
        parts = _masked(ser, obj, "/V", NameObject(_MASK.decode()))
        if parts is None or piece != header + ser(obj).encode("latin-1") + b"\nendobj\n":
            return None
        return ("value", header + parts[0], parts[1] + b"\nendobj\n")
    return ("exact", piece)


def matches(piece: bytes, pat: tuple) -> bool:
    """Whether the bytes ``piece`` parse to the object ``pat`` was made from (but for its
    /V or its stream's data)."""
    if pat[0] == "exact":
        return piece == pat[1]
    _, pre, post = pat
    if not piece.startswith(pre):
        return False
    if pat[0] == "value":
        return (piece.endswith(post) and len(piece) >= len(pre) + len(post)
                and _VALUE.fullmatch(piece, len(pre), len(piece) - len(post)) is not None)
    m = _DIGITS.match(piece, len(pre))
    if m is None or not piece.startswith(post, m.end()) or not piece.endswith(_STREAM_END):
        return False
    return len(piece) - m.end() - len(post) - len(_STREAM_END) == int(m.group())


@dataclass
class Reference:
    """The plan of the first form of a shape, and the patterns of the objects written by
    its updates that making it resolved (through the form's reader and its base's)."""

    plan: dict
    #: (in the base only?, object number, pattern)
    patterns: list[tuple[bool, int, tuple]] = field(default_factory=list)

    def holds_for(self, pdf: bytes, updates: Updates) -> bool:
        for in_base, num, pat in self.patterns:
            offset = (updates.in_base if in_base else updates.merged).get(num)
            if offset is None or not matches(_slice(pdf, updates.ends, offset), pat):
                return False
        return True


def reference(ser, plan: dict, pdf: bytes, updates: Updates,
              resolved: list[tuple[bool, set[int], object]]) -> Reference | None:
    """The :class:`Reference` of ``plan`` made from ``pdf``; ``resolved``: per reader (of
    the base only?) the numbers it resolved and the reader; None when an object is not
    written as pypdf writes it."""
    ref = Reference(plan)
    for in_base, nums, reader in resolved:
        where = updates.in_base if in_base else updates.merged
        for num in sorted(nums):
            if num not in where:
                continue  # the blank's own object: the same in every form of the shape
            pat = pattern(ser, _slice(pdf, updates.ends, where[num]), num,
                          reader.get_object(num))  # type: ignore[attr-defined]
            if pat is None:
                return None
            ref.patterns.append((in_base, num, pat))
    return ref
