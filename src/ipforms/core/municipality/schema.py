"""The schema of a municipality's data file: a pydantic model per part (the unit, the
channels, links, privacy, local text), with the checks a value must pass.

Text a citizen reads is given in both written standards (``nb`` and ``nn``) as a
:class:`Text` pair; everything else (numbers, addresses, e-mail, links, dates) is one
fact shared by both languages.
"""

from __future__ import annotations

import datetime as _dt
import re
import threading
from html.parser import HTMLParser
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, field_validator

from ..lang import ExtraLang, Lang, Text
from ..services import SERVICES

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


#: local Markdown texts checked, and what was wrong (None): a text is a pure function's
#: argument here, so a text many data files share (nb and nn alike, a common notice) is
#: converted once per process
_MARKUP_PROBLEMS: dict[str, str | None] = {}
#: one Markdown converter per thread, reset between texts (making one costs three times
#: a conversion); dropped when a conversion fails
_CONVERTER = threading.local()
#: how often local Markdown was converted (tests/test_build_work.py)
MARKUP_CONVERSIONS = [0]
LOCAL_EXTENSIONS = ("toc", "admonition", "attr_list", "tables")


def local_markup_html(text: str) -> str:
    """The HTML that :func:`local_markup_problem` looks at: the text escaped and converted
    with ``markdown.markdown`` (a new converter each call gives the same HTML)."""
    import html

    import markdown

    MARKUP_CONVERSIONS[0] += 1
    md = getattr(_CONVERTER, "md", None)
    _CONVERTER.md = None  # a conversion that raises leaves no converter half-way
    if md is None:
        md = markdown.Markdown(extensions=list(LOCAL_EXTENSIONS))
    out = md.reset().convert(html.escape(text.strip(), quote=False))
    _CONVERTER.md = md
    return out


class _Walk(HTMLParser):
    """The problems of the links and attributes of local Markdown's HTML."""

    def __init__(self):
        super().__init__()
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            value = value or ""
            if name in ("href", "src") and not link_allowed(value):
                self.problems.append(f"a link to {value!r}: links in data may only go to "
                                     f"{', '.join(LINK_SCHEMES)} addresses")
            elif name == "style" and _TABLE_ALIGN.match(value):
                continue
            elif name not in _LOCAL_ATTRS:
                self.problems.append(f"the attribute '{name}' (from '{{: ...}}' after a link "
                                     "or paragraph?) is not allowed in local text")


def local_markup_problem(text: str) -> str | None:
    """What is wrong with local Markdown as a page would show it (None: nothing): a
    link or image to anything but http(s), mailto or tel, or an attribute Markdown
    would not write by itself (``{: onclick=...}``).  The same text is converted once."""
    if text in _MARKUP_PROBLEMS:
        return _MARKUP_PROBLEMS[text]
    walk = _Walk()
    walk.feed(local_markup_html(text))
    problem = walk.problems[0] if walk.problems else None
    if len(_MARKUP_PROBLEMS) > 4096:
        _MARKUP_PROBLEMS.clear()
    _MARKUP_PROBLEMS[text] = problem
    return problem


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
    from ..lang import EXTRA_LANGS, extra_text

    if lang in EXTRA_LANGS:
        return extra_text(f"channels.{key}", lang)
    return _CHANNEL_WORDS[lang][key]


def _lower_first(text: str) -> str:
    """``Hverdager kl. 8`` -> ``hverdager kl. 8`` (for use after a comma)."""
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text

