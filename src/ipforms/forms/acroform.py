"""Read the AcroForm fields of any PDF: ours, a municipality's own, or one from another tool.

:func:`open_pdf` turns every way a PDF can be unreadable into a
:class:`~ipforms.core.errors.PdfInputError`; :func:`fields` walks the field tree
(inherited ``/FT``, ``/Ff`` and ``/DA``; fully qualified names joined by ``.``)
and gives one :class:`PdfField` per terminal field.
"""

from __future__ import annotations


import io
import logging
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import DependencyError, PdfReadError, PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, StreamObject

from ..core.errors import PdfInputError
from .pypdf_internals import CachedXrefReader, pdfdoc_text, raw_stream_bytes, remember_update
from .digest import digest

log = logging.getLogger(__name__)
logging.getLogger("pypdf").setLevel(logging.ERROR)

MAX_PDF_BYTES = 50 * 1024 * 1024

# Field flags (PDF 32000-1, 12.7.3.1 and 12.7.4)
FF_READONLY = 1 << 0
FF_REQUIRED = 1 << 1
FF_MULTILINE = 1 << 12
FF_PASSWORD = 1 << 13
FF_NOTOGGLETOOFF = 1 << 14
FF_RADIO = 1 << 15
FF_PUSHBUTTON = 1 << 16
FF_COMBO = 1 << 17
FF_COMB = 1 << 24


@dataclass
class PdfField:
    """One terminal field of an AcroForm."""

    name: str
    kind: str  # text | checkbox | radio | choice | button | signature
    obj: DictionaryObject
    widgets: list[DictionaryObject] = field(default_factory=list)
    value: str = ""
    states: list[str] = field(default_factory=list)  # on-states (checkbox, radio)
    options: list[tuple[str, str]] = field(default_factory=list)  # (export, shown) for choice
    flags: int = 0
    max_length: int | None = None
    label: str = ""
    da: str = ""
    #: object numbers of the field and its widgets (None when not indirect objects)
    obj_id: int | None = None
    widget_ids: list[int | None] = field(default_factory=list)
    #: whether each widget has a normal appearance
    has_ap: list[bool] = field(default_factory=list)

    @property
    def readonly(self) -> bool:
        return bool(self.flags & FF_READONLY)

    @property
    def multiline(self) -> bool:
        return self.kind == "text" and bool(self.flags & FF_MULTILINE)

    @property
    def state_labels(self) -> dict[str, str]:
        """Each on-state's name as a person reads and types it (:func:`shown_state`), by
        the exact name in the PDF; a name whose reading is another state's name (or Off)
        is shown as it is, so every label stands for one state."""
        shown = {s: shown_state(s) for s in self.states}
        taken = set(self.states) | {"Off"}
        counts: dict[str, int] = {}
        for label in shown.values():
            counts[label] = counts.get(label, 0) + 1
        return {s: label if label == s or (label not in taken and counts[label] == 1) else s
                for s, label in shown.items()}

    @property
    def shown_value(self) -> str:
        """The value as ``ipforms fields`` shows it (a state by its label)."""
        if self.kind in ("checkbox", "radio"):
            return self.state_labels.get(self.value, self.value)
        return self.value

    @property
    def choices(self) -> list[str]:
        """What :func:`ipforms.forms.fill.fill_pdf` accepts for this field (besides text);
        a state by its label (its exact name is accepted too)."""
        if self.kind in ("checkbox", "radio"):
            return list(self.state_labels.values()) + ["Off"]
        if self.kind == "choice":
            return [e for e, _ in self.options]
        return []

    def describe_type(self) -> str:
        if self.kind == "text":
            return "multiline text" if self.multiline else "text"
        if self.kind == "choice":
            return "combo box" if self.flags & FF_COMBO else "list box"
        return self.kind


#: permission bits (PDF 32000-1, table 22): modify annotations (6) or fill in forms (9)
_P_ANNOTS, _P_FILL = 1 << 5, 1 << 8


