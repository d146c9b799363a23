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
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic_core import ErrorDetails
from pydantic import (BaseModel, ConfigDict, Field, HttpUrl, ValidationError,
                      field_validator)

from .errors import DataError
from .files import read_bytes, read_text
from .lang import ExtraLang, Lang, Text
from .services import SERVICES
from .translations import is_translations_file

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


#: what a municipality's name may not hold: markup, and control or invisible characters
_NAME_MARKUP = re.compile(r"[<>&\"`\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f]")


class Privacy(_Model):
    """Who answers for the personal data an application holds, for the privacy page
    (GDPR art. 13: controller, contact, data protection officer, how long)."""

    controller: Text | None = Field(
        default=None, description="the controller (behandlingsansvarlig); default: the municipality")
    dpo_email: str = Field(description="the data protection officer's (personvernombud) e-mail")
    dpo_phone: str | None = None
    retention: Text = Field(description="how long the application and the case are kept, "
                                        "in the municipality's words")
    url: HttpUrl | None = Field(default=None,
                                description="the municipality's own privacy statement, if any")

    @field_validator("dpo_email")
    @classmethod
    def _email(cls, v: str) -> str:
        if not EMAIL_RE.match(v):
            raise ValueError("expected an e-mail address like personvernombud@kommune.no")
        return v

    @field_validator("dpo_phone")
    @classmethod
    def _phone(cls, v: str | None) -> str | None:
        if v is not None and not PHONE_RE.match(v):
            raise ValueError("expected a phone number of digits and spaces, like '61 26 60 00'")
        return v


class ContactPerson(_Model):
    """A contact for questions before applying: a role (systemkoordinator), never a
    person's name (names change and are personal data)."""

    role: Text
    phone: str | None = None
    email: str | None = None

    @field_validator("email")
    @classmethod
    def _email(cls, v: str | None) -> str | None:
        if v is not None and not EMAIL_RE.match(v):
            raise ValueError("expected an e-mail address like systemkoordinator@kommune.no")
        return v

    @field_validator("phone")
    @classmethod
    def _phone(cls, v: str | None) -> str | None:
        if v is not None and not PHONE_RE.match(v):
            raise ValueError("expected a phone number of digits and spaces, like '61 26 60 00'")
        return v


class Sami(_Model):
    """For a municipality in the administrative area for Sámi language (sameloven
    chapter 3): where Sámi service is offered, in the municipality's own nb/nn words
    (ipforms writes no Sámi text of its own)."""

    where: Text = Field(description="where and how one is served in Sámi")
    url: HttpUrl | None = Field(default=None, description="a page in Sámi, if any")


#: Jinja syntax: page placeholders are not filled in a data file's local text
_PLACEHOLDER_RE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)


#: where a link in data may go: web pages, e-mail and phone (a link without a scheme
#: stays on the site)
LINK_SCHEMES = ("http", "https", "mailto", "tel")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
#: attributes local Markdown may give an element (what Markdown itself writes)
_LOCAL_ATTRS = {"href", "src", "alt", "title", "id", "class"}
_TABLE_ALIGN = re.compile(r"^text-align: (left|right|center);?$")


def link_allowed(url: str) -> bool:
    """Whether a link target is one data may give: http(s), mailto, tel or relative.

    >>> [link_allowed(u) for u in ("https://a.no/", "tel:12345678", "../koordinator/",
    ...  "javascript:alert(1)", "JaVa\tScript:x", "java&#115;cript:x", "data:text/html,x")]
    [True, True, True, False, False, False, False]
    """
    import html

    target = re.sub(r"[\x00-\x20\x7f-\x9f]", "", html.unescape(url)).lower()
    m = _SCHEME.match(target)
    return m is None or m.group(1) in LINK_SCHEMES


