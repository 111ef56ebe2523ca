"""Found by trying the tool on plans shaped as Regioni, Città metropolitane, ARPA, Aziende
ospedaliere, ordini professionali and national agencies publish them: each a wrong number printed
with exit code 0, a refusal, or a plan change left unsaid."""

from __future__ import annotations

import pytest

from piano_xlsx.core.compute import compute
from piano_xlsx.read.load import verify

from .conftest import table
from .test_misreadings import YEAR, recalculates

H = ["Obiettivo operativo", "Indicatore", "Baseline 2023", "Target 2024", "Valore consuntivo 2024"]


def _run(path, period=None):
    plan, report = verify(path)
    return plan, report, compute(plan, period=period)


def test_a_signed_percentage_against_a_change_over_a_count_is_the_change(book, tmp_path):
    """'+5%' as the actual of 'riduzione del 10% rispetto al 2023' over 40 appeals was read as 5%
    against a target of 36 (taken as 36%): 100%, exit 0; the appeals went up to 42."""
    spec = table([["1. Contenzioso", "1.1 Numero di ricorsi al TAR notificati", 40,
                   "riduzione del 10% rispetto al 2023", "+5%"],
                  ["2. Carta", "2.1 Risme di carta acquistate", 150, "-20% rispetto al 2023", "-8%"],
                  ["3. Sinistri", "3.1 Sinistri denunciati", 50, "riduzione del 10% rispetto al 2023", -0.12]],
                 H, extra=YEAR)
    spec["Piano"]["formats"] = {(4, 5): {"num_format": "0%"}}
    path = book(spec)
    plan, report, outcome = _run(path)
    assert outcome.results["1.1"].grado == pytest.approx(36 / 42 * 100)
    assert outcome.results["2.1"].grado == pytest.approx(120 / 138 * 100)
    assert outcome.results["3.1"].grado == pytest.approx(100.0)  # 44 <= 45
    assert "letto come variazione sul valore del 2023 (40): 42" in outcome.results["1.1"].explanation
    said = [f for f in outcome.findings if f.code == "consuntivo-come-variazione"]
    assert sorted(f.location.cell for f in said) == ["E2", "E3", "E4"]
    assert outcome.body.achieved == 1
    recalculates(plan, report, outcome, path, tmp_path)


@pytest.mark.parametrize("baseline, target, actual, fmt", [
    (40, "riduzione del 10% rispetto al 2023", "5%", None),
    (40, "riduzione del 10% rispetto al 2023", 0.05, "0%"),
    ("80%", "almeno pari al 2023", "+5%", None)])
def test_a_percentage_that_may_be_a_change_or_the_value_is_asked(book, baseline, target, actual, fmt):
    """Unsigned beside a count (the change without its sign, or a share?), or signed beside a
    percentage (a change of the value, or points?): asked at the actual's cell, not scored."""
    spec = table([["1. Contenzioso", "1.1 Ricorsi notificati", baseline, target, actual]],
                 H, extra=YEAR)
    if fmt:
        spec["Piano"]["formats"] = {(2, 5): {"num_format": fmt}}
    plan, report, outcome = _run(book(spec))
    node = outcome.results["1.1"]
    assert node.status == "da verificare" and node.grado is None
    (asked,) = [f for f in outcome.findings if f.code == "unita-da-verificare"]
    assert asked.location.cell == "E2"


def test_a_percentage_beside_a_percentage_is_the_value_reached(book):
    spec = table([["1. Qualità", "1.1 Pratiche evase nei termini", "80%", "+5% rispetto al 2023", "90%"]],
                 H, extra=YEAR)
    plan, report, outcome = _run(book(spec))
    node = outcome.results["1.1"]
    # '+5%' of 80% is 84% or 85%: the target itself is asked (resolve._with_baseline_unit), not the actual
    assert node.status == "da verificare"
    assert not [f for f in outcome.findings if f.code == "consuntivo-come-variazione"]


def _polarity_book(book, polarity: list, name: str = "piano.xlsx"):
    rows = [["OS.1 Tempestività", "OS.1.1 Percentuale di domande giacenti oltre 30 giorni", polarity[0], 0.08, 0.06],
            ["OS.2 Efficienza", "OS.2.1 Incidenza dei costi di funzionamento sulle entrate", polarity[1], "1,2%", "1,1%"],
            [None, "OS.2.2 Debiti commerciali scaduti a fine anno", polarity[2], 500000, 420000],
            [None, "OS.2.3 Pratiche istruite", polarity[3], 1000, 900]]
    spec = table(rows, ["Obiettivo strategico", "Indicatore", "Polarità", "Target 2024", "Consuntivo 2024"], extra=YEAR)
    spec["Piano"]["formats"] = {(2, 4): {"num_format": "0%"}, (2, 5): {"num_format": "0%"}}
    return book(spec, name)


def test_the_offices_polarity_gives_a_bare_targets_comparator(book, tmp_path):
    """A national agency writes bare targets and the direction in a 'Polarità' column: the column
    was ignored and 'Debiti scaduti' 420.000 against 500.000 was a minimum, 84%, exit 0."""
    path = _polarity_book(book, ["-", "negativa", "↓", "+"])
    plan, report, outcome = _run(path)
    assert [plan.results[c].target.comparator for c in ("OS.1.1", "OS.2.1", "OS.2.2", "OS.2.3")] == \
        ["<=", "<=", "<=", ">="]
    assert outcome.results["OS.1.1"].grado == pytest.approx(100.0)
    assert outcome.results["OS.2.2"].grado == pytest.approx(100.0)
    assert outcome.results["OS.2.3"].grado == pytest.approx(90.0)
    assert "polarità" in outcome.results["OS.2.2"].explanation
    assert not [f for f in report.findings if f.code == "colonna-ignorata"]
    recalculates(plan, report, outcome, path, tmp_path)


def test_a_change_against_the_offices_polarity_is_asked(book):
    """'-10% rispetto al 2023' on an indicator whose polarity says more is better was read as a
    reduction asked (<= 90% of 2023): 950 visits against 1.000 scored 100%, exit 0; it may as
    well be a fall allowed. The same words with the polarity that agrees are read."""
    rows = [["OS.1 Servizi", "OS.1.1 Visite ispettive effettuate", "+", 1000, "-10% rispetto al 2023", 950],
            [None, "OS.1.2 Tempo medio di rilascio (giorni)", "-", 30, "+10% rispetto al 2023", 31],
            [None, "OS.1.3 Risme di carta acquistate", "-", 150, "riduzione del 10% rispetto al 2023", 130],
            [None, "OS.1.4 Pratiche istruite", "+", 200, "+5% rispetto al 2023", 220]]
    spec = table(rows, ["Obiettivo strategico", "Indicatore", "Polarità", "Baseline 2023", "Target 2024",
                        "Consuntivo 2024"], extra=YEAR)
    plan, report, outcome = _run(book(spec))
    for code, change, better in (("OS.1.1", "una riduzione", "di più"), ("OS.1.2", "un aumento", "di meno")):
        node = outcome.results[code]
        assert node.status == "da verificare" and node.grado is None
        assert f"chiede {change}, ma la polarità dell'indicatore dice che è meglio {better}" in node.explanation
    assert outcome.results["OS.1.3"].grado == pytest.approx(100.0)  # 130 <= 135
    assert outcome.results["OS.1.4"].grado == pytest.approx(100.0)  # 220 >= 210


