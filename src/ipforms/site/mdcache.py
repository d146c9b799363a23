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
import html
import logging
import re
from dataclasses import dataclass
from typing import Any

import markdown
from markdown.extensions.toc import strip_tags
from mkdocs.structure.pages import Page

from .sandbox import TOKEN, TOKEN_RE

#: mkdocs' own (toc, tables, fenced_code) and those the shipped mkdocs.yml lists
KNOWN_EXTENSIONS = frozenset(
    name for base in ("toc", "tables", "fenced_code", "admonition", "attr_list")
    for name in (base, f"markdown.extensions.{base}"))
#: how many pages were converted from Markdown (the work-count test reads it)
CONVERSIONS = [0]


@dataclass
class _Head:
    """A heading with values in its text: its id and its table of contents entry are
    made per value, as the toc extension makes them."""
    skel_id: str   # the skeleton's id (with the token in it)
    inner: str     # the heading's HTML in the skeleton (tokens in its text)


@dataclass
class _Entry:
    content: str   # the ids of ``heads`` written as their placeholder (:func:`_head_mark`)
    toc: Any
    title: str | None
    anchors: set[str]
    links_to_anchors: dict | None
    heads: tuple[_Head, ...] = ()
    static_ids: frozenset[str] = frozenset()  # the other ids of the page
    slugify: Any = None  # the toc extension's slugify and separator
    sep: str = "-"
    #: the search index's reading of ``content`` (None: not read yet; False: the search
    #: plugin reads each page itself), see :mod:`ipforms.site.searchindex`
    search: Any = None


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
        filled = _fill(entry, values)
        if filled is None:  # a heading's value this entry cannot make: as usual
            return _count_conversion(page, config, files)
        page.content, page.toc, page.present_anchor_ids = filled.content, filled.toc, filled.anchors
        page._title_from_render = entry.title
        if entry.links_to_anchors is not None:
            page.links_to_anchors = {}
        page.ipforms_filled = filled  # type: ignore[attr-defined]  # for the search index
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
    if made is None or not _with_heads(made, _probe(config, md_key)):
        return None
    filled = _fill(made, values)
    if (filled is not None and filled.content == page.content
            and _toc(filled.toc) == _toc(page.toc) and made.title == page._title_from_render
            and filled.anchors == page.present_anchor_ids and _placed(made.content, len(pieces))
            and _probes_agree(page, config, files, text, made, md_key, len(pieces))):
        _ENTRIES[key] = made
        filled.content = page.content
        page.ipforms_filled = filled  # type: ignore[attr-defined]
    return None


#: values as a page could hold them (escaped, :func:`ipforms.site.escape.md_escape`), with
#: what Markdown writes otherwise where it does not read a value as text (code, raw
#: HTML ...) and punctuation at both ends
PROBES = (r"Ab\*c &amp; d\_e", r"'\#\[x\]\(y\) &lt;&gt; \\ ,;:?'")


def _probes_agree(page: Page, config, files, text: str, made: _Entry, md_key: str,
                  n: int) -> bool:
    """Whether the skeleton, with :data:`PROBES` for its values, makes what converting
    the page with them makes (a value where Markdown does not read it as text would
    agree for the first page's plain values, and not for the next page's)."""
    for probe in PROBES:
        values = _piece_html(config, md_key, [probe])
        filled = _fill(made, values * n) if values is not None else None
        real = _convert_skeleton(page, config, files, TOKEN_RE.sub(probe.replace("\\", "\\\\"), text))
        if (filled is None or real is None or filled.content != real.content
                or _toc(filled.toc) != _toc(real.toc) or real.title != made.title
                or filled.anchors != real.anchors):
            return False
    return True


@dataclass
class Filled:
    """A page made from a skeleton (:func:`render`): its HTML, table of contents and
    anchors, and what they were made from (the search index reads the skeleton's
    sections once, :mod:`ipforms.site.searchindex`)."""
    entry: _Entry
    values: list[str]   # each token's HTML
    ids: list[str]      # each heading's id (``entry.heads``)
    content: str
    toc: Any
    anchors: set[str]


