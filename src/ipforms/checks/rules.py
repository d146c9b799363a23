"""The rules for an incoming application: pure functions over field values,
attachments and the received date, returning :class:`Finding` objects.

Nothing here reads files or formats text: :mod:`ipforms.checks.validate` reads the PDFs
and :mod:`ipforms.checks.messages` turns a finding's ``code`` and ``params`` into a
sentence in nb or nn.  Field references are ``"<form>:<field id>"``.

Severity: ``error`` (the application is not valid), ``warning`` (valid, but a
person must check something by hand), ``note`` (information; never a decision).

>>> import datetime as dt
>>> from ipforms.core.fnr import synthetic
>>> values = {"service_ip": True, "service_koordinator": True, "person_name": "Testperson",
...     "person_fnr": synthetic(dt.date(1990, 1, 1)), "person_address": "Gate 1",
...     "person_postcode": "2636", "person_postplace": "Øyer", "applicant_role": "self",
...     "need_description": "...", "consent_obtain": True, "sign_place": "Øyer",
...     "sign_date": "20.11.2026", "sign_name": "TESTPERSON",
...     "current_service_1": "hjemmesykepleie", "current_service_2": "fysioterapi"}
>>> [f.code for f in check_application(values, [], dt.date(2026, 11, 24))]
['fullmakt.not_needed_self']
>>> values["person_postcode"] = "263"
>>> [(f.code, f.field) for f in check_application(values, [], dt.date(2026, 11, 24))][0]
('field.postnummer_invalid', 'soknad:person_postcode')
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from dataclasses import field as _field

from ..core import fnr as _fnr
from ..core.dates import parse_date
from ..core.deadline import age_on
from ..core.errors import FormError
from ..core.services import SERVICE_KEYS
from ..forms.formdef import FieldDef, FormDef, load_form

ERROR, WARNING, NOTE = "error", "warning", "note"
ROLES = ("self", "parent", "verge", "proxy")
AGE_OF_MAJORITY = 18
#: pasient- og brukerrettighetsloven § 4-3: from 16 one consents to one's own health care
AGE_OWN_HEALTH = 16
#: fields whose emptiness is judged by a specific rule, not "required"
_SPECIAL = {"soknad": {"sign_place", "sign_date", "sign_name", "attachment_fullmakt",
                       "attachment_verge"},
            "fullmakt": {"sign_place", "sign_date", "sign_name", "id_copy_attached"}}
#: date fields that may lie after the received date (judged by their own rules)
_FUTURE_OK = {"due_date", "valid_from", "valid_to"}


@dataclass
class Finding:
    """One thing a rule found.  ``params`` hold plain values (str, int, date, list)."""

    code: str
    severity: str
    field: str | None = None
    params: dict = _field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"code": self.code, "severity": self.severity, "field": self.field,
                "params": self.params}


@dataclass
class AttachmentInfo:
    """An attachment as the rules see it.

    ``kind``: ``fullmakt_form`` (our fullmakt form; ``values`` hold its fields),
    ``fullmakt_other`` (a fullmakt in another form: a scan, another PDF),
    ``verge_proof`` (documentation of the verge's authority) or ``other``.
    """

    name: str
    kind: str
    source: str = "embedded"
    values: dict | None = None
    reason: str | None = None  # why it could not be read automatically, if so


# --- values --------------------------------------------------------------------------------

def _empty(v) -> bool:
    return v is None or v is False or (isinstance(v, str) and not v.strip())


def normalise(form: FormDef, raw: dict) -> dict:
    """Field values as the rules use them: checkboxes ``bool``, choices option ids,
    text stripped; fields missing from the PDF are empty."""
    out: dict = {}
    for f in form.fields:
        v = raw.get(f.id)
        if f.type == "checkbox":
            if isinstance(v, str):
                v = v.strip().lower().lstrip("/") not in ("", "off", "no", "false", "nei", "0")
            out[f.id] = bool(v)
        elif f.type == "choice":
            s = "" if v is None or v is False else str(v).strip()
            for o in f.options:  # a viewer may store the label instead of the id
                if s and s in (o.label.nb, o.label.nn):
                    s = o.id
            out[f.id] = s
        else:
            out[f.id] = "" if v is None or isinstance(v, bool) else str(v).strip()
    return out


def _ref(form: FormDef, field_id: str) -> str:
    return f"{form.id}:{field_id}"


def check_fields(form: FormDef, values: dict, received: _dt.date, **extra) -> list[Finding]:
    """Required and required-when fields present, and each value of its type."""
    out: list[Finding] = []
    special = _SPECIAL.get(form.id, set())
    for f in form.fields:
        v = values.get(f.id)
        ref = _ref(form, f.id)
        if _empty(v):
            if f.id not in special and f.is_required(values):
                out.append(Finding("field.required", ERROR, ref, dict(extra)))
            continue
        out.extend(_check_type(form, f, v, received, extra))
    return out


def _check_type(form: FormDef, f: FieldDef, v, received: _dt.date, extra: dict) -> list[Finding]:
    ref = _ref(form, f.id)
    if f.type == "checkbox":
        return []
    if f.type == "choice":
        if v not in f.option_ids():
            return [Finding("field.choice_invalid", ERROR, ref, {**extra, "value": v})]
        return []
    found = _check_value(f, v, received, ref, extra)
    if not found and f.maxlen is not None and len(v) > f.maxlen:
        return [Finding("field.too_long", ERROR, ref, {**extra, "length": len(v), "max": f.maxlen})]
    return found


def _check_value(f: FieldDef, v: str, received: _dt.date, ref: str, extra: dict) -> list[Finding]:
    if f.type == "fnr":
        try:
            _fnr.check(v, received)
        except _fnr.FnrImplausible as exc:
            return [Finding("field.fnr_implausible", ERROR, ref, {**extra, "birth": exc.birth})]
        except _fnr.FnrError:
            return [Finding("field.fnr_invalid", ERROR, ref, dict(extra))]
        return []
    if f.type == "date":
        d = parse_date(v)
        if d is None:
            return [Finding("field.date_invalid", ERROR, ref, {**extra, "value": v})]
        if d > received and f.id not in _FUTURE_OK:
            return [Finding("field.date_after_received", ERROR, ref,
                            {**extra, "value": d, "received": received})]
        return []
    if f.type in ("postnummer", "phone", "email"):
        try:
            f.parse(v)
        except FormError:
            return [Finding(f"field.{f.type}_invalid", ERROR, ref, {**extra, "value": v})]
    return []


# --- the application -------------------------------------------------------------------------

def services_applied(values: dict) -> list[str]:
    return [k for k in SERVICE_KEYS if values.get(f"service_{k}")]


def reference_date(values: dict, received: _dt.date) -> _dt.date:
    """The date ages are counted on: the date signed, or the received date."""
    d = parse_date(values.get("sign_date"))
    return d if d is not None and d <= received else received


def person_age(values: dict, received: _dt.date) -> int | None:
    birth = _fnr.birth_date(values.get("person_fnr") or "", received)
    return None if birth is None else age_on(birth, reference_date(values, received))


def check_application(raw: dict, attachments: list[AttachmentInfo], received: _dt.date,
                      *, soknad: FormDef | None = None,
                      fullmakt_form: FormDef | None = None) -> list[Finding]:
    """Every rule over one application; ``raw`` are the PDF's field values."""
    soknad = soknad or load_form("soknad")
    fullmakt_form = fullmakt_form or load_form("fullmakt")
    values = normalise(soknad, raw)
    out = check_fields(soknad, values, received)
    services = services_applied(values)
    if not services:
        out.append(Finding("services.none", ERROR, "soknad:service_ip"))
    for fid in ("sign_name", "sign_place", "sign_date"):
        if _empty(values.get(fid)):
            out.append(Finding("sign.missing", ERROR, f"soknad:{fid}"))
    age = person_age(values, received)
    expected = values.get("expected_child") and not values.get("person_fnr")
    if values.get("expected_child"):
        due = parse_date(values.get("due_date"))
        if due is not None and due < received:
            out.append(Finding("due_date.past", WARNING, "soknad:due_date", {"value": due}))
    if "barnekoordinator" in services and not expected and age is not None \
            and age >= AGE_OF_MAJORITY:
        out.append(Finding("barnekoordinator.too_old", ERROR, "soknad:service_barnekoordinator",
                           {"age": age}))
    out.extend(check_fullmakt(values, attachments, received, age, services, fullmakt_form))
    current = sum(1 for i in range(1, 5) if not _empty(values.get(f"current_service_{i}")))
    if current < 2 and ("ip" in services or "koordinator" in services):
        out.append(Finding("hint.fewer_than_two_services", NOTE, "soknad:current_service_1",
                           {"count": current}))
    return out


def check_fullmakt(values: dict, attachments: list[AttachmentInfo], received: _dt.date,
                   age: int | None, services: list[str],
                   fullmakt_form: FormDef) -> list[Finding]:
    """Whether a fullmakt is needed (forvaltningsloven § 12) and whether the one given holds."""
    out: list[Finding] = []
    role = values.get("applicant_role")
    fullmakts = [a for a in attachments if a.kind in ("fullmakt_form", "fullmakt_other")]
    proofs = [a for a in attachments if a.kind == "verge_proof"]
    others = [a for a in attachments if a.kind == "other"]
    ticked = bool(values.get("attachment_fullmakt"))
    expected = values.get("expected_child") and not values.get("person_fnr")
    need = False
    if role == "self":
        out.append(Finding("fullmakt.not_needed_self", NOTE))
    elif role == "parent":
        if expected:
            out.append(Finding("fullmakt.not_needed_expected", NOTE))
        elif age is None:
            pass  # no valid fødselsnummer: reported by the field rules
        elif age < AGE_OWN_HEALTH:
            out.append(Finding("fullmakt.not_needed_child", NOTE, None, {"age": age}))
        elif age < AGE_OF_MAJORITY:
            own = [s for s in services if s != "barnekoordinator"]
            youth_signed = not _empty(values.get("youth_sign_name")) and \
                parse_date(values.get("youth_sign_date")) is not None
            if not own:
                out.append(Finding("fullmakt.not_needed_barnekoordinator", NOTE, None, {"age": age}))
            elif youth_signed:
                out.append(Finding("fullmakt.youth_signed", NOTE, "soknad:youth_sign_name",
                                   {"age": age}))
            elif fullmakts:
                need = True
            else:
                out.append(Finding("fullmakt.youth_missing", ERROR, "soknad:youth_sign_name",
                                   {"age": age, "services": own}))
        else:
            need = True
            if not fullmakts and not ticked:
                out.append(Finding("fullmakt.missing_adult", ERROR, "soknad:attachment_fullmakt",
                                   {"age": age}))
    elif role == "verge":
        out.extend(_check_verge(values, proofs, others))
    elif role == "proxy":
        need = True
        if not fullmakts and not ticked:
            out.append(Finding("fullmakt.missing", ERROR, "soknad:attachment_fullmakt"))

    # the "Fullmakt lagt ved" box against what was found
    if ticked and not fullmakts:
        if others:
            out.append(Finding("fullmakt.maybe_in", WARNING, "soknad:attachment_fullmakt",
                               {"name": ", ".join(a.name for a in others)}))
        else:
            out.append(Finding("fullmakt.ticked_none_found", ERROR, "soknad:attachment_fullmakt"))
    elif fullmakts and not ticked:
        out.append(Finding("fullmakt.found_not_ticked", WARNING, "soknad:attachment_fullmakt"))

    if need:
        for a in fullmakts:
            if a.kind == "fullmakt_other" or a.values is None:
                params = {"name": a.name}
                out.append(Finding("fullmakt.manual_check", WARNING, None, params))
            else:
                out.extend(check_fullmakt_form(a, values, received, services, fullmakt_form))
    return out


def _check_verge(values: dict, proofs: list[AttachmentInfo],
                 others: list[AttachmentInfo]) -> list[Finding]:
    out: list[Finding] = []
    ticked = bool(values.get("attachment_verge"))
    if proofs:
        for a in proofs:
            out.append(Finding("verge.manual_check", WARNING, None, {"name": a.name}))
        if not ticked:
            out.append(Finding("verge.found_not_ticked", WARNING, "soknad:attachment_verge"))
    elif ticked and others:
        out.append(Finding("verge.manual_check", WARNING, "soknad:attachment_verge",
                           {"name": ", ".join(a.name for a in others)}))
    elif ticked:
        out.append(Finding("verge.ticked_none_found", ERROR, "soknad:attachment_verge"))
    else:
        out.append(Finding("verge.proof_missing", ERROR, "soknad:attachment_verge"))
    return out


def check_fullmakt_form(att: AttachmentInfo, app: dict, received: _dt.date,
                        services: list[str], form: FormDef) -> list[Finding]:
    """Our own fullmakt form, against the application it came with."""
    fm = normalise(form, att.values or {})
    name = {"name": att.name}
    out = check_fields(form, fm, received, **name)
    for fid in ("sign_name", "sign_place", "sign_date"):
        if _empty(fm.get(fid)):
            out.append(Finding("fullmakt.unsigned", ERROR, f"fullmakt:{fid}", dict(name)))
    giver, person = fm.get("giver_fnr"), app.get("person_fnr")
    if _fnr.birth_date(giver, received) and _fnr.birth_date(person, received) \
            and not _fnr.same(giver, person):
        out.append(Finding("fullmakt.giver_not_person", ERROR, "fullmakt:giver_fnr",
                           {**name, "fnr": _fnr.compact(giver)}))
    receiver = fm.get("receiver_fnr")
    applicant = app.get("applicant_fnr")
    if _fnr.birth_date(receiver, received) and _fnr.birth_date(applicant, received):
        if not _fnr.same(receiver, applicant):
            out.append(Finding("fullmakt.receiver_not_applicant", ERROR, "fullmakt:receiver_fnr",
                               dict(name)))
    elif fm.get("receiver_name") and app.get("applicant_name") and \
            _norm_name(fm["receiver_name"]) != _norm_name(app["applicant_name"]):
        out.append(Finding("fullmakt.receiver_not_applicant", ERROR, "fullmakt:receiver_name",
                           dict(name)))
    signed = parse_date(fm.get("sign_date"))
    rbirth = _fnr.birth_date(receiver, received)
    if rbirth is not None:
        rage = age_on(rbirth, signed if signed and signed <= received else received)
        if rage < AGE_OF_MAJORITY:
            out.append(Finding("fullmakt.receiver_minor", ERROR, "fullmakt:receiver_fnr",
                               {**name, "age": rage}))
    if not fm.get("scope_all"):
        missing = [s for s in services if not fm.get(f"scope_{s}")]
        if missing:
            out.append(Finding("fullmakt.scope_missing", ERROR, "fullmakt:scope_all",
                               {**name, "services": missing}))
    app_signed = parse_date(app.get("sign_date"))
    if signed and app_signed and signed > app_signed:
        out.append(Finding("fullmakt.signed_after", ERROR, "fullmakt:sign_date",
                           {**name, "fullmakt_date": signed, "application_date": app_signed}))
    valid_to, valid_from = parse_date(fm.get("valid_to")), parse_date(fm.get("valid_from"))
    if valid_to and valid_to < received:
        out.append(Finding("fullmakt.expired", ERROR, "fullmakt:valid_to",
                           {**name, "valid_to": valid_to}))
    if valid_from and valid_from > received:
        out.append(Finding("fullmakt.not_yet_valid", ERROR, "fullmakt:valid_from",
                           {**name, "valid_from": valid_from}))
    holds = not any(f.severity == ERROR for f in out)
    if not fm.get("id_copy_attached"):
        out.append(Finding("fullmakt.id_copy_missing", WARNING, "fullmakt:id_copy_attached",
                           dict(name)))
    if holds:
        out.append(Finding("fullmakt.ok", NOTE, None, dict(name)))
    return out


def _norm_name(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip().casefold()
