"""The signing table (resources/signing.yml): complete, every message and act known, and
the one source of the "who signs" text of the pages and of the application form."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))  # --import-mode=importlib
from pagetext import words  # noqa: E402
from ipforms.core.spelling import Checker  # noqa: E402

from ipforms.validation.messages import catalogue  # noqa: E402
from ipforms.core import signing  # noqa: E402
from ipforms.core.errors import IpformsError  # noqa: E402
from ipforms.core.municipality import load_municipality  # noqa: E402
from ipforms.forms.formdef import load_form  # noqa: E402
from ipforms.site.pages import context  # noqa: E402
from ipforms.site.render import Renderer  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
SRC = ROOT / "src" / "ipforms"


def raw_table() -> dict:
    return yaml.safe_load((SRC / "resources" / "signing.yml").read_text("utf-8"))


def test_every_case_has_exactly_one_row():
    t = signing.table()
    for who in signing.WHO:
        for age in signing.AGES:
            for service in signing.SERVICES:
                assert signing.rule_for(who, age, service) in t.rules


def test_a_gap_or_an_overlap_is_a_clear_error():
    raw = raw_table()
    raw["rules"] = raw["rules"][1:]  # the person applying for an expected child is gone
    with pytest.raises(IpformsError, match="who=self age=expected service=ip is in 0 rules"):
        signing.parse(raw)
    raw = raw_table()
    raw["rules"].append(dict(raw["rules"][0]))
    with pytest.raises(IpformsError, match=r"is in 2 rules \(\[1, 24\]\)"):
        signing.parse(raw)
    raw = raw_table()
    raw["rules"][0]["law"] = ["barnelova 30"]
    with pytest.raises(IpformsError, match="rule 1: 'barnelova 30': unknown law 'barnelova'"):
        signing.parse(raw)


def test_every_rule_message_exists_in_nb_and_nn():
    for r in signing.table().rules:
        assert set(catalogue()[r.message]) == {"nb", "nn"}, r.message


def test_the_table_rests_on_the_law_the_issue_names():
    laws = {ref for r in signing.table().rules for ref in r.law}
    assert {"pbrl 4-3", "pbrl 4-4", "pbrl 2-5 c", "fvl 12"} <= laws
    assert any(ref.startswith("vml") for ref in laws)


def test_export_is_plain_json_with_every_rule():
    data = json.loads(json.dumps(signing.export()))
    assert len(data["rules"]) == len(signing.table().rules)
    assert data["age_own_health"] == 16 and data["age_of_majority"] == 18
    # the browser can decide from it alone: the same row for every case
    for who in signing.WHO:
        for age in signing.AGES:
            for service in signing.SERVICES:
                rows = [r for r in data["rules"]
                        if who in r["who"] and age in r["age"] and service in r["services"]]
                assert len(rows) == 1
                assert rows[0] == signing.rule_for(who, age, service).to_dict()


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_the_form_text_is_the_table_rendered(lang):
    section = next(s for s in load_form("soknad").sections if s.id == "applicant")
    assert section.text is not None
    assert section.text(lang) == signing.form_text(lang), (
        "forms/definitions/soknad.yml, section 'applicant': paste "
        f"ipforms.core.signing.form_text({lang!r})")


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_phrases_are_spelled_in_their_standard(lang):
    text = " ".join(signing.fill(p[part][lang], lang)
                    for p in signing.table().phrases.values() for part in ("title", "page", "form"))
    found = Checker.shipped().check(words(text), lang)
    assert not found, found


def _page(page: str, lang: str) -> str:
    m = load_municipality(ROOT / "data" / "municipalities" / "oyer.yml")
    ctx = context(m, lang, page, page_url=f"{page}/")
    out = Renderer([CONTENT], lang).render(f"{page}.md", ctx)
    head = "Hvem skal skrive under?" if lang == "nb" else "Kven skal skrive under?"
    return out.split(head, 1)[1].split("\n## ", 1)[0]


@pytest.mark.parametrize("lang", ["nb", "nn"])
@pytest.mark.parametrize("page", ["index", "individuell-plan", "koordinator", "barnekoordinator"])
def test_pages_say_what_the_table_says(page, lang):
    text = _page(page, lang)
    service = "soknad" if page == "index" else page
    for title, _ in signing.page_items(service, lang):
        assert f"**{title}:**" in text
    assert text.count("\n- **") + text.startswith("- **") <= len(signing.phrase_ids(service)) + 1


def test_barnekoordinator_pages_say_the_parents_apply():
    # issue 11 item 6: no "Du søker selv" where the parents apply, until 18, without fullmakt
    # issue 25: a 16- or 17-year-old may ask too (hol § 7-2 a, pbrl § 4-3); nobody has
    # foreldreansvar before birth ("Foreldrene", not "Foreldre med foreldreansvar", there)
    for lang, self_, until, no_fm, child in (
            ("nb", "Du søker selv", "til barnet fyller 18 år", "De trenger ikke fullmakt",
             "Har barnet fylt 16 år, kan ungdommen også søke selv"),
            ("nn", "Du søkjer sjølv", "til barnet fyller 18 år", "Dei treng ikkje fullmakt",
             "Har barnet fylt 16 år, kan ungdommen også søkje sjølv")):
        text = _page("barnekoordinator", lang)
        assert self_ not in text
        assert until in text and no_fm in text and child in text
        assert "foreldreansvar, også før" not in text and "foreldreansvar søkjer og skriv under, også" not in text


def test_wording_problems_of_issue_11_are_gone():
    texts = []
    for lang in ("nb", "nn"):
        texts += [_page(p, lang) for p in ("index", "individuell-plan", "barnekoordinator")]
        for form in ("soknad", "fullmakt"):
            f = load_form(form)
            texts += [s.text(lang) for s in f.sections if s.text]
            texts += [fd.label(lang) for fd in f.fields]
        texts += [e[lang] for e in catalogue().values()]
    for p in CONTENT.rglob("*.md"):
        texts.append(p.read_text("utf-8"))
    everything = "\n".join(texts)
    for wrong in ("over 18 år", "bevis for vergemål", "prov på verjemål", "Fullmakt for verge",
                  "Fullmakt for verje", "fullmakten fra Statsforvalteren",
                  "fullmakta frå Statsforvaltaren", "foreldrene eller verge det",
                  "uten fullmakt for barn under 16 år", "barn under 16 år uten fullmakt"):
        assert not re.search(r"(?<![a-zæøå])" + re.escape(wrong), everything), wrong
    # an organisation may be the fullmektig (fvl § 12), in pages and forms, nb and nn
    assert "en organisasjon du er medlem av" in _page("individuell-plan", "nb")
    assert "ein organisasjon du er medlem av" in _page("individuell-plan", "nn")
    receiver = next(s for s in load_form("fullmakt").sections if s.id == "receiver").text
    assert "må ha fylt 18 år" in receiver("nb") and "organisasjon" in receiver("nn")


def test_who_signs_follows_the_offered_services():
    items = signing.page_items("soknad", "nb", offered=("ip", "koordinator"))
    assert "Foreldrene søker barnekoordinator" not in [t for t, _ in items]
    with pytest.raises(IpformsError, match="unknown service 'plan'"):
        signing.page_items("plan", "nb")
