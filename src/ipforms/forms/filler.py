"""Drawing a filled form: :class:`_Filler` gives every widget its appearance stream
(text, list box, checkbox and radio states) in an incremental update of the template,
with the form's own font, Liberation Sans or a fallback font; what it learns about a
template (fonts, which states draw) is remembered for the next fill of the same one.
:mod:`ipforms.forms.fill` checks the values and calls it."""

from __future__ import annotations

import logging
import math
from pathlib import Path

from pypdf.generic import (ArrayObject, BooleanObject, DictionaryObject, FloatObject,
                           IndirectObject, NameObject, NumberObject, StreamObject, TextStringObject)

from . import appearance
from . import formfont, unifont, winansi
from .acroform import (FF_COMB, FF_READONLY, PdfField, as_array, as_dict, fields_source,
                       normal_appearance)
from .digest import digest
from ..core.errors import PdfInputError
from .incremental import IncrementalUpdate

log = logging.getLogger(__name__)


def _number(value, default: float) -> float:
    """A PDF number as a float; ``default`` when it is not a number (a broken file)."""
    value = value.get_object() if hasattr(value, "get_object") else value
    return float(value) if isinstance(value, (int, float)) else default


def _floats(arr) -> list[float]:
    try:
        return [float(x) for x in arr.get_object()] if arr is not None else []
    except (TypeError, ValueError, AttributeError):
        return []


class DamagedField(ValueError):
    """A field the form cannot be filled with, said plainly (the field and what it lacks)."""


def _field_name(w: DictionaryObject) -> str:
    """The name of the field a widget belongs to (as far as it can be read)."""
    for d in (w, as_dict(w.get("/Parent"))):
        if d is not None and d.get("/T") is not None:
            return str(d.get("/T"))
    return "?"


def widget_geometry(w: DictionaryObject) -> tuple[float, float, dict, float, int]:
    """The widget's box as its content is drawn (width and height swapped when /MK /R
    turns it 90 or 270 degrees), its /MK colours, border width and rotation."""
    rect = _floats(w.get("/Rect"))
    if len(rect) != 4 or not all(math.isfinite(v) for v in rect):
        # a number PDF cannot write (1e400) makes pypdf drop the rest of the widget
        raise DamagedField(f"the field {_field_name(w)!r} has no readable place on the page "
                           f"(its /Rect is missing or not four plain numbers): the form is "
                           f"damaged")
    x1, y1, x2, y2 = rect
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
        key = template_key(data)
        source = fields_source(key)  # with the privacy line: the form's fields and fonts
        self.key = source[0] if source is not None else key
        #: how long the form is whose fields these are (``data`` begins with it)
        self.source_len = len(source[1]) if source is not None else len(data)
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
                if font is not None and winansi.is_winansi_font(font):  # ours: fast path
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
            self._family_fonts[family] = winansi.winansi_font(self.update.add, family)
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
                if winansi.is_winansi_font(f) and hasattr(ref, "idnum"):
                    self._font_ref = ref
                    return ref
        self._font_ref = winansi.winansi_font(self.update.add)
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
        if face is None and uni is None and winansi.needs_unicode(text):
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

    def _tick(self, f: PdfField, w, on: bool):
        """Our own on or off appearance of a checkbox or radio widget (its /MK style and
        colours, its /DA colour), a path: no font."""
        width, height, mk, border, rot = widget_geometry(w)
        mkd = as_dict(w.get("/MK"))
        style = str(mkd.get("/CA", "")) if mkd is not None else ""
        colour = appearance.parse_da(str(w.get("/DA", f.da)))[1]
        content = appearance.tick_stream(width, height, on=on, mk=mk, border=border,
                                          radio=f.kind == "radio", style=style, colour=colour)
        return self._stream(content, width, height, font=False, rotate=rot)

    def draw_states(self, f: PdfField, w, state: str) -> list[str]:
        """A widget without appearances: draw its on and off states."""
        on_name = state if state != "Off" else (f.states[0] if f.states else "Yes")
        w[NameObject("/AP")] = DictionaryObject({NameObject("/N"): DictionaryObject({
            NameObject("/" + on_name): self._tick(f, w, True),
            NameObject("/Off"): self._tick(f, w, False)})})
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
            normal[NameObject("/Off")] = self._tick(f, w, False)
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
        normal[NameObject("/" + state)] = self._tick(f, w, True)
        if not _draws(w, "Off"):
            normal[NameObject("/Off")] = self._tick(f, w, False)
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


def template_key(data: bytes) -> bytes:
    """A digest of a template's bytes (the same bytes object again: remembered)."""
    return digest(data)


#: what drawing learnt about a template that stays true for every fill of it: (template
#: key, font name) -> the Liberation family to draw with when the /DA font is not the
#: form's own embedded one ("" Sans, "Serif", "Mono"); (template key, widget object
#: number, state) -> whether the widget's appearance for that state draws something
_KNOWN: dict[tuple, object] = {}

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
