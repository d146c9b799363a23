"""``ipforms check``: everything an editor can get wrong, found in one run.

Checks the page templates (``content/nb``, ``content/nn``) and the municipality data
files (``data/municipalities/*.yml``) and reports every problem at once, each with the
file and line and what to do:

* **data**: a data file that cannot be read or does not fit the schema
  (:func:`ipforms.core.municipality.read_data_file`);
* **spelling**: nb text with hunspell nb_NO, nn text with nn_NO; a word of the other
  written standard is always a problem (:mod:`ipforms.core.spelling`).  Known without
  editing anything: the lists shipped with ipforms, each municipality's own names from
  its data file, and the editors' words files ``data/words.txt`` and
  ``data/municipalities/<slug>.words.txt``;
* **terms**: outdated names, terms and citations (``resources/outdated-terms.yml``),
  law keys and sections (``{{ law("pbrl", "2-5 b") }}``) and sections written as text;
* **placeholders**, includes, Markdown **links** and **anchors**: every page is
  rendered for every municipality, as the site build does; links to pages the
  municipality does not have, and to headings that do not exist, are problems;
* **parity**: nb and nn pages have the same headings, lists, links, placeholders and
  numbers, block by block; and a paragraph changed in one standard but not the other
  since the last ``ipforms check --accept`` is reported (``content/.parity.json``
  keeps one hash per paragraph pair).

Exit codes: 0 nothing found, 1 problems found, 2 something could not be read
(a data file, a template, a word list).
"""

from __future__ import annotations

import bisect
import difflib
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import yaml
from markdown.extensions.toc import unique
from pymdownx.slugs import slugify as _pymdownx_slugify

from ..core import laws, spelling
from ..core.errors import (EXIT_BAD_INPUT, EXIT_INVALID, EXIT_OK, IpformsError, TemplateError,
                           printable)
from ..core.files import atomic_write, file_problem, load_yaml, read_text
from ..core.lang import LANGS
from ..core.municipality import (DATA_LIMIT, DataFile, Municipality, find_data_files,
                                 read_data_file, yaml_unfolds)
from . import overlay, pages

PARITY_FILE = ".parity.json"
#: Kinds of finding, in the order a report lists them; "read", "kommune" (an unknown
#: municipality) and "data" mean exit 2.
KINDS = ("read", "kommune", "data", "example", "placeholder", "link", "anchor", "spelling", "terms",
         "law", "parity", "language",
         "changed", "words")
UNREADABLE = {"read", "data", "kommune"}


@dataclass(frozen=True)
class Finding:
    """One problem: where, what, and what to do."""
    file: str
    line: int | None
    kind: str
    message: str
    hint: str | None = None
    #: "error" counts for the exit code; "note" is shown but does not fail the check
    severity: str = "error"

    def where(self) -> str:
        name = printable(self.file, newlines=False)  # a file name cannot move the cursor
        return f"{name}:{self.line}" if self.line else name

    def __str__(self) -> str:
        text = f"{self.where()}: {printable(self.message, newlines=False)}"
        return text + (f"\n  hint: {printable(self.hint, newlines=False)}" if self.hint else "")


@dataclass(frozen=True)
class Pending:
    """An nb/nn paragraph pair not recorded as saying the same (new, or changed since
    the last ``--accept``): what ``--accept`` shows before it records it."""
    page: str
    nb_file: str
    nb_line: int
    nb_text: str
    nn_file: str
    nn_line: int
    nn_text: str


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    checked: dict[str, int] = field(default_factory=dict)
    #: where the nb/nn paragraph pairs are recorded (``--accept`` writes it)
    parity_file: Path | None = None
    #: the pairs not recorded as matching; with ``accept``, those recorded now
    pending: list[Pending] = field(default_factory=list)
    accepted: list[Pending] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def notes(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "note"]

    @property
    def exit_code(self) -> int:
        if any(f.kind in UNREADABLE for f in self.errors):
            return EXIT_BAD_INPUT
        return EXIT_INVALID if self.errors else EXIT_OK

    def sorted(self) -> list[Finding]:
        seen: set[Finding] = set()
        out = []
        for f in sorted(self.findings, key=lambda f: (f.file, f.line or 0, KINDS.index(f.kind),
                                                      f.message)):
            if f not in seen:
                seen.add(f)
                out.append(f)
        return out

    def text(self, lang: str | None = None) -> str:
        """The report as an editor reads it: one problem a line, with what to do; in
        ``lang`` (nb or nn, :mod:`ipforms.site.norsk`), else as the library writes it."""
        from . import norsk

        lines = [str(f) if f.severity == "error" else f"note: {f}" for f in self.sorted()]
        n_err, n_note = len({*self.errors}), len({*self.notes})
        counts: dict[str, int] = {}
        for f in {*self.errors}:
            counts[f.kind] = counts.get(f.kind, 0) + 1
        if lang in norsk.LANGS:
            def w(key: str) -> str:
                return norsk.word(key, lang)
        else:
            def w(key: str) -> str:
                return key
        what = ", ".join(f"{n} {w(k)}" for k, n in sorted(counts.items(),
                                                          key=lambda kv: KINDS.index(kv[0])))
        checked = ", ".join(f"{n} {w(k)}" if lang not in norsk.LANGS else f"{w(k)} {n}"
                            for k, n in self.checked.items())
        if n_err:
            summary = f"{n_err} {w('problem' if n_err == 1 else 'problems')} ({what})"
        else:
            summary = w("no problems")
        if n_note:
            summary += f", {n_note} {w('note' if n_note == 1 else 'notes')}"
        body = "\n".join(lines)
        if lang in norsk.LANGS:
            body = norsk.translate(body, lang)
        sep = ":" if lang in norsk.LANGS else ""
        return "\n".join([*([body] if lines else []), f"{summary}; {w('checked')}{sep} {checked}"])


