"""`ipforms fill`, `ipforms fields`, `ipforms attach`: exit codes, messages, nothing written on error."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from ipforms.forms.acroform import read_fields
from ipforms.forms.attach import read_attachment
from ipforms.cli import main

from pdfcheck import MUNICIPALITY, blank


@pytest.fixture()
def env(form_cache, tmp_path, monkeypatch):
    """A working folder with a municipality file and the blank forms in the CLI's cache."""
    monkeypatch.chdir(tmp_path)
    data = tmp_path / "data" / "municipalities"
    data.mkdir(parents=True)
    (data / "asvik.yml").write_text(yaml.safe_dump(MUNICIPALITY, allow_unicode=True),
                                    encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / ".cache"))
    cache = tmp_path / ".cache" / "ipforms"
    cache.mkdir(parents=True)
    for f in ("soknad", "fullmakt"):
        for lang in ("nb", "nn"):
            blank(form_cache, f, lang)
            for p in form_cache.glob(f"{f}-{lang}-*.pdf"):
                (cache / p.name).write_bytes(p.read_bytes())
    return tmp_path


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_fill_our_form_with_kommune_data_and_set(env):
    (env / "svar.yml").write_text("person_name: Åse Ødegård\nservice_ip: ja\n", encoding="utf-8")
    r = run("fill", "soknad", "--kommune", "asvik", "--lang", "nn", "--data", "svar.yml",
            "--set", "sign_date=2026-11-24", "--set", "person_name=Åse Bø", "-o", "ut.pdf")
    assert r.exit_code == 0, r.output
    values = {f.name: f.value for f in read_fields(env / "ut.pdf")}
    assert values["person_name"] == "Åse Bø"  # --set wins over --data
    assert values["service_ip"] == "on" and values["sign_date"] == "24.11.2026"
    assert values["municipality_unit"] == "Tildelingseininga"


def test_fill_json_answers(env):
    (env / "svar.json").write_text(json.dumps({"giver_name": "Kari", "scope_ip": True}))
    r = run("fill", "fullmakt", "--data", "svar.json", "-o", "f.pdf")
    assert r.exit_code == 0, r.output
    assert {f.name: f.value for f in read_fields(env / "f.pdf")}["scope_ip"] == "on"


@pytest.mark.parametrize("args,message", [
    (["--set", "person_fnr=15108695089"], "error: field 'person_fnr': not a valid fødselsnummer "
     "or D-nummer: the check digits are wrong (got '15108695089')"),
    (["--set", "person_nam=x"], "error: field 'person_nam': unknown field in form 'soknad'"),
    (["--set", "service_ip=kanskje"], "error: field 'service_ip': a checkbox takes yes or no "
     "(true/false, ja/nei, on/off), got 'kanskje'"),
    (["--set", "person_postcode=26"], "error: field 'person_postcode': expected a postnummer of "
     "4 digits, like 2636, got '26'"),
    (["--set", "sign_place=" + "x" * 41], "error: field 'sign_place': too long: 41 characters, "
     "at most 40 allowed"),
    (["--set", "sign_date=31.02.2026"], "error: field 'sign_date': expected a date written "
     "dd.mm.åååå, like 24.11.2026, got '31.02.2026'"),
    (["--set", "person_name"], "error: expected FIELD=VALUE, got 'person_name'"),
    (["--kommune", "nowhere"], "error: data/municipalities/nowhere.yml: cannot read: "
     "No such file or directory"),
    (["--set", "municipality_name=x", "--kommune", "asvik"], "error: field 'municipality_name': "
     "is filled from the municipality's data; leave it out"),
])
def test_bad_input_exit_2_and_nothing_written(env, args, message):
    r = run("fill", "soknad", *args, "-o", "ut.pdf")
    assert r.exit_code == 2
    assert r.output.splitlines()[0] == message
    assert not (env / "ut.pdf").exists()
    assert not [p for p in env.iterdir() if p.name.startswith(".ut.pdf")]


