"""One workbook per responsible unit or person: `piano-xlsx dividi`.

Each workbook is built from nothing with XlsxWriter and holds only what its owner may see:
the rows of their results (with the parent results and the objective around them, for
context), their objectives' grado and status and, for a person, their individual score.
Nothing is copied from the office's workbook, so no hidden row, hidden sheet, defined
name, shared string, document property or cached value of anyone else can be inside.

Who owns what:
- an owner-column value ("Responsabile": an area, a settore, a dirigente) owns the results
  that carry it; a sub-result with an empty owner cell belongs to the nearest parent result
  that has one. Its workbook has those results plus their parent results up to the
  objective ("context" rows: text only, because their grado mixes in other owners' results);
- a person with individual objectives (Segretario Generale, dirigenti) owns the entity
  objectives linked to their individual objectives, with all their results.
"""

from __future__ import annotations

import datetime as dt
import gc
import io
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..core.compute import (IN_CORSO, NON_RAGGIUNTO, PARZIALE, RAGGIUNTO, STATUSES, NodeOutcome,
                      Outcome, PersonOutcome)
from . import palette
from ..errors import PianoError, UsageError
from .files import open_elsewhere, os_reason, write_atomically
from ..core.findings import ERRORE
from ..core.scoring import shown_formula, threshold_ops
from ..core.period import Period
from ..core.vocabulary import MONITORING_TONE, STATUS_TONE
from ..core.model import Plan, Result, effective_owners
from ..core.targets import is_percent_format
from ..core.codes import sort_key
from ..core.text import cell_text, clean, fmt, fold, pct
from ..xlsx.textfit import row_height, text_lines

RESPONSABILE = "responsabile"
PERSONA = "persona"
TUTTI = "tutti"
MODES = (RESPONSABILE, PERSONA, TUTTI)

SUMMARY_SHEET = "Riepilogo"
RESULTS_SHEET = "Risultati"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# the main output's look; XlsxWriter wants '#RRGGBB'
GREEN, GREEN_BG, YELLOW, YELLOW_BG, RED, RED_BG, GREY, GREY_BG, BLUE, BLUE_BG, HEADER_BG = (
    "#" + c for c in (palette.GREEN, palette.GREEN_BG, palette.YELLOW, palette.YELLOW_BG, palette.RED,
                      palette.RED_BG, palette.GREY, palette.GREY_BG, palette.BLUE, palette.BLUE_BG,
                      palette.HEADER_BG))
def _colours(tones: dict) -> dict[str, tuple[str, str]]:
    """word -> (font, fill) as XlsxWriter wants them, from the vocabulary's tones."""
    out = {}
    for word, tone in tones.items():
        font, fill = palette.TONES[tone]
        out[word] = (f"#{font}", f"#{fill}")
    return out


STATUS_COLOURS = _colours(STATUS_TONE)
MONITOR_COLOURS = _colours(MONITORING_TONE)

CONTEXT_NOTE = ("Riga di contesto: comprende anche risultati di altri responsabili, qui non riportati; "
                "grado e stato sono nel piano completo.")
