"""A prefilled form's fill plan carried over from a form of the same shape
(:mod:`ipforms.site.planmemo`) is exactly the plan read from the whole PDF; an object
that differs in more than its value is seen, and the plan then read the ordinary way."""

from __future__ import annotations

import json
import re

import pytest
import yaml

from ipforms.core.municipality import load_municipality
from ipforms.forms.fill import with_privacy_link
from ipforms.site import fillplan, webform
from ipforms.site.escape import script_safe
from ipforms.site.siteforms import site_form_bases, site_forms

from sitetree import TESTBY

#: names of several lengths, with Sámi letters (the embedded Unicode font), with the
#: characters a PDF string escapes, and with words of PDF syntax
NAMES = ["Telleby", "Guovdageainnu suohkan Čáhcesuolu", "A (b) \\c ) ( \\( %% /V endobj",
         "Kárášjohka ŧ ŋ", "X" * 45, "Bø", "Telleby"]


def _municipality(tmp_path, i: int, name: str, privacy: bool = True):
    raw = yaml.safe_load(TESTBY)
    raw["name"] = {"nb": f"{name} kommune", "nn": f"{name} kommune"}
    raw["kommunenummer"] = f"{3000 + i:04d}"
    raw["base_url"] = f"https://www.k{i}.kommune.no/{'p' * 7 * i}/"
    if privacy:
        raw["privacy"] = {"dpo_email": f"personvern@k{i}.kommune.no",
                          "retention": {"nb": "Arkivert.", "nn": "Arkivert."}}
    path = tmp_path / f"k{i}.yml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return load_municipality(path)


def _whole(pdf: bytes) -> dict:
    fillplan._PLANS.clear()
    return fillplan.fill_plan(pdf)


def test_carried_plans_are_the_plans_read_whole(tmp_path, form_cache):
    carried = 0
    for i, name in enumerate(NAMES):
        m = _municipality(tmp_path, i, name, privacy=i != 5)
        for lang in ("nb", "nn"):
            pdfs = site_forms(m, lang, form_cache)
            blanks = site_form_bases(lang, form_cache)
            for path, pdf in pdfs.items():
                base = with_privacy_link(blanks[path], m, lang)
                made = fillplan.PLANS_MADE[0]
                plan = fillplan.fill_plan(pdf, base, blanks[path])
                carried += fillplan.PLANS_MADE[0] == made
                assert plan == _whole(pdf), (name, path)
    # the last municipality's forms (the first one's shapes) were all carried over
    assert carried >= 5 * 2 * 3, carried


@pytest.fixture
def second(tmp_path, form_cache):
    """A form whose shape was planned before: (its PDF, its base, its blank)."""
    path = "skjema/soknad-koordinator-nb.pdf"
    blank = site_form_bases("nb", form_cache)[path]
    for i in range(2):
        m = _municipality(tmp_path, i, NAMES[i * 2])
        pdf = site_forms(m, "nb", form_cache)[path]
        base = with_privacy_link(blank, m, "nb")
        fillplan.fill_plan(pdf, base, blank)
    return pdf, base, blank


def test_a_field_changed_beyond_its_value_is_read_again(second):
    pdf, base, blank = second
    da = b"/DA (\\057Helv 10 Tf 0 g)\n/V ("
    assert da in pdf[len(base):]
    changed = base + pdf[len(base):].replace(da, da.replace(b"10 Tf", b"11 Tf"), 1)
    made = fillplan.PLANS_MADE[0]
    plan = fillplan.fill_plan(changed, base, blank)
    assert fillplan.PLANS_MADE[0] == made + 1  # not carried over
    assert plan == _whole(changed) != _whole(pdf)


def test_a_field_with_another_value_is_carried_over(second):
    pdf, base, blank = second
    update = pdf[len(base):]
    value = re.search(rb"/V \((?:[^()\\]|\\[\s\S])*\)\n", update)
    assert value is not None
    n = value.end() - value.start() - len(b"/V ()\n")  # the same length: the same offsets
    assert n > 6

    def with_value(token: bytes) -> bytes:
        assert len(token) == n + 2
        return base + update[:value.start()] + b"/V " + token + b"\n" + update[value.end():]

    changed = with_value(b"(\\051\\050" + b"x" * (n - 8) + b")")
    made = fillplan.PLANS_MADE[0]
    plan = fillplan.fill_plan(changed, base, blank)
    assert fillplan.PLANS_MADE[0] == made
    assert plan == _whole(changed)
    # a value that is no single string: read again (the same plan as read whole)
    broken = with_value(b"(a) (" + b"b" * (n - 4) + b")")
    assert fillplan.fill_plan(broken, base, blank) == _whole(broken)
    assert fillplan.PLANS_MADE[0] == made + 1


def test_page_blob_is_script_safe_json(tmp_path, form_cache):
    """The page's JSON, joined from memoised parts made safe one by one, is exactly
    script_safe(json.dumps(data)), with hostile values in the page's own part."""
    m = _municipality(tmp_path, 1, NAMES[1])
    pdfs = site_forms(m, "nb", form_cache)
    blanks = site_form_bases("nb", form_cache)
    plans = {"soknad": fillplan.fill_plan(pdfs["skjema/soknad-nb.pdf"],
                                          with_privacy_link(blanks["skjema/soknad-nb.pdf"], m, "nb"),
                                          blanks["skjema/soknad-nb.pdf"])}
    for _ in range(2):  # the second time from the memo
        data = webform.page_data(m, "nb", "soknad", plans, {"soknad": "a</script>.pdf"})
        data["prefill"]["hostile"] = "</script><!-- & \u2028\u2029 {{ x }} ŋ \" ' \\ " + "z" * 5000
        data["prefill"][1] = True  # a key json.dumps writes as a string
        data["extra"] = [1.5, None, False, {"k": ["<", 2]}]
        want = script_safe(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
        assert webform.page_blob(data) == want.encode("utf-8")
