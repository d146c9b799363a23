"""The rules of who signs an application: the row of the signing table
(``resources/signing.yml``) for each service at the person's age, and whether what it
requires came with the application: the young person's own signature, a fullmakt from
the right person (our fullmakt form, checked field by field, or another one, checked by
hand) or the proof of a verge's authority.  Part of :mod:`ipforms.validation.rules`
(:func:`~ipforms.validation.rules.check_application` calls :func:`check_signing`)."""

from __future__ import annotations

import datetime as _dt

from stdnum.no import orgnr as _orgnr

from ..core import fnr as _fnr
from ..core import signing
from ..core.dates import parse_date
from ..core.deadline import age_on
from ..forms.formdef import FormDef
from .rules import (AGE_OF_MAJORITY, CODES, ERROR, AttachmentInfo, Finding, _empty, birthday,
                    check_fields, check_silent, declared, finding, norm_name, normalise, params)


def check_signing(values: dict, attachments: list[AttachmentInfo], received: _dt.date,
                  birth: _dt.date | None, expected: bool, services: list[str],
                  fullmakt_form: FormDef) -> list[Finding]:
    """Who applies, for what, at which age: the row of ``resources/signing.yml`` for each
    service, and whether what it requires (a youth's signature, a fullmakt from the right
    person, the vergefullmakt) came with the application."""
    out: list[Finding] = []
    role = values.get("applicant_role")
    age = None if birth is None else age_on(birth, received)
    group = signing.age_group(age, expected)
    fullmakts = [a for a in attachments if a.kind in ("fullmakt_form", "fullmakt_other")]
    ticked = bool(values.get("attachment_fullmakt"))
    if role in signing.WHO and group is not None and services:
        decisions = signing.decide(role, group, services)
    else:
        decisions = {}  # no role, no services or no valid fødselsnummer: the field rules say so

    out.extend(_threshold_crossed(values, received, birth, role, services, decisions))
    out.extend(_verdicts(decisions, age))

    # what the rows require
    youth_ok, youth_findings = _youth_signature(values, received, role)
    proofs = [a for a in attachments if a.kind == "verge_proof"]
    youth_asked, need_verge, need, missing_code = _required(decisions, youth_ok, proofs,
                                                            fullmakts)
    if youth_asked:
        out.extend(youth_findings)
        if youth_ok:
            out.append(finding("fullmakt.youth_signed", {"age": age}))
    if need_verge:
        others = [a for a in attachments if a.kind == "other"]
        out.extend(_check_verge(values, proofs, others))
    if need and not fullmakts and not ticked:
        out.extend(_declared_instead(values, need, age))
    if need and fullmakts:
        out.extend(_check_fullmakts(fullmakts, values, received, need, expected,
                                    fullmakt_form))
    elif need and not ticked:
        out.extend(_missing_fullmakt(need, missing_code, age))
    out.extend(_fullmakt_box(ticked, fullmakts, attachments))
    return out


def _verdicts(decisions: dict, age: int | None) -> list[Finding]:
    """A finding per verdict of the signing table's rows (one for all the services that
    share it), at the severity ``resources/checks.yml`` gives the verdict."""
    verdicts: dict[tuple[str, str], list[str]] = {}
    for s, r in decisions.items():
        sev = params()["verdict_severity"].get(r.verdict)
        if sev is not None:
            verdicts.setdefault((r.message, sev), []).append(s)
    return [finding(code, {"age": age, "services": svcs}, severity=sev)
            for (code, sev), svcs in verdicts.items()]


def _required(decisions: dict, youth_ok: bool, proofs: list[AttachmentInfo],
              fullmakts: list[AttachmentInfo]
              ) -> tuple[bool, bool, dict[str, str], dict[str, str]]:
    """What the rows require: whether the youth's signature is asked, whether the verge's
    proof is, and per service who gives the fullmakt (``person`` or ``parent``) with the
    message when none came."""
    youth_asked = False
    need_verge = False
    need: dict[str, str] = {}          # service -> "person" | "parent" (who gives the fullmakt)
    missing_code: dict[str, str] = {}  # service -> message when no fullmakt came
    for s, r in decisions.items():
        for alts in r.requires:
            if "vergefullmakt" in alts and (len(alts) == 1 or proofs or not fullmakts):
                need_verge = True  # (or the person's own fullmakt, when one came instead)
                continue
            if "youth_signature" in alts:
                youth_asked = True
            if youth_ok and ("youth_signature" in alts or "fullmakt_person" in alts):
                # the person signed the application too (at 16 or 17, perhaps 18 at receipt):
                # no one acts for them, so no fullmakt from them is needed
                youth_asked = True
                continue
            kind = "person" if "fullmakt_person" in alts else "parent"
            need[s] = kind
            missing_code[s] = "fullmakt.youth_missing" if "youth_signature" in alts \
                else r.message
    return youth_asked, need_verge, need, missing_code