# -- small helpers -------------------------------------------------------------------------

def _rel(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def _blank(m: re.Match) -> str:
    """The matched text with every character but line breaks turned into spaces."""
    return re.sub(r"[^\n]", " ", m.group(0))


_FENCE_RE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.M | re.S)
_JINJA_COMMENT_RE = re.compile(r"\{#.*?#\}", re.S)
_JINJA_TAG_RE = re.compile(r"\{%.*?%\}", re.S)
_JINJA_EXPR_RE = re.compile(r"\{\{.*?\}\}", re.S)
_FORM_LINK_TEXT_RE = re.compile(r"""form_link\(\s*["'][^"']*["']\s*,\s*["']([^"']*)["']""")
_HTML_TAG_RE = re.compile(r"<[^>\n]+>")
_CODE_RE = re.compile(r"`[^`\n]*`")
_LINK_TARGET_RE = re.compile(r"\]\([^)\n]*\)")
_ATTR_LIST_RE = re.compile(r"\{:?\s*[#.][^}\n]*\}")
_ADMONITION_RE = re.compile(r"^(\s*[!?]{3}\+?\s+[\w-]+)", re.M)


def prose(text: str) -> str:
    """The text a reader sees in a page template, on the same lines as in the file:
    Jinja tags, code, HTML tags and link targets become spaces; the visible text of
    ``form_link("...", "text")`` is kept.

    >>> text = 'Sjå {{ law("pbrl") }} og [sida](koordinator.md#kven).\\n{% if x %}Ja{% endif %}'
    >>> out = prose(text)
    >>> out.split(), len(out) == len(text)
    (['Sjå', 'og', '[sida', '.', 'Ja'], True)
    """
    text = _FENCE_RE.sub(_blank, text)
    text = _JINJA_COMMENT_RE.sub(_blank, text)
    text = _JINJA_TAG_RE.sub(_blank, text)

    def expr(m: re.Match) -> str:
        fl = _FORM_LINK_TEXT_RE.search(m.group(0))
        blanked = _blank(m)
        if fl:
            return fl.group(1) + blanked[len(fl.group(1)):]
        return blanked
    text = _JINJA_EXPR_RE.sub(expr, text)
    for rx in (_HTML_TAG_RE, _CODE_RE, _LINK_TARGET_RE, _ATTR_LIST_RE, _ADMONITION_RE):
        text = rx.sub(_blank, text)
    return text


def _line_of(text: str):
    """A function: the line (from 1) of an offset in ``text``, in log time (counting
    from the start for each match made checking a 4 MB text take a minute)."""
    ends = [i for i, ch in enumerate(text) if ch == "\n"] if "\n" in text else []
    return lambda pos: bisect.bisect_left(ends, pos) + 1


def _sentences_with_lines(text: str) -> list[tuple[int, str]]:
    """``(line, sentence)`` for the sentences of ``text`` (line of the sentence start)."""
    out = []
    pos, line = 0, 1  # lines counted once, from where the last sentence started
    for m in re.finditer(r"[^.!?\n]+(?:\n(?!\s*\n)[^.!?\n]+)*[.!?]?", text):
        s = m.group(0)
        if s.strip():
            lead = len(s) - len(s.lstrip())
            line += text.count("\n", pos, m.start() + lead)
            pos = m.start() + lead
            out.append((line, s.strip()))
    return out


# -- outdated terms --------------------------------------------------------------------------

@dataclass(frozen=True)
class Term:
    pattern: re.Pattern
    lang: str | None
    requires: re.Pattern | None
    instead: dict[str, str]
    why: str


def outdated_terms() -> list[Term]:
    """The shipped list of outdated names and terms (``resources/outdated-terms.yml``)."""
    raw = load_yaml((resources.files("ipforms") / "resources" / "outdated-terms.yml"
                          ).read_text("utf-8"))
    out = []
    for e in raw:
        flags = 0 if e.get("case_sensitive") else re.I
        lang = e.get("lang", "both")
        out.append(Term(re.compile(e["pattern"], flags), None if lang == "both" else lang,
                        re.compile(e["requires"], re.I) if e.get("requires") else None,
                        dict(e["instead"]), e["why"]))
    return out


def check_terms(text: str, lang: str, file: str, first_line: int, terms: list[Term]
                ) -> list[Finding]:
    out = []
    for line, sentence in _sentences_with_lines(text):
        for t in terms:
            if t.lang and t.lang != lang:
                continue
            m = t.pattern.search(sentence)
            if m and (t.requires is None or t.requires.search(sentence)):
                n = line + sentence[:m.start()].count("\n")
                out.append(Finding(file, first_line + n - 1, "terms",
                                   f"'{m.group(0)}' is outdated: write {t.instead[lang]}",
                                   t.why))
    return out


# -- laws ---------------------------------------------------------------------------------------

