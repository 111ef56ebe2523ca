"""Write the office's workbook back with the results in it, losing nothing.

What piano-xlsx owns in the output:
- four columns beside the linkage table (grado, stato, monitoraggio, nota di calcolo),
  found again by their headers on the next run and replaced, never duplicated;
- the sheets "Riepilogo" (first, active) and "Anomalie" (last), marked with hidden
  defined names so a rerun recognises them even after Excel renamed their parts;
- the formats it appends to styles.xml, and the conditional formats on its columns.
Every other part of the package is copied byte for byte (see xlsx/edit.py). Computed
cells are Excel formulas over the workbook's own cells where the rule can be written
as one, each with its cached value equal to the Python result.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TypeGuard, overload

from .. import __version__
from ..core.resolve import algorithm
from ..core.compute import (DA_VERIFICARE, EQUAL_ASK_ABOVE, EQUAL_ASK_BELOW, EQUAL_ASK_EITHER, EQUAL_AT_LEAST, EQUAL_AT_MOST,
                      FORCED, IN_CORSO, NON_RAGGIUNTO, NON_VALUTABILE, PARZIALE, RAGGIUNTO, UNDATED_REASON, Outcome, equal_reading,
                      empty_means_open, is_strict, shown_flip_formula,
                      month_end, month_name, weighing, year_over)
from ..errors import UsageError
from .files import open_elsewhere, write_atomically
from ..core.columns import OWNED_HEADERS
from ..core.findings import Location, Report, warning
from ..read.load import FORMER_MARK, OWNED_MARK, OWNED_REGION_NAME, RUN_PERIOD_NAME, STRUCTURE_NAME, structure  # the region is not under MARK, which marks whole sheets
from ..read.load import history_notes, read_history_values
from .storico import InPlace
from .storico import prepare as prepare_in_place
from ..core.scoring import objective_weights, shown_formula, threshold_ops
from ..core.history import BAD_LABELS, FINGERPRINT_KEY, FINGERPRINT_TITLE, History
from ..core.history import period_key as history_key
from ..core.history import update as history_update
from ..core.model import BODY_LINK, Plan, Result, TableInfo
from .palette import HEADER_BG, TONES
from ..core.vocabulary import (MONITORING_TONE, SEVERITY_TONE, STATUS_TONE, BodyLink, DoubtRule, IndividualScale, LowerRule,
                               MissingRule, Tone, by_tone)
from ..core.text import fmt, pct
from ..core.values import (NO, YES, actual_doubt_formula, actual_formula, asks_plain_far_below, empty_actual_rule,
                           milestone_formula, milestone_key, percent_context, t_pct_of)
from ..xlsx import workbook_edit as wbx
from ..xlsx.chart import bar_chart_xml, drawing_xml
from ..xlsx.edit import (CT_CHART, CT_DRAWING, CT_WORKSHEET, REL_CALCCHAIN, REL_CHART, REL_DRAWING, REL_WORKSHEET,
                        CannotWriteBack, PackageEditor, xml_text, xml_unescape)
from ..xlsx.package import open_package
from ..xlsx.rowfit import fit_rows, shared_strings_loader
from ..xlsx.refs import a1, col_index, col_letter
from ..xlsx.sheet_edit import SheetEditor, area_extent, unselect_tab
from ..xlsx.sheet_new import NewSheet, absolute, cell_xml, quote_sheet
from ..xlsx.styles_edit import MINIMAL_STYLES, Styles

SUMMARY = "Riepilogo"
# what the monitoring cell says once a value the run read has changed in the workbook: the grado
# and status formulas follow the edit, the monitoring and the notes do not until the next run
DA_RICALCOLARE = "da ricalcolare"
_ANSWERS = YES | NO  # the words milestone_formula reads in a cell (values.YES, values.NO)
# the table's cells the computation stands on for a row (a forced grado is a constant in the cell)
# (the note: one saying the result is withdrawn makes it asked, read.table: found in review)
STALE_ROLES = ("actual", "target", "weight", "override", "override_note", "deadline", "note")
FINDINGS = "Anomalie"
MARK = OWNED_MARK  # the defined names that mark piano-xlsx's sheets (load reads them back)
# narrower (140 characters were 117), for the office's table to print larger: 'raggiungimento' in bold,
# 'parzialmente raggiunto' and 'superiore alle attese' each fit on one line; the note wraps, and at 50
# it still fits the Torino example's rows, whose heights the office set (narrower, one ran over)
OWNED_WIDTHS = (15, 21, 19, 12, 50)
HISTORY = "Storico"


REL_STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
CT_STYLES = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"


@dataclass(frozen=True)
class RunInfo:
    when: dt.date
    period: str | None
    input_name: str
    sha256: str
    version: str = __version__


def run_date() -> dt.date:
    """Today, or the date of SOURCE_DATE_EPOCH for reproducible runs."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()
    return dt.date.today()


# --------------------------------------------------------------------------- formulas


