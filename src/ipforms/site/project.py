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
from pathlib import Path
from string import Template

from .._version import __version__
from ..core.errors import ProjectError
from ..core.files import atomic_write
from ..core.municipality import SLUG_RE, load_municipality
from .overlay import SHIPPED_CONTENT, shipped_dir

#: the project skeleton shipped in the package: file in the skeleton -> path in the project
SKELETON = shipped_dir("project")
FILES = {
    "mkdocs.yml": "mkdocs.yml",
    "README.md": "README.md",
    "gitignore": ".gitignore",
    "municipality.yml": "data/municipalities/${slug}.yml",
}


def new_project(folder: str | Path, *, slug: str | None = None, name: str | None = None,
                today: _dt.date | None = None) -> list[Path]:
    """Write a new project into ``folder`` (which must not exist or be empty).

    ``slug`` defaults to the folder's name and ``name`` to "<Slug> kommune".
    Returns the files written.
    """
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
    quoted = json.dumps(name, ensure_ascii=False)  # a YAML string whatever the name holds
    values = {"slug": slug, "name_nb": name, "name_nn": name, "name_nb_q": quoted,
              "name_nn_q": quoted, "place": place,
              "today": (today or _dt.date.today()).isoformat(), "version": __version__}
    written: list[Path] = []

    def write(rel: str, text: str) -> None:
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(target, text)
        written.append(target)

    for src, rel in FILES.items():
        text = (SKELETON / src).read_text(encoding="utf-8")
        write(Template(rel).substitute(values), Template(text).substitute(values))
    write("content/README.md", (SHIPPED_CONTENT / "README.md").read_text(encoding="utf-8"))
    load_municipality(folder / "data" / "municipalities" / f"{slug}.yml")  # ours must be valid
    return written
