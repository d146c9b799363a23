"""The legal basis: every act, regulation and section ipforms cites, from one data file
(``resources/laws.yml``), named in both written standards and linked to Lovdata.

Pages cite with ``law("pbrl", "2-5 b")``, validator messages with ``{law:fvl:11 a}``, and
both come here, so a section that is not in the data file is an error, and the new
forvaltningsloven is one edit (``in_force.fvl`` in the data file).

>>> cite("pbrl", "2-5 b", "nn")
('pasient- og brukarrettslova § 2-5 b', 'https://lovdata.no/lov/1999-07-02-63/%C2%A72-5b')
>>> cite("fvl", "11 a", "nb")[0]
'forvaltningsloven § 11 a'
>>> format(LawRef("nn"), "fvl:12")
'forvaltningslova § 12'
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from importlib import resources
from urllib.parse import quote


from .files import load_yaml
from .errors import IpformsError


@dataclass(frozen=True)
class Act:
    key: str
    kind: str              # "lov" or "forskrift"
    id: str | None         # Lovdata id, LOV-1999-07-02-63 / FOR-2011-12-16-1256
    url: str | None        # the act on Lovdata (never a search)
    title: str
    nb: str
    nn: str
    sections: dict[str, str] = field(default_factory=dict)  # section -> what it is cited for
    renumbered_from: tuple[str, dict[str, str]] | None = None

    def name(self, lang: str) -> str:
        from .lang import EXTRA_LANGS, extra_text

        if lang in EXTRA_LANGS:  # the municipality's own translation (translations.py)
            return extra_text(f"laws.{self.key}", lang)
        if lang not in ("nb", "nn"):
            raise IpformsError(f"unknown language {lang!r}; expected 'nb' or 'nn'")
        return self.nb if lang == "nb" else self.nn


@dataclass(frozen=True)
class Laws:
    acts: dict[str, Act]
    aliases: dict[str, str]   # "fvl" -> the act in force

    def resolve(self, key: str, section: str | None = None) -> tuple[Act, str | None]:
        """The act a citation key means and the section in that act's numbering."""
        if key in self.aliases:
            act = self.acts[self.aliases[key]]
        elif key in self.acts:
            act = self.acts[key]
        else:
            known = ", ".join(sorted({*self.acts, *self.aliases}))
            raise IpformsError(f"unknown law {key!r}; expected one of {known} "
                               "(see src/ipforms/resources/laws.yml)")
        if section is None:
            return act, None
        section = normalise_section(section)
        if key in self.aliases and act.renumbered_from:
            # citations through an alias are written in the numbering of the act it replaces
            old_key, mapping = act.renumbered_from
            old = self.acts[old_key]
            if section not in old.sections:
                raise IpformsError(f"{key} § {section} is not in laws.yml ({old.key} lists "
                                   f"{', '.join(old.sections) or 'no sections'})")
            if not mapping.get(section):
                raise IpformsError(f"{key} § {section}: laws.yml has no section of {act.key} "
                                   f"for {old.key} § {section} (renumbered_from)")
            section = mapping[section]
        if section not in act.sections:
            raise IpformsError(f"{key} § {section} is not in laws.yml ({act.key} lists "
                               f"{', '.join(act.sections) or 'no sections'})")
        return act, section


def normalise_section(section: object) -> str:
    """``" 2-5  b"`` -> ``"2-5 b"``; ``"2-5b"`` -> ``"2-5 b"``."""
    text = " ".join(str(section).split())
    if text and text[-1].isalpha() and len(text) > 1 and text[-2].isdigit():
        text = text[:-1] + " " + text[-1]
    return text


