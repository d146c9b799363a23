"""A corpus of hostile and broken application PDFs, made here, for tests and benchmarks.

Every file starts from a *valid* made-up application (see
:mod:`ipforms.dev.demo_applications`), so a verdict of "valid" (exit 0) on a file
with active content is a failure of the checks, not of the base file.

* ``actions``: JavaScript and Launch actions in every place a viewer runs them
  (open action, document and page additional actions, a link annotation, a
  field's additional actions, the JavaScript name tree, a ``/Next`` chain), each
  with the names spelled plainly, with ``#xx`` escapes, or fully escaped, and each
  stored as plain objects or inside a compressed object stream;
* ``bombs``: 1 GiB of zeros in an object stream (single and double Flate, holding
  the document info), in a cross-reference stream, a RunLength stream, an embedded
  file, a separate fullmakt, and inside an embedded fullmakt;
* ``executables``: a Windows program, a screensaver, ``fullmakt.pdf.scr``, a Linux
  program, a shell script, HTML, an Office file with macros, each embedded and as
  a separate file, in an application whose fullmakt they pretend to be;
* ``truncated``: the application cut at every revision boundary and inside every
  revision after the first;
* ``flips``: a valid application with one byte changed, seeded;
* ``injection``: names and values holding newlines, terminal escape codes, bidi
  overrides and fødselsnumre in the wrong fields;
* ``comments``: 520 kB of comment lines full of keywords (once took 60 s).

:func:`measure` checks one file in a forked child with a hard memory limit and a
time limit and returns its verdict, time and peak memory; ``python -m
ipforms.dev.hostile DIR`` writes the corpus and prints the measurements.
"""

from __future__ import annotations

import datetime as _dt
import io
import json
import os
import random
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .demo_applications import application, application_pdf, fullmakt, fullmakt_pdf

DAY = _dt.date(2026, 11, 24)
GIB = 1 << 30


@dataclass
class Case:
    """One hostile file: ``data`` is the application; ``separate`` are files given
    with it (name -> bytes); ``active`` says it carries active content (must never
    be exit 0); ``expect_codes`` lists acceptable reason codes or finding codes
    (any one must appear), empty for "anything but a crash"."""

    name: str
    group: str
    data: bytes
    separate: dict[str, bytes] = field(default_factory=dict)
    active: bool = False
    expect_exit: tuple[int, ...] = (0, 1, 2)
    expect_codes: tuple[str, ...] = ()


# --- building blocks -----------------------------------------------------------------------

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


# --- the base files ------------------------------------------------------------------------

def valid_self(lang: str = "nb") -> bytes:
    """A valid application from the person themself (exit 0)."""
    return application_pdf(application(DAY), lang)


def proxy_pair(lang: str = "nb") -> tuple[bytes, bytes]:
    """A valid application by a proxy with "Fullmakt lagt ved" ticked, and its fullmakt."""
    app = application(DAY, role="proxy", attachment_fullmakt=True)
    return application_pdf(app, lang), fullmakt_pdf(fullmakt(app, DAY), lang)


def embed_raw(pdf: bytes, name: str, data: bytes) -> bytes:
    """``pdf`` with ``data`` embedded as ``name``, whatever it is (pypdf, incremental)."""
    from pypdf import PdfWriter

    w = PdfWriter(io.BytesIO(pdf), incremental=True)
    w.add_attachment(name, data)
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


# --- actions in every place ----------------------------------------------------------------

SPELLINGS = {
    "plain": lambda name: name,
    "escaped": lambda name: name[:1] + "".join(f"#{ord(c):02x}" if i == 0 else c
                                               for i, c in enumerate(name[1:])),
    "all-escaped": lambda name: "".join(f"#{ord(c):02X}" for c in name),
}

PLACES = ("open_action", "catalog_aa", "page_aa", "link", "field_aa", "names_js", "next_chain")


def _action(kind: str, spell) -> bytes:
    s = spell
    if kind == "javascript":
        return f"<< /Type /Action /S /{s('JavaScript')} /{s('JS')} (app.alert\\(1\\)) >>".encode()
    return f"<< /Type /Action /S /{s('Launch')} /F (calc.exe) >>".encode()


def with_action(pdf: bytes, place: str, kind: str, spelling: str, packed: bool) -> bytes:
    """``pdf`` with one ``kind`` action ("javascript" or "launch") in ``place``."""
    u = Update(pdf)
    spell = SPELLINGS[spelling]
    act = u.add(u.new(), _action(kind, spell))
    root = u.dict_of(u.root)
    page = u.reader.pages[0].indirect_reference.idnum
    if place == "open_action":
        u.add(u.root, root.replace(b"/OpenAction", b"/IgnoredOpenAction")
              + f" /OpenAction {act} 0 R >>".encode())
    elif place == "catalog_aa":
        u.add(u.root, root + f" /{spell('AA')} << /WC {act} 0 R >> >>".encode())
    elif place == "page_aa":
        u.add(page, u.dict_of(page) + f" /AA << /O {act} 0 R >> >>".encode())
    elif place == "link":
        annot = u.add(u.new(), f"<< /Type /Annot /Subtype /Link /Rect [0 0 40 40] /Border [0 0 0] "
                               f"/A {act} 0 R >>".encode())
        pd = u.reader.get_object(page)
        old = " ".join(f"{a.idnum} 0 R" for a in (pd.get("/Annots") or []))
        body = re.sub(rb"/Annots\s*(\[[^\]]*\]|\d+ \d+ R)", b"", u.dict_of(page))
        u.add(page, body + f" /Annots [{old} {annot} 0 R] >>".encode())
    elif place == "field_aa":
        fields = u.reader.trailer["/Root"]["/AcroForm"]["/Fields"]
        ref = next(f for f in fields if "/FT" in f.get_object())
        u.add(ref.idnum, u.dict_of(ref.idnum) + f" /AA << /K {act} 0 R >> >>".encode())
    elif place == "names_js":
        tree = u.add(u.new(), f"<< /Names [(a) {act} 0 R] >>".encode())
        names = u.reader.trailer["/Root"].get("/Names")
        inner = b""
        if names is not None:
            inner = _serialize(names.get_object()).strip()[2:-2]
        body = re.sub(rb"/Names\s*(\d+ \d+ R|<<.*?>>)", b"", root, count=1, flags=re.S) \
            if names is not None and b"/EmbeddedFiles" not in inner else root
        if names is not None and body is root:
            return pdf  # not needed for the corpus: our base files have no /Names
        u.add(u.root, body + f" /Names << {inner.decode('latin-1')} /{spell('JavaScript')} "
                             f"{tree} 0 R >> >>".encode())
    elif place == "next_chain":
        goto = u.add(u.new(), f"<< /S /GoTo /D [{page} 0 R /Fit] /Next [{act} 0 R] >>".encode())
        u.add(u.root, root.replace(b"/OpenAction", b"/IgnoredOpenAction")
              + f" /OpenAction {goto} 0 R >>".encode())
    else:
        raise ValueError(place)
    return u.write(packed=packed)


