"""Found by a trial of dividi and confronta on plans as offices change them during the year: a
result of two owners in neither's file, a person's change unseen because the name was retyped, a
renumbered indicator read as improved, noise from weights retyped as fractions."""

from __future__ import annotations

import json

from click.testing import CliRunner

from piano_xlsx.cli.main import main
from piano_xlsx.core.compute import compute
from piano_xlsx.read.load import verify
from piano_xlsx.write.split import owners

from .conftest import table
from .planbuilder import make_plan

YEAR = {"Impostazioni": {"cells": {(1, 1): "Anno del piano", (1, 2): 2024}}}
HEADER = ["Obiettivo", "Indicatore", "Target", "Consuntivo", "Peso", "Responsabile"]


def test_a_result_of_two_owners_is_in_both_files():
    # 'Ufficio A; Ufficio B' was a third owner: the shared 1.3 (non raggiunto) reached neither, and both
    # managers were told '1 raggiunto su 1'
    plan = make_plan({"1": [("1.1", ">= 10", 10, None, {"owner": "Ufficio A"}),
                            ("1.2", ">= 10", 10, None, {"owner": "Ufficio B"}),
                            ("1.3", ">= 10", 4, None, {"owner": "Ufficio A; Ufficio B"}),
                            ("1.4", ">= 10", 4, None, {"owner": "Ufficio A\nUfficio B"}),
                            ("1.5", ">= 10", 4, None, {"owner": "Area Servizi, Sviluppo e Promozione"}),
                            # a long name wrapped on two lines is one owner (found in review: two, 'e Istituzionali')
                            ("1.6", ">= 10", 4, None, {"owner": "Settore Affari Generali\ne Istituzionali"})]})
    found = {o.name: o.results for o in owners(plan)}
    assert found == {"Ufficio A": ("1.1", "1.3", "1.4"), "Ufficio B": ("1.2", "1.3", "1.4"),
                     "Area Servizi, Sviluppo e Promozione": ("1.5",),
                     "Settore Affari Generali e Istituzionali": ("1.6",)}


def _confronta(old, new):
    result = CliRunner().invoke(main, ["confronta", str(old), str(new), "--json"])
    return result.exit_code, json.loads(result.stdout)


def _with_person(book, name, actual, name_file):
    people = {(1, 1): "Persona", (1, 2): "Ruolo", (1, 3): "Codice", (1, 4): "Obiettivo individuale",
              (1, 5): "Obiettivi di ente collegati", (1, 6): "Peso %",
              (2, 1): name, (2, 2): "Segretario Generale", (2, 3): "1", (2, 4): "Efficienza", (2, 5): "1", (2, 6): 100}
    rows = [["1. Efficienza", "1.1 Pratiche evase", ">= 10", 10, None, "Ufficio A"],
            ["1. Efficienza", "1.2 Tempi medi", ">= 10", actual, None, "Ufficio A"]]
    return book(table(rows, HEADER, extra={**YEAR, "Obiettivi individuali": {"cells": people}}), name_file)


def test_a_person_retyped_with_other_capitals_keeps_their_changes(book):
    # 'Segretario Generale' -> 'segretario generale': 'aggiunto' and 'rimosso', no grado or factor change
    old = _with_person(book, "Segretario Generale", 10, "v1.xlsx")
    new = _with_person(book, "segretario  generale", 4, "v2.xlsx")
    code, out = _confronta(old, new)
    assert code == 1
    kinds = {(c["livello"], c["campo"]) for c in out["modifiche_risultati"]}
    assert ("persona", "fattore") in kinds and ("persona", "grado") in kinds
    assert not [c for c in out["modifiche_piano"] if c["livello"] == "individuale"]


def test_weights_retyped_as_fractions_and_an_owner_in_capitals_are_no_change(book):
    rows = [["1. Efficienza", "1.1 Pratiche evase", ">= 10", 10, 40, "Ufficio A"],
            ["1. Efficienza", "1.2 Tempi medi", ">= 10", 8, 60, "Ufficio A"]]
    old = book(table(rows, HEADER, extra=YEAR), "v1.xlsx")
    rows = [["1. Efficienza", "1.1 Pratiche evase", ">= 10", 10, 0.4, "  UFFICIO A "],
            ["1. Efficienza", "1.2 Tempi medi", ">= 10", 8, 0.6, "Ufficio A"]]
    new = book(table(rows, HEADER, extra=YEAR), "v2.xlsx")
    code, out = _confronta(old, new)
    assert code == 0, out
    rows[0][4], rows[1][4] = 0.5, 0.5  # a real change of weight is still said
    changed = book(table(rows, HEADER, extra=YEAR), "v3.xlsx")
    code, out = _confronta(old, changed)
    assert code == 1 and "peso" in json.dumps(out, ensure_ascii=False)


