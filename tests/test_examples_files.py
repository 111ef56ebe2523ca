"""The example workbooks in esempi/: they are what the generator writes, in the guide's layout.

These tests check the files as files (sheets, merges, cells); the reader's tests check that
every result is recovered from them.
"""

from __future__ import annotations

import functools
import importlib.util
import io
import re
import sys
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

from piano_xlsx.core.settings import SETTINGS
from piano_xlsx.write.template import GENERATOR_MARK

calamine = pytest.importorskip("python_calamine")

ESEMPI = Path(__file__).resolve().parent.parent / "esempi"
PLAIN = ESEMPI / "torino-2018.xlsx"
FILLED = ESEMPI / "torino-2018-compilato.xlsx"
TABLE = "Tabella di collegamento"
NOTE = "DATI DI ESEMPIO"

ALL_CODES = (
    "1.1 1.2 1.3 10.1 10.2 10.2.1 10.2.2 10.3 10.3.1 10.3.2 10.4 "
    "2.1 2.1.1 2.1.2 2.2 2.3 2.3.1 2.3.2 2.4 2.4.1 2.4.2 2.5 "
    "3.1 3.1.1 3.1.2 3.2 3.3 3.4 4.1 4.1.1 4.1.2 4.2 4.3 4.3.1 4.3.2 4.3.3 4.4 "
    "5.1 5.2 5.3 5.4 6.1 6.2 6.3 6.4 7.1 7.2 8.1 8.2 9.1 9.2 9.3 9.4").split()
CODE = re.compile(r"^(\d+(?:\.\d+)+)")


@functools.lru_cache(maxsize=None)
def _generator():
    """esempi/genera_esempi.py, imported from its path (it is a script, not a package module)."""
    spec = importlib.util.spec_from_file_location("genera_esempi", ESEMPI / "genera_esempi.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses need the module registered
    spec.loader.exec_module(module)
    return module


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def _merges(path, sheet=TABLE) -> set[str]:
    """Merged ranges as A1 strings, from python-calamine."""
    ranges = calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).merged_cell_ranges
    out = set()
    for (r0, c0), (r1, c1) in ranges:
        out.add(f"{chr(65 + c0)}{r0 + 1}:{chr(65 + c1)}{r1 + 1}")
    return out


def _rows(path, sheet=TABLE):
    return calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()


@pytest.fixture(scope="module", params=[PLAIN, FILLED], ids=["torino-2018", "torino-2018-compilato"])
def example(request):
    return request.param


# --- the committed files are the generator's output -------------------------------------------------------


REGENERATE = "run `python esempi/genera_esempi.py`"


def _made_with(data: bytes) -> str | None:
    match = re.search(GENERATOR_MARK + r" ([\w.]+)", _members(data)["docProps/core.xml"].decode())
    return match.group(1) if match else None


def _contents(path):
    """What a person sees: every sheet's cell values, merges, validations, freeze panes."""
    book = openpyxl.load_workbook(path)
    return [(ws.title, [[c.value for c in row] for row in ws.iter_rows()], sorted(map(str, ws.merged_cells.ranges)),
             sorted((str(dv.sqref), dv.type, dv.formula1) for dv in ws.data_validations.dataValidation),
             ws.freeze_panes) for ws in book.worksheets]


@pytest.mark.parametrize("filled,committed", [(False, PLAIN), (True, FILLED)], ids=["plain", "filled"])
def test_committed_example_has_the_contents_of_the_generator_output(tmp_path, filled, committed):
    fresh = tmp_path / committed.name
    _generator().write_example(fresh, filled=filled)
    assert _contents(fresh) == _contents(committed), f"{committed.name} is stale: {REGENERATE}"


@pytest.mark.parametrize("filled,committed", [(False, PLAIN), (True, FILLED)], ids=["plain", "filled"])
def test_committed_example_equals_generator_output_byte_for_byte(tmp_path, filled, committed):
    fresh = tmp_path / committed.name
    _generator().write_example(fresh, filled=filled)
    again = tmp_path / ("again-" + committed.name)
    _generator().write_example(again, filled=filled)
    assert fresh.read_bytes() == again.read_bytes(), "the generator is not deterministic"
    made_with = _made_with(committed.read_bytes())
    if made_with != xlsxwriter.__version__:
        pytest.skip(f"{committed.name} written with XlsxWriter {made_with}, installed {xlsxwriter.__version__}")
    new, old = _members(fresh.read_bytes()), _members(committed.read_bytes())
    assert list(new) == list(old)
    for name in new:
        assert new[name] == old[name], f"{committed.name}:{name} differs: {REGENERATE}"


# --- sheets and layout ------------------------------------------------------------------------------------------


