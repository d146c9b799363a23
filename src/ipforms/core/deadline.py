"""The date by which a written preliminary reply is due (forvaltningsloven § 11 a).

When a municipality cannot decide on an application within one month of receiving
it, it must send a written preliminary reply.  "One month" runs to the same day
number in the next month; when that month is shorter, the period ends on its
last day.

>>> import datetime as dt
>>> reply_due(dt.date(2026, 11, 24))
datetime.date(2026, 12, 24)
>>> reply_due(dt.date(2027, 1, 31))
datetime.date(2027, 2, 28)
>>> reply_due(dt.date(2028, 1, 31))   # leap year
datetime.date(2028, 2, 29)
>>> reply_due(dt.date(2026, 12, 15))
datetime.date(2027, 1, 15)
"""

from __future__ import annotations

import calendar
import datetime as _dt


LAW = "forvaltningsloven § 11 a"


def add_months(day: _dt.date, months: int = 1) -> _dt.date:
    """``day`` plus whole months, clamped to the last day of a shorter month.

    >>> add_months(_dt.date(2026, 3, 31), 1)
    datetime.date(2026, 4, 30)
    >>> add_months(_dt.date(2026, 8, 31), 6)
    datetime.date(2027, 2, 28)
    """
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month,
                       day=min(day.day, calendar.monthrange(year, month)[1]))


def reply_due(received: _dt.date) -> _dt.date:
    """The last day for a written preliminary reply when no decision is made."""
    return add_months(received, 1)


def add_years(day: _dt.date, years: int) -> _dt.date:
    """``day`` plus whole years (29 February -> 28 February).

    >>> add_years(_dt.date(2008, 2, 29), 16)
    datetime.date(2024, 2, 29)
    >>> add_years(_dt.date(2008, 2, 29), 17)
    datetime.date(2025, 2, 28)
    """
    return add_months(day, 12 * years)


def age_on(birth: _dt.date, day: _dt.date) -> int:
    """Whole years of age on ``day``.

    >>> age_on(_dt.date(2010, 11, 24), _dt.date(2026, 11, 23))
    15
    >>> age_on(_dt.date(2010, 11, 24), _dt.date(2026, 11, 24))
    16
    """
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
