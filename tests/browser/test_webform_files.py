"""Files a citizen adds on the online form: a verge's vergefullmakt, a proxy's signed fullmakt.

vergemålsloven §§ 20, 21: a verge for an adult acts within the mandate in the vergefullmakt
Statsforvalteren issues, and shows it (resources/signing.yml).  A verge fills the form,
chooses the vergefullmakt as a PDF and a photo (JPEG); the page embeds both in the PDF it
makes, as ``ipforms fill --attachment`` does, without sending anything anywhere.
``ipforms validate`` then finds the proof (a warning to check it by hand, no error), and the
same answers and files through ``ipforms fill --attachment`` give the same verdict, field
values and embedded files.  A program renamed ``.pdf`` and a file too large are refused at
the field, in nb and nn, with the messages of messages.yml.
"""

from __future__ import annotations

import hashlib
import io
import json
import sys
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from reportlab.pdfgen import canvas

from ipforms.validation import messages
from ipforms.validation.validate import attachment_rules
from ipforms.core.fnr import synthetic
from ipforms.forms.attach import FILE_NAMES, describe, purpose, read_attachment
from ipforms.site.webform import FORM_RESERVE

sys.path.insert(0, str(Path(__file__).parent))
from test_webform import (SLUG, adult_address, applicant, axe,  # noqa: E402
                          download_pdf, field_values, fill_page, open_form, run_cli, years_ago)
from test_webform import make_pdf as make_web_pdf  # noqa: E402

SERVICE = "koordinator"
#: vml §§ 20, 21: a verge applies for an adult and shows the vergefullmakt
VERGE = {"person_name": "Testperson Verjemål", "person_fnr": synthetic(years_ago(60, 40), serial=5),
         "applicant_role": "verge", **applicant("Testverge", "verge", years_ago(45, 9)),
         "sign_name": "TESTVERGE", **adult_address()}
ROOM = attachment_rules()["max_file_bytes"] - FORM_RESERVE


def make_pdf(path: Path) -> Path:
    c = canvas.Canvas(str(path))
    c.drawString(72, 720, "Vergefullmakt (test)")
    c.save()
    return path


def make_jpeg(path: Path) -> Path:
    Image.new("RGB", (120, 80), (30, 90, 160)).save(path, "JPEG", quality=85)
    return path


def mb(n: int) -> str:
    v = n / 2**20
    return (str(round(v)) if v >= 10 else f"{v:.1f}".removesuffix(".0")).replace(".", ",") + " MB"


def report(pdf: Path, *attachments: Path) -> dict:
    args = ["validate", str(pdf), "--format", "json", "--lang", "nb"]
    for a in attachments:
        args += ["--attachment", str(a)]
    data = json.loads(run_cli(*args, ok=(0, 1)).stdout)
    return data[0] if isinstance(data, list) else data


def verdict_of(result: dict) -> tuple[str, list[tuple[str, str]]]:
    return result["status"], sorted((f["code"], f["severity"]) for f in result["findings"])


def embedded(pdf: bytes) -> dict[str, dict]:
    """Each embedded file's specification and stream dictionary (not its date)."""
    root = PdfReader(io.BytesIO(pdf)).trailer["/Root"]
    names = root["/Names"]["/EmbeddedFiles"]["/Names"]
    out = {}
    for i in range(0, len(names), 2):
        spec = names[i + 1].get_object()
        stream = spec["/EF"]["/F"].get_object()
        params = stream["/Params"]
        out[str(names[i])] = {
            "spec": {k: str(v) for k, v in spec.items() if k != "/EF"},
            "subtype": str(stream["/Subtype"]), "size": int(params["/Size"]),
            "checksum": getattr(params["/CheckSum"], "original_bytes", params["/CheckSum"]),
            "has_date": "/ModDate" in params,
            "in_af": names[i + 1].idnum in [r.idnum for r in root.get("/AF", [])]}
    return out


def submit_and_download(page, tmp_path: Path, form_id: str, answers: dict) -> Path:
    """Answer the steps left, press «Lag PDF-en» and save the PDF the page offers."""
    assert fill_page(page, form_id, answers, strict=False) is None
    assert make_web_pdf(page) is None
    web = tmp_path / "web.pdf"
    download_pdf(page, web)
    return web


def test_file_names_are_read_as_what_they_are():
    for kind, names in FILE_NAMES.items():
        for lang, name in names.items():
            assert purpose(name) == kind, (lang, name)


