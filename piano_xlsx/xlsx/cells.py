"""Cells as the reader builds them: the Cell type and the conversion of a cell's XML text to its
value (numbers, dates, shared strings, errors), shared by the expat path (reader.py) and the fast
path (fastscan.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from . import numfmt, rx
from .formulas import shift_formula
from .package import malformed_xml
from .refs import col_index

MAIN_NS = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",  # ISO 29500 "Strict" files
)


@dataclass(frozen=True)
class Cell:
    """One non-empty cell. ``value`` is what Excel last computed and saved (the cached
    value): str, int, float, bool, datetime.date / datetime.datetime (date formats),
    datetime.time (time-only formats, serial below 1), datetime.timedelta (elapsed-time
    formats such as [h]:mm), or None (an error, or a formula never calculated).

    Numbers are int when the XML text has no '.', 'E' or 'e', else float. Text stays text
    even when it looks like a number.
    """

    value: object
    formula: str | None = None  # formula text without the leading '=', or None
    cached: bool = True  # False when a formula cell has no cached value
    error: str | None = None  # Excel error text like '#DIV/0!' (value is None then)
    number_format: str | None = None  # format code, e.g. '0.00%', 'dd/mm/yyyy'; None for General
    is_date: bool = False  # value was converted from a serial or ISO date
    # why the saved value of a formula is not to be trusted (Italian, see stale.py): a 0 written by
    # a program that asked for a recalculation on opening, or a value the formula does not give
    stale: str | None = None


# Fast construction: Cell is a plain (non-slots) frozen dataclass whose defaults are class
# attributes, so the reader sets only the attributes that differ from the defaults.
# Equality, hashing, repr, replace() and pickling all go through attribute access and see
# the same values as Cell(...) would give. This halves the cost of building 500,000 cells.
_new_object = object.__new__
_set = object.__setattr__


_ESCAPE_RE = rx.compile(r"_x([0-9A-Fa-f]{4})_")


def _unescape(text: str) -> str:
    """Decode OOXML's "_xHHHH_" escapes (Excel writes a carriage return as _x000D_)."""
    if "_x" not in text:
        return text
    return _ESCAPE_RE.sub(lambda m: chr(int(m.group(1), 16)), text)


_COL_CACHE: dict[str, int] = {}


def _col_number(letters: str) -> int:
    n = _COL_CACHE.get(letters)
    if n is None:
        n = col_index(letters)
        if len(_COL_CACHE) < 20_000:
            _COL_CACHE[letters] = n
    return n
_DIGITS = "0123456789"
_NOT_A_DATE = object()


def _finite(value: float) -> float:
    """A float that is a number: 'nan', 'inf' or '1e400' in a cell is not one (ValueError)."""
    if value - value != 0:  # nan and the infinities
        raise ValueError("not a finite number")
    return value


def _number(text: str):
    """int if the text has no '.', 'E' or 'e' (and is an integer), else float; None if
    the text is not a number at all (nan, inf and overflowing exponents included)."""
    try:
        if "." in text or "E" in text or "e" in text:
            return _finite(float(text))
        return int(text)
    except ValueError:
        try:
            return _finite(float(text))
        except ValueError:
            return None


