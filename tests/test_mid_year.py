"""The year as the finance office lives it: data that stop before the period computed are said,
not used silently (found in a trial: December computed on May's values, exit 0)."""

from __future__ import annotations

import json

import openpyxl
import pytest
from click.testing import CliRunner

from piano_xlsx.cli.main import main


def _stop_after_may(path):
    wb = openpyxl.load_workbook(path)
    ws = wb["Dati mensili"]
    for row in ws.iter_rows(min_row=3):
        for cell in row[9:]:  # June onwards
            cell.value = None
    wb.save(path)


def test_data_that_stop_before_the_period_are_said(example_copy, tmp_path):
    source = example_copy()
    _stop_after_may(source)
    result = CliRunner().invoke(main, ["calcola", str(source), "--periodo", "2018-12", "--json"])
    data = json.loads(result.stdout)
    assert (data["periodo"], data["dati_fino_a"]) == ("2018-12", "2018-05")
    stale = [f for f in data["anomalie"] if f["codice"] == "dati-fermi"]
    assert len(stale) == 1 and stale[0]["foglio"] == "Dati mensili"
    assert "fino a maggio 2018 per 2.5, 4.4" in stale[0]["messaggio"]
    nodes = {n["codice"]: n for n in data["nodi"]}
    assert nodes["4.4"]["input"]["mese"] == "2018-05"
    output = tmp_path / "out.xlsx"
    CliRunner().invoke(main, ["calcola", str(source), "--periodo", "2018-12", "-o", str(output)])
    summary = openpyxl.load_workbook(output)["Riepilogo"]
    shown = {}
    for row in summary.iter_rows():
        values = [c.value for c in row if c.value is not None]
        if len(values) >= 2:
            shown[values[0]] = values[1]
    assert shown["Dati mensili fino a"] == "maggio 2018 (prima del periodo: vedere le anomalie)"


def test_data_up_to_the_period_need_no_word(example_copy):
    result = CliRunner().invoke(main, ["calcola", str(example_copy()), "--json"])
    data = json.loads(result.stdout)
    assert data["dati_fino_a"] == data["periodo"]
    assert not [f for f in data["anomalie"] if f["codice"] == "dati-fermi"]


def test_a_closed_months_corrected_data_are_said_on_every_run(example_copy):
    """Found in a trial: a correction of a closed month's data was reported only when that very
    month was re-run. The Storico keeps a fingerprint of the monthly data each period stood on."""
    source = example_copy()
    for month in ("05", "06"):
        assert CliRunner().invoke(main, ["calcola", str(source), "--sul-posto", "--periodo", f"2018-{month}"]
                                  ).exit_code == 0
    book = openpyxl.load_workbook(source)
    history = book["Storico"]
    last = [c.value for c in history[history.max_row]]
    assert last[:2] == ["dati", "impronta"] and sum(1 for v in last[3:] if v) == 2  # May and June
    assert history.row_dimensions[history.max_row].hidden  # for the tool: neither shown nor printed
    for row in book["Impostazioni"].iter_rows():
        if row[0].value == "Periodi chiusi":
            row[1].value = "2018-05"
    data = book["Dati mensili"]
    data.cell(3, 8).value += 1  # April's value of the first measure, after May was closed
    book.save(source)
    for month in ("07", "08"):
        result = CliRunner().invoke(main, ["calcola", str(source), "--sul-posto", "--periodo", f"2018-{month}",
                                           "--json"])
        said = [f for f in json.loads(result.stdout)["anomalie"] if f["codice"] == "periodo-chiuso-modificato"]
        assert len(said) == 1 and "periodo chiuso 2018-05 sono cambiati" in said[0]["messaggio"], month
    # the fingerprint row is read back as fingerprints, not as a node: still one row, last
    rows = [[c.value for c in row] for row in openpyxl.load_workbook(source)["Storico"].iter_rows()]
    assert [r[0] for r in rows].count("dati") == 1 and rows[-1][:2] == ["dati", "impronta"]
    # data put back as they were: nothing to say
    book = openpyxl.load_workbook(source)
    book["Dati mensili"].cell(3, 8).value -= 1
    book.save(source)
    result = CliRunner().invoke(main, ["calcola", str(source), "--sul-posto", "--periodo", "2018-08", "--json"])
    assert not [f for f in json.loads(result.stdout)["anomalie"] if f["codice"] == "periodo-chiuso-modificato"]