def test_sheet_names():
    assert calamine.CalamineWorkbook.from_path(str(PLAIN)).sheet_names == [TABLE, "Impostazioni"]
    assert calamine.CalamineWorkbook.from_path(str(FILLED)).sheet_names == [
        TABLE, "Impostazioni", "Dati mensili", "Obiettivi individuali"]


def test_title_rows_and_two_row_header(example):
    rows = _rows(example)
    assert rows[0][0] == "Piano delle Performance 2018 - 2020"
    assert rows[1][0] == "Tabelle di collegamento fra linee strategiche, obiettivo e risultati attesi"
    assert rows[3][:4] == ["RIFERIMENTO AL PIANO STRATEGICO", "OBIETTIVI ENTE 2016", "RISULTATI ATTESI",
                           "OBIETTIVI E RISULTATI ATTESI"]
    assert rows[4][3] == "SEGRETARIO GENERALE"
    assert {"A4:A5", "B4:B5", "C4:C5", "D4:E4", "D5:E5"} <= _merges(example)


def test_filled_extra_columns():
    rows = _rows(FILLED)
    assert rows[3][5:10] == ["Target 2018", "Peso", "Consuntivo", "Algoritmo di calcolo", "Responsabile"]
    assert {"F4:F5", "G4:G5", "H4:H5", "I4:I5", "J4:J5"} <= _merges(FILLED)
    assert len(rows[3]) == 10


def test_objective_1_and_10_merges_and_sg_objective_1_over_both(example):
    merges = _merges(example)
    rows = _rows(example)
    # objective 1: rows 6-8 (1.1, 1.2, 1.3); objective 10: rows 9-16 (10.1 ... 10.4)
    assert {"A6:A8", "B6:B8", "A9:A16", "B9:B16", "D6:D16", "E6:E16"} <= merges
    assert rows[5][0] == "Linea 1 - Pubblica Amministrazione per le imprese"
    assert rows[5][1] == "1. Garantire nel tempo la salute organizzativa dell'ente camerale"
    assert rows[8][1].startswith("10. Favorire il miglioramento dell'efficienza interna")
    assert rows[15][2].startswith("10.4 Cancellazione start up")  # in the results column, under objective 10
    sg = rows[5][3]
    assert sg.startswith("1. Garantire nel tempo la salute organizzativa dell'ente camerale e favorire")
    assert "\nOutcome: svolgimento della mission camerale" in sg
    assert rows[5][4].startswith("Alcuni parametri esemplificativi:\n*mantenere l'equilibrio")
    assert rows[5][4].endswith("*cancellazione start up per decorrenza termini o mancata conferma requisiti")


def test_every_result_in_the_guide_order(example):
    rows = _rows(example)[5:]
    codes = [m.group(1) for row in rows for line in str(row[2]).split("\n") if (m := CODE.match(line))]
    assert codes == ALL_CODES


def test_each_objective_and_sg_objective_merged_over_its_rows(example):
    rows = _rows(example)
    merges = _merges(example)
    starts = {}
    for index, row in enumerate(rows[5:], start=6):
        if row[1]:
            starts[int(str(row[1]).split(".")[0])] = index
    assert list(starts) == [1, 10, 2, 3, 4, 5, 6, 7, 8, 9]
    firsts = sorted(starts.values())
    last_of = {first: nxt - 1 for first, nxt in zip(firsts, firsts[1:] + [len(rows) + 1])}
    for number, first in starts.items():
        last = last_of[first]
        assert {f"A{first}:A{last}", f"B{first}:B{last}"} <= merges, number
        if number not in (1, 10):
            assert {f"D{first}:D{last}", f"E{first}:E{last}"} <= merges, number
            assert str(rows[first - 1][3]).startswith(f"{number}. ")
            assert "\nOutcome: " in rows[first - 1][3]
            assert rows[first - 1][4].startswith("Alcuni parametri esemplificativi:")


def test_objective_2_serves_two_lines(example):
    rows = _rows(example)
    cell = next(r[0] for r in rows if str(r[1]).startswith("2. "))
    assert cell.split("\n") == ["Linea 1 - Pubblica Amministrazione per le imprese",
                                "Linea 2 - Sostegno alla competitività delle imprese e dei territori"]


def test_stacked_cells(example):
    results = [str(r[2]) for r in _rows(example)]
    stacked = [cell for cell in results if "\n" in cell]
    assert [[CODE.match(line).group(1) for line in cell.split("\n")] for cell in stacked] == [
        ["2.3", "2.3.1", "2.3.2"], ["4.3", "4.3.1", "4.3.2", "4.3.3"]]


