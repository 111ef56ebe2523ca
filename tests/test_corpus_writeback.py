"""Write-back over every workbook of the corpus saved by real Excel: nothing that was there is lost.

Each corpus file (charts, images, text boxes, comments, tables, validations, conditional
formats, defined names, print settings, protection, macros...) gets a small linkage table
on a sheet of its own (tests/corpus_tools.add_table_sheet); the pipeline runs on that
prepared copy and, once more, on its own output; every part the writer does not own
must come out byte-identical and every cell value must read the same.

The corpus is XlsxWriter's comparison files (jmcnamara/XlsxWriter, BSD 2-Clause,
copyright John McNamara), kept in shared/corpus/excel-saved beside the repository.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from pathlib import Path

import pytest

from piano_xlsx.core.compute import compute
from piano_xlsx.errors import PianoError
from piano_xlsx.read.load import verify
from piano_xlsx.write.writeback import FINDINGS, HISTORY, OWNED_HEADERS, SUMMARY, write_output
from piano_xlsx.xlsx.edit import CannotWriteBack

from . import corpus_tools as ct

FILES = ct.corpus_files()
needs_corpus = pytest.mark.skipif(not FILES, reason=ct.CORPUS_MISSING)

# Files the writer may refuse (CannotWriteBack / PianoError), each with the reason the refusal is
# right. Empty: every workbook Excel saved must be written back.
ALLOWED_REFUSALS: dict[str, str] = {}


@pytest.fixture(autouse=True)
def _fixed_date(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1719792000")  # 2024-07-01: reproducible output


def run_pipeline(source: Path, output: Path):
    plan, report = verify(source)
    outcome = compute(plan)
    report.findings.extend(outcome.findings)
    write_output(plan, outcome, report, source, output)
    return plan, outcome


def out_name(source: Path, stem: str) -> str:
    return stem + (".xlsm" if source.suffix.lower() == ".xlsm" else ".xlsx")


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def owned_header_problems(values: dict, table_sheet: str) -> list[str]:
    rows = values.get(table_sheet)
    if not isinstance(rows, list) or not rows:
        return [f"il foglio {table_sheet!r} non si legge nell'output"]
    header = rows[0]
    out = []
    for h in OWNED_HEADERS:
        n = header.count(h)
        if n != 1:
            out.append(f"intestazione {h!r} presente {n} volte nella riga 1 / header found {n} times: {header}")
    if not out:
        start = header.index(OWNED_HEADERS[0])
        if tuple(header[start:start + len(OWNED_HEADERS)]) != OWNED_HEADERS:
            out.append(f"colonne di piano-xlsx non contigue / owned columns not contiguous: {header}")
        elif start < len(ct.HEADERS):
            out.append(f"colonne di piano-xlsx sopra le colonne dell'ufficio / owned columns overwrite: {header}")
        else:
            for r, row in enumerate(rows[1:1 + len(ct.TABLE_ROWS)], start=2):
                grado = row[start] if start < len(row) else None
                if not isinstance(grado, (int, float)) or isinstance(grado, bool):
                    out.append(f"riga {r}: grado non numerico / grado not a number: {grado!r}")
    return out


def check_output(prepared: ct.Prepared, before: dict[str, bytes], before_values: dict, output: Path,
                 label: str) -> list[str]:
    after = ct.members(output)
    problems = ct.package_problems(before, after, prepared.part)
    problems += ct.integrity_problems(after, before)
    after_values = ct.sheet_values(output)
    problems += ct.value_problems(before_values, after_values, prepared.sheet_name)
    names_in = ct.structure(before).sheet_names
    names_out = ct.structure(after).sheet_names
    macro = any(name.lower().endswith("vbaproject.bin") for name in before)
    # with macros the office's sheets keep their positions (Sheets(1) in a macro): Riepilogo goes last
    wanted = [*names_in, HISTORY, FINDINGS, SUMMARY] if macro else [SUMMARY, *names_in, HISTORY, FINDINGS]
    if names_out != wanted:
        problems.append(f"fogli / sheets: {names_in} -> {names_out} (attesi {wanted})")
    if macro and ct.active_sheet(after) != SUMMARY:
        problems.append(f"il foglio aperto all'avvio non è il Riepilogo / opens on {ct.active_sheet(after)}")
    if ct.structure(after).part_of(prepared.sheet_name) != prepared.part:
        problems.append("il foglio della tabella ha cambiato parte / the table sheet moved to another part")
    problems += owned_header_problems(after_values, prepared.sheet_name)
    return [f"[{label}] {p}" for p in problems]


def prepare(source: Path, folder: Path) -> ct.Prepared:
    try:
        return ct.add_table_sheet(source, folder / out_name(source, "input"))
    except ct.CannotPrepare as exc:
        pytest.skip(f"impossibile aggiungere la tabella / cannot add the table: {exc}")


@needs_corpus
@pytest.mark.parametrize("source", FILES, ids=[p.name for p in FILES])
def test_corpus_file_written_back_without_loss(source: Path, tmp_path: Path):
    prepared = prepare(source, tmp_path)
    before = ct.members(prepared.path)
    before_sha = sha(prepared.path)
    before_values = ct.sheet_values(prepared.path)
    assert ct.integrity_problems(before, ct.members(source)) == [], "preparazione difettosa / bad preparation"

    output = tmp_path / out_name(source, "out")
    try:
        plan, outcome = run_pipeline(prepared.path, output)
    except (CannotWriteBack, PianoError) as exc:
        if source.name in ALLOWED_REFUSALS:
            pytest.skip(f"rifiuto ammesso / allowed refusal: {ALLOWED_REFUSALS[source.name]}")
        pytest.fail(f"{source.name}: il writer rifiuta il file / the writer refused: {exc}")
    assert sha(prepared.path) == before_sha, "il file di partenza è stato modificato / the input changed"
    assert plan.table is not None and plan.table.sheet == prepared.sheet_name
    assert sorted(outcome.results) == sorted(ct.RESULT_CODES)
    unvalued = {c: n.explanation for c, n in outcome.results.items() if n.grado is None}
    assert not unvalued, unvalued

    problems = check_output(prepared, before, before_values, output, "prima esecuzione")

    rerun = tmp_path / out_name(source, "rerun")
    first_sheets = ct.structure(ct.members(output)).sheet_names
    output_sha = sha(output)
    plan2, outcome2 = run_pipeline(output, rerun)
    assert plan2.table is not None and plan2.table.sheet == prepared.sheet_name
    assert {c: n.grado for c, n in outcome2.results.items()} == {c: n.grado for c, n in outcome.results.items()}
    assert sha(output) == output_sha, "la rielaborazione ha modificato il suo input / the rerun changed its input"
    rerun_sheets = ct.structure(ct.members(rerun)).sheet_names
    if rerun_sheets != first_sheets:
        problems.append(f"[rielaborazione] fogli / sheets: {first_sheets} -> {rerun_sheets}")
    problems += check_output(prepared, before, before_values, rerun, "rielaborazione")
    assert not problems, f"{source.name}:\n" + "\n".join(problems)


def test_allow_list_names_real_corpus_files():
    if not FILES:
        pytest.skip(ct.CORPUS_MISSING)
    names = {p.name for p in FILES}
    assert set(ALLOWED_REFUSALS) <= names


# --------------------------------------------------------------------------- focused tests


def corpus(name: str) -> Path:
    if not FILES:
        pytest.skip(ct.CORPUS_MISSING)
    path = ct.corpus_dir() / name
    if not path.exists():
        pytest.skip(f"{name} non è nel corpus / not in the corpus")
    return path


def prepared_and_output(name: str, tmp_path: Path):
    source = corpus(name)
    prepared = ct.add_table_sheet(source, tmp_path / out_name(source, "input"))
    output = tmp_path / out_name(source, "out")
    run_pipeline(prepared.path, output)
    rerun = tmp_path / out_name(source, "rerun")
    run_pipeline(output, rerun)
    return prepared, ct.members(prepared.path), output, rerun


def identical(before: dict[str, bytes], after: dict[str, bytes], pattern: str) -> list[str]:
    names = [n for n in before if re.search(pattern, n)]
    assert names, f"nessuna parte {pattern} nel file di partenza"
    for n in names:
        assert after.get(n) == before[n], f"{n} non è identica / not byte-identical"
    return names


@needs_corpus
@pytest.mark.parametrize("name", ["macro02.xlsm", "macro04.xlsm"])
def test_macro_workbook_keeps_vba_project_and_extension(name, tmp_path):
    prepared, before, output, rerun = prepared_and_output(name, tmp_path)
    assert output.suffix == ".xlsm" and rerun.suffix == ".xlsm"
    for path in (output, rerun):
        after = ct.members(path)
        identical(before, after, r"^xl/vbaProject\.bin$")
        st = ct.structure(after)
        assert ("bin", "application/vnd.ms-office.vbaProject") in st.defaults
        assert ("/xl/workbook.xml", "application/vnd.ms-excel.sheet.macroEnabled.main+xml") in st.overrides
        assert any(r["Type"].endswith("/vbaProject") and r["Target"] == "vbaProject.bin" for r in st.rels)
        # the workbook's code name, which ties the VBA project to it, is untouched
        assert re.search(rb'<workbookPr [^>]*codeName="', after["xl/workbook.xml"])


@needs_corpus
@pytest.mark.parametrize("name", ["image06.xlsx", "hyperlink36.xlsx", "textbox05.xlsx"])
def test_charts_and_images_kept(name, tmp_path):
    prepared, before, output, rerun = prepared_and_output(name, tmp_path)
    for path in (output, rerun):
        after = ct.members(path)
        identical(before, after, r"^xl/charts/")
        identical(before, after, r"^xl/media/")
        identical(before, after, r"^xl/drawings/")
        identical(before, after, r"^xl/(worksheets|chartsheets)/_rels/")
        st = ct.structure(after)
        for part in [n for n in before if re.match(r"^xl/(charts|drawings)/[^/]+\.xml$", n)]:
            assert any(o[0] == "/" + part for o in st.overrides), f"Override di {part} perso"


X14_VALIDATION = (
    '<extLst><ext uri="{CCE6A557-97BC-4b89-ADB8-CA5BEBD8D6FF}" '
    'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
    '<x14:dataValidations count="1" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
    '<x14:dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1">'
    "<x14:formula1><xm:f>Elenchi!$A$1:$A$3</xm:f></x14:formula1><xm:sqref>C2:C10</xm:sqref>"
    "</x14:dataValidation></x14:dataValidations></ext></extLst>"
)


def _with_x14_validation(source: Path, target: Path) -> None:
    """Excel writes a list validation whose source is on another sheet in the x14 extLst (the corpus
    has only plain <dataValidations>): add one, as Excel writes it, to the first worksheet."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                text = data.decode("utf-8")
                assert "<extLst>" not in text
                text = text.replace("</worksheet>", X14_VALIDATION + "</worksheet>")
                data = text.encode("utf-8")
            zout.writestr(info, data)


