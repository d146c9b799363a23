"""Real third-party forms (about 340, from pinned registry packages: tools/collect-forms.sh)
filled with æøå text, a checkbox, a radio button and a choice; every filled widget must
show in Poppler (pdftoppm) and MuPDF (mutool draw), and the input must stay unchanged.

Every form with a rare feature (rotated widgets, list boxes, encryption, NeedAppearances)
and every form outside the big IRS tax-form set is filled, plus tax forms up to 60
(tests/fill_corpus.py: ``sample``), and the pdfLaTeX forms of tests/fixtures/forms (turned
pages, turned and NoRotate widgets).

Collecting these tests never downloads: they are one per form when the corpus is there
(``make test`` collects it first), else one test each collects it (the ``corpus``
fixture, one xdist worker at a time) and checks every form."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from ipforms.forms.acroform import FF_COMBO, as_dict, fields, open_pdf
from ipforms.core.errors import FormError
from ipforms.forms.fill import fill_pdf

from fill_corpus import (Entry, collect, collected, on_image, plan, sample, sha256, shown_rect,
                         unseen)
from pdfcheck import changed_pixels, render

FORMS = Path(__file__).parent / "fixtures" / "forms"


def _generated() -> list[Entry]:
    """The forms made here with pdfLaTeX (tests/fixtures/forms: rotated pages, turned and
    NoRotate widgets), described as the corpus manifest describes its forms."""
    out = []
    for pdf in sorted(FORMS.glob("*.pdf")):
        _, reader = open_pdf(pdf)
        found = fields(reader)
        kinds = Counter("combo" if f.kind == "choice" and f.flags & FF_COMBO else
                        "list" if f.kind == "choice" else f.kind for f in found)
        turned = sum(1 for f in found for w in f.widgets
                     if int((as_dict(w.get("/MK")) or {}).get("/R", 0)) % 360)
        pages = sum(1 for p in reader.pages if int(p.get("/Rotate", 0)) % 360)
        notes = ",".join(n for n in (f"MK/R={turned}" if turned else "",
                                     f"Rotate={pages}" if pages else "") if n)
        out.append(Entry(pdf.name, "generated-pdflatex", sha256(pdf), len(found),
                         ",".join(f"{k}={v}" for k, v in sorted(kinds.items())), notes,
                         base=FORMS))
    return out


GENERATED = _generated()
#: the corpus manifest, read without collecting: collection never downloads (the ``corpus``
#: fixture does, once, when a test needs it); None when it is not collected yet
COLLECTED = collected()
ENTRIES = (sample(COLLECTED) if COLLECTED is not None else []) + GENERATED


@pytest.fixture(scope="session")
def corpus() -> list[Entry]:
    """The sample of the corpus (collected here when it is not yet: one xdist worker at a
    time, the others wait and find it) and the generated forms."""
    return sample(collect()) + GENERATED


def _params(entries: list[Entry]) -> list:
    """``entries`` as test parameters; when the corpus is not collected at collection
    time, one more (None) that checks the corpus's share once the test has collected it."""
    out = [pytest.param(e, id=e.file) for e in entries]
    if COLLECTED is None:
        out.append(pytest.param(None, id="corpus-collected-by-the-test"))
    return out


def _each(check: Callable[[Entry, Path], None], entry: Entry | None,
          select: Callable[[list[Entry]], list[Entry]], request, tmp_path: Path) -> None:
    """``check`` the entry; for None every form of the collected corpus that ``select``
    keeps, reporting every form that fails."""
    if entry is not None:
        check(entry, tmp_path)
        return
    problems = []
    chosen = select([e for e in request.getfixturevalue("corpus") if e.base is None])
    assert chosen
    for i, e in enumerate(chosen):
        (tmp_path / str(i)).mkdir()
        try:
            check(e, tmp_path / str(i))
        except AssertionError as exc:
            problems.append(f"{e.file}: {exc}")
    assert not problems, "\n".join(problems)


def test_the_sample_is_large_and_has_every_feature(corpus):
    assert len(corpus) >= 50
    for feature in ("MK/R", "list=", "comb=", "encrypted", "radio=", "checkbox=", "combo=",
                    "XFA", "NeedAppearances", "Rotate="):
        assert any(e.has(feature) for e in corpus), feature


