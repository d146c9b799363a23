"""Helpers for the language and parity tests: the text a reader sees on a built
page, the words in it (from ipforms.core.spelling), the facts in it, and the built
pages of a demo site.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

#: Elements whose content is not prose: code, scripts, styles, drawings.
SKIP_TAGS = {"script", "style", "code", "pre", "kbd", "samp", "svg", "math", "template", "noscript"}
#: Attributes a reader sees or hears (tooltips, screen readers, search box).
TEXT_ATTRS = ("alt", "title", "aria-label", "placeholder")
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
             "param", "source", "track", "wbr"}
#: Blocks that end a run of text (so "a</li><li>b" does not become one word "ab").
BLOCK_TAGS = {"p", "li", "ul", "ol", "div", "section", "article", "nav", "header", "footer",
              "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "tr", "table", "label", "button",
              "form", "details", "summary", "dt", "dd", "blockquote", "main", "aside", "br",
              "option", "select", "input", "body", "title", "address"}


@dataclass
class Page:
    """What a built HTML page holds for these tests."""
    text: str = ""
    hrefs: list[str] = field(default_factory=list)
    lang: str | None = None
    #: text inside elements marked with another language (<p lang="nn"> on an nb page)
    other: dict[str, str] = field(default_factory=dict)


class _Extractor(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hrefs: list[str] = []
        self.lang: str | None = None
        self._skip = 0
        self._langs: list[tuple[str, str]] = []  # (tag, lang) of open elements with lang=
        self.other: dict[str, list[str]] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        elif a.get("lang") and tag not in VOID_TAGS:
            self._langs.append((tag, a["lang"]))
        if tag in BLOCK_TAGS:
            self.parts.append("\n")
        if tag in SKIP_TAGS and tag not in VOID_TAGS:
            self._skip += 1
            return
        if self._skip:
            return
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"])
        for name in TEXT_ATTRS:
            if a.get(name):
                self.parts.append(f"\n{a[name]}\n")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in SKIP_TAGS and tag not in VOID_TAGS:
            self._skip -= 1

    def handle_endtag(self, tag):
        if self._langs and self._langs[-1][0] == tag:
            self._langs.pop()
        if tag in SKIP_TAGS and tag not in VOID_TAGS and self._skip:
            self._skip -= 1
        if tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data):
        if self._skip:
            return
        if self._langs and self._langs[-1][1] != self.lang:
            self.other.setdefault(self._langs[-1][1], []).append(data + "\n")
        else:
            self.parts.append(data)


def extract(html: str) -> Page:
    """The visible text (plus alt/title/aria-label/placeholder), links and language of a page."""
    p = _Extractor()
    p.feed(html)
    p.close()
    return Page(text="".join(p.parts), hrefs=p.hrefs, lang=p.lang,
                other={k: "".join(v) for k, v in p.other.items()})


# One implementation with `ipforms check`: the words and addresses of a text.
from ipforms.core.spelling import EMAIL_RE, strip_addresses, words  # noqa: E402,F401


# -- facts (parity between nb and nn) ---------------------------------------

PHONE_RE = re.compile(r"(?<![\d-])(?:\+47 ?)?\d{2,3}(?: \d{2,3}){2,3}(?![\d-])")
SIZE_RE = re.compile(r"\((?:PDF|pdf), [\d,.\s]+[kM]B\)")
NUMBER_RE = re.compile(r"\d+(?:[.:]\d+)*")


def normalise_href(href: str, page_dir: str) -> str:
    """A link target made comparable between the nb and nn page of the same content.

    Relative links are resolved against the page's folder (site-relative, e.g.
    ``nn/koordinator/``); a leading ``nn/`` or ``nb/`` and a ``-nb``/``-nn`` suffix of a file
    name (the form PDFs) are removed; fragments are kept.

    >>> normalise_href("../../skjema/fullmakt-nn.pdf", "nn/koordinator/")
    'skjema/fullmakt-LANG.pdf'
    >>> normalise_href("../skjema/fullmakt-nb.pdf", "koordinator/")
    'skjema/fullmakt-LANG.pdf'
    >>> normalise_href("https://lovdata.no/lov/1999-07-02-63/%C2%A72-5", "nn/")
    'https://lovdata.no/lov/1999-07-02-63/§2-5'
    """
    href = unquote(href)
    parts = urlsplit(href)
    if parts.scheme or href.startswith("//"):
        return href
    path = parts.path
    if path:
        path = posixpath.normpath(posixpath.join(page_dir, path))
        if path == ".":
            path = ""
        if path.startswith("../"):
            return href  # points outside the municipality's site: keep as written
    if path in ("nb", "nn") or path.startswith(("nb/", "nn/")):  # the other standard's folder
        path = path[3:]
    path = re.sub(r"-(?:nb|nn)(\.[a-z]+)$", r"-LANG\1", path)
    return path + (f"#{parts.fragment}" if parts.fragment else "")


def facts(page: Page, page_dir: str) -> dict[str, set[str]]:
    """The language-independent facts on a page, by kind.

    Download size labels are left out: the nb and nn PDF are different files.
    """
    text = SIZE_RE.sub(" ", page.text)
    links = {normalise_href(h, page_dir) for h in page.hrefs}
    no_addr = strip_addresses(text)
    return {
        "e-mail": set(EMAIL_RE.findall(text)),
        "phone": {" ".join(p.split()) for p in PHONE_RE.findall(no_addr)},
        "postcode": set(re.findall(r"(?<![\d.-])\d{4}(?![\d-])", no_addr)),
        "number": set(NUMBER_RE.findall(no_addr)),
        "link": {h for h in links if not h.startswith("#")},
    }


# -- the built demo site ------------------------------------------------------

@dataclass(frozen=True)
class BuiltPage:
    slug: str
    lang: str       # "nb" or "nn", from the folder
    name: str       # "index", "koordinator", ...
    path: Path
    site_dir: str   # the page's folder relative to the municipality's site: "nn/koordinator/"


def built_pages(site: Path, slug: str) -> list[BuiltPage]:
    """Every content page of one municipality's site (not 404.html or search)."""
    root = site / slug
    # the municipality's own written standard is at the root, the other in its folder
    sub_lang = "nb" if (root / "nb" / "index.html").is_file() else "nn"
    root_lang = "nn" if sub_lang == "nb" else "nb"
    out = []
    for path in sorted(root.rglob("index.html")):
        rel = path.relative_to(root).parent.as_posix()
        parts = [] if rel == "." else rel.split("/")
        if parts and parts[0] in ("search", "assets", "skjema") or parts[1:2] == ["search"]:
            continue
        lang = root_lang
        if parts and parts[0] == sub_lang:
            lang, parts = sub_lang, parts[1:]
        name = "/".join(parts) or "index"
        site_dir = "/".join(([lang] if lang == sub_lang else []) + parts)
        out.append(BuiltPage(slug, lang, name, path, site_dir + "/" if site_dir else ""))
    return out
