"""The mkdocs plugin: a thin adapter from mkdocs events to :mod:`ipforms.site.pages`.

``mkdocs.yml`` lists it as ``- ipforms``.  Which municipality a build is for: for
``mkdocs serve`` / ``mkdocs build`` the environment variable ``IPFORMS_KOMMUNE``,
else the plugin option ``kommune``, else the first data file by name, so ``mkdocs
serve`` previews one municipality with live reload.  ``ipforms build`` runs one
mkdocs build per municipality and hands each its :class:`BuildSettings` on the
plugin object itself (nothing goes through the environment).
"""

from __future__ import annotations

import html
import json
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files

from . import overlay, pages, preview, themecache
from ..core.errors import DataError, IpformsError
from ..core.files import atomic_write
from ..core.lang import LANGS, word
from ..core.municipality import Municipality, find_data_files, load_municipality

log = logging.getLogger("mkdocs.plugins.ipforms")
#: read (never set) by the plugin: which municipality ``mkdocs serve`` previews
ENV_KOMMUNE = "IPFORMS_KOMMUNE"


@dataclass(frozen=True)
class BuildSettings:
    """What ``ipforms build`` tells the plugin for one site (they win over the
    environment and the options in mkdocs.yml)."""

    kommune: str
    #: where blank forms are cached (default: the plugin option ``cache_dir``)
    cache_dir: Path | None = None
    #: share compiled theme templates between the builds of a process
    theme_cache: bool = True


class IpformsPluginConfig(Config):
    kommune = c.Optional(c.Type(str))
    data_dir = c.Type(str, default="data/municipalities")
    forms = c.Type(bool, default=True)
    cache_dir = c.Type(str, default=".cache/ipforms")


def choose_kommune(option: str | None, data_dir: Path, *, use_env: bool = True) -> Path:
    """The data file to build: env var (unless ``use_env`` is false), then plugin
    option, then the first by name."""
    slug = (os.environ.get(ENV_KOMMUNE) if use_env else None) or option
    if slug:
        path = data_dir / f"{slug}.yml"
        if not path.is_file():
            known = ", ".join(p.stem for p in find_data_files(data_dir))
            raise DataError(f"no data file for kommune {slug!r}", file=path, hint=f"known: {known}")
        return path
    files = find_data_files(data_dir)
    if not files:
        raise DataError("no municipality data files (*.yml)", file=data_dir)
    return files[0]


#: the theme files ipforms ships (accessibility fixes, 404 page, language files)
THEME_DIR = overlay.shipped_dir("theme")


def add_theme_dir(theme) -> None:
    """Put the shipped theme files before mkdocs-material's own, after the project's
    ``custom_dir`` if it has one: a municipality's project can override any of them."""
    dirs = theme.dirs
    if str(THEME_DIR) in dirs:
        return
    custom = getattr(theme, "custom_dir", None)
    at = 1 if custom and dirs and dirs[0] == custom else 0
    dirs.insert(at, str(THEME_DIR))


def footer_html(m: Municipality, lang: str) -> str:
    """The footer line: the unit's contact details and the accessibility statement."""
    e = html.escape
    u = m.unit
    parts = [e(m.name(lang)), e(u.name(lang)), e(u.postal_address.one_line()),
             f'{word("phone", lang)} <a href="tel:{e(u.phone.replace(" ", ""))}">{e(u.phone)}</a>',
             f'{word("email", lang)} <a href="mailto:{e(u.email)}">{e(u.email)}</a>',
             f'<a href="{e(str(m.accessibility_statement))}">{word("accessibility", lang)}</a>']
    return " · ".join(parts)


