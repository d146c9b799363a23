"""What a municipality publishes: file modes a web server can read, no ``None`` and
no root-absolute link in any built file, the sitemap, canonical and hreflang links
from ``base_url`` (and none of them without it), the written standard at the site
root, the logo and colour from the data, the warning about example values."""

from __future__ import annotations

import gzip
import os
import re
import stat
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

import sitetree as tb
from ipforms.cli import main
from ipforms.core.errors import DataError
from ipforms.core.files import atomic_write, make_temp_dir
from ipforms.core.municipality import contrast_ratio, find_data_files, load_municipality
from ipforms.site.localserve import site_languages, site_pages
from ipforms.site.build import build_sites

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data" / "municipalities"
SLUGS = [p.stem for p in find_data_files(DATA)]
TEXT_SUFFIXES = {".html", ".xml", ".json", ".css", ".js", ".svg", ".map", ".txt"}
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def mode(p: Path) -> int:
    return stat.S_IMODE(p.stat().st_mode)


# -- modes ---------------------------------------------------------------------------

@pytest.fixture
def umask_027():
    old = os.umask(0o027)
    yield
    os.umask(old)


def test_atomic_write_gives_a_new_file_0666_less_the_umask(tmp_path, umask_027):
    atomic_write(tmp_path / "a.txt", "x")
    assert mode(tmp_path / "a.txt") == 0o640
    os.umask(0o022)
    atomic_write(tmp_path / "b.txt", "x")
    assert mode(tmp_path / "b.txt") == 0o644
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_replacement_keeps_every_bit_of_the_old_file(tmp_path, umask_027):
    wide, private = tmp_path / "wide.pdf", tmp_path / "private.pdf"
    wide.write_bytes(b"old")
    os.chmod(wide, 0o664)
    private.write_bytes(b"old")
    os.chmod(private, 0o600)
    atomic_write(wide, b"new")
    atomic_write(private, b"new")
    assert mode(wide) == 0o664 and wide.read_bytes() == b"new"
    assert mode(private) == 0o640  # never narrower than the umask allows a new file


def test_temp_dir_is_0777_less_the_umask_plus_the_old_bits(tmp_path, umask_027):
    assert mode(make_temp_dir(tmp_path, ".build-")) == 0o750
    old = tmp_path / "site"
    old.mkdir()
    os.chmod(old, 0o755)
    assert mode(make_temp_dir(tmp_path, ".build-", replaces=old)) == 0o755


def test_every_built_file_and_folder_is_readable_by_others(demo_site):
    """Built under this process's umask: files 0666 and folders 0777 less it
    (0644 and 0755 under the usual 022), the swapped-in site folders included."""
    mask = current_umask()
    wrong = []
    for slug in SLUGS:
        site = demo_site / slug
        for p in [site, *site.rglob("*")]:
            want = (0o777 if p.is_dir() else 0o666) & ~mask
            if mode(p) != want:
                wrong.append(f"{p.relative_to(demo_site)}: {oct(mode(p))}, expected {oct(want)}")
    assert not wrong, "\n".join(wrong[:20])


# -- no None, no root-absolute links ---------------------------------------------

def _all_files(site: Path):
    return [p for p in site.rglob("*") if p.is_file()]


#: the online form's script (issue 15) holds the literal "None" in code that mirrors
#: Python's formatting of a missing message parameter; it is not text of a page
NONE_IN_CODE = {"skjema/webform.js"}


def test_no_none_in_any_built_file(demo_site):
    found = []
    for slug in SLUGS:
        for p in _all_files(demo_site / slug):
            if p.relative_to(demo_site / slug).as_posix() in NONE_IN_CODE:
                continue
            data = p.read_bytes()
            if p.suffix == ".gz":
                data = gzip.decompress(data)
            if p.suffix == ".pdf":  # compressed streams: check what the PDF says
                r = PdfReader(p)
                data = repr([f.get("/V") for f in (r.get_fields() or {}).values()]
                            + list((r.metadata or {}).values())).replace("None", "").encode()
                data += repr({k: v.get("/V") for k, v in (r.get_fields() or {}).items()
                              if v.get("/V") is not None}).encode()
            if b"None" in data:
                found.append(str(p.relative_to(demo_site)))
    assert not found, f"'None' in: {found}"


ROOT_ABS = re.compile(r'''(?:href|src|action)\s*=\s*["']/(?!/)[^"']*|url\(\s*['"]?/(?!/)''')


def test_no_root_absolute_link_in_any_page_stylesheet_or_index(demo_site):
    found = []
    for slug in SLUGS:
        for p in _all_files(demo_site / slug):
            if p.suffix in (".html", ".css") and "/assets/javascripts/" not in p.as_posix():
                for m in ROOT_ABS.finditer(p.read_text(encoding="utf-8")):
                    found.append(f"{p.relative_to(demo_site)}: {m.group(0)}")
            if p.name == "search_index.json":
                text = p.read_text(encoding="utf-8")
                found += [f"{p}: {loc}" for loc in re.findall(r'"location": ?"(/[^"]*)"', text)]
    assert not found, "\n".join(found[:20])


