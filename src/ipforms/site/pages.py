"""Page templates: Markdown with a few readable Jinja placeholders, rendered with
one municipality's data in one written standard.

The mkdocs plugin (:mod:`ipforms.site.plugin`) is a thin adapter over this module, so
``ipforms build``, ``mkdocs build`` and ``mkdocs serve`` render pages the same way.

Every data value is escaped for HTML *and* Markdown before it lands in a page
(:mod:`ipforms.site.escape`), so a value can never inject markup, links or script.
"""

from __future__ import annotations

import html
import os
import re
import threading
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import jinja2
from jinja2 import nodes
from jinja2.runtime import BlockReference, LoopContext, Macro
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError, safe_range
from jinja2.utils import Cycler, Joiner, Namespace
from jinja2.visitor import NodeTransformer
from markupsafe import Markup

from ..core import laws, signing
from ..core.errors import IpformsError, TemplateError
from ..core.files import read_text
from ..core.lang import EXTRA_LANGS, extra_text, format_long_date, format_size
from ..core.municipality import Municipality
from ..core import services
from ..core.services import SERVICES
from .escape import Piece, finalize, md_escape, md_link
from .urls import form_path, page_path, relative_url

#: Page files per language, in menu order (every municipality has all three service pages:
#: they are duties by law, helse- og omsorgstjenesteloven §§ 7-1, 7-2 and 7-2 a).
PAGES = ("index",) + SERVICES
#: the privacy page (GDPR art. 13), published when the data has ``privacy``; last in the menu
PRIVACY_PAGE = "personvern"
PARTIALS_DIR = "_partials"
FORM_KEYS = SERVICES + ("soknad", "fullmakt")
_FULLMAKT_LINK = {"nb": "Last ned fullmaktsskjemaet", "nn": "Last ned fullmaktsskjemaet"}
#: Seconds spent rendering our templates in this process (for bench/build.py).
RENDER_SECONDS = [0.0]


@dataclass(frozen=True)
class FormFile:
    """A downloadable form: where it is in the site and how large it is."""
    path: str          # site-relative, e.g. "skjema/soknad-koordinator-nn.pdf"
    size: int | None   # bytes, None when the file does not exist (yet)


class _Ns(SimpleNamespace):
    """Attribute access for the template context (``unit.name``)."""


