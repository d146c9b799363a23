"""The online form ("Fyll ut på nett"), in Debian's chromium.

Five citizens fill the web form (an adult for themself, a parent for a 10-year-old, a
parent for a 17-year-old who also signs, a proxy with a fullmakt filled on the page,
parents expecting a child), download the PDF, and ``ipforms validate`` gives the verdict
the law gives (pasient- og brukerrettighetsloven §§ 4-3, 4-4, 2-5 c; forvaltningsloven
§ 12); the same answers through ``ipforms fill`` (and ``ipforms attach``) give the same
verdict and the same field values.  The browser's checks give the same messages as the
Python rules (test_webform_parity.py).  axe finds nothing in any state, no request
leaves the page after it has loaded, and without JavaScript the page still offers the PDF.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import axe_playwright_python
import pytest
from PIL import Image

from ipforms.validation import messages, rules
from ipforms.core import signing
from ipforms.core.fnr import synthetic
from ipforms.core.municipality import load_municipality
from ipforms.forms.acroform import fields, open_pdf
from ipforms.forms.attach import attachment_names, read_attachment
from ipforms.forms.fill import SERVICE_FIELDS

REPO = Path(__file__).resolve().parents[2]
AXE_JS = Path(axe_playwright_python.__file__).with_name("axe.min.js")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
TODAY = dt.date.today()
SLUG = "oyer"


def years_ago(years: int, days: int) -> dt.date:
    d = TODAY - dt.timedelta(days=days)
    return d.replace(year=d.year - years) if not (d.month == 2 and d.day == 29) \
        else d.replace(year=d.year - years, day=28)


def dmy(d: dt.date) -> str:
    return d.strftime("%d.%m.%Y")


def run_cli(*args: str, ok=(0,)) -> subprocess.CompletedProcess:
    r = subprocess.run([sys.executable, "-m", "ipforms", *args], cwd=REPO, capture_output=True,
                       text=True)
    assert r.returncode in ok, f"ipforms {' '.join(args)}: exit {r.returncode}\n{r.stderr}"
    return r


def verdict(pdf: Path) -> tuple[str, list[str]]:
    r = run_cli("validate", str(pdf), "--format", "json", "--lang", "nb", ok=(0, 1))
    data = json.loads(r.stdout)
    result = data[0] if isinstance(data, list) else data
    codes = sorted(f["code"] for f in result["findings"] if f["severity"] == "error")
    return result["status"], codes


def field_values(pdf: bytes) -> dict[str, str]:
    _, reader = open_pdf(pdf)
    return {f.name: f.value for f in fields(reader)}


def adult_address() -> dict:
    return {"person_address": "Storgata 1", "person_postcode": "2636",
            "person_postplace": "Øyer", "need_description": "Jeg trenger hjelp fra flere\n"
            "tjenester som må samarbeide.", "current_service_1": "Hjemmesykepleie",
            "current_service_2": "Fysioterapi", "consent_obtain": True,
            "sign_place": "Øyer", "sign_date": dmy(TODAY)}


def applicant(name: str, relation: str, birth: dt.date) -> dict:
    return {"applicant_name": name, "applicant_fnr": synthetic(birth, serial=7),
            "applicant_address": "Storgata 1, 2636 Øyer", "applicant_relation": relation,
            "applicant_phone": "912 34 567"}


#: (page, answers, fullmakt answers or None, the verdict the law gives)
CITIZENS = {
    # pbrl § 4-3: an adult applies for themself; no fullmakt
    "adult_self": ("koordinator", {
        "person_name": "Åse Ŋuolja-Čovčča Ødegård", "person_fnr": synthetic(years_ago(40, 20)),
        "applicant_role": "self", "sign_name": "ÅSE ŊUOLJA-ČOVČČA ØDEGÅRD",
        "relative_name": "Ольга Σοφία Ødegård", **adult_address()},
        None, "valid"),
    # pbrl § 4-4: a parent applies for a child under 16 without fullmakt
    "parent_10": ("individuell-plan", {
        "person_name": "Testbarn Ti", "person_fnr": synthetic(years_ago(10, 30), serial=2),
        "applicant_role": "parent", **applicant("Testforelder", "mor", years_ago(40, 5)),
        "sign_name": "TESTFORELDER", **adult_address()}, None, "valid"),
    # pbrl § 4-3: from 16 the young person decides; signing their own block suffices
    "parent_17_signs": ("koordinator", {
        "person_name": "Testungdom Sytten", "person_fnr": synthetic(years_ago(17, 60), serial=3),
        "applicant_role": "parent", **applicant("Testforelder", "far", years_ago(45, 5)),
        "sign_name": "TESTFORELDER", "youth_sign_name": "TESTUNGDOM SYTTEN",
        "youth_sign_date": dmy(TODAY), **adult_address()}, None, "valid"),
    # fvl § 12: anyone else applies with a written fullmakt from the person
    "proxy_fullmakt": ("koordinator", {
        "person_name": "Testperson Femti", "person_fnr": synthetic(years_ago(50, 10), serial=4),
        "applicant_role": "proxy", **applicant("Testhjelper", "nabo", years_ago(35, 5)),
        "sign_name": "TESTHJELPER", **adult_address()}, {
        "giver_name": "Testperson Femti", "giver_fnr": synthetic(years_ago(50, 10), serial=4),
        "giver_address": "Storgata 1, 2636 Øyer", "receiver_name": "Testhjelper",
        "receiver_fnr": synthetic(years_ago(35, 5), serial=7),
        "receiver_address": "Storgata 1, 2636 Øyer", "receiver_phone": "912 34 567",
        "scope_koordinator": True,
        "valid_from": dmy(TODAY), "id_copy_attached": True, "sign_place": "Øyer",
        "sign_date": dmy(TODAY), "sign_name": "TESTPERSON FEMTI"}, "valid"),
    # pbrl § 2-5 c: families expecting a child have the right to a barnekoordinator
    "expecting": ("barnekoordinator", {
        "person_name": "Testforeldre (barn som er ventet)", "expected_child": True,
        "due_date": dmy(TODAY + dt.timedelta(days=90)), "applicant_role": "parent",
        **applicant("Testforelder", "mor", years_ago(30, 5)), "sign_name": "TESTFORELDER",
        **adult_address()}, None, "valid"),
}


def _selector(form_id: str, key: str, value) -> str:
    return f"#f-{form_id}-{key}" + (f"-{value}" if key == "applicant_role" else "")


def _answer(page, form_id: str, key: str, value) -> None:
    sel = _selector(form_id, key, value)
    if key == "applicant_role" or value is True:
        page.check(sel)
    elif value is False:
        page.uncheck(sel)
    elif page.locator(sel).evaluate("e => e.tagName") == "SELECT":
        page.select_option(sel, str(value))
    else:
        page.fill(sel, str(value))


def _answer_shown(page, form_id: str, pending: dict) -> bool:
    """Answer the pending questions the page shows now (an answer may show the next)."""
    done = False
    for key, value in list(pending.items()):
        if page.is_visible(_selector(form_id, key, value)):
            _answer(page, form_id, key, value)
            del pending[key]
            done = True
    return done


def fill_page(page, form_id: str, answers: dict, fullmakt: dict | None = None,
              on_fullmakt=None, strict: bool = True, on_step=None,
              until: str | None = None) -> str | None:
    """Answer as a citizen does, step by step: the questions each step shows (an answer may
    show the next), then «Fortsett», until «Se over svarene».  With ``fullmakt``, the
    fullmakt is filled on the page where it is offered (``on_fullmakt(page)`` is called right
    after ticking it; ``on_step(page)`` on each step before «Fortsett»).  Returns None on the
    check page, or the error summary's text where a step stops the citizen (the answers left
    are then still to give); with ``until``, None as soon as that selector is visible."""
    pending, fm = dict(answers), dict(fullmakt or {})
    for _ in range(20):
        if page.is_visible("#ipf-check"):
            break
        while True:
            progress = _answer_shown(page, form_id, pending)
            if fullmakt is not None and page.is_visible("#ipf-fm-toggle") \
                    and not page.is_checked("#ipf-fm-toggle"):
                page.check("#ipf-fm-toggle")
                if on_fullmakt:
                    on_fullmakt(page)
                progress = True
            if fm and page.is_visible("#ipf-fm-fields"):
                progress = _answer_shown(page, "fullmakt", fm) or progress
            if not progress:
                break
        if until and page.is_visible(until):
            return None
        if on_step:
            on_step(page)
        page.click("#ipf-next")
        if page.is_visible("#ipf-summary"):
            return page.inner_text("#ipf-summary")
    assert not strict or (not pending and not fm), f"never asked: {sorted(pending)} {sorted(fm)}"
    return None


def make_pdf(page) -> str | None:
    """«Lag PDF-en» on the check page: None when the done part shows, else the summary."""
    page.click("#ipf-make")
    page.wait_for_selector("#ipf-done:not([hidden]), #ipf-summary:not([hidden])")
    return None if page.is_visible("#ipf-done") else page.inner_text("#ipf-summary")


def download_pdf(page, path: Path):
    """Press the done part's download link and save the PDF the page made at ``path``;
    returns Playwright's download (its suggested file name)."""
    with page.expect_download() as dl:
        page.click("#ipf-download")
    dl.value.save_as(path)
    return dl.value