def test_verge_attaches_pdf_and_jpeg_and_validation_sees_them(site_urls, browser, tmp_path):
    pdf = make_pdf(tmp_path / "vergefullmakt.pdf")
    jpg = make_jpeg(tmp_path / "vergefullmakt-2.jpg")
    ctx = browser.new_context(accept_downloads=True)
    ctx.set_default_timeout(10_000)
    page = ctx.new_page()
    open_form(page, site_urls[SLUG] + f"skjema/soknad-{SERVICE}-nb.html")
    page.wait_for_load_state("networkidle")
    after: list = []
    page.on("request", lambda r: after.append(r))
    assert page.is_hidden("#ipf-file-verge-box")  # only asked of a verge
    fill_page(page, "soknad", VERGE, until="#ipf-file-verge-box", strict=False)
    box = page.locator("#ipf-file-verge-box")
    assert box.is_visible()
    # label and help bound to the input
    assert page.get_attribute("#f-file-verge", "aria-describedby") == "f-file-verge-help"
    assert page.locator("label[for=f-file-verge]").inner_text().startswith("Vergefullmakt")
    page.set_input_files("#f-file-verge", [str(pdf), str(jpg)])
    page.wait_for_function("document.getElementById('ipf-file-verge-list').textContent !== ''")
    assert page.is_checked("#f-soknad-attachment_verge")  # ticked for the citizen
    assert page.is_hidden("#f-file-verge-err")
    assert fill_page(page, "soknad", VERGE, strict=False) is None
    assert make_web_pdf(page) is None
    assert "vergefullmakt.pdf, vergefullmakt-2.jpg" in page.inner_text("#ipf-done")
    web = tmp_path / "web.pdf"
    download_pdf(page, web)
    ctx.close()
    # nothing leaves the device: after loading, the page only fetches (GET, no body) the PDF
    # library it loads for a chosen PDF, from beside webform.js
    lib = site_urls[SLUG] + "skjema/pdf-lib.min.js"
    assert [(r.method, r.url, r.post_data) for r in after if not r.url.startswith(("blob:", "data:"))] \
        == [("GET", lib, None)], "the files must not leave the device"

    # the files are in the PDF byte for byte; validation counts them as the verge's proof
    assert read_attachment(web.read_bytes(), "vergefullmakt.pdf") == pdf.read_bytes()
    assert read_attachment(web.read_bytes(), "vergefullmakt-2.jpg") == jpg.read_bytes()
    result = report(web)
    assert sorted((a["name"], a["kind"]) for a in result["attachments"]) == [
        ("vergefullmakt-2.jpg", "verge_proof"), ("vergefullmakt.pdf", "verge_proof")]
    status, found = verdict_of(result)
    # vml § 21: the proof is there; the case worker checks its scope by hand (no error)
    assert status == "valid"
    assert [c for c, s in found if s == "error"] == []
    assert found.count(("verge.manual_check", "warning")) == 2

    # the same answers and files through ipforms fill --attachment
    (tmp_path / "a.json").write_text(json.dumps(dict(VERGE, attachment_verge=True),
                                                ensure_ascii=False))
    cli = tmp_path / "cli.pdf"
    run_cli("fill", "soknad", "--kommune", SLUG, "--lang", "nb", "--data",
            str(tmp_path / "a.json"), "--set", "service_koordinator=ja",
            "--attachment", str(pdf), "--attachment", str(jpg), "-o", str(cli))
    assert verdict_of(report(cli)) == (status, found)
    assert field_values(web.read_bytes()) == field_values(cli.read_bytes())
    web_files, cli_files = embedded(web.read_bytes()), embedded(cli.read_bytes())
    assert web_files == cli_files
    assert web_files["vergefullmakt-2.jpg"]["subtype"] == "/image/jpeg"
    assert web_files["vergefullmakt.pdf"]["checksum"] == hashlib.md5(pdf.read_bytes()).digest()
    assert web_files["vergefullmakt.pdf"]["spec"]["/Desc"] == describe("vergefullmakt.pdf", "nb")
    assert all(f["has_date"] and f["in_af"] and f["spec"]["/AFRelationship"] == "/Supplement"
               for f in web_files.values())


