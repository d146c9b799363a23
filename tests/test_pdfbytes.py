"""forms.pdfbytes writes a pypdf object exactly as its own write_to_stream does."""

from __future__ import annotations

import io

from pypdf.generic import (ArrayObject, BooleanObject, ByteStringObject, DecodedStreamObject,
                           DictionaryObject, FloatObject, IndirectObject, NameObject,
                           NullObject, NumberObject, StreamObject, TextStringObject)

from ipforms.forms import pdfdraw
from ipforms.forms.acroform import open_pdf
from ipforms.forms.fill import fill_form
from ipforms.forms.pdfbytes import pdf_bytes


def _pypdf(obj) -> bytes:
    buf = io.BytesIO()
    obj.write_to_stream(buf)
    return buf.getvalue()


HOSTILE = ["( ) \\", "Áŋŋá Čáhcesuolu", "ŧđžšč", "<script>&\"'{{", "x" * 300, "",
           "\u4e2d\u6587", "a)b(c\\\\d\r\n", "".join(map(chr, range(256))),
           "".join(map(chr, range(32, 127))) + "Åsvik æøå ©® ¡ÿ"]


def test_hostile_objects_are_written_as_pypdf_writes_them():
    names = [NameObject(n) for n in ("/A", "/Sp ace", "/Há#sh", "/(par)", "/Æøå", "/a/b")]
    values = [*names, NumberObject(-3), FloatObject("0.10"), FloatObject(1e-7),
              BooleanObject(True), NullObject(), IndirectObject(12, 0, None),
              ByteStringObject(b"\x00\xff()\\"), *(TextStringObject(s) for s in HOSTILE)]
    d = DictionaryObject({NameObject(f"/K{i}"): v for i, v in enumerate(values)})
    d[NameObject("/%skip%")] = NumberObject(1)  # pypdf leaves such keys out
    d[NameObject("/Arr")] = ArrayObject([*values, ArrayObject(values), DictionaryObject(d)])
    for n in names:
        d[n] = ArrayObject([n])
    stream = DecodedStreamObject()
    stream.update(d)
    stream.set_data(b"BT (x) Tj ET\nendstream")
    plain = StreamObject()  # as IncrementalUpdate writes its cross-reference stream
    plain.update(d)
    plain.set_data(b"\x01\x00\x00(\\")
    for obj in (d, stream, plain, ArrayObject([stream, d]), *values):
        theirs = _pypdf(obj)
        assert pdf_bytes(obj) == theirs
    # a stream's /Length is set, written and taken out again, as pypdf does
    stream[NameObject("/Length")] = NumberObject(99)
    before = list(stream)
    assert pdf_bytes(stream) == b"".join([_pypdf(DictionaryObject(
        {**stream, NameObject("/Length"): NumberObject(len(stream.get_data()))})),
        b"\nstream\n", stream.get_data(), b"\nendstream"])
    assert list(stream) == [k for k in before if k != "/Length"]
    assert pdf_bytes(stream) == _pypdf(stream)


def test_every_object_of_a_filled_form_is_written_as_pypdf_writes_it(form_cache):
    blank = pdfdraw.blank_pdf("soknad", "nb", form_cache)
    pdf = fill_form("soknad", "nb", {"applicant_name": HOSTILE[1] + HOSTILE[0]},
                    template=blank)
    _, reader = open_pdf(pdf)
    count = 0
    for num in sorted({n for entries in reader.xref.values() for n in entries}
                      | set(reader.xref_objStm)):
        obj = reader.get_object(num)
        if obj is None:
            continue
        assert pdf_bytes(obj) == _pypdf(obj), num
        count += 1
    assert count > 100
