"""What a problem in a data file means to an editor: a YAML syntax error or a pydantic
validation error in plain words, with the key path, the line and an example of what
to write."""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from pydantic import BaseModel
from pydantic_core import ErrorDetails

from ..errors import DataError
from ..lang import Text
from .schema import Municipality

if TYPE_CHECKING:
    from .load import DataFile


def _loc(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _yaml_problem(exc: yaml.YAMLError, file: str | Path, text: str = "") -> DataError:
    """A YAML syntax error in plain words, with the line where the mistake is (in
    libyaml's words or PyYAML's: both parsers are understood)."""
    problem = str(getattr(exc, "problem", "") or exc)
    context = str(getattr(exc, "context", "") or "")
    pmark = getattr(exc, "problem_mark", None)
    cmark = getattr(exc, "context_mark", None)
    line = pmark.line + 1 if pmark else None
    cline = cmark.line + 1 if cmark else None
    hint = None
    if pmark and "cannot start any token" in problem and text:
        at = text.split("\n", pmark.line + 1)[pmark.line:pmark.line + 1]
        if at and at[0][pmark.column:pmark.column + 1] == "\t":
            problem = "found character '\\t' that cannot start any token"
    if "could not find expected ':'" in problem:
        line = cline or line
        msg = "this line is not 'key: value' (is the colon missing?)"
        hint = "every line is 'key: value', or a list item '- value'; a text that goes on over " \
               "several lines needs '|' after the key: 'nb: |'"
    elif "mapping values are not allowed" in problem:
        msg = "a colon followed by a space where YAML does not expect a new key"
        hint = 'put a text that contains ": " in quotes, like name: "Tid: kl. 08.00", ' \
               "and check that the line is indented like the lines around it"
    elif ("expected <block end>" in problem or "expected <block mapping start>" in problem
          or "did not find expected key" in problem):
        msg = "the indentation does not line up with the lines above"
        hint = "keys at the same level must start in the same column; indent with spaces " \
               "(two per level), never tabs"
    elif "'\\t'" in problem or "\t" in problem:
        msg = "a tab character"
        hint = "indent with spaces, never tabs"
    elif "quoted scalar" in context:
        line = cline or line
        msg = "a quote (\" or ') that is opened here is never closed"
        hint = "end the text with the same quote it starts with"
    elif "flow sequence" in context or "flow mapping" in context:
        line = cline or line
        msg = "a list in [ ] or a mapping in { } that starts here is not closed"
        hint = "close it on the same line, like example_fields: [unit.phone, last_reviewed]"
    elif "found duplicate anchor" in problem or "alias" in problem:
        msg = "'&' or '*' starts a value"
        hint = "put a text that starts with & or * in quotes"
    else:
        msg = f"the file is not valid YAML: {problem}"
        hint = "compare with data/municipalities/oyer.yml; indent with spaces"
    return DataError(msg, file=file, line=line, hint=hint)


#: An example line per key, shown when a key is missing or its value is wrong.
EXAMPLES = {
    "name": "name: {nb: Øyer kommune, nn: Øyer kommune}",
    "kommunenummer": 'kommunenummer: "3440"',
    "written_standard": "written_standard: nn",
    "base_url": "base_url: https://www.oyer.kommune.no/helse/individuell-plan/",
    "logo": "logo: oyer.logo.svg",
    "colour": 'colour: "#2f5d1e"',
    "unit": "unit: (see data/municipalities/oyer.yml)",
    "email": "email: postmottak@kommune.no",
    "phone": "phone: 61 26 60 00",
    "opening_hours": "opening_hours: {nb: Hverdager kl. 08.00–15.30, nn: Kvardagar kl. 08.00–15.30}",
    "postal_address": 'postal_address: {street: Postboks 84, postcode: "2636", place: Øyer}',
    "in_person": 'in_person: {address: {street: Kongsvegen 325, postcode: "2636", place: Øyer}, '
                 'opening_hours: {nb: Hverdager kl. 09–14, nn: Kvardagar kl. 09–14}}',
    "address": 'address: {street: Kongsvegen 325, postcode: "2636", place: Øyer}',
    "street": "street: Kongsvegen 325",
    "postcode": 'postcode: "0150"',
    "place": "place: Øyer",
    "complaint_body": "complaint_body: {nb: Statsforvalteren i Innlandet, nn: Statsforvaltaren i Innlandet}",
    "accessibility_statement": "accessibility_statement: https://uustatus.no/nb/erklaringer/publisert/...",
    "url": "url: https://www.example.no/",
    "privacy": "privacy: {dpo_email: personvernombud@kommune.no, retention: {nb: ..., nn: ...}}",
    "dpo_email": "dpo_email: personvernombud@kommune.no",
    "retention": "retention: {nb: Søknaden blir arkivert etter arkivloven., nn: ...}",
    "contact_person": "contact_person: {role: {nb: Systemkoordinator, nn: Systemkoordinator}}",
    "role": "role: {nb: Systemkoordinator, nn: Systemkoordinator}",
    "sami": "sami: {where: {nb: ..., nn: ...}}",
    "where": "where: {nb: Du kan få hjelp på samisk hos ..., nn: ...}",
    "languages": "languages: [se]   (se nordsamisk, smj lulesamisk, sma sørsamisk)",
    "last_reviewed": "last_reviewed: 2026-11-24",
    "login": "login: {nb: Du logger inn med ID-porten., nn: Du loggar inn med ID-porten.}",
    "nb": "nb: Tildelingsenheten",
    "nn": "nn: Tildelingseininga",
}


def _model_at(loc: tuple) -> type[BaseModel] | None:
    """The model class that holds the keys at ``loc`` (for 'did you mean')."""
    model: type[BaseModel] | None = Municipality
    for part in loc:
        if model is None or isinstance(part, int):
            continue
        if model is Municipality and part == "local":
            return None
        f = model.model_fields.get(str(part)) if model is not None else None
        if f is None:
            return None
        ann = f.annotation
        found = None
        for cand in getattr(ann, "__args__", None) or (ann,):
            if isinstance(cand, type) and issubclass(cand, BaseModel):
                found = cand
        model = found
    return model


def _example(key: object) -> str | None:
    return EXAMPLES.get(str(key)) if not isinstance(key, int) else None


#: month names as the messages write them (not the locale's: editors read them translated)
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def _date_hint(y: int, mo: int, d: int) -> str:
    """What to write for day ``d`` of month ``mo``: that date, or, when it does not
    exist (31.04.2026), the last day of the month, saying why.

    >>> _date_hint(2026, 4, 31)
    'write last_reviewed: 2026-04-30 (the last day of April 2026; 2026-04-31 does not exist)'
    >>> _date_hint(2026, 11, 2)
    'write last_reviewed: 2026-11-02'
    """
    import calendar
    if not 1 <= mo <= 12 or not 1 <= y <= 9999:
        return "dates are YYYY-MM-DD, like 2026-11-24"
    last = calendar.monthrange(y, mo)[1]
    if 1 <= d <= last:
        return f"write last_reviewed: {y:04d}-{mo:02d}-{d:02d}"
    month = _MONTHS[mo - 1]
    return (f"write last_reviewed: {y:04d}-{mo:02d}-{last:02d} (the last day of {month} {y}; "
            f"{y:04d}-{mo:02d}-{d:02d} does not exist)")


def _date_problem(written: str) -> tuple[str, str]:
    m = re.fullmatch(r"\s*(\d{1,2})[./](\d{1,2})[./](\d{4})\s*", written)
    if m:
        d, mo, y = (int(x) for x in m.groups())
        return (f"dates are written year-month-day (got {written!r})", _date_hint(y, mo, d))
    m = re.fullmatch(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*", written)
    if m:
        y, mo, d = (int(x) for x in m.groups())
        if not 1 <= mo <= 12:
            return (f"{written} is not a real date: there is no month {mo}",
                    "dates are YYYY-MM-DD, like 2026-11-24")
        import calendar
        days = calendar.monthrange(y, mo)[1]
        month = _MONTHS[mo - 1]
        return (f"{written} is not a real date: {month} {y} has {days} days",
                "dates are YYYY-MM-DD, like 2026-11-24")
    return (f"expected a date written YYYY-MM-DD (got {written!r})",
            "write it like last_reviewed: 2026-11-24")


def _explain_one(err: ErrorDetails, df: DataFile) -> DataError:
    loc = tuple(err["loc"])
    kind = err["type"]
    where = df.lines.get(loc)
    written = where.text if where else None
    key = loc[-1] if loc else None
    path = _loc(loc) or None
    line = df.line(loc)
    inp = err.get("input")
    hint: str | None = None
    if kind == "missing":
        parent = _loc(loc[:-1])
        msg = f"the key '{key}' is missing" + (f" under '{parent}'" if parent else "")
        ex = _example(key)
        hint = f"add it, like {ex}" if ex else "add it (see data/municipalities/README.md)"
        line = df.lines[loc[:-1]].key_line if loc[:-1] in df.lines else 1
    elif kind == "extra_forbidden":
        msg = f"unknown key '{key}'"
        line = where.key_line if where else line
        model = _model_at(loc[:-1])
        known = list(model.model_fields) if model else []
        close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
        if close:
            hint = f"did you mean {close[0]}?"
        elif known:
            hint = f"the keys here are: {', '.join(k for k in known if k != 'slug')}"
    elif kind in ("string_type",) and isinstance(inp, bool):
        msg = f"expected a text, but YAML read {written!r} as {'true' if inp else 'false'}"
        hint = f"put it in quotes: {key}: \"{written}\""
    elif kind == "string_type" and isinstance(inp, (int, float)):
        text = written if written is not None else str(inp)
        msg = f"expected a text in quotes, but YAML read {text} as a number"
        if re.fullmatch(r"0[0-7]+", text or "") and str(inp) != text:
            msg += f" ({inp}: YAML reads numbers with a leading zero as octal)"
        elif (text or "").startswith("0"):
            msg += " (the leading zero is lost)"
        hint = f"put it in quotes: {key}: \"{text}\""
    elif kind.startswith("date") or kind.startswith("datetime"):
        msg, hint = _date_problem(str(written if written is not None else inp))
    elif kind == "literal_error":
        expected = err["msg"].replace("Input should be ", "")
        msg = f"unknown value {inp!r}; expected {expected}"
        options = re.findall(r"'([^']+)'", expected)
        close = difflib.get_close_matches(str(inp), options, n=1, cutoff=0.6)
        hint = f"did you mean {close[0]}?" if close else None
    elif kind == "string_pattern_mismatch" and key == "postcode":
        msg = f"expected a postcode of four digits (got {inp!r})"
        hint = f"write it in quotes, like {EXAMPLES['postcode']}"
    elif kind in ("model_type", "model_attributes_type", "dict_type"):
        model = _model_at(loc)
        if model is Text:
            msg = f"expected a text in both written standards (got {inp!r})"
            hint = f"write it as two lines under '{key}:', like  nb: {inp}  and  nn: ..."
        else:
            msg = f"expected keys under '{key}' (got {inp!r})"
            ex = _example(key)
            hint = f"like {ex}" if ex else "see data/municipalities/README.md"
    elif kind == "list_type":
        msg = f"expected a list (got {inp!r})"
        ex = _example(key)
        hint = f"like {ex}" if ex else "write [a, b] or one '- item' per line"
    elif kind.startswith("url"):
        msg = f"expected a web address (got {inp!r})"
        hint = "start it with https://, like https://www.example.no/"
    elif kind == "string_too_short" or (kind == "too_short" and isinstance(inp, str)):
        msg = "must not be empty"
        ex = _example(key)
        hint = f"like {ex}" if ex else None
    else:
        msg = err["msg"].replace("Value error, ", "").replace("Input should be", "expected")
        if "input" in err and not isinstance(inp, (dict, list)):
            msg += f" (got {inp!r})"
        ex = _example(key)
        hint = f"like {ex}" if ex else None
    return DataError(msg, file=df.path, path=path, line=line, hint=hint)