def test_texts_verbatim_details(example):
    results = "\n".join(str(r[2]) for r in _rows(example))
    assert "3.1.1- Prima analisi entro quattro mesi dalla mappatura ministeriale" in results
    assert "1.1 Indicatore economico finanziario di rigidità: dato dal rapporto" in results
    assert "≥ 90% dei costi a preventivo" in results and "$" not in results


def test_settings_sheet(example):
    rows = _rows(example, "Impostazioni")
    assert rows[0] == ["Impostazione", "Valore", "Descrizione"]
    values = {r[0]: r[1] for r in rows[1:]}
    assert values.pop("Ente") == "Camera di commercio di Torino"
    assert values.pop("Anno del piano") == 2018
    if "compilato" in example.name:  # the filled plan says how its office treats 3.1.1
        assert values.pop("Risultato da verificare") == "escluso dalla media"
    assert all(v == "" for v in values.values())
    assert [r[0] for r in rows[1:]] == [s.label for s in SETTINGS]


def test_print_setup(example):
    ws = openpyxl.load_workbook(example)[TABLE]
    assert ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToHeight == 0
    assert ws.print_title_rows == "$4:$5"
    assert ws.freeze_panes == "A6"


# --- the filled example: invented data, stated as such ------------------------------------------------------


def test_example_data_label():
    assert _rows(FILLED)[2][0].startswith(NOTE)
    assert _rows(FILLED, "Dati mensili")[0][0].startswith(NOTE)
    assert all(NOTE not in str(cell) for row in _rows(PLAIN) for cell in row)


def test_filled_cell_types():
    ws = openpyxl.load_workbook(FILLED)[TABLE]
    by_code = {}
    for row in ws.iter_rows(min_row=6):
        match = CODE.match(str(row[2].value))
        if match:
            by_code[match.group(1)] = row
    assert by_code["9.4"][7].value == "12,5" and by_code["9.4"][7].data_type == "s"
    assert by_code["10.2.1"][7].value == datetime(2018, 4, 27) and by_code["10.2.1"][7].is_date
    assert by_code["10.1"][5].value == "SI" and by_code["10.1"][7].value == "SI"
    assert by_code["2.1.1"][7].value == pytest.approx(0.86) and "%" in by_code["2.1.1"][7].number_format
    assert by_code["1.1"][7].value is None and by_code["1.2"][7].value is None
    assert by_code["1.1"][8].value == (
        "(oneri_correnti - interventi_economici - ammortamenti_accantonamenti) / proventi_correnti")
    assert by_code["2.3"][5].value == "2.3.1: >= 80%\n2.3.2: >= 70%"
    for parent in ("2.1", "2.4", "3.1", "4.1", "10.2", "10.3"):
        assert by_code[parent][5].value is None and by_code[parent][7].value is None, parent
    for first, codes in (("1.1", ("1.1", "1.2", "1.3")), ("5.1", ("5.1", "5.2", "5.3", "5.4"))):
        assert sum(by_code[c][6].value for c in codes) == 100
    for row in ws.iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.coordinate


def test_monthly_sheet():
    ws = openpyxl.load_workbook(FILLED)["Dati mensili"]
    header = [c.value for c in ws[2]]
    assert header[:4] == ["Codice", "Descrizione", "Serie", "Anno precedente"]
    assert header[4:] == [datetime(2018, m, 1) for m in range(1, 13)]
    assert all(c.number_format == "mmm yyyy" for c in ws[2][4:])
    rows = {r[0]: r for r in ws.iter_rows(min_row=3, values_only=True)}
    for name in ("oneri_correnti", "interventi_economici", "ammortamenti_accantonamenti", "proventi_correnti",
                 "costi_personale", "procedimenti_cancellazione_avviati"):
        assert rows[name][2] == "cumulata" and all(isinstance(v, (int, float)) for v in rows[name][4:]), name
    for name in ("dipendenti", "imprese_attive"):
        assert rows[name][2] == "puntuale", name
    for code in ("2.5", "4.4", "9.2", "9.3", "10.4"):
        assert code in rows, code
    assert rows["9.2"][3] == 48


def test_individual_objectives_sheet():
    rows = _rows(FILLED, "Obiettivi individuali")
    assert rows[0] == ["Persona", "Ruolo", "Codice", "Obiettivo individuale", "Obiettivi di ente collegati",
                       "Peso %"]
    people = {r[0] for r in rows[1:]}
    assert people == {"Dirigente Area Anagrafe economica", "Dirigente Area Promozione e Sviluppo del territorio"}
    assert [r[5] for r in rows[1:] if r[0] == "Dirigente Area Anagrafe economica"] == [60, 40]
    assert "5; 6; 7" in [r[4] for r in rows[1:]]
