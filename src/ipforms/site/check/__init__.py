"""``ipforms check``: everything an editor can get wrong, found in one run.

Checks the page templates (``content/nb``, ``content/nn``) and the municipality data
files (``data/municipalities/*.yml``) and reports every problem at once, each with the
file and line and what to do (:mod:`.report`):

* **data**: a data file that cannot be read or does not fit the schema
  (:func:`ipforms.core.municipality.read_data_file`; :mod:`.data`);
* **spelling**: nb text with hunspell nb_NO, nn text with nn_NO; a word of the other
  written standard is always a problem (:mod:`ipforms.core.spelling`).  Known without
  editing anything: the lists shipped with ipforms, each municipality's own names from
  its data file, and the editors' words files ``data/words.txt`` and
  ``data/municipalities/<slug>.words.txt`` (:mod:`.words`);
* **terms**: outdated names, terms and citations (``resources/outdated-terms.yml``,
  :mod:`.terms`), law keys and sections (``{{ law("pbrl", "2-5 b") }}``) and sections
  written as text (:mod:`.laws`);
* **placeholders**, includes, Markdown **links** and **anchors**: every page is
  rendered for every municipality, as the site build does; links to pages the
  municipality does not have, and to headings that do not exist, are problems
  (:mod:`.rendered`); a third language lacks nothing (:mod:`.languages`);
* **parity**: nb and nn pages have the same headings, lists, links, placeholders and
  numbers, block by block; and a paragraph changed in one standard but not the other
  since the last ``ipforms check --accept`` is reported (``content/.parity.json``
  keeps one hash per paragraph pair; :mod:`.parity`).

The templates are read once (:mod:`.templates`), the texts of the forms with them
(:mod:`.formtexts`); :mod:`.text` reads prose as a reader sees it.

Exit codes: 0 nothing found, 1 problems found, 2 something could not be read
(a data file, a template, a word list).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .data import DataText, check_data_texts, check_examples, data_texts, read_data_files
from .formtexts import check_form_texts, form_text_files, yaml_texts
from .languages import check_languages
from .laws import check_law_calls, check_section_text
from .parity import PARITY_FILE, Block, blocks, check_parity, check_twins
from .rendered import check_pages
from .report import KINDS, UNREADABLE, Finding, Pending, Report
from .templates import (check_mkdocs_yml, check_published_files, content_layers, read_templates,
                        template_sources, wanted_words)
from .terms import Term, check_terms, outdated_terms
from .text import heading_ids, markdown_links, prose, slugify
from .words import (NAME_KEYS, base_checker, check_spelling, municipality_checker, own_names,
                    project_checker, words_files)

__all__ = [
    "KINDS", "NAME_KEYS", "PARITY_FILE", "UNREADABLE", "Block", "DataText", "Finding", "Pending",
    "Report", "Term", "blocks", "check_examples", "check_form_texts", "check_law_calls",
    "check_parity", "check_project", "check_section_text", "check_terms", "content_layers",
    "data_texts", "form_text_files", "heading_ids", "markdown_links", "municipality_checker",
    "outdated_terms", "own_names", "project_checker", "prose", "slugify", "template_sources",
    "words_files", "yaml_texts",
]


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
    terms = outdated_terms()
    report.findings.extend(check_mkdocs_yml(root))
    datafiles = read_data_files(report, root, data_dir, slugs)
    base = base_checker(report, root, data_dir)
    wanted = wanted_words()  # the words to spell: lang -> word -> [(file, line)]
    sources = read_templates(report, root, layers, terms, wanted)
    report.findings.extend(check_published_files(root, layers))
    report.findings.extend(check_form_texts(root, terms, wanted))
    report.checked["form texts"] = len(form_text_files())
    per_m = check_data_texts(report, root, datafiles, terms)
    check_spelling(report, root, data_dir, base, wanted, per_m, datafiles, suggest)
    check_pages(report, root, layers, sources, datafiles)
    check_languages(report, root, layers, datafiles)
    check_twins(report, root, layers, sources, accept=accept, choose=choose)
    return report
