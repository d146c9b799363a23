"""An editor's ten typical mistakes in the demo project: `ipforms check` lists each in
Norwegian (nb and nn) with file:line and a hint, and doing what the hints say makes the
project pass again.  Also: `ipforms new --written-standard nn` and the example values it
writes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from ipforms.cli import main
from ipforms.site import norsk

from editor_mistakes import Mistake, copy_demo, plant

#: words of the library's English messages that must not reach a Norwegian editor
ENGLISH = re.compile(r"\b(?:is|the|hint|error|note|expected|missing|did you mean|write|link to|"
                     r"changed|checked|problems|dictionary)\b")


def check(root: Path, *args: str):
    return CliRunner().invoke(main, ["check", "--root", str(root), *args])


@pytest.fixture
def planted(tmp_path) -> tuple[Path, list[Mistake]]:
    root = copy_demo(tmp_path / "demo")
    return root, plant(root)


def lines_at(output: str, file: str, line: int) -> list[str]:
    """The finding lines at ``file:line`` (each with its hint, if any)."""
    out, lines = [], output.split("\n")
    for i, text in enumerate(lines):
        if text.removeprefix("merk: ").startswith(f"{file}:{line}: "):
            hint = lines[i + 1] if i + 1 < len(lines) and lines[i + 1].startswith("  ") else ""
            out.append(text + "\n" + hint)
    return out


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_ten_mistakes_each_in_norwegian_with_file_line_and_hint(planted, lang):
    root, mistakes = planted
    norsk.MISSED.clear()
    r = check(root, "--lang", lang)
    assert r.exit_code == 2, r.output  # a data file that does not fit: exit 2
    for m in mistakes:
        found = [f for f in lines_at(r.output, m.file, m.line) if m.says in f]
        assert found, f"{m.what}: nothing at {m.file}:{m.line} says {m.says!r}\n{r.output}"
        if m.what not in ("bokmål word in nn",):  # "skriv ikkje" is in the message itself
            assert "\n  tips: " in found[0], found[0]
    assert norsk.MISSED == [], "messages without nb/nn text"
    for line in r.output.splitlines():
        prose = re.sub(r"\S*[/.]\S*|«[^»]*»|'[^']*'|\{\{.*?\}\}", " ", line)  # files, quoted words
        assert not ENGLISH.search(prose), line
    summary = r.output.strip().splitlines()[-1]
    assert summary.startswith({"nb": "15 problemer (", "nn": "15 problem ("}[lang]), summary


def test_the_written_standard_of_the_project_is_the_default(planted):
    root, _ = planted
    data = root / "data" / "municipalities"
    for p in data.glob("*.yml"):
        text = p.read_text(encoding="utf-8")
        p.write_text(re.sub(r"(?m)^written_standard: \w+", "written_standard: nn", text)
                     if "written_standard:" in text else text + "written_standard: nn\n",
                     encoding="utf-8")
    r = check(root, "--no-suggest")
    assert "«ikke» er bokmål, men denne teksten er på nynorsk: skriv ikkje" in r.output
    assert "lenkja til barnekordinator.md: sida finst ikkje" in r.output


def test_doing_what_the_hints_say_makes_the_project_pass(planted):
    root, _ = planted
    out = check(root, "--lang", "nb").output
    c, data = root / "content", root / "data" / "municipalities" / "oyer.yml"

    def hint(after: str, pattern: str) -> re.Match:
        """The hint (or message) below the finding that contains ``after``."""
        block = out[out.index(after):]
        m = re.search(pattern, block)
        assert m, (after, pattern, block[:400])
        return m

    def line_of(path: Path, old: str) -> int:
        text = path.read_text(encoding="utf-8")
        return text.count("\n", 0, text.index(old)) + 1

    def sub(path: Path, old: str, new: str) -> None:
        text = path.read_text(encoding="utf-8")
        assert old in text, (path, old)
        path.write_text(text.replace(old, new), encoding="utf-8")

    # bokmål word in nn: "skriv ikkje"
    sub(c / "nn" / "koordinator.md", "du ikke ønskjer",
        "du " + hint("«ikke» er bokmål", r"skriv (\w+)").group(1) + " ønskjer")
    # misspelling: the first suggestion
    sub(c / "nb" / "koordinator.md", "tjenestenne",
        hint("«tjenestenne»", r"mente du (\w+)").group(1))
    # broken link and anchor, in both standards
    for lang in ("nb", "nn"):
        page = f"content/{lang}/index.md"
        sub(c / lang / "index.md", "barnekordinator.md",
            hint(f"{page}:{line_of(c / lang / 'index.md', 'barnekordinator.md')}: lenken til "
                 "barnekordinator.md", r"mente du (\S+)\?").group(1))
        wrong = "hvem-har-rett" if lang == "nb" else "kven-har-rett"
        sub(c / lang / "index.md", f"#{wrong})",
            hint(f"id-en «{wrong}»", r"mente du (#\S+)\?").group(1) + ")")
    # the law as plain text: the law() call the hint writes
    for lang, text in (("nb", "pasient- og brukerrettighetsloven § 2-5"),
                       ("nn", "pasient- og brukarrettslova § 2-5")):
        sub(c / lang / "individuell-plan.md", text,
            hint(f"content/{lang}/individuell-plan.md:"
                 f"{line_of(c / lang / 'individuell-plan.md', text)}: «§ 2-5»",
                 r"skriv (\{\{.*?\}\})").group(1))
    # the data file: date, phone, the missing key, the colour
    sub(data, "last_reviewed: 31.04.2026", hint("'31.04.2026'", r"skriv (last_reviewed: \S+)").group(1))
    sub(data, "phone: 61 26 60 OO", hint("telefonnummer", r"for eksempel (phone: .+)").group(1))
    email = hint("«email» mangler", r"for eksempel (email: \S+)").group(1)
    sub(data, "  phone: 61 26 60 00", f"  {email}\n  phone: 61 26 60 00")
    sub(data, 'colour: "#f5c518"', hint("fargen #f5c518", r"for eksempel (colour: .+)").group(1))
    # the heading renamed in nb only: make nn say the same, then accept the pair
    assert "få avsnittet på nynorsk til å si det samme" in out
    sub(c / "nn" / "barnekoordinator.md", "## Kva gjer barnekoordinatoren?",
        "## Kva gjer koordinatoren for familien?")
    r = check(root, "--lang", "nb", "--accept", "--yes")
    assert r.exit_code == 0, r.output
    r = check(root, "--lang", "nb")
    assert r.exit_code == 0 and r.output.startswith("ingen problemer; kontrollert: "), r.output


# -- ipforms new --written-standard, and its example values ---------------------------------------

def test_new_nynorsk_then_example_fields_deleted_check_and_build_refuse(tmp_path):
    r = CliRunner().invoke(main, ["new", str(tmp_path / "vinje"), "--written-standard", "nn"])
    assert r.exit_code == 0, r.output
    assert "neste steg: skriv dei ekte opplysningane i data/municipalities/vinje.yml" in r.output
    project = tmp_path / "vinje"
    data = project / "data" / "municipalities" / "vinje.yml"
    text = data.read_text(encoding="utf-8")
    assert re.search(r"(?m)^written_standard: nn\b", text)
    readme = (project / "README.md").read_text(encoding="utf-8")
    assert "site/vinje/ (Nynorsk) and site/vinje/nb/ (Bokmål)" in readme
    data.write_text(text[:text.index("example_fields:")], encoding="utf-8")
    assert "example_fields" not in yaml.safe_load(data.read_text(encoding="utf-8"))

    examples = yaml.safe_load((project / ".ipforms-examples.yml").read_text(encoding="utf-8"))
    examples = examples["vinje"]  # by municipality: another data file is not vinje's
    assert {"unit.phone", "unit.email", "unit.postal_address.street", "complaint_body.nn",
            "unit.opening_hours.nn", "local.index.nn"} <= set(examples)
    r = check(project, "--no-suggest")  # the project's standard: nn
    assert r.exit_code == 1
    for path in examples:
        assert re.search(rf"vinje\.yml:\d+: {re.escape(path)}: .* er eksempelverdien frå ipforms new",
                         r.output), (path, r.output)
    r = CliRunner().invoke(main, ["build", "--root", str(project), "--out", str(tmp_path / "out")])
    assert r.exit_code == 1
    assert "unit.phone: 12 34 56 78 er eksempelverdien frå ipforms new" in r.output
    assert "feil: ingenting vart bygt" in r.output and not (tmp_path / "out").exists()

    # changed values are no longer examples; a value left as it was still is
    text = data.read_text(encoding="utf-8").replace("12 34 56 78", "35 06 20 00")
    data.write_text(text, encoding="utf-8")
    r = check(project, "--no-suggest")
    assert "unit.phone:" not in r.output and "unit.email: postmottak@example.no" in r.output


def test_placeholders_the_skeleton_never_means_are_found_without_the_record(tmp_path):
    r = CliRunner().invoke(main, ["new", str(tmp_path / "nordvik")])
    project = tmp_path / "nordvik"
    (project / ".ipforms-examples.yml").unlink()
    r = check(project, "--no-suggest", "--lang", "nb")
    assert r.exit_code == 1
    assert "unit.email: postmottak@example.no er eksempelverdien fra ipforms new" in r.output
    assert "accessibility_statement: https://uustatus.no/ er eksempelverdien" in r.output


# -- --accept shows what it accepts --------------------------------------------------------------

REVERSED = "Du kan få ein koordinator berre dersom du også har ein individuell plan."


@pytest.fixture
def nn_only_edit(tmp_path) -> Path:
    """The demo with an nn-only edit that reverses the law (pbrl § 2-5 b: a koordinator
    also without an individuell plan)."""
    root = copy_demo(tmp_path / "demo")
    page = root / "content" / "nn" / "koordinator.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace(
        "Du kan få ein koordinator sjølv om du ikkje ønskjer ein individuell plan.", REVERSED),
        encoding="utf-8")
    return root


def _reversed_line(root: Path) -> int:
    """The line of the reversed paragraph (the same in nb and nn: the pages line up)."""
    text = (root / "content" / "nn" / "koordinator.md").read_text(encoding="utf-8")
    return text.count("\n", 0, text.index(REVERSED)) + 1


def test_accept_yes_lists_each_pair_with_both_texts(nn_only_edit):
    n = _reversed_line(nn_only_edit)
    r = check(nn_only_edit, "--no-suggest", "--accept", "--yes")
    assert r.exit_code == 0, r.output
    assert (f"[1] content/nb/koordinator.md:{n}\n"
            "    Du kan få en koordinator selv om du ikke ønsker en individuell plan.\n"
            f"    content/nn/koordinator.md:{n}\n"
            f"    {REVERSED}\n") in r.output
    assert "godkjente 1 av 1 avsnittspar på bokmål og nynorsk" in r.output
    assert check(nn_only_edit, "--no-suggest").exit_code == 0


def test_accept_asks_one_by_one_and_a_no_keeps_the_finding(nn_only_edit, monkeypatch):
    import ipforms.cli
    monkeypatch.setattr(ipforms.cli, "_interactive", lambda: True)
    r = CliRunner().invoke(main, ["check", "--root", str(nn_only_edit), "--no-suggest",
                                  "--accept"], input="n\n")
    assert REVERSED in r.output and "Sier de to det samme? [y/N]" in r.output
    assert "godkjente 0 av 1 avsnittspar" in r.output
    r = check(nn_only_edit, "--no-suggest")
    assert r.exit_code == 1
    n = _reversed_line(nn_only_edit)
    assert (f"content/nn/koordinator.md:{n}: endret på nynorsk siden forrige godkjenning, men "
            f"content/nb/koordinator.md:{n} er ikke endret") in r.output


def test_accept_without_a_terminal_needs_yes(nn_only_edit):
    r = check(nn_only_edit, "--no-suggest", "--accept")
    assert r.exit_code == 2 and "--accept --yes" in r.output
    assert check(nn_only_edit, "--no-suggest").exit_code == 1  # nothing was recorded


# -- words and the forms' texts ----------------------------------------------------------------------

def test_the_shared_word_list_serves_every_project_and_a_projects_list_adds(tmp_path):
    """The default texts pass with the word list shipped with ipforms: a second project on
    the same install checks clean too, and a project's own data/words.txt only adds."""
    for name in ("nordvik", "sorvik"):
        CliRunner().invoke(main, ["new", str(tmp_path / name)])
        (tmp_path / name / ".ipforms-examples.yml").unlink()  # not about the examples
    (tmp_path / "nordvik" / "data" / "words.txt").write_text("Nordvikmodellen\n", encoding="utf-8")
    for name in ("nordvik", "sorvik"):
        r = check(tmp_path / name, "--no-suggest", "--lang", "nb")
        assert "rettskriving" not in r.output and "står ikke i ordlista" not in r.output, r.output


