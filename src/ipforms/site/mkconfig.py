"""mkdocs' ``load_config`` for ``ipforms build``, which reads the same ``mkdocs.yml`` once
per municipality: the file is parsed (mkdocs' pure-Python YAML loader, a few ms) once per
process and state of the file (path, inode, size, times), and each build gets a deep copy
of what was read, validated as mkdocs validates it.

Only a file whose values are plain YAML (maps with string keys, lists, strings, numbers,
booleans, null) is kept, and never one that names ``INHERIT`` (a parent file, whose
changes the key would not see) or ``!ENV`` (a value from the environment, which may
differ in a later run): those are read by mkdocs itself on every build, as are the
objects of mkdocs' own tags (``!relative``), which belong to the build they were read for.
"""

from __future__ import annotations

import copy
import logging
import os
from pathlib import Path

log = logging.getLogger("mkdocs.config")

#: plain values of ``mkdocs.yml`` by (path, inode, size, mtime, ctime)
_PARSED: dict[tuple, dict] = {}
#: how often a ``mkdocs.yml`` was parsed (tests/test_build_work.py)
PARSES = [0]


def _plain(value) -> bool:
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_plain(v) for v in value)
    return value is None or type(value) in (str, int, float, bool)


def _state(path: str) -> tuple | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (path, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def load(config_file: Path, **options):
    """``mkdocs.config.load_config(str(config_file), **options)``, the file parsed once."""
    from mkdocs import exceptions
    from mkdocs.config import load_config
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.utils.yaml import get_yaml_loader, yaml_load

    path = os.path.abspath(config_file)
    key = _state(path)
    if key is None:
        return load_config(str(config_file), **options)  # mkdocs says what is wrong
    cfg = MkDocsConfig(config_file_path=path)
    data = _PARSED.get(key)
    if data is None:
        with open(path, "rb") as fd:
            text = fd.read()
            fd.seek(0)
            PARSES[0] += 1
            data = yaml_load(fd, get_yaml_loader(config=cfg))
        if b"INHERIT" not in text and b"!ENV" not in text and _plain(data) \
                and _state(path) == key:
            _PARSED[key] = copy.deepcopy(data)
    else:
        data = copy.deepcopy(data)
    cfg.load_dict(data)
    cfg.load_dict({k: v for k, v in options.items() if v is not None})
    errors, warnings = cfg.validate()
    for name, warning in warnings:
        log.warning(f"Config value '{name}': {warning}")
    for name, error in errors:
        log.error(f"Config value '{name}': {error}")
    if errors:
        raise exceptions.Abort("Aborted with a configuration error!")
    if cfg.strict and warnings:
        raise exceptions.Abort(
            f"Aborted with {len(warnings)} configuration warnings in 'strict' mode!")
    return cfg
