"""What the pages, forms and reports tell a family, read against the law and the
municipalities' own pages (issue 11): every statutory service for every municipality,
current regulations, the right words for koordinator, a written answer and how to
complain, one story of how to apply, and the smaller things a reader trips over."""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path
from urllib.parse import unquote

import pytest
import yaml
from pypdf import PdfReader

sys.path.insert(0, str(Path(__file__).resolve().parent))  # --import-mode=importlib
from pagetext import extract  # noqa: E402

from ipforms.core.municipality import load_all, parse_municipality  # noqa: E402
from ipforms.forms.fill import municipality_values  # noqa: E402
from ipforms.forms.formdef import load_form  # noqa: E402
from ipforms.forms.pdfdraw import render_html  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data" / "municipalities"
MUNIS = {m.slug: m for m in load_all(DATA)}
SLUGS = sorted(MUNIS)
SERVICES = ("individuell-plan", "koordinator", "barnekoordinator")
LANGS = ("nb", "nn")


def page_path(site: Path, slug: str, lang: str, page: str) -> Path:
    # the municipality's own written standard is at the root, the other in its folder
    folder = lang if lang == MUNIS[slug].sub_lang else ""
    return site / slug / folder / ("" if page == "index" else page) / "index.html"


def article(site: Path, slug: str, lang: str, page: str) -> str:
    """The page's main text as a reader sees it (no menu, no footer)."""
    raw = page_path(site, slug, lang, page).read_text(encoding="utf-8")
    return extract(raw[raw.index("<article"):raw.index("</article>")]).text


def html_article(site: Path, slug: str, lang: str, page: str) -> str:
    raw = page_path(site, slug, lang, page).read_text(encoding="utf-8")
    return raw[raw.index("<article"):raw.index("</article>")]


def flat(text: str) -> str:
    return " ".join(text.split())


# -- 1. all three services, always --------------------------------------------------

@pytest.mark.parametrize("slug", SLUGS)
def test_all_three_service_pages_exist_for_every_municipality(demo_site, slug):
    """hol §§ 7-1, 7-2 and 7-2 a are duties of every municipality: data can add local
    detail, never remove a right (Os has its barnekoordinator page)."""
    for lang in LANGS:
        for page in ("index",) + SERVICES:
            assert page_path(demo_site, slug, lang, page).is_file(), (slug, lang, page)
        front = html_article(demo_site, slug, lang, "index")
        for service in SERVICES:
            assert re.search(rf'href="[./]*{service}/"', front), (slug, lang, service)
        assert "barnekoordinator" in flat(article(demo_site, slug, lang, "index")).lower()
        for service in SERVICES:
            assert (demo_site / slug / "skjema" / f"soknad-{service}-{lang}.pdf").is_file()


def test_a_data_file_cannot_switch_a_service_off(tmp_path):
    from ipforms.core.errors import DataError
    raw = yaml.safe_load((DATA / "os.yml").read_text(encoding="utf-8"))
    raw["services"] = ["individuell-plan", "koordinator"]
    with pytest.raises(DataError, match="duties of every municipality") as exc:
        parse_municipality(raw, slug="os", file="os.yml")
    assert exc.value.path == "services"


# -- 2. regulation names and links; koordinerende enhet --------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_regulations_by_their_current_names_with_lovdata_links(demo_site, lang):
    for slug in SLUGS:
        html = html_article(demo_site, slug, lang, "individuell-plan")
        text = flat(article(demo_site, slug, lang, "individuell-plan"))
        assert "forskrift om habilitering, rehabilitering og koordinator" in text
        assert "individuell plan og koordinator\n" not in text
        assert "habilitering og rehabilitering, individuell plan" not in text
        ip_name = {"nb": "forskrift om individuell plan ved ytelse av velferdstjenester",
                   "nn": "forskrift om individuell plan ved yting av velferdstenester"}[lang]
        assert ip_name in text
        assert 'href="https://lovdata.no/forskrift/2022-06-22-1110"' in html
        assert "lovdata.no/sok" not in html
        # koordinerende enhet rests on hol § 7-3
        koord = html_article(demo_site, slug, lang, "koordinator")
        enhet = koord[koord.index("oordinerende enhet" if lang == "nb" else "oordinerande eining"):]
        assert 'href="https://lovdata.no/lov/2011-06-24-30/%C2%A77-3"' in enhet[:2000]


