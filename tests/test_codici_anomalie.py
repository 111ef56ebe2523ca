"""The catalogue of finding codes (piano_xlsx.core.findings.CODES): it lists exactly the codes the
library produces, with the severity they are produced with; the README's table is the one
docs/rigenera.py writes from it; and every code is produced by at least one test. The tests at the
bottom produce the codes no other test named, each from a small workbook."""

from __future__ import annotations

import ast
import datetime as dt
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from piano_xlsx.cli.main import main
from piano_xlsx.core.compute import compute
from piano_xlsx.core.findings import AVVISO, CODES, ENTRAMBI, ERRORE
from piano_xlsx.read.load import load_plan
from piano_xlsx.write.mail import prepare_messages, read_addresses
from piano_xlsx.write.split import write_owner_workbooks

from .conftest import table

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "piano_xlsx"
TESTS = ROOT / "tests"
THIS = Path(__file__).resolve()

# Codes no test produces yet, each with the reason. A code leaves this list as soon as a test
# names it (test_the_untested_list_only_holds_codes_no_test_names fails until it is removed).
NOT_YET_TESTED: dict[str, str] = {
}


# --------------------------------------------------------------------------- the catalogue


def _makes_finding(expr: ast.expr, names: set[str]) -> bool:
    """`error`, `warning`, a name bound to one of them, or `(error if ... else warning)`."""
    if isinstance(expr, ast.Name):
        return expr.id in names
    if isinstance(expr, ast.IfExp):
        return _makes_finding(expr.body, names) and _makes_finding(expr.orelse, names)
    return False


def _severity(expr: ast.expr) -> str:
    if isinstance(expr, ast.Name) and expr.id == "error":
        return ERRORE
    if isinstance(expr, ast.Name) and expr.id == "warning":
        return AVVISO
    return ENTRAMBI  # chosen at run time: `severity = error if ... else warning`


def codes_in_source() -> tuple[dict[str, set[str]], list[str]]:
    """code -> severities it is produced with, from every call of error()/warning() in the package
    (also through a name bound to either, as checks.py's `severity`); and the calls whose code is
    not a string literal, which this scan cannot read."""
    found: dict[str, set[str]] = {}
    unreadable = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        names = {"error", "warning"}
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and _makes_finding(node.value, {"error", "warning"}):
                names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            if _makes_finding(node.func, names):
                code_arg, severity = (node.args[0] if node.args else None), _severity(node.func)
            elif isinstance(node.func, ast.Name) and node.func.id == "Finding" and path.name != "findings.py":
                code_arg, severity = (node.args[1] if len(node.args) > 1 else None), ENTRAMBI
            else:
                continue
            if isinstance(code_arg, ast.Constant) and isinstance(code_arg.value, str):
                found.setdefault(code_arg.value, set()).add(severity)
            else:
                unreadable.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found, unreadable


def test_the_catalogue_lists_exactly_the_codes_the_library_produces():
    found, unreadable = codes_in_source()
    assert not unreadable, f"a finding whose code is not a string literal (write it as one): {unreadable}"
    assert len(found) > 80  # the scan works
    missing, extra = sorted(set(found) - set(CODES)), sorted(set(CODES) - set(found))
    assert not missing, f"codes produced but not in findings.CODES: {missing}"
    assert not extra, f"codes in findings.CODES that nothing produces: {extra}"
    for code, severities in found.items():
        expected = severities.pop() if len(severities) == 1 else ENTRAMBI
        assert CODES[code][0] == expected, f"{code}: produced as {expected}, catalogued as {CODES[code][0]}"


def test_the_catalogue_is_well_formed():
    assert list(CODES) == sorted(CODES)  # the README's table in alphabetical order
    for code, (severity, meaning) in CODES.items():
        assert re.fullmatch(r"[a-z]+(-[a-z]+)+", code), code
        assert severity in (ERRORE, AVVISO, ENTRAMBI), code
        # one line of a Markdown table: no '|', no line break, a sentence
        assert "|" not in meaning and "\n" not in meaning and meaning.endswith("."), code
        assert 30 < len(meaning) <= 250, code


def test_readme_table_of_codes_is_the_one_the_code_generates():
    from .conftest import readme_block, rigenera

    assert readme_block("anomalie") == rigenera().findings_table(), "run `python docs/rigenera.py`"


