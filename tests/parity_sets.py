"""The answer sets on which the online form's rules (webform/rules.js) and ``ipforms
validate``'s (:func:`ipforms.validation.rules.check_application`) must give the same findings:
the same codes, severities, fields and sentences, in nb and in nn, every finding (nothing
filtered out).  tests/test_webform_parity_node.py runs them in Node (no browser, in
``make test-fast``), tests/browser/test_webform_parity.py in the page.

The sets: random answers (every field type, good and bad values) and sets made
systematically for the checks that depend on each other: the age thresholds (16, 18)
around the signature and the received date for every role and service, the consent boxes
and the number of current services, every kind of identity number, and the fullmakt
against the application (who gives it for which age and service, the receiver, an
organisation with its organisasjonsnummer, dates, scope, signature, the youth block holding
the parent's name, fullmakts not on our form, the boxes against what came).  The expected
findings are not written here: Python's rules are the reference; tests/test_rules.py and
tests/test_legal_cases.py test those against the law.
"""

from __future__ import annotations

import datetime as dt
import random
from itertools import product

from stdnum.no import fodselsnummer as stdfnr
from stdnum.no import orgnr as stdorgnr

from ipforms.validation import messages
from ipforms.validation.rules import AttachmentInfo, check_application, check_fields, normalise
from ipforms.core.deadline import add_years
from ipforms.core.fnr import synthetic
from ipforms.forms.formdef import load_form

SLUG = "oyer"
RECEIVED = dt.date(2026, 11, 26)
SIGNED = RECEIVED - dt.timedelta(days=10)
FULLMAKT = "fullmakt.pdf"  # the name webform.js embeds the fullmakt under


def dmy(d: dt.date) -> str:
    return d.strftime("%d.%m.%Y")


def born(years: int, offset_days: int = 0, on: dt.date = RECEIVED) -> dt.date:
    """The birth date of one who turns ``years`` ``offset_days`` after ``on``."""
    return add_years(on + dt.timedelta(days=offset_days), -years)


def number(day: int, month: int, yy: int, individual: range) -> str:
    """The first number with valid check digits for these date digits (any kind)."""
    for ind in individual:
        head = f"{day:02d}{month:02d}{yy:02d}{ind:03d}"
        k1 = stdfnr.calc_check_digit1(head)
        k2 = stdfnr.calc_check_digit2(head + k1) if len(k1) == 1 else ""
        if len(k2) == 1:
            return head + k1 + k2
    raise AssertionError("no number")


def orgnr(prefix: str) -> str:
    """A made-up organisasjonsnummer with a valid check digit (mod 11)."""
    for d in "0123456789":
        if stdorgnr.is_valid(prefix + d):
            return prefix + d
    raise AssertionError(prefix)


PARENT = synthetic(born(42, 100), serial=5)
OTHER_PARENT = synthetic(born(44, 120), serial=6)
HELPER = synthetic(born(35, 40), serial=7)
MINOR = synthetic(born(17, 30), serial=8)
ADULT = synthetic(born(50, 200), serial=4)
ORG = orgnr("91234568")


def application(person_fnr: str | None, role: str = "self", services=("ip",),
                signed: dt.date = SIGNED, **more) -> dict:
    """A complete application (as the PDF's fields) with these answers."""
    v = {"person_name": "Testperson", "person_address": "Gate 1", "person_postcode": "2636",
         "person_postplace": "Øyer", "applicant_role": role,
         "need_description": "Trenger hjelp fra flere tjenester.",
         "current_service_1": "Hjemmesykepleie", "current_service_2": "Fysioterapi",
         "consent_obtain": True, "consent_share": True, "sign_place": "Øyer",
         "sign_date": dmy(signed), "sign_name": "TESTPERSON" if role == "self" else "TESTSØKER"}
    if person_fnr is None:
        v.update(expected_child=True, due_date=dmy(RECEIVED + dt.timedelta(days=60)))
    else:
        v["person_fnr"] = person_fnr
    if role != "self":
        v.update(applicant_name="Testsøker", applicant_fnr=HELPER if role != "parent" else PARENT,
                 applicant_address="Gate 2, 2636 Øyer", applicant_relation="mor",
                 applicant_phone="912 34 567")
    for s in services:
        v[f"service_{s}"] = True
    v.update(more)
    return v


