"""Building real mkdocs sites from small fixture trees: languages, selector, footer,
search, pages left out, no fallback, and a failed build that keeps the old site."""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
from pathlib import Path

import pytest

from ipforms.site.build import build_sites
from ipforms.core.errors import BuildError, DataError

from sitetree import PAGES, TESTBY, make


def tree_digest(path: Path) -> dict[str, str]:
    return {str(p.relative_to(path)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(path.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("build")
    root = make(tmp, data={"testby": TESTBY, "litenby": TESTBY})
    lines = []
    results = build_sites(root=root, out_dir=tmp / "site", progress=lines.append)
    return tmp / "site", results, lines


def html(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def test_one_site_per_municipality_with_progress(built):
    site, results, lines = built
    assert sorted(r.slug for r in results) == ["litenby", "testby"]
    assert all(r.ok for r in results)
    assert len(lines) == 2 and all(re.match(r"\[\d/2\] \w+: built in [\d.]+ s", x) for x in lines)
    assert (site / "testby" / "index.html").is_file()
    assert (site / "testby" / "nn" / "index.html").is_file()


def test_html_lang_is_right_on_every_page(built):
    site = built[0]
    pages = list((site / "testby").rglob("index.html"))
    assert len(pages) == 8
    for p in pages:
        lang = "nn" if "/nn/" in str(p.relative_to(site)) + "/" else "nb"
        assert re.search(rf'<html lang="{lang}"', p.read_text()), p


def test_language_selector_goes_to_the_same_page(built):
    site = built[0]
    nb = html(site, "testby/koordinator/index.html")
    nn = html(site, "testby/nn/koordinator/index.html")
    assert re.search(r'href="[./]*nn/koordinator/"[^>]*hreflang="nn"', nb)
    assert re.search(r'href="[./]*koordinator/"[^>]*hreflang="nb"', nn)


def test_values_and_footer_in_each_language(built):
    site = built[0]
    nb = html(site, "testby/index.html")
    nn = html(site, "testby/nn/index.html")
    assert "Tjenester i Testby kommune" in nb and "Tenester i Testby kommune" in nn
    for page, word in ((nb, "Tilgjengelighetserklæring"), (nn, "Tilgjengelegheitserklæring")):
        footer = page[page.index("md-footer"):]
        assert "12 34 56 78" in footer and "post@testby.kommune.no" in footer
        assert f'<a href="https://uustatus.no/nb/erklaringer/publisert/test">{word}</a>' in footer
    assert "1. november 2026" in nb and "1. november 2026" in nn


SERVICE_PAGES = ("individuell-plan", "koordinator", "barnekoordinator")


def test_every_service_page_always_and_prev_next_in_menu_order(built):
    """All three services are duties of every municipality (helse- og
    omsorgstjenesteloven §§ 7-1, 7-2, 7-2 a), and "Forrige"/"Neste" run in the
    menu's order: front page, individuell plan, koordinator, barnekoordinator."""
    site = built[0]
    order = ("",) + tuple(f"{p}/" for p in SERVICE_PAGES)
    for slug in ("testby", "litenby"):
        for lang in ("", "nn/"):
            for i, page in enumerate(order):
                text = html(site, f"{slug}/{lang}{page}index.html")
                prev = re.search(r'href="([^"]*)" class="md-footer__link md-footer__link--prev', text)
                nxt = re.search(r'href="([^"]*)" class="md-footer__link md-footer__link--next', text)
                base = f"{slug}/{lang}{page}"

                def resolve(href: str, base: str = base) -> str:
                    return posixpath.normpath(posixpath.join(base, href))

                def want(j: int, slug: str = slug, lang: str = lang) -> str:
                    return posixpath.normpath(f"{slug}/{lang}{order[j]}")

                if i == 0:
                    assert prev is None
                else:
                    assert resolve(prev.group(1)) == want(i - 1), (base, "prev")
                if i == len(order) - 1:
                    assert nxt is None
                else:
                    assert resolve(nxt.group(1)) == want(i + 1), (base, "next")
    assert not (site / "litenby" / "_partials").exists()


def test_search_uses_the_norwegian_lunr_language_one_index_per_language(built):
    site = built[0]
    nb = json.loads(html(site, "testby/search/search_index.json"))
    nn = json.loads(html(site, "testby/nn/search/search_index.json"))
    assert nb["config"]["lang"] == nn["config"]["lang"] == ["no"]
    nb_text = " ".join(d["text"] for d in nb["docs"])
    nn_text = " ".join(d["text"] for d in nn["docs"])
    assert "Tjenester" in nb_text and "Tenester" not in nb_text
    assert "Tenester" in nn_text and "Tjenester" not in nn_text
    assert {d["location"].split("#")[0] for d in nn["docs"]} >= {"", "koordinator/"}
    # an nn page's search loads the nn index: Material reads <base>/search/search_index.json
    config = re.search(r'<script id="__config" type="application/json">(.*?)</script>',
                       html(site, "testby/nn/koordinator/index.html")).group(1)
    assert json.loads(config)["base"] == "../../nn/"


def test_missing_nn_page_is_an_error_not_a_fallback(tmp_path):
    # a page of the project's own that exists only in nb (the shipped pages exist in both)
    pages = {**PAGES, "nb/ventetid.md": "# Ventetid\n"}
    root = make(tmp_path, pages=pages)
    with pytest.raises(BuildError) as exc:
        build_sites(root=root, out_dir=tmp_path / "site")
    assert "missing page(s) nn/ventetid.md" in str(exc.value)
    assert not (tmp_path / "site" / "testby").exists()


def test_project_content_overrides_the_shipped_pages_file_by_file(tmp_path):
    """A project holds only what it changes: one nn page and one nb partial; every
    other page and partial comes from the package."""
    from ipforms.site.overlay import SHIPPED_CONTENT

    root = make(tmp_path, pages={
        "nn/koordinator.md": "# Koordinator hjå oss\n\nEigen tekst frå {{ unit.name }}.\n",
        "nb/_partials/kontakt.md": "Ring oss på {{ phone_link }} (eigen kontaktblokk).\n",
    })
    before = (SHIPPED_CONTENT / "nn" / "koordinator.md").read_bytes()
    assert "_partials/kontakt.md" in (SHIPPED_CONTENT / "nb" / "koordinator.md").read_text("utf-8")
    build_sites(root=root, out_dir=tmp_path / "site")
    site = tmp_path / "site"
    assert "Eigen tekst frå" in html(site, "testby/nn/koordinator/index.html")
    nb_k = html(site, "testby/koordinator/index.html")
    assert "Eigen tekst" not in nb_k                 # nb's page is still the shipped one ...
    assert "eigen kontaktblokk" in nb_k              # ... with the project's partial in it
    assert "eigen kontaktblokk" not in html(site, "testby/nn/index.html")  # nn partial: shipped
    # every shipped page is published (testby offers every service; its data has no
    # `privacy`, so no privacy page: that page is written only from the data)
    for page in SHIPPED_CONTENT.glob("*/*.md"):
        lang, name = page.parent.name, page.stem
        if name == "README":
            continue
        if name == "personvern":
            assert not (site / "testby" / name).exists()
            continue
        url = ("" if lang == "nb" else "nn/") + ("" if name == "index" else name + "/")
        assert (site / "testby" / url / "index.html").is_file(), page
    assert (SHIPPED_CONTENT / "nn" / "koordinator.md").read_bytes() == before


def test_failed_build_leaves_the_previous_site(tmp_path):
    root = make(tmp_path)
    out = tmp_path / "site"
    build_sites(root=root, out_dir=out)
    before = tree_digest(out / "testby")
    (root / "content" / "nn" / "koordinator.md").write_text("# K\n\n{{ unit.adresse }}\n")
    with pytest.raises(BuildError) as exc:
        build_sites(root=root, out_dir=out)
    assert "nn/koordinator.md:3: unknown placeholder: 'adresse' is not a known field" in str(exc.value)
    assert tree_digest(out / "testby") == before
    assert [p.name for p in out.iterdir()] == ["testby"]  # no half-built folder left behind


def test_bad_data_file_writes_nothing(tmp_path):
    root = make(tmp_path, data={"testby": TESTBY.replace('"9999"', '"99"')})
    out = tmp_path / "site"
    with pytest.raises(DataError) as exc:
        build_sites(root=root, out_dir=out)
    assert "testby.yml:2: kommunenummer: expected a kommunenummer of exactly 4 digits" in str(exc.value)
    assert not out.exists()


def test_theme_cache_sees_a_changed_override(tmp_path):
    """Builds in one process share compiled theme templates; an edited one is compiled again."""
    root = make(tmp_path)
    out = tmp_path / "site"
    build_sites(root=root, out_dir=out, jobs=1)
    assert "Fant ikke siden" in (out / "testby" / "404.html").read_text()
    # a project's custom_dir overrides the shipped 404 page; then it is edited
    (root / "overrides").mkdir()
    cfg = root / "mkdocs.yml"
    cfg.write_text(cfg.read_text().replace("theme:\n", "theme:\n  custom_dir: overrides\n", 1))
    from ipforms.site.theming import THEME_DIR
    tpl = root / "overrides" / "404.html"
    tpl.write_text((THEME_DIR / "404.html").read_text())
    build_sites(root=root, out_dir=out, jobs=1)
    assert "Fant ikke siden" in (out / "testby" / "404.html").read_text()
    tpl.write_text(tpl.read_text().replace("Fant ikke siden", "Denne siden finnes ikke"))
    build_sites(root=root, out_dir=out, jobs=1)
    assert "Denne siden finnes ikke" in (out / "testby" / "404.html").read_text()
