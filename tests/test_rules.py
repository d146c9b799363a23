"""Every validation rule, positive and negative, with its message in nb and nn.

Each case runs twice: on PDFs the test makes with the project's own fill (the
application, and each fullmakt as a separate file), read back by
``validate_file``; and on the plain values given to the pure rule functions. Both
must give the same findings.  A value that fill itself refuses to write (too long
for the field, a radio state that does not exist) can only come from another
tool; those few cases run on the values alone (``pdf=False``).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

from ipforms.forms.fill import fill_pdf
from ipforms.forms.pdfdraw import blank_pdf
from ipforms.validation.validate import validate_file

from ipforms.dev.demo_applications import application, born, fullmakt
from ipforms.core.fnr import synthetic
from ipforms.validation.messages import render
from ipforms.validation.rules import AttachmentInfo, check_application
from ipforms.validation import messages as msgs, rules
from ipforms.core import signing
from ipforms.forms.formdef import load_form

DAY = dt.date(2026, 11, 24)
LANGS = ("nb", "nn")


JPEG = bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffd9")


def _scan_pdf() -> bytes:
    """A one-page PDF with no fields, as a scanner writes it (a JPEG under a .pdf name is
    refused as a polyglot, issue 19)."""
    import io

    from pypdf import PdfWriter

    w = PdfWriter()
    w.add_blank_page(595, 842)
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


#: the running test's tmp_path: replaced for every test by the autouse fixture below
TMP = Path("/nonexistent")


@pytest.fixture(autouse=True)
def _tmp(tmp_path, monkeypatch):
    monkeypatch.setattr(sys.modules[__name__], "TMP", tmp_path, raising=False)


def _via_pdf(values, attachments, received):
    """Fill the application (and each attachment) with the project's fill, then validate."""
    folder = TMP / f"case{len(list(TMP.iterdir()))}"
    folder.mkdir()
    app = folder / "app.pdf"
    app.write_bytes(fill_pdf(blank_pdf("soknad", "nb"), values))
    paths = []
    for a in attachments:
        p = folder / a.name
        if a.kind == "fullmakt_form":
            p.write_bytes(fill_pdf(blank_pdf("fullmakt", "nn"), a.values))
        else:
            p.write_bytes(_scan_pdf() if a.name.endswith(".pdf") else JPEG)  # a scan
        paths.append(p)
    result = validate_file(app, paths, received=received)
    # what the file shows about signatures is judged beside the rules (validation.signatures,
    # tests/test_signatures.py): a typed name is always a signature.typed_* warning
    return [f for f in result.findings if not f.code.startswith("signature.")]


def run(values, attachments=(), received=DAY, pdf=True):
    found = check_application(values, list(attachments), received)
    if pdf:
        via_pdf = _via_pdf(values, attachments, received)
        assert [f.to_dict() for f in via_pdf] == [f.to_dict() for f in found]
    return found


def codes(findings, severity=None):
    return {f.code for f in findings if severity is None or f.severity == severity}


def errors(findings):
    return codes(findings, "error")


def find(findings, code):
    hits = [f for f in findings if f.code == code]
    assert hits, f"{code} not in {codes(findings)}"
    return hits[0]


def messages(findings, code):
    """The message of ``code`` in nb and nn (each filled, no unknown placeholder)."""
    f = find(findings, code)
    out = {lang: render(f.code, lang, f.params, field=f.field) for lang in LANGS}
    for text in out.values():
        assert "?" not in text and "{" not in text
    return out


def fm(app, **kw):
    return AttachmentInfo("x.fullmakt.pdf", "fullmakt_form", "separate", values=fullmakt(app, DAY, **kw))


# --- a valid application ------------------------------------------------------------------------

def test_valid_application_has_no_error_or_warning():
    out = run(application(DAY))
    assert codes(out) == {"fullmakt.not_needed_self"}
    m = messages(out, "fullmakt.not_needed_self")
    assert "personen selv" in m["nb"] and "personen sjølv" in m["nn"]


# --- required and required-when -------------------------------------------------------------