def actions() -> Iterator[Case]:
    base = valid_self()
    for place in PLACES:
        for kind in ("javascript", "launch"):
            for spelling in SPELLINGS:
                for packed in (False, True):
                    data = with_action(base, place, kind, spelling, packed)
                    yield Case(f"action-{place}-{kind}-{spelling}-{'packed' if packed else 'plain'}.pdf",
                               "actions", data, active=True, expect_exit=(1,),
                               expect_codes=(f"security.{kind}",))


# --- decompression bombs -------------------------------------------------------------------

def _info_update(pdf: bytes) -> tuple[Update, bytes]:
    """An update that rewrites the document info (kept our form id) into a new object;
    and the head of an object stream holding it."""
    u = Update(pdf)
    info = u.new()
    u.add(info, b"<< /Producer (bomb) /IpformsForm (soknad) /IpformsVersion (1.0) >>")
    u.info = info
    return u, f"{info} 0\n".encode() + u.objects[info] + b"\n"


def bomb_pdf(pdf: bytes, how: str, size: int = GIB) -> bytes:
    """``pdf`` with an update whose compressed data inflates to ``size`` bytes."""
    u, head = _info_update(pdf)
    if how == "objstm":  # the document info inside a 1 GiB object stream
        return u.write(packed=True, packed_data=_prefixed_zeros(head, size))
    if how == "objstm-double":
        inner = _prefixed_zeros(head, size)
        return u.write(packed=True, stream_filter=b"[/FlateDecode /FlateDecode]",
                        packed_data=zlib.compress(inner, 9))
    if how == "objstm-runlength":
        rl = bytes([len(head) - 1]) + head + runlength_zeros(size)
        return u.write(packed=True, stream_filter=b"/RunLengthDecode", packed_data=rl)
    if how == "xref":  # the cross-reference stream itself
        out = u.write(packed=True)
        m = list(re.finditer(rb"(\d+) 0 obj\n<< /Type /XRef .*?/Length (\d+) >>\nstream\n", out,
                             re.S))[-1]
        start = m.end()
        length = int(m.group(2))
        rows = zlib.decompress(out[start:start + length])
        bomb = _prefixed_zeros(rows, size)
        new = (out[:m.start(2)] + str(len(bomb)).encode() + out[m.end(2):start] + bomb
               + out[start + length:])
        xref_at = m.start()
        return re.sub(rb"startxref\n\d+\n%%EOF\n$", f"startxref\n{xref_at}\n%%EOF\n".encode(), new)
    raise ValueError(how)