class _Formulas:
    """Excel formulas for the rules that can be written as one, with the profile's constants."""

    def __init__(self, plan: Plan, outcome: Outcome):
        self.plan = plan
        self.p = outcome.profile
        self.cap = self.p.cap_indicator / 100
        self.cap_node = self.p.cap_node / 100
        self.period_end = month_end(outcome.period)
        self._status_templates: dict[tuple[str, bool, bool], str] = {}

    @staticmethod
    def num(x: float) -> str:
        text = repr(float(x))
        return text[:-2] if text.endswith(".0") else text

    def missing(self) -> str:
        return "0" if self.p.missing_rule == MissingRule.ZERO else '""'

    def clamp(self, expr: str, cap: float) -> str:
        return f"MIN(MAX({expr},0),{self.num(cap)})"

    def result(self, result: Result, node, actual_ref: str) -> str | None:
        """The grado (as a fraction, 1 = 100%) of a leaf result from its actual cell, or None
        when the rule needs what a formula cannot see (series, algorithms, references...)."""
        target = result.target
        value = result.values.get("actual")
        # an algorithm in words ('Pratiche evase / pratiche ricevute') is a description: the actual
        # cell counts and the formula stays live (found in a user trial: every grado was frozen)
        if (target is None or not target.scorable or result.children or node.rule == FORCED
                or result.code in self.plan.series or algorithm(self.plan, result)[0] is not None
                or target.kind not in ("value", "range", "deadline", "milestone")):
            return None
        if value is not None and value.from_split:
            return None
        raw = value.raw if value is not None else None
        if isinstance(raw, str) and not raw.strip():
            raw = None
        m = self.missing()
        if target.kind == "deadline":
            if node.reason == UNDATED_REASON:
                return None  # (a date shown only as its month, beyond the deadline: asked, values.read_actual)
            return self._deadline_result(target, raw, actual_ref, m)
        if target.kind == "milestone":
            if not (raw is None or isinstance(raw, str)) or node.reason == UNDATED_REASON:
                return None  # (a 'SI' past its deadline is asked: compute._done_by_when; no formula says so)
            if isinstance(raw, str) and milestone_key(raw) not in _ANSWERS:
                return None  # 'SI, con DGR n. 12': read with its remark (values.read_bool), which no formula does
            return milestone_formula(actual_ref, bool(target.milestone), m)
        return self._number_result(result, node, raw, actual_ref, m)

    def _deadline_result(self, target, raw, actual_ref: str, m: str) -> str | None:
        """A deadline's grado: met (1), late by the bands, or not known yet at the period."""
        if target.deadline is None or not (raw is None or (isinstance(raw, dt.date)
                                                           and not isinstance(raw, dt.datetime))):
            return None
        d = target.deadline
        deadline = f"DATE({d.year},{d.month},{d.day})"

        def late(days_expr: str) -> str:
            expr = "0" if self.p.late_bands else self.num(self.p.late_grado / 100)
            for days, grado in reversed(self.p.late_bands):
                expr = f"IF({days_expr}<={days},{self.num(grado / 100)},{expr})"
            return expr

        done = f"IF({actual_ref}<={deadline},1,{late(f'{actual_ref}-{deadline}')})"
        end = self.period_end
        # an empty cell: not concluded at the period (or the year's) end, or a missing figure (compute)
        empty_open = empty_means_open(end, self.p.anno, d, self.p.missing_rule)
        if end is None:  # the final values: an empty cell is missing, or not due (a deadline after the year)
            empty = '""' if empty_open else m
            return f"IF(ISNUMBER({actual_ref}),{self.clamp(done, self.cap)},{empty})"
        # at a period, a completion after the period's end is not known yet (as in compute)
        end_date = f"DATE({end.year},{end.month},{end.day})"
        open_ = '""' if end < d else "0" if year_over(end, self.p.anno) else self.clamp(late(str((end - d).days)), self.cap)
        if not empty_open:
            open_ = f"IF(ISNUMBER({actual_ref}),{open_},{m})"
        return (f"IF(AND(ISNUMBER({actual_ref}),{actual_ref}<={end_date}),{self.clamp(done, self.cap)},"
                f"{open_})")

    def _number_result(self, result: Result, node, raw, actual_ref: str, m: str) -> str | None:
        """A number against its target (>=, <=, =, a range), on the scale the computation read it,
        'da verificare' where the computation would ask."""
        target = result.target
        assert target is not None  # result() returns earlier without one
        value = result.values.get("actual")
        if not (raw is None or (isinstance(raw, (int, float)) and not isinstance(raw, bool))):
            return None
        t = node.target_value if node.target_value is not None else target.value
        if t is None:
            return None
        # the actual on the scale the computation read it: the same rule (values.reconcile)
        rule = (node.actual_rule if raw is not None
                else empty_actual_rule(value.number_format if value is not None else None, target, t))
        if rule is None:
            return None  # decided with both values (or from text): the cell keeps the value
        T = self.num(t)
        a = actual_formula(actual_ref, rule, T)
        # 'da verificare' as the computation says
        unsure = actual_doubt_formula(actual_ref, rule, T, t_pct_of(target), target.hint_fraction,
                                      asks_plain_far_below(target, percent_context(self.plan, result)))
        comp = target.comparator or ">="
        equal = equal_reading(target, result.text, t, self.p)  # as the computation reads '='
        if equal in (EQUAL_AT_LEAST, EQUAL_AT_MOST):
            comp = ">=" if equal == EQUAL_AT_LEAST else "<="
        elif equal in (EQUAL_ASK_ABOVE, EQUAL_ASK_BELOW, EQUAL_ASK_EITHER):  # as compute.equal_beaten
            op = {EQUAL_ASK_ABOVE: ">", EQUAL_ASK_BELOW: "<", EQUAL_ASK_EITHER: "<>"}[equal]
            beaten = f"ROUND({a},6){op}ROUND({T},6)"
            unsure = beaten if unsure is None else f"OR({unsure},{beaten})"
        if is_strict(target) and node.due:  # met exactly: asked once due (compute.strict_met_exactly)
            exact = f"ROUND({a},6)=ROUND({T},6)"
            unsure = exact if unsure is None else f"OR({unsure},{exact})"
        if target.kind == "value" and node.due and value is not None:  # decided by the rounding shown (compute.shown_flip)
            flip = shown_flip_formula(actual_ref, value.number_format, rule, T, target.comparator or ">=")
            if flip is not None:
                unsure = flip if unsure is None else f"OR({unsure},{flip})"
        if target.kind == "range" and target.value_high is not None:
            # the upper end on the scale the computation put the target on (a fraction read as %)
            lo, hi = T, self.num(node.target_high if node.target_high is not None else target.value_high)
            below = f"{a}/{lo}" if t > 0 else "0"
            body = f"IF(AND({a}>={lo},{a}<={hi}),1,IF({a}<{lo},{below},IF({a}>0,{hi}/{a},0)))"
        elif comp == "=":
            body = (f"IF(ROUND({a},6)=ROUND({T},6),1,IF(AND({a}>0,{T}>0),MIN({a},{T})/MAX({a},{T}),0))")
        elif comp in (">=", ">"):
            body = f"{a}/{T}" if t > 0 else f"IF({a}>={T},1,0)"
        else:
            if t <= 0:
                body = f"IF({a}<={T},1,0)"
            elif self.p.lower_rule == LowerRule.DOUBLE:
                body = f"(2*{T}-{a})/{T}"
            else:
                body = f"IF({a}<=0,{self.num(self.cap)},{T}/{a})"
        grado = self.clamp(body, self.cap)
        if unsure is not None:  # the computation would ask: the cell says so, and its parents too
            grado = f'IF({unsure},"{DA_VERIFICARE}",{grado})'
        return f"IF(ISNUMBER({actual_ref}),{grado},{m})"

    @overload
    def changed(self, ref: str, value: None, short: bool = False) -> str: ...
    @overload
    def changed(self, ref: str, value: object, short: bool = False) -> str | None: ...

    def changed(self, ref: str, value: object, short: bool = False) -> str | None:
        """A condition that turns true once the cell `ref` no longer holds `value`, what the run
        read there; None for a value it cannot name (an error such as '#N/D'). `short`: a text by its
        length and first 40 characters, and an error in the cell never an error of the formula (a
        note, the office's status: found in review, formulas over Excel's 8,192 characters; an error in the
        cell, as at the run, is no change)."""
        if short:
            if isinstance(value, str) and len(value) > 40:
                cond = self.changed(f"LEFT({ref},40)", value[:40])
                if cond is not None and "\r" not in value and all(ord(ch) <= 0xFFFF for ch in value):
                    cond = f"OR(LEN({ref})<>{len(value)},{cond})"  # (the length: a text added at the end)
                return None if cond is None else f"IFERROR({cond},FALSE)"
            cond = self.changed(ref, value)
            return None if cond is None else f"IFERROR({cond},FALSE)"
        if value is None or (isinstance(value, str) and value == ""):
            return f"LEN({ref})>0"
        if isinstance(value, bool):
            return f"NOT(AND(ISLOGICAL({ref}),{ref}={'TRUE' if value else 'FALSE'}))"
        if isinstance(value, (dt.date, dt.datetime)):
            day = f"DATE({value.year},{value.month},{value.day})"
            if isinstance(value, dt.datetime) and value.time() != dt.time(0):
                day += f"+TIME({value.hour},{value.minute},{value.second})"
            # (IF, not AND: Excel and LibreOffice work out every argument of AND, and a text minus a date
            # is #VALUE!: found in review, once SI or NO was typed over a completion date)
            return f"NOT(IF(ISNUMBER({ref}),ABS({ref}-({day}))<0.00001,FALSE))"
        if isinstance(value, (int, float)):
            if not math.isfinite(value):  # a damaged cell ('nan'): no formula can name it
                return None
            if value == 0:  # a formula showing an empty cell reads 0 here, '' in LibreOffice (found in review)
                return f"NOT(OR(AND(ISNUMBER({ref}),{ref}=0),LEN({ref})=0))"
            return f"NOT(AND(ISNUMBER({ref}),{ref}={self.num(value)}))"
        if not isinstance(value, str) or re.fullmatch(r"#[A-Z0-9/!?]+[!?]?", value.strip()) \
                or value.strip().lower() in ("nan", "inf", "-inf", "infinity", "-infinity"):
            return None  # an error, or a damaged number cell read as its text: nothing to compare
        if any(ord(ch) > 0xFFFF for ch in value):
            return None  # Excel counts such a character as two, LibreOffice as one: no LEN agrees
        cell = ref
        if "\r" in value:  # Excel keeps a carriage return ('_x000D_'), LibreOffice drops it on reading
            value, cell = value.replace("\r", ""), f'SUBSTITUTE({ref},CHAR(13),"")'
        head = value[:250]
        # a long text: its beginning and its end (found in review: '30/09' -> '31/10' at the end of a
        # long target went unsaid); a change in the middle of one over 500 characters is not seen
        tail = f",EXACT(RIGHT({cell},250),{text_literal(value[-250:])})" if len(value) > 250 else ""
        return (f"NOT(AND(ISTEXT({ref}),LEN({cell})={len(value)},"
                f"EXACT(LEFT({cell},{len(head)}),{text_literal(head)}){tail}))")

    def asks(self, refs: list[str], formula: str) -> str:
        """A parent's formula that turns 'da verificare' when one of its parts does (a later edit in
        Excel that the computation would ask about), as compute's roll-up does (found in review:
        the mean of the other parts showed 100% 'raggiunto')."""
        if self.p.doubt_rule == DoubtRule.LEFT_OUT:  # the office's choice: the part is left out
            return formula  # (ISNUMBER leaves the word out of the mean)
        doubt = ",".join(f'{r}="{DA_VERIFICARE}"' for r in refs)
        return f'IF(OR({doubt}),"{DA_VERIFICARE}",{formula})'

    def average(self, refs: list[str], cap: float) -> str:
        return self.asks(refs, f'IFERROR(MIN(AVERAGE({",".join(refs)}),{self.num(cap)}),"")')

    def weighted(self, refs: list[str], weights: list[float | None], cap: float) -> str:
        if all(w is None for w in weights):
            weights = [1.0] * len(refs)
        # every part weighing nothing: equal weights, as compute's rollup (found in review); some weighing something
        # but none of them with a grado: none, as the roll-up (found in a later review: the 0's part alone)
        # (where no part weighs 0, the mean's divisor is 0 only when no part has a grado: the same "" either way)
        mixed = any(w == 0 for w in weights) and any(w not in (None, 0) for w in weights)
        equal = '""' if mixed else f'IFERROR(MIN(AVERAGE({",".join(refs)}),{self.num(cap)}),"")'
        # a part weighing 0 asks nothing, as compute's roll-up (found in review: 'Ente' at 0 made a person asked)
        weighing = [r for r, w in zip(refs, weights) if w != 0] or refs
        return self.asks(weighing, f'IFERROR(MIN({self.weighted_mean(refs, weights)},{self.num(cap)}),{equal})')

    def weighted_mean(self, refs: list[str], weights: list[float | None]) -> str:
        """The mean of the cells with a number, by their weights (a missing weight weighs nothing)."""
        known = [0.0 if w is None else w for w in weights]
        num = "+".join(f"N({r})*{self.num(w)}" for r, w in zip(refs, known))
        den = "+".join(f"ISNUMBER({r})*{self.num(w)}" for r, w in zip(refs, known))
        return f"({num})/({den})"

    def status_of(self, ref: str, node, parts: list[str | None] | None = None,
                  weights: list[float | None] | None = None) -> str | None:
        """The status formula of a node from its grado cell `ref`, compute's rule (status_of and
        the roll-up): when no grado can be computed it falls back to the same kind of 'not valued'
        the computation gave. Before the target is due (node.due False) a leaf is 'raggiunto' or
        'in corso' (an open deadline with no grado: 'in corso'); a parent is 'in corso' while one
        of its `parts` (their status cells; a part weighing 0 left out) is. None when a part's
        cell is unknown: the cell keeps the value."""
        status = node.status
        otherwise = status if status in (NON_VALUTABILE, DA_VERIFICARE) else NON_VALUTABILE
        if node.due or status == DA_VERIFICARE:  # a doubt comes before 'in corso', as in compute's roll-up
            return self.status(ref, otherwise)
        if parts is None:
            # its figure cleared before the target is due: 'in corso', as compute says of a missing
            # actual while time is left, whichever month the formula was written in (found in a
            # trial: 'in corso' in March's file, 'non valutabile' in June's)
            return self.status(ref, IN_CORSO if status == IN_CORSO or node.valued else otherwise, due=False,
                               lasting=node.lasting)
        weights = weights or [None] * len(parts)
        parts = weighing(parts, weights)
        if not parts or not all(parts):
            return None
        open_ = any_of([f'{c}="{IN_CORSO}"' for c in parts])
        return (f'IF({ref}="{DA_VERIFICARE}","{DA_VERIFICARE}",IF({open_},"{IN_CORSO}",'
                f'{self.status(ref, otherwise)}))')

    def status(self, ref: str, otherwise: str = NON_VALUTABILE, due: bool = True, lasting: bool = True) -> str:
        """compute.status_of on the grado cell `ref`; `otherwise` when it holds no grado."""
        key = (otherwise, due, lasting)
        template = self._status_templates.get(key)
        if template is None:  # built once per fallback: the table asks for one per row
            d = self.p.decimals
            a = self.num(self.p.threshold_achieved)
            b = self.num(self.p.threshold_partial)
            r = shown_formula("\0*100", d)
            reach_a, reach_b = threshold_ops(self.p.achieved_strict)[0], threshold_ops(self.p.partial_strict)[0]
            below = (f'IF({r}{reach_b}{b},"{PARZIALE}","{NON_RAGGIUNTO}")' if due else f'"{IN_CORSO}"')
            valued = f'IF({r}{reach_a}{a},"{RAGGIUNTO}",{below})' if due or lasting else f'"{IN_CORSO}"'
            template = self._status_templates[key] = (
                f'IF(ISNUMBER(\0),{valued},'
                f'IF(\0="{DA_VERIFICARE}","{DA_VERIFICARE}","{otherwise}"))')
        return template.replace("\0", ref)

    def factor(self, ref: str) -> str:
        p = self.p
        if p.individual_scale == IndividualScale.LINEAR:
            lo, hi = p.individual_linear
            return f'IF(ISNUMBER({ref}),MIN(MAX(({ref}*100-{self.num(lo)})/{self.num(hi - lo)},0),1),"")'
        expr = "0"
        for minimum, f in p.individual_bands:
            expr = f"IF({shown_formula(f'{ref}*100', p.decimals)}>={self.num(minimum)},{self.num(f)},{expr})"
        return f'IF(ISNUMBER({ref}),{expr},"")'


def _as_written(value: float, decimals: int) -> str:
    """A threshold in %, with the decimals it was written with if more than the grado's."""
    digits = 0 if float(value).is_integer() else min(4, len(repr(float(value)).partition(".")[2]))
    return pct(value, max(decimals, digits))


def _extend_area(area: str, end: int, new_end: int) -> str | None:
    """"'Tabella'!$A$1:$J$53" with its last column J (= end) -> "'Tabella'!$A$1:$O$53"; None when the
    area is not a plain range ending at that column."""
    sheet, bang, ref = area.rpartition("!")
    m = re.fullmatch(r"(\$?[A-Za-z]{1,3}\$?\d*:)(\$?)([A-Za-z]{1,3})(\$?\d*)", ref.strip())
    if m is None or col_index(m.group(3)) != end:
        return None
    return f"{sheet}{bang}{m.group(1)}{m.group(2)}{col_letter(new_end)}{m.group(4)}"


def _split_areas(value: str) -> list[str]:
    """"'Piano, 2018'!$A$1:$J$5,'Piano, 2018'!$L$1:$M$5" -> its two areas (commas inside a quoted
    sheet name, where '' is a quote, do not split)."""
    areas: list[str] = []
    current: list[str] = []
    quoted = False
    for ch in value:
        if ch == "'":
            quoted = not quoted  # '' inside a quoted name flips twice
        if ch == "," and not quoted:
            areas.append("".join(current))
            current = []
        else:
            current.append(ch)
    areas.append("".join(current))
    return [a for a in areas if a.strip()]


def _fraction(grado: float | None):
    return None if grado is None else grado / 100


def _all_known(refs: list[str | None]) -> TypeGuard[list[str]]:
    """Whether every part's cell is known (all its references found)."""
    return all(refs)


def _rolls_up(node) -> bool:
    """Whether a parent's grado may be written as a formula over its parts: not when it is 'da
    verificare' (a part to verify), where a mean of the others would be a guessed grado that
    Excel shows while the computation says it does not know (compute's roll-up rule)."""
    return node.status != DA_VERIFICARE