def open_form(page, url: str) -> None:
    page.goto(url)
    # generous: the machine running the tests may be loaded (the page itself is ready in
    # well under a second, see bench/webform.py)
    page.wait_for_selector("#ipf-app[data-pdf=ready]", state="attached", timeout=45_000)


def axe(page) -> list[str]:
    page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
                           " resultTypes: ['violations']})", AXE_TAGS)
    return [f"{v['id']}: {v['help']}: {[n['target'] for n in v['nodes'][:3]]}"
            for v in result["violations"]]


@pytest.mark.parametrize("who,lang", [(w, "nb") for w in CITIZENS]
                         + [("proxy_fullmakt", "nn"), ("expecting", "nn")])
def test_citizen_fills_the_web_form(who, lang, site_urls, page, tmp_path):
    service, answers, fm, expected = CITIZENS[who]
    open_form(page, site_urls[SLUG] + f"skjema/soknad-{service}-{lang}.html")
    offered = []

    def prefilled(page):
        # filled from the answers: the person gives it, the applicant receives it
        offered.append((page.input_value("#f-fullmakt-giver_fnr"),
                        page.input_value("#f-fullmakt-receiver_name"),
                        page.is_checked(f"#f-fullmakt-scope_{service}")))

    stuck = fill_page(page, "soknad", answers, fm, on_fullmakt=prefilled)
    assert stuck is None, stuck
    if fm is not None:
        assert offered == [(answers["person_fnr"], answers["applicant_name"], True)]
    assert make_pdf(page) is None
    web = tmp_path / "web.pdf"
    dl = download_pdf(page, web)
    assert dl.suggested_filename == f"soknad-{service}-{SLUG}.pdf"
    next_steps = page.inner_text("#ipf-done")
    assert "Kongsvegen 325" in next_steps  # the municipality's postal address
    if who == "parent_17_signs":
        assert "16 eller 17" in next_steps
    if fm is not None:
        assert "fullmakt" in next_steps.lower()

    status, errors = verdict(web)
    assert (status, errors) == (expected, []), f"{who}: {errors}"

    # the same answers through ipforms fill (and attach)
    data = dict(answers, **({"attachment_fullmakt": True} if fm else {}))
    (tmp_path / "a.json").write_text(json.dumps(data, ensure_ascii=False))
    cli = tmp_path / "cli.pdf"
    run_cli("fill", "soknad", "--kommune", SLUG, "--lang", lang, "--data",
            str(tmp_path / "a.json"), "--set", f"{SERVICE_FIELDS[service]}=ja",
            "-o", str(cli))
    if fm is not None:
        (tmp_path / "f.json").write_text(json.dumps(fm, ensure_ascii=False))
        run_cli("fill", "fullmakt", "--lang", lang, "--data", str(tmp_path / "f.json"), "-o",
                str(tmp_path / "fm.pdf"))
        run_cli("attach", str(cli), str(tmp_path / "fm.pdf"), "-o", str(tmp_path / "cli2.pdf"))
        cli = tmp_path / "cli2.pdf"
    assert verdict(cli) == (status, errors)
    assert field_values(web.read_bytes()) == field_values(cli.read_bytes())
    if fm is not None:
        assert attachment_names(web.read_bytes()) == attachment_names(cli.read_bytes())
        assert field_values(read_attachment(web.read_bytes())) == \
            field_values(read_attachment(cli.read_bytes()))


