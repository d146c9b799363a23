"""Material's page template rendered once per page *shape*, not once per municipality.

Material's ``main.html`` (header, navigation, table of contents, footer, language
selector around the page's HTML) was an eighth of a site build.  Two municipalities'
pages at the same address differ in a few strings only: the site name, the copyright
footer, the canonical address, the page's title, its HTML, the titles of the
navigation's items and of the table of contents (and its anchors).  Those are the
*slots* of a page: the template is rendered once with a token in each slot, and a
municipality's page is that skeleton with each token replaced by its value, written as
the template wrote the token: as it is, or escaped (``| e``).  A token is made so that
any other treatment (``striptags``, ``truncate``, ``upper``, ``urlencode`` ...) leaves
it in a form not known here; then that shape is rendered as usual from then on.

The shape is everything else the template reads (:func:`_shape`): the page's address
and metadata, the navigation's structure, the table of contents' structure, the
configuration but for the slots, the theme, the template and its environment.  The first
page of a shape is rendered as usual, then with tokens and with :data:`PROBES` in the
slots (markup, ``&``, quotes, backslashes, Sámi letters, a long value); the skeleton is
kept only when it makes each of those renders exactly.  Only with a theme environment
kept for a run of builds (:mod:`ipforms.site.themecache`), no ``custom_dir``, and page
hooks of known plugins only; else every page is rendered as usual.
"""

from __future__ import annotations

import copy
import logging
import os
import re
from typing import Any

from jinja2.filters import do_striptags
from markupsafe import escape

#: the suffix every token carries: Jinja's ``| e`` and ``striptags`` write it each in
#: their own way, any other filter too
_SUFFIX = "|&amp;\"'  x|"
_TOKEN = "ipfc" + os.urandom(4).hex() + "n"


def _as_is(v: str) -> str:
    return v


def _escaped(v: str) -> str:
    return str(escape(v))


def _stripped(v: str) -> str:
    """``| striptags | e``, as Jinja does it (Material's label of a toc entry's list)."""
    return str(escape(do_striptags(v)))


#: each way a token is written that is known: the text after its number, and what the
#: template did to the value there (the page's HTML has ``<h1`` in its token, as in it)
_WAYS = {f(suffix): f for suffix in (_SUFFIX, "<h1" + _SUFFIX)
         for f in (_as_is, _escaped, _stripped)}
_FORMS = re.compile(re.escape(_TOKEN) + r"(\d+)c("
                    + "|".join(re.escape(w) for w in sorted(_WAYS, key=len, reverse=True)) + ")")
#: how often Material's page template was rendered (the work-count test reads it)
RENDERS = [0]
#: the plugins whose ``on_page_context`` is known to leave the rest alone
KNOWN_HOOKS = {("ipforms.site.plugin", "IpformsPlugin"), ("mkdocs_static_i18n.plugin", "I18n"),
               ("material.plugins.search.plugin", "SearchPlugin"),
               ("mkdocs.contrib.search", "SearchPlugin")}
#: the context mkdocs gives a page (``build_date_utc``: read by no template here) and
#: what mkdocs-static-i18n adds
_CONTEXT_KEYS = frozenset({"nav", "pages", "base_url", "extra_css", "extra_javascript",
                           "mkdocs_version", "build_date_utc", "config", "page"})
_I18N_KEYS = frozenset({"i18n_config", "i18n_page_locale", "i18n_file_locale"})
#: configuration the template does not read (``site_dir``) or that is a slot
_NOT_SHAPE = frozenset({"site_name", "copyright", "site_url", "site_dir", "plugins", "theme"})
#: values put in the slots to prove the skeleton (each slot gets its number added)
PROBES = ("<b>R&amp;D</b> & \"q\" 'a' \\x \\\\ {{ y }}",
          "Čáhcesuolu Ŋ ŧ đ ž – " + "lang verdi " * 40)
#: and in the anchors of the table of contents (a heading's id: only word characters and
#: ``-``, as the toc extension makes them; Material writes them through ``| url``)
ID_PROBES = ("čáhcesuolu-ŋ_đ", "x-" * 120)
_ID = re.compile(r"[\w\-]+")
_ENTRIES: dict[tuple, list | None] = {}
_LIMIT = 2048


def _token(i: int, content: bool) -> str:
    return f"{_TOKEN}{i}c{'<h1' if content else ''}{_SUFFIX}"


