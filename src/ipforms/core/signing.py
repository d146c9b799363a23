"""The signing rule, read from one decision table: ``resources/signing.yml``.

Who may apply for individuell plan, koordinator and barnekoordinator, and what
must come with the application, depend on who applies (the person, a parent with
parental responsibility, a verge, anyone else with a fullmakt), the person's age
on the day the application is received, and the service.  The table says it row
by row, with the section of law each row rests on; this module only reads it:

* :func:`rule_for` / :func:`decide` give the row for an application (used by
  :mod:`ipforms.validation.rules`);
* :func:`page_items` and :func:`form_text` render the "who signs" text of the
  pages and of the application form from the same rows;
* :func:`export` gives the table as plain dicts (JSON) for the online form.

>>> r = rule_for("parent", "16_or_17", "barnekoordinator")
>>> r.verdict, r.message, r.law
('ok', 'fullmakt.not_needed_barnekoordinator', ('pbrl 2-5 c',))
>>> rule_for("self", "under_16", "ip").verdict
'not_allowed'
>>> rule_for("parent", "16_or_17", "ip").requires
(('youth_signature', 'fullmakt_person'),)
>>> age_group(15, False), age_group(16, False), age_group(18, False), age_group(None, True)
('under_16', '16_or_17', '18_or_over', 'expected')
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources

import yaml

from . import laws
from .errors import IpformsError
from .lang import EXTRA_LANGS, extra_text
from .services import SERVICE_KEYS

AGES = ("expected", "under_16", "16_or_17", "18_or_over")
#: the services by their short keys, as the signing table and the form fields name them
SERVICES = SERVICE_KEYS
WHO = ("self", "parent", "verge", "proxy")
VERDICTS = ("ok", "requires", "check", "not_allowed", "not_entitled")
REQUIREMENTS = ("youth_signature", "fullmakt_person", "fullmakt_parent", "vergefullmakt")
#: pasient- og brukerrettighetsloven § 4-3: from 16 one consents to one's own health care
AGE_OWN_HEALTH = 16
#: the age of majority (vergemålsloven § 2); barnekoordinator ends here (pbrl § 2-5 c)
AGE_OF_MAJORITY = 18
_TOKEN = re.compile(r"\[\[([^\]]+)\]\]")


@dataclass(frozen=True)
class Rule:
    """One row of the table."""

    who: tuple[str, ...]
    age: tuple[str, ...]
    services: tuple[str, ...]
    verdict: str
    #: each item is met by any one of its alternatives
    requires: tuple[tuple[str, ...], ...]
    message: str
    law: tuple[str, ...]
    says: str | None

    def to_dict(self) -> dict:
        return {"who": list(self.who), "age": list(self.age), "services": list(self.services),
                "verdict": self.verdict, "requires": [list(r) for r in self.requires],
                "message": self.message, "law": list(self.law), "says": self.says}


@dataclass(frozen=True)
class Table:
    rules: tuple[Rule, ...]
    phrases: dict

    def lookup(self, who: str, age: str, service: str) -> Rule:
        for r in self.rules:
            if who in r.who and age in r.age and service in r.services:
                return r
        raise IpformsError(f"signing.yml: no rule for who={who} age={age} service={service}")


def _listed(value, known: tuple[str, ...], what: str, row: int) -> tuple[str, ...]:
    items = tuple(value) if isinstance(value, list) else (value,)
    for item in items:
        if item not in known:
            raise IpformsError(f"signing.yml: rule {row}: unknown {what} {item!r}; "
                               f"expected one of {', '.join(known)}")
    return items


def parse(raw: dict) -> Table:
    """Check and read the table: known words only, every (who, age, service) in exactly
    one row, every cited act known, every phrase in nb and nn."""
    rules = []
    for i, row in enumerate(raw.get("rules") or [], 1):
        verdict = row.get("verdict")
        if verdict not in VERDICTS:
            raise IpformsError(f"signing.yml: rule {i}: unknown verdict {verdict!r}")
        requires = tuple(tuple(str(item).split("|")) for item in row.get("requires") or [])
        for alts in requires:
            _listed(list(alts), REQUIREMENTS, "requirement", i)
        if verdict == "requires" and not requires:
            raise IpformsError(f"signing.yml: rule {i}: verdict 'requires' without requires")
        for ref in row.get("law") or []:
            act, _, section = str(ref).partition(" ")
            try:  # the act and the section must be in resources/laws.yml
                laws.load().resolve(act, section or None)
            except IpformsError as exc:
                raise IpformsError(f"signing.yml: rule {i}: {ref!r}: {exc}") from None
        says = row.get("says")
        if says is not None and says not in (raw.get("phrases") or {}):
            raise IpformsError(f"signing.yml: rule {i}: unknown phrase {says!r}")
        rules.append(Rule(_listed(row.get("who"), WHO, "who", i),
                          _listed(row.get("age"), AGES, "age", i),
                          _listed(row.get("services"), SERVICES, "service", i),
                          verdict, requires, str(row.get("message")),
                          tuple(str(x) for x in row.get("law") or []), says))
    for who in WHO:
        for age in AGES:
            for service in SERVICES:
                hits = [n for n, r in enumerate(rules, 1)
                        if who in r.who and age in r.age and service in r.services]
                if len(hits) != 1:
                    raise IpformsError(
                        f"signing.yml: who={who} age={age} service={service} is in "
                        f"{len(hits)} rules ({hits}); every case must be in exactly one")
    phrases = raw.get("phrases") or {}
    for pid, p in phrases.items():
        for part in ("title", "page", "form"):
            for lang in ("nb", "nn"):
                if not (p.get(part) or {}).get(lang):
                    raise IpformsError(f"signing.yml: phrase {pid!r}: {part}.{lang} is missing")
    return Table(tuple(rules), phrases)


@functools.lru_cache(maxsize=1)
def table() -> Table:
    src = resources.files("ipforms").joinpath("resources/signing.yml").read_text("utf-8")
    return parse(yaml.safe_load(src))


def age_group(age: int | None, expected: bool) -> str | None:
    """The table's age column for an age at the received date (None: unknown)."""
    if expected:
        return "expected"
    if age is None:
        return None
    if age < AGE_OWN_HEALTH:
        return "under_16"
    if age < AGE_OF_MAJORITY:
        return "16_or_17"
    return "18_or_over"


