"""The plain model of a plan, as read from the office's workbook.

Reading fills these classes; validation adds findings; the computation reads them and
never touches the workbook. Every piece keeps where it came from (a Location), so a
finding or a computed number can point at the cell a person has to look at.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .findings import Finding, Location
from .settings import Profile
from .targets import Target
from .text import clean, fold
from ..xlsx.refs import a1

if TYPE_CHECKING:  # history imports the computation, which imports this module
    from .history import History


@dataclass
class Value:
    """What one cell of a row holds for one role: the raw cached value and where it is."""

    raw: object
    location: Location
    number_format: str | None = None
    formula: str | None = None
    from_split: bool = False  # one line of a cell that holds a value per stacked result
    cell_raw: object = None  # of such a line: the whole cell's value (what a later edit is told by)


@dataclass
class Line:
    code: str
    title: str
    location: Location


@dataclass
class Objective:
    code: str
    title: str
    text: str  # the cell's full text, as written
    location: Location
    outcome: str | None = None
    lines: list[str] = field(default_factory=list)  # codes of the strategic lines it serves
    results: list[str] = field(default_factory=list)  # codes of its direct results, in order
    code_generated: bool = False
    weight: float | None = None  # its weight in the body's mean ('Peso obiettivo'), as read by the checks
    weight_value: Value | None = None  # the cell it comes from


@dataclass
class Result:
    code: str
    text: str  # this result's own text (its line in a stacked cell)
    objective: str  # the objective's code
    location: Location
    row: int
    cell_text: str  # the whole original cell text
    stacked: bool = False
    parent: str | None = None  # the parent result's code (10.2 for 10.2.1)
    children: list[str] = field(default_factory=list)
    code_generated: bool = False
    target: Target | None = None
    values: dict[str, Value] = field(default_factory=dict)  # role id -> Value (target, actual, weight, ...)
    # the row's cells of actual columns of earlier moments ('Valore al 30/06' beside 'Valore al 31/12'),
    # latest first (read.layout: Layout.earlier_actuals; resolve.earlier_completion)
    earlier_actuals: list[Value] = field(default_factory=list)
    weight: float | None = None  # as written, normalised to points (20 for 20% or 0,20)
    # a note, the office's status column or a title that says the result is withdrawn or not assessed
    # ('obiettivo stralciato', 'Neutralizzato', '... - STRALCIATO'): where, what it says, the word (read.table)
    withdrawn: tuple[Location, str, str] | None = None
    # other cells of the table's sheet the reading depends on, with what they held ('A1' -> value or None): a
    # revised column's cell left unrevised, the office's status cell; the written formulas watch them (writeback)
    watch: dict[str, object] = field(default_factory=dict)

    @property
    def is_leaf(self) -> bool:
        return not self.children

    @property
    def parent_with_values(self) -> bool:
        """A result with parts (3.4.1 under 3.4) and a target and an actual of its own: its grado is its
        parts', its own values would count for nothing. Which one the office means is not told (found in a
        trial: a 3.4.1 added in July made 3.4's own 100% vanish, '20%' with exit 0): asked (compute)."""
        if not self.children:
            return False
        from .targets import is_not_available  # ('-', 'N.A.' on a summary row say it has none: found in review)

        own = [self.values.get(role) for role in ("target", "actual")]
        return all(v is not None and not v.from_split and str(v.raw).strip() and not is_not_available(v.raw)
                   for v in own)

    def value(self, role: str) -> object:
        v = self.values.get(role)
        return None if v is None else v.raw


# titles before a name: 'Dott. Mario Rossi' is Mario Rossi
_TITLES = re.compile(r"(?:dott|dr|prof)(?:\.?ssa)?\.?|d\.?ssa\.?|(?:ing|avv|arch|geom|rag|sig(?:\.?ra)?)\.?")
# a role written short: 'SG', 'S.G.', 'Segr. Gen.' is the Segretario Generale
_ROLE_SHORT = {"sg": "segretario generale", "segrgen": "segretario generale", "segrgenerale": "segretario generale",
               "segretariogen": "segretario generale", "vsg": "vice segretario generale",
               "vicesg": "vice segretario generale"}


