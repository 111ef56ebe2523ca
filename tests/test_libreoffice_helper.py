"""Tests of tests/libreoffice.py: the LibreOffice helper must really force recalculation,
find every wrong cached value and nothing else, on small workbooks written with XlsxWriter."""

from __future__ import annotations

import datetime as dt
import os
import time

import pytest
import xlsxwriter

from .libreoffice import (
    ExcelError, LibreOfficeError, Mismatch, PDFTOPPM, SOFFICE, assert_formulas_recompute_to_cached,
    cached_values, compare_formulas, parse_field_number, recalculated_sheets, requires_libreoffice,
    requires_pdftoppm, to_pdf, to_png, values_match,
)

OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}


def workbook(path, sheets: dict) -> str:
    """sheets: name -> {(row, col) 0-based: value | ("=formula", cached) | ("=formula", cached, num_format)}."""
    wb = xlsxwriter.Workbook(str(path), OPTIONS)
    for name, cells in sheets.items():
        ws = wb.add_worksheet(name)
        for (row, col), value in cells.items():
            if isinstance(value, tuple):
                fmt = wb.add_format({"num_format": value[2]}) if len(value) > 2 else None
                ws.write_formula(row, col, value[0], fmt, value[1])
            elif isinstance(value, (dt.date, dt.datetime)):
                ws.write_datetime(row, col, value, wb.add_format({"num_format": "dd/mm/yyyy"}))
            elif isinstance(value, (int, float)):
                ws.write_number(row, col, value)
            else:
                ws.write_string(row, col, value)
    wb.close()
    return str(path)


# --- without LibreOffice: reading cached values and comparing fields ------------------------------


def test_cached_values_lists_formula_cells_only(tmp_path):
    path = workbook(tmp_path / "c.xlsx", {"Piano": {
        (0, 0): 2, (0, 1): ("=A1*3", 6), (1, 1): ('=IF(A1>1,"sì","no")', "sì"),
        (2, 1): ("=1/0", "#DIV/0!"), (3, 1): ("=A1>1", True), (4, 0): "testo",
    }})
    assert cached_values(path) == {"Piano": {"B1": 6, "B2": "sì", "B3": ExcelError("#DIV/0!"), "B4": True}}
    assert isinstance(cached_values(path)["Piano"]["B3"], ExcelError)


@pytest.mark.parametrize("cached, field", [
    (5, "5"), (0.1 + 0.2, "0.3"), (1 / 3, "0.333333333333333"), (2 / 3, "66.6666666666667%"),
    (3e-20, "3E-020"), (1e20 / 3, "3.33333333333333E+019"), (-0.25, "-25%"),
    (True, "TRUE"), (False, "FALSE"), (True, "1"), ("", ""), (None, ""), ("sì", "sì"),
    (ExcelError("#N/A"), "#N/A"), (dt.date(2025, 6, 30), "06/30/2025"),
    (dt.datetime(2025, 6, 30, 6), "06/30/2025 06:00:00"), (dt.time(12, 0, 1), "12:00:01 PM"),
    (dt.timedelta(days=1.5), "36:00:00"), (45838, "06/30/2025"),
])
def test_values_match(cached, field):
    assert values_match(cached, field)


@pytest.mark.parametrize("cached, field", [
    (999, "5"), (0.5, "0.500001"), (5, ""), (5, "cinque"), ("5 ", "5"), ("", "0"), (None, "0"),
    (True, "FALSE"), ("raggiunto", "non raggiunto"), (ExcelError("#N/A"), ""), (dt.date(2025, 6, 30), "07/01/2025"),
    ("#N/A", "#N/A "),
])
def test_values_differ(cached, field):
    assert not values_match(cached, field)


def test_parse_field_number():
    assert parse_field_number("12.5%") == pytest.approx(0.125)
    assert parse_field_number("01/01/1900") == 2  # Excel's serials count the 29/02/1900 that never was
    assert parse_field_number("03/01/1900") == 61
    assert parse_field_number("01/02/1904", date1904=True) == 1
    assert parse_field_number("00:30:00") == pytest.approx(1 / 48)
    assert parse_field_number("testo") is None