def fullmakt(giver_name: str, giver_fnr: str, receiver_fnr: str = HELPER,
             services=("ip",), **more) -> dict:
    """Our fullmakt form, filled, given by ``giver`` to the applicant (Testsøker)."""
    v = {"giver_name": giver_name, "giver_fnr": giver_fnr, "giver_address": "Gate 1, 2636 Øyer",
         "receiver_name": "Testsøker", "receiver_fnr": receiver_fnr,
         "receiver_address": "Gate 2, 2636 Øyer", "receiver_phone": "912 34 567",
         "valid_from": dmy(SIGNED - dt.timedelta(days=5)), "id_copy_attached": True,
         "sign_place": "Øyer", "sign_date": dmy(SIGNED - dt.timedelta(days=5)),
         "sign_name": giver_name.upper()}
    for s in services:
        v[f"scope_{s}"] = True
    v.update(more)
    return v


def att(kind: str, values: dict | None = None, name: str = FULLMAKT) -> dict:
    return {"name": name, "kind": kind, "values": values}


def _random_sets(n: int, seed: int = 15) -> list[dict]:
    rnd = random.Random(seed)
    form = load_form("soknad")
    fnrs = [synthetic(dt.date(1990, 1, 1)), synthetic(dt.date(2012, 3, 4), serial=1),
            synthetic(dt.date(2009, 12, 20), serial=2),
            synthetic(dt.date(2010, 1, 1), d_number=True),
            synthetic(dt.date(2039, 1, 1)), "15108695089", "1234", "abcdefghijk", "",
            synthetic(dt.date(1985, 6, 7))[:6] + " " + synthetic(dt.date(1985, 6, 7))[6:]]
    dates = ["26.11.2026", "1.2.2026", "2026-11-20", "31.02.2026", "27.11.2026", "01.01.2027",
             "x", "", "24.11.2026", "01.01.2024", "01.12.2027", "01.09.2026", "01.01.2010"]
    pools = {"text": ["Ola", "", "  mellom  rom ", "Å" * 85, "Sámi ŋ"],
             "multiline": ["linje 1\nlinje 2", "", "x" * 1600],
             "date": dates, "fnr": fnrs, "postnummer": ["2636", "263", "26366", "", "abcd"],
             "phone": ["61 26 60 00", "+47 912 34 567", "123", "", "12345678901234567890123"],
             "email": ["a@b.no", "not-an-email", "", "x@y"],
             "checkbox": [True, False, "ja", "off"],
             "choice": ["self", "parent", "verge", "proxy", "", "other"]}
    out = []
    for _ in range(n):
        raw: dict = {}
        for f in form.fields:
            if f.readonly or rnd.random() < 0.25:
                continue
            raw[f.id] = rnd.choice(pools[f.type])
        out.append({"raw": raw})
    # two cases random answers seldom hit: signed before the birth; the parent's name in the
    # 16-year-old's own signature block
    out.append({"raw": {"person_fnr": fnrs[1], "sign_date": "01.01.2010", "service_ip": True,
                        "applicant_role": "parent"}})
    out.append({"raw": {"person_fnr": fnrs[2], "service_koordinator": True,
                        "applicant_role": "parent", "applicant_name": "Kari Nordmann",
                        "youth_sign_name": "kari  nordmann", "youth_sign_date": "20.11.2026",
                        "sign_date": "20.11.2026"}})
    return out


def threshold_sets() -> list[dict]:
    """Turning 16 or 18 before, on, between and after the signature and the received date,
    for every role, with a service the threshold matters for and one it does not."""
    services = [("ip",), ("barnekoordinator",), ("koordinator", "barnekoordinator")]
    out = []
    for i, (role, years, offset) in enumerate(product(("self", "parent", "proxy", "verge"),
                                                      (16, 18), (-20, -10, -5, 0, 1))):
        # offset: the birthday relative to RECEIVED; SIGNED is 10 days before it
        out.append({"raw": application(synthetic(born(years, offset), serial=i % 5), role,
                                       services[i % 3])})
    # born 29 February: turns 18 on 1 March 2026 (pbrl § 4-3 counts whole years)
    feb29 = number(29, 2, 8, range(500, 1000))
    for received in (dt.date(2026, 2, 28), dt.date(2026, 3, 1), dt.date(2026, 3, 5)):
        out.append({"raw": application(feb29, "parent", ("ip", "barnekoordinator"),
                                       signed=dt.date(2026, 2, 20)), "received": received})
    return out


