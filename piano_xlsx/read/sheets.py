"""The workbook's other sheets: settings, monthly data, individual objectives."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection

from ..core.codes import split_code
from ..core.columns import header_years, match_role, part_of_year, period_end, period_length
from ..core.findings import Finding, Location, cell_problem, error, warning
from ..core.period import MONTHS
from ..core.model import IndividualObjective, Plan, Series, Value, person_key, role_key
from ..core.settings import SETTINGS_SHEET, Profile, build_profile, find_setting, parse_number
from ..core.targets import format_reading, is_percent_format
from ..core.text import cell_text, fmt, fold
from ..core.values import read_weight
from ..xlsx.reader import Sheet, Workbook
from ..xlsx.refs import a1

SETTINGS_NAMES = (fold(SETTINGS_SHEET), "impostazioni", "parametri", "impostazioni piano")
DATA_NAMES = ("dati mensili", "dati", "misure", "dati di monitoraggio", "monitoraggio mensile")
INDIVIDUAL_NAMES = ("obiettivi individuali", "obiettivi individuali dirigenti", "performance individuale")



def find_sheet(workbook: Workbook, names: Collection[str]) -> Sheet | None:
    for sheet in workbook.sheets:
        if sheet.kind == "worksheet" and fold(sheet.name) in names:
            return sheet
    return None


# --------------------------------------------------------------------------- settings


def _label_column(sheet: Sheet) -> int:
    """The column of the settings' labels: A, or B when A holds an index (pandas' to_excel writes one:
    found in a trial, every setting was 'non riconosciuta' and the default rules gave '7 su 10')."""
    def known(col: int) -> int:
        return sum(1 for row in range(1, min(sheet.max_row, 60) + 1)
                   if find_setting(cell_text(sheet.value(row, col))) is not None)
    if known(1) == 0 and known(2) >= 2 and all(
            isinstance(sheet.value(row, 1), (int, float)) or not cell_text(sheet.value(row, 1))
            for row in range(1, sheet.max_row + 1)):
        return 2
    return 1


def read_settings(workbook: Workbook) -> tuple[Profile, list[Finding], str | None]:
    """(Profile, findings, sheet name or None). Column A: label; column B: value (B and C after an index)."""
    sheet = find_sheet(workbook, SETTINGS_NAMES)
    if sheet is None:
        return build_profile([])[0], [], None
    entries = []
    findings: list[Finding] = []
    label_col = _label_column(sheet)
    for row in range(1, sheet.max_row + 1):
        label = cell_text(sheet.value(row, label_col))
        if not label or fold(label) in ("impostazione", "impostazioni", "parametro", "voce"):
            continue
        cell = sheet.cell(row, label_col + 1)
        loc = Location(sheet.name, a1(row, label_col + 1))
        problem = cell_problem(cell, loc)
        if problem is not None:
            findings.append(problem)
            continue
        raw = cell.value if cell is not None else None
        if cell is not None and isinstance(raw, (int, float)) and not isinstance(raw, bool) \
                and cell.number_format and "%" in cell.number_format:
            raw = f"{raw * 100:g}%"
        entries.append((label, raw, loc))
    profile, more = build_profile(entries)
    return profile, findings + more, sheet.name


# --------------------------------------------------------------------------- monthly data


def _period_key(text: str, year: int | None) -> str | None:
    """'I trimestre 2024', '2° semestre 2024', 'Q3 2024', 'Primo trimestre': the month the period ends
    with (a monitoring by quarter holds each quarter's value at its last month), when the header is
    the period and its year alone (columns.part_of_year, the one reading of such words)."""
    part = part_of_year(text)
    month = period_end(part) if part is not None else None
    if part is None or month is None:
        return None
    rest = (text[:part.start()] + " " + text[part.end():]).strip(" -/'")
    m = re.fullmatch(r"(?:(?:anno\s+)?(\d{4}|\d{2}))?", rest)
    if m is None:
        return None
    y = int(m.group(1)) + (2000 if len(m.group(1)) == 2 else 0) if m.group(1) else year
    return f"{y:04d}-{month:02d}" if y else None


def month_key(value, year: int | None) -> str | None:
    """'AAAA-MM' for a month header: a date cell, '2018-01', '01/2018', 'gen 2018', 'gennaio', 'gen-18';
    a period's last month for 'I trimestre 2024', '2° semestre', 'Q3 2024' (found in a trial of an
    Unione di comuni monitoring by quarter: the whole sheet was dropped)."""
    if isinstance(value, (dt.date, dt.datetime)):
        return f"{value.year:04d}-{value.month:02d}"
    text = fold(cell_text(value))
    if not text:
        return None
    period = _period_key(text, year)
    if period is not None:
        return period
    m = re.fullmatch(r"(\d{4})[-/.](\d{1,2})", text)
    if m and 1 <= int(m.group(2)) <= 12:
        return f"{int(m.group(1)):04d}-{int(m.group(2)):02d}"
    m = re.fullmatch(r"(\d{1,2})[-/.](\d{4})", text)
    if m and 1 <= int(m.group(1)) <= 12:
        return f"{int(m.group(2)):04d}-{int(m.group(1)):02d}"
    m = re.fullmatch(r"([a-z]+)\.?(?:[\s\-/']+(\d{2}|\d{4}))?", text)
    if m:
        word, yy = m.group(1), m.group(2)
        matches = [i + 1 for i, name in enumerate(MONTHS) if len(word) >= 3 and name.startswith(word)]
        if len(matches) != 1:
            return None
        month = matches[0]
        if yy:
            y = int(yy) + (2000 if len(yy) == 2 else 0)
        elif year:
            y = year
        else:
            return None
        return f"{y:04d}-{month:02d}"
    return None


def number_of(cell_value, number_format: str | None = None) -> tuple[float | None, bool]:
    """(number, typed_as_text). Text such as '12,5' or '1.234' is read as a number."""
    if isinstance(cell_value, bool):
        return None, False
    if isinstance(cell_value, (int, float)):
        return float(cell_value), False
    if isinstance(cell_value, str):
        text = cell_value.strip().replace("€", "").strip()
        percent = text.endswith("%")
        number = parse_number(text.rstrip("%").strip())
        if number is not None:
            return number, True
        if percent:
            return None, True
    return None, False


def read_series(workbook, plan: Plan) -> list[Finding]:
    """The monthly data sheet: a series per row (a code, its months' values), into plan.series."""
    sheet = find_sheet(workbook, DATA_NAMES)
    if sheet is None:
        return []
    year = plan.profile.anno
    header = _series_header(sheet, year)
    if header is None:
        return _no_series_header(sheet)
    header_row, months, cols = header
    findings: list[Finding] = []
    months = _unique_months(sheet, header_row, months, findings)
    if year:
        findings += _months_outside_year(sheet, header_row, months, year)
    prior_col = cols["prior"]
    value_columns: list[tuple[int, str | None]] = [(prior_col, None)] if prior_col else []  # key None: prior year
    value_columns += sorted(months.items())
    month_columns = {key: col for col, key in value_columns if key is not None}
    code_col = cols["code"]
    assert code_col is not None  # the header row is the one with 'Codice' (or 'Misura')
    for row in range(header_row + 1, sheet.max_row + 1):
        code = cell_text(sheet.value(row, code_col))
        if not code:
            continue
        loc = Location(sheet.name, a1(row, code_col))
        if code in plan.series:
            findings.append(error("codice-duplicato",
                                  f"Il codice '{code}' compare due volte nel foglio '{sheet.name}' (anche in "
                                  f"{plan.series[code].location.cell}): lasciarne una riga sola.", loc))
            continue
        series = _series_of_row(sheet, row, code, loc, cols, findings)
        series.cadence = cols["cadence"] or 1
        series.row, series.month_columns = row, month_columns
        _read_series_values(sheet, row, series, value_columns, findings)
        if series.cumulative:
            findings += _decreasing(series, sheet, row, months)
        plan.series[code] = series
    return findings


def _series_header(sheet: Sheet, year: int | None) -> tuple[int, dict[int, str], dict[str, int | None]] | None:
    """(header row, {column: 'AAAA-MM'}, the columns of code, description, series kind and prior year)
    among the first 30 rows: the row with 'Codice' (or 'Misura') and at least one month; None if none."""
    for row in range(1, min(sheet.max_row, 30) + 1):
        found = {}
        periods = set()
        columns = sheet.columns_in_row(row)
        for col in columns:
            key = month_key(sheet.value(row, col), year)
            if key:
                found[col] = key
                if not isinstance(sheet.value(row, col), (dt.date, dt.datetime)) and \
                        part_of_year(fold(cell_text(sheet.value(row, col)))) is not None:
                    periods.add(col)
        if periods and len(periods) < len(found):
            # months and their quarters' subtotals side by side: the months are the data (found in review:
            # 'mese-ripetuto' for each quarter's end)
            found = {col: key for col, key in found.items() if col not in periods}
            periods = set()
        lengths = {period_length(part) for col in periods
                   for part in (part_of_year(fold(cell_text(sheet.value(row, col)))),) if part is not None}
        labels = {fold(cell_text(sheet.value(row, c))): c for c in columns}
        if len(found) >= 1 and ("codice" in labels or "misura" in labels):
            cols = {"code": labels.get("codice", labels.get("misura")),
                    "description": labels.get("descrizione"),
                    "series": labels.get("serie", labels.get("tipo serie")),
                    "prior": labels.get("anno precedente", labels.get("valore anno precedente")),
                    # a sheet by quarter or half-year: the months between its readings
                    "cadence": lengths.pop() if len(lengths) == 1 and len(periods) == len(found) else 1}
            return row, found, cols
    return None


def _no_series_header(sheet: Sheet) -> list[Finding]:
    """A data sheet without a header row is ignored: said, unless the sheet is empty."""
    filled = {r for (r, _c), cell in sheet.cells.items() if cell.value not in (None, "")}
    if len(filled) <= 1:
        return []  # an empty data sheet, as in the blank template: nothing to read
    return [warning(
        "dati-mensili-senza-intestazione",
        f"Il foglio '{sheet.name}' non ha una riga di intestazione con 'Codice' e i mesi (es. 'gen 2018' o "
        "date del primo del mese; con i soli nomi dei mesi, 'gen', serve l'Anno del piano nelle "
        "Impostazioni): il foglio viene ignorato.", Location(sheet.name, "A1"))]


def _unique_months(sheet: Sheet, header_row: int, months: dict[int, str],
                   findings: list[Finding]) -> dict[int, str]:
    """{column: month} keeping the first column of each month; a month heading two columns is an error."""
    seen_month: dict[str, int] = {}
    for col, key in sorted(months.items()):
        if key in seen_month:
            # February labelled 'gen 2018' too: which column is January cannot be told
            findings.append(error(
                "mese-ripetuto",
                f"Il mese {key} è intestazione di due colonne ({a1(header_row, seen_month[key])} e "
                f"{a1(header_row, col)}): correggere l'intestazione sbagliata. Finché c'è il doppione, i valori "
                "della seconda colonna non vengono letti.", Location(sheet.name, a1(header_row, col))))
        else:
            seen_month[key] = col
    return {col: key for key, col in seen_month.items()}


def _months_outside_year(sheet: Sheet, header_row: int, months: dict[int, str], year: int) -> list[Finding]:
    return [warning("mese-fuori-anno", f"La colonna del mese {key} non è dell'anno del piano ({year}).",
                    Location(sheet.name, a1(header_row, col)))
            for col, key in months.items() if not key.startswith(str(year))]


def _series_of_row(sheet: Sheet, row: int, code: str, loc: Location, cols: dict[str, int | None],
                   findings: list[Finding]) -> Series:
    """The row's series without its values: code, description and kind (cumulative or not)."""
    kind_text = ""
    series_col = cols["series"]
    if series_col:
        kind_text = fold(cell_text(sheet.value(row, series_col)))
        if kind_text and not kind_text.startswith(("cumul", "puntual", "progressiv")):
            findings.append(error(
                "serie-non-valida",
                f"Il tipo di serie '{cell_text(sheet.value(row, series_col))}' non è valido: scrivere 'cumulata' "
                "(il valore del mese comprende i mesi precedenti) o 'puntuale' (il valore vale per quel mese).",
                Location(sheet.name, a1(row, series_col))))
    return Series(code=code, description=cell_text(sheet.value(row, cols["description"])) if cols["description"]
                  else "", cumulative=kind_text.startswith(("cumul", "progressiv")), location=loc)


def _read_series_values(sheet: Sheet, row: int, series: Series, value_columns: list[tuple[int, str | None]],
                        findings: list[Finding]) -> None:
    """The row's prior year (month key None) and months into the series, and whether it is in percent."""
    cells = sheet.cells
    numbers = percents = 0  # the months' numbers, and how many are formatted as percentages
    formats: set[str | None] = set()  # the months' number formats
    for col, key in value_columns:
        cell = cells.get((row, col))
        if cell is None:
            continue
        value = cell.value
        # the common case, fast
        if (type(value) is float or type(value) is int) and cell.cached and cell.error is None:
            if key is None:
                series.prior_year = float(value)
                series.prior_percent = cell.number_format is not None and is_percent_format(cell.number_format)
            else:
                series.months[key] = float(value)
                numbers += 1
                percents += cell.number_format is not None and is_percent_format(cell.number_format)
                formats.add(cell.number_format)
            continue
        if value is None and cell.formula is None:
            continue
        number = _slow_value(cell, Location(sheet.name, a1(row, col)), series.code, findings)
        if number is None:
            continue
        if key is None:
            series.prior_year = number
        else:
            series.months[key] = number
    # every month a percentage cell: 0,84 is 84% (found in a trial: 'letto come 84%' every month)
    # ... unless the numbers are points typed in percentage cells (84 shown 8.400%: found in review)
    series.percent = numbers > 0 and percents == numbers and all(abs(v) <= 3 for v in series.months.values())
    shows = format_reading(formats.pop()) if len(formats) == 1 else None
    if shows is not None:
        # months shown in thousands, millions, days ('#,##0,', '0.0" mln"', '0" gg"'), read as the table's
        # cells are (found in review: 480.000 shown 480 against '>= 500' scored 100%)
        factor, series.magnitude, series.unit = shows
        if factor != 1:
            series.months = {k: v * factor for k, v in series.months.items()}
            if series.prior_year is not None:
                series.prior_year *= factor


def _slow_value(cell, cell_loc: Location, code: str, findings: list[Finding]) -> float | None:
    """The number of a cell that is not a plain cached number (an error, text, a formula not computed),
    or None when there is none; what is wrong with it is said in findings."""
    problem = cell_problem(cell, cell_loc)
    if problem is not None:
        findings.append(problem)
        return None
    value = cell.value
    if isinstance(value, str) and not value.strip():
        return None
    number, as_text = number_of(value)
    if number is None:
        findings.append(error(
            "valore-non-numerico",
            f"Il valore '{cell_text(value)}' di '{code}' non è un numero: scrivere un numero "
            "(es. 12,5) o lasciare vuoto se il dato manca.", cell_loc))
        return None
    if as_text:
        findings.append(warning(
            "numero-come-testo",
            f"Il valore '{cell_text(value)}' di '{code}' è scritto come testo: viene letto come "
            f"{fmt(number)}. Conviene scriverlo come numero.", cell_loc))
    return number


def _decreasing(series: Series, sheet, row: int, months: dict[int, str]) -> list[Finding]:
    """A cumulative series holds the total from the start of the year: it cannot go down."""
    by_key = {key: col for col, key in months.items()}
    out = []
    previous = None
    for key in sorted(series.months):
        value = series.months[key]
        if previous is not None and value < previous[1]:
            out.append(warning(
                "serie-cumulata-in-calo",
                f"La serie cumulata '{series.code}' scende da {fmt(previous[1])} ({previous[0]}) a {fmt(value)} "
                f"({key}): una serie cumulata comprende i mesi precedenti e non può calare. Correggere il valore "
                "o indicare la serie come 'puntuale'.", Location(sheet.name, a1(row, by_key[key]))))
        previous = (key, value)
    return out


# --------------------------------------------------------------------------- individual objectives sheet

_IND_HEADERS = {
    "person": ("persona", "nome", "valutato", "dirigente", "responsabile"),
    "role": ("ruolo", "incarico", "qualifica"),
    "code": ("codice", "cod.", "n."),
    "text": ("obiettivo individuale", "obiettivi individuali", "obiettivo", "descrizione"),
    "links": ("obiettivi di ente collegati", "obiettivi collegati", "obiettivi di ente", "collegamento",
              "obiettivo di ente collegato"),
    "weight": ("peso %", "peso", "peso (%)", "ponderazione"),
}


_TOTAL = re.compile(r"total[ei]\b")
_WEIGHTS_SPLIT = re.compile(r"[;\n/]|\s+e\s+|,\s+(?=\d)")


def _split_list(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"[;,\n]|\s+e\s+", text) if p.strip()]


