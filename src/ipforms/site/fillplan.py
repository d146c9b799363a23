"""What the online form needs from the PDFs it fills, read at build time (see
:mod:`ipforms.site.webform`):

* a *fill plan* (:func:`fill_plan`) read from the very PDF the site publishes: each
  field's object number and dictionary (without ``/V``, ``/AP``, ``/AS``), its widgets'
  size, border and colours, the WinAnsi font in ``/DR`` (our embedded Liberation Sans),
  the trailer and ``startxref``.  ``webform/pdfwrite.js`` appends new field objects with ``/V`` and
  appearance streams and an xref stream with ``/Prev``, exactly as
  :mod:`ipforms.forms.incremental` does: the PDF's own bytes are kept;
* the fullmakt's pages as objects to print after the application (:func:`page_import`);
* the Liberation Sans widths of the WinAnsi characters (:func:`winansi_widths`) and a
  subset for the characters beyond them (:func:`unicode_font`), made in
  :mod:`ipforms.site.planfonts`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import re
from collections.abc import Callable
from typing import Any

from pypdf.generic import DictionaryObject, IndirectObject, NameObject, NumberObject, PdfObject

from ..core.errors import FormError
from ..forms.acroform import (FF_COMB, PdfField, as_dict, fields, fields_source, make_field,
                              normal_appearance, open_pdf, variant_of)
from ..forms.fill import template_key, written_objects
from ..forms.filler import widget_geometry
from ..forms.incremental import last_startxref
from ..forms.pdfbytes import pdf_bytes
from ..forms.pypdf_internals import UpdateXrefReader, raw_stream_bytes
from ..forms.winansi import is_helvetica, is_winansi_font
from . import planmemo
# the fonts, as they were here before (webform.py and tests import them from here)
from .planfonts import UNICODE_CHARS as UNICODE_CHARS
from .planfonts import UNICODE_RANGES as UNICODE_RANGES
from .planfonts import unicode_font as unicode_font
from .planfonts import winansi_widths as winansi_widths

def _ser(obj: PdfObject) -> str:
    """A PDF object's bytes as a string of code points 0-255 (JSON-safe, byte-exact)."""
    return pdf_bytes(obj).decode("latin-1")


def _without(d: DictionaryObject, *keys: str) -> str:
    copy = DictionaryObject(d)
    for k in keys:
        copy.pop(NameObject(k), None)
    return _ser(copy)


def _widget(w: DictionaryObject) -> dict:
    width, height, mk, border, _ = widget_geometry(w)  # our forms: never turned
    n = normal_appearance(w)
    states = []
    if isinstance(n, DictionaryObject) and "/Subtype" not in n:
        states = [str(k)[1:] for k in n if k != "/Off"]
    return {"w": round(width, 3), "h": round(height, 3), "mk": mk, "border": border,
            "q": int(w.get("/Q", 0)), "states": states}


def _field_entry(f: PdfField) -> dict:
    """One field of the plan (see :func:`fill_plan`)."""
    if f.flags & FF_COMB:
        raise FormError("comb fields are not drawn by the online form", field=f.name)
    merged = f.widget_ids == [f.obj_id]
    widget_keys = ("/AP",) if f.kind == "text" else ("/AS",)
    entry: dict[str, Any] = {"name": f.name, "kind": f.kind, "num": f.obj_id,
             "da": str(f.widgets[0].get("/DA", f.da)) if f.widgets else f.da,
             "multiline": f.multiline, "states": f.states, "merged": merged,
             "body": _without(f.obj, "/V", *(widget_keys if merged else ())),
             "widgets": []}
    for wid, w in zip(f.widget_ids, f.widgets, strict=False):
        wd = _widget(w)
        wd["num"] = wid
        if not merged:
            wd["body"] = _without(w, *widget_keys)
        entry["widgets"].append(wd)
    return entry


def _planned(f: PdfField) -> bool:
    return f.kind in ("text", "checkbox", "radio") and f.obj_id is not None