def consent_sets() -> list[dict]:
    """Consent ticked or not (never a condition), and 0-3 services the person gets today."""
    out = []
    for obtain, share, current, service in product((True, False), (True, False), (0, 1, 3),
                                                   ("ip", "barnekoordinator")):
        more = {f"current_service_{i}": (f"Tjeneste {i}" if i <= current else "")
                for i in range(1, 5)}
        age = 40 if service == "ip" else 8
        role = "self" if service == "ip" else "parent"
        out.append({"raw": application(synthetic(born(age, 50)), role, (service,),
                                       consent_obtain=obtain, consent_share=share, **more)})
    return out


def number_sets() -> list[dict]:
    """Every kind of number: fødselsnummer, D-, H-, D+H-, FH- and synthetic (Tenor) numbers,
    birth centuries, separators, wrong check digits, in the person's and the applicant's
    fields."""
    kinds = [
        synthetic(dt.date(1990, 6, 15)),                        # fødselsnummer
        synthetic(dt.date(1990, 6, 15), d_number=True),         # D-nummer: day + 40
        number(15, 46, 90, range(0, 500)),                      # H-nummer: month + 40
        number(15, 46, 12, range(500, 1000)),                   # H-nummer, a child of 14
        number(55, 46, 90, range(0, 500)),                      # day and month + 40
        number(85, 6, 90, range(0, 500)),                       # FH-nummer: no birth date
        number(15, 86, 90, range(0, 500)),                      # synthetic (month + 80)
        number(15, 6, 80, range(500, 750)),                     # born 1880: implausible
        number(15, 6, 45, range(900, 1000)),                    # born 1945 (900-999)
        number(15, 6, 30, range(500, 1000)),                    # born 2030: implausible
        synthetic(dt.date(2009, 12, 20))[:6] + "-" + synthetic(dt.date(2009, 12, 20))[6:],
        " ".join(synthetic(dt.date(1975, 3, 3))),
        synthetic(dt.date(1990, 6, 15))[:10] + str((int(synthetic(dt.date(1990, 6, 15))[10]) + 1) % 10),
        synthetic(dt.date(1990, 6, 15))[:10],
        "31029012345",
    ]
    out = []
    for i, n in enumerate(kinds):
        role = ("self", "parent", "proxy")[i % 3]
        out.append({"raw": application(n, role, ("koordinator",))})
        if role != "self":  # the number as the applicant's too
            out.append({"raw": application(ADULT, role, ("ip",), applicant_fnr=n)})
    return out


