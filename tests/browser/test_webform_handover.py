"""The step after "here is your PDF", in Debian's chromium: the done page and the PDF's last page
say, for each case, who signs by hand and where, what to enclose and how to send it; a typed
name is never called a signature; attachments become pages after the application; the Sámi
giver's name is right in the online fullmakt in Poppler, MuPDF and pdftotext."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from ipforms.core.fnr import synthetic

sys.path.insert(0, str(Path(__file__).parent))
from test_webform import (CITIZENS, SLUG, TODAY, adult_address, applicant, axe,  # noqa: E402
                          dmy, download_pdf, fill_page, make_pdf, open_form, years_ago)

CLAIMS = re.compile(r"underskrevet|underskriven|har skrevet under|har skrive under", re.I)


def pdftext(pdf: Path, page: int | None = None, tool: str = "poppler") -> str:
    if tool == "poppler":
        rng = ["-f", str(page), "-l", str(page)] if page else []
        return subprocess.run(["pdftotext", *rng, str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
    return subprocess.run(["mutool", "draw", "-q", "-F", "txt", "-o", "-", str(pdf),
                           *([str(page)] if page else [])],
                          capture_output=True, text=True, check=True).stdout


def pages(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", out).group(1))


def report(pdf: Path) -> dict:
    r = subprocess.run([sys.executable, "-m", "ipforms", "validate", str(pdf), "--format", "json"],
                       capture_output=True, text=True)
    return json.loads(r.stdout)


def make_pdf_and_done(page, tmp_path: Path) -> tuple[str, Path]:
    stuck = make_pdf(page)  # «Lag PDF-en» on the check page
    assert stuck is None, stuck
    web = tmp_path / "web.pdf"
    download_pdf(page, web)
    return page.inner_text("#ipf-done"), web


def steps(page) -> list[str]:
    return [li.inner_text() for li in page.query_selector_all("#ipf-next-steps > li")]


def test_adult_applies_for_themself(site_urls, page, tmp_path):
    service, answers, _, _ = CITIZENS["adult_self"]
    open_form(page, site_urls[SLUG] + f"skjema/soknad-{service}-nb.html")
    fill_page(page, "soknad", answers)
    done, web = make_pdf_and_done(page, tmp_path)
    s = steps(page)
    assert s[0] == "Skriv ut PDF-en, alle sidene."
    assert s[1].startswith("Skriv under for hånd i punkt 11 «Underskrift».")
    assert "ikke en underskrift" in s[1]
    assert not any("16 eller 17" in x for x in s) and not any("fullmakt" in x.lower() for x in s)
    # ordinary e-mail: a warning below the steps, not a step (issue 24)
    assert "Kongsvegen 325" in done and "e-post" in page.inner_text("#ipf-done .ipf-warning")
    assert not any("e-post" in x for x in s)
    assert not CLAIMS.search(done)
    # the last page of the PDF says the same
    last = pdftext(web, pages(web))
    assert "Dette gjør du nå" in last and "Skriv under for hånd i punkt 11" in last
    assert pages(web) == 4  # three pages of the form and what to do next
    assert axe(page) == []


def test_parent_of_a_9_year_old(site_urls, page, tmp_path):
    open_form(page, site_urls[SLUG] + "skjema/soknad-individuell-plan-nb.html")
    fill_page(page, "soknad", {
        "person_name": "Testbarn Ni", "person_fnr": synthetic(years_ago(9, 20), serial=3),
        "applicant_role": "parent", **applicant("Testforelder", "mor", years_ago(38, 5)),
        "sign_name": "TESTFORELDER", **adult_address()})
    done, web = make_pdf_and_done(page, tmp_path)
    s = steps(page)
    assert s[1].startswith("Testforelder skriver under for hånd i punkt 11 «Underskrift».")
    assert not any("16 eller 17" in x for x in s)
    assert not any("fullmakt" in x.lower() for x in s)
    assert report(web)["status"] == "valid"


def test_parent_of_a_16_year_old_who_signs_himself(site_urls, page, tmp_path):
    open_form(page, site_urls[SLUG] + "skjema/soknad-koordinator-nb.html")
    fill_page(page, "soknad", {
        "person_name": "Testungdom Seksten", "person_fnr": synthetic(years_ago(16, 40), serial=5),
        "applicant_role": "parent", **applicant("Testforelder", "far", years_ago(44, 5)),
        "sign_name": "TESTFORELDER", "youth_sign_name": "TESTUNGDOM SEKSTEN",
        "youth_sign_date": dmy(TODAY), **adult_address()})
    # the note at the youth's block: he signs by hand himself, a typed name is no signature
    note = page.inner_text("#ipf-notes") if page.is_visible("#ipf-notes") else ""
    done, web = make_pdf_and_done(page, tmp_path)
    s = steps(page)
    youth = [x for x in s if "16 eller 17" in x]
    assert youth and youth[0].startswith("Testungdom Seksten (16 eller 17 år) skriver under selv, for hånd, "
                                         "i punkt 12")
    assert not CLAIMS.search(done + note), done + note
    # the report on the same PDF: the youth's signature must be checked, never "signed"
    r = report(web)
    assert r["status"] == "valid"
    assert {(x["role"], x["evidence"]) for x in r["signatures"]} == {("applicant", "typed"),
                                                                      ("youth", "typed")}
    assert "signature.typed_youth" in [f["code"] for f in r["findings"]]
    assert not CLAIMS.search(json.dumps(r, ensure_ascii=False))


def _jpeg(path: Path) -> Path:
    im = Image.new("RGB", (800, 1100), "white")
    d = ImageDraw.Draw(im)
    d.rectangle((40, 40, 760, 1060), outline="black", width=24)
    d.rectangle((150, 200, 650, 300), fill="black")
    im.save(path, "JPEG", quality=85)
    return path


def _pdf(path: Path) -> Path:
    """A two-page vedtak as a PDF with text and a filled form field (reportlab writes it; the
    field has its appearance stream), the second page turned (/Rotate 90)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 18)
    c.drawString(72, 760, "VEDTAK OM VERGEMAAL SIDE EN")
    c.rect(60, 300, 470, 400, fill=1)
    c.acroForm.textfield(name="saksnr", value="FELTVERDI 4711", x=72, y=720, width=300, height=24,
                         borderWidth=0, fontName="Helvetica", fontSize=14)
    c.showPage()
    c.setPageSize((A4[1], A4[0]))  # a landscape page turned upright: drawn across, shown tall
    c.setFont("Helvetica", 18)
    c.drawString(72, 520, "VEDTAK SIDE TO")
    c.rect(60, 150, 700, 300, fill=1)
    c.setPageRotation(90)
    c.showPage()
    c.save()
    return path


