"""Ricostruisce le cartelle di lavoro del gruppo B (Comuni e aziende sanitarie).

Ogni cartella riproduce, da dati letterali scritti qui sotto, una tabella di un
documento pubblicato (fonti e scelte in FONTI-gruppo-b.md, valori attesi in
attesi_gruppo_b.json). Non importa piano_xlsx.

Uso:  python tests/data/piani-reali/genera_gruppo_b.py [CARTELLA_USCITA]

Produttori:
  comune-besnate-2016-peg.xlsx                 openpyxl
  comune-castenedolo-2015-piano-obiettivi.xlsx XlsxWriter
  asl-belluno-2012-scheda-budget.xlsx          openpyxl, poi salvato da LibreOffice
  asl-cagliari-2014-obiettivi-budget.xlsx      XlsxWriter
  asl-potenza-2016-tabella-outcome.xlsx        XlsxWriter, poi salvato da LibreOffice

Se soffice non c'è, le due cartelle "salvate da LibreOffice" restano quelle del
primo produttore e lo script lo dice.
"""

from __future__ import annotations

import sys
from pathlib import Path

import openpyxl
import xlsxwriter
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

QUI = Path(__file__).resolve().parent

# Data fissa nei metadati, perché i file rigenerati siano uguali nel contenuto.
import datetime as _dt
from risalva_libreoffice import resave as salva_con_libreoffice

DATA_FISSA = _dt.datetime(2024, 1, 1, 12, 0, 0)

SOTTILE = Side(style="thin", color="000000")
BORDO = Border(left=SOTTILE, right=SOTTILE, top=SOTTILE, bottom=SOTTILE)
A_CAPO = Alignment(wrap_text=True, vertical="top")
CENTRO = Alignment(horizontal="center", vertical="center", wrap_text=True)


