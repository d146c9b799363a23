"""Our page templates rendered once per page *shape*, not once per municipality.

Rendering a page's template (sandboxed Jinja, a dozen partials) was a tenth of a site
build, and two municipalities' pages differ in their data values only.  A page's
templates are read once (:func:`_analyse`) and every place they use a value of the page
context is sorted by what the output can depend on:

* written as it is, ``{{ unit.name }}`` or ``{{ law("hol", "7-3") }}`` (a helper called
  with values of the shape): a *slot*, the output depends on the value's text only
  (:func:`ipforms.site.escape.finalize`);
* tested, ``{% if channels.phone %}`` (also under ``not``, ``and``, ``or``): only whether
  it is true is part of the shape;
* looped over with each item written as it is: its length is part of the shape;
* anything else (a filter, a comparison, a method, an argument): its whole value is.

The *shape* is those values and truths, the types along each slot's way and the
templates themselves (:func:`_key`).  The second page of a shape is rendered as usual,
then once with a token in each slot (the helpers give tokens too) and with
:data:`PROBES` in them; the skeleton is kept only when the real values and each probe
set give exactly the usual page (and the Markdown cache's skeleton and pieces).  From
then on a page of that shape is the skeleton with each slot's value escaped as
``{{ }}`` escapes it.  Any node the analysis does not know (macros, blocks, imports,
a helper whose result is used as a value ...), a value of a type not known, a value too
large, or anything going wrong makes the page render as usual.  Templates only ever run
in the sandbox; filling a skeleton runs no template code, only our helpers with the
arguments the sandboxed template gave them, as the template itself would.
"""

from __future__ import annotations

import copy
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.parser import Parser
from markupsafe import Markup

from .escape import Piece, Record, finalize
from .sandbox import (HELPERS_MODULE, MAX_OUTPUT, STATE, TOKEN, TOKEN_RE, Budget, _inert_memo,
                      _sized)

#: the tokens put in the slots: letters and digits, the same escaped or not
_TOK = "ipfp" + os.urandom(4).hex() + "n"
_TOK_RE = re.compile(re.escape(_TOK) + r"(\d+)s")
#: values put in the slots to prove a skeleton (each slot gets its number added)
PROBES = ("<b>R&amp;D</b> & \"q\" 'a' \\x \\\\ {{ y }} {% z %} [l](javascript:x) *e* _u_ #",
          "Čáhcesuolu Ŋ ŧ đ ž – " + "lang verdi " * 40)
_OUT, _TEST, _VALUE, _LOOP = "out", "test", "value", "loop"
#: statements the analysis knows (anything else: the page renders as usual)
_STATEMENTS = (nodes.Template, nodes.Output, nodes.If, nodes.For, nodes.Assign, nodes.Include)
#: leaf types whose false value writes one text only ("", "0", "False")
_FALSY = (str, Markup, Piece, type(None), bool, int)
_LIMIT = 4096
_MISSING = object()


class _Unknown(Exception):
    """Something in a template the analysis does not know."""


@dataclass(frozen=True)
class _Plan:
    includes: tuple[str, ...]
    values: tuple[tuple[str, ...], ...]   # whole value is shape
    truths: tuple[tuple[str, ...], ...]   # truth is shape
    slots: tuple[tuple[str, ...], ...]    # written as it is
    loops: tuple[tuple[str, ...], ...]    # looped over, each item written as it is
    helpers: tuple[str, ...]              # called and written as they return


@dataclass
class _Entry:
    parts: list          # text, ("c", piece text), ("s", slot number) ...
    slots: list          # slot number -> ("p", path) | ("i", path, n) | ("h", name, args, kw)


#: (renderer, page, its template, the context's names) -> (build, plan or None, partials)
_PLANS: dict[tuple, tuple] = {}
#: shape -> its entry; "seen" once; None: rendered as usual
_ENTRIES: dict[tuple, Any] = {}
#: how many pages were rendered from a skeleton (tests)
FILLED = [0]