def test_the_forms_texts_are_checked_like_pages(tmp_path, monkeypatch):
    from editor_mistakes import REPO
    forms = tmp_path / "forms"
    forms.mkdir()
    for p in (REPO / "forms").glob("*.yml"):
        forms.joinpath(p.name).write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
    text = (forms / "soknad.yml").read_text(encoding="utf-8")
    assert "psykisk helse, Nav, skule" in text
    text = text.replace("psykisk helse, Nav, skule", "psykisk helse, NAV, skule")
    text = text.replace("nn: Tenester du får i dag", "nn: Tenester du får ikke i dag")
    (forms / "soknad.yml").write_text(text, encoding="utf-8")
    monkeypatch.setenv("IPFORMS_FORMS_DIR", str(forms))
    root = copy_demo(tmp_path / "demo")
    r = check(root, "--no-suggest", "--lang", "nn")
    lines = text.split("\n")
    nav = next(i for i, line in enumerate(lines, 1) if "NAV" in line)
    ikke = next(i for i, line in enumerate(lines, 1) if "får ikke i dag" in line)
    assert f"soknad.yml:{nav}: «NAV» er forelda: skriv Nav" in r.output, r.output
    assert f"soknad.yml:{ikke}: «ikke» er bokmål, men denne teksten er på nynorsk" in r.output
    assert r.exit_code == 1