@pytest.mark.parametrize("fid,nb,nn", [
    ("person_name", "«Fullt navn»", "«Fullt namn»"),
    ("need_description", "«Beskriv hva du trenger", "«Skildre kva du treng"),
    ("person_postplace", "«Poststed»", "«Poststad»"),
])
def test_required_field_missing(fid, nb, nn):
    out = run(application(DAY, **{fid: ""}))
    f = find(out, "field.required")
    assert f.field == f"soknad:{fid}" and f.severity == "error"
    m = messages(out, "field.required")
    assert m["nb"].startswith(nb) and "mangler" in m["nb"] and "må fylles ut" in m["nb"]
    assert m["nn"].startswith(nn) and "manglar" in m["nn"] and "må fyllast ut" in m["nn"]


def test_required_when_applicant_is_not_the_person():
    out = run(application(DAY, role="proxy", applicant_name=""))
    assert "soknad:applicant_name" in {f.field for f in out if f.code == "field.required"}
    # the same empty field is fine when the person applies
    out = run(application(DAY, applicant_name=""))
    assert "field.required" not in codes(out)


def test_person_fnr_asked_unless_expected_child():
    # issue 25: no act requires a number to apply: a warning that says so, not "not valid"
    out = run(application(DAY, person_fnr=""))
    f = find(out, "person.no_id")
    assert f.field == "soknad:person_fnr" and f.severity == "warning" and not errors(out)
    assert "Ingen lov krever" in messages(out, "person.no_id")["nb"]
    out = run(application(DAY, role="parent", services=("barnekoordinator",), person_fnr="",
                          expected_child=True, due_date="01.03.2027"))
    assert not errors(out)
    out = run(application(DAY, role="parent", services=("barnekoordinator",), person_fnr="",
                          expected_child=True, due_date=""))
    assert find(out, "field.required").field == "soknad:due_date"


def test_consent_alone_is_a_warning_not_invalid():
    # issue 11 item 5: consent to obtain/share information is not a condition for applying
    out = run(application(DAY, consent_obtain=False))
    assert not errors(out)
    f = find(out, "consent.obtain_not_ticked")
    assert f.severity == "warning" and f.field == "soknad:consent_obtain"
    m = messages(out, "consent.obtain_not_ticked")
    assert "er ikke krysset av" in m["nb"] and "er ikkje kryssa av" in m["nn"]
    assert "mangler" not in m["nb"] and "manglar" not in m["nn"]
    out = run(application(DAY, consent_share=False))
    assert not errors(out) and find(out, "consent.share_not_ticked").severity == "note"
    assert "er ikkje kryssa av" in messages(out, "consent.share_not_ticked")["nn"]


# --- values of their type --------------------------------------------------------------------

def test_fnr_check_digits():
    good = application(DAY)["person_fnr"]
    bad = good[:-1] + str((int(good[-1]) + 1) % 10)
    out = run(application(DAY, person_fnr=bad))
    m = messages(out, "field.fnr_invalid")
    assert "ikke et gyldig fødselsnummer" in m["nb"] and "ikkje eit gyldig fødselsnummer" in m["nn"]
    # "ddmmyy nnnnn" (12 characters) is valid too; fill keeps it out of the 11-character field
    spaced = application(DAY, person_fnr=good[:6] + " " + good[6:])
    assert "field.fnr_invalid" not in codes(run(spaced, pdf=False))


def test_d_number_is_accepted():
    d = synthetic(dt.date(1980, 6, 5), d_number=True)
    assert not errors(run(application(DAY, person_fnr=d)))


def test_fnr_birth_date_must_be_plausible():
    # a valid number whose birth date is after the received date
    future = synthetic(DAY + dt.timedelta(days=5))
    out = run(application(DAY, person_fnr=future), received=DAY)
    m = messages(out, "field.fnr_implausible")
    assert "29. november 2026" in m["nb"] and "ikke kan stemme" in m["nb"]
    assert "ikkje kan stemme" in m["nn"]
    ancient = synthetic(dt.date(1900, 1, 1))
    assert "field.fnr_implausible" in codes(run(application(DAY, person_fnr=ancient)))


@pytest.mark.parametrize("value,ok", [("2636", True), ("0150", True), ("263", False),
                                      ("26 36", False), ("2a36", False)])
def test_postnummer_four_digits(value, ok):
    # fill refuses five characters in a four-character field: values only for "26 36"
    out = run(application(DAY, person_postcode=value), pdf=len(value) <= 4)
    assert ("field.postnummer_invalid" not in codes(out)) is ok
    if not ok:
        m = messages(out, "field.postnummer_invalid")
        assert "fire sifre" in m["nb"] and "fire siffer" in m["nn"] and value in m["nb"]


