"""The page templates a site is built from: the default content shipped inside the
package, with a project's own ``content/`` folder on top, file by file (as a mkdocs
theme's ``custom_dir`` overrides single theme files).

A project that changes one page keeps only that file in its ``content/``
(``content/nn/koordinator.md``, or a partial such as ``content/nb/_partials/kontakt.md``);
every other page comes from the shipped default.  mkdocs (and mkdocs-static-i18n)
read pages from one ``docs_dir``, so the plugin gives them a merged copy
(:func:`sync`); Jinja reads templates from the layers themselves (project first), so
an error names the file the editor wrote.
"""

from __future__ import annotations

import hashlib
import os
from importlib.resources import files
from pathlib import Path

from ..core.errors import TemplateError
from ..core.files import atomic_write, read_bytes
from ..core.shipped import shipped


def shipped_dir(name: str) -> Path:
    """A data folder shipped in ``ipforms.site`` (``content``, ``theme``) as a real path.

    The package is installed as files (a wheel unpacked by pip, or an editable
    checkout), so the resource is a folder mkdocs and Jinja can read directly.
    """
    return Path(str(files("ipforms.site").joinpath(name)))


#: the default page templates: ``<lang>/*.md`` and ``<lang>/_partials/*.md`` (``content/`` at the
#: top of the repository, ``ipforms/site/content/`` in a wheel)
SHIPPED_CONTENT = shipped("content")


#: the largest file of a content folder copied into a site (pictures included)
CONTENT_LIMIT = 64 << 20


def layers(project_content: str | Path) -> list[Path]:
    """The content folders to read, the project's first; just the shipped one when
    the project uses the shipped content as its ``docs_dir`` (the demo in the checkout)."""
    project = Path(project_content).resolve()
    if project == SHIPPED_CONTENT.resolve():
        return [project]
    return [project, SHIPPED_CONTENT]


def _files(folder: Path) -> dict[str, Path]:
    """Every file below ``folder`` by its relative POSIX path (dotfiles left out)."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in filenames:
            if not name.startswith("."):
                path = Path(dirpath) / name
                out[path.relative_to(folder).as_posix()] = path
    return out


def resolve(dirs: list[Path]) -> dict[str, Path]:
    """Relative path -> the file that wins (the first layer that has it)."""
    found: dict[str, Path] = {}
    for folder in reversed(dirs):
        found.update(_files(folder))
    return found


def merged_dir(cache_dir: Path, dirs: list[Path]) -> Path:
    """Where the merged copy of ``dirs`` lives (one per project and package location)."""
    key = hashlib.sha256("\0".join(str(d) for d in dirs).encode()).hexdigest()[:16]
    return cache_dir / "content" / key


#: target -> the signature of its layers' files and its own when this process last made
#: it hold the merged layers (see :func:`_signature`), and what :func:`sync` returned
_SYNCED: dict[Path, tuple[tuple, dict[str, Path]]] = {}


def _entries(folder: str, rel: str, out: dict[str, os.DirEntry]) -> dict[str, os.DirEntry]:
    """:func:`_files` of ``folder`` as its directory entries (their stat remembered),
    the same files in the same order: :func:`os.walk`'s (a link to a folder not
    followed, a folder that cannot be read left out)."""
    try:
        with os.scandir(folder) as it:
            found = list(it)
    except OSError:
        return out
    dirs = []
    for entry in found:
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            dirs.append(entry)
        elif not entry.name.startswith("."):
            out[rel + entry.name] = entry
    for entry in sorted((d for d in dirs if not d.name.startswith(".")), key=lambda d: d.name):
        if not entry.is_symlink():
            _entries(os.path.join(folder, entry.name), f"{rel}{entry.name}/", out)
    return out


def _entry_key(entry: os.DirEntry, follow: bool) -> tuple:
    """:func:`_stat_key` of the entry's path (a file that is no link: its own stat)."""
    if follow and entry.is_symlink():
        return _stat_key(Path(entry.path), True)
    try:
        st = entry.stat(follow_symlinks=False)
    except OSError:
        return ()
    return (st.st_dev, st.st_ino, st.st_mode, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def _stat_key(path: Path, follow: bool) -> tuple:
    try:
        st = os.stat(path) if follow else os.lstat(path)
    except OSError:
        return ()
    return (st.st_dev, st.st_ino, st.st_mode, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def _signature(dirs: list[Path], target: Path) -> tuple:
    """What a sync's outcome depends on, as the file system says it: each source file
    that wins (:func:`resolve`; the path itself and what a link leads to: a link, or a
    file changed in any way, has another inode, size, mode or change time) and each file
    in the target."""
    wanted: dict[str, os.DirEntry] = {}
    for folder in reversed(dirs):
        wanted.update(_entries(str(folder), "", {}))
    present = _entries(str(target), "", {})
    return (tuple((rel, _entry_key(e, False), _entry_key(e, True)) for rel, e in wanted.items()),
            tuple((rel, _entry_key(e, False)) for rel, e in present.items()))


def sync(dirs: list[Path], target: Path) -> dict[str, Path]:
    """Make ``target`` hold the merged layers; returns relative path -> source file.

    Only files whose bytes changed are written (atomically), so ``mkdocs serve`` sees
    no change when nothing changed, and builds running side by side (``ipforms build``
    uses one process per core) write the same bytes without harm.  When no file of the
    layers or of the target has changed since this process last synced ``target``
    (``ipforms build``'s workers build many sites from the same layers), nothing is read.
    """
    before = _signature(dirs, target)
    found = _SYNCED.get(target)
    if found is not None and found[0] == before:
        return dict(found[1])
    _SYNCED.pop(target, None)
    wanted = resolve(dirs)
    for rel, src in wanted.items():
        dest = target / rel
        layer = next(d for d in dirs if Path(d) in src.parents)
        # never a pipe (it would block the build), never a link out of the content folder
        # (it would publish whatever file it points at)
        data = read_bytes(src, TemplateError, within=layer, limit=CONTENT_LIMIT)
        try:
            if dest.read_bytes() == data:
                continue
        except OSError:
            pass
        dest.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(dest, data)
    for rel, path in _files(target).items() if target.is_dir() else ():
        if rel not in wanted:
            path.unlink(missing_ok=True)
    after = _signature(dirs, target)
    if after[0] == before[0]:  # no layer changed while it was read
        _SYNCED[target] = (after, dict(wanted))
    return wanted
