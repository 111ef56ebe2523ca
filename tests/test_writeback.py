"""Writing the workbook back: nothing lost, owned parts replaced on rerun, live formulas."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill
from python_calamine import CalamineWorkbook

from piano_xlsx.cli.main import main
from piano_xlsx.core.compute import compute
from piano_xlsx.read.load import verify
from piano_xlsx.write.writeback import OWNED_HEADERS, write_output
from piano_xlsx.xlsx.refs import col_index

from .conftest import EXAMPLE_FILLED, file_state
from .libreoffice import assert_formulas_recompute_to_cached, requires_libreoffice, to_pdf

TABLE = "Tabella di collegamento"
EPOCH = "1543622400"  # 2018-12-01


def run(path: Path, out: Path | None = None, **kw) -> dict:
    plan, report = verify(path)
    outcome = compute(plan)
    report.findings.extend(outcome.findings)
    return write_output(plan, outcome, report, path, out, **kw)


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def values(path: Path) -> dict[str, list[list]]:
    wb = CalamineWorkbook.from_path(str(path))
    out = {}
    for name in wb.sheet_names:
        rows = wb.get_sheet_by_name(name).to_python()
        out[name] = [[_norm(v) for v in row] for row in rows]
    return out


def _norm(v):
    if isinstance(v, float) and v.is_integer():
        return int(v)
    if isinstance(v, dt.datetime) and v.time() == dt.time(0):
        return v.date()
    return v


@pytest.fixture(scope="module")
def output(tmp_path_factory, monkeypatch_module):
    folder = tmp_path_factory.mktemp("out")
    source = folder / EXAMPLE_FILLED.name
    source.write_bytes(EXAMPLE_FILLED.read_bytes())
    before = file_state(source)
    result = CliRunner().invoke(main, ["calcola", str(source)])
    assert result.exit_code == 0, result.output
    assert file_state(source) == before
    out = folder / "torino-2018-compilato_calcolato.xlsx"
    assert f"Scritto {out}" in result.output
    return source, out


@pytest.fixture(scope="module")
def monkeypatch_module():
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
    yield mp
    mp.undo()


def test_parts_not_owned_are_byte_identical(output):
    source, out = output
    before, after = members(source), members(out)
    changed = {n for n in before if before[n] != after.get(n)}
    assert changed <= {"[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml",
                       "xl/worksheets/sheet1.xml"}, changed
    assert "xl/worksheets/sheet1.xml" in changed  # the table sheet, with the owned columns


def test_every_cell_of_the_input_is_still_there(output):
    source, out = output
    before, after = values(source), values(out)
    for name, rows in before.items():
        got = after[name]
        for r, row in enumerate(rows):
            width = 10 if name == TABLE else len(row)  # the table's own columns are A:J
            assert got[r][:width] == row[:width], (name, r + 1)


def test_owned_sheets_first_and_last_and_the_summary_opens_first(output):
    _, out = output
    wb = CalamineWorkbook.from_path(str(out))
    assert wb.sheet_names[0] == "Riepilogo" and wb.sheet_names[-2:] == ["Storico", "Anomalie"]
    xml = members(out)["xl/workbook.xml"].decode()
    assert "activeTab" not in xml  # first sheet active
    table_xml = members(out)["xl/worksheets/sheet1.xml"].decode()
    assert 'tabSelected="1"' not in table_xml


def test_owned_columns_and_summary_values(output):
    _, out = output
    vals = values(out)
    assert vals[TABLE][4][10:15] == list(OWNED_HEADERS)
    row_9_4 = vals[TABLE][52]  # row 53: 9.4, 2 days vs 12,5 (T/A = 16%)
    assert row_9_4[10] == pytest.approx(0.16)
    assert row_9_4[11] == "non raggiunto"
    summary = vals["Riepilogo"]
    assert summary[4][1:3] == ["Obiettivi raggiunti", 8]
    assert summary[5][1:3] == ["Obiettivi di ente", 10]
    assert summary[6][2] == pytest.approx(0.8)
    assert summary[9][2] == "8 su 10 obiettivi raggiunti"
    assert summary[1][0].endswith("01/12/2018")  # SOURCE_DATE_EPOCH


def test_computed_cells_are_formulas_with_cached_values(output):
    _, out = output
    wb = openpyxl.load_workbook(out)  # formulas
    cached = openpyxl.load_workbook(out, data_only=True)
    table, table_v = wb[TABLE], cached[TABLE]
    assert table["K20"].value.startswith("=IF(ISNUMBER(H20)")  # 2.2: 79% vs >= 75%
    assert table_v["K20"].value == 1
    assert table["L20"].value.startswith("=IF(ISNUMBER(K20)")
    summary, summary_v = wb["Riepilogo"], cached["Riepilogo"]
    assert summary["C5"].value == '=COUNTIF($E$16:$E$25,"raggiunto")'
    assert summary_v["C5"].value == 8
    assert "N('Tabella di collegamento'!$K$6)" in summary["D16"].value  # objective 1
    assert summary_v["A24"].value == "9"  # objectives in natural order: 1, 2, ... 9, 10
    assert summary_v["D24"].value == pytest.approx(0.5035416667)


def test_a_print_area_ending_at_the_table_is_extended_to_the_results(output):
    """The example's print area stops at the table's last column (J): the five result columns
    never printed. It is extended to O, and a finding says so."""
    source, out = output
    names = re.findall(r'<definedName name="_xlnm.Print_Area"[^>]*>([^<]*)<', members(out)["xl/workbook.xml"].decode())
    assert "'Tabella di collegamento'!$A$1:$O$53" in names
    rows = values(out)["Anomalie"]
    found = [r for r in rows if len(r) > 1 and r[1] == "area-di-stampa-estesa"]
    assert len(found) == 1 and "(J)" in found[0][4] and "fino alla colonna O" in found[0][4]
    assert not [r for r in rows if len(r) > 1 and r[1] == "area-di-stampa"]


def test_findings_sheet_links_to_cells(output):
    _, out = output
    wb = openpyxl.load_workbook(out)
    sheet = wb["Anomalie"]
    assert [c.value for c in sheet[1]] == ["Gravità", "Codice", "Foglio", "Cella", "Messaggio"]
    link = sheet["D2"].hyperlink
    assert link is not None and link.location == "'Tabella di collegamento'!F27"


def test_same_input_and_date_give_the_same_bytes(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    run(EXAMPLE_FILLED, a)
    run(EXAMPLE_FILLED, b)
    assert a.read_bytes() == b.read_bytes()


def test_rerun_replaces_owned_parts_and_keeps_a_persons_edits(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    first = tmp_path / "primo.xlsx"
    run(EXAMPLE_FILLED, first)
    # a person edits the output: a value, a colour, a comment, a new row, a new sheet
    wb = openpyxl.load_workbook(first)
    ws = wb[TABLE]
    ws["H20"] = 0.5
    ws["C20"].fill = PatternFill("solid", fgColor="FFFF00")
    ws["C20"].comment = Comment("Controllare con l'ufficio", "Mario")
    ws["C54"] = "9.5 Nuovo risultato aggiunto a mano"
    ws["F54"] = ">= 10"
    ws["H54"] = 12
    wb.create_sheet("Note mie")["A1"] = "appunti della riunione"
    edited = tmp_path / "modificato.xlsx"
    wb.save(edited)
    second = tmp_path / "secondo.xlsx"
    run(edited, second)
    vals = values(second)
    assert list(vals) == ["Riepilogo", TABLE, "Impostazioni", "Dati mensili", "Obiettivi individuali", "Note mie",
                          "Storico", "Anomalie"]
    header = vals[TABLE][4]
    assert header.count("Grado di raggiungimento") == 1 and header[10] == "Grado di raggiungimento"
    assert vals[TABLE][19][7] == 0.5  # the edited value is kept ...
    assert vals[TABLE][19][10] == pytest.approx(0.5 / 0.75)  # ... and computed
    assert vals[TABLE][53][2] == "9.5 Nuovo risultato aggiunto a mano"
    assert vals[TABLE][53][10:12] == [1, "raggiunto"]
    assert vals["Note mie"][0][0] == "appunti della riunione"
    check = openpyxl.load_workbook(second)
    assert check[TABLE]["C20"].fill.fgColor.rgb.endswith("FFFF00")
    assert check[TABLE]["C20"].comment.text == "Controllare con l'ufficio"
    # a third run on the second output changes nothing but provenance
    third = tmp_path / "terzo.xlsx"
    run(second, third)
    m2, m3 = members(second), members(third)
    assert sorted(m2) == sorted(m3)
    changed = [n for n in m2 if m2[n] != m3[n]]
    assert len(changed) == 1 and b"Riepilogo calcolato" in m3[changed[0]]  # file name and SHA-256 of the input


def test_user_text_starting_with_equals_is_written_as_text(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    wb = openpyxl.load_workbook(EXAMPLE_FILLED)
    ws = wb[TABLE]
    ws["B48"].value = "8. =HYPERLINK(\"http://example.com\",\"clic\") +1 @cmd"
    source = tmp_path / "formula.xlsx"
    wb.save(source)
    out = tmp_path / "out.xlsx"
    run(source, out)
    xml = members(out)
    summary_part = next(n for n in xml if n.startswith("xl/worksheets/sheet") and b"Riepilogo calcolato" in xml[n])
    text = xml[summary_part].decode()
    cell = re.search(r'<c r="B23"[^>]*>.*?</c>', text).group(0)  # objective 8, eighth row from row 16
    assert 't="inlineStr"' in cell and "<f>" not in cell
    assert '>=HYPERLINK("http://example.com","clic") +1 @cmd</t>' in cell


def test_in_place_keeps_a_backup_and_refuses_an_open_file(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    source = tmp_path / "piano.xlsx"
    source.write_bytes(EXAMPLE_FILLED.read_bytes())
    lock = tmp_path / "~$piano.xlsx"
    lock.write_bytes(b"lock")
    result = CliRunner().invoke(main, ["calcola", str(source), "--sul-posto"])
    assert result.exit_code == 2
    assert "aperto in Excel" in result.output
    assert source.read_bytes() == EXAMPLE_FILLED.read_bytes()
    lock.unlink()
    result = CliRunner().invoke(main, ["calcola", str(source), "--sul-posto"])
    assert result.exit_code == 0, result.output
    backups = list(tmp_path.glob("piano.bak-*.xlsx"))
    assert len(backups) == 1 and backups[0].read_bytes() == EXAMPLE_FILLED.read_bytes()
    assert "Riepilogo" in CalamineWorkbook.from_path(str(source)).sheet_names
    assert not list(tmp_path.glob(".piano-xlsx-*"))  # no temporary file left behind


def test_output_equal_to_input_is_refused(tmp_path):
    source = tmp_path / "piano.xlsx"
    source.write_bytes(EXAMPLE_FILLED.read_bytes())
    result = CliRunner().invoke(main, ["calcola", str(source), "-o", str(source)])
    assert result.exit_code == 2
    assert "--sul-posto" in result.output
    assert source.read_bytes() == EXAMPLE_FILLED.read_bytes()


def test_json_does_not_write_a_file_unless_asked(tmp_path):
    source = tmp_path / "piano.xlsx"
    source.write_bytes(EXAMPLE_FILLED.read_bytes())
    result = CliRunner().invoke(main, ["calcola", str(source), "--json"])
    assert result.exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["piano.xlsx"]


@requires_libreoffice
def test_libreoffice_recomputes_every_formula_to_its_cached_value(output, tmp_path):
    _, out = output
    assert assert_formulas_recompute_to_cached(out) > 100
    pdf = to_pdf(out, tmp_path)
    assert pdf.stat().st_size > 10_000


@requires_libreoffice
def test_libreoffice_agrees_after_an_edit_and_a_rerun(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    wb = openpyxl.load_workbook(EXAMPLE_FILLED)
    wb[TABLE]["H20"] = 0.5  # 2.2 now partial
    wb[TABLE]["H53"] = 1.5  # 9.4 now on target
    source = tmp_path / "modificato.xlsx"
    wb.save(source)
    out = tmp_path / "out.xlsx"
    run(source, out)
    assert assert_formulas_recompute_to_cached(out) > 100


def test_strict_open_xml_is_refused_without_writing(tmp_path):
    source = tmp_path / "strict.xlsx"
    with zipfile.ZipFile(EXAMPLE_FILLED) as zin, zipfile.ZipFile(source, "w") as zout:
        for name in zin.namelist():
            data = zin.read(name)
            if name == "xl/workbook.xml":
                data = data.replace(b"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
                                    b"http://purl.oclc.org/ooxml/spreadsheetml/main")
            zout.writestr(name, data)
    before = source.read_bytes()
    result = CliRunner().invoke(main, ["calcola", str(source)])
    assert result.exit_code == 2
    assert "Strict Open XML" in result.output and "Traceback" not in result.output
    assert source.read_bytes() == before
    assert not (tmp_path / "strict_calcolato.xlsx").exists()


def _raw_members(path: Path) -> dict[str, tuple[int, int, bytes]]:
    """name -> (method, CRC, compressed bytes) as stored in the zip."""
    import struct

    data = path.read_bytes()
    out = {}
    with zipfile.ZipFile(path) as z:
        for info in z.infolist():
            name_len, extra_len = struct.unpack_from("<HH", data, info.header_offset + 26)
            start = info.header_offset + 30 + name_len + extra_len
            out[info.filename] = (info.compress_type, info.CRC, data[start:start + info.compress_size])
    return out


def test_untouched_parts_keep_their_compressed_bytes_and_the_zip_is_sound(output):
    source, out = output
    before, after = _raw_members(source), _raw_members(out)
    untouched = ["xl/sharedStrings.xml", "xl/theme/theme1.xml"]
    for name in untouched:
        assert after[name] == before[name]
    with zipfile.ZipFile(out) as z:
        assert z.testzip() is None
        assert all(i.compress_type == zipfile.ZIP_DEFLATED for i in z.infolist()
                   if i.filename not in before or members(source)[i.filename] != z.read(i.filename))


def test_a_damaged_part_the_reader_never_opens_is_refused_at_writing(tmp_path, monkeypatch):
    """An image or any part the reader skips is copied as stored: its CRC is still checked."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    source = tmp_path / "piano.xlsx"
    payload = b"not really a picture " * 200
    with zipfile.ZipFile(EXAMPLE_FILLED) as zin, zipfile.ZipFile(source, "w", zipfile.ZIP_STORED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, zin.read(info.filename))
        zout.writestr("xl/media/extra.bin", payload)
    data = source.read_bytes()
    assert data.count(payload) == 1
    source.write_bytes(data.replace(payload, payload[:-1] + b"!"))  # same size, wrong CRC
    before = file_state(source)
    result = CliRunner().invoke(main, ["calcola", str(source)])
    assert result.exit_code == 2, result.output
    assert "xl/media/extra.bin" in result.output and "CRC" in result.output
    assert "Traceback" not in result.output
    assert file_state(source) == before
    assert not (tmp_path / "piano_calcolato.xlsx").exists()