def local_markup_problem(text: str) -> str | None:
    """What is wrong with local Markdown as a page would show it (None: nothing): a
    link or image to anything but http(s), mailto or tel, or an attribute Markdown
    would not write by itself (``{: onclick=...}``)."""
    import html
    from html.parser import HTMLParser

    import markdown

    out = markdown.markdown(html.escape(text.strip(), quote=False),
                            extensions=["toc", "admonition", "attr_list", "tables"])
    problems: list[str] = []

    class _Walk(HTMLParser):
        def handle_starttag(self, tag, attrs):
            for name, value in attrs:
                value = value or ""
                if name in ("href", "src") and not link_allowed(value):
                    problems.append(f"a link to {value!r}: links in data may only go to "
                                    f"{', '.join(LINK_SCHEMES)} addresses")
                elif name == "style" and _TABLE_ALIGN.match(value):
                    continue
                elif name not in _LOCAL_ATTRS:
                    problems.append(f"the attribute '{name}' (from '{{: ...}}' after a link "
                                    "or paragraph?) is not allowed in local text")

    _Walk().feed(out)
    return problems[0] if problems else None


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
        problem = local_markup_problem(v)
        if problem:
            raise ValueError(problem)
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
    privacy: Privacy | None = Field(
        default=None, description="who answers for the personal data (the privacy page)")
    contact_person: ContactPerson | None = None
    sami: Sami | None = Field(
        default=None, description="set when the municipality is in the administrative area "
                                  "for Sámi language: where Sámi service is offered")
    languages: list[ExtraLang] = Field(
        default_factory=list, max_length=3,
        description="third languages the municipality gives its own texts in (se, smj, "
                    "sma; sameloven chapter 3), beside nb and nn; see core/translations.py")
    local: dict[Literal["index", "individuell-plan", "koordinator", "barnekoordinator"],
                LocalText] = Field(default_factory=dict)
    last_reviewed: _dt.date
    example_fields: list[str] = Field(
        default_factory=list,
        description="key paths whose values are made-up examples (demo data)")

    @field_validator("name")
    @classmethod
    def _plain_name(cls, v: Text) -> Text:
        # the theme writes the name into the header, the menu, every <title> and the 404
        # page as it is: it must not be able to hold markup
        for text in (v.nb, v.nn):
            bad = sorted(set(_NAME_MARKUP.findall(text)))
            if bad:
                shown = ", ".join(repr(c) if c.isprintable() else f"U+{ord(c):04X}" for c in bad)
                raise ValueError(f"a name cannot hold {shown} (the site's header, menu and "
                                 "titles show it as it is); write the name as plain text, "
                                 "like 'Øyer kommune'")
        return v

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

    @field_validator("languages")
    @classmethod
    def _languages(cls, v: list[str]) -> list[str]:
        if len(set(v)) != len(v):
            raise ValueError("a language is listed twice")
        return v

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
        def w(key: str) -> str:
            return channel_word(key, lang)
        lines = [f"{w('post')}: {u.name(lang)}, {u.postal_address.one_line()}"]
        if c.in_person:
            lines.append(f"{w('in_person')}: {c.in_person.address.one_line()}, "
                         f"{_lower_first(c.in_person.opening_hours(lang))}")
        if c.digital:
            lines.append(f"{w('digital')}: {c.digital.name(lang)}, {c.digital.url}")
        if c.phone:
            number = c.phone.number or u.phone
            hours = c.phone.opening_hours(lang) if c.phone.opening_hours else u.opening_hours(lang)
            lines.append(f"{w('phone')}: {number}, {_lower_first(hours)}")
        return lines


_CHANNEL_WORDS = {
    "nb": {"post": "Send i posten", "in_person": "Lever selv eller søk muntlig",
           "digital": "Send sikkert digitalt", "phone": "Søk muntlig på telefon"},
    "nn": {"post": "Send i posten", "in_person": "Lever sjølv eller søk munnleg",
           "digital": "Send trygt digitalt", "phone": "Søk munnleg på telefon"},
}