def render(renderer, name: str, ctx: dict, source: str,
           ordinary: Callable[[dict], tuple[str, tuple[str, list[str]] | None]]):
    """``ordinary(ctx)`` for a page, from its shape's skeleton when proved."""
    key = _shape(renderer, name, ctx, source)
    state = _ENTRIES.get(key, _MISSING) if key is not None else _MISSING
    if isinstance(state, _Entry):
        done = _fill(state, ctx)
        if done is not None:
            FILLED[0] += 1
            return done
    out = ordinary(ctx)
    if key is None or out[1] is None or state is None or isinstance(state, _Entry):
        return out
    if len(_ENTRIES) > _LIMIT:
        _ENTRIES.clear()
    if state is _MISSING:  # first sight: a shape met once is not worth proving
        _ENTRIES[key] = "seen"
        return out
    _ENTRIES[key] = None
    plan = _PLANS.get(key[0], (None, None))[1]
    proved = _prove(plan, ctx, out, ordinary) if plan is not None else None
    if proved is not None:
        _ENTRIES[key] = proved
    return out


def _shape(renderer, name: str, ctx: dict, source: str) -> tuple | None:
    env = renderer.env
    if getattr(env, "ipforms_captures", False):
        return None
    pkey = (renderer, name, source, tuple(ctx))
    plan = _plan(renderer, pkey, name, source, ctx)
    if plan is None:
        return None
    try:
        includes = _includes(renderer, plan.includes)
        shape = _key(env, plan, ctx)
    except Exception:  # noqa: BLE001 (any doubt: the page renders as usual)
        return None
    return None if shape is None else (pkey, includes, shape)


def _plan(renderer, pkey: tuple, name: str, source: str, ctx: dict) -> _Plan | None:
    """The page's plan, read again when a partial changed (or, when it could not be
    made, in the next build)."""
    epoch = renderer.loader.epoch
    known = _PLANS.get(pkey)
    if known is not None:
        made_in, plan, includes = known
        if plan is None and made_in == epoch:
            return None
        try:
            if plan is not None and _includes(renderer, plan.includes) == includes:
                return plan
        except Exception:  # noqa: BLE001 (a partial gone: read again, or render as usual)
            pass
    if len(_PLANS) > _LIMIT:
        _PLANS.clear()
    try:
        plan = _analyse(renderer.env, source, name, frozenset(ctx))
        _PLANS[pkey] = (epoch, plan, _includes(renderer, plan.includes))
    except Exception:  # noqa: BLE001 (not known here: the page renders as usual)
        plan = None
        _PLANS[pkey] = (epoch, None, ())
    return plan


def _includes(renderer, names: tuple[str, ...]) -> tuple:
    """The partials' compiled templates (a partial changed is another key), looked up
    once per build (:func:`ipforms.site.render.renderer`'s epoch)."""
    epoch = renderer.loader.epoch
    got = []
    for n in names:
        seen = _INCLUDES.get((renderer, n))
        if seen is None or seen[0] != epoch:
            if len(_INCLUDES) > 1024:
                _INCLUDES.clear()
            seen = _INCLUDES[(renderer, n)] = (epoch, renderer.env.get_template(n))
        got.append(seen[1])
    return tuple(got)


#: (renderer, partial) -> (the build it was looked up in, its compiled template)
_INCLUDES: dict[tuple, tuple] = {}


# -- reading the templates -------------------------------------------------------------

