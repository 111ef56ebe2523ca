"""Found by a probe of 347 target and actual wordings as real plans and Relazioni write them
(ratios, scales, money in millions, deadlines in the indicator's text): each a wrong number printed
with exit code 0, or a plain wording refused."""

from __future__ import annotations

import pytest

from piano_xlsx.core.compute import DA_VERIFICARE, compute
from piano_xlsx.read.load import verify

from .conftest import table

YEAR = {"Impostazioni": {"cells": {(1, 1): "Anno del piano", (1, 2): 2024}}}
HEADER = ["Obiettivo", "Indicatore", "Target", "Consuntivo"]


def _one(book, indicator, target, actual, header=HEADER, extra=()):
    rows = [["1. Obiettivo in prova", indicator, target, actual, *extra],
            ["2. Obiettivo di controllo", "Numero di controlli effettuati", ">= 10", 10, *([None] * len(extra))]]
    plan, report = verify(book(table(rows, header, extra=YEAR)))
    outcome = compute(plan)
    return plan, report, outcome


@pytest.mark.parametrize("indicator, target, actual", [
    ("Rapporto tra pratiche evase e pratiche ricevute", ">= 1", "95%"),
    ("Rapporto pratiche anno t / anno t-1", "1,00", "90%"),
    ("Indice di rigidità", "<= 1", "105%"),
    ("Customer satisfaction (scala 1-5)", ">= 4", "60%"),
    ("Valutazione media dei corsi (scala 1-10)", ">= 7", "65%"),
    ("Numero di eventi organizzati", ">= 10", "80%")])
def test_a_plain_target_far_below_a_percentage_actual_is_asked(book, indicator, target, actual):
    # '>= 1' beside '95%' was 1%, the actual 95 times it: 100% 'raggiunto' ('<= 1' beside 105%: 0,95%)
    plan, report, outcome = _one(book, indicator, target, actual)
    assert outcome.results["1.1"].status == DA_VERIFICARE
    assert any(f.code == "unita-da-verificare" and "non ha il simbolo %" in f.message
               for f in report.findings + outcome.findings)


@pytest.mark.parametrize("indicator, target, actual", [
    ("Grado di soddisfazione degli utenti", ">= 80%", 4),
    ("Valutazione media dei corsi", ">= 70%", 7),
    ("Questionari restituiti", "= 90%", 10),
    ("Indice di gradimento", "70% - 90%", 3.5)])
def test_a_plain_actual_far_below_a_percentage_target_is_asked(book, indicator, target, actual):
    # a mark of 4 (on 5) beside '>= 80%' was read as 4%: 5% 'non raggiunto' with exit 0 (trial G's last
    # case); the written formula asks as the run does (the grid of tests/test_units.py)
    plan, report, outcome = _one(book, indicator, target, actual)
    assert outcome.results["1.1"].status == DA_VERIFICARE
    assert any(f.code == "unita-da-verificare" and "non ha il simbolo %" in f.message and f"consuntivo {actual}".replace(".", ",") in f.message
               for f in report.findings + outcome.findings)


@pytest.mark.parametrize("indicator, target, actual, grado", [
    ("Grado di soddisfazione degli utenti", ">= 80%", 72, 90.0),  # points near the target
    ("Grado di soddisfazione degli utenti", ">= 80%", 16, 20.0),  # a fifth of it: still read as points
    ("Grado di soddisfazione degli utenti", ">= 80%", 0, 0.0),
    ("Percentuale di pratiche evase", ">= 80%", 4, 5.0),  # the indicator says the values are percentages
    ("Tasso di assenza del personale", "<= 20%", 3, 100.0)])  # a share to keep low: a small one is the aim
def test_a_plain_actual_below_a_percentage_target_is_read_where_it_can_be(book, indicator, target, actual, grado):
    plan, report, outcome = _one(book, indicator, target, actual)
    assert outcome.results["1.1"].grado == pytest.approx(grado)