def _declared_instead(values: dict, need: dict[str, str], age: int | None) -> list[Finding]:
    """What the applicant states they are (an advokat, barneverntjenesten: the free text)
    in place of a fullmakt: a finding each; the services it answers for leave ``need``."""
    out: list[Finding] = []
    for d in declared(values):
        svcs = [s for s, k in need.items() if k in d["replaces"]]
        if svcs:
            out.append(finding(d["code"], {"age": age, "services": svcs}))
            for s in svcs:
                del need[s]
    return out


def _missing_fullmakt(need: dict[str, str], missing_code: dict[str, str],
                      age: int | None) -> list[Finding]:
    """No fullmakt came and none is said to: an error per message, with its services."""
    out: list[Finding] = []
    by_code: dict[str, list[str]] = {}
    for s in need:
        by_code.setdefault(missing_code[s], []).append(s)
    for code, svcs in by_code.items():
        # not valid: what the row requires did not come.  At the code's own field
        # when it is the message of a missing fullmakt (it has its own severity), else
        # (a signing row's message) where a missing fullmakt points
        entry = CODES[code] if "severity" in CODES[code] else CODES["fullmakt.missing"]
        out.append(finding(code, {"age": age, "services": svcs}, field=entry["field"],
                           severity=ERROR))
    return out


def _fullmakt_box(ticked: bool, fullmakts: list[AttachmentInfo],
                  attachments: list[AttachmentInfo]) -> list[Finding]:
    """The "Fullmakt lagt ved" box against what was found."""
    others = [a for a in attachments if a.kind == "other"]
    if ticked and not fullmakts:
        if others:
            return [finding("fullmakt.maybe_in", {"name": ", ".join(a.name for a in others)})]
        return [finding("fullmakt.ticked_none_found")]
    if fullmakts and not ticked:
        return [finding("fullmakt.found_not_ticked")]
    return []


def _threshold_crossed(values: dict, received: _dt.date, birth: _dt.date | None, role,
                       services: list[str], decisions: dict) -> list[Finding]:
    """A threshold (16, 18) passed between the signature and receipt that changes the rows
    of the signing table: the age at receipt decides, and the case worker should know."""
    signed = parse_date(values.get("sign_date"))
    if birth is None or signed is None or not birth <= signed <= received or not decisions:
        return []
    then = signing.age_group(age_on(birth, signed), False)
    if then is None or then == signing.age_group(age_on(birth, received), False):
        return []
    if signing.decide(role, then, services) == decisions:
        return []
    threshold = signing.AGE_OWN_HEALTH if then == "under_16" else signing.AGE_OF_MAJORITY
    return [finding("age.threshold_crossed",
                    {"threshold": threshold, "birthday": birthday(birth, threshold),
                     "value": signed, "received": received})]


def _youth_signature(values: dict, received: _dt.date, role) -> tuple[bool, list[Finding]]:
    """Whether the 16- or 17-year-old signed their own block.  The block holding the
    applicant's (the parent's or verge's) name is not the young person's signature."""
    name = values.get("youth_sign_name")
    signed = parse_date(values.get("youth_sign_date"))
    if _empty(name) or signed is None:
        return False, []
    if signed > received:
        return False, []  # reported by the field rules (after the received date)
    own = norm_name(str(name))
    others = {norm_name(values.get(f) or "") for f in ("applicant_name", "sign_name")} - {""}
    if role != "self" and own in others:
        return False, [finding("youth.signed_by_applicant", {"value": name})]
    return True, []