def test_signing_guidance_comes_from_the_signing_table(site_urls, page):
    """A parent applying for a 17-year-old is told what the table says for that row."""
    open_form(page, site_urls[SLUG] + "skjema/soknad-koordinator-nn.html")
    assert page.is_hidden("#ipf-guidance")
    answers = CITIZENS["parent_17_signs"][1]
    page.fill("#f-soknad-person_fnr", answers["person_fnr"])
    page.keyboard.press("Tab")
    assert page.is_hidden("#f-soknad-expected_child")  # a child born has no due date
    for key in ("person_name", "person_address", "person_postcode", "person_postplace"):
        page.fill(f"#f-soknad-{key}", answers[key])
    page.click("#ipf-next")
    page.check("#f-soknad-applicant_role-parent")
    row = signing.rule_for("parent", "16_or_17", "koordinator")
    phrase = signing.table().phrases[row.says]
    shown = page.inner_text("#ipf-guidance")
    assert phrase["title"]["nn"] in shown
    assert signing.fill(phrase["page"]["nn"], "nn")[:60] in shown
    # said once in the status region, not again when another answer changes
    live = page.inner_text("#ipf-live")
    assert phrase["title"]["nn"] in live
    page.evaluate("document.getElementById('ipf-live').textContent = ''")
    page.fill("#f-soknad-applicant_name", "Testforelder")
    page.fill("#f-soknad-applicant_relation", "far")
    page.keyboard.press("Tab")
    assert page.inner_text("#ipf-live") == ""
    for key in ("applicant_name", "applicant_fnr", "applicant_address", "applicant_relation",
                "applicant_phone"):
        page.fill(f"#f-soknad-{key}", answers[key])
    page.click("#ipf-next")
    page.click("#ipf-next")
    assert page.is_visible("#ipf-fm-toggle")  # the row allows a fullmakt from the person


