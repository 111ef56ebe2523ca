"""Where the linkage table is, and what each of its columns holds.

The table is found by its header row, not by position: in any sheet, the row (or pair of
rows, when a merged group header spans some columns) whose cells name the most known
column roles (piano_xlsx.core.columns). A title or a banner above the header row ("QUADRO
SINOTTICO ...", "AREA STRATEGICA SERVIZI" merged over the whole table) is not a group
header and gives no role.

A header alone can mislead, so each column's role is decided with its contents:

* the office's own word comes first: a sheet 'Colonne' (Intestazione | Ruolo) maps any
  header to a role, or to 'ignora';
* two columns that both look like results ("Indicatori" and "Risultato atteso 2017"):
  the one whose cells are targets (comparators, percentages, deadlines, SI/NO) is the
  target column;
* columns tagged with years ("Target 2018 | Target 2019 | Target 2020", "Valore 2015",
  "Baseline dicembre 2020"): the plan year's target and actual are read; a value of an
  earlier year is the prior year's value; the plan year itself, when the Impostazioni
  sheet does not give it, comes from the headers or the titles, and a finding says where;
* several objective columns ("Obiettivo strategico", "Obiettivo operativo"): the most
  specific is the objective, the next one up the strategic line;
* a table with target and actual but no result column: each objective row is its own
  result (operational objectives measured by one indicator each).

Every decision is kept (Layout.decisions) so that `verifica` can show which header became
which role and why, and which columns were left out.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..core.columns import (OWNED_HEADERS, YEAR_NOT_SAID, ROLE_BY_ID, ROLE_BY_NAME, accepted_wordings, header_moment, header_years, is_individual_header, match_role,
                      normalise_header)
from ..core.findings import Finding, Location, error, warning
from ..core.period import MONTHS, Period
from ..core.targets import TIME_UNITS, is_percent_format, parse_target, shown_precision
from ..core.text import cell_text, clean, fold
from ..xlsx.reader import Sheet, Workbook
from ..xlsx.refs import a1, col_index, col_letter

HEADER_SCAN_ROWS = 40
PROFILE_ROWS = 300  # cells looked at to tell a column's contents
COLUMNS_SHEET = ("colonne", "mappa colonne", "ruoli colonne", "ruoli delle colonne")
# roles that make a table: the objective and something to score (a result, or a target)
CORE = ("objective", "result", "target", "actual")
# how specific an objective column's wording is: the most specific is the objective
# a ministry's 'Obiettivo specifico' (three-year) holds its 'Obiettivi annuali' (found in a trial: the
# annual objectives were merged into their specific one and the headline count was wrong); an
# 'Obiettivo annuale | Obiettivo operativo' table holds its operational ones under the annual (review)
_SPECIFICITY = (("operativ", 5), ("annual", 4), ("specific", 3), ("gestion", 3), ("budget", 3), ("struttura", 3),
                ("performance", 3), ("individual", 3), ("strategic", 1), ("di ente", 2), ("ente", 2))


@dataclass
class Decision:
    """What piano-xlsx made of one column of the table's header."""

    col: int
    header: str
    role: str | None  # a role id, "person", "owned", or None when the column is not read
    reason: str  # Italian: why ("intestazione", "contenuto: 12 target su 13 celle", "foglio Colonne"...)

    def as_dict(self) -> dict:
        return {"colonna": col_letter(self.col), "intestazione": self.header, "ruolo": role_name(self.role),
                "motivo": self.reason}


def role_name(role: str | None) -> str:
    if role is None:
        return "non letta"
    if role == "person":
        return "obiettivi individuali"
    if role == "owned":
        return "colonna di piano-xlsx"
    return ROLE_BY_ID[role].name or role


@dataclass
class Layout:
    sheet: Sheet
    top: int
    bottom: int
    roles: dict[str, int]  # role id -> column
    headers: dict[int, str]  # column -> header text (group / sub-header joined with " / ")
    individual: dict[str, list[int]]  # person -> columns
    owned: dict[str, int]  # piano-xlsx's own columns of an earlier run, by folded header
    decisions: list[Decision] = field(default_factory=list)
    year: int | None = None  # the plan's year as the table says it (when the settings do not)
    year_source: str | None = None  # Italian: where that year was read
    implicit_results: bool = False  # no result column: each objective row is its own result
    objectives_only: bool = False  # nothing to score (no result, target or actual column): objectives are read
    lower_headers: dict[int, str] = field(default_factory=dict)  # column -> its own (lowest) header text
    individual_weights: dict[str, int] = field(default_factory=dict)  # person -> the column of their objectives' weights
    nameless_individual: list[int] = field(default_factory=list)  # individual-objective columns naming nobody
    # actual columns of earlier moments than the actual's ('Valore al 30/06' beside 'Valore al 31/12'),
    # latest first: a deadline met or an act done there stays done when the later cell is left empty
    earlier_actuals: list[int] = field(default_factory=list)
    # piano-xlsx's columns of an earlier run no longer side by side (a column inserted among them, one
    # deleted): {folded header: column}; not read, and nothing is written until they are put back
    broken_owned: dict[str, int] = field(default_factory=dict)
    # the columns of the values before a revision, beside their revised column ('Target' beside 'Target
    # rimodulato'): role -> column, read where the revised cell is empty (resolve_revised)
    before_revision: dict[str, int] = field(default_factory=dict)
    # every column a header gave a role to, conflicts included: (role, column) in column order
    _found: list[tuple[str, int]] = field(default_factory=list, repr=False, compare=False)

    @property
    def score(self) -> int:
        core = sum(1 for r in CORE if r in self.roles)
        complete = "objective" in self.roles and ("result" in self.roles or "target" in self.roles)
        return len(self.roles) + len(self.individual) + core + (3 if complete else 0)


# --------------------------------------------------------------------------- header rows


def _is_two_row_header(sheet: Sheet, row: int) -> bool:
    """A header spans rows row..row+1 when a merge starting on `row` reaches row+1, or when a
    horizontal merge on `row` groups some of the sub-headers under it. A merge over every
    sub-header of the row below is a banner (a title of the whole table), not a group."""
    horizontal: list[tuple[int, int]] = []
    for merge in sheet.merges:
        if merge[0] == row:
            if merge[2] >= row + 1 and merge[1] == merge[3]:
                return True
            if merge[3] > merge[1] and merge[2] == row:
                horizontal.append((merge[1], merge[3]))
    if not horizontal:
        return False
    below = [c for c in sheet.columns_in_row(row + 1) if cell_text(sheet.value(row + 1, c))]
    if len(below) < 2:
        return False
    if any(lo <= min(below) and max(below) <= hi for lo, hi in horizontal):
        return False  # a banner over the whole header
    return all(any(lo <= c <= hi for lo, hi in horizontal) for c in below)


def _person_name(texts: list[str]) -> str | None:
    """The person an individual-objective column belongs to, from its header texts; None when they
    name nobody ('Obiettivi individuali', 'Obiettivi individuali dei dirigenti'): whose objectives
    they are is asked, not guessed (found in a trial: they were given to the Segretario Generale,
    or to a person called 'Dirigenti'). A sub-header that is a column's role ('Peso %', 'Indicatore')
    names no one either (found in a trial: 'Peso %' under 'SEGRETARIO GENERALE' became a person)."""
    for text in reversed(texts):
        folded = fold(text)
        if not folded or folded.startswith("obiettivi e risultati attesi"):
            continue
        if match_role(text) in _NOT_A_NAME and not is_individual_header(text):
            continue  # ('Dirigente Area Servizi' is an owner's wording, and a person: found in review)
        name = re.sub(r"(?i)^obiettiv[oi]\s+(?:individual[ei]\s*(?:d(?:el|ella|i|ei|egli)\s+)?|d(?:el|ella)\s+"
                      r"|assegnat[oi]\s+(?:al|alla)\s+)\s*[-–:]?\s*", "", clean(text))
        name = re.sub(r"\s+", " ", name).strip(" -–:")
        folded_name = fold(name)
        rest = fold(re.sub(r"(?i)^obiettiv[oi]\s+(?:individual[ei]|assegnat[oi])\s*", "", clean(text)))
        if name and folded_name not in _NOBODY and re.search(r"[a-z]", folded_name) \
                and not _GROUP_OF_PEOPLE.match(rest):
            return name.title() if name.isupper() else name
    return None


# the words of a revision in a header ('Target rimodulato', 'Nuovo peso', 'Target 2025 (rev. luglio)')
_REVISED_HEADER = re.compile(r"\((?:[^()]*\b(?:rev|rimodul\w*|aggiornat\w*|revision\w*|variazion\w*|assestat\w*)\b"
                             r"[^()]*)\)|\b(?:rimodulat[oaie]|rimodulazione|rivist[oaie]|aggiornat[oaie]|"
                             r"revisionat[oaie]|nuov[oaie]|variat[oaie]|assestat[oaie]|modificat[oaie]|rev)\b\.?")


def revised_header(header: str) -> str | None:
    """A header with the words of a revision, without them ('Target rimodulato' -> 'target'), or None."""
    folded = fold(_one_line(header or ""))
    bare = _REVISED_HEADER.sub(" ", folded)
    return " ".join(bare.split()) if bare != folded and bare.strip() else None


# the roles of a column's values: a sub-header with one of them names no one ('Peso %', 'Target')
_NOT_A_NAME = {"weight", "objective_weight", "target", "actual", "result", "formula", "unit", "baseline", "deadline",
               "published", "polarity", "override", "override_note", "year", "objective", "objective_code",
               "result_code", "note", "owned"}
