"""The mkdocs plugin: hooks only, from mkdocs events to the pure functions that do the
work (:mod:`~ipforms.site.pages`, :mod:`~ipforms.site.render`, :mod:`~ipforms.site.sitemap`,
:mod:`~ipforms.site.hreflang`, :mod:`~ipforms.site.searchindex`,
:mod:`~ipforms.site.notfound`, :mod:`~ipforms.site.theming`).

``mkdocs.yml`` lists it as ``- ipforms``; its options, and which municipality a build
is for, are in :mod:`ipforms.site.config`.

Per municipality the plugin sets what ``mkdocs.yml`` cannot know: the written
standard at the site root (mkdocs-static-i18n's default language: nn at the root and
nb under ``nb/`` for a nynorsk municipality), ``site_url`` from ``base_url``, the
logo and the main colour.  Every link it writes is relative, so a site works at a
domain root, under any sub-path and copied to another folder; the 404 page, which a
web server shows at any address, finds the site root with a few lines of script
(see :mod:`ipforms.site.notfound`).  ``sitemap.xml`` is written only when ``base_url`` is
known, with both standards and their ``hreflang`` alternates.
"""

from __future__ import annotations

import gzip
import json
import logging
import os
import re
from pathlib import Path

import jinja2
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files
from pymdownx.slugs import slugify

from . import (chrome, mdcache, notfound, overlay, pages, preview, render, staticcopy,
               thirdlang, themecache, unloaded)
from .config import BuildSettings, IpformsPluginConfig, choose_kommune
from .hreflang import hreflang
from .notfound import not_found_page
from .searchindex import point_search, split_index, use_skeletons
from .sitemap import sitemap
from .theming import (KOMMUNE_CSS, LOGO_URI, PRIVACY_HREF, add_theme_dir, colour_css,
                      footer_html, privacy_href)
from .urls import site_url
from ..core.errors import DataError, IpformsError
from ..core.files import atomic_write, write_new
from ..core.lang import EXTRA_LANGS, LANGS, activate
from ..core.municipality import Municipality, load_municipality, logo_file, read_logo

log = logging.getLogger("mkdocs.plugins.ipforms")
_SLUGIFY = slugify(case="lower")