def adatta_alla_pagina(ws) -> None:
    """Stampa orizzontale, una pagina in larghezza (come farebbe l'ufficio)."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0


def altezza(testi, larghezze) -> float:
    """Altezza di riga (punti) sufficiente per testi a capo in colonne di data larghezza."""
    righe = 1
    for t, w in zip(testi, larghezze):
        if isinstance(t, str):
            n = sum(max(1, -(-len(parte) // max(1, int(w * 1.1)))) for parte in t.split("\n"))
            righe = max(righe, n)
    return 15 * righe


# ---------------------------------------------------------------------------
# 1. Comune di Besnate (VA) - PEG 2016, Sez. A - openpyxl
# ---------------------------------------------------------------------------

BESNATE_TITOLI = [
    "COMUNE DI BESNATE",
    "Provincia di Varese",
    "PIANO ESECUTIVO DI GESTIONE",
    "Esercizio 2016",
    "III - Piano della Performance e degli Obiettivi",
    "Sez. A – Obiettivi strategici attribuiti ai Responsabili di Settore con relativa pesatura",
]
BESNATE_INTESTAZIONE = ["SETTORE", "RESPONSABILE", "OBIETTIVO STRATEGICO", "PESATURA", "RIFERIMENTI"]
BESNATE_BLOCCHI = [
    (
        "AFFARI GENERALI",
        "ZERMINIANI",
        [
            ("Predisposizione contratto decentrato integrativo - parte normativa triennio 2016/2018", 1.0, "AG7/D"),
            (
                "Mantenimento operatività servizi tributari online e miglioramento livelli di sicurezza "
                "e qualità banche dati tributi",
                1.2,
                "AG4/E",
            ),
            ("Ricognizione, riorganizzazione e adeguamento normative protocollo e archivio", 1.4, "AG5/D"),
        ],
    ),
    (
        "SERVIZI ALLA PERSONA",
        "VANONI",
        [
            (
                "Apertura di una sede locale della “Banca del Tempo” per la condivisione di risorse "
                "in ambito solidale.",
                1.2,
                "SP2",
            ),
            (
                "Garantire la presenza di personale del Settore durante le iniziative socio culturali "
                "e nelle attività preparatorie",
                1.2,
                "SP4",
            ),
            (
                "Attivazione progetto “Donare gli Organi – Una scelta in Comune” per l’indicazione "
                "sulla carta d’identità della volontà di donazione",
                1.2,
                "SP5",
            ),
            ("Approvazione regolamento ISEE unitario per tutto l’ambito relativo all’Ufficio di Piano", 1.0, "SP7"),
            (
                "Welfare in Azione: iniziative/canali territoriali finalizzati a raggiungere i cittadini "
                "in situazione di disagio abitativo e lavorativo mediante il coinvolgimento delle reti "
                "presenti sul territorio stesso.",
                1.2,
                "SP8",
            ),
        ],
    ),
    (
        "GESTIONE DELLE RISORSE",
        "POZZI",
        [
            ("Attivazione a regime del mandato di pagamento informatico", 1.0, "GR1"),
            (
                # "2022-2016" è scritto così nel documento: non corretto.
                "Convenzione di tesoreria per il biennio 2017-2021 ed eventuale proroga per il biennio 2022-2016",
                1.2,
                "GR2",
            ),
        ],
    ),
]


def besnate(uscita: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "PEG 2016 - Sez. A"
    for i, testo in enumerate(BESNATE_TITOLI, start=1):
        ws.cell(row=i, column=1, value=testo)
        ws.merge_cells(start_row=i, start_column=1, end_row=i, end_column=5)
        ws.cell(row=i, column=1).alignment = Alignment(horizontal="center")
        ws.cell(row=i, column=1).font = Font(bold=(i in (1, 3, 6)), size=14 if i == 1 else 11)
    riga = len(BESNATE_TITOLI) + 2  # una riga vuota dopo i titoli: intestazione in riga 8
    for settore, responsabile, obiettivi in BESNATE_BLOCCHI:
        # il documento ripete l'intestazione prima di ogni settore
        for col, testo in enumerate(BESNATE_INTESTAZIONE, start=1):
            c = ws.cell(row=riga, column=col, value=testo)
            c.font = Font(bold=True)
            c.fill = PatternFill("solid", fgColor="D9D9D9")
            c.border = BORDO
            c.alignment = CENTRO
        riga += 1
        prima = riga
        for testo, peso, rif in obiettivi:
            ws.cell(row=riga, column=3, value=testo).alignment = A_CAPO
            ws.row_dimensions[riga].height = altezza([testo], [70])
            c = ws.cell(row=riga, column=4, value=peso)
            c.number_format = "0.0"
            c.alignment = Alignment(horizontal="center", vertical="top")
            ws.cell(row=riga, column=5, value=rif).alignment = Alignment(horizontal="center", vertical="top")
            for col in range(1, 6):
                ws.cell(row=riga, column=col).border = BORDO
            riga += 1
        ws.cell(row=prima, column=1, value=settore)
        ws.cell(row=prima, column=2, value=responsabile)
        for col in (1, 2):
            ws.cell(row=prima, column=col).alignment = Alignment(vertical="center", wrap_text=True)
            ws.cell(row=prima, column=col).font = Font(bold=True)
            if riga - 1 > prima:
                ws.merge_cells(start_row=prima, start_column=col, end_row=riga - 1, end_column=col)
        riga += 1  # riga vuota fra i blocchi
    for col, larghezza in zip("ABCDE", (22, 16, 70, 11, 13)):
        ws.column_dimensions[col].width = larghezza
    adatta_alla_pagina(ws)
    wb.properties.creator = "Comune di Besnate"
    wb.properties.created = DATA_FISSA
    wb.properties.modified = DATA_FISSA
    percorso = uscita / "comune-besnate-2016-peg.xlsx"
    wb.save(percorso)
    return percorso


# ---------------------------------------------------------------------------
# 2. Comune di Castenedolo (BS) - Piano performance e obiettivi 2015 - XlsxWriter
# ---------------------------------------------------------------------------

CASTENEDOLO_RIGHE = [
    # (Responsabile, Descrizione Progetto, Obiettivo e Indicatori, Stato, Target)
    (
        "Area servizi finanziari e del commercio",
        "Gestione degli adempimenti relativi al trattamento economico del personale "
        "(dipendenti, segretario e amministratori)",
        "Rispetto degli adempimenti.\nRispetto degli adempimenti e delle scadenze previste dalla normativa.",
        None,
        "Rispetto degli adempimenti e delle scadenze",
    ),
    (
        None,  # stesso responsabile della riga sopra (cella unita)
        "Programmazione e gestione delle risorse finanziarie, controllo e verifica dello stato di "
        "attuazione dei programmi e del raggiungimento degli obiettivi.",
        "Rispetto degli adempimenti legislativi, fiscali e tributari inerenti la contabilità pubblica. "
        "Monitoraggio del rispetto del patto di stabilità.\n"
        "Rispetto delle scadenze previste dalla legge e monitoraggio semestrale dei parametri per il "
        "patto di stabilità e proposta di eventuali azioni correttive.",
        None,
        "Rispetto delle scadenze previste dalla legge e monitoraggio semestrale dei parametri per il "
        "patto di stabilità e proposta di eventuali azioni correttive.",
    ),
    (
        "Area servizi alla persona",
        "Gestione e manutenzione del sistema informatico comunale e delle apparecchiature attraverso "
        "il coordinamento e il monitoraggio degli acquisti.",
        "Mantenere uno standard di affidabilità di hardware e software e offrire adeguati strumenti "
        "informatici per ottimizzare le prestazioni lavorative dei dipendenti.\n"
        "Gestione e manutenzione hardware/software e risoluzione di tutte le problematiche relative "
        "all'hardware, networking, scelta del software e formazione all'utilizzo, nonché di tutte le "
        "innovazioni relative alla firma digitale e PEC.",
        None,
        "Gestione tempestiva delle richieste",
    ),
]


def castenedolo(uscita: Path) -> Path:
    percorso = uscita / "comune-castenedolo-2015-piano-obiettivi.xlsx"
    wb = xlsxwriter.Workbook(str(percorso))
    wb.set_properties({"author": "Comune di Castenedolo", "created": DATA_FISSA})
    ws = wb.add_worksheet("Programmi e indicatori")
    titolo = wb.add_format({"bold": True, "font_size": 13})
    testo = wb.add_format({"text_wrap": True, "valign": "top", "italic": True})
    programma = wb.add_format({"bold": True, "bg_color": "#BDD7EE", "border": 1})
    sezione = wb.add_format({"bold": True, "italic": True})
    intest = wb.add_format({"bold": True, "border": 1, "text_wrap": True, "align": "center",
                            "valign": "vcenter", "bg_color": "#DDEBF7"})
    cella = wb.add_format({"border": 1, "text_wrap": True, "valign": "top"})
    resp = wb.add_format({"border": 1, "text_wrap": True, "valign": "vcenter", "bold": True})

    ws.write(0, 0, "PROGRAMMI ED INDICATORI DI PERFORMANCE", titolo)
    ws.merge_range(1, 0, 1, 4,
                   "Di seguito per ogni programma l’esplicazione dei progetti associati, obiettivi, "
                   "distinti tra mantenimento e sviluppo, ed indicatori di performance con specifica "
                   "dello stato, target e Responsabile (PO).", testo)
    ws.set_row(1, 32)
    ws.merge_range(3, 0, 3, 4, "PROGRAMMA: AMMINISTRAZIONE GENERALE DELL’ATTIVITA’ COMUNALE", programma)
    ws.write(4, 0, "Obiettivi di mantenimento", sezione)
    intestazione = ["Responsabile", "Descrizione Progetto", "Obiettivo e Indicatori", "Stato",
                    "Target\n(VALORE OBIETTIVO)"]
    ws.write_row(5, 0, intestazione, intest)  # riga 6 in Excel
    ws.set_row(5, 30)
    r0 = 6
    for i, (responsabile, progetto, obind, stato, target) in enumerate(CASTENEDOLO_RIGHE):
        r = r0 + i
        ws.write(r, 1, progetto, cella)
        ws.write(r, 2, obind, cella)
        ws.write_blank(r, 3, None, cella)
        ws.write(r, 4, target, cella)
        ws.set_row(r, 75)
    # Responsabile: "Area servizi finanziari e del commercio" copre le prime due righe
    ws.merge_range(r0, 0, r0 + 1, 0, CASTENEDOLO_RIGHE[0][0], resp)
    ws.write(r0 + 2, 0, CASTENEDOLO_RIGHE[2][0], resp)
    ws.set_column(0, 0, 24)
    ws.set_column(1, 1, 40)
    ws.set_column(2, 2, 60)
    ws.set_column(3, 3, 12)
    ws.set_column(4, 4, 36)
    ws.freeze_panes(6, 0)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(5)
    wb.close()
    return percorso


# ---------------------------------------------------------------------------
# 3. Azienda ULSS (Belluno) - Scheda valutazione obiettivi, budget 2012
#    openpyxl, poi LibreOffice
# ---------------------------------------------------------------------------

BELLUNO_INTESTAZIONE = ["Obiettivo", "Indicatore", "Peso", "Valore atteso", "Consuntivo", "% risultato\nraggiunto"]
# Ogni area: (titolo area, [righe]); riga = (obiettivo, indicatore, peso, atteso, consuntivo, %, nota)
BELLUNO_AREE = [
    (
        "Produzione, tempi di attesa e appropriatezza",
        [
            (
                "Attivazione di nuovi servizi e prestazioni",
                "Avvio del Nucleo Cure Palliative",
                10, None, None, 100,
                "NOTE: 1) Partecipazione componenti nucleo alle UVMD specifiche\n"
                "2) Incontri informativi/formativi individuali con almeno l'80% dei MAP dei distretti di "
                "Agordo e del Cadore",
            ),
        ],
    ),
    (
        "Consumo di risorse e costi",
        [
            (
                "Rispetto dei limiti di costo",
                "[D - 10000157] Costi relativi ai programmi di spesa corrente per bilancio sanitario "
                "assegnati alla struttura (M-)*",
                30, 3673749.00, 3592037.49, 100,
                "NOTE: Rispetto dei limiti di costo stabiliti per l'anno 2012 per i distretti di Agordo, "
                "Belluno, Cadore e per i costi sovradistrettuali",
            ),
        ],
    ),
    (
        "Qualità e organizzazione",
        [
            (
                "Corretta e tempestiva alimentazione del sistema informativo territoriale",
                "rispetto della metodologia e delle procedure regionali per il flusso ADI",
                20, None, None, 100,
                "NOTE: L'obiettivo si intende realizzato attraverso la compilazione delle schede SVAMA per "
                "tutti gli utenti in base al numero di accessi definito dalla normativa regionale; nonché "
                "attraverso il caricamento dati e il rispetto delle scadenze per la trasmissione dei flussi.\n"
                "L'obiettivo richiede la collaborazione del Servizio informatica",
            ),
            (
                "Attuazione della DGR 1666/2011 sul potenziamento delle cure primarie",
                "a) presentazione del piano per medicina territoriale;\n"
                "b) implementazione del piano secondo gli indirizzi dettati dalla Regione Veneto in corso "
                "d'anno a seguito del visto di congruità",
                30, None, None, 100,
                "NOTE: Nella valutazione dell'obiettivo di implementazione del piano sarà necessario tenere "
                "conto dell'entità delle risorse economiche destinate e trasferite dalla Regione",
            ),
            (
                # Peso, valori e nota non leggibili nella copia conservata: celle lasciate vuote.
                "Interventi di razionalizzazione organizzativa",
                "Revisione del regolamento relativo alla graduatoria unica per l'accesso alle strutture "
                "residenziali per anziani",
                None, None, None, None,
                None,
            ),
        ],
    ),
]


def belluno(uscita: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Distretti socio-sanitari"
    ws["A1"] = "SCHEDA VALUTAZIONE OBIETTIVI - Budget gestionale 2012"
    ws.merge_cells("A1:E1")
    ws["A1"].font = Font(bold=True, size=13)
    ws["F1"] = "Pag.1 di 1"
    ws["F1"].alignment = Alignment(horizontal="right")
    ws["A2"] = "Struttura: Distretti socio-sanitari"
    ws.merge_cells("A2:F2")
    ws["A2"].font = Font(bold=True)
    r = 4
    for col, testo in enumerate(BELLUNO_INTESTAZIONE, start=1):
        c = ws.cell(row=r, column=col, value=testo)
        c.font = Font(bold=True)
        c.alignment = CENTRO
        c.border = BORDO
        c.fill = PatternFill("solid", fgColor="C6E0B4")
    ws.row_dimensions[r].height = 30
    r += 1
    for area, righe in BELLUNO_AREE:
        ws.cell(row=r, column=1, value=area).font = Font(bold=True, italic=True)
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=6)
        ws.cell(row=r, column=1).fill = PatternFill("solid", fgColor="EDEDED")
        r += 1
        for obiettivo, indicatore, peso, atteso, consuntivo, perc, nota in righe:
            ws.cell(row=r, column=1, value=obiettivo).alignment = A_CAPO
            ws.cell(row=r, column=2, value=indicatore).alignment = A_CAPO
            ws.row_dimensions[r].height = altezza([obiettivo, indicatore], [38, 52])
            c = ws.cell(row=r, column=3, value=peso)
            c.number_format = "0"
            for col, v in ((4, atteso), (5, consuntivo)):
                c = ws.cell(row=r, column=col, value=v)
                c.number_format = "#,##0.00"
            c = ws.cell(row=r, column=6, value=perc)  # 100 semplice: la colonna dice "%"
            c.number_format = "0"
            for col in range(1, 7):
                ws.cell(row=r, column=col).border = BORDO
                if col > 2:
                    ws.cell(row=r, column=col).alignment = Alignment(horizontal="right", vertical="top")
            r += 1
            if nota:
                ws.cell(row=r, column=1, value=nota).alignment = A_CAPO
                ws.cell(row=r, column=1).font = Font(italic=True, size=9)
                ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=6)
                ws.row_dimensions[r].height = altezza([nota], [130])
                r += 1
    for col, larghezza in zip("ABCDEF", (38, 52, 7, 15, 15, 11)):
        ws.column_dimensions[col].width = larghezza
    ws.print_title_rows = "4:4"
    adatta_alla_pagina(ws)
    wb.properties.creator = "Controllo di gestione"
    wb.properties.created = DATA_FISSA
    wb.properties.modified = DATA_FISSA
    percorso = uscita / "asl-belluno-2012-scheda-budget.xlsx"
    wb.save(percorso)
    return percorso


# ---------------------------------------------------------------------------
# 4. ASL 8 Cagliari - Obiettivi di Budget 2014 - XlsxWriter
# ---------------------------------------------------------------------------

CAGLIARI_INTESTAZIONE = [
    "Cod Obiettivo operativo", "Area Strategica", "Lea", "Descr Obiettivo operativo", "Formula",
    "Periodo di riferimento", "Valore min atteso", "Valore max atteso", "Unità di misura", "Fonte",
    "Note per l'elaborazione",
    "Valore raggiunto",  # colonna AGGIUNTA: valori inventati (vedi FONTI-gruppo-b.md)
]
AREA_A = "A.Area della Prevenzione, Appropriatezza e dell'Accessibilità nei livelli di assistenza"
CAGLIARI_RIGHE = [
    ("A.1", AREA_A, "Assistenza territoriale",
     "Utenti presi in carico dai centri di salute mentale per 100.000 ab.",
     "(Numero utenti in carico annualmente nei centri di salute mentale / Popolazione residente) * 100.000",
     2014, 500, ">= 1.000", "Utenti",
     "U.O.C Programmazione e Controllo; Dipartimento di Salute mentale", None,
     742),
    ("A.2", AREA_A, "Assistenza territoriale",
     "Numero prestazioni specialistiche ambulatoriali di risonanza magnetica per 100 residenti",
     "(Numero prestazioni specialistiche ambulatoriali di risonanza magnetica effettuate / Popolazione "
     "residente) * 100",
     2014, 5.1, "> o = 7,5", "Numero di prestazioni",
     "U.O.C Programmazione e Controllo; File C",
     "Codice prestazione: 88.91.1 - 88.91.8 ; 88.92 - 88.92.9; 88.93 88.93.1; 88.94.1- 88.94.3; "
     "88.95.1 – 88.95.6. Fonte: Nsis - Flusso di specialistica ambulatoriale Art 50 (Legge 326/2003)",
     8.3),
    ("A.3", AREA_A, "Assistenza territoriale",
     "Posti letto attivi in hospice sul totale dei deceduti per tumore (per 100)",
     "(Posti letto in hospice / deceduti per tumore ) * 100",
     2014, 0.5, ">1", "Posti letto",
     "U.O.C Programmazione e Controllo", None,
     "0,4"),  # scritto come testo, con la virgola
]


def cagliari(uscita: Path) -> Path:
    percorso = uscita / "asl-cagliari-2014-obiettivi-budget.xlsx"
    wb = xlsxwriter.Workbook(str(percorso))
    wb.set_properties({"author": "Programmazione e Controllo di Gestione", "created": DATA_FISSA})
    ws = wb.add_worksheet("Obiettivi di Budget 2014")
    titolo = wb.add_format({"bold": True, "font_size": 14})
    sotto = wb.add_format({"italic": True})
    intest = wb.add_format({"bold": True, "border": 1, "text_wrap": True, "valign": "vcenter",
                            "align": "center", "bg_color": "#FCE4D6"})
    cella = wb.add_format({"border": 1, "text_wrap": True, "valign": "top"})
    numero = wb.add_format({"border": 1, "valign": "top", "num_format": "#,##0.0"})
    intero = wb.add_format({"border": 1, "valign": "top", "num_format": "#,##0"})
    anno = wb.add_format({"border": 1, "valign": "top", "num_format": "0"})
    ws.write(0, 0, "Obiettivi di Budget 2014", titolo)
    ws.write(1, 0, "Programmazione e Controllo di Gestione - Asl 8 Cagliari", sotto)
    ws.write_row(3, 0, CAGLIARI_INTESTAZIONE, intest)  # riga 4 in Excel
    ws.set_row(3, 32)
    for i, riga in enumerate(CAGLIARI_RIGHE):
        r = 4 + i
        for c, v in enumerate(riga):
            if v is None:
                ws.write_blank(r, c, None, cella)
            elif c == 5:
                ws.write_number(r, c, v, anno)
            elif isinstance(v, (int, float)):
                ws.write_number(r, c, v, intero if float(v).is_integer() else numero)
            else:
                ws.write_string(r, c, v, cella)
        ws.set_row(r, 60)
    for c, larghezza in enumerate((11, 30, 18, 40, 45, 10, 10, 11, 14, 30, 45, 11)):
        ws.set_column(c, c, larghezza)
    ws.freeze_panes(4, 1)
    ws.autofilter(3, 0, 3 + len(CAGLIARI_RIGHE), len(CAGLIARI_INTESTAZIONE) - 1)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    wb.close()
    return percorso


# ---------------------------------------------------------------------------
# 5. ASP Potenza - Allegato 1 Piano della performance 2016-2018 - XlsxWriter, poi LibreOffice
# ---------------------------------------------------------------------------

POTENZA_TITOLO = (
    "ALLEGATO 1 - TABELLA SU OUTCAME-OBIETTIVI- INCDICATORI-TARGET-PIANO TRIENNALE DELLA PERFORMANCE "
    "2016 - 2018 AGGIORNAMENTO ED INTEGRAZIONE SETTEMBRE 2016"
)
# Intestazioni RICOSTRUITE: la copia conservata non contiene la riga d'intestazione.
POTENZA_INTESTAZIONE = [
    "N.", "AREA STRATEGICA", "OUTCOME", "OBIETTIVO", "INDICATORE", "FORMULA",
    "VALORE 2013", "VALORE 2014", "VALORE 2015", "TARGET 2016", "TARGET 2017", "TARGET 2018",
    "RIFERIMENTO",
    "Valore raggiunto 2016",  # colonna AGGIUNTA: valori inventati
]
AREA_P = "PREVENZIONE IGIENE E SANITA' PUBBLICA"
OUTCOME_P = "Riduzione del rischio di patologie evitabili attraverso la vaccinazione"
OBIETTIVO_P = "Migliorare la copertura vaccinale"
# valori: ("pct", x, formato) percentuale numerica; ("txt", s) testo; None vuoto
POTENZA_RIGHE = [
    (1, "Copertura vaccinale esavalente a 24 mesi",
     "N. cicli vaccinali completati (3° dose) al 31 dicembre di ciascun anno per esavalente e per la "
     "coorte in esame/",
     ("pct", 0.994, "0.0%"), ("pct", 0.990, "0.0%"), ("pct", 0.98, "0.00%"),
     "> 95%", "> 95%", "> 95%", "DGR 364/2016", ("pct", 0.968, "0.0%")),
    (2, "Copertura vaccinale MPR nella popolazione bersaglio",
     "N.Cicli vaccinali MPR completati al 31 dicembre (ciclo di base completo 1 dose)/N. bambini "
     "residenti che compiono 24 mesi nell’anno di rilevazione",
     ("pct", 0.91, "0.00%"), ("pct", 0.90, "0.00%"), ("pct", 0.92, "0.00%"),
     "> 90%", "> 90%", "> 90%", "DGR 364/2016", ("txt", "88,5%")),
    (3, "Copertura vaccinale antipneumococcico",
     "N.Cicli vaccinali (3°dose) completati al 31 dicembre per Antipneumococcica/N. bambini residenti "
     "nel territorio di competenza con età inferiore a 24 mesi al 31 dicembre",
     ("txt", "="), ("pct", 0.98, "0.0%"), ("pct", 0.98, "0%"),
     "> 97%", "> 97%", "> 97%", "DGR 364/2016", ("pct", 0.974, "0.0%")),
    (4, "Copertura vaccinale antimeningococcico C",
     "N. Cicli vaccinali completati (una dose registrata entro l’anno) al 31 dicembre 2015 per "
     "Antimeningococcica /N. bambini residenti nel territorio di competenza con età inferiore a 24 mesi "
     "al 31 dicembre",
     ("txt", "="), ("pct", 0.88, "0%"), ("pct", 0.88, "0.00%"),
     None, None, None, None, ("pct", 0.891, "0.0%")),  # target e riferimento non leggibili
]


def potenza(uscita: Path) -> Path:
    percorso = uscita / "asl-potenza-2016-tabella-outcome.xlsx"
    wb = xlsxwriter.Workbook(str(percorso))
    wb.set_properties({"author": "ASP Potenza - Budget e Controllo di Gestione", "created": DATA_FISSA})
    ws = wb.add_worksheet("Allegato 1")
    titolo = wb.add_format({"bold": True, "text_wrap": True, "align": "center", "valign": "vcenter"})
    intest = wb.add_format({"bold": True, "border": 1, "text_wrap": True, "align": "center",
                            "valign": "vcenter", "bg_color": "#FFF2CC"})
    cella = wb.add_format({"border": 1, "text_wrap": True, "valign": "top", "font_size": 9})
    centro = wb.add_format({"border": 1, "align": "center", "valign": "top", "font_size": 9})
    formati_pct = {}

    def pct(fmt):
        if fmt not in formati_pct:
            formati_pct[fmt] = wb.add_format({"border": 1, "align": "center", "valign": "top",
                                              "font_size": 9, "num_format": fmt})
        return formati_pct[fmt]

    ultima = len(POTENZA_INTESTAZIONE) - 1
    ws.merge_range(0, 0, 0, ultima, POTENZA_TITOLO, titolo)
    ws.set_row(0, 36)
    ws.write_row(2, 0, POTENZA_INTESTAZIONE, intest)  # riga 3 in Excel
    ws.set_row(2, 30)
    for i, (n, indicatore, formula, v13, v14, v15, t16, t17, t18, rif, raggiunto) in enumerate(POTENZA_RIGHE):
        r = 3 + i
        ws.write_number(r, 0, n, centro)
        ws.write_string(r, 1, AREA_P, cella)  # ripetuti a ogni riga, come nel documento
        ws.write_string(r, 2, OUTCOME_P, cella)
        ws.write_string(r, 3, OBIETTIVO_P, cella)
        ws.write_string(r, 4, indicatore, cella)
        ws.write_string(r, 5, formula, cella)
        for c, v in ((6, v13), (7, v14), (8, v15), (13, raggiunto)):
            if v[0] == "pct":
                ws.write_number(r, c, v[1], pct(v[2]))
            else:
                ws.write_string(r, c, v[1], centro)
        for c, v in ((9, t16), (10, t17), (11, t18), (12, rif)):
            if v is None:
                ws.write_blank(r, c, None, centro)
            else:
                ws.write_string(r, c, v, centro)
        ws.set_row(r, 72)
    for c, larghezza in enumerate((4, 16, 20, 16, 22, 38, 9, 9, 9, 9, 9, 9, 12, 12)):
        ws.set_column(c, c, larghezza)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(2)
    wb.close()
    return percorso


# ---------------------------------------------------------------------------
# LibreOffice
# ---------------------------------------------------------------------------

def main(argv: list[str]) -> int:
    uscita = Path(argv[1]).resolve() if len(argv) > 1 else QUI
    uscita.mkdir(parents=True, exist_ok=True)
    print(f"Scrivo in {uscita}")
    for fn in (besnate, castenedolo, cagliari):
        print(f"  {fn(uscita).name}")
    for fn in (belluno, potenza):
        p = fn(uscita)
        print(f"  {p.name}")
        salva_con_libreoffice(p)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
