"""The online form's generation (no browser): every demo municipality gets a page per
service and language, the pages follow the form definitions, and their texts are in the
right written standard.  The browser side is tests/browser/test_webform.py."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))  # --import-mode=importlib
from pagetext import words  # noqa: E402
from test_forms_language import checker  # noqa: E402
from webformpage import page_data  # noqa: E402

from ipforms.core.municipality import load_municipality  # noqa: E402
from ipforms.forms.formdef import forms_dir, load_form  # noqa: E402
from ipforms.site import webform  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
#: correct in both written standards (Bokmålsordboka, Nynorskordboka) but missing from hunspell
KNOWN = {"skjemaet", "Skjemaet", "JavaScript"}
DATA = sorted((REPO / "data" / "municipalities").glob("*.yml"))




@pytest.mark.parametrize("data_file", DATA, ids=[p.stem for p in DATA])
def test_every_service_has_an_online_form_in_nb_and_nn(data_file, demo_site):
    m = load_municipality(data_file)
    folder = demo_site / m.slug / "skjema"
    for lang in ("nb", "nn"):
        for key in ["soknad", *m.services, "fullmakt"]:
            page = folder / Path(webform.page_path(key, lang)).name
            assert page.is_file(), f"{m.slug}: {page.name} missing"
            html = page.read_text(encoding="utf-8")
            assert f'<html lang="{lang}">' in html
            data = page_data(html, folder)
            pdf = data["pdf"]["fullmakt" if key == "fullmakt" else "soknad"]
            assert (folder / pdf).is_file() and f'href="{pdf}"' in html  # the no-JS fallback
            if key in ("individuell-plan", "koordinator", "barnekoordinator"):
                field = {"individuell-plan": "service_ip"}.get(key, f"service_{key}")
                assert data["prefill"][field] is True
            if key != "fullmakt":
                assert data["prefill"]["municipality_name"] == m.name(lang)
                assert m.unit.postal_address.street in html
        for name in webform.ASSETS:
            assert (folder / name).is_file()


def test_the_definition_drives_the_web_form(tmp_path, monkeypatch):
    """A change to soknad.yml (a label, a maximum length, a new requirement) is in the
    data the page carries, with no other change."""
    shutil.copytree(forms_dir(), tmp_path / "defs")
    path = tmp_path / "defs" / "soknad.yml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    for section in raw["sections"]:
        for f in section["fields"]:
            if f["id"] == "person_postplace":
                f["label"] = {"nb": "Poststed (by)", "nn": "Poststad (by)"}
                f["max_length"] = 30
            if f["id"] == "gp_name":
                f["required"] = True
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("IPFORMS_FORMS_DIR", str(tmp_path / "defs"))
    data = webform.form_data(load_form("soknad"), "nn")
    by_id = {f["id"]: f for s in data["sections"] for f in s["fields"]}
    assert by_id["person_postplace"]["label"] == "Poststad (by)"
    assert by_id["person_postplace"]["max"] == 30
    assert by_id["gp_name"]["required"] is True


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_online_form_texts_in_the_right_standard(lang):
    from ipforms.core.laws import with_citations

    text = "\n".join(with_citations(v[lang], lang) for v in webform.texts().values())
    text = re.sub(r"\{\w+\}", " ", text)
    text = re.sub(r"\b([A-Z]{2,})-(en|a|et)\b", r"\1", text)  # PDF-en: abbreviation + ending
    found = checker().check(words(text) - KNOWN, lang)
    assert not found, ", ".join(map(str, found.values()))


@pytest.mark.parametrize("lang,norway", [("nb", "Norge"), ("nn", "Noreg")])
def test_country_list_has_norway_first_then_the_others_in_norwegian_order(lang, norway):
    names = webform.countries(lang)
    assert names[0] == norway and norway not in names[1:]
    assert {"Sverige", "Danmark", "Finland", "Tyskland"} <= set(names)
    assert len(names) == len(set(names)) > 200
    # Æ, Ø, Å after Z, as in a Norwegian dictionary
    after = names[names.index("Zimbabwe") + 1:]
    assert after and all(n[0] in "ÆØÅ" for n in after) and after[-1] == "Åland"
