"""The municipality's privacy page in a prefilled form: its address as text and a link.

The blank forms are the same for every municipality (WeasyPrint draws each once), so the
address is put in when a form is prefilled: :mod:`ipforms.forms.pdfdraw` leaves an empty
paragraph at the end of each form, named by a destination (``PRIVACY_SLOT``), and
:func:`add_privacy_link` draws one line there, «Personvern: https://…», as an
incremental update:

* the text is page content (so ``pdftotext`` and a screen reader read it), in the
  embedded Liberation Sans the form's fields use;
* a ``/Link`` annotation with a ``/URI`` action lies over the address;
* the text (marked content) and the annotation (an ``/OBJR``) are a ``/Link`` structure
  element inside the empty paragraph, so the tagged PDF (PDF/UA) reads them in place.

A form without the slot (drawn before it existed, or not ours) is returned unchanged;
so is a form that has the line already.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from urllib.parse import urlsplit

from pypdf.generic import (ArrayObject, BooleanObject, DecodedStreamObject, DictionaryObject,
                           FloatObject, IndirectObject, NameObject, NumberObject,
                           TextStringObject)

from ..core.errors import FormError
from ..core.lang import word
from . import appearance, winansi
from .acroform import as_array, as_dict, same_but, same_fields
from .digest import digest
from .incremental import IncrementalUpdate
from .pypdf_internals import CachedXrefReader, Written, remember_moved, xref_state

#: the named destination of the empty paragraph the line goes into (form.html.j2)
PRIVACY_SLOT = "ipforms-privacy"
#: marks the line's link annotation, so a form gets the line once
MARK = "/IpformsPrivacy"
#: the privacy page's folder below a site's root (ipforms.site.pages.PRIVACY_PAGE)
PRIVACY_PAGE = "personvern"
SIZE = 9.0
_FONT = "/IpfPrivacy"
#: Liberation Sans: ascent and descent per 1000 units (as Helvetica)
_ASCENT, _DESCENT = 905, 212


def privacy_url(m, lang: str) -> str | None:
    """The address of ``m``'s privacy page in ``lang`` on its published site, or None when
    the data has no privacy statement or no ``base_url`` (the site's address)."""
    if getattr(m, "privacy", None) is None or not getattr(m, "base_url", None):
        return None
    base = str(m.base_url)
    base = base if base.endswith("/") else base + "/"
    return f"{base}{m.lang_prefix(lang)}{PRIVACY_PAGE}/"


def line_text(url: str, lang: str) -> tuple[str, str]:
    """(the words before the address, the address) of the line."""
    return f"{word('privacy', lang)}: ", url


#: (digest of the form, address, language) -> the form with the line: a site prefills one
#: blank several times, and its online forms plan from the same bytes
_DONE: dict[tuple[bytes, str, str], bytes] = {}
_DONE_MAX = 32


def add_privacy_link(pdf: bytes, url: str, lang: str) -> bytes:
    """``pdf`` with the privacy line drawn into its slot (see the module's text).  The
    same form, address and language give the same bytes (they are remembered)."""
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.netloc or not url.isascii():
        raise FormError(f"not a web address for the privacy page: {url!r}")
    key = (digest(pdf), url, lang)
    done = _DONE.get(key)  # (kept only for a form without the line: not looked for again)
    if done is None:
        if _has_mark(pdf, key[0]):
            return pdf
        done = _add(pdf, url, lang)
        if len(_DONE) >= _DONE_MAX:
            _DONE.pop(next(iter(_DONE)))
        _DONE[key] = done
    if done is not pdf:  # the line changes no field and adds none: the form's fields hold
        same_fields(done, pdf)
    return done


#: whether a form (by its digest) has the line already: a blank form is asked about for
#: every municipality, and a look through its bytes finds no mark only at their end
_MARKED: dict[bytes, bool] = {}


def _has_mark(pdf: bytes, key: bytes) -> bool:
    found = _MARKED.get(key)
    if found is None:
        found = _scan_mark(pdf)
        if len(_MARKED) >= _DONE_MAX:
            _MARKED.pop(next(iter(_MARKED)))
        _MARKED[key] = found
    return found


def _scan_mark(pdf: bytes) -> bool:
    return MARK.encode() in pdf


@dataclass
class _Slot:
    """A form with the line drawn in for one address, kept to draw it for the next: the
    update's objects are the same for every address but the line's text, its link
    annotation and the structure element's /Alt (the same object numbers throughout)."""
    update: IncrementalUpdate
    line: DecodedStreamObject
    annot: DictionaryObject
    link: DictionaryObject
    x: float
    baseline: float
    mcid: int
    #: the update's other objects as written (the same for every address), by number
    fixed: dict[int, tuple[int, bytes]]
    #: the first form written with the line, which the others are variants of
    first: bytes | None = None
    #: where the first's update put its objects (IncrementalUpdate.written), and the
    #: cross-reference a reader read of the first (pypdf_internals.xref_state), once read
    first_written: Written | None = None
    first_xref: tuple | None = None

    def varying(self) -> list[int]:
        """The numbers of the objects that differ by address (the line, the link, /Alt)."""
        return sorted(o.indirect_reference.idnum for o in (self.line, self.annot, self.link)
                      if o.indirect_reference is not None)


#: a digest of a form -> its :class:`_Slot` (None: the form has no slot), once per
#: worker: the form's structure tree is walked once, not once per municipality
_SLOTS: dict[bytes, _Slot | None] = {}


def _add(pdf: bytes, url: str, lang: str) -> bytes:
    words, address = line_text(url, lang)
    text = words + address
    try:
        shown = appearance.pdf_literal(text.encode(appearance.ENCODING))
    except UnicodeEncodeError:  # a font subset made for these letters (_line_font)
        built = _build(pdf, url, lang)
        return built[0].write() if built is not None else pdf
    key = digest(pdf)
    if key not in _SLOTS:
        if len(_SLOTS) >= 16:  # a few blank forms per build
            _SLOTS.clear()
        _SLOTS[key] = _prepare(pdf)
    slot = _SLOTS[key]
    if slot is None:
        return pdf
    slot.line.set_data(_line_content(slot.mcid, slot.x, slot.baseline, shown))
    slot.annot[NameObject("/Rect")] = _link_rect(slot.x, slot.baseline, words, address)
    slot.annot[NameObject("/Contents")] = TextStringObject(text)
    as_dict(slot.annot["/A"])[NameObject("/URI")] = TextStringObject(url)  # type: ignore[index]
    slot.link[NameObject("/Alt")] = TextStringObject(text)
    varying = slot.varying()
    out = slot.update.write({**slot.fixed, **slot.update.objects(varying)})
    if slot.first is None:
        slot.first, slot.first_written = out, slot.update.written
    elif out != slot.first:  # the same objects and references; the line's text differs
        same_but(out, slot.first, frozenset(varying))
        _remember_xref(slot, pdf, out)
    return out


def _remember_xref(slot: _Slot, pdf: bytes, out: bytes) -> None:
    """Let a reader of ``out`` (``pdf`` with the line for another address than the
    first's: the same objects, at other offsets) take its cross-reference from the
    first's as read, moved to where this update put them, rather than parse its update's
    cross-reference stream again (pypdf_internals.remember_moved)."""
    if slot.first_xref is None and slot.first is not None:
        slot.first_xref = xref_state(digest(slot.first))
    if slot.first_xref is not None and slot.first_written is not None \
            and slot.update.written is not None:
        remember_moved(digest(out), slot.first_xref, len(pdf), slot.first_written,
                       slot.update.written)


def _prepare(pdf: bytes) -> _Slot | None:
    """The update that draws the line into ``pdf``'s slot, for a placeholder address in
    the form's WinAnsi font (:func:`_add` puts in the real one), or None: no slot."""
    built = _build(pdf, "https://example.invalid/", "nb")
    if built is None:
        return None
    update, page, annot_ref, link_ref, x, baseline, mcid = built
    line = page["/Contents"][-1].get_object()
    slot = _Slot(update, line, annot_ref.get_object(), link_ref.get_object(), x, baseline, mcid,
                 fixed={})
    varying = slot.varying()
    slot.fixed = update.objects([n for n in sorted(update.changed) if n not in varying])
    return slot


def _build(pdf: bytes, url: str, lang: str):
    """The update that draws the line for ``url`` into ``pdf``'s slot (not written yet),
    with the page, the link annotation, the structure element, the line's place and
    marked-content id; None when the form has no slot."""
    from .fill import template_key  # the blank's cross-reference and objects read once

    reader = CachedXrefReader(io.BytesIO(pdf), template_key(pdf), strict=False)
    root = reader.root_object
    dest = _slot_destination(root)
    tree = as_dict(root.get("/StructTreeRoot"))
    parent_tree = as_dict(tree.get("/ParentTree")) if tree is not None else None
    nums = parent_tree.get("/Nums") if parent_tree is not None else None
    # a parent tree of /Kids is not one WeasyPrint writes: then no line (as with no slot)
    if dest is None or tree is None or parent_tree is None or not isinstance(nums, ArrayObject):
        return None
    page_ref, x, top = dest
    slot = _slot_element(tree)
    page = as_dict(page_ref)
    if slot is None or page is None:
        return None
    update = IncrementalUpdate(pdf, reader)
    words, address = line_text(url, lang)
    text = words + address
    baseline = top - SIZE * _ASCENT / 1000
    font, shown = _line_font(root, update, text)

    mcid, marked = _draw_line(update, page, font, nums, tree, x, baseline, shown)
    next_key = _next_key(tree, nums)
    annot_ref = _add_link(update, page, x, baseline, words, address, text, url, next_key)
    link_ref = _add_structure(update, (tree, parent_tree, nums), slot, page_ref,
                              (marked, mcid), (annot_ref, next_key), text)
    return update, page, annot_ref, link_ref, x, baseline, mcid


def _line_content(mcid: int, x: float, baseline: float, shown: bytes) -> bytes:
    """The line's content stream: ``shown`` (a PDF string in the line's font) as marked
    content ``mcid``."""
    return (f"q /Link <</MCID {mcid}>> BDC BT /IpfPrivacy {SIZE:g} Tf 0 0 0.6 rg "
            f"{x:.2f} {baseline:.2f} Td ").encode() + shown + b" Tj ET EMC Q\n"


def _link_rect(x: float, baseline: float, words: str, address: str) -> ArrayObject:
    """The link annotation's /Rect: over the address."""
    start = x + winansi.text_width(words, SIZE)
    rect = [start, baseline - SIZE * _DESCENT / 1000,
            start + winansi.text_width(address, SIZE), baseline + SIZE * _ASCENT / 1000]
    return ArrayObject(FloatObject(round(v, 2)) for v in rect)


def _draw_line(update, page: DictionaryObject, font, nums: ArrayObject,
               tree: DictionaryObject, x: float, baseline: float, shown: bytes
               ) -> tuple[int, ArrayObject]:
    """The page: its resources get the font; its content, the line (``shown``: a PDF
    string in that font) in marked content.
    Returns the line's MCID and the page's array of marked content in the parent tree."""
    res = DictionaryObject(as_dict(page.get("/Resources")) or {})
    fonts = DictionaryObject(as_dict(res.get("/Font")) or {})
    fonts[NameObject(_FONT)] = font
    res[NameObject("/Font")] = fonts
    page[NameObject("/Resources")] = res
    key = page.get("/StructParents")
    marked = _parent_array(nums, key)
    if key is None:  # a page with no marked content yet
        key = _next_key(tree, nums)
        nums.extend([NumberObject(key), marked])
        page[NameObject("/StructParents")] = NumberObject(key)
    mcid = len(marked)
    content = _line_content(mcid, x, baseline, shown)
    before, after = DecodedStreamObject(), DecodedStreamObject()
    before.set_data(b"q\n")  # the page's content may leave its coordinates changed
    after.set_data(b"\nQ\n")
    line = DecodedStreamObject()
    line.set_data(content)
    old = page.raw_get("/Contents") if "/Contents" in page else None
    resolved = old.get_object() if old is not None else None
    old_list = list(resolved) if isinstance(resolved, ArrayObject) else \
        ([old] if old is not None else [])
    page[NameObject("/Contents")] = ArrayObject(
        [update.add(before), *old_list, update.add(after), update.add(line)])

    return mcid, marked


def _add_link(update, page: DictionaryObject, x: float, baseline: float, words: str,
              address: str, text: str, url: str, next_key: int) -> IndirectObject:
    """The link annotation over the address (its /StructParent is ``next_key``)."""
    annot = DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"),
        NameObject("/Subtype"): NameObject("/Link"),
        NameObject("/Rect"): _link_rect(x, baseline, words, address),
        NameObject("/Border"): ArrayObject([NumberObject(0)] * 3),
        NameObject("/F"): NumberObject(4),  # printed
        NameObject("/Contents"): TextStringObject(text),
        NameObject("/A"): DictionaryObject({
            NameObject("/Type"): NameObject("/Action"),
            NameObject("/S"): NameObject("/URI"),
            NameObject("/URI"): TextStringObject(url)}),
        NameObject("/StructParent"): NumberObject(next_key),
        NameObject(MARK): BooleanObject(True),
    })
    annot_ref = update.add(annot)
    page[NameObject("/Annots")] = ArrayObject([*as_array(page.raw_get("/Annots") if "/Annots" in
                                                        page else None), annot_ref])
    update.mark(page)

    return annot_ref


