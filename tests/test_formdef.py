"""Form definitions: the field contract, parsing and the error messages."""

from __future__ import annotations

import pytest

from ipforms.core.errors import FormError
from ipforms.forms.formdef import list_forms, load_form, parse_form

CONTRACT = {
    "soknad": """municipality_name municipality_unit municipality_address municipality_email
        municipality_channels
        service_ip service_koordinator service_barnekoordinator person_name person_fnr
        person_address person_postcode person_postplace person_country person_phone person_email expected_child
        due_date applicant_role applicant_name applicant_fnr applicant_address applicant_phone
        applicant_email applicant_relation current_service_1 current_service_2 current_service_3
        current_service_4 current_provider_1 current_provider_2 current_provider_3
        current_provider_4 gp_name gp_phone relative_name relative_relation relative_phone
        need_description attachment_legeerklaering attachment_epikrise attachment_other
        attachment_fullmakt attachment_verge consent_obtain consent_share consent_with sign_place
        sign_date sign_name youth_sign_name youth_sign_date""",
    "fullmakt": """giver_name giver_fnr giver_address receiver_name receiver_fnr receiver_address
        receiver_phone receiver_orgnr scope_ip scope_koordinator scope_barnekoordinator scope_all
        valid_from valid_to id_copy_attached sign_place sign_date sign_name""",
}


@pytest.mark.parametrize("form_id", sorted(CONTRACT))
def test_field_ids_match_the_contract(form_id):
    form = load_form(form_id)
    assert sorted(f.id for f in form.fields) == sorted(CONTRACT[form_id].split())
    assert form_id in list_forms()


def test_types_of_contract_fields():
    s = load_form("soknad")
    assert s.field("person_fnr").type == "fnr"
    assert s.field("person_postcode").type == "postnummer"
    assert s.field("due_date").type == "date"
    assert s.field("need_description").type == "multiline"
    assert s.field("applicant_role").option_ids() == ["self", "parent", "verge", "proxy"]
    assert all(s.field(f).readonly for f in ("municipality_name", "municipality_unit",
                                             "municipality_address", "municipality_email"))
    assert load_form("fullmakt").field("scope_all").type == "checkbox"


def test_every_label_in_both_languages_and_different_where_the_standards_differ():
    s = load_form("soknad")
    assert s.field("person_name").label.nb == "Fullt navn"
    assert s.field("person_name").label.nn == "Fullt namn"
    for form in map(load_form, list_forms()):
        for f in form.fields:
            assert f.label.nb and f.label.nn


def test_required_when():
    s = load_form("soknad")
    due, fnr, name = s.field("due_date"), s.field("person_fnr"), s.field("applicant_name")
    assert due.is_required({"expected_child": True})
    assert not due.is_required({"expected_child": False})
    assert not due.is_required({})
    assert fnr.is_required({}) and not fnr.is_required({"expected_child": True})
    assert name.is_required({"applicant_role": "verge"})
    assert not name.is_required({"applicant_role": "self"})
    missing = [f.id for f in s.missing({"applicant_role": "proxy", "expected_child": False})]
    assert "applicant_name" in missing and "attachment_fullmakt" in missing
    assert "due_date" not in missing and "person_fnr" in missing


@pytest.mark.parametrize("field,raw,expected", [
    ("sign_date", "24.11.2026", "24.11.2026"),
    ("sign_date", "2026-11-24", "24.11.2026"),
    ("person_fnr", "151086 95088", "15108695088"),
    ("person_fnr", "", ""),
    ("person_postcode", "0150", "0150"),
    ("person_phone", "  +47  912 34 567 ", "+47 912 34 567"),
    ("person_email", "a.b@example.no", "a.b@example.no"),
    ("service_ip", "on", True),
    ("service_ip", False, False),
    ("service_ip", "nei", False),
    ("applicant_role", "parent", "parent"),
    ("person_name", "  Åse   Ødegård ", "Åse Ødegård"),
    ("need_description", "linje én\r\nlinje to  \n", "linje én\nlinje to"),
])
def test_parse_normalises(field, raw, expected):
    assert load_form("soknad").field(field).parse(raw) == expected