def _prefixed_zeros(prefix: bytes, size: int) -> bytes:
    """zlib data inflating to ``prefix`` followed by zeros, ``size`` bytes in all (about)."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = c.compress(prefix) + c.flush(zlib.Z_FULL_FLUSH)
    mib = 1 << 20
    block = c.compress(b"\0" * mib) + c.flush(zlib.Z_FULL_FLUSH)
    end = c.flush(zlib.Z_FINISH)
    n = size // mib
    adler = zlib.adler32(prefix)
    a, b = adler & 0xFFFF, adler >> 16
    b = (b + a * (n * mib)) % 65521  # zeros add nothing to a, a each to b
    return b"\x78\xda" + first + block * n + end + ((b << 16) | a).to_bytes(4, "big")


def embedded_bomb(pdf: bytes, name: str = "vedlegg.bin", size: int = GIB) -> bytes:
    """``pdf`` with an embedded file that inflates to ``size`` zero bytes."""
    u = Update(pdf)
    data = zeros_flate(size)
    stream = u.add(u.new(), f"<< /Type /EmbeddedFile /Filter /FlateDecode /Length {len(data)} >>\n"
                            f"stream\n".encode() + data + b"\nendstream")
    spec = u.add(u.new(), f"<< /Type /Filespec /F ({name}) /UF ({name}) /EF << /F {stream} 0 R >> >>"
                 .encode())
    tree = u.add(u.new(), f"<< /Names [({name}) {spec} 0 R] >>".encode())
    u.add(u.root, u.dict_of(u.root) + f" /Names << /EmbeddedFiles {tree} 0 R >> >>".encode())
    return u.write()


def bombs() -> Iterator[Case]:
    base = valid_self()
    app, fm = proxy_pair()
    bomb_codes = ("pdf.bomb", "pdf.attachment_bomb")
    for how in ("objstm", "objstm-double", "objstm-runlength", "xref"):
        size = GIB if how != "objstm-runlength" else 64 << 20
        yield Case(f"bomb-{how}.pdf", "bombs", bomb_pdf(base, how, size), active=True,
                   expect_exit=(2,), expect_codes=bomb_codes)
    yield Case("bomb-embedded-file.pdf", "bombs", embedded_bomb(base), active=True,
               expect_exit=(2,), expect_codes=bomb_codes)
    fm_bomb = bomb_pdf(fm, "objstm")
    yield Case("bomb-separate-fullmakt.pdf", "bombs", app,
               separate={"bomb-separate-fullmakt.fullmakt.pdf": fm_bomb}, active=True,
               expect_exit=(2,), expect_codes=bomb_codes)
    yield Case("bomb-inside-embedded-fullmakt.pdf", "bombs", embed_raw(app, "fullmakt.pdf", fm_bomb),
               active=True, expect_exit=(2,), expect_codes=bomb_codes)
    yield Case("bomb-embedded-fullmakt-file.pdf", "bombs",
               embedded_bomb(app, "fullmakt.pdf"), active=True, expect_exit=(2,),
               expect_codes=bomb_codes)


# --- executable attachments ----------------------------------------------------------------

def _pe() -> bytes:
    return b"MZ\x90\x00\x03" + b"\0" * 55 + (64).to_bytes(4, "little") + b"PE\0\0" + b"\0" * 200


EXECUTABLES: dict[str, bytes] = {
    "fullmakt.exe": _pe(),
    "fullmakt.scr": _pe(),
    "fullmakt.pdf.scr": b"%PDF-1.7\n" + b"\0" * 100,   # PDF bytes, but Windows runs .scr
    "fullmakt.pdf": _pe(),                              # a program named .pdf
    "fullmakt.elf.pdf": b"\x7fELF\x02\x01\x01" + b"\0" * 100,
    "fullmakt.sh": b"#!/bin/sh\nrm -rf ~\n",
    "fullmakt.html": b"<!DOCTYPE html><html><script>alert(1)</script></html>",
    "fullmakt.docm": b"PK\x03\x04" + b"\0" * 26 + b"word/vbaProject.bin",
    "fullmakt.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100,
    "fullmakt.jpg.js": b"\xff\xd8\xff\xe0" + b"\0" * 20,
    "fullmakt.pdf\u202egpj.exe": _pe(),                 # shows as fullmakt.pdfexe.jpg
}


def executables() -> Iterator[Case]:
    app, _ = proxy_pair()
    for i, (name, data) in enumerate(EXECUTABLES.items()):
        yield Case(f"exe-{i:02d}-embedded.pdf", "executables", embed_raw(app, name, data),
                   active=True, expect_exit=(1,), expect_codes=("security.unsafe_attachment",))
        safe = re.sub(r"[^A-Za-z0-9.]", "_", name)
        yield Case(f"exe-{i:02d}-separate.pdf", "executables", app,
                   separate={f"exe-{i:02d}-separate.{safe}": data}, active=True, expect_exit=(1,),
                   expect_codes=("security.unsafe_attachment",))


# --- truncation ----------------------------------------------------------------------------

def truncations() -> Iterator[Case]:
    """The embedded-fullmakt application (three revisions) cut at every revision
    boundary (exactly after an ``%%EOF``: an earlier, complete version of the file)
    and inside every later revision (a cut-off update: must be ``pdf.truncated``)."""
    app, fm = proxy_pair()
    whole = embed_raw(app, "fullmakt.pdf", fm)
    ends = [m.end() for m in re.finditer(rb"%%EOF\r?\n?", whole)]
    for k, end in enumerate(ends[:-1]):
        nxt = ends[k + 1]
        yield Case(f"cut-{k}-at-boundary.pdf", "truncated", whole[:end], expect_exit=(1, 2))
        for label, at in (("start", end + 12), ("middle", (end + nxt) // 2),
                          ("before-eof", nxt - 40)):
            yield Case(f"cut-{k}-{label}.pdf", "truncated", whole[:at], expect_exit=(2,),
                       expect_codes=("pdf.truncated",))


# --- byte flips ----------------------------------------------------------------------------

def flips(n: int = 500, seed: int = 9) -> Iterator[Case]:
    base = valid_self()
    rnd = random.Random(seed)
    for i in range(n):
        data = bytearray(base)
        at = rnd.randrange(len(data))
        data[at] ^= rnd.randrange(1, 256)
        yield Case(f"flip-{i:03d}-at-{at}.pdf", "flips", bytes(data))


# --- report injection ----------------------------------------------------------------------

FAKE = "\n\x1b[2K\x1b[32mGYLDIG\x1b[0m\r"
FNR = "01019012345"  # fødselsnummer-shaped (not valid: the masking must not care)


def set_values(pdf: bytes, values: dict[str, str]) -> bytes:
    """``pdf`` with the fields' values set to ``values`` as they are (control
    characters and all, which our fill refuses), in an incremental update."""
    from pypdf.generic import NameObject, TextStringObject

    u = Update(pdf)
    stack: list[Any] = list(u.reader.trailer["/Root"]["/AcroForm"]["/Fields"])
    while stack:
        ref = stack.pop()
        d = ref.get_object()
        stack.extend(d.get("/Kids") or [])
        if str(d.get("/T")) in values:
            d[NameObject("/V")] = TextStringObject(values[str(d.get("/T"))])
            u.add(ref.idnum, _serialize(d))
    return u.write()


def injections() -> Iterator[Case]:
    base = set_values(valid_self(), {"person_name": f"Eksempel{FAKE}\u202eperson {FNR}",
                                     "person_email": f"{FNR} (ring meg){FAKE}",
                                     "need_description": f"Se vedlegg{FAKE}\u2066{FNR}\u2069"})
    yield Case("inject-values.pdf", "injection", base, expect_exit=(0, 1))
    _, fm = proxy_pair()
    proxy = application(DAY, role="proxy", attachment_fullmakt=True)
    papp = application_pdf(proxy)
    yield Case("inject-attachment-name.pdf", "injection",
               embed_raw(papp, f"fullmakt{FAKE}{FNR}\u202efdp.pdf", fm), expect_exit=(0, 1))
    yield Case("inject-raw-bytes-name.pdf", "injection",
               embed_raw(papp, "fullmakt-\x00\x07\x08\x1b]0;title\x07.pdf", fm), expect_exit=(0, 1))


# --- 520 kB of comment lines ---------------------------------------------------------------

def comments(size: int = 520 * 1024) -> Iterator[Case]:
    base = valid_self()
    line = b"% >> stream endstream /JavaScript obj trailer 1 0 R\n"
    prev = int(re.findall(rb"startxref\s+(\d+)", base)[-1])
    body = line * (size // len(line))
    yield Case("comments-520k.pdf", "comments",
               base + body + f"startxref\n{prev}\n%%EOF\n".encode())
    head = base.index(b"\n") + 1  # the same lines after the header: every offset moves
    yield Case("comments-520k-inserted.pdf", "comments",
               base[:head] + body + base[head:], expect_exit=(2,), expect_codes=("pdf.damaged",))
    quiet = b"% just a comment line, nothing to see here, stream\n"
    yield Case("comments-520k-quiet.pdf", "comments",
               base + quiet * (size // len(quiet)) + f"startxref\n{prev}\n%%EOF\n".encode(),
               expect_exit=(0,))


# --- polyglots: an image that is a PDF too (issue 19) --------------------------------------

IMAGE_HEADS = {"jpeg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "png": b"\x89PNG\r\n\x1a\n",
               "tiff": b"II*\x00\x08\x00\x00\x00"}


def js_fullmakt() -> bytes:
    """The fullmakt of :func:`proxy_pair` with a JavaScript open action."""
    _, fm = proxy_pair()
    return with_action(fm, "open_action", "javascript", "plain", False)


def polyglot(kind: str, pdf: bytes, gap: int = 2000) -> bytes:
    """An image header, ``gap`` bytes of image-like data, then ``pdf`` whole: an image
    viewer shows an image, a PDF viewer (which looks for %PDF- further in) the PDF."""
    return IMAGE_HEADS[kind] + bytes(random.Random(7).randrange(256) for _ in range(gap)) + pdf


def polyglots() -> Iterator[Case]:
    """JPEG-, PNG- and TIFF-headed files with a JavaScript PDF inside, named as images and
    as .pdf, embedded and separate: never a fullmakt (the proxy's application must be
    invalid), always a security finding."""
    app, _ = proxy_pair()
    js = js_fullmakt()
    for kind in IMAGE_HEADS:
        for gap in (100, 4000):  # %PDF- inside the first 1024 bytes, and beyond them
            data = polyglot(kind, js, gap)
            ending = {"jpeg": "jpg", "png": "png", "tiff": "tif"}[kind]
            for name in (f"fullmakt.{ending}", "fullmakt.pdf"):
                label = f"{kind}-{gap}-{name.replace('.', '_')}"
                yield Case(f"polyglot-{label}-embedded.pdf", "polyglots", embed_raw(app, name, data),
                           active=True, expect_exit=(1,), expect_codes=("security.unsafe_attachment",))
                yield Case(f"polyglot-{label}-separate.pdf", "polyglots", app,
                           separate={f"polyglot-{label}-separate.{name}": data}, active=True,
                           expect_exit=(1,), expect_codes=("security.unsafe_attachment",))
    # an image named .pdf without any PDF in it: a viewer would not open it as an image
    yield Case("image-named-pdf-separate.pdf", "polyglots", app,
               separate={"image-named-pdf-separate.fullmakt.pdf": IMAGE_HEADS["jpeg"] + b"\0" * 500},
               active=True, expect_exit=(1,), expect_codes=("security.unsafe_attachment",))


# --- damaged chains and huge values: what validate reports (issue 19) ----------------------

def prev_self(pdf: bytes) -> bytes:
    """``pdf`` with an update whose trailer's /Prev points at its own cross-reference
    table (pypdf then drops the earlier revisions: the fields seemed empty)."""
    data = set_values(pdf, {"person_name": "Kari Nordmann"})
    start = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    t = data.rfind(b"trailer")
    return data[:t] + re.sub(rb"/Prev \d+", b"/Prev %d" % start, data[t:])


def reports() -> Iterator[Case]:
    yield Case("prev-self.pdf", "reports", prev_self(valid_self()), expect_exit=(2,),
               expect_codes=("pdf.damaged",))
    big = set_values(valid_self(), {"need_description": "ord " * (2 << 20)})
    yield Case("value-8mb.pdf", "reports", big, expect_exit=(2,), expect_codes=("pdf.long_value",))
    # long, but within the limit: read, and shown shortened (check_case: a short report)
    long = set_values(valid_self(), {"need_description": "ord " * 50_000,
                                     "person_name": "Kari " * 40_000})
    yield Case("value-200k.pdf", "reports", long, expect_exit=(0, 1))


# --- hostile forms: what `fill`, `fields` and `fill --flatten` are given (issue 19) ---------

def hand_pdf(objects: dict[int, bytes], *, root: int = 1, prev_self: bool = False) -> bytes:
    """A PDF written by hand from numbered object bodies (so anything can be spelled as a
    hostile file spells it), with a cross-reference table; ``prev_self``: its trailer's
    /Prev points at that same table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for num in sorted(objects):
        offsets[num] = len(out)
        out += f"{num} 0 obj\n".encode() + objects[num] + b"\nendobj\n"
    size = max(objects) + 1
    start = len(out)
    out += f"xref\n0 {size}\n".encode() + b"0000000000 65535 f \n"
    for n in range(1, size):
        out += (f"{offsets[n]:010d} 00000 n \n" if n in offsets else "0000000000 65535 f \n").encode()
    prev = f" /Prev {start}" if prev_self else ""
    out += f"trailer\n<< /Size {size} /Root {root} 0 R{prev} >>\nstartxref\n{start}\n%%EOF\n".encode()
    return bytes(out)