@pytest.mark.parametrize("target, actual, grado", [
    ("90", "92%", 100.0), (">= 80", "60%", 75.0), ("<= 5", "4%", 100.0), ("<= 10", "1%", 100.0),
    (">= 1,2", "110%", 110 / 1.2)])
def test_a_plain_target_near_its_percentage_actual_is_still_read(book, target, actual, grado):
    plan, report, outcome = _one(book, "Percentuale di pratiche evase", target, actual)
    assert outcome.results["1.1"].grado == pytest.approx(grado)


@pytest.mark.parametrize("indicator, target, actual", [
    ("Proventi riscossi (mln €)", ">= 1,5", 1450000),
    ("Riscossione diritto annuale (migliaia di euro)", ">= 1.500", "1.450.000 €"),
    ("Contributi erogati alle imprese, in migliaia di euro", ">= 800", 790000)])
def test_a_magnitude_in_the_indicators_text_asks_about_figures_that_far_apart(book, indicator, target, actual):
    # 1.450.000 against '>= 1,5' for '(mln €)' scored 100%, the explanation saying 96.666.666,67%; with
    # the same words in a unit column it was asked
    plan, report, outcome = _one(book, indicator, target, actual)
    assert outcome.results["1.1"].status == DA_VERIFICARE
    assert any(f.code == "unita-da-verificare" and "con l'indicatore in" in f.message for f in report.findings + outcome.findings)


def test_figures_written_in_the_indicators_magnitude_are_scored(book):
    plan, report, outcome = _one(book, "Proventi riscossi (mln €)", ">= 1,5", 1.45)
    assert outcome.results["1.1"].grado == pytest.approx(1.45 / 1.5 * 100)


_IN_TEXT = ("Adozione del regolamento entro il 30/06/2024", "SI")
_IN_TARGET = ("Adozione del regolamento", "entro il 30/06/2024")


@pytest.mark.parametrize("where, actual, status, grado", [
    # 'Adozione del regolamento entro il 30/06/2024 | SI | SI, adottato il 15/07/2024' scored 100%: the date
    # in the indicator's text was not seen, while the same words in the target cell gave 0%
    (_IN_TEXT, "SI, adottato il 15/07/2024", "non raggiunto", 0.0), (_IN_TEXT, "SI, adottato il 20/06/2024", "raggiunto", 100.0),
    (_IN_TEXT, "SI", DA_VERIFICARE, None), (_IN_TEXT, "NO", "non raggiunto", 0.0),
    # 'entro il 30/06/2024' against 'SI, adottato il 15/07/2024' was an error (exit 1), while the same actual
    # against 'Adozione del regolamento entro il 30/06/2024' was read
    (_IN_TARGET, "SI, adottato il 15/07/2024", "non raggiunto", 0.0),
    (_IN_TARGET, "SI, con DCC n. 12 del 20/06/2024", "raggiunto", 100.0),
    (_IN_TARGET, "sì, con delibera n. 12 del 3/4/2024", "raggiunto", 100.0),
    (_IN_TARGET, "SI, con DGR n. 12/2024", DA_VERIFICARE, None)])
def test_a_milestones_deadline_and_the_acts_date_after_si(book, tmp_path, where, actual, status, grado):
    from .test_misreadings import recalculates

    rows = [["1. Regolamenti", *where, actual]]
    source = book(table(rows, HEADER, extra=YEAR))
    plan, report = verify(source)
    outcome = compute(plan)
    assert str(outcome.results["1.1"].status) == str(status)
    assert outcome.results["1.1"].grado == grado
    assert not report.errors
    recalculates(plan, report, outcome, source, tmp_path)


def test_a_date_of_another_year_in_the_indicators_text_is_not_this_years_deadline(book):
    rows = [["1. Regolamenti", "Adozione del regolamento entro il 30/06/2025", "SI", "SI"]]
    plan, report = verify(book(table(rows, HEADER, extra=YEAR)))
    assert compute(plan).results["1.1"].grado == 100.0


