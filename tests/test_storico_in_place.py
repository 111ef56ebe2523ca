"""The Storico updated in place (write/storico.py) gives byte for byte the workbook that reading and
writing it whole gives, and stands aside whenever it cannot be sure."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from piano_xlsx import pipeline
from piano_xlsx.core.history import History
from piano_xlsx.write import storico, writeback

from .conftest import EXAMPLE_FILLED, ROOT


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def _both(source: Path, out: Path, monkeypatch, period: str | None) -> bool:
    """The next run of ``source`` written in place (to ``out``) and written whole: the same bytes.
    Returns whether the in-place update was used."""
    used = []
    real = storico.InPlace.node_rows

    def spy(self, *args):
        rows = real(self, *args)
        used.append(rows is not None)
        return rows

    with monkeypatch.context() as m:
        m.setattr(storico.InPlace, "node_rows", spy)
        pipeline.run(source, period=period, write=True, output=out)
    whole = out.with_name(out.stem + "-intero.xlsx")
    with monkeypatch.context() as m:
        m.setattr(writeback, "prepare_in_place", lambda *args, **kwargs: None)
        pipeline.run(source, period=period, write=True, output=whole)
    fast, slow = _members(out), _members(whole)
    assert fast.keys() == slow.keys()
    assert [n for n in fast if fast[n] != slow[n]] == []
    return bool(used) and all(used)


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("piano") / "piano-300.xlsx"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "genera_piano.py"), "300", str(path), "--seme", "5"],
                   check=True, capture_output=True)
    return path


def test_a_year_of_months_in_place_is_the_sheet_written_whole(generated, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1543622400")
    first = tmp_path / "01.xlsx"
    pipeline.run(generated, period=_month(generated, 1), write=True, output=first)
    previous = first
    for month in (2, 3, 5):  # a month added each time, one skipped
        out = tmp_path / f"{month:02d}.xlsx"
        assert _both(previous, out, monkeypatch, _month(generated, month)), month
        previous = out
    # the last month again (data corrected): replaced in place
    again = tmp_path / "05-bis.xlsx"
    assert _both(previous, again, monkeypatch, _month(generated, 5))
    # a month in the past: written whole (the in-place update stands aside), the same workbook
    past = tmp_path / "03-bis.xlsx"
    assert not _both(again, past, monkeypatch, _month(generated, 3))


def test_the_example_in_place_then_resaved_by_another_program(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1543622400")
    first = tmp_path / "03.xlsx"
    pipeline.run(EXAMPLE_FILLED, period="2018-03", write=True, output=first)
    june = tmp_path / "06.xlsx"
    assert _both(first, june, monkeypatch, "2018-06")
    # saved by openpyxl: its Storico is no longer in piano-xlsx's form (shared strings)
    resaved = tmp_path / "06-openpyxl.xlsx"
    wb = openpyxl.load_workbook(june)
    wb.save(resaved)
    assert not _both(resaved, tmp_path / "09.xlsx", monkeypatch, "2018-09")


def test_nodes_changed_since_are_written_whole():
    light = History(periods=["2024-01"], nodes=[("ente", "ente", ""), ("risultato", "1.1", "")])
    def header(ref, text):
        return f'<c r="{ref}" s="9" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'

    sheet = ('<worksheet><sheetData><row r="4">' + header("A4", "Livello") + header("B4", "Codice")
             + header("C4", "Titolo") + header("D4", "2024-01") + header("F4", "stato 2024-01") + '</row>'
             '<row r="5"><c r="A5" s="1" t="inlineStr"><is><t xml:space="preserve">ente</t></is></c>'
             '<c r="B5" s="1" t="inlineStr"><is><t xml:space="preserve">ente</t></is></c><c r="C5" s="1"/>'
             '<c r="D5" s="2"><v>0.5</v></c><c r="F5" s="1" t="inlineStr"><is><t xml:space="preserve">in corso'
             '</t></is></c></row>'
             '<row r="6"><c r="A6" s="1" t="inlineStr"><is><t xml:space="preserve">risultato</t></is></c>'
             '<c r="B6" s="1" t="inlineStr"><is><t xml:space="preserve">1.1</t></is></c>'
             '<c r="C6" s="1" t="inlineStr"><is><t xml:space="preserve">Pratiche</t></is></c></row>'
             '</sheetData></worksheet>')
    ready = storico.prepare(sheet, light, "2024-02", (), 1, 2)
    assert ready is not None and ready.history.status == {("ente", "ente"): {"2024-01": "in corso"}}
    assert ready.history.grado == {("ente", "ente"): {"2024-01": 0.5}}
    assert ready.history.nodes[1] == ("risultato", "1.1", "Pratiche")
    other = History(periods=["2024-01", "2024-02"], nodes=[("ente", "ente", ""), ("risultato", "1.2", "")])
    assert ready.node_rows(other, 1, 2) is None
    # a closed period, a style this run does not write with, a row of another form: not in place
    assert storico.prepare(sheet, light, "2024-02", ("2024-02",), 1, 2) is None
    assert storico.prepare(sheet, light, "2024-02", (), 3, 2) is None
    assert storico.prepare(sheet.replace('<row r="6">', '<row r="6" ht="30">'), light, "2024-02", (), 1, 2) is None
    # the header's periods in other columns than the ones written again: not in place
    assert storico.prepare(sheet.replace(">2024-01<", ">2023-12<", 1), light, "2024-02", (), 1, 2) is None


def _month(path: Path, month: int) -> str:
    """A month of the generated plan's year."""
    from piano_xlsx.read.load import load_plan

    year = load_plan(path).profile.anno
    return f"{year}-{month:02d}"


