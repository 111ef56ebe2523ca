"""Read a workbook into a Plan and validate it: the library's entry point for `verifica`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..core.checks import check_plan
from ..core.resolve import earlier_completion, parse_targets, revision_notes
from ..core.model import Plan
from ..core.findings import Location, Report, error, warning
from .sheets import (DATA_NAMES, HISTORY_HEADER_ROW, HISTORY_SHEET, HISTORY_SIGNATURE, INDIVIDUAL_NAMES, SETTINGS_NAMES, find_sheet,
                     individual_sheet, read_history, read_individual_sheet, read_series, read_settings)
from .table import read_table
from ..core.text import fold
from ..core.columns import ROLE_BY_ID
from ..xlsx.package import Package
from ..xlsx.reader import Workbook, read_package, read_workbook
from ..errors import PianoError
from ..xlsx.refs import MAX_COL, parse_range

_OWNED_WORDINGS = ROLE_BY_ID["owned"].wordings  # piano-xlsx's five headers, folded, in order

OWNED_MARK = "_PianoXlsx_"
OWNED_NAMES = ("Riepilogo", "Storico", "Anomalie")  # the sheets piano-xlsx writes (write.writeback)
OWNED_REGION_NAME = "_PianoXlsxColonne"  # writeback's mark over the owned columns' data rows
RUN_PERIOD_NAME = "_PianoXlsxPeriodo"  # the period of the last run that wrote the file ('AAAA-MM' or 'finale')
STRUCTURE_NAME = "_PianoXlsxStruttura"  # a fingerprint of which result is under which objective and line (structure)
SUMMARY_SIGNATURE = "Riepilogo calcolato da piano-xlsx"
FINDINGS_HEADER = ["Gravità", "Codice", "Foglio", "Cella", "Messaggio"]


FORMER_MARK = OWNED_MARK + "Ex_"  # the mark of a sheet of piano-xlsx that is the office's now (writeback)


def _marked(workbook: Workbook, former: bool = False) -> dict[str, str]:
    """The sheets carrying piano-xlsx's hidden mark, each with the sheet the mark says it was
    ('Storico 2024' -> 'Storico' when the office renamed it); with `former`, those a run already
    found renamed or copied (their mark says so: FORMER_MARK)."""
    marked: dict[str, str] = {}
    for key in workbook.defined_names:
        sheet_name, sep, name = key.rpartition("!")
        if sep and name.startswith(FORMER_MARK) == former and name.startswith(OWNED_MARK):
            marked[sheet_name] = name[len(FORMER_MARK if former else OWNED_MARK):]
    return marked


def _signature(sheet) -> str | None:
    """Which of piano-xlsx's sheets this one is by its own title or header row, whatever its name."""
    if sheet.kind != "worksheet" or not sheet.cells_read:
        return None
    if str(sheet.value(2, 1) or "").startswith(SUMMARY_SIGNATURE):
        return "Riepilogo"
    if [sheet.value(1, c) for c in range(1, 6)] == FINDINGS_HEADER:
        return "Anomalie"
    if str(sheet.value(1, 1) or "").startswith(HISTORY_SIGNATURE):
        return HISTORY_SHEET
    return None


def owned_sheets(workbook: Workbook) -> list[str]:
    """Sheets written by piano-xlsx in an earlier run, under their own name: marked by a hidden
    defined name, or, if an editor dropped the name, recognised by their own title or header row.
    A copy or a renamed one ('Riepilogo febbraio', 'Storico 2024') is the office's: former_sheets."""
    marked = _marked(workbook)
    names = [s.name for s in workbook.sheets if s.kind == "worksheet" and s.name in OWNED_NAMES
             and (marked.get(s.name) == s.name or (s.name not in marked and _signature(s) == s.name))]
    return [s.name for s in workbook.sheets if s.name in names]


