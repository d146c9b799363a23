"""Safe reading of incoming PDFs: the only module that opens a PDF a citizen sent.

:func:`read_pdf` reads the file once into memory (the file itself is opened read
only and never written), refuses what it cannot read with a
:class:`~ipforms.core.errors.PdfInputError` that carries a short ``code`` (used for the
nb/nn message in reports) and a one-line English reason, and returns a
:class:`PdfDoc` with:

* the form id and version from the document info (``/IpformsForm``,
  ``/IpformsVersion``), so the caller can tell our forms from others;
* every field value (text as ``str``, checkboxes as ``True``/``False``);
* embedded files, extracted with limits against attachment bombs (count, total
  decompressed size, compression ratio);
* security findings: JavaScript and Launch actions found in the document.

Codes of refusals (``PdfInputError.code``): ``pdf.too_large``, ``pdf.not_pdf``,
``pdf.truncated``, ``pdf.damaged``, ``pdf.encrypted``, ``pdf.password``,
``pdf.no_fields``, ``pdf.attachment_bomb``.

>>> read_pdf(__file__)
Traceback (most recent call last):
    ...
ipforms.core.errors.PdfInputError: ...pdfread.py: not a PDF (the file does not start with %PDF-)
"""

from __future__ import annotations

import logging
import re
import warnings
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import InternalError, IpformsError, PdfInputError
from ..forms.pypdf_internals import object_stream_numbers, raw_stream_bytes

log = logging.getLogger(__name__)