def test_fingerprints_stand_on_the_closed_months_data_only(example_copy, tmp_path):
    """Found in review: a file saved by LibreOffice (1/3 written with 15 digits), a new series that
    starts after the closed months, or a plan without monthly data raised the alarm on every run."""
    from piano_xlsx.core.history import data_fingerprint
    from piano_xlsx.read.load import load_plan

    plan = load_plan(example_copy())
    before = data_fingerprint(plan, "2018-03")
    code = next(iter(plan.series))
    series = plan.series[code]
    series.months["2018-02"] = 1 / 3
    third = data_fingerprint(plan, "2018-03")
    series.months["2018-02"] = 0.333333333333333  # as LibreOffice saves it
    assert data_fingerprint(plan, "2018-03") == third != before
    from piano_xlsx.core.model import Series
    plan.series["nuova"] = Series("nuova", "nuova", True, series.location, months={"2018-05": 4.0})
    assert data_fingerprint(plan, "2018-03") == third  # it starts in May: not March's data
    assert data_fingerprint(plan, "2018-05") != data_fingerprint(plan, "2018-04")


def test_a_closed_month_recomputed_differently_with_the_same_data_blames_the_rules(example_copy):
    source = example_copy()
    assert CliRunner().invoke(main, ["calcola", str(source), "--sul-posto", "--periodo", "2018-05"]).exit_code == 0
    book = openpyxl.load_workbook(source)
    for row in book["Impostazioni"].iter_rows():
        if row[0].value == "Periodi chiusi":
            row[1].value = "2018-05"
        if row[0].value == "Tetto grado indicatore":
            row[1].value = 1.2  # a rule, not the data: gradi above 100% now count
    book.save(source)
    result = CliRunner().invoke(main, ["calcola", str(source), "--sul-posto", "--periodo", "2018-05", "--json"])
    said = [f["messaggio"] for f in json.loads(result.stdout)["anomalie"] if f["codice"] == "periodo-chiuso-modificato"]
    assert said and "i dati mensili sono quelli di allora: è cambiato un consuntivo scritto nella tabella" in said[0]
    assert "o una regola di calcolo" in said[0]


def test_an_actual_typed_beside_monthly_data_is_not_dropped_silently(example_copy):
    """Found in a trial: 1.100 typed in the table for a result with monthly data was replaced by the
    series' 1.210 without a word."""
    from piano_xlsx.read.load import load_plan

    source = example_copy()
    plan = load_plan(source)
    code = "4.4"
    assert code in plan.series
    column = plan.table.columns["actual"]
    book = openpyxl.load_workbook(source)
    book[plan.table.sheet].cell(plan.results[code].row, column).value = 1100
    book.save(source)
    result = CliRunner().invoke(main, ["calcola", str(source), "--json"])
    data = json.loads(result.stdout)
    said = [f for f in data["anomalie"] if f["codice"] == "consuntivo-diverso-da-serie"]
    assert len(said) == 1 and "1.100" in said[0]["messaggio"] and "vale il dato mensile" in said[0]["messaggio"]
    node = next(n for n in data["nodi"] if n["codice"] == code)
    assert node["consuntivo"] != 1100  # the series counts, as said


