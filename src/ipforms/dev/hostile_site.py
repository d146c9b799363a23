"""A corpus of hostile *site* input (issue 19): page templates, data files, logos,
content folders and project names an attacker (or a careless copy-paste) could give
``ipforms check``, ``ipforms build``, ``mkdocs serve`` and ``ipforms new``.

Each case says what it attacks and what must happen instead: a plain error naming
the file (and line where there is one), or the right result; never code run, script
published, a hang or gigabytes of memory.  ``tests/test_hostile_site.py`` runs each
case through the entry points and ``bench/hostile.py`` measures the slowest and largest.
"""

from __future__ import annotations

from dataclasses import dataclass

#: a shell command a template might try to run: it would create this file
MARKER = "/tmp/ipforms-hostile-site-marker"


@dataclass(frozen=True)
class TemplateCase:
    """A line added to a page template; ``error`` is a piece of the expected message
    (every case is an error: none may render)."""
    name: str
    source: str
    error: str


TEMPLATES = [
    TemplateCase("popen", "{{ cycler.__init__.__globals__.os.popen('touch " + MARKER + "').read() }}",
                 "not allowed"),
    TemplateCase("subclasses", "{{ ''.__class__.__mro__[1].__subclasses__() }}", "not allowed"),
    TemplateCase("getitem", "{{ cycler['__init__']['__globals__'] }}", "not allowed"),
    TemplateCase("attr-filter", "{{ law|attr('__globals__') }}", "No filter named 'attr'"),
    TemplateCase("format-internals", "{{ '{0.__class__}'.format(law) }}", "not allowed"),
    TemplateCase("format-wide", "{{ '{:>999999999}'.format(1) }}", "not allowed"),
    TemplateCase("helper-globals", "{{ law.__globals__ }}", "not allowed"),
    TemplateCase("self-internals", "{{ self._TemplateReference__context }}", "not allowed"),
    TemplateCase("list-append", "{% set l = [] %}{{ l.append(1) }}", "not allowed"),
    TemplateCase("string-times", "{{ 'x' * 10**10 }}", "not allowed"),
    TemplateCase("power", "{{ 9**9**9 }}", "not allowed"),
    TemplateCase("percent-wide", "{{ '%999999999d' % 1 }}", "not allowed"),
    TemplateCase("nested-loops", "{% for i in range(100000) %}{% for j in range(100000) %}"
                 "{% endfor %}{% endfor %}", "loop rounds"),
    TemplateCase("loop-over-text", "{% set s = 'x' * 100000 %}{% for i in range(100000) %}"
                 "{% for c in s %}{% endfor %}{% endfor %}", "loop rounds"),
    TemplateCase("concat", "{% set a = 'x' * 100000 %}{% set b = a~a~a~a~a~a~a~a~a~a~a %}"
                 "{% set c = b~b~b~b~b~b~b~b~b~b %}{{ c }}", "at most"),
    TemplateCase("block-set", "{% set a = 'x' * 100000 %}{% set b %}{% for i in range(100000) %}"
                 "{{ a }}{% endfor %}{% endset %}", "characters long"),
    TemplateCase("namespace-doubling", "{% set ns = namespace(s='x' * 100000) %}"
                 "{% for i in range(60) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}", "at most"),
    TemplateCase("replace", "{% set a = 'x' * 100000 %}{{ a|replace('x', a) }}", "replace"),
    TemplateCase("join", "{% set a = 'x' * 100000 %}{{ range(100000)|join(a) }}", "join"),
    TemplateCase("center", "{{ 'x'|center(999999999) }}", "No filter named 'center'"),
    TemplateCase("lipsum", "{{ lipsum(10**8) }}", "'lipsum' is undefined"),
    TemplateCase("unescape-data", "{{ local|safe }}", "No filter named 'safe'"),
    TemplateCase("include-self", "{% include 'index.md' %}", "itself"),
    TemplateCase("macro-recursion", "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "itself"),
    TemplateCase("loop-recursion", "{% for x in [1, 2] recursive %}{{ loop([1, 2]) }}{% endfor %}",
                 "itself"),
]


# --- data values: escaped wherever they land, or refused with a data error ---------------

#: a value that would be markup anywhere it lands raw: closes a title, a script and
#: an attribute, opens a comment and a script
MARKUP = "</title></script>\"'&<!--<script>alert(1)</script><img src=x onerror=alert(2)>"


def yaml_quoted(text: str) -> str:
    """``text`` as a double-quoted YAML string."""
    import json
    return json.dumps(text, ensure_ascii=False)


def hostile_data(base: str, value: str = MARKUP, *, name: bool = False) -> str:
    """The data file ``base`` (testby's) with ``value`` appended to every free text
    (the name too when ``name``): unit, opening hours, address, channels, links, the
    IP tool, collaboration and complaint body."""
    v = value
    q = yaml_quoted
    out = base
    if name:
        out = out.replace("name: {nb: Testby kommune, nn: Testby kommune}",
                          f"name: {{nb: {q('Testby' + v)}, nn: {q('Testby' + v)}}}")
    out = out.replace("name: {nb: Koordinerende enhet, nn: Koordinerande eining}",
                      f"name: {{nb: {q('Enhet' + v)}, nn: {q('Eining' + v)}}}")
    out = out.replace("{street: Postboks 1, postcode: \"1234\", place: Testby}",
                      f"{{street: {q('Postboks 1' + v)}, postcode: \"1234\", place: {q('Testby' + v)}}}")
    out = out.replace("opening_hours: {nb: Hverdager 08.00–15.00, nn: Kvardagar 08.00–15.00}",
                      f"opening_hours: {{nb: {q('Hverdager' + v)}, nn: {q('Kvardagar' + v)}}}")
    out = out.replace("complaint_body: {nb: Statsforvalteren i Testfylke, nn: Statsforvaltaren i Testfylke}",
                      f"complaint_body: {{nb: {q('Statsforvalteren' + v)}, nn: {q('Statsforvaltaren' + v)}}}")
    out += f"""channels:
  in_person: {{address: {{street: {q('Gate 1' + v)}, postcode: "1234", place: {q('By' + v)}}},
              opening_hours: {{nb: {q('Hverdager' + v)}, nn: {q('Kvardagar' + v)}}}}}
  digital: {{name: {{nb: {q('Digipost' + v)}, nn: {q('Digipost' + v)}}}, url: "https://example.no/a?b=%3Cx%3E"}}
links:
  brochure: {{text: {{nb: {q('Brosjyre' + v)}, nn: {q('Brosjyre' + v)}}}, url: "https://example.no/b"}}
ip_tool: {{name: {q('Verktøy' + v)}, url: "https://ip.example.no/",
          login: {{nb: {q('Logg inn' + v)}, nn: {q('Logg inn' + v)}}}}}
collaboration: {{name: {{nb: {q('BTI' + v)}, nn: {q('BTI' + v)}}}, url: "https://example.no/c"}}
local:
  index: {{nb: {q('Lokalt ' + v)}, nn: {q('Lokalt ' + v)}}}
"""
    return out


#: links and attributes in local Markdown that must be refused (a data error naming the key)
LOCAL_REFUSED = [
    "[klikk](javascript:alert(1))", "[b](JaVaScRiPt:alert(2))", "[c]( javascript:alert(4))",
    "[d](data:text/html,<script>alert(1)</script>)", "[e](vbscript:x)",
    "[g][f]\n\n[f]: javascript:alert(5)", "![bilde](javascript:alert(6))",
    "[x](java&#115;cript:alert(7))", "[x](https://ok.no){onclick=alert(8)}",
    "Tekst\n{: onmouseover=\"alert(9)\" }", "[x](java\tscript:alert(10))",
]
#: local Markdown that is fine and must stay as it is
LOCAL_ALLOWED = [
    "[a](https://ok.no) og [b](mailto:post@ok.no) og [c](tel:+4712345678)",
    "[d](../koordinator/) og [e](#kontakt)", "| a | b |\n|:-:|--:|\n| 1 | 2 |",
    "[x](<javascript:alert(1)>) and <javascript:alert(1)> stay text",
]

SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">{}</svg>'
#: SVG logos that must be refused, and the piece of the reason
SVG_REFUSED = [
    ("script", SVG.format("<script>alert(1)</script>"), "<script>"),
    ("script-xlink", SVG.format('<script xlink:href="https://evil.example/x.js"/>'), "<script>"),
    ("onload", SVG.replace("<svg ", '<svg onload="alert(1)" ').format(""), "event handler"),
    ("onclick-child", SVG.format('<circle r="4" onclick="alert(1)"/>'), "event handler"),
    ("foreign-html", SVG.format('<foreignObject><body xmlns="http://www.w3.org/1999/xhtml">'
                                '<img src="x" onerror="alert(1)"/></body></foreignObject>'),
     "<foreignobject>"),
    ("xhtml-script", SVG.format('<script xmlns="http://www.w3.org/1999/xhtml">alert(1)</script>'),
     "<script>"),
    ("javascript-link", SVG.format('<a href="javascript:alert(1)"><circle r="4"/></a>'),
     "another file"),
    ("xlink-javascript", SVG.format('<a xlink:href="javascript:alert(1)"><circle r="4"/></a>'),
     "another file"),
    ("external-image", SVG.format('<image href="https://evil.example/track.png"/>'),
     "another file"),
    ("nested-svg-data", SVG.format('<image href="data:image/svg+xml;base64,PHN2Zz4="/>'),
     "another file"),
    ("set-href", SVG.format('<a><set attributeName="href" to="javascript:alert(1)"/>'
                            '<circle r="4"/></a>'), "changes a link"),
    ("css-import", SVG.format("<style>@import url(https://evil.example/x.css);</style>"),
     "style sheet"),
    ("style-url", SVG.format('<rect style="fill: url(https://evil.example/x)"/>'), "style"),
    ("billion-laughs", '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">'
     '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">'
     ']><svg xmlns="http://www.w3.org/2000/svg">&c;</svg>', "DTD"),
    ("stylesheet-pi", '<?xml-stylesheet href="https://evil.example/x.xsl"?>' + SVG.format(""),
     "processing instruction"),
    ("html", "<html><script>alert(1)</script></html>", "not an SVG"),
    ("broken", "<svg", "not well-formed"),
    ("deep", SVG.format("<g>" * 20000 + "</g>" * 20000), ""),  # fine or refused, but bounded
]
#: a clean logo, as a drawing program writes one (metadata namespaces, internal refs)
SVG_CLEAN = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
    'xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" viewBox="0 0 10 10" '
    'inkscape:version="1.2"><defs><linearGradient id="g"><stop offset="0" stop-color="#1f5f8b"/>'
    '</linearGradient></defs><title>Testby kommune</title>'
    '<circle cx="5" cy="5" r="4" fill="url(#g)"/><use xlink:href="#g"/></svg>')


