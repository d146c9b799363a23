"""One search index per language folder: mkdocs-static-i18n writes one index of every
language at the site root; each folder gets its own entries, with addresses relative to
it, and the pages in a folder point Material's search at it."""

from __future__ import annotations

import html
import re
import types
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

from ..core.municipality import Municipality
from .mdcache import HEAD_MARK_RE
from .sandbox import TOKEN, TOKEN_RE
from .urls import relative_url


def split_index(index: dict, m: Municipality, langs: tuple[str, ...]) -> dict[str, dict]:
    """The merged ``index`` split by language folder: ``{prefix: index}`` for each of
    ``langs`` (prefix ``""`` for the written standard at the root)."""
    docs = index.get("docs", [])
    folders = [lang for lang in langs if lang != m.written_standard]

    def folder(location: str) -> str:
        first = location.split("/", 1)[0]
        return first if first in folders else m.written_standard

    out: dict[str, dict] = {}
    for lang in langs:
        prefix = m.lang_prefix(lang)
        # new dicts: the entries are shared, and each is looked at for every language
        own = [{**d, "location": d["location"][len(prefix):]} for d in docs
               if folder(d["location"]) == lang]
        out[prefix] = {**index, "docs": own}
    return out


def point_search(output: str, page_url: str, prefix: str) -> str:
    """The page at ``page_url`` with Material's ``base`` (it loads
    ``<base>/search/search_index.json``) set to the language folder ``prefix``."""
    start = output.find('<script id="__config"')
    if start < 0:
        return output
    # with the trailing slash: Material resolves "search/search_index.json" against it
    sub_root = relative_url(page_url, prefix)
    head, tail = output[:start], output[start:]
    return head + re.sub(r'"base": "[^"]*"', f'"base": "{sub_root}"', tail, count=1)


# -- entries of a page made from a Markdown skeleton (ipforms.site.mdcache)
#
# Material's search plugin parses every page's HTML (html.parser) into sections, a sixth
# of a site's build.  A page made from a skeleton is the skeleton's HTML with a value's
# HTML for each token: the skeleton is read once, by Material's own parser, and each
# page's entries are its sections with each token's text put in.  That is exactly what
# the parser makes when the value's HTML is text and links (``<a>``) whose pieces of
# text are not blank, in ordinary text (no script, style, excluded part), with no
# character reference cut by a token; anything else, and a page another plugin
# changed, is read as usual.  The first page of each skeleton is read both ways and
# compared; a difference reads that skeleton's pages as usual from then on.

#: pages whose entries came from a skeleton (the work-count test reads it)
FROM_SKELETON = [0]


def use_skeletons(config) -> None:
    """Let this build's search index take the entries of pages made from a skeleton
    from it (call it once the search plugin has made its index: ``on_nav``)."""
    for name in ("search", "material/search"):
        _skip_needless_sub(config.plugins, config.plugins.get(name))
        index = getattr(config.plugins.get(name), "search_index", None)
        if index is None or getattr(index, "ipforms_original", None) is not None:
            continue
        original = index.add_entry_from_context
        index.ipforms_original = original
        index.add_entry_from_context = lambda page, index=index: _add_entry(index, page)


def _add_entry(index, page) -> None:
    original = index.ipforms_original
    filled = getattr(page, "ipforms_filled", None)
    search = page.meta.get("search") or {}
    if (filled is None or search.get("exclude") or filled.entry.search is False
            or page.content is not filled.content and page.content != filled.content):
        return original(page)
    entry = filled.entry
    first = entry.search is None
    if first:
        entry.search = _read_skeleton(entry.content) or False
    sections = _sections(entry.search, filled) if entry.search else None
    if sections is None:
        return original(page)
    if first:  # the page read as usual, and from the skeleton: the same entries?
        before = len(index.entries)
        original(page)
        made = index.entries[before:]
        del index.entries[before:]
        for section in sections:
            if not section.is_excluded():
                index.create_entry_for_section(section, page.toc, page.url, page)
        if index.entries[before:] != made:
            entry.search = False
            index.entries[before:] = made
        return None
    FROM_SKELETON[0] += 1
    for section in sections:
        if not section.is_excluded():
            index.create_entry_for_section(section, page.toc, page.url, page)
    return None


