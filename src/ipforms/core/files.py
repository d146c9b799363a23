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


def load_yaml(text: str):
    """``text`` read as YAML by PyYAML's safe loader, with libyaml's parser when PyYAML
    has it (for the files shipped with ipforms: the pure-Python parser took most of a
    start-up, some 0.1 s for the editor messages alone)."""
    import yaml
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _kind(mode: int) -> str:
    return ("a folder" if stat.S_ISDIR(mode) else "a named pipe (FIFO)" if stat.S_ISFIFO(mode)
            else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "a socket" if stat.S_ISSOCK(mode) else "not a regular file")


def file_problem(path: str | Path, within: str | Path | None = None) -> str | None:
    """Why ``path`` is not an input we read (None: it is): it cannot be found, is a
    FIFO, device, socket or folder, or, with ``within``, is (or lies behind) a
    symbolic link to a place outside that folder."""
    path = Path(path)
    try:
        if within is not None:
            real, root = path.resolve(strict=True), Path(within).resolve()
            if real != root and root not in real.parents:
                return (f"is a link to {real}, outside {root}: copy the file into the "
                        "folder instead of linking to it")
        st = os.stat(path)
    except OSError as exc:
        return f"cannot read: {exc.strerror or exc}"
    except RuntimeError:  # a loop of links
        return "cannot read: a loop of symbolic links"
    if not stat.S_ISREG(st.st_mode):
        return f"is {_kind(st.st_mode)}, not a file that can be read"
    return None


def read_bytes(path: str | Path, error: Callable[..., IpformsError], *,
               within: str | Path | None = None, limit: int | None = None) -> bytes:
    """The bytes of the regular file ``path``; ``error(message, file=path)`` when it
    cannot be read, is a FIFO, device or socket (never waited on: a pipe would block
    a reader for ever), is larger than ``limit`` bytes, or, with ``within``, is (or
    lies behind) a symbolic link to a place outside that folder."""
    path = Path(path)
    problem = file_problem(path, within)
    if problem:
        raise error(problem, file=path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise error(f"cannot read: {exc.strerror or exc}", file=path) from None
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fh.fileno())
        if not stat.S_ISREG(st.st_mode):  # replaced after the check above
            raise error(f"is {_kind(st.st_mode)}, not a file that can be read", file=path)
        if limit is not None and st.st_size > limit:
            raise error(f"is {st.st_size:,} bytes; at most {limit:,} are read", file=path)
        try:
            data = fh.read(-1 if limit is None else limit + 1)
        except OSError as exc:
            raise error(f"cannot read: {exc.strerror or exc}", file=path) from None
    if limit is not None and len(data) > limit:
        raise error(f"is more than {limit:,} bytes; at most {limit:,} are read", file=path)
    return data


def read_text(path: str | Path, error: Callable[..., IpformsError], *,
              within: str | Path | None = None, limit: int | None = None) -> str:
    """The UTF-8 text of ``path`` as :func:`read_bytes` reads it; ``error(message,
    file=path)`` when it cannot be read or is not UTF-8.  Line ends are read as
    ``open()`` reads them (``\\r\\n`` and ``\\r`` become ``\\n``)."""
    try:
        text = read_bytes(path, error, within=within, limit=limit).decode("utf-8")
        return text.replace("\r\n", "\n").replace("\r", "\n")
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



def write_new(path: str | Path, data: bytes | str) -> None:
    """Write ``data`` to ``path`` directly, for a folder that no one reads before it is
    complete and that is thrown away when it is not (a site's build folder, swapped in
    whole): a file created there gets the mode :func:`atomic_write` gives a new file (0666
    less the umask), without a temporary file and a rename; a file that is there already
    is replaced by :func:`atomic_write`."""
    path = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0),
                     0o666)
    except FileExistsError:
        atomic_write(path, data)
        return
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
    except BaseException:
        try:
            os.unlink(path)
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
