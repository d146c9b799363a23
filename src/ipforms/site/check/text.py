"""What an editor's text says, read as a reader sees it: the prose of a page template
(Jinja, code, HTML and link targets blanked out, lines kept), its sentences, the ids the
site gives its headings and its Markdown links; and the small helpers the checks share."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from pathlib import Path

from markdown.extensions.toc import unique
from pymdownx.slugs import slugify as _pymdownx_slugify


def rel(path: Path, root: Path) -> str:
    """``path`` as the report names it: relative to the project at ``root`` when inside."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def blank(m: re.Match) -> str:
    """The matched text with every character but line breaks turned into spaces."""
    return re.sub(r"[^\n]", " ", m.group(0))


FENCE_RE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.M | re.S)
JINJA_COMMENT_RE = re.compile(r"\{#.*?#\}", re.S)
JINJA_TAG_RE = re.compile(r"\{%.*?%\}", re.S)
_JINJA_EXPR_RE = re.compile(r"\{\{.*?\}\}", re.S)
_FORM_LINK_TEXT_RE = re.compile(r"""form_link\(\s*["'][^"']*["']\s*,\s*["']([^"']*)["']""")
_HTML_TAG_RE = re.compile(r"<[^>\n]+>")
_CODE_RE = re.compile(r"`[^`\n]*`")
LINK_TARGET_RE = re.compile(r"\]\([^)\n]*\)")
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
    text = FENCE_RE.sub(blank, text)
    text = JINJA_COMMENT_RE.sub(blank, text)
    text = JINJA_TAG_RE.sub(blank, text)

    def expr(m: re.Match) -> str:
        fl = _FORM_LINK_TEXT_RE.search(m.group(0))
        blanked = blank(m)
        if fl:
            return fl.group(1) + blanked[len(fl.group(1)):]
        return blanked
    text = _JINJA_EXPR_RE.sub(expr, text)
    for rx in (_HTML_TAG_RE, _CODE_RE, LINK_TARGET_RE, _ATTR_LIST_RE, _ADMONITION_RE):
        text = rx.sub(blank, text)
    return text


def line_of(text: str) -> Callable[[int], int]:
    """A function: the line (from 1) of an offset in ``text``, in log time (counting
    from the start for each match made checking a 4 MB text take a minute)."""
    ends = [i for i, ch in enumerate(text) if ch == "\n"] if "\n" in text else []
    return lambda pos: bisect.bisect_left(ends, pos) + 1


def sentences_with_lines(text: str) -> list[tuple[int, str]]:
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
    text = FENCE_RE.sub(blank, markdown)
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
    return [m.group(2) for m in _MD_LINK_RE.finditer(FENCE_RE.sub(blank, markdown))]