def _analyse(env, source: str, name: str, ctx_keys: frozenset[str]) -> _Plan:
    trees = _load(env, source, name)
    sets: set[str] = {"loop"}
    aliases: dict[str, Any] = {}
    for tree in trees.values():
        for node in tree.find_all(nodes.Node):
            if isinstance(node, nodes.Stmt) and not isinstance(node, _STATEMENTS):
                raise _Unknown(type(node).__name__)
            if isinstance(node, (nodes.NSRef, nodes.InternalName, nodes.ContextReference,
                                 nodes.DerivedContextReference)):
                raise _Unknown(type(node).__name__)
            if isinstance(node, nodes.For) and node.recursive:
                raise _Unknown("recursive loop")
        for node in tree.find_all((nodes.Assign, nodes.For)):
            target = node.target  # type: ignore[attr-defined]
            names = [n.name for n in target.find_all(nodes.Name)] + (
                [target.name] if isinstance(target, nodes.Name) else [])
            path = _path(node.iter, sets | set(aliases), ctx_keys) \
                if isinstance(node, nodes.For) and isinstance(target, nodes.Name) \
                and node.test is None else None
            if path is not None and aliases.get(target.name, path) == path:
                aliases[target.name] = path
            else:
                sets.update(names)
    for n in list(aliases):
        if n in sets:
            del aliases[n]
    if (sets | set(aliases)) & ctx_keys:
        raise _Unknown("a template sets a name of the page context")
    walk = _Walk(sets, aliases, ctx_keys)
    for tree in trees.values():
        walk.stmt(tree)
    return walk.plan(tuple(n for n in trees if n != name))


def _load(env, source: str, name: str) -> dict[str, nodes.Template]:
    """The page's template and every partial it includes, parsed."""
    trees: dict[str, nodes.Template] = {}
    todo = [(name, source)]
    while todo:
        n, text = todo.pop()
        if n in trees:
            continue
        tree = trees[n] = _parsed(env, text, n)
        for inc in tree.find_all(nodes.Include):
            if not (isinstance(inc.template, nodes.Const) and type(inc.template.value) is str
                    and inc.with_context and not inc.ignore_missing):
                raise _Unknown("include")
            if inc.template.value not in trees:
                todo.append((inc.template.value, env.loader.get_source(env, inc.template.value)[0]))
    return trees


def _parsed(env, text: str, name: str) -> nodes.Template:
    """A template's text parsed (the analysis only reads the tree): once per text, as
    every page includes the same partials."""
    key = (env, name, text)
    tree = _TREES.get(key)
    if tree is None:
        if len(_TREES) > 256:
            _TREES.clear()
        tree = _TREES[key] = Parser(env, text, name, None).parse()
    return tree


_TREES: dict[tuple, nodes.Template] = {}


def _path(node, local: set[str], ctx_keys: frozenset[str]) -> tuple[str, ...] | None:
    """``("unit", "name")`` for ``unit.name`` (a value of the page context), else None."""
    steps: list[str] = []
    while isinstance(node, nodes.Getattr):
        steps.append(node.attr)
        node = node.node
    if not isinstance(node, nodes.Name) or node.name in local or node.name not in ctx_keys:
        return None
    return (node.name, *reversed(steps))


