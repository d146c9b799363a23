"""Draw a blank fillable PDF from a form definition: Jinja HTML + CSS -> WeasyPrint.

The PDF is tagged (``pdf_variant="pdf/ua-1"``: a structure tree with headings and one
``/Form`` element per field), carries ``/Lang`` and the title, and has one AcroForm
field per definition field, named by the field id.  WeasyPrint's output is then
tidied with pypdf so that it keeps the field contract:

* every field's tooltip (``/TU``) is its label in the form's language, with the condition of a
  conditional field (WeasyPrint
  uses the first radio button's label for a radio group);
* a ``choice`` field is a radio group whose on-states are the option ids
  (``/self``, ``/parent`` ...; WeasyPrint numbers them ``/0``, ``/1`` ...);
  a checkbox's on-state is ``/on``;
* the AcroForm has Liberation Sans (WinAnsiEncoding, so æøå work; embedded, as PDF/UA
  wants) as ``/Helv`` in ``/DR`` and every text field uses it, so a viewer and :mod:`ipforms.forms.fill` can
  draw any value;
* the document info holds ``/IpformsForm`` and ``/IpformsVersion``.

What WeasyPrint 70 writes (``weasyprint/pdf/anchors.py``), for the record: a text
input is a ``/Tx`` field with ``/MaxLen`` from ``maxlength`` and no appearance
stream, under ``/NeedAppearances true``; a textarea the same with the multi-line
flag; a checkbox a ``/Btn`` whose only drawn state is ``/on`` (``/Off`` has no
stream; the box is page content); radio buttons a ``/Btn`` group with the radio
flag, kids with states ``/0``, ``/1`` ... and the values in ``/Opt``, the kids also
listed as top-level fields; a select a ``/Ch`` combo box with ``/Opt`` pairs of
[value, text] and ``/V`` the value.  The tooltip is the text of the ``<label>``.
Every form field's font is embedded whole.

Drawing takes about a second; :func:`blank_pdf` caches the result in a folder,
keyed by a hash of everything that goes into it.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import io
import logging
from importlib import resources
from pathlib import Path

import jinja2
from pypdf import PdfReader
from pypdf.generic import (ArrayObject, DictionaryObject, NameObject,
                           TextStringObject)

from .._version import __version__
from ..core.errors import FormError, InternalError
from ..core.files import atomic_write, user_cache_dir
from .acroform import as_array, as_dict
from .appearance import FONT_NAME
from .winansi import winansi_font
from .formdef import FormDef, form_path, load_form
from .incremental import IncrementalUpdate
from .privacylink import PRIVACY_SLOT
from ..core.lang import EXTRA_LANGS, LANGS
from .formlang import frame_words, in_language

log = logging.getLogger(__name__)

#: Words of the form frame, one source for both written standards.
FRAME = {
    "page": {"nb": "Side", "nn": "Side"},
    "of": {"nb": "av", "nn": "av"},
    "signature": {"nb": "Underskrift", "nn": "Underskrift"},
    "version": {"nb": "versjon", "nn": "versjon"},
}
FONT_SIZE = 10
_FF_RADIO = 1 << 15


def _template_files() -> dict[str, bytes]:
    base = resources.files("ipforms.forms") / "templates"
    return {name: (base / name).read_bytes() for name in ("form.html.j2", "form.css")}


def tooltip(fdef, lang: str) -> str:
    """What a screen reader announces for a field: its label, and for a field that is
    required only in some cases, that condition ("Søkerens navn. Fylles ut hvis ...")."""
    if fdef.required_when:
        return f"{fdef.label(lang)}. {fdef.required_when.text(lang)}"
    return fdef.label(lang)


def render_html(form: FormDef, lang: str) -> str:
    """The form as an HTML document in ``lang`` (``nb`` or ``nn``; or a third language
    from the municipality's translations in use, :mod:`ipforms.forms.formlang`)."""
    if lang not in LANGS and lang not in EXTRA_LANGS:
        raise FormError(f"unknown language {lang!r}; expected nb or nn")
    form = in_language(form, lang)
    files = _template_files()
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=False, lstrip_blocks=False)
    template = env.from_string(files["form.html.j2"].decode("utf-8"))
    t = frame_words(lang) if lang in EXTRA_LANGS else {k: v[lang] for k, v in FRAME.items()}
    footer_left = f"{form.title(lang)}, {t['version']} {form.version}"
    return template.render(form=form, lang=lang, t=t, css=files["form.css"].decode("utf-8"),
                           footer_left=footer_left, ipforms_version=__version__,
                           privacy_slot=PRIVACY_SLOT)


