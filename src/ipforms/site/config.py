"""The plugin's options (``plugins: - ipforms:`` in ``mkdocs.yml``), what ``ipforms build``
tells it instead, and which municipality a build is for.

For ``mkdocs serve`` / ``mkdocs build`` that is the environment variable
``IPFORMS_KOMMUNE``, else the option ``kommune``, else the first data file by name, so
``mkdocs serve`` previews one municipality with live reload.  ``ipforms build`` runs one
mkdocs build per municipality and hands each its :class:`BuildSettings` on the plugin
object itself (nothing goes through the environment).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config

from ..core.errors import DataError
from ..core.municipality import find_data_files

#: read (never set) by the plugin: which municipality ``mkdocs serve`` previews
ENV_KOMMUNE = "IPFORMS_KOMMUNE"


@dataclass(frozen=True)
class BuildSettings:
    """What ``ipforms build`` tells the plugin for one site (they win over the
    environment and the options in mkdocs.yml)."""

    kommune: str
    #: where blank forms are cached (default: the plugin option ``cache_dir``)
    cache_dir: Path | None = None
    #: share compiled theme templates between the builds of a process
    theme_cache: bool = True
    #: the site folder is this build's own new folder, removed when the build fails and
    #: swapped in whole when it succeeds: the plugin writes its files there directly
    fresh_site_dir: bool = False


class IpformsPluginConfig(Config):
    kommune = c.Optional(c.Type(str))
    data_dir = c.Type(str, default="data/municipalities")
    forms = c.Type(bool, default=True)
    cache_dir = c.Type(str, default=".cache/ipforms")


def choose_kommune(option: str | None, data_dir: Path, *, use_env: bool = True) -> Path:
    """The data file to build: env var (unless ``use_env`` is false), then plugin
    option, then the first by name."""
    slug = (os.environ.get(ENV_KOMMUNE) if use_env else None) or option
    if slug:
        path = data_dir / f"{slug}.yml"
        if not path.is_file():
            known = ", ".join(p.stem for p in find_data_files(data_dir))
            raise DataError(f"no data file for kommune {slug!r}", file=path, hint=f"known: {known}")
        return path
    files = find_data_files(data_dir)
    if not files:
        raise DataError("no municipality data files (*.yml)", file=data_dir)
    return files[0]
