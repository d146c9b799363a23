"""Validate incoming applications: one file, or a folder of them on every core.

:func:`validate_file` checks one application PDF with its separate attachments
and returns a :class:`Result`; it raises :class:`~ipforms.core.errors.PdfInputError`
when the application cannot be read.  :func:`check_file` does the same but never
raises (an unreadable file gives a Result with status ``unreadable``), and
:func:`validate_folder` runs it over a folder with a process pool, going on after
a bad file.  Nothing is written anywhere; files are opened read-only.

Which files in a folder belong together (:func:`group_folder`)
---------------------------------------------------------------
A file's *key* is its name up to the first dot.  ``<key>.pdf`` (a PDF whose name
has one dot) is an application.  Every other file with the same key is a
separate attachment of that application, e.g. ``hansen.pdf`` +
``hansen.fullmakt.pdf`` + ``hansen.verge.jpg``.  A PDF whose key matches no
application is checked as an application itself; any other such file is listed
as not belonging to an application.  Hidden files (``.name``) are ignored.

An attachment (embedded in the application PDF or separate) counts as a
fullmakt when it is our fullmakt form (known by its document info or its
fields), or when its name contains ``fullmakt``; as proof of a verge's
authority when its name contains ``verge`` or ``verje``.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
import signal
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from dataclasses import field as _field
from pathlib import Path

from ..core.deadline import reply_due
from ..forms.pdfguard import TimeLimitExceeded, time_limit
from ..core.errors import (EXIT_BAD_INPUT, EXIT_INVALID, EXIT_OK, FormError, InternalError,
                           IpformsError, PdfInputError)
from ..forms.formdef import load_form
from . import signatures as _signatures
from .pdfread import MAX_FILE_BYTES, Attachment, Limits, PdfDoc, read_pdf, read_regular
from .rules import (
    ERROR,
    NOTE,
    WARNING,
    AttachmentInfo,
    Finding,
    check_application,
    normalise,
    services_applied,
)

#: seconds one application (with its attachments) may take before it is given up
TIMEOUT = 60.0
#: share of a form's field ids a PDF without our document info must have to count as that form
FIELD_MATCH = 0.8


@dataclass
class Result:
    """The outcome for one application."""

    file: str
    status: str                       # "valid", "invalid", "unreadable" or "error" (ours)
    received: _dt.date
    findings: list[Finding] = _field(default_factory=list)
    reason_code: str | None = None    # for unreadable: a pdf.* message code
    reason: str | None = None         # for unreadable: one line in English
    reason_params: dict = _field(default_factory=dict)
    reply_due: _dt.date | None = None
    services: list[str] = _field(default_factory=list)
    person_name: str | None = None
    person_fnr: str | None = None     # as written; reports mask it
    expected_child: bool = False
    attachments: list[dict] = _field(default_factory=list)
    #: per signer the signing table requires: role, name, evidence, details (checks.signatures)
    signatures: list[dict] = _field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return {"valid": EXIT_OK, "invalid": EXIT_INVALID, "not_checked": EXIT_OK}.get(
            self.status, EXIT_BAD_INPUT)

    def by_severity(self, severity: str) -> list[Finding]:
        return [f for f in self.findings if f.severity == severity]

    @property
    def errors(self) -> list[Finding]:
        return self.by_severity(ERROR)

    @property
    def warnings(self) -> list[Finding]:
        return self.by_severity(WARNING)

    @property
    def notes(self) -> list[Finding]:
        return self.by_severity(NOTE)


def _our_forms() -> None:
    """Load the definitions validation checks against (cached): one that cannot be
    loaded is our fault, not the file's."""
    for form_id in ("soknad", "fullmakt"):
        try:
            load_form(form_id)
        except FormError as exc:
            raise InternalError(f"the form definition {form_id!r} cannot be loaded: {exc}",
                                hint="ipforms is not installed completely (the form "
                                     "definitions are package data); reinstall it") from exc


