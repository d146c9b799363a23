"""Imports run one way, from the CLI down: ``core`` < ``forms`` < ``validation`` < ``site`` <
``cli``.  A module may import its own layer and the layers below it, never one above;
nothing imports ``cli``; nothing that ships imports ``dev`` (the tests' and demo's helpers,
left out of the wheel).  Read from the source with :mod:`ast`, so a lazy import inside a
function counts as much as one at the top."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "ipforms"

#: the rank of each part; the package's own ``__init__`` (the lazy public API) and
#: ``__main__`` sit on top with the CLI, ``_version`` at the bottom with ``core``
RANK = {"_version": 0, "core": 0, "resources": 0, "forms": 1, "validation": 2, "site": 3,
        "cli": 4, "__init__": 4, "__main__": 5, "dev": 6}


def part_of(rel: Path) -> str:
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def imported_parts(path: Path) -> list[tuple[int, str]]:
    """(line, part of ipforms) for every import of an ipforms module in ``path``."""
    rel = path.relative_to(SRC)
    package = list(rel.parts[:-1])  # the module's package, relative to ipforms
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        names: list[list[str]] = []
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - (node.level - 1)]
                target = base + (node.module.split(".") if node.module else [])
                if target:
                    names.append(target)
                else:  # from . import x (in ipforms/__init__ or a top-level module)
                    names += [[a.name] for a in node.names]
            elif node.module and node.module.split(".")[0] == "ipforms":
                target = node.module.split(".")[1:]
                names += [target] if target else [[a.name] for a in node.names]
        elif isinstance(node, ast.Import):
            names += [a.name.split(".")[1:] for a in node.names
                      if a.name.split(".")[0] == "ipforms" and "." in a.name]
        found += [(node.lineno, n[0]) for n in names if n]
    return found


def modules() -> list[Path]:
    return sorted(SRC.rglob("*.py"))


def test_every_part_has_a_rank():
    parts = {part_of(p.relative_to(SRC)) for p in modules()}
    assert parts - RANK.keys() == set(), "give the new part its place in RANK"


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_imports_run_only_downward(path):
    rel = path.relative_to(SRC)
    mine = RANK[part_of(rel)]
    upward = [f"{rel}:{line} imports ipforms.{part}" for line, part in imported_parts(path)
              if part in RANK and RANK[part] > mine]
    assert upward == []


def test_the_checker_sees_an_upward_import(tmp_path, monkeypatch):
    """The test itself: a forms module that imports the site part is caught."""
    fake = tmp_path / "ipforms"
    (fake / "forms").mkdir(parents=True)
    bad = fake / "forms" / "bad.py"
    bad.write_text("def f():\n    from ..site import pages\n    from ipforms.cli import main\n")
    monkeypatch.setitem(globals(), "SRC", fake)
    assert imported_parts(bad) == [(2, "site"), (3, "cli")]
