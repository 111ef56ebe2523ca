"""Saved formula values that are not what the formula gives: marked stale, never read as data.

A formula cell's saved value is what the program that saved the file last computed. Two
ways it is not the formula's value, each found in a trial:
- the workbook asks for a recalculation on opening (calcPr fullCalcOnLoad, as XlsxWriter and
  openpyxl write it) and the saved value is 0 or '': XlsxWriter saves 0 as every formula's
  value, and 0 became the actual of every indicator computed by a formula;
- the file was saved without recalculating (LibreOffice trusting XlsxWriter's 0s, Excel with
  manual calculation): a constant ('=90%' saved as 0, read as a target of 0) or an arithmetic
  formula over cells ('=C4/D4' saved as 0 while C4 and D4 hold 193 and 300) disagrees with its
  saved value.
Only what can be computed without doubt is checked: numbers, cell references (of any sheet
read whole), SUM, AVERAGE, MIN, MAX, COUNT and COUNTA of cells and ranges, ROUND, ROUNDUP,
ROUNDDOWN and ABS, + - * / and a percent sign after a number or a reference (found in a trial:
'=ROUND(AVERAGE(Rilevazioni!B2:B3),3)' saved as 0 by XlsxWriter and kept by LibreOffice was read
as an actual of 0, '6 su 10', exit 0). A formula with another function, a name, text or a date,
or whose cells are unknown, keeps its saved value, as before.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace
from decimal import ROUND_DOWN, ROUND_HALF_UP, ROUND_UP, Decimal, InvalidOperation
from typing import Any

from . import arithmetic
from .cells import _col_number

# a formula that is only a number ('=90%', '=0.9', '=12'): its value is known without computing
_CONSTANT = re.compile(r"\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)\s*(%?)\s*")
# a cell reference, perhaps of another sheet ('Dati 2024'!$B$4, Dati!B4); not a part of a name
# or of a range, not a function ('LOG10(')
_REF = re.compile(r"(?<![\w.$'!\]])(?:'((?:[^']|'')+)'!|([A-Za-z_][\w.]*)!)?\$?([A-Za-z]{1,3})\$?([0-9]{1,7})(?![\w(!:.\[])")
# SUM of cells and ranges ('SUM(C4:C10)', 'SUM(B2,'Dati'!B2:B9)'): the most common function in a plan, and
# the others over ranges that a sheet of measures uses
_AGGREGATE = re.compile(r"(?<![\w.])(SUM|AVERAGE|MIN|MAX|COUNT|COUNTA)\(([^()]*)\)", re.IGNORECASE)
# what is left once ranges and references are values: a call of a function of numbers, or brackets
_SCALAR_CALL = re.compile(r"(?<![\w.])(ROUND|ROUNDUP|ROUNDDOWN|ABS)?\(([^()]*)\)", re.IGNORECASE)
_SCALAR = {"ROUND": ROUND_HALF_UP, "ROUNDUP": ROUND_UP, "ROUNDDOWN": ROUND_DOWN}
_KNOWN_CALLS = {"SUM", "AVERAGE", "MIN", "MAX", "COUNT", "COUNTA", "ROUND", "ROUNDUP", "ROUNDDOWN", "ABS"}
_AREA = re.compile(r"(?:'((?:[^']|'')+)'!|([A-Za-z_][\w.]*)!)?\$?([A-Za-z]{1,3})\$?([0-9]{1,7})"
                   r"(?::\$?([A-Za-z]{1,3})\$?([0-9]{1,7}))?")
_CALL = re.compile(r"([A-Za-z_][\w.]*)\(")
_MAX_AREA = 20_000  # cells of one summed range (a whole column is not checked)
_MAX_CELLS_WALKED = 400_000  # cells all the summed ranges of a workbook may walk (running totals are quadratic)
_PERCENT = re.compile(r"(\d+(?:\.\d+)?|_\d+)%")
# another function call, a range, a comparison, a concatenation, a power, a text: not checked
_NOT_ARITHMETIC = re.compile(r'[:;<>=&^"{}#\[]')
_ARITHMETIC_ONLY = re.compile(r"[\d.+\-*/() _,]*")

RECALC_ON_OPENING = ("il file chiede di ricalcolare le formule all'apertura, come fanno XlsxWriter e openpyxl, "
                     "e il valore 0 salvato con la formula è stato scritto da un programma, non calcolato")
_UNKNOWN = object()  # a value the check cannot know
_STALE = object()  # a cell whose saved value is not to be trusted
_IGNORED = object()  # text in a summed range: SUM leaves it out
_MAX_DEPTH = 60


def _shown(x: float) -> str:
    return f"{x:.10g}".replace(".", ",")


def _disagrees(saved: float, computed: float) -> str:
    return (f"il valore salvato con il file ({_shown(saved)}) non è quello che la formula dà con i valori "
            f"delle sue celle ({_shown(computed)}): il file è stato salvato senza ricalcolare le formule "
            "(LibreOffice che si fida dei valori scritti da un programma, o Excel con il calcolo manuale)")


class _Checker:
    def __init__(self, sheets):
        self.by_name = {s.name: s for s in sheets}
        self.state: dict[tuple[str, int, int], object] = {}  # cell -> its value, _UNKNOWN or _STALE
        self.marked: dict[tuple[str, int, int], str] = {}  # cell -> why its saved value is not read
        # a 0 saved in a workbook that asks for a recalculation: stale, unless the formula gives 0 (found in
        # review: '=E2-F2' truly 0 made '=G2+1' stale too)
        self.suspect: set[tuple[str, int, int]] = set()
        self.sums: dict[tuple[str, tuple[int, int, int, int]], object] = {}  # a summed range -> (total, scale)
        self.budget = _MAX_CELLS_WALKED  # cells a whole check may walk in summed ranges (review: quadratic)
        # the cells being checked, innermost last: a reference back to one of them is a circular one, and
        # every cell of the circle keeps its saved value (iterative calculation converges: found in review)
        self.stack: list[tuple[str, int, int]] = []
        self.on_stack: dict[tuple[str, int, int], int] = {}
        self.circular: set[tuple[str, int, int]] = set()

    def value(self, sheet, key: tuple[int, int], depth: int, summed: bool = False) -> object:
        """The value a reference to ``key`` gives, checked: a number, _UNKNOWN or _STALE
        (or _IGNORED: text in a summed range)."""
        cell = sheet.cells.get(key)
        if cell is None:
            return _UNKNOWN if sheet.region_left_out or not sheet.cells_read else 0.0
        if cell.formula is not None:
            result = self.check(sheet, key, cell, depth + 1)
            if result is _UNKNOWN and summed and not cell.stale:
                return _number(cell, summed)  # a formula giving text, in a sum
            return result
        return _number(cell, summed)

    def check(self, sheet, key, cell, depth: int = 0) -> object:
        where = (sheet.name, key[0], key[1])
        if where in self.on_stack:
            self.circular.update(self.stack[self.on_stack[where]:])
            return _UNKNOWN
        known = self.state.get(where)
        if known is not None:
            return known
        if cell.stale:
            self.state[where] = _STALE
            return _STALE
        if cell.error is not None or not cell.cached:
            self.state[where] = _UNKNOWN
            return _UNKNOWN
        saved = _number(cell)
        if depth > _MAX_DEPTH:
            return _UNKNOWN  # not remembered: checked again from nearer
        self.state[where] = _UNKNOWN
        self.on_stack[where] = len(self.stack)
        self.stack.append(where)
        try:
            computed = self.compute(sheet, cell.formula, depth)
        finally:
            self.stack.pop()
            del self.on_stack[where]
        result: object
        if where in self.circular:
            # a circular formula: what the iterations reached is not recomputed here; a 0 written by a program
            # that asks for a recalculation is not what they reached
            if where in self.suspect:
                self.marked[where] = RECALC_ON_OPENING
                self.state[where] = _STALE
                return _STALE
            self.state[where] = saved
            return saved
        if where in self.suspect:
            if isinstance(computed, tuple) and math.isclose(computed[0], 0.0, abs_tol=1e-12 * max(1.0, computed[1])):
                result = saved  # the 0 is what the formula gives
            elif isinstance(computed, tuple):
                self.marked[where] = _disagrees(0.0, computed[0])
                result = _STALE
            else:
                self.marked[where] = RECALC_ON_OPENING
                result = _STALE
            self.state[where] = result
            return result
        if computed is _STALE and saved is not _UNKNOWN:
            self.marked[where] = ("la formula usa celle il cui valore salvato non è calcolato: neanche il suo "
                                  "lo è (il file è stato salvato senza ricalcolare le formule)")
            result = _STALE
        elif computed is _UNKNOWN or computed is _STALE or saved is _UNKNOWN:
            result = saved if computed is not _STALE else _UNKNOWN
        else:
            assert isinstance(saved, float) and isinstance(computed, tuple)
            value, scale = computed
            if math.isclose(saved, value, rel_tol=1e-9, abs_tol=1e-12 * max(1.0, scale)):
                result = saved
            else:
                self.marked[where] = _disagrees(saved, value)
                result = _STALE
        self.state[where] = result
        return result

    def compute(self, sheet, text: str, depth: int) -> object:
        """(value, scale) of a formula the check knows (arithmetic, the functions above), or _UNKNOWN,
        or _STALE (a stale cell in it)."""
        m = _CONSTANT.fullmatch(text)
        if m is not None:
            try:
                number = float(m.group(1)) / (100 if m.group(2) else 1)
            except (ValueError, OverflowError):
                return _UNKNOWN
            return (number, abs(number))
        for call in _CALL.finditer(text):
            if call.group(1).upper() not in _KNOWN_CALLS:
                return _UNKNOWN  # another function (IF, VLOOKUP...), at once
        # the values the formula names, by placeholder: a cell, a range's SUM, a function of ranges
        refs: list[tuple[str, Any]] = []

        def target_of(quoted: str | None, plain: str | None):
            name = quoted.replace("''", "'") if quoted is not None else plain
            return sheet if name is None else self.by_name.get(name)

        def one_ref(match: re.Match) -> str:
            quoted, plain, letters, digits = match.groups()
            row, col = int(digits), _col_number(letters.upper())
            refs.append(("sum", (target_of(quoted, plain), (row, col, row, col))))
            return f"_{len(refs) - 1}"

        def an_aggregate(match: re.Match) -> str:
            name = match.group(1).upper()
            areas = []
            for arg in match.group(2).split(","):
                area = _AREA.fullmatch(arg.strip())
                if area is None:
                    return "#"  # not a function of ranges: the formula is not checked
                quoted, plain, l1, d1, l2, d2 = area.groups()
                r1, c1 = int(d1), _col_number(l1.upper())
                r2, c2 = (int(d2), _col_number(l2.upper())) if l2 else (r1, c1)
                areas.append((target_of(quoted, plain), (min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2))))
            if name == "SUM":  # each range's total, remembered (running totals: _area_total)
                first = len(refs)
                refs.extend(("sum", area) for area in areas)
                return "(" + "+".join(f"_{i}" for i in range(first, len(refs))) + ")"
            refs.append((name, areas))
            return f"_{len(refs) - 1}"

        body = _AGGREGATE.sub(an_aggregate, text) if "(" in text else text
        if _NOT_ARITHMETIC.search(body):
            return _UNKNOWN  # a range, a comparison, text...
        body = _PERCENT.sub(r"(\1/100)", _REF.sub(one_ref, body))
        if not _ARITHMETIC_ONLY.fullmatch(re.sub(r"(?i)\b(?:ROUNDUP|ROUNDDOWN|ROUND|ABS)\(", "(", body)):
            return _UNKNOWN  # a name, text...
        env: dict[str, float] = {}
        scale = 0.0
        stale = False
        for i, (kind, payload) in enumerate(refs):
            value = self._aggregate(kind, payload, depth)
            if value is _STALE:
                stale = True
                continue
            if not isinstance(value, tuple):
                return _UNKNOWN
            env[f"_{i}"] = value[0]
            scale = max(scale, value[1])
        if stale:
            return _STALE
        try:
            result = _evaluate(body, env)
        except (arithmetic.FormulaError, ValueError, OverflowError, RecursionError, ArithmeticError):
            return _UNKNOWN  # a division by zero among them: Excel shows an error, not checked here
        if result is None:
            return _UNKNOWN
        return (result, max(scale, abs(result)))

    def _aggregate(self, kind: str, payload: Any, depth: int) -> object:
        """(value, scale) of one placeholder of compute: a cell or a range's SUM ('sum'), or a function
        of ranges; _STALE or _UNKNOWN."""
        if kind == "sum":
            target, area = payload
            if not _checkable(target, area):
                return _UNKNOWN
            r1, c1, r2, c2 = area
            if (r1, c1) != (r2, c2):
                return _area_total(self, target, area, depth)
            value = self.value(target, (r1, c1), depth)
            return (value, abs(value)) if isinstance(value, float) else value
        numbers: list[float] = []
        filled = 0
        for target, area in payload:
            if not _checkable(target, area):
                return _UNKNOWN
            got = _area_cells(self, target, area, depth, values=kind != "COUNTA")
            if not isinstance(got, tuple):
                return got
            numbers.extend(got[0])
            filled += got[1]
        scale = max((abs(x) for x in numbers), default=0.0)
        if kind == "COUNTA":
            return (float(filled), float(filled))
        if kind == "COUNT":
            return (float(len(numbers)), float(len(numbers)))
        if kind == "AVERAGE":
            return (math.fsum(numbers) / len(numbers), scale) if numbers else _UNKNOWN  # (#DIV/0!)
        return ((min(numbers) if kind == "MIN" else max(numbers)) if numbers else 0.0, scale)


def _checkable(target, area: tuple[int, int, int, int]) -> bool:
    r1, c1, r2, c2 = area
    return (target is not None and target.kind == "worksheet" and 1 <= r1 and r2 <= 1048576 and 1 <= c1
            and c2 <= 16384 and (r2 - r1 + 1) * (c2 - c1 + 1) <= _MAX_AREA)


def _evaluate(body: str, env: dict[str, float]) -> float | None:
    """The value of a formula whose cells and ranges are values already: its functions of numbers and
    brackets, innermost first, then the arithmetic (one grammar: xlsx/arithmetic.py). None: not known."""
    while True:
        call = _SCALAR_CALL.search(body)
        if call is None:
            return arithmetic.evaluate(arithmetic.parse(body), env)
        name = (call.group(1) or "").upper()
        args = [arithmetic.evaluate(arithmetic.parse(a), env) for a in call.group(2).split(",")]
        if name == "" or name == "ABS":
            if len(args) != 1:
                return None
            value = abs(args[0]) if name == "ABS" else args[0]
        else:
            if len(args) != 2:
                return None
            value = _excel_round(args[0], int(args[1]), _SCALAR[name])
        key = f"_v{len(env)}"
        env[key] = value
        body = body[:call.start()] + key + body[call.end():]


def _excel_round(x: float, digits: int, mode: str) -> float:
    """ROUND, ROUNDUP, ROUNDDOWN as Excel gives them: on the number's 15 significant digits, halves away
    from zero."""
    try:
        return float(arithmetic.excel_decimal(x).quantize(Decimal(1).scaleb(-digits), rounding=mode))
    except InvalidOperation:
        raise ValueError("arrotondamento non calcolabile") from None


def _area_cells(checker: "_Checker", sheet, area: tuple[int, int, int, int], depth: int, values: bool) -> object:
    """(the numbers, how many cells are not empty) of a range, as AVERAGE, MIN, MAX, COUNT and COUNTA
    read it (text left out of the numbers, TRUE unknown: LibreOffice counts it); _STALE or _UNKNOWN;
    within the budget of cells walked."""
    if sheet.region_left_out or not sheet.cells_read:
        return _UNKNOWN
    r1, c1, r2, c2 = area
    size = (r2 - r1 + 1) * (c2 - c1 + 1)
    if size > checker.budget:
        return _UNKNOWN
    checker.budget -= size
    numbers: list[float] = []
    filled = 0
    stale = False
    for r in range(r1, r2 + 1):
        for c in range(c1, c2 + 1):
            cell = sheet.cells.get((r, c))
            if cell is None or (cell.value is None and cell.formula is None and not cell.stale):
                continue
            filled += 1
            if not values:
                continue
            value = checker.value(sheet, (r, c), depth, True)
            if value is _STALE:
                stale = True
            elif value is _IGNORED:
                continue
            elif isinstance(value, float):
                numbers.append(value)
            else:
                return _UNKNOWN
    return _STALE if stale else (numbers, filled)


def _area_total(checker: "_Checker", sheet, area: tuple[int, int, int, int], depth: int) -> object:
    """(total, scale) of SUM over a range, _STALE or _UNKNOWN; each range once, within the budget."""
    key = (sheet.name, area)
    known = checker.sums.get(key)
    if known is not None:
        return known
    r1, c1, r2, c2 = area
    start, total, scale, result = r1, 0.0, 0.0, None
    shorter = checker.sums.get((sheet.name, (r1, c1, r2 - 1, c2))) if r2 > r1 else None
    if isinstance(shorter, tuple):
        # a running total ('SUM($B$2:B10)' after 'SUM($B$2:B9)'): one more row (found in review: the budget
        # ran out on them, and a stale value further on was read)
        start, total, scale = r2, shorter[0], shorter[1]
    elif shorter is not None:
        checker.sums[key] = shorter
        return shorter
    size = (r2 - start + 1) * (c2 - c1 + 1)
    if size > checker.budget:
        return _UNKNOWN  # not remembered: the budget is spent
    checker.budget -= size
    for r in range(start, r2 + 1):
        for c in range(c1, c2 + 1):
            value = checker.value(sheet, (r, c), depth, True)
            if value is _STALE:
                result = _STALE
            elif value is _IGNORED:
                continue
            elif not isinstance(value, float):
                checker.sums[key] = _UNKNOWN
                return _UNKNOWN
            else:
                total += value
                scale = max(scale, abs(value))
    out: object = result if result is not None else (total, max(scale, abs(total)))
    checker.sums[key] = out
    return out


def _number(cell, summed: bool = False) -> object:
    """A cell's number; text in a summed range is left out (_IGNORED), as Excel and LibreOffice do
    (TRUE there is not: Excel leaves it out, LibreOffice counts it, so it is unknown)."""
    value = cell.value
    if summed and cell.error is None and not cell.is_date and isinstance(value, str):
        return _IGNORED
    if cell.is_date or isinstance(value, bool) or not isinstance(value, (int, float)):
        return _UNKNOWN
    return float(value)


def mark_stale_formulas(sheets, *, full_calc_on_load: bool, arithmetic: bool = True) -> None:
    """Replace each formula cell whose saved value is not to be trusted by one with no value
    (``stale`` says why, in Italian). ``arithmetic`` False (Excel's 'precision as displayed', which
    rounds on purpose) checks only constant formulas and the 0s of a workbook that asks for a
    recalculation."""
    checker = _Checker(sheets)
    saved = [(sheet, key, cell) for sheet in sheets for key, cell in sheet.cells.items()
             if cell.formula is not None and cell.cached and cell.error is None]
    if full_calc_on_load:
        for sheet, key, cell in saved:
            if cell.value == "":
                checker.marked[(sheet.name, key[0], key[1])] = RECALC_ON_OPENING
                checker.state[(sheet.name, key[0], key[1])] = _STALE
            elif cell.value == 0 and cell.value is not False:
                checker.suspect.add((sheet.name, key[0], key[1]))
    for sheet, key, cell in saved:
        if arithmetic or _CONSTANT.fullmatch(cell.formula) or (sheet.name, key[0], key[1]) in checker.suspect:
            checker.check(sheet, key, cell)
    for (name, row, col), why in checker.marked.items():
        sheet = checker.by_name[name]
        cell = sheet.cells[(row, col)]
        sheet.cells[(row, col)] = replace(cell, value=None, cached=False, stale=why, is_date=False)


__all__ = ["mark_stale_formulas", "RECALC_ON_OPENING"]