@pytest.mark.parametrize("slug", SLUGS)
def test_each_search_index_holds_each_section_once(slug, demo_site):
    """One index per standard, every page section in it once (mkdocs-static-i18n would
    build and index a nynorsk root twice if nn came second in its language list)."""
    import json
    _, sub_lang = site_languages(demo_site / slug)
    for index in (demo_site / slug / "search" / "search_index.json",
                  demo_site / slug / sub_lang / "search" / "search_index.json"):
        locations = [d["location"] for d in json.loads(index.read_text(encoding="utf-8"))["docs"]]
        assert locations and len(locations) == len(set(locations)), \
            f"{index}: {len(locations) - len(set(locations))} duplicate entries"


# -- sitemap, canonical, hreflang --------------------------------------------------

@pytest.mark.parametrize("slug", SLUGS)
def test_sitemap_lists_every_page_of_both_standards(slug, demo_site):
    m = load_municipality(DATA / f"{slug}.yml")
    assert m.base_url, f"{slug}: the demo data gives a base_url"
    base = str(m.base_url)
    root_lang, sub_lang = site_languages(demo_site / slug)
    pages = site_pages(demo_site, slug)
    tree = ET.parse(demo_site / slug / "sitemap.xml")
    urls = tree.getroot().findall("s:url", NS)
    locs = [u.find("s:loc", NS).text for u in urls]
    assert sorted(locs) == sorted(base + p.path for p in pages)
    by_loc = {u.find("s:loc", NS).text: u for u in urls}
    for p in pages:
        alts = {a.get("hreflang"): a.get("href")
                for a in by_loc[base + p.path].findall("x:link", NS)}
        mine, other = base + p.path, base + p.other().path
        assert alts[p.lang] == mine and alts[p.other().lang] == other, alts
        assert alts["x-default"] == (mine if p.lang == root_lang else other), alts
    assert gzip.decompress((demo_site / slug / "sitemap.xml.gz").read_bytes()) == \
        (demo_site / slug / "sitemap.xml").read_bytes()


@pytest.mark.parametrize("slug", SLUGS)
def test_canonical_and_hreflang_use_base_url(slug, demo_site):
    base = str(load_municipality(DATA / f"{slug}.yml").base_url)
    root_lang, _ = site_languages(demo_site / slug)
    for p in site_pages(demo_site, slug):
        text = (demo_site / slug / p.path / "index.html").read_text(encoding="utf-8")
        assert f'<link rel="canonical" href="{base + p.path}">' in text, p
        alts = dict((lang, href) for href, lang in
                    re.findall(r'<link rel="alternate" href="([^"]*)" hreflang="([^"]*)">', text))
        root_page = p if p.lang == root_lang else p.other()
        assert alts == {p.lang: base + p.path, p.other().lang: base + p.other().path,
                        "x-default": base + root_page.path}, (p, alts)


# -- written standard, no base_url, logo and colour (small fixture trees) ------------

NYNORSK = tb.TESTBY + "written_standard: nn\n"


@pytest.fixture(scope="module")
def nynorsk_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("nn")
    root = tb.make(tmp, data={"testby": NYNORSK})
    logo = root / "data" / "municipalities" / "testby.logo.png"
    logo.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 32)
    with open(root / "data" / "municipalities" / "testby.yml", "a", encoding="utf-8") as f:
        f.write('logo: testby.logo.png\ncolour: "#7a1f3d"\n')
    build_sites(root=root, out_dir=tmp / "site")
    return tmp / "site" / "testby"


