"""A third language per municipality (sameloven chapter 3): the language model.

No Sámi text is written here: the translations are an obviously fake pseudo-locale
("[se] ..."), as a municipality's own file would hold its real texts.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

from ipforms.core import laws, signing
from ipforms.core.errors import DataError
from ipforms.core.lang import (EXTRA_LANGS, MissingText, Text, Translations, format_long_date,
                               format_size, using, word)
from ipforms.core.municipality import find_data_files, load_municipality, parse_municipality
from ipforms.core.translations import (load_translations, missing_data_texts,
                                       translations_file)

REPO = Path(__file__).resolve().parents[1]
OYER = REPO / "data" / "municipalities" / "oyer.yml"


def test_the_third_languages_are_the_sami_languages_of_sameloven():
    # sameloven § 1-5: sørsamisk, lulesamisk og nordsamisk; ISO 639: sma, smj, se
    assert EXTRA_LANGS == ("se", "smj", "sma")


def test_a_text_in_the_third_language_is_the_municipalitys_own_or_an_error():
    t = Text(nb="Telefon", nn="Telefon", se="[se] telefon")
    assert t("se") == "[se] telefon"
    with pytest.raises(MissingText):
        t("smj")  # never Norwegian in its place
    with pytest.raises(ValueError):
        t("xx")


def test_ipforms_own_words_come_from_the_translations_and_a_gap_is_named():
    with pytest.raises(MissingText) as exc:
        word("phone", "se")
    assert exc.value.key == "words.phone"
    with using(Translations("se", {"words.phone": "[se] telefon"})):
        assert word("phone", "se") == "[se] telefon"
        with pytest.raises(MissingText, match="words.email"):
            word("email", "se")
    recording = Translations("se", {}, record=True)
    with using(recording):
        assert word("email", "se") == "[se: words.email]"  # visible, never Norwegian
    assert recording.missing == {"words.email"}


def test_law_names_and_signing_phrases_in_the_third_language():
    texts = {"laws.fvl-1967": "[se] fvl", "laws.and": "[se] ja"}
    with using(Translations("se", texts)):
        assert laws.cite("fvl", "12", "se")[0] == "[se] fvl § 12"
        assert laws.cite_text("fvl:11 a,12", "se") == "[se] fvl §§ 11 a [se] ja 12"
    rec = Translations("se", {}, record=True)
    with using(rec):
        items = signing.page_items("koordinator", "se")
    assert items and all(t.startswith("[se: signing.") for pair in items for t in pair)
    assert {k.rsplit(".", 1)[1] for k in rec.missing} == {"title", "page"}


def test_dates_and_sizes_use_cldr_or_digits_never_made_up_words():
    day = dt.date(2026, 2, 1)
    assert format_long_date(day, "nb") == "1. februar 2026"
    assert format_long_date(day, "sma") == "01.02.2026"  # CLDR has no South Sámi months
    assert format_size(1_250_000, "smj") == "PDF, 1,2 MB"


def _oyer_raw() -> dict:
    return yaml.safe_load(OYER.read_text(encoding="utf-8"))


def test_data_declares_languages_and_lists_texts_missing_in_them():
    raw = _oyer_raw()
    raw["languages"] = ["se"]
    raw["name"]["se"] = "[se] Øyer"
    m = parse_municipality(raw, slug="oyer")
    assert m.languages == ["se"] and m.name("se") == "[se] Øyer"
    missing = missing_data_texts(m, "se")
    assert "unit.name" in missing and "complaint_body" in missing and "name" not in missing
    for bad, why in ((["se", "se"], "twice"), (["fi"], "expected 'se', 'smj' or 'sma'")):
        raw["languages"] = bad
        with pytest.raises(DataError) as exc:
            parse_municipality(raw, slug="oyer")
        assert why in exc.value.report() and "languages" in exc.value.report()


def test_translations_file_beside_the_data_file(tmp_path):
    data = tmp_path / "oyer.yml"
    shutil.copy(OYER, data)
    shutil.copy(OYER.with_name("oyer.logo.svg"), tmp_path)
    assert load_translations(data, "se") == {}
    file = translations_file(data, "se")
    assert file.name == "oyer.se.yml"
    file.write_text("language_name: '[se] language'\nwords:\n  phone: '[se] phone'\n"
                    "laws: {fvl-1967: '[se] fvl'}\n", encoding="utf-8")
    assert load_translations(data, "se") == {"language_name": "[se] language",
                                             "words.phone": "[se] phone",
                                             "laws.fvl-1967": "[se] fvl"}
    # the translations file is not a municipality of its own
    assert find_data_files(tmp_path) == [data]
    load_municipality(data)
    for text, where in (("words:\n  phone:\n", "words.phone"), ("words: [a]\n", "words"),
                        ("a: b: c\n", "line 1")):
        file.write_text(text, encoding="utf-8")
        with pytest.raises(DataError) as exc:
            load_translations(data, "se")
        assert str(file) in str(exc.value)
        assert where in str(exc.value) or f"{file}:1" in str(exc.value)
