"""Hostile forms: what ``fill``, ``fields``, ``fill --flatten`` and ``fill --attachment``
are given (issue 19), each with the outcome every entry point must give; the files are
written by hand (:func:`hand_pdf`) so that anything can be spelled as a hostile file
spells it.  :mod:`ipforms.dev.hostile_run` runs them through the real CLI."""

from __future__ import annotations

import io
import json
import random
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .hostile import (GIB, IMAGE_HEADS, _prefixed_zeros, bomb_pdf, js_fullmakt, polyglot,
                      proxy_pair)


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