# -- Material's on_page_context without its pass over a page that has no attribute to drop
#
# After indexing a page, Material's search plugin drops every ``data-search-*`` attribute
# from its HTML with a regular expression that is tried at every character (a twentieth
# of a site's build); a page without the text ``data-search-`` has nothing it could
# match, and keeps its HTML.  Taken only over the very method this was written against
# (mkdocs-material 9.8's: indexes the page, then ``page.content = re.sub(r"\s?data-search-
# \w+=\"[^\"]+\"", "", page.content)``; the sha256 of its source, filememo.source_hash).

_MATERIAL_PAGE_CONTEXT = "33eb62fd1688be4d99a4e7bf8fc51c1be3d37602b63ad5327c9be3abf5dc8d50"
_SEARCH_ATTR = re.compile(r"\s?data-search-\w+=\"[^\"]+\"")
#: Material's SearchPlugin.on_page_context, when it is the one known ([] not looked)
_KNOWN: list = []
#: pages whose HTML was left as it is without the pass (the work-count test reads it)
SUBS_SKIPPED = [0]


def _known_page_context():
    if not _KNOWN:
        from material.plugins.search.plugin import SearchPlugin

        from .filememo import source_hash
        method = SearchPlugin.on_page_context
        _KNOWN.append(method if source_hash(method) == _MATERIAL_PAGE_CONTEXT else None)
    return _KNOWN[0]


def _skip_needless_sub(plugins, plugin) -> None:
    """Run ``plugin``'s page_context event as :func:`_page_context` (an event list made
    anew has Material's method again)."""
    known = _known_page_context() if plugin is not None else None
    if known is None:
        return
    events = plugins.events.get("page_context", [])
    for i, method in enumerate(events):
        if getattr(method, "__func__", None) is known and method.__self__ is plugin:
            events[i] = types.MethodType(_page_context, plugin)
            origins = getattr(plugins, "_event_origins", None)
            if isinstance(origins, dict) and method in origins:
                origins[events[i]] = origins[method]


def _page_context(plugin, context, *, page, config, nav):
    """Material's ``on_page_context`` of a search plugin (bound to it: the theme's page
    template takes a search plugin's event as one it knows, ipforms.site.chrome), but the
    pass that drops ``data-search-*`` attributes only over a page that has one."""
    if not plugin.config.enabled:
        return
    plugin.search_index.add_entry_from_context(page)
    if "data-search-" in page.content:
        page.content = _SEARCH_ATTR.sub("", page.content)
    else:
        SUBS_SKIPPED[0] += 1


@dataclass
class _Skeleton:
    #: each section: its heading element, id (a heading mark: the page's own), title
    #: (None: none) and text, as pieces of text and token numbers (:func:`_split`)
    sections: list[tuple[Any, str | None, list | None, list]]
    #: each run of text with tokens: in <pre>?, its text around the tokens, the tokens
    runs: list[tuple[bool, list[str], list[int]]]


_PLAIN_SKIP = frozenset(("object", "script", "style"))  # what Material's parser skips


def _read_skeleton(content: str) -> _Skeleton | None:
    """The sections of a skeleton's HTML as Material's parser reads them, and where its
    tokens are (None: a token where a value's HTML could be read otherwise)."""
    if re.search(r"<(script|style)", content, re.I):
        return None
    for m in TOKEN_RE.finditer(content):  # no character reference cut by a token
        seg = content[content.rfind(">", 0, m.start()) + 1:m.start()]
        if seg.rfind("&") > seg.rfind(";"):
            return None
    parser = _recorder()()
    parser.feed(content)
    parser.close()
    numbers = sorted(n for _, _, ns in parser.runs for n in ns)
    if parser.bad or numbers != list(range(len(TOKEN_RE.findall(content)))):
        return None
    sections = []
    found: list[int] = []
    for s in parser.data:
        title = "".join(s.title) if s.title else None
        text = "".join(s.text)
        if s.id is not None and TOKEN in s.id and not HEAD_MARK_RE.fullmatch(s.id):
            return None
        for part in (title or "", text):
            found.extend(int(n) for n in TOKEN_RE.findall(part))
            if TOKEN in TOKEN_RE.sub("", part):
                return None
        sections.append((s.el, s.id, _split(title) if title is not None else None, _split(text)))
    return _Skeleton(sections, parser.runs) if sorted(found) == numbers else None


