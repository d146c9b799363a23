"""Municipality data: one YAML file per municipality in ``data/municipalities/<slug>.yml``.

The schema is a pydantic model; :func:`load_municipality` turns any problem into a
:class:`~ipforms.core.errors.DataError` that names the file, the key path and what was
expected.  Text a citizen reads is given in both written standards (``nb`` and
``nn``) as a :class:`Text` pair; everything else (numbers, addresses, e-mail,
links, dates) is one fact shared by both languages.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import yaml
from pydantic_core import ErrorDetails
from pydantic import (BaseModel, ConfigDict, Field, HttpUrl, ValidationError,
                      field_validator)

from .errors import DataError
from .files import read_text
from .lang import Lang, Text
from .services import SERVICES

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
EMAIL_RE = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
PHONE_RE = re.compile(r"^\+?[0-9][0-9 ]{6,15}[0-9]$")
COLOUR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
#: the header text colour the theme draws on the main colour (Material: white)
HEADER_TEXT = "#ffffff"
#: WCAG 2.1 success criterion 1.4.3: normal text needs at least 4.5:1
MIN_CONTRAST = 4.5
LOGO_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg", ".webp")


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of ``#rrggbb``.

    >>> relative_luminance("#ffffff"), relative_luminance("#000000")
    (1.0, 0.0)
    """
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _linear(r) + 0.7152 * _linear(g) + 0.0722 * _linear(b)


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2.1 contrast ratio of two ``#rrggbb`` colours, from 1 to 21.

    >>> round(contrast_ratio("#000000", "#ffffff"), 1), round(contrast_ratio("#767676", "#ffffff"), 2)
    (21.0, 4.54)
    """
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Address(_Model):
    street: str = Field(min_length=1, description="street address or 'Postboks 84'")
    postcode: str = Field(pattern=r"^[0-9]{4}$", description="four-digit postnummer")
    place: str = Field(min_length=1)

    def one_line(self) -> str:
        return f"{self.street}, {self.postcode} {self.place}"


class Unit(_Model):
    """The unit that receives applications (koordinerende enhet, tildelingsenhet, ...)."""

    name: Text
    postal_address: Address
    email: str
    phone: str
    opening_hours: Text

    @field_validator("email")
    @classmethod
    def _email(cls, v: str) -> str:
        if not EMAIL_RE.match(v):
            raise ValueError("expected an e-mail address like postmottak@kommune.no")
        return v

    @field_validator("phone")
    @classmethod
    def _phone(cls, v: str) -> str:
        if not PHONE_RE.match(v):
            raise ValueError("expected a phone number of digits and spaces, like '61 26 60 00'")
        return v


class InPerson(_Model):
    """Hand in the application, or apply orally, at the office."""

    address: Address
    opening_hours: Text


class ByPhone(_Model):
    """Apply orally by telephone (default: the unit's phone number and opening hours)."""

    number: str | None = None
    opening_hours: Text | None = None

    @field_validator("number")
    @classmethod
    def _phone(cls, v: str | None) -> str | None:
        if v is not None and not PHONE_RE.match(v):
            raise ValueError("expected a phone number of digits and spaces, like '61 26 60 00'")
        return v


class SecureDigital(_Model):
    """A secure digital channel for sending the application (not ordinary e-mail)."""

    name: Text
    url: HttpUrl


class Channels(_Model):
    """How an application can be made, besides post to ``unit.postal_address``."""

    in_person: InPerson | None = None
    phone: ByPhone | None = None
    digital: SecureDigital | None = None


class Link(_Model):
    """A link to a page or document of the municipality's own."""

    text: Text
    url: HttpUrl


class Links(_Model):
    """Optional links to the municipality's own material."""

    brochure: Link | None = None
    film: Link | None = None


class IpTool(_Model):
    """The electronic tool for individuell plan (Visma FLYT SamPro, ACOS IP, ...)."""

    name: str = Field(min_length=1)
    url: HttpUrl = Field(description="the address where one logs in")
    login: Text
    login_guide: HttpUrl | None = Field(default=None, description="a guide to logging in")


class Collaboration(_Model):
    """A collaboration model such as BTI (Bedre tverrfaglig innsats)."""

    name: Text
    url: HttpUrl | None = None


#: Jinja syntax: page placeholders are not filled in a data file's local text
_PLACEHOLDER_RE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)