FIELD_RECT = b"[50 700 300 760]"


def form_objects(*, rect: bytes = FIELD_RECT, da: bytes = b"(/Helv 10 Tf 0 g)", extra: bytes = b"",
                 ft: bytes = b"/Tx", dr_fonts: bytes = b"/Helv 5 0 R", kids_self: bool = False
                 ) -> dict[int, bytes]:
    """A one-page AcroForm with a text field ``navn`` (object 4) and a second, plain one
    ``annet`` (object 6), with what a hostile form puts in the field."""
    kids = b"[3 0 R 2 0 R]" if kids_self else b"[3 0 R]"
    return {
        1: b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R 6 0 R] "
           b"/DA (/Helv 0 Tf 0 g) /DR << /Font << " + dr_fonts + b" >> >> >> >>",
        2: b"<< /Type /Pages /Kids " + kids + b" /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [4 0 R 6 0 R] >>",
        4: b"<< /Type /Annot /Subtype /Widget /FT " + ft + b" /T (navn) /Rect " + rect
           + b" /DA " + da + b" /P 3 0 R /F 4 " + extra + b" >>",
        5: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        6: b"<< /Type /Annot /Subtype /Widget /FT /Tx /T (annet) /Rect [50 600 300 620] "
           b"/DA (/Helv 10 Tf 0 g) /P 3 0 R /F 4 >>",
    }


def cmap_font(subtables: int = 300) -> bytes:
    """A TrueType program whose cmap has ``subtables`` format-12 subtables, each mapping
    every code point (a few kB on disk; fontTools expands each to 1.1 million entries)."""
    import struct

    def table(tag: bytes, data: bytes) -> tuple[bytes, bytes]:
        return tag, data
    groups = struct.pack(">III", 0, 0x10FFFF, 0)  # code c -> glyph c
    sub = struct.pack(">HHIII", 12, 0, 16 + len(groups), 0, 1) + groups
    # each record its own copy of the subtable (a reader that shares equal offsets would
    # expand it once only), the first one (3,1), the one used
    start = 4 + 8 * subtables
    records = b"".join(struct.pack(">HHI", 3, 1 if i == 0 else 100 + i, start + i * len(sub))
                       for i in range(subtables))
    cmap = struct.pack(">HH", 0, subtables) + records + sub * subtables
    maxp = struct.pack(">IH", 0x00005000, 256)
    head = struct.pack(">IIIIHH", 0x00010000, 0x00010000, 0, 0x5F0F3CF5, 0, 1000) + b"\0" * 36
    tables = [table(b"cmap", cmap), table(b"head", head), table(b"maxp", maxp)]
    out = struct.pack(">IHHHH", 0x00010000, len(tables), 0, 0, 0)
    offset = 12 + 16 * len(tables)
    dir_, body = b"", b""
    for tag, data in tables:
        dir_ += tag + struct.pack(">III", 0, offset + len(body), len(data))
        body += data + b"\0" * (-len(data) % 4)
    return out + dir_ + body