# 'dei responsabili di settore', 'della dirigenza', 'dei titolari di P.O.': a group, not a person (review)
_GROUP_OF_PEOPLE = re.compile(r"(?:dei|degli|delle|ai|agli|alle)\b|della\s+dirigenza\b|dirigenza\b")


# what names a group, not a person: 'Obiettivi individuali dei dirigenti'
_NOBODY = {"dirigenti", "dei dirigenti", "dirigente", "del dirigente", "individuali", "individuale", "responsabili",
           "dei responsabili", "posizioni organizzative", "delle posizioni organizzative", "personale", "del personale",
           "assegnati", "assegnati ai dirigenti", "ai dirigenti"}


# piano-xlsx's columns, as it writes them: only all five side by side, in this order, are its own
OWNED_BLOCK = ROLE_BY_ID["owned"].wordings


def _owned_block(seen: list[tuple[str, int]]) -> dict[str, int]:
    """The five columns of an earlier run ({header: column}), or {} when they are not all there."""
    at = {col: header for header, col in seen}
    for header, col in seen:
        if header == OWNED_BLOCK[0] and all(at.get(col + i) == h for i, h in enumerate(OWNED_BLOCK)):
            return {h: col + i for i, h in enumerate(OWNED_BLOCK)}
    return {}


def _broken_block(seen: list[tuple[str, int]]) -> dict[str, int]:
    """Three or more of the five columns of an earlier run, in their order but not side by side: the
    block an office broke (a column of theirs inserted in it, one of them deleted), not an office's own
    'Grado di raggiungimento' (found in a trial: the old gradi were read as the office's published ones
    and five new columns were added beside them)."""
    ours = [(header, col) for header, col in seen if header in OWNED_BLOCK]
    if len({h for h, _ in ours}) < 3 or len({h for h, _ in ours}) != len(ours):
        return {}
    order = [OWNED_BLOCK.index(h) for h, _ in sorted(ours, key=lambda hc: hc[1])]
    return dict(ours) if order == sorted(order) else {}


_EXPECTED = re.compile(r"\b(?:attes[oaie]|previst[oaie])\b")
_YEAR_SPAN = re.compile(r"(?:19|20)\d{2}\s*[-–/]\s*(?:19|20)?\d{2}")
_BARE_YEAR = re.compile(r"\s*(?:19|20)\d{2}\s*")
_YEARLY_ROLES = ("target", "actual", "weight", "published", "baseline")


def _header_text(sheet: Sheet, row: int, col: int) -> str:
    """A header cell's text. A date is written as it reads, not as Python prints it: '30/06/2025', or
    'giugno 2025' when its format shows the month ('giu-25'); the moment of a value column
    (columns.header_moment) is read from it (found in a trial: the monitoring sub-headers 30/06/2025
    and 31/12/2025 were Excel dates, read '2025-06-30 00:00:00', and June's figure was taken at the
    year's end)."""
    merge = sheet.merge_at(row, col)
    at = (merge[0], merge[1]) if merge is not None else (row, col)
    cell = sheet.cell(*at)
    value = cell.value if cell is not None else None
    if cell is not None and isinstance(value, dt.date):
        shows = shown_precision(cell.number_format)
        if shows == "year" and (value.month, value.day) == (1, 1):
            return str(value.year)  # (a date of another day shown as a year: the date, found in review)
        if shows == "month":
            return f"{MONTHS[value.month - 1]} {value.year}"
        return f"{value.day:02d}/{value.month:02d}/{value.year}"
    return cell_text(value)


PERSON_MARKS = frozenset({"x", "si", "sì", "✓", "✔", "•"})  # a person's column marking an entity objective as theirs
PERSON_WEIGHT = re.compile(r"\d{1,3}(?:[.,]\d+)?\s*%?")  # ... or giving its weight in the person's evaluation
# a group header over one column per person: 'Dirigenti | Dott. Rossi | Dott.ssa Bianchi'
# ('Responsabili' over 'Politico | Gestionale' names kinds of responsibility, not people: found in review)
_PEOPLE_GROUP = re.compile(r"(?:dirigent[ei]|dirigenza|direttori|titolari di p\.?o\.?|posizioni organizzative)"
                           r"(?:\s+(?:responsabil[ei]|assegnatari[oa]?|coinvolti|di settore))?")


def _people_matrix(sheet: Sheet, row: int, bottom: int, col: int, texts: list[str]) -> str | None:
    """The person of a column under a group header of people merged over several columns, whose cells
    mark the objectives that are theirs ('X'): 'Dirigenti / Dott. Rossi' (found in a trial: the column was
    read as the owner, the others dropped, no individual evaluation, exit 0). None otherwise."""
    if len(texts) < 2 or not _PEOPLE_GROUP.fullmatch(fold(texts[0]).strip()) or match_role(texts[-1]) is not None:
        return None
    merge = sheet.merge_at(row, col)
    if merge is None or merge[3] - merge[1] < 1:
        return None
    values = [cell_text(sheet.value(r, col)) for r in range(bottom + 1, min(sheet.max_row, bottom + 60) + 1)]
    marks = [fold(v).strip() for v in values if v]
    if not marks or not any(m in PERSON_MARKS for m in marks) or \
            any(m not in PERSON_MARKS and not PERSON_WEIGHT.fullmatch(m) for m in marks):
        return None
    return clean(texts[-1])


def _candidate(sheet: Sheet, row: int, overrides: Overrides | None = None) -> Layout | None:
    two = row + 1 <= sheet.max_row and _is_two_row_header(sheet, row)
    bottom = row + 1 if two else row
    found: list[tuple[str, int]] = []  # (role, column) as the headers say, in column order
    headers: dict[int, str] = {}
    lower: dict[int, str] = {}
    individual: dict[str, list[int]] = {}
    individual_weights: dict[str, int] = {}
    nameless: list[int] = []
    owned_seen: list[tuple[str, int]] = []
    columns = sorted(set(sheet.columns_in_row(row)) | set(sheet.columns_in_row(bottom)))
    previous: tuple[int, list[int]] = (0, [])  # the column before, and the years its header names
    for col in columns:
        texts = []
        for r in range(row, bottom + 1):
            merge = sheet.merge_at(r, col)
            if merge and merge[0] < row:
                continue
            t = _header_text(sheet, r, col)
            if t and t not in texts:
                texts.append(t)
        if not texts:
            continue
        headers[col] = " / ".join(texts)
        lower[col] = texts[-1]
        marked_by = _people_matrix(sheet, row, bottom, col, texts)
        if marked_by is not None:
            individual.setdefault(marked_by, []).append(col)
            continue
        if any(is_individual_header(t) for t in texts):
            person = _person_name(texts)
            if person is None:
                nameless.append(col)
            elif len(texts) > 1 and match_role(texts[-1]) == "weight":
                individual_weights[person] = col  # 'SEGRETARIO GENERALE / Peso %': the weight of each of its objectives
            else:
                individual.setdefault(person, []).append(col)
            continue
        # the office's own word first: 'Misurato | consuntivo' in the sheet 'Colonne' makes the
        # header count, so that a table with its own words is found at all (found in review)
        role = overrides.header_role([headers[col], *texts]) if overrides else None
        if role in ("ignore", "person"):
            continue
        for t in reversed(texts) if role is None else ():  # the lower (more specific) header first
            role = match_role(t)
            if role is None and t is texts[-1] and len(texts) > 1 and _year_value(t) and not any(
                    match_role(upper) in ("target", "actual", "published", "baseline") for upper in texts[:-1]):
                role = "baseline"  # 'INDICATORE / Valore 2023': a value of that year, not the group's role
                # ('Target / 2024' stays a target of that year: found in review)
            if role:
                break
        if role == "result" and len(header_years(texts[-1])) == 1 and not _YEAR_SPAN.search(texts[-1]) \
                and _EXPECTED.search(fold(texts[-1])):
            # 'Risultato atteso 2026': what is expected in one year, not the result's name ('Risultati attesi
            # 2025-2027' describes the results of the three years: found in review, it took the targets' place)
            role = "target"
        bare_year = _BARE_YEAR.fullmatch(texts[-1]) is not None and len(texts) == 1
        if bare_year and found and found[-1][1] == previous[0] and found[-1][0] in _YEARLY_ROLES \
                and int(texts[-1]) - 1 in previous[1]:
            role = found[-1][0]  # 'Valore atteso 2025 | 2026 | 2027' flattened: each year's column of that role
        elif role is None and _year_value(texts[-1]):
            role = "baseline"  # 'Valore 2015', '2018 o a.a. 2017/18': a value of that year (see resolve_years)
        previous = (col, header_years(texts[-1]))
        if role == "owned":
            owned_seen.append((normalise_header(texts[-1]), col))
            continue
        if role is not None:
            found.append((role, col))
    owned = _owned_block(owned_seen)
    broken = {} if owned else _broken_block(owned_seen)
    for header, col in owned_seen if not broken else ():
        # an office's own 'Grado di raggiungimento' (not piano-xlsx's five columns side by side) is
        # its published grado (found in a trial: it was taken for piano-xlsx's, and each run added
        # five more columns)
        if col not in owned.values() and header == OWNED_BLOCK[0]:
            found.append(("published", col))
    at, index_names = _index_names(sheet, bottom, headers)
    if index_names:
        # pandas writes a table with a header of two rows and its index as the first columns, the
        # index's names on a row of their own under the header: they are those columns' headers
        # (found in a trial: 'Codice obiettivo' was left out without a word and codes were made up)
        bottom = at
        for col, text in index_names.items():
            headers[col] = lower[col] = text
            role = match_role(text)
            if role is not None and role not in ("owned",):
                found.append((role, col))
    found.sort(key=lambda rc: rc[1])
    roles: dict[str, int] = {}
    for role, col in found:
        roles.setdefault(role, col)
    if len(roles) + len(individual) < 2:
        return None
    return Layout(sheet, row, bottom, roles, headers, individual, owned, lower_headers=lower, _found=found,
                  individual_weights={p: c for p, c in individual_weights.items() if p in individual},
                  nameless_individual=nameless, broken_owned=broken)