class LocalText(_Model):
    """Optional local Markdown per page and language."""

    nb: str = ""
    nn: str = ""

    @field_validator("nb", "nn")
    @classmethod
    def _no_placeholders(cls, v: str) -> str:
        found = _PLACEHOLDER_RE.search(v)
        if found:
            raise ValueError(
                f"placeholders such as {found.group(0)!r} are not filled in local text; "
                "write the value itself (the page already shows the unit's phone, e-mail "
                "and address)")
        return v


class Municipality(_Model):
    slug: str
    name: Text
    written_standard: Lang = Field(
        default="nb",
        description="the municipality's main written standard (målform): its pages are at "
                    "the site root, the other standard's under nb/ or nn/")
    base_url: HttpUrl | None = Field(
        default=None,
        description="the address the site is published at, e.g. "
                    "https://www.oyer.kommune.no/helse/individuell-plan/")
    logo: str | None = Field(
        default=None,
        description="file name of the logo beside the data file, e.g. oyer.logo.svg")
    colour: str | None = Field(
        default=None, description="main colour of the header and links, #rrggbb")
    kommunenummer: str
    unit: Unit
    channels: Channels = Field(default_factory=Channels)
    links: Links = Field(default_factory=Links)
    ip_tool: IpTool | None = None
    collaboration: Collaboration | None = None
    complaint_body: Text
    accessibility_statement: HttpUrl
    local: dict[Literal["index", "individuell-plan", "koordinator", "barnekoordinator"],
                LocalText] = Field(default_factory=dict)
    last_reviewed: _dt.date
    example_fields: list[str] = Field(
        default_factory=list,
        description="key paths whose values are made-up examples (demo data)")

    @field_validator("base_url")
    @classmethod
    def _base_url(cls, v: HttpUrl | None) -> HttpUrl | None:
        if v is None:
            return v
        if v.scheme not in ("https", "http"):
            raise ValueError("expected an http(s) address like https://www.oyer.kommune.no/individuell-plan/")
        if v.query or v.fragment:
            raise ValueError("expected an address without ?query or #fragment, "
                             "like https://www.oyer.kommune.no/individuell-plan/")
        text = str(v)
        return v if text.endswith("/") else HttpUrl(text + "/")

    @field_validator("logo")
    @classmethod
    def _logo(cls, v: str | None) -> str | None:
        if v is None:
            return v
        if "/" in v or "\\" in v or v.startswith("."):
            raise ValueError("expected the plain file name of a file beside the data file, "
                             "like 'oyer.logo.svg'")
        if not v.lower().endswith(LOGO_SUFFIXES):
            raise ValueError(f"expected a logo file ending in {', '.join(LOGO_SUFFIXES)}")
        return v

    @field_validator("colour")
    @classmethod
    def _colour(cls, v: str | None) -> str | None:
        if v is None:
            return v
        if not COLOUR_RE.match(v):
            raise ValueError("expected a colour as '#rrggbb', like '#1f5f8b'")
        ratio = contrast_ratio(v, HEADER_TEXT)
        if ratio < MIN_CONTRAST:
            raise ValueError(
                f"colour {v} has a contrast of {ratio:.2f}:1 with the white header text "
                f"({HEADER_TEXT}); at least {MIN_CONTRAST}:1 is needed (WCAG 1.4.3), "
                "choose a darker colour")
        return v.lower()

    @property
    def sub_lang(self) -> str:
        """The written standard under its own folder (``nn/`` or ``nb/``)."""
        return "nn" if self.written_standard == "nb" else "nb"

    def lang_prefix(self, lang: str) -> str:
        """The folder of ``lang``'s pages below the site root: ``""`` or ``"nn/"``.

        >>> m = Municipality.model_construct(written_standard="nn")
        >>> m.lang_prefix("nn"), m.lang_prefix("nb")
        ('', 'nb/')
        """
        return "" if lang == self.written_standard else f"{lang}/"

    @field_validator("kommunenummer")
    @classmethod
    def _knr(cls, v: str) -> str:
        if not re.fullmatch(r"[0-9]{4}", v):
            raise ValueError("expected a kommunenummer of exactly 4 digits, as a quoted string like '3440'")
        return v

    @field_validator("slug")
    @classmethod
    def _slug(cls, v: str) -> str:
        if not SLUG_RE.match(v):
            raise ValueError("expected a plain name of a-z, 0-9 and single hyphens, like 'oyer'")
        return v

    @property
    def services(self) -> tuple[str, ...]:
        """Every municipality offers all three services: they are duties by law
        (helse- og omsorgstjenesteloven §§ 7-1, 7-2 and 7-2 a), not local choices."""
        return SERVICES

    def channel_lines(self, lang: str) -> list[str]:
        """How to apply, one line per channel, in ``lang``: post first, then in person,
        a secure digital channel and telephone (oral application) when the data has them.
        Pages and the application form both show these lines."""
        u, c = self.unit, self.channels
        w = _CHANNEL_WORDS[lang]
        lines = [f"{w['post']}: {u.name(lang)}, {u.postal_address.one_line()}"]
        if c.in_person:
            lines.append(f"{w['in_person']}: {c.in_person.address.one_line()}, "
                         f"{_lower_first(c.in_person.opening_hours(lang))}")
        if c.digital:
            lines.append(f"{w['digital']}: {c.digital.name(lang)}, {c.digital.url}")
        if c.phone:
            number = c.phone.number or u.phone
            hours = c.phone.opening_hours(lang) if c.phone.opening_hours else u.opening_hours(lang)
            lines.append(f"{w['phone']}: {number}, {_lower_first(hours)}")
        return lines


