"""The rules for an incoming application: pure functions over field values,
attachments and the received date, returning :class:`Finding` objects.

Nothing here reads files or formats text: :mod:`ipforms.validation.validate` reads the PDFs
and :mod:`ipforms.validation.messages` turns a finding's ``code`` and ``params`` into a
sentence in nb or nn.  Field references are ``"<form>:<field id>"``.  The rules of who
signs (the signing table, the fullmakt, the verge) are in :mod:`ipforms.validation.rules_signing`.

Severity: ``error`` (the application is not valid), ``warning`` (valid, but a
person must check something by hand), ``note`` (information; never a decision).

>>> import datetime as dt
>>> from ipforms.core.fnr import synthetic
>>> values = {"service_ip": True, "service_koordinator": True, "person_name": "Testperson",
...     "person_fnr": synthetic(dt.date(1990, 1, 1)), "person_address": "Gate 1",
...     "person_postcode": "2636", "person_postplace": "Øyer", "applicant_role": "self",
...     "need_description": "...", "consent_obtain": True, "consent_share": True,
...     "sign_place": "Øyer",
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
import enum
import functools
import re
import sys
import unicodedata
from dataclasses import dataclass
from dataclasses import field as _field
from importlib import resources

import yaml

from ..core import fnr as _fnr
from ..core import signing
from ..core.dates import parse_date
from ..core.deadline import add_months, add_years, age_on
from ..core.errors import FormError
from ..core.services import SERVICE_KEYS
from ..forms.formdef import FieldDef, FormDef, load_form

ERROR, WARNING, NOTE = "error", "warning", "note"
AGE_OF_MAJORITY = signing.AGE_OF_MAJORITY
AGE_OWN_HEALTH = signing.AGE_OWN_HEALTH


@functools.lru_cache(maxsize=1)
def params() -> dict:
    """The rules' parameters, ``resources/checks.yml`` (the online form carries the same
    data: :func:`ipforms.site.webform.page_data`)."""
    src = resources.files("ipforms").joinpath("resources/checks.yml").read_text("utf-8")
    return yaml.safe_load(src)


#: fields whose emptiness is judged by a specific rule, not "required"
_SPECIAL = {form: set(ids) for form, ids in params()["special"].items()}
#: date fields that may lie after the received date (judged by their own rules)
_FUTURE_OK = set(params()["future_ok"])
_CHECKBOX_OFF = tuple(params()["checkbox_off"])


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


#: the severity and field of every finding code (``codes`` in ``resources/checks.yml``; the
#: online form's rules.js reads the same table)
CODES: dict[str, dict] = params()["codes"]


class _From(enum.Enum):
    TABLE = "table"


def finding(code: str, params: dict | None = None, *, field: str | None | _From = _From.TABLE,
            severity: str | None = None) -> Finding:
    """A finding of ``code`` with the severity and field ``codes`` gives it; ``field`` points it
    at another field (or none), ``severity`` is a signing row's verdict's.

    >>> finding("sign.missing")
    Finding(code='sign.missing', severity='error', field='soknad:sign_name', params={})
    """
    entry = CODES.get(code)
    if entry is None:
        raise KeyError(f"no code {code!r} in resources/checks.yml (codes)")
    sev = severity or entry.get("severity")
    if sev not in (ERROR, WARNING, NOTE):
        raise ValueError(f"code {code!r}: no severity in resources/checks.yml (codes)")
    return Finding(code, sev, entry.get("field") if field is _From.TABLE else field, dict(params or {}))


@dataclass
class AttachmentInfo:
    """An attachment as the rules see it.

    ``kind``: ``fullmakt_form`` (our fullmakt form; ``values`` hold its fields),
    ``fullmakt_other`` (a fullmakt in another form: a scan, another PDF),
    ``verge_proof`` (documentation of the verge's authority), ``id_copy`` (a copy of the
    fullmakt giver's ID, named «legitimasjon…») or ``other``.
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
                v = v.strip().lower().lstrip("/") not in _CHECKBOX_OFF
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
                code = "field.not_ticked" if f.type == "checkbox" else "field.required"
                out.append(finding(code, extra, field=ref))
            continue
        if form.abroad(f, values):  # a postal code abroad: any text that fits
            if f.maxlen is not None and len(str(v)) > f.maxlen:
                out.append(finding("field.too_long", {**extra, "length": len(str(v)), "max": f.maxlen},
                                   field=ref))
            continue
        out.extend(_check_type(form, f, v, received, extra))
    return out


def _check_type(form: FormDef, f: FieldDef, v, received: _dt.date, extra: dict) -> list[Finding]:
    ref = _ref(form, f.id)
    if f.type == "checkbox":
        return []
    if f.type == "choice":
        if v not in f.option_ids():
            return [finding("field.choice_invalid", {**extra, "value": v}, field=ref)]
        return []
    found = _check_value(f, v, received, ref, extra)
    if not found and f.maxlen is not None and len(v) > f.maxlen:
        return [finding("field.too_long", {**extra, "length": len(v), "max": f.maxlen}, field=ref)]
    return found


def _check_value(f: FieldDef, v: str, received: _dt.date, ref: str, extra: dict) -> list[Finding]:
    if f.type == "fnr":
        try:
            _fnr.check(v, received)
        except _fnr.FnrImplausible as exc:
            return [finding("field.fnr_implausible", {**extra, "birth": exc.birth}, field=ref)]
        except _fnr.FnrError:
            return [finding("field.fnr_invalid", extra, field=ref)]
        return []
    if f.type == "date":
        d = parse_date(v)
        if d is None:
            return [finding("field.date_invalid", {**extra, "value": v}, field=ref)]
        if d > received and f.id not in _FUTURE_OK:
            return [finding("field.date_after_received", {**extra, "value": d, "received": received}, field=ref)]
        return []
    if f.type in ("postnummer", "phone", "email"):
        try:
            f.parse(v)
        except FormError:
            return [finding(f"field.{f.type}_invalid", {**extra, "value": v}, field=ref)]
    return []


# --- the application -------------------------------------------------------------------------

#: the limits of ``resources/checks.yml`` (why each is what it is: see there)
SIGN_WARN_MONTHS: int = params()["limits"]["sign_warn_months"]
SIGN_MAX_YEARS: int = params()["limits"]["sign_max_years"]
DUE_PAST_MONTHS: int = params()["limits"]["due_past_months"]
DUE_FUTURE_MONTHS: int = params()["limits"]["due_future_months"]
CURRENT_SERVICES_MIN: int = params()["limits"]["current_services_min"]


def services_applied(values: dict) -> list[str]:
    return [k for k in SERVICE_KEYS if values.get(f"service_{k}")]


def person_birth(values: dict, received: _dt.date) -> _dt.date | None:
    return _fnr.birth_date(values.get("person_fnr") or "", received)


def is_expected(values: dict) -> bool:
    """An expected child: "not born yet" ticked and no fødselsnummer given."""
    return bool(values.get("expected_child")) and _empty(values.get("person_fnr"))


def check_application(raw: dict, attachments: list[AttachmentInfo], received: _dt.date,
                      *, soknad: FormDef | None = None,
                      fullmakt_form: FormDef | None = None) -> list[Finding]:
    """Every rule over one application; ``raw`` are the PDF's field values."""
    from .rules_signing import check_signing  # it builds on this module's rules

    soknad = soknad or load_form("soknad")
    fullmakt_form = fullmakt_form or load_form("fullmakt")
    values = normalise(soknad, raw)
    out = check_fields(soknad, values, received)
    services = services_applied(values)
    if not services:
        out.append(finding("services.none"))
    if _empty(values.get("sign_name")):
        out.append(finding("sign.missing"))
    out.extend(check_silent(soknad.id, values))
    birth = person_birth(values, received)
    expected = is_expected(values)
    if _empty(values.get("person_fnr")) and not values.get("expected_child"):
        # no act requires a number to apply; the age decides who signs (pbrl §§ 4-3, 4-4)
        out.append(finding("person.no_id"))
    out.extend(check_applicant_id(values, attachments))
    out.extend(check_free_text(values))
    out.extend(check_id_kind(values, received))
    out.extend(check_dates(values, received, birth, expected))
    out.extend(check_signing(values, attachments, received, birth, expected, services,
                             fullmakt_form))
    out.extend(check_consent(values))
    current = sum(1 for i in range(1, 5) if not _empty(values.get(f"current_service_{i}")))
    if current < CURRENT_SERVICES_MIN and ("ip" in services or "koordinator" in services):
        out.append(finding("hint.fewer_than_two_services", {"count": current}))
    return out


def check_silent(form_id: str, values: dict, **extra) -> list[Finding]:
    """Fields the form asks for but no act makes a condition (``silent`` in
    ``resources/checks.yml``): empty, a warning that says the law is silent."""
    return [finding(c["code"], extra, field=f"{form_id}:{c['field']}")
            for c in params()["silent"].get(form_id, []) if _empty(values.get(c["field"]))]


def check_applicant_id(values: dict, attachments: list[AttachmentInfo]) -> list[Finding]:
    """«Søkerens fødselsnummer» is asked of a person who applies for another; an
    organisation (fvl § 12) has none: not asked when a fullmakt to an organisation came."""
    if not _empty(values.get("applicant_fnr")) or \
            values.get("applicant_role") not in ("parent", "verge", "proxy"):
        return []
    if any(a.kind == "fullmakt_form" and not _empty((a.values or {}).get("receiver_orgnr"))
           for a in attachments):
        return []
    return [finding("field.required", field="soknad:applicant_fnr")]


def text_has(values: dict, phrases: list[str]) -> bool:
    """Whether one of ``phrases`` is in the free-text fields (compared as names are)."""
    text = " ".join(norm_name(str(values.get(f) or "")) for f in params()["free_text"]["fields"])
    return any(norm_name(p) in text for p in phrases)


def declared(values: dict) -> list[dict]:
    """The statuses the applicant states (``free_text.declared``): an advokat,
    barneverntjenesten."""
    return [d for d in params()["free_text"]["declared"]
            if values.get("applicant_role") in d["roles"] and text_has(values, d["phrases"])]


def check_free_text(values: dict) -> list[Finding]:
    """What the free text says that the law makes a condition of (``free_text.warn``)."""
    return [finding(w["code"])
            for w in params()["free_text"]["warn"]
            if values.get("applicant_role") in w["roles"] and text_has(values, w["phrases"])]


def check_id_kind(values: dict, received: _dt.date) -> list[Finding]:
    """A valid number of a kind worth a note (``id_kinds`` in ``resources/checks.yml``): an
    H-nummer (hjelpenummer: month + 40) is a valid temporary id in the health service;
    python-stdnum accepts it and its birth date.  Say so, so the case worker knows."""
    number = _fnr.compact(values.get("person_fnr") or "")
    if _fnr.birth_date(number, received) is None:
        return []
    return [finding(k["code"])
            for k in params()["id_kinds"] if number[k["digit"]] in k["in"]]


def check_consent(values: dict) -> list[Finding]:
    """Consent to obtain and share information is not a condition for applying: a warning
    (obtain) or a note (share) for the case worker, never "not valid" (``consent`` in
    ``resources/checks.yml``)."""
    return [finding(c["code"], field=f"soknad:{c['field']}")
            for c in params()["consent"] if not values.get(c["field"])]


def check_dates(values: dict, received: _dt.date, birth: _dt.date | None,
                expected: bool) -> list[Finding]:
    """The signature date against the birth and the received date; a threshold (16, 18)
    passed between signing and receipt; a plausible termindato."""
    out: list[Finding] = []
    signed = parse_date(values.get("sign_date"))
    if signed is not None and signed <= received:
        if birth is not None and signed < birth:
            out.append(finding("sign.before_birth", {"value": signed, "birth": birth}))
        elif signed < add_years(received, -SIGN_MAX_YEARS):
            out.append(finding("sign.too_old", {"value": signed, "received": received, "years": SIGN_MAX_YEARS}))
        elif signed < add_months(received, -SIGN_WARN_MONTHS):
            out.append(finding("sign.old", {"value": signed, "received": received,
                                            "months": SIGN_WARN_MONTHS}))
    ysigned = parse_date(values.get("youth_sign_date"))
    if ysigned is not None and birth is not None and ysigned < birth:
        out.append(finding("sign.before_birth", {"value": ysigned, "birth": birth}, field="soknad:youth_sign_date"))
    if expected:
        due = parse_date(values.get("due_date"))
        if due is None:
            pass  # required / not a date: reported by the field rules
        elif due < add_months(received, -DUE_PAST_MONTHS):
            out.append(finding("due_date.implausible_past", {"value": due, "received": received}))
        elif due < received:
            out.append(finding("due_date.past", {"value": due}))
        elif due > add_months(received, DUE_FUTURE_MONTHS):
            out.append(finding("due_date.too_far", {"value": due, "received": received}))
    return out


def birthday(birth: _dt.date, years: int) -> _dt.date:
    """The day one turns ``years`` old (born 29 February: 1 March in a year without it,
    as :func:`ipforms.core.deadline.age_on` counts)."""
    day = add_years(birth, years)
    return day + _dt.timedelta(days=1) if age_on(birth, day) < years else day



def norm_name(s: str) -> str:
    """A name as the rules compare names: NFKC (composed letters, ligatures and compatibility
    forms as their plain letters), white space collapsed and trimmed, case folded
    (``str.casefold``: «STRAẞE» = «strasse», final «ς» = «σ»).  The online form's rules.js does
    the same with ``normalize("NFKC")``, ``toLowerCase()`` and :func:`name_fold`."""
    return re.sub(NAME_SPACE, " ", unicodedata.normalize("NFKC", s)).strip(" ").casefold()


#: white space in a name (a regular expression both Python and JavaScript read the same
#: way; ``\s`` differs between them): what either calls white space
NAME_SPACE = ("[\\t\\n\\v\\f\\r \\x1c-\\x1f\\x85\\xa0\\u1680\\u2000-\\u200a"
              "\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]+")


@functools.cache
def name_fold() -> dict[str, str]:
    """What ``str.casefold`` does beyond lower-casing, as a table for the browser (which has
    lower-casing but no case folding): ``{character: folded}`` for each character that
    ``str.lower`` leaves as it is and ``str.casefold`` changes («ß» → «ss», «ς» → «σ»,
    «ﬁ» → «fi», Cherokee small letters to capitals).  Lower-casing, then replacing each
    character by its entry, is ``str.casefold`` (tests/test_rules.py checks every character)."""
    out = {}
    for i in range(sys.maxunicode + 1):
        c = chr(i)
        if 0xD800 <= i <= 0xDFFF:
            continue
        folded = c.casefold()
        if folded != c and c.lower() == c:
            out[c] = folded
    return out
