"""Workbooks saved by the other programs offices meet: openpyxl (with and without lxml),
pandas, XlsxWriter, LibreOffice, ExcelJS, SheetJS (tests/data/produttori, built by its
genera.py). Each gets the lossless write-back check of the Excel corpus; the Torino
example saved by each must give the same results as the original, and an output that
piano-xlsx itself, openpyxl and python-calamine open.

Also: the example rewritten part by part in other XML styles (tests/xml_restyle.py), as
hypothesis draws them: prefixes, declarations where they are used, quotes, attribute
order, empty elements, comments, UTF-16. Same data, so the same plan and a sound output.
"""

from __future__ import annotations

import json
import warnings
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from piano_xlsx.cli.main import main
from piano_xlsx.core.compute import compute
from piano_xlsx.read.load import load_plan
from piano_xlsx.xlsx.reader import read_workbook

from . import corpus_tools as ct
from .conftest import EXAMPLE_FILLED
from .test_corpus_writeback import check_output, run_pipeline, sha
from .xml_restyle import Style, restyle_package

FOLDER = Path(__file__).parent / "data" / "produttori"
RICH = sorted(p for p in FOLDER.glob("*.xlsx") if not p.stem.endswith("-torino"))
TORINO = sorted(FOLDER.glob("*-torino.xlsx"))


@pytest.fixture(autouse=True)
def _fixed_date(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1719792000")


def test_every_producer_is_there():
    producers = {p.name.split("-")[0] for p in RICH + TORINO}
    # besides Excel: openpyxl (also through lxml), pandas, XlsxWriter, LibreOffice, ExcelJS, SheetJS
    assert producers >= {"openpyxl", "pandas", "xlsxwriter", "libreoffice", "exceljs", "sheetjs"}
    assert any("lxml" in p.name for p in TORINO)


@pytest.mark.parametrize("source", RICH, ids=[p.name for p in RICH])
def test_producer_workbook_written_back_without_loss(source: Path, tmp_path: Path):
    prepared = ct.add_table_sheet(source, tmp_path / "input.xlsx")
    before = ct.members(prepared.path)
    before_values = ct.sheet_values(prepared.path)
    before_sha = sha(prepared.path)
    output = tmp_path / "out.xlsx"
    plan, outcome = run_pipeline(prepared.path, output)
    assert sha(prepared.path) == before_sha
    assert sorted(outcome.results) == sorted(ct.RESULT_CODES)
    problems = check_output(prepared, before, before_values, output, "prima esecuzione")
    rerun = tmp_path / "rerun.xlsx"
    plan2, outcome2 = run_pipeline(output, rerun)
    assert {c: n.grado for c, n in outcome2.results.items()} == {c: n.grado for c, n in outcome.results.items()}
    problems += check_output(prepared, before, before_values, rerun, "rielaborazione")
    assert not problems, "\n".join(problems)
    _opens_everywhere(rerun)


def _outcome_table(path: Path) -> dict:
    plan = load_plan(path)
    assert not [f for f in plan.findings if f.severity == "errore"], plan.findings
    # the copies were saved before the example chose 'escluso dalla media': the same rule for all
    outcome = compute(plan, profile=replace(plan.profile, doubt_rule="da verificare"))
    return {(n.level, n.code): (n.grado, n.status) for n in outcome.nodes()} | {
        ("ente", ""): (outcome.body.achieved, outcome.body.total)}


@pytest.fixture(scope="module")
def original_outcome():
    return _outcome_table(EXAMPLE_FILLED)


def _opens_everywhere(path: Path, calamine: bool = True) -> None:
    read_workbook(path)  # piano-xlsx's own reader
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns that it drops sparklines: it still opens the file
        openpyxl.load_workbook(path).close()
    if not calamine:
        return
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    for name in book.sheet_names:
        book.get_sheet_by_name(name).to_python()


@pytest.mark.parametrize("source", TORINO, ids=[p.name for p in TORINO])
def test_example_saved_by_another_program_gives_the_same_results(source: Path, tmp_path: Path, original_outcome):
    assert _outcome_table(source) == original_outcome
    before = sha(source)
    output = tmp_path / "out.xlsx"
    result = CliRunner().invoke(main, ["calcola", str(source), "-o", str(output)])
    assert result.exit_code == 0, result.output
    assert sha(source) == before
    _opens_everywhere(output)
    assert _outcome_table(output) == original_outcome  # the output read back: same plan, same results
    again = tmp_path / "again.xlsx"
    result = CliRunner().invoke(main, ["calcola", str(output), "-o", str(again)])
    assert result.exit_code == 0, result.output
    _opens_everywhere(again)


STYLES = st.builds(
    Style,
    main_prefix=st.sampled_from([None, "x", "s"]),
    local_declarations=st.booleans(),
    quote=st.sampled_from(['"', "'"]),
    reverse_attributes=st.booleans(),
    spaces_around_equals=st.booleans(),
    expand_empty=st.booleans(),
    declaration=st.sampled_from(["standalone", "plain", "none"]),
    bom=st.booleans(),
    comments=st.booleans(),
    utf16=st.booleans(),
)
PARTS = st.sampled_from([None, r"workbook\.xml$", r"\.rels$", r"worksheets/sheet1\.xml$", r"styles\.xml$",
                         r"Content_Types", r"sharedStrings"])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(style=STYLES, parts=PARTS)
def test_example_in_any_xml_style_reads_and_writes_the_same(style, parts, tmp_path_factory, original_outcome):
    folder = tmp_path_factory.mktemp("stile")
    source = folder / "piano.xlsx"
    restyle_package(EXAMPLE_FILLED, source, style, parts)
    assert _outcome_table(source) == original_outcome
    output = folder / "out.xlsx"
    result = CliRunner().invoke(main, ["calcola", str(source), "-o", str(output), "--json"])
    assert result.exit_code == 0, result.output
    json.loads(result.stdout)  # strict JSON on standard output; messages go to standard error
    # python-calamine reads no UTF-16 part (not even of the input): the parts piano-xlsx does not
    # touch keep the producer's encoding
    _opens_everywhere(output, calamine=not style.utf16)
    assert _outcome_table(output) == original_outcome