def context(m: Municipality, lang: str, page: str, *, page_url: str = "",
            forms: dict[str, FormFile] | None = None, form_lang: str | None = None,
            online_lang: str | None = None) -> dict:
    """The values and helpers a template sees, already in the page's language.

    ``forms`` are in ``form_lang`` and the online forms in ``online_lang``: a third
    language's pages link its own when the municipality has translated them, else those
    of its written standard (the default), marked with that hreflang."""
    forms = forms or {}
    u = m.unit
    form_lang = form_lang or (lang if lang in ("nb", "nn") else m.written_standard)
    online_lang = online_lang or (lang if lang in ("nb", "nn") else m.written_standard)

    def law(key: str, section: str | None = None) -> Markup:
        text, url = laws.cite(key, section, lang)
        return md_link(text, url)

    def form_link(key: str, text: str) -> Markup:
        if key not in FORM_KEYS:
            raise IpformsError(f"form_link: unknown form {key!r}; expected one of "
                               f"{', '.join(FORM_KEYS)}")
        ff = forms.get(key) or FormFile(form_path(key, form_lang), None)
        label = f" ({format_size(ff.size, lang)})" if ff.size is not None else ""
        # Raw HTML, not a Markdown link: the PDFs are written beside the pages after the
        # build, so mkdocs' link check (strict mode) must not look for them among the docs.
        href = html.escape(relative_url(page_url, ff.path), quote=True)
        link = (f'<a href="{href}" type="application/pdf" hreflang="{form_lang}" '
                f'class="ipforms-form-link">{md_escape(text + label)}</a>')
        if key in forms:  # the online form is published with the PDFs
            from .webtexts import text as webform_text
            online = html.escape(relative_url(page_url, page_path(key, online_lang)), quote=True)
            other = f' hreflang="{online_lang}"' if online_lang != lang else ""
            link += (f' · <a href="{online}"{other} class="ipforms-webform-link">'
                     f'{md_escape(webform_text("link", lang))}</a>')
        return Piece(link)

    def who_signs(service: str) -> Markup:
        """The "who signs" list for ``service`` (a page name or "soknad"), rendered from the
        signing table (resources/signing.yml) that validation decides from."""
        offered = tuple(services.key(s) for s in m.services)

        def token(name: str) -> str:
            if name == "fullmakt_form":
                return str(form_link("fullmakt", _words(_FULLMAKT_LINK, "fullmakt_link", lang)))
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
    privacy = contact = sami = None
    if m.privacy:
        p = m.privacy
        privacy = _Ns(controller=(p.controller or m.name)(lang),
                      dpo_email=p.dpo_email, dpo_link=md_link(p.dpo_email, f"mailto:{p.dpo_email}"),
                      dpo_phone_link=(md_link(p.dpo_phone, "tel:" + p.dpo_phone.replace(" ", ""))
                                      if p.dpo_phone else ""),
                      retention=p.retention(lang),
                      url_link=md_link(_show_url(str(p.url)), str(p.url)) if p.url else "")
    if m.contact_person:
        c = m.contact_person
        contact = _Ns(role=c.role(lang),
                      phone_link=md_link(c.phone, "tel:" + c.phone.replace(" ", "")) if c.phone else "",
                      email_link=md_link(c.email, f"mailto:{c.email}") if c.email else "")
    if m.sami:
        sami = _Ns(where=m.sami.where(lang),
                   url_link=md_link(_show_url(str(m.sami.url)), str(m.sami.url)) if m.sami.url else "")
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
        "local": Markup(_local_markdown(getattr(local, lang, "") if local else "")),
        "ip_tool": tool,
        "ip_tool_link": md_link(_show_url(tool.url), tool.url) if tool else "",
        "ip_tool_guide_link": (md_link(_words(_GUIDE, "login_guide", lang), tool.login_guide)
                               if tool and tool.login_guide else ""),
        "collaboration": collab,
        "collaboration_link": (md_link(collab.name, collab.url) if collab and collab.url
                               else Markup(md_escape(collab.name)) if collab else ""),
        "services": list(m.services),
        "privacy": privacy,
        "contact_person": contact,
        "sami": sami,
        "demo": bool(m.example_fields),
        "law": law,
        "form_link": form_link,
        "who_signs": who_signs,
    }


_GUIDE = {"nb": "Veiledning for å logge inn", "nn": "Rettleiing for å logge inn"}


def _words(texts: dict[str, str], key: str, lang: str) -> str:
    """One of this module's own words; in a third language the municipality's
    translation ``pages.<key>`` (core/translations.py)."""
    return extra_text(f"pages.{key}", lang) if lang in EXTRA_LANGS else texts[lang]


def _show_url(url: str) -> str:
    """An address as a reader types it: ``https://www.individplan.no/`` -> ``www.individplan.no``.

    >>> _show_url("https://ip.os-ho.kommune.no/")
    'ip.os-ho.kommune.no'
    """
    return re.sub(r"^https?://", "", url).rstrip("/")


def _local_markdown(text: str) -> str:
    """Local Markdown from the data file: Markdown is kept, raw HTML is shown as text."""
    return html.escape(text.strip(), quote=False)


# -- the sandbox: what a page template may do -------------------------------------------
#
# Anyone who can edit a page must not get the account of whoever runs `ipforms check`,
# `build` or `mkdocs serve`: templates run in Jinja's immutable sandbox (no attribute
# that starts with "_", no internals, nothing that changes a value), may call only the
# helpers below, and have a budget per page, so a loop or a growing value ends with an
# error naming the file and line, never a hang or gigabytes of memory.

#: the longest value (characters, or items of a list) a template may make
MAX_VALUE = 1_000_000
#: the most text one page may render (characters) and the most loop rounds it may run
MAX_OUTPUT = 5_000_000
MAX_ROUNDS = 1_000_000
#: CPU seconds one page may take (a shipped page takes a few milliseconds)
MAX_SECONDS = 2.0
#: the largest number a filter argument may be (widths, lengths)
MAX_ARGUMENT = 10_000

