"""nb/nn parity: an nb page and its nn twin have the same headings, lists, links,
placeholders and numbers, block by block; a paragraph changed in one standard but not
the other since the last ``ipforms check --accept`` is reported (``content/.parity.json``
keeps one hash per paragraph pair)."""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ...core.files import atomic_write
from .report import Finding, Pending, Report
from .templates import Sources
from .text import (JINJA_COMMENT_RE, JINJA_TAG_RE, LINK_TARGET_RE, line_of, markdown_links,
                   prose, rel)

PARITY_FILE = ".parity.json"
_ACCEPT = "when nb and nn say the same, record it: ipforms check --accept"


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


def _kind(chunk: str) -> str:
    stripped = JINJA_TAG_RE.sub("", JINJA_COMMENT_RE.sub("", chunk)).strip()
    first = chunk.lstrip()
    if not stripped:
        return "jinja"
    if (h := re.match(r"(#{1,6})\s", first)):
        return f"h{len(h.group(1))}"
    if re.match(r"([-*+]|\d+\.)\s", stripped):
        return "list"
    if re.match(r"[!?]{3}", first):
        return "admonition"
    return "p"


def blocks(text: str) -> list[Block]:
    """The blocks of a template (paragraphs, headings, lists, Jinja lines), with what
    must be the same in nb and nn."""
    out = []
    where = line_of(text)
    for m in re.finditer(r"(?:^[^\n]*\S[^\n]*(?:\n|$))+", text, re.M):
        chunk = m.group(0).rstrip("\n")
        items = len(re.findall(r"^\s*(?:\{%.*?%\})*\s*(?:[-*+]|\d+\.)\s", chunk, re.M))
        jinja = tuple(_norm_jinja(x) for x in re.findall(r"\{\{.*?\}\}|\{%.*?%\}", chunk, re.S))
        visible = prose(chunk)
        # the page a link points to; its #anchor is a heading of that page's own
        # standard (checked on its own), so it differs between nb and nn
        links = tuple(t.partition("#")[0] or t for t in markdown_links(JINJA_TAG_RE.sub(" ", chunk)))
        numbers = tuple(sorted(re.findall(r"\d+(?:[.,:]\d+)*", LINK_TARGET_RE.sub(" ", visible))))
        out.append(Block(where(m.start()), chunk, _kind(chunk), items, jinja, links, numbers))
    return out


def _describe(b: Block) -> str:
    return {"p": "paragraph", "list": "list", "jinja": "template line",
            "admonition": "note box"}.get(b.kind, f"heading (level {b.kind[1:]})"
                                            if b.kind.startswith("h") else b.kind)


def _unmatched(sm: difflib.SequenceMatcher, a: list[Block], b: list[Block], nb_file: str,
               nn_file: str) -> list[Finding]:
    """The blocks of either twin the other has no counterpart for."""
    out: list[Finding] = []
    hint = "nb and nn pages have the same headings, paragraphs and lists in the same order"
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            continue
        for x in a[i1:i2]:
            out.append(Finding(nb_file, x.line, "parity",
                               f"this {_describe(x)} ('{x.first_words()}') has no counterpart in "
                               f"{nn_file}" + (f" near line {b[j1].line}" if j1 < len(b) else ""),
                               hint))
        for y in b[j1:j2]:
            out.append(Finding(nn_file, y.line, "parity",
                               f"this {_describe(y)} ('{y.first_words()}') has no counterpart in "
                               f"{nb_file}" + (f" near line {a[i1].line}" if i1 < len(a) else ""),
                               hint))
    return out


def _differences(pairs: list[tuple[Block, Block]], nb_file: str, nn_file: str) -> list[Finding]:
    """Twin blocks whose list items, placeholders, links or numbers differ."""
    out: list[Finding] = []
    for x, y in pairs:
        for what, va, vb in (("list items", x.items, y.items),
                             ("placeholders and template tags", x.placeholders, y.placeholders),
                             ("links", x.links, y.links), ("numbers", x.numbers, y.numbers)):
            if va == vb:
                continue
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
    return out


def _changes(pairs: list[tuple[Block, Block]], recorded: list[list[str]], nb_file: str,
             nn_file: str) -> list[Finding]:
    """Twin paragraphs changed since they were recorded as matching: in one standard
    only (a problem), or in both (a note)."""
    out: list[Finding] = []
    rec_pairs = {tuple(p) for p in recorded}
    rec_nb = {p[0] for p in recorded}
    rec_nn = {p[1] for p in recorded}
    for x, y in pairs:
        if x.kind == "jinja":
            continue
        da, db = x.digest(), y.digest()
        if (da, db) in rec_pairs:
            continue
        if (da in rec_nb) != (db in rec_nn):  # one text is as recorded: the other changed
            nb, nn = ("nb", nb_file, x.line), ("nn", nn_file, y.line)
            (lang, file, line), (other, other_file, other_line) = (nn, nb) if da in rec_nb else (nb, nn)
            out.append(Finding(file, line, "changed",
                               f"changed in {lang} since the last check, but "
                               f"{other_file}:{other_line} was not",
                               f"make the {other} paragraph say the same (or undo the change), "
                               "then run: ipforms check --accept"))
        else:
            out.append(Finding(nn_file, y.line, "changed",
                               f"changed in both nb ({nb_file}:{x.line}) and nn since the "
                               "last check", "when both say the same, record it: "
                               "ipforms check --accept", severity="note"))
    return out


