"""Found by a trial of a lived year: monthly runs in place, the office editing the output between
them in LibreOffice and with openpyxl (sorting, renaming and copying sheets, typing notes): each
a wrong number printed with exit code 0, or something the office wrote lost without a word."""

from __future__ import annotations

import json
import shutil

import openpyxl
from click.testing import CliRunner

from piano_xlsx.cli.main import main

from .conftest import EXAMPLE_FILLED


def _run(*args: str):
    result = CliRunner().invoke(main, [*args, "--json"])
    return result.exit_code, json.loads(result.stdout[result.stdout.index("{"):])


def _first_run(tmp_path):
    source = tmp_path / "piano.xlsx"
    shutil.copyfile(EXAMPLE_FILLED, source)
    first = tmp_path / "calcolato.xlsx"
    code, out = _run("calcola", str(source), "-o", str(first))
    assert code == 0
    return first, out


def test_a_renamed_or_copied_sheet_of_piano_xlsx_is_the_offices_and_kept(tmp_path):
    # 'Storico' renamed 'Storico 2018' (its hidden mark goes with it) and the Riepilogo copied as
    # 'Riepilogo per la Giunta' with a note: the next run deleted both as its own, the months with them
    first, before = _first_run(tmp_path)
    book = openpyxl.load_workbook(first)
    book["Storico"].title = "Storico 2018"
    copy = book.copy_worksheet(book["Riepilogo"])  # openpyxl copies the cells, not the hidden mark
    copy.title = "Riepilogo per la Giunta"
    copy["H1"] = "Inviato alla Giunta il 15/02"
    months = [c.value for c in book["Storico 2018"][3]]
    edited = tmp_path / "modificato.xlsx"
    book.save(edited)

    again = tmp_path / "ricalcolato.xlsx"
    code, after = _run("calcola", str(edited), "-o", str(again))
    assert code == 0
    assert after["risultato_ente"] == before["risultato_ente"]  # read as before: the copies are not plan data
    said = {a["foglio"]: a["messaggio"] for a in after["anomalie"] if a["codice"] == "foglio-calcolato-rinominato"}
    assert set(said) == {"Storico 2018", "Riepilogo per la Giunta"}
    assert "Lo Storico riparte da questo calcolo" in said["Storico 2018"]
    kept = openpyxl.load_workbook(again)
    assert {"Storico 2018", "Riepilogo per la Giunta", "Storico", "Riepilogo"} <= set(kept.sheetnames)
    assert [c.value for c in kept["Storico 2018"][3]] == months
    assert kept["Riepilogo per la Giunta"]["H1"].value == "Inviato alla Giunta il 15/02"
    # and the run after: still the office's, still kept, not said again (found in review: on every run)
    third = tmp_path / "terzo.xlsx"
    code, out = _run("calcola", str(again), "-o", str(third))
    assert code == 0 and not [a for a in out["anomalie"] if a["codice"] == "foglio-calcolato-rinominato"]
    assert out["risultato_ente"] == before["risultato_ente"]
    kept = openpyxl.load_workbook(third)
    assert {"Storico 2018", "Riepilogo per la Giunta"} <= set(kept.sheetnames)
    assert kept["Riepilogo per la Giunta"]["H1"].value == "Inviato alla Giunta il 15/02"


def _plan_with_blank_cells(book):
    from .conftest import table
    rows = [["1. Servizi", "1. Tempi", "KPI01 Pratiche evase", ">= 100", 100, "Ufficio A"],
            [None, None, "KPI02 Pratiche evase entro 5 giorni", ">= 80", 40, "Ufficio C"],
            [None, "2. Riscossione", "KPI03 Diritto annuale riscosso", ">= 90", 90, "Ufficio B"],
            ["2. Imprese", "3. Contributi", "KPI04 Contributi erogati", ">= 50", 50, "Ufficio A"],
            [None, None, "KPI05 Imprese raggiunte", ">= 10", 10, "Ufficio C"]]
    extra = {"Impostazioni": {"cells": {(1, 1): "Anno del piano", (1, 2): 2024}}}
    return book(table(rows, ["Linea", "Obiettivo", "Indicatore", "Target", "Consuntivo", "Responsabile"], extra=extra))