def test_collection_never_downloads(tmp_path):
    """With the corpus not collected (an empty folder), collecting all the tests reads no
    network and writes nothing there; the corpus forms are then left to one test each."""
    import os
    import subprocess
    import sys

    empty = tmp_path / "corpus"
    empty.mkdir()
    env = {**os.environ, "IPFORMS_FORMS_CORPUS": str(empty),
           "PATH": str(tmp_path / "nothing")}  # no bash, npm, pip or apt-get to download with
    r = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:xdist",
                        "-p", "no:cacheprovider", str(Path(__file__).parent)], env=env,
                       cwd=Path(__file__).parent,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    ids = [line for line in r.stdout.splitlines() if "::" in line]
    assert f"{Path(__file__).name}::test_filled_widgets_show_in_both_renderers" \
           f"[corpus-collected-by-the-test]" in [i.split("/")[-1] for i in ids]
    assert not any(empty.iterdir())


@pytest.mark.parametrize("entry", _params(ENTRIES))
def test_filled_widgets_show_in_both_renderers(entry, request, tmp_path):
    _each(_filled_widgets_show, entry, lambda entries: entries, request, tmp_path)


def _filled_widgets_show(entry: Entry, tmp_path: Path) -> None:
    src = entry.path
    before = sha256(src)
    assert before == entry.sha256
    _, reader = open_pdf(src, decrypt=True)
    p = plan(reader)
    if not p.values:  # nothing to fill: then every field is locked, a signature or a button
        for f in fields(reader):
            assert f.readonly or f.kind in ("signature", "button"), f.name
            if f.kind != "button":
                with pytest.raises(FormError):
                    fill_pdf(src, {f.name: "x"})
        return
    out = tmp_path / "filled.pdf"
    out.write_bytes(fill_pdf(src, p.values))
    assert sha256(src) == before
    missing = unseen(src, out, p, reader, tmp_path)
    assert not missing, "\n".join(map(str, missing))


def _same(w, rect) -> bool:
    x1, y1, x2, y2 = (float(v) for v in w["/Rect"])
    return (min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)) == rect


def _rotated(entries: list[Entry]) -> list[Entry]:
    return [e for e in entries if e.has("MK/R")]


@pytest.mark.parametrize("entry", _params(_rotated(ENTRIES)))
def test_rotated_widgets_read_upright(entry, request, tmp_path):
    """A widget turned by /MK /R as far as its page's /Rotate is upright on the screen:
    its left-aligned text starts at the left of its box as displayed (a text drawn
    without the turn starts at the right, upside down or sideways)."""
    _each(_rotated_widgets_read_upright, entry, _rotated, request, tmp_path)


def _rotated_widgets_read_upright(entry: Entry, tmp_path: Path) -> None:
    from pdfcheck import changed_pixels as changed

    _, reader = open_pdf(entry.path, decrypt=True)
    p = plan(reader, max_text=400)
    by_name = {f.name: f for f in fields(reader)}
    short = {k: "Å" if by_name[k].kind == "text" and by_name[k].max_length is None else v
             for k, v in p.values.items()}  # short: the side it starts at shows
    out = tmp_path / "filled.pdf"
    out.write_bytes(fill_pdf(entry.path, short))
    # the same fields emptied (the form's own values may be drawn anywhere)
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(fill_pdf(entry.path, {k: "" for k in short if by_name[k].kind == "text"}))
    checked = 0
    for engine in ("poppler", "mupdf"):
        images: dict[int, tuple] = {}
        for name, boxes in p.boxes.items():
            f = by_name[name]
            if f.kind != "text" or f.flags & (1 << 24):  # comb: cells across the box
                continue
            for page, rect in boxes:
                w = next((w for w in f.widgets if _same(w, rect)), None)
                if w is None:
                    continue  # NoRotate on a turned page: upright whatever its /MK /R
                pdf_page = reader.pages[page]
                rot = int(pdf_page.get("/Rotate", 0) or 0) % 360
                mk = w.get("/MK")
                r = int(mk.get_object().get("/R", 0)) % 360 if mk is not None else 0
                if r == 0 or r != rot or int(w.get("/Q", f.obj.get("/Q", 0))) != 0:
                    continue
                if page not in images:
                    images[page] = (render(empty, page + 1, engine, tmp_path),
                                    render(out, page + 1, engine, tmp_path))
                a, b = images[page]
                u1, v1, u2, v2 = on_image(rect, pdf_page)
                mid = (u1 + u2) / 2
                left = changed(a, b, (u1, v1, mid, v2), a.height)
                right = changed(a, b, (mid, v1, u2, v2), a.height)
                assert left > 3 * right, \
                    f"{engine} {name} R {r} {rect}: {left} px left, {right} right"
                checked += 1
    assert checked, "no rotated text widget checked"


