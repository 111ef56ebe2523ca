"""`verifica` finds each problem planted in a broken copy of the example, at the right cell."""

from __future__ import annotations

import json

import openpyxl
import pytest
from click.testing import CliRunner

from piano_xlsx.cli.main import main
from piano_xlsx.read.load import verify

from .conftest import EXAMPLE_FILLED, file_state

TABLE = "Tabella di collegamento"

# (sheet, cell, new value, expected finding code, severity, cell reported)
PLANTED = [
    (TABLE, "C25", "2.4 Tempi di evasione delle pratiche", "codice-duplicato", "errore", "C25"),
    (TABLE, "C41", "6.9 Numero di eventi di presentazione predisposti", "codice-fuori-obiettivo", "errore", "C41"),
    (TABLE, "C31", "3.5.1 Revisione dei costi dei processi", "sotto-risultato-senza-padre", "errore", "C31"),
    (TABLE, "C48", None, "obiettivo-senza-risultati", "errore", "B48"),
    (TABLE, "C49", None, "obiettivo-senza-risultati", "errore", "B48"),
    (TABLE, "F52", "vedi allegato tecnico", "da-verificare", "avviso", "F52"),
    (TABLE, "F44", None, "target-mancante", "avviso", "F44"),
    (TABLE, "G39", "venti", "peso-non-valido", "errore", "G39"),
    (TABLE, "G6", 45, "pesi-somma", "errore", "G6"),
    (TABLE, "H20", "buono", "consuntivo-non-valido", "errore", "H20"),
    (TABLE, "H38", "a giugno", "consuntivo-non-valido", "errore", "H38"),
    (TABLE, "H53", "12,5", "numero-come-testo", "avviso", "H53"),
    (TABLE, "F30", "entro il 31/12/2019", "scadenza-fuori-anno", "avviso", "F30"),
    (TABLE, "I7", "costi_personale / proventi_corenti", "misura-sconosciuta", "errore", "I7"),
    (TABLE, "F16", "uguale a numero pratiche inesistenti", "riferimento-sconosciuto", "errore", "F16"),
    (TABLE, "H23", "=0.5+0.38", "formula-senza-valore", "errore", "H23"),
    ("Impostazioni", "B7", "tanto", "impostazione-non-valida", "errore", "B7"),
    ("Dati mensili", "E9", "n.d.", "valore-non-numerico", "errore", "E9"),
]


@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    path = tmp_path_factory.mktemp("rotto") / "torino-rotto.xlsx"
    wb = openpyxl.load_workbook(EXAMPLE_FILLED)
    assert wb["Impostazioni"]["A7"].value == "Soglia raggiunto"
    assert wb["Dati mensili"]["A9"].value == "imprese_attive"
    for sheet, cell, value, *_ in PLANTED:
        wb[sheet][cell].value = value
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def report(broken):
    return verify(broken)[1]


@pytest.mark.parametrize("sheet,cell,value,code,severity,where", PLANTED,
                         ids=[f"{p[3]}@{p[1]}" for p in PLANTED])
def test_planted_problem_is_found_at_its_cell(report, sheet, cell, value, code, severity, where):
    matches = [f for f in report.findings if f.code == code and f.location.cell == where]
    assert matches, [(f.code, f.location.cell) for f in report.findings]
    assert matches[0].severity == severity
    assert matches[0].location.sheet == sheet
    assert matches[0].message[0].isupper() and matches[0].message.endswith(".")


def test_merged_range_is_reported(report):
    finding = next(f for f in report.findings if f.code == "obiettivo-senza-risultati")
    assert finding.location.range == "B48:B49"


def test_weight_sum_message_says_the_sum(report):
    finding = next(f for f in report.findings if f.code == "pesi-somma")
    assert "sommano a 105" in finding.message


def test_cli_exit_code_and_json_on_the_broken_copy(broken):
    before = file_state(broken)
    result = CliRunner().invoke(main, ["verifica", str(broken), "--json"])
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["valido"] is False
    assert data["errori"] == sum(1 for f in data["anomalie"] if f["gravita"] == "errore") > 0
    first = data["anomalie"][0]
    assert set(first) == {"gravita", "codice", "foglio", "cella", "intervallo", "messaggio"}
    human = CliRunner().invoke(main, ["check", str(broken)])
    assert human.exit_code == 1
    assert "ERRORE  codice-duplicato" in human.output
    assert f"'{TABLE}'!C25" in human.output
    assert file_state(broken) == before


def test_no_findings_beyond_the_planted_ones(report):
    planted = {(p[3], p[5]) for p in PLANTED}
    expected_extra = {("da-verificare", "F27")}  # 3.1.1's relative deadline, already in the example
    unexpected = [(f.code, f.location.cell) for f in report.findings
                  if (f.code, f.location.cell) not in planted | expected_extra]
    assert unexpected == []
