"""Building blocks of the hostile corpus (:mod:`ipforms.dev.hostile`): zeros that inflate
to a gigabyte, and an incremental update written by hand, so that names can be spelled
as a hostile file spells them."""

from __future__ import annotations

import io
import re
import zlib
from typing import Any


def zeros_flate(n: int) -> bytes:
    """zlib data that inflates to ``n`` (a multiple of 1 MiB) zero bytes, made in well
    under a second: one fully flushed block for 1 MiB, repeated."""
    mib = 1 << 20
    assert n % mib == 0
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = c.compress(b"\0" * mib) + c.flush(zlib.Z_FULL_FLUSH)
    end = c.flush(zlib.Z_FINISH)
    adler = ((n % 65521) << 16) | 1  # adler32 of n zero bytes
    return b"\x78\xda" + block * (n // mib) + end + adler.to_bytes(4, "big")


def runlength_zeros(n: int) -> bytes:
    """RunLength data for ``n`` zero bytes (2 bytes per 128)."""
    return b"\x81\x00" * (n // 128) + b"\x80"


def _serialize(obj: Any) -> bytes:
    buf = io.BytesIO()
    obj.write_to_stream(buf)
    return buf.getvalue()


class Update:
    """An incremental update written by hand, so names can be spelled as we like
    (pypdf would write them plainly).  ``add`` objects as raw bytes; ``packed``
    puts them in a compressed object stream with a cross-reference stream."""

    def __init__(self, pdf: bytes):
        from pypdf import PdfReader

        self.pdf = pdf
        self.reader: Any = PdfReader(io.BytesIO(pdf))
        trailer: Any = self.reader.trailer
        self.size = int(trailer["/Size"])
        self.root = trailer.raw_get("/Root").idnum
        info = trailer.raw_get("/Info") if "/Info" in trailer else None
        self.info: int | None = info.idnum if info is not None else None
        self.prev = int(re.findall(rb"startxref\s+(\d+)", pdf)[-1])
        self.objects: dict[int, bytes] = {}

    def new(self) -> int:
        self.size += 1
        return self.size - 1

    def add(self, num: int, body: bytes) -> int:
        self.objects[num] = body
        return num

    def dict_of(self, num: int) -> bytes:
        """The dictionary of object ``num`` as written, without its closing ``>>``."""
        body = _serialize(self.reader.get_object(num)).rstrip()
        assert body.endswith(b">>"), body[:80]
        return body[:-2]

    def write(self, packed: bool = False, stream_filter: bytes = b"/FlateDecode",
              packed_data: bytes | None = None, pad: int = 0) -> bytes:
        out = bytearray(self.pdf)
        if not out.endswith(b"\n"):
            out += b"\n"
        offsets: dict[int, int] = {}
        packed_idx: dict[int, tuple[int, int]] = {}
        if packed and self.objects:
            stm = self.new()
            head, body = [], b""
            for i, (num, obj) in enumerate(self.objects.items()):
                head.append(f"{num} {len(body)}")
                body += obj + b"\n"
                packed_idx[num] = (stm, i)
            header = (" ".join(head) + "\n").encode()
            raw = header + body + b" " * pad
            data = packed_data if packed_data is not None else zlib.compress(raw)
            offsets[stm] = len(out)
            out += (f"{stm} 0 obj\n<< /Type /ObjStm /N {len(self.objects)} /First {len(header)} "
                    f"/Filter {stream_filter.decode()} /Length {len(data)} >>\nstream\n").encode()
            out += data + b"\nendstream\nendobj\n"
        else:
            for num, obj in self.objects.items():
                offsets[num] = len(out)
                out += f"{num} 0 obj\n".encode() + obj + b"\nendobj\n"
        extra = f" /Root {self.root} 0 R" + (f" /Info {self.info} 0 R" if self.info else "")
        if packed:
            xref = self.new()
            offsets[xref] = len(out)
            nums = sorted({*offsets, *packed_idx})
            rows = b""
            for n in nums:
                if n in packed_idx:
                    s, i = packed_idx[n]
                    rows += b"\x02" + s.to_bytes(4, "big") + i.to_bytes(2, "big")
                else:
                    rows += b"\x01" + offsets[n].to_bytes(4, "big") + b"\0\0"
            index = " ".join(f"{n} 1" for n in nums)
            packed_rows = zlib.compress(rows)
            out += (f"{xref} 0 obj\n<< /Type /XRef /Size {self.size} /W [1 4 2] /Index [{index}] "
                    f"/Prev {self.prev}{extra} /Filter /FlateDecode /Length {len(packed_rows)} >>\n"
                    f"stream\n").encode() + packed_rows + b"\nendstream\nendobj\n"
            out += f"startxref\n{offsets[xref]}\n%%EOF\n".encode()
            return bytes(out)
        start = len(out)
        out += b"xref\n0 1\n0000000000 65535 f \n"
        for n in sorted(offsets):
            out += f"{n} 1\n{offsets[n]:010d} 00000 n \n".encode()
        out += f"trailer\n<< /Size {self.size} /Prev {self.prev}{extra} >>\n".encode()
        out += f"startxref\n{start}\n%%EOF\n".encode()
        return bytes(out)
