"""What a result's cells mean, resolved against the rest of the plan: its target as read (with the
unit column, the cell's format, the plan's year: parse_targets, which the reader runs so that the
plan it returns is complete), the measure of the 'Dati mensili' sheet a target or a formula names,
the expression of its 'Algoritmo di calcolo', the prior year's value a baseline target compares with.

The computation uses these to score, the checks to report what does not resolve; neither owns them.
"""

from __future__ import annotations

import datetime
import math
import re
from dataclasses import replace

from .codes import split_code
from .columns import header_moment, header_years
from .findings import Finding, Location, error, warning
from ..xlsx.arithmetic import FormulaError, names, parse
from ..xlsx.refs import a1, parse_a1
from .model import Plan, Result, Target
from .period import last_day
from .targets import (STRUCK, TIME_UNITS, format_reading, is_not_available, is_percent_format, may_be_kept_low, parse_target,
                      read_polarity, revision_word, shown_decimals, speaks_of_time, without_acts,
                      unit_of)
from .settings import parse_number
from .text import cell_text, fmt, fold
from .values import percent_context, read_actual
from .vocabulary import TimeRule


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


def unit_hint(result: Result) -> str | None:
    raw = result.value("unit")
    return unit_of(str(raw)) if raw is not None else None


def earlier_completion(plan: Plan) -> list[Finding]:
    """'Valore al 30/06 | Valore al 31/12': a deadline met or an act done, written in June's column,
    with December's cell left empty (as offices leave a finished milestone) is done in December too:
    June's cell is the actual, said at the empty cell (found in a trial: 0%, 'non concluso', exit 0).
    What was not done by June says nothing of December: only a completion is carried."""
    table = plan.table
    if table is None or "actual" not in table.columns:
        return []
    found = []
    for result in plan.results.values():
        target = result.target
        if not result.earlier_actuals or target is None or target.kind not in ("deadline", "milestone"):
            continue
        own = result.values.get("actual")
        if own is not None and cell_text(own.raw):
            continue  # the cell says something ('in corso', 'n.d.'): it is read, nothing is carried (found in review)
        for earlier in result.earlier_actuals:
            reading = read_actual(earlier, target, result.code)
            if reading.absent:
                continue
            header = table.headers.get(parse_a1(earlier.location.cell or "A1")[1], "")
            moment = header_moment(header)
            year = (moment[0] or plan.profile.anno) if moment is not None else None
            if isinstance(reading.value, datetime.date) and moment is not None and year and reading.value > \
                    last_day(year, moment[1]).replace(day=min(moment[2], last_day(year, moment[1]).day)):
                break  # a date after the column's own moment is a forecast, not a completion (found in review)
            if reading.value is True or isinstance(reading.value, datetime.date):
                empty = Location(table.sheet, a1(result.row, table.columns["actual"]))
                result.values["actual"] = earlier
                found.append(warning(
                    "consuntivo-precedente",
                    f"Il risultato {result.code} non ha un valore in '{table.headers.get(table.columns['actual'])}' "
                    f"({empty.cell}): vale la conclusione scritta in "
                    f"'{header}' ({earlier.location.cell}), "
                    f"'{fmt(earlier.raw) if isinstance(earlier.raw, datetime.date) else cell_text(earlier.raw)}'. "
                    "Se non è così, scrivere il valore nella cella vuota.", empty))
            break
    return found