@pytest.mark.parametrize("target, actual, grado", [
    ("100% delle pratiche evase entro 5 gg", "99,3%", 99.3), ("100% entro 30 gg", "97%", 97.0),
    (">= 95% entro 30 giorni dalla richiesta", "95%", 100.0), (">= 80/100", 76, 95.0), (">= 80 su 100", 76, 95.0),
    (">= 7", "7,2/10", 100.0), (">= 4", "3,8/5", 95.0), (">= 4", "4,0/5", 100.0)])
def test_shares_within_a_time_and_marks_on_a_scale_are_read(book, tmp_path, target, actual, grado):
    # '100% delle pratiche evase entro 5 gg' (Camere di commercio) was asked as two values, '100%' and '5 gg';
    # '>= 80/100' too; '7,2/10' beside '>= 7' was an error (found in a trial)
    from .test_misreadings import recalculates

    rows = [["1. Servizi", "Pratiche evase nei tempi", target, actual]]
    source = book(table(rows, HEADER, extra=YEAR))
    plan, report = verify(source)
    outcome = compute(plan)
    assert outcome.results["1.1"].grado == pytest.approx(grado)
    assert not report.errors
    recalculates(plan, report, outcome, source, tmp_path)


def test_two_shares_within_two_times_stay_asked():
    from piano_xlsx.core.targets import parse_target

    assert parse_target("100% entro 30 gg e 90% entro 15 gg", year=2024).uncertain
    assert parse_target("80/100", year=2024).uncertain  # a bare '80/100' may be a date or two values


@pytest.mark.parametrize("text, comparator, value", [
    ("voto medio >= 7/10", ">=", 7.0), ("punteggio medio almeno 4 su 5", ">=", 4.0), ("> = 90%", ">=", 90.0),
    ("< = 30 gg", "<=", 30.0)])
def test_a_vote_named_before_its_scale_and_a_spaced_comparator_are_read(text, comparator, value):
    from piano_xlsx.core.targets import parse_target

    target = parse_target(text, year=2024)
    assert (target.comparator, target.value, target.uncertain, target.text) == (comparator, value, False, text)
    assert parse_target("voto 7/10", year=2024).uncertain  # no comparator: '7/10' may be a date


@pytest.mark.parametrize("target, actual", [(">= 0,95", "4,5/5"), (">= 1", "9,5/10")])
def test_a_share_written_with_a_slash_beside_a_ratio_target_is_still_asked(book, target, actual):
    # '4,5/5' beside '>= 0,95' was read as a vote of 4,5: 100% where 90% against 95% is 94,7% (found in review)
    plan, report, outcome = _one(book, "Indice di soddisfazione", target, actual)
    assert outcome.results["1.1"].grado is None
    assert any(f.code == "consuntivo-non-valido" for f in report.findings)


@pytest.mark.parametrize("header, indicator, target, actual, grado", [
    ("Target %", "Crescita degli utenti dei servizi online", 10, "60%", 100.0),
    ("Target", "Percentuale di incremento degli utenti", 10, "60%", 100.0),
    ("Target", "Quota di pratiche digitali", ">= 0,1", "60%", 100.0)])
def test_a_plain_target_where_something_says_percent_is_a_percentage(book, header, indicator, target, actual, grado):
    # 'Target %' with 10 beside '60%', or 'Percentuale di ...', or '0,1' read as 10%: asked after the change
    # for ratios (found in review), though the README reads them as percentages
    plan, report, outcome = _one(book, indicator, target, actual, header=["Obiettivo", "Indicatore", header, "Consuntivo"])
    assert outcome.results["1.1"].grado == pytest.approx(grado)


