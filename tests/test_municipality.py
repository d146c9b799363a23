"""Municipality data: valid demo files load; every kind of bad file gets an error
naming the file, the key path and what was expected."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from ipforms.core.errors import DataError
from ipforms.core.municipality import load_all, load_municipality

MINIMAL = (Path(__file__).parent / "fixtures" / "testby.yml").read_text(encoding="utf-8")


def write(tmp_path, text, name="testby.yml"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def mutate(path_keys, value):
    raw = yaml.safe_load(MINIMAL)
    node = raw
    for k in path_keys[:-1]:
        node = node[k]
    if value is KeyError:
        del node[path_keys[-1]]
    else:
        node[path_keys[-1]] = value
    return yaml.safe_dump(raw, allow_unicode=True)


def test_demo_data_loads(repo):
    ms = load_all(repo / "data" / "municipalities")
    assert {m.slug for m in ms} >= {"oyer", "risor", "fjord", "os"}
    for m in ms:
        assert m.services == ("individuell-plan", "koordinator", "barnekoordinator")
        assert m.name.nb and m.name.nn


def test_minimal_file_loads(tmp_path):
    m = load_municipality(write(tmp_path, MINIMAL))
    assert m.slug == "testby"
    assert m.unit.name("nn") == "Koordinerande eining"
    assert m.unit.postal_address.one_line() == "Postboks 1, 1234 Testby"


@pytest.mark.parametrize("keys,value,path,expected", [
    (["unit", "email"], KeyError, "unit.email", "the key 'email' is missing under 'unit'"),
    (["kommunenummer"], "12345", "kommunenummer", "expected a kommunenummer of exactly 4 digits"),
    (["kommunenummer"], 3440, "kommunenummer", "expected a text in quotes, but YAML read 3440 as a number"),
    (["unit", "email"], "post(at)testby", "unit.email", "expected an e-mail address"),
    # the three services are duties of every municipality: data can never remove one
    (["services"], ["individuell-plan", "koordinator"], "services", "are duties of every municipality"),
    (["services"], ["individuell-plan", "koordinator", "barnekoordinator"], "services", "remove this key"),
    (["unit", "visiting_address"], {"street": "Gate 1", "postcode": "1234", "place": "By"},
     "unit.visiting_address", "channels.in_person.address"),
    (["local"], {"index": {"nb": "Ring {{ phone_link }}", "nn": "Ring oss"}}, "local.index.nb",
     "placeholders such as '{{ phone_link }}' are not filled in local text"),
    (["local"], {"koordinator": {"nb": "x", "nn": "{% if x %}y{% endif %}"}}, "local.koordinator.nn",
     "are not filled in local text"),
    (["channels"], {"phone": {"number": "ring oss"}}, "channels.phone.number", "expected a phone number"),
    (["channels"], {"in_person": {"address": {"street": "Gate 1", "postcode": "1234", "place": "By"}}},
     "channels.in_person.opening_hours", "the key 'opening_hours' is missing"),
    (["channels"], {"digital": {"name": {"nb": "x", "nn": "x"}, "url": "ikke en adresse"}},
     "channels.digital.url", "expected a web address"),
    (["unit", "postal_address", "postcode"], "123", "unit.postal_address.postcode",
     "expected a postcode of four digits"),
    (["last_reviewed"], "i fjor", "last_reviewed", "expected a date written YYYY-MM-DD"),
    (["unit", "name", "nn"], KeyError, "unit.name.nn", "the key 'nn' is missing under 'unit.name'"),
    (["telefaks"], "123", "telefaks", "unknown key 'telefaks'"),
])
def test_bad_values_name_file_path_and_expectation(tmp_path, keys, value, path, expected):
    p = write(tmp_path, mutate(keys, value))
    with pytest.raises(DataError) as exc:
        load_municipality(p)
    assert exc.value.file == str(p)
    assert exc.value.path == path
    assert expected in exc.value.reason
    assert str(exc.value).startswith(f"{p}:{exc.value.line}: {path}: ")
    assert exc.value.line


def _report(tmp_path, text):
    p = write(tmp_path, text)
    with pytest.raises(DataError) as exc:
        load_municipality(p)
    return exc.value.report().replace(str(p), "F")


def _edit(line_no: int, new: str) -> str:
    """MINIMAL with line ``line_no`` (1-based) replaced."""
    lines = MINIMAL.splitlines()
    lines[line_no - 1] = new
    return "\n".join(lines) + "\n"


def test_exact_message_for_bad_kommunenummer(tmp_path):
    assert _report(tmp_path, _edit(2, 'kommunenummer: "12a4"')) == (
        "F:2: kommunenummer: expected a kommunenummer of exactly 4 digits, as a quoted string "
        "like '3440' (got '12a4')\n  hint: like kommunenummer: \"3440\"")


def test_unquoted_postcode_with_a_leading_zero(tmp_path):
    text = _edit(5, "  postal_address: {street: Postboks 1, postcode: 0150, place: Oslo}")
    assert _report(tmp_path, text) == (
        "F:5: unit.postal_address.postcode: expected a text in quotes, but YAML read 0150 as a "
        "number (104: YAML reads numbers with a leading zero as octal)\n"
        "  hint: put it in quotes: postcode: \"0150\"")


def test_impossible_date_is_a_data_error_not_a_crash(tmp_path):
    assert _report(tmp_path, _edit(12, "last_reviewed: 2023-02-30")) == (
        "F:12: last_reviewed: 2023-02-30 is not a real date: February 2023 has 28 days\n"
        "  hint: dates are YYYY-MM-DD, like 2026-11-24")


def test_norwegian_date_order(tmp_path):
    assert _report(tmp_path, _edit(12, "last_reviewed: 02.03.2023")) == (
        "F:12: last_reviewed: dates are written year-month-day (got '02.03.2023')\n"
        "  hint: write last_reviewed: 2023-03-02")


def test_key_typo_is_one_problem_with_did_you_mean(tmp_path):
    text = _edit(8, "  opening_hour: {nb: Hverdager 08.00–15.00, nn: Kvardagar 08.00–15.00}")
    assert _report(tmp_path, text) == (
        "F:8: unit.opening_hour: unknown key 'opening_hour'\n  hint: did you mean opening_hours?")


def test_every_problem_at_once_in_line_order(tmp_path):
    text = _edit(12, "last_reviewed: 2023-02-30")
    text = text.replace('postcode: "1234"', "postcode: 0150").replace("opening_hours:", "opening_hour:")
    text = text.replace("# (no services key: all three services are always published)",
                        "channels: {phone: {numbr: 61 26 60 00}}")
    lines = _report(tmp_path, text).splitlines()
    assert [ln.split(": ")[0] for ln in lines if not ln.startswith("  ")] == \
        ["F:5", "F:8", "F:9", "F:12"]
    assert "  hint: did you mean number?" in lines


def test_key_given_twice(tmp_path):
    assert _report(tmp_path, MINIMAL + "kommunenummer: \"1111\"\n") == (
        "F:13: kommunenummer: the key 'kommunenummer' is given twice (first on line 2)\n"
        "  hint: keep one of them: YAML would silently use only the last")


def test_text_pair_given_as_one_text(tmp_path):
    assert _report(tmp_path, _edit(10, "complaint_body: Statsforvalteren i Testfylke")) == (
        "F:10: complaint_body: expected a text in both written standards "
        "(got 'Statsforvalteren i Testfylke')\n  hint: write it as two lines under "
        "'complaint_body:', like  nb: Statsforvalteren i Testfylke  and  nn: ...")


@pytest.mark.parametrize("text,expected", [
    ("a: 1\n b: 2\n", "F:2: a colon followed by a space where YAML does not expect a new key"),
    ("unit:\n  email: x\n phone: y\n", "F:3: the indentation does not line up with the lines above"),
    ("name: x\nkommunenummer\nunit: y\n",
     "F:2: this line is not 'key: value' (is the colon missing?)"),
    ("name: 'Øyer\nunit: y\n", "F:1: a quote (\" or ') that is opened here is never closed"),
    ("unit:\n\temail: x\n", "F:2: a tab character"),
])
def test_yaml_syntax_errors_in_plain_words_on_the_right_line(tmp_path, text, expected):
    assert _report(tmp_path, text).splitlines()[0] == expected


@pytest.mark.parametrize("name", ["Øyer.yml", "my_town.yml", "-x.yml"])
def test_slug_must_be_plain(tmp_path, name):
    p = write(tmp_path, MINIMAL, name)
    with pytest.raises(DataError, match="plain slug"):
        load_municipality(p)


@pytest.mark.parametrize("junk", ["", "- a\n- b\n", "name: [unclosed\n", "\x00\x01", "42"])
def test_junk_gives_a_clean_error(tmp_path, junk):
    p = write(tmp_path, junk)
    with pytest.raises(DataError) as exc:
        load_municipality(p)
    assert str(p) in str(exc.value)


def test_not_utf8(tmp_path):
    p = tmp_path / "testby.yml"
    p.write_bytes(MINIMAL.replace("–", "-").replace("Kvardagar", "Kvardagar\xe6").encode("latin-1"))
    with pytest.raises(DataError, match="not UTF-8"):
        load_municipality(p)
