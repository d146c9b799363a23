"""Answers for ``ipforms fill`` as a person gives them: a YAML or JSON file of
``field: value``, and ``--set FIELD=VALUE`` on the command line.  Errors name the
file and the field."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

from ..core.errors import FormError
from ..core.files import read_text


#: the largest answers file read (every field of our forms at its longest is far less)
MAX_ANSWERS_BYTES = 4 * 1024 * 1024


def load_answers(path: str | Path) -> dict[str, object]:
    """Answers from a YAML or JSON file: a mapping of field names to values."""
    import json

    import yaml

    path = Path(path)
    try:
        st = os.stat(path)
    except OSError as exc:
        raise FormError(f"cannot read: {exc.strerror}", file=path) from None
    if not stat.S_ISREG(st.st_mode):  # a FIFO or a device would be waited for
        raise FormError("not a regular file", file=path)
    if st.st_size > MAX_ANSWERS_BYTES:
        raise FormError(f"too large ({st.st_size // 1024:,} KiB; answers are at most "
                        f"{MAX_ANSWERS_BYTES // 1024:,} KiB)", file=path)
    text = read_text(path, FormError)
    # libyaml's loader when there is one: the same safe loader, 50 times faster
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        raw = json.loads(text) if path.suffix.lower() == ".json" else yaml.load(text, Loader=loader)
    except (ValueError, yaml.YAMLError) as exc:
        raise FormError(f"not valid {'JSON' if path.suffix.lower() == '.json' else 'YAML'}: "
                        f"{exc}", file=path) from None
    if raw is None:
        return {}
    if not isinstance(raw, dict) or not all(isinstance(k, str) for k in raw):
        raise FormError("expected a mapping of field names to values", file=path)
    for k, v in raw.items():
        if isinstance(v, (dict, list)):
            raise FormError(f"expected a single value, got a {type(v).__name__}", field=k,
                            file=path)
    return raw


def parse_assignments(items: Iterable[str]) -> dict[str, str]:
    """``FIELD=VALUE`` strings (from ``--set``) as a mapping."""
    out = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise FormError(f"expected FIELD=VALUE, got {item!r}")
        out[name.strip()] = value
    return out