def _index_names(sheet: Sheet, bottom: int, headers: dict[int, str]) -> tuple[int, dict[int, str]]:
    """The row and names pandas writes for a table's index under a header that leaves the first
    columns blank: texts only left of every headed column, on the next row or, under a second
    level of the header ('2024' under 'Target'), on the one after ((0, {}) when there are none)."""
    if not headers:
        return 0, {}
    first = min(headers)
    for at in (bottom + 1, bottom + 2):
        if at > sheet.max_row:
            break
        row = {col: cell_text(sheet.value(at, col)) for col in sheet.columns_in_row(at)}
        row = {col: text for col, text in row.items() if text}
        if row and all(col < first for col in row) and all(re.search(r"[^\W\d_]", t) and not _year_value(t)
                                                         for t in row.values()) \
                and not any(sheet.merge_at(at, col) for col in row) \
                and all(cell_text(sheet.value(r, col)) for r in (at + 1, at + 2) for col in row):
            # (an index has a value on every row: a section's title in a first column does not)
            return at, row
        if any(col < first for col in row):
            break  # data in the index's columns: the table has begun
    return 0, {}


_YEAR_VALUE_WORDS = frozenset("valore valori dato dati aggiornamento anno accademico a aa al o e dicembre giugno "
                               "31 30 12 06".split()) | {""}


def _year_value(text: str) -> bool:
    """A header that is only a year with the words of a value ('Valore 2015', '2018 o a.a. 2017/18',
    'aggiornamento 2020 o 2019/2020'): the column holds that year's values."""
    if not header_years(text):
        return False
    rest = re.sub(r"(?:19|20)\d{2}|(?<=/)\d{2}\b", " ", fold(text))
    return all(word in _YEAR_VALUE_WORDS for word in re.split(r"[\s/.\-()]+", rest))


# --------------------------------------------------------------------------- contents


@dataclass
class Profile:
    """What a column's data cells hold."""

    cells: int = 0
    targets: int = 0  # read as a target with a comparator, a %, a unit, a deadline or SI/NO
    numbers: int = 0
    texts: int = 0  # long descriptive text
    percent: int = 0  # formatted as % or typed with %

    @property
    def target_like(self) -> bool:
        return self.cells > 0 and self.targets >= max(1, 0.5 * self.cells) and self.texts < 0.5 * self.cells


# "Obiettivo n. 1" (a number, not a year as in "Obiettivo 2019"): the header of an objective's block
OBJECTIVE_NUMBER = re.compile(r"^obiettiv[oi]\s*(?:n\.?|nr\.?|n°|numero)?\s*(?!(?:19|20)\d\d$)([a-z]{0,5}\d+(?:\.\d+)*)$")


def profile(sheet: Sheet, col: int, first_row: int, header: str = "") -> Profile:
    out = Profile()
    last = min(sheet.max_row, first_row + PROFILE_ROWS)
    header = fold(header)
    for row in range(first_row, last + 1):
        merge = sheet.merge_at(row, col)
        if merge is not None and merge[0] != row:
            continue
        cell = sheet.cell(row, col)
        if cell is None or cell.value is None or (isinstance(cell.value, str) and not cell.value.strip()):
            continue
        if header and isinstance(cell.value, str) and fold(cell.value) == header:
            continue  # the header repeated for the next block of the table
        out.cells += 1
        raw = cell.value
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            out.numbers += 1
            if is_percent_format(cell.number_format):
                out.percent += 1
                out.targets += 1
            continue
        target = parse_target(raw)
        if target.kind in ("deadline", "milestone", "range") or (
                target.kind == "value" and (target.comparator_written or target.percent_written
                                            or target.unit in TIME_UNITS or target.unit == "euro")
                and len(str(raw)) <= 80):
            out.targets += 1
            out.percent += target.percent_written
        elif isinstance(raw, str) and len(raw) > 60:
            out.texts += 1
    return out


# --------------------------------------------------------------------------- the office's own mapping


@dataclass
class _Override:
    """One row of the sheet 'Colonne'."""

    text: str  # the header (or column letter) as written
    role: str
    at: Location
    keys: tuple[str, ...]  # header forms it matches: as written, and without a year ('Valore atteso')
    letter: str | None  # the column letter it can be ('Z', 'Colonna Z'), tried when no header matches
    by_letter_only: bool  # written 'Colonna Z': a letter, never a header
    used: bool = False


class Overrides:
    """The sheet 'Colonne': Intestazione | Ruolo. A header is matched as written or without its
    year ('Valore atteso' for 'Valore atteso 2023'); 1-3 letters ('Val', 'UO', 'Z') are a header
    when the table has it, else a column letter. An entry that matches nothing is reported, never
    silently ignored (found in a user trial)."""

    def __init__(self, entries: list[_Override]):
        self.entries = entries

    def __bool__(self) -> bool:
        return bool(self.entries)

    @staticmethod
    def _forms(text: str) -> set[str]:
        one = fold(_one_line(text))
        return {one, normalise_header(text)} - {""}

    @staticmethod
    def _entry_keys(text: str) -> tuple[str, ...]:
        """The header forms an entry matches: with a year ('Target 2024') only that year's column,
        never 'Target 2023' (found in review: the yearless form matched every year's column)."""
        if header_years(text):
            return tuple({fold(_one_line(text))} - {""})
        return tuple(Overrides._forms(text))

    def header_role(self, texts: list[str], *, mark: bool = False) -> str | None:
        """The role given to a column whose header cells are `texts` (full, lower, upper)."""
        forms = set()
        for t in texts:
            forms |= self._forms(t)
        for entry in self.entries:
            if not entry.by_letter_only and forms & set(entry.keys):
                entry.used = entry.used or mark
                return entry.role
        return None

    def letter_role(self, col: int, table_headers: list[str], *, mark: bool = False) -> str | None:
        """The role given to column `col` by its letter, when the entry names no header of the table."""
        forms = set()
        for h in table_headers:
            forms |= self._forms(h)
        for entry in self.entries:
            if entry.letter == col_letter(col) and (entry.by_letter_only or not forms & set(entry.keys)):
                entry.used = entry.used or mark
                return entry.role
        return None

    def letters(self, table_headers: list[str]) -> list[_Override]:
        forms = set()
        for h in table_headers:
            forms |= self._forms(h)
        return [e for e in self.entries if e.letter and (e.by_letter_only or not forms & set(e.keys))]

    def unused(self) -> list[_Override]:
        return [e for e in self.entries if not e.used]


def column_overrides(workbook: Workbook) -> tuple[Overrides, list[Finding]]:
    """The sheet 'Colonne': Intestazione | Ruolo ('ignora' for columns not to read)."""
    sheet = next((s for s in workbook.sheets if s.kind == "worksheet" and fold(s.name) in COLUMNS_SHEET), None)
    if sheet is None:
        return Overrides([]), []
    entries: list[_Override] = []
    findings: list[Finding] = []
    for row in range(1, sheet.max_row + 1):
        header = cell_text(sheet.value(row, 1))
        name = cell_text(sheet.value(row, 2))
        if not header or fold(header) in ("intestazione", "colonna", "intestazioni"):
            continue
        role = ROLE_BY_NAME.get(fold(name).strip(" ."))
        if role is None:
            names = sorted({r for r in ROLE_BY_NAME if r not in ("ignorata", "non leggere")})
            findings.append(error(
                "ruolo-sconosciuto",
                f"Il ruolo '{name}' indicato per la colonna '{header}' non esiste. Ruoli possibili: "
                f"{', '.join(names)}.", Location(sheet.name, a1(row, 2))))
            continue
        text = clean(header)
        explicit = re.fullmatch(r"(?i)colonna\s+([A-Z]{1,3})", text)
        bare = re.fullmatch(r"[A-Za-z]{1,3}", text)
        letter = (explicit or bare)
        entries.append(_Override(text, role, Location(sheet.name, a1(row, 1)), Overrides._entry_keys(text),
                                 letter.group(explicit and 1 or 0).upper() if letter else None, bool(explicit)))
    return Overrides(entries), findings


# --------------------------------------------------------------------------- the plan's year


_TITLE_YEAR = re.compile(r"(?<![\d/.])((?:19|20)\d{2})(?![\d/])")


def _title_year(sheet: Sheet, top: int) -> tuple[int, str] | None:
    """A year in the titles above the header ('Piano della performance 2018', 'OBIETTIVI ENTE
    2018', 'Relazione ... 2019', '2018 - 2020' -> the first), or in the sheet's name."""
    for row in range(1, top):
        for col in [c for c in sheet.columns_in_row(row) if c <= 30]:
            text = cell_text(sheet.value(row, col))
            m = _TITLE_YEAR.search(fold(text)) if text else None
            if m:
                shown = _one_line(text)
                shown = shown if len(shown) <= 60 else shown[:59].rstrip() + "…"
                return int(m.group(1)), f"il titolo '{shown}' ({a1(row, col)})"
    m = _TITLE_YEAR.search(fold(sheet.name))
    if m:
        return int(m.group(1)), f"il nome del foglio '{sheet.name}'"
    return None


