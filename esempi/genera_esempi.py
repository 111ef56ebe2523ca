"""Genera i due esempi del Piano della Performance 2018 della Camera di commercio di Torino.

    python esempi/genera_esempi.py

scrive, accanto a questo file e sempre con gli stessi byte:

* ``torino-2018.xlsx``: la tabella di collegamento del piano come la tiene l'ufficio, con i
  testi della "Guida alla lettura del Piano" (22 gennaio 2018), senza target né consuntivi;
* ``torino-2018-compilato.xlsx``: lo stesso piano con target, pesi, consuntivi, algoritmi,
  responsabili, dati mensili e obiettivi individuali dei dirigenti. I VALORI SONO INVENTATI
  (lo dice anche il file): servono a mostrare il calcolo.

Testi: verbatim dalla guida; corretti solo gli artefatti dell'estrazione dal PDF (la riga 10.4
finita nella prima colonna, il "≥" reso in LaTeX in 7.2 e 8.2, lo spazio prima dei due punti
dove il PDF sottolineava il titolo di 1.1 e 1.2, l'ultimo parametro dell'obiettivo 1 del
Segretario Generale finito sulla riga 10.1). Refusi dell'originale conservati
("Adegumento", "camerati", "Linea 1- "); i parametri degli obiettivi 3 e 4 del Segretario
Generale sono tronchi nella guida ("... come leva di diffusione delle", "... e sulla") e
restano tronchi: non si inventa il seguito.

Grado di raggiungimento previsto nel file compilato, con il profilo predefinito
(grado = A/T se ">=", T/A se "<=", scadenza rispettata = 100% altrimenti 0%, SI = 100%,
NO = 0%; tetto 100% per indicatore; media pesata, pesi vuoti = uguali; un risultato con
sotto-risultati è la media dei figli; "raggiunto" >= 100%, "parzialmente" >= 70%).
Serie "cumulata" in Dati mensili = totale progressivo: il valore dell'anno è dicembre;
"puntuale" = valore del mese: vale dicembre.

  Ob. 1  pesi 40/30/30. 1.1 calcolato (oneri 63.000.000 - interventi 15.000.000 -
         ammortamenti 9.000.000) / proventi 62.000.000 = 0,629 <= 0,75 -> 100%;
         1.2 calcolato 9.900.000 / 62.000.000 + 225 * 1000 / 222.500 = 0,160 + 1,011 = 1,171
         <= 1,20 -> 100%; 1.3 6,2% <= 8% -> 100%.                        = 100%    raggiunto
  Ob. 10 pesi 20/30/30/20. 10.1 SI; 10.2.1 27/04 entro 30/04; 10.2.2 28/09 entro 30/09;
         10.3.1 29/06 entro 30/06; 10.3.2 14/12 entro 31/12; 10.4 imprese che perdono i
         requisiti 142 = procedimenti di cancellazione avviati 142 -> 100%.   = 100%    raggiunto
  Ob. 2  pesi uguali. 2.1.1 86% >= 80%; 2.1.2 83,1% vs 80,00%; 2.2 79% >= 75%;
         2.3.1 84% >= 80%; 2.3.2 76% >= 70%; 2.4.1 88% >= 80%; 2.4.2 81% >= 80%;
         2.5 tempo medio dicembre 4,3 gg <= 5 gg (tutti i mesi <= 5).      = 100%    raggiunto
  Ob. 3  pesi uguali. 3.1.1 "entro quattro mesi dalla mappatura" non leggibile con certezza:
         segnalato "da verificare", escluso dalla media perché il file compilato lo
         chiede (Impostazioni, 'Risultato da verificare'; consuntivo 18/05/2018);
         3.1.2 10/12 entro dicembre; 3.2 30/11, 3.3 15/10, 3.4 20/12 entro 2018.
                                                                           = 100%    raggiunto
  Ob. 4  pesi uguali. 4.1.1 46 pagine (>= 10 per trimestre, 40 nell'anno) -> 100%;
         4.1.2 SI -> 100% (4.1 = 100%); 4.2 76% vs almeno 80% -> 95%;
         4.3.1 3 report su tre -> 100%; 4.3.2 2 su tre -> 66,67%; 4.3.3 NO -> 0%
         (4.3 = 55,56%); 4.4 iscrizioni dicembre 1.620 >= 1.500 -> 100%.
         (100 + 95 + 55,56 + 100) / 4                                      = 87,64%  parzialmente raggiunto
  Ob. 5  pesi 30/20/25/25. 5.1 22/06 entro giugno; 5.2 2 = 2; 5.3 6 >= cinque;
         5.4 4 >= quattro.                                                 = 100%    raggiunto
  Ob. 6  pesi uguali. 6.1 100% vs 100,00%; 6.2 93,4% >= 90%; 6.3 SI; 6.4 SI.
                                                                           = 100%    raggiunto
  Ob. 7  pesi uguali. 7.1 105% vs 100% (tetto 100%); 7.2 95,8% >= 90%.    = 100%    raggiunto
  Ob. 8  pesi uguali. 8.1 100% vs 100%; 8.2 91,2% >= 90%.                 = 100%    raggiunto
  Ob. 9  pesi uguali. 9.1 concluso il 31/01/2019, scadenza dicembre 2018 -> 0%;
         9.2 procedimenti massivi 41 nel 2018 vs 48 nel 2017 (A/PY) -> 85,42%;
         9.3 212 imprese >= 150 -> 100%; 9.4 "12,5" gg (testo) vs <= 2 gg -> 16%.
         (0 + 85,42 + 100 + 16) / 4                                        = 50,35%  non raggiunto

  Obiettivi di ente raggiunti: 8 su 10 = 80% (1, 2, 3, 5, 6, 7, 8, 10).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import xlsxwriter

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from piano_xlsx.write.template import (  # noqa: E402
    MONTHLY_HEADERS, INDIVIDUAL_HEADERS, month_headers, set_fixed_properties, text_lines, workbook_options,
    write_settings_sheet,
)

PLAIN_FILE = HERE / "torino-2018.xlsx"
FILLED_FILE = HERE / "torino-2018-compilato.xlsx"

ENTE = "Camera di commercio di Torino"
ANNO = 2018
TABLE_SHEET = "Tabella di collegamento"
MONTHLY_SHEET = "Dati mensili"
INDIVIDUAL_SHEET = "Obiettivi individuali"
TITLE = "Piano delle Performance 2018 - 2020"
SUBTITLE = "Tabelle di collegamento fra linee strategiche, obiettivo e risultati attesi"
EXAMPLE_NOTE = ("DATI DI ESEMPIO: target e consuntivi sono inventati per mostrare il calcolo; "
                "il piano è quello della Camera di commercio di Torino 2018")

HEADER_ROWS = (3, 4)  # 0-based: the two header rows (Excel rows 4 and 5)
FIRST_DATA_ROW = 5  # Excel row 6

# columns A..E as in the guide; the filled file adds F..J
HEADERS = ("RIFERIMENTO AL PIANO STRATEGICO", "OBIETTIVI ENTE 2016", "RISULTATI ATTESI")
GROUP_HEADER = "OBIETTIVI E RISULTATI ATTESI"
PERSON_HEADER = "SEGRETARIO GENERALE"
EXTRA_HEADERS = ("Target 2018", "Peso", "Consuntivo", "Algoritmo di calcolo", "Responsabile")
WIDTHS = (20, 28, 50, 42, 52)
EXTRA_WIDTHS = (22, 7, 14, 30, 22)

L1 = "Linea 1 - Pubblica Amministrazione per le imprese"
L1_NOSPACE = "Linea 1- Pubblica Amministrazione per le imprese"  # as the guide writes it for 3 and 4
L2 = "Linea 2 - Sostegno alla competitività delle imprese e dei territori"

AREA_ANAGRAFE = "Area Anagrafe economica"
AREA_FINANZA = "Area Risorse Finanziarie"
AREA_STAFF = "Area Staff Segretario Generale"
AREA_PROMOZIONE = "Area Promozione e Sviluppo del territorio"
AREA_SVILUPPO = "Area Sviluppo del territorio e regolazione del mercato"
SETTORE_COMUNICAZIONE = "Settore Comunicazione esterna ed Urp"


@dataclass(frozen=True)
class Pct:
    """An actual written as a number in a %-formatted cell (0.86 shows as 86,0%)."""
    value: float


@dataclass
class Result:
    code: str
    text: str  # the cell text, code first, as the guide writes it
    target: object = None  # str (free text) or a number
    weight: float | None = None
    actual: object = None  # number, Pct, datetime, or str
    formula: str = ""
    owner: str = ""


@dataclass
class Objective:
    number: int
    line: str
    text: str
    rows: list  # each item: a Result, or a list of Results stacked in one cell


def r(code, text, target=None, weight=None, actual=None, formula="", owner=""):
    return Result(code, text, target, weight, actual, formula, owner)


D = datetime

# --- the plan: entity objectives in the guide's order (1 and 10 on the first page) ------------

OBJECTIVES = [
    Objective(1, L1, "1. Garantire nel tempo la salute organizzativa dell'ente camerale", [
        r("1.1", "1.1 Indicatore economico finanziario di rigidità: dato dal rapporto tra gli oneri correnti "
                 "(al netto degli interventi economici e degli ammortamenti e accantonamenti) e i proventi "
                 "correnti", "<= 0,75", 40, None,
          "(oneri_correnti - interventi_economici - ammortamenti_accantonamenti) / proventi_correnti",
          AREA_FINANZA),
        r("1.2", "1.2 Indicatore di equilibrio economico finanziario: sommatoria tra due indicatori distinti: "
                 "l'indice risorse umane – rappresentato dal rapporto tra costi del personale (a tempo "
                 "indeterminato, determinato e somministrato) e proventi correnti – e l'indice di equilibrio "
                 "medio dimensionale – definito nel rapporto assoluto tra il numero dei dipendenti in servizio "
                 "per mille e il numero di imprese attive iscritte al registro delle imprese", "<= 1,20", 30, None,
          "costi_personale / proventi_correnti + dipendenti * 1000 / imprese_attive", AREA_FINANZA),
        r("1.3", "1.3 Indice gestionale di assenteismo complessivo", "<= 8%", 30, Pct(0.062), owner=AREA_STAFF),
    ]),
    Objective(10, L1, "10. Favorire il miglioramento dell'efficienza interna dell'ente, il contenimento dei "
                      "costi e la tutela delle entrate", [
        r("10.1", "10.1 Revisione intranet come strumento per favorire la condivisione fra il personale delle "
                  "informazioni (normativa esterna e interna, iniziative che coinvolgono l'ente, atti tipo, ...) "
                  "e per agevolare l'accesso a strumenti e applicativi interni", "SI", 20, "SI", owner=AREA_STAFF),
        r("10.2", "10.2 Verifica dinamica requisiti agenti di affari in mediazione, spedizionieri (entro il 30 "
                  "aprile 2018) agenti e rappresentanti (entro il 30 settembre 2018). Tutte le posizioni "
                  "iscritte nel RI adeguatamente informate per invio pratica comunica", None, 30,
          owner=AREA_ANAGRAFE),
        r("10.2.1", "10.2.1 Verifica dinamica requisiti agenti di affari in mediazione, spedizionieri (entro il "
                    "30 aprile 2018). Tutte le posizioni iscritte nel RI adeguatamente informate per invio "
                    "pratica comunica", "entro il 30/04/2018", None, D(2018, 4, 27), owner=AREA_ANAGRAFE),
        r("10.2.2", "10.2.2 Verifica dinamica requisiti agenti e rappresentanti (entro il 30 settembre 2018). "
                    "Tutte le posizioni iscritte nel RI adeguatamente informate per invio pratica comunica",
          "entro il 30 settembre 2018", None, D(2018, 9, 28), owner=AREA_ANAGRAFE),
        r("10.3", "10.3 Emissione ruoli per recupero spese giudiziali a favore dell'ente riconosciute da "
                  "sentenze passate in giudicato entro il 30 giugno 2018 e relativa rendicontazione entro il "
                  "31 dicembre 2018", None, 30, owner=AREA_STAFF),
        r("10.3.1", "10.3.1 Emissione ruoli per recupero spese giudiziali a favore dell'ente riconosciute da "
                    "sentenze passate in giudicato entro il 30 giugno 2018", "entro il 30 giugno 2018", None,
          D(2018, 6, 29), owner=AREA_STAFF),
        r("10.3.2", "10.3.2 Relativa rendicontazione entro il 31 dicembre 2018", "entro il 31/12/2018", None,
          D(2018, 12, 14), owner=AREA_STAFF),
        r("10.4", "10.4 Cancellazione start up per decorrenza termini (cancellazione nel 2018 dei soggetti che "
                  "hanno perso i requisiti nel 2017) o mancata conferma requisiti (1ª verifica successiva al 30 "
                  "ottobre 2018; 2ª verifica entro il 31 dicembre 2018). Numero imprese che perdono requisiti "
                  "entro il 31 dicembre 2018 uguale a numero procedimenti di cancellazione avviati",
          "uguale a numero procedimenti di cancellazione avviati", 20, None, owner=AREA_ANAGRAFE),
    ]),
    Objective(2, L1 + "\n" + L2, "2. Garantire nel tempo la qualità dei servizi erogati", [
        r("2.1", "2.1 Percentuale di soddisfazione delle imprese sull'utilità delle risposte erogate dai servizi "
                 "della Camera di commercio"),
        r("2.1.1", "2.1.1 Percentuale di soddisfazione delle imprese sull'utilità delle risposte erogate dai "
                   "servizi dell'Area Anagrafe economica, in particolare dal Servizio di assistenza artigiana",
          ">= 80%", None, Pct(0.86), owner=AREA_ANAGRAFE),
        r("2.1.2", "2.1.2 Percentuale di soddisfazione di imprese utenti verso l'utilità delle risposte erogate "
                   "dai servizi dell'Area Sviluppo del territorio e regolazione del mercato, in particolare con "
                   "il Servizio Proprietà industriale", "80,00%", None, Pct(0.831), owner=AREA_SVILUPPO),
        r("2.2", "2.2 Percentuale di soddisfazione degli utenti su accessibilità ai servizi e tempi di risposta "
                 "ai servizi dell'Area Promozione e Sviluppo del territorio, in particolare del Servizio "
                 "Documenti estero", ">= 75%", None, Pct(0.79), owner=AREA_PROMOZIONE),
        [  # stacked in one cell, as in the guide
            r("2.3", "2.3 Percentuale di soddisfazione delle imprese relativamente al sito della Camera di "
                     "commercio e la sua e-newsletter istituzionale", owner=SETTORE_COMUNICAZIONE),
            r("2.3.1", "2.3.1 Percentuale di soddisfazione delle imprese relativamente al sito istituzionale",
              ">= 80%", None, "84%", owner=SETTORE_COMUNICAZIONE),
            r("2.3.2", "2.3.2 Percentuale di soddisfazione delle imprese iscritte alla e-newsletter sulla "
                       "newsletter stessa", ">= 70%", None, "76%", owner=SETTORE_COMUNICAZIONE),
        ],
        r("2.4", "2.4 Percentuale di soddisfazione dei dipendenti verso l'accessibilità e l'utilità dei servizi "
                 "erogati internamente dall'ente"),
        r("2.4.1", "2.4.1 Percentuale di soddisfazione dei dipendenti verso la semplicità di utilizzo "
                   "dell'applicativo moduli [messo a disposizione dall'Area Risorse Finanziarie]", ">=80%", None,
          Pct(0.88), owner=AREA_FINANZA),
        r("2.4.2", "2.4.2 Percentuale di soddisfazione dei dipendenti verso l'utilità e la chiarezza "
                   "dell'applicativo moduli [messo a disposizione dall'Area Staff Segretario Generale]",
          "maggiore o uguale a 80,00%", None, Pct(0.81), owner=AREA_STAFF),
        r("2.5", "2.5 Tempi di evasione delle pratiche Registro imprese con iscrizione ad efficacia costitutiva",
          "<= 5 gg.", None, None, owner=AREA_ANAGRAFE),
    ]),
    Objective(3, L1_NOSPACE, "3. Adegumento dell'operatività dell'ente alla nuova mappatura dei servizi camerati", [
        r("3.1", "3.1 Raffronto fra servizi forniti dall'ente e mappa dei servizi ministeriale", owner=AREA_STAFF),
        r("3.1.1", "3.1.1- Prima analisi entro quattro mesi dalla mappatura ministeriale",
          "entro quattro mesi dalla mappatura", None, D(2018, 5, 18), owner=AREA_STAFF),
        r("3.1.2", "3.1.2 Eventuali implementazioni o revisioni ulteriore analisi entro dicembre 2018",
          "entro dicembre 2018", None, D(2018, 12, 10), owner=AREA_STAFF),
        r("3.2", "3.2 Analisi dei fabbisogni formativi alla luce della nuova mappa dei servizi entro 2018",
          "entro 2018", None, D(2018, 11, 30), owner=AREA_STAFF),
        r("3.3", "3.3 Revisione del registro del rischio entro 2018", "entro 2018", None, D(2018, 10, 15),
          owner=AREA_STAFF),
        r("3.4", "3.4 Revisione dei costi dei processi e del flusso di rilevazione entro 2018", "entro 2018", None,
          D(2018, 12, 20), owner=AREA_FINANZA),
    ]),
    Objective(4, L1_NOSPACE, "4. Miglioramento della comunicazione via web su servizi, iniziative, informazioni, "
                             "dati", [
        r("4.1", "4.1 Aggiornamento di almeno 10 pagine del sito per trimestre per ciascuna Area organizzativa "
                 "secondo check list predefinita e controllo del relativo report", owner=SETTORE_COMUNICAZIONE),
        r("4.1.1", "4.1.1- Aggiornamento di almeno 10 pagine del sito per trimestre per ciascuna Area "
                   "organizzativa secondo check list predefinita (almeno 80% delle attività previste nelle check "
                   "list realizzate)", "almeno 10 pagine per trimestre", None, 46, owner=SETTORE_COMUNICAZIONE),
        r("4.1.2", "4.1.2 - Controllo del relativo report", "SI", None, "SI", owner=SETTORE_COMUNICAZIONE),
        r("4.2", "4.2 Controllo trimestrale a campione di pagine del sito a cura della redazione web centrale su "
                 "check list predefinita (almeno 80% delle attività previste nelle check list realizzate)",
          "almeno 80%", None, Pct(0.76), owner=SETTORE_COMUNICAZIONE),
        [  # stacked in one cell
            r("4.3", "4.3 Raccolta e analisi dei principali dati riferiti da Google Analytics, relativi al sito e "
                     "ai social istituzionali Twitter e Facebook, con eventuali proposte di miglioramento",
              owner=SETTORE_COMUNICAZIONE),
            r("4.3.1", "4.3.1- Tre report quadrimestrali su sito istituzionale realizzati dalle Aree",
              "Tre report quadrimestrali", None, 3, owner=SETTORE_COMUNICAZIONE),
            r("4.3.2", "4.3.2 - Tre report quadrimestrali sui social Twitter e Facebook",
              "Tre report quadrimestrali", None, 2, owner=SETTORE_COMUNICAZIONE),
            r("4.3.3", "4.3.3 - Redazione analisi finale dei report sul sito istituzionale e sui social, "
                       "realizzati dal Settore Comunicazione esterna ed Urp", "SI", None, "NO",
              owner=SETTORE_COMUNICAZIONE),
        ],
        r("4.4", "4.4 Aumentare le iscrizioni - semplice e avanzata - al sito istituzionale", ">= 1.500", None, None,
          owner=SETTORE_COMUNICAZIONE),
    ]),
    Objective(5, L2, "5. Sviluppare attività e servizi integrati a sostegno delle imprese e dei territori anche "
                     "attraverso l'analisi economica e statistica", [
        r("5.1", "5.1 Prime analisi delle funzioni di Ente in chiave marketing anche al fine di valutare "
                 "l'opportunità di costituzione di un ufficio ad hoc. Analisi per supportare le scelte "
                 "organizzative dell'ente entro giugno 2018", "entro giugno 2018", 30, D(2018, 6, 22),
          owner=AREA_PROMOZIONE),
        r("5.2", "5.2 Apertura di due di nuovi \"Progetti Paese\" su altrettanti mercati", 2, 20, 2,
          owner=AREA_PROMOZIONE),
        r("5.3", "5.3 Produzione di rapporti di ricerca su filiere produttive, indicatori economici e componenti "
                 "del tessuto imprenditoriale: almeno cinque (entro dicembre 2018)",
          "almeno cinque (entro dicembre 2018)", 25, 6, owner=AREA_SVILUPPO),
        r("5.4", "5.4 Numero di eventi di presentazione predisposti: almeno quattro (entro dicembre 2018)",
          "almeno quattro", 25, 4, owner=AREA_SVILUPPO),
    ]),
    Objective(6, "Linea 3 - Valorizzazione del patrimonio culturale, sviluppo e promozione del turismo",
              "6. Promuovere il sistema turistico territoriale", [
        r("6.1", "6.1 Raggiungimento del KPI del progetto sull'annualità 2018", "100,00%", None, Pct(1.0),
          owner=AREA_PROMOZIONE),
        r("6.2", "6.2 Costi di progetto (personale, generali e costi esterni) di competenza dell'annualità 2018 "
                 "rendicontabili sul progetto approvato dal Ministero ≥ 90% dei costi a preventivo", "≥ 90%", None,
          Pct(0.934), owner=AREA_PROMOZIONE),
        r("6.3", "6.3 Valorizzazione palazzo dell'ex Borsa Valori attraverso iniziative atte a farlo conoscere, "
                 "migliorarlo e rifunzionarlo affinché possa entrare stabilmente a far parte del circuito "
                 "turistico promosso in città. Dare corso alle attività previste nel protocollo sottoscritto con "
                 "la Regione per la rifunzionazione del palazzo affinché ospiti un \"museo del vino\"", "SI", None,
          "SI", owner=AREA_PROMOZIONE),
        r("6.4", "6.4 Dare corso alla attività per far realizzare degli interventi oggetto del progetto esecutivo "
                 "di ristrutturazione del Centro Congressi Torino Incontra: assegnazione provvisoria entro il "
                 "2018", "SI", None, "SI", owner=AREA_FINANZA),
    ]),
    Objective(7, "Linea 4 - Orientamento al lavoro e alle professioni", "7. Promuovere l'alternanza scuola-lavoro", [
        r("7.1", "7.1 Raggiungimento dei KPI del progetto sull'annualità 2018", "100%", None, Pct(1.05),
          owner=AREA_PROMOZIONE),
        r("7.2", "7.2 Costi di progetto (personale, generali e costi esterni) di competenza dell'annualità 2018 "
                 "rendicontabili sul progetto approvato dal Ministero ≥ 90% dei costi a preventivo", "≥ 90%", None,
          Pct(0.958), owner=AREA_PROMOZIONE),
    ]),
    Objective(8, "Linea 5 - L'impresa digit@le", "8. Promuovere presso le imprese l'utilizzo degli strumenti "
                                                  "digitali", [
        r("8.1", "8.1 Raggiungimento dei KPI del progetto sull'annualità 2018", "100%", None, Pct(1.0),
          owner=AREA_SVILUPPO),
        r("8.2", "8.2 Costi di progetto (personale, generali e costi esterni) di competenza dell'annualità 2018 "
                 "rendicontabili sul progetto approvato dal Ministero ≥ 90% dei costi a preventivo", "≥ 90%", None,
          Pct(0.912), owner=AREA_SVILUPPO),
    ]),
    Objective(9, L1, "9. Diffondere l'utilizzo degli strumenti digitali nell'ente come elemento di miglioramento "
                     "dell'efficienza interna e di semplificazione del rapporto con l'utenza", [
        r("9.1", "9.1 Integrare i flussi documentali dell'Albo dei Gestori Ambientali nel sistema di gestione "
                 "documentale in uso all'Ente, ivi compreso il sistema di conservazione entro dicembre 2018",
          "entro dicembre 2018", None, D(2019, 1, 31), owner=AREA_SVILUPPO),
        r("9.2", "9.2 Mantenere la pulizia e l'aggiornamento dell'indirizzo delle PEC imprese. Il numero di "
                 "procedimenti massivi avviati 2018 dovrà essere maggiore o uguale ai procedimenti massivi 2017",
          "maggiore o uguale ai procedimenti massivi 2017", None, None, owner=AREA_ANAGRAFE),
        r("9.3", "9.3 Favorire processo di informatizzazione e digitalizzazione della tenuta dei libri e registri "
                 "contabili mediante la sperimentazione della gestione on line di archiviazione, visualizzazione "
                 "e conservazione libri digitali. Numero imprese che fruiscono del servizio", ">= 150", None, None,
          owner=AREA_ANAGRAFE),
        r("9.4", "9.4 Migliorare il servizio di supporto on-line per costituzione e modificazione start-up "
                 "innovative. Tempo medio di prima risposta", "<= 2 gg", None, "12,5", owner=AREA_ANAGRAFE),
    ]),
]

# --- the Segretario Generale's objectives (columns D and E) -------------------------------------


@dataclass
class IndividualObjective:
    title: str
    outcome: str
    parameters: str
    linked: tuple  # entity objective numbers, consecutive in the table


def _params(*items, star="* "):
    return "Alcuni parametri esemplificativi:\n" + "\n".join(star + item for item in items)


SG_OBJECTIVES = [
    IndividualObjective(
        "1. Garantire nel tempo la salute organizzativa dell'ente camerale e favorire il miglioramento "
        "dell'efficienza interna dell'ente, il contenimento dei costi e la tutela delle entrate",
        "Outcome: svolgimento della mission camerale mantenendo l'equilibrio economico dell'ente anche mediante "
        "un'adeguata organizzazione interna e politiche contenimento dei costi e tutela delle entrate",
        _params("mantenere l'equilibrio economico finanziario dell'ente",
                "mantenere l'indice di equilibrio economico finanziario tenuto conto dell'indice risorse umane e "
                "dell'indice di equilibrio medio dimensionale",
                "indice gestionale di assenteismo complessivo",
                "monitoraggio costante del budget al fine di ridurre lo scostamento dei costi consuntivati",
                "realizzare la razionalizzazione delle partecipazioni secondo quanto deliberato dalla Giunta "
                "camerale (delibera 131 del 25.9.2017)",
                "mantenere l'equilibrio economico dell'Azienda Speciale Laboratorio Chimico e dell'Azienda "
                "Speciale Torino Incontra",
                "miglioramento dell'accesso alle informazioni e applicativi interni",
                "verifica dinamica requisiti agenti di affari in mediazione, spedizionieri agenti e rappresentanti",
                "emissione ruoli per recupero spese giudiziali a favore dell'ente riconosciute da sentenze passate "
                "in giudicato",
                "cancellazione start up per decorrenza termini o mancata conferma requisiti", star="*"),
        (1, 10)),
    IndividualObjective(
        "2. Garantire nel tempo la qualità dei servizi erogati",
        "Outcome: garantire l'efficienza dell'attività amministrativa dell'ente e dei servizi all'utenza "
        "abbreviando i tempi di erogazione e la qualità delle risposte",
        _params("monitorare la soddisfazione delle imprese sull'utilità delle risposte erogate dai servizi "
                "dell'Area Anagrafe economica (in particolare dal Servizio di assistenza artigiana) e dai servizi "
                "dell'Area Sviluppo del territorio e regolazione del mercato (in particolare dal Servizio "
                "Proprietà industriale)",
                "monitorare la soddisfazione degli utenti su accessibilità ai servizi e tempi di risposta ai "
                "servizi dell'Area Promozione e Sviluppo del territorio, in particolare del Servizio di Documenti "
                "estero",
                "monitorare la soddisfazione delle imprese relativamente al sito istituzionale e alla newsletter",
                "monitorare la soddisfazione dei dipendenti verso l'utilità, la chiarezza e la semplicità di "
                "utilizzo dell'applicativo moduli progettato dall'Area di staff e messo a disposizione dall'Area "
                "Risorse Finanziarie",
                "garantire il mantenimento dei tempi medi per elaborare le pratiche la cui iscrizione nel Registro "
                "imprese ha efficacia costitutiva"),
        (2,)),
    IndividualObjective(
        "3. Adegumento dell'operatività dell'ente alla nuova mappatura dei servizi camerati",
        "Outcome: ridefinizione del portafoglio dei servizi e adeguamenti alle nuove normative",
        _params("raffronto fra servizi forniti dall'ente e la mappa dei servizi ministeriale",
                "analisi dei fabbisogni formativi, revisione del registro del rischio, revisione dei costi dei "
                "processi 2018 alla luce della nuova mappa dei servizi",
                "aggiornamento degli atti generali dell'ente per recepire la riforma introdotta dal D. Lgs. "
                "29/2018 e attuazione del regolamento europeo per la protezione dei personali",
                "aggiornamento revisione ROUS e sistema di valutazione",
                "diffondere la formazione interna (affiancamento, autoformazione, cross working), come leva di "
                "diffusione delle"),
        (3,)),
    IndividualObjective(
        "4. Miglioramento della comunicazione via web su servizi, iniziative, informazioni, dati",
        "Outcome: incrementare con il web e i social la conoscenza di attività e servizi della Camera di commercio",
        _params("tre aggiornamenti all'anno per ciascuna Area organizzativa di almeno 10 pagine del sito",
                "tre controlli all'anno a campione di almeno 40 pagine del sito su check list predefinita",
                "report sul sito istituzionale realizzati dalle Aree; report sui social (Twitter e Facebook) e "
                "redazione analisi annuale sul sito istituzionale e sui social realizzati dal Settore "
                "Comunicazione esterna ed Urp",
                "aumentare le iscrizioni - semplice e avanzata - al sito istituzionale",
                "aggiornare gli indirizzi per l'adeguamento nelle Aziende Speciali e nelle partecipate della "
                "disciplina sulla prevenzione della corruzione e sulla"),
        (4,)),
    IndividualObjective(
        "5. Sviluppare attività e servizi integrati a sostegno delle imprese e dei territori",
        "Outcome: sostenere l'attività del territorio",
        _params("prime analisi delle funzioni di Ente in chiave marketing anche al fine di valutare l'opportunità "
                "di costituzione di un ufficio ad hoc",
                "apertura di due di nuovi \"Progetti Paese\" su altrettanti mercati",
                "organizzazione di un evento di rilievo in collaborazione con CCIAA Milano",
                "divulgare la conoscenza economica attraverso la realizzazione di rapporti di ricerca"),
        (5,)),
    IndividualObjective(
        "6. Promuovere il sistema turistico territoriale",
        "Outcome: valorizzazione del patrimonio culturale del territorio in chiave funzionale allo sviluppo del "
        "turismo",
        _params("realizzazione del progetto sul turismo sull'annualità 2018 finanziato con l'incremento del 20% "
                "del Diritto Annuale",
                "ottimizzare l'impiego delle risorse destinate al progetto",
                "valorizzazione palazzo dell'ex Borsa Valori attraverso iniziative atte a farlo conoscere, "
                "migliorarlo e rifunzionarlo affinché possa entrare stabilmente a far parte del circuito turistico",
                "dare corso alla attività per far realizzare degli interventi oggetto del progetto esecutivo di "
                "ristrutturazione del Centro Congressi Torino Incontra",
                "organizzare meeting professionali e momenti di confronto e approfondimento per le aziende "
                "enogastronomiche del territorio in occasione del Salone del gusto 2018",
                "utilizzare strumenti, network e contatti costruiti negli anni grazie alla progettualità di filiera "
                "nell'enogastronomia quali strumenti di marketing territoriale per attrarre visitatori e turisti in "
                "occasione della tappa della Competizione Gastronomica \"Bocuse D'or\" - Selezione Europea 2018, "
                "che si terrà a Torino con la partecipazione della Camera di commercio"),
        (6,)),
    IndividualObjective(
        "7. Promuovere l'alternanza scuola-lavoro",
        "Outcome: aumentare le possibilità di inserimento nel mondo del lavoro",
        _params("realizzazione del progetto alternanza sull'annualità 2018 finanziato con l'incremento del 20% del "
                "Diritto Annuale",
                "ottimizzare l'impiego delle risorse destinate al progetto",
                "rafforzare le iniziative dedicate all'alternanza scuola lavoro di respiro territoriale"),
        (7,)),
    IndividualObjective(
        "8. Promuovere l'utilizzo degli strumenti digitali presso le imprese e nell'ente come elemento di "
        "miglioramento dell'efficienza interna e di semplificazione del rapporto con l'utenza",
        "Outcome: diffusione degli strumenti digitali presso le imprese e presso l'ente",
        _params("realizzazione del progetto impresa 4.0 sull'annualità 2018 finanziato con l'incremento del 20% "
                "del Diritto Annuale",
                "ottimizzare l'impiego delle risorse destinate al progetto"),
        (8,)),
    IndividualObjective(
        "9. Promuovere l'utilizzo degli strumenti digitali presso le imprese e presso l'ente come elemento di "
        "miglioramento dell'efficienza interna e di semplificazione del rapporto con l'utenza",
        "Outcome: diffusione degli strumenti digitali presso le imprese e presso l'ente",
        _params("integrare i flussi documentali dell'Albo dei Gestori Ambientali nel sistema di gestione "
                "documentale in uso all'Ente ivi compreso il sistema di conservazione",
                "mantenere pulizia e aggiornamento indirizzo PEC imprese e favorire processo di informatizzazione "
                "e digitalizzazione della tenuta dei libri e registri contabili",
                "migliorare il servizio di supporto on-line per costituzione e modificazione start-up innovative",
                "utilizzo del nuovo programma contabilità 2.0",
                "assicurare la diffusione di una cultura legata all'alternanza scuola-lavoro all'interno della "
                "nostra realtà territoriale"),
        (9,)),
]

# --- Dati mensili (compilato) --------------------------------------------------------------------


def _progressive(total: int, months: int = 12) -> list[int]:
    """A cumulative series growing evenly to `total` in December (year-to-date totals)."""
    return [round(total * m / months) for m in range(1, months + 1)]


def _running(increments) -> list[int]:
    out, acc = [], 0
    for step in increments:
        acc += step
        out.append(acc)
    return out


# (code, description, series, prior year, 12 monthly values, number format)
MONTHLY_ROWS = [
    ("oneri_correnti", "Oneri correnti (euro)", "cumulata", 64_200_000, _progressive(63_000_000), "#,##0"),
    ("interventi_economici", "Interventi economici (euro)", "cumulata", 15_600_000, _progressive(15_000_000),
     "#,##0"),
    ("ammortamenti_accantonamenti", "Ammortamenti e accantonamenti (euro)", "cumulata", 9_300_000,
     _progressive(9_000_000), "#,##0"),
    ("proventi_correnti", "Proventi correnti (euro)", "cumulata", 61_500_000, _progressive(62_000_000), "#,##0"),
    ("costi_personale", "Costi del personale a tempo indeterminato, determinato e somministrato (euro)",
     "cumulata", 10_150_000, _progressive(9_900_000), "#,##0"),
    ("dipendenti", "Dipendenti in servizio", "puntuale", 231,
     [228, 228, 227, 227, 226, 226, 226, 225, 225, 225, 225, 225], "#,##0"),
    ("imprese_attive", "Imprese attive iscritte al registro delle imprese", "puntuale", 221_300,
     [221_800, 221_950, 222_100, 222_240, 222_310, 222_380, 222_400, 222_390, 222_420, 222_460, 222_480, 222_500],
     "#,##0"),
    ("procedimenti_cancellazione_avviati", "Numero procedimenti di cancellazione avviati (start up)", "cumulata",
     None, _running([4, 3, 5, 2, 6, 4, 3, 2, 5, 8, 46, 54]), "#,##0"),
    ("2.5", "Tempi medi di evasione delle pratiche con iscrizione ad efficacia costitutiva (giorni)", "puntuale",
     4.9, [4.6, 4.8, 4.4, 4.7, 4.5, 4.9, 4.6, 4.2, 4.4, 4.5, 4.6, 4.3], "0.0"),
    ("4.4", "Iscrizioni al sito istituzionale, semplice e avanzata", "cumulata", 1_410,
     _running([160, 140, 150, 130, 135, 120, 110, 80, 150, 155, 150, 140]), "#,##0"),
    ("9.2", "Procedimenti massivi di pulizia degli indirizzi PEC avviati", "cumulata", 48,
     _running([3, 4, 3, 4, 3, 4, 3, 2, 4, 4, 4, 3]), "#,##0"),
    ("9.3", "Imprese che fruiscono del servizio libri digitali", "cumulata", 96,
     _running([9, 12, 14, 16, 17, 18, 19, 15, 20, 22, 24, 26]), "#,##0"),
    ("10.4", "Numero imprese che perdono requisiti (start up)", "cumulata", None,
     _running([4, 3, 5, 2, 6, 4, 3, 2, 5, 8, 46, 54]), "#,##0"),
]

INDIVIDUAL_ROWS = [
    # Persona, Ruolo, Codice, Obiettivo individuale, Obiettivi di ente collegati, Peso %
    ("Dirigente Area Anagrafe economica", "Dirigente", 1,
     "1. Garantire la qualità dei servizi anagrafici: soddisfazione delle imprese e tempi di evasione delle "
     "pratiche del Registro imprese", 2, 60),
    ("Dirigente Area Anagrafe economica", "Dirigente", 2,
     "2. Tutelare le entrate e l'efficienza interna: verifica dinamica dei requisiti e cancellazione delle "
     "start up che li hanno persi", 10, 40),
    ("Dirigente Area Promozione e Sviluppo del territorio", "Dirigente", 1,
     "1. Sostenere imprese e territorio: analisi economica, turismo e alternanza scuola-lavoro", "5; 6; 7", 100),
]

# --- writing ------------------------------------------------------------------------------------

FONT = {"font_name": "Calibri", "font_size": 10}
LINE_HEIGHT = 13.0  # points per text line at 10 pt


class Formats:
    def __init__(self, wb):
        cell = {**FONT, "border": 1, "valign": "top", "text_wrap": True}
        self.title = wb.add_format({**FONT, "bold": True, "font_size": 14})
        self.subtitle = wb.add_format({**FONT, "bold": True, "font_size": 12})
        self.note = wb.add_format({**FONT, "bold": True, "font_color": "#9C0006", "bg_color": "#FFEB9C"})
        self.header = wb.add_format({**FONT, "bold": True, "border": 1, "text_wrap": True, "align": "center",
                                     "valign": "vcenter", "bg_color": "#D9E1F2"})
        self.header_extra = wb.add_format({**FONT, "bold": True, "border": 1, "text_wrap": True,
                                           "align": "center", "valign": "vcenter", "bg_color": "#E2EFDA"})
        self.cell = wb.add_format(cell)
        self.bold_cell = wb.add_format({**cell, "bold": True})
        self.italic_cell = wb.add_format({**cell, "italic": True})
        self.italic = wb.add_format({**FONT, "italic": True})
        self.plain = wb.add_format({**FONT})
        self.center = wb.add_format({**cell, "align": "center"})
        self.number = wb.add_format({**cell, "align": "right"})
        self.percent = wb.add_format({**cell, "align": "right", "num_format": "0.0%"})
        self.date = wb.add_format({**cell, "align": "right", "num_format": "dd/mm/yyyy"})
        self.text_right = wb.add_format({**cell, "align": "right"})
        self.formula = wb.add_format({**cell, "font_name": "Consolas", "font_size": 9})
        self.month = wb.add_format({**FONT, "bold": True, "border": 1, "align": "center", "valign": "vcenter",
                                    "bg_color": "#D9E1F2", "num_format": "mmm yyyy"})
        self._numbers = {}
        self._wb = wb

    def number_format(self, num_format):
        if num_format not in self._numbers:
            self._numbers[num_format] = self._wb.add_format({**FONT, "border": 1, "valign": "top",
                                                             "num_format": num_format})
        return self._numbers[num_format]


def _ok(rc, what):
    if rc not in (0, None):
        raise RuntimeError(f"XlsxWriter non ha scritto {what} (codice {rc})")


def _height(text, width) -> float:
    return text_lines(text, width) * LINE_HEIGHT + 4


def _stack(results, attr, show):
    """The text of a stacked row's target/actual/weight cell: one line per result that has a value."""
    lines = [f"{res.code}: {show(getattr(res, attr))}" for res in results if getattr(res, attr) is not None]
    return "\n".join(lines)


