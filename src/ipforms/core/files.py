"""Reading inputs and writing outputs the safe way: text files read with an error
a person can act on, outputs written atomically (a temporary file in the same
folder, then renamed), so a reader never sees half a file and a failure leaves
the old one in place.

Modes: what we write is meant to be published (pages, PDFs, search indexes), so a
new file gets ``0666`` and a new folder ``0777``, less the umask, as ``open()`` and
``mkdir`` would give (0644 and 0755 under the usual umask 022), never the private
0600/0700 of :mod:`tempfile`.  A file or folder that replaces another keeps every
permission bit the old one had, so a replacement is never narrower than what it
replaces.
"""

from __future__ import annotations

import os
import secrets
import stat
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


def _old_mode(path: Path) -> int:
    """The permission bits of ``path`` (0 when it does not exist)."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        return 0


def _keep_old_bits(fd_or_path: int | Path, new_mode: int, old_mode: int) -> None:
    if old_mode & ~new_mode:
        mode = new_mode | old_mode
        if isinstance(fd_or_path, int):
            os.fchmod(fd_or_path, mode)
        else:
            os.chmod(fd_or_path, mode)


def make_temp_dir(parent: str | Path, prefix: str, replaces: str | Path | None = None) -> Path:
    """A new uniquely named folder in ``parent`` with the mode ``mkdir`` gives (0777 less
    the umask; 0755 under umask 022), plus any permission bit ``replaces`` has, for a
    folder that is renamed into the place of ``replaces`` when it is complete."""
    parent = Path(parent)
    while True:
        path = parent / f"{prefix}{secrets.token_hex(6)}"
        try:
            os.mkdir(path, 0o777)  # the kernel applies the umask
            break
        except FileExistsError:
            continue
    if replaces is not None:
        _keep_old_bits(path, stat.S_IMODE(os.stat(path).st_mode), _old_mode(Path(replaces)))
    return path


def user_cache_dir() -> Path:
    """Where the CLI keeps what it made once (blank forms, font subsets):
    ``$XDG_CACHE_HOME/ipforms`` (``~/.cache/ipforms``)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "ipforms"


def atomic_write(path: str | Path, data: bytes | str) -> None:
    """Write ``data`` (bytes, or str as UTF-8) to ``path`` through a temporary file.

    A new file gets 0666 less the umask (0644 under umask 022); one that replaces a
    file keeps every permission bit the old one had as well."""
    path = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    while True:
        tmp = path.parent / f".{path.name}.{secrets.token_hex(6)}.tmp"
        try:  # the kernel applies the umask to 0o666, as open() does for any new file
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0),
                         0o666)
            break
        except FileExistsError:
            continue
    try:
        with os.fdopen(fd, "wb") as fh:
            _keep_old_bits(fh.fileno(), stat.S_IMODE(os.fstat(fh.fileno()).st_mode),
                           _old_mode(path))
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
