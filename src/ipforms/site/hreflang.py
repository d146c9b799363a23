"""The ``hreflang`` alternates of a page: mkdocs-static-i18n writes one
``<link rel="alternate">`` per language with root-absolute addresses; ours name every
published language and ``x-default`` (the municipality's written standard), absolute
with ``base_url`` and relative to the page without it."""

from __future__ import annotations

import html
import re

from ..core.municipality import Municipality
from .urls import relative_url, site_url

_ALT_LINK = re.compile(r'<link rel="alternate" href="[^"]*" hreflang="(?:nb|nn|se|smj|sma)">')


def hreflang(output: str, m: Municipality, langs: tuple[str, ...], page_url: str,
             name: str) -> str:
    """``output`` (the page ``name`` at ``page_url``) with its alternate links replaced
    by ours for ``langs``, where the first of them stood."""
    found = list(_ALT_LINK.finditer(output))
    if not found:
        return output

    def href(lang: str) -> str:
        url = site_url(m.lang_prefix(lang), name)
        if m.base_url:
            return str(m.base_url) + ("" if url == "./" else url)
        return html.escape(relative_url(page_url, "" if url == "./" else url) or "./")

    links = [(lang, href(lang)) for lang in langs] + [("x-default", href(m.written_standard))]
    ours = "\n      ".join(f'<link rel="alternate" href="{h}" hreflang="{lang}">'
                            for lang, h in links)
    first = found[0]
    out = output[:first.start()] + ours + output[first.end():]
    for match in found[1:]:
        out = out.replace(match.group(0), "", 1)
    return out
