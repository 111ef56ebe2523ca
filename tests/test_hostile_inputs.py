"""Input that tries to break piano-xlsx: numbers that are not numbers, repeated months and codes,
malformed names, and a fuzzer over cell- and XML-level mutations of the example and the
template. Never a traceback or an internal error (exit 3), the input never modified, every
output re-opens, every JSON is strict."""

from __future__ import annotations

import json
import re
import warnings
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from piano_xlsx.cli.main import main
from piano_xlsx.read.load import load_plan
from piano_xlsx.xlsx.reader import read_workbook
from piano_xlsx.xlsx.sheet_new import cell_xml

from .conftest import EXAMPLE_FILLED, ROOT, table
from .libreoffice import assert_formulas_recompute_to_cached, requires_libreoffice

TEMPLATE = ROOT / "templates" / "modello-piano.xlsx"


def _strict(text: str):
    def refuse(constant):
        raise ValueError(f"JSON non rigoroso: {constant}")
    return json.loads(text, parse_constant=refuse)


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def _write(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts.items():
            out.writestr(name, data)
    return path


def _set_cell(xml: str, ref: str, value) -> str:
    """The cell `ref` replaced by one holding `value` (a number, text, or raw '<v>' text via ('v', text))."""
    row = int(re.sub(r"[A-Z]", "", ref))
    if isinstance(value, tuple):  # raw cached text, as a broken producer could write it
        new = f'<c r="{ref}"><v>{value[1]}</v></c>'
    else:
        new = cell_xml(row, _col(ref), value)
    pattern = re.compile(r'<c r="' + ref + r'"(?:[^>]*/>|[^>]*>.*?</c>)', re.S)
    if pattern.search(xml):
        return pattern.sub(lambda m: new, xml, count=1)
    return re.sub(r'(<row r="' + str(row) + r'"[^>]*>)', lambda m: m.group(1) + new, xml, count=1)


def _col(ref: str) -> int:
    from piano_xlsx.xlsx.refs import col_index

    return col_index(re.match(r"[A-Z]+", ref).group())


def run(args) -> object:
    result = CliRunner().invoke(main, args)
    assert result.exit_code in (0, 1, 2), result.output
    assert "Traceback" not in result.output and "Errore interno" not in result.output, result.output
    return result


# --------------------------------------------------------------------------- numbers that are not numbers


@pytest.mark.parametrize("raw", ["nan", "inf", "-inf", "1e400", "NaN"])
def test_a_cached_value_that_is_not_a_finite_number_is_a_finding_at_its_cell(raw, tmp_path):
    parts = _parts(EXAMPLE_FILLED)
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    sheet = _set_cell(sheet, "H8", ("v", raw))  # the actual of 1.3
    sheet = _set_cell(sheet, "G8", ("v", raw))  # its weight
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    source = _write(tmp_path / "piano.xlsx", parts)
    result = run(["calcola", str(source), "--json"])
    data = _strict(result.stdout)
    found = {(a["codice"], a["cella"]) for a in data["anomalie"]}
    assert ("consuntivo-non-valido", "H8") in found and ("peso-non-valido", "G8") in found
    node = next(n for n in data["nodi"] if n["codice"] == "1.3")
    assert node["grado"] is None


@pytest.mark.parametrize("raw", ["nan", "inf", "1e400"])
def test_typed_nan_and_inf_are_not_numbers_anywhere(raw, book):
    spec = table([["1. Uno", "1.1 Primo", ">= 10", raw, raw]], ["Obiettivo", "Indicatore", "Target",
                                                                  "Consuntivo", "Peso"])
    spec["Impostazioni"] = {"cells": {(1, 1): "Anno del piano", (1, 2): 2024, (2, 1): "Soglia raggiunto",
                                      (2, 2): raw, (3, 1): "Tetto grado indicatore", (3, 2): raw}}
    source = book(spec)
    for command in (["calcola", str(source), "--json"], ["dividi", str(source), "-d", str(source.parent / "d")]):
        result = run(command)
        assert result.exit_code == 1
    data = _strict(run(["calcola", str(source), "--json"]).stdout)
    codes = {a["codice"] for a in data["anomalie"]}
    assert {"consuntivo-non-valido", "peso-non-valido", "impostazione-non-valida"} <= codes
    confronta = run(["confronta", str(source), str(source), "--json"])
    _strict(confronta.stdout)


def test_a_month_written_twice_and_a_falling_cumulative_series_are_findings(book):
    spec = table([["1. Uno", "4.4 Iscrizioni", ">= 100", None]], ["Obiettivo", "Indicatore", "Target", "Consuntivo"])
    spec["Impostazioni"] = {"cells": {(1, 1): "Anno del piano", (1, 2): 2018}}
    spec["Dati mensili"] = {"cells": {(1, 1): "Codice", (1, 2): "Serie", (1, 3): "gen 2018", (1, 4): "gen 2018",
                                      (1, 5): "mar 2018", (2, 1): "4.4", (2, 2): "cumulata", (2, 3): 10, (2, 4): 30,
                                      (2, 5): 20}}
    plan = load_plan(book(spec))
    found = {f.code: f for f in plan.findings}
    assert found["mese-ripetuto"].location.cell == "D1" and found["mese-ripetuto"].severity == "errore"
    assert plan.series["4.4"].months == {"2018-01": 10.0, "2018-03": 20.0}  # the second 'gen' is not read
    falling = {f for f in plan.findings if f.code == "serie-cumulata-in-calo"}
    assert not falling  # 10 then 20: rising
    spec["Dati mensili"]["cells"][(2, 5)] = 5
    plan = load_plan(book(spec, "calo.xlsx"))
    falling = [f for f in plan.findings if f.code == "serie-cumulata-in-calo"]
    assert len(falling) == 1 and falling[0].location.cell == "E2"


def test_a_code_given_two_values_in_a_stacked_cell_keeps_neither(book):
    spec = table([["2. Qualità", "2.3.1 Sito\n2.3.2 Newsletter", "2.3.1: >= 80%\n2.3.2: >= 70%",
                   "2.3.1: 84%\n2.3.1: 60%"]], ["Obiettivo", "Risultati attesi", "Target", "Consuntivo"])
    plan = load_plan(book(spec))
    twice = [f for f in plan.findings if f.code == "valore-ripetuto"]
    assert len(twice) == 1 and "2.3.1" in twice[0].message
    assert "actual" not in plan.results["2.3.1"].values


def test_a_defined_name_with_a_sheet_index_that_is_not_a_number_does_not_stop_the_writer(tmp_path):
    parts = _parts(EXAMPLE_FILLED)
    wb = parts["xl/workbook.xml"].decode()
    wb = wb.replace("</definedNames>", '<definedName name="Strano" localSheetId="uno">\'Impostazioni\'!$A$1'
                                       "</definedName></definedNames>")
    parts["xl/workbook.xml"] = wb.encode()
    source = _write(tmp_path / "piano.xlsx", parts)
    out = tmp_path / "out.xlsx"
    result = run(["calcola", str(source), "-o", str(out)])
    assert result.exit_code == 0 and out.exists()
    assert b'localSheetId="uno"' in _parts(out)["xl/workbook.xml"]  # kept as the office left it


# --------------------------------------------------------------------------- the fuzzer

CELL_VALUES = st.one_of(
    st.sampled_from(["nan", "inf", "1e400", "-0", "", " ", "=A1*2", "+SOMMA(A1)", "@x", "-", "#DIV/0!", "SI", "NO",
                     "≥ 95%", "entro il 31/02/2018", "2.3.1: 84%\n2.3.1: 60%", "0,9", "1.234,5", "9M€", "tre quarti",
                     "Kpi non definito", "\u200b", "x" * 3000, "🎯", "<b>&amp;</b>"]),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12),
    st.integers(min_value=-10**9, max_value=10**9),
    st.tuples(st.just("v"), st.sampled_from(["nan", "inf", "1e400", "abc", "", "1,5", "0x10"])),
)
# cells of the example: actuals (H), targets (F), weights (G), algorithm (I), owners (J), codes of results
# (C), objectives (B), settings values, monthly data
EXAMPLE_CELLS = [f"{c}{r}" for c in "BCFGHIJ" for r in (6, 7, 8, 18, 19, 27, 44, 53)]
XML_MUTATIONS = st.sampled_from(["empty r", "no r", "no spans", "huge ref", "drop merges", "drop views",
                                 "garbage name", "duplicate row", "CRLF", "self-closing rows"])