#: what a plan takes from a blank form, read once per blank and worker (keyed by a digest
#: of its bytes, as :func:`ipforms.forms.fill.fill_pdf` keeps its field index): each field,
#: without its objects (only their numbers), and its entry in the plan (None: not planned)
_BLANK_FIELDS: dict[bytes, list[tuple[PdfField, dict | None]] | None] = {}
#: whole plans by a digest of the PDF's bytes (a blank form published as it is)
_PLANS: dict[bytes, dict] = {}
#: page_import() of a form read whole (a blank, or the first form with a privacy line,
#: which the others are variants of), with its objects' numbers in its order, by its
#: digest (once per worker: only such forms, so it never fills up with municipalities)
_IMPORTS: dict[bytes, tuple[dict, list[int]]] = {}
#: page_import() of a variant (one per municipality and standard), by its digest: a few,
#: the oldest dropped first, kept apart so that they never push a form read whole out
#: (a build of 33 municipalities or more then read the fullmakt whole for each)
_VARIANT_IMPORTS: dict[bytes, dict] = {}
#: _pages_plan() of a blank form, by its digest
_PAGES: dict[bytes, dict] = {}
#: how many times a form's fields were read whole for a plan (the work-count test reads it)
FIELD_READS = [0]


#: the last digests made, by the bytes' id, the bytes kept with them (the same form is
#: looked up several times per municipality: its plan, its printed pages, its variant)
_DIGESTS: dict[int, tuple[bytes, bytes]] = {}


def _digest(data: bytes) -> bytes:
    """A digest of ``data`` (as :func:`ipforms.forms.fill.template_key`'s: the same keys)."""
    found = _DIGESTS.get(id(data))
    if found is not None and found[0] is data:
        return found[1]
    if len(_DIGESTS) >= 16:
        _DIGESTS.pop(next(iter(_DIGESTS)))
    key = hashlib.blake2b(data, digest_size=16).digest()
    _DIGESTS[id(data)] = (data, key)
    return key


def _remember(cache: dict, key: Any, value) -> None:
    if len(cache) > 64:  # a few blank forms per build: never grows with the municipalities
        cache.clear()
    cache[key] = value


def _all_fields(reader) -> list[tuple[PdfField, dict | None]]:
    """Every field of the form, with its entry in the plan (None: not planned)."""
    FIELD_READS[0] += 1
    return [(f, _field_entry(f) if _planned(f) else None) for f in fields(reader)]


def _blank_all(base: bytes) -> list[tuple[PdfField, dict | None]] | None:
    """:func:`_all_fields` of ``base`` (or of the form it is with the privacy line drawn
    in), without the fields' objects (only their numbers); read once per form and worker.
    None when a field or widget has no object number of its own."""
    key = _digest(base)
    source = fields_source(key)
    if source is not None:  # the blank with the privacy line: the blank's fields
        key, base = source
    if key not in _BLANK_FIELDS:
        _, reader = open_pdf(base, key=template_key)  # its xref remembered: _open_update
        found = _all_fields(reader)
        numbered = all(f.obj_id is not None and None not in f.widget_ids for f, _ in found)
        _remember(_BLANK_FIELDS, key, [(dataclasses.replace(f, obj=DictionaryObject(),
                                                            widgets=[]), entry)
                                       for f, entry in found] if numbered else None)
    return _BLANK_FIELDS[key]


def _blank_fields(base: bytes) -> list[tuple[PdfField, dict]]:
    """The planned fields of :func:`_blank_all`."""
    found = _blank_all(base)
    if found is None:
        _, reader = open_pdf(base, key=template_key)
        found = _all_fields(reader)
    return [(f, entry) for f, entry in found if entry is not None]


def _fields_with_objects(data: bytes, reader) -> list[PdfField]:
    """``fields(reader)`` of ``data``; for a form read before (or the same with the privacy
    line drawn in) from its remembered fields, each object read by its number."""
    found = _blank_all(data) if fields_source(_digest(data)) is not None else None
    if found is None:
        FIELD_READS[0] += 1
        return fields(reader)
    return [dataclasses.replace(f, obj=reader.get_object(f.obj_id),
                                widgets=[reader.get_object(w) for w in f.widget_ids])
            for f, _ in found]


def _updated_objects(data: bytes, reader, base: bytes) -> set[int] | None:
    """The numbers of the objects that the updates after ``base`` write, when ``data`` is
    ``base`` with incremental updates appended (else None)."""
    if not data.startswith(base):
        return None
    return {num for by_num in reader.xref.values() for num, offset in by_num.items()
            if offset >= len(base)}