def former_sheets(workbook: Workbook) -> dict[str, str]:
    """Sheets piano-xlsx wrote that the office renamed or copied ('Storico 2024', 'Riepilogo
    febbraio'), each with the sheet it was: theirs now, kept as they are and not read (found in a
    trial: the next run deleted them as its own, a renamed Storico with its months)."""
    marked, known = _marked(workbook), _marked(workbook, former=True)
    out: dict[str, str] = {}
    for sheet in workbook.sheets:
        was = known.get(sheet.name) or marked.get(sheet.name) or _signature(sheet)
        if was in OWNED_NAMES and sheet.name != was:  # (renamed back to its name, it is piano-xlsx's again)
            out[sheet.name] = was
    return out


def said_former_sheets(workbook: Workbook) -> set[str]:
    """The office's sheets of piano-xlsx that an earlier run already said (and marked): not said again."""
    return set(_marked(workbook, former=True))


def _rewritten_whole(sheet_name: str, defined_names: dict) -> bool:
    """Riepilogo and Anomalie of an earlier run, by their hidden mark: nothing in them is read
    (they are replaced whole), so their cells need not be parsed. Storico is read."""
    return any(f"{sheet_name}!{OWNED_MARK}{own}" in defined_names for own in ("Riepilogo", "Anomalie"))


def _owned_region(sheet_name: str, defined_names: dict) -> tuple[int, int, int, int] | None:
    """The data rows of the five columns an earlier run wrote, by the hidden global name it left
    ("'Tabella'!$K$6:$O$53"): rewritten by this run, never read, so their cells need not be parsed
    (a December run at 10.000 indicators read 50.000 of them). None when absent or unreadable."""
    value = defined_names.get(OWNED_REGION_NAME)
    if not value:
        return None
    sheet, sep, ref = value.rpartition("!")
    if not sep:
        return None
    if sheet.startswith("'") and sheet.endswith("'"):
        sheet = sheet[1:-1].replace("''", "'")
    if sheet != sheet_name:
        return None
    try:
        r1, c1, r2, c2 = parse_range(ref.replace("$", ""))
    except ValueError:
        return None
    return (r1, c1, r2, c2) if r2 >= r1 > 1 and c2 - c1 == len(_OWNED_WORDINGS) - 1 else None


def _history_values_left_out(sheet_name: str, defined_names: dict) -> tuple[int, int, int, int] | None:
    """The Storico read by a run that writes nothing: its grado and status of every node at every
    period are not needed (the header's periods, the codes in A:B and the last row, the data's
    fingerprints, are), and they were a third of reading December's file of 10,000 indicators."""
    if f"{sheet_name}!{OWNED_MARK}Storico" not in defined_names:
        return None
    return (HISTORY_HEADER_ROW + 1, 3, -1, MAX_COL)


def _region_is_owned(workbook: Workbook, region_of: Callable[[str, dict], tuple[int, int, int, int] | None]) -> bool:
    """Whether every region left out lies under piano-xlsx's own five headers (the name could have
    been copied with the sheet into another plan, or the columns reused): else it is read again."""
    for sheet in workbook.sheets:
        region = region_of(sheet.name, workbook.defined_names) if sheet.cells_read else None
        if region is None:
            continue
        r1, c1, _, _ = region
        found = [fold(str(sheet.value(r1 - 1, c) or "")).strip() for c in range(c1, c1 + len(_OWNED_WORDINGS))]
        if found != list(_OWNED_WORDINGS):
            return False
    return True