class _Walk:
    """Sorts each use of a context value (see the module's docstring)."""

    def __init__(self, sets: set[str], aliases: dict[str, tuple[str, ...]],
                 ctx_keys: frozenset[str]):
        self.sets, self.aliases, self.ctx_keys = sets, aliases, ctx_keys
        self.uses: dict[tuple[str, ...], set[str]] = {}
        self.helpers: set[str] = set()

    def use(self, path: tuple[str, ...], how: str) -> None:
        self.uses.setdefault(path, set()).add(how)

    def stmt(self, node) -> None:
        if isinstance(node, nodes.Output):
            for child in node.nodes:
                if not isinstance(child, nodes.TemplateData):
                    self.expr(child, _OUT)
            return
        if isinstance(node, nodes.If):
            self.expr(node.test, _TEST)
        elif isinstance(node, nodes.For):
            alias = self.aliases.get(node.target.name) \
                if isinstance(node.target, nodes.Name) else None
            if alias is not None and node.test is None:
                self.use(alias, _LOOP)
            else:
                self.expr(node.iter, _VALUE)
                if node.test is not None:
                    self.expr(node.test, _VALUE)
        elif isinstance(node, nodes.Assign):
            self.expr(node.node, _VALUE)
        elif not isinstance(node, (nodes.Template, nodes.Include)):
            raise _Unknown(type(node).__name__)
        for child in node.iter_child_nodes():
            if isinstance(child, nodes.Stmt):
                self.stmt(child)

    def expr(self, node, how: str) -> None:
        if isinstance(node, nodes.Name) and node.name in self.aliases:
            self.use(self.aliases[node.name], _LOOP if how == _OUT else _VALUE)
            return
        on_item = _path(node, set(), frozenset(self.aliases)) \
            if isinstance(node, nodes.Getattr) else None
        if on_item is not None:  # an attribute of a loop's item: the loop's value is shape
            self.use(self.aliases[on_item[0]], _VALUE)
            return
        path = _path(node, self.sets, self.ctx_keys)
        if path is not None:
            self.use(path, how)
            return
        if how == _TEST and isinstance(node, nodes.Not):
            return self.expr(node.node, _TEST)
        if how == _TEST and isinstance(node, (nodes.And, nodes.Or)):
            self.expr(node.left, _TEST)
            return self.expr(node.right, _TEST)
        if isinstance(node, nodes.Call):
            func = node.node
            if isinstance(func, nodes.Name) and func.name in self.ctx_keys \
                    and func.name not in self.sets:
                if how != _OUT or node.dyn_args or node.dyn_kwargs:
                    raise _Unknown("a helper's result used as a value")
                self.helpers.add(func.name)
                for child in (*node.args, *node.kwargs):
                    self.expr(child, _VALUE)
                return
            if isinstance(func, nodes.Getattr):  # a method: its object is shape
                self.expr(func.node, _VALUE)
                for extra in (*node.args, *node.kwargs, node.dyn_args, node.dyn_kwargs):
                    if extra is not None:
                        self.expr(extra, _VALUE)
                return
        for child in node.iter_child_nodes():
            self.expr(child, _VALUE)

    def plan(self, includes: tuple[str, ...]) -> _Plan:
        uses = self.uses
        values = {p for p, hows in uses.items() if _VALUE in hows}
        for p, hows in uses.items():  # a slot or loop with others under it, or both
            under = any(q != p and q[:len(p)] == p for q in uses)
            if (hows & {_OUT, _LOOP}) and (under or {_OUT, _LOOP} <= hows):
                values.add(p)

        def free(p):
            return not any(p[:i] in values for i in range(1, len(p) + 1))

        return _Plan(includes=includes, values=tuple(sorted(values)),
                     truths=tuple(sorted(p for p, h in uses.items() if _TEST in h)),
                     slots=tuple(sorted(p for p, h in uses.items() if _OUT in h and free(p))),
                     loops=tuple(sorted(p for p, h in uses.items() if _LOOP in h and free(p))),
                     helpers=tuple(sorted(self.helpers)))


# -- a page's shape ---------------------------------------------------------------------

def _key(env, plan: _Plan, ctx: dict) -> tuple | None:
    values = tuple(_freeze(_resolve(env, ctx, p)) for p in plan.values)
    truths = tuple(_truth(env, ctx, p) for p in plan.truths)
    slots = []
    for p in plan.slots:
        ways, leaf = _walk_records(ctx, p)
        if leaf is _MISSING:
            slots.append(ways)
        elif leaf or type(leaf) in _FALSY:
            slots.append((ways, type(leaf), bool(leaf)))
        else:
            return None
    for p in plan.loops:
        ways, leaf = _walk_records(ctx, p)
        if leaf is not _MISSING and type(leaf) not in (list, tuple):
            return None
        slots.append((ways, type(leaf), len(leaf) if leaf is not _MISSING else -1))
    for h in plan.helpers:
        if getattr(ctx[h], "__module__", None) != HELPERS_MODULE:
            return None
    return values, truths, tuple(slots)


class _Doubt(Exception):
    pass


