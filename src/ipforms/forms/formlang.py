"""A form in a municipality's third language (sameloven chapter 3): every text of the
definition from the municipality's translations file, by key.

ipforms ships no text in the third languages (:mod:`ipforms.core.translations`); a form
in one is drawn only from the municipality's own texts, and a text it lacks is an
error naming its key (:class:`~ipforms.core.lang.MissingText`), never Norwegian.  The
keys, as ``ipforms check`` lists them::

    forms.frame.page / of / signature / version      the words of the page frame
    forms.<id>.title / intro / footer
    forms.<id>.sections.<section>.title / text
    forms.<id>.fields.<field>.label / help / when     (``when``: the required_when text)
    forms.<id>.fields.<field>.options.<option>

A section whose nb text is the signing table's form text (the application's "who
applies", tested to be the same) takes its text from the table's keys instead
(``signing.<phrase>.form``, :func:`ipforms.core.signing.form_text`), as the pages do.
A text may cite a law as the nb and nn texts do (``{law:fvl:12}``: the law's name is
the translation ``laws.<act>``).
"""

from __future__ import annotations

from ..core.lang import EXTRA_LANGS, Text, Translations, extra_text
from .formdef import FormDef, Section

#: the frame's words (pdfdraw.FRAME) in a third language
FRAME_KEYS = ("page", "of", "signature", "version")


def _text(text: Text, key: str, lang: str) -> Text:
    return text.model_copy(update={lang: extra_text(key, lang)})


def frame_words(lang: str) -> dict[str, str]:
    """The page frame's words in the third language ``lang``."""
    return {k: extra_text(f"forms.frame.{k}", lang) for k in FRAME_KEYS}


def in_language(form: FormDef, lang: str) -> FormDef:
    """``form`` with its texts in the third language ``lang`` (from the translations in
    use, :func:`ipforms.core.lang.using`); for nb and nn the form as it is."""
    if lang not in EXTRA_LANGS:
        return form
    from ..core import signing

    base = f"forms.{form.id}"
    top: dict[str, object] = {"title": _text(form.title, f"{base}.title", lang)}
    for name in ("intro", "footer"):
        value = getattr(form, name)
        if value is not None:
            top[name] = _text(value, f"{base}.{name}", lang)
    signing_nb = signing.form_text("nb")  # the applicant section's text (test_signing)
    sections: list[Section] = []
    for s in form.sections:
        sk = f"{base}.sections.{s.id}"
        update: dict[str, object] = {"title": _text(s.title, f"{sk}.title", lang)}
        if s.text is not None:
            update["text"] = (s.text.model_copy(update={lang: signing.form_text(lang)})
                              if s.text("nb") == signing_nb else _text(s.text, f"{sk}.text", lang))
        fields = []
        for f in s.fields:
            fk = f"{base}.fields.{f.id}"
            fu: dict[str, object] = {"label": _text(f.label, f"{fk}.label", lang)}
            if f.help is not None:
                fu["help"] = _text(f.help, f"{fk}.help", lang)
            if f.required_when is not None:
                fu["required_when"] = f.required_when.model_copy(
                    update={"text": _text(f.required_when.text, f"{fk}.when", lang)})
            if f.options:
                fu["options"] = [o.model_copy(update={"label": _text(
                    o.label, f"{fk}.options.{o.id}", lang)}) for o in f.options]
            fields.append(f.model_copy(update=fu))
        update["fields"] = fields
        sections.append(s.model_copy(update=update))
    top["sections"] = sections
    return form.model_copy(update=top)


def needed_keys(form_id: str, lang: str, texts: dict[str, str], *,
                municipality: object = None, attachments: bool = False) -> list[str]:
    """The keys of the translations file that filling ``form_id`` in ``lang`` needs and
    ``texts`` lacks, sorted: the form's drawing and tooltips, the municipality block
    (with ``municipality``), the attachment pages' words and descriptions (with
    ``attachments``); a data text of the municipality without ``lang`` as its path
    in the data (``unit.name``)."""
    from ..core.lang import using
    from ..core.translations import missing_data_texts
    from . import pdfdraw
    from .attach import PURPOSES, description
    from .formdef import load_form
    from .printpages import words

    rec = Translations(lang, texts, record=True)
    with using(rec):
        form = in_language(load_form(form_id), lang)
        pdfdraw.render_html(form, lang)
        for f in form.fields:
            pdfdraw.tooltip(f, lang)
        if municipality is not None:
            from .fill import municipality_values

            municipality_values(municipality, lang)  # type: ignore[arg-type]
            from .privacylink import line_text, privacy_url

            url = privacy_url(municipality, lang)
            if url:
                line_text(url, lang)  # the privacy line drawn on the form
        if attachments:
            words(lang)
            for kind in PURPOSES:
                description(kind, lang)
    data = missing_data_texts(municipality, lang) if municipality is not None else []
    return sorted(rec.missing) + data


def load(path: str, lang: str, form_id: str, *, municipality: object = None,
         attachments: bool = False) -> Translations:
    """The translations in ``path`` for filling ``form_id`` in ``lang`` (``ipforms fill
    --lang se --translations FILE``): an error in nb and nn naming every missing key,
    never a form partly in Norwegian."""
    from pathlib import Path

    from ..core.errors import IpformsError
    from ..core.lang import EXTRA_NAMES
    from ..core.translations import read_translations

    if lang not in EXTRA_LANGS:
        raise IpformsError(f"unknown language {lang!r}; expected one of "
                           f"{', '.join(EXTRA_LANGS)}")
    texts = read_translations(path)
    missing = needed_keys(form_id, lang, texts, municipality=municipality,
                          attachments=attachments)
    if missing:
        shown = ", ".join(missing[:20]) + (f" (+{len(missing) - 20})" if len(missing) > 20
                                           else "")
        n = len(missing)
        raise IpformsError(
            f"{Path(path)}: skjemaet kan ikke fylles ut på {lang} ({EXTRA_NAMES[lang]['nb']}): "
            f"{n} {'tekst' if n == 1 else 'tekster'} mangler: {shown}\n"
            f"{Path(path)}: skjemaet kan ikkje fyllast ut på {lang} "
            f"({EXTRA_NAMES[lang]['nn']}): {n} {'tekst' if n == 1 else 'tekstar'} manglar: "
            f"{shown}",
            hint=f"legg til nøklene med teksten på {lang} (dataene: {lang}: ved siden av nb "
                 f"og nn) / legg til nøklane med teksten på {lang} (dataa: {lang}: ved sida "
                 f"av nb og nn); eller bruk --lang nb / --lang nn")
    return Translations(lang, texts)
