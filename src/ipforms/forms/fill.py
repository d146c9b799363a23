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

from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from . import appearance
from . import unifont, winansi
from .acroform import (FF_COMBO, FF_PASSWORD, PdfField, addresses, as_dict, document_info,
                       fields, fields_source, inherited, lookalike_note, open_pdf, shared,
                       widget_pages)
from ..core import services
from ..core.errors import FormError, PdfInputError
from .filler import DamagedField, _Filler, _resolve, _widget_states, template_key
from .formids import list_forms
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


_INDEX: dict[bytes, list[PdfField]] = {}


def _field_index(data: bytes, reader) -> list[PdfField]:
    """The fields of ``data``; remembered per template, so that prefilling the same
    blank form many times reads only the objects it changes."""
    key = template_key(data)
    cached = _INDEX.get(key)
    source = fields_source(key) if cached is None else None
    if source is not None:  # the form's fields, with the privacy line drawn in: the form's
        cached = _INDEX.get(source[0])
        if cached is None:
            _field_index(source[1], open_pdf(source[1], key=template_key)[1])
            cached = _INDEX.get(source[0])
    if cached is None:
        found = fields(reader)
        if len(_INDEX) > 64:
            _INDEX.clear()
        if all(f.obj_id is not None and None not in f.widget_ids for f in found):
            # without their objects (an empty /obj): _resolve reads them by number
            _INDEX[key] = [dataclasses.replace(f, obj=DictionaryObject(), widgets=[])
                           for f in found]
        return found
    return [_copied(f) for f in cached]


def _copied(f: PdfField) -> PdfField:
    """``dataclasses.replace(f)`` (a shallow copy: the same values, lists shared), without
    its per-field ``__init__`` (a form's 40 fields are copied in every fill)."""
    new = object.__new__(PdfField)
    new.__dict__.update(f.__dict__)
    return new


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
        return _fill_pdf(pdf, values, readonly, flatten, file, fill_readonly,
                         drop_signatures).pdf


def _fill_guarded(pdf: bytes, values: Mapping[str, object], readonly: Iterable[str],
                  file: str) -> _Filled:
    """:func:`fill_pdf` of one of our forms (not flattened), with what the fill drew."""
    from .pdfguard import guard

    with guard(file):
        return _fill_pdf(pdf, values, readonly, False, file, False, False, reuse=True)


@dataclasses.dataclass
class _Filled:
    """A filled PDF, the filler that drew it and its update's objects as written."""
    pdf: bytes
    filler: _Filler
    objects: dict[int, tuple[int, bytes]]


def _fill_pdf(pdf, values, readonly, flatten, file, fill_readonly, drop_signatures,
              reuse: bool = False) -> _Filled:
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
        raise _damaged(exc, file) from None
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
        return _apply(filler, reader, file, all_fields, checked, lock, flatten, reuse)
    except (KeyError, ValueError, TypeError, AttributeError, IndexError) as exc:
        raise _damaged(exc, file) from None


