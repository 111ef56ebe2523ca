"""What a result's cells refer to, resolved against the rest of the plan: the measure of the
'Dati mensili' sheet a target or a formula names, the expression of its 'Algoritmo di calcolo', the
prior year's value a baseline target compares with.

The computation uses these to score, the checks to report what does not resolve; neither owns them.
"""

from __future__ import annotations

import re

from .findings import error
from .formula import FormulaError, names, parse
from .model import Plan, Result
from .text import fold
from .values import read_actual


def _measure_key(text: str) -> str:
    """'Numero procedimenti di cancellazione avviati (start up)' -> 'procedimenti di cancellazione avviati'."""
    key = fold(text).replace("_", " ")
    key = re.sub(r"\([^)]*\)", " ", key)
    key = re.sub(r"^(?:il |la |i |le |gli )?(?:numero|num\.|n\.)\s*(?:di |dei |delle |degli )?", "", key.strip())
    return re.sub(r"\s+", " ", key).strip()


def find_series(plan: Plan, text: str):
    """The series a reference names: by code, or by its description, ignoring case, accents,
    a leading 'numero' and remarks in brackets; a unique prefix match is accepted too."""
    if text in plan.series:
        return plan.series[text]
    wanted = _measure_key(text)
    if not wanted:
        return None
    keys = {code: (_measure_key(code), _measure_key(series.description)) for code, series in plan.series.items()}
    exact = [plan.series[c] for c, ks in keys.items() if wanted in ks]
    if exact:
        return exact[0]
    close = [plan.series[c] for c, ks in keys.items()
             if any(k and (k.startswith(wanted) or wanted.startswith(k)) for k in ks)]
    return close[0] if len(close) == 1 else None


def prior_year(plan: Plan, result: Result) -> float | None:
    """The prior year's value a baseline target compares with: the table's 'Anno precedente'
    column, else the result's own monthly row, else the referenced measure's row."""
    if result.value("baseline") not in (None, ""):
        # a number as an actual is (found in review: a negative prior value or '30 gg' was "missing")
        reading = read_actual(result.values["baseline"], None, result.code)
        if isinstance(reading.value, (int, float)) and not isinstance(reading.value, bool):
            return float(reading.value)
    series = plan.series.get(result.code)
    if series is not None and series.prior_year is not None:
        return series.prior_year
    if result.target is not None and result.target.reference:
        ref = find_series(plan, result.target.reference)
        if ref is not None and ref.prior_year is not None:
            return ref.prior_year
    return None


_TIMES_X = re.compile(r"(?<=[\w)])\s+[xX]\s+(?=[\w(])")


def algorithm(plan: Plan, result: Result):
    """The result's 'Algoritmo di calcolo' as an expression to compute, or None when it is a
    description in words ('Pratiche evase entro 5 giorni / Pratiche ricevute nell'anno'), as in
    most published plans: then the actual is read from its column. It is an expression when it
    parses and every name in it is a measure of the 'Dati mensili' sheet. Returns (tree or None,
    finding or None): an expression that names some measures and some unknown words is a typo
    worth an error."""
    value = result.values.get("formula")
    if value is None or value.raw is None or not str(value.raw).strip():
        return None, None
    text = str(value.raw)
    if "x" not in plan.series and "X" not in plan.series:
        # 'evase / ricevute x 100': the letter x as the sign of multiplication
        text = _TIMES_X.sub(" * ", text)
    try:
        tree = parse(text)
    except FormulaError:
        return None, None  # words: a description of the indicator
    used = names(tree)
    missing = [n for n in used if n not in plan.series]
    if not used or len(missing) == len(used):
        return None, None  # no measure of the data sheet in it: a description
    if missing:
        return None, error(
            "misura-sconosciuta",
            f"L'algoritmo di calcolo del risultato {result.code} usa {', '.join(repr(m) for m in missing)}, che non "
            f"{'è una misura' if len(missing) == 1 else 'sono misure'} del foglio 'Dati mensili' (le altre lo sono): "
            "aggiungere le righe mancanti o correggere i nomi.", value.location)
    return tree, None


__all__ = ["algorithm", "find_series", "prior_year"]