def load_plan(path, *, history_values: bool = True, period: str | None = None, **limits) -> Plan:
    """Read and validate. Raises UnreadableWorkbook when the file cannot be opened at all;
    every other problem is a finding in ``plan.findings``. ``history_values`` False: the Storico's
    recorded grado and status are not read (plan.history.values_read False), for a run that writes
    nothing and needs only its periods and fingerprints (see :func:`read_history_values`)."""
    region = _owned_region if history_values else \
        (lambda name, names: _owned_region(name, names) or _history_values_left_out(name, names))
    workbook = read_workbook(path, skip_cells=_rewritten_whole, skip_region=region, **limits)
    if not _region_is_owned(workbook, _owned_region):
        workbook = read_workbook(path, skip_cells=_rewritten_whole,
                                 skip_region=None if history_values else _history_values_left_out, **limits)
    profile, findings, _ = read_settings(workbook)
    plan = Plan(file=str(path), sha256=workbook.sha256, profile=profile)
    plan.owned_sheets = owned_sheets(workbook)
    for sheet in workbook.sheets:
        if sheet.name in OWNED_NAMES and sheet.name not in plan.owned_sheets:
            # said by verifica too, not only when writing fails (found in a trial: verifica 0, calcola 2)
            findings.append(error(
                "foglio-riservato",
                f"Il foglio '{sheet.name}' non è stato scritto da piano-xlsx, che usa questo nome per il suo "
                f"foglio: rinominarlo (ad es. '{sheet.name} ufficio') e rilanciare; finché c'è, il file con i "
                "risultati non viene scritto.", Location(sheet.name, "A1")))
    plan.former_sheets = former_sheets(workbook)
    said = said_former_sheets(workbook)
    for sheet_name, was in plan.former_sheets.items():
        if sheet_name in said:
            continue  # said by the run that found it (the warning on every run: found in review)
        restart = was == HISTORY_SHEET and HISTORY_SHEET not in plan.owned_sheets
        findings.append(warning(
            "foglio-calcolato-rinominato",
            f"Il foglio '{sheet_name}' è stato scritto da piano-xlsx come '{was}' e poi rinominato o copiato: ora è "
            "un foglio dell'ufficio, resta nel file com'è e non viene né letto né aggiornato."
            + (f" Lo Storico riparte da questo calcolo, senza i periodi che '{sheet_name}' contiene: per "
               f"continuarlo, rinominare '{sheet_name}' in '{HISTORY_SHEET}' e rilanciare." if restart else ""),
            Location(sheet_name, "A1")))
    plan.history = read_history(workbook, plan.owned_sheets, values=history_values)
    plan.run_period = _run_period(workbook)
    if not plan.history.values_read:
        if not plan.history.fingerprints and _has_fingerprint_row(workbook):
            # the sheet declared more rows than it has (the last row was left out with the others)
            plan.history = read_history_values(path, plan.owned_sheets, **limits)
    findings += history_notes(plan.history.notes)
    skip = set(SETTINGS_NAMES) | set(DATA_NAMES) | {"istruzioni"}
    individual = individual_sheet(workbook)
    if individual is not None:
        skip.add(fold(individual.name))
    skip |= {fold(name) for name in [*plan.owned_sheets, *plan.former_sheets]}
    findings += read_table(workbook, plan, year=profile.anno, skip_sheets=skip, period=period)
    findings += read_series(workbook, plan)
    findings += read_individual_sheet(workbook, plan)
    named = find_sheet(workbook, INDIVIDUAL_NAMES)
    if named is not None and individual is None and (plan.table is None or plan.table.sheet != named.name):
        findings.append(warning(
            "obiettivi-individuali-senza-intestazione",
            f"Il foglio '{named.name}' non ha le colonne 'Persona' e 'Obiettivi di ente collegati' e non è la "
            "tabella di collegamento: il foglio viene ignorato.", Location(named.name, "A1")))
    findings += _reordered(plan, workbook.defined_names.get(STRUCTURE_NAME, "").strip().strip('"') or None)
    if plan.table is not None:
        parse_targets(plan)
        findings += earlier_completion(plan)
        findings += revision_notes(plan)
        findings += check_plan(plan)
    plan.findings = findings
    return plan


def history_notes(notes: list) -> list:
    """What the office typed in the Storico (History.notes), said once: it does not pass into the
    sheet written again (found in a trial: notes under the table and between its columns, lost)."""
    if not notes:
        return []
    shown = [f"{loc.cell} '{text[:40]}{'…' if len(text) > 40 else ''}'" for loc, text in notes[:5]]
    more = f" e altre {len(notes) - 5}" if len(notes) > 5 else ""
    return [warning(
        "nota-nello-storico",
        f"Nello Storico ci sono testi che piano-xlsx non scrive ({', '.join(shown)}{more}): lo Storico è riscritto "
        "a ogni calcolo e quei testi non passano nel file scritto (restano nel file letto, o nella sua copia "
        "di sicurezza quando il file è aggiornato sul posto). Le note vanno in un foglio o in una colonna dell'ufficio.", notes[0][0])]


