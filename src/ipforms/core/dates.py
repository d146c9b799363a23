"""Dates as people write them in forms and on the command line: one home for
reading them (``dd.mm.åååå``, or ISO ``åååå-mm-dd``) and writing them back.
Dates written out in words ("24. november 2026") are language formatting:
:func:`ipforms.core.lang.format_long_date`.

>>> parse_date("29.02.2027") is None, parse_date("28.02.2027"), parse_date("2026-11-24")
(True, datetime.date(2027, 2, 28), datetime.date(2026, 11, 24))
>>> format_short(parse_date(" 01.02.2026 "))
'01.02.2026'
"""

from __future__ import annotations

import datetime as _dt

#: how ipforms writes a date into a form, and the first form it reads
DATE_FORMAT = "%d.%m.%Y"
#: what it reads: the Norwegian way, then ISO
INPUT_FORMATS = (DATE_FORMAT, "%Y-%m-%d")
#: for messages: what a date should look like
EXAMPLE = "24.11.2026"


def parse_date(value: object) -> _dt.date | None:
    """A date from ``dd.mm.åååå`` or ISO text (or a date); None when empty or not a
    real date."""
    if isinstance(value, _dt.date):
        return value
    s = str(value or "").strip()
    for fmt in INPUT_FORMATS:
        try:
            return _dt.datetime.strptime(s, fmt).date()
        except ValueError:
            pass
    return None


def format_short(day: _dt.date) -> str:
    """``dd.mm.åååå``, as the forms hold dates."""
    return day.strftime(DATE_FORMAT)