def open_pdf(data: bytes | str | Path, *, file: str | Path | None = None,
             decrypt: bool = False,
             key: Callable[[bytes], bytes] | None = None) -> tuple[bytes, PdfReader]:
    """Read a PDF from bytes or a path; a clear :class:`PdfInputError` for anything unreadable.

    With ``decrypt``, a PDF encrypted with an empty user password (anyone may open it)
    whose permissions allow filling in forms is decrypted: the bytes returned are an
    unencrypted copy (the file itself is not changed); otherwise encryption is an error.

    ``key(data)``, when given, is a hash of the bytes: their cross-reference sections are
    then parsed once and remembered (the same blank form filled again and again).
    """
    if isinstance(data, (str, Path)):
        from .pdfguard import read_regular

        file = file or data
        path = Path(data)
        try:
            if path.stat().st_size > MAX_PDF_BYTES:
                raise PdfInputError(f"larger than {MAX_PDF_BYTES // 2**20} MB", file=file)
        except FileNotFoundError:
            raise PdfInputError("no such file", file=file) from None
        except OSError as exc:
            raise PdfInputError(f"cannot read: {exc.strerror}", file=file) from None
        if path.is_dir():
            raise PdfInputError("is a folder, not a PDF file", file=file)
        # a regular file only: a FIFO or a device is refused at once, never waited for
        data = read_regular(path, MAX_PDF_BYTES)
    if len(data) > MAX_PDF_BYTES:
        raise PdfInputError(f"larger than {MAX_PDF_BYTES // 2**20} MB", file=file)
    if not data.lstrip()[:5] == b"%PDF-":
        raise PdfInputError("not a PDF file (it does not start with %PDF-)", file=file)
    try:
        reader = (CachedXrefReader(io.BytesIO(data), key(data), strict=False) if key
                  else PdfReader(io.BytesIO(data), strict=False))
        if reader.is_encrypted:
            if not decrypt:
                raise PdfInputError("the PDF is encrypted; save an unencrypted copy first",
                                    file=file)
            data, reader = _decrypted(reader, file)
        reader.trailer["/Root"].get_object()
    except PdfInputError:
        raise
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, AttributeError,
            IndexError, RecursionError) as exc:
        raise PdfInputError(f"not a readable PDF ({exc.__class__.__name__}: {exc})",
                            file=file) from None
    return data, reader


def _decrypted(reader: PdfReader, file) -> tuple[bytes, PdfReader]:
    """An unencrypted copy of a PDF encrypted with an empty user password."""
    from pypdf import PdfWriter

    try:
        ok = reader.decrypt("")
    except (DependencyError, NotImplementedError) as exc:
        raise PdfInputError(f"the PDF is encrypted in a way that cannot be opened here ({exc})",
                            file=file) from None
    if not ok:
        raise PdfInputError("the PDF is encrypted with a password; save an unencrypted copy "
                            "first", file=file)
    enc = as_dict(reader.trailer.get("/Encrypt"))
    p = int(enc.get("/P", -1)) if enc is not None else -1
    if not p & (_P_FILL | _P_ANNOTS):
        raise PdfInputError("the PDF is encrypted and its owner does not allow filling in "
                            "its form", file=file)
    buf = io.BytesIO()
    PdfWriter(clone_from=reader).write(buf)
    log.warning("%s: encrypted with an empty password (anyone may open it), and filling is "
                "allowed: read as it is (the file is not changed); a filled copy is "
                "written without encryption", file)
    data = buf.getvalue()
    return data, PdfReader(io.BytesIO(data), strict=False)


def inherited(obj: DictionaryObject | None, key: str):
    """``key`` from ``obj`` or the nearest /Parent that has it (fields inherit /FT, /V ...)."""
    seen = 0
    while obj is not None and seen < 64:
        if key in obj:
            return obj[key]
        obj = as_dict(obj.get("/Parent"))
        seen += 1
    return None


_ESCAPE = re.compile(r"\\([0-7]{1,3}|[\\()])")


