"""Every use of pypdf beyond its documented API, in one place.

This is why ``pyproject.toml`` pins ``pypdf<7`` (tested with 6.x): a major
version may rename or drop any of these without notice, and then this module is
the one to fix.

* :func:`raw_stream_bytes`: ``StreamObject._data``, a stream's bytes *before*
  decoding.  Validation decompresses them itself with a size budget, so an
  attachment or object-stream bomb is refused before it is unpacked
  (``get_data()`` would unpack all of it first).
* :func:`object_stream_numbers`: ``PdfReader.xref_objStm``, which object streams
  hold compressed objects; the security scan reads them without walking every page.
* :func:`remember_new_object`: ``PdfReader.cache_indirect_object``, so an object
  added by an incremental update resolves through ``IndirectObject.get_object()``.
* :class:`CachedXrefReader`: overrides ``PdfReader._read_xref_tables_and_trailers``
  and sets ``xref``, ``xref_free_entry``, ``xref_objStm``, ``xref_index`` and
  ``_xref_stream_entry_count``, so that filling the same blank form again does not
  parse its cross-reference streams again (a fifth of a fill's time).
* :func:`limit_strings`: wraps ``pypdf.generic._data_structures.read_string_from_stream``
  so a literal string longer than a limit is refused before pypdf reads it a byte at a
  time.
* :func:`add_indirect`: ``PdfWriter._add_object``, a new indirect object in a writer (the
  pages :mod:`ipforms.forms.printpages` appends need their own content streams).
* :class:`UpdateXrefReader`: the same, for a remembered PDF with incremental updates
  appended (a prefilled form): only the updates' cross-reference streams are parsed,
  with ``_read_pdf15_xref_stream`` and ``_process_xref_stream``.
* :class:`SharedObjectStreams` (both readers above): overrides
  ``PdfReader._get_object_from_stream`` and reads ``resolved_objects`` through
  ``cache_get_indirect_object``: the objects of an object stream are parsed once per
  process for the same stream bytes, and each reader gets its own copies.
* :func:`pdfdoc_text`: ``pypdf._codecs._pdfdoc_encoding``, PDFDocEncoding's table
  (pdfLaTeX's radio state names are bytes in it, :func:`ipforms.forms.acroform.shown_state`).
"""

from __future__ import annotations

import bisect
import contextvars
import hashlib
import re

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError
from pypdf._codecs import _pdfdoc_encoding
from pypdf.generic import (ArrayObject, BooleanObject, ByteStringObject, DictionaryObject,
                           FloatObject, IndirectObject, NameObject, NullObject, NumberObject,
                           PdfObject, StreamObject, TextStringObject)


def raw_stream_bytes(stream: object) -> bytes:
    """The stream's bytes as stored in the file (still encoded by its /Filter)."""
    return getattr(stream, "_data", b"") or b""


def object_stream_numbers(reader: PdfReader) -> list[int]:
    """Object numbers of the object streams that hold compressed objects, sorted."""
    return sorted({stm for stm, _ in reader.xref_objStm.values()})


def remember_new_object(reader: PdfReader, idnum: int, obj: PdfObject) -> None:
    """Let ``IndirectObject(idnum, 0, reader).get_object()`` find a new object."""
    reader.cache_indirect_object(0, idnum, obj)


class _Recent(dict):
    """A dict of at most ``size`` entries that forgets the one used longest ago (a blank
    form's entry, used for every municipality, stays while each municipality's own come
    and go)."""

    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def get(self, key, default=None):
        if key not in self:
            return default
        value = self.pop(key)
        dict.__setitem__(self, key, value)
        return value

    def __setitem__(self, key, value) -> None:
        self.pop(key, None)
        if len(self) >= self.size:
            del self[next(iter(self))]
        dict.__setitem__(self, key, value)


#: bytes' hash -> their parsed cross-reference sections and trailer (CachedXrefReader)
_XREF: dict[bytes, tuple] = _Recent(64)
#: (a sixth item, once a reader that is not strict has read them: the same after pypdf
#: checked every entry, CachedXrefReader.read)
#: bytes' hash -> (length, last startxref, hash) of the bytes they begin with, followed by
#: updates of ours (remember_update): CachedXrefReader reads only the updates' sections
_UPDATES: dict[bytes, tuple[int, int, bytes]] = _Recent(64)


def remember_update(key: bytes, base_len: int, base_startxref: int, base_key: bytes) -> None:
    """The bytes hashed ``key`` are those hashed ``base_key`` (``base_len`` of them, their
    last cross-reference section at ``base_startxref``) with incremental updates appended."""
    _UPDATES[key] = (base_len, base_startxref, base_key)
