"""Acts and sections: ``law("key", "section")`` calls in the page templates,
``{law:key:section}`` citations in the data texts, and sections written as plain text,
all against the project's laws (``resources/laws.yml``, :mod:`ipforms.core.laws`)."""

from __future__ import annotations

import difflib
import re

from ...core import laws
from ...core.errors import IpformsError
from .report import Finding
from .text import line_of

_LAW_CALL_RE = re.compile(r"""\blaw\(\s*["']([^"']*)["']\s*(?:,\s*["']([^"']*)["']\s*)?\)""")
_SECTION_TEXT_RE = re.compile(r"§§?\s*\d+(?:-\d+)?(?:\s?[a-z]\b)?")


def check_law_calls(text: str, file: str) -> list[Finding]:
    """``law("key", "section")`` calls in a template: the act and the section are in the
    project's laws (``resources/laws.yml``, :mod:`ipforms.core.laws`)."""
    out = []
    known = laws.load()
    keys = sorted({*known.acts, *known.aliases})
    where = line_of(text)
    for m in _LAW_CALL_RE.finditer(text):
        line = where(m.start())
        key, section = m.group(1), m.group(2)
        if key not in keys:
            close = difflib.get_close_matches(key, keys, n=1)
            out.append(Finding(file, line, "law", f"law({key!r}): no such act in ipforms",
                               (f"did you mean {close[0]!r}? " if close else "")
                               + f"the acts: {', '.join(keys)}"))
            continue
        if section is None:
            continue
        if not re.fullmatch(r"\d+(?:-\d+)?(?: ?[a-z])?", section.strip()):
            out.append(Finding(file, line, "law", f"law({key!r}, {section!r}): not a section number",
                               "write the section like \"2-5\", \"2-5 b\" or \"11 a\", without §"))
            continue
        try:
            known.resolve(key, section)
        except IpformsError as exc:
            out.append(Finding(file, line, "law", f"law({key!r}, {section!r}): {exc}",
                               "check the section on Lovdata; a section that is right but "
                               "missing belongs in src/ipforms/resources/laws.yml"))
    return out


def check_section_text(text: str, file: str, first_line: int = 1) -> list[Finding]:
    """A section written as plain text (``§ 7-5``) gets no Lovdata link and no act name."""
    out = []
    cited = {sec for act in laws.load().acts.values() for sec in act.sections}
    where = line_of(text)
    for m in _SECTION_TEXT_RE.finditer(text):
        line = first_line + where(m.start()) - 1
        number = laws.normalise_section(m.group(0).lstrip("§ "))
        unknown = "" if number in cited else "; no act in ipforms' laws has that section"
        out.append(Finding(file, line, "law", f"'{m.group(0)}' is written as plain text{unknown}",
                           f"write {{{{ law(\"pbrl\", \"{m.group(0).strip('§ ')}\") }}}} "
                           "(with the right act) so both standards get the act's name and "
                           "a link to Lovdata"))
    return out


def check_citations(text: str, lang: str, file: str, first_line: int) -> list[Finding]:
    """``{law:pbrl:2-5}`` citations in a data text: each names an act and a section."""
    out = []
    where = line_of(text)
    for m in laws.CITATION_RE.finditer(text):
        try:
            laws.cite_text(m.group(1), lang)
        except IpformsError as exc:
            out.append(Finding(file, first_line + where(m.start()) - 1, "law", f"{m.group(0)}: {exc}",
                               "write it like {law:pbrl:2-5 b} (act key, colon, section)"))
    return out