def test_rows_cut_before_tokenising_give_the_cells_tokenising_gives(generated, tmp_path, monkeypatch):
    """The Storico read without its values: its rows cut at the region (xlsx/fastscan._cut_rows)
    give the cells that reading every cell and leaving the region out gives."""
    from piano_xlsx.read import load
    from piano_xlsx.xlsx import fastscan
    from piano_xlsx.xlsx.reader import read_workbook

    first, second = tmp_path / "01.xlsx", tmp_path / "02.xlsx"
    pipeline.run(generated, period=_month(generated, 1), write=True, output=first)
    pipeline.run(first, period=_month(generated, 2), write=True, output=second)

    def region(name, names):
        return load._owned_region(name, names) or load._history_values_left_out(name, names)

    cut = read_workbook(second, skip_region=region)
    with monkeypatch.context() as m:
        m.setattr(fastscan, "_cut_rows", lambda *args: None)
        whole = read_workbook(second, skip_region=region)
    for a, b in zip(cut.sheets, whole.sheets):
        assert (a.name, a.cells, a.merges, a.max_row, a.max_col) == (b.name, b.cells, b.merges, b.max_row, b.max_col)
    history = cut.sheet("Storico")
    assert history is not None and len(history.cells) > 2 * 300 and max(c for _, c in history.cells) > 3


def test_a_region_in_the_middle_of_rows_keeps_the_cells_beyond_it(monkeypatch):
    from piano_xlsx.xlsx import fastscan

    def cell(ref, text):
        return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'

    rows = "".join(f'<row r="{r}">' + "".join(cell(f"{c}{r}", f"{c}{r}") for c in "ABCDEFG") + "</row>"
                   for r in range(1, 6))
    rows += '<row r="6"><c r="A6"><is><r><rPr><color rgb="FF0000"/></rPr><t>x</t></r></is></c></row>'
    data = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            f"{rows}</sheetData></worksheet>").encode()
    start, end, *_ = fastscan._sheet_layout(data)
    cut = fastscan._cut_rows(data, start, end, (2, 3, 4, 5))
    assert cut is not None
    text = cut.decode()
    assert "C1" in text and "C2" not in text and "E4" not in text and "F4" in text and "G3" in text and "C5" in text
    styles = {None: (None, 0)}
    kept = fastscan._scan_sheet_cells(data, [], styles, False, "x", "p", (2, 3, 4, 5))[0]
    monkeypatch.setattr(fastscan, "_cut_rows", lambda *args: None)
    whole = fastscan._scan_sheet_cells(data, [], styles, False, "x", "p", (2, 3, 4, 5))[0]
    assert kept == whole and (1, 3) in kept and (4, 6) in kept and (3, 4) not in kept
    # a cell holding rich text ('<color' also begins with '<c'): not cut, tokenised as before
    assert fastscan._cut_rows(data, start, end, (6, 2, 6, 5)) is None
