"""``ipforms new DIR``: start a municipality's project folder.

The folder holds only what is the municipality's own: ``mkdocs.yml``, the data
file (with made-up example values, listed in ``example_fields``), a README for
its editors and an empty ``content/`` for pages it wants to change (with the
placeholder reference).  The page texts, forms and theme come from the installed
package (see :mod:`ipforms.site.overlay`), so ``ipforms build`` works there
without this repository.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import re
import shutil
from pathlib import Path
from string import Template

import yaml

from .._version import __version__
from ..core.errors import ProjectError
from ..core.files import atomic_write, make_temp_dir
from ..core.municipality import SLUG_RE, load_municipality
from .overlay import SHIPPED_CONTENT, shipped_dir

#: what a name given to ``ipforms new`` may not hold: line breaks and other control
#: characters (they would add keys to mkdocs.yml), and markup (see Municipality.name)
_NAME_BAD = re.compile(r"[<>&\"`\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f]")

#: the project skeleton shipped in the package: file in the skeleton -> path in the project
SKELETON = shipped_dir("project")
FILES = {
    "mkdocs.yml": "mkdocs.yml",
    "README.md": "README.md",
    "gitignore": ".gitignore",
    "municipality.yml": "data/municipalities/${slug}.yml",
}


#: the example values ``ipforms new`` writes, by key path (in the skeleton's municipality.yml)
EXAMPLE_PATHS = ("kommunenummer", "unit.name.nb", "unit.name.nn", "unit.postal_address.street",
                 "unit.postal_address.postcode", "unit.email", "unit.phone",
                 "unit.opening_hours.nb", "unit.opening_hours.nn", "complaint_body.nb",
                 "complaint_body.nn", "accessibility_statement", "local.index.nb",
                 "local.index.nn")
#: of those, the ones no municipality can really have (an example.no address, the
#: front page of uustatus.no, the skeleton's own local text): recognised in any project,
#: also one whose EXAMPLES_FILE is gone
NEVER_REAL = ("unit.email", "accessibility_statement", "local.index.nb", "local.index.nn")
#: written by ``ipforms new`` beside mkdocs.yml: the example values it wrote, so ``ipforms
#: check`` recognises each until it is changed (also the plausible ones, like a unit's name)
EXAMPLES_FILE = ".ipforms-examples.yml"


def _values(slug: str, name_nb: str, name_nn: str, standard: str = "nb",
            today: _dt.date | None = None) -> dict[str, str]:
    place = slug.replace("-", " ").title().replace(" ", "-")
    other = "nn" if standard == "nb" else "nb"
    names = {"nb": "Bokmål", "nn": "Nynorsk"}
    return {"slug": slug, "name_nb": name_nb, "name_nn": name_nn,
            "name_nb_q": json.dumps(name_nb, ensure_ascii=False),  # a YAML string whatever it holds
            "name_nn_q": json.dumps(name_nn, ensure_ascii=False), "place": place,
            "today": (today or _dt.date.today()).isoformat(), "version": __version__,
            "standard": standard, "other": other,
            "root_name": names[standard], "other_name": names[other]}


def example_values(slug: str, name_nb: str, name_nn: str) -> dict[str, str]:
    """What ``ipforms new`` writes at each of :data:`EXAMPLE_PATHS` for this municipality."""
    text = Template((SKELETON / "municipality.yml").read_text(encoding="utf-8"))
    data = yaml.safe_load(text.substitute(_values(slug, name_nb, name_nn)))
    out = {}
    for path in EXAMPLE_PATHS:
        node = data
        for key in path.split("."):
            node = node[key]
        out[path] = str(node)
    return out


def new_project(folder: str | Path, *, slug: str | None = None, name: str | None = None,
                today: _dt.date | None = None, written_standard: str = "nb") -> list[Path]:
    """Write a new project into ``folder`` (which must not exist or be empty).

    ``slug`` defaults to the folder's name and ``name`` to "<Slug> kommune";
    ``written_standard`` (nb or nn) is the municipality's main written standard.
    Returns the files written.
    """
    if written_standard not in ("nb", "nn"):
        raise ProjectError(f"unknown written standard {written_standard!r}", folder=folder,
                           hint="--written-standard nb or --written-standard nn")
    folder = Path(folder)
    slug = slug or folder.resolve().name
    if not SLUG_RE.match(slug):
        raise ProjectError(
            f"{slug!r} cannot be a municipality's slug (it names the data file and the site "
            "folder): use a-z, 0-9 and single hyphens",
            folder=folder, hint="give another folder name, or --slug nordvik")
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise ProjectError(f"{folder}: already exists and is not an empty folder",
                           folder=folder, hint="ipforms new never writes into an existing project")
    place = slug.replace("-", " ").title().replace(" ", "-")
    name = name or f"{place} kommune"
    bad = sorted(set(_NAME_BAD.findall(name)))
    if bad or not name.strip() or len(name) > 100:
        shown = ", ".join(repr(c) for c in bad)
        raise ProjectError(
            f"{name!r} cannot be a municipality's name"
            + (f": it holds {shown}" if bad else ": expected 1 to 100 characters"),
            folder=folder, hint='a plain one-line name, like --name "Nordvik kommune"')
    values = _values(slug, name, name, written_standard, today)
    written: list[Path] = []
    # the whole project in a temporary folder beside FOLDER, then one rename: a
    # failure (a full disk, a name the data file refuses) leaves nothing half-written
    parent = folder.absolute().parent
    if not parent.is_dir():
        raise ProjectError(f"{folder}: no such folder {parent}", folder=folder)
    tmp = make_temp_dir(parent, ".ipforms-new-")

    def write(rel: str, text: str) -> None:
        target = tmp / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(target, text)
        written.append(folder / rel)

    try:
        for src, rel in FILES.items():
            text = (SKELETON / src).read_text(encoding="utf-8")
            write(Template(rel).substitute(values), Template(text).substitute(values))
        write("content/README.md", (SHIPPED_CONTENT / "README.md").read_text(encoding="utf-8"))
        examples = example_values(slug, name, name)
        write(EXAMPLES_FILE, "# Written by ipforms new: the example values it put in "
              f"data/municipalities/{slug}.yml.\n# ipforms check and ipforms build refuse to "
              "publish any of them that is still there.\n# If one is right for your municipality "
              "after all, delete its line here.\n" + yaml.safe_dump(
                  {slug: examples}, allow_unicode=True, sort_keys=False, width=1000))
        load_municipality(tmp / "data" / "municipalities" / f"{slug}.yml")  # ours must be valid
        try:
            os.replace(tmp, folder)  # replaces FOLDER only when it is an empty folder
        except OSError as exc:
            raise ProjectError(f"{folder}: cannot create it: {exc.strerror}", folder=folder,
                               hint="ipforms new never writes into an existing project"
                               ) from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return written
