"""Which of our forms exist (``<id>.yml`` in the definitions folder), without loading
a definition: ``ipforms fill`` of another PDF asks only this, and need not import
pydantic and the definitions' parser (:mod:`ipforms.forms.formdef`)."""

from __future__ import annotations

import os
from pathlib import Path


def forms_dir() -> Path:
    """The folder holding ``<id>.yml``: ``$IPFORMS_FORMS_DIR``, else the definitions
    shipped inside the package (``ipforms/forms/definitions/``)."""
    env = os.environ.get("IPFORMS_FORMS_DIR")
    if env:
        return Path(env)
    return Path(__file__).resolve().parent / "definitions"


def list_forms() -> list[str]:
    d = forms_dir()
    return sorted(p.stem for p in d.glob("*.yml")) if d.is_dir() else []
