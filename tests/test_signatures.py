"""Evidence of signing (ipforms.validation.signatures): a typed name is never called a signature;
a digital signature by a certificate made here is verified (integrity, coverage of later field
changes, the name on the certificate, the trust anchors given); the sender as a channel with
ID-porten login knows them.  Certificates and signatures are made by the test (signkit)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from signkit import change_field, make_ca

from ipforms.validation import report
from ipforms.validation.signatures import Options, load_trust_dir, same_person_name
from ipforms.validation.validate import check_file, scan_folder, validate_file, validate_folder
from ipforms.cli import main
from ipforms.core.errors import IpformsError
from ipforms.dev.demo_applications import application, application_pdf

#: today: the test certificates are valid from yesterday, so the received date is today
DAY = dt.date.today()
SCHEMA = json.loads((Path(__file__).resolve().parent.parent / "src" / "ipforms" / "resources"
                     / "report.schema.json").read_text("utf-8"))
#: what must never be said of a typed name
CLAIMS = re.compile(r"underskrevet|underskriven|har skrevet under|har skrive under", re.I)
YOUTH = "Eksempelperson"      # the person the demo applications are about
PARENT = "Eksempelsøker"       # the applicant when someone else applies


@pytest.fixture(scope="module")
def ca():
    return make_ca()


@pytest.fixture(scope="module")
def trust(ca, tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("trust")
    (d / "ca.pem").write_bytes(ca.pem)
    return d


def youth_by_parent(**more) -> dict:
    """A parent applies for a 16-year-old, who is to sign in their own block; the parent
    typed the youth's name there."""
    return application(DAY, role="parent", age=16, youth_sign_name=YOUTH.upper(),
                       youth_sign_date=(DAY - dt.timedelta(days=2)).strftime("%d.%m.%Y"), **more)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


def by_role(result) -> dict:
    return {s["role"]: s for s in result.signatures}


def codes(result) -> set[str]:
    return {f.code for f in result.findings}


def full_text(result) -> str:
    return "\n".join(report.to_text(result, lang) for lang in ("nb", "nn"))


# --- a typed name ----------------------------------------------------------------------------

def test_typed_names_must_be_checked_in_nb_nn_and_json(tmp_path):
    p = write(tmp_path, "a.pdf", application_pdf(youth_by_parent()))
    r = validate_file(p, received=DAY)
    assert r.status == "valid"  # the verdict on the content stands
    roles = by_role(r)
    assert roles["applicant"]["evidence"] == "typed" and roles["applicant"]["name"] == PARENT
    assert roles["youth"]["evidence"] == "typed" and roles["youth"]["name"] == YOUTH
    warned = {f.code: f for f in r.warnings}
    assert {"signature.typed_applicant", "signature.typed_youth"} <= set(warned)
    nb, nn = report.to_text(r, "nb"), report.to_text(r, "nn")
    assert "Underskrifter:" in nb and "Underskrifter:" in nn
    assert "Et innskrevet navn er ikke en underskrift" in nb
    assert f"sjekk underskriften til {YOUTH} på papir" in nb
    assert "Eit innskrive namn er ikkje ei underskrift" in nn
    assert not CLAIMS.search(nb) and not CLAIMS.search(nn), (nb, nn)
    data = json.loads(report.to_json(r, "nn"))
    jsonschema.validate(data, SCHEMA)
    assert [s["evidence"] for s in data["signatures"]] == ["typed", "typed"]
    assert not CLAIMS.search(json.dumps(data, ensure_ascii=False))


def test_a_self_application_of_16_typed_by_a_parent_is_not_signed(tmp_path):
    p = write(tmp_path, "a.pdf", application_pdf(application(DAY, age=16)))
    r = validate_file(p, received=DAY)
    assert r.status == "valid"
    assert r.signatures == [{"role": "applicant", "name": YOUTH, "evidence": "typed",
                             "details": {"field": "soknad:sign_name", "typed": YOUTH.upper()}}]
    assert "signature.typed_applicant" in {f.code for f in r.warnings}


def test_an_empty_block_is_evidence_none(tmp_path):
    p = write(tmp_path, "a.pdf", application_pdf(application(DAY, sign_name=""), checked=False))
    r = validate_file(p, received=DAY)
    assert by_role(r)["applicant"]["evidence"] == "none"
    assert "signature.typed_applicant" not in codes(r)
    assert "sign.missing" in codes(r)


# --- digital signatures ------------------------------------------------------------------------

def test_signed_digitally_by_the_youth_is_valid(ca, trust, tmp_path):
    pdf = ca.issue(YOUTH).sign(application_pdf(youth_by_parent()))
    p = write(tmp_path, "a.pdf", pdf)
    r = check_file(p, received=DAY, options=Options(trust_roots=load_trust_dir(trust)))
    assert r.status == "valid", report.to_text(r, "nb")
    youth = by_role(r)["youth"]
    assert youth["evidence"] == "digital"
    assert youth["details"]["signer"] == YOUTH and youth["details"]["certificate"] == "trusted"
    when = dt.datetime.fromisoformat(youth["details"]["signing_time"])
    assert abs(when - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=10)
    assert by_role(r)["applicant"]["evidence"] == "typed"  # the parent signs on paper still
    nb = report.to_text(r, "nb")
    assert f"Søknaden er digitalt signert av {YOUTH}" in nb
    assert "digitalt signert av" in report.to_text(r, "nn")
    assert "signature.not_trusted_checked" not in codes(r)
    jsonschema.validate(json.loads(report.to_json(r, "nb")), SCHEMA)