def test_without_a_polarity_what_is_usually_kept_low_is_asked_not_a_minimum(book):
    """The same plan with the column empty: shares of backlog and of costs, overdue debts are
    asked; a count of files handled stays a minimum."""
    plan, report, outcome = _run(_polarity_book(book, [None, None, None, None]))
    assert [outcome.results[c].status for c in ("OS.1.1", "OS.2.1", "OS.2.2")] == ["da verificare"] * 3
    assert "'8%' è scritto senza confronto" in outcome.results["OS.1.1"].explanation
    assert outcome.results["OS.2.3"].grado == pytest.approx(90.0)


def test_a_polarity_change_is_a_plan_change_in_confronta(book):
    from piano_xlsx.pipeline import compare_files

    old = _polarity_book(book, ["-", "-", "-", "+"], "vecchio.xlsx")
    new = _polarity_book(book, ["-", "-", "+", "+"], "nuovo.xlsx")
    comparison = compare_files(old, new)
    assert [(c.code, c.message) for c in comparison.plan_changes] == [("OS.2.2", "Risultato OS.2.2: polarità '-' -> '+'")]


def test_an_objectives_weight_change_is_a_plan_change_in_confronta(book):
    """'Peso obiettivo' 50/50 -> 20/80: confronta said '0 modifiche al piano' while the mean changed."""
    from piano_xlsx.pipeline import compare_files

    def plan(weights, name):
        return book(table([["OB1 Tempi", weights[0], "1.1 Pratiche evase", ">= 100", 100],
                           ["OB2 Qualità", weights[1], "2.1 Controlli", ">= 100", 90]],
                          ["Obiettivo", "Peso obiettivo", "Indicatore", "Target", "Consuntivo"], extra=YEAR), name)

    comparison = compare_files(plan([50, 50], "v1.xlsx"), plan([20, 80], "v2.xlsx"))
    assert [(c.level, c.code, c.old, c.new) for c in comparison.plan_changes] == \
        [("obiettivo", "OB1", 50, 20), ("obiettivo", "OB2", 50, 80)]


def test_an_answer_or_a_value_followed_by_its_remark_is_read(book, tmp_path):
    """'SI, con DGR n. 1234 del 12/12/2024', '3 (report del 31/03, 30/06, 30/09)' were errors that
    stopped the run; a remark that takes the answer back, or '(su 15)', stays unread."""
    spec = table([["1. Atti", "1.1 Piano adottato", "SI", "SI, con DGR n. 1234 del 12/12/2024"],
                  [None, "1.2 Regolamento", "SI", "Sì (DGR 12/2024)"],
                  [None, "1.3 Report di monitoraggio", ">= 3", "3 (report del 31/03, 30/06, 30/09)"],
                  [None, "1.4 Pratiche evase", ">= 1.000", "1.050 (+5%)"],
                  ["2. Altro", "2.1 Sito aggiornato", "SI", "SI, parzialmente"],
                  [None, "2.2 Pratiche nei termini", ">= 80%", "12 (su 15)"],
                  # found in review: a remark that takes the answer back, or part of the value
                  [None, "2.3 Regolamento", "SI", "SI (in attesa di approvazione della Giunta)"],
                  [None, "2.4 Piano", "SI", "Sì - bozza trasmessa alla Giunta"],
                  [None, "2.5 Carta dei servizi", "SI", "SI (realizzato al 50%)"],
                  [None, "2.6 Pratiche evase", ">= 50", "45 (pratiche evase su 50)"],
                  [None, "2.7 Entrate", ">= 8", "8,5 (mln €)"]],
                 ["Obiettivo", "Indicatore", "Target", "Consuntivo"], extra=YEAR)
    path = book(spec)
    plan, report, outcome = _run(path)
    assert [outcome.results[c].grado for c in ("1.1", "1.2", "1.3", "1.4")] == [100.0] * 4
    said = sorted(f.location.cell for f in report.findings if f.code == "consuntivo-con-nota")
    assert said == ["D2", "D3", "D4", "D5"]
    invalid = sorted(f.location.cell for f in report.errors if f.code == "consuntivo-non-valido")
    assert invalid == sorted(f"D{r}" for r in (6, 8, 9, 10, 11, 12))
    # words in brackets that are part of the value are read with it: '12 (su 15)' as '12 su 15', 80%
    assert outcome.results["2.2"].grado == pytest.approx(100.0)
    recalculates(plan, report, outcome, path, tmp_path)


@pytest.mark.parametrize("headers, owner", [
    (["Obiettivo", "Indicatore", "Direzione responsabile", "Target", "Consuntivo"], "Direzione Sanità"),
    (["Obiettivo", "Settore", "Indicatore", "Target", "Consuntivo", "Responsabile"], "Mario Rossi"),
    # a bare 'Direzione' beside the 'Settore' is the coarser unit: the Settore answers (found in review)
    (["Direzione", "Obiettivo", "Settore", "Indicatore", "Target", "Consuntivo"], "Settore Servizi")])
def test_who_answers_for_a_result_as_regioni_and_unioni_write_it(book, headers, owner):
    """'Direzione responsabile' was ignored (dividi had no one to split by); beside 'Settore', the
    column 'Responsabile' was dropped as a second owner."""
    values = {"Obiettivo": "1. Servizi", "Indicatore": "1.1 Pratiche evase", "Target": ">= 10", "Consuntivo": 12,
              "Direzione responsabile": "Direzione Sanità", "Settore": "Settore Servizi", "Responsabile": "Mario Rossi",
              "Direzione": "Direzione Sanità"}
    plan, report, _ = _run(book(table([[values[h] for h in headers]], headers, extra=YEAR)))
    assert plan.results["1.1"].value("owner") == owner


def test_monitoring_by_quarter_is_read_at_each_quarters_last_month(book):
    """'I trimestre 2024 ... IV trimestre 2024' headers: the whole 'Dati mensili' sheet was dropped and
    every result with a series was 'non valutabile' (an Unione di comuni monitoring by quarter)."""
    data = {"cells": {(1, 1): "Codice", (1, 2): "Descrizione", (1, 3): "Serie", (1, 4): "Anno precedente",
                      (1, 5): "I trimestre 2024", (1, 6): "II trimestre 2024", (1, 7): "III trimestre 2024",
                      (1, 8): "IV trimestre 2024",
                      (2, 1): "1.1", (2, 2): "Pratiche SUAP evase", (2, 3): "cumulata", (2, 4): 380,
                      (2, 5): 90, (2, 6): 200, (2, 7): 310, (2, 8): 420}}
    spec = table([["1. Sportello unico", "1.1 Pratiche SUAP evase", ">= 400", None]],
                 ["Obiettivo", "Indicatore", "Target", "Consuntivo"], extra=dict(YEAR, **{"Dati mensili": data}))
    plan, report, outcome = _run(book(spec))
    assert not report.errors, [f.message for f in report.errors]
    assert plan.series["1.1"].months == {"2024-03": 90, "2024-06": 200, "2024-09": 310, "2024-12": 420}
    assert outcome.results["1.1"].grado == pytest.approx(100.0)
    june = compute(plan, period="2024-06")
    assert june.results["1.1"].actual == 200


def test_objectives_numbered_again_per_direzione_are_an_error_and_not_merged(book):
    """Each Direzione numbers its objectives 1, 2...: the second 'objective 1' took the first one's
    place and its results were scored in it (the Trasporti results in a Sanità objective)."""
    spec = table([["Direzione Sanità", "1. Ridurre le liste d'attesa", "Prestazioni entro i tempi", ">= 90%", "92%"],
                  ["Direzione Sanità", "2. Potenziare la telemedicina", "Televisite erogate", ">= 5000", 4000],
                  ["Direzione Trasporti", "1. Rinnovo del parco autobus", "Autobus consegnati", ">= 50", 50],
                  ["Direzione Trasporti", "2. Bigliettazione elettronica", "Attivazione sistema", "SI", "SI"]],
                 ["Direzione", "Obiettivo operativo", "Indicatore", "Target 2024", "Valore consuntivo 2024"], extra=YEAR)
    plan, report, outcome = _run(book(spec))
    assert sorted(f.location.cell for f in report.errors if f.code == "codice-duplicato") == ["B4", "B5"]
    assert "ogni direzione o settore" in report.errors[0].message
    assert list(plan.objectives) == ["1", "2", "1 (B4)", "2 (B5)"]
    assert [plan.results[c].text for c in plan.objectives["1"].results] == ["Prestazioni entro i tempi"]
    assert (outcome.body.achieved, len(outcome.objectives)) == (3, 4)