#: (hash of an object stream's stored bytes, /N, /First) -> {object number: the object as
#: parsed, its references bound to no reader} (SharedObjectStreams)
_OBJSTM: dict[tuple, dict[int, PdfObject]] = {}
#: an object stream with more objects than this is parsed per reader, as pypdf does
_OBJSTM_MAX_OBJECTS = 20_000


#: hash of the bytes of a numbered object that is no stream (from its ``n g obj`` to where the
#: next object begins) -> the object as parsed, its references bound to no reader
_PLAIN: dict[bytes, PdfObject] = {}
_PLAIN_MAX = 20_000
#: an object longer than this (bytes) is parsed per reader, as pypdf does
_PLAIN_MAX_BYTES = 64 << 10


class SharedObjectStreams(PdfReader):
    """A :class:`PdfReader` that parses the objects of an object stream once per process
    for the same stream bytes (a blank form's, read again for every municipality's copy
    and every plan of it: WeasyPrint puts 200-550 objects of a form in one stream, and
    pypdf parses all of them the first time a reader asks for one).  Each reader gets its
    own copy of the object it asks for, its references bound to it, so what one reader
    changes (a fill) is never seen by another."""

    _offsets: list[int] | None = None

    def get_object(self, indirect_reference):
        """As pypdf's; an object that is no stream and whose bytes were parsed before (the
        same blank form's field, widget or catalog, in another municipality's copy) is
        copied from then."""
        ref = (IndirectObject(indirect_reference, 0, self)
               if isinstance(indirect_reference, int) else indirect_reference)
        gen, num = ref.generation, ref.idnum
        offset = None
        if (gen, num) not in self.resolved_objects and not (gen == 0 and num in self.xref_objStm) \
                and self._encryption is None \
                and not self.xref_free_entry.get(gen, {}).get(num, False):
            offset = self.xref.get(gen, {}).get(num)
        if not isinstance(offset, int):
            return super().get_object(indirect_reference)
        if self._offsets is None:
            self._offsets = sorted({o for entries in self.xref.values()
                                    for o in entries.values() if isinstance(o, int)})
        at = bisect.bisect_right(self._offsets, offset)
        end = self._offsets[at] if at < len(self._offsets) else None
        if end is None or end - offset > _PLAIN_MAX_BYTES or not hasattr(self.stream, "getbuffer"):
            return super().get_object(indirect_reference)
        with self.stream.getbuffer() as buf:
            # only an object found where the cross-reference says (else pypdf looks for it)
            if bytes(buf[offset:offset + 24]).split(b"obj", 1)[0].split() != \
                    [str(num).encode(), str(gen).encode()]:
                return super().get_object(indirect_reference)
            key = hashlib.blake2b(buf[offset:end], digest_size=16).digest()
        shared = _PLAIN.get(key)
        if shared is not None:
            obj = _bound(shared, self)
            self.cache_indirect_object(gen, num, obj)
            return obj
        obj = super().get_object(indirect_reference)
        if isinstance(obj, (DictionaryObject, ArrayObject)) and not isinstance(obj, StreamObject):
            if len(_PLAIN) >= _PLAIN_MAX:
                _PLAIN.clear()
            _PLAIN[key] = _bound(obj, None)
        return obj

    def _get_object_from_stream(self, indirect_reference: IndirectObject) -> PdfObject:
        num = indirect_reference.idnum
        stmnum, _ = self.xref_objStm[num]
        stm = IndirectObject(stmnum, 0, self).get_object()
        key = None
        if isinstance(stm, DictionaryObject) and stm.get("/Type") == "/ObjStm":
            raw = raw_stream_bytes(stm)
            key = (hashlib.blake2b(raw, digest_size=16).digest(), stm.get("/N"),
                   stm.get("/First"), str(stm.get("/Filter")))
        shared = _OBJSTM.get(key) if key is not None else None
        if shared is None:
            found = super()._get_object_from_stream(indirect_reference)
            if key is None or not isinstance(key[1], int) or int(key[1]) > _OBJSTM_MAX_OBJECTS:
                return found
            # what pypdf parsed of this stream (it keeps every object the stream holds
            # with authority in this reader), kept unbound for the next readers
            shared = {n: _bound(self.cache_get_indirect_object(0, n), None)
                      for n, (s, _) in self.xref_objStm.items()
                      if s == stmnum and (0, n) in self.resolved_objects}
            if len(_OBJSTM) >= 8:
                _OBJSTM.clear()
            _OBJSTM[key] = shared
            return found
        if num not in shared:  # not in the stream it is listed in: as pypdf says
            return super()._get_object_from_stream(indirect_reference)
        obj = _bound(shared[num], self)
        self.cache_indirect_object(0, num, obj)
        return obj