def test_a_text_with_two_dates_gives_the_milestone_no_deadline(book):
    # 'Report ... entro il 30/06/2024 e il 31/12/2024' took the first date: 'SI, pubblicato il 20/12/2024'
    # scored 0% (found in review); one date is taken, and said
    rows = [["1. Report", "Report di monitoraggio entro il 30/06/2024 e il 31/12/2024", "SI", "SI, pubblicato il 20/12/2024"],
            ["2. Atti", "Adozione del regolamento entro il 30/06/2024", "SI", "SI, adottato il 15/07/2024"]]
    plan, report = verify(book(table(rows, HEADER, extra=YEAR)))
    outcome = compute(plan)
    assert outcome.results["1.1"].grado == 100.0 and outcome.results["2.1"].grado == 0.0
    assert [f.location.cell for f in report.findings if f.code == "scadenza-dal-testo"] == ["C3"]


@pytest.mark.parametrize("target, actual", [("gradimento medio >= 4/5", 72), ("voto medio >= 7/10", 0.65),
                                            (">= 3,5/5", "80%")])
def test_an_actual_off_the_targets_scale_is_asked(book, target, actual):
    # 'gradimento medio >= 4/5' beside 72 (a score out of 100) scored 100%, '>= 7/10' beside 0,65 9,29% (review)
    plan, report, outcome = _one(book, "Gradimento dei corsi", target, actual)
    assert outcome.results["1.1"].status == DA_VERIFICARE
    assert any(f.code == "unita-da-verificare" and "non è su quella scala" in f.message
               for f in report.findings + outcome.findings)


@pytest.mark.parametrize("target, actual, grado", [(">= 80/100", "85%", 100.0), ("<= 2/5", 0.5, 100.0),
                                                   ("<= 2/10", 0.8, 100.0), (">= 3,5/5", 3.8, 100.0)])
def test_marks_on_their_scale_are_still_scored(book, target, actual, grado):
    # a percentage on a scale of 100, a low mark for a mark to keep low (found in a third review: asked)
    plan, report, outcome = _one(book, "Valutazione media", target, actual)
    assert outcome.results["1.1"].grado == pytest.approx(grado)


@pytest.mark.parametrize("target", ["= 4/5", "= 8/10"])
def test_a_fraction_beside_an_exact_mark_is_asked(book, target):
    # '= 4/5' beside 0,8 scored 20% once only '>=' marks asked about fractions (found in a fourth review)
    plan, report, outcome = _one(book, "Gradimento dei corsi", target, 0.8)
    assert outcome.results["1.1"].status == DA_VERIFICARE


# --- a second probe of real wordings (ASL, universities, Comuni, ministries, Camere di commercio)

@pytest.mark.parametrize("target, actual, grado", [
    ("≥ € 9M", "8,7M€", 8.7 / 9 * 100), (">= EUR 9M", "8,7M€", 8.7 / 9 * 100),
    (">= € 9.000k", 8700000, 8.7 / 9 * 100), ("≥ € 1,5M", "1.450.000", 1.45 / 1.5 * 100),
    (">= 9.000.000", "€ 8,7M", 8.7 / 9 * 100), (">= 9.000.000", "EUR 8,7M", 8.7 / 9 * 100),
    (">= 9.000.000", "€ 8.700k", 8.7 / 9 * 100), ("<= € 2M", 1900000, 100.0)])
def test_a_magnitude_after_the_currency_is_read(book, target, actual, grado):
    # '€ 9M' lost its M: 9 against 8.700.000 scored 100% (or 8,7 against 9.000.000, 0%)
    plan, report, outcome = _one(book, "Proventi correnti", target, actual)
    assert outcome.results["1.1"].grado == pytest.approx(grado)


@pytest.mark.parametrize("target, actual", [(">= 9 M", 8700000), (">= 9.000.000", "8,7 M")])
def test_a_bare_m_after_a_number_is_asked(book, target, actual):
    # millions or metres? 9 against 8.700.000 scored 100%
    plan, report, outcome = _one(book, "Proventi correnti", target, actual)
    assert outcome.results["1.1"].status == DA_VERIFICARE or any(
        f.location is not None and f.severity == "errore" for f in report.findings)


