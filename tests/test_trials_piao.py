"""Three-year PIAO tables and mid-year monitoring sheets, as published plans lay them out.

Found in a trial on the layouts of real PIAO sections (Comuni, universities, ASL, ministries): a
plan of 2026 read with the 2025 targets of 'Risultato atteso 2025 | 2026 | 2027', a three-year
target read instead of the year's, June's figures scored at the year's end when the monitoring
sub-headers were Excel dates or month names, a June monitoring graded as final, '<= baseline -10%'
read as '<= -10%', the 2025 weights in a 2026 plan, one department of four taken as the body: each
a plausible number with exit 0. Each test below is one of those layouts, with the number a
planning officer computes by hand.
"""

from __future__ import annotations

import datetime as dt
import json

import openpyxl
from click.testing import CliRunner

from piano_xlsx.cli.main import main


def _book(path, header, rows, *, year=None, title=None, sheet="Obiettivi", merged=(), formats=None, more=()):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    if title:
        ws.append([title])
        ws.append([])
    for line in header:
        ws.append(line)
    for row in rows:
        ws.append(row)
    for rng in merged:
        ws.merge_cells(rng)
    for ref, number_format in (formats or {}).items():
        ws[ref].number_format = number_format
    for name, sheet_rows in more:
        other = wb.create_sheet(name)
        for row in sheet_rows:
            other.append(row)
    if year is not None:
        settings = wb.create_sheet("Impostazioni")
        settings.append(["Impostazione", "Valore"])
        settings.append(["Anno del piano", year])
    wb.save(path)
    return path


def _run(path, *args):
    result = CliRunner().invoke(main, ["calcola", str(path), "--json", *args])
    data = json.loads(result.stdout)
    grades = {n["codice"]: n["grado"] for n in data["nodi"] if n["livello"] in ("risultato", "obiettivo")}
    return result, data, grades


def _codes(data):
    return {f["codice"] for f in data["anomalie"]}


def test_monitoring_sub_headers_written_as_dates_or_months(tmp_path):
    """An ASL's table: 'Risultato raggiunto' merged over two sub-headers that are Excel dates (or
    'GIU-25 | DIC-25', 'giugno 2025 | dicembre 2025', dates shown 'mmm-yy'). At the year's end the
    December figures count: 1.1 100%, 2.1 94,4% (was June's 31%: 51,67%)."""
    rows = [["1. Appropriatezza", "1.1 Tasso di ospedalizzazione", "<= 130", 140, 120],
            ["2. Prevenzione", "2.1 Copertura vaccinale", ">= 95%", 0.31, 0.8968]]
    for label, (june, december), fmt in [
            ("date", (dt.datetime(2025, 6, 30), dt.datetime(2025, 12, 31)), None),
            ("abbreviated", ("GIU-25", "DIC-25"), None),
            ("words", ("giugno 2025", "dicembre 2025"), None),
            ("month-format", (dt.datetime(2025, 6, 1), dt.datetime(2025, 12, 1)), "mmm-yy")]:
        header = [["Obiettivo", "Indicatore", "Target", "Risultato raggiunto", None],
                  [None, None, None, june, december]]
        formats = {"D2": fmt, "E2": fmt} if fmt else None
        path = _book(tmp_path / f"asl_{label}.xlsx", header, rows, year=2025, formats=formats,
                     merged=("A1:A2", "B1:B2", "C1:C2", "D1:E1"))
        result, data, grades = _run(path)
        assert grades["1.1"] == 100.0 and round(grades["2.1"], 2) == 94.4, (label, grades)


def test_expected_result_of_each_year_is_a_target_of_that_year(tmp_path):
    """A ministry's 'Risultato atteso 2025 | 2026 | 2027' in a 2026 plan: the 2026 column (1,5/1,7 =
    88,24% and 92/93 = 98,92%: objective 1.1 93,58%), not 2025's (was '2 su 2 = 100%')."""
    header = [["Obiettivo specifico", "Obiettivo annuale", "Indicatore", "Risultato atteso 2025",
               "Risultato atteso 2026", "Risultato atteso 2027", "Valore a consuntivo", "Peso"]]
    rows = [["1. Efficienza della spesa", "1.1 Riduzione dei debiti", "1.1.1 Stock debiti scaduti", "<= 2,0", "<= 1,5",
             "<= 1,0", 1.7, 50],
            [None, None, "1.1.2 Fatture pagate entro 30 gg", ">= 90%", ">= 93%", ">= 95%", "92%", 50],
            ["2. Trasparenza", "2.1 Pubblicazione tempestiva", "2.1.1 Dati pubblicati", "100%", "100%", "100%",
             "100%", 100]]
    _, data, grades = _run(_book(tmp_path / "ministero.xlsx", header, rows, year=2026))
    assert round(grades["1.1"], 2) == 93.58 and grades["2.1"] == 100.0


