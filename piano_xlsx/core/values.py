"""What an entered value means for a given target: a number, a completion date, a milestone.

Used by validation (to point at values that cannot be read) and by the computation
(to read them the same way).
"""

from __future__ import annotations

import datetime as dt
import math
from functools import lru_cache
import re
from dataclasses import dataclass, field
from typing import Generic, NamedTuple, TypeVar, Union

from .period import MONTH_ABBREVIATION_PATTERN, MONTH_ABBREVIATIONS, MONTHS
from .findings import Finding, Location, error, warning
from .model import Plan, Result, Value
from .settings import parse_number
from .targets import (SCALE_TOPS, TIME_UNITS, Target, format_reading, format_words, is_not_applicable, is_not_available,
                      is_percent_format,
                      shown_precision, with_remark, withdrawn_word,
                      magnitude_of, parse_target, unit_of)
from .text import fmt, fold

YES = {"si", "sì", "s", "yes", "on", "realizzato", "realizzata", "fatto", "completato", "concluso", "x", "1",
       "vero", "true", "ok", "✓", "✔", "☑", "adottato", "adottata", "approvato", "approvata",
       "si'", "si’",  # (the accent typed as an apostrophe, 'SI'': found in a trial, an error)
       # as the reports write it (found in trials of ASL and Comuni: refused, 'non dice se è realizzata')
       "raggiunto", "raggiunta", "obiettivo raggiunto", "completata", "conclusa"}
NO = {"no", "off", "non realizzato", "non realizzata", "non fatto", "0", "falso", "false",
      "non raggiunto", "non raggiunta", "obiettivo non raggiunto", "non avviato", "non avviata", "non concluso",
      "non conclusa", "non completato", "non completata", "non adottato", "non adottata", "non approvato",
      "non approvata"}

_DATE = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2,4})\s*$")
# a date as text in ISO form, with a midnight time as programs add it ('2018-04-27', '2018-04-27T00:00:00')
_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00(?:\.0+)?)?)?\s*$")


# what an actual reads as, by its target: a number, a completion date or a milestone's SI/NO
Actual = Union[float, dt.date, bool]
_V = TypeVar("_V", covariant=True)  # a Reading only gives its value: a Reading[float] is a Reading[Actual]


@dataclass(frozen=True)
class Reading(Generic[_V]):
    """The value as the computation uses it, or None with the findings that explain why."""

    value: _V | None  # float, datetime.date or bool (by the reader); None when absent or unreadable
    findings: tuple[Finding, ...] = ()
    absent: bool = False
    percent: bool = False  # the cell says % (typed '91%' or a %-formatted number): value in points
    unit: str | None = None  # a unit written in the text: '25 gg.', "28'", '8,5 M€'
    text: bool = False  # the number was written as text (a formula cannot read it)
    undated: bool = False  # 'SI' against a deadline: concluded, on a date not written (to be checked)
    magnitude: float | None = None  # the cell gives its number a magnitude itself ('450 mila', a format)


def expected_kind(target: Target | None) -> str:
    if target is None:
        return "number"
    if target.kind == "deadline":
        return "date"
    if target.kind == "milestone":
        return "bool"
    return "number"


def _is_blank(raw: object) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


# words that give a number its sign: an advance is a negative delay, a decrease a negative change
_SIGN_WORDS = re.compile(r"\b(?:anticip\w*|in meno|diminuzione|calo|riduzione|decremento)\b")


def _not_a_number(what: str, raw: object, loc: Location) -> Reading[float]:
    withdrawn = withdrawn_word(raw) if isinstance(raw, str) else None
    if withdrawn is not None:  # (found in a trial: the advice left out how to take the result out)
        return Reading(None, (error(
            "consuntivo-non-valido",
            f"{what}: '{str(raw).strip()[:60]}' dice '{withdrawn}', non un valore. Se il risultato non va valutato, "
            "scrivere 'N.A.' nel consuntivo o nel target: resta fuori dal calcolo e il suo peso va agli altri; "
            "altrimenti scrivere il valore raggiunto.", loc),))
    return Reading(None, (error(
        "consuntivo-non-valido",
        f"{what}: '{str(raw).strip()[:60]}' non è un numero. Scrivere il valore numerico raggiunto (es. 12,5) o "
        "lasciare la cella vuota se il dato manca.", loc),))


# '12 su 15', '8/10', '12 di 15': done out of expected, as offices type a share
_RATIO = re.compile(r"\s*(\d+(?:[.,]\d+)?)\s*(?:su|di|/)\s*(\d+(?:[.,]\d+)?)\s*")


def _read_ratio(ratio: re.Match, text: str, target: Target | None, what: str, loc: Location) -> Reading[float]:
    """'12 su 15' beside a percentage target is 80% (said at the cell); beside any other target it
    could be the 12 done or the share: asked, with both readings (found in a trial: an error
    that did not say how to write it)."""
    done, out_of = parse_number(ratio.group(1)), parse_number(ratio.group(2))
    if target is not None and done is not None and out_of and re.search(
            rf"(?:/|\bsu)\s*{re.escape(ratio.group(2))}\b", fold(target.text)) and not t_pct_of(target):
        # '4,1/5' beside '>= 3,5/5': a mark on the target's own scale
        return Reading(done, (warning(
            "numero-come-testo",
            f"{what}: '{text}' è letto come {fmt(done)} (sulla scala di {fmt(out_of)} del target). Conviene "
            "scrivere solo il numero.", loc),), text=True)
    if target is not None and not t_pct_of(target) and done is not None and out_of in SCALE_TOPS and \
            target.value is not None and out_of / 5 < target.value <= out_of and done <= out_of and \
            re.search(r"[.,]\d", ratio.group(1)):
        # '7,2/10' beside '>= 7', '4,2/5' beside '>= 4': a mark on a scale of votes, as the target is one
        # (found in a trial: an error); '8 su 10' beside '>= 10' bandi may be 8 done or a share, '4,5/5'
        # beside '>= 0,95' or '9,5/10' beside '>= 1' a share (found in review: 100% as a vote): asked, a
        # vote's target is above a fifth of its scale
        return Reading(done, (warning(
            "numero-come-testo",
            f"{what}: '{text}' è letto come {fmt(done)} (un voto sulla scala di {fmt(out_of)}). Conviene scrivere "
            "solo il numero.", loc),), text=True)
    if target is not None and t_pct_of(target) and done is not None and out_of:
        share = done / out_of * 100
        return Reading(share, (warning(
            "numero-come-testo",
            f"{what}: '{text}' è letto come {fmt(round(share, 2))}% ({fmt(done)} su {fmt(out_of)}). Conviene "
            "scrivere la percentuale come numero.", loc),), percent=True, text=True)
    return Reading(None, (error(
        "consuntivo-non-valido",
        f"{what}: '{text}' può essere il numero raggiunto ({ratio.group(1)}) o una quota "
        f"({fmt(round(done / out_of * 100, 2)) + '%' if done is not None and out_of else '-'}): scrivere il "
        "valore da confrontare con il target.", loc),))


# an actual that says none: 'nessuno', 'nessuna', 'nessun reclamo', 'zero'
_NONE_ACTUAL = re.compile(r"(?:nessun[oa]?|zero)(?:\s+[a-z'][a-z' ]*)?")
# a value, then a remark in brackets at the end
_TRAILING_REMARK = re.compile(r"(.*?\d.*?)\s*\(([^()]*)\)\s*")
# a remark that is a note on the value, not part of it: a signed change alone ('+5%'), or words with
# no number in them but dates ('report del 31/03, 30/06', 'dato provvisorio')
_SIGNED_CHANGE = re.compile(r"\s*[+\-−]\s*\d+(?:[.,]\d+)?\s*%\s*")
_DATES = re.compile(r"\b\d{1,2}[/.]\d{1,2}(?:[/.]\d{2,4})?\b")
# a magnitude in words ('3,2 (milioni)'): not read from brackets, the target may be written in it
_MAGNITUDE = r"mln|mld|milion\w*|miliard\w*|mila|migliai\w*|k|m"
_MAGNITUDE_WORDS = re.compile(rf"\b(?:{_MAGNITUDE})\b")
# words that make the remark part of the value: a whole ('su 50'), a unit or magnitude ('mln €'), a rate
_REMARK_CHANGES_VALUE = re.compile(rf"\b(?:su|di|per|al|alla|ogni|x|{_MAGNITUDE}|euro|mensil\w*|trimestral\w*|"
                                   r"annu\w*|medi[aoe]?|gg|giorni|ore|minuti|mesi)\b|[/€%]")


_AS_OF = re.compile(r"\s*(?:dato\s+)?(?:al|alla data del|aggiornato al|rilevato al)\s+\d{1,2}[/.]\d{1,2}(?:[/.]\d{2,4})?\s*")


def _remark_is_a_note(remark: str) -> bool:
    """Whether the words in brackets after a value are a note on it, not part of it (found in review:
    '45 (pratiche evase su 50)' was read as 45, '8,5 (mln €)' as 8,5)."""
    if _SIGNED_CHANGE.fullmatch(remark):
        return True
    if _AS_OF.fullmatch(fold(remark)):
        return True  # '96% (al 30/11)': the date the figure is at (found in a second probe: an error)
    words = _DATES.sub(" ", fold(remark))
    return not re.search(r"\d", words) and not _REMARK_CHANGES_VALUE.search(words)


