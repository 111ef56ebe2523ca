"""Reading the linkage table the way a person would: headers, merged parents, stacked results."""

from __future__ import annotations

import re

import pytest

from piano_xlsx.read.load import load_plan
from piano_xlsx.read.table import parse_lines

from .conftest import table


def codes(plan, severity=None):
    return [f.code for f in plan.findings if severity is None or f.severity == severity]


def test_header_found_below_title_rows_with_office_wording(book):
    spec = table(
        [["Area strategica: Competitività", "OS1 Sviluppare le imprese", "KPI156 Numero imprese assistite", ">= 100"],
         [None, None, "KPI157 Eventi organizzati", "almeno quattro"]],
        header=["  AREA\nSTRATEGICA ", "Obiettivo   Strategico", "Descrizione indicatore", "Valore atteso"],
        start_row=4)
    spec["Piano"]["cells"][(1, 1)] = "Comune di Esempio - Piano della performance 2024"
    plan = load_plan(book(spec))
    assert plan.table.sheet == "Piano"
    assert plan.table.header_rows == (4, 4)
    assert set(plan.table.columns) >= {"line", "objective", "result", "target"}
    assert list(plan.objectives) == ["OS1"]
    assert list(plan.results) == ["KPI156", "KPI157"]
    assert plan.results["KPI157"].objective == "OS1"  # blank objective below the first row = same
    assert plan.results["KPI157"].target.value == 4


def test_table_found_in_any_sheet(book):
    spec = {"Copertina": {"cells": {(1, 1): "Piano 2024"}}}
    spec.update(table([["Linea 1 - PA", "1. Obiettivo uno", "1.1 Primo risultato", "SI"]],
                      header=["Linea strategica", "Obiettivo di ente", "Risultato atteso", "Target"],
                      sheet="Tabella"))
    plan = load_plan(book(spec))
    assert plan.table.sheet == "Tabella"
    assert list(plan.results) == ["1.1"]


def test_two_row_header_with_group_header_as_in_the_seed(book):
    merges = [
        (1, 1, 2, 1, "RIFERIMENTO AL PIANO STRATEGICO"),
        (1, 2, 2, 2, "OBIETTIVI ENTE 2016"),
        (1, 3, 2, 3, "RISULTATI ATTESI"),
        (1, 4, 1, 5, "OBIETTIVI E RISULTATI ATTESI"),
        (2, 4, 2, 5, "SEGRETARIO GENERALE"),
        (3, 1, 5, 1, "Linea 1 - Pubblica Amministrazione per le imprese"),
        (3, 2, 5, 2, "1. Garantire nel tempo la salute organizzativa dell'ente camerale"),
        (3, 4, 6, 4, "1. Garantire la salute organizzativa\nOutcome: equilibrio economico"),
        (3, 5, 6, 5, "Alcuni parametri esemplificativi: *mantenere l'equilibrio"),
    ]
    cells = {
        (3, 3): "1.1 Indicatore di rigidità", (4, 3): "1.2 Indicatore di equilibrio",
        (5, 3): "1.3 Indice di assenteismo",
        (6, 1): "Linea 1 - Pubblica Amministrazione per le imprese",
        (6, 2): "10. Favorire il miglioramento dell'efficienza interna",
        (6, 3): "10.1 Revisione intranet",
    }
    plan = load_plan(book({"Tabella": {"cells": cells, "merges": merges}}))
    assert plan.table.header_rows == (1, 2)
    assert plan.table.first_data_row == 3
    assert list(plan.objectives) == ["1", "10"]
    assert plan.objectives["1"].results == ["1.1", "1.2", "1.3"]
    assert plan.objectives["1"].lines == ["1"]
    assert plan.lines["1"].title == "Pubblica Amministrazione per le imprese"
    assert [i.person for i in plan.individuals] == ["Segretario Generale"]
    sg = plan.individuals[0]
    assert sg.objectives == ["1", "10"]
    assert sg.code == "1"
    assert sg.parameters.startswith("Alcuni parametri")
    assert plan.results["1.1"].location.cell == "C3"
    assert plan.objectives["1"].location.range == "B3:B5"


