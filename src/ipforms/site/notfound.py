"""The 404 page: a web server shows it at any missing address, so its links are written
relative to the site root and a few lines of script find that root (a ``<base>``)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from ..core.municipality import Municipality
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