def _font_objects(program: bytes, name: bytes = b"/Evil") -> dict[int, bytes]:
    ff = zlib.compress(program)
    objs = form_objects(da=b"(" + name + b" 10 Tf 0 g)", dr_fonts=b"/Helv 5 0 R " + name + b" 7 0 R")
    objs[7] = (b"<< /Type /Font /Subtype /TrueType /BaseFont /AAAAAA+Evil /FirstChar 32 "
               b"/LastChar 126 /Widths [" + b"500 " * 95 + b"] /Encoding /WinAnsiEncoding "
               b"/FontDescriptor 8 0 R >>")
    objs[8] = (b"<< /Type /FontDescriptor /FontName /AAAAAA+Evil /Flags 32 /FontBBox [0 0 1000 "
               b"1000] /ItalicAngle 0 /Ascent 900 /Descent -200 /CapHeight 700 /StemV 80 "
               b"/FontFile2 9 0 R >>")
    objs[9] = (f"<< /Length {len(ff)} /Length1 {len(program)} /Filter /FlateDecode >>\nstream\n"
               .encode() + ff + b"\nendstream")
    return objs


def _objstm_form(objs: dict[int, bytes], packed: tuple[int, ...], *, data: bytes | None = None,
                 self_ref: bool = False, damaged: int = 0, padding: int = 0) -> bytes:
    """``objs`` with the objects ``packed`` stored in an object stream (``data``: its
    compressed bytes as given, e.g. a bomb); ``self_ref``: the stream is listed as an
    object inside itself; ``damaged``: that many bytes of broken Flate data after a valid
    start (pypdf then recovers it byte by byte); ``padding``: that many random bytes after
    the objects (a large stream that is neither a bomb nor damaged)."""
    plain = {n: b for n, b in objs.items() if n not in packed}
    stm = max(objs) + 1
    xref = stm + 1
    head, body = [], b""
    for num in packed:
        head.append(f"{num} {len(body)}")
        body += objs[num] + b"\n"
    header = (" ".join(head) + "\n").encode()
    raw = header + body
    if padding:
        raw += b"%" + random.Random(7).randbytes(padding)
    if data is None:
        data = zlib.compress(raw)
        if damaged:
            data = data[:-4] + bytes(random.Random(5).randrange(256) for _ in range(damaged))
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for num in sorted(plain):
        offsets[num] = len(out)
        out += f"{num} 0 obj\n".encode() + plain[num] + b"\nendobj\n"
    offsets[stm] = len(out)
    out += (f"{stm} 0 obj\n<< /Type /ObjStm /N {len(packed)} /First {len(header)} "
            f"/Filter /FlateDecode /Length {len(data)} >>\nstream\n").encode() + data
    out += b"\nendstream\nendobj\n"
    offsets[xref] = len(out)
    rows = b"\x00" + b"\0" * 4 + b"\xff\xff"
    for n in range(1, xref + 1):
        if n in packed:
            rows += b"\x02" + stm.to_bytes(4, "big") + packed.index(n).to_bytes(2, "big")
        elif n == stm and self_ref:
            rows += b"\x02" + stm.to_bytes(4, "big") + (0).to_bytes(2, "big")
        elif n in offsets:
            rows += b"\x01" + offsets[n].to_bytes(4, "big") + b"\0\0"
        else:
            rows += b"\x00" + b"\0" * 4 + b"\xff\xff"
    z = zlib.compress(rows)
    out += (f"{xref} 0 obj\n<< /Type /XRef /Size {xref + 1} /W [1 4 2] /Root 1 0 R "
            f"/Filter /FlateDecode /Length {len(z)} >>\nstream\n").encode() + z
    out += f"\nendstream\nendobj\nstartxref\n{offsets[xref]}\n%%EOF\n".encode()
    return bytes(out)


@dataclass
class FormCase:
    """A hostile form for ``fill``/``fields``/``fill --flatten``: ``values`` to fill
    (``big_value``: that many characters for ``navn`` through ``--data``), and the
    outcome each entry point must give: ``expect[entry]`` is ``"ok"`` (exit 0, a right
    result) or ``"refused"`` (exit 2 with a reason: never an internal error)."""

    name: str
    data: bytes
    expect: dict[str, str]
    values: dict[str, str] = field(default_factory=lambda: {"annet": "Hei"})
    big_value: int = 0
    #: for ``attach``: the file given to ``fill --attachment`` (name -> bytes); the form
    #: is then a plain one
    attachment: dict[str, bytes] = field(default_factory=dict)
    #: entry -> a piece of what it must say (the reason of a refusal, in its words)
    says: dict[str, str] = field(default_factory=dict)


def _both(fill: str, fields: str | None = None, flatten: str | None = None) -> dict[str, str]:
    return {"fill": fill, "fields": fields or fill, "flatten": flatten or fill}


