"""Fixtures for the real-browser tests: Debian's chromium driven by Playwright,
one browser per pytest-xdist worker, the demo site (tests/conftest.py ``demo_site``)
served on 127.0.0.1, one server per municipality at its own root, as deployed."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")  # never fetch a browser

from ipforms.dev.localserve import serve_sites  # noqa: E402
from ipforms.dev.screenshots import launch, sync_playwright  # noqa: E402


def pytest_collection_modifyitems(config, items):
    here = os.path.dirname(__file__)
    for item in items:
        if str(item.fspath).startswith(here):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def site_urls(demo_site, demo_slugs):
    """``{slug: "http://127.0.0.1:<port>/"}`` for every built demo site."""
    with serve_sites(demo_site, demo_slugs) as urls:
        yield urls


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as pw:
        b = launch(pw)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A fresh tab (own context: no cookies or storage shared between tests), desktop width."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True)
    ctx.set_default_timeout(10_000)
    pg = ctx.new_page()
    yield pg
    ctx.close()
