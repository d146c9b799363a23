"""Spelling and written standard of every built page of every demo municipality.

nb pages are checked with ``hunspell -d nb_NO``, nn pages with ``hunspell -d nn_NO``.
A word passes when its own dictionary knows it or it is in the project word list
(tests/words/common.txt + tests/words/<lang>.txt). A word that only the *other*
standard's dictionary knows is reported as a bokmål form on an nn page (or a
nynorsk form on an nb page); the other standard's word list never makes it pass.

hunspell runs once per dictionary per municipality and language, over the
unique words of all pages (a few hundred words), so the checks are fast.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # --import-mode=importlib
from pagetext import built_pages, extract, words  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
WORDS_DIR = Path(__file__).resolve().parent / "words"
SLUGS = sorted(p.stem for p in (REPO / "data" / "municipalities").glob("*.yml")
               if not p.name.startswith("_"))
LANGS = ("nb", "nn")
OTHER = {"nb": "nn", "nn": "nb"}
NAME = {"nb": "bokmål", "nn": "nynorsk"}


def hunspell_rejects(items: set[str], lang: str) -> set[str]:
    """The words of ``items`` that ``hunspell -d <lang>_NO`` does not know."""
    if not items:
        return set()
    proc = subprocess.run(["hunspell", "-d", f"{lang}_NO", "-i", "utf-8", "-l"],
                          input="\n".join(sorted(items)) + "\n", capture_output=True,
                          text=True, encoding="utf-8", timeout=60)
    assert proc.returncode == 0, f"hunspell -d {lang}_NO failed: {proc.stderr.strip()}"
    return set(proc.stdout.split())


def read_word_list(path: Path) -> dict[str, str]:
    """``word -> justification`` from a list of lines ``word  # why the dictionary lacks it``."""
    entries: dict[str, str] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        word, _, why = line.partition("#")
        word = word.strip()
        assert word and " " not in word, f"{path.name}:{n}: one word per line, got {line!r}"
        entries[word] = why.strip()
    return entries


@dataclass(frozen=True)
class Problem:
    word: str
    kind: str  # "unknown" or "other-standard"

    def __str__(self):
        return self.word if self.kind == "unknown" else f"{self.word} (form of the other standard)"


class Checker:
    """Checks words against hunspell and the project word lists."""

    def __init__(self, common: set[str], own: dict[str, set[str]]):
        self.allowed = {lang: {w.lower() for w in common | own[lang]} for lang in LANGS}

    @classmethod
    def from_files(cls, folder: Path = WORDS_DIR) -> Checker:
        return cls(set(read_word_list(folder / "common.txt")),
                   {lang: set(read_word_list(folder / f"{lang}.txt")) for lang in LANGS})

    def check(self, items: set[str], lang: str) -> dict[str, Problem]:
        """The problem words of ``items`` on a page in ``lang``."""
        own_rejects = hunspell_rejects(items, lang)
        candidates = {w for w in own_rejects if w.lower() not in self.allowed[lang]}
        other_rejects = hunspell_rejects(candidates, OTHER[lang])
        return {w: Problem(w, "unknown" if w in other_rejects else "other-standard")
                for w in candidates}

    def check_text(self, text: str, lang: str) -> dict[str, Problem]:
        return self.check(words(text), lang)


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker.from_files()


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
    c = Checker(common=set(), own={"nb": {"tjenester"}, "nn": {"tenester"}})
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
    entries = read_word_list(WORDS_DIR / f"{name}.txt")
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


# -- every built page ------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("slug", SLUGS)
def test_built_pages_spelling(demo_site, checker, slug, lang):
    pages = [p for p in built_pages(demo_site, slug) if p.lang == lang]
    assert len(pages) >= 3, f"{slug}: expected the {lang} pages in {demo_site / slug}"
    per_page = {}
    for p in pages:
        page = extract(p.path.read_text(encoding="utf-8"))
        assert page.lang == lang, f"{p.path}: <html lang={page.lang!r}>, expected {lang!r}"
        per_page[p] = words(page.text)
    problems = checker.check(set().union(*per_page.values()), lang)
    report = []
    for p, ws in per_page.items():
        bad = sorted(str(problems[w]) for w in ws if w in problems)
        if bad:
            report.append(f"{p.path.relative_to(demo_site)}: {', '.join(bad)}")
    kind = "bokmål form on an nn page" if lang == "nn" else "nynorsk form on an nb page"
    assert not report, (f"words not in {lang}_NO nor tests/words/ (\"form of the other standard\" = "
                        f"{kind}):\n" + "\n".join(report))


@pytest.mark.parametrize("slug", SLUGS)
def test_not_found_page(demo_site, slug):
    """The 404 page a reader lands on after a broken link is Norwegian too."""
    path = demo_site / slug / "404.html"
    assert path.is_file(), f"{slug}: no 404.html"
    page = extract(path.read_text(encoding="utf-8"))
    assert page.lang in LANGS, f"{path}: <html lang={page.lang!r}>, expected nb or nn"
    checker = Checker.from_files()
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
    c = Checker.from_files()
    assert not c.check(words(page.text), "nb") and not c.check(words(page.other["nn"]), "nn")
    assert c.check(words(page.other["nn"]), "nb")  # the nn part would fail as nb text
