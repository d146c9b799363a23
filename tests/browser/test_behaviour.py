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
from ipforms.dev.localserve import SitePage, site_pages
from ipforms.core.municipality import find_data_files

REPO = Path(__file__).resolve().parents[2]
SLUGS = [p.stem for p in sorted(find_data_files(REPO / "data" / "municipalities"))]
LABEL = re.compile(r"\((PDF, [^()]+)\)\s*$")
MAX_TABS = 80


def html_lang(page) -> str:
    return page.evaluate("document.documentElement.lang")


def switch_language(page, to: str) -> None:
    """Open the language selector in the header and click the other language."""
    page.locator(".md-header .md-select > button").click()
    page.locator(f".md-header .md-select__link[hreflang='{to}']").click()


@pytest.mark.parametrize("slug", SLUGS)
def test_lang_and_language_selector(slug, demo_site, site_urls, page):
    base = site_urls[slug]
    nb_pages = [p for p in site_pages(demo_site, slug) if p.lang == "nb"]
    assert nb_pages
    for p in nb_pages:
        q = p.other()
        page.goto(base + p.path)
        assert html_lang(page) == "nb", f"{slug}/{p.path}: <html lang>"
        switch_language(page, "nn")
        page.wait_for_url(base + q.path)
        assert html_lang(page) == "nn", f"{slug}/{q.path}: <html lang> after switching"
        assert page.locator("h1").first.is_visible()
        switch_language(page, "nb")
        page.wait_for_url(base + p.path)
        assert html_lang(page) == "nb", f"{slug}/{p.path}: <html lang> after switching back"


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
def test_search(slug, site_urls, page):
    base = site_urls[slug]
    nb = search(page, base, "koordinator")
    assert base + "koordinator/" in nb, nb
    assert not any(h.startswith(base + "nn") for h in nb), f"nn pages in nb search: {nb}"
    nn = search(page, base + "nn/", "koordinator")
    assert base + "nn/koordinator/" in nn, nn
    assert all(h.startswith(base + "nn/") for h in nn), f"nb pages in nn search: {nn}"
    nn_only = search(page, base + "nn/", "tenester")
    assert nn_only and all(h.startswith(base + "nn/") for h in nn_only), nn_only


def service_pages(demo_site, slug) -> list[SitePage]:
    return [p for p in site_pages(demo_site, slug) if p.name != "index"]


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
        assert links or p.name == "index", f"{slug}/{p.path}: no form link"
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


@pytest.mark.parametrize("slug", SLUGS)
def test_404_page_leads_to_both_front_pages(slug, site_urls, page):
    base = site_urls[slug]
    for lang, target in (("nb", base), ("nn", base + "nn/")):
        resp = page.goto(base + "finnes-ikke/")
        assert resp is not None and resp.status == 404
        page.locator(f"article p[lang='{lang}'] a").click()
        page.wait_for_url(target)
        assert html_lang(page) == lang
