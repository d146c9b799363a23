"""Page templates: Markdown with a few readable Jinja placeholders, rendered with
one municipality's data in one written standard.

The mkdocs plugin (:mod:`ipforms.site.plugin`) is a thin adapter over this module, so
``ipforms build``, ``mkdocs build`` and ``mkdocs serve`` render pages the same way.

Every data value is escaped for HTML *and* Markdown before it lands in a page,
so a value can never inject markup, links or script:

>>> md_escape("<script>alert(1)</script> [x](javascript:y)")
'&lt;script&gt;alert\\\\(1\\\\)&lt;/script&gt; \\\\[x\\\\]\\\\(javascript:y\\\\)'
"""

from __future__ import annotations

import html
import re
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import jinja2
from markupsafe import Markup

from ..core import laws, signing
from ..core.errors import IpformsError, TemplateError
from ..core.lang import format_long_date, format_size
from ..core.municipality import Municipality
from ..core import services
from ..core.services import SERVICES

#: Page files per language, in menu order (every municipality has all three service pages:
#: they are duties by law, helse- og omsorgstjenesteloven §§ 7-1, 7-2 and 7-2 a).
PAGES = ("index",) + SERVICES
PARTIALS_DIR = "_partials"
FORM_KEYS = SERVICES + ("soknad", "fullmakt")
_FULLMAKT_LINK = {"nb": "Last ned fullmaktsskjemaet", "nn": "Last ned fullmaktsskjemaet"}
#: Seconds spent rendering our templates in this process (for bench/build.py).
RENDER_SECONDS = [0.0]

#: The characters Python-Markdown lets a backslash escape (markdown.Markdown.ESCAPED_CHARS).
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!])")


def md_escape(value: object) -> str:
    """Escape a data value so Markdown and HTML show it as plain text (one line)."""
    text = " ".join(str(value).split())
    text = html.escape(text, quote=True)
    return _MD_SPECIAL.sub(r"\\\1", text)