def draw(form: FormDef, lang: str) -> bytes:
    """Draw the blank fillable PDF of ``form`` in ``lang`` (slow: WeasyPrint)."""
    import weasyprint

    form = in_language(form, lang)  # the tooltips too
    html = render_html(form, lang)
    raw = weasyprint.HTML(string=html, base_url=".").write_pdf(
        pdf_forms=True, pdf_variant="pdf/ua-1", uncompressed_pdf=False)
    return _tidy(raw, form, lang)


def _tidy(raw: bytes, form: FormDef, lang: str) -> bytes:
    """Fix WeasyPrint's form for the field contract, as an incremental update (so the
    compact object streams WeasyPrint wrote are kept)."""
    reader = PdfReader(io.BytesIO(raw))
    update = IncrementalUpdate(raw, reader)
    root = reader.root_object
    acro = _ours(root.get("/AcroForm"))
    # A /DR of our own with Liberation Sans (WinAnsi: æøå), embedded (PDF/UA), for filling
    # and typing; its resource name stays /Helv.  (WeasyPrint
    # embeds the fields' own font whole: form.css gives the fields a face used nowhere
    # else, so the text's font stays a small subset.)
    fonts = DictionaryObject({NameObject(FONT_NAME): winansi_font(update.add)})
    acro[NameObject("/DR")] = DictionaryObject({NameObject("/Font"): fonts})
    acro[NameObject("/DA")] = TextStringObject(f"{FONT_NAME} {FONT_SIZE} Tf 0 g")
    # WeasyPrint lists radio buttons both as kids of their group and as top-level
    # fields (each with /T and /FT): keep them as the group's widgets only.
    kid_ids = {k.idnum for ref in as_array(acro.get("/Fields"))
               for k in as_array(_ours(ref).get("/Kids"))}
    acro[NameObject("/Fields")] = ArrayObject(
        r for r in as_array(acro.get("/Fields")) if r.idnum not in kid_ids)
    seen = set()
    for ref in as_array(acro.get("/Fields")):
        field = _ours(ref)
        name = str(field.get("/T", ""))
        seen.add(name)
        try:
            fdef = form.field(name)
        except FormError:
            raise FormError(f"the drawn PDF has a field {name!r} that the definition lacks",
                            file=form_path(form.id)) from None
        field[NameObject("/TU")] = TextStringObject(tooltip(fdef, lang))
        if fdef.type == "choice":
            for kid in _rename_radio_states(field, fdef):
                update.mark(kid)
        elif field.get("/FT") == "/Tx":
            field[NameObject("/DA")] = TextStringObject(f"{FONT_NAME} {FONT_SIZE} Tf 0 g")
        update.mark(field)
    missing = [f.id for f in form.fields if f.id not in seen]
    if missing:
        raise FormError(f"the drawn PDF lacks fields {', '.join(missing)}",
                        file=form_path(form.id))
    # The form id and version, so that validation can tell which form a PDF is.
    info = _ours(reader.trailer.get("/Info"))
    info[NameObject("/IpformsForm")] = TextStringObject(form.id)
    info[NameObject("/IpformsVersion")] = TextStringObject(form.version)
    update.mark(info)
    # WeasyPrint names a destination for every element id; nothing links to them.  One
    # is kept: where prefilling puts the privacy page's address (forms.privacylink).
    names = as_dict(root.get("/Names"))
    if names is not None and "/Dests" in names:
        arr = as_array(_ours(names.get("/Dests")).get("/Names"))
        slot = [i for i in range(0, len(arr) - 1, 2) if str(arr[i]) == PRIVACY_SLOT]
        del names[NameObject("/Dests")]
        if slot:
            names[NameObject("/Dests")] = DictionaryObject({NameObject("/Names"): ArrayObject(
                [arr[slot[0]], arr[slot[0] + 1]])})
        if not names:
            del root[NameObject("/Names")]
        if getattr(names, "indirect_reference", None) is not None:
            update.mark(names)
    update.mark(root)
    if getattr(acro, "indirect_reference", None) is not None:
        update.mark(acro)
    return update.write()


