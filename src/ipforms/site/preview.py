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

The notice also shows what ``ipforms check`` finds in each file saved since the preview
started (spelling, words of the other standard, links, anchors, law citations, nb/nn
differences, the data file), in the municipality's written standard, until it is fixed
(:meth:`Preview.check_saved`).  A rebuild reuses what did not change: the compiled theme,
the forms (made again only when the data or the form definitions change) and hunspell's
answers.
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


FOUND_TITLE = "Found in this file:"


def banner(messages: list[str], found: dict[str, list[str]] | None = None,
           lang: str | None = None) -> str:
    """The notice put at the top of every page while something is wrong: the problems
    that stop the build, then what ``ipforms check`` finds in the saved files (file ->
    its findings), in ``lang`` (nb or nn) when given."""
    from . import norsk

    def say(text: str) -> str:
        return norsk.translate(text, lang) if lang else text

    pre = ('<pre style="white-space:pre-wrap;margin:.5em 0 0;font-size:14px;color:#4a000f;'
           'background:none">')
    parts = []
    if messages:
        body = "\n\n".join(say(m) for m in messages)
        parts.append(f"<strong>{html.escape(say(TITLE))}</strong>{pre}{html.escape(body)}</pre>")
    for file, lines in (found or {}).items():
        body = "\n".join(say(x) for x in lines)
        parts.append(f'<strong>{html.escape(file)}</strong> – {html.escape(say(FOUND_TITLE))}'
                     f"{pre}{html.escape(body)}</pre>")
    return (f'{BANNER_START}<div class="ipforms-preview-problem" role="alert" style="position:'
            'sticky;top:0;z-index:1000;background:#fde7e9;color:#4a000f;border-bottom:3px solid '
            '#b00020;padding:.8em 1.2em;font:16px/1.45 sans-serif;max-height:60vh;overflow:auto">'
            + "".join(parts) + f"</div>{BANNER_END}")


def mark_pages(site_dir: Path, messages: list[str], found: dict[str, list[str]] | None = None,
               lang: str | None = None) -> int:
    """Put (or, with nothing to show, remove) the notice in every HTML page of ``site_dir``."""
    notice = banner(messages, found, lang).encode("utf-8") if messages or found else b""
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


def error_html(messages: list[str], lang: str | None = None) -> bytes:
    """A whole page for when there is no page yet to put the notice in."""
    return (f"<!doctype html><html lang=\"{lang or 'en'}\"><head><meta charset=\"utf-8\">"
            "<title>ipforms</title></head><body>" + banner(messages, None, lang)
            + "</body></html>").encode("utf-8")


def _file_times(folders: list[Path]) -> dict[Path, int]:
    """Every file below ``folders`` (dotfiles left out) and its modification time."""
    out = {}
    for folder in folders:
        for dirpath, dirnames, names in os.walk(folder):
            dirnames[:] = [d for d in dirnames if not d.startswith(".")]
            for name in names:
                if not name.startswith("."):
                    path = Path(dirpath) / name
                    try:
                        out[path] = path.stat().st_mtime_ns
                    except OSError:
                        pass
    return out


def _rel(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


class Preview:
    """What the plugin keeps between the builds of one ``mkdocs serve``."""

    def __init__(self) -> None:
        self.serving = False
        self.problems: list[str] = []
        self.last_data: Municipality | None = None
        self.last_markdown: dict[str, str] = {}
        self.site_dir: Path | None = None
        self._warnings: _Warnings | None = None
        #: files (relative to the project) saved since the preview started, and their times
        self.saved: set[str] = set()
        self._times: dict[Path, int] | None = None
        #: what ipforms check finds in the saved files: file -> its findings (as text)
        self.found: dict[str, list[str]] = {}
        self.lang: str | None = None

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
        from . import norsk

        return "# " + norsk.say("Preview", self.lang or "") + "\n\n" + norsk.say(
            "This page cannot be shown until the problem above is fixed.", self.lang or "") + "\n"

    def check_saved(self, root: Path, layers: list[Path], data_dir: Path, slug: str | None,
                    lang: str | None) -> None:
        """What ``ipforms check`` finds in the files saved since the preview started: the
        same check (for the municipality previewed), its findings in those files, and
        those elsewhere that name them (an nb/nn difference)."""
        from ..core import spelling
        from . import norsk
        from .check import check_project

        times = _file_times([*layers[:1], data_dir])
        if self._times is not None:
            for path, t in times.items():
                if self._times.get(path) != t:
                    self.saved.add(_rel(path, root))
        self._times = times
        self.lang = lang or norsk.project_lang(root)
        self.found = {}
        if not self.saved:
            return
        try:
            spelling.keep_running()  # one hunspell per dictionary for the whole preview
            report = check_project(root, [slug] if slug else None, suggest=True)
        except Exception as exc:  # the preview goes on; the check's own fault is shown
            self.problem(f"ipforms check could not run: {exc}")
            return
        for f in report.sorted():  # the problems; the notes stay in ipforms check
            if f.severity != "error":
                continue
            for file in sorted(self.saved):
                if f.file == file or file in f.message:
                    self.found.setdefault(file, []).append(str(f))
                    break

    def end_build(self, site_dir: Path) -> None:
        if not self.serving:
            return
        if self._warnings is not None:
            for msg in self._warnings.messages:
                if msg not in self.problems:
                    self.problems.append(msg)
            self._warnings.messages = []
        mark_pages(site_dir, self.problems, self.found, self.lang)

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
                    mark_pages(self.site_dir, self.problems, self.found, self.lang)
                return None

        server.builder = safe_build
        handler = server.error_handler

        def error_handler(code: int) -> bytes | None:
            if self.problems:
                return error_html(self.problems, self.lang)
            return handler(code)

        server.error_handler = error_handler
