"""The online form's words, nb and nn side by side (``site/webform/texts.yml``): the form
pages take them at build time, webform.js in the browser, and the site's pages the words
of their link to the online form."""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path

from ..core.files import load_yaml
from ..core.lang import EXTRA_LANGS, extra_text

#: the file, in the package
TEXTS = "site/webform/texts.yml"


def texts_file() -> Path:
    """Where the texts are (``ipforms check`` spells them with the pages)."""
    return Path(str(resources.files("ipforms").joinpath(TEXTS)))


@functools.lru_cache(maxsize=1)
def texts() -> dict[str, dict[str, str]]:
    return load_yaml(resources.files("ipforms").joinpath(TEXTS).read_text("utf-8"))


def text(key: str, lang: str, **params: str) -> str:
    """The text ``key`` in ``lang`` (in a third language the municipality's translation
    ``webform.<key>``, :mod:`ipforms.core.translations`), its ``{placeholders}`` filled
    from ``params``.

    >>> text("link", "nn")
    'Fyll ut på nettet'
    """
    t = extra_text(f"webform.{key}", lang) if lang in EXTRA_LANGS else texts()[key][lang]
    return t.format(**params) if params else t
