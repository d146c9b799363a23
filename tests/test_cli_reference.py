"""docs/cli.md is the commands' own --help, as tools/cli-reference.py writes it: the test
fails when a command, an option or a help text changed and the reference was not written
again."""

from __future__ import annotations

import importlib.util
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def load_tool():
    spec = importlib.util.spec_from_file_location("cli_reference", REPO / "tools" / "cli-reference.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_docs_cli_md_is_the_current_help():
    tool = load_tool()
    written = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    assert written == tool.reference(), "docs/cli.md is out of date: run tools/cli-reference.py"


def test_every_command_has_its_section():
    from ipforms.cli import main

    written = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    for name in main.commands:
        assert f"## ipforms {name}\n" in written
        assert f"Usage: ipforms {name} " in written