def _check_fullmakts(fullmakts: list[AttachmentInfo], values: dict, received: _dt.date,
                     need: dict[str, str], expected: bool,
                     fullmakt_form: FormDef) -> list[Finding]:
    out: list[Finding] = []
    covered: set[str] = set()
    kinds_given: set[str] = set()
    manual = False
    for a in fullmakts:
        if a.kind == "fullmakt_other" or a.values is None:
            manual = True
            kinds = set(need.values())
            for manual_kind in sorted(kinds, reverse=True):  # person first
                code = "fullmakt.manual_check" if manual_kind == "person" else \
                    "fullmakt.manual_check_parent"
                out.append(finding(code, {"name": a.name,
                                           "services": [s for s, k in need.items() if k == manual_kind]}))
            continue
        found, served, kind = check_fullmakt_form(a, values, received, need, expected,
                                                  fullmakt_form)
        out.extend(found)
        if kind and any(k == kind for k in need.values()):
            kinds_given.add(kind)  # a fullmakt from the right kind of giver for something
        covered |= served
    if not manual and kinds_given:
        for kind in ("person", "parent"):
            left = [s for s, k in need.items() if k == kind and s not in covered]
            if left and kind not in kinds_given:
                out.append(finding(f"fullmakt.needs_{kind}_fullmakt", {"services": left}))
    return out


def check_fullmakt_form(att: AttachmentInfo, app: dict, received: _dt.date,
                        need: dict[str, str], expected: bool,
                        form: FormDef) -> tuple[list[Finding], set[str], str | None]:
    """Our own fullmakt form, against the application it came with and the giver the
    signing rule asks for (``need``: service -> ``person`` or ``parent``).

    Returns the findings, the services it covers when it holds, and whose it is
    (``person``, ``parent`` or None when that cannot be told)."""
    fm = normalise(form, att.values or {})
    name = {"name": att.name}
    out = check_fields(form, fm, received, **name)
    if _empty(fm.get("sign_name")):
        out.append(finding("fullmakt.unsigned", name))
    out.extend(check_silent(form.id, fm, **name))
    kind, served, found = _fullmakt_giver(fm, app, received, need, expected, name)
    out.extend(found)
    out.extend(_fullmakt_receiver(fm, app, received, name))
    scope_for = served or list(need)
    if not fm.get("scope_all"):
        missing = [s for s in scope_for if not fm.get(f"scope_{s}")]
        if missing:
            out.append(finding("fullmakt.scope_missing", {**name, "services": missing}))
    if kind == "person" and fm.get("giver_name") and app.get("person_name") and \
            norm_name(fm["giver_name"]) != norm_name(app["person_name"]):
        out.append(finding("fullmakt.giver_name_differs",
                           {**name, "giver": fm["giver_name"], "person": app["person_name"]}))
    out.extend(_fullmakt_dates(fm, app, received, name))
    holds = not any(f.severity == ERROR for f in out)
    if kind == "parent" and served:
        out.append(finding("fullmakt.giver_parent_check", {**name, "giver": fm.get("giver_name") or ""}))
    if not fm.get("id_copy_attached"):
        # a note, not a warning: no ID copy is required (fvl § 12 asks for a written fullmakt)
        out.append(finding("fullmakt.id_copy_missing", name))
    covered: set[str] = set()
    if holds and served:
        covered = {s for s in served if fm.get("scope_all") or fm.get(f"scope_{s}")}
        out.append(finding("fullmakt.ok" if kind == "person" else "fullmakt.ok_parent", name))
    return out, covered, kind


def _fullmakt_giver(fm: dict, app: dict, received: _dt.date, need: dict[str, str],
                    expected: bool, name: dict
                    ) -> tuple[str | None, list[str], list[Finding]]:
    """Whose the fullmakt is (``person``, ``parent`` or None), the services it serves for
    that giver, and an error when the giver is not the one the signing rule asks for."""
    out: list[Finding] = []
    giver, person = fm.get("giver_fnr"), app.get("person_fnr")
    giver_ok = _fnr.birth_date(giver, received) is not None
    person_ok = _fnr.birth_date(person, received) is not None
    kind: str | None = None
    if giver_ok and (person_ok or expected):
        kind = "person" if person_ok and _fnr.same(giver, person) else "parent"
    served = [s for s, k in need.items() if k == kind]
    if kind == "parent" and "person" in need.values() and not served:
        out.append(finding("fullmakt.giver_not_person", {**name, "fnr": _fnr.compact(giver)}))
    elif kind == "person" and "parent" in need.values() and not served:
        out.append(finding("fullmakt.giver_is_child",
                           {**name, "services": [s for s, k in need.items() if k == "parent"]}))
    return kind, served, out


