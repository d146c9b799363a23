"""The legal case table (tests/legal_cases.yml): turn a case into application values and
attachments, judge the findings, and render the table for readers.

    .venv/bin/python tests/legal_cases.py > docs/legal-cases.md
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from stdnum.no import fodselsnummer as _stdnum

from ipforms.validation.rules import ERROR, WARNING, AttachmentInfo, Finding
from ipforms.core.deadline import add_years
from ipforms.core.fnr import synthetic
from ipforms.dev.demo_applications import application, born, fullmakt

FILE = Path(__file__).resolve().parent / "legal_cases.yml"
DOC = Path(__file__).resolve().parent.parent / "docs" / "legal-cases.md"
SERVICE_KEYS = ("ip", "koordinator", "barnekoordinator")
PARENT_NAME = "Forelder Eksempel"


def load() -> dict:
    return yaml.safe_load(FILE.read_text("utf-8"))


def _date(value) -> dt.date | str:
    if isinstance(value, dt.date):
        return value
    s = str(value)
    try:
        return dt.datetime.strptime(s, "%d.%m.%Y").date()
    except ValueError:
        return s  # a date that does not exist ("31.02.2026"): written as it is


def _d(day) -> str:
    return day.strftime("%d.%m.%Y") if isinstance(day, dt.date) else str(day)


def _with_check_digits(head: str) -> str:
    """``head`` (9 digits) and the first serial after it whose check digits exist."""
    base, ind = head[:6], int(head[6:9])
    for i in range(ind, 1000):
        h = f"{base}{i:03d}"
        k1 = _stdnum.calc_check_digit1(h)
        if len(k1) == 1:
            k2 = _stdnum.calc_check_digit2(h + k1)
            if len(k2) == 1:
                return h + k1 + k2
    raise ValueError(head)


def person_number(person: dict, received: dt.date) -> str:
    birth = _date(person["born"]) if "born" in person else \
        add_years(received, -int(person["age"])) - dt.timedelta(days=30)
    assert isinstance(birth, dt.date)
    kind = person.get("id", "fnr")
    if kind == "fnr":
        return synthetic(birth)
    if kind == "none":  # neither fødselsnummer nor D-nummer written
        return ""
    if kind == "d-number":
        return synthetic(birth, d_number=True)
    if kind == "h-number":  # hjelpenummer: month + 40
        return _with_check_digits(f"{birth.day:02d}{birth.month + 40:02d}{birth.year % 100:02d}"
                                  + ("500" if birth.year >= 2000 else "000"))
    if kind == "fh-number":  # felles hjelpenummer: starts with 8 or 9, no birth date
        return _with_check_digits("812345670")
    if kind == "bad-check-digit":
        good = synthetic(birth)
        return good[:-1] + str((int(good[-1]) + 1) % 10)
    raise ValueError(f"unknown id kind {kind!r}")


def build(case: dict, default_received: dt.date) -> tuple[dict, list[AttachmentInfo], dt.date]:
    """Application values, attachments and the received date of one case."""
    received = _date(case.get("received", default_received))
    assert isinstance(received, dt.date)
    signed = _date(case["signed"]) if "signed" in case else received - dt.timedelta(days=2)
    person = case["person"]
    extra: dict = {}
    if "expected" in person:
        extra.update(person_fnr="", expected_child=True, person_name="Foreldre Eksempel",
                     due_date=_d(_date(person["expected"]["due"])))
    else:
        extra["person_fnr"] = person_number(person, received)
    values = application(received, role=case["who"], services=tuple(case["services"]),
                         sign_date=_d(signed), **extra)
    attachments: list[AttachmentInfo] = []
    for item in case.get("with") or []:
        name, opts = (item, {}) if isinstance(item, str) else next(iter(item.items()))
        opts = opts or {}
        if name == "youth_signature":
            values.update(youth_sign_name="UNGDOM EKSEMPEL",
                          youth_sign_date=_d(_date(opts.get("signed", signed))))
        elif name == "set":  # answers as written in the application (free text, empty fields)
            values.update({k: "" if v is None else v for k, v in opts.items()})
        elif name == "youth_signature_with_applicant_name":
            values.update(youth_sign_name=values["applicant_name"].upper(),
                          youth_sign_date=_d(signed))
        elif name == "fullmakt":
            attachments.append(_fullmakt(values, received, opts, len(attachments)))
        elif name == "fullmakt_scan":
            values["attachment_fullmakt"] = True
            attachments.append(AttachmentInfo("skann.fullmakt.jpg", "fullmakt_other", "separate"))
        elif name == "fullmakt_ticked_none":
            values["attachment_fullmakt"] = True
        elif name == "vergefullmakt":
            values["attachment_verge"] = opts.get("ticked", True)
            attachments.append(AttachmentInfo("v.vergefullmakt.pdf", "verge_proof", "separate"))
        elif name == "verge_ticked_none":
            values["attachment_verge"] = True
        elif name == "consent_unticked":
            values["consent_obtain"] = False
        else:
            raise ValueError(f"case {case['id']}: unknown 'with' item {name!r}")
    return values, attachments, received


def _fullmakt(values: dict, received: dt.date, opts: dict, n: int) -> AttachmentInfo:
    values["attachment_fullmakt"] = opts.get("ticked", True)
    if "receiver_born" in opts:
        values["applicant_fnr"] = synthetic(_date(opts["receiver_born"]), serial=2)
    fm = fullmakt(values, received)
    if opts.get("from") == "parent":
        fm.update(giver_name=PARENT_NAME, giver_fnr=born(received, 45, serial=3),
                  sign_name=PARENT_NAME.upper())
    elif opts.get("from") != "person":
        raise ValueError(f"fullmakt from {opts.get('from')!r}")
    if "receiver_org" in opts:  # an organisation the person is a member of (fvl § 12)
        fm.update(receiver_orgnr=str(opts["receiver_org"]), receiver_fnr="",
                  receiver_name="Brukarforeininga Eksempel")
    if opts.get("signed_by") == "receiver":
        fm["sign_name"] = fm["receiver_name"].upper()
    if "signed" in opts:
        fm["sign_date"] = _d(_date(opts["signed"]))
    if "valid_from" in opts:
        fm["valid_from"] = "" if opts["valid_from"] is None else _d(_date(opts["valid_from"]))
    if "giver_name" in opts:
        fm["giver_name"] = opts["giver_name"]
    if opts.get("receiver_org"):
        values["applicant_fnr"] = ""
    if "valid_to" in opts:
        fm["valid_to"] = _d(_date(opts["valid_to"]))
    if "scope" in opts:
        fm.update({f"scope_{s}": s in opts["scope"] for s in SERVICE_KEYS})
    return AttachmentInfo(f"f{n + 1}.fullmakt.pdf", "fullmakt_form", "separate", values=fm)


def verdict(findings: list[Finding]) -> str:
    if any(f.severity == ERROR for f in findings):
        return "invalid"
    if any(f.severity == WARNING for f in findings):
        return "check"
    return "valid"


# --- the table for readers -----------------------------------------------------------------

SECTIONS = {"A": "The person applies", "B": "A parent with parental responsibility applies",
            "C": "Dates: ages at receipt, the signature date",
            "D": "Anyone else, with a written fullmakt (fullmektig)",
            "E": "A verge applies", "F": "Consent", "G": "Identity numbers", "H": "29 February"}
WORD = {"valid": "GYLDIG", "check": "GYLDIG, må sjekkes", "invalid": "IKKE GYLDIG"}


def _person(p: dict) -> str:
    if "expected" in p:
        return f"expected, due {_d(_date(p['expected']['due']))}"
    who = f"born {_d(_date(p['born']))}" if "born" in p else f"{p['age']} years"
    return who + (f" ({p['id']})" if p.get("id") else "")


def _with(items) -> str:
    out = []
    for item in items or []:
        if isinstance(item, str):
            out.append(item.replace("_", " "))
        else:
            name, opts = next(iter(item.items()))
            opts = ", ".join(f"{k} {_d(_date(v)) if 'signed' == k or 'valid' in k or 'born' in k else v}"
                             for k, v in (opts or {}).items())
            out.append(f"{name} ({opts})" if opts else name)
    return "; ".join(out) or "–"


def markdown() -> str:
    data = load()
    received = _d(_date(data["received"]))
    lines = ["# Legal cases for `ipforms validate`", "",
             "Written from the law, not from the code; each case names the section its verdict",
             "rests on, and `make test` runs every one (`tests/test_legal_cases.py`). The rule",
             "itself is one table, `src/ipforms/resources/signing.yml`, which validation decides",
             "from and the pages and forms are written from. Generated from `tests/legal_cases.yml`",
             "by `.venv/bin/python tests/legal_cases.py > docs/legal-cases.md`.", "",
             f"Received date: {received} unless the case says otherwise. Signed: two days before",
             "receipt unless the case says otherwise. Verdicts: **GYLDIG** (valid, nothing to",
             "check), **GYLDIG, må sjekkes** (valid; a warning for the case worker), **IKKE GYLDIG**",
             "(an error). Laws: pbrl = pasient- og brukerrettighetsloven, fvl = forvaltningsloven,",
             "vml = vergemålsloven.", "", "## Decisions where no act gives the answer", ""]
    lines += [f"- {d}" for d in data["decisions"]]
    for letter, title in SECTIONS.items():
        cases = [c for c in data["cases"] if c["id"].startswith(letter)]
        lines += ["", f"## {letter}. {title}", "",
                  "| id | case | who | person | services | signed / received | with | verdict | "
                  "because of | law |",
                  "|---|---|---|---|---|---|---|---|---|---|"]
        for c in cases:
            dates = (_d(_date(c["signed"])) if "signed" in c else "") + \
                (f" / {_d(_date(c['received']))}" if "received" in c else "")
            cells = [c["id"], c["case"], c["who"], _person(c["person"]), ", ".join(c["services"]),
                     dates or "–", _with(c.get("with")), WORD[c["verdict"]],
                     ", ".join(f"`{x}`" for x in c.get("codes") or []) or "–", c["law"]]
            lines.append("| " + " | ".join(str(x).replace("|", "/") for x in cells) + " |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(markdown(), end="")