def _fill(entry: _Entry, values: list[str]) -> Filled | None:
    """The page's HTML, table of contents and anchors from ``entry`` with ``values`` put
    in (None when a heading's value makes an id this cannot tell is the toc's)."""
    def value(m: re.Match) -> str:
        return values[int(m.group(1))]

    content = TOKEN_RE.sub(value, entry.content)
    toc = copy.deepcopy(entry.toc)
    anchors = set(entry.anchors)
    ids: set[str] = set()
    ids_in_order: list[str] = []
    for k, head in enumerate(entry.heads):
        inner = TOKEN_RE.sub(value, head.inner)
        if "<" in inner or ">" in inner:  # a value with markup (a link) in a heading
            return None
        # what the toc extension does: the text without tags, its slug unique in the page
        name = strip_tags(inner)
        new_id = entry.slugify(html.unescape(name), entry.sep)
        if (not isinstance(new_id, str) or not _PLAIN_ID.fullmatch(new_id)
                or new_id in entry.static_ids or new_id in ids):
            return None
        ids.add(new_id)
        ids_in_order.append(new_id)
        content = content.replace(_head_mark(k), new_id)
        for item in _toc_items(toc):
            if item.id == head.skel_id:
                item.id, item.title = new_id, name
        if head.skel_id in anchors:
            anchors.discard(head.skel_id)
            anchors.add(new_id)
    return Filled(entry, values, list(ids_in_order), content, toc, anchors)


#: an id written as it is in an attribute (the serializer escapes nothing in it)
_PLAIN_ID = re.compile(r"[\w\-]+")
_HEADING = re.compile(r"<h([1-6])((?:\s[^>]*)?)>(.*?)</h\1>", re.S)
_ID_ATTR = re.compile(r' id="([^"]*)"')


def _head_mark(k: int) -> str:
    """The placeholder of heading ``k``'s id (never a :data:`TOKEN_RE` match)."""
    return f"{TOKEN}{k}h"


HEAD_MARK_RE = re.compile(re.escape(TOKEN) + r"(\d+)h")
_MARKS = re.compile(f"{TOKEN_RE.pattern}|{HEAD_MARK_RE.pattern}")


def _with_heads(made: _Entry, md: markdown.Markdown) -> bool:
    """Find the headings of ``made`` with tokens in their text and mark their ids
    (:func:`_head_mark`); False when one is not as :func:`_fill` makes it (an id given
    in the template, a label of its own, markup, an id made unique with a suffix ...)."""
    toc_ext: Any = md.treeprocessors["toc"] if "toc" in md.treeprocessors else None
    content = made.content
    heads: list[_Head] = []
    for m in _HEADING.finditer(made.content):
        attrs, inner = m.group(2), m.group(3)
        if TOKEN not in attrs and TOKEN not in inner:
            continue
        ida = _ID_ATTR.fullmatch(attrs)
        if toc_ext is None or ida is None or TOKEN not in ida.group(1) or TOKEN not in inner:
            return False
        skel_id = ida.group(1)
        static = "".join(TOKEN_RE.split(inner)[::2])
        if any(c in static for c in "<>&\\") or TOKEN in static:
            return False
        name = strip_tags(inner)
        if toc_ext.slugify(html.unescape(name), toc_ext.sep) != skel_id:
            return False
        if any(item.title != name for item in _toc_items(made.toc) if item.id == skel_id):
            return False
        content = content.replace(f'{m.group(0)[:3]} id="{skel_id}">',
                                  f'{m.group(0)[:3]} id="{_head_mark(len(heads))}">', 1)
        heads.append(_Head(skel_id, inner))
    if TOKEN in _MARKS.sub("", content):  # a heading's id elsewhere (a link to it ...)
        return False
    skel_ids = {h.skel_id for h in heads}
    if any(TOKEN in (item.title + item.id) for item in _toc_items(made.toc)
           if item.id not in skel_ids) or any(TOKEN in a for a in made.anchors - skel_ids):
        return False
    made.content, made.heads = content, tuple(heads)
    made.static_ids = frozenset(html.unescape(i) for i in _ID_ATTR.findall(content)
                                if TOKEN not in i)
    if toc_ext is not None:
        made.slugify, made.sep = toc_ext.slugify, toc_ext.sep
    return True


def _toc_items(toc) -> list:
    out = []
    for item in toc or []:
        out.append(item)
        out.extend(_toc_items(item.children))
    return out


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
    if said.records or made.links_to_anchors or TOKEN in (made.title or ""):
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


def _probe(config, md_key: str) -> markdown.Markdown:
    """A Markdown of the page's configuration (its values are converted in it, and its
    toc extension's slugify makes the ids of headings with values)."""
    md = _PROBES.get(md_key)
    if md is None:
        md = _PROBES[md_key] = markdown.Markdown(
            extensions=config["markdown_extensions"],
            extension_configs=config["mdx_configs"] or {})
    return md


def _piece_html(config, md_key: str, pieces: list[str]) -> list[str] | None:
    """The HTML of each value, the new ones converted together (None when one cannot be
    told apart in the result)."""
    new = [p for p in dict.fromkeys(pieces) if (md_key, p) not in _PIECES]
    if new:
        md = _probe(config, md_key)
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
