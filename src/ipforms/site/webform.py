"""The online form ("Fyll ut på nett"): one HTML page per municipality, form and language
that checks the answers in the browser and makes the filled PDF on the citizen's device.

Everything the browser needs is generated here at build time from the single sources,
so nothing is kept twice by hand:

* the form definitions (``forms/definitions/*.yml``): fields, types, labels, help,
  ``required`` / ``required_when``, maximum lengths;
* the report messages (``resources/messages.yml``) that ``ipforms validate`` uses, with
  every field's «label» (section) as validation writes it;
* the signing table (``resources/signing.yml``, :func:`ipforms.core.signing.export`) and the
  rules' parameters (``resources/checks.yml``, :func:`ipforms.checks.rules.params`): webform.js
  is a port of :func:`ipforms.checks.rules.check_application` that takes every threshold,
  field list, severity and message code from them;
* a *fill plan* (:func:`fill_plan`) read from the very PDF the site publishes: each
  field's object number and dictionary (without ``/V``, ``/AP``, ``/AS``), its widgets'
  size, border and colours, the WinAnsi font in ``/DR`` (our embedded Liberation Sans),
  the Liberation Sans widths of the WinAnsi characters, the trailer and ``startxref``.  ``webform.js`` appends new
  field objects with ``/V`` and appearance streams and an xref stream with ``/Prev``,
  exactly as :mod:`ipforms.forms.incremental` does: the PDF's own bytes are kept.

The page works without JavaScript too: it then offers the PDF and the postal address.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import html
import io
import json
import re
from importlib import resources
from pathlib import Path

from collections.abc import Mapping
from typing import Any

from babel.dates import get_month_names
from pypdf.generic import DictionaryObject, IndirectObject, NameObject, NumberObject, PdfObject

from ..core.files import load_yaml
from ..checks import messages, rules
from ..checks.validate import attachment_rules
from ..core.lang import EXTRA_LANGS, extra_text
from ..core.laws import with_citations
from ..core import signing
from ..core.errors import FormError
from ..core.municipality import EMAIL_RE, Municipality
from ..core import services
from ..core.services import SERVICES
from ..forms import appearance
from ..forms.printpages import WORDS as PRINT_WORDS
from ..forms.attach import DESCRIPTIONS as ATTACH_DESCRIPTIONS, FILE_NAMES
from ..forms.acroform import (FF_COMB, PdfField, _make_field, as_dict, fields,
                               normal_appearance, open_pdf)
from ..forms.fill import (MUNICIPALITY_FIELDS, SERVICE_FIELDS, municipality_values,
                          template_key)
from ..forms.formdef import NORWAY, FormDef, load_form
from ..forms.incremental import _STARTXREF
from ..forms.pypdf_internals import UpdateXrefReader
from .pages import PRIVACY_PAGE, form_path, relative_url, script_safe

ASSETS = ("webform.js", "webform.css")
#: libraries the page loads only when a chosen file needs them (see webform/vendor/README.md),
#: written beside webform.js with their licences
VENDORED = ("pdf-lib.min.js", "pdf-lib.LICENSE.md", "utif.js", "utif.LICENSE")
#: the small modules the served webform.js is joined from, in order (each has its own Node
#: test in tests/js/; webform.js, the page, rules and PDF writer, comes last and uses them)
JS_MODULES = ("dates.js", "store.js", "steps.js", "summary.js", "webform.js")
#: message codes the browser renders (all others stay with `ipforms validate`)
_MESSAGE_PREFIXES = ("attachment.file_", "field.", "services.", "sign.", "due_date.", "youth.", "fullmakt.",
                     "signing.", "verge.", "barnekoordinator.", "service.", "word.and", "form.", "age.",
                     "consent.", "hint.", "citizen.", "person.", "text.")
#: bytes of the largest PDF ipforms validate reads kept for the form itself (the application,
#: a fullmakt filled on the page, the font subset: about 300 kB); the files a citizen adds
#: may fill the rest
FORM_RESERVE = 1 << 20
_ROLE_PAGE = {"soknad": None, "individuell-plan": "individuell-plan",
              "koordinator": "koordinator", "barnekoordinator": "barnekoordinator"}


@functools.lru_cache(maxsize=1)
def texts() -> dict[str, dict[str, str]]:
    src = resources.files("ipforms").joinpath("site/webform/texts.yml").read_text("utf-8")
    return load_yaml(src)


def text(key: str, lang: str, **params: str) -> str:
    t = extra_text(f"webform.{key}", lang) if lang in EXTRA_LANGS else texts()[key][lang]
    return t.format(**params) if params else t


def _source(name: str) -> bytes:
    return resources.files("ipforms").joinpath(f"site/webform/{name}").read_bytes()


def asset(name: str) -> bytes:
    """A file the form pages load; ``webform.js`` is :data:`JS_MODULES` joined in one scope
    (one request, no globals, no build tool: the modules are plain ES5)."""
    if name != "webform.js":
        return _source(name)
    parts = [f"/* --- {m} --- */\n".encode() + _source(m) for m in JS_MODULES]
    return b"(function () {\n" + b"\n".join(parts) + b"\n})();\n"


def page_path(key: str, lang: str) -> str:
    """``skjema/soknad-koordinator-nn.html`` beside ``skjema/soknad-koordinator-nn.pdf``."""
    return form_path(key, lang).removesuffix(".pdf") + ".html"


# --- the fill plan ----------------------------------------------------------------------------

def _ser(obj: PdfObject) -> str:
    """A PDF object's bytes as a string of code points 0-255 (JSON-safe, byte-exact)."""
    buf = io.BytesIO()
    obj.write_to_stream(buf)
    return buf.getvalue().decode("latin-1")


