"""The module overview in docs/architecture.md matches the source tree: every
module of every part is named under its part, and every name there exists."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SRC = REPO / "src" / "ipforms"


def overview() -> dict[str, set[str]]:
    text = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
    block = text.split("# How it is built", 1)[1].split("\n\n")[2]
    parts: dict[str, set[str]] = {}
    current = ""
    for line in block.splitlines():
        m = re.match(r"    (\w+)/ ", line)
        if m:
            current = m.group(1)
        elif not line.startswith("              "):
            current = ""  # a top-level line (resources/, __init__.py, cli.py)
        parts.setdefault(current, set()).update(re.findall(r"\b([\w]+\.py)\b", line))
    return parts


def test_every_module_is_in_the_overview_under_its_part():
    parts = overview()
    for sub in sorted(p for p in SRC.iterdir() if (p / "__init__.py").is_file()):
        modules = {p.name for p in sub.glob("*.py")} - {"__init__.py"}
        assert modules == parts.get(sub.name, set()), sub.name
    top = {p.name for p in SRC.glob("*.py")}
    assert top <= parts[""], top - parts[""]


def test_every_name_in_the_overview_exists():
    for part, names in overview().items():
        for name in names:
            assert (SRC / part / name).is_file(), f"{part}/{name}"


def test_readme_stays_short_and_its_links_resolve():
    """The README is the front door (at most 200 lines); the rest lives in docs/."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 200
    for doc in [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]:
        for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", doc.read_text(encoding="utf-8")):
            assert (doc.parent / target).exists(), f"{doc.relative_to(REPO)}: {target}"
