"""`piano-xlsx confronta VECCHIO NUOVO`: what changed between two versions of the workbook.

The edited versions are copies of the filled Torino example changed with openpyxl. Every
expected number is worked out by hand from the example's cells (the arithmetic is written
next to the assertion); the files given to the command are never modified.

Hand facts about the example at 2018-12 (defaults: cap 100%, raggiunto >= 100%,
parzialmente >= 70%, 2 decimals, blank weights = equal):
- result 2.2: target ">= 75%", Consuntivo H20 0,79 in a %-formatted cell = 79 -> 79/75 > 1,
  capped: 100%, raggiunto;
- objective 2 = mean of 2.1..2.5 (no weights), all 100% (2.1.1 86/80, 2.1.2 83,1/80,
  2.3.1 84/80, 2.3.2 76/70, 2.4.1 88/80, 2.4.2 81/80, 2.5 series 5/4,3): 100%;
- objective 4 = (4.1 100 + 4.2 76/80=95 + 4.3 (100 + 2/3 + 0)/3=55,56 + 4.4 1620>=1500 100)/4 = 87,64%;
- objective 9 = (9.1 late 0 + 9.2 41/48=85,42 + 9.3 212>=150 100 + 9.4 2/12,5=16)/4 = 50,35%;
- every other objective is 100%: 8 su 10 raggiunti (4 and 9 are not);
- line 1 = objectives 1, 10, 2, 3, 4, 9; line 2 = objectives 2 and 5;
- Segretario Generale = mean of his 9 individual objectives (1 -> obj. 1 and 10, n -> obj. n);
  Dirigente Area Anagrafe economica = obj. 2 x 60% + obj. 10 x 40%; factor bands
  >= 90% -> 0,9, >= 99% -> 1.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
import shutil
from dataclasses import replace
from pathlib import Path

import click
import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from piano_xlsx.cli.italian import install as italian_click
from piano_xlsx.cli.confronta import confronta
from piano_xlsx.core.compare import OUTCOME_KINDS, PLAN_KINDS, Comparison, NotComparable, compare_plans
from piano_xlsx.core.compute import compute
from piano_xlsx.core.targets import parse_target
from piano_xlsx.errors import UnreadableWorkbook, UsageError
from piano_xlsx.pipeline import compare_files
from piano_xlsx.read.load import verify

from .conftest import EXAMPLE_FILLED, file_state

TABLE = "Tabella di collegamento"

OBJ4 = (100 + 95 + (100 + 200 / 3 + 0) / 3 + 100) / 4  # 87,64
OBJ9 = (0 + 41 / 48 * 100 + 100 + 16) / 4  # 50,35
SG_OLD = (100 + 100 + 100 + OBJ4 + 100 + 100 + 100 + 100 + OBJ9) / 9  # 93,11


# --------------------------------------------------------------------------- helpers


class _Group(click.Group):
    def main(self, *args, **kwargs):
        italian_click()  # as the main group does when it runs
        return super().main(*args, **kwargs)


@click.group(cls=_Group)
@click.option("-v", "--verbose", is_flag=True)
@click.pass_context
def cli(ctx, verbose):
    """Stands in for the main group, which registers the command the same way."""
    ctx.ensure_object(dict)
    ctx.obj["verbose"] = verbose


cli.add_command(confronta, "confronta")
cli.add_command(confronta, "diff")


def run(*args):
    """Run `confronta` and check that no file named in the arguments changed (bytes and mtime)."""
    files = [Path(a) for a in args if str(a).endswith((".xlsx", ".xlsm"))]
    before = {f: file_state(f) for f in files if f.exists()}
    result = CliRunner().invoke(cli, ["confronta", *map(str, args)], prog_name="piano-xlsx")
    for f, state in before.items():
        assert file_state(f) == state, f"{f} was modified"
    assert "Traceback" not in result.output
    return result


@pytest.fixture
def edited(tmp_path):
    """A copy of the filled example, saved by openpyxl after `edit(workbook)`."""
    def make(name: str, edit=None) -> Path:
        wb = openpyxl.load_workbook(EXAMPLE_FILLED)
        if edit is not None:
            edit(wb)
        path = tmp_path / name
        wb.save(path)
        return path
    return make


@pytest.fixture
def original(tmp_path):
    path = tmp_path / "originale.xlsx"
    shutil.copyfile(EXAMPLE_FILLED, path)
    return path


def set_cells(**cells):
    def edit(wb):
        for ref, value in cells.items():
            wb[TABLE][ref] = value
    return edit


def delete_row(ws, row: int) -> None:
    """Delete a row as Excel does: the rows below move up and the merged ranges follow."""
    ranges = [(r.min_row, r.min_col, r.max_row, r.max_col) for r in ws.merged_cells.ranges]
    for r in list(ws.merged_cells.ranges):
        ws.unmerge_cells(str(r))
    ws.delete_rows(row)
    for r1, c1, r2, c2 in ranges:
        if r1 > row:
            r1, r2 = r1 - 1, r2 - 1
        elif r2 >= row:
            r2 -= 1
        if (r1, c1) != (r2, c2):
            ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)


def by_key(changes) -> dict:
    """(level, code, kind) -> change; each appears once in these scenarios (not so for "ente":
    its count and its mean are two "ente-modificato" entries)."""
    out = {}
    for c in changes:
        if c.level == "ente":
            continue
        key = (c.level, c.code, c.kind)
        assert key not in out, f"{key} twice"
        out[key] = c
    return out


# --------------------------------------------------------------------------- equal versions


def test_same_file_twice_is_equal(original):
    result = run(original, original)
    assert result.exit_code == 0, result.output
    assert "Le due versioni sono uguali." in result.output
    comparison = compare_files(original, original)
    assert comparison.equal
    assert comparison.plan_changes == () and comparison.outcome_changes == ()


def test_byte_copy_and_resaved_copy_are_equal(original, edited, tmp_path):
    copy_path = tmp_path / "copia.xlsx"
    shutil.copyfile(original, copy_path)
    resaved = edited("risalvato.xlsx")  # other bytes, same cells
    assert resaved.read_bytes() != original.read_bytes()
    for other in (copy_path, resaved):
        result = run(original, other)
        assert result.exit_code == 0, result.output
        assert result.output.rstrip().endswith("Le due versioni sono uguali.")


def test_computed_output_equals_its_source(original, tmp_path):
    """What `calcola` writes (its own columns and sheets added) is the same plan with the same
    results: last month's computed file can be compared with this month's."""
    from piano_xlsx.cli.main import main

    computed = tmp_path / "calcolato.xlsx"
    result = CliRunner().invoke(main, ["calcola", str(original), "-o", str(computed)])
    assert result.exit_code == 0, result.output
    result = run(original, computed)
    assert result.exit_code == 0, result.output
    assert "Le due versioni sono uguali." in result.output


def test_english_alias_and_period_option(original):
    result = CliRunner().invoke(cli, ["diff", str(original), str(original), "--periodo", "2018-06", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["uguali"] is True
    assert data["vecchio"]["periodo"] == data["nuovo"]["periodo"] == "2018-06"


# --------------------------------------------------------------------------- outcome changes


def test_changed_actual_gives_outcome_changes(original, edited):
    new = edited("nuovo.xlsx", set_cells(H20=0.5))  # 2.2: 79% -> 50%
    result = run(original, new)
    assert result.exit_code == 1, result.output
    comparison = compare_files(original, new)
    assert not comparison.equal
    assert comparison.plan_changes == ()
    got = by_key(comparison.outcome_changes)

    g22 = 50 / 75 * 100  # 66,67% < 70%: non raggiunto
    obj2 = (4 * 100 + g22) / 5  # 93,33%: parzialmente raggiunto
    expected = {
        ("risultato", "2.2", "consuntivo-modificato"): (79, 50),
        ("risultato", "2.2", "nuovo-non-raggiunto"): ("raggiunto", "non raggiunto"),
        ("risultato", "2.2", "peggiorato"): (100, g22),
        ("obiettivo", "2", "nuovo-non-raggiunto"): ("raggiunto", "parzialmente raggiunto"),
        ("obiettivo", "2", "peggiorato"): (100, obj2),
        ("linea", "2", "nuovo-non-raggiunto"): ("raggiunto", "parzialmente raggiunto"),
        ("linea", "2", "peggiorato"): (100, (obj2 + 100) / 2),  # 96,67%
        ("linea", "1", "peggiorato"): None,  # checked below: down by (100 - obj2) / 6
        ("persona", "Segretario Generale", "peggiorato"): (SG_OLD, SG_OLD - (100 - obj2) / 9),
        ("persona", "Dirigente Area Anagrafe economica", "nuovo-non-raggiunto"):
            ("raggiunto", "parzialmente raggiunto"),
        ("persona", "Dirigente Area Anagrafe economica", "peggiorato"): (100, obj2 * 0.6 + 100 * 0.4),  # 96%
        ("persona", "Dirigente Area Anagrafe economica", "fattore-modificato"): (1, 0.9),  # 96% is in [90, 99)
    }
    ente = [c for c in comparison.outcome_changes if c.level == "ente"]
    assert {c.aspect for c in ente} == {"obiettivi_raggiunti", "grado_medio"}
    assert set(got) == set(expected)
    for key, values in expected.items():
        if values is None:
            continue
        old, new_value = values
        change = got[key]
        if isinstance(old, str):
            assert (change.old, change.new) == (old, new_value), key
        else:
            assert change.old == pytest.approx(old) and change.new == pytest.approx(new_value), key
    line1 = got[("linea", "1", "peggiorato")]
    assert line1.old == pytest.approx((100 * 4 + OBJ4 + OBJ9) / 6)  # 89,67%
    assert line1.old - line1.new == pytest.approx((100 - obj2) / 6)  # 1,11 points
    mean, count = sorted(ente, key=lambda c: c.aspect)  # grado_medio, obiettivi_raggiunti
    assert {c.kind for c in ente} == {"ente-modificato"}
    assert (count.old, count.new) == ("8 su 10", "7 su 10")
    assert mean.old == pytest.approx((8 * 100 + OBJ4 + OBJ9) / 10)
    assert mean.old - mean.new == pytest.approx((100 - obj2) / 10)

    out = result.output
    assert "Modifiche ai risultati (14):" in out and "Modifiche al piano" not in out
    assert "Risultato 2.2: consuntivo 79% -> 50%" in out
    assert "Risultato 2.2: grado 100% -> 66,67% (peggiorato)" in out
    assert "Obiettivo 2: stato raggiunto -> parzialmente raggiunto (non più raggiunto)" in out
    assert "Linea 2: grado 100% -> 96,67% (peggiorato)" in out
    assert ("Ente: obiettivi raggiunti 8 su 10 = 80% -> 7 su 10 = 70% "
            "(prerequisito 80%: rispettato -> non rispettato)") in out
    assert "Persona Dirigente Area Anagrafe economica: fattore di valutazione 1 -> 0,9" in out
    assert out.rstrip().endswith("0 modifiche al piano, 14 ai risultati.")


def test_reverse_direction_is_improvement(original, edited):
    old = edited("vecchio.xlsx", set_cells(H20=0.5))
    got = by_key(compare_files(old, original).outcome_changes)
    assert got[("risultato", "2.2", "nuovo-raggiunto")].new == "raggiunto"
    assert got[("risultato", "2.2", "migliorato")].new == pytest.approx(100)
    assert ("obiettivo", "2", "nuovo-raggiunto") in got and ("obiettivo", "2", "migliorato") in got
    assert got[("persona", "Dirigente Area Anagrafe economica", "fattore-modificato")].new == 1


def test_actual_removed_is_data_now_missing(original, edited):
    new = edited("nuovo.xlsx", set_cells(H20=None))
    comparison = compare_files(original, new)
    # objective 2 is the mean of the four results still valued, all 100%: nothing else moves
    assert [(c.level, c.code, c.kind, c.old, c.new) for c in comparison.outcome_changes] == [
        ("risultato", "2.2", "consuntivo-modificato", 79, None),
        ("risultato", "2.2", "dato-mancante", "raggiunto", "non valutabile"),
        ("risultato", "2.2", "grado-modificato", 100, None),
    ]
    result = run(original, new)
    assert result.exit_code == 1
    assert "Risultato 2.2: consuntivo 79% -> (vuoto)" in result.output
    assert "Risultato 2.2: stato raggiunto -> non valutabile (dato ora mancante)" in result.output
    assert "Risultato 2.2: grado 100% -> (nessuno)" in result.output


def test_setting_change_is_a_plan_change_and_moves_status(original, edited):
    # "Soglia parzialmente raggiunto" 70% -> 60%: only 4.3.2 (2 of 3 reports = 66,67%) has a
    # grado in [60%, 70%): non raggiunto -> parzialmente raggiunto, a plain status change.
    def edit(wb):
        ws = wb["Impostazioni"]
        row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "Soglia parzialmente raggiunto")
        ws.cell(row, 2).value = "60%"
    comparison = compare_files(original, edited("soglia.xlsx", edit))
    assert [(c.kind, c.code, c.old, c.new) for c in comparison.plan_changes] == [
        ("impostazione-modificata", "Soglia parzialmente raggiunto", 70, 60)]
    assert [(c.kind, c.level, c.code, c.old, c.new) for c in comparison.outcome_changes] == [
        ("stato-modificato", "risultato", "4.3.2", "non raggiunto", "parzialmente raggiunto")]


def test_each_file_at_its_own_latest_period(original, edited):
    def drop_december(wb):
        ws = wb["Dati mensili"]
        col = next(c for c in range(1, ws.max_column + 1)
                   if getattr(ws.cell(2, c).value, "month", None) == 12)
        for r in range(3, ws.max_row + 1):
            ws.cell(r, col).value = None
    new = edited("novembre.xlsx", drop_december)
    data = json.loads(run(original, new, "--json").stdout)
    assert (data["vecchio"]["periodo"], data["nuovo"]["periodo"]) == ("2018-12", "2018-11")
    data = json.loads(run(original, new, "--json", "--periodo", "2018-11").stdout)
    assert (data["vecchio"]["periodo"], data["nuovo"]["periodo"]) == ("2018-11", "2018-11")
    # at November the results are equal: December's removed data are the only difference
    changes = data["modifiche_piano"] + data["modifiche_risultati"]
    assert [(c["tipo"], c["codice"]) for c in changes] == [("dati-mensili-modificati", "2018-12")]


# --------------------------------------------------------------------------- plan changes


def test_plan_changes_target_weight_removed_and_added_result(original, edited):
    def edit(wb):
        ws = wb[TABLE]
        ws["F8"] = "<= 7%"  # 1.3: target '<= 8%' -> '<= 7%' (actual 6,2%: still 100%)
        ws["G6"], ws["G7"] = 50, 20  # 1.1 40 -> 50, 1.2 30 -> 20, 1.3 stays 30: still 100
        delete_row(ws, 37)  # result 4.4, the last of objective 4
        # a new result at the end of objective 9 (now row 52 is its last row)
        ws["C53"] = "9.5 Numero di nuovi servizi on-line attivati"
        ws["F53"] = ">= 3"
        ws["H53"] = 4
        ws["J53"] = "Area Anagrafe economica"
    new = edited("modificato.xlsx", edit)
    result = run(original, new)
    assert result.exit_code == 1, result.output
    comparison = compare_files(original, new)
    plan = [(c.kind, c.level, c.code, c.old, c.new) for c in comparison.plan_changes]
    assert sorted(plan, key=str) == sorted([
        ("target-modificato", "risultato", "1.3", "<= 8%", "<= 7%"),
        ("peso-modificato", "risultato", "1.1", 40, 50),
        ("peso-modificato", "risultato", "1.2", 30, 20),
        ("risultato-rimosso", "risultato", "4.4", "4.4 Aumentare le iscrizioni - semplice e avanzata - al sito "
         "istituzionale", None),
        ("risultato-aggiunto", "risultato", "9.5", None, "9.5 Numero di nuovi servizi on-line attivati"),
    ], key=str)
    got = by_key(comparison.outcome_changes)
    # objective 4 without 4.4 (100%): (100 + 95 + 55,56) / 3 = 83,52%; objective 9 with 9.5
    # (4 >= 3: 100%): (0 + 85,42 + 100 + 16 + 100) / 5 = 60,28%
    obj4_new = (100 + 95 + (100 + 200 / 3) / 3) / 3
    obj9_new = (0 + 41 / 48 * 100 + 100 + 16 + 100) / 5
    assert (got[("obiettivo", "4", "peggiorato")].old, got[("obiettivo", "4", "peggiorato")].new) == (
        pytest.approx(OBJ4), pytest.approx(obj4_new))
    assert got[("obiettivo", "9", "migliorato")].new == pytest.approx(obj9_new)
    assert ("obiettivo", "1", "peggiorato") not in got and ("risultato", "1.3", "peggiorato") not in got
    out = result.output
    assert "Modifiche al piano (5):" in out
    assert "Risultato 1.3: target '<= 8%' -> '<= 7%'" in out
    assert "Risultato 1.1: peso 40 -> 50" in out
    assert "Risultato 4.4: rimosso dall'obiettivo 4" in out
    assert "Risultato 9.5: aggiunto all'obiettivo 9" in out
    assert out.rstrip().endswith(f"5 modifiche al piano, {len(comparison.outcome_changes)} ai risultati.")


def test_plan_changes_owner_text_lines_and_individual_links(original, edited):
    def edit(wb):
        ws = wb[TABLE]
        ws["J20"] = "Area Anagrafe economica"  # 2.2's owner (was Area Promozione e Sviluppo del territorio)
        ws["C39"] = '5.2 Apertura di tre nuovi "Progetti Paese"'
        ws["A38"] = ("Linea 2 - Sostegno alla competitività delle imprese e dei territori\n"
                     "Linea 3 - Valorizzazione del patrimonio culturale, sviluppo e promozione del turismo")
        wb["Obiettivi individuali"]["E3"] = "10; 1"  # Dirigente Anagrafe, individual objective 2
    comparison = compare_files(original, edited("modificato.xlsx", edit))
    got = by_key(comparison.plan_changes)
    assert set(got) == {
        ("risultato", "2.2", "responsabile-modificato"),
        ("risultato", "5.2", "testo-modificato"),
        ("obiettivo", "5", "linee-modificate"),
        ("individuale", "2", "obiettivo-individuale-modificato"),
    }
    owner = got[("risultato", "2.2", "responsabile-modificato")]
    assert (owner.old, owner.new) == ("Area Promozione e Sviluppo del territorio", "Area Anagrafe economica")
    assert got[("obiettivo", "5", "linee-modificate")].new == ("2", "3")
    link = got[("individuale", "2", "obiettivo-individuale-modificato")]
    assert (link.person, link.aspect, link.old, link.new) == (
        "Dirigente Area Anagrafe economica", "collegamenti", ("10",), ("10", "1"))
    # objective 5 (100%) now also counts in line 3 (100%); objective 1 (100%) joins the
    # dirigente's objective 2 (100%): no grado moves
    assert comparison.outcome_changes == ()


# --------------------------------------------------------------------------- JSON


def test_json_shape(original, edited):
    new = edited("nuovo.xlsx", set_cells(H20=0.5, F8="<= 7%"))
    result = run(original, new, "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert list(data) == ["versione_formato", "vecchio", "nuovo", "uguali", "modifiche_piano",
                          "modifiche_risultati"]
    assert data["versione_formato"] == 1 and data["uguali"] is False
    for side, path in (("vecchio", original), ("nuovo", new)):
        assert list(data[side]) == ["file", "sha256", "periodo", "errori"]
        assert data[side]["file"] == str(path)
        assert data[side]["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
        assert data[side]["periodo"] == "2018-12"
    keys = ["tipo", "livello", "codice", "persona", "campo", "prima", "dopo", "messaggio"]
    for entry in data["modifiche_piano"] + data["modifiche_risultati"]:
        assert list(entry) == keys
    assert data["modifiche_piano"] == [{
        "tipo": "target-modificato", "livello": "risultato", "codice": "1.3", "persona": None,
        "campo": "target", "prima": "<= 8%", "dopo": "<= 7%",
        "messaggio": "Risultato 1.3: target '<= 8%' -> '<= 7%'"}]
    worse = next(e for e in data["modifiche_risultati"] if (e["tipo"], e["codice"]) == ("peggiorato", "2.2"))
    assert worse["prima"] == 100 and worse["dopo"] == round(200 / 3, 6)  # numbers, not text
    assert isinstance(worse["dopo"], float)
    assert all(e["tipo"] in OUTCOME_KINDS for e in data["modifiche_risultati"])
    assert all(e["tipo"] in PLAN_KINDS for e in data["modifiche_piano"])


def test_json_dates_are_iso(original, edited):
    new = edited("nuovo.xlsx", set_cells(H38=dt.datetime(2018, 7, 10)))  # 5.1 late
    data = compare_files(original, new).as_dict()
    actual = next(e for e in data["modifiche_risultati"] if e["tipo"] == "consuntivo-modificato")
    assert (actual["codice"], actual["prima"], actual["dopo"]) == ("5.1", "2018-06-22", "2018-07-10")
    json.dumps(data)  # everything serialisable


# --------------------------------------------------------------------------- errors


def test_unreadable_file_exits_2_in_italian(original, tmp_path):
    fake = tmp_path / "finto.xlsx"
    fake.write_text("questo non è un foglio di calcolo\n", encoding="utf-8")
    for args in ((original, fake), (fake, original)):
        before = fake.read_bytes()
        result = run(*args)
        assert result.exit_code == 2, result.output
        assert result.output.startswith("Errore: ")
        assert "finto.xlsx" in result.output
        assert fake.read_bytes() == before
    with pytest.raises(UnreadableWorkbook):
        compare_files(original, fake)


def test_missing_file_and_bad_period_exit_2(original, tmp_path):
    result = run(original, tmp_path / "manca.xlsx")
    assert result.exit_code == 2 and result.output.startswith("Errore: ")
    result = run(original, original, "--periodo", "2018-13")
    assert result.exit_code == 2
    assert "il mese va da 01 a 12" in result.output and "Traceback" not in result.output
    result = run(original, original, "--periodo", "giugno")
    assert result.exit_code == 2
    assert "AAAA-MM" in result.output
    with pytest.raises(UsageError):
        compare_files(original, original, period="giugno")


def test_workbook_without_table_exits_2(original, book):
    other = book({"Foglio1": {"cells": {(1, 1): "Spese", (2, 1): 12}}}, name="altro.xlsx")
    with pytest.raises(NotComparable):
        compare_files(original, other)
    result = run(original, other)
    assert result.exit_code == 2
    assert "tabella di collegamento" in result.output


def test_help_is_italian():
    result = CliRunner().invoke(cli, ["confronta", "--help"], prog_name="piano-xlsx")
    assert result.exit_code == 0
    assert result.output.startswith("Uso: piano-xlsx confronta [OPZIONI] VECCHIO NUOVO")
    assert "--periodo AAAA-MM" in result.output and "--json" in result.output
    for english in ("Usage:", "Options:", "Show this message"):
        assert english not in result.output
    assert confronta.get_short_help_str() == "Confronta due versioni della cartella."


# --------------------------------------------------------------------------- pure comparison


@pytest.fixture(scope="module")
def base():
    plan, _ = verify(EXAMPLE_FILLED)
    return plan, compute(plan)


def with_actual(plan, code: str, raw):
    other = copy.deepcopy(plan)
    value = other.results[code].values["actual"]
    other.results[code].values["actual"] = replace(value, raw=raw)
    return other


@settings(max_examples=40, deadline=None)
@given(k=st.integers(min_value=0, max_value=1500))
def test_classification_of_result_22(base, k):
    """2.2's Consuntivo set to k/1000 in its %-cell: k/10 points, grado min(100, (k/10)/75*100) =
    min(100, 2k/15), raggiunto from k = 750, parzialmente from k = 525 (2k/15 = 70)."""
    plan, outcome = base
    other = with_actual(plan, "2.2", k / 1000)
    forward = compare_plans(plan, outcome, other, compute(other))
    backward = compare_plans(other, compute(other), plan, outcome)
    assert isinstance(forward, Comparison) and forward.plan_changes == ()
    kinds = {c.kind for c in forward.outcome_changes if c.code == "2.2"}
    back = {c.kind for c in backward.outcome_changes if c.code == "2.2"}
    expected = set() if k == 790 else {"consuntivo-modificato"}
    expected_back = set(expected)
    if k < 750:
        expected |= {"nuovo-non-raggiunto", "peggiorato"}
        expected_back |= {"nuovo-raggiunto", "migliorato"}
    assert kinds == expected and back == expected_back
    assert forward.equal == (k == 790) == backward.equal
    status = next((c.new for c in forward.outcome_changes if c.code == "2.2" and c.aspect == "stato"), "raggiunto")
    assert status == ("raggiunto" if k >= 750 else "parzialmente raggiunto" if k >= 525 else "non raggiunto")


def test_compare_plans_is_pure(base):
    plan, outcome = base
    snapshot = copy.deepcopy((plan, outcome))
    comparison = compare_plans(plan, outcome, plan, outcome)
    assert comparison.equal
    assert repr((plan, outcome)) == repr(snapshot)
    assert comparison.as_dict()["uguali"] is True


def test_a_target_typo_does_not_read_as_an_emptied_actual(base):
    """Found by a new user: 2.2 turning 'da verificare' was reported as 'consuntivo 79% -> (vuoto)'
    while the cell still held 0,79; the objective's note said 'nuovo non raggiunto' for a
    status that only stopped being 'raggiunto'."""
    plan, outcome = base
    other = copy.deepcopy(plan)
    other.results["2.2"].target = parse_target(other.results["2.2"].target.text.replace("75", "7S"), year=2018)
    assert other.results["2.2"].target.uncertain
    new = compute(other)
    assert new.results["2.2"].status == "da verificare" and new.results["2.2"].actual == outcome.results["2.2"].actual
    comparison = compare_plans(plan, outcome, other, new)
    aspects = {(c.code, c.aspect) for c in comparison.outcome_changes}
    assert ("2.2", "consuntivo") not in aspects and ("2.2", "stato") in aspects
    lines = [c.message for c in comparison.outcome_changes if c.aspect == "stato"]
    assert all("nuovo non raggiunto" not in text for text in lines)
    assert any(c.code == "2.2" and c.kind == "dato-mancante" and "(ora da verificare)" in c.message
               for c in comparison.outcome_changes)  # the Riepilogo's words


def test_each_version_at_its_own_period_in_natural_order(example_copy, tmp_path):
    # May's backup and June's file: both were computed at December ('Le due versioni sono
    # uguali'), a change invisible at six decimals was listed, and 10.3 came before 2.5
    from click.testing import CliRunner

    from piano_xlsx.cli.main import main
    from piano_xlsx.core.codes import sort_key

    source = example_copy()
    runner = CliRunner()
    assert runner.invoke(main, ["calcola", str(source), "--sul-posto", "--periodo", "2018-05"]).exit_code in (0, 1)
    may = tmp_path / "maggio.xlsx"
    may.write_bytes(source.read_bytes())
    result = runner.invoke(main, ["calcola", str(source), "--sul-posto", "--periodo", "2018-06"])
    assert ".bak-2018-05-" in result.output  # the copy is named by the period it holds
    comparison = compare_files(may, source)
    assert (comparison.old.period, comparison.new.period) == ("2018-05", "2018-06")
    assert not comparison.equal
    for change in comparison.outcome_changes:
        assert change.old != change.new
        if change.aspect == "consuntivo":
            assert f"{change.old:.6f}" != f"{change.new:.6f}", change.message
    codes = [c.code for c in comparison.outcome_changes if c.level == "risultato"]
    assert codes == sorted(codes, key=sort_key) and codes.index("2.5") < codes.index("10.3")


def test_monthly_data_added_after_the_last_run_are_a_change(example_copy, tmp_path):
    # June's value added to May's file, not computed yet: both versions are at May (their Storico),
    # and the data change is reported, not 'uguali' (found in review)
    import openpyxl
    from click.testing import CliRunner

    from piano_xlsx.cli.main import main
    from piano_xlsx.core.compare import DATI_MENSILI_MODIFICATI

    source = example_copy()
    CliRunner().invoke(main, ["calcola", str(source), "--sul-posto", "--periodo", "2018-05"])
    june = tmp_path / "giugno.xlsx"
    wb = openpyxl.load_workbook(source)
    ws = wb["Dati mensili"]
    old_value = ws.cell(row=4, column=10).value  # June, the first series
    ws.cell(row=4, column=10).value = 999
    wb.save(june)
    comparison = compare_files(source, june)
    assert not comparison.equal
    (change,) = [c for c in comparison.plan_changes if c.kind == DATI_MENSILI_MODIFICATI]
    assert change.code == "2018-06" and change.message.startswith("Dati mensili di giugno 2018: 1 valore modificato")
    assert "-> 999" in change.message and old_value is not None