# --------------------------------------------------------------------------- the writer


class WriteBack:
    def __init__(self, plan: Plan, outcome: Outcome, report: Report, source: Path, run: RunInfo):
        if plan.table is None:
            raise CannotWriteBack("Senza tabella di collegamento non c'è niente da scrivere: correggere prima "
                                  "gli errori indicati da 'piano-xlsx verifica'.")
        self.plan = plan
        self.table: TableInfo = plan.table
        self.outcome = outcome
        # what the sheets show: the run's findings and those the writing adds (the Storico's, the
        # printing's); the caller's report is left as it was, write_output returns the added ones
        self.report = Report(file=report.file, findings=list(report.findings))
        self.found_before = len(report.findings)
        self.run = run
        self.package = open_package(source)
        if self.package.sha256 != plan.sha256:
            # the results are placed on the rows that were read: a file changed since would get them wrong
            self.package.close()
            raise CannotWriteBack(
                f"Il file '{source.name}' è cambiato dopo che è stato letto (qualcuno lo ha salvato nel frattempo?): "
                "nessun file è stato scritto. Rilanciare il comando.")
        self.ed = PackageEditor(self.package)
        self.wb_part = self.package.workbook_part
        self.f = _Formulas(plan, outcome)
        self.decimals = outcome.profile.decimals
        self.pct_format = "0%" if self.decimals == 0 else "0." + "0" * self.decimals + "%"
        self.grado_cells: dict[str, str] = {}  # result code -> absolute reference of its grado cell
        self.status_cells: dict[str, str] = {}  # result code -> absolute reference of its status cell
        self.monitor_cells: dict[str, str] = {}  # result code -> absolute reference of its monitoring cell
        self.wider_print: tuple[int, float, float] | None = None  # the table printed on pages side by side
        self.objective_rows: dict[str, int] = {}

    # -- entry point
    def build(self) -> bytes:
        """The output package's bytes: the office's table with the results, Riepilogo first,
        Storico and Anomalie last, everything else of the office's as it was."""
        ed = self.ed
        self._load_styles()
        self._update_history()
        self.history_rows = {(level, code): 5 + i for i, (level, code, _) in enumerate(self.history.nodes)}
        wb_text, entries = self._office_sheets(ed.text(self.wb_part))
        self._write_table()
        wb_text = self._check_print_area(wb_text)
        wb_text = self._repeat_title_columns(wb_text)
        wb_text = self._mark_owned_region(wb_text)
        # the month the file's results are at, as the next reader should know it (load.RUN_PERIOD_NAME)
        wb_text = wbx.remove_defined_names(wb_text, RUN_PERIOD_NAME)
        wb_text = wbx.add_defined_name(wb_text, RUN_PERIOD_NAME, f'"{history_key(self.outcome.period)}"', hidden=True)
        # the structure it was computed on: a sort that moved a result under another objective is told (load._reordered)
        wb_text = wbx.remove_defined_names(wb_text, STRUCTURE_NAME)
        wb_text = wbx.add_defined_name(wb_text, STRUCTURE_NAME, f'"{structure(self.plan)}"', hidden=True)
        # positions: Riepilogo first, the office's sheets, Storico and Anomalie last. In a workbook with
        # macros the office's sheets keep their positions (a macro may address Sheets(1)): Riepilogo
        # goes last, and opens first all the same
        n_office = len(entries)
        macro = any(r.type.endswith("/vbaProject") for r in ed.rels(self.wb_part))
        shift = 0 if macro else 1
        if shift:
            wb_text = wbx.renumber_local_sheets(wb_text, {i: i + 1 for i in range(n_office)})
        wb_text, summary_at, history_at, last = self._add_owned_sheets(wb_text, n_office, shift)
        wb_text = self._owned_names(wb_text, summary_at, history_at, last, self.table_index + shift)
        wb_text = self._former_marks(wb_text)
        wb_text = wbx.set_active(wb_text, summary_at)
        ed.write(self.wb_part, wb_text)
        ed.write(self.styles_part, self.styles.text)
        stamp = (self.run.when.year, self.run.when.month, self.run.when.day, 0, 0, 0) \
            if self.run.when.year >= 1980 else (1980, 1, 1, 0, 0, 0)
        return ed.save(date_time=stamp)

    def _update_history(self) -> None:
        """The Storico's update: in place when the file holds the earlier run's sheet as piano-xlsx
        wrote it and the run adds a period or replaces the last one (write/storico.py); else read
        whole (when the run read it without its values) and written whole."""
        history = self.plan.history or History()
        self.storico_rows: list[str] | None = None
        in_place = self._storico_in_place(history) if history.periods and not history.values_read else None
        if in_place is not None:
            new, findings, self.changes, self.previous = history_update(in_place.history, self.outcome, self.plan)
            self.storico_rows = in_place.node_rows(new, self.st["plain"], self.st["pct"])
        if self.storico_rows is None:
            if not history.values_read:
                history = read_history_values(self.package, self.plan.owned_sheets)
                # the sheet's body, read only now (its header's notes were said when it was read first)
                said = self.plan.history.notes if self.plan.history is not None else []
                self.report.findings.extend(history_notes([n for n in history.notes if n not in said]))
            new, findings, self.changes, self.previous = history_update(history, self.outcome, self.plan)
        self.history = new
        self.report.findings.extend(findings)

    def _storico_in_place(self, history: History) -> InPlace | None:
        wb_text = self.ed.text(self.wb_part)
        entry = next((e for e in wbx.sheets(wb_text) if e.name == HISTORY), None)
        part = {r.id: r.target for r in self.ed.rels(self.wb_part)}.get(entry.rid) if entry is not None else None
        if part is None or HISTORY not in self.plan.owned_sheets or not self.ed.exists(part):
            return None
        return prepare_in_place(self.ed.raw_text(part), history, self.outcome.period,
                                self.outcome.profile.closed_periods, self.st["plain"], self.st["pct"])

    def _office_sheets(self, wb_text: str) -> tuple[str, list]:
        """The workbook without an earlier run's sheets and calcChain, checked for what cannot be
        written back; finds the table's part and unselects the office's tabs. Returns the
        workbook's text and its sheets' entries."""
        ed = self.ed
        if "purl.oclc.org/ooxml/spreadsheetml" in wb_text[:2000]:
            raise CannotWriteBack(
                "Il file è salvato nel formato 'Strict Open XML', che piano-xlsx non può aggiornare senza rischi: "
                "aprirlo in Excel, salvarlo come 'Cartella di lavoro di Excel (.xlsx)' e rilanciare.")
        wb_text = self._remove_owned_sheets(wb_text)
        wb_text = self._drop_calc_chain(wb_text)
        entries = wbx.sheets(wb_text)
        if any(e.name in (SUMMARY, HISTORY, FINDINGS) for e in entries):
            name = next(e.name for e in entries if e.name in (SUMMARY, HISTORY, FINDINGS))
            raise CannotWriteBack(f"Il file ha già un foglio '{name}' che non è stato scritto da piano-xlsx: "
                                  "rinominarlo e rilanciare (piano-xlsx usa i fogli 'Riepilogo', 'Storico' e "
                                  "'Anomalie').")
        rels = {r.id: r.target for r in ed.rels(self.wb_part)}
        table_entry = next((e for e in entries if e.name == self.table.sheet), None)
        if table_entry is None or table_entry.rid not in rels:
            raise CannotWriteBack(f"Nel file manca la parte del foglio '{self.table.sheet}'.")
        self.table_part = rels[table_entry.rid]
        self.table_index = entries.index(table_entry)
        for entry in entries:
            part = rels.get(entry.rid)
            if part and ed.exists(part) and part != self.table_part:
                text = ed.raw_text(part)
                unselected = unselect_tab(text)
                if unselected != text:
                    ed.write(part, unselected)
        return wb_text, entries

    def _add_owned_sheets(self, wb_text: str, n_office: int, shift: int) -> tuple[str, int, int, int]:
        """Riepilogo, Storico and Anomalie written and placed; returns the workbook's text and their
        positions (summary, history, findings)."""
        ed = self.ed
        summary_part = ed.unique_name("xl/worksheets/sheet{}.xml")
        ed.write(summary_part, "")  # reserve the name
        history_part = ed.unique_name("xl/worksheets/sheet{}.xml")
        ed.write(history_part, self._history_sheet().xml())
        findings_part = ed.unique_name("xl/worksheets/sheet{}.xml")
        ed.write(findings_part, self._findings_sheet().xml())
        summary = self._summary_sheet(summary_part)
        ed.write(summary_part, summary.xml())
        for part in (summary_part, history_part, findings_part):
            ed.add_override(part, CT_WORKSHEET)
        rid_summary = ed.add_rel(self.wb_part, REL_WORKSHEET, summary_part)
        rid_history = ed.add_rel(self.wb_part, REL_WORKSHEET, history_part)
        rid_findings = ed.add_rel(self.wb_part, REL_WORKSHEET, findings_part)
        history_at, last = n_office + shift, n_office + shift + 1
        summary_at = 0 if shift else n_office + 2
        if shift:
            wb_text, _ = wbx.insert_sheet(wb_text, 0, SUMMARY, rid_summary)
        wb_text, _ = wbx.insert_sheet(wb_text, history_at, HISTORY, rid_history)
        wb_text, _ = wbx.insert_sheet(wb_text, last, FINDINGS, rid_findings)
        if not shift:
            wb_text, _ = wbx.insert_sheet(wb_text, summary_at, SUMMARY, rid_summary)
        return wb_text, summary_at, history_at, last

    def _former_marks(self, wb_text: str) -> str:
        """The sheets of piano-xlsx the office renamed or copied (plan.former_sheets), marked as theirs
        now (FORMER_MARK): the next run knows them without saying them again (found in review: the
        warning came back on every run, for every monthly copy kept)."""
        positions = {e.name: i for i, e in enumerate(wbx.sheets(wb_text))}
        for name, was in self.plan.former_sheets.items():
            at = positions.get(name)
            if at is None:
                continue
            for mark in (MARK + was, FORMER_MARK + was):
                wb_text = wbx.remove_defined_names(wb_text, mark, sheet=at)
            wb_text = wbx.add_defined_name(wb_text, FORMER_MARK + was, f"{quote_sheet(name)}!$A$1",
                                           local_sheet_id=at, hidden=True)
        return wb_text

    def _owned_names(self, wb_text: str, summary_at: int, history_at: int, last: int, table_pos: int) -> str:
        """The hidden names that mark piano-xlsx's sheets, their print titles and filter, and the
        table's print titles when the office has none."""
        wb_text = wbx.add_defined_name(wb_text, MARK + "Riepilogo", f"{quote_sheet(SUMMARY)}!$A$1",
                                       local_sheet_id=summary_at, hidden=True)
        wb_text = wbx.add_defined_name(wb_text, MARK + "Storico", f"{quote_sheet(HISTORY)}!$A$1",
                                       local_sheet_id=history_at, hidden=True)
        wb_text = wbx.add_defined_name(wb_text, MARK + "Anomalie", f"{quote_sheet(FINDINGS)}!$A$1",
                                       local_sheet_id=last, hidden=True)
        wb_text = wbx.add_defined_name(wb_text, "_xlnm.Print_Titles", f"{quote_sheet(FINDINGS)}!$1:$1",
                                       local_sheet_id=last)
        # the columns too: a Storico of many periods prints several pages wide, each with the titles
        wb_text = wbx.add_defined_name(wb_text, "_xlnm.Print_Titles",
                                       f"{quote_sheet(HISTORY)}!$A:$C,{quote_sheet(HISTORY)}!$4:$4",
                                       local_sheet_id=history_at)
        n_findings = max(len(self.report.findings), 1)
        wb_text = wbx.add_defined_name(wb_text, "_xlnm._FilterDatabase",
                                       f"{quote_sheet(FINDINGS)}!$A$1:$E${n_findings + 1}",
                                       local_sheet_id=last, hidden=True)
        if not any(d.name == "_xlnm.Print_Titles" and d.local_sheet_id == table_pos
                   for d in wbx.defined_names(wb_text)):
            top, bottom = self.table.header_rows
            wb_text = wbx.add_defined_name(wb_text, "_xlnm.Print_Titles",
                                           f"{quote_sheet(self.table.sheet)}!${top}:${bottom}",
                                           local_sheet_id=table_pos)
        return wb_text

    # -- structure
    def _load_styles(self) -> None:
        styles = [r for r in self.ed.rels(self.wb_part) if r.type == REL_STYLES]
        if styles and self.ed.exists(styles[0].target):
            self.styles_part = styles[0].target
            self.styles = Styles(self.ed.text(self.styles_part))
        else:
            self.styles_part = "xl/styles.xml"
            self.styles = Styles(MINIMAL_STYLES)
            self.ed.add_override(self.styles_part, CT_STYLES)
            self.ed.add_rel(self.wb_part, REL_STYLES, self.styles_part)
        s = self.styles
        self.st = {
            "header": s.xf(bold=True, color="FFFFFF", fill=HEADER_BG, wrap=True, valign="center"),
            "pct": s.xf(numfmt=self.pct_format, halign="right"),
            "text": s.xf(wrap=True),
            "plain": s.xf(),
            "title": s.xf(bold=True, size=14, border=False),
            "subtitle": s.xf(italic=True, color="595959", border=False),
            "section": s.xf(bold=True, size=12, color=HEADER_BG, border=False),
            "label": s.xf(bold=True),
            "number": s.xf(numfmt="0", halign="right"),
            "factor": s.xf(numfmt="0.00", halign="right"),
            "link": s.xf(color="0563C1"),
            "alert": s.xf(bold=True, color="C00000", border=False),
        }
        self.dxf = {tone: s.dxf(color=font, fill=fill) for tone, (font, fill) in TONES.items()}

    def _remove_owned_sheets(self, wb_text: str) -> str:
        entries = wbx.sheets(wb_text)
        # only those under their own name: a renamed or copied one is the office's (plan.former_sheets)
        owned_ids = {i for i, e in enumerate(entries) if e.name in self.plan.owned_sheets}
        if not owned_ids:
            return wb_text
        rels = {r.id: r.target for r in self.ed.rels(self.wb_part)}
        mapping: dict[int, int | None] = {}
        new_index = 0
        for i in range(len(entries)):
            if i in owned_ids:
                mapping[i] = None
            else:
                mapping[i] = new_index
                new_index += 1
        wb_text = wbx.renumber_local_sheets(wb_text, mapping)
        for i in sorted(owned_ids, reverse=True):
            if i >= len(entries):
                continue
            entry = entries[i]
            part = rels.get(entry.rid)
            if part:
                self._say_comments_dropped(entry.name, part)
                self.ed.remove_tree(part)
            self.ed.remove_rel(self.wb_part, entry.rid)
            wb_text = wbx.remove_sheet(wb_text, entry.name)
        return wb_text

    def _say_comments_dropped(self, sheet: str, part: str) -> None:
        """Comments the office added to a sheet piano-xlsx writes (Storico, Riepilogo, Anomalie) do not
        pass into the new one: said, not lost in silence (found in a trial: a comment on the Storico)."""
        kinds = {r.type.rsplit("/", 1)[-1] for r in self.ed.rels(part)}
        if kinds & {"comments", "threadedComment"}:
            self.report.findings.append(warning(
                "commenti-non-riportati",
                f"Il foglio '{sheet}' è scritto da piano-xlsx a ogni calcolo: i commenti aggiunti nel file letto non "
                "passano in quello scritto (restano nel file letto o nella sua copia). Metterli in un foglio o in "
                "una colonna dell'ufficio.", Location(sheet, "A1")))

    def _drop_calc_chain(self, wb_text: str) -> str:
        """Excel rebuilds calcChain.xml by itself; a stale one (cells we replaced) makes it 'repair' the file."""
        for rel in self.ed.rels(self.wb_part):
            if rel.type == REL_CALCCHAIN:
                self.ed.remove(rel.target)
                self.ed.remove_override(rel.target)
                self.ed.remove_rel(self.wb_part, rel.id)
        return wb_text

    # -- the office's table
    def _owned_columns(self, editor: SheetEditor) -> int:
        """Where piano-xlsx's columns go: where an earlier run put them, else right of everything of
        the office's beside the table, values or not (formats, conditional formats, validations,
        sparklines, merges, comments, drawings, tables), so that nothing of theirs is covered."""
        # the reader keeps only the five columns side by side, in order (layout._owned_block)
        start = self.table.owned_columns.get(OWNED_HEADERS[0].lower())
        if start is not None:
            return start
        top, bottom = self.table.header_rows
        rows = (min(top, bottom), max(self.table.last_data_row, bottom))
        start = max(editor.occupied_extent(*rows), self._anchored_extent(*rows)) + 1
        if start + len(OWNED_HEADERS) - 1 > 16384:
            raise CannotWriteBack(
                f"Il foglio '{self.table.sheet}' è occupato fino all'ultima colonna (XFD) nelle righe della "
                "tabella: non c'è posto per le colonne dei risultati. Liberare almeno cinque colonne a destra "
                "della tabella e rilanciare.")
        return start

    def _anchored_extent(self, first_row: int, last_row: int) -> int:
        """The last column reached, in the table's rows, by what the sheet's related parts anchor on
        it: drawings (charts, pictures, text boxes), comments, tables."""
        best = 0
        for rel in self.ed.rels(self.table_part):
            if rel.external or not self.ed.exists(rel.target):
                continue
            kind = rel.type.rsplit("/", 1)[-1]
            if kind not in ("drawing", "comments", "table"):
                continue
            text = self.ed.raw_text(rel.target)
            if kind == "drawing":  # each anchor: from (col, row) to (col, row), 0-based
                for anchor in re.findall(r"<(?:\w+:)?(?:twoCellAnchor|oneCellAnchor|absoluteAnchor)\b.*?"
                                         r"</(?:\w+:)?(?:twoCellAnchor|oneCellAnchor|absoluteAnchor)>", text, re.S):
                    cols = [int(c) + 1 for c in re.findall(r"<(?:\w+:)?col>(\d+)</(?:\w+:)?col>", anchor)]
                    anchor_rows = [int(r) + 1 for r in re.findall(r"<(?:\w+:)?row>(\d+)</(?:\w+:)?row>", anchor)]
                    if cols and anchor_rows and min(anchor_rows) <= last_row and max(anchor_rows) >= first_row:
                        best = max(best, *cols)
            else:
                for area in re.findall(r"""\bref\s*=\s*["']([^"']+)["']""", text):
                    best = max(best, area_extent(area, first_row, last_row))
        return best

    def _write_table(self) -> None:
        """The five owned columns beside the office's table: headers, each row's cells, widths,
        row heights, conditional formats, sparklines; everything else of the sheet kept."""
        plan = self.plan
        info = self.table
        editor = SheetEditor(self.ed.text(self.table_part), self.table_part)
        start = self._owned_columns(editor)
        cols = [start + i for i in range(len(OWNED_HEADERS))]
        g_col, s_col, m_col, t_col, n_col = cols
        top, bottom = info.header_rows
        first, last = info.first_data_row, max(info.last_data_row, info.first_data_row)
        sheet_q = quote_sheet(info.sheet)
        p = editor.prefix
        cells: dict[int, dict[int, str]] = {bottom: {}}  # row -> column -> XML
        for i, header in enumerate(OWNED_HEADERS):
            cells[bottom][cols[i]] = cell_xml(bottom, cols[i], header, self.st["header"], prefix=p)
        by_row: dict[int, list[Result]] = {}
        for result in plan.results.values():
            by_row.setdefault(result.row, []).append(result)
        mains = {row: self._main_result(results) for row, results in by_row.items()}
        for row, main in mains.items():
            if main is not None:
                self.grado_cells[main.code] = f"{sheet_q}!{absolute(row, g_col)}"
                self.status_cells[main.code] = f"{sheet_q}!{absolute(row, s_col)}"
                self.monitor_cells[main.code] = f"{sheet_q}!{absolute(row, m_col)}"
        notes: dict[int, str] = {}  # row -> the note written (its height is known without reading it back)
        for row, results in sorted(by_row.items()):
            self._result_row(row, results, mains[row], cols, cells.setdefault(row, {}), notes, p)
        editor.set_widths({c: w for c, w in zip(cols, OWNED_WIDTHS)})
        # rows tall enough for the headers and the notes (LibreOffice does not fit rows on opening),
        # before writing the owned cells: their heights are known here, the office's are read
        fit_rows(editor, self.styles.text_format, shared_strings_loader(self.ed, self.wb_part), first,
                 max(last, max(by_row, default=last)), set(cols), bottom,
                 owned_heights=self._owned_heights(notes, bottom))
        editor.replace_rows(set(cols), min(top, bottom), max(last, max(by_row, default=last)), cells)
        editor.extend_dimension(max(by_row, default=bottom), n_col)
        self._table_rules(editor, cols, first, last)
        editor.ensure_landscape()
        editor.unselect_tab()
        editor.set_sparklines(self._sparklines(mains, t_col), set(cols))
        self.wider_print = self._readable_width(editor, cols)
        self.ed.write(self.table_part, editor.text)
        self.table_cols = cols

    def _result_row(self, row: int, results: list[Result], main: Result | None, cols: list[int],
                    row_cells: dict[int, str], notes: dict[int, str], p: str) -> None:
        """The owned cells of one table row (grado, status, monitoring, trend, note) into row_cells,
        its note into notes; a row of several results with no main one gets only the note."""
        plan, outcome, f = self.plan, self.outcome, self.f
        g_col, s_col, m_col, t_col, n_col = cols
        g_ref = a1(row, g_col)
        if main is None:
            lines = [f"{r.code}: {pct(outcome.results[r.code].grado, self.decimals)} "
                     f"({outcome.results[r.code].status})" for r in results]
            row_cells[n_col] = cell_xml(row, n_col, "\n".join(lines), self.st["text"], prefix=p)
            notes[row] = "\n".join(lines)
            return
        node = outcome.results[main.code]
        formula = None
        if not main.children:
            actual_ref = self._actual_ref(main, row)
            if actual_ref is not None:
                formula = f.result(main, node, actual_ref)
        else:
            refs = [self.grado_cells.get(c) for c in main.children]
            # weights that cannot be read leave the parent without a grado: no formula would say so
            if _all_known(refs) and ("risultato", main.code) not in plan.invalid_weights \
                    and _rolls_up(node):
                formula = f.weighted(refs, [plan.results[c].weight for c in main.children], f.cap_node)
        cached = _fraction(node.grado)
        row_cells[g_col] = cell_xml(row, g_col, "" if cached is None and formula else cached,
                                    self.st["pct"], formula, prefix=p)
        status_formula = f.status_of(g_ref, node, [self.status_cells.get(c) for c in main.children],
                                     [plan.results[c].weight for c in main.children]) \
            if main.children else f.status_of(g_ref, node)
        row_cells[s_col] = cell_xml(row, s_col, node.status, self.st["plain"], status_formula, prefix=p)
        stale = self._stale(main, self.table.sheet, alone=len(results) == 1, row_results=results)
        monitoring = node.monitoring or ""
        row_cells[m_col] = cell_xml(row, m_col, monitoring, self.st["plain"],
                                    f'IF({stale},"{DA_RICALCOLARE}","{monitoring}")' if stale else None, prefix=p)
        row_cells[t_col] = cell_xml(row, t_col, None, self.st["plain"], prefix=p)
        note = node.explanation
        others = [r for r in results if r is not main]
        if others:
            note += "\n" + "\n".join(f"{r.code}: {pct(outcome.results[r.code].grado, self.decimals)} "
                                      f"({outcome.results[r.code].status})" for r in others)
        row_cells[n_col] = cell_xml(row, n_col, note, self.st["text"], prefix=p)
        notes[row] = note

    def _table_rules(self, editor: SheetEditor, cols: list[int], first: int, last: int) -> None:
        """The conditional formats of the owned columns, an earlier run's replaced."""
        g_col, s_col, m_col, t_col, n_col = cols
        editor.remove_conditional_formats_within(set(cols))
        prio = editor.max_priority()
        rng = lambda c: f"{col_letter(c)}{first}:{col_letter(c)}{last}"  # noqa: E731
        editor.add_conditional_format(rng(g_col), self._grado_rules(col_letter(g_col), first, prio,
                                                                    col_letter(s_col)))
        editor.add_conditional_format(rng(s_col), self._status_rules(col_letter(s_col), first, prio + 10))
        editor.add_conditional_format(rng(m_col), self._monitor_rules(col_letter(m_col), first, prio + 20))
        # the note of a row whose values changed since the run: grey, as its monitoring says
        editor.add_conditional_format(rng(n_col), [_rule(self.dxf[Tone.GREY], prio + 30, f'AND(LEN({col_letter(n_col)}'
                                                   f'{first})>0,{col_letter(m_col)}{first}="{DA_RICALCOLARE}")')])

    def _mean_formula(self, first: int, n: int) -> str:
        """The body's mean grado over the objectives' rows of the Riepilogo, as compute._body takes
        it: weighted by 'Peso obiettivo' when every objective has one, else plain (found in a trial:
        the cell averaged plainly while the computation weighed, 99,25% against 99,4%)."""
        rng = f"$D${first}:$D${max(first + n - 1, first)}"
        # the same rule as compute._body: scoring.objective_weights
        weights = objective_weights([self.plan.objectives[c].weight for c in self.outcome.objectives],
                                    [node.valued for node in self.outcome.objectives.values()])
        if any(w is not None for w in weights):
            refs = [f"$D${first + i}" for i in range(n)]
            return f'IFERROR({self.f.weighted_mean(refs, weights)},IFERROR(AVERAGE({rng}),""))'
        return f'IFERROR(AVERAGE({rng}),"")'

    # paper sizes (portrait width, height in points) of pageSetup's paperSize: Letter, Legal, A3, A4
    PAPERS = {None: (612, 792), 1: (612, 792), 5: (612, 1008), 8: (842, 1191), 9: (595, 842)}
    READABLE_PT = 6.0  # below this the printed table is not read
    WANTED_PT = 7.0

    def _readable_width(self, editor: SheetEditor, cols: list[int]) -> tuple[int, float, float] | None:
        """A table the office prints fitted to one page wide would come out unreadable once the five
        result columns are added (the Torino example: 6,9 pt became 4,9 pt on A3): it prints on
        two or three pages side by side instead, left to right, with the result's columns repeated
        (_repeat_title_columns). (pages, points before, points after), or None when it stays."""
        if self.plan.owned_sheets:  # a file piano-xlsx already wrote: its print setup is the office's choice now
            return None
        fit = editor.fit_to_width()
        # one page wide and as many tall as needed; fitted to one page tall too, no width would help
        if fit is None or fit[0] != 1 or fit[1] not in self.PAPERS or fit[3] != 0:
            return None
        _, paper, landscape, _ = fit
        short, long_ = self.PAPERS[paper]
        margins = editor.margins()
        printable = (long_ if landscape else short) - (margins[0] + margins[1]) * 72
        widths, default = editor.column_widths()

        def points(c: int) -> float:
            w = widths.get(c, default)
            return int(w * 7 + 5) * 0.75 if w > 0 else 0.0

        total = sum(points(c) for c in range(1, cols[-1] + 1))
        titles = self._title_columns()
        title_pts = sum(points(c) for c in range(titles[0], titles[1] + 1)) if titles else 0.0
        font = self._table_font(editor)
        before = font * min(1.0, printable / total) if total else font
        if before >= self.READABLE_PT:
            return None
        for pages in (2, 3):
            after = font * min(1.0, pages * printable / (total + (pages - 1) * title_pts))
            if after >= self.WANTED_PT or pages == 3:
                break
        if after <= before:
            return None
        editor.set_fit_to_width(pages)
        return pages, before, after

    def _table_font(self, editor: SheetEditor) -> float:
        """The size of the table's text: the font of the first result's cell (the workbook's default
        when it cannot be read; found in review: the size said was the default 11, the table's 10)."""
        info = self.table
        col = info.columns.get("result") or info.columns.get("objective")
        for _row, _attrs, content in editor.rows_in(info.first_data_row, info.first_data_row):
            for c, style, _text, _kind in editor.cells_of(content):
                if c == col:
                    return self.styles.text_format(style)[0]
        return self.styles.text_format(0)[0]

    def _title_columns(self) -> tuple[int, int] | None:
        """The columns repeated on each page printed side by side: the result's text, with its code
        when it sits right before it (one range, as Excel wants)."""
        columns = self.table.columns
        main = columns.get("result") or columns.get("objective")
        if main is None:
            return None
        code = columns.get("code")
        return (code, main) if code is not None and code == main - 1 else (main, main)

    def _repeat_title_columns(self, wb_text: str) -> str:
        """With the table printed on pages side by side, each page repeats the result's columns (the
        office's rows repeated at the top stay), and a finding says so."""
        if not self.wider_print:
            return wb_text
        pages, before, after = self.wider_print
        sheet = self.table.sheet
        titles = self._title_columns()
        columns = f"{quote_sheet(sheet)}!${col_letter(titles[0])}:${col_letter(titles[1])}" if titles else None
        repeated = "con le colonne del risultato ripetute su ogni pagina" if columns else "colonne da ripetere da scegliere"
        for name in wbx.defined_names(wb_text):
            if name.name == "_xlnm.Print_Titles" and name.local_sheet_id == self.table_index:
                value = xml_unescape(name.value)
                if columns and re.search(r"!\$?[A-Za-z]{1,3}\$?\d*:\$?[A-Za-z]{1,3}\$?(1048576)?(,|$)", value):
                    repeated = "con le colonne che l'ufficio ripete già su ogni pagina"
                elif columns:
                    element = wb_text[name.start:name.end]
                    body = f">{xml_text(columns + ',' + value)}<"
                    wb_text = wb_text[:name.start] + re.sub(r">[^<]*<", lambda _m: body, element, count=1) \
                        + wb_text[name.end:]
                columns = None
                break
        if columns:  # none of the office's: the table's header rows too, as every output has them
            top, bottom = self.table.header_rows
            wb_text = wbx.add_defined_name(wb_text, "_xlnm.Print_Titles",
                                           f"{columns},{quote_sheet(sheet)}!${top}:${bottom}",
                                           local_sheet_id=self.table_index)
        self.report.findings.append(warning(
            "stampa-su-piu-pagine",
            f"Il foglio '{sheet}' era impostato per stampare la tabella su una pagina di larghezza: con le colonne "
            f"dei risultati il testo sarebbe uscito a circa {fmt(round(before, 1))} punti, illeggibile. Ora si "
            f"stampa su {pages} pagine affiancate (circa {fmt(round(after, 1))} punti), {repeated}. Per tornare a "
            "una pagina: Layout di pagina > Adatta alla pagina > Larghezza: 1 pagina (i calcoli successivi la "
            "lasciano così).", Location(sheet, None)))
        return wb_text

    def _mark_owned_region(self, wb_text: str) -> str:
        """A hidden global name over the data rows of the five owned columns: the next run's reader
        leaves those cells out (they are rewritten, never read; at 10.000 indicators they are
        50.000 cells, most of them formulas), after checking the headers above are piano-xlsx's.
        Global, not local to the table sheet: a name local to a sheet under MARK makes it owned."""
        info = self.table
        wb_text = wbx.remove_defined_names(wb_text, OWNED_REGION_NAME)
        first, last = info.first_data_row, info.last_data_row
        if last < first:
            return wb_text
        region = (f"{quote_sheet(info.sheet)}!${col_letter(self.table_cols[0])}${first}:"
                  f"${col_letter(self.table_cols[-1])}${last}")
        return wbx.add_defined_name(wb_text, OWNED_REGION_NAME, region, hidden=True)

    def _check_print_area(self, wb_text: str) -> str:
        """The office's own print area on the table sheet: when it is one area that ends at the
        table's last column, right before the owned columns, it is extended to them (found in an
        audit: the five result columns never printed), with a finding; any other print area is kept
        as it is, and when it stops left of the owned columns a finding says how to change it."""
        first, last = self.table_cols[0], self.table_cols[-1]
        for name in wbx.defined_names(wb_text):
            if name.name != "_xlnm.Print_Area" or name.local_sheet_id != self.table_index:
                continue
            whole = _split_areas(xml_unescape(name.value))
            areas = [a.rpartition("!")[2].replace("$", "") for a in whole]
            ends = []
            for area in areas:
                letters = re.findall(r"\$?([A-Za-z]{1,3})\$?\d*(?![A-Za-z])", area)
                if not letters:
                    return wb_text  # whole rows: the owned columns are in
                ends.append(max(col_index(x) for x in letters))
            sheet = self.table.sheet
            at = Location(sheet, a1(self.table.header_rows[1], first))
            extended = _extend_area(whole[0], first - 1, last) if len(whole) == 1 and ends[0] == first - 1 else None
            if extended is not None:
                element = wb_text[name.start:name.end]
                body = f">{xml_text(extended)}<"
                new_element = re.sub(r">[^<]*<", lambda _m: body, element, count=1)
                self.report.findings.append(warning(
                    "area-di-stampa-estesa",
                    f"L'area di stampa del foglio '{sheet}' finiva all'ultima colonna della tabella "
                    f"({col_letter(first - 1)}): è estesa fino alla colonna {col_letter(last)}, perché si stampino "
                    "anche le colonne dei risultati.", at))
                return wb_text[:name.start] + new_element + wb_text[name.end:]
            if ends and max(ends) < last:
                sheet = self.table.sheet
                self.report.findings.append(warning(
                    "area-di-stampa",
                    f"Il foglio '{sheet}' ha un'area di stampa ({', '.join(areas)}) che non comprende "
                    f"{'le' if max(ends) < first else 'tutte le'} colonne dei risultati ({col_letter(first)}:"
                    f"{col_letter(last)}): chi stampa il foglio non le vede. Per "
                    f"stamparle, allargare l'area di stampa fino alla colonna {col_letter(last)} (Layout di pagina > "
                    "Area di stampa > Imposta area di stampa), oppure stampare il foglio Riepilogo.", at))
            return wb_text
        return wb_text

    def _owned_heights(self, notes: dict[int, str], header_row: int) -> dict[int, float]:
        """The height each table row needs for piano-xlsx's own cells: a line for the grado, status
        and monitoring (their words fit their columns), the note wrapped in its column; the header
        row, the headers in bold, wrapped."""
        from ..xlsx import textfit

        size, bold, _ = self.styles.text_format(self.st["text"])
        one = textfit.row_height(1, size)
        width = OWNED_WIDTHS[-1]
        heights = {row: max(one, textfit.text_height(note, width, size, bold) if note else one)
                   for row, note in notes.items()}
        h_size, h_bold, _ = self.styles.text_format(self.st["header"])
        heights[header_row] = max([heights.get(header_row, 0.0)] + [
            textfit.text_height(h, w, h_size, h_bold) for h, w in zip(OWNED_HEADERS, OWNED_WIDTHS)])
        return heights

    def _stale(self, result: Result, sheet: str, alone: bool = True, row_results: list[Result] | None = None) -> str | None:
        """The condition under which the row's monitoring and note no longer tell the truth: a cell
        the run read (actual, target, weight) holds something else now, or a part's row is stale
        (found in a trial: after an edit in Excel the grado and status followed, the monitoring and
        the note kept the old values without a word). A cell that holds a value per result stacked
        on the row ('2.3.1: 84%\n2.3.2: 76%') is watched whole (found in a trial: edited, the row,
        its objective and the mean kept the old figures, 'in linea'). Monthly data are not watched."""
        conds = []
        watched: set[str] = set()
        for role in STALE_ROLES:
            value = result.values.get(role)
            if value is None:  # empty at the run: filled in since? (found in review: never said)
                # only a leaf alone on its row (a parent's row can hold its parts' values, one per
                # line), and not a weight (a 'Peso' column can be read as the objectives' weights)
                col = self.table.columns.get(role) if alone and not result.children and role != "weight" \
                    else None
                if col is not None:  # (a cell hidden under a merge stays empty: never true)
                    conds.append(self.f.changed(a1(result.row, col), None, short=role == "note"))
                continue
            if value.from_split or not value.location.cell or value.location.sheet != sheet:
                continue
            own = self._own_actual_cell(result) if role == "actual" else None
            if own is not None:  # the row's own cell, empty at the run, filled in since
                conds.append(self.f.changed(own, None))
            cond = self.f.changed(value.location.cell, value.raw, short=role == "note")
            watched.add(value.location.cell)
            if cond is not None:
                conds.append(cond)
        for other in row_results or ():
            for role in STALE_ROLES:
                value = other.values.get(role)
                if value is None or not value.from_split or value.location.sheet != sheet \
                        or not value.location.cell or value.location.cell in watched:
                    continue
                watched.add(value.location.cell)
                cond = self.f.changed(value.location.cell, value.cell_raw)
                if cond is not None:
                    conds.append(cond)
        for ref, held in result.watch.items():  # a revised column's cell left unrevised, the office's status
            if ref not in watched:
                cond = self.f.changed(ref, held, short=True)
                if cond is not None:
                    conds.append(cond)
        conds += [f'{self.monitor_cells[c]}="{DA_RICALCOLARE}"' for c in result.children if c in self.monitor_cells]
        return any_of(conds) if conds else None

    def _main_result(self, results: list[Result]) -> Result | None:
        if len(results) == 1:
            return results[0]
        for r in results:
            if all(o is r or o.code.startswith(r.code + ".") for o in results):
                return r
        return None

    def _grado_cell_for(self, result: Result) -> str | None:
        return self.grado_cells.get(result.code)

    def _actual_ref(self, result: Result, row: int) -> str | None:
        col = self.table.columns.get("actual")
        if col is None:
            return None
        value = result.values.get("actual")
        own = self._own_actual_cell(result)
        if own is not None and value is not None:
            # a completion carried from an earlier moment's column: the row's own cell as soon as it is
            # filled (found in review: a late date typed there later left the grado at 100%)
            return f'IF({own}="",{value.location.cell},{own})'
        if value is not None and value.location.cell:
            return value.location.cell
        return a1(row, col)

    def _own_actual_cell(self, result: Result) -> str | None:
        """The row's own actual cell, empty at the run, when the actual read is a completion carried
        from an earlier moment's column (resolve.earlier_completion); else None."""
        value, col = result.values.get("actual"), self.table.columns.get("actual")
        if value is None or col is None or not any(value is e for e in result.earlier_actuals):
            return None
        return a1(result.row, col)

    def _grado_rules(self, col: str, first: int, prio: int, status_col: str | None = None) -> list[str]:
        """Colours of a grado by the thresholds; beside a status 'in corso' the colour of the status
        (a grado of the year's target so far is not red: found in a trial, '57,33%' red while on track)."""
        ref = f"{col}{first}"
        d = self.decimals
        a, b = self.f.num(self.outcome.profile.threshold_achieved), self.f.num(self.outcome.profile.threshold_partial)
        r = shown_formula(f"{ref}*100", d)
        # first, and naming the grado cell: the next run knows the rule as its own
        open_ = ([_rule(self.dxf[Tone.BLUE], prio + 1, f'AND(ISNUMBER({ref}),{status_col}{first}="{IN_CORSO}")',
                        stop=True)] if status_col else [])
        (reach_a, below_a), (reach_b, below_b) = (threshold_ops(self.outcome.profile.achieved_strict),
                                                  threshold_ops(self.outcome.profile.partial_strict))
        return open_ + [
            _rule(self.dxf[Tone.GREEN], prio + 2, f"AND(ISNUMBER({ref}),{r}{reach_a}{a})"),
            _rule(self.dxf[Tone.YELLOW], prio + 3, f"AND(ISNUMBER({ref}),{r}{reach_b}{b},{r}{below_a}{a})"),
            _rule(self.dxf[Tone.RED], prio + 4, f"AND(ISNUMBER({ref}),{r}{below_b}{b})"),
        ]

    def _word_rules(self, tones: dict, ref: str, prio: int) -> list[str]:
        """One rule per tone of a vocabulary (core/vocabulary.py): the cell equal to one of its words."""
        rules = []
        for i, (tone, words) in enumerate(by_tone(tones), start=1):
            conditions = [f'{ref}="{word}"' for word in words]
            rules.append(_rule(self.dxf[tone], prio + i,
                               conditions[0] if len(conditions) == 1 else f"OR({','.join(conditions)})"))
        return rules

    def _status_rules(self, col: str, first: int, prio: int) -> list[str]:
        return self._word_rules(STATUS_TONE, f"{col}{first}", prio)

    def _monitor_rules(self, col: str, first: int, prio: int) -> list[str]:
        ref = f"{col}{first}"
        rules = self._word_rules(MONITORING_TONE, ref, prio)
        return rules + [_rule(self.dxf[Tone.YELLOW], prio + len(rules) + 1, f'{ref}="{DA_RICALCOLARE}"')]

    # -- Riepilogo
    def _summary_sheet(self, part: str) -> NewSheet:
        """The Riepilogo, first sheet: the body's result, the objectives, the lines, the persons, the
        changes since the previous period, a chart, and how the file was produced."""
        sh = NewSheet()
        sh.selected = True
        sh.tab_color = "1F4E79"
        # 177 characters (were 214): 8.7-point text on A4; Stato and Monitoraggio hold their longest
        # words on one line, D:E 'prerequisito non ancora rispettato', C:E the line on the anomalies
        sh.widths = {1: 10, 2: 50, 3: 16, 4: 13, 5: 21, 6: 19, 7: 48}
        obj_first = 16
        self._summary_heading(sh)
        self._body_block(sh, obj_first)
        end = self._objectives_block(sh, obj_first)
        r = self._lines_block(sh, end)
        r = self._individual_block(sh, r + 2)
        r = self._changes_block(sh, r + 2)
        # chart of the objectives' grado
        chart_top = r + 2
        sh.put(chart_top - 1 + 1, 1, "Grado degli obiettivi", self.st["section"])
        self._add_chart(sh, part, quote_sheet(SUMMARY), obj_first, end, chart_top + 1)
        r = chart_top + 2 + max(12, len(self.outcome.objectives) + 4)
        self._provenance_block(sh, r)
        sh.fit_rows({2, 4, 5, 7})
        return sh

    def _summary_heading(self, sh: NewSheet) -> None:
        out, st = self.outcome, self.st
        prof = out.profile
        title = "Piano della Performance" + (f" {prof.anno}" if prof.anno else "") + \
                (f" - {prof.ente}" if prof.ente else "")
        sh.put(1, 1, title, st["title"])
        sh.put(2, 1, f"Riepilogo calcolato da piano-xlsx al periodo {out.period or 'finale'}"
                     f" - {self.run.when.strftime('%d/%m/%Y')}", st["subtitle"])
        n_err = len(self.report.errors)
        if n_err:
            # above the headline, which may be green: a manager reading only this sheet sees it (found in
            # a trial: one Settore's sheet of two, '2 su 2, prerequisito rispettato' in green, exit 1)
            sh.put(3, 1, f"Attenzione: {n_err} {'errore' if n_err == 1 else 'errori'} nei dati (foglio Anomalie): "
                         "il risultato qui sotto può non rappresentare il piano finché non "
                         f"{'si corregge' if n_err == 1 else 'si correggono'}.", st["alert"])

    def _body_block(self, sh: NewSheet, obj_first: int) -> None:
        """The body's result (rows 4-11): objectives achieved, share, prerequisite, mean, summary
        sentence and anomalies, as formulas over the objectives' table that starts at obj_first."""
        out, st = self.outcome, self.st
        prof = out.profile
        n_obj = len(out.objectives)
        row = 4
        sh.put(row, 1, "Risultato dell'ente", st["section"])
        body = out.body
        obj_last = obj_first + n_obj - 1
        status_range = f"$E${obj_first}:$E${max(obj_last, obj_first)}"
        rows = [
            ("Obiettivi raggiunti", body.achieved, f'COUNTIF({status_range},"{RAGGIUNTO}")', st["number"]),
            ("Obiettivi di ente", body.total, f"ROWS({status_range})" if n_obj else None, st["number"]),
            ("Quota raggiunti", body.share / 100, "IF(C6>0,C5/C6,0)", st["pct"]),
            ("Prerequisito", prof.prerequisite / 100, None, st["pct"]),
            ("Grado medio degli obiettivi", _fraction(body.mean_grado), self._mean_formula(obj_first, n_obj),
             st["pct"]),
        ]
        for i, (label, value, formula, style) in enumerate(rows):
            r = 5 + i
            sh.put(r, 2, label, st["label"])
            sh.put(r, 3, "" if value is None and formula else value, style, formula)
        d = prof.decimals
        not_met = "prerequisito non ancora rispettato" if body.during_year else "prerequisito non rispettato"
        # with the objectives waiting for an actual (compute._awaiting) while they have no grado: live, an
        # actual typed in Excel settles them (found in review: a number fixed at the run did not follow)
        waiting = "".join(f'+({a1(obj_first + i, 5)}="{NON_VALUTABILE}")'
                          for i, code in enumerate(out.objectives) if code in body.awaiting)
        grado_range = f"$D${obj_first}:$D${max(obj_last, obj_first)}"

        def shown(expr: str) -> str:
            return shown_formula(expr, d)

        def met_formula(waiting: str) -> str:
            to_verify = f'COUNTIF({status_range},"{DA_VERIFICARE}")' + waiting
            # (no objective with a grado first: compute._body says 'non verificabile' even at a 0% prerequisite)
            return (f'IF(AND(C6>0,COUNT({grado_range})=0),"prerequisito non verificabile",'
                    f'IF({shown("C7*100")}>={shown("C8*100")},"prerequisito rispettato",'
                    f'IF(AND(C6>0,{to_verify}>0,{shown(f"(C5+{to_verify})/C6*100")}>={shown("C8*100")}),'
                    f'"prerequisito da verificare","{not_met}")))')
        formula_met = met_formula(waiting)
        if len(formula_met) > 8000:  # Excel's formulas stop at 8.192 characters: the number this run found
            formula_met = met_formula(f"+{len(body.awaiting)}")
        sh.put(8, 4, f"prerequisito {body.verdict}", st["plain"], formula_met)
        sh.merge(8, 4, 8, 5)  # 'prerequisito non ancora rispettato' is longer than one column
        sh.put(10, 2, "Sintesi", st["label"])
        open_ = sum(1 for o in out.objectives.values() if o.status == IN_CORSO)
        text, formula = f"{body.achieved} su {body.total} obiettivi raggiunti", 'C5&" su "&C6&" obiettivi raggiunti"'
        if body.during_year or open_:  # how many are not final yet (a deadline of next year too), live
            text += f"; {open_} in corso"
            formula += f'&"; "&COUNTIF({status_range},"{IN_CORSO}")&" in corso"'
        doubtful = sum(1 for o in out.objectives.values() if o.status == DA_VERIFICARE)
        if doubtful:  # as calcola's headline says them (found in a trial: '1 su 4 raggiunti', 1 unsaid)
            text += f"; {doubtful} da verificare"
            formula += f'&"; "&COUNTIF({status_range},"{DA_VERIFICARE}")&" da verificare"'
        unvalued = sum(1 for o in out.objectives.values() if o.status == NON_VALUTABILE)
        if unvalued:  # counted in the objectives as calcola's headline says (found in a trial: unsaid here)
            yet = "non ancora" if body.during_year else "non"
            text += f"; {unvalued} {yet} {'valutabile' if unvalued == 1 else 'valutabili'}"
            count = f'COUNTIF({status_range},"{NON_VALUTABILE}")'
            formula += f'&IF({count}>0,"; "&{count}&" {yet} "&IF({count}=1,"valutabile","valutabili"),"")'
        sh.put(10, 3, text, st["plain"], formula)
        sh.merge(10, 3, 10, 7)  # (the sentence with its parts is longer than C:E, found in review)
        sh.put(11, 2, "Anomalie trovate", st["label"])
        n_err = len(self.report.errors)
        n_warn = len(self.report.warnings)
        sh.put(11, 3, f"{n_err} {'errore' if n_err == 1 else 'errori'}, {n_warn} "
                      f"{'avviso' if n_warn == 1 else 'avvisi'}: vedere il foglio Anomalie", st["link"])
        sh.merge(11, 3, 11, 5)
        sh.hyperlinks.append(("C11", f"{quote_sheet(FINDINGS)}!A1", "Vai alle anomalie"))
        sh.conditional.append(("D8", [_rule(self.dxf[Tone.GREEN], 1, 'D8="prerequisito rispettato"'),
                                      _rule(self.dxf[Tone.RED], 2, 'D8="prerequisito non rispettato"'),
                                      _rule(self.dxf[Tone.YELLOW], 3,
                                            'D8="prerequisito non ancora rispettato"'),
                                      _rule(self.dxf[STATUS_TONE[DA_VERIFICARE]], 4,
                                            'OR(D8="prerequisito da verificare",D8="prerequisito non verificabile")')]))

    def _objectives_block(self, sh: NewSheet, obj_first: int) -> int:
        """The objectives' table from obj_first; returns its last row."""
        plan, out, f, st = self.plan, self.outcome, self.f, self.st
        obj_last = obj_first + len(out.objectives) - 1
        # objectives
        sh.put(14, 1, "Obiettivi di ente", st["section"])
        for c, h in enumerate(("Codice", "Obiettivo", "Linee", "Grado", "Stato", "Monitoraggio",
                               "Come è calcolato"), start=1):
            sh.put(15, c, h, st["header"])
        sh.freeze = None
        for i, (code, node) in enumerate(out.objectives.items()):
            r = obj_first + i
            self.objective_rows[code] = r
            objective = plan.objectives[code]
            sh.put(r, 1, code, st["plain"])
            sh.put(r, 2, objective.title, st["text"])
            sh.put(r, 3, ", ".join(objective.lines), st["plain"])
            refs = [self.grado_cells.get(c) for c in objective.results]
            formula = None
            # a part 'da verificare': no formula would leave the mean of the others unsaid
            if refs and _all_known(refs) and ("obiettivo", code) not in plan.invalid_weights \
                    and _rolls_up(node):
                formula = f.weighted(refs, [plan.results[c].weight for c in objective.results], f.cap_node)
            cached = _fraction(node.grado)
            sh.put(r, 4, "" if cached is None and formula else cached, st["pct"], formula)
            sh.put(r, 5, node.status, st["plain"],
                   f.status_of(f"D{r}", node, [self.status_cells.get(c) for c in objective.results],
                               [plan.results[c].weight for c in objective.results]) if formula else None)
            parts = [self.monitor_cells[c] for c in objective.results if c in self.monitor_cells]
            stale = any_of([f'{c}="{DA_RICALCOLARE}"' for c in parts])
            sh.put(r, 6, node.monitoring or "", st["plain"],
                   f'IF({stale},"{DA_RICALCOLARE}","{node.monitoring or ""}")' if parts else None)
            sh.put(r, 7, node.explanation, st["text"])
        end = max(obj_last, obj_first)
        sh.conditional.append((f"D{obj_first}:D{end}", self._grado_rules("D", obj_first, 10, "E")))
        sh.conditional.append((f"E{obj_first}:E{end}", self._status_rules("E", obj_first, 20)))
        sh.conditional.append((f"F{obj_first}:F{end}", self._monitor_rules("F", obj_first, 30)))
        sh.conditional.append((f"G{obj_first}:G{end}", [_rule(self.dxf[Tone.GREY], 36,
                                                              f'F{obj_first}="{DA_RICALCOLARE}"')]))
        return end

    def _lines_block(self, sh: NewSheet, end: int) -> int:
        """The strategic lines under the objectives' table (ending at `end`); returns the last row."""
        plan, out, f, st = self.plan, self.outcome, self.f, self.st
        # strategic lines (none in a plan without them: no empty table, found in a user trial)
        r = end
        if out.lines:
            r = end + 2
            sh.put(r, 1, "Linee strategiche", st["section"])
            r += 1
            for c, h in enumerate(("Linea", "Titolo", "Obiettivi", "Grado", "Stato"), start=1):
                sh.put(r, c, h, st["header"])
            line_first = r + 1
            for code, node in out.lines.items():
                r += 1
                objs = [plan.objectives[c] for c in out.objectives if code in plan.objectives[c].lines]
                sh.put(r, 1, code, st["plain"])
                sh.put(r, 2, plan.lines[code].title, st["text"])
                sh.put(r, 3, ", ".join(o.code for o in objs), st["plain"])
                obj_refs = [f"D{self.objective_rows[o.code]}" for o in objs]
                # weighed as the computation weighs the line (scoring.objective_weights)
                weights = objective_weights([o.weight for o in objs], [out.objectives[o.code].valued for o in objs])
                formula = None
                if objs and _rolls_up(node):
                    formula = (f.weighted(obj_refs, weights, f.cap_node) if any(w is not None for w in weights)
                               else f.average(obj_refs, f.cap_node))
                cached = _fraction(node.grado)
                sh.put(r, 4, "" if cached is None and formula else cached, st["pct"], formula)
                sh.put(r, 5, node.status, st["plain"],
                       f.status_of(f"D{r}", node, [f"E{self.objective_rows[o.code]}" for o in objs], weights)
                       if formula else None)
            sh.conditional.append((f"D{line_first}:D{r}", self._grado_rules("D", line_first, 40, "E")))
            sh.conditional.append((f"E{line_first}:E{r}", self._status_rules("E", line_first, 50)))
        return r

    def _provenance_block(self, sh: NewSheet, r: int) -> None:
        """How the file was produced: date, period, data, tool, input file and its SHA-256, thresholds."""
        out, st = self.outcome, self.st
        prof = out.profile
        d = prof.decimals
        # provenance
        sh.put(r, 1, "Come è stato prodotto", st["section"])
        prov = [
            ("Data", self.run.when.strftime("%d/%m/%Y")),
            ("Periodo", out.period or "valori finali"),
            *((("Dati mensili fino a", month_name(out.data_until)
                + (" (prima del periodo: vedere le anomalie)" if out.period and out.data_until < out.period else "")),)
              if out.data_until else ()),
            ("Strumento", f"piano-xlsx {self.run.version}"),
            ("File di partenza", self.run.input_name),
            ("SHA-256 del file di partenza", self.run.sha256),
            # the thresholds as written, compared so (scoring.threshold): '90,01%' with no decimals shown
            ("Soglie", f"raggiunto {'oltre il' if prof.achieved_strict else 'da'} "
                       f"{_as_written(prof.threshold_achieved, d)}, parzialmente "
                       f"{'oltre il' if prof.partial_strict else 'da'} {_as_written(prof.threshold_partial, d)}; "
                       f"tetto indicatore {pct(prof.cap_indicator, d)}"),
        ]
        for label, value in prov:
            r += 1
            sh.put(r, 2, label, st["label"])
            sh.put(r, 3, value, st["plain"])

    def _individual_block(self, sh: NewSheet, r: int) -> int:
        out, plan, f, st = self.outcome, self.plan, self.f, self.st
        if not out.persons:
            return r
        sh.put(r, 1, "Performance individuale", st["section"])
        r += 1
        for c, h in enumerate(("Persona", "Obiettivo individuale", "Obiettivi di ente", "Grado", "Stato",
                               "Fattore"), start=1):
            sh.put(r, c, h, st["header"])
        first = r + 1
        for person in out.persons:
            r += 1
            person_row = r
            inds = [i for i in plan.individuals if i.person == person.person]
            ind_rows = []
            for ind, node in zip(inds, person.objectives):
                r += 1
                ind_rows.append(r)
                sh.put(r, 1, "", st["plain"])
                sh.put(r, 2, f"{ind.code}. {ind.title}" if ind.title else f"Obiettivo {ind.code}", st["text"])
                sh.put(r, 3, ", ".join(ind.objectives), st["plain"])
                body_cell = self._body_ref()
                links = [(c, w) for c, w in zip(ind.objectives, ind.link_weights)
                         if c in self.objective_rows or (c == BODY_LINK and body_cell)]
                grado_refs = [f"D{self.objective_rows[c]}" if c in self.objective_rows else str(body_cell)
                              for c, _ in links]
                status_refs = [f"E{self.objective_rows[c]}" if c in self.objective_rows else None for c, _ in links]
                formula = f.weighted(grado_refs, [w for _, w in links], f.cap_node) \
                    if links and _rolls_up(node) else None
                cached = _fraction(node.grado)
                sh.put(r, 4, "" if cached is None and formula else cached, st["pct"], formula)
                sh.put(r, 5, node.status, st["plain"],
                       f.status_of(f"D{r}", node, status_refs, [w for _, w in links]) if formula else None)
            sh.put(person_row, 1, person.person, st["label"])
            sh.merge(person_row, 1, person_row, 3)
            formula = f.weighted([f"D{x}" for x in ind_rows], [i.weight for i in inds], f.cap_node) \
                if ind_rows and _rolls_up(person) else None
            cached = _fraction(person.grado)
            sh.put(person_row, 4, "" if cached is None and formula else cached, st["pct"], formula)
            sh.put(person_row, 5, person.status, st["plain"],
                   f.status_of(f"D{person_row}", person, [f"E{x}" for x in ind_rows], [i.weight for i in inds])
                   if formula else None)
            sh.put(person_row, 6, "" if person.factor is None else person.factor, st["factor"],
                   f.factor(f"D{person_row}") if formula else None)
            provisional = "fattore provvisorio: obiettivi in corso"  # as calcola, dividi and the e-mails say
            if formula or person.status == IN_CORSO:
                sh.put(person_row, 7, provisional if person.status == IN_CORSO else "",
                       st["text"], f'IF(E{person_row}="{IN_CORSO}","{provisional}","")' if formula else None)
        sh.conditional.append((f"E{first}:E{r}", self._status_rules("E", first, 60)))
        return r

    def _body_ref(self) -> str | None:
        """The whole body ('Ente') as a part of a person's evaluation, as compute._body_node reads it: the
        Riepilogo's own figure, its mean (C9) or its share reached (C7; none during the year), 'da verificare'
        while an objective is (unless the office leaves such parts out)."""
        prof, out = self.outcome.profile, self.outcome
        if prof.body_link is None or not self.objective_rows:
            return None
        ref = "C9" if prof.body_link == BodyLink.MEAN else '""' if out.body.during_year else "C7"
        if prof.doubt_rule == DoubtRule.LEFT_OUT:
            return ref
        rows = self.objective_rows.values()
        return f'IF(COUNTIF($E${min(rows)}:$E${max(rows)},"{DA_VERIFICARE}")>0,"{DA_VERIFICARE}",{ref})'

    def _add_chart(self, sh: NewSheet, sheet_part: str, q: str, first: int, last: int, at_row: int) -> None:
        ed = self.ed
        chart_part = ed.unique_name("xl/charts/chart{}.xml")
        drawing_part = ed.unique_name("xl/drawings/drawing{}.xml")
        codes = list(self.outcome.objectives)
        values = [_fraction(n.grado) for n in self.outcome.objectives.values()]
        ed.write(chart_part, bar_chart_xml("Grado di raggiungimento degli obiettivi di ente",
                                           f"{q}!$A${first}:$A${last}", f"{q}!$D${first}:$D${last}",
                                           [f"Obiettivo {c}" for c in codes], values, "Grado"))
        chart_rid = ed.add_rel(drawing_part, REL_CHART, chart_part)
        height = max(12, len(codes) + 4)
        ed.write(drawing_part, drawing_xml(chart_rid, (0, at_row - 1), (6, at_row - 1 + height), "Grafico 1"))
        sh.drawing_rid = ed.add_rel(sheet_part, REL_DRAWING, drawing_part)
        ed.add_override(chart_part, CT_CHART)
        ed.add_override(drawing_part, CT_DRAWING)

    # -- Anomalie
    def _history_sheet(self) -> NewSheet:
        """One row per node, one grado column per recorded period, then the statuses."""
        from ..read.sheets import HISTORY_HEADER_ROW, HISTORY_SIGNATURE, STATUS_PREFIX

        st, h = self.st, self.history
        sh = NewSheet()
        sh.tab_color = "7F7F7F"
        periods = h.periods
        sh.put(1, 1, HISTORY_SIGNATURE, st["title"])
        sh.put(2, 1, "Grado di raggiungimento di ogni voce a ogni periodo calcolato; a destra lo stato. Foglio "
                     "aggiornato da piano-xlsx a ogni calcolo: i periodi chiusi nelle Impostazioni non vengono "
                     "riscritti.", st["subtitle"])
        r = HISTORY_HEADER_ROW
        headers = ["Livello", "Codice", "Titolo"] + periods + [""] + [STATUS_PREFIX + p for p in periods]
        for c, text in enumerate(headers, start=1):
            if text:
                sh.put(r, c, text, st["header"])
        first_status = 4 + len(periods) + 1
        plain, pct_style = st["plain"], st["pct"]
        if self.storico_rows is not None:  # updated in place (write/storico.py): the same XML
            for i, content in enumerate(self.storico_rows):
                sh.rows[r + 1 + i] = {1: content}
        for i, (level, code, title) in enumerate(h.nodes if self.storico_rows is None else ()):
            row = r + 1 + i
            grado = h.grado.get((level, code), {})
            status = h.status.get((level, code), {})
            values: list[tuple[int, str | float, int]] = [(1, level, plain), (2, code, plain), (3, title, plain)]
            values += [(4 + j, g, pct_style) for j, period in enumerate(periods)
                       if (g := grado.get(period)) is not None]
            values += [(first_status + j, status[period], plain) for j, period in enumerate(periods)
                       if status.get(period)]
            sh.put_row(row, values)
        if h.fingerprints:  # under the nodes, in the status columns: the data each period stood on
            row = r + 1 + len(h.nodes)
            sh.put_row(row, [(1, FINGERPRINT_KEY[0], plain), (2, FINGERPRINT_KEY[1], plain), (3, FINGERPRINT_TITLE, plain)]
                       + [(first_status + j, h.fingerprints[period], plain) for j, period in enumerate(periods)
                          if h.fingerprints.get(period)])
            sh.hidden_rows.add(row)  # for piano-xlsx, not for people: not shown nor printed (found in a trial)
        sh.widths = {1: 11, 2: 10, 3: 50}
        for j in range(len(periods)):
            sh.widths[4 + j] = 10
            sh.widths[first_status + j] = 22
        sh.fit_width = sh.pages_wide(3)  # a year of months: not one page at 3 points
        sh.freeze = (r + 1, 4)
        if h.nodes and periods:
            last_row = r + len(h.nodes)
            last_col = 3 + len(periods)
            sh.conditional.append((f"D{r + 1}:{col_letter(last_col)}{last_row}",
                                   self._grado_rules("D", r + 1, 0, col_letter(first_status))))
        return sh

    def _sparklines(self, mains: dict, t_col: int) -> list[tuple[str, str]]:
        """(cell, data range) for each result row's trend over the recorded periods."""
        n = len(self.history.periods)
        if n == 0:
            return []
        out = []
        sheet, last = quote_sheet(HISTORY), col_letter(3 + n)
        for row, main in sorted(mains.items()):
            if main is None:
                continue
            hist_row = self.history_rows.get(("risultato", main.code))
            if hist_row is None:
                continue
            out.append((a1(row, t_col), f"{sheet}!$D${hist_row}:${last}${hist_row}"))
        return out

    def _changes_block(self, sh: NewSheet, r: int) -> int:
        st = self.st
        title = (f"Cambiamenti rispetto al periodo {self.previous}" if self.previous
                 else "Cambiamenti rispetto al periodo precedente")
        sh.put(r, 1, title, st["section"])
        if not self.previous:
            sh.put(r + 1, 2, "Primo periodo registrato nel foglio Storico: nessun confronto.", st["plain"])
            return r + 1
        if not self.changes:
            sh.put(r + 1, 2, "Nessun cambiamento di stato o di grado.", st["plain"])
            return r + 1
        r += 1
        for c, h in enumerate(("Livello", "Voce", "Cambiamento", "Prima", "Dopo"), start=1):
            sh.put(r, c, h, st["header"])
        first = r + 1
        d = self.decimals
        for change in self.changes:
            r += 1
            sh.put(r, 1, change.level, st["plain"])
            label = change.title if change.title.startswith(change.code) else f"{change.code} {change.title}"
            sh.put(r, 2, label if len(label) <= 120 else label[:119] + "…", st["text"])
            sh.put(r, 3, change.label, st["plain"])
            sh.put(r, 4, f"{pct(change.before[0], d)} ({change.before[1]})", st["text"])
            sh.put(r, 5, f"{pct(change.after[0], d)} ({change.after[1]})", st["text"])
        sh.conditional.append((f"C{first}:C{r}", [
            _rule(self.dxf[Tone.RED], 70, "OR(" + ",".join(f'C{first}="{label}"' for label in BAD_LABELS)
                  + ")"),
            _rule(self.dxf[Tone.GREEN], 71, f'OR(C{first}="ora raggiunto",C{first}="migliorato")')]))
        return r

    def _findings_sheet(self) -> NewSheet:
        st = self.st
        sh = NewSheet()
        sh.tab_color = "C00000"
        sh.widths = {1: 10, 2: 28, 3: 26, 4: 12, 5: 100}
        for c, h in enumerate(("Gravità", "Codice", "Foglio", "Cella", "Messaggio"), start=1):
            sh.put(1, c, h, st["header"])
        sh.freeze = (2, 1)
        findings = self.report.findings
        for i, finding in enumerate(findings, start=2):
            loc = finding.location
            sh.put(i, 1, finding.severity, st["plain"])
            sh.put(i, 2, finding.code, st["plain"])
            sh.put(i, 3, loc.sheet or "", st["plain"])
            where = loc.range or loc.cell or ""
            sh.put(i, 4, where, st["link"] if loc.sheet and loc.cell else st["plain"])
            sh.put(i, 5, finding.message, st["text"])
            if loc.sheet and loc.cell:
                sh.hyperlinks.append((a1(i, 4), f"{quote_sheet(loc.sheet)}!{loc.cell}", f"Vai a {loc.cell}"))
        if not findings:
            sh.put(2, 5, "Nessuna anomalia trovata.", st["plain"])
        sh.fit_rows({5})
        last = max(len(findings) + 1, 2)
        sh.autofilter = f"A1:E{last}"
        sh.conditional.append((f"A2:A{last}", self._word_rules(SEVERITY_TONE, "A2", 0)))
        return sh