def test_no_overwrite_without_force_and_template_unchanged(env):
    assert run("fill", "soknad", "-o", "ut.pdf").exit_code == 0
    first = (env / "ut.pdf").read_bytes()
    r = run("fill", "soknad", "--set", "person_name=Per", "-o", "ut.pdf")
    assert r.exit_code == 2
    assert r.output.strip() == "error: ut.pdf: already exists; use --force to overwrite it"
    assert (env / "ut.pdf").read_bytes() == first
    r = run("fill", "soknad", "--set", "person_name=Per", "--force", "-o", "ut.pdf")
    assert r.exit_code == 0
    # filling a PDF file by path: the input is never changed, not even with --force
    digest = hashlib.sha256((env / "ut.pdf").read_bytes()).hexdigest()
    r = run("fill", "ut.pdf", "--set", "person_name=Kari", "--force", "-o", "ut.pdf")
    assert r.exit_code == 2 and "is an input file" in r.output
    assert hashlib.sha256((env / "ut.pdf").read_bytes()).hexdigest() == digest
    r = run("fill", "ut.pdf", "--set", "person_name=Kari", "-o", "ut2.pdf")
    assert r.exit_code == 0
    assert {f.name: f.value for f in read_fields(env / "ut2.pdf")}["person_name"] == "Kari"


def test_fill_our_pdf_by_path_checks_with_the_definition(env):
    assert run("fill", "soknad", "-o", "ut.pdf").exit_code == 0
    r = run("fill", "ut.pdf", "--set", "person_fnr=12345678901", "-o", "ut2.pdf")
    assert r.exit_code == 2 and "not a valid fødselsnummer" in r.output
    assert not (env / "ut2.pdf").exists()


def test_unknown_form_and_not_a_pdf(env):
    r = run("fill", "soeknad", "-o", "x.pdf")
    assert r.exit_code == 2
    assert r.output.splitlines()[0] == ("error: 'soeknad' is neither a form (fullmakt, soknad) "
                                        "nor a PDF file")
    (env / "junk.pdf").write_text("hello")
    r = run("fill", "junk.pdf", "--set", "a=b", "-o", "x.pdf")
    assert r.exit_code == 2
    assert r.output.strip() == "error: junk.pdf: not a PDF file (it does not start with %PDF-)"
    assert not (env / "x.pdf").exists()


def test_fields_lists_any_acroform(env):
    from test_fill import reportlab_form

    reportlab_form(env / "rl.pdf")
    r = run("fields", "rl.pdf")
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert lines[0].split() == ["name", "type", "value", "options"]
    rows = {ln.split()[0]: ln.split(None, 2)[1:] for ln in lines[1:]}
    assert rows["samtykke"][0] == "checkbox"
    assert rows["rolle"][0] == "radio" and "selv, verge, Off" in lines[[ln.split()[0] for ln in lines].index("rolle")]
    r = run("fields", "--json", "rl.pdf")
    objs = [json.loads(x) for x in r.output.splitlines()]
    assert {o["name"]: o["type"] for o in objs}["tjeneste"] == "combo box"
    r = run("fields", "missing.pdf")
    assert r.exit_code == 2 and r.output.strip() == "error: missing.pdf: no such file"


def test_attach_command(env):
    assert run("fill", "soknad", "-o", "s.pdf").exit_code == 0
    assert run("fill", "fullmakt", "-o", "f.pdf").exit_code == 0
    r = run("attach", "s.pdf", "f.pdf", "-o", "sf.pdf")
    assert r.exit_code == 0, r.output
    assert read_attachment(env / "sf.pdf") == (env / "f.pdf").read_bytes()
    r = run("attach", "s.pdf", "f.pdf", "-o", "sf.pdf")
    assert r.exit_code == 2 and "already exists" in r.output


@pytest.mark.parametrize("text,message", [
    ("person_name: [a, b]\n", "error: svar.yml: field 'person_name': expected a single value, "
     "got a list"),
    ("- a\n", "error: svar.yml: expected a mapping of field names to values"),
    ("person_name: [\n", "error: svar.yml: not valid YAML"),
])
def test_bad_answers_file(env, text, message):
    (env / "svar.yml").write_text(text, encoding="utf-8")
    r = run("fill", "soknad", "--data", "svar.yml", "-o", "ut.pdf")
    assert r.exit_code == 2
    assert r.output.splitlines()[0].startswith(message)
    assert not (env / "ut.pdf").exists()


FORMS = Path(__file__).parent / "fixtures" / "forms"


def _rect(annot) -> str:
    x1, y1, x2, y2 = (float(v) for v in annot["/Rect"])
    return "[" + " ".join(f"{v:.1f}" for v in (min(x1, x2), min(y1, y2), max(x1, x2),
                                                max(y1, y2))) + "]"


