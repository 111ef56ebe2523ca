"""Small text helpers shared by the readers: normalisation of headers and labels."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower-case, strip accents, collapse spaces and line breaks: for matching labels."""
    return _fold(str(text))


@lru_cache(maxsize=16384)
def _fold(text: str) -> str:
    # the same labels (series kinds, yes/no answers, objective texts) come back row after row
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
        text = text.replace("\u00a0", " ").replace("’", "'")
    return _SPACES.sub(" ", text).strip().lower()


def cell_text(value: object) -> str:
    """A cell's value as clean text: '' for an empty cell, 12.0 as '12'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean(str(value))


def clean(text: str) -> str:
    """Strip surrounding spaces and non-breaking spaces, keep inner line breaks."""
    return str(text).replace("\u00a0", " ").strip()


def _shown(value: float, decimals: int) -> float:
    """The number a spreadsheet shows with `decimals` decimals: 94,9999999 is 95 (found in a trial),
    and a half goes away from zero on the number's 15 digits, as scoring.rounded decides a status
    (found in a trial: 13999/20000 printed '69,99%' beside 'parzialmente raggiunto', Excel shows 70,00%)."""
    near = abs(value) * 10 ** decimals % 1.0 - 0.5
    if not -2e-6 < near < 2e-6:  # not near a half (nor inf, nan): the usual case, quicker
        return round(value, decimals)
    from decimal import ROUND_HALF_UP, Decimal

    from ..xlsx.arithmetic import excel_decimal
    return float(excel_decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def pct(value: float | None, decimals: int = 2) -> str:
    """Italian percentage with fixed decimals: 106.25 -> '106,25%'; whole numbers without: 80 -> '80%'."""
    if value is None:
        return "-"
    number = _shown(float(value), decimals)
    if -999 < number < 999:  # no thousands separator, even after rounding: the usual case, quicker
        if number.is_integer():
            return f"{int(number)}%"
        return f"{number:.{decimals}f}%".replace(".", ",")
    if number.is_integer():
        return f"{fmt(number)}%"
    return f"{_italian(f'{number:,.{decimals}f}')}%"


def fmt(value: float | str | dt.date | None, decimals: int | None = None) -> str:
    """Italian number: thousands dot, decimal comma. Without `decimals`, as few as needed
    (at most 6): 12.5 -> '12,5', 2355 -> '2.355', 0.629 -> '0,629'."""
    if isinstance(value, bool):
        return "SI" if value else "NO"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.strftime("%d/%m/%Y")
    if value is None:
        return "-"
    number = float(value)
    if decimals is None:
        text = f"{number:,.6f}".rstrip("0").rstrip(".")
    else:
        text = f"{number:,.{decimals}f}"
    if text in ("-0", ""):
        text = "0"
    return _italian(text)


def _italian(text: str) -> str:
    return text.replace(",", "_").replace(".", ",").replace("_", ".")
