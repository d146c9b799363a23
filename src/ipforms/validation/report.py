"""Reports of :mod:`ipforms.validation.validate` results in nb or nn: text, JSON, JSON Lines,
and a summary table for a folder.

Everything in a report that came from a file (names, field values, attachment
names) is printed safely: control characters (newlines, terminal escape codes),
bidirectional overrides and other invisible format characters are shown as
visible escapes (``\\n``, ``\\x1b``, ``<U+202E>``), so no value can start a line of
its own or paint over the verdict.  Any number shaped like a fødselsnummer
(11 digits, in any field, name or message) is shown only as its birth-date part
(``010190*****``) unless ``show_fnr=True``.  ``plain=True`` uses ASCII marks for a
console that cannot show ``✗`` (cp850, cp1252).

The JSON form is described by ``resources/report.schema.json`` (JSON Schema).

>>> clean("GYLDIG\\n\\x1b[32mGYLDIG\\u202e")
'GYLDIG\\\\n\\\\x1b[32mGYLDIG<U+202E>'
>>> mask_numbers("e-post 01019012345@example.no, tlf 912 34 567")
'e-post 010190*****@example.no, tlf 912 34 567'
"""

from __future__ import annotations

import datetime as _dt
import json
import re
import unicodedata
from pathlib import Path

from ..core.dates import format_short
from ..core.deadline import LAW
from ..core.fnr import mask
from ..core.lang import format_long_date as format_date
from .messages import render, services_text, shorten, text
from .rules import ERROR, NOTE, WARNING, Finding

_ORDER = {ERROR: 0, WARNING: 1, NOTE: 2}
SIGNS = {ERROR: "✗", WARNING: "!", NOTE: "i"}
PLAIN_SIGNS = {ERROR: "x", WARNING: "!", NOTE: "i"}

#: characters that could break a line, move the cursor or reorder text on a terminal
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e"
                     "\u2060-\u206f\ufeff\ufff9-\ufffb]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
#: 11 digits (optionally 6 + space + 5) not part of a longer number: fødselsnummer-shaped
_FNR_SHAPED = re.compile(r"(?<!\d)(\d{6}) ?\d{5}(?!\d)")


def _escape(m: re.Match) -> str:
    c = m.group(0)
    if c in _NAMED:
        return _NAMED[c]
    if ord(c) < 0x100 and unicodedata.category(c) == "Cc":
        return f"\\x{ord(c):02x}"
    return f"<U+{ord(c):04X}>"


def clean(value: object) -> str:
    """``value`` as one line of visible text (see the module doc)."""
    return _UNSAFE.sub(_escape, str(value))


def mask_numbers(text: str) -> str:
    """Every fødselsnummer-shaped number in ``text`` masked to its first six digits."""
    return _FNR_SHAPED.sub(lambda m: m.group(1) + "*****", text)


def _safe(value: object, show_fnr: bool) -> str:
    out = clean(value)
    return out if show_fnr else mask_numbers(out)


def _value(value: object, show_fnr: bool) -> str:
    """A value from the file (a name, a field's value) as one safe, short line."""
    return _safe(shorten(str(value)), show_fnr)


def _is_fullmakt(f: Finding) -> bool:
    return f.code.startswith(("fullmakt.", "verge.", "signing.", "youth."))


def message(f: Finding, lang: str, show_fnr: bool = False) -> str:
    """The finding as one safe line (values from the file escaped, numbers masked)."""
    return _safe(render(f.code, lang, f.params, field=f.field, show_fnr=show_fnr), show_fnr)


def status_word(result, lang: str) -> str:
    return text(f"word.{result.status}", lang)


def reason_text(result, lang: str, show_fnr: bool = False) -> str:
    """Why a file could not be read (or was not checked), in ``lang``, as one safe line."""
    code = result.reason_code or "pdf.damaged"
    params = dict(result.reason_params or {})
    if code == "internal.error":
        params.setdefault("detail", result.reason or "")
    try:
        out = render(code, lang, params)
    except KeyError:
        out = render("internal.error", lang, {"detail": f"no message {code!r}"})
    return _safe(out, show_fnr)