def _without(d: DictionaryObject, *keys: str) -> str:
    copy = DictionaryObject(d)
    for k in keys:
        copy.pop(NameObject(k), None)
    return _ser(copy)


def _widget(w: DictionaryObject) -> dict:
    from ..forms.fill import _geometry

    width, height, mk, border, _ = _geometry(w)  # our forms: never turned
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
    for wid, w in zip(f.widget_ids, f.widgets):
        wd = _widget(w)
        wd["num"] = wid
        if not merged:
            wd["body"] = _without(w, *widget_keys)
        entry["widgets"].append(wd)
    return entry


def _planned(f: PdfField) -> bool:
    return f.kind in ("text", "checkbox", "radio") and f.obj_id is not None


#: what a plan takes from a blank form, read once per blank and worker (keyed by a digest
#: of its bytes, as :func:`ipforms.forms.fill.fill_pdf` keeps its field index): each planned
#: field, without its objects (only their numbers), and its entry in the plan
_BLANK_FIELDS: dict[bytes, list[tuple[PdfField, dict]]] = {}
#: whole plans by a digest of the PDF's bytes (a blank form published as it is)
_PLANS: dict[bytes, dict] = {}
#: page_import() of a blank form, by its digest (once per worker)
_IMPORTS: dict[bytes, dict] = {}
#: _pages_plan() of a blank form, by its digest
_PAGES: dict[bytes, dict] = {}
#: how many times a form's fields were read whole for a plan (the work-count test reads it)
FIELD_READS = [0]


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def _remember(cache: dict, key: bytes, value) -> None:
    if len(cache) > 64:  # a few blank forms per build: never grows with the municipalities
        cache.clear()
    cache[key] = value


def _all_fields(reader) -> list[tuple[PdfField, dict]]:
    FIELD_READS[0] += 1
    return [(f, _field_entry(f)) for f in fields(reader) if _planned(f)]


def _blank_fields(base: bytes) -> list[tuple[PdfField, dict]]:
    key = _digest(base)
    found = _BLANK_FIELDS.get(key)
    if found is None:
        _, reader = open_pdf(base, key=template_key)  # its xref remembered: _open_update
        found = [(dataclasses.replace(f, obj=DictionaryObject(), widgets=[]), entry)
                 for f, entry in _all_fields(reader)]
        _remember(_BLANK_FIELDS, key, found)
    return found