# --- YAML: no alias bombs, linear time ------------------------------------------------------

def billion_laughs(levels: int = 9) -> str:
    """About 400 bytes of nested aliases that unfold into 9**levels values."""
    lines = ['lol_a: &a ["x","x","x","x","x","x","x","x","x"]']
    prev = "a"
    for name in "bcdefghijk"[:levels - 1]:
        lines.append(f"lol_{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
        prev = name
    return "\n".join(lines) + "\n"


def mapping_laughs(levels: int = 8) -> str:
    """About 660 bytes of nested mapping aliases (lists may be refused before they
    unfold: a translations file allows only texts) that unfold into 9**levels keys."""
    lines = ["a: &a {" + ", ".join(f"k{i}: tekst" for i in range(9)) + "}"]
    prev = "a"
    for name in "bcdefghijk"[:levels - 1]:
        lines.append(f"{name}: &{name} {{" + ", ".join(f"k{i}: *{prev}" for i in range(9)) + "}")
        prev = name
    return "\n".join(lines) + "\n"


def long_local_text(size: int = 4 << 20) -> str:
    """A data file addition with ``size`` bytes of local text (a long block)."""
    line = "      Dette er en lang linje med lokal tekst om tjenesten i kommunen vår. Den går videre.\n"
    return "local:\n  index:\n    nb: |\n" + line * (size // len(line)) + "    nn: Lokalt\n"


def made_up_words(size: int = 60_000) -> str:
    """A data file addition with ``size`` bytes of local text in made-up words, each
    different (every one unknown to hunspell: the spelling check's worst case)."""
    letters = "bcdfghjklmnpqrstvwxz"
    words: list[str] = []
    n = 0
    while n < size:
        i = len(words)
        word = "q" + "".join(letters[(i // 20 ** k) % 20] for k in range(4)) + "o"
        words.append(word)
        n += len(word) + 1
    lines = [" ".join(words[i:i + 10]) for i in range(0, len(words), 10)]
    return "local:\n  index:\n    nb: |\n" + "".join(f"      {x}\n" for x in lines) + "    nn: Lokalt\n"


def long_line(text: str) -> str:
    """A data file addition with ``text`` as one line of local text (a 120 kB run of
    "a.a.a." once took minutes in the spelling check, a 200,000-letter word 19 s)."""
    return "local:\n  index:\n    nb: \"" + text + "\"\n    nn: Lokalt\n"


@dataclass(frozen=True)
class YamlCase:
    """Text appended to testby's data file; ``error`` a piece of the data error
    (empty: the file is fine), ``line`` the line it names (None: any)."""
    name: str
    extra: str
    error: str
    line: int | None = None


def yaml_cases() -> list[YamlCase]:
    return [
        YamlCase("billion-laughs", billion_laughs(), "a YAML alias", 14),
        YamlCase("one-alias", "note: &n {nb: a, nn: b}\ncopy: *n\n", "a YAML alias", 14),
        YamlCase("undefined-alias", "copy: *nowhere\n", "a YAML alias", 13),
        YamlCase("deep-nesting", "deep: " + "[" * 20000 + "]" * 20000 + "\n", "not valid YAML", 13),
        YamlCase("many-values", "many: [" + "x," * 25_000 + "x]\n", "more than 20,000 values"),
        YamlCase("too-large-4mb", long_local_text(4 << 20), "at most 65,536 are read"),
        YamlCase("too-large-100kb", long_local_text(100_000), "at most 65,536 are read"),
        YamlCase("long-text-60kb", long_local_text(60_000), ""),
        YamlCase("python-tag", "evil: !!python/object/apply:os.system ['touch " + MARKER + "']\n",
                 "not valid YAML"),
    ]


# --- links and special files in the project ---------------------------------------------------

@dataclass(frozen=True)
class FileCase:
    """A file put into a project: ``rel`` below the project root; ``kind`` is
    "link-out" (a symbolic link to ``target``), "link-in" (a link inside the
    folder, which is fine), "fifo" or "loop"; ``error`` a piece of the message
    (empty: no error)."""
    name: str
    rel: str
    kind: str
    target: str = ""
    error: str = ""


FILE_CASES = [
    FileCase("content-link-passwd", "content/nb/passwd.txt", "link-out", "/etc/passwd",
             "is a link to /etc/passwd"),
    FileCase("content-link-page", "content/nb/hemmelig.md", "link-out", "/etc/hostname",
             "is a link to /etc/hostname"),
    FileCase("partial-link-out", "content/nb/_partials/kontakt.md", "link-out", "/etc/hostname",
             "is a link to /etc/hostname"),
    FileCase("content-link-device", "content/nb/null.bin", "link-out", "/dev/zero",
             "is a link to /dev/zero"),
    FileCase("content-fifo-page", "content/nb/pipe.md", "fifo", error="named pipe (FIFO)"),
    FileCase("content-fifo-file", "content/nb/bilde.png", "fifo", error="named pipe (FIFO)"),
    FileCase("content-link-loop", "content/nb/loop.png", "loop", error="loop of symbolic links"),
    FileCase("data-fifo", "data/municipalities/pipe.yml", "fifo", error="named pipe (FIFO)"),
    FileCase("data-link-out", "data/municipalities/ute.yml", "link-out", "/etc/passwd",
             "is a link to /etc/passwd"),
    FileCase("logo-link-passwd", "data/municipalities/testby.logo.svg", "link-out",
             "/etc/passwd", "is a link to /etc/passwd"),
    FileCase("logo-fifo", "data/municipalities/testby.logo.svg", "fifo",
             error="named pipe (FIFO)"),
    FileCase("content-link-in", "content/nb/bilde2.png", "link-in", "bilde.png"),
]


def make_file(root, case: FileCase) -> None:
    """Put ``case`` into the project at ``root`` (a pathlib.Path)."""
    import os
    path = root / case.rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() or path.is_symlink():
        path.unlink()
    if case.kind in ("link-out", "link-in"):
        if case.kind == "link-in":
            (path.parent / case.target).write_bytes(b"\x89PNG\r\n\x1a\n")
        os.symlink(case.target, path)
    elif case.kind == "fifo":
        os.mkfifo(path)
    elif case.kind == "loop":
        os.symlink(path.name + ".2", path)
        os.symlink(path.name, path.parent / (path.name + ".2"))


# --- names printed by check, names given to `ipforms new` --------------------------------------

#: file names that would move the cursor, colour the terminal, or fake a line of the report
PRINTED_NAMES = ["side\x1b[2J\x1b[32mno problems\x1b[0m.png", "side\u202egnp.exe", "side\x07.png",
                 "side\nno problems; checked 1 data files.png"]
#: names for `ipforms new --name` that must be refused (and leave no folder behind)
NEW_NAMES = ["Nordvik kommune\nsite_url: https://evil.example/", "Nordvik\r\ntheme: x",
             "Nordvik <script>alert(1)</script>", "Nordvik\x1b[2J", "   ", "N" * 101,
             "Nordvik \u202ekommune"]


# --- measuring: each case in a forked child, CPU time and peak memory -------------------------

def _child(fn, extra_memory: int = 1 << 30, hard_timeout: int = 60) -> dict:
    """Run ``fn()`` in a forked child under a memory and time limit; its outcome
    ("error: ..." for an IpformsError, "ok", or "crash: ..."), CPU seconds and peak RSS."""
    import json
    import os
    import resource
    import signal
    import traceback

    from ..core.errors import IpformsError

    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        try:
            soft = resource.getrlimit(resource.RLIMIT_AS)[0]
            with open("/proc/self/status") as fh:
                status = fh.read()
            vm = next(int(x.split()[1]) * 1024 for x in status.splitlines() if x.startswith("VmSize:"))
            if soft == resource.RLIM_INFINITY or soft > vm + extra_memory:
                resource.setrlimit(resource.RLIMIT_AS, (vm + extra_memory, resource.RLIM_INFINITY))
            signal.alarm(hard_timeout)
            out = fn()
            outcome = out if isinstance(out, str) else "ok"
        except IpformsError as exc:
            outcome = f"error: {exc}"
        except BaseException:
            outcome = f"crash: {traceback.format_exc()[-600:]}"
        with os.fdopen(w, "w") as fh:
            fh.write(json.dumps(outcome))
        os._exit(0)
    os.close(w)
    with os.fdopen(r) as fh:
        raw = fh.read()
    _, wstatus, usage = os.wait4(pid, 0)
    result = json.loads(raw) if raw else f"crash: killed by signal {os.WTERMSIG(wstatus)}"
    return {"outcome": result, "cpu": usage.ru_utime + usage.ru_stime,
            "maxrss_mb": usage.ru_maxrss / 1024}


def _cli(args: list[str], cwd, env: dict[str, str] | None = None) -> dict:
    """``python -m ipforms ARGS`` in a child process (``env`` added to the environment):
    exit code and last line, CPU seconds (the child and its own children, such as
    hunspell) and peak RSS."""
    import os
    import subprocess
    import sys
    import tempfile

    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen([sys.executable, "-m", "ipforms", *args], cwd=cwd,
                                env={**os.environ, **(env or {})},
                                stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        lines = out.read().decode("utf-8", "replace").strip().splitlines()
    last = next((ln for ln in reversed(lines) if not ln.startswith(("  hint", "note"))), "")
    return {"outcome": f"exit {proc.returncode}: {last[:160]}",
            "cpu": usage.ru_utime + usage.ru_stime, "maxrss_mb": usage.ru_maxrss / 1024}


def site_measurements(workdir, *, cli: bool = True):
    """Yield ``(entry point, case, result)`` for every site case: templates rendered
    (what check, build and serve do), data files read, logos read, content synced, and
    (with ``cli``) `ipforms check` and `ipforms build` on a project holding each attack
    family's worst case, beside the same project clean.  `check` runs twice: first with
    an empty cache ("check cold": hunspell loads both dictionaries), then as it runs
    again on the same words (hunspell's answers kept, :func:`ipforms.core.spelling.
    use_cache_dir`)."""
    from pathlib import Path

    from ..core.municipality import load_municipality

    workdir = Path(workdir)
    repo_data = Path(__file__).resolve().parents[3] / "data" / "municipalities" / "oyer.yml"
    testby = (Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "testby.yml")
    base = testby.read_text(encoding="utf-8") if testby.is_file() else None
    m = load_municipality(repo_data) if repo_data.is_file() else None
    yield from _library_measurements(workdir, m, base)
    if not cli or base is None:
        return
    yield from _cli_measurements(workdir, base, testby)


def _library_measurements(workdir, m, base: str | None):
    """The site cases through the library, each in a child: templates rendered with the
    municipality ``m``, data files (``base`` with each attack) and logos read, content
    synced."""
    import os
    import resource

    from ..core.errors import TemplateError
    from ..core.municipality import read_data_file, read_logo
    from ..site import overlay, pages
    from ..site.render import Renderer

    if m is not None:
        for case in TEMPLATES:
            d = workdir / "tpl" / case.name / "nb"
            d.mkdir(parents=True, exist_ok=True)
            (d / "index.md").write_text("# Side\n\n" + case.source + "\n", encoding="utf-8")

            def render(d=d):
                Renderer([d.parent], "nb").render("index.md", pages.context(m, "nb", "index"))
            yield "template", case.name, _child(render)
    if base is not None:
        for yc in yaml_cases():
            f = workdir / "yaml" / yc.name / "testby.yml"
            f.parent.mkdir(parents=True, exist_ok=True)
            f.write_text(base + yc.extra, encoding="utf-8")

            def read(f=f):
                df = read_data_file(f)
                return f"error: {df.problems[0]}" if df.problems else "ok"
            yield "data", yc.name, _child(read)
    for name, svg, _ in SVG_REFUSED:
        f = workdir / "logo" / name / "x.logo.svg"
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(svg, encoding="utf-8")
        yield "logo", name, _child(lambda f=f: read_logo(f))
    for fc in FILE_CASES:
        if not fc.rel.startswith("content/"):
            continue
        root = workdir / "files" / fc.name
        (root / "content" / "nb").mkdir(parents=True, exist_ok=True)
        make_file(root, fc)

        def sync(root=root):
            overlay.sync([root / "content"], root / "merged")
        yield "content", fc.name, _child(sync)
    del TemplateError, resource, os


def _cli_measurements(workdir, base: str, testby):
    """`ipforms check` and `ipforms build` on the tests' small project (``testby``'s data
    ``base``) holding each attack family's worst case, and on the same project clean."""
    import shutil
    import sys

    sys.path.insert(0, str(testby.parent.parent))
    import sitetree  # type: ignore[import-not-found]  # the tests' small project

    projects = {
        "clean": ({"testby": base}, None),
        "template-popen": ({"testby": base}, TEMPLATES[0].source),
        "template-nested-loops": ({"testby": base}, TEMPLATES[12].source),
        "yaml-billion-laughs": ({"testby": base + billion_laughs()}, None),
        "yaml-long-text-60kb": ({"testby": base + long_local_text(60_000)}, None),
        "yaml-too-large-4mb": ({"testby": base + long_local_text(4 << 20)}, None),
        "yaml-made-up-words-56kb": ({"testby": base + made_up_words(56_000)}, None),
        "yaml-long-line-dots": ({"testby": base + long_line("a." * 30_000)}, None),
        "yaml-long-word": ({"testby": base + long_line("a" * 60_000)}, None),
        "data-markup-everywhere": ({"testby": hostile_data(base)}, None),
    }
    for name, (data, extra) in projects.items():
        pdir = workdir / "cli" / name
        shutil.rmtree(pdir, ignore_errors=True)
        pdir.mkdir(parents=True)
        root = sitetree.make(pdir, data=data)
        config = root / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8").replace(
            "  - ipforms\n", "  - ipforms:\n      forms: false\n"), encoding="utf-8")
        if extra:
            page = root / "content" / "nb" / "index.md"
            page.write_text(page.read_text(encoding="utf-8") + extra + "\n", encoding="utf-8")
        env = {"XDG_CACHE_HOME": str(pdir / "cache")}  # empty: the first check is cold
        check = ["check", "--root", str(root), "--no-suggest"]
        yield "check cold", name, _cli(check, pdir, env)
        yield "check", name, _cli(check, pdir, env)
        yield "build", name, _cli(["build", "--root", str(root), "--out", str(pdir / "out"),
                                   "--no-check", "--jobs", "1"], pdir, env)