# --- with LibreOffice ------------------------------------------------------------------------------


@requires_libreoffice
def test_recalculation_is_really_forced(tmp_path):
    """The cached 999 is wrong: with our profile LibreOffice shows the true 5; with its default
    settings it shows 999, the cached value. So the profile is what makes it recalculate."""
    path = workbook(tmp_path / "sbagliato.xlsx", {"Foglio": {(0, 0): 2, (0, 1): 3, (0, 2): ("=A1+B1", 999)}})
    assert recalculated_sheets(path) == {"Foglio": [["2", "3", "5"]]}
    assert recalculated_sheets(path, recalculate=False) == {"Foglio": [["2", "3", "999"]]}


@requires_libreoffice
def test_wrong_cached_value_is_a_mismatch(tmp_path):
    path = workbook(tmp_path / "sbagliato.xlsx", {"Riepilogo": {
        (0, 0): 40, (0, 1): 60, (1, 0): ("=A1+B1", 100), (1, 1): ("=A1/B1", 0.7, "0.00%"),
    }})
    mismatches, total = compare_formulas(path)
    assert total == 2
    assert mismatches == [Mismatch("Riepilogo", "B2", 0.7, "66.6666666666667%")]
    with pytest.raises(AssertionError) as info:
        assert_formulas_recompute_to_cached(path)
    message = str(info.value)
    assert "Riepilogo!B2: cached=0.7, LibreOffice='66.6666666666667%'" in message
    assert "Riepilogo!A2" not in message


@requires_libreoffice
def test_correct_cached_values_pass(tmp_path):
    path = workbook(tmp_path / "giusto.xlsx", {"Piano": {
        (0, 0): 2, (0, 1): 3, (0, 2): dt.datetime(2025, 6, 30),
        (1, 0): ("=A1+B1", 5),
        (1, 1): ("=A1/B1", 2 / 3, "0.00%"),  # percent: the CSV keeps the '%'
        (1, 2): ("=1/3", 1 / 3, "0.00"),  # shown as 0,33: compared at full precision
        (2, 0): ("=C1+1", 45839, "dd/mm/yyyy"),  # date
        (2, 1): ("=A1>B1", False),  # boolean
        (2, 2): ("=1/0", "#DIV/0!"),  # error
        (3, 0): ('=""', ""),  # empty text
        (3, 1): ("=0.1+0.2-0.3", 0),  # floating-point noise
        (3, 2): ("=MIN(100,A1/B1*100)", 200 / 3, "0.00"),
        (4, 0): ("=ROUND(A1/B1*100,2)", 66.67),
        (4, 1): ("=SUMPRODUCT(A1:B1,A1:B1)/SUM(A1:B1)", 13 / 5),
    }})
    assert assert_formulas_recompute_to_cached(path) == 11


@requires_libreoffice
def test_several_sheets_with_spaces_and_accents(tmp_path):
    names = ["Tabella di collegamento", "Città e attività", "Riepilogo 2025 (più)", "Dati mensili"]
    cells = {
        names[0]: {(0, 0): 10, (0, 1): 20, (1, 0): ("=A1+B1", 30)},
        names[1]: {(0, 0): ("='Tabella di collegamento'!A2*2", 60), (1, 0): "perché"},
        names[2]: {(0, 0): ("='Città e attività'!A1+'Tabella di collegamento'!B1", 80),
                   (0, 1): ("='Città e attività'!A2", "perché")},
        names[3]: {},
    }
    path = workbook(tmp_path / "fogli.xlsx", cells)
    sheets = recalculated_sheets(path)
    assert list(sheets) == names
    assert sheets[names[2]] == [["80", "perché"]]
    assert sheets[names[3]] == [[]]  # an empty sheet: one empty row
    assert assert_formulas_recompute_to_cached(path) == 4

    cells[names[2]][(0, 0)] = ("='Città e attività'!A1+'Tabella di collegamento'!B1", 81)
    wrong = workbook(tmp_path / "fogli-sbagliato.xlsx", cells)
    with pytest.raises(AssertionError, match=r"Riepilogo 2025 \(più\)!A1: cached=81, LibreOffice='80'"):
        assert_formulas_recompute_to_cached(wrong)


