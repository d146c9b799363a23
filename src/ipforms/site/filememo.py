"""mkdocs' list of a site's files, for ``ipforms build``'s many sites in one process:
every municipality of a project has the same theme folders and the same content, so
the same questions about the same paths are asked again on every build (twice: nb, then
mkdocs-static-i18n's build of nn).  Two answers are kept for the process:

- which theme folder holds each of the theme's files (``Files.add_files_from_theme``
  looks in every folder with ``os.path.isfile``, a stat per folder and file), for the
  folders as they were at the run's start (their times, as themecache keys the list of
  the theme's files by); :func:`new_run` forgets them;
- mkdocs-static-i18n's ``is_relative_to`` (two pathlib parses per call, a few hundred
  calls per build), a pure function of two paths;
- mkdocs-static-i18n's ``create_i18n_file`` (a file of the content or theme as one
  language's build has it: a new ``File`` and a dozen pathlib operations), as the
  values it sets, which depend on the file's paths, the languages and the config's
  folders: a file made again from them is a new ``File`` with those values, its own
  place in this site's folder and its own list of alternates;
- ``PurePath(path).as_posix()`` of mkdocs' ``File`` (its ``src_path`` and ``dest_path``
  setters, a few hundred files per build) and of ``Files.get_file_from_path``.

Each is installed only over the code it was written against: another version of
mkdocs' ``add_files_from_theme`` or of the path setters (their source differs) keeps its
own, and so does an ``is_relative_to`` that is not mkdocs-static-i18n's own.
"""

from __future__ import annotations

import enum
import fnmatch
import functools
import logging
import hashlib
import inspect
import os
from pathlib import PurePath
from typing import Any

from .themecache import _times

#: sha256 of the source of mkdocs 1.6's ``Files.add_files_from_theme``, which
#: :func:`_add_files_from_theme` does with its look-ups remembered
_THEME_FILES_SOURCE = "0169dd2b1c22ca136924ca9136a97b690ba2711d8896258e5858a237c186a12e"
#: the folder (its index in the theme's folders; None: in none) of each theme file, by
#: the theme's folders and their times
_FOUND: dict[tuple, dict[str, int | None]] = {}
#: sha256 of the source of mkdocs 1.6's ``File.src_path`` and ``File.dest_path`` setters
#: and ``Files.get_file_from_path``, which :func:`share_posix_paths` does with
#: :func:`as_posix`
_POSIX_SOURCES = {
    "src_path": "536b0da5eeb478bc87f89c4c093975588878283964c2bdd9d863c59e6d08ae76",
    "dest_path": "a3d86afd056192418c30bf535f68f56fff13068806d06a87c3a00e410f1f70be",
    "get_file_from_path": "1fdc876f5dc031b39e2063de43b21fac288d81c9a670bdba2991c0fab9bb01fd"}
#: sha256 of the source of mkdocs-static-i18n 1.3's ``folder.create_i18n_file``
_I18N_FILE_SOURCE = "852c8266e379b14f9c3a6b3780fa03a800b42565d364d53bc1e20967a605d57f"
#: the values ``create_i18n_file`` gave a file (all but its alternates and its place in
#: the site folder), by what they are made from
_I18N_FILES: dict[tuple, dict] = {}
#: how often ``create_i18n_file`` made a file itself (tests/test_build_work.py)
I18N_FILES_MADE = [0]
_IMMUTABLE = (str, int, float, bool, type(None), enum.Enum)
#: mkdocs' own ``Files.add_files_from_theme``, once replaced
MKDOCS_OWN: list = []
#: how often a theme folder was asked whether it holds a file (tests/test_build_work.py)
THEME_LOOKUPS = [0]


def new_run() -> None:
    """A new run of builds: the theme folders are looked into again."""
    _FOUND.clear()
    _I18N_FILES.clear()


@functools.lru_cache(maxsize=64)
def source_hash(fn) -> str | None:
    """sha256 of a function's source (once per function: read from its file), to put
    our code in place of a library's only over the very code ours was written against."""
    try:
        return hashlib.sha256(inspect.getsource(fn).encode()).hexdigest()
    except (OSError, TypeError):
        return None


def _add_files_from_theme(self, env, config) -> None:
    """mkdocs' ``Files.add_files_from_theme`` (1.6), the folder of each file remembered."""
    from mkdocs import utils
    from mkdocs.structure.files import File

    def filter(name):
        # '.*' filters dot files/dirs at root level whereas '*/.*' filters nested levels
        patterns = ['.*', '*/.*', '*.py', '*.pyc', '*.html', '*readme*', 'mkdocs_theme.yml']
        # Exclude translation files
        patterns.append("locales/*")
        patterns.extend(f'*{x}' for x in utils.markdown_extensions)
        patterns.extend(config.theme.static_templates)
        for pattern in patterns:
            if fnmatch.fnmatch(name.lower(), pattern):
                return False
        return True

    dirs = tuple(config.theme.dirs)
    found = _FOUND.setdefault((dirs, _times(dirs)), {})
    for path in env.list_templates(filter_func=filter):
        # Theme files do not override docs_dir files
        if self.get_file_from_path(path) is None:
            if path not in found:
                found[path] = None
                for i, dir in enumerate(dirs):
                    # Find the first theme dir which contains path
                    THEME_LOOKUPS[0] += 1
                    if os.path.isfile(os.path.join(dir, path)):
                        found[path] = i
                        break
            where = found[path]
            if where is not None:
                self.append(File(path, dirs[where], config.site_dir, config.use_directory_urls))