class IpformsPlugin(BasePlugin[IpformsPluginConfig]):
    def __init__(self):
        super().__init__()
        #: set by ``ipforms build`` (site/build.py) before the build starts
        self.settings: BuildSettings | None = None
        self.municipality: Municipality | None = None
        self.forms: dict[str, dict[str, pages.FormFile]] = {}
        self.form_bytes: dict[str, bytes] = {}
        self.renderers: dict[str, render.Renderer] = {}
        self.logo: Path | None = None
        #: (lang, page name) -> the page's URL below the site root, as built
        self.page_urls: dict[tuple[str, str], str] = {}
        #: the content folders pages come from, the project's first (see overlay)
        self.content_layers: list[Path] = []
        #: ``mkdocs serve``: show errors in the preview instead of failing the build
        self.preview = preview.Preview()
        #: what the forms in ``self.forms`` were made from (serve reuses them)
        self._forms_key: tuple | None = None
        #: (source, destination) of the static files this build copied
        self._copied: set[tuple[str, str]] = set()
        #: the municipality's third languages (sameloven chapter 3) and what each lacks;
        #: ``langs`` are the languages this site publishes (nb, nn and the complete ones)
        self.extra_status: list[thirdlang.LangStatus] = []
        self.langs: tuple[str, ...] = LANGS
        self.form_langs: tuple[str, ...] = LANGS
        #: the languages the online form is made in
        self.online_langs: tuple[str, ...] = LANGS

    def load_config(self, options, config_file_path=None):
        """Before mkdocs goes on with a mkdocs.yml whose YAML aliases unfold into more
        than :data:`~ipforms.core.municipality.MAX_NODES` values, stop it: mkdocs writes
        every setting into its debug log right after this (unfolded, even when the log is
        off), and 400 bytes of nested aliases took it 2 GB and never ended (issue 19)."""
        if config_file_path:
            from mkdocs.exceptions import Abort

            from ..core.files import read_text
            from ..core.municipality import DATA_LIMIT, yaml_unfolds

            def error(message: str, *, file) -> IpformsError:
                return IpformsError(f"{file}: {message}")
            try:
                unfolds = yaml_unfolds(read_text(config_file_path, error, limit=DATA_LIMIT))
            except IpformsError as exc:
                raise Abort(str(exc)) from None
            if unfolds:
                raise Abort(f"{config_file_path}:{unfolds[0]}: its YAML aliases (*name) unfold "
                            f"into {unfolds[1]:,} values; a site's mkdocs.yml needs a few "
                            f"hundred: write the values out")
        return super().load_config(options, config_file_path)

    def on_startup(self, *, command, dirty):
        """``mkdocs serve`` keeps this plugin across rebuilds (because of this method)
        and must never be left waiting for a good build: remember that we serve."""
        self.preview.serving = command == "serve"

    # -- config: load the data, make the forms, set per-language site name and footer
    @event_priority(50)  # before mkdocs-static-i18n (-100) applies its per-language settings
    def on_config(self, config):
        # heading anchors keep æ, ø and å ("#slik-søker-du", not "#slik-sker-du"), in every
        # project, unless its mkdocs.yml sets a slugify of its own
        config.mdx_configs.setdefault("toc", {}).setdefault("slugify", _SLUGIFY)
        i18n = config.plugins.get("i18n")
        if i18n is not None and getattr(i18n, "building", False):
            m = self.municipality  # its 404 page is thrown away (on_post_template)
            if m is not None and getattr(i18n, "current_language", None) != m.written_standard:
                themecache.skip_templates(config, ("404.html",))
            return config  # i18n re-runs on_config for nn inside the same build: keep ours
        root = Path(config.config_file_path or ".").parent
        self.preview.start_build(config)
        path: Path | None = None
        try:
            settings = self.settings
            path = choose_kommune(settings.kommune if settings else self.config.kommune,
                                  root / self.config.data_dir, use_env=settings is None)
            self.municipality = load_municipality(path)
            self.logo = logo_file(self.municipality, path.parent)
            self.preview.good_data(self.municipality)
        except IpformsError as exc:
            if not self.preview.serving:
                raise PluginError(_message(exc)) from None
            # the preview goes on with the last good data (or shows the error on every page)
            self.municipality = self.preview.problem(_message(exc))
        m = self.municipality
        self.page_urls = {}  # mkdocs serve keeps this plugin from one build to the next
        self.extra_status, self.langs = [], LANGS
        self.form_langs = self.online_langs = LANGS
        try:
            cache_dir = Path((settings and settings.cache_dir) or root / self.config.cache_dir)
            self._use_content(config, cache_dir)
            if m is not None and m.languages and path is not None:
                self._third_languages(m, path, config)
            if self.config.forms and m is not None:
                self._make_forms(m, cache_dir)
        except IpformsError as exc:
            if not self.preview.serving:
                raise PluginError(_message(exc)) from None
            self.preview.problem(_message(exc))
        add_theme_dir(config.theme)
        if m is None:  # serve, and no good data yet: every page shows the error
            return config
        if self.settings is not None and self.settings.theme_cache and not self.preview.serving:
            themecache.install(config.theme, config.plugins)  # a run's builds: one environment
        elif self.preview.serving:
            themecache.install(config.theme)  # serve: a rebuild compiles no theme template again
        root_lang = m.written_standard
        config.site_name = m.name(root_lang)
        config.theme["language"] = root_lang
        # canonical links and the sitemap; never None in a page (no base_url: no site_url)
        config.site_url = str(m.base_url) if m.base_url else None
        i18n = config.plugins.get("i18n")
        if i18n is not None:
            # the root standard first: mkdocs-static-i18n builds the languages after the
            # first in list order, skipping the one it built last, so with nn at the root
            # and the list nb, nn it would build nn twice (and index it twice for search)
            i18n.config.languages.sort(key=lambda lang_cfg: lang_cfg.locale != root_lang)
            self._add_i18n_languages(i18n, m)
            for lang_cfg in i18n.config.languages:
                if lang_cfg.locale in self.langs:
                    # the municipality's own written standard at the root, the other in a folder
                    lang_cfg.default = lang_cfg.locale == root_lang
                    lang_cfg.link = "/" + m.lang_prefix(lang_cfg.locale)
                    lang_cfg.site_name = m.name(lang_cfg.locale)
                    lang_cfg.copyright = footer_html(m, lang_cfg.locale)
        config.copyright = footer_html(m, root_lang)
        if m.colour:
            palette = config.theme.get("palette")
            if isinstance(palette, dict):
                palette["primary"] = "custom"  # Material then takes our CSS variables
            config.extra_css.append(KOMMUNE_CSS)
        if self.logo is not None:
            config.theme["logo"] = LOGO_URI + self.logo.suffix.lower()
        return config

    def _third_languages(self, m: Municipality, data_file: Path, config) -> None:
        """Which of the municipality's third languages are complete (only those are
        published; the build says what the others lack), and their texts in use."""
        self.extra_status = thirdlang.language_status(m, data_file, self.content_layers,
                                                      forms=self.config.forms)
        done = [st for st in self.extra_status if st.complete]
        for st in self.extra_status:
            if not st.complete:
                log.info(f"ipforms: {m.slug}: {thirdlang.describe(st)}; "
                         f"ipforms check --kommune {m.slug} lists every missing text")
        self.langs = LANGS + tuple(st.lang for st in done)
        #: the third languages whose forms (PDF) are made too
        self.form_langs = LANGS + tuple(st.lang for st in done if st.forms_complete)
        #: and those whose online form is published beside its PDFs
        self.online_langs = LANGS + tuple(st.lang for st in done if st.online_complete)
        activate(*(st.translations() for st in done))
        config.extra["ipforms_ui"] = {st.lang: st.theme_texts() for st in done}
        self.renderers.update({st.lang: render.renderer(self.content_layers, st.lang)
                               for st in done})

    def _add_i18n_languages(self, i18n, m: Municipality) -> None:
        """mkdocs-static-i18n's entry for each published third language, after nb and nn."""
        from mkdocs_static_i18n.config import I18nPluginLanguage

        langs = i18n.config.languages
        langs[:] = [c for c in langs if c.locale not in EXTRA_LANGS]  # serve: from the data
        for st in self.extra_status:
            if not st.complete:
                continue
            cfg = I18nPluginLanguage()
            # validated as "se": mkdocs-static-i18n's check takes two-letter codes only
            cfg.load_dict({"locale": "se", "name": st.language_name(), "build": True,
                           "link": f"/{st.lang}/"})
            failed, _ = cfg.validate()
            if failed:
                raise PluginError(f"ipforms: cannot add the language {st.lang}: {failed}")
            cfg["locale"] = st.lang
            langs.append(cfg)

    def _use_content(self, config, cache_dir: Path) -> None:
        """Pages from the project's ``docs_dir`` over the shipped default content:
        mkdocs reads a merged copy, Jinja the layers themselves."""
        self.content_layers = overlay.layers(config.docs_dir)
        if len(self.content_layers) > 1:
            target = overlay.merged_dir(cache_dir.resolve(), self.content_layers)
            overlay.sync(self.content_layers, target)
            config.docs_dir = str(target)
        self.renderers = {lang: render.renderer(self.content_layers, lang) for lang in LANGS}

    def _make_forms(self, m: Municipality, cache_dir: Path) -> None:
        # mkdocs serve rebuilds after every save: the forms only when what they are made
        # from changed (the municipality's data, the form definitions)
        made_from = None
        if self.preview.serving:
            from ..forms.formids import forms_dir
            made_from = (m.model_dump_json(), str(cache_dir),
                         tuple((p.name, p.stat().st_mtime_ns)
                               for p in sorted(forms_dir().glob("*.yml"))),
                         self.form_langs, self.online_langs,
                         tuple(tuple(sorted(st.texts.items())) for st in self.extra_status))
            if made_from == self._forms_key and self.forms:
                return
        self._forms_key = None
        try:
            from .siteforms import site_form_bases, site_forms
            from .webform import site_webforms
        except ImportError:  # the forms package part is optional for a pages-only build
            log.info("ipforms: forms are not available; form links point to placeholders")
            return
        # from this build's languages only (a plugin kept from an earlier build, by serve
        # or by the build's workers, may hold a third language's forms that are no more)
        self.form_bytes, self.forms = {}, {}
        for lang in self.form_langs:
            files = site_forms(m, lang, cache_dir)
            self.form_bytes.update(files)
            if lang in self.online_langs:
                self.form_bytes.update(site_webforms(m, lang, files,
                                                     site_form_bases(lang, cache_dir),
                                                     langs=self.online_langs))
            found = {}
            for key in pages.FORM_KEYS:
                path = pages.form_path(key, lang)
                if path in files:
                    found[key] = pages.FormFile(path, len(files[path]))
            self.forms[lang] = found
        self._forms_key = made_from

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
    def _drop_files(self, files: Files, config):
        m = self.municipality
        for f in list(files):
            if f.src_uri and (not pages.wanted(f.src_uri, m) if m is not None else
                              pages.PARTIALS_DIR in Path(f.src_uri).parts):
                files.remove(f)
            elif f.src_uri and f.src_uri.split("/")[0] in EXTRA_LANGS \
                    and f.src_uri.split("/")[0] not in self.langs:
                files.remove(f)  # a third language that is not (yet) complete
        for f in unloaded.theme_files_never_loaded(files, config):
            files.remove(f)  # source maps, other languages' search scripts
        missing = pages.missing_translations([f.src_uri for f in files])
        if missing and self.preview.serving:
            self.preview.problem(f"{self.content_layers[0]}: missing page(s) {', '.join(missing)}"
                                 ": every page must exist in both nb and nn")
        elif missing:
            raise PluginError(
                f"{self.content_layers[0]}: missing page(s) {', '.join(missing)}: every page must exist "
                "in both nb and nn (there is no fallback from one language to the other)")
        return files

    @event_priority(-150)  # after mkdocs-static-i18n has made its list of files
    def _copy_once(self, files: Files, config):
        """mkdocs-static-i18n builds the other standard into the same folder and copies
        every static file (the theme's scripts, styles, icons) there again: a file this
        build copied already (the same source to the same place) is not copied twice."""
        i18n = config.plugins.get("i18n")
        nested = i18n is not None and getattr(i18n, "building", False)
        if not nested:
            self._copied = set()
        fresh, made = not nested and self._writer() is write_new, set[str]()
        for f in files:
            if f.is_documentation_page() or f.abs_src_path is None:
                continue
            where = (f.abs_src_path, f.abs_dest_path)
            if not nested:
                self._copied.add(where)
                if fresh:  # from memory, into this build's own new folder
                    f.copy_file = staticcopy.copier(f, made)  # type: ignore[method-assign]
            elif where in self._copied and os.path.isfile(f.abs_dest_path):
                f.copy_file = _copied_already  # type: ignore[method-assign]
        return files

    on_files = CombinedEvent(_drop_files, _copy_once)

    # -- nav: front page, then the services in their natural order
    @event_priority(-150)  # after mkdocs-static-i18n has made the per-language nav
    def on_nav(self, nav, config, files):
        use_skeletons(config)  # the search index reads a skeleton's sections once
        def key(item):
            pn = pages.page_name(getattr(getattr(item, "file", None), "src_uri", "") or "")
            return pages.PAGES.index(pn[1]) if pn and pn[1] in pages.PAGES else len(pages.PAGES)
        nav.items.sort(key=key)
        # "Forrige"/"Neste" follow nav.pages: put them in the menu's order and relink
        nav.pages.sort(key=key)
        for i, page in enumerate(nav.pages):
            page.previous_page = nav.pages[i - 1] if i > 0 else None
            page.next_page = nav.pages[i + 1] if i + 1 < len(nav.pages) else None
        return nav

    # -- pages: render the template with the data
    def on_page_markdown(self, markdown, page, config, files):
        pn = pages.page_name(page.file.src_uri)
        if pn is None:
            return markdown
        lang, name = pn
        if self.municipality is None:  # serve with no good data yet
            return self.preview.error_page()
        own = self.municipality.written_standard
        form_lang = lang if lang in self.form_langs else own
        ctx = pages.context(self.municipality, lang, name, page_url=page.url,
                            forms=self.forms.get(form_lang), form_lang=form_lang,
                            online_lang=lang if lang in self.online_langs else own)
        try:
            text, skeleton = self.renderers[lang].render_skeleton(f"{name}.md", ctx,
                                                                  source=markdown)
        except IpformsError as exc:
            if not self.preview.serving:
                raise PluginError(_message(exc)) from None
            self.preview.problem(_message(exc))
            return self.preview.last_page(page.file.src_uri)
        self.preview.good_page(page.file.src_uri, text)
        if skeleton is not None:
            mdcache.use(page, text, skeleton)  # converted once per skeleton, not per municipality
        return text

    # -- language switch: the same page in the other standard, by a relative link
    def _page_context(self, context, page, config, nav):
        """Runs after mkdocs-static-i18n's (priority 50), which leaves root-absolute
        links (``/``, ``/nn/``) on the front pages."""
        pn = pages.page_name(page.file.src_uri)
        if pn is None or self.municipality is None:
            return context
        lang, name = pn
        self.page_urls[(lang, name)] = page.url
        self._set_alternates(config, name)
        if page.title and not (page.meta or {}).get("title"):
            # Material writes <title> as "page.title | striptags", which also turns
            # entities back into characters: a data value's "</title><script>" in a
            # heading would become markup there. Its meta title is written as it is:
            # the heading's text with the tags removed and the entities kept.
            page.meta["title"] = _TAGS.sub("", str(page.title))
        return context

    @event_priority(-300)  # after every other plugin's page hook: the context as rendered
    def _chrome(self, context, page, config, nav):
        if self.municipality is not None and pages.page_name(page.file.src_uri) is not None:
            chrome.use(context, page, config, nav)  # Material's template once per shape
        return context

    on_page_context = CombinedEvent(_page_context, _chrome)

    def _set_alternates(self, config, name: str) -> None:
        """The language selector's links (``config.extra.alternate``, which
        mkdocs-static-i18n sets as an attribute and as an item) to page ``name``."""
        for alternates in (getattr(config.extra, "alternate", None), config.extra.get("alternate")):
            if isinstance(alternates, list):
                for alt in alternates:
                    if isinstance(alt, dict) and alt.get("lang") in self.langs:
                        alt["link"] = self._site_url(alt["lang"], name)

    def _site_url(self, lang: str, name: str) -> str:
        """The URL below the site root of page ``name`` in ``lang`` (``"./"`` for the root)."""
        m = self.municipality
        assert m is not None
        return site_url(m.lang_prefix(lang), name)

    # -- the 404 page: links relative to the site root, resolved by a <base> the page sets
    def on_template_context(self, context, template_name, config):
        m = self.municipality
        if m is None:
            return context
        if template_name == "404.html":
            context["base_url"] = "."  # mkdocs would use "/" (root-absolute links)
            context["ipforms_langs"] = [m.written_standard, m.sub_lang]
            self._set_alternates(config, "index")
        return context

    def on_pre_template(self, template, template_name, config):
        """mkdocs renders the theme's ``sitemap.xml`` (for nb and for nn), and
        :meth:`on_post_template` throws it away: render an empty one instead, unless a
        plugin we do not know sees templates' context or output."""
        if template_name == "sitemap.xml" and _known_template_hooks(config):
            return _EMPTY_TEMPLATE
        if template_name == "404.html" and self.municipality is not None:
            notfound.use(template, config)  # rendered once per shape
        return template

    def on_post_template(self, output_content, template_name, config):
        m = self.municipality
        if template_name == "sitemap.xml":
            return ""  # ours is written after the build, and only with a base_url
        if template_name != "404.html" or m is None:
            return output_content
        i18n = config.plugins.get("i18n")
        if i18n is not None and getattr(i18n, "current_language", None) != m.written_standard:
            return ""  # mkdocs writes 404.html once per language to the same file; keep one
        return not_found_page(output_content, m, self.langs)

    # -- search and hreflang of every page
    def on_post_page(self, output, page, config):
        """Point the search of a page in the folder's standard at that folder's index
        (Material loads ``<base>/search/search_index.json``), and write the
        ``hreflang`` alternates (nb, nn, x-default): absolute with ``base_url``."""
        m = self.municipality
        pn = pages.page_name(page.file.src_uri)
        if m is None or pn is None:
            return output
        lang, name = pn
        output = hreflang(output, m, self.langs, page.url, name)
        output = output.replace(f'href="{PRIVACY_HREF}"', f'href="{privacy_href(m, lang, page.url)}"')
        if lang == m.written_standard:
            return output
        return point_search(output, page.url, m.lang_prefix(lang))

    def _write_sitemap(self, config) -> None:
        """``sitemap.xml`` (and ``.gz``), see :mod:`ipforms.site.sitemap`."""
        m = self.municipality
        text = sitemap(m, self.langs, self.page_urls) if m is not None else None
        if text is None:
            return
        out, write = Path(config.site_dir), self._writer()
        write(out / "sitemap.xml", text)
        write(out / "sitemap.xml.gz", gzip.compress(text, mtime=0))

    @event_priority(-200)  # after mkdocs-static-i18n has written the merged index
    def _split_search_index(self, config):
        i18n = config.plugins.get("i18n")
        if i18n is None or getattr(i18n, "building", False):
            return  # the nested nn build: the index is not complete yet
        index_file = Path(config.site_dir) / "search" / "search_index.json"
        if not index_file.is_file():
            return
        m = self.municipality
        if m is None:
            return
        index = json.loads(index_file.read_text(encoding="utf-8"))
        write = self._writer()
        for prefix, own in split_index(index, m, self.langs).items():
            target = Path(config.site_dir) / prefix / "search" / "search_index.json"
            target.parent.mkdir(parents=True, exist_ok=True)
            write(target, json.dumps(own, ensure_ascii=False))

    def _writer(self):
        """How a file of ours is written: straight into a build folder of ``ipforms build``
        (new, thrown away on failure, swapped in whole), else atomically."""
        fresh = self.settings is not None and self.settings.fresh_site_dir
        return write_new if fresh else atomic_write

    # -- output: publish the prefilled forms beside the pages, the colour and the logo
    def _write_forms(self, config):
        if _nested(config):
            return  # written before mkdocs-static-i18n's build of the other standard
        out = Path(config.site_dir)
        m = self.municipality
        extra: dict[str, bytes] = {}
        if m is not None and m.colour:
            extra[KOMMUNE_CSS] = colour_css(m.colour).encode("utf-8")
        if self.logo is not None:
            try:  # checked when the data was read; read again the same way
                extra[LOGO_URI + self.logo.suffix.lower()] = read_logo(self.logo)
            except DataError as exc:
                raise PluginError(_message(exc)) from None
        write = self._writer()
        made: set[str] = set()  # the folders made here (most files share one)
        for rel, data in {**self.form_bytes, **extra}.items():
            target = out / rel
            folder = os.path.dirname(rel)
            if folder not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(folder)
            write(target, data)

    @event_priority(-200)  # after mkdocs-static-i18n has built the other standard
    def _write_sitemap_once(self, config):
        i18n = config.plugins.get("i18n")
        if i18n is None or not getattr(i18n, "building", False):
            self._write_sitemap(config)

    @event_priority(-200)  # after mkdocs-static-i18n has built every language
    def _show_problems(self, config):
        i18n = config.plugins.get("i18n")
        if i18n is None or not getattr(i18n, "building", False):
            if self.preview.serving:
                root = Path(config.config_file_path or ".").parent
                m = self.municipality
                self.preview.check_saved(root, self.content_layers, root / self.config.data_dir,
                                         m.slug if m is not None else None,
                                         m.written_standard if m is not None else None)
            self.preview.end_build(Path(config.site_dir))

    def on_build_error(self, error):
        self.preview.build_failed(error)

    on_post_build = CombinedEvent(_write_forms, _split_search_index, _write_sitemap_once,
                                  _show_problems)


