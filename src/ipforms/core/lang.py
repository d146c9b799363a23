"""The two written standards, nb (Bokmål) and nn (Nynorsk): the one list of them
(:data:`LANGS`), a text given in both (:class:`Text`), locale formatting (babel)
and the few words ipforms itself puts on a page (footer, labels).

A municipality in the administrative area for Sámi language (sameloven chapter 3)
may add a third language (:data:`EXTRA_LANGS`).  ipforms ships no text in it: the
municipality gives its own translations (the ``se``/``smj``/``sma`` key of its data
texts, and a file of translations for ipforms' own texts, see
:mod:`ipforms.core.translations`), and a text that is missing is an error naming
its key (:class:`MissingText`), never a silent fallback to Norwegian.

>>> format_size(99_328, "nb")
'PDF, 97 kB'
>>> format_size(1_250_000, "nn")
'PDF, 1,2 MB'
>>> import datetime; format_long_date(datetime.date(2026, 2, 1), "nn")
'1. februar 2026'
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

#: a written standard: Bokmål or Nynorsk
Lang = Literal["nb", "nn"]
#: the written standards every page, form and report exists in
LANGS = ("nb", "nn")
#: a third language a municipality may add: the Sámi languages of sameloven § 1-5
#: (nordsamisk, lulesamisk, sørsamisk) by their ISO 639 codes
ExtraLang = Literal["se", "smj", "sma"]
EXTRA_LANGS = ("se", "smj", "sma")
#: their names in the messages ipforms writes to editors (nb, nn); a page shows the
#: name the municipality's translations give (``language_name``)
EXTRA_NAMES = {"se": {"nb": "nordsamisk", "nn": "nordsamisk"},
               "smj": {"nb": "lulesamisk", "nn": "lulesamisk"},
               "sma": {"nb": "sørsamisk", "nn": "sørsamisk"}}


class MissingText(LookupError):
    """A text the third language ``lang`` has no translation for (``key``)."""

    def __init__(self, lang: str, key: str):
        super().__init__(f"no {lang} text for {key}")
        self.lang, self.key = lang, key


class Translations:
    """A municipality's own texts in a third language, by key (``words.phone``,
    ``laws.fvl``, ``webform.link``, ``forms.soknad.title`` ...).

    While ``record`` is on (``ipforms check`` and the build's completeness check) a
    missing key is noted in :attr:`missing` and a visible marker stands in for it;
    otherwise it raises :class:`MissingText`."""

    def __init__(self, lang: str, texts: Mapping[str, str], *, record: bool = False):
        self.lang = lang
        self.texts = dict(texts)
        self.record = record
        self.missing: set[str] = set()

    def get(self, key: str) -> str:
        text = self.texts.get(key)
        if text:
            return text
        if not self.record:
            raise MissingText(self.lang, key)
        self.missing.add(key)
        return f"[{self.lang}: {key}]"


_ACTIVE: ContextVar[dict[str, Translations] | None] = ContextVar("ipforms_translations",
                                                                default=None)


@contextmanager
def using(*translations: Translations) -> Iterator[None]:
    """Make these translations the ones :func:`extra_text` reads (in this thread)."""
    token = _ACTIVE.set({t.lang: t for t in translations})
    try:
        yield
    finally:
        _ACTIVE.reset(token)


def activate(*translations: Translations) -> None:
    """Make these translations the ones :func:`extra_text` reads from now on in this
    context (a site build: mkdocs calls the plugin in one thread)."""
    _ACTIVE.set({t.lang: t for t in translations})


def active(lang: str) -> Translations | None:
    """The translations in use for the third language ``lang``, if any."""
    return (_ACTIVE.get() or {}).get(lang)


def extra_text(key: str, lang: str) -> str:
    """The municipality's own text for ``key`` in the third language ``lang``."""
    found = active(lang)
    if found is None:
        raise MissingText(lang, key)
    return found.get(key)


def is_extra(lang: str) -> bool:
    return lang in EXTRA_LANGS


class Text(BaseModel):
    """A text in both written standards: ``text("nn")`` is the Nynorsk one."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    nb: str = Field(min_length=1)
    nn: str = Field(min_length=1)
    #: the municipality's own text in a third language (ipforms ships none)
    se: str | None = Field(default=None, min_length=1)
    smj: str | None = Field(default=None, min_length=1)
    sma: str | None = Field(default=None, min_length=1)

    def __call__(self, lang: str) -> str:
        """The text in ``lang``; a citation written ``{law:fvl:12}`` comes from laws.yml."""
        from .laws import with_citations  # laws -> errors only; imported late for start-up
        if lang in EXTRA_LANGS:
            value = getattr(self, lang)
            if value is None:
                found = active(lang)
                if found is None or not found.record:
                    raise MissingText(lang, "(data)")
                return f"[{lang}: {self.nb}]"  # ipforms check lists the data key itself
            return with_citations(value, lang)
        return with_citations(str(getattr(self, check_lang(lang))), lang)

#: Words ipforms itself writes into pages, per language.
WORDS: dict[str, dict[str, str]] = {
    "phone": {"nb": "Telefon", "nn": "Telefon"},
    "email": {"nb": "E-post", "nn": "E-post"},
    "accessibility": {"nb": "Tilgjengelighetserklæring", "nn": "Tilgjengelegheitserklæring"},
    "privacy": {"nb": "Personvern", "nn": "Personvern"},
    "language_name": {"nb": "Bokmål", "nn": "Nynorsk"},
}


def word(key: str, lang: str) -> str:
    if lang in EXTRA_LANGS:
        return extra_text(f"words.{key}", lang)
    return WORDS[key][lang]


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; expected 'nb' or 'nn'")
    return lang


def check_any_lang(lang: str) -> str:
    """``lang`` when it is nb, nn or one of the third languages."""
    if lang not in LANGS and lang not in EXTRA_LANGS:
        raise ValueError(f"unknown language {lang!r}; expected one of "
                         f"{', '.join(LANGS + EXTRA_LANGS)}")
    return lang


def format_long_date(day: _dt.date, lang: str) -> str:
    """A date as a person reads it: '24. november 2026' (babel's CLDR data: its
    month names are the standard's own, not ipforms' text)."""
    from babel.dates import format_date

    if not has_cldr_words(check_any_lang(lang)):
        return f"{day.day:02d}.{day.month:02d}.{day.year}"  # no words of our own
    return format_date(day, "long", locale=lang)


def has_cldr_words(lang: str) -> bool:
    """Whether babel's CLDR data has the language's own month names (it has for nb, nn
    and se; for smj and sma it falls back to 'M01', and a date is written in digits).

    >>> has_cldr_words("se"), has_cldr_words("sma")
    (True, False)
    """
    from babel import Locale

    return not Locale.parse(lang).months["format"]["wide"][1].startswith("M")


def format_size(num_bytes: int, lang: str, kind: str = "PDF") -> str:
    """A download size label such as 'PDF, 97 kB' (kB = 1024 bytes, like most file managers)."""
    from babel.units import format_unit

    if not has_cldr_words(check_any_lang(lang)):
        lang = "nb"  # digits and units only; babel's root data would write "1.2 MB"
    kb = num_bytes / 1024
    if kb < 1000:
        size = format_unit(max(1, round(kb)), "digital-kilobyte", length="short", locale=lang)
    else:
        size = format_unit(round(kb / 1024, 1), "digital-megabyte", length="short", locale=lang,
                           format="#,##0.#")
    return f"{kind}, {size}"
