"""Found by trying the tool on budget sheets as ASL publish them (one scheda per unità operativa,
objectives on their own rows with the weight, notes and signatures under the table) and on
universities' tables of departments' objectives: each a wrong number printed with exit code 0."""

from __future__ import annotations

import pytest

from piano_xlsx.core.compute import compute
from piano_xlsx.read.load import verify

from .conftest import table
from .test_misreadings import recalculates

YEAR = {"Impostazioni": {"cells": {(1, 1): "Anno del piano", (1, 2): 2025}}}
HEADER = ["Obiettivo di budget", "Indicatore", "Valore atteso", "Peso", "Valore raggiunto"]
UNITS = {"UOC Cardiologia": (92, 10), "UOC Nefrologia": (45, 25), "UOC Pneumologia": (95, 30)}


def _run(path, period=None):
    plan, report = verify(path)
    return plan, report, compute(plan, period=period)


def _schede(titles: bool) -> dict:
    """The three units' schede one under the other, as the altra-tabella message advises: each its
    header again (and its title above it), the same two objectives numbered 1 and 2."""
    cells: dict = {}
    row = 1
    for unit, (share, reports) in UNITS.items():
        if titles:
            cells[(row, 1)] = f"SCHEDA DI BUDGET 2025 - {unit.upper()}"
            row += 1
        cells.update({(row, c): h for c, h in enumerate(HEADER, start=1)})
        for c, v in enumerate(["1. Tempi di attesa", "% prime visite entro i tempi", ">= 90%", 60, f"{share}%"], start=1):
            cells[(row + 1, c)] = v
        for c, v in enumerate(["2. Rischio clinico", "Segnalazioni di incident reporting", ">= 20", 40, reports], start=1):
            cells[(row + 2, c)] = v
        row += 4  # a blank row between the schede
    return {"Schede budget": {"cells": cells}, **YEAR}


@pytest.mark.parametrize("titles", [False, True])
def test_units_schede_one_under_the_other_are_each_units_objectives(book, tmp_path, titles):
    """Three schede stacked with their header again: the same '1. Tempi di attesa' of three units was
    one objective with three results, '0 su 2 obiettivi raggiunti', 0 warnings, exit 0 (4 su 6). The
    title above each header names the unit and is not an objective ('O1' without results)."""
    path = book(_schede(titles))
    plan, report, outcome = _run(path)
    assert len(plan.objectives) == 6
    assert (outcome.body.achieved, outcome.body.total) == (4, 6)
    said = [f for f in report.findings if f.code == "obiettivi-per-blocco"]
    assert len(said) == 1
    if titles:
        assert sorted(plan.objectives) == [f"UOC {u} {n}" for u in ("CARDIOLOGIA", "NEFROLOGIA", "PNEUMOLOGIA")
                                           for n in (1, 2)]
        assert [line.title for line in plan.lines.values()] == [
            f"SCHEDA DI BUDGET 2025 - {unit.upper()}" for unit in UNITS]
        assert "'UOC PNEUMOLOGIA 1'" in said[0].message
    else:
        assert sorted(plan.objectives)[:2] == ["Blocco 1 1", "Blocco 1 2"]
        assert not plan.lines
    assert not [f for f in report.errors]
    recalculates(plan, report, outcome, path, tmp_path)


def test_departments_under_titles_across_the_table_are_each_their_own(book):
    """A university's table: 'DIPARTIMENTO DI ...' merged across the table, the header again, the
    objectives cascaded from the plan with the same words in each department: merged into one,
    '0 su 2' for '2 su 4', the titles dropped without a word."""
    header = ["Obiettivo strategico", "Obiettivo operativo", "Indicatore", "Target 2025", "Valore consuntivo"]
    cells: dict = {(1, 1): "PIANO INTEGRATO 2025-2027 - OBIETTIVI OPERATIVI DEI DIPARTIMENTI"}
    merges = []
    row = 3
    for dep, (abandon, hours) in {"DIPARTIMENTO DI INGEGNERIA": ("14%", 400),
                                  "DIPARTIMENTO DI MEDICINA": ("12%", 100)}.items():
        merges.append((row, 1, row, 5, dep))
        cells.update({(row + 1, c): h for c, h in enumerate(header, start=1)})
        for r, values in ((row + 2, ["D.1 Regolarità delle carriere", "1. Ridurre gli abbandoni", "% abbandoni",
                                     "<= 15%" if "ING" in dep else "<= 8%", abandon]),
                          (row + 3, ["D.1 Regolarità delle carriere", "2. Potenziare il tutorato", "Ore di tutorato",
                                     ">= 400" if "ING" in dep else ">= 250", hours])):
            cells.update({(r, c): v for c, v in enumerate(values, start=1)})
        row += 5
    plan, report, outcome = _run(book({"Dipartimenti": {"cells": cells, "merges": merges}, **YEAR}))
    assert sorted(plan.objectives) == ["DIPARTIMENTO DI INGEGNERIA 1", "DIPARTIMENTO DI INGEGNERIA 2",
                                       "DIPARTIMENTO DI MEDICINA 1", "DIPARTIMENTO DI MEDICINA 2"]
    assert (outcome.body.achieved, outcome.body.total) == (2, 4)
    assert [f.code for f in report.findings if f.code == "obiettivi-per-blocco"] == ["obiettivi-per-blocco"]