_LAW_CALL_RE = re.compile(r"""\blaw\(\s*["']([^"']*)["']\s*(?:,\s*["']([^"']*)["']\s*)?\)""")
_SECTION_TEXT_RE = re.compile(r"§§?\s*\d+(?:-\d+)?(?:\s?[a-z]\b)?")


def check_law_calls(text: str, file: str) -> list[Finding]:
    """``law("key", "section")`` calls in a template: the act and the section are in the
    project's laws (``resources/laws.yml``, :mod:`ipforms.core.laws`)."""
    out = []
    known = laws.load()
    keys = sorted({*known.acts, *known.aliases})
    line_of = _line_of(text)
    for m in _LAW_CALL_RE.finditer(text):
        line = line_of(m.start())
        key, section = m.group(1), m.group(2)
        if key not in keys:
            close = difflib.get_close_matches(key, keys, n=1)
            out.append(Finding(file, line, "law", f"law({key!r}): no such act in ipforms",
                               (f"did you mean {close[0]!r}? " if close else "")
                               + f"the acts: {', '.join(keys)}"))
            continue
        if section is None:
            continue
        if not re.fullmatch(r"\d+(?:-\d+)?(?: ?[a-z])?", section.strip()):
            out.append(Finding(file, line, "law", f"law({key!r}, {section!r}): not a section number",
                               "write the section like \"2-5\", \"2-5 b\" or \"11 a\", without §"))
            continue
        try:
            known.resolve(key, section)
        except IpformsError as exc:
            out.append(Finding(file, line, "law", f"law({key!r}, {section!r}): {exc}",
                               "check the section on Lovdata; a section that is right but "
                               "missing belongs in src/ipforms/resources/laws.yml"))
    return out


def check_section_text(text: str, file: str, first_line: int = 1) -> list[Finding]:
    """A section written as plain text (``§ 7-5``) gets no Lovdata link and no act name."""
    out = []
    cited = {sec for act in laws.load().acts.values() for sec in act.sections}
    line_of = _line_of(text)
    for m in _SECTION_TEXT_RE.finditer(text):
        line = first_line + line_of(m.start()) - 1
        number = laws.normalise_section(m.group(0).lstrip("§ "))
        unknown = "" if number in cited else "; no act in ipforms' laws has that section"
        out.append(Finding(file, line, "law", f"'{m.group(0)}' is written as plain text{unknown}",
                           f"write {{{{ law(\"pbrl\", \"{m.group(0).strip('§ ')}\") }}}} "
                           "(with the right act) so both standards get the act's name and "
                           "a link to Lovdata"))
    return out


# -- headings and links of a rendered page -------------------------------------------------------

_HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$", re.M)
_MD_LINK_RE = re.compile(r"(?<!!)\[((?:[^\[\]]|\\\[|\\\])*)\]\(\s*<?([^)>\s]*)>?(?:\s+\"[^\"]*\")?\s*\)")


#: the slugify the site uses (the plugin sets it for toc): æ, ø and å stay in the ids
slugify = _pymdownx_slugify(case="lower")


def heading_ids(markdown: str) -> list[str]:
    """The ids the toc extension gives the headings of ``markdown`` on the site (the
    plugin's slugify, which keeps æ, ø and å; the same numbering of repeated headings;
    ``{#id}`` from attr_list kept)."""
    ids: set[str] = set()
    out = []
    text = _FENCE_RE.sub(_blank, markdown)
    for m in _HEADING_RE.finditer(text):
        title = m.group(2)
        explicit = re.search(r"\{:?[^}]*#([\w-]+)[^}]*\}\s*$", title)
        if explicit:
            hid = explicit.group(1)
        else:
            plain = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", title)
            plain = re.sub(r"<[^>]+>", "", plain)
            plain = re.sub(r"\\(.)", r"\1", plain).replace("*", "").replace("`", "")
            hid = slugify(plain, "-")
        hid = unique(hid, ids)
        out.append(hid)
    return out


def markdown_links(markdown: str) -> list[str]:
    return [m.group(2) for m in _MD_LINK_RE.finditer(_FENCE_RE.sub(_blank, markdown))]


# -- nb/nn parity -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Block:
    line: int
    text: str
    kind: str            # "h2", "list", "p", "jinja", "admonition", ...
    items: int           # list items
    placeholders: tuple  # normalised {{ }} and {% %}
    links: tuple
    numbers: tuple

    def digest(self) -> str:
        return hashlib.sha256(" ".join(self.text.split()).encode("utf-8")).hexdigest()[:16]

    def first_words(self) -> str:
        words = " ".join(self.text.split())
        return words if len(words) <= 50 else words[:47] + "..."


def _norm_jinja(expr: str) -> str:
    expr = " ".join(expr.split())
    expr = re.sub(r"""(form_link\(\s*["'][^"']*["'])\s*,\s*["'][^"']*["']""", r"\1", expr)
    return expr