def _matches(doc: PdfDoc, form_id: str) -> bool:
    if doc.form_id is not None:
        return doc.form_id == form_id
    ids = [f.id for f in load_form(form_id).fields]
    return sum(1 for i in ids if i in doc.fields) >= FIELD_MATCH * len(ids)


def _not_ours(doc: PdfDoc) -> PdfInputError:
    form = load_form("soknad")
    if _matches(doc, "fullmakt"):
        name = Path(doc.path).name
        return PdfInputError("this is a fullmakt, not an application; name it after its "
                             "application (KEY.fullmakt.pdf) or give it with --attachment",
                             file=doc.path, code="pdf.fullmakt_alone", params={"name": name})
    names = sorted(doc.fields)
    found = (f"form {doc.form_id!r}, " if doc.form_id else "") + \
        f"{len(names)} fields: {', '.join(names[:8])}" + (", ..." if len(names) > 8 else "")
    return PdfInputError(
        f"not our application form (expected form 'soknad', \"{form.title.nb}\"); found {found}",
        file=doc.path, code="pdf.not_our_form",
        params={"expected": form.title.nb, "count": len(names),
                "fields": ", ".join(names[:8]) + (", ..." if len(names) > 8 else "")},
        hint="a form from another source must be checked by hand")


#: file types a case worker can open safely, by their first bytes, with the name
#: endings that open them in a viewer (not a program)
SAFE_TYPES: dict[str, tuple[str, ...]] = {
    "pdf": (".pdf",),
    "jpeg": (".jpg", ".jpeg", ".jpe", ".jfif"),
    "png": (".png",),
    "tiff": (".tif", ".tiff"),
}
#: image types: an image holding ``%PDF-`` anywhere is a polyglot (a PDF with an image's
#: first bytes, which a PDF viewer opens as a PDF) and never safe
IMAGES = ("jpeg", "png", "tiff")
_IMAGE_ENDINGS = tuple(e for k in IMAGES for e in SAFE_TYPES[k])
#: how each safe type starts (a PDF: ``%PDF-`` somewhere in the first :data:`HEAD` bytes)
MAGIC: dict[str, tuple[bytes, ...]] = {
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "tiff": (b"II*\x00", b"MM\x00*"),
}
PDF_MARK = b"%PDF-"
HEAD = 1024
#: what the online form and ``ipforms fill --attachment`` embed in an application, with the
#: MIME type written into the PDF: every type :func:`sniff` accepts as safe
EMBEDDABLE: dict[str, str] = {"pdf": "application/pdf", "jpeg": "image/jpeg", "png": "image/png",
                              "tiff": "image/tiff"}

#: first bytes of things that must never count as a document, whatever their name
_UNSAFE_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"MZ", "program"),                            # Windows .exe, .scr, .dll (PE)
    (b"\x7fELF", "program"),                      # Linux program
    (b"\xca\xfe\xba\xbe", "program"),              # Mach-O / Java class
    (b"\xcf\xfa\xed\xfe", "program"),
    (b"#!", "script"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "office"),  # old Office (macros possible)
    (b"PK\x03\x04", "archive"),                    # zip, .docm/.xlsm (macros), .jar
    (b"{\\rtf", "office"),
)


#: refusals of an attachment that refuse the whole application (exit 2)
BOMBS = ("pdf.bomb", "pdf.attachment_bomb", "pdf.memory")


