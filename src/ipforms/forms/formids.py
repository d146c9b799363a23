"""Which of our forms exist (``<id>.yml`` in the definitions folder), without loading
a definition: ``ipforms fill`` of another PDF asks only this, and need not import
pydantic and the definitions' parser (:mod:`ipforms.forms.formdef`)."""

from __future__ import annotations

import os
from pathlib import Path

from ..core.shipped import shipped


def forms_dir() -> Path:
    """The folder holding ``<id>.yml``: ``$IPFORMS_FORMS_DIR``, else the definitions
    shipped with ipforms (``forms/`` at the top of the repository,
    ``ipforms/forms/definitions/`` in a wheel)."""
    env = os.environ.get("IPFORMS_FORMS_DIR")
    if env:
        return Path(env)
    return shipped("forms")


def list_forms() -> list[str]:
    d = forms_dir()
    return sorted(p.stem for p in d.glob("*.yml")) if d.is_dir() else []
