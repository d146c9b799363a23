"""The online form's page copying (webform.js with pdf-lib), run in Node without a browser: a
chosen PDF's pages appended to a filled application as they print, its field flattened, a
turned page upright as it shows, no fields added, the application's bytes kept; a PDF it
cannot read (encrypted, damaged, a content stream that inflates past the limit) is refused
so that the page falls back to "print it separately"."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

from ipforms.forms.fill import fill_form
from ipforms.validation.validate import attachment_rules
from ipforms.site.fillplan import fill_plan, unicode_font, winansi_widths
from ipforms.site.webform import FORM_RESERVE

PKG = Path(__file__).resolve().parents[1] / "src" / "ipforms" / "site" / "webform"
SCRIPT = Path(__file__).parent / "js" / "printpdf.js"


def _vedtak(path: Path) -> Path:
    """Two pages: text and a filled field (with its appearance); a landscape page /Rotate 90."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 18)
    c.drawString(72, 760, "VEDTAK OM VERGEMAAL SIDE EN")
    c.acroForm.textfield(name="saksnr", value="FELTVERDI 4711", x=72, y=720, width=300, height=24,
                         borderWidth=0, fontName="Helvetica", fontSize=14)
    c.showPage()
    c.setPageSize((A4[1], A4[0]))
    c.setFont("Helvetica", 18)
    c.drawString(72, 520, "VEDTAK SIDE TO")
    c.setPageRotation(90)
    c.showPage()
    c.save()
    return path


def _run(tmp_path: Path, att: Path) -> tuple[str, Path, bytes]:
    base = fill_form("soknad", "nb", {"person_name": "Testperson Node"})
    (tmp_path / "base.pdf").write_bytes(base)
    (tmp_path / "plan.json").write_text(json.dumps(fill_plan(base)))
    out = tmp_path / "out.pdf"
    rules = attachment_rules()
    (tmp_path / "data.json").write_text(json.dumps({
        "attach": {**rules, "room": rules["max_file_bytes"] - FORM_RESERVE},
        "widths": winansi_widths(), "unifont": unicode_font()}))
    r = subprocess.run([shutil.which("node") or "node", str(SCRIPT), str(PKG), str(tmp_path / "base.pdf"),
                        str(tmp_path / "plan.json"), str(att), str(out), str(tmp_path / "data.json")],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    return r.stdout.strip(), out, base


def _text(pdf: Path, page: int, tool: str) -> str:
    if tool == "poppler":
        cmd = ["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"]
    else:
        cmd = ["mutool", "draw", "-q", "-F", "txt", "-o", "-", str(pdf), str(page)]
    return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout


def test_a_pdf_s_pages_are_appended_flattened(tmp_path):
    said, out, base = _run(tmp_path, _vedtak(tmp_path / "vedtak.pdf"))
    assert json.loads(said)["pages"] == 2
    data = out.read_bytes()
    assert data.startswith(base)  # one incremental update: the application's bytes kept
    app, both = PdfReader(tmp_path / "base.pdf"), PdfReader(out)
    assert len(both.pages) == len(app.pages) + 2
    assert both.get_fields().keys() == app.get_fields().keys()  # the vedtak's field is not one
    for p in both.pages[len(app.pages):]:
        assert "/Annots" not in p
    n = len(app.pages)
    for tool in ("poppler", "mupdf"):
        first, second = _text(out, n + 1, tool), _text(out, n + 2, tool)
        assert "Vedlegg 1: vedtak.pdf (side 1 av 2)" in first
        assert "VEDTAK OM VERGEMAAL SIDE EN" in first and "FELTVERDI 4711" in first
        assert "Vedlegg 1: vedtak.pdf (side 2 av 2)" in second and "VEDTAK SIDE TO" in second
    with pikepdf.open(out) as doc:  # qpdf reads the xref stream as written, without repair
        assert len(doc.pages) == n + 2


@pytest.mark.parametrize("kind", ["encrypted", "damaged", "bomb"])
def test_a_pdf_it_cannot_read_is_refused(kind, tmp_path):
    att = tmp_path / "laast.pdf"
    if kind == "encrypted":
        with pikepdf.open(_vedtak(tmp_path / "vedtak.pdf")) as doc:
            doc.save(att, encryption=pikepdf.Encryption(owner="eier", user="", R=6))
    elif kind == "bomb":  # 40 MB of content in a 40 kB stream: past validate's 30 MB
        import zlib

        with pikepdf.new() as doc:
            doc.add_blank_page()
            doc.pages[0].obj.Contents = doc.make_stream(zlib.compress(b" " * (40 << 20), 9))
            doc.pages[0].obj.Contents.Filter = pikepdf.Name.FlateDecode
            doc.save(att, compress_streams=False)
        assert att.stat().st_size < 100_000
    else:
        att.write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 9 0 R >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n")
    said, out, _ = _run(tmp_path, att)
    assert said == "null"
    assert not out.exists()