def sniff(data: bytes, name: str) -> tuple[str, bool]:
    """What an attachment is by its content, and whether a case worker can open it
    safely: a PDF, JPEG, PNG or TIFF by its first bytes, *and* a name that opens it in
    a viewer (``fullmakt.pdf.scr`` is run as a program whatever it holds).  Judged by
    everything it is: a JPEG, PNG or TIFF with ``%PDF-`` anywhere inside is ``polyglot``
    (a PDF viewer would open it as a PDF, unchecked) and never safe; a PDF only counts
    under a ``.pdf`` name and an image only under an image's name.

    >>> sniff(b"%PDF-1.7 ...", "skannet.pdf")
    ('pdf', True)
    >>> sniff(b"MZ\\x90\\x00", "skannet.pdf")
    ('program', False)
    >>> sniff(b"%PDF-1.7 ...", "fullmakt.pdf.scr")
    ('pdf', False)
    >>> sniff(b"\\xff\\xd8\\xff\\xe0 ... %PDF-1.7 ...", "bilde.jpg")
    ('polyglot', False)
    >>> sniff(b"\\xff\\xd8\\xff\\xe0 ...", "bilde.pdf")
    ('jpeg', False)
    """
    head = data[:HEAD]
    kind = "unknown"
    for magic, what in _UNSAFE_MAGIC:
        if head.startswith(magic):
            kind = what
            break
    else:
        low = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
        starts = [k for k, marks in MAGIC.items() if head.startswith(marks)]
        if starts:
            kind = starts[0]
        elif PDF_MARK in head:
            kind = "pdf"
        elif low.startswith((b"<!doctype html", b"<html", b"<script", b"<svg", b"<?xml")) \
                or b"<script" in low:
            kind = "html"
    if kind in IMAGES and PDF_MARK in data:  # an image that is a PDF too: both at once
        kind = "polyglot"
    ending = name.lower().rstrip(" .")
    # the name must open it as what it is: a PDF only as .pdf, an image only as an image
    # (a JPEG named .pdf is read as a PDF by a viewer that finds %PDF- further in)
    endings = SAFE_TYPES["pdf"] if kind == "pdf" else _IMAGE_ENDINGS if kind in IMAGES else ()
    safe = bool(endings) and ending.endswith(endings)
    return kind, safe


#: the most pages of one attachment the online form prints, and pixels of one image
MAX_PRINT_PAGES = 50
MAX_PRINT_PIXELS = 4096 * 4096


def attachment_rules(limits: Limits | None = None) -> dict:
    """What the online form needs to accept a file as :func:`sniff` and ``ipforms validate``
    do, as JSON: the types it embeds (MIME, first bytes in hex, name endings), the first
    bytes that are never a document, and the limits (the whole application PDF, with what
    is embedded in it, at most ``max_file_bytes``)."""
    limits = limits or Limits()
    return {
        "types": {k: {"mime": mime, "magic": [m.hex() for m in MAGIC.get(k, ())],
                      "endings": list(SAFE_TYPES[k])} for k, mime in EMBEDDABLE.items()},
        "pdf_mark": PDF_MARK.hex(), "head": HEAD,
        # an image with the PDF mark anywhere in it is refused (a polyglot)
        "no_pdf_inside": list(IMAGES),
        "unsafe": [m.hex() for m, _ in _UNSAFE_MAGIC],
        "max_file_bytes": limits.max_file_bytes,
        "max_attachments": limits.max_attachments,
        "max_attachment_bytes": limits.max_attachment_bytes,
        # an attachment printed after the application (the online form): at most this many
        # pages (a PDF's pages, a TIFF's frames), each image at most this many pixels (the
        # largest canvas phones draw: 4096 x 4096); a larger one is only embedded
        "max_print_pages": MAX_PRINT_PAGES,
        "max_print_pixels": MAX_PRINT_PIXELS,
    }