def _tiff(path: Path, frames: int = 2) -> Path:
    """A scan as a multi-page TIFF (LZW), each frame a thick frame and a bar."""
    ims = []
    for k in range(frames):
        im = Image.new("RGB", (600, 800), "white")
        d = ImageDraw.Draw(im)
        d.rectangle((30, 30, 570, 770), outline="black", width=20)
        d.rectangle((100, 150 + 100 * k, 500, 250 + 100 * k), fill="black")
        ims.append(im)
    ims[0].save(path, "TIFF", save_all=True, append_images=ims[1:], compression="tiff_lzw")
    return path


def _ink(png: Path) -> float:
    img = Image.open(png).convert("L")
    return sum(img.histogram()[:100]) / (img.width * img.height)


def _render(web: Path, page: int, tmp_path: Path) -> list[Path]:
    """Page ``page`` of ``web`` as PNGs from Poppler and MuPDF."""
    p, m = tmp_path / f"p{page}", tmp_path / f"m{page}.png"
    subprocess.run(["pdftoppm", "-r", "40", "-f", str(page), "-l", str(page), "-png", "-singlefile",
                    str(web), str(p)], check=True)
    subprocess.run(["mutool", "draw", "-q", "-r", "40", "-o", str(m), str(web), str(page)],
                   check=True, capture_output=True)
    return [p.with_suffix(".png"), m]