def read_number(value: Value, target: Target | None, what: str, cap: float = 100.0) -> Reading[float]:
    """A number as the cell holds it: a %-formatted number in points (0,91 -> 91), text read as
    Italian numbers with their unit ('92,0%', '25 gg.', '8,5 M€'). Whether a plain number is a
    fraction of a percentage is not decided here but by :func:`reconcile`, with both values."""
    raw = value.raw
    loc = value.location
    if isinstance(raw, (dt.time, dt.timedelta)):
        # a time typed as Excel keeps it ('0:45', '[h]:mm' 30:00): a duration, in minutes (found in a
        # trial: refused as '00:45:00'), against a target that says its unit ('<= 2 ore', or the unit
        # column): '1:30' against a bare 2 is 90 minutes or 1,5 hours (found in review: 2,22%)
        minutes = (raw.total_seconds() if isinstance(raw, dt.timedelta)
                   else raw.hour * 3600 + raw.minute * 60 + raw.second) / 60
        if target is not None and target.unit in TIME_UNITS:
            return Reading(minutes, unit="minutes", text=True)
        shown = f"{int(minutes // 60)}:{int(minutes % 60):02d}"
        return Reading(None, (error(
            "consuntivo-non-valido",
            f"{what}: '{shown}' è un tempo in ore e minuti, e il target non dice in che unità è: scriverlo con "
            f"l'unità ('<= 2 ore', '<= 90 minuti') o indicarla nella colonna 'Unità di misura'.", loc),))
    if isinstance(raw, bool) or isinstance(raw, (dt.date, dt.datetime)):
        return _not_a_number(what, raw, loc)
    if isinstance(raw, (int, float)):
        plain = float(raw)
        if not math.isfinite(plain):
            return _not_a_number(what, raw, loc)
        if is_percent_format(value.number_format):
            return Reading(plain * 100, percent=True)  # the cell holds 0,85 for 85%
        shows = format_reading(value.number_format)
        if shows is not None:
            # what the cell shows ('2 ore', '1,8 mln', 450.000 as '450' in thousands), as the monthly data are
            # read (targets.format_reading); a formula reads the plain number, so a scaled one is a value
            factor, magnitude, unit = shows
            return Reading(plain * factor, unit=unit, magnitude=magnitude, text=factor != 1)
        return Reading(plain)
    text = str(raw).strip()
    if _NONE_ACTUAL.fullmatch(fold(text)):
        # 'nessuno', 'nessun reclamo', 'zero': 0 (the answer to 'nessun reclamo')
        return Reading(0.0, (warning(
            "numero-come-testo", f"{what}: '{text}' è scritto come testo; viene letto come 0. Conviene scriverlo "
            "come numero.", loc),), text=True)
    ratio = _RATIO.fullmatch(fold(text))
    if ratio is not None:
        return _read_ratio(ratio, text, target, what, loc)
    asked = _two_ways(text, target, cap)
    if asked is not None:
        # '(12)' (negative, as accountants write it, or just in brackets?), '8k', '1,234' where 1.234
        # is near the target and 1,234 is not (found in a trial: read as 12, 8 and 1,234)
        return Reading(None, (error(
            "consuntivo-non-valido", f"{what}: '{text}' {asked}: scrivere il numero come numero, senza ambiguità.",
            loc),))
    had_percent = text.endswith("%")
    number = parse_number(text.rstrip("%").replace("€", "").strip())
    unit = "percent" if had_percent else ("euro" if "€" in text else None)
    if number is None and _SIGN_WORDS.search(fold(text)) and not text.lstrip().startswith(("-", "+", "−")):
        # 'anticipo medio di 24,61 giorni' is -24,61: the words carry the sign, which the number
        # alone loses (found in a second trial: 0% against a target '<= 0'); asked, not guessed
        return Reading(None, (error(
            "consuntivo-non-valido",
            f"{what}: '{text[:60]}' dice il segno a parole: scrivere il numero con il suo segno (es. -24,61 per "
            "24,61 giorni di anticipo).", loc),))
    if number is None:
        remark = _TRAILING_REMARK.fullmatch(text)
        if remark is not None and not _remark_is_a_note(remark.group(2)):
            # the words in brackets are part of the value ('12 (su 15)', '3 (mesi)'): read with them, as if
            # written without brackets, or not at all (found in review: read without them); a magnitude
            # ('3,2 (milioni)') is not, the target may be written in it (found in a third review: 3.200.000
            # against a target of 3,5 in a column of millions scored 100%)
            if _MAGNITUDE_WORDS.search(fold(remark.group(2))):
                return _not_a_number(what, raw, loc)
            return read_number(Value(f"{remark.group(1)} {remark.group(2)}", loc, value.number_format), target, what,
                               cap)
        if remark is not None:
            # '3 (report del 31/03, 30/06, 30/09)', '1.050 (+5%)': the value, then a remark in brackets
            # (found in a trial: an error); '12 (su 15)' is not a remark
            head = read_number(Value(remark.group(1), loc, value.number_format), target, what, cap)
            if head.value is not None:
                return Reading(head.value, (warning(
                    "consuntivo-con-nota",
                    f"{what}: '{text}' è scritto come testo; viene letto come {remark.group(1).strip()}, e la parte "
                    "fra parentesi come una nota. Conviene scrivere il numero da solo e la nota nella colonna "
                    "delle note.", loc),), percent=head.percent, unit=head.unit, text=True)
        # a number with its unit or magnitude: read as a target's number is ('25 gg.', '8,5 M€')
        # (an actual has no comparator: which way a time goes does not matter here)
        # (which way is better is the target's business: '3,2 mln €' is read as an amount, not asked)
        parsed = parse_target(text, time_context=True, direction=">=")
        if parsed.kind != "value" or parsed.uncertain or parsed.comparator_written or parsed.value is None \
                or parsed.per_period:  # ("3 al mese" is a rate, not the year's value: found in review)
            return _not_a_number(what, raw, loc)
        number, unit, had_percent = parsed.value, parsed.unit, parsed.percent_written
    if value.from_split:  # one line of a stacked cell: text by necessity
        return Reading(number, percent=had_percent, unit=unit, text=True, magnitude=magnitude_of(text))
    shown = f"{fmt(number)}%" if had_percent else _quantity(number, unit)
    return Reading(number, (warning(
        "numero-come-testo",
        f"{what}: '{text}' è scritto come testo; viene letto come {shown}. Conviene scriverlo come numero.", loc),),
        percent=had_percent, unit=unit, text=True, magnitude=magnitude_of(text))


_BRACKETED = re.compile(r"\(\s*\d[\d.,]*\s*\)")
_THOUSANDS_K = re.compile(r"[-+]?\d[\d.,]*\s?k", re.I)
# '1,234': 1,234 with the decimal comma, or 1.234 with an English thousands comma ('0,500' is a decimal)
_COMMA_THOUSANDS = r"[1-9]\d{0,2},\d{3}"
_COMMA_THOUSANDS_ALONE = re.compile(rf"[-+]?{_COMMA_THOUSANDS}")
_COMMA_THOUSANDS_IN = re.compile(rf"(?<![\d.,]){_COMMA_THOUSANDS}(?![\d.,])")


def _both_meet(comparator: str | None, actual: tuple[float, float], target: tuple[float, float],
               cap: float) -> bool:
    """Whether every reading of the actual meets every reading of the target (the two ends of each)
    by at least the cap (`cap` in points, the profile's 'Tetto grado indicatore'): then which one was
    meant does not change the grado (found in reviews: asked; then, with a cap of 120%, 120% where
    the other reading gave 106,67%, and a strict '<' met by the equal reading)."""
    worst_a, best_t = (min(actual), max(target)) if comparator in (">=", ">") else (max(actual), min(target))
    if comparator not in (">=", ">", "<=", "<") or worst_a <= 0 or best_t <= 0:
        return False
    c = cap / 100
    if comparator in (">=", ">"):
        return (worst_a > best_t if comparator == ">" else worst_a >= best_t) and worst_a / best_t >= c
    # a maximum: T/A, or (2T-A)/T, reaches the cap when A/T is at most 1/cap, and 2 - cap (found in review)
    x = worst_a / best_t
    return (x < 1 if comparator == "<" else x <= 1) and x <= min(1 / c, 2 - c)


def _thousands_nearer(decimal: float, other: float) -> bool:
    """Whether '1,234' read as 1.234 is near the other value and read as 1,234 is not: the one rule
    for an actual and a target written so."""
    return _decades(abs(decimal * 1000 / other)) < 1 < _decades(abs(decimal / other))


def _two_ways(text: str, target: Target | None, cap: float) -> str | None:
    """Why a number typed as text reads two ways, or None (`cap`: the profile's 'Tetto grado indicatore')."""
    if _BRACKETED.fullmatch(text):
        return "può essere un numero negativo (scritto fra parentesi, come nei bilanci) o positivo"
    if _THOUSANDS_K.fullmatch(text):
        return "può voler dire migliaia ('k')"
    if _COMMA_THOUSANDS_ALONE.fullmatch(text) and target is not None and target.value and not target.percent_written:
        decimal = parse_number(text)
        if decimal and _thousands_nearer(decimal, target.value) and \
                not _both_meet(target.comparator, (decimal, decimal * 1000), (target.value, target.value), cap):
            return (f"può essere {fmt(decimal)} (con la virgola dei decimali) o {fmt(decimal * 1000)} (con la "
                    f"virgola delle migliaia, all'inglese), che è vicino al target")
    return None


# --------------------------------------------------------------------------- units


# minutes in one of each unit of time (a month as 30 days, said in the note)
_MINUTES = {"minutes": 1.0, "hours": 60.0, "days": 1440.0, "weeks": 10080.0, "months": 43200.0}
_UNIT_WORDS = {"percent": "%", "days": "giorni", "minutes": "minuti", "hours": "ore", "months": "mesi",
               "weeks": "settimane", "euro": "euro", "count": ""}
_ONE_UNIT = {"days": "giorno", "minutes": "minuto", "hours": "ora", "months": "mese", "weeks": "settimana"}