# a header naming the value a target starts from, whose year is the prior one, not the plan's
_STARTING_VALUE = re.compile(r"\b(?:valore|valori|baseline|base|precedente|storic[oia]|partenza|iniziale|"
                             r"riferimento|dato|dati)\b")


def _plan_year(layout: Layout, found: list[tuple[str, int]]) -> tuple[int, str] | None:
    headers = layout.headers
    # the one target column's year: 'Target 2024' beside 'Consuntivo 2023' (last year's, a baseline)
    # and 'Consuntivo' (found in review: 2023 was taken and the real target column dropped)
    targets = [(col, header_years(headers[col])) for role, col in found if role == "target"]
    dated = [(col, ys) for col, ys in targets if ys]
    one_year = [(col, ys) for col, ys in dated if len(ys) == 1]
    # one year's column beside targets of spans that hold it ('Target triennio 2025-2027 | Target 2025'):
    # that year (found in review: the three-year column was read, the year unknown)
    if len(one_year) == 1 and all(min(ys) <= one_year[0][1][0] <= max(ys) for _, ys in dated):
        col, ys = one_year[0]
        return ys[0], f"l'intestazione '{_one_line(headers[col])}' ({a1(layout.bottom, col)})"
    # else what was measured says the year: 'Consuntivo 2017', 'Valore raggiunto 2016', 'al 31.12.2021';
    # of several, the latest
    measured = [(header_years(headers[col])[-1], col) for role, col in found
                if role == "actual" and header_years(headers[col])]
    target_years = [y for _, ys in dated for y in ys]
    if target_years and any(role == "actual" and not header_years(headers[col]) for role, col in found):
        # 'Consuntivo 2024 | Target 2025 | Target 2026 | Target 2027 | Consuntivo': a measure of a year
        # before every target's, beside a yearless one, is last year's (found in a trial: the plan was
        # read as 2024's and every target dropped)
        measured = [(year, col) for year, col in measured if year >= min(target_years)]
    if measured:
        year, col = max(measured)
        return year, f"l'intestazione '{_one_line(headers[col])}' ({a1(layout.bottom, col)})"
    # 'Obiettivo 2019', 'Strutture ... dell'obiettivo 2019': the headers that name one year agree;
    # a starting value's ('Valore 2023') only after the title (beside a title 'ANNO 2024' the plan
    # was read as 2023's, found in a trial), since alone it may be the year's own value ('Valore 2024',
    # the actual once the year is known: found in review)
    single = {col: header_years(text)[0] for col, text in headers.items() if len(header_years(text)) == 1}
    plain = {col: year for col, year in single.items() if not _STARTING_VALUE.search(fold(headers[col]))}
    for named in (plain, None, single):  # then the title; a starting value's year only as a last resort
        if named is None:
            title = _title_year(layout.sheet, layout.top)
            if title is not None:
                return title
        elif named and len(set(named.values())) == 1 and not dated:
            col = min(named)
            return named[col], f"l'intestazione '{_one_line(headers[col])}' ({a1(layout.bottom, col)})"
    return None


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


# --------------------------------------------------------------------------- deciding the roles


def _specificity(header: str) -> int:
    h = normalise_header(header)
    return max((score for word, score in _SPECIFICITY if word in h), default=2)


