"""A person changes an actual in the output, as in Excel, and the workbook is recalculated (by
LibreOffice, as Excel would on opening): no cell may still show a value from before the edit
without saying it is stale (issue 11). The truth is a new run of piano-xlsx on the edited file:
every grado and status (formulas) equals it; every monitoring cell equals it or says 'da
ricalcolare'; every note or explanation that differs from it sits beside 'da ricalcolare'.
"""

from __future__ import annotations

import shutil

import openpyxl
from click.testing import CliRunner

from piano_xlsx.cli.main import main
from piano_xlsx.read.load import load_plan

from .conftest import EXAMPLE_FILLED, table
from .libreoffice import assert_formulas_recompute_to_cached, recalculated_sheets, requires_libreoffice, values_match
from .test_reading_rules import YEAR

STALE = "da ricalcolare"


def _field(rows, r: int, c: int) -> str:
    return rows[r - 1][c - 1] if r <= len(rows) and c <= len(rows[r - 1]) else ""


def _owned(ws) -> tuple[int, int, int, int]:
    for row in ws.iter_rows(min_row=1, max_row=40):
        for cell in row:
            if cell.value == "Stato raggiungimento":
                c = cell.column
                return c - 1, c, c + 1, c + 3  # grado, status, monitoring, note
    raise AssertionError("colonne dei risultati non trovate")


@requires_libreoffice
def test_an_edited_actual_leaves_no_silent_old_value(tmp_path):
    source = tmp_path / "piano.xlsx"
    shutil.copyfile(EXAMPLE_FILLED, source)
    output = tmp_path / "piano_calcolato.xlsx"
    assert CliRunner().invoke(main, ["calcola", str(source), "-o", str(output)]).exit_code == 0
    plan = load_plan(output)
    # the person lowers 2.1.1's actual (86 against >= 80) to 50 and changes 4.2's target
    book = openpyxl.load_workbook(output)
    table = book[plan.table.sheet]
    actual = plan.results["2.1.1"].values["actual"].location.cell
    assert table[actual].value == 0.86  # 86%
    table[actual] = 0.5
    target = plan.results["4.2"].values["target"].location.cell
    table[target] = ">= 70"
    edited = tmp_path / "modificato.xlsx"
    book.save(edited)

    fresh = tmp_path / "nuovo.xlsx"
    assert CliRunner().invoke(main, ["calcola", str(edited), "-o", str(fresh)]).exit_code == 0
    truth = openpyxl.load_workbook(fresh, data_only=True)
    recalculated = recalculated_sheets(edited)

    rows = recalculated[plan.table.sheet]
    ws = truth[plan.table.sheet]
    g, s, m, n = _owned(ws)
    stale_rows = set()
    for code, result in plan.results.items():
        r = result.row
        want = [ws.cell(r, c).value for c in (g, s, m, n)]
        got = [_field(rows, r, c) for c in (g, s, m, n)]
        if want[1] is None:
            continue  # a row holding several results shows them in the note only
        assert got[2] in (want[2] or "", STALE), (code, want[2], got[2])
        if got[2] == STALE:
            stale_rows.add(code)
        else:
            assert got[3] == (want[3] or ""), (code, "nota rimasta vecchia senza dirlo")
        # an actual edited is followed by the formulas; a target is free text the formula cannot
        # read again (its value is in the formula): that row says 'da ricalcolare' instead
        if code not in ("4.2", "4"):
            assert values_match(want[0], got[0], rel=1e-9), (code, want[0], got[0])
            assert got[1] == want[1], (code, want[1], got[1])
    # the edited rows and their parents say so; the others do not
    assert {"2.1.1", "2.1", "4.2"} <= stale_rows
    assert not stale_rows - {"2.1.1", "2.1", "4.2"}

    summary = recalculated["Riepilogo"]
    ws = truth["Riepilogo"]
    objectives = 0
    for r in range(16, 16 + len(plan.objectives)):
        code = ws.cell(r, 1).value
        want = [ws.cell(r, c).value for c in (4, 5, 6, 7)]
        got = [_field(summary, r, c) for c in (4, 5, 6, 7)]
        if code != "4":  # objective 4 holds 4.2, whose target changed: it says 'da ricalcolare'
            assert values_match(want[0], got[0], rel=1e-9), (code, want[0], got[0])
            assert got[1] == want[1], (code, want[1], got[1])
        if got[2] == STALE:
            assert code in ("2", "4"), code
        else:
            assert got[2] == want[2] and got[3] == want[3], (code, "spiegazione rimasta vecchia senza dirlo")
        objectives += 1
    assert objectives == len(plan.objectives)
    assert [_field(summary, r, 6) for r in range(16, 26) if _field(summary, r, 1) in ("2", "4")] == [STALE, STALE]
    # the body's counts are formulas: they follow the edit (objective 2 is no longer reached)
    for r in (5, 6, 7):
        assert values_match(truth["Riepilogo"].cell(r, 3).value, _field(summary, r, 3), rel=1e-9), r
    assert _field(summary, 5, 3) == "7"


def _monitoring(rows, header_row: int = 1) -> dict[str, str]:
    """Code (column B) -> the recalculated 'Monitoraggio al periodo' of each table row."""
    header = rows[header_row - 1]
    m = header.index("Monitoraggio al periodo")
    return {row[1]: row[m] for row in rows[header_row:] if len(row) > m and row[1]}