def _show(value):
    if isinstance(value, Pct):
        return f"{value.value * 100:g}%".replace(".", ",")
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    return str(value)


def _write_value(ws, row, col, value, fmt: Formats):
    if value is None or value == "":
        ws.write_blank(row, col, None, fmt.cell)
    elif isinstance(value, Pct):
        _ok(ws.write_number(row, col, value.value, fmt.percent), "un consuntivo")
    elif isinstance(value, datetime):
        _ok(ws.write_datetime(row, col, value, fmt.date), "una data")
    elif isinstance(value, (int, float)):
        _ok(ws.write_number(row, col, value, fmt.number), "un numero")
    else:
        _ok(ws.write_string(row, col, str(value), fmt.cell), "un testo")


def _write_table(wb, ws, fmt: Formats, filled: bool):
    widths = WIDTHS + (EXTRA_WIDTHS if filled else ())
    last_col = len(widths) - 1
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)

    _ok(ws.write_string(0, 0, TITLE, fmt.title), "il titolo")
    _ok(ws.write_string(1, 0, SUBTITLE, fmt.subtitle), "il sottotitolo")
    ws.set_row(0, 21)
    ws.set_row(1, 18)
    if filled:
        _ok(ws.write_string(2, 0, EXAMPLE_NOTE, fmt.note), "la nota")
        for col in range(1, last_col + 1):
            ws.write_blank(2, col, None, fmt.note)
        ws.set_row(2, 16)

    top, bottom = HEADER_ROWS
    for col, header in enumerate(HEADERS):
        _ok(ws.merge_range(top, col, bottom, col, header, fmt.header), "l'intestazione")
    _ok(ws.merge_range(top, 3, top, 4, GROUP_HEADER, fmt.header), "l'intestazione")
    _ok(ws.merge_range(bottom, 3, bottom, 4, PERSON_HEADER, fmt.header), "l'intestazione")
    if filled:
        for offset, header in enumerate(EXTRA_HEADERS):
            col = 5 + offset
            _ok(ws.merge_range(top, col, bottom, col, header, fmt.header_extra), "l'intestazione")
    ws.set_row(top, 27)
    ws.set_row(bottom, 15)

    heights: dict[int, float] = {}
    merges = []  # (first_row, last_row, col, text-for-height)
    objective_rows: dict[int, tuple[int, int]] = {}
    row = FIRST_DATA_ROW
    for objective in OBJECTIVES:
        first = row
        for item in objective.rows:
            results = item if isinstance(item, list) else [item]
            text = "\n".join(res.text for res in results)
            _ok(ws.write_string(row, 2, text, fmt.cell), "un risultato")
            need = _height(text, widths[2])
            if filled:
                if len(results) == 1:
                    res = results[0]
                    _write_value(ws, row, 5, res.target, fmt)
                    _write_value(ws, row, 6, res.weight, fmt)
                    _write_value(ws, row, 7, res.actual, fmt)
                    if res.formula:
                        _ok(ws.write_string(row, 8, res.formula, fmt.formula), "un algoritmo")
                    else:
                        _write_value(ws, row, 8, None, fmt)
                    _write_value(ws, row, 9, res.owner, fmt)
                    cells = [(res.target, 5), (res.formula, 8), (res.owner, 9)]
                else:
                    target = _stack(results, "target", _show)
                    actual = _stack(results, "actual", _show)
                    weight = _stack(results, "weight", _show)
                    owners = {res.owner for res in results if res.owner}
                    owner = owners.pop() if len(owners) == 1 else _stack(results, "owner", str)
                    _write_value(ws, row, 5, target, fmt)
                    _write_value(ws, row, 6, weight, fmt)
                    _write_value(ws, row, 7, actual, fmt)
                    _write_value(ws, row, 8, None, fmt)
                    _write_value(ws, row, 9, owner, fmt)
                    cells = [(target, 5), (actual, 7), (owner, 9)]
                for value, col in cells:
                    if isinstance(value, str) and value:
                        need = max(need, _height(value, widths[col]))
            heights[row] = need
            row += 1
        last = row - 1
        objective_rows[objective.number] = (first, last)
        merges.append((first, last, 0, objective.line, fmt.cell))
        merges.append((first, last, 1, objective.text, fmt.bold_cell))

    for first, last, col, text, cell_format in merges:
        _merge_text(ws, first, last, col, text, cell_format)
        _grow(heights, first, last, _height(text, widths[col]))

    for sg in SG_OBJECTIVES:
        first = objective_rows[sg.linked[0]][0]
        last = objective_rows[sg.linked[-1]][1]
        rows = sorted(r for n in sg.linked for r in range(objective_rows[n][0], objective_rows[n][1] + 1))
        assert rows == list(range(first, last + 1)), "obiettivi collegati non consecutivi"
        if first == last:
            ws.write_rich_string(first, 3, sg.title + "\n", fmt.italic, sg.outcome, fmt.cell)
        else:
            _ok(ws.merge_range(first, 3, last, 3, "", fmt.cell), "un obiettivo individuale")
            _ok(ws.write_rich_string(first, 3, sg.title + "\n", fmt.italic, sg.outcome, fmt.cell),
                "un obiettivo individuale")
        _merge_text(ws, first, last, 4, sg.parameters, fmt.italic_cell)
        _grow(heights, first, last, _height(sg.title + "\n" + sg.outcome, widths[3]))
        _grow(heights, first, last, _height(sg.parameters, widths[4]))

    for r_, h in heights.items():
        ws.set_row(r_, round(h, 1))

    last_row = row - 1
    ws.freeze_panes(FIRST_DATA_ROW, 0)
    ws.set_landscape()
    ws.set_paper(8 if filled else 9)  # A3 for the wider filled table, A4 otherwise
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(top, bottom)
    ws.print_area(0, 0, last_row, last_col)
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    ws.set_footer("&L" + ENTE + " - Piano delle Performance 2018 - 2020&RPagina &P di &N")
    return objective_rows