def blocks(text: str) -> list[Block]:
    """The blocks of a template (paragraphs, headings, lists, Jinja lines), with what
    must be the same in nb and nn."""
    out = []
    line_of = _line_of(text)
    for m in re.finditer(r"(?:^[^\n]*\S[^\n]*(?:\n|$))+", text, re.M):
        chunk = m.group(0).rstrip("\n")
        line = line_of(m.start())
        stripped = _JINJA_TAG_RE.sub("", _JINJA_COMMENT_RE.sub("", chunk)).strip()
        first = chunk.lstrip()
        if not stripped:
            kind = "jinja"
        elif (h := re.match(r"(#{1,6})\s", first)):
            kind = f"h{len(h.group(1))}"
        elif re.match(r"([-*+]|\d+\.)\s", stripped):
            kind = "list"
        elif re.match(r"[!?]{3}", first):
            kind = "admonition"
        else:
            kind = "p"
        items = len(re.findall(r"^\s*(?:\{%.*?%\})*\s*(?:[-*+]|\d+\.)\s", chunk, re.M))
        jinja = tuple(_norm_jinja(x) for x in re.findall(r"\{\{.*?\}\}|\{%.*?%\}", chunk, re.S))
        visible = prose(chunk)
        # the page a link points to; its #anchor is a heading of that page's own
        # standard (checked on its own), so it differs between nb and nn
        links = tuple(t.partition("#")[0] or t for t in markdown_links(_JINJA_TAG_RE.sub(" ", chunk)))
        numbers = tuple(sorted(re.findall(r"\d+(?:[.,:]\d+)*", _LINK_TARGET_RE.sub(" ", visible))))
        out.append(Block(line, chunk, kind, items, jinja, links, numbers))
    return out


def _describe(b: Block) -> str:
    return {"p": "paragraph", "list": "list", "jinja": "template line",
            "admonition": "note box"}.get(b.kind, f"heading (level {b.kind[1:]})"
                                            if b.kind.startswith("h") else b.kind)


def check_parity(nb_text: str, nn_text: str, nb_file: str, nn_file: str,
                 recorded: list[list[str]] | None) -> tuple[list[Finding], list[list[str]] | None]:
    """Compare an nb template with its nn twin; returns findings and the digest pairs
    to record (None when the structure differs, so nothing can be recorded)."""
    out: list[Finding] = []
    a, b = blocks(nb_text), blocks(nn_text)
    sm = difflib.SequenceMatcher(a=[x.kind for x in a], b=[x.kind for x in b], autojunk=False)
    aligned = True
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            continue
        aligned = False
        for x in a[i1:i2]:
            out.append(Finding(nb_file, x.line, "parity",
                               f"this {_describe(x)} ('{x.first_words()}') has no counterpart in "
                               f"{nn_file}" + (f" near line {b[j1].line}" if j1 < len(b) else ""),
                               "nb and nn pages have the same headings, paragraphs and lists "
                               "in the same order"))
        for y in b[j1:j2]:
            out.append(Finding(nn_file, y.line, "parity",
                               f"this {_describe(y)} ('{y.first_words()}') has no counterpart in "
                               f"{nb_file}" + (f" near line {a[i1].line}" if i1 < len(a) else ""),
                               "nb and nn pages have the same headings, paragraphs and lists "
                               "in the same order"))
    pairs = [(x, y) for op, i1, i2, j1, j2 in sm.get_opcodes() if op == "equal"
             for x, y in zip(a[i1:i2], b[j1:j2])]
    for x, y in pairs:
        for what, va, vb in (("list items", x.items, y.items),
                             ("placeholders and template tags", x.placeholders, y.placeholders),
                             ("links", x.links, y.links), ("numbers", x.numbers, y.numbers)):
            if va != vb:
                if isinstance(va, tuple) and isinstance(vb, tuple):
                    only_a = [v for v in va if v not in vb]
                    only_b = [v for v in vb if v not in va]
                    detail = (f"nb has {', '.join(only_a) or 'nothing more'}; "
                              f"nn has {', '.join(only_b) or 'nothing more'}")
                    if not only_a and not only_b:
                        detail = "the same ones in another order or number"
                else:
                    detail = f"nb has {va}, nn has {vb}"
                out.append(Finding(nn_file, y.line, "parity",
                                   f"{what} differ from {nb_file}:{x.line}: {detail}",
                                   "make both say the same thing; placeholders, links and "
                                   "numbers are the same in both standards"))
    if recorded is not None:
        rec_pairs = {tuple(p) for p in recorded}
        rec_nb = {p[0] for p in recorded}
        rec_nn = {p[1] for p in recorded}
        for x, y in pairs:
            if x.kind == "jinja":
                continue
            da, db = x.digest(), y.digest()
            if (da, db) in rec_pairs:
                continue
            if da in rec_nb and db not in rec_nn:
                out.append(Finding(nn_file, y.line, "changed",
                                   f"changed in nn since the last check, but "
                                   f"{nb_file}:{x.line} was not",
                                   "make the nb paragraph say the same (or undo the change), "
                                   "then run: ipforms check --accept"))
            elif db in rec_nn and da not in rec_nb:
                out.append(Finding(nb_file, x.line, "changed",
                                   f"changed in nb since the last check, but "
                                   f"{nn_file}:{y.line} was not",
                                   "make the nn paragraph say the same (or undo the change), "
                                   "then run: ipforms check --accept"))
            else:
                out.append(Finding(nn_file, y.line, "changed",
                                   f"changed in both nb ({nb_file}:{x.line}) and nn since the "
                                   "last check", "when both say the same, record it: "
                                   "ipforms check --accept", severity="note"))
    digests = [[x.digest(), y.digest()] for x, y in pairs if x.kind != "jinja"] if aligned \
        else None
    return out, digests