def _add_structure(update, trees: tuple[DictionaryObject, DictionaryObject, ArrayObject],
                   slot: DictionaryObject, page_ref: IndirectObject,
                   content: tuple[ArrayObject, int], link_annot: tuple[IndirectObject, int],
                   text: str) -> IndirectObject:
    """The structure: a /Link element in the empty paragraph, holding the text (marked
    content ``mcid`` in ``marked``) and the link (``annot_ref``, parent-tree key ``next_key``)."""
    tree, parent_tree, nums = trees
    marked, mcid = content
    annot_ref, next_key = link_annot
    link = DictionaryObject({
        NameObject("/Type"): NameObject("/StructElem"),
        NameObject("/S"): NameObject("/Link"),
        NameObject("/P"): slot.indirect_reference,
        NameObject("/Pg"): page_ref,
        NameObject("/Alt"): TextStringObject(text),
    })
    link_ref = update.add(link)
    link[NameObject("/K")] = ArrayObject([NumberObject(mcid), DictionaryObject({
        NameObject("/Type"): NameObject("/OBJR"), NameObject("/Obj"): annot_ref,
        NameObject("/Pg"): page_ref})])
    slot[NameObject("/K")] = ArrayObject([link_ref])
    update.mark(slot)
    marked.append(link_ref)
    nums.extend([NumberObject(next_key), link_ref])
    tree[NameObject("/ParentTreeNextKey")] = NumberObject(next_key + 1)
    for obj in (marked, nums, parent_tree, tree):
        if getattr(obj, "indirect_reference", None) is not None:
            update.mark(obj)
    return link_ref