def _merge_text(ws, first, last, col, text, cell_format):
    if first == last:
        _ok(ws.write_string(first, col, text, cell_format), "una cella")
    else:
        _ok(ws.merge_range(first, col, last, col, "", cell_format), "una cella unita")
        _ok(ws.write_string(first, col, text, cell_format), "una cella unita")


def _grow(heights, first, last, need):
    rows = range(first, last + 1)
    have = sum(heights[r_] for r_ in rows)
    if have < need:
        extra = (need - have) / len(rows)
        for r_ in rows:
            heights[r_] += extra


def _write_monthly(wb, ws, fmt: Formats):
    ws.set_column(0, 0, 32)
    ws.set_column(1, 1, 44)
    ws.set_column(2, 2, 10)
    ws.set_column(3, 3, 13)
    ws.set_column(4, 15, 12)
    _ok(ws.write_string(0, 0, EXAMPLE_NOTE, fmt.note), "la nota")
    for col in range(1, 16):
        ws.write_blank(0, col, None, fmt.note)
    header = 1
    for col, text in enumerate(MONTHLY_HEADERS):
        _ok(ws.write_string(header, col, text, fmt.header), "l'intestazione")
    for offset, month in enumerate(month_headers(ANNO)):
        _ok(ws.write_datetime(header, len(MONTHLY_HEADERS) + offset, month, fmt.month), "un mese")
    ws.set_row(header, 28)
    for index, (code, description, series, prior, values, num_format) in enumerate(MONTHLY_ROWS, start=header + 1):
        number = fmt.number_format(num_format)
        _ok(ws.write_string(index, 0, code, fmt.cell), "un codice")
        _ok(ws.write_string(index, 1, description, fmt.cell), "una descrizione")
        _ok(ws.write_string(index, 2, series, fmt.cell), "una serie")
        if prior is None:
            ws.write_blank(index, 3, None, number)
        else:
            _ok(ws.write_number(index, 3, prior, number), "l'anno precedente")
        for offset, value in enumerate(values):
            _ok(ws.write_number(index, len(MONTHLY_HEADERS) + offset, value, number), "un valore mensile")
        ws.set_row(index, _height(description, 44))
    last = header + len(MONTHLY_ROWS)
    ws.data_validation(header + 1, 2, last, 2, {"validate": "list", "source": ["cumulata", "puntuale"]})
    ws.freeze_panes(header + 1, 1)
    ws.set_landscape()
    ws.set_paper(8)  # A3: sixteen columns
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(header, header)
    ws.print_area(0, 0, last, 15)


