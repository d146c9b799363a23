"""Reports of :mod:`ipforms.checks.validate` results in nb or nn: text, JSON, JSON Lines,
and a summary table for a folder.

A fødselsnummer is shown only as its birth-date part (``010190*****``) unless
``show_fnr=True``.
"""

from __future__ import annotations

import datetime as _dt
import json
from pathlib import Path

from ..core.dates import format_short
from ..core.deadline import LAW
from ..core.lang import format_long_date as format_date
from ..core.fnr import mask
from .messages import render, services_text, text
from .rules import ERROR, NOTE, WARNING, Finding

_ORDER = {ERROR: 0, WARNING: 1, NOTE: 2}


def _is_fullmakt(f: Finding) -> bool:
    return f.code.startswith(("fullmakt.", "verge.", "signing.", "youth."))


def message(f: Finding, lang: str, show_fnr: bool = False) -> str:
    return render(f.code, lang, f.params, field=f.field, show_fnr=show_fnr)


def status_word(result, lang: str) -> str:
    return text(f"word.{result.status}", lang)


def reason_text(result, lang: str) -> str:
    """Why a file could not be read, in ``lang``."""
    code = result.reason_code or "pdf.damaged"
    try:
        return render(code, lang, result.reason_params)
    except KeyError:
        return render("pdf.damaged", lang)


def to_text(result, lang: str, *, show_fnr: bool = False) -> str:
    """A short report for a case worker or a citizen."""
    name = Path(result.file).name
    if result.status == "unreadable":  # one line: what is wrong and what to do
        return f"{name}: {status_word(result, lang)}: {reason_text(result, lang)}"
    lines = [f"{name}: {status_word(result, lang)}"]
    services = services_text(result.services, lang) or text("word.no_services", lang)
    lines.append(f"  {text('word.services', lang)}: {services}")
    number = (mask(result.person_fnr) if not show_fnr else result.person_fnr) \
        if result.person_fnr else (text("word.expected_child", lang) if result.expected_child else "")
    who = ", ".join(x for x in (result.person_name, number) if x) or "-"
    lines.append(f"  {text('word.person', lang)}: {who}")
    lines.append(f"  {text('word.received', lang)}: {format_date(result.received, lang)}. "
                 f"{text('word.reply_due', lang)}: {format_date(result.reply_due, lang)} ({_law(lang)}).")
    if result.attachments:
        atts = ", ".join(f"{a['name']} ({text('word.' + a['source'], lang)})"
                         for a in result.attachments)
        lines.append(f"  {text('word.attachments', lang)}: {atts}")
    security = [f for f in result.findings if f.code.startswith("security.")]
    fullmakt = [f for f in result.findings if _is_fullmakt(f)]
    rest = [f for f in result.findings if f not in security and f not in fullmakt]
    sign = {ERROR: "✗", WARNING: "!", NOTE: "i"}
    for title, items in (("word.security", security), ("word.fullmakt", fullmakt)):
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
    return LAW if lang == "nb" else "forvaltningslova § 11 a"


def _jsonable(v, show_fnr: bool, key: str = ""):
    if isinstance(v, _dt.date):
        return v.isoformat()
    if key in ("fnr", "person_fnr") and isinstance(v, str):
        return v if show_fnr else mask(v)
    if isinstance(v, dict):
        return {k: _jsonable(x, show_fnr, k) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_jsonable(x, show_fnr) for x in v]
    return v


def to_dict(result, lang: str, *, show_fnr: bool = False) -> dict:
    """The report as plain data (for JSON); messages in ``lang``."""
    d = {"file": result.file, "status": result.status, "exit_code": result.exit_code,
         "lang": lang, "received": result.received.isoformat()}
    if result.status == "unreadable":
        d.update(reason_code=result.reason_code, reason=reason_text(result, lang),
                 reason_en=result.reason)
        return d
    d.update(
        reply_due=result.reply_due.isoformat(),
        reply_due_text=text("word.reply_due_text", lang, date=format_date(result.reply_due, lang)),
        services=result.services,
        person_name=result.person_name,
        person_fnr=_jsonable(result.person_fnr, show_fnr, "person_fnr"),
        expected_child=result.expected_child,
        attachments=result.attachments,
        counts={"errors": len(result.errors), "warnings": len(result.warnings),
                "notes": len(result.notes)},
        findings=[{**_jsonable(f.to_dict(), show_fnr), "message": message(f, lang, show_fnr)}
                  for f in result.findings],
    )
    return d


def to_json(result, lang: str, *, show_fnr: bool = False, indent: int | None = 2) -> str:
    return json.dumps(to_dict(result, lang, show_fnr=show_fnr), ensure_ascii=False, indent=indent)


def to_jsonl(result, lang: str, *, show_fnr: bool = False) -> str:
    """One line of JSON Lines."""
    return to_json(result, lang, show_fnr=show_fnr, indent=None)


def summary_table(results, lang: str, unused=()) -> str:
    """A table of every file with its verdict, counts and reply date, and a total line."""
    head = [text("word.file", lang), text("word.result", lang), text("word.count_errors", lang),
            text("word.count_warnings", lang), text("word.reply_due", lang)]
    rows = []
    for r in results:
        if r.status == "unreadable":
            rows.append([Path(r.file).name, status_word(r, lang), "-", "-", "-"])
        else:
            rows.append([Path(r.file).name, status_word(r, lang), str(len(r.errors)),
                         str(len(r.warnings)), format_short(r.reply_due)])
    widths = [max(len(x) for x in col) for col in zip(head, *rows, strict=True)]
    fmt = lambda row: "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()  # noqa: E731
    out = [text("word.summary", lang), fmt(head), fmt(["-" * w for w in widths])]
    out += [fmt(r) for r in rows]
    counts = {s: sum(1 for r in results if r.status == s) for s in ("valid", "invalid", "unreadable")}
    out.append(text("word.total", lang, **counts))
    if unused:
        out.append(f"{text('word.unused', lang)}: {', '.join(Path(p).name for p in unused)}")
    return "\n".join(out)