def test_a_past_period_says_the_tables_actuals_are_todays(example_copy):
    """Found in a trial: March recomputed in December counted a 'SI' typed in July and rewrote
    March's Storico with it, exit 0. It is said, also to a script that only reads the JSON."""
    source = example_copy()
    for month in ("05", "06"):
        assert CliRunner().invoke(main, ["calcola", str(source), "--sul-posto", "--periodo", f"2018-{month}"]
                                  ).exit_code == 0
    result = CliRunner().invoke(main, ["calcola", str(source), "--periodo", "2018-05", "--json"])
    said = [f["messaggio"] for f in json.loads(result.stdout)["anomalie"] if f["codice"] == "periodo-passato"]
    assert len(said) == 1 and "precedente all'ultimo calcolato (2018-06)" in said[0]
    assert "i consuntivi scritti nella tabella sono quelli di oggi" in said[0]
    result = CliRunner().invoke(main, ["verifica", str(source), "--json"])
    assert not [f for f in json.loads(result.stdout)["anomalie"] if f["codice"] == "periodo-passato"]  # June: latest
    result = CliRunner().invoke(main, ["calcola", str(source), "--periodo", "2018-06", "--json"])
    assert not [f for f in json.loads(result.stdout)["anomalie"] if f["codice"] == "periodo-passato"]


def test_monthly_percentages_formatted_as_such_need_no_warning(book):
    """Found in a trial: a rate's monthly values formatted '0%' (0,84 shown 84%) got the
    percentuale-come-frazione warning every month, and 'letto come 84%' in every note."""
    from piano_xlsx.core.compute import compute
    from piano_xlsx.read.load import load_plan

    from .conftest import table

    header = ["Obiettivo", "Risultato", "Target", "Consuntivo"]
    spec = table([["1. Servizi", "1.1 Pratiche entro 30 giorni", ">= 85%", None]], header, extra={
        "Impostazioni": {"cells": {(1, 1): "Anno del piano", (1, 2): 2025}},
        "Dati mensili": {"cells": {(1, 1): "Codice", (1, 2): "Serie", (1, 3): "gen 2025", (1, 4): "feb 2025",
                                   (2, 1): "1.1", (2, 2): "puntuale", (2, 3): 0.84, (2, 4): 0.9},
                         "formats": {(2, 3): {"num_format": "0%"}, (2, 4): {"num_format": "0%"}}}})
    plan = load_plan(book(spec))
    assert plan.series["1.1"].percent
    outcome = compute(plan, period="2025-01")
    node = outcome.results["1.1"]
    assert node.grado == pytest.approx(84 / 85 * 100) and "letto come" not in node.explanation
    assert "percentuale-come-frazione" not in [f.code for f in plan.findings + outcome.findings]
    assert compute(plan, period="2025-02").results["1.1"].grado == 100.0


def test_dividi_without_a_period_sends_the_files_own_month(example_copy, tmp_path):
    """Found in a trial: a file computed in June, with July's data typed since, was split at July:
    figures nobody had computed or reviewed. Like confronta, dividi takes the file's own month."""
    source = example_copy()
    assert CliRunner().invoke(main, ["calcola", str(source), "--sul-posto", "--periodo", "2018-06"]).exit_code == 0
    result = CliRunner().invoke(main, ["dividi", str(source), "--per", "persona", "-d", str(tmp_path / "d")])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(next((tmp_path / "d").glob("*.xlsx")), data_only=True)
    texts = " ".join(str(c.value) for row in book["Riepilogo"].iter_rows() for c in row if c.value)
    assert "30/06/2018" in texts and "31/12/2018" not in texts


def test_verifica_at_a_month_agrees_with_calcola_at_that_month(book):
    """Found in a trial: a plan just filled in, no data yet, was an error for verifica (computed as
    at the year's end) and a warning for calcola --periodo 2025-01; verifica takes --periodo too."""
    from .conftest import table

    header = ["Obiettivo", "Risultato", "Target", "Consuntivo"]
    spec = table([["1. Servizi", "1.1 Pratiche evase", ">= 85%", None],
                  [None, "1.2 Reclami gestiti", ">= 10", None]], header,
                 extra={"Impostazioni": {"cells": {(1, 1): "Anno del piano", (1, 2): 2025}}})
    path = book(spec)
    codes = {}
    for command in (["verifica", str(path), "--json", "--periodo", "2025-01"],
                    ["calcola", str(path), "--json", "--periodo", "2025-01"], ["verifica", str(path), "--json"]):
        result = CliRunner().invoke(main, command)
        found = {f["codice"]: f["gravita"] for f in json.loads(result.stdout)["anomalie"]}
        codes[" ".join(command[:1] + command[3:])] = (result.exit_code, found.get("risultati-non-calcolabili"))
    assert codes["verifica --periodo 2025-01"] == codes["calcola --periodo 2025-01"] == (0, "avviso")
    assert codes["verifica"] == (1, "errore")  # at the year's end nothing computed is an error