def _damaged(exc: Exception, file) -> PdfInputError:
    """The refusal of a form a field of which cannot be read."""
    if isinstance(exc, DamagedField):
        reason = str(exc)
    elif isinstance(exc, KeyError) and str(exc.args[0] if exc.args else "").startswith("/"):
        reason = f"a field is damaged (its {exc.args[0]} entry is missing or cannot be read)"
    else:
        reason = f"a field is damaged ({exc.__class__.__name__}: {exc})"
    return PdfInputError(f"the form cannot be filled: {reason}", file=file)


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
            if (ch.isascii() or winansi.needs_unicode(ch) is False
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


def _apply(filler, reader, file, all_fields, checked, lock, flatten, reuse=False) -> _Filled:
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
    objects = _serialized(filler, reader, reuse and not flatten)
    out = filler.update.write(objects)
    _remember_written(out, {num: obj for num, (_, obj) in filler.update.changed.items()})
    return _Filled(out, filler, objects)


#: (digest of the form whose fields a filled PDF has, its AcroForm's holder's number,
#: generation and offset there) -> the holder as a fill leaves it, as written: the same in
#: every fill of the form, or of the form with the privacy line (only finish() changes
#: it), so written once (the catalog with the /Fields of every field)
_HOLDERS: dict[tuple, tuple[int, bytes]] = {}


def _serialized(filler: _Filler, reader, reuse: bool) -> dict[int, tuple[int, bytes]]:
    """The fill's objects as written; with ``reuse``, the AcroForm's holder as written
    before when it is the same (:func:`_holder_key`)."""
    holder = _holder_key(filler, reader) if reuse else None
    if holder is None:
        return filler.update.objects()
    num = holder[1]
    known = _HOLDERS.get(holder)
    objects = filler.update.objects([n for n in sorted(filler.update.changed)
                                     if known is None or n != num])
    if known is not None:
        objects[num] = known
    elif num in objects:
        if len(_HOLDERS) >= 16:
            _HOLDERS.clear()
        _HOLDERS[holder] = objects[num]
    return objects


def _holder_key(filler: _Filler, reader) -> tuple | None:
    """The key of the filled PDF's AcroForm holder in :data:`_HOLDERS`, when it is the
    same object in every fill of the form (read from the form's own bytes) and holds no
    field (every field and widget an object of its own: the form's field index)."""
    ref = filler.acro_holder.indirect_reference
    index = _INDEX.get(filler.key)
    if ref is None or index is None or ref.idnum in reader.xref_objStm:
        return None
    offset = reader.xref.get(ref.generation, {}).get(ref.idnum)
    if not isinstance(offset, int) or offset >= filler.source_len or any(
            ref.idnum == f.obj_id or ref.idnum in f.widget_ids for f in index):
        return None
    return (filler.key, ref.idnum, ref.generation, offset)


def _remember_written(out: bytes, objects: dict[int, object]) -> None:
    if len(_WRITTEN) >= 16:  # the forms of one municipality at a time
        del _WRITTEN[0]
    _WRITTEN.append([out, objects, None])


#: the objects the last fills wrote, with the PDF each made and (once asked for) a hash of
#: it: the online form's plan of a prefilled form takes them from here rather than reading
#: them back (:func:`ipforms.site.fillplan.fill_plan`)
_WRITTEN: list[list] = []


def written_objects(key: bytes) -> dict[int, object]:
    """The objects a fill wrote into the PDF hashed ``key`` (BLAKE2b, 16 bytes), by
    number (each as it is in that PDF, its references read through the filled form), if
    it was one of the last.  (Each PDF is hashed here once, when a key is first asked
    for, the newest first; :func:`written_objects_of` needs no hash.)"""
    for entry in reversed(_WRITTEN):
        if entry[2] is None:
            entry[2] = hashlib.blake2b(entry[0], digest_size=16).digest()
        if entry[2] == key:
            return entry[1]
    return {}


def written_objects_of(pdf: bytes) -> dict[int, object] | None:
    """:func:`written_objects` of ``pdf``, found by identity: the very bytes object a
    fill returned (None: not one of the last)."""
    return next((entry[1] for entry in reversed(_WRITTEN) if entry[0] is pdf), None)


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

    filled, readonly = _form_values(load_form(form_id), lang, values, municipality, services)
    blank = template if template is not None else blank_pdf(form_id, lang, cache_dir)
    if municipality is not None:  # the privacy page's address, as text and a link
        blank = with_privacy_link(blank, municipality, lang)
    return fill_pdf(blank, filled, readonly=readonly, flatten=flatten,
                    file=form_path(form_id).with_suffix(f".{lang}.pdf").name)


def _form_values(form: FormDef, lang: str, values: Mapping[str, object] | None,
                 municipality: Municipality | None, services: Iterable[str]
                 ) -> tuple[dict[str, str], list[str]]:
    """The PDF field values :func:`fill_form` fills in ``form`` and the fields it makes
    read-only."""
    values = dict(values or {})
    readonly: list[str] = []
    if municipality is not None:
        ids = {f.id for f in form.fields}
        block = {k: v for k, v in municipality_values(municipality, lang).items() if k in ids}
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
    return pdf_values(form, values), readonly


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
