"""A formula's saved value is read only when it is what the formula gives.

Found in a trial and left open for a session: a university's indicators computed in the sheet
('=C2/D2'), the file written by a script with XlsxWriter (every formula saved as 0) and then
opened and saved in LibreOffice, which trusts those 0s and no longer asks for a recalculation.
Read as data, every actual was 0 and the plan came out '0 su 2' with exit 0. Excel with manual
calculation saves stale values the same way. The reader now computes the formulas it can
compute without doubt (numbers, cell references, + - * /, a percent sign) and does not read a
saved value that disagrees: the cell says why and what to do.
"""

from __future__ import annotations

import json
import shutil

import pytest
import xlsxwriter
from click.testing import CliRunner

from .fixtures_xlsx import raw_workbook, sheet_xml, styles_xml
from piano_xlsx.cli.main import main
from piano_xlsx.core.findings import Location, cell_problem
from piano_xlsx.xlsx.reader import read_workbook


def _book(tmp_path, rows: str, *, calc: str = "", others: list[dict] | None = None):
    sheets = [{"name": "Foglio1", "xml": sheet_xml(rows)}] + (others or [])
    return raw_workbook(tmp_path / "salvato.xlsx", sheets, workbook_pr=calc)


def _row(r: int, *cells: str) -> str:
    return f'<row r="{r}">{"".join(cells)}</row>'


def _num(ref: str, value) -> str:
    return f'<c r="{ref}"><v>{value}</v></c>'


def _formula(ref: str, text: str, saved) -> str:
    return f'<c r="{ref}"><f>{text}</f><v>{saved}</v></c>'


def test_a_saved_value_the_formula_does_not_give_is_not_read(tmp_path):
    rows = (_row(1, _num("A1", 193), _num("B1", 300), _formula("C1", "A1/B1", 0),
                 _formula("D1", "A1/B1*100", "64.3333333333333"))
            + _row(2, _num("A2", 85), _num("B2", 150), _formula("C2", "$A$2/B$2", "0.566666666666667"),
                   _formula("D2", "(A2+B2)*50%", 117.5), _formula("E2", "A2-B2+C2", 0)))
    sheet = read_workbook(_book(tmp_path, rows)).sheet("Foglio1")
    assert sheet.cell(1, 3).value is None and sheet.cell(1, 3).stale
    problem = cell_problem(sheet.cell(1, 3), Location("Foglio1", "C1"))
    assert problem.code == "formula-da-ricalcolare"
    assert "valore salvato con il file (0)" in problem.message and "(0,6433333333)" in problem.message
    assert "senza ricalcolare" in problem.message and "salvarlo e rilanciare" in problem.message
    # what the formula gives, as Excel and LibreOffice save it (15 digits): read
    assert sheet.value(1, 4) == pytest.approx(64.3333333333333) and not sheet.cell(1, 4).stale
    assert sheet.value(2, 3) == pytest.approx(0.566666666666667)
    assert sheet.value(2, 4) == 117.5
    # 85 - 150 + 0,5667 is not 0
    assert sheet.cell(2, 5).value is None and sheet.cell(2, 5).stale


def test_a_formula_over_a_stale_one_is_stale_too_and_other_sheets_count(tmp_path):
    other = {"name": "Dati 2024", "xml": sheet_xml(_row(4, _num("B4", 40)))}
    rows = (_row(1, _num("A1", 10), _num("B1", 4), _formula("C1", "A1/B1", 0), _formula("D1", "C1*2", 0),
                 _formula("E1", "'Dati 2024'!$B$4*50%", 20), _formula("F1", "'Dati 2024'!B4+A1", 0)))
    sheet = read_workbook(_book(tmp_path, rows, others=[other])).sheet("Foglio1")
    assert sheet.cell(1, 3).stale and sheet.cell(1, 4).stale  # 0 and 0: right from a wrong 0, still not computed
    assert "usa celle il cui valore salvato non è calcolato" in sheet.cell(1, 4).stale
    assert sheet.value(1, 5) == 20  # 40 × 50%
    assert sheet.cell(1, 6).stale  # 40 + 10 is not 0