def test_an_objective_shared_by_blocks_whose_others_are_their_own_stays_one(book):
    """Sections numbered once, one objective under each ('5. Prevenzione della corruzione'): one
    objective with the sections' results, as with an owner column."""
    merges = [(2, 1, 2, 4, "SETTORE AFFARI GENERALI"), (6, 1, 6, 4, "SETTORE TRIBUTI")]
    rows = [[None] * 4,
            ["1. Protocollo digitale", "1.1 Documenti protocollati in digitale", ">= 90%", "95%"],
            ["5. Prevenzione della corruzione", "5.1 Misure attuate (AG)", ">= 4", 4],
            [None] * 4, [None] * 4,
            ["2. Riscossione", "2.1 Riscossione ordinaria", ">= 80%", "85%"],
            ["5. Prevenzione della corruzione", "5.2 Misure attuate (Tributi)", ">= 4", 3]]
    spec = table(rows, ["Obiettivo", "Indicatore", "Target", "Consuntivo"], merges=merges, extra=YEAR)
    plan, report, outcome = _run(book(spec))
    assert sorted(plan.objectives) == ["1", "2", "5"]
    assert plan.objectives["5"].results == ["5.1", "5.2"]
    assert not [f for f in report.findings if f.code.startswith("obiettivi-per")]


@pytest.mark.parametrize("note", ["N.B. Il dato è rilevato dal flusso EMUR", "Nota: il dato è provvisorio",
                                  "Legenda: R = raggiunto, NR = non raggiunto", "(1) dato al 30/09/2025",
                                  "Si precisa che il dato è provvisorio"])
def test_a_note_across_the_table_is_not_a_strategic_line(book, note):
    """A note merged across the table ('N.B. ...', 'Nota:', 'Legenda:', '(1) ...', 'Si precisa che')
    was a strategic line, with a grado of its own in the Riepilogo, the objectives above it without one."""
    rows = [["1. Tempi PS", "% pazienti in PS < 6 ore", ">= 85%", "88%"], [None] * 4,
            ["2. Audit", "Audit realizzati", ">= 4", 2]]
    spec = table(rows, ["Obiettivo", "Indicatore", "Valore atteso", "Consuntivo"],
                 merges=[(3, 1, 3, 4, note)], extra=YEAR)
    plan, _, outcome = _run(book(spec))
    assert not plan.lines
    assert sorted(plan.objectives) == ["1", "2"] and (outcome.body.achieved, outcome.body.total) == (1, 2)


def test_a_note_or_a_signature_in_the_indicators_column_is_not_an_indicator(book):
    """'N.B. Il dato ...' and 'Firma del Direttore per accettazione | ________' in the indicator's
    column were results 1.2 and 2.2 without a target: errors, exit 1."""
    rows = [["1. Tempi PS", "% pazienti in PS < 6 ore", ">= 85%", "88%"],
            [None, "N.B. Il dato è rilevato dal flusso EMUR", None, None],
            ["2. Audit", "Audit realizzati", ">= 4", 4],
            [None, "Firma del Direttore per accettazione", None, "________________"]]
    plan, report, outcome = _run(book(table(rows, ["Obiettivo", "Indicatore", "Valore atteso", "Consuntivo"],
                                            extra=YEAR)))
    assert sorted(plan.results) == ["1.1", "2.1"]
    assert not report.errors and outcome.body.achieved == 2


@pytest.mark.parametrize("indicator", ["Rispetto del tetto di spesa per beni sanitari (spesa/tetto)",
                                       "Spesa per beni sanitari / tetto"])