def test_fields_and_fill_address_fields_sharing_a_name(tmp_path, monkeypatch):
    """shared-names.tex (pdfLaTeX) has a checkbox and a text field both named future_date:
    `fields` lists them as future_date#1 and #2 with page and rectangle, says the name is
    shared, and `fill` refuses the bare name, naming both addresses and `ipforms fields`."""
    from pypdf import PdfReader

    monkeypatch.chdir(tmp_path)
    (tmp_path / "form.pdf").write_bytes((FORMS / "shared-names.pdf").read_bytes())
    # the widgets in the order of the form's field list, read with pypdf
    checkbox, text, name = (ref.get_object() for ref in
                            PdfReader(tmp_path / "form.pdf").trailer["/Root"]["/AcroForm"]["/Fields"])
    assert checkbox["/FT"] == "/Btn" and text["/FT"] == "/Tx" and name["/T"] == "fullname"
    r = run("fields", "form.pdf")
    assert r.exit_code == 0, r.output
    rows = [line.split("  ") for line in r.stdout.splitlines()]
    rows = [[c.strip() for c in row if c.strip()] for row in rows]
    assert rows == [
        ["name", "type", "value", "place", "options"],
        ["future_date#1", "checkbox", "Off", f"p. 1 {_rect(checkbox)}", "Yes, Off"],
        ["future_date#2", "text", f"p. 1 {_rect(text)}"],
        ["fullname", "text"],
    ]
    assert r.stderr == ("note: 2 separate fields share the name 'future_date'; fill each by "
                        "its address: future_date#1, future_date#2\n")
    r = run("fields", "--json", "form.pdf")
    objs = [json.loads(line) for line in r.stdout.splitlines()]
    assert [(o["name"], o["address"], o["type"]) for o in objs] == [
        ("future_date", "future_date#1", "checkbox"), ("future_date", "future_date#2", "text"),
        ("fullname", "fullname", "text")]
    for o, annot in zip(objs, (checkbox, text), strict=False):
        x1, y1, x2, y2 = (float(v) for v in annot["/Rect"])
        assert o["widgets"] == [{"page": 1, "rect": [round(min(x1, x2), 2), round(min(y1, y2), 2),
                                                     round(max(x1, x2), 2), round(max(y1, y2), 2)]}]

    r = run("fill", "form.pdf", "--set", "future_date=ja", "-o", "out.pdf")
    assert r.exit_code == 2
    assert r.output.splitlines() == [
        "error: form.pdf: field 'future_date': 2 separate fields share this name; fill one by "
        "its address: future_date#1 (checkbox, page 1), future_date#2 (text, page 1)",
        "hint: `ipforms fields form.pdf` lists every field by the address fill takes, with "
        "its type, page and place"]
    assert not (tmp_path / "out.pdf").exists()
    r = run("fill", "form.pdf", "--set", "future_date#1=ja", "--set", "future_date#2=1.12.2026",
            "-o", "out.pdf")
    assert r.exit_code == 0, r.output
    filled = [(f.name, f.kind, f.value) for f in read_fields(tmp_path / "out.pdf")]
    assert filled == [("future_date", "checkbox", "Yes"), ("future_date", "text", "1.12.2026"),
                      ("fullname", "text", "")]


