"""Found by trying the tool on plans shaped as Camere di commercio, ASL and ministries publish them:
each a refusal, or a wrong status printed with exit code 0."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from piano_xlsx.cli.main import main
from piano_xlsx.core.compute import compute
from piano_xlsx.read.load import verify

from .conftest import monthly_data, table
from .test_misreadings import YEAR, recalculates


def _run(path, period=None):
    plan, report = verify(path)
    return plan, report, compute(plan, period=period)


def test_results_numbered_under_their_objectives_code_are_its_results(book):
    """Objective '1.1', its indicators '1.1.1' and '1.1.2' (a Camera di commercio's numbering):
    every row was refused as a sub-result without its parent result '1.1'."""
    spec = table([["1.1 Tempestività dei pagamenti", "1.1.1", "Pagamenti entro 30 giorni", ">= 90%", "95%"],
                  [None, "1.1.2", "Reclami evasi", ">= 10", 5],
                  ["1.2 Riscossione", "1.2.1", "Riscossione spontanea", ">= 75%", "60%"],
                  [None, "1.2.1.1", "Solleciti inviati", ">= 100", 100]],
                 ["Obiettivo operativo", "Cod.", "Indicatore", "Target", "Consuntivo"], extra=YEAR)
    plan, report, outcome = _run(book(spec))
    assert not report.errors, [f.message for f in report.errors]
    assert plan.objectives["1.1"].results == ["1.1.1", "1.1.2"]
    assert plan.results["1.2.1.1"].parent == "1.2.1"  # a real sub-result stays one
    assert outcome.objectives["1.1"].grado == pytest.approx(75.0)


def test_a_sub_result_whose_parent_result_is_missing_is_still_an_error(book):
    spec = table([["1.1 Pagamenti", "1.1.3.1", "Solleciti", ">= 10", 5]],
                 ["Obiettivo operativo", "Cod.", "Indicatore", "Target", "Consuntivo"], extra=YEAR)
    _, report, _ = _run(book(spec))
    assert [f.code for f in report.errors] == ["sotto-risultato-senza-padre"]


@pytest.mark.parametrize("typed", ["in corso", "In corso di rilevazione", "in attesa del dato", "non ancora pervenuto"])
def test_an_actual_not_there_yet_is_missing_not_an_error(book, tmp_path, typed):
    """'in corso' in the actual column stopped the whole run (exit 1); 'n.d.' did not."""
    spec = table([["1. Servizi", "1.1 Pratiche evase", ">= 100", typed],
                  [None, "1.2 Sportello attivato", "SI", typed],
                  [None, "1.3 Visite", ">= 4", 5]],
                 ["Obiettivo", "Indicatore", "Target", "Consuntivo"], extra=YEAR)
    path = book(spec)
    plan, report, outcome = _run(path)
    found = report.findings + outcome.findings
    assert not report.errors
    assert sorted(f.location.cell for f in found if f.code == "consuntivo-non-disponibile") == ["D2", "D3"]
    assert "scrivere NO" in next(f.message for f in found if f.location.cell == "D3")
    assert outcome.results["1.1"].status == "non valutabile"
    assert outcome.objectives["1"].grado == pytest.approx(100.0)
    recalculates(plan, report, outcome, path, tmp_path)


def test_a_typed_word_that_is_not_a_state_is_still_refused(book):
    spec = table([["1. Servizi", "1.1 Pratiche evase", ">= 100", "corso di formazione"]],
                 ["Obiettivo", "Indicatore", "Target", "Consuntivo"], extra=YEAR)
    _, report, _ = _run(book(spec))
    assert [f.code for f in report.errors] == ["consuntivo-non-valido"]


def test_a_missed_zero_target_is_behind_not_in_line(book, tmp_path):
    """2 complaints against '<= 0' were 'in linea' in June and at year end, in the JSON and in the
    monitoring cell's formula alike."""
    spec = table([["1. Qualità", "1.1 Reclami fondati", "<= 0", 2],
                  [None, "1.2 Errori di protocollo", "<= 0", 0],
                  [None, "1.3 Tempo di risposta (giorni)", "<= 5", 8]],
                 ["Obiettivo", "Indicatore", "Target", "Consuntivo"], extra=YEAR)
    path = book(spec)
    _, _, june = _run(path, "2024-06")
    assert [june.results[c].monitoring for c in ("1.1", "1.2", "1.3")] == ["in ritardo", "in linea", "in ritardo"]
    assert june.objectives["1"].monitoring == "in ritardo"
    plan, report, final = _run(path)
    assert (final.results["1.1"].status, final.results["1.1"].monitoring) == ("non raggiunto", "sotto il target")
    output = tmp_path / "out.xlsx"
    result = CliRunner().invoke(main, ["calcola", str(path), "--periodo", "2024-06", "-o", str(output)])
    assert result.exit_code == 0, result.output
    import openpyxl

    ws = openpyxl.load_workbook(output)["Piano"]
    monitoring_col = next(c for c in range(1, ws.max_column + 1) if ws.cell(1, c).value == "Monitoraggio al periodo")
    assert '"in ritardo"' in ws.cell(2, monitoring_col).value


def test_an_objective_with_no_figure_yet_cannot_be_measured_not_in_line(book, tmp_path):
    """In March, an objective none of whose results had a figure yet was 'in linea' (and counted
    so in the Riepilogo); one with a deadline still ahead is in line."""
    from .test_misreadings import recalculates

    spec = table([["1. Tempi", "1.1 Tempo medio (giorni)", "<= 5", None],
                  [None, "1.2 Pratiche evase", ">= 95%", None],
                  ["2. Ruolo", "2.1 Emissione del ruolo", "entro il 31/10/2024", None],
                  ["3. Eventi", "3.1 Eventi", ">= 4", None], [None, "3.2 Report", ">= 2", 1]],
                 ["Obiettivo", "Indicatore", "Target", "Consuntivo"], extra=YEAR)
    path = book(spec)
    plan, report, outcome = _run(path, "2024-03")
    assert [outcome.objectives[c].monitoring for c in ("1", "2", "3")] == ["non misurabile", "in linea", "in ritardo"]
    recalculates(plan, report, outcome, path, tmp_path)


def test_done_out_of_expected_is_a_share_beside_a_percentage_and_asked_beside_a_count(book, tmp_path):
    """'12 su 15' typed as the actual was an error that did not say how to write it."""
    from .test_misreadings import recalculates

    spec = table([["1. Contributi", "1.1 Domande istruite", ">= 90%", "12 su 15"],
                  [None, "1.2 Bandi pubblicati", ">= 10", "8 su 10"],
                  [None, "1.3 Controlli", ">= 75%", "9/10"]],
                 ["Obiettivo", "Indicatore", "Target", "Consuntivo"], extra=YEAR)
    path = book(spec)
    plan, report, outcome = _run(path)
    assert outcome.results["1.1"].actual == pytest.approx(80.0) and outcome.results["1.1"].grado == pytest.approx(88.89, abs=0.01)
    assert outcome.results["1.3"].actual == pytest.approx(90.0)
    refused = [f for f in report.errors if f.code == "consuntivo-non-valido"]
    assert [f.location.cell for f in refused] == ["D3"] and "numero raggiunto (8) o una quota (80%)" in refused[0].message
    recalculates(plan, report, outcome, path, tmp_path)


@pytest.mark.parametrize(("typed", "grado"), [("adottato con D.M. n. 45 del 28/06/2024", 100.0),
                                              ("approvato con delibera di Giunta n. 12/2024 del 03/05/2024", 100.0),
                                              ("determina n. 412 del 05/09/2024", 0.0)])
def test_a_completion_named_by_its_act_is_its_date(book, tmp_path, typed, grado):
    """'adottato con D.M. n. 45 del 28/06/2024' against a deadline was an error (exit 1)."""
    from .test_misreadings import recalculates

    spec = table([["1. Regolamenti", "1.1 Adozione del regolamento", "entro il 30/06/2024", typed]],
                 ["Obiettivo", "Indicatore", "Target", "Consuntivo"], extra=YEAR)
    path = book(spec)
    plan, report, outcome = _run(path)
    assert not report.errors
    assert outcome.results["1.1"].grado == pytest.approx(grado)
    recalculates(plan, report, outcome, path, tmp_path)


def test_a_condition_kept_so_far_is_in_progress_until_due_an_act_done_is_reached(book, tmp_path):
    """'Rispetto del tetto di spesa: SI' in June was 'raggiunto' for good, as an act done is."""
    from .test_misreadings import recalculates

    spec = table([["1. Bilancio", "1.1 Rispetto del tetto di spesa", "SI", "SI"],
                  [None, "1.2 Approvazione del regolamento", "SI", "SI"],
                  [None, "1.3 Mantenimento della certificazione ISO 9001", "SI", "SI"]],
                 ["Obiettivo", "Indicatore", "Target", "Consuntivo"], extra=YEAR)
    path = book(spec)
    plan, report, june = _run(path, "2024-06")
    assert [june.results[c].status for c in ("1.1", "1.2", "1.3")] == ["in corso", "raggiunto", "in corso"]
    assert june.objectives["1"].status == "in corso"
    recalculates(plan, report, june, path, tmp_path)
    _, _, final = _run(path)
    assert {final.results[c].status for c in ("1.1", "1.2", "1.3")} == {"raggiunto"}


# -- found by a review of the fixes above


@pytest.mark.parametrize("typed", ["in corso (raggiunto il 40%)", "non comunicata", "non pervenuti"])
def test_words_that_carry_an_answer_are_not_a_figure_to_come(typed):
    from piano_xlsx.core.values import is_pending

    assert not is_pending(typed)


@pytest.mark.parametrize(("text", "condition"), [
    ("Rispettare il tetto di spesa", True), ("Tetto di spesa rispettato", True),
    ("Garantire la pubblicazione del bando", False), ("Assicurare l'adozione del piano", False),
    ("Rispetto del termine per l'adozione del PIAO", False)])
def test_conditions_and_acts(text, condition):
    from piano_xlsx.core.targets import is_condition

    assert is_condition(text) is condition


@pytest.mark.parametrize("typed", ["D.M. n. 45 del 28/06/2024", "delibera di Giunta n. 12/2024 del 15/06/2024",
                                   "Determina dirigenziale n. 412 del 05/06/2024",
                                   "Adottato con Delibera del Consiglio di Amministrazione n. 7 del 03/05/2024"])
def test_acts_as_offices_name_them(typed):
    import datetime as dt

    from piano_xlsx.core.model import Value
    from piano_xlsx.core.values import read_date

    assert isinstance(read_date(Value(typed, None), "X").value, dt.date)


def test_the_headline_does_not_count_unmeasured_objectives_in_line(book):
    spec = table([["1. Tempi", "1.1 Tempo medio (giorni)", "<= 5", None], ["2. Eventi", "2.1 Eventi", ">= 4", 1],
                  ["3. Report", "3.1 Report", ">= 2", None]], ["Obiettivo", "Indicatore", "Target", "Consuntivo"],
                 extra=YEAR)
    _, _, outcome = _run(book(spec), "2024-03")
    assert "3 in corso (0 in linea, 1 in ritardo, 2 non misurabili)" in outcome.body.text


def test_a_prerequisite_the_objectives_to_verify_could_meet_is_to_verify(book, tmp_path):
    """'3 su 4 = 75% (prerequisito 80%: non rispettato); 1 da verificare': had the objective to
    verify been reached, 4 su 4. The Riepilogo's formula says the same (LibreOffice recalculates)."""
    from .test_misreadings import recalculates

    rows = [[f"{i}. Obiettivo {i}", f"{i}.1 Pratiche", ">= 10", 12] for i in (1, 2, 3)]
    rows.append(["4. Obiettivo 4", "4.1 Spesa", "rispetto del tetto di spesa", 5])
    path = book(table(rows, ["Obiettivo", "Indicatore", "Target", "Consuntivo"], extra=YEAR))
    plan, report, outcome = _run(path)
    assert outcome.objectives["4"].status == "da verificare"
    assert outcome.body.verdict == "da verificare" and outcome.body.as_dict()["prerequisito_rispettato"] is None
    assert "(prerequisito 80%: da verificare)" in outcome.body.text
    recalculates(plan, report, outcome, path, tmp_path)
    rows[0][3] = 5  # 2 su 4 even with the one to verify: not met
    _, _, outcome = _run(book(table(rows, ["Obiettivo", "Indicatore", "Target", "Consuntivo"], extra=YEAR),
                              name="due.xlsx"))
    assert outcome.body.verdict == "non rispettato"


def test_a_cleared_figure_before_the_deadline_is_in_progress_whichever_month_wrote_the_formula(book, tmp_path):
    """The status formula's fallback was 'in corso' in March's file and 'non valutabile' in June's."""
    import openpyxl

    from piano_xlsx.write.writeback import write_output

    spec = table([["1. Servizi", "1.1 Pratiche evase", ">= 100", 60],
                  [None, "1.2 Regolamento", "entro il 30/09/2024", None]],
                 ["Obiettivo", "Indicatore", "Target", "Consuntivo"], extra=YEAR)
    path = book(spec)
    formulas = []
    for period in ("2024-03", "2024-06"):
        plan, report, outcome = _run(path, period)
        out = tmp_path / f"{period}.xlsx"
        write_output(plan, outcome, report, path, out)
        ws = openpyxl.load_workbook(out)["Piano"]
        status_col = next(c for c in range(1, ws.max_column + 1) if ws.cell(1, c).value == "Stato raggiungimento")
        formulas.append(ws.cell(2, status_col).value)
    assert all(f.endswith('"in corso"))') for f in formulas), formulas


def test_the_tolerances_edges_are_in_line_both_sides(book):
    """66 against 60 expected (+10% exactly) was 'superiore alle attese', 54 (-10%) 'in linea'."""
    spec = table([["1. Servizi", "1.1", "Pratiche", ">= 120", None], [None, "1.2", "Visite", ">= 120", None],
                  [None, "1.3", "Eventi", ">= 120", None]],
                 ["Obiettivo", "Codice", "Indicatore", "Target", "Consuntivo"], extra=YEAR)
    spec["Dati mensili"] = monthly_data({"1.1": {6: 66}, "1.2": {6: 54}, "1.3": {6: 67}})
    _, _, june = _run(book(spec), "2024-06")
    assert [june.results[c].monitoring for c in ("1.1", "1.2", "1.3")] == \
        ["in linea", "in linea", "superiore alle attese"]


def test_the_tolerance_band_of_a_maximum_is_the_same_on_both_sides(book):
    """'<= 120', 60 expected in June: 54 (-10%) was 'superiore alle attese', 66,6 (+11%) 'in linea'."""
    spec = table([["1. Spesa", "1.1", "Spesa", "<= 120", None], [None, "1.2", "Spesa", "<= 120", None],
                  [None, "1.3", "Spesa", "<= 120", None], [None, "1.4", "Spesa", "<= 120", None]],
                 ["Obiettivo", "Codice", "Indicatore", "Target", "Consuntivo"], extra=YEAR)
    spec["Dati mensili"] = monthly_data({"1.1": {6: 54}, "1.2": {6: 66.6}, "1.3": {6: 53}, "1.4": {6: 66}})
    _, _, june = _run(book(spec), "2024-06")
    assert [june.results[c].monitoring for c in ("1.1", "1.2", "1.3", "1.4")] == \
        ["in linea", "in ritardo", "superiore alle attese", "in linea"]


def test_a_prerequisite_no_objective_can_check_is_not_verifiable_everywhere(book, tmp_path):
    """The text said 'prerequisito non verificabile' while the JSON said false (found by a sweep)."""
    from .test_misreadings import recalculates

    spec = table([["1. Servizi", "1.1 Pratiche", None, 5], ["2. Sportello", "2.1 Aperture", None, 3]],
                 ["Obiettivo", "Indicatore", "Target", "Consuntivo"], extra=YEAR)
    path = book(spec)
    plan, report, outcome = _run(path)
    assert "non verificabile" in outcome.body.text and outcome.body.verdict == "non verificabile"
    assert outcome.body.as_dict()["prerequisito_rispettato"] is None
    recalculates(plan, report, outcome, path, tmp_path)


def test_si_against_a_deadline_is_to_verify_at_its_cell_and_no_is_not_concluded(book, tmp_path):
    """'SI' typed against 'entro il 30/06/2024' was an error that stopped the run (exit 1): concluded,
    but on a date not written, so to be checked at the cell; 'NO' is not concluded, as an empty cell
    during the year and late once the year is over."""
    spec = table([["1. Servizi", "1.1 Regolamento adottato", "entro il 30/06/2024", "SI"],
                  [None, "1.2 Carta dei servizi", "entro il 31/03/2024", "NO"],
                  [None, "1.3 Manuale", "entro il 30/09/2024", "NO"],
                  [None, "1.4 Visite", ">= 4", 5]],
                 ["Obiettivo", "Indicatore", "Target", "Consuntivo"], extra=YEAR)
    path = book(spec)
    plan, report, outcome = _run(path)
    assert not report.errors, [f.message for f in report.errors]
    (undated,) = [f for f in report.findings if f.code == "consuntivo-senza-data"]
    assert undated.location.cell == "D2" and "28/04/2024" in undated.message
    assert outcome.results["1.1"].status == "da verificare" and outcome.results["1.1"].grado is None
    assert outcome.results["1.2"].grado == 0.0  # not concluded by the year's end, 275 days late
    assert outcome.results["1.4"].grado == 100.0
    assert outcome.objectives["1"].status == "da verificare"
    # during the year: 'NO' before its deadline is in progress, as an empty cell
    june = compute(plan, period="2024-06")
    assert june.results["1.3"].status == "in corso"
    assert june.results["1.2"].status == "non raggiunto"
    recalculates(plan, report, outcome, path, tmp_path)
    result = CliRunner().invoke(main, ["calcola", str(path)])
    assert result.exit_code == 0, result.output
    assert "da verificare" in result.output