def rule_for(who: str, age: str, service: str) -> Rule:
    return table().lookup(who, age, service)


def decide(who: str, age: str, services: list[str]) -> dict[str, Rule]:
    """The row for each service applied for."""
    return {s: rule_for(who, age, s) for s in services}


# --- text for pages and forms ----------------------------------------------------------------

def _service_keys(service: str) -> tuple[str, ...]:
    """``"soknad"`` (the whole form) means every service; page names are accepted too."""
    if service == "soknad":
        return SERVICES
    key = {"individuell-plan": "ip"}.get(service, service)
    if key not in SERVICES:
        raise IpformsError(f"who_signs: unknown service {service!r}; expected one of "
                           f"individuell-plan, koordinator, barnekoordinator, soknad")
    return (key,)


def phrase_ids(service: str, offered: tuple[str, ...] = SERVICES) -> list[str]:
    """The phrases that apply to ``service``, in the order of the ``phrases`` section
    (for ``"soknad"``: those of the services in ``offered``)."""
    keys = tuple(k for k in _service_keys(service) if service != "soknad" or k in offered)
    used = {r.says for r in table().rules if r.says and set(keys) & set(r.services)}
    return [pid for pid in table().phrases if pid in used]


def law_name(ref: str, lang: str) -> str:
    """``"pbrl 4-3"`` -> ``pasient- og brukerrettighetsloven § 4-3`` (in ``lang``)."""
    act, _, section = ref.partition(" ")
    return laws.cite(act, section or None, lang)[0]


def fill(text: str, lang: str, token: Callable[[str], str] | None = None) -> str:
    """Replace ``[[...]]`` tokens: by ``token(name)`` when given, else law names in plain
    text (and ``[[fullmakt_form]]`` dropped)."""
    def sub(m: re.Match) -> str:
        name = m.group(1)
        if token is not None:
            return token(name)
        return "" if name == "fullmakt_form" else law_name(name, lang)
    return " ".join(_TOKEN.sub(sub, text).split())


def page_items(service: str, lang: str,
               offered: tuple[str, ...] = SERVICES) -> list[tuple[str, str]]:
    """``(title, text)`` per bullet of "who signs" on a page; text still holds ``[[...]]``."""
    ph = table().phrases
    if lang in EXTRA_LANGS:  # the municipality's own translation (core/translations.py)
        return [(extra_text(f"signing.{p}.title", lang), extra_text(f"signing.{p}.page", lang))
                for p in phrase_ids(service, offered)]
    return [(ph[p]["title"][lang], ph[p]["page"][lang]) for p in phrase_ids(service, offered)]


def form_text(lang: str) -> str:
    """The "who applies" text of the application form (all services)."""
    ph = table().phrases
    if lang in EXTRA_LANGS:
        return " ".join(fill(extra_text(f"signing.{p}.form", lang), lang)
                        for p in phrase_ids("soknad"))
    return " ".join(fill(ph[p]["form"][lang], lang) for p in phrase_ids("soknad"))


def export() -> dict:
    """The whole table as plain JSON-able data (for the online form)."""
    t = table()
    return {"ages": list(AGES), "services": list(SERVICES), "who": list(WHO),
            "age_own_health": AGE_OWN_HEALTH, "age_of_majority": AGE_OF_MAJORITY,
            "rules": [r.to_dict() for r in t.rules],
            "phrases": {k: {part: dict(v[part]) for part in ("title", "page", "form")}
                        for k, v in t.phrases.items()}}
