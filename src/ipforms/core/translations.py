"""A municipality's own translations of ipforms' texts into a third language.

A municipality in the administrative area for Sámi language (sameloven chapter 3)
declares ``languages: [se]`` in its data file (``smj``, ``sma`` likewise) and writes:

- the ``se:`` text beside ``nb:`` and ``nn:`` of each of its data texts;
- its pages in ``content/se/`` of its project (the same file names as ``content/nb/``);
- ``<slug>.se.yml`` beside the data file: its translations of the texts ipforms
  itself writes (footer words, law names, the forms, the online form, the report of
  ``ipforms validate``), by key, nested or dotted::

      language_name: ...          # the language's name in the language switcher
      words: {phone: ..., email: ...}
      laws: {fvl: ..., pbrl: ..., and: ...}
      forms: {soknad: {title: ..., ...}}
      webform: {link: ...}

ipforms ships no text in these languages and never fills a gap with Norwegian:
``ipforms check`` lists every key and page that is missing, and ``ipforms build``
publishes the language only when nothing is missing (:mod:`ipforms.core.lang`).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from .errors import DataError
from .files import read_text
from .lang import EXTRA_LANGS

#: the largest translations file read
LIMIT = 1 << 20


def translations_file(data_file: str | Path, lang: str) -> Path:
    """``data/municipalities/karasjok.se.yml`` for ``karasjok.yml`` and ``se``."""
    data_file = Path(data_file)
    return data_file.with_name(f"{data_file.stem}.{lang}.yml")


def is_translations_file(path: str | Path) -> bool:
    """Whether ``path`` is a translations file (``<slug>.<lang>.yml``), not a data file.

    >>> is_translations_file("a/karasjok.se.yml"), is_translations_file("a/karasjok.yml")
    (True, False)
    """
    stem = Path(path).stem
    return "." in stem and stem.rsplit(".", 1)[1] in EXTRA_LANGS


def flatten(node: object, prefix: str, file: Path, out: dict[str, str]) -> None:
    """Nested mappings to dotted keys; every leaf must be a text."""
    if isinstance(node, dict):
        for key, value in node.items():
            if not isinstance(key, (str, int)) or not str(key).strip():
                raise DataError("expected a key of letters", file=file, path=prefix or None)
            flatten(value, f"{prefix}.{key}" if prefix else str(key), file, out)
        return
    if isinstance(node, bool) or node is None or isinstance(node, (list, float)):
        raise DataError("expected a text", file=file, path=prefix or None,
                        hint="write the translated text after the key, in quotes if it "
                             "holds ':' or starts with a special character")
    text = " ".join(str(node).split()) if not isinstance(node, str) else node.strip()
    if not text:
        raise DataError("empty text: leave the key out until it is translated",
                        file=file, path=prefix or None)
    out[prefix] = text


def load_translations(data_file: str | Path, lang: str) -> dict[str, str]:
    """The translations for ``lang`` beside ``data_file`` as ``{dotted key: text}``
    (empty when there is no such file: then every key is missing)."""
    path = translations_file(data_file, lang)
    if not path.exists():
        return {}
    return read_translations(path)


def read_translations(path: str | Path) -> dict[str, str]:
    """A translations file as ``{dotted key: text}`` (a DataError names what is wrong)."""
    path = Path(path)
    text = read_text(path, DataError, within=path.parent, limit=LIMIT)
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DataError(f"not valid YAML: {getattr(exc, 'problem', exc)}", file=path,
                        line=mark.line + 1 if mark else None) from None
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise DataError("expected keys with texts (key: text)", file=path)
    out: dict[str, str] = {}
    flatten(raw, "", path, out)
    return out


def missing_data_texts(model: object, lang: str, path: str = "") -> list[str]:
    """The key paths of the data texts (nb/nn pairs) in ``model`` that have no ``lang``
    text, e.g. ``["unit.name", "complaint_body"]``."""
    from pydantic import BaseModel

    from .lang import Text

    if isinstance(model, Text):
        return [] if getattr(model, lang) else [path]
    out: list[str] = []
    if isinstance(model, BaseModel):
        for name in type(model).model_fields:
            out += missing_data_texts(getattr(model, name), lang, f"{path}.{name}" if path
                                      else name)
    elif isinstance(model, dict):
        for key, value in model.items():
            out += missing_data_texts(value, lang, f"{path}.{key}")
    elif isinstance(model, (list, tuple)):
        for i, value in enumerate(model):
            out += missing_data_texts(value, lang, f"{path}[{i}]")
    return out
