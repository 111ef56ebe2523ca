"""Row heights for wrapped text (xlsx/textfit.py, xlsx/rowfit.py): the rows piano-xlsx writes in show
their text whole in Excel and in LibreOffice, which measures no row when it opens a file, and no
height the office set is lowered or changed (issue 11, the printed pages)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from piano_xlsx.core.compute import compute
from piano_xlsx.read.load import verify
from piano_xlsx.write.writeback import OWNED_HEADERS, OWNED_WIDTHS, write_output
from piano_xlsx.xlsx import textfit
from piano_xlsx.xlsx.rowfit import fit_rows
from piano_xlsx.xlsx.sheet_edit import SheetEditor
from piano_xlsx.xlsx.sheet_new import NewSheet

from .conftest import EXAMPLE_FILLED

TEMPLATE = Path(__file__).resolve().parent.parent / "templates" / "modello-piano.xlsx"
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def sheet(body: str, cols: str = "", merges: str = "", fmt: str = '<sheetFormatPr defaultRowHeight="15"/>') -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{NS}">{fmt}'
            f"{cols}<sheetData>{body}</sheetData>{merges}</worksheet>")


def inline(ref: str, text: str, style: int = 0) -> str:
    return f'<c r="{ref}" s="{style}" t="inlineStr"><is><t>{text}</t></is></c>'


# -- the estimate

def test_short_words_fit_one_line_and_long_texts_wrap_word_by_word():
    assert textfit.text_lines("parzialmente raggiunto", OWNED_WIDTHS[1]) == 1
    assert textfit.text_lines("superiore alle attese", OWNED_WIDTHS[2]) == 1
    assert textfit.text_lines("100,00%", OWNED_WIDTHS[0]) == 1
    assert textfit.text_lines("da verificare", OWNED_WIDTHS[0]) == 1
    # the headers: 'raggiungimento' in bold whole on its line, two lines at most
    for header, width in zip(OWNED_HEADERS, OWNED_WIDTHS):
        assert textfit.text_lines(header, width, bold=True) <= 2, header
    assert textfit.text_lines("raggiungimento", OWNED_WIDTHS[0], bold=True) == 1
    assert textfit.text_lines("parzialmente raggiunto", 14) == 2
    assert textfit.text_lines("uno\ndue\n\ntre", 40) == 4
    assert textfit.text_lines("x" * 100, 10) > 5  # a word longer than the column breaks
    note = ("Consuntivo 0,629032 rispetto al target <= 0,75 (T/A) = 119,23%, limitato a 100%. Il dato è "
            "quello del bilancio d'esercizio approvato dal Consiglio.")
    assert textfit.text_lines(note, 45) == 3
    assert textfit.text_lines(note, 90) == 2
    assert textfit.text_pixels("Area", 10) == pytest.approx(19.04 * 4 / 3, abs=0.1)  # as LibreOffice prints it


def test_heights_are_excels_lines():
    assert textfit.row_height(1) == 15 and textfit.row_height(3) == 45
    assert textfit.row_height(7, 10) == 89.25
    assert textfit.row_height(100) == 409.5
    assert textfit.row_height(2, 20) % 0.75 == 0


# -- the sheet editor

def test_set_row_heights_keeps_the_rows_other_attributes():
    ed = SheetEditor(sheet('<row r="2" spans="1:3" s="4" customFormat="1"><c r="A2"><v>1</v></c></row>'
                           '<row r="3" ht="20" customHeight="1"><c r="A3"><v>2</v></c></row>'
                           '<row r="4"/>'), "x.xml")
    ed.set_row_heights({2: 30, 3: 45.75, 4: 18})
    rows = re.findall(r"<row\b[^>]*>", ed.text)
    assert rows == ['<row r="2" spans="1:3" s="4" customFormat="1" ht="30">',
                    '<row r="3" customHeight="1" ht="45.75">', '<row r="4" ht="18"/>']


def test_rows_in_reads_inline_shared_and_formula_texts():
    ed = SheetEditor(sheet('<row r="1"><c r="A1" t="s" s="2"><v>7</v></c><c r="B1" t="inlineStr"><is><r><t>un</t></r>'
                           '<r><t>o &amp; due</t></r></is></c><c r="C1" t="str"><f>X</f><v>tre</v></c>'
                           '<c r="D1"><v>4</v></c></row>'), "x.xml")
    [(row, attrs, content)] = list(ed.rows_in(1, 1))
    assert row == 1 and attrs == {"r": "1"}
    expected = [(1, 2, "7", "s"), (2, 0, "uno & due", "inlineStr"), (3, 0, "tre", "str"), (4, 0, None, "n")]
    assert ed.cells_of(content) == expected
    # the same cells as Excel writes them (r, s, t in this order): read in one step, the same
    excel = content.replace('t="s" s="2"', 's="2" t="s"')
    assert excel != content and ed.cells_of(excel) == expected
    assert ed.cells_of('<c r="B2" s="3" t="inlineStr"><is><t>a</t><rPh sb="0" eb="1"><t>x</t></rPh></is></c>'
                       '<c r="C2" s="1"/>') == [(2, 3, "a", "inlineStr"), (3, 1, None, "n")]


def _formats(index: int):
    return {0: (11.0, False, False), 1: (11.0, False, True), 2: (11.0, True, True), 3: (10.0, False, True)}[index]


LONG = " ".join(["parola"] * 60)  # about 360 characters


def test_the_rule_never_lowers_or_changes_what_the_office_set():
    cols = ('<cols><col min="1" max="1" width="30" customWidth="1"/><col min="2" max="2" width="30" customWidth="1"/>'
            '<col min="5" max="5" width="15" customWidth="1"/><col min="6" max="6" width="45" customWidth="1"/></cols>')
    rows = (
        # the header row, a height set by hand: it grows for piano-xlsx's two-line header
        '<row r="1" ht="15" customHeight="1">' + inline("A1", "Titolo", 2) + inline("E1", "Grado di raggiungimento", 2)
        + "</row>"
        # no height: the longest text, the office's (10 points) or the note
        + '<row r="2">' + inline("A2", LONG, 3) + inline("F2", "breve", 1) + "</row>"
        # a height set by hand: kept, however long the note
        + '<row r="3" ht="45" customHeight="1">' + inline("A3", LONG, 1) + inline("F3", LONG, 1) + "</row>"
        # a height Excel fitted (no customHeight): grows for the note, not for the office's text
        + '<row r="4" ht="15">' + inline("A4", LONG, 1) + inline("F4", "breve", 1) + "</row>"
        + '<row r="5" ht="15">' + inline("F5", LONG, 1) + "</row>"
        # no height, the long text in a cell merged over two rows: left out, as Excel does
        + '<row r="6">' + inline("A6", LONG, 1) + inline("F6", "breve", 1) + "</row><row r=\"7\"/>"
        # no height, a shared string; a text that does not wrap stays one line
        + '<row r="8"><c r="A8" t="s" s="1"><v>0</v></c>' + inline("B8", LONG, 0) + "</row>"
        # a merge within the row: the text has the width of both columns
        + '<row r="9">' + inline("A9", LONG, 1) + "</row>"
    )
    merges = '<mergeCells count="2"><mergeCell ref="A6:A7"/><mergeCell ref="A9:B9"/></mergeCells>'
    ed = SheetEditor(sheet(rows, cols, merges), "x.xml")
    set_ = fit_rows(ed, _formats, lambda: [LONG], 2, 9, {5, 6}, header_row=1)
    assert set_ == {
        1: 30.0,
        2: textfit.text_height(LONG, 30, 10),
        5: textfit.text_height(LONG, 45),
        8: textfit.text_height(LONG, 30),
        9: textfit.text_height(LONG, 60),
    }
    assert set_[9] < set_[8]
    heights = dict(re.findall(r'<row r="(\d+)"[^>]*?\bht="([\d.]+)"', ed.text))
    assert heights["3"] == "45" and heights["4"] == "15" and "6" not in heights and "7" not in heights
    assert 'customHeight="1"' not in re.search(r'<row r="2"[^>]*>', ed.text).group(0)


def test_new_sheets_fit_their_rows_and_print_page_numbers():
    sh = NewSheet()
    sh.widths = {1: 20}
    sh.put(1, 1, LONG, 1)
    sh.put(2, 1, "breve", 1)
    sh.fit_rows({1})
    assert sh.heights == {1: textfit.text_height(LONG, 20)}
    xml = sh.xml()
    assert "<headerFooter><oddFooter>&amp;L&amp;A&amp;RPagina &amp;P di &amp;N</oddFooter></headerFooter>" in xml
    assert xml.index("<pageSetup") < xml.index("<headerFooter>")
    assert 'fitToWidth="1"' in xml
    sh.widths.update({c: 22 for c in range(2, 20)})
    sh.put(1, 19, "x", 1)
    assert sh.pages_wide(1) > 1


# -- written back

def _row_tags(path: Path, part: str) -> dict[int, str]:
    with zipfile.ZipFile(path) as z:
        text = z.read(part).decode("utf-8")
    return {int(m.group(1)): m.group(0) for m in re.finditer(r'<row r="(\d+)"[^>]*>', text)}


def _table_part(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as z:
        wb = z.read("xl/workbook.xml").decode()
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
    rid = re.search(rf'<sheet name="{name}"[^>]*r:id="([^"]+)"', wb).group(1)
    rel = next(r for r in re.findall(r"<Relationship\b[^>]*>", rels) if f'Id="{rid}"' in r)
    return "xl/" + re.search(r'Target="([^"]+)"', rel).group(1).lstrip("/").removeprefix("xl/")


def _calcola(source: Path, out: Path) -> None:
    plan, report = verify(source)
    outcome = compute(plan)
    report.findings.extend(outcome.findings)
    write_output(plan, outcome, report, source, out)


def test_the_torino_table_keeps_its_heights_and_its_header_row_gets_two_lines(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1543622400")
    out = tmp_path / "out.xlsx"
    _calcola(EXAMPLE_FILLED, out)
    part = _table_part(out, "Tabella di collegamento")
    before, after = _row_tags(EXAMPLE_FILLED, part), _row_tags(out, part)
    assert 'ht="' not in before[5] and 'ht="30"' in after[5]  # the owned headers' row, no height of its own
    for row in range(6, 54):  # every data row has a height the office set: unchanged
        assert re.search(r'ht="[^"]*" customHeight="1"', before[row])
        assert re.sub(r'\sspans="[^"]*"', "", before[row]) == after[row], row


def test_rows_saved_without_height_get_one_that_shows_their_text(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1543622400")
    book = openpyxl.load_workbook(TEMPLATE)
    ws = book["Collegamento"]
    headers = {ws.cell(2, c).value: c for c in range(1, ws.max_column + 1)}
    obj = ("1. Ridurre i tempi di conclusione dei procedimenti edilizi e ampliare i servizi online per "
           "cittadini, professionisti e imprese")
    rows = [
        {"Linea strategica": "Linea 1", "Obiettivo di ente": obj, "Codice": "1.1",
         "Risultato atteso / indicatore": "Tempo medio di rilascio dei permessi di costruire", "Target": "<= 60 giorni",
         "Consuntivo": 54, "Note": LONG},
        {"Codice": "1.2", "Risultato atteso / indicatore": "Istanze telematiche", "Target": ">= 85%",
         "Consuntivo": 0.88},
    ]
    for offset, values in enumerate(rows):
        for header, value in values.items():
            ws.cell(3 + offset, headers[header], value)
    source = tmp_path / "piano.xlsx"
    book.save(source)
    out = tmp_path / "out.xlsx"
    _calcola(source, out)
    part = _table_part(out, "Collegamento")
    before, after = _row_tags(source, part), _row_tags(out, part)
    assert "ht=" not in before[3] and "ht=" not in before[4]
    note_width = ws.column_dimensions[openpyxl.utils.get_column_letter(headers["Note"])].width
    ht = float(re.search(r'ht="([\d.]+)"', after[3]).group(1))
    assert ht >= textfit.text_height(LONG, note_width, 10) and "customHeight" not in after[3]
    # the short row: the grado's note is the longest text of the row
    assert "customHeight" not in after[4]
    # the template's own heights (title, header row) are kept
    for row in (1, 2):
        assert re.sub(r'\sspans="[^"]*"', "", before[row]) == re.sub(r'\sspans="[^"]*"', "", after[row])


def test_the_sheets_piano_xlsx_writes_number_their_pages(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1543622400")
    out = tmp_path / "out.xlsx"
    _calcola(EXAMPLE_FILLED, out)
    with zipfile.ZipFile(out) as z:
        workbook = z.read("xl/workbook.xml").decode()
        for name in ("Riepilogo", "Storico", "Anomalie"):
            sheet = z.read(_table_part(out, name)).decode()
            assert "<oddFooter>&amp;L&amp;A&amp;RPagina &amp;P di &amp;N</oddFooter>" in sheet, name
            assert 'paperSize="9" orientation="landscape" fitToWidth="1"' in sheet, name
    # a Storico of many periods prints several pages wide, Livello, Codice and Titolo on each
    assert "'Storico'!$A:$C,'Storico'!$4:$4</definedName>" in workbook