# -- 3. koordinator: the words of pbrl § 2-5 b ------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_koordinator_criteria_in_the_words_of_pbrl_2_5_b(demo_site, lang):
    html = html_article(demo_site, "oyer", lang, "koordinator")
    mo = re.search(r"komplekse eller langvarige og koordinerte[^<]*\(<a href=\"([^\"]+)\"", html)
    assert mo, "the criteria must be cited with § 2-5 b's own words"
    assert mo.group(1) == "https://lovdata.no/lov/1999-07-02-63/%C2%A72-5b"


# -- 4. no promise of a vedtak; how to complain -----------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_written_answer_not_vedtak_and_how_to_complain(demo_site, lang):
    vedtak = re.compile(r"skriftl[ie]g(?:t)? vedtak|i vedtaket står", re.IGNORECASE)
    for slug in SLUGS:
        for page in ("index",) + SERVICES:
            text = flat(article(demo_site, slug, lang, page))
            assert not vedtak.search(text), (slug, page)
            assert ("skriftlig svar" if lang == "nb" else "skriftleg svar") in text
            klage = text[text.index("Klage"):]
            assert ("vedtak og på andre avgjørelser" if lang == "nb"
                    else "vedtak og på andre avgjerder") in klage
            assert ("fire uker" if lang == "nb" else "fire veker") in klage
            assert MUNIS[slug].complaint_body(lang) in klage
            assert MUNIS[slug].unit.name(lang) in klage  # sent through the municipality
        koord = html_article(demo_site, slug, lang, "koordinator")
        assert "https://lovdata.no/lov/1999-07-02-63/%C2%A72-7" in koord
        assert "https://lovdata.no/lov/1999-07-02-63/%C2%A77-2" in koord


# -- 7. required marks in the PDF -------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("form_id", ["soknad", "fullmakt"])
def test_star_only_on_always_required_fields_conditions_in_words(form_id, lang):
    form = load_form(form_id)
    html = render_html(form, lang)
    for f in form.fields:
        # the label of this field, up to its end tag
        mo = re.search(rf'(?:for="{f.id}(?:-[a-z_]+)?"[^>]*>|<p class="label">)'
                       rf'{re.escape(f.label(lang))}(<span class="req"> \*</span>)?', html)
        assert mo, f.id
        assert bool(mo.group(1)) == f.required, f"{f.id}: '*' iff always required"
        if f.required_when:  # in the field's cell, or the line over a group of fields
            pos = html.index(f'id="{f.id}')
            start, end = html.rfind('<div class="cell', 0, pos), html.find("</div>", pos)
            groups = re.findall(r'<p class="cell w-full help when group">([^<]*):</p>',
                                html[:start])
            assert f.required_when.text(lang) in html[start:end] or \
                (groups and groups[-1] == f.required_when.text(lang)), f.id
    intro = form.intro(lang)
    assert ("må alltid fylles ut" if lang == "nb" else "må alltid fyllast ut") in intro


def test_conditions_say_when():
    form = load_form("soknad")
    assert form.field("applicant_name").required_when.text("nb") == \
        "Fylles ut hvis du søker for en annen"
    assert form.field("applicant_name").required_when.text("nn") == \
        "Fyllast ut dersom du søkjer for ein annan"
    assert form.field("due_date").required_when.text("nn") == "Fyllast ut for venta barn"


# -- 8. how to apply: one story, from the data ------------------------------------------