def any_of(conditions: list[str]) -> str:
    """OR of the conditions, nested when there are more than Excel's 255 arguments allow."""
    if len(conditions) <= 200:
        return f"OR({','.join(conditions)})"
    return any_of([any_of(conditions[i:i + 200]) for i in range(0, len(conditions), 200)])


def text_literal(text: str) -> str:
    """A text as a formula expression: quoted pieces of at most 100 characters (a constant holds
    255), control characters (a line break, Word's vertical tab, a carriage return) as CHAR(n),
    joined with '&' (found in review: a vertical tab in a target made the sheet's XML invalid)."""
    parts = []
    for piece in re.split(r"([\x00-\x1f])", text):
        if not piece:
            continue
        if len(piece) == 1 and ord(piece) < 0x20:
            parts.append(f"CHAR({ord(piece)})")
            continue
        parts += ['"' + piece[i:i + 100].replace('"', '""') + '"' for i in range(0, len(piece), 100)]
    return "&".join(parts) or '""'


def _rule(dxf: int, priority: int, formula: str, stop: bool = False) -> str:
    return (f'<cfRule type="expression" dxfId="{dxf}" priority="{priority}"' + (' stopIfTrue="1"' if stop else "")
            + f'><formula>{xml_text(formula)}</formula></cfRule>')