def _updated_objects(data: bytes, reader, base: bytes) -> set[int] | None:
    """The numbers of the objects that the updates after ``base`` write, when ``data`` is
    ``base`` with incremental updates appended (else None)."""
    if not data.startswith(base):
        return None
    return {num for by_num in reader.xref.values() for num, offset in by_num.items()
            if offset >= len(base)}


def _field_entries(data: bytes, reader, base: bytes | None) -> list[dict]:
    """The plan's fields; with ``base``, the entries of fields whose objects the update
    leaves alone come from the blank's (read once), and only the others are read."""
    updated = _updated_objects(data, reader, base) if base is not None else None
    if base is None or updated is None:
        return [entry for _, entry in _all_fields(reader)]
    acro = as_dict(reader.root_object.get("/AcroForm"))
    default_da = str(acro.get("/DA", "")) if acro is not None else ""
    out = []
    for f, entry in _blank_fields(base):
        if f.obj_id in updated or updated.intersection(f.widget_ids):
            obj = reader.get_object(f.obj_id)
            widgets = [obj if wid == f.obj_id else reader.get_object(wid)
                       for wid in f.widget_ids]
            entry = _field_entry(_make_field(f.name, obj, widgets, default_da))
        out.append(entry)
    return out


def _open_update(pdf: bytes, base: bytes | None):
    """``open_pdf(pdf)``; when ``pdf`` is ``base`` with updates appended, the base's
    cross-reference sections are taken as read before (only the updates' are parsed)."""
    if base is not None and pdf.startswith(base) and len(pdf) > len(base):
        m = _STARTXREF.search(base[-1024:])
        if m:
            try:
                reader = UpdateXrefReader(io.BytesIO(pdf), len(base), int(m.group(1)),
                                          template_key(base), strict=False)
                reader.trailer["/Root"].get_object()
                return pdf, reader
            except Exception:  # noqa: BLE001 - read it the usual way, which says what is wrong
                pass
    return open_pdf(pdf)


def fill_plan(pdf: bytes, base: bytes | None = None) -> dict:
    """What webform.js needs to fill ``pdf`` (one of our prefilled forms) by appending an
    incremental update; see the module docstring.

    ``base``: the blank form that ``pdf`` was prefilled from (``pdf`` is ``base`` and an
    incremental update).  The fields the update leaves alone are then planned from the
    blank's fields, read once per blank; a PDF planned before is not read again."""
    key = _digest(pdf)
    if key in _PLANS:
        return _PLANS[key]
    data, reader = _open_update(pdf, base)
    root = reader.root_object
    acro = as_dict(root.get("/AcroForm"))
    if acro is None:
        raise FormError("the PDF has no form fields (AcroForm)")
    font = None
    dr = as_dict(acro.get("/DR"))
    for name, ref in (as_dict(dr.get("/Font")) or {}).items() if dr is not None else []:
        f = ref.get_object()
        if hasattr(ref, "idnum") and (appearance.is_winansi_font(f)
                                      or (font is None and appearance.is_helvetica(f))):
            font = f"{ref.idnum} {ref.generation} R"
    # font None (not one of our forms): webform.js adds Helvetica (WinAnsi) itself
    m = _STARTXREF.search(data[-1024:])
    if not m:
        raise FormError("no startxref at the end of the PDF")
    prev = int(m.group(1))
    if data[prev:prev + 4] == b"xref":
        raise FormError("the online form appends xref streams; this PDF has an xref table")
    out_fields = _field_entries(data, reader, base)
    trailer = {k: _ser(reader.trailer.raw_get(k)) for k in ("/Root", "/Info", "/ID")
               if k in reader.trailer}
    root_ref = reader.trailer.raw_get("/Root")
    size = reader.trailer.get("/Size")
    if not isinstance(size, int):
        raise FormError("the PDF's trailer has no /Size")
    # the page tree and page 1 are the blank's: the prefill's update changes only fields
    if base is not None and data.startswith(base):
        bkey = _digest(base)
        if bkey not in _PAGES:
            _remember(_PAGES, bkey, _pages_plan(open_pdf(base)[1]))
        pages = _PAGES[bkey]
    else:
        pages = _pages_plan(reader)
    plan = {"size": int(size), "prev": prev, "font": font, "pages": pages,
            "trailer": trailer, "catalog": {"num": root_ref.idnum,
                                            "body": _without(root, "/Names", "/AF"),
                                            "names": _without(as_dict(root.get("/Names"))
                                                              or DictionaryObject(),
                                                              "/EmbeddedFiles")},
            "fields": out_fields}
    _remember(_PLANS, key, plan)
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


