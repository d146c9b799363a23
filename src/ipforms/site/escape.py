"""Data values written into pages, safely: every value is escaped for HTML *and*
Markdown before it lands in a page, so a value can never inject markup, links or script:

>>> md_escape("<script>alert(1)</script> [x](javascript:y)")
'&lt;script&gt;alert\\\\(1\\\\)&lt;/script&gt; \\\\[x\\\\]\\\\(javascript:y\\\\)'
"""

from __future__ import annotations

import html
import json
import re
from types import SimpleNamespace

from markupsafe import Markup

from ..core.errors import IpformsError

#: The characters Python-Markdown lets a backslash escape (markdown.Markdown.ESCAPED_CHARS).
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!])")


def md_escape(value: object) -> str:
    """Escape a data value so Markdown and HTML show it as plain text (one line)."""
    if type(value) is str:  # the same values fill every page of a site: escaped once
        done = _ESCAPED.get(value)
        if done is None:
            if len(_ESCAPED) > _MEMO_LIMIT:
                _ESCAPED.clear()
            done = _ESCAPED[value] = _md_escape(value)
        return done
    return _md_escape(value)


#: str -> md_escape(str), and (text, url) -> md_link(text, url), kept for a few thousand
_ESCAPED: dict[str, str] = {}
_LINKS: dict[tuple[str, str], Markup] = {}
_MEMO_LIMIT = 4096


def _md_escape(value: object) -> str:
    text = " ".join(str(value).split())
    # no &#x27; for "'": Markdown keeps a numeric entity as it is, and mkdocs then
    # escapes it again in the page title ("&amp;#x27;" shown as written)
    text = html.escape(text, quote=False).replace('"', "&quot;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def script_json(data: object, **kwargs) -> str:
    r"""``data`` as JSON that is safe inside ``<script>`` in an HTML page: ``<``, ``>``,
    ``&`` and U+2028/2029 written as ``\uXXXX`` (the same value for JSON.parse), so a
    data value cannot close the script, open a comment or end a line in old engines.

    >>> print(script_json({"a": "</script><!--&\u2028"}))
    {"a": "\u003c/script\u003e\u003c!--\u0026\u2028"}
    """
    return script_safe(json.dumps(data, **kwargs))


def script_safe(json_text: str) -> str:
    r"""JSON text made safe inside ``<script>`` as :func:`script_json` does (these
    characters occur only inside JSON strings, so the value stays the same).

    >>> print(script_safe('["a</b>"]'))
    ["a\u003c/b\u003e"]
    """
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                    ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        json_text = json_text.replace(ch, esc)
    return json_text


def finalize(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    if isinstance(value, (list, tuple)):
        raise TypeError("a list cannot be written into a page as it is; "
                        "use a {% for %} loop over it")
    return md_escape(value)


class Piece(Markup):
    """Markup that is one self-contained piece of a line: a link to an address outside
    the site (:func:`md_link`) or a form link (raw HTML).  A page rendered for the
    Markdown cache (:mod:`ipforms.site.mdcache`) writes a token in its place, as it
    does for a data value."""

    __slots__ = ()


class Record(SimpleNamespace):
    """Values a page template reads as attributes (``unit.name``): plain values only,
    no methods or properties (a subclass adds none), so the sandbox gives an attribute
    set on one as it is (:meth:`ipforms.site.sandbox.PageSandbox.getattr`)."""


def md_link(text: str, url: str) -> Markup:
    """A Markdown link whose text is escaped and whose URL is safe in ``(...)``."""
    key = (text, url)
    done = _LINKS.get(key) if type(text) is str and type(url) is str else None
    if done is None:
        done = _md_link(text, url)
        if type(text) is str and type(url) is str:
            if len(_LINKS) > _MEMO_LIMIT:
                _LINKS.clear()
            _LINKS[key] = done
    return done


def _md_link(text: str, url: str) -> Markup:
    if not re.match(r"^(https?://|mailto:|tel:|\.\./|[a-z0-9])", url) or url.startswith(
            ("javascript:", "data:")):
        raise IpformsError(f"refusing unsafe link target {url!r}")
    safe_url = url.replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C")
    link = f"[{md_escape(text)}](<{safe_url}>)"
    # a link within the site is checked by mkdocs: it stays in the page's skeleton
    return Piece(link) if re.match(r"^(https?://|mailto:|tel:)", safe_url) else Markup(link)