def _field_entries(data: bytes, reader, base: bytes | None,
                   written: dict | None = None) -> list[dict]:
    """The plan's fields; with ``base``, the entries of fields whose objects the update
    leaves alone come from the blank's (read once), and only the others are read (those
    the prefill wrote from ``written``, by default as the fill kept them)."""
    updated = _updated_objects(data, reader, base) if base is not None else None
    if base is None or updated is None:
        return [entry for _, entry in _all_fields(reader) if entry is not None]
    acro = as_dict(reader.root_object.get("/AcroForm"))
    default_da = str(acro.get("/DA", "")) if acro is not None else ""
    out = []
    # the objects the prefill wrote, as it wrote them (not read back from the PDF)
    kept: dict = written_objects(_digest(data)) if written is None else written

    def read(num: int | None):
        return kept[num] if num in kept else reader.get_object(num)

    for f, entry in _blank_fields(base):
        if f.obj_id in updated or updated.intersection(f.widget_ids):
            obj = read(f.obj_id)
            widgets = [obj if wid == f.obj_id else read(wid) for wid in f.widget_ids]
            entry = _field_entry(make_field(f.name, obj, widgets, default_da))
        out.append(entry)
    return out


def _open_update(pdf: bytes, base: bytes | None):
    """``open_pdf(pdf)``; when ``pdf`` is ``base`` with updates appended, the base's
    cross-reference sections are taken as read before (only the updates' are parsed)."""
    if base is not None and pdf.startswith(base) and len(pdf) > len(base):
        base_startxref = last_startxref(base)
        if base_startxref is not None:
            try:
                reader = UpdateXrefReader(io.BytesIO(pdf), len(base), base_startxref,
                                          template_key(base), strict=False)
                reader.trailer["/Root"].get_object()
                return pdf, reader
            except Exception:  # noqa: BLE001 - read it the usual way, which says what is wrong
                pass
    return open_pdf(pdf, key=template_key)


def fill_plan(pdf: bytes, base: bytes | None = None, blank: bytes | None = None) -> dict:
    """What webform.js needs to fill ``pdf`` (one of our prefilled forms) by appending an
    incremental update; see the module docstring.

    ``base``: the blank form that ``pdf`` was prefilled from (``pdf`` is ``base`` and an
    incremental update).  The fields the update leaves alone are then planned from the
    blank's fields, read once per blank; a PDF planned before is not read again.
    ``blank``: the bare blank ``base`` is (or is with updates appended): the plan is then
    carried over from a form of the same shape when its objects match
    (:mod:`ipforms.site.planmemo`)."""
    if blank is not None and base is not None and pdf.startswith(base) \
            and base.startswith(blank) and len(pdf) > len(base):
        return _carried_plan(pdf, base, blank)
    key = _digest(pdf)
    if key not in _PLANS:
        _remember(_PLANS, key, _make_plan(pdf, base))
    return _PLANS[key]


def _recording(reader, resolved: set[int]):
    """``reader``, noting the number of every object resolved through it in ``resolved``."""
    get = reader.get_object

    def get_object(ref):
        resolved.add(ref if isinstance(ref, int) else ref.idnum)
        return get(ref)

    reader.get_object = get_object
    return reader


def _make_plan(pdf: bytes, base: bytes | None, resolved: list | None = None) -> dict:
    """The plan of ``pdf`` (see :func:`fill_plan`); with ``resolved`` (a list), the objects
    its readers resolved are noted there (planmemo.reference), and the objects the
    prefill wrote are read from ``pdf`` like the rest."""
    data, reader = _open_update(pdf, base)
    if resolved is not None:
        resolved.append((False, set(), reader))
        _recording(reader, resolved[-1][1])
    root = reader.root_object
    acro = as_dict(root.get("/AcroForm"))
    if acro is None:
        raise FormError("the PDF has no form fields (AcroForm)")
    font = None
    dr = as_dict(acro.get("/DR"))
    for _name, ref in (as_dict(dr.get("/Font")) or {}).items() if dr is not None else []:
        f = ref.get_object()
        if hasattr(ref, "idnum") and (is_winansi_font(f)
                                      or (font is None and is_helvetica(f))):
            font = f"{ref.idnum} {ref.generation} R"
    # font None (not one of our forms): webform.js adds Helvetica (WinAnsi) itself
    prev = last_startxref(data)
    if prev is None:
        raise FormError("no startxref at the end of the PDF")
    if data[prev:prev + 4] == b"xref":
        raise FormError("the online form appends xref streams; this PDF has an xref table")
    out_fields = _field_entries(data, reader, base, {} if resolved is not None else None)
    trailer = {k: _ser(reader.trailer.raw_get(k)) for k in ("/Root", "/Info", "/ID")
               if k in reader.trailer}
    root_ref = reader.trailer.raw_get("/Root")
    size = reader.trailer.get("/Size")
    if not isinstance(size, int):
        raise FormError("the PDF's trailer has no /Size")
    # the page tree and page 1 are the blank's: the prefill's update changes only fields
    if base is not None and data.startswith(base):
        bkey = _digest(base)
        if resolved is not None:
            resolved.append((True, set(), open_pdf(base, key=template_key)[1]))
            pages = _pages_plan(_recording(resolved[-1][2], resolved[-1][1]))
        else:
            if bkey not in _PAGES:
                _remember(_PAGES, bkey, _pages_plan(open_pdf(base, key=template_key)[1]))
            pages = _PAGES[bkey]
    else:
        pages = _pages_plan(reader)
    return {"size": int(size), "prev": prev, "font": font, "pages": pages,
            "trailer": trailer, "catalog": {"num": root_ref.idnum,
                                            "body": _without(root, "/Names", "/AF"),
                                            "names": _without(as_dict(root.get("/Names"))
                                                              or DictionaryObject(),
                                                              "/EmbeddedFiles")},
            "fields": out_fields}