def test_non_ascii_part_names_and_the_zipfile_fallback_give_the_same_workbook(tmp_path, monkeypatch):
    from piano_xlsx.xlsx import zipwrite

    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    source = tmp_path / "piano.xlsx"
    with zipfile.ZipFile(EXAMPLE_FILLED) as zin, zipfile.ZipFile(source, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, zin.read(info.filename))
        zout.writestr("customXml/città.xml", "<?xml version='1.0'?><dati>è</dati>")
    fast = tmp_path / "veloce.xlsx"
    run(source, fast)
    monkeypatch.setattr(zipwrite, "_LIMIT", 100)  # every member "needs ZIP64": zipfile writes the package
    slow = tmp_path / "lento.xlsx"
    run(source, slow)
    assert members(fast) == members(slow)
    assert members(fast)["customXml/città.xml"] == "<?xml version='1.0'?><dati>è</dati>".encode()
    with zipfile.ZipFile(fast) as z:
        assert z.getinfo("customXml/città.xml").flag_bits & 0x800
        assert z.testzip() is None


def _patch_member(data: bytes, name: str, *, method: int | None = None, size_delta: int = 0) -> bytes:
    """The zip with one member's method or declared size changed in both of its headers."""
    import io
    import struct

    out = bytearray(data)
    zf = zipfile.ZipFile(io.BytesIO(data))
    info = zf.getinfo(name)
    central = zf.start_dir  # walk the central directory's entries to this member's
    while data[central + 46:central + 46 + len(name)] != name.encode():
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", data, central + 28)
        central += 46 + name_len + extra_len + comment_len
    if method is not None:
        struct.pack_into("<H", out, info.header_offset + 8, method)
        struct.pack_into("<H", out, central + 10, method)
    if size_delta:
        struct.pack_into("<L", out, info.header_offset + 22, info.file_size + size_delta)
        struct.pack_into("<L", out, central + 24, info.file_size + size_delta)
    return bytes(out)