def _quantity(x: float, unit: str | None) -> str:
    """A number with its unit as the messages say it: '1 mese', '1,5 mesi', '92%'."""
    if unit == "percent":
        return f"{fmt(x)}%"
    words = _ONE_UNIT.get(unit or "") if x == 1 else None
    return f"{fmt(x)} {words or _UNIT_WORDS.get(unit, '') if unit else ''}".strip()


@dataclass(frozen=True)
class Reconciled:
    """An actual and a target on one scale and in one unit, and how they got there."""

    actual: float
    target: float
    # how a formula reads the actual cell the same way (see actual_formula); None: it cannot
    rule: str | None
    notes: tuple[str, ...] = ()  # Italian, for the note of the computation
    findings: tuple[Finding, ...] = ()
    doubt: str | None = None  # Italian: why the two cannot be compared ("da verificare")
    percent: bool = False  # both are percentages (in points)
    # what the target was multiplied by (a header's magnitude, a fraction read as %): a range's
    # upper end goes on the same scale, even when the lower end is 0 (found in review)
    target_factor: float = 1.0


def _decades(ratio: float) -> float:
    """How many powers of ten a ratio is from 1 (a ratio that underflowed to 0 is very far)."""
    return abs(math.log10(ratio)) if ratio > 0 else math.inf


def _small(x: float) -> bool:
    return 0 < abs(x) <= 1.5


def _fraction(x: float) -> bool:
    """A share written as a fraction: below 1,5 and not a whole number (0,95; not 1, a count)."""
    return _small(x) and not float(x).is_integer()


# A plain number of at most 1,5 beside a percentage target above 1,5: a fraction (0,91 -> 91%)
# when, as a percentage, it is within FRACTION_WITHIN times the target; points when it is at least
# POINTS_FROM times it (1,2 beside '<= 5%' is 1,2%: 120% would be 24 times the target); in
# between it cannot be told. One rule: reconcile() applies it, actual_formula() writes it.
FRACTION_WITHIN = 5
# a plain number beside a percentage is taken as points up to this (190 for '190%' of a budget);
# beyond it the two are not the same quantity
PLAIN_NOT_A_SHARE = 200
# a plain number this many times below a percentage on the other side is another measure, asked
# (a target '>= 1' beside '95%'; an actual 4 beside '>= 80%': a mark on 5, not 4%)
PLAIN_FAR_BELOW = 5
POINTS_FROM = 20
FRACTION, POINTS, DOUBT = "fraction", "points", "doubt"


def asks_plain_far_below(target: Target, context: str | None) -> bool:
    """Whether a plain actual above 1,5 and PLAIN_FAR_BELOW times below this target is asked: a
    percentage to reach or to hit ('>= 80%', '= 90%', '70% - 90%'; not one to keep low, where a small
    actual is the aim) with nothing else saying the values are percentages (`context`, as
    percent_context gives it). One rule: reconcile() asks, actual_doubt_formula() writes it."""
    return t_pct_of(target) and not context and target.comparator not in ("<=", "<")


def small_actual_reading(a: float, t: float) -> str:
    if abs(a) * 100 <= FRACTION_WITHIN * abs(t):
        return FRACTION
    if abs(a) * 100 >= POINTS_FROM * abs(t):
        return POINTS
    return DOUBT


def _same_share(a: float, t: float) -> bool:
    """One plain value a fraction (0,9), the other a number of points near it times 100 (95):
    the same percentage written two ways, most likely (within a factor of 3)."""
    if _fraction(a) == _fraction(t) or not a or not t:
        return False
    small, large = (a, t) if _fraction(a) else (t, a)
    return abs(large) > 1.5 and 1 / 3 <= abs(small) * 100 / abs(large) <= 3


class Magnitude(NamedTuple):
    """What a column's header or a row's unit gives its plain numbers: (1e6, 'in milioni')."""

    factor: float
    words: str
    said_by: str = "l'intestazione della colonna"


def reconcile(actual: Reading[Actual], target: Target, t: float, *, context: str | None = None,
              actual_at: Location | None = None, target_at: Location | None = None,
              what: str = "", magnitudes: tuple[Magnitude | None, Magnitude | None] = (None, None),
              unit: Magnitude | None = None, cap: float = 100.0) -> Reconciled:
    """Put an actual and a target on the same scale and unit, the one place where this is decided
    (the computation uses the values, the written formula the factor, verifica the findings).

    Percentages: a value is in % when the cell says so (typed % or a %-formatted number), or the
    target's unit is % (its text, format or the unit column). A plain number beside a percentage,
    at most 1,5 when the other is above, is a fraction (0,91 -> 91%); so is a plain fraction beside
    a plain number about a hundred times it (0,9 and 95) when `context` (the unit column, a header,
    the indicator's text) says %; with nothing saying %, that pair cannot be told: `doubt`. Times: minutes,
    hours, days, weeks and months are converted to the target's (a month as 30 days). Units that
    cannot be compared (euro against days) are a `doubt`. The actual is a number: its target compares
    numbers (a deadline's date and a milestone's SI/NO are not reconciled)."""
    if not isinstance(actual.value, (int, float)):
        raise TypeError(f"reconcile: the actual is not a number: {actual.value!r}")
    a = float(actual.value)
    # the rule a formula follows for this cell, whatever value a person types in it later
    rule: str | None = None if actual.text else (AS_PERCENT if actual.percent else
                                                 (FRACTION_IF_SMALL if t_pct_of(target) and t > 1.5 else AS_IS))
    s = _Reconciling(a, t, rule, t_pct=t_pct_of(target), a_pct=actual.percent or actual.unit == "percent",
                     context=context, actual_at=actual_at, target_at=target_at, where=f"{what}: " if what else "",
                     cap=cap, far_below=asks_plain_far_below(target, context))
    # each step reads the two values further, or decides for good (a doubt, or both read at once): in this order
    decided = s.apply_magnitudes(magnitudes)
    if decided is None and magnitudes == (None, None) and target.kind in ("value", "range"):
        decided = s.far_from_unit(unit) if unit is not None else s.magnitude_of_one(target.magnitude, actual.magnitude)
    if decided is None and target.hint_fraction:
        decided = s.read_hinted_target()
    if decided is None and target.kind == "value" and "," in target.text:
        decided = s.comma_for_thousands(target.text, target.comparator)
    if decided is None and target.scale is not None:
        decided = s.off_the_scale(target.scale, target.comparator)
    if decided is None:
        decided = s.percent_a_hundred_times()
    if decided is None:
        decided = s.plain_far_below_target()
    if decided is None:
        decided = s.read_percentages()
    if decided is None:
        decided = s.plain_beside_percent()
    if decided is None:
        decided = s.convert_units(target.unit, actual.unit)
    return decided if decided is not None else s.reconciled()