def test_pdflatex_radio_states_read_and_typed_as_text(tmp_path, monkeypatch):
    """hyperref writes a radio button's state as the escaped bytes of a PDF string: the
    state of "Small=s" in rotate90.tex is the name /\\376\\377\\000s (a UTF-16BE byte-order
    mark and "s").  `fields` shows s, m, l; fill takes s or the exact name; the PDF gets
    the exact name in /V and /AS."""
    from pypdf import PdfReader

    monkeypatch.chdir(tmp_path)
    (tmp_path / "form.pdf").write_bytes((FORMS / "rotate90.pdf").read_bytes())
    raw = {"s": "\\376\\377\\000s", "m": "\\376\\377\\000m", "l": "\\376\\377\\000l"}
    buttons = [a.get_object() for a in PdfReader("form.pdf").pages[0]["/Annots"]
               if a.get_object().get("/T") == "size"]
    assert [list(b["/AP"]["/N"]) for b in buttons] == [["/" + raw[k]] for k in "sml"]
    r = run("fields", "form.pdf")
    assert r.exit_code == 0, r.output
    row = next(line.split() for line in r.stdout.splitlines() if line.startswith("size "))
    assert row[:2] == ["size", "radio"] and " ".join(row[3:]) == "s, m, l, Off"
    r = run("fields", "--json", "form.pdf")
    size = next(o for o in map(json.loads, r.stdout.splitlines()) if o["name"] == "size")
    assert size["options"] == ["s", "m", "l", "Off"]

    r = run("fill", "form.pdf", "--set", "size=x", "-o", "out.pdf")
    assert r.exit_code == 2
    assert r.output.splitlines()[0] == (
        "error: field 'size': 'x' is not one of the radio group's states: s, m, l, Off")
    for typed, chosen in (("m", "m"), (raw["l"], "l"), ("/" + raw["s"], "s")):
        r = run("fill", "form.pdf", "--set", f"size={typed}", "-o", "out.pdf", "--force")
        assert r.exit_code == 0, r.output
        out = [a.get_object() for a in PdfReader("out.pdf").pages[0]["/Annots"]
               if a.get_object().get("/T") == "size"]
        assert [str(b["/AS"]) for b in out] == ["/" + (raw[k] if k == chosen else "Off")
                                                for k in "sml"]
        assert {str(b["/V"]) for b in out} == {"/" + raw[chosen]}
        r = run("fields", "out.pdf")
        row = next(line.split() for line in r.stdout.splitlines() if line.startswith("size "))
        assert row[:3] == ["size", "radio", chosen]
    assert (tmp_path / "form.pdf").read_bytes() == (FORMS / "rotate90.pdf").read_bytes()


def test_state_labels_never_hide_a_state():
    """A label is the decoded name only when it names no other state: each label one state."""
    from pypdf.generic import DictionaryObject

    from ipforms.forms.acroform import PdfField, shown_state

    assert shown_state("\\376\\377\\000\\346\\000r") == "ær"  # UTF-16BE
    assert shown_state("caf\\351") == "café"  # PDFDocEncoding
    assert shown_state("\\357\\273\\277\\303\\245") == "å"  # UTF-8 with its mark
    assert shown_state("\\Fld@default") == "\\Fld@default"  # not escaped bytes
    assert shown_state("\\376\\377\\000") == "\\376\\377\\000"  # half a character
    f = PdfField(name="r", kind="radio", obj=DictionaryObject(),
                 states=["s", "\\376\\377\\000s", "\\376\\377\\000t", "\\117ff"])
    assert f.state_labels == {"s": "s", "\\376\\377\\000s": "\\376\\377\\000s",
                              "\\376\\377\\000t": "t", "\\117ff": "\\117ff"}
    assert f.choices == ["s", "\\376\\377\\000s", "t", "\\117ff", "Off"]


def _text_fields_pdf(path: Path, names: list[str]) -> None:
    """A one-page PDF whose AcroForm has one text field (one widget) per name, in order."""
    from pypdf import PdfWriter
    from pypdf.generic import (ArrayObject, DictionaryObject, FloatObject, NameObject,
                               NumberObject, TextStringObject)

    w = PdfWriter()
    page = w.add_blank_page(300, 300)
    refs = ArrayObject()
    for i, name in enumerate(names):
        refs.append(w._add_object(DictionaryObject({
            NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Widget"),
            NameObject("/FT"): NameObject("/Tx"), NameObject("/T"): TextStringObject(name),
            NameObject("/F"): NumberObject(4),
            NameObject("/Rect"): ArrayObject(FloatObject(v) for v in (20, 250 - 40 * i, 200,
                                                                      270 - 40 * i)),
            NameObject("/DA"): TextStringObject("/Helv 10 Tf 0 g"),
            NameObject("/P"): page.indirect_reference})))
    page[NameObject("/Annots")] = refs
    w._root_object[NameObject("/AcroForm")] = DictionaryObject({
        NameObject("/Fields"): ArrayObject(refs), NameObject("/DA"): TextStringObject("/Helv 0 Tf 0 g")})
    with open(path, "wb") as fh:
        w.write(fh)