def check_parity(nb_text: str, nn_text: str, nb_file: str, nn_file: str,
                 recorded: list[list[str]] | None) -> tuple[list[Finding], list[list[str]] | None]:
    """Compare an nb template with its nn twin; returns findings and the digest pairs
    to record (None when the structure differs, so nothing can be recorded)."""
    a, b = blocks(nb_text), blocks(nn_text)
    sm = difflib.SequenceMatcher(a=[x.kind for x in a], b=[x.kind for x in b], autojunk=False)
    out = _unmatched(sm, a, b, nb_file, nn_file)
    aligned = all(op == "equal" for op, *_ in sm.get_opcodes())
    pairs = [(x, y) for op, i1, i2, j1, j2 in sm.get_opcodes() if op == "equal"
             for x, y in zip(a[i1:i2], b[j1:j2], strict=True)]
    out += _differences(pairs, nb_file, nn_file)
    if recorded is not None:
        out += _changes(pairs, recorded, nb_file, nn_file)
    digests = [[x.digest(), y.digest()] for x, y in pairs if x.kind != "jinja"] if aligned \
        else None
    return out, digests


def parity_json(record: dict[str, list[list[str]]]) -> str:
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


@dataclass
class _Twins:
    """The parity of every nb/nn pair of templates, and the record to write."""
    report: Report
    root: Path
    layers: list[Path]
    sources: Sources
    recorded: dict[str, list[list[str]]] | None
    accept: bool
    choose: Callable[[Pending], bool] | None

    def check(self, name: str) -> list[list[str]] | None:
        """Findings for the pair ``name``; the digest pairs to record for it (None: keep
        what was recorded)."""
        text, files = self.sources.text, self.sources.files
        nb_rel = files["nb"].get(name) or rel(self.layers[0] / "nb" / name, self.root)
        nn_rel = files["nn"].get(name) or rel(self.layers[0] / "nn" / name, self.root)
        if name not in text["nn"] or name not in text["nb"]:
            have, missing = (nb_rel, nn_rel) if name in text["nb"] else (nn_rel, nb_rel)
            self.report.findings.append(Finding(
                have, None, "parity", f"there is no {missing}",
                "every page and partial exists in both nb and nn, with the same name"))
            return None
        recorded = self.recorded
        found, digests = check_parity(text["nb"][name], text["nn"][name], nb_rel, nn_rel,
                                      recorded.get(name) if recorded is not None else None)
        if recorded is not None and name not in recorded:
            found = [f for f in found if f.kind != "changed"]
            self.report.findings.append(Finding(nn_rel, None, "changed",
                                                "not recorded yet as matching its nb twin",
                                                _ACCEPT, severity="note"))
        self.report.findings.extend(found)
        return None if digests is None else self.keep(name, nb_rel, nn_rel, digests)

    def keep(self, name: str, nb_rel: str, nn_rel: str, digests: list[list[str]]
             ) -> list[list[str]]:
        """The pairs of ``name`` to record: those recorded before, and with ``accept``
        the new ones (those ``choose`` says yes to); the others are pending."""
        old = [list(p) for p in (self.recorded or {}).get(name, [])]
        keep: list[list[str]] = []
        pairs = [(x, y) for x, y in zip(blocks(self.sources.text["nb"][name]),
                                        blocks(self.sources.text["nn"][name]), strict=False)
                 if x.kind != "jinja"]
        for (x, y), pair in zip(pairs, digests, strict=True):
            if pair in old:
                keep.append(pair)
                continue
            pending = Pending(name, nb_rel, x.line, x.text, nn_rel, y.line, y.text)
            self.report.pending.append(pending)
            if self.accept and (self.choose is None or self.choose(pending)):
                keep.append(pair)
                self.report.accepted.append(pending)
            else:  # not accepted: what was recorded for either text stays
                keep += [o for o in old if (o[0] == pair[0] or o[1] == pair[1])
                         and o not in keep]
        return keep


def _read_record(report: Report, root: Path, layers: list[Path], sources: Sources
                 ) -> dict[str, list[list[str]]] | None:
    """The recorded pairs: the project's own, else those shipped with the pages."""
    parity_path = layers[0] / PARITY_FILE
    report.parity_file = parity_path
    # a project without a record of its own starts from the one shipped with the pages
    read_from = parity_path if parity_path.is_file() else layers[-1] / PARITY_FILE
    if read_from.is_file():
        try:
            return json.loads(read_from.read_text(encoding="utf-8")).get("pages", {})
        except (OSError, ValueError, AttributeError) as exc:
            report.findings.append(Finding(rel(read_from, root), None, "read", f"cannot read: {exc}",
                                           "delete it and run: ipforms check --accept"))
    elif sources.text["nb"] or sources.text["nn"]:
        report.findings.append(Finding(rel(parity_path, root), None, "changed",
                                       "no record yet of which nb and nn paragraphs match",
                                       _ACCEPT, severity="note"))
    return None


def check_twins(report: Report, root: Path, layers: list[Path], sources: Sources, *,
                accept: bool, choose: Callable[[Pending], bool] | None) -> None:
    """nb/nn parity of every template, and paragraphs changed in one standard only; with
    ``accept``, the pairs recorded (``.parity.json`` in the project's content folder)."""
    recorded = _read_record(report, root, layers, sources)
    twins = _Twins(report, root, layers, sources, recorded, accept, choose)
    new_record: dict[str, list[list[str]]] = dict(recorded or {})
    for name in sorted(set(sources.text["nb"]) | set(sources.text["nn"])):
        if name == "README.md":
            continue
        kept = twins.check(name)
        if kept is not None:
            new_record[name] = kept
    if accept and report.parity_file is not None:
        atomic_write(report.parity_file, parity_json(new_record))
        taken = {(p.nb_file, p.nb_line) for p in report.accepted} | \
                {(p.nn_file, p.nn_line) for p in report.accepted}
        report.findings = [f for f in report.findings
                           if f.kind != "changed" or f.line is not None
                           and (f.file, f.line) not in taken and not f.message.startswith(
                               "not recorded yet")]