def test_a_budget_sheet_giving_the_same_objectives_to_each_unit_gives_each_its_own(book):
    """'UOC Cardiologia' and then 'UOC Chirurgia generale', each with '1. Contenimento della degenza
    media' and '2. ...': one objective held both units' results ('0 su 2' for '1 su 4', exit 0)."""
    rows = [["UOC Cardiologia", "1. Contenimento della degenza media", "Degenza media (gg)", "≤ 6,5", 50, 6.9],
            ["UOC Cardiologia", "2. Rispetto dei tempi di attesa", "Prime visite classe B entro 10 gg", "≥ 90%", 50, "93%"],
            ["UOC Chirurgia generale", "1. Contenimento della degenza media", "Degenza media (gg)", "≤ 5", 50, 5.5],
            ["UOC Chirurgia generale", "2. Rispetto dei tempi di attesa", "Interventi classe A entro 30 gg", "≥ 90%", 50,
             "80%"]]
    spec = table(rows, ["UOC", "Obiettivo", "Indicatore", "Valore atteso", "Peso obiettivo", "Valore raggiunto"],
                 extra=YEAR)
    plan, report, outcome = _run(book(spec))
    assert list(plan.objectives) == ["UOC Cardiologia 1", "UOC Cardiologia 2", "UOC Chirurgia generale 1",
                                     "UOC Chirurgia generale 2"]
    assert [len(o.results) for o in plan.objectives.values()] == [1, 1, 1, 1]
    assert (outcome.body.achieved, len(outcome.objectives)) == (1, 4)
    assert [f.location.cell for f in report.findings if f.code == "obiettivi-per-responsabile"] == ["A1"]


def test_one_objective_with_results_from_several_offices_stays_one(book):
    """Torino's shape: an objective's rows side by side, each result with its own office."""
    rows = [["1. Servizi digitali", "1.1 Pratiche on-line", ">= 90%", "95%", "Ufficio A"],
            [None, "1.2 Sportelli", ">= 3", 3, "Ufficio B"],
            ["2. Trasparenza", "2.1 Sezioni aggiornate", ">= 100%", "100%", "Ufficio A"]]
    plan, report, outcome = _run(book(table(rows, ["Obiettivo", "Indicatore", "Target", "Consuntivo", "Responsabile"],
                                            extra=YEAR)))
    assert list(plan.objectives) == ["1", "2"]
    assert not [f for f in report.findings if f.code == "obiettivi-per-responsabile"]


def test_a_weight_merged_over_an_objectives_rows_is_the_objectives(book, tmp_path):
    """'Peso' merged over the two rows of each objective (70 and 30): read as each result's weight,
    'pesi-somma 140', exit 1."""
    spec = table([[None, None, "1.1 Pratiche on-line", ">= 90%", "90%"],
                  [None, None, "1.2 Tempo medio di rilascio", "<= 30 gg", 30],
                  [None, None, "2.1 Sezioni aggiornate", ">= 100%", "50%"],
                  [None, None, "2.2 Report", ">= 4", 2]],
                 ["Obiettivo operativo", "Peso", "Indicatore", "Target", "Consuntivo"],
                 merges=[(2, 1, 3, 1, "1. Digitalizzazione"), (2, 2, 3, 2, 70),
                         (4, 1, 5, 1, "2. Trasparenza"), (4, 2, 5, 2, 30)], extra=YEAR)
    path = book(spec)
    plan, report, outcome = _run(path)
    assert not report.errors, [f.message for f in report.errors]
    assert [o.weight for o in plan.objectives.values()] == [70, 30]
    assert all("weight" not in r.values for r in plan.results.values())
    assert outcome.body.mean_grado == pytest.approx(85.0)
    recalculates(plan, report, outcome, path, tmp_path)


def test_a_weight_merged_over_part_of_an_objectives_rows_stays_the_results(book):
    spec = table([[None, "1.1 Pratiche on-line", None, ">= 90%", "90%"],
                  [None, "1.2 Tempo medio di rilascio", None, "<= 30 gg", 30],
                  [None, "1.3 Report", 40, ">= 4", 4]],
                 ["Obiettivo operativo", "Indicatore", "Peso", "Target", "Consuntivo"],
                 merges=[(2, 1, 4, 1, "1. Digitalizzazione"), (2, 3, 3, 3, 30)], extra=YEAR)
    plan, report, _ = _run(book(spec))
    assert [plan.results[c].value("weight") for c in ("1.1", "1.2", "1.3")] == [30, 30, 40]


def test_schede_with_short_objective_titles_are_read(book):
    """One block per objective under 'Obiettivo n. 1', 'Obiettivo n. 2': read when the titles were
    long, refused ('manca la colonna Obiettivo di ente') when they were short."""
    cells = {}
    row = 1
    blocks = [("Manutenzione scuole", [("Interventi conclusi", ">= 25", 25)]),
              ("Riduzione dei tempi di rilascio", [("Tempo medio di rilascio (gg)", "<= 10 gg", 12),
                                                   ("Autorizzazioni on-line", ">= 80%", "85%")])]
    merges = []
    for n, (title, indicators) in enumerate(blocks, 1):
        cells.update({(row, 1): f"Obiettivo n. {n}", (row, 2): "Indicatore", (row, 3): "Target 2024",
                      (row, 4): "Valore raggiunto"})
        first = row + 1
        for k, (text, target, actual) in enumerate(indicators):
            row += 1
            cells.update({(row, 2): text, (row, 3): target, (row, 4): actual})
        if len(indicators) > 1:
            merges.append((first, 1, row, 1, title))
        else:
            cells[(first, 1)] = title
        row += 1
    spec = {"Schede": {"cells": cells, "merges": merges}}
    spec.update(YEAR)
    plan, report, outcome = _run(book(spec))
    assert not report.errors, [f.message for f in report.errors]
    assert [o.title for o in plan.objectives.values()] == ["Manutenzione scuole", "Riduzione dei tempi di rilascio"]
    assert outcome.objectives["2"].grado == pytest.approx((10 / 12 * 100 + 100) / 2)


def test_a_budget_sheet_without_numbers_gives_each_unit_each_objective_once(book):
    """The same sheet without objective numbers: each row was an objective of its own (found in review)."""
    rows = [["UOC Cardiologia", "Contenimento della degenza media", "Degenza media (gg)", "≤ 6,5", 6.9],
            ["UOC Cardiologia", "Contenimento della degenza media", "Ricoveri ripetuti", "≤ 5%", "4%"],
            ["UOC Cardiologia", "Rispetto dei tempi di attesa", "Visite entro 10 gg", "≥ 90%", "93%"],
            ["UOC Chirurgia", "Contenimento della degenza media", "Degenza media (gg)", "≤ 5", 5.5],
            ["UOC Chirurgia", "Contenimento della degenza media", "Ricoveri ripetuti", "≤ 5%", "6%"],
            ["UOC Chirurgia", "Rispetto dei tempi di attesa", "Interventi entro 30 gg", "≥ 90%", "80%"]]
    plan, report, outcome = _run(book(table(rows, ["UOC", "Obiettivo", "Indicatore", "Valore atteso",
                                                   "Valore raggiunto"], extra=YEAR)))
    assert {c: len(o.results) for c, o in plan.objectives.items()} == {
        "UOC Cardiologia 1": 2, "UOC Cardiologia 2": 1, "UOC Chirurgia 1": 2, "UOC Chirurgia 2": 1}
    assert (outcome.body.achieved, len(outcome.objectives)) == (1, 4)