@pytest.mark.parametrize("name", ["rotate90.pdf", "rotate180.pdf", "rotate270.pdf"])
def test_flatten_draws_norotate_widgets_where_viewers_show_them(name, tmp_path):
    """A NoRotate widget on a page with /Rotate stays upright on the screen, turned about
    its upper-left corner; flattened, its text is drawn in the same place: the flattened
    render matches the filled one there, in Poppler and in MuPDF."""
    from pdfcheck import dark_pixels

    src = FORMS / name
    _, reader = open_pdf(src)
    w = next(f for f in fields(reader) if f.name == "upright").widgets[0]
    page = reader.pages[0]
    assert int(w["/F"]) & 16 and int(page["/Rotate"]) % 360
    shown = on_image(shown_rect(w, page), page)
    values = {"upright": "Åse Ødegård", "fullname": "Ørjan"}
    filled, flat = tmp_path / "filled.pdf", tmp_path / "flat.pdf"
    filled.write_bytes(fill_pdf(src, values))
    flat.write_bytes(fill_pdf(src, values, flatten=True))
    assert not fields(open_pdf(flat)[1])
    for engine in ("poppler", "mupdf"):
        a, b = render(filled, 1, engine, tmp_path), render(flat, 1, engine, tmp_path)
        ink = dark_pixels(a, shown, a.height)
        assert ink > 40, (engine, ink)  # the text, upright, where viewers show the widget
        assert dark_pixels(b, shown, b.height) > 40, engine
        assert changed_pixels(a, b, shown, a.height) < ink / 5, engine


@pytest.mark.parametrize("name", ["rotate90.pdf", "rotate270.pdf"])
def test_unfilled_radio_buttons_without_a_state_show_off_filled_and_flattened(name, tmp_path):
    """pdfLaTeX's radio buttons have an appearance for their on state only and no /AS;
    filled without choosing one, each gets /AS /Off and an off appearance (its frame), so
    Poppler and MuPDF show it alike, and a flattened page draws it the same, not nothing."""
    def ink(img, rect) -> float:  # greyness inside rect, in black pixels (thin lines count)
        x1, y1, x2, y2 = rect
        box = (int(x1), int(img.height - y2), int(x2) + 1, int(img.height - y1) + 1)
        return sum((255 - v) * n for v, n in enumerate(img.crop(box).histogram())) / 255

    src = FORMS / name
    _, reader = open_pdf(src)
    page = reader.pages[0]
    radios = next(f for f in fields(reader) if f.name == "size").widgets
    assert len(radios) == 3 and all("/AS" not in w for w in radios)
    assert all("/Off" not in w["/AP"]["/N"] for w in radios)
    shown = [on_image(shown_rect(w, page), page) for w in radios]
    filled, flat = tmp_path / "filled.pdf", tmp_path / "flat.pdf"
    filled.write_bytes(fill_pdf(src, {"fullname": "Ørjan"}))
    flat.write_bytes(fill_pdf(src, {"fullname": "Ørjan"}, flatten=True))
    out = next(f for f in fields(open_pdf(filled)[1]) if f.name == "size").widgets
    assert [str(w["/AS"]) for w in out] == ["/Off"] * 3
    assert not fields(open_pdf(flat)[1])
    for engine in ("poppler", "mupdf"):
        a, b = render(filled, 1, engine, tmp_path), render(flat, 1, engine, tmp_path)
        for rect in shown:
            drawn = ink(a, rect)
            assert drawn > 25, (engine, rect, drawn)  # the frame of the off state
            assert ink(b, rect) > 0.8 * drawn, (engine, rect)
            assert changed_pixels(a, b, rect, a.height) < drawn / 5, (engine, rect)
    assert src.read_bytes() == (FORMS / name).read_bytes()