class _Resolver:
    def __init__(self, layout: Layout, year: int | None, overrides: Overrides, period: str | None = None):
        self.l = layout
        self.year = year
        # the month a run asks for: of the columns of an actual at several moments, the one then
        self.month = Period(period).month if period else None  # (checked by the caller: pipeline.run)
        self.overrides = overrides
        self.first_row = layout.bottom + 1
        self.roles: dict[str, int] = {}
        self.decided: dict[int, Decision] = {}
        self.findings: list[Finding] = []
        self._profiles: dict[int, Profile] = {}

    def _has_data(self, col: int) -> bool:
        cells = self.l.sheet.cells
        return any((row, col) in cells for row in range(self.first_row, self.first_row + PROFILE_ROWS))

    def prof(self, col: int) -> Profile:
        if col not in self._profiles:
            self._profiles[col] = profile(self.l.sheet, col, self.first_row, self.l.lower_headers.get(col, ""))
        return self._profiles[col]

    def header(self, col: int) -> str:
        return _one_line(self.l.headers.get(col, ""))

    def assign(self, role: str | None, col: int, reason: str) -> None:
        if role not in (None, "info", "ignore") and role in self.roles and self.roles[role] != col:
            self.drop(col, f"un'altra colonna è già '{role_name(role)}' ({col_letter(self.roles[role])})")
            return
        if role not in (None, "info", "ignore"):
            self.roles[role] = col
        shown = None if role == "ignore" else role
        self.decided[col] = Decision(col, self.header(col), shown, reason)

    def drop(self, col: int, reason: str) -> None:
        self.decided[col] = Decision(col, self.header(col), None, reason)

    def run(self) -> None:
        found = list(self.l._found)
        # 1. the office's own mapping (a column may be named by its letter: one without a header)
        table_headers = [h for h in self.l.headers.values() if h]
        self.letter_columns(table_headers)
        self.forced_roles(table_headers)
        self.persons_and_owned()
        by_role: dict[str, list[int]] = {}
        for role, col in found:
            if col not in self.decided:
                by_role.setdefault(role, []).append(col)
        # 2. a value revised in the year ('Target' | 'Target rimodulato'): the revised one, the other where it is empty
        self.resolve_revised(by_role)
        # ... years in the headers: the plan year's target and actual, earlier values as prior year
        self.resolve_years(by_role)
        # 3. conflicts, decided with the contents
        self.resolve_objective_code(by_role)
        self.resolve_result_code(by_role)
        self.resolve_results(by_role)
        self.resolve_objectives(by_role)
        self.objective_code_with_description(by_role)
        self.resolve_actuals(by_role)
        self.resolve_near_objective(by_role)
        self.by_header(by_role)
        # 4. 'Riferimenti' holding a code per objective ('AG7/D', 'SP2'): the objectives' codes
        if "objective_code" not in self.roles:
            self.reference_codes()
        # 5. what is left: unknown headers
        self.unknown_headers()
        if "line" not in self.roles and "objective" in self.roles:
            self.headerless_line()
        if "result" not in self.roles and "objective" in self.roles:
            self.titled_results()
        if "result" not in self.roles and "objective" in self.roles and (
                "target" in self.roles or "actual" in self.roles):
            self.l.implicit_results = True

    def letter_columns(self, table_headers: list[str]) -> None:
        """The columns the 'Colonne' sheet names by their letter join the table, even without a header;
        an empty one is said (and its entry counts as used)."""
        l = self.l
        for entry in self.overrides.letters(table_headers):
            col = col_index(entry.letter)
            if col not in l.headers and not self._has_data(col):
                self.findings.append(warning(
                    "colonna-indicata-vuota",
                    f"La colonna {entry.letter} indicata nel foglio 'Colonne' ('{entry.text}') è vuota nella tabella "
                    f"del foglio '{l.sheet.name}': controllare la lettera, o scrivere l'intestazione della colonna.",
                    entry.at))
                entry.used = True
                continue
            l.headers.setdefault(col, "")

    def forced_roles(self, table_headers: list[str]) -> None:
        """The roles the 'Colonne' sheet gives, by header or by letter."""
        l = self.l
        for col in sorted(l.headers):
            texts = [self.header(col), l.lower_headers.get(col, l.headers[col])]
            forced = (self.overrides.header_role(texts, mark=True) if l.headers[col] else None) \
                or self.overrides.letter_role(col, table_headers, mark=True)
            if forced is not None:
                if forced == "person":
                    l.individual.setdefault(_person_name([l.headers[col]]) or _one_line(l.headers[col]), []).append(col)
                    self.decided[col] = Decision(col, self.header(col), "person", "foglio Colonne")
                else:
                    self.assign(forced, col, "foglio Colonne")

    def persons_and_owned(self) -> None:
        """The columns of individual objectives, and those written by an earlier computation."""
        for person, cols in self.l.individual.items():
            for col in cols:
                self.decided.setdefault(col, Decision(col, self.header(col), "person",
                                                      f"obiettivi individuali di {person}"))
        for person, col in self.l.individual_weights.items():
            self.decided.setdefault(col, Decision(col, self.header(col), "person",
                                                  f"peso degli obiettivi individuali di {person}"))
        for col in self.l.nameless_individual:
            self.decided.setdefault(col, Decision(col, self.header(col), None,
                                                  "obiettivi individuali: l'intestazione non dice di chi"))
            self.findings.append(error(
                "persona-non-indicata",
                f"La colonna '{self.header(col)}' ha obiettivi individuali ma l'intestazione non dice di chi sono: "
                "scrivere il nome o il ruolo della persona ('Obiettivi individuali - Segretario Generale', "
                "'Obiettivi individuali - Dirigente Area Servizi'), oppure usare il foglio 'Obiettivi individuali'. "
                "Finché manca, quegli obiettivi non vengono letti.",
                Location(self.l.sheet.name, a1(self.l.bottom, col))))
        for header, col in self.l.owned.items():
            self.decided.setdefault(col, Decision(col, self.header(col), "owned", "scritta da un calcolo precedente"))
        broken = self.l.broken_owned
        if broken:
            for col in broken.values():
                self.decided.setdefault(col, Decision(col, self.header(col), "owned",
                                                      "scritta da un calcolo precedente (colonne separate)"))
            first, last = min(broken.values()), max(broken.values())
            between = [c for c in self.l.headers if first < c < last and c not in broken.values()]
            missing = [shown for h, shown in zip(OWNED_BLOCK, OWNED_HEADERS) if h not in broken]
            what = (f"fra di loro c'è la colonna '{self.header(between[0])}'" if between else
                    f"manca{'no' if len(missing) > 1 else ''} {', '.join(repr(m) for m in missing)}")
            self.findings.append(error(
                "colonne-calcolate-separate",
                f"Le colonne dei risultati scritte da piano-xlsx non sono più cinque affiancate ({what}): così non "
                "si possono aggiornare senza duplicarle. Spostare la colonna dell'ufficio fuori da quelle cinque (o "
                "cancellarle tutte) e rilanciare; finché restano così il file con i risultati non viene scritto.",
                Location(self.l.sheet.name, a1(self.l.bottom, between[0] if between else first))))

    def by_header(self, by_role: dict[str, list[int]]) -> None:
        """The columns still undecided take the role their header says; a second column with a role
        already taken is dropped, and said ('info' columns may be many)."""
        l = self.l
        for role, cols in by_role.items():
            if role == "owner" and len(cols) > 1:
                # 'Settore | ... | Responsabile': the one that says who answers (found in a trial of an
                # Unione di comuni: 'Settore' was read and 'Responsabile' dropped, dividi split by sector)
                cols = sorted(cols, key=lambda c: "responsabil" not in normalise_header(l.lower_headers.get(c, "")))
            for i, col in enumerate(cols):
                if col in self.decided:
                    continue
                if role in self.roles or i > 0:
                    kept = self.roles.get(role, cols[0])
                    if role in ("info",):
                        self.assign("info", col, "intestazione")
                        continue
                    self.drop(col, f"anche '{self.header(kept)}' ({col_letter(kept)}) sembra '{role_name(role)}': "
                                   "viene letta quella")
                    self.findings.append(warning(
                        "colonna-doppia",
                        f"Due colonne sembrano '{role_name(role)}': viene letta '{self.header(kept)}' "
                        f"({a1(l.bottom, kept)}) e ignorata '{self.header(col)}' ({a1(l.bottom, col)}). Se è "
                        "sbagliato, indicare il ruolo di ciascuna nel foglio 'Colonne' (Intestazione | Ruolo) o "
                        "rinominare quella che non va letta.", Location(l.sheet.name, a1(l.bottom, col))))
                    continue
                self.assign(role, col, "intestazione")

    def reference_codes(self) -> None:
        """A 'Riferimenti' column (not otherwise read) holding a code per objective: the objectives' codes."""
        for col in sorted(self.l.headers):
            decision = self.decided.get(col)
            header = normalise_header(self.l.lower_headers.get(col, ""))
            if header in ("riferimento", "riferimenti", "rif", "rif.") and (
                    decision is None or decision.role == "info") and self._code_like(col):
                self.roles.pop("info", None)
                self.assign("objective_code", col, "contenuto: un codice per obiettivo")
                break

    def unknown_headers(self) -> None:
        """The columns left are not read: said, with a hint when the contents look like targets."""
        for col in sorted(self.l.headers):
            if col in self.decided:
                continue
            p = self.prof(col)
            if "target" not in self.roles and p.target_like:
                self.drop(col, f"intestazione non riconosciuta; il contenuto sembra di target ({p.targets} su "
                               f"{p.cells} celle): se lo è, indicarlo nel foglio Colonne")
            else:
                self.drop(col, "intestazione non riconosciuta")

    def titled_results(self) -> None:
        """'Codice | Titolo | ... | Obiettivo strategico' (the Portale della performance's indicator
        sheet): with no indicator column, the 'Titolo' beside the objective's is the indicator's
        title (found in a trial: every result was named after its objective)."""
        for col in sorted(self.l.headers):
            decision = self.decided.get(col)
            if normalise_header(self.l.lower_headers.get(col, "")) == "titolo" and (
                    decision is None or decision.role == "info") and self.prof(col).cells:
                self.assign("result", col, "'Titolo' in una tabella senza colonna dell'indicatore: è il "
                                           "titolo dell'indicatore")
                return

    def headerless_line(self) -> None:
        """A column without a header left of the objectives, whose texts are merged down over several
        rows ('Ricerca', written sideways beside its objectives): the strategic area."""
        sheet = self.l.sheet
        for col in range(1, self.roles["objective"]):
            if col in self.l.headers or any(c == col for c in self.roles.values()):
                continue
            merged = [m for m in sheet.merges if m[1] == m[3] == col and m[0] >= self.first_row and m[2] > m[0]
                      and cell_text(sheet.value(m[0], m[1]))]
            if merged and all(len(cell_text(sheet.value(m[0], m[1]))) <= 80 for m in merged):
                self.l.headers[col] = ""
                self.assign("line", col, "colonna senza intestazione con un testo unito su più righe accanto agli "
                                         "obiettivi: letta come linea strategica")
                return

    _REVISABLE = ("target", "weight", "objective_weight", "deadline")

    def resolve_revised(self, by_role: dict[str, list[int]]) -> None:
        """A target, weight or deadline written twice after the plan's revision ('Target iniziale' |
        'Target rimodulato', 'Target 2025 (rev. luglio)', 'Peso' | 'Nuovo peso'): the revised column is
        read, the other where the revised cell is empty (found in a trial: the old target read without a
        word, '0 su 2' for the office's '2 su 2'). One revised column and one other, else left as it was."""
        for role in self._REVISABLE:
            cols = [c for c in by_role.get(role, []) if c not in self.decided]
            revised = [c for c in cols if revised_header(self.l.headers.get(c, ""))]
            # 'Nuovo target', 'Nuovo peso': a header no role names, the role after the words of the revision
            revised += [c for c, h in self.l.headers.items() if c not in self.decided and c not in cols
                        and match_role(h) is None and revised_header(h) and match_role(revised_header(h)) == role]
            if len(revised) != 1 or role in self.roles:
                continue
            # the value before is of the same year ('Target 2025 | Target 2025 (rev. luglio)', beside 'Target 2026'
            # and 'Target 2027'); never another year's ('Target 2024 | Target 2025 rimodulato': found in review, 2024's
            # target read where 2025's revised cell was empty)
            years = set(header_years(self.l.headers.get(revised[0], "")))
            plan_year = {self.year} if self.year is not None else set()
            if years and plan_year and not years & plan_year:
                continue  # last year's revision kept beside this year's target (found in review): the years decide

            def same_year(col: int) -> bool:
                own = set(header_years(self.l.headers.get(col, "")))
                return own == years if own and years else not own or not plan_year or own == plan_year
            before = [c for c in cols if c not in revised and same_year(c)]
            if len(before) != 1 or self._flags_only(revised[0], before[0]):
                continue
            new, old = revised[0], before[0]
            self.assign(role, new, f"il valore rimodulato: vale dove è scritto; dove è vuoto vale "
                                   f"'{self.header(old)}' ({col_letter(old)})")
            self.drop(old, f"'{role_name(role)}' prima della rimodulazione: vale dove '{self.header(new)}' "
                           f"({col_letter(new)}) è vuota")
            self.l.before_revision[role] = old
            by_role[role] = [c for c in by_role.get(role, []) if c not in (new, old)]

    def _flags_only(self, revised: int, before: int) -> bool:
        """Whether a revised-looking column holds only SI/NO marks beside targets that are not ('Target
        modificato' as a flag: found in review, read as the targets)."""
        sheet = self.l.sheet

        def texts(col: int) -> list[str]:
            rows = range(self.first_row, min(sheet.max_row, self.first_row + PROFILE_ROWS) + 1)
            return [fold(cell_text(sheet.value(r, col))) for r in rows if cell_text(sheet.value(r, col))]
        marks = {"si", "no", "x", "s", "n"}

        def mark(text: str) -> bool:  # ('SI - vedi delibera': a mark and a remark; 'SI entro il 31/10' a target)
            return re.split(r"[\s,.;:()-]+", text, maxsplit=1)[0] in marks and not re.search(r"\d|[<>=≤≥]", text)
        flags, targets = texts(revised), texts(before)
        return bool(flags) and all(mark(t) for t in flags) and any(not mark(t) for t in targets)

    def resolve_years(self, by_role: dict[str, list[int]]) -> None:
        year = self.year
        other_years = False
        if year is None:
            self._years_without_plan_year(by_role)
        for role in ("target", "actual", "published", "weight"):
            cols = [c for c in by_role.get(role, []) if c not in self.decided]
            dated = {c: header_years(self.l.headers[c]) for c in cols}
            if year is None or len(cols) < 2 and not any(dated.values()):
                continue
            what = {"target": "target", "published": "grado pubblicato", "weight": "peso"}.get(role, "valore")
            for col in cols:
                ys = dated[col]
                if not ys:
                    continue
                if year in ys or (role == "actual" and max(ys) >= year and min(ys) <= year):
                    continue
                if role == "actual" and max(ys) < year and "baseline" not in self.roles:
                    self.assign("baseline", col, f"valore del {max(ys)}, anno precedente al piano ({year})")
                else:
                    self.drop(col, f"{what} di un altro anno ({', '.join(map(str, ys))}; piano {year})")
                other_years = True
            # 'Target triennio 2025-2027' beside 'Target 2025': the year's own column (found in a trial:
            # the three-year target was read, nearer the objective)
            own = [c for c in cols if c not in self.decided and dated[c] == [year]]
            if not own:  # 'Target 2025-2027 | Target': the yearless one is the year's (found in review)
                own = [c for c in cols if c not in self.decided and not dated[c]]
            if role in ("target", "weight") and len(own) == 1:
                for col in cols:
                    if col not in self.decided and col != own[0] and len(dated[col]) > 1:
                        self.drop(col, f"{what} di più anni ({'-'.join(map(str, dated[col]))}): per il {year} "
                                       f"vale '{self.header(own[0])}'")
            by_role[role] = [c for c in cols if c not in self.decided]
            if role == "weight" and cols and not by_role[role] and "weight" not in self.roles:
                # 'Peso 2025' alone in a 2026 plan: not read, and said (found in review: equal weights, unsaid)
                shown = ", ".join(f"'{self.header(c)}'" for c in cols)
                self.findings.append(warning(
                    "peso-di-altro-anno",
                    f"La colonna dei pesi {shown} è di un altro anno e non viene letta: i risultati di ogni "
                    f"obiettivo pesano allo stesso modo. Se quei pesi valgono anche per il {year}, scriverlo "
                    f"nell'intestazione ('Peso {year}' o 'Peso') o indicarla nel foglio 'Colonne'.",
                    Location(self.l.sheet.name, a1(self.l.bottom, cols[0]))))
        if other_years:
            self._published_of_the_year(by_role)
        # 'Baseline 2017', 'Valore 2015': the latest year before the plan's is the prior year
        base = [c for c in by_role.get("baseline", []) if c not in self.decided]
        if year is not None and base:
            dated = {c: header_years(self.l.headers[c]) for c in base}
            current = [c for c, ys in dated.items() if ys and min(ys) >= year]
            for col in current:
                if "actual" not in by_role and "actual" not in self.roles:
                    self.assign("actual", col, f"valore del {year}, l'anno del piano: è il consuntivo")
                else:
                    self.drop(col, f"valore del {max(dated[col])}: non è dell'anno precedente al piano ({year})")
            earlier = [c for c, ys in dated.items() if ys and max(ys) < year]
            if len(earlier) > 1:
                latest = max(earlier, key=lambda c: max(dated[c]))
                for col in earlier:
                    if col != latest:
                        self.drop(col, f"valore del {max(dated[col])}: per l'anno precedente vale "
                                       f"'{self.header(latest)}'")
            by_role["baseline"] = [c for c in base if c not in self.decided]
        # 'Valore 2013 | Valore 2014' with no role but a year: values of earlier years (shown, not read)

    def _years_without_plan_year(self, by_role: dict[str, list[int]]) -> None:
        """'Target 2025 | Target 2026 | Target 2027' with no plan year anywhere: which year's column counts
        is not guessed (found in a trial: the one nearest the objective was read, and the others called
        'of another level'). Each is left out and the year asked, at the header."""
        asked = []
        for role in ("target", "weight"):
            cols = [c for c in by_role.get(role, []) if c not in self.decided]
            years = {c: header_years(self.l.headers[c]) for c in cols}
            single = {c: ys[0] for c, ys in years.items() if len(ys) == 1}
            if len(set(single.values())) < 2:
                continue
            what = "target" if role == "target" else "peso"
            for col in single:
                self.drop(col, f"{what} del {single[col]}: {YEAR_NOT_SAID}")
                asked.append(col)
            by_role[role] = [c for c in cols if c not in self.decided]
        if asked:
            shown = ", ".join(f"'{self.header(c)}'" for c in sorted(asked))
            self.findings.append(error(
                "anno-da-indicare",
                f"La tabella ha colonne di anni diversi ({shown}) e l'anno del piano non è indicato né si ricava "
                "dalla tabella: scriverlo nel foglio 'Impostazioni' alla voce 'Anno del piano' (es. "
                f"{min(header_years(self.l.headers[c])[0] for c in asked)}). Finché manca, quelle colonne non "
                "vengono lette.", Location(self.l.sheet.name, a1(self.l.bottom, min(asked)))))

    def _published_of_the_year(self, by_role: dict[str, list[int]]) -> None:
        """'Risultato 2012 | Target 2012 | % Realizzazione | Risultato 2013 | Target 2013 | %
        Realizzazione': a yearless published figure belongs to the year group it closes, the one
        right after the plan year's target and actual (found in a trial: the 2012 figures were
        compared with the 2013 grado, eleven false differences)."""
        cols = [c for c in by_role.get("published", []) if c not in self.decided]
        kept = [c for role in ("target", "actual") for c in by_role.get(role, []) if c not in self.decided]
        if len(cols) < 2 or not kept:
            return
        after = [c for c in cols if c > max(kept)]
        if not after:
            return
        chosen = min(after)
        self.assign("published", chosen, f"il grado dopo il target e il consuntivo del {self.year}")
        for col in cols:
            if col != chosen:
                self.drop(col, f"grado pubblicato di un altro anno (vale '{self.header(chosen)}', "
                               f"{col_letter(chosen)}, dopo le colonne del {self.year})")
        by_role["published"] = []

    def resolve_objective_code(self, by_role: dict[str, list[int]]) -> None:
        """'Obiettivo n. 1' over the objectives' texts is the objective column (its number in the
        header); 'Obiettivo n.' over numbers, with a 'Descrizione' beside it, is the code of the
        objective that the description column holds."""
        if by_role.get("objective"):
            return
        codes = [c for c in by_role.get("objective_code", []) if c not in self.decided]
        if not codes:
            return
        col = codes[0]
        if self.prof(col).texts >= max(1, 0.5 * self.prof(col).cells) or self._worded(col):
            self.assign("objective", col, "intestazione 'obiettivo n.' sopra i testi degli obiettivi")
            by_role["objective_code"] = codes[1:]
            return
        right = col + 1
        if right in self.l.headers and right not in self.decided and normalise_header(
                self.l.lower_headers.get(right, "")).startswith("descrizione"):
            self.assign("objective", right, f"descrizione accanto al codice '{self.header(col)}'")
            for lst in by_role.values():
                if right in lst:
                    lst.remove(right)

    def objective_code_with_description(self, by_role: dict[str, list[int]]) -> None:
        """'Obiettivo operativo | DESCRIZIONE' where the objective column holds codes ('01010601', one
        per objective): the code, and the description beside it the objective (found in a trial of a
        Comune's prospetto: every objective was titled with its code, the title not read)."""
        col = self.roles.get("objective")
        if col is None or "objective_code" in self.roles or not self._code_like(col) or (
                col in self.decided and self.decided[col].reason == "foglio Colonne"):
            return  # (the office's own mapping stands)
        right = col + 1
        decision = self.decided.get(right)
        if (decision is not None and decision.role not in (None, "info")) or self.prof(right).cells == 0 or \
                not normalise_header(self.l.lower_headers.get(right, "")).startswith("descrizione"):
            return
        del self.roles["objective"]
        self.decided.pop(right, None)
        self.assign("objective_code", col, "contenuto: un codice per obiettivo, con la descrizione accanto")
        self.assign("objective", right, f"descrizione accanto al codice '{self.header(col)}'")
        for lst in by_role.values():
            if right in lst:
                lst.remove(right)

    def resolve_result_code(self, by_role: dict[str, list[int]]) -> None:
        """'KPI | DESCRIZIONE' (a Camera di commercio's PIRA): the 'KPI' column holds codes
        ('KPI001'), the description beside it is the indicator (found in a trial: every result
        was titled with its code and the indicator's words were not read)."""
        cols = [c for c in by_role.get("result", []) if c not in self.decided]
        if len(cols) != 1 or by_role.get("code") or "code" in self.roles or not self._code_like(cols[0]):
            return
        right = cols[0] + 1
        if right in self.decided or not normalise_header(self.l.lower_headers.get(right, "")).startswith("descrizione"):
            return
        if self.prof(right).cells == 0:
            return
        self.assign("code", cols[0], "contenuto: un codice per riga, con la descrizione accanto")
        self.assign("result", right, f"descrizione accanto al codice '{self.header(cols[0])}'")
        for lst in by_role.values():
            for col in (cols[0], right):
                if col in lst:
                    lst.remove(col)

    def resolve_results(self, by_role: dict[str, list[int]]) -> None:
        cols = [c for c in by_role.get("result", []) if c not in self.decided]
        if len(cols) < 2 and not (cols and "target" not in by_role and "target" not in self.roles):
            return
        targets_taken = bool(by_role.get("target")) or "target" in self.roles
        plain = [c for c in cols if not self.prof(c).target_like]
        targety = [c for c in cols if self.prof(c).target_like]
        if targety and plain and not targets_taken:
            col = targety[0]
            p = self.prof(col)
            self.assign("target", col, f"contenuto: {p.targets} target su {p.cells} celle (comparatori, "
                                       "percentuali, scadenze, SI/NO)")
            by_role["result"] = [c for c in cols if c != col]

    def resolve_objectives(self, by_role: dict[str, list[int]]) -> None:
        cols = [c for c in by_role.get("objective", []) if c not in self.decided]
        if len(cols) < 2:
            return
        ranked = sorted(cols, key=lambda c: (-_specificity(self.l.headers[c]), c))
        self.assign("objective", ranked[0], "intestazione (il livello più specifico)")
        rest = ranked[1:]
        if rest and not by_role.get("line") and "line" not in self.roles:
            self.assign("line", rest[0], f"obiettivo di livello superiore a '{self.header(ranked[0])}': "
                                         "letto come linea strategica")
            rest = rest[1:]
        for col in rest:
            self.assign("info", col, f"obiettivo di un altro livello (vale '{self.header(ranked[0])}')")
        by_role["objective"] = []

    # the roles a table can repeat for another level (a plan's and an objective's target and result)
    _PER_OBJECTIVE = ("result", "target", "actual", "unit", "formula", "baseline", "published", "weight", "deadline",
                      "code")

    def resolve_near_objective(self, by_role: dict[str, list[int]]) -> None:
        """A role given twice belongs, for the objectives read, to the column nearest to the right of
        the objective column: a park's table repeats 'Output | Target | Risultato' for the operational
        plan (left) and for the operational objective (right, the one read)."""
        objective = self.roles.get("objective") or next(iter(by_role.get("objective", [])), None)
        if objective is None:
            return
        # codes: the one just left of the objective is its code; a result's code is not left of it
        codes = [c for c in by_role.get("objective_code", []) if c not in self.decided]
        if len(codes) > 1:
            left = [c for c in codes if c < objective]
            chosen = max(left) if left else min(codes)
            self.assign("objective_code", chosen, "il codice più vicino, a sinistra, alla colonna dell'obiettivo")
            for col in codes:
                if col != chosen:
                    self.assign("info", col, "codice di un altro livello della tabella")
            by_role["objective_code"] = []
        result_codes = [c for c in by_role.get("code", []) if c not in self.decided]
        for col in [c for c in result_codes if c < objective]:
            if self._changes_within_objective(col, objective):
                continue  # '1.1', '1.2' beside one merged objective: the results' codes
            if col == objective - 1 and "objective_code" not in self.roles:
                self.assign("objective_code", col, "codice accanto alla colonna dell'obiettivo, uno per obiettivo")
            else:
                self.assign("info", col, "codice di un livello superiore (a sinistra dell'obiettivo)")
        by_role["code"] = [c for c in result_codes if c not in self.decided]
        # 'Obiettivo | Peso | Indicatore | Peso': the weight between the objective and its results
        # is the objective's (found in review: it was read as the results' weight)
        weights = [c for c in by_role.get("weight", []) if c not in self.decided]
        result = self.roles.get("result") or next(iter(by_role.get("result", [])), None)
        if len(weights) > 1 and result is not None and result > objective and "objective_weight" not in self.roles:
            between = [c for c in weights if objective < c < result]
            if len(between) == 1 and any(c > result for c in weights):
                self.assign("objective_weight", between[0], "il peso tra l'obiettivo e i suoi risultati")
                by_role["weight"] = [c for c in weights if c != between[0]]
        for role in self._PER_OBJECTIVE:
            cols = [c for c in by_role.get(role, []) if c not in self.decided]
            if len(cols) < 2 or role in self.roles:
                continue
            right = [c for c in cols if c > objective]
            chosen = min(right) if right else max(cols)
            self.assign(role, chosen, f"la più vicina, a destra, alla colonna dell'obiettivo ("
                                      f"{col_letter(objective)})")
            for col in cols:
                if col != chosen:
                    self.drop(col, f"'{role_name(role)}' di un altro livello della tabella: vale "
                                   f"'{self.header(chosen)}' ({col_letter(chosen)}), accanto all'obiettivo")
            by_role[role] = []

    def _worded(self, col: int) -> bool:
        """Whether a column holds words rather than numbers or codes: short titles ('Manutenzione
        scuole') under 'Obiettivo n. 1', the header repeated for each objective's block ('Obiettivo
        n. 2') left out (found in a trial of a Provincia's schede: read only when the titles were long)."""
        sheet = self.l.sheet
        worded = coded = 0
        for row in range(self.first_row, min(sheet.max_row, self.first_row + PROFILE_ROWS) + 1):
            merge = sheet.merge_at(row, col)
            if merge is not None and merge[0] != row:
                continue
            text = fold(cell_text(sheet.value(row, col)))
            if not text or OBJECTIVE_NUMBER.match(text):
                continue
            if len(re.findall(r"[a-z]{2,}", text)) >= 2:
                worded += 1
            else:
                coded += 1
        return worded >= 1 and worded >= coded

    def _code_like(self, col: int) -> bool:
        """Short codes, one per row ('AG7/D', 'SP2', 'GR1'): no spaces, a digit, all different."""
        sheet = self.l.sheet
        seen = []
        header = fold(self.l.lower_headers.get(col, ""))
        for row in range(self.first_row, min(sheet.max_row, self.first_row + PROFILE_ROWS) + 1):
            text = cell_text(sheet.value(row, col))
            if not text or fold(text) == header:  # blank, or the header repeated for the next block
                continue
            if len(text) > 15 or " " in text or not re.search(r"\d", text):
                return False
            seen.append(text)
        return len(seen) >= 2 and len(set(seen)) == len(seen)

    def _changes_within_objective(self, code_col: int, objective_col: int) -> bool:
        """Whether a code column holds different codes on rows of the same objective (merged or repeated)."""
        sheet = self.l.sheet
        seen: dict[str, str] = {}
        last_objective = ""
        for row in range(self.first_row, min(sheet.max_row, self.first_row + PROFILE_ROWS) + 1):
            objective = cell_text(sheet.merged_value(row, objective_col)) or last_objective
            code = cell_text(sheet.merged_value(row, code_col))
            last_objective = objective
            if not code or not objective:
                continue
            if seen.setdefault(objective, code) != code:
                return True
        return False

    def resolve_actuals(self, by_role: dict[str, list[int]]) -> None:
        cols = [c for c in by_role.get("actual", []) if c not in self.decided]
        if len(cols) < 2:
            return
        # 'Risultato' beside 'Consuntivo': the plainer word names the result when there is none
        bare = [c for c in cols if normalise_header(self.l.lower_headers.get(c, "")) in ("risultato", "risultati")]
        if bare and "result" not in self.roles and not by_role.get("result"):
            self.assign("result", bare[0], "'Risultato' accanto a un'altra colonna di consuntivo: è il risultato")
            by_role["actual"] = [c for c in cols if c != bare[0]]
            cols = by_role["actual"]
        self.resolve_moments(cols, by_role)

    def resolve_moments(self, cols: list[int], by_role: dict[str, list[int]]) -> None:
        """'Valore al 30/06 | Risultato al 31/12', 'I semestre | II semestre', 'Monitoraggio intermedio |
        Valore consuntivo': the actual is the latest one the table fills, up to the month asked when
        one is (found in a trial: at year end June's figure was read and the year's ignored, with no
        word said); a target given at the same moments is the one of the actual's moment (review)."""
        if len(cols) < 2 or "actual" in self.roles:
            return
        timed = self._moments(cols)
        if timed is None:
            return
        filled = [c for c in cols if self.prof(c).cells > 0]
        eligible = [c for c in filled if self.month is None or timed[c][1] <= self.month]
        chosen = max(eligible, key=lambda c: timed[c]) if eligible else min(cols, key=lambda c: timed[c])
        self.assign("actual", chosen, "il consuntivo più recente fra le colonne compilate"
                    + (f" fino al mese chiesto ({self.month})" if self.month is not None else "") + " ("
                    + ", ".join(f"'{self.header(c)}'" for c in sorted(cols)) + ")")
        for col in cols:
            if col != chosen:
                when = "precedente" if timed[col] < timed[chosen] else "successivo"
                self.assign("info", col, f"consuntivo di un momento {when}: vale '{self.header(chosen)}' "
                                         f"({col_letter(chosen)})")
        self.l.earlier_actuals = sorted((c for c in cols if timed[c] < timed[chosen]), key=lambda c: timed[c],
                                        reverse=True)
        by_role["actual"] = []
        targets = [c for c in by_role.get("target", []) if c not in self.decided]
        moments = self._moments(targets) if len(targets) >= 2 else None
        if moments is not None:
            same = [c for c in targets if moments[c][1:] == timed[chosen][1:]]
            if len(same) == 1:
                self.assign("target", same[0], f"il target dello stesso momento del consuntivo "
                                               f"('{self.header(chosen)}')")
                for col in targets:
                    if col != same[0]:
                        self.assign("info", col, f"target di un altro momento: vale '{self.header(same[0])}' "
                                                 f"({col_letter(same[0])})")
                by_role["target"] = []

    def _moments(self, cols: list[int]) -> dict[int, tuple[int, int, int]] | None:
        """Each column's moment of the year by its header (columns.header_moment), told apart, or None.
        Beside an interim column, a column naming no moment is the year's; a year written on some
        headers only is not compared ('al 30/06/2024' is before 'al 31/12')."""
        moments = {c: header_moment(self.l.headers.get(c, "")) for c in cols}
        named = [m for m in moments.values() if m is not None]
        if not named or (len(named) == 1 and named[0][1:] != (6, 30)):
            return None  # no moment named, or one alone that is not an interim one
        timed = {c: m if m is not None else (0, 12, 31) for c, m in moments.items()}
        if any(m[0] == 0 for m in timed.values()):
            timed = {c: (0, m[1], m[2]) for c, m in timed.items()}
        return timed if len(set(timed.values())) == len(timed) else None


