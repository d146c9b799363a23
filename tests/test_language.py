"""Spelling and written standard of every built page of every demo municipality.

The checking itself is the library's (:mod:`ipforms.core.spelling`), the same that
``ipforms check`` runs on the sources: nb pages with ``hunspell -d nb_NO``, nn pages
with ``hunspell -d nn_NO``; a word passes when its own dictionary knows it or a word
list allows it for that standard (the lists shipped in ``ipforms/resources/words/``,
the municipality's own names from its data file, ``data/words.txt`` and
``data/municipalities/<slug>.words.txt``). A word only the *other* standard's
dictionary knows is reported as a bokmål form on an nn page (or a nynorsk form on an
nb page). These tests check the built HTML, so the words ipforms itself adds (footer,
law names, dates, theme) are checked too; no test file lists any municipality's words.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # --import-mode=importlib
from pagetext import built_pages, extract, words  # noqa: E402

from ipforms.core.municipality import read_data_file  # noqa: E402
from ipforms.core.spelling import (LANGS, NAME, OTHER, Checker, hunspell_rejects,  # noqa: E402
                                   read_word_list, shipped_list)
from ipforms.site.check import municipality_checker, project_checker  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data" / "municipalities"
SLUGS = sorted(p.stem for p in DATA.glob("*.yml") if not p.name.startswith("_"))


def site_checker(slug: str) -> Checker:
    """What the built site of ``slug`` may use: as ``ipforms check`` composes it."""
    return municipality_checker(project_checker(DATA), read_data_file(DATA / f"{slug}.yml"), DATA)


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker.shipped()


# -- the checker itself ------------------------------------------------------------

def test_catches_bokmal_on_nn_page(checker):
    found = checker.check_text(
        "Vi behandler søknaden og sender deg et svar hvis du ikke har fått tjenester", "nn")
    assert set(found) == {"behandler", "hvis", "ikke", "tjenester"}
    assert all(p.kind == "other-standard" for p in found.values())


def test_catches_nynorsk_on_nb_page(checker):
    found = checker.check_text(
        "Vi handsamar søknaden og sender deg eit svar dersom du ikkje har fått tenester", "nb")
    assert set(found) == {"handsamar", "eit", "ikkje", "tenester"}
    assert all(p.kind == "other-standard" for p in found.values())


def test_other_standards_word_list_does_not_help():
    # "tjenester" in the nb list must not make it pass on an nn page, and vice versa
    c = Checker()
    c.add_words({"tjenester"}, "nb")
    c.add_words({"tenester"}, "nn")
    assert set(c.check_text("Tenester og tjenester", "nn")) == {"tjenester"}
    assert set(c.check_text("Tenester og tjenester", "nb")) == {"Tenester"}
    assert c.check_text("Tenester og tjenester", "nn")["tjenester"].kind == "other-standard"


def test_unknown_word_and_word_list(checker):
    found = checker.check_text("Søknaden om koordinator gjeldr Xqzvbnk", "nb")
    assert set(found) == {"gjeldr", "Xqzvbnk"}
    assert {p.kind for p in found.values()} == {"unknown"}
    assert checker.check_text("Statsforvalteren i Innlandet og barnekoordinatoren", "nb") == {}


def test_extract_skips_code_urls_and_emails():
    page = extract('<html lang="nn"><head><title>Tittel</title><style>.qqq{}</style></head>'
                   '<body><p>Skriv til <a href="mailto:a@b.no">post@fjord.kommune.no</a> '
                   'eller sjå www.individplan.no</p><script>var zzz;</script>'
                   '<code>xkcdword</code><img alt="Bilete av huset"><li>ein</li><li>to</li></body></html>')
    assert page.lang == "nn"
    assert words(page.text) == {"Tittel", "Skriv", "til", "eller", "sjå", "Bilete", "av",
                                "huset", "ein", "to"}


# -- the word lists -------------------------------------------------------------

@pytest.mark.parametrize("name", ["common", "nb", "nn"])
def test_word_list_entries_are_needed_and_justified(name):
    entries = {e.word: e.why for e in shipped_list(name)}
    assert entries, f"{name}.txt is empty"
    missing_reason = [w for w, why in entries.items() if not why]
    assert not missing_reason, f"{name}.txt: say why the dictionary lacks: {missing_reason}"
    keys = [w.lower() for w in entries]
    assert len(keys) == len(set(keys)), f"{name}.txt: a word is listed twice"
    if name == "common":
        known_to_both = set(entries) - hunspell_rejects(set(entries), "nb") \
            - hunspell_rejects(set(entries), "nn")
        assert not known_to_both, f"common.txt: both dictionaries know {sorted(known_to_both)}"
    else:
        not_needed = set(entries) - hunspell_rejects(set(entries), name)
        assert not not_needed, f"{name}.txt: {name}_NO already knows {sorted(not_needed)}"
        # a word only the other dictionary knows is a form of the other standard
        other_only = set(entries) - hunspell_rejects(set(entries), OTHER[name])
        assert not other_only, (f"{name}.txt lists {sorted(other_only)}, which {OTHER[name]}_NO "
                                f"knows: a {NAME[OTHER[name]]} form; put names in common.txt")


def test_word_list_format(tmp_path):
    f = tmp_path / "words.txt"
    f.write_text("# a comment\nSystemkoordinator  # title in Testby\nnn: Forvaltningskontoret\n\n",
                 encoding="utf-8")
    got = [(e.word, e.lang, e.why, e.line) for e in read_word_list(f)]
    assert got == [("Systemkoordinator", None, "title in Testby", 2),
                   ("Forvaltningskontoret", "nn", "", 3)]
    f.write_text("to ord\n", encoding="utf-8")
    with pytest.raises(Exception) as exc:
        read_word_list(f)
    assert str(exc.value) == f"{f}:1: one word a line (letters only), got 'to ord'"


# -- every built page ------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("slug", SLUGS)
def test_built_pages_spelling(demo_site, slug, lang):
    pages = [p for p in built_pages(demo_site, slug) if p.lang == lang]
    assert len(pages) >= 3, f"{slug}: expected the {lang} pages in {demo_site / slug}"
    per_page = {}
    for p in pages:
        page = extract(p.path.read_text(encoding="utf-8"))
        assert page.lang == lang, f"{p.path}: <html lang={page.lang!r}>, expected {lang!r}"
        per_page[p] = words(page.text)
    problems = site_checker(slug).check(set().union(*per_page.values()), lang)
    report = []
    for p, ws in per_page.items():
        bad = sorted(str(problems[w]) for w in ws if w in problems)
        if bad:
            report.append(f"{p.path.relative_to(demo_site)}: {', '.join(bad)}")
    kind = "bokmål form on an nn page" if lang == "nn" else "nynorsk form on an nb page"
    assert not report, (f"words not in {lang}_NO nor the word lists (\"form of the other standard\" = "
                        f"{kind}):\n" + "\n".join(report))


@pytest.mark.parametrize("slug", SLUGS)
def test_not_found_page(demo_site, slug):
    """The 404 page a reader lands on after a broken link is Norwegian too."""
    path = demo_site / slug / "404.html"
    assert path.is_file(), f"{slug}: no 404.html"
    page = extract(path.read_text(encoding="utf-8"))
    assert page.lang in LANGS, f"{path}: <html lang={page.lang!r}>, expected nb or nn"
    checker = site_checker(slug)
    parts = {page.lang: page.text, **page.other}
    assert set(parts) <= set(LANGS), f"{path}: parts marked {sorted(parts)}"
    for lang, text in parts.items():
        problems = checker.check(words(text), lang)
        assert not problems, (f"{slug}/404.html ({lang} part): "
                              + ", ".join(sorted(str(p) for p in problems.values())))


def test_parts_marked_with_another_lang_are_checked_with_that_dictionary():
    page = extract('<html lang="nb"><body><p>Siden finnes ikke.</p>'
                   '<p lang="nn">Sida finst <b>ikkje</b>.</p></body></html>')
    assert "ikkje" not in page.text and "ikke" in page.text
    assert "Sida finst" in page.other["nn"] and "ikkje" in page.other["nn"]
    c = Checker.shipped()
    assert not c.check(words(page.text), "nb") and not c.check(words(page.other["nn"]), "nn")
    assert c.check(words(page.other["nn"]), "nb")  # the nn part would fail as nb text


# --- hostile text: linear time, long letter runs, answers kept between runs (issue 19) ------

@pytest.mark.parametrize("text", ["a." * 100_000, "a" * 200_000, "a@" * 100_000, ".no" * 60_000,
                                  "no-" * 60_000, ("x" * 60 + ".") * 3_000 + "no"])
def test_words_are_found_in_linear_time(text):
    """A regular expression for host names took 4 s over 20 kB of "a.a.a." (and minutes
    over a data file of 128 kB); now the addresses are found in one pass.  The bound is
    generous (the real figure is some 0.05 s): it catches the quadratic, not a timing."""
    import time

    from ipforms.core.spelling import word_positions
    start = time.process_time()
    found = word_positions(text)
    assert time.process_time() - start < 2.0
    assert all(len(w) > 1 for _, w in found)


def test_host_names_are_still_not_words():
    from ipforms.core.spelling import words
    assert words("Se individplan.no, NAV.no. og fjord.kommune.no-sida; post@fjord.kommune.no") \
        == {"Se", "og", "sida"}
    assert words("slutt.Neste blå.no") == {"slutt", "Neste", "blå", "no"}


def test_a_run_of_letters_longer_than_any_word_is_unknown_without_asking_hunspell():
    """hunspell took 8 s over one 20,000-letter "word" (and more for longer)."""
    from ipforms.core import spelling
    long_word = "kommune" * 3_000
    assert hunspell_rejects({long_word, "kommune"}, "nb") == {long_word}
    assert spelling.suggestions([long_word], "nb") == {long_word: []}


def test_hunspell_answers_are_kept_between_runs(tmp_path, monkeypatch):
    """The CLI keeps hunspell's answers (loading the two dictionaries is a third of a
    whole `ipforms check`); a run whose words are all known starts no hunspell, and
    another dictionary (here: a copy whose time changes) starts afresh."""
    import shutil

    from ipforms.core import spelling
    dicts = tmp_path / "dicts"
    dicts.mkdir()
    for ext in ("dic", "aff"):
        shutil.copy(f"/usr/share/hunspell/nb_NO.{ext}", dicts / f"nb_NO.{ext}")
    monkeypatch.setenv("DICPATH", str(dicts))
    monkeypatch.setattr(spelling, "_KNOWN", {"nb": {}, "nn": {}})
    spelling.use_cache_dir(tmp_path / "cache")
    try:
        assert spelling.hunspell_rejects({"kommune", "kommmune"}, "nb") == {"kommmune"}
        [kept] = (tmp_path / "cache").iterdir()
        assert sorted(kept.read_text(encoding="utf-8").split()) == ["+kommune", "-kommmune"]
        # a new process (answers forgotten): answered from the file, hunspell not started
        monkeypatch.setattr(spelling, "_KNOWN", {"nb": {}, "nn": {}})
        spelling.use_cache_dir(tmp_path / "cache")
        started = []
        real = spelling._run_hunspell
        monkeypatch.setattr(spelling, "_run_hunspell", lambda *a: started.append(a) or real(*a))
        assert spelling.hunspell_rejects({"kommune", "kommmune"}, "nb") == {"kommmune"}
        assert started == []
        # the dictionary changed: asked again, into a file of its own
        monkeypatch.setattr(spelling, "_KNOWN", {"nb": {}, "nn": {}})
        import os
        os.utime(dicts / "nb_NO.dic", ns=(0, 0))
        spelling.use_cache_dir(tmp_path / "cache")
        assert spelling.hunspell_rejects({"kommune"}, "nb") == set()
        assert len(started) == 1
        assert len(list((tmp_path / "cache").iterdir())) == 2
    finally:
        spelling.use_cache_dir(None)
