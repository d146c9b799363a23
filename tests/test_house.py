"""House rules that keep ipforms easy to change (issue 21), read from the source with
:mod:`ast`: no module in ``src/`` over 600 lines and no function over 80, and no module
that uses a private name (``_x``) of another package, nor of a library outside
``forms/pypdf_internals.py`` (the one place that may lean on pypdf's internals).
There are no exceptions."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "ipforms"
MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 80

#: the one module that may use a library's private names (see its docstring)
LIBRARY_INTERNALS = "forms/pypdf_internals.py"


def modules(src: Path) -> list[Path]:
    return sorted(src.rglob("*.py"))


def _rel(path: Path, src: Path) -> str:
    return path.relative_to(src).as_posix()


def long_places(src: Path) -> tuple[dict[str, int], dict[str, int]]:
    """Modules over :data:`MAX_MODULE_LINES` and functions (methods, nested functions)
    over :data:`MAX_FUNCTION_LINES`, with their lines."""
    long_modules: dict[str, int] = {}
    long_functions: dict[str, int] = {}
    for path in modules(src):
        text = path.read_text(encoding="utf-8")
        rel = _rel(path, src)
        if len(text.splitlines()) > MAX_MODULE_LINES:
            long_modules[rel] = len(text.splitlines())
        for node in ast.walk(ast.parse(text, str(path))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    long_functions[f"{rel}:{node.name}"] = lines
    return long_modules, long_functions


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _package_of(target: list[str], src: Path) -> str | None:
    """The package (folder under ``src``) of the ipforms module ``target`` (its parts
    below ipforms), or None when it is no module of ipforms."""
    where = src.joinpath(*target) if target else src
    if where.is_dir():
        return where.relative_to(src).as_posix()
    if where.with_suffix(".py").is_file():
        return where.parent.relative_to(src).as_posix()
    return None


def private_uses(path: Path, src: Path) -> list[tuple[int, str, str]]:
    """``(line, name, where from)`` for each private name ``path`` takes from another package of
    ipforms (imported, or read as ``module._name`` off a module it imported), and, outside
    :data:`LIBRARY_INTERNALS`, each private name or module of a library it imports."""
    rel = _rel(path, src)
    package = list(path.relative_to(src).parts[:-1])
    mine = "/".join(package)
    found: list[tuple[int, str, str]] = []
    modules_of_others: set[str] = set()  # names bound to modules of other packages
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                target = (package[:len(package) - (node.level - 1)]
                          + (node.module.split(".") if node.module else []))
            elif node.module and node.module.split(".")[0] == "ipforms":
                target = node.module.split(".")[1:]
            else:  # a library
                parts = (node.module or "").split(".")
                names = [p for p in parts if _private(p)] + [a.name for a in node.names
                                                             if _private(a.name)]
                if rel != LIBRARY_INTERNALS:
                    found += [(node.lineno, n, node.module or "") for n in names]
                continue
            theirs = _package_of(target, src)
            for a in node.names:
                module = src.joinpath(*target, a.name)
                if module.is_dir() or module.with_suffix(".py").is_file():  # a module
                    if _package_of(target + [a.name], src) != mine:
                        modules_of_others.add(a.asname or a.name)
                elif _private(a.name) and theirs is not None and theirs != mine:
                    found.append((node.lineno, a.name, "/".join(target)))
        elif isinstance(node, ast.Import):
            for a in node.names:
                parts = a.name.split(".")
                if parts[0] != "ipforms" and any(_private(p) for p in parts) \
                        and rel != LIBRARY_INTERNALS:
                    found.append((node.lineno, a.name, a.name))
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                and node.value.id in modules_of_others and _private(node.attr)):
            found.append((node.lineno, node.attr, node.value.id))
    return found


# --- the tests ---------------------------------------------------------------------------

def test_no_module_or_function_grows_too_long():
    long_modules, long_functions = long_places(SRC)
    found = [f"{m}: {n} lines (at most {MAX_MODULE_LINES})" for m, n in long_modules.items()]
    found += [f"{f}: {n} lines (at most {MAX_FUNCTION_LINES})" for f, n in long_functions.items()]
    assert found == [], "split them into modules or functions of one concern"


@pytest.mark.parametrize("path", modules(SRC), ids=lambda p: _rel(p, SRC))
def test_no_private_name_of_another_package(path):
    rel = _rel(path, SRC)
    found = [f"{line}: {name} of {where}" for line, name, where in private_uses(path, SRC)]
    assert found == [], f"{rel} uses private names: give their module a public name for them"


# --- the checkers see what they are for ---------------------------------------------------

def test_the_checker_sees_a_long_module_and_function(tmp_path):
    (tmp_path / "core").mkdir()
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_FUNCTION_LINES))
    (tmp_path / "core" / "long.py").write_text(f"def f():\n{body}\n" + "\n" * MAX_MODULE_LINES)
    (tmp_path / "core" / "short.py").write_text("def g():\n    return 1\n")
    long_modules, long_functions = long_places(tmp_path)
    assert long_modules == {"core/long.py": MAX_FUNCTION_LINES + 1 + MAX_MODULE_LINES}
    assert long_functions == {"core/long.py:f": MAX_FUNCTION_LINES + 1}


def test_the_checker_sees_a_private_name_of_another_package(tmp_path):
    for folder in ("forms", "site", "site/check"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "__init__.py").write_text("")
    (tmp_path / "forms" / "fill.py").write_text("_geometry = 1\nwidth = 2\n")
    (tmp_path / "site" / "pages.py").write_text("_x = 1\n")
    (tmp_path / "site" / "check" / "text.py").write_text("_blank = 1\n")
    user = tmp_path / "site" / "webform.py"
    user.write_text(
        "from __future__ import annotations\n"
        "from ..forms.fill import _geometry, width\n"      # private, another package
        "from ipforms.forms.fill import _geometry as g\n"  # the same, absolute
        "from .pages import _x\n"                          # the same package: allowed
        "from ..forms import fill\n"
        "y = fill._geometry + fill.width\n"                # private attribute of its module
        "from .check.text import _blank\n"                 # a subpackage is another package
        "from pypdf._codecs import _pdfdoc_encoding\n"     # a library's internals
        "import pypdf._utils\n")
    assert private_uses(user, tmp_path) == [
        (2, "_geometry", "forms/fill"), (3, "_geometry", "forms/fill"),
        (7, "_blank", "site/check/text"), (8, "_codecs", "pypdf._codecs"),
        (8, "_pdfdoc_encoding", "pypdf._codecs"), (9, "pypdf._utils", "pypdf._utils"),
        (6, "_geometry", "fill")]