def to_text(result, lang: str, *, show_fnr: bool = False, plain: bool = False) -> str:
    """A short report for a case worker or a citizen."""
    safe = lambda v: _value(v, show_fnr)  # noqa: E731
    name = safe(Path(result.file).name)
    due = (f" {text('word.reply_due', lang)}: {format_date(result.reply_due, lang)} ({_law(lang)})."
           if result.reply_due else "")
    if result.status in ("unreadable", "error", "not_checked"):  # what is wrong and what to do
        line = f"{name}: {status_word(result, lang)}: {reason_text(result, lang, show_fnr)}"
        if result.status != "not_checked" and due:
            line += f"\n  {text('word.received', lang)}: {format_date(result.received, lang)}.{due}"
        return line
    lines = [f"{name}: {status_word(result, lang)}"]
    services = services_text(result.services, lang) or text("word.no_services", lang)
    lines.append(f"  {text('word.services', lang)}: {services}")
    number = (mask(result.person_fnr) if not show_fnr else result.person_fnr) \
        if result.person_fnr else (text("word.expected_child", lang) if result.expected_child else "")
    who = ", ".join(safe(x) for x in (result.person_name, number) if x) or "-"
    lines.append(f"  {text('word.person', lang)}: {who}")
    lines.append(f"  {text('word.received', lang)}: {format_date(result.received, lang)}.{due}")
    if result.attachments:
        atts = ", ".join(f"{safe(a['name'])} ({text('word.' + a['source'], lang)})"
                         for a in result.attachments)
        lines.append(f"  {text('word.attachments', lang)}: {atts}")
    security = [f for f in result.findings if f.code.startswith("security.")]
    fullmakt = [f for f in result.findings if _is_fullmakt(f)]
    signed = [f for f in result.findings if f.code.startswith("signature.")]
    rest = [f for f in result.findings if f not in security and f not in fullmakt and f not in signed]
    sign = PLAIN_SIGNS if plain else SIGNS
    for title, items in (("word.security", security), ("word.fullmakt", fullmakt),
                         ("word.signatures", signed)):
        if items:
            lines.append(f"  {text(title, lang)}:")
            for f in sorted(items, key=lambda f: _ORDER[f.severity]):
                lines.append(f"    {sign[f.severity]} {message(f, lang, show_fnr)}")
    for sev, title in ((ERROR, "word.errors"), (WARNING, "word.warnings"), (NOTE, "word.notes")):
        items = [f for f in rest if f.severity == sev]
        if items:
            lines.append(f"  {text(title, lang)}:")
            for f in items:
                lines.append(f"    {sign[sev]} {message(f, lang, show_fnr)}")
    return "\n".join(lines)


def _law(lang: str) -> str:
    if lang not in ("nb", "nn"):  # the municipality's own name of the act (laws.<act>)
        from ..core.laws import cite

        return cite("fvl", "11 a", lang)[0]
    return LAW if lang == "nb" else "forvaltningslova § 11 a"


#: JSON keys whose text is ours (or the path given), never shortened
_WHOLE = ("file", "reason_en", "reason", "message", "reply_due_text")


def _jsonable(v, show_fnr: bool, key: str = ""):
    if isinstance(v, _dt.date):
        return v.isoformat()
    if key in ("fnr", "person_fnr", "applicant_fnr") and isinstance(v, str):
        return v if show_fnr else mask(v)
    if isinstance(v, str):
        if key not in _WHOLE:  # a value from the file: shortened (MAX_SHOWN)
            v = shorten(v)
        return v if show_fnr else mask_numbers(v)
    if isinstance(v, dict):
        return {k: _jsonable(x, show_fnr, k) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_jsonable(x, show_fnr) for x in v]
    return v