@pytest.mark.parametrize("case", ["empty member deflated with no bytes", "declared size larger than the data"])
def test_members_zipfile_accepts_but_cannot_be_copied_as_stored_are_rewritten(tmp_path, monkeypatch, case):
    """Found in review: what zipfile reads without complaint must not be called damaged at writing."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    source = tmp_path / "piano.xlsx"
    with zipfile.ZipFile(EXAMPLE_FILLED) as zin, zipfile.ZipFile(source, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, zin.read(info.filename))
        zout.writestr("customXml/vuoto.xml", b"", compress_type=zipfile.ZIP_STORED)
    if case.startswith("empty"):
        source.write_bytes(_patch_member(source.read_bytes(), "customXml/vuoto.xml", method=zipfile.ZIP_DEFLATED))
        name = "customXml/vuoto.xml"
    else:
        name = "xl/theme/theme1.xml"
        source.write_bytes(_patch_member(source.read_bytes(), name, size_delta=10))
    expected = members(source)[name]  # what zipfile reads
    out = tmp_path / "out.xlsx"
    run(source, out)
    assert members(out)[name] == expected
    with zipfile.ZipFile(out) as z:
        assert z.testzip() is None


def test_split_areas_keeps_commas_inside_quoted_sheet_names():
    from piano_xlsx.write.writeback import _split_areas

    assert _split_areas("'Piano, 2018'!$A$1:$J$53") == ["'Piano, 2018'!$A$1:$J$53"]
    assert _split_areas("'L''ente, 1'!A1:B2,'X'!C1:D2") == ["'L''ente, 1'!A1:B2", "'X'!C1:D2"]


@pytest.mark.parametrize("area,warned", [
    ("'Tabella di collegamento'!$A$1:$J$53,'Tabella di collegamento'!$A$60:$C$70", True),
    ("'Tabella di collegamento'!$A$1:$H$53", True),  # the office chose to leave columns out: kept
    ("'Tabella di collegamento'!$A:$O", False),
    ("'Tabella di collegamento'!$A$1:$L$53", True),  # through the result columns
    ("'Tabella di collegamento'!$1:$53", False),
])
def test_print_area_warning_reads_every_area(tmp_path, monkeypatch, area, warned):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    source = tmp_path / "piano.xlsx"
    with zipfile.ZipFile(EXAMPLE_FILLED) as zin, zipfile.ZipFile(source, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "xl/workbook.xml":
                data = data.replace(b"'Tabella di collegamento'!$A$1:$J$53", area.encode())
                assert area.encode() in data
            zout.writestr(info.filename, data)
    plan, report = verify(source)
    outcome = compute(plan)
    written = write_output(plan, outcome, report, source, tmp_path / "out.xlsx")
    assert any(f.code == "area-di-stampa" for f in written["findings"]) is warned
    assert not any(f.code == "area-di-stampa" for f in report.findings)  # the caller's report is not changed


def test_the_offices_things_beside_the_table_are_not_covered(tmp_path):
    """A conditional format on empty cells, a sparkline group, a formatted empty cell, a validation,
    a comment and a chart right of the table: the result columns go after all of them."""
    import xlsxwriter

    source = tmp_path / "piano.xlsx"
    wb = xlsxwriter.Workbook(str(source))
    ws = wb.add_worksheet("Piano")
    for c, h in enumerate(["Obiettivo", "Risultato atteso", "Target", "Consuntivo", "Gen", "Feb"]):
        ws.write(0, c, h)
    rows = [("1. Uno", "1.1 Primo", ">= 10", 12, 3, 5), (None, "1.2 Secondo", "<= 5", 4, 1, 2)]
    for r, row in enumerate(rows, start=1):
        for c, v in enumerate(row):
            if v is not None:
                ws.write(r, c, v)
    red = wb.add_format({"font_color": "#9C0006", "bg_color": "#FFC7CE"})
    ws.conditional_format("H2:H3", {"type": "cell", "criteria": ">", "value": 100, "format": red})  # empty cells
    ws.add_sparkline("G2", {"range": "Piano!E2:F2"})
    ws.add_sparkline("G3", {"range": "Piano!E3:F3"})
    ws.write_blank("I5", None, wb.add_format({"bg_color": "#FFFF00", "bold": True}))
    ws.data_validation("J2:J3", {"validate": "list", "source": ["SI", "NO"]})
    ws.write_comment("K2", "Nota dell'ufficio accanto alla tabella")
    chart = wb.add_chart({"type": "column"})
    chart.add_series({"values": "=Piano!$D$2:$D$3"})
    ws.insert_chart("M2", chart)  # anchored from column M (0-based 12), over the table's rows
    ws.write(1048575, 16383, "lontano")  # XFD1048576: not in the table's rows, it takes no room there
    wb.close()
    output = tmp_path / "out.xlsx"
    result = CliRunner().invoke(main, ["calcola", str(source), "-o", str(output)])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(output) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert '<conditionalFormatting sqref="H2:H3">' in sheet  # the office's format, kept
    assert "<xm:sqref>G2</xm:sqref>" in sheet and "<xm:sqref>G3</xm:sqref>" in sheet  # its sparklines
    assert re.search(r'<c r="I5" s="\d+"/>', sheet)  # the formatted empty cell, as it was
    assert re.search(r'<dataValidation [^>]*sqref="J2:J3"', sheet)
    # the chart spans M..T (8 columns from M): the result columns start after it
    header = re.search(r'<c r="([A-Z]+)1"[^>]*t="inlineStr"><is><t[^>]*>Grado di raggiungimento<', sheet)
    assert header is not None and col_index("T") < col_index(header.group(1)) < col_index("Z")
    assert '<c r="XFD1048576"' in sheet


def test_what_only_marks_a_place_does_not_push_the_result_columns(tmp_path):
    """An active cell at AZ2, a note far below the table (the used range's <dimension> reaches
    Z) and an ignored-error mark at AB2 occupy nothing in the table's rows: the result columns
    go right after the table (found in review: they went to BA)."""
    import xlsxwriter

    source = tmp_path / "piano.xlsx"
    wb = xlsxwriter.Workbook(str(source))
    ws = wb.add_worksheet("Piano")
    for c, h in enumerate(["Obiettivo", "Risultato atteso", "Target", "Consuntivo"]):
        ws.write(0, c, h)
    ws.write_row(1, 0, ["1. Uno", "1.1 Primo", ">= 10", 12])
    ws.write(49, 25, "nota in fondo, lontana")  # Z50
    ws.set_selection("AZ2")
    ws.ignore_errors({"number_stored_as_text": "AB2"})
    wb.close()
    with zipfile.ZipFile(source) as z:
        skeleton = z.read("xl/worksheets/sheet1.xml").decode()
    assert 'sqref="AZ2"' in skeleton and 'ref="A1:Z50"' in skeleton and 'sqref="AB2"' in skeleton
    output = tmp_path / "out.xlsx"
    result = CliRunner().invoke(main, ["calcola", str(source), "-o", str(output)])
    assert result.exit_code == 0, result.output
    ws_out = openpyxl.load_workbook(output)["Piano"]
    assert ws_out["E1"].value == OWNED_HEADERS[0] and ws_out["Z50"].value == "nota in fondo, lontana"


def test_in_place_through_a_symbolic_link_updates_the_file_it_points_to(tmp_path):
    """The office keeps a link to this year's plan: the plan is updated, the link stays a link
    (found in review: the link was replaced by the new workbook and the plan left as it was)."""
    real = tmp_path / "archivio" / "piano-2018.xlsx"
    real.parent.mkdir()
    real.write_bytes(EXAMPLE_FILLED.read_bytes())
    link = tmp_path / "piano.xlsx"
    link.symlink_to(real)
    result = CliRunner().invoke(main, ["calcola", str(link), "--sul-posto"])
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert "Riepilogo" in CalamineWorkbook.from_path(str(real)).sheet_names
    backups = list(real.parent.glob("piano-2018.bak-*.xlsx"))
    assert len(backups) == 1 and backups[0].read_bytes() == EXAMPLE_FILLED.read_bytes()
    # and -o onto a link to the input is the input itself: refused
    result = CliRunner().invoke(main, ["calcola", str(real), "-o", str(link)])
    assert result.exit_code == 2 and "--sul-posto" in result.output


def test_the_columns_written_are_the_ones_the_reader_recognises_as_its_own():
    from piano_xlsx.read.layout import OWNED_BLOCK
    from piano_xlsx.write.writeback import OWNED_HEADERS

    assert tuple(h.lower() for h in OWNED_HEADERS) == tuple(OWNED_BLOCK)


def test_the_owned_columns_of_an_earlier_run_are_not_read_again(example_copy, tmp_path):
    # the five columns are rewritten by every run: the next run leaves their data cells out of the
    # reading (a hidden name marks them), after checking the headers above them are piano-xlsx's
    from piano_xlsx.read.load import OWNED_REGION_NAME, _owned_region, load_plan
    from piano_xlsx.xlsx.reader import read_workbook

    source = example_copy()
    plan, report = verify(source)
    outcome = compute(plan)
    first = tmp_path / "primo.xlsx"
    write_output(plan, outcome, report, source, first)
    workbook = read_workbook(first, skip_region=_owned_region)
    region = _owned_region(plan.table.sheet, workbook.defined_names)
    assert region is not None and region[0] == plan.table.first_data_row
    table_sheet = next(s for s in workbook.sheets if s.name == plan.table.sheet)
    assert not [k for k in table_sheet.cells if region[1] <= k[1] <= region[3] and region[0] <= k[0] <= region[2]]
    again = compute(load_plan(first))
    assert {c: n.grado for c, n in again.results.items()} == {c: n.grado for c, n in outcome.results.items()}
    # a name that no longer lies under piano-xlsx's headers (copied, or the columns reused) is not
    # trusted: the office's cells there are read
    moved = tmp_path / "spostato.xlsx"
    with zipfile.ZipFile(first) as zin, zipfile.ZipFile(moved, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "xl/workbook.xml":
                text = data.decode()
                value = re.search(rf'name="{OWNED_REGION_NAME}"[^>]*>([^<]*)<', text).group(1)
                data = text.replace(value, re.sub(r"\$[A-Z]+\$(\d+):\$[A-Z]+\$", r"$D$\1:$H$", value)).encode()
            zout.writestr(info, data)
    shifted = compute(load_plan(moved))
    assert {c: n.grado for c, n in shifted.results.items()} == {c: n.grado for c, n in outcome.results.items()}
