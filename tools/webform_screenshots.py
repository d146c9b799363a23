"""Screenshots of the online form's steps at phone width for docs/online-form.md.

    .venv/bin/python tools/webform_screenshots.py [--kommune oyer] [--lang nb]

Builds the forms of one demo municipality into a temporary folder, serves it on 127.0.0.1,
walks the steps in Debian's chromium as a parent applying for a 9-year-old (the answers of
tests/browser/test_webform.py) and writes one PNG per step, the check page and the done
part to docs/img/online-form-<n>-<step>.png (390 px wide, 64 colours: small files).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import sys
import tempfile
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "browser"))

from PIL import Image  # noqa: E402

from ipforms.core.municipality import load_municipality  # noqa: E402
from ipforms.dev.screenshots import launch, sync_playwright  # noqa: E402
from ipforms.site.siteforms import site_forms  # noqa: E402
from ipforms.site.webform import site_webforms  # noqa: E402

WIDTH, HEIGHT = 390, 844


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # noqa: D102
        pass


def shoot(page, path: Path) -> None:
    page.screenshot(path=str(path), full_page=True)
    Image.open(path).convert("RGB").quantize(64).save(path, optimize=True)
    print(f"{path.relative_to(REPO)}: {path.stat().st_size:,} B")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--kommune", default="oyer")
    ap.add_argument("--lang", default="nb", choices=["nb", "nn"])
    args = ap.parse_args(argv)
    from test_webform import CITIZENS, make_pdf

    service, answers, _, _ = CITIZENS["parent_10"]
    out = REPO / "docs" / "img"
    out.mkdir(parents=True, exist_ok=True)
    m = load_municipality(REPO / "data" / "municipalities" / f"{args.kommune}.yml")
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp)
        pdfs = site_forms(m, args.lang, REPO / ".cache")
        for name, data in {**pdfs, **site_webforms(m, args.lang, pdfs)}.items():
            (site / name).parent.mkdir(parents=True, exist_ok=True)
            (site / name).write_bytes(data)
        srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                              functools.partial(_Quiet, directory=tmp))
        threading.Thread(target=srv.serve_forever, daemon=True).start()
        try:
            with sync_playwright() as pw:
                browser = launch(pw)
                page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
                page.goto(f"http://127.0.0.1:{srv.server_port}/skjema/soknad-{service}-{args.lang}.html")
                page.wait_for_selector("#ipf-app[data-pdf=ready]", state="attached", timeout=60_000)
                steps = page.evaluate("[...document.querySelectorAll('.ipf-step')].map(s => s.id)")
                pending = dict(answers)
                for n in range(len(steps)):
                    for key, value in list(pending.items()):
                        sel = f"#f-soknad-{key}" + (f"-{value}" if key == "applicant_role" else "")
                        if page.is_visible(sel):
                            page.check(sel) if value is True or key == "applicant_role" \
                                else page.fill(sel, str(value))
                            del pending[key]
                    page.evaluate("document.activeElement.blur(); window.scrollTo(0, 0)")
                    shoot(page, out / f"online-form-{n + 1}.png")
                    page.click("#ipf-next")
                    if page.is_visible("#ipf-summary"):
                        raise SystemExit(page.inner_text("#ipf-summary"))
                shoot(page, out / f"online-form-{len(steps) + 1}-check.png")
                if make_pdf(page) is not None:
                    raise SystemExit(page.inner_text("#ipf-summary"))
                shoot(page, out / f"online-form-{len(steps) + 2}-done.png")
                browser.close()
        finally:
            srv.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
