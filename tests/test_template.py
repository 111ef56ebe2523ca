"""The blank template (templates/modello-piano.xlsx) and piano_xlsx.write.template."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

from piano_xlsx.core.columns import ROLES, match_role
from piano_xlsx.core.settings import SETTINGS, SETTINGS_SHEET, parse_value
from piano_xlsx.write.template import (
    GENERATOR_MARK, MONTH_NAMES, SERIES_CHOICES, SHEET_ORDER, UNIT_CHOICES, template_roles, write_template,
)

COMMITTED = Path(__file__).resolve().parent.parent / "templates" / "modello-piano.xlsx"
EXPECTED_ORDER = ("line", "objective", "code", "result", "formula", "target", "unit", "weight", "owner",
                  "deadline", "actual", "baseline", "series", "override", "override_note", "note")


def _bytes(**kwargs) -> bytes:
    buffer = io.BytesIO()
    write_template(buffer, **kwargs)
    return buffer.getvalue()


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


@pytest.fixture(scope="module")
def book():
    return openpyxl.load_workbook(io.BytesIO(_bytes()))


@pytest.fixture(scope="module")
def book_2018():
    return openpyxl.load_workbook(io.BytesIO(_bytes(year=2018)))


def _validations(ws):
    return {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}


# --- the committed file and determinism -----------------------------------------------------------------


REGENERATE = "run `piano-xlsx modello -o templates/modello-piano.xlsx --sovrascrivi`"


def _made_with(data: bytes) -> str | None:
    match = re.search(GENERATOR_MARK + r" ([\w.]+)", _members(data)["docProps/core.xml"].decode())
    return match.group(1) if match else None


def _contents(data: bytes):
    """What a person sees: every sheet's cell values, merges, validations, freeze panes."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [(ws.title, [[c.value for c in row] for row in ws.iter_rows()], sorted(map(str, ws.merged_cells.ranges)),
             sorted((str(dv.sqref), dv.type, dv.formula1, dv.formula2) for dv in ws.data_validations.dataValidation),
             ws.freeze_panes) for ws in book.worksheets]


def test_committed_template_has_the_contents_of_a_fresh_one():
    assert _contents(COMMITTED.read_bytes()) == _contents(_bytes()), REGENERATE


def test_committed_template_equals_a_fresh_one_byte_for_byte():
    committed_bytes = COMMITTED.read_bytes()
    made_with = _made_with(committed_bytes)
    if made_with != xlsxwriter.__version__:
        pytest.skip(f"template written with XlsxWriter {made_with}, installed {xlsxwriter.__version__}")
    fresh = _members(_bytes())
    committed = _members(committed_bytes)
    assert list(fresh) == list(committed), REGENERATE
    for name in fresh:
        assert fresh[name] == committed[name], f"{name} differs: {REGENERATE}"
    assert _bytes() == committed_bytes  # whole-file identity holds too (same zlib)


def test_two_runs_give_identical_bytes(tmp_path):
    assert _bytes() == _bytes()
    assert _bytes(year=2019) == _bytes(year=2019)
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    write_template(first)
    write_template(second)
    assert first.read_bytes() == second.read_bytes()


def test_the_modello_command_writes_the_same_file(tmp_path):
    from click.testing import CliRunner

    from piano_xlsx.cli.main import main

    target = tmp_path / "modello.xlsx"
    assert CliRunner().invoke(main, ["modello", "-o", str(target)]).exit_code == 0
    assert _members(target.read_bytes()) == _members(_bytes())
    assert CliRunner().invoke(main, ["modello", "-o", str(tmp_path / "m2018.xlsx"), "--anno", "2018"]).exit_code == 0
    assert _members((tmp_path / "m2018.xlsx").read_bytes()) == _members(_bytes(year=2018))


def test_document_date_is_fixed():
    core = _members(_bytes())["docProps/core.xml"].decode()
    assert "2018-01-01T00:00:00Z" in core


# --- sheets and the table ------------------------------------------------------------------------------------


def test_sheets_in_order(book):
    assert tuple(book.sheetnames) == SHEET_ORDER == (
        "Istruzioni", "Collegamento", "Impostazioni", "Dati mensili", "Obiettivi individuali")


def test_table_headers_are_the_role_headers_in_order(book):
    ws = book["Collegamento"]
    headers = [c.value for c in ws[2] if c.value is not None]
    assert [r.id for r in template_roles()] == list(EXPECTED_ORDER)
    by_id = {r.id: r for r in ROLES}
    assert headers == [by_id[i].header for i in EXPECTED_ORDER]
    assert "owned" not in [r.id for r in template_roles()]
    assert ws["A1"].value  # a title row above the header


def test_every_template_header_is_recognised_as_its_role(book):
    ws = book["Collegamento"]
    for cell in ws[2]:
        if cell.value is not None:
            assert match_role(cell.value) == EXPECTED_ORDER[cell.column - 1], cell.value


def test_header_style_freeze_and_filter(book):
    ws = book["Collegamento"]
    header = ws["A2"]
    assert header.font.b and header.alignment.wrap_text and header.fill.fgColor.rgb not in (None, "00000000")
    assert ws.freeze_panes == "A3"
    assert ws.auto_filter.ref == "A2:P202"
    assert ws.column_dimensions["D"].width >= 40  # result text is wide
    assert ws.column_dimensions["B"].width >= 30
    assert ws["D3"].alignment.wrap_text and ws["D202"].alignment.wrap_text
    assert ws["J3"].number_format == "dd/mm/yyyy"  # Scadenza