@needs_corpus
def test_x14_data_validations_kept(tmp_path):
    source = corpus("data_validation01.xlsx")
    with_x14 = tmp_path / "data_validation01_x14.xlsx"
    _with_x14_validation(source, with_x14)
    prepared = ct.add_table_sheet(with_x14, tmp_path / "input.xlsx")
    before = ct.members(prepared.path)
    output, rerun = tmp_path / "out.xlsx", tmp_path / "rerun.xlsx"
    run_pipeline(prepared.path, output)
    run_pipeline(output, rerun)
    for path in (output, rerun):
        after = ct.members(path)
        text = after["xl/worksheets/sheet1.xml"].decode("utf-8")
        # the sheet was the selected one: only its tabSelected flag may go (Riepilogo opens first)
        assert text == ct.TAB_SELECTED.sub("", before["xl/worksheets/sheet1.xml"].decode("utf-8"), count=1)
        assert "<x14:dataValidation " in text and "<dataValidation " in text
        assert ct.package_problems(before, after, prepared.part) == []


@needs_corpus
@pytest.mark.parametrize("name", ["comment02.xlsx", "comment13.xlsx", "button08.xlsx", "table04.xlsx"])
def test_comments_and_vml_kept(name, tmp_path):
    prepared, before, output, rerun = prepared_and_output(name, tmp_path)
    for path in (output, rerun):
        after = ct.members(path)
        identical(before, after, r"^xl/comments\d*\.xml$")
        identical(before, after, r"^xl/drawings/vmlDrawing\d*\.vml$")
        identical(before, after, r"^xl/worksheets/_rels/")
        st = ct.structure(after)
        assert ("vml", "application/vnd.openxmlformats-officedocument.vmlDrawing") in st.defaults
        assert any(o[1].endswith("spreadsheetml.comments+xml") for o in st.overrides)


