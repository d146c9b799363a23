"""Fixtures for the real-browser tests: Debian's chromium driven by Playwright,
one browser per pytest-xdist worker, and the demo site (tests/conftest.py
``demo_site``) served by Debian's nginx (ipforms.dev.nginx) as a municipality's web
server would: started as root, workers as www-data, every site under ``/<slug>/``;
Øyer also under ``/helse/individuell-plan/``, a copy of Fjord in another folder
under ``/kopi/av/fjord/``, and Risør at the root of a second server."""

from __future__ import annotations

import os
import shutil
from typing import NamedTuple

import pytest

os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")  # never fetch a browser

from ipforms.dev.nginx import NginxSites  # noqa: E402
from ipforms.dev.screenshots import launch, sync_playwright  # noqa: E402

#: the site served at the root of the second server
ROOT_SLUG = "risor"


class Mount(NamedTuple):
    """One place a site is served: its folder name and base URL."""
    slug: str
    url: str       # ends with "/"
    where: str     # for messages: "/oyer/", "root", ...


def pytest_collection_modifyitems(config, items):
    here = os.path.dirname(__file__)
    for item in items:
        if str(item.fspath).startswith(here):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def nginx(demo_site, demo_slugs, tmp_path_factory):
    """nginx serving the demo sites (see the module text)."""
    copy = tmp_path_factory.mktemp("copied") / "fjord"
    shutil.copytree(demo_site / "fjord", copy)  # modes are copied too
    mounts = {f"/{slug}/": demo_site / slug for slug in demo_slugs}
    mounts["/helse/individuell-plan/"] = demo_site / "oyer"
    mounts["/kopi/av/fjord/"] = copy
    with NginxSites(mounts, root_site=demo_site / ROOT_SLUG) as srv:
        yield srv


@pytest.fixture(scope="session")
def site_urls(nginx, demo_slugs):
    """``{slug: "http://127.0.0.1:<port>/<slug>/"}`` for every built demo site."""
    return {slug: nginx.url(f"/{slug}/") for slug in demo_slugs}


@pytest.fixture(scope="session")
def mounts(nginx, demo_slugs) -> list[Mount]:
    """Every place a demo site is served: under /<slug>/, under a deeper sub-path,
    copied to another folder, and at a server's root."""
    return ([Mount(slug, nginx.url(f"/{slug}/"), f"/{slug}/") for slug in demo_slugs]
            + [Mount("oyer", nginx.url("/helse/individuell-plan/"), "/helse/individuell-plan/"),
               Mount("fjord", nginx.url("/kopi/av/fjord/"), "a copy under /kopi/av/fjord/"),
               Mount(ROOT_SLUG, nginx.root_url("/"), "the root of a server")])


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
