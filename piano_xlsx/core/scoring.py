"""The scoring rules shared by the computation, the history and the written formulas: a grado as
it is shown, the status of a grado, the parts that keep a parent 'in corso'.

The workbook's formulas (write/writeback.py, _Formulas) render these same rules; the differential
oracle test (tests/test_oracle.py) checks that LibreOffice's recalculation agrees with them.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import MAX_EMAX, MIN_EMIN, ROUND_HALF_UP, Context, Decimal
from functools import lru_cache
from typing import TypeVar

from ..xlsx.arithmetic import excel_decimal
from .settings import Profile
from .vocabulary import Status

RAGGIUNTO, PARZIALE, NON_RAGGIUNTO, IN_CORSO = Status.RAGGIUNTO, Status.PARZIALE, Status.NON_RAGGIUNTO, Status.IN_CORSO

_WIDE = Context(prec=400, Emax=MAX_EMAX, Emin=MIN_EMIN)


def rounded(value: float, decimals: int) -> Decimal:
    """The value as displayed: decimal half-up rounding, so 69.995 shown as 70,00 counts as 70; on
    the number's 15 significant digits as the written ROUND formulas take it (found in a trial:
    13999/20000 is 69.99499999999999 in a float, 'non raggiunto' in the run and 'parzialmente
    raggiunto' in the workbook recalculated)."""
    return excel_decimal(float(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP,
                                                context=_WIDE)


def shown_formula(expr: str, decimals: int) -> str:
    """rounded() as an Excel expression: ROUND to the shown decimals. LibreOffice's ROUND(x;0) does
    not read the number on its 15 digits (99.49999999999999 gives 99, rounded() 100; with 1 to 4
    decimals it does): to none, the value goes through 13 decimals first (found in a trial: 99,5%
    'raggiunto' in the run, 'parzialmente raggiunto' in the workbook recalculated)."""
    return f"ROUND({expr},{decimals})" if decimals else f"ROUND(ROUND({expr},13),0)"


def threshold(value: float) -> Decimal:
    """A threshold (a status's, an individual band's minimum) as the office wrote it, not rounded to
    the shown decimals: '90,01%' with none shown means above 90, and the written formulas compare
    with it as written (found in a trial: 90% was 'raggiunto' in the run, not in the workbook)."""
    return excel_decimal(float(value))


def status_of(grado: float, profile: Profile, due: bool = True, lasting: bool = True) -> str:
    """The status of a grado at the displayed precision. Before its target is due (`due` False:
    during the year, for a target of the whole year or of a later deadline) the result is 'in
    corso', whatever its grado so far, unless it has reached a target that cannot be lost any more
    (`lasting`: a deadline met, a milestone done, a count growing towards a minimum): then it is
    'raggiunto'. A level or a maximum reached in June can still be lost by December (found in
    review: complaints 15 against last year's 24 were 'raggiunto' in May, 36 in December). The
    written status formulas are this rule (writeback._Formulas.status)."""
    if not due and not lasting:
        return IN_CORSO
    shown = rounded(grado, profile.decimals)
    achieved, partial = _thresholds(profile.threshold_achieved, profile.threshold_partial)
    if shown > achieved or (shown == achieved and not profile.achieved_strict):
        return RAGGIUNTO
    if not due:
        return IN_CORSO
    if shown > partial or (shown == partial and not profile.partial_strict):
        return PARZIALE
    return NON_RAGGIUNTO


def threshold_ops(strict: bool) -> tuple[str, str]:
    """The comparisons of a written formula with a threshold: (reached, below) — '>=' and '<', or '>'
    and '<=' for a threshold to exceed (status_of's rule)."""
    return (">", "<=") if strict else (">=", "<")


@lru_cache(maxsize=32)
def _thresholds(achieved: float, partial: float) -> tuple[Decimal, Decimal]:
    return threshold(achieved), threshold(partial)


_Part = TypeVar("_Part")


def weighing(parts: Sequence[_Part], weights: Sequence[float | None]) -> list[_Part]:
    """The parts that count for a parent's 'in corso': those weighing something, or all of them
    when none does (the mean then weighs them equally). Used by the roll-up and by the written
    status formulas."""
    return [c for c, w in zip(parts, weights) if w != 0] or list(parts)


def objective_weights(weights: Sequence[float | None], valued: Sequence[bool]) -> list[float | None]:
    """The weights of objectives in a mean of objectives (the body's, a line's): their 'Peso
    obiettivo' when every valued objective has one and they weigh something, else none (they weigh
    the same). One rule for the body and the lines (found in a trial: a line averaged plainly two
    objectives weighing 20 and 10, while the body weighed them)."""
    known = [w for w, v in zip(weights, valued) if v]
    if known and all(w is not None for w in known) and sum(w for w in known if w is not None) > 0:
        return list(weights)
    return [None] * len(weights)


__all__ = ["objective_weights", "rounded", "shown_formula", "status_of", "threshold", "threshold_ops", "weighing"]
