"""Screenshots of the built site for an editor to review, without a server.

    python -m ipforms.dev.screenshots site          (``make screenshots`` builds first)

Builds nothing: takes the built site folder (``site/``, holding ``<slug>/``),
serves each municipality on 127.0.0.1, and saves a full-page screenshot of every
page (front page and each service page, nb and nn) at desktop (1280 px) and
phone (390 px) width into ``site/_screenshots/<slug>/``, with
``site/_screenshots/index.html`` showing them all (open it from disk).

Uses Playwright (a test extra) driving Debian's chromium; Playwright never
downloads a browser of its own.  The browser launch settings live here and are
shared with the browser tests (tests/browser/).
"""

from __future__ import annotations

import argparse
import html
import os
import shutil
import sys
import tempfile
from pathlib import Path

from ..core.errors import BuildError, IpformsError
from ..core.files import atomic_write
from ..site.localserve import SitePage, serve_sites, site_pages, site_slugs

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync",
                 "--disable-quic"]
#: Screenshot widths: name -> (width, height of the first screen).
WIDTHS = {"desktop": (1280, 800), "phone": (390, 844)}
OUT_NAME = "_screenshots"

INSTALL_HINT = ("install the test extra and Debian's chromium: "
                "`.venv/bin/pip install -e '.[test]'` and `apt-get install chromium` "
                "(or run `make screenshots`, which does both); "
                "Playwright's own browser download is not needed")


class MissingTool(IpformsError):
    """Playwright or chromium is not installed."""


def sync_playwright():
    """Playwright's sync API, never downloading a browser; a clear error when missing."""
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    try:
        from playwright.sync_api import sync_playwright as sp
    except ImportError:
        raise MissingTool("Playwright for Python is not installed", hint=INSTALL_HINT) from None
    return sp()


def launch(playwright, executable: str = CHROMIUM):
    """Start headless Debian chromium (one per process; open a context per task)."""
    if not Path(executable).is_file():
        raise MissingTool(f"{executable}: chromium is not installed", hint=INSTALL_HINT)
    return playwright.chromium.launch(executable_path=executable, headless=True,
                                      args=CHROMIUM_ARGS)


def shot_name(page: SitePage, width: str) -> str:
    """File name of one screenshot: ``nb-koordinator-phone.png``."""
    return f"{page.lang}-{page.name}-{width}.png"


def take_screenshots(site_dir: Path, out_dir: Path | None = None,
                     progress=lambda line: None, browser=None) -> dict[str, list[SitePage]]:
    """Screenshot every page of every built site; return ``{slug: pages}``.

    ``browser``: a running Playwright browser to use (default: start chromium).
    Screenshots are written to a temporary folder and swapped in at the end, so
    a failed run leaves the previous screenshots as they were.
    """
    site_dir = Path(site_dir)
    slugs = site_slugs(site_dir)
    out_dir = Path(out_dir or site_dir / OUT_NAME)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".screenshots-", dir=out_dir.parent))
    done: dict[str, list[SitePage]] = {}
    try:
        with serve_sites(site_dir, slugs) as urls:
            if browser is not None:
                _shoot_all(browser, site_dir, slugs, urls, tmp, done, progress)
            else:
                with sync_playwright() as pw:
                    own = launch(pw)
                    try:
                        _shoot_all(own, site_dir, slugs, urls, tmp, done, progress)
                    finally:
                        own.close()
        atomic_write(tmp / "index.html", index_html(done))
        if out_dir.exists():
            old = out_dir.with_name(f".old-{out_dir.name}-{os.getpid()}")
            os.replace(out_dir, old)
            shutil.rmtree(old, ignore_errors=True)
        os.replace(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return done


def _shoot_all(browser, site_dir, slugs, urls, tmp, done, progress) -> None:
    for width, (w, h) in WIDTHS.items():
        ctx = browser.new_context(viewport={"width": w, "height": h},
                                  device_scale_factor=1, reduced_motion="reduce")
        try:
            page = ctx.new_page()
            for slug in slugs:
                pages = done.setdefault(slug, site_pages(site_dir, slug))
                (tmp / slug).mkdir(exist_ok=True)
                for p in pages:
                    resp = page.goto(urls[slug] + p.path, wait_until="load")
                    if resp is None or resp.status != 200:
                        raise BuildError(f"{slug}/{p.path}: HTTP "
                                         f"{resp.status if resp else 'no response'}")
                    page.screenshot(path=str(tmp / slug / shot_name(p, width)),
                                    full_page=True, animations="disabled")
                progress(f"{slug}: {len(pages)} pages at {width} width ({w} px)")
        finally:
            ctx.close()




def index_html(done: dict[str, list[SitePage]]) -> str:
    """A page that shows every screenshot, desktop beside phone (relative links)."""
    e = html.escape
    out = ["<!doctype html>", '<html lang="nb"><head><meta charset="utf-8">',
           "<title>ipforms: screenshots</title>",
           "<style>body{font-family:sans-serif;margin:1.5rem;color:#1a1a1a}"
           "nav a{margin-right:1rem}figure{display:inline-block;vertical-align:top;margin:0 1rem 1rem 0}"
           ".frame{max-height:75vh;overflow:auto;border:1px solid #888}"
           "img{display:block}figure.desktop img{width:640px}"
           "figure.phone img{width:390px}figcaption{font-size:.9rem}"
           "section{border-top:2px solid #ccc;margin-top:1rem}</style></head><body>",
           "<h1>ipforms: screenshots</h1>",
           "<p>Every page of every site at desktop (1280 px, shown at half size) and phone "
           "(390 px) width; scroll inside a picture, or click it for full size.</p>",
           "<nav>" + "".join(f'<a href="#{e(s)}">{e(s)}</a>' for s in done) + "</nav>"]
    for slug, pages in done.items():
        out.append(f'<section id="{e(slug)}"><h2>{e(slug)}</h2>')
        for p in pages:
            out.append(f"<h3>{e(p.lang)}: {e(p.name)} <small>(/{e(p.path)})</small></h3>")
            for width, (w, _h) in WIDTHS.items():
                src = f"{e(slug)}/{e(shot_name(p, width))}"
                alt = f"{slug}, {p.lang}, {p.name}, {width} {w} px"
                out.append(f'<figure class="{width}"><div class="frame"><a href="{src}">'
                           f'<img src="{src}" alt="{e(alt)}" loading="lazy"></a></div>'
                           f"<figcaption>{e(width)} ({w} px)</figcaption></figure>")
        out.append("</section>")
    out.append("</body></html>\n")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m ipforms.dev.screenshots",
                                 description="Screenshot every page of the built site "
                                             "(desktop and phone width) for review.")
    ap.add_argument("site", type=Path, help="the built site folder (holding <slug>/), e.g. site")
    ap.add_argument("--out", type=Path, default=None,
                    help=f"where to write (default: SITE/{OUT_NAME}/)")
    args = ap.parse_args(argv)
    try:
        done = take_screenshots(args.site, args.out, progress=print)
    except IpformsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        if exc.hint:
            print(f"hint: {exc.hint}", file=sys.stderr)
        return 2
    out = Path(args.out or args.site / OUT_NAME)
    n = sum(len(p) for p in done.values()) * len(WIDTHS)
    print(f"{n} screenshots -> {out}/; open {out / 'index.html'} in a browser")
    return 0


if __name__ == "__main__":
    sys.exit(main())