@pytest.mark.parametrize("country,postcode,code", [
    ("Sverige", "113 51", None), ("Storbritannia", "SW1A 1AA", None), ("Tyskland", "10115", None),
    ("", "113 51", "field.postnummer_invalid"), ("Norge", "113 51", "field.postnummer_invalid"),
    (" NOREG ", "2636", None), ("Sverige", "12345678901", "field.too_long")])
def test_postal_code_abroad_is_any_text_the_four_digits_only_in_norway(country, postcode, code):
    """A citizen living in Sweden can apply: the postnummer rule is Norway's (the country field
    empty or naming Norway); abroad any postal code that fits the field."""
    out = run(application(DAY, person_country=country, person_postcode=postcode),
              pdf=code is None)
    found = {f.code for f in out if f.field == "soknad:person_postcode"}
    assert found == ({code} if code else set())


@pytest.mark.parametrize("value,ok", [("912 34 567", True), ("+47 912 34 567", True),
                                      ("1234", False), ("ring meg", False)])
def test_phone_well_formed(value, ok):
    out = run(application(DAY, person_phone=value))
    assert ("field.phone_invalid" not in codes(out)) is ok
    if not ok:
        m = messages(out, "field.phone_invalid")
        assert "telefonnummer" in m["nb"] and "ikkje eit gyldig telefonnummer" in m["nn"]


@pytest.mark.parametrize("value,ok", [("a@example.no", True), ("a@b", False), ("a.example.no", False)])
def test_email_well_formed(value, ok):
    out = run(application(DAY, person_email=value))
    assert ("field.email_invalid" not in codes(out)) is ok
    if not ok:
        m = messages(out, "field.email_invalid")
        assert "e-postadresse" in m["nb"] and "ikkje ei gyldig e-postadresse" in m["nn"]


def test_date_must_be_real():
    out = run(application(DAY, sign_date="31.02.2026"))
    m = messages(out, "field.date_invalid")
    assert "31.02.2026" in m["nb"] and "dd.mm.åååå" in m["nn"] and "til dømes" in m["nn"]
    assert "field.date_invalid" not in codes(run(application(DAY, sign_date="2026-11-20")))


def test_date_not_after_received():
    out = run(application(DAY, sign_date="25.11.2026"))
    f = find(out, "field.date_after_received")
    assert f.field == "soknad:sign_date"
    m = messages(out, "field.date_after_received")
    assert "25. november 2026" in m["nb"] and "24. november 2026" in m["nb"]
    assert "vart motteken" in m["nn"]
    assert "field.date_after_received" not in codes(run(application(DAY, sign_date="24.11.2026")))


def test_too_long_and_unknown_choice():
    out = run(application(DAY, need_description="x" * 1501), pdf=False)  # fill refuses it
    m = messages(out, "field.too_long")
    assert "1501 tegn" in m["nb"] and "1501 teikn" in m["nn"]
    out = run(application(DAY, applicant_role="kusine"), pdf=False)  # no such radio state
    m = messages(out, "field.choice_invalid")
    assert "kusine" in m["nb"] and "ukjent val" in m["nn"]


def test_at_least_one_service():
    out = run(application(DAY, services=()))
    m = messages(out, "services.none")
    assert "Ingen tjeneste" in m["nb"] and "Inga teneste" in m["nn"]
    assert "services.none" not in codes(run(application(DAY, services=("koordinator",))))


# --- signed ---------------------------------------------------------------------------------

def test_signature_complete():
    out = run(application(DAY, sign_name=""))
    f = find(out, "sign.missing")
    assert f.field == "soknad:sign_name" and f.severity == "error"
    assert "field.required" not in codes(out)  # reported once, by the signature rule
    m = messages(out, "sign.missing")
    assert "Underskriften er ikke fullstendig" in m["nb"] and "Underskrifta er ikkje" in m["nn"]


@pytest.mark.parametrize("fid,code", [("sign_place", "sign.no_place"), ("sign_date", "sign.no_date")])
def test_signature_place_and_date_are_not_conditions(fid, code):
    # issue 25: no act requires them: a warning that says the law is silent
    out = run(application(DAY, **{fid: ""}))
    f = find(out, code)
    assert f.field == f"soknad:{fid}" and f.severity == "warning" and not errors(out)
    assert "Ingen lov krever" in messages(out, code)["nb"]
    assert "Inga lov krev" in messages(out, code)["nn"]


