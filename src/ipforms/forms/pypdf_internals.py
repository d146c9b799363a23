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
"""

from __future__ import annotations

from pypdf import PdfReader
from pypdf.generic import PdfObject


def raw_stream_bytes(stream: object) -> bytes:
    """The stream's bytes as stored in the file (still encoded by its /Filter)."""
    return getattr(stream, "_data", b"") or b""


def object_stream_numbers(reader: PdfReader) -> list[int]:
    """Object numbers of the object streams that hold compressed objects, sorted."""
    return sorted({stm for stm, _ in reader.xref_objStm.values()})


def remember_new_object(reader: PdfReader, idnum: int, obj: PdfObject) -> None:
    """Let ``IndirectObject(idnum, 0, reader).get_object()`` find a new object."""
    reader.cache_indirect_object(0, idnum, obj)
