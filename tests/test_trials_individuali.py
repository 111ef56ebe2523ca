"""Individual objectives (Segretario Generale, dirigenti) as bodies publish them.

Found in a trial on real layouts: a 'Peso %' sub-column under 'SEGRETARIO GENERALE' became a
second person and the weights were ignored; a column 'Obiettivi individuali' naming nobody was
given to the Segretario Generale; the same objective repeated on each row was counted once per
row; 'MARIO ROSSI' and 'Mario Rossi' were two people, and one person in two roles one evaluation;
a weight column named 'Pesatura' or 'Peso obiettivo' was not read; '0,6; 0,4' were four weights
and 3 was read as 300; 33,33 three times was refused; a sheet named 'Obiettivi individuali 2024'
was left out. Each a grado and a factor with exit 0, or a refusal.

The entity objectives of every plan below: 1 at 100%, 2 at 80%, 3 at 50%, 4 at 95%.
"""

from __future__ import annotations

import json

import openpyxl
from click.testing import CliRunner

from piano_xlsx.cli.main import main

ENTITY = [("1. Servizi digitali", "1.1 Pratiche online", ">= 100", 100),
          ("2. Tempi", "2.1 Pratiche evase", ">= 100", 80),
          ("3. Entrate", "3.1 Riscossione", ">= 100", 50),
          ("4. Trasparenza", "4.1 Dati pubblicati", ">= 100", 95)]


def _table(ws, extra_header=(), extra=None):
    ws.append(["Obiettivo", "Indicatore", "Target", "Consuntivo", *extra_header])
    for i, (objective, result, target, actual) in enumerate(ENTITY):
        ws.append([objective, result, target, actual, *((extra or {}).get(i, ()))])


def _settings(wb):
    settings = wb.create_sheet("Impostazioni")
    settings.append(["Impostazione", "Valore"])
    settings.append(["Anno del piano", 2025])


def _people(path):
    data = json.loads(CliRunner().invoke(main, ["calcola", str(path), "--json"]).stdout)
    return {p["persona"]: (round(p["grado"], 2) if p["grado"] is not None else None, p["fattore"])
            for p in data["individuali"]}, data


