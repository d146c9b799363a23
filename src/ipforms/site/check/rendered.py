"""Every page rendered for every municipality, as the site build does: placeholders and
includes that fail, Markdown links to pages the municipality does not have, and anchors
to headings that do not exist."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from ...core.errors import TemplateError
from ...core.lang import LANGS
from ...core.municipality import DataFile, Municipality
from .. import pages, render
from .report import Finding, Report
from .templates import Sources
from .text import heading_ids, markdown_links, rel


def _locate(snippet: str, files: list[tuple[str, str]]) -> tuple[str, int | None]:
    """The first file and line whose text contains ``snippet``."""
    for name, text in files:
        i = text.find(snippet)
        if i >= 0:
            return name, text.count("\n", 0, i) + 1
    return (files[0][0] if files else "?"), None


def check_pages(report: Report, root: Path, layers: list[Path], sources: Sources,
                datafiles: dict[str, DataFile]) -> None:
    """Every page rendered for every municipality; a problem found for several is
    reported once, naming them."""
    ms = {s: df.municipality for s, df in datafiles.items() if df.municipality is not None}
    by_problem: dict[Finding, list[str]] = {}
    # compiled once a process (Jinja compiles a changed template again)
    renderers = {lang: render.renderer(layers, lang) for lang in LANGS}
    for slug, muni in ms.items():
        site = _Site(root, renderers, muni, sources, datafiles[slug])
        for f in site.check():
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


@dataclass
class _Site:
    """One municipality's pages, rendered as the build does."""
    root: Path
    renderers: dict[str, render.Renderer]
    m: Municipality
    sources: Sources
    df: DataFile

    def check(self) -> list[Finding]:
        """Problems with placeholders, includes, links and anchors."""
        found: list[Finding] = []
        data_rel = rel(self.df.path, self.root)
        data_text = self.df.path.read_text(encoding="utf-8") if self.df.path.is_file() else ""
        for lang in LANGS:
            if not self.sources.text[lang]:
                continue
            names = [n[:-3] for n in self.sources.text[lang] if "/" not in n and n.endswith(".md")
                     and n != "README.md"]
            rendered = self.render(lang, names, found)
            anchors = {name: set(heading_ids(md)) for name, md in rendered.items()}
            for name, md in rendered.items():
                files = [self.source(lang, name)]
                files += [(self.sources.files[lang][p], t) for p, t in self.sources.text[lang].items()
                          if p.startswith(pages.PARTIALS_DIR + "/")]
                files.append((data_rel, data_text))
                for target in markdown_links(md):
                    found += self.link(lang, name, target, files, names, rendered, anchors)
        return found

    def source(self, lang: str, name: str) -> tuple[str, str]:
        """The page's template file, as the report names it, and its text."""
        return (self.sources.files[lang].get(f"{name}.md", f"{lang}/{name}.md"),
                self.sources.text[lang].get(f"{name}.md", ""))

    def render(self, lang: str, names: list[str], found: list[Finding]) -> dict[str, str]:
        """The pages of ``names`` the municipality has, rendered; those that fail added to
        ``found``."""
        rendered: dict[str, str] = {}
        renderer = self.renderers[lang]
        for name in [n for n in names if pages.wanted(f"{lang}/{n}.md", self.m)]:
            url = "" if name == "index" else f"{name}/"
            ctx = pages.context(self.m, lang, name, page_url=url)
            try:
                rendered[name] = renderer.render(f"{name}.md", ctx)
            except TemplateError as exc:
                found.append(Finding(rel(Path(exc.file), self.root) if exc.file else
                                     self.source(lang, name)[0],
                                     exc.line, "placeholder", exc.reason, exc.hint))
        return rendered

    def link(self, lang: str, name: str, target: str, files: list[tuple[str, str]],
             names: list[str], rendered: dict[str, str], anchors: dict[str, set[str]]
             ) -> list[Finding]:
        """What is wrong with the link to ``target`` on page ``name``."""
        if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I) or target.startswith("//"):
            return []
        path, _, frag = target.partition("#")
        if path.startswith("../"):
            return []  # a form or another site's file
        file, line = _locate(f"]({target}", files)
        if file == files[0][0] and line is None:
            file, line = _locate(target, files)
        if path:
            tname = path[:-3] if path.endswith(".md") else path.rstrip("/")
            if f"{tname}.md" not in self.sources.text[lang] or tname.startswith(pages.PARTIALS_DIR):
                close = difflib.get_close_matches(f"{tname}.md", [f"{n}.md" for n in names], n=1)
                return [Finding(file, line, "link", f"link to {path}: no such page",
                                f"did you mean {close[0]}?" if close else
                                f"the pages: {', '.join(n + '.md' for n in names)}")]
            if tname not in rendered:
                return []  # that page did not render: reported above
        else:
            tname = name
        if frag and frag not in anchors.get(tname, set()):
            close = difflib.get_close_matches(frag, sorted(anchors.get(tname, ())), n=1)
            return [Finding(file, line, "anchor",
                            f"link to {target}: {tname}.md has no heading with the id '{frag}'",
                            f"did you mean #{close[0]}?" if close else
                            "the id is the heading in lower case, with '-' for spaces "
                            "(æ, ø and å are kept)")]
        return []