def _individual_header(sheet, year: int | None = None) -> tuple[int | None, dict[str, int]]:
    """The header row of the individual objectives' sheet (Persona ... Obiettivi di ente collegati).
    Of weight columns of several years ('Peso 2023 | Peso 2024'), the plan year's, else the yearless
    one (found in review: the leftmost, last year's, was read)."""
    for row in range(1, min(sheet.max_row, 20) + 1):
        found: dict[str, int] = {}
        weights: list[tuple[int, list[int]]] = []
        for col in sheet.columns_in_row(row):
            h = fold(cell_text(sheet.value(row, col)))
            for key, words in _IND_HEADERS.items():
                if key not in found and h in words:
                    found[key] = col
                    break
            else:
                # 'Peso obiettivo', 'Pesatura', 'Peso 2024' as the table's weights are named (found in a trial:
                # only the exact words counted, and the weights were ignored without a word)
                if h and match_role(h) in ("weight", "objective_weight"):
                    weights.append((col, header_years(h)))
        if "weight" not in found and weights:
            chosen = [c for c, ys in weights if year is not None and ys == [year]] or [c for c, ys in weights if not ys]
            if chosen:
                found["weight"] = chosen[0]
            elif len(weights) == 1 and year is None:
                found["weight"] = weights[0][0]
        if {"person", "links"} <= set(found):
            return row, found
    return None, {}