# the link of an individual objective to the whole body ('Ente', 'performance organizzativa'): the code
# it takes among the linked objectives (compute gives it the body's figure, profile.body_link)
BODY_LINK = "Ente (tutti gli obiettivi)"  # no objective is coded so (found in review: 'Ente' was one)
_BODY_WORDS = re.compile(r"(?:l'?\s*)?ente|tutti(?:\s+gli\s+obiettivi(?:\s+(?:di|dell'?)\s*ente)?)?|"
                         r"(?:la\s+)?performance\s+(?:organizzativa(?:\s+dell'?\s*ente)?|dell'?\s*ente)|"
                         r"obiettivi\s+(?:di|dell'?)\s*ente|risultato\s+(?:complessivo\s+)?dell'?\s*ente")


def names_body(link: str) -> bool:
    """Whether a link names the whole body, as schede write it ('Ente', 'tutti', 'Performance
    organizzativa dell'ente')."""
    return _BODY_WORDS.fullmatch(" ".join(fold(str(link)).split())) is not None


def person_key(name: str) -> str:
    """Who a name is: spaces, capitals, a title before a full name and a surname written first do not
    make another person ('MARIO ROSSI', 'Mario  Rossi', 'Rossi Mario', 'Dott. Mario Rossi': found in
    trials, each a second evaluation). A title before a surname alone stays ('Dott. Rossi' and
    'Dott.ssa Rossi' are two people), and three words keep their order ('Anna Maria Rossi' is not
    'Maria Anna Rossi'): found in review, merged. For the reader (which says a merge of two spellings),
    the comparison of two files and the address book."""
    words = fold(str(name)).replace(",", " ").split()
    bare = [w for w in words if not _TITLES.fullmatch(w)]
    if len(bare) >= 2:
        words = bare
    # the surname first or last ('DE LUCA Mario', 'ROSSI Anna Maria'): the words turned round are the same
    # name, another order of them is not ('Maria Anna Rossi'): the least rotation is the key
    return min((" ".join(words[i:] + words[:i]) for i in range(len(words))), default="")


def role_key(role: str) -> str:
    """A role as one: capitals, dots and the usual short forms aside ('SG', 'Segr. Gen.')."""
    text = " ".join(fold(str(role)).replace(".", " ").split())
    return _ROLE_SHORT.get(text.replace(" ", ""), text)


@dataclass
class IndividualObjective:
    person: str
    code: str
    title: str
    text: str
    location: Location
    objectives: list[str] = field(default_factory=list)  # linked entity objective codes
    link_weights: list[float | None] = field(default_factory=list)
    weight: float | None = None  # weight of this objective in the person's evaluation
    parameters: str | None = None
    role: str | None = None


@dataclass
class Series:
    """A row of the monthly data sheet: a base measure or an indicator, month by month."""

    code: str
    description: str
    cumulative: bool
    location: Location  # the code cell
    prior_year: float | None = None
    months: dict[str, float] = field(default_factory=dict)  # "AAAA-MM" -> value
    percent: bool = False  # every month's cell is formatted as a percentage (0,84 shows 84%)
    prior_percent: bool = False  # the prior year's cell is formatted as a percentage (0,8 shows 80%)
    cadence: int = 1  # months between readings: 3 for a sheet by quarter ('I trimestre 2024'), 6 by half-year
    # what the months' number format says (targets.format_reading): a magnitude shown ('#,##0,' in
    # thousands, '0.0" mln"'; the values are read in units) and a time unit ('0" gg"')
    magnitude: float | None = None
    unit: str | None = None
    # where the months are: the row, and each month's column (one dict shared by the sheet's rows)
    row: int = 0
    month_columns: dict[str, int] = field(default_factory=dict, repr=False)

    def month_location(self, month: str) -> Location | None:
        """The cell of a month's value ('Dati mensili'!E3), None when not known."""
        col = self.month_columns.get(month)
        if col is None or not self.row:
            return None
        return Location(self.location.sheet, a1(self.row, col))


@dataclass
class TableInfo:
    sheet: str
    header_rows: tuple[int, int]  # first and last header row
    first_data_row: int
    last_data_row: int
    columns: dict[str, int]  # role id -> column (1-based)
    headers: dict[int, str]  # column -> header text as written
    individual_columns: dict[str, list[int]] = field(default_factory=dict)  # person -> columns
    owned_columns: dict[str, int] = field(default_factory=dict)  # piano-xlsx's own columns, by header
    decisions: list = field(default_factory=list)  # layout.Decision: which header became which role, and why
    implicit_results: bool = False  # no result column: each objective row is its own result
    # the moment of the year the actual column's header names ('Valore al 30/06/2025': (2025, 6, 30)),
    # or None (columns.header_moment): without monthly data, the month the actuals are at
    actual_moment: tuple[int, int, int] | None = None
    # the totals rows ('TOTALE | | 100'): row -> their cells in the weight columns, role -> Value
    # (checks.objective_weights compares what they say with the weights above them)
    totals: dict[int, dict[str, Value]] = field(default_factory=dict)
    # the rows whose objective or line is the one of the row above, their cell being blank (not merged)
    filled_down: tuple[int, ...] = ()


