"""The preview (``mkdocs serve``) never hangs on a mistake: it shows it.

mkdocs serve holds every request until a build succeeds ("The server will appear
stuck until build errors are resolved"), so one bad save leaves the editor's browser
waiting.  While serving, the ipforms plugin therefore does not fail the build:

* bad data: the pages are built with the last good data (or, before there was any,
  every page shows the error);
* a page template with an error: that page keeps its last good text;
* a warning mkdocs would stop on in strict mode (a broken link): the build goes on;
* anything else that stops a rebuild: the previous pages stay;

and every page gets a notice at the top that names the problem (file, line, what to
do), until the next good build.  ``mkdocs build`` and ``ipforms build`` are unchanged:
there an error stops the build.
"""

from __future__ import annotations

import html
import logging
import os
import re
from pathlib import Path

from mkdocs.utils import CountHandler

from ..core.files import atomic_write
from ..core.municipality import Municipality

log = logging.getLogger("mkdocs.plugins.ipforms")
BANNER_START = "<!-- ipforms-preview-problem -->"
BANNER_END = "<!-- /ipforms-preview-problem -->"
_BANNER_RE = re.compile(re.escape(BANNER_START) + ".*?" + re.escape(BANNER_END), re.S)
_BODY_RE = re.compile(rb"<body[^>]*>", re.I)
TITLE = "The preview shows the last good version. Fix this and save:"


class _Warnings(logging.Handler):
    """Collects the warnings mkdocs logs during one build."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.name != log.name:
            self.messages.append(record.getMessage())


def banner(messages: list[str]) -> str:
    """The notice put at the top of every page while something is wrong."""
    body = html.escape("\n\n".join(messages))
    return (f'{BANNER_START}<div class="ipforms-preview-problem" role="alert" style="position:'
            'sticky;top:0;z-index:1000;background:#fde7e9;color:#4a000f;border-bottom:3px solid '
            '#b00020;padding:.8em 1.2em;font:16px/1.45 sans-serif">'
            f"<strong>{html.escape(TITLE)}</strong>"
            '<pre style="white-space:pre-wrap;margin:.5em 0 0;font-size:14px;color:#4a000f;'
            f'background:none">{body}</pre></div>{BANNER_END}')


def mark_pages(site_dir: Path, messages: list[str]) -> int:
    """Put (or, with no messages, remove) the notice in every HTML page of ``site_dir``."""
    notice = banner(messages).encode("utf-8") if messages else b""
    changed = 0
    for dirpath, _dirs, names in os.walk(site_dir):
        for name in names:
            if not name.endswith(".html"):
                continue
            path = Path(dirpath) / name
            try:
                data = path.read_bytes()
            except OSError:
                continue
            text = data.decode("utf-8", "replace")
            clean = _BANNER_RE.sub("", text).encode("utf-8")
            m = _BODY_RE.search(clean)
            new = clean[:m.end()] + notice + clean[m.end():] if m and notice else clean
            if new != data:
                atomic_write(path, new)
                changed += 1
    return changed


def error_html(messages: list[str]) -> bytes:
    """A whole page for when there is no page yet to put the notice in."""
    return ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<title>Preview: a problem</title></head><body>" + banner(messages)
            + "</body></html>").encode("utf-8")


class Preview:
    """What the plugin keeps between the builds of one ``mkdocs serve``."""

    def __init__(self) -> None:
        self.serving = False
        self.problems: list[str] = []
        self.last_data: Municipality | None = None
        self.last_markdown: dict[str, str] = {}
        self.site_dir: Path | None = None
        self._warnings: _Warnings | None = None

    # -- one build
    def start_build(self, config) -> None:
        self.problems = []
        if not self.serving:
            return
        self.site_dir = Path(config.site_dir)
        config.strict = False  # a warning is shown on the pages; strict mode would hang serve
        mk = logging.getLogger("mkdocs")
        for h in list(mk.handlers):
            if isinstance(h, CountHandler):  # strict mode would abort (and the server hang)
                mk.removeHandler(h)
        if self._warnings is None:
            self._warnings = _Warnings()
            mk.addHandler(self._warnings)
        self._warnings.messages = []

    def good_data(self, m: Municipality) -> None:
        self.last_data = m

    def problem(self, message: str) -> Municipality | None:
        """Record a problem; the data to go on with (the last good, or None)."""
        if message not in self.problems:
            self.problems.append(message)
            log.error("ipforms: %s", message)
        return self.last_data

    def good_page(self, uri: str, markdown: str) -> None:
        self.last_markdown[uri] = markdown

    def last_page(self, uri: str) -> str:
        return self.last_markdown.get(uri) or self.error_page()

    def error_page(self) -> str:
        """Markdown for a page that cannot be built yet (the notice says why)."""
        return "# Preview\n\nThis page cannot be shown until the problem above is fixed.\n"

    def end_build(self, site_dir: Path) -> None:
        if not self.serving:
            return
        if self._warnings is not None:
            for msg in self._warnings.messages:
                if msg not in self.problems:
                    self.problems.append(msg)
            self._warnings.messages = []
        mark_pages(site_dir, self.problems)

    def build_failed(self, error: BaseException) -> None:
        if self.serving:
            self.problem(f"the build stopped: {error}")

    # -- the server
    def install(self, server) -> None:
        """Make the live-reload server's rebuilds always finish, and show a notice
        page when a file is asked for that no good build has written."""
        build = server.builder

        def safe_build(*args, **kwargs):
            try:
                return build(*args, **kwargs)
            except (Exception, SystemExit) as exc:  # mkdocs' Abort is a SystemExit
                self.problem(f"the build stopped: {exc}")
                if self.site_dir is not None:
                    mark_pages(self.site_dir, self.problems)
                return None

        server.builder = safe_build
        handler = server.error_handler

        def error_handler(code: int) -> bytes | None:
            if self.problems:
                return error_html(self.problems)
            return handler(code)

        server.error_handler = error_handler
