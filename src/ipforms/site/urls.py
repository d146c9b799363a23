"""Where things are in a built site: the paths of the published forms and of the online
form's pages, and a site-relative path as a URL relative to the page that links to it.

The Markdown pages (:mod:`ipforms.site.pages`), the online form (:mod:`ipforms.site.webform`)
and the mkdocs plugin all link by these, so a path is written in one place.
"""

from __future__ import annotations


def form_path(key: str, lang: str) -> str:
    """Site-relative path of a published form.

    >>> form_path("koordinator", "nn"), form_path("fullmakt", "nb")
    ('skjema/soknad-koordinator-nn.pdf', 'skjema/fullmakt-nb.pdf')
    """
    if key == "fullmakt":
        return f"skjema/fullmakt-{lang}.pdf"
    if key == "soknad":
        return f"skjema/soknad-{lang}.pdf"
    return f"skjema/soknad-{key}-{lang}.pdf"


def page_path(key: str, lang: str) -> str:
    """Site-relative path of the online form of a published form, beside its PDF.

    >>> page_path("koordinator", "nn")
    'skjema/soknad-koordinator-nn.html'
    """
    return form_path(key, lang).removesuffix(".pdf") + ".html"


def relative_url(page_url: str, target: str) -> str:
    """URL of site-relative ``target`` as seen from a page with URL ``page_url``.

    >>> relative_url("nn/koordinator/", "skjema/a.pdf")
    '../../skjema/a.pdf'
    >>> relative_url("", "skjema/a.pdf")
    'skjema/a.pdf'
    """
    depth = len([p for p in page_url.split("/") if p]) if page_url.endswith("/") or not page_url \
        else len(page_url.split("/")) - 1
    return "../" * depth + target


def site_url(prefix: str, name: str) -> str:
    """The URL below the site root of page ``name`` in the language folder ``prefix``
    (``""`` at the root, ``"nb/"``), ``"./"`` for the root itself.

    >>> site_url("", "index"), site_url("nb/", "index"), site_url("nb/", "koordinator")
    ('./', 'nb/', 'nb/koordinator/')
    """
    return (prefix + ("" if name == "index" else f"{name}/")) or "./"
