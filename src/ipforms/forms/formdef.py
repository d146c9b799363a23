"""Form definitions: ``forms/<id>.yml``, the single source for the PDF, filling and validation.

A definition has an id, a version, a title in nb and nn, and sections of fields.
Each field has an id (the PDF field name, the same in nb and nn), a type, a label
and optional help text in both written standards, ``required`` or
``required_when``, and a maximum length.  :meth:`FieldDef.parse` checks and
normalises one value; :meth:`FormDef.parse` does a whole set of answers.

>>> soknad = load_form("soknad")
>>> soknad.field("person_postcode").parse(" 2636 ")
'2636'
>>> soknad.field("sign_date").parse("2026-11-24")
'24.11.2026'
>>> soknad.field("service_ip").parse("ja")
True
>>> try:
...     soknad.field("person_fnr").parse("151086 95089")
... except FormError as e:
...     print(e.field, "|", e.reason)
person_fnr | not a valid fødselsnummer or D-nummer: the check digits are wrong (got '151086 95089')
"""

from __future__ import annotations

import datetime as _dt
import difflib
import functools
import os
import re
import stat
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from stdnum import exceptions as _stdnum_exc
from stdnum.no import fodselsnummer

from ..core.errors import FormError
from ..core.dates import EXAMPLE as DATE_EXAMPLE
from ..core.dates import format_short, parse_date
from ..core.lang import Text
from ..core.yesno import WORDS as YES_NO_WORDS
from ..core.yesno import parse_yes_no
from ..core.municipality import EMAIL_RE
from .formids import forms_dir, list_forms  # noqa: F401 - their home before

FieldType = Literal["text", "multiline", "date", "fnr", "postnummer", "phone", "email",
                    "checkbox", "choice"]
#: Value written into a PDF for a ticked checkbox (WeasyPrint's on-state).
CHECKBOX_ON = "on"
_DEFAULT_MAX = {"date": 10, "fnr": 11, "postnummer": 4, "phone": 20, "email": 80,
                "text": 80, "multiline": 2000}
_PHONE_RE = re.compile(r"^\+?[0-9 ]+$")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Option(_Model):
    """One possible value of a ``choice`` field."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: Text


class Condition(_Model):
    """``required_when``: the field is required when ``field``'s parsed value is in ``in``."""

    field: str
    in_: list[bool | str] = Field(alias="in", min_length=1)
    #: when the field must be filled in, in words, shown at the field instead of "*"
    text: Text

    def holds(self, values: dict) -> bool:
        return values.get(self.field, False if isinstance(self.in_[0], bool) else "") in self.in_


