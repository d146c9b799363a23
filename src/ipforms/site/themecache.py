"""Speed for building many sites in one process: mkdocs makes a new Jinja
environment for the theme on every build, so each build parses and compiles the
~40 theme templates again and walks the theme folders (thousands of icon files)
to list them.  :func:`install` gives those environments a shared in-memory
bytecode cache (Jinja keys it by template name and a checksum of the source, so a
changed template is compiled again) and remembers the template list per set of
theme folders.  ``ipforms build`` uses it, and ``mkdocs serve`` for its rebuilds.
"""

from __future__ import annotations

import os

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
#: a theme's Jinja environment, with the templates it has loaded, kept for the builds of
#: one run (see :func:`new_run`), by theme folders (and their times) and locale
_ENVS: dict[tuple, jinja2.Environment] = {}
#: the plugins whose ``on_env`` may run again on an environment kept from an earlier
#: build (mkdocs-static-i18n adds Jinja's loop controls, each time the same)
_KNOWN_ENV_HOOKS = {("mkdocs_static_i18n.plugin", "I18n")}


def _times(dirs: tuple) -> tuple:
    out: list[int | None] = []
    for d in dirs:
        try:
            out.append(os.stat(d).st_mtime_ns)
        except OSError:
            out.append(None)
    return tuple(out)


def _owner(method) -> tuple[str, str]:
    owner = type(getattr(method, "__self__", None))
    return owner.__module__, owner.__qualname__


def new_run() -> None:
    """A new run of builds (``ipforms build``): theme templates are read again, as they
    may have been edited since the last run in this process."""
    _ENVS.clear()


def install(theme, plugins=None) -> None:
    """Wrap ``theme.get_env`` (a mkdocs Theme) so its environments share the caches.

    With ``plugins`` (the build's mkdocs PluginCollection; ``ipforms build``), a build
    gets the environment an earlier build of this run made for the same theme folders
    and locale, with the templates it loaded (mkdocs turns Jinja's reloading off: a
    template edited during a run is not seen before the next run), unless a plugin we
    do not know changes environments (``on_env``)."""
    if getattr(theme, "_ipforms_cached", False):
        return
    original = theme.get_env
    static = tuple(sorted(theme.static_templates))
    keep = plugins is not None and all(_owner(hook) in _KNOWN_ENV_HOOKS
                                       for hook in plugins.events.get("env", ()))

    def get_env() -> jinja2.Environment:
        dirs = tuple(theme.dirs)
        key = (dirs, _times(dirs), str(theme.locale), static)
        if keep and key in _ENVS:
            env = _ENVS[key]
        else:
            env = _new_env()
        if keep:
            _ENVS[key] = env
            theme._ipforms_kept_env = env  # the build's environment (see chrome)
        return env

    def _new_env() -> jinja2.Environment:
        env = original()
        env.bytecode_cache = _BYTECODE
        dirs = tuple(getattr(env.loader, "searchpath", ()))
        if dirs:
            list_templates = env.list_templates

            def cached_list(extensions=None, filter_func=None) -> list[str]:
                # mkdocs filters by fixed patterns plus the theme's static templates
                # (the folders' times: a file added to an overrides/ folder while
                # `mkdocs serve` runs is listed)
                key = (dirs, _times(dirs), static, extensions and tuple(extensions),
                       getattr(filter_func, "__code__", filter_func))
                if key not in _TEMPLATE_LISTS:
                    _TEMPLATE_LISTS[key] = list_templates(extensions, filter_func)
                return list(_TEMPLATE_LISTS[key])

            env.list_templates = cached_list
        return env

    theme.get_env = get_env
    theme._ipforms_cached = True


def share_theme_list() -> None:
    """Scan the installed packages' entry points for mkdocs themes once per process, not
    on every build: mkdocs clears its own memo of them whenever it loads a theme (about
    3 ms a scan, twice a build).  For ``ipforms build``'s workers, which build many sites
    in one process while no package is installed."""
    import mkdocs.utils

    if getattr(mkdocs.utils.get_themes, "_ipforms_shared", False):
        return
    themes = mkdocs.utils.get_themes()

    def get_themes() -> dict:
        return themes

    get_themes.cache_clear = lambda: None  # type: ignore[attr-defined]
    get_themes._ipforms_shared = True  # type: ignore[attr-defined]
    mkdocs.utils.get_themes = get_themes  # type: ignore[assignment]


#: the plugins whose template hooks (``on_template_context``, ``on_post_template``) do
#: nothing for a template but change its context and output
_KNOWN_TEMPLATE_HOOKS = {("ipforms.site.plugin", "IpformsPlugin"),
                         ("mkdocs_static_i18n.plugin", "I18n")}


def skip_templates(config, names: tuple[str, ...]) -> None:
    """Leave the theme's static templates ``names`` out of this build: the plugin throws
    their output away (``404.html`` of a language not at the site root), so rendering
    them is wasted.  Only when every template hook of the build is one we know; else
    they are rendered and thrown away.  Never ``sitemap.xml``: mkdocs copies a file of
    the theme that is not a static template (nor ``*.html``) into the site."""
    for event in ("template_context", "post_template"):
        for method in config.plugins.events.get(event, ()):
            owner = type(getattr(method, "__self__", None))
            if (owner.__module__, owner.__qualname__) not in _KNOWN_TEMPLATE_HOOKS:
                return
    for name in names:
        config.theme.static_templates.discard(name)