def fullmakt_sets() -> list[dict]:
    """The fullmakt against the application: who applies (proxy, parent) for whom (a child
    expected, under 16, 16-17, an adult) and what, with a fullmakt from the person, from a
    parent, or from no one valid; then one thing changed at a time."""
    ages = {"expected": None, "under_16": synthetic(born(10, 70), serial=1),
            "16_or_17": synthetic(born(17, 90), serial=2), "18_or_over": ADULT}
    services = [("ip",), ("barnekoordinator",), ("koordinator", "barnekoordinator")]
    out = []
    for role, person, svc, giver in product(("proxy", "parent"), ages.values(), services,
                                            ("person", "parent", "blank")):
        given = {"person": ("Testperson", person or ""),
                 "parent": ("Testforelder", OTHER_PARENT), "blank": ("", "")}[giver]
        fm = fullmakt(*given, receiver_fnr=PARENT if role == "parent" else HELPER, services=svc)
        out.append({"raw": application(person, role, svc, attachment_fullmakt=True),
                    "atts": [att("fullmakt_form", fm)]})

    base_app = application(ADULT, "proxy", ("ip",), attachment_fullmakt=True)
    variants = {
        "receiver a minor": {"receiver_fnr": MINOR},
        "receiver another person": {"receiver_fnr": synthetic(born(60, 3), serial=9)},
        "receiver by name only": {"receiver_fnr": "", "receiver_name": "Noen Andre"},
        "receiver by the same name": {"receiver_fnr": "", "receiver_name": "  testsøker "},
        "an organisation": {"receiver_orgnr": ORG, "receiver_name": "Testforeningen"},
        "an organisation, spaced": {"receiver_orgnr": f"{ORG[:3]} {ORG[3:6]} {ORG[6:]}",
                                    "receiver_name": "Testforeningen"},
        "orgnr check digit wrong": {"receiver_orgnr": ORG[:8] + str((int(ORG[8]) + 1) % 10)},
        "orgnr not digits": {"receiver_orgnr": "91234567X"},
        "orgnr too short": {"receiver_orgnr": ORG[:8]},
        "signed by the receiver": {"sign_name": "TESTSØKER"},
        "not signed": {"sign_name": "", "sign_place": ""},
        "scope missing": {"scope_ip": False},
        "scope all": {"scope_ip": False, "scope_all": True},
        "another scope": {"scope_ip": False, "scope_barnekoordinator": True},
        "signed after the application": {"sign_date": dmy(SIGNED + dt.timedelta(days=3))},
        "expired": {"valid_to": dmy(RECEIVED - dt.timedelta(days=1))},
        "valid to the received date": {"valid_to": dmy(RECEIVED)},
        "not yet valid": {"valid_from": dmy(RECEIVED + dt.timedelta(days=30))},
        "valid after the application": {"valid_from": dmy(SIGNED + dt.timedelta(days=2))},
        "no id copy": {"id_copy_attached": False},
        "bad dates": {"valid_from": "31.02.2026", "sign_date": "x"},
        "giver fnr spaced": {"giver_fnr": " ".join([ADULT[:6], ADULT[6:]])},
    }
    # organisasjonsnummer check digits (mod 11, weights 3 2 7 6 5 4 3 2 1) against
    # python-stdnum: made-up numbers, half with the right check digit, half with another
    rnd = random.Random(12)
    for i in range(16):
        prefix = str(rnd.randrange(80_000_000, 99_999_999))
        right = [prefix + d for d in "0123456789" if stdorgnr.is_valid(prefix + d)]
        digits = right[0] if right and i % 2 == 0 else prefix + str(i % 10)
        variants[f"orgnr {digits}"] = {"receiver_orgnr": digits, "receiver_name": "Testlaget"}
    for change in variants.values():
        fm = dict(fullmakt("Testperson", ADULT), **change)
        out.append({"raw": base_app, "atts": [att("fullmakt_form", fm)]})
    # the youth block holding the parent's name does not count; a fullmakt from the person does
    teen = ages["16_or_17"]
    youth_by_parent = application(teen, "parent", ("ip",), youth_sign_name="testsøker",
                                  youth_sign_date=dmy(SIGNED), attachment_fullmakt=True)
    out.append({"raw": youth_by_parent, "atts": [att("fullmakt_form", fullmakt("Testperson", teen,
                                                                               PARENT))]})
    out.append({"raw": youth_by_parent})
    out.append({"raw": dict(youth_by_parent, youth_sign_name="Testperson")})
    # two fullmakts: the person's for IP, a parent's for barnekoordinator (and only one of them)
    both = application(teen, "proxy", ("ip", "barnekoordinator"), attachment_fullmakt=True)
    person_fm = att("fullmakt_form", fullmakt("Testperson", teen, services=("ip",)))
    parent_fm = att("fullmakt_form", fullmakt("Testforelder", PARENT,
                                              services=("barnekoordinator",)), "fullmakt-2.pdf")
    out += [{"raw": both, "atts": [person_fm, parent_fm]}, {"raw": both, "atts": [person_fm]},
            {"raw": both, "atts": [parent_fm]}]
    # fullmakts not on our form, other attachments, and the box against what came
    scan = att("fullmakt_other", None, "fullmakt-skann.jpg")
    other = att("other", None, "vedlegg.pdf")
    out += [{"raw": both, "atts": [scan]}, {"raw": base_app, "atts": [scan]},
            {"raw": base_app, "atts": [scan, att("fullmakt_form", fullmakt("Testperson", ADULT))]},
            {"raw": base_app}, {"raw": base_app, "atts": [other]},
            {"raw": dict(base_app, attachment_fullmakt=False),
             "atts": [att("fullmakt_form", fullmakt("Testperson", ADULT))]},
            {"raw": dict(base_app, attachment_fullmakt=False)},
            {"raw": application(ADULT, "self", ("ip",)),
             "atts": [att("fullmakt_form", fullmakt("Testperson", ADULT))]}]
    # the verge: the vergefullmakt attached, ticked, or neither
    for person in (ages["under_16"], teen, ADULT):
        for ticked, atts in product((True, False), ([], [att("verge_proof", None, "verge.pdf")],
                                                    [other])):
            out.append({"raw": application(person, "verge", ("koordinator",),
                                           attachment_verge=ticked), "atts": atts})
    return out