def _ours(value: object) -> DictionaryObject:
    """A dictionary in the PDF WeasyPrint drew for us: its structure is known, so one
    that is missing is a fault of ours (a changed WeasyPrint), not of any input."""
    found = as_dict(value)
    if found is None:
        raise InternalError("the form WeasyPrint drew lacks a dictionary ipforms expects "
                            f"(WeasyPrint {importlib.metadata.version('weasyprint')})")
    return found


def _rename_radio_states(group: DictionaryObject, fdef) -> list:
    """WeasyPrint's radio kids have on-states /0, /1 ... and /Opt; use the option ids."""
    if not int(group.get("/Ff", 0)) & _FF_RADIO:
        raise FormError("expected a radio group", field=fdef.id)
    opts = [str(o) for o in as_array(group.get("/Opt"))]
    kids = as_array(group.get("/Kids"))
    for i, kid_ref in enumerate(kids):
        kid = _ours(kid_ref)
        for key in ("/T", "/TU", "/FT", "/V"):
            if key in kid:
                del kid[key]
        value = opts[i] if i < len(opts) else fdef.options[i].id
        normal = _ours(_ours(kid.get("/AP")).get("/N"))
        on = [k for k in normal if k != "/Off"]
        if len(on) != 1:
            raise FormError(f"radio button {i} has on-states {on}", field=fdef.id)
        normal[NameObject("/" + value)] = normal.pop(on[0])
        kid[NameObject("/AS")] = NameObject("/Off")
    if "/Opt" in group:
        del group["/Opt"]
    group[NameObject("/V")] = NameObject("/Off")
    return [k.get_object() for k in kids]


def cache_key(form_id: str, lang: str) -> str:
    """A hash of the definition, the template, the CSS and the versions that make the PDF."""
    import weasyprint

    h = hashlib.sha256()
    h.update(form_path(form_id).read_bytes())
    for name, data in sorted(_template_files().items()):
        h.update(name.encode() + b"\0" + data)
    h.update(f"{lang}\0{__version__}\0{weasyprint.__version__}\0{Path(__file__).read_bytes()!r}"
             .encode())
    if lang in EXTRA_LANGS:  # the municipality's own texts (a changed one draws anew)
        form = in_language(load_form(form_id), lang)  # the page and the tooltips
        h.update(render_html(form, lang).encode())
        h.update("\0".join(tooltip(f, lang) for f in form.fields).encode())
    return h.hexdigest()[:20]


def default_cache_dir() -> Path:
    """Where the CLI keeps blank forms: ``$XDG_CACHE_HOME/ipforms`` (``~/.cache/ipforms``)."""
    return user_cache_dir()


_memory: dict[tuple[str, str, str], bytes] = {}


def blank_pdf(form_id: str, lang: str, cache_dir: str | Path | None = None) -> bytes:
    """The blank fillable PDF of form ``form_id`` in ``lang``, drawn once per cache key."""
    key = cache_key(form_id, lang)
    mem_key = (form_id, lang, key)
    if mem_key in _memory:
        return _memory[mem_key]
    path = None
    if cache_dir is not None:
        cache_dir = Path(cache_dir)
        cache_dir.mkdir(parents=True, exist_ok=True)
        path = cache_dir / f"{form_id}-{lang}-{key}.pdf"
        if path.is_file():
            data = path.read_bytes()
            _memory[mem_key] = data
            return data
    log.info("drawing blank form %s (%s)", form_id, lang)
    data = draw(load_form(form_id), lang)
    if path is not None:
        atomic_write(path, data)
    _memory[mem_key] = data
    return data