def _without_pages(web: Path, keep: int, out: Path) -> Path:
    """``web`` with only its first ``keep`` pages (the application without the attachment
    pages; the embedded files stay), written by pikepdf."""
    import pikepdf

    with pikepdf.open(web) as pdf:
        while len(pdf.pages) > keep:
            del pdf.pages[-1]
        pdf.save(out)
    return out


def _verge_answers() -> dict:
    """A verge applies for a 40-year-old (the verge's proof is attached on the page)."""
    return {
        "person_name": "Testperson Verge", "person_fnr": synthetic(years_ago(40, 10), serial=6),
        "applicant_role": "verge", **applicant("Testverge", "verge", years_ago(50, 5)),
        "sign_name": "TESTVERGE", **adult_address()}


def test_verge_with_a_jpeg_and_a_pdf(site_urls, page, tmp_path):
    open_form(page, site_urls[SLUG] + "skjema/soknad-koordinator-nb.html")
    answers = _verge_answers()
    fill_page(page, "soknad", answers, until="#ipf-file-verge-box", strict=False)
    jpg, pdf = _jpeg(tmp_path / "skann.jpg"), _pdf(tmp_path / "vedtak.pdf")
    page.set_input_files("#f-file-verge", [str(jpg), str(pdf)])
    page.wait_for_function("document.getElementById('ipf-file-verge-list').textContent.length > 0")
    assert fill_page(page, "soknad", answers, strict=False) is None
    done, web = make_pdf_and_done(page, tmp_path)
    s = steps(page)
    assert not any(x.startswith("Legg ved vergefullmakten") for x in s)  # it is in the PDF
    assert ("Disse vedleggene kommer med på egne sider etter søknaden: vergefullmakt.jpg, "
            "vergefullmakt-2.pdf.") in s
    assert not any("kommer ikke med" in x for x in s)
    n = pages(web)
    assert n == 3 + 1 + 2 + 1  # the application, the JPEG, the PDF's two pages, what to do next
    for tool in ("poppler", "mupdf"):
        assert "Vedlegg etter søknaden: 1 vergefullmakt.jpg, 2 vergefullmakt-2.pdf" in pdftext(web, 1, tool)
        assert "Vedlegg 1: vergefullmakt.jpg" in pdftext(web, 4, tool)
        five, six = pdftext(web, 5, tool), pdftext(web, 6, tool)
        assert "Vedlegg 2: vergefullmakt-2.pdf (side 1 av 2)" in five
        assert "VEDTAK OM VERGEMAAL SIDE EN" in five
        assert "FELTVERDI 4711" in five  # the field's value, drawn into the page (flattened)
        assert "Vedlegg 2: vergefullmakt-2.pdf (side 2 av 2)" in six and "VEDTAK SIDE TO" in six
    # the JPEG and the PDF's pages are drawn, in Poppler and MuPDF
    for k in (4, 5, 6):
        for png in _render(web, k, tmp_path):
            assert _ink(png) > 0.03, png
    # the turned page is printed as it shows (/Rotate 90): its wide black box stands tall
    for png in _render(web, 6, tmp_path):
        img = Image.open(png).convert("L").point(lambda v: 255 if v < 100 else 0)
        img = img.crop((0, img.height // 10, img.width, img.height))  # below the heading
        x0, y0, x1, y1 = img.getbbox()
        assert y1 - y0 > x1 - x0, png
    # the appended pages hold no fields: only the application's own
    import pikepdf
    with pikepdf.open(web) as doc:
        assert all("/Annots" not in p for p in list(doc.pages)[3:])
    r = report(web)
    assert r["status"] == "valid", r["findings"]
    assert sorted(a["name"] for a in r["attachments"]) == ["vergefullmakt-2.pdf", "vergefullmakt.jpg"]
    # the originals are embedded unchanged
    with pikepdf.open(web) as doc:
        files = {k: v.get_file().read_bytes() for k, v in doc.attachments.items()}
    assert files == {"vergefullmakt.jpg": jpg.read_bytes(), "vergefullmakt-2.pdf": pdf.read_bytes()}
    # the same verdict as the application without the attachment pages
    bare = report(_without_pages(web, 3, tmp_path / "bare.pdf"))
    assert (bare["status"], bare["findings"], bare["attachments"]) == \
        (r["status"], r["findings"], r["attachments"])
    assert axe(page) == []


def test_verge_with_a_multipage_tiff_and_an_encrypted_pdf(site_urls, page, tmp_path):
    import pikepdf

    open_form(page, site_urls[SLUG] + "skjema/soknad-koordinator-nb.html")
    answers = _verge_answers()
    fill_page(page, "soknad", answers, until="#ipf-file-verge-box", strict=False)
    tif = _tiff(tmp_path / "skann.tif")
    locked = tmp_path / "laast.pdf"
    with pikepdf.open(_pdf(tmp_path / "vedtak.pdf")) as doc:
        doc.save(locked, encryption=pikepdf.Encryption(owner="eier", user="", R=6))
    page.set_input_files("#f-file-verge", [str(tif), str(locked)])
    page.wait_for_function("document.getElementById('ipf-file-verge-list').textContent.length > 0")
    assert fill_page(page, "soknad", answers, strict=False) is None
    done, web = make_pdf_and_done(page, tmp_path)
    s = steps(page)
    assert "Dette vedlegget kommer med på en egen side etter søknaden: vergefullmakt.tif." in s
    assert any(x.startswith("Dette vedlegget ligger inne i PDF-en, men kommer ikke med når du skriver ut: "
                            "vergefullmakt-2.pdf.") for x in s)
    assert pages(web) == 3 + 2 + 1 + 1  # two frames, the encrypted PDF's page saying so, next
    for tool in ("poppler", "mupdf"):
        assert "Vedlegg 1: vergefullmakt.tif (side 1 av 2)" in pdftext(web, 4, tool)
        assert "Vedlegg 1: vergefullmakt.tif (side 2 av 2)" in pdftext(web, 5, tool)
        assert "Vedlegg 2: vergefullmakt-2.pdf" in pdftext(web, 6, tool)
    for k in (4, 5):
        for png in _render(web, k, tmp_path):
            assert _ink(png) > 0.03, png
    r = report(web)
    bare = report(_without_pages(web, 3, tmp_path / "bare.pdf"))
    assert (bare["status"], bare["findings"], bare["attachments"]) == \
        (r["status"], r["findings"], r["attachments"])
    assert axe(page) == []


def test_proxy_with_a_fullmakt_made_on_the_page(site_urls, page, tmp_path):
    service, answers, fm, _ = CITIZENS["proxy_fullmakt"]
    open_form(page, site_urls[SLUG] + f"skjema/soknad-{service}-nb.html")
    assert fill_page(page, "soknad", answers, fm) is None
    done, web = make_pdf_and_done(page, tmp_path)
    s = steps(page)
    assert any(x.startswith("Testhjelper skriver under for hånd i punkt 11") for x in s)
    assert any(x.startswith("Fullmakten kommer med som vedlegg 1") for x in s)
    assert any(x.startswith("Testperson Femti, som gir fullmakt, skriver under for hånd på fullmakten "
                            "(vedlegg 1) i punkt 6") for x in s)
    # the fullmakt for itself, to print and sign
    fm_pdf = tmp_path / "fm.pdf"
    with page.expect_download() as dl:
        page.click("#ipf-download-fullmakt")
    dl.value.save_as(fm_pdf)
    assert "Testperson Femti" in pdftext(fm_pdf, 1)
    # and printed after the application, flattened: its text and the values filled here
    assert pages(web) == 3 + 1 + 1
    for tool in ("poppler", "mupdf"):
        printed = pdftext(web, 4, tool)
        assert "Vedlegg 1: fullmakt.pdf" in printed and "Den som gir fullmakt" in printed
        assert "Testperson Femti" in printed and "TESTPERSON FEMTI" in printed, printed[:500]
    from pypdf import PdfReader

    assert "/Annots" not in PdfReader(web).pages[3]  # no fields on the printed copy
    r = report(web)
    assert r["status"] == "valid", r["findings"]
    assert [a["name"] for a in r["attachments"]] == ["fullmakt.pdf"]
    assert axe(page) == []


def test_fullmakt_ticked_without_one_tells_to_enclose_it(site_urls, page, tmp_path):
    service, answers, _, _ = CITIZENS["proxy_fullmakt"]
    open_form(page, site_urls[SLUG] + f"skjema/soknad-{service}-nn.html")
    fill_page(page, "soknad", {**answers, "attachment_fullmakt": True})
    done, web = make_pdf_and_done(page, tmp_path)
    s = steps(page)
    assert any(x.startswith("Legg ved fullmakta, underskriven av personen søknaden gjeld.") for x in s), s
    assert "Legg ved fullmakta" in pdftext(web, pages(web))


def test_fullmakt_page_speaks_to_the_giver_and_draws_sami_names(site_urls, page, tmp_path):
    fm = dict(CITIZENS["proxy_fullmakt"][2], giver_name="Áŋŋá Čáhppes", sign_name="ÁŊŊÁ ČÁHPPES")
    open_form(page, site_urls[SLUG] + "skjema/fullmakt-nb.html")
    fill_page(page, "fullmakt", fm)
    done, web = make_pdf_and_done(page, tmp_path)
    s = steps(page)
    assert s[1].startswith("Du som gir fullmakt, skriver under for hånd i punkt 6")
    assert any(x.startswith("Gi den underskrevne fullmakten til Testhjelper.") for x in s)
    assert not any("send søknaden" in x.lower() for x in s[:-1])
    for tool in ("poppler", "mupdf"):
        text = pdftext(web, 1, tool)
        assert "Áŋŋá Čáhppes" in text and "ÁŊŊÁ ČÁHPPES" in text, (tool, text[:400])
    from pypdf import PdfReader

    acro = PdfReader(web).trailer["/Root"]["/AcroForm"]
    assert acro.get("/NeedAppearances") is None or acro["/NeedAppearances"].value is False
    # rendered: the name's box has ink in both renderers (looked at by hand too)
    subprocess.run(["pdftoppm", "-r", "100", "-f", "1", "-l", "1", "-png", "-singlefile", str(web),
                    str(tmp_path / "pop")], check=True)
    subprocess.run(["mutool", "draw", "-q", "-r", "100", "-o", str(tmp_path / "mu.png"), str(web), "1"],
                   check=True, capture_output=True)
    assert axe(page) == []


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_a_municipality_with_a_secure_digital_channel_lists_it_first(lang, site_urls, page, tmp_path):
    slug = "risor"
    if slug not in site_urls:
        pytest.fail("the demo sites include risor, the municipality with a secure digital channel")
    service, answers, _, _ = CITIZENS["adult_self"]
    open_form(page, site_urls[slug] + f"skjema/soknad-{service}-{lang}.html")
    fill_page(page, "soknad", {k: v for k, v in answers.items()})
    make_pdf_and_done(page, tmp_path)
    s = steps(page)
    send = [i for i, x in enumerate(s) if x.startswith("Send søknaden") or x.startswith("Eller send")]
    assert s[send[0]].startswith("Send søknaden sikkert digitalt" if lang == "nb" else "Send søknaden trygt digitalt")
    assert page.get_attribute("#ipf-next-steps a", "href") == "https://www.risor.kommune.no/sikker-melding/"
    assert s[send[1]].startswith("Eller send")
