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


def shipped(name: str) -> Path:
    """The folder of ``name`` ("content" or "forms"): inside the installed package when
    it is there (a wheel), else at the top of the checkout (an editable install)."""
    inside, top = PLACES[name]
    packaged = _PACKAGE / inside
    if packaged.is_dir():
        return packaged
    checkout = _CHECKOUT / top
    if (_CHECKOUT / "pyproject.toml").is_file() and checkout.is_dir():
        return checkout
    return packaged  # missing: whoever reads it says the installation is incomplete