def _plan_2025(book, rows, monthly, formats=None, name="piano.xlsx"):
    from .conftest import table

    cells = {(1, 1): "Codice", (1, 2): "Serie"}
    for i, month in enumerate(monthly["months"], start=3):
        cells[(1, i)] = month
    for r, (code, kind, values) in enumerate(monthly["rows"], start=2):
        cells[(r, 1)], cells[(r, 2)] = code, kind
        for i, v in enumerate(values, start=3):
            if v is not None:
                cells[(r, i)] = v
    spec = table(rows, ["Obiettivo", "Risultato", "Target", "Consuntivo"], extra={
        "Impostazioni": {"cells": {(1, 1): "Anno del piano", (1, 2): 2025}},
        "Dati mensili": {"cells": cells, "formats": formats or {}}})
    return book(spec, name)


def test_review_next_years_month_percent_points_and_quiet_warnings(book):
    """Found in a review of this session's rules: a 'gen 2026' column made complete 2025 series
    'stop early' (in corso at year end) and gave next January's value as 2025's; points typed in
    percentage cells were read as 8.400%; a table's December value beside June's series warned on
    every result; a plan whose only series are beside SI/NO results had no default period."""
    from piano_xlsx.core.compute import compute
    from piano_xlsx.read.load import load_plan

    months = [f"{m} 2025" for m in ("gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov",
                                    "dic")] + ["gen 2026"]
    path = _plan_2025(book, [["1. Uno", "1.1 Pratiche", ">= 120", 120], [None, "1.2 Tasso", ">= 90%", None]],
                      {"months": months, "rows": [("1.1", "cumulata", list(range(10, 130, 10)) + [55]),
                                                  ("1.2", "puntuale", [84, 86] + [None] * 11)]},
                      {(3, 3): {"num_format": "0%"}, (3, 4): {"num_format": "0%"}})
    plan = load_plan(path)
    assert not plan.series["1.2"].percent  # 84 in a '0%' cell is 84 points typed, not 8.400%
    outcome = compute(plan)
    assert outcome.period == "2026-01"
    node = outcome.results["1.1"]
    assert (node.status, node.actual, node.inputs["mese"]) == ("raggiunto", 120.0, "2025-12")
    assert not [f for f in outcome.findings if f.code == "consuntivo-diverso-da-serie"]  # 120 is December's
    june = compute(plan, period="2025-06")
    assert not [f for f in june.findings if f.code == "consuntivo-diverso-da-serie"]  # the table holds December's
    milestones = _plan_2025(book, [["1. Uno", "1.1 Relazione", "SI", None]],
                            {"months": months[:3], "rows": [("1.1", "puntuale", [0, 0, 1])]}, name="si.xlsx")
    assert compute(load_plan(milestones)).period == "2025-03"  # their months still say how far the year is


def test_a_past_period_without_actuals_in_the_table_needs_no_warning(book):
    """Found in review: periodo-passato is about the table's undated actuals; a plan whose actuals
    all come from the monthly data is read month by month, nothing to say."""
    months = [f"{m} 2025" for m in ("gen", "feb", "mar", "apr", "mag", "giu")]
    path = _plan_2025(book, [["1. Uno", "1.1 Pratiche", ">= 120", None]],
                      {"months": months, "rows": [("1.1", "cumulata", [10, 20, 30, 40, 50, 60])]})
    assert CliRunner().invoke(main, ["calcola", str(path), "--sul-posto", "--periodo", "2025-06"]).exit_code == 0
    result = CliRunner().invoke(main, ["calcola", str(path), "--periodo", "2025-03", "--json"])
    assert not [f for f in json.loads(result.stdout)["anomalie"] if f["codice"] == "periodo-passato"]