@dataclass
class _Reconciling:
    """An actual and a target on their way to one scale (reconcile): the two values as read so far,
    what was done to them (notes, findings, the target's factor) and what stays the same on the way."""

    a: float
    t: float
    rule: str | None  # how a formula reads the actual cell; None once decided with both values
    t_pct: bool
    a_pct: bool
    context: str | None  # what says % besides the cells (the unit column, a header, the indicator's text)
    actual_at: Location | None
    target_at: Location | None
    where: str  # the findings' opening ('Il risultato 1.1: ')
    cap: float = 100.0  # the profile's 'Tetto grado indicatore', in points
    far_below: bool = False  # a plain actual far below the percentage target is asked (asks_plain_far_below)
    notes: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    t_factor: float = 1.0

    def doubt(self, reason: str) -> Reconciled:
        return Reconciled(self.a, self.t, None, tuple(self.notes), tuple(self.findings), reason)

    def reconciled(self) -> Reconciled:
        shares = "%" in "".join(self.notes)  # a fraction read as a percentage
        return Reconciled(self.a, self.t, self.rule, tuple(self.notes), tuple(self.findings), None,
                          self.t_pct or self.a_pct or bool(self.context) or shares, self.t_factor)

    def apply_magnitudes(self, magnitudes: tuple[Magnitude | None, Magnitude | None]) -> Reconciled | None:
        """A column whose header gives the magnitude ('Consuntivo €/mln'): its plain numbers are millions."""
        t_mag, a_mag = magnitudes
        if t_mag is not None:
            self.notes.append(f"target {fmt(self.t)} {t_mag[1]} = {fmt(self.t * t_mag[0])}")
            self.t *= t_mag[0]
            self.t_factor *= t_mag[0]
        if a_mag is not None:
            self.notes.append(f"consuntivo {fmt(self.a)} {a_mag[1]} = {fmt(self.a * a_mag[0])}")
            self.a *= a_mag[0]
            self.rule = None
        only = t_mag if a_mag is None else a_mag if t_mag is None else None  # the magnitude of one column alone
        a, t = self.a, self.t
        if only is None or not a or not t:
            return None
        # one column in millions, the other not: 11 (millions) against a target of 12 is not
        # 11.000.000 >= 12, most likely both were meant in millions (found in review)
        factor = only[0]
        before = _decades(abs(a / t) * (factor if t_mag else 1 / factor))
        after = _decades(abs(a / t))
        if after > 2 and before < after:
            shown, other = ("il target", "il consuntivo") if t_mag else ("il consuntivo", "il target")
            return self.doubt(
                f"{shown} è {only.words} (lo dice {only.said_by}) e {other} no: "
                f"{fmt(a)} contro {fmt(t)}. Scriverli nella stessa unità, o indicarla nella cella ('12 mln')")
        return None

    def far_from_unit(self, unit: Magnitude) -> Reconciled | None:
        """Two plain numbers where the row's unit gives a magnitude ('milioni di euro') are on its
        scale; about that many times apart, one was written in full: 3.200.000 against a target of
        3,5 scored 100% (found in review)."""
        a, t = self.a, self.t
        if a and t and not (self.a_pct or self.t_pct) and _decades(abs(a / t)) >= math.log10(unit.factor) - 0.5:
            said = "l'indicatore" if unit.said_by == BY_INDICATOR else "l'unità di misura"
            return self.doubt(
                f"con {said} {unit.words}, il consuntivo {fmt(a)} e il target {fmt(t)} "
                f"sono lontani circa {fmt(unit.factor)} volte: scriverli tutti e due {unit.words} "
                "('3,5' e '3,2'), o con la grandezza nella cella ('3,2 milioni')")
        return None

    def magnitude_of_one(self, t_own: float | None, a_own: float | None) -> Reconciled | None:
        """One value says its magnitude ('450 mila', a format in thousands) and the other is a plain
        number: about that magnitude apart, the plain one was most likely meant in it too, but the
        table does not say so: asked ('>= 500' against '450 mila' scored 100%, found in a trial)."""
        a, t = self.a, self.t
        if (t_own is None) == (a_own is None) or not a or not t:
            return None
        factor = a_own if a_own is not None else 1 / t_own  # type: ignore[operator]
        if _decades(abs(a / t)) > 2 and _decades(abs(a / t) / factor) < _decades(abs(a / t)):
            shown, other = ("il consuntivo", "il target") if a_own is not None else ("il target", "il consuntivo")
            scale = _SHOWN_SCALE.get(a_own or t_own or 0.0, "un'altra scala")
            return self.doubt(
                f"{shown} è in {scale} (lo dice la cella, con il testo o con il formato) e {other} no: {fmt(a)} "
                f"contro {fmt(t)}. Scriverli tutti e due in {scale}, o tutti e due per intero")
        return None

    def read_hinted_target(self) -> Reconciled | None:
        """A target read as a fraction because its unit says % (Target.hint_fraction: '<= 1,5' as 150%),
        read again beside the actual: as points (1,5%) when the actual is near that, or asked."""
        a, t, where = self.a, self.t, self.where
        if not self.a_pct and a and abs(a) <= 1.5 and abs(a) * 100 * POINTS_FROM <= abs(t) \
                and abs(t) / 100 / FRACTION_WITHIN <= abs(a) * 100 <= abs(t) / 100 * FRACTION_WITHIN:
            # '<= 1,5' (unit %) beside 0,018: 1,8% against 150% is 83 times below, 1,8% against 1,5%
            # is the same quantity: the target was points and the actual a fraction (found in review)
            self.notes.append(f"target {fmt(t / 100)} letto come {fmt(t / 100)}% e consuntivo {fmt(a)} come "
                              f"{fmt(a * 100)}%")
            self.findings.append(warning(
                "percentuale-senza-simbolo",
                f"{where}il target {fmt(t / 100)} è letto come {fmt(t / 100)}% e il consuntivo {fmt(a)} come "
                f"{fmt(a * 100)}%: così sono vicini. Conviene scriverli con il simbolo %.", self.target_at))
            return Reconciled(a * 100, t / 100, None, tuple(self.notes), tuple(self.findings), None, True,
                              self.t_factor / 100)
        if self.a_pct or abs(a) > 1.5:
            # '<= 1,5' where the unit says %, read as 150%: beside an actual of 1,8 (or 0,5%) it was
            # 1,5% (found in review: 1,8% against 150% scored 100%). The same rule as a small actual's,
            # from the target's side; decided with both values, so the value is written, not a formula.
            # A whole target ('1' beside 4) is as often 100% as 1%: asked (found in review)
            side = small_actual_reading(t / 100, a)
            if side == POINTS and float(t / 100).is_integer():
                side = DOUBT
            if side == DOUBT:
                return self.doubt(f"il target {fmt(t / 100)} può essere {fmt(t / 100)}% o {fmt(t)}% (il consuntivo "
                                  f"è {fmt(a)}{'%' if self.a_pct else ''}): scriverlo con il simbolo % "
                                  f"('{fmt(t / 100)}%' o '{fmt(t)}%')")
            if side == POINTS:
                self.findings.append(warning(
                    "percentuale-senza-simbolo",
                    f"{where}il target {fmt(t / 100)} è letto come {fmt(t / 100)}%, non come {fmt(t)}%, perché è "
                    f"vicino al consuntivo ({fmt(a)}). Conviene scriverlo con il simbolo ('{fmt(t / 100)}%').",
                    self.target_at))
                self.notes.append(f"target {fmt(t / 100)} letto come {fmt(t / 100)}%")
                self.t /= 100
                self.t_factor /= 100
                self.rule = None
        return None

    def comma_for_thousands(self, text: str, comparator: str | None) -> Reconciled | None:
        """A target '>= 1,500' beside 1.450: 1,5 with the decimal comma, or 1.500 with an English
        thousands comma? Asked when only the second is near the actual (found in review: 100%)."""
        a, t = self.a, self.t
        written = _COMMA_THOUSANDS_IN.findall(text)
        # (an actual that meets both readings is scored: 1.600 against '>= 1,500', found in review)
        both = _both_meet(comparator, (a, a), (t, t * 1000), self.cap)
        if len(written) == 1 and a and t and not self.t_pct and not both and _thousands_nearer(t, a):
            return self.doubt(f"il target '{written[0]}' può essere {fmt(t)} (con la virgola dei decimali) o "
                              f"{fmt(t * 1000)} (con la virgola delle migliaia, all'inglese), che è vicino al "
                              f"consuntivo {fmt(a)}: scriverlo senza ambiguità")
        return None

    def off_the_scale(self, top: float, comparator: str | None) -> Reconciled | None:
        """A mark on a scale ('>= 4/5') beside an actual that is not one: above the top (72 for a score
        out of 100), a percentage (but on a scale of 100: '85%' beside '>= 80/100'), or, for a mark to
        reach, a fraction under 1 beside a target of 2 or more (0,65 for 65%): asked (found in review:
        72 scored 100%, 0,65 scored 9,29%; 0,5 beside '<= 2/5' is a low mark, the aim)."""
        a = self.a
        if (self.a_pct and top != 100) or a > top or (comparator not in ("<=", "<") and 0 < a < 1 <= self.t / 2):
            return self.doubt(f"il target è un voto su {fmt(top)} ({fmt(self.t)}) e il consuntivo {fmt(a)}"
                              f"{'%' if self.a_pct else ''} non è su quella scala: scriverlo come voto "
                              f"(es. '{fmt(self.t)}')")
        return None

    def percent_a_hundred_times(self) -> Reconciled | None:
        """A percentage over 1.000% beside one of at most 100%: a number typed in points into a cell
        formatted as % (95 shows 9.500%) reads a hundred times too high; which of the two was meant is
        not guessed (found in a trial: 95 formatted as % against '>= 90%' scored 100%)."""
        for side, x, pct, other, y, other_pct in (("il consuntivo", self.a, self.a_pct, "il target", self.t, self.t_pct),
                                                  ("il target", self.t, self.t_pct, "il consuntivo", self.a, self.a_pct)):
            if pct and other_pct and abs(x) > 1000 and 0 < abs(y) <= 100:
                return self.doubt(
                    f"{side} si legge {fmt(x)}% contro {fmt(y)}% del{other[2:]}: un numero scritto in una cella "
                    f"formattata come percentuale è moltiplicato per 100. Se era {fmt(x / 100)}%, scriverlo come "
                    f"'{fmt(x / 100)}%'")
        return None

    def plain_far_below_target(self) -> Reconciled | None:
        """A plain actual above 1,5 and many times below a percentage target, where nothing else says
        the values are percentages (asks_plain_far_below): another measure, asked."""
        if self.far_below and not self.a_pct and 1.5 < self.a and self.t > PLAIN_FAR_BELOW * self.a:
            # 'Grado di soddisfazione | >= 80% | 4': a mark on 5 read as 4%, 5% 'non raggiunto' (found in a
            # trial); an actual in points near its target ('72' beside '>= 80%') is read as one
            return self.doubt(f"il target è {fmt(self.t)}% e il consuntivo {fmt(self.a)} non ha il simbolo %: letto "
                              f"come {fmt(self.a)}% sarebbe {fmt(round(self.t / self.a, 1))} volte più basso del target. "
                              f"Se è {fmt(self.a)}%, scriverlo con il simbolo; se è un'altra misura (un voto, un "
                              "punteggio, un numero), scrivere il target nella stessa misura")
        return None

    def read_percentages(self) -> Reconciled | None:
        """A plain number beside a percentage, or two plain numbers where something says %: which one
        is a fraction of a percentage (0,91 -> 91%) and which is in points."""
        a, t, t_pct, a_pct, where = self.a, self.t, self.t_pct, self.a_pct, self.where
        choice = small_actual_reading(a, t) if t_pct and not a_pct and _small(a) and t > 1.5 else None
        if choice == DOUBT:
            return self.doubt(f"il consuntivo {fmt(a)} può essere {fmt(a)}% o {fmt(a * 100)}% (il target è "
                              f"{fmt(t)}%): scriverlo con il simbolo % ('{fmt(a)}%' o '{fmt(a * 100)}%')")
        if choice == POINTS:
            self.findings.append(warning(
                "percentuale-senza-simbolo",
                f"{where}{fmt(a)} è letto come {fmt(a)}%, non come {fmt(a * 100)}%, perché è vicino al target "
                f"({fmt(t)}%). Conviene scriverlo con il simbolo ('{fmt(a)}%').", self.actual_at))
            self.notes.append(f"consuntivo {fmt(a)} letto come {fmt(a)}%")
        elif choice == FRACTION:
            self.findings.append(warning(
                "percentuale-come-frazione",
                f"{where}{fmt(a)} è letto come {fmt(a * 100)}% perché il target è in percentuale ({fmt(t)}%). Se "
                f"era {fmt(a)}%, scriverlo con il simbolo ('{fmt(a)}%') o formattare la cella come percentuale.",
                self.actual_at))
            self.notes.append(f"consuntivo {fmt(a)} letto come {fmt(a * 100)}%")
            self.a *= 100
        elif a_pct and not t_pct and _fraction(t) and a > 1.5:
            self.findings.append(warning(
                "percentuale-come-frazione",
                f"{where}il target {fmt(t)} è letto come {fmt(t * 100)}% perché il consuntivo è in percentuale "
                f"({fmt(a)}%). Conviene scrivere il target con il simbolo %.", self.target_at))
            self.notes.append(f"target {fmt(t)} letto come {fmt(t * 100)}%")
            self.t *= 100
            self.t_factor *= 100
        elif not t_pct and not a_pct and _same_share(a, t):
            return self.read_same_share()
        elif self.context and not t_pct and not a_pct and _small(a) and _small(t):
            return self.read_both_fractions()
        return None

    def read_same_share(self) -> Reconciled | None:
        """Two plain numbers, one a fraction and the other points near it times 100 (0,9 and 95): the
        same percentage written two ways, read so where something says %, else a doubt."""
        a, t, context = self.a, self.t, self.context
        if not context:
            return self.doubt(f"target {fmt(t)} e consuntivo {fmt(a)} sembrano la stessa percentuale scritta in due "
                              "modi (una come frazione, l'altra in punti), ma niente dice che sono percentuali: "
                              "scriverli entrambi con il simbolo % o indicare l'unità di misura (%)")
        small_is_actual = _fraction(a)
        if small_is_actual:
            self.notes.append(f"consuntivo {fmt(a)} letto come {fmt(a * 100)}% ({context})")
            self.a *= 100
            self.rule = None  # decided with both values: a formula would not follow a later edit
        else:
            self.notes.append(f"target {fmt(t)} letto come {fmt(t * 100)}% ({context})")
            self.t *= 100
            self.t_factor *= 100
        self.findings.append(warning(
            "percentuale-come-frazione",
            f"{self.where}target {fmt(t)} e consuntivo {fmt(a)} sono la stessa percentuale scritta in due modi "
            f"({self.notes[-1]}): conviene scriverli entrambi con il simbolo %.",
            self.actual_at if small_is_actual else self.target_at))
        return None

    def read_both_fractions(self) -> Reconciled | None:
        """Both plain fractions where something says %: percentages written as fractions (the
        actual's reading by the same rule a formula follows), or a doubt when they are too far apart."""
        a, t = self.a, self.t
        if small_actual_reading(a, t * 100) != FRACTION:
            return self.doubt(f"target {fmt(t)} e consuntivo {fmt(a)} sono troppo lontani per leggerli entrambi "
                              f"come frazioni di una percentuale ({self.context}): scriverli con il simbolo %")
        self.notes.append(f"target {fmt(t)} e consuntivo {fmt(a)} letti come {fmt(t * 100)}% e {fmt(a * 100)}% "
                          f"({self.context})")
        self.a, self.t = a * 100, t * 100
        self.t_factor *= 100
        self.rule = None if self.rule is None else FRACTION_IF_SMALL
        return None

    def plain_beside_percent(self) -> Reconciled | None:
        """A doubt when one is a percentage and the other a plain number too large to be one."""
        if self.a_pct != self.t_pct and abs(self.t if self.a_pct else self.a) > PLAIN_NOT_A_SHARE:
            # '12%' against a target of 1.100 (a prior-year count x 1,1): not the same quantity
            plain, shown = (self.t, "il target") if self.a_pct else (self.a, "il consuntivo")
            return self.doubt(f"{shown} {fmt(plain)} non sembra una percentuale, "
                              f"{'il consuntivo' if self.a_pct else 'il target'} invece lo è: scriverli nella "
                              "stessa unità")
        if self.a_pct and not self.t_pct and not self.context and self.t_factor == 1.0 and self.t > 0 and \
                self.a > PLAIN_FAR_BELOW * self.t:
            # '>= 1' for a ratio, '>= 4' on a scale of 5, '>= 10' events beside '95%': read as 1%, 4%, 10%,
            # the actual was many times the target, 100% (found in a trial); a target in points ('90'
            # beside '92%') is near its actual; where the header, unit or indicator says % ('Target %',
            # 'Percentuale di ...'), or a fraction was read as one ('0,1' as 10%), it is a percentage (review)
            return self.doubt(f"il consuntivo è {fmt(self.a)}% e il target {fmt(self.t)} non ha il simbolo %: letto "
                              f"come {fmt(self.t)}% il consuntivo sarebbe {fmt(round(self.a / self.t, 1))} volte il target. "
                              f"Se il target è {fmt(self.t)}%, scriverlo con il simbolo; se è un'altra misura (un "
                              "rapporto, un punteggio, un numero), scrivere il consuntivo nella stessa misura")
        return None

    def convert_units(self, t_unit: str | None, a_unit: str | None) -> Reconciled | None:
        """Times converted to the target's unit (a month as 30 days); other units that differ are a doubt."""
        a, t_pct, a_pct = self.a, self.t_pct, self.a_pct
        if t_unit in _MINUTES and a_unit in _MINUTES and t_unit != a_unit:
            converted = a * _MINUTES[a_unit] / _MINUTES[t_unit]
            month = " (un mese = 30 giorni)" if "months" in (t_unit, a_unit) else ""
            self.notes.append(f"{_quantity(a, a_unit)} = {_quantity(round(converted, 4), t_unit)}{month}")
            self.a = converted
            self.rule = None
        elif t_unit and a_unit and t_unit != a_unit and not (t_pct or a_pct) and "count" not in (t_unit, a_unit):
            return self.doubt(f"il consuntivo è in {_UNIT_WORDS.get(a_unit, a_unit)} e il target in "
                              f"{_UNIT_WORDS.get(t_unit, t_unit)}: scriverli nella stessa unità")
        elif (t_pct or a_pct) and (t_unit not in (None, "percent") or a_unit not in (None, "percent")):
            return self.doubt(f"il consuntivo e il target sono in unità diverse "
                              f"({'%' if a_pct else _unit_words(a_unit)} e "
                              f"{'%' if t_pct else _unit_words(t_unit)}): scriverli nella stessa unità")
        return None