def to_dict(result, lang: str, *, show_fnr: bool = False) -> dict:
    """The report as plain data (for JSON); messages in ``lang``.  Described by
    ``resources/report.schema.json``."""
    d = {"file": result.file, "status": result.status, "exit_code": result.exit_code,
         "lang": lang, "received": result.received.isoformat()}
    if result.reply_due:
        d.update(reply_due=result.reply_due.isoformat(),
                 reply_due_text=text("word.reply_due_text", lang,
                                     date=format_date(result.reply_due, lang)))
    if result.status in ("unreadable", "error", "not_checked"):
        d.update(reason_code=result.reason_code, reason=reason_text(result, lang, show_fnr),
                 reason_en=result.reason)
        return _jsonable(d, show_fnr)
    d.update(
        services=result.services,
        person_name=result.person_name,
        person_fnr=result.person_fnr,  # masked below with everything else
        expected_child=result.expected_child,
        attachments=result.attachments,
        signatures=getattr(result, "signatures", []),
        counts={"errors": len(result.errors), "warnings": len(result.warnings),
                "notes": len(result.notes)},
        findings=[{**f.to_dict(), "message": message(f, lang, show_fnr)}
                  for f in result.findings],
    )
    return _jsonable(d, show_fnr)


#: characters JSON may carry raw that a terminal would act on (C1 controls, bidi, ...)
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e"
                          "\u2060-\u206f\ufeff\ufff9-\ufffb]")


def to_json(result, lang: str, *, show_fnr: bool = False, indent: int | None = 2) -> str:
    out = json.dumps(to_dict(result, lang, show_fnr=show_fnr), ensure_ascii=False, indent=indent)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", out)


def to_jsonl(result, lang: str, *, show_fnr: bool = False) -> str:
    """One line of JSON Lines."""
    return to_json(result, lang, show_fnr=show_fnr, indent=None)


def summary_table(results, lang: str, unused=(), *, skipped=(), show_fnr: bool = False) -> str:
    """A table of every file with its verdict, counts and reply date, a total line,
    and the files that were not checked: ``unused`` (paths that belong to no
    application) and ``skipped`` (paths, or (path, why) pairs: subfolders, pipes,
    devices)."""
    safe = lambda v: _safe(v, show_fnr)  # noqa: E731
    head = [text("word.file", lang), text("word.result", lang), text("word.count_errors", lang),
            text("word.count_warnings", lang), text("word.reply_due", lang)]
    rows = []
    for r in results:
        due = format_short(r.reply_due) if r.reply_due else "-"
        if r.status in ("unreadable", "error"):
            rows.append([safe(Path(r.file).name), status_word(r, lang), "-", "-", due])
        else:
            rows.append([safe(Path(r.file).name), status_word(r, lang), str(len(r.errors)),
                         str(len(r.warnings)), due])
    widths = [max(len(x) for x in col) for col in zip(head, *rows, strict=True)]
    fmt = lambda row: "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()  # noqa: E731
    out = [text("word.summary", lang), fmt(head), fmt(["-" * w for w in widths])]
    out += [fmt(r) for r in rows]
    counts = {s: sum(1 for r in results if r.status == s) for s in ("valid", "invalid", "unreadable")}
    out.append(text("word.total", lang, **counts))
    errors = sum(1 for r in results if r.status == "error")
    if errors:
        out.append(text("word.internal_errors", lang, count=errors))
    if unused:
        out.append(f"{text('word.unused', lang)}: {', '.join(safe(Path(p).name) for p in unused)}")
    if skipped:
        names = [safe(Path(p[0] if isinstance(p, tuple) else p).name) for p in skipped]
        out.append(f"{text('word.skipped', lang)}: {', '.join(names)}")
    return "\n".join(out)


def not_checked(path, received: _dt.date, why: str):
    """A Result for a file in a folder that was not checked (``why``: ``unused`` or
    ``skipped``), so that JSON Lines list every file of the folder."""
    from .validate import Result

    return Result(file=str(path), status="not_checked", received=received,
                  reason_code=f"folder.{why}", reason={"unused": "belongs to no application",
                                                       "skipped": "a folder or not a regular file"}[why])