def test_a_real_name_that_looks_like_an_address_wins(tmp_path, monkeypatch):
    """Fields x, x#2, x: the field really named x#2 keeps its name; the two fields sharing
    x are x#1 and x#3 (2 skipped), and `fields` and fill's error say why."""
    from pypdf import PdfReader

    monkeypatch.chdir(tmp_path)
    _text_fields_pdf(tmp_path / "form.pdf", ["x", "x#2", "x"])
    r = run("fields", "form.pdf")
    assert r.exit_code == 0, r.output
    assert [line.split()[0] for line in r.stdout.splitlines()[1:]] == ["x#1", "x#2", "x#3"]
    assert r.stderr == ("note: 2 separate fields share the name 'x'; fill each by its address: "
                        "x#1, x#3 (x#2 is another field's own name)\n")
    r = run("fill", "form.pdf", "--set", "x=a", "-o", "out.pdf")
    assert r.exit_code == 2
    assert r.output.splitlines()[0] == (
        "error: form.pdf: field 'x': 2 separate fields share this name; fill one by its "
        "address: x#1 (text, page 1), x#3 (text, page 1); x#2 is another field's own name")
    assert not (tmp_path / "out.pdf").exists()
    r = run("fill", "form.pdf", "--set", "x#1=first", "--set", "x#2=real",
            "--set", "x#3=third", "-o", "out.pdf")
    assert r.exit_code == 0, r.output
    out = PdfReader("out.pdf").trailer["/Root"]["/AcroForm"]["/Fields"]
    assert [(str(f["/T"]), str(f["/V"])) for f in (ref.get_object() for ref in out)] == [
        ("x", "first"), ("x#2", "real"), ("x", "third")]


def test_names_with_a_hash_that_collide_with_nothing_are_plain_names(tmp_path, monkeypatch):
    """A field named x#1 beside a lone x: nothing is shared, both are filled by name."""
    from pypdf import PdfReader

    monkeypatch.chdir(tmp_path)
    _text_fields_pdf(tmp_path / "form.pdf", ["x#1", "x"])
    r = run("fields", "form.pdf")
    assert [line.split()[0] for line in r.stdout.splitlines()[1:]] == ["x#1", "x"]
    assert r.stderr == ""
    r = run("fill", "form.pdf", "--set", "x#1=one", "--set", "x=plain", "-o", "out.pdf")
    assert r.exit_code == 0, r.output
    out = PdfReader("out.pdf").trailer["/Root"]["/AcroForm"]["/Fields"]
    assert [str(f.get_object()["/V"]) for f in out] == ["one", "plain"]


# --- answers from the standard input (issue 19: the safe reader had refused the pipe) -------

def test_fill_answers_from_stdin_dash(env):
    r = CliRunner().invoke(main, ["fill", "fullmakt", "--data", "-", "-o", "f.pdf"],
                           input='{"giver_name": "Kari", "scope_ip": true}')
    assert r.exit_code == 0, r.output
    values = {f.name: f.value for f in read_fields(env / "f.pdf")}
    assert values["giver_name"] == "Kari" and values["scope_ip"] == "on"


def test_fill_answers_from_dev_stdin_through_a_real_pipe(env):
    import subprocess
    import sys
    proc = subprocess.run([sys.executable, "-m", "ipforms", "fill", "fullmakt", "--data", "/dev/stdin",
                           "-o", "f.pdf"], input="giver_name: Åse Bø\n".encode(), cwd=env,
                          capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr.decode()
    assert {f.name: f.value for f in read_fields(env / "f.pdf")}["giver_name"] == "Åse Bø"


def test_fill_answers_from_stdin_are_bounded(env):
    from ipforms.forms.answers import MAX_ANSWERS_BYTES
    r = CliRunner().invoke(main, ["fill", "fullmakt", "--data", "-", "-o", "f.pdf"],
                           input="giver_name: " + "x" * MAX_ANSWERS_BYTES + "\n")
    assert r.exit_code == 2
    assert "stdin: too large (more than 4,096 KiB" in r.output
    assert not (env / "f.pdf").exists()
    r = CliRunner().invoke(main, ["fill", "fullmakt", "--data", "-", "-o", "f.pdf"],
                           input=b"giver_name: \xff\n")
    assert r.exit_code == 2 and "stdin: not UTF-8 text" in r.output


def test_fill_answers_from_another_pipe_are_refused_with_the_way_to_give_them(env):
    import os
    os.mkfifo(env / "svar.yml")  # nobody writes: reading it would wait for ever
    r = run("fill", "fullmakt", "--data", "svar.yml", "-o", "f.pdf")
    assert r.exit_code == 2
    assert "not a regular file (for the standard input, write --data -)" in r.output