def test_the_years_own_target_and_weight_not_the_three_years_or_another_years(tmp_path):
    # a university: 'Target triennio 2025-2027' beside 'Target 2025'
    header = [["Ambito strategico", "Obiettivo operativo", "Indicatore", "Target triennio 2025-2027", "Target 2025",
               "Target 2026", "Valore raggiunto 2025"]]
    rows = [["D. Didattica", "D.1 Regolarità delle carriere", "D.1.1 Laureati in corso", ">= 65%", ">= 55%", ">= 60%",
             "57%"]]
    _, data, grades = _run(_book(tmp_path / "ateneo.xlsx", header, rows, year=2025))
    assert grades["D.1"] == 100.0  # 57% against 55% (against 65%: 87,69%)
    # 'Target 2025 | Peso 2025 | Target 2026 | Peso 2026' in a 2026 plan: 2026's weights
    header = [["Obiettivo operativo", "Indicatore", "Target 2025", "Peso 2025", "Target 2026", "Peso 2026",
               "Consuntivo 2026"]]
    rows = [["1. Efficienza", "1.1 Pratiche evase", ">= 90%", 80, ">= 90%", 20, "95%"],
            [None, "1.2 Tempi medi (giorni)", "<= 30", 20, "<= 30", 80, 60]]
    _, data, grades = _run(_book(tmp_path / "pesi.xlsx", header, rows, year=2026))
    assert grades["1"] == 60.0  # 100 × 0,2 + 50 × 0,8 (with 2025's weights: 90)


def test_a_flattened_header_of_years_keeps_its_role(tmp_path):
    """'Valore atteso 2025 | 2026 | 2027' as a conversion from PDF leaves it: in a 2026 plan the
    column '2026' is the target (was refused: no target column)."""
    header = [["Obiettivo operativo", "KPI", "Valore atteso 2025", "2026", "2027", "Valore consuntivo 2026"]]
    rows = [["1. Digitale", "1.1 Servizi online", ">= 10", ">= 20", ">= 30", 15]]
    _, data, grades = _run(_book(tmp_path / "piatto.xlsx", header, rows, year=2026))
    assert grades["1.1"] == 75.0  # 15 of 20 (of 10: 100%)


def test_last_years_measure_beside_the_targets_does_not_set_the_plans_year(tmp_path):
    """'Consuntivo 2024 | Target 2025 | Target 2026 | Target 2027 | Consuntivo' under 'PIAO 2025-2027':
    the plan is 2025's and 'Consuntivo 2024' last year's value (was read as a 2024 plan, every
    target dropped, exit 1)."""
    header = [["Obiettivo", "Indicatore", "Consuntivo 2024", "Target 2025", "Target 2026", "Target 2027", "Consuntivo"]]
    rows = [["1. Servizi", "1.1 Pratiche evase", 80, ">= 85", ">= 90", ">= 95", 85]]
    result, data, grades = _run(_book(tmp_path / "piao.xlsx", header, rows, title="PIAO 2025-2027"))
    assert grades["1.1"] == 100.0 and data["anno"] == 2025, result.output
    assert "colonna-target-mancante" not in _codes(data)


def test_targets_of_several_years_and_no_plan_year_are_not_guessed(tmp_path):
    header = [["Obiettivo operativo", "Indicatore", "Target 2025", "Target 2026", "Target 2027", "Consuntivo"]]
    rows = [["1. Servizi", "1.1 Pratiche evase", ">= 85", ">= 90", ">= 95", 88]]
    result, data, grades = _run(_book(tmp_path / "senza_anno.xlsx", header, rows))
    asked = [f for f in data["anomalie"] if f["codice"] == "anno-da-indicare"]
    assert result.exit_code == 1 and len(asked) == 1 and asked[0]["cella"] == "C1"
    assert "'Target 2025', 'Target 2026', 'Target 2027'" in asked[0]["messaggio"]
    assert "colonna-target-mancante" not in _codes(data) and grades["1.1"] is None


def test_a_june_monitoring_is_computed_at_june(tmp_path):
    """Only 'Valore al 30/06/2025' (or 'Valore raggiunto I semestre 2025'), no monthly data, no period
    asked: the run is June's, the year's targets in progress (was graded as final: a deadline of
    October 'not met', 0%)."""
    for header_text in ("Valore al 30/06/2025", "Valore raggiunto I semestre 2025"):
        header = [["Obiettivo", "Indicatore", "Target", header_text]]
        rows = [["1. Semplificazione", "1.1 Regolamento approvato", "entro il 31/10/2025", None],
                [None, "1.2 Pratiche evase", ">= 1000", 450]]
        result, data, grades = _run(_book(tmp_path / "giugno.xlsx", header, rows, year=2025))
        nodes = {n["codice"]: n for n in data["nodi"]}
        assert data["periodo"] == "2025-06", data.get("periodo")
        assert nodes["1.1"]["stato"] == "in corso" and nodes["1.2"]["stato"] == "in corso"
        said = [f for f in data["anomalie"] if f["codice"] == "periodo-dedotto"]
        assert len(said) == 1 and header_text in said[0]["messaggio"] and said[0]["cella"] == "D1"
        # a period asked is the office's: no deduction
        _, data, _ = _run(tmp_path / "giugno.xlsx", "--periodo", "2025-09")
        assert data["periodo"] == "2025-09" and "periodo-dedotto" not in _codes(data)