# -- the data files -----------------------------------------------------------------------------------

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


# -- example values from `ipforms new` ------------------------------------------------------------

def _recorded_examples(root: Path) -> dict[str, dict[str, str]]:
    """The example values ``ipforms new`` recorded for the project at ``root``, by
    municipality (none when the file is not there or cannot be read)."""
    from .project import EXAMPLES_FILE

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
    from .project import NEVER_REAL, example_values

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
        out.append(Finding(_rel(df.path, root), df.line(keys), "example",
                           f"{path}: {shown} is the example value ipforms new wrote",
                           "write the municipality's own value; nothing is published while an "
                           "example value is there"))
    return out


# -- the texts of the forms ------------------------------------------------------------------------

_FORM_TEXTS: dict[tuple[str, int], list[tuple[str, int, str]]] = {}
_FORM_PLACEHOLDER_RE = re.compile(r"\{[\w.:|#]*(?:[ ,][\w.:|#]+)*\}|dd\.mm\.åååå", re.I)  # {x}, {law:fvl:11 a}


def form_text_files() -> list[Path]:
    """The form definitions (``forms/*.yml``) and the online form's texts
    (``site/webform/texts.yml``): their nb and nn texts are checked like pages."""
    from ..forms.formids import forms_dir

    return [*sorted(forms_dir().glob("*.yml")),
            Path(str(resources.files("ipforms") / "site" / "webform" / "texts.yml"))]


def yaml_texts(text: str) -> list[tuple[str, int, str]]:
    """``(lang, line, text)`` of every ``nb:`` and ``nn:`` text of a YAML file.

    >>> yaml_texts("a:\\n  nb: Hei\\n  nn: |\\n    Hei du\\n")
    [('nb', 2, 'Hei'), ('nn', 4, 'Hei du\\n')]
    """
    out: list[tuple[str, int, str]] = []

    def walk(node: yaml.Node) -> None:
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if (isinstance(k, yaml.ScalarNode) and k.value in LANGS
                        and isinstance(v, yaml.ScalarNode)):
                    block = v.style in ("|", ">")
                    out.append((k.value, v.start_mark.line + 1 + (1 if block else 0), v.value))
                else:
                    walk(v)
        elif isinstance(node, yaml.SequenceNode):
            for v in node.value:
                walk(v)
    root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if root is not None:
        walk(root)
    return out


def check_form_texts(root: Path, terms: list[Term],
                     wanted: dict[str, dict[str, list[tuple[str, int]]]]) -> list[Finding]:
    """Outdated terms in the forms' texts now, their words added to ``wanted`` (spelled
    with the pages' words)."""
    out: list[Finding] = []
    for path in form_text_files():
        rel = _rel(path, root)
        try:
            stamp = (str(path), path.stat().st_mtime_ns)
            found = _FORM_TEXTS.get(stamp)
            if found is None:  # read again only when the file changed (the preview)
                found = _FORM_TEXTS[stamp] = yaml_texts(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            out.append(Finding(rel, None, "read", f"cannot read: {exc}"))
            continue
        for lang, line, text in found:
            text = _FORM_PLACEHOLDER_RE.sub(_blank, text)
            out.extend(check_terms(text, lang, rel, line, terms))
            for n, w in spelling.word_positions(text):
                wanted[lang].setdefault(w, []).append((rel, line + n - 1))
    return out


# -- the whole check ---------------------------------------------------------------------------------

def content_layers(root: Path) -> list[Path]:
    """The page template folders of the project at ``root``: its ``docs_dir`` (from
    mkdocs.yml, default ``content``) over the templates shipped with ipforms."""
    docs_dir = "content"
    config = root / "mkdocs.yml"
    if config.is_file():
        try:
            raw = yaml.load(config.read_text(encoding="utf-8"), Loader=_ConfigLoader)
            docs_dir = str((raw or {}).get("docs_dir") or docs_dir)
        except (yaml.YAMLError, OSError, UnicodeDecodeError, AttributeError):
            pass
    return overlay.layers(root / docs_dir)


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, ignoring tags such as !ENV or !!python/name."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/",
                                    lambda loader, suffix, node: None)


def template_sources(layers: list[Path], lang: str) -> dict[str, Path]:
    """``name -> file`` of the templates of one language (``koordinator.md``,
    ``_partials/klage.md``), the first layer that has a file winning."""
    found = overlay.resolve([layer / lang for layer in layers])
    return {name: path for name, path in sorted(found.items()) if name.endswith(".md")}


def _locate(snippet: str, files: list[tuple[str, str]]) -> tuple[str, int | None]:
    """The first file and line whose text contains ``snippet``."""
    for name, text in files:
        i = text.find(snippet)
        if i >= 0:
            return name, text.count("\n", 0, i) + 1
    return (files[0][0] if files else "?"), None