def _write_individual(wb, ws, fmt: Formats):
    widths = (36, 12, 8, 60, 16, 8)
    for col, (text, width) in enumerate(zip(INDIVIDUAL_HEADERS, widths)):
        ws.set_column(col, col, width)
        _ok(ws.write_string(0, col, text, fmt.header), "l'intestazione")
    ws.set_row(0, 28)
    for index, values in enumerate(INDIVIDUAL_ROWS, start=1):
        for col, value in enumerate(values):
            cell_format = fmt.center if col in (2, 4, 5) else fmt.cell
            if isinstance(value, (int, float)):
                _ok(ws.write_number(index, col, value, cell_format), "un numero")
            else:
                _ok(ws.write_string(index, col, value, cell_format), "un testo")
        ws.set_row(index, _height(values[3], widths[3]))
    ws.freeze_panes(1, 0)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0, 0)


def write_example(path, *, filled: bool) -> None:
    wb = xlsxwriter.Workbook(str(path), workbook_options())
    set_fixed_properties(wb, TITLE + (" - dati di esempio" if filled else ""))
    fmt = Formats(wb)
    table = wb.add_worksheet(TABLE_SHEET)
    settings = wb.add_worksheet("Impostazioni")
    _write_table(wb, table, fmt, filled)
    values = {"ente": ENTE, "anno": ANNO}
    if filled:
        # the office evaluated 3.1.1 apart (its deadline counts from the ministry's mapping): it says so
        values["doubt_rule"] = "escluso dalla media"
    write_settings_sheet(settings, wb, values, defaults=False)
    if filled:
        _write_monthly(wb, wb.add_worksheet(MONTHLY_SHEET), fmt)
        _write_individual(wb, wb.add_worksheet(INDIVIDUAL_SHEET), fmt)
    wb.close()


def main() -> int:
    write_example(PLAIN_FILE, filled=False)
    write_example(FILLED_FILE, filled=True)
    print(f"scritti {PLAIN_FILE.name} e {FILLED_FILE.name} in {HERE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