def individual_sheet(workbook: Workbook) -> Sheet | None:
    """The sheet of individual objectives in piano-xlsx's form (a person per row, linked to the
    body's objectives), or None. A sheet with that name laid out as a linkage table (a manager's
    objectives with their indicators, targets and actuals) is not it: it is read as the table."""
    sheet = find_sheet(workbook, INDIVIDUAL_NAMES)
    if sheet is not None and _individual_header(sheet)[0] is not None:
        return sheet
    # 'Obiettivi individuali 2024', 'Obiettivi dirigenti', 'Ob. individuali' with the sheet's header
    # (found in a trial: not named exactly, the sheet was left out without a word)
    for other in workbook.sheets:
        name = fold(other.name)
        if other is not sheet and other.kind == "worksheet" and ("individual" in name or "dirigent" in name):
            row, _ = _individual_header(other)
            # (a sheet 'Obiettivi dirigenti' holding the linkage table, with indicators, targets and actuals, is
            # the table: found in review)
            if row is not None and not any(match_role(cell_text(other.value(row, c))) in ("target", "actual", "result")
                                           for c in other.columns_in_row(row)):
                return other
    return None


def read_individual_sheet(workbook, plan: Plan) -> list[Finding]:
    sheet = individual_sheet(workbook)
    if sheet is None:
        return []
    findings: list[Finding] = []
    header_row, cols = _individual_header(sheet, plan.profile.anno)
    assert header_row is not None  # individual_sheet returns only a sheet with the header
    unread = [c for c in sheet.columns_in_row(header_row) if "weight" not in cols
              and match_role(cell_text(sheet.value(header_row, c))) in ("weight", "objective_weight")]
    if unread:
        shown = ", ".join(f"'{cell_text(sheet.value(header_row, c))}'" for c in unread)
        year = plan.profile.anno
        why = "sono di un altro anno" if year else "sono di anni diversi e l'anno del piano non è indicato"
        findings.append(warning(
            "peso-di-altro-anno",
            f"Le colonne dei pesi degli obiettivi individuali {shown} {why} e non vengono lette: gli obiettivi di "
            "ogni persona pesano allo stesso modo. "
            + (f"Se valgono anche per il {year}, dirlo nell'intestazione ('Peso')." if year else
               "Scrivere l'anno nel foglio 'Impostazioni' alla voce 'Anno del piano'."),
            Location(sheet.name, a1(header_row, unread[0]))))
    measured = [c for c in sheet.columns_in_row(header_row) if c not in cols.values()
                and match_role(cell_text(sheet.value(header_row, c))) in ("target", "actual")]
    actuals = [c for c in measured if match_role(cell_text(sheet.value(header_row, c))) == "actual"]
    if not any(cell_text(sheet.value(r, c)) for c in actuals for r in range(header_row + 1, sheet.max_row + 1)):
        measured = []  # a target repeated as text, or empty columns: nothing measured to ignore (found in review)
    if measured:
        # an individual objective with its own target and actual: the grado comes from the linked entity
        # objectives, those values would be ignored (found in a trial: 90% where its own 30 gg against 45
        # gave 66,67%, exit 0)
        shown = ", ".join(f"'{cell_text(sheet.value(header_row, c))}'" for c in measured)
        findings.append(error(
            "obiettivi-individuali-misurati",
            f"Il foglio '{sheet.name}' ha target o consuntivi propri degli obiettivi individuali ({shown}): piano-xlsx "
            "calcola un obiettivo individuale dagli obiettivi di ente collegati, e quei valori non verrebbero letti. "
            "Mettere quegli indicatori nella tabella di collegamento (come risultati di un obiettivo) e collegare "
            "l'obiettivo individuale a quell'obiettivo, oppure togliere le colonne.",
            Location(sheet.name, a1(header_row, measured[0]))))
    counters: dict[str, int] = {}
    spelled: dict[str, str] = {}  # a name folded -> its first spelling
    merged: dict[tuple[str, str], Location] = {}  # (first spelling, another read as the same person) -> where
    previous: tuple[str, str | None] = ("", None)  # the person and role of the row before
    for row in range(header_row + 1, sheet.max_row + 1):
        # a name merged over its rows is each row's; spaces and capitals do not make another person
        # ('MARIO ROSSI', 'Anna  Bianchi ': found in a trial, each became a second person)
        person = " ".join(cell_text(sheet.merged_value(row, cols["person"])).split())
        if person:
            first = spelled.setdefault(person_key(person), person)
            if fold(first) != fold(person) and (first, person) not in merged:
                # 'Rossi Mario' read as 'Dott. Mario Rossi': said, a merge of two people is never silent
                merged[(first, person)] = Location(sheet.name, a1(row, cols["person"]))
            person = first
        links_text = cell_text(sheet.value(row, cols["links"]))
        text = cell_text(sheet.value(row, cols["text"])) if "text" in cols else ""
        if not person and not links_text and not text:
            continue
        if not links_text and (_TOTAL.match(fold(person)) or _TOTAL.match(fold(text))):
            continue  # 'Totale 100' under a person's objectives, as a scheda closes them (found in a trial)
        loc = Location(sheet.name, a1(row, cols["person"]))
        if not person:
            findings.append(error("persona-mancante", "Manca il nome della persona a cui è assegnato "
                                  "l'obiettivo individuale: scriverlo nella colonna 'Persona'.", loc))
            continue
        counters[person] = counters.get(person, 0) + 1
        code = cell_text(sheet.value(row, cols["code"])) if "code" in cols else ""
        links = [re.sub(r"(?i)^obiettivo\s+", "", part).rstrip(".") for part in _split_list(links_text)]
        links_loc = Location(sheet.name, a1(row, cols["links"]))
        if not links:
            findings.append(error("collegamento-mancante",
                                  f"L'obiettivo individuale di {person} non è collegato a nessun obiettivo di ente: "
                                  "scrivere i codici degli obiettivi, es. '1; 10'.", links_loc))
        number, title = split_code(text, objective=True) if text else (None, "")
        # the role as the name is read: merged over its rows, or written once on a person's first row (found
        # in review: the rows without it became a third evaluation, two roles mixed)
        role = " ".join(cell_text(sheet.merged_value(row, cols["role"])).split()) or None if "role" in cols else None
        if role is None and previous[0] == person:
            role = previous[1]
        previous = (person, role)
        ind = IndividualObjective(person=person, code=code or number or str(counters[person]), title=title, text=text,
                                  location=loc, objectives=links, link_weights=[None] * len(links),
                                  role=role)
        ind.objectives_location = links_loc  # type: ignore[attr-defined]
        if "weight" in cols:
            wcell = sheet.cell(row, cols["weight"])
            wcell_value = wcell.value if wcell is not None else None
            wformat = wcell.number_format if wcell is not None else None
            wloc = Location(sheet.name, a1(row, cols["weight"]))
            if wcell_value is not None and cell_text(wcell_value):
                # each weight as the table's are read (values.read_weight: '60', '60%', a %-formatted 0,6, a
                # fraction kept as written); a list split on ';', ', ', ' e ', not on a decimal comma (found
                # in a trial: '0,6; 0,4' were four weights, and 3 was read as 300)
                parts = _WEIGHTS_SPLIT.split(cell_text(wcell_value)) if isinstance(wcell_value, str) else [wcell_value]
                numbers = [read_weight(Value(p.strip() if isinstance(p, str) else p, wloc,
                                             None if isinstance(p, str) else wformat), ind.code,
                                       whose=f"dell'obiettivo individuale {ind.code} di {person}").value
                           for p in parts if not isinstance(p, str) or p.strip()]
                if len(numbers) == 1 and len(links) > 1 and isinstance(wcell_value, str):
                    # '60,40' for two objectives: two weights, not 60,4 (found in review)
                    parts = cell_text(wcell_value).split(",")
                    split = [parse_number(p) for p in parts]
                    if len(split) == len(links) and all(n is not None for n in split):
                        numbers = split
                if any(n is None or n < 0 for n in numbers):
                    findings.append(error("peso-non-valido",
                                          f"Il peso '{cell_text(wcell_value)}' non è un numero non negativo: "
                                          "scrivere es. '60' oppure, per più obiettivi collegati, '60; 40'.", wloc))
                elif len(numbers) > 1 and len(numbers) == len(links):
                    ind.link_weights = numbers
                elif len(numbers) == 1:
                    ind.weight = numbers[0]
                else:
                    findings.append(error("peso-non-valido",
                                          f"I pesi '{cell_text(wcell_value)}' sono {len(numbers)} ma gli obiettivi "
                                          f"collegati sono {len(links)}: scriverne uno per obiettivo collegato.",
                                          wloc))
        plan.individuals.append(ind)
    for (first, other), loc in merged.items():
        findings.append(warning(
            "stessa-persona",
            f"'{other}' è letto come la stessa persona di '{first}' (stesse parole del nome, in un altro ordine o con "
            "un titolo): i suoi obiettivi individuali sono nella stessa valutazione. Se sono due persone, scriverne i "
            "nomi in modo che si distinguano (ad es. con il nome di battesimo).", loc))
    _one_evaluation_per_role(plan)
    return findings


