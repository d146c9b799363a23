"""Reading a data file: YAML kept as written (strings stay strings, dates stay the
text the editor wrote), the line of every key remembered, every problem collected
and explained (:mod:`.explain`), and the municipality validated against the schema
(:mod:`.schema`)."""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from ..errors import DataError
from ..files import read_text
from ..translations import is_translations_file
from .explain import _explain_one, _loc, _model_at, _yaml_problem
from .logo import read_logo
from .schema import SLUG_RE, Municipality

# -- reading the YAML: keep strings as written, remember where every key is ------------

#: libyaml's parser when PyYAML has it (linear and fast; the pure-Python scanner took
#: 30 s for a 4 MB file), else PyYAML's own
_SafeBase: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: the largest data file read, and the most values (YAML nodes) it may hold: a
#: municipality's file is a few kB with about a hundred values (the largest seed 4 kB);
#: a whole `ipforms check` of a file at the limit stays well under 1 s of CPU (issue 19)
DATA_LIMIT = 64 << 10
MAX_NODES = 20_000


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


#: the answers of :func:`yaml_unfolds` by text and limit: the plugin asks it about the
#: same mkdocs.yml on every site's build
_UNFOLDS: dict[tuple[str, int], tuple[int, int] | None] = {}
#: how often a text was sized by :func:`yaml_unfolds` (tests/test_build_work.py)
UNFOLD_SIZINGS = [0]


def yaml_unfolds(text: str, limit: int = MAX_NODES) -> tuple[int, int] | None:
    """``(line, values)`` when the YAML ``text`` unfolds, its aliases repeated, into
    more than ``limit`` values (None otherwise, or when it is no valid YAML): for files
    that may use aliases, such as mkdocs.yml, which mkdocs reads unfolded (a kilobyte
    of nested aliases there took mkdocs build 2 GB and never ended).  Tags are not
    looked at.  Linear in the text: every node is sized once, and a text once."""
    key = (text, limit)
    if key not in _UNFOLDS:
        if len(_UNFOLDS) > 64:
            _UNFOLDS.clear()
        _UNFOLDS[key] = _unfolds(text, limit)
    return _UNFOLDS[key]


def _unfolds(text: str, limit: int) -> tuple[int, int] | None:
    UNFOLD_SIZINGS[0] += 1
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