@requires_libreoffice
def test_text_formulas(tmp_path):
    cells = {(0, 0): 85, (0, 1): "Area Staff",
             (1, 0): ('=IF(A1>=100,"raggiunto",IF(A1>=70,"parzialmente raggiunto","non raggiunto"))',
                      "parzialmente raggiunto"),
             (1, 1): ('=B1&" - "&TEXT(A1,"0")&"%"', "Area Staff - 85%"),
             (1, 2): ('=IF(A1>100,"oltre","")', ""),
             (2, 0): ('=UPPER(B1)', "AREA STAFF"),
             (2, 1): ('="testo, con ""virgolette"""', 'testo, con "virgolette"')}
    path = workbook(tmp_path / "testi.xlsx", {"Stato": cells})
    assert assert_formulas_recompute_to_cached(path) == 5

    cells[(1, 0)] = (cells[(1, 0)][0], "raggiunto")
    wrong = workbook(tmp_path / "testi-sbagliato.xlsx", {"Stato": cells})
    mismatches, _ = compare_formulas(wrong)
    assert mismatches == [Mismatch("Stato", "A2", "raggiunto", "parzialmente raggiunto")]


@requires_libreoffice
def test_message_lists_the_first_twenty(tmp_path):
    cells = {(row, 0): (f"={row}+1", 0) for row in range(25)}
    path = workbook(tmp_path / "tanti.xlsx", {"Foglio": cells})
    with pytest.raises(AssertionError) as info:
        assert_formulas_recompute_to_cached(path)
    lines = str(info.value).splitlines()
    assert lines[0] == ("tanti.xlsx: 25 celle con formula su 25 hanno in cache un valore diverso dal "
                        "ricalcolo di LibreOffice:")
    assert lines[1] == "  Foglio!A1: cached=0, LibreOffice='1'"
    assert lines[20] == "  Foglio!A20: cached=0, LibreOffice='20'"
    assert lines[21:] == ["  ... e altre 5"]


@requires_libreoffice
def test_input_directory_is_left_alone(tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    path = workbook(source / "piano.xlsx", {"Foglio": {(0, 0): ("=1+1", 2)}})
    before = os.stat(path).st_mtime_ns
    assert recalculated_sheets(path) == {"Foglio": [["2"]]}
    assert sorted(p.name for p in source.iterdir()) == ["piano.xlsx"]
    assert os.stat(path).st_mtime_ns == before


@requires_libreoffice
def test_timeout_raises_a_clear_error(tmp_path):
    path = workbook(tmp_path / "lento.xlsx", {"Foglio": {(0, 0): ("=1+1", 2)}})
    started = time.monotonic()
    with pytest.raises(LibreOfficeError, match="non ha finito entro"):
        recalculated_sheets(path, timeout=0.05)
    assert time.monotonic() - started < 30


@requires_libreoffice
@requires_pdftoppm
def test_pdf_and_png(tmp_path):
    path = workbook(tmp_path / "stampa.xlsx", {"Riepilogo": {
        (0, 0): "Obiettivo", (0, 1): "Grado", (1, 0): "1. Garantire la salute organizzativa",
        (1, 1): ("=0.85", 0.85, "0.00%"),
    }})
    pdf = to_pdf(path, tmp_path / "out")
    assert pdf == tmp_path / "out" / "stampa.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    images = to_png(pdf, tmp_path / "png")
    assert images == [tmp_path / "png" / "stampa.png"]
    assert images[0].read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert images[0].stat().st_size > 1000


def test_executables_are_found_or_none():
    assert SOFFICE is None or os.access(SOFFICE, os.X_OK)
    assert PDFTOPPM is None or os.access(PDFTOPPM, os.X_OK)