def shown_state(name: str) -> str:
    """A state name as a person reads it.  pdfLaTeX's hyperref writes a radio button's
    state as the PDF string syntax of its text, bytes escaped, e.g. ``\\376\\377\\000s``
    (a UTF-16BE byte-order mark, then "s"): that is read as "s" (UTF-16BE after the
    mark, UTF-8 after its mark, else PDFDocEncoding).  Any other name, or one that does
    not read as plain text, is shown as it is."""
    if "\\" not in name or _ESCAPE.sub("", name).count("\\"):
        return name
    raw = bytearray()
    for i, part in enumerate(_ESCAPE.split(name)):
        if i % 2 == 0:
            try:
                raw += part.encode("latin-1")
            except UnicodeEncodeError:
                return name
        else:
            raw += bytes([int(part, 8) & 0xFF]) if part[0] in "01234567" else part.encode()
    try:
        if raw[:2] == b"\xfe\xff":
            text = raw[2:].decode("utf-16-be")
        elif raw[:3] == b"\xef\xbb\xbf":
            text = raw[3:].decode("utf-8")
        else:
            text = pdfdoc_text(bytes(raw))
    except UnicodeDecodeError:
        return name
    if not text or not text.isprintable() or "\x00" in text:
        return name
    return text


def _states(widget: DictionaryObject) -> list[str]:
    normal = normal_appearance(widget)
    if not isinstance(normal, DictionaryObject) or "/Subtype" in normal:
        return []  # a single stream: no states
    return [str(k)[1:] for k in normal if k != "/Off"]


#: the most a field value stored as a stream is inflated to (a rich-text value is a few kB)
MAX_VALUE_STREAM = 1 << 20


def _text(value) -> str:
    if value is None:
        return ""
    value = value.get_object()
    if isinstance(value, StreamObject):
        return stream_text(value)
    s = str(value)
    return s[1:] if s.startswith("/") else s


def stream_text(stream: StreamObject) -> str:
    """A text stream's text (PDF 32000-1, 7.9.3: PDFDocEncoding, or UTF-16BE or UTF-8
    after a byte-order mark), as some tools store a long or rich-text field's /V;
    inflated to at most :data:`MAX_VALUE_STREAM` bytes (a bomb is cut there), and ""
    for a filter other than /FlateDecode."""
    filters = stream.get("/Filter")
    filters = [filters] if isinstance(filters, str) else as_array(filters)
    raw = raw_stream_bytes(stream)
    if [str(f) for f in filters] == ["/FlateDecode"]:
        try:
            raw = zlib.decompressobj().decompress(raw, MAX_VALUE_STREAM)
        except zlib.error:
            return ""
    elif filters:
        return ""
    raw = raw[:MAX_VALUE_STREAM]
    if raw[:2] == b"\xfe\xff":
        return raw[2:].decode("utf-16-be", "replace")
    if raw[:3] == b"\xef\xbb\xbf":
        return raw[3:].decode("utf-8", "replace")
    return pdfdoc_text(raw)


#: a PDF that is one of our forms with an update of ours appended that changes no field
#: and adds none (the privacy line): a hash of its bytes -> (a hash of the form's bytes,
#: the form's bytes).  The fields of the one are the fields of the other, object numbers
#: and all, so whatever is kept of the form's fields holds for it too.
_SAME_FIELDS: dict[bytes, tuple[bytes, bytes]] = {}


_hash = digest


def same_fields(updated: bytes, base: bytes) -> None:
    """Record that ``updated`` is ``base`` with an incremental update appended that changes
    no field or widget object and adds none (its writer knows: see
    :mod:`ipforms.forms.privacylink`)."""
    from .incremental import last_startxref

    if not updated.startswith(base):
        raise ValueError("not an update of the form")
    if len(_SAME_FIELDS) > 64:  # a few forms of one municipality at a time
        _SAME_FIELDS.clear()
    key, base_key = _hash(updated), _hash(base)
    _SAME_FIELDS[key] = (base_key, base)
    startxref = last_startxref(base)
    if startxref is not None:  # its cross-reference: the form's and the update's
        remember_update(key, len(base), startxref, base_key)