def test_fullmakt_page_makes_the_same_fullmakt_as_ipforms_fill(site_urls, page, tmp_path):
    fm = CITIZENS["proxy_fullmakt"][2]
    open_form(page, site_urls[SLUG] + "skjema/fullmakt-nb.html")
    assert fill_page(page, "fullmakt", fm) is None
    assert make_pdf(page) is None
    web = tmp_path / "web.pdf"
    download_pdf(page, web)
    (tmp_path / "f.json").write_text(json.dumps(fm, ensure_ascii=False))
    run_cli("fill", "fullmakt", "--lang", "nb", "--data", str(tmp_path / "f.json"), "-o",
            str(tmp_path / "cli.pdf"))
    assert field_values(web.read_bytes()) == field_values((tmp_path / "cli.pdf").read_bytes())


def _ink(png: Path, box: tuple[float, float, float, float]) -> int:
    img = Image.open(png).convert("L")
    x1, y1, x2, y2 = (int(v) for v in box)
    crop = img.crop((x1 + 2, y1 + 2, x2 - 2, y2 - 2))
    return sum(crop.histogram()[:128])


def test_web_pdf_text_is_drawn_in_poppler_and_mupdf(site_urls, page, tmp_path):
    """The appearance streams show the text (æøå and Sámi letters, drawn with the embedded
    Liberation Sans subset) in both renderers."""
    service, answers, _, _ = CITIZENS["adult_self"]
    open_form(page, site_urls[SLUG] + f"skjema/soknad-{service}-nb.html")
    assert fill_page(page, "soknad", answers) is None
    assert make_pdf(page) is None
    web = tmp_path / "web.pdf"
    download_pdf(page, web)
    _, reader = open_pdf(web.read_bytes())
    page_h = float(reader.pages[0].mediabox.height)
    rects = {}
    for f in fields(reader):
        if f.name in ("person_name", "person_phone"):
            x1, y1, x2, y2 = (float(v) for v in f.widgets[0]["/Rect"])
            rects[f.name] = (min(x1, x2), page_h - max(y1, y2), max(x1, x2), page_h - min(y1, y2))
    subprocess.run(["pdftoppm", "-r", "72", "-f", "1", "-l", "1", "-png", str(web),
                    str(tmp_path / "pop")], check=True)
    subprocess.run(["mutool", "draw", "-q", "-r", "72", "-o", str(tmp_path / "mu.png"), str(web),
                    "1"], check=True, capture_output=True)
    pop = next(tmp_path.glob("pop*.png"))
    for png in (pop, tmp_path / "mu.png"):
        assert _ink(png, rects["person_name"]) > 20, f"{png.name}: no text in person_name"
        assert _ink(png, rects["person_phone"]) == 0, f"{png.name}: ink in an empty field"