def parse_targets(plan: Plan) -> None:
    """Targets repeat in real plans ('>= 90%', 'SI'): each distinct reading is done once (Target is
    immutable). What the reading depends on besides the text: the unit column, whether the cell is
    formatted as %, whether the indicator measures a time, and the plan's year."""
    year = plan.profile.anno
    time_max = plan.profile.time_rule == TimeRule.MAXIMUM
    seen: dict[tuple, Target] = {}
    for result in plan.results.values():
        value = result.values.get("target")
        if value is not None:
            hint = unit_hint(result)
            # a number's format: % (0,95 for 95%), or words and a scale it shows ('20 ore', '500 mila')
            shown_format = value.number_format if isinstance(value.raw, (int, float, datetime.date)) else None
            timed = speaks_of_time(result.text)
            bare = (isinstance(value.raw, (int, float)) and not isinstance(value.raw, bool)) or \
                (isinstance(value.raw, str) and parse_number(value.raw) is not None)  # ('0,75' as text: review)
            if timed and hint is None and bare and (format_reading(shown_format) or (1, None, None))[2] is None \
                    and percent_context(plan, result) is not None:
                # 'Percentuale di soddisfazione ... e tempi di risposta' 0,75: a share, whatever its format says
                # (found in a trial: saved without its % format by pandas it was a time, a maximum, 100%); a
                # target that writes its unit ('<= 30 giorni') keeps it (found in review: asked)
                hint = "percent"
            low = may_be_kept_low(result.text)
            direction = read_polarity(result.value("polarity"))
            key: tuple | None
            target: Target | None
            key = (type(value.raw), value.raw, hint, shown_format, timed, low, direction)
            try:
                target = seen.get(key)
            except TypeError:  # an unhashable value: read it directly
                target, key = None, None
            if target is None:
                target = parse_target(value.raw, year=year, unit_hint=hint,
                                      number_format=shown_format,
                                      time_context=timed, time_max=time_max, kept_low=low, direction=direction)
                if key is not None:
                    seen[key] = target
            if value.formula is not None and value.raw == 0 and not isinstance(value.raw, bool) \
                    and target.kind == "value" and not target.uncertain:
                # a target computed by a formula and saved as 0: most likely a file saved without
                # recalculating ('=85%+5%' written by a program, re-saved by LibreOffice), and a target
                # of 0 scores anything 100%: asked (found in review)
                target = replace(target, uncertain=True, reasons=target.reasons + (
                    f"il target è una formula ('={value.formula[:40]}') che nel file vale 0: se il file non è stato "
                    "ricalcolato, aprirlo e salvarlo in Excel; se 0 è giusto, scriverlo come numero",))
            target = _asked_if_shown_rounded(value, target)
            result.target = _with_baseline_year(plan, result, _with_baseline_unit(
                result, _with_text_deadline(result, _with_column_deadline(result, target, year), year)))
        elif plan.table is not None and "target" not in plan.table.columns and result.is_leaf:
            result.target = target_in_text(result, year, time_max)
        if result.withdrawn is not None and result.is_leaf and result.target is not None:
            result.target = _asked_if_withdrawn(result, result.target)


def _asked_if_shown_rounded(value, target: Target) -> Target:
    """A target typed as a number that its format shows rounded (0,8925 shown as 89%, a target computed
    and pasted): the office reads the one, the tool would score the other; asked, as a rounded actual
    is (found in a trial: 89% against 0,8925 scored 99,72%, 'parzialmente raggiunto')."""
    from .scoring import rounded

    raw = value.raw
    if target.kind != "value" or target.uncertain or isinstance(raw, bool) or not isinstance(raw, (int, float)) \
            or not math.isfinite(raw):
        return target
    decimals = shown_decimals(value.number_format)
    if decimals is None:
        return target
    shown = float(rounded(raw, decimals))
    if abs(shown - raw) <= 1e-9 * max(1.0, abs(raw)):
        return target
    percent = is_percent_format(value.number_format)
    held, seen = (f"{fmt(round(raw * 100, 10))}%", f"{fmt(shown * 100)}%") if percent else (fmt(raw), fmt(shown))
    return replace(target, uncertain=True, reasons=target.reasons + (
        f"la cella del target vale {held} ma il suo formato la mostra arrotondata ({seen}): scrivere il target con "
        f"le cifre che valgono ({seen} o {held})",))