#: a PDF that is another of the same length of update, object for object, but for the
#: contents of a few objects (the privacy line for another address): a hash of its bytes
#: -> (the other PDF, the numbers of the objects whose contents differ)
_VARIANTS: dict[bytes, tuple[bytes, frozenset[int]]] = {}


def same_but(pdf: bytes, other: bytes, differing: frozenset[int]) -> None:
    """Record that ``pdf`` has the objects of ``other``, by the same numbers and with the
    same references, and the same contents but for the objects numbered ``differing``
    (their writer knows: :mod:`ipforms.forms.privacylink`)."""
    if len(_VARIANTS) > 64:
        _VARIANTS.clear()
    _VARIANTS[_hash(pdf)] = (other, differing)


def variant_of(key: bytes) -> tuple[bytes, frozenset[int]] | None:
    """(the other PDF, the objects that differ) when :func:`same_but` recorded one for
    the PDF hashed ``key``."""
    return _VARIANTS.get(key)


def fields_source(key: bytes) -> tuple[bytes, bytes] | None:
    """(hash, bytes) of the form whose fields are those of the PDF hashed ``key``, when
    :func:`same_fields` recorded one."""
    return _SAME_FIELDS.get(key)


def fields(reader: PdfReader) -> list[PdfField]:
    """The terminal fields of the document's AcroForm, in /Fields order."""
    acro = as_dict(reader.root_object.get("/AcroForm"))
    if acro is None:
        return []
    default_da = str(acro.get("/DA", ""))
    out: list[PdfField] = []
    seen: set[int] = set()

    def walk(ref, prefix: str, depth: int) -> None:
        if depth > 32:
            return
        obj = ref.get_object()
        if not isinstance(obj, DictionaryObject):
            return
        key = id(obj)
        if key in seen:
            return
        seen.add(key)
        name = str(obj["/T"]) if "/T" in obj else None
        full = f"{prefix}.{name}" if prefix and name else (name or prefix)
        kid_refs = as_array(obj.get("/Kids"))
        kids = [k.get_object() for k in kid_refs]
        child_fields = [k for k in kids if isinstance(k, DictionaryObject) and "/T" in k]
        if child_fields:
            # a field may have widgets of its own beside its child fields (its own merged
            # widget, or kids without /T): it is a field too, listed before its children
            own = [k for k in kids if isinstance(k, DictionaryObject) and "/T" not in k
                   and (k.get("/Subtype") == "/Widget" or "/Rect" in k)]
            if obj.get("/Subtype") == "/Widget":
                own.insert(0, obj)
            if own and inherited(obj, "/FT") is not None:
                out.append(make_field(full, obj, own, default_da))
            for ref, kid in zip(kid_refs, kids, strict=True):
                if isinstance(kid, DictionaryObject) and "/T" in kid:
                    walk(ref, full, depth + 1)
            return
        if name is None and "/Parent" not in obj:
            return
        widgets = kids if kids else [obj]
        out.append(make_field(full, obj, widgets, default_da))

    for ref in as_array(acro.get("/Fields")):
        walk(ref, "", 0)
    _standalone_radio_widgets(reader, out, seen)
    return out


def _standalone_radio_widgets(reader: PdfReader, out: list[PdfField], seen: set[int]) -> None:
    """Radio buttons on the pages that /Fields does not reach, named as a radio group it
    does reach, join that group: a field's widgets are the ones with its name (12.7.3.2).
    pdfLaTeX's hyperref writes its radio groups so, only the first button in /Fields."""
    radios = {f.name: f for f in out if f.kind == "radio"}
    if not radios:
        return
    for page in reader.pages:
        for ref in as_array(page.get("/Annots")):
            w = as_dict(ref)
            if w is None or id(w) in seen or w.get("/Subtype") != "/Widget" or "/Parent" in w:
                continue
            f = radios.get(str(w.get("/T", "")))
            if f is None or w.get("/FT") != "/Btn" or not int(w.get("/Ff", 0) or 0) & FF_RADIO:
                continue
            seen.add(id(w))
            f.widgets.append(w)
            f.widget_ids.append(_idnum(w))
            f.has_ap.append(_has_ap(w))
            f.states += [s for s in _states(w) if s not in f.states]