def _slot_destination(root: DictionaryObject) -> tuple[IndirectObject, float, float] | None:
    """(page, left, top) of the slot's named destination, if the form has it."""
    names = as_dict(root.get("/Names"))
    dests = as_dict(names.get("/Dests")) if names is not None else None
    arr = as_array(dests.get("/Names")) if dests is not None else []
    for i in range(0, len(arr) - 1, 2):
        if str(arr[i]) == PRIVACY_SLOT:
            d = as_array(arr[i + 1])
            if len(d) >= 4 and isinstance(d[0], IndirectObject):
                try:
                    return d[0], float(d[2]), float(d[3])
                except (TypeError, ValueError):
                    return None
    return None


def _slot_element(tree: DictionaryObject) -> DictionaryObject | None:
    """The empty paragraph: the last /P structure element with no kids (the slot is the
    form's last paragraph), still empty."""
    found: list[DictionaryObject] = []

    def walk(node, depth: int) -> None:
        if depth > 200:
            return
        node = node.get_object()
        if not isinstance(node, DictionaryObject):
            return
        if node.get("/S") == "/P" and node.get("/K") in (None, []):
            found.append(node)
        kids = node.get("/K")
        if kids is None:
            return
        for kid in (kids if isinstance(kids, list) else [kids]):
            walk(kid, depth + 1)

    walk(tree, 0)
    return found[-1] if found else None


