"""Evidence of signing: what an application file shows about who signed it, said honestly.

A filled PDF holds *names*, not signatures: anyone can type anyone's name into a signature
block.  Evidence that the right person signed is one of

* a handwritten signature on paper (the case worker looks at the paper);
* a **digital signature** in the PDF (PAdES/CMS, as e-signing services used with BankID or
  Buypass make): verified here with pyHanko (integrity, whether the signed revision covers
  the field values, the signer's name from the certificate, the signing time) and, when
  trust anchors are configured (a folder of CA certificates, ``--trust-dir``), the
  certificate's path to one of them;
* the **sender** as a receiving channel with ID-porten login knows them (``--sender FNR``,
  or per file in a folder run from a sidecar file ``KEY.pdf.json``: ``{"sender": "FNR"}``).

For each signer the signing table (``resources/signing.yml``) requires, :func:`evaluate` gives
a :class:`Evidence` (``typed``, ``digital``, ``sender`` or ``none``) and the findings the report
shows: a typed name alone is a warning saying what the case worker must check ("underskrift
på papir" or the sender's login), never "underskrevet".

Hostile input: pyHanko is only asked about a file in which :mod:`ipforms.validation.pdfread`
(with its limits) found a filled signature field; it reads the file with decoding limits of
its own (:data:`DECODE_LIMITS`), at most :data:`MAX_SIGNATURES` signatures are verified, and
the whole check runs inside :func:`ipforms.validation.validate.check_file`'s time limit.
"""

from __future__ import annotations

import datetime as _dt
import io
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..core import fnr as _fnr
from ..core import signing
from ..core.deadline import age_on
from ..core.errors import IpformsError, PdfInputError
from .pdfread import Limits, PdfDoc, read_pdf
from .rules import ERROR, NOTE, WARNING, AttachmentInfo, Finding, norm_name, person_birth

EVIDENCE = ("typed", "digital", "sender", "none")
ROLES = ("applicant", "youth", "fullmakt_giver")
#: signatures verified in one file; more is refused (a file built to take time)
MAX_SIGNATURES = 8
#: trust anchors read from a folder at most (files, bytes each)
MAX_TRUST_FILES = 200
MAX_TRUST_BYTES = 1024 * 1024

log = logging.getLogger(__name__)


@dataclass
class Signer:
    """Someone the signing table says must sign: who (role), the name and number the form
    gives for them, and the name typed in their signature block."""

    role: str
    name: str
    fnr: str
    typed: str
    field: str
    attachment: str | None = None


@dataclass
class DigitalSignature:
    """One digital signature as pyHanko verified it."""

    field_name: str
    signer: str | None = None
    signing_time: _dt.datetime | None = None
    intact: bool = False
    valid: bool = False
    trusted: bool | None = None       # None: no trust anchors configured, not checked
    changed_fields: list[str] = field(default_factory=list)
    changed_other: bool = False       # changes after signing beyond field values
    reason: str | None = None         # why it could not be verified


@dataclass
class Evidence:
    """What the file shows for one signer (the ``signatures`` list of the JSON report)."""

    role: str
    name: str
    evidence: str
    details: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"role": self.role, "name": self.name, "evidence": self.evidence,
                "details": dict(self.details)}


@dataclass(frozen=True)
class Options:
    """How signatures are judged: the trust anchors (DER or PEM certificates; empty: not
    checked) and the sender's fødselsnummer as the receiving channel's login knows it."""

    trust_roots: tuple[bytes, ...] = ()
    sender: str | None = None