_CHANNEL_WORDS = {
    "nb": {"post": "Send i posten", "in_person": "Lever selv eller søk muntlig",
           "digital": "Send sikkert digitalt", "phone": "Søk muntlig på telefon"},
    "nn": {"post": "Send i posten", "in_person": "Lever sjølv eller søk munnleg",
           "digital": "Send trygt digitalt", "phone": "Søk munnleg på telefon"},
}


def _lower_first(text: str) -> str:
    """``Hverdager kl. 8`` -> ``hverdager kl. 8`` (for use after a comma)."""
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def _loc(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


# -- reading the YAML: keep strings as written, remember where every key is ------------

class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader without its date type: a date stays the text the editor
    wrote, so an impossible date (2023-02-30) is a data error naming the key, never a
    crash inside the YAML library."""


_Loader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


@dataclass
class _Where:
    key_line: int
    value_line: int
    text: str | None  # the scalar exactly as written (for hints), None for lists/mappings
    quoted: bool
    block: bool = False  # a '|' or '>' text: its first line is the line after the key


def _yaml_problem(exc: yaml.YAMLError, file: str | Path) -> DataError:
    """A YAML syntax error in plain words, with the line where the mistake is."""
    problem = str(getattr(exc, "problem", "") or exc)
    context = str(getattr(exc, "context", "") or "")
    pmark = getattr(exc, "problem_mark", None)
    cmark = getattr(exc, "context_mark", None)
    line = pmark.line + 1 if pmark else None
    cline = cmark.line + 1 if cmark else None
    hint = None
    if "could not find expected ':'" in problem:
        line = cline or line
        msg = "this line is not 'key: value' (is the colon missing?)"
        hint = "every line is 'key: value', or a list item '- value'; a text that goes on over " \
               "several lines needs '|' after the key: 'nb: |'"
    elif "mapping values are not allowed" in problem:
        msg = "a colon followed by a space where YAML does not expect a new key"
        hint = 'put a text that contains ": " in quotes, like name: "Tid: kl. 08.00", ' \
               "and check that the line is indented like the lines around it"
    elif "expected <block end>" in problem or "expected <block mapping start>" in problem:
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


def _index(node: yaml.Node, path: tuple, lines: dict[tuple, _Where], file: str | Path,
           problems: list[DataError]) -> None:
    """Record the line of every key path under ``node``; report keys given twice."""
    if isinstance(node, yaml.MappingNode):
        seen: dict[object, int] = {}
        for k, v in node.value:
            key = k.value
            if key in seen:
                problems.append(DataError(
                    f"the key '{key}' is given twice (first on line {seen[key]})", file=file,
                    line=k.start_mark.line + 1, path=_loc(path + (key,)),
                    hint="keep one of them: YAML would silently use only the last"))
            seen[key] = k.start_mark.line + 1
            scalar = isinstance(v, yaml.ScalarNode)
            lines[path + (key,)] = _Where(k.start_mark.line + 1, v.start_mark.line + 1,
                                          v.value if scalar else None,
                                          scalar and v.style in ("'", '"'),
                                          scalar and v.style in ("|", ">"))
            _index(v, path + (key,), lines, file, problems)
    elif isinstance(node, yaml.SequenceNode):
        for i, v in enumerate(node.value):
            scalar = isinstance(v, yaml.ScalarNode)
            lines[path + (i,)] = _Where(v.start_mark.line + 1, v.start_mark.line + 1,
                                        v.value if scalar else None,
                                        scalar and v.style in ("'", '"'))
            _index(v, path + (i,), lines, file, problems)


@dataclass
class DataFile:
    """A data file as read: the parsed values, where each key is, and what is wrong."""
    path: Path
    raw: object = None
    lines: dict[tuple, _Where] = field(default_factory=dict)
    problems: list[DataError] = field(default_factory=list)
    municipality: Municipality | None = None

    def line(self, path: tuple) -> int | None:
        """The line of key path ``path`` (or of the nearest key above it that exists)."""
        while path:
            if path in self.lines:
                return self.lines[path].value_line
            path = path[:-1]
        return None


def read_data_file(path: str | Path) -> DataFile:
    """Read and check a data file, collecting every problem (never raises DataError
    for the content; only :func:`read_text` problems become the one problem)."""
    path = Path(path)
    df = DataFile(path)
    slug = path.stem
    if not SLUG_RE.match(slug):
        df.problems.append(DataError(
            "the file name must be a plain slug of a-z, 0-9 and hyphens, like 'oyer.yml'",
            file=path, path="slug"))
        return df
    try:
        text = read_text(path, DataError)
    except DataError as exc:
        df.problems.append(exc)
        return df
    try:
        node = yaml.compose(text, Loader=_Loader)
        if "<<" in text:  # a merge key: constructing rewrites the node; read the text again
            df.raw = yaml.load(text, Loader=_Loader)
        else:  # what yaml.load does after composing, without parsing the text twice
            df.raw = _Loader("").construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        df.problems.append(_yaml_problem(exc, path))
        return df
    if node is not None:
        _index(node, (), df.lines, path, df.problems)
    df.problems.extend(_validate(df, slug))
    m = df.municipality
    if m is not None and m.logo is not None and not (path.parent / m.logo).is_file():
        df.problems.append(DataError(f"no logo file {path.parent / m.logo} beside the data file",
                                     file=path, path="logo", line=df.line(("logo",)),
                                     hint=f"put the logo in {path.parent}/ or remove the key"))
    df.problems.sort(key=lambda p: p.line or 0)
    return df


# -- what each pydantic error means to an editor --------------------------------------

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


def _date_problem(written: str) -> tuple[str, str]:
    m = re.fullmatch(r"\s*(\d{1,2})[./](\d{1,2})[./](\d{4})\s*", written)
    if m:
        d, mo, y = (int(x) for x in m.groups())
        return (f"dates are written year-month-day (got {written!r})",
                f"write last_reviewed: {y:04d}-{mo:02d}-{d:02d}")
    m = re.fullmatch(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*", written)
    if m:
        y, mo, d = (int(x) for x in m.groups())
        if not 1 <= mo <= 12:
            return (f"{written} is not a real date: there is no month {mo}",
                    "dates are YYYY-MM-DD, like 2026-11-24")
        import calendar
        days = calendar.monthrange(y, mo)[1]
        month = _dt.date(y, mo, 1).strftime("%B")
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


def _validate(df: DataFile, slug: str) -> list[DataError]:
    raw, file = df.raw, df.path
    if raw is None:
        return [DataError("the file is empty", file=file, line=1,
                          hint="copy data/municipalities/oyer.yml and change the facts")]
    if not isinstance(raw, dict):
        return [DataError("expected 'key: value' lines at the top level", file=file, line=1,
                          hint="copy data/municipalities/oyer.yml and change the facts")]
    problems = []
    raw = dict(raw)
    if "services" in raw:  # data can add local detail, never remove a right
        problems.append(DataError(
            "remove this key: individuell plan, koordinator and barnekoordinator are duties "
            "of every municipality (helse- og omsorgstjenesteloven §§ 7-1, 7-2 and 7-2 a), "
            "so all three are always published", file=file, path="services",
            line=df.line(("services",)), hint="use 'local' to add local detail to a page"))
        del raw["services"]
    if isinstance(raw.get("unit"), dict) and "visiting_address" in raw["unit"]:
        problems.append(DataError(
            "moved: the office address is now channels.in_person.address, with "
            "channels.in_person.opening_hours", file=file, path="unit.visiting_address",
            line=df.line(("unit", "visiting_address")),
            hint="see 'channels' in data/municipalities/README.md"))
        raw["unit"] = {k: v for k, v in raw["unit"].items() if k != "visiting_address"}
    if "slug" in raw and raw["slug"] != slug:
        problems.append(DataError(f"slug {raw['slug']!r} differs from the file name {slug!r}",
                                  file=file, path="slug", line=df.line(("slug",)),
                                  hint="remove the slug key: the file name is the slug"))
    try:
        df.municipality = Municipality.model_validate({**raw, "slug": slug})
    except ValidationError as exc:
        errs = exc.errors()
        # a typo'd key ('opening_hour') is one problem, not also "opening_hours is missing"
        typos = {}
        for e in errs:
            if e["type"] == "extra_forbidden":
                model = _model_at(tuple(e["loc"])[:-1])
                close = difflib.get_close_matches(str(e["loc"][-1]), list(model.model_fields)
                                                  if model else [], n=1, cutoff=0.6)
                if close:
                    typos[tuple(e["loc"][:-1]) + (close[0],)] = e
        problems += [_explain_one(e, df) for e in errs
                     if not (e["type"] == "missing" and tuple(e["loc"]) in typos)]
    return problems


def parse_municipality(raw: object, *, slug: str, file: str | Path = "<data>") -> Municipality:
    """Validate already-parsed data; raise :class:`DataError` listing every problem."""
    df = DataFile(Path(file), raw=raw)
    problems = _validate(df, slug)
    if problems:
        raise DataError.collect(problems)
    assert df.municipality is not None
    return df.municipality


#: municipalities read without a problem, by file and text: ``ipforms build`` checks every
#: data file before it builds, and its workers (forked after the check) read them again
_LOADED: dict[tuple[str, str], Municipality] = {}


def load_municipality(path: str | Path) -> Municipality:
    """Load and validate ``data/municipalities/<slug>.yml``.

    Raises one :class:`DataError` for the first problem, with ``.problems`` holding all.
    The same text in the same file is parsed once (a municipality is immutable).
    """
    path = Path(path)
    try:
        key = (str(path), path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        key = None  # read_data_file says what is wrong
    found = _LOADED.get(key) if key is not None else None
    if found is not None and (found.logo is None or (path.parent / found.logo).is_file()):
        return found
    df = read_data_file(path)
    if df.problems:
        raise DataError.collect(df.problems)
    assert df.municipality is not None
    if key is not None:
        if len(_LOADED) > 4096:
            _LOADED.clear()
        _LOADED[key] = df.municipality
    return df.municipality


def logo_file(m: Municipality, data_dir: str | Path) -> Path | None:
    """The logo's file (beside the data file), or None."""
    return Path(data_dir) / m.logo if m.logo else None


def find_data_files(data_dir: str | Path) -> list[Path]:
    """The municipality files in ``data_dir``, sorted by slug."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise DataError("no such folder", file=data_dir)
    return sorted(p for p in data_dir.glob("*.yml") if not p.name.startswith("_"))


def load_all(data_dir: str | Path, slugs: list[str] | None = None) -> list[Municipality]:
    """Load every municipality (or only ``slugs``) from ``data_dir``."""
    files = {p.stem: p for p in find_data_files(data_dir)}
    if slugs:
        unknown = [s for s in slugs if s not in files]
        if unknown:
            raise DataError(f"no data file for {', '.join(unknown)}",
                            file=data_dir, hint=f"known: {', '.join(files) or 'none'}")
        files = {s: files[s] for s in slugs}
    return [load_municipality(p) for p in files.values()]