class FieldDef(_Model):
    """One form field; ``id`` is its PDF field name."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    type: FieldType
    label: Text
    help: Text | None = None
    required: bool = False
    required_when: Condition | None = None
    max_length: int | None = Field(default=None, gt=0)
    options: list[Option] = Field(default_factory=list)
    readonly: bool = False
    #: layout hint for the PDF: share of the line width
    width: Literal["full", "half", "third", "twothirds", "quarter", "threequarters"] = "full"
    #: layout hint for the PDF: label on the same line, left of the box
    inline: bool = False
    #: lines shown for a multi-line field
    lines: int = Field(default=4, ge=2, le=30)
    #: for a postnummer: the field naming the address's country; the four digits are asked
    #: only for an address in Norway (that field empty or naming Norway, :func:`in_norway`)
    country: str | None = None

    @model_validator(mode="after")
    def _check(self) -> FieldDef:
        if self.type == "choice" and len(self.options) < 2:
            raise ValueError("a choice field needs at least two options")
        if self.type != "choice" and self.options:
            raise ValueError("only a choice field has options")
        if self.required and self.required_when:
            raise ValueError("give either required or required_when, not both")
        return self

    @property
    def maxlen(self) -> int | None:
        """The maximum length of a text value (None for checkbox and choice)."""
        if self.type in ("checkbox", "choice"):
            return None
        return self.max_length or _DEFAULT_MAX[self.type]

    def option_ids(self) -> list[str]:
        return [o.id for o in self.options]

    def is_required(self, values: dict) -> bool:
        """Whether this field must be answered, given the other (parsed) answers."""
        if self.required:
            return True
        return bool(self.required_when and self.required_when.holds(values))

    def is_empty(self, value: object) -> bool:
        return value is None or value is False or value == ""

    def parse(self, raw: object, abroad: bool = False) -> str | bool:
        """Check and normalise a value: ``str`` for text types and choice, ``bool`` for checkbox;
        ``abroad``: a postnummer of an address outside Norway (any postal code, as text)."""
        err = functools.partial(FormError, field=self.id)
        if self.type == "checkbox":
            # the state names of our checkboxes (/on, /Off) read as yes and no too
            yes = parse_yes_no(str(raw).removeprefix("/") if isinstance(raw, str) else raw)
            if yes is None:
                raise err(f"a checkbox takes {YES_NO_WORDS}, got {raw!r}")
            return yes
        if raw is None:
            return ""
        if isinstance(raw, bool) or not isinstance(raw, (str, int, _dt.date)):
            raise err(f"expected {_TYPE_WORD[self.type]}, got {raw!r}")
        if isinstance(raw, _dt.date) and self.type != "date":
            raise err(f"expected {_TYPE_WORD[self.type]}, got a date")
        if self.type == "choice":
            s = str(raw).strip()
            if s == "":
                return ""
            if s not in self.option_ids():
                raise err(f"unknown choice {s!r}; expected one of {', '.join(self.option_ids())}")
            return s
        value = _PARSERS["text" if abroad and self.type == "postnummer" else self.type](self, raw)
        if self.maxlen is not None and len(value) > self.maxlen:
            raise err(f"too long: {len(value)} characters, at most {self.maxlen} allowed")
        return value

    def to_pdf(self, value: str | bool) -> str:
        """The value as written into the PDF field (a checkbox gives ``on`` or ``Off``)."""
        if self.type == "checkbox":
            return CHECKBOX_ON if value else "Off"
        return str(value)


def _text(f: FieldDef, raw: object) -> str:
    s = str(raw).replace("\r\n", "\n").replace("\r", "\n")
    if f.type == "multiline":
        return "\n".join(line.rstrip() for line in s.strip().split("\n"))
    if "\n" in s.strip():
        raise FormError("expected one line of text, got a line break", field=f.id)
    return " ".join(s.split())


def _date(f: FieldDef, raw: object) -> str:
    if not isinstance(raw, _dt.date) and str(raw).strip() == "":
        return ""
    day = parse_date(raw)
    if day is None:
        raise FormError(f"expected a date written dd.mm.åååå, like {DATE_EXAMPLE}, "
                        f"got {str(raw).strip()!r}", field=f.id)
    return format_short(day)


_FNR_WHY = {
    _stdnum_exc.InvalidChecksum: "the check digits are wrong",
    _stdnum_exc.InvalidLength: "it must have 11 digits",
    _stdnum_exc.InvalidFormat: "it must be 11 digits",
    _stdnum_exc.InvalidComponent: "the birth date in it is not a real date",
}


def _fnr(f: FieldDef, raw: object) -> str:
    s = str(raw).strip()
    if s == "":
        return ""
    try:
        return fodselsnummer.validate(s)
    except _stdnum_exc.ValidationError as exc:
        why = _FNR_WHY.get(type(exc), str(exc))
        raise FormError(f"not a valid fødselsnummer or D-nummer: {why} (got {s!r})",
                        field=f.id) from None


def _postnummer(f: FieldDef, raw: object) -> str:
    s = str(raw).strip()
    if s and not re.fullmatch(r"[0-9]{4}", s):
        raise FormError(f"expected a postnummer of 4 digits, like 2636, got {s!r}", field=f.id)
    return s


def _phone(f: FieldDef, raw: object) -> str:
    s = " ".join(str(raw).split())
    digits = re.sub(r"\D", "", s)
    if s and (not _PHONE_RE.match(s) or not 8 <= len(digits) <= 15):
        raise FormError(f"expected a phone number of 8 to 15 digits, like 61 26 60 00 or "
                        f"+47 912 34 567, got {s!r}", field=f.id)
    return s


def _email(f: FieldDef, raw: object) -> str:
    s = str(raw).strip()
    if s and not EMAIL_RE.match(s):
        raise FormError(f"expected an e-mail address like navn@example.no, got {s!r}", field=f.id)
    return s


_PARSERS = {"text": _text, "multiline": _text, "date": _date, "fnr": _fnr,
            "postnummer": _postnummer, "phone": _phone, "email": _email}
_TYPE_WORD = {"text": "text", "multiline": "text", "date": "a date", "fnr": "a fødselsnummer",
              "postnummer": "a postnummer", "phone": "a phone number", "email": "an e-mail address",
              "choice": "one of the choices", "checkbox": "yes or no"}


#: what a country field may hold for an address in Norway (compared case-insensitively); the
#: online form leaves the field empty for Norway, as people do on paper
NORWAY = ("", "norge", "noreg", "norway", "no", "nor")


def in_norway(country: object) -> bool:
    """``country`` (a country field's value) means Norway: empty or one of :data:`NORWAY`."""
    return " ".join(str(country or "").split()).casefold() in NORWAY


class Section(_Model):
    """A group of fields under a heading; ``text`` is fixed text shown before the fields."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: Text
    text: Text | None = None
    fields: list[FieldDef] = Field(default_factory=list)
    #: draw a box for the handwritten signature after the fields
    signature: bool = False


class FormDef(_Model):
    """A whole form definition (``forms/<id>.yml``)."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_-]*$")
    version: str = Field(pattern=r"^[0-9]+(\.[0-9]+)*$")
    title: Text
    intro: Text | None = None
    footer: Text | None = None
    sections: list[Section] = Field(min_length=1)

    @model_validator(mode="after")
    def _check(self) -> FormDef:
        seen: set[str] = set()
        for f in self.fields:
            if f.id in seen:
                raise ValueError(f"field id {f.id!r} is used twice")
            seen.add(f.id)
        for f in self.fields:
            c = f.required_when
            if c and c.field not in seen:
                raise ValueError(f"field {f.id!r}: required_when names unknown field {c.field!r}")
            if f.country and f.country not in seen:
                raise ValueError(f"field {f.id!r}: country names unknown field {f.country!r}")
        return self

    @property
    def fields(self) -> list[FieldDef]:
        """All fields in document (and tab) order."""
        return [f for s in self.sections for f in s.fields]

    def field(self, field_id: str) -> FieldDef:
        """The field called ``field_id``; :class:`FormError` with a hint if there is none."""
        for s in self.sections:  # (as self.fields, without making the list)
            for f in s.fields:
                if f.id == field_id:
                    return f
        close = difflib.get_close_matches(field_id, [f.id for f in self.fields], n=3)
        raise FormError(f"unknown field in form {self.id!r}", field=field_id,
                        hint=f"did you mean {', '.join(close)}?" if close else
                        "`ipforms fields` lists the fields")

    def parse(self, values: dict) -> dict[str, str | bool]:
        """Check and normalise answers (unknown field, wrong type, too long -> FormError)."""
        return {k: self.field(k).parse(v, self.abroad(self.field(k), values))
                for k, v in values.items()}

    @staticmethod
    def abroad(f: FieldDef, values: dict) -> bool:
        """Whether ``f`` (a postnummer with a ``country``) is part of an address outside Norway."""
        return bool(f.country) and not in_norway(values.get(f.country or ""))

    def missing(self, values: dict) -> list[FieldDef]:
        """Fields that are required (given the parsed ``values``) but empty."""
        return [f for f in self.fields
                if f.is_required(values) and f.is_empty(values.get(f.id))]