#: a blank form's (bytes, (digest, length, last startxref, trailer)), by its id (the
#: blanks are kept for the build: pdfdraw.blank_pdf)
_BLANK_INFO: dict[int, tuple[bytes, tuple | None]] = {}
#: planmemo.Reference by shape (None: this shape is planned the ordinary way)
_REFERENCES: dict[tuple, Any] = {}
#: how many plans were made the ordinary way from a blank and its updates (the work-count
#: test reads it)
PLANS_MADE = [0]


def _blank_info(blank: bytes) -> tuple | None:
    found = _BLANK_INFO.get(id(blank))
    if found is None or found[0] is not blank:
        startxref = last_startxref(blank)
        info = None
        if startxref is not None:
            _, reader = open_pdf(blank, key=template_key)
            info = (_digest(blank), len(blank), startxref,
                    {k: _ser(reader.trailer.raw_get(k)) for k in ("/Root", "/Info", "/ID")
                     if k in reader.trailer})
        if len(_BLANK_INFO) > 16:
            _BLANK_INFO.clear()
        found = _BLANK_INFO[id(blank)] = (blank, info)
    return found[1]


def _carried_plan(pdf: bytes, base: bytes, blank: bytes) -> dict:
    """:func:`fill_plan` of ``pdf`` (``base`` with updates, itself ``blank`` with
    updates) carried over from the first form of its shape, or made the ordinary way."""
    info = _blank_info(blank)
    updates = planmemo.shape(_ser, pdf, base, *info) if info else None
    if updates is None:
        PLANS_MADE[0] += 1
        return _make_plan(pdf, base)
    ref = _REFERENCES.get(updates.key)
    if ref is not None and ref.holds_for(pdf, updates):
        return dict(ref.plan, size=updates.size, prev=last_startxref(pdf),
                    trailer=dict(updates.trailer))
    PLANS_MADE[0] += 1
    resolved: list = []
    plan = _make_plan(pdf, base, resolved)
    source = fields_source(_digest(base)) if base != blank else (_digest(blank), blank)
    if ref is None and source is not None and source[1] == blank \
            and (plan["size"], plan["trailer"]) == (updates.size, updates.trailer):
        _remember(_REFERENCES, updates.key,
                  planmemo.reference(_ser, plan, pdf, updates, resolved))
    return plan


def _pages_plan(reader) -> dict:
    """What webform.js needs to append pages (the attachments, what to do next) and to write
    on page 1 which attachments follow: the page tree's root (its body without /Kids and
    /Count), page 1 (its body without /Contents and /Resources, its content streams, its
    resources with a ``%FONTS%`` place for one more font) and the page size."""
    root = reader.root_object
    tree_ref = root.raw_get("/Pages")
    tree = tree_ref.get_object()
    first = reader.pages[0]
    first_ref = first.indirect_reference
    contents = first.raw_get("/Contents")
    streams = contents.get_object() if not hasattr(contents, "idnum") else [contents]
    res = DictionaryObject(as_dict(first.get("/Resources")) or {})
    fonts = DictionaryObject(as_dict(res.get("/Font")) or {})
    res.pop(NameObject("/Font"), None)
    inner = _ser(res)
    font_items = _ser(fonts)[2:-2].strip()
    box = [float(v) for v in first.mediabox]
    return {"num": tree_ref.idnum, "body": _without(tree, "/Kids", "/Count"),
            "kids": [_ser(k) for k in tree.raw_get("/Kids")], "count": int(tree["/Count"]),
            "box": [round(box[2] - box[0], 3), round(box[3] - box[1], 3)],
            "first": {"num": first_ref.idnum, "body": _without(first, "/Contents", "/Resources"),
                      "contents": [_ser(c) for c in streams],
                      "resources": inner[:-2].rstrip() + " /Font << " + font_items + " %FONTS% >> >>"}}


