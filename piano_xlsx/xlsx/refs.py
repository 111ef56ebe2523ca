"""A1-style cell references: column letters, cell addresses and ranges (all 1-based)."""

from __future__ import annotations

import re
from functools import lru_cache

MAX_ROW = 1_048_576
MAX_COL = 16_384  # column XFD

_A1_RE = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})")


@lru_cache(maxsize=None)
def col_letter(n: int) -> str:
    """1 -> "A", 26 -> "Z", 27 -> "AA", 16384 -> "XFD"."""
    if not isinstance(n, int) or n < 1:
        raise ValueError(f"column number must be a positive integer, got {n!r}")
    letters = []
    while n:
        n, rem = divmod(n - 1, 26)
        letters.append(chr(65 + rem))
    return "".join(reversed(letters))


@lru_cache(maxsize=4096)
def col_index(letters: str) -> int:
    """"A" -> 1, "AB" -> 28 (case-insensitive; a leading "$" is allowed)."""
    text = letters.lstrip("$").upper()
    if not text or not text.isascii() or not text.isalpha():
        raise ValueError(f"not a column name: {letters!r}")
    n = 0
    for ch in text:
        n = n * 26 + (ord(ch) - 64)
    return n


def a1(row: int, col: int) -> str:
    """(12, 2) -> "B12"."""
    if not isinstance(row, int) or row < 1:
        raise ValueError(f"row number must be a positive integer, got {row!r}")
    return f"{col_letter(col)}{row}"


def parse_a1(ref: str) -> tuple[int, int]:
    """"B12" -> (12, 2); "$B$12" is accepted too."""
    m = _A1_RE.fullmatch(ref.strip())
    if not m or int(m.group(2)) < 1:
        raise ValueError(f"not a cell reference: {ref!r}")
    return int(m.group(2)), col_index(m.group(1))


def parse_range(ref: str) -> tuple[int, int, int, int]:
    """"A5:C9" -> (5, 1, 9, 3); a single cell "A5" -> (5, 1, 5, 1). Corners are normalised."""
    first, sep, last = ref.strip().partition(":")
    r1, c1 = parse_a1(first)
    r2, c2 = parse_a1(last) if sep else (r1, c1)
    return min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)


def range_a1(r1: int, c1: int, r2: int, c2: int) -> str:
    """(5, 1, 9, 1) -> "A5:A9"; a single cell gives "A5"."""
    start = a1(r1, c1)
    if (r1, c1) == (r2, c2):
        return start
    return f"{start}:{a1(r2, c2)}"