def _asked_if_withdrawn(result: Result, target: Target) -> Target:
    """A result whose note, status column or title says it is withdrawn or not assessed (Result.withdrawn)
    and that would be scored all the same: asked, at the cell that says so (found in three trials: '2 su 3'
    for the office's '2 su 2', exit 0). Not when the office already took it out ('N.A.' in the target or
    the actual), nor when the target is asked anyway."""
    assert result.withdrawn is not None
    if target.kind in ("empty", "placeholder") or target.uncertain or is_not_available(result.value("actual")):
        return target
    where, text, word = result.withdrawn
    shown = " ".join(str(text).split())
    shown = f"'{shown[:60]}{'…' if len(shown) > 60 else ''}'"
    # (the sheet named: a manager's file from dividi has other cells where these are: found in review)
    cell = f"la cella {where.cell} del foglio '{where.sheet}'"
    said = (f"{cell} ha il testo barrato, in tutto o in parte ({shown}), e piano-xlsx legge anche quello barrato"
            if word == STRUCK else f"{cell} dice {shown} ({word})")
    undo = "togliere il testo barrato (o la barratura)" if word == STRUCK else f"togliere '{word}' da quella cella"
    return replace(target, uncertain=True, reasons=target.reasons + (
        f"{said}: se il risultato non va valutato, scrivere 'N.A.' nel target (resta fuori dal calcolo e il suo peso "
        f"va agli altri) o toglierlo dalla tabella; se va valutato, {undo}",))


def revision_notes(plan: Plan) -> list[Finding]:
    """Notes that say a target, weight or deadline was revised ('target rimodulato a >= 80%', 'scadenza
    prorogata al 31/10'): the calculation reads the cells, which may still hold the old value (found in a
    trial: the old target used without a word). Said at the note, with what is read."""
    out = []
    for result in plan.results.values():
        note = result.values.get("note")
        word = revision_word(note.raw) if note is not None and isinstance(note.raw, str) else None
        if word is None or note is None or (result.withdrawn is not None and result.withdrawn[0] == note.location):
            continue
        target = result.values.get("target")
        read = f"il target della sua cella ('{cell_text(target.raw)}')" if target is not None else "il target della tabella"
        shown = " ".join(str(note.raw).split())
        out.append(warning(
            "nota-di-rimodulazione",
            f"La nota del risultato {result.code} dice '{shown[:80]}{'…' if len(shown) > 80 else ''}' ({word}): il "
            f"calcolo usa {read} e le altre celle della riga. Se il target, il peso o la scadenza sono cambiati, "
            "scriverli nelle loro celle (il valore nuovo al posto di quello vecchio).", note.location))
    return out


_NAMES_PRIOR_YEAR = re.compile(r"\b(?:precedente|scorso|[tn]\s?-\s?1)\b")


def _with_baseline_year(plan: Plan, result: Result, target: Target) -> Target:
    """A target relative to a year ('rispetto al 2023', or the year before the plan's) beside a
    starting value whose column names another year ('Baseline 2022'): which value is meant cannot
    be told (found in a trial: 2022's value was used as 2023's, and the note said 2023)."""
    cell, table = result.values.get("baseline"), plan.table
    col = table.columns.get("baseline") if table is not None else None
    if table is None or col is None or cell is None or target.kind != "baseline" or target.baseline_year is None \
            or target.uncertain:
        return target
    header = table.headers.get(col, "")
    years = header_years(header)
    if not years and _NAMES_PRIOR_YEAR.search(fold(header)) and plan.profile.anno:
        # 'Valore anno precedente' in a 2025 plan holds 2024's value (found in a trial: '+5% rispetto al
        # 2023' was computed on it, and the note said 2023)
        years = [plan.profile.anno - 1]
    if not years or target.baseline_year in years:
        return target
    if str(target.baseline_year) not in target.text and not _NAMES_PRIOR_YEAR.search(fold(target.text)):
        # 'rispetto alla baseline', 'riduzione del 10%': the column's value, of the column's year
        # (found in review: asked as if the target named the year before the plan's)
        return replace(target, baseline_year=years[-1])
    return replace(target, uncertain=True, reasons=target.reasons + (
        f"il target si riferisce al {target.baseline_year}, ma la colonna del valore di partenza è del "
        f"{'/'.join(str(y) for y in years)} ('{header}'): scrivere il target rispetto a quell'anno "
        f"('rispetto al {years[-1]}') o il valore del {target.baseline_year}",))


