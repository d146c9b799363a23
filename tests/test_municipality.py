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
    (["unit", "email"], KeyError, "unit.email", "required field is missing"),
    (["kommunenummer"], "12345", "kommunenummer", "expected a kommunenummer of exactly 4 digits"),
    (["kommunenummer"], 3440, "kommunenummer", "expected a valid string"),
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
     "channels.in_person.opening_hours", "required field is missing"),
    (["channels"], {"digital": {"name": {"nb": "x", "nn": "x"}, "url": "ikke en adresse"}},
     "channels.digital.url", "URL"),
    (["unit", "postal_address", "postcode"], "123", "unit.postal_address.postcode", "should match pattern"),
    (["last_reviewed"], "i fjor", "last_reviewed", "expected a valid date"),
    (["unit", "name", "nn"], KeyError, "unit.name.nn", "required field is missing"),
    (["telefaks"], "123", "telefaks", "unknown field"),
])
def test_bad_values_name_file_path_and_expectation(tmp_path, keys, value, path, expected):
    p = write(tmp_path, mutate(keys, value))
    with pytest.raises(DataError) as exc:
        load_municipality(p)
    assert exc.value.file == str(p)
    assert exc.value.path == path
    assert expected in exc.value.reason
    assert str(exc.value).startswith(f"{p}: {path}: ")


def test_exact_message_for_bad_kommunenummer(tmp_path):
    p = write(tmp_path, mutate(["kommunenummer"], "12a4"))
    with pytest.raises(DataError) as exc:
        load_municipality(p)
    assert str(exc.value) == (f"{p}: kommunenummer: expected a kommunenummer of exactly 4 digits, "
                              "as a quoted string like '3440' (got '12a4')")


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


def test_yaml_syntax_error_names_line(tmp_path):
    p = write(tmp_path, MINIMAL + "services: [a, \n  b: c\n")
    with pytest.raises(DataError) as exc:
        load_municipality(p)
    assert "not valid YAML" in str(exc.value)
    assert exc.value.path.startswith("line ")


def test_not_utf8(tmp_path):
    p = tmp_path / "testby.yml"
    p.write_bytes(MINIMAL.replace("–", "-").replace("Kvardagar", "Kvardagar\xe6").encode("latin-1"))
    with pytest.raises(DataError, match="not UTF-8"):
        load_municipality(p)
