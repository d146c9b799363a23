"""Fødselsnummer and D-nummer, through python-stdnum (never by hand).

>>> n = synthetic(_dt.date(1990, 1, 1))
>>> check(n, received=_dt.date(2026, 11, 24))
datetime.date(1990, 1, 1)
>>> mask(n)
'010190*****'
>>> mask("not a number")
'***********'
>>> check("01019012345")
Traceback (most recent call last):
    ...
ipforms.core.errors.FnrError: not a valid fødselsnummer or D-nummer: the check digits are wrong
"""

from __future__ import annotations

import datetime as _dt

from stdnum import exceptions as _exc
from stdnum.no import fodselsnummer as _fnr

from .errors import FnrError, FnrImplausible

__all__ = ["FnrError", "FnrImplausible", "check", "compact", "birth_date",
           "same", "mask", "synthetic", "MAX_AGE"]

#: No one applies for a plan at an age above this.
MAX_AGE = 125


def compact(value: str | None) -> str:
    return _fnr.compact(value or "")


def check(value: str | None, received: _dt.date | None = None) -> _dt.date:
    """Validate a fødselsnummer or D-nummer; return the birth date it gives.

    The birth date must not be after ``received`` (default today) nor more than
    ``MAX_AGE`` years before it.
    """
    received = received or _dt.date.today()
    number = compact(value)
    if len(number) != 11 or not number.isdigit():
        raise FnrError("not a valid fødselsnummer or D-nummer: expected 11 digits", number=value or "")
    if number[9] != _fnr.calc_check_digit1(number) or number[10] != _fnr.calc_check_digit2(number):
        raise FnrError("not a valid fødselsnummer or D-nummer: the check digits are wrong",
                       number=value or "")
    try:
        birth = _fnr.get_birth_date(number)
    except _exc.ValidationError:
        raise FnrError("not a valid fødselsnummer or D-nummer: the birth date in it is not "
                       "a real date", number=value or "") from None
    if birth > received or received.year - birth.year > MAX_AGE:
        raise FnrImplausible(f"the birth date in the number ({birth:%d.%m.%Y}) cannot be right",
                             number=value or "", birth=birth)
    return birth


def birth_date(value: str | None, received: _dt.date | None = None) -> _dt.date | None:
    """The birth date, or None when the number is not valid."""
    try:
        return check(value, received)
    except FnrError:
        return None


def same(a: str | None, b: str | None) -> bool:
    """Whether two written numbers are the same number (spaces ignored)."""
    if not a or not b:
        return False
    return compact(a) == compact(b)


def mask(value: str | None) -> str:
    """Only the birth-date part (first six digits) of a number; the rest as ``*``."""
    number = compact(value or "")
    if len(number) == 11 and number.isdigit():
        return number[:6] + "*****"
    return "*" * 11 if number else ""


def synthetic(birth: _dt.date, serial: int = 0, d_number: bool = False) -> str:
    """A made-up, valid number for ``birth`` (for tests and demos only).

    ``serial`` picks among the valid individual numbers of that date.

    >>> from stdnum.no import fodselsnummer
    >>> fodselsnummer.is_valid(synthetic(_dt.date(2010, 5, 17), serial=3))
    True
    >>> check(synthetic(_dt.date(1985, 3, 2), d_number=True)) == _dt.date(1985, 3, 2)
    True
    """
    if 1900 <= birth.year <= 1999:
        ranges = [range(0, 500)]
    elif 2000 <= birth.year <= 2039:
        ranges = [range(500, 1000)]
    else:
        raise ValueError(f"no individual number range for {birth.year}")
    day = birth.day + (40 if d_number else 0)
    base = f"{day:02d}{birth.month:02d}{birth.year % 100:02d}"
    found = 0
    for r in ranges:
        for ind in r:
            head = base + f"{ind:03d}"
            k1 = _fnr.calc_check_digit1(head)
            if len(k1) != 1:
                continue
            k2 = _fnr.calc_check_digit2(head + k1)
            if len(k2) != 1:
                continue
            if found == serial:
                return head + k1 + k2
            found += 1
    raise ValueError("no such serial")