def test_risor_channels_on_page_and_form(demo_site):
    m = MUNIS["risor"]
    for lang in LANGS:
        text = flat(article(demo_site, "risor", lang, "koordinator"))
        html = html_article(demo_site, "risor", lang, "koordinator")
        how = text[text.index("Slik søker" if lang == "nb" else "Slik søkjer"):]
        assert "Postboks 158" in how                                     # post
        assert "Kragsgata 48, 4950 Risør" in how                         # in person
        assert m.channels.in_person.opening_hours(lang) in how
        assert m.channels.digital.name(lang) in how                      # secure digital
        assert f'href="{m.channels.digital.url}"' in html
        assert 'href="tel:37149600"' in html                             # oral, by phone
        assert ("muntlig" if lang == "nb" else "munnleg") in how
        # the form says the same, from the same data
        lines = municipality_values(m, lang)["municipality_channels"].split("\n")
        assert lines == m.channel_lines(lang) and len(lines) == 4
        for fact in ("Postboks 158", "Kragsgata 48", str(m.channels.digital.url), "37 14 96 00"):
            assert fact in "\n".join(lines) and fact.split("/sikker")[0] in text + html


@pytest.mark.parametrize("slug", SLUGS)
def test_prefilled_forms_carry_the_channels(demo_site, slug):
    for lang in LANGS:
        pdf = PdfReader(io.BytesIO(
            (demo_site / slug / "skjema" / f"soknad-koordinator-{lang}.pdf").read_bytes()))
        value = pdf.get_fields()["municipality_channels"].get("/V")
        assert value == "\n".join(MUNIS[slug].channel_lines(lang))
        assert value.startswith("Send i posten: ")


@pytest.mark.parametrize("slug", SLUGS)
def test_warning_against_ordinary_email_everywhere(demo_site, slug):
    for lang in LANGS:
        for page in ("index",) + SERVICES:
            text = flat(article(demo_site, slug, lang, page))
            assert ("Ikke send helseopplysninger med vanlig e-post" if lang == "nb"
                    else "Ikkje send helseopplysningar med vanleg e-post") in text
    for lang in LANGS:
        assert ("vanlig e-post" if lang == "nb" else "vanleg e-post") in load_form("soknad").intro(lang)


# -- 9. facts from the municipalities' own pages -----------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_facts_from_the_source_pages(demo_site, lang):
    ip = flat(article(demo_site, "oyer", lang, "individuell-plan"))
    ip_html = html_article(demo_site, "oyer", lang, "individuell-plan")
    assert ("sosiale tjenester" if lang == "nb" else "sosiale tenester") in ip
    assert "https://lovdata.no/lov/2009-12-18-131/%C2%A728" in ip_html
    assert "kvalifiseringsprogrammet" in ip
    # health personnel report the need (hpl § 38 a) and take part in the work (hpl § 4)
    assert "https://lovdata.no/lov/1999-07-02-64/%C2%A738a" in ip_html
    assert "https://lovdata.no/lov/1999-07-02-64/%C2%A74" in ip_html
    assert ("skal delta i arbeidet" if lang == "nb" else "skal vere med i arbeidet") in ip
    bk = flat(article(demo_site, "oyer", lang, "barnekoordinator"))
    # issue 25: hol § 7-2 a ("foreldrene eller den som samtykker på vegne av barnet"), and a
    # 16- or 17-year-old asks for themself (pbrl § 4-3)
    assert ("kan ungdommen også be om det selv" if lang == "nb"
            else "kan ungdommen også be om det sjølv") in bk
    assert "komplekse" in flat(article(demo_site, "oyer", lang, "koordinator"))
    # optional links: brochure and film (Risør), login guide of the IP tool (Fjord)
    risor = html_article(demo_site, "risor", lang, "individuell-plan")
    assert f'href="{MUNIS["risor"].links.brochure.url}"' in risor
    assert f'href="{MUNIS["risor"].links.film.url}"' in risor
    fjord = html_article(demo_site, "fjord", lang, "individuell-plan")
    assert f'href="{MUNIS["fjord"].ip_tool.login_guide}"' in fjord
    # none of it when the data has none
    assert "Brosjyre" not in flat(article(demo_site, "os", lang, "individuell-plan"))


# -- 10. the smaller things --------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_pdf_footer_has_the_title_and_fullmakt_help_is_a_sentence(lang):
    for form_id in ("soknad", "fullmakt"):
        form = load_form(form_id)
        html = render_html(form, lang)
        assert f'content: "{form.title(lang)}, versjon {form.version}"' in html
        assert f"Skjema {form_id}" not in html
    help_text = load_form("fullmakt").field("valid_to").help(lang)
    assert help_text == {"nb": "La feltet stå tomt hvis fullmakten skal gjelde til den blir "
                               "trukket tilbake.",
                         "nn": "La feltet stå tomt dersom fullmakta skal gjelde til ho blir "
                               "trekt tilbake."}[lang]