@pytest.mark.parametrize("old,new", [
    ("  phone: 61 26 60 00", "  phone 61 26 60 00"),                        # no colon
    ("  phone: 61 26 60 00", '  phone: "61 26 60 00'),                       # unclosed quote
    ("  phone: 61 26 60 00", "\tphone: 61 26 60 00"),                        # a tab
    ("  phone: 61 26 60 00", "  phone: 61 26 60 00\n  phone: 61 26 60 01"),  # twice
    ("  opening_hours:", "  opening_hour:"),                                # unknown key
    ('postcode: "2636"', "postcode: 0150"),                                 # a number
    ("  email: postmottak.plo@oyer.kommune.no", "  email: postmottak"),       # no e-mail
    ("written_standard: nb", "written_standard: nno"),                      # unknown value
    ("https://uustatus.no/nb/", "uustatus.no/nb/"),                          # no web address
])
@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_data_file_messages_in_norwegian(tmp_path, old, new, lang):
    root = copy_demo(tmp_path / "demo")
    data = root / "data" / "municipalities" / "oyer.yml"
    text = data.read_text(encoding="utf-8")
    assert old in text
    data.write_text(text.replace(old, new, 1), encoding="utf-8")
    norsk.MISSED.clear()
    r = check(root, "--no-suggest", "--lang", lang)
    assert r.exit_code == 2 and "data/municipalities/oyer.yml:" in r.output, r.output
    assert norsk.MISSED == [], norsk.MISSED


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_what_a_template_may_not_do_is_said_in_norwegian(tmp_path, lang):
    """Every hostile template of the corpus (dev/hostile_site.py) is refused in the
    editor's language, with its hint: the sandbox's reasons are messages too."""
    from ipforms.dev.hostile_site import TEMPLATES
    from ipforms.site.overlay import SHIPPED_CONTENT

    root = copy_demo(tmp_path / "demo")
    page = root / "content" / "nb" / "index.md"
    page.parent.mkdir(parents=True, exist_ok=True)
    original = (SHIPPED_CONTENT / "nb" / "index.md").read_text(encoding="utf-8")
    for case in TEMPLATES:
        page.write_text(original + "\n" + case.source + "\n", encoding="utf-8")
        norsk.MISSED.clear()
        r = check(root, "--no-suggest", "--lang", lang)
        assert r.exit_code != 0, (case.name, r.output)
        assert "content/nb/index.md:" in r.output, (case.name, r.output)
        assert norsk.MISSED == [], (case.name, norsk.MISSED)
        for english in ("not allowed", "templates use", "loop rounds", "would make a value"):
            assert english not in r.output, (case.name, r.output)
