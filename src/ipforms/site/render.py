"""Rendering page templates: Markdown with a few readable Jinja placeholders, rendered
with one municipality's data (:func:`ipforms.site.pages.context`) in one written
standard, in the sandbox of :mod:`ipforms.site.sandbox`; what goes wrong in a template
is a :class:`TemplateError` naming its file and line."""

from __future__ import annotations

import os
import re
import time
import traceback
from pathlib import Path

import jinja2
from jinja2.sandbox import SecurityError

from ..core.errors import IpformsError, TemplateError
from ..core.files import read_text
from . import pagememo
from .escape import finalize
from .sandbox import STATE, TOKEN_RE, Budget, PageSandbox

#: Seconds spent rendering our templates in this process (for bench/build.py).
RENDER_SECONDS = [0.0]
#: how often a page template was rendered (the work-count test reads it)
RENDERS = [0]

_RENDERERS: dict[tuple[tuple[str, ...], str], Renderer] = {}


def renderer(content_dirs: list[Path], lang: str) -> Renderer:
    """A cached :class:`Renderer`: a process that builds many municipalities compiles
    each template once (Jinja still reloads a template whose file changed)."""
    key = (tuple(str(Path(d).resolve()) for d in content_dirs), lang)
    if key not in _RENDERERS:
        _RENDERERS[key] = Renderer(content_dirs, lang)
    _RENDERERS[key].loader.epoch += 1  # a new build: each template file looked at again
    return _RENDERERS[key]


class _ContentLoader(jinja2.FileSystemLoader):
    """Jinja's file loader, reading as every input is read (:func:`read_text`): a
    template that is a FIFO or device is an error (Jinja would wait on a pipe for
    ever), and so is one that is a link to a file outside its content folder (it
    would publish, or include, any file the builder can read)."""

    def __init__(self, roots: list[Path]):
        super().__init__([str(r) for r in roots])
        self.layers = {str(r): r.parent for r in roots}
        #: which build this is (:func:`renderer`): a template file found unchanged is not
        #: looked at again in the same build
        self.epoch = 0

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
        seen = [self.epoch]

        def uptodate() -> bool:
            if seen[0] == self.epoch:
                return True
            try:
                same = os.path.getmtime(filename) == mtime
            except OSError:
                return False
            if same:
                seen[0] = self.epoch
            return same

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
        self.loader = _ContentLoader(self.roots)
        self.env = PageSandbox(
            loader=self.loader,
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
        values, which could look at what was written).  A page of a shape already
        proved is made from its shape's skeleton (:mod:`ipforms.site.pagememo`)."""
        if source is None:
            return self._skeleton(name, ctx, source)
        t0, before = time.perf_counter(), RENDER_SECONDS[0]
        try:
            return pagememo.render(self, name, ctx, source,
                                   lambda c: self._skeleton(name, c, source))
        finally:
            RENDER_SECONDS[0] = before + time.perf_counter() - t0

    def _skeleton(self, name: str, ctx: dict,
                  source: str | None) -> tuple[str, tuple[str, list[str]] | None]:
        pieces: list[str] = []
        STATE.pieces = pieces
        try:
            skeleton = self.render(name, ctx, source)
        finally:
            STATE.pieces = None
        if getattr(self.env, "ipforms_captures", False):
            return self.render(name, ctx, source), None
        text = TOKEN_RE.sub(lambda m: pieces[int(m.group(1))], skeleton)
        return text, (skeleton, pieces)

    def render(self, name: str, ctx: dict, source: str | None = None) -> str:
        """Render template ``name`` (e.g. ``"koordinator.md"``) with ``ctx``.

        ``source`` is the template text when the caller already read it (mkdocs).
        """
        t0 = time.perf_counter()
        RENDERS[0] += 1
        try:
            if source is None:
                tpl = self.env.get_template(name)  # compiled once, cached by Jinja
            else:  # the text mkdocs read (front matter removed): compile once per text
                cached = self._compiled.get((name, source))
                if cached is None:
                    cached = self.env.from_string(source)
                    cached.filename = str(self.source_file(name))
                    self._compiled[(name, source)] = cached
                tpl = cached
            STATE.budget = Budget()
            try:
                return tpl.render(ctx)
            finally:
                STATE.budget = None
        except TemplateError:
            raise  # already names the file (one the loader could not read)
        except (jinja2.TemplateError, RecursionError, IpformsError, TypeError, ArithmeticError,
                LookupError, ValueError, AttributeError) as exc:
            raise _template_error(exc, self.source_file(name)) from None
        finally:
            RENDER_SECONDS[0] += time.perf_counter() - t0


_HINT = "README.md beside the page templates lists the placeholders"


def _template_error(exc: BaseException, file: Path) -> TemplateError:
    """What went wrong in a template, naming the file and line."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return TemplateError(f"template syntax: {exc.message}", file=exc.filename or file,
                             line=exc.lineno)
    if isinstance(exc, jinja2.TemplateNotFound):
        return TemplateError(f"included template not found: {exc.name}", file=file,
                             line=_template_frame(exc, str(file))[1])
    where, line = _template_frame(exc, str(file))
    if isinstance(exc, SecurityError):
        return TemplateError(f"not allowed in a page template: {exc}", file=where, line=line,
                             hint="templates use the placeholders and helpers listed in "
                                  "README.md beside the page templates; nothing else")
    if isinstance(exc, RecursionError):
        return TemplateError("the template includes or calls itself without end",
                             file=where, line=line)
    if isinstance(exc, (jinja2.UndefinedError, IpformsError, TypeError)):
        msg = str(exc)
        if isinstance(exc, jinja2.UndefinedError):
            msg = re.sub(r"'[\w.]+ object' has no attribute '(\w+)'",
                         r"'\1' is not a known field", msg)
            msg = f"unknown placeholder: {msg}"
        return TemplateError(msg, file=where, line=line, hint=_HINT)
    return TemplateError(f"cannot render: {exc}", file=where, line=line, hint=_HINT)


def _template_frame(exc: BaseException, default_file: str) -> tuple[str, int | None]:
    """The template file and line where ``exc`` was raised (Jinja rewrites tracebacks)."""
    best: tuple[str, int | None] = (default_file, None)
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename.endswith(".md") or frame.filename == "<template>":
            fname = default_file if frame.filename == "<template>" else frame.filename
            best = (fname, frame.lineno)
    return best