# --------------------------------------------------------------------------- files


def default_output(source: Path) -> Path:
    suffix = source.suffix if source.suffix.lower() in (".xlsx", ".xlsm") else ".xlsx"
    return source.with_name(f"{source.stem}_calcolato{suffix}")


def check_output(source: Path, output: Path, *, in_place: bool) -> None:
    if not in_place and output.resolve() == source.resolve():
        raise UsageError(f"Il file di uscita coincide con quello di partenza ({source.name}): per aggiornare il "
                         "file stesso chiedere l'aggiornamento sul posto, altrimenti indicare un altro file di "
                         "uscita.", options={"in_place": None, "output": None})
    if source.suffix.lower() == ".xlsm" and output.suffix.lower() != ".xlsm":
        raise UsageError(f"Il file di partenza contiene macro (.xlsm): anche il file di uscita deve finire con "
                         f".xlsm, altrimenti Excel non lo apre ({output.name}).")
    if output.suffix.lower() not in (".xlsx", ".xlsm"):
        raise UsageError(f"Il nome del file di uscita '{output.name}' deve finire con .xlsx.")
    folder = output.parent if str(output.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"La cartella '{folder}' del file di uscita non esiste: crearla o indicare un altro "
                         "percorso.", options={"output": None})
    lock = open_elsewhere(output)
    if lock is not None:
        raise UsageError(f"Il file '{output.name}' è aperto in Excel o LibreOffice (c'è il file di blocco '{lock}'): "
                         "chiuderlo e rilanciare.")


def write_output(plan: Plan, outcome: Outcome, report: Report, source, output=None, *, in_place: bool = False) -> dict:
    """Compute the output workbook's bytes and write them. Returns what was written: the output's
    path, the backup's (or None), the size, and the findings the writing added (the Storico's
    update, the printing), which the sheets show after ``report``'s; ``report`` is not changed."""
    source = Path(source)
    output = Path(output) if output is not None else (source if in_place else default_output(source))
    check_output(source, output, in_place=in_place)

    run = RunInfo(when=run_date(), period=outcome.period, input_name=source.name, sha256=plan.sha256)
    writer = WriteBack(plan, outcome, report, source, run)
    try:
        data = writer.build()
    finally:
        writer.ed.close()
    added = writer.report.findings[writer.found_before:]
    # an earlier output is not overwritten without a copy: its Storico may hold months of history
    # named by the period the replaced file holds, when it is the one read (in place)
    held = plan.history.latest if in_place and plan.history is not None else None
    backup = write_atomically(output, data, backup=in_place or output.exists(), label=held)
    return {"output": output, "backup": backup, "bytes": len(data), "findings": added}


__all__ = ["write_output", "WriteBack", "RunInfo", "default_output", "CannotWriteBack"]
