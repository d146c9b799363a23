"""Paper that holds everything: ``ipforms fill --attachment`` appends every attachment as
pages (a PDF flattened, an image scaled to a page), each headed «Vedlegg n: name», lists them
on page 1, keeps the embedded originals, and ``ipforms validate`` gives the same verdict as
for the application with the files only embedded.  Rendered with Poppler and MuPDF."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

from PIL import Image, ImageDraw

from ipforms.validation.pdfread import read_pdf
from ipforms.validation.validate import validate_file
from ipforms.dev.demo_applications import application, fullmakt, fullmakt_pdf
from ipforms.forms.attach import EmbeddedFile, attach_files, attachment_names
from ipforms.forms.fill import fill_form

DAY = dt.date(2026, 11, 24)


def _scan(path: Path, fmt: str, frames: int = 1) -> Path:
    images = []
    for i in range(frames):
        im = Image.new("RGB", (1000, 1400), "white")
        d = ImageDraw.Draw(im)
        d.rectangle((60, 60, 940, 1340), outline="black", width=30)
        d.rectangle((200, 300 + 200 * i, 800, 400 + 200 * i), fill="black")
        images.append(im)
    images[0].save(path, fmt, save_all=frames > 1, append_images=images[1:])
    return path


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ipforms", *args], capture_output=True,
                          text=True, check=True)


def _text(pdf: Path, page: int, tool: str) -> str:
    if tool == "poppler":
        return subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(pdf),
                               "-"], capture_output=True, text=True, check=True).stdout
    return subprocess.run(["mutool", "draw", "-q", "-F", "txt", "-o", "-", str(pdf), str(page)],
                          capture_output=True, text=True, check=True).stdout


def _ink(pdf: Path, page: int, tool: str, tmp: Path) -> float:
    """The share of dark pixels of ``page`` as the tool renders it."""
    out = tmp / f"{tool}-{page}.png"
    if tool == "poppler":
        subprocess.run(["pdftoppm", "-r", "40", "-f", str(page), "-l", str(page), "-png",
                        "-singlefile", str(pdf), str(out.with_suffix(""))], check=True)
    else:
        subprocess.run(["mutool", "draw", "-q", "-r", "40", "-o", str(out), str(pdf), str(page)],
                       check=True, capture_output=True)
    img = Image.open(out).convert("L")
    return sum(img.histogram()[:100]) / (img.width * img.height)


def test_fill_appends_every_attachment_as_pages(tmp_path):
    app = application(DAY, role="proxy", attachment_fullmakt=True)
    fm = tmp_path / "fullmakt.pdf"
    fm.write_bytes(fullmakt_pdf(fullmakt(app, DAY)))
    jpg = _scan(tmp_path / "scan.jpg", "JPEG")
    tif = _scan(tmp_path / "vergefullmakt.tif", "TIFF", frames=2)
    data = {k: v for k, v in app.items() if not k.startswith("municipality_")}
    (tmp_path / "a.json").write_text(json.dumps(data, ensure_ascii=False))
    out = tmp_path / "out.pdf"
    _cli("fill", "soknad", "--kommune", "oyer", "--data", str(tmp_path / "a.json"),
         "-a", str(fm), "-a", str(jpg), "-a", str(tif), "-o", str(out))

    pdf = out.read_bytes()
    own = len(read_pdf(tmp_path / "a.json", data=fill_form("soknad", "nb", data), fields=True)
              .fields)
    doc = read_pdf(out)
    assert len(doc.fields) == own, "the appended pages hold no fields"
    assert sorted(attachment_names(pdf)) == ["fullmakt.pdf", "scan.jpg", "vergefullmakt.tif"]
    pages = int(next(line.split()[-1] for line in subprocess.run(
        ["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout.splitlines()
        if line.startswith("Pages:")))
    assert pages == 3 + 1 + 1 + 2  # application, fullmakt, JPEG, TIFF's two frames
    for tool in ("poppler", "mupdf"):
        first = _text(out, 1, tool)
        assert "Vedlegg etter søknaden: 1 fullmakt.pdf, 2 scan.jpg, 3 vergefullmakt.tif" in first
        fm_page = _text(out, 4, tool)
        assert "Vedlegg 1: fullmakt.pdf" in fm_page
        assert "Den som gir fullmakt" in fm_page and "EKSEMPELPERSON" in fm_page  # drawn values
        assert "Vedlegg 2: scan.jpg" in _text(out, 5, tool)
        assert "Vedlegg 3: vergefullmakt.tif (side 2 av 2)" in _text(out, 7, tool)
        for page in (5, 6, 7):  # the scans are drawn: a thick frame and a bar
            assert _ink(out, page, tool, tmp_path) > 0.03, (tool, page)


def test_validate_gives_the_same_verdict_with_the_pages(tmp_path):
    app = application(DAY, role="proxy", attachment_fullmakt=True)
    fm_bytes = fullmakt_pdf(fullmakt(app, DAY))
    jpg = _scan(tmp_path / "legitimasjon.jpg", "JPEG").read_bytes()
    files = [EmbeddedFile("fullmakt.pdf", fm_bytes, "application/pdf"),
             EmbeddedFile("legitimasjon.jpg", jpg, "image/jpeg")]
    base = fill_form("soknad", "nb", app)
    from ipforms.forms.printpages import append_pages

    only = tmp_path / "only.pdf"
    only.write_bytes(attach_files(base, files))
    both = tmp_path / "both.pdf"
    both.write_bytes(append_pages(only.read_bytes(), files, "nb"))
    a, b = validate_file(only, received=DAY), validate_file(both, received=DAY)
    assert a.status == b.status == "valid"
    assert [f.to_dict() for f in a.findings] == [f.to_dict() for f in b.findings]
    assert a.attachments == b.attachments and a.signatures == b.signatures
    assert both.read_bytes().startswith(only.read_bytes())  # one incremental update
