"""One search index per language folder: mkdocs-static-i18n writes one index of every
language at the site root; each folder gets its own entries, with addresses relative to
it, and the pages in a folder point Material's search at it."""

from __future__ import annotations

import re

from ..core.municipality import Municipality
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