def _unit_words(unit: str | None) -> str:
    """A unit as the messages name it ('giorni'), or as written when they have no word for it."""
    return "" if unit is None else _UNIT_WORDS.get(unit, unit)


def doubt_finding(code: str, rec: Reconciled, target_at: Location | None, actual_at: Location | None) -> Finding:
    """The finding of a result whose actual and target cannot be put on one scale (both cells named)."""
    return warning(
        "unita-da-verificare",
        f"Il risultato {code} non si può calcolare: {rec.doubt}. Target in {target_at.cell if target_at else '-'}, "
        f"consuntivo in {actual_at.cell if actual_at else '-'}; finché non si corregge resta 'da verificare'.",
        actual_at or target_at)


# the rules by which a formula reads an actual cell, as reconcile() reads it
AS_IS = "as is"
AS_PERCENT = "x100"  # a %-formatted cell: 0,91 is 91%
FRACTION_IF_SMALL = "fraction if small"  # beside a % target above 1,5: 0 < |x| <= 1,5 is a fraction


def t_pct_of(target: Target) -> bool:
    return target.unit == "percent"


def empty_actual_rule(number_format: str | None, target: Target, t: float) -> str | None:
    """The rule for an actual cell still empty: what reconcile() would do with a number typed in it."""
    if is_percent_format(number_format):
        # beside a plain target beyond PLAIN_NOT_A_SHARE any number typed is a doubt: no formula
        return AS_PERCENT if t_pct_of(target) or abs(t) <= PLAIN_NOT_A_SHARE else None
    return FRACTION_IF_SMALL if t_pct_of(target) and t > 1.5 else AS_IS


def actual_formula(ref: str, rule: str, target: str) -> str:
    """The actual as an Excel expression, on the scale reconcile() gives it (one rule, two renderings);
    `target` is the target in points as an Excel number."""
    if rule == AS_PERCENT:
        return f"({ref}*100)"
    if rule == FRACTION_IF_SMALL:
        return f"IF(AND({ref}<>0,ABS({ref})<=1.5,ABS({ref})*100<={FRACTION_WITHIN}*ABS({target})),{ref}*100,{ref})"
    return ref


def actual_by_rule(x: float, rule: str, t: float) -> float:
    """The actual a formula reads from a cell holding `x` (actual_formula, in Python): `t` is the
    target in points."""
    if rule == AS_PERCENT:
        return x * 100
    if rule == FRACTION_IF_SMALL and x != 0 and abs(x) <= 1.5 and abs(x) * 100 <= FRACTION_WITHIN * abs(t):
        return x * 100
    return x