def _test_texts() -> dict[str, str]:
    """Every test module's text; this one without the NOT_YET_TESTED list (naming a code there is
    not testing it)."""
    texts = {}
    for path in sorted(TESTS.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if path.resolve() == THIS:
            node = next(n for n in ast.parse(text).body if isinstance(n, ast.AnnAssign)
                        and getattr(n.target, "id", None) == "NOT_YET_TESTED")
            lines = text.split("\n")
            text = "\n".join(lines[:node.lineno - 1] + lines[node.end_lineno:])
        texts[path.name] = text
    return texts


def _named(code: str, texts: dict[str, str]) -> list[str]:
    pattern = re.compile(rf"(?<![\w-]){re.escape(code)}(?![\w-])")
    return [name for name, text in texts.items() if pattern.search(text)]


def test_every_code_is_named_by_a_test():
    texts = _test_texts()
    untested = sorted(code for code in CODES if code not in NOT_YET_TESTED and not _named(code, texts))
    assert not untested, f"codes no test produces (write a test, or list them in NOT_YET_TESTED): {untested}"


def test_the_untested_list_only_holds_codes_no_test_names():
    texts = _test_texts()
    assert set(NOT_YET_TESTED) <= set(CODES)
    tested = sorted(code for code in NOT_YET_TESTED if _named(code, texts))
    assert not tested, f"now tested: remove them from NOT_YET_TESTED: {tested}"
    assert all(reason.strip() for reason in NOT_YET_TESTED.values())


# --------------------------------------------------------------------------- the codes, produced

YEAR = {"Impostazioni": {"cells": {(1, 1): "Anno del piano", (1, 2): 2024}}}
HEADER = ["Obiettivo", "Indicatore", "Target", "Consuntivo"]


def one(findings, code):
    """The only finding with that code."""
    found = [f for f in findings if f.code == code]
    assert len(found) == 1, [(f.code, f.message) for f in findings]
    return found[0]


def with_sheet(name: str, cells: dict) -> dict:
    return dict(YEAR, **{name: {"cells": cells}})


def verifica_json(path) -> tuple[int, list[dict]]:
    result = CliRunner().invoke(main, ["verifica", str(path), "--json"])
    return result.exit_code, json.loads(result.stdout)["anomalie"]


def test_no_year_anywhere_is_said_once_for_the_workbook(book):
    path = book(table([["1. Uno", "1.1 Pratiche evase", ">= 5", 6]], HEADER))
    exit_code, found = verifica_json(path)
    assert exit_code == 0  # a warning: the plan is still usable
    [entry] = [a for a in found if a["codice"] == "anno-mancante"]
    assert entry["gravita"] == "avviso" and entry["foglio"] is None and entry["cella"] is None
    assert "Anno del piano" in entry["messaggio"]


def test_an_objective_without_a_number_among_numbered_ones_gets_a_generated_code(book):
    spec = table([["1. Uno", "1.1 Pratiche evase", ">= 5", 6],
                  ["Semplificare i procedimenti", "Procedimenti rivisti", ">= 5", 6]], HEADER, extra=YEAR)
    plan = load_plan(book(spec))
    finding = one(plan.findings, "codice-mancante")
    assert finding.severity == AVVISO and finding.location.cell == "A3"
    assert "'Semplificare i procedimenti'" in finding.message and "O1" in finding.message
    assert "O1" in plan.objectives


def test_two_columns_for_the_same_role_read_the_first_and_say_so(book):
    spec = table([["1. Uno", "1.1 Pratiche evase", ">= 5", 6, "cumulata", "puntuale"]],
                 HEADER + ["Serie mensile", "Tipo serie"], extra=YEAR)
    plan = load_plan(book(spec))
    finding = one(plan.findings, "colonna-doppia")
    assert finding.severity == AVVISO and finding.location.cell == "F1"
    assert "viene letta 'Serie mensile' (E1) e ignorata 'Tipo serie' (F1)" in finding.message
    assert plan.table.columns["series"] == 5


def test_a_date_typed_as_text_is_read_and_said(book):
    spec = table([["1. Uno", "1.1 Relazione al Consiglio", "entro il 30/06/2024", "28/06/2024"]], HEADER,
                 extra=YEAR)
    plan = load_plan(book(spec))
    finding = one(plan.findings, "data-come-testo")
    assert finding.severity == AVVISO and finding.location.cell == "D2"
    assert "'28/06/2024'" in finding.message and "28/06/2024" in finding.message
    assert compute(plan).results["1.1"].grado == pytest.approx(100.0)  # read as the date it says


def test_a_data_sheet_without_its_header_row_is_ignored_and_said(book):
    spec = table([["1. Uno", "1.1 Pratiche evase", ">= 5", 6]], HEADER, extra=with_sheet(
        "Dati mensili", {(1, 1): "Misura", (1, 2): "Valore", (2, 1): "pratiche", (2, 2): 5}))
    plan = load_plan(book(spec))
    finding = one(plan.findings, "dati-mensili-senza-intestazione")
    assert finding.severity == AVVISO and (finding.location.sheet, finding.location.cell) == ("Dati mensili", "A1")
    assert "'Codice'" in finding.message and not plan.series


def test_an_excel_error_in_a_cell_is_not_read(book):
    spec = table([["1. Uno", "1.1 Pratiche evase", ">= 5", ("formula", "=1/0", "#DIV/0!")]], HEADER, extra=YEAR)
    plan = load_plan(book(spec))
    finding = one(plan.findings, "errore-excel")
    assert finding.severity == ERRORE and finding.location.cell == "D2" and "#DIV/0!" in finding.message
    assert compute(plan).results["1.1"].grado is None


def test_a_forced_grado_needs_its_note(book):
    spec = table([["1. Uno", "1.1 Pratiche evase", ">= 5", 4, "100%", None],
                  [None, "1.2 Eventi", ">= 5", 4, "100%", "Evento annullato dalla Regione"]],
                 HEADER + ["Grado forzato", "Nota forzatura"], extra=YEAR)
    plan = load_plan(book(spec))
    finding = one(plan.findings, "forzatura-senza-nota")
    assert finding.severity == ERRORE and finding.location.cell == "E2"
    assert "1.1" in finding.message and "'Nota forzatura'" in finding.message


def test_settings_unknown_or_written_twice(book):
    spec = table([["1. Uno", "1.1 Pratiche evase", ">= 5", 6]], HEADER, extra={"Impostazioni": {"cells": {
        (1, 1): "Anno del piano", (1, 2): 2024,
        (2, 1): "Colore delle celle", (2, 2): "blu",
        (3, 1): "Anno del piano", (3, 2): 2025}}})
    exit_code, found = verifica_json(book(spec))
    assert exit_code == 1  # a setting written twice is an error: which one holds cannot be told
    by_code = {a["codice"]: a for a in found}
    unknown, twice = by_code["impostazione-sconosciuta"], by_code["impostazione-duplicata"]
    assert (unknown["gravita"], unknown["foglio"], unknown["cella"]) == ("avviso", "Impostazioni", "A2")
    assert "'Colore delle celle'" in unknown["messaggio"] and "Anno del piano" in unknown["messaggio"]
    assert (twice["gravita"], twice["cella"]) == ("errore", "B3") and "anche in B1" in twice["messaggio"]


def test_months_of_another_year_in_the_data_sheet(book):
    spec = table([["1. Uno", "1.1 Pratiche evase", ">= 5", None]], HEADER, extra=with_sheet("Dati mensili", {
        (1, 1): "Codice", (1, 2): "Serie", (1, 3): "nov 2023", (1, 4): "dic 2023",
        (2, 1): "1.1", (2, 2): "puntuale", (2, 3): 5, (2, 4): 6}))
    path = book(spec)
    plan = load_plan(path)
    months = [f for f in plan.findings if f.code == "mese-fuori-anno"]
    assert [(f.severity, f.location.cell) for f in months] == [(AVVISO, "C1"), (AVVISO, "D1")]
    assert "2023-12" in months[1].message and "(2024)" in months[1].message
    # without --periodo the period is the latest month with data: 2023-12, outside the plan's year
    result = CliRunner().invoke(main, ["calcola", str(path), "--json"])
    data = json.loads(result.stdout)
    [entry] = [a for a in data["anomalie"] if a["codice"] == "periodo-fuori-anno"]
    assert entry["gravita"] == "avviso" and "Il periodo 2023-12" in entry["messaggio"]
    assert "(2024)" in entry["messaggio"] and data["periodo"] == "2023-12"
    assert "come a inizio anno" in entry["messaggio"] and "--periodo" not in entry["messaggio"]


def test_an_invalid_series_kind_is_an_error_and_the_series_is_read_as_puntuale(book):
    spec = table([["1. Uno", "1.1 Pratiche evase", ">= 5", None]], HEADER, extra=with_sheet("Dati mensili", {
        (1, 1): "Codice", (1, 2): "Serie", (1, 3): "gen 2024", (1, 4): "feb 2024",
        (2, 1): "1.1", (2, 2): "mensile", (2, 3): 6, (2, 4): 3}))
    plan = load_plan(book(spec))
    finding = one(plan.findings, "serie-non-valida")
    assert finding.severity == ERRORE and (finding.location.sheet, finding.location.cell) == ("Dati mensili", "B2")
    assert "'mensile'" in finding.message and "'cumulata'" in finding.message
    assert plan.series["1.1"].cumulative is False


def test_a_series_for_a_deadline_is_not_used(book):
    spec = table([["1. Uno", "1.1 Relazione al Consiglio", "entro il 30/06/2024", dt.date(2024, 6, 20)]], HEADER,
                 extra=with_sheet("Dati mensili", {(1, 1): "Codice", (1, 2): "Serie", (1, 3): "gen 2024",
                                                   (2, 1): "1.1", (2, 2): "puntuale", (2, 3): 6}))
    plan = load_plan(book(spec))
    finding = one(plan.findings, "serie-non-usata")
    assert finding.severity == AVVISO and (finding.location.sheet, finding.location.cell) == ("Dati mensili", "A2")
    assert "una scadenza" in finding.message and "la data di conclusione" in finding.message
    # on the date of conclusion, not on the series; when only such series exist their months still
    # say how far the year has gone (here January: the June conclusion is not known yet)
    assert compute(plan, period="2024-12").results["1.1"].grado == pytest.approx(100.0)
    outcome = compute(plan)
    assert outcome.period == "2024-01" and outcome.results["1.1"].status == "in corso"


INDIVIDUAL_HEADER = {(1, 1): "Persona", (1, 2): "Obiettivo individuale", (1, 3): "Obiettivi di ente collegati"}


def test_individual_objectives_without_a_person_or_without_links(book):
    spec = table([["1. Uno", "1.1 Pratiche evase", ">= 5", 6]], HEADER, extra=with_sheet(
        "Obiettivi individuali", {**INDIVIDUAL_HEADER,
                                  (2, 1): "Mario Rossi", (2, 2): "Coordinare l'ufficio",
                                  (3, 2): "Riorganizzare l'archivio", (3, 3): "1"}))
    plan = load_plan(book(spec))
    no_links, no_person = one(plan.findings, "collegamento-mancante"), one(plan.findings, "persona-mancante")
    assert no_links.severity == ERRORE and no_links.location.cell == "C2" and "Mario Rossi" in no_links.message
    assert no_person.severity == ERRORE and no_person.location.cell == "A3" and "'Persona'" in no_person.message
    assert [i.person for i in plan.individuals] == ["Mario Rossi"]


def test_an_individual_objectives_sheet_not_in_the_known_form_is_ignored(book):
    spec = table([["1. Uno", "1.1 Pratiche evase", ">= 5", 6]], HEADER, extra=with_sheet(
        "Obiettivi individuali", {(1, 1): "Nome e cognome", (1, 2): "Descrizione",
                                  (2, 1): "Mario Rossi", (2, 2): "Coordinare l'ufficio"}))
    plan = load_plan(book(spec))
    finding = one(plan.findings, "obiettivi-individuali-senza-intestazione")
    assert finding.severity == AVVISO and (finding.location.sheet, finding.location.cell) == (
        "Obiettivi individuali", "A1")
    assert plan.table.sheet == "Piano" and not plan.individuals


def test_a_fraction_beside_a_percent_target_is_read_as_a_percent(book):
    spec = table([["1. Uno", "1.1 Pratiche evase nei termini", ">= 80%", 0.85]], HEADER, extra=YEAR)
    plan = load_plan(book(spec))
    outcome = compute(plan)
    finding = one(plan.findings + outcome.findings, "percentuale-come-frazione")
    assert finding.severity == AVVISO and finding.location.cell == "D2"
    assert "0,85 è letto come 85%" in finding.message
    assert outcome.results["1.1"].grado == pytest.approx(100.0)


def test_weights_given_for_some_objectives_only(book):
    spec = table([["1. Uno", "1.1 Pratiche evase", ">= 5", 6, 60],
                  ["2. Due", "2.1 Eventi", ">= 5", 6, None],
                  ["3. Tre", "3.1 Corsi", ">= 5", 6, None]], HEADER + ["Peso obiettivo"], extra=YEAR)
    plan = load_plan(book(spec))
    finding = one(plan.findings, "pesi-obiettivi-incompleti")
    assert finding.severity == AVVISO and finding.location.cell == "E2"
    assert "manca per 2, 3" in finding.message and "pesi uguali" in finding.message


def test_a_result_above_every_objective(book):
    spec = table([[None, "1.1 Pratiche evase", ">= 5", 6],
                  ["1. Uno", "1.2 Eventi", ">= 5", 6]], HEADER, extra=YEAR)
    plan = load_plan(book(spec))
    finding = one(plan.findings, "risultato-senza-obiettivo")
    assert finding.severity == ERRORE and finding.location.cell == "B2"
    assert "'1.1 Pratiche evase'" in finding.message and "'Obiettivo'" in finding.message


def test_a_target_in_the_indicators_text_that_cannot_be_read_with_certainty(book):
    # (one share within a time, '90% entro 5 giorni', is read: two of them are not)
    spec = table([["1. Uno", "1.1 Pratiche evase almeno 90% entro 5 giorni e 95% entro 10 giorni", 0.95],
                  [None, "1.2 Esaustività delle schede almeno al 95%", 0.97]],
                 ["Obiettivo", "Indicatore", "Consuntivo"], extra=YEAR)
    plan = load_plan(book(spec))
    finding = one(plan.findings, "target-nel-testo-incerto")
    assert finding.severity == AVVISO and finding.location.cell == "B2" and "1.1" in finding.message
    assert "'90%', '5 giorni'" in finding.message and "colonna 'Target'" in finding.message
    assert one(plan.findings, "target-dal-testo").location.cell == "B3"  # 1.2 reads plainly
    assert compute(plan).results["1.1"].grado is None


OWNERS_HEADER = HEADER + ["Responsabile"]
OWNERS = [["1. Uno", "1.1 Pratiche evase", ">= 5", 6, "Area Anagrafe"],
          [None, "1.2 Eventi", ">= 5", 6, "Area Promozione"]]


def test_the_addresses_sheet_without_its_header_gives_no_address(book):
    spec = table(OWNERS, OWNERS_HEADER, extra=with_sheet(
        "Indirizzi", {(1, 1): "Nome", (1, 2): "Telefono", (2, 1): "Area Anagrafe", (2, 2): "011 123456"}))
    addresses = read_addresses(book(spec))
    finding = one(addresses.findings, "indirizzi-senza-intestazione")
    assert finding.severity == AVVISO and (finding.location.sheet, finding.location.cell) == ("Indirizzi", "A1")
    assert "'Responsabile' e 'E-mail'" in finding.message and not addresses.entries


def test_addresses_that_cannot_be_used(book, tmp_path):
    spec = table(OWNERS, OWNERS_HEADER, extra=with_sheet("Indirizzi", {
        (1, 1): "Responsabile", (1, 2): "E-mail",
        (2, 1): "Area Anagrafe", (2, 2): "anagrafe@ente.example",
        (3, 2): "senza.nome@ente.example",
        (4, 1): "Area Soppressa", (4, 2): "soppressa@ente.example",
        (5, 1): "Area Promozione", (5, 2): "promozione(at)ente.example"}))
    path = book(spec)
    addresses = read_addresses(path)
    nameless, invalid = one(addresses.findings, "indirizzo-senza-nome"), one(addresses.findings,
                                                                            "indirizzo-non-valido")
    assert nameless.severity == AVVISO and nameless.location.cell == "A3"
    assert "'senza.nome@ente.example'" in nameless.message
    assert invalid.severity == AVVISO and invalid.location.cell == "B5"
    assert "'promozione(at)ente.example' di Area Promozione" in invalid.message
    plan = load_plan(path)
    outcome = compute(plan)
    written = write_owner_workbooks(plan, outcome, tmp_path / "cartelle", eml=True)
    prepared, findings = prepare_messages(plan, outcome, written, addresses, "piano@ente.example")
    assert [p.owner.name for p in prepared] == ["Area Anagrafe"]
    missing, stranger = one(findings, "indirizzo-mancante"), one(findings, "indirizzo-senza-responsabile")
    assert missing.severity == AVVISO and "'Area Promozione'" in missing.message
    assert "Area-Promozione.xlsx non viene preparato" in missing.message
    assert stranger.severity == AVVISO and stranger.location.cell == "B4"
    assert "'Area Soppressa'" in stranger.message
