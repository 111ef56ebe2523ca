"""Number formats: built-in codes, telling dates and times apart, Excel serials to Python.

Excel stores dates as numbers ("serials") and only the cell's number format says that
a number is a date. A serial counts days from 1899-12-31 (1900 system, with Lotus's
phantom 29 February 1900 at serial 60) or from 1904-01-01 (1904 system).
"""

from __future__ import annotations

import datetime as dt
import re

# What a number format shows.
NUMBER = 0  # not a date: general, number, percent, currency, text...
DATE = 1  # a date without a time of day ("dd/mm/yyyy")
DATETIME = 2  # date and time ("dd/mm/yyyy hh:mm")
TIME = 3  # a time of day only ("hh:mm")
DURATION = 4  # elapsed time ("[h]:mm:ss")

# Built-in number formats (ECMA-376 part 1, 18.8.30). Ids 27-36 and 50-58 are
# East-Asian locale dates whose code depends on the locale; they are given a
# representative code here and classified as dates (32 and 33 as times).
BUILTIN_FORMATS: dict[int, str] = {
    0: "General",
    1: "0",
    2: "0.00",
    3: "#,##0",
    4: "#,##0.00",
    5: '"$"#,##0_);("$"#,##0)',
    6: '"$"#,##0_);[Red]("$"#,##0)',
    7: '"$"#,##0.00_);("$"#,##0.00)',
    8: '"$"#,##0.00_);[Red]("$"#,##0.00)',
    9: "0%",
    10: "0.00%",
    11: "0.00E+00",
    12: "# ?/?",
    13: "# ??/??",
    14: "mm-dd-yy",
    15: "d-mmm-yy",
    16: "d-mmm",
    17: "mmm-yy",
    18: "h:mm AM/PM",
    19: "h:mm:ss AM/PM",
    20: "h:mm",
    21: "h:mm:ss",
    22: "m/d/yy h:mm",
    37: "#,##0_);(#,##0)",
    38: "#,##0_);[Red](#,##0)",
    39: "#,##0.00_);(#,##0.00)",
    40: "#,##0.00_);[Red](#,##0.00)",
    41: '_(* #,##0_);_(* \\(#,##0\\);_(* "-"_);_(@_)',
    42: '_("$"* #,##0_);_("$"* \\(#,##0\\);_("$"* "-"_);_(@_)',
    43: '_(* #,##0.00_);_(* \\(#,##0.00\\);_(* "-"??_);_(@_)',
    44: '_("$"* #,##0.00_)_("$"* \\(#,##0.00\\)_("$"* "-"??_)_(@_)',
    45: "mm:ss",
    46: "[h]:mm:ss",
    47: "mmss.0",
    48: "##0.0E+0",
    49: "@",
}
for _id in (*range(27, 32), *range(34, 37), *range(50, 59)):
    BUILTIN_FORMATS[_id] = "yyyy-mm-dd"
BUILTIN_FORMATS[32] = "h:mm"
BUILTIN_FORMATS[33] = "h:mm:ss"
del _id

_BUILTIN_KINDS: dict[int, int] = {i: DATE for i in (14, 15, 16, 17, *range(27, 32), *range(34, 37), *range(50, 59))}
_BUILTIN_KINDS.update({18: TIME, 19: TIME, 20: TIME, 21: TIME, 32: TIME, 33: TIME, 45: TIME, 47: TIME,
                       22: DATETIME, 46: DURATION})

# Literal text, escapes and fill/space characters carry no date meaning; brackets
# hold colours, conditions and locales ([Red], [<=100], [$-410]) or elapsed units ([h]).
_LITERALS_RE = re.compile(r'"[^"]*"|\\.|_.|\*.', re.S)
_BRACKET_RE = re.compile(r"\[([^\]]*)\]")
_ELAPSED_RE = re.compile(r"(?i)h+|m+|s+")


def _first_section(code: str) -> str:
    """The format's first section (sections are separated by ';' outside quotes)."""
    if ";" not in code:
        return code
    in_quotes = False
    escaped = False
    for i, ch in enumerate(code):
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == '"':
            in_quotes = not in_quotes
        elif ch == ";" and not in_quotes:
            return code[:i]
    return code


def classify(code: str | None) -> int:
    """NUMBER, DATE, DATETIME, TIME or DURATION for a format code."""
    if not code:
        return NUMBER
    section = _LITERALS_RE.sub("", _first_section(code))
    elapsed = False
    for m in _BRACKET_RE.finditer(section):
        if _ELAPSED_RE.fullmatch(m.group(1)):
            elapsed = True
    section = _BRACKET_RE.sub("", section).lower()
    if "general" in section:
        section = section.replace("general", "")
    if elapsed:
        return DURATION
    has_ampm = "am/pm" in section or "a/p" in section
    if has_ampm:
        section = section.replace("am/pm", "").replace("a/p", "")
    has_time = has_ampm or "h" in section or "s" in section
    has_date = "d" in section or "y" in section or ("m" in section and not has_time)
    if has_date and has_time:
        return DATETIME
    if has_date:
        return DATE
    if has_time:
        return TIME
    return NUMBER


def builtin_kind(fmt_id: int) -> int:
    return _BUILTIN_KINDS.get(fmt_id, NUMBER)


_EPOCH_1900 = dt.datetime(1899, 12, 30)
_EPOCH_1904 = dt.datetime(1904, 1, 1)
_MS_PER_DAY = 86_400_000


def from_serial(serial: float, kind: int, date1904: bool = False):
    """The Python value shown by a date/time format for ``serial``, or None when the serial
    is not a representable date (negative, beyond 9999-12-31, or before 1900-01-01).

    DATE with a whole serial -> ``date``; TIME with 0 <= serial < 1 -> ``time``;
    DURATION -> ``timedelta``; otherwise ``datetime``. Times are rounded to the millisecond
    (Excel's own precision). In the 1900 system serial 60, Lotus's 29 February 1900 that
    never existed, reads as 1900-02-28, as in python-calamine.
    """
    if serial != serial or serial in (float("inf"), float("-inf")):
        return None
    try:
        if kind == DURATION:
            return dt.timedelta(milliseconds=round(serial * _MS_PER_DAY))
        if serial < 0:
            return None
        ms = round(serial * _MS_PER_DAY)
        if kind == TIME and ms < _MS_PER_DAY:
            return (dt.datetime.min + dt.timedelta(milliseconds=ms)).time()
        if date1904:
            value = _EPOCH_1904 + dt.timedelta(milliseconds=ms)
        elif ms < _MS_PER_DAY:
            return None  # "00/01/1900": a date format showing no date
        elif ms < 60 * _MS_PER_DAY:
            value = _EPOCH_1900 + dt.timedelta(milliseconds=ms + _MS_PER_DAY)
        else:
            value = _EPOCH_1900 + dt.timedelta(milliseconds=ms)
    except (OverflowError, ValueError):
        return None
    if kind == DATE and ms % _MS_PER_DAY == 0:
        return value.date()
    return value