class CachedXrefReader(SharedObjectStreams):
    """A :class:`PdfReader` that remembers the cross-reference sections of the bytes
    it reads, by ``key`` (a hash of those bytes), and takes them from there when it
    reads the same bytes again.  Only a clean read is remembered: no repaired or
    shifted cross-reference table, no encryption."""

    def __init__(self, stream, key: bytes, **kwargs) -> None:
        self._xref_key = key
        super().__init__(stream, **kwargs)

    def read(self, stream) -> None:
        """As pypdf's, which, not strict, then checks that every entry of the
        cross-reference points at its object's header (and drops those that do not):
        for the same bytes, the checked sections are taken from the first read."""
        done = _checked(self._xref_key) if not self.strict else None
        base = _UPDATES.get(self._xref_key) if done is None and not self.strict else None
        if base is not None and _checked(base[2]) is not None:
            # a remembered, checked PDF with updates of ours appended: only theirs checked
            _read_checking_updates(self, stream, base[0])
        elif done is not None:
            xref, free, objstm, count, trailer, startxref = done
            self.xref = {gen: dict(entries) for gen, entries in xref.items()}
            self.xref_free_entry = {gen: dict(entries) for gen, entries in free.items()}
            self.xref_objStm = dict(objstm)
            self._xref_stream_entry_count = count
            self.trailer = _bound(trailer, self)
            self._startxref = startxref
            return
        else:
            super().read(stream)
        parsed = _XREF.get(self._xref_key)
        if self.strict or parsed is None or self.xref_index or "/Encrypt" in self.trailer:
            return
        _XREF[self._xref_key] = parsed[:5] + ((
            {gen: dict(entries) for gen, entries in self.xref.items()},
            {gen: dict(entries) for gen, entries in self.xref_free_entry.items()},
            dict(self.xref_objStm), self._xref_stream_entry_count, _bound(self.trailer, None),
            self._startxref),)

    def _read_xref_tables_and_trailers(self, stream, startxref, xref_issue_nr) -> None:
        cached = _XREF.get(self._xref_key) if not xref_issue_nr else None
        base = _UPDATES.get(self._xref_key) if cached is None and not xref_issue_nr else None
        if base is not None and _XREF.get(base[2]) is not None:
            # a remembered PDF with updates appended: only the updates' sections are read
            _read_over_base(self, stream, startxref, xref_issue_nr, base)
            self._remember_xref()
            return
        if cached is not None:
            xref, free, objstm, count, trailer = cached[:5]
            self.xref = {gen: dict(entries) for gen, entries in xref.items()}
            self.xref_free_entry = {gen: dict(entries) for gen, entries in free.items()}
            self.xref_objStm = dict(objstm)
            self._xref_stream_entry_count = count
            self.trailer = _bound(trailer, self)
            return
        super()._read_xref_tables_and_trailers(stream, startxref, xref_issue_nr)
        if not xref_issue_nr:
            self._remember_xref()

    def _remember_xref(self) -> None:
        if self.xref_index or "/Encrypt" in self.trailer:
            return
        _XREF[self._xref_key] = (
            {gen: dict(entries) for gen, entries in self.xref.items()},
            {gen: dict(entries) for gen, entries in self.xref_free_entry.items()},
            dict(self.xref_objStm), self._xref_stream_entry_count, _bound(self.trailer, None))


class UpdateXrefReader(SharedObjectStreams):
    """A :class:`PdfReader` of ``base`` (its first ``base_len`` bytes, whose last
    cross-reference section is at ``base_startxref``) followed by incremental updates
    with cross-reference streams.  The updates' sections are parsed; the base's come from
    what :class:`CachedXrefReader` remembered under ``base_key``, merged as pypdf merges
    older sections (an object a newer section lists keeps the newer entry).  Anything
    else (no remembered base, an xref table, a hybrid file, a /Prev that does not lead to
    the base's section) is read the usual way."""

    def __init__(self, stream, base_len: int, base_startxref: int, base_key: bytes,
                 **kwargs) -> None:
        self._update_base = (base_len, base_startxref, base_key)
        super().__init__(stream, **kwargs)

    def _read_xref_tables_and_trailers(self, stream, startxref, xref_issue_nr) -> None:
        _read_over_base(self, stream, startxref, xref_issue_nr, self._update_base)

    def read(self, stream) -> None:
        """As pypdf's; when the base was read and checked before (CachedXrefReader.read),
        only the updates' entries are checked here (pypdf, not strict, checks every entry
        of the cross-reference against its object's header and drops those that fail)."""
        base_len, _, key = self._update_base
        if self.strict or _checked(key) is None:
            super().read(stream)
            return
        _read_checking_updates(self, stream, base_len)


