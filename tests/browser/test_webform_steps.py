"""The online form in steps, as the citizens of issue 24 go through it: a Sámi citizen living
in Sweden who types a short date, reloads half-way and switches to the other written
standard; parents of a 9-year-old, who are asked nothing about an expected child or a
16-year-old's signature; a citizen who starts again.  Each downloads the PDF and
``ipforms validate`` gives the verdict the law gives.  axe finds nothing on any step, in an
error state, on the check page or the done part, at 320 and 1280 px, in nb and nn; in forced
colours (Windows high contrast) an error stays distinguishable from a field without one."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from test_webform import (AXE_JS, AXE_TAGS, CITIZENS, SLUG, TODAY,  # noqa: E402
                          download_pdf, field_values, fill_page, make_pdf, open_form, verdict,
                          years_ago)

from ipforms.core.fnr import synthetic  # noqa: E402


#: WCAG 2.0, 2.1, 2.2 A and AA and axe's best practices
TAGS = [*AXE_TAGS, "best-practice"]


def axe(page) -> list[str]:
    """axe's violations, and the rules it could not decide that we have met before
    (``aria-prohibited-attr``: a name on an element that may not have one)."""
    page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
                           " resultTypes: ['violations', 'incomplete']})", TAGS)
    out = [f"{v['id']}: {v['help']}: {[n['target'] for n in v['nodes'][:3]]}"
           for v in result["violations"]]
    out += [f"needs review: {v['id']}: {[n['target'] for n in v['nodes'][:3]]}"
            for v in result["incomplete"] if v["id"] == "aria-prohibited-attr"]
    return out


def visible_fields(page) -> set[str]:
    return set(page.evaluate("""() => [...document.querySelectorAll('[data-field]')]
        .filter(e => e.getClientRects().length).map(e => e.getAttribute('data-field'))"""))


def short(d: dt.date) -> str:
    """7.12.26: no leading zeros, a two-digit year."""
    return f"{d.day}.{d.month}.{d.year % 100:02d}"


def test_sami_citizen_in_sweden_short_date_reload_and_the_other_standard(site_urls, page, tmp_path):
    """pbrl § 4-3: an adult applies for themself, from Sweden.  The postnummer rule is
    Norway's; a Swedish postal code is taken as it is written, and validate agrees."""
    fnr = synthetic(years_ago(34, 40), serial=5)
    answers = {"person_name": "Áŋŋá Čáhppes", "person_fnr": fnr, "person_country": "Sverige",
               "person_address": "Storgatan 1", "person_postcode": "113 51",
               "person_postplace": "Stockholm", "applicant_role": "self"}
    open_form(page, site_urls[SLUG] + "skjema/soknad-individuell-plan-nn.html")
    # Norway first, and the country before the address it belongs to
    assert page.locator("#f-soknad-person_country option").first.inner_text() == "Noreg"
    order = page.evaluate("[...document.querySelectorAll('#ipf-step-0 [data-field]')]"
                          ".map(e => e.getAttribute('data-field'))")
    assert order.index("soknad:person_country") < order.index("soknad:person_address")
    # a Swedish postal code is no Norwegian postnummer: refused while Noreg is chosen
    page.fill("#f-soknad-person_postcode", "113 51")
    page.click("#ipf-next")
    assert "fire siffer" in page.inner_text("#f-soknad-person_postcode-err")
    stuck = fill_page(page, "soknad", {k: v for k, v in answers.items() if k != "applicant_role"},
                      strict=False)
    assert stuck is None or "Kven" in page.title(), stuck
    # the person applies: the autocomplete tokens are on the person's own fields now
    page.check("#f-soknad-applicant_role-self")
    assert page.get_attribute("#f-soknad-person_name", "autocomplete") == "name"
    assert page.get_attribute("#f-soknad-person_country", "autocomplete") == "country-name"
    page.click("#ipf-next")
    # a reload half-way: the answers and the step stay (sessionStorage, this tab only)
    page.reload()
    page.wait_for_selector("#ipf-app[data-pdf=ready]", state="attached", timeout=45_000)
    assert page.title().startswith("Kva søkjer du om")
    assert page.input_value("#f-soknad-person_name") == "Áŋŋá Čáhppes"
    assert page.input_value("#f-soknad-person_country") == "Sverige"
    rest = {"need_description": "Eg treng hjelp frå fleire tenester.",
            "current_service_1": "Heimesjukepleie", "current_service_2": "Fysioterapi",
            "consent_obtain": True, "consent_share": True, "sign_place": "Stockholm",
            "sign_date": short(TODAY), "sign_name": "ÁŊŊÁ ČÁHPPES"}
    assert fill_page(page, "soknad", rest) is None
    # the short date came back in full
    assert TODAY.strftime("%d.%m.%Y") in page.inner_text("#ipf-check")
    # the language link: the same form in bokmål, with the answers
    page.click("#ipf-lang")
    page.wait_for_selector("#ipf-app[data-pdf=ready]", state="attached", timeout=45_000)
    assert page.url.endswith("soknad-individuell-plan-nb.html")
    assert page.title().startswith("Se over svarene")
    check = page.inner_text("#ipf-check")
    assert "Áŋŋá Čáhppes" in check and "Sverige" in check and "113 51" in check
    assert make_pdf(page) is None
    web = tmp_path / "web.pdf"
    download_pdf(page, web)
    values = field_values(web.read_bytes())
    assert (values["person_country"], values["person_postcode"], values["sign_date"]) == \
        ("Sverige", "113 51", TODAY.strftime("%d.%m.%Y"))
    assert verdict(web) == ("valid", [])