@pytest.mark.parametrize("lang,count,words", [
    ("nb", 0, "ingen tjenester"), ("nb", 1, "én tjeneste"), ("nb", 3, "3 tjenester"),
    ("nn", 0, "ingen tenester"), ("nn", 1, "ei teneste"), ("nn", 3, "3 tenester")])
def test_counts_are_pluralised(lang, count, words):
    from ipforms.validation.messages import render
    text = render("hint.fewer_than_two_services", lang, {"count": count})
    assert f"nemner {words} " in text or f"nevner {words} " in text
    assert "(r)" not in text


@pytest.mark.parametrize("slug", SLUGS)
def test_anchors_keep_norwegian_letters_and_every_anchor_link_works(demo_site, slug):
    for lang in LANGS:
        for page in ("index",) + SERVICES:
            raw = page_path(demo_site, slug, lang, page).read_text(encoding="utf-8")
            ids = set(re.findall(r'\sid="([^"]+)"', raw))
            for href in re.findall(r'href="#([^"]+)"', raw):
                assert unquote(href) in ids, (slug, lang, page, href)
        raw = page_path(demo_site, slug, lang, "koordinator").read_text(encoding="utf-8")
        assert ('id="slik-søker-du"' if lang == "nb" else 'id="slik-søkjer-du"') in raw
        assert 'id="slik-sker-du"' not in raw and 'id="slik-skjer-du"' not in raw


@pytest.mark.parametrize("slug", SLUGS)
def test_local_text_comes_before_how_to_apply_and_the_complaint(demo_site, slug):
    m = MUNIS[slug]
    for page in m.local:
        for lang in LANGS:
            text = article(demo_site, slug, lang, page)
            head = ("Mer fra " if lang == "nb" else "Meir frå ") + m.name(lang)
            assert head in text
            assert text.index(head) < text.index("Klage")
            assert text.index(head) < text.index("Slik søk")


@pytest.mark.parametrize("lang", LANGS)
def test_ip_tool_address_is_an_address(demo_site, lang):
    for slug in SLUGS:
        tool = MUNIS[slug].ip_tool
        if not tool:
            continue
        text = flat(article(demo_site, slug, lang, "individuell-plan"))
        shown = re.search(r"Adresse: (\S+)", text).group(1)
        assert shown != tool.name.split()[0]
        assert shown.rstrip(".") == re.sub(r"^https?://", "", str(tool.url)).rstrip("/")


def test_placeholders_in_local_text_are_rejected_with_file_and_key(tmp_path):
    from ipforms.core.errors import DataError
    from ipforms.core.municipality import load_municipality
    raw = yaml.safe_load((DATA / "oyer.yml").read_text(encoding="utf-8"))
    raw["local"]["koordinator"]["nn"] = "Ring oss på {{ phone_link }}."
    path = tmp_path / "oyer.yml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DataError) as exc:
        load_municipality(path)
    assert re.match(re.escape(str(path)) + r":\d+: local\.koordinator\.nn: placeholders such as "
                    r"'\{\{ phone_link \}\}'", str(exc.value)), str(exc.value)


# -- demo data: real unit names, or marked as examples -----------------------------------

def test_unit_names_are_real_or_marked_as_examples():
    """The names the seed pages give (Tildelingsenheten, Bestillar- og forvaltarkontoret,
    Forvaltningskontoret, Tjenestekontoret); any other form of a name is marked."""
    real = {("oyer", "nb"): "Tildelingsenheten", ("os", "nn"): "Bestillar- og forvaltarkontoret",
            ("fjord", "nb"): "Forvaltningskontoret", ("risor", "nb"): "Tjenestekontoret",
            # issue 25: a unit's name is its real name in both standards, never translated
            ("fjord", "nn"): "Forvaltningskontoret"}
    for slug, m in MUNIS.items():
        for lang in LANGS:
            name = m.unit.name(lang)
            if (slug, lang) in real:
                assert name == real[slug, lang]
            else:
                assert f"unit.name.{lang}" in m.example_fields, (slug, lang, name)