def page_import(pdf: bytes) -> dict:
    """What webform.js needs to print our fullmakt (filled on the page) as pages after the
    application, flattened: every object its pages draw with, numbered 0, 1 ... (``k 0 R``
    in a body is object ``k``; webform.js renumbers them), a stream's data as the byte range
    of the fullmakt PDF the page has loaded anyway; per page its resources and contents; per
    widget its field, page, place and geometry, and for a checkbox its on and off
    appearances.  webform.js draws each widget's appearance into the page (fields on the
    printed copy could collide with the application's)."""
    from ..forms.pypdf_internals import raw_stream_bytes

    data, reader = open_pdf(pdf)
    order: list[int] = []
    seen: set[int] = set()

    def walk(obj) -> None:
        if hasattr(obj, "idnum"):
            if obj.idnum in seen:
                return
            seen.add(obj.idnum)
            order.append(obj.idnum)
            obj = obj.get_object()
        if isinstance(obj, DictionaryObject):  # a stream is a dictionary too
            for k in obj:
                if k not in _NOT_DRAWING:
                    walk(obj.raw_get(k))
        elif isinstance(obj, list):
            for x in obj:
                walk(x)

    pages = []
    for page in reader.pages:
        res, contents = page.raw_get("/Resources"), page.raw_get("/Contents")
        walk(res)
        walk(contents)
        box = [float(v) for v in page.mediabox]
        pages.append({"res": res, "contents": contents, "box": [box[2] - box[0], box[3] - box[1]]})
    places: dict[int, tuple[int, list[float]]] = {}
    for i, page in enumerate(reader.pages):
        for ref in page.get("/Annots") or []:
            w = ref.get_object()
            if w.get("/Subtype") == "/Widget" and hasattr(ref, "idnum"):
                places[ref.idnum] = (i, [float(v) for v in w["/Rect"]])
    widgets = []
    for f in fields(reader):
        if f.kind not in ("text", "checkbox"):
            continue
        for wid, w in zip(f.widget_ids, f.widgets):
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
                        walk(raw)
                        refs["off" if state == "Off" else "on"] = raw.idnum
                entry["ap"] = refs
            widgets.append(entry)
    number = {orig: k for k, orig in enumerate(order)}

    def ser(obj) -> str:
        return _REF.sub(lambda m: f"{number[int(m.group(1))]} 0 R", _ser(obj))

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
    for w in widgets:
        if "ap" in w:
            w["ap"] = {k: number[v] for k, v in w["ap"].items()}
    def resources(res) -> str:
        """The page's resources as a direct dictionary with a place for more fonts
        (``%FONT%``) and XObjects (``%XOBJ%``)."""
        d = DictionaryObject(as_dict(res) or {})
        inner = {}
        for key in ("/Font", "/XObject"):
            sub = d.raw_get(key) if key in d else None
            inner[key] = ser(DictionaryObject(as_dict(sub) or {}))[2:-2].strip()
            d.pop(NameObject(key), None)
        rest = ser(d)[:-2].rstrip()
        return (f"{rest} /Font << {inner['/Font']} %FONT% >> "
                f"/XObject << {inner['/XObject']} %XOBJ% >> >>")

    return {"objects": objects, "widgets": widgets,
            "pages": [{"res": resources(p["res"]), "contents": ser(p["contents"]), "box": p["box"]}
                      for p in pages]}


