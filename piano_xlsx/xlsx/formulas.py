"""Moving a formula to another cell, as Excel does for shared formulas.

A shared formula is written once, on its first cell; the other cells of the range hold
only ``<f t="shared" si="0"/>`` and mean "the master's formula, with its relative
references moved by my offset from the master". This is that move: relative row and
column parts shift, ``$``-anchored parts stay, text in quotes, quoted sheet names and
structured references ``Table[...]`` are left alone, and a reference pushed off the
sheet becomes ``#REF!`` as in Excel.
"""

from __future__ import annotations

import re

from .refs import MAX_COL, MAX_ROW, col_index, col_letter

_NOT_BEFORE = r"(?<![A-Za-z0-9_.\\$])"
_NOT_AFTER = r"(?![A-Za-z0-9_.(!\[])"

_TOKEN_RE = re.compile(
    r'"(?:[^"]|"")*"'  # string literal
    r"|'(?:[^']|'')*'"  # quoted sheet name
    r"|\[(?:[^\[\]]|\[[^\[\]]*\])*\]"  # structured reference or external book, one nesting level
    + r"|" + _NOT_BEFORE + r"(?P<c1>\$?)(?P<col>[A-Za-z]{1,3})(?P<r1>\$?)(?P<row>[0-9]{1,7})" + _NOT_AFTER
    + r"|" + _NOT_BEFORE + r"(?P<ca>\$?)(?P<cola>[A-Za-z]{1,3}):(?P<cb>\$?)(?P<colb>[A-Za-z]{1,3})" + _NOT_AFTER
    + r"|" + _NOT_BEFORE + r"(?P<ra>\$?)(?P<rowa>[0-9]{1,7}):(?P<rb>\$?)(?P<rowb>[0-9]{1,7})" + _NOT_AFTER
)

_REF_ERROR = "#REF!"


def _shift_col(anchor: str, letters: str, dcol: int) -> str | None:
    n = col_index(letters)
    if n > MAX_COL:
        return None  # not a column: leave the text as it is
    if not anchor:
        n += dcol
        if not 1 <= n <= MAX_COL:
            return _REF_ERROR
    return anchor + col_letter(n)


def _shift_row(anchor: str, digits: str, drow: int) -> str | None:
    n = int(digits)
    if not 1 <= n <= MAX_ROW:
        return None
    if not anchor:
        n += drow
        if not 1 <= n <= MAX_ROW:
            return _REF_ERROR
    return f"{anchor}{n}"


def shift_formula(formula: str, drow: int, dcol: int) -> str:
    """``formula`` (without "=") as it reads when copied ``drow`` rows down and ``dcol``
    columns right: shift_formula("A1*$B$2+B$3", 1, 1) == "B2*$B$2+C$3"."""
    if not drow and not dcol:
        return formula

    def move(m: re.Match) -> str:
        if m.group("col") is not None:
            col = _shift_col(m.group("c1"), m.group("col"), dcol)
            row = _shift_row(m.group("r1"), m.group("row"), drow)
            if col is None or row is None:
                return m.group(0)
            if _REF_ERROR in (col, row):
                return _REF_ERROR
            return col + row
        if m.group("cola") is not None:
            a = _shift_col(m.group("ca"), m.group("cola"), dcol)
            b = _shift_col(m.group("cb"), m.group("colb"), dcol)
        elif m.group("rowa") is not None:
            a = _shift_row(m.group("ra"), m.group("rowa"), drow)
            b = _shift_row(m.group("rb"), m.group("rowb"), drow)
        else:
            return m.group(0)  # quoted text, sheet name or structured reference
        if a is None or b is None:
            return m.group(0)
        if _REF_ERROR in (a, b):
            return _REF_ERROR
        return f"{a}:{b}"

    return _TOKEN_RE.sub(move, formula)
