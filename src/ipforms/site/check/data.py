"""The municipality data files (``data/municipalities/*.yml``): read and checked against
the schema (:func:`ipforms.core.municipality.read_data_file`), example values of
``ipforms new`` still in them, and their nb and nn texts (placeholders, citations,
outdated terms, words to spell)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from ...core import laws, spelling
from ...core.errors import IpformsError
from ...core.files import load_yaml
from ...core.lang import LANGS
from ...core.municipality import DataFile, find_data_files, read_data_file
from .laws import check_citations
from .report import Finding, Report
from .templates import Wanted, wanted_words
from .terms import Term, check_terms
from .text import blank, rel


@dataclass
class DataText:
    lang: str | None     # None: shared by both (a street name)
    path: tuple
    text: str
    line: int            # line of the text's first line in the file


def data_texts(df: DataFile) -> list[DataText]:
    """Every text of a data file, with its standard and its line."""
    out: list[DataText] = []

    def walk(node: object, path: tuple) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, path + (k,))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, path + (i,))
        elif isinstance(node, str):
            where = df.lines.get(path)
            line = (where.value_line + (1 if where.block else 0)) if where else (df.line(path) or 1)
            lang = path[-1] if path and path[-1] in LANGS else None
            out.append(DataText(lang, path, node, line))
    walk(df.raw, ())
    return out


def read_data_files(report: Report, root: Path, data_dir: str, slugs: list[str] | None
                    ) -> dict[str, DataFile]:
    """The data files (those of ``slugs``, else all), each read; what is wrong with
    them, and the example values of ``ipforms new`` still in them, reported."""
    add = report.findings.append
    try:
        paths = {p.stem: p for p in find_data_files(root / data_dir)}
    except IpformsError as exc:
        add(Finding(rel(root / data_dir, root), None, "read", str(exc)))
        paths = {}
    if slugs:
        for s in slugs:
            if s not in paths:
                add(Finding(rel(root / data_dir, root), None, "kommune",
                            f"no data file {s}.yml", f"known: {', '.join(paths) or 'none'}"))
        paths = {s: p for s, p in paths.items() if s in slugs}
    datafiles = {slug: read_data_file(p) for slug, p in paths.items()}
    for df in datafiles.values():
        for e in df.problems:
            add(Finding(rel(df.path, root), e.line, "data",
                        (f"{e.path}: " if e.path else "") + e.reason, e.hint))
    report.checked["data files"] = len(datafiles)
    recorded = _recorded_examples(root)
    for df in datafiles.values():
        report.findings.extend(check_examples(df, root, recorded))
    return datafiles


def check_data_texts(report: Report, root: Path, datafiles: dict[str, DataFile],
                     terms: list[Term]) -> dict[str, Wanted]:
    """The texts of each data file: no placeholders, citations that name an act and a
    section, no outdated terms; returns the words to spell, by municipality."""
    per_m: dict[str, Wanted] = {}
    for slug, df in datafiles.items():
        if df.raw is None or not isinstance(df.raw, dict):
            continue
        where = rel(df.path, root)
        mw = per_m[slug] = wanted_words()
        for t in data_texts(df):
            if "{{" in t.text or "{%" in t.text:
                i = min(x for x in (t.text.find("{{"), t.text.find("{%")) if x >= 0)
                report.findings.append(Finding(
                    where, t.line + t.text.count("\n", 0, i), "placeholder",
                    f"{'.'.join(map(str, t.path))}: placeholders do not work in a data "
                    "file", "write the text itself (the data file is where the facts are)"))
            if t.lang is None:
                continue  # one fact for both standards (a name, an address, a link): not prose
            report.findings.extend(check_citations(t.text, t.lang, where, t.line))
            text = laws.CITATION_RE.sub(blank, t.text)
            report.findings.extend(check_terms(text, t.lang, where, t.line, terms))
            for n, w in spelling.word_positions(text):
                mw[t.lang].setdefault(w, []).append((where, t.line + n - 1))
    return per_m


# -- example values from `ipforms new` ------------------------------------------------------------

def _recorded_examples(root: Path) -> dict[str, dict[str, str]]:
    """The example values ``ipforms new`` recorded for the project at ``root``, by
    municipality (none when the file is not there or cannot be read)."""
    from ..project import EXAMPLES_FILE

    try:
        raw = load_yaml((root / EXAMPLES_FILE).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    if not isinstance(raw, dict):
        return {}
    return {str(slug): {str(k): str(v) for k, v in values.items()}
            for slug, values in raw.items() if isinstance(values, dict)}


def check_examples(df: DataFile, root: Path, recorded: dict[str, dict[str, str]]
                   ) -> list[Finding]:
    """Every example value of ``ipforms new`` still in a data file, whether or not
    ``example_fields`` lists it: those no municipality has (phone 12 34 56 78, an
    example.no address, ...) in any project, and the ones ``ipforms new`` recorded
    (:data:`~ipforms.site.project.EXAMPLES_FILE`) while they are unchanged."""
    from ..project import NEVER_REAL, example_values

    if not isinstance(df.raw, dict):
        return []
    name = df.raw.get("name")
    nb = name.get("nb") if isinstance(name, dict) else None
    nn = name.get("nn") if isinstance(name, dict) else None
    ours = example_values(df.path.stem, str(nb or ""), str(nn or ""))
    wanted = {p: v for p, v in ours.items() if p in NEVER_REAL}
    wanted.update(recorded.get(df.path.stem, {}))
    out = []
    for path, example in wanted.items():
        node: object = df.raw
        keys = tuple(path.split("."))
        for key in keys:
            node = node.get(key) if isinstance(node, dict) else None
        if node is None or " ".join(str(node).split()) != " ".join(example.split()):
            continue
        shown = " ".join(example.split())
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        out.append(Finding(rel(df.path, root), df.line(keys), "example",
                           f"{path}: {shown} is the example value ipforms new wrote",
                           "write the municipality's own value; nothing is published while an "
                           "example value is there"))
    return out
