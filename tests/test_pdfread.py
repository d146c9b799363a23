"""Bad incoming PDFs get a clean PdfInputError with a code and a one-line reason
(never a traceback or a hang), security findings are reported, and the file read
is never modified."""

from __future__ import annotations

import hashlib
import io
import random

import pytest
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

from ipforms.core.errors import PdfInputError
from ipforms.validation.pdfread import Limits, read_pdf


@pytest.fixture(scope="module")
def blank() -> bytes:
    from ipforms.forms.pdfdraw import blank_pdf
    return blank_pdf("soknad", "nb")


def sha(p) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def write(tmp_path, name, data: bytes):
    p = tmp_path / name
    p.write_bytes(data)
    return p


def rewrite(data: bytes, change) -> bytes:
    w = PdfWriter(clone_from=io.BytesIO(data))
    change(w)
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


def add_packed(w: PdfWriter, name: str, data: bytes) -> None:
    """An embedded file, Flate-compressed (pypdf stores attachments uncompressed)."""
    spec = w.add_attachment(name, data).pdf_object
    plain = spec["/EF"]["/F"].get_object()
    packed = plain.flate_encode(level=9)
    plain.set_data(b"")  # pypdf would still write the unused plain copy
    spec["/EF"][NameObject("/F")] = w._add_object(packed)


def refused(path, code, limits=None, **kw):
    before = sha(path)
    with pytest.raises(PdfInputError) as info:
        read_pdf(path, limits, **kw)
    err = info.value
    assert err.code == code, (err.code, str(err))
    assert "\n" not in str(err) and str(path) in str(err)
    assert sha(path) == before
    return err


def test_reads_fields_of_our_blank_form(tmp_path, blank):
    p = write(tmp_path, "a.pdf", blank)
    before = sha(p)
    doc = read_pdf(p)
    assert doc.fields["service_ip"] is False and doc.field_kinds["service_ip"] == "checkbox"
    assert doc.field_kinds["applicant_role"] == "choice" and doc.fields["person_name"] == ""
    assert doc.security == [] and doc.attachments == []
    assert sha(p) == before


def test_not_a_pdf(tmp_path):
    err = refused(write(tmp_path, "a.pdf", b"Hello, this is a letter\n"), "pdf.not_pdf")
    assert "not a PDF" in str(err)


def test_empty_file(tmp_path):
    refused(write(tmp_path, "a.pdf", b""), "pdf.not_pdf")


