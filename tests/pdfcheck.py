"""Helpers for the form tests: draw the blank forms once, render pages with Poppler
(pdftoppm) and MuPDF (mutool draw), and compare pixels inside a field's rectangle."""

from __future__ import annotations

import fcntl
import subprocess
from pathlib import Path

from PIL import Image, ImageChops

from ipforms.forms.acroform import fields, open_pdf

DPI = 72  # one pixel per point: a PDF rectangle maps straight onto the image

MUNICIPALITY = {
    "name": {"nb": "Åsvik kommune", "nn": "Åsvik kommune"},
    "kommunenummer": "9999",
    "unit": {
        "name": {"nb": "Tildelingsenheten", "nn": "Tildelingseininga"},
        "postal_address": {"street": "Postboks 7", "postcode": "9990", "place": "Åsvik"},
        "email": "postmottak@asvik.kommune.no",
        "phone": "12 34 56 78",
        "opening_hours": {"nb": "Hverdager 9–15", "nn": "Kvardagar 9–15"},
    },
    "complaint_body": {"nb": "Statsforvalteren", "nn": "Statsforvaltaren"},
    "accessibility_statement": "https://uustatus.no/nb/erklaringer/publisert/0000",
    "last_reviewed": "2026-11-01",
}


def municipality(slug: str = "asvik", **changes):
    from ipforms.core.municipality import parse_municipality

    return parse_municipality({**MUNICIPALITY, **changes}, slug=slug)


def blank(form_cache: Path, form_id: str, lang: str) -> bytes:
    """The blank form, drawn once for all workers (the others wait for it)."""
    from ipforms.forms.pdfdraw import blank_pdf

    with open(form_cache / f".{form_id}-{lang}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return blank_pdf(form_id, lang, form_cache)


def render(pdf: Path, page: int, engine: str, tmp: Path) -> Image.Image:
    """Page ``page`` (1-based) of ``pdf`` as a greyscale image at 72 dpi."""
    out = tmp / f"{pdf.stem}-{engine}-{page}"
    if engine == "poppler":
        subprocess.run(["pdftoppm", "-png", "-r", str(DPI), "-f", str(page), "-l", str(page),
                        "-singlefile", str(pdf), str(out)], check=True, capture_output=True)
    else:
        subprocess.run(["mutool", "draw", "-q", "-r", str(DPI), "-o", f"{out}.png", str(pdf),
                        str(page)], check=True, capture_output=True)
    return Image.open(f"{out}.png").convert("L")


def widget_boxes(pdf: bytes | Path, name: str) -> list[tuple[int, tuple[float, ...]]]:
    """(page number, rectangle) of each widget of field ``name``."""
    _, reader = open_pdf(pdf)
    pages = {p.indirect_reference.idnum: i + 1 for i, p in enumerate(reader.pages)}
    out = []
    for f in fields(reader):
        if f.name == name:
            for w in f.widgets:
                x1, y1, x2, y2 = (float(v) for v in w["/Rect"])
                out.append((pages[w.raw_get("/P").idnum] if "/P" in w else 1,
                            (min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))))
    assert out, f"no widget for {name}"
    return out


def changed_pixels(a: Image.Image, b: Image.Image, rect, page_height: float) -> int:
    """How many pixels inside ``rect`` (PDF points) differ clearly between two renders."""
    x1, y1, x2, y2 = rect
    box = (int(x1) + 1, int(page_height - y2) + 1, int(x2) - 1, int(page_height - y1) - 1)
    diff = ImageChops.difference(a.crop(box), b.crop(box))
    return sum(diff.histogram()[81:])


def dark_pixels(img: Image.Image, rect, page_height: float) -> int:
    x1, y1, x2, y2 = rect
    box = (int(x1) + 1, int(page_height - y2) + 1, int(x2) - 1, int(page_height - y1) - 1)
    return sum(img.crop(box).histogram()[:110])


def write_pdf(path: Path, objs: list[bytes]) -> None:
    """Write ``objs`` (object 1 the catalog) as a classic PDF with an xref table: the
    hand-made forms of the tests, with nothing a library would add or repair."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + o + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f\r\n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n\r\n".encode()
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(bytes(out))


def struct_nodes(reader) -> list:
    """Every node below /StructTreeRoot: the structure elements and the object references
    (/OBJR) to the widgets they tag, walked depth-first."""
    stack, out = [reader.trailer["/Root"]["/StructTreeRoot"]], []
    while stack:
        node = stack.pop()
        kids = node.get("/K")
        if kids is None:
            continue
        kids = kids.get_object()
        for k in kids if isinstance(kids, list) else [kids]:
            k = k.get_object() if hasattr(k, "get_object") else k
            if isinstance(k, dict):
                out.append(k)
                if k.get("/Type") != "/OBJR":
                    stack.append(k)
    return out
