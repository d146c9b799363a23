"""Safe reading of incoming PDFs: the only module that opens a PDF a citizen sent.

:func:`read_pdf` reads the file once into memory (a regular file only, opened read
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

Hostile input
-------------
* **Decompression bombs.**  Every stream pypdf decodes while reading a file
  (cross-reference streams, object streams, the document info, fields) is
  charged to one budget per file (:attr:`Limits.max_inflated_bytes`); pypdf's own
  per-stream output limits are set to what is left of it before each stream is
  decoded, so a bomb stops after at most the budget, never after gigabytes.
  Embedded files are inflated by us in bounded chunks against their own budget.
  A bomb is ``pdf.bomb`` (exit 2), never "damaged".
* **Names as a PDF parser reads them.**  ``/J#61vaScript`` is ``/JavaScript``:
  the byte scans match every ``#xx`` spelling of the action names, in one linear
  pass (regular expressions without nested repetition; stream data found once).
* **Truncation.**  No ``%%EOF`` at the end, or the start of a revision after the
  last ``%%EOF`` (an incremental update cut off), is ``pdf.truncated``.

Codes of refusals (``PdfInputError.code``): ``pdf.too_large``, ``pdf.not_pdf``,
``pdf.not_regular``, ``pdf.unreadable``, ``pdf.truncated``, ``pdf.damaged``,
``pdf.encrypted``, ``pdf.password``, ``pdf.no_fields``, ``pdf.attachment_bomb``,
``pdf.bomb``, ``pdf.big_stream``, ``pdf.memory``, ``pdf.long_value``, ``pdf.timeout`` (the form
readers).

>>> read_pdf(__file__)
Traceback (most recent call last):
    ...
ipforms.core.errors.PdfInputError: ...pdfread.py: not a PDF (the file does not start with %PDF-)
"""

from __future__ import annotations

import bisect
import contextlib
import logging
import re
import warnings
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Iterator
from typing import Any

from ..core.errors import InternalError, IpformsError, PdfInputError
from ..forms.pdfguard import FORM_LIMITS as FORM_LIMITS
from ..forms.pdfguard import FORM_TIMEOUT as FORM_TIMEOUT
from ..forms.pdfguard import MAX_FILE_BYTES as MAX_FILE_BYTES
from ..forms.pdfguard import Limits as Limits
from ..forms.pdfguard import (pdf_error, BigStreamError, bomb_error, BombError, BrokenStreamError, inflate_budget,
                               install_budget_hook, long_value_error, string_limit, too_large_error, budget_verdict)
from ..forms.pdfguard import guard as guard
from ..forms.pdfguard import read_regular as read_regular
from ..forms.pypdf_internals import object_stream_numbers, raw_stream_bytes

log = logging.getLogger(__name__)


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
    field_kinds: dict[str, str]          # "text", "checkbox", "choice", "signature", "other"
    attachments: list[Attachment] = field(default_factory=list)
    security: list[str] = field(default_factory=list)  # "javascript", "launch"
    data: bytes = field(default=b"", repr=False)       # the file as read (validation.signatures)


_REVISION_START = re.compile(rb"\d{1,10}[\x00\t\n\f\r ]{1,10}\d{1,5}[\x00\t\n\f\r ]{1,10}obj\b|"
                             rb"\bxref\b|\btrailer\b|\bstartxref\b|\bendobj\b|\bstream\b|\bendstream\b")


_STARTXREF = re.compile(rb"startxref[\x00\t\n\f\r ]+(\d{1,12})[\x00\t\n\f\r ]*")
#: what a startxref offset must point at: a cross-reference table or stream object
_XREF_AT = re.compile(rb"[\x00\t\n\f\r ]{0,8}(?:xref|\d{1,10}[\x00\t\n\f\r ]{1,10}\d{1,5}"
                      rb"[\x00\t\n\f\r ]{1,10}obj)")


