"""Find and read the linkage table (tabella di collegamento) in any sheet.

The table is found by its header row, not by position: the row (or pair of rows, when
a merged group header spans columns) whose cells name the most known column roles,
among which the objective and the result. Below it, each row is read the way a person
reads it: a line or objective cell merged over its results, repeated on every row or
left blank below the first row means the same; a result cell holding several results,
one per line, each starting with its code, gives several results.
"""

from __future__ import annotations

import bisect
import enum
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import lru_cache
from typing import Final

from ..core.checks import sums_to_whole
from ..core.codes import first_segment, parent_candidates, split_code
from ..core.columns import OWNED_HEADERS, header_moment, match_role, normalise_header
from ..core.findings import Finding, Location, cell_problem, error, warning
from .layout import OBJECTIVE_NUMBER, PERSON_MARKS, PERSON_WEIGHT, Layout, find_table
from ..core.model import IndividualObjective, Line, Objective, Plan, Result, TableInfo, Value
from ..core.targets import NOTE, STRUCK, marked_withdrawn, revision_word, says_unchanged, withdrawn_word
from ..core.text import cell_text, clean, fold
from ..core.values import read_weight
from ..xlsx.reader import Sheet, Workbook
from ..xlsx.refs import a1, col_letter, parse_a1, parse_range, range_a1

# roles whose cell may hold one line per stacked result
PER_RESULT_ROLES = ("code", "formula", "target", "unit", "weight", "owner", "deadline", "actual",
                    "baseline", "series", "override", "override_note", "note", "published", "polarity")
# roles where one value for several stacked results is ambiguous
SINGLE_VALUE_AMBIGUOUS = ("actual", "weight", "override", "override_note", "code")


def _distinct_titles(titles: set[str]) -> bool:
    """Whether titles under one number name different objectives: not when the meaningful words of one
    are all in the other (a word dropped, 'della', is the same objective) or the two are spelt nearly
    alike (a typo: 'coruzione'); 'per le prime visite' and 'per gli interventi', 'PNE' and 'PDTA
    scompenso' are two (found in the sixth and seventh reviews)."""
    import difflib

    listed = [t for t in titles if t]
    for i, a in enumerate(listed):
        for b in listed[i + 1:]:
            wa, wb = {w for w in a.split() if len(w) > 3}, {w for w in b.split() if len(w) > 3}
            contained = bool(wa) and bool(wb) and (wa <= wb or wb <= wa)
            if not contained and difflib.SequenceMatcher(None, a, b).ratio() < 0.9:
                return True
    return False


def _words(text: str) -> str:
    """A text's words, without case, accents or punctuation: '1. Prevenzione.' and '1 - Prevenzione' are
    one objective written twice (found in a fourth review: a copy with a final full stop was another
    objective under a taken number); signs and symbols that change a meaning stay ('+5%' and '-5%',
    '≤' and '≥', '%' and '€': found in a fifth review)."""
    # a sign is one before a number and after no letter or digit ('- 5%', not the dash of '2024-2026')
    folded = re.sub(r"(?<![^\W_])([+\-−])\s*(?=\d)", r" \1", fold(text))
    return " ".join(re.findall(r"(?:(?<![^\W_])[+\-−])?\d+|[^\W\d_]+|[%€≤≥<>=]", folded))


# a comment that gives the cell another value ('target rivisto: 75%', 'dato corretto: 82%', 'valore definitivo 14'),
# not a source or a method ('fonte: ragioneria, dato al 31/12', 'calcolato secondo il DPCM 22/09/2014'): review
_VALUE_NOTE = re.compile(r"\b(?:target|valore|consuntivo|peso|scadenza|dato)\s+(?:e\s+)?(?:corrett|rivist|aggiornat|"
                         r"modificat|definitiv|nuov|rettificat|vero|reale|effettiv)\w*\b[^\d]{0,20}\d|"
                         r"\b(?:leggere|correggere in|sostituire con|in realta|anziche)\b[^\d]{0,20}\d")


class _LookUp(enum.Enum):
    """_location's default `merge`: look the merged range up (None says there is none)."""

    LOOK_UP = 0


_LOOK_UP: Final = _LookUp.LOOK_UP


def _row_of(location: Location) -> int:
    return int(re.sub(r"[A-Z$]", "", location.cell)) if location.cell else 0


def _location(sheet: Sheet, row: int, col: int,
              merge: tuple[int, int, int, int] | None | _LookUp = _LOOK_UP) -> Location:
    """Where (row, col) is, as a person points at it: the merged range's top-left cell and the range.
    `merge` is sheet.merge_at(row, col) when the caller has it already."""
    if merge is _LOOK_UP:
        merge = sheet.merge_at(row, col)
    if merge and (merge[0], merge[1]) != (merge[2], merge[3]):
        return _merged_location(sheet.name, merge)
    return Location(sheet.name, f"{col_letter(col)}{row}")


@lru_cache(maxsize=4096)
def _merged_location(sheet_name: str, merge: tuple[int, int, int, int]) -> Location:
    # every row of a merged line or objective cell points at the same place
    return Location(sheet_name, a1(merge[0], merge[1]), range_a1(*merge))


# --------------------------------------------------------------------------- rows


_LINE = re.compile(r"^\s*(?:linea(?:\s+strategica)?|area\s+strategica|ambito\s+strategico|priorit[aà]\s+strategica)"
                   r"\s+(?:n\.?\s*)?(?P<code>[\w]+)\s*(?:[-–:.]\s*(?P<rest>.*))?$", re.IGNORECASE)


# a list of lines' codes: '1; 2', '1, 2', '1 e 2', 'Linee 1 e 2', 'Linea 1; Linea 2', 'L1 - L2', 'AS1/AS2'
_LINE_WORD = r"(?:(?:linee|linea|aree|area|ambiti|ambito|priorit[aà])(?:\s+strategic[aheio]+)?\s+(?:n\.?\s*)?)"
_LINE_LIST_CODE = re.compile(_LINE_WORD + r"?(?P<code>(?P<prefix>[a-z]{1,3}\.?\s?)?\d{1,3}(?:\.\d{1,3})*)",
                             re.IGNORECASE)
_LINE_LIST_SEP = re.compile(r"\s*(?:[;,/&+]|\s[-–]\s|[-–]|\be\b)\s*", re.IGNORECASE)


_LINE_DASH = re.compile(r"(?<![\w.])([a-z]{0,3}\.?\s?)(\d{1,3})\s*[-–]\s*(?:linea\s+)?\1(\d{1,3})(?![\d.])",
                        re.IGNORECASE)


def line_list(line: str) -> list[str] | None:
    """The codes of a text line that lists two or more strategic lines and nothing else, each code
    of the same form ('1; 2', 'Linee 1 e 2', 'L1 - L2'), else None (found in a trial: '1; 2' was a
    third line of its own, its objective left out of lines 1 and 2, both shown at 100%)."""
    pieces = [p for p in _LINE_LIST_SEP.split(line.strip().rstrip(".")) if p]
    if len(pieces) < 2:
        return None
    codes, prefixes = [], set()
    for piece in pieces:
        m = _LINE_LIST_CODE.fullmatch(piece)
        if m is None:
            return None
        prefixes.add((m.group("prefix") or "").strip().rstrip(".").lower())
        # as written ('L.1', 'AS 1'), as the same code alone in a cell is read (found in review: 'L.1 - L.2'
        # made lines 'L1' and 'L2' beside 'L.1 - Competitività')
        codes.append(" ".join(m.group("code").split()))
    if len(prefixes) != 1:
        return None
    return codes


def parse_lines(text: str, lists: bool = True) -> list[tuple[str, str]]:
    """Strategic lines named in a line cell: [(code, title)].

    "Linea 1 - Pubblica Amministrazione per le imprese" -> [("1", "Pubblica ...")];
    "Linea 1 - 2", "1; 2", "Linee 1 e 2" -> [("1", ""), ("2", "")] (not with `lists` False: a
    'Missione / Programma' column's '1 - 2' is one programme); one line per text line; text
    without a "Linea N" prefix is its own code.
    """
    out: list[tuple[str, str]] = []
    coded = False  # the previous text line named its line by a code
    for raw_line in text.splitlines():
        line = clean(raw_line)
        if not line:
            continue
        listed = line_list(line) if lists else None
        if listed is not None:
            out.extend((code, "") for code in listed)
            coded = True
            continue
        m = _LINE.match(line)
        if not m:
            # 'AS1 - Competitività delle imprese', '2. Innovazione': the code, then the title
            # (found in a user trial: the whole text was the code, clipped in the summary)
            code, title = split_code(line, objective=True)
            if code is None and coded:
                # a description under a coded line ('1 - Valdoria semplice' / 'La città che ...'), not a
                # line of its own (found in a trial: a third line whose code was the sentence); the
                # title of a line named by its code alone ('Linea strategica 1' / 'Valdoria semplice')
                if not out[-1][1]:
                    out[-1] = (out[-1][0], line)
                continue
            coded = code is not None
            out.append((code, title or "") if code is not None else (line, line))
            continue
        coded = True
        code, rest = m.group("code"), clean(m.group("rest") or "")
        extra = re.fullmatch(r"(\d+(?:\s*[-–,e]\s*\d+)*)", rest)
        if extra:
            out.append((code, ""))
            for other in re.findall(r"\d+", rest):
                out.append((other, ""))
        else:
            out.append((code, rest))
    return out


def _split_objective(text: str) -> tuple[str, str | None]:
    m = re.search(r"(?im)^\s*outcome\s*:?\s*", text) or re.search(r"(?i)\boutcome\s*:\s*", text)
    if not m:
        return clean(text), None
    return clean(text[:m.start()]), clean(text[m.end():]) or None