def _read_checking_updates(self: PdfReader, stream, base_len: int) -> None:
    """pypdf's ``read`` of a PDF whose first ``base_len`` bytes were read and checked
    before (not strict, pypdf checks every entry of the cross-reference against its
    object's header and drops those that fail): only the entries of the updates after
    them are checked here."""
    self.strict = True  # pypdf then skips its check of every entry ...
    try:
        PdfReader.read(self, stream)
    except PdfReadError:
        unusual = True  # (strict, pypdf refuses a wrong startxref it would repair)
    else:
        unusual = bool(self.xref_index)  # (strict, it leaves a shifted table as it is)
    finally:
        self.strict = False
    if unusual:  # not what our updates write: read as pypdf reads it
        PdfReader.read(self, stream)
        return
    loc = stream.tell()
    for gen, entries in self.xref.items():  # ... and the updates' are checked here
        if gen == 65535:
            continue
        for num in [n for n, offset in entries.items() if offset >= base_len]:
            stream.seek(entries[num], 0)
            try:
                self.read_object_header(stream)
            except ValueError:
                del entries[num]
    stream.seek(loc, 0)


def _read_over_base(self: PdfReader, stream, startxref, xref_issue_nr,
                    update_base: tuple[int, int, bytes]) -> None:
    """Read the cross-reference sections of the updates appended to a remembered PDF, the
    remembered PDF's own from what was remembered (see :class:`UpdateXrefReader`)."""
    base_len, base_startxref, key = update_base
    # the base's sections as checked by pypdf, if it read them (else as parsed)
    cached = (_checked(key) or _XREF.get(key)) if not xref_issue_nr else None
    if cached is None or not _read_updates(self, stream, startxref, base_len, base_startxref):
        PdfReader._read_xref_tables_and_trailers(self, stream, startxref, xref_issue_nr)
        return
    xref, free, objstm, count, trailer = cached[:5]
    for gen, entries in xref.items():
        mine = self.xref.setdefault(gen, {})
        for num, offset in entries.items():
            if num not in mine and num not in self.xref_objStm:
                mine[num] = offset
    for num, where in objstm.items():
        if num not in self.xref.get(0, {}) and num not in self.xref_objStm:
            self.xref_objStm[num] = where
    for gen, entries in free.items():
        mine_free = self.xref_free_entry.setdefault(gen, {})
        for num, value in entries.items():
            mine_free.setdefault(num, value)
    self._xref_stream_entry_count += count
    for k, v in _bound(trailer, self).items():
        if k not in self.trailer:
            self.trailer[k] = v


def _read_updates(self: PdfReader, stream, startxref, base_len: int, base_startxref: int) -> bool:
    """Parse the updates' cross-reference streams (newest first); False when they are
    not what this reader expects (the caller then reads everything)."""
    self.xref, self.xref_free_entry, self.xref_objStm = {}, {}, {}
    self._xref_stream_entry_count = 0
    self.trailer = DictionaryObject()
    seen: set[int] = set()
    while isinstance(startxref, int) and startxref >= base_len:
        if startxref in seen:
            return False
        seen.add(startxref)
        stream.seek(startxref, 0)
        x = stream.read(1)
        if x in b"\r\n":
            x = stream.read(1)
        if not x.isdigit():
            return False
        xrefstream = self._read_pdf15_xref_stream(stream)
        if "/XRefStm" in xrefstream:
            return False
        self._process_xref_stream(xrefstream)
        startxref = xrefstream.get("/Prev")
    return startxref == base_startxref


def xref_state(key: bytes) -> tuple | None:
    """What :class:`CachedXrefReader` remembered of the bytes hashed ``key`` once a reader
    that is not strict read them whole (their sections as parsed and as checked), or None."""
    found = _XREF.get(key)
    return found if found is not None and len(found) > 5 else None


#: written offsets: object number -> (offset, generation), and the last section's offset
Written = tuple[dict[int, tuple[int, int]], int]