def _check_bytes(path: str, data: bytes) -> None:
    head = data[:1024]
    if b"%PDF-" not in head:
        raise pdf_error(path, "pdf.not_pdf", "not a PDF (the file does not start with %PDF-)")
    last = data.rfind(b"%%EOF")
    if last < 0 or last < len(data) - 2048:
        raise pdf_error(path, "pdf.truncated",
                   "truncated PDF (no %%EOF at the end: the file was cut off while copying or sending)",
                   hint="ask the sender for the file again")
    if _REVISION_START.search(data, last + 5):
        raise pdf_error(path, "pdf.truncated",
                   "truncated PDF (its last revision is cut off after the %%EOF of an earlier one: "
                   "the changes saved last are missing)",
                   hint="ask the sender for the file again")
    m = _STARTXREF.search(data, max(0, last - 64), last)
    if m is not None:
        at = int(m.group(1))
        if at >= len(data) or not _XREF_AT.match(data, at):
            raise pdf_error(path, "pdf.damaged",
                       "damaged PDF (the cross-reference offset at its end points to the wrong "
                       "place: bytes were added or removed after it was saved)",
                       hint="ask the sender for the file again")
        if _prev_loops(data, at):
            raise pdf_error(path, "pdf.damaged",
                       "damaged PDF (its cross-reference sections point back at themselves "
                       "through /Prev, so its earlier versions are lost)",
                       hint="ask the sender for the file again")


_PREV = re.compile(rb"/Prev[\x00\t\n\f\r ]+(\d{1,12})")


def _prev_loops(data: bytes, at: int, limit: int = 100_000) -> bool:
    """Whether the chain of cross-reference sections from ``at`` (each one's /Prev) comes
    back to a section already seen.  pypdf then drops the earlier revisions and a valid
    application read that way misses its fields.  Read from the bytes: the trailer after a
    table, or a stream's dictionary; a /Prev that points nowhere ends the chain (pypdf
    copes with that)."""
    seen: set[int] = set()
    while at not in seen and len(seen) < limit:
        seen.add(at)
        start = at + len(data[at:at + 16]) - len(data[at:at + 16].lstrip())
        if data.startswith(b"xref", start):
            t = data.find(b"trailer", start)
            end = data.find(b"startxref", t) if t >= 0 else -1
            region = data[t:end] if 0 <= t < end else b""
        else:
            end = data.find(b"stream", start)
            region = data[start:end] if end > start else b""
        m = _PREV.search(region)
        if m is None:
            return False
        at = int(m.group(1))
        if at >= len(data) or not _XREF_AT.match(data, at):
            return False
    return at in seen


# --- read_pdf ------------------------------------------------------------------------------

def read_pdf(path: str | Path, limits: Limits | None = None, *, data: bytes | None = None,
             fields: bool = True) -> PdfDoc:
    """Open an incoming PDF safely and return what it holds; never modifies it.

    Raises :class:`PdfInputError` (with ``.code``) for anything that cannot be read.
    With ``fields=False`` a PDF without form fields is accepted (for attachments).
    """
    limits = limits or Limits()
    path = str(path)
    if data is None:
        data = read_regular(path, limits.max_file_bytes)
    if len(data) > limits.max_file_bytes:
        raise too_large_error(path, len(data), limits.max_file_bytes)
    _check_bytes(path, data)
    try:
        from pypdf.errors import DependencyError

        install_budget_hook()
    except ImportError as exc:  # a missing package is our fault
        raise InternalError(f"cannot read PDFs: {exc}",
                            hint="install ipforms with its dependencies (pypdf[crypto])") from exc
    try:
        with inflate_budget(limits.max_inflated_bytes) as budget, \
                string_limit(limits.max_string_bytes) as strings, _duplicate_keys() as twice:
            try:
                doc = _read(path, data, limits, fields)
                if twice:
                    raise _ambiguous(path, twice[0])
            except (BombError, BigStreamError, BrokenStreamError):
                raise budget_verdict(path, budget, limits) or bomb_error(path, limits) from None
            except Exception as exc:
                if isinstance(exc, IpformsError) and not isinstance(exc, PdfInputError):
                    raise  # our own fault, as it is
                verdict = _limit_verdict(path, budget, limits, strings)
                if verdict:
                    raise verdict from None
                raise
            verdict = _limit_verdict(path, budget, limits, strings)
            if verdict:  # pypdf caught our exception and went on
                raise verdict
            return doc
    except IpformsError:  # our verdict on the file, or our own fault: as it is
        raise
    except (ImportError, DependencyError) as exc:  # a missing package is our fault
        raise InternalError(f"cannot read PDFs: {exc}",
                            hint="install ipforms with its dependencies (pypdf[crypto])") from exc
    except MemoryError:
        raise pdf_error(path, "pdf.memory", "out of memory while reading the PDF") from None
    except RecursionError:
        raise pdf_error(path, "pdf.damaged", "damaged PDF (objects nested too deeply)") from None
    except Exception as exc:  # pypdf raises many kinds on damaged input
        log.debug("pypdf failed on %s", path, exc_info=True)
        raise pdf_error(path, "pdf.damaged",
                   f"damaged PDF ({type(exc).__name__}: {str(exc)[:120]})") from None


