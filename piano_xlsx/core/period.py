"""A period: one month of a plan's year, written AAAA-MM everywhere a person or a script sees it.

:class:`Period` is that text (a ``str``, so JSON, the Storico's cells and comparisons between
periods stay what they are) with its year and month read once, here, instead of the text being
taken apart wherever a month's end or name is needed. :func:`month_end` is the one month-end rule.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from ..errors import UsageError

MONTHS = ("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre",
          "ottobre", "novembre", "dicembre")
# the months' abbreviations as offices write them ('giu-25', 'sett. 2025'), and a pattern of them, longest first
MONTH_ABBREVIATIONS = {"gen": 1, "feb": 2, "mar": 3, "apr": 4, "mag": 5, "giu": 6, "lug": 7, "ago": 8,
                       "sett": 9, "set": 9, "ott": 10, "nov": 11, "dic": 12}
MONTH_ABBREVIATION_PATTERN = "|".join(sorted(MONTH_ABBREVIATIONS, key=len, reverse=True))

_PERIOD = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")


def last_day(year: int, month: int) -> dt.date:
    """The last day of a month: the date a month's figures are at, and a deadline 'entro giugno' means."""
    return dt.date(year, month, calendar.monthrange(year, month)[1])


class Period(str):
    """'2018-06', with .year, .month, .end (the month's last day) and .name ('giugno 2018').
    Built only from a valid AAAA-MM: an invalid text raises UsageError with an Italian message."""

    year: int
    month: int

    def __new__(cls, text: str) -> Period:
        if isinstance(text, Period):
            return text
        match = _PERIOD.fullmatch(str(text))
        if match is None:
            if re.fullmatch(r"\d{4}-\d{2}", str(text)):
                raise UsageError(f"Il periodo '{text}' non esiste: il mese va da 01 a 12 (es. 2018-06).")
            raise UsageError(f"Il periodo '{text}' non è nella forma AAAA-MM (es. 2018-06).")
        self = super().__new__(cls, match.group(0))
        self.year, self.month = int(match.group(1)), int(match.group(2))
        return self

    @classmethod
    def of(cls, year: int, month: int) -> Period:
        return cls(f"{year:04d}-{month:02d}")

    @property
    def end(self) -> dt.date:
        return last_day(self.year, self.month)

    @property
    def name(self) -> str:
        return f"{MONTHS[self.month - 1]} {self.year}"


def check_period(period: str | None) -> None:
    """A period is a month written AAAA-MM (None: not given)."""
    if period is not None:
        Period(period)


def month_end(period: str | None) -> dt.date | None:
    return Period(period).end if period is not None else None


def month_name(period: str) -> str:
    """'2018-05' -> 'maggio 2018'."""
    return Period(period).name


__all__ = ["MONTHS", "MONTH_ABBREVIATIONS", "MONTH_ABBREVIATION_PATTERN", "Period", "check_period", "last_day", "month_end", "month_name"]