def test_a_weight_sub_column_under_the_persons_header(tmp_path):
    """Torino's layout, 'SEGRETARIO GENERALE' over 'Obiettivo individuale | Peso %': one person, her
    objectives weighed 10/10/5/75: 91,75%, factor 0,9 (was two people at 81,25%)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Obiettivo", "Indicatore", "Target", "Consuntivo", "SEGRETARIO GENERALE", None])
    ws.append([None, None, None, None, "Obiettivo individuale", "Peso %"])
    for rng in ("A1:A2", "B1:B2", "C1:C2", "D1:D2", "E1:F1"):
        ws.merge_cells(rng)
    weights = (10, 10, 5, 75)
    for (objective, result, target, actual), weight in zip(ENTITY, weights):
        ws.append([objective, result, target, actual, f"SG - {objective[3:]}", weight])
    _settings(wb)
    wb.save(tmp_path / "sg.xlsx")
    people, _ = _people(tmp_path / "sg.xlsx")
    assert people == {"Segretario Generale": (91.75, 0.9)}


def test_a_column_of_individual_objectives_naming_nobody_is_asked(tmp_path):
    for header in ("Obiettivi individuali", "Obiettivi individuali dei dirigenti"):
        wb = openpyxl.Workbook()
        _table(wb.active, [header], {i: [f"Obiettivo {i + 1}"] for i in range(4)})
        _settings(wb)
        wb.save(tmp_path / "nessuno.xlsx")
        people, data = _people(tmp_path / "nessuno.xlsx")
        asked = [f for f in data["anomalie"] if f["codice"] == "persona-non-indicata"]
        assert people == {} and len(asked) == 1 and asked[0]["cella"] == "E1", (header, people)


def test_the_same_objective_repeated_on_its_rows_counts_once(tmp_path):
    """Objective 1 of the SG written on the rows of entity objectives 1 and 2, objective 2 on 3: as
    merged cells, (90 + 50) / 2 = 70% (was counted per row: (100 + 80 + 50) / 3)."""
    wb = openpyxl.Workbook()
    texts = {0: ["1. Digitale e tempi"], 1: ["1. Digitale e tempi"], 2: ["2. Entrate"]}
    _table(wb.active, ["Obiettivi individuali - Segretario Generale"], texts)
    _settings(wb)
    wb.save(tmp_path / "ripetuto.xlsx")
    people, _ = _people(tmp_path / "ripetuto.xlsx")
    assert people == {"Segretario Generale": (70.0, 0.8)}


def _individual_sheet(tmp_path, rows, header=("Persona", "Ruolo", "Codice", "Obiettivo individuale",
                                              "Obiettivi di ente collegati", "Peso %"), name="Obiettivi individuali"):
    wb = openpyxl.Workbook()
    _table(wb.active)
    sheet = wb.create_sheet(name)
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    _settings(wb)
    path = tmp_path / "individuali.xlsx"
    wb.save(path)
    return path


def test_one_person_however_spelled_and_one_evaluation_per_role(tmp_path):
    rows = [("Mario Rossi", "Segretario Generale", "1", "Digitale", "1", None),
            ("MARIO ROSSI", "Segretario Generale", "2", "Entrate", "3", None),
            ("Anna  Bianchi", "Dirigente", "1", "Tempi", "2", None),
            ("Anna Bianchi ", "Dirigente", "2", "Entrate", "3", None),
            ("Luca Verdi", "Segretario Generale", "1", "Trasparenza", "4", None),
            ("Luca Verdi", "Dirigente Area Servizi ad interim", "2", "Entrate", "3", None)]
    people, _ = _people(_individual_sheet(tmp_path, rows))
    assert people == {"Mario Rossi": (75.0, 0.8), "Anna Bianchi": (65.0, 0.6),
                      "Luca Verdi - Segretario Generale": (95.0, 0.9),
                      "Luca Verdi - Dirigente Area Servizi ad interim": (50.0, 0.0)}


def test_weights_on_the_individual_sheet_read_as_the_tables(tmp_path):
    # 'Pesatura' is the weight column; 90 and 10: 0,9 × 100 + 0,1 × 80 = 98%
    rows = [("Anna Bianchi", "Dirigente", "1", "Digitale", "1", 90), ("Anna Bianchi", "Dirigente", "2", "Tempi", "2", 10)]
    header = ("Persona", "Ruolo", "Codice", "Obiettivo individuale", "Obiettivi di ente collegati", "Pesatura")
    people, _ = _people(_individual_sheet(tmp_path, rows, header))
    assert people == {"Anna Bianchi": (98.0, 0.9)}
    # link weights '0,6; 0,4' (fractions, a decimal comma), and 3 / 47 / 50 (3 is 3, not 300)
    rows = [("Anna Bianchi", "Dirigente", "1", "Digitale e tempi", "1; 2", "0,6; 0,4")]
    people, data = _people(_individual_sheet(tmp_path, rows))
    assert people == {"Anna Bianchi": (92.0, 0.9)}, data["anomalie"]
    rows = [("Mario Rossi", "SG", "1", "A", "1", 3), ("Mario Rossi", "SG", "2", "B", "2", 47),
            ("Mario Rossi", "SG", "3", "C", "3", 50)]
    people, data = _people(_individual_sheet(tmp_path, rows))
    assert people == {"Mario Rossi": (65.6, 0.6)} and data["errori"] == 0  # 3 + 37,6 + 25
    # a third each, written 33,33: whole (was refused, 'sommano a 99.99')
    rows = [("Mario Rossi", "SG", str(i), t, str(i), "33,33") for i, t in ((1, "A"), (2, "B"), (3, "C"))]
    people, data = _people(_individual_sheet(tmp_path, rows))
    assert data["errori"] == 0 and people == {"Mario Rossi": (76.67, 0.8)}
    # a sum that is not whole is said with an Italian decimal comma
    rows = [("Mario Rossi", "SG", "1", "A", "1", "60,5"), ("Mario Rossi", "SG", "2", "B", "2", 40)]
    _, data = _people(_individual_sheet(tmp_path, rows))
    said = [f["messaggio"] for f in data["anomalie"] if f["codice"] == "pesi-somma"]
    assert said and "sommano a 100,5 invece di 100" in said[0]


def test_a_sheet_of_individual_objectives_named_otherwise(tmp_path):
    rows = [("Mario Rossi", "Segretario Generale", "1", "Digitale", "1", 50),
            ("Mario Rossi", "Segretario Generale", "2", "Entrate", "3", 50)]
    for name in ("Obiettivi individuali 2025", "Obiettivi dirigenti", "Ob. individuali"):
        people, _ = _people(_individual_sheet(tmp_path, rows, name=name))
        assert people == {"Mario Rossi": (75.0, 0.8)}, name


def test_a_persons_column_of_weights_or_marks_on_the_entity_objectives(tmp_path):
    """'Pesatura obiettivi': a column per person holding the weight of each entity objective for them
    (5/5/5/85 for the SG) or an 'X': those objectives are the person's (was: objectives titled '85',
    weighed equally, 81,25% for 92,25%)."""
    wb = openpyxl.Workbook()
    weights = {0: [5, "X"], 1: [5, None], 2: [5, "x"], 3: [85, None]}
    _table(wb.active, ["Segretario Generale", "Obiettivi individuali - Dirigente Area Servizi"], weights)
    _settings(wb)
    wb.save(tmp_path / "pesature.xlsx")
    people, data = _people(tmp_path / "pesature.xlsx")
    # SG: 0,05 × (100 + 80 + 50) + 0,85 × 95 = 92,25; the dirigente: objectives 1 and 3, equally: 75
    assert people == {"Segretario Generale": (92.25, 0.9), "Dirigente Area Servizi": (75.0, 0.8)}, data["anomalie"]


def test_objectives_assigned_to_a_named_dirigente(tmp_path):
    """'Obiettivi assegnati al Dirigente Area Servizi': that person's column (was read as information,
    and the objectives left out without a word)."""
    wb = openpyxl.Workbook()
    _table(wb.active, ["Obiettivi assegnati al Dirigente Area Servizi"], {0: ["1. Digitale"], 2: ["2. Entrate"]})
    _settings(wb)
    wb.save(tmp_path / "assegnati.xlsx")
    people, _ = _people(tmp_path / "assegnati.xlsx")
    assert people == {"Dirigente Area Servizi": (75.0, 0.8)}


def test_a_total_row_closing_a_persons_objectives(tmp_path):
    """A scheda closes a person's objectives with 'Totale | 100': not an objective, not a person
    (was refused, or a person called 'Totale Mario Rossi')."""
    for total in (("Mario Rossi", None, None, "Totale", None, 100), ("Totale Mario Rossi", None, None, None, None, 100)):
        rows = [("Mario Rossi", "Segretario Generale", "SG1", "Digitale", "1", 60),
                ("Mario Rossi", "Segretario Generale", "SG2", "Entrate", "3", 40), total]
        people, data = _people(_individual_sheet(tmp_path, rows))
        assert people == {"Mario Rossi": (80.0, 0.8)} and data["errori"] == 0, total  # 0,6 × 100 + 0,4 × 50


def test_review_of_the_individual_rules(tmp_path):
    """Found in review of the rules above, each a grado with exit 0 or a refusal:
    - 'Obiettivi individuali 2024' over 'Segretario Generale | Dirigente Area Servizi | Dirigente Area
      Tecnica': three people ('Dirigente ...' is an owner's wording, and a person's name);
    - the same words on two objectives apart are two objectives;
    - a column of objective numbers (1, 2, 3, 4) is not weights summing to 10;
    - 'no' in a person's column is not an objective."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Obiettivo", "Indicatore", "Target", "Consuntivo", "Obiettivi individuali 2024", None, None, None])
    ws.append([None, None, None, None, "Segretario Generale", "Dirigente Area Servizi", "Dirigente Area Tecnica",
               "Dirigente Area Legale"])
    for rng in ("A1:A2", "B1:B2", "C1:C2", "D1:D2", "E1:H1"):
        ws.merge_cells(rng)
    sg = ["Rispetto dei tempi", "Qualità", "Rispetto dei tempi", None]  # the same words on objectives 1 and 3
    numbers = [1, 2, 3, 4]
    for (objective, result, target, actual), text, number, mark in zip(ENTITY, sg, numbers, ("X", "no", "no", "X")):
        ws.append([objective, result, target, actual, text, number if number != 4 else None, "X" if number == 4 else None,
                   mark])
    _settings(wb)
    wb.save(tmp_path / "gruppo.xlsx")
    people, data = _people(tmp_path / "gruppo.xlsx")
    assert data["errori"] == 0, data["anomalie"]
    # SG: 100, 80, 50 as three objectives (77,5 would be two); Servizi: objectives numbered 1-3, equally;
    # Tecnica: objective 4 (95); Legale: 1 and 4, not the 'no's
    assert people == {"Segretario Generale": (76.67, 0.8), "Dirigente Area Servizi": (76.67, 0.8),
                      "Dirigente Area Tecnica": (95.0, 0.9), "Dirigente Area Legale": (97.5, 0.9)}, people