def test_an_async_host_gets_the_same_verdict(ca, trust, tmp_path):
    """validate called with an asyncio loop running in the thread (a web application; a
    browser test before it in the same worker): pyHanko's own loop must not turn a good
    signature into a broken one."""
    import asyncio

    p = write(tmp_path, "a.pdf", ca.issue(YOUTH).sign(application_pdf(youth_by_parent())))

    async def host():
        return check_file(p, received=DAY, options=Options(trust_roots=load_trust_dir(trust)))

    # the host's loop in a thread of its own (this worker's thread may run a browser test's)
    import threading

    got: list = []
    t = threading.Thread(target=lambda: got.append(asyncio.run(host())))
    t.start()
    t.join(120)
    r = got[0]
    assert r.status == "valid", report.to_text(r, "nb")
    assert by_role(r)["youth"]["details"]["signer"] == YOUTH


def test_without_trust_anchors_the_certificate_is_not_checked(ca, tmp_path):
    p = write(tmp_path, "a.pdf", ca.issue(YOUTH).sign(application_pdf(application(DAY, age=16))))
    r = validate_file(p, received=DAY)
    assert r.status == "valid"
    assert by_role(r)["applicant"]["details"]["certificate"] == "not_checked"
    assert "signature.not_trusted_checked" in {f.code for f in r.warnings}
    assert "sertifikatet er ikke sjekket" in report.to_text(r, "nb")


def test_a_certificate_with_another_name_is_an_error_naming_both(ca, trust, tmp_path):
    p = write(tmp_path, "a.pdf", ca.issue("Søster Eksempel").sign(application_pdf(youth_by_parent())))
    r = validate_file(p, received=DAY, options=Options(trust_roots=load_trust_dir(trust)))
    assert r.status == "invalid"
    err = [f for f in r.errors if f.code == "signature.name_mismatch"]
    assert len(err) == 1
    line = report.message(err[0], "nb")
    assert "Søster Eksempel" in line and YOUTH in line and PARENT in line
    assert by_role(r)["youth"]["evidence"] == "typed"


def test_field_changes_after_the_signature_are_an_error(ca, trust, tmp_path):
    signed = ca.issue(YOUTH).sign(application_pdf(application(DAY, age=16)))
    p = write(tmp_path, "a.pdf", change_field(signed, "need_description", "Noe helt annet."))
    r = validate_file(p, received=DAY, options=Options(trust_roots=load_trust_dir(trust)))
    assert r.status == "invalid"
    err = [f for f in r.errors if f.code == "signature.fields_changed"]
    assert err and err[0].params["fields"] == ["soknad:need_description"]
    assert "«Beskriv hva du trenger hjelp til" in report.message(err[0], "nb")  # the label
    assert by_role(r)["applicant"]["evidence"] == "typed"


def test_a_certificate_from_another_ca_is_not_trusted(trust, tmp_path):
    other = make_ca("Annen utsteder")
    p = write(tmp_path, "a.pdf", other.issue(YOUTH).sign(application_pdf(application(DAY, age=16))))
    r = validate_file(p, received=DAY, options=Options(trust_roots=load_trust_dir(trust)))
    assert r.status == "invalid"
    assert "signature.untrusted" in {f.code for f in r.errors}


def test_a_damaged_signature_is_broken(ca, tmp_path):
    pdf = bytearray(ca.issue(YOUTH).sign(application_pdf(application(DAY, age=16))))
    at = pdf.find(b"Eksempelvegen 1")  # a value inside the signed bytes
    pdf[at] = ord("F")
    p = write(tmp_path, "a.pdf", bytes(pdf))
    r = check_file(p, received=DAY)
    assert r.status == "invalid"
    assert "signature.broken" in {f.code for f in r.errors}
    assert by_role(r)["applicant"]["evidence"] == "typed"


def test_names_compare_as_words():
    assert same_person_name("Eksempelperson, Ola", "OLA EKSEMPELPERSON")
    assert same_person_name("Áŋŋá Čáhppes", "ÁŊŊÁ ČÁHPPES")
    assert not same_person_name("Ola Eksempelperson", "Kari Eksempelperson")
    assert not same_person_name("", "")


def test_trust_dir_without_certificates_is_refused(tmp_path):
    with pytest.raises(IpformsError):
        load_trust_dir(tmp_path)
    (tmp_path / "x.pem").write_text("not a certificate")
    with pytest.raises(IpformsError):
        load_trust_dir(tmp_path)


# --- the sender -------------------------------------------------------------------------------