def _parse(raw: dict, where: str) -> Laws:
    if not isinstance(raw, dict) or "acts" not in raw:
        raise IpformsError(f"{where}: expected 'acts:' and 'in_force:'")
    acts: dict[str, Act] = {}
    for key, a in raw["acts"].items():
        try:
            ren = a.get("renumbered_from")
            acts[key] = Act(
                key=key, kind=a["kind"], id=a.get("id"), url=a.get("url"), title=a["title"],
                nb=a["nb"], nn=a["nn"],
                sections={normalise_section(s): (v or {}).get("for", "")
                          for s, v in (a.get("sections") or {}).items()},
                renumbered_from=(ren["act"], {normalise_section(k): (normalise_section(v) if v
                                                                      else "")
                                              for k, v in (ren.get("sections") or {}).items()})
                if ren else None)
        except (KeyError, TypeError, AttributeError) as exc:
            raise IpformsError(f"{where}: act {key!r}: missing or bad key {exc}") from None
    aliases = dict(raw.get("in_force") or {})
    for alias, target in aliases.items():
        if target not in acts:
            raise IpformsError(f"{where}: in_force.{alias}: unknown act {target!r}")
    return Laws(acts, aliases)


@functools.lru_cache(maxsize=1)
def load() -> Laws:
    """The laws of ``resources/laws.yml`` (read once)."""
    src = resources.files("ipforms").joinpath("resources/laws.yml").read_text("utf-8")
    return _parse(load_yaml(src), "resources/laws.yml")


def acts() -> dict[str, Act]:
    """Every key a citation may use (acts and aliases such as ``fvl``) -> the act it means."""
    data = load()
    return {**data.acts, **{alias: data.acts[t] for alias, t in data.aliases.items()}}


def cite(key: str, section: str | None, lang: str) -> tuple[str, str]:
    """Return ``(link text, URL)`` for an act or one of its sections."""
    act, sec = load().resolve(key, section)
    name = act.name(lang)
    if act.url is None:
        raise IpformsError(f"{act.key} has no Lovdata URL in laws.yml yet")
    if sec is None:
        return name, act.url
    text = f"{name} § {sec}"
    return text, f"{act.url}/{quote('§' + sec.replace(' ', ''))}"


def cite_text(spec: str, lang: str) -> str:
    """``"fvl:11 a"`` -> ``"forvaltningsloven § 11 a"`` (``"ip-forskrift"`` for the act);
    several sections of one act: ``"pbrl:2-5 c,4-4"`` -> ``"pasient- og
    brukerrettighetsloven §§ 2-5 c og 4-4"``.

    >>> cite_text("pbrl:2-5,2-5 b", "nn")
    'pasient- og brukarrettslova §§ 2-5 og 2-5 b'
    """
    key, _, sections = spec.partition(":")
    parts = [p.strip() for p in sections.split(",") if p.strip()]
    if len(parts) <= 1:
        return cite(key.strip(), parts[0] if parts else None, lang)[0]
    texts = [cite(key.strip(), p, lang)[0] for p in parts]
    name = texts[0].rsplit(" § ", 1)[0]
    numbers = [t.rsplit(" § ", 1)[1] for t in texts]
    from .lang import EXTRA_LANGS, extra_text

    also = extra_text("laws.and", lang) if lang in EXTRA_LANGS else "og"
    return f"{name} §§ {', '.join(numbers[:-1])} {also} {numbers[-1]}"


#: a citation inside a text (message, form text): ``{law:fvl:12}``, ``{law:pbrl:2-5 c,4-4}``
CITATION_RE = re.compile(r"\{law:([^{}]+)\}")


def with_citations(text: str, lang: str) -> str:
    """Put the citation text in for every ``{law:...}`` in ``text`` (other braces kept).

    >>> with_citations("fullmakt ({law:fvl:12})", "nn")
    'fullmakt (forvaltningslova § 12)'
    """
    if "{law:" not in text:
        return text
    return CITATION_RE.sub(lambda mo: cite_text(mo.group(1), lang), text)


class LawRef:
    """Put into ``str.format`` as ``law``: ``"{law:fvl:12}"`` becomes the citation text."""

    def __init__(self, lang: str):
        self.lang = lang

    def __format__(self, spec: str) -> str:
        return cite_text(spec, self.lang)
