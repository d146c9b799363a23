"""The texts of the forms: the form definitions (``forms/*.yml``) and the online form's
words (``site/webform/texts.yml``); their nb and nn texts are checked like the pages'."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from ...core import spelling
from ...core.lang import LANGS
from ..webtexts import texts_file
from .report import Finding
from .templates import Wanted
from .terms import Term, check_terms
from .text import blank, rel

_FORM_TEXTS: dict[tuple[str, int], list[tuple[str, int, str]]] = {}
_FORM_PLACEHOLDER_RE = re.compile(r"\{[\w.:|#-]*(?:[ ,][\w.:|#-]+)*\}|dd\.mm\.åååå", re.I)  # {x}, {law:fvl:11 a}


def form_text_files() -> list[Path]:
    """The form definitions (``forms/*.yml``) and the online form's texts
    (``site/webform/texts.yml``): their nb and nn texts are checked like pages."""
    from ...forms.formids import forms_dir

    return [*sorted(forms_dir().glob("*.yml")), texts_file()]


def yaml_texts(text: str) -> list[tuple[str, int, str]]:
    """``(lang, line, text)`` of every ``nb:`` and ``nn:`` text of a YAML file.

    >>> yaml_texts("a:\\n  nb: Hei\\n  nn: |\\n    Hei du\\n")
    [('nb', 2, 'Hei'), ('nn', 4, 'Hei du\\n')]
    """
    out: list[tuple[str, int, str]] = []

    def walk(node: yaml.Node) -> None:
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if (isinstance(k, yaml.ScalarNode) and k.value in LANGS
                        and isinstance(v, yaml.ScalarNode)):
                    block = v.style in ("|", ">")
                    out.append((k.value, v.start_mark.line + 1 + (1 if block else 0), v.value))
                else:
                    walk(v)
        elif isinstance(node, yaml.SequenceNode):
            for v in node.value:
                walk(v)
    root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if root is not None:
        walk(root)
    return out


def check_form_texts(root: Path, terms: list[Term], wanted: Wanted) -> list[Finding]:
    """Outdated terms in the forms' texts now, their words added to ``wanted`` (spelled
    with the pages' words)."""
    out: list[Finding] = []
    for path in form_text_files():
        where = rel(path, root)
        try:
            stamp = (str(path), path.stat().st_mtime_ns)
            found = _FORM_TEXTS.get(stamp)
            if found is None:  # read again only when the file changed (the preview)
                found = _FORM_TEXTS[stamp] = yaml_texts(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            out.append(Finding(where, None, "read", f"cannot read: {exc}"))
            continue
        for lang, line, text in found:
            text = _FORM_PLACEHOLDER_RE.sub(blank, text)
            out.extend(check_terms(text, lang, where, line, terms))
            for n, w in spelling.word_positions(text):
                wanted[lang].setdefault(w, []).append((where, line + n - 1))
    return out