_REF = re.compile(r"(\d+) 0 R")
#: keys that lead out of a page's drawing (the page tree, the structure tree, annotations)
_NOT_DRAWING = {"/Parent", "/P", "/StructTreeRoot", "/Annots", "/StructParent", "/StructParents"}


class _Drawing:
    """The objects a PDF's pages draw with, in the order first met, walked from the pages'
    resources and contents (never out of the drawing, :data:`_NOT_DRAWING`)."""

    def __init__(self) -> None:
        self.order: list[int] = []
        self.seen: set[int] = set()

    def walk(self, obj) -> None:
        if hasattr(obj, "idnum"):
            if obj.idnum in self.seen:
                return
            self.seen.add(obj.idnum)
            self.order.append(obj.idnum)
            obj = obj.get_object()
        if isinstance(obj, DictionaryObject):  # a stream is a dictionary too
            for k in obj:
                if k not in _NOT_DRAWING:
                    self.walk(obj.raw_get(k))
        elif isinstance(obj, list):
            for x in obj:
                self.walk(x)


def _widget_places(reader) -> dict[int, tuple[int, list[float]]]:
    """Widget object number -> (its page, from 0; its /Rect)."""
    places: dict[int, tuple[int, list[float]]] = {}
    for i, page in enumerate(reader.pages):
        for ref in page.get("/Annots") or []:
            w = ref.get_object()
            if w.get("/Subtype") == "/Widget" and hasattr(ref, "idnum"):
                places[ref.idnum] = (i, [float(v) for v in w["/Rect"]])
    return places


def _import_widgets(data: bytes, reader, drawing: _Drawing) -> list[dict]:
    """Each placed text and checkbox widget: its field, page, place and geometry; a text
    widget's /DA, a checkbox's on and off appearances (their objects added to ``drawing``,
    by their original numbers)."""
    places = _widget_places(reader)
    widgets = []
    for f in _fields_with_objects(data, reader):
        if f.kind not in ("text", "checkbox"):
            continue
        for wid, w in zip(f.widget_ids, f.widgets, strict=False):
            if wid not in places:
                continue
            page_no, rect = places[wid]
            entry = {"field": f.name, "kind": f.kind, "page": page_no, "x": min(rect[0], rect[2]),
                     "y": min(rect[1], rect[3]), **_widget(w)}
            if f.kind == "text":
                entry.update(da=str(w.get("/DA", f.da)), multiline=f.multiline)
            else:
                n = normal_appearance(w)
                refs = {}
                for state in ("Off", *(f.states[:1] or ["Yes"])):
                    raw = n.raw_get("/" + state) if isinstance(n, DictionaryObject) and "/" + state in n else None
                    if isinstance(raw, IndirectObject):
                        drawing.walk(raw)
                        refs["off" if state == "Off" else "on"] = raw.idnum
                entry["ap"] = refs
            widgets.append(entry)
    return widgets


def _import_objects(data: bytes, reader, order: list[int], ser: Callable[[Any], str]) -> list[dict]:
    """The objects numbered ``order``, each a body; a stream's data as its byte range in
    ``data`` (checked to be there)."""
    objects = []
    for orig in order:
        obj = reader.get_object(orig)
        if hasattr(obj, "get_data") and isinstance(obj, DictionaryObject):
            raw = raw_stream_bytes(obj)
            head = DictionaryObject(obj)
            head[NameObject("/Length")] = NumberObject(len(raw))
            at = data.find(b"stream", reader.xref[0][orig]) + len(b"stream")
            at += 2 if data[at:at + 2] == b"\r\n" else 1
            if data[at:at + len(raw)] != raw:
                raise FormError(f"object {orig}: its stream data is not where the file says")
            objects.append({"body": ser(head), "range": [at, at + len(raw)]})
        else:
            objects.append({"body": ser(obj)})
    return objects