# --- fullmakt -----------------------------------------------------------------------------

def test_parent_for_child_under_16_needs_no_fullmakt():
    out = run(application(DAY, role="parent", age=12))
    assert not errors(out)
    m = messages(out, "fullmakt.not_needed_child")
    assert "under 16 år (12 år)" in m["nb"] and "søkjer for eit barn" in m["nn"]


def test_age_counted_on_the_received_date():
    # the child turns 16 the day after the application was signed, before it is received:
    # from then on the young person decides (pbrl § 4-3), and the report says the age changed
    signed = DAY - dt.timedelta(days=2)
    fnr = synthetic(dt.date(signed.year - 16, signed.month, signed.day) + dt.timedelta(days=1))
    out = run(application(DAY, role="parent", person_fnr=fnr))
    assert "fullmakt.youth_missing" in errors(out)
    f = find(out, "age.threshold_crossed")
    assert f.severity == "warning" and f.params["threshold"] == 16
    m = messages(out, "age.threshold_crossed")
    assert "fylte 16 år 23. november 2026" in m["nb"] and "vart skriven under" in m["nn"]


def test_parent_for_expected_child_needs_no_fullmakt():
    out = run(application(DAY, role="parent", services=("barnekoordinator",), person_fnr="",
                          expected_child=True, due_date="01.04.2027"))
    assert not errors(out)
    m = messages(out, "fullmakt.not_needed_expected")
    assert "ventet" in m["nb"] and "venta" in m["nn"]


def test_parent_for_17_year_old_needs_their_signature_or_fullmakt():
    app = application(DAY, role="parent", age=17, services=("ip",))
    out = run(app)
    f = find(out, "fullmakt.youth_missing")
    assert f.severity == "error" and f.params["age"] == 17
    m = messages(out, "fullmakt.youth_missing")
    assert "17 år" in m["nb"] and "§ 4-3" in m["nb"] and "individuell plan" in m["nb"]
    assert "pasient- og brukarrettslova § 4-3" in m["nn"] and "sjølv" in m["nn"]
    # own signature on the application
    out = run({**app, "youth_sign_name": "EKSEMPELPERSON", "youth_sign_date": "20.11.2026"})
    assert not errors(out) and "fullmakt.youth_signed" in codes(out)
    # or a fullmakt from the young person
    app_t = {**app, "attachment_fullmakt": True}
    out = run(app_t, [fm(app_t)])
    assert not errors(out) and "fullmakt.ok" in codes(out)


def test_parent_applies_for_barnekoordinator_until_18():
    out = run(application(DAY, role="parent", age=17, services=("barnekoordinator",)))
    assert not errors(out)
    m = messages(out, "fullmakt.not_needed_barnekoordinator")
    assert "familiens rett" in m["nb"] and "retten til familien" in m["nn"]


def test_parent_for_an_adult_needs_fullmakt():
    out = run(application(DAY, role="parent", age=30))
    m = messages(out, "fullmakt.missing_adult")
    assert "30 år" in m["nb"] and "vaksen" in m["nn"]
    app = application(DAY, role="parent", age=30, attachment_fullmakt=True)
    assert not errors(run(app, [fm(app)]))


def test_proxy_needs_fullmakt():
    out = run(application(DAY, role="proxy"))
    m = messages(out, "fullmakt.missing")
    assert "§ 12" in m["nb"] and "skriftlig fullmakt" in m["nb"] and "skriftleg fullmakt" in m["nn"]


def test_proxy_with_our_fullmakt_that_holds():
    app = application(DAY, role="proxy", attachment_fullmakt=True)
    out = run(app, [fm(app)])
    assert not errors(out) and not codes(out, "warning")
    m = messages(out, "fullmakt.ok")
    assert "holder" in m["nb"] and "held" in m["nn"] and "x.fullmakt.pdf" in m["nn"]