def _walk_records(ctx: dict, path: tuple[str, ...]) -> tuple[tuple, Any]:
    """The types along ``path`` and the value at its end (:data:`_MISSING` where a value
    on the way is None or has no such attribute).  On the way only records: a template
    reads those as :meth:`PageSandbox.getattr` does here; anything else raises."""
    obj = ctx[path[0]]
    ways: list = []
    for attr in path[1:]:
        ways.append(type(obj))
        if obj is None:
            return tuple(ways), _MISSING
        if not isinstance(obj, Record) or attr[:1] == "_":
            raise _Doubt(path)
        obj = obj.__dict__.get(attr, _MISSING)
        if obj is _MISSING:
            return tuple(ways), _MISSING
        if callable(obj):
            raise _Doubt(path)
    return tuple(ways), obj


def _resolve(env, ctx: dict, path: tuple[str, ...]):
    """The value at ``path`` as the template reads it (a record's attribute as
    :meth:`PageSandbox.getattr` gives it, anything else through the sandbox)."""
    obj = ctx[path[0]]
    for attr in path[1:]:
        if obj is None:  # what the sandbox gives is undefined: no truth, no value
            raise _Doubt(path)
        if isinstance(obj, Record) and attr[:1] != "_":
            value = obj.__dict__.get(attr, _MISSING)
            if value is not _MISSING and not callable(value):
                obj = value
                continue
        STATE.budget = Budget()
        try:
            obj = env.getattr(obj, attr)
        finally:
            STATE.budget = None
    return obj


def _truth(env, ctx: dict, path: tuple[str, ...]):
    try:
        return bool(_resolve(env, ctx, path))
    except (jinja2.UndefinedError, _Doubt):
        return "undefined"


def _freeze(value):
    """``value`` as a key (it compares equal exactly when the values do); else raises."""
    if value is None or type(value) in (str, bool, int):
        return value
    if type(value) in (Markup, Piece):
        return (type(value), str(value))
    if type(value) in (list, tuple):
        return (type(value), tuple(_freeze(v) for v in value))
    if isinstance(value, Record):
        return (type(value), tuple(sorted((k, _freeze(v)) for k, v in value.__dict__.items())))
    raise _Doubt(type(value).__name__)


# -- the skeleton and its proof ---------------------------------------------------------

def _token(k: int) -> str:
    return f"{_TOK}{k}s"


def _substituted(plan: _Plan, ctx: dict, leaf: Callable[[int], Any], slots: list,
                 helpers: bool) -> dict:
    """``ctx`` with ``leaf(k)`` in each true slot, each item of a loop and (``helpers``)
    as each helper's result, k the slot's number in ``slots`` (see :class:`_Entry`)."""
    new = dict(ctx)
    copies: dict = {}
    for p in plan.slots:
        value = _walk_records(ctx, p)[1]
        if value is not _MISSING and value:
            _put(new, copies, p, leaf(len(slots)))
            slots.append(("p", p))
    for p in plan.loops:
        value = _walk_records(ctx, p)[1]
        if value is not _MISSING:
            items = []
            for i in range(len(value)):
                items.append(leaf(len(slots)))
                slots.append(("i", p, i))
            _put(new, copies, p, type(value)(items))
    if helpers:
        for h in plan.helpers:
            new[h] = _recorder(h, slots, leaf)
    return new


def _recorder(name: str, slots: list, leaf: Callable[[int], Any]):
    def helper(*args, **kwargs):
        slots.append(("h", name, args, kwargs))
        return leaf(len(slots) - 1)

    helper.__module__ = HELPERS_MODULE  # callable in the sandbox as the helper it stands for
    return helper


def _put(root: dict, copies: dict, path: tuple[str, ...], value) -> None:
    if len(path) == 1:
        root[path[0]] = value
    else:
        setattr(_copy(root, copies, path[:-1]), path[-1], value)


