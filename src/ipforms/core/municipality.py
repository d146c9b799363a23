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
from pydantic_core import ErrorDetails
from pydantic import (BaseModel, ConfigDict, Field, HttpUrl, ValidationError,
                      field_validator)

from .errors import DataError
from .files import read_text
from .lang import Text
from .services import SERVICES, Service

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
EMAIL_RE = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
PHONE_RE = re.compile(r"^\+?[0-9][0-9 ]{6,15}[0-9]$")


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
    visiting_address: Address | None = None
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


class IpTool(_Model):
    """The electronic tool for individuell plan (Visma FLYT SamPro, ACOS IP, ...)."""

    name: str = Field(min_length=1)
    url: HttpUrl
    login: Text


class Collaboration(_Model):
    """A collaboration model such as BTI (Bedre tverrfaglig innsats)."""

    name: Text
    url: HttpUrl | None = None


class LocalText(_Model):
    """Optional local Markdown per page and language."""

    nb: str = ""
    nn: str = ""


class Municipality(_Model):
    slug: str
    name: Text
    kommunenummer: str
    unit: Unit
    services: list[Service] = Field(min_length=1)
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

    @field_validator("services")
    @classmethod
    def _unique(cls, v: list[str]) -> list[str]:
        if len(set(v)) != len(v):
            raise ValueError("a service is listed twice")
        return sorted(v, key=SERVICES.index)

    def offers(self, service: str) -> bool:
        return service in self.services


def _loc(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _explain(err: ErrorDetails) -> str:
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