_RECORDER: list = []


def _recorder():
    """Material's parser, noting where each run of text with tokens stands."""
    if _RECORDER:
        return _RECORDER[0]
    from material.plugins.search.plugin import Parser

    class Recorder(Parser):
        def __init__(self):
            super().__init__()
            self.runs: list[tuple[bool, list[str], list[int]]] = []
            self.bad = False

        def handle_data(self, data):
            if TOKEN in data:
                parts = TOKEN_RE.split(data)
                if (self.cdata_elem is not None or self.skip != _PLAIN_SKIP
                        or (self.section is not None
                            and self.section.depth > len(self.context) + 1)):
                    self.bad = True  # a value's <a> could end a section or be skipped
                self.runs.append(("pre" in self.context, parts[::2],
                                  [int(n) for n in parts[1::2]]))
            super().handle_data(data)

    _RECORDER.append(Recorder)
    return Recorder


def _sections(skel: _Skeleton, filled) -> list | None:
    """The page's sections, Material's :class:`Section`, from the skeleton's with the
    page's values (None: a value whose text Material's parser would read otherwise)."""
    from material.plugins.search.plugin import Section

    texts: dict[int, str] = {}
    for pre, statics, numbers in skel.runs:
        # the pieces of text Material's parser is given in place of this run
        chunks, current = [], statics[0]
        for i, n in enumerate(numbers):
            parts = _value_text(filled.values[n])
            if parts is None:
                return None
            current += parts[0]
            if len(parts) > 1:
                chunks += [current, *parts[1:-1]]
                current = parts[-1]
            current += statics[i + 1]
            said = "".join(parts)
            texts[n] = html.escape(said if pre else said.replace("\n", " "), quote=False)
            if texts[n] != texts[n].strip():
                return None
        chunks.append(current)
        if not any(chunks) or any(c.isspace() for c in chunks):
            return None

    def put(parts: list) -> str:
        return "".join(texts[p] if type(p) is int else p for p in parts)

    out = []
    for el, sid, title, text in skel.sections:
        section = Section(el)
        mark = HEAD_MARK_RE.fullmatch(sid) if sid is not None else None
        section.id = filled.ids[int(mark.group(1))] if mark else sid
        section.title = [put(title)] if title is not None else []
        section.text = [put(text)]
        out.append(section)
    return out


def _split(text: str) -> list:
    """``text`` as its pieces between tokens and the tokens' numbers."""
    parts: list = TOKEN_RE.split(text)
    parts[1::2] = [int(n) for n in parts[1::2]]
    return [p for p in parts if p != ""]


_VALUE_TEXTS: dict[str, list[str] | None] = {}
_A_TAG = re.compile(r"<a(?:\s[^<>]*)?>|</a>")


def _value_text(value_html: str) -> list[str] | None:
    """A value's text as Material's parser is given it: the pieces between its links'
    tags (None: anything but text and links, or a character reference left open)."""
    if value_html in _VALUE_TEXTS:
        return _VALUE_TEXTS[value_html]
    parts = None
    if value_html.rfind("&") <= value_html.rfind(";") \
            and value_html.count("<") == len(_A_TAG.findall(value_html)):
        reader = _ValueReader()
        reader.feed(value_html)
        reader.close()
        parts = reader.parts if reader.ok and not reader.depth else None
    if len(_VALUE_TEXTS) > 4096:
        _VALUE_TEXTS.clear()
    _VALUE_TEXTS[value_html] = parts
    return parts


class _ValueReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = [""]
        self.depth = 0
        self.ok = True

    def handle_starttag(self, tag, attrs):
        if tag != "a" or self.depth or any(k.startswith("data-search") or k == "class"
                                           and v in ("linenodiv", "headerlink")
                                           for k, v in attrs):
            self.ok = False
        self.depth += 1
        self.parts.append("")

    def handle_endtag(self, tag):
        if tag != "a" or self.depth != 1:
            self.ok = False
        self.depth -= 1
        self.parts.append("")

    def handle_data(self, data):
        self.parts[-1] += data

    def _other(self, *args):
        self.ok = False

    handle_startendtag = handle_comment = handle_decl = handle_pi = unknown_decl = _other