def _with_baseline_unit(result: Result, target: Target) -> Target:
    """A target relative to last year ('+5% rispetto al 2023') is in the unit of last year's value: a
    percentage when its cell is one (95%), so that a count beside it is asked, not scored (found in a
    trial: 4.200 loans against 95% x 1,05 scored 100%, exit 0)."""
    cell = result.values.get("baseline")
    if target.kind != "baseline" or target.unit is not None or cell is None:
        return target
    if not (is_percent_format(cell.number_format) or (isinstance(cell.raw, str) and "%" in cell.raw)):
        return target
    if target.value is not None and target.value != 1 and "%" in target.text:
        # '+10%' of 50% is 55% or 60% (ten points): offices write both (found in a trial: 55%, unsaid);
        # one reading only when the other is impossible (4% less 50 points; found in review)
        prior = _percent_value(cell)
        change = (target.value - 1) * 100
        relative = None if prior is None else prior * target.value
        points = None if prior is None else prior + change
        if points is not None and not 0 <= points <= 100:
            return replace(target, unit="percent")
        more = "in più" if change > 0 else "in meno"
        readings = (f"{fmt(relative)}% ({fmt(abs(change))}% {more} del valore, {fmt(prior)}%) o {fmt(points)}% "
                    f"({fmt(abs(change))} punti percentuali {more})" if relative is not None and points is not None
                    else f"{fmt(abs(change))}% {more} del valore o {fmt(abs(change))} punti percentuali {more}")
        example = f"{target.comparator or '>='} {fmt(relative)}%" if relative is not None else \
            f"{target.comparator or '>='} ...%"
        return replace(target, unit="percent", uncertain=True, reasons=target.reasons + (
            f"'{target.text.strip()}' su un valore che è già una percentuale può voler dire {readings}: scrivere "
            f"il valore da raggiungere (es. '{example}')",))
    return replace(target, unit="percent")


def _percent_value(cell) -> float | None:
    """A starting value written as a percentage, in points (0,04 formatted as % is 4), read as the
    prior year's value is (prior_year)."""
    reading = read_actual(cell, None, "")
    value = reading.value
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _with_column_deadline(result: Result, target: Target, year: int | None) -> Target:
    """A value or a milestone without a date of its own takes the one of the table's 'Scadenza'
    column (found in a trial: the column was read and never used, so '>= 4' or 'SI' due by June
    were still 'in corso' in July, exit 0)."""
    cell = result.values.get("deadline")
    if target.kind not in ("value", "milestone") or target.deadline is not None or cell is None:
        return target
    raw = cell.raw
    when = None
    if isinstance(raw, datetime.date):  # (a date shown as a month, 'giu-24', is due at its end: found in review)
        when = parse_target(raw, year=year, number_format=cell.number_format).deadline
    if when is None and isinstance(raw, str) and raw.strip():
        read = parse_target(raw, year=year)
        when = read.deadline if read.kind == "deadline" and not read.uncertain else None
        dates = set(_ANY_DATE.findall(without_acts(fold(raw)))) if when is None else set()
        if len(dates) == 1 and (_POSTPONED.search(fold(raw)) or _FROM_DATE.search(fold(raw))):
            # 'Entro 60 gg dal 01/07/2025', '30/06/2025 (prorogata a fine anno)': not that date (found in review)
            return replace(target, uncertain=True, reasons=target.reasons + (
                f"la scadenza della cella {cell.location.cell} ('{' '.join(raw.split())[:60]}') non è una data sola: "
                "scrivere la data che vale",))
        if len(dates) == 1:
            # one date beside an act or a remark ('31/12/2025 (DGC 45/2025)'): that date (found in review: asked)
            read = parse_target(f"entro il {dates.pop()}", year=year)
            when = read.deadline if read.kind == "deadline" and not read.uncertain else None
        elif len(dates) > 1 and (target.kind == "milestone" or _POSTPONED.search(fold(raw))):
            # a deadline moved ('30/06/2025 -> 31/10/2025', '30/06 (prorogata al 31/10)'), or several for an act to
            # do: asked, not dropped (found in a trial: scored as if it had no date, 100% for a late act); the dates
            # of a count's reports ('31/03, 30/06, 30/09, 31/12') stay as before, the year's end
            why = "; ".join(read.reasons) or "più date"
            return replace(target, uncertain=True, reasons=target.reasons + (
                f"la scadenza della cella {cell.location.cell} ('{' '.join(raw.split())[:60]}') non si legge ({why}): "
                "scrivere una sola data, quella che vale",))
    if when is None or (year is not None and when.year != year):
        # a date of another year (a three-year plan's 31/12/2026): not this year's target's date;
        # the checks say so (scadenza-fuori-anno), the target is due at the year's end (review)
        return target
    return replace(target, deadline=when)


