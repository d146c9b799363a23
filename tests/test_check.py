"""`ipforms check`: the demo content is clean, and each mistake an editor can make is
reported with its file and line, what is wrong and what to do, with exit 1 (problems)
or 2 (cannot read). `make test` runs this, so the editors' check and the developers'
tests are one implementation (ipforms.site.check)."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parent))  # --import-mode=importlib
from pagetext import built_pages, extract, words  # noqa: E402

from ipforms.cli import main  # noqa: E402
from ipforms.core.municipality import read_data_file  # noqa: E402
from ipforms.site.check import (Finding, check_project, heading_ids,  # noqa: E402
                                municipality_checker, project_checker, prose)
from ipforms.site.overlay import SHIPPED_CONTENT  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
FIX = Path(__file__).parent / "fixtures"


@pytest.fixture
def project(tmp_path) -> Path:
    """A municipality's project: the demo data, mkdocs.yml with ``docs_dir: content``
    and a content folder that starts empty (every page comes from the package)."""
    root = tmp_path / "proj"
    (root / "content").mkdir(parents=True)
    shutil.copytree(REPO / "data", root / "data")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(re.sub(r"(?m)^docs_dir: .*$", "docs_dir: content", config),
                                     encoding="utf-8")
    return root


def shipped(rel: str) -> str:
    """How a report names a page template shipped with ipforms (``nb/index.md``)."""
    return str(SHIPPED_CONTENT / rel)


def edit(root: Path, rel: str, old: str, new: str) -> int:
    """Replace ``old`` (which must occur once) in ``root/rel``; the line it was on.
    A page template not yet in the project's content/ is first copied from the package,
    as an editor overrides a page."""
    path = root / rel
    if not path.exists() and rel.startswith("content/"):
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(SHIPPED_CONTENT / rel.removeprefix("content/"), path)
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{rel}: {old!r} occurs {text.count(old)} times"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text[:text.index(old)].count("\n") + 1


def found(report, kind: str | None = None) -> list[Finding]:
    return [f for f in report.sorted() if kind is None or f.kind == kind]


def test_demo_content_is_clean():
    """Every page and data file of the demo passes, and content/.parity.json is current
    (after editing both nb and nn, run `ipforms check --accept`)."""
    report = check_project(REPO, suggest=False)
    assert report.sorted() == [], report.text()
    assert report.exit_code == 0
    assert report.checked["municipalities"] >= 4


def test_cli_clean_exit_0():
    r = CliRunner().invoke(main, ["check", "--root", str(REPO), "--no-suggest", "--lang", "en"])
    assert r.exit_code == 0, r.output
    assert r.output.startswith("no problems; checked ")
    # the demo's municipalities write bokmål mostly: the editors read bokmål
    r = CliRunner().invoke(main, ["check", "--root", str(REPO), "--no-suggest"])
    templates = sum(1 for lang in ("nb", "nn") for _ in (REPO / "content" / lang).rglob("*.md"))
    assert r.output.startswith(f"ingen problemer; kontrollert: datafiler 4, sidemaler {templates}, "), \
        r.output


# -- planted mistakes ---------------------------------------------------------------------

def test_bokmal_word_in_an_nn_page(project):
    line = edit(project, "content/nn/koordinator.md", "sjølv om du ikkje ønskjer",
                "sjølv om du ikke ønskjer")
    report = check_project(project, suggest=False)
    spelling = found(report, "spelling")
    assert [str(f) for f in spelling] == [
        f"content/nn/koordinator.md:{line}: 'ikke' is bokmål; this text is nynorsk: write ikkje"]
    assert report.exit_code == 1


def test_nynorsk_word_in_nb_data_text(project):
    line = edit(project, "data/municipalities/oyer.yml", "kontaktpersonen din der for å få vite mer",
                "kontaktpersonen din der for å få vite meir")
    [f] = found(check_project(project, suggest=False), "spelling")
    assert (f.file, f.line) == ("data/municipalities/oyer.yml", line)
    assert f.message == "'meir' is nynorsk; this text is bokmål: write the bokmål form"


def test_unknown_word_gets_suggestions_and_the_words_file_hint(project):
    line = edit(project, "content/nb/koordinator.md", "følger deg opp og sørger",
                "følger deg opp og sørgerr")
    [f] = found(check_project(project), "spelling")
    assert (f.file, f.line) == ("content/nb/koordinator.md", line)
    assert f.message.startswith("'sørgerr' is not in the bokmål dictionary: did you mean ")
    assert "sørger" in f.message.split("did you mean ")[1].split(" / ")
    assert f.hint.startswith("a name or term: add it to data/words.txt")


def test_words_file_makes_a_name_known(project):
    edit(project, "data/municipalities/oyer.yml", "din der for å få vite mer",
         "din i Lågendalstjenesten for å få vite mer")
    assert [f.message for f in found(check_project(project, suggest=False), "spelling")] == [
        "'Lågendalstjenesten' is not in the bokmål dictionary"]
    (project / "data" / "municipalities" / "oyer.words.txt").write_text(
        "Lågendalstjenesten  # a unit's name\n", encoding="utf-8")
    assert found(check_project(project, suggest=False)) == []


def test_a_file_of_many_unknown_words_shows_the_first_fifty_and_counts_the_rest(project):
    """A page of 80 made-up words: 50 findings with their lines, then one that counts
    the 30 more (a whole file of them is a wrong file, not 80 separate mistakes)."""
    from ipforms.site.check.words import MAX_SPELLING_PER_FILE
    from ipforms.site.norsk import translate

    made_up = " ".join(f"qzx{chr(97 + i // 26)}{chr(97 + i % 26)}vok" for i in range(80))
    edit(project, "content/nb/koordinator.md", "følger deg opp og sørger",
         f"følger deg opp og {made_up} sørger")
    spelling = [f for f in found(check_project(project, suggest=False), "spelling")
                if f.file == "content/nb/koordinator.md"]
    assert MAX_SPELLING_PER_FILE == 50
    assert len([f for f in spelling if f.line is not None]) == 50
    [more] = [f for f in spelling if f.line is None]
    assert more.message == "30 more words are not in the dictionaries (the first 50 are shown)"
    assert translate(more.message, "nn") == "30 ord til står ikkje i ordlistene (dei 50 første er viste)"
    assert translate(more.hint, "nb") == "rett ordene som er vist, og kjør sjekken igjen"


def test_unknown_placeholder(project):
    line = edit(project, "content/nn/_partials/klage.md", "{{ unit.name }} kan hjelpe deg",
                "{{ unit.namn }} kan hjelpe deg")
    report = check_project(project, suggest=False)
    [f] = found(report, "placeholder")
    assert str(f) == (f"content/nn/_partials/klage.md:{line}: unknown placeholder: 'namn' is not "
                      "a known field (for every municipality)\n"
                      "  hint: README.md beside the page templates lists the placeholders")
    # and nb and nn no longer use the same placeholders
    assert any(p.kind == "parity" and p.line == line for p in found(report))
    assert report.exit_code == 1


def test_missing_include(project):
    line = edit(project, "content/nb/koordinator.md", '{% include "_partials/klage.md" %}',
                '{% include "_partials/klager.md" %}')
    fs = [f for f in found(check_project(project, suggest=False), "placeholder")]
    assert [(f.file, f.line, f.message) for f in fs] == [
        ("content/nb/koordinator.md", line,
         "included template not found: _partials/klager.md (for every municipality)")]


def test_broken_link_to_a_page(project):
    line = edit(project, "content/nb/index.md", "(individuell-plan.md)", "(individuel-plan.md)")
    fs = found(check_project(project, suggest=False), "link")
    assert [str(f) for f in fs] == [
        f"content/nb/index.md:{line}: link to individuel-plan.md: no such page (for every "
        "municipality)\n  hint: did you mean individuell-plan.md?"]


def test_link_to_a_heading_that_does_not_exist(project):
    line = edit(project, "content/nn/index.md", "(koordinator.md)",
                "(koordinator.md#kven-har-rett)")
    [f] = found(check_project(project, suggest=False), "anchor")
    assert (f.file, f.line) == ("content/nn/index.md", line)
    assert f.message == ("link to koordinator.md#kven-har-rett: koordinator.md has no heading "
                         "with the id 'kven-har-rett' (for every municipality)")
    assert f.hint == "did you mean #kven-har-rett-til-koordinator?"


def test_link_to_a_service_page_works_for_every_municipality(project):
    # every municipality has all three service pages (hol §§ 7-1, 7-2, 7-2 a): a link to
    # barnekoordinator breaks no site, Os's included
    edit(project, "content/nb/koordinator.md", "Du kan få en koordinator selv om",
         "Se også [barnekoordinator](barnekoordinator.md). Du kan få en koordinator selv om")
    assert found(check_project(project, suggest=False), "link") == []


def test_nn_only_change_to_a_paragraph(project):
    line = edit(project, "content/nn/koordinator.md",
                "Du kan få ein koordinator sjølv om du ikkje ønskjer ein individuell plan.",
                "Du får alltid ein koordinator når du har ein individuell plan.")
    report = check_project(project, suggest=False)
    [f] = found(report, "changed")
    assert f.file == "content/nn/koordinator.md" and f.line == line
    assert f.message == (f"changed in nn since the last check, but "
                         f"{shipped('nb/koordinator.md')}:{line} was not")
    assert f.hint.endswith("then run: ipforms check --accept")
    assert report.exit_code == 1
    # the editor makes nb say the same, and records it
    edit(project, "content/nb/koordinator.md",
         "Du kan få en koordinator selv om du ikke ønsker en individuell plan.",
         "Du får alltid en koordinator når du har en individuell plan.")
    both = check_project(project, suggest=False)
    assert [f.severity for f in found(both)] == ["note"] and both.exit_code == 0
    check_project(project, suggest=False, accept=True)
    assert found(check_project(project, suggest=False)) == []


def test_numbers_and_headings_differ(project):
    edit(project, "content/nn/_partials/behandling.md", "## ", "### ")
    edit(project, "content/nb/_partials/klage.md", "fire uker", "4 uker")
    report = check_project(project, suggest=False)
    parity = found(report, "parity")
    assert any(f.file == shipped("nb/_partials/behandling.md") and "has no counterpart" in
               f.message for f in parity)
    [num] = [f for f in parity if "numbers differ" in f.message]
    assert num.file == shipped("nn/_partials/klage.md")
    assert num.message.endswith("nb has 4; nn has nothing more")


def test_outdated_terms(project):
    line = edit(project, "content/nn/_partials/klage.md", "Klagefristen er fire veker",
                "Klagefristen er tre veker")
    edit(project, "data/municipalities/oyer.yml", "nb: Statsforvalteren i Innlandet",
         "nb: Fylkesmannen i Innlandet")
    terms = found(check_project(project, suggest=False), "terms")
    assert [(f.file, f.message) for f in terms] == [
        ("content/nn/_partials/klage.md", "'tre veker' is outdated: write fire veker"),
        ("data/municipalities/oyer.yml", "'Fylkesmannen' is outdated: write Statsforvalteren")]
    assert terms[0].line == line
    assert "§ 7-5" in terms[0].hint


def test_law_key_and_section_as_text(project):
    line = edit(project, "content/nb/koordinator.md", 'law("pbrl", "2-5 b")', 'law("pbr", "2-5 b")')
    line2 = edit(project, "content/nb/_partials/klage.md", "Skriv under klagen.",
                 "Skriv under klagen (§ 7-5).")
    law = found(check_project(project, suggest=False), "law")
    assert [(f.file, f.line) for f in law] == [("content/nb/_partials/klage.md", line2),
                                               ("content/nb/koordinator.md", line)]
    assert law[1].message == "law('pbr'): no such act in ipforms"
    assert law[1].hint.startswith("did you mean 'pbrl'?")
    assert law[0].message == "'§ 7-5' is written as plain text"


def test_law_section_not_in_the_projects_laws(project):
    # pasient- og brukerrettighetsloven has no § 2-99; resources/laws.yml lists the sections
    line = edit(project, "content/nn/koordinator.md", 'law("pbrl", "2-5 b")', 'law("pbrl", "2-99")')
    report = check_project(project, suggest=False)
    [f] = found(report, "law")
    assert (f.file, f.line) == ("content/nn/koordinator.md", line)
    assert f.message.startswith("law('pbrl', '2-99'): pbrl § 2-99 is not in laws.yml")
    assert not found(report, "placeholder")  # the same mistake is not reported twice
    edit(project, "content/nb/_partials/klage.md", "Skriv under klagen.",
         "Skriv under klagen (§ 2-99).")
    assert any(f.message == "'§ 2-99' is written as plain text; no act in ipforms' laws has "
               "that section" for f in found(check_project(project, suggest=False), "law"))


def test_placeholder_in_a_data_file(project):
    edit(project, "data/municipalities/oyer.yml", "din der for å få vite mer",
         "din i {{ unit.name }} for å få vite mer")
    [f] = found(check_project(project, suggest=False), "placeholder")
    assert f.file == "data/municipalities/oyer.yml"
    assert f.message.endswith("placeholders do not work in a data file")


@pytest.mark.parametrize("old,new,message", [
    ('postcode: "2636"', "postcode: 0150",
     "unit.postal_address.postcode: expected a text in quotes, but YAML read 0150 as a number "
     "(104: YAML reads numbers with a leading zero as octal)"),
    ("last_reviewed: 2026-11-02", "last_reviewed: 2023-02-30",
     "last_reviewed: 2023-02-30 is not a real date: February 2023 has 28 days"),
    ("  opening_hours:", "  opening_hour:", "unit.opening_hour: unknown key 'opening_hour'"),
])
def test_data_mistakes_exit_2(project, old, new, message):
    line = edit(project, "data/municipalities/oyer.yml", old, new)
    report = check_project(project, suggest=False)
    assert [(f.file, f.line, f.message) for f in found(report, "data")] == [
        ("data/municipalities/oyer.yml", line, message)]
    assert report.exit_code == 2
    r = CliRunner().invoke(main, ["check", "--root", str(project), "--no-suggest", "--lang", "en"])
    assert r.exit_code == 2
    assert f"data/municipalities/oyer.yml:{line}: {message}" in r.output


def test_every_problem_at_once(project):
    edit(project, "content/nn/koordinator.md", "sjølv om du ikkje ønskjer", "sjølv om du ikke ønskjer")
    edit(project, "content/nb/index.md", "(individuell-plan.md)", "(individuel-plan.md)")
    edit(project, "data/municipalities/risor.yml", 'postcode: "4952"', "postcode: 4952")
    report = check_project(project, suggest=False)
    assert {f.kind for f in report.errors} >= {"spelling", "link", "data"}
    assert report.exit_code == 2


def test_only_one_municipality(project):
    edit(project, "data/municipalities/risor.yml", 'postcode: "4952"', "postcode: 4952")
    assert check_project(project, ["oyer"], suggest=False).exit_code == 0
    assert check_project(project, ["risor"], suggest=False).exit_code == 2
    unknown = check_project(project, ["nowhere"], suggest=False)
    assert [(f.kind, f.message) for f in unknown.errors] == [("kommune", "no data file nowhere.yml")]
    assert unknown.exit_code == 2


def test_a_new_municipality_passes_without_editing_any_test(project, tmp_path):
    """Its own names ("Forvaltningskontoret" in nn) come from its data file, its other
    words ("Systemkoordinator") from its words file beside it; its built pages pass the
    same spelling check the demo sites do."""
    data = project / "data" / "municipalities"
    shutil.copy(FIX / "nyby.yml", data / "nyby.yml")
    report = check_project(project, ["nyby"], suggest=False)
    assert [str(f) for f in report.sorted()] == [
        "data/municipalities/nyby.yml:19: 'Systemkoordinator' is bokmål; this text is nynorsk: "
        "write the nynorsk form\n  hint: if it is a name or a title, add it to "
        "data/municipalities/<slug>.words.txt (names with a capital letter only)"]
    shutil.copy(FIX / "nyby.words.txt", data / "nyby.words.txt")
    assert check_project(project, ["nyby"], suggest=False).sorted() == []

    from ipforms.site.build import build_sites
    out = tmp_path / "site"
    build_sites(root=project, slugs=["nyby"], out_dir=out, jobs=1, cache_dir=tmp_path / "cache")
    checker = municipality_checker(project_checker(data), read_data_file(data / "nyby.yml"), data)
    pages = built_pages(out, "nyby")
    assert len(pages) == 8  # index and the three services, nb and nn
    for p in pages:
        problems = checker.check(words(extract(p.path.read_text(encoding="utf-8")).text), p.lang)
        assert not problems, (p.path, problems)


def test_a_words_file_never_makes_a_lower_case_form_of_the_other_standard_pass(project):
    line = edit(project, "content/nn/koordinator.md", "sjølv om du ikkje ønskjer",
                "sjølv om du ikke ønskjer")
    (project / "data" / "words.txt").write_text("ikke\nnn: ikke\n", encoding="utf-8")
    [f] = found(check_project(project, suggest=False), "spelling")
    assert (f.line, f.message) == (line, "'ikke' is bokmål; this text is nynorsk: write ikkje")


def test_unreadable_words_file_is_exit_2(project):
    (project / "data" / "words.txt").write_text("to ord\n", encoding="utf-8")
    report = check_project(project, suggest=False)
    assert [str(f) for f in report.errors] == [
        "data/words.txt:1: one word a line (letters only), got 'to ord'\n  hint: write each word "
        "on its own line; 'nn: word' for one standard only; '# why' after it"]
    assert report.exit_code == 2


# -- the pieces -----------------------------------------------------------------------------

def test_heading_ids_as_the_toc_extension_makes_them():
    """The ids the site has: toc with the slugify the plugin sets (æ, ø, å kept)."""
    import markdown
    from pymdownx.slugs import slugify
    md = ("# Søknad og behandling\n\n## Kven har rett?\n\n## Kven har rett?\n\n"
          "## Klage {#klage-id}\n\n## [Lenke](x.md) og **feit**\n\n## Slik søker du\n")
    html = markdown.markdown(md, extensions=["toc", "attr_list"],
                             extension_configs={"toc": {"slugify": slugify(case="lower")}})
    assert "slik-søker-du" in heading_ids(md)
    import re
    assert heading_ids(md) == re.findall(r'id="([^"]+)"', html)


def test_prose_keeps_lines_and_visible_text():
    text = '{% if x %}Hei{% endif %}\n{{ form_link("soknad", "Last ned skjemaet") }} og [her](a.md)'
    out = prose(text)
    assert out.count("\n") == text.count("\n")
    assert words(out) == {"Hei", "Last", "ned", "skjemaet", "og", "her"}
