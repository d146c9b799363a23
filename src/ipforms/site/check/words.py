"""Spelling: nb text with hunspell nb_NO, nn text with nn_NO; a word of the other written
standard is always a problem (:mod:`ipforms.core.spelling`).  Known without editing
anything: the lists shipped with ipforms, each municipality's own names from its data
file, and the editors' words files ``data/words.txt`` and
``data/municipalities/<slug>.words.txt``."""

from __future__ import annotations

from pathlib import Path

from ...core import spelling
from ...core.errors import IpformsError
from ...core.lang import LANGS
from ...core.municipality import DataFile
from .data import data_texts
from .report import Finding, Report
from .templates import Wanted
from .text import rel

#: Keys whose values are names: the municipality's own names are known words.
NAME_KEYS = {"name", "street", "place", "complaint_body"}


def own_names(df: DataFile) -> dict[str | None, set[str]]:
    """The municipality's own names (its name, the unit's, addresses, products, the
    complaint body), by standard (None: both)."""
    out: dict[str | None, set[str]] = {None: set(), "nb": set(), "nn": set()}
    for t in data_texts(df):
        keys = [k for k in t.path if isinstance(k, str) and k not in LANGS]
        if keys and keys[-1] in NAME_KEYS:
            out[t.lang].update(spelling.words(t.text))
    return out


def words_files(data_dir: Path, slug: str | None = None) -> list[Path]:
    """The editors' words files that exist: ``data/words.txt`` for every municipality, or
    ``data/municipalities/<slug>.words.txt`` for one."""
    f = data_dir / f"{slug}.words.txt" if slug else data_dir.parent / "words.txt"
    return [f] if f.is_file() else []


def municipality_checker(base: spelling.Checker, df: DataFile, data_dir: Path
                         ) -> spelling.Checker:
    """``base`` plus what one municipality's texts may use: its own names from its data
    file and the words of ``<slug>.words.txt`` (a bad words file raises IpformsError)."""
    checker = base.copy()
    names = own_names(df)
    checker.add_words(names[None])
    for lang in LANGS:
        checker.add_words(names[lang], lang)
    for wf in words_files(data_dir, df.path.stem):
        checker.add(spelling.read_word_list(wf))
    return checker


def project_checker(data_dir: Path) -> spelling.Checker:
    """The shipped word lists plus the editors' ``data/words.txt``."""
    base = spelling.Checker.shipped()
    for wf in words_files(data_dir):
        base.add(spelling.read_word_list(wf))
    return base


def _bad_list(exc: spelling.WordListError, root: Path) -> Finding:
    return Finding(rel(Path(exc.file), root), exc.line, "read", exc.reason, exc.hint)


def base_checker(report: Report, root: Path, data_dir: str) -> spelling.Checker:
    """:func:`project_checker`; the shipped lists alone when ``data/words.txt`` cannot be
    read (reported)."""
    try:
        return project_checker(root / data_dir)
    except spelling.WordListError as exc:
        report.findings.append(_bad_list(exc, root))
        return spelling.Checker.shipped()


def check_spelling(report: Report, root: Path, data_dir: str, base: spelling.Checker,
                   wanted: Wanted, per_m: dict[str, Wanted], datafiles: dict[str, DataFile],
                   suggest: bool) -> None:
    """The templates' and forms' words with the shared lists, each data file's with its
    own names and words file too."""
    try:
        spelling.prime({w for d in [wanted, *per_m.values()] for ws in d.values() for w in ws})
        _spell(report, base, wanted, suggest)
        for slug, mw in per_m.items():
            try:
                checker = municipality_checker(base, datafiles[slug], root / data_dir)
            except spelling.WordListError as exc:
                report.findings.append(_bad_list(exc, root))
                checker = base
            _spell(report, checker, mw, suggest)
    except IpformsError as exc:
        report.findings.append(Finding("hunspell", None, "read", str(exc), exc.hint))


#: spelling findings shown per file; the rest are counted in one finding (a file of
#: thousands of unknown words is a wrong file, and the editor fixes the first ones first)
MAX_SPELLING_PER_FILE = 50


def _spell(report: Report, checker: spelling.Checker, wanted: Wanted, suggest: bool) -> None:
    found: dict[str, list[Finding]] = {}
    for lang in LANGS:
        problems = checker.check(set(wanted[lang]), lang)
        unknown = sorted(w for w, p in problems.items() if p.kind == "unknown")
        suggested = spelling.suggestions(unknown, lang) if suggest and len(unknown) <= 30 else {}
        for word, problem in sorted(problems.items()):
            places = wanted[lang][word]
            text = spelling.advice(problem, lang, suggested.get(word))
            for file, line in sorted(set(places)):
                found.setdefault(file, []).append(Finding(
                    file, line, "spelling", text,
                    "a name or term: add it to data/words.txt (or "
                    "data/municipalities/<slug>.words.txt), one word a line, 'nn: word' for one "
                    "standard only" if problem.kind == "unknown" else
                    "if it is a name or a title, add it to data/municipalities/<slug>.words.txt "
                    "(names with a capital letter only)" if problem.word[:1].isupper() else None))
    for file, findings in found.items():
        if len(findings) > MAX_SPELLING_PER_FILE:  # the first ones in the file
            findings = sorted(findings, key=lambda f: f.line or 0)
            hidden = len(findings) - MAX_SPELLING_PER_FILE
            findings = findings[:MAX_SPELLING_PER_FILE] + [Finding(
                file, None, "spelling",
                f"{hidden} more words are not in the dictionaries (the first "
                f"{MAX_SPELLING_PER_FILE} are shown)", "correct the words shown, then run check again")]
        report.findings.extend(findings)
    report.checked.setdefault("words", 0)
    report.checked["words"] += sum(len(w) for w in wanted.values())
