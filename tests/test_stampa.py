"""A table the office prints fitted to one page wide stays readable once the five result columns
are added: piano-xlsx prints it on two or three pages side by side, the result's columns repeated
(found on the printed pages: the Torino example came out at 4.9 pt on A3). A table that stays
readable, or that the office set to more pages, is left as it is."""

from __future__ import annotations

import re
import zipfile

import xlsxwriter
from click.testing import CliRunner

from piano_xlsx.cli.main import main


def _plan(path, widths, *, pages_wide=1, titles_rows=True, pages_tall=0):
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Piano")
    header = ["Obiettivo", "Risultato", "Target", "Consuntivo", "Responsabile", "Note"]
    ws.write_row(0, 0, header)
    ws.write_row(1, 0, ["1. Servizi", "1.1 Pratiche evase entro 30 giorni", ">= 80%", 0.85, "Area A", "nota"])
    ws.write_row(2, 0, ["", "1.2 Reclami gestiti", ">= 10", 12, "Area B", ""])
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(pages_wide, pages_tall)
    if titles_rows:
        ws.repeat_rows(0, 0)
    settings = wb.add_worksheet("Impostazioni")
    settings.write_row(0, 0, ["Anno del piano", 2024])
    wb.close()
    return path


def _run(tmp_path, source):
    out = tmp_path / "out.xlsx"
    result = CliRunner().invoke(main, ["calcola", str(source), "-o", str(out), "--json"])
    assert out.exists(), result.output
    import json
    findings = [f["codice"] for f in json.loads(result.stdout)["anomalie"]]
    with zipfile.ZipFile(out) as z:
        workbook = z.read("xl/workbook.xml").decode()
        sheets = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
    sheet = next(x for x in sheets if "<pageSetup" in x and 'fitToPage="1"' in x)  # the office's table
    setup = re.search(r"<pageSetup[^>]*>", sheet).group(0)
    titles = [t for t in re.findall(r'<definedName name="_xlnm.Print_Titles"[^>]*>([^<]*)<', workbook) if "Piano" in t]
    return findings, setup, titles


def test_a_wide_table_fitted_to_one_page_prints_on_pages_side_by_side(tmp_path):
    source = _plan(tmp_path / "largo.xlsx", [40, 60, 30, 20, 40, 120])
    findings, setup, titles = _run(tmp_path, source)
    assert "stampa-su-piu-pagine" in findings
    assert 'fitToWidth="2"' in setup or 'fitToWidth="3"' in setup
    assert 'pageOrder="overThenDown"' in setup
    assert titles == ["'Piano'!$B:$B,Piano!$1:$1"]  # the result's column, and the office's rows kept


def test_a_table_that_stays_readable_or_set_to_more_pages_is_left_as_it_is(tmp_path):
    narrow = _plan(tmp_path / "stretto.xlsx", [12, 30, 10, 10, 12, 10])
    findings, setup, titles = _run(tmp_path, narrow)
    assert "stampa-su-piu-pagine" not in findings and 'fitToWidth="2"' not in setup
    assert titles == ["Piano!$1:$1"]
    (tmp_path / "out.xlsx").unlink()
    two = _plan(tmp_path / "due.xlsx", [40, 60, 30, 20, 40, 120], pages_wide=2, titles_rows=False)
    findings, setup, titles = _run(tmp_path, two)
    assert "stampa-su-piu-pagine" not in findings and 'fitToWidth="2"' in setup
    assert not [t for t in titles if "$B:$B" in t]  # the office's choice: no columns repeated by us


def test_without_the_offices_titles_the_header_rows_repeat_too(tmp_path):
    """Found in review: the columns alone were written, and every page after the first lost the
    table's header (the rows were added only when no title was set)."""
    source = _plan(tmp_path / "senza-titoli.xlsx", [40, 60, 30, 20, 40, 120], titles_rows=False)
    findings, setup, titles = _run(tmp_path, source)
    assert "stampa-su-piu-pagine" in findings
    assert titles == ["'Piano'!$B:$B,'Piano'!$1:$1"]


def test_the_offices_choice_after_the_first_run_and_a_sheet_fitted_to_one_page_are_kept(tmp_path):
    """Found in review: going back to one page, as the finding says how, was undone by the next run;
    a sheet fitted to one page tall as well gained nothing from more pages wide."""
    import openpyxl

    source = _plan(tmp_path / "largo.xlsx", [40, 60, 30, 20, 40, 120])
    findings, setup, _ = _run(tmp_path, source)
    assert "stampa-su-piu-pagine" in findings
    book = openpyxl.load_workbook(tmp_path / "out.xlsx")
    book["Piano"].page_setup.fitToWidth = 1
    again = tmp_path / "rimesso.xlsx"
    book.save(again)
    (tmp_path / "out.xlsx").unlink()
    findings, setup, _ = _run(tmp_path, again)
    assert "stampa-su-piu-pagine" not in findings and 'fitToWidth="2"' not in setup
    (tmp_path / "out.xlsx").unlink()
    one_page = _plan(tmp_path / "una-pagina.xlsx", [40, 60, 30, 20, 40, 120], pages_tall=1)
    findings, setup, _ = _run(tmp_path, one_page)
    assert "stampa-su-piu-pagine" not in findings and 'fitToWidth="2"' not in setup
