"""Edge cases of the office's sheet XML found by reading the editors' types: each used to stop
the write-back with an AttributeError (or leave XML that does not parse)."""

from __future__ import annotations

import zipfile

from click.testing import CliRunner

from piano_xlsx.cli.main import main


def _workbook_with_sheet_edit(tmp_path, edit):
    import xlsxwriter

    source = tmp_path / "piano.xlsx"
    wb = xlsxwriter.Workbook(str(source))
    ws = wb.add_worksheet("Piano")
    for c, h in enumerate(["Obiettivo", "Risultato atteso", "Target", "Consuntivo"]):
        ws.write(0, c, h)
    for r, row in enumerate([("1. Uno", "1.1 Primo", ">= 10", 12), (None, "1.2 Secondo", "<= 5", 4)], start=1):
        for c, v in enumerate(row):
            if v is not None:
                ws.write(r, c, v)
    yellow = wb.add_format({"bg_color": "#FFFF00"})
    ws.conditional_format("A3:XFD3", {"type": "formula", "criteria": "=$D3>10", "format": yellow})
    wb.close()
    with zipfile.ZipFile(source) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["xl/worksheets/sheet1.xml"] = edit(parts["xl/worksheets/sheet1.xml"].decode()).encode()
    with zipfile.ZipFile(source, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return source


def test_a_conditional_format_over_whole_rows_is_the_offices_and_stays(tmp_path):
    source = _workbook_with_sheet_edit(tmp_path, lambda xml: xml.replace('sqref="A3:XFD3"', 'sqref="3:3"'))
    output = tmp_path / "out.xlsx"
    result = CliRunner().invoke(main, ["calcola", str(source), "-o", str(output)])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(output) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert '<conditionalFormatting sqref="3:3">' in sheet


def test_range_columns_of_whole_rows_are_all_of_them():
    from piano_xlsx.xlsx.sheet_edit import _range_cols

    assert _range_cols("5:5") == (1, 16384)
    assert _range_cols("$B$5:$D$9") == (2, 4)
    assert _range_cols("C:C") == (3, 3)


def test_column_widths_go_into_an_empty_cols_element():
    import xml.etree.ElementTree as ET

    from piano_xlsx.xlsx.sheet_edit import SheetEditor

    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    for cols in ("<cols/>", "<x:cols />"):
        ed = SheetEditor(f'<worksheet xmlns="{ns}" xmlns:x="{ns}">{cols}<sheetData/></worksheet>', "s.xml")
        ed.set_widths({3: 12.0})
        root = ET.fromstring(ed.text)
        (found,) = root.iter(f"{{{ns}}}col")
        assert found.get("min") == "3" and found.get("width") == "12"


def test_a_number_format_without_its_number_is_not_reused():
    from piano_xlsx.xlsx.styles_edit import MINIMAL_STYLES, Styles

    text = MINIMAL_STYLES.replace("<fonts", '<numFmts count="1"><numFmt formatCode="0.0%"/></numFmts><fonts')
    styles = Styles(text)
    assert styles.numfmt("0.0%") == 164
    assert '<numFmt numFmtId="164" formatCode="0.0%"/>' in styles.text


def test_a_defined_name_in_a_workbook_without_sheets_is_refused():
    import pytest

    from piano_xlsx.errors import CannotWriteBack
    from piano_xlsx.xlsx.workbook_edit import add_defined_name

    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    with pytest.raises(CannotWriteBack):
        add_defined_name(f'<workbook xmlns="{ns}"></workbook>', "Nome", "Piano!$A$1")


def _editor(tmp_path):
    from piano_xlsx.xlsx.edit import PackageEditor
    from piano_xlsx.xlsx.package import open_package

    path = _workbook_with_sheet_edit(tmp_path, lambda xml: xml)
    return PackageEditor(open_package(path))


def test_an_edit_of_an_offices_part_that_would_not_parse_stops_the_save(tmp_path):
    import pytest

    from piano_xlsx.xlsx.edit import CannotWriteBack

    ed = _editor(tmp_path)
    ed.write("xl/worksheets/sheet1.xml", ed.text("xl/worksheets/sheet1.xml").replace("</sheetData>", ""))
    with pytest.raises(CannotWriteBack, match="sheet1.xml"):
        ed.save()


def test_a_part_written_whole_in_a_freed_name_is_new_not_an_edit(tmp_path, monkeypatch):
    """An earlier run's Storico removed and its name taken by the new one: the new part is not
    parsed again (it is not the office's text edited), an edited office's part still is."""
    from piano_xlsx.xlsx import xmlns

    checked = []
    real = xmlns.check_part
    monkeypatch.setattr(xmlns, "check_part", lambda name, data: (checked.append(name), real(name, data)))
    ed = _editor(tmp_path)
    ed.remove("xl/worksheets/sheet1.xml")
    ed.write("xl/worksheets/sheet1.xml", '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
                                         '2006/main"><sheetData/></worksheet>')
    ed.write("xl/workbook.xml", ed.text("xl/workbook.xml"))
    ed.save()
    assert "xl/workbook.xml" in checked
    assert "xl/worksheets/sheet1.xml" not in checked
