"""The page templates as written: the project's content folder over the pages shipped
with ipforms (:mod:`ipforms.site.overlay`), each template read once (no pipe, no link out
of its folder), its prose checked for outdated terms and its law citations; and the files
around them that a build reads (``mkdocs.yml``, the pictures and PDFs it publishes)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ...core import spelling
from ...core.errors import TemplateError
from ...core.files import file_problem, read_text
from ...core.lang import LANGS
from ...core.municipality import DATA_LIMIT, yaml_unfolds
from .. import overlay, render
from .laws import check_law_calls, check_section_text
from .report import Finding, Report
from .terms import Term, check_terms
from .text import prose, rel

#: words to spell: lang -> word -> [(file, line)]
Wanted = dict[str, dict[str, list[tuple[str, int]]]]


def wanted_words() -> Wanted:
    return {lang: {} for lang in LANGS}


@dataclass
class Sources:
    """The templates of each standard: ``text[lang][name]`` and the file it was read
    from, as the report names it, ``files[lang][name]``."""
    text: dict[str, dict[str, str]] = field(default_factory=lambda: {lang: {} for lang in LANGS})
    files: dict[str, dict[str, str]] = field(default_factory=lambda: {lang: {} for lang in LANGS})


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


def check_mkdocs_yml(root: Path) -> list[Finding]:
    """mkdocs.yml: mkdocs reads it with its aliases unfolded (a kilobyte of nested
    aliases would take it gigabytes and never finish)."""
    config = root / "mkdocs.yml"
    if file_problem(config):
        return []
    try:
        unfolds = yaml_unfolds(read_text(config, TemplateError, limit=DATA_LIMIT))
    except TemplateError as exc:
        return [Finding("mkdocs.yml", None, "read", exc.reason)]
    if unfolds:
        return [Finding("mkdocs.yml", unfolds[0], "read",
                        f"its YAML aliases (*name) unfold into {unfolds[1]:,} values",
                        "write the values out; a site's mkdocs.yml needs a few hundred")]
    return []


def read_templates(report: Report, root: Path, layers: list[Path], terms: list[Term],
                   wanted: Wanted) -> Sources:
    """Every template as written: read (no pipe, it would block; no link out of the
    content folder), its outdated terms and law citations reported, its words added to
    ``wanted``."""
    sources = Sources()
    for lang in LANGS:
        for name, path in template_sources(layers, lang).items():
            where = rel(path, root)
            layer = next((x for x in layers if Path(x) in path.parents), path.parent)
            try:
                text = read_text(path, TemplateError, within=layer, limit=render.TEMPLATE_LIMIT)
            except TemplateError as exc:
                report.findings.append(Finding(where, None, "read", exc.reason))
                continue
            sources.text[lang][name] = text
            sources.files[lang][name] = where
            visible = prose(text)
            for n, w in spelling.word_positions(visible):
                wanted[lang].setdefault(w, []).append((where, n))
            report.findings.extend(check_terms(visible, lang, where, 1, terms))
            report.findings.extend(check_law_calls(text, where))
            report.findings.extend(check_section_text(visible, where))
    report.checked["templates"] = sum(len(s) for s in sources.text.values())
    return sources


def check_published_files(root: Path, layers: list[Path]) -> list[Finding]:
    """Every other file the build would publish from the project's content folder
    (pictures, PDFs): no pipe, no device, no link out of the folder."""
    if layers[0] == overlay.SHIPPED_CONTENT.resolve():
        return []
    out = []
    for rel_path, path in overlay.resolve([layers[0]]).items():
        if not rel_path.endswith(".md"):
            problem = file_problem(path, within=layers[0])
            if problem:
                out.append(Finding(f"{rel(path.parent, root)}/{path.name}", None, "read", problem))
    return out