def test_parents_of_a_9_year_old_are_asked_only_what_applies(site_urls, page, tmp_path):
    """pbrl § 4-4: a parent applies for a child under 16 without fullmakt; no question about
    an expected child, a youth's own signature, a fullmakt or a vergefullmakt."""
    service, answers, _, expected = CITIZENS["parent_10"]
    answers = dict(answers, person_fnr=synthetic(years_ago(9, 30), serial=2))
    seen: set[str] = set()
    open_form(page, site_urls[SLUG] + f"skjema/soknad-{service}-nb.html")
    assert fill_page(page, "soknad", answers, on_step=lambda p: seen.update(visible_fields(p))) \
        is None
    for field in ("expected_child", "due_date", "youth_sign_name", "youth_sign_date",
                  "attachment_fullmakt", "attachment_verge", "current_service_4"):
        assert f"soknad:{field}" not in seen, field
    assert "file:verge" not in seen and page.is_hidden("#ipf-fm-box")
    assert make_pdf(page) is None
    web = tmp_path / "web.pdf"
    download_pdf(page, web)
    assert verdict(web) == (expected, [])


def test_a_16_year_old_s_block_and_an_expected_child_appear_when_they_apply(site_urls, page):
    open_form(page, site_urls[SLUG] + "skjema/soknad-barnekoordinator-nb.html")
    assert page.is_visible("#f-soknad-expected_child") and page.is_hidden("#f-soknad-due_date")
    page.check("#f-soknad-expected_child")
    assert page.is_visible("#f-soknad-due_date")
    page.fill("#f-soknad-person_fnr", CITIZENS["parent_17_signs"][1]["person_fnr"])
    page.keyboard.press("Tab")
    assert page.is_hidden("#f-soknad-due_date")
    _, answers, _, _ = CITIZENS["parent_17_signs"]
    seen: set[str] = set()
    page.uncheck("#f-soknad-expected_child")
    fill_page(page, "soknad", answers, on_step=lambda p: seen.update(visible_fields(p)))
    assert "soknad:youth_sign_name" in seen


def test_start_again_clears_the_answers_on_the_device(site_urls, page):
    open_form(page, site_urls[SLUG] + "skjema/soknad-nb.html")
    page.fill("#f-soknad-person_name", "Testperson")
    page.keyboard.press("Tab")
    assert "Testperson" in page.evaluate("JSON.stringify(sessionStorage)")
    page.reload()
    page.wait_for_selector("#ipf-app[data-state=ready]", state="attached", timeout=45_000)
    assert page.input_value("#f-soknad-person_name") == "Testperson"
    assert "fanen" in page.inner_text(".ipf-lead")  # the privacy note says where they are kept
    with page.expect_navigation():
        page.click(".ipf-restart button")
    page.wait_for_selector("#ipf-app[data-state=ready]", state="attached", timeout=45_000)
    assert page.input_value("#f-soknad-person_name") == ""
    assert page.evaluate("sessionStorage.length") == 0


@pytest.mark.parametrize("form", ["soknad", "fullmakt"])
@pytest.mark.parametrize("lang", ["nb", "nn"])
@pytest.mark.parametrize("width", [320, 1280])
def test_every_step_error_check_and_done_pass_axe(form, lang, width, site_urls, page):
    """Every step of the application and of the fullmakt page, their error states, the
    check page and done."""
    page.set_viewport_size({"width": width, "height": 800})
    service, answers, fm, _ = CITIZENS["proxy_fullmakt"]
    name = f"soknad-{service}" if form == "soknad" else "fullmakt"
    open_form(page, site_urls[SLUG] + f"skjema/{name}-{lang}.html")
    problems = [f"step 1 empty: {v}" for v in axe(page)]
    page.click("#ipf-next")
    problems += [f"step 1 errors: {v}" for v in axe(page)]

    def step(p):
        problems.extend(f"{p.title().split(' – ')[0]}: {v}" for v in axe(p))
        if p.evaluate("document.documentElement.scrollWidth") > width:
            problems.append(f"{p.title()}: horizontal scrolling")

    if form == "soknad":
        assert fill_page(page, "soknad", answers, fm, on_step=step) is None
    else:
        assert fill_page(page, "fullmakt", fm, on_step=step) is None
    problems += [f"check: {v}" for v in axe(page)]
    assert make_pdf(page) is None
    problems += [f"done: {v}" for v in axe(page)]
    assert not problems, "\n".join(problems)


def test_forced_colours_keep_errors_distinguishable(site_urls, browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 800}, forced_colors="active")
    page = ctx.new_page()
    open_form(page, site_urls[SLUG] + "skjema/soknad-nb.html")
    page.fill("#f-soknad-person_name", "Testperson")
    page.click("#ipf-next")
    style = "sel => { const s = getComputedStyle(document.querySelector(sel));" \
            " return [s.borderTopStyle, s.borderTopWidth]; }"
    ok, bad = page.evaluate(style, "#f-soknad-person_name"), \
        page.evaluate(style, "#f-soknad-person_address")
    assert page.get_attribute("#f-soknad-person_address", "aria-invalid") == "true"
    assert ok != bad, (ok, bad)
    # the message itself is marked with more than colour
    assert page.evaluate("getComputedStyle(document.querySelector("
                         "'#f-soknad-person_address-err')).borderLeftStyle") == "solid"
    ctx.close()
