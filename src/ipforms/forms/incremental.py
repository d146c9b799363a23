"""Write changes to a PDF as an incremental update (PDF 32000-1, 7.5.6).

The original bytes are kept as they are and only the changed and new objects are
appended, with a cross-reference section that points back to the original one.
That is why prefilling a form takes milliseconds: nothing else is parsed or
written again.  Objects come from a :class:`pypdf.PdfReader` over the original
bytes; change them in place and :meth:`IncrementalUpdate.mark` them.
"""

from __future__ import annotations

import io
import logging
import re
import zlib

from pypdf import PdfReader
from pypdf.generic import (ArrayObject, DictionaryObject, IndirectObject, NameObject,
                           NumberObject, PdfObject, StreamObject)

from ..core.errors import PdfInputError
from .pdfbytes import pdf_bytes
from .pypdf_internals import remember_new_object

log = logging.getLogger(__name__)
_STARTXREF = re.compile(rb"startxref\s+(\d+)\s*(?:%%EOF)?\s*$")
_TRAILER_KEEP = ("/Root", "/Info", "/ID")


def last_startxref(data: bytes) -> int | None:
    """Where the last cross-reference section of ``data`` starts: the number after
    ``startxref`` at the end of the file (in its last kilobyte), or None."""
    m = _STARTXREF.search(data[-1024:])
    return int(m.group(1)) if m else None


class IncrementalUpdate:
    """Collect changed objects of ``reader`` and append them to ``data``."""

    def __init__(self, data: bytes, reader: PdfReader):
        eof = data.rfind(b"%%EOF")
        if eof >= 0 and data[eof + 5:].strip(b" \t\r\n"):
            # bytes after the last %%EOF (a mail gateway's or a tool's trailing junk): the
            # update goes after %%EOF, where readers look for it; the junk is left out
            log.warning("left out %d bytes after the end of the PDF (%%%%EOF)",
                        len(data) - eof - 5)
            data = data[:eof + 5] + b"\n"
        self.data = data
        self.reader = reader
        size = reader.trailer.get("/Size")
        if not isinstance(size, int):  # NumberObject is an int
            raise PdfInputError("the PDF's trailer has no /Size: it cannot be updated")
        self.size = int(size)
        self.changed: dict[int, tuple[int, PdfObject]] = {}
        #: where the last :meth:`write` (with a cross-reference stream) put each object, by
        #: number (offset, generation; its cross-reference stream's too), and that
        #: stream's offset; None after a write with a cross-reference table
        self.written: tuple[dict[int, tuple[int, int]], int] | None = None

    def mark(self, obj: PdfObject) -> None:
        """Record that the indirect object ``obj`` (read from the reader) has changed."""
        ref = obj.indirect_reference
        if ref is None:
            raise ValueError("not an indirect object; mark the object that holds it")
        self.changed[ref.idnum] = (ref.generation, obj)

    def add(self, obj: PdfObject) -> IndirectObject:
        """Add a new object; returns a reference to it."""
        ref = IndirectObject(self.size, 0, self.reader)
        self.size += 1
        obj.indirect_reference = ref
        self.changed[ref.idnum] = (0, obj)
        remember_new_object(self.reader, ref.idnum, obj)  # so ref.get_object() finds it
        return ref

    def _prev(self) -> tuple[int, bool]:
        prev = last_startxref(self.data)
        if prev is None:
            raise ValueError("no startxref at the end of the file")
        is_stream = not self.data[prev:prev + 4] == b"xref"
        return prev, is_stream

    def objects(self, numbers=None) -> dict[int, tuple[int, bytes]]:
        """The changed and new objects (those numbered ``numbers``, by default all) as
        :meth:`write` writes them: by number, the generation and the bytes from
        ``n g obj`` to ``endobj``."""
        out = {}
        for idnum in sorted(self.changed) if numbers is None else numbers:
            gen, obj = self.changed[idnum]
            out[idnum] = (gen, b"".join((f"{idnum} {gen} obj\n".encode(), pdf_bytes(obj),
                                         b"\nendobj\n")))
        return out

    def write(self, objects: dict[int, tuple[int, bytes]] | None = None) -> bytes:
        """The original bytes followed by the update: the changed and new objects, or
        ``objects`` (as :meth:`objects` gives them: the same update with some objects
        as they were serialized before, or a few more objects of the original)."""
        prev, xref_stream = self._prev()
        objects = self.objects() if objects is None else objects
        base = self.data if self.data.endswith((b"\n", b"\r")) else self.data + b"\n"
        parts = [base]
        at = len(base)
        offsets: dict[int, tuple[int, int]] = {}
        for idnum in sorted(objects):
            gen, chunk = objects[idnum]
            offsets[idnum] = (at, gen)
            parts.append(chunk)
            at += len(chunk)
        out = io.BytesIO()
        out.write(b"".join(parts))
        trailer = DictionaryObject()
        for key in _TRAILER_KEEP:
            if key in self.reader.trailer:
                trailer[NameObject(key)] = self.reader.trailer.raw_get(key)
        trailer[NameObject("/Prev")] = NumberObject(prev)
        self.written = None
        if xref_stream:
            self._write_xref_stream(out, offsets, trailer)
        else:
            self._write_xref_table(out, offsets, trailer)
        return out.getvalue()

    @staticmethod
    def _runs(ids: list[int]) -> list[list[int]]:
        runs: list[list[int]] = []
        for i in ids:
            if runs and runs[-1][-1] == i - 1:
                runs[-1].append(i)
            else:
                runs.append([i])
        return runs

    def _write_xref_table(self, out, offsets, trailer) -> None:
        start = out.tell()
        out.write(b"xref\n")
        for run in self._runs(sorted(offsets)):
            out.write(f"{run[0]} {len(run)}\n".encode())
            for i in run:
                off, gen = offsets[i]
                out.write(f"{off:010d} {gen:05d} n\r\n".encode())
        trailer[NameObject("/Size")] = NumberObject(self.size)
        out.write(b"trailer\n")
        trailer.write_to_stream(out)
        out.write(f"\nstartxref\n{start}\n%%EOF\n".encode())

    def _write_xref_stream(self, out, offsets, trailer) -> None:
        xref_id = self.size  # (numbered after the rest; the next write numbers it again)
        start = out.tell()
        offsets = {**offsets, xref_id: (start, 0)}
        self.written = (offsets, start)
        ids = sorted(offsets)
        rows = b"".join(b"\x01" + offsets[i][0].to_bytes(4, "big")
                        + offsets[i][1].to_bytes(2, "big") for i in ids)
        stream = StreamObject()
        stream.update(trailer)
        stream[NameObject("/Type")] = NameObject("/XRef")
        stream[NameObject("/Size")] = NumberObject(xref_id + 1)
        stream[NameObject("/W")] = ArrayObject([NumberObject(1), NumberObject(4),
                                                NumberObject(2)])
        index = []
        for run in self._runs(ids):
            index += [NumberObject(run[0]), NumberObject(len(run))]
        stream[NameObject("/Index")] = ArrayObject(index)
        stream[NameObject("/Filter")] = NameObject("/FlateDecode")
        stream.set_data(zlib.compress(rows))
        out.write(f"{xref_id} 0 obj\n".encode())
        out.write(pdf_bytes(stream))
        out.write(f"\nendobj\nstartxref\n{start}\n%%EOF\n".encode())