def forms() -> Iterator[FormCase]:
    """One hostile form per family of issue 19, with the outcome of each entry point."""
    huge = b"100000000000000000000"
    yield FormCase("form-rect-1e20.pdf", hand_pdf(form_objects(rect=b"[0 0 " + huge + b" " + huge + b"]",
                                                               da=b"(/Helv 0 Tf 0 g)")),
                   _both("ok"), values={"navn": "Kari Nordmann"})
    yield FormCase("form-rect-nan.pdf", hand_pdf(form_objects(rect=b"[0 0 -" + huge + b" 1e400]")),
                   _both("refused", fields="ok"), values={"navn": "Kari Nordmann"},
                   says={"fill": "the field 'navn' has no readable place on the page",
                         "flatten": "the field 'navn' has no readable place on the page"})
    yield FormCase("form-da-size-1e20.pdf", hand_pdf(form_objects(da=b"(/Helv " + huge + b" Tf 0 g)")),
                   _both("ok"), values={"navn": "Kari Nordmann"})
    yield FormCase("form-da-size-1e20-multiline.pdf",
                   hand_pdf(form_objects(da=b"(/Helv " + huge + b" Tf 0 g)", extra=b"/Ff 4096")),
                   _both("ok"), values={"navn": "Kari Nordmann " * 50})
    yield FormCase("form-da-backtracking.pdf",
                   hand_pdf(form_objects(da=b"(/Helv 10 Tf " + b"1 g  " * 32 + b"x)")),
                   _both("ok"), values={"navn": "Kari Nordmann"})
    field_obj = form_objects()[4]
    yield FormCase("form-objstm-bomb.pdf",
                   _objstm_form(form_objects(), (4,), data=_prefixed_zeros(b"4 0\n" + field_obj + b"\n",
                                                                        3 * GIB)),
                   _both("refused"), says={**_both("decompression bomb"),
                                           "validate": "dekomprimeringsbombe"})
    yield FormCase("form-objstm-self.pdf", _objstm_form(form_objects(), (4,), self_ref=True),
                   _both("refused"))
    # damage is not a bomb (pypdf raises one error for both; issue 19)
    yield FormCase("form-objstm-damaged-5mb.pdf",
                   _objstm_form(form_objects(), (4,), damaged=5 << 20), _both("refused"),
                   says={**_both("damaged PDF (a compressed stream is broken"),
                         "validate": "PDF-en er skadet"})
    # 3 MB that unpack to 3 MB: a form to fill may be that large; an application not
    yield FormCase("form-objstm-large-3mb.pdf",
                   _objstm_form(form_objects(), (4,), padding=3 << 20), _both("ok"),
                   values={"navn": "Kari Nordmann"},
                   says={"validate": "har mer komprimerte data i én strøm"})
    yield FormCase("form-font-cmap-bomb.pdf", hand_pdf(_font_objects(cmap_font(300))),
                   _both("ok"), values={"navn": "Kari Nordmann"})
    yield FormCase("form-maxlen-3m-comb.pdf",
                   hand_pdf(form_objects(extra=b"/MaxLen 3000000 /Ff 16777216")), _both("ok"),
                   values={"navn": "12345678"})
    yield FormCase("form-prefilled-20000.pdf",
                   hand_pdf(form_objects(extra=b"/Ff 4096 /V (" + b"ord " * 5000 + b")")),
                   _both("ok"))
    yield FormCase("form-prefilled-word-20000.pdf",
                   hand_pdf(form_objects(extra=b"/V (" + b"x" * 20000 + b")")), _both("ok"))
    yield FormCase("form-prefilled-300k.pdf",
                   hand_pdf(form_objects(extra=b"/Ff 4096 /V (" + b"ord " * 75000 + b")")),
                   {"fill": "refused", "fields": "ok", "flatten": "refused"})
    yield FormCase("form-data-10mb-value.pdf", hand_pdf(form_objects(extra=b"/Ff 4096")),
                   {"fill": "refused", "fields": "ok", "flatten": "refused"}, values={},
                   big_value=10 << 20)
    yield FormCase("form-data-word-1500.pdf", hand_pdf(form_objects(extra=b"/Ff 4096")),
                   _both("ok"), values={"navn": "x" * 1500})
    opts = b"[" + b"".join(b"(o%d) " % i for i in range(200_000)) + b"]"
    yield FormCase("form-opt-200k.pdf", hand_pdf(form_objects(ft=b"/Ch", extra=b"/Opt " + opts)),
                   _both("refused"))
    yield FormCase("form-pages-cycle.pdf", hand_pdf(form_objects(kids_self=True)),
                   _both("ok", flatten="refused"))
    yield FormCase("form-prev-self.pdf", hand_pdf(form_objects(), prev_self=True), _both("ok"))
    yield FormCase("form-dr-font-name.pdf",
                   hand_pdf(_font_objects(cmap_font(1), name=b"/F#28x#29#20y")),
                   _both("ok"), values={"navn": "Kari Nordmann"})


GROUPS = {"actions": actions, "bombs": bombs, "executables": executables,
          "truncated": truncations, "flips": flips, "injection": injections,
          "comments": comments, "polyglots": polyglots, "reports": reports}


def corpus(groups=None) -> Iterator[Case]:
    for name, make in GROUPS.items():
        if groups is None or name in groups:
            yield from make()


def write_case(folder: Path, case: Case) -> tuple[Path, list[Path]]:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / case.name
    path.write_bytes(case.data)
    separate = []
    for name, data in case.separate.items():
        p = folder / name
        p.write_bytes(data)
        separate.append(p)
    return path, separate


# --- measuring one file: a forked child with hard limits -----------------------------------

def _vm_size() -> int:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def measure(path: Path, attachments=(), *, received: _dt.date = DAY, extra_memory: int = 600 << 20,
            hard_timeout: int = 20) -> dict:
    """Check ``path`` (with ``attachments``) with :func:`~ipforms.checks.validate.check_file`
    and render its text and JSON reports, in a forked child whose address space may
    grow by at most ``extra_memory`` and which is killed after ``hard_timeout`` s.

    Returns ``status``, ``exit_code``, ``reason_code``, ``codes`` (finding codes),
    ``text`` and ``json`` (the reports), ``seconds`` (wall time of the child) and
    ``maxrss_mb`` (its peak resident memory); ``crash`` holds a traceback or the
    signal that ended the child.
    """
    import resource
    import signal
    import time
    import traceback

    import pypdf  # noqa: F401  (loaded once here, not in every child)

    from ..checks import report
    from ..checks.validate import check_file

    r, w = os.pipe()
    t0 = time.monotonic()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(r)
        code = 0
        try:
            resource.setrlimit(resource.RLIMIT_AS, (_vm_size() + extra_memory, resource.RLIM_INFINITY))
            signal.alarm(hard_timeout)
            res = check_file(path, attachments, received)
            out = {"status": res.status, "exit_code": res.exit_code,
                   "reason_code": res.reason_code, "codes": [f.code for f in res.findings],
                   "text": report.to_text(res, "nb"), "json": report.to_json(res, "nn")}
        except BaseException:
            out = {"crash": traceback.format_exc()}
            code = 1
        with os.fdopen(w, "w", encoding="utf-8") as fh:
            fh.write(json.dumps(out))
        os._exit(code)
    os.close(w)
    with os.fdopen(r, encoding="utf-8") as fh:
        raw = fh.read()
    _, status, usage = os.wait4(pid, 0)
    seconds = time.monotonic() - t0
    result: dict = json.loads(raw) if raw else {}
    if os.WIFSIGNALED(status):
        result["crash"] = f"killed by signal {os.WTERMSIG(status)}"
    result["seconds"] = seconds
    result["maxrss_mb"] = usage.ru_maxrss / 1024
    return result


