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