def channel_word(key: str, lang: str) -> str:
    """The words before a channel (``post``, ``in_person``, ``digital``, ``phone``); in a
    third language the municipality's own (``channels.<key>`` of its translations file,
    core/translations.py)."""
    from .lang import EXTRA_LANGS, extra_text

    if lang in EXTRA_LANGS:
        return extra_text(f"channels.{key}", lang)
    return _CHANNEL_WORDS[lang][key]


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

#: libyaml's parser when PyYAML has it (linear and fast; the pure-Python scanner took
#: 30 s for a 4 MB file), else PyYAML's own
_SafeBase: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: the largest data file read, and the most values (YAML nodes) it may hold: a
#: municipality's file is a few kB with about a hundred values
DATA_LIMIT = 1 << 20
MAX_NODES = 200_000


class _Loader(_SafeBase):
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


def _load_yaml(text: str, path: Path) -> tuple[yaml.Node | None, object]:
    """The node tree (for the lines of keys) and the values of a data file, in time
    linear in its length.  Aliases (``*name``) are refused: a data file never needs
    them, and a kilobyte of nested aliases unfolds into billions of values."""
    count = 0
    for event in yaml.parse(text, Loader=_Loader):
        line = event.start_mark.line + 1 if event.start_mark is not None else None
        if isinstance(event, yaml.AliasEvent):
            raise DataError(f"'*{event.anchor}' repeats a value given elsewhere (a YAML alias); "
                            "data files do not use aliases", file=path, line=line,
                            hint="write the value out where it is needed; put a text that "
                                 "starts with * or & in quotes")
        count += 1
        if count > MAX_NODES:
            raise DataError(f"more than {MAX_NODES:,} values; a municipality's data file has "
                            "about a hundred", file=path, line=line,
                            hint="compare with data/municipalities/oyer.yml")
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


def yaml_unfolds(text: str, limit: int = MAX_NODES) -> tuple[int, int] | None:
    """``(line, values)`` when the YAML ``text`` unfolds, its aliases repeated, into
    more than ``limit`` values (None otherwise, or when it is no valid YAML): for files
    that may use aliases, such as mkdocs.yml, which mkdocs reads unfolded (a kilobyte
    of nested aliases there took mkdocs build 2 GB and never ended).  Tags are not
    looked at.  Linear in the text: every node is sized once."""
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()
    if root is None:
        return None
    sizes: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:  # post-order without recursion (nesting may be 1,000 deep)
        node, done = stack.pop()
        if id(node) in sizes:
            continue
        kids = ([x for pair in node.value for x in pair] if isinstance(node, yaml.MappingNode)
                else list(node.value) if isinstance(node, yaml.SequenceNode) else [])
        if done:
            sizes[id(node)] = 1 + sum(sizes[id(k)] for k in kids)
        else:
            stack.append((node, True))
            stack.extend((k, False) for k in kids if id(k) not in sizes)
    total = sizes[id(root)]
    if total <= limit:
        return None
    line = root.start_mark.line + 1
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if sizes[id(value)] > limit // 10:
                line = key.start_mark.line + 1
                break
    return line, total


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
        text = read_text(path, DataError, within=path.parent, limit=DATA_LIMIT)
        node, df.raw = _load_yaml(text, path)
    except DataError as exc:
        df.problems.append(exc)
        return df
    except yaml.YAMLError as exc:
        df.problems.append(_yaml_problem(exc, path, text))
        return df
    if node is not None:
        _index(node, (), df.lines, path, df.problems)
    df.problems.extend(_validate(df, slug))
    m = df.municipality
    if m is not None and m.logo is not None and not os.path.lexists(path.parent / m.logo):
        df.problems.append(DataError(f"no logo file {path.parent / m.logo} beside the data file",
                                     file=path, path="logo", line=df.line(("logo",)),
                                     hint=f"put the logo in {path.parent}/ or remove the key"))
    elif m is not None and m.logo is not None:
        try:
            read_logo(path.parent / m.logo)
        except DataError as exc:
            df.problems.append(DataError(f"{exc.file}: {exc.reason}", file=path, path="logo",
                                         line=df.line(("logo",)), hint=exc.hint))
    df.problems.sort(key=lambda p: p.line or 0)
    return df


