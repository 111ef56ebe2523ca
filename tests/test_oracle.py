"""The differential oracle: one definition of every rule, two renderings that agree.

Hypothesis builds plans covering the rules (A/T, T/A and (2T-A)/T, =, ranges, deadlines with
late bands, SI/NO milestones, sub-results' weighted means, caps, status thresholds, the
individual factor, missing data) and every kind of value an office types (numbers, % typed,
%-formatted, plain fractions, text numbers, dates and text dates, milestone words such as
'Realizzato.', 'true', '1', 'no', blanks, words). piano-xlsx writes the workbook with its
formulas and their cached values (the Python results); LibreOffice, forced to recalculate,
must find every formula equal to its cached value.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from piano_xlsx.core.compute import compute
from piano_xlsx.read.load import verify
from piano_xlsx.write.writeback import write_output

from .conftest import write_book
from .libreoffice import assert_formulas_recompute_to_cached, requires_libreoffice

PCT = {"num_format": "0%"}
DATE = {"num_format": "dd/mm/yyyy"}

NUMERIC_TARGETS = st.sampled_from([">= 90%", "<= 30 gg", "= 5", "compreso fra 80% e 90%", "almeno 10", "30 gg.",
                                   "<= 5", ">= 0", "> 5", "< 10", "non superiore a 10 mila", ("num", 0.95, PCT), ("num", 95, None),
                                   ("num", 0.9, None), "tre quarti", "maggiore o uguale a 1.000"])
NUMERIC_ACTUALS = st.one_of(
    st.sampled_from(["91%", "12,5", "1.200", "", "n.d.", "abc", "0", "-3", ("num", 0.91, PCT), ("num", 0.5, None)]),
    st.floats(min_value=-5, max_value=2000, allow_nan=False).map(lambda x: ("num", round(x, 3), None)),
    st.integers(min_value=0, max_value=120).map(lambda x: ("num", x, None)),
)
MILESTONE_TARGETS = st.sampled_from(["SI", "NO", "realizzato", "On"])
MILESTONE_ACTUALS = st.sampled_from(["SI", "si", "Sì", "Realizzato.", "true", "1", "no", "NO", "falso", "x", "",
                                     "forse", ("num", 1, None), ("bool", True, None)])
DEADLINE_TARGETS = st.sampled_from(["entro il 30/06/2024", "entro dicembre 2024", "31/03/2024",
                                    ("date", dt.date(2024, 9, 30), DATE)])
DEADLINE_ACTUALS = st.one_of(
    st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2025, 3, 31)).map(lambda d: ("date", d, DATE)),
    st.sampled_from(["", "15/05/2024", "non ancora", ("num", 45000, None)]),
)
ROW = st.one_of(
    st.tuples(st.just("n"), NUMERIC_TARGETS, NUMERIC_ACTUALS),
    st.tuples(st.just("m"), MILESTONE_TARGETS, MILESTONE_ACTUALS),
    st.tuples(st.just("d"), DEADLINE_TARGETS, DEADLINE_ACTUALS),
)
PROFILES = st.fixed_dictionaries({
    "Regola minore è meglio": st.sampled_from(["T/A", "(2T-A)/T"]),
    "Tetto grado indicatore": st.sampled_from(["100%", "120%"]),
    "Soglia raggiunto": st.sampled_from(["100%", "90%"]),
    "Scadenza in ritardo": st.sampled_from(["0%", "30 gg = 50%; 60 gg = 25%"]),
    "Dato mancante": st.sampled_from(["non valutabile", "zero"]),
    "Uguale su conteggi": st.sampled_from(["esatto", "almeno"]),
    "Scala individuale": st.sampled_from(["fasce", "lineare"]),
})


def _put(cells, formats, row, col, value):
    if isinstance(value, tuple):
        kind, raw, fmt = value
        cells[(row, col)] = raw
        if fmt:
            formats[(row, col)] = fmt
    elif value != "":
        cells[(row, col)] = value


def build(path, rows, profile, weights):
    cells = {(1, c): h for c, h in enumerate(["Obiettivo", "Risultato atteso", "Target", "Consuntivo", "Peso"], 1)}
    formats = {}
    r = 2
    for i, (kind, target, actual) in enumerate(rows):
        objective = i // 4 + 1
        if i % 4 == 0:
            cells[(r, 1)] = f"{objective}. Obiettivo {objective}"
        code = f"{objective}.{i % 4 + 1}"
        cells[(r, 2)] = f"{code} Indicatore {kind}"
        _put(cells, formats, r, 3, target)
        _put(cells, formats, r, 4, actual)
        if weights:
            cells[(r, 5)] = 10 + 5 * (i % 4)
        r += 1
    settings_cells = {(1, 1): "Anno del piano", (1, 2): 2024}
    for n, (label, value) in enumerate(profile.items(), start=2):
        settings_cells[(n, 1)], settings_cells[(n, 2)] = label, value
    individual = {(1, 1): "Persona", (1, 2): "Obiettivi di ente collegati", (1, 3): "Peso %",
                  (2, 1): "Segretario Generale", (2, 2): "1; 2", (2, 3): 60,
                  (3, 1): "Segretario Generale", (3, 2): "3", (3, 3): 40}
    write_book(path, {"Piano": {"cells": cells, "formats": formats},
                      "Impostazioni": {"cells": settings_cells},
                      "Obiettivi individuali": {"cells": individual}})


@requires_libreoffice
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(rows=st.lists(ROW, min_size=12, max_size=24), profile=PROFILES, weights=st.booleans(),
       period=st.sampled_from([None, "2024-06"]))
def test_every_formula_recalculated_by_libreoffice_equals_the_computation(rows, profile, weights, period,
                                                                           tmp_path_factory):
    folder = tmp_path_factory.mktemp("oracolo")
    source = folder / "piano.xlsx"
    build(source, rows, profile, weights)
    plan, report = verify(source)
    outcome = compute(plan, period=period)
    report.findings.extend(outcome.findings)
    output = folder / "out.xlsx"
    write_output(plan, outcome, report, source, output)
    assert assert_formulas_recompute_to_cached(output) > len(rows)


@pytest.mark.parametrize("answer", ["Realizzato.", "true", "1", "no", "Sì", "SI", "falso"])
def test_milestone_answers_read_alike_in_python_and_in_the_formula(answer):
    from piano_xlsx.core.values import NO, YES, milestone_key

    key = milestone_key(answer)
    assert key in YES or key in NO  # every answer here is a word of the lists the formula uses too