#: issue 25: statements that must be on the pages, in each standard, with the section they
#: rest on (a Lovdata link fragment); and statements that must never come back
ISSUE_25_SAYS = {
    "index": [
        ("barnet skal få si sin mening og være med", "barnet skal få seie meininga si og vere med",
         "2022-06-22-1110/%C2%A74"),
    ],
    "individuell-plan": [
        ("gir deg ikke rett til flere eller andre tjenester enn det loven gir",
         "gir deg ikkje rett til fleire eller andre tenester enn det lova gir",
         "2022-06-22-1110/%C2%A74"),
        ("hvordan tiltakene skal gjennomføres", "korleis tiltaka skal gjennomførast",
         "2022-06-22-1110/%C2%A79"),
        ("når planen skal vurderes og endres", "når planen skal vurderast og endrast", None),
        ("samarbeid det trengs med andre tjenesteytere", "samarbeid det trengst med andre tenesteytarar",
         None),
        ("hvordan barnet får være med og si sin mening", "korleis barnet får vere med og seie meininga si",
         None),
        ("Voksne som ikke kan samtykke selv", "Vaksne som ikkje kan samtykkje sjølv",
         "1999-07-02-63/%C2%A74-6"),
        ("Kommer klagen for sent, kan den likevel bli behandlet",
         "Kjem klaga for seint, kan ho likevel bli behandla", "lov/1967-02-10/%C2%A731"),
        ("mer enn ett år siden vedtaket, kan klagen ikke behandles som klage",
         "meir enn eitt år sidan vedtaket, kan klaga ikkje behandlast som klage", None),
    ],
    "koordinator": [
        ("koordinatorer og barnekoordinatorer", "koordinatorar og barnekoordinatorar", None),
    ],
    "barnekoordinator": [
        ("den som samtykker på vegne av barnet", "den som samtykkjer på vegner av barnet",
         "2011-06-24-30/%C2%A77-2a"),
        ("oppnevner, lærer opp og veileder barnekoordinatorene",
         "oppnemner, lærer opp og rettleier barnekoordinatorane", "2011-06-24-30/%C2%A77-3"),
        ("For et barn er foreldrene med foreldreansvar verge", "For eit barn er foreldra med foreldreansvar verje",
         "2010-03-26-9/%C2%A716"),
    ],
}
#: issue 25: the interpreter, on every page (the application part), with both sections
INTERPRETER = {"nb": "Trenger du tolk, sier du fra. Det er gratis", "nn": "Treng du tolk, seier du frå. Det er gratis"}
INTERPRETER_LINKS = ("1999-07-02-63/%C2%A73-5", "2021-06-11-79/%C2%A76")
ISSUE_25_NEVER = ["Barnet kan ikke søke", "Barnet kan ikkje søkje", "foreldreansvar søker og skriver under, også før",
                  "foreldreansvar søkjer og skriv under, også før", "Barnekoordinator søker foreldrene",
                  "Barnekoordinator søkjer foreldra", "over tid",
                  # ambiguous pronouns (han/den: the application, the e-mail or the municipality?)
                  "Lever den selv", "Lever han sjølv", "Send den sikkert", "Send han trygt",
                  "vanlig e-post: den ", "vanleg e-post: han ", "oppgaver loven gir den",
                  "oppgåver lova gir han", "kan være deler av den.", "kan vere delar av han.",
                  "arbeide med den.", "arbeide med han.", "innholdet den skal ha",
                  "innhaldet han skal ha", "når han skal vurderast", "når den skal vurderes"]


@pytest.mark.parametrize("slug", SLUGS)
@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_issue_25_statements_on_every_page_with_their_source(demo_site, slug, lang):
    for page, items in ISSUE_25_SAYS.items():
        text, html = flat(article(demo_site, slug, lang, page)), html_article(demo_site, slug, lang, page)
        for nb, nn, link in items:
            assert (nb if lang == "nb" else nn) in text, (slug, lang, page, nb)
            if link:
                assert link in html, (slug, lang, page, link)
    for page in ("index", "individuell-plan", "koordinator", "barnekoordinator"):
        text = flat(article(demo_site, slug, lang, page))
        assert not [w for w in ISSUE_25_NEVER if w in text], (slug, lang, page)
        assert INTERPRETER[lang] in text, (slug, lang, page)
        html = html_article(demo_site, slug, lang, page)
        assert all(link in html for link in INTERPRETER_LINKS), (slug, lang, page)