def test_truncated(tmp_path, blank):
    err = refused(write(tmp_path, "a.pdf", blank[: len(blank) // 2]), "pdf.truncated")
    assert "truncated" in str(err) and err.hint


def test_encrypted_without_user_password(tmp_path, blank):
    data = rewrite(blank, lambda w: w.encrypt("", owner_password="owner", algorithm="AES-256"))
    refused(write(tmp_path, "a.pdf", data), "pdf.encrypted")


def test_password_protected(tmp_path, blank):
    data = rewrite(blank, lambda w: w.encrypt("hemmeleg", algorithm="RC4-128"))
    err = refused(write(tmp_path, "a.pdf", data), "pdf.password")
    assert "password" in str(err)


def test_no_form_fields(tmp_path):
    w = PdfWriter()
    w.add_blank_page(595, 842)
    out = io.BytesIO()
    w.write(out)
    p = write(tmp_path, "scan.pdf", out.getvalue())
    refused(p, "pdf.no_fields")
    assert read_pdf(p, fields=False).fields == {}  # fine as an attachment


def test_too_large(tmp_path, blank):
    err = refused(write(tmp_path, "a.pdf", blank), "pdf.too_large", Limits(max_file_bytes=10_000))
    assert "limit" in str(err)


def test_attachment_bomb_by_size(tmp_path, blank):
    data = rewrite(blank, lambda w: add_packed(w, "zeros.bin", b"\0" * (8 * 1024 * 1024)))
    assert len(data) < len(blank) + 100_000  # 8 MiB of zeros packs small
    refused(write(tmp_path, "a.pdf", data), "pdf.attachment_bomb",
            Limits(max_attachment_bytes=4 * 1024 * 1024))


def test_attachment_bomb_by_ratio(tmp_path, blank):
    data = rewrite(blank, lambda w: add_packed(w, "zeros.bin", b"\0" * (2 * 1024 * 1024)))
    refused(write(tmp_path, "a.pdf", data), "pdf.attachment_bomb")  # default ratio limit


def test_attachment_bomb_by_count(tmp_path, blank):
    def many(w):
        for i in range(5):
            w.add_attachment(f"f{i}.txt", b"x")
    refused(write(tmp_path, "a.pdf", rewrite(blank, many)), "pdf.attachment_bomb",
            Limits(max_attachments=4))


def test_attachments_extracted(tmp_path, blank):
    data = rewrite(blank, lambda w: w.add_attachment("a.fullmakt.txt", b"fullmakt " * 100))
    doc = read_pdf(write(tmp_path, "a.pdf", data))
    assert [(a.name, a.data) for a in doc.attachments] == [("a.fullmakt.txt", b"fullmakt " * 100)]


def test_javascript_is_a_security_finding(tmp_path, blank):
    def js(w):  # a document-level script in the JavaScript name tree, as add_js wrote it
        action = w._add_object(DictionaryObject({
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert(1);")}))
        tree = DictionaryObject({NameObject("/Names"): ArrayObject([TextStringObject("js"), action])})
        names = w._root_object.setdefault(NameObject("/Names"), DictionaryObject())
        names[NameObject("/JavaScript")] = w._add_object(tree)
    doc = read_pdf(write(tmp_path, "a.pdf", rewrite(blank, js)))
    assert doc.security == ["javascript"]


def test_launch_action_is_a_security_finding(tmp_path, blank):
    def launch(w):
        action = DictionaryObject({NameObject("/S"): NameObject("/Launch"),
                                   NameObject("/F"): TextStringObject("calc.exe")})
        w._root_object[NameObject("/OpenAction")] = w._add_object(action)
    doc = read_pdf(write(tmp_path, "a.pdf", rewrite(blank, launch)))
    assert "launch" in doc.security


def test_damaged_pdfs_give_clean_errors(tmp_path, blank):
    rnd = random.Random(7)
    for i in range(25):
        data = bytearray(blank)
        for _ in range(rnd.randint(1, 40)):
            pos = rnd.randrange(200, len(data) - 50)
            data[pos:pos + rnd.randint(1, 200)] = rnd.randbytes(rnd.randint(0, 200))
        p = write(tmp_path, f"m{i}.pdf", bytes(data))
        try:
            read_pdf(p)
        except PdfInputError as exc:
            assert exc.code in {"pdf.damaged", "pdf.no_fields", "pdf.truncated", "pdf.not_pdf"}
            assert "\n" not in str(exc)
    garbage = write(tmp_path, "g.pdf", b"%PDF-1.7\n" + rnd.randbytes(5000) + b"\n%%EOF\n")
    with pytest.raises(PdfInputError) as info:
        read_pdf(garbage)
    assert info.value.code in {"pdf.damaged", "pdf.no_fields"}


def test_missing_file(tmp_path):
    with pytest.raises(PdfInputError) as info:
        read_pdf(tmp_path / "nope.pdf")
    assert info.value.code == "pdf.unreadable"


def test_action_names_inside_stream_data_are_not_findings(tmp_path, blank):
    """Compressed bytes can hold "/JS" by chance; only PDF objects count."""
    data = rewrite(blank, lambda w: add_packed(w, "noise.bin", b"x"))
    # put the bytes "/JS " and "/Launch " inside the embedded file's (raw) stream
    def raw(w):
        w.add_attachment("plain.txt", b"see /JS here and /Launch there")
    doc = read_pdf(write(tmp_path, "a.pdf", rewrite(data, raw)))
    assert doc.security == []
    assert [a.name for a in doc.attachments] == ["noise.bin", "plain.txt"]


def _pdf_with_object_stream(objects: dict[int, bytes], plain: dict[int, bytes]) -> bytes:
    """A PDF 1.5 whose ``objects`` live compressed in one object stream (number 4)
    and whose ``plain`` objects are written as they are; cross-reference stream."""
    import zlib
    header, body = [], b""
    for num, obj in objects.items():
        header.append(f"{num} {len(body)}")
        body += obj + b"\n"
    head = (" ".join(header) + "\n").encode()
    packed = zlib.compress(head + body)
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for num, obj in plain.items():
        offsets[num] = len(out)
        out += f"{num} 0 obj\n".encode() + obj + b"\nendobj\n"
    offsets[4] = len(out)
    out += (f"4 0 obj\n<< /Type /ObjStm /N {len(objects)} /First {len(head)} /Filter /FlateDecode "
            f"/Length {len(packed)} >>\nstream\n").encode() + packed + b"\nendstream\nendobj\n"
    size = max([*objects, *plain, 4]) + 2
    xref_num = size - 1
    offsets[xref_num] = len(out)
    rows = b""
    index = {n: i for i, n in enumerate(objects)}
    for n in range(size):
        if n in offsets:
            rows += bytes([1]) + offsets[n].to_bytes(4, "big") + (0).to_bytes(2, "big")
        elif n in objects:
            rows += bytes([2]) + (4).to_bytes(4, "big") + index[n].to_bytes(2, "big")
        else:
            rows += bytes([0]) + (0).to_bytes(4, "big") + (65535).to_bytes(2, "big")
    out += (f"{xref_num} 0 obj\n<< /Type /XRef /Size {size} /W [1 4 2] /Root 1 0 R "
            f"/Length {len(rows)} >>\nstream\n").encode() + rows + b"\nendstream\nendobj\n"
    out += f"startxref\n{offsets[xref_num]}\n%%EOF\n".encode()
    return bytes(out)


def test_javascript_hidden_in_an_object_stream(tmp_path):
    """A page-open JavaScript action stored compressed: no plain bytes show it."""
    plain = {1: b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [5 0 R] >> >>",
             2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"}
    hidden = {3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Annots [5 0 R] "
                 b"/AA << /O 6 0 R >> >>",
              5: b"<< /FT /Tx /T (navn) /V (x) /Type /Annot /Subtype /Widget "
                 b"/Rect [10 10 100 30] /P 3 0 R >>",
              6: b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>"}
    data = _pdf_with_object_stream(hidden, plain)
    assert b"JavaScript" not in data
    doc = read_pdf(write(tmp_path, "a.pdf", data))
    assert doc.fields == {"navn": "x"}
    assert doc.security == ["javascript"]
    # the same PDF without the action has no finding
    hidden[3] = hidden[3].replace(b"/AA << /O 6 0 R >> ", b"")
    hidden[6] = b"<< /S /GoTo /D [3 0 R /Fit] >>"
    assert read_pdf(write(tmp_path, "b.pdf", _pdf_with_object_stream(hidden, plain))).security == []