def _copy(root: dict, copies: dict, pre: tuple[str, ...]) -> Record:
    got = copies.get(pre)
    if got is None:
        if len(pre) == 1:
            got = copies[pre] = copy.copy(root[pre[0]])
            root[pre[0]] = got
        else:
            parent = _copy(root, copies, pre[:-1])
            got = copies[pre] = copy.copy(parent.__dict__[pre[-1]])
            setattr(parent, pre[-1], got)
    return got


def _prove(plan: _Plan, ctx: dict, out: tuple, ordinary) -> _Entry | None:
    """The skeleton of a page's shape, when it makes the page and both probes exactly."""
    slots: list = []
    try:
        made = ordinary(_substituted(plan, ctx, _token, slots, helpers=True))
    except Exception:  # noqa: BLE001 (not proved)
        return None
    parts = _parts(made[1], len(slots)) if made[1] is not None else None
    if parts is None:
        return None
    entry = _Entry(parts, slots)
    if _fill(entry, ctx) != out:
        return None
    for probe in PROBES:
        tried = _substituted(plan, ctx, _prober(probe), [], helpers=False)
        try:
            want = ordinary(tried)
        except Exception:  # noqa: BLE001
            return None
        if _fill(entry, tried) != want:
            return None
    return entry


def _prober(probe: str) -> Callable[[int], str]:
    return lambda k: f"{probe}{k}"


def _parts(made: tuple[str, list[str]], n: int) -> list | None:
    """The token render's skeleton cut at its pieces: text, ("c", a piece of the shape),
    ("s", a slot) ... (None: a token written other than whole, as ``{{ }}`` writes it)."""
    skeleton, pieces = made
    parts: list = []
    at = 0
    for i, m in enumerate(TOKEN_RE.finditer(skeleton)):
        if int(m.group(1)) != i:
            return None
        parts.append(skeleton[at:m.start()])
        piece = pieces[i]
        t = _TOK_RE.fullmatch(piece)
        parts.append(("s", int(t.group(1))) if t else ("c", piece))
        at = m.end()
    parts.append(skeleton[at:])
    for p in parts:
        text = p if type(p) is str else p[1] if p[0] == "c" else ""
        if _TOK in text:
            return None
    if any(type(p) is tuple and p[0] == "s" and p[1] >= n for p in parts):
        return None
    return parts


def _fill(entry: _Entry, ctx: dict) -> tuple[str, tuple[str, list[str]]] | None:
    """The page from its shape's skeleton and ``ctx``'s values, as
    :meth:`Renderer.render_skeleton` makes it (None: a value not written as usual)."""
    try:
        written: dict[int, tuple[str, bool]] = {}
        text: list[str] = []
        skel: list[str] = []
        pieces: list[str] = []
        for part in entry.parts:
            if type(part) is str:
                text.append(part)
                skel.append(part)
                continue
            if part[0] == "c":
                piece, alone = part[1], True
            else:
                got = written.get(part[1])
                if got is None:
                    got = written[part[1]] = _written(entry.slots[part[1]], ctx)
                piece, alone = got
            text.append(piece)
            if alone:
                skel.append(f"{TOKEN}{len(pieces)}q")
                pieces.append(piece)
            else:
                skel.append(piece)
        page = "".join(text)
        if len(page) > MAX_OUTPUT:
            return None
        return page, ("".join(skel), pieces)
    except Exception:  # noqa: BLE001 (the page renders as usual, with its error)
        return None


def _written(slot: tuple, ctx: dict) -> tuple[str, bool]:
    """A slot's value as ``{{ }}`` writes it, and whether it is a piece of its own
    (:func:`ipforms.site.sandbox._out_value`)."""
    if slot[0] == "h":
        value = _sized(ctx[slot[1]](*slot[2], **slot[3]))
    else:
        value = _walk_records(ctx, slot[1])[1]
        if value is _MISSING:
            raise _Doubt(slot)
        if slot[0] == "i":
            value = value[slot[2]]
    text = str(finalize(value))
    return text, (type(value) is Piece if isinstance(value, Markup) else _inert_memo(text))