_SAFE_FILTERS = ("abs", "capitalize", "count", "d", "default", "first", "float", "int",
                 "join", "last", "length", "list", "lower", "max", "min", "replace",
                 "reverse", "round", "sort", "string", "striptags", "sum", "title", "trim",
                 "truncate", "unique", "upper", "wordcount")
_SAFE_STR_METHODS = frozenset((
    "capitalize", "casefold", "count", "endswith", "find", "isalnum", "isalpha", "isdigit",
    "islower", "isspace", "istitle", "isupper", "lower", "lstrip", "rstrip", "split",
    "startswith", "strip", "title", "upper"))
_SAFE_DICT_METHODS = frozenset(("get", "items", "keys", "values"))
_WIDE_FORMAT = re.compile(r"%[-#0 +]*\*|%[-#0 +]*\d{5,}|%[-#0 +]*\d*\.\d{5,}")


class TemplateBudget(SecurityError):
    """A template went over one of the budgets above."""


class _Budget:
    def __init__(self) -> None:
        self.deadline = time.thread_time() + MAX_SECONDS
        self.output = 0
        self.rounds = 0

    def tick(self) -> None:
        if time.thread_time() > self.deadline:
            raise TemplateBudget(f"the page takes more than {MAX_SECONDS:g} s to render "
                                 "(a loop that runs too long?)")


_STATE = threading.local()


def _budget() -> _Budget:
    b = getattr(_STATE, "budget", None)
    if b is None:  # a template rendered outside Renderer.render (tests)
        b = _STATE.budget = _Budget()
    return b


def _sized(value: object) -> object:
    """``value``, or an error when it is larger than a page could ever need."""
    if isinstance(value, (str, list, tuple, dict)) and len(value) > MAX_VALUE:
        raise TemplateBudget(f"a value of {len(value):,} characters or items; a template "
                             f"may make at most {MAX_VALUE:,}")
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 256:
        raise TemplateBudget("a number too large for a page")
    return value


def _loop(iterable):
    """Every ``{% for %}`` runs through this: rounds are counted, time is watched."""
    b = _budget()
    for item in iterable:
        b.rounds += 1
        if b.rounds > MAX_ROUNDS:
            raise TemplateBudget(f"more than {MAX_ROUNDS:,} loop rounds in one page")
        if not b.rounds % 1000:
            b.tick()
        yield item


def _count(text: str) -> Markup:
    b = _budget()
    b.output += len(text)
    if b.output > MAX_OUTPUT:
        raise TemplateBudget(f"the page would be more than {MAX_OUTPUT:,} characters long")
    b.tick()
    return Markup(text)


def _out_text(value: object) -> Markup:
    """The template's own text (never escaped), counted."""
    return _count(str(value))


def _out_value(value: object) -> Markup:
    """A ``{{ value }}``: escaped as :func:`finalize` does, then counted.  While a page
    is rendered for the Markdown cache (``_STATE.pieces``), a data value or a
    :class:`Piece` that Markdown shows the same wherever it stands is written as a token
    (:data:`TOKEN` and its number), and the text is kept in ``_STATE.pieces``."""
    text = str(finalize(value))
    out = _count(text)
    pieces = getattr(_STATE, "pieces", None)
    if pieces is not None and (type(value) is Piece if isinstance(value, Markup)
                               else _inert(text)):
        pieces.append(text)
        return Markup(f"{TOKEN}{len(pieces) - 1}q")
    return out


@jinja2.pass_context
def _out_value_at_render(context, value: object) -> Markup:
    """:func:`_out_value` as the ``{{ }}`` filter; taking the context keeps Jinja from
    working out a constant's output when it compiles (a token must never be compiled in)."""
    return _out_value(value)


