"""The monthly cycle: a year run month by month keeps a consistent history."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from piano_xlsx.core.compute import compute
from piano_xlsx.core.history import History, diff, update
from piano_xlsx.read.load import verify
from piano_xlsx.core.settings import SETTINGS
from piano_xlsx.write.writeback import write_output

from .conftest import EXAMPLE_FILLED
from .libreoffice import assert_formulas_recompute_to_cached, requires_libreoffice
from .planbuilder import make_plan

DATA = "Dati mensili"


def run(source: Path, out: Path, period: str | None):
    plan, report = verify(source)
    outcome = compute(plan, period=period)
    report.findings.extend(outcome.findings)
    written = write_output(plan, outcome, report, source, out)
    report.findings.extend(written["findings"])
    return report


def history_of(path: Path) -> dict:
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Storico").to_python()
    header = rows[3]
    periods = [h for h in header[3:] if h and not h.startswith("stato ")]
    out = {}
    for row in rows[4:]:
        key = (row[0], row[1])
        out[key] = {p: row[3 + i] for i, p in enumerate(periods)}
    return out


def edit(path: Path, out: Path, changes: dict[tuple[str, str], object]) -> Path:
    wb = openpyxl.load_workbook(path)
    for (sheet, cell), value in changes.items():
        wb[sheet][cell] = value
    wb.save(out)
    return out


def data_cell(month: int, code: str) -> tuple[str, str]:
    rows = {"4.4": 12, "9.3": 14}  # rows of the example's Dati mensili sheet
    return DATA, f"{openpyxl.utils.get_column_letter(4 + month)}{rows[code]}"


def test_update_replaces_an_open_period_and_keeps_a_closed_one():
    plan = make_plan({"1": [("1.1", ">= 10", 5, None)]})
    first, _, _, _ = update(History(), compute(plan, period="2018-01"))
    assert first.periods == ["2018-01"]
    assert first.grado[("risultato", "1.1")]["2018-01"] == 0.5
    plan.results["1.1"].values["actual"].raw = 8
    second, findings, _, _ = update(first, compute(plan, period="2018-01"))
    assert second.grado[("risultato", "1.1")]["2018-01"] == 0.8  # open: replaced
    assert findings == []
    from dataclasses import replace
    plan.profile = replace(plan.profile, closed_periods=("2018-01",))
    plan.results["1.1"].values["actual"].raw = 10
    third, findings, _, _ = update(second, compute(plan, period="2018-01"))
    assert third.grado[("risultato", "1.1")]["2018-01"] == 0.8  # closed: kept
    assert [f.code for f in findings] == ["periodo-chiuso-modificato"]
    assert "risultato 1.1" in findings[0].message and "obiettivo 1" in findings[0].message


def test_diff_classifies_changes():
    before = {("obiettivo", "1"): (100.0, "raggiunto"), ("obiettivo", "2"): (80.0, "parzialmente raggiunto"),
              ("obiettivo", "3"): (50.0, "non raggiunto"), ("obiettivo", "4"): (90.0, "parzialmente raggiunto"),
              ("obiettivo", "5"): (70.0, "parzialmente raggiunto")}
    after = {("obiettivo", "1"): (90.0, "parzialmente raggiunto"), ("obiettivo", "2"): (100.0, "raggiunto"),
             ("obiettivo", "3"): (40.0, "non raggiunto"), ("obiettivo", "4"): (None, "non valutabile"),
             ("obiettivo", "5"): (70.0, "parzialmente raggiunto")}
    kinds = {c.code: c.kind for c in diff(before, after, {}, 2)}
    assert kinds == {"1": "nuovo-non-raggiunto", "2": "nuovo-raggiunto", "3": "peggiorato", "4": "dato-mancante"}


def test_a_result_that_fails_after_being_in_progress_is_listed():
    """Found by a new user: 9.1 went from 'non valutabile' (deadline open) to 'non raggiunto' in
    December and was missing from the Riepilogo's changes; a typo'd target read 'dato ora mancante'."""
    before = {("risultato", "9.1"): (None, "non valutabile"), ("risultato", "2.2"): (100.0, "raggiunto"),
              ("risultato", "3.1"): (80.0, "parzialmente raggiunto"), ("risultato", "4.1"): (90.0, "raggiunto")}
    after = {("risultato", "9.1"): (0.0, "non raggiunto"), ("risultato", "2.2"): (None, "da verificare"),
             ("risultato", "3.1"): (60.0, "non raggiunto"), ("risultato", "4.1"): (None, "non valutabile")}
    labels = {c.code: c.label for c in diff(before, after, {}, 2)}
    assert labels == {"9.1": "ora non raggiunto", "2.2": "ora da verificare", "3.1": "ora non raggiunto",
                      "4.1": "dato ora mancante"}


def test_a_year_month_by_month(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1543622400")
    current = tmp_path / "m00.xlsx"
    current.write_bytes(EXAMPLE_FILLED.read_bytes())
    recorded: dict[str, dict] = {}
    # the 'Periodi chiusi' row of the example's Impostazioni (a header, then the settings in order)
    CLOSED_ROW = 2 + [s.attr for s in SETTINGS].index("closed_periods")
    for month in range(1, 13):
        period = f"2018-{month:02d}"
        source = current
        if month == 3:
            # a correction of past data: January's site registrations were wrong
            source = edit(current, tmp_path / f"corr{month:02d}.xlsx", {data_cell(1, "4.4"): 60})
        if month == 4:
            # the office closes the first quarter
            source = edit(current, tmp_path / f"chiusura{month:02d}.xlsx",
                          {("Impostazioni", f"B{CLOSED_ROW}"): "2018-01; 2018-02; 2018-03"})
        out = tmp_path / f"m{month:02d}.xlsx"
        before = source.read_bytes()
        run(source, out, period)
        assert source.read_bytes() == before
        assert _unowned_parts_equal(source, out)
        history = history_of(out)
        periods = sorted({p for values in history.values() for p in values})
        assert periods == [f"2018-{m:02d}" for m in range(1, month + 1)]
        recorded[period] = {key: values[period] for key, values in history.items()}
        for earlier, snapshot in recorded.items():  # nothing recorded before is rewritten by a later month
            now = {key: values.get(earlier) for key, values in history.items() if key in snapshot}
            assert _close(now, snapshot), earlier
        current = out
    # rerun a closed period after correcting its data: the snapshot is kept, and the change reported
    corrected = edit(current, tmp_path / "corr-marzo.xlsx", {data_cell(3, "4.4"): 1})
    out = tmp_path / "rerun-03.xlsx"
    report = run(corrected, out, "2018-03")
    assert "periodo-chiuso-modificato" in [f.code for f in report.findings]
    assert all(_close(x, y) for x, y in zip(history_of(out).values(), history_of(current).values()))
    # the correction made in March to January's data was recorded only when January was rerun:
    # January stays as computed in January (60 registrations came later)
    assert recorded["2018-01"][("risultato", "4.4")] == pytest.approx(160 / 1500)


def _close(a: dict, b: dict) -> bool:
    """Equal, numbers to 1e-12: the editor used between runs (openpyxl, like Excel) writes 16 digits."""
    return a.keys() == b.keys() and all(
        a[k] == b[k] or (isinstance(a[k], float) and isinstance(b[k], float) and abs(a[k] - b[k]) <= 1e-12)
        for k in a)


def _unowned_parts_equal(source: Path, out: Path) -> bool:
    with zipfile.ZipFile(source) as a, zipfile.ZipFile(out) as b:
        names_b = set(b.namelist())
        owned_sheets = _owned_parts(a)
        for name in a.namelist():
            if name in ("[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml",
                        "xl/calcChain.xml") or name in owned_sheets:
                continue
            if name.startswith(("xl/charts/", "xl/drawings/")) or "/_rels/sheet" in name:
                continue  # the chart of the previous Riepilogo, replaced
            if name not in names_b or a.read(name) != b.read(name):
                return False
    return True


def _owned_parts(z: zipfile.ZipFile) -> set[str]:
    text = z.read("xl/workbook.xml").decode()
    rels = z.read("xl/_rels/workbook.xml.rels").decode()
    import re

    owned = set()
    for name in ("Riepilogo", "Storico", "Anomalie", "Tabella di collegamento"):  # owned, and the table
        m = re.search(r'<sheet name="' + name + r'"[^>]*r:id="(rId\d+)"', text)
        if m:
            t = re.search(r'Id="' + m.group(1) + r'"[^>]*Target="([^"]+)"', rels) or \
                re.search(r'Target="([^"]+)"[^>]*Id="' + m.group(1) + '"', rels)
            owned.add("xl/" + t.group(1).lstrip("/").removeprefix("xl/"))
    return owned


@requires_libreoffice
def test_history_output_recomputes_in_libreoffice(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1543622400")
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    run(EXAMPLE_FILLED, a, "2018-05")
    run(a, b, "2018-06")
    assert assert_formulas_recompute_to_cached(b) > 100


def test_the_riepilogo_and_confronta_call_a_grado_move_alike():
    """Issue 10: with 3 decimals 80,0001 -> 80,0012 was 'migliorato' in the Riepilogo and no change
    in confronta (which compared with a tolerance of 0.005 points). One rule now: as shown."""
    from piano_xlsx.core import compare
    from piano_xlsx.core.history import diff, grado_moved

    assert compare.grado_moved is grado_moved
    assert grado_moved(80.0001, 80.0012, 3) == 1 and grado_moved(80.0001, 80.0004, 3) == 0
    assert grado_moved(80.004, 80.006, 2) == 1 and grado_moved(70.0049, 70.0, 2) == 0
    titles = {("risultato", "1.1"): "uno"}
    changes = diff({("risultato", "1.1"): (80.0001, "parzialmente raggiunto")},
                   {("risultato", "1.1"): (80.0012, "parzialmente raggiunto")}, titles, 3)
    assert [c.kind for c in changes] == ["migliorato"]
    assert diff({("risultato", "1.1"): (80.0001, "parzialmente raggiunto")},
                {("risultato", "1.1"): (80.0004, "parzialmente raggiunto")}, titles, 3) == []


def _full_run(path: Path, period: str | None):
    """What a run that writes nothing reports, the Storico read whole (the reference)."""
    from piano_xlsx.core.history import findings_of

    plan, report = verify(path)
    outcome = compute(plan, period=period)
    return plan, report.findings + outcome.findings + findings_of(plan, outcome), outcome


def test_runs_that_write_nothing_read_the_storico_as_far_as_needed(tmp_path, monkeypatch):
    """verifica, dividi, confronta and calcola --json read the Storico's periods, codes and
    fingerprints, not its recorded values (a third of December's reading at 10,000 indicators):
    they report exactly what a whole reading gives, a closed period included."""
    from piano_xlsx.pipeline import OWN_PERIOD, run as pipeline_run
    from piano_xlsx.write.report import outcome_json

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1543622400")
    closed_row = 2 + [s.attr for s in SETTINGS].index("closed_periods")
    current = tmp_path / "m00.xlsx"
    current.write_bytes(EXAMPLE_FILLED.read_bytes())
    for month in range(1, 5):
        out = tmp_path / f"m{month:02d}.xlsx"
        run(current, out, f"2018-{month:02d}")
        current = out
    # the first two months closed, then January's data corrected after the closing
    closed = edit(current, tmp_path / "chiuso.xlsx", {("Impostazioni", f"B{closed_row}"): "2018-01; 2018-02"})
    corrected = edit(closed, tmp_path / "corretto.xlsx", {data_cell(1, "4.4"): 61})
    for path, period in ((current, None), (current, "2018-04"), (closed, "2018-02"), (corrected, None),
                         (corrected, "2018-01"), (corrected, "2018-03")):
        light = pipeline_run(path, period=period)
        plan, findings, outcome = _full_run(path, period)
        assert [(f.code, f.message, f.location) for f in light.report.findings] == \
            [(f.code, f.message, f.location) for f in findings], (path.name, period)
        assert outcome_json(light.plan, light.report, light.outcome) == \
            outcome_json(plan, light.report, outcome)
        assert light.plan.history.periods == plan.history.periods
        assert light.plan.history.fingerprints == plan.history.fingerprints
    # the light reading did leave the values out, and the closed period's case read them after all
    light = pipeline_run(current).plan.history
    assert not light.values_read and light.status == {} and len(light.nodes) > 50
    assert all(g is None for by_period in light.grado.values() for g in by_period.values())
    assert pipeline_run(closed, period="2018-02").plan.history.values_read
    assert "periodo-chiuso-modificato" in [f.code for f in pipeline_run(corrected).report.findings]
    # dividi and confronta split and compare at the file's own month, from the Storico's header
    assert pipeline_run(current, default_period=OWN_PERIOD).outcome.period == "2018-04"


def test_a_files_own_period_is_its_last_runs(tmp_path, monkeypatch):
    # a plan without monthly data computed at June, at July, then with final values: dividi (and
    # confronta) split it at July, its latest month in the Storico, not at its final results
    # (found in a trial: 'Risultati al 31/07/2024', 0 reached and 4 'in corso' instead of 2 reached)
    from piano_xlsx.pipeline import OWN_PERIOD, run as pipeline_run

    from .conftest import table, write_book

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1543622400")
    rows = [["1. Servizi", "1.1 Report pubblicati", ">= 4", 5], ["1. Servizi", "1.2 Regolamento", "SI", "SI"]]
    path = write_book(tmp_path / "peg.xlsx", table(rows, ["Obiettivo", "Indicatore", "Target", "Consuntivo"],
                                                   extra={"Impostazioni": {"cells": {(1, 1): "Anno del piano",
                                                                                     (1, 2): 2024}}}))
    for period in ("2024-06", "2024-07", None):
        pipeline_run(path, period=period, write=True, in_place=True)
    own = pipeline_run(path, default_period=OWN_PERIOD)
    assert own.plan.run_period == "finale" and own.outcome.period is None
    assert own.outcome.results["1.1"].status == "raggiunto"
    pipeline_run(path, period="2024-07", write=True, in_place=True)
    assert pipeline_run(path, default_period=OWN_PERIOD).outcome.period == "2024-07"


def test_the_data_fingerprint_is_the_one_earlier_versions_recorded():
    """The fingerprint is recorded in the Storico: the same data must give the same one across
    versions (else every closed period would read as corrected)."""
    import hashlib

    from piano_xlsx.core.history import FINAL, data_fingerprint
    from piano_xlsx.read.load import load_plan

    def recorded(plan, period):  # the definition the Storico's fingerprints were written with
        digest = hashlib.sha256()
        for code in sorted(plan.series):
            series = plan.series[code]
            months = sorted(m for m in series.months if period == FINAL or m <= period)
            if not months:
                continue
            digits = (lambda v: f"{v:.15g}" if isinstance(v, float) else repr(v))
            digest.update(f"{code}|{series.cumulative}|{digits(series.prior_year)}|".encode())
            digest.update("|".join(f"{m}={digits(series.months[m])}" for m in months).encode() + b"\n")
        return digest.hexdigest()[:16]

    plan = load_plan(EXAMPLE_FILLED)
    assert plan.series
    for period in ("2018-01", "2018-06", "2018-12", FINAL):
        assert data_fingerprint(plan, period) == recorded(plan, period)