def test_an_objective_shared_by_the_sections_of_a_plan_numbered_once_stays_one(book):
    """A Comune's plan numbered 1-5 once, sorted by Settore, '5. Prevenzione della corruzione' under
    each Settore: every objective was renamed per Settore and the fifth split (found in review)."""
    rows = [["Settore Ragioneria", "1. Tempestività dei pagamenti", "1.1 Fatture pagate nei termini", ">= 95%", "97%"],
            ["Settore Ragioneria", "2. Recupero dell'evasione", "2.1 Accertamenti IMU emessi", ">= 500", 520],
            ["Settore Ragioneria", "5. Prevenzione della corruzione", "5.1 Misure attuate (Ragioneria)", ">= 100%", "100%"],
            ["Settore Tecnico", "3. Manutenzione del patrimonio", "3.1 Interventi eseguiti", ">= 40", 30],
            ["Settore Tecnico", "4. Opere PNRR", "4.1 Cantieri avviati", ">= 3", 3],
            ["Settore Tecnico", "5. Prevenzione della corruzione", "5.2 Misure attuate (Tecnico)", ">= 100%", "80%"]]
    plan, report, outcome = _run(book(table(rows, ["Settore", "Obiettivo", "Indicatore", "Target 2024",
                                                   "Consuntivo 2024"], extra=YEAR)))
    assert list(plan.objectives) == ["1", "2", "5", "3", "4"]
    assert plan.objectives["5"].results == ["5.1", "5.2"]
    assert not [f for f in report.findings if f.code == "obiettivi-per-responsabile"]


def test_a_taken_objective_code_repeated_on_each_row_is_one_objective(book):
    """'1' in its own column on every row of the second Direzione's objective: one objective per row
    ('1 (C4)', '1 (C5)', ...), one error each (found in review)."""
    rows = [["Direzione Sanità", "1", "Ridurre le liste d'attesa", "1.1 Prestazioni entro i tempi", ">= 90%", "92%"],
            ["Direzione Sanità", "1", "Ridurre le liste d'attesa", "1.2 Prenotazioni on line", ">= 50%", "60%"],
            ["Direzione Trasporti", "1", "Rinnovo del parco autobus", "1.3 Autobus consegnati", ">= 50", 10],
            ["Direzione Trasporti", "1", "Rinnovo del parco autobus", "1.4 Gare aggiudicate", ">= 2", 0]]
    plan, report, outcome = _run(book(table(rows, ["Direzione", "Codice obiettivo", "Obiettivo operativo",
                                                   "Indicatore", "Target 2024", "Valore consuntivo 2024"], extra=YEAR)))
    assert {c: o.results for c, o in plan.objectives.items()} == {"1": ["1.1", "1.2"], "1 (C4)": ["1.3", "1.4"]}
    assert [f.location.cell for f in report.findings if f.code == "codice-duplicato"] == ["C4"]


def test_polarities_as_offices_word_them_and_one_not_read_is_said(book):
    """'in riduzione', 'Decrescente (↓)', 'Negativa (-)' were dropped without a word and the bare
    targets read as minima: '0 su 3' where all three were reached (found in review)."""
    plan, report, outcome = _run(_polarity_book(book, ["in riduzione", "Decrescente (↓)", "Negativa (-)", "neutra"]))
    assert [plan.results[c].target.comparator for c in ("OS.1.1", "OS.2.1", "OS.2.2")] == ["<="] * 3
    assert [f.location.cell for f in report.findings if f.code == "polarita-non-letta"] == ["C5"]


@pytest.mark.parametrize("indicator", ["Percentuale di debiti commerciali pagati entro 30 giorni",
                                       "Percentuale di crediti scaduti riscossi", "Grado di copertura dei costi",
                                       "Numero di pratiche giacenti definite", "Crediti scaduti recuperati"])
def test_what_is_done_to_what_is_kept_low_is_a_share_to_reach(indicator):
    """'debiti pagati', 'crediti scaduti riscossi': read right as minima before the words 'debiti',
    'scaduti', 'giacenti', 'costi' made bare targets asked (found in review)."""
    from piano_xlsx.core.targets import may_be_kept_low, parse_target, speaks_of_time

    target = parse_target("95%", year=2024, time_context=speaks_of_time(indicator), kept_low=may_be_kept_low(indicator))
    assert (target.comparator, target.uncertain) == (">=", False)


@pytest.mark.parametrize("indicator", ["Tempo medio di smaltimento delle pratiche", "Tempo medio di riscossione"])
def test_a_time_named_by_what_is_done_stays_a_time(indicator):
    from piano_xlsx.core.targets import may_be_kept_low, parse_target, speaks_of_time

    target = parse_target("30 gg", year=2024, time_context=speaks_of_time(indicator), kept_low=may_be_kept_low(indicator))
    assert (target.comparator, target.uncertain) == ("<=", False)


def test_months_with_their_quarters_subtotals_are_read_by_month(book):
    """'gen 2024 | feb 2024 | mar 2024 | I trimestre 2024 | ...': each quarter's end was a month met twice
    ('mese-ripetuto' errors, found in review); a sheet by quarter in words ('Primo trimestre 2024') is read."""
    import datetime as dt

    cells = {(1, 1): "Codice", (1, 2): "Descrizione", (1, 3): "Serie"}
    col = 4
    for month in range(1, 7):
        cells[(1, col)] = dt.datetime(2024, month, 1)
        cells[(2, col)] = month * 10
        col += 1
        if month % 3 == 0:
            cells[(1, col)] = f"{'I' * (month // 3)} trimestre 2024"
            cells[(2, col)] = month * 10
            col += 1
    cells.update({(2, 1): "1.1", (2, 2): "Pratiche", (2, 3): "cumulata"})
    spec = table([["1. Servizi", "1.1 Pratiche", ">= 120", None]], ["Obiettivo", "Indicatore", "Target", "Consuntivo"],
                 extra=dict(YEAR, **{"Dati mensili": {"cells": cells}}))
    plan, report, _ = _run(book(spec))
    assert not report.errors, [f.message for f in report.errors]
    assert plan.series["1.1"].months == {f"2024-{m:02d}": m * 10 for m in range(1, 7)}

    words = {(1, 1): "Codice", (1, 2): "Descrizione", (1, 3): "Serie", (1, 4): "Primo trimestre 2024",
             (1, 5): "Secondo trimestre 2024", (2, 1): "1.1", (2, 2): "Pratiche", (2, 3): "cumulata", (2, 4): 30,
             (2, 5): 60}
    spec = table([["1. Servizi", "1.1 Pratiche", ">= 120", None]], ["Obiettivo", "Indicatore", "Target", "Consuntivo"],
                 extra=dict(YEAR, **{"Dati mensili": {"cells": words}}))
    plan, report, _ = _run(book(spec, "parole.xlsx"))
    assert plan.series["1.1"].months == {"2024-03": 30, "2024-06": 60}