def _limit_verdict(path: str, budget: Any, limits: Limits, strings: list) -> PdfInputError | None:
    """What a limit reached while reading says about the file (a bomb, damage, a large
    stream, a long value), if one was reached."""
    verdict = budget_verdict(path, budget, limits)
    if verdict:
        return verdict
    return long_value_error(path, limits) if len(strings) > 1 else None


@contextlib.contextmanager
def _duplicate_keys() -> Iterator[list[str]]:
    """The keys a dictionary of the file gives twice, while active.  pypdf keeps the
    first value and logs the second; a viewer may keep the other (a second /Names in the
    catalog showed embedded files to a viewer that pypdf never saw), so such a file is
    refused rather than judged by one reading of it."""
    found: list[str] = []

    class Catch(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if str(record.msg).startswith("Multiple definitions in dictionary"):
                args = record.args if isinstance(record.args, dict) else {}
                found.append(str(args.get("key", "?")))

    logger = logging.getLogger("pypdf.generic._data_structures")
    handler, level, propagate = Catch(logging.WARNING), logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    try:
        yield found
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.propagate = propagate


def _ambiguous(path: str, key: str) -> PdfInputError:
    return pdf_error(path, "pdf.ambiguous",
                     f"ambiguous PDF (the key {key} is given twice in one dictionary: viewers "
                     f"may show different contents, e.g. attachments; the file was not read "
                     f"further)", hint="ask the sender for the file again, or check it by hand",
                     key=key, name=Path(path).name)


def _read(path: str, data: bytes, limits: Limits, want_fields: bool) -> PdfDoc:
    import io

    import pypdf
    from pypdf import PdfReader
    from pypdf.errors import DependencyError

    recovery = (pypdf.apply_configuration(zlib_maximum_recovery_input_length=limits.max_recovery_bytes,
                                          array_maximum_element_count=limits.max_array_items)
                if hasattr(pypdf, "apply_configuration") else contextlib.nullcontext())
    with warnings.catch_warnings(), recovery:
        warnings.simplefilter("ignore")
        logging.getLogger("pypdf").setLevel(logging.ERROR)
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            opened: Any
            try:
                opened = reader.decrypt("")
            except DependencyError:  # no AES support installed: our fault (read_pdf)
                raise
            except Exception:  # pypdf raises many kinds on a damaged encryption dict
                opened = 0
            if not opened:
                raise pdf_error(path, "pdf.password",
                           "password-protected PDF (it cannot be opened without a password)",
                           hint="ask the sender for a copy without a password")
            raise pdf_error(path, "pdf.encrypted",
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
            raise pdf_error(path, "pdf.no_fields",
                       "no form fields (a scanned or printed form cannot be checked automatically)",
                       hint="check it by hand, or ask for the fillable PDF form")
        catalog = reader.trailer["/Root"]
        security = _security(reader, catalog, data)
        attachments = _attachments(path, reader, limits)
        return PdfDoc(path=path, form_id=form_id, form_version=form_version, fields=values,
                      field_kinds=kinds, attachments=attachments, security=security, data=data)


def _str(v: Any) -> str | None:
    if v is None:
        return None
    s = str(v).strip()
    return s or None


_OFF = {"", "/Off", "Off", "/off", "off", "/No", "No"}


def _field_value(f: Any) -> tuple[str, str | bool | None]:
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
    if ft == "/Sig":  # a digital signature (validation.signatures verifies it): filled or not
        return "signature", None if v is None else "signed"
    if ft == "/Tx":
        if v is None:
            return "text", None
        if isinstance(v, bytes):
            v = v.decode("latin-1")
        return "text", str(v)
    return "other", None if v is None else str(v)


# --- security: action names as a parser reads them --------------------------------------

def _spelled(word: bytes) -> bytes:
    """A regular expression for every spelling of the name ``word`` that a PDF parser
    reads as ``word``: each character as itself or as ``#xx`` (hex in any case)."""
    parts = []
    for c in word:
        hx = f"{c:02x}"
        alts = "".join(sorted({hx[1].lower(), hx[1].upper()}))
        parts.append(re.escape(bytes([c])) + b"|#" + hx[0].encode() + b"[" + alts.encode() + b"]")
    return b"".join(b"(?:" + p + b")" for p in parts)


#: a name token ``/JavaScript``, ``/JS`` or ``/Launch`` (any #xx spelling), ending at a
#: PDF delimiter or whitespace.  No nested repetition: linear in the input.  (The
#: lookahead lets the engine drop the many other names after one byte.)
_ACTIONS = re.compile(rb"/(?=[JL#])(" + _spelled(b"JavaScript") + rb"|" + _spelled(b"JS") + rb"|"
                      + _spelled(b"Launch") + rb")(?![^\x00\t\n\f\r ()<>\[\]{}/%])")
#: the start of a stream's data: ``>>`` of its dictionary, then ``stream`` and an end of line
_STREAM_START = re.compile(rb">>[\x00\t\n\f\r ]*stream(?:\r\n|\r|\n)")


def _kind(m: re.Match) -> str:
    name = re.sub(rb"#([0-9A-Fa-f]{2})", lambda h: bytes([int(h.group(1), 16)]), m.group(1))
    return "launch" if name == b"Launch" else "javascript"


def _stream_ranges(data: bytes) -> tuple[list[int], list[int]]:
    """Where stream data lies: from after ``stream`` to the next ``endstream``.  One
    pass; a stream whose start this misses is scanned as plain bytes (safe side)."""
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    while True:
        m = _STREAM_START.search(data, pos)
        if m is None:
            break
        end = data.find(b"endstream", m.end())
        if end < 0:
            end = len(data)
        starts.append(m.end())
        ends.append(end)
        pos = end + 1
    return starts, ends


def _raw_findings(reader: Any, data: bytes) -> set[str]:
    """Action names in the file's bytes outside stream data.  A name inside what
    looks like stream data still counts when the cross-reference table puts an
    object there (an object hidden inside another object's stream)."""
    found: set[str] = set()
    hits = list(_ACTIONS.finditer(data))
    if not hits:
        return found
    starts, ends = _stream_ranges(data)
    offsets: list[int] | None = None
    for m in hits:
        kind = _kind(m)
        if kind in found:
            continue
        i = bisect.bisect_right(starts, m.start()) - 1
        if i < 0 or m.start() >= ends[i]:
            found.add(kind)
            continue
        if offsets is None:
            offsets = sorted(off for gen in reader.xref.values() for off in gen.values()
                             if isinstance(off, int))
        j = bisect.bisect_right(offsets, m.start()) - 1
        if j >= 0 and offsets[j] >= starts[i]:
            found.add(kind)
    return found


def _security(reader: Any, catalog: Any, data: bytes) -> list[str]:
    """JavaScript and Launch actions, found three ways, none of which walks the page
    tree (that would parse every object of WeasyPrint's object streams):

    * the raw bytes outside stream data (plain objects: pages' /AA, link
      annotations, anything), names read with their ``#xx`` escapes decoded;
    * the decompressed object streams (objects stored compressed), the same way;
    * the places actions live, read through pypdf (which decodes names): open
      action, document and field additional actions, the JavaScript name tree,
      scripts in an XFA form.
    """
    found = _raw_findings(reader, data)

    def action(a: Any, depth: int = 0) -> None:
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

    def aa(d: Any) -> None:
        d = d.get_object() if hasattr(d, "get_object") else d
        if hasattr(d, "get") and d.get("/AA") is not None:
            for v in d["/AA"].get_object().values():
                action(v)
        if hasattr(d, "get") and d.get("/A") is not None:
            action(d["/A"])

    for num in object_stream_numbers(reader):
        stream = reader.get_object(num)
        if stream is None or not hasattr(stream, "get_data"):
            continue
        for m in _ACTIONS.finditer(stream.get_data()):  # decoded once: pypdf caches it
            found.add(_kind(m))
    oa = catalog.get("/OpenAction")
    if oa is not None and hasattr(oa.get_object(), "get"):
        action(oa)
    aa(catalog)
    names = catalog.get("/Names")
    if names is not None and "/JavaScript" in names.get_object():
        found.add("javascript")
    acro = catalog.get("/AcroForm")
    if acro is not None:
        acro = acro.get_object()
        stack = list(acro.get("/Fields") or [])
        seen = 0
        while stack and seen < 5000:
            seen += 1
            f = stack.pop().get_object()
            aa(f)
            stack.extend(f.get("/Kids") or [])
        if acro.get("/XFA") is not None and _xfa_script(acro["/XFA"]):
            found.add("javascript")
    return sorted(found)


def _xfa_script(xfa: Any) -> bool:
    """Whether an XFA form (a stream, or an array of names and streams) holds a script."""
    xfa = xfa.get_object()
    parts = [p.get_object() for p in xfa] if isinstance(xfa, list) else [xfa]
    for p in parts:
        if hasattr(p, "get_data") and re.search(rb"(?i)<script\b", p.get_data()):
            return True
    return False


# --- embedded files ------------------------------------------------------------------------

def _attachments(path: str, reader: Any, limits: Limits) -> list[Attachment]:
    out: list[Attachment] = []
    total = 0
    entries = list(reader.attachment_list)
    if len(entries) > limits.max_attachments:
        raise pdf_error(path, "pdf.attachment_bomb",
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


def inflate_limited(raw: bytes, limit: int) -> bytes | None:
    """``raw`` inflated (zlib), or None when it would be more than ``limit`` bytes.
    Works in chunks of at most 1 MiB of output, so memory never exceeds the limit."""
    d = zlib.decompressobj()
    out = bytearray()
    buf = raw
    while True:
        chunk = d.decompress(buf, min(1 << 20, limit + 1 - len(out)))
        out += chunk
        if len(out) > limit:
            return None
        buf = d.unconsumed_tail
        if not buf or d.eof:
            break
    return bytes(out)


def _decode_limited(path: str, name: str, stream: Any, budget: int, limits: Limits) -> bytes:
    raw = raw_stream_bytes(stream)
    filt = stream.get("/Filter")
    if isinstance(filt, list) and len(filt) == 1:
        filt = filt[0]

    def bomb(size: int) -> PdfInputError:
        return pdf_error(path, "pdf.attachment_bomb",
                    f"attachment bomb (embedded file {name!r} unpacks to more than "
                    f"{size // 1024} KiB from {len(raw) // 1024} KiB)",
                    what="size", name=name)

    if filt is None:
        data = raw
    elif filt == "/FlateDecode" and "/DecodeParms" not in stream:
        try:
            inflated = inflate_limited(raw, budget)
        except zlib.error as exc:
            raise pdf_error(path, "pdf.damaged", f"damaged embedded file {name!r} ({exc})") from None
        if inflated is None:
            raise bomb(budget + 1)
        data = inflated
    else:
        declared = int(stream.get("/Length", len(raw)) or 0)
        if declared > budget:
            raise bomb(declared)
        with inflate_budget(max(budget, 1)) as b:
            try:
                data = stream.get_data()
            except BombError:
                raise bomb(budget + 1) from None
            if b.exceeded:
                raise bomb(budget + 1)
    if len(data) > budget:
        raise bomb(len(data))
    if len(data) > limits.ratio_floor and len(data) > limits.max_ratio * max(len(raw), 1):
        raise bomb(len(data))
    return data