def measure_cli(args: list[str], *, extra_memory: int = 1200 << 20, hard_timeout: int = 30,
                folder: Path | None = None) -> dict:
    """Run ``ipforms ARGS`` (the real click command) in a forked child of this process
    (imports already done: :func:`warm_up_forms`), whose address space may grow by at
    most ``extra_memory`` and which is killed after ``hard_timeout`` s of CPU time (or
    four times that of wall time).

    Returns ``exit_code`` (None when killed), ``stdout`` and ``stderr`` (their first
    20,000 characters), ``out_bytes`` (all of stdout), ``cpu`` (user + system seconds
    of the child), ``seconds`` (wall) and ``maxrss_mb`` (its peak resident memory);
    ``crash`` names the signal that ended it."""
    import resource
    import signal
    import tempfile
    import time

    from ..cli import main as cli_main

    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        out_path, err_path = Path(tmp) / "out", Path(tmp) / "err"
        t0 = time.monotonic()
        pid = os.fork()
        if pid == 0:  # the child
            code = 70
            try:
                fd1 = os.open(out_path, os.O_WRONLY | os.O_CREAT, 0o600)
                fd2 = os.open(err_path, os.O_WRONLY | os.O_CREAT, 0o600)
                os.dup2(fd1, 1)
                os.dup2(fd2, 2)
                resource.setrlimit(resource.RLIMIT_AS,
                                   (_vm_size() + extra_memory, resource.RLIM_INFINITY))
                # CPU seconds (a loaded machine stretches wall time), and a wall-clock
                # alarm four times as long for a run that waits instead of working
                used = resource.getrusage(resource.RUSAGE_SELF)
                cpu = int(used.ru_utime + used.ru_stime) + hard_timeout
                resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
                signal.alarm(4 * hard_timeout)
                try:
                    cli_main.main(args=args, prog_name="ipforms", standalone_mode=True)
                    code = 0
                except SystemExit as exc:
                    code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
            except BaseException:  # noqa: BLE001 - said as exit 70 and the traceback
                import traceback
                traceback.print_exc()
                code = 70
            finally:
                import sys as _sys
                for stream in (_sys.stdout, _sys.stderr):
                    try:
                        stream.flush()
                    except Exception:  # noqa: BLE001
                        pass
                os._exit(code)
        _, status, usage = os.wait4(pid, 0)
        seconds = time.monotonic() - t0
        out = out_path.read_bytes() if out_path.exists() else b""
        err = err_path.read_text("utf-8", "replace") if err_path.exists() else ""
    result = {"exit_code": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
              "stdout": out[:20000].decode("utf-8", "replace"), "out_bytes": len(out),
              "stderr": err[:20000], "cpu": usage.ru_utime + usage.ru_stime,
              "seconds": seconds, "maxrss_mb": usage.ru_maxrss / 1024}
    if os.WIFSIGNALED(status):
        result["crash"] = f"killed by signal {os.WTERMSIG(status)}"
    return result


#: the entry points a hostile form is given to, as ``ipforms`` arguments (``{form}``,
#: ``{out}``, ``{data}`` filled in by :func:`form_args`)
FORM_ENTRIES = {
    "fields": ["fields", "{form}"],
    "fill": ["fill", "{form}", "--data", "{data}", "-o", "{out}", "--force"],
    "flatten": ["fill", "{form}", "--data", "{data}", "--flatten", "-o", "{out}", "--force"],
    # a hostile form given as an application: never our form, refused with a reason
    "validate": ["validate", "{form}", "--received", "24.11.2026"],
}
#: ``fill --attachment``: the file of an :func:`attachments` case, embedded in a plain form
ATTACH_ENTRY = ["fill", "{form}", "--data", "{data}", "--attachment", "{attachment}", "-o",
                "{out}", "--force"]


