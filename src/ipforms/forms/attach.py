"""Embed files in an application PDF (a fullmakt, a verge's vergefullmakt, a scan), and read
them back.

Each file goes into the document's ``/EmbeddedFiles`` name tree (not a FileAttachment
annotation: it belongs to the document, not to a place on a page), as a file specification
with ``/F`` and ``/UF`` (the name), ``/Desc`` (what it is, in the application's language),
``/AFRelationship /Supplement``, and an embedded file stream (uncompressed: PDF, JPEG and PNG
are compressed already) with ``/Subtype`` (the MIME type) and ``/Params`` ``/Size``,
``/ModDate`` and ``/CheckSum`` (MD5); the catalog's ``/AF`` lists the file specifications.
Any PDF viewer lists them and :mod:`ipforms.validation.validate` finds them (a name with
``verge``/``verje`` is proof of a verge's authority, one with ``fullmakt`` a fullmakt).
The online form (``site/webform/pdfwrite.js``) writes exactly this structure.  The
application's own bytes are kept: the files are added as an incremental update.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pypdf import PdfWriter
from pypdf.generic import (ArrayObject, ByteStringObject, IndirectObject, NameObject,
                           NumberObject, TextStringObject)

from .acroform import as_dict, open_pdf
from ..core.errors import PdfInputError

FULLMAKT_NAME = "fullmakt.pdf"
#: what an embedded file is, by its name (as validation reads names), in both languages
DESCRIPTIONS = {
    "fullmakt": {
        "nb": "Fullmakt til søknaden om individuell plan, koordinator og barnekoordinator",
        "nn": "Fullmakt til søknaden om individuell plan, koordinator og barnekoordinator",
    },
    "verge": {
        "nb": "Vergefullmakt (dokumentasjon på vergemålet) til søknaden",
        "nn": "Verjefullmakt (dokumentasjon på verjemålet) til søknaden",
    },
    "id": {"nb": "Kopi av legitimasjonen til den som gir fullmakt",
           "nn": "Kopi av legitimasjonen til den som gir fullmakt"},
    "other": {"nb": "Vedlegg til søknaden", "nn": "Vedlegg til søknaden"},
}
DESCRIPTION = DESCRIPTIONS["fullmakt"]
#: the names the online form gives the files a citizen chooses (``-2``, ``-3`` ... and the
#: ending of the type follow), so that validation knows what they are (:func:`purpose`)
FILE_NAMES = {
    "verge": {"nb": "vergefullmakt", "nn": "verjefullmakt"},
    "fullmakt": {"nb": "fullmakt-skannet", "nn": "fullmakt-skanna"},
    "id": {"nb": "legitimasjon", "nn": "legitimasjon"},
}
#: the relation of an embedded file to the application (PDF 2.0, 14.13.2)
AF_RELATIONSHIP = "/Supplement"


def purpose(name: str) -> str:
    """``verge``, ``id`` (a copy of the fullmakt giver's ID), ``fullmakt`` or ``other``, as
    :func:`ipforms.validation.validate.classify` reads a name."""
    low = name.lower()
    return "verge" if ("verge" in low or "verje" in low) else \
        "id" if "legitimasjon" in low else \
        "fullmakt" if "fullmakt" in low else "other"


#: the kinds of embedded file (:func:`purpose`)
PURPOSES = tuple(DESCRIPTIONS)


def description(kind: str, lang: str) -> str:
    """What an embedded file of kind ``kind`` is, in ``lang``; in a third language the
    municipality's own text ``forms.attachments.<kind>`` (never the nb one)."""
    from ..core.lang import EXTRA_LANGS, extra_text

    if lang in EXTRA_LANGS:
        return extra_text(f"forms.attachments.{kind}", lang)
    return DESCRIPTIONS[kind][lang]


def describe(name: str, lang: str) -> str:
    return description(purpose(name), lang)


@dataclass(frozen=True)
class EmbeddedFile:
    """One file to embed: its name in the PDF, bytes, MIME type and modification time."""

    name: str
    data: bytes
    mime: str
    modified: _dt.datetime | None = None   # aware; default: now


def attach_files(application: bytes | str | Path, files: list[EmbeddedFile]) -> bytes:
    """The application with ``files`` embedded (see the module text)."""
    app_data, app_reader = open_pdf(application)
    lang = str(app_reader.root_object.get("/Lang", "nb"))[:2]
    have = set(attachment_names(app_data))
    for f in files:
        if f.name in have:
            raise PdfInputError(f"already has an attachment called {f.name!r}",
                                file=application if not isinstance(application, bytes) else None)
        have.add(f.name)
    writer = PdfWriter(io.BytesIO(app_data), incremental=True)
    for f in files:
        embedded = writer.add_attachment(f.name, f.data)
        embedded.description = TextStringObject(describe(f.name, lang))
        embedded.associated_file_relationship = NameObject(AF_RELATIONSHIP)
        embedded.pdf_object[NameObject("/UF")] = TextStringObject(f.name)
        embedded.subtype = NameObject("/" + f.mime)
        embedded.size = NumberObject(len(f.data))
        embedded.modification_date = (f.modified or _dt.datetime.now(_dt.UTC)) \
            .astimezone(_dt.UTC).replace(microsecond=0)
        embedded.checksum = ByteStringObject(hashlib.md5(f.data).digest())
    root: Any = writer.root_object  # /Names and /EmbeddedFiles exist: pypdf just made them
    names = root["/Names"]["/EmbeddedFiles"]["/Names"]
    specs = [ref for ref in names[1::2]
             if isinstance(ref, IndirectObject) and "/AFRelationship" in (as_dict(ref) or {})]
    writer.root_object[NameObject("/AF")] = ArrayObject(specs)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def attach_fullmakt(application: bytes | str | Path, fullmakt: bytes | str | Path, *,
                    name: str = FULLMAKT_NAME) -> bytes:
    """The application with ``fullmakt`` (a PDF) embedded as the attachment ``name``."""
    full_data, _ = open_pdf(fullmakt)
    modified = None
    if not isinstance(fullmakt, bytes):
        modified = _dt.datetime.fromtimestamp(Path(fullmakt).stat().st_mtime, _dt.UTC)
    return attach_files(application, [EmbeddedFile(name, full_data, "application/pdf",
                                                   modified)])


def attachment_names(pdf: bytes | str | Path) -> list[str]:
    _, reader = open_pdf(pdf)
    return list(reader.attachments)


def read_attachment(pdf: bytes | str | Path, name: str = FULLMAKT_NAME) -> bytes:
    """The bytes of attachment ``name``, exactly as embedded."""
    _, reader = open_pdf(pdf)
    found = reader.attachments.get(name)
    if not found:
        raise PdfInputError(f"no attachment called {name!r}",
                            file=pdf if not isinstance(pdf, bytes) else None)
    return found[0]


def attachment_description(pdf: bytes | str | Path, name: str = FULLMAKT_NAME) -> str:
    _, reader = open_pdf(pdf)
    for f in reader.attachment_list:
        if f.name == name:
            return str(f.description or "")
    return ""
