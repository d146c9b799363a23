#!/usr/bin/env python3
"""Write docs/cli.md, the CLI reference, from the commands' own --help.

    .venv/bin/python tools/cli-reference.py          # writes docs/cli.md
    .venv/bin/python tools/cli-reference.py --check  # exit 1 when docs/cli.md is out of date

tests/test_cli_reference.py fails when the file and --help disagree; run this script then.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "docs" / "cli.md"
WIDTH = 100  # the help text is wrapped at this width, whatever the terminal


def help_of(command: click.Command, path: list[str], parent: click.Context) -> str:
    settings = {**command.context_settings, "terminal_width": WIDTH, "max_content_width": WIDTH}
    return click.Context(command, info_name=path[-1], parent=parent, **settings).get_help()


def reference() -> str:
    from ipforms.cli import main

    settings = {**main.context_settings, "terminal_width": WIDTH, "max_content_width": WIDTH}
    top = click.Context(main, info_name="ipforms", **settings)
    parts = ["# Command-line reference", "",
             "Generated from `ipforms --help` and each command's `--help` by "
             "`tools/cli-reference.py`; do not edit by hand.", "",
             "```text", top.get_help(), "```", ""]
    assert isinstance(main, click.Group)
    for name in main.list_commands(top):
        command = main.get_command(top, name)
        if command is None or command.hidden:
            continue
        parts += [f"## ipforms {name}", "", "```text", help_of(command, ["ipforms", name], top),
                  "```", ""]
    return "\n".join(parts)


def main() -> int:
    text = reference()
    if "--check" in sys.argv[1:]:
        if OUT.read_text(encoding="utf-8") != text:
            print(f"{OUT.relative_to(REPO)} is out of date: run tools/cli-reference.py",
                  file=sys.stderr)
            return 1
        return 0
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