def classify(att: Attachment, limits: Limits) -> tuple[AttachmentInfo, list[Finding]]:
    """What an attachment is (see the module doc) and any security finding in it.

    Only a document a case worker can open safely (:func:`sniff`) can count as a
    fullmakt or proof; anything else is kind ``unsafe`` and a security finding.
    """
    findings: list[Finding] = []
    kind, safe = sniff(att.data, att.name)
    if not safe:
        findings.append(Finding("security.unsafe_attachment", ERROR, None,
                                {"name": att.name, "type": kind}))
        return AttachmentInfo(att.name, "unsafe", att.source), findings
    lname = att.name.lower()
    by_name = ("verge_proof" if ("verge" in lname or "verje" in lname) else
               "id_copy" if "legitimasjon" in lname else  # the fullmakt giver's ID
               "fullmakt_other" if "fullmakt" in lname else "other")
    if kind == "pdf":
        try:
            doc = read_pdf(att.path or att.name, limits, data=att.data, fields=False)
        except PdfInputError as exc:
            if getattr(exc, "code", "") in BOMBS:  # the whole application is refused
                exc.params = {**exc.params, "name": att.name}
                raise
            return AttachmentInfo(att.name, by_name, att.source, reason=exc.reason), findings
        for k in doc.security:
            findings.append(Finding(f"security.{k}", ERROR, None, {"where": att.name}))
        if doc.fields and _matches(doc, "soknad") and doc.form_id == "soknad":
            findings.append(Finding("attachment.is_application", ERROR, None, {"name": att.name}))
            return AttachmentInfo(att.name, "application", att.source), findings
        if doc.fields and _matches(doc, "fullmakt"):
            return AttachmentInfo(att.name, "fullmakt_form", att.source, values=doc.fields), findings
    return AttachmentInfo(att.name, by_name, att.source), findings


def _read_separate(path: Path, limits: Limits) -> Attachment:
    data = read_regular(path, limits.max_file_bytes, "attachment")
    return Attachment(name=path.name, data=data, source="separate", path=str(path))


def validate_file(path: str | Path, attachments: Iterable[str | Path] = (),
                  received: _dt.date | None = None, *, limits: Limits | None = None,
                  options: _signatures.Options | None = None) -> Result:
    """Check one application PDF and its separate attachments.  ``options``: the trust
    anchors for digital signatures and the sender as the receiving channel knows them
    (:mod:`ipforms.checks.signatures`).

    Raises :class:`PdfInputError` (``.code``, ``.reason``) when the application
    cannot be read or is not our form.  Never modifies any file.
    """
    received = received or _dt.date.today()
    limits = limits or Limits()
    _our_forms()
    doc = read_pdf(path, limits)
    if not _matches(doc, "soknad"):
        raise _not_ours(doc)
    findings: list[Finding] = []
    for kind in doc.security:
        findings.append(Finding(f"security.{kind}", ERROR, None, {"where": Path(path).name}))
    atts = list(doc.attachments)
    unreadable: list[Finding] = []
    for p in attachments:
        try:
            atts.append(_read_separate(Path(p), limits))
        except PdfInputError as exc:
            if getattr(exc, "code", "") == "pdf.not_regular":  # a wrong path: say so, exit 2
                exc.params = {**exc.params, "name": Path(p).name}
                raise
            unreadable.append(Finding("attachment.unreadable", WARNING, None,
                                      {"name": Path(p).name, "reason": exc.reason}))
    infos: list[AttachmentInfo] = []
    for a in atts:
        info, found = classify(a, limits)
        infos.append(info)
        findings += found
        if info.reason:
            unreadable.append(Finding("attachment.unreadable", WARNING, None,
                                      {"name": a.name, "reason": info.reason}))
    findings += unreadable
    findings += check_application(doc.fields, infos, received)
    values = normalise(load_form("soknad"), doc.fields)
    evidence, signed = _signatures.evaluate(doc, values, infos, received, options, limits,
                                            data=doc.data)
    findings += signed
    status = "invalid" if any(f.severity == ERROR for f in findings) else "valid"
    return Result(file=str(path), status=status, received=received, findings=findings,
                  reply_due=reply_due(received), services=services_applied(values),
                  person_name=values.get("person_name") or None,
                  person_fnr=values.get("person_fnr") or None,
                  expected_child=bool(values.get("expected_child")),
                  attachments=[{"name": i.name, "source": i.source, "kind": i.kind}
                               for i in infos],
                  signatures=[e.to_dict() for e in evidence])


def _unreadable(path: str | Path, received: _dt.date, code: str, reason: str,
                params: dict | None = None, status: str = "unreadable") -> Result:
    return Result(file=str(path), status=status, received=received, reason_code=code,
                  reason=reason, reason_params=params or {}, reply_due=reply_due(received))