def make_field(name: str, obj: DictionaryObject, widgets: list, default_da: str) -> PdfField:
    """The field ``name`` read from its dictionary ``obj`` and its ``widgets`` (``obj``
    itself for a merged widget); ``default_da`` is the AcroForm's /DA."""
    ft = str(inherited(obj, "/FT") or "")
    flags = int(inherited(obj, "/Ff") or 0)
    da = str(inherited(obj, "/DA") or default_da)
    value = inherited(obj, "/V")
    f = PdfField(name=name, kind="text", obj=obj, widgets=widgets, flags=flags,
                 label=str(obj.get("/TU", "")), da=da, obj_id=_idnum(obj),
                 widget_ids=[_idnum(w) for w in widgets],
                 has_ap=[_has_ap(w) for w in widgets])
    if ft == "/Btn":
        if flags & FF_PUSHBUTTON:
            f.kind = "button"
        else:
            f.kind = "radio" if flags & FF_RADIO else "checkbox"
            states: list[str] = []
            for w in widgets:
                for s in _states(w):
                    if s not in states:
                        states.append(s)
            f.states = states
            f.value = _text(value) or "Off"
    elif ft == "/Ch":
        f.kind = "choice"
        for opt in (inherited(obj, "/Opt") or []):
            opt = opt.get_object()
            if isinstance(opt, list):
                f.options.append((str(opt[0].get_object()), str(opt[1].get_object())))
            else:
                f.options.append((str(opt), str(opt)))
        f.value = _text(value) if not isinstance(value, list) else ", ".join(map(str, value))
    elif ft == "/Sig":
        f.kind = "signature"
    else:
        f.value = _text(value)
        maxlen = inherited(obj, "/MaxLen")
        f.max_length = int(maxlen) if maxlen is not None else None
    return f


def _idnum(obj) -> int | None:
    ref = getattr(obj, "indirect_reference", None)
    return ref.idnum if ref is not None else None


def as_dict(value) -> DictionaryObject | None:
    """``value`` resolved, if it is a dictionary (broken files put strings where dicts go)."""
    if value is None:
        return None
    value = value.get_object()
    return value if isinstance(value, DictionaryObject) else None


def as_array(value) -> list:
    """The items of ``value`` resolved to an array; empty when it is missing or no array."""
    if value is None:
        return []
    value = value.get_object()
    return list(value) if isinstance(value, ArrayObject) else []


def normal_appearance(widget):
    """The widget's /AP /N entry (a stream, or a dict of states), or None."""
    ap = as_dict(widget.get("/AP"))
    if ap is None:
        return None
    n = ap.get("/N")
    return n.get_object() if n is not None else None


def _has_ap(widget) -> bool:
    return normal_appearance(widget) is not None


def read_fields(pdf: bytes | str | Path) -> list[PdfField]:
    """The fields of a PDF file (path or bytes)."""
    return read_form(pdf)[1]


def read_form(pdf: bytes | str | Path) -> tuple[PdfReader, list[PdfField]]:
    """The reader and the fields of a PDF file (path or bytes), read as ``ipforms fill``
    reads it (a form encrypted with an empty user password that allows filling is
    decrypted, said the same way), within the form readers' limits
    (:func:`ipforms.validation.pdfread.guard`)."""
    from .pdfguard import guard

    file = pdf if not isinstance(pdf, bytes) else "<pdf>"
    with guard(file):
        _, reader = open_pdf(pdf, decrypt=True)
        try:
            return reader, fields(reader)
        except (PyPdfError, ValueError, KeyError, TypeError, AttributeError,
                IndexError) as exc:
            raise PdfInputError(f"the form fields cannot be read ({exc})",
                                file=pdf if not isinstance(pdf, bytes) else None) from None


