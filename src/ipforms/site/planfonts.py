"""The fonts the online form draws with (see :mod:`ipforms.site.fillplan`): the widths of
the WinAnsi characters in the forms' Liberation Sans and a subset of it for the characters
beyond them."""

from __future__ import annotations

import functools

from pypdf.generic import DictionaryObject, IndirectObject, NameObject, NumberObject

from ..forms import appearance
from ..forms.pypdf_internals import raw_stream_bytes


def _ser(obj) -> str:
    import io

    buf = io.BytesIO()
    obj.write_to_stream(buf)
    return buf.getvalue().decode("latin-1")


@functools.lru_cache(maxsize=1)
def winansi_widths() -> list[list]:
    """``[char, byte, width]`` for every WinAnsi character (widths from Liberation Sans)."""
    return [[ch, ord(ch.encode(appearance.ENCODING)), round(w, 3)]
            for ch, w in sorted(appearance.font_widths().items())]



#: characters beyond WinAnsi the online form can draw, where Liberation Sans has them: Latin
#: Extended-A and -B (Sámi á č đ ŋ š ŧ ž ʒ ǯ ǥ ǧ ǩ; Finnish, Baltic, Central European
#: letters), Greek, Cyrillic, Latin Extended Additional, general punctuation (about 200 glyphs
#: beyond WinAnsi, 25 kB compressed)
UNICODE_RANGES = ((0x100, 0x250), (0x292, 0x293), (0x370, 0x500), (0x1E00, 0x1F00),
                  (0x2000, 0x2070))
UNICODE_CHARS = "".join(chr(c) for a, b in UNICODE_RANGES for c in range(a, b))


@functools.lru_cache(maxsize=1)
def unicode_font() -> dict:
    """A Liberation Sans subset (WinAnsi + :data:`UNICODE_CHARS`) as ready PDF objects, built
    by :func:`ipforms.forms.unifont.build_font`: object 0 is the Type0 font; ``k 0 R`` in a
    body refers to object ``k`` (webform.js renumbers them).  Streams' data in base64."""
    import base64

    from pypdf.generic import StreamObject

    from ..forms import unifont

    data = unifont.font_data()
    winansi = {ch for ch, _, _ in winansi_widths()}
    chars = winansi | {ch for ch in UNICODE_CHARS if ch in data.gids}
    objs: list = []

    def add(obj):
        objs.append(obj)
        return IndirectObject(len(objs), 0, None)

    target = DictionaryObject()
    unifont.build_font(target, chars, add)
    out = []
    for obj in [target, *objs]:
        if isinstance(obj, StreamObject):
            raw = raw_stream_bytes(obj)
            head = DictionaryObject(obj)
            head[NameObject("/Length")] = NumberObject(len(raw))
            out.append({"body": _ser(head), "data": base64.b64encode(raw).decode()})
        else:
            out.append({"body": _ser(obj)})
    return {"objects": out, "gids": {ch: data.gids[ch] for ch in sorted(chars)},
            # WinAnsi widths are in "widths" already (the same Liberation Sans metrics)
            "widths": {ch: data.widths[ch] for ch in sorted(chars) if ch not in winansi}}
