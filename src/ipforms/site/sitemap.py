"""``sitemap.xml``: every page in every published language with its ``hreflang``
alternates, written only when the data has ``base_url`` (a sitemap needs absolute
addresses)."""

from __future__ import annotations

from collections.abc import Collection
from xml.sax.saxutils import escape as xml_escape

from ..core.lang import LANGS
from ..core.municipality import Municipality
from .pages import PAGES, PRIVACY_PAGE
from .urls import site_url


def sitemap(m: Municipality, langs: tuple[str, ...], built: Collection[tuple[str, str]]
            ) -> bytes | None:
    """The sitemap of the pages ``built`` (``(lang, page name)``) in every language of
    ``langs`` (nb and nn first, then the published third languages); None without
    ``base_url``."""
    if not m.base_url:
        return None
    base = str(m.base_url)
    names = [n for n in (*PAGES, PRIVACY_PAGE) if all((lang, n) in built for lang in langs)]

    def loc(lang: str, n: str) -> str:
        url = site_url(m.lang_prefix(lang), n)
        return xml_escape(base + ("" if url == "./" else url))

    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
             'xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    for lang in (m.written_standard, m.sub_lang, *langs[len(LANGS):]):
        for n in names:
            lines.append(f"  <url>\n    <loc>{loc(lang, n)}</loc>")
            for alt in langs:
                lines.append(f'    <xhtml:link rel="alternate" hreflang="{alt}" '
                             f'href="{loc(alt, n)}"/>')
            lines.append(f'    <xhtml:link rel="alternate" hreflang="x-default" '
                         f'href="{loc(m.written_standard, n)}"/>\n  </url>')
    lines.append("</urlset>\n")
    return "\n".join(lines).encode("utf-8")