def internal_error(path: str | Path, received: _dt.date, detail: str) -> Result:
    """A fault of ours (a bug, a missing form definition, a worker that died): exit 2,
    status ``error``, never a verdict on the citizen's file."""
    return _unreadable(path, received, "internal.error", f"internal error ({detail})",
                       {"detail": detail}, status="error")


def check_file(path: str | Path, attachments: Iterable[str | Path] = (),
               received: _dt.date | None = None, *, limits: Limits | None = None,
               timeout: float | None = TIMEOUT, raise_internal: bool = False,
               options: _signatures.Options | None = None) -> Result:
    """Like :func:`validate_file`, but never raises: a file that cannot be read gives
    a Result with status ``unreadable`` (a reason code ``pdf.*``: damaged, truncated,
    a bomb, out of memory, more than ``timeout`` seconds ...), and a fault of ours
    (a bug, a missing form definition) status ``error`` (``internal.error``).

    ``raise_internal=True`` lets a fault of ours propagate instead (the CLI does so
    for one file: it reports it as ``error: internal error: ...`` with where it was
    raised); a folder run always goes on."""
    received = received or _dt.date.today()
    try:
        with time_limit(timeout):
            return validate_file(path, attachments, received, limits=limits, options=options)
    except TimeLimitExceeded:
        return _unreadable(path, received, "pdf.timeout",
                           f"gave up after {timeout:g} seconds (a damaged or hostile PDF?)",
                           {"seconds": timeout})
    except PdfInputError as exc:
        return _unreadable(path, received, getattr(exc, "code", "pdf.damaged"), exc.reason,
                           getattr(exc, "params", {}))
    except MemoryError:
        return _unreadable(path, received, "pdf.memory", "out of memory while reading the PDF")
    except IpformsError as exc:  # our setup (a form definition, messages): not the file's fault
        if raise_internal:
            raise
        return internal_error(path, received, str(exc)[:200])
    except Exception as exc:  # a bug must not stop a folder run; say so plainly
        if raise_internal:
            raise
        return internal_error(path, received,
                              f"unexpected error ({type(exc).__name__}: {str(exc)[:120]})")


@dataclass
class Group:
    """An application file and the separate files that belong to it."""

    application: Path
    attachments: list[Path] = _field(default_factory=list)
    #: ``<application>.json`` beside it (``hansen.pdf.json``): what the receiving channel
    #: knows, e.g. ``{"sender": "FNR"}`` (see :func:`read_sidecar`)
    sidecar: Path | None = None


@dataclass
class FolderPlan:
    """What :func:`scan_folder` found: the applications with their attachments,
    files that belong to none, entries that were skipped (subfolders, pipes,
    devices, links to nowhere) and names that matched more than one application."""

    groups: list[Group]
    unused: list[Path] = _field(default_factory=list)
    skipped: list[tuple[Path, str]] = _field(default_factory=list)  # (path, "folder" |
    # "not_regular" | "link_outside": a symbolic link to a file outside the folder)
    collisions: list[tuple[Path, list[Path]]] = _field(default_factory=list)


_FORM_ID = re.compile(rb"/[Ii][Pp][Ff][Oo][Rr][Mm][Ss][Ff][Oo][Rr][Mm][\x00\t\n\f\r ]*"
                      rb"\(([A-Za-z0-9_-]{1,40})\)")


def form_id_of(path: Path) -> str | None:
    """The ``/IpformsForm`` of a PDF in a folder, read from its plain bytes (our forms
    keep the document info uncompressed), without opening it as a PDF."""
    try:
        data = read_regular(path, MAX_FILE_BYTES)
    except PdfInputError:
        return None
    found = None
    for m in _FORM_ID.finditer(data):
        found = m.group(1).decode()
    return found