def test_sender_allowed_and_not_allowed(tmp_path):
    values = youth_by_parent()
    p = write(tmp_path, "a.pdf", application_pdf(values))
    ok = validate_file(p, received=DAY, options=Options(sender=values["applicant_fnr"]))
    assert ok.status == "valid"
    assert by_role(ok)["applicant"]["evidence"] == "sender"
    assert "signature.sender_applicant" in codes(ok)
    assert "signature.typed_applicant" not in codes(ok)
    assert "signature.typed_youth" in codes(ok)  # the youth's own block is still typed only

    youth = validate_file(p, received=DAY, options=Options(sender=values["person_fnr"]))
    assert by_role(youth)["youth"]["evidence"] == "sender"

    from ipforms.dev.demo_applications import born
    stranger = born(DAY, 30, serial=7)
    bad = validate_file(p, received=DAY, options=Options(sender=stranger))
    assert bad.status == "invalid"
    err = [f for f in bad.errors if f.code == "signature.sender_not_allowed"]
    assert err
    line = report.message(err[0], "nb")
    assert stranger[:6] + "*****" in line and stranger not in line  # masked
    assert PARENT in line and YOUTH in line


def test_a_child_of_9_cannot_be_the_sender(tmp_path):
    values = application(DAY, role="parent", age=9)
    p = write(tmp_path, "a.pdf", application_pdf(values))
    r = validate_file(p, received=DAY, options=Options(sender=values["person_fnr"]))
    assert "signature.sender_not_allowed" in {f.code for f in r.errors}


def test_cli_sender_trust_dir_and_folder_sidecar(ca, trust, tmp_path):
    values = youth_by_parent()
    folder = tmp_path / "inn"
    folder.mkdir()
    write(folder, "a.pdf", application_pdf(values))
    write(folder, "b.pdf", ca.issue(YOUTH).sign(application_pdf(values)))
    (folder / "a.pdf.json").write_text(json.dumps({"sender": values["applicant_fnr"]}))
    plan = scan_folder(folder)
    assert plan.unused == [] and [g.sidecar.name if g.sidecar else None for g in plan.groups] == \
        ["a.pdf.json", None]
    run = CliRunner().invoke(main, ["validate", str(folder), "--format", "json", "-j", "1",
                                    "--trust-dir", str(trust)])
    lines = [json.loads(x) for x in run.output.splitlines() if x.startswith("{")]
    got = {Path(d["file"]).name: {s["role"]: s["evidence"] for s in d["signatures"]} for d in lines}
    assert got == {"a.pdf": {"applicant": "sender", "youth": "typed"},
                   "b.pdf": {"applicant": "typed", "youth": "digital"}}
    one = CliRunner().invoke(main, ["validate", str(folder / "a.pdf"), "--sender",
                                    values["applicant_fnr"]])
    assert one.exit_code == 0 and "ID-porten" in one.output
    bad = CliRunner().invoke(main, ["validate", str(folder / "a.pdf"), "--sender", "12345678901"])
    assert bad.exit_code == 2 and "--sender" in bad.output
    (folder / "a.pdf.json").write_text("[1, 2]")
    broken = list(validate_folder(folder, DAY, workers=1))
    assert broken[0].status == "error" and broken[0].reason_code == "folder.sidecar"
    assert "Sidefilen a.pdf.json" in report.to_text(broken[0], "nb")


def test_a_forged_signature_dictionary_is_broken_not_a_crash(tmp_path):
    """A signature field whose value is no signature (a byte range over nothing, no CMS)."""
    import io

    from pypdf import PdfWriter
    from pypdf.generic import (ArrayObject, ByteStringObject, DictionaryObject, NameObject,
                               NumberObject, TextStringObject)

    w = PdfWriter(clone_from=io.BytesIO(application_pdf(application(DAY, age=40))))
    sig = DictionaryObject({NameObject("/Type"): NameObject("/Sig"),
                            NameObject("/Filter"): NameObject("/Adobe.PPKLite"),
                            NameObject("/SubFilter"): NameObject("/adbe.pkcs7.detached"),
                            NameObject("/ByteRange"): ArrayObject([NumberObject(0), NumberObject(10),
                                                                   NumberObject(20), NumberObject(10)]),
                            NameObject("/Contents"): ByteStringObject(b"\x30\x03\x02\x01\x00")})
    field = DictionaryObject({NameObject("/FT"): NameObject("/Sig"),
                              NameObject("/T"): TextStringObject("Falsk"),
                              NameObject("/Type"): NameObject("/Annot"),
                              NameObject("/Subtype"): NameObject("/Widget"),
                              NameObject("/Rect"): ArrayObject([NumberObject(0)] * 4),
                              NameObject("/V"): w._add_object(sig)})
    ref = w._add_object(field)
    w.root_object["/AcroForm"]["/Fields"].append(ref)
    out = io.BytesIO()
    w.write(out)
    p = write(tmp_path, "a.pdf", out.getvalue())
    r = check_file(p, received=DAY)
    assert r.status == "invalid", (r.status, r.reason)
    assert "signature.broken" in {f.code for f in r.errors}
    assert by_role(r)["applicant"]["evidence"] == "typed"
