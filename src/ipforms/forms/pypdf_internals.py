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
* :func:`add_indirect`: ``PdfWriter._add_object``, a new indirect object in a writer (the
  pages :mod:`ipforms.forms.printpages` appends need their own content streams).
* :class:`UpdateXrefReader`: the same, for a remembered PDF with incremental updates
  appended (a prefilled form): only the updates' cross-reference streams are parsed,
  with ``_read_pdf15_xref_stream`` and ``_process_xref_stream``.
* :func:`pdfdoc_text`: ``pypdf._codecs._pdfdoc_encoding``, PDFDocEncoding's table
  (pdfLaTeX's radio state names are bytes in it, :func:`ipforms.forms.acroform.shown_state`).
"""

from __future__ import annotations

from pypdf import PdfReader, PdfWriter
from pypdf._codecs import _pdfdoc_encoding
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, PdfObject


def raw_stream_bytes(stream: object) -> bytes:
    """The stream's bytes as stored in the file (still encoded by its /Filter)."""
    return getattr(stream, "_data", b"") or b""


def object_stream_numbers(reader: PdfReader) -> list[int]:
    """Object numbers of the object streams that hold compressed objects, sorted."""
    return sorted({stm for stm, _ in reader.xref_objStm.values()})


def remember_new_object(reader: PdfReader, idnum: int, obj: PdfObject) -> None:
    """Let ``IndirectObject(idnum, 0, reader).get_object()`` find a new object."""
    reader.cache_indirect_object(0, idnum, obj)


#: bytes' hash -> their parsed cross-reference sections and trailer (CachedXrefReader)
_XREF: dict[bytes, tuple] = {}


class CachedXrefReader(PdfReader):
    """A :class:`PdfReader` that remembers the cross-reference sections of the bytes
    it reads, by ``key`` (a hash of those bytes), and takes them from there when it
    reads the same bytes again.  Only a clean read is remembered: no repaired or
    shifted cross-reference table, no encryption."""

    def __init__(self, stream, key: bytes, **kwargs) -> None:
        self._xref_key = key
        super().__init__(stream, **kwargs)

    def _read_xref_tables_and_trailers(self, stream, startxref, xref_issue_nr) -> None:
        cached = _XREF.get(self._xref_key) if not xref_issue_nr else None
        if cached is not None:
            xref, free, objstm, count, trailer = cached
            self.xref = {gen: dict(entries) for gen, entries in xref.items()}
            self.xref_free_entry = {gen: dict(entries) for gen, entries in free.items()}
            self.xref_objStm = dict(objstm)
            self._xref_stream_entry_count = count
            self.trailer = _bound(trailer, self)
            return
        super()._read_xref_tables_and_trailers(stream, startxref, xref_issue_nr)
        if xref_issue_nr or self.xref_index or "/Encrypt" in self.trailer:
            return
        if len(_XREF) > 64:
            _XREF.clear()
        _XREF[self._xref_key] = (
            {gen: dict(entries) for gen, entries in self.xref.items()},
            {gen: dict(entries) for gen, entries in self.xref_free_entry.items()},
            dict(self.xref_objStm), self._xref_stream_entry_count, _bound(self.trailer, None))


class UpdateXrefReader(PdfReader):
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
        base_len, base_startxref, key = self._update_base
        cached = _XREF.get(key) if not xref_issue_nr else None
        if cached is None or not self._read_updates(stream, startxref, base_len, base_startxref):
            super()._read_xref_tables_and_trailers(stream, startxref, xref_issue_nr)
            return
        xref, free, objstm, count, trailer = cached
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

    def _read_updates(self, stream, startxref, base_len: int, base_startxref: int) -> bool:
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


def _bound(obj, reader):
    """A copy of ``obj`` whose indirect references point into ``reader``."""
    if isinstance(obj, IndirectObject):
        return IndirectObject(obj.idnum, obj.generation, reader)
    if isinstance(obj, DictionaryObject):
        return DictionaryObject({k: _bound(v, reader) for k, v in dict.items(obj)})
    if isinstance(obj, ArrayObject):
        return ArrayObject(_bound(v, reader) for v in obj)
    return obj


def pdfdoc_text(raw: bytes) -> str:
    """``raw`` read as PDFDocEncoding (PDF 32000-1, D.2); its undefined codes become NUL."""
    return "".join(_pdfdoc_encoding[b] for b in raw)


def add_indirect(writer: PdfWriter, obj: PdfObject) -> IndirectObject:
    """``obj`` as a new indirect object of ``writer``."""
    return writer._add_object(obj)
