"""The online form at 200 % zoom, and filled with the keyboard only (WCAG 2.1: 1.4.4 resize
text, 1.4.10 reflow, 2.1.1 keyboard, 2.4.3 focus order, 2.4.7 focus visible).

Browser zoom in Chromium makes CSS pixels larger: a 1280×800 window at 200 % lays the page
out in 640×400 CSS pixels with ``devicePixelRatio`` 2 (and media queries see 640 px).
Playwright has no zoom call (microsoft/playwright#2497, open; ``style.zoom`` on the body
breaks its clicks and keyboard), so a context with that viewport and
``device_scale_factor=2`` is the zoomed window, as the Playwright maintainers suggest there.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from test_webform import (CITIZENS, SLUG, axe, fill_page, make_pdf, open_form,  # noqa: E402
                          verdict)

WINDOW = (1280, 800)
ZOOM = 2


@pytest.fixture
def zoomed(browser):
    ctx = browser.new_context(viewport={"width": WINDOW[0] // ZOOM, "height": WINDOW[1] // ZOOM},
                              device_scale_factor=ZOOM, accept_downloads=True)
    ctx.set_default_timeout(10_000)
    page = ctx.new_page()
    yield page
    ctx.close()


#: every visible element that should take focus, in DOM order (a radio group is one stop)
FOCUSABLE_JS = """() => {
  const sel = 'a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), textarea, select';
  const out = [], groups = new Set();
  for (const e of document.querySelectorAll(sel)) {
    if (!e.getClientRects().length || e.closest('[hidden]') || e.closest('.ipf-skip')) continue;
    if (e.type === 'radio') {
      if (!groups.has(e.name)) out.push('radio:' + e.name);
      groups.add(e.name);
      continue;
    }
    out.push(e.id || e.tagName + ':' + (e.textContent || '').trim());
  }
  return out;
}"""
FOCUSED_JS = """() => {
  const e = document.activeElement, r = e.getBoundingClientRect();
  const key = e.type === 'radio' ? 'radio:' + e.name : (e.id || e.tagName + ':' + (e.textContent || '').trim());
  return {key, id: e.id, tag: e.tagName, type: e.type || '',
          visible: r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight
                   && r.right > 0 && r.left < innerWidth};
}"""
#: text that does not fit its box: wider than the box it is in, or past the window's edge
CLIPPED_JS = """() => {
  const sel = 'h1, h2, h3, p, label, legend, li, a, button, .ipf-help, .ipf-error';
  const out = [];
  for (const e of document.querySelectorAll(sel)) {
    if (!e.getClientRects().length || e.closest('.ipf-vh') || e.closest('[hidden]') || e.closest('.ipf-skip')) continue;
    if (!e.textContent.trim()) continue;
    const r = e.getBoundingClientRect(), w = document.documentElement.clientWidth;
    const what = `${e.tagName}#${e.id} "${e.textContent.trim().slice(0, 40)}"`;
    if (e.scrollWidth > e.clientWidth + 1 && e.clientWidth > 0)
      out.push(`${what}: text ${e.scrollWidth} px in ${e.clientWidth} px`);
    else if (r.right > w + 1 || r.left < -1)
      out.push(`${what}: ${r.left}-${r.right} px, window ${w}`);
  }
  return out;
}"""


def no_reflow_problems(page, state: str) -> list[str]:
    out = []
    width = page.evaluate("document.documentElement.clientWidth")
    scroll = page.evaluate("document.documentElement.scrollWidth")
    if scroll > width:
        out.append(f"{state}: horizontal scrolling ({scroll} px content in {width} px)")
    out += [f"{state}: clipped: {c}" for c in page.evaluate(CLIPPED_JS)]
    return out


def tab_through(page, limit: int = 400) -> list[dict]:
    """Tab from the top of the page until focus comes back round; every stop."""
    page.evaluate("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)")
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = page.evaluate(FOCUSED_JS)
        if stops and now["key"] == stops[0]["key"]:
            break
        stops.append(now)
    return stops


def test_the_zoomed_window_is_what_browser_zoom_makes(zoomed, site_urls):
    open_form(zoomed, site_urls[SLUG] + "skjema/soknad-nb.html")
    assert zoomed.evaluate("[innerWidth, innerHeight, devicePixelRatio]") == [640, 400, 2]


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_at_200_percent_every_part_reflows_is_reachable_and_passes_axe(lang, zoomed, site_urls):
    page = zoomed
    open_form(page, site_urls[SLUG] + f"skjema/soknad-koordinator-{lang}.html")
    problems = no_reflow_problems(page, "empty")
    problems += [f"empty: axe: {v}" for v in axe(page)]

    # every step of a proxy with the fullmakt filled on the page (the longest way through)
    _, proxy, fm, _ = CITIZENS["proxy_fullmakt"]

    def step(page):
        title = page.title().split(" – ")[0]
        expected = page.evaluate(FOCUSABLE_JS)
        stops = tab_through(page)
        reached = [s["key"] for s in stops]
        missing = [k for k in expected if k not in reached]
        assert not missing, f"{title}: not reachable with Tab: {missing}"
        hidden = [s["key"] for s in stops if not s["visible"]]
        assert not hidden, f"{title}: focused but not in view: {hidden}"
        # the tab order follows the page (no positive tabindex jumps); a full round, from the top
        start = reached.index(expected[0])
        order = [k for k in reached[start:] + reached[:start] if k in expected]
        assert order == [k for k in expected if k in order], f"{title}: Tab order is not page order"
        problems.extend(no_reflow_problems(page, title))
        problems.extend(f"{title}: axe: {v}" for v in axe(page))

    assert fill_page(page, "soknad", proxy, fm, on_step=step) is None
    problems += no_reflow_problems(page, "check")
    problems += [f"check: axe: {v}" for v in axe(page)]

    # the verge's file field (on the step «Behov og tjenester i dag»)
    page.click("#ipf-check a[href='#f-soknad-applicant_role-self']")
    page.check("#f-soknad-applicant_role-verge")
    page.click("#ipf-next")  # back to the check page («Endre» came from there)
    page.click("#ipf-check a[href='#f-soknad-need_description']")
    page.wait_for_selector("#ipf-file-verge-box:not([hidden])")
    problems += no_reflow_problems(page, "verge")
    problems += [f"verge: axe: {v}" for v in axe(page)]
    assert "f-file-verge" in [s["key"] for s in tab_through(page)]

    # errors: every link in the summary moves focus to its field, which is then in view
    page.evaluate("sessionStorage.clear()")
    page.reload()
    page.wait_for_selector("#ipf-app[data-pdf=ready]", state="attached")
    page.click("#ipf-next")
    assert page.evaluate("document.activeElement.id") == "ipf-summary"
    links = page.locator("#ipf-summary a")
    assert links.count() >= 4
    for i in range(links.count()):
        href = links.nth(i).get_attribute("href")
        links.nth(i).focus()
        page.keyboard.press("Enter")
        now = page.evaluate(FOCUSED_JS)
        assert now["id"] == href[1:], f"summary link {href} moved focus to {now['id']}"
        assert now["visible"], f"{href} is focused but not in view"
    problems += no_reflow_problems(page, "errors")
    problems += [f"errors: axe: {v}" for v in axe(page)]

    # done
    _, adult, _, _ = CITIZENS["adult_self"]
    assert fill_page(page, "soknad", adult) is None
    assert make_pdf(page) is None
    problems += no_reflow_problems(page, "done")
    problems += [f"done: axe: {v}" for v in axe(page)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("who", ["adult_self", "parent_10"])
def test_keyboard_only_fill_and_download_at_200_percent(who, zoomed, site_urls, tmp_path):
    """An adult for themself, and a parent for a 10-year-old, fill the form step by step and
    download the PDF with Tab, typing, Space, arrows and Enter only; ipforms validate finds
    the application valid (pbrl §§ 4-3, 4-4)."""
    page = zoomed
    service, answers, _, expected = CITIZENS[who]
    open_form(page, site_urls[SLUG] + f"skjema/soknad-{service}-nb.html")
    options = page.evaluate("[...document.querySelectorAll('input[name=soknad-applicant_role]')]"
                            ".map(r => r.value)")
    todo = {f"f-soknad-{k}": v for k, v in answers.items() if k != "applicant_role"}
    page.evaluate("document.activeElement && document.activeElement.blur()")
    steps = 0
    for _ in range(900):
        page.keyboard.press("Tab")
        now = page.evaluate(FOCUSED_JS)
        if now["key"] == "radio:soknad-applicant_role" and "role" not in todo:
            # arrows move the choice within the group; Space picks the first
            page.keyboard.press("Space")
            for _ in range(options.index(answers["applicant_role"])):
                page.keyboard.press("ArrowDown")
            todo["role"] = "done"
        elif now["id"] in todo:
            value = todo.pop(now["id"])
            if value is True:
                page.keyboard.press("Space")
            else:
                page.keyboard.press("ControlOrMeta+A")
                page.keyboard.press("Delete")
                page.keyboard.type(str(value))
        elif now["id"] == "ipf-next":
            page.keyboard.press("Enter")  # Fortsett: focus on the next step's heading
            steps += 1
            assert page.evaluate("document.activeElement.tagName") == "H2", page.inner_text("#ipf-summary")
        elif now["id"] == "ipf-make":
            page.keyboard.press("Enter")
            break
    assert steps == 6, steps
    assert [k for k in todo if k != "role"] == [], f"never reached with Tab: {todo}"
    page.wait_for_selector("#ipf-done:not([hidden])")
    assert page.evaluate("document.activeElement.id") == "ipf-done-h"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "ipf-download"
    with page.expect_download() as dl:
        page.keyboard.press("Enter")
    web = tmp_path / "web.pdf"
    dl.value.save_as(web)
    assert verdict(web) == (expected, [])