def test_review_of_the_individual_sheet(tmp_path):
    """Found in review: a role written once on a person's first row (or merged), or in another case,
    is that role; 'Peso 2023 | Peso 2024' in a 2024 plan reads 2024's; '60,40' for two objectives is two
    weights; a sheet 'Obiettivi dirigenti' laid out as the linkage table is the table."""
    rows = [("Mario Rossi", "Segretario Generale", "1", "A", "1", None),
            ("Mario Rossi", None, "2", "B", "2", None),
            ("Mario Rossi", "Dirigente Area Servizi", "1", "C", "3", None),
            ("Mario Rossi", "segretario generale", "3", "D", "4", None)]
    people, _ = _people(_individual_sheet(tmp_path, rows))
    assert people == {"Mario Rossi - Segretario Generale": (91.67, 0.9),  # (100 + 80 + 95) / 3
                      "Mario Rossi - Dirigente Area Servizi": (50.0, 0.0)}
    wb = openpyxl.Workbook()
    _table(wb.active)
    sheet = wb.create_sheet("Obiettivi individuali")
    sheet.append(["Persona", "Obiettivo individuale", "Obiettivi di ente collegati", "Peso 2023", "Peso 2024"])
    sheet.append(["Anna Bianchi", "A", "1", 80, 10])
    sheet.append(["Anna Bianchi", "B", "3", 20, 90])
    settings = wb.create_sheet("Impostazioni")
    settings.append(["Impostazione", "Valore"])
    settings.append(["Anno del piano", 2024])
    wb.save(tmp_path / "pesi_anni.xlsx")
    people, data = _people(tmp_path / "pesi_anni.xlsx")
    assert people == {"Anna Bianchi": (55.0, 0.0)}  # 0,1 × 100 + 0,9 × 50 (2023's weights: 90%)
    rows = [("Anna Bianchi", "Dirigente", "1", "Entrate e trasparenza", "3; 4", "60,40")]
    people, data = _people(_individual_sheet(tmp_path, rows))
    assert people == {"Anna Bianchi": (68.0, 0.6)} and data["errori"] == 0  # 0,6 × 50 + 0,4 × 95
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Obiettivi dirigenti"
    ws.append(["Dirigente", "Obiettivo di ente collegato", "Obiettivo operativo", "Indicatore", "Target", "Consuntivo"])
    ws.append(["Mario Rossi", "1", "1. Protocollo digitale", "1.1 Documenti protocollati", ">= 90%", "95%"])
    _settings(wb)
    wb.save(tmp_path / "tabella.xlsx")
    _, data = _people(tmp_path / "tabella.xlsx")
    assert "tabella-non-trovata" not in {f["codice"] for f in data["anomalie"]}
    assert [n["grado"] for n in data["nodi"] if n["livello"] == "risultato"] == [100.0]