def test_verge_without_proof_is_stopped_at_the_file_field(site_urls, page):
    """No file and «Vergefullmakt lagt ved» not ticked: the law's message, linked to the field."""
    open_form(page, site_urls[SLUG] + f"skjema/soknad-{SERVICE}-nn.html")
    summary = fill_page(page, "soknad", VERGE)  # stopped at «Behov og tenester i dag»
    text = messages.render("citizen.verge.proof_missing", "nn", {})
    assert text in summary
    assert text in page.inner_text("#f-file-verge-err")
    page.locator("#ipf-summary a", has_text=text[:30]).click()
    assert page.evaluate("document.activeElement.id") == "f-file-verge"
    # ticked (the vergefullmakt goes on paper): no error, and the next steps say to add it
    page.check("#f-soknad-attachment_verge")
    assert fill_page(page, "soknad", VERGE, strict=False) is None
    assert make_web_pdf(page) is None
    assert "Legg ved verjefullmakta" in page.inner_text("#ipf-done")


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_bad_files_get_a_message_at_the_field(lang, site_urls, page, tmp_path):
    exe = tmp_path / "vergefullmakt.pdf"
    exe.write_bytes(b"MZ\x90\x00\x03\x00\x00\x00" + bytes(4000))  # a Windows program
    big = tmp_path / "skann.pdf"
    with open(big, "wb") as f:  # a PDF by its first bytes, one byte over the room left
        f.write(b"%PDF-1.7\n")
        f.truncate(ROOM + 1)
    open_form(page, site_urls[SLUG] + f"skjema/soknad-{SERVICE}-{lang}.html")
    fill_page(page, "soknad", VERGE, until="#ipf-file-verge-box", strict=False)
    err = page.locator("#f-file-verge-err")

    page.set_input_files("#f-file-verge", str(exe))
    err.wait_for(state="visible")
    assert messages.render("attachment.file_type", lang, {"name": exe.name}) in err.inner_text()
    assert page.get_attribute("#f-file-verge", "aria-invalid") == "true"
    assert "f-file-verge-err" in page.get_attribute("#f-file-verge", "aria-describedby")
    assert axe(page) == []  # the file field with its message

    page.set_input_files("#f-file-verge", str(big))
    page.wait_for_function("t => document.getElementById('f-file-verge-err').textContent"
                           ".includes(t)", arg="MB")
    assert messages.render("attachment.file_too_large", lang,
                           {"name": big.name, "size": mb(ROOM + 1), "max": mb(ROOM)}) \
        in err.inner_text()
    # the summary names it too and links to the field
    page.click("#ipf-next")
    link = page.locator("#ipf-summary a[href='#f-file-verge']")
    assert link.count() == 1
    link.click()
    assert page.evaluate("document.activeElement.id") == "f-file-verge"
    assert page.is_hidden("#ipf-done")
    # removed: the message goes
    page.click("#ipf-file-verge-remove")
    page.wait_for_function("document.getElementById('ipf-file-verge-list').textContent === ''")
    assert "MB" not in err.inner_text()


@pytest.mark.parametrize("kind", ["jpeg", "png", "tiff"])
def test_an_image_with_a_pdf_inside_is_refused_as_validate_refuses_it(kind, site_urls, page,
                                                                    tmp_path):
    """Issue 19: an image's first bytes with a JavaScript PDF further in (a polyglot: a PDF
    viewer opens it as a PDF) is refused by the online form as by validate and fill."""
    from ipforms.validation.validate import sniff
    from ipforms.dev import hostile

    data = hostile.polyglot(kind, hostile.js_fullmakt(), gap=4000)  # %PDF- past the first 1 kB
    poly = tmp_path / f"skann.{ {'jpeg': 'jpg', 'png': 'png', 'tiff': 'tif'}[kind]}"
    poly.write_bytes(data)
    assert sniff(data, poly.name) == ("polyglot", False)
    open_form(page, site_urls[SLUG] + f"skjema/soknad-{SERVICE}-nb.html")
    fill_page(page, "soknad", VERGE)
    err = page.locator("#f-file-verge-err")
    page.set_input_files("#f-file-verge", str(poly))
    err.wait_for(state="visible")
    assert messages.render("attachment.file_type", "nb", {"name": poly.name}) in err.inner_text()
    # the same image without the PDF is taken
    clean = tmp_path / poly.name
    clean.write_bytes(data[:4000 + len(hostile.IMAGE_HEADS[kind])])
    page.click("#ipf-file-verge-remove")
    page.set_input_files("#f-file-verge", str(clean))
    page.wait_for_function("document.getElementById('ipf-file-verge-list').textContent !== ''")
    assert "attachment.file_type" not in err.inner_text() and not err.is_visible()


def test_proxy_can_attach_a_signed_fullmakt_instead(site_urls, page, tmp_path):
    """fvl § 12: a written fullmakt; one signed on paper may be attached as a scan."""
    from test_webform import CITIZENS

    _, answers, _, _ = CITIZENS["proxy_fullmakt"]
    scan = make_jpeg(tmp_path / "min-fullmakt.jpg")
    open_form(page, site_urls[SLUG] + f"skjema/soknad-{SERVICE}-nb.html")
    fill_page(page, "soknad", answers, until="#f-file-fullmakt", strict=False)
    assert page.is_visible("#f-file-fullmakt")
    page.set_input_files("#f-file-fullmakt", str(scan))
    page.wait_for_function("document.getElementById('ipf-file-fullmakt-list').textContent !== ''")
    assert page.is_checked("#f-soknad-attachment_fullmakt")
    web = submit_and_download(page, tmp_path, "soknad", answers)
    name = FILE_NAMES["fullmakt"]["nb"] + ".jpg"
    assert read_attachment(web.read_bytes(), name) == scan.read_bytes()
    kinds = {a["name"]: a["kind"] for a in report(web)["attachments"]}
    assert kinds == {name: "fullmakt_other"}


