"""Markdown converted once per page skeleton, not once per municipality.

Converting a page's Markdown to HTML was a quarter of a site build, and the pages of
two municipalities differ mostly in their data values.  A page is rendered with a
token in place of each value that Markdown shows as the same text wherever it stands
(:meth:`ipforms.site.render.Renderer.render_skeleton`: plain data values, links to
addresses outside the site, form links); that *skeleton* is converted once per page,
address, file list and Markdown configuration, and each municipality's page is the
skeleton's HTML with each token replaced by the HTML of its value (converted once per
value text, with the other new values of the page in one small document).

The first time a skeleton is seen the page is converted as mkdocs always does (its
messages, its links checked), and the skeleton too; the skeleton is kept only when its
HTML with the values put back is exactly the page's HTML, with the same table of
contents, title and anchors, and the conversion said nothing.  Otherwise (a value in a
heading, an attribute, a link within the site ...) that skeleton is converted as usual
from then on.  Only the Markdown extensions whose handling of plain text is known here
are cached (:data:`KNOWN_EXTENSIONS`); any other makes every page convert as usual.
"""

from __future__ import annotations

import copy
import logging
import re
from dataclasses import dataclass
from typing import Any

import markdown
from mkdocs.structure.pages import Page

from .sandbox import TOKEN, TOKEN_RE

#: mkdocs' own (toc, tables, fenced_code) and those the shipped mkdocs.yml lists
KNOWN_EXTENSIONS = frozenset(
    name for base in ("toc", "tables", "fenced_code", "admonition", "attr_list")
    for name in (base, f"markdown.extensions.{base}"))
#: how many pages were converted from Markdown (the work-count test reads it)
CONVERSIONS = [0]


@dataclass
class _Entry:
    content: str
    toc: Any
    title: str | None
    anchors: set[str]
    links_to_anchors: dict | None


#: (skeleton, page's file and address, file list, Markdown configuration) -> its HTML,
#: or None when that skeleton is converted as usual
_ENTRIES: dict[tuple, _Entry | None] = {}
#: (Markdown configuration, value's Markdown) -> its HTML
_PIECES: dict[tuple, str] = {}
_PROBES: dict[str, markdown.Markdown] = {}
_FILES: list = [None, None]  # the last file list and its key
_LIMIT = 4096  # entries kept: a few skeletons per page and standard; never per municipality


def config_key(config) -> str | None:
    """The Markdown configuration as a key (None: an extension not known here)."""
    exts = config["markdown_extensions"]
    if not all(isinstance(e, str) and e in KNOWN_EXTENSIONS for e in exts):
        return None
    return repr((list(exts), sorted((k, repr(v)) for k, v in (config["mdx_configs"] or {}).items()),
                 config["use_directory_urls"]))


def _files_key(files) -> tuple:
    if _FILES[0] is not files:
        _FILES[:] = [files, tuple(sorted(f.src_uri for f in files))]
    return _FILES[1]


def _count_conversion(page: Page, config, files) -> None:
    CONVERSIONS[0] += 1
    Page.render(page, config, files)