class Slots:
    """The page's slots: read them, put values in, put them back.  Without a page (the
    404 page, :mod:`ipforms.site.notfound`): the site name, footer, site address (when
    it has one) and navigation's."""

    def __init__(self, page, config, nav):
        self.page, self.config = page, config
        self.items = list(walk(nav.items, "children"))
        self.toc = page.toc if page is not None else None
        self.anchors = list(walk(self.toc or [], "children"))
        self.names: list[tuple[str, Any]] = [("site_name", None), ("copyright", None)]
        if page is not None:
            meta = page.meta if isinstance(page.meta, dict) else {}
            if page.canonical_url is not None:
                self.names.append(("canonical", None))
            if "title" in meta:
                self.names.append(("meta_title", None))
            self.names.append(("content", None))
        elif config.get("site_url") is not None:
            self.names.append(("site_url", None))
        self.names += [("item", i) for i in self.items]
        self.names += [(kind, k) for k in range(len(self.anchors)) for kind in ("tt", "ti")]

    def values(self) -> list:
        out = []
        for kind, x in self.names:
            if kind in ("site_name", "copyright", "site_url"):
                out.append(self.config[kind])
            elif kind == "canonical":
                out.append(self.page.canonical_url)
            elif kind == "meta_title":
                out.append(self.page.meta["title"])
            elif kind == "content":
                out.append(self.page.content)
            elif kind == "item":
                out.append(x.title)
            else:
                a = self.anchors[x]
                out.append(a.title if kind == "tt" else a.id)
        return out

    def put(self, values: list) -> None:
        page = self.page
        toc = copy.deepcopy(self.toc)
        anchors = list(walk(toc or [], "children"))
        for (kind, x), v in zip(self.names, values, strict=True):
            if kind in ("site_name", "copyright", "site_url"):
                self.config[kind] = v
            elif kind == "canonical":
                page.canonical_url = v
            elif kind == "meta_title":
                page.meta["title"] = v
            elif kind == "content":
                page.content = v
            elif kind == "item":
                x.__dict__["title"] = v  # a Page's title is a weak_property
            elif kind == "tt":
                anchors[x].title = v
            else:
                anchors[x].id = v
        if page is not None:
            page.toc = toc

    def save(self) -> list:
        return ["title" in i.__dict__ for i in self.items]

    def restore(self, values: list, had_title: list) -> None:
        self.put(values)
        if self.page is not None:
            self.page.toc = self.toc
        for item, had in zip(self.items, had_title, strict=True):
            if not had:
                item.__dict__.pop("title", None)


def walk(items, attr: str):
    for item in items or []:
        yield item
        yield from walk(getattr(item, attr, None), attr)


def item_shape(item) -> tuple:
    """A navigation item but for its title (a slot)."""
    own = getattr(item, "meta", None)
    return (type(item).__name__, getattr(item, "url", None), bool(item.active),
            getattr(item, "is_index", None), getattr(item, "is_homepage", None),
            repr(sorted((k, repr(v)) for k, v in own.items() if k != "title"))
            if isinstance(own, dict) else repr(own),
            tuple(item_shape(c) for c in getattr(item, "children", None) or []))


def _shape(context, page, config, slots: Slots, template, env) -> tuple | None:
    """Everything the template reads but the slots (None: something not known here)."""
    keys = set(context)
    if (keys != _CONTEXT_KEYS and keys != _CONTEXT_KEYS | _I18N_KEYS) or context["page"] is not page:
        return None
    theme = config.theme
    if getattr(theme, "custom_dir", None):
        return None
    meta = page.meta if isinstance(page.meta, dict) else {}
    if "<h1" not in (page.content or ""):
        return None  # Material writes a title of its own, and reads the toc otherwise

    def toc_shape(a) -> tuple:
        return (a.level, tuple(toc_shape(c) for c in a.children))

    return (*common_shape(context, config, slots, template, env),
            page.url, page.file.src_uri, page.is_homepage, page.edit_url,
            repr(sorted((k, repr(v)) for k, v in meta.items() if k != "title")),
            getattr(page.previous_page, "url", None), getattr(page.next_page, "url", None),
            tuple(toc_shape(a) for a in page.toc or []), _i18n_shape(context))


def common_shape(context, config, slots: Slots, template, env) -> tuple:
    """The shape's part a page and the 404 page have alike: the template and its
    environment, mkdocs' context, the navigation, the configuration and the theme."""
    theme = config.theme
    conf = repr(sorted((k, repr(v)) for k, v in config.items() if k not in _NOT_SHAPE))
    return (template, env, tuple(sorted(env.globals)), context["base_url"],
            tuple(context["extra_css"]), tuple(context["extra_javascript"]),
            context["mkdocs_version"], tuple(f.src_uri for f in context["pages"]),
            tuple(item_shape(i) for i in context["nav"].items), tuple(n for n, _ in slots.names),
            conf, tuple(config.plugins), repr(sorted((k, repr(v)) for k, v in theme.items())),
            tuple(theme.dirs), str(theme.locale))


def _i18n_shape(context) -> tuple:
    """mkdocs-static-i18n's part of the context: its languages' site names and footers
    are left out (the language built has them in ``config``, as slots; no template reads
    the others')."""
    cfg = context.get("i18n_config")
    if cfg is None:
        return ()
    langs = tuple(repr(sorted((k, repr(v)) for k, v in lang.items()
                              if k not in ("site_name", "copyright")))
                  for lang in cfg.get("languages") or [])
    return (context.get("i18n_page_locale"), context.get("i18n_file_locale"), langs,
            repr(sorted((k, repr(v)) for k, v in cfg.items() if k != "languages")))