def test_a_prior_year_percentage_from_the_monthly_data_is_a_percentage(book):
    """'Anno precedente' 0,8 shown 80% in 'Dati mensili': taken for a count, '82%' was asked and '+2%'
    read as a change of 0,8 (found in review)."""
    data = {"cells": {(1, 1): "Codice", (1, 2): "Descrizione", (1, 3): "Serie", (1, 4): "Anno precedente",
                      (1, 5): "gen 2024", (2, 1): "1.1", (2, 2): "Soddisfazione", (2, 3): "puntuale", (2, 4): 0.8,
                      (3, 1): "2.1", (3, 2): "Soddisfazione", (3, 3): "puntuale", (3, 4): 0.8},
            "formats": {(2, 4): {"num_format": "0%"}, (3, 4): {"num_format": "0%"}}}
    rows = [["1. A", "1.1 Indice di soddisfazione", "non inferiore al valore 2023", "82%"],
            ["2. B", "2.1 Indice di soddisfazione", "non inferiore al valore 2023", "+2%"]]
    plan, report, outcome = _run(book(table(rows, H[:2] + H[3:], extra=dict(YEAR, **{"Dati mensili": data}))))
    assert outcome.results["1.1"].grado == 100.0
    assert outcome.results["2.1"].status == "da verificare"
    assert "è 80%" in outcome.results["2.1"].explanation


def _merged_weight_plan(merged, lone, lone_actual, actual_12):
    """An objective of two results with a 'Peso' merged over them, and an objective of one result."""
    return table([[None, None, "1.1 Pratiche on-line", ">= 90%", "90%"],
                  [None, None, "1.2 Tempo medio di rilascio", "<= 30 gg", actual_12],
                  ["2. Trasparenza", lone, "2.1 Sezioni aggiornate", ">= 100%", lone_actual]],
                 ["Obiettivo operativo", "Peso", "Indicatore", "Target", "Consuntivo"],
                 merges=[(2, 1, 3, 1, "1. Digitalizzazione"), (2, 2, 3, 2, merged)], extra=YEAR)


def test_a_merged_objective_weight_beside_an_objective_with_one_result(book):
    """70 merged over the two rows of one objective, 30 on the single row of the next: the 30 stayed a
    result's weight, 'pesi-somma' and the plain mean (found in review)."""
    plan, report, outcome = _run(book(_merged_weight_plan(merged=70, lone=30, lone_actual="50%", actual_12=30)))
    assert not report.errors, [f.message for f in report.errors]
    assert [o.weight for o in plan.objectives.values()] == [70, 30]
    assert outcome.body.mean_grado == pytest.approx(85.0)


def test_a_reading_by_half_year_is_the_latest_there_can_be_between_its_ends(book):
    """Half-year data at September: June's figure was 'dati-fermi' and compared with September's share
    of the target, 'in ritardo' (found in a differential sweep); it is compared with June's share."""
    data = {"cells": {(1, 1): "Codice", (1, 2): "Descrizione", (1, 3): "Serie", (1, 4): "1° semestre 2024",
                      (1, 5): "2° semestre 2024", (2, 1): "1.1", (2, 2): "Pratiche", (2, 3): "cumulata", (2, 4): 500}}
    spec = table([["1. Servizi", "1.1 Pratiche evase", ">= 1000", None]],
                 ["Obiettivo", "Indicatore", "Target", "Consuntivo"], extra=dict(YEAR, **{"Dati mensili": data}))
    plan, report, _ = _run(book(spec))
    assert plan.series["1.1"].cadence == 6
    september = compute(plan, period="2024-09")
    node = september.results["1.1"]
    assert node.expected == pytest.approx(500.0) and node.monitoring == "in linea"
    assert not [f for f in september.findings if f.code == "dati-fermi"]
    # a month of the next half with no reading yet at its end is stale as any other
    assert [f.code for f in compute(plan, period="2024-12").findings if f.code == "dati-fermi"] == ["dati-fermi"]


def test_a_pandas_index_under_a_two_level_header_is_read_with_its_name(book):
    """pandas writes 'Obiettivo | ... | Target / 2024' with the index in column A and its name
    ('Codice obiettivo') on a row of its own: the column was left out without a word, codes made up."""
    cells = {(1, 2): "Obiettivo", (1, 3): "Indicatore", (1, 4): "Target", (1, 5): "Consuntivo",
             (2, 4): "2024", (2, 5): "2024", (3, 1): "Codice obiettivo",
             (4, 1): "OB1", (4, 2): "Servizi digitali", (4, 3): "Pratiche on-line", (4, 4): ">= 90%", (4, 5): "95%",
             (5, 1): "OB1", (5, 2): "Servizi digitali", (5, 3): "Sportelli attivi", (5, 4): ">= 3", (5, 5): 2,
             (6, 1): "OB2", (6, 2): "Trasparenza", (6, 3): "Sezioni aggiornate", (6, 4): ">= 100%", (6, 5): "100%"}
    spec = {"Piano": {"cells": cells}}
    spec.update(YEAR)
    plan, report, outcome = _run(book(spec))
    assert list(plan.objectives) == ["OB1", "OB2"]
    assert plan.table.columns["objective_code"] == 1 and plan.table.first_data_row == 4


def test_a_section_title_in_a_headerless_first_column_is_not_an_index_name(book):
    cells = {(1, 2): "Obiettivo", (1, 3): "Indicatore", (1, 4): "Target", (1, 5): "Consuntivo",
             (2, 1): "Area servizi", (3, 2): "1. Servizi", (3, 3): "1.1 Pratiche", (3, 4): ">= 3", (3, 5): 3}
    spec = {"Piano": {"cells": cells}}
    spec.update(YEAR)
    plan, report, _ = _run(book(spec))
    assert "objective_code" not in plan.table.columns and "owner" not in plan.table.columns


def test_second_review_of_the_reading_rules():
    """Found in a second review: participles switched off times and costs, polarity words in
    sentences, answers whose remark takes them back, words in brackets that are the value's."""
    from piano_xlsx.core.model import Location, Value
    from piano_xlsx.core.targets import may_be_kept_low, parse_target, read_polarity, speaks_of_time
    from piano_xlsx.core.values import read_actual

    for indicator in ("Durata media dei procedimenti definiti (giorni)", "Costo medio per pratica evasa",
                      "Tempo medio di pagamento delle fatture liquidate"):
        target = parse_target("30", year=2024, time_context=speaks_of_time(indicator),
                              kept_low=may_be_kept_low(indicator))
        assert target.comparator == "<=", indicator
    assert may_be_kept_low("Debiti scaduti pagati oltre i termini")
    assert [read_polarity(t) for t in ("Meno è meglio", "Più è meglio", "Più alto è peggio", "più basso è meglio",
                                       "Non crescente")] == ["<=", ">=", "<=", "<=", None]

    def actual(text, target):
        return read_actual(Value(text, Location("P", "D2")), parse_target(target), "1.1").value

    for text in ("SI (2 su 3 regolamenti approvati)", "SI, n. 2 report su 4",
                 "SI, approvazione del Consiglio rinviata al 2025"):
        assert actual(text, "SI") is None, text
    assert actual("3 (al mese)", ">= 12") is None
    assert actual("350 (mila)", ">= 300.000") is None  # a magnitude: the target may be written in it
    assert actual("3 (mesi)", "<= 60 giorni") == 3  # in months: reconcile converts it to 90 days