@pytest.mark.parametrize("slug", SLUGS)
@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_privacy_page_from_the_data_linked_from_every_page(demo_site, slug, lang):
    """GDPR art. 13: who (controller, contact, personvernombud), why, on what legal basis,
    how long, the person's rights; a link in every page's footer and contact block."""
    m = MUNIS[slug]
    assert m.privacy is not None
    text = flat(article(demo_site, slug, lang, "personvern"))
    html = html_article(demo_site, slug, lang, "personvern")
    assert m.privacy.dpo_email in text and m.unit.email in text and m.unit.phone in text
    assert f"{m.name(lang)} er behandlingsansvarl" in text
    assert " ".join(m.privacy.retention(lang).split()) in text
    for words in ({"nb": "artikkel 6 nr. 1 bokstav e", "nn": "artikkel 6 nr. 1 bokstav e"},
                  {"nb": "artikkel 9 nr. 2 bokstav h", "nn": "artikkel 9 nr. 2 bokstav h"},
                  {"nb": "rett til innsyn", "nn": "rett til innsyn"},
                  {"nb": "klage til Datatilsynet", "nn": "klage til Datatilsynet"},
                  {"nb": "ingenting sendes over nettet", "nn": "ingenting blir sendt over nettet"}):
        assert words[lang] in text, words[lang]
    assert "https://lovdata.no/lov/2018-06-15-38/%C2%A71" in html
    prefix = m.lang_prefix(lang)
    for page in ("", "individuell-plan/", "koordinator/", "barnekoordinator/", "personvern/"):
        path = demo_site / slug / prefix / page / "index.html"
        out = path.read_text("utf-8")
        footer = out.split('class="md-copyright', 1)[1]
        href = re.search(r'href="([^"]*)" class="ipforms-privacy-link"', footer)
        assert href, (slug, lang, page)
        target = (path.parent / href.group(1) / "index.html").resolve()
        assert target == (demo_site / slug / prefix / "personvern" / "index.html").resolve()
    index = html_article(demo_site, slug, lang, "index")
    assert 'href="personvern/"' in index  # the contact block links it too


def test_contact_person_is_a_role_and_sami_notice_on_every_page(tmp_path):
    """Optional data: a contact person (a role, never a name) in the contact block, and for a
    municipality in the Sámi language area, where Sámi service is offered, on every page."""
    from ipforms.site.escape import md_escape
    from ipforms.site.pages import context
    from ipforms.site.render import Renderer

    raw = yaml.safe_load((DATA / "oyer.yml").read_text("utf-8"))
    raw["contact_person"] = {"role": {"nb": "Systemkoordinator", "nn": "Systemkoordinator"},
                             "phone": "61 26 60 01"}
    raw["sami"] = {"where": {"nb": "Tjenestekontoret gir service på sørsamisk.",
                             "nn": "Tenestekontoret gir service på sørsamisk."}}
    m = parse_municipality(raw, slug="oyer")
    content = REPO / "content"  # the default texts, at the top of the repository
    for lang in ("nb", "nn"):
        for page in ("index", "individuell-plan", "koordinator", "barnekoordinator", "personvern"):
            out = Renderer([content], lang).render(f"{page}.md", context(m, lang, page))
            assert "forvaltningsområdet for samisk språk" in out, (lang, page)
            assert md_escape(m.sami.where(lang)) in out and "lovdata.no/lov/1987-06-12-56" in out
        out = Renderer([content], lang).render("index.md", context(m, lang, "index"))
        assert "Kontaktperson: Systemkoordinator, [61 26 60 01](<tel:61266001>)" in out
    with pytest.raises(Exception, match="e-mail"):
        parse_municipality({**raw, "contact_person": {"role": raw["contact_person"]["role"],
                                                       "email": "Kari Nordmann"}}, slug="oyer")