def _finalize(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    if isinstance(value, (list, tuple)):
        raise TypeError("a list cannot be written into a page as it is; "
                        "use a {% for %} loop over it")
    return md_escape(value)


def md_link(text: str, url: str) -> Markup:
    """A Markdown link whose text is escaped and whose URL is safe in ``(...)``."""
    if not re.match(r"^(https?://|mailto:|tel:|\.\./|[a-z0-9])", url) or url.startswith(
            ("javascript:", "data:")):
        raise IpformsError(f"refusing unsafe link target {url!r}")
    safe_url = url.replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C")
    return Markup(f"[{md_escape(text)}](<{safe_url}>)")


@dataclass(frozen=True)
class FormFile:
    """A downloadable form: where it is in the site and how large it is."""
    path: str          # site-relative, e.g. "skjema/soknad-koordinator-nn.pdf"
    size: int | None   # bytes, None when the file does not exist (yet)


class _Ns(SimpleNamespace):
    """Attribute access for the template context (``unit.name``)."""


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


def context(m: Municipality, lang: str, page: str, *, page_url: str = "",
            forms: dict[str, FormFile] | None = None) -> dict:
    """The values and helpers a template sees, already in the page's language."""
    forms = forms or {}
    u = m.unit

    def law(key: str, section: str | None = None) -> Markup:
        text, url = laws.cite(key, section, lang)
        return md_link(text, url)

    def form_link(key: str, text: str) -> Markup:
        if key not in FORM_KEYS:
            raise IpformsError(f"form_link: unknown form {key!r}; expected one of "
                               f"{', '.join(FORM_KEYS)}")
        ff = forms.get(key) or FormFile(form_path(key, lang), None)
        label = f" ({format_size(ff.size, lang)})" if ff.size is not None else ""
        # Raw HTML, not a Markdown link: the PDFs are written beside the pages after the
        # build, so mkdocs' link check (strict mode) must not look for them among the docs.
        href = html.escape(relative_url(page_url, ff.path), quote=True)
        link = (f'<a href="{href}" type="application/pdf" hreflang="{lang}" '
                f'class="ipforms-form-link">{md_escape(text + label)}</a>')
        if key in forms:  # the online form is published with the PDFs
            from .webform import page_path, text as webform_text
            online = html.escape(relative_url(page_url, page_path(key, lang)), quote=True)
            link += (f' · <a href="{online}" class="ipforms-webform-link">'
                     f'{md_escape(webform_text("link", lang))}</a>')
        return Markup(link)

    def who_signs(service: str) -> Markup:
        """The "who signs" list for ``service`` (a page name or "soknad"), rendered from the
        signing table (resources/signing.yml) that validation decides from."""
        offered = tuple(services.key(s) for s in m.services)

        def token(name: str) -> str:
            if name == "fullmakt_form":
                return str(form_link("fullmakt", _FULLMAKT_LINK[lang]))
            act, _, section = name.partition(" ")
            return str(law(act, section or None))

        items = signing.page_items(service, lang, offered=offered)
        return Markup("\n".join(f"- **{md_escape(title)}:** {signing.fill(text, lang, token)}"
                                 for title, text in items))

    tool = None
    if m.ip_tool:
        guide = str(m.ip_tool.login_guide) if m.ip_tool.login_guide else None
        tool = _Ns(name=m.ip_tool.name, url=str(m.ip_tool.url), login=m.ip_tool.login(lang),
                   login_guide=guide)
    ch = m.channels
    in_person = phone = digital = None
    if ch.in_person:
        in_person = _Ns(address=ch.in_person.address.one_line(),
                        opening_hours=ch.in_person.opening_hours(lang))
    if ch.phone:
        number = ch.phone.number or u.phone
        phone = _Ns(number=number, link=md_link(number, "tel:" + number.replace(" ", "")),
                    opening_hours=(ch.phone.opening_hours or u.opening_hours)(lang))
    if ch.digital:
        digital = _Ns(name=ch.digital.name(lang), url=str(ch.digital.url),
                      link=md_link(ch.digital.name(lang), str(ch.digital.url)))
    links = {key: (md_link(link.text(lang), str(link.url)) if link else "")
             for key, link in (("brochure", m.links.brochure), ("film", m.links.film))}
    collab = None
    if m.collaboration:
        collab = _Ns(name=m.collaboration.name(lang),
                     url=str(m.collaboration.url) if m.collaboration.url else None)
    local = {str(key): text for key, text in m.local.items()}.get(page)
    pa = u.postal_address
    return {
        "lang": lang,
        "page": page,
        "municipality": _Ns(name=m.name(lang), number=m.kommunenummer, slug=m.slug),
        "unit": _Ns(name=u.name(lang), email=u.email, phone=u.phone,
                    opening_hours=u.opening_hours(lang),
                    postal_address=pa.one_line(),
                    postal_lines=[pa.street, f"{pa.postcode} {pa.place}"]),
        "channels": _Ns(in_person=in_person, phone=phone, digital=digital),
        "brochure_link": links["brochure"],
        "film_link": links["film"],
        "email_link": md_link(u.email, f"mailto:{u.email}"),
        "phone_link": md_link(u.phone, "tel:" + u.phone.replace(" ", "")),
        "complaint_body": m.complaint_body(lang),
        "accessibility_url": str(m.accessibility_statement),
        "last_reviewed": format_long_date(m.last_reviewed, lang),
        "local": Markup(_local_markdown(getattr(local, lang) if local else "")),
        "ip_tool": tool,
        "ip_tool_link": md_link(_show_url(tool.url), tool.url) if tool else "",
        "ip_tool_guide_link": (md_link(_GUIDE[lang], tool.login_guide)
                               if tool and tool.login_guide else ""),
        "collaboration": collab,
        "collaboration_link": (md_link(collab.name, collab.url) if collab and collab.url
                               else Markup(md_escape(collab.name)) if collab else ""),
        "services": list(m.services),
        "demo": bool(m.example_fields),
        "law": law,
        "form_link": form_link,
        "who_signs": who_signs,
    }


_GUIDE = {"nb": "Veiledning for å logge inn", "nn": "Rettleiing for å logge inn"}


def _show_url(url: str) -> str:
    """An address as a reader types it: ``https://www.individplan.no/`` -> ``www.individplan.no``.

    >>> _show_url("https://ip.os-ho.kommune.no/")
    'ip.os-ho.kommune.no'
    """
    return re.sub(r"^https?://", "", url).rstrip("/")


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


def _local_markdown(text: str) -> str:
    """Local Markdown from the data file: Markdown is kept, raw HTML is shown as text."""
    return html.escape(text.strip(), quote=False)


_RENDERERS: dict[tuple[tuple[str, ...], str], "Renderer"] = {}


def renderer(content_dirs: list[Path], lang: str) -> "Renderer":
    """A cached :class:`Renderer`: a process that builds many municipalities compiles
    each template once (Jinja still reloads a template whose file changed)."""
    key = (tuple(str(Path(d).resolve()) for d in content_dirs), lang)
    if key not in _RENDERERS:
        _RENDERERS[key] = Renderer(content_dirs, lang)
    return _RENDERERS[key]


class Renderer:
    """Renders the templates of one language: ``<layer>/<lang>/`` for each content
    layer, the first that has a file wins (a project's ``content/`` before the
    shipped default, see :mod:`ipforms.site.overlay`)."""

    def __init__(self, content_dirs: list[Path], lang: str):
        self.roots = [Path(d) / lang for d in content_dirs]
        self.lang = lang
        self._compiled: dict[tuple[str, str], jinja2.Template] = {}
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader([str(r) for r in self.roots]),
            undefined=jinja2.StrictUndefined,
            finalize=_finalize,
            autoescape=False,
            keep_trailing_newline=True,
            auto_reload=True,
        )

    def source_file(self, name: str) -> Path:
        """The file template ``name`` is read from (for messages)."""
        for root in self.roots:
            if (root / name).is_file():
                return root / name
        return self.roots[0] / name

    def render(self, name: str, ctx: dict, source: str | None = None) -> str:
        """Render template ``name`` (e.g. ``"koordinator.md"``) with ``ctx``.

        ``source`` is the template text when the caller already read it (mkdocs).
        """
        file = self.source_file(name)
        t0 = time.perf_counter()
        try:
            if source is None:
                tpl = self.env.get_template(name)  # compiled once, cached by Jinja
            else:  # the text mkdocs read (front matter removed): compile once per text
                cached = self._compiled.get((name, source))
                if cached is None:
                    cached = self.env.from_string(source)
                    cached.filename = str(file)
                    self._compiled[(name, source)] = cached
                tpl = cached
            return tpl.render(ctx)
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateError(f"template syntax: {exc.message}",
                                file=exc.filename or file, line=exc.lineno) from None
        except jinja2.TemplateNotFound as exc:
            raise TemplateError(f"included template not found: {exc.name}", file=file,
                                line=_template_frame(exc, str(file))[1]) from None
        except (jinja2.UndefinedError, IpformsError, TypeError) as exc:
            where, line = _template_frame(exc, str(file))
            msg = str(exc)
            if isinstance(exc, jinja2.UndefinedError):
                msg = re.sub(r"'[\w.]+ object' has no attribute '(\w+)'",
                             r"'\1' is not a known field", msg)
                msg = f"unknown placeholder: {msg}"
            raise TemplateError(msg, file=where, line=line,
                                hint="README.md beside the page templates lists the placeholders"
                                ) from None
        finally:
            RENDER_SECONDS[0] += time.perf_counter() - t0