#: Defaults; pass a :class:`Limits` to change them.
MAX_FILE_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Limits on what an incoming PDF may hold."""

    max_file_bytes: int = MAX_FILE_BYTES          # the PDF file itself
    max_attachments: int = 20                     # embedded files in one PDF
    max_attachment_bytes: int = 30 * 1024 * 1024  # all embedded files, decompressed
    max_ratio: int = 200                          # decompressed / compressed, per file
    ratio_floor: int = 1024 * 1024                # ratios only count above this size


@dataclass
class Attachment:
    """A file that came with an application: embedded in the PDF or given separately."""

    name: str
    data: bytes
    source: str = "embedded"  # "embedded" or "separate"
    path: str | None = None   # for separate files


@dataclass
class PdfDoc:
    """What :func:`read_pdf` found in a PDF."""

    path: str
    form_id: str | None
    form_version: str | None
    fields: dict[str, str | bool | None]
    field_kinds: dict[str, str]          # "text", "checkbox", "choice", "other"
    attachments: list[Attachment] = field(default_factory=list)
    security: list[str] = field(default_factory=list)  # "javascript", "launch"


def _bad(path, code: str, reason: str, hint: str | None = None, **params) -> PdfInputError:
    return PdfInputError(reason, file=path, code=code, params=params, hint=hint)


def _check_bytes(path, data: bytes) -> None:
    head = data[:1024]
    if b"%PDF-" not in head:
        raise _bad(path, "pdf.not_pdf", "not a PDF (the file does not start with %PDF-)")
    if b"%%EOF" not in data[-2048:]:
        raise _bad(path, "pdf.truncated",
                   "truncated PDF (no %%EOF at the end: the file was cut off while copying or sending)",
                   hint="ask the sender for the file again")


def read_pdf(path: str | Path, limits: Limits | None = None, *, data: bytes | None = None,
             fields: bool = True) -> PdfDoc:
    """Open an incoming PDF safely and return what it holds; never modifies it.

    Raises :class:`PdfInputError` (with ``.code``) for anything that cannot be read.
    With ``fields=False`` a PDF without form fields is accepted (for attachments).
    """
    limits = limits or Limits()
    path = str(path)
    if data is None:
        p = Path(path)
        try:
            size = p.stat().st_size
            if size > limits.max_file_bytes:
                raise _bad(path, "pdf.too_large",
                           f"file too large ({size // 1024} KiB; the limit is "
                           f"{limits.max_file_bytes // 1024} KiB)",
                           size_kib=size // 1024, limit_kib=limits.max_file_bytes // 1024)
            with p.open("rb") as fh:
                data = fh.read(limits.max_file_bytes + 1)
        except OSError as exc:
            raise _bad(path, "pdf.unreadable", f"cannot read the file ({exc.strerror})") from None
    if len(data) > limits.max_file_bytes:
        raise _bad(path, "pdf.too_large",
                   f"file too large ({len(data) // 1024} KiB; the limit is "
                   f"{limits.max_file_bytes // 1024} KiB)",
                   size_kib=len(data) // 1024, limit_kib=limits.max_file_bytes // 1024)
    _check_bytes(path, data)
    from pypdf.errors import DependencyError

    try:
        return _read(path, data, limits, fields)
    except IpformsError:  # our verdict on the file, or our own fault: as it is
        raise
    except (ImportError, DependencyError) as exc:  # a missing package is our fault
        raise InternalError(f"cannot read PDFs: {exc}",
                            hint="install ipforms with its dependencies (pypdf[crypto])") from exc
    except RecursionError:
        raise _bad(path, "pdf.damaged", "damaged PDF (objects nested too deeply)") from None
    except Exception as exc:  # pypdf raises many kinds on damaged input
        log.debug("pypdf failed on %s", path, exc_info=True)
        raise _bad(path, "pdf.damaged",
                   f"damaged PDF ({type(exc).__name__}: {str(exc)[:120]})") from None


def _read(path: str, data: bytes, limits: Limits, want_fields: bool) -> PdfDoc:
    import io

    from pypdf import PdfReader
    from pypdf.errors import DependencyError

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        logging.getLogger("pypdf").setLevel(logging.ERROR)
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                opened = bool(reader.decrypt(""))
            except DependencyError:  # no AES support installed: our fault (read_pdf)
                raise
            except Exception:  # pypdf raises many kinds on a damaged encryption dict
                opened = False
            if not opened:
                raise _bad(path, "pdf.password",
                           "password-protected PDF (it cannot be opened without a password)",
                           hint="ask the sender for a copy without a password")
            raise _bad(path, "pdf.encrypted",
                       "encrypted PDF (ipforms reads only unencrypted forms)",
                       hint="ask the sender for an unencrypted copy (print to PDF without protection)")
        # WeasyPrint writes custom keys in lower case (/ipformsform): compare without case
        info = {str(k).lower(): v for k, v in (reader.metadata or {}).items()}
        form_id = _str(info.get("/ipformsform"))
        form_version = _str(info.get("/ipformsversion"))
        raw = reader.get_fields() or {}
        values: dict[str, str | bool | None] = {}
        kinds: dict[str, str] = {}
        for name, f in raw.items():
            kind, value = _field_value(f)
            values[name] = value
            kinds[name] = kind
        if want_fields and not values:
            raise _bad(path, "pdf.no_fields",
                       "no form fields (a scanned or printed form cannot be checked automatically)",
                       hint="check it by hand, or ask for the fillable PDF form")
        catalog = reader.trailer["/Root"]
        security = _security(reader, catalog, data, limits)
        attachments = _attachments(path, reader, limits)
        return PdfDoc(path=path, form_id=form_id, form_version=form_version, fields=values,
                      field_kinds=kinds, attachments=attachments, security=security)


def _str(v) -> str | None:
    if v is None:
        return None
    s = str(v).strip()
    return s or None


_OFF = {"", "/Off", "Off", "/off", "off", "/No", "No"}


def _field_value(f) -> tuple[str, str | bool | None]:
    ft = f.get("/FT")
    v = f.get("/V")
    if hasattr(v, "get_object"):
        v = v.get_object()
    if ft == "/Btn":
        flags = int(f.get("/Ff", 0) or 0)
        if flags & (1 << 16):  # push button
            return "other", None
        if flags & (1 << 15):  # radio group: the chosen state's name
            return "choice", None if v is None or str(v) in _OFF else str(v).lstrip("/")
        return "checkbox", v is not None and str(v) not in _OFF
    if ft == "/Ch":
        if isinstance(v, list):
            v = ", ".join(str(x) for x in v)
        return "choice", None if v is None else str(v)
    if ft == "/Tx":
        if v is None:
            return "text", None
        if isinstance(v, bytes):
            v = v.decode("latin-1")
        return "text", str(v)
    return "other", None if v is None else str(v)


_ACTIONS = re.compile(rb"/(JavaScript|JS|Launch)\b")
_STREAM_KEYWORD = re.compile(rb"(end)?stream\b")


def _outside_streams(data: bytes, pos: int) -> bool:
    """Whether ``pos`` lies outside stream data (the last keyword before it is not ``stream``)."""
    last = None
    for match in _STREAM_KEYWORD.finditer(data, 0, pos):
        last = match
    return last is None or last.group(1) is not None


def _security(reader, catalog, data: bytes, limits: Limits) -> list[str]:
    """JavaScript and Launch actions, found three ways, none of which walks the page
    tree (that would parse every object of WeasyPrint's object streams):

    * the raw bytes outside stream data (plain objects);
    * the decompressed object streams (objects stored compressed);
    * the places actions live: open action, document and field additional actions,
      the JavaScript name tree.
    """
    found: set[str] = set()

    def mark(m):
        found.add("launch" if m.group(1) == b"Launch" else "javascript")

    def action(a, depth=0):
        if depth > 8 or a is None:
            return
        a = a.get_object() if hasattr(a, "get_object") else a
        if not hasattr(a, "get"):
            return
        s = a.get("/S")
        if s == "/JavaScript" or "/JS" in a:
            found.add("javascript")
        if s == "/Launch":
            found.add("launch")
        nxt = a.get("/Next")
        if nxt is not None:
            nxt = nxt.get_object()
            for n in (nxt if isinstance(nxt, list) else [nxt]):
                action(n, depth + 1)

    def aa(d):
        d = d.get_object() if hasattr(d, "get_object") else d
        if hasattr(d, "get") and d.get("/AA") is not None:
            for v in d["/AA"].get_object().values():
                action(v)
        if hasattr(d, "get") and d.get("/A") is not None:
            action(d["/A"])

    for m in _ACTIONS.finditer(data):
        if _outside_streams(data, m.start()):
            mark(m)
    budget = limits.max_attachment_bytes
    for num in object_stream_numbers(reader):
        stream = reader.get_object(num)
        raw = raw_stream_bytes(stream)
        if stream.get("/Filter") == "/FlateDecode" and "/DecodeParms" not in stream:
            try:
                text = zlib.decompressobj().decompress(raw, budget)
            except zlib.error:
                continue
        else:
            text = stream.get_data()
        budget -= len(text)
        for m in _ACTIONS.finditer(text):
            mark(m)
        if budget <= 0:
            break
    oa = catalog.get("/OpenAction")
    if oa is not None and hasattr(oa.get_object(), "get"):
        action(oa)
    aa(catalog)
    names = catalog.get("/Names")
    if names is not None and "/JavaScript" in names.get_object():
        found.add("javascript")
    acro = catalog.get("/AcroForm")
    if acro is not None:
        stack = list(acro.get_object().get("/Fields") or [])
        seen = 0
        while stack and seen < 5000:
            seen += 1
            f = stack.pop().get_object()
            aa(f)
            stack.extend(f.get("/Kids") or [])
    return sorted(found)


def _attachments(path: str, reader, limits: Limits) -> list[Attachment]:
    out: list[Attachment] = []
    total = 0
    entries = list(reader.attachment_list)
    if len(entries) > limits.max_attachments:
        raise _bad(path, "pdf.attachment_bomb",
                   f"attachment bomb ({len(entries)} embedded files; the limit is {limits.max_attachments})",
                   what="count", count=len(entries), limit=limits.max_attachments)
    for entry in entries:
        name = str(entry.name)
        stream = entry.pdf_object.get("/EF", {}).get("/F")
        if stream is None:
            continue
        stream = stream.get_object()
        budget = limits.max_attachment_bytes - total
        content = _decode_limited(path, name, stream, budget, limits)
        total += len(content)
        out.append(Attachment(name=name, data=content, source="embedded"))
    return out


def _decode_limited(path: str, name: str, stream, budget: int, limits: Limits) -> bytes:
    raw = raw_stream_bytes(stream)
    filt = stream.get("/Filter")
    if isinstance(filt, list) and len(filt) == 1:
        filt = filt[0]

    def bomb(size: int):
        return _bad(path, "pdf.attachment_bomb",
                    f"attachment bomb (embedded file {name!r} unpacks to more than "
                    f"{size // 1024} KiB from {len(raw) // 1024} KiB)",
                    what="size", name=name)

    if filt is None:
        data = raw
    elif filt == "/FlateDecode" and "/DecodeParms" not in stream:
        d = zlib.decompressobj()
        try:
            data = d.decompress(raw, budget + 1)
        except zlib.error as exc:
            raise _bad(path, "pdf.damaged", f"damaged embedded file {name!r} ({exc})") from None
    else:
        declared = int(stream.get("/Length", len(raw)) or 0)
        if declared > budget:
            raise bomb(declared)
        data = stream.get_data()
    if len(data) > budget:
        raise bomb(len(data))
    if len(data) > limits.ratio_floor and len(data) > limits.max_ratio * max(len(raw), 1):
        raise bomb(len(data))
    return data