@pytest.mark.parametrize("indicator, target, actual", [
    ("Percentuale di pazienti presi in carico dal CSM", ">= 40%", "+3,2%"),
    ("Quota di pratiche online", "80%", "+4%"),
    ("Grado di riscossione", ">= 75%", "-2,1%"),
    ("Tasso di assenza", "<= 5%", "+1,5%")])
def test_a_signed_actual_beside_a_level_is_asked(book, indicator, target, actual):
    # '+3,2%' (a change, as Relazioni write it) beside '>= 40%' was read as 3,2%: 8%, exit 0
    plan, report, outcome = _one(book, indicator, target, actual)
    assert outcome.results["1.1"].status == DA_VERIFICARE
    assert any("come una variazione" in f.message for f in report.findings + outcome.findings)


def test_a_signed_actual_of_a_change_indicator_is_its_value(book):
    plan, report, outcome = _one(book, "Incremento delle imprese iscritte", ">= 5%", "+6%")
    assert outcome.results["1.1"].grado == pytest.approx(100.0)


def test_a_capacity_to_spend_is_still_to_reach(book):
    plan, report, outcome = _one(book, "Capacità di spesa dei fondi assegnati", "80", "90")
    assert outcome.results["1.1"].grado == pytest.approx(100.0)


def test_a_figure_not_measured_as_relazioni_write_it_is_not_available(book):
    # 'non rilevato' was an error (exit 1); 'non rilevabile' and 'n.d.' were already not available
    plan, report, outcome = _one(book, "Tasso di copertura dello screening", ">= 60%", "non rilevato")
    assert outcome.results["1.1"].status == "non valutabile"
    assert not [f for f in report.findings if f.severity == "errore"]


def test_the_date_a_figure_is_at_in_brackets_is_a_note(book):
    # '96% (al 30/11)' was an error (exit 1), where '92% (dato provvisorio)' was read
    plan, report, outcome = _one(book, "Percentuale di pratiche evase nei termini", ">= 95%", "96% (al 30/11)")
    assert outcome.results["1.1"].grado == pytest.approx(100.0)
    assert any(f.code == "consuntivo-con-nota" for f in report.findings + outcome.findings)


def test_a_position_in_a_ranking_is_asked(book):
    # 5th place against a target of 10th scored 50% 'non raggiunto' ('Posizione nella classifica' unmatched)
    plan, report, outcome = _one(book, "Posizione nella classifica Censis", "10", "5")
    assert outcome.results["1.1"].status == DA_VERIFICARE