def _explain(exc: ValidationError) -> tuple[str, str]:
    e = exc.errors()[0]
    loc = ".".join(str(p) for p in e["loc"])
    msg = e["msg"].replace("Value error, ", "").replace("Input should be", "expected")
    return loc, msg


def parse_form(raw: object, *, file: str | Path = "<form>") -> FormDef:
    """Validate an already-parsed definition."""
    if not isinstance(raw, dict):
        raise FormError("expected a mapping at the top level", file=file)
    try:
        return FormDef.model_validate(raw)
    except ValidationError as exc:
        loc, msg = _explain(exc)
        raise FormError(f"{loc}: {msg}" if loc else msg, file=file) from None


@functools.lru_cache(maxsize=32)
def _load_path(path: Path, mtime: float) -> FormDef:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise FormError(f"cannot read: {exc.strerror}", file=path) from None
    except yaml.YAMLError as exc:
        raise FormError(f"not valid YAML: {exc}", file=path) from None
    form = parse_form(raw, file=path)
    if form.id != path.stem:
        raise FormError(f"id {form.id!r} differs from the file name", file=path)
    return form


_FORM_ID = re.compile(r"[a-z][a-z0-9_-]*")


def form_path(form_id: str) -> Path:
    path = forms_dir() / f"{form_id}.yml"
    if not _FORM_ID.fullmatch(form_id) or not path.is_file():
        known = ", ".join(list_forms()) or "none"
        raise FormError(f"no form definition {form_id!r}", hint=f"known forms: {known}")
    return path


def load_form(form_id: str) -> FormDef:
    """Load ``forms/<form_id>.yml`` (cached while the file is unchanged)."""
    if _FORM_ID.fullmatch(form_id):  # one stat: is it a file, and its time (form_path's)
        path = forms_dir() / f"{form_id}.yml"
        try:
            st = os.stat(path)
        except (OSError, ValueError):
            st = None
        if st is not None and stat.S_ISREG(st.st_mode):
            return _load_path(path, st.st_mtime)
    path = form_path(form_id)  # says what is wrong
    return _load_path(path, path.stat().st_mtime)


