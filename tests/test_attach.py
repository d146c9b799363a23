"""Attaching the fullmakt to the application, and reading it back byte for byte."""

from __future__ import annotations

import subprocess

import pytest
from pypdf import PdfReader

from ipforms.forms.attach import (DESCRIPTION, attach_fullmakt, attachment_description,
                            attachment_names, read_attachment)
from ipforms.core.errors import PdfInputError
from ipforms.forms.fill import fill_form

from pdfcheck import blank


@pytest.fixture()
def pair(form_cache, tmp_path):
    app = tmp_path / "soknad.pdf"
    full = tmp_path / "fullmakt.pdf"
    app.write_bytes(fill_form("soknad", "nn", {"person_name": "Åse Bø"},
                              template=blank(form_cache, "soknad", "nn")))
    full.write_bytes(fill_form("fullmakt", "nn", {"giver_name": "Åse Bø", "scope_all": True},
                               template=blank(form_cache, "fullmakt", "nn")))
    return app, full


def test_round_trip_byte_for_byte(pair, tmp_path):
    app, full = pair
    out = tmp_path / "med-fullmakt.pdf"
    out.write_bytes(attach_fullmakt(app, full))
    assert read_attachment(out) == full.read_bytes()
    assert attachment_names(out) == ["fullmakt.pdf"]
    assert attachment_description(out) == DESCRIPTION["nn"]
    assert out.read_bytes().startswith(app.read_bytes())  # the application is kept as it was
    spec = PdfReader(out).trailer["/Root"]["/Names"]["/EmbeddedFiles"]["/Names"][1].get_object()
    assert spec["/EF"]["/F"]["/Subtype"] == "/application/pdf"
    # Poppler sees it too, and extracts the same bytes
    listing = subprocess.run(["pdfdetach", "-list", str(out)], capture_output=True, text=True,
                             check=True).stdout
    assert "fullmakt.pdf" in listing
    subprocess.run(["pdfdetach", "-save", "1", "-o", str(tmp_path / "x.pdf"), str(out)],
                   check=True)
    assert (tmp_path / "x.pdf").read_bytes() == full.read_bytes()


def test_fields_survive_attaching(pair, tmp_path):
    from ipforms.forms.acroform import read_fields

    app, full = pair
    out = attach_fullmakt(app, full)
    assert {f.name: f.value for f in read_fields(out)}["person_name"] == "Åse Bø"


def test_twice_is_refused(pair):
    app, full = pair
    once = attach_fullmakt(app, full)
    with pytest.raises(PdfInputError, match="already has an attachment called 'fullmakt.pdf'"):
        attach_fullmakt(once, full)


def test_not_a_pdf(pair, tmp_path):
    app, _ = pair
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"hello")
    with pytest.raises(PdfInputError) as exc:
        attach_fullmakt(app, junk)
    assert str(exc.value) == f"{junk}: not a PDF file (it does not start with %PDF-)"
    with pytest.raises(PdfInputError, match="no attachment called 'fullmakt.pdf'"):
        read_attachment(app)


# --- ipforms fill --attachment: a verge's vergefullmakt, a scan ----------------------------

def _jpeg(path):
    from PIL import Image

    Image.new("RGB", (30, 20), (10, 120, 40)).save(path, "JPEG")
    return path