def actual_doubt_formula(ref: str, rule: str, target: str, target_percent: bool,
                         hint_fraction: bool = False, far_below: bool = False) -> str | None:
    """An Excel condition true when reconcile() could not tell the actual's scale, else None: a
    small number that is neither a fraction nor points of the target (small_actual_reading's
    DOUBT), a plain number beyond PLAIN_NOT_A_SHARE beside a percentage target, with `far_below`
    (asks_plain_far_below) one above 1,5 and PLAIN_FAR_BELOW times below it, or, beside a
    target read as a fraction because the unit says % (Target.hint_fraction), an actual that
    would make reconcile() read the target as points: the formula keeps the target's scale, so
    it asks instead of scoring."""
    conditions = []
    if hint_fraction:
        scaled, big = (f"({ref}*100)", f"{ref}<>0") if rule == AS_PERCENT else (ref, f"ABS({ref})>1.5")
        conditions.append(f"AND({big},ABS({target})>{FRACTION_WITHIN}*ABS({scaled}))")
        if rule != AS_PERCENT:  # a small fraction near the target read as points (reconcile's first case)
            conditions.append(f"AND({ref}<>0,ABS({ref})<=1.5,ABS({ref})*{100 * POINTS_FROM}<=ABS({target}),"
                              f"ABS({ref})*100>=ABS({target})/{100 * FRACTION_WITHIN},"
                              f"ABS({ref})*100<=ABS({target})*{FRACTION_WITHIN}/100)")
    if rule == FRACTION_IF_SMALL:
        conditions.append(f"AND({ref}<>0,ABS({ref})<=1.5,ABS({ref})*100>{FRACTION_WITHIN}*ABS({target}),"
                          f"ABS({ref})*100<{POINTS_FROM}*ABS({target}))")
    if rule in (FRACTION_IF_SMALL, AS_IS) and target_percent:
        conditions.append(f"ABS({ref})>{PLAIN_NOT_A_SHARE}")
        if far_below:
            conditions.append(f"AND({ref}>1.5,{target}>{PLAIN_FAR_BELOW}*{ref})")
    if not conditions:
        return None
    return conditions[0] if len(conditions) == 1 else f"OR({','.join(conditions)})"


# a completion said in words: a verb of completion (or the act that completes it), 'il' / 'in data' /
# 'del', one full date, nothing else ('realizzato il 15/06/2021', 'Sì (decreto del 15/06/2021)');
# 'realizzato parzialmente il', 'approvato in bozza il', 'decreto di proroga del' are not (found in review)
# the act named as offices name it: 'decreto', 'D.M. n. 45', 'delibera di Giunta n. 12/2024'
# (found in a third trial: 'adottato con D.M. n. 45 del 28/06/2024' was an error)
_ACT = r"(?:[a-z][a-z.']*\s+){0,6}(?:\d[\w/-]*\s*)?"
# (not a completion: 'decreto di proroga del', 'approvato in bozza il', 'avviata la procedura il')
_DONE_ON = re.compile(r"(?!.*\b(?:proroga|bozza|parzial|propost|avvi|rinvi|sospes|preliminar))"
                      r"(?:si\s*\(\s*)?(?:(?:realizzat|conclus|completat|adottat|approvat|pubblicat|consegnat|attivat)[oa]"
                      r"(?:\s+con\s+" + _ACT + r")?|(?:decreto|delibera|deliberazione|determina|determinazione|"
                      r"provvedimento|d\.?\s?m\.?|d\.?\s?d\.?|d\.?\s?g\.?\s?r\.?|dpcm|det\.)(?:\s*" + _ACT + r")?)"
                      r"\s*(?:il|in data|del)\s+(?P<date>\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4})\s*\)?\.?")


# '30 settembre 2024', 'il 30 settembre 2024', '1° luglio 2024': a whole date in words (found in a
# second trial: refused as a completion although the same words are read in a target)
_WORDS_DATE = re.compile(r"(?:il\s+)?(\d{1,2})\s*°?\s+(" + "|".join(MONTHS) + "|(?:" + MONTH_ABBREVIATION_PATTERN
                         + r")\.?)\s+(\d{4})\.?")
_ISO_DATE = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})\s*")  # '2024-07-15' (found in a trial: refused)


def _date_in_words(text: str) -> tuple[int, int, int] | None:
    iso = _ISO_DATE.fullmatch(text)
    if iso is not None:
        return int(iso.group(3)), int(iso.group(2)), int(iso.group(1))
    m = _WORDS_DATE.fullmatch(" ".join(fold(text).split()))
    if m is None:
        return None
    month = MONTH_ABBREVIATIONS[m.group(2).rstrip(".")[:3]]  # ('settembre'[:3] is 'set')
    return int(m.group(1)), month, int(m.group(3))


def _month_only(value: Value, deadline: dt.date | None, what: str) -> Reading | None:
    """A completion date its format shows as a month or a year ('giu-24': Excel keeps the 1st) beyond the
    deadline ('entro il 15/06/2024'): on time or not, the cell does not say (found in a trial: read as the
    1st, 'concluso il 01/06', 100%). Asked; a month wholly before the deadline is on time whatever the
    day (None: read it)."""
    raw = value.raw
    if not isinstance(raw, dt.date) or deadline is None:
        return None
    shown = shown_precision(value.number_format)
    day = raw.date() if isinstance(raw, dt.datetime) else raw
    last = (dt.date(day.year, 12, 31) if shown == "year" else
            dt.date(day.year + day.month // 12, day.month % 12 + 1, 1) - dt.timedelta(days=1))
    if shown == "day" or last <= deadline:
        return None
    said = f"solo l'anno ({day.year})" if shown == "year" else f"solo il mese ({day.month:02d}/{day.year})"
    return Reading(None, (warning(
        "consuntivo-senza-giorno",
        f"{what}: la cella mostra {said}, non il giorno: rispetto alla scadenza del {deadline.strftime('%d/%m/%Y')} "
        "non si sa se è stato concluso in tempo. Scrivere la data completa con un formato che mostri il giorno "
        "(gg/mm/aaaa); finché manca, il risultato è da verificare.", value.location),), undated=True)


def read_date(value: Value, what: str, year: int | None = None) -> Reading[dt.date]:
    """A completion date; `year` (the deadline's) is the year of the example in the message."""
    raw = value.raw
    loc = value.location
    if isinstance(raw, dt.datetime):
        return Reading(raw.date())
    if isinstance(raw, dt.date):
        return Reading(raw)
    if isinstance(raw, str):
        m = _DATE.match(raw)
        if m is None:
            # 'realizzato il 15/06/2021', 'adottato con decreto del 15/06/2021': a completion said
            # in words with one full date is that date (found in a second trial: an error)
            done = _DONE_ON.fullmatch(fold(raw).strip())
            m = _DATE.match(done.group("date")) if done is not None else None
        iso = _ISO_DATE.match(raw) if m is None else None
        if iso is not None:  # '2018-04-27 00:00:00', as pandas writes a date as text (found in a trial: an error)
            parts: tuple[int, ...] | None = (int(iso.group(3)), int(iso.group(2)), int(iso.group(1)))
        else:
            parts = tuple(int(g) for g in m.groups()) if m else _date_in_words(raw)
        if parts:
            d, mth, y = parts
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
        f"(es. 28/04/{year or dt.date.today().year}), o lasciare vuoto se non è ancora concluso.", loc),))


def milestone_key(raw: object) -> str:
    """An answer to a SI/NO target as it is looked up in YES and NO: lower case, no accents, no dots,
    single spaces ('Realizzato.' -> 'realizzato'). milestone_formula() does the same in Excel."""
    return " ".join(fold(str(raw)).replace(".", "").split())


def milestone_formula(ref: str, expected: bool, missing: str) -> str:
    """The grado (1 or 0; `missing` when empty or when the answer is neither, as the computation counts
    an unreadable answer: 'Dato mancante') of a SI/NO target from the cell `ref`, by the same words
    as read_bool: one rule, two renderings."""
    key = f'TRIM(SUBSTITUTE(LOWER({ref}),".",""))'
    yes = "{" + ",".join(f'"{w}"' for w in sorted(YES)) + "}"
    no = "{" + ",".join(f'"{w}"' for w in sorted(NO)) + "}"
    hit, miss = ("1", "0") if expected else ("0", "1")
    return (f'IF({ref}="",{missing},IF(ISNUMBER(MATCH({key},{yes},0)),{hit},'
            f'IF(ISNUMBER(MATCH({key},{no},0)),{miss},{missing})))')


def read_bool(value: Value, what: str, deadline: dt.date | None = None) -> Reading:
    """SI or NO; against a milestone with a deadline ('Adozione del regolamento entro il 30/06'), a
    completion date too, and the date of the act that proves a SI: it says whether it was on time."""
    raw = value.raw
    if isinstance(raw, bool):
        return Reading(raw)
    shown = format_words(raw, value.number_format) if isinstance(raw, (int, float)) else None
    if shown is not None:
        raw = shown  # what the cell shows: 2 as SI by '"SI";"SI";"NO"' (found in a trial: an error)
    elif isinstance(raw, (int, float)) and raw in (0, 1):
        return Reading(bool(raw))
    text = milestone_key(raw)
    if text in YES:
        return Reading(True)
    if text in NO:
        return Reading(False)
    answer = _answer_with_act(text)
    if answer is not None:
        dated = _dated_answer(text, value, what) if deadline is not None and answer == "SI" else None
        if dated is not None:
            return dated
        return Reading(answer == "SI", (warning(
            "consuntivo-con-nota",
            f"{what}: '{str(raw).strip()}' è letto come {answer}, e il resto come una nota. Conviene scrivere "
            f"{answer} da solo e la nota nella colonna delle note.", value.location),))
    if deadline is not None and (isinstance(raw, dt.date) or (isinstance(raw, str) and _DATE.match(raw))):
        # a completion date against 'Adozione ... entro il 30/06': compared with it (found in a trial: an
        # error that told to write the target as 'entro il ...', which it was)
        month_only = _month_only(value, deadline, what)
        return month_only if month_only is not None else read_date(value, what, deadline.year)
    if isinstance(raw, dt.date):  # a completion date against SI/NO (found in a trial: quoted as '2024-04-30 00:00:00')
        return Reading(None, (error(
            "consuntivo-non-valido",
            f"{what}: '{fmt(raw)}' è una data, e il target chiede SI o NO. Se conta la data, scrivere il target "
            "come scadenza ('entro il ...'); altrimenti scrivere SI o NO.", value.location),))
    return Reading(None, (error(
        "consuntivo-non-valido",
        f"{what}: '{raw}' non dice se l'attività è realizzata. Scrivere SI o NO.", value.location),))