def _mutate_xml(sheet: str, workbook: str, kind: str) -> tuple[str, str]:
    if kind == "empty r":
        sheet = re.sub(r'<c r="H7"', '<c r=""', sheet, count=1)
    elif kind == "no r":
        sheet = re.sub(r'(<c) r="[A-Z]+9"', r"\1", sheet, count=3)
    elif kind == "no spans":
        sheet = re.sub(r'\sspans="[^"]*"', "", sheet)
    elif kind == "huge ref":
        sheet = sheet.replace("</sheetData>", '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>')
    elif kind == "drop merges":
        sheet = re.sub(r"<mergeCells\b.*?</mergeCells>", "", sheet, flags=re.S)
    elif kind == "drop views":
        sheet = re.sub(r"<sheetViews>.*?</sheetViews>", "", sheet, flags=re.S)
    elif kind == "garbage name":
        workbook = workbook.replace("</definedNames>",
                                    '<definedName name="X" localSheetId="-1">#REF!</definedName></definedNames>')
    elif kind == "duplicate row":
        m = re.search(r'<row r="20"[^>]*>.*?</row>', sheet, re.S)
        if m:
            sheet = sheet[:m.end()] + m.group(0) + sheet[m.end():]
    elif kind == "CRLF":
        sheet = sheet.replace("><", ">\r\n<")
    elif kind == "self-closing rows":
        sheet = re.sub(r'<row r="(5\d)"([^>]*)>.*?</row>', r'<row r="\1"\2/>', sheet, flags=re.S)
    return sheet, workbook