class _Said(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records = 0

    def emit(self, record):
        if record.levelno > logging.DEBUG:
            self.records += 1


def use(page: Page, text: str, skeleton: tuple[str, list[str]]) -> None:
    """Let ``page.render(config, files)``, which mkdocs calls after the plugins'
    ``on_page_markdown``, convert from ``skeleton`` (of ``text``, the page's Markdown;
    when another plugin changed it after ours, the page is converted as usual)."""
    def render_once(config, files) -> None:
        del page.render  # the class's again
        if page.markdown != text:
            return _count_conversion(page, config, files)
        return render(page, config, files, skeleton)

    page.render = render_once  # type: ignore[method-assign]


def render(page: Page, config, files, skeleton: tuple[str, list[str]]) -> None:
    """``page.render(config, files)``, from the skeleton's HTML when it was seen before."""
    text, pieces = skeleton
    md_key = config_key(config)
    if md_key is None:
        return _count_conversion(page, config, files)
    key = (text, page.file.src_uri, page.file.dest_uri, page.url, _files_key(files), md_key)
    if key in _ENTRIES and _ENTRIES[key] is None:
        return _count_conversion(page, config, files)
    entry = _ENTRIES.get(key)
    values = _piece_html(config, md_key, pieces)
    if values is None:
        return _count_conversion(page, config, files)
    if entry is not None:
        page.content = TOKEN_RE.sub(lambda m: values[int(m.group(1))], entry.content)
        page.toc = copy.deepcopy(entry.toc)
        page._title_from_render = entry.title
        page.present_anchor_ids = set(entry.anchors)
        if entry.links_to_anchors is not None:
            page.links_to_anchors = {}
        return None
    # first time: the page as mkdocs converts it, then the skeleton beside it
    said = _Said()
    mk_log = logging.getLogger("mkdocs")
    mk_log.addHandler(said)
    try:
        _count_conversion(page, config, files)
    finally:
        mk_log.removeHandler(said)
    if len(_ENTRIES) > _LIMIT:
        _ENTRIES.clear()
    _ENTRIES[key] = None
    if said.records or page.links_to_anchors:
        return None
    made = _convert_skeleton(page, config, files, text)
    if made is None:
        return None
    if (TOKEN_RE.sub(lambda m: values[int(m.group(1))], made.content) == page.content
            and _toc(made.toc) == _toc(page.toc) and made.title == page._title_from_render
            and made.anchors == page.present_anchor_ids
            and _placed(made.content, len(pieces))):
        _ENTRIES[key] = made
    return None


def _convert_skeleton(page: Page, config, files, text: str) -> _Entry | None:
    """The skeleton converted in place of the page's Markdown (the page is left as it was);
    None when it said anything (its messages are not shown: the page's own were)."""
    keep = {k: getattr(page, k, None) for k in ("markdown", "content", "toc",
                                               "_title_from_render", "present_anchor_ids",
                                               "links_to_anchors")}
    said = _Said()
    loggers = [logging.getLogger(n) for n in ("mkdocs", "MARKDOWN")]
    saved = [(lg, lg.propagate, lg.handlers[:]) for lg in loggers]
    try:
        for lg in loggers:  # heard by ours alone
            lg.handlers[:] = [said]
            lg.propagate = False
        page.markdown = text
        Page.render(page, config, files)
        made = _Entry(page.content or "", page.toc, page._title_from_render,
                      set(page.present_anchor_ids or ()), page.links_to_anchors)
    finally:
        for lg, propagate, handlers in saved:
            lg.handlers[:] = handlers
            lg.propagate = propagate
        for k, v in keep.items():
            setattr(page, k, v)
    if said.records or made.links_to_anchors or TOKEN in (made.title or "") \
            or TOKEN in repr(_toc(made.toc)) or any(TOKEN in a for a in made.anchors):
        return None
    return made


def _placed(html: str, n: int) -> bool:
    """Every token once, in the text of the page (never inside a tag)."""
    found = [int(m.group(1)) for m in TOKEN_RE.finditer(html)]
    if sorted(found) != list(range(n)):
        return False
    for m in TOKEN_RE.finditer(html):
        before = html[:m.start()]
        if before.rfind("<") > before.rfind(">"):
            return False
    return True


def _toc(toc) -> list:
    return [(item.title, item.id, item.level, _toc(item.children)) for item in toc or []]


def _piece_html(config, md_key: str, pieces: list[str]) -> list[str] | None:
    """The HTML of each value, the new ones converted together (None when one cannot be
    told apart in the result)."""
    new = [p for p in dict.fromkeys(pieces) if (md_key, p) not in _PIECES]
    if new:
        md = _PROBES.get(md_key)
        if md is None:
            md = _PROBES[md_key] = markdown.Markdown(
                extensions=config["markdown_extensions"],
                extension_configs=config["mdx_configs"] or {})
        md.reset()
        CONVERSIONS[0] += 1
        html = md.convert("\n\n".join(f"{TOKEN}{i}a {p} {TOKEN}{i}b" for i, p in enumerate(new)))
        for i, p in enumerate(new):
            m = re.search(f"<p>{re.escape(TOKEN)}{i}a (.*?) {re.escape(TOKEN)}{i}b</p>", html,
                          re.S)
            if m is None or TOKEN in m.group(1):
                return None
            if len(_PIECES) > _LIMIT * 4:
                _PIECES.clear()
            _PIECES[(md_key, p)] = m.group(1)
    return [_PIECES[(md_key, p)] for p in pieces]