def test_nynorsk_municipality_has_nn_at_the_root_and_nb_in_a_folder(nynorsk_site):
    assert site_languages(nynorsk_site) == ("nn", "nb")
    assert '<html lang="nn"' in (nynorsk_site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="nb"' in (nynorsk_site / "nb" / "koordinator" / "index.html").read_text(
        encoding="utf-8")
    assert not (nynorsk_site / "nn").exists()
    assert (nynorsk_site / "search" / "search_index.json").is_file()
    assert (nynorsk_site / "nb" / "search" / "search_index.json").is_file()
    nb = (nynorsk_site / "nb" / "koordinator" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="\.\./\.\./koordinator/"[^>]*hreflang="nn"[^>]*class="md-select__link"', nb)
    assert re.search(r'"base": "\.\./\.\./nb/"', nb)  # search: the nb index


def test_without_base_url_no_sitemap_no_canonical_and_no_none(nynorsk_site):
    assert not (nynorsk_site / "sitemap.xml").exists()
    assert not (nynorsk_site / "sitemap.xml.gz").exists()
    for p in _all_files(nynorsk_site):
        if p.suffix in TEXT_SUFFIXES and p.relative_to(nynorsk_site).as_posix() not in NONE_IN_CODE:
            text = p.read_text(encoding="utf-8")
            assert "None" not in text, p
            assert 'rel="canonical"' not in text, p
    front = (nynorsk_site / "index.html").read_text(encoding="utf-8")
    assert '<link rel="alternate" href="nb/" hreflang="nb">' in front
    assert '<link rel="alternate" href="./" hreflang="x-default">' in front


def test_logo_and_colour_from_the_data(nynorsk_site):
    assert (nynorsk_site / "assets" / "images" / "kommune-logo.png").read_bytes().startswith(
        b"\x89PNG")
    css = (nynorsk_site / "assets" / "stylesheets" / "kommune.css").read_text(encoding="utf-8")
    assert "--md-primary-fg-color: #7a1f3d;" in css
    page = (nynorsk_site / "nb" / "koordinator" / "index.html").read_text(encoding="utf-8")
    assert 'src="../../assets/images/kommune-logo.png"' in page
    assert 'href="../../assets/stylesheets/kommune.css"' in page
    assert 'data-md-color-primary="custom"' in page


def test_contrast_ratio_follows_wcag():
    # WCAG 2.1's own reference points: black on white 21:1, #767676 on white just passes 4.5:1
    assert round(contrast_ratio("#000000", "#ffffff"), 2) == 21.0
    assert 4.5 < contrast_ratio("#767676", "#ffffff") < 4.6
    assert 4.4 < contrast_ratio("#777777", "#ffffff") < 4.5
    assert contrast_ratio("#ffffff", "#ffffff") == 1.0


def test_a_colour_without_contrast_is_a_data_error_naming_value_and_ratio(tmp_path):
    # #777777 on white: 4.48:1 (WebAIM's contrast checker), just below the 4.5:1 needed
    root = tb.make(tmp_path, data={"testby": tb.TESTBY + 'colour: "#777777"\n'})
    with pytest.raises(DataError) as exc:
        build_sites(root=root, out_dir=tmp_path / "site")
    msg = str(exc.value)
    line = len(tb.TESTBY.splitlines()) + 1  # the colour line, added at the end
    assert (f"testby.yml:{line}: colour: colour #777777 has a contrast of 4.48:1 with the "
            "white header") in msg
    assert "at least 4.5:1" in msg
    assert not (tmp_path / "site").exists()


def test_a_missing_logo_file_is_a_data_error(tmp_path):
    root = tb.make(tmp_path, data={"testby": tb.TESTBY + "logo: testby.logo.svg\n"})
    with pytest.raises(DataError) as exc:
        build_sites(root=root, out_dir=tmp_path / "site")
    assert "logo: no logo file" in str(exc.value) and "testby.logo.svg" in str(exc.value)


# -- demo banner and the build's warning -------------------------------------------

def test_build_warns_for_each_municipality_with_example_values(tmp_path):
    demo = tb.TESTBY + "example_fields: [unit.phone, last_reviewed]\n"
    root = tb.make(tmp_path, data={"testby": tb.TESTBY, "demoby": demo})
    r = CliRunner().invoke(main, ["build", "--root", str(root), "--out", str(tmp_path / "out")],
                           catch_exceptions=False)
    assert r.exit_code == 0, r.output
    warnings = [line for line in r.output.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and warnings[0].startswith("warning: demoby: example values still in")
    assert "unit.phone, last_reviewed" in warnings[0]


def test_demo_notice_only_while_example_fields_is_not_empty(demo_site):
    from ipforms.site.pages import context
    m = load_municipality(DATA / "oyer.yml")
    assert m.example_fields and context(m, "nb", "index")["demo"] is True
    assert context(m.model_copy(update={"example_fields": []}), "nb", "index")["demo"] is False
    for slug in SLUGS:  # every demo municipality still carries example values
        for p in site_pages(demo_site, slug):
            text = (demo_site / slug / p.path / "index.html").read_text(encoding="utf-8")
            assert 'class="admonition note"' in text and "Eksempel" in text, (slug, p.path)


def test_preview_serves_each_site_under_its_slug_with_its_own_404(demo_site):
    import threading
    import urllib.error
    import urllib.request

    from ipforms.site.localserve import preview_server

    srv, lines = preview_server(demo_site, 0)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        assert [line.split(":")[0] for line in lines] == SLUGS
        base = lines[0].split(": ", 1)[1]
        assert base.endswith(f"/{SLUGS[0]}/")
        with urllib.request.urlopen(base) as r:
            assert r.status == 200
        with pytest.raises(urllib.error.HTTPError) as exc:
            urllib.request.urlopen(base + "finnes-ikke/")
        assert exc.value.code == 404
        assert exc.value.read() == (demo_site / SLUGS[0] / "404.html").read_bytes()
    finally:
        srv.shutdown()
        srv.server_close()