def _skeleton(output: str, n: int) -> list | None:
    """``output`` cut at its tokens: text, (slot, escaped), text ... (None: a token in a
    form not known, or a slot not written at all is fine, a token half cut is not)."""
    parts: list = []
    at = 0
    for m in _FORMS.finditer(output):
        parts.append(output[at:m.start()])
        k = int(m.group(1))
        if k >= n:
            return None
        parts.append((k, _WAYS[m.group(2)]))
        at = m.end()
    parts.append(output[at:])
    if any(_TOKEN in p for p in parts if isinstance(p, str)):
        return None
    return parts


def _fill(parts: list, values: list) -> str:
    return "".join(p if isinstance(p, str) else p[1](values[p[0]]) for p in parts)


def render(template, context, page, config, nav, env) -> str:
    """``template.render(context)`` for a page, from its shape's skeleton when proved."""
    slots = Slots(page, config, nav)
    values = slots.values()
    shape = None
    if all(_ID.fullmatch(v) for (kind, _), v in zip(slots.names, values, strict=True)
           if kind == "ti" and type(v) is str):
        shape = _shape(context, page, config, slots, template, env)
    return from_skeleton(template, context, slots, values, shape)


def from_skeleton(template, context, slots: Slots, values: list, shape: tuple | None,
                  counter: list[int] = RENDERS) -> str:
    """``template.render(context)`` from the skeleton of ``shape`` (None: not known
    here), made and proved from this render when it is the shape's first."""
    if not all(type(v) is str and v for v in values):
        shape = None
    if shape is None or _ENTRIES.get(shape, False) is None:
        return _render(template, context, counter)
    parts = _ENTRIES.get(shape)
    if parts is not None:
        return _fill(parts, values)
    output = _render(template, context, counter)
    if len(_ENTRIES) > _LIMIT:
        _ENTRIES.clear()
    _ENTRIES[shape] = None
    parts = _prove(template, context, slots, values, output, counter)
    if parts is not None:
        _ENTRIES[shape] = parts
    return output


def _prove(template, context, slots: Slots, values: list, output: str,
           counter: list[int]) -> list | None:
    had_title = slots.save()
    try:
        names = [n for n, _ in slots.names]
        k = names.index("content") if "content" in names else -1
        slots.put([_token(i, i == k) for i in range(len(values))])
        made = _quiet_render(template, context, counter)
        parts = _skeleton(made, len(values)) if made is not None else None
        if parts is None or _fill(parts, values) != output:
            return None
        for probe, id_probe in zip(PROBES, ID_PROBES, strict=True):
            tried = [f"{id_probe if kind == 'ti' else probe}{i}"
                     for i, (kind, _) in enumerate(slots.names)]
            if k >= 0:
                tried[k] = f"<h1>{tried[k]}</h1>"
            slots.put(tried)
            if _fill(parts, tried) != _quiet_render(template, context, counter):
                return None
        return parts
    finally:
        slots.restore(values, had_title)


def _render(template, context, counter: list[int]) -> str:
    counter[0] += 1
    return type(template).render(template, context)


def _quiet_render(template, context, counter: list[int]) -> str | None:
    """The template rendered with the slots' test values, heard by no one (None: it said
    something, as mkdocs' ``| url`` does of a backslash)."""
    said = _Said()
    loggers = [logging.getLogger(n) for n in ("mkdocs", "jinja2")]
    saved = [(lg, lg.propagate, lg.handlers[:]) for lg in loggers]
    try:
        for lg in loggers:
            lg.handlers[:] = [said]
            lg.propagate = False
        out = _render(template, context, counter)
    finally:
        for lg, propagate, handlers in saved:
            lg.handlers[:] = handlers
            lg.propagate = propagate
    return None if said.records else out


class _Said(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records = 0

    def emit(self, record):
        self.records += 1


def use(context, page, config, nav) -> None:
    """Let mkdocs' ``template.render(context)`` for this page (right after the page hooks)
    go through :func:`render`, when the build keeps its theme environment."""
    env = getattr(config.theme, "_ipforms_kept_env", None)
    if env is None:
        return
    for method in config.plugins.events.get("page_context", ()):
        owner = type(getattr(method, "__self__", None))
        if (owner.__module__, owner.__qualname__) not in KNOWN_HOOKS:
            return
    template = env.get_template(page.meta.get("template", "main.html"))

    def render_once(*args, **kwargs):
        del template.render  # the class's again
        if kwargs or len(args) != 1 or args[0] is not context:
            RENDERS[0] += 1
            return type(template).render(template, *args, **kwargs)
        return render(template, context, page, config, nav, env)

    template.render = render_once