@requires_libreoffice
def test_stale_marks_are_true_on_odd_texts_and_follow_empty_and_forced_cells(book, tmp_path):
    """Found in review: a vertical tab (Word's Shift+Enter) in a target made the sheet's XML
    invalid (no output); a carriage return made a fresh output 'da ricalcolare' in LibreOffice; an
    actual filled in later, or a forced grado changed, was never said."""
    header = ["Obiettivo", "Codice", "Indicatore", "Target", "Consuntivo", "Grado forzato", "Nota forzatura"]
    rows = [["1. Uno", "1.1", "Pratiche", ">= 10\x0bpratiche evase", 12, None, None],
            [None, "1.2", "Reclami", ">= 10\r\npratiche", 12, None, None],
            [None, "1.3", "Nuovo servizio", ">= 5", None, None, None],
            ["2. Due", "2.1", "Forzato", ">= 100", 30, 0.5, "accordo con il Nucleo"],
            [None, "2.2", "Citazioni", 'almeno 5 "pratiche" dell\'ufficio ' + "x" * 300, 7, None, None]]
    spec = table(rows, header, extra=YEAR)
    source = book(spec)
    output = tmp_path / "out.xlsx"
    result = CliRunner().invoke(main, ["calcola", str(source), "-o", str(output)])
    assert output.exists(), result.output
    assert_formulas_recompute_to_cached(output)  # no 'da ricalcolare' on a fresh output
    edited = openpyxl.load_workbook(output)
    ws = edited["Piano"]
    ws["E4"] = 6  # 1.3's actual, empty at the run
    ws["F5"] = 0.9  # 2.1's forced grado
    path = tmp_path / "edited.xlsx"
    edited.save(path)
    shown = _monitoring(recalculated_sheets(path)["Piano"])
    assert shown["1.3"] == STALE and shown["2.1"] == STALE
    assert shown["1.1"] != STALE and shown["1.2"] != STALE and shown["2.2"] != STALE


@requires_libreoffice
def test_an_edited_cell_of_stacked_values_marks_its_row_and_objective(tmp_path):
    """'2.3.1: 84%\n2.3.2: 76%' edited after calcola: the row, its objective in the Riepilogo
    and the mean kept the old figures and said 'in linea' (found in a trial of the monthly cycle)."""
    source = tmp_path / "piano.xlsx"
    shutil.copyfile(EXAMPLE_FILLED, source)
    output = tmp_path / "piano_calcolato.xlsx"
    assert CliRunner().invoke(main, ["calcola", str(source), "-o", str(output)]).exit_code == 0
    plan = load_plan(output)
    stacked = plan.results["2.3.1"].values["actual"]
    assert stacked.from_split and stacked.location == plan.results["2.3.2"].values["actual"].location
    book = openpyxl.load_workbook(output)
    table_ws = book[plan.table.sheet]
    assert table_ws[stacked.location.cell].value == stacked.cell_raw
    table_ws[stacked.location.cell] = str(stacked.cell_raw).replace("84%", "60%")
    assert table_ws[stacked.location.cell].value != stacked.cell_raw
    edited = tmp_path / "modificato.xlsx"
    book.save(edited)
    header = plan.table.header_rows[1]

    def monitoring(path) -> dict[str, str]:
        rows = recalculated_sheets(path)
        m = rows[plan.table.sheet][header - 1].index("Monitoraggio al periodo")
        by_row = {r.row: c for c, r in plan.results.items() if not r.values.get("actual") or
                  not r.values["actual"].from_split}
        return {code: _field(rows[plan.table.sheet], row, m + 1) for row, code in by_row.items()}, rows

    marks, recalculated = monitoring(edited)
    assert marks["2.3"] == STALE
    assert [code for code, value in marks.items() if value == STALE] == ["2.3"]
    summary = recalculated["Riepilogo"]
    assert [_field(summary, r, 6) for r in range(16, 26) if _field(summary, r, 1) == "2"] == [STALE]
    # the unedited output says nothing of the kind
    assert STALE not in monitoring(output)[0].values()


@requires_libreoffice
def test_an_answer_typed_over_a_completion_date_says_recompute_not_an_error(book, tmp_path):
    """NO typed over a completion date after calcola: the row's 'da ricalcolare' condition took a text
    minus a date and showed #VALUE! (found in review)."""
    import datetime as dt

    path = book(table([["1. Atti", "1.1 Sito rinnovato", "entro il 30/09/2024", dt.datetime(2024, 9, 1)],
                       [None, "1.2 Carta dei servizi", ">= 2", 3]],
                      ["Obiettivo", "Indicatore", "Target", "Consuntivo"], extra=YEAR))
    output = tmp_path / "calcolato.xlsx"
    assert CliRunner().invoke(main, ["calcola", str(path), "-o", str(output)]).exit_code == 0
    edited = openpyxl.load_workbook(output)
    edited["Piano"]["D2"] = "NO"
    edited.save(tmp_path / "modificato.xlsx")
    rows = recalculated_sheets(tmp_path / "modificato.xlsx")["Piano"]
    header = rows[0]
    row = dict(zip(header, rows[1]))
    assert row["Monitoraggio al periodo"] == STALE
    assert not any(str(v).startswith("#") for v in rows[1])