@needs_corpus
@pytest.mark.parametrize("name", ["table02.xlsx", "table12.xlsx", "table38.xlsx", "checkbox07.xlsx"])
def test_excel_tables_kept(name, tmp_path):
    prepared, before, output, rerun = prepared_and_output(name, tmp_path)
    for path in (output, rerun):
        after = ct.members(path)
        tables = identical(before, after, r"^xl/tables/table\d+\.xml$")
        identical(before, after, r"^xl/worksheets/_rels/")
        st = ct.structure(after)
        for part in tables:
            assert ("/" + part, "application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml") \
                in st.overrides


# --------------------------------------------------------------------------- the checks themselves


def _zip(parts: dict[str, bytes], path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


@needs_corpus
def test_checks_catch_losses(tmp_path):
    """The comparison is only as good as its power to see a loss: damage a good output in the ways a
    careless writer would and make sure each one is reported."""
    prepared, before, output, _ = prepared_and_output("defined_name01.xlsx", tmp_path)
    good = ct.members(output)
    assert ct.package_problems(before, good, prepared.part) == []
    assert ct.integrity_problems(good, before) == []

    def damaged(change) -> list[str]:
        parts = dict(good)
        change(parts)
        return ct.package_problems(before, parts, prepared.part) + ct.integrity_problems(parts, before)

    def sub(part, old, new):
        def change(parts):
            assert old in parts[part], (part, old)
            parts[part] = parts[part].replace(old, new, 1)
        return change

    wb, styles = "xl/workbook.xml", "xl/styles.xml"
    cases = {
        "part lost": lambda p: p.pop("xl/printerSettings/printerSettings1.bin"),
        "part changed": sub("xl/worksheets/sheet2.xml", b"</worksheet>", b"<!-- x --></worksheet>"),
        "defined name not shifted": sub(wb, b'name="aaa" localSheetId="2"', b'name="aaa" localSheetId="1"'),
        "defined name lost": sub(wb, b'<definedName name="Baz">0.98</definedName>', b""),
        "sheet state changed": sub(wb, b'name="Sheet2" sheetId="2"', b'name="Sheet2" state="hidden" sheetId="2"'),
        "calcPr lost": sub(wb, b'<calcPr calcId="124519"/>', b""),
        "existing format changed": sub(styles, b'<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>',
                                       b'<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0"/>'),
        "cell style lost": sub(styles, b'<cellStyle name="Normal" xfId="0" builtinId="0"/>', b""),
        "duplicate override": sub("[Content_Types].xml", b"</Types>",
                                  b'<Override PartName="/xl/styles.xml" ContentType="x"/></Types>'),
        "orphan part left behind": lambda p: p.__setitem__("xl/media/stray.png", b"x"),
        "relationship lost": sub("xl/_rels/workbook.xml.rels", b'<Relationship Id="rId1" ', b'<Relationship Id="rId99" '),
    }
    for label, change in cases.items():
        assert damaged(change), f"danno non visto / damage not seen: {label}"

    # a changed cell value is seen by the value comparison
    parts = dict(good)
    parts["xl/sharedStrings.xml"] = parts["xl/sharedStrings.xml"].replace(b"<t>", b"<t>X", 1)
    before_values = ct.sheet_values(prepared.path)
    assert ct.value_problems(before_values, ct.sheet_values(_zip(parts, tmp_path / "bad.xlsx")), prepared.sheet_name)
    assert ct.value_problems(before_values, ct.sheet_values(output), prepared.sheet_name) == []
