"""Hostile site input (issue 19), each attack through each entry point that reads it:
page templates (sandboxed), data values (escaped wherever they land), YAML (no alias
bombs, linear time), symlinks and special files (never followed out or waited on),
names printed by `check` and given to `ipforms new`.

The corpus is :mod:`ipforms.dev.hostile_site`.  Time limits here only catch hangs;
the figures are measured by ``bench/hostile.py``.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import sitetree as tb

from ipforms.cli import main
from ipforms.core.errors import TemplateError
from ipforms.core.municipality import load_municipality
from ipforms.dev import hostile_site as hs
from ipforms.site import escape, pages, render

REPO = Path(__file__).resolve().parent.parent


def run(*args):
    """The CLI with its messages as written (English), which these tests match."""
    argv = list(args)
    if argv and argv[0] in ("check", "build") and "--lang" not in argv:
        argv[1:1] = ["--lang", "en"]
    return CliRunner().invoke(main, argv, catch_exceptions=False)


def no_forms(root: Path) -> Path:
    """Pages only: the forms (drawn by WeasyPrint, seconds) are not what these tests are about."""
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - ipforms\n", "  - ipforms:\n      forms: false\n"), encoding="utf-8")
    return root


@pytest.fixture(autouse=True)
def no_marker():
    Path(hs.MARKER).unlink(missing_ok=True)
    yield
    assert not Path(hs.MARKER).exists(), "a template ran a shell command"


# --- templates: the sandbox ---------------------------------------------------------------

@pytest.mark.parametrize("case", hs.TEMPLATES, ids=[c.name for c in hs.TEMPLATES])
def test_template_attack_is_an_error_with_file_and_line(tmp_path, case):
    page = tmp_path / "content" / "nb" / "index.md"
    page.parent.mkdir(parents=True)
    page.write_text("# Side\n\nTekst.\n" + case.source + "\n", encoding="utf-8")
    m = load_municipality(REPO / "data" / "municipalities" / "oyer.yml")
    with pytest.raises(TemplateError) as err:
        render.Renderer([tmp_path / "content"], "nb").render(
            "index.md", pages.context(m, "nb", "index"))
    assert case.error in str(err.value)
    assert err.value.file == str(page) and err.value.line == 4, str(err.value)


def test_what_editors_use_still_works(tmp_path):
    page = tmp_path / "content" / "nb" / "index.md"
    page.parent.mkdir(parents=True)
    page.write_text("{{ municipality.name }}: {{ law('pbrl', '2-5') }}\n"
                    "{% for line in unit.postal_lines %}{{ line }}{% if not loop.last %}, "
                    "{% endif %}{% endfor %}\n{{ unit.name|upper }} {{ unit.name.lower() }}\n"
                    "{% set n = namespace(k=0) %}{% for s in services %}{% set n.k = n.k + 1 %}"
                    "{% endfor %}{{ n.k }} {{ services|join(', ') }}\n"
                    "{% macro hello(x) %}Hei {{ x }}{% endmacro %}{{ hello(unit.name) }}\n",
                    encoding="utf-8")
    m = load_municipality(REPO / "data" / "municipalities" / "oyer.yml")
    out = render.Renderer([tmp_path / "content"], "nb").render(
        "index.md", pages.context(m, "nb", "index"))
    lines = out.splitlines()
    assert lines[0].startswith("Øyer kommune: [pasient\\- og brukerrettighetsloven § 2\\-5](<https://")
    assert lines[1] == "Kongsvegen 325, 2636 Øyer"
    assert lines[2] == "TILDELINGSENHETEN tildelingsenheten"
    assert lines[3] == "3 individuell\\-plan, koordinator, barnekoordinator"
    assert lines[4] == "Hei Tildelingsenheten"


def test_check_reports_every_template_attack_at_once(tmp_path):
    """One page per attack (with its nn twin): `check` names each page and line, exit 1."""
    extra = {}
    for case in hs.TEMPLATES:
        for lang in ("nb", "nn"):
            source = case.source.replace("'index.md'", f"'{case.name}.md'")  # itself
            extra[f"{lang}/{case.name}.md"] = f"# {case.name}\n\n{source}\n"
    root = tb.make(tmp_path, pages={**tb.PAGES, **extra})
    r = run("check", "--root", str(root), "--no-suggest")
    assert r.exit_code == 1, r.output
    assert "Traceback" not in r.output
    for case in hs.TEMPLATES:
        for lang in ("nb", "nn"):
            assert re.search(rf"content/{lang}/{re.escape(case.name)}\.md:3: .*"
                             rf"{re.escape(case.error)}", r.output), (case.name, r.output[-3000:])


@pytest.mark.parametrize("case", [hs.TEMPLATES[0], hs.TEMPLATES[12]], ids=["popen", "loops"])
def test_build_stops_on_a_template_attack(tmp_path, case):
    root = no_forms(tb.make(tmp_path))
    page = root / "content" / "nb" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + case.source + "\n", encoding="utf-8")
    r = run("build", "--root", str(root), "--out", str(tmp_path / "out"), "--no-check")
    assert r.exit_code == 3, r.output
    assert f"{page}:4: not allowed in a page template" in r.output
    assert "Traceback" not in r.output
    assert not (tmp_path / "out" / "testby").exists()


@pytest.mark.slow  # mkdocs in a child process, or the forms drawn
def test_mkdocs_build_and_serve_plugin_refuse_a_template_attack(tmp_path):
    """`mkdocs build` runs the plugin `mkdocs serve` runs: the same sandbox."""
    root = no_forms(tb.make(tmp_path))
    page = root / "content" / "nb" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + hs.TEMPLATES[0].source + "\n",
                    encoding="utf-8")
    env = {**os.environ, "IPFORMS_KOMMUNE": "testby", "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", str(tmp_path / "out")],
                          cwd=root, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode != 0
    assert f"{page}:4: not allowed in a page template" in proc.stdout + proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr


# --- data values: escaped wherever they land ------------------------------------------------

def live_script_problems(html_text: str) -> list[str]:
    """What in a built page would run script from data, as a browser parses it: a
    script element holding the payload, an event handler attribute, or a link or
    image to javascript:/vbscript:/data:; and markup inside <title>."""
    from html import unescape
    from html.parser import HTMLParser

    problems: list[str] = []

    class Walk(HTMLParser):
        in_script = False

        def handle_starttag(self, tag, attrs):
            self.in_script = tag == "script"
            for name, value in attrs:
                value = value or ""
                if name.startswith("on") and "alert(" in value:
                    problems.append(f"event handler <{tag} {name}={value[:60]!r}>")
                target = re.sub(r"[\x00-\x20]", "", unescape(value)).lower()
                scheme = re.match(r"(javascript|vbscript|data):", target)
                if name in ("href", "src", "action") and scheme and (
                        scheme.group(1) != "data" or tag in ("a", "iframe", "object", "embed", "form")):
                    problems.append(f"live link <{tag} {name}={value[:60]!r}>")

        def handle_endtag(self, tag):
            self.in_script = False

        def handle_data(self, data):
            if self.in_script and "alert(" in data:
                problems.append(f"script from data: {data[:80]!r}")

    Walk().feed(html_text)
    title = re.search(r"<title>(.*?)</title>", html_text, re.S)
    if title and "<" in title.group(1):
        problems.append(f"markup inside <title>: {title.group(1)[:80]!r}")
    return problems


def test_markup_in_the_name_is_a_data_error(tmp_path):
    root = tb.make(tmp_path, data={"testby": hs.hostile_data(tb.TESTBY, name=True)})
    for cmd in (["check", "--root", str(root), "--no-suggest"],
                ["build", "--root", str(root), "--out", str(tmp_path / "out"), "--no-check"]):
        r = run(*cmd)
        assert r.exit_code in (1, 2), r.output
        assert "testby.yml:1: name: a name cannot hold" in r.output
        assert "Traceback" not in r.output
    assert not (tmp_path / "out" / "testby").exists()


def test_markup_in_every_other_value_is_shown_as_text(tmp_path):
    """Every free text of the data file holds MARKUP; a page heading shows data too.
    No page of the built site runs any of it (header, menu, <title>, 404, footer,
    the pages, the search index)."""
    root = no_forms(tb.make(tmp_path, data={"testby": hs.hostile_data(tb.TESTBY)}))
    for lang in ("nb", "nn"):
        page = root / "content" / lang / "index.md"
        page.write_text("# {{ unit.name }} og {{ complaint_body }}\n\n{{ local }}\n\n"
                        "{{ unit.opening_hours }} {{ unit.postal_address }}\n\n"
                        "{{ channels.digital.link }} {{ brochure_link }} {{ ip_tool.name }} "
                        "{{ ip_tool.login }} {{ ip_tool_link }} {{ collaboration_link }}\n\n"
                        "{% include '_partials/kontakt.md' %}\n", encoding="utf-8")
    out = tmp_path / "out"
    r = run("build", "--root", str(root), "--out", str(out), "--no-check")
    assert r.exit_code == 0, r.output
    site = out / "testby"
    built = [p for p in site.rglob("*") if p.suffix in (".html", ".json", ".xml")]
    assert len([p for p in built if p.suffix == ".html"]) >= 9
    problems = [f"{p.relative_to(site)}: {x}" for p in built
                for x in live_script_problems(p.read_text(encoding="utf-8"))]
    assert not problems, "\n".join(problems[:20])
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "Enhet&lt;/title&gt;&lt;/script&gt;" in index  # shown, as text
    assert "<title>Enhet&lt;/title&gt;" in index


@pytest.mark.parametrize("text", hs.LOCAL_REFUSED)
def test_a_link_in_local_text_to_anything_but_the_web_mail_or_phone_is_a_data_error(tmp_path, text):
    data = tb.TESTBY + f"local:\n  index: {{nb: {hs.yaml_quoted(text)}, nn: Lokalt}}\n"
    root = tb.make(tmp_path, data={"testby": data})
    r = run("check", "--root", str(root), "--kommune", "testby", "--no-suggest")
    assert r.exit_code == 2, (r.exit_code, r.output)  # a data error: the data cannot be used
    assert re.search(r"testby\.yml:\d+: local\.index\.nb: (a link to .* links in data may only "
                     r"go to http, https, mailto, tel addresses|the attribute 'on\w+')", r.output), \
        r.output


@pytest.mark.parametrize("text", hs.LOCAL_ALLOWED)
def test_plain_links_in_local_text_are_kept(text):
    from ipforms.core.municipality import local_markup_problem
    assert local_markup_problem(text) is None


def test_local_links_in_a_built_page_are_never_live(tmp_path):
    allowed = " ".join(hs.LOCAL_ALLOWED[:2] + hs.LOCAL_ALLOWED[3:])
    data = tb.TESTBY + f"local:\n  index: {{nb: {hs.yaml_quoted(allowed)}, nn: Lokalt}}\n"
    root = no_forms(tb.make(tmp_path, data={"testby": data}))
    (root / "content" / "nb" / "index.md").write_text("# Forside\n\n{{ local }}\n", encoding="utf-8")
    r = run("build", "--root", str(root), "--out", str(tmp_path / "out"), "--no-check")
    assert r.exit_code == 0, r.output
    index = (tmp_path / "out" / "testby" / "index.html").read_text(encoding="utf-8")
    assert '<a href="https://ok.no">a</a>' in index and '<a href="tel:+4712345678">c</a>' in index
    assert live_script_problems(index) == []


def test_json_in_a_page_cannot_close_its_script():
    import json as _json
    value = {"a": "</script><!--<script>alert(1)</script>&\u2028\u2029>"}
    text = escape.script_json(value, ensure_ascii=False)
    assert not re.search("[<>&\u2028\u2029]", text)
    assert _json.loads(text) == value


def test_the_online_form_page_keeps_data_inside_its_json_block():
    from ipforms.site.webform import data_file, render_page
    m = load_municipality(REPO / "data" / "municipalities" / "oyer.yml")
    data = {"form": "soknad", "forms": {"soknad": {"title": "Søknad"}},
            "contact": {"channels": ["<!--<script>alert(1)</script>", "</script><b>x"]}}
    page = render_page(m, "nb", "soknad", data, "soknad-nb.pdf")
    block = re.search(r'<script id="ipf-data" type="application/json">(.*?)</script>', page, re.S)
    assert block is not None
    import json as _json
    assert _json.loads(block.group(1)) == {**data, "shared": data_file("nb").stamp}
    assert page.count("<script") == 3 and "<!--" not in page


@pytest.mark.parametrize("name,svg,reason", hs.SVG_REFUSED, ids=[c[0] for c in hs.SVG_REFUSED])
def test_an_svg_logo_with_script_or_references_is_refused(tmp_path, name, svg, reason):
    from ipforms.core.errors import DataError
    from ipforms.core.municipality import read_logo
    logo = tmp_path / "testby.logo.svg"
    logo.write_text(svg, encoding="utf-8")
    if not reason:  # bounded either way
        try:
            read_logo(logo)
        except DataError:
            pass
        return
    with pytest.raises(DataError) as err:
        read_logo(logo)
    assert "this SVG logo cannot be published" in str(err.value) and reason in str(err.value)


def test_a_clean_svg_logo_is_published(tmp_path):
    root = no_forms(tb.make(tmp_path, data={"testby": tb.TESTBY + "logo: testby.logo.svg\n"}))
    (root / "data" / "municipalities" / "testby.logo.svg").write_text(hs.SVG_CLEAN, encoding="utf-8")
    r = run("build", "--root", str(root), "--out", str(tmp_path / "out"), "--no-check")
    assert r.exit_code == 0, r.output
    published = list((tmp_path / "out" / "testby").rglob("*.svg"))
    assert any(p.read_text(encoding="utf-8") == hs.SVG_CLEAN for p in published)


@pytest.mark.parametrize("cmd", ["check", "build"])
def test_an_svg_logo_with_script_stops_check_and_build(tmp_path, cmd):
    root = no_forms(tb.make(tmp_path, data={"testby": tb.TESTBY + "logo: testby.logo.svg\n"}))
    (root / "data" / "municipalities" / "testby.logo.svg").write_text(hs.SVG_REFUSED[0][1],
                                                                      encoding="utf-8")
    args = ["--no-suggest"] if cmd == "check" else ["--out", str(tmp_path / "out"), "--no-check"]
    r = run(cmd, "--root", str(root), *args)
    assert r.exit_code in (1, 2), r.output
    assert "testby.yml:13: logo: " in r.output and "cannot be published: it holds a <script>" \
        in r.output
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").rglob("*.svg"))


# --- YAML -------------------------------------------------------------------------------------

YAML_CASES = hs.yaml_cases()


@pytest.mark.parametrize("case", YAML_CASES, ids=[c.name for c in YAML_CASES])
def test_hostile_yaml_is_a_data_error_or_read_in_bounded_time(tmp_path, case):
    """The data file as `check`, `build` and the plugin read it (read_data_file), in a
    child process with a hard memory limit of 1 GB and a hang limit."""
    from ipforms.core.municipality import read_data_file
    data = tmp_path / "testby.yml"
    data.write_text(tb.TESTBY + case.extra, encoding="utf-8")
    code = ("import resource, sys\n"
            "resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))\n"
            "from ipforms.core.municipality import read_data_file\n"
            f"df = read_data_file({str(data)!r})\n"
            "print('\\n'.join(str(p) for p in df.problems) or 'fine')\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr[-2000:]
    if not case.error:
        assert proc.stdout.strip() == "fine"
        return
    assert case.error in proc.stdout, proc.stdout
    first = proc.stdout.splitlines()[0]
    assert first.startswith(f"{data}:"), first
    if case.line:
        assert first.startswith(f"{data}:{case.line}:"), first
    del read_data_file


@pytest.mark.parametrize("cmd", ["check", "build"])
def test_alias_bomb_stops_check_and_build_with_the_line(tmp_path, cmd):
    root = no_forms(tb.make(tmp_path, data={"testby": tb.TESTBY + hs.billion_laughs()}))
    args = ["--no-suggest"] if cmd == "check" else ["--out", str(tmp_path / "out"), "--no-check"]
    proc = subprocess.run([sys.executable, "-m", "ipforms", cmd, "--lang", "en", "--root", str(root), *args],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "testby.yml:14: '*a' repeats a value given elsewhere (a YAML alias)" \
        in proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr


def test_a_60_kb_data_file_is_checked_and_a_4_mb_one_refused(tmp_path):
    """A 4 MB file once took 51 s in `check` (line counting from the start for every
    sentence): now files over 64 kB are refused at once, and what is read is read in
    linear time (the figures are in bench/hostile.py; this only catches a hang)."""
    root = no_forms(tb.make(tmp_path, data={"testby": tb.TESTBY + hs.long_local_text(60_000)}))
    proc = subprocess.run([sys.executable, "-m", "ipforms", "check", "--lang", "en", "--root", str(root),
                           "--no-suggest"], capture_output=True, text=True, timeout=120)
    assert proc.returncode in (0, 1), proc.stdout[-2000:] + proc.stderr[-2000:]
    assert "checked 1 data files" in proc.stdout + proc.stderr
    data = root / "data" / "municipalities" / "testby.yml"
    data.write_text(tb.TESTBY + hs.long_local_text(4 << 20), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "ipforms", "check", "--lang", "en", "--root", str(root),
                           "--no-suggest"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert re.search(r"testby\.yml: is 4,\d{3},\d{3} bytes; at most 65,536 are read", proc.stdout)


def test_a_data_file_of_made_up_words_gives_fifty_findings_and_a_count(tmp_path):
    """56 kB of different made-up words (each unknown to hunspell) once gave one finding
    per word, thousands of lines: now the first 50 in the file and a count of the rest."""
    root = no_forms(tb.make(tmp_path, data={"testby": tb.TESTBY + hs.made_up_words(56_000)}))
    proc = subprocess.run([sys.executable, "-m", "ipforms", "check", "--lang", "en", "--root", str(root),
                           "--no-suggest"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert proc.stdout.count("is not in the bokmål dictionary") == 50
    assert re.search(r"testby\.yml: [\d,]+ more words are not in the dictionaries "
                     r"\(the first 50 are shown\)", proc.stdout)
    assert "Traceback" not in proc.stderr


def test_alias_bomb_in_a_translations_file_is_refused_with_the_line(tmp_path):
    """660 bytes of nested mapping aliases in `<slug>.se.yml` were flattened into 48
    million keys (11 s and a MemoryError under a 1 GB limit, gigabytes without)."""
    import time

    from ipforms.core.errors import DataError
    from ipforms.core.translations import load_translations
    data = tmp_path / "testby.yml"
    (tmp_path / "testby.se.yml").write_text(hs.mapping_laughs(), encoding="utf-8")
    start = time.process_time()
    with pytest.raises(DataError) as err:
        load_translations(data, "se")
    assert time.process_time() - start < 1.0
    assert str(err.value).endswith("testby.se.yml:2: '*a' repeats a value given elsewhere "
                                   "(a YAML alias); translation files do not use aliases")


@pytest.mark.parametrize("text", ["a." * 30_000, "a" * 60_000], ids=["dots", "word"])
def test_a_long_line_of_local_text_is_checked_in_bounded_time(tmp_path, text):
    """A line of "a.a.a." in local text took `check` 4 s for 20 kB and minutes for more (a host-name regular
    expression), one word of 200,000 letters 19 s (hunspell over one "word");
    now both take a fraction of a second (bench/hostile.py --site).  The timeout only
    catches a hang; the long word is an unknown word."""
    root = no_forms(tb.make(tmp_path, data={"testby": tb.TESTBY + hs.long_line(text)}))
    proc = subprocess.run([sys.executable, "-m", "ipforms", "check", "--lang", "en", "--root", str(root),
                           "--no-suggest"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == (1 if text.startswith("aa") else 0), proc.stdout[-2000:]
    assert "checked 1 data files" in proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr


# --- links and special files ---------------------------------------------------------------

@pytest.mark.slow  # 24 runs of the CLI in a child process (a FIFO must not hang it)
@pytest.mark.parametrize("case", hs.FILE_CASES, ids=[c.name for c in hs.FILE_CASES])
@pytest.mark.parametrize("cmd", ["check", "build"])
def test_links_out_and_special_files_are_refused_never_followed_or_waited_on(tmp_path, case, cmd):
    data = tb.TESTBY + ("logo: testby.logo.svg\n" if "logo" in case.name else "")
    root = no_forms(tb.make(tmp_path, data={"testby": data}))
    hs.make_file(root, case)
    out = tmp_path / "out"
    args = ["--no-suggest"] if cmd == "check" else ["--out", str(out), "--no-check"]
    proc = subprocess.run([sys.executable, "-m", "ipforms", cmd, "--lang", "en", "--root", str(root), *args],
                          capture_output=True, text=True, timeout=120)  # a FIFO once hung here
    said = proc.stdout + proc.stderr
    assert "Traceback" not in said and "internal error" not in said, said[-3000:]
    published = [p for p in out.rglob("*") if p.is_file()] if out.exists() else []
    leaked = [p for p in published if b"root:" in p.read_bytes()[:4096]]
    assert not leaked, leaked
    if not case.error:
        assert proc.returncode in (0, 1), said[-3000:]
        if cmd == "build":
            assert (out / "testby" / case.rel.removeprefix("content/nb/")).is_file()
        return
    assert proc.returncode in (2, 3), said[-3000:]
    assert case.error in said, said[-3000:]
    assert Path(case.rel).name in said


# --- names printed by check, and `ipforms new --name` ----------------------------------------

@pytest.mark.parametrize("name", hs.PRINTED_NAMES, ids=range(len(hs.PRINTED_NAMES)))
def test_check_prints_file_names_without_control_characters(tmp_path, name):
    root = tb.make(tmp_path)
    bad = root / "content" / "nb" / name
    os.symlink("/etc/hostname", bad)  # a problem `check` reports by the file's name
    r = run("check", "--root", str(root), "--no-suggest")
    assert r.exit_code == 2, r.output
    reported = [ln for ln in r.output.splitlines() if "is a link to /etc/hostname" in ln]
    assert len(reported) == 1, r.output
    assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e]", r.output)
    assert not any(ln.startswith("no problems") for ln in r.output.splitlines())
    assert reported[0].startswith("content/nb/side\\")


@pytest.mark.parametrize("name", hs.NEW_NAMES, ids=range(len(hs.NEW_NAMES)))
def test_new_refuses_a_name_that_is_not_one_plain_line_and_writes_nothing(tmp_path, name):
    r = run("new", str(tmp_path / "nordvik"), "--name", name)
    assert r.exit_code == 2, r.output
    assert "cannot be a municipality's name" in r.output
    assert list(tmp_path.iterdir()) == []  # no project, no temporary folder


def test_new_writes_the_project_in_one_step(tmp_path, monkeypatch):
    """A failure half-way (here: the data file check) leaves no folder and no temporary one."""
    from ipforms.core.errors import DataError
    from ipforms.site import project

    def refuse(path):
        raise DataError("refused for the test", file=path)
    monkeypatch.setattr(project, "load_municipality", refuse)
    with pytest.raises(DataError):
        project.new_project(tmp_path / "nordvik")
    assert list(tmp_path.iterdir()) == []
    monkeypatch.undo()
    written = project.new_project(tmp_path / "nordvik", name="Nordvik kommune")
    assert all(p.is_file() for p in written) and [p.name for p in tmp_path.iterdir()] == ["nordvik"]
    config = (tmp_path / "nordvik" / "mkdocs.yml").read_text(encoding="utf-8")
    assert 'site_name: "Nordvik kommune"' in config


@pytest.mark.slow  # mkdocs in a child process, or the forms drawn
def test_the_online_form_pages_keep_data_values_inside_their_json(tmp_path):
    """A full build with the forms: `</script><!--<script>` in every free text of the
    data once killed the online form (only `</` was escaped in its JSON block)."""
    import json as _json
    payload = "</script><!--<script>"
    root = tb.make(tmp_path, data={"testby": hs.hostile_data(tb.TESTBY, value=payload)})
    r = run("build", "--root", str(root), "--out", str(tmp_path / "out"), "--no-check")
    assert r.exit_code == 0, r.output
    forms = sorted((tmp_path / "out" / "testby" / "skjema").glob("*.html"))
    assert len(forms) == 10
    for page in forms:
        text = page.read_text(encoding="utf-8")
        assert text.count("<script") == 3 and "<!--" not in text, page.name
        block = re.search(r'<script id="ipf-data" type="application/json">(.*?)</script>', text, re.S)
        assert block is not None, page.name
        data = _json.loads(block.group(1))
        assert any(payload in line for line in data["contact"]["channels"]), page.name
        assert live_script_problems(text) == [], page.name


@pytest.mark.slow  # mkdocs in a child process, or the forms drawn
def test_mkdocs_serve_shows_the_sandbox_error_and_runs_nothing(tmp_path):
    """The real preview: a page with a shell command shows the error in its box."""
    import socket
    import time
    import urllib.request
    root = no_forms(tb.make(tmp_path))
    page = root / "content" / "nb" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + hs.TEMPLATES[0].source + "\n",
                    encoding="utf-8")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "IPFORMS_KOMMUNE": "testby", "NO_MKDOCS_2_WARNING": "1"}
    with open(tmp_path / "serve.log", "w") as log:
        proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                                cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        body = ""
        deadline = time.monotonic() + 180
        # the preview speaks the project's standard (testby: bokmål)
        refused = "ikke tillatt i en sidemal"
        while time.monotonic() < deadline and refused not in body:
            time.sleep(1)
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as resp:
                    body = resp.read().decode("utf-8")
            except OSError:
                continue
        assert refused in body, (tmp_path / "serve.log").read_text()[-2000:]
        assert "content/nb/index.md:4" in body
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
    assert "Traceback" not in (tmp_path / "serve.log").read_text()


def test_build_prints_a_file_name_with_terminal_codes_as_text(tmp_path):
    root = no_forms(tb.make(tmp_path))
    os.mkfifo(root / "content" / "nb" / "x\x1b[31mRED.png")
    proc = subprocess.run([sys.executable, "-m", "ipforms", "build", "--root", str(root), "--out",
                           str(tmp_path / "out"), "--no-check"], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 3
    assert "x\\x1b[31mRED.png: is a named pipe (FIFO)" in proc.stderr
    assert "\x1b" not in proc.stdout + proc.stderr


@pytest.mark.parametrize("cmd", ["check", "build"])
def test_alias_bomb_in_mkdocs_yml_stops_check_and_build(tmp_path, cmd):
    """mkdocs reads mkdocs.yml unfolded (2 GB and no end for 400 bytes of aliases under
    `extra:`): check reports it, build stops before mkdocs starts."""
    root = no_forms(tb.make(tmp_path))
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "extra:\n" + "".join(
        f"  {line}\n" for line in hs.billion_laughs().splitlines()), encoding="utf-8")
    args = ["--no-suggest"] if cmd == "check" else ["--out", str(tmp_path / "out"), "--no-check"]
    proc = subprocess.run([sys.executable, "-m", "ipforms", cmd, "--lang", "en", "--root", str(root), *args],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode in (2, 3), proc.stdout[-2000:] + proc.stderr[-2000:]
    assert re.search(r"mkdocs\.yml:\d+: its YAML aliases \(\*name\) unfold into 490,329,155 values",
                     proc.stdout + proc.stderr)


@pytest.mark.parametrize("cmd", ["build", "serve"])
def test_alias_bomb_in_mkdocs_yml_stops_mkdocs_run_directly(tmp_path, cmd):
    """`mkdocs build`/`serve` read mkdocs.yml before any plugin, and write every setting,
    unfolded, into their debug log right after validating it (even with the log off): 400
    bytes of aliases took 2 GB and never ended.  The ipforms plugin's config is validated
    just before that, and stops it there with the line (a memory limit keeps a failure
    of this test from taking the machine)."""
    import resource
    root = no_forms(tb.make(tmp_path))
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "extra:\n" + "".join(
        f"  {line}\n" for line in hs.billion_laughs().splitlines()), encoding="utf-8")
    env = {**os.environ, "IPFORMS_KOMMUNE": "testby", "NO_MKDOCS_2_WARNING": "1"}
    args = ["-d", str(tmp_path / "out")] if cmd == "build" else ["-a", "127.0.0.1:0"]

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
    proc = subprocess.run([sys.executable, "-m", "mkdocs", cmd, *args], cwd=root, env=env,
                          capture_output=True, text=True, timeout=120, preexec_fn=limit)
    assert proc.returncode == 1, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert re.search(r"mkdocs\.yml:\d+: its YAML aliases \(\*name\) unfold into 490,329,155 values",
                     proc.stdout + proc.stderr)
    assert "Traceback" not in proc.stdout + proc.stderr