def test_verge_attaches_a_tiff_as_validate_accepts_it(site_urls, page, tmp_path):
    """A scanner may make a TIFF; ipforms validate accepts one (PDF, JPEG, PNG, TIFF by their
    first bytes), so the page offers it too, and embeds it as ipforms fill --attachment does."""
    tif = tmp_path / "skann.tif"
    Image.new("L", (60, 40), 200).save(tif, "TIFF")
    open_form(page, site_urls[SLUG] + f"skjema/soknad-{SERVICE}-nn.html")
    page_accept = page.get_attribute("#f-file-verge", "accept")
    accept = set(page_accept.split(","))
    assert {"image/tiff", ".tif", ".tiff"} <= accept, page_accept
    fill_page(page, "soknad", VERGE, until="#ipf-file-verge-box", strict=False)
    page.set_input_files("#f-file-verge", str(tif))
    page.wait_for_function("document.getElementById('ipf-file-verge-list').textContent !== ''")
    assert page.is_hidden("#f-file-verge-err")
    web = submit_and_download(page, tmp_path, "soknad", VERGE)
    name = FILE_NAMES["verge"]["nn"] + ".tif"
    assert read_attachment(web.read_bytes(), name) == tif.read_bytes()
    result = report(web)
    assert [(a["name"], a["kind"]) for a in result["attachments"]] == [(name, "verge_proof")]
    assert verdict_of(result)[0] == "valid"
    assert embedded(web.read_bytes())[name]["subtype"] == "/image/tiff"
    # the same file through ipforms fill --attachment
    named = tmp_path / name
    named.write_bytes(tif.read_bytes())
    (tmp_path / "a.json").write_text(json.dumps(dict(VERGE, attachment_verge=True),
                                                ensure_ascii=False))
    cli = tmp_path / "cli.pdf"
    run_cli("fill", "soknad", "--kommune", SLUG, "--lang", "nn", "--data",
            str(tmp_path / "a.json"), "--set", "service_koordinator=ja",
            "--attachment", str(named), "-o", str(cli))
    assert read_attachment(cli.read_bytes(), name) == tif.read_bytes()
    assert verdict_of(report(cli)) == verdict_of(result)


@pytest.mark.parametrize("page_kind", ["soknad", "fullmakt"])
def test_the_fullmakt_giver_s_id_copy_goes_into_the_pdf(page_kind, site_urls, page, tmp_path):
    """The fullmakt asks for a copy of the giver's ID («Kopi av legitimasjon lagt ved»);
    filled online, the copy is chosen at that box, embedded named so ipforms validate knows
    it (``id_copy``), and the box is ticked for the citizen: no «id_copy_missing» warning."""
    from test_webform import CITIZENS

    _, answers, fm, _ = CITIZENS["proxy_fullmakt"]
    photo = make_jpeg(tmp_path / "IMG_0001.jpg")
    fm = {k: v for k, v in fm.items() if k != "id_copy_attached"}
    if page_kind == "soknad":
        open_form(page, site_urls[SLUG] + f"skjema/soknad-{SERVICE}-nb.html")
        fill_page(page, "soknad", answers, fm, until="#f-file-id", strict=False)
    else:
        open_form(page, site_urls[SLUG] + "skjema/fullmakt-nb.html")
        fill_page(page, "fullmakt", fm, until="#f-file-id", strict=False)
    assert not page.is_checked("#f-fullmakt-id_copy_attached")
    assert page.get_attribute("#f-file-id", "aria-describedby") == "f-file-id-help"
    assert "sendes ikke noe sted" in page.inner_text("#f-file-id-help")
    page.set_input_files("#f-file-id", str(photo))
    page.wait_for_function("document.getElementById('ipf-file-id-list').textContent !== ''")
    assert page.is_checked("#f-fullmakt-id_copy_attached")
    assert axe(page) == []
    web = submit_and_download(page, tmp_path, *(("soknad", answers) if page_kind == "soknad"
                                                 else ("fullmakt", fm)))
    name = FILE_NAMES["id"]["nb"] + ".jpg"
    assert read_attachment(web.read_bytes(), name) == photo.read_bytes()
    assert embedded(web.read_bytes())[name]["spec"]["/Desc"] == describe(name, "nb")
    if page_kind == "fullmakt":  # the fullmakt on its own: not an application to validate
        assert field_values(web.read_bytes())["id_copy_attached"] not in ("", "/Off", None)
        return
    result = report(web)
    kinds = {a["name"]: a["kind"] for a in result["attachments"]}
    assert kinds == {name: "id_copy", "fullmakt.pdf": "fullmakt_form"}
    assert "fullmakt.id_copy_missing" not in [f["code"] for f in result["findings"]]
    assert result["status"] == "valid"
