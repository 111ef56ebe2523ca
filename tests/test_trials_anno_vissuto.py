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
    # and the run after: still the office's, still kept, the Storico continued from the new one
    third = tmp_path / "terzo.xlsx"
    code, _ = _run("calcola", str(again), "-o", str(third))
    assert code == 0
    assert {"Storico 2018", "Riepilogo per la Giunta"} <= set(openpyxl.load_workbook(third).sheetnames)
