"""The 404 page: a web server shows it at any missing address, so its links are written
relative to the site root and a few lines of script find that root (a ``<base>``).

Its template (Material's ``main.html`` around ipforms' ``404.html``) is rendered once
per *shape*, as a page's is (:mod:`ipforms.site.chrome`, whose skeletons and proof it
uses): the slots are the site name, the footer and the navigation's titles; the shape
is everything else the template reads (the language selector's labels and links, the
base url, the languages, the configuration, the theme ...).  With anything not known
(a ``custom_dir``, a template hook of an unknown plugin, a context key not known) the
template is rendered as usual.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from ..core.municipality import Municipality
from . import chrome
from .escape import script_json
from .pages import PRIVACY_PAGE
from .theming import PRIVACY_HREF, privacy_href


def base_script(m: Municipality, known: list[str]) -> str:
    """The inline script at the top of the 404 page.

    A web server shows the 404 page at whatever address was asked for, so relative
    links cannot work there by themselves.  The page is written with every link
    relative to the site root, and this script puts a ``<base href>`` to the site
    root before any of them is loaded.  The root is, in order:

    1. the path of ``base_url`` when the address starts with it (when that path is
       ``/``, only on ``base_url``'s own host);
    2. else the address up to the first folder the site has (the other standard's
       folder, a page's folder, ``assets/``, ``search/``, ``skjema/``), where a
       page's folder must not be followed by another such name
       (``/oyer/nn/finnes-ikke/`` -> ``/oyer/``);
    3. else the folder of the missing address (``/oyer/finnes-ikke/`` -> ``/oyer/``).
    """
    host, path = "", ""
    if m.base_url:
        parts = urlsplit(str(m.base_url))
        host, path = parts.netloc, parts.path or "/"
    data = script_json({"host": host, "path": path, "sub": m.sub_lang,
                        "known": sorted(set(known) | {m.sub_lang})})
    return ("<script>/* ipforms: this page is served at any missing address; "
            "point relative links at the site root */(function(c){"
            "var p=location.pathname,s=p.split('/'),k=c.known,r=null,i;"
            "if(c.path&&p.indexOf(c.path)===0&&(c.path!=='/'||location.host===c.host))r=c.path;"
            "for(i=1;r===null&&i<s.length-1;i++)if(k.indexOf(s[i])>=0&&"
            "(s[i]===c.sub||k.indexOf(s[i+1])<0))r=s.slice(0,i).join('/')+'/';"
            "if(r===null)r=p.replace(/[^\\/]*\\/?$/,'')||'/';"
            "var b=document.createElement('base');b.href=r;"
            "document.head.appendChild(b)})(" + data + ")</script>")


#: run between Material's config block and its bundle on the 404 page: the bundle
#: takes ``base`` (search index, links) from the config, resolved against the address
FIX_404_CONFIG = ("<script>(function(c){var j=JSON.parse(c.textContent);"
                  "j.base=document.baseURI;c.textContent=JSON.stringify(j)})"
                  "(document.getElementById('__config'))</script>")


def not_found_page(output: str, m: Municipality, langs: tuple[str, ...]) -> str:
    """The 404 page as mkdocs wrote it (every link relative to the site root), with the
    script that finds the site root (:func:`base_script`) and the privacy link."""
    known = [*(lang for lang in langs if lang != m.written_standard), "assets", "search",
             "skjema", PRIVACY_PAGE, *m.services]
    out = output.replace("<head>", "<head>" + base_script(m, known), 1)
    out = out.replace(f'href="{PRIVACY_HREF}"', f'href="{privacy_href(m, m.written_standard, "")}"')
    out = out.replace('href="././"', 'href="./"')
    bundle = re.search(r'<script src="[^"]*assets/javascripts/bundle\.', out)
    if bundle:
        out = out[:bundle.start()] + FIX_404_CONFIG + out[bundle.start():]
    return out


#: how often the 404 page's template was rendered here (as usual, with tokens, probes)
RENDERS = [0]
#: the plugins whose template hooks are known: what they give the 404 page's context
_KNOWN_HOOKS = {("ipforms.site.plugin", "IpformsPlugin"), ("mkdocs_static_i18n.plugin", "I18n")}
_KEYS = frozenset({"nav", "pages", "base_url", "extra_css", "extra_javascript",
                   "mkdocs_version", "build_date_utc", "config", "page", "ipforms_langs"})
#: what mkdocs-static-i18n adds (``i18n_alternates``: its files per language, for its
#: sitemap; in the shape as ``pages`` is, by their addresses)
_I18N_KEYS = frozenset({"i18n_build_languages", "i18n_current_language_config",
                        "i18n_current_language", "i18n_alternates"})


def _shape(context, config, slots, template, env) -> tuple | None:
    """Everything the 404 page's template reads but the slots (None: not known here)."""
    keys = set(context)
    if (keys != _KEYS and keys != _KEYS | _I18N_KEYS) or context["page"] is not None:
        return None
    if getattr(config.theme, "custom_dir", None) or context["config"] is not config:
        return None
    i18n: tuple = ()
    if "i18n_alternates" in keys:
        lang = context["i18n_current_language_config"]
        files = context["i18n_alternates"]
        i18n = (repr(context["i18n_build_languages"]), repr(context["i18n_current_language"]),
                repr(sorted((k, repr(v)) for k, v in dict(lang).items()
                            if k not in ("site_name", "copyright"))),
                tuple((k, tuple((f.src_uri, f.dest_uri, f.url) for f in files[k]))
                      for k in sorted(files)))
    return (*chrome.common_shape(context, config, slots, template, env), "404",
            repr(context["ipforms_langs"]), i18n)


def render(template, context, config, env) -> str:
    """``template.render(context)`` for the 404 page, from its shape's skeleton."""
    slots = chrome.Slots(None, config, context["nav"])
    values = slots.values()
    shape = _shape(context, config, slots, template, env)
    return chrome.from_skeleton(template, context, slots, values, shape, RENDERS)


def use(template, config) -> None:
    """Let mkdocs' ``template.render(context)`` of the 404 page (right after the template
    hooks) go through :func:`render`, when the build keeps its theme environment and
    every template hook is of a plugin known here."""
    env = getattr(config.theme, "_ipforms_kept_env", None)
    if env is None or template.environment is not env:
        return
    for event in ("pre_template", "template_context", "post_template"):
        for method in config.plugins.events.get(event, ()):
            owner = type(getattr(method, "__self__", None))
            if (owner.__module__, owner.__qualname__) not in _KNOWN_HOOKS:
                return

    def render_once(*args, **kwargs):
        del template.render  # the class's again
        if kwargs or len(args) != 1 or not isinstance(args[0], dict) \
                or args[0].get("config") is not config:
            RENDERS[0] += 1
            return type(template).render(template, *args, **kwargs)
        return render(template, args[0], config, env)

    template.render = render_once