def test_fullmakt_in_another_form_is_a_warning_never_a_silent_pass():
    app = application(DAY, role="proxy", attachment_fullmakt=True)
    out = run(app, [AttachmentInfo("skann-fullmakt.jpg", "fullmakt_other", "separate")])
    assert not errors(out)
    f = find(out, "fullmakt.manual_check")
    assert f.severity == "warning"
    m = messages(out, "fullmakt.manual_check")
    assert "manuelt" in m["nb"] and "sjekkast manuelt" in m["nn"] and "skann-fullmakt.jpg" in m["nb"]


def test_fullmakt_ticked_but_none_found_is_an_error():
    out = run(application(DAY, role="proxy", attachment_fullmakt=True))
    m = messages(out, "fullmakt.ticked_none_found")
    assert "«Fullmakt lagt ved»" in m["nb"] and "«Fullmakt lagd ved»" in m["nn"]
    assert find(out, "fullmakt.ticked_none_found").severity == "error"


def test_fullmakt_ticked_with_unnamed_attachment_is_checked_by_hand():
    app = application(DAY, role="proxy", attachment_fullmakt=True)
    out = run(app, [AttachmentInfo("skann001.pdf", "other", "embedded")])
    assert not errors(out)
    assert "skann001.pdf" in messages(out, "fullmakt.maybe_in")["nn"]


def test_fullmakt_found_but_not_ticked_is_a_warning():
    app = application(DAY, role="proxy", attachment_fullmakt=False)
    out = run(app, [fm(app)])
    assert not errors(out)
    assert find(out, "fullmakt.found_not_ticked").severity == "warning"
    m = messages(out, "fullmakt.found_not_ticked")
    assert "ikke krysset av" in m["nb"] and "ikkje kryssa av" in m["nn"]


@pytest.mark.parametrize("change,code,nb,nn", [
    (dict(giver_fnr="other"), "fullmakt.giver_not_person", "en annen enn personen", "ein annan enn personen"),
    (dict(receiver_fnr="other"), "fullmakt.receiver_not_applicant", "en annen enn søkeren", "ein annan enn søkjaren"),
    (dict(receiver_fnr="minor"), "fullmakt.receiver_minor", "må ha fylt 18 år", "må ha fylt 18 år"),
    (dict(scope_koordinator=False), "fullmakt.scope_missing", "dekker ikke koordinator", "dekkjer ikkje koordinator"),
    (dict(sign_name=""), "fullmakt.unsigned", "ikke fylt ut", "ikkje fylt ut"),
    (dict(valid_to="01.11.2026"), "fullmakt.expired", "1. november 2026", "galdt berre til"),
    (dict(valid_from="01.12.2026"), "fullmakt.not_yet_valid", "1. desember 2026", "gjeld først frå"),
])
def test_our_fullmakt_form_checks(change, code, nb, nn):
    app = application(DAY, role="proxy", attachment_fullmakt=True)
    subst = {"other": born(DAY, 50, serial=7), "minor": born(DAY, 15, serial=2)}
    change = {k: subst.get(v, v) for k, v in change.items()}
    out = run(app, [fm(app, **change)])
    assert find(out, code).severity == "error"
    assert "fullmakt.ok" not in codes(out)
    m = messages(out, code)
    assert nb in m["nb"] and nn in m["nn"]


def test_fullmakt_signed_after_the_application_approves_it():
    # issue 25: fvl § 12 sets no order; a written fullmakt given later approves the act
    app = application(DAY, role="proxy", attachment_fullmakt=True)
    out = run(app, [fm(app, sign_date="23.11.2026", valid_from="23.11.2026")])
    assert find(out, "fullmakt.signed_after").severity == "warning"
    assert find(out, "fullmakt.valid_after_application").severity == "warning"
    assert not errors(out) and "fullmakt.ok" in codes(out)
    assert "godkjenner søknaden" in messages(out, "fullmakt.signed_after")["nb"]


def test_fullmakt_giver_fnr_masked_unless_asked():
    app = application(DAY, role="proxy", attachment_fullmakt=True)
    other = born(DAY, 50, serial=7)
    out = run(app, [fm(app, giver_fnr=other)])
    f = find(out, "fullmakt.giver_not_person")
    masked = render(f.code, "nb", f.params, field=f.field)
    assert other not in masked and other[:6] + "*****" in masked
    assert other in render(f.code, "nb", f.params, field=f.field, show_fnr=True)


def test_fullmakt_scope_all_covers_every_service():
    app = application(DAY, role="proxy", attachment_fullmakt=True)
    out = run(app, [fm(app, scope_ip=False, scope_koordinator=False, scope_all=True)])
    assert not errors(out)


