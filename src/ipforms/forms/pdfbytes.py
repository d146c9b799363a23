"""A pypdf object as ``write_to_stream`` writes it, without a call per name.

Every fill writes its update's objects (fields, widgets, appearance streams) with
pypdf's ``write_to_stream``, which escapes each name again (``NameObject.renumber``,
a Python loop over its characters) and makes a method call and a stream write per
token.  :func:`pdf_bytes` gives the same bytes: the containers pypdf writes with fixed
punctuation (a dictionary, an array, a stream's dictionary and data) are walked here,
a name's bytes are made by pypdf once per name and remembered, a number and a reference
are written as pypdf writes them, and any other object (strings, reals, booleans, a
class of pypdf's or of ours that writes itself otherwise) by its own ``write_to_stream``.
Only the exact classes are walked; a subclass is written by its own method.
"""

from __future__ import annotations

import io

from pypdf.generic import (ArrayObject, DecodedStreamObject, DictionaryObject,
                           EncodedStreamObject, IndirectObject, NameObject, NumberObject,
                           PdfObject, StreamObject, TextStringObject)

#: a name -> its bytes as pypdf writes it (a few hundred names in our forms)
_NAMES: dict[str, bytes] = {}
_LENGTH = NameObject("/Length")
#: each byte of a text string's encoded bytes as TextStringObject.write_to_stream writes
#: it: an ASCII letter or digit, or a space, as it is; any other as an octal escape
_TEXT_BYTES = [bytes([b]) if bytes([b]).isalnum() or b == 0x20 else b"\\%03o" % b
               for b in range(256)]


def pdf_bytes(obj: PdfObject) -> bytes:
    """``obj.write_to_stream``'s bytes (see the module's text)."""
    parts: list[bytes] = []
    _write(obj, parts)
    return b"".join(parts)


def _name(obj: NameObject) -> bytes:
    found = _NAMES.get(obj)
    if found is None:
        buf = io.BytesIO()
        obj.write_to_stream(buf)
        found = buf.getvalue()
        if obj.startswith("/"):  # (pypdf warns of any other once per write: not kept)
            if len(_NAMES) >= 4096:
                _NAMES.clear()
            _NAMES[str(obj)] = found
    return found


def _write(obj, parts: list[bytes]) -> None:
    kind = type(obj)
    if kind is NameObject:
        parts.append(_NAMES.get(obj) or _name(obj))
    elif kind is NumberObject:
        parts.append(repr(obj).encode("utf8"))
    elif kind is IndirectObject:
        parts.append(f"{obj.idnum} {obj.generation} R".encode())
    elif kind is DictionaryObject:
        _write_dict(obj, parts)
    elif kind is TextStringObject:  # (pypdf writes it a byte at a time)
        parts += [b"(", b"".join([_TEXT_BYTES[b] for b in obj.get_encoded_bytes()]), b")"]
    elif kind is ArrayObject:
        parts.append(b"[")
        for x in obj:
            parts.append(b" ")
            _write(x, parts)
        parts.append(b" ]")
    elif kind is DecodedStreamObject or kind is EncodedStreamObject or kind is StreamObject:
        # as StreamObject.write_to_stream: /Length set to the data's, written, taken out
        obj[_LENGTH] = NumberObject(len(obj._data))
        _write_dict(obj, parts)
        del obj["/Length"]
        parts += [b"\nstream\n", obj._data, b"\nendstream"]
    else:
        buf = io.BytesIO()
        obj.write_to_stream(buf)
        parts.append(buf.getvalue())


def _write_dict(obj: DictionaryObject, parts: list[bytes]) -> None:
    parts.append(b"<<\n")
    for key, value in obj.items():
        if len(key) > 2 and key[1] == "%" and key[-1] == "%":
            continue
        if type(key) is NameObject:
            parts.append(_NAMES.get(key) or _name(key))
        else:
            _write(key, parts)
        parts.append(b" ")
        _write(value, parts)
        parts.append(b"\n")
    parts.append(b">>")