@dataclass
class Plan:
    file: str
    sha256: str
    profile: Profile
    table: TableInfo | None = None
    lines: dict[str, Line] = field(default_factory=dict)
    objectives: dict[str, Objective] = field(default_factory=dict)
    results: dict[str, Result] = field(default_factory=dict)
    individuals: list[IndividualObjective] = field(default_factory=list)
    series: dict[str, Series] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    owned_sheets: list[str] = field(default_factory=list)  # sheets an earlier run of piano-xlsx wrote
    # sheets an earlier run wrote that the office renamed or copied, with the sheet each was: theirs now
    former_sheets: dict[str, str] = field(default_factory=dict)
    history: History | None = None  # snapshots recorded by earlier runs
    run_period: str | None = None  # the period of the last run that wrote the file ('AAAA-MM', 'finale')
    # parents ((level, code)) whose weights cannot be read: their grado is not computed
    invalid_weights: dict[tuple[str, str], str] = field(default_factory=dict)
    # objective -> the results of rows left out because their code was already taken (codice-duplicato)
    duplicate_rows: dict[str, list[Result]] = field(default_factory=dict)

    def persons(self) -> list[str]:
        seen: list[str] = []
        for ind in self.individuals:
            if ind.person not in seen:
                seen.append(ind.person)
        return seen


# --------------------------------------------------------------------------- who owns a result


@lru_cache(maxsize=4096)
def _owner_text(value) -> str:
    """An owner's name as written, its spaces and invisible marks aside (owners repeat: cached)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = "".join(ch for ch in str(value) if unicodedata.category(ch) != "Cf")  # zero-width spaces and marks
    return " ".join(clean(text).split())


def owner_names(value, known: frozenset[str] = frozenset()) -> list[str]:
    """The owners an owner cell names: one, or several separated by ';' ('Ufficio A; Ufficio B': found in
    a trial, a third owner, and the result went to neither), or on their own lines when each line is an
    owner the column names alone elsewhere (`known`, folded): a long name wrapped on two lines ('Settore
    Affari Generali / e Istituzionali') stays one (found in review). A comma or 'e' stays inside a name."""
    if value is None:
        return []
    if not isinstance(value, str):
        return [n for n in (_owner_text(value),) if n]
    names: list[str] = []
    for part in value.split(";"):
        lines = [_owner_text(line) for line in part.splitlines() if _owner_text(line)]
        if len(lines) > 1 and all(fold(line) in known for line in lines):
            names += lines
        else:
            names.append(_owner_text(part))
    return list(dict.fromkeys(n for n in names if n))


def known_owners(plan: "Plan") -> frozenset[str]:
    """The owners the plan's owner cells name on a line of their own, alone or beside others after a ';'
    ('Settore Tributi; Settore Finanze' names both: found in review), folded."""
    values = {value for r in plan.results.values() if isinstance(value := r.value("owner"), str)}
    parts = (part for value in values for part in value.split(";") if "\n" not in part.strip())
    return frozenset(fold(text) for part in parts if (text := _owner_text(part)))


def effective_owners(plan: "Plan") -> dict[str, list[str]]:
    """result code -> its owners' names, for the results that have one (their own cell, else the
    nearest parent result's). One rule for dividi's files and confronta's comparison."""
    known = known_owners(plan)
    out: dict[str, list[str]] = {}
    read: dict[object, list[str]] = {}  # each distinct cell value read once (10,000 results, a few owners)
    for code, result in plan.results.items():
        current: Result | None = result
        names: list[str] = []
        seen = set()
        while current is not None and current.code not in seen:
            seen.add(current.code)
            value = current.value("owner")
            try:
                names = read[value]
            except KeyError:
                names = read[value] = owner_names(value, known)
            except TypeError:  # (an unhashable value: read as it comes)
                names = owner_names(value, known)
            if names:
                break
            current = plan.results.get(current.parent) if current.parent else None
        if names:
            out[code] = names
    return out
