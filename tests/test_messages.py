"""The report messages: one source (resources/messages.yml), both languages,
every code the code uses, and no word that belongs to the other written standard."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from ipforms.validation import rules
from ipforms.validation.messages import catalogue, placeholders, render

SRC = Path(__file__).resolve().parent.parent / "src" / "ipforms"
CODE_RE = re.compile(r"""["']((?:pdf|security|field|services|sign|due_date|barnekoordinator|hint|"""
                     r"""fullmakt|verge|word|service|form|attachment|signing|consent|age|youth)\.[a-z_]+)["']""")


def test_every_message_has_nb_and_nn_with_the_same_placeholders():
    for code, entry in catalogue().items():
        assert set(entry) == {"nb", "nn"}, code
        assert entry["nb"].strip() and entry["nn"].strip(), code
        assert placeholders(entry["nb"]) == placeholders(entry["nn"]), code


def test_citizen_texts_fit_their_report_message():
    """A citizen.<code> text on the online form uses no placeholder its finding lacks."""
    for code, entry in catalogue().items():
        if code.startswith("citizen."):
            report = code.removeprefix("citizen.")
            assert report in catalogue(), code
            assert placeholders(entry["nb"]) <= placeholders(catalogue()[report]["nb"]), code


def test_every_code_used_in_the_code_has_a_message():
    used = set()
    for name in ("validation/rules.py", "validation/rules_signing.py", "validation/validate.py",
                 "validation/attachments.py", "validation/folder.py", "validation/pdfread.py",
                 "validation/report.py", "validation/messages.py", "cli.py"):
        used |= set(CODE_RE.findall((SRC / name).read_text("utf-8")))
    # codes built at run time
    used |= {f"security.{k}" for k in ("javascript", "launch")}
    used |= {f"field.{t}_invalid" for t in ("postnummer", "phone", "email")}
    used |= {f"word.{s}" for s in ("valid", "invalid", "unreadable", "embedded", "separate")}
    used |= {f"service.{s}" for s in ("ip", "koordinator", "barnekoordinator")}
    # codes in the rules' parameters (resources/checks.yml)
    used |= {c["code"] for key in ("consent", "id_kinds") for c in rules.params()[key]}
    missing = sorted(c for c in used if c not in catalogue())
    assert not missing


def test_pdf_error_codes_all_have_messages():
    codes = set()  # raised where PDFs are read: validate's reader and the shared guard
    for path in (SRC / "validation" / "pdfread.py", SRC / "forms" / "pdfguard.py"):
        codes |= set(re.findall(r'"(pdf\.[a-z_]+)"', path.read_text("utf-8")))
    assert codes >= {"pdf.not_pdf", "pdf.truncated", "pdf.encrypted", "pdf.password",
                     "pdf.no_fields", "pdf.too_large", "pdf.attachment_bomb"}
    assert codes <= set(catalogue())


def test_unknown_code_and_language_are_clear_errors():
    with pytest.raises(KeyError, match="no message 'nope'"):
        render("nope", "nb")
    with pytest.raises(ValueError, match="expected 'nb' or 'nn'"):
        render("word.valid", "en")


def _unknown(words: set[str], dictionary: str) -> set[str]:
    out = subprocess.run(["hunspell", "-d", dictionary, "-l"], input="\n".join(sorted(words)),
                         capture_output=True, text=True, check=True).stdout
    return set(out.split())


#: correct in the written standard (Nynorskordboka / Bokmålsordboka) but missing from hunspell-no
#: (ID: of «ID-porten», the name of the public login service; framtidsfullmektig: the holder
#: of a framtidsfullmakt, vergemålsloven chapter 10, as in resources/words/common.txt)
KNOWN = {"nn": {"kryptert", "kryptering", "ID", "framtidsfullmektig"}, "nb": set()}


def _words(lang: str) -> set[str]:
    text = " ".join(e[lang] for e in catalogue().values())
    text = re.sub(r"\{law:[^{}]+\}", " ", text)  # citations: rendered from laws.yml
    # {count:ingen tjenester|én tjeneste|# tjenester}: the words of each form are checked
    text = re.sub(r"\{[a-z_]+:([^{}]*)\}", lambda mo: mo.group(1).replace("|", " "), text)
    text = re.sub(r"\{[a-z_]+\}", " ", text)
    text = re.sub(r"\b([A-Z]{2,})-(en|a|et|ane|ene)\b", r"\1", text)  # PDF-en: abbreviation + ending
    return {w for w in re.findall(r"[A-Za-zÆØÅæøåé]+", text) if len(w) > 1} - KNOWN[lang]


@pytest.mark.parametrize("lang,other", [("nb", "nn"), ("nn", "nb")])
def test_no_word_from_the_other_written_standard(lang, other):
    words = _words(lang)
    wrong = _unknown(words, f"{lang}_NO") - _unknown(words, f"{other}_NO")
    assert not wrong, f"{lang} messages use {other} words: {sorted(wrong)}"