def test_proxy_without_fullmakt_is_stopped_with_the_law_s_message(site_urls, page):
    """fvl § 12: a proxy needs a written fullmakt; the page says so before any PDF is made."""
    service, answers, _, _ = CITIZENS["proxy_fullmakt"]
    open_form(page, site_urls[SLUG] + f"skjema/soknad-{service}-nb.html")
    summary = fill_page(page, "soknad", answers)
    assert messages.render("citizen.fullmakt.missing", "nb", {"services": ["koordinator"]}) \
        in summary
    assert page.is_visible("#ipf-fm-toggle")  # where the fullmakt is offered
    assert page.is_hidden("#ipf-done")


# --- the notes and the fullmakt checks of ipforms validate, on the page ---------------------

def h_number(birth: dt.date) -> str:
    """A made-up hjelpenummer (H-nummer: the month + 40) with valid check digits."""
    from stdnum.no import fodselsnummer

    for ind in range(0, 500) if birth.year < 2000 else range(500, 1000):
        head = f"{birth.day:02d}{birth.month + 40:02d}{birth.year % 100:02d}{ind:03d}"
        k1 = fodselsnummer.calc_check_digit1(head)
        k2 = fodselsnummer.calc_check_digit2(head + k1) if len(k1) == 1 else ""
        if len(k2) == 1:
            return head + k1 + k2
    raise AssertionError(birth)


def findings(pdf: Path) -> list[tuple[str, str, str | None]]:
    r = run_cli("validate", str(pdf), "--format", "json", "--lang", "nb", ok=(0, 1))
    data = json.loads(r.stdout)
    result = data[0] if isinstance(data, list) else data
    return [(f["code"], f["severity"], f.get("field")) for f in result["findings"]]


def test_notes_show_at_their_fields_and_never_block(site_urls, page, tmp_path):
    """An H-number and consent not ticked: valid, with a note and a warning for the case
    worker.  The page still makes the PDF and lists them, in words for the citizen, and
    shows each at its field when the citizen goes back to the answers; validate finds the same
    two on the PDF; axe finds nothing."""
    service, answers, _, _ = CITIZENS["adult_self"]
    answers = dict(answers, person_fnr=h_number(years_ago(40, 20)))
    del answers["consent_obtain"]
    open_form(page, site_urls[SLUG] + f"skjema/soknad-{service}-nb.html")
    assert fill_page(page, "soknad", answers) is None  # notes never block a step
    assert make_pdf(page) is None  # nor the PDF
    h_text = messages.render("citizen.field.h_number", "nb", field="soknad:person_fnr")
    consent = messages.render("citizen.consent.obtain_not_ticked", "nb")
    done = page.inner_text("#ipf-done")
    assert h_text in done and consent in done
    problems = [f"done: {v}" for v in axe(page)]
    web = tmp_path / "web.pdf"
    download_pdf(page, web)
    # back to the answers («Endre svarene»: the check page), then to each question: its note
    page.click("#ipf-again")
    assert page.evaluate("document.activeElement.id") == "ipf-check-h"
    page.click("#ipf-check a[href='#f-soknad-consent_obtain']")
    assert consent in page.inner_text("#f-soknad-consent_obtain-note")
    assert consent in page.inner_text("#ipf-notes")
    page.click("#ipf-next")  # back to the check page
    page.click("#ipf-check a[href='#f-soknad-person_fnr']")
    assert page.evaluate("document.activeElement.id") == "f-soknad-person_fnr"
    # on the step, the question is named by its label alone (the step is the section)
    h_step = h_text.replace(" (Personen søknaden gjelder)", "")
    assert h_step in page.inner_text("#f-soknad-person_fnr-note")
    assert h_step in page.inner_text("#ipf-notes")
    described = page.get_attribute("#f-soknad-person_fnr", "aria-describedby")
    assert "f-soknad-person_fnr-note" in described.split()
    assert page.get_attribute("#f-soknad-person_fnr", "aria-invalid") is None  # not an error
    problems += [f"notes: {v}" for v in axe(page)]
    assert not problems, "\n".join(problems)
    found = findings(web)
    assert ("field.h_number", "note", "soknad:person_fnr") in found
    assert ("consent.obtain_not_ticked", "warning", "soknad:consent_obtain") in found
    assert verdict(web) == ("valid", [])