def test_what_cannot_be_computed_without_doubt_keeps_its_saved_value(tmp_path):
    rows = (_row(1, _num("A1", 10), _num("B1", 0), '<c r="C1" t="s"><v>0</v></c>', '<c r="D1" s="1"><v>45000</v></c>')
            + _row(2, _formula("A2", "IF(A1>0,A1,B1)", 0),  # a function the check does not know
                   _formula("B2", "A1/B1", 7),  # a division by zero: Excel would show #DIV/0!
                   _formula("C2", "A1+C1", 0),  # text in it
                   _formula("D2", "D1+30", 0),  # a date in it
                   _formula("E2", "Tasso*A1", 0),  # a defined name
                   _formula("F2", "A1&amp;B1", 0),  # text joined
                   _formula("G2", "Altro!A1*2", 0),  # a sheet that is not there
                   _formula("H2", "A1*Z9", 0)))  # an empty cell is 0 in Excel: 10 × 0 = 0, right
    shared = ["<t>testo</t>"]
    path = raw_workbook(tmp_path / "incerto.xlsx", [{"name": "Foglio1", "xml": sheet_xml(rows)}],
                        shared_strings=shared,
                        styles=styles_xml(["dd/mm/yyyy"]))
    sheet = read_workbook(path).sheet("Foglio1")
    for col in range(1, 9):
        cell = sheet.cell(2, col)
        assert not cell.stale and cell.cached, (col, cell)


def test_an_empty_cell_counts_as_zero_but_not_where_the_caller_left_cells_out(tmp_path):
    rows = _row(1, _num("A1", 10), _formula("C1", "A1+B1", 0))  # B1 empty: 10, not 0
    path = _book(tmp_path, rows)
    assert read_workbook(path).sheet("Foglio1").cell(1, 3).stale
    # a caller that leaves out column B does not know B1: the saved value stays
    left_out = read_workbook(path, skip_region=lambda name, defined: (1, 2, 1, 2)).sheet("Foglio1")
    assert left_out.value(1, 3) == 0 and not left_out.cell(1, 3).stale


def test_precision_as_displayed_keeps_rounded_values_but_not_wrong_constants(tmp_path):
    rows = _row(1, _num("A1", 1), _num("B1", 3), _formula("C1", "A1/B1", "0.33"), _formula("D1", "90%", 0))
    sheet = read_workbook(_book(tmp_path, rows, calc='<calcPr fullPrecision="0"/>')).sheet("Foglio1")
    assert sheet.value(1, 3) == 0.33  # Excel rounded it to what the cell shows, on purpose
    assert sheet.cell(1, 4).stale  # '=90%' saved as 0 is wrong whatever the precision


def test_excel_with_manual_calculation(tmp_path):
    rows = _row(1, _num("A1", 12), _num("B1", 20), _formula("C1", "A1/B1", 0.5))  # B1 changed from 24
    sheet = read_workbook(_book(tmp_path, rows, calc='<calcPr calcMode="manual"/>')).sheet("Foglio1")
    assert sheet.cell(1, 3).stale and "(0,5)" in sheet.cell(1, 3).stale and "(0,6)" in sheet.cell(1, 3).stale
    assert read_workbook(_book(tmp_path, rows), saved_values=True).sheet("Foglio1").value(1, 3) == 0.5


