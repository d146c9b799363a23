"""Which files in a folder belong together: the applications, their separate
attachments and sidecar files.

A file's *key* is its name up to the first dot.  ``<key>.pdf`` (a PDF whose name
has one dot) is an application.  Every other file with the same key is a
separate attachment of that application, e.g. ``hansen.pdf`` +
``hansen.fullmakt.pdf`` + ``hansen.verge.jpg``.  A PDF whose key matches no
application is checked as an application itself; any other such file is listed
as not belonging to an application.  Hidden files (``.name``) are ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import field as _field
from pathlib import Path

from ..core.errors import IpformsError, PdfInputError
from . import signatures as _signatures
from .pdfread import MAX_FILE_BYTES, read_regular


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