def addresses(found: list[PdfField]) -> dict[str, PdfField]:
    """Each field by the name ``ipforms fill`` takes for it: its name, or for separate
    fields sharing a name (two forms merged, a tool that repeats a name) ``name#1``,
    ``name#2`` ... in the order of the form's field list; the bare name then is none.
    A field's own name always wins: a number whose address is another field's real
    name (a field named ``name#2``) is skipped (:func:`lookalikes` names them)."""
    count: dict[str, int] = {}
    for f in found:
        count[f.name] = count.get(f.name, 0) + 1
    out: dict[str, PdfField] = {}
    seen: dict[str, int] = {}
    for f in found:
        if count[f.name] == 1:
            out[f.name] = f
        else:
            n = seen.get(f.name, 0) + 1
            while f"{f.name}#{n}" in count:
                n += 1
            seen[f.name] = n
            out[f"{f.name}#{n}"] = f
    return out


def shared(by_address: dict[str, PdfField], name: str) -> list[str]:
    """The addresses of the fields sharing ``name`` (empty when it is not shared)."""
    return [a for a, f in by_address.items() if f.name == name and a != name]


def lookalikes(by_address: dict[str, PdfField], name: str) -> list[str]:
    """Real names of other fields that look like addresses of the fields sharing
    ``name`` (``name#2``): those numbers are skipped, the real field has the name."""
    if not shared(by_address, name):
        return []
    pattern = re.compile(re.escape(name) + r"#[0-9]+")
    return list(dict.fromkeys(f.name for f in by_address.values()
                              if pattern.fullmatch(f.name)))


def lookalike_note(by_address: dict[str, PdfField], name: str) -> str:
    """``x#2 is another field's own name``: why an address of ``name`` is skipped ("")."""
    real = lookalikes(by_address, name)
    if len(real) == 1:
        return f"{real[0]} is another field's own name"
    return f"{', '.join(real)} are other fields' own names" if real else ""


def widget_pages(reader: PdfReader) -> dict[int, int]:
    """Page number (from 1) of every widget annotation, by its object number."""
    out: dict[int, int] = {}
    try:
        pages = list(reader.pages)
    except PdfReadError:  # a cyclic page tree: where the widgets are is not known
        log.warning("the page tree cannot be read; pages of fields are not shown")
        return out
    for i, page in enumerate(pages, start=1):
        for ref in as_array(page.get("/Annots")):
            idnum = getattr(ref, "idnum", None)
            if idnum is None:
                idnum = getattr(getattr(ref, "indirect_reference", None), "idnum", None)
            if idnum is not None:
                out.setdefault(idnum, i)
    return out


def places(f: PdfField, pages: dict[int, int]) -> list[tuple[int | None, tuple[float, ...]]]:
    """Where each widget of ``f`` is: its page (from 1; None when on no page) and its
    /Rect (x1, y1, x2, y2 in points, lower left first)."""
    out: list[tuple[int | None, tuple[float, ...]]] = []
    for w, idnum in zip(f.widgets, f.widget_ids, strict=False):
        try:
            x1, y1, x2, y2 = (float(v) for v in as_array(w.get("/Rect")))
        except (TypeError, ValueError):
            x1 = y1 = x2 = y2 = 0.0
        page = pages.get(idnum) if idnum is not None else None
        out.append((page, (min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))))
    return out


def document_info(reader: PdfReader) -> dict[str, str]:
    """The document info dictionary as plain strings (``/IpformsForm`` -> ``IpformsForm``)."""
    info = reader.trailer.get("/Info")
    if info is None:
        return {}
    return {str(k)[1:]: str(v.get_object()) for k, v in info.get_object().items()}