def test_fill_attachment_embeds_by_content_with_its_type_size_and_checksum(tmp_path):
    import hashlib
    import sys

    from ipforms.validation.validate import check_file

    from reportlab.pdfgen import canvas

    scan = _jpeg(tmp_path / "vergefullmakt-2.jpg")
    proof = tmp_path / "vergefullmakt.pdf"
    c = canvas.Canvas(str(proof))
    c.drawString(72, 720, "Vergefullmakt (test)")
    c.save()
    out = tmp_path / "out.pdf"
    r = subprocess.run([sys.executable, "-m", "ipforms", "fill", "soknad", "--lang", "nn",
                        "--set", "applicant_role=verge", "-a", str(proof), "-a", str(scan),
                        "-o", str(out)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    reader = PdfReader(out)
    root = reader.trailer["/Root"]
    names = root["/Names"]["/EmbeddedFiles"]["/Names"]
    assert [str(n) for n in names[0::2]] == ["vergefullmakt-2.jpg", "vergefullmakt.pdf"]  # sorted
    af = [ref.idnum for ref in root["/AF"]]
    for name, path, mime in (("vergefullmakt-2.jpg", scan, "/image/jpeg"),
                             ("vergefullmakt.pdf", proof, "/application/pdf")):
        ref = names[names.index(name) + 1]
        spec = ref.get_object()
        stream = spec["/EF"]["/F"].get_object()
        assert ref.idnum in af
        assert spec["/AFRelationship"] == "/Supplement" and spec["/UF"] == name
        assert spec["/Desc"].startswith("Verjefullmakt")  # the application is nynorsk
        assert stream["/Subtype"] == mime
        assert stream["/Params"]["/Size"] == path.stat().st_size
        assert stream["/Params"]["/ModDate"].startswith("D:")
        checksum = stream["/Params"]["/CheckSum"]  # pypdf reads 16 bytes as text when it can
        assert getattr(checksum, "original_bytes", checksum) == \
            hashlib.md5(path.read_bytes()).digest()
        assert read_attachment(out, name) == path.read_bytes()
    kinds = {a["name"]: a["kind"] for a in check_file(out).attachments}
    assert kinds == {"vergefullmakt.pdf": "verge_proof", "vergefullmakt-2.jpg": "verge_proof"}


def test_fill_attachment_refuses_what_is_not_a_document(tmp_path):
    import sys

    exe = tmp_path / "vergefullmakt.pdf"
    exe.write_bytes(b"MZ\x90\x00" + bytes(100))
    html = tmp_path / "fullmakt.png"
    html.write_bytes(b"<html><script>alert(1)</script></html>")
    out = tmp_path / "out.pdf"
    r = subprocess.run([sys.executable, "-m", "ipforms", "fill", "soknad", "-a", str(exe),
                        "-a", str(html), "-o", str(out)], capture_output=True, text=True)
    assert r.returncode == 2 and not out.exists()
    assert f"{exe}: not a PDF, JPEG, PNG or TIFF by its content and name (found: program)" \
        in r.stderr
    assert f"{html}: not a PDF, JPEG, PNG or TIFF by its content and name (found: html)" \
        in r.stderr
    assert "Traceback" not in r.stderr


def test_fill_attachment_id_copy_and_tiff_are_read_as_validate_reads_them(tmp_path):
    """A copy of the fullmakt giver's ID named as the online form names it, and a TIFF scan:
    embedded with their types; validate reads the ID copy as ``id_copy``."""
    import sys

    from PIL import Image

    from ipforms.validation.validate import check_file
    from ipforms.forms.attach import FILE_NAMES

    id_copy = _jpeg(tmp_path / (FILE_NAMES["id"]["nb"] + ".jpg"))
    tif = tmp_path / "vergefullmakt.tif"
    Image.new("L", (30, 20), 180).save(tif, "TIFF")
    out = tmp_path / "out.pdf"
    r = subprocess.run([sys.executable, "-m", "ipforms", "fill", "soknad", "-a", str(id_copy),
                        "-a", str(tif), "-o", str(out)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    kinds = {a["name"]: a["kind"] for a in check_file(out).attachments}
    assert kinds == {id_copy.name: "id_copy", tif.name: "verge_proof"}
    names = PdfReader(out).trailer["/Root"]["/Names"]["/EmbeddedFiles"]["/Names"]
    spec = names[names.index(tif.name) + 1].get_object()
    assert spec["/EF"]["/F"].get_object()["/Subtype"] == "/image/tiff"
    assert read_attachment(out, tif.name) == tif.read_bytes()