def _sorted_by_owner(path, out):
    # as 'Dati > Ordina' by Responsabile does on the office's columns A:F (blank cells move with their rows)
    book = openpyxl.load_workbook(path)
    ws = book["Piano"]
    rows = [[ws.cell(r, c).value for c in range(1, 7)] for r in range(2, 7)]
    for r, values in enumerate(sorted(rows, key=lambda v: v[5]), start=2):
        for c, value in enumerate(values, start=1):
            ws.cell(r, c).value = value
    book.save(out)


def test_a_table_sorted_with_blank_objective_cells_is_said(book, tmp_path):
    # sorted by 'Responsabile': KPI03 (blank line cell) went under line 2, KPI02 under objective 2 (the
    # objective above them now); the grado of lines and objectives changed with exit 0, no word
    first = tmp_path / "calcolato.xlsx"
    code, before = _run("calcola", str(_plan_with_blank_cells(book)), "-o", str(first))
    assert code == 0 and not [a for a in before["anomalie"] if a["codice"] == "ordine-righe-cambiato"]
    edited = tmp_path / "ordinato.xlsx"
    _sorted_by_owner(first, edited)
    code, after = _run("verifica", str(edited))
    said = [a for a in after["anomalie"] if a["codice"] == "ordine-righe-cambiato"]
    assert len(said) == 1 and said[0]["foglio"] == "Piano" and "ordinata" in said[0]["messaggio"]


def test_a_row_added_in_the_middle_is_not_a_new_order(book, tmp_path):
    first = tmp_path / "calcolato.xlsx"
    assert _run("calcola", str(_plan_with_blank_cells(book)), "-o", str(first))[0] == 0
    book_ = openpyxl.load_workbook(first)
    ws = book_["Piano"]
    ws.insert_rows(4)
    for c, value in enumerate([None, None, "KPI06 Reclami gestiti", ">= 5", 5, "Ufficio A"], start=1):
        ws.cell(4, c).value = value
    edited = tmp_path / "aggiunto.xlsx"
    book_.save(edited)
    code, after = _run("verifica", str(edited))
    assert not [a for a in after["anomalie"] if a["codice"] == "ordine-righe-cambiato"]


def test_notes_typed_in_the_storico_are_said(tmp_path):
    # a note under the Storico's rows and one in the empty column between gradi and statuses were lost
    # by the next run in silence (only a note in the header row was said)
    first, _ = _first_run(tmp_path)
    book = openpyxl.load_workbook(first)
    ws = book["Storico"]
    gap = next(c for c in range(4, ws.max_column + 1) if ws.cell(4, c).value is None)
    below = ws.max_row + 3
    ws.cell(below, 3).value = "Verificato dal Nucleo di valutazione il 10/03"
    ws.cell(6, gap).value = "dato provvisorio"
    edited = tmp_path / "note.xlsx"
    book.save(edited)
    again = tmp_path / "ricalcolato.xlsx"
    code, out = _run("calcola", str(edited), "-o", str(again))
    assert code == 0
    (said,) = [a for a in out["anomalie"] if a["codice"] == "nota-nello-storico"]
    assert f"C{below}" in said["messaggio"] and "Verificato dal Nucleo" in said["messaggio"]
    assert "dato provvisorio" in said["messaggio"]


def _owned_header_column(ws, header: str) -> int:
    return next(c.column for row in ws.iter_rows(min_row=1, max_row=10) for c in row if c.value == header)