def _one_evaluation_per_role(plan: Plan) -> None:
    """A person with two roles (Segretario Generale, and Dirigente of an area ad interim) has one
    evaluation per role: each role's objectives are weighed on their own (found in a trial: merged
    into one, and with weights of 100 per role refused as 'sommano a 200')."""
    roles: dict[str, dict[str, str]] = {}  # person -> a role folded -> its first spelling
    for ind in plan.individuals:
        if ind.role:
            roles.setdefault(ind.person, {}).setdefault(role_key(ind.role), ind.role)
    for ind in plan.individuals:
        spellings = roles.get(ind.person, {})
        if len(spellings) > 1 and ind.role:
            # one name per role however it is written ('Segretario generale', 'Segretario Generale': review;
            # 'SG': found in a trial, two evaluations); a role often ends in brackets ('(ad interim)'): joined
            # with a dash
            ind.person = f"{ind.person} - {spellings[role_key(ind.role)]}"


# --------------------------------------------------------------------------- history (owned by piano-xlsx)

HISTORY_SHEET = "Storico"
HISTORY_SIGNATURE = "Storico dei gradi - piano-xlsx"
HISTORY_HEADER_ROW = 4
STATUS_PREFIX = "stato "


_HISTORY_PERIOD = re.compile(r"\d{4}-(?:0[1-9]|1[0-2])|finale")  # the Storico's column labels (history.period_key)


