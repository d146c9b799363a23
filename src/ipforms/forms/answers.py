"""Answers for ``ipforms fill`` as a person gives them: a YAML or JSON file of
``field: value``, and ``--set FIELD=VALUE`` on the command line.  Errors name the
file and the field."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from ..core.errors import FormError
from ..core.files import read_text


#: the largest answers file read (every field of our forms at its longest is far less)
MAX_ANSWERS_BYTES = 4 * 1024 * 1024


#: the names that mean the standard input (``--data -``, ``--data /dev/stdin``)
STDIN_NAMES = frozenset(("-", "/dev/stdin", "/dev/fd/0", "/proc/self/fd/0"))


def _read_stdin(stream: BinaryIO | None = None) -> str:
    """The answers given on the standard input, at most :data:`MAX_ANSWERS_BYTES` (read
    in pieces: a larger input is refused without being kept whole)."""
    import sys

    stream = stream if stream is not None else sys.stdin.buffer
    chunks: list[bytes] = []
    size = 0
    while size <= MAX_ANSWERS_BYTES:
        chunk = stream.read(min(1 << 16, MAX_ANSWERS_BYTES + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    if size > MAX_ANSWERS_BYTES:
        raise FormError(f"too large (more than {MAX_ANSWERS_BYTES // 1024:,} KiB; answers "
                        f"are at most {MAX_ANSWERS_BYTES // 1024:,} KiB)", file="stdin")
    try:
        return b"".join(chunks).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FormError(f"not UTF-8 text (byte {exc.start + 1:,} cannot be read)",
                        file="stdin") from None


def load_answers(path: str | Path, stdin: BinaryIO | None = None) -> dict[str, object]:
    """Answers from a YAML or JSON file: a mapping of field names to values.  ``-`` (or
    ``/dev/stdin``) reads them from the standard input (or ``stdin``), JSON when it
    starts with ``{``, else YAML; any other pipe, device or socket is refused (it could
    be waited on for ever)."""
    import json

    import yaml

    if str(path) in STDIN_NAMES:
        text = _read_stdin(stdin)
        path = Path("stdin")
        is_json = text.lstrip().startswith("{")
    else:
        path = Path(path)
        is_json = path.suffix.lower() == ".json"
        try:
            st = os.stat(path)
        except OSError as exc:
            raise FormError(f"cannot read: {exc.strerror}", file=path) from None
        if not stat.S_ISREG(st.st_mode):  # a FIFO or a device would be waited for
            raise FormError("not a regular file (for the standard input, write --data -)",
                            file=path)
        if st.st_size > MAX_ANSWERS_BYTES:
            raise FormError(f"too large ({st.st_size // 1024:,} KiB; answers are at most "
                            f"{MAX_ANSWERS_BYTES // 1024:,} KiB)", file=path)
        text = read_text(path, FormError)
    # libyaml's loader when there is one: the same safe loader, 50 times faster
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        raw = json.loads(text) if is_json else yaml.load(text, Loader=loader)
    except (ValueError, yaml.YAMLError) as exc:
        raise FormError(f"not valid {'JSON' if is_json else 'YAML'}: {exc}", file=path) from None
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