def _template_frame(exc: BaseException, default_file: str) -> tuple[str, int | None]:
    """The template file and line where ``exc`` was raised (Jinja rewrites tracebacks)."""
    best: tuple[str, int | None] = (default_file, None)
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename.endswith(".md") or frame.filename == "<template>":
            fname = default_file if frame.filename == "<template>" else frame.filename
            best = (fname, frame.lineno)
    return best


def page_name(src_path: str) -> tuple[str, str] | None:
    """``("nn", "koordinator")`` for ``"nn/koordinator.md"``; None for other files."""
    parts = Path(src_path).parts
    if len(parts) != 2 or parts[0] not in ("nb", "nn") or not parts[1].endswith(".md"):
        return None
    return parts[0], parts[1][:-3]


def missing_translations(src_paths: list[str]) -> list[str]:
    """Pages that exist in one language folder but not the other (no silent fallback).

    >>> missing_translations(["nb/index.md", "nn/index.md", "nb/koordinator.md"])
    ['nn/koordinator.md']
    """
    have = {pn for p in src_paths if (pn := page_name(p)) is not None}
    return sorted(f"{other}/{name}.md" for lang, name in have
                  for other in ("nb", "nn") if other != lang and (other, name) not in have)


def wanted(src_path: str, m: Municipality) -> bool:
    """Whether a file in the content folder belongs in this municipality's site."""
    parts = Path(src_path).parts
    if PARTIALS_DIR in parts or parts[-1] == "README.md":  # partials and editors' notes
        return False
    return True