@pytest.mark.parametrize("layout", ["merged", "repeated", "blank"])
def test_parent_cells_merged_repeated_or_blank_mean_the_same(book, layout):
    header = ["Linea strategica", "Obiettivo di ente", "Risultato atteso", "Target"]
    line, obj = "Linea 2 - Competitività", "3. Adeguamento dell'operatività"
    rows = [[line, obj, "3.1 Raffronto", "SI"],
            [line if layout == "repeated" else None, obj if layout == "repeated" else None, "3.2 Analisi", "SI"],
            [line if layout == "repeated" else None, obj if layout == "repeated" else None, "3.3 Revisione", "SI"]]
    merges = []
    if layout == "merged":
        merges = [(2, 1, 4, 1, line), (2, 2, 4, 2, obj)]
    plan = load_plan(book(table(rows, header, merges=merges)))
    assert list(plan.objectives) == ["3"]
    assert plan.objectives["3"].results == ["3.1", "3.2", "3.3"]
    assert plan.objectives["3"].lines == ["2"]
    assert "codice-duplicato" not in codes(plan)


def test_stacked_results_become_separate_results_and_keep_the_text(book):
    cell = ("2.3 Soddisfazione sito e newsletter\n2.3.1 Soddisfazione sito istituzionale\n"
            "2.3.2 Soddisfazione e-newsletter")
    rows = [["Linea 1 - PA", "2. Qualità dei servizi", cell, "2.3.1: >= 80%\n2.3.2: >= 75%", "2.3.1: 82%\n2.3.2: 70"]]
    plan = load_plan(book(table(rows, ["Linea", "Obiettivo", "Risultati attesi", "Target", "Consuntivo"])))
    assert list(plan.results) == ["2.3", "2.3.1", "2.3.2"]
    assert plan.results["2.3"].children == ["2.3.1", "2.3.2"]
    assert plan.results["2.3.1"].parent == "2.3"
    assert plan.objectives["2"].results == ["2.3"]
    assert all(r.cell_text == cell and r.stacked for r in plan.results.values())
    assert plan.results["2.3.1"].text == "2.3.1 Soddisfazione sito istituzionale"
    assert plan.results["2.3.1"].target.value == 80
    assert plan.results["2.3.2"].target.value == 75
    assert plan.results["2.3.2"].value("actual") == "70"


def test_single_actual_for_several_stacked_leaves_is_flagged(book):
    rows = [["Linea 1", "2. Qualità", "2.3.1 Sito\n2.3.2 Newsletter", ">= 80%", 82]]
    plan = load_plan(book(table(rows, ["Linea", "Obiettivo", "Risultati attesi", "Target", "Consuntivo"])))
    assert "valore-ambiguo" in codes(plan)


def test_codes_from_code_column_and_hierarchy_without_codes(book):
    rows = [["Linea A", "Obiettivo annuale del settore", "A1", "Pratiche evase", ">= 90%"],
            [None, None, "A2", "Tempi medi", "<= 30 gg"],
            ["Linea B", "Secondo obiettivo", None, "Eventi", "almeno cinque"]]
    plan = load_plan(book(table(rows, ["Linea", "Obiettivo", "Codice", "Indicatore", "Target"])))
    assert list(plan.objectives) == ["O1", "O2"]
    assert plan.objectives["O1"].results == ["A1", "A2"]
    assert plan.objectives["O2"].results == ["O2.1"]
    assert plan.results["O2.1"].code_generated


def test_a_duplicate_code_in_the_code_column_is_pointed_at_there(book):
    """Found by a new user: the finding named the result's cell (D), not the code's (C)."""
    rows = [["Linea A", "1. Obiettivo", "1.1", "Pratiche evase", ">= 90%"],
            [None, None, "1.1", "Nuovo portale", "SI"]]
    plan = load_plan(book(table(rows, ["Linea", "Obiettivo", "Codice", "Indicatore", "Target"])))
    dup = next(f for f in plan.findings if f.code == "codice-duplicato")
    assert (dup.location.sheet, dup.location.cell) == ("Piano", "C3")
    assert "anche in C2" in dup.message and "non viene calcolato" in dup.message


