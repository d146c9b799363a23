"""Municipality data: one YAML file per municipality in ``data/municipalities/<slug>.yml``.

The schema is a pydantic model; :func:`load_municipality` turns any problem into a
:class:`~ipforms.core.errors.DataError` that names the file, the key path and what was
expected.  Text a citizen reads is given in both written standards (``nb`` and
``nn``) as a :class:`Text` pair; everything else (numbers, addresses, e-mail,
links, dates) is one fact shared by both languages.
"""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path
from typing import Literal

import yaml
from pydantic import (BaseModel, ConfigDict, Field, HttpUrl, ValidationError,
                      field_validator)

from .errors import DataError
from .laws import with_citations
from .files import read_text

LANGS = ("nb", "nn")
SERVICES = ("individuell-plan", "koordinator", "barnekoordinator")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
EMAIL_RE = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
PHONE_RE = re.compile(r"^\+?[0-9][0-9 ]{6,15}[0-9]$")



class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Text(_Model):
    """A text in both written standards."""

    nb: str = Field(min_length=1)
    nn: str = Field(min_length=1)

    def __call__(self, lang: str) -> str:
        """The text in ``lang``; a citation written ``{law:fvl:12}`` comes from laws.yml."""
        return with_citations(getattr(self, lang), lang)


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


def _explain(err: dict) -> str:
    kind = err["type"]
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return "unknown field (check the spelling; see data/municipalities/README.md)"
    if kind == "literal_error":
        return f"unknown value {err.get('input')!r}: {err['msg'].replace('Input should be', 'expected')}"
    msg = err["msg"]
    msg = msg.replace("Value error, ", "")
    msg = msg.replace("Input should be", "expected")
    return f"{msg} (got {err.get('input')!r})" if "input" in err and not isinstance(
        err.get("input"), dict) else msg


def parse_municipality(raw: object, *, slug: str, file: str | Path = "<data>") -> Municipality:
    """Validate already-parsed data; raise :class:`DataError` on the first problem."""
    if not isinstance(raw, dict):
        raise DataError("expected a mapping of keys to values at the top level", file=file)
    if "services" in raw:
        raise DataError("remove this key: individuell plan, koordinator and barnekoordinator "
                        "are duties of every municipality (helse- og omsorgstjenesteloven "
                        "§§ 7-1, 7-2 and 7-2 a), so all three are always published; "
                        "use 'local' to add local detail", file=file, path="services")
    if isinstance(raw.get("unit"), dict) and "visiting_address" in raw["unit"]:
        raise DataError("moved: write the office address under channels.in_person.address, "
                        "with channels.in_person.opening_hours", file=file,
                        path="unit.visiting_address")
    if "slug" in raw and raw["slug"] != slug:
        raise DataError(f"slug {raw['slug']!r} differs from the file name {slug!r}",
                        file=file, path="slug")
    try:
        return Municipality.model_validate({**raw, "slug": slug})
    except ValidationError as exc:
        errs = exc.errors()
        first = errs[0]
        extra = f" (and {len(errs) - 1} more problem{'s' if len(errs) > 2 else ''})" if len(errs) > 1 else ""
        path = _loc(first["loc"])
        raise DataError(_explain(first) + extra, file=file,
                        path=path or None) from None


def load_municipality(path: str | Path) -> Municipality:
    """Load and validate ``data/municipalities/<slug>.yml``."""
    path = Path(path)
    slug = path.stem
    if not SLUG_RE.match(slug):
        raise DataError("the file name must be a plain slug of a-z, 0-9 and hyphens, "
                        "like 'oyer.yml'", file=path, path="slug")
    text = read_text(path, DataError)
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else None
        raise DataError(f"not valid YAML: {getattr(exc, 'problem', exc)}", file=path,
                        path=where) from None
    return parse_municipality(raw, slug=slug, file=path)


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