def test_fullmakt_without_id_copy_is_only_a_note():
    """No ID copy is required (fvl § 12: a written fullmakt); the fullmakt still holds."""
    app = application(DAY, role="proxy", attachment_fullmakt=True)
    out = run(app, [fm(app, id_copy_attached=False)])
    assert not errors(out) and "fullmakt.ok" in codes(out)
    assert find(out, "fullmakt.id_copy_missing").severity == "note"
    m = messages(out, "fullmakt.id_copy_missing")
    assert "Det kreves ikke" in m["nb"] and "Det blir ikkje kravd" in m["nn"]


def test_fullmakt_field_values_checked_too():
    app = application(DAY, role="proxy", attachment_fullmakt=True)
    out = run(app, [fm(app, giver_address="")])
    f = [f for f in out if f.code == "field.required"][0]
    assert f.field == "fullmakt:giver_address"
    m = messages(out, "field.required")
    assert "fullmakten: Den som gir fullmakt" in m["nb"] and "fullmakta: Den som gir fullmakt" in m["nn"]


def test_verge_needs_proof_of_authority():
    out = run(application(DAY, role="verge"))
    m = messages(out, "verge.proof_missing")
    assert "vergefullmakt" in m["nb"] and "verjefullmakt" in m["nn"] and "Statsforvaltaren" in m["nn"]
    app = application(DAY, role="verge", attachment_verge=True)
    out = run(app, [AttachmentInfo("a.vergefullmakt.pdf", "verge_proof", "separate")])
    assert not errors(out) and find(out, "verge.manual_check").severity == "warning"
    out = run(app)
    assert find(out, "verge.ticked_none_found").severity == "error"
    out = run(application(DAY, role="verge"), [AttachmentInfo("v.verge.pdf", "verge_proof")])
    assert find(out, "verge.found_not_ticked").severity == "warning"


# --- barnekoordinator, hints, due date -------------------------------------------------------

def test_barnekoordinator_for_child_under_18():
    out = run(application(DAY, role="parent", age=19, services=("barnekoordinator",),
                          attachment_fullmakt=False))
    m = messages(out, "barnekoordinator.too_old")
    assert "19 år" in m["nb"] and "i stedet" in m["nb"] and "i staden" in m["nn"]
    assert "barnekoordinator.too_old" not in codes(
        run(application(DAY, role="parent", age=17, services=("barnekoordinator",))))


def test_fewer_than_two_services_today_is_a_note():
    out = run(application(DAY, current_service_2=""))
    f = find(out, "hint.fewer_than_two_services")
    assert f.severity == "note" and not errors(out)
    m = messages(out, "hint.fewer_than_two_services")
    assert "individuell vurdering" in m["nb"] and "ei individuell vurdering" in m["nn"]
    assert "hint.fewer_than_two_services" not in codes(run(application(DAY)))
    # barnekoordinator alone: the hint is about IP and koordinator, so none
    out = run(application(DAY, role="parent", age=5, services=("barnekoordinator",),
                          current_service_2=""))
    assert "hint.fewer_than_two_services" not in codes(out)


def test_due_date_in_the_past_is_a_warning():
    out = run(application(DAY, role="parent", services=("barnekoordinator",), person_fnr="",
                          expected_child=True, due_date="10.11.2026"))
    assert find(out, "due_date.past").severity == "warning" and not errors(out)
    m = messages(out, "due_date.past")
    assert "10. november 2026" in m["nb"] and "fødd" in m["nn"]


def test_the_rules_parameters_name_real_fields_and_severities():
    """resources/checks.yml (read by the rules and by the online form) names fields of our
    forms and known severities only."""
    p = rules.params()
    ids = {form: {f.id for f in load_form(form).fields} for form in ("soknad", "fullmakt")}
    for form, fields in p["special"].items():
        assert set(fields) <= ids[form], form
    assert set(p["future_ok"]) <= ids["soknad"] | ids["fullmakt"]
    for c in p["consent"]:
        assert c["field"] in ids["soknad"]
        assert p["codes"][c["code"]]["severity"] in (rules.WARNING, rules.NOTE)
    assert set(p["verdict_severity"]) <= set(signing.VERDICTS)
    assert set(p["verdict_severity"].values()) <= {rules.ERROR, rules.WARNING, rules.NOTE}