# an answer, then a remark after a comma, colon, dash or bracket (milestone_key's form: lower case, no accents or dots)
# ... or a word that answers, then the act ('approvato con delibera n 12 del 15/05/2025', 'adottato il 15/05/2025':
# found in a trial of Comuni, refused)
_ANSWER_AND_REMARK = re.compile(r"^(si|no|(?:approvat|adottat|realizzat|conclus|completat|raggiunt)[oa])"
                                r"(?:\s*[,;:(\-–]\s*|\s+(?=(?:con|il|in data|dgr|dgc|dcc|determina|decreto)\b))(.+)$")
# a remark that takes the answer back in part: not read
_HEDGED = re.compile(r"\b(?:parzial\w*|in parte|non|ma|tranne|salvo|eccetto|avviat\w*|in corso|da|incomplet\w*|"
                     r"attesa|bozza|propost\w*|trasmess\w*|previst\w*|entro|solo|quasi|circa|su|rinvi\w*|sospes\w*|"
                     r"annullat\w*|revocat\w*|respint\w*|ritirat\w*|bocciat\w*|differit\w*|avvio|iniziat\w*)\b|%")
# an act that proves the answer: a resolution, a decree, a determination, its number or date
_PROVING_ACT = re.compile(r"\b(?:dgr|dgc|dcc|dcr|dpgr|dd|ddg|dm|dpcm|delibera\w*|determina\w*|decreto|provvedimento|"
                          r"ordinanza|prot|protocollo|verbale|n|nr|approvat\w*|adottat\w*|pubblicat\w*)\b|\d{1,2}/\d{4}|"
                          r"\d{1,2}/\d{1,2}/\d{2,4}")

_DATE_IN_REMARK = r"(\d{1,2}/\d{1,2}/\d{2,4})\b"
# the date an act was done, in a remark after SI (milestone_key's form: no dots): 'adottato il 15/07/2024',
# 'DGR n 1234 del 12/12/2024'; not a date of something else ('dato al 31/12', 'in vigore dal 01/09')
_DONE_ON_DATE = re.compile(
    r"\b(?:(?:adottat|approvat|conclus|realizzat|completat|pubblicat|deliberat|emanat|firmat|sottoscritt|"
    r"avvenut|effettuat)\w*\s+(?:il|in data)|(?:dgr|dgc|dcc|dcr|dpgr|dd|ddg|dm|dpcm|delibera\w*|determina\w*|"
    r"decreto|provvedimento|ordinanza|verbale)\b[^,;()]{0,40}?\bdel)\s+" + _DATE_IN_REMARK)


def _answer_with_act(text: str) -> str | None:
    """'SI' or 'NO' for an answer followed by the act that proves it ('SI, con DGR n 1234 del 12/12/2024',
    'Sì (DGR 12/2024)'; found in a trial of Regioni: an error), else None: any other remark may take the
    answer back ('SI (in attesa di approvazione)', 'SI, bozza trasmessa': found in review). `text` is
    milestone_key's form."""
    answered = _ANSWER_AND_REMARK.match(text)
    if answered is None or not _PROVING_ACT.search(answered.group(2)) or _HEDGED.search(answered.group(2)):
        return None
    return "SI" if answered.group(1) in YES else "NO"


def _dated_answer(text: str, value: Value, what: str) -> Reading | None:
    """The completion date of a SI whose act gives it ('SI, adottato il 15/07/2024' against 'entro il
    30/06': done, late; found in a trial: 100%), as a date reading said at the cell, or None."""
    dated = _completion_date(text)
    when = read_date(Value(dated, value.location), what) if dated is not None else None
    if when is None or when.value is None:
        return None
    return Reading(when.value, (warning(
        "consuntivo-con-nota",
        f"{what}: '{str(value.raw).strip()}' è letto come concluso il {fmt(when.value)} (la data nella nota), "
        "da confrontare con la scadenza. Conviene scrivere la data da sola e la nota nella colonna delle "
        "note.", value.location),))


def _completion_date(remark: str) -> str | None:
    """The one date a remark after SI gives as when the act was done ('in vigore dal 01/09/2024 (DCC n
    12 del 20/06/2024)': 20/06), or None (none, or several)."""
    dates = set(_DONE_ON_DATE.findall(remark))
    return dates.pop() if len(dates) == 1 else None

_SIGNS = frozenset({"+", "=", "++", "--", "+/-"})


def actuals_are_signs(plan: Plan) -> bool:
    """Whether the actual column holds signs ('+' above, '=' in line, '-' below the target, as a
    legend under some tables says): there '-' is a result below target, not a missing figure
    (found in a trial: the '-' left the mean and its objective showed 100% 'raggiunto')."""
    return any(isinstance(v.raw, str) and v.raw.strip() in _SIGNS
               for r in plan.results.values() for v in (r.values.get("actual"),) if v is not None)


# an actual not there yet, as offices write it: 'in corso', 'in attesa del dato', 'non ancora
# disponibile'; a few words may follow, no figure ('in corso (raggiunto il 40%)' carries one, and
# 'non comunicata', 'non pervenuti' are answers: NO, none; found in review)
_PENDING = re.compile(
    r"(?:(?:attivita|procedura|dato|rilevazione)\s+)?"
    r"(?:in\s+(?:corso|attesa|lavorazione|elaborazione|rilevazione|aggiornamento|via\s+di|fase\s+di)"
    r"|da\s+(?:rilevare|aggiornare|comunicare)"
    r"|(?:non\s+ancora|non)\s+disponibile|non\s+ancora\s+(?:pervenut[oaie]|rilevat[oaie]|comunicat[oaie]))"
    r"(?:\s+[a-z']+){0,5}")


def is_pending(raw) -> bool:
    return isinstance(raw, str) and with_remark(_PENDING, fold(raw).strip(), quiet=True)  # ('in attesa (delibera 45)')


def read_actual(value: Value | None, target: Target | None, code: str, *, signs: bool = False,
                cap: float = 100.0) -> Reading[Actual]:
    """Read a result's actual the way its target needs it (`signs`: see actuals_are_signs; `cap`: the
    profile's 'Tetto grado indicatore', for a number that reads two ways)."""
    if value is None or _is_blank(value.raw):
        return Reading(None, absent=True)
    what = f"Il consuntivo del risultato {code}"
    if signs and isinstance(value.raw, str) and value.raw.strip() in _SIGNS | {"-"}:
        return Reading(None, (error(
            "consuntivo-non-valido",
            f"{what} è '{value.raw.strip()}', un segno (sopra, in linea o sotto il target), non un valore: "
            "scrivere il valore raggiunto, o forzare il grado con la sua nota.", value.location),))
    if is_not_applicable(value.raw):
        # 'N.A.', 'non applicabile': the result does not apply, not a figure missing (found in a trial: 0% under
        # 'Dato mancante' = zero, said as 'il dato non è disponibile')
        return Reading(None, (warning(
            "consuntivo-non-disponibile",
            f"{what} è '{str(value.raw).strip()}': il risultato non si applica e resta fuori dal calcolo (non è un "
            "dato mancante: non conta come 0 nemmeno con 'Dato mancante' = zero).", value.location),), absent=True)
    if is_not_available(value.raw):
        # 'n.d.', '-': the office says the figure is missing, as an empty cell would (it was an error)
        return Reading(None, (warning(
            "consuntivo-non-disponibile",
            f"{what} è '{str(value.raw).strip()}': il dato non è disponibile e il risultato è trattato come "
            "senza consuntivo (impostazione 'Dato mancante').", value.location),), absent=True)
    kind = expected_kind(target)
    if is_pending(value.raw):
        # 'in corso', 'in attesa del dato': the figure is not there yet, as 'n.d.' (found in a trial:
        # an error, and the whole run of a Camera di commercio exited 1)
        done = " A fine anno, se l'attività non è conclusa, scrivere NO." if kind == "bool" else \
            " A fine anno, se la scadenza non è rispettata, scrivere la data di completamento." \
            if kind == "date" else ""
        return Reading(None, (warning(
            "consuntivo-non-disponibile",
            f"{what} è '{str(value.raw).strip()}': il dato non c'è ancora e il risultato è trattato come "
            f"senza consuntivo (impostazione 'Dato mancante').{done}", value.location),), absent=True)
    if kind == "date":
        year = target.deadline.year if target is not None and target.deadline else None
        answer = milestone_key(value.raw) if isinstance(value.raw, (str, bool)) else None
        if answer in YES:
            # concluded, but a deadline is met or missed by its date (found in a trial: an error that
            # stopped the run); not guessed: to be checked at the cell until the date is written
            return Reading(None, (warning(
                "consuntivo-senza-data",
                f"{what} è '{'VERO' if value.raw is True else str(value.raw).strip()}': l'attività risulta conclusa, "
                "ma per una scadenza conta la "
                f"data. Scrivere la data di conclusione (es. 28/04/{year or dt.date.today().year}); finché "
                "manca, il risultato è da verificare.", value.location),), undated=True)
        if answer in NO:
            return Reading(False)  # not concluded: as an empty cell during the year, late at its end
        if answer is not None and _answer_with_act(answer) == "SI":
            # 'SI, adottato il 15/07/2024' against 'entro il 30/06/2024' as against 'Adozione ... entro il
            # 30/06/2024' (found in a trial: an error here, read there); without the act's date, undated
            dated = _dated_answer(answer, value, what)
            if dated is not None:
                return dated
            return Reading(None, (warning(
                "consuntivo-senza-data",
                f"{what} è '{str(value.raw).strip()}': l'attività risulta conclusa, ma per una scadenza conta la "
                f"data. Scrivere la data di conclusione (es. 28/04/{year or dt.date.today().year}); finché manca, "
                "il risultato è da verificare.", value.location),), undated=True)
        month_only = _month_only(value, target.deadline if target is not None else None, what)
        return month_only if month_only is not None else read_date(value, what, year)
    if kind == "bool":
        return read_bool(value, what, target.deadline if target is not None and target.milestone else None)
    return read_number(value, target, what, cap)