class IpformsPlugin(BasePlugin[IpformsPluginConfig]):
    def __init__(self):
        super().__init__()
        #: set by ``ipforms build`` (site/build.py) before the build starts
        self.settings: BuildSettings | None = None
        self.municipality: Municipality | None = None
        self.forms: dict[str, dict[str, pages.FormFile]] = {}
        self.form_bytes: dict[str, bytes] = {}
        self.renderers: dict[str, pages.Renderer] = {}
        #: the content folders pages come from, the project's first (see overlay)
        self.content_layers: list[Path] = []
        #: ``mkdocs serve``: show errors in the preview instead of failing the build
        self.preview = preview.Preview()

    def on_startup(self, *, command, dirty):
        """``mkdocs serve`` keeps this plugin across rebuilds (because of this method)
        and must never be left waiting for a good build: remember that we serve."""
        self.preview.serving = command == "serve"

    # -- config: load the data, make the forms, set per-language site name and footer
    @event_priority(50)  # before mkdocs-static-i18n (-100) applies its per-language settings
    def on_config(self, config):
        i18n = config.plugins.get("i18n")
        if i18n is not None and getattr(i18n, "building", False):
            return config  # i18n re-runs on_config for nn inside the same build: keep ours
        root = Path(config.config_file_path or ".").parent
        self.preview.start_build(config)
        try:
            settings = self.settings
            path = choose_kommune(settings.kommune if settings else self.config.kommune,
                                  root / self.config.data_dir, use_env=settings is None)
            self.municipality = load_municipality(path)
            self.preview.good_data(self.municipality)
        except IpformsError as exc:
            if not self.preview.serving:
                raise PluginError(_message(exc)) from None
            # the preview goes on with the last good data (or shows the error on every page)
            self.municipality = self.preview.problem(_message(exc))
        m = self.municipality
        try:
            cache_dir = Path((settings and settings.cache_dir) or root / self.config.cache_dir)
            self._use_content(config, cache_dir)
            if self.config.forms and m is not None:
                self._make_forms(m, cache_dir)
        except IpformsError as exc:
            if not self.preview.serving:
                raise PluginError(_message(exc)) from None
            self.preview.problem(_message(exc))
        add_theme_dir(config.theme)
        if m is None:  # serve, and no good data yet: every page shows the error
            return config
        if self.settings is not None and self.settings.theme_cache:
            themecache.install(config.theme)
        config.site_name = m.name("nb")
        i18n = config.plugins.get("i18n")
        if i18n is not None:
            for lang_cfg in i18n.config.languages:
                if lang_cfg.locale in LANGS:
                    lang_cfg.site_name = m.name(lang_cfg.locale)
                    lang_cfg.copyright = footer_html(m, lang_cfg.locale)
        config.copyright = footer_html(m, "nb")
        return config

    def _use_content(self, config, cache_dir: Path) -> None:
        """Pages from the project's ``docs_dir`` over the shipped default content:
        mkdocs reads a merged copy, Jinja the layers themselves."""
        self.content_layers = overlay.layers(config.docs_dir)
        if len(self.content_layers) > 1:
            target = overlay.merged_dir(cache_dir.resolve(), self.content_layers)
            overlay.sync(self.content_layers, target)
            config.docs_dir = str(target)
        self.renderers = {lang: pages.renderer(self.content_layers, lang) for lang in LANGS}

    def _make_forms(self, m: Municipality, cache_dir: Path) -> None:
        try:
            from .siteforms import site_forms
        except ImportError:  # the forms package part is optional for a pages-only build
            log.info("ipforms: forms are not available; form links point to placeholders")
            return
        for lang in LANGS:
            files = site_forms(m, lang, cache_dir)
            self.form_bytes.update(files)
            found = {}
            for key in pages.FORM_KEYS:
                path = pages.form_path(key, lang)
                if path in files:
                    found[key] = pages.FormFile(path, len(files[path]))
            self.forms[lang] = found

    # -- serve: live reload when the data or any content layer changes
    def on_serve(self, server, config, builder):
        self.preview.install(server)  # never leave a request waiting for a good build
        root = Path(config.config_file_path or ".").parent
        server.watch(str(root / self.config.data_dir))
        if len(self.content_layers) > 1:
            server.unwatch(config.docs_dir)  # the merged copy: it follows the layers
            for layer in self.content_layers:
                server.watch(str(layer))
        return server

    # -- files: drop partials and the pages of services not offered
    def on_files(self, files: Files, config):
        m = self.municipality
        for f in list(files):
            if f.src_uri and (not pages.wanted(f.src_uri, m) if m is not None else
                              pages.PARTIALS_DIR in Path(f.src_uri).parts):
                files.remove(f)
        missing = pages.missing_translations([f.src_uri for f in files])
        if missing and self.preview.serving:
            self.preview.problem(f"{self.content_layers[0]}: missing page(s) {', '.join(missing)}"
                                 ": every page must exist in both nb and nn")
        elif missing:
            raise PluginError(
                f"{self.content_layers[0]}: missing page(s) {', '.join(missing)}: every page must exist "
                "in both nb and nn (there is no fallback from one language to the other)")
        return files

    # -- nav: front page, then the services in their natural order
    @event_priority(-150)  # after mkdocs-static-i18n has made the per-language nav
    def on_nav(self, nav, config, files):
        def key(item):
            pn = pages.page_name(getattr(getattr(item, "file", None), "src_uri", "") or "")
            return pages.PAGES.index(pn[1]) if pn and pn[1] in pages.PAGES else len(pages.PAGES)
        nav.items.sort(key=key)
        return nav

    # -- pages: render the template with the data
    def on_page_markdown(self, markdown, page, config, files):
        pn = pages.page_name(page.file.src_uri)
        if pn is None:
            return markdown
        lang, name = pn
        if self.municipality is None:  # serve with no good data yet
            return self.preview.error_page()
        ctx = pages.context(self.municipality, lang, name, page_url=page.url,
                            forms=self.forms.get(lang))
        try:
            text = self.renderers[lang].render(f"{name}.md", ctx, source=markdown)
        except IpformsError as exc:
            if not self.preview.serving:
                raise PluginError(_message(exc)) from None
            self.preview.problem(_message(exc))
            return self.preview.last_page(page.file.src_uri)
        self.preview.good_page(page.file.src_uri, text)
        return text

    # -- the 404 page: mkdocs writes it once per language to the same file; keep nb's
    def on_post_template(self, output_content, template_name, config):
        i18n = config.plugins.get("i18n")
        if template_name == "404.html" and i18n is not None and \
                getattr(i18n, "current_language", "nb") != "nb":
            return ""  # mkdocs skips a static template that renders empty
        return output_content

    # -- search: one index per language (mkdocs-static-i18n merges both into one)
    def on_post_page(self, output, page, config):
        """Point the search of an nn page at the nn index (Material loads
        ``<base>/search/search_index.json``; base is the nn folder for nn pages)."""
        if getattr(page.file, "locale", "nb") == "nb":
            return output
        start = output.find('<script id="__config"')
        if start < 0:
            return output
        # with the trailing slash: Material resolves "search/search_index.json" against it
        nn_root = pages.relative_url(page.url, "nn/")
        head, tail = output[:start], output[start:]
        return head + re.sub(r'"base": "[^"]*"', f'"base": "{nn_root}"', tail, count=1)

    @event_priority(-200)  # after mkdocs-static-i18n has written the merged index
    def _split_search_index(self, config):
        i18n = config.plugins.get("i18n")
        if i18n is None or getattr(i18n, "building", False):
            return  # the nested nn build: the index is not complete yet
        index_file = Path(config.site_dir) / "search" / "search_index.json"
        if not index_file.is_file():
            return
        index = json.loads(index_file.read_text(encoding="utf-8"))
        docs = index.get("docs", [])
        for lang in LANGS:
            prefix = "" if lang == "nb" else f"{lang}/"
            own = [d for d in docs if (d["location"].startswith("nn/") or d["location"] == "nn")
                   == (lang == "nn")]
            for d in own:
                d["location"] = d["location"][len(prefix):] if prefix else d["location"]
            target = Path(config.site_dir) / prefix / "search" / "search_index.json"
            target.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(target, json.dumps({**index, "docs": own}, ensure_ascii=False))

    # -- output: publish the prefilled forms beside the pages
    def _write_forms(self, config):
        out = Path(config.site_dir)
        for rel, data in self.form_bytes.items():
            target = out / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(target, data)


    @event_priority(-200)  # after mkdocs-static-i18n has built every language
    def _show_problems(self, config):
        i18n = config.plugins.get("i18n")
        if i18n is None or not getattr(i18n, "building", False):
            self.preview.end_build(Path(config.site_dir))

    def on_build_error(self, error):
        self.preview.build_failed(error)

    on_post_build = CombinedEvent(_write_forms, _split_search_index, _show_problems)


def _message(exc: IpformsError) -> str:
    if isinstance(exc, DataError):  # every problem of the file, each with its hint
        return exc.report()
    return f"{exc}" + (f"\nhint: {exc.hint}" if exc.hint else "")