def form_args(entry: str, case: FormCase, folder: Path) -> list[str]:
    """The arguments for ``entry`` on ``case``, its files written into ``folder``."""
    form = folder / case.name
    form.write_bytes(case.data)
    data = folder / (case.name + ".json")
    values = dict(case.values)
    if case.big_value:
        values["navn"] = "ord " * (case.big_value // 4)
    data.write_text(json.dumps(values), "utf-8")
    out = folder / (case.name + f".{entry}.out.pdf")
    attachment = ""
    if case.attachment:
        (name, content), = case.attachment.items()
        sub = folder / (case.name + ".dir")
        sub.mkdir(exist_ok=True)
        (sub / name).write_bytes(content)
        attachment = str(sub / name)
    args = ATTACH_ENTRY if entry == "attach" else FORM_ENTRIES[entry]
    return [a.format(form=form, data=data, out=out, attachment=attachment) for a in args]


def check_form_case(case: FormCase, entry: str, result: dict) -> list[str]:
    """What is wrong with ``result`` of ``entry`` on ``case`` (empty: as it must be)."""
    problems = []
    if "crash" in result:
        return [f"{result['crash']} (hang or memory)"]
    if "Traceback" in result["stderr"]:
        problems.append("a traceback: " + result["stderr"][-400:])
    if "internal error" in result["stderr"]:
        problems.append("said as an internal error: " + result["stderr"][-300:])
    want = case.expect.get(entry, "refused")
    code = result["exit_code"]
    piece = case.says.get(entry)
    if piece and piece not in result["stderr"] + result["stdout"]:
        problems.append(f"does not say {piece!r}: {(result['stderr'] + result['stdout'])[-300:]!r}")
    if want == "ok" and code != 0:
        problems.append(f"exit {code}, expected 0: {result['stderr'][-300:]}")
    if want == "refused":
        said = result["stderr"] + result["stdout"]
        if code != 2:
            problems.append(f"exit {code}, expected 2 (refused with a reason)")
        elif entry == "validate" and not re.search(r": (KAN IKKE LESES|UGYLDIG|IKKE GYLDIG|"
                                                     r"IKKE SJEKKET|[A-ZÆØÅ ]+): ", said):
            problems.append(f"no reason given: {said[-300:]!r}")
        elif entry != "validate" and "error: " not in result["stderr"]:
            problems.append(f"no reason given: {result['stderr'][-300:]!r}")
    if result["out_bytes"] > 2 << 20:
        problems.append(f"{result['out_bytes']:,} bytes of output")
    return problems


def attachments() -> Iterator[FormCase]:
    """What ``fill --attachment`` is given: polyglots and active PDFs are refused (as
    ``validate`` and the online form refuse them), a plain image and a plain PDF embedded."""
    form = hand_pdf(form_objects())
    js = js_fullmakt()
    refused = {"attach": "refused"}
    for kind, ending in (("jpeg", "jpg"), ("png", "png"), ("tiff", "tif")):
        for gap in (100, 4000):
            data = polyglot(kind, js, gap)
            for name in (f"fullmakt.{ending}", "fullmakt.pdf"):
                yield FormCase(f"attach-polyglot-{kind}-{gap}-{name.replace('.', '_')}.pdf", form,
                               refused, attachment={name: data})
    yield FormCase("attach-image-named-pdf.pdf", form, refused,
                   attachment={"fullmakt.pdf": IMAGE_HEADS["jpeg"] + b"\0" * 500})
    yield FormCase("attach-javascript-pdf.pdf", form, refused, attachment={"fullmakt.pdf": js})
    _, fm = proxy_pair()
    yield FormCase("attach-bomb-pdf.pdf", form, refused,
                   attachment={"fullmakt.pdf": bomb_pdf(fm, "objstm")})
    from PIL import Image  # a real image: fill --attachment also prints it as a page

    jpeg = io.BytesIO()
    Image.new("L", (40, 30), 255).save(jpeg, "JPEG")
    yield FormCase("attach-plain-jpeg.pdf", form, {"attach": "ok"},
                   attachment={"fullmakt.jpg": jpeg.getvalue()})
    yield FormCase("attach-plain-pdf.pdf", form, {"attach": "ok"}, attachment={"fullmakt.pdf": fm})


def form_runs(groups=None) -> Iterator[tuple[FormCase, str]]:
    """Every (case, entry point) of the hostile forms and attachments."""
    if groups is None or "forms" in groups:
        for case in forms():
            for entry in FORM_ENTRIES:
                yield case, entry
    if groups is None or "attach" in groups:
        for case in attachments():
            yield case, "attach"


def warm_up_forms(folder: Path) -> None:
    """Load what filling and listing need in this process (pypdf, fontTools, the fonts),
    so forked children measure the form and not the imports."""
    import contextlib

    from ..cli import main as cli_main

    case = FormCase("warm.pdf", hand_pdf(form_objects()), _both("ok"), values={"navn": "Åse ŋ"},
                    attachment={"a.jpg": IMAGE_HEADS["jpeg"]})
    sink = io.StringIO()
    for entry in [*FORM_ENTRIES, "attach"]:
        args = form_args(entry, case, folder)
        with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
            try:
                cli_main.main(args=args, prog_name="ipforms", standalone_mode=False)
            except (SystemExit, Exception):  # noqa: BLE001 - warming up only
                pass


def warm_up() -> None:
    """Load what every check needs (pypdf, the form definitions, the messages) in
    this process, so forked children measure the file and not the imports."""
    import tempfile

    from ..checks import report
    from ..checks.validate import check_file

    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / "warm.pdf"
        p.write_bytes(valid_self())
        res = check_file(p, received=DAY)
        report.to_text(res, "nb")
        report.to_json(res, "nn")


def check_case(case: Case, result: dict) -> list[str]:
    """What is wrong with ``result`` for ``case`` (empty: as it must be)."""
    problems = []
    if "crash" in result:
        return [f"crashed: {result['crash'][-300:]}"]
    if "Traceback" in result.get("text", "") or "Traceback" in result.get("json", ""):
        problems.append("a traceback in the report")
    if result["exit_code"] not in case.expect_exit:
        problems.append(f"exit {result['exit_code']} ({result['status']}, {result['reason_code']}, "
                        f"{result['codes']}), expected one of {case.expect_exit}")
    if case.active and result["exit_code"] == 0:
        problems.append("active content passed as valid")
    text = result.get("text", "")
    raw = re.findall("[\x00-\x09\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f]",
                     text + result.get("json", ""))
    if raw:
        problems.append(f"raw control characters in a report: {sorted(set(raw))!r}")
    fake = [ln for ln in text.splitlines()[1:] if re.match(r"\s*(IKKE )?GYLDIG", ln)]
    if fake:
        problems.append(f"a line of the text report starts with a verdict: {fake!r}")
    if FNR in text or FNR in result.get("json", ""):
        problems.append("a fødselsnummer-shaped number printed in full")
    if len(text) > 20_000 or len(result.get("json", "")) > 40_000:
        problems.append(f"a report of {len(text):,} characters (text) and "
                        f"{len(result.get('json', '')):,} (JSON): long values must be shortened")
    if result.get("status") == "error":
        problems.append(f"internal error: {result.get('text')}")
    if case.expect_codes:
        got = {result.get("reason_code"), *result.get("codes", [])}
        if not got & set(case.expect_codes):
            problems.append(f"none of {case.expect_codes} in {sorted(map(str, got))}")
    return problems


def main(argv: list[str] | None = None) -> int:
    import argparse
    import itertools

    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("folder", type=Path, help="where to write the corpus")
    ap.add_argument("--groups", help="comma-separated: " + ",".join(GROUPS))
    ap.add_argument("--slice", default=":", metavar="START:STOP",
                    help="only these cases of the selected groups (e.g. 0:100)")
    ap.add_argument("--json", action="store_true", help="one JSON line per file")
    ap.add_argument("--forms", metavar="GROUPS",
                    help="instead: hostile forms (forms, attach) through the CLI entry points")
    args = ap.parse_args(argv)
    if args.forms:
        return main_forms(args.folder, args.forms.split(","), args.slice, args.json)
    groups = args.groups.split(",") if args.groups else None
    a, _, b = args.slice.partition(":")
    cases = itertools.islice(corpus(groups), int(a or 0), int(b) if b else None)
    worst: dict[str, dict] = {}
    bad = 0
    warm_up()
    for case in cases:
        path, separate = write_case(args.folder, case)
        res = measure(path, separate)
        problems = check_case(case, res)
        bad += bool(problems)
        if args.json:
            print(json.dumps({"name": case.name, "group": case.group, "problems": problems,
                              "exit_code": res.get("exit_code"), "status": res.get("status"),
                              "seconds": round(res["seconds"], 4),
                              "maxrss_mb": round(res["maxrss_mb"], 1)}), flush=True)
            continue
        w = worst.setdefault(case.group, {"files": 0, "max_s": 0.0, "max_mb": 0.0, "slowest": ""})
        w["files"] += 1
        if res["seconds"] > w["max_s"]:
            w["max_s"], w["slowest"] = res["seconds"], case.name
        w["max_mb"] = max(w["max_mb"], res["maxrss_mb"])
        for p in problems:
            print(f"{case.name}: {p}")
    for g, w in worst.items():
        print(f"{g:12} {w['files']:4} files  slowest {w['max_s']:.3f} s ({w['slowest']})  "
              f"peak RSS {w['max_mb']:.0f} MB")
    return 1 if bad else 0


def main_forms(folder: Path, groups: list[str], part: str, as_json: bool) -> int:
    """``--forms``: every (form, entry point) run through the real CLI in a forked child."""
    import itertools

    folder.mkdir(parents=True, exist_ok=True)
    warm_up_forms(folder)
    a, _, b = part.partition(":")
    bad = 0
    for case, entry in itertools.islice(form_runs(groups), int(a or 0), int(b) if b else None):
        res = measure_cli(form_args(entry, case, folder), folder=folder)
        problems = check_form_case(case, entry, res)
        bad += bool(problems)
        row = {"name": case.name, "entry": entry, "problems": problems,
               "exit_code": res["exit_code"], "cpu": round(res["cpu"], 4),
               "seconds": round(res["seconds"], 4), "maxrss_mb": round(res["maxrss_mb"], 1)}
        print(json.dumps(row) if as_json else
              f"{entry:9} {case.name:44} exit {res['exit_code']}  {res['cpu']:.3f} s CPU  "
              f"{res['maxrss_mb']:.0f} MB  {'; '.join(problems) or 'ok'}", flush=True)
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
