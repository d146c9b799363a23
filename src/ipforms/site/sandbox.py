"""The sandbox: what a page template may do.

Anyone who can edit a page must not get the account of whoever runs `ipforms check`,
`build` or `mkdocs serve`: templates run in Jinja's immutable sandbox (no attribute
that starts with "_", no internals, nothing that changes a value), may call only the
helpers of the page context (:func:`ipforms.site.pages.context`), and have a budget per
page, so a loop or a growing value ends with an error naming the file and line, never a
hang or gigabytes of memory.
"""

from __future__ import annotations

import functools

import os
import re
import threading
import time

import jinja2
from jinja2 import nodes
from jinja2.runtime import BlockReference, LoopContext, Macro
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError, safe_range
from jinja2.utils import Cycler, Joiner, Namespace
from jinja2.visitor import NodeTransformer
from markupsafe import Markup

from .escape import Piece, Record, finalize

#: the module whose functions a template may call: the helpers of the page context
#: (law, form_link, who_signs)
HELPERS_MODULE = "ipforms.site.pages"

#: the longest value (characters, or items of a list) a template may make
MAX_VALUE = 1_000_000
#: the most text one page may render (characters) and the most loop rounds it may run
MAX_OUTPUT = 5_000_000
MAX_ROUNDS = 100_000
#: CPU seconds one page may take (a shipped page takes a few milliseconds; a whole
#: `ipforms check` must stay under 1 s, issue 19)
MAX_SECONDS = 0.5
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


class Budget:
    """What one page has used of its budget (time, output, loop rounds)."""

    __slots__ = ("deadline", "output", "rounds", "ticks")

    def __init__(self) -> None:
        self.deadline = time.thread_time() + MAX_SECONDS
        self.output = 0
        self.rounds = 0
        self.ticks = 0

    def tick(self) -> None:
        """The clock is read at every 8th step (a step is small: every value is at most
        :data:`MAX_VALUE`; reading the clock was a tenth of a page's rendering)."""
        self.ticks += 1
        if self.ticks & 7:
            return
        if time.thread_time() > self.deadline:
            raise TemplateBudget(f"the page takes more than {MAX_SECONDS:g} s to render "
                                 "(a loop that runs too long?)")


#: the page being rendered in this thread: its ``budget`` (:class:`Budget`), and while it
#: is rendered for the Markdown cache, its ``pieces`` (see :func:`_out_value`)
STATE = threading.local()


def _budget() -> Budget:
    b = getattr(STATE, "budget", None)
    if b is None:  # a template rendered outside Renderer.render (tests)
        b = STATE.budget = Budget()
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


_NOT_SET = object()


def _out_value(value: object) -> Markup:
    """A ``{{ value }}``: escaped as :func:`finalize` does, then counted.  While a page
    is rendered for the Markdown cache (``STATE.pieces``), a data value or a
    :class:`Piece` that Markdown shows the same wherever it stands is written as a token
    (:data:`TOKEN` and its number), and the text is kept in ``STATE.pieces``."""
    text = str(finalize(value))
    out = _count(text)
    pieces = getattr(STATE, "pieces", None)
    if pieces is not None and (type(value) is Piece if isinstance(value, Markup)
                               else _inert_memo(text)):
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


_inert_memo = functools.lru_cache(maxsize=4096)(_inert)


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
        if isinstance(obj, Record) and type(attribute) is str and attribute[:1] != "_":
            # what the sandbox gives for an attribute set on a Record (no internal
            # attribute, nothing mutable, no str.format): the value itself
            value = obj.__dict__.get(attribute, _NOT_SET)
            if value is not _NOT_SET and not callable(value):
                return value
        return super().getattr(obj, attribute)

    def getitem(self, obj, argument):
        _budget().tick()
        return super().getitem(obj, argument)

    def is_safe_callable(self, obj) -> bool:
        if getattr(obj, "__module__", None) == HELPERS_MODULE and callable(obj):
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