@functools.lru_cache(maxsize=1)
def winansi_widths() -> list[list]:
    """``[char, byte, width]`` for every WinAnsi character (widths from Liberation Sans)."""
    return [[ch, ord(ch.encode(appearance.ENCODING)), round(w, 3)]
            for ch, w in sorted(appearance._widths().items())]


# --- the data a page carries ----------------------------------------------------------------

def form_data(form: FormDef, lang: str) -> dict:
    sections = []
    for s in form.sections:
        sections.append({
            "id": s.id, "title": s.title(lang), "text": s.text(lang) if s.text else "",
            "fields": [{
                "id": f.id, "type": f.type, "label": f.label(lang),
                "help": f.help(lang) if f.help else "", "required": f.required,
                "when": ({"field": f.required_when.field, "in": f.required_when.in_}
                         if f.required_when else None),
                "max": f.maxlen, "readonly": f.readonly, "lines": f.lines, "country": f.country,
                # labels: what the rules accept in place of the id (rules.normalise), both languages
                "options": [{"id": o.id, "label": o.label(lang), "labels": [o.label.nb, o.label.nn]}
                            for o in f.options],
                "ref": messages.field_label(f"{form.id}:{f.id}", lang),
            } for f in s.fields]})
    return {"id": form.id, "title": form.title(lang), "intro": form.intro(lang) if form.intro
            else "", "sections": sections}


#: CLDR territory codes that are no country to live in (Norway itself comes first)
_NOT_COUNTRIES = {"NO", "ZZ", "AQ", "BV", "HM", "UM", "EU", "EZ", "UN", "QO", "XA", "XB"}


def countries(lang: str) -> list[str]:
    """The country names a citizen picks from for an address, in ``lang`` (CLDR, via Babel):
    Norway first (its value is left empty in the PDF, as on paper), then the others in
    alphabetical order; territories without people are left out."""
    from babel import Locale

    loc = Locale.parse(lang)
    names = {code: name for code, name in loc.territories.items()
             if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES}
    return [loc.territories["NO"]] + sorted(set(names.values()), key=_collate)


def _collate(name: str) -> tuple:
    """Norwegian alphabetical order (Æ, Ø, Å last) well enough for a list of country names."""
    order = {"æ": "{0", "ø": "{1", "å": "{2"}
    key = "".join(order.get(ch, ch) for ch in name.casefold())
    import unicodedata
    return (unicodedata.normalize("NFKD", key).encode("ascii", "ignore").decode(), name)


def message_data(lang: str) -> dict[str, str]:
    """The report messages the browser shows, their ``{law:...}`` citations put in as
    ``ipforms validate`` does (messages.text)."""
    return {code: with_citations(t[lang], lang) for code, t in messages.catalogue().items()
            if code.startswith(_MESSAGE_PREFIXES)}


def signing_data(lang: str) -> dict:
    data = signing.export()
    data["phrases"] = {pid: {"title": p["title"][lang], "text": signing.fill(p["page"][lang], lang)}
                       for pid, p in data["phrases"].items()}
    return data


def _js_regex(rx: re.Pattern) -> str:
    return rx.pattern  # the patterns used here mean the same in JavaScript


#: the parts of a page's data that depend only on the language and the form definitions
#: (the same for every municipality): made once per worker, and their JSON with them
_SHARED: dict[tuple[str, str], tuple[tuple, dict]] = {}