def test_objective_serving_two_lines(book):
    rows = [["Linea 1 - PA per le imprese\nLinea 2 - Competitività", "2. Qualità", "2.1 Soddisfazione", ">= 80%"],
            ["Linea 1 - 2", "5. Servizi integrati", "5.1 Analisi", "SI"]]
    plan = load_plan(book(table(rows, ["Linea strategica", "Obiettivo", "Risultati attesi", "Target"])))
    assert plan.objectives["2"].lines == ["1", "2"]
    assert plan.objectives["5"].lines == ["1", "2"]


def test_parse_lines():
    assert parse_lines("Linea 1 - Pubblica Amministrazione per le imprese") == [
        ("1", "Pubblica Amministrazione per le imprese")]
    assert parse_lines("Linea 1 - 2") == [("1", ""), ("2", "")]
    assert parse_lines("Linea 1- PA\nLinea 2 - Sostegno") == [("1", "PA"), ("2", "Sostegno")]
    assert parse_lines("Missione 14 - Sviluppo economico") == [
        ("Missione 14 - Sviluppo economico", "Missione 14 - Sviluppo economico")]


def test_table_not_found_names_accepted_wordings(book):
    plan = load_plan(book({"Foglio1": {"cells": {(1, 1): "Nome", (1, 2): "Cognome", (2, 1): "Mario"}}}))
    assert codes(plan) == ["tabella-non-trovata"]
    message = plan.findings[0].message
    assert "'obiettivo di ente'" in message and "'risultati attesi'" in message


def test_missing_result_column_is_reported_with_its_wordings(book):
    # nothing to score: no result column, and neither targets nor actuals
    spec = table([["Linea 1", "1. Obiettivo", "Area X"]], ["Linea strategica", "Obiettivo di ente", "Responsabile"])
    plan = load_plan(book(spec))
    assert "colonna-mancante" in codes(plan)
    finding = next(f for f in plan.findings if f.code == "colonna-mancante")
    assert "Risultato atteso" in finding.message and "'kpi'" in finding.message and "Colonne" in finding.message
    assert finding.location.sheet == "Piano"


def test_objectives_measured_on_their_own_row_without_a_result_column(book):
    # operational objectives each with its target and actual (an ASL's budget objectives)
    spec = table([["A.1", "Utenti presi in carico per 100.000 ab.", ">= 1.000", 742],
                  ["A.2", "Posti letto in hospice per 100 deceduti", ">1", "0,4"]],
                 ["Cod Obiettivo operativo", "Descr Obiettivo operativo", "Valore max atteso", "Valore raggiunto"])
    plan = load_plan(book(spec))
    assert plan.table.implicit_results
    assert list(plan.objectives) == ["A.1", "A.2"]
    assert list(plan.results) == ["A.1.1", "A.2.1"]
    assert plan.results["A.1.1"].objective == "A.1" and plan.results["A.1.1"].target.value == 1000
    assert plan.objectives["A.2"].title == "Posti letto in hospice per 100 deceduti"
    assert "colonna-mancante" not in codes(plan)


def test_individual_objectives_sheet(book):
    spec = table([["Linea 1", "1. Uno", "1.1 Primo", "SI"], ["Linea 1", "2. Due", "2.1 Secondo", "SI"]],
                 ["Linea", "Obiettivo", "Risultati attesi", "Target"])
    spec["Obiettivi individuali"] = {"cells": {
        (1, 1): "Persona", (1, 2): "Ruolo", (1, 3): "Codice", (1, 4): "Obiettivo individuale",
        (1, 5): "Obiettivi di ente collegati", (1, 6): "Peso %",
        (2, 1): "Mario Rossi", (2, 2): "Dirigente Area X", (2, 3): "MR1", (2, 4): "Qualità",
        (2, 5): "1; 2", (2, 6): "60; 40",
        (3, 1): "Anna Bianchi", (3, 4): "Efficienza", (3, 5): "3"}}
    plan = load_plan(book(spec))
    mario = next(i for i in plan.individuals if i.person == "Mario Rossi")
    assert mario.objectives == ["1", "2"] and mario.link_weights == [60, 40]
    assert mario.role == "Dirigente Area X"
    unknown = [f for f in plan.findings if f.code == "obiettivo-sconosciuto"]
    assert len(unknown) == 1 and unknown[0].location.cell == "E3"


