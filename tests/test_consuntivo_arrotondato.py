"""An actual whose cell shows it rounded, where the rounding decides the target.

A university's share computed as '=B2/C2' comes out 0,9496 and the cell, formatted '0%', shows 95%;
the target is '>= 95%'. The office reads 'raggiunto'; scored on the value held it is 99,96%,
'parzialmente raggiunto', with exit 0: the tool and the sheet disagree in silence. Neither reading
is the tool's to choose: the result is asked ('da verificare') at the actual's cell, in the
computation and in the formula written back, until the office rounds the value in the cell or
shows it with more decimals.
"""

from __future__ import annotations

import json

import openpyxl
import pytest
import xlsxwriter
from click.testing import CliRunner

from piano_xlsx.cli.main import main
from piano_xlsx.core.targets import shown_decimals

from .libreoffice import compare_formulas, recalculated_sheets, requires_libreoffice

ROWS = [  # (code, title, actual, its format, target)
    ("1.1", "Laureati in corso", 0.9496, "0%", ">= 95%"),  # shown 95%: met as shown, not as held
    ("2.1", "Reclami oltre i termini", 0.0504, "0%", "<= 5%"),  # shown 5%: the same, kept low
    ("3.1", "Copertura del servizio", 0.93, "0%", ">= 95%"),  # 93% either way
    ("4.1", "Pratiche evase", 0.9496, "0.00%", ">= 95%"),  # shown 94,96%: what the office sees is scored
    ("5.1", "Tempo medio (giorni)", 29.6, "0", "<= 29"),  # shown 30: missed either way
    ("6.1", "Imprese contattate", 149.5, "#,##0", ">= 150"),  # shown 150 (half up): asked
]


def _plan(path, rows=ROWS):
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Indicatori")
    ws.write_row(0, 0, ["Obiettivo", "Indicatore", "Valore rilevato", "Target"])
    for i, (code, title, actual, number_format, target) in enumerate(rows, start=1):
        ws.write_row(i, 0, [f"{code[0]}. Obiettivo {code[0]}", f"{code} {title}"])
        ws.write(i, 2, actual, wb.add_format({"num_format": number_format}))
        ws.write(i, 3, target)
    wb.close()
    return path


def _run(path, *extra):
    result = CliRunner().invoke(main, ["calcola", str(path), "--json", *extra])
    data = json.loads(result.stdout)
    nodes = {n["codice"]: n for n in data["nodi"] if n["livello"] == "risultato"}
    return result, data, nodes


def test_the_decimals_a_format_shows():
    assert [shown_decimals(f) for f in ("0%", "0.0%", "0", "#,##0.00", "[Rosso]0.0", "0.0_);(0.0)")] == \
        [2, 3, 0, 2, 1, 1]
    # shown as held, scaled, or not a plain number: not rounded by this rule
    assert {shown_decimals(f) for f in (None, "General", '0.0" ore"', "#,##0,", "dd/mm/yyyy", "0.00E+00", "# ?/?",
                                        "[h]:mm", "@", '"SI";"SI";"NO"', "[>=100]0;0.0")} == {None}


def test_the_rounding_that_decides_is_asked_at_the_cell(tmp_path):
    result, data, nodes = _run(_plan(tmp_path / "piano.xlsx"))
    assert {c: n["stato"] for c, n in nodes.items()} == {
        "1.1": "da verificare", "2.1": "da verificare", "3.1": "parzialmente raggiunto",
        "4.1": "parzialmente raggiunto", "5.1": "parzialmente raggiunto", "6.1": "da verificare"}
    asked = {f["cella"]: f["messaggio"] for f in data["anomalie"] if f["codice"] == "consuntivo-arrotondato"}
    assert sorted(asked) == ["C2", "C3", "C7"]
    assert "consuntivo 94,96%, che la cella mostra come 95%" in asked["C2"]
    assert "con il valore mostrato il target '>= 95%' è raggiunto, con quello esatto no" in asked["C2"]
    assert "149,5, che la cella mostra come 150" in asked["C7"]
    assert nodes["1.1"]["grado"] is None and nodes["4.1"]["grado"] == pytest.approx(99.957895, abs=1e-6)
    assert "3 da verificare" in CliRunner().invoke(main, ["calcola", str(tmp_path / "piano.xlsx")]).output


def test_during_the_year_the_rounding_is_not_asked(tmp_path):
    # the value of June is not the year's: the result is in progress, not asked (as a strict tie)
    _, data, nodes = _run(_plan(tmp_path / "piano.xlsx"), "--periodo", "2025-06")
    assert nodes["1.1"]["stato"] == "in corso"
    assert not [f for f in data["anomalie"] if f["codice"] == "consuntivo-arrotondato"]


@requires_libreoffice
def test_the_written_formula_asks_as_the_computation_does(tmp_path):
    out = tmp_path / "uscita.xlsx"
    result = CliRunner().invoke(main, ["calcola", str(_plan(tmp_path / "piano.xlsx")), "-o", str(out)])
    assert out.exists(), result.output
    mismatches, checked = compare_formulas(out)
    assert mismatches == [] and checked > 0
    # a row asked keeps no formula (as a strict tie): its monitoring says 'da ricalcolare' once edited;
    # the other rows' formulas follow what the office types
    book = openpyxl.load_workbook(out)
    sheet = book["Indicatori"]
    header = [c.value for c in sheet[1]]
    grado = header.index("Grado di raggiungimento") + 1
    assert sheet.cell(2, grado).value is None and str(sheet.cell(4, grado).value).startswith("=")
    sheet["C4"] = 0.9496  # 3.1: now shown 95%, held below: asked
    sheet["C5"] = 0.9504  # 4.1: 95,04% however shown: met
    sheet["C6"] = 29.4  # 5.1: shown 29, held above '<= 29': asked
    edited = tmp_path / "modificato.xlsx"
    book.save(edited)
    rows = recalculated_sheets(edited)["Indicatori"]
    cell = {r: rows[r - 1][grado - 1] for r in (4, 5, 6)}
    assert cell == {4: "da verificare", 5: "100%", 6: "da verificare"}, cell
