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
        hint = "close it on the same line, like services: [individuell-plan, koordinator]"
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
        df.raw = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        df.problems.append(_yaml_problem(exc, path))
        return df
    if node is not None:
        _index(node, (), df.lines, path, df.problems)
    df.problems.extend(_validate(df, slug))
    df.problems.sort(key=lambda p: p.line or 0)
    return df


# -- what each pydantic error means to an editor --------------------------------------

#: An example line per key, shown when a key is missing or its value is wrong.
EXAMPLES = {
    "name": "name: {nb: Øyer kommune, nn: Øyer kommune}",
    "kommunenummer": 'kommunenummer: "3440"',
    "unit": "unit: (see data/municipalities/oyer.yml)",
    "email": "email: postmottak@kommune.no",
    "phone": "phone: 61 26 60 00",
    "opening_hours": "opening_hours: {nb: Hverdager kl. 08.00–15.30, nn: Kvardagar kl. 08.00–15.30}",
    "postal_address": 'postal_address: {street: Postboks 84, postcode: "2636", place: Øyer}',
    "visiting_address": 'visiting_address: {street: Kongsvegen 325, postcode: "2636", place: Øyer}',
    "street": "street: Kongsvegen 325",
    "postcode": 'postcode: "0150"',
    "place": "place: Øyer",
    "services": "services: [individuell-plan, koordinator, barnekoordinator]",
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


def load_municipality(path: str | Path) -> Municipality:
    """Load and validate ``data/municipalities/<slug>.yml``.

    Raises one :class:`DataError` for the first problem, with ``.problems`` holding all.
    """
    df = read_data_file(path)
    if df.problems:
        raise DataError.collect(df.problems)
    assert df.municipality is not None
    return df.municipality


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
