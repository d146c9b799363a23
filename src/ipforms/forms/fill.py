"""Fill any AcroForm PDF by field name, with real appearance streams.

:func:`fill_pdf` works on any AcroForm (ours, a municipality's own, one made by
another tool): it checks every value against the field first (unknown field,
text too long, a line break in a one-line field, a checkbox or radio value that
is not one of the field's states, a choice not among the options, a character
the fonts cannot show) and raises :class:`~ipforms.core.errors.FormError` before
anything is changed.  Then it sets ``/V``, draws an appearance stream for every
widget (so no viewer depends on ``/NeedAppearances``; an embedded WinAnsi Liberation
Sans for WinAnsi text, an embedded subset of Liberation Sans for anything else), optionally marks fields
read-only and optionally flattens the form into page content.  The template's
bytes are never changed: the result is the template plus an incremental update.

:func:`fill_form` fills one of our forms by id and language, checking the
values with its definition (dates, fødselsnummer, postnummer ...) and filling
the municipality block from the municipality's data.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from pypdf.generic import (ArrayObject, BooleanObject, DictionaryObject, FloatObject,
                           IndirectObject, NameObject, NumberObject, StreamObject, TextStringObject)

from . import appearance

from . import formfont, unifont
from .acroform import (FF_COMB, FF_COMBO, FF_PASSWORD, FF_READONLY, PdfField, addresses, as_array,
                       as_dict, document_info, fields, inherited, lookalike_note,
                       normal_appearance,
                       open_pdf, shared, widget_pages)
from ..core import services
from ..core.errors import FormError, PdfInputError
from .formids import list_forms
from .incremental import IncrementalUpdate
from .values import MAX_VALUE_CHARS, check_value, unknown_field

if TYPE_CHECKING:  # these modules (pydantic, YAML) are loaded when one of ours is filled
    from ..core.municipality import Municipality
    from .formdef import FormDef

log = logging.getLogger(__name__)

#: service (as in municipality data and page names) -> checkbox in the application
SERVICE_FIELDS = {s: services.checkbox(s) for s in services.SERVICES}
MUNICIPALITY_FIELDS = ("municipality_name", "municipality_unit", "municipality_address",
                       "municipality_email", "municipality_channels")


def municipality_values(m: Municipality, lang: str) -> dict[str, str]:
    """The municipality block of the application, from the municipality's data."""
    return {
        "municipality_name": m.name(lang),
        "municipality_unit": m.unit.name(lang),
        "municipality_address": m.unit.postal_address.one_line(),
        "municipality_email": m.unit.email,
        # how to apply: the same channels, from the same data, as the pages
        "municipality_channels": "\n".join(m.channel_lines(lang)),
    }


# -- drawing -------------------------------------------------------------------------

def _number(value, default: float) -> float:
    """A PDF number as a float; ``default`` when it is not a number (a broken file)."""
    value = value.get_object() if hasattr(value, "get_object") else value
    return float(value) if isinstance(value, (int, float)) else default


def _floats(arr) -> list[float]:
    try:
        return [float(x) for x in arr.get_object()] if arr is not None else []
    except (TypeError, ValueError, AttributeError):
        return []


def widget_geometry(w: DictionaryObject) -> tuple[float, float, dict, float, int]:
    """The widget's box as its content is drawn (width and height swapped when /MK /R
    turns it 90 or 270 degrees), its /MK colours, border width and rotation."""
    x1, y1, x2, y2 = _floats(w["/Rect"])
    mkd = as_dict(w.get("/MK"))
    mk = {}
    if mkd is not None:
        mk = {"bg": _floats(mkd.get("/BG")), "bc": _floats(mkd.get("/BC"))}
    border = 0.0
    if mk.get("bc"):
        border = 1.0
        bs = as_dict(w.get("/BS"))
        if bs is not None and "/W" in bs:
            border = _number(bs["/W"], border)
        elif len(as_array(w.get("/Border"))) >= 3:
            border = _number(as_array(w.get("/Border"))[2], border)
    # within what a page can show: a /Rect of 1e20 made the shrink loops endless
    width, height, rot = appearance.clamp(abs(x2 - x1)), appearance.clamp(abs(y2 - y1)), _rotation(w)
    if rot in (90, 270):
        width, height = height, width
    return width, height, mk, border, rot


def _rotation(w: DictionaryObject) -> int:
    """The widget's /MK /R (0, 90, 180 or 270: how far its content is turned
    counterclockwise)."""
    mk = as_dict(w.get("/MK"))
    try:
        r = int(mk.get("/R", 0)) % 360 if mk is not None else 0
    except (TypeError, ValueError):
        return 0
    return r if r in (90, 180, 270) else 0


