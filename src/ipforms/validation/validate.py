"""Validate incoming applications: one file, or a folder of them on every core.

:func:`validate_file` checks one application PDF with its separate attachments
and returns a :class:`Result`; it raises :class:`~ipforms.core.errors.PdfInputError`
when the application cannot be read.  :func:`check_file` does the same but never
raises (an unreadable file gives a Result with status ``unreadable``), and
:func:`validate_folder` runs it over a folder with a process pool, going on after
a bad file.  Nothing is written anywhere; files are opened read-only.  Which files
in a folder belong together: :mod:`ipforms.validation.folder`; what an attachment is:
:mod:`ipforms.validation.attachments`.
"""

from __future__ import annotations

import datetime as _dt
import os
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
from .attachments import (EMBEDDABLE, _matches, _read_separate, attachment_rules, classify,
                          sniff)
from .folder import FolderPlan, Group, group_folder, read_sidecar, scan_folder
from .pdfread import Limits, PdfDoc, read_pdf
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

#: the public names, with those of :mod:`.attachments` and :mod:`.folder` the CLI and the
#: site read from here
__all__ = ["EMBEDDABLE", "TIMEOUT", "FolderPlan", "Group", "Result", "attachment_rules",
           "check_file", "classify", "group_folder", "internal_error", "read_sidecar",
           "scan_folder", "sniff", "validate_file", "validate_folder"]

#: seconds one application (with its attachments) may take before it is given up
TIMEOUT = 60.0


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
    #: per signer the signing table requires: role, name, evidence, details (validation.signatures)
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

def validate_file(path: str | Path, attachments: Iterable[str | Path] = (),
                  received: _dt.date | None = None, *, limits: Limits | None = None,
                  options: _signatures.Options | None = None) -> Result:
    """Check one application PDF and its separate attachments.  ``options``: the trust
    anchors for digital signatures and the sender as the receiving channel knows them
    (:mod:`ipforms.validation.signatures`).

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
