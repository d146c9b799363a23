"""Paper that holds everything: the attachments of an application as pages after it.

Embedded files never print.  An application sent on paper must carry its fullmakt, its
vergefullmakt and any other attachment as pages, so :func:`append_pages` adds, after the
application's own pages, for each attachment in order

* a PDF: each of its pages as it prints (its form fields drawn into the page and removed
  first, so they cannot collide with the application's fields),
* an image (JPEG, PNG, TIFF; every frame of a multi-page TIFF): a page scaled to fit,

each headed «Vedlegg n: name» in the application's embedded font, and writes on page 1 which
attachments follow.  The embedded originals stay (``ipforms validate`` checks them); the
appended pages hold no fields, so validation reads the application as before.  Everything is
one incremental update: the application's own bytes are kept.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, StreamObject

from ..core.errors import PdfInputError
from .acroform import as_dict, open_pdf
from .pypdf_internals import add_indirect

A4 = (595.276, 841.89)
MARGIN = 36.0
#: the band at the top of an appended page that holds the heading
HEADING_BAND = 34.0
HEADING_SIZE = 11.0
#: the enclosure line on page 1, in the bottom margin
LIST_SIZE = 8.5
LIST_Y = 36.0
#: the left edge of the page's text (our forms: 15 mm)
LIST_X = 42.5

WORDS = {"nb": {"heading": "Vedlegg {n}: {name}",
                "list": "Vedlegg etter søknaden: {items}",
                "page_of": "(side {i} av {count})"},
         "nn": {"heading": "Vedlegg {n}: {name}",
                "list": "Vedlegg etter søknaden: {items}",
                "page_of": "(side {i} av {count})"}}


def words(lang: str) -> dict[str, str]:
    """The attachment pages' words in ``lang``; in a third language the municipality's own
    (``forms.print.<word>``, :mod:`ipforms.forms.formlang`), never the nb ones."""
    from ..core.lang import EXTRA_LANGS, extra_text

    if lang in EXTRA_LANGS:
        return {k: extra_text(f"forms.print.{k}", lang) for k in WORDS["nb"]}
    return WORDS[lang]


def _winansi(text: str) -> bytes:
    """``text`` as a PDF literal in WinAnsi (cp1252); a letter it lacks as «?»."""
    raw = text.encode("cp1252", errors="replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _flattened(data: bytes) -> bytes:
    """A PDF with its form fields drawn into the pages and removed (as ``fill --flatten``)."""
    from .flatten import flatten_form
    from .incremental import IncrementalUpdate

    data, reader = open_pdf(data)
    has_widgets = any(as_dict(a.get_object()) is not None
                      and a.get_object().get("/Subtype") == "/Widget"
                      for p in reader.pages for a in (p.get("/Annots") or []))
    if not has_widgets:
        return data
    update = IncrementalUpdate(data, reader)
    flatten_form(update, reader)
    return update.write()


def _image_pdf(data: bytes) -> bytes:
    """An image (every frame) as a PDF of pages the size of the image at 150 dpi or its own
    resolution (Pillow writes it)."""
    from PIL import Image, ImageSequence

    with Image.open(io.BytesIO(data)) as img:
        frames = []
        for frame in ImageSequence.Iterator(img):
            f = frame.convert("RGB") if frame.mode not in ("RGB", "L") else frame.copy()
            frames.append(f)
        out = io.BytesIO()
        dpi = img.info.get("dpi", (150, 150))[0] or 150
        frames[0].save(out, "PDF", save_all=True, append_images=frames[1:], resolution=float(dpi))
    return out.getvalue()


def _pages_of(data: bytes, mime: str) -> list[PageObject]:
    pdf = _flattened(data) if mime == "application/pdf" else _image_pdf(data)
    return list(PdfReader(io.BytesIO(pdf)).pages)


def _heading_stream(text: str, width: float, height: float) -> bytes:
    y = height - MARGIN / 2 - HEADING_SIZE
    return (b"q BT /IpfH " + f"{HEADING_SIZE:g}".encode() + b" Tf 0 g 1 0 0 1 "
            + f"{MARGIN:.2f} {y:.2f}".encode() + b" Tm " + _winansi(text) + b" Tj ET Q\n")


def append_pages(application: bytes, files: Sequence, lang: str = "nb") -> bytes:
    """``application`` with each of ``files`` (objects with ``name``, ``data``, ``mime``, as
    :class:`ipforms.forms.attach.EmbeddedFile`) appended as pages (see the module text)."""
    if not files:
        return application
    said = words(lang)
    app_data, app_reader = open_pdf(application)
    writer = PdfWriter(io.BytesIO(app_data), incremental=True)
    font = _font_ref(writer)
    items = []
    for n, f in enumerate(files, 1):
        try:
            pages = _pages_of(f.data, f.mime)
        except Exception as exc:  # pypdf and Pillow raise many kinds on a damaged file
            raise PdfInputError(f"attachment {f.name}: cannot be turned into pages to print "
                                f"({type(exc).__name__}: {str(exc)[:100]})") from None
        items.append(f"{n} {f.name}")
        for i, src in enumerate(pages, 1):
            heading = said["heading"].format(n=n, name=f.name)
            if len(pages) > 1:
                heading += " " + said["page_of"].format(i=i, count=len(pages))
            _add_page(writer, src, heading, font)
    _list_on_first_page(writer, said["list"].format(items=", ".join(items)), font)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _font_ref(writer: PdfWriter):
    """The application's embedded WinAnsi font (the AcroForm's /Helv: Liberation Sans), or
    Helvetica for a PDF without one."""
    acro = as_dict(writer.root_object.get("/AcroForm"))
    dr = as_dict(acro.get("/DR")) if acro is not None else None
    fonts = as_dict(dr.get("/Font")) if dr is not None else None
    if fonts is not None and "/Helv" in fonts and hasattr(fonts.raw_get("/Helv"), "idnum"):
        return fonts.raw_get("/Helv")
    font = DictionaryObject({NameObject("/Type"): NameObject("/Font"),
                             NameObject("/Subtype"): NameObject("/Type1"),
                             NameObject("/BaseFont"): NameObject("/Helvetica"),
                             NameObject("/Encoding"): NameObject("/WinAnsiEncoding")})
    return add_indirect(writer, font)


def _add_page(writer: PdfWriter, src: PageObject, heading: str, font) -> None:
    box = src.mediabox
    w, h = float(box.width), float(box.height)
    if (src.get("/Rotate") or 0) % 180:
        w, h = h, w
    # A4 upright (or across for a wide page), the source scaled to fit under the heading
    pw, ph = A4 if h >= w else (A4[1], A4[0])
    avail_w, avail_h = pw - 2 * MARGIN, ph - 2 * MARGIN - HEADING_BAND
    s = min(avail_w / w, avail_h / h, 1.0 if w <= avail_w and h <= avail_h else 10.0)
    s = min(s, avail_w / w, avail_h / h)
    tx = (pw - w * s) / 2
    ty = MARGIN + (avail_h - h * s) / 2
    page = writer.add_blank_page(pw, ph)
    if (src.get("/Rotate") or 0) % 360:
        src.transfer_rotation_to_content()
    page.merge_transformed_page(src, Transformation().translate(-float(src.mediabox.left),
                                                                -float(src.mediabox.bottom))
                                .scale(s, s).translate(tx, ty), over=True)
    if "/Annots" in page:  # links and notes of the source do not fit the new place: dropped
        del page[NameObject("/Annots")]
    _stamp(writer, page, _heading_stream(heading, pw, ph), font)


def _stamp(writer: PdfWriter, page: PageObject, ops: bytes, font) -> None:
    """Draw ``ops`` (which use /IpfH) over ``page``."""
    res = page.get("/Resources")
    res = DictionaryObject(res.get_object()) if res is not None else DictionaryObject()
    fonts = DictionaryObject(as_dict(res.get("/Font")) or {})
    fonts[NameObject("/IpfH")] = font
    res[NameObject("/Font")] = fonts
    page[NameObject("/Resources")] = res
    stream = StreamObject()
    stream.set_data(ops)
    before = StreamObject()
    before.set_data(b"q\n")
    after = add_indirect(writer, stream)
    contents = page.get("/Contents")
    old = []
    if contents is not None:
        obj = contents.get_object()
        old = list(obj) if isinstance(obj, ArrayObject) else [page.raw_get("/Contents")]
    end = StreamObject()
    end.set_data(b"\nQ\n")
    page[NameObject("/Contents")] = ArrayObject(
        [add_indirect(writer, before), *old, add_indirect(writer, end), after])


def _list_on_first_page(writer: PdfWriter, text: str, font) -> None:
    page = writer.pages[0]
    ops = (b"q BT /IpfH " + f"{LIST_SIZE:g}".encode() + b" Tf 0 g 1 0 0 1 "
           + f"{LIST_X:.2f} {LIST_Y:.2f}".encode() + b" Tm " + _winansi(text) + b" Tj ET Q\n")
    _stamp(writer, page, ops, font)