#: names written two ways that the rules count as the same name (or, last, as different):
#: capital sharp s, Greek final sigma, a ligature, Sámi letters composed and decomposed, a
#: no-break space, the dotted capital I (İ), Cherokee
NAME_PAIRS = [("Jörg Straße", "JÖRG STRAẞE"), ("Jörg STRAẞE", "jörg strasse"),
              ("Odysseas ΟΔΥΣΣΕΑΣ", "odysseas οδυσσεασ"), ("Σοφία ΒΛΑΧΟΣ-Νίκου", "ΣΟΦΊΑ βλαχοσ-νίκου"),
              ("Fiona ﬁnnsdottir", "FIONA FINNSDOTTIR"),
              ("Ŋuolja Čovčča", "ŊUOLJA ČOVČČA"),
              ("Ŋuolja Čovčča", "ŋuolja c\u030covc\u030cc\u030ca"),
              ("Máret\u00a0Ánde", " MA\u0301RET  A\u0301NDE "), ("Đuro Ǆurić", "đuro ǆurić"),
              ("İnci Şahin", "i\u0307nci şahin"), ("ᏌᏊ Ᏸ", "ᏌᏊ Ᏸ".lower()),
              ("İnci Şahin", "Inci Sahin")]


def normalisation_sets() -> list[dict]:
    """Where the browser and Python must normalise alike: a choice holding its label in either
    language (a PDF viewer may store the label; the nn label on an nb page and the other way
    round), and names compared as the rules compare them (the youth block holding the
    parent's name; the fullmakt's receiver by name, its signer)."""
    out = []
    for o in load_form("soknad").field("applicant_role").options:
        for label in (o.label.nb, o.label.nn):
            out.append({"raw": application(ADULT if o.id != "parent" else synthetic(born(17, 90), serial=2),
                                           o.id, ("koordinator",), applicant_role=label)})
    teen = synthetic(born(17, 90), serial=2)
    for a, b in NAME_PAIRS:
        out.append({"raw": application(teen, "parent", ("ip",), applicant_name=a,
                                       youth_sign_name=b, youth_sign_date=dmy(SIGNED))})
        app = application(ADULT, "proxy", ("ip",), attachment_fullmakt=True, applicant_name=a)
        out.append({"raw": app, "atts": [att("fullmakt_form", dict(
            fullmakt("Testperson", ADULT), receiver_fnr="", receiver_name=b))]})
        out.append({"raw": app, "atts": [att("fullmakt_form", dict(
            fullmakt("Testperson", ADULT), receiver_name=a, sign_name=b))]})
    # an address abroad: the postnummer rule is Norway's (FormDef.abroad, rules.check_fields)
    for country, code in (("Sverige", "113 51"), ("", "113 51"), ("Norge", "113 51"),
                          (" NOREG ", "2636"), ("Storbritannia", "SW1A 1AA"),
                          ("Tyskland", "12345678901"), ("Danmark", "")):
        out.append({"raw": application(ADULT, person_country=country, person_postcode=code)})
    return out


def legal_case_sets() -> list[dict]:
    """Every case of tests/legal_cases.yml (written from the law): the online form must agree
    with ``ipforms validate`` on each."""
    import legal_cases

    data = legal_cases.load()
    out = []
    for case in data["cases"]:
        values, atts, received = legal_cases.build(case, data["received"])
        out.append({"raw": values, "received": received,
                    "atts": [{"name": a.name, "kind": a.kind, "values": a.values} for a in atts]})
    return out


def expecting_sets() -> list[dict]:
    """Issue 25: a child not yet born, the one who expects it applying as «Personen selv», for
    each service: validate's note or warning points at the role, so the page shows it there."""
    return [{"raw": application(None, "self", svc, sign_name="TESTMOR")}
            for svc in (("barnekoordinator",), ("ip",), ("koordinator", "barnekoordinator"))]


def answer_sets() -> list[dict]:
    return (_random_sets(150) + threshold_sets() + consent_sets() + number_sets()
            + fullmakt_sets() + normalisation_sets() + legal_case_sets() + expecting_sets())


