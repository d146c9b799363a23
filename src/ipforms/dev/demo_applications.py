"""Made-up applications for demos, tests and benchmarks (never real people).

Fødselsnumre are synthetic (valid check digits from python-stdnum, birth dates
counted back from the received date); names are roles, not people.

>>> import datetime as dt
>>> from ipforms.validation.rules import check_application
>>> day = dt.date(2026, 11, 24)
>>> [f.code for f in check_application(application(day), [], day)]
['fullmakt.not_needed_self']
"""

from __future__ import annotations

import datetime as _dt

from ..core.deadline import add_years
from ..core.fnr import synthetic


def _d(day: _dt.date) -> str:
    return day.strftime("%d.%m.%Y")


def born(received: _dt.date, years: int, days_more: int = 30, serial: int = 0) -> str:
    """A synthetic fødselsnummer of someone ``years`` old (plus ``days_more`` days)
    on the received date."""
    birth = add_years(received, -years) - _dt.timedelta(days=days_more)
    return synthetic(birth, serial=serial)


def application(received: _dt.date, *, role: str = "self", age: int = 40,
                services=("ip", "koordinator"), **overrides) -> dict:
    """A complete, valid application (``soknad`` field values), signed two days
    before ``received``.  ``role`` is the applicant_role; ``overrides`` replace fields."""
    signed = received - _dt.timedelta(days=2)
    v: dict = {
        "municipality_name": "Øyer", "municipality_unit": "Koordinerende enhet",
        "municipality_address": "Postboks 4, 2636 Øyer",
        "municipality_email": "postmottak@oyer.kommune.no",
        "service_ip": "ip" in services, "service_koordinator": "koordinator" in services,
        "service_barnekoordinator": "barnekoordinator" in services,
        "person_name": "Eksempelperson", "person_fnr": born(received, age),
        "person_address": "Eksempelvegen 1", "person_postcode": "2636", "person_postplace": "Øyer",
        "person_phone": "912 34 567", "person_email": "person@example.no",
        "applicant_role": role,
        "current_service_1": "Hjemmesykepleie", "current_provider_1": "Kommunen",
        "current_service_2": "Fysioterapi", "current_provider_2": "Kommunen",
        "gp_name": "Fastlegekontoret", "gp_phone": "61 26 60 00",
        "need_description": "Trenger samordnet hjelp fra flere tjenester over lang tid.",
        "consent_obtain": True, "consent_share": True, "consent_with": "Fastlege, NAV",
        "sign_place": "Øyer", "sign_date": _d(signed), "sign_name": "EKSEMPELPERSON",
    }
    if role != "self":
        v.update(applicant_name="Eksempelsøker", applicant_fnr=born(received, 45, serial=1),
                 applicant_address="Eksempelvegen 1, 2636 Øyer", applicant_phone="913 45 678",
                 applicant_relation={"parent": "mor", "verge": "verge",
                                     "proxy": "nabo"}.get(role, ""),
                 sign_name="EKSEMPELSØKER")
    v.update(overrides)
    return v


def fullmakt(app: dict, received: _dt.date, **overrides) -> dict:
    """A valid fullmakt (``fullmakt`` field values) from the person in ``app`` to its
    applicant, covering the services applied for, signed before the application."""
    signed = received - _dt.timedelta(days=10)
    v: dict = {
        "giver_name": app.get("person_name", ""), "giver_fnr": app.get("person_fnr", ""),
        "giver_address": "Eksempelvegen 1, 2636 Øyer",
        "receiver_name": app.get("applicant_name", ""), "receiver_fnr": app.get("applicant_fnr", ""),
        "receiver_address": app.get("applicant_address", ""), "receiver_phone": "913 45 678",
        "scope_ip": bool(app.get("service_ip")),
        "scope_koordinator": bool(app.get("service_koordinator")),
        "scope_barnekoordinator": bool(app.get("service_barnekoordinator")),
        "scope_all": False,
        "valid_from": _d(signed), "valid_to": "",
        "id_copy_attached": True,
        "sign_place": "Øyer", "sign_date": _d(signed), "sign_name": "EKSEMPELPERSON",
    }
    v.update(overrides)
    return v


# --- PDFs ------------------------------------------------------------------------------------

def application_pdf(values: dict, lang: str = "nb", *, checked: bool = True) -> bytes:
    """An application PDF made with the project's own fill.  ``checked=False`` fills
    the fields as given (for values the definition would refuse)."""
    from ..forms.fill import fill_form, fill_pdf
    from ..forms.pdfdraw import blank_pdf

    if checked:
        return fill_form("soknad", lang, values)
    return fill_pdf(blank_pdf("soknad", lang), values)


def fullmakt_pdf(values: dict, lang: str = "nb") -> bytes:
    from ..forms.fill import fill_form

    return fill_form("fullmakt", lang, values)