FRACTION_GRADE_MAX = 3  # a plain number up to 3 in a grado's cell is a fraction: 1 = 100%, 0,85 = 85%


def plain_number(value: Value) -> float | None:
    """The cell's number when it is a plain one: not a boolean, not formatted as a percentage."""
    raw = value.raw
    if isinstance(raw, (int, float)) and not isinstance(raw, bool) and not is_percent_format(value.number_format):
        return float(raw)
    return None


def fraction_grade(value: Value) -> float | None:
    """A grado written as a plain fraction (up to FRACTION_GRADE_MAX), in points; None when the
    cell is not one. The one rule for a forced grado and the office's published grado."""
    number = plain_number(value)
    return number * 100 if number is not None and abs(number) <= FRACTION_GRADE_MAX else None


def forced_grade(value: Value | None, code: str, cap: float) -> Reading[float]:
    """A 'Grado forzato' cell as a grado in points: '100%', 100, a %-formatted 1, or a plain
    fraction up to 3 (1 = 100%, 0,85 = 85%); it must lie between 0 and the indicator's cap
    (found in review: 1e20 was accepted, 1e30 stopped the program). The one reading, for verifica
    and the computation."""
    reading = read_weight(value, code)
    if reading.value is None or value is None:  # no cell is an absent weight
        return reading
    raw = value.raw
    forced = reading.value
    fraction = fraction_grade(value)
    if fraction is not None:
        forced = fraction  # 1 = 100%, as a fraction
    if not 0 <= forced <= cap:
        return Reading(None, (error(
            "forzatura-non-valida",
            f"Il grado forzato del risultato {code} ('{raw}') è fuori dall'intervallo da 0% a {fmt(cap)}%: "
            "scrivere es. 100%.", value.location),))
    return Reading(forced)


_POINTS_WORD = re.compile(r"^\s*(?:punti|punteggio|pt\.?|p\.?ti)\s*:?\s*(?=\d)|(?<=\d)\s*(?:punti|pt\.?|p\.?ti)\s*$",
                          re.I)


def read_weight(value: Value | None, code: str, whose: str | None = None) -> Reading[float]:
    """A weight in points: '20', 20, '20%', 0,20 (a fraction) are all read; fractions are kept as written
    and normalised by the caller, since 0,20 + 0,80 and 20 + 80 are both complete."""
    if value is None or _is_blank(value.raw) or (isinstance(value.raw, str) and value.raw.strip() in ("-", "–", "—")):
        return Reading(None, absent=True)  # a dash: no weight, as an empty cell (found in a trial)
    raw = value.raw
    loc = value.location
    if isinstance(raw, bool) or isinstance(raw, (dt.date, dt.datetime)):
        number = None
    elif isinstance(raw, (int, float)):
        number = float(raw) * (100 if is_percent_format(value.number_format) else 1)
        if not math.isfinite(number):
            number = None
    else:
        text = _POINTS_WORD.sub("", str(raw)).strip()  # 'punti 20', '20 punti' (found in a trial: refused)
        number = parse_number(text.rstrip("%").strip())  # '20%' and '20' are both 20 points
    if number is None:
        return Reading(None, (error(
            "peso-non-valido", f"Il peso {whose or 'del risultato ' + code} ('{raw}') non è un numero: scrivere es. 20 "
            "(per cento) o lasciare vuoto per pesi uguali.", loc),))
    if number < 0:
        return Reading(None, (error(
            "peso-non-valido", f"Il peso {whose or 'del risultato ' + code} è negativo ({number:g}): i pesi vanno da 0 a 100.",
            loc),))
    return Reading(number)


_SHOWN_SCALE = {1e3: "migliaia", 1e6: "milioni", 1e9: "miliardi"}
_MAGNITUDE_HEADERS = ((re.compile(r"\bmld\b|\bmiliardi\b"), 1e9, "in miliardi"),
                      (re.compile(r"\bmln\b|\bmilioni\b|\bm€"), 1e6, "in milioni"),
                      (re.compile(r"\bmigliaia\b|€\s*/\s*000\b|\bk€|\(000\)"), 1e3, "in migliaia"))


def column_magnitudes(plan: Plan, result: Result, *, series: bool = False
                      ) -> tuple[Magnitude | None, Magnitude | None]:
    """((factor, words) or None) for the target and the actual: the magnitude the header of their
    column gives its plain numbers ('Valore atteso (€/mln)', 'Consuntivo in migliaia di euro'), typed
    as numbers or as text ('≥ 2', '1,5'); a cell that says its own ('9M€', '2 milioni') keeps it.

    The row's unit ('Unità di misura: milioni di euro') gives a plain number its magnitude when the
    other value says its own: '3,5' beside '3,2 milioni' is 3.500.000 (it was 3,5 against 3.200.000:
    100%, found in review). Two plain numbers are on one scale and left as they are (unit_magnitude
    asks when they are not). `series`: the actual is a monthly series, not the actual column's cell."""
    table = plan.table
    out: list[Magnitude | None] = []
    own: list[bool] = []
    for role in ("target", "actual"):
        found: Magnitude | None = None
        value = result.values.get(role)
        col = table.columns.get(role) if table is not None else None
        cell = value if value is not None and not (series and role == "actual") else None
        raw = cell.raw if cell is not None else None
        said = cell is not None and cell_magnitude(cell) is not None
        plain = ((isinstance(raw, (int, float)) and not isinstance(raw, bool)) or isinstance(raw, str)) and not said
        own.append(said)
        if table is not None and col and plain and not (series and role == "actual"):
            found = _header_magnitude(table.headers.get(col, ""))
        out.append(found)
    unit = unit_magnitude(result)
    if unit is not None and out == [None, None] and own[0] != own[1]:
        side = 1 if own[0] else 0  # the plain one
        out[side] = unit._replace(said_by="l'unità di misura")
    return out[0], out[1]


def cell_magnitude(value: Value) -> float | None:
    """The magnitude a cell gives its number itself: in its text ('450 mila', '9M€') or by its
    format (450.000 shown as '450' in thousands, '1,8 mln')."""
    raw = value.raw
    if isinstance(raw, str):
        return magnitude_of(raw)
    if isinstance(raw, (int, float)) and not isinstance(raw, bool) and not is_percent_format(value.number_format):
        shows = format_reading(value.number_format)
        return shows[1] if shows is not None else None
    return None


def unit_magnitude(result: Result) -> Magnitude | None:
    """The magnitude the row's unit gives its values ('milioni di euro', 'M€', 'migliaia di euro')."""
    unit = result.value("unit")
    return _header_magnitude(unit) if isinstance(unit, str) else None


# a magnitude the indicator's own text gives its figures: 'Proventi riscossi (mln €)', '(migliaia di euro)',
# 'in migliaia di euro'
_TEXT_MAGNITUDE = re.compile(r"\((?:in\s+|importi\s+in\s+)?(?:mln|mld|milioni|miliardi|migliaia|k€|m€|€\s*/\s*000)[^)]{0,20}\)"
                             r"|\bin\s+(?:milioni|migliaia|miliardi)\s+di\s+euro\b")


BY_INDICATOR = "il testo dell'indicatore"


def row_unit(result: Result) -> Magnitude | None:
    """The magnitude a row's values are in, by its unit or, without one, by its indicator's text
    ('Proventi riscossi (mln €)'): with it reconcile asks about a target and an actual about that many
    times apart (found in a trial: 1.450.000 against '>= 1,5' scored 100%). Only for that question: a
    value is never scaled by words in the indicator's text."""
    unit = unit_magnitude(result)
    if unit is not None or result.value("unit") is not None:
        return unit
    found = _TEXT_MAGNITUDE.search(fold(result.text))
    if found is None:
        return None
    magnitude = _header_magnitude(found.group(0))
    return magnitude._replace(said_by=BY_INDICATOR) if magnitude is not None else None


@lru_cache(maxsize=256)
def _header_magnitude(header: str) -> Magnitude | None:
    """(factor, words) for a header that gives its column's magnitude, once per header."""
    folded = fold(header)
    for pattern, factor, words in _MAGNITUDE_HEADERS:
        if pattern.search(folded):
            return Magnitude(factor, words)
    return None


_PERCENT_WORDS = re.compile(r"%|\bpercentual[ei]\b|\bper\s?cento\b|\bpercento\b")


@lru_cache(maxsize=256)
def _header_says_percent(header: str) -> str | None:
    if header and _PERCENT_WORDS.search(fold(header)):
        return f"l'intestazione '{' '.join(header.split())}' dice %"
    return None


def percent_context(plan: Plan, result: Result) -> str | None:
    """What says that a result's values are percentages besides the cells themselves: its unit
    ('Unità di misura: %'), the header of its target or actual column ('Target %', 'Risultato %'),
    or the indicator's own text ('Percentuale di ...', '% di ...'). Italian, for the note; None
    when nothing does."""
    unit = result.value("unit")
    if unit is not None and unit_of(str(unit)) == "percent":
        return "l'unità di misura è %"
    table = plan.table
    if table is not None:
        for role in ("target", "actual"):
            col = table.columns.get(role)
            said = _header_says_percent(table.headers.get(col, "") if col else "")
            if said:
                return said
    if _PERCENT_WORDS.search(fold(result.text or "")) and not (result.target is not None
                                                             and result.target.unit == "count"):
        # ('almeno 10 pagine ... (almeno 80% delle attività)': a target of pages is a count, whatever
        # else the text mentions; found in a trial: 'Consuntivo 46% rispetto al target >= 40%')
        return "l'indicatore è una percentuale"
    return None