def test_targets_written_against_the_baseline(tmp_path):
    header = [["Obiettivo", "Indicatore", "Baseline 2024", "Target 2025", "Consuntivo 2025"]]
    rows = [["1. Tempi", "1.1 Tempo medio (giorni)", 40, "<= baseline -10%", 37],
            [None, "1.2 Tempo di pagamento (giorni)", 40, "≤ baseline - 10%", 37],
            ["2. Contenzioso", "2.1 Ricorsi", 200, "<= baseline", 170],
            [None, "2.2 Pratiche", 200, "riduzione del 10% rispetto al dato 2024", 180]]
    result, data, grades = _run(_book(tmp_path / "baseline.xlsx", header, rows, year=2025))
    # 36 days: 36/37; 170 <= 200; 180 <= 180 (were '<= -10%' 0%, '<= 10%' 27%, a measure unknown, asked)
    assert round(grades["1.1"], 2) == 97.3 and round(grades["1.2"], 2) == 97.3
    assert grades["2.1"] == 100.0 and grades["2.2"] == 100.0, result.output


def test_a_change_over_a_year_the_prior_years_column_does_not_hold_is_asked(tmp_path):
    """'incremento del 5% rispetto al 2023' beside 'Valore anno precedente' of a 2025 plan, which holds
    2024's value: which value is meant cannot be told (was computed on 2024's, the note saying 2023)."""
    header = [["Obiettivo", "Indicatore", "Valore anno precedente", "Target", "Consuntivo"]]
    rows = [["1. Entrate", "1.1 Riscossioni (euro)", 250000, "incremento del 5% rispetto al 2023", 255000],
            [None, "1.2 Accertamenti (euro)", 250000, "incremento del 5% rispetto al 2024", 262500]]
    _, data, grades = _run(_book(tmp_path / "precedente.xlsx", header, rows, year=2025))
    nodes = {n["codice"]: n for n in data["nodi"]}
    assert nodes["1.1"]["stato"] == "da verificare" and "2023" in nodes["1.1"]["spiegazione"]
    assert grades["1.2"] == 100.0


def test_one_sheet_per_department_is_not_the_body(tmp_path):
    """A Comune's plan with one sheet per Settore: one sheet is read, and the body's result would be
    that department's ('1 su 1 = 100%, rispettato', exit 0): an error now. Last year's plan kept in
    a sheet of its own stays a warning."""
    header = ["Obiettivo", "Indicatore", "Target", "Consuntivo"]
    first = [["1. Protocollo digitale", "1.1 Documenti protocollati", ">= 90%", "95%"]]
    other = [header, ["2. Tributi", "2.1 Riscossione", ">= 90%", "50%"]]
    path = _book(tmp_path / "settori.xlsx", [header], first, year=2025, sheet="Settore Affari generali",
                 more=[("Settore Finanziario", other)])
    result, data, _ = _run(path)
    found = [f for f in data["anomalie"] if f["codice"] == "altra-tabella"]
    assert result.exit_code == 1 and [f["gravita"] for f in found] == ["errore"], found
    last_year = [["Obiettivo", "Indicatore", "Target 2024", "Consuntivo 2024"],
                 ["2. Tributi", "2.1 Riscossione", ">= 90%", "50%"]]
    path = _book(tmp_path / "anni.xlsx", [["Obiettivo", "Indicatore", "Target 2025", "Consuntivo 2025"]], first,
                 year=2025, sheet="Piano 2025", more=[("Piano 2024", last_year)])
    result, data, _ = _run(path)
    found = [f for f in data["anomalie"] if f["codice"] == "altra-tabella"]
    assert [f["gravita"] for f in found] == ["avviso"] and "del 2024" in found[0]["messaggio"], found


def test_rilevazione_intermedia_and_finale_are_actuals(tmp_path):
    """'Rilevazione intermedia | Rilevazione finale' (a university's monitoring): the final one at the
    year's end (was refused: no actual column)."""
    header = [["Obiettivo", "Indicatore", "Target", "Rilevazione intermedia", "Rilevazione finale"]]
    rows = [["1. Servizi", "1.1 Pratiche evase", ">= 100", 40, 110]]
    _, data, grades = _run(_book(tmp_path / "rilevazioni.xlsx", header, rows, year=2025))
    assert grades["1.1"] == 100.0 and "consuntivi-assenti" not in _codes(data)


