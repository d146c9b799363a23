"""Answers for ``ipforms fill`` as a person gives them: a YAML or JSON file of
``field: value``, and ``--set FIELD=VALUE`` on the command line.  Errors name the
file and the field."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..core.errors import FormError
from ..core.files import read_text


def load_answers(path: str | Path) -> dict[str, object]:
    """Answers from a YAML or JSON file: a mapping of field names to values."""
    import json

    import yaml

    path = Path(path)
    text = read_text(path, FormError)
    try:
        raw = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
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