def remember_moved(key: bytes, first: tuple, base_len: int, first_written: Written,
                   written: Written) -> bool:
    """Remember for the bytes hashed ``key`` the cross-reference a reader would read:
    they are the bytes ``first`` was remembered for (:func:`xref_state`) but for the
    update after their first ``base_len`` bytes, which holds the same objects (numbers,
    generations) at other offsets (``written``: where its writer put them, the update's
    cross-reference stream included, and that stream's offset; ``first_written``: the
    same of ``first``'s update).  Only when ``first``'s remembered entries at or after
    ``base_len`` are exactly ``first_written`` (as parsed and as checked), so moving them
    gives what parsing would: else nothing is remembered (False) and the bytes are read
    the usual way."""
    (was, was_start), (now, now_start) = first_written, written
    if was.keys() != now.keys() or any(was[n][1] != now[n][1] for n in was) \
            or first[5][5] != was_start:
        return False
    expected = {(gen, num): off for num, (off, gen) in was.items()}
    moved = {(gen, num): now[num][0] for num, (_, gen) in was.items()}
    found = []
    for xref, free, objstm, count, trailer in (first[:5], first[5][:5]):
        mine = {(gen, num): off for gen, entries in xref.items()
                for num, off in entries.items() if isinstance(off, int) and off >= base_len}
        if mine != expected or any(num in objstm for num in was):
            return False
        found.append(({gen: {num: moved.get((gen, num), off) for num, off in entries.items()}
                       for gen, entries in xref.items()}, free, objstm, count, trailer))
    _XREF[key] = found[0] + (found[1] + (now_start,),)
    return True


def _checked(key: bytes) -> tuple | None:
    """The cross-reference sections remembered under ``key`` as pypdf checked them (not
    strict), if a reader has read them whole."""
    found = _XREF.get(key)
    return found[5] if found is not None and len(found) > 5 else None


#: kinds of object that hold no other (_bound keeps them as they are, without a call: a
#: font's /Widths holds hundreds of numbers, copied for every reader of the form)
_LEAVES = frozenset({NumberObject, FloatObject, NameObject, TextStringObject,
                     ByteStringObject, BooleanObject, NullObject})


def _bound(obj, reader):
    """A copy of ``obj`` whose indirect references point into ``reader``."""
    if isinstance(obj, IndirectObject):
        return IndirectObject(obj.idnum, obj.generation, reader)
    if isinstance(obj, DictionaryObject):
        return DictionaryObject({k: v if type(v) in _LEAVES else _bound(v, reader)
                                 for k, v in dict.items(obj)})
    if isinstance(obj, ArrayObject):
        return ArrayObject([v if type(v) in _LEAVES else _bound(v, reader) for v in obj])
    return obj


#: while set (a number of bytes), a literal string longer than that is not read: pypdf
#: reads strings a byte at a time (about 1 µs a byte), so an 8 MB field value took 9 s
STRING_LIMIT: contextvars.ContextVar[list | None] = contextvars.ContextVar(
    "ipforms_string_limit", default=None)
_STRING_TOKENS = re.compile(rb"\\[\s\S]|[()]")


class LongStringError(PdfReadError):
    """A literal string longer than :data:`STRING_LIMIT` (the limit holds the first
    one's offset too, since pypdf may catch this)."""


def limit_strings() -> None:
    """Wrap pypdf's reader of literal strings (``PdfReader`` parses them through
    ``pypdf.generic._data_structures.read_string_from_stream``) so that, while
    :data:`STRING_LIMIT` is set to ``[limit]``, a string that does not end within
    ``limit`` bytes is refused before pypdf reads it byte by byte: its nesting is
    followed in the file's buffer with a regular expression (linear, no copy)."""
    import pypdf.generic._data_structures as ds

    if getattr(ds.read_string_from_stream, "_ipforms_limit", False):
        return
    original = ds.read_string_from_stream

    def limited(stream, forced_encoding=None):
        state = STRING_LIMIT.get()
        if state is not None and hasattr(stream, "getbuffer"):
            limit, start = state[0], stream.tell()
            buf = stream.getbuffer()
            try:
                depth, end = 0, None
                for m in _STRING_TOKENS.finditer(buf, start, start + limit):
                    t = m.group()
                    if t == b"(":
                        depth += 1
                    elif t == b")":
                        depth -= 1
                        if depth == 0:
                            end = m.end()
                            break
                if end is None and start + limit < len(buf):
                    state.append(start)
                    raise LongStringError(f"a string longer than {limit} bytes at {start}")
            finally:
                del buf
        return original(stream, forced_encoding)

    limited._ipforms_limit = True  # type: ignore[attr-defined]
    ds.read_string_from_stream = limited


def pdfdoc_text(raw: bytes) -> str:
    """``raw`` read as PDFDocEncoding (PDF 32000-1, D.2); its undefined codes become NUL."""
    return "".join(_pdfdoc_encoding[b] for b in raw)


def add_indirect(writer: PdfWriter, obj: PdfObject) -> IndirectObject:
    """``obj`` as a new indirect object of ``writer``."""
    return writer._add_object(obj)