def _shared(lang: str, form_id: str) -> dict:
    defs = (load_form(form_id),) + ((load_form("fullmakt"),) if form_id == "soknad" else ())
    found = _SHARED.get((lang, form_id))
    if found is not None and all(a is b for a, b in zip(found[0], defs, strict=True)):
        return found[1]
    forms = {form_id: form_data(defs[0], lang)}
    if form_id == "soknad":
        forms["fullmakt"] = form_data(defs[1], lang)
    part = {
        "forms": forms,
        "readonly": list(MUNICIPALITY_FIELDS) if form_id == "soknad" else [],
        "offered": [services.key(s) for s in SERVICES],
        "messages": message_data(lang),
        "months": [get_month_names("wide", locale=lang)[i] for i in range(1, 13)],
        # an address abroad: the country list (Norway first) and what names Norway
        "countries": countries(lang), "norway": list(NORWAY),
        # the rules' parameters, as ipforms validate reads them (resources/checks.yml)
        "rules": {**rules.params(), "name_fold": rules.name_fold(),
                  "name_space": rules.NAME_SPACE},
        "signing": signing_data(lang),
        # the attachment pages' words are those of ipforms fill (forms.printpages): one source
        "texts": {**{k: with_citations(v[lang], lang) for k, v in texts().items()},
                  **{f"attachment_{k}": w for k, w in PRINT_WORDS.get(lang, PRINT_WORDS["nb"]).items()}},
        # files the citizen adds (a vergefullmakt, a signed fullmakt): what is accepted, by
        # content, and the limits, as ipforms validate reads them; how they are named
        "attach": {**attachment_rules(), "room": attachment_rules()["max_file_bytes"] - FORM_RESERVE,
                   "desc": {k: d[lang] for k, d in ATTACH_DESCRIPTIONS.items()},
                   "names": {k: n[lang] for k, n in FILE_NAMES.items()}},
    }
    _SHARED[(lang, form_id)] = (defs, part)
    return part


def page_data(m: Municipality, lang: str, key: str, plans: dict[str, dict],
              pdf_names: dict[str, str]) -> dict:
    """The JSON a form page carries: form(s), messages, signing table, fill plans."""
    form_id = "fullmakt" if key == "fullmakt" else "soknad"
    prefill: dict[str, object] = {}
    if form_id == "soknad":
        prefill.update(municipality_values(m, lang))
        if key in SERVICE_FIELDS:
            prefill[SERVICE_FIELDS[key]] = True
    shared = _shared(lang, form_id)
    return {
        "lang": lang, "key": key, "form": form_id, "forms": shared["forms"],
        "prefill": prefill, "readonly": shared["readonly"],
        "offered": shared["offered"],
        "messages": shared["messages"],
        "months": shared["months"],
        "countries": shared["countries"], "norway": shared["norway"],
        "email_re": _js_regex(EMAIL_RE),
        "rules": shared["rules"],
        "signing": shared["signing"],
        "texts": shared["texts"],
        "attach": shared["attach"],
        "pdf": pdf_names, "plans": plans, "widths": winansi_widths(),
        "unifont": unicode_font(),
        "filename": f"{'fullmakt' if key == 'fullmakt' else 'soknad'}-"
                    f"{'' if key in ('soknad', 'fullmakt') else key + '-'}{m.slug}.pdf",
        # how to send it: the municipality's channels, as its pages list them
        # a secure digital channel first when there is one (never e-mail), then the others
        "contact": {"channels": m.channel_lines(lang),
                    "digital": ({"name": m.channels.digital.name(lang),
                                 "url": str(m.channels.digital.url)}
                                if m.channels.digital else None)},
    }


#: JSON of values many pages share (the parts from :func:`_shared`, the fonts, the fill
#: plans), by the value's identity; the value is kept with it, so that identity stays its
_JSON_MEMO: dict[int, tuple[object, str]] = {}
_JSON_SHARED = ("forms", "readonly", "offered", "messages", "months", "countries", "norway",
                "rules", "signing", "texts", "attach", "widths", "unifont")


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _dumps_shared(value: object) -> str:
    found = _JSON_MEMO.get(id(value))
    if found is not None and found[0] is value:
        return found[1]
    if len(_JSON_MEMO) > 256:
        _JSON_MEMO.clear()
    text = _dumps(value)
    _JSON_MEMO[id(value)] = (value, text)
    return text