def _complete(layout: Layout) -> bool:
    return ("objective" in layout.roles or "objective_code" in layout.roles) and \
        ("result" in layout.roles or "target" in layout.roles) and "actual" in layout.roles


_SHEET_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")


def _layout_year(layout: Layout) -> int | None:
    """The year a table is of: by its headers or title (_plan_year), else by its sheet's name ('Piano 2025')."""
    found = _plan_year(layout, layout._found)
    if found is not None:
        return found[0]
    years = set(_SHEET_YEAR.findall(layout.sheet.name))
    return int(years.pop()) if len(years) == 1 else None


def _year_table(best: Layout, per_sheet: dict[str, Layout], year: int | None, hidden: bool = False) -> Layout:
    """Of the tables of several years (last year's plan kept beside this year's, a sheet each), the plan
    year's (found in a trial: last year's sheet came first and was read, its headline shown for this
    year's). Without 'Anno del piano' the first stays: the latest may be next year's draft (found in
    review); the others are said (altra-tabella), the year read too (anno-dedotto). Not a hidden sheet
    over a visible one."""
    visible = best.sheet.state in (None, "visible") and not hidden
    tables = [layout for layout in per_sheet.values() if _complete(layout) and layout.sheet.max_row > layout.bottom
              and (not visible or layout.sheet.state in (None, "visible"))]
    if year is None or len(tables) < 2 or best not in tables:
        return best
    years = {layout.sheet.name: _layout_year(layout) for layout in tables}
    if years[best.sheet.name] == year:
        return best
    of_year = [layout for layout in tables if years[layout.sheet.name] == year]
    if len(of_year) == 1 and (of_year[0].score >= best.score or years[best.sheet.name] is not None):
        return of_year[0]
    return best