def check_project(root: str | Path = ".", slugs: list[str] | None = None, *,
                  data_dir: str = "data/municipalities",
                  accept: bool = False, suggest: bool = True,
                  choose: Callable[[Pending], bool] | None = None) -> Report:
    """Check the templates and the data files under ``root``; with ``accept``, record
    the nb/nn paragraph pairs as matching (``.parity.json`` in the project's content
    folder): every pair not recorded yet (:attr:`Report.pending`), or, with ``choose``,
    those it says yes to (asked one by one, in order); the others stay as recorded."""
    root = Path(root)
    layers = content_layers(root)
    report = Report()
    add = report.findings.append
    terms = outdated_terms()

    # -- mkdocs.yml: mkdocs reads it with its aliases unfolded (a kilobyte of nested
    # aliases would take it gigabytes and never finish)
    config = root / "mkdocs.yml"
    if not file_problem(config):
        try:
            unfolds = yaml_unfolds(read_text(config, TemplateError, limit=DATA_LIMIT))
        except TemplateError as exc:
            add(Finding("mkdocs.yml", None, "read", exc.reason))
        else:
            if unfolds:
                add(Finding("mkdocs.yml", unfolds[0], "read",
                            f"its YAML aliases (*name) unfold into {unfolds[1]:,} values",
                            "write the values out; a site's mkdocs.yml needs a few hundred"))

    # -- the data files
    try:
        paths = {p.stem: p for p in find_data_files(root / data_dir)}
    except IpformsError as exc:
        add(Finding(_rel(root / data_dir, root), None, "read", str(exc)))
        paths = {}
    if slugs:
        for s in slugs:
            if s not in paths:
                add(Finding(_rel(root / data_dir, root), None, "kommune",
                            f"no data file {s}.yml", f"known: {', '.join(paths) or 'none'}"))
        paths = {s: p for s, p in paths.items() if s in slugs}
    datafiles = {slug: read_data_file(p) for slug, p in paths.items()}
    for df in datafiles.values():
        for e in df.problems:
            add(Finding(_rel(df.path, root), e.line, "data",
                        (f"{e.path}: " if e.path else "") + e.reason, e.hint))
    report.checked["data files"] = len(datafiles)
    recorded_examples = _recorded_examples(root)
    for df in datafiles.values():
        report.findings.extend(check_examples(df, root, recorded_examples))

    # -- word lists
    def bad_list(exc: spelling.WordListError) -> None:
        add(Finding(_rel(Path(exc.file), root), exc.line, "read", exc.reason, exc.hint))

    base = spelling.Checker.shipped()
    try:
        base = project_checker(root / data_dir)
    except spelling.WordListError as exc:
        bad_list(exc)

    # words to check: word -> lang -> [(file, line)]
    wanted: dict[str, dict[str, list[tuple[str, int]]]] = {lang: {} for lang in LANGS}
    per_m_wanted: dict[str, dict[str, dict[str, list[tuple[str, int]]]]] = {}

    # -- the templates, as written
    sources: dict[str, dict[str, str]] = {lang: {} for lang in LANGS}
    source_files: dict[str, dict[str, str]] = {lang: {} for lang in LANGS}
    for lang in LANGS:
        for name, path in template_sources(layers, lang).items():
            rel = _rel(path, root)
            layer = next((x for x in layers if Path(x) in path.parents), path.parent)
            try:  # no pipe (it would block), no link out of the content folder
                text = read_text(path, TemplateError, within=layer, limit=pages.TEMPLATE_LIMIT)
            except TemplateError as exc:
                add(Finding(rel, None, "read", exc.reason))
                continue
            sources[lang][name] = text
            source_files[lang][name] = rel
            visible = prose(text)
            for n, w in spelling.word_positions(visible):
                wanted[lang].setdefault(w, []).append((rel, n))
            report.findings.extend(check_terms(visible, lang, rel, 1, terms))
            report.findings.extend(check_law_calls(text, rel))
            report.findings.extend(check_section_text(visible, rel))
    report.checked["templates"] = sum(len(s) for s in sources.values())
    # every other file the build would publish from the project's content folder
    # (pictures, PDFs): no pipe, no device, no link out of the folder
    if layers[0] != overlay.SHIPPED_CONTENT.resolve():
        for rel_path, path in overlay.resolve([layers[0]]).items():
            if not rel_path.endswith(".md"):
                problem = file_problem(path, within=layers[0])
                if problem:
                    add(Finding(f"{_rel(path.parent, root)}/{path.name}", None, "read", problem))
    report.findings.extend(check_form_texts(root, terms, wanted))
    report.checked["form texts"] = len(form_text_files())

    # -- the data texts
    for slug, df in datafiles.items():
        if df.raw is None or not isinstance(df.raw, dict):
            continue
        rel = _rel(df.path, root)
        mw: dict[str, dict[str, list[tuple[str, int]]]] = {lang: {} for lang in LANGS}
        per_m_wanted[slug] = mw
        for t in data_texts(df):
            if "{{" in t.text or "{%" in t.text:
                i = min(x for x in (t.text.find("{{"), t.text.find("{%")) if x >= 0)
                add(Finding(rel, t.line + t.text.count("\n", 0, i), "placeholder",
                            f"{'.'.join(map(str, t.path))}: placeholders do not work in a data "
                            "file", "write the text itself (the data file is where the facts are)"))
            if t.lang is None:
                continue  # one fact for both standards (a name, an address, a link): not prose
            text = t.text
            line_of = _line_of(text)
            for m in laws.CITATION_RE.finditer(text):  # {law:pbrl:2-5} in a data text
                n = t.line + line_of(m.start()) - 1
                try:
                    laws.cite_text(m.group(1), t.lang)
                except IpformsError as exc:
                    add(Finding(rel, n, "law", f"{m.group(0)}: {exc}",
                                "write it like {law:pbrl:2-5 b} (act key, colon, section)"))
            text = laws.CITATION_RE.sub(_blank, text)
            report.findings.extend(check_terms(text, t.lang, rel, t.line, terms))
            for n, w in spelling.word_positions(text):
                mw[t.lang].setdefault(w, []).append((rel, t.line + n - 1))

    # -- spelling: the templates with the shared lists, each data file with its own names
    try:
        spelling.prime({w for d in [wanted, *per_m_wanted.values()] for ws in d.values()
                        for w in ws})
        _spell(report, base, wanted, suggest)
        for slug, mw in per_m_wanted.items():
            try:
                checker = municipality_checker(base, datafiles[slug], root / data_dir)
            except spelling.WordListError as exc:
                bad_list(exc)
                checker = base
            _spell(report, checker, mw, suggest)
    except IpformsError as exc:
        add(Finding("hunspell", None, "read", str(exc), exc.hint))

    # -- every page rendered for every municipality: placeholders, includes, links, anchors
    ms = {s: df.municipality for s, df in datafiles.items() if df.municipality is not None}
    by_problem: dict[Finding, list[str]] = {}
    # compiled once a process (Jinja compiles a changed template again)
    renderers = {lang: pages.renderer(layers, lang) for lang in LANGS}
    for slug, muni in ms.items():
        for f in _check_rendered(root, renderers, muni, sources, source_files, datafiles[slug]):
            if slug not in by_problem.setdefault(f, []):
                by_problem[f].append(slug)
    law_lines = {(f.file, f.line) for f in report.findings if f.kind == "law"}
    for f, found_for in by_problem.items():  # one finding, naming the municipalities
        if f.kind == "placeholder" and (f.file, f.line) in law_lines:
            continue  # the law() call is already reported, with what to do
        who = "every municipality" if len(found_for) == len(ms) > 1 else ", ".join(found_for)
        report.findings.append(Finding(f.file, f.line, f.kind, f"{f.message} (for {who})",
                                       f.hint))
    report.checked["municipalities"] = len(ms)
    from .thirdlang import check_findings  # a third language: what it lacks
    for slug, muni in ms.items():
        report.findings += [Finding(*f) for f in check_findings(root, muni, datafiles[slug].path,
                                                                layers)]

    # -- nb/nn parity, and paragraphs changed in one standard only
    parity_path = layers[0] / PARITY_FILE
    report.parity_file = parity_path
    # a project without a record of its own starts from the one shipped with the pages
    read_from = parity_path if parity_path.is_file() else layers[-1] / PARITY_FILE
    recorded: dict[str, list[list[str]]] | None = None
    if read_from.is_file():
        try:
            recorded = json.loads(read_from.read_text(encoding="utf-8")).get("pages", {})
        except (OSError, ValueError, AttributeError) as exc:
            add(Finding(_rel(read_from, root), None, "read", f"cannot read: {exc}",
                        "delete it and run: ipforms check --accept"))
    elif sources["nb"] or sources["nn"]:
        add(Finding(_rel(parity_path, root), None, "changed",
                    "no record yet of which nb and nn paragraphs match",
                    "when nb and nn say the same, record it: ipforms check --accept",
                    severity="note"))
    new_record: dict[str, list[list[str]]] = dict(recorded or {})
    for name in sorted(set(sources["nb"]) | set(sources["nn"])):
        if name == "README.md":
            continue
        nb_rel = source_files["nb"].get(name) or _rel(layers[0] / "nb" / name, root)
        nn_rel = source_files["nn"].get(name) or _rel(layers[0] / "nn" / name, root)
        if name not in sources["nn"] or name not in sources["nb"]:
            have, missing = (nb_rel, nn_rel) if name in sources["nb"] else (nn_rel, nb_rel)
            add(Finding(have, None, "parity", f"there is no {missing}",
                        "every page and partial exists in both nb and nn, with the same name"))
            continue
        found, digests = check_parity(sources["nb"][name], sources["nn"][name], nb_rel, nn_rel,
                                      recorded.get(name) if recorded is not None else None)
        if recorded is not None and name not in recorded:
            found = [f for f in found if f.kind != "changed"]
            add(Finding(nn_rel, None, "changed", "not recorded yet as matching its nb twin",
                        "when nb and nn say the same, record it: ipforms check --accept",
                        severity="note"))
        report.findings.extend(found)
        if digests is not None:
            old = [list(p) for p in (recorded or {}).get(name, [])]
            keep: list[list[str]] = []
            pairs = [(x, y) for x, y in zip(blocks(sources["nb"][name]),
                                            blocks(sources["nn"][name]), strict=False)
                     if x.kind != "jinja"]
            for (x, y), pair in zip(pairs, digests, strict=True):
                if pair in old:
                    keep.append(pair)
                    continue
                pending = Pending(name, nb_rel, x.line, x.text, nn_rel, y.line, y.text)
                report.pending.append(pending)
                if accept and (choose is None or choose(pending)):
                    keep.append(pair)
                    report.accepted.append(pending)
                else:  # not accepted: what was recorded for either text stays
                    keep += [o for o in old if (o[0] == pair[0] or o[1] == pair[1])
                             and o not in keep]
            new_record[name] = keep
    if accept:
        atomic_write(parity_path, _parity_json(new_record))
        taken = {(p.nb_file, p.nb_line) for p in report.accepted} | \
                {(p.nn_file, p.nn_line) for p in report.accepted}
        report.findings = [f for f in report.findings
                           if f.kind != "changed" or f.line is not None
                           and (f.file, f.line) not in taken and not f.message.startswith(
                               "not recorded yet")]
    return report