def test_a_column_inserted_among_piano_xlsxs_columns_stops_the_writing_with_a_message(tmp_path):
    # a 'Commento al grado' column inserted between 'Grado di raggiungimento' and 'Stato raggiungimento':
    # the old gradi were read as the office's published ones and five new columns were added beside them
    first, _ = _first_run(tmp_path)
    book = openpyxl.load_workbook(first)
    table_sheet = next(ws for ws in book.worksheets if ws.title not in ("Riepilogo", "Storico", "Anomalie")
                       and any(c.value == "Stato raggiungimento" for row in ws.iter_rows(max_row=10) for c in row))
    status = _owned_header_column(table_sheet, "Stato raggiungimento")
    header_row = next(c.row for row in table_sheet.iter_rows(max_row=10) for c in row if c.value == "Stato raggiungimento")
    table_sheet.insert_cols(status)
    table_sheet.cell(header_row, status).value = "Commento al grado"
    edited = tmp_path / "colonna.xlsx"
    book.save(edited)
    output = tmp_path / "ricalcolato.xlsx"
    code, out = _run("calcola", str(edited), "-o", str(output))
    assert code == 1 and not output.exists()
    (said,) = [a for a in out["anomalie"] if a["codice"] == "colonne-calcolate-separate"]
    assert "'Commento al grado'" in said["messaggio"]
    assert not [a for a in out["anomalie"] if a["codice"] == "grado-pubblicato-diverso"]


def test_a_column_of_piano_xlsx_deleted_is_said(tmp_path):
    first, _ = _first_run(tmp_path)
    book = openpyxl.load_workbook(first)
    table_sheet = next(ws for ws in book.worksheets if ws.title not in ("Riepilogo", "Storico", "Anomalie")
                       and any(c.value == "Andamento nei periodi" for row in ws.iter_rows(max_row=10) for c in row))
    table_sheet.delete_cols(_owned_header_column(table_sheet, "Andamento nei periodi"))
    edited = tmp_path / "senza.xlsx"
    book.save(edited)
    code, out = _run("verifica", str(edited))
    assert code == 1
    (said,) = [a for a in out["anomalie"] if a["codice"] == "colonne-calcolate-separate"]
    assert "manca 'Andamento nei periodi'" in said["messaggio"]


def test_a_finding_on_a_monthly_figure_names_its_cell_in_dati_mensili(book):
    # 0,86 in March's cell of 'Dati mensili' against '>= 90%': 'percentuale-come-frazione' named no sheet
    # and no cell (the actual came from the series, not from the table)
    from piano_xlsx.core.compute import compute
    from piano_xlsx.read.load import verify

    from .conftest import monthly_data, table
    rows = [["1. Tempi", "1.1 Pratiche evase nei termini", ">= 90%", None],
            ["1. Tempi", "1.2 Pratiche evase", ">= 100", 100]]
    extra = {"Impostazioni": {"cells": {(1, 1): "Anno del piano", (1, 2): 2024}},
             "Dati mensili": monthly_data({"1.1": {1: 0.8, 2: 0.82, 3: 0.86}})}
    plan, report = verify(book(table(rows, ["Obiettivo", "Indicatore", "Target", "Consuntivo"], extra=extra)))
    outcome = compute(plan, period="2024-03")
    (said,) = [f for f in outcome.findings if f.code == "percentuale-come-frazione"]
    assert (said.location.sheet, said.location.cell) == ("Dati mensili", "G2")  # March: D is 'Anno precedente'


def test_rows_swapped_under_the_same_objective_are_not_a_sort_that_moved_them(book, tmp_path):
    # KPI04 and KPI05 swapped (same objective; their line cells blank): 'possono essere passati sotto un
    # altro obiettivo' where nothing moved (found in review); the structure the last run computed is kept
    first = tmp_path / "calcolato.xlsx"
    assert _run("calcola", str(_plan_with_blank_cells(book)), "-o", str(first))[0] == 0
    book_ = openpyxl.load_workbook(first)
    ws = book_["Piano"]
    for c in range(3, 7):
        ws.cell(5, c).value, ws.cell(6, c).value = ws.cell(6, c).value, ws.cell(5, c).value
    edited = tmp_path / "scambiati.xlsx"
    book_.save(edited)
    code, after = _run("verifica", str(edited))
    assert not [a for a in after["anomalie"] if a["codice"] == "ordine-righe-cambiato"]
