"""Found by a trial of scoring rules as real SMVPs write them into the Impostazioni sheet (bands of
days late, individual bands, thresholds, tolerances): each a wrong grado, factor or status printed
with exit code 0, or a written formula that disagreed with the run once recalculated."""

from __future__ import annotations

import datetime as dt

import pytest

from piano_xlsx.core.compute import compute
from piano_xlsx.read.load import verify
from piano_xlsx.write.writeback import write_output

from .conftest import table
from .libreoffice import assert_formulas_recompute_to_cached, requires_libreoffice

HEADER = ["Obiettivo", "Indicatore", "Target", "Consuntivo"]


def _plan(book, rows, settings: dict, name="piano.xlsx"):
    cells = {(1, 1): "Anno del piano", (1, 2): 2024}
    for i, (label, value) in enumerate(settings.items(), start=2):
        cells[(i, 1)], cells[(i, 2)] = label, value
    return book(table(rows, HEADER, extra={"Impostazioni": {"cells": cells}}), name)


@pytest.mark.parametrize("late, deadline, period", [
    ("50%", "entro il 30/06/2024", None), ("30 gg = 50%; 60 gg = 25%", "entro il 15/12/2024", None),
    ("50%", "entro il 30/06/2024", "2024-12")])
def test_a_deadline_never_concluded_scores_zero_not_the_late_grado(book, late, deadline, period):
    # 'NO' in the final values with 'Scadenza in ritardo = 50%': 50%, as if concluded late; with bands,
    # 50% for the 16 days from 15/12 to 31/12
    path = _plan(book, [["1. Obiettivo", "1.1 Adozione del regolamento", deadline, "NO"],
                        ["1. Obiettivo", "1.2 Adozione del piano", deadline, dt.date(2024, 1, 10)]],
                 {"Scadenza in ritardo": late})
    plan, report = verify(path)
    outcome = compute(plan, period=period)
    never = outcome.results["1.1"]
    assert never.grado == 0.0 and "Non concluso entro la fine dell'anno" in never.explanation
    assert outcome.results["1.2"].grado == 100.0


def test_a_deadline_concluded_late_keeps_the_late_grado(book):
    path = _plan(book, [["1. Obiettivo", "1.1 Adozione del regolamento", "entro il 30/06/2024", dt.date(2024, 7, 15)]],
                 {"Scadenza in ritardo": "50%"})
    plan, _ = verify(path)
    assert compute(plan).results["1.1"].grado == 50.0
    # during the year, not concluded after the deadline: the late grado so far, as before
    path = _plan(book, [["1. Obiettivo", "1.1 Adozione del regolamento", "entro il 30/06/2024", None]],
                 {"Scadenza in ritardo": "50%"}, "aperto.xlsx")
    plan, _ = verify(path)
    assert compute(plan, period="2024-09").results["1.1"].grado == 50.0


@requires_libreoffice
def test_the_written_formula_of_an_empty_deadline_at_the_years_end_is_zero(book, tmp_path):
    # the formula of an empty completion cell in December gave the late grado, the run now 0%
    path = _plan(book, [["1. Obiettivo", "1.1 Adozione del regolamento", "entro il 30/06/2024", None],
                        ["1. Obiettivo", "1.2 Adozione del piano", "entro il 30/06/2024", dt.date(2024, 7, 15)]],
                 {"Scadenza in ritardo": "50%"})
    plan, report = verify(path)
    outcome = compute(plan, period="2024-12")
    assert outcome.results["1.1"].grado == 0.0 and outcome.results["1.2"].grado == 50.0
    output = tmp_path / "calcolato.xlsx"
    write_output(plan, outcome, report, path, output)
    assert assert_formulas_recompute_to_cached(output) >= 2