def _stacked(text: str) -> list[tuple[str | None, str]] | None:
    """Several results in one cell: [(code, text)] when two or more lines start with a code."""
    lines = [ln for ln in text.splitlines() if clean(ln)]
    if len(lines) < 2:
        return None
    pieces: list[list] = []
    for ln in lines:
        code, _ = split_code(ln)
        if code is not None:
            pieces.append([code, clean(ln)])
        elif pieces:
            pieces[-1][1] += "\n" + clean(ln)
        else:
            return None  # the first line has no code: one result with a long text
    if len(pieces) < 2:
        return None
    return [(code, body) for code, body in pieces]


_LIST_MARKER = re.compile(r"^\s*(?:(?P<letter>[a-z])\)|(?P<number>\d{1,2})\)|(?P<bullet>[-•*·–])\s)\s*", re.I)


def _list_items(text) -> list[tuple[str, str]] | None:
    """[(marker, text)] of a cell that lists two or more items, one per line, each starting with
    'a)', '1)' or a bullet; lines before the first item ('Media a) e b):') and lines that do not
    start an item are part of the item above. None when the cell is not such a list."""
    if not isinstance(text, str):
        return None
    items: list[list[str]] = []
    for n, line in enumerate(ln for ln in text.splitlines() if clean(ln)):
        m = _LIST_MARKER.match(line)
        if m:
            marker = (m.group("letter") or m.group("number") or str(len(items) + 1)).lower()
            items.append([marker, clean(line[m.end():])])
        elif items:
            items[-1][1] += "\n" + clean(line)
    if len(items) < 2 or len({m for m, _ in items}) != len(items):
        return None
    return [(m, body) for m, body in items]


_TWICE = object()  # a code given two values in one cell


def _per_result(raw, codes: list[str]) -> dict[str, object] | None:
    """Split a cell's text into one value per stacked result, by code prefix or by position."""
    if not isinstance(raw, str):
        return None
    lines = [clean(ln) for ln in raw.splitlines() if clean(ln)]
    if len(lines) < 2:
        return None
    by_code: dict[str, object] = {}
    for ln in lines:
        m = re.match(r"^\s*([A-Za-z]{0,5}\d+(?:\.\d+)*)\s*[:=\-–)]\s*(.*)$", ln)
        if not m or m.group(1) not in codes:
            by_code = {}
            break
        if m.group(1) in by_code:  # '2.3.1: 84%' and '2.3.1: 60%': which one cannot be told
            by_code[m.group(1)] = _TWICE
            continue
        by_code[m.group(1)] = m.group(2)
    if by_code:
        return by_code
    items = _list_items(raw)  # 'a) NO / b) NO': one item per listed result
    if items is not None and len(items) == len(codes):
        return {code: body for code, (_, body) in zip(codes, items)}
    if len(lines) == len(codes):
        return dict(zip(codes, lines))
    return None


_TOTAL = re.compile(r"^(?:sub\s?)?tot(?:ale|ali|\.)\b")
# a totals row's whole label: 'Totale', 'TOTALE GENERALE', 'Totale pesi', 'Totale obiettivo 2'
# 'Totale obiettivo 1', 'Totale area servizi generali', 'Totale settore 2': a group's total, whatever
# follows the group's word (found in review: 'obiettivi?' missed 'obiettivo', one word after 'area')
_BARE_TOTAL = re.compile(r"(?:sub\s?)?tot(?:ale|ali|\.)\s*(?:generale|complessivo|pesi|peso|punteggio|punti|%|"
                         r"(?:(?:dell[' ]\s?|del |della |per (?:l[' ]\s?)?)?(?:obiettiv[oi]|area|aree|settor[ei]|"
                         r"direzion[ei]|linea|linee|ambit[oi]|missione|programma|sezione|struttura|"
                         r"ufficio|u\.?o\.?|cdr|centro)\b.*))?\s*:?")
# (found in a trial of ASL sheets: 'N.B. Il dato ...', 'Nota:', 'Legenda:', '(1) dato al ...' across the table were
# strategic lines, and 'Firma del Direttore per accettazione' an indicator)
# ... not an indicator 'N. bambini iscritti', an objective 'Firma dei contratti integrativi' (found in review)
# ('Note di credito e rimborsi', 'Fonte unica dei dati territoriali' are objectives: found in a second review)
_NOTE = re.compile(r"^(?:(?:nb|legenda|avvertenze)\b\s*[:.\-]?|(?:note|osservazion[ei])\s*(?:[:.\-]|$)"
                   r"|(?:nota|fonte|fonti|fonte dei dati|fonte dati|avvertenza|precisazion[ei])\s*[:.\-]|n\.\s?b\.?(?!\w)|\(?\*+\)?\s"
                   r"|si (?:precisa|segnala|evidenzia|ricorda|specifica)\b"
                   # a signature line, short ('Firma del Direttore UOC'), not an objective ('Firma del Dirigente sulle
                   # determinazioni in formato digitale', 'Visto del Responsabile del Servizio Finanziario nei tempi')
                   r"|(?:firma|visto)\s+(?:del|della)\s+(?:direttore|dirigente|responsabile|segretari[oa]|presidente)"
                   r"(?:\s+[\w.']+){0,2}\s*[:._\s]*$"
                   r"|(?:firma\s+)?per (?:accettazione|presa visione)\b"
                   # a footnote that says what a figure is ('(1) Il dato comprende ...', '(1) dato al 30/09')
                   r"|\(\d{1,2}\)\s+(?:(?:il|i|la|le|lo|gli)\s+)?(?:dat[oi]|valor[ei]|font[ei]|si|comprend\w*|esclus\w*"
                   r"|riferit\w*|calcolat\w*|rilevat\w*|al netto|stim\w*|provvisori\w*)\b)")
# a footnote's mark ('(1) ...'): a note across the table (alone in a row an objective may be numbered '(1) ...')
_FOOTNOTE = re.compile(r"^\(\d{1,2}\)\s")