def _iso_value(text: str, kind: int):
    """A ``t="d"`` cell's ISO 8601 text as date/datetime/time, or None if unparseable."""
    text = text.strip()
    try:
        if "T" in text or " " in text:
            value = dt.datetime.fromisoformat(text.replace("Z", "+00:00")).replace(tzinfo=None)
            if kind == numfmt.DATE and value.time() == dt.time(0):
                return value.date()
            return value
        if ":" in text:
            return dt.time.fromisoformat(text)
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _cell_finisher(sst: list[str], styles: dict, date1904: bool, path, part: str, date_cache: dict):
    """The function that turns one <c> element into a Cell, or None for an empty (perhaps
    formatted) cell. Both ways of reading a worksheet use it, so they agree by construction.

    Its arguments are what expat reports for the element, already decoded: the row and
    column, the ``r``, ``t``, ``s`` and ``vm`` attributes (or None), the text of <v> and
    <f> (or None), the attributes of <f> (or None) and the text runs of <is> (or None).
    Shared formulas are remembered from call to call: one finisher per worksheet, called in
    document order. ``finish`` runs once per cell, so every kind of value is decoded inline
    in it (over 80 lines on purpose: a helper call per cell would cost more than the decoding)."""
    shared_masters: dict[str, tuple[int, int, str]] = {}
    default_style = styles[None]
    from_serial = numfmt.from_serial
    NUMBER = numfmt.NUMBER
    Cell_ = Cell
    new = _new_object
    setattr_ = _set

    def finish(r, c, ref, ctype, style, rich, v_text, f_attrs, f_text, inline):
        fmt, kind = styles.get(style, default_style)

        # -- its cached value
        value = None
        error = None
        is_date = False
        if ctype is None or ctype == "n":
            if v_text:
                try:
                    if v_text.isdigit():
                        value = int(v_text)
                    elif "." in v_text or "E" in v_text or "e" in v_text:
                        value = _finite(float(v_text))
                    else:
                        value = int(v_text)
                except ValueError:
                    value = _number(v_text)
                    if value is None:
                        value = v_text  # not a number ('nan', '1e400'): kept as the text it is
                if kind != NUMBER and value.__class__ is not str:
                    cache = date_cache[kind]
                    converted = cache.get(value)
                    if converted is None:
                        converted = from_serial(value, kind, date1904)
                        if len(cache) < 100_000:
                            cache[value] = converted if converted is not None else _NOT_A_DATE
                    if converted is not None and converted is not _NOT_A_DATE:
                        value = converted
                        is_date = True
        elif ctype == "s":
            if v_text:
                try:
                    value = sst[int(v_text)]
                except (ValueError, IndexError):
                    raise malformed_xml(
                        path, part,
                        f"la cella {ref} rimanda al testo condiviso n. {v_text}, ma ce ne sono {len(sst)}",
                    ) from None
        elif ctype == "str":
            if v_text is not None:
                value = _unescape(v_text)
        elif ctype == "inlineStr":
            if inline is not None:
                value = _unescape("".join(inline))
            elif v_text is not None:
                value = _unescape(v_text)
        elif ctype == "b":
            if v_text:
                value = v_text.strip() in ("1", "true")
        elif ctype == "e":
            # with "vm" the cell holds a rich value (a picture in the cell, a linked data
            # type) and "#VALUE!" is only the fallback for old readers: not an error
            if v_text and rich is None:
                error = v_text
        elif ctype == "d":
            if v_text:
                value = _iso_value(v_text, kind)
                if value is None:
                    value = v_text
                else:
                    is_date = True
        elif v_text is not None:
            value = v_text  # unknown type: keep the text

        # -- its formula
        formula = None
        cached = True
        if f_attrs is not None:
            ftype = f_attrs.get("t")
            text = f_text or ""
            if ftype == "shared":
                si = f_attrs.get("si", "")
                if text:
                    shared_masters[si] = (r, c, text)
                else:
                    master = shared_masters.get(si)
                    if master is not None:
                        text = shift_formula(master[2], r - master[0], c - master[1])
            elif ftype == "dataTable":
                args = [f_attrs.get("r1", "")]
                if f_attrs.get("r2"):
                    args.append(f_attrs["r2"])
                text = f"TABLE({','.join(args)})"
            if text.startswith("="):
                text = text[1:]
            formula = text
            if value is None and error is None and rich is None and not (ctype == "str" and v_text is not None):
                cached = False
        elif value is None and error is None:
            return None  # empty (perhaps formatted) cell: not stored

        cell = new(Cell_)
        setattr_(cell, "value", value)
        if fmt is not None:
            setattr_(cell, "number_format", fmt)
        if formula is not None:
            setattr_(cell, "formula", formula)
            if not cached:
                setattr_(cell, "cached", False)
        if error is not None:
            setattr_(cell, "error", error)
        if is_date:
            setattr_(cell, "is_date", True)
        return cell

    return finish


def _new_date_cache() -> dict[int, dict]:
    # plans repeat the same few dates: convert each serial once per format kind
    return {kind: {} for kind in (numfmt.DATE, numfmt.DATETIME, numfmt.TIME, numfmt.DURATION)}