def scan_folder(folder: str | Path) -> FolderPlan:
    """Applications in ``folder`` and their separate attachments.

    A file's *stem* is its name without ``.pdf``.  ``KEY.pdf`` (one dot) is an
    application; so is any other PDF that is our application form (its document
    info says ``soknad``: ``per.hansen.pdf`` beside ``per.pdf`` is another person's
    application, not an attachment of ``per.pdf``).  Every other file belongs to the
    application whose stem, followed by a dot, begins its name; the longest stem
    wins (``per.hansen.fullmakt.pdf`` goes with ``per.hansen.pdf``), and a file that
    two applications could claim is listed in ``collisions``.  A PDF that belongs to
    no application is checked as an application itself; other such files are
    ``unused``.  Hidden files are ignored; subfolders and anything that is not a
    regular file are ``skipped`` (and reported), never read.
    """
    folder = Path(folder)
    files: list[Path] = []
    skipped: list[tuple[Path, str]] = []
    inside = folder.resolve()
    for p in sorted(folder.iterdir()):
        if p.name.startswith("."):
            continue
        if p.is_symlink() and not _within(p, inside):  # never read a file outside the folder
            skipped.append((p, "link_outside"))
        elif p.is_file():
            files.append(p)
        else:
            skipped.append((p, "folder" if p.is_dir() else "not_regular"))
    stem = lambda p: p.name[:-4] if p.name.lower().endswith(".pdf") else p.name  # noqa: E731
    pdfs = [p for p in files if p.suffix.lower() == ".pdf"]
    first = {p for p in pdfs if p.name.count(".") == 1}
    keys = {p.name.split(".", 1)[0] for p in first}
    apps: dict[str, Group] = {stem(p): Group(p) for p in first}
    for p in pdfs:  # a PDF with more dots whose key is taken: an application if it is our form
        if p not in first and p.name.split(".", 1)[0] in keys and form_id_of(p) == "soknad":
            apps[stem(p)] = Group(p)
    plan = FolderPlan(groups=[], skipped=skipped)
    by_name = {g.application.name: g for g in apps.values()}
    for p in files:
        if stem(p) in apps and apps[stem(p)].application == p:
            continue
        if p.name.lower().endswith(".json") and p.name[:-5] in by_name:
            by_name[p.name[:-5]].sidecar = p
            continue
        # the stems this name begins with, followed by a dot: each prefix up to a dot looked
        # up (not every application tried: 5,000 applications with 5,000 attachments took
        # 13 s), longest first
        dots = [i for i, c in enumerate(p.name) if c == "."]
        owners = [p.name[:i] for i in reversed(dots) if p.name[:i] in apps]
        if owners:
            apps[owners[0]].attachments.append(p)
            if len(owners) > 1:
                plan.collisions.append((p, [apps[s].application for s in owners]))
        elif p.suffix.lower() == ".pdf":
            apps[p.name] = Group(p)
        else:
            plan.unused.append(p)
    plan.groups = sorted(apps.values(), key=lambda g: g.application.name)
    return plan


def _within(p: Path, inside: Path) -> bool:
    """Whether the symbolic link ``p`` leads to a file inside the folder ``inside``."""
    try:
        return p.resolve().is_relative_to(inside)
    except (OSError, RuntimeError):  # a loop of links
        return False


def group_folder(folder: str | Path) -> tuple[list[Group], list[Path]]:
    """Applications in ``folder`` with their separate attachments (see
    :func:`scan_folder`), and the files that belong to no application."""
    plan = scan_folder(folder)
    return plan.groups, plan.unused


#: a sidecar file is a few keys; anything larger is not one
MAX_SIDECAR_BYTES = 64 * 1024


def read_sidecar(path: Path, base: _signatures.Options | None = None) -> _signatures.Options:
    """The options for one application in a folder run: ``base`` (the trust anchors) with
    the sender from its sidecar file ``KEY.pdf.json``: ``{"sender": "FNR"}``, the
    fødselsnummer the receiving channel's ID-porten login gave.  Raises
    :class:`IpformsError` for a sidecar that cannot be used (it is ours, not the citizen's)."""
    import json

    base = base or _signatures.Options()
    try:
        raw = json.loads(read_regular(path, MAX_SIDECAR_BYTES, "sidecar").decode("utf-8"))
    except (PdfInputError, UnicodeDecodeError, ValueError) as exc:
        raise IpformsError(f"{path.name}: not a sidecar JSON object ({exc})") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("sender"), str):
        raise IpformsError(f'{path.name}: expected {{"sender": "FNR"}}')
    return _signatures.Options(trust_roots=base.trust_roots, sender=raw["sender"])