def test_a_merged_code_cell_shared_by_two_results_points_at_the_second_result(book):
    """Found in review: the finding pointed at the merged code range, not at the duplicate's row."""
    rows = [["Linea A", "1. Obiettivo", "1.1", "Pratiche evase", ">= 90%"],
            [None, None, None, "Nuovo portale", "SI"]]
    plan = load_plan(book(table(rows, ["Linea", "Obiettivo", "Codice", "Indicatore", "Target"],
                                merges=[(2, 3, 3, 3, "1.1")])))
    dup = next(f for f in plan.findings if f.code == "codice-duplicato")
    assert dup.location.cell == "D3"


def test_weights_short_because_of_a_duplicate_row_blame_the_code_not_the_weights(book):
    """Found by a new user: after a duplicate code, 'pesi-somma' asked to fix weights that were right."""
    rows = [["Linea A", "5. Obiettivo", "5.1", "Pratiche", ">= 90%", 50],
            [None, None, "5.2", "Tempi", "<= 30 gg", 25],
            [None, None, "5.2", "Eventi", "almeno cinque", 25]]
    plan = load_plan(book(table(rows, ["Linea", "Obiettivo", "Codice", "Indicatore", "Target", "Peso"])))
    weights = [f for f in plan.findings if f.code == "pesi-somma"]
    assert len(weights) == 1 and weights[0].severity == "avviso"
    assert "la riga con il codice doppio 5.2 non è contata" in weights[0].message
    assert any(f.code == "codice-duplicato" and f.severity == "errore" for f in plan.findings)


@pytest.mark.parametrize("weights", [(50, 20, 25), (60, 50, 10)])
def test_wrong_weights_stay_an_error_beside_a_duplicate(book, weights):
    """Found in review: the duplicate was blamed even when counting its row does not give 100."""
    rows = [["Linea A", "5. Obiettivo", "5.1", "Pratiche", ">= 90%", weights[0]],
            [None, None, "5.2", "Tempi", "<= 30 gg", weights[1]],
            [None, None, "5.2", "Eventi", "almeno cinque", weights[2]]]
    plan = load_plan(book(table(rows, ["Linea", "Obiettivo", "Codice", "Indicatore", "Target", "Peso"])))
    finding = next(f for f in plan.findings if f.code == "pesi-somma")
    assert finding.severity == "errore" and "correggerli" in finding.message


def test_the_office_maps_its_headers_in_a_colonne_sheet(book):
    spec = table([["1. Servizi", "1.1 Pratiche evase", "Servizio anagrafe", ">= 90%", 0.93, 95],
                  [None, "1.2 Tempo medio", "Servizio anagrafe", "<= 30 gg", 25, 100]],
                 ["Obiettivo", "Indicatore", "Descrizione servizio", "Soglia", "Esito finale", "Voto"])
    # 'Soglia' and 'Esito finale' are not words the reader knows; 'Voto' (column F) is not to be read
    spec["Colonne"] = {"cells": {(1, 1): "Intestazione", (1, 2): "Ruolo",
                                 (2, 1): "Soglia", (2, 2): "target",
                                 (3, 1): "esito  FINALE", (3, 2): "Consuntivo",
                                 (4, 1): "F", (4, 2): "ignora",
                                 (5, 1): "Descrizione servizio", (5, 2): "responsabile"}}
    plan = load_plan(book(spec))
    decisions = {d.header: (d.role, d.reason) for d in plan.table.decisions}
    assert decisions["Soglia"] == ("target", "foglio Colonne")
    assert decisions["Esito finale"] == ("actual", "foglio Colonne")
    assert decisions["Voto"][0] is None and decisions["Descrizione servizio"][0] == "owner"
    assert plan.results["1.1"].value("actual") == 0.93 and plan.results["1.2"].target.comparator == "<="
    assert "colonna-ignorata" not in codes(plan)