def page_json(data: dict) -> str:
    """``json.dumps(data, ensure_ascii=False, separators=(",", ":"))`` of a page's data
    (:func:`page_data`), the same characters, with the shared parts serialised once."""
    parts = []
    for k, v in data.items():
        if k in _JSON_SHARED:
            text = _dumps_shared(v)
        elif k == "plans" and isinstance(v, dict):
            text = "{" + ",".join(f"{_dumps(name)}:{_dumps_shared(plan)}"
                                  for name, plan in v.items()) + "}"
        else:
            text = _dumps(v)
        parts.append(f"{_dumps(k)}:{text}")
    return "{" + ",".join(parts) + "}"


# --- the page ---------------------------------------------------------------------------------

def _e(s: object) -> str:
    return html.escape(str(s), quote=True)


def render_page(m: Municipality, lang: str, key: str, data: dict, pdf_file: str) -> str:
    """The HTML of one form page (``data`` from :func:`page_data`)."""
    form = data["forms"][data["form"]]
    here = page_path(key, lang)
    home = m.lang_prefix(lang)  # the municipality's own standard is at the site root
    back_page = _ROLE_PAGE.get(key)
    back_url = relative_url(here, home + (f"{back_page}/" if back_page else ""))
    back_name = form["title"] if back_page is None else {
        "individuell-plan": "Individuell plan", "koordinator": "Koordinator",
        "barnekoordinator": "Barnekoordinator"}[back_page]
    u = m.unit
    blob = script_safe(page_json(data))
    paper = text("paper_text", lang, address=_e(u.postal_address.one_line()), unit=_e(u.name(lang)))
    privacy = ""
    if m.privacy is not None:  # the privacy page (GDPR art. 13) of this standard
        href = relative_url(here, f"{home}{PRIVACY_PAGE}/")
        privacy = f' <a href="{_e(href)}" class="ipf-privacy">{_e(text("privacy_link", lang))}</a>.'
    noscript = text("noscript", lang, address=_e(u.postal_address.one_line()))
    other = "nn" if lang == "nb" else "nb"
    other_page = Path(page_path(key, other)).name  # beside this page; the answers come along
    return f"""<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(text('page_title', lang))}: {_e(form['title'])} – {_e(m.name(lang))}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="webform.css">
</head>
<body>
<a class="ipf-skip" href="#ipf-main">{_e(text('skip', lang))}</a>
<header class="ipf-header"><p><a href="{_e(back_url)}">{_e(text('back', lang, page=back_name))}</a>
 · {_e(m.name(lang))}
 · <a href="{_e(other_page)}" hreflang="{other}" id="ipf-lang"><span lang="{other}">{_e(text('other_lang', lang))}</span></a></p></header>
<main id="ipf-main" tabindex="-1">
<h1 id="ipf-h1">{_e(form['title'])}</h1>
<p class="ipf-lead">{_e(text('page_title', lang))}. {_e(text('privacy', lang))}{privacy}</p>
<section class="ipf-paper" aria-labelledby="ipf-paper-h">
<h2 id="ipf-paper-h">{_e(text('paper_title', lang))}</h2>
<p>{paper}</p>
<p><a href="{_e(pdf_file)}" type="application/pdf" download>{_e(text('paper_link', lang))}</a></p>
</section>
<noscript><p class="ipf-noscript">{noscript}</p></noscript>
<div id="ipf-app" data-state="loading"></div>
</main>
<script id="ipf-data" type="application/json">{blob}</script>
<script src="webform.js"></script>
</body>
</html>
"""