def test_a_renumbered_indicator_is_not_read_as_improved_without_a_word(book):
    rows = [["1. Efficienza", "1.1 Pratiche evase", ">= 10", 8, None, "Ufficio A"],
            ["1. Efficienza", "1.2 Tempi medi", ">= 10", 10, None, "Ufficio A"]]
    old = book(table(rows, HEADER, extra=YEAR), "v1.xlsx")
    rows = [["1. Efficienza", "1.1 Reclami gestiti", ">= 10", 10, None, "Ufficio A"],
            ["1. Efficienza", "1.2 Pratiche evase", ">= 10", 8, None, "Ufficio A"],
            ["1. Efficienza", "1.3 Tempi medi", ">= 10", 10, None, "Ufficio A"]]
    new = book(table(rows, HEADER, extra=YEAR), "v2.xlsx")
    code, out = _confronta(old, new)
    text = json.dumps(out, ensure_ascii=False)
    assert code == 1 and "può essere un altro indicatore con lo stesso codice" in text


def test_an_asked_percentage_keeps_its_sign(book):
    # dividi's files showed '95' beside '= 90%' for a result asked (the note and the cell said 95%)
    rows = [["1. Efficienza", "1.1 Pratiche evase nei termini", "= 90%", "95%", None, "Ufficio A"]]
    plan, _ = verify(book(table(rows, HEADER, extra=YEAR)))
    node = compute(plan).results["1.1"]
    assert node.status == "da verificare" and node.percent


def test_a_persons_message_and_an_owners_of_the_same_name_have_different_subjects():
    from piano_xlsx.write.mail import subject
    from piano_xlsx.write.split import PERSONA, RESPONSABILE, Owner

    plan = make_plan({"1": [("1.1", ">= 10", 10, None, {"owner": "Dirigente Area Servizi"})]})
    outcome = compute(plan)
    as_owner = subject(plan, outcome, Owner(name="Dirigente Area Servizi", kind=RESPONSABILE, results=("1.1",),
                                            objectives=("1",), own=frozenset({"1.1"})))
    as_person = subject(plan, outcome, Owner(name="Dirigente Area Servizi", kind=PERSONA, results=("1.1",),
                                             objectives=("1",), own=frozenset({"1.1"})))
    assert as_owner != as_person and "valutazione individuale" in as_person


def test_two_owners_written_in_another_order_are_no_change(book):
    # 'Ufficio A; Ufficio B' -> 'Ufficio B' and 'Ufficio A' on two lines: the same two owners for dividi,
    # a 'responsabile-modificato' for confronta (found in review)
    rows = [["1. Efficienza", "1.1 Pratiche evase", ">= 10", 10, None, "Ufficio A; Ufficio B"],
            ["1. Efficienza", "1.2 Tempi medi", ">= 10", 8, None, "Ufficio A"],
            ["1. Efficienza", "1.3 Reclami", ">= 10", 8, None, "Ufficio B"]]
    old = book(table(rows, HEADER, extra=YEAR), "v1.xlsx")
    rows[0][5] = "Ufficio B\nUfficio A"
    new = book(table(rows, HEADER, extra=YEAR), "v2.xlsx")
    code, out = _confronta(old, new)
    assert code == 0, out


def test_owners_on_lines_named_elsewhere_beside_another_are_split():
    # 'Settore Finanze' over 'Settore Tributi' in one cell, each named elsewhere only beside the other
    # ('Settore Tributi; Settore Finanze'): a third owner, 'Settore Finanze Settore Tributi' (found in review)
    plan = make_plan({"1": [("1.1", ">= 10", 10, None, {"owner": "Settore Tributi; Settore Finanze"}),
                            ("1.2", ">= 10", 10, None, {"owner": "Settore Finanze\nSettore Tributi"})]})
    found = {o.name: o.results for o in owners(plan)}
    assert found == {"Settore Tributi": ("1.1", "1.2"), "Settore Finanze": ("1.1", "1.2")}