def _parity_json(record: dict[str, list[list[str]]]) -> str:
    """The parity record, one paragraph pair a line (small diffs in git)."""
    lines = ['{"about": "written by ipforms check --accept: a pair of hashes (nb, nn) per '
             'paragraph that says the same in both standards; do not edit by hand",',
             ' "pages": {']
    items = sorted(record.items())
    for i, (name, pairs) in enumerate(items):
        lines.append(f"  {json.dumps(name)}: [")
        lines += [f"   {json.dumps(p)}" + ("," if j < len(pairs) - 1 else "")
                  for j, p in enumerate(pairs)]
        lines.append("  ]" + ("," if i < len(items) - 1 else ""))
    lines.append(" }}")
    return "\n".join(lines) + "\n"


def _spell(report: Report, checker: spelling.Checker,
           wanted: dict[str, dict[str, list[tuple[str, int]]]], suggest: bool) -> None:
    for lang in LANGS:
        problems = checker.check(set(wanted[lang]), lang)
        unknown = sorted(w for w, p in problems.items() if p.kind == "unknown")
        suggested = spelling.suggestions(unknown, lang) if suggest and len(unknown) <= 30 else {}
        for word, problem in sorted(problems.items()):
            places = wanted[lang][word]
            text = spelling.advice(problem, lang, suggested.get(word))
            for file, line in sorted(set(places)):
                report.findings.append(Finding(
                    file, line, "spelling", text,
                    "a name or term: add it to data/words.txt (or "
                    "data/municipalities/<slug>.words.txt), one word a line, 'nn: word' for one "
                    "standard only" if problem.kind == "unknown" else
                    "if it is a name or a title, add it to data/municipalities/<slug>.words.txt "
                    "(names with a capital letter only)" if problem.word[:1].isupper() else None))
    report.checked.setdefault("words", 0)
    report.checked["words"] += sum(len(w) for w in wanted.values())