def test_an_unknown_role_in_the_colonne_sheet_is_an_error_at_its_cell(book):
    spec = table([["1. Uno", "1.1 Primo", ">= 5", 6]], ["Obiettivo", "Indicatore", "Target", "Consuntivo"])
    spec["Colonne"] = {"cells": {(1, 1): "Intestazione", (1, 2): "Ruolo", (2, 1): "Target", (2, 2): "valore"}}
    plan = load_plan(book(spec))
    finding = next(f for f in plan.findings if f.code == "ruolo-sconosciuto")
    assert finding.severity == "errore" and finding.location.cell == "B2" and "consuntivo" in finding.message


def test_verifica_shows_which_header_became_which_role(book):
    from click.testing import CliRunner

    from piano_xlsx.cli.main import main

    spec = table([["1. Uno", "1.1 Primo", "Soddisfazione", ">= 5", 6]],
                 ["Obiettivo", "Indicatori", "Ambiente", "Risultato atteso 2018", "Consuntivo 2018"])
    result = CliRunner().invoke(main, ["verifica", str(book(spec))])
    assert "Colonne lette" in result.output
    # a year's expected result is that year's target (by the header; it was by the content)
    assert re.search(r"'Risultato atteso 2018'\s+-> target", result.output), result.output
    assert "'Ambiente'" in result.output and "-> non letta" in result.output
    assert "anno-dedotto" in result.output  # 2018, from 'Consuntivo 2018'


def test_readme_tables_are_the_ones_the_code_generates():
    from .conftest import readme_block, rigenera

    assert readme_block("intestazioni") == rigenera().headers_table(), "run `python docs/rigenera.py`"


def test_targets_written_inside_the_indicator_when_there_is_no_target_column(book):
    spec = table([["1. Qualità dei dati", "1.1 Esaustività delle schede almeno al 95%", 0.96],
                  [None, "1.2 Aggiornamento del registro entro il 30/06/2024", "SI"],
                  [None, "1.3 Numero di pratiche evase nel 2024", 120],
                  [None, "1.4 Report 1 o 2 volte", 1]],
                 ["Obiettivo", "Indicatore", "Consuntivo"])
    spec["Impostazioni"] = {"cells": {(1, 1): "Anno del piano", (1, 2): 2024}}
    plan = load_plan(book(spec))
    t1 = plan.results["1.1"].target
    assert t1.from_text and (t1.comparator, t1.value, t1.unit) == (">=", 95, "percent")
    assert plan.results["1.2"].target.kind == "deadline"
    assert plan.results["1.3"].target is None  # a number in the text, but no target: not guessed
    assert plan.results["1.4"].target is None
    read = [f for f in plan.findings if f.code == "target-dal-testo"]
    assert [f.location.cell for f in read] == ["B2", "B3"] and ">= 95%" in read[0].message
    missing = next(f for f in plan.findings if f.code == "colonna-target-mancante")
    assert "letti dal testo di 2 indicatori" in missing.message


@pytest.mark.parametrize("header, role", [("U.O.", "owner"), ("U.O", "owner"), ("U.O. responsabile", "owner"),
                                          ("U.M.", "unit"), ("U.d.M.", "unit"),
                                          # and the headers that go on after the dot, as before (review)
                                          ("U.O. competente", "owner"), ("U.M. (%)", "unit"),
                                          ("N. progressivo", "code"), ("Cod. KPI", "code"),
                                          ("% ragg. obiettivo", "published")])
def test_abbreviations_ending_with_a_dot_are_the_wordings_they_are(header, role):
    # an ASL budget sheet's 'U.O.' was 'non letta' though the README lists 'u.o.', and dividi found
    # nobody to split by (found in a new-user trial); 'U.M.' the same
    from piano_xlsx.core.columns import match_role

    assert match_role(header) == role
