"""`ipforms build` from the command line: exit codes and the exact messages."""

from __future__ import annotations

from click.testing import CliRunner

from ipforms.cli import main

import sitetree as tb


def run(*args):
    """The command with its messages as the library writes them (--lang en); the
    Norwegian an editor reads is tested in test_editor_mistakes.py."""
    return CliRunner().invoke(main, [*args, "--lang", "en"], catch_exceptions=False)


def test_build_ok(tmp_path):
    root = tb.make(tmp_path)
    r = run("build", "--root", str(root), "--out", str(tmp_path / "out"))
    assert r.exit_code == 0, r.output
    assert f"built 1 site(s) in {tmp_path / 'out'}/: testby" in r.output
    assert (tmp_path / "out" / "testby" / "nn" / "koordinator" / "index.html").is_file()


def test_a_relative_out_is_where_the_user_is_not_inside_the_root(tmp_path, monkeypatch):
    """`--root proj --out rel` once built into proj/rel (mkdocs reads a relative site_dir
    against the folder of mkdocs.yml)."""
    root = tb.make(tmp_path)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    r = run("build", "--root", str(root), "--out", "rel", "--no-check", "--jobs", "1")
    assert r.exit_code == 0, r.output
    assert (work / "rel" / "testby" / "nn" / "koordinator" / "index.html").is_file()
    assert not (root / "rel").exists()


def test_bad_data_exit_2_with_file_and_path(tmp_path):
    root = tb.make(tmp_path, data={"testby": tb.TESTBY.replace("post@testby.kommune.no", "post-testby")})
    r = run("build", "--root", str(root), "--out", str(tmp_path / "out"))
    assert r.exit_code == 2
    f = root / "data" / "municipalities" / "testby.yml"
    assert (f"error: {f}:6: unit.email: expected an e-mail address like postmottak@kommune.no "
            "(got 'post-testby')") in r.output
    assert not (tmp_path / "out").exists()


def test_unknown_kommune_exit_2_with_hint(tmp_path):
    root = tb.make(tmp_path)
    r = run("build", "--root", str(root), "--kommune", "nowhere")
    assert r.exit_code == 2
    assert "no data file for nowhere" in r.output
    assert "hint: known: testby" in r.output


def test_template_error_exit_3(tmp_path):
    root = tb.make(tmp_path)
    (root / "content" / "nb" / "index.md").write_text("# X\n{% if %}\n")
    r = run("build", "--root", str(root), "--out", str(tmp_path / "out"), "--no-check")
    assert r.exit_code == 3
    assert f"{root / 'content' / 'nb' / 'index.md'}:2: template syntax:" in r.output
    assert "previous sites were left as they were" in r.output


def test_check_problems_stop_the_build_exit_1(tmp_path):
    """What `ipforms check` finds never reaches a built site silently."""
    root = tb.make(tmp_path)
    page = root / "content" / "nn" / "koordinator.md"
    page.write_text(page.read_text(encoding="utf-8").replace("Tenester", "Tenester ikke"),
                    encoding="utf-8")
    r = run("build", "--root", str(root), "--out", str(tmp_path / "out"))
    assert r.exit_code == 1
    assert "content/nn/koordinator.md:3: 'ikke' is bokmål; this text is nynorsk: write ikkje" \
        in r.output
    assert "error: nothing was built: fix the problems above (or build anyway with --no-check)" \
        in r.output
    assert not (tmp_path / "out").exists()
    r = run("build", "--root", str(root), "--out", str(tmp_path / "out"), "--no-check")
    assert r.exit_code == 0