def read_history(workbook, owned: list[str], values: bool = True):
    """The snapshots recorded by earlier runs, from the owned 'Storico' sheet (empty when absent).
    `values` False: the workbook was read without the recorded grado and status (read.load.load_plan),
    only the periods, nodes and fingerprints are taken (and history.values_read is False)."""
    from ..core.history import FINGERPRINT_KEY, History

    history = History()
    sheet = workbook.sheet(HISTORY_SHEET) if HISTORY_SHEET in owned else None
    if sheet is None:
        return history
    grado_cols: dict[int, str] = {}
    status_cols: dict[int, str] = {}
    for col in range(4, sheet.max_col + 1):
        header = cell_text(sheet.value(HISTORY_HEADER_ROW, col))
        label = header[len(STATUS_PREFIX):] if header.startswith(STATUS_PREFIX) else header
        if not _HISTORY_PERIOD.fullmatch(label):
            # a note the office typed beside the periods ('nota ufficio: giugno provvisorio') is not a
            # period (found in a trial: it became one, sorted after December, and named the backups)
            if header:
                history.notes.append((Location(sheet.name, a1(HISTORY_HEADER_ROW, col)), header))
            continue
        if header.startswith(STATUS_PREFIX):
            status_cols[col] = label
        else:
            grado_cols[col] = label
    history.periods = sorted(set(grado_cols.values()) | set(status_cols.values()),
                             key=lambda p: (p == "finale", p))
    for row in range(HISTORY_HEADER_ROW + 1, sheet.max_row + 1):
        level, code = cell_text(sheet.value(row, 1)), cell_text(sheet.value(row, 2))
        if not level or not code:
            continue
        key = (level, code)
        if key == FINGERPRINT_KEY:  # not a node: the data each period stood on
            for col, period in status_cols.items():
                text = cell_text(sheet.value(row, col))
                if text:
                    history.fingerprints[period] = text
            continue
        history.nodes.append((level, code, cell_text(sheet.value(row, 3))))
        if not values:
            continue
        for col, period in grado_cols.items():
            value = sheet.value(row, col)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                history.grado.setdefault(key, {})[period] = float(value)
            elif period in status_cols.values():
                history.grado.setdefault(key, {})[period] = None
        for col, period in status_cols.items():
            status = cell_text(sheet.value(row, col))
            if status:
                history.status.setdefault(key, {})[period] = status
    if values:
        history.notes += _typed_in(sheet, set(grado_cols) | set(status_cols))
    history.values_read = values or not history.nodes
    return history


def _typed_in(sheet, periods: set[int]) -> list[tuple[Location, str]]:
    """Text or numbers in the Storico where piano-xlsx writes nothing: under or beside its rows, in the
    empty column between the gradi and the statuses, above the header but for the title and the line
    under it. Not kept by the next run, so said (read only when the sheet's values are)."""
    out = []
    for (row, col), cell in sheet.cells.items():
        if row == HISTORY_HEADER_ROW or (col == 1 and row < HISTORY_HEADER_ROW):
            continue
        ours = row > HISTORY_HEADER_ROW and (col in periods or (col <= 3 and cell_text(sheet.value(row, 1))
                                                                  and cell_text(sheet.value(row, 2))))
        text = cell_text(cell.value)
        if text and not ours:
            out.append((Location(sheet.name, a1(row, col)), text))
    return sorted(out, key=lambda n: (int(re.sub(r"\D", "", n[0].cell or "0")), n[0].cell or ""))
