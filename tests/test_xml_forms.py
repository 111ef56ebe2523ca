"""Parts written by producers other than Excel: what the textual edits must get right, and
the last check that stops an edit from ever writing a part that does not parse."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from piano_xlsx.core.compute import compute
from piano_xlsx.errors import CannotWriteBack
from piano_xlsx.read.load import verify
from piano_xlsx.write.writeback import write_output
from piano_xlsx.xlsx import workbook_edit as wbx
from piano_xlsx.xlsx import xmlns
from piano_xlsx.xlsx.sheet_edit import SheetEditor
from piano_xlsx.xlsx.sheet_new import cell_xml

from .conftest import EXAMPLE_FILLED

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def test_new_sheet_declares_the_relationships_prefix_when_the_producer_declared_it_per_sheet():
    # openpyxl writing through lxml: xmlns:r on each <sheet>, not on <workbook>
    text = (f'<workbook xmlns="{MAIN}"><sheets><sheet xmlns:r="{REL}" name="A" sheetId="1" r:id="rId1"/>'
            "</sheets></workbook>")
    out, sheet_id = wbx.insert_sheet(text, 0, "Riepilogo", "rId9")
    root = ET.fromstring(out)  # parses: every prefix is bound
    first = root.find(f"{{{MAIN}}}sheets")[0]
    assert first.get("name") == "Riepilogo" and first.get(f"{{{REL}}}id") == "rId9" and sheet_id == 2


def test_new_sheet_and_name_take_the_prefix_of_their_parent():
    text = (f'<x:workbook xmlns:x="{MAIN}" xmlns:rel="{REL}"><x:sheets><x:sheet name="A" sheetId="1" '
            'rel:id="rId1"/></x:sheets><x:definedNames/></x:workbook>')
    out, _ = wbx.insert_sheet(text, 1, "Storico", "rId2")
    out = wbx.add_defined_name(out, "_PianoXlsx_Storico", "Storico!$A$1", local_sheet_id=1, hidden=True)
    root = ET.fromstring(out)
    sheets = root.find(f"{{{MAIN}}}sheets")
    assert [s.get("name") for s in sheets] == ["A", "Storico"]
    assert sheets[1].get(f"{{{REL}}}id") == "rId2" and out.count("xmlns:") == 2  # "rel" is bound: used as is
    names = root.findall(f"{{{MAIN}}}definedNames/{{{MAIN}}}definedName")
    assert [n.get("name") for n in names] == ["_PianoXlsx_Storico"]  # the empty <definedNames/> filled


def test_a_cell_with_an_empty_reference_gets_one_reference_not_two():
    text = (f'<worksheet xmlns="{MAIN}"><sheetData><row r="2"><c r="" t="inlineStr"><is><t>a</t></is></c>'
            '<c r="B2"><v>1</v></c></row></sheetData></worksheet>')
    ed = SheetEditor(text, "sheet1.xml")
    ed.replace_cells({4}, 2, 2, {(2, 4): cell_xml(2, 4, 0.5)})
    cells = ET.fromstring(ed.text).iter(f"{{{MAIN}}}c")
    assert [c.get("r") for c in cells] == ["A2", "B2", "D2"]


def test_parts_in_another_form_are_put_in_excel_form_keeping_their_meaning():
    text = (f"<?xml version='1.0' encoding='UTF-8'?><x:worksheet xmlns:x='{MAIN}' "
            "xmlns:mc='http://schemas.openxmlformats.org/markup-compatibility/2006' mc:Ignorable='a'>"
            "<!-- nota --><x:sheetData xmlns:a='urn:a'><x:row r = '1'><x:c r='A1'><x:v>1</x:v></x:c>"
            "<x:c r='B1'></x:c></x:row></x:sheetData></x:worksheet>")
    assert not xmlns.in_excel_form(text)
    out = xmlns.to_excel_form(text)
    assert xmlns.in_excel_form(out)
    assert out.startswith('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="' + MAIN)
    assert 'xmlns:a="urn:a" mc:Ignorable="a"' in out and '<c r="B1"/>' in out

    def tree(element):  # names with their namespaces: the meaning, whatever the prefixes
        return (element.tag, sorted(element.attrib.items()), (element.text or "").strip(),
                [tree(child) for child in element])
    assert tree(ET.fromstring(out.encode())) == tree(ET.fromstring(text.encode()))


def test_utf16_part_is_decoded_and_declared_utf8():
    data = '<?xml version="1.0" encoding="UTF-16"?><a>è</a>'.encode("utf-16")
    assert xmlns.decode(data) == '<?xml version="1.0" encoding="UTF-8"?><a>è</a>'


def test_an_edit_that_would_break_a_part_writes_nothing(tmp_path: Path, monkeypatch):
    source = tmp_path / "piano.xlsx"
    source.write_bytes(EXAMPLE_FILLED.read_bytes())
    before = source.read_bytes()
    plan, report = verify(source)
    outcome = compute(plan)
    # an edit gone wrong: the new sheet's element left unclosed
    real = wbx.insert_sheet
    monkeypatch.setattr(wbx, "insert_sheet", lambda *a, **k: (real(*a, **k)[0].replace("/>", ">", 1), 9))
    with pytest.raises(CannotWriteBack, match="nessun file è stato scritto"):
        write_output(plan, outcome, report, source, in_place=True)
    assert source.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["piano.xlsx"]  # no backup, no temporary file


def test_piano_xlsx_writes_its_own_parts_in_excel_form(example_copy, tmp_path):
    # an empty cached value was written '<v></v>' and a view '<sheetView ...></sheetView>': the
    # next monthly run then rewrote the whole table sheet through to_excel_form (seconds at 10k)
    import zipfile

    from click.testing import CliRunner

    from piano_xlsx.cli.main import main

    output = tmp_path / "out.xlsx"
    result = CliRunner().invoke(main, ["calcola", str(example_copy()), "-o", str(output)])
    assert result.exit_code in (0, 1), result.output
    with zipfile.ZipFile(output) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        assert sheets
        for name in sheets:
            text = z.read(name).decode("utf-8")
            assert "<v></v>" not in text, name
            assert xmlns.in_excel_form(text), name
