"""Where the default texts and the form definitions are.

In the repository they live at the top, where editors look for them: ``content/`` (the
page templates, ``content/nb``, ``content/nn``) and ``forms/`` (the form definitions).
The wheel carries them inside the package, as ``ipforms/site/content/`` and
``ipforms/forms/definitions/`` (``setup.py`` maps them at build time; there is no second
copy in git).  An editable install (``pip install -e .``) reads them where they are.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent          # .../ipforms
_CHECKOUT = _PACKAGE.parent.parent                          # src/ipforms -> the repository

#: name -> (folder inside the installed package, folder at the top of the repository)
PLACES = {"content": ("site/content", "content"), "forms": ("forms/definitions", "forms")}


#: the folders found, by name: where the package is installed does not change while it
#: runs (a form definition is read many times a build, each time asking for its folder)
_FOUND: dict[str, Path] = {}


def shipped(name: str) -> Path:
    """The folder of ``name`` ("content" or "forms"): inside the installed package when
    it is there (a wheel), else at the top of the checkout (an editable install)."""
    found = _FOUND.get(name)
    if found is not None:
        return found
    inside, top = PLACES[name]
    packaged = _PACKAGE / inside
    if packaged.is_dir():
        found = packaged
    else:
        checkout = _CHECKOUT / top
        if not ((_CHECKOUT / "pyproject.toml").is_file() and checkout.is_dir()):
            return packaged  # missing: whoever reads it says the installation is incomplete
        found = checkout
    _FOUND[name] = found
    return found
