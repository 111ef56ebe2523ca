"""The year as the finance office lives it: data that stop before the period computed are said,
not used silently (found in a trial: December computed on May's values, exit 0)."""

from __future__ import annotations

import json

import openpyxl
from click.testing import CliRunner

from piano_xlsx.cli import main


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