def test_an_office_with_only_the_shared_objectives_does_not_split_a_plan_numbered_once(book):
    rows = [["Settore Ragioneria", "1. Tempestività dei pagamenti", "1.1 Fatture pagate nei termini", ">= 95%", "97%"],
            ["Settore Ragioneria", "5. Prevenzione della corruzione", "5.1 Misure attuate", ">= 100%", "100%"],
            ["Settore Ragioneria", "6. Trasparenza", "6.1 Sezioni aggiornate", ">= 100%", "100%"],
            ["Settore Tecnico", "3. Manutenzione del patrimonio", "3.1 Interventi eseguiti", ">= 40", 30],
            ["Settore Tecnico", "5. Prevenzione della corruzione", "5.2 Misure attuate", ">= 100%", "80%"],
            ["Settore Tecnico", "6. Trasparenza", "6.2 Sezioni aggiornate", ">= 100%", "90%"],
            ["Segreteria generale", "5. Prevenzione della corruzione", "5.3 Misure attuate", ">= 100%", "100%"],
            ["Segreteria generale", "6. Trasparenza", "6.3 Sezioni aggiornate", ">= 100%", "100%"]]
    plan, report, _ = _run(book(table(rows, ["Settore", "Obiettivo", "Indicatore", "Target 2024", "Consuntivo 2024"],
                                      extra=YEAR)))
    assert sorted(plan.objectives) == ["1", "3", "5", "6"]
    assert plan.objectives["5"].results == ["5.1", "5.2", "5.3"]


def test_a_half_year_reading_before_a_deadline_between_readings_is_not_a_verdict(book):
    data = {"cells": {(1, 1): "Codice", (1, 2): "Descrizione", (1, 3): "Serie", (1, 4): "1° semestre 2024",
                      (1, 5): "2° semestre 2024", (2, 1): "1.1", (2, 2): "Pratiche", (2, 3): "cumulata", (2, 4): 500}}
    spec = table([["1. Servizi", "1.1 Pratiche evase", ">= 1000 entro il 30/09/2024", None]],
                 ["Obiettivo", "Indicatore", "Target", "Consuntivo"], extra=dict(YEAR, **{"Dati mensili": data}))
    plan, report, _ = _run(book(spec))
    october = compute(plan, period="2024-10")
    assert october.results["1.1"].status == "in corso"
    assert [f.code for f in october.findings if f.code == "dati-fermi"] == ["dati-fermi"]


def test_a_merged_weight_that_makes_each_objectives_results_sum_to_100_is_the_results(book):
    """50 merged over two results beside a lone result's 100: each result's weight within its objective."""
    plan, report, outcome = _run(book(_merged_weight_plan(merged=50, lone=100, lone_actual="80%", actual_12=45)))
    assert [plan.results[c].value("weight") for c in ("1.1", "1.2", "2.1")] == [50, 50, 100]
    assert all(o.weight_value is None for o in plan.objectives.values())


def test_a_target_of_none_is_a_maximum_of_zero(book, tmp_path):
    """'nessun reclamo', 'zero infortuni' were not read, or asked as '>= 0' (met by anything)."""
    spec = table([["1. Qualità", "1.1 Reclami fondati", "nessun reclamo", 2],
                  [None, "1.2 Infortuni sul lavoro", "zero infortuni", "nessuno"],
                  [None, "1.3 Rilievi della Corte dei conti", "Nessun rilievo", 0]],
                 ["Obiettivo", "Indicatore", "Target", "Consuntivo"], extra=YEAR)
    path = book(spec)
    plan, report, outcome = _run(path)
    assert [plan.results[c].target.comparator for c in ("1.1", "1.2", "1.3")] == ["<="] * 3
    assert [outcome.results[c].grado for c in ("1.1", "1.2", "1.3")] == [0.0, 100.0, 100.0]
    recalculates(plan, report, outcome, path, tmp_path)


def test_keeping_last_years_value_is_a_target_relative_to_it(book):
    """'mantenimento', 'mantenimento del livello 2023' were not read: last year's value kept, which way
    the polarity (or a time) says; what may be kept low without a polarity is asked."""
    spec = table([["1. Servizi", "1.1 Pratiche evase", 120, "mantenimento", 125],
                  [None, "1.2 Tempo medio di rilascio (giorni)", 20, "mantenimento del livello 2023", 22],
                  [None, "1.3 Reclami ricevuti", 10, "mantenimento", 8]],
                 ["Obiettivo", "Indicatore", "Valore 2023", "Target 2024", "Consuntivo 2024"], extra=YEAR)
    plan, report, outcome = _run(book(spec))
    assert [plan.results[c].target.comparator for c in ("1.1", "1.2")] == [">=", "<="]
    assert outcome.results["1.1"].grado == 100.0
    assert outcome.results["1.2"].grado == pytest.approx(20 / 22 * 100)
    assert outcome.results["1.3"].status == "da verificare"


def test_a_table_with_no_target_anywhere_is_an_error(book):
    """Objectives and indicators with no target and no actual: exit 0, 'la cartella è utilizzabile'."""
    spec = table([["1. Check-list immobili comunali", "31.12.2020", "Fascicoli redatti", 1.0]],
                 ["Obiettivo operativo", "Scadenza", "Indicatore", "% di ragg."], extra=YEAR)
    _, report, _ = _run(book(spec))
    assert [(f.code, f.severity) for f in report.errors] == [("colonna-target-mancante", "errore")]


def test_an_objective_column_of_codes_beside_its_description(book):
    """'Obiettivo operativo' holding '01010601', the title in 'DESCRIZIONE' beside it: every objective
    was titled with its code and the title was not read (found in a trial of a Comune's prospetto)."""
    rows = [[1, "0101", "01010601", "Check-list dello stato degli immobili comunali", "SI", "SI"],
            [2, "0101", "01010602", "Piano delle manutenzioni straordinarie", "SI", "NO"],
            [3, "0102", "01020101", "Digitalizzazione delle pratiche edilizie", ">= 80%", "85%"]]
    spec = table(rows, ["N.", "Obiettivo strategico", "Obiettivo operativo", "DESCRIZIONE", "Target", "Consuntivo"],
                 extra=YEAR)
    plan, report, outcome = _run(book(spec))
    assert [(o.code, o.title) for o in plan.objectives.values()] == [
        ("01010601", "Check-list dello stato degli immobili comunali"),
        ("01010602", "Piano delle manutenzioni straordinarie"),
        ("01020101", "Digitalizzazione delle pratiche edilizie")]
    assert (outcome.body.achieved, len(outcome.objectives)) == (2, 3)


def _half_year_plan(june, december):
    """A count due by 30/09 with its data by half-year: June's and December's readings."""
    data = {"cells": {(1, 1): "Codice", (1, 2): "Descrizione", (1, 3): "Serie", (1, 4): "1° semestre 2024",
                      (1, 5): "2° semestre 2024", (2, 1): "1.1", (2, 2): "Pratiche", (2, 3): "cumulata",
                      (2, 4): june, (2, 5): december}}
    return table([["1. Servizi", "1.1 Pratiche evase", ">= 30 entro il 30/09/2024", None]],
                 ["Obiettivo", "Indicatore", "Target", "Consuntivo"], extra=dict(YEAR, **{"Dati mensili": data}))


def test_a_deadline_between_two_half_year_readings_is_to_verify_once_the_next_is_in(book):
    """June and December entered, a target due 30/09: 'in corso' for good and 'dati-fermi' asking for
    data that cannot exist (found in a third review)."""
    plan, report, outcome = _run(book(_half_year_plan(june=10, december=25)))
    node = outcome.results["1.1"]
    assert node.status == "da verificare" and node.grado is None
    assert [f.code for f in outcome.findings if f.code in ("dati-fermi", "dato-alla-scadenza-mancante")] == [
        "dato-alla-scadenza-mancante"]