def test_a_ceiling_written_as_a_bare_100_percent_is_asked(book, indicator):
    """103% of the spending ceiling (overspent) scored 100% 'raggiunto' and 97% (within it) 97%:
    the bare '100%' was a minimum. Which way is asked, as for a cost."""
    rows = [["1. Governo della spesa", indicator, "100%", "103%"]]
    _, _, outcome = _run(book(table(rows, ["Obiettivo", "Indicatore", "Valore atteso", "Consuntivo"], extra=YEAR)))
    assert outcome.results["1.1"].status == "da verificare"


def test_an_objectives_weight_on_its_own_row_above_its_indicators(book):
    """'1. Appropriatezza | | 60' then its indicators on the rows below with no weight: the 60 and
    40 were dropped and the objectives weighed alike (97,73% for 97,27%), 0 warnings."""
    rows = [["1. Appropriatezza del percorso nascita", None, 60, None, None],
            [None, "a) % parti cesarei primari", None, "<= 20%", "22%"],
            [None, "b) % donne con almeno 4 visite in gravidanza", None, ">= 90%", "93%"],
            ["2. Sicurezza in sala parto", None, 40, None, None],
            [None, "a) Adozione check list sala parto", None, "SI", "SI"]]
    spec = table(rows, ["Obiettivo", "Indicatore", "Peso", "Valore atteso", "Valore raggiunto"], extra=YEAR)
    plan, report, outcome = _run(book(spec))
    assert [plan.objectives[c].weight_value.raw for c in ("1", "2")] == [60, 40]
    assert outcome.body.mean_grado == pytest.approx(0.6 * (20 / 22 * 100 + 100) / 2 + 0.4 * 100)
    assert not report.errors


def test_a_hidden_row_read_as_part_of_the_plan_is_said(tmp_path):
    """An objective the office withdrew and hid ('obiettivo stralciato') was scored, '2 su 4' for the
    office's '2 su 3', 0 warnings. It still counts (hiding is not deleting), and the warning names it;
    the fast reader and expat's say the same."""
    import openpyxl

    from piano_xlsx.xlsx import reader

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Budget"
    ws.append(["Obiettivo", "Indicatore", "Valore atteso", "Valore raggiunto"])
    ws.append(["1. Tempi", "1.1 Visite entro i tempi", ">= 90%", "95%"])
    ws.append(["2. Percorso nascita", "2.1 Parti cesarei", "<= 20%", "30%"])
    ws.append(["3. Audit", "3.1 Audit realizzati", ">= 4", 4])
    ws.row_dimensions[3].hidden = True
    settings = wb.create_sheet("Impostazioni")
    settings.append(["Anno del piano", 2025])
    path = tmp_path / "piano.xlsx"
    wb.save(path)
    plan, report, outcome = _run(path)
    (said,) = [f for f in report.findings if f.code == "righe-nascoste"]
    assert said.location.cell == "A3" and "(risultato 2.1)" in said.message
    assert outcome.body.total == 3
    fast = reader.read_workbook(path).sheet("Budget").hidden_rows
    original = reader._read_sheet_cells
    try:
        reader._read_sheet_cells = lambda *a: original(*a[:7], False, *a[8:])  # (fast: the 8th argument)
        slow = reader.read_workbook(path).sheet("Budget").hidden_rows
    finally:
        reader._read_sheet_cells = original
    assert fast == slow == frozenset({3})


def test_a_plan_printed_with_its_title_and_header_on_every_page_is_one_plan(book):
    """The header repeated under the same title on each printed page, the objectives numbered once: one
    plan, no blocks, and the page's title is neither an objective nor a strategic line."""
    header = ["Obiettivo", "Indicatore", "Target", "Consuntivo"]
    cells: dict = {}
    row = 1
    for page, objectives in enumerate(([1, 2], [3, 4])):
        cells[(row, 1)] = "PIANO DELLA PERFORMANCE 2025"
        cells.update({(row + 1, c): h for c, h in enumerate(header, start=1)})
        for k, n in enumerate(objectives, start=row + 2):
            cells.update({(k, 1): f"{n}. Obiettivo {n}", (k, 2): f"{n}.1 Pratiche", (k, 3): ">= 10", (k, 4): 12})
        row += 5
    plan, report, outcome = _run(book({"Piano": {"cells": cells}, **YEAR}))
    assert sorted(plan.objectives) == ["1", "2", "3", "4"] and not plan.lines
    assert not [f for f in report.findings if f.code.startswith("obiettivi-per")]
    assert outcome.body.achieved == 4


