"""Embed a fullmakt PDF in an application PDF as a file attachment, and read it back.

The attachment goes into the document's ``/EmbeddedFiles`` name tree with a
description (``/Desc``) in the application's language, MIME type
``application/pdf``, size and MD5 checksum, so any PDF viewer lists it and
:mod:`ipforms.checks.validate` can find the fullmakt.  The application's own bytes are
kept: the attachment is added as an incremental update.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

from pypdf import PdfWriter
from pypdf.generic import ByteStringObject, NameObject, NumberObject, TextStringObject

from .acroform import open_pdf
from ..core.errors import PdfInputError

FULLMAKT_NAME = "fullmakt.pdf"
DESCRIPTION = {
    "nb": "Fullmakt til søknaden om individuell plan, koordinator og barnekoordinator",
    "nn": "Fullmakt til søknaden om individuell plan, koordinator og barnekoordinator",
}


def attach_fullmakt(application: bytes | str | Path, fullmakt: bytes | str | Path, *,
                    name: str = FULLMAKT_NAME, description: str | None = None) -> bytes:
    """The application with ``fullmakt`` embedded as the attachment ``name``."""
    app_data, app_reader = open_pdf(application)
    full_data, _ = open_pdf(fullmakt)
    lang = str(app_reader.root_object.get("/Lang", "nb"))[:2]
    desc = description or DESCRIPTION.get(lang, DESCRIPTION["nb"])
    if name in attachment_names(app_data):
        raise PdfInputError(f"already has an attachment called {name!r}",
                            file=application if not isinstance(application, bytes) else None)
    writer = PdfWriter(io.BytesIO(app_data), incremental=True)
    embedded = writer.add_attachment(name, full_data)
    embedded.description = TextStringObject(desc)
    embedded.subtype = NameObject("/application/pdf")
    embedded.size = NumberObject(len(full_data))
    embedded.checksum = ByteStringObject(hashlib.md5(full_data).digest())
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


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