def _fuzz_once(source_example: Path, folder: Path, cells: list, xml: list, part: str = "xl/worksheets/sheet1.xml") -> None:
    parts = _parts(source_example)
    sheet = parts[part].decode()
    workbook = parts["xl/workbook.xml"].decode()
    for ref, value in cells:
        sheet = _set_cell(sheet, ref, value)
    for kind in xml:
        sheet, workbook = _mutate_xml(sheet, workbook, kind)
    parts[part] = sheet.encode()
    parts["xl/workbook.xml"] = workbook.encode()
    source = _write(folder / "piano.xlsx", parts)
    before = source.read_bytes()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:  # what openpyxl makes of the input: a garbage cached value ('<v>1,5</v>') stops it there too
            openpyxl.load_workbook(source).close()
            openpyxl_reads_input = True
        except Exception:  # noqa: BLE001 - any failure of the other reader
            openpyxl_reads_input = False
    output = folder / "out.xlsx"
    verifica = run(["verifica", str(source), "--json"])
    if verifica.exit_code != 2:
        _strict(verifica.stdout)
    result = run(["calcola", str(source), "-o", str(output), "--json"])
    assert source.read_bytes() == before
    if result.exit_code == 2:
        assert not output.exists()
        return
    _strict(result.stdout)
    assert output.exists()
    read_workbook(output)
    if openpyxl_reads_input:  # what the office's cells hold is copied as it is, garbage included
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            openpyxl.load_workbook(output).close()
    again = run(["calcola", str(output), "--json"])  # the output is a valid input
    if again.exit_code != 2:
        _strict(again.stdout)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells=st.lists(st.tuples(st.sampled_from(EXAMPLE_CELLS), CELL_VALUES), max_size=6),
       xml=st.lists(XML_MUTATIONS, max_size=2, unique=True))
def test_fuzz_the_example(cells, xml, tmp_path_factory):
    _fuzz_once(EXAMPLE_FILLED, tmp_path_factory.mktemp("fuzz"), cells, xml)


TEMPLATE_CELLS = [f"{c}{r}" for c in "ABCDEFGHIJKLMNOPQRSTU" for r in (5, 6, 7)]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells=st.lists(st.tuples(st.sampled_from(TEMPLATE_CELLS), CELL_VALUES), min_size=1, max_size=12))
def test_fuzz_the_template(cells, tmp_path_factory):
    _fuzz_once(TEMPLATE, tmp_path_factory.mktemp("fuzz"), cells, [], "xl/worksheets/sheet2.xml")


# --------------------------------------------------------------------------- files and processes


def test_a_file_changed_between_reading_and_writing_is_not_written_over(tmp_path):
    from piano_xlsx.core.compute import compute
    from piano_xlsx.errors import CannotWriteBack
    from piano_xlsx.read.load import verify
    from piano_xlsx.write.writeback import write_output

    source = tmp_path / "piano.xlsx"
    source.write_bytes(EXAMPLE_FILLED.read_bytes())
    plan, report = verify(source)
    outcome = compute(plan)
    source.write_bytes(TEMPLATE.read_bytes())  # someone saved another version meanwhile
    with pytest.raises(CannotWriteBack, match="è cambiato dopo che è stato letto"):
        write_output(plan, outcome, report, source, in_place=True)
    assert source.read_bytes() == TEMPLATE.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["piano.xlsx"]


def test_a_read_only_file_is_not_replaced(tmp_path):
    import os
    import stat

    source = tmp_path / "piano.xlsx"
    source.write_bytes(EXAMPLE_FILLED.read_bytes())
    os.chmod(source, stat.S_IREAD)
    try:
        if os.access(source, os.W_OK):
            pytest.skip("chi esegue i test può scrivere anche i file in sola lettura (root): il caso non si prova")
        result = run(["calcola", str(source), "--sul-posto"])
        assert result.exit_code == 2 and "sola lettura" in result.output
        assert source.read_bytes() == EXAMPLE_FILLED.read_bytes()
    finally:
        os.chmod(source, stat.S_IREAD | stat.S_IWRITE)


