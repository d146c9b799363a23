"""What a citizen does on the pages, done like a citizen does it in a real browser:
read the page in its language, switch between nb and nn, search, download the form
(by mouse and by keyboard alone)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from pypdf import PdfReader

from ipforms.core.lang import format_size
from ipforms.site.localserve import SitePage, site_languages, site_pages
from ipforms.site.pages import PRIVACY_PAGE
from ipforms.core.municipality import find_data_files

REPO = Path(__file__).resolve().parents[2]
SLUGS = [p.stem for p in sorted(find_data_files(REPO / "data" / "municipalities"))]
LABEL = re.compile(r"\((PDF, [^()]+)\)\s*$")
MAX_TABS = 80
#: each municipality's main written standard (målform), from its own web pages
#: (/work/shared/seeds: fjord-nn, os-nn, oyer-nb, risor-nb): its pages are at the root
ROOT_LANG = {"fjord": "nn", "os": "nn", "oyer": "nb", "risor": "nb"}


def html_lang(page) -> str:
    return page.evaluate("document.documentElement.lang")


def switch_language(page, to: str) -> None:
    """Open the language selector in the header and click the other language."""
    page.locator(".md-header .md-select > button").click()
    page.locator(f".md-header .md-select__link[hreflang='{to}']").click()


def test_every_demo_municipality_has_a_known_written_standard():
    assert sorted(ROOT_LANG) == SLUGS


@pytest.mark.parametrize("slug", SLUGS)
def test_front_page_is_in_the_municipalitys_own_standard(slug, site_urls, page):
    resp = page.goto(site_urls[slug])
    assert resp is not None and resp.status == 200
    assert html_lang(page) == ROOT_LANG[slug], f"{slug}: front page <html lang>"


@pytest.mark.parametrize("slug", SLUGS)
def test_lang_and_language_selector(slug, demo_site, site_urls, page):
    """From every page at the root, the selector leads to the same page in the other
    standard (in its folder) and back."""
    base = site_urls[slug]
    root_lang, sub_lang = site_languages(demo_site / slug)
    assert root_lang == ROOT_LANG[slug]
    root_pages = [p for p in site_pages(demo_site, slug) if p.lang == root_lang]
    assert root_pages
    for p in root_pages:
        q = p.other()
        assert q.path.startswith(f"{sub_lang}/")
        page.goto(base + p.path)
        assert html_lang(page) == root_lang, f"{slug}/{p.path}: <html lang>"
        switch_language(page, sub_lang)
        page.wait_for_url(base + q.path)
        assert html_lang(page) == sub_lang, f"{slug}/{q.path}: <html lang> after switching"
        assert page.locator("h1").first.is_visible()
        switch_language(page, root_lang)
        page.wait_for_url(base + p.path)
        assert html_lang(page) == root_lang, f"{slug}/{p.path}: <html lang> after switching back"


def search(page, url: str, word: str) -> list[str]:
    """Type ``word`` into the search box; return the result links (page paths)."""
    page.goto(url)
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(word)
    meta = page.locator(".md-search-result__meta")
    page.wait_for_function(
        "([el, w]) => el.textContent.trim().endsWith('treff') && "
        "document.querySelector('input.md-search__input').value === w",
        arg=[meta.element_handle(), word])
    hrefs = page.locator(".md-search-result__item > .md-search-result__link")
    return sorted({re.sub(r"[?#].*$", "", h) for h in
                   (a.get_attribute("href") for a in hrefs.all())})


@pytest.mark.parametrize("slug", SLUGS)
def test_search(slug, demo_site, site_urls, page):
    """One index per standard: a search finds the pages of its own standard only."""
    base = site_urls[slug]
    root_lang, sub_lang = site_languages(demo_site / slug)
    home = {root_lang: base, sub_lang: base + f"{sub_lang}/"}
    for lang, url in home.items():
        hits = search(page, url, "koordinator")
        assert url + "koordinator/" in hits, hits
        if lang == root_lang:
            assert not any(h.startswith(home[sub_lang]) for h in hits), \
                f"{sub_lang} pages in {lang} search: {hits}"
        else:
            assert all(h.startswith(url) for h in hits), f"{root_lang} pages in {lang} search: {hits}"
    nn_only = search(page, home["nn"], "tenester")
    assert nn_only and all(h.startswith(home["nn"]) for h in nn_only), nn_only
    if root_lang == "nn":
        assert not any(h.startswith(home["nb"]) for h in nn_only), nn_only


def service_pages(demo_site, slug) -> list[SitePage]:
    """The pages about a service (each links its forms): not the front page, not the
    privacy page."""
    return [p for p in site_pages(demo_site, slug) if p.name not in ("index", PRIVACY_PAGE)]


def pdf_lang(data: bytes) -> str:
    return str(PdfReader(io.BytesIO(data)).trailer["/Root"].get("/Lang", ""))


@pytest.mark.parametrize("slug", SLUGS)
def test_form_links_download_pdf_of_labelled_size_and_page_language(slug, demo_site,
                                                                    site_urls, page):
    """Every form link: its label states the real size and the PDF is in the page's
    language.  The first link on each page is clicked like a user does; the bytes
    of every linked file are fetched once in the same browser context."""
    base = site_urls[slug]
    pdfs: dict[str, bytes] = {}
    checked = 0
    for p in site_pages(demo_site, slug):  # service pages must have one; front pages may
        page.goto(base + p.path)
        links = page.eval_on_selector_all(
            "a.ipforms-form-link", "els => els.map(a => [a.href, a.innerText])")
        assert links or p.name in ("index", PRIVACY_PAGE), f"{slug}/{p.path}: no form link"
        if links:
            page.locator("a.ipforms-form-link").first.click()
            page.wait_for_url(links[0][0])  # chromium opens the PDF in its viewer
        for href, text in links:
            where = f"{slug}/{p.path}: {href}"
            label = LABEL.search(" ".join(text.split()))
            assert label, f"{where}: form link {text!r} has no size label like (PDF, 97 kB)"
            if href not in pdfs:
                resp = page.request.get(href)
                assert resp.status == 200, f"{where}: HTTP {resp.status}"
                assert resp.headers["content-type"] == "application/pdf", where
                pdfs[href] = resp.body()
            data = pdfs[href]
            assert data.startswith(b"%PDF-"), f"{where}: not a PDF"
            assert label.group(1) == format_size(len(data), p.lang), \
                f"{where}: label says {label.group(1)!r}, the file is {len(data)} bytes"
            assert pdf_lang(data).split("-")[0] == p.lang, \
                f"{where}: PDF /Lang {pdf_lang(data)!r} on a {p.lang} page"
            checked += 1
    assert checked >= len(service_pages(demo_site, slug))


@pytest.mark.parametrize("slug", SLUGS)
def test_keyboard_reaches_form_link_with_visible_focus(slug, demo_site, site_urls, page):
    base = site_urls[slug]
    for p in service_pages(demo_site, slug):
        page.goto(base + p.path)
        for tabs in range(1, MAX_TABS + 1):  # noqa: B007 (the count is reported after the loop)
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.matches('a.ipforms-form-link')"):
                break
        else:
            pytest.fail(f"{slug}/{p.path}: {MAX_TABS} Tab presses did not reach the form link")
        focus = page.evaluate("""() => {
            const el = document.activeElement, s = getComputedStyle(el), r = el.getBoundingClientRect();
            return {outline: s.outlineStyle, width: parseFloat(s.outlineWidth) || 0,
                    shadow: s.boxShadow, in_view: r.width > 0 && r.height > 0 &&
                    r.top >= 0 && r.bottom <= innerHeight};
        }""")
        where = f"{slug}/{p.path}: form link after {tabs} Tab presses"
        assert (focus["outline"] != "none" and focus["width"] > 0) or focus["shadow"] != "none", \
            f"{where}: no visible focus indicator ({focus})"
        assert focus["in_view"], f"{where}: focused but not scrolled into view"
        # nothing covers it (the search overlay, just closed when focus left the search box,
        # fades out for a quarter of a second: allow for that, no more)
        try:
            page.wait_for_function("""() => {
                const el = document.activeElement, r = el.getClientRects()[0];
                return el.contains(document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2));
            }""", timeout=2000)
        except PlaywrightTimeout:
            pytest.fail(f"{where}: the focused link is covered by another element")
        # Enter on the focused link opens the form, as a click does
        href = page.evaluate("document.activeElement.href")
        page.keyboard.press("Enter")
        page.wait_for_url(href)


def test_404_page_under_any_path_is_styled_and_leads_to_both_front_pages(mounts, demo_site,
                                                                          page):
    """The server shows the 404 page at any missing address: under /<slug>/, under a
    deeper sub-path, in a copy in another folder, at a server's root, and deep in
    the other standard's folder.  Its stylesheets and script load, and its links
    lead to both front pages of the same site."""
    # (chromium's preload scanner also asks for the assets relative to the missing
    # address before the script has set <base>; those requests fail harmlessly and
    # are not checked: what the page uses is)
    for mount in mounts:
        root_lang, sub_lang = site_languages(demo_site / mount.slug)
        fronts = {root_lang: mount.url, sub_lang: mount.url + f"{sub_lang}/"}
        for n, missing in enumerate(("finnes-ikke/", f"{sub_lang}/finnes/ikke/",
                                     "koordinator/finnes-ikke.pdf")):
            where = f"{mount.slug} at {mount.where}: {missing}"
            for lang, target in fronts.items():
                resp = page.goto(mount.url + missing)
                assert resp is not None and resp.status == 404, where
                assert page.evaluate("document.baseURI") == mount.url, where
                sheets = page.evaluate("[...document.querySelectorAll('link[rel=stylesheet]')]"
                                       ".map(l => [l.href, !!l.sheet && l.sheet.cssRules.length])")
                assert len(sheets) >= 3 and all(h.startswith(mount.url) and ok for h, ok in sheets), \
                    f"{where}: stylesheets {sheets}"
                assert page.evaluate("typeof window.document$") == "object", \
                    f"{where}: Material's script did not run"
                assert html_lang(page) == root_lang, where
                if n == 0 and lang == root_lang:  # search from the 404 page stays in the site
                    box = page.locator("input.md-search__input")
                    box.click()
                    box.press_sequentially("koordinator")
                    first = page.locator(".md-search-result__item > .md-search-result__link").first
                    first.wait_for()
                    href = first.get_attribute("href") or ""
                    assert href.startswith(mount.url), f"{where}: search hit {href}"
                    page.goto(mount.url + missing)
                page.locator(f"article p[lang='{lang}'] a").click()
                page.wait_for_url(target)
                assert html_lang(page) == lang, where