def _parent_array(nums, key) -> ArrayObject:
    if key is not None:
        for i in range(0, len(nums) - 1, 2):
            if int(nums[i]) == int(key):
                arr = nums[i + 1].get_object()
                if isinstance(arr, ArrayObject):
                    return arr
    return ArrayObject()


def _next_key(tree: DictionaryObject, nums) -> int:
    keys = [int(nums[i]) for i in range(0, len(nums) - 1, 2)]
    declared = tree.get("/ParentTreeNextKey")
    return max([*keys, -1, int(declared) - 1 if declared is not None else -1]) + 1


def _line_font(root: DictionaryObject, update, text: str) -> tuple[IndirectObject, bytes]:
    """The font of the line and ``text`` as a string in it: the form's WinAnsi font; for
    a word beyond WinAnsi (a third language's: č ŋ ŧ) a Type0 subset of the same
    Liberation Sans."""
    try:
        return (_form_font(root, update),
                appearance.pdf_literal(text.encode(appearance.ENCODING)))
    except UnicodeEncodeError:
        from . import unifont

        target = DictionaryObject()
        unifont.build_font(target, set(text), update.add)
        return update.add(target), unifont.glyph_string(text)


def _form_font(root: DictionaryObject, update) -> IndirectObject:
    """The form's own embedded Liberation Sans (/Helv of the AcroForm's /DR), else a new one."""
    acro = as_dict(root.get("/AcroForm"))
    dr = as_dict(acro.get("/DR")) if acro is not None else None
    fonts = as_dict(dr.get("/Font")) if dr is not None else None
    ref = fonts.raw_get(appearance.FONT_NAME) if fonts is not None and \
        appearance.FONT_NAME in fonts else None
    font = as_dict(ref)
    if isinstance(ref, IndirectObject) and font is not None and winansi.is_winansi_font(font):
        return ref
    return winansi.winansi_font(update.add)