def python_findings(s: dict, lang: str) -> list[tuple]:
    """``ipforms validate``'s findings for one answer set: (code, severity, field, sentence)."""
    atts = [AttachmentInfo(a["name"], a["kind"], values=a["values"]) for a in s.get("atts", [])]
    return [(f.code, f.severity, f.field, messages.render(f.code, lang, f.params, field=f.field))
            for f in check_application(s["raw"], atts, s.get("received", RECEIVED))]


def fullmakt_page_sets() -> list[dict]:
    """Answers on the fullmakt page on its own (its fields' checks)."""
    form = load_form("fullmakt")
    rnd = random.Random(7)
    pools = {"text": ["Kari", "", "K" * 120],
             "date": ["26.11.2026", "30.02.2026", "", "2027-01-01"],
             "fnr": [synthetic(dt.date(1970, 5, 5)), "12345678901", ""],
             "phone": ["61 26 60 00", "12"], "checkbox": [True, False]}
    return [{f.id: rnd.choice(pools[f.type]) for f in form.fields if rnd.random() < 0.8}
            for _ in range(40)]


def fullmakt_python_findings(raw: dict, lang: str) -> list[tuple]:
    """The field rules' findings on the fullmakt page's answers: (code, field, sentence)."""
    form = load_form("fullmakt")
    return [(f.code, f.field, messages.render(f.code, lang, f.params, field=f.field))
            for f in check_fields(form, normalise(form, raw), RECEIVED)]


#: the codes the sets must give (each kind of check, more than once or twice)
WANTED_CODES = {
    # fields and dates
    "field.required", "field.fnr_invalid", "field.fnr_implausible", "field.date_invalid",
    "field.date_after_received", "field.postnummer_invalid", "field.phone_invalid",
    "field.email_invalid", "field.too_long", "field.choice_invalid", "services.none",
    "sign.missing", "sign.old", "sign.too_old", "sign.before_birth", "due_date.too_far",
    "due_date.implausible_past",
    # the notes and warnings
    "field.h_number", "age.threshold_crossed", "consent.obtain_not_ticked",
    "consent.share_not_ticked", "hint.fewer_than_two_services",
    # who signs, the youth block
    "youth.signed_by_applicant", "fullmakt.youth_signed", "fullmakt.youth_missing",
    "fullmakt.not_needed_self", "signing.self_under_16", "barnekoordinator.too_old",
    # the fullmakt against the application
    "fullmakt.ok", "fullmakt.ok_parent", "fullmakt.giver_not_person",
    "fullmakt.giver_is_child", "fullmakt.giver_parent_check",
    "fullmakt.receiver_not_applicant", "fullmakt.receiver_minor", "fullmakt.orgnr_invalid",
    "fullmakt.receiver_organisation", "fullmakt.signed_by_receiver",
    "fullmakt.scope_missing", "fullmakt.unsigned", "fullmakt.signed_after",
    "fullmakt.expired", "fullmakt.not_yet_valid", "fullmakt.valid_after_application",
    "fullmakt.id_copy_missing", "fullmakt.needs_person_fullmakt",
    "fullmakt.needs_parent_fullmakt", "fullmakt.manual_check",
    "fullmakt.manual_check_parent", "fullmakt.maybe_in", "fullmakt.ticked_none_found",
    "fullmakt.found_not_ticked", "fullmakt.missing", "fullmakt.missing_parent",
    # the verge
    "verge.proof_missing", "verge.manual_check", "verge.ticked_none_found",
    "verge.found_not_ticked",
    # issue 25: what the law decides otherwise (the legal cases)
    "fullmakt.advokat", "fullmakt.barnevern", "text.no_parental_responsibility",
    "text.fullmektig_employee", "fullmakt.giver_name_differs", "fullmakt.no_valid_from",
    "sign.no_date", "sign.no_place", "person.no_id", "signing.self_expected",
    "signing.self_barnekoordinator_youth",
}
#: codes the sets must give at least twice
TWICE = ("field.h_number", "age.threshold_crossed", "consent.obtain_not_ticked",
         "fullmakt.receiver_organisation", "fullmakt.giver_not_person", "signing.self_expected")


def coverage_gaps(codes: dict[str, int]) -> list[str]:
    """The wanted codes the sets did not give (enough): ``codes`` counts each code found."""
    return sorted((WANTED_CODES - codes.keys()) | {c for c in TWICE if codes.get(c, 0) < 2})

