"""The preview (`mkdocs serve`) answers while a file is broken, naming the problem,
instead of holding every request until a build succeeds."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from sitetree import TESTBY, make

from ipforms.site.preview import BANNER_START, banner, mark_pages


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, timeout: float) -> tuple[float, str]:
    """Seconds the answer took, and the page."""
    t0 = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            body = r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        body = exc.read().decode("utf-8", "replace")
    return time.monotonic() - t0, body


def wait_for(url: str, predicate, seconds: float = 120) -> str:
    """Ask until the page satisfies ``predicate`` (a rebuild takes a few seconds)."""
    deadline = time.monotonic() + seconds
    body = ""
    while time.monotonic() < deadline:
        try:
            _, body = get(url, timeout=30)
            if predicate(body):
                return body
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.3)
    raise AssertionError(f"{url}: not as expected within {seconds} s; last answer:\n{body[:2000]}")


@pytest.fixture
def serve(tmp_path):
    """Start `mkdocs serve` on a project whose data file is broken from the start."""
    broken = TESTBY.replace("last_reviewed: 2026-11-01", "last_reviewed: 2023-02-30")
    root = make(tmp_path, data={"testby": broken})
    config = root / "mkdocs.yml"
    # forms are drawn by WeasyPrint (seconds); this test is about pages
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - ipforms\n", "  - ipforms:\n      forms: false\n"), encoding="utf-8")
    port = free_port()
    env = {**os.environ, "IPFORMS_KOMMUNE": "testby", "NO_MKDOCS_2_WARNING": "1"}
    log = open(tmp_path / "serve.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}",
                             "--livereload"],
                            cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_for(base, lambda body: bool(body), seconds=180)
        yield root, base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def test_a_broken_file_gets_an_answer_naming_it_within_2_s(serve):
    root, base = serve
    data = root / "data" / "municipalities" / "testby.yml"

    # broken from the start: no good data yet, every page says what is wrong
    took, body = get(base, timeout=2)
    assert took < 2
    assert BANNER_START in body
    # in the project's written standard (bokmål)
    assert f"{data}:12: last_reviewed: 2023-02-30 er ingen ekte dato: februar 2023 har 28 dager" \
        in body

    # fixed: the real page, no notice
    data.write_text(TESTBY, encoding="utf-8")
    body = wait_for(base + "nn/koordinator/", lambda b: BANNER_START not in b and "Tenester" in b)
    assert "Koordinerande eining" in body

    # a page template breaks: that page keeps its last good text, and says why
    page = root / "content" / "nn" / "koordinator.md"
    good = page.read_text(encoding="utf-8")
    page.write_text(good.replace("{{ unit.name }}", "{{ unit.namn }}"), encoding="utf-8")
    wait_for(base + "nn/koordinator/", lambda b: BANNER_START in b)
    took, body = get(base + "nn/koordinator/", timeout=2)
    assert took < 2
    assert re.search(re.escape(str(page)) + r":3: ukjent plassholder: «namn» er ikke et kjent felt",
                     body)
    assert "Tenester frå Koordinerande eining" in body       # the last good version of the page
    took, body = get(base, timeout=2)                        # every other page shows it too
    assert took < 2 and "ukjent plassholder" in body

    # a link to a page that does not exist (strict mode would stop the build and hang)
    page.write_text("# Koordinator\n\nSjå [her](finst-ikkje.md).\n", encoding="utf-8")
    body = wait_for(base + "nn/koordinator/", lambda b: "finst-ikkje" in b)
    assert "is not found among documentation files" in body

    # what ipforms check finds in the saved page is shown too: here nb and nn differ
    page.write_text("# Koordinator\n\nTenester.\n", encoding="utf-8")
    body = wait_for(base + "nn/koordinator/", lambda b: "Tenester." in b and BANNER_START in b)
    assert "content/nn/koordinator.md:3: plassholderne og malkodene er ikke de samme som i " \
           "content/nb/koordinator.md:3" in body

    # and fixed again
    page.write_text(good, encoding="utf-8")
    wait_for(base + "nn/koordinator/", lambda b: BANNER_START not in b and "Tenester frå" in b)


def test_mark_pages_puts_and_removes_the_notice(tmp_path):
    page = tmp_path / "a" / "index.html"
    page.parent.mkdir()
    page.write_text("<html><body class='x'><p>Hei</p></body></html>", encoding="utf-8")
    mark_pages(tmp_path, ["content/nn/a.md:3: <b>bad</b>"])
    text = page.read_text(encoding="utf-8")
    assert text.startswith("<html><body class='x'>" + BANNER_START)
    assert "content/nn/a.md:3: &lt;b&gt;bad&lt;/b&gt;" in text       # escaped, never markup
    mark_pages(tmp_path, ["second"])
    assert page.read_text(encoding="utf-8").count(BANNER_START) == 1
    mark_pages(tmp_path, [])
    assert page.read_text(encoding="utf-8") == "<html><body class='x'><p>Hei</p></body></html>"
    assert 'role="alert"' in banner(["x"])