def test_table_dropdowns_and_weight_validation(book):
    v = _validations(book["Collegamento"])
    col = {rid: chr(ord("A") + i) for i, rid in enumerate(EXPECTED_ORDER)}
    series = v[f"{col['series']}3:{col['series']}202"]
    assert series.type == "list" and series.formula1 == '"' + ",".join(SERIES_CHOICES) + '"'
    assert SERIES_CHOICES == ("cumulata", "puntuale")
    unit = v[f"{col['unit']}3:{col['unit']}202"]
    assert unit.type == "list" and unit.formula1 == '"%,giorni,euro,numero"' == '"' + ",".join(UNIT_CHOICES) + '"'
    weight = v[f"{col['weight']}3:{col['weight']}202"]
    assert weight.type == "decimal" and weight.operator in (None, "between")  # "between" is the default
    assert (weight.formula1, weight.formula2) == ("0", "100")
    assert weight.showInputMessage and "Peso" in weight.promptTitle and "0 a 100" in weight.prompt


def test_no_formulas_anywhere(book):
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate}"


def test_print_setup(book):
    ws = book["Collegamento"]
    assert ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    # two A3 pages side by side, left to right then down, Codice and Risultato repeated on the second:
    # one page wide, the table with the five result columns printed at 4 pt (docs/pagine.md)
    assert ws.page_setup.paperSize == 8
    assert ws.page_setup.fitToWidth == 2 and ws.page_setup.fitToHeight == 0
    assert ws.page_setup.pageOrder == "overThenDown"
    assert ws.print_title_rows == "$1:$2" and ws.print_title_cols == "$C:$D"
    assert [c.value for c in ws["C2:D2"][0]] == ["Codice", "Risultato atteso / indicatore"]


# --- Impostazioni ----------------------------------------------------------------------------------------------


def test_settings_sheet_lists_every_setting_with_its_default(book):
    ws = book[SETTINGS_SHEET]
    assert [c.value for c in ws[1]] == ["Impostazione", "Valore", "Descrizione"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == [s.label for s in SETTINGS]
    assert [r[2] for r in rows] == [s.description for s in SETTINGS]
    for setting, (_, value, _) in zip(SETTINGS, rows):
        if setting.default_text == "":
            assert value is None, setting.label
        elif setting.kind in ("year", "int"):
            assert value == int(setting.default_text) and isinstance(value, int), setting.label
        else:
            assert value == setting.default_text and isinstance(value, str), setting.label
            parse_value(setting, value)  # the written default is a valid value
    assert ws.freeze_panes == "A2"


def test_settings_year_is_a_number(book_2018):
    ws = book_2018[SETTINGS_SHEET]
    anno = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "Anno del piano")
    assert anno[1].value == 2018 and anno[1].data_type == "n"


def test_settings_choice_dropdowns(book):
    ws = book[SETTINGS_SHEET]
    v = _validations(ws)
    choice_settings = [(i, s) for i, s in enumerate(SETTINGS, start=2) if s.kind == "choice"]
    assert choice_settings
    for row, setting in choice_settings:
        dv = v[f"B{row}"]
        assert dv.type == "list" and dv.formula1 == '"' + ",".join(setting.choices) + '"'
        assert ws[f"A{row}"].value == setting.label
    assert len(v) == len(choice_settings)


# --- Dati mensili and Obiettivi individuali ----------------------------------------------------------------------


def test_monthly_headers_without_year_are_month_names(book):
    ws = book["Dati mensili"]
    assert [c.value for c in ws[1]] == ["Codice", "Descrizione", "Serie", "Anno precedente", *MONTH_NAMES]
    assert ws.freeze_panes == "B2"
    assert _validations(ws)["C2:C201"].formula1 == '"cumulata,puntuale"'


def test_monthly_headers_with_year_are_dates(book_2018):
    ws = book_2018["Dati mensili"]
    assert [c.value for c in ws[1]][:4] == ["Codice", "Descrizione", "Serie", "Anno precedente"]
    months = [c for c in ws[1]][4:]
    assert [c.value for c in months] == [datetime(2018, m, 1) for m in range(1, 13)]
    assert all(c.number_format == "mmm yyyy" for c in months)


def test_individual_objectives_sheet(book):
    ws = book["Obiettivi individuali"]
    assert [c.value for c in ws[1]] == ["Persona", "Ruolo", "Codice", "Obiettivo individuale",
                                        "Obiettivi di ente collegati", "Peso %"]
    weight = _validations(ws)["F2:F201"]
    assert weight.type == "decimal" and (weight.formula1, weight.formula2) == ("0", "100")


# --- Istruzioni -------------------------------------------------------------------------------------------------------


def test_instructions_explain_every_column_sheet_and_command(book):
    ws = book["Istruzioni"]
    text = "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)
    for role in template_roles():
        assert role.header in text and role.description in text, role.id
    for setting in SETTINGS:
        assert setting.label in text
    for name in ("Collegamento", "Impostazioni", "Dati mensili", "Obiettivi individuali"):
        assert f"'{name}'" in text
    assert "piano-xlsx verifica FILE" in text and "piano-xlsx calcola FILE" in text
    assert "cumulata" in text and "puntuale" in text


def test_template_readable_by_calamine():
    calamine = pytest.importorskip("python_calamine")
    wb = calamine.CalamineWorkbook.from_filelike(io.BytesIO(COMMITTED.read_bytes()))
    assert tuple(wb.sheet_names) == SHEET_ORDER
    rows = wb.get_sheet_by_name("Collegamento").to_python()
    assert rows[1][:4] == ["Linea strategica", "Obiettivo di ente", "Codice", "Risultato atteso / indicatore"]


def test_every_settings_help_fits_excels_input_message():
    # the template shows each setting's description as the validation's input message, which Excel
    # caps at 255 characters (XlsxWriter refuses longer ones: the template was not written)
    from piano_xlsx.core.settings import SETTINGS

    assert [s.label for s in SETTINGS if len(s.description) > 255] == []
