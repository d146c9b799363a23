"""Made-up applications for demos, tests and benchmarks (never real people).

Fødselsnumre are synthetic (valid check digits from python-stdnum, birth dates
counted back from the received date); names are roles, not people.

>>> import datetime as dt
>>> from ipforms.rules import check_application
>>> day = dt.date(2026, 11, 24)
>>> [f.code for f in check_application(application(day), [], day)]
['fullmakt.not_needed_self']
"""

from __future__ import annotations

import datetime as _dt

from .deadline import add_years
from .fnr import synthetic


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