@pytest.mark.parametrize("name", ["rotate90.pdf", "rotate180.pdf", "rotate270.pdf"])
def test_flatten_keeps_the_frames_of_fields_left_empty(name, tmp_path):
    """pdfLaTeX's text, list and combo fields have no appearance until filled; viewers draw
    their frames (and a list's options) anyway, so a flattened page draws them too."""
    src = FORMS / name
    _, reader = open_pdf(src)
    page = reader.pages[0]
    empty = [f for f in fields(reader) if f.kind in ("text", "choice") and f.name != "fullname"
             and not any(f.has_ap) and not int(f.widgets[0].get("/F", 0)) & 16]
    assert len(empty) >= 2, [f.name for f in empty]
    filled, flat = tmp_path / "filled.pdf", tmp_path / "flat.pdf"
    filled.write_bytes(fill_pdf(src, {"fullname": "Ørjan"}))
    flat.write_bytes(fill_pdf(src, {"fullname": "Ørjan"}, flatten=True))
    for engine in ("poppler", "mupdf"):
        a, b = render(filled, 1, engine, tmp_path), render(flat, 1, engine, tmp_path)
        for f in empty:
            rect = on_image(shown_rect(f.widgets[0], page), page)
            x1, y1, x2, y2 = rect
            box = (int(x1), int(a.height - y2), int(x2) + 1, int(a.height - y1) + 1)
            drawn, kept = (sum((255 - v) * n for v, n in enumerate(img.crop(box).histogram()))
                           / 255 for img in (a, b))
            assert drawn > 25, (engine, f.name, drawn)  # the viewer draws its frame
            assert kept > 0.8 * drawn, (engine, f.name, drawn, kept)


def _lists(entries: list[Entry]) -> list[Entry]:
    """Every list box outside the IRS set (PDFium's, LibreOffice's, ours), then IRS forms:
    six forms."""
    return sorted((e for e in entries if e.has("list=")),
                  key=lambda e: (e.source.startswith("npm-pdf2json"), e.file))[:6]


@pytest.mark.parametrize("entry", _params(_lists(ENTRIES)))
def test_list_box_shows_its_options_with_the_choice_highlighted(entry, request, tmp_path):
    """A list box filled with its last option shows that option on a highlight, and the
    option above it too (not only the chosen text)."""
    _each(_list_box_shows_options, entry, _lists, request, tmp_path)


def _list_box_shows_options(entry: Entry, tmp_path: Path) -> None:
    _, reader = open_pdf(entry.path, decrypt=True)
    lists = [f for f in fields(reader) if f.kind == "choice" and not f.flags & FF_COMBO
             and len(f.options) >= 2 and not f.readonly]
    assert lists
    f = lists[0]
    out = tmp_path / "filled.pdf"
    out.write_bytes(fill_pdf(entry.path, {f.name: f.options[-1][0]}))
    p = plan(reader)  # the page of the widget
    page = next((pg for pg, _ in p.boxes.get(f.name, [])), 0)
    w = f.widgets[0]
    x1, y1, x2, y2 = (float(v) for v in w["/Rect"])
    size = 10.0
    two_rows: list[str] = []
    for engine in ("poppler", "mupdf"):
        img = render(out, page + 1, engine, tmp_path)
        box = on_image((min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)),
                        reader.pages[page])
        left, bottom, right, top = (int(v) for v in box)
        crop = img.crop((left + 1, img.height - top + 1, right - 1, img.height - bottom - 1))
        # rows across: turned back by as far as the page turns it beyond its /MK /R
        mk = as_dict(w.get("/MK"))
        turn = (int(reader.pages[page].get("/Rotate", 0) or 0)
                - (int(mk.get("/R", 0)) if mk is not None else 0)) % 360
        crop = crop.rotate(turn, expand=True) if turn else crop
        hist = crop.histogram()
        highlight = sum(hist[165:205])  # the light blue row (grey about 183)
        assert highlight > crop.width * size * 0.5, engine
        if crop.height < 2 * size * 1.16 + 2:
            continue  # room for one row only
        two_rows.append(engine)
        # the row above the chosen one: text (dark pixels) above the highlight
        rows = [sum(1 for x in range(crop.width) if crop.getpixel((x, y)) < 110)
                for y in range(crop.height)]
        first_hl = next(y for y in range(crop.height)
                        if sum(1 for x in range(crop.width)
                               if 165 <= crop.getpixel((x, y)) < 205) > crop.width / 2)
        assert sum(rows[:first_hl]) > 10, engine
    if entry.source == "pypi-pypdfium2":  # its list boxes are two rows high
        assert two_rows == ["poppler", "mupdf"]


