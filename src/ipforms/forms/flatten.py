"""Flatten a filled form: draw every widget's appearance into its page and drop the fields.

Works on an :class:`~ipforms.forms.incremental.IncrementalUpdate` so the original
bytes stay as they are.  Each page's content is wrapped in ``q ... Q`` and one
more content stream draws the widgets' appearance XObjects, mapped from their
``/BBox`` (and ``/Matrix``) onto their ``/Rect`` (PDF 32000-1, 12.5.5).  A widget
flagged NoRotate on a page with ``/Rotate`` is turned back about the upper-left corner
of its ``/Rect``, so that it stays upright on the screen, as viewers draw it (12.5.3).
"""

from __future__ import annotations

from pypdf import PdfReader
from pypdf.generic import (ArrayObject, DictionaryObject, NameObject, StreamObject)

from .acroform import as_dict, inherited
from .incremental import IncrementalUpdate

_HIDDEN = 1 << 1
_NOROTATE = 1 << 4


def _unrotate(rotate: int, x: float, y: float) -> str:
    """The ``cm`` that turns a NoRotate widget counterclockwise by the page's ``/Rotate``
    about (x, y), its /Rect's upper-left corner: the page turns it back clockwise, so it
    shows upright (Poppler's Gfx::drawAnnot does the same; so does MuPDF)."""
    # cos and sin of 360 - rotate; the matrix [c -s s c e f] keeps (x, y) where it is
    c, s = {90: (0, -1), 180: (-1, 0), 270: (0, 1)}[rotate]
    return f"{c} {-s} {s} {c} {x - c * x - s * y:.3f} {y + s * x - c * y:.3f} cm "


def _matrix_bbox(stream) -> tuple[float, float, float, float]:
    x1, y1, x2, y2 = (float(v) for v in stream["/BBox"])
    a, b, c, d, e, f = (float(v) for v in stream.get("/Matrix", [1, 0, 0, 1, 0, 0]))
    pts = [(a * x + c * y + e, b * x + d * y + f) for x, y in
           ((x1, y1), (x1, y2), (x2, y1), (x2, y2))]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    return min(xs), min(ys), max(xs), max(ys)


def _appearance(widget):
    ap = widget.get("/AP")
    ap = ap.get_object() if ap is not None else None
    if not isinstance(ap, DictionaryObject) or ap.get("/N") is None:
        return None
    normal = ap.raw_get("/N")
    normal_obj = normal.get_object()
    if isinstance(normal_obj, StreamObject):
        return normal
    state = widget.get("/AS")
    if state is None or state not in normal_obj:
        return None
    return normal_obj.raw_get(state)


def flatten_form(update: IncrementalUpdate, reader: PdfReader) -> None:
    """Move every form widget into its page's content and remove the AcroForm."""
    for page in reader.pages:
        annots = page.get("/Annots")
        if annots is None:
            continue
        keep, draw = ArrayObject(), []
        try:
            rotate = int(inherited(page, "/Rotate") or 0) % 360
        except (TypeError, ValueError):
            rotate = 0
        rotate = rotate if rotate in (90, 180, 270) else 0
        for ref in annots.get_object():
            annot = ref.get_object()
            if annot.get("/Subtype") != "/Widget":
                keep.append(ref)
                continue
            if int(annot.get("/F", 0)) & _HIDDEN:
                continue
            ap_ref = _appearance(annot)
            if ap_ref is None:
                continue
            stream = ap_ref.get_object()
            if "/BBox" not in stream:
                continue
            rx1, ry1, rx2, ry2 = (float(v) for v in annot["/Rect"])
            rx1, rx2 = sorted((rx1, rx2))
            ry1, ry2 = sorted((ry1, ry2))
            bx1, by1, bx2, by2 = _matrix_bbox(stream)
            if bx2 - bx1 <= 0 or by2 - by1 <= 0:
                continue
            sx, sy = (rx2 - rx1) / (bx2 - bx1), (ry2 - ry1) / (by2 - by1)
            turn = ""
            if int(annot.get("/F", 0)) & _NOROTATE and rotate:
                turn = _unrotate(rotate, rx1, ry2)
            draw.append((ap_ref, turn, (sx, sy, rx1 - bx1 * sx, ry1 - by1 * sy)))
        if not draw and len(keep) == len(annots.get_object()):
            continue
        res = DictionaryObject(as_dict(inherited(page, "/Resources")) or {})
        xobjects = DictionaryObject(as_dict(res.get("/XObject")) or {})
        ops = [b"Q"]
        for i, (ap_ref, turn, (sx, sy, tx, ty)) in enumerate(draw):
            name = f"/IpfW{i}"
            while name in xobjects:
                name += "x"
            xobjects[NameObject(name)] = ap_ref
            ops.append(f"q {turn}{sx:.5f} 0 0 {sy:.5f} {tx:.3f} {ty:.3f} cm {name} Do Q"
                       .encode())
        res[NameObject("/XObject")] = xobjects
        page[NameObject("/Resources")] = res
        before, after = StreamObject(), StreamObject()
        before.set_data(b"q\n")
        after.set_data(b"\n" + b"\n".join(ops) + b"\n")
        contents = page.get("/Contents")
        old = []
        if contents is not None:
            raw = page.raw_get("/Contents")
            obj = contents.get_object()
            old = list(obj) if isinstance(obj, ArrayObject) else [raw]
        page[NameObject("/Contents")] = ArrayObject(
            [update.add(before), *old, update.add(after)])
        if keep:
            page[NameObject("/Annots")] = keep
        else:
            del page[NameObject("/Annots")]
        update.mark(page)
    root = reader.root_object
    if "/AcroForm" in root:
        del root[NameObject("/AcroForm")]
        update.mark(root)