def test_a_read_only_file_is_refused_even_for_root(tmp_path, monkeypatch):
    import os

    from piano_xlsx.write.files import ReadOnlyFile, write_atomically

    target = tmp_path / "out.xlsx"
    target.write_bytes(b"vecchio")
    real = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if str(p) == str(target) else real(p, mode))
    with pytest.raises(ReadOnlyFile, match="sola lettura"):
        write_atomically(target, b"nuovo")
    assert target.read_bytes() == b"vecchio"


@pytest.mark.parametrize("lock", ["~$piano.xlsx", ".~lock.piano.xlsx#"])
def test_a_workbook_open_in_excel_or_libreoffice_is_not_replaced(lock, tmp_path):
    source = tmp_path / "piano.xlsx"
    source.write_bytes(EXAMPLE_FILLED.read_bytes())
    (tmp_path / lock).write_text("x")
    result = run(["calcola", str(source), "--sul-posto"])
    assert result.exit_code == 2 and lock in result.output
    assert source.read_bytes() == EXAMPLE_FILLED.read_bytes()


def test_two_runs_on_the_same_file_take_turns(tmp_path):
    import os

    from piano_xlsx.write.files import LockedFile, exclusive

    source = tmp_path / "piano.xlsx"
    source.write_bytes(EXAMPLE_FILLED.read_bytes())
    with exclusive(source):
        with pytest.raises(LockedFile):
            with exclusive(source):
                pass
        result = run(["calcola", str(source), "--sul-posto"])  # while another run holds the file
        assert result.exit_code == 2 and "in aggiornamento da un altro calcolo" in result.output
    # a lock left by a process that died is taken over
    (tmp_path / ".piano-xlsx-lock.piano.xlsx").write_text(str(2 ** 22 + 12345))
    assert run(["calcola", str(source), "--sul-posto"]).exit_code == 0
    assert not (tmp_path / ".piano-xlsx-lock.piano.xlsx").exists()
    assert any(p.name.startswith("piano.bak-") for p in tmp_path.iterdir())
    assert os.path.exists(source)


def test_a_backup_cut_short_never_looks_like_a_backup(tmp_path, monkeypatch):
    import shutil

    from piano_xlsx.write.files import write_atomically

    target = tmp_path / "piano.xlsx"
    target.write_bytes(b"il piano di ieri")

    def killed(src, dst, *a, **k):
        with open(dst, "wb") as handle:
            handle.write(b"il pia")  # the copy stops halfway
        raise KeyboardInterrupt
    monkeypatch.setattr(shutil, "copy2", killed)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(target, b"il piano di oggi", backup=True)
    assert target.read_bytes() == b"il piano di ieri"
    assert [p.name for p in tmp_path.iterdir()] == ["piano.xlsx"]  # no '.bak-' and no leftover


def test_an_earlier_output_is_kept_when_calcola_writes_it_again(tmp_path):
    source = tmp_path / "piano.xlsx"
    source.write_bytes(EXAMPLE_FILLED.read_bytes())
    assert run(["calcola", str(source)]).exit_code == 0
    first = (tmp_path / "piano_calcolato.xlsx").read_bytes()
    result = run(["calcola", str(source)])
    assert result.exit_code == 0 and "copia del file precedente" in result.output
    backups = [p for p in tmp_path.iterdir() if p.name.startswith("piano_calcolato.bak-")]
    assert len(backups) == 1 and backups[0].read_bytes() == first


@requires_libreoffice
def test_a_fuzzed_output_opens_in_libreoffice_and_its_formulas_recompute(tmp_path):
    """The sample for LibreOffice: the nastiest of the mutations above at once."""
    parts = _parts(EXAMPLE_FILLED)
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    workbook = parts["xl/workbook.xml"].decode()
    for ref, value in [("H8", ("v", "nan")), ("F18", 0.95), ("H18", 91), ("G19", "inf"), ("F19", "9M€"),
                       ("C27", "=A1*2"), ("H44", "tre quarti"), ("B53", "\u200b")]:
        sheet = _set_cell(sheet, ref, value)
    # (not the cell at XFD1048576: LibreOffice would write a CSV of a million rows)
    for kind in ("empty r", "no spans", "garbage name", "CRLF"):
        sheet, workbook = _mutate_xml(sheet, workbook, kind)
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    parts["xl/workbook.xml"] = workbook.encode()
    source = _write(tmp_path / "piano.xlsx", parts)
    output = tmp_path / "out.xlsx"
    result = run(["calcola", str(source), "-o", str(output)])
    assert result.exit_code in (0, 1) and output.exists()
    assert assert_formulas_recompute_to_cached(output) > 50