# -- the logo: a file beside the data file, published on the site ----------------------

#: the largest logo file read (a logo is a few kB; this keeps a mistake from filling a site)
LOGO_LIMIT = 1 << 20
_SVG_NS = "http://www.w3.org/2000/svg"
_XHTML_NS = "http://www.w3.org/1999/xhtml"
#: elements that run script, show foreign (HTML) content or load other documents
_SVG_ACTIVE = {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener",
               "audio", "video", "canvas"}
_SVG_ANIMATE = {"set", "animate", "animatemotion", "animatetransform", "animatecolor"}
_SVG_URL = re.compile(r"url\s*\(\s*['\"]?(?!#)|@import", re.I)
_RASTER_DATA = re.compile(r"^data:image/(png|jpeg|gif|webp);", re.I)


def svg_problem(data: bytes) -> str | None:
    """Why an SVG logo cannot be published (None: it can).  The logo is a file of
    the site: opened by its own address it runs in the site's origin, so it may hold
    no script, no event handler, no foreign (HTML) content, no DTD or entities and
    no reference to another file (only ``#fragment`` and raster ``data:`` images).

    >>> svg_problem(b'<svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>')
    >>> svg_problem(b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')
    "it holds an event handler ('onload')"
    """
    import xml.etree.ElementTree as ET

    head = data[:4096].lower()
    if b"<!doctype" in data.lower() or b"<!entity" in head:
        return "it holds a DTD or entity declaration (<!DOCTYPE ...>)"
    if re.search(rb"<\?(?!xml\s)", data):
        return "it holds a processing instruction such as <?xml-stylesheet ...?>"
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        return f"it is not well-formed XML ({exc})"
    if root.tag != f"{{{_SVG_NS}}}svg":
        return "it is not an SVG file (its first element is not <svg> in the SVG namespace)"
    for el in root.iter():
        ns, _, local = str(el.tag).rpartition("}")
        local = local.lower()
        if ns.lstrip("{") == _XHTML_NS or local in _SVG_ACTIVE:
            return f"it holds a <{local}> element"
        for name, value in el.attrib.items():
            attr = name.rpartition("}")[2].lower()
            if attr.startswith("on"):
                return f"it holds an event handler ({attr!r})"
            if attr in ("href", "src") and not (value.strip().startswith("#")
                                                or _RASTER_DATA.match(value.strip())):
                return f"it refers to another file ({value[:60]!r})"
            if attr == "style" and _SVG_URL.search(value):
                return "it holds a style that loads another file (url(...))"
            if local in _SVG_ANIMATE and attr == "attributename" \
                    and value.rpartition(":")[2].lower() in ("href", "src"):
                return f"it holds an <{local}> that changes a link"
        if local == "style" and _SVG_URL.search("".join(el.itertext())):
            return "it holds a style sheet that loads another file (url(...) or @import)"
    return None


def read_logo(path: str | Path) -> bytes:
    """The logo's bytes, or a :class:`DataError`: the file must be a regular file in
    the data folder (not a link out of it, not a pipe or device), at most
    :data:`LOGO_LIMIT` bytes, and an SVG logo must pass :func:`svg_problem`."""
    path = Path(path)
    data = read_bytes(path, DataError, within=path.parent, limit=LOGO_LIMIT)
    if path.suffix.lower() == ".svg":
        problem = svg_problem(data)
        if problem:
            raise DataError(f"this SVG logo cannot be published: {problem}",
                            file=path, hint="export the logo again as plain SVG (or as PNG)")
    return data


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
    try:  # the same safe read as read_data_file's: no FIFO, device or link out
        key = (str(path), read_text(path, DataError, within=path.parent, limit=DATA_LIMIT))
    except DataError:
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
    return sorted(p for p in data_dir.glob("*.yml")
                  if not p.name.startswith("_") and not is_translations_file(p))


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