def embed(pdf: bytes, name: str, data: bytes) -> bytes:
    """``pdf`` with the fullmakt PDF ``data`` embedded as ``name`` (the project's attach)."""
    from ..forms.attach import attach_fullmakt

    return attach_fullmakt(pdf, data, name=name)


def encrypted(pdf: bytes, password: str = "") -> bytes:
    """``pdf`` encrypted (AES-256), with ``password`` needed to open it ("" = none)."""
    import io

    from pypdf import PdfWriter

    w = PdfWriter(clone_from=io.BytesIO(pdf))
    w.encrypt(password, owner_password="demo-owner", algorithm="AES-256")
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


#: The demo folder: file -> (expected status, a code the report must contain or None).
DEMO_EXPECTED: dict[str, tuple[str, str | None]] = {
    "01-self.pdf": ("valid", "fullmakt.not_needed_self"),
    "02-proxy.pdf": ("valid", "fullmakt.ok"),
    "03-child.pdf": ("valid", "fullmakt.not_needed_child"),
    "04-expected-child.pdf": ("valid", "fullmakt.not_needed_expected"),
    "05-embedded-fullmakt.pdf": ("valid", "fullmakt.ok"),
    "06-scanned-fullmakt.pdf": ("valid", "fullmakt.manual_check"),
    "07-no-fullmakt.pdf": ("invalid", "fullmakt.missing"),
    "08-wrong-person.pdf": ("invalid", "fullmakt.giver_not_person"),
    "09-barnekoordinator-19.pdf": ("valid", "barnekoordinator.too_old"),  # a warning (issue 25)
    "10-parent-for-17.pdf": ("invalid", "fullmakt.youth_missing"),
    "11-truncated.pdf": ("unreadable", "pdf.truncated"),
    "12-encrypted.pdf": ("unreadable", "pdf.password"),
    "13-encrypted-no-password.pdf": ("unreadable", "pdf.encrypted"),
}


def write_demo_folder(folder, received: _dt.date, lang: str = "nb") -> dict[str, tuple[str, str | None]]:
    """Write the made-up applications of :data:`DEMO_EXPECTED` (with their separate
    attachments) into ``folder``; returns :data:`DEMO_EXPECTED`."""
    from pathlib import Path

    from ..core.files import atomic_write

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    files: dict[str, bytes] = {}
    r = received

    files["01-self.pdf"] = application_pdf(application(r), lang)

    proxy = application(r, role="proxy", attachment_fullmakt=True)
    files["02-proxy.pdf"] = application_pdf(proxy, lang)
    files["02-proxy.fullmakt.pdf"] = fullmakt_pdf(fullmakt(proxy, r), lang)

    files["03-child.pdf"] = application_pdf(application(r, role="parent", age=9), lang)

    files["04-expected-child.pdf"] = application_pdf(application(
        r, role="parent", services=("barnekoordinator",), person_fnr="", person_name="Ufødt barn",
        expected_child=True, due_date=_d(r + _dt.timedelta(days=120))), lang)

    emb = application(r, role="proxy", attachment_fullmakt=True)
    files["05-embedded-fullmakt.pdf"] = embed(application_pdf(emb, lang), "fullmakt.pdf",
                                              fullmakt_pdf(fullmakt(emb, r), lang))

    scan = application(r, role="proxy", attachment_fullmakt=True)
    files["06-scanned-fullmakt.pdf"] = application_pdf(scan, lang)
    files["06-scanned-fullmakt.fullmakt.jpg"] = _tiny_jpeg()

    files["07-no-fullmakt.pdf"] = application_pdf(application(r, role="proxy"), lang)

    wrong = application(r, role="proxy", attachment_fullmakt=True)
    files["08-wrong-person.pdf"] = application_pdf(wrong, lang)
    files["08-wrong-person.fullmakt.pdf"] = fullmakt_pdf(
        fullmakt(wrong, r, giver_name="Annen person", giver_fnr=born(r, 52, serial=5)), lang)

    files["09-barnekoordinator-19.pdf"] = application_pdf(application(
        r, role="parent", age=19, services=("barnekoordinator",)), lang)

    files["10-parent-for-17.pdf"] = application_pdf(application(
        r, role="parent", age=17, services=("ip",)), lang)

    whole = application_pdf(application(r), lang)
    files["11-truncated.pdf"] = whole[: len(whole) * 2 // 3]
    files["12-encrypted.pdf"] = encrypted(application_pdf(application(r), lang), "hemmeleg")
    files["13-encrypted-no-password.pdf"] = encrypted(application_pdf(application(r), lang), "")

    for name, data in files.items():
        atomic_write(folder / name, data)
    return dict(DEMO_EXPECTED)


def _tiny_jpeg() -> bytes:
    """A stand-in for a scanned page (a JPEG header and nothing more)."""
    return bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffd9")
