"""Serve built sites read-only on 127.0.0.1, for screenshots and ``ipforms preview``.

:func:`serve_sites` serves each municipality's site (``site/<slug>/``) at the root
of its own server; :func:`preview` serves the whole ``site/`` folder on one port,
each site under ``/<slug>/``, as under a sub-path of a municipality's web server.
Missing addresses get the site's own 404 page.  (The browser tests use Debian's
nginx instead: :mod:`ipforms.dev.nginx`.)
Nothing is reachable from other machines; the servers stop when the ``with``
block ends.

>>> import tempfile, urllib.request
>>> d = Path(tempfile.mkdtemp()); (d / "demo").mkdir(); _ = (d / "demo" / "index.html").write_text("hei")
>>> with serve_sites(d) as urls:
...     urllib.request.urlopen(urls["demo"]).read()
b'hei'
"""

from __future__ import annotations

import contextlib
import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import NamedTuple
from collections.abc import Iterator

from ..core.errors import BuildError, IpformsError
from ..core.lang import LANGS

#: Folders of a built site that hold no pages of ours.
_NOT_PAGES = {"assets", "search", "skjema", "_screenshots"}


class _Handler(SimpleHTTPRequestHandler):
    """Static files; a missing file gets the site's own 404 page, like a web host."""

    extensions_map = {**SimpleHTTPRequestHandler.extensions_map,
                      ".js": "text/javascript", ".json": "application/json",
                      ".pdf": "application/pdf", ".svg": "image/svg+xml"}

    def log_message(self, format, *args):  # quiet: tests and screenshots print their own
        pass

    def not_found_page(self) -> Path:
        return Path(self.directory) / "404.html"

    def send_error(self, code, message=None, explain=None):
        page = self.not_found_page()
        if code == 404 and page.is_file():
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)


class _TreeHandler(_Handler):
    """A folder of sites, each under ``/<slug>/``: a missing address gets the 404 page
    of the site it is in."""

    def not_found_page(self) -> Path:
        first = self.path.lstrip("/").split("/", 1)[0].split("?", 1)[0]
        page = Path(self.directory) / first / "404.html"
        return page if first and page.is_file() else Path(self.directory) / "404.html"


def site_slugs(site_dir: Path) -> list[str]:
    """The built municipality sites in ``site_dir`` (folders holding an index.html)."""
    site_dir = Path(site_dir)
    if not site_dir.is_dir():
        raise BuildError(f"{site_dir}: no such folder", hint="build the site first: ipforms build")
    slugs = sorted(p.name for p in site_dir.iterdir()
                   if p.is_dir() and not p.name.startswith((".", "_")) and (p / "index.html").is_file())
    if not slugs:
        raise BuildError(f"{site_dir}: no built site here (expected <slug>/index.html)",
                         hint="build the site first: ipforms build")
    return slugs


class SitePage(NamedTuple):
    """One page of a built site: ``path`` is its URL path below the site root."""
    slug: str
    lang: str   # "nb" or "nn"
    name: str   # "index" (front page) or the service, e.g. "koordinator"
    path: str   # "", "koordinator/", "nn/", "nn/koordinator/"

    def other(self) -> SitePage:
        """The same page in the other written standard (the municipality's own
        standard is at the site root, the other one in its folder)."""
        lang = "nn" if self.lang == "nb" else "nb"
        if self.path.startswith(f"{self.lang}/"):  # this page is in the folder
            return SitePage(self.slug, lang, self.name, self.path[3:])
        return SitePage(self.slug, lang, self.name, f"{lang}/{self.path}")


def site_languages(site_root: Path) -> tuple[str, str]:
    """``(root standard, folder standard)`` of a built site: ``("nn", "nb")`` when
    its bokmål pages are in ``nb/``."""
    return ("nn", "nb") if (Path(site_root) / "nb" / "index.html").is_file() else ("nb", "nn")


def site_pages(site_dir: Path, slug: str) -> list[SitePage]:
    """Every content page of ``site_dir/<slug>/``, found from the built files
    (``index.html`` below the root and the other standard's folder), front page
    first, nb before nn.
    """
    root = Path(site_dir) / slug
    root_lang, sub_lang = site_languages(root)
    found = []
    for html in root.rglob("index.html"):
        parts = html.relative_to(root).parts[:-1]
        if parts and (parts[0] in _NOT_PAGES or parts[0].startswith(".")):
            continue
        lang = sub_lang if parts[:1] == (sub_lang,) else root_lang
        rest = parts[1:] if lang == sub_lang else parts
        if len(rest) > 1 or (rest and rest[0] in LANGS):
            continue  # not a page of ours (nested folders are not made by ipforms)
        name = rest[0] if rest else "index"
        path = "".join(p + "/" for p in parts)
        found.append(SitePage(slug, lang, name, path))
    return sorted(found, key=lambda p: (p.lang, p.name != "index", p.name))


@contextlib.contextmanager
def serve_sites(site_dir: Path, slugs: list[str] | None = None) -> Iterator[dict[str, str]]:
    """Serve each ``site_dir/<slug>/`` on its own free port; yield ``{slug: base URL}``."""
    site_dir = Path(site_dir)
    servers: list[ThreadingHTTPServer] = []
    urls: dict[str, str] = {}
    try:
        for slug in slugs or site_slugs(site_dir):
            handler = functools.partial(_Handler, directory=str(site_dir / slug))
            srv = ThreadingHTTPServer(("127.0.0.1", 0), handler)
            srv.daemon_threads = True
            threading.Thread(target=srv.serve_forever, name=f"serve-{slug}", daemon=True).start()
            servers.append(srv)
            urls[slug] = f"http://127.0.0.1:{srv.server_address[1]}/"
        yield urls
    finally:
        for srv in servers:
            srv.shutdown()
            srv.server_close()


def preview_server(site_dir: Path, port: int = 8000) -> tuple[ThreadingHTTPServer, list[str]]:
    """A server for ``site_dir`` on 127.0.0.1:``port`` (0: any free port): one built
    site at the root, or a folder of sites each under ``/<slug>/``; and the lines
    that tell where each site is."""
    site_dir = Path(site_dir)
    single = (site_dir / "index.html").is_file()
    slugs = [] if single else site_slugs(site_dir)
    handler = functools.partial(_Handler if single else _TreeHandler, directory=str(site_dir))
    try:
        srv = ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as exc:
        raise IpformsError(f"cannot listen on 127.0.0.1:{port}: {exc.strerror}",
                         hint="give another port with --port") from None
    srv.daemon_threads = True
    base = f"http://127.0.0.1:{srv.server_address[1]}/"
    lines = [f"{slug or site_dir.name}: {base}{slug + '/' if slug else ''}" for slug in slugs or [""]]
    return srv, lines


def preview(site_dir: Path, port: int = 8000, announce=print) -> None:
    """Serve ``site_dir`` (see :func:`preview_server`) until interrupted."""
    srv, lines = preview_server(site_dir, port)
    for line in lines + ["(Ctrl+C to stop)"]:
        announce(line)
    with srv:
        try:
            srv.serve_forever()
        except KeyboardInterrupt:
            pass