# found by the second probe and by the reviews of its fixes: what is asked (kept low, or a change written
# as a level), each scored with exit 0 before
@pytest.mark.parametrize("indicator, target, actual", [
    # read as a minimum: 28% against 30% of personnel spending scored 93,33%, 15 appeals against 20 75%
    ("Incidenza della spesa di personale sulla spesa corrente", "30%", "28%"),
    ("Rapporto tra spesa di personale ed entrate correnti", "30%", "28%"),
    ("Incidenza degli oneri finanziari sulla spesa corrente", "3%", "2,5%"),
    ("Spesa per utenze (euro)", "100.000", "95.000"),
    ("Percentuale di pratiche respinte", "10%", "8%"),
    ("Tasso di sospensione delle pratiche", "15%", "12%"),
    ("Tasso di inappropriatezza dei ricoveri", "10%", "8%"),
    ("Incidenza dei residui attivi sulle entrate", "20%", "15%"),
    ("Indice di indebitamento", "15%", "12%"),
    ("Numero di ricorsi", "20", "15"), ("Numero di sinistri", "50", "40"),
    ("Rifiuti prodotti pro capite (kg)", "450", "430"), ("Posizione nel ranking Censis", "10", "8"),
    # narrowed too far in review 3, said again by review 4: each scored as a minimum with exit 0
    ("Incidenza degli oneri per il personale sulla spesa corrente", "30%", "28%"),
    ("Incidenza della spesa corrente sulle entrate correnti", "70%", "65%"),
    ("Ricorsi accolti contro l'ente", "5", "3"),
    ("Sinistri stradali con feriti", "50", "40"),
    ("Quantità di rifiuti prodotti (t)", "12000", "11000"),
    ("Residui attivi al 31/12", "2.000.000", "1.800.000"),
    # review 3's narrowing read these changes as levels (15%, 0%, 3,33%, 7,69%), exit 0 (review 4)
    ("Numero di accessi al portale", ">= 10.000", "+1.500"),
    ("Pratiche evase nei termini (%)", ">= 90%", "-3%"),
    ("Soddisfazione degli utenti", ">= 80%", "-5%"),
    ("Percentuale di pratiche evase", ">= 0,9", "+0,03"),
    ("Percentuale di raccolta differenziata", ">= 65%", "+5%"),
    ("Rispetto dei termini di pagamento", ">= 95%", "+3%"),
    # review 5: kept low, scored as minimums once 'ricorso a' took the next word out; a '-' read as a level
    # ('in tempo utile', 'Tempestività di evasione'); 'rispetto al totale' taken for a change
    ("Ricorso agli straordinari (ore)", "1.000", "900"),
    ("Ricorso a ricoveri ripetuti (%)", "5%", "4%"),
    ("Percentuale di ricorso al taglio cesareo", "20%", "18%"),
    ("Pratiche evase in tempo utile (%)", ">= 90%", "-3%"),
    ("Tempestività di evasione delle pratiche (%)", ">= 90%", "-2%"),
    ("Percentuale di pazienti presi in carico rispetto al totale", ">= 60%", "+5%"),
])
def test_kept_low_and_signed_actuals_are_asked(book, indicator, target, actual):
    plan, report, outcome = _one(book, indicator, target, actual)
    assert outcome.results["1.1"].status == DA_VERIFICARE


# ... and what is read: a sign that is part of the level, what is to reach among the words kept low
@pytest.mark.parametrize("indicator, target, actual, grado", [
    # a signed actual where the sign is part of the level (found in review: asked)
    ("Indicatore annuale di tempestività dei pagamenti", "<= 0", "+3,5", 0.0),
    ("Net Promoter Score", ">= +20%", "+35%", 100.0),
    ("Saldo tra imprese iscritte e cessate", ">= 0", "+12", 100.0),
    ("Margine operativo", ">= 2%", "-1,5%", 0.0),
    # review 5: to reach, asked by the general words; signed levels of what may be negative
    ("Oneri di urbanizzazione riscossi", "1.000.000", "900.000", 90.0),
    ("Percentuale di rifiuti prodotti avviati a recupero", "60%", "55%", 55 / 60 * 100),
    ("Percentuale di sinistri liquidati entro 90 giorni", "80%", "85%", 100.0),
    ("Incidenza della spesa in conto capitale sulla spesa totale", "20%", "18%", 90.0),
    ("Rapporto spesa investimenti/spesa corrente", "25%", "30%", 100.0),
    ("Risultato economico dell'esercizio", ">= 50.000", "-120.000", 0.0),
    ("Net Promoter Score", ">= 30", "+35", 100.0),
    ("Ritardo medio ponderato dei pagamenti (giorni)", "<= 5", "-8", 100.0),
    ("Percentuale di pazienti presi in carico rispetto al 2023", ">= 5%", "+6%", 100.0),
    # to reach, caught by the new words for what is kept low (found in review: asked)
    ("Ricorso al MEPA per gli acquisti", "80%", "85%", 100.0),
    ("Rapporto tra spesa per investimenti e spesa corrente", "20%", "25%", 100.0),
    ("Riscossione dei residui attivi", "70%", "75%", 100.0),
    ("Percentuale di raccolta differenziata dei rifiuti prodotti", "65%", "70%", 100.0),
    ("Ricorsi vinti dall'ente", "10", "12", 100.0),
])
def test_signed_levels_and_what_is_to_reach_are_read(book, indicator, target, actual, grado):
    plan, report, outcome = _one(book, indicator, target, actual)
    assert outcome.results["1.1"].grado == pytest.approx(grado)