def test_an_objective_right_above_a_header_repeated_at_a_page_break_stays_an_objective(book):
    """A plan numbered once, objectives on their own rows, the header repeated where the second page
    starts: '2. Tempi di attesa' right above it became a strategic line and its results objective 1's,
    '1 su 2' for '2 su 3' (found in review). The blocks' titles are titles only when the blocks are
    each their own."""
    header = ["Obiettivo", "Indicatore", "Target", "Consuntivo"]
    rows = [["1. Appropriatezza prescrittiva", None, None, None],
            [None, "% prescrizioni a brevetto scaduto", ">= 80%", "85%"],
            ["2. Tempi di attesa", None, None, None],
            header,
            [None, "% prime visite entro i tempi", ">= 90%", "60%"],
            ["3. Rischio clinico", None, None, None],
            [None, "Audit realizzati", ">= 4", 4]]
    plan, report, outcome = _run(book(table(rows, header, extra=YEAR)))
    assert sorted(plan.objectives) == ["1", "2", "3"] and not plan.lines
    assert plan.objectives["2"].results == ["2.1"]
    assert (outcome.body.achieved, outcome.body.total) == (2, 3)


@pytest.mark.parametrize("objective", ["Firma dei contratti integrativi aziendali", "(2) Contratti integrativi",
                                       "Nota integrativa al bilancio",
                                       # (found in a second review)
                                       "Visto del Responsabile del Servizio Finanziario nei tempi",
                                       "Firma del Dirigente sulle determinazioni in formato digitale",
                                       "Fonte unica dei dati territoriali", "Note di credito e rimborsi"])
def test_an_objective_that_starts_like_a_note_is_an_objective(book, objective):
    """Unnumbered objectives on their own rows: 'Firma dei contratti integrativi' was a signature and
    its results went to the objective above ('1 su 2' for '2 su 3'); '(2) ...' numbered objectives were
    footnotes (found in review)."""
    rows = [["Gestione del personale", None, None, None],
            [None, "Piano della formazione approvato", "SI", "SI"],
            [objective, None, None, None],
            [None, "Contratti sottoscritti", ">= 2", 0]]
    plan, _, outcome = _run(book(table(rows, ["Obiettivo", "Indicatore", "Target", "Consuntivo"], extra=YEAR)))
    assert len(plan.objectives) == 2 and (outcome.body.achieved, outcome.body.total) == (1, 2)


def test_an_indicator_that_starts_with_n_b_is_an_indicator(book):
    """'N. bambini iscritti al nido' alone in its row (target and actual merged with the row above)
    was read as 'N.B.', a note, and left out in silence (found in review)."""
    rows = [["1. Servizi all'infanzia", "N. bambini iscritti al nido", ">= 50", 55],
            [None, "N. bandi pubblicati", None, None]]
    plan, report, _ = _run(book(table(rows, ["Obiettivo", "Indicatore", "Target", "Consuntivo"], extra=YEAR)))
    assert [r.text for r in plan.results.values()] == ["N. bambini iscritti al nido", "N. bandi pubblicati"]


def test_a_roof_is_not_a_ceiling_and_a_written_unit_beats_a_percent_hint(book):
    """'Rifacimento dei tetti delle scuole' 4 was asked as a spending ceiling, and '<= 30 giorni' for
    'Tempi medi di pagamento (riduzione del 10% ...)' asked for a unit the target writes (found in review)."""
    rows = [["1. Scuole", "Rifacimento dei tetti delle scuole comunali (n. edifici)", 4, 4],
            ["2. Pagamenti", "Tempi medi di pagamento delle fatture (riduzione del 10% rispetto al 2024)",
             "<= 30 giorni", 25]]
    _, _, outcome = _run(book(table(rows, ["Obiettivo", "Indicatore", "Target", "Consuntivo"], extra=YEAR)))
    assert outcome.results["1.1"].grado == 100.0 and outcome.results["2.1"].grado == 100.0


@pytest.mark.parametrize("footnote", ["(1) Il dato comprende le pratiche sospese", "(1) dato al 30/09/2025"])
def test_a_footnote_alone_in_its_row_is_a_note(book, footnote):
    """A footnote typed in one cell and left to overflow, between objectives or in the indicators'
    column, is a note (found in a second review: an objective without results, exit 1)."""
    rows = [["1. Pratiche", "1.1 Pratiche evase", ">= 90%", "95%"],
            [footnote, None, None, None] if footnote.startswith("(1) Il") else [None, footnote, None, None],
            ["2. Audit", "2.1 Audit realizzati", ">= 10", 7]]
    plan, report, outcome = _run(book(table(rows, ["Obiettivo", "Indicatore", "Target", "Consuntivo"], extra=YEAR)))
    assert sorted(plan.results) == ["1.1", "2.1"] and not report.errors
