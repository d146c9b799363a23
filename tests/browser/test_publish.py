"""The built sites behind Debian's nginx, as a municipality publishes them: workers
run as www-data (not the user who built the site), and a crawl from each front page,
wherever the site is served (under /<slug>/, a deeper sub-path, a copy in another
folder, a server's root), reaches every page, asset and form with 200 and never
leaves the site's own path."""

from __future__ import annotations

import json
import os
import pwd
import re
import urllib.error
import urllib.request
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

from ipforms.site.localserve import site_pages


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.config: dict | None = None
        self._in_config = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for key in ("href", "src"):
            if a.get(key):
                self.links.append(a[key])
        self._in_config = tag == "script" and a.get("id") == "__config"

    def handle_data(self, data):
        if self._in_config and data.strip():
            self.config = json.loads(data)

    def handle_endtag(self, tag):
        self._in_config = False


def fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), b""


def crawl(start: str) -> tuple[dict[str, int], list[str]]:
    """Every URL on ``start``'s host reached from it by links, stylesheets, scripts,
    images, CSS url(...) and what Material's script loads (search worker and index).
    Returns ``{url: status}`` for the URLs inside ``start`` and the links that
    point outside it on the same server."""
    host = urlsplit(start).netloc
    status: dict[str, int] = {}
    outside: list[str] = []
    queue = [start]
    while queue:
        url = queue.pop()
        if url in status:
            continue
        code, ctype, body = fetch(url)
        status[url] = code
        found: list[str] = []
        if code == 200 and ctype.startswith("text/html"):
            parser = _Links()
            parser.feed(body.decode("utf-8"))
            found = parser.links
            if parser.config:  # Material loads these itself
                found.append(parser.config["search"])
                found.append(parser.config["base"].rstrip("/") + "/search/search_index.json")
        elif code == 200 and ctype.startswith("text/css"):
            found = re.findall(r"url\(['\"]?([^'\")]+)", body.decode("utf-8", "replace"))
        for href in found:
            target = urldefrag(urljoin(url, href))[0]
            parts = urlsplit(target)
            if parts.scheme not in ("http", "https") or parts.netloc != host:
                continue  # mailto:, tel:, data:, Lovdata, the published address (canonical)
            if not target.startswith(start):
                outside.append(f"{url}: {href} -> {target}")
                continue
            if target not in status:
                queue.append(target)
    return status, outside


def test_nginx_workers_run_as_www_data(nginx):
    users = nginx.worker_users()
    expected = "www-data" if os.geteuid() == 0 else pwd.getpwuid(os.geteuid()).pw_name
    assert users and set(users) == {expected}, f"nginx workers run as {users}"


def test_crawl_from_every_front_page_reaches_everything_inside_its_path(mounts, demo_site):
    for mount in mounts:
        status, outside = crawl(mount.url)
        where = f"{mount.slug} at {mount.where}"
        bad = {u: s for u, s in status.items() if s != 200}
        assert not bad, f"{where}: not 200: {bad}"
        assert not outside, f"{where}: links leave the site's path:\n" + "\n".join(outside)
        pages = {mount.url + p.path for p in site_pages(demo_site, mount.slug)}
        assert pages <= set(status), f"{where}: pages not reached: {sorted(pages - set(status))}"
        site = demo_site / mount.slug
        pdfs = {mount.url + p.relative_to(site).as_posix() for p in (site / "skjema").glob("*.pdf")}
        assert pdfs and pdfs <= set(status), f"{where}: forms not reached: {sorted(pdfs - set(status))}"
        for asset in ("assets/stylesheets/ipforms.css", "assets/stylesheets/kommune.css",
                      "assets/images/kommune-logo.svg", "search/search_index.json"):
            assert mount.url + asset in status, f"{where}: {asset} not reached"
        js = [u for u in status if re.search(r"/assets/javascripts/bundle\.[0-9a-f]+\.min\.js$", u)]
        assert js, f"{where}: Material's script not reached"


def test_cache_headers_as_in_the_readme(nginx):
    """The test server uses the README's cache rules: hashed assets for a year, pages
    and forms revalidated every time."""
    def header(path: str) -> str:
        with urllib.request.urlopen(nginx.url(path), timeout=10) as r:
            return r.headers.get("Cache-Control", "")
    code, _, body = fetch(nginx.url("/oyer/"))
    bundle = re.search(rb'src="([^"]*bundle\.[0-9a-f]{8}\.min\.js)"', body)
    assert code == 200 and bundle
    assert "immutable" in header("/oyer/" + bundle.group(1).decode())
    assert header("/oyer/skjema/soknad-nb.pdf") == "no-cache"
    assert header("/oyer/") == "no-cache"
