"""Issue 25 in the forms every demo municipality publishes, nb and nn: the interpreter
(pbrl § 3-5; tolkeloven § 6) in the PDFs and on the online form's first step, and no
foreldreansvar before birth in the fullmakt's text."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from ipforms.core import laws

REPO = Path(__file__).resolve().parent.parent
SLUGS = sorted(p.stem for p in (REPO / "data" / "municipalities").glob("*.yml"))
INTERPRETER = {"nb": "Trenger du tolk, sier du fra. Det er gratis",
               "nn": "Treng du tolk, seier du frå. Det er gratis"}


def _pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True,
                         text=True).stdout
    return " ".join(out.split())


def _sources(lang: str) -> str:
    return f"({laws.cite('pbrl', '3-5', lang)[0]}; {laws.cite('tolkl', '6', lang)[0]})"


def test_tolkeloven_is_the_act_of_2021_on_lovdata():
    act, section = laws.load().resolve("tolkl", "6")
    assert act.id == "LOV-2021-06-11-79" and section == "6"
    assert act.title == "Lov om offentlige organers ansvar for bruk av tolk mv. (tolkeloven)"
    assert laws.cite("tolkl", "6", "nn") == ("tolkelova § 6",
                                             "https://lovdata.no/lov/2021-06-11-79/%C2%A76")


@pytest.mark.parametrize("slug", SLUGS)
@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_interpreter_in_the_pdfs_and_the_online_forms(demo_site, slug, lang):
    said = f"{INTERPRETER[lang]} {_sources(lang)}."
    forms = demo_site / slug / "skjema"
    for name in ("soknad", "soknad-barnekoordinator", "fullmakt"):
        assert said in _pdf_text(forms / f"{name}-{lang}.pdf"), (slug, lang, name)
        # the online form's first step says it (its texts are in the page's data: the
        # language's part, in the data file the page loads, ipforms.site.webdata)
        html = (forms / f"{name}-{lang}.html").read_text("utf-8")
        assert f'<script src="webform-data-{lang}.js">' in html
        assert said in (forms / f"webform-data-{lang}.js").read_text("utf-8"), (slug, lang, name)


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_no_foreldreansvar_before_birth_in_the_fullmakt(demo_site, lang):
    text = _pdf_text(demo_site / SLUGS[0] / "skjema" / f"fullmakt-{lang}.pdf")
    assert {"nb": "for et barn som er ventet en av dem som venter barnet",
            "nn": "for eit barn som er venta ein av dei som ventar barnet"}[lang] in text
    assert {"nb": "som er ventet og for barnekoordinator gir en forelder med foreldreansvar",
            "nn": "som er venta og for barnekoordinator gir ein forelder med foreldreansvar"}[
        lang] not in text


@pytest.mark.parametrize("lang,said", [("nb", "Du har ikke skrevet noen tjenester"),
                                       ("nn", "Du har ikkje skrive nokon tenester")])
def test_no_services_written_reads_as_a_sentence(lang, said):
    """Issue 25: not «Du har skrevet ingen tjenester»."""
    from ipforms.validation import messages

    text = messages.render("citizen.hint.fewer_than_two_services", lang, {"count": 0})
    assert text.startswith(said), text
    assert "skrevet ingen" not in text and "skrive ingen" not in text
