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
