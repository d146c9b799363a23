"""``ipforms validate --lang se`` (smj, sma): the report in a municipality's third
language, from its own translations, or an error in nb and nn naming every missing key.

No Sámi text is written here: the translations are an obviously fake pseudo-locale
("[se] <key> {placeholders}")."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from ipforms.validation import messages, reportlang
from ipforms.cli import main

DAY = dt.date(2026, 11, 24)
RECEIVED = ["--received", "24.11.2026"]
SCHEMA = Path(__file__).resolve().parents[1] / "src" / "ipforms" / "resources" / \
    "report.schema.json"


def pseudo(lang: str) -> dict[str, str]:
    """Every key a report needs: a message keeps its nb placeholders, so the findings'
    values show in it."""
    out = {}
    for key in reportlang.needed_keys(lang, {}):
        code = key.removeprefix("messages.")
        if key.startswith("messages."):
            names = messages.placeholders(messages.catalogue()[code]["nb"])
            out[key] = f"[{lang}] {code}" + "".join(f" {{{n}}}" for n in sorted(names))
        else:
            out[key] = f"[{lang}] {key}"
    out["messages.word.reply_due"] = f"[{lang}] reply due ({{law:fvl:11 a}})"
    return out


def write(path: Path, texts: dict[str, str]) -> Path:
    path.write_text(yaml.safe_dump(texts, allow_unicode=True), encoding="utf-8")
    return path


def cli(*args):
    return CliRunner().invoke(main, ["validate", *map(str, args)])


@pytest.mark.parametrize("lang", ["se", "smj", "sma"])
def test_report_in_the_third_language_from_the_municipalitys_texts(demo, tmp_path, lang):
    file = write(tmp_path / f"testby.{lang}.yml", pseudo(lang))
    res = cli(demo / "10-parent-for-17.pdf", "--lang", lang, "--translations", file, *RECEIVED)
    assert res.exit_code == 1, res.output
    first = res.output.splitlines()[0]
    assert first == f"10-parent-for-17.pdf: [{lang}] word.invalid"
    assert f"[{lang}] laws." in res.output  # the act's name is the municipality's too
    # nothing of the nb or nn report is left
    for norwegian in ("GYLDIG", "Mottatt", "Foreløpig", "Førebels", "forvaltningsloven", "søknaden"):
        assert norwegian not in res.output, norwegian


def test_a_field_a_message_names_is_the_forms_translated_label():
    from ipforms.core.lang import Translations, using

    with using(Translations("se", pseudo("se"))):
        assert messages.render("field.required", "se", field="soknad:person_phone") == (
            "[se] field.required «[se] forms.soknad.fields.person_phone.label» "
            "([se] forms.soknad.sections.person.title)")
        assert messages.render("field.required", "se", field="fullmakt:giver_name") == (
            "[se] field.required «[se] forms.fullmakt.fields.giver_name.label» "
            "([se] form.fullmakt: [se] forms.fullmakt.sections.giver.title)")


def test_json_report_says_its_language_and_fits_the_schema(demo, tmp_path):
    file = write(tmp_path / "t.se.yml", pseudo("se"))
    res = cli(demo / "01-self.pdf", "--lang", "se", "--translations", file, "--format", "json",
              *RECEIVED)
    report = json.loads(res.output)
    assert report["lang"] == "se"
    jsonschema.validate(report, json.loads(SCHEMA.read_text("utf-8")))
    assert all(f["message"].startswith("[se] ") for f in report["findings"])


def test_a_folder_in_the_third_language(demo, tmp_path):
    file = write(tmp_path / "t.se.yml", pseudo("se"))
    res = cli(demo, "--lang", "se", "--translations", file, "--jobs", "1", *RECEIVED)
    assert "[se] word.summary" in res.output and "GYLDIG" not in res.output


def test_an_incomplete_translation_is_an_error_in_nb_and_nn_naming_each_key(demo, tmp_path):
    texts = pseudo("se")
    for key in ("messages.word.valid", "forms.soknad.fields.person_fnr.label",
                "report.characters"):
        del texts[key]
    file = write(tmp_path / "t.se.yml", texts)
    res = cli(demo / "01-self.pdf", "--lang", "se", "--translations", file, *RECEIVED)
    assert res.exit_code == 2
    nb, nn = [line for line in res.output.splitlines() if "rapporten" in line]
    assert "kan ikke skrives på se (nordsamisk): 3 tekster mangler" in nb
    assert "kan ikkje skrivast på se (nordsamisk): 3 tekstar manglar" in nn
    for key in ("messages.word.valid", "forms.soknad.fields.person_fnr.label",
                "report.characters"):
        assert key in nb and key in nn
    assert "GYLDIG" not in res.output  # no report at all, never partly Norwegian
    # an empty file: every key is missing, and the error says how many
    res = cli(demo / "01-self.pdf", "--lang", "smj", "--translations",
              write(tmp_path / "empty.smj.yml", {"x": "y"}), *RECEIVED)
    assert res.exit_code == 2
    count = len(reportlang.needed_keys("smj", {}))
    assert f"{count} tekster mangler" in res.output and "(+" in res.output


def test_without_translations_the_third_language_is_refused_in_nb_and_nn(demo):
    res = cli(demo / "01-self.pdf", "--lang", "sma", *RECEIVED)
    assert res.exit_code == 2
    assert "ipforms har ingen tekster på sma" in res.output
    assert "ipforms har ingen tekstar på sma" in res.output
    assert "--translations" in res.output


def test_a_translated_message_keeps_to_the_nb_placeholders(demo, tmp_path):
    texts = pseudo("se")
    texts["messages.field.required"] = "[se] {field} {fild}"
    res = cli(demo / "01-self.pdf", "--lang", "se", "--translations",
              write(tmp_path / "t.se.yml", texts), *RECEIVED)
    assert res.exit_code == 2
    assert "messages.field.required" in res.output and "{fild}" in res.output
    texts["messages.field.required"] = "[se] {field"
    res = cli(demo / "01-self.pdf", "--lang", "se", "--translations",
              write(tmp_path / "t.se.yml", texts), *RECEIVED)
    assert res.exit_code == 2 and "messages.field.required" in res.output
    assert "Traceback" not in res.output


def test_translations_are_for_the_third_languages_only(demo, tmp_path):
    file = write(tmp_path / "t.se.yml", pseudo("se"))
    res = cli(demo / "01-self.pdf", "--lang", "nb", "--translations", file, *RECEIVED)
    assert res.exit_code == 2 and "--translations is for --lang se, smj or sma" in res.output


def test_a_long_value_is_shortened_with_the_municipalitys_word():
    from ipforms.core.lang import Translations, using

    with using(Translations("se", {"report.characters": "[se] chars"})):
        assert messages.shorten("x" * 305, 300, lang="se").endswith("… (+5 [se] chars)")
    assert messages.shorten("x" * 305, 300).endswith("(+5 tegn)")