MAX_NAME = 80
MARK_PROPERTY, MARK_VALUE = "Scritto da", "piano-xlsx dividi"
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
_LIGATURES = str.maketrans({"ß": "ss", "Æ": "AE", "æ": "ae", "Œ": "OE", "œ": "oe", "Ø": "O", "ø": "o",
                            "Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "Þ": "Th", "þ": "th"})


class NoOwners(PianoError):
    """The workbook names nobody to split by (exit code 1: a problem of the data)."""

    exit_code = 1


@dataclass(frozen=True)
class Owner:
    name: str  # as written in the workbook (spaces collapsed)
    kind: str  # RESPONSABILE (a value of the owner column) or PERSONA (a person with individual objectives)
    results: tuple[str, ...]  # codes of every result row in their workbook, in the plan's order
    objectives: tuple[str, ...]  # codes of the entity objectives their workbook shows, in the plan's order
    own: frozenset[str] = frozenset()  # the results that are theirs; the others in `results` are context
    person: str | None = None  # PERSONA: the person exactly as the computation names them

    @property
    def context(self) -> frozenset[str]:
        return frozenset(self.results) - self.own


@dataclass(frozen=True)
class Written:
    owner: Owner
    path: Path


@dataclass
class OwnerSummary:
    """What the Riepilogo and the e-mail say about an owner's results."""

    counts: dict[str, int]  # status -> number of their results (those with a target of their own)
    total: int
    achieved: int
    valued: int
    mean_grado: float | None
    objectives: list[NodeOutcome] = field(default_factory=list)
    open_unvalued: int = 0  # 'in corso' with no grado yet (a deadline not reached nor met)
    person: PersonOutcome | None = None


# --------------------------------------------------------------------------- who owns what


def _ancestors(plan: Plan, code: str) -> list[str]:
    out, seen = [], {code}
    parent = plan.results[code].parent
    while parent and parent in plan.results and parent not in seen:
        out.append(parent)
        seen.add(parent)
        parent = plan.results[parent].parent
    return out


def _descendants(plan: Plan, code: str) -> list[str]:
    out, stack, seen = [], list(plan.results[code].children), {code}
    while stack:
        c = stack.pop()
        if c in seen or c not in plan.results:
            continue
        seen.add(c)
        out.append(c)
        stack.extend(plan.results[c].children)
    return out


def _objective_order(plan: Plan, codes: set[str]) -> tuple[str, ...]:
    """Natural order (1, 2, ... 10), as calcola shows them (found in a trial: 1, 10, 2)."""
    return tuple(sorted((c for c in plan.objectives if c in codes), key=sort_key))


def owners(plan: Plan, per: str = RESPONSABILE) -> list[Owner]:
    """Everyone to write a workbook for: the owner column's distinct values (per='responsabile'),
    the persons with individual objectives (per='persona') or both (per='tutti'), in the order
    they first appear. Owner values that differ only by case, accents or spaces are one owner."""
    if per not in MODES:
        raise UsageError(f"Modo di divisione non valido: '{per}' (usare {', '.join(MODES)}).", options={"per": None})
    found: list[Owner] = []
    if per in (RESPONSABILE, TUTTI):
        names: dict[str, str] = {}
        owned: dict[str, set[str]] = {}
        for code, result_owners in effective_owners(plan).items():
            for name in result_owners:  # a result of two owners is in both files
                key = fold(name)
                names.setdefault(key, name)
                owned.setdefault(key, set()).add(code)
        for key, name in names.items():
            own = owned[key]
            rows = set(own)
            for code in own:
                rows.update(_ancestors(plan, code))
            objectives = {plan.results[c].objective for c in rows}
            found.append(Owner(name=name, kind=RESPONSABILE,
                               results=tuple(c for c in plan.results if c in rows),
                               objectives=_objective_order(plan, objectives), own=frozenset(own)))
    if per in (PERSONA, TUTTI):
        for person in plan.persons():
            linked = {c for ind in plan.individuals if ind.person == person for c in ind.objectives
                      if c in plan.objectives}
            rows = {c for c, r in plan.results.items() if r.objective in linked}
            found.append(Owner(name=" ".join(person.split()), kind=PERSONA, person=person,
                               results=tuple(c for c in plan.results if c in rows),
                               objectives=_objective_order(plan, linked), own=frozenset(rows)))
    return found


def _full(plan: Plan, owner: Owner, code: str) -> bool:
    """True when every result under `code` (or the result itself, for a leaf) is the owner's:
    only then its grado says nothing about anybody else's results."""
    if code not in owner.own:
        return False
    return all(c in owner.own for c in _descendants(plan, code))


def _objective_full(plan: Plan, owner: Owner, code: str) -> bool:
    return all(_full(plan, owner, c) for c in plan.objectives[code].results)


def no_owners_message(plan: Plan, per: str) -> str:
    has_column = plan.table is not None and "owner" in plan.table.columns
    persons = plan.persons()
    if not has_column and not persons:
        return ("La cartella non dice chi è responsabile di cosa: la tabella di collegamento non ha la colonna "
                "'Responsabile' (intestazioni accettate: Responsabile, Area, Struttura responsabile, Settore, "
                "Ufficio) e non ci sono obiettivi individuali (foglio 'Obiettivi individuali'). Aggiungere l'una o "
                "gli altri e rilanciare.")
    if per == RESPONSABILE:
        why = ("la tabella di collegamento non ha la colonna 'Responsabile'" if not has_column
               else "la colonna dei responsabili è vuota")
        hint = (f" Si può dividere per persona (obiettivi individuali di: {', '.join(persons)})."
                if persons else "")
        return f"Non c'è nessun responsabile a cui dividere i risultati: {why}.{hint}"
    return ("Non c'è nessuna persona con obiettivi individuali (foglio 'Obiettivi individuali' o colonne "
            "'Segretario Generale', 'Obiettivi individuali - Dirigente ...')."
            + (" Si può dividere per responsabile." if has_column else ""))


# --------------------------------------------------------------------------- file names


def safe_filename(name: str, taken: set[str]) -> str:
    """A file name stem (no extension) from an owner's name, safe on every system: accents
    folded to ASCII, only letters, digits, '-' and '_', spaces as '-', no Windows reserved
    name, at most 80 characters, unique among `taken` (compared ignoring case, as Windows
    and macOS do; the chosen name is added to `taken`)."""
    text = unicodedata.normalize("NFKD", str(name).translate(_LIGATURES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[\s/\\]+", "-", text)
    text = re.sub(r"[^A-Za-z0-9_-]+", "", text)
    text = re.sub(r"-{2,}", "-", text).strip("-_")
    if not text:
        text = "senza-nome"
    text = text[:MAX_NAME].rstrip("-_") or "senza-nome"
    if text.upper() in _RESERVED:
        text += "_"
    taken_lower = {t.lower() for t in taken}
    candidate, n = text, 1
    while candidate.lower() in taken_lower:
        n += 1
        suffix = f"-{n}"
        base = text[:MAX_NAME - len(suffix)].rstrip("-_") or "x"
        candidate = base + suffix
    taken.add(candidate)
    return candidate


# --------------------------------------------------------------------------- summaries and labels


def period_end(period: str | None, year: int | None) -> dt.date | None:
    if period:
        return Period(period).end
    if year:
        return dt.date(year, 12, 31)
    return None


def period_label(period: str | None, year: int | None) -> str:
    """'31/12/2018' for 2018-12: the date the results are at."""
    end = period_end(period, year)
    return end.strftime("%d/%m/%Y") if end else "fine periodo"


def plan_title(plan: Plan) -> str:
    return "Piano della Performance" + (f" {plan.profile.anno}" if plan.profile.anno else "")


def summarise(plan: Plan, outcome: Outcome, owner: Owner) -> OwnerSummary:
    counted = [c for c in owner.results if plan.results[c].is_leaf and _full(plan, owner, c)]
    nodes = [outcome.results[c] for c in counted if c in outcome.results]
    counts: dict[str, int] = {s: 0 for s in STATUSES}
    for node in nodes:
        counts[node.status] = counts.get(node.status, 0) + 1
    valued = [n.grado for n in nodes if n.grado is not None]
    person = None
    if owner.kind == PERSONA:
        # the person exactly (two names differing only in spaces are two persons for the computation:
        # by the shown name both files took the first one's evaluation, found in review)
        person = next((p for p in outcome.persons if p.person == owner.person), None)
    return OwnerSummary(counts=counts, total=len(nodes), achieved=counts.get(RAGGIUNTO, 0), valued=len(valued),
                        mean_grado=sum(valued) / len(valued) if valued else None,
                        objectives=[outcome.objectives[c] for c in owner.objectives if c in outcome.objectives],
                        person=person,
                        open_unvalued=sum(1 for n in nodes if n.status == IN_CORSO and n.grado is None))


def _actual_text(result: Result, node: NodeOutcome | None) -> str:
    value = node.actual if node is not None and node.actual is not None else result.value("actual")
    if value is None:
        return ""
    if isinstance(value, bool):
        return fmt(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return fmt(value)
    if isinstance(value, (int, float)):
        text = fmt(round(float(value), 4))
        if node is not None and node.actual is not None and node.percent:
            text += "%"
        return text
    return cell_text(value)


def _target_text(result: Result) -> str:
    """The target as the office's cell shows it: a number in Italian form, with % when the cell
    is formatted so (found in a user trial: 0,9 formatted as 90% was written '0.9')."""
    value = result.values.get("target")
    raw = value.raw if value is not None else None
    if value is not None and isinstance(raw, (int, float, dt.date, dt.datetime)) and not isinstance(raw, bool):
        if isinstance(raw, (int, float)) and is_percent_format(value.number_format):
            return f"{fmt(round(raw * 100, 6))}%"
        return fmt(raw)
    if result.target is not None and result.target.text:
        return cell_text(result.target.text)
    return cell_text(raw)


# --------------------------------------------------------------------------- the workbook


def errors_notice(plan: Plan, outcome: Outcome) -> str | None:
    """The sentence a manager's file and e-mail open with when the plan has errors (found in a trial:
    'grado 100%, fattore 1' sent while the person's own objective was refused): None without errors."""
    errors = {f for f in (*plan.findings, *outcome.findings) if f.severity == ERRORE}
    if not errors:
        return None
    n = len(errors)
    return (f"Attenzione: il piano ha {n} {'errore' if n == 1 else 'errori'} nei dati, che l'ufficio sta "
            f"verificando: i risultati qui riportati possono cambiare quando {'sarà corretto' if n == 1 else 'saranno corretti'}.")


class _Book:
    """One owner's workbook, written with XlsxWriter into memory."""

    # 191 characters on A4 landscape, one page wide: 8.3-point text (251 printed at 6); Stato and
    # Monitoraggio wrap ('parzialmente / raggiunto'), every header fits on one line
    WIDTHS_RESULTS = (16, 26, 8, 40, 16, 12, 9, 14, 14, 36)
    HEADERS_RESULTS = ("Linea strategica", "Obiettivo di ente", "Codice", "Risultato atteso", "Target",
                       "Consuntivo", "Grado", "Stato", "Monitoraggio", "Nota di calcolo")
    # 182 characters: 8.5-point text on A4 (204 printed at 7.4); Stato and Monitoraggio on one line
    # the first column holds the label 'Fattore di valutazione' in bold (found in a trial: at 16 it
    # ran into its value; wider, the page printed below 8 points)
    WIDTHS_SUMMARY = (21, 50, 16, 12, 21, 19, 48)

    def __init__(self, plan: Plan, outcome: Outcome, owner: Owner, period: str | None, created: dt.datetime):
        import xlsxwriter

        self.plan, self.outcome, self.owner = plan, outcome, owner
        self.period = period
        self.buffer = io.BytesIO()
        self.wb = xlsxwriter.Workbook(self.buffer, {"in_memory": True, "strings_to_formulas": False,
                                                    "strings_to_urls": False, "strings_to_numbers": False})
        self.wb.set_properties({"title": f"{plan_title(plan)} - {owner.name}", "created": created})
        self.wb.set_custom_property(MARK_PROPERTY, MARK_VALUE)  # how a later run knows its own files
        d = outcome.profile.decimals
        self.pct_format = "0%" if d == 0 else "0." + "0" * d + "%"
        self.f = self._formats()

    def _formats(self) -> dict:
        add = self.wb.add_format
        cell = {"border": 1, "border_color": "#BFBFBF", "valign": "top"}
        f = {
            "title": add({"bold": True, "font_size": 14}),
            "subtitle": add({"italic": True, "font_color": "#595959"}),
            "section": add({"bold": True, "font_size": 12, "font_color": HEADER_BG}),
            "header": add({"bold": True, "font_color": "#FFFFFF", "bg_color": HEADER_BG, "text_wrap": True,
                           "valign": "vcenter", "border": 1, "border_color": "#BFBFBF"}),
            "label": add({"bold": True, "valign": "top"}),
            "alert": add({"bold": True, "font_color": "#C00000"}),
            "value": add({"valign": "top"}),
            "text": add({**cell, "text_wrap": True}),
            "plain": add(cell),
            "code": add({**cell, "align": "left"}),
            "pct": add({**cell, "num_format": self.pct_format, "align": "right"}),
            "pct_value": add({"num_format": self.pct_format, "align": "left", "valign": "top"}),
            "number": add({**cell, "num_format": "0", "align": "right"}),
            "factor": add({**cell, "num_format": "0.00", "align": "right"}),
            "context": add({**cell, "text_wrap": True, "italic": True, "font_color": "#595959"}),
            "total_label": add({**cell, "bold": True}),
            "total_number": add({**cell, "bold": True, "num_format": "0", "align": "right"}),
        }
        for status, (fg, bg) in STATUS_COLOURS.items():
            f["static " + status] = add({**cell, "font_color": fg, "bg_color": bg})
        self.dxf = {name: add({"font_color": fg, "bg_color": bg})
                    for name, (fg, bg) in {**STATUS_COLOURS, **MONITOR_COLOURS}.items()}
        return f

    # -- conditional formats, like the main output's
    def _status_rules(self, ws, r1: int, c: int, r2: int) -> None:
        if r2 < r1:
            return
        for status in STATUSES:
            ws.conditional_format(r1, c, r2, c, {"type": "cell", "criteria": "==", "value": f'"{status}"',
                                                 "format": self.dxf[status]})

    def _monitor_rules(self, ws, r1: int, c: int, r2: int) -> None:
        if r2 < r1:
            return
        for label in MONITOR_COLOURS:
            ws.conditional_format(r1, c, r2, c, {"type": "cell", "criteria": "==", "value": f'"{label}"',
                                                 "format": self.dxf[label]})

    def _grado_rules(self, ws, r1: int, c: int, r2: int) -> None:
        if r2 < r1:
            return
        from xlsxwriter.utility import xl_rowcol_to_cell

        p = self.outcome.profile
        ref = xl_rowcol_to_cell(r1, c)
        r = shown_formula(f"{ref}*100", p.decimals)
        # beside a status 'in corso' (the next column) the grado takes its colour, as in the main output
        ws.conditional_format(r1, c, r2, c, {"type": "formula", "stop_if_true": True,
                                             "criteria": f'={xl_rowcol_to_cell(r1, c + 1)}="{IN_CORSO}"',
                                             "format": self.dxf[IN_CORSO]})
        a, b = _num(p.threshold_achieved), _num(p.threshold_partial)
        (reach_a, below_a), (reach_b, below_b) = threshold_ops(p.achieved_strict), threshold_ops(p.partial_strict)
        for criteria, status in ((f"=AND(ISNUMBER({ref}),{r}{reach_a}{a})", RAGGIUNTO),
                                 (f"=AND(ISNUMBER({ref}),{r}{reach_b}{b},{r}{below_a}{a})", PARZIALE),
                                 (f"=AND(ISNUMBER({ref}),{r}{below_b}{b})", NON_RAGGIUNTO)):
            ws.conditional_format(r1, c, r2, c, {"type": "formula", "criteria": criteria,
                                                 "format": self.dxf[status]})

    # -- helpers
    @staticmethod
    def _lines_needed(text: str, width: float) -> int:
        """Lines of a wrapped 11-point text in a column (xlsx/textfit.py: Calibri's widths, as Excel)."""
        return text_lines(str(text), width)

    def _fit(self, ws, heights: dict[int, int]) -> None:
        for row, lines in heights.items():
            if lines > 1:
                ws.set_row(row, row_height(lines))

    def _footer(self, ws) -> None:
        """The owner's name and the sheet's left, the page number right, on every printed page."""
        name = self.owner.name if len(self.owner.name) <= 80 else self.owner.name[:79] + "…"
        ws.set_footer(f"&L{name.replace('&', '&&')} - &A&RPagina &P di &N")

    def _grado(self, ws, row: int, col: int, grado: float | None, style: str = "pct") -> None:
        if grado is None:
            ws.write_blank(row, col, None, self.f[style])
        else:
            ws.write_number(row, col, grado / 100, self.f[style])

    # -- sheets
    def build(self) -> bytes:
        summary = summarise(self.plan, self.outcome, self.owner)
        self._summary_sheet(summary)
        self._results_sheet()
        self.wb.close()
        return self.buffer.getvalue()

    def _summary_sheet(self, summary: OwnerSummary) -> None:
        """The Riepilogo sheet, top to bottom; each section writes from row r and returns its last row."""
        ws = self.wb.add_worksheet(SUMMARY_SHEET)
        ws.activate()
        self._summary_page_setup(ws)
        heights: dict[int, int] = {}
        self._summary_heading(ws)
        notice = errors_notice(self.plan, self.outcome)
        if notice:
            ws.write_string(2, 0, notice, self.f["alert"])
        r = self._recipient(ws, 3)
        person = summary.person
        if self.owner.kind == PERSONA and person is not None:
            # the headline of a person's file is their evaluation, as calcola gives it (found in a
            # trial: it led with the mean of the results, the evaluation was at the bottom)
            r = self._evaluation_headline(ws, r + 2, person)
        # their results by status
        r = self._results_by_status(ws, r + 2, summary)
        r = self._objectives_table(ws, r + 2, summary, heights)
        # individual performance
        if self.owner.kind == PERSONA and person is not None:
            r = self._individual_table(ws, r + 2, person, heights)
        r += 2
        ws.write_string(r, 0, "Il foglio Risultati riporta ogni risultato con target, consuntivo, grado, stato e "
                              "nota di calcolo.", self.f["subtitle"])
        self._fit(ws, heights)

    def _summary_page_setup(self, ws) -> None:
        ws.set_tab_color(HEADER_BG)
        ws.hide_gridlines(2)
        for c, w in enumerate(self.WIDTHS_SUMMARY):
            ws.set_column(c, c, w)
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
        self._footer(ws)

    def _summary_heading(self, ws) -> None:
        """Rows 0 and 1: the plan and the owner, the period and the body."""
        plan, f, period = self.plan, self.f, self.period
        ws.write_string(0, 0, f"{plan_title(plan)} - {self.owner.name}", f["title"])
        ws.write_string(1, 0, f"Risultati al {period_label(period, plan.profile.anno)}"
                              + (f" (periodo {period})" if period else " (valori finali)")
                              + (f" - {plan.profile.ente}" if plan.profile.ente else ""), f["subtitle"])

    def _recipient(self, ws, r: int) -> int:
        """Who the file is for, the period and what it holds."""
        plan, owner, f, period = self.plan, self.owner, self.f, self.period
        ws.write_string(r, 0, "Destinatario", f["section"])
        n_res = len(owner.results)
        rows = [
            ("Responsabile" if owner.kind == RESPONSABILE else "Persona", owner.name),
            ("Periodo", (f"{period} (risultati al {period_label(period, plan.profile.anno)})" if period
                         else "valori finali")),
            ("Contenuto", f"{n_res} {'risultato' if n_res == 1 else 'risultati'} di {len(owner.objectives)} "
                          f"{'obiettivo' if len(owner.objectives) == 1 else 'obiettivi'} di ente, nel foglio "
                          f"{RESULTS_SHEET}"
                          + (f" ({len(owner.context)} di contesto, in corsivo)" if owner.context else "")),
        ]
        for label, value in rows:
            r += 1
            ws.write_string(r, 0, label, f["label"])
            ws.write_string(r, 1, value, f["value"])
        return r

    def _evaluation_headline(self, ws, r: int, person: PersonOutcome) -> int:
        """A person's evaluation: grado, status and factor."""
        f = self.f
        ws.write_string(r, 0, "Valutazione individuale", f["section"])
        r += 1
        ws.write_string(r, 0, "Grado", f["label"])
        self._grado(ws, r, 1, person.grado, "pct_value")
        r += 1
        ws.write_string(r, 0, "Stato", f["label"])
        ws.write_string(r, 1, person.status, f["value"])
        r += 1
        ws.write_string(r, 0, "Fattore di valutazione", f["label"])
        ws.write_string(r, 1, "-" if person.factor is None else fmt(person.factor)
                        + (" (provvisorio: obiettivi in corso)" if person.status == IN_CORSO else ""), f["value"])
        return r

    def _results_by_status(self, ws, r: int, summary: OwnerSummary) -> int:
        """How many of the owner's results are in each status, the summary sentence and the mean grado."""
        f = self.f
        ws.write_string(r, 0, "I risultati di competenza (con target proprio)", f["section"])
        r += 1
        ws.write_string(r, 1, "Stato", f["header"])
        ws.write_string(r, 2, "Risultati", f["header"])
        for status in STATUSES:
            r += 1
            ws.write_string(r, 1, status, f["static " + status])
            ws.write_number(r, 2, summary.counts.get(status, 0), f["number"])
        r += 1
        ws.write_string(r, 1, "Totale con target proprio", f["total_label"])
        ws.write_number(r, 2, summary.total, f["total_number"])
        r += 2
        ws.write_string(r, 0, "Sintesi", f["label"])
        ws.write_string(r, 1, summary_sentence(summary, self.outcome.profile.decimals), f["value"])
        r += 1
        # a plain mean of the results, not a person's grado (found in a trial: read beside 'Grado 91%')
        ws.write_string(r, 0, "Media dei risultati", f["label"])
        self._grado(ws, r, 1, summary.mean_grado, "pct_value")
        return r

    def _objectives_table(self, ws, r: int, summary: OwnerSummary, heights: dict[int, int]) -> int:
        """The objectives the owner's results belong to, with grado, status, monitoring and how each is
        computed (only said in full when all its results are the owner's)."""
        plan, owner, f = self.plan, self.owner, self.f
        ws.write_string(r, 0, "Obiettivi di ente", f["section"])
        r += 1
        for c, h in enumerate(("Codice", "Obiettivo", "Linee", "Grado", "Stato", "Monitoraggio",
                               "Come è calcolato")):
            ws.write_string(r, c, h, f["header"])
        first = r + 1
        for node in summary.objectives:
            r += 1
            objective = plan.objectives[node.code]
            ws.write_string(r, 0, node.code, f["code"])
            ws.write_string(r, 1, objective.title, f["text"])
            ws.write_string(r, 2, ", ".join(objective.lines), f["plain"])
            self._grado(ws, r, 3, node.grado)
            ws.write_string(r, 4, node.status, f["plain"])
            ws.write_string(r, 5, node.monitoring or "", f["plain"])
            note = node.explanation if _objective_full(plan, owner, node.code) else (
                "Media pesata dei risultati dell'obiettivo, compresi quelli di altri responsabili: il dettaglio "
                "è nel piano completo.")
            ws.write_string(r, 6, note, f["text"])
            heights[r] = max(self._lines_needed(objective.title, self.WIDTHS_SUMMARY[1]),
                             self._lines_needed(note, self.WIDTHS_SUMMARY[6]))
        self._grado_rules(ws, first, 3, r)
        self._status_rules(ws, first, 4, r)
        self._monitor_rules(ws, first, 5, r)
        return r

    def _individual_table(self, ws, r: int, person: PersonOutcome, heights: dict[int, int]) -> int:
        """A person's individual objectives, one per row, and their evaluation as the total row."""
        plan, owner, f = self.plan, self.owner, self.f
        ws.write_string(r, 0, "Performance individuale", f["section"])
        r += 1
        for c, h in enumerate(("Codice", "Obiettivo individuale", "Obiettivi di ente", "Grado", "Stato",
                               "Fattore", "Come è calcolato")):
            ws.write_string(r, c, h, f["header"])
        first = r + 1
        # the person's objectives as the computation took them (compute: i.person == person), so that
        # each row pairs with its own node even where two names differ only in their spaces
        inds = [i for i in plan.individuals if i.person == person.person]
        assert len(inds) == len(person.objectives)
        for ind, node in zip(inds, person.objectives):
            r += 1
            title = ind.title or ind.text or f"Obiettivo {ind.code}"
            ws.write_string(r, 0, ind.code, f["code"])
            ws.write_string(r, 1, title, f["text"])
            ws.write_string(r, 2, ", ".join(ind.objectives), f["plain"])
            self._grado(ws, r, 3, node.grado)
            ws.write_string(r, 4, node.status, f["plain"])
            ws.write_blank(r, 5, None, f["plain"])
            ws.write_string(r, 6, node.explanation, f["text"])
            heights[r] = max(self._lines_needed(title, self.WIDTHS_SUMMARY[1]),
                             self._lines_needed(node.explanation, self.WIDTHS_SUMMARY[6]))
        r += 1
        ws.write_string(r, 0, "", f["total_label"])
        ws.write_string(r, 1, f"Valutazione individuale di {owner.name}", f["total_label"])
        ws.write_blank(r, 2, None, f["plain"])
        self._grado(ws, r, 3, person.grado)
        ws.write_string(r, 4, person.status, f["plain"])
        if person.factor is None:
            ws.write_blank(r, 5, None, f["factor"])
        else:
            ws.write_number(r, 5, person.factor, f["factor"])
        # mid-year the factor is not the evaluation yet: said in the row too (found in a trial: 'Fattore 0.00'
        # with the headline alone saying 'provvisorio')
        explanation = (f"Fattore provvisorio: obiettivi in corso. {person.explanation}"
                       if person.status == IN_CORSO and person.factor is not None else person.explanation)
        ws.write_string(r, 6, explanation, f["text"])
        heights[r] = self._lines_needed(explanation, self.WIDTHS_SUMMARY[6])
        self._grado_rules(ws, first, 3, r)
        self._status_rules(ws, first, 4, r)
        return r

    def _results_sheet(self) -> None:
        plan, outcome, owner, f = self.plan, self.outcome, self.owner, self.f
        ws = self.wb.add_worksheet(RESULTS_SHEET)
        ws.set_tab_color("548235")
        for c, (h, w) in enumerate(zip(self.HEADERS_RESULTS, self.WIDTHS_RESULTS)):
            ws.set_column(c, c, w)
            ws.write_string(0, c, h, f["header"])
        ws.set_row(0, max(row_height(text_lines(h, w, bold=True))
                          for h, w in zip(self.HEADERS_RESULTS, self.WIDTHS_RESULTS)))
        ws.freeze_panes(1, 0)
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(0)
        ws.set_margins(left=0.3, right=0.3, top=0.5, bottom=0.5)
        self._footer(ws)
        heights: dict[int, int] = {}
        row = 0
        for code in owner.results:
            row += 1
            result = plan.results[code]
            objective = plan.objectives.get(result.objective)
            lines = objective.lines if objective is not None else []
            line_text = "\n".join(f"{c}. {plan.lines[c].title}" if c in plan.lines else c for c in lines)
            # as the office wrote it ('01.02 Segreteria generale' became '01.02. Segreteria generale')
            obj_text = (objective.text if clean(objective.text).startswith(objective.code) else
                        f"{objective.code}. {objective.title}") if objective is not None else result.objective
            full = _full(plan, owner, code)
            node = outcome.results.get(code)
            text_style = "text" if full else "context"
            texts = [line_text, obj_text, code, result.text, _target_text(result),
                     _actual_text(result, node) if full else ""]
            # the actual wraps too: a stacked one ('4.3.1: 3' / '4.3.2: 2') shows every line
            styles = [text_style, text_style, "code", text_style, text_style, "text"] if full else ["context"] * 6
            for c, (value, style) in enumerate(zip(texts, styles)):
                ws.write_string(row, c, value, f[style])
            if full and node is not None:
                self._grado(ws, row, 6, node.grado)
                ws.write_string(row, 7, node.status, f["text"])  # narrow columns: they wrap
                ws.write_string(row, 8, node.monitoring or "", f["text"])
                note = node.explanation
            else:
                ws.write_blank(row, 6, None, f["pct"])
                ws.write_blank(row, 7, None, f["plain"])
                ws.write_blank(row, 8, None, f["plain"])
                note = CONTEXT_NOTE
            ws.write_string(row, 9, note, f[text_style])
            shown = [line_text, obj_text, code, result.text, texts[4], texts[5], "",
                     node.status if full and node is not None else "",
                     (node.monitoring or "") if full and node is not None else "", note]
            heights[row] = max(self._lines_needed(v, self.WIDTHS_RESULTS[c]) for c, v in enumerate(shown) if v)
        last = max(row, 1)
        ws.autofilter(0, 0, last, len(self.HEADERS_RESULTS) - 1)
        self._grado_rules(ws, 1, 6, last)
        self._status_rules(ws, 1, 7, last)
        self._monitor_rules(ws, 1, 8, last)
        if row == 0:
            ws.write_string(1, 3, "Nessun risultato.", f["plain"])
        self._fit(ws, heights)


def _num(x: float) -> str:
    text = repr(float(x))
    return text[:-2] if text.endswith(".0") else text


def summary_sentence(summary: OwnerSummary, decimals: int = 2) -> str:
    """'9 raggiunti su 11 risultati (2 non valutabili); grado medio 97,50%'."""
    n_open = summary.counts.get(IN_CORSO, 0)
    n_other = summary.total - summary.valued - summary.open_unvalued
    text = (f"{summary.achieved} {'raggiunto' if summary.achieved == 1 else 'raggiunti'} su {summary.total} "
            f"{'risultato' if summary.total == 1 else 'risultati'}")
    others = ([f"{n_open} in corso"] if n_open else []) + \
        ([f"{n_other} non {'valutato' if n_other == 1 else 'valutati'}"] if n_other else [])
    if others:
        text += f" ({', '.join(others)})"
    if summary.mean_grado is not None:
        text += f"; media semplice dei risultati {pct(summary.mean_grado, decimals)}"
    return text


# --------------------------------------------------------------------------- writing


def created_date(period: str | None, year: int | None) -> dt.datetime:
    """The workbooks' creation date, fixed so that the same input gives the same bytes:
    SOURCE_DATE_EPOCH when set, else the end of the period (or of the plan's year)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).replace(tzinfo=None)
    end = period_end(period, year)
    return dt.datetime(end.year, end.month, end.day) if end else dt.datetime(2000, 1, 1)


def owner_workbook(plan: Plan, outcome: Outcome, owner: Owner, *, period: str | None = None) -> bytes:
    """The bytes of one owner's workbook."""
    period = period or outcome.period
    return _Book(plan, outcome, owner, period, created_date(period, plan.profile.anno)).build()


class CannotWrite(PianoError):
    exit_code = 2


def plan_files(plan: Plan, found: list[Owner], directory: Path, *, eml: bool = False) -> list[tuple[Owner, Path]]:
    """Where each owner's workbook goes; refuses the input file itself and files open in Excel.
    With `eml`, the messages beside them ('NOME.eml') must not be someone else's either."""
    taken: set[str] = set()
    targets = [(owner, Path(directory) / (safe_filename(owner.name, taken) + ".xlsx")) for owner in found]
    source = Path(plan.file).resolve() if plan.file else None
    foreign = []
    for _, path in targets:
        if source is not None and path.resolve() == source:
            raise UsageError(f"Il file '{path.name}' da scrivere coincide con il file di partenza: scegliere un'altra "
                             "cartella con -d.")
        lock = open_elsewhere(path)
        if lock is not None:
            raise UsageError(f"Il file '{path.name}' è aperto in Excel o LibreOffice (c'è '{lock}'): chiuderlo e "
                             "rilanciare.")
        if path.exists() and not _written_by_split(path):
            foreign.append(path.name)
        message = path.with_suffix(".eml")
        if eml and message.exists() and not eml_written_by_dividi(message):
            foreign.append(message.name)
    if foreign:
        # a file of the office's that happens to have a manager's name: never replaced
        raise UsageError(
            f"Nella cartella '{directory}' ci sono già file che non ha scritto piano-xlsx e che verrebbero sostituiti: "
            f"{', '.join(foreign)}. Nessun file è stato scritto: scegliere un'altra cartella con -d, oppure spostare "
            "quei file.")
    return targets


def write_owner_workbooks(plan: Plan, outcome: Outcome, directory, *, per: str = RESPONSABILE,
                          period: str | None = None, eml: bool = False) -> list[Written]:
    """Write one workbook per owner into `directory` (created if missing); returns what was
    written. Raises NoOwners when the plan names nobody for `per`."""
    found = owners(plan, per)
    if not found:
        has_column = plan.table is not None and "owner" in plan.table.columns
        other = PERSONA if per == RESPONSABILE and plan.persons() else RESPONSABILE if per == PERSONA and has_column \
            else None
        raise NoOwners(no_owners_message(plan, per), options={"per": other} if other else None)
    directory = Path(directory)
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CannotWrite(f"Impossibile creare la cartella '{directory}': {os_reason(exc)}.") from exc
    if not directory.is_dir():
        raise UsageError(f"'{directory}' non è una cartella.")
    targets = plan_files(plan, found, directory, eml=eml)
    written = []
    for n, (owner, path) in enumerate(targets, start=1):
        if n % 100 == 0:
            # each workbook leaves XlsxWriter's objects in reference cycles; the command runs with the
            # cycle collector paused (cli._pause_cycle_collector): collected here, memory stays flat
            gc.collect()
        data = owner_workbook(plan, outcome, owner, period=period)
        try:
            write_atomically(path, data)
        except OSError as exc:
            raise CannotWrite(f"Impossibile scrivere '{path}': {os_reason(exc)}.") from exc
        written.append(Written(owner, path))
    return written


def stale_files(directory, written: list[Written], *, emls_written=(), keep=()) -> list[Path]:
    """Workbooks that an earlier `dividi` wrote in `directory` and this run did not rewrite
    (someone no longer in the plan, or a split --per something else), with their .eml, and
    any .eml beside a rewritten workbook that this run did not rewrite (it still carries the
    old workbook): out of date, and not to be sent by mistake. A workbook counts as written
    by `dividi` only with its mark and its two sheets; `keep` (the input file) never counts.
    Nothing is touched."""
    fresh = {w.path.resolve() for w in written} | {Path(k).resolve() for k in keep}
    new_emls = {Path(e).resolve() for e in emls_written}
    stale: list[Path] = []
    for w in written:
        eml = w.path.with_suffix(".eml")
        if eml.exists() and eml.resolve() not in new_emls:
            stale.append(eml)
    for path in sorted(Path(directory).glob("*.xlsx")):
        if path.resolve() in fresh or path.name.startswith("~$") or not _written_by_split(path):
            continue
        stale.append(path)
        eml = path.with_suffix(".eml")
        if eml.exists():
            stale.append(eml)
    return sorted(stale)


EML_MARK = b"X-Piano-Xlsx: dividi\r\n"


def eml_written_by_dividi(path: Path) -> bool:
    """Whether the message file `path` is one `dividi --eml` wrote (its mark in the first lines)."""
    try:
        with open(path, "rb") as handle:
            return EML_MARK in handle.read(512)
    except OSError:
        return False


def _written_by_split(path: Path) -> bool:
    """Whether `path` is a workbook `dividi` wrote: its mark, and only its two sheets."""
    import zipfile

    try:
        if path.stat().st_size > 50 * 1024 * 1024:
            return False
        with zipfile.ZipFile(path) as z:
            custom, book = z.getinfo("docProps/custom.xml"), z.getinfo("xl/workbook.xml")
            if custom.file_size > 100_000 or book.file_size > 100_000:
                return False
            if f'<vt:lpwstr>{MARK_VALUE}</vt:lpwstr>'.encode() not in z.read(custom):
                return False
            names = re.findall(rb'<sheet [^>]*name="([^"]*)"', z.read(book))
            return sorted(names) == sorted([SUMMARY_SHEET.encode(), RESULTS_SHEET.encode()])
    except (OSError, zipfile.BadZipFile, KeyError, ValueError):
        return False


__all__ = ["Owner", "Written", "stale_files", "OwnerSummary", "NoOwners", "CannotWrite", "owners",
           "write_owner_workbooks",
           "owner_workbook", "safe_filename", "summarise", "summary_sentence", "period_label", "plan_title",
           "XLSX_MIME", "MODES", "RESPONSABILE", "PERSONA", "TUTTI"]
