"""The two written standards, nb (Bokmål) and nn (Nynorsk): the one list of them
(:data:`LANGS`), a text given in both (:class:`Text`), locale formatting (babel)
and the few words ipforms itself puts on a page (footer, labels).

>>> format_size(99_328, "nb")
'PDF, 97 kB'
>>> format_size(1_250_000, "nn")
'PDF, 1,2 MB'
>>> import datetime; format_long_date(datetime.date(2026, 2, 1), "nn")
'1. februar 2026'
"""

from __future__ import annotations

import datetime as _dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

#: a written standard: Bokmål or Nynorsk
Lang = Literal["nb", "nn"]
#: the written standards every page, form and report exists in
LANGS = ("nb", "nn")


class Text(BaseModel):
    """A text in both written standards: ``text("nn")`` is the Nynorsk one."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    nb: str = Field(min_length=1)
    nn: str = Field(min_length=1)

    def __call__(self, lang: str) -> str:
        """The text in ``lang``; a citation written ``{law:fvl:12}`` comes from laws.yml."""
        from .laws import with_citations  # laws -> errors only; imported late for start-up
        return with_citations(str(getattr(self, check_lang(lang))), lang)

#: Words ipforms itself writes into pages, per language.
WORDS: dict[str, dict[str, str]] = {
    "phone": {"nb": "Telefon", "nn": "Telefon"},
    "email": {"nb": "E-post", "nn": "E-post"},
    "accessibility": {"nb": "Tilgjengelighetserklæring", "nn": "Tilgjengelegheitserklæring"},
    "language_name": {"nb": "Bokmål", "nn": "Nynorsk"},
}


def word(key: str, lang: str) -> str:
    return WORDS[key][lang]


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; expected 'nb' or 'nn'")
    return lang


def format_long_date(day: _dt.date, lang: str) -> str:
    """A date as a person reads it: '24. november 2026'."""
    from babel.dates import format_date

    return format_date(day, "long", locale=check_lang(lang))


def format_size(num_bytes: int, lang: str, kind: str = "PDF") -> str:
    """A download size label such as 'PDF, 97 kB' (kB = 1024 bytes, like most file managers)."""
    from babel.units import format_unit

    check_lang(lang)
    kb = num_bytes / 1024
    if kb < 1000:
        size = format_unit(max(1, round(kb)), "digital-kilobyte", length="short", locale=lang)
    else:
        size = format_unit(round(kb / 1024, 1), "digital-megabyte", length="short", locale=lang,
                           format="#,##0.#")
    return f"{kind}, {size}"