def _fullmakt_receiver(fm: dict, app: dict, received: _dt.date, name: dict) -> list[Finding]:
    """Who the fullmakt is given to: the applicant (by fødselsnummer, else by name), or an
    organisation the applicant acts for; of age; not the one who signed it."""
    out: list[Finding] = []
    receiver = fm.get("receiver_fnr")
    applicant = app.get("applicant_fnr")
    orgnr = fm.get("receiver_orgnr") or ""
    if orgnr and not _orgnr.is_valid(orgnr):
        out.append(finding("fullmakt.orgnr_invalid", {**name, "value": orgnr}))
    elif orgnr:
        # fvl § 12: "en organisasjon som vedkommende er medlem av"; the applicant acts for it
        out.append(finding("fullmakt.receiver_organisation",
                           {**name, "organisation": fm.get("receiver_name") or "",
                            "value": _orgnr.format(orgnr)}))
    if orgnr:
        pass  # the applicant is a person acting for the organisation: no fnr to compare
    elif _fnr.birth_date(receiver, received) and _fnr.birth_date(applicant, received):
        if not _fnr.same(receiver, applicant):
            out.append(finding("fullmakt.receiver_not_applicant", name))
    elif fm.get("receiver_name") and app.get("applicant_name") and \
            norm_name(fm["receiver_name"]) != norm_name(app["applicant_name"]):
        out.append(finding("fullmakt.receiver_not_applicant", name, field="fullmakt:receiver_name"))
    rbirth = _fnr.birth_date(receiver, received)
    if rbirth is not None:
        rage = age_on(rbirth, received)
        if rage < AGE_OF_MAJORITY:
            out.append(finding("fullmakt.receiver_minor", {**name, "age": rage}))
    signer = norm_name(fm.get("sign_name") or "")
    if signer and signer == norm_name(fm.get("receiver_name") or "") and \
            signer != norm_name(fm.get("giver_name") or ""):
        out.append(finding("fullmakt.signed_by_receiver", name))
    return out


def _fullmakt_dates(fm: dict, app: dict, received: _dt.date, name: dict) -> list[Finding]:
    """When the fullmakt was signed and is valid, against the application's signature and
    the received date."""
    out: list[Finding] = []
    signed = parse_date(fm.get("sign_date"))
    app_signed = parse_date(app.get("sign_date"))
    # fvl § 12 sets no order: a written fullmakt given later approves what was done (a warning)
    if signed and app_signed and signed > app_signed:
        out.append(finding("fullmakt.signed_after", {**name, "fullmakt_date": signed, "application_date": app_signed}))
    valid_to, valid_from = parse_date(fm.get("valid_to")), parse_date(fm.get("valid_from"))
    if valid_to and valid_to < received:
        out.append(finding("fullmakt.expired", {**name, "valid_to": valid_to}))
    if valid_from and valid_from > received:
        out.append(finding("fullmakt.not_yet_valid", {**name, "valid_from": valid_from}))
    elif valid_from and app_signed and valid_from > app_signed:
        out.append(finding("fullmakt.valid_after_application",
                           {**name, "valid_from": valid_from, "application_date": app_signed}))
    return out


def _check_verge(values: dict, proofs: list[AttachmentInfo],
                 others: list[AttachmentInfo]) -> list[Finding]:
    out: list[Finding] = []
    ticked = bool(values.get("attachment_verge"))
    if proofs:
        for a in proofs:
            out.append(finding("verge.manual_check", {"name": a.name}, field=None))
        if not ticked:
            out.append(finding("verge.found_not_ticked"))
    elif ticked and others:
        out.append(finding("verge.manual_check", {"name": ", ".join(a.name for a in others)}))
    elif ticked:
        out.append(finding("verge.ticked_none_found"))
    else:
        out.append(finding("verge.proof_missing"))
    return out