def test_a_birthday_between_signing_and_today_changes_who_signs(site_urls, page):
    """pbrl § 4-3: the age on the day the application is received decides (for one not sent
    yet: today, as ipforms validate counts it).  A parent signs a koordinator application
    dated before the child turned 16: from 16 the young person must sign too or give a
    fullmakt, and the date is worth a second look."""
    birth = years_ago(16, 5)
    signed = TODAY - dt.timedelta(days=10)
    answers = dict(CITIZENS["parent_10"][1], person_fnr=synthetic(birth, serial=2),
                   sign_date=dmy(signed))
    open_form(page, site_urls[SLUG] + "skjema/soknad-koordinator-nn.html")
    summary = fill_page(page, "soknad", answers)  # stopped at the signing step
    assert messages.render("citizen.fullmakt.youth_missing", "nn",
                           {"age": 16, "services": ["koordinator"]}) in summary
    note = messages.render("citizen.age.threshold_crossed", "nn",
                           {"threshold": 16, "birthday": rules.birthday(birth, 16),
                            "value": signed}, field="soknad:sign_date")
    assert note in page.inner_text("#f-soknad-sign_date-note")
    assert note in page.inner_text("#ipf-notes")
    assert page.is_hidden("#ipf-done")
    problems = axe(page)
    assert not problems, "\n".join(problems)


def test_the_fullmakt_is_checked_against_the_application(site_urls, page):
    """fvl § 12: the fullmakt must come from the person the application is about and go to
    one who has turned 18; the page says so at the fullmakt's fields before any PDF is made.
    An organisation as receiver (with a valid organisasjonsnummer) is a note."""
    service, answers, fm, _ = CITIZENS["proxy_fullmakt"]
    other_adult = synthetic(years_ago(60, 3), serial=9)
    minor = synthetic(years_ago(17, 40), serial=6)
    answers = dict(answers, applicant_fnr=minor)
    open_form(page, site_urls[SLUG] + f"skjema/soknad-{service}-nb.html")
    summary = fill_page(page, "soknad", answers, dict(fm, giver_fnr=other_adult, receiver_fnr=minor))
    name = {"name": "fullmakt.pdf"}
    assert messages.render("fullmakt.giver_not_person", "nb", {**name, "fnr": other_adult},
                           field="fullmakt:giver_fnr") in summary
    assert messages.render("fullmakt.receiver_minor", "nb", {**name, "age": 17},
                           field="fullmakt:receiver_fnr") in summary
    assert page.is_visible("#f-fullmakt-giver_fnr-err")
    assert page.get_attribute("#f-fullmakt-receiver_fnr", "aria-invalid") == "true"
    problems = [f"errors: {v}" for v in axe(page)]
    # to an organisation the person is a member of: allowed, and said at the field
    page.fill("#f-fullmakt-giver_fnr", answers["person_fnr"])
    page.fill("#f-fullmakt-receiver_fnr", "")
    page.fill("#f-fullmakt-receiver_name", "Testforeningen")
    page.fill("#f-fullmakt-receiver_orgnr", "912 345 688")
    page.fill("#f-fullmakt-receiver_fnr", "")  # the organisation's
    page.click("#ipf-nav-back")
    page.click("#ipf-nav-back")  # the applicant's own number is on the step «Hvem søker»
    page.fill("#f-soknad-applicant_fnr", CITIZENS["proxy_fullmakt"][1]["applicant_fnr"])
    good = dict(answers, applicant_fnr=CITIZENS["proxy_fullmakt"][1]["applicant_fnr"])
    assert fill_page(page, "soknad", good, strict=False) is None
    assert make_pdf(page) is None
    org = messages.render("citizen.fullmakt.receiver_organisation", "nb",
                          {"organisation": "Testforeningen", "value": "912 345 688"})
    assert org in page.inner_text("#ipf-done")
    problems += [f"done: {v}" for v in axe(page)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_a_click_right_after_fixing_the_last_error_makes_the_pdf(lang, site_urls, page, tmp_path):
    """After a failed submit the citizen types the fix and, without leaving the field,
    clicks "Lag PDF-en" where they see it.  The press blurs the field, which re-checks the
    answers; the messages that then go away must not move the button from under the pointer
    before the click (the click would land on nothing and no PDF would come)."""
    service, answers, _, _ = CITIZENS["adult_self"]
    open_form(page, site_urls[SLUG] + f"skjema/soknad-{service}-{lang}.html")
    # the last field before the button: its message sits between the field and the button
    answers = dict(answers)
    name = answers.pop("sign_name")
    stuck = fill_page(page, "soknad", answers)  # the signing step, its name left empty
    assert stuck and page.is_visible("#f-soknad-sign_name-err")
    page.click("#f-soknad-sign_name")
    page.keyboard.type(name)
    button = page.locator("#ipf-next")
    button.scroll_into_view_if_needed()
    box = button.bounding_box()
    assert box is not None
    # anywhere on the button is a click on it; its lower part is where the message
    # going away above it would move the button from (a message's height)
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] - 6)
    page.wait_for_selector("#ipf-check:not([hidden])", timeout=10_000)
    assert make_pdf(page) is None
    with page.expect_download() as dl:
        page.click("#ipf-download")
    web = tmp_path / "web.pdf"
    dl.value.save_as(web)
    assert field_values(web.read_bytes())["sign_name"] == name
    assert verdict(web) == ("valid", [])
    problems = axe(page)
    assert not problems, "\n".join(problems)


