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

Hostile forms for ``fill`` and ``fields`` are in :mod:`ipforms.dev.hostile_forms`.
:func:`~ipforms.dev.hostile_run.measure` checks one file in a forked child with a hard
memory limit and a time limit and returns its verdict, time and peak memory; ``python -m
ipforms.dev.hostile DIR`` writes the corpus and prints the measurements.
"""

from __future__ import annotations

import datetime as _dt
import io
import random
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .demo_applications import application, application_pdf, fullmakt, fullmakt_pdf
from .hostile_pdf import Update, _serialize, runlength_zeros, zeros_flate

DAY: _dt.date = _dt.date(2026, 11, 24)
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
        u.add(u.root, names_with(u, f"/{spell('JavaScript')} {tree} 0 R".encode()) + b" >>")
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


def embedded_bomb(pdf: bytes, name: str = "vedlegg.bin", size: int = GIB, twice: bool = False
                  ) -> bytes:
    """``pdf`` with an embedded file that inflates to ``size`` zero bytes (``twice``: named
    in a second /Names of the catalog, beside the one it has)."""
    u = Update(pdf)
    data = zeros_flate(size)
    stream = u.add(u.new(), f"<< /Type /EmbeddedFile /Filter /FlateDecode /Length {len(data)} >>\n"
                            f"stream\n".encode() + data + b"\nendstream")
    spec = u.add(u.new(), f"<< /Type /Filespec /F ({name}) /UF ({name}) /EF << /F {stream} 0 R >> >>"
                 .encode())
    tree = u.add(u.new(), f"<< /Names [({name}) {spec} 0 R] >>".encode())
    if twice:  # a second /Names beside the catalog's own: readers keep one or the other
        u.add(u.root, u.dict_of(u.root) + f" /Names << /EmbeddedFiles {tree} 0 R >> >>".encode())
    else:
        u.add(u.root, names_with(u, f"/EmbeddedFiles {tree} 0 R".encode()) + b" >>")
    return u.write()


def names_with(u: Update, entry: bytes) -> bytes:
    """The catalog's dictionary as written (without its closing ``>>``) with ``entry``
    added to its /Names tree dictionary, which is made when there is none (our forms have
    one: the privacy line's named destination)."""
    root = u.dict_of(u.root)
    names = u.reader.trailer["/Root"].raw_get("/Names") if "/Names" in u.reader.trailer["/Root"] \
        else None
    if names is None:
        return root + b" /Names << " + entry + b" >>"
    if hasattr(names, "idnum"):  # an object of its own: written again with the entry
        u.add(names.idnum, u.dict_of(names.idnum) + b" " + entry + b" >>")
        return root
    m = re.search(rb"/Names\s*<<", root)
    assert m is not None, root[:200]
    return root[:m.end()] + b" " + entry + b" " + root[m.end():]


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
    yield Case("bomb-embedded-file-names-twice.pdf", "bombs", embedded_bomb(base, twice=True),
               active=True, expect_exit=(2,), expect_codes=("pdf.ambiguous",))
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


if __name__ == "__main__":
    from ipforms.dev.hostile_run import main

    raise SystemExit(main())