def test_third_review_of_the_reading_rules():
    from piano_xlsx.core.model import Location, Value
    from piano_xlsx.core.targets import may_be_kept_low, parse_target, read_polarity
    from piano_xlsx.core.values import read_actual

    assert read_actual(Value("3,2 (milioni)", Location("P", "E2")), parse_target(">= 3,5"), "1.1").value is None
    assert [may_be_kept_low(t) for t in ("Debiti scaduti non pagati", "Crediti non riscossi",
                                         "Ore di straordinario liquidate", "Fatture pagate oltre i 30 giorni",
                                         "Debiti pagati oltre la scadenza")] == [True] * 5
    assert [read_polarity(t) for t in ("Valori più bassi sono migliori", "Valori più alti indicano un peggioramento",
                                       "Più alto è peggiore")] == ["<="] * 3
    assert read_actual(Value("SI (delibera di avvio della gara)", Location("P", "E2")), parse_target("SI"),
                       "1.1").value is None


@pytest.mark.parametrize("third, errors", [(33.33, []), (33.3, ["pesi-somma"])])
def test_thirds_merged_over_three_results_beside_a_lone_100_stay_the_results(book, third, errors):
    """33,33 merged over three results beside a lone result's 100: the results' weights, a whole; 33,3:
    the results' weights too, and said not to make a whole (found in the third and fourth reviews)."""
    rows = [["1. Riscossione", "1.1 Avvisi TARI emessi", None, ">= 1000", 1000],
            ["1. Riscossione", "1.2 Solleciti inviati", None, ">= 500", 100],
            ["1. Riscossione", "1.3 Rateizzazioni concesse", None, ">= 100", 100],
            ["2. Anagrafe", "2.1 CIE rilasciate", 100, ">= 1000", 1000]]
    plan, report, outcome = _run(book(table(rows, ["Obiettivo", "Indicatore", "Peso", "Target", "Consuntivo"],
                                            merges=[(2, 3, 4, 3, third)], extra=YEAR)))
    assert [f.code for f in report.errors] == errors
    assert all(o.weight_value is None for o in plan.objectives.values())
    if not errors:
        assert outcome.body.mean_grado == pytest.approx((220 / 3 + 100) / 2)


def test_a_plan_numbered_once_with_its_shared_objectives_first_under_each_office_stays_one(book):
    """Objectives 1-6 numbered once, the two shared ones first under every Settore, a Segreteria with only
    those two: split per office, '7 su 10' for '3 su 6' (found in a third review)."""
    a, t = "1. Prevenzione della corruzione", "2. Digitalizzazione dei procedimenti"
    rows = [["Settore Ragioneria", a, "1.1 Misure attuate Ragioneria", ">= 100%", "100%"],
            ["Settore Ragioneria", t, "2.1 Istanze online Ragioneria", ">= 80%", "85%"],
            ["Settore Ragioneria", "3. Recupero dell'evasione", "3.1 Accertamenti IMU emessi", ">= 500", 520],
            ["Settore Tecnico", a, "1.2 Misure attuate Tecnico", ">= 100%", "80%"],
            ["Settore Tecnico", t, "2.2 Istanze online Tecnico", ">= 80%", "60%"],
            ["Settore Tecnico", "4. Opere PNRR", "4.1 Cantieri avviati", ">= 5", 5],
            ["Segreteria generale", a, "1.3 Controlli eseguiti", ">= 40", 40],
            ["Segreteria generale", t, "2.3 Atti firmati digitalmente", ">= 95%", "100%"]]
    plan, report, _ = _run(book(table(rows, ["Settore", "Obiettivo", "Indicatore", "Target", "Consuntivo"],
                                      extra=YEAR)))
    assert sorted(plan.objectives) == ["1", "2", "3", "4"]
    assert plan.objectives["1"].results == ["1.1", "1.2", "1.3"]


def test_fourth_review_of_the_reading_rules(book):
    from piano_xlsx.core.targets import may_be_kept_low, read_polarity

    # each clause of a polarity cell read by itself: they must agree
    assert [read_polarity(t) for t in ("Più alto è migliore, più basso è peggiore",
                                       "Valori più alti = migliori; valori più bassi = peggiori",
                                       "Positiva (il calo indica un peggioramento)",
                                       "Valori meno elevati sono migliori")] == [">=", ">=", ">=", "<="]
    assert [may_be_kept_low(t) for t in ("Fatture pagate dopo la scadenza", "Interessi di mora pagati sui debiti",
                                         "Spesa legale per contenziosi liquidata",
                                         "Pratiche non ancora evase")] == [True] * 4
    # an objective copied with a final full stop, or '1 -' for '1.', is the same objective
    a = "1. Prevenzione della corruzione"
    rows = [["Settore Ragioneria", a, "1.1 Misure attuate Ragioneria", ">= 100%", "100%"],
            ["Settore Ragioneria", "2. Recupero dell'evasione", "2.1 Accertamenti emessi", ">= 500", 520],
            ["Settore Tecnico", a + ".", "1.2 Misure attuate Tecnico", ">= 100%", "80%"],
            ["Settore Tecnico", "3. Opere PNRR", "3.1 Cantieri avviati", ">= 5", 5],
            ["Segreteria", "1 - Prevenzione della corruzione", "1.3 Controlli eseguiti", ">= 40", 40]]
    plan, report, _ = _run(book(table(rows, ["Settore", "Obiettivo", "Indicatore", "Target", "Consuntivo"],
                                      extra=YEAR)))
    assert sorted(plan.objectives) == ["1", "2", "3"] and not report.errors
    assert plan.objectives["1"].results == ["1.1", "1.2", "1.3"]


def test_a_units_sheet_with_an_own_objective_each_numbered_again(book):
    """A hospital's budget sheet numbered per UOC with an own objective in each: 'codice-duplicato'
    (found in a fourth review)."""
    rows = [["UOC Cardiologia", "1. Contenimento della degenza media", "Degenza media (gg)", "≤ 6,5", 6.9],
            ["UOC Cardiologia", "2. Attivazione ambulatorio scompenso", "Ambulatorio attivo", "SI", "SI"],
            ["UOC Chirurgia", "1. Contenimento della degenza media", "Degenza media (gg)", "≤ 5", 5.5],
            ["UOC Chirurgia", "2. Chirurgia robotica", "Interventi robotici", ">= 50", 60]]
    plan, report, outcome = _run(book(table(rows, ["UOC", "Obiettivo", "Indicatore", "Valore atteso",
                                                   "Valore raggiunto"], extra=YEAR)))
    assert not report.errors, [f.message for f in report.errors]
    assert sorted(plan.objectives) == ["UOC Cardiologia 1", "UOC Cardiologia 2", "UOC Chirurgia 1",
                                       "UOC Chirurgia 2"]


def test_a_count_already_at_its_cap_before_a_deadline_between_readings_is_reached(book):
    plan, report, outcome = _run(book(_half_year_plan(june=35, december=50)))
    assert outcome.results["1.1"].grado == 100.0 and outcome.results["1.1"].status == "raggiunto"


def test_fifth_review_of_the_reading_rules(book):
    from piano_xlsx.core.targets import may_be_kept_low, read_polarity

    # a clause that only says 'worse' turns the one before it
    assert [read_polarity(t) for t in ("Più alto è il valore, peggiore è la performance", "Maggiore (peggiore)",
                                       "Più basso - peggiore", "Positiva (il calo indica un peggioramento)")] == \
        ["<=", "<=", ">=", ">="]
    assert not may_be_kept_low("Contenziosi definiti") and may_be_kept_low("Spesa legale per contenziosi liquidata")
    # weights that sum to 100 over the objectives are the objectives', merged over three results each
    rows = [[None, None, f"{o}.{r} Indicatore {o}.{r}", ">= 100", 90 + o] for o in (1, 2, 3) for r in (1, 2, 3)]
    merges = [(2 + 3 * i, 1, 4 + 3 * i, 1, f"{i + 1}. Obiettivo {i + 1}") for i in range(3)] + \
        [(2 + 3 * i, 2, 4 + 3 * i, 2, w) for i, w in enumerate((33.3, 33.3, 33.4))]
    plan, report, outcome = _run(book(table(rows, ["Obiettivo", "Peso", "Indicatore", "Target", "Consuntivo"],
                                            merges=merges, extra=YEAR)))
    assert [o.weight for o in plan.objectives.values()] == [33.3, 33.3, 33.4] and not report.errors