def test_error_summary_links_to_fields_and_states_pass_axe(site_urls, page):
    page.set_viewport_size({"width": 320, "height": 640})
    open_form(page, site_urls[SLUG] + "skjema/soknad-koordinator-nn.html")
    problems = [f"empty: {v}" for v in axe(page)]
    title = page.title()
    page.click("#ipf-next")
    assert page.evaluate("document.activeElement.id") == "ipf-summary"
    # GOV.UK: announced as an alert, not named by aria-labelledby; the title says Feil
    assert page.get_attribute("#ipf-summary", "role") == "alert"
    assert page.get_attribute("#ipf-summary", "aria-labelledby") is None
    assert page.title() == "Feil: " + title
    first = page.locator("#ipf-summary a").first
    href = first.get_attribute("href")
    # the citizen's voice (messages.yml citizen.field.required): what to do, the label alone
    assert first.inner_text() == "Fyll ut «Fullt namn»."
    err = page.locator(f"{href}-err")
    assert err.is_visible() and href[1:] + "-err" in page.get_attribute(href, "aria-describedby")
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    first.click()
    assert page.evaluate("document.activeElement.id") == href[1:]
    # the label and the message above the input are in view, not only the input
    for sel in (f"label[for='{href[1:]}']", f"{href}-err"):
        box = page.locator(sel).bounding_box()
        assert box is not None and 0 <= box["y"] and box["y"] + box["height"] <= 640, sel
    problems += [f"errors: {v}" for v in axe(page)]
    service, answers, _, _ = CITIZENS["adult_self"]
    assert fill_page(page, "soknad", answers) is None
    assert page.title() == "Sjå over svara – " + title.split(" – ", 1)[1]
    problems += [f"check: {v}" for v in axe(page)]
    assert make_pdf(page) is None
    problems += [f"done: {v}" for v in axe(page)]
    assert not problems, "\n".join(problems)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_keyboard_only(site_urls, page):
    """Tab reaches the first field to fill and the submit button; Enter submits."""
    open_form(page, site_urls[SLUG] + "skjema/soknad-nb.html")
    seen = []
    for _ in range(80):
        page.keyboard.press("Tab")
        seen.append(page.evaluate("document.activeElement.id || document.activeElement.tagName"))
        if seen[-1] == "ipf-next":
            break
    assert "f-soknad-person_name" in seen and seen[-1] == "ipf-next"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "ipf-summary"


