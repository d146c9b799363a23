"""Reading inputs and writing outputs the safe way: text files read with an error
a person can act on, outputs written atomically (a temporary file in the same
folder, then renamed), so a reader never sees half a file and a failure leaves
the old one in place.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from collections.abc import Callable, Iterable

from .errors import IpformsError, OutputError


def read_text(path: str | Path, error: Callable[..., IpformsError]) -> str:
    """The UTF-8 text of ``path``; ``error(message, file=path)`` when it cannot be read."""
    path = Path(path)
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise error(f"cannot read: {exc.strerror}", file=path) from None
    except UnicodeDecodeError:
        raise error("not UTF-8 text", file=path) from None


def atomic_write(path: str | Path, data: bytes | str) -> None:
    """Write ``data`` (bytes, or str as UTF-8) to ``path`` through a temporary file."""
    path = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write_output(path: str | Path, data: bytes, *, force: bool = False,
                 inputs: Iterable[str | Path] = ()) -> None:
    """Write ``data`` to ``path`` atomically; never over an input, nor over a file without force."""
    path = Path(path)
    for src in inputs:
        try:
            if path.exists() and Path(src).exists() and path.samefile(src):
                raise OutputError("is an input file; write the result elsewhere", file=path)
        except OSError:
            pass
    if path.exists() and not force:
        raise OutputError("already exists; use --force to overwrite it", file=path)
    if not path.parent.is_dir():
        raise OutputError(f"no such folder {path.parent}", file=path)
    try:
        atomic_write(path, data)
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror}", file=path) from None