def test_a_minus_written_apart_from_a_percentage_is_asked():
    """'- 10%' was read as '>= 10%': a reduction written with the sign apart, or a bullet? Asked;
    '-10%' stays a reduction, '- 10 pratiche' a bullet before a count."""
    from piano_xlsx.core.targets import parse_target

    spaced = parse_target("- 10%", year=2025)
    assert spaced.uncertain and "trattino staccato dal numero ('- 10%')" in spaced.reasons[0]
    assert parse_target("-10%", year=2025).kind == "baseline"
    bullet = parse_target("- 10 pratiche", year=2025)
    assert (bullet.kind, bullet.comparator, bullet.value, bullet.uncertain) == ("value", ">=", 10.0, False)


def test_review_of_the_year_columns(tmp_path):
    """Found in review of the rules above: 'Risultati attesi 2025-2027' in words beside 'Target' is the
    description, not the target; 'Target triennio 2025-2027 | Target 2025' with no plan year is 2025's;
    'Target 2025-2027 | Target' reads 'Target'; a month span names its last month; a date sub-header
    shown as a year is its date; 'Peso 2025' alone in a 2026 plan is said."""
    header = [["Obiettivo", "Indicatore", "Risultati attesi 2025-2027", "Target", "Consuntivo"]]
    rows = [["1. Trasparenza", "1.1 Sezioni aggiornate", "Almeno 10 sezioni aggiornate ogni anno", ">= 12", 11]]
    _, _, grades = _run(_book(tmp_path / "descrizione.xlsx", header, rows, year=2025))
    assert round(grades["1.1"], 2) == 91.67  # 11 of 12 (of 10: 100%)
    rows = [["1. Servizi", "1.1 Pratiche evase", ">= 900", ">= 300", 320]]
    for columns, year in ((["Target triennio 2025-2027", "Target 2025"], None), (["Target 2025-2027", "Target"], 2025)):
        header = [["Obiettivo", "Indicatore", *columns, "Consuntivo 2025"]]
        _, data, grades = _run(_book(tmp_path / "triennio.xlsx", header, rows, year=year))
        assert grades["1.1"] == 100.0 and data["anno"] == 2025, columns  # 320 of 300 (of 900: 35,56%)
    header = [["Obiettivo", "Indicatore", "Target", "Valore rilevato gennaio-giugno 2025"]]
    rows = [["1. Servizi", "1.1 Pratiche evase", ">= 300", 200]]
    _, data, _ = _run(_book(tmp_path / "semestre.xlsx", header, rows, year=2025))
    assert data["periodo"] == "2025-06"
    header = [["Obiettivo", "Indicatore", "Target", "Risultato raggiunto", None],
              [None, None, None, dt.datetime(2025, 6, 30), dt.datetime(2025, 12, 31)]]
    rows = [["1. Servizi", "1.1 Pratiche evase", ">= 300", 150, 310]]
    _, data, grades = _run(_book(tmp_path / "anni.xlsx", header, rows, year=2025, formats={"D2": "yyyy", "E2": "yyyy"},
                                 merged=("A1:A2", "B1:B2", "C1:C2", "D1:E1")))
    assert grades["1.1"] == 100.0  # December's 310 (June's 150: 50%)
    header = [["Obiettivo", "Indicatore", "Target 2026", "Peso 2025", "Consuntivo 2026"]]
    rows = [["1. Servizi", "1.1 Pratiche evase", ">= 100", 70, 100], [None, "1.2 Tempi (giorni)", "<= 10", 30, 20]]
    _, data, grades = _run(_book(tmp_path / "pesi.xlsx", header, rows, year=2026))
    said = [f for f in data["anomalie"] if f["codice"] == "peso-di-altro-anno"]
    assert grades["1"] == 75.0 and len(said) == 1 and said[0]["cella"] == "D1"  # equal weights, and said


def test_keeping_the_starting_value_goes_the_indicators_way(tmp_path):
    """'mantenimento del valore di partenza' of a time is '<=' it; of complaints, asked (found in review:
    read as '>=', 25 days against 30 scored 83,33%)."""
    header = [["Obiettivo", "Indicatore", "Baseline", "Target", "Consuntivo"]]
    rows = [["1. Tempi", "1.1 Tempo medio di pagamento (giorni)", 30, "mantenimento del valore di partenza", 25],
            ["2. Qualità", "2.1 Reclami ricevuti", 50, "mantenimento della baseline", 45]]
    _, data, grades = _run(_book(tmp_path / "mantenimento.xlsx", header, rows, year=2025))
    nodes = {n["codice"]: n for n in data["nodi"]}
    assert grades["1.1"] == 100.0 and nodes["2.1"]["stato"] == "da verificare"