def test_nothing_leaves_the_device_and_it_works_offline(site_urls, browser):
    ctx = browser.new_context(accept_downloads=True)
    page = ctx.new_page()
    open_form(page, site_urls[SLUG] + "skjema/soknad-koordinator-nb.html")
    page.wait_for_load_state("networkidle")
    after: list[str] = []
    page.on("request", lambda r: after.append(r.url))
    ctx.set_offline(True)
    service, answers, fm, _ = CITIZENS["proxy_fullmakt"]
    assert fill_page(page, "soknad", answers, fm) is None
    assert make_pdf(page) is None
    with page.expect_download() as dl:
        page.click("#ipf-download")
    assert dl.value.path().stat().st_size > 100_000
    ctx.close()
    assert [u for u in after if not u.startswith(("blob:", "data:"))] == []


def test_without_javascript_the_pdf_and_postal_address_are_offered(site_urls, browser):
    ctx = browser.new_context(java_script_enabled=False)
    page = ctx.new_page()
    page.goto(site_urls[SLUG] + "skjema/soknad-barnekoordinator-nn.html")
    text = page.inner_text("main")
    assert "Kongsvegen 325" in text and page.locator("#ipf-form").count() == 0
    # and it says why there is no form: JavaScript is off
    assert "JavaScript" in page.inner_text(".ipf-noscript")
    pdf = page.locator("a[type='application/pdf']").get_attribute("href")
    assert pdf == "soknad-barnekoordinator-nn.pdf"
    assert page.request.get(site_urls[SLUG] + "skjema/" + pdf).ok
    ctx.close()


@pytest.mark.parametrize("lang,word", [("nb", "Fyll ut på nett"), ("nn", "Fyll ut på nettet")])
def test_service_pages_link_the_online_form_beside_the_pdf(lang, word, site_urls, page):
    """Every demo municipality, every service it offers: each PDF link on the page has the
    online form's link right after it, and the online form is there."""
    for data_file in sorted((REPO / "data" / "municipalities").glob("*.yml")):
        m = load_municipality(data_file)
        # the municipality's own written standard is at the site root, the other in its folder
        prefix = "" if lang == m.written_standard else f"{lang}/"
        for service in m.services:
            page.goto(site_urls[m.slug] + f"{prefix}{service}/")
            pdfs = page.locator("a.ipforms-form-link")
            links = page.locator("a.ipforms-form-link + a.ipforms-webform-link")
            assert links.count() >= 1, f"{m.slug} {lang}/{service}: no online form link"
            assert links.count() == pdfs.count(), f"{m.slug} {lang}/{service}"
            for i in range(links.count()):
                assert links.nth(i).inner_text() == word
                href = links.nth(i).evaluate("a => a.href")
                assert page.request.get(href).ok, href


@pytest.mark.parametrize("how", ["blocked", "of another build"])
def test_without_the_language_s_data_file_the_page_says_so(how, site_urls, browser):
    """The page's data is in two parts (ipforms.site.webdata): without the language's data
    file (a blocked script) or with an old one (cached from another build) the page shows
    what it shows without JavaScript, never an empty or half form."""
    ctx = browser.new_context()
    page = ctx.new_page()
    if how == "blocked":
        page.route("**/webform-data-*.js", lambda route: route.abort())
    else:
        def stale(route):
            body = route.fetch().text()
            route.fulfill(body=body.replace('"shared":"', '"shared":"0'),
                          content_type="text/javascript")
        page.route("**/webform-data-*.js", stale)
    page.goto(site_urls[SLUG] + "skjema/soknad-barnekoordinator-nn.html")
    page.wait_for_selector("#ipf-app[data-state=failed]", state="attached", timeout=30_000)
    assert page.locator("#ipf-form").count() == 0
    assert "Kongsvegen 325" in page.inner_text("#ipf-app .ipf-noscript")
    ctx.close()


def test_the_page_joins_its_data_from_file_urls_too(demo_site, browser):
    """No fetch() for the data: opened from the disk the form is built."""
    ctx = browser.new_context()
    page = ctx.new_page()
    page.goto((demo_site / SLUG / "skjema" / "fullmakt-nb.html").as_uri())
    page.wait_for_selector("#ipf-app[data-state=ready]", state="attached", timeout=30_000)
    assert page.locator("#ipf-form").count() == 1
    ctx.close()