def test_state_names_ending_in_a_space_and_numbers_select_exactly(corpus):
    """A state "Ja " (its trailing space is part of the name) is chosen exactly, and a JSON
    number names a state "2"."""
    import dataclasses

    from ipforms.forms.values import check_value

    radio = [f for e in corpus if e.has("radio=")
             for f in fields(open_pdf(e.path, decrypt=True)[1]) if f.kind == "radio"][0]
    f = dataclasses.replace(radio, states=["Ja ", "Nei"])
    assert check_value(f, "Ja ") == "Ja " and check_value(f, "/Ja ") == "Ja "
    assert check_value(f, "Nei") == "Nei"
    f = dataclasses.replace(radio, states=["1", "2"])
    assert check_value(f, 2) == "2"
    with pytest.raises(FormError):
        check_value(f, 3)


@pytest.mark.parametrize("junk", [b"\x00" * 50, b"garbage " * 300])
def test_bytes_after_eof_are_tolerated(junk, corpus):
    """fields reads a PDF with bytes after %%EOF; fill does too (and leaves them out)."""
    from ipforms.forms.acroform import read_fields

    entry = next(e for e in corpus if e.source.startswith("npm-fill-pdf"))
    data = entry.path.read_bytes() + junk
    p = plan(open_pdf(data)[1])
    out = fill_pdf(data, p.values)
    found = {f.name: f.value for f in read_fields(out)}
    assert all(found[k] == v.removeprefix("/") for k, v in p.values.items()
               if isinstance(v, str))
    assert out.startswith(entry.path.read_bytes()[:-16]) and junk not in out


def test_fields_sharing_a_name_are_never_guessed(tmp_path, corpus):
    """A real form in which a checkbox and a text field got the same name (as when two forms
    are merged): filling the bare name is an error that gives each field's address, type and
    page; ``future_date#1`` and ``future_date#2`` fill one each, and both show."""
    import io

    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    from ipforms.forms.acroform import read_fields

    entry = next(e for e in corpus if e.source.startswith("npm-fill-pdf") and e.has("checkbox="))
    writer = PdfWriter(clone_from=PdfReader(entry.path))
    top = [ref.get_object() for ref in writer.root_object["/AcroForm"]["/Fields"]]
    box = next(t for t in top if t.get("/FT") == "/Btn" and "/Kids" not in t
               and not int(t.get("/Ff", 0)) & (1 << 15 | 1 << 16))
    text = next(t for t in top if t.get("/FT") == "/Tx" and "/Kids" not in t
                and "/MaxLen" not in t)
    for t in (box, text):
        t[NameObject("/T")] = TextStringObject("future_date")
    page_of = {a.idnum: i for i, p in enumerate(writer.pages, start=1) for a in p["/Annots"]}
    first, second = sorted((box, text), key=top.index)
    kinds = {id(box): "checkbox", id(text): "text"}
    buf = io.BytesIO()
    writer.write(buf)
    src = tmp_path / "merged.pdf"
    src.write_bytes(buf.getvalue())
    with pytest.raises(FormError) as err:
        fill_pdf(src, {"future_date": "ja"})
    assert str(err.value) == (
        f"{src}: field 'future_date': 2 separate fields share this name; fill one by its "
        f"address: future_date#1 ({kinds[id(first)]}, page "
        f"{page_of[first.indirect_reference.idnum]}), future_date#2 ({kinds[id(second)]}, "
        f"page {page_of[second.indirect_reference.idnum]})")
    assert err.value.hint == (f"`ipforms fields {src}` lists every field by the address fill "
                              f"takes, with its type, page and place")
    n = 1 + (first is not box)
    values = {f"future_date#{n}": True, f"future_date#{3 - n}": "Åse"}
    out = tmp_path / "out.pdf"
    out.write_bytes(fill_pdf(src, values))
    assert sorted(f.value for f in read_fields(out) if f.name == "future_date") == \
        sorted(["Åse", next(s for s in fields(open_pdf(src)[1]) if s.kind == "checkbox"
                            and s.name == "future_date").states[0]])
    reader = open_pdf(src)[1]
    for t in (box, text):
        page = page_of[t.indirect_reference.idnum]
        x1, y1, x2, y2 = (float(v) for v in t["/Rect"])
        for engine in ("poppler", "mupdf"):
            a, b = render(src, page, engine, tmp_path), render(out, page, engine, tmp_path)
            rect = (min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))
            assert changed_pixels(a, b, on_image(rect, reader.pages[page - 1]), a.height) >= 3, \
                (engine, kinds[id(t)])