def _other_tables(best: Layout, per_sheet: dict[str, Layout], plan_year: int | None) -> list[Finding]:
    """Other sheets holding a table like the one read (one budget sheet per unit, say): one sheet is
    read, and the others are said, never left out in silence (found in a trial: one unit of two). An
    error, since the body's result would be one sheet's (found in a second trial: one department of
    four, '1 su 1 obiettivi raggiunti, prerequisito rispettato', exit 0); a warning for a table of
    another year (last year's plan kept beside this year's)."""
    if not _complete(best):
        return []
    others = [layout for name, layout in per_sheet.items() if name != best.sheet.name and _complete(layout)
              and layout.sheet.max_row > layout.bottom]
    out = []
    for other in others:
        year = _layout_year(other)
        other_year = plan_year is not None and year is not None and year != plan_year
        hidden = other.sheet.state not in (None, "visible") and best.sheet.state in (None, "visible")
        said = (f"Anche il foglio {'nascosto ' if hidden and not other_year else ''}'{other.sheet.name}' ha una "
                f"tabella di obiettivi e risultati (intestazione alla riga {other.top})")
        if other_year:
            # last year's plan kept beside this year's: not a part of it (found in a trial: the advice to
            # put the sheets together was wrong for it)
            said += (
                f", del {year}: piano-xlsx legge il foglio '{best.sheet.name}', del {plan_year}, l'anno del piano. "
                "Se l'anno giusto è un altro, scriverlo nel foglio 'Impostazioni' alla voce 'Anno del piano'.")
        elif hidden:
            # an error all the same: a hidden sheet may be the whole plan beside a visible summary (found in
            # review: a warning let '2 su 2' pass with exit 0 where the hidden plan gave '0 su 2')
            said += (
                f": non è letta, piano-xlsx legge il foglio visibile '{best.sheet.name}'. Se il foglio nascosto è "
                "una bozza o una copia, spostarlo in un altro file; se è il piano, renderlo visibile e togliere "
                "l'altra tabella.")
        else:
            said += (
                f", ma piano-xlsx legge un solo foglio: '{best.sheet.name}', e il risultato dell'ente sarebbe di "
                "quel foglio soltanto. Se i fogli sono parti dello stesso piano (una scheda per unità), riunirle in "
                "un solo foglio, una sotto l'altra; se il foglio è una copia o un'altra versione, spostarlo in un "
                "altro file.")
        at = Location(other.sheet.name, a1(other.top, 1))
        out.append(warning("altra-tabella", said, at) if other_year else error("altra-tabella", said, at))
    return out