def site_webforms(m: Municipality, lang: str, pdfs: dict[str, bytes],
                  bases: Mapping[str, bytes] | None = None) -> dict[str, bytes]:
    """The online form pages for ``m`` in ``lang`` (one per PDF the site publishes), and
    the shared script and style sheet; ``pdfs`` is what :func:`site_forms` made, ``bases``
    the blank form each was prefilled from (:func:`site_form_bases`): the plans then read
    only what the prefill changed."""
    out: dict[str, bytes] = {}
    plans_cache: dict[str, dict] = {}
    imports_cache: dict[str, dict] = {}

    def imports(path: str) -> dict:
        # the pages' drawing is the blank form's (the prefill appends an update that
        # changes only fields, which webform.js draws itself), and the byte ranges of the
        # blank's streams hold in the prefilled PDF, which begins with the blank's bytes
        if path not in imports_cache:
            base = (bases or {}).get(path)
            source = base if base is not None and pdfs[path].startswith(base) else pdfs[path]
            key = _digest(source)
            if key not in _IMPORTS:
                _remember(_IMPORTS, key, page_import(source))
            imports_cache[path] = _IMPORTS[key]
        return imports_cache[path]

    def plan(path: str) -> dict:
        if path not in plans_cache:
            plans_cache[path] = fill_plan(pdfs[path], (bases or {}).get(path))
        return plans_cache[path]

    fullmakt_pdf = form_path("fullmakt", lang)
    keys = ["soknad"] + list(SERVICES) + ["fullmakt"]
    for key in keys:
        pdf_path = form_path(key, lang)
        if pdf_path not in pdfs:
            continue
        names = {"soknad" if key != "fullmakt" else "fullmakt": Path(pdf_path).name}
        plans = {("fullmakt" if key == "fullmakt" else "soknad"): plan(pdf_path)}
        if key != "fullmakt":
            names["fullmakt"] = Path(fullmakt_pdf).name
            # the fullmakt filled on the page is also printed after the application
            plans["fullmakt"] = dict(plan(fullmakt_pdf), imports=imports(fullmakt_pdf))
        data = page_data(m, lang, key, plans, names)
        out[page_path(key, lang)] = render_page(m, lang, key, data,
                                                Path(pdf_path).name).encode("utf-8")
    for name in ASSETS:
        out[f"skjema/{name}"] = asset(name)
    for name in VENDORED:
        out[f"skjema/{name}"] = asset(f"vendor/{name}")
    return out


#: characters beyond WinAnsi the online form can draw, where Liberation Sans has them: Latin
#: Extended-A and -B (Sámi á č đ ŋ š ŧ ž ʒ ǯ ǥ ǧ ǩ; Finnish, Baltic, Central European
#: letters), Greek, Cyrillic, Latin Extended Additional, general punctuation (about 200 glyphs
#: beyond WinAnsi, 25 kB compressed)
UNICODE_RANGES = ((0x100, 0x250), (0x292, 0x293), (0x370, 0x500), (0x1E00, 0x1F00),
                  (0x2000, 0x2070))
UNICODE_CHARS = "".join(chr(c) for a, b in UNICODE_RANGES for c in range(a, b))


@functools.lru_cache(maxsize=1)
def unicode_font() -> dict:
    """A Liberation Sans subset (WinAnsi + :data:`UNICODE_CHARS`) as ready PDF objects, built
    by :func:`ipforms.forms.unifont.build_font`: object 0 is the Type0 font; ``k 0 R`` in a
    body refers to object ``k`` (webform.js renumbers them).  Streams' data in base64."""
    import base64

    from pypdf.generic import IndirectObject, NumberObject, StreamObject

    from ..forms import unifont

    data = unifont.font_data()
    winansi = {ch for ch, _, _ in winansi_widths()}
    chars = winansi | {ch for ch in UNICODE_CHARS if ch in data.gids}
    objs: list = []

    def add(obj):
        objs.append(obj)
        return IndirectObject(len(objs), 0, None)

    target = DictionaryObject()
    unifont.build_font(target, chars, add)
    out = []
    for obj in [target, *objs]:
        if isinstance(obj, StreamObject):
            raw = obj._data
            head = DictionaryObject(obj)
            head[NameObject("/Length")] = NumberObject(len(raw))
            out.append({"body": _ser(head), "data": base64.b64encode(raw).decode()})
        else:
            out.append({"body": _ser(obj)})
    return {"objects": out, "gids": {ch: data.gids[ch] for ch in sorted(chars)},
            # WinAnsi widths are in "widths" already (the same Liberation Sans metrics)
            "widths": {ch: data.widths[ch] for ch in sorted(chars) if ch not in winansi}}