def _nested(config) -> bool:
    """Whether this is mkdocs-static-i18n's build of another language, inside the first."""
    i18n = config.plugins.get("i18n")
    return i18n is not None and bool(getattr(i18n, "building", False))


def _copied_already(dirty: bool = False) -> None:
    """``File.copy_file`` of a file this build has copied to the same place already."""


_TAGS = re.compile(r"<[^>]*>")
_EMPTY_TEMPLATE = jinja2.Template("")
_KNOWN_TEMPLATE_HOOKS = {("ipforms.site.plugin", "IpformsPlugin"),
                         ("mkdocs_static_i18n.plugin", "I18n")}


def _known_template_hooks(config) -> bool:
    """Whether every template hook of the build is ours or mkdocs-static-i18n's (which
    only adds to the context)."""
    for event in ("pre_template", "template_context", "post_template"):
        for method in config.plugins.events.get(event, ()):
            owner = type(getattr(method, "__self__", None))
            if (owner.__module__, owner.__qualname__) not in _KNOWN_TEMPLATE_HOOKS:
                return False
    return True


def _message(exc: IpformsError) -> str:
    if isinstance(exc, DataError):  # every problem of the file, each with its hint
        return exc.report()
    return f"{exc}" + (f"\nhint: {exc.hint}" if exc.hint else "")