def _check_rendered(root: Path, renderers: dict[str, pages.Renderer], m: Municipality,
                    sources: dict[str, dict[str, str]], source_files: dict[str, dict[str, str]],
                    df: DataFile) -> list[Finding]:
    """Render every page of ``m`` as the build does; problems with placeholders,
    includes, links and anchors."""
    found: list[Finding] = []
    add = found.append
    data_rel = _rel(df.path, root)
    data_text = df.path.read_text(encoding="utf-8") if df.path.is_file() else ""
    for lang in LANGS:
        if not sources[lang]:
            continue
        names = [n[:-3] for n in sources[lang] if "/" not in n and n.endswith(".md")
                 and n != "README.md"]
        site_pages = [n for n in names if pages.wanted(f"{lang}/{n}.md", m)]
        rendered: dict[str, str] = {}
        renderer = renderers[lang]
        for name in site_pages:
            url = "" if name == "index" else f"{name}/"
            ctx = pages.context(m, lang, name, page_url=url)
            try:
                rendered[name] = renderer.render(f"{name}.md", ctx)
            except TemplateError as exc:
                add(Finding(_rel(Path(exc.file), root) if exc.file else
                            source_files[lang].get(f"{name}.md", f"{lang}/{name}.md"),
                            exc.line, "placeholder", exc.reason,
                            exc.hint))
        anchors = {name: set(heading_ids(md)) for name, md in rendered.items()}
        for name, md in rendered.items():
            files = [(source_files[lang].get(f"{name}.md", f"{lang}/{name}.md"),
                      sources[lang].get(f"{name}.md", ""))]
            files += [(source_files[lang][p], t) for p, t in sources[lang].items()
                      if p.startswith(pages.PARTIALS_DIR + "/")]
            files.append((data_rel, data_text))
            for target in markdown_links(md):
                if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I) or target.startswith("//"):
                    continue
                path, _, frag = target.partition("#")
                if path.startswith("../"):
                    continue  # a form or another site's file
                file, line = _locate(f"]({target}", files)
                if file == files[0][0] and line is None:
                    file, line = _locate(target, files)
                if path:
                    tname = path[:-3] if path.endswith(".md") else path.rstrip("/")
                    if f"{tname}.md" not in sources[lang] or tname.startswith(pages.PARTIALS_DIR):
                        close = difflib.get_close_matches(f"{tname}.md", [f"{n}.md" for n in names],
                                                          n=1)
                        add(Finding(file, line, "link", f"link to {path}: no such page",
                                    f"did you mean {close[0]}?" if close else
                                    f"the pages: {', '.join(n + '.md' for n in names)}"))
                        continue
                    if tname not in rendered:
                        continue  # that page did not render: reported above
                else:
                    tname = name
                if frag and frag not in anchors.get(tname, set()):
                    close = difflib.get_close_matches(frag, sorted(anchors.get(tname, ())), n=1)
                    add(Finding(file, line, "anchor",
                                f"link to {target}: {tname}.md has no heading with the id "
                                f"'{frag}'",
                                f"did you mean #{close[0]}?" if close else
                                "the id is the heading in lower case, with '-' for spaces "
                                "(æ, ø and å are kept)"))
    return found