class _Filler:
    def __init__(self, data: bytes, reader, file):
        self.key = template_key(data)
        self.reader = reader
        self.update = IncrementalUpdate(data, reader)
        self.file = file
        root = reader.trailer["/Root"].get_object()
        self.root = root
        acro_ref = root.raw_get("/AcroForm")
        self.acro = root["/AcroForm"].get_object()
        self.acro_holder = self.acro if hasattr(acro_ref, "idnum") else root
        self._font_ref: IndirectObject | None = None
        # the embedded Type0 subsets (Liberation Sans, "Sans", and fallback fonts, by
        # path): a reference and the characters it needs, built in finish()
        self._unicode_fonts: dict[str, tuple[IndirectObject, set[str]]] = {}
        self._told: set[tuple[str, str]] = set()  # (field, font) fallbacks said
        self._faces: dict[str, appearance.Face | None] = {}
        self.need_appearances = bool(self.acro.get("/NeedAppearances", False))
        self._family_fonts: dict[str, IndirectObject] = {}

    def face(self, da: str, text: str) -> appearance.Face | None:
        """The font to draw ``text`` with for the /DA ``da``: the form's own, if it is
        embedded and has every character (:mod:`ipforms.forms.formfont`); Liberation Mono
        or Serif for a Courier or Times the form does not embed; None: Liberation Sans
        (our WinAnsi font, or the unicode subset)."""
        name = appearance.da_font(da)
        if name is None:
            return None
        if name not in self._faces:
            known = (self.key, name)
            kind = _KNOWN.get(known)  # looked at before: not the form's own font
            face: appearance.Face | None = None
            if kind is None:
                dr = as_dict(self.acro.get("/DR"))
                fonts = as_dict(dr.get("/Font")) if dr is not None else None
                font = as_dict(fonts.get("/" + name)) if fonts is not None else None
                if font is not None and appearance.is_winansi_font(font):  # ours: fast path
                    kind = ""
                else:
                    face = formfont.resolve(fonts, name)
                    if face is None:
                        kind = formfont.substitute(font, name)
                if kind is not None:
                    _remember(known, kind)
            if kind:
                face = appearance.LiberationFace(str(kind), self.family_font(str(kind)))
            self._faces[name] = face
        face = self._faces[name]
        if face is not None and not face.has(text):
            log.info("%s: the font %s lacks a character of %r; Liberation Sans is used",
                     self.file, name, text)
            return None
        return face

    def family_font(self, family: str):
        """A reference to the embedded WinAnsi Liberation ``family`` (Serif, Mono), added
        to the document once."""
        if family not in self._family_fonts:
            self._family_fonts[family] = appearance.winansi_font(self.update.add, family)
        return self._family_fonts[family]

    def font(self):
        """A reference to the embedded WinAnsi Liberation Sans, from /DR (our blank forms
        carry it) or added to the document once."""
        if self._font_ref is not None:
            return self._font_ref
        dr = self.acro.get("/DR")
        fonts = dr.get_object().get("/Font") if dr is not None else None
        if fonts is not None:
            for ref in fonts.get_object().values():
                f = ref.get_object()
                if appearance.is_winansi_font(f) and hasattr(ref, "idnum"):
                    self._font_ref = ref
                    return ref
        self._font_ref = appearance.winansi_font(self.update.add)
        return self._font_ref

    def unicode_font(self, text: str, family: str = "Sans"):
        """A reference to the embedded font (Liberation Sans, or the fallback font
        ``family``) for text outside WinAnsi; one per font and document, filled in by
        :meth:`finish` with the glyphs of every such text."""
        if family not in self._unicode_fonts:
            self._unicode_fonts[family] = (self.update.add(DictionaryObject()), set())
        ref, chars = self._unicode_fonts[family]
        chars.update(text.replace("\n", ""))
        return ref

    def chain_face(self, f: PdfField, text: str) -> appearance.ChainFace:
        """Liberation Sans and the fallback fonts that draw the characters of ``text`` it
        lacks (:class:`ipforms.forms.appearance.ChainFace`); says which font drew what."""
        by_font: dict[str, str] = {}
        for ch in dict.fromkeys(text.replace("\n", "")):
            fam = appearance.ChainFace.family(ch)
            by_font[fam] = by_font.get(fam, "") + ch
        order = [p for p, _, _ in unifont.fallback_fonts()]
        fonts = {}
        for fam, chars in by_font.items():
            resource = unifont.RESOURCE_NAME + (str(order.index(fam) + 1) if fam in order
                                                else "")
            fonts[fam] = (resource, self.unicode_font(chars, fam))
            font = next((x for x in unifont.fallback_fonts() if x[0] == fam), None)
            if font is not None and (f.name, fam) not in self._told:
                self._told.add((f.name, fam))
                log.warning("%s: field %s: the characters %s drawn with the fallback font "
                            "%s (%s, Debian package %s): neither the form's font nor "
                            "Liberation Sans has them", self.file, f.name, " ".join(chars),
                            font[1], Path(fam).name, font[2])
        return appearance.ChainFace(fonts)

    def _stream(self, content: bytes, width: float, height: float, font: bool,
                unicode_font=None, rotate: int = 0, face: appearance.Face | None = None):
        """A form XObject of ``width`` x ``height`` (the widget's size as its content is
        laid out: turned by ``rotate``, its /MK /R, onto the /Rect)."""
        s = StreamObject()
        s[NameObject("/Type")] = NameObject("/XObject")
        s[NameObject("/Subtype")] = NameObject("/Form")
        s[NameObject("/BBox")] = ArrayObject([FloatObject(0), FloatObject(0),
                                              FloatObject(round(width, 3)),
                                              FloatObject(round(height, 3))])
        if rotate:
            # counterclockwise by /R; the Rect's width is ``height`` when turned a quarter
            w, h = round(width, 3), round(height, 3)
            m = {90: [0, 1, -1, 0, h, 0], 180: [-1, 0, 0, -1, w, h],
                 270: [0, -1, 1, 0, 0, w]}[rotate]
            s[NameObject("/Matrix")] = ArrayObject(FloatObject(v) for v in m)
        res = DictionaryObject()
        if isinstance(face, appearance.ChainFace):
            res[NameObject("/Font")] = DictionaryObject(
                {NameObject(k): v for k, v in face.resources.items()})
        elif face is not None:
            res[NameObject("/Font")] = DictionaryObject({NameObject(face.resource): face.ref})
        elif unicode_font is not None:
            res[NameObject("/Font")] = DictionaryObject(
                {NameObject(unifont.RESOURCE_NAME): unicode_font})
        elif font:
            res[NameObject("/Font")] = DictionaryObject({NameObject(appearance.FONT_NAME): self.font()})
        s[NameObject("/Resources")] = res
        s.set_data(content)
        return self.update.add(s)

    def mark(self, obj) -> None:
        if obj.indirect_reference is not None:
            self.update.mark(obj)

    def set_text(self, f: PdfField, value: str, shown: str | None = None) -> None:
        f.obj[NameObject("/V")] = TextStringObject(value)
        self.mark(f.obj)
        self.draw_text(f, value if shown is None else shown)

    def _widget_font(self, f: PdfField, w, text: str, uni):
        """The widget's /DA and what draws ``text`` in it: the form's own font (``face``),
        else the Liberation Sans subset ``uni`` when the text needs more than WinAnsi (made
        once per field and passed back in), else neither (the embedded WinAnsi /Helv)."""
        da = str(w.get("/DA", f.da))
        face = self.face(da, text)
        if face is None and uni is None and appearance.needs_unicode(text):
            if all(unifont.has_glyph(ch) for ch in text if ch != "\n"):
                uni = self.unicode_font(text)
            else:  # Liberation Sans and fallback fonts (a face: character by character)
                face = self.chain_face(f, text)
        return da, face, uni

    def draw_list(self, f: PdfField, value: str) -> None:
        """A list box: its visible options, the chosen one highlighted."""
        shown = [s for _, s in f.options]
        selected = next((i for i, (e, _) in enumerate(f.options) if e == value), None)
        all_text = "".join(shown)
        uni = None
        for w in f.widgets:
            width, height, mk, border, rot = widget_geometry(w)
            da, face, uni = self._widget_font(f, w, all_text, uni)
            size = appearance.parse_da(da)[0] or 10.0
            rows = max(1, int((height - 2 * border) // (size * appearance.LINE_HEIGHT)))
            top = int(f.obj.get("/TI", 0) or 0)
            if selected is not None and not top <= selected < top + rows:
                top = max(0, selected - rows + 1)
                f.obj[NameObject("/TI")] = NumberObject(top)
            wuni = uni if face is None else None
            content = appearance.list_stream(
                shown, selected, top, width, height, da=da, mk=mk, border=border,
                glyphs=wuni is not None, face=face,
                **({"font": unifont.RESOURCE_NAME} if wuni is not None else {}))
            ref = self._stream(content, width, height, font=True, unicode_font=wuni, rotate=rot,
                               face=face)
            w[NameObject("/AP")] = DictionaryObject({NameObject("/N"): ref})
            self.mark(w)
        if selected is not None:
            f.obj[NameObject("/I")] = ArrayObject([NumberObject(selected)])
        elif "/I" in f.obj:
            del f.obj[NameObject("/I")]
        self.mark(f.obj)

    def draw_text(self, f: PdfField, text: str) -> None:
        comb = f.max_length if (f.flags & FF_COMB and f.max_length) else None
        uni = None
        for w in f.widgets:
            width, height, mk, border, rot = widget_geometry(w)
            q = int(w.get("/Q", f.obj.get("/Q", self.acro.get("/Q", 0))))
            da, face, uni = self._widget_font(f, w, text, uni)
            wuni = uni if face is None else None
            content = appearance.text_stream(
                text, width, height, da=da, multiline=f.multiline, quadding=q, comb=comb,
                mk=mk, border=border, name=f.name, glyphs=wuni is not None, face=face,
                **({"font": unifont.RESOURCE_NAME} if wuni is not None else {}))
            ref = self._stream(content, width, height, font=True, unicode_font=wuni,
                               rotate=rot, face=face)
            w[NameObject("/AP")] = DictionaryObject({NameObject("/N"): ref})
            self.mark(w)

    def set_state(self, f: PdfField, state: str) -> None:
        f.obj[NameObject("/V")] = NameObject("/" + state)
        self.mark(f.obj)
        for w in f.widgets:
            own = [s for s in _widget_states(w)]
            if not own:
                own = self.draw_states(f, w, state)
            else:
                _inline_states(w)
                if state in own and not self.draws(w, state):
                    self.redraw_state(f, w, state)
            w[NameObject("/AS")] = NameObject("/" + state if state in own else "/Off")
            if w is not f.obj and "/V" in w and "/Parent" not in w:
                w[NameObject("/V")] = NameObject("/" + state)  # hyperref's lone radio buttons
            self.mark(w)

    def _check(self, f: PdfField, w, on: bool):
        """Our own on or off appearance of a checkbox or radio widget (its /MK style and
        colours, its /DA colour), a path: no font."""
        width, height, mk, border, rot = widget_geometry(w)
        mkd = as_dict(w.get("/MK"))
        style = str(mkd.get("/CA", "")) if mkd is not None else ""
        colour = appearance.parse_da(str(w.get("/DA", f.da)))[1]
        content = appearance.check_stream(width, height, on=on, mk=mk, border=border,
                                          radio=f.kind == "radio", style=style, colour=colour)
        return self._stream(content, width, height, font=False, rotate=rot)

    def draw_states(self, f: PdfField, w, state: str) -> list[str]:
        """A widget without appearances: draw its on and off states."""
        on_name = state if state != "Off" else (f.states[0] if f.states else "Yes")
        w[NameObject("/AP")] = DictionaryObject({NameObject("/N"): DictionaryObject({
            NameObject("/" + on_name): self._check(f, w, True),
            NameObject("/Off"): self._check(f, w, False)})})
        return [on_name]

    def draws(self, w, state: str) -> bool:
        """:func:`_draws`, remembered per template (the widget's own appearance)."""
        ref = w.indirect_reference
        if ref is None:
            return _draws(w, state)
        known = (self.key, ref.idnum, state)
        if known not in _KNOWN:
            _remember(known, _draws(w, state))
        return bool(_KNOWN[known])

    def repair(self, reader, f: PdfField) -> None:
        """A checkbox or radio not filled now, in a form that asked viewers to draw its
        fields (NeedAppearances): a widget none of whose appearances draws anything
        (pdfLaTeX's ``/N << /Yes << >> >>``) would vanish once NeedAppearances is off, so
        it gets our own on and off appearances; its state is kept.  A widget with states
        but no /AS (pdfLaTeX's radio buttons) gets one (:meth:`give_state`)."""
        for i, idnum in enumerate(f.widget_ids):
            known = (self.key, idnum, None)
            if idnum is not None and _KNOWN.get(known) is True:
                continue  # seen before: it draws and has its state
            _resolve(reader, f)
            w = f.widgets[i]
            own = _widget_states(w)
            fine = not own or any(self.draws(w, s) for s in own + ["Off"])
            if idnum is not None:
                _remember(known, fine and (not own or "/AS" in w))
            if not fine:
                self.redraw_state(f, w, own[0])
                self.mark(w)
            if own and "/AS" not in w:
                self.give_state(f, w)

    def give_state(self, f: PdfField, w) -> None:
        """A widget with appearance states but no /AS (PDF 32000-1, 12.5.5 requires one;
        Poppler then draws its own guess, MuPDF the off state, a flattened page nothing):
        /AS is the field's value when the widget has that state, else /Off, drawn by the
        form's own off appearance or, when it has none, our own (its /MK frame)."""
        own = _widget_states(w)
        state = f.value if f.value in own else "Off"
        if state == "Off" and not _draws(w, "Off"):
            _inline_states(w)
            ap = as_dict(w.get("/AP"))
            normal = DictionaryObject(normal_appearance(w))  # a copy: it may be shared
            normal[NameObject("/Off")] = self._check(f, w, False)
            new_ap = DictionaryObject(ap) if ap is not None else DictionaryObject()
            new_ap[NameObject("/N")] = normal
            w[NameObject("/AP")] = new_ap
        w[NameObject("/AS")] = NameObject("/" + state)
        self.mark(w)

    def redraw_state(self, f: PdfField, w, state: str) -> None:
        """A widget whose own appearance for ``state`` draws nothing (no stream, an empty
        one, or one without a paint operator; Poppler then shows no tick once
        NeedAppearances is off): our own for that state, under the same name, and our
        own off state too when the form's draws nothing either."""
        log.info("%s: field %s: its appearance for /%s draws nothing; drawn anew",
                 self.file, f.name, state)
        ap = as_dict(w.get("/AP"))
        normal = DictionaryObject(normal_appearance(w))  # a copy: it may be shared
        normal[NameObject("/" + state)] = self._check(f, w, True)
        if not _draws(w, "Off"):
            normal[NameObject("/Off")] = self._check(f, w, False)
        new_ap = DictionaryObject(ap) if ap is not None else DictionaryObject()
        new_ap[NameObject("/N")] = normal
        w[NameObject("/AP")] = new_ap

    def readonly(self, f: PdfField) -> None:
        f.obj[NameObject("/Ff")] = NumberObject(int(f.obj.get("/Ff", f.flags)) | FF_READONLY)
        self.mark(f.obj)

    def finish(self) -> None:
        for family, (ref, chars) in self._unicode_fonts.items():
            unifont.build_font(ref.get_object(), chars, self.update.add, family)
        self.acro[NameObject("/NeedAppearances")] = BooleanObject(False)
        if "/XFA" in self.acro:
            log.warning("%s: removed the XFA form so viewers show the AcroForm values", self.file)
            del self.acro[NameObject("/XFA")]
        self.mark(self.acro_holder)


def _inline_states(w) -> None:
    """An /AP whose /N (or /D) states dictionary is an indirect object: Poppler shows no
    state from it, so the dictionary is copied into the widget."""
    ap = as_dict(w.get("/AP"))
    if ap is None:
        return
    changed = False
    for key in ("/N", "/D"):
        raw = ap.raw_get(key) if key in ap else None
        if isinstance(raw, IndirectObject):
            states = raw.get_object()
            if isinstance(states, DictionaryObject) and "/Subtype" not in states:
                ap[NameObject(key)] = DictionaryObject(
                    {NameObject(k): states.raw_get(k) for k in states})
                changed = True
    if changed and w.raw_get("/AP") is not ap and hasattr(w.raw_get("/AP"), "idnum"):
        w[NameObject("/AP")] = DictionaryObject(ap)


def _remember(key: tuple, value: object) -> None:
    if len(_KNOWN) > 4096:
        _KNOWN.clear()
    _KNOWN[key] = value


def _draws(w, state: str) -> bool:
    """Whether the widget's normal appearance for ``state`` exists and draws something."""
    n = normal_appearance(w)
    if not isinstance(n, DictionaryObject) or "/Subtype" in n:
        return False
    entry = n.get("/" + state)
    stream = entry.get_object() if entry is not None else None
    if not isinstance(stream, StreamObject):
        return False
    try:
        return appearance.paints(stream.get_data())
    except Exception:  # noqa: BLE001 - an undecodable stream (pypdf raises many kinds)
        return False


def _widget_states(w) -> list[str]:
    n = normal_appearance(w)
    if not isinstance(n, DictionaryObject) or "/Subtype" in n:
        return []
    return [str(k)[1:] for k in n if k != "/Off"]


_INDEX: dict[bytes, list[PdfField]] = {}
_last_template: list = [None, b""]  # the last template filled and its key


def template_key(data: bytes) -> bytes:
    """A digest of a template's bytes (the same bytes object again: remembered)."""
    if _last_template[0] is not data:
        _last_template[:] = [data, hashlib.blake2b(data, digest_size=16).digest()]
    return _last_template[1]


#: what drawing learnt about a template that stays true for every fill of it: (template
#: key, font name) -> the Liberation family to draw with when the /DA font is not the
#: form's own embedded one ("" Sans, "Serif", "Mono"); (template key, widget object
#: number, state) -> whether the widget's appearance for that state draws something
_KNOWN: dict[tuple, object] = {}


def _field_index(data: bytes, reader) -> list[PdfField]:
    """The fields of ``data``; remembered per template, so that prefilling the same
    blank form many times reads only the objects it changes."""
    key = template_key(data)
    cached = _INDEX.get(key)
    if cached is None:
        found = fields(reader)
        if len(_INDEX) > 64:
            _INDEX.clear()
        if all(f.obj_id is not None and None not in f.widget_ids for f in found):
            # without their objects (an empty /obj): _resolve reads them by number
            _INDEX[key] = [dataclasses.replace(f, obj=DictionaryObject(), widgets=[])
                           for f in found]
        return found
    return [dataclasses.replace(f) for f in cached]


def _resolve(reader, f: PdfField) -> PdfField:
    """Read the field's objects (a field from the index carries only their numbers)."""
    if not f.obj:
        f.obj = _numbered_dict(reader, f.obj_id)
        f.widgets = [_numbered_dict(reader, i) for i in f.widget_ids]
    return f


def _numbered_dict(reader, number: int | None) -> DictionaryObject:
    found = as_dict(reader.get_object(number)) if number is not None else None
    if found is None:  # the index holds only fields whose objects are numbered dictionaries
        raise PdfInputError(f"form field object {number} is not a dictionary")
    return found


def fill_pdf(pdf: bytes | str | Path, values: Mapping[str, object], *,
             readonly: Iterable[str] = (), flatten: bool = False,
             file: str | Path | None = None, fill_readonly: bool = False,
             drop_signatures: bool = False) -> bytes:
    """Fill the AcroForm of ``pdf`` (bytes or path) and return the new PDF's bytes.

    ``values`` maps field names to text, or for checkboxes and radio groups to
    ``True``/``False`` or a state name.  ``readonly`` names fields to lock.

    A field the form marks read-only is refused unless ``fill_readonly`` (its maker
    meant it not to be changed; it stays read-only).  Flattening a digitally signed
    form is refused unless ``drop_signatures``: the signature field goes with the
    form and the signature with it (filling without flattening keeps it valid: the
    signed bytes stay as they are).

    The form is read within the limits ``validate`` has
    (:func:`ipforms.forms.pdfguard.guard`): a bomb, a damaged or hostile form is a
    :class:`PdfInputError` with a reason, never a hang or gigabytes of memory.
    """
    from .pdfguard import guard

    with guard(file or (pdf if not isinstance(pdf, bytes) else "<pdf>")):
        return _fill_pdf(pdf, values, readonly, flatten, file, fill_readonly, drop_signatures)


def _fill_pdf(pdf, values, readonly, flatten, file, fill_readonly, drop_signatures) -> bytes:
    data, reader = open_pdf(pdf, file=file, decrypt=True, key=template_key)
    file = file or (pdf if not isinstance(pdf, bytes) else "<pdf>")
    try:
        all_fields = _field_index(data, reader)
    except (KeyError, ValueError, TypeError, AttributeError, IndexError, RecursionError) as exc:
        raise PdfInputError(f"the form fields cannot be read ({exc})", file=file) from None
    if not all_fields:
        raise FormError("the PDF has no form fields (AcroForm)", file=file)
    by_name = addresses(all_fields)
    try:
        filler = _Filler(data, reader, file)
    except (KeyError, ValueError, TypeError, AttributeError, IndexError) as exc:
        raise PdfInputError(f"the form cannot be filled: its AcroForm is damaged "
                            f"({exc.__class__.__name__}: {exc})", file=file) from None
    checked: list[tuple[PdfField, str]] = []
    for name, value in values.items():
        f = by_name.get(name)
        if f is None:
            if shared(by_name, name):  # several fields share the name: never guess
                raise _ambiguous(reader, by_name, name, file)
            raise unknown_field(name, list(by_name))
        checked.append((f, check_value(f, value, fill_readonly=fill_readonly,
                                       own_font=lambda f, s: _own_font_has(reader, f, s,
                                                                           filler))))
    try:
        undrawable = [e for e in (_undrawable_choice(reader, f, value, filler)
                                  for f, value in checked if f.kind == "choice") if e]
        signed = _signed(reader, all_fields) if flatten else []
    except (KeyError, ValueError, TypeError, AttributeError, IndexError) as exc:
        raise PdfInputError(f"the form cannot be filled: a field is damaged "
                            f"({exc.__class__.__name__}: {exc})", file=file) from None
    if undrawable:
        raise undrawable[0]
    if signed and drop_signatures:
        log.warning("%s: flattened on request (--drop-signatures): the digital signature of "
                    "%s is removed with the form", file, ", ".join(signed))
    elif signed:
        raise FormError(
            f"the form is digitally signed (signature field {', '.join(signed)}); "
            f"flattening removes the form's fields, the signature with them",
            file=file if isinstance(file, (str, Path)) and file != "<pdf>" else None,
            hint="fill it without --flatten (the signature stays valid), or add "
                 "--drop-signatures to flatten it and drop the signature on purpose")
    lock = []
    for name in readonly:
        if name not in by_name:
            raise unknown_field(name, list(by_name))
        lock.append(by_name[name])

    try:
        return _apply(filler, reader, file, all_fields, checked, lock, flatten)
    except (KeyError, ValueError, TypeError, AttributeError, IndexError) as exc:
        raise PdfInputError(f"the form cannot be filled: a field is damaged "
                            f"({exc.__class__.__name__}: {exc})", file=file) from None


def _own_font_has(reader, f: PdfField, text: str, filler: _Filler) -> bool:
    """Whether the form's own font of every widget of ``f`` (:meth:`_Filler.face`) has
    every character of ``text``, and ``text`` is not right-to-left (never shaped or
    reordered here)."""
    if any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text):
        return False
    _resolve(reader, f)
    return all(filler.face(str(w.get("/DA", f.da)), text) is not None
               for w in f.widgets or [f.obj])


def _undrawable_choice(reader, f: PdfField, value: str, filler: _Filler) -> FormError | None:
    """Why an option of the combo or list box ``f`` cannot be drawn, if one cannot (the
    chosen one of a combo box, every option of a list box: it shows them all): a
    character that neither the form's own font of the widget's /DA has
    (:meth:`_Filler.face`) nor our Liberation Sans nor an installed fallback font
    (:func:`ipforms.forms.unifont.fallback_for`: Droid Sans Fallback for Chinese and
    Japanese ...); or right-to-left text (Arabic, Hebrew), which ipforms neither shapes
    nor reorders.  Refused as a text field's value is."""
    if f.flags & FF_COMBO:
        shown = [next((s for e, s in f.options if e == value), value)]
    else:
        shown = [s for _, s in f.options]
    text = "".join(shown)
    if text.isascii():
        return None

    def option(ch: str) -> str:
        return next(s for s in shown if ch in s)

    rtl = next((ch for ch in text if unicodedata.bidirectional(ch) in ("R", "AL")), None)
    if rtl is not None:
        return FormError(f"the option {option(rtl)!r} is right-to-left text ({rtl!r}, "
                         f"U+{ord(rtl):04X}); ipforms cannot draw it (it neither shapes nor "
                         f"reorders such text)", field=f.name)
    _resolve(reader, f)
    for w in f.widgets or [f.obj]:
        da = str(w.get("/DA", f.da))
        if filler.face(da, text) is not None:
            continue  # the form's own font has every character
        for ch in dict.fromkeys(text):
            if (ch.isascii() or appearance.needs_unicode(ch) is False
                    or unifont.drawable(ch)):
                continue
            font = appearance.da_font(da)
            return FormError(
                f"the option {option(ch)!r} cannot be drawn: the character {ch!r} "
                f"(U+{ord(ch):04X}) is not in the form's font{' ' + font if font else ''}, "
                f"and {unifont.missing(ch)}", field=f.name,
                hint="choose another option, or fill this field in a PDF viewer")
    return None


def _signed(reader, all_fields: list[PdfField]) -> list[str]:
    """The names of the signature fields that hold a signature (a /V)."""
    out = []
    for f in all_fields:
        if f.kind == "signature":
            obj = _resolve(reader, f).obj
            if as_dict(inherited(obj, "/V")) is not None:
                out.append(f.name)
    return out


def _ambiguous(reader, by_name: dict[str, PdfField], name: str, file) -> FormError:
    """The error for a name that several separate fields share: each one's address,
    type and page, and where to see them all."""
    pages = widget_pages(reader)
    found = []
    for address in shared(by_name, name):
        f = by_name[address]
        on = sorted({pages[i] for i in f.widget_ids if i is not None and i in pages})
        where = f", page {', '.join(map(str, on))}" if on else ""
        found.append(f"{address} ({f.describe_type()}{where})")
    known = file if isinstance(file, (str, Path)) and file != "<pdf>" else None
    note = lookalike_note(by_name, name)
    return FormError(f"{len(found)} separate fields share this name; fill one by its "
                     f"address: {', '.join(found)}" + (f"; {note}" if note else ""),
                     field=name, file=known,
                     hint=f"`ipforms fields {known or 'FORM.pdf'}` lists every field by the "
                          f"address fill takes, with its type, page and place")


def _apply(filler, reader, file, all_fields, checked, lock, flatten) -> bytes:
    from .flatten import flatten_form

    done = set()
    for f, value in checked:
        _resolve(reader, f)
        done.add(id(f))
        if f.kind in ("checkbox", "radio"):
            filler.set_state(f, value)
        elif f.kind == "choice" and not f.flags & FF_COMBO:
            f.obj[NameObject("/V")] = TextStringObject(value)
            filler.draw_list(f, value)
        elif f.kind == "choice":
            shown = next((s for e, s in f.options if e == value), value)
            filler.set_text(f, value, shown)
        elif f.flags & FF_PASSWORD and value:  # shown as viewers echo it, never readable
            log.warning("%s: field %r is a password field: its value is stored in the PDF "
                        "and shown as asterisks", file, f.name)
            filler.set_text(f, value, "*" * len(value))
        else:
            filler.set_text(f, value)
    # Fields filled earlier (by a person or another tool) keep showing without NeedAppearances.
    for f in all_fields:
        if id(f) in done:
            continue
        if len(f.value) > MAX_VALUE_CHARS and f.kind in ("text", "choice") \
                and (flatten or not all(f.has_ap)):
            raise PdfInputError(f"field {f.name!r} holds a value of {len(f.value):,} characters; "
                                f"ipforms draws at most {MAX_VALUE_CHARS:,} (more than a page "
                                f"can show)", file=file)
        if f.kind == "text" and (f.value or flatten) and not all(f.has_ap):
            filler.draw_text(_resolve(reader, f),  # flattened: an empty one's frame too
                             "*" * len(f.value) if f.flags & FF_PASSWORD else f.value)
        elif f.kind == "choice" and flatten and not all(f.has_ap):
            if f.flags & FF_COMBO:
                filler.draw_text(_resolve(reader, f),
                                 next((s for e, s in f.options if e == f.value), f.value))
            else:
                filler.draw_list(_resolve(reader, f), f.value)
        elif f.kind in ("checkbox", "radio") and not all(f.has_ap):
            filler.set_state(_resolve(reader, f), f.value if f.value in f.states else "Off")
        elif f.kind in ("checkbox", "radio") and filler.need_appearances:
            filler.repair(reader, f)
        elif f.kind in ("checkbox", "radio") and flatten:  # drawn as viewers show it
            for w in _resolve(reader, f).widgets:
                if "/AS" not in w and _widget_states(w):
                    filler.give_state(f, w)
    for f in lock:
        filler.readonly(_resolve(reader, f))
    filler.finish()
    if flatten:
        flatten_form(filler.update, reader)
    return filler.update.write()


# -- our own forms -------------------------------------------------------------------

def form_id_of(pdf: bytes | str | Path) -> str | None:
    """The id of our form that ``pdf`` was made from (document info /IpformsForm), if any."""
    try:
        _, reader = open_pdf(pdf)
    except PdfInputError:  # encrypted (never ours) or unreadable: fill_pdf says which
        return None
    fid = document_info(reader).get("IpformsForm")
    return fid if fid in list_forms() else None


def pdf_values(form: FormDef, values: Mapping[str, object]) -> dict[str, str]:
    """Check ``values`` with the definition and turn them into PDF field values."""
    parsed = form.parse(dict(values))
    return {k: form.field(k).to_pdf(v) for k, v in parsed.items()}


def fill_form(form_id: str, lang: str, values: Mapping[str, object] | None = None, *,
              municipality: Municipality | None = None, services: Iterable[str] = (),
              flatten: bool = False, cache_dir: str | Path | None = None,
              template: bytes | None = None) -> bytes:
    """Fill our form ``form_id`` in ``lang``: answers checked by the definition; the
    municipality block filled from ``municipality`` and made read-only; ``services``
    (``individuell-plan``, ``koordinator``, ``barnekoordinator``) ticked."""
    from .formdef import form_path, load_form
    from .pdfdraw import blank_pdf

    form = load_form(form_id)
    values = dict(values or {})
    readonly: list[str] = []
    if municipality is not None:
        block = {k: v for k, v in municipality_values(municipality, lang).items()
                 if any(f.id == k for f in form.fields)}
        clash = sorted(set(block) & set(values))
        if clash:
            raise FormError("is filled from the municipality's data; leave it out",
                            field=clash[0])
        values.update(block)
        readonly = list(block)
    for service in services:
        if service not in SERVICE_FIELDS:
            raise FormError(f"unknown service {service!r}; expected one of "
                            f"{', '.join(SERVICE_FIELDS)}")
        values[SERVICE_FIELDS[service]] = True
    filled = pdf_values(form, values)
    blank = template if template is not None else blank_pdf(form_id, lang, cache_dir)
    if municipality is not None:  # the privacy page's address, as text and a link
        blank = with_privacy_link(blank, municipality, lang)
    return fill_pdf(blank, filled, readonly=readonly, flatten=flatten,
                    file=form_path(form_id).with_suffix(f".{lang}.pdf").name)


def with_privacy_link(pdf: bytes, m: Municipality, lang: str) -> bytes:
    """``pdf`` (one of our forms) with ``m``'s privacy page as a line of text and a link
    (:mod:`ipforms.forms.privacylink`); unchanged when the data has no privacy page or no
    site address (``base_url``)."""
    from .privacylink import add_privacy_link, privacy_url

    url = privacy_url(m, lang)
    return add_privacy_link(pdf, url, lang) if url else pdf


def fill_any(form: str, values: Mapping[str, object], *, lang: str = "nb",
             municipality: Municipality | None = None, flatten: bool = False,
             cache_dir: str | Path | None = None, fill_readonly: bool = False,
             drop_signatures: bool = False) -> bytes:
    """Fill ``form``: one of our form ids, or the path of any AcroForm PDF.

    A PDF made from one of our forms (document info /IpformsForm) gets its values
    checked by that form's definition; any other PDF by its fields alone.
    ``fill_readonly`` and ``drop_signatures``: as for :func:`fill_pdf`.
    """
    if form in list_forms():
        return fill_form(form, lang, values, municipality=municipality, flatten=flatten,
                         cache_dir=cache_dir)
    path = Path(form)
    if not path.is_file():
        raise FormError(f"{form!r} is neither a form ({', '.join(list_forms())}) "
                        f"nor a PDF file")
    ours = form_id_of(path)
    values = dict(values)
    readonly: list[str] = []
    if municipality is not None and ours is None:
        raise FormError("--kommune fills the municipality block of our own forms only",
                        file=path)
    if ours is not None:  # the definition (and pydantic) only for a PDF of ours
        from .formdef import load_form

        if municipality is not None:
            block = {k: v for k, v in municipality_values(municipality, lang).items()
                     if any(f.id == k for f in load_form(ours).fields)}
            values.update(block)
            readonly = list(block)
        values = pdf_values(load_form(ours), values)
    if ours is not None and municipality is not None:
        from .pdfguard import guard

        with guard(path):  # the line is drawn into a file from outside: within limits
            data = with_privacy_link(path.read_bytes(), municipality, lang)
        return fill_pdf(data, values, readonly=readonly, flatten=flatten, file=path,
                        fill_readonly=fill_readonly, drop_signatures=drop_signatures)
    return fill_pdf(path, values, readonly=readonly, flatten=flatten,
                    fill_readonly=fill_readonly, drop_signatures=drop_signatures)
