"""Outdated names, terms and citations (``resources/outdated-terms.yml``), sentence by
sentence, in the standard (nb or nn) a text is written in."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

from ...core.files import load_yaml
from .report import Finding
from .text import sentences_with_lines


@dataclass(frozen=True)
class Term:
    pattern: re.Pattern
    lang: str | None
    requires: re.Pattern | None
    instead: dict[str, str]
    why: str


def outdated_terms() -> list[Term]:
    """The shipped list of outdated names and terms (``resources/outdated-terms.yml``)."""
    raw = load_yaml((resources.files("ipforms") / "resources" / "outdated-terms.yml"
                          ).read_text("utf-8"))
    out = []
    for e in raw:
        flags = 0 if e.get("case_sensitive") else re.I
        lang = e.get("lang", "both")
        out.append(Term(re.compile(e["pattern"], flags), None if lang == "both" else lang,
                        re.compile(e["requires"], re.I) if e.get("requires") else None,
                        dict(e["instead"]), e["why"]))
    return out


def check_terms(text: str, lang: str, file: str, first_line: int, terms: list[Term]
                ) -> list[Finding]:
    out = []
    for line, sentence in sentences_with_lines(text):
        for t in terms:
            if t.lang and t.lang != lang:
                continue
            m = t.pattern.search(sentence)
            if m and (t.requires is None or t.requires.search(sentence)):
                n = line + sentence[:m.start()].count("\n")
                out.append(Finding(file, first_line + n - 1, "terms",
                                   f"'{m.group(0)}' is outdated: write {t.instead[lang]}",
                                   t.why))
    return out
