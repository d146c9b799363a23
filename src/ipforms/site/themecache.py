"""Speed for building many sites in one process: mkdocs makes a new Jinja
environment for the theme on every build, so each build parses and compiles the
~40 theme templates again and walks the theme folders (thousands of icon files)
to list them.  :func:`install` gives those environments a shared in-memory
bytecode cache (Jinja keys it by template name and a checksum of the source, so a
changed template is compiled again) and remembers the template list per set of
theme folders.  ``ipforms build`` uses it; ``mkdocs serve`` does not.
"""

from __future__ import annotations

import jinja2


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept as code objects (immutable, so environments can share
    them; no unmarshalling on every build), by Jinja's key and the source's checksum."""

    def __init__(self):
        self._store: dict[str, tuple[str, object]] = {}

    def load_bytecode(self, bucket):
        found = self._store.get(bucket.key)
        if found is not None and found[0] == bucket.checksum:
            bucket.code = found[1]

    def dump_bytecode(self, bucket):
        if bucket.code is not None:
            self._store[bucket.key] = (bucket.checksum, bucket.code)


_BYTECODE = _MemoryBytecodeCache()
_TEMPLATE_LISTS: dict[tuple, list[str]] = {}


def install(theme) -> None:
    """Wrap ``theme.get_env`` (a mkdocs Theme) so its environments share the caches."""
    if getattr(theme, "_ipforms_cached", False):
        return
    original = theme.get_env
    static = tuple(sorted(theme.static_templates))

    def get_env() -> jinja2.Environment:
        env = original()
        env.bytecode_cache = _BYTECODE
        dirs = tuple(getattr(env.loader, "searchpath", ()))
        if dirs:
            list_templates = env.list_templates

            def cached_list(extensions=None, filter_func=None) -> list[str]:
                # mkdocs filters by fixed patterns plus the theme's static templates
                key = (dirs, static, extensions and tuple(extensions),
                       getattr(filter_func, "__code__", filter_func))
                if key not in _TEMPLATE_LISTS:
                    _TEMPLATE_LISTS[key] = list_templates(extensions, filter_func)
                return list(_TEMPLATE_LISTS[key])

            env.list_templates = cached_list
        return env

    theme.get_env = get_env
    theme._ipforms_cached = True
