"""A built site leaves out the theme's files no page loads (source maps, other
languages' search scripts) and keeps every script Material's search worker asks for."""

from __future__ import annotations

import json

from ipforms.site.unloaded import needed_search_files


def test_search_worker_still_loads_its_scripts_as_assumed(demo_site, demo_slugs):
    """The search worker (Material's own script in the site) names the files the way
    ipforms.site.unloaded expects: a Material update that loads others fails here."""
    for slug in demo_slugs:
        worker = next((demo_site / slug / "assets" / "javascripts" / "workers").glob("search.*.js"))
        code = worker.read_text(encoding="utf-8")
        for piece in ("/min/lunr.stemmer.support.min.js", "/min/lunr.${n}.min.js",
                      "/min/lunr.multi.min.js", "/tinyseg.js", "/wordcut.js", 'case"th"',
                      'case"ja"'):
            assert piece in code, (worker, piece)


def test_site_has_the_search_scripts_of_its_languages_and_no_source_maps(demo_site, demo_slugs):
    for slug in demo_slugs:
        site = demo_site / slug
        for index in site.rglob("search_index.json"):
            langs = json.loads(index.read_text(encoding="utf-8"))["config"]["lang"]
            for uri in needed_search_files(langs):
                assert (site / uri).is_file(), (slug, uri)
        lunr = {p.relative_to(site).as_posix() for p in (site / "assets/javascripts/lunr").rglob("*")
                if p.is_file()}
        assert lunr == needed_search_files(["no"]), (slug, lunr)
        assert not list(site.rglob("*.map")), slug