def _import_resources(res, ser: Callable[[Any], str]) -> str:
    """A page's resources as a direct dictionary with a place for more fonts (``%FONT%``)
    and XObjects (``%XOBJ%``)."""
    d = DictionaryObject(as_dict(res) or {})
    inner = {}
    for key in ("/Font", "/XObject"):
        sub = d.raw_get(key) if key in d else None
        inner[key] = ser(DictionaryObject(as_dict(sub) or {}))[2:-2].strip()
        d.pop(NameObject(key), None)
    rest = ser(d)[:-2].rstrip()
    return (f"{rest} /Font << {inner['/Font']} %FONT% >> "
            f"/XObject << {inner['/XObject']} %XOBJ% >> >>")


def page_import(pdf: bytes) -> dict:
    """What webform.js needs to print our fullmakt (filled on the page) as pages after the
    application, flattened: every object its pages draw with, numbered 0, 1 ... (``k 0 R``
    in a body is object ``k``; webform.js renumbers them), a stream's data as the byte range
    of the fullmakt PDF the page has loaded anyway; per page its resources and contents; per
    widget its field, page, place and geometry, and for a checkbox its on and off
    appearances.  webform.js draws each widget's appearance into the page (fields on the
    printed copy could collide with the application's)."""
    return _page_import(pdf)[0]


def _page_import(pdf: bytes) -> tuple[dict, list[int]]:
    """:func:`page_import` and the objects' numbers in ``pdf``, in its order."""
    data, reader = open_pdf(pdf, key=template_key)
    drawing = _Drawing()
    pages = []
    for page in reader.pages:
        res, contents = page.raw_get("/Resources"), page.raw_get("/Contents")
        drawing.walk(res)
        drawing.walk(contents)
        box = [float(v) for v in page.mediabox]
        pages.append({"res": res, "contents": contents, "box": [box[2] - box[0], box[3] - box[1]]})
    widgets = _import_widgets(data, reader, drawing)
    number = {orig: k for k, orig in enumerate(drawing.order)}

    def ser(obj) -> str:
        return _REF.sub(lambda m: f"{number[int(m.group(1))]} 0 R", _ser(obj))

    objects = _import_objects(data, reader, drawing.order, ser)
    for w in widgets:
        if "ap" in w:
            w["ap"] = {k: number[v] for k, v in w["ap"].items()}
    return {"objects": objects, "widgets": widgets,
            "pages": [{"res": _import_resources(p["res"], ser), "contents": ser(p["contents"]),
                       "box": p["box"]} for p in pages]}, drawing.order


def _variant_import(pdf: bytes) -> dict | None:
    """:func:`page_import` of a PDF that is another's variant (:func:`ipforms.forms.acroform.
    variant_of`: the privacy line for another address): the other's, with the objects that
    differ, and the streams that moved, taken from ``pdf``; None when it is no variant."""
    found = variant_of(_digest(pdf))
    if found is None:
        return None
    other, differing = found
    okey = _digest(other)
    if okey not in _IMPORTS:
        _remember(_IMPORTS, okey, _page_import(other))
    base, order = _IMPORTS[okey]
    data, reader = open_pdf(pdf, key=_digest)
    _, other_reader = open_pdf(other, key=_digest)
    number = {orig: k for k, orig in enumerate(order)}

    def ser(obj) -> str:
        return _REF.sub(lambda m: f"{number[int(m.group(1))]} 0 R", _ser(obj))

    objects = list(base["objects"])
    for k, orig in enumerate(order):
        moved = reader.xref[0].get(orig) != other_reader.xref[0].get(orig)
        if orig in differing or (moved and "range" in objects[k]):
            obj, was = reader.get_object(orig), other_reader.get_object(orig)
            if obj is None or was is None or sorted(_REF.findall(_ser(obj))) != sorted(_REF.findall(_ser(was))):
                return None  # other references: another drawing
            objects[k] = _import_objects(data, reader, [orig], ser)[0]
    return dict(base, objects=objects)


def imports_of(source: bytes) -> dict:
    """:func:`page_import` of ``source``, once per worker for the same bytes."""
    key = _digest(source)
    if key in _IMPORTS:
        return _IMPORTS[key][0]
    if key not in _VARIANT_IMPORTS:
        imported = _variant_import(source)
        if imported is None:  # read whole (its variants are made from it)
            _remember(_IMPORTS, key, _page_import(source))
            return _IMPORTS[key][0]
        if len(_VARIANT_IMPORTS) >= 8:
            _VARIANT_IMPORTS.pop(next(iter(_VARIANT_IMPORTS)))
        _VARIANT_IMPORTS[key] = imported
    return _VARIANT_IMPORTS[key]
