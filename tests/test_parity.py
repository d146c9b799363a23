"""nb and nn carry the same pages and the same facts, for every demo municipality.

Facts are what must not differ between the two written standards: e-mail
addresses, phone numbers, postcodes, every number (sections of law, ages,
dates, opening hours) and every link target (Lovdata, the IP tool, the forms,
with the language part of the path removed).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # --import-mode=importlib
from pagetext import Page, built_pages, extract, facts, normalise_href  # noqa: E402

from ipforms.core.municipality import load_municipality  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data" / "municipalities"
SLUGS = sorted(p.stem for p in DATA.glob("*.yml") if not p.name.startswith("_"))


def _pages(demo_site, slug):
    return {(p.lang, p.name): p for p in built_pages(demo_site, slug)}


@pytest.mark.parametrize("slug", SLUGS)
def test_every_page_in_both_languages(demo_site, slug):
    m = load_municipality(DATA / f"{slug}.yml")
    pages = _pages(demo_site, slug)
    expected = {"index", *m.services} | ({"personvern"} if m.privacy else set())
    for lang in ("nb", "nn"):
        names = {name for (lg, name) in pages if lg == lang}
        assert names == expected, (f"{slug} {lang}: pages {sorted(names)}, expected "
                                   f"{sorted(expected)} (index + the services in the data + the privacy page)")


@pytest.mark.parametrize("slug", SLUGS)
def test_same_facts_in_both_languages(demo_site, slug):
    pages = _pages(demo_site, slug)
    report = []
    for (lang, name), nb in sorted(pages.items()):
        if lang != "nb" or ("nn", name) not in pages:
            continue
        nn = pages[("nn", name)]
        f_nb = facts(extract(nb.path.read_text(encoding="utf-8")), nb.site_dir)
        f_nn = facts(extract(nn.path.read_text(encoding="utf-8")), nn.site_dir)
        for kind in f_nb:
            only_nb, only_nn = f_nb[kind] - f_nn[kind], f_nn[kind] - f_nb[kind]
            if only_nb or only_nn:
                report.append(f"{slug}/{name} {kind}: only nb {sorted(only_nb)}, "
                              f"only nn {sorted(only_nn)}")
    assert not report, "facts differ between nb and nn:\n" + "\n".join(report)


@pytest.mark.parametrize("slug", SLUGS)
def test_data_facts_on_every_page(demo_site, slug):
    """The unit's e-mail, phone and postcode, and the legal links, reach every page."""
    m = load_municipality(DATA / f"{slug}.yml")
    for p in built_pages(demo_site, slug):
        f = facts(extract(p.path.read_text(encoding="utf-8")), p.site_dir)
        where = f"{slug}/{p.site_dir or 'index'}"
        assert m.unit.email in f["e-mail"], f"{where}: no {m.unit.email}"
        assert m.unit.phone in f["phone"], f"{where}: no {m.unit.phone}"
        assert m.unit.postal_address.postcode in f["postcode"], where
        assert any(link.startswith("https://lovdata.no/") for link in f["link"]), \
            f"{where}: no link to Lovdata"


def test_facts_catch_a_difference():
    nb = Page(text="Ring 41 86 78 00 eller skriv til post@fjord.kommune.no, 6210 Valldal, "
                   "innen fire uker (§ 7-5). Skjema (PDF, 97 kB)",
              hrefs=["../skjema/soknad-nb.pdf", "https://lovdata.no/lov/1999-07-02-63/%C2%A77-5"])
    nn = Page(text="Ring 41 86 78 01 eller skriv til post@fjord.kommune.no, 6210 Valldal, "
                   "innan tre veker (§ 7-5). Skjema (PDF, 98 kB)",
              hrefs=["../../skjema/soknad-nn.pdf", "https://lovdata.no/lov/1999-07-02-63/%C2%A77-2"])
    a, b = facts(nb, "koordinator/"), facts(nn, "nn/koordinator/")
    assert a["phone"] ^ b["phone"] == {"41 86 78 00", "41 86 78 01"}
    assert a["e-mail"] == b["e-mail"] == {"post@fjord.kommune.no"}
    assert a["postcode"] == b["postcode"] == {"6210"}
    assert "skjema/soknad-LANG.pdf" in a["link"] & b["link"]      # same form, other language
    assert a["link"] ^ b["link"] == {"https://lovdata.no/lov/1999-07-02-63/§7-5",
                                     "https://lovdata.no/lov/1999-07-02-63/§7-2"}
    assert "97" not in a["number"] and "98" not in b["number"]  # download sizes differ by nature


def test_language_switch_links_normalise_to_the_same_page():
    assert normalise_href("../nn/koordinator/", "koordinator/") == "koordinator"
    assert normalise_href("../../koordinator/", "nn/koordinator/") == "koordinator"
    assert normalise_href("../barnekoordinator/", "nn/koordinator/") == "barnekoordinator"
