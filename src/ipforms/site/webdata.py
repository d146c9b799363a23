"""The online form's page data as the pages carry it: script-safe JSON, and the part that
is the same on every page of one language in a file of its own.

Most of a form page's data (:func:`ipforms.site.webform.page_data`: the form definitions,
the report messages, the signing table, the rules' parameters, the page's words, the fonts;
about 140 kB) is the same on every form page of a language, and in nb and nn for every
municipality.  It is written once per site and language, as ``skjema/webform-data-<lang>.js``
(:func:`shared_file`: a script that sets one global, :data:`GLOBAL`, to a JSON literal; no
``fetch()``, so the page works from ``file://`` and offline), loaded before ``webform.js``;
each page's ``<script id="ipf-data">`` keeps only its own values and the file's ``stamp``
(:func:`own_blob`).  ``webform/shared.js`` joins the two in the browser, and refuses a file
of another build (an old cached one): the page then shows its fallback.

Escaping: the JSON is :func:`ipforms.site.escape.script_safe` in both (``<``, ``>``, ``&``,
U+2028, U+2029 as ``\\uXXXX``, which mean the same in a JSON or JavaScript string): the data
file is no HTML, but it stays safe even so, and valid in every JavaScript engine (before
ES2019 a raw U+2028 in a string literal was a syntax error).
"""

from __future__ import annotations

import functools

import hashlib
import json
from dataclasses import dataclass
from json.encoder import encode_basestring  # what json.dumps writes a str with (ensure_ascii=False)

from .escape import script_safe

#: the keys of a page's data that many pages share (webform._shared, the fonts): serialised
#: once, by identity
JSON_SHARED = ("forms", "readonly", "offered", "messages", "months", "countries", "norway",
               "rules", "signing", "texts", "attach", "widths", "unifont")
#: the keys of a page's data that go to the language's data file, when a page has the very
#: value the file has (a soknad page's forms and readonly; the fullmakt page carries its own)
SHARED_KEYS = ("forms", "readonly", "offered", "messages", "months", "countries", "norway",
               "email_re", "rules", "signing", "texts", "attach", "widths", "unifont")
#: the global the data file sets (webform/shared.js reads it)
GLOBAL = "ipformsShared"
#: the key of a page's own data that names the data file's stamp
STAMP_KEY = "shared"


def file_name(lang: str) -> str:
    """The data file of ``lang``, beside the form pages."""
    return f"webform-data-{lang}.js"


def dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


#: script-safe JSON (:func:`page_blob`) of the values in pages, in UTF-8, by identity, the
#: value kept with it (the parts every page shares, and the plans' parts every
#: municipality shares)
_SAFE_MEMO: dict[int, tuple[object, bytes]] = {}
#: the memo's entries used again since it was last full: kept when it is full again (the
#: parts every page shares stay; one page's own values go)
_SAFE_USED: set[int] = set()
#: how many dicts and lists were made script-safe JSON anew, not from the memo (the
#: work-count test reads it)
MADE = [0]


@functools.lru_cache(maxsize=4096)
def safe_key(key: str) -> bytes:
    """A key of page data as script-safe JSON, in UTF-8 (remembered by the key)."""
    return script_safe(encode_basestring(key)).encode()


def safe_json(value: object, depth: int) -> bytes:
    """``script_safe(dumps(value))`` in UTF-8; a dict or list seen before (the same
    object) from the memo, one not seen made from its items' (``depth`` levels down):
    each character script_safe replaces stands for itself, so the parts can be made safe
    one by one."""
    if type(value) is str:  # noqa: E721 - json.dumps of a str (ensure_ascii=False)
        return script_safe(encode_basestring(value)).encode()
    if type(value) is int:  # noqa: E721 - not bool (json writes true, false)
        return str(value).encode()
    if not isinstance(value, (dict, list)):
        return script_safe(dumps(value)).encode()
    found = _SAFE_MEMO.get(id(value))
    if found is not None and found[0] is value:
        _SAFE_USED.add(id(value))
        return found[1]
    MADE[0] += 1
    if depth <= 0 or (isinstance(value, dict) and not all(type(k) is str for k in value)):  # noqa: E721
        text = script_safe(dumps(value)).encode()
    elif isinstance(value, dict):
        text = b"{" + b",".join(safe_key(k) + b":" + safe_json(v, depth - 1)
                                for k, v in value.items()) + b"}"
    else:
        text = b"[" + b",".join(safe_json(v, depth - 1) for v in value) + b"]"
    if len(_SAFE_MEMO) > 2048:
        _sweep()
    _SAFE_MEMO[id(value)] = (value, text)
    return text


def _sweep() -> None:
    """Make room in the memo: keep the entries used again since the last sweep (at most
    half of it), drop the rest."""
    kept = [(k, _SAFE_MEMO[k]) for k in _SAFE_USED if k in _SAFE_MEMO]
    _SAFE_MEMO.clear()
    _SAFE_USED.clear()
    if len(kept) <= 1024:
        _SAFE_MEMO.update(kept)


def _blob(items) -> bytes:
    return b"{" + b",".join(
        safe_key(k) + b":" + safe_json(v, 0 if k in JSON_SHARED else 4 if k == "plans" else 1)
        for k, v in items) + b"}"


def page_blob(data: dict) -> bytes:
    """``script_safe(page_json(data))`` in UTF-8, the same characters, made from the parts'
    (:func:`safe_json`): a page's own values are new; the plans (their parts from the
    form's blank are the same objects for every municipality: fillplan), the fullmakt's
    printed pages and what every page shares come from the memo."""
    return _blob(data.items())


@dataclass(frozen=True)
class SharedFile:
    """A language's data file: the values in it (by key, the very objects pages carry),
    its stamp (a digest of its JSON) and its bytes."""
    values: dict
    stamp: str
    script: bytes


#: the data file of each language, made once per worker (nb, nn: the same for every
#: municipality); kept while every value in it is the same object
_FILES: dict[str, SharedFile] = {}


def shared_file(lang: str, values: dict) -> SharedFile:
    """The data file of ``lang`` holding ``values`` (the keys :data:`SHARED_KEYS`)."""
    found = _FILES.get(lang)
    if found is not None and found.values.keys() == values.keys() \
            and all(found.values[k] is v for k, v in values.items()):
        return found
    body = _blob((k, values[k]) for k in SHARED_KEYS)
    stamp = hashlib.sha256(body).hexdigest()[:16]
    # the stamp goes in the file too: shared.js compares it with the page's
    script = (f"self.{GLOBAL} = ".encode() + body[:-1] + b"," + safe_key(STAMP_KEY) + b":"
              + safe_json(stamp, 0) + b"};\n")
    found = _FILES[lang] = SharedFile(dict(values), stamp, script)
    if len(_FILES) > 16:
        _FILES.clear()
    return found


def own_blob(data: dict, shared: SharedFile) -> bytes:
    """:func:`page_blob` of the values of ``data`` that are not the data file's (not the
    same object: an equal value made anew stays in the page), and the file's stamp."""
    if STAMP_KEY in data:
        raise ValueError(f"page data has a key {STAMP_KEY!r}")
    inside = shared.values
    items = [(k, v) for k, v in data.items() if k not in inside or inside[k] is not v]
    return _blob(items)[:-1] + (b"," if items else b"") + safe_key(STAMP_KEY) + b":" \
        + safe_json(shared.stamp, 0) + b"}"