_POSTPONED = re.compile(r"->|→|=>|\bprorog|\brinvi|\bdiffer|\bspostat|\bposticip|\bex\b|\bnuova\s+scadenza|\bgia\b|"
                        r"\bora\b|\bfine\s+anno\b")
# a term counted from the date ('entro 60 gg dal 01/07', 'a partire dal 01/03'): the date is not the deadline
# ('come previsto dal regolamento' is not one)
_FROM_DATE = re.compile(r"\bentro\s+\d+\s*(?:gg|giorni|mesi|settimane)\b|\ba\s+partire\s+da|"
                        r"\b(?:dal|dalla|dall')\s*(?:\d|data|ricevimento|richiesta|notifica|avvio|inizio|presentazione)")
_ANY_DATE = re.compile(r"\b\d{1,2}[./-]\d{1,2}(?:[./-]\d{2,4})?\b")
_TEXT_DEADLINE = re.compile(r"\bentro\s+(?:il|l'|la\s+data\s+del)\s*\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b")


def _with_text_deadline(result: Result, target: Target, year: int | None) -> Target:
    """A milestone ('SI') without a date of its own takes the one its indicator's text states
    ('Adozione del regolamento entro il 30/06/2024'), as it would written in the target cell (found in
    a trial: 'SI' in December, or 'SI, adottato il 15/07/2024', scored 100%, the date in the text unseen)."""
    if target.kind != "milestone" or target.deadline is not None or target.milestone is not True:
        return target
    text = fold(result.text or "")
    found = _TEXT_DEADLINE.search(text)
    if found is None or len(_ANY_DATE.findall(text)) != 1:
        # two dates ('entro il 30/06/2024 e il 31/12/2024', 'del piano approvato entro il 31/01 ... entro il
        # ...'): which one is the milestone's is not told (found in review: the first one, 0%)
        return target
    read = parse_target(found.group(0), year=year)
    when = read.deadline if read.kind == "deadline" and not read.uncertain else None
    if when is None or (year is not None and when.year != year):
        return target
    return replace(target, deadline=when, deadline_from_text=True)


_WITHIN_TIME = re.compile(r"\bentro\s+(?:(?:i|le|il)\s+)?\d+\s*(?:ore|ora|h|giorni|gg|minuti|min|mesi|settimane)\b")


def target_in_text(result: Result, year, time_max: bool):
    """Without a target column, a target written in the indicator's own text ('esaustività 95%',
    'almeno 5 report entro il 30/06'): read when the text says it plainly (a comparator, a %, a
    date), else None. The checks say which were read this way (target-dal-testo)."""
    text = result.text or ""
    code, rest = split_code(text)
    if code is not None:
        text = rest  # "1.1 Esaustività ... 95%": the code is not a value
    if not re.search(r"\d", text):
        return None
    target = parse_target(text, year=year, time_context=speaks_of_time(text), time_max=time_max,
                          kept_low=may_be_kept_low(text))
    if target.kind == "value" and target.unit in TIME_UNITS and _WITHIN_TIME.search(fold(text)):
        # 'Segnalazioni evase entro 48 ore': the time is part of what is counted, not the target
        # (found in a user trial: the target became '<= 48' and the real 90% was not seen)
        return None
    if target.kind in ("deadline", "range") or (target.kind == "value" and (
            target.comparator_written or target.percent_written)):
        return replace(target, from_text=True)  # uncertain ones too: the finding says why
    return None  # numbers in a description ('Report 1 o 2 volte'), not a target


__all__ = ["algorithm", "earlier_completion", "find_series", "parse_targets", "prior_year", "revision_notes", "target_in_text",
           "unit_hint"]
