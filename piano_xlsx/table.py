"""Find and read the linkage table (tabella di collegamento) in any sheet.

The table is found by its header row, not by position: the row (or pair of rows, when
a merged group header spans columns) whose cells name the most known column roles,
among which the objective and the result. Below it, each row is read the way a person
reads it: a line or objective cell merged over its results, repeated on every row or
left blank below the first row means the same; a result cell holding several results,
one per line, each starting with its code, gives several results.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .codes import first_segment, parent_candidates, split_code
from .columns import ROLE_BY_ID, accepted_wordings, is_individual_header, match_role, normalise_header
from .findings import Finding, Location, cell_problem, error, warning
from .model import IndividualObjective, Line, Objective, Plan, Result, TableInfo, Value
from .text import cell_text, clean, fold
from .xlsx.refs import a1, col_letter, range_a1

HEADER_SCAN_ROWS = 40
REQUIRED = ("objective", "result")
# roles whose cell may hold one line per stacked result
PER_RESULT_ROLES = ("code", "formula", "target", "unit", "weight", "owner", "deadline", "actual",
                    "baseline", "series", "override", "override_note", "note")
# roles where one value for several stacked results is ambiguous
SINGLE_VALUE_AMBIGUOUS = ("actual", "weight", "override", "override_note", "code")


_LOOK_UP = object()


def _location(sheet, row: int, col: int, merge=_LOOK_UP) -> Location:
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


# --------------------------------------------------------------------------- header


class _HeaderCandidate:
    def __init__(self, sheet, top: int, bottom: int, roles: dict[str, int], headers: dict[int, str],
                 individual: dict[str, list[int]], duplicates: list[tuple[str, int, int]],
                 owned: dict[str, int] | None = None):
        self.owned = owned or {}
        self.sheet = sheet
        self.top = top
        self.bottom = bottom
        self.roles = roles
        self.headers = headers
        self.individual = individual
        self.duplicates = duplicates

    @property
    def score(self) -> int:
        return len(self.roles) + (2 if all(r in self.roles for r in REQUIRED) else 0)


def _is_two_row_header(sheet, row: int) -> bool:
    """A header spans rows row..row+1 when a merge starting on `row` reaches row+1, or when
    a horizontal merge on `row` has sub-headers under it and nothing else is below."""
    horizontal: list[tuple[int, int]] = []
    for merge in sheet.merges:
        if merge[0] == row:
            if merge[2] >= row + 1 and merge[1] == merge[3]:
                return True
            if merge[3] > merge[1]:
                horizontal.append((merge[1], merge[3]))
    if not horizontal:
        return False
    below = [c for c in range(1, sheet.max_col + 1) if cell_text(sheet.value(row + 1, c))]
    if not below:
        return False
    return all(any(lo <= c <= hi for lo, hi in horizontal) for c in below)


def _person_name(texts: list[str]) -> str:
    """The person an individual-objective column belongs to, from its header texts."""
    for text in reversed(texts):
        folded = fold(text)
        if not folded or folded.startswith("obiettivi e risultati attesi"):
            continue
        name = re.sub(r"(?i)^obiettiv[oi]\s+individual[ei]\s*[-–:]?\s*", "", clean(text))
        name = re.sub(r"\s+", " ", name).strip(" -–:")
        if name:
            return name.title() if name.isupper() else name
    return "Segretario Generale"


def _candidate(sheet, row: int, year: int | None) -> _HeaderCandidate | None:
    two = row + 1 <= sheet.max_row and _is_two_row_header(sheet, row)
    bottom = row + 1 if two else row
    roles: dict[str, int] = {}
    headers: dict[int, str] = {}
    individual: dict[str, list[int]] = {}
    duplicates: list[tuple[str, int, int]] = []
    owned: dict[str, int] = {}
    for col in range(1, sheet.max_col + 1):
        texts = []
        for r in range(row, bottom + 1):
            merge = sheet.merge_at(r, col)
            if merge and merge[0] < row:
                continue
            t = cell_text(sheet.merged_value(r, col))
            if t and t not in texts:
                texts.append(t)
        if not texts:
            continue
        headers[col] = " / ".join(texts)
        if any(is_individual_header(t) for t in texts):
            individual.setdefault(_person_name(texts), []).append(col)
            continue
        role = None
        for t in reversed(texts):  # the lower (more specific) header first
            role = match_role(t)
            if role:
                break
        if role == "owned":
            owned.setdefault(normalise_header(texts[-1]), col)
            continue
        if role is None:
            continue
        if role in roles:
            previous = roles[role]
            # "Target 2018" beats "Target 2019" when the plan's year is 2018
            if year and str(year) in headers[col] and str(year) not in headers[previous]:
                roles[role] = col
            duplicates.append((role, previous, col))
            continue
        roles[role] = col
    if "result" not in roles and "actual" in roles:
        # "Obiettivo | Risultato | Target | Consuntivo": there, 'Risultato' names the result, not the actual
        col = roles["actual"]
        if normalise_header(headers[col]) in ("risultato", "risultati"):
            roles["result"] = col
            others = [c for role, first, c in duplicates if role == "actual"]
            if others:
                roles["actual"] = others[0]
                duplicates = [d for d in duplicates if d[0] != "actual"]
            else:
                del roles["actual"]
    if len(roles) + len(individual) < 2:
        return None
    return _HeaderCandidate(sheet, row, bottom, roles, headers, individual, duplicates, owned)


def find_table(workbook, *, year: int | None = None, skip_sheets=()) -> tuple[_HeaderCandidate | None, list[Finding]]:
    best: _HeaderCandidate | None = None
    for sheet in workbook.sheets:
        if sheet.kind != "worksheet" or fold(sheet.name) in skip_sheets:
            continue
        for row in range(1, min(sheet.max_row, HEADER_SCAN_ROWS) + 1):
            cand = _candidate(sheet, row, year)
            if cand and (best is None or cand.score > best.score):
                best = cand
    findings: list[Finding] = []
    if best is None or not any(r in best.roles for r in REQUIRED):
        findings.append(error(
            "tabella-non-trovata",
            "Nessun foglio contiene la tabella di collegamento: serve una riga di intestazione con "
            "almeno la colonna dell'obiettivo (intestazioni accettate: "
            f"{accepted_wordings('objective')}) e quella dei risultati (intestazioni accettate: "
            f"{accepted_wordings('result')}). Aggiungere o rinominare le intestazioni, oppure partire dal "
            "modello: piano-xlsx modello -o modello.xlsx."))
        return None, findings
    for role in REQUIRED:
        if role not in best.roles:
            findings.append(error(
                "colonna-mancante",
                f"Nella tabella del foglio '{best.sheet.name}' (intestazione alla riga {best.top}) manca la "
                f"colonna '{ROLE_BY_ID[role].header}'. Intestazioni accettate: {accepted_wordings(role)}.",
                Location(best.sheet.name, a1(best.top, 1))))
    for role, first, second in best.duplicates:
        kept = best.roles[role]
        other = second if kept == first else first
        findings.append(warning(
            "colonna-doppia",
            f"Due colonne sembrano '{ROLE_BY_ID[role].header}': viene letta '{best.headers[kept]}' "
            f"({a1(best.top, kept)}) e ignorata '{best.headers[other]}'. Rinominare quella che non va letta.",
            Location(best.sheet.name, a1(best.top, other))))
    if findings and any(f.code == "colonna-mancante" for f in findings):
        return None, findings
    used = set(best.roles.values()) | set(best.owned.values()) | {c for cols in best.individual.values() for c in cols}
    used |= {c for _, a, b in best.duplicates for c in (a, b)}
    ignored = [c for c in sorted(best.headers) if c not in used]
    if ignored:
        names = ", ".join(f"'{best.headers[c]}' ({a1(best.bottom, c)})" for c in ignored)
        findings.append(warning(
            "colonna-ignorata",
            f"Queste colonne della tabella non corrispondono a nessuna voce nota e non vengono lette: {names}. "
            "Se una di esse è il consuntivo, il target, il peso o altro, rinominarla con un'intestazione accettata "
            "(elenco nel README o nel foglio Istruzioni del modello).",
            Location(best.sheet.name, a1(best.bottom, ignored[0]))))
    return best, findings


# --------------------------------------------------------------------------- rows


_LINE = re.compile(r"^\s*linea\s+(?P<code>[\w]+)\s*(?:[-–:.]\s*(?P<rest>.*))?$", re.IGNORECASE)


def parse_lines(text: str) -> list[tuple[str, str]]:
    """Strategic lines named in a line cell: [(code, title)].

    "Linea 1 - Pubblica Amministrazione per le imprese" -> [("1", "Pubblica ...")];
    "Linea 1 - 2" -> [("1", ""), ("2", "")]; one line per text line; text without a
    "Linea N" prefix is its own code.
    """
    out: list[tuple[str, str]] = []
    for raw_line in text.splitlines():
        line = clean(raw_line)
        if not line:
            continue
        m = _LINE.match(line)
        if not m:
            out.append((line, line))
            continue
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
        by_code[m.group(1)] = m.group(2)
    if by_code:
        return by_code
    if len(lines) == len(codes):
        return dict(zip(codes, lines))
    return None


class TableReader:
    def __init__(self, plan: Plan, candidate: _HeaderCandidate, year: int | None):
        self.plan = plan
        self.sheet = candidate.sheet
        self.cand = candidate
        self.year = year
        self.findings: list[Finding] = []
        self._objective: Objective | None = None
        self._objective_key: tuple | None = None
        self._lines: list[str] = []
        self._line_text = ""
        self._value_columns = [(role, candidate.roles[role]) for role in PER_RESULT_ROLES
                               if role != "code" and role in candidate.roles]
        self._individual_cells: dict[tuple[str, int, int], IndividualObjective] = {}
        self._generated = 0
        self._result_locations: dict[str, list[Location]] = {}
        self._code_locations: dict[str, Location] = {}  # result code -> the cell where it is written

    # -- entry point
    def read(self) -> TableInfo:
        sheet, cand = self.sheet, self.cand
        first = cand.bottom + 1
        last = first - 1
        for row in range(first, sheet.max_row + 1):
            if self._read_row(row):
                last = row
        info = TableInfo(sheet=sheet.name, header_rows=(cand.top, cand.bottom), first_data_row=first,
                         last_data_row=max(last, first - 1), columns=dict(cand.roles), headers=dict(cand.headers),
                         individual_columns={p: list(c) for p, c in cand.individual.items()},
                         owned_columns=dict(cand.owned), sheet_max_col=sheet.max_col)
        self._link_hierarchy()
        return info

    def _cell(self, row: int, role: str):
        col = self.cand.roles.get(role)
        if col is None:
            return None, None
        merge = self.sheet.merge_at(row, col)
        cell = self.sheet.cell(row, col) if merge is None else self.sheet.cell(merge[0], merge[1])
        return cell, _location(self.sheet, row, col, merge)

    def _is_continuation(self, row: int, role: str) -> bool:
        col = self.cand.roles.get(role)
        merge = self.sheet.merge_at(row, col) if col else None
        return merge is not None and merge[0] != row

    def _read_row(self, row: int) -> bool:
        obj_cell, obj_loc = self._cell(row, "objective")
        res_cell, res_loc = self._cell(row, "result")
        obj_text = cell_text(obj_cell.value) if obj_cell else ""
        res_text = "" if self._is_continuation(row, "result") else (cell_text(res_cell.value) if res_cell else "")
        line_cell, line_loc = self._cell(row, "line")
        line_text = cell_text(line_cell.value) if line_cell else ""
        if not obj_text and not res_text:
            return False
        self._check_formula(obj_cell, obj_loc)
        self._check_formula(res_cell, res_loc)
        if line_text and line_text != self._line_text:  # a merged line cell repeats on every row
            self._lines = self._read_lines(line_text, line_loc)
            self._line_text = line_text
        if obj_text:
            self._enter_objective(obj_text, obj_loc)
        if self._objective is None:
            self.findings.append(error(
                "risultato-senza-obiettivo",
                f"Il risultato '{res_text[:60]}' non ha un obiettivo sopra di sé: scrivere l'obiettivo nella "
                f"colonna '{self.cand.headers[self.cand.roles['objective']]}' della stessa riga o di una riga "
                "precedente.", res_loc))
            return True
        self._read_individuals(row)
        if res_text:
            self._read_results(row, res_text, res_loc)
        return True

    # -- lines and objectives
    def _read_lines(self, text: str, loc: Location) -> list[str]:
        codes = []
        for code, title in parse_lines(text):
            line = self.plan.lines.get(code)
            if line is None:
                self.plan.lines[code] = Line(code, title or f"Linea {code}", loc)
            elif title and (not line.title or line.title == f"Linea {code}"):
                line.title = title
            codes.append(code)
        return codes

    def _enter_objective(self, text: str, loc: Location) -> None:
        if self._objective is not None and text == self._objective.text:
            return  # same objective: merged, or repeated on every row
        key = (loc.range or loc.cell, fold(text))
        if self._objective is not None and (key == self._objective_key or key[1] == fold(self._objective.text)):
            return
        self._objective_key = key
        head, outcome = _split_objective(text)
        code, title = split_code(head, objective=True)
        generated = code is None
        if generated:
            self._generated += 1
            code = f"O{self._generated}"
            title = head
        objective = self.plan.objectives.get(code)
        if objective is not None:
            if fold(objective.text) != fold(text):
                self.findings.append(error(
                    "codice-duplicato",
                    f"Il codice di obiettivo {code} è usato due volte ({objective.location.cell} e {loc.cell}) "
                    "per testi diversi: dare a ciascun obiettivo un numero suo.", loc))
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
        for person, cols in self.cand.individual.items():
            col = cols[0]
            merge = self.sheet.merge_at(row, col)
            top = (merge[0], merge[1]) if merge else (row, col)
            text = cell_text(self.sheet.value(*top))
            if not text:
                continue
            key = (person, *top)
            ind = self._individual_cells.get(key)
            if ind is None:
                head, outcome = _split_objective(text)
                code, title = split_code(head, objective=True)
                n = sum(1 for i in self.plan.individuals if i.person == person) + 1
                params = None
                if len(cols) > 1:
                    pm = self.sheet.merge_at(row, cols[1])
                    params = cell_text(self.sheet.value(pm[0], pm[1]) if pm else self.sheet.value(row, cols[1])) or None
                ind = IndividualObjective(person=person, code=code or str(n), title=clean(title), text=text,
                                          location=_location(self.sheet, row, col), parameters=params)
                self.plan.individuals.append(ind)
                self._individual_cells[key] = ind
            if self._objective.code not in ind.objectives:
                ind.objectives.append(self._objective.code)
                ind.link_weights.append(None)

    # -- results
    def _read_results(self, row: int, text: str, loc: Location) -> None:
        code_cell, code_loc = self._cell(row, "code")
        explicit = cell_text(code_cell.value) if code_cell is not None else ""
        stacked = _stacked(text)
        if stacked and not explicit:
            pieces = stacked
        else:
            code, body = (explicit, text) if explicit else split_code(text)
            pieces = [(code, text)]
        results = []
        for code, body in pieces:
            generated = code is None
            if generated:
                k = len(self._objective.results) + 1
                code = f"{self._objective.code}.{k}"
                while code in self.plan.results:
                    k += 1
                    code = f"{self._objective.code}.{k}"
            result = Result(code=code, text=body, objective=self._objective.code, location=loc, row=row,
                            cell_text=text, stacked=len(pieces) > 1, code_generated=generated)
            results.append(result)
        self._attach_values(row, results)
        for result in results:
            # a code cell merged over several rows gives them all its code: point at this row's result
            self._register(result, code_loc if explicit and not code_loc.range else result.location)

    def _attach_values(self, row: int, results: list[Result]) -> None:
        sheet = self.sheet
        cells, merge_at = sheet.cells, sheet.merge_at
        single = results[0] if len(results) == 1 else None
        for role, col in self._value_columns:
            merge = merge_at(row, col)
            cell = cells.get((row, col) if merge is None else (merge[0], merge[1]))
            if cell is None or (cell.value is None and cell.formula is None):
                continue
            loc = _location(sheet, row, col, merge)
            if cell.error or not cell.cached:
                self._check_formula(cell, loc)
            if single is not None:
                single.values[role] = Value(cell.value, loc, cell.number_format, cell.formula)
                continue
            self._attach_stacked(role, cell, loc, results)

    def _attach_stacked(self, role: str, cell, loc: Location, results: list[Result]) -> None:
        """One cell for several results stacked in one row: a value per result ("1.1: 5"), one
        value for all of them, or (for what cannot be shared) one value for the only leaf."""
        codes = [r.code for r in results]

        def value(raw, split=False):
            return Value(raw, loc, cell.number_format, cell.formula, from_split=split)
        split = _per_result(cell.value, codes)
        if split is not None:
            for r in results:
                if r.code in split:
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
                if parent is None and dotted:
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


def read_table(workbook, plan: Plan, *, year: int | None, skip_sheets=()) -> list[Finding]:
    candidate, findings = find_table(workbook, year=year, skip_sheets=skip_sheets)
    if candidate is None:
        return findings
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
