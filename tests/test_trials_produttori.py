"""Found by a trial of workbooks saved by other programs than Excel (pandas, openpyxl, XlsxWriter,
LibreOffice) and of what Excel 2010 and later write in a sheet: each an output that broke, or a
wrong number printed with exit code 0."""

from __future__ import annotations

import zipfile
from xml.etree import ElementTree

from piano_xlsx.pipeline import run

from .conftest import EXAMPLE_FILLED

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
X14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
BAR_ID = "{00000000-AAAA-BBBB-CCCC-000000000001}"
# a data bar as Excel 2010 and later write it: the rule holds an <extLst> of its own, pointing at
# the x14 rule in the worksheet's <extLst>
DATA_BAR = ('<conditionalFormatting sqref="G6:G53"><cfRule type="dataBar" priority="1"><dataBar><cfvo type="min"/>'
            '<cfvo type="max"/><color rgb="FF638EC6"/></dataBar><extLst><ext uri="{B025F937-C7B1-47D3-B67F-A62EFF666E3E}"'
            f' xmlns:x14="{X14}"><x14:id>{BAR_ID}</x14:id></ext></extLst></cfRule></conditionalFormatting>')
X14_BAR = (f'<extLst><ext uri="{{78C0D931-6437-407d-A8EE-F0AAD7539E65}}" xmlns:x14="{X14}"><x14:conditionalFormattings>'
           '<x14:conditionalFormatting xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
           f'<x14:cfRule type="dataBar" id="{BAR_ID}"><x14:dataBar minLength="0" maxLength="100"><x14:cfvo type="autoMin"/>'
           '<x14:cfvo type="autoMax"/></x14:dataBar></x14:cfRule><xm:sqref>G6:G53</xm:sqref>'
           '</x14:conditionalFormatting></x14:conditionalFormattings></ext></extLst>')


def _with_data_bar(path) -> None:
    with zipfile.ZipFile(EXAMPLE_FILLED) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                assert "<pageMargins" in text and "<extLst" not in text
                text = text.replace("<pageMargins", DATA_BAR + "<pageMargins", 1).replace(
                    "</worksheet>", X14_BAR + "</worksheet>")
                data = text.encode()
            zout.writestr(info, data)


def _table_sheet(path) -> ElementTree.Element:
    with zipfile.ZipFile(path) as z:
        return ElementTree.fromstring(z.read("xl/worksheets/sheet1.xml"))


def test_a_data_bar_of_the_office_keeps_piano_xlsx_colours_out_of_its_rule(tmp_path):
    """The office's data bar (its rule holding an <extLst>, as Excel 2010 and later, XlsxWriter and
    LibreOffice write it): piano-xlsx's conditional formats went inside that rule, the file broke the
    schema and LibreOffice showed no colours; every run on the output nested them again."""
    source = tmp_path / "piano.xlsx"
    _with_data_bar(source)
    previous, counts = source, []
    for k in range(3):  # the monthly cycle: each run on the last output
        output = tmp_path / f"uscita{k}.xlsx"
        done = run(previous, write=True, output=output)
        assert done.written is not None
        root = _table_sheet(output)
        children = list(root)
        nested = [cf for child in children for cf in child.iter(MAIN + "conditionalFormatting")
                  if cf is not child]
        assert not nested
        # the office's rule as it was: one dataBar rule with its x14 id, and only that
        (bar,) = [cf for cf in children if cf.tag == MAIN + "conditionalFormatting" and cf.get("sqref") == "G6:G53"]
        rules = list(bar)
        assert [r.get("type") for r in rules] == ["dataBar"]
        assert [e.text for e in rules[0].iter(f"{{{X14}}}id")] == [BAR_ID]
        counts.append(sum(1 for cf in children if cf.tag == MAIN + "conditionalFormatting"))
        # one <extLst>, the last child, with the office's x14 rule in it
        ext_lists = [c for c in children if c.tag == MAIN + "extLst"]
        assert len(ext_lists) == 1 and children[-1] is ext_lists[0]
        assert BAR_ID in ElementTree.tostring(ext_lists[0], encoding="unicode")
        previous = output
    assert counts[0] > 1 and len(set(counts)) == 1


def _torino_with(tmp_path, cells: dict, formats: dict | None = None):
    import openpyxl

    wb = openpyxl.load_workbook(EXAMPLE_FILLED)
    ws = wb["Tabella di collegamento"]
    for ref, value in cells.items():
        ws[ref] = value
        ws[ref].number_format = (formats or {}).get(ref, "General")
    path = tmp_path / "piano.xlsx"
    wb.save(path)
    return path


def test_a_decimal_point_in_a_number_saved_as_text_is_not_thousands(tmp_path):
    """'0.062' as text (pandas' dtype=str, a CSV, an English-locale sheet) was read as 62: 1,3 scored
    12,90% and the body '7 su 10', exit 0. No group of thousands starts with 0."""
    from piano_xlsx.core.compute import compute
    from piano_xlsx.read.load import verify

    plan, _ = verify(_torino_with(tmp_path, {"H8": "0.062"}))
    outcome = compute(plan)
    assert outcome.results["1.3"].grado == 100.0
    assert outcome.body.achieved == 8


def test_a_share_whose_indicator_speaks_of_times_is_asked_whatever_its_format(tmp_path):
    """'Percentuale di soddisfazione ... e tempi di risposta' 75% against 70%: asked with the cell's %
    format, but once a producer dropped the format 0,75 was a time, a maximum, scored 100% 'raggiunto'."""
    from piano_xlsx.core.compute import compute
    from piano_xlsx.read.load import verify

    for target, fmt in ((0.75, "0%"), (0.75, "General"), ("0,75", "General")):  # (as text: a second review)
        plan, _ = verify(_torino_with(tmp_path, {"F20": target, "H20": 0.70}, {"F20": fmt, "H20": fmt}))
        assert "tempi" in plan.results["2.2"].text
        assert compute(plan).results["2.2"].status == "da verificare", fmt


def test_settings_behind_an_index_column_as_pandas_writes_them(tmp_path):
    """pandas' to_excel writes an index in column A: every setting was 'non riconosciuta' and the
    default rules gave '7 su 10' for '8 su 10'."""
    import openpyxl

    from piano_xlsx.core.compute import compute
    from piano_xlsx.read.load import verify

    wb = openpyxl.load_workbook(EXAMPLE_FILLED)
    ws = wb["Impostazioni"]
    ws.insert_cols(1)
    for i, row in enumerate(range(2, ws.max_row + 1)):
        ws.cell(row, 1, i)
    path = tmp_path / "pandas.xlsx"
    wb.save(path)
    plan, report = verify(path)
    original, _ = verify(EXAMPLE_FILLED)
    assert plan.profile == original.profile
    assert not [f for f in report.findings if f.code == "impostazione-sconosciuta"]
    assert compute(plan).body.achieved == 8
