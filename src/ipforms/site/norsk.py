"""What editors read, in nb or nn: the messages of ``check``, ``build``, ``new`` and the
preview, from one place (``resources/editor-messages.yml``, nb and nn side by side).

The modules that find the problems write their messages in English (the library API,
the JSON of a report and the tests read those); this module wraps them on the way out.
Each catalogue entry is a regular expression matched against a whole message; its named
groups are put into the nb or nn text, ``{name|t}`` translating the group itself too
(``{name|w}``: when it is a word of the catalogue).
A line of output keeps its ``file:line:`` and its ``hint:``/``error:``/``note:`` label, so
an editor sees the same place and the same advice in either standard.

>>> say("link to koordinatr.md: no such page", "nn")
'lenkja til koordinatr.md: sida finst ikkje'
>>> translate("content/nb/index.md:3: link to x.md: no such page\\n  hint: did you mean y.md?", "nb")
'content/nb/index.md:3: lenken til x.md: siden finnes ikke\\n  tips: mente du y.md?'
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..core.files import load_yaml

LANGS = ("nb", "nn")
#: the labels in front of a line of output
LABELS = {"error": {"nb": "feil", "nn": "feil"}, "hint": {"nb": "tips", "nn": "tips"},
          "note": {"nb": "merk", "nn": "merk"}, "warning": {"nb": "advarsel", "nn": "åtvaring"}}
_FIELD_RE = re.compile(r"\{(\w+)(\|[tw])?\}")
_WHERE_RE = re.compile(r"(?P<where>(?:[^\s:]*[/.][^\s:]*|hunspell)(?::\d+)?): (?P<rest>.*)", re.S)
_LINE_RE = re.compile(r"(?P<indent>\s*)(?:(?P<label>error|hint|note|warning): )?(?P<body>.*)", re.S)


@dataclass(frozen=True)
class Entry:
    pattern: re.Pattern
    text: dict[str, str]


@functools.cache
def catalogue() -> tuple[tuple[Entry, ...], dict[str, dict[str, str]]]:
    """The message entries and the words (``words:``) of the catalogue."""
    raw = load_yaml((resources.files("ipforms") / "resources" / "editor-messages.yml")
                         .read_text("utf-8"))
    entries = tuple(Entry(re.compile(e["en"], re.S), {lang: e[lang] for lang in LANGS})
                    for e in raw["messages"])
    return entries, raw["words"]


def word(key: str, lang: str) -> str:
    """A word of the catalogue's ``words:`` (a kind of finding, a label)."""
    return catalogue()[1][key][lang]


#: messages no entry matched since the process started (for the tests)
MISSED: list[str] = []


def say(message: str, lang: str, *, record: bool = True) -> str:
    """``message`` in ``lang``; English when ``lang`` is not nb or nn, or no entry fits
    (then it is remembered in :data:`MISSED`)."""
    if lang not in LANGS or not message:
        return message
    out = _say(message, lang)
    if out is None:
        if record:
            MISSED.append(message)
        return message
    return out


def _say(message: str, lang: str) -> str | None:
    entries, words = catalogue()
    if message in words:
        return words[message][lang]
    for e in entries:
        m = e.pattern.fullmatch(message)
        if m is None:
            continue
        groups = m.groupdict()
        failed = False

        def fill(f: re.Match, groups: dict = groups) -> str:
            nonlocal failed
            value = groups.get(f.group(1))
            if value is None:
                return ""
            if f.group(2) == "|w":  # a word of the catalogue, else as written
                return words[value][lang] if value in words else value
            if f.group(2):
                sub = _say(value, lang)
                if sub is None:
                    failed = True
                    return value
                return sub
            return value
        out = _FIELD_RE.sub(fill, e.text[lang])
        if not failed:
            return out
    return None


def translate_line(line: str, lang: str) -> str:
    """One line of output: its label and ``file:line:`` kept, the rest translated."""
    if lang not in LANGS or not line.strip():
        return line
    m = _LINE_RE.fullmatch(line)
    assert m is not None
    indent, label, body = m.group("indent"), m.group("label"), m.group("body")
    head = f"{LABELS[label][lang]}: " if label else ""
    out = _say(body, lang)
    if out is None:
        w = _WHERE_RE.fullmatch(body)
        if w is not None:
            rest = _say(w.group("rest"), lang)
            if rest is not None:
                return f"{indent}{head}{w.group('where')}: {rest}"
        MISSED.append(body)
        return f"{indent}{head}{body}"
    return f"{indent}{head}{out}"


def translate(text: str, lang: str) -> str:
    """Every line of ``text`` (a report, an error with its hints) in ``lang``."""
    if lang not in LANGS:
        return text
    return "\n".join(translate_line(line, lang) for line in text.split("\n"))


def project_lang(root: str | Path = ".", data_dir: str = "data/municipalities") -> str:
    """The written standard the editors of the project at ``root`` read: the
    ``written_standard`` of its data files (the most common; nb when they differ
    equally or there are none)."""
    counts = {"nb": 0, "nn": 0}
    folder = Path(root) / data_dir
    try:
        paths = sorted(folder.glob("*.yml"))
    except OSError:
        paths = []
    for p in paths:
        try:
            text = p.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        m = re.search(r"^written_standard:\s*[\"']?(nb|nn)\b", text, re.M)
        counts[m.group(1) if m else "nb"] += 1
    return "nn" if counts["nn"] > counts["nb"] else "nb"
