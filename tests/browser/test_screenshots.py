"""`python -m ipforms.dev.screenshots`: every page at desktop and phone width, full page,
plus an index.html that shows them; clear messages when something is missing."""

from __future__ import annotations

import struct
import subprocess
import sys

import pytest

from ipforms.dev import screenshots
from ipforms.site.localserve import site_pages


def png_size(path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{path}: not a PNG"
    return struct.unpack(">II", head[16:24])


def test_screenshots_of_one_site(demo_site, demo_slugs, tmp_path, browser):
    slug = min(demo_slugs, key=lambda s: len(site_pages(demo_site, s)))  # the smallest site
    site = tmp_path / "site"
    site.mkdir()
    (site / slug).symlink_to(demo_site / slug, target_is_directory=True)
    lines = []
    done = screenshots.take_screenshots(site, progress=lines.append, browser=browser)
    assert list(done) == [slug] and len(lines) == len(screenshots.WIDTHS)
    out = site / screenshots.OUT_NAME
    pages = site_pages(site, slug)
    index = (out / "index.html").read_text(encoding="utf-8")
    for p in pages:
        for width, (w, h) in screenshots.WIDTHS.items():
            shot = out / slug / screenshots.shot_name(p, width)
            pw, ph = png_size(shot)
            assert pw == w and ph >= h, f"{shot}: {pw}x{ph}, expected width {w} and full page"
            assert f'src="{slug}/{shot.name}"' in index
    assert len(list((out / slug).glob("*.png"))) == len(pages) * len(screenshots.WIDTHS)
    # the command (own browser), run again: it replaces the screenshots, leaving no temporary folders
    run = subprocess.run([sys.executable, "-m", "ipforms.dev.screenshots", str(site)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    n = len(pages) * len(screenshots.WIDTHS)
    assert f"{n} screenshots -> {out}/" in run.stdout
    assert sorted(p.name for p in site.iterdir()) == sorted([slug, screenshots.OUT_NAME])


def test_no_built_site_is_a_clean_error(tmp_path, capsys):
    assert screenshots.main([str(tmp_path / "nothing")]) == 2
    err = capsys.readouterr().err
    assert "no such folder" in err and "ipforms build" in err
    (tmp_path / "empty").mkdir()
    assert screenshots.main([str(tmp_path / "empty")]) == 2
    assert "no built site here" in capsys.readouterr().err


def test_missing_playwright_says_how_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "playwright.sync_api", None)
    with pytest.raises(screenshots.MissingTool) as info:
        screenshots.sync_playwright()
    assert "Playwright" in str(info.value) and "pip install -e '.[test]'" in info.value.hint


def test_missing_chromium_says_how_to_install(tmp_path):
    with pytest.raises(screenshots.MissingTool) as info:
        screenshots.launch(object(), executable=str(tmp_path / "chromium"))
    assert "chromium is not installed" in str(info.value) and "apt-get install chromium" in info.value.hint