@pytest.mark.parametrize("field,raw,message", [
    ("person_fnr", "15108695089",
     "field 'person_fnr': not a valid fødselsnummer or D-nummer: the check digits are wrong "
     "(got '15108695089')"),
    ("person_fnr", "1510869508",
     "field 'person_fnr': not a valid fødselsnummer or D-nummer: it must have 11 digits "
     "(got '1510869508')"),
    ("sign_date", "31.02.2026",
     "field 'sign_date': expected a date written dd.mm.åååå, like 24.11.2026, got '31.02.2026'"),
    ("person_postcode", "263", "field 'person_postcode': expected a postnummer of 4 digits, "
     "like 2636, got '263'"),
    ("service_ip", "kanskje", "field 'service_ip': a checkbox takes yes or no "
     "(true/false, ja/nei, on/off), got 'kanskje'"),
    ("applicant_role", "mother", "field 'applicant_role': unknown choice 'mother'; "
     "expected one of self, parent, verge, proxy"),
    ("person_name", "x" * 81, "field 'person_name': too long: 81 characters, at most 80 allowed"),
    ("person_name", "a\nb", "field 'person_name': expected one line of text, got a line break"),
    ("person_email", "not-an-address", "field 'person_email': expected an e-mail address like "
     "navn@example.no, got 'not-an-address'"),
    ("person_name", ["junk"], "field 'person_name': expected text, got ['junk']"),
])
def test_bad_values_give_exact_messages(field, raw, message):
    with pytest.raises(FormError) as exc:
        load_form("soknad").field(field).parse(raw)
    assert str(exc.value) == message


def test_unknown_field_suggests_close_names():
    with pytest.raises(FormError) as exc:
        load_form("soknad").field("person_nmae")
    assert str(exc.value) == "field 'person_nmae': unknown field in form 'soknad'"
    assert exc.value.hint.startswith("did you mean person_name")


def test_unknown_form():
    with pytest.raises(FormError, match="no form definition 'nope'"):
        load_form("nope")


@pytest.mark.parametrize("raw,message", [
    ([], "expected a mapping at the top level"),
    ({"id": "x", "version": "1", "title": {"nb": "a", "nn": "b"}, "sections": []},
     "sections: List should have at least 1 item after validation, not 0"),
    ({"id": "x", "version": "1", "title": {"nb": "a", "nn": "b"}, "sections": [
        {"id": "s", "title": {"nb": "a", "nn": "b"}, "fields": [
            {"id": "c", "type": "choice", "label": {"nb": "a", "nn": "b"}}]}]},
     "sections.0.fields.0: a choice field needs at least two options"),
    ({"id": "x", "version": "1", "title": {"nb": "a"}, "sections": []}, "title.nn: Field required"),
])
def test_bad_definitions(raw, message):
    with pytest.raises(FormError) as exc:
        parse_form(raw, file="forms/x.yml")
    assert str(exc.value) == f"forms/x.yml: {message}"


def test_a_postal_code_abroad_is_text_the_four_digits_only_in_norway():
    soknad = load_form("soknad")
    assert soknad.parse({"person_country": "Sverige", "person_postcode": " 113 51 "}) == \
        {"person_country": "Sverige", "person_postcode": "113 51"}
    for norway in ("", "Norge", " noreg ", "NORWAY"):
        with pytest.raises(FormError, match="4 digits"):
            soknad.parse({"person_country": norway, "person_postcode": "113 51"})
    with pytest.raises(FormError, match="too long"):
        soknad.parse({"person_country": "Sverige", "person_postcode": "1" * 11})
    with pytest.raises(FormError, match="country names unknown field"):
        parse_form({"id": "x", "version": "1", "title": {"nb": "X", "nn": "X"}, "sections": [
            {"id": "s", "title": {"nb": "S", "nn": "S"}, "fields": [
                {"id": "code", "type": "postnummer", "label": {"nb": "P", "nn": "P"},
                 "country": "land"}]}]})