def load_trust_dir(folder: str | Path) -> tuple[bytes, ...]:
    """The CA certificates in ``folder`` (``*.pem``, ``*.crt``, ``*.cer``, ``*.der``), as
    bytes.  A folder without any is a usage error (the report would claim a check it did
    not make)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise IpformsError(f"{folder}: not a folder of CA certificates")
    out = []
    for p in sorted(folder.iterdir())[:MAX_TRUST_FILES]:
        if p.suffix.lower() in (".pem", ".crt", ".cer", ".der") and p.is_file():
            if p.stat().st_size > MAX_TRUST_BYTES:
                raise IpformsError(f"{p}: larger than {MAX_TRUST_BYTES} bytes; not a certificate")
            out.append(p.read_bytes())
    if not out:
        raise IpformsError(f"{folder}: no CA certificates (*.pem, *.crt, *.cer, *.der)")
    _certificates(tuple(out))  # each must read as a certificate: a fault of the setup
    return tuple(out)


def _certificates(blobs: tuple[bytes, ...]) -> list:
    from asn1crypto import pem
    from asn1crypto import x509 as ax509

    certs = []
    for b in blobs:
        try:
            if pem.detect(b):
                for _, _, der in pem.unarmor(b, multiple=True):
                    certs.append(ax509.Certificate.load(der))
            else:
                certs.append(ax509.Certificate.load(b))
        except Exception as exc:  # asn1crypto raises several kinds
            raise IpformsError(f"a trust anchor cannot be read as a certificate ({exc})") from None
    return certs


# --- names -----------------------------------------------------------------------------------

_SPLIT = re.compile(r"[\s,]+")


def same_person_name(a: str, b: str) -> bool:
    """Whether two names name the same person as far as names can: the same words in any
    order, case and composition aside («Nordmann, Ola» = «OLA NORDMANN»; BankID
    certificates put the family name first).

    >>> same_person_name("Nordmann, Ola", "OLA NORDMANN"), same_person_name("Ola", "Ola Nordmann")
    (True, False)
    """
    words = lambda s: sorted(w for w in _SPLIT.split(norm_name(s)) if w)  # noqa: E731
    return bool(words(a)) and words(a) == words(b)


# --- who must sign ----------------------------------------------------------------------------

def required_signers(values: dict, attachments: list[AttachmentInfo],
                     received: _dt.date) -> list[Signer]:
    """The signers the signing table asks for: the applicant (always), the 16- or
    17-year-old in their own block when the row asks for it and the block is filled in,
    and the giver of each of our fullmakt forms that came with the application."""
    role = values.get("applicant_role")
    if role == "self":
        applicant = Signer("applicant", values.get("person_name") or values.get("sign_name") or "",
                           values.get("person_fnr") or "", values.get("sign_name") or "",
                           "soknad:sign_name")
    else:
        applicant = Signer("applicant", values.get("applicant_name") or values.get("sign_name") or "",
                           values.get("applicant_fnr") or "", values.get("sign_name") or "",
                           "soknad:sign_name")
    out = [applicant]
    birth = person_birth(values, received)
    group = signing.age_group(None if birth is None else age_on(birth, received), False)
    services = [k for k in signing.SERVICES if values.get(f"service_{k}")]
    if role in signing.WHO and role != "self" and group is not None and services:
        asks = any("youth_signature" in alts for r in signing.decide(role, group, services).values()
                   for alts in r.requires)
        if asks and (values.get("youth_sign_name") or "").strip():
            out.append(Signer("youth", values.get("person_name") or "", values.get("person_fnr") or "",
                              values.get("youth_sign_name") or "", "soknad:youth_sign_name"))
    for a in attachments:
        if a.kind == "fullmakt_form" and a.values is not None:
            fm = a.values
            out.append(Signer("fullmakt_giver", str(fm.get("giver_name") or ""),
                              str(fm.get("giver_fnr") or ""), str(fm.get("sign_name") or ""),
                              "fullmakt:sign_name", attachment=a.name))
    return out


# --- digital signatures ----------------------------------------------------------------------

def _decode_limits(limits: Limits):
    from pyhanko.pdf_utils.decode_limits import DecodeLimits, DocumentDecodeBudget, StreamDecodeLimits

    cap = 8 * limits.max_inflated_bytes
    return DecodeLimits(per_stream=StreamDecodeLimits(max_ratio=1100, max_output_size=cap),
                        document_budget=DocumentDecodeBudget(base_allowance=2 * cap, max_ratio=4))


def off_the_loop(fn, *args, **kwargs):
    """``fn(*args, **kwargs)``; in a thread of its own when this thread already runs an asyncio
    loop.  pyHanko's synchronous API runs a loop of its own (``asyncio.run``), which fails
    inside an async host (a web application, Playwright's synchronous API): the signature
    would then be reported broken through no fault of the file."""
    import asyncio

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return fn(*args, **kwargs)
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(fn, *args, **kwargs).result()


def has_signature(doc: PdfDoc) -> bool:
    """Whether our own reader found a filled signature field (the gate before pyHanko)."""
    return any(k == "signature" and doc.fields.get(n) for n, k in doc.field_kinds.items())


def verify(data: bytes, path: str, trust_roots: tuple[bytes, ...], limits: Limits,
           fields_now: dict, kinds_now: dict) -> list[DigitalSignature]:
    """Every digital signature in ``data``, verified.  ``fields_now`` are the field values of
    the whole file (from :func:`read_pdf`): a value that differs from the signed revision's
    is a change after signing (signature fields aside: a second signer adds one)."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
    logging.getLogger("pyhanko_certvalidator").setLevel(logging.CRITICAL)
    reader = PdfFileReader(io.BytesIO(data), strict=False, decode_limits=_decode_limits(limits))
    sigs = reader.embedded_signatures
    if len(sigs) > MAX_SIGNATURES:
        raise IpformsError(f"{len(sigs)} signatures; at most {MAX_SIGNATURES} are verified")
    anchors = _certificates(trust_roots) if trust_roots else []
    out = []
    for s in sigs:
        d = DigitalSignature(field_name=str(s.field_name))
        try:
            vc = ValidationContext(trust_roots=anchors, allow_fetching=False,
                                   revocation_mode="soft-fail")
            st = off_the_loop(validate_pdf_signature, s, signer_validation_context=vc)
            subject = st.signing_cert.subject.native
            d.signer = subject.get("common_name") or " ".join(
                str(subject.get(k, "")) for k in ("given_name", "surname")).strip() or None
            d.signing_time = st.signer_reported_dt
            if st.timestamp_validity is not None and st.timestamp_validity.intact:
                d.signing_time = st.timestamp_validity.timestamp
            d.intact, d.valid = bool(st.intact), bool(st.valid)
            d.trusted = bool(st.trusted) if anchors else None
            level = getattr(st.modification_level, "name", "OTHER")
            d.changed_other = level not in ("NONE", "LTA_UPDATES", "FORM_FILLING", "ANNOTATIONS")
            end = s.byte_range[2] + s.byte_range[3]
            if d.intact and end < len(data):
                then = read_pdf(path, limits, data=data[:end], fields=False)
                signed = {k: v for k, v in then.fields.items() if then.field_kinds.get(k) != "signature"}
                d.changed_fields = sorted(k for k in set(signed) | set(fields_now)
                                          if signed.get(k) != fields_now.get(k)
                                          and kinds_now.get(k) != "signature"
                                          and then.field_kinds.get(k) != "signature")
        except IpformsError:
            raise
        except Exception as exc:  # pyHanko raises many kinds on a damaged signature
            d.reason = f"{type(exc).__name__}: {str(exc)[:120]}"
        out.append(d)
    return out


def _verify_guarded(data: bytes, doc: PdfDoc, options: Options, limits: Limits) -> list[DigitalSignature]:
    """:func:`verify`, with what pyHanko cannot read said as a broken signature and a
    decoding limit reached as a bomb (the whole file is refused, as pdfread does)."""
    from pyhanko.pdf_utils.misc import PdfDecodeLimitError

    try:
        return verify(data, doc.path, options.trust_roots, limits, doc.fields, doc.field_kinds)
    except PdfDecodeLimitError:
        cap = 8 * limits.max_inflated_bytes
        raise PdfInputError(f"decompression bomb (a stream unpacks to more than {cap // 1024} KiB "
                            f"while the signature is checked)", file=doc.path, code="pdf.bomb",
                            params={"limit_kib": cap // 1024, "name": Path(doc.path).name}) from None
    except IpformsError:
        raise
    except MemoryError:
        raise
    except Exception as exc:  # pyHanko raises many kinds on a damaged file
        return [DigitalSignature(field_name="?", reason=f"{type(exc).__name__}: {str(exc)[:120]}")]


# --- the verdict --------------------------------------------------------------------------------

def _time_text(t: _dt.datetime | None) -> str:
    if t is None:
        return "?"
    t = t.astimezone(_dt.UTC) if t.tzinfo else t
    return f"{t:%d.%m.%Y %H:%M} UTC"


def evaluate(doc: PdfDoc, values: dict, attachments: list[AttachmentInfo], received: _dt.date,
             options: Options | None = None, limits: Limits | None = None,
             data: bytes | None = None) -> tuple[list[Evidence], list[Finding]]:
    """The evidence per required signer, and the findings for the report."""
    options = options or Options()
    limits = limits or Limits()
    signers = required_signers(values, attachments, received)
    evidence: dict[int, Evidence] = {}
    found: list[DigitalSignature] = []
    if has_signature(doc) and data:
        found = _verify_guarded(data, doc, options, limits)
    findings = _digital_evidence(found, signers, evidence)
    if options.sender:
        findings += _sender_evidence(options.sender, signers, evidence)
    out, typed = _every_signer(signers, evidence)
    return out, findings + typed


def _digital_evidence(found: list[DigitalSignature], signers: list[Signer],
                      evidence: dict[int, Evidence]) -> list[Finding]:
    """The digital signatures found: an error for one that is broken, changed, untrusted
    or by someone not asked to sign; the evidence (into ``evidence``, by signer) and a
    note for one by a required signer."""
    findings: list[Finding] = []
    for d in found:
        who = d.signer or "?"
        if d.reason or not d.intact or not d.valid:
            findings.append(Finding("signature.broken", ERROR, None,
                                    {"signer": who, "reason": d.reason or "",
                                     "field_name": d.field_name}))
            continue
        if d.changed_fields:
            findings.append(Finding("signature.fields_changed", ERROR, None,
                                    {"signer": who, "fields": [f"soknad:{k}" for k in d.changed_fields]}))
            continue
        if d.changed_other:
            findings.append(Finding("signature.changed_after", ERROR, None, {"signer": who}))
            continue
        if d.trusted is False:
            findings.append(Finding("signature.untrusted", ERROR, None, {"signer": who}))
            continue
        match = [i for i, s in enumerate(signers) if i not in evidence and s.name
                 and same_person_name(s.name, who)]
        if not match:
            expected = [s.name for i, s in enumerate(signers) if i not in evidence and s.name]
            findings.append(Finding("signature.name_mismatch", ERROR, None,
                                    {"signer": who, "expected": " / ".join(expected) or "?"}))
            continue
        i = match[0]
        s = signers[i]
        details = {"signer": who, "signing_time": d.signing_time.isoformat()
                   if d.signing_time else None, "field_name": d.field_name,
                   "certificate": "trusted" if d.trusted else "not_checked"}
        evidence[i] = Evidence(s.role, s.name, "digital", details)
        params = {"signer": who, "time": _time_text(d.signing_time), "name": s.name}
        findings.append(Finding(f"signature.digital_{s.role}", NOTE, s.field, params))
        if d.trusted is None:
            findings.append(Finding("signature.not_trusted_checked", WARNING, None,
                                    {"signer": who}))
    return findings


def _sender_evidence(sender: str, signers: list[Signer],
                     evidence: dict[int, Evidence]) -> list[Finding]:
    """The sender as the receiving channel knows them (its ID-porten login): evidence for
    the required signer with that fødselsnummer, an error when it is none of them."""
    findings: list[Finding] = []
    sender = _fnr.compact(sender)
    match = [i for i, s in enumerate(signers) if s.fnr and _fnr.same(s.fnr, sender)]
    if not match:
        allowed = [s.name for s in signers if s.name]
        findings.append(Finding("signature.sender_not_allowed", ERROR, None,
                                {"fnr": sender, "expected": " / ".join(allowed) or "?"}))
    for i in match:
        if i not in evidence:
            s = signers[i]
            evidence[i] = Evidence(s.role, s.name, "sender", {"fnr": sender})
            findings.append(Finding(f"signature.sender_{s.role}", NOTE, s.field,
                                    {"name": s.name}))
    return findings


def _every_signer(signers: list[Signer], evidence: dict[int, Evidence]
                  ) -> tuple[list[Evidence], list[Finding]]:
    """The evidence for each required signer in order: what was found, else the typed
    name in their signature block (a warning: typed is no proof), else none."""
    out = []
    findings: list[Finding] = []
    for i, s in enumerate(signers):
        if i in evidence:
            out.append(evidence[i])
            continue
        if not s.typed.strip():
            out.append(Evidence(s.role, s.name, "none", {"field": s.field}))
            continue  # an empty block: the field rules say so
        details = {"field": s.field, "typed": s.typed}
        if s.attachment:
            details["attachment"] = s.attachment
        out.append(Evidence(s.role, s.name, "typed", details))
        params = {"name": s.name or s.typed, "typed": s.typed}
        if s.attachment:
            params["attachment"] = s.attachment
        findings.append(Finding(f"signature.typed_{s.role}", WARNING, s.field, params))
    return out, findings