def structure(plan: Plan) -> str:
    """A fingerprint of the plan's structure: each result's objective and parent, each objective's
    lines. The writer keeps it in the file (STRUCTURE_NAME); a table sorted that moved nothing keeps it."""
    import hashlib

    parts = [f"r|{c}|{r.objective}|{r.parent or ''}" for c, r in sorted(plan.results.items())]
    parts += [f"o|{c}|{';'.join(o.lines)}" for c, o in sorted(plan.objectives.items())]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def _reordered(plan: Plan, recorded: str | None = None) -> list:
    """The table's rows in another order than the last run's (the Storico's), where blank objective or
    line cells take the row's above: a table sorted (by 'Responsabile', by code) moves results under
    another objective and objectives under another line, and nothing in the cells says so (found in a
    trial of a lived year: the grado of three lines changed, exit 0). Said at the first row out of place."""
    table, history = plan.table, plan.history
    if table is None or not table.filled_down or history is None:
        return []
    if recorded is not None and recorded == structure(plan):
        return []  # rows swapped under the same objective and line (found in review: warned)
    before = [code for level, code, _ in history.nodes if level == "risultato" and code in plan.results]
    if not before:
        return []
    known = set(before)
    now = [code for code in plan.results if code in known]
    moved = next((code for old, code in zip(before, now) if old != code), None)
    if moved is None:
        return []
    result = plan.results[moved]
    return [warning(
        "ordine-righe-cambiato",
        f"Le righe della tabella non sono più nell'ordine dell'ultimo calcolo (il risultato {moved}, ora alla "
        f"riga {result.row}, era in un'altra posizione) e {len(table.filled_down)} righe hanno la cella dell'obiettivo o della linea "
        "vuota, letta come quella della riga sopra: se la tabella è stata ordinata (per responsabile, per codice...), "
        "dei risultati possono essere passati sotto un altro obiettivo o un'altra linea. Controllare obiettivi e "
        "linee nel Riepilogo; scrivere obiettivo e linea su ogni riga evita il problema.", result.location)]


def _run_period(workbook: Workbook) -> str | None:
    """The period of the last run that wrote the file, from its hidden name; None when absent or
    not a period (an older file, or a name edited by hand)."""
    from ..core.history import FINAL
    from ..core.period import Period

    value = workbook.defined_names.get(RUN_PERIOD_NAME, "").strip().strip('"')
    if value == FINAL:
        return value
    try:
        return Period(value) if value else None
    except PianoError:
        return None


def _has_fingerprint_row(workbook: Workbook) -> bool:
    from ..core.history import FINGERPRINT_KEY

    sheet = workbook.sheet(HISTORY_SHEET)
    return sheet is not None and any(
        (str(sheet.value(row, 1) or ""), str(sheet.value(row, 2) or "")) == FINGERPRINT_KEY
        for row in range(HISTORY_HEADER_ROW + 1, sheet.max_row + 1))


def read_history_values(source, owned: list[str], **limits):
    """The Storico read whole (only that sheet), from a path or an opened package: for a run that
    read it without its values and needs them after all (the period it computes is closed and
    recorded, or the writer cannot update it in place)."""
    only_history = lambda name, _: name != HISTORY_SHEET  # noqa: E731
    if isinstance(source, Package):
        return read_history(read_package(source, skip_cells=only_history), owned)
    return read_history(read_workbook(source, skip_cells=only_history, **limits), owned)


def verify(path, *, history_values: bool = True, period: str | None = None, **limits) -> tuple[Plan, Report]:
    """load_plan, and its findings as a Report. ``period``: the month a run is asked for, when the
    table gives an actual at several moments of the year ('Valore al 30/06 | Valore al 31/12')."""
    plan = load_plan(path, history_values=history_values, period=period, **limits)
    return plan, Report(file=Path(path).name, findings=list(plan.findings))