#: the tokens that stand for values in a page's skeleton: letters and digits (a word to
#: Markdown), with a per-process random part no template or value can know
TOKEN = "ipfq" + os.urandom(4).hex() + "n"
TOKEN_RE = re.compile(re.escape(TOKEN) + r"(\d+)q")
#: an escaped data value (:func:`md_escape`) that Markdown shows as the same text wherever
#: it stands in a line: letters, digits, spaces, escaped characters, entities and a few
#: punctuation marks that start nothing in Markdown (no "|" of a table, "=" of a heading
#: underline, "~" of a code fence)
_INERT = re.compile(r"(?:\\[\\`*_{}\[\]()#+\-.!]|&(?:amp|lt|gt|quot);|[^\W_]|[ ,:;'’/?%@–—«»§])+")


def _inert(text: str) -> bool:
    # digits alone could become a numbered list ("2024" + the template's ". ")
    return bool(_INERT.fullmatch(text)) and not text.isdigit()


def _check_args(name: str, args: tuple, kwargs: dict) -> None:
    for a in (*args, *kwargs.values()):
        if isinstance(a, int) and not isinstance(a, bool) and abs(a) > MAX_ARGUMENT:
            raise TemplateBudget(f"the number {a} in '|{name}' is larger than "
                                 f"{MAX_ARGUMENT:,}")


def _guarded_filter(name: str, func):
    pass_arg = getattr(func, "jinja_pass_arg", None)

    def guarded(*args, **kwargs):
        _budget().tick()
        first = 1 if pass_arg is not None else 0  # the context/environment Jinja passes
        value, rest = args[first], args[first + 1:]
        _check_args(name, rest, kwargs)
        if name == "join":
            items = [str(x) for x in value]
            sep = str(rest[0]) if rest else str(kwargs.get("d", ""))
            if sum(map(len, items)) + len(items) * len(sep) > MAX_VALUE:
                raise TemplateBudget(f"'|join' would make a value of more than "
                                     f"{MAX_VALUE:,} characters")
        if name == "replace" and len(rest) >= 2:
            text, old, new = str(value), str(rest[0]), str(rest[1])
            times = text.count(old) if old else len(text) + 1
            if len(text) + times * max(len(new) - len(old), 0) > MAX_VALUE:
                raise TemplateBudget(f"'|replace' would make a value of more than "
                                     f"{MAX_VALUE:,} characters")
        return _sized(func(*args, **kwargs))

    guarded.jinja_pass_arg = pass_arg  # type: ignore[attr-defined]
    guarded.__name__ = f"guarded_{name}"
    return guarded


class _Meter(NodeTransformer):
    """Rewrites a parsed template so every loop, output and joined value is counted."""

    def __init__(self, env: jinja2.Environment):
        self.env = env

    def _wrap(self, node: nodes.Node, name: str) -> nodes.Filter:
        return nodes.Filter(node, name, [], [], None, None, lineno=node.lineno,
                            environment=self.env)

    def visit_For(self, node: nodes.For) -> nodes.Node:
        self.generic_visit(node)
        node.iter = self._wrap(node.iter, "ipforms_loop")
        return node

    def visit_Output(self, node: nodes.Output) -> nodes.Node:
        self.generic_visit(node)
        node.nodes = [self._wrap(child, "ipforms_text" if isinstance(child, nodes.TemplateData)
                                 else "ipforms_out") for child in node.nodes]
        return node

    def _captures(self, node: nodes.Node) -> nodes.Node:
        # output caught into a value (a block set, a macro, a filter block, a block a
        # template can call): a template could look at what was written, so a page of
        # this environment is never rendered with tokens (Renderer.render_skeleton)
        self.env.ipforms_captures = True  # type: ignore[attr-defined]
        self.generic_visit(node)
        return node

    visit_AssignBlock = visit_Macro = visit_FilterBlock = visit_CallBlock = _captures
    visit_Block = _captures

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        return self._wrap(node, "ipforms_size")


class PageSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, narrowed to what page templates need."""

    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.globals.pop("lipsum", None)  # lorem ipsum of any length: not for our pages
        self.globals["range"] = self._range
        safe = {name: _guarded_filter(name, self.filters[name]) for name in _SAFE_FILTERS}
        self.filters.clear()
        self.filters.update(safe)
        self.filters.update(ipforms_loop=_loop, ipforms_text=_out_text,
                            ipforms_out=_out_value_at_render, ipforms_size=_sized)

    @staticmethod
    def _range(*args: int) -> range:
        _budget().tick()
        return safe_range(*args)

    def _parse(self, source, name, filename):
        tree = super()._parse(source, name, filename)
        return _Meter(self).visit(tree)

    def unsafe_undefined(self, obj, attribute):
        raise SecurityError(f"'{attribute}' of a {type(obj).__name__} value is not "
                            "something a page can use")

    def getattr(self, obj, attribute):
        _budget().tick()
        return super().getattr(obj, attribute)

    def getitem(self, obj, argument):
        _budget().tick()
        return super().getitem(obj, argument)

    def is_safe_callable(self, obj) -> bool:
        if getattr(obj, "__module__", None) == __name__ and callable(obj):
            return True  # law, form_link, who_signs
        if obj is self._range or obj is dict or obj in (Namespace, Cycler, Joiner):
            return True
        if isinstance(obj, (Macro, LoopContext, Joiner, BlockReference)):
            return True
        owner = getattr(obj, "__self__", None)
        name = getattr(obj, "__name__", "")
        if isinstance(owner, str):
            return name in _SAFE_STR_METHODS
        if isinstance(owner, dict):
            return name in _SAFE_DICT_METHODS
        if isinstance(owner, (LoopContext, Cycler)):
            return name in ("cycle", "changed", "next", "reset")
        return False

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 (Jinja's own signature)
        _budget().tick()
        if not __self.is_safe_callable(__obj):
            what = getattr(__obj, "__name__", type(__obj).__name__)
            raise SecurityError(f"calling '{what}' is not something a page can do; "
                                "the helpers are law(), form_link() and who_signs()")
        return _sized(__context.call(__obj, *args, **kwargs))

    def call_binop(self, context, operator, left, right):
        _budget().tick()
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if (isinstance(seq, (str, list, tuple)) and isinstance(times, int)
                        and len(seq) * times > MAX_VALUE):
                    raise TemplateBudget(f"'*' would make a value of more than {MAX_VALUE:,} "
                                         "characters or items")
            if isinstance(left, int) and isinstance(right, int) \
                    and left.bit_length() + right.bit_length() > 256:
                raise TemplateBudget("a number too large for a page")
        elif operator == "**" and isinstance(left, int) and isinstance(right, int) \
                and abs(left) > 1 and right * left.bit_length() > 256:
            raise TemplateBudget("a number too large for a page")
        elif operator == "%" and isinstance(left, str) and _WIDE_FORMAT.search(left):
            raise TemplateBudget("a '%' format wider than a page")
        return _sized(super().call_binop(context, operator, left, right))


_RENDERERS: dict[tuple[tuple[str, ...], str], Renderer] = {}


def renderer(content_dirs: list[Path], lang: str) -> Renderer:
    """A cached :class:`Renderer`: a process that builds many municipalities compiles
    each template once (Jinja still reloads a template whose file changed)."""
    key = (tuple(str(Path(d).resolve()) for d in content_dirs), lang)
    if key not in _RENDERERS:
        _RENDERERS[key] = Renderer(content_dirs, lang)
    return _RENDERERS[key]


class _ContentLoader(jinja2.FileSystemLoader):
    """Jinja's file loader, reading as every input is read (:func:`read_text`): a
    template that is a FIFO or device is an error (Jinja would wait on a pipe for
    ever), and so is one that is a link to a file outside its content folder (it
    would publish, or include, any file the builder can read)."""

    def __init__(self, roots: list[Path]):
        super().__init__([str(r) for r in roots])
        self.layers = {str(r): r.parent for r in roots}

    def get_source(self, environment, template):
        pieces = jinja2.loaders.split_template_path(template)
        for searchpath in self.searchpath:
            filename = os.path.join(searchpath, *pieces)
            if os.path.lexists(filename):
                break
        else:
            raise jinja2.TemplateNotFound(template)
        text = read_text(filename, TemplateError, within=self.layers[searchpath],
                         limit=TEMPLATE_LIMIT)
        mtime = os.path.getmtime(filename)

        def uptodate() -> bool:
            try:
                return os.path.getmtime(filename) == mtime
            except OSError:
                return False

        return text, os.path.normpath(filename), uptodate


#: the largest page template read (a shipped page is 2-5 kB)
TEMPLATE_LIMIT = 1 << 20


class Renderer:
    """Renders the templates of one language: ``<layer>/<lang>/`` for each content
    layer, the first that has a file wins (a project's ``content/`` before the
    shipped default, see :mod:`ipforms.site.overlay`)."""

    def __init__(self, content_dirs: list[Path], lang: str):
        self.roots = [Path(d) / lang for d in content_dirs]
        self.lang = lang
        self._compiled: dict[tuple[str, str], jinja2.Template] = {}
        self.env = PageSandbox(
            loader=_ContentLoader(self.roots),
            undefined=jinja2.StrictUndefined,
            finalize=finalize,
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

    def render_skeleton(self, name: str, ctx: dict,
                        source: str | None = None) -> tuple[str, tuple[str, list[str]] | None]:
        """:meth:`render`, and the page's skeleton: its Markdown with a token
        (:data:`TOKEN_RE`) for each value that Markdown shows as it is wherever it
        stands, and those values' texts (None when the templates catch output into
        values, which could look at what was written)."""
        pieces: list[str] = []
        _STATE.pieces = pieces
        try:
            skeleton = self.render(name, ctx, source)
        finally:
            _STATE.pieces = None
        if getattr(self.env, "ipforms_captures", False):
            return self.render(name, ctx, source), None
        text = TOKEN_RE.sub(lambda m: pieces[int(m.group(1))], skeleton)
        return text, (skeleton, pieces)

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
            _STATE.budget = _Budget()
            try:
                return tpl.render(ctx)
            finally:
                _STATE.budget = None
        except TemplateError:
            raise  # already names the file (one the loader could not read)
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateError(f"template syntax: {exc.message}",
                                file=exc.filename or file, line=exc.lineno) from None
        except jinja2.TemplateNotFound as exc:
            raise TemplateError(f"included template not found: {exc.name}", file=file,
                                line=_template_frame(exc, str(file))[1]) from None
        except SecurityError as exc:
            where, line = _template_frame(exc, str(file))
            raise TemplateError(f"not allowed in a page template: {exc}", file=where, line=line,
                                hint="templates use the placeholders and helpers listed in "
                                     "README.md beside the page templates; nothing else"
                                ) from None
        except RecursionError as exc:
            where, line = _template_frame(exc, str(file))
            raise TemplateError("the template includes or calls itself without end",
                                file=where, line=line) from None
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
        except (jinja2.TemplateError, ArithmeticError, LookupError, ValueError,
                AttributeError) as exc:
            where, line = _template_frame(exc, str(file))
            raise TemplateError(f"cannot render: {exc}", file=where, line=line,
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
    if len(parts) != 2 or parts[0] not in ("nb", "nn", *EXTRA_LANGS) \
            or not parts[1].endswith(".md"):
        return None
    return parts[0], parts[1][:-3]


def missing_translations(src_paths: list[str]) -> list[str]:
    """Pages that exist in one language folder but not the other (no silent fallback).

    >>> missing_translations(["nb/index.md", "nn/index.md", "nb/koordinator.md"])
    ['nn/koordinator.md']
    """
    have = {pn for p in src_paths if (pn := page_name(p)) is not None and pn[0] in ("nb", "nn")}
    return sorted(f"{other}/{name}.md" for lang, name in have
                  for other in ("nb", "nn") if other != lang and (other, name) not in have)


def wanted(src_path: str, m: Municipality) -> bool:
    """Whether a file in the content folder belongs in this municipality's site."""
    parts = Path(src_path).parts
    if PARTIALS_DIR in parts or parts[-1] == "README.md":  # partials and editors' notes
        return False
    if parts[-1] == f"{PRIVACY_PAGE}.md":  # only with the data it is written from
        return m.privacy is not None
    return True

