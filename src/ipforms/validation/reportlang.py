"""The report of ``ipforms validate`` in a municipality's third language (se, smj, sma).

ipforms ships no text in these languages: the municipality gives its own, in the same
translations file as for its pages and forms (``<slug>.<lang>.yml``, see
:mod:`ipforms.core.translations`), under these keys:

- ``messages.<code>`` for every message of ``resources/messages.yml`` (the same
  ``{placeholders}``; a law cited as ``{law:fvl:11 a}``);
- ``forms.<id>.fields.<field>.label`` and ``forms.<id>.sections.<section>.title``: the
  field names a message quotes (the same keys as the forms, :mod:`ipforms.forms.formlang`);
- ``laws.<act>`` for the name of each act cited, and ``laws.and``;
- ``report.characters``: the word after the count of characters left out of a long value.

The report is made only when every key is there: :func:`load` names each missing key in
nb and nn (:class:`IncompleteTranslation`), so a report is never partly Norwegian and
never depends on which findings a file happens to have.
"""

from __future__ import annotations

from pathlib import Path

from ..core.errors import DataError, IpformsError
from ..core.lang import EXTRA_LANGS, EXTRA_NAMES, Translations, using
from ..core.translations import read_translations

#: how many missing keys an error lists (the rest are counted)
SHOWN = 20


class IncompleteTranslation(IpformsError):
    """The translations file lacks keys the report needs; the message is in nb and nn."""

    def __init__(self, file: Path, lang: str, missing: list[str]):
        self.file, self.lang, self.missing = file, lang, missing
        keys = ", ".join(missing[:SHOWN]) + (
            f" (+{len(missing) - SHOWN})" if len(missing) > SHOWN else "")
        n = len(missing)
        nb_name, nn_name = EXTRA_NAMES[lang]["nb"], EXTRA_NAMES[lang]["nn"]
        super().__init__(
            f"{file}: rapporten kan ikke skrives på {lang} ({nb_name}): {n} "
            f"{'tekst' if n == 1 else 'tekster'} mangler: {keys}\n"
            f"{file}: rapporten kan ikkje skrivast på {lang} ({nn_name}): {n} "
            f"{'tekst' if n == 1 else 'tekstar'} manglar: {keys}",
            hint=f"legg til nøklene med teksten på {lang} / legg til nøklane med teksten "
                 f"på {lang}; eller bruk --lang nb / --lang nn")


def needed_keys(lang: str, texts: dict[str, str]) -> list[str]:
    """The keys a report in ``lang`` can need that ``texts`` lacks, sorted: every message,
    every field and section a message may name, the acts cited and the report's words."""
    from ..forms.formdef import load_form
    from ..forms.formids import list_forms
    from . import messages, report

    rec = Translations(lang, texts, record=True)
    with using(rec):
        for code in messages.catalogue():
            messages.text(code, lang)  # and the laws the translation cites
        for form_id in list_forms():
            for f in load_form(form_id).fields:
                messages.field_label(f"{form_id}:{f.id}", lang)
        report._law(lang)
        rec.get("report.characters")
        rec.get("laws.and")
    return sorted(rec.missing)


def _check_placeholders(path: Path, texts: dict[str, str]) -> None:
    """A message's translation may use only the ``{placeholders}`` its nb text has."""
    from . import messages

    for code, t in messages.catalogue().items():
        own = texts.get(f"messages.{code}")
        if own is None:
            continue
        try:
            extra = messages.placeholders(own) - messages.placeholders(t["nb"])
        except ValueError:  # a lone { or }
            raise DataError("en { eller } står alene / ein { eller } står åleine", file=path,
                            path=f"messages.{code}",
                            hint="skriv {{ og }} for en klamme i teksten / skriv {{ og }} for "
                                 "ei klamme i teksten") from None
        if extra:
            names = ", ".join("{" + n + "}" for n in sorted(extra))
            allowed = ", ".join(sorted("{" + n + "}" for n in messages.placeholders(t["nb"])))
            raise DataError(f"ukjent plassholder {names} / ukjend plasshaldar {names}",
                            file=path, path=f"messages.{code}",
                            hint=(f"meldingen har {allowed} / meldinga har {allowed}" if allowed
                                  else "meldingen har ingen plassholdere / meldinga har "
                                       "ingen plasshaldarar"))


def load(path: str | Path, lang: str) -> Translations:
    """The translations in ``path`` for a report in ``lang``; :class:`IncompleteTranslation`
    when any key is missing, a DataError when the file is not a translations file."""
    if lang not in EXTRA_LANGS:
        raise IpformsError(f"unknown language {lang!r}; expected one of "
                           f"{', '.join(EXTRA_LANGS)}")
    path = Path(path)
    texts = read_translations(path)
    _check_placeholders(path, texts)
    missing = needed_keys(lang, texts)
    if missing:
        raise IncompleteTranslation(path, lang, missing)
    return Translations(lang, texts)
