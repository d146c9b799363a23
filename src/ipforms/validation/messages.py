"""Report text in nb and nn, from one source: ``resources/messages.yml``.

A message is found by its code; its ``{placeholders}`` are filled from a
finding's params, localised here: ``field`` becomes «label» (section) from the
form definition, ``services`` the services named in the language, dates are
written out by babel, a fødselsnummer is masked unless ``show_fnr``.

>>> text("word.invalid", "nn")
'IKKJE GYLDIG'
>>> render("field.required", "nb", field="soknad:person_phone")
'«Telefon» (Personen søknaden gjelder) mangler. Feltet må fylles ut.'
>>> render("fullmakt.scope_missing", "nn", {"name": "f.pdf", "services": ["ip", "koordinator"]})
'Fullmakta (f.pdf) dekkjer ikkje individuell plan og koordinator. Be om ei fullmakt som gjeld alt det blir søkt om.'
"""

from __future__ import annotations

import datetime as _dt
import functools
import string
from importlib import resources

import yaml

from ..core.errors import FormError
from ..core.lang import EXTRA_LANGS, LANGS, extra_text
from ..core.lang import format_long_date as format_date
from ..core.fnr import mask
from ..core.laws import CITATION_RE, with_citations
from ..forms.formdef import load_form

#: params holding a fødselsnummer (masked unless show_fnr)
FNR_PARAMS = {"fnr", "person_fnr", "applicant_fnr"}
#: a citation in a message, ``{law:fvl:11 a}``: rendered from resources/laws.yml
LAW_RE = CITATION_RE


@functools.lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, str]]:
    """All messages: ``{code: {"nb": ..., "nn": ...}}``."""
    src = resources.files("ipforms").joinpath("resources/messages.yml").read_text("utf-8")
    return yaml.safe_load(src)


def placeholders(template: str) -> set[str]:
    """The ``{names}`` a message fills from a finding's params (citations excluded)."""
    return {name for _, name, _, _ in string.Formatter().parse(LAW_RE.sub("", template))
            if name}


def text(code: str, lang: str, **params) -> str:
    """The message for ``code`` in ``lang`` with ``params`` put in as they are; in a third
    language the municipality's own (``messages.<code>``, :mod:`ipforms.validation.reportlang`)."""
    if lang not in LANGS and lang not in EXTRA_LANGS:
        raise ValueError(f"unknown language {lang!r}; expected 'nb' or 'nn'")
    try:
        template = catalogue()[code][lang if lang in LANGS else "nb"]
    except KeyError:
        raise KeyError(f"no message {code!r} in resources/messages.yml") from None
    if lang in EXTRA_LANGS:
        template = extra_text(f"messages.{code}", lang)
    template = with_citations(template, lang)
    return template.format(**params) if params else template


def field_label(ref: str, lang: str) -> str:
    """``"soknad:person_phone"`` -> ``«Telefon» (Personen søknaden gjelder)``."""
    form_id, _, field_id = ref.partition(":")
    try:
        form = load_form(form_id)
    except FormError:  # not one of our forms: the field's own name
        return f"«{field_id}»"
    for section in form.sections:
        for f in section.fields:
            if f.id == field_id and lang in EXTRA_LANGS:  # the form's keys (forms.formlang)
                where = extra_text(f"forms.{form_id}.sections.{section.id}.title", lang)
                if form_id != "soknad":
                    where = f"{text('form.' + form_id, lang)}: {where}"
                return f"«{extra_text(f'forms.{form_id}.fields.{f.id}.label', lang)}» ({where})"
            if f.id == field_id:
                where = section.title(lang)
                if form_id != "soknad":
                    where = f"{text('form.' + form_id, lang)}: {where}"
                return f"«{f.label(lang)}» ({where})"
    return f"«{field_id}»"


def services_text(keys, lang: str) -> str:
    """``["ip", "koordinator"]`` -> ``individuell plan og koordinator``."""
    names = [text(f"service.{k}", lang) for k in keys]
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {text('word.and', lang)} {names[-1]}"


class Count(int):
    """A number in a message.  ``{count:ingen tjenester|én tjeneste|# tjenester}`` picks
    the form for zero, one and more (``#`` is the number); a plain ``{count}`` is the number.

    >>> "{n:ingen tjenester|én tjeneste|# tjenester}".format(n=Count(3))
    '3 tjenester'
    """

    def __format__(self, spec: str) -> str:
        if "|" not in spec:
            return int.__format__(self, spec)
        forms = spec.split("|")
        if len(forms) == 2:  # one|other
            forms = [forms[1], forms[0], forms[1]]
        zero, one, other = forms[0], forms[1], forms[-1]
        chosen = zero if self == 0 else one if self == 1 else other
        return chosen.replace("#", str(int(self)))


def localise(key: str, value, lang: str, show_fnr: bool = False):
    if isinstance(value, int) and not isinstance(value, bool):
        return Count(value)
    if key == "field" and isinstance(value, str):
        return field_label(value, lang)
    if key == "fields" and isinstance(value, list):  # form:field references
        return ", ".join(field_label(v, lang) for v in value)
    if key == "services":
        return services_text(value, lang)
    if key == "type" and isinstance(value, str) and f"filetype.{value}" in catalogue():
        return text(f"filetype.{value}", lang)
    if key in FNR_PARAMS:
        return value if show_fnr else mask(value)
    if isinstance(value, _dt.date):
        return format_date(value, lang)
    if isinstance(value, str):  # a value from the file: never a whole 10 MB field
        return shorten(value, lang=lang)
    return value


#: the most characters of one value from a file a report shows (a 10 MB field value once
#: made a 10 MB report); the rest is counted, not shown
MAX_SHOWN = 300


def shorten(value: str, limit: int = MAX_SHOWN, *, lang: str = "nb") -> str:
    """``value`` cut to ``limit`` characters, with how many more there were.

    >>> shorten("x" * 310, 300)[-13:]
    'x… (+10 tegn)'
    """
    if len(value) <= limit:
        return value
    more = f"{len(value) - limit:,}".replace(",", " ")  # 199 699, as nb and nn write it
    chars = extra_text("report.characters", lang) if lang in EXTRA_LANGS else "tegn"
    return f"{value[:limit]}… (+{more} {chars})"


def render(code: str, lang: str, params: dict | None = None, *, field: str | None = None,
           show_fnr: bool = False) -> str:
    """A finding (code, params, field reference) as a sentence in ``lang``."""
    values = dict(params or {})
    if field is not None:
        values.setdefault("field", field)
    own = lang in EXTRA_LANGS and code in catalogue()  # the municipality's translation
    need = placeholders(extra_text(f"messages.{code}", lang) if own
                        else catalogue().get(code, {}).get(lang, ""))
    filled = {k: localise(k, v, lang, show_fnr) for k, v in values.items() if k in need}
    for k in need - filled.keys():
        filled[k] = "?"
    return text(code, lang, **filled)