def _university(path):
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Indicatori")
    ws.write_row(0, 0, ["Obiettivo", "Indicatore", "Numeratore", "Denominatore", "Valore rilevato", "Target"])
    ws.write_row(1, 0, ["1. Didattica", "1.1 Laureati in corso", 193, 300])
    ws.write_formula(1, 4, "=C2/D2")  # saved as 0
    ws.write(1, 5, ">= 0,6")
    ws.write_row(2, 0, ["2. Ricerca", "2.1 Docenti attivi", 85, 150])
    ws.write_formula(2, 4, "=C3/D3")
    ws.write(2, 5, ">= 0,55")
    wb.close()
    return path


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) non installato")
def test_xlsxwriter_zeros_saved_again_by_libreoffice_are_not_actuals(tmp_path):
    """The trial's file: XlsxWriter, then LibreOffice's own save (which keeps the 0s and drops the
    request to recalculate). Before: '0 su 2', exit 0. Now: exit 1, the two cells named."""
    from .libreoffice import run_soffice

    source = _university(tmp_path / "indicatori.xlsx")
    out = tmp_path / "lo"
    out.mkdir()
    run_soffice(["--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), str(source)],
                workdir=tmp_path, recalculate=False)
    resaved = out / "indicatori.xlsx"
    assert read_workbook(resaved, saved_values=True).sheet("Indicatori").value(2, 5) == 0  # LibreOffice kept the 0
    before = resaved.read_bytes()
    result = CliRunner().invoke(main, ["calcola", str(resaved), "--json"])
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    stale = {f["cella"]: f["messaggio"] for f in data["anomalie"] if f["codice"] == "formula-da-ricalcolare"}
    assert sorted(stale) == ["E2", "E3"]
    assert "(0,6433333333)" in stale["E2"] and "senza ricalcolare" in stale["E2"]
    assert all(n["grado"] is None for n in data["nodi"] if n["livello"] == "risultato")
    assert resaved.read_bytes() == before
    # recalculated by LibreOffice and saved: read, and scored
    again = tmp_path / "again"
    again.mkdir()
    run_soffice(["--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(again), str(resaved)],
                workdir=tmp_path, recalculate=True)
    result = CliRunner().invoke(main, ["calcola", str(again / "indicatori.xlsx"), "--json"])
    data = json.loads(result.stdout)
    assert not [f for f in data["anomalie"] if f["codice"] == "formula-da-ricalcolare"], result.output
    grades = {n["codice"]: n["grado"] for n in data["nodi"] if n["livello"] == "risultato"}
    assert grades == {"1.1": 100.0, "2.1": 100.0}, grades  # 0,643 ≥ 0,6 and 0,567 ≥ 0,55


def test_sums_of_ranges_are_checked_as_excel_sums(tmp_path):
    rows = (_row(1, _num("A1", 10), _num("B1", 5))
            + _row(2, _num("A2", 20), '<c r="B2" t="s"><v>0</v></c>')  # text in a range: SUM leaves it out
            + _row(3, '<c r="A3"><v>0</v></c>', _formula("B3", "A1*2", 20), '<c r="G3" t="b"><v>1</v></c>')
            + _row(4, _formula("A4", "SUM(A1:A3)", 0),  # 30, saved as 0
                   _formula("B4", "SUM($B$1:B3)", 25),  # 5 + 20 (text left out)
                   _formula("C4", "SUM(A1:B2,B3)/2", "27.5"),
                   _formula("D4", "SUM(A1:A3)*100/SUM(A1:B1)", 200),  # 30 × 100 / 15
                   _formula("E4", "SUM(A1:A3)+INT(B1)", 0),  # a function the check does not know: not checked
                   _formula("F4", "SUM(A1:A3000000)", 0),  # a whole column: not checked
                   _formula("G4", "SUM(G1:G3)", 1)))  # TRUE: Excel leaves it out, LibreOffice counts it: not checked
    sheet = read_workbook(raw_workbook(tmp_path / "somme.xlsx", [{"name": "Foglio1", "xml": sheet_xml(rows)}],
                                       shared_strings=["<t>n.d.</t>"])).sheet("Foglio1")
    assert sheet.cell(4, 1).stale and "(30)" in sheet.cell(4, 1).stale
    assert sheet.value(4, 2) == 25 and sheet.value(4, 3) == 27.5 and sheet.value(4, 4) == 200
    assert not sheet.cell(4, 5).stale and not sheet.cell(4, 6).stale and sheet.value(4, 7) == 1


def test_a_zero_the_formula_gives_is_read_in_a_workbook_asking_for_recalculation(tmp_path):
    """XlsxWriter saves 0 as every formula's value and asks for a recalculation: a 0 the formula truly
    gives ('=A1-B1' with 5 and 5) is read, and a cell computed from it too (found in review: '=C1+1',
    saved 1 by the script, was marked stale through it)."""
    path = tmp_path / "zeri.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Foglio1")
    ws.write_row(0, 0, [5, 5])
    ws.write_formula(0, 2, "=A1-B1")  # saved 0, and 0 it is
    ws.write_formula(0, 3, "=C1+1", None, 1)
    ws.write_formula(0, 4, "=A1+B1")  # saved 0, but 10
    wb.close()
    sheet = read_workbook(path).sheet("Foglio1")
    assert sheet.value(1, 3) == 0 and not sheet.cell(1, 3).stale
    assert sheet.value(1, 4) == 1 and not sheet.cell(1, 4).stale
    assert sheet.cell(1, 5).stale and "(10)" in sheet.cell(1, 5).stale


def test_running_totals_and_shares_of_a_total_stay_cheap(tmp_path, monkeypatch):
    """'=F2/SUM($F$2:$F$3001)' on every row, and a running 'SUM($B$2:B2)': each range is summed once,
    and all the ranges of a workbook walk a bounded number of cells (found in review: 119 s at
    10.000 rows). The values are right, so nothing is marked."""
    from piano_xlsx.xlsx import stale

    looked = []
    original = stale._Checker.value
    monkeypatch.setattr(stale._Checker, "value", lambda self, *a, **k: looked.append(1) or original(self, *a, **k))
    rows = []
    n = 3000
    for r in range(2, n + 2):
        rows.append(_row(r, _num(f"A{r}", r), _num(f"B{r}", 2),
                         _formula(f"C{r}", f"A{r}/SUM($A$2:$A${n + 1})", repr(r / sum(range(2, n + 2)))),
                         _formula(f"D{r}", f"SUM($B$2:B{r})", 2 * (r - 1))))
    path = raw_workbook(tmp_path / "totali.xlsx", [{"name": "Foglio1", "xml": sheet_xml("".join(rows))}])
    sheet = read_workbook(path).sheet("Foglio1")
    assert not any(c.stale for c in sheet.cells.values())
    # cells looked at: the share's range once (3.000), the running totals within the budget, not n²/2
    assert len(looked) <= stale._MAX_CELLS_WALKED + 4 * n, len(looked)


def test_circular_formulas_keep_what_the_iterations_reached_and_the_others_are_checked(tmp_path):
    """With iterative calculation on, a circle of formulas converges to values its formulas give only
    to a tolerance: they keep their saved values; a formula outside the circle is checked all the same
    (found in review: iteration switched every check off, and a stale '=E2/F2*100' was read)."""
    rows = (_row(1, _num("A1", 100), _formula("B1", "C1*0.3", "35.29405734375"),
                 _formula("C1", "A1+B1*0.5", "117.647028671875"), _formula("D1", "B1+C1", "152.941086015625"))
            + _row(2, _num("E2", 3), _num("F2", 4), _formula("D2", "E2/F2*100", 50)))
    calc = '<calcPr iterate="1" iterateCount="100" iterateDelta="0.001"/>'
    sheet = read_workbook(_book(tmp_path, rows, calc=calc)).sheet("Foglio1")
    assert [sheet.value(1, c) for c in (2, 3, 4)] == [35.29405734375, 117.647028671875, 152.941086015625]
    assert sheet.cell(2, 4).stale and "(75)" in sheet.cell(2, 4).stale


def test_a_running_total_does_not_spend_the_check_of_later_cells(tmp_path):
    """1.200 running totals before the plan's own cells, then a stale actual over the same column: it is
    still flagged (found in review: the budget ran out and 50 was read for 100)."""
    n = 1200
    rows = "".join(_row(r, _num(f"B{r}", 100), _formula(f"C{r}", f"SUM($B$2:B{r})", 100 * (r - 1)))
                   for r in range(2, n + 2))
    rows += _row(n + 2, _formula(f"D{n + 2}", f"SUM(B2:B{n + 1})/{n}", 50))
    sheet = read_workbook(_book(tmp_path, rows)).sheet("Foglio1")
    assert not any(sheet.cell(r, 3).stale for r in range(2, n + 2))
    assert sheet.cell(n + 2, 4).stale and "(100)" in sheet.cell(n + 2, 4).stale


def test_the_functions_of_a_sheet_of_measures_are_checked(tmp_path):
    """'=ROUND(AVERAGE(Rilevazioni!B2:B3),3)' and '=COUNTA(...)' saved as 0 by XlsxWriter and kept by
    LibreOffice (which drops the request to recalculate) were read as actuals of 0: '6 su 10', exit
    0. AVERAGE, MIN, MAX, COUNT, COUNTA, ROUND, ROUNDUP, ROUNDDOWN and ABS are computed as Excel does;
    a saved value that agrees is read, one that does not is not."""
    rows = (_row(1, _num("A1", "0.85"), _num("B1", "0.87"), '<c r="C1" t="s"><v>0</v></c>', _num("D1", "-2.5"))
            + _row(2, _formula("A2", "ROUND(AVERAGE(A1:B1),3)", 0),  # 0,86 saved as 0
                   _formula("B2", "ROUND(AVERAGE(A1:B1),3)", "0.86"),
                   _formula("C2", "COUNTA(A1:D1)", 0),  # 4 (text counts)
                   _formula("D2", "COUNT(A1:D1)", 3),  # text does not
                   _formula("E2", "MAX(A1:D1)-MIN(A1:D1)", "3.37"),
                   _formula("F2", "ROUNDUP(A1*10,0)+ROUNDDOWN(B1*10,0)+ABS(D1)", "19.5"),  # 9 + 8 + 2,5
                   _formula("G2", "ROUND((A1+B1)/2,1)", "0.9"),  # brackets inside a call
                   _formula("H2", "ROUND(2.675,2)", "2.68"),  # halves away from zero, as Excel
                   _formula("I2", "AVERAGE(Z1:Z3)", 0)))  # #DIV/0! in Excel: not checked
    sheet = read_workbook(raw_workbook(tmp_path / "funzioni.xlsx", [{"name": "Foglio1", "xml": sheet_xml(rows)}],
                                       shared_strings=["<t>n.d.</t>"])).sheet("Foglio1")
    assert sheet.cell(2, 1).stale and "(0,86)" in sheet.cell(2, 1).stale
    assert sheet.cell(2, 3).stale and "(4)" in sheet.cell(2, 3).stale
    for col, value in ((2, 0.86), (4, 3), (5, 3.37), (6, 19.5), (7, 0.9), (8, 2.68), (9, 0)):
        assert not sheet.cell(2, col).stale and sheet.value(2, col) == pytest.approx(value), col


def test_a_constant_sum_that_gives_zero_is_read_in_a_workbook_asking_for_recalculation(tmp_path):
    """'=0.05-0.05' written by XlsxWriter (saved 0, and 0 it is) was marked to recalculate: no cell in it."""
    path = tmp_path / "zero.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Foglio1")
    ws.write_formula(0, 0, "=0.05-0.05")
    ws.write_formula(0, 1, "=0.05+0.05")
    wb.close()
    sheet = read_workbook(path).sheet("Foglio1")
    assert not sheet.cell(1, 1).stale and sheet.value(1, 1) == 0
    assert sheet.cell(1, 2).stale
