"""What an entered value means for a given target: a number, a completion date, a milestone.

Used by validation (to point at values that cannot be read) and by the computation
(to read them the same way).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .findings import Finding, error, warning
from .model import Value
from .settings import parse_number
from .targets import Target
from .text import fmt, fold

YES = {"si", "sì", "s", "yes", "on", "realizzato", "realizzata", "fatto", "completato", "concluso", "x", "1",
       "vero", "true"}
NO = {"no", "off", "non realizzato", "non realizzata", "non fatto", "0", "falso", "false"}

_DATE = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2,4})\s*$")


@dataclass(frozen=True)
class Reading:
    """The value as the computation uses it, or None with the findings that explain why."""

    value: object  # float, datetime.date or bool; None when absent or unreadable
    findings: tuple[Finding, ...] = ()
    absent: bool = False


def expected_kind(target: Target | None) -> str:
    if target is None:
        return "number"
    if target.kind == "deadline":
        return "date"
    if target.kind == "milestone":
        return "bool"
    return "number"


def _is_blank(raw) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def read_number(value: Value, target: Target | None, what: str) -> Reading:
    raw = value.raw
    loc = value.location
    percent_target = target is not None and target.unit == "percent"
    if isinstance(raw, bool) or isinstance(raw, (dt.date, dt.datetime)):
        return Reading(None, (error("consuntivo-non-valido",
                                    f"{what}: '{raw}' non è un numero. Scrivere il valore numerico raggiunto.", loc),))
    if isinstance(raw, (int, float)):
        number = float(raw)
        if value.number_format and "%" in value.number_format:
            number *= 100  # a %-formatted cell holds 0.85 for 85%
        elif percent_target and 0 < abs(number) <= 1.5 and target.value is not None and target.value > 1.5:
            return Reading(number * 100, (warning(
                "percentuale-come-frazione",
                f"{what}: {fmt(number)} è letto come {fmt(number * 100)}% perché il target è in percentuale. "
                "Se non è così, scrivere il valore in punti percentuali.", loc),))
        return Reading(number)
    text = str(raw).strip()
    had_percent = text.endswith("%")
    number = parse_number(text.rstrip("%").replace("€", "").strip())
    if number is None:
        return Reading(None, (error(
            "consuntivo-non-valido",
            f"{what}: '{text[:60]}' non è un numero. Scrivere il valore numerico raggiunto (es. 12,5) o lasciare "
            "la cella vuota se il dato manca.", loc),))
    if value.from_split:
        return Reading(number)  # one line of a stacked cell: text by necessity
    shown = f"{fmt(number)}%" if had_percent else fmt(number)
    return Reading(number, (warning(
        "numero-come-testo",
        f"{what}: '{text}' è scritto come testo; viene letto come {shown}. Conviene scriverlo come numero.", loc),))


def read_date(value: Value, what: str) -> Reading:
    raw = value.raw
    loc = value.location
    if isinstance(raw, dt.datetime):
        return Reading(raw.date())
    if isinstance(raw, dt.date):
        return Reading(raw)
    if isinstance(raw, str):
        m = _DATE.match(raw)
        if m:
            d, mth, y = (int(g) for g in m.groups())
            if y < 100:
                y += 2000
            try:
                parsed = dt.date(y, mth, d)
            except ValueError:
                parsed = None
            if parsed:
                return Reading(parsed, (warning(
                    "data-come-testo",
                    f"{what}: '{raw.strip()}' è una data scritta come testo; viene letta come "
                    f"{parsed.strftime('%d/%m/%Y')}. Conviene scriverla come data.", loc),))
    return Reading(None, (error(
        "consuntivo-non-valido",
        f"{what}: '{raw}' non è una data. Per un target a scadenza scrivere la data di conclusione "
        "(es. 28/04/2018), o lasciare vuoto se non è ancora concluso.", loc),))


def read_bool(value: Value, what: str) -> Reading:
    raw = value.raw
    if isinstance(raw, bool):
        return Reading(raw)
    text = fold(str(raw)).strip(". ")
    if isinstance(raw, (int, float)) and raw in (0, 1):
        return Reading(bool(raw))
    if text in YES:
        return Reading(True)
    if text in NO:
        return Reading(False)
    return Reading(None, (error(
        "consuntivo-non-valido",
        f"{what}: '{raw}' non dice se l'attività è realizzata. Scrivere SI o NO.", value.location),))


def read_actual(value: Value | None, target: Target | None, code: str) -> Reading:
    """Read a result's actual the way its target needs it."""
    if value is None or _is_blank(value.raw):
        return Reading(None, absent=True)
    what = f"Il consuntivo del risultato {code}"
    kind = expected_kind(target)
    if kind == "date":
        return read_date(value, what)
    if kind == "bool":
        return read_bool(value, what)
    return read_number(value, target, what)


def read_weight(value: Value | None, code: str) -> Reading:
    """A weight in points: '20', 20, '20%', 0,20 (a fraction) are all read; fractions are kept as written
    and normalised by the caller, since 0,20 + 0,80 and 20 + 80 are both complete."""
    if value is None or _is_blank(value.raw):
        return Reading(None, absent=True)
    raw = value.raw
    loc = value.location
    if isinstance(raw, bool) or isinstance(raw, (dt.date, dt.datetime)):
        number = None
    elif isinstance(raw, (int, float)):
        number = float(raw) * (100 if value.number_format and "%" in value.number_format else 1)
    else:
        number = parse_number(str(raw).strip().rstrip("%").strip())  # '20%' and '20' are both 20 points
    if number is None:
        return Reading(None, (error(
            "peso-non-valido", f"Il peso del risultato {code} ('{raw}') non è un numero: scrivere es. 20 "
            "(per cento) o lasciare vuoto per pesi uguali.", loc),))
    if number < 0:
        return Reading(None, (error(
            "peso-non-valido", f"Il peso del risultato {code} è negativo ({number:g}): i pesi vanno da 0 a 100.",
            loc),))
    return Reading(number)