class TableReader:
    def __init__(self, plan: Plan, candidate: Layout, year: int | None):
        self.plan = plan
        self.sheet = candidate.sheet
        self.cand = candidate
        self.year = year
        self.findings: list[Finding] = []
        self._objective: Objective | None = None
        self._objective_key: tuple | None = None
        self._lines: list[str] = []
        self._line_text = ""
        self._filled_down: list[int] = []  # rows whose objective or line is the row's above (a blank cell)
        self._value_columns = [(role, candidate.roles[role]) for role in PER_RESULT_ROLES
                               if role != "code" and role in candidate.roles]
        self._individual_cells: dict[tuple[str, int, int], IndividualObjective] = {}
        self._totals: dict[int, dict[str, Value]] = {}  # TableInfo.totals
        self._listed_lines: set[str] = set()  # lines' codes read from a list ('AS 1; AS 2'): _merge_listed_lines
        # (person, text) -> objective; (person, "obiettivo", code) for an entity objective marked as the person's
        self._individual_texts: dict[tuple[str, ...], IndividualObjective] = {}
        self._last_text_row: dict[tuple[str, str], int] = {}  # (person, text) -> the last row it was read on
        # objectives of a person's column of numbers or marks, with what the cell holds
        self._marked: list[tuple[IndividualObjective, str]] = []
        self._generated = 0
        self._block_titles: set[int] = set()  # rows naming a block of the table, titles across it too (_blocks)
        self._page_titles: set[int] = set()  # a title repeated over the header on every page (_blocks)
        self._first_block_title: tuple[int, str] | None = None  # the first block's title, above the header
        self._block_of: dict[int, str] = {}  # row -> its block's name, when the table is in blocks
        self._owner_objectives: dict[str, list[str]] = {}  # owner -> its objectives' texts (per-owner tables)
        self._renamed: dict[tuple[str, str], str] = {}  # (code taken, text) -> the code given instead
        self._other_years: dict[int, list[int]] = {}  # year -> rows of another year than the plan's
        self._years_seen: set[int] = set()
        self._result_locations: dict[str, list[Location]] = {}
        self._code_locations: dict[str, Location] = {}  # result code -> the cell where it is written
        # the objective's number written in the header cell ("Obiettivo n. 1"): for the next objective
        objective_col = candidate.roles.get("objective")
        self._pending_code = self._header_objective_code(
            candidate.lower_headers.get(objective_col) if objective_col is not None else None)
        # the header texts of the read columns, to recognise the header repeated inside the table
        self._header_texts = {col: fold(candidate.lower_headers.get(col, "")) for col in candidate.roles.values()}
        role_cols = sorted(candidate.roles.values())
        self._span = (role_cols[0], role_cols[-1]) if role_cols else (1, 1)
        if "line" not in candidate.roles:
            self._banner_line()

    def _banner_line(self) -> None:
        """A banner right above the header that names the strategic area ('AREA STRATEGICA SERVIZI')
        is the line of the objectives below it, when the table has no line column."""
        for row in range(self.cand.top - 1, max(0, self.cand.top - 4), -1):
            texts = [(col, cell_text(self.sheet.value(row, col))) for col in self.sheet.columns_in_row(row)]
            texts = [(col, t) for col, t in texts if t]
            if len(texts) != 1:
                continue
            col, text = texts[0]
            words = normalise_header(text).split()
            if match_role(text) == "line" and len(words) > 2:
                self._lines = self._read_lines(text, _location(self.sheet, row, col))
                self._line_text = text
                return

    @staticmethod
    def _header_objective_code(text) -> str | None:
        m = OBJECTIVE_NUMBER.match(fold(text)) if text else None
        return m.group(1).upper() if m and not m.group(1).isdigit() else (m.group(1) if m else None)

    # -- entry point
    def read(self) -> TableInfo:
        sheet, cand = self.sheet, self.cand
        first = cand.bottom + 1
        last = first - 1
        # the rows that hold a cell: a cell at XFD1048576 does not make a million rows to look at
        rows = sorted({r for r, _ in sheet.cells if r >= first})
        if "line" not in cand.roles and not self._lines:
            self._first_section(rows)
        if "owner" not in cand.roles:
            self._block_of = self._blocks(rows)
        self._per_owner = self._objectives_per_owner(rows)
        if self._block_of and not self._per_owner:
            # one plan after all (a header repeated at a page break): a row above it is what it says, an
            # objective perhaps (found in review: '2. Tempi di attesa' became a line, its results objective 1's)
            self._block_titles = {r for r in self._block_titles if self._banner(r) is not None}
        elif self._first_block_title is not None and "line" not in cand.roles and not self._lines:
            self._section(*self._first_block_title)  # as the other blocks' titles are (_row_kind)
        if self._per_owner and self._block_of:
            starts = sorted({(name, min(r for r, n in self._block_of.items() if n == name))
                             for name in set(self._block_of.values())}, key=lambda item: item[1])
            self.findings.append(warning(
                "obiettivi-per-blocco",
                f"La tabella è divisa in blocchi ({', '.join(f'{n!r} dalla riga {r}' for n, r in starts[:6])}"
                f"{', ...' if len(starts) > 6 else ''}) e gli stessi obiettivi compaiono in più blocchi: ognuno ha "
                f"i suoi, indicati con il nome del blocco davanti al numero (es. '{starts[-1][0]} 1'). Per dare ai "
                "blocchi il nome della struttura, aggiungere una colonna 'Struttura' (o 'Responsabile'); se invece "
                "sono obiettivi unici con risultati di più strutture, mettere le righe di ciascun obiettivo una "
                "sotto l'altra.", _location(sheet, starts[1][1] if len(starts) > 1 else cand.bottom,
                                            cand.roles.get("objective", min(cand.roles.values())))))
        elif self._per_owner:
            col = cand.roles["owner"]
            self.findings.append(warning(
                "obiettivi-per-responsabile",
                f"Gli stessi obiettivi compaiono per più responsabili (colonna '{clean(cand.headers.get(col, ''))}'): "
                "ognuno ha i suoi, indicati con il nome del responsabile davanti al numero (es. "
                f"'{clean(cell_text(self._first_owner(rows)))} 1'). Se invece sono obiettivi unici con risultati di "
                "più strutture, mettere le righe di ciascun obiettivo una sotto l'altra.",
                _location(sheet, cand.bottom, col)))
        for row in rows:
            kind = self._row_kind(row)
            if kind == "data" and self._read_row(row):
                last = row
        info = TableInfo(sheet=sheet.name, header_rows=(cand.top, cand.bottom), first_data_row=first,
                         last_data_row=max(last, first - 1), columns=dict(cand.roles), headers=dict(cand.headers),
                         individual_columns={p: list(c) for p, c in cand.individual.items()},
                         owned_columns=dict(cand.owned),
                         decisions=list(cand.decisions), implicit_results=cand.implicit_results,
                         actual_moment=header_moment(cand.headers.get(cand.roles["actual"]))
                         if "actual" in cand.roles else None, totals=self._totals,
                         filled_down=tuple(self._filled_down))
        self._settle_marks()
        self._withdrawn_marks()
        self._report_hidden_rows()
        self._report_years()
        self._merge_listed_lines()
        self._link_hierarchy()
        self._adopt_row_codes()
        self._merged_weights_to_objectives()
        self._drop_trailing_rows(info)
        return info

    def _merge_listed_lines(self) -> None:
        """A code listed in a lines' cell ('AS 1; AS 2'), or written alone ('AS 1'), that a line's own cell
        writes with its title as one code ('AS 1 - Competitività', 'AS 1 -Competitività', read whole as
        before) is that line, not a line of its own (found in review: phantom lines, the real ones without
        the shared objective); with two such lines it stays as it is."""
        plan = self.plan
        for code in sorted(self._listed_lines):
            if code not in plan.lines:
                continue
            named = [c for c in plan.lines if c != code and re.match(rf"{re.escape(code)}\s*(?:[-–:]|\.(?!\d))\s*\S", c)]
            if len(named) != 1:
                continue
            for objective in plan.objectives.values():
                if code in objective.lines:
                    objective.lines = list(dict.fromkeys(named[0] if c == code else c for c in objective.lines))
            del plan.lines[code]

    def _merged_weights_to_objectives(self) -> None:
        """A 'Peso' cell merged down over all the rows of an objective's results (and no more) is the
        objective's weight, not each result's (found in a trial: 70 read for each of two results,
        'pesi-somma 140', exit 1), unless taken for each result the weights make every objective's
        results sum to 100 (50 over two results beside a lone result's 100)."""
        if "objective_weight" in self.cand.roles or "weight" not in self.cand.roles:
            return
        plan = self.plan
        moved = unmoved = 0
        for objective in plan.objectives.values():
            results = [plan.results[c] for c in objective.results if c in plan.results]
            if len(results) < 2 or objective.weight_value is not None:
                continue
            values = [r.values.get("weight") for r in results]
            first = values[0]
            if all(v is None for v in values):
                continue
            if first is None or first.location.range is None or any(
                    v is None or v.location.range != first.location.range or v.from_split for v in values):
                unmoved += 1
                continue
            top, _, bottom, _ = parse_range(first.location.range)
            if {r.row for r in results} != set(range(top, bottom + 1)):
                unmoved += 1
                continue
            objective.weight_value = Value(first.raw, first.location, first.number_format, first.formula)
            for r in results:
                del r.values["weight"]
            moved += 1
        if moved and not self._objective_weights_make_a_whole() and self._merged_weights_sum_per_objective():
            # read as each result's weight the merged values make every objective's results sum to 100
            # (50 merged over two results, 100 beside a lone one): they are the results' (found in review)
            for objective in plan.objectives.values():
                if objective.weight_value is not None and objective.weight_value.location.range is not None \
                        and len(objective.results) > 1:
                    for code in objective.results:
                        plan.results[code].values["weight"] = objective.weight_value
                    objective.weight_value = None
            return
        if moved and not unmoved:
            # the column weighs objectives: so does it on an objective with one result (found in review:
            # a plan mixing both still summed the merged weights with the single ones)
            for objective in plan.objectives.values():
                results = [plan.results[c] for c in objective.results if c in plan.results]
                if len(results) == 1 and objective.weight_value is None and "weight" in results[0].values \
                        and not results[0].values["weight"].from_split:
                    objective.weight_value = results[0].values.pop("weight")

    def _objective_weights_make_a_whole(self) -> bool:
        """Whether the values read as the objectives' weights (merged, and on the lone results' rows)
        sum to 100 or 1: then they are that, whatever else they could be (33,3 / 33,3 / 33,4 merged over
        three results each; found in a fifth review, taken for the results' weights)."""
        plan = self.plan
        values = []
        for objective in plan.objectives.values():
            results = [plan.results[c] for c in objective.results if c in plan.results]
            value = objective.weight_value.raw if objective.weight_value is not None else (
                results[0].value("weight") if len(results) == 1 else None)
            if not isinstance(value, (int, float)) or isinstance(value, bool):
                return False
            values.append(value)
        return bool(values) and sums_to_whole(sum(values), tolerance=0.5)

    def _merged_weights_sum_per_objective(self) -> bool:
        """Whether, each merged weight taken for every result under it, the weights of every objective's
        results sum to 100 (or 1): then they are the results' weights within their objective."""
        plan = self.plan
        sums = []
        for objective in plan.objectives.values():
            results = [plan.results[c] for c in objective.results if c in plan.results]
            merged = objective.weight_value if objective.weight_value is not None and len(results) > 1 else None
            values = [merged.raw if merged is not None else r.value("weight") for r in results]
            numbers = [v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
            if len(numbers) != len(values) or not numbers:
                return False
            sums.append(sum(numbers))
        # (thirds written with one decimal, 33,3, are meant as a whole too: found in a fourth review;
        # the weights' check says whether they are one)
        return bool(sums) and all(sums_to_whole(total, tolerance=0.5) for total in sums)

    def _first_owner(self, rows: list[int]):
        return next((cell.value for row in rows for cell in (self._cell(row, "owner")[0],)
                     if cell is not None and cell_text(cell.value)), "")

    def _objectives_per_owner(self, rows: list[int]) -> bool:
        """Whether the table gives the same objectives to several owners, each its own (a hospital's
        budget sheet: 'UOC Cardiologia' and then 'UOC Chirurgia' with '1. Contenimento della degenza
        media' and '2. ...' each; found in a trial: one objective held both units' results, '0 su 2'
        for '1 su 4'): an owner whose two or more objectives all come back, after others, under
        another owner. Rows of one objective side by side with several owners are one objective with
        results from several offices (Torino's plan); an objective shared by the sections of a plan
        numbered once ('5. Prevenzione della corruzione' under each Settore, the others their own)
        stays one too (found in review)."""
        if ("owner" not in self.cand.roles and not self._block_of) or "objective" not in self.cand.roles:
            return False
        runs: list[tuple[str, set[str]]] = []  # (objective, its owners) for each run of rows
        numbers: dict[str, str] = {}  # objective -> its number ('1' of '1. Contenimento ...'), when written
        result_codes: dict[str, set[str]] = {}  # a result's written code -> its owners
        result_code_col, result_col = self.cand.roles.get("code"), self.cand.roles.get("result")
        titles: dict[str, str] = {}  # objective -> its title without the number
        cells, merge_at = self.sheet.cells, self.sheet.merge_at

        def value(row: int, col: int):  # (as _cell, without a Location for each row)
            merge = merge_at(row, col)
            cell = cells.get((row, col) if merge is None else (merge[0], merge[1]))
            return cell.value if cell is not None else None

        obj_col, owner_col = self.cand.roles["objective"], self.cand.roles.get("owner")
        blocks = self._block_of

        def owner_at(row: int):
            return value(row, owner_col) if owner_col is not None else blocks.get(row)
        code_cols = [self.cand.roles[role] for role in ("objective_code", "code") if role in self.cand.roles]
        last_key = None
        owners: set = set()
        header_text = self._header_texts.get(obj_col)
        for row in rows:
            if row in self._block_titles:
                continue
            objective = value(row, obj_col)
            if objective is not None and blocks and fold(cell_text(objective)) == header_text:
                continue  # the header again, over the next block
            if objective is not None and objective != last_key:  # (a merged objective repeats: read once)
                last_key = objective
                number, title = split_code(_split_objective(cell_text(objective))[0], objective=True)
                # an objective without a number of its own is told apart by its row's code ('2019_050301_PROC_74'
                # beside an objective text that another unit has too: found in review of a university's plan);
                # one with its number is not by its indicators' codes ('IND01', 'IND03': found in a seventh
                # review, a hospital sheet's units merged)
                key = ((objective,) if number is not None else
                       tuple(value(row, col) for col in code_cols) + (objective,))
                text = _words(" ".join(cell_text(v) for v in key if v is not None))
                if text and (not runs or text != runs[-1][0]):
                    owners = set()
                    runs.append((text, owners))
                    if number is not None:  # (the title without its number: '1.' and '1 -' are one objective)
                        numbers[text] = number
                        titles[text] = _words(title or "")
            owner = owner_at(row)
            if owner is not None and runs:
                owners.add(owner)
            result_code = value(row, result_code_col) if result_code_col is not None else None
            if result_code is None and result_col is not None:
                result_code = split_code(cell_text(value(row, result_col)))[0]
            number = numbers.get(runs[-1][0]) if runs else None
            # only a code under its objective's number ('1.2' of objective 1) says how the plan is numbered
            # ('IND01' for the whole sheet does not: found in a sixth review)
            if result_code not in (None, "") and owner is not None and number is not None and \
                    cell_text(result_code).startswith(number + "."):
                result_codes.setdefault(cell_text(result_code), set()).add(fold(cell_text(owner)))
        by_owner: dict[str, set[str]] = {}  # owner -> its objectives
        owners_of: dict[str, set[str]] = {}  # objective -> its owners
        again = False
        for text, raw in runs:
            folded = {fold(cell_text(v)) for v in raw} - {""}
            earlier = owners_of.setdefault(text, set())
            again = again or (bool(earlier) and bool(folded) and not folded & earlier)
            earlier |= folded
            for owner in folded:
                by_owner.setdefault(owner, set()).add(text)
        # ... and the numbering starts again for each owner, as a unit's sheet does: every objective comes
        # back under another owner, or one number names different objectives of different owners. A plan
        # numbered once has objectives of one office only, each with a number of its own (found in two
        # reviews: an office with only the shared objectives split them all)
        every = all(len(owners) > 1 for owners in owners_of.values())
        named: dict[str, set[str]] = {}  # number -> the titles it names
        for text, number in numbers.items():
            named.setdefault(number, set()).add(titles[text])
        # one number for titles that share most of their words is one objective written twice ('Prevenzione
        # corruzione' and 'Prevenzione della corruzione': found in a fifth review)
        reused = any(_distinct_titles(texts) for texts in named.values())
        if result_codes and all(len(owners) == 1 for owners in result_codes.values()):
            return False  # each result's own number, never repeated by another owner: a plan numbered once
        # (a unit's sheet with an own objective each, numbered again, needs no owner whose objectives are
        # all shared: found in a fourth review, 'codice-duplicato' on a hospital's budget sheet)
        return again and (reused or (every and any(len(texts) >= 2 and all(len(owners_of[t]) > 1 for t in texts)
                                                   for texts in by_owner.values())))

    def _drop_trailing_rows(self, info: TableInfo) -> None:
        """Rows after the last result that hold only text in the objective column ('Peso ponderale
        calcolato', 'Fattore di conversione', a caption under the table) are not objectives: they
        are left out, and a finding names them so that a real objective without results is seen."""
        plan = self.plan
        if not plan.results or ("result" not in self.cand.roles and not self.cand.implicit_results):
            return
        last = max(r.row for r in plan.results.values())
        trailing = [o for o in plan.objectives.values() if not o.results and _row_of(o.location) > last]
        for objective in trailing:
            del plan.objectives[objective.code]
        # a title across the table under its last result ('Range di valutazione: sotto il 70% ...')
        # is a caption, not a strategic line (found in a trial: a fourth line with no objectives)
        served = {code for o in plan.objectives.values() for code in o.lines}
        captions = [line for line in plan.lines.values()
                    if line.code not in served and _row_of(line.location) > last]
        for line in captions:
            del plan.lines[line.code]
        if not trailing and not captions:
            return
        found = sorted([(o.location, o.title or o.text) for o in trailing] + [(x.location, x.title) for x in captions],
                       key=lambda item: _row_of(item[0]))
        first = found[0][0]
        names = ", ".join(f"'{text[:40]}' ({loc.cell})" for loc, text in found)
        self.findings.append(warning(
            "righe-dopo-la-tabella",
            f"Righe dopo l'ultimo risultato della tabella, senza indicatori, non lette come obiettivi: {names}. "
            "Se una di esse è un obiettivo, scriverne il risultato atteso e il target.", first))
        info.last_data_row = min(info.last_data_row, last)

    def _adopt_row_codes(self) -> None:
        """A code column in a table where every objective is one row with one result (a university's
        '2019_050301_PROC_74 | Migliorare la soddisfazione | ...'): the code names the row's
        objective, which has no number of its own."""
        plan = self.plan
        if "code" not in self.cand.roles or not plan.objectives:
            return
        pairs = []
        for objective in plan.objectives.values():
            if not objective.code_generated or len(objective.results) != 1:
                return
            result = plan.results[objective.results[0]]
            if result.code_generated:
                return
            pairs.append((objective, result))
        if len({r.code for _, r in pairs}) != len(pairs):
            return
        renamed = {o.code: r.code for o, r in pairs}
        plan.objectives = {renamed[code]: o for code, o in plan.objectives.items()}
        for objective, result in pairs:
            objective.code = result.code
            objective.code_generated = False
            result.objective = result.code
        for ind in plan.individuals:
            ind.objectives = [renamed.get(c, c) for c in ind.objectives]

    # -- what a row is
    def _texts(self, row: int) -> dict[int, str]:
        """The texts shown in the row's read columns (a merged cell counts on its first row only)."""
        out = {}
        cells = self.sheet.cells
        for col in self.cand.roles.values():
            cell = cells.get((row, col))
            if cell is None or cell.value is None:
                continue  # (a merged range's other cells hold nothing to show)
            text = cell_text(cell.value)
            if text:
                merge = self.sheet.merge_at(row, col)
                if merge is not None and (merge[0], merge[1]) != (row, col):
                    continue  # a merged cell's text counts once, at its top-left cell
                out[col] = text
        return out

    def _row_kind(self, row: int) -> str:
        """'data', or a row that is not a result: the header repeated for the next block ('header'),
        a total ('total'), a note ('note'), a section title spanning the table ('section'), blank."""
        texts = self._texts(row)
        if not texts:
            return "blank"
        objective_col = self.cand.roles.get("objective")
        if row in self._page_titles:
            return "note"
        if row in self._block_titles and self._banner(row) is None:
            # a block's title: its section, as a title across the table is (below)
            self._section(row, texts[min(texts)])
            return "section"
        if self._repeats_header(texts):
            code = self._header_objective_code(texts.get(objective_col) if objective_col is not None else None)
            if code is not None:
                self._pending_code = code
            return "header"
        first = fold(texts[min(texts)])
        if _TOTAL.match(first) and not self._total_is_a_result(row, min(texts), first):
            valued = [c for c in (self.cand.roles.get("target"), self.cand.roles.get("actual")) if c in texts]
            if valued:  # never silent: a total with values could be a result someone named 'Totale'
                self.findings.append(warning(
                    "riga-di-totale",
                    f"La riga {row} ('{clean(texts[min(texts)])[:60]}') è letta come riga di totale, non come "
                    "risultato. Se è un risultato, dargli un nome che non cominci con 'Totale' o indicarne il "
                    "codice.", _location(self.sheet, row, min(texts))))
            weights = {}
            for role in ("weight", "objective_weight"):
                cell, loc = self._cell(row, role)
                if cell is not None and cell.value is not None and loc is not None and loc.range is None:
                    weights[role] = Value(cell.value, loc, cell.number_format, cell.formula)
            if weights:
                self._totals[row] = weights
            return "total"
        spans_table = self._spans_table(row, texts)
        # (a line to sign on, '________', is not a text of its own)
        if (_NOTE.match(first) and (spans_table or sum(1 for t in texts.values() if t.strip("_.-–— ")) == 1)) or \
                (spans_table and _FOOTNOTE.match(first)):
            return "note"
        if spans_table:
            self._section(row, texts[min(texts)])
            return "section"
        return "data"

    def _repeats_header(self, texts: dict[int, str]) -> bool:
        """Whether a row's texts are the table's header again (the next block's)."""
        headers = self._header_texts
        # (a cheap look at the first letter spares folding every cell of every row)
        same = [c for c, t in texts.items() if c in headers and (not t[:1].isascii() or t[:1].lower() == headers[c][:1])
                and fold(t) == headers[c]]
        return len(same) >= 2 or (bool(same) and len(same) == len(texts))

    def _blocks(self, rows: list[int]) -> dict[int, str]:
        """A table in blocks with no owner column, one per unit ('SCHEDA DI BUDGET 2025 - UOC
        CARDIOLOGIA', header, rows; 'DIPARTIMENTO DI MEDICINA' across the table, header, rows): row ->
        its block's name, when the header repeats or titles span the table inside it ({} otherwise).
        Whether the blocks' objectives are each block's own is _objectives_per_owner's to say, as for an
        owner column; only then is a title of one text right above a repeated header the block's (a
        section, not an objective: found in a trial, objective 'O1' without results), else it is read
        as what it is (read). The same title above every header is a page's, never read."""
        titled: dict[int, str] = {}  # the row a block starts at -> its title ('' when it has none)
        last_text_row = None
        last_row = 0  # the last row of the table: two texts or more
        for row in rows:
            texts = self._texts(row)
            if not texts:
                continue
            banner = self._banner(row)
            if banner is not None:
                titled[row] = clean(banner)
                self._block_titles.add(row)
            elif self._repeats_header(texts) and last_text_row not in titled:  # (not under a banner's title)
                start, title = row, ""
                if last_text_row is not None:
                    above = self._texts(last_text_row)
                    if len(above) == 1 and not _NOTE.match(fold(next(iter(above.values())))) and \
                            not self._has_values(last_text_row) and not self._repeats_header(above):
                        start, title = last_text_row, clean(next(iter(above.values())))
                        self._block_titles.add(last_text_row)
                titled[start] = title
            last_text_row = row
            if len(texts) >= 2:
                last_row = row
        # a title with no rows of the table after it is a footer ('Approvato con deliberazione ...')
        for start in [r for r in titled if r >= last_row]:
            del titled[start]
            self._block_titles.discard(start)
        if not titled:
            return {}
        first_data = next((r for r in rows if self._texts(r)), None)
        if first_data is None:
            return {}
        # the first block: its title above the table's header, a title row or a banner
        starts = sorted(titled)
        first_title, title_row = "", None
        if first_data < starts[0]:
            for row in range(self.cand.top - 1, max(0, self.cand.top - 4), -1):
                texts = {c: cell_text(v) for c in range(1, self._span[1] + 1)
                         for v in (self.sheet.value(row, c),) if cell_text(v)}
                if texts:
                    if len(texts) == 1:
                        first_title, title_row = clean(next(iter(texts.values()))), row
                    break
        # the same title over every block is a page's ('Piano della performance 2025', printed with the header
        # on each page): not a block's name nor a section
        said = [t for t in list(titled.values()) + [first_title] if t]
        if len(set(said)) < len(said):
            for start, title in titled.items():
                if title and said.count(title) > 1:
                    titled[start] = ""
                    if start in self._block_titles and self._banner(start) is None:
                        self._block_titles.discard(start)
                        self._page_titles.add(start)
        if first_data < starts[0]:
            # the first block's title is above the table's header, when the others have one too (else
            # it is the document's: 'PIANO DELLA PERFORMANCE 2025')
            if not (first_title and all(titled.values()) and said.count(first_title) == 1):
                first_title, title_row = "", None
            if title_row is not None:
                self._first_block_title = (title_row, first_title)  # a section if the blocks are (read)
            titled[first_data] = first_title
            starts.insert(0, first_data)
        names = [titled[r] for r in starts]
        named = [n for n in names if n]
        if len(named) == len(names) and len(names) > 1:
            # 'SCHEDA DI BUDGET 2025 - UOC CARDIOLOGIA', '... - UOC NEFROLOGIA': the part that tells them apart
            common = os.path.commonprefix(names)
            cut = max(common.rfind(" - "), common.rfind(": "), common.rfind(" – "))
            if cut > 0:
                names = [n[cut + 2:].strip() or n for n in names]
        # (not the row: a row added to a block would rename the next blocks' objectives, found in review)
        names = [n or f"Blocco {i}" for i, n in enumerate(names, start=1)]
        out: dict[int, str] = {}
        for row in rows:
            k = bisect.bisect_right(starts, row) - 1
            if k >= 0:
                out[row] = names[k]
        return out

    def _total_is_a_result(self, row: int, col: int, text: str) -> bool:
        """'Totale entrate riscosse' in the indicator column with its own target is a result, not a
        totals row (found in review: it was dropped, and its objective scored 100%). A bare 'Totale',
        'Totale generale' or a total in the objective/line column stays a total."""
        roles = self.cand.roles
        if col not in (roles.get("result"), roles.get("objective") if self.cand.implicit_results else None):
            return False
        if _BARE_TOTAL.fullmatch(text):
            return False
        target_col = roles.get("target")
        return target_col is not None and bool(cell_text(self.sheet.merged_value(row, target_col)))

    def _spans_table(self, row: int, texts: dict[int, str]) -> bool:
        """Whether the row is one text in a merge across the table's columns (a section's title)."""
        if len(texts) != 1:
            return False
        merge = self.sheet.merge_at(row, min(texts))
        return merge is not None and merge[0] == row and merge[1] <= self._span[0] and merge[3] >= self._span[1]

    def _banner(self, row: int) -> str | None:
        """The text of a row that is a section's title (not a note), else None."""
        texts = self._texts(row)
        if not self._spans_table(row, texts):
            return None
        text = texts[min(texts)]
        return None if _NOTE.match(fold(text)) or _FOOTNOTE.match(fold(text)) else text

    def _first_section(self, rows: list[int]) -> None:
        """A table in blocks ('SETTORE 1 - ...', header, rows, 'SETTORE 2 - ...', header, rows): the
        first block's title sits above the header. When a title of the same shape comes inside the
        table, the one right above the header is the first section (found in a trial: the first
        Settore's objectives had no line, and the second Settore was line 1)."""
        above = None
        for row in range(self.cand.top - 1, max(0, self.cand.top - 4), -1):
            if self._texts(row):
                above = row if self._banner(row) is not None else None
                break
        first = next((row for row in rows if self._texts(row)), None)
        if above is None or first is None or self._banner(first) is not None:
            return  # a document's title, when the table opens with its own first section
        # a block's title inside the table has rows of the table after it (a footer under the table,
        # 'Approvato con deliberazione ...', does not; found in review)
        last_row = max((row for row in rows if len(self._texts(row)) >= 2), default=0)
        if not any(self._banner(row) is not None for row in rows if row < last_row):
            return
        text = self._banner(above)
        assert text is not None
        self._section(above, text)

    def _section(self, row: int, text: str) -> None:
        """A title across the whole table ('Consumo di risorse e costi'): the strategic line of the
        objectives below it, when the table has no line column."""
        if "line" in self.cand.roles:
            return
        loc = _location(self.sheet, row, min(self.cand.roles.values()))
        code = str(len(self.plan.lines) + 1)
        self.plan.lines[code] = Line(code, clean(text), loc)
        self._lines = [code]
        self._line_text = text

    def _cell(self, row: int, role: str):
        col = self.cand.roles.get(role)
        if col is None:
            return None, None
        cell, col, merge, _ = self._role_cell(row, role, col)
        return cell, _location(self.sheet, row, col, merge)

    def _role_cell(self, row: int, role: str, col: int):
        """(cell, column, merge, the revised cell left unrevised: (A1, what it holds) or None) of a role on a
        row: the revised column's cell, or the one before where the revised cell is empty or says it is
        unchanged ('-', '=', 'invariato', a formula showing ''): layout.resolve_revised."""
        cells, merge_at = self.sheet.cells, self.sheet.merge_at
        merge = merge_at(row, col)
        at = (row, col) if merge is None else (merge[0], merge[1])
        cell = cells.get(at)
        before = self.cand.before_revision.get(role)
        if before is None or (cell is not None and not says_unchanged(cell.value)):
            return cell, col, merge, None
        left = (a1(*at), cell.value if cell is not None else None)
        merge = merge_at(row, before)
        return cells.get((row, before) if merge is None else (merge[0], merge[1])), before, merge, left

    def _is_continuation(self, row: int, role: str) -> bool:
        col = self.cand.roles.get(role)
        merge = self.sheet.merge_at(row, col) if col else None
        return merge is not None and merge[0] != row

    def _read_row(self, row: int) -> bool:
        obj_cell, obj_loc = self._cell(row, "objective")
        res_cell, res_loc = self._cell(row, "result")
        code_cell, _ = self._cell(row, "objective_code")
        obj_text = cell_text(obj_cell.value) if obj_cell else ""
        obj_code = cell_text(code_cell.value) if code_cell else ""
        res_text = "" if self._is_continuation(row, "result") else (cell_text(res_cell.value) if res_cell else "")
        line_cell, line_loc = self._cell(row, "line")
        line_text = cell_text(line_cell.value) if line_cell else ""
        # a row with a target or an actual and a blank objective cell is one more result of the
        # objective above, as a merged cell would say (found in review: it was skipped)
        implicit = self.cand.implicit_results and (obj_text or obj_code or self._objective is not None) \
            and self._has_values(row)
        if not obj_text and not res_text and not implicit and not (obj_code and not self._is_continuation(
                row, "objective_code")):
            return False
        self._check_formula(obj_cell, obj_loc)
        self._check_formula(res_cell, res_loc)
        if line_text and line_text != self._line_text:  # a merged line cell repeats on every row
            self._lines = self._read_lines(line_text, line_loc)
            self._line_text = line_text
        if obj_text or obj_code:
            owner = None
            if self._per_owner:
                owner_cell, _ = self._cell(row, "owner")
                owner = clean(cell_text(owner_cell.value)) if owner_cell is not None else self._block_of.get(row)
            self._enter_objective(obj_text or obj_code, obj_loc or self._cell(row, "objective_code")[1],
                                  code=obj_code or None, owner=owner)
            # a weight beside objectives that have no results to weigh is the objective's own
            # ... and so is the weight on an objective's own row with its results on the rows below ('1.
            # Appropriatezza | | 60', then 'a) % parti cesarei' with no weight: found in a trial of ASL budget
            # sheets, the objectives' 60 and 40 were dropped and the objectives weighed alike)
            weight_role = "weight" if "objective_weight" not in self.cand.roles and (
                self.cand.objectives_only or (not res_text and not implicit and "result" in self.cand.roles)) \
                else "objective_weight"
            weight_cell, weight_loc = self._cell(row, weight_role)
            if weight_cell is not None:
                self._check_formula(weight_cell, weight_loc)  # a stale formula says so (found in review)
            if weight_cell is not None and self._objective is not None and self._objective.weight_value is None \
                    and weight_cell.value is not None:
                self._objective.weight_value = Value(weight_cell.value, weight_loc, weight_cell.number_format)
        if self._objective is None:
            self.findings.append(error(
                "risultato-senza-obiettivo",
                f"Il risultato '{res_text[:60]}' non ha un obiettivo sopra di sé: scrivere l'obiettivo nella "
                f"colonna '{self.cand.headers[self.cand.roles['objective']]}' della stessa riga o di una riga "
                "precedente.", res_loc))
            return True
        row_year = self._row_year(row)
        if row_year is not None and self.year is not None and row_year != self.year:
            self._other_years.setdefault(row_year, []).append(row)
            return True  # another year's row of the same objective: its target is not this year's
        if row_year is not None and not res_text and res_cell is not None and self._is_continuation(row, "result"):
            res_text = cell_text(res_cell.value)  # the indicator merged over its years' rows
        self._read_individuals(row)
        if (res_text or implicit) and (not (obj_text or obj_code) or ("line" in self.cand.roles and not line_text)):
            self._filled_down.append(row)
        if res_text:
            self._read_results(row, res_text, res_loc)
        elif implicit:
            self._implicit_result(row)
        return True

    def _withdrawn_marks(self) -> None:
        """Result.withdrawn: a note, the office's own status column ('Stato'), the indicator's or the
        objective's title that says the result is withdrawn or not assessed ('obiettivo stralciato',
        'Neutralizzato', '... - STRALCIATO'); the computation asks about it (found in three trials: scored
        as if nothing were written, '2 su 3' for the office's '2 su 2', exit 0)."""
        sheet = self.sheet
        ours = set(self.cand.owned.values()) | set(self.cand.broken_owned.values())  # ('Stato raggiungimento')
        own_headers = {fold(h) for h in OWNED_HEADERS}  # (one of them left alone, a last year's: found in review)
        status_cols = [col for col, header in self.cand.headers.items()
                       if fold(clean(header)).startswith("stato") and col not in self.cand.roles.values()
                       and col not in ours and fold(clean(header)) not in own_headers]
        for result in self.plan.results.values():
            note = result.values.get("note")
            found: tuple[Location, str, str] | None = None
            said_in_note = withdrawn_word(note.raw, NOTE) if note is not None and isinstance(note.raw, str) else None
            if note is not None and said_in_note:
                found = (note.location, str(note.raw), said_in_note)
            for col in status_cols:
                merge = sheet.merge_at(result.row, col)
                cell = sheet.cell(*(merge[:2] if merge else (result.row, col)))
                # what it says decides whether the result is asked: watched by the written formulas (review)
                result.watch[a1(*(merge[:2] if merge else (result.row, col)))] = cell.value if cell is not None else None
                said = cell.value if cell is not None and isinstance(cell.value, str) else None
                if found is not None:
                    continue
                word = withdrawn_word(said) if said is not None else None
                if said is not None and word:
                    found = (_location(sheet, result.row, col, merge), said, word)
                    break
            if found is None and sheet.struck:  # struck through, in whole or in part (found in three trials)
                for role in ("result", "objective", "target", "actual", "line"):
                    at_col = self.cand.roles.get(role)
                    if at_col is None:
                        continue
                    merge = sheet.merge_at(result.row, at_col)
                    at = (merge[0], merge[1]) if merge else (result.row, at_col)
                    if at in sheet.struck:
                        cell = sheet.cell(*at)
                        found = (_location(sheet, result.row, at_col, merge), cell_text(cell.value) if cell else "",
                                 STRUCK)
                        break
            for role in ("target", "actual", "weight", "deadline") if sheet.comments else ():
                value = result.values.get(role)
                noted = parse_a1(value.location.cell) if value is not None and value.location.cell else None
                note_text = sheet.comments.get(noted) if noted is not None and value is not None \
                    and value.location.sheet == sheet.name else None
                if not note_text or value is None:
                    continue
                word = withdrawn_word(note_text, NOTE)
                if word and found is None:
                    found = (value.location, note_text, word)
                elif not word and (revision_word(note_text) or _VALUE_NOTE.search(fold(note_text))):
                    # 'target rivisto: 75% (DGC n. 120)' in a note on the cell: read the cell, say the note
                    shown = " ".join(note_text.split())
                    self.findings.append(warning(
                        "commento-sul-valore",
                        f"La cella {value.location.cell} del risultato {result.code} ha un commento ('{shown[:80]}"
                        f"{'…' if len(shown) > 80 else ''}'): piano-xlsx legge la cella ('{cell_text(value.raw)[:40]}'), "
                        "non il commento. Se il valore è cambiato, scriverlo nella cella.", value.location))
            objective = self.plan.objectives.get(result.objective)
            titles = [(result.location, result.cell_text)] + ([(objective.location, objective.text)] if objective else [])
            for where, title in titles if found is None else ():
                mark = marked_withdrawn(title)
                if mark:
                    found = (where, title, mark)
                    break
            result.withdrawn = found

    def _report_hidden_rows(self) -> None:
        """Results on rows the sheet hides are read and count: said, never silent (found in a trial of ASL
        sheets: an objective the office withdrew and hid was scored, '2 su 4' for the office's '2 su 3')."""
        hidden = self.sheet.hidden_rows
        if not hidden:
            return
        results = [r for r in self.plan.results.values() if r.row in hidden]
        if not results:
            return
        rows = sorted({r.row for r in results})
        shown = ", ".join(map(str, rows[:10])) + (", ..." if len(rows) > 10 else "")
        codes = ", ".join(r.code for r in results[:10]) + (", ..." if len(results) > 10 else "")
        if len(rows) == 1:
            said = (f"La riga {shown} del foglio è nascosta ma è letta come parte del piano (risultato"
                    f"{'' if len(results) == 1 else 'i'} {codes}) e conta nel risultato dell'ente. Se è di un obiettivo "
                    "stralciato, toglierla dalla tabella o spostarla in un altro foglio; se deve contare, nulla da fare.")
        else:
            said = (f"Le righe {shown} del foglio sono nascoste ma sono lette come parte del piano (risultati {codes}) "
                    "e contano nel risultato dell'ente. Se sono di obiettivi stralciati, toglierle dalla tabella o "
                    "spostarle in un altro foglio; se devono contare, nulla da fare.")
        self.findings.append(warning("righe-nascoste", said,
                                     _location(self.sheet, rows[0], min(self.cand.roles.values()))))

    def _row_year(self, row: int) -> int | None:
        """The year in the row's 'Anno' column (a number or text like '2024'), else None."""
        cell, _ = self._cell(row, "year")
        text = cell_text(cell.value) if cell is not None else ""
        m = re.fullmatch(r"((?:19|20)\d{2})(?:\.0)?", text.strip())
        if m is None:
            return None
        year = int(m.group(1))
        self._years_seen.add(year)
        return year

    def _report_years(self) -> None:
        col = self.cand.roles.get("year")
        if col is None:
            return
        header = self.cand.headers.get(col, "")
        at = _location(self.sheet, self.cand.bottom, col)
        if self._other_years:
            years = ", ".join(f"{y} ({len(rows)})" for y, rows in sorted(self._other_years.items()))
            self.findings.append(warning(
                "righe-di-altri-anni",
                f"Le righe di altri anni nella colonna '{header}' non sono lette come risultati del {self.year}: "
                f"{years} righe. Se l'anno del piano è un altro, indicarlo nel foglio 'Impostazioni' alla voce "
                "'Anno del piano'.", at))
        elif self.year is None and len(self._years_seen) > 1:
            self.findings.append(error(
                "anno-della-riga-ambiguo",
                f"La colonna '{header}' ha righe di più anni ({', '.join(map(str, sorted(self._years_seen)))}) ma "
                "l'anno del piano non è indicato: ogni riga è letta come un risultato, anche quelle degli altri "
                "anni. Scrivere l'anno nel foglio 'Impostazioni' alla voce 'Anno del piano'.", at))

    def _has_values(self, row: int) -> bool:
        for role in ("target", "actual", "published"):
            cell, _ = self._cell(row, role)
            if cell is not None and cell_text(cell.value):
                return True
        return False

    def _implicit_result(self, row: int) -> None:
        """A table without a result column: the objective of the row is measured by the row's
        target and actual, as one result of its own ('<objective>.1')."""
        objective = self._objective
        assert objective is not None  # _read_row reads a row's results only under an objective
        k = len(objective.results) + 1
        code = f"{objective.code}.{k}"
        while code in self.plan.results:
            k += 1
            code = f"{objective.code}.{k}"
        result = Result(code=code, text=objective.title or objective.text, objective=objective.code,
                        location=objective.location, row=row, cell_text=objective.text, code_generated=True)
        self._attach_values(row, [result])
        self._register(result, result.location)

    # -- lines and objectives
    def _read_lines(self, text: str, loc: Location) -> list[str]:
        codes = []
        header = fold(self.cand.headers.get(self.cand.roles.get("line", 0), ""))
        lines = parse_lines(text, lists=not ("missione" in header and "programma" in header))
        for m in _LINE_DASH.finditer(text):
            prefix, low, high = m.group(1), m.group(2), m.group(3)
            first, last = prefix + low, prefix + high
            if int(high) - int(low) > 1 and (first, "") in lines and (last, "") in lines:
                every = ", ".join(prefix + str(n) for n in range(int(low), int(high) + 1))
                self.findings.append(warning(
                    "linee-con-trattino",
                    f"La cella delle linee strategiche '{clean(text)[:60]}' è letta come le linee {first} e {last}. "
                    f"Se vuol dire dalla {first} alla {last}, scriverle tutte ('{every}').", loc))
                break
        self._listed_lines.update(code for code, title in lines if not title or title == code)
        for code, title in lines:
            line = self.plan.lines.get(code)
            if line is None:
                self.plan.lines[code] = Line(code, title or f"Linea {code}", loc)
            elif title and (not line.title or line.title == f"Linea {code}"):
                line.title = title
            codes.append(code)
        return codes

    def _enter_objective(self, text: str, loc: Location, code: str | None = None, owner: str | None = None) -> None:
        """The objective a row is under; with `owner` (a table giving the same objectives to several
        owners, _objectives_per_owner) the owner's own, coded with the owner's name ('UOC Cardiologia 1')."""
        if owner:
            head, _ = _split_objective(text)
            number = code or split_code(head, objective=True)[0]
            if number is None:  # the owner's objectives in their order, each once (found in review: one per row)
                mine = self._owner_objectives.setdefault(fold(owner), [])
                if fold(text) not in mine:
                    mine.append(fold(text))
                number = str(mine.index(fold(text)) + 1)
            code = f"{owner} {number}"
        if self._objective is not None and text == self._objective.text and code in (None, self._objective.code):
            return  # same objective: merged, or repeated on every row
        key = (loc.range or loc.cell, fold(text), code)
        if self._objective is not None and code in (None, self._objective.code) and (
                key == self._objective_key or key[1] == fold(self._objective.text)):
            return
        self._objective_key = key
        head, outcome = _split_objective(text)
        written, title = split_code(head, objective=True)
        if code is None:
            code = written
        elif written is None or written == code:
            title = head if written is None else title
        if code is None and self._pending_code is not None:
            code, title = self._pending_code, head  # the number was in the header: "Obiettivo n. 2"
        self._pending_code = None
        generated = code is None
        if code is None:
            self._generated += 1
            code = f"O{self._generated}"
            title = head
        renamed = self._renamed.get((code, _words(text)))
        if renamed is not None:  # the objective under a taken number, on its next row (found in review)
            code = renamed
        objective = self.plan.objectives.get(code)
        if objective is not None and _words(objective.text) != _words(text):
            # another objective under a number taken: an error, and an objective of its own all the same,
            # so that its results are not scored as the first one's (found in a trial: objectives numbered
            # again for each Direzione, the Trasporti results counted in the Sanità objectives)
            again = (" Se la numerazione riparte per ogni direzione o settore, mettere nel numero anche la sua sigla "
                     "(es. 'SAN.1', 'TRA.1').")
            self.findings.append(error(
                "codice-duplicato",
                f"Il codice di obiettivo {code} è usato due volte ({objective.location.cell} e {loc.cell}) "
                f"per testi diversi: dare a ciascun obiettivo un numero suo.{again} Finché è doppio, il secondo "
                f"è indicato come {code} ({loc.cell}).", loc))
            self._renamed[(code, _words(text))] = f"{code} ({loc.cell})"
            code = f"{code} ({loc.cell})"
            objective = self.plan.objectives.get(code)
        if objective is not None:
            self._objective = objective
        else:
            objective = Objective(code=code, title=clean(title), text=text, location=loc, outcome=outcome,
                                  code_generated=generated)
            self.plan.objectives[code] = objective
            self._objective = objective
        for line in self._lines:
            if line not in objective.lines:
                objective.lines.append(line)

    # -- individual objectives (Segretario Generale, dirigenti) in the table's columns
    def _read_individuals(self, row: int) -> None:
        objective = self._objective
        assert objective is not None  # _read_row reads a row's individual objectives only under an objective
        for person, cols in self.cand.individual.items():
            col = cols[0]
            merge = self.sheet.merge_at(row, col)
            top = (merge[0], merge[1]) if merge else (row, col)
            text = cell_text(self.sheet.value(*top))
            if not text:
                continue
            if self._marks_objective(person, top, objective):
                continue
            key = (person, *top)
            ind = self._individual_cells.get(key)
            if ind is None and merge is None and self._last_text_row.get((person, text)) == row - 1:
                # the same objective written again on the next rows instead of merged over them is the same
                # objective, as merged cells are (found in a trial: counted once per row, 77,5% for 55%); the
                # same words further down are another objective (found in review)
                ind = self._individual_texts.get((person, text))
            self._last_text_row[(person, text)] = top[0] if merge else row
            if ind is None:
                head, outcome = _split_objective(text)
                code, title = split_code(head, objective=True)
                n = sum(1 for i in self.plan.individuals if i.person == person) + 1
                params = None
                if len(cols) > 1:
                    pm = self.sheet.merge_at(row, cols[1])
                    params = cell_text(self.sheet.value(pm[0], pm[1]) if pm else self.sheet.value(row, cols[1])) or None
                ind = IndividualObjective(person=person, code=code or str(n), title=clean(title), text=text,
                                          location=_location(self.sheet, row, col), parameters=params,
                                          weight=self._individual_weight(person, top[0]))
                self.plan.individuals.append(ind)
                self._individual_cells[key] = ind
                self._individual_texts.setdefault((person, text), ind)
            if objective.code not in ind.objectives:
                ind.objectives.append(objective.code)
                ind.link_weights.append(None)

    def _marks_objective(self, person: str, at: tuple[int, int], objective: Objective) -> bool:
        """A person's column holding a weight ('85', '85%') or a mark ('X') on the row of an entity
        objective: that objective is the person's, with that weight (found in a trial: the weights
        were read as objectives titled '85', weighed equally). False for the text of an objective."""
        cell = self.sheet.cell(*at)
        raw = cell.value if cell is not None else None
        if isinstance(raw, str) and fold(raw).strip() in _NO_MARKS:
            return True  # 'no', '-': not the person's (found in review: read as an objective named 'no')
        if isinstance(raw, str) and fold(raw).strip() in _MARKS:
            weight = None
        else:
            if isinstance(raw, bool) or not (isinstance(raw, (int, float)) or (
                    isinstance(raw, str) and PERSON_WEIGHT.fullmatch(raw.strip()))):
                return False
            reading = read_weight(Value(raw, _location(self.sheet, *at), cell.number_format if cell else None),
                                  person, whose=f"di {person} per l'obiettivo {objective.code}")
            self.findings.extend(reading.findings)
            weight = reading.value
        key = (person, "obiettivo", objective.code)
        if key not in self._individual_texts:
            ind = IndividualObjective(person=person, code=objective.code, title=objective.title, text=objective.text,
                                      location=_location(self.sheet, *at), objectives=[objective.code],
                                      link_weights=[None], weight=weight)
            self.plan.individuals.append(ind)
            self._individual_texts[key] = ind
            self._marked.append((ind, cell_text(raw)))
        return True

    def _settle_marks(self) -> None:
        """A person's column of numbers is weights when they make a whole (5, 5, 5, 85); else they are the
        numbers of the person's objectives (1, 2, 3: found in review, refused as weights summing to 10):
        one objective per number, linked to the entity objectives it stands beside, weighed equally."""
        by_person: dict[str, list[tuple[IndividualObjective, str]]] = {}
        for ind, mark in self._marked:
            by_person.setdefault(ind.person, []).append((ind, mark))
        for person, marked in by_person.items():
            weights = [i.weight for i, _ in marked if i.weight is not None]
            if not weights or sums_to_whole(sum(weights)):
                continue
            if 1 not in weights or not all(float(w).is_integer() and 1 <= w <= max(9, 2 * len(marked)) for w in weights):
                # numbered from 1 ('1', '3': objective 2 outside the plan) they are the person's objectives; 2, 3, 5
                # could be either (weights of 10?): read as weights, said by pesi-somma (found in review: taken as
                # objective numbers, 76,67%)
                # 60, 10, 10 (the rest of the scheda is behaviours) are weights that do not make a whole,
                # said as such (pesi-somma), not objectives '60' and '10' (found in a trial: 82,5% with exit 0)
                continue
            merged: dict[str, IndividualObjective] = {}
            for ind, number in marked:
                first = merged.get(number)
                if first is None:
                    merged[number] = ind
                    ind.code, ind.title, ind.text, ind.weight = number, f"Obiettivo {number}", number, None
                else:
                    first.objectives.extend(c for c in ind.objectives if c not in first.objectives)
                    first.link_weights = [None] * len(first.objectives)
                    self.plan.individuals.remove(ind)

    def _individual_weight(self, person: str, row: int) -> float | None:
        """The weight of a person's objective from the 'Peso' column under their name ('SEGRETARIO
        GENERALE / Peso %'), read as any weight is (found in a trial: the column was another person)."""
        col = self.cand.individual_weights.get(person)
        if col is None:
            return None
        merge = self.sheet.merge_at(row, col)
        at = (merge[0], merge[1]) if merge else (row, col)
        cell = self.sheet.cell(*at)
        if cell is None or cell.value is None or cell_text(cell.value) == "":
            return None
        reading = read_weight(Value(cell.value, _location(self.sheet, *at), cell.number_format, cell.formula),
                              person, whose=f"dell'obiettivo individuale di {person}")
        self.findings.extend(reading.findings)
        return reading.value

    # -- results
    def _read_results(self, row: int, text: str, loc: Location) -> None:
        objective = self._objective
        assert objective is not None  # _read_row reads a row's results only under an objective
        code_cell, code_loc = self._cell(row, "code")
        explicit = cell_text(code_cell.value) if code_cell is not None else ""
        stacked = _stacked(text)
        if explicit and stacked and all(code is not None and code.startswith(explicit + ".") for code, _ in stacked) \
                and self._values_per_code(row, [code for code, _ in stacked if code is not None]):
            # the code cell holds the number the stacked ones share ('2' beside '2.1 ...' and '2.2 ...'):
            # each is a result of its own (found in a trial: one result, its targets and actuals refused)
            explicit, code_loc = "", loc
        listed = None if stacked or explicit else self._listed(row, text, loc)
        pieces: Sequence[tuple[str | None, str]]
        if stacked and not explicit:
            pieces = stacked
        elif listed:
            pieces = listed
        else:
            code, body = (explicit, text) if explicit else split_code(text)
            pieces = [(code, text)]
        results = []
        for code, body in pieces:
            generated = code is None
            if code is None:
                k = len(objective.results) + 1
                code = f"{objective.code}.{k}"
                while code in self.plan.results:
                    k += 1
                    code = f"{objective.code}.{k}"
            result = Result(code=code, text=body, objective=objective.code, location=loc, row=row,
                            cell_text=text, stacked=len(pieces) > 1, code_generated=generated)
            results.append(result)
        self._attach_values(row, results)
        for result in results:
            # a code cell merged over several rows gives them all its code: point at this row's result
            self._register(result, code_loc if explicit and not code_loc.range else result.location)

    def _values_per_code(self, row: int, codes: list[str]) -> bool:
        """Whether the row's target or actual gives a value for each code ('2.1: almeno 8')."""
        for role in ("target", "actual"):
            cell, _ = self._cell(row, role)
            raw = cell.value if cell is not None else None
            if isinstance(raw, str) and all(re.search(rf"(?<![\w.]){re.escape(code)}\s*[:=)]", raw) for code in codes):
                return True
        return False

    def _listed(self, row: int, text: str, loc: Location) -> list[tuple[str, str]] | None:
        """Several indicators listed in one cell without codes ('a) ... b) ...', '1) ... 2) ...',
        bullets): separate results when the row's target and actual cells list as many parts, so
        each has its own; otherwise one result, and a finding says why."""
        items = _list_items(text)
        if items is None:
            return None
        counts = {}
        for role in ("target", "actual"):
            cell, _ = self._cell(row, role)
            raw = cell.value if cell is not None else None
            parts = _list_items(raw) if isinstance(raw, str) else None
            counts[role] = len(parts) if parts else (0 if raw is None or not cell_text(raw) else 1)
        if all(n == len(items) for n in counts.values()):
            assert self._objective is not None  # called by _read_results, under an objective
            base = self._objective.code
            return [(f"{base}.{marker}", body) for marker, body in items]
        self.findings.append(warning(
            "risultati-in-una-cella",
            f"La cella elenca {len(items)} indicatori ({', '.join(m + ')' for m, _ in items)}) ma il target e il "
            f"consuntivo della riga non ne hanno uno per ciascuno (target: {counts['target']}, consuntivo: "
            f"{counts['actual']}): viene letta come un solo risultato. Per valutarli uno per uno, scrivere target e "
            "consuntivo elencati allo stesso modo, o mettere ogni indicatore su una riga sua.", loc))
        return None

    def _attach_values(self, row: int, results: list[Result]) -> None:
        sheet = self.sheet
        cells, merge_at = sheet.cells, sheet.merge_at
        single = results[0] if len(results) == 1 else None
        before = self.cand.before_revision
        for role, col in self._value_columns:
            cell, col, merge, left = self._role_cell(row, role, col)
            if left is not None and single is not None:  # typed in later, the revised cell decides: watched
                single.watch[left[0]] = left[1]
            if cell is None or (cell.value is None and cell.formula is None):
                continue
            loc = _location(sheet, row, col, merge)
            if cell.error or not cell.cached:
                self._check_formula(cell, loc)
            if single is not None:
                single.values[role] = Value(cell.value, loc, cell.number_format, cell.formula)
                continue
            self._attach_stacked(role, cell, loc, results)
            unchanged = [r for r in results if role in before and role in r.values and says_unchanged(r.values[role].raw)]
            if unchanged:
                # a line of a stacked revised cell saying it is unchanged ('2.1: -'): that result's line of the cell
                # before (found in review: '-' read as 'target non definito', the result left out)
                kept = {r.code: r.values.get(role) for r in results if r not in unchanged}
                b_merge = merge_at(row, before[role])
                b_cell = cells.get((row, before[role]) if b_merge is None else (b_merge[0], b_merge[1]))
                for r in unchanged:
                    del r.values[role]
                if b_cell is not None and b_cell.value is not None:
                    self._attach_stacked(role, b_cell, _location(sheet, row, before[role], b_merge), results)
                for r in results:
                    revised = kept.get(r.code)
                    if revised is not None:
                        r.values[role] = revised  # (the revised lines stay as read)
        if single is not None:
            for col in self.cand.earlier_actuals:
                merge = merge_at(row, col)
                cell = cells.get((row, col) if merge is None else (merge[0], merge[1]))
                if cell is not None and cell.value is not None and cell_text(cell.value):
                    single.earlier_actuals.append(Value(cell.value, _location(sheet, row, col, merge),
                                                        cell.number_format, cell.formula))

    def _attach_stacked(self, role: str, cell, loc: Location, results: list[Result]) -> None:
        """One cell for several results stacked in one row: a value per result ("1.1: 5"), one
        value for all of them, or (for what cannot be shared) one value for the only leaf."""
        codes = [r.code for r in results]

        def value(raw, split=False):
            return Value(raw, loc, cell.number_format, cell.formula, from_split=split,
                         cell_raw=cell.value if split else None)
        split = _per_result(cell.value, codes)
        if split is not None:
            for r in results:
                if split.get(r.code) is _TWICE:
                    self.findings.append(error(
                        "valore-ripetuto",
                        f"Nella cella il codice {r.code} ha due valori: lasciarne uno. Finché sono due, il "
                        f"risultato {r.code} resta senza questo valore.", loc))
                elif r.code in split:
                    r.values[role] = value(split[r.code], True)
        elif role in SINGLE_VALUE_AMBIGUOUS:
            leaves = [r for r in results if not any(o.code != r.code and o.code.startswith(r.code + ".")
                                                    for o in results)]
            if len(leaves) == 1:
                leaves[0].values[role] = value(cell.value)
            else:
                self.findings.append(warning(
                    "valore-ambiguo",
                    f"La cella ha un solo valore per {len(results)} risultati impilati "
                    f"({', '.join(codes)}): scrivere un valore per riga preceduto dal codice, es. "
                    f"'{codes[-1]}: ...', oppure mettere ogni risultato su una riga sua.", loc))
        else:
            for r in results:
                r.values[role] = value(cell.value)

    def _register(self, result: Result, code_at: Location) -> None:
        """`code_at`: where the code is written (the code column's cell, or the result's own)."""
        existing = self.plan.results.get(result.code)
        self._result_locations.setdefault(result.code, []).append(result.location)
        if existing is not None:
            self.plan.duplicate_rows.setdefault(result.objective, []).append(result)
            first = self._code_locations.get(result.code, existing.location)
            self.findings.append(error(
                "codice-duplicato",
                f"Il codice {result.code} compare due volte (anche in {first.cell}): ogni risultato "
                "deve avere un codice suo. Correggere la numerazione; finché c'è il doppione, il risultato di "
                "questa riga non viene calcolato.", code_at))
            return
        self.plan.results[result.code] = result
        self._code_locations[result.code] = code_at

    def _link_hierarchy(self) -> None:
        plan = self.plan
        for result in plan.results.values():
            objective = plan.objectives[result.objective]
            parent = None
            if not result.code_generated:
                for candidate in parent_candidates(result.code):
                    other = plan.results.get(candidate)
                    if other is not None and other.objective == result.objective:
                        parent = other
                        break
                dotted = result.code.count(".") >= 2 and result.code.replace(".", "").isdigit()
                # '1.1.1' under the objective '1.1' is its result, as Camere di commercio number them
                # (found in a trial: a whole plan refused)
                if parent is None and dotted and parent_candidates(result.code)[0] != objective.code:
                    self.findings.append(error(
                        "sotto-risultato-senza-padre",
                        f"Il risultato {result.code} è un sotto-risultato, ma il risultato "
                        f"{parent_candidates(result.code)[0]} non c'è sotto l'obiettivo {objective.code}: "
                        "aggiungere il risultato padre o correggere il codice.", result.location))
                if (result.code[0].isdigit() and not objective.code_generated and objective.code.isdigit()
                        and first_segment(result.code) != objective.code):
                    self.findings.append(error(
                        "codice-fuori-obiettivo",
                        f"Il risultato {result.code} è sotto l'obiettivo {objective.code}, ma il suo codice "
                        f"indica l'obiettivo {first_segment(result.code)}: spostare il risultato o correggerne il "
                        "codice.", result.location))
            if parent is not None:
                result.parent = parent.code
                parent.children.append(result.code)
            else:
                objective.results.append(result.code)

    def _check_formula(self, cell, loc: Location | None) -> None:
        problem = cell_problem(cell, loc) if loc is not None else None
        if problem is not None:
            self.findings.append(problem)


_MARKS = PERSON_MARKS
_NO_MARKS = {"no", "-", "–", "—", "n"}  # ... or saying it is not


def read_table(workbook: Workbook, plan: Plan, *, year: int | None, skip_sheets: Iterable[str] = (),
               period: str | None = None) -> list[Finding]:
    candidate, findings = find_table(workbook, year=year, skip_sheets=skip_sheets, period=period)
    if candidate is None:
        return findings
    if year is None and candidate.year is not None:
        # the plan's year, read from what the workbook says: said, so that a wrong guess is seen
        year = candidate.year
        plan.profile = replace(plan.profile, anno=year)
        findings.append(warning(
            "anno-dedotto",
            f"L'anno del piano non è nel foglio 'Impostazioni': viene letto {year}, come dice "
            f"{candidate.year_source}. "
            "Se non è giusto, scriverlo nel foglio 'Impostazioni' alla voce 'Anno del piano'.",
            Location(candidate.sheet.name, a1(candidate.bottom, 1))))
    reader = TableReader(plan, candidate, year)
    plan.table = reader.read()
    findings.extend(reader.findings)
    if not plan.objectives:
        findings.append(error(
            "tabella-vuota",
            f"La tabella del foglio '{candidate.sheet.name}' non contiene obiettivi sotto l'intestazione "
            f"(riga {candidate.bottom}): compilare almeno un obiettivo con i suoi risultati.",
            Location(candidate.sheet.name, a1(candidate.bottom + 1, candidate.roles['objective']))))
    return findings


__all__ = ["find_table", "read_table", "parse_lines", "normalise_header"]
