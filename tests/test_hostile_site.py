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
from ipforms.site import pages

REPO = Path(__file__).resolve().parent.parent


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


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
        pages.Renderer([tmp_path / "content"], "nb").render(
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
    out = pages.Renderer([tmp_path / "content"], "nb").render(
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