def test_radio_buttons_outside_the_field_list_join_their_group():
    """pdfLaTeX's hyperref lists only the first button of a radio group in /Fields; the
    other buttons (same name, on the page) are the same field: each state can be chosen,
    and then only its button is on."""
    import io

    from pypdf import PdfReader

    src = FORMS / "rotate90.pdf"
    reader = PdfReader(src)
    listed = {ref.idnum for ref in reader.trailer["/Root"]["/AcroForm"]["/Fields"]}
    buttons = [ref for ref in reader.pages[0]["/Annots"] if ref.get_object().get("/T") == "size"]
    assert len(buttons) == 3 and sum(ref.idnum in listed for ref in buttons) == 1
    states = [next(k for k in ref.get_object()["/AP"]["/N"] if k != "/Off") for ref in buttons]
    size = next(f for f in fields(open_pdf(src)[1]) if f.name == "size")
    assert ["/" + s for s in size.states] == states
    out = PdfReader(io.BytesIO(fill_pdf(src, {"size": states[1]})))
    assert [a.get_object()["/AS"] for a in out.pages[0]["/Annots"]
            if a.get_object().get("/T") == "size"] == ["/Off", states[1], "/Off"]


def test_a_password_field_shows_asterisks(tmp_path, caplog):
    """A password field (hyperref ``password=true``) shows its value as viewers echo it,
    one asterisk a character, never readable; fill says the value itself is stored."""
    import subprocess

    from ipforms.forms.acroform import FF_PASSWORD, read_fields

    src = FORMS / "rotate90.pdf"
    assert next(f for f in fields(open_pdf(src)[1]) if f.name == "pin").flags & FF_PASSWORD
    out = tmp_path / "out.pdf"
    out.write_bytes(fill_pdf(src, {"pin": "4711", "fullname": "Kari 4712"}))
    shown = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                           check=True).stdout
    assert "Kari 4712" in shown and "****" in shown and "4711" not in shown
    assert {f.name: f.value for f in read_fields(out)}["pin"] == "4711"
    assert "'pin' is a password field: its value is stored in the PDF" in caplog.text


def test_cli_fills_an_encrypted_form_and_says_so(tmp_path, caplog, corpus):
    from click.testing import CliRunner

    from ipforms.cli import main

    entry = next(e for e in corpus if e.has("encrypted"))
    before = sha256(entry.path)
    out = tmp_path / "out.pdf"
    r = CliRunner().invoke(main, ["fill", str(entry.path), "-o", str(out)])
    assert r.exit_code == 0, r.output
    said = r.output + caplog.text  # the warning goes to the log (stderr)
    assert "encrypted with an empty password" in said
    assert "written without encryption" in said
    assert out.is_file() and sha256(entry.path) == before