def _run(args) -> Result:
    group, received, limits = args[:3]
    options = args[3] if len(args) > 3 else None
    try:
        if group.sidecar is not None:
            options = read_sidecar(group.sidecar, options)
    except IpformsError as exc:
        # the receiving channel's file, not the citizen's: status error (exit 2), not a verdict
        return _unreadable(group.application, received, "folder.sidecar", str(exc)[:200],
                           {"name": group.sidecar.name, "reason": str(exc)[:200]}, status="error")
    try:
        return check_file(group.application, group.attachments, received, limits=limits,
                          options=options)
    except Exception as exc:  # a fault of ours must not stop the folder; say it is ours
        return internal_error(group.application, received,
                              f"{type(exc).__name__}: {str(exc)[:120]}")


def _worker(conn) -> None:
    """A folder worker: checks one group at a time, as the parent sends them."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        if job is None:
            return
        index, args = job
        conn.send((index, _run(args)))


def validate_folder(folder: str | Path, received: _dt.date | None = None, *,
                    workers: int | None = None, limits: Limits | None = None,
                    groups: list[Group] | None = None,
                    options: _signatures.Options | None = None) -> Iterator[Result]:
    """Check every application in ``folder``; yields Results in file-name order.

    ``workers``: processes to use (default: every core; 1 runs in this process).
    Each worker process checks one application at a time; a worker that dies (killed,
    out of memory) costs only the application it was checking, which is reported as
    an internal error (status ``error``, exit 2), and a new worker takes its place.
    """
    received = received or _dt.date.today()
    if groups is None:
        groups = scan_folder(folder).groups
    jobs = [(g, received, limits, options) for g in groups]
    workers = min(workers or os.cpu_count() or 1, len(jobs))
    if workers <= 1:
        yield from map(_run, jobs)
        return
    yield from _pool(jobs, workers, received)


def _pool(jobs: list, workers: int, received: _dt.date) -> Iterator[Result]:
    import multiprocessing as mp
    from multiprocessing.connection import wait

    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    done: dict[int, Result] = {}
    todo = list(range(len(jobs)))[::-1]
    running: dict = {}   # connection -> (process, job index or None)
    next_out = 0

    def start():
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=_worker, args=(child,), daemon=True)
        proc.start()
        child.close()
        running[parent] = (proc, None)

    def feed(conn):
        proc, _ = running[conn]
        if todo:
            i = todo.pop()
            try:
                conn.send((i, jobs[i]))
            except OSError:  # the worker died while idle: the job goes back, a new worker
                todo.append(i)
                running.pop(conn)
                conn.close()
                proc.join()
                start()
                feed(list(running)[-1])
                return
            running[conn] = (proc, i)
        else:
            conn.send(None)
            running.pop(conn)
            conn.close()
            proc.join()

    try:
        for _ in range(workers):
            start()
        for conn in list(running):
            feed(conn)
        while running:
            sentinels = {running[c][0].sentinel: c for c in running}
            for ready in wait(list(running) + list(sentinels)):
                conn = sentinels.get(ready, ready)
                if conn not in running:
                    continue
                proc, i = running[conn]
                try:
                    index, result = conn.recv()
                except (EOFError, OSError):  # the worker died while checking job i
                    running.pop(conn)
                    conn.close()
                    proc.join()
                    if i is not None:
                        how = (f"signal {-proc.exitcode}" if (proc.exitcode or 0) < 0
                               else f"exit code {proc.exitcode}")
                        done[i] = internal_error(jobs[i][0].application, received,
                                                 f"the worker process checking this file died ({how})")
                    if todo:
                        start()
                        feed(list(running)[-1])
                    continue
                done[index] = result
                feed(conn)
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1
    finally:
        for conn, (proc, _) in list(running.items()):
            proc.kill()
            proc.join()
            conn.close()
