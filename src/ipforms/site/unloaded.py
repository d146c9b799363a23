"""The theme's files that no page of a site ever loads, left out of the site.

mkdocs-material ships, and mkdocs copies into every site, its scripts' and styles' source
maps (1.3 MB; a browser asks for one only when its developer tools are open) and the
search's word splitters and stemmers of 30 languages (0.9 MB).  The search worker loads
``lunr/min/lunr.stemmer.support.min.js``, ``lunr/min/lunr.<lang>.min.js`` for each
language of the search plugin's ``lang`` but English, ``lunr/min/lunr.multi.min.js``
when there are several, ``lunr/tinyseg.js`` for Japanese and ``lunr/wordcut.js`` for
Hindi and Thai (Material's ``search.*.min.js``, function loading the scripts); the
others are never asked for.  A site of ours, with ``lang: ["no"]``, is 2.2 MB (a third)
smaller, and a build of many municipalities writes that much less.

Only the theme's own files are left out (a project's file of the same name is kept), and
the search files only when the search plugin's languages are known.

>>> sorted(needed_search_files(["no"]))
['assets/javascripts/lunr/min/lunr.no.min.js', 'assets/javascripts/lunr/min/lunr.stemmer.support.min.js']
>>> sorted(needed_search_files(["ja", "en"]))[:2]
['assets/javascripts/lunr/min/lunr.ja.min.js', 'assets/javascripts/lunr/min/lunr.multi.min.js']
>>> never_loaded("assets/javascripts/bundle.a5f9d56c.min.js.map", ["no"])
True
>>> [never_loaded(f"{LUNR}wordcut.js", langs) for langs in (["no"], ["th"])]
[True, False]
>>> never_loaded("assets/javascripts/lunr/min/lunr.de.min.js", None)
False
"""

from __future__ import annotations

import os
from collections.abc import Iterable

LUNR = "assets/javascripts/lunr/"


def needed_search_files(langs: Iterable[str]) -> set[str]:
    """The search worker's scripts for the search languages ``langs``."""
    langs = list(langs)
    need = {f"{LUNR}min/lunr.stemmer.support.min.js"}
    for lang in langs:
        if lang == "ja":
            need.add(f"{LUNR}tinyseg.js")
        elif lang in ("hi", "th"):
            need.add(f"{LUNR}wordcut.js")
        if lang != "en":
            need.add(f"{LUNR}min/lunr.{lang}.min.js")
    if len(langs) > 1:
        need.add(f"{LUNR}min/lunr.multi.min.js")
    return need


def never_loaded(uri: str, search_langs: Iterable[str] | None) -> bool:
    """True for a theme file (its path in the site) that no page loads."""
    if uri.endswith(".map"):
        return True
    if uri.startswith(LUNR) and search_langs is not None:
        return uri not in needed_search_files(search_langs)
    return False


def search_langs(config) -> list[str] | None:
    """The search plugin's languages, when they are plain language codes."""
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    langs = getattr(getattr(plugin, "config", None), "get", lambda key: None)("lang")
    if isinstance(langs, list) and langs and all(isinstance(x, str) and x.isalpha()
                                                 for x in langs):
        return langs
    return None


def theme_files_never_loaded(files, config) -> list:
    """The files of ``files`` that come from the theme's folders and no page loads."""
    # mkdocs names a theme file by joining the theme folder and the file's path in it
    dirs = tuple(os.path.join(os.path.normpath(d), "") for d in config.theme.dirs)
    langs = search_langs(config)
    return [f for f in files
            if not f.is_documentation_page() and f.abs_src_path is not None
            and never_loaded(f.dest_uri, langs)
            and os.path.normpath(f.abs_src_path).startswith(dirs)]
