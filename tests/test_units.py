"""Units: a percentage is a percentage however it was typed, and the formula written back reads
it the same way.

Every combination of how a target and an actual of 95% and 91% are written (typed with %,
a %-formatted number, a plain number in points, a plain fraction) under every context (none,
a unit column saying %, a header saying %) must give 91/95 = 95,789...%, or, where nothing
tells the two scales apart, 'da verificare' with a finding naming both cells; never a silent
100%. The output's formulas, recalculated by LibreOffice, must equal the cached values.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from piano_xlsx.core.compute import DA_VERIFICARE, compute
from piano_xlsx.read.load import verify
from piano_xlsx.write.writeback import write_output

from .conftest import write_book
from .libreoffice import SOFFICE, assert_formulas_recompute_to_cached, recalculated_sheets, requires_libreoffice

PCT = {"num_format": "0%"}
# how the target (95%) and the actual (91%) are written: (value, format)
TARGETS = {"testo %": ("≥ 95%", None), "formattato %": (0.95, PCT), "numero 95": (95, None),
           "frazione 0,95": (0.95, None)}
ACTUALS = {"testo %": ("91%", None), "formattato %": (0.91, PCT), "numero 91": (91, None),
           "frazione 0,91": (0.91, None)}
CONTEXTS = ("nessuno", "unità %", "intestazione %")
EXPECTED = 91 / 95 * 100
# the pairs nothing tells apart without a context: a plain fraction beside a plain number
AMBIGUOUS = {("numero 95", "frazione 0,91"), ("frazione 0,95", "numero 91")}
CASES = list(itertools.product(CONTEXTS, TARGETS, ACTUALS))


def build(path: Path, context: str) -> dict[str, tuple[str, str]]:
    """One workbook per context; result i.j for each (target, actual) pair. Returns code -> pair."""
    headers = ["Obiettivo", "Indicatore", "Target %" if context == "intestazione %" else "Target",
               "Consuntivo", "Unità di misura"]
    cells = {(1, c): h for c, h in enumerate(headers, start=1)}
    formats = {}
    codes = {}
    row = 2
    for i, t_name in enumerate(TARGETS, start=1):
        cells[(row, 1)] = f"{i}. Obiettivo del target scritto come {t_name}"
        for j, a_name in enumerate(ACTUALS, start=1):
            code = f"{i}.{j}"
            codes[code] = (t_name, a_name)
            cells[(row, 2)] = f"{code} Copertura del servizio"  # nothing in the text says %
            (t, t_fmt), (a, a_fmt) = TARGETS[t_name], ACTUALS[a_name]
            cells[(row, 3)], cells[(row, 4)] = t, a
            if t_fmt:
                formats[(row, 3)] = t_fmt
            if a_fmt:
                formats[(row, 4)] = a_fmt
            if context == "unità %":
                cells[(row, 5)] = "%"
            row += 1
    write_book(path, {"Piano": {"cells": cells, "formats": formats},
                      "Impostazioni": {"cells": {(1, 1): "Anno del piano", (1, 2): 2024}}})
    return codes


@pytest.fixture(scope="module", params=CONTEXTS)
def computed(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp("unita")
    source = folder / "piano.xlsx"
    codes = build(source, request.param)
    plan, report = verify(source)
    outcome = compute(plan)
    return request.param, codes, plan, report, outcome, source


def test_every_way_of_writing_a_percentage_gives_the_same_grado_or_asks(computed):
    context, codes, plan, report, outcome, _ = computed
    assert len(codes) == 16 and set(codes) <= set(outcome.results)
    for code, (t_name, a_name) in codes.items():
        node = outcome.results[code]
        if context == "nessuno" and (t_name, a_name) in AMBIGUOUS:
            assert node.status == DA_VERIFICARE and node.grado is None, (code, t_name, a_name, node.explanation)
            # reported by verifica already (at the actual cell), not again by the computation
            found = [f for f in report.findings if f.code == "unita-da-verificare" and code in f.message]
            assert not [f for f in outcome.findings if f.code == "unita-da-verificare" and code in f.message]
            assert found, code
            row = plan.results[code].row
            assert f"C{row}" in found[0].message and f"D{row}" in found[0].message  # both cells named
            continue
        assert node.grado == pytest.approx(EXPECTED), (context, code, t_name, a_name, node.explanation)
        assert node.status == "parzialmente raggiunto"
        plain = t_name in ("numero 95", "frazione 0,95") and a_name in ("numero 91", "frazione 0,91")
        if not (plain and context == "nessuno"):  # something says %: the note shows percentages
            assert "91%" in node.explanation and "95%" in node.explanation, node.explanation


@requires_libreoffice
def test_the_written_formulas_read_the_cells_as_the_computation_did(computed, tmp_path):
    context, codes, plan, report, outcome, source = computed
    output = tmp_path / "out.xlsx"
    report.findings.extend(outcome.findings)
    write_output(plan, outcome, report, source, output)
    assert assert_formulas_recompute_to_cached(output) >= 16


@pytest.mark.parametrize("rule", ["esatto", "almeno"])
def test_equal_on_a_count_follows_the_setting_in_python_and_in_the_formula(rule, tmp_path):
    source = tmp_path / "piano.xlsx"
    write_book(source, {
        "Piano": {"cells": {(1, 1): "Obiettivo", (1, 2): "Indicatore", (1, 3): "Target", (1, 4): "Consuntivo",
                            (2, 1): "1. Comunicare", (2, 2): "1.1 Report pubblicati", (2, 3): "pari a 5 report",
                            (2, 4): 4, (3, 2): "1.2 Eventi organizzati", (3, 3): "= 5", (3, 4): 6}},
        "Impostazioni": {"cells": {(1, 1): "Anno del piano", (1, 2): 2024, (2, 1): "Uguale su conteggi",
                                   (2, 2): rule}}})
    plan, report = verify(source)
    outcome = compute(plan)
    assert outcome.results["1.1"].grado == pytest.approx(80.0)  # 4 of 5: 80% either way
    # 6 against '= 5': exactly 5 was wanted (5/6), or at least 5 (100%, capped)
    assert outcome.results["1.2"].grado == pytest.approx(5 / 6 * 100 if rule == "esatto" else 100.0)
    if SOFFICE is not None:
        output = tmp_path / "out.xlsx"
        write_output(plan, outcome, report, source, output)
        assert assert_formulas_recompute_to_cached(output) >= 2


def test_a_small_plain_actual_is_read_as_the_scale_near_its_target_or_asked(tmp_path):
    """Beside '>= 5%', 0,03 is 3% (a fraction), 1,2 is 1,2% (120% would be 24 times the target)
    and 0,5 is either 0,5% or 50%: asked, never guessed (found in review: 1,2 beside '<= 5%'
    was read as 120%, grado 4%). The written formulas follow the same rule."""
    source = tmp_path / "piano.xlsx"
    rows = [("1.1", 0.03), ("1.2", 1.2), ("1.3", 0.5), ("1.4", 4)]
    cells = {(1, 1): "Obiettivo", (1, 2): "Indicatore", (1, 3): "Target", (1, 4): "Consuntivo",
             (2, 1): "1. Qualità"}
    for row, (code, actual) in enumerate(rows, start=2):
        cells[(row, 2)], cells[(row, 3)], cells[(row, 4)] = f"{code} Tasso di copertura", ">= 5%", actual
    write_book(source, {"Piano": {"cells": cells},
                        "Impostazioni": {"cells": {(1, 1): "Anno del piano", (1, 2): 2024}}})
    plan, report = verify(source)
    outcome = compute(plan)
    got = {code: outcome.results[code] for code, _ in rows}
    assert got["1.1"].grado == pytest.approx(60.0) and "0,03 letto come 3%" in got["1.1"].explanation
    assert got["1.2"].grado == pytest.approx(24.0) and "1,2 letto come 1,2%" in got["1.2"].explanation
    assert got["1.3"].status == DA_VERIFICARE and "0,5%" in got["1.3"].reason and "50%" in got["1.3"].reason
    assert got["1.4"].grado == pytest.approx(80.0)
    every = report.findings + outcome.findings
    assert any(f.code == "percentuale-senza-simbolo" and f.location.cell == "D3" for f in every)
    assert any(f.code == "unita-da-verificare" and f.location.cell == "D4" for f in every)
    if SOFFICE is not None:
        output = tmp_path / "out.xlsx"
        report.findings.extend(outcome.findings)
        write_output(plan, outcome, report, source, output)
        assert assert_formulas_recompute_to_cached(output) >= 3


@requires_libreoffice
def test_the_formula_of_an_actual_beside_a_percentage_is_the_python_rule(tmp_path):
    """actual_formula/actual_doubt_formula against reconcile() on a grid of plain actuals beside
    percentage targets, recalculated by LibreOffice: the same reading (or the same doubt) at
    every point, the borders of the rule's thresholds too."""
    import xlsxwriter

    from piano_xlsx.core.targets import parse_target
    from piano_xlsx.core.values import (Reading, actual_doubt_formula, actual_formula, asks_plain_far_below,
                                        empty_actual_rule, reconcile)

    actuals = [0.01, 0.03, 0.05, 0.25, 0.26, 0.5, 0.99, 1, 1.2, 1.5, -0.3, 2, 4, 17.9, 18, 19, 40, 199, 200, 201,
               250, -250]
    targets = [1, 2, 5, 10, 90, 95, 150]
    path = tmp_path / "griglia.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("G")
    expected = []
    for r, (a, t) in enumerate(itertools.product(actuals, targets)):
        target = parse_target(f">= {t}%")
        rule = empty_actual_rule(None, target, t)
        sheet.write_number(r, 0, a)
        ref, T = f"A{r + 1}", repr(float(t))
        doubt = actual_doubt_formula(ref, rule, T, True, far_below=asks_plain_far_below(target, None)) or "FALSE()"
        sheet.write_formula(r, 1, f'=IF({doubt},"D",{actual_formula(ref, rule, T)})')
        rec = reconcile(Reading(a), target, t)
        assert rec.doubt or rec.rule == rule, (a, t)  # a typed value keeps the empty cell's rule
        expected.append("D" if rec.doubt else rec.actual)
    book.close()
    rows = recalculated_sheets(path)["G"]
    for r, want in enumerate(expected):
        got = rows[r][1]
        if want == "D":
            assert got == "D", (r, rows[r])
        else:
            assert float(got) == pytest.approx(want), (r, rows[r])


def test_a_completion_date_not_read_gives_an_example_in_the_deadlines_year():
    # the example said 2018 whatever the plan's year (left from the Torino plan)
    from piano_xlsx.core.model import Location, Value
    from piano_xlsx.core.targets import parse_target
    from piano_xlsx.core.values import read_actual

    target = parse_target("entro il 30/06/2025")
    reading = read_actual(Value("a breve", Location("Piano", "F7")), target, "1.1")
    assert reading.value is None
    (finding,) = reading.findings
    assert finding.code == "consuntivo-non-valido" and "es. 28/04/2025" in finding.message
    assert finding.location == Location("Piano", "F7")
