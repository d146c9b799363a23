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

import contextlib
import datetime as _dt
import os
import signal
import threading
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from dataclasses import field as _field
from pathlib import Path
from collections.abc import Iterable, Iterator

from ..core.deadline import reply_due
from ..core.errors import FormError, InternalError, PdfInputError
from ..forms.formdef import load_form
from .pdfread import Attachment, Limits, PdfDoc, read_pdf
from .rules import (ERROR, NOTE, WARNING, AttachmentInfo, Finding, check_application,
                    normalise, services_applied)

#: seconds one application (with its attachments) may take before it is given up
TIMEOUT = 60.0
#: share of a form's field ids a PDF without our document info must have to count as that form
FIELD_MATCH = 0.8


@dataclass
class Result:
    """The outcome for one application."""

    file: str
    status: str                       # "valid", "invalid" or "unreadable"
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

    @property
    def exit_code(self) -> int:
        return {"valid": 0, "invalid": 1}.get(self.status, 2)

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


def classify(att: Attachment, limits: Limits) -> tuple[AttachmentInfo, list[str]]:
    """What an attachment is (see the module doc) and any security finding in it."""
    security: list[str] = []
    lname = att.name.lower()
    by_name = ("verge_proof" if ("verge" in lname or "verje" in lname) else
               "fullmakt_other" if "fullmakt" in lname else "other")
    if b"%PDF-" in att.data[:1024]:
        try:
            doc = read_pdf(att.path or att.name, limits, data=att.data, fields=False)
        except PdfInputError as exc:
            return AttachmentInfo(att.name, by_name, att.source, reason=exc.reason), security
        security = doc.security
        if doc.fields and _matches(doc, "fullmakt"):
            return AttachmentInfo(att.name, "fullmakt_form", att.source, values=doc.fields), security
    return AttachmentInfo(att.name, by_name, att.source), security


def _read_separate(path: Path, limits: Limits) -> Attachment:
    try:
        size = path.stat().st_size
        if size > limits.max_file_bytes:
            raise PdfInputError(f"attachment too large ({size // 1024} KiB)", file=path)
        data = path.read_bytes()
    except OSError as exc:
        raise PdfInputError(f"cannot read the attachment ({exc.strerror})", file=path) from None
    return Attachment(name=path.name, data=data, source="separate", path=str(path))


def validate_file(path: str | Path, attachments: Iterable[str | Path] = (),
                  received: _dt.date | None = None, *, limits: Limits | None = None) -> Result:
    """Check one application PDF and its separate attachments.

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
            unreadable.append(Finding("attachment.unreadable", WARNING, None,
                                      {"name": Path(p).name, "reason": exc.reason}))
    infos: list[AttachmentInfo] = []
    for a in atts:
        info, security = classify(a, limits)
        infos.append(info)
        for kind in security:
            findings.append(Finding(f"security.{kind}", ERROR, None, {"where": a.name}))
        if info.reason:
            unreadable.append(Finding("attachment.unreadable", WARNING, None,
                                      {"name": a.name, "reason": info.reason}))
    findings += unreadable
    findings += check_application(doc.fields, infos, received)
    values = normalise(load_form("soknad"), doc.fields)
    status = "invalid" if any(f.severity == ERROR for f in findings) else "valid"
    return Result(file=str(path), status=status, received=received, findings=findings,
                  reply_due=reply_due(received), services=services_applied(values),
                  person_name=values.get("person_name") or None,
                  person_fnr=values.get("person_fnr") or None,
                  expected_child=bool(values.get("expected_child")),
                  attachments=[{"name": i.name, "source": i.source, "kind": i.kind}
                               for i in infos])


class _Timeout(Exception):
    pass


@contextlib.contextmanager
def _time_limit(seconds: float | None):
    """Raise _Timeout after ``seconds`` (Unix, main thread only; otherwise no limit)."""
    usable = (hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread())
    if not seconds or not usable:
        yield
        return

    def _alarm(signum, frame):
        raise _Timeout()
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def check_file(path: str | Path, attachments: Iterable[str | Path] = (),
               received: _dt.date | None = None, *, limits: Limits | None = None,
               timeout: float | None = TIMEOUT) -> Result:
    """Like :func:`validate_file`, but a file that cannot be read (or takes more
    than ``timeout`` seconds) gives a Result with status ``unreadable`` instead of
    an exception."""
    received = received or _dt.date.today()
    try:
        with _time_limit(timeout):
            return validate_file(path, attachments, received, limits=limits)
    except _Timeout:
        return Result(file=str(path), status="unreadable", received=received,
                      reason_code="pdf.timeout",
                      reason=f"gave up after {timeout:g} seconds (a damaged or hostile PDF?)",
                      reason_params={"seconds": timeout})
    except PdfInputError as exc:
        return Result(file=str(path), status="unreadable", received=received,
                      reason_code=exc.code, reason=exc.reason, reason_params=exc.params)
    # Nothing else is caught: a fault of ours (a missing form definition, a bug) is an
    # internal error for the CLI to report, never a verdict on the citizen's file.


@dataclass
class Group:
    """An application file and the separate files that belong to it."""

    application: Path
    attachments: list[Path] = _field(default_factory=list)


def group_folder(folder: str | Path) -> tuple[list[Group], list[Path]]:
    """Applications in ``folder`` with their separate attachments (see the module
    doc for the rule), and the files that belong to no application."""
    folder = Path(folder)
    files = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
    key = lambda p: p.name.split(".", 1)[0]  # noqa: E731
    apps = {key(p): Group(p) for p in files
            if p.suffix.lower() == ".pdf" and p.name.count(".") == 1}
    unused: list[Path] = []
    for p in files:
        g = apps.get(key(p))
        if g is not None and g.application == p:
            continue
        if g is not None:
            g.attachments.append(p)
        elif p.suffix.lower() == ".pdf":
            apps[p.name] = Group(p)
        else:
            unused.append(p)
    groups = sorted(apps.values(), key=lambda g: g.application.name)
    return groups, unused


def _run(args) -> Result:
    group, received, limits = args
    try:
        return check_file(group.application, group.attachments, received, limits=limits)
    except Exception as exc:  # a fault of ours must not stop the folder; say it is ours
        detail = f"{type(exc).__name__}: {str(exc)[:120]}"
        return Result(file=str(group.application), status="unreadable", received=received,
                      reason_code="internal.error", reason=f"internal error ({detail})",
                      reason_params={"detail": detail})


def validate_folder(folder: str | Path, received: _dt.date | None = None, *,
                    workers: int | None = None, limits: Limits | None = None,
                    groups: list[Group] | None = None) -> Iterator[Result]:
    """Check every application in ``folder``; yields Results in file-name order.

    ``workers``: processes to use (default: every core; 1 runs in this process).
    """
    received = received or _dt.date.today()
    if groups is None:
        groups, _ = group_folder(folder)
    jobs = [(g, received, limits) for g in groups]
    workers = workers or os.cpu_count() or 1
    if workers == 1 or len(jobs) < 2:
        yield from map(_run, jobs)
        return
    chunk = max(1, min(16, len(jobs) // (workers * 8)))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(_run, jobs, chunksize=chunk)