def test_every_finding_code_has_one_severity_field_and_message():
    """``codes`` in resources/checks.yml (read by rules.py and the online form's rules.js):
    each code a known severity (or the signing table's verdict), a field of our forms, a
    message in nb and nn; and every code the parameters and the signing table name is there."""
    p = rules.params()
    codes = p["codes"]
    ids = {form: {f.id for f in load_form(form).fields} for form in ("soknad", "fullmakt")}
    catalogue = msgs.catalogue()
    row_messages = {r.message for r in signing.table().rules}
    for code, entry in codes.items():
        assert set(entry) <= {"severity", "field"}, code
        if "severity" in entry:
            assert entry["severity"] in (rules.ERROR, rules.WARNING, rules.NOTE), code
        else:
            assert code in row_messages, f"{code}: no severity, and no verdict gives it one"
        if entry.get("field"):
            form, _, field = entry["field"].partition(":")
            assert field in ids[form], code
        if not code.startswith(("attachment.", "webform.")):  # the page's own texts
            assert set(catalogue[code]) == {"nb", "nn"}, code
    named = {c["code"] for c in p["consent"]} | {k["code"] for k in p["id_kinds"]}
    named |= {c["code"] for form in p["silent"].values() for c in form}
    named |= {d["code"] for d in p["free_text"]["declared"] + p["free_text"]["warn"]}
    assert named | row_messages <= codes.keys(), sorted((named | row_messages) - codes.keys())
    assert rules.finding("sign.before_birth").field == "soknad:sign_date"
    with pytest.raises(KeyError):
        rules.finding("no.such_code")


def test_name_fold_table_is_casefold_after_lower_casing():
    """webform.js compares names with toLowerCase() and rules.name_fold(); Python with
    str.casefold.  The table makes the two the same for every character."""
    table = rules.name_fold()
    wrong = []
    for i in range(sys.maxunicode + 1):
        if 0xD800 <= i <= 0xDFFF:
            continue
        c = chr(i)
        if "".join(table.get(x, x) for x in c.lower()) != c.casefold():
            wrong.append(f"U+{i:04X}")
    assert not wrong, wrong[:20]
    assert table["ß"] == "ss" and table["ς"] == "σ" and table["ﬁ"] == "fi"


@pytest.mark.parametrize("a,b", [
    ("Jörg STRAẞE", "jörg strasse"), ("ΟΔΥΣΣΕΑΣ", "οδυσσεασ"), ("ﬁnn", "FINN"),
    ("Ŋuolja Čovčča", "ŊUOLJA C\u030cOVC\u030cC\u030cA"),  # decomposed Sámi letters
    ("  Máret\u00a0 Ánde ", "MÁRET ÁNDE"), ("İnci", "i\u0307nci")])
def test_names_compare_folded(a, b):
    assert rules.norm_name(a) == rules.norm_name(b)


def test_names_that_differ_stay_different():
    assert rules.norm_name("İnci") != rules.norm_name("Inci")  # dotted capital I keeps its dot
    assert rules.norm_name("Ŋuolja") != rules.norm_name("Nuolja")


def test_an_expecting_mother_who_applies_as_the_person_gets_a_note_at_the_role():
    """Issue 25: «Personen selv» for a child not yet born: barnekoordinator is the family's
    right (pbrl § 2-5 c), so no refusal, but a note at «Hvem søker» that leads to the role
    (the online form shows notes at their field; one without a field it cannot show)."""
    received = dt.date(2026, 11, 26)
    values = application(received, role="self", services=("barnekoordinator",), person_fnr="",
                         expected_child=True, due_date="26.01.2027", sign_name="EKSEMPELMOR")
    out = check_application(values, [], received)
    note = [f for f in out if f.code == "signing.self_expected"]
    assert [(f.severity, f.field) for f in note] == [("note", "soknad:applicant_role")]
    assert not [f for f in out if f.severity == "error"]
    # the online form's text names the role to tick, as the form labels it, in nb and nn
    parent = load_form("soknad").field("applicant_role").options
    label = {o.id: o.label for o in parent}["parent"]
    for lang in ("nb", "nn"):
        assert f"«{label(lang)}»" in msgs.render("citizen.signing.self_expected", lang, note[0].params)