def share_theme_files() -> None:
    """Install :func:`_add_files_from_theme` over mkdocs' own (once per process), when
    mkdocs' own is the code it was written from."""
    from mkdocs.structure.files import Files

    current = Files.add_files_from_theme
    if current is _add_files_from_theme or source_hash(current) != _THEME_FILES_SOURCE:
        return
    MKDOCS_OWN[:] = [current]
    Files.add_files_from_theme = _add_files_from_theme  # type: ignore[method-assign]


def share_i18n_paths() -> None:
    """mkdocs-static-i18n's ``is_relative_to`` answered once per pair of paths."""
    try:
        import mkdocs_static_i18n
        from mkdocs_static_i18n import folder, reconfigure
    except ImportError:
        return
    original = mkdocs_static_i18n.is_relative_to
    if all(getattr(m, "is_relative_to", None) is not original for m in (folder, reconfigure)):
        return  # installed already (or not mkdocs-static-i18n's own)
    memo = functools.lru_cache(maxsize=8192)(original)

    def is_relative_to(src_path, dest_path):
        try:
            return memo(src_path, dest_path)
        except TypeError:  # a value that cannot be a key (or no path: the same error)
            return original(src_path, dest_path)

    is_relative_to.ipforms_memo = memo  # type: ignore[attr-defined]
    for module in (folder, reconfigure):
        if getattr(module, "is_relative_to", None) is original:
            module.is_relative_to = is_relative_to


@functools.lru_cache(maxsize=16384)
def _posix(value) -> str:
    return PurePath(value).as_posix()


def as_posix(value) -> str:
    """``PurePath(value).as_posix()``, once per path and process."""
    try:
        return _posix(value)
    except TypeError:  # a value that cannot be a key (or no path: the same error)
        return PurePath(value).as_posix()


def _set_src_path(self, value: str):
    self.src_uri = as_posix(value)


def _set_dest_path(self, value: str):
    self.dest_uri = as_posix(value)


def _get_file_from_path(self, path: str):
    """Return a File instance with File.src_uri equal to path."""
    return self._src_uris.get(as_posix(path))


def share_posix_paths() -> None:
    """Install :func:`as_posix` in mkdocs' ``File`` path setters and in
    ``Files.get_file_from_path`` (once per process), each only over the code it was
    written from."""
    from mkdocs.structure.files import File, Files

    for name, setter in (("src_path", _set_src_path), ("dest_path", _set_dest_path)):
        prop = getattr(File, name, None)
        if isinstance(prop, property) and prop.fset is not setter \
                and source_hash(prop.fset) == _POSIX_SOURCES[name]:
            setattr(File, name, property(prop.fget, setter, prop.fdel, prop.__doc__))
    current = Files.get_file_from_path
    if current is not _get_file_from_path \
            and source_hash(current) == _POSIX_SOURCES["get_file_from_path"]:
        Files.get_file_from_path = _get_file_from_path  # type: ignore[method-assign]


def share_i18n_files() -> None:
    """mkdocs-static-i18n's ``create_i18n_file`` made once per file, languages and
    folders (see the module's docstring); installed only over the code it was written
    from."""
    try:
        from mkdocs.structure.files import File
        from mkdocs_static_i18n import folder
    except ImportError:
        return
    original = folder.create_i18n_file
    if getattr(original, "ipforms_original", None) is not None \
            or source_hash(original) != _I18N_FILE_SOURCE:
        return

    def create_i18n_file(file, current_language, default_language, all_languages, config):
        key = None
        if type(file) is File and not folder.log.isEnabledFor(logging.DEBUG):
            key = (file.src_path, file.dest_path, file.dest_uri, file.inclusion,
                   config.docs_dir, config.use_directory_urls, current_language,
                   default_language, tuple(all_languages))
            try:
                values = _I18N_FILES.get(key)
            except TypeError:  # a value that cannot be a key
                key = values = None
            if values is not None:
                again: Any = File.__new__(File)
                again.__dict__.update(values)
                again.abs_dest_path = os.path.normpath(os.path.join(config.site_dir,
                                                                    again.dest_path))
                again.alternates = {current_language: again}
                return again
        I18N_FILES_MADE[0] += 1
        made: Any = original(file, current_language, default_language, all_languages, config)
        values = {k: v for k, v in vars(made).items()
                  if k not in ("alternates", "abs_dest_path")}
        alternates = getattr(made, "alternates", None)
        if key is not None and type(made) is File and all(
                isinstance(v, _IMMUTABLE) for v in values.values()) \
                and isinstance(alternates, dict) and list(alternates) == [current_language] \
                and alternates[current_language] is made \
                and made.abs_dest_path == os.path.normpath(os.path.join(config.site_dir,
                                                                        made.dest_path)):
            _I18N_FILES[key] = values
        return made

    create_i18n_file.ipforms_original = original  # type: ignore[attr-defined]
    folder.create_i18n_file = create_i18n_file