def find_table(workbook: Workbook, *, year: int | None = None, skip_sheets: Iterable[str] = (),
               period: str | None = None) -> tuple[Layout | None, list[Finding]]:
    overrides, findings = column_overrides(workbook)
    skip = set(skip_sheets) | set(COLUMNS_SHEET)
    best: Layout | None = None
    per_sheet: dict[str, Layout] = {}  # each sheet's best candidate
    for sheet in workbook.sheets:
        if sheet.kind != "worksheet" or fold(sheet.name) in skip:
            continue
        for row in range(1, min(sheet.max_row, HEADER_SCAN_ROWS) + 1):
            cand = _candidate(sheet, row, overrides)
            if cand and (sheet.name not in per_sheet or cand.score > per_sheet[sheet.name].score):
                per_sheet[sheet.name] = cand
            if cand and (best is None or cand.score > best.score):
                best = cand
    if best is None or "objective" not in best.roles and "objective_code" not in best.roles and not any(
            overrides.header_role([h]) == "objective" for h in best.headers.values()):
        findings.append(error(
            "tabella-non-trovata",
            "Nessun foglio contiene la tabella di collegamento: serve una riga di intestazione con almeno la "
            f"colonna dell'obiettivo (intestazioni accettate: {accepted_wordings('objective')}) e quella dei "
            f"risultati (intestazioni accettate: {accepted_wordings('result')}) o dei target. Aggiungere o "
            "rinominare le intestazioni, indicarle nel foglio 'Colonne' (Intestazione | Ruolo), oppure partire "
            "dal modello vuoto (comando 'piano-xlsx modello')."))
        return None, findings
    if best is not None and best.sheet.state not in (None, "visible"):
        # a hidden sheet's table (an old draft, a copy) is not the plan when a visible sheet holds one
        # (found in a trial: the hidden draft was read, its headline shown, the visible plan an error)
        visible = [c for c in per_sheet.values() if c.sheet.state in (None, "visible") and _complete(c)]
        if visible:
            best = max(visible, key=lambda c: c.score)
    if best is not None and year is not None:
        of_year = _year_table(best, per_sheet, year)
        if _layout_year(of_year) == year:
            best = of_year
        elif _layout_year(best) not in (None, year):
            # the plan year's own sheet hidden beside last year's visible one (found in review: last year's
            # was read); not a hidden draft beside a visible plan that names no year (third review)
            of_year = _year_table(best, per_sheet, year, hidden=True)
            if _layout_year(of_year) == year:
                best = of_year
    plan_year = year
    if plan_year is None:
        guess = _plan_year(best, best._found)
        if guess is not None:
            best.year, best.year_source = guess
            plan_year = guess[0]
    findings += _other_tables(best, per_sheet, plan_year)
    resolver = _Resolver(best, plan_year, overrides, period)
    resolver.run()
    for entry in overrides.unused():
        shown = ", ".join(f"'{_one_line(h)[:40]}'" for h in best.headers.values() if h)
        findings.append(warning(
            "voce-colonne-inutilizzata",
            f"La voce '{entry.text}' del foglio 'Colonne' non corrisponde a nessuna intestazione della tabella "
            f"del foglio '{best.sheet.name}' (riga {best.bottom}) e non viene usata. Intestazioni della tabella: "
            f"{shown}. Copiarla com'è scritta nella tabella, o indicare la lettera della colonna ('Colonna E').",
            entry.at))
    best.roles = resolver.roles
    best.decisions = [resolver.decided[c] for c in sorted(resolver.decided)]
    findings += resolver.findings
    where = Location(best.sheet.name, a1(best.top, 1))
    if "objective" not in best.roles:
        findings.append(error(
            "colonna-mancante",
            f"Nella tabella del foglio '{best.sheet.name}' (intestazione alla riga {best.top}) manca la colonna "
            f"'{ROLE_BY_ID['objective'].header}'. Intestazioni accettate: {accepted_wordings('objective')}; "
            "oppure indicarla nel foglio 'Colonne'.", where))
    elif "result" not in best.roles and not best.implicit_results:
        best.objectives_only = True  # the objectives are read (and counted); nothing can be scored
        findings.append(error(
            "colonna-mancante",
            f"Nella tabella del foglio '{best.sheet.name}' (intestazione alla riga {best.top}) manca la colonna "
            f"'{ROLE_BY_ID['result'].header}' e non ci sono target né consuntivi da calcolare. Intestazioni "
            f"accettate: {accepted_wordings('result')}; oppure indicarla nel foglio 'Colonne'.", where))
    if "objective" not in best.roles:
        return None, findings
    ignored = [d for d in best.decisions if d.role is None and d.reason.startswith("intestazione non riconosciuta")]
    if ignored:
        names = ", ".join(f"'{d.header}' ({a1(best.bottom, d.col)})" for d in ignored)
        findings.append(warning(
            "colonna-ignorata",
            f"Queste colonne della tabella non corrispondono a nessuna voce nota e non vengono lette: {names}. "
            "Se una di esse è il consuntivo, il target, il peso o altro, indicarne il ruolo nel foglio 'Colonne' "
            "(Intestazione | Ruolo) o rinominarla con un'intestazione accettata (elenco nel README).",
            Location(best.sheet.name, a1(best.bottom, ignored[0].col))))
    return best, findings


__all__ = ["Layout", "Decision", "find_table", "role_name", "column_overrides", "profile"]