def test_objectives_that_differ_by_a_sign_are_not_one():
    from piano_xlsx.read.table import _words

    assert _words("1. Prevenzione.") == _words("1 - Prevenzione")
    assert _words("1. Spesa +5% sul 2023") != _words("1. Spesa -5% sul 2023")
    assert _words("Tempi ≤ 30 giorni") != _words("Tempi ≥ 30 giorni")


def test_sixth_review_of_the_reading_rules(book):
    from piano_xlsx.core.targets import may_be_kept_low, read_polarity
    from piano_xlsx.read.table import _distinct_titles, _words

    assert [read_polarity(t) for t in ("Decrescente (valori alti peggiori)", "Crescente; valori bassi peggiori",
                                       "Positiva (cala = peggiora)", "Negativa (peggiore)",
                                       "Peggioramento: in aumento", "Peggiore: valore più alto")] == \
        ["<=", ">=", ">=", "<=", "<=", "<="]
    assert may_be_kept_low("Tasso di soccombenza nei contenziosi definiti")
    assert may_be_kept_low("Contenziosi definiti con esito sfavorevole per l'Ente")
    assert _words("PTPCT 2024-2026") == _words("PTPCT 2024/2026") and _words("Saldo + 5%") != _words("Saldo - 5%")
    assert _distinct_titles({"riduzione dei tempi di attesa per le prime visite",
                             "riduzione dei tempi di attesa per gli interventi"})
    # indicators coded for the whole sheet ('IND01'...) do not make a unit's sheet a plan numbered once
    rows = [["UOC Cardiologia", "1. Contenimento della degenza media", "IND01 Degenza media (gg)", "≤ 6,5", 6.9],
            ["UOC Cardiologia", "2. Rispetto dei tempi di attesa", "IND02 Visite entro 10 gg", "≥ 90%", "93%"],
            ["UOC Chirurgia", "1. Contenimento della degenza media", "IND03 Degenza media (gg)", "≤ 5", 5.5],
            ["UOC Chirurgia", "2. Rispetto dei tempi di attesa", "IND04 Interventi entro 30 gg", "≥ 90%", "80%"]]
    plan, report, outcome = _run(book(table(rows, ["UOC", "Obiettivo", "Indicatore", "Valore atteso",
                                                   "Valore raggiunto"], extra=YEAR)))
    assert (outcome.body.achieved, len(outcome.objectives)) == (1, 4)


def test_seventh_review_of_the_reading_rules():
    from piano_xlsx.core.targets import read_polarity
    from piano_xlsx.read.table import _distinct_titles

    # a change followed by 'worse' is what is worse; a label says what the rest of its clause is
    assert [read_polarity(t) for t in ("In aumento (peggioramento)", "Crescita: peggioramento",
                                       "Se diminuisce: peggioramento", "Valore pro-capite più alto, peggiore",
                                       "Migliore: valori alti; peggiore: valori bassi")] == \
        ["<=", "<=", ">=", "<=", ">="]
    # a typo is the same objective; short titles with different words are not
    assert not _distinct_titles({"prevenzione della coruzione", "prevenzione della corruzione"})
    assert _distinct_titles({"pne", "pdta scompenso cardiaco"})


def test_a_units_sheet_with_indicator_codes_in_their_own_column(book):
    """'Cod. indicatore' IND01...IND04 for the whole sheet: the units' objectives were merged, '0 su 2'
    for '1 su 4' (found in a seventh review)."""
    rows = [["UOC Cardiologia", "1. Contenimento della degenza media", "IND01", "Degenza media (gg)", "≤ 6,5", 6.9],
            ["UOC Cardiologia", "2. Rispetto dei tempi di attesa", "IND02", "Visite entro 10 gg", "≥ 90%", "93%"],
            ["UOC Chirurgia", "1. Contenimento della degenza media", "IND03", "Degenza media (gg)", "≤ 5", 5.5],
            ["UOC Chirurgia", "2. Rispetto dei tempi di attesa", "IND04", "Interventi entro 30 gg", "≥ 90%", "80%"]]
    plan, report, outcome = _run(book(table(rows, ["UOC", "Obiettivo", "Cod. indicatore", "Indicatore",
                                                   "Valore atteso", "Valore raggiunto"], extra=YEAR)))
    assert (outcome.body.achieved, len(outcome.objectives)) == (1, 4)


@pytest.mark.parametrize("indicator", [
    "Numero di sentenze di condanna dell'Ente", "Ore di fermo dei sistemi informatici",
    "Numero di interruzioni del servizio", "Numero di disservizi segnalati",
    "Giorni di chiusura degli sportelli al pubblico",
    # found in a fourth review: what is not done, late, or paid on a judgement stays kept low
    "Disservizi non gestiti", "Disservizi risolti oltre 48 ore",
    "Numero di interruzioni del servizio con ripristino oltre 24 ore",
    "Somme liquidate a seguito di sentenze di condanna", "Risarcimenti pagati per condanne dell'ente",
    # found in a sixth review: done late by days or hours, or a stay beyond hours
    "Fatture pagate oltre 30 gg", "Pratiche evase oltre i 30 gg", "Segnalazioni gestite oltre 48 ore",
    "Accessi in pronto soccorso con permanenza oltre 6 ore",
    # found in a seventh review: punctuation or words between the act and its hours; damages paid
    "Disservizi risolti: oltre 48 ore", "Disservizi risolti dal gestore del servizio idrico oltre 48 ore",
    "Risarcimenti per sentenze di condanna dell'ente, al netto di quanto recuperato"])
def test_a_bare_target_of_downtime_or_judgements_is_asked(book, indicator):
    """25 hours of downtime against a bare 20 was 100% as a minimum (found in a trial of formats)."""
    spec = table([["1. Servizi", f"1.1 {indicator}", None, 20, 25]], H, extra=YEAR)
    node = _run(book(spec))[2].results["1.1"]
    assert node.status == "da verificare" and node.grado is None


@pytest.mark.parametrize("indicator", [
    "Chiusura dei procedimenti entro i termini", "Segnalazioni di disservizio risolte",
    # found in a third review: asked, though clearly to reach
    "Provvedimenti di fermo amministrativo notificati ai contribuenti morosi",
    "Recupero dei crediti derivanti da sentenze di condanna", "Segnalazioni di disservizi gestite",
    "Numero di interventi di ripristino dopo interruzioni del servizio idrico",
    # found in a fifth review: asked once 'oltre N ore' and the order of recovery and judgement counted
    "Dipendenti formati oltre 20 ore", "Richieste evase entro e non oltre 48 ore",
    "Sentenze di condanna con recupero delle somme", "Condanne recuperate",
    "Recupero dei risarcimenti da sentenze di condanna della Corte dei conti",
    "Somme recuperate a seguito di sentenze di condanna al risarcimento del danno"])
def test_what_is_done_to_closures_and_disservices_is_to_reach(book, indicator):
    spec = table([["1. Servizi", f"1.1 {indicator}", None, 20, 18]], H, extra=YEAR)
    assert _run(book(spec))[2].results["1.1"].grado == pytest.approx(90.0)
