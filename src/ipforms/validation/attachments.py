"""What an attachment is: a document a case worker can open safely (:func:`sniff`, by
its first bytes *and* its name), and which kind (:func:`classify`).

An attachment (embedded in the application PDF or separate) counts as a
fullmakt when it is our fullmakt form (known by its document info or its
fields), or when its name contains ``fullmakt``; as proof of a verge's
authority when its name contains ``verge`` or ``verje``.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from ..core.errors import IpformsError, PdfInputError
from ..forms.attach import EmbeddedFile
from ..forms.formdef import load_form
from .pdfread import MAX_FILE_BYTES, Attachment, Limits, PdfDoc, read_pdf, read_regular
from .rules import ERROR, AttachmentInfo, Finding

#: share of a form's field ids a PDF without our document info must have to count as that form
FIELD_MATCH = 0.8


def _matches(doc: PdfDoc, form_id: str) -> bool:
    if doc.form_id is not None:
        return doc.form_id == form_id
    ids = [f.id for f in load_form(form_id).fields]
    return sum(1 for i in ids if i in doc.fields) >= FIELD_MATCH * len(ids)

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


def embeddable(paths: list[Path]) -> list[EmbeddedFile]:
    """The files for ``fill --attachment``: a PDF, JPEG, PNG or TIFF by content (as ``ipforms
    validate`` reads it), or an :class:`IpformsError` naming every file that is not."""
    out, problems = [], []
    for p in paths:
        try:
            data = read_regular(p, MAX_FILE_BYTES, "attachment")
        except IpformsError as exc:
            problems.append(str(exc))
            continue
        kind, safe = sniff(data, p.name)
        if kind == "polyglot":
            problems.append(f"{p}: an image with a PDF inside (a PDF viewer would open it "
                            f"unchecked); not embedded")
            continue
        if kind not in EMBEDDABLE or not safe:
            problems.append(f"{p}: not a PDF, JPEG, PNG or TIFF by its content and name "
                            f"(found: {kind}); only those are embedded")
            continue
        if kind == "pdf":  # scanned as validate scans it: what it would refuse is not embedded
            try:
                doc = read_pdf(p, data=data, fields=False)
            except IpformsError as exc:
                problems.append(f"{p}: {getattr(exc, 'reason', exc)}; not embedded")
                continue
            if doc.security:
                problems.append(f"{p}: the PDF holds {' and '.join(doc.security)} actions "
                                f"(active content); not embedded")
                continue
        modified = _dt.datetime.fromtimestamp(p.stat().st_mtime, _dt.UTC)
        out.append(EmbeddedFile(p.name, data, EMBEDDABLE[kind], modified))
    if problems:
        raise IpformsError("\n".join(problems))
    return out
