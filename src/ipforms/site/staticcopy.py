"""The static files of a site (the theme's scripts, styles and icons, the content's
pictures) copied from memory in ``ipforms build``: every build of a worker copies the
same files (some 45, 2.6 MB), and mkdocs copies each with ``shutil.copyfile`` (two
``stat`` calls to compare the files, two opens, ``sendfile``) after ``makedirs`` and
``isdir``.  Here each source is read once per worker and kept while its state (inode,
device, size, times) is the same, and written into the new build folder with one
``open(O_EXCL)`` and ``write``: a new file with the mode ``shutil.copyfile`` gives it
(0666 less the umask).  Each site keeps files of its own (never a link).

Anything else goes mkdocs' way: a file made by a plugin (its content in memory), a
``--dirty`` build, a source larger than :data:`_LIMIT`, a destination that exists already.
"""

from __future__ import annotations

import os
from collections.abc import Callable

#: source path -> (its state, its bytes)
_BYTES: dict[str, tuple[tuple, bytes]] = {}
_LIMIT = 4 << 20
_TOTAL_LIMIT = 64 << 20
#: files copied from memory, files read (tests/test_build_work.py)
COUNTS = {"copied": 0, "read": 0}


def _state(st: os.stat_result) -> tuple:
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def _source(path: str) -> bytes | None:
    """The bytes of ``path``, read once while it stays the same (None: too large)."""
    st = os.stat(path)
    kept = _BYTES.get(path)
    if kept is not None and kept[0] == _state(st):
        return kept[1]
    if st.st_size > _LIMIT:
        return None
    with open(path, "rb") as fh:
        st = os.fstat(fh.fileno())
        data = fh.read()
    COUNTS["read"] += 1
    if len(data) == st.st_size and sum(len(v[1]) for v in _BYTES.values()) < _TOTAL_LIMIT:
        _BYTES[path] = (_state(st), data)
    return data


def copier(file, made: set[str]) -> Callable[..., None]:
    """A ``copy_file`` for the mkdocs ``File`` ``file`` (whose own is kept as the fallback);
    ``made``: the folders of the build folder made so far."""
    original = file.copy_file

    def copy_file(dirty: bool = False) -> None:
        src = file.abs_src_path
        if dirty or src is None or getattr(file, "_content", None) is not None:
            return original(dirty)
        data = _source(src)
        if data is None:
            return original(dirty)
        out = file.abs_dest_path
        folder = os.path.dirname(out)
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        try:
            fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0),
                         0o666)
        except FileExistsError:
            return original(dirty)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
        except BaseException:
            os.unlink(out)
            raise
        COUNTS["copied"] += 1
        return None

    return copy_file
