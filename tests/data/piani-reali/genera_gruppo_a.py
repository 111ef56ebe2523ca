"""Rigenera le cartelle di lavoro del gruppo A (agenzie nazionali) da dati letterali.

    python tests/data/piani-reali/genera_gruppo_a.py

scrive accanto a questo file:

* ``agenzia-entrate-2017-convenzione.xlsx`` (openpyxl): il "Quadro sinottico degli
  obiettivi e degli indicatori" della Convenzione MEF - Agenzia delle entrate 2017-2019
  (Area strategica Servizi, obiettivi n. 1 e n. 2). Testi, pesi, risultati attesi e
  incentivazione come nel documento; la colonna "Consuntivo 2017" è INVENTATA (il
  documento è un piano e non ha consuntivi).
* ``agid-2020-piano-triennale-monitoraggio.xlsx`` (XlsxWriter): Piano Triennale per
  l'informatica nella PA 2020-2022, capitolo 1 "Servizi", obiettivi e risultati attesi
  con i target 2020-2022, più la colonna "Baseline dicembre 2020" presa dal Piano
  Triennale 2021-2023, che è il valore rilevato a fine 2020: tutto reale, niente inventato.
* ``agid-2021-piano-triennale.xlsx`` (openpyxl, poi salvato da LibreOffice): Piano
  Triennale 2021-2023, capitolo 1 "Servizi", con baseline e target 2021-2023; la colonna
  "Consuntivo 2021" è INVENTATA.

Fonti, scelte e valori attesi: ``FONTI-gruppo-a.md`` e ``attesi_gruppo_a.json`` accanto a
questo file. Lo script non usa piano_xlsx. Il passaggio da LibreOffice si salta (con un
messaggio) se ``soffice`` non è installato: resta allora il file scritto da openpyxl.
"""

from __future__ import annotations

import sys
from pathlib import Path

import openpyxl
import xlsxwriter
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from risalva_libreoffice import resave as salva_con_libreoffice

QUI = Path(__file__).resolve().parent


def altezza_riga(testi_e_larghezze, minima: float = 15.0) -> float:
    """Altezza (punti) che Excel darebbe a una riga con testo a capo: ~1,1 caratteri per
    unità di larghezza della colonna, 15 punti per riga di testo."""
    righe = 1
    for testo, larghezza in testi_e_larghezze:
        if testo is None:
            continue
        per_riga = max(1, int(larghezza * 1.1))
        n = sum(max(1, -(-len(parte) // per_riga)) for parte in str(testo).split("\n"))
        righe = max(righe, n)
    return max(minima, 15.0 * righe)

# --------------------------------------------------------------------------------------
# 1. Agenzia delle entrate - Convenzione 2017-2019, quadro sinottico (openpyxl)
# --------------------------------------------------------------------------------------

ENTRATE_TITOLO = "QUADRO SINOTTICO DEGLI OBIETTIVI E DEGLI INDICATORI"
ENTRATE_AREA = "AREA STRATEGICA SERVIZI"
ENTRATE_INTESTAZIONE = ["Indicatori", "Peso indicatore", "Risultato atteso 2017",
                        "Incentivazione indicatore €/mln", "Consuntivo 2017"]

# (obiettivo n., testo dell'obiettivo, [(indicatore, peso, atteso, fmt atteso,
#   incentivazione, consuntivo INVENTATO, fmt consuntivo)], riga di totale o None)
# I formati: "%" = numero con formato percentuale; None = testo o numero così com'è.
ENTRATE_OBIETTIVI = [
    (1,
     "Facilitare il corretto e tempestivo adempimento degli obblighi tributari\n"
     "(Peso 15% - Valore €/mln)",
     [("Percentuale di 730 precompilati trasmessi dal contribuente e/o dagli intermediari "
       "rispetto al totale dei 730 ricevuti dall'Agenzia", 70, 0.75, "0%", 8.61, 0.789, "0.0%"),
      ("Percentuale di documenti interpretativi (circolari e risoluzioni) adottati entro il "
       "60° giorno antecedente alla data di applicazione delle norme tributarie di maggiore "
       "interesse", 30, 1, "0%", 3.69, 1, "0%")],
     ("TOTALE INCENTIVAZIONE OBIETTIVO N. 1", 100, 12.3)),
    (2,
     "Migliorare i servizi erogati e la qualità e completezza delle banche dati catastali "
     "e cartografiche\n(Peso 20% - Valore €/mln)",
     [("% di fruizione/utilizzo dei servizi telematici da parte dei contribuenti sul totale "
       "dei servizi erogati dall'Agenzia", 10, 0.48, "0%", 1.64, 0.51, "0%"),
      ("Barometro della Qualità dei servizi ipotecari e catastali erogati",
       10, 0.90, "0%", 1.64, "92,0%", None),
      ("% di atti di intestazione catastale evasi", 5, 0.95, "0%", 0.82, 0.93, "0%"),
      ("% formalità repertoriate nella medesima giornata della presentazione",
       5, 0.93, "0%", 0.82, "96%", None),
      ("Tempi medi di attesa presso gli uffici (dalla stampa del biglietto alla chiamata "
       "dell'operatore)", 10, "26’", None, 1.64, "28’", None),
      ("Tempo massimo di risposta alle segnalazioni dei Garanti del contribuente",
       5, "30 gg.", None, 0.82, "25 gg.", None),
      ("N. di rimborsi IVA lavorati/magazzino", 12, 0.70, "0%", 1.98, 0.72, "0%"),
      ("N. di rimborsi Imposte Dirette pregressi lavorati/magazzino",
       15, 0.80, "0%", 2.46, 0.68, "0%"),
      ("Realizzazione di azioni di miglioramento in esito all'indagine di customer "
       "satisfaction prevista nella Convenzione 2016-2018 sui servizi erogati dai Centri "
       "di Assistenza Multicanale", 10, "SI", None, 1.64, "SI", None),
      ("Indicatore di completa integrazione degli oggetti immobiliari catastali",
       6, 0.87, "0%", 0.98, 0.87, "0%"),
      ("Indicatore di congruenza geometrica tra mappe contigue",
       6, 0.02, "0%", 0.98, 0.02, "0%")],
     None),
]


def genera_entrate(percorso: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Quadro sinottico"
    sottile = Side(style="thin", color="000000")
    bordo = Border(left=sottile, right=sottile, top=sottile, bottom=sottile)
    grigio = PatternFill("solid", fgColor="D9D9D9")
    azzurro = PatternFill("solid", fgColor="DDEBF7")
    a_capo = Alignment(wrap_text=True, vertical="center")
    centro = Alignment(wrap_text=True, vertical="center", horizontal="center")

    ws["A1"] = ENTRATE_TITOLO
    ws["A1"].font = Font(bold=True, size=12)
    ws.merge_cells("A1:F1")
    ws["A2"] = ENTRATE_AREA
    ws["A2"].font = Font(bold=True)
    ws["A2"].fill = azzurro
    ws["A2"].alignment = centro
    ws.merge_cells("A2:F2")

    riga = 3
    for numero, testo, indicatori, totale in ENTRATE_OBIETTIVI:
        # intestazione ripetuta per ogni obiettivo, come nel documento
        intestazione = [f"Obiettivo n. {numero}"] + ENTRATE_INTESTAZIONE
        for col, valore in enumerate(intestazione, start=1):
            c = ws.cell(riga, col, valore)
            c.font = Font(bold=True)
            c.fill = grigio
            c.alignment = centro
            c.border = bordo
        riga += 1
        prima = riga
        for nome, peso, atteso, fmt_atteso, incentivo, consuntivo, fmt_cons in indicatori:
            ws.cell(riga, 2, nome).alignment = a_capo
            ws.cell(riga, 3, peso).alignment = centro
            c = ws.cell(riga, 4, atteso)
            c.alignment = centro
            if fmt_atteso:
                c.number_format = fmt_atteso
            c = ws.cell(riga, 5, incentivo)
            c.number_format = "0.00"
            c.alignment = centro
            c = ws.cell(riga, 6, consuntivo)
            c.alignment = centro
            if fmt_cons:
                c.number_format = fmt_cons
            for col in range(1, 7):
                ws.cell(riga, col).border = bordo
            riga += 1
        ws.cell(prima, 1, testo).alignment = a_capo
        ws.merge_cells(start_row=prima, start_column=1, end_row=riga - 1, end_column=1)
        if totale:
            etichetta, peso_tot, incentivo_tot = totale
            ws.cell(riga, 1, etichetta).font = Font(bold=True)
            ws.merge_cells(start_row=riga, start_column=1, end_row=riga, end_column=2)
            ws.cell(riga, 3, peso_tot).font = Font(bold=True)
            c = ws.cell(riga, 5, incentivo_tot)
            c.number_format = "0.0"
            c.font = Font(bold=True)
            for col in range(1, 7):
                ws.cell(riga, col).border = bordo
                ws.cell(riga, col).alignment = centro if col > 2 else a_capo
            riga += 1

    larghezze = (34, 58, 11, 12, 16, 12)
    for lettera, larghezza in zip("ABCDEF", larghezze):
        ws.column_dimensions[lettera].width = larghezza
    for r in range(3, riga):
        testi = [(ws.cell(r, col).value, larghezze[col - 1]) for col in range(2, 7)]
        ws.row_dimensions[r].height = altezza_riga(testi)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToHeight = 0
    wb.properties.creator = "Agenzia delle entrate"
    wb.save(percorso)


# --------------------------------------------------------------------------------------
# 2. AgID - Piano Triennale 2020-2022, cap. 1 Servizi, monitoraggio 2020 (XlsxWriter)
# --------------------------------------------------------------------------------------

AGID20_TITOLO = "Piano Triennale per l'informatica nella Pubblica Amministrazione 2020-2022"
AGID20_SOTTOTITOLO = "Capitolo 1 - Servizi - Obiettivi e risultati attesi"
AGID20_INTESTAZIONE = ["Obiettivo", "Risultato atteso", "Target 2020", "Target 2021",
                       "Target 2022", "Baseline dicembre 2020"]

# (obiettivo, [(risultato atteso, target 2020, target 2021, target 2022,
#   baseline dicembre 2020 dal Piano 2021-2023)])
AGID20_OBIETTIVI = [
    ("OB.1.1 - Migliorare la capacità di generare ed erogare servizi digitali", [
        ("R.A.1.1a - Diffusione del modello di riuso di software tra le amministrazioni in "
         "attuazione delle Linee Guida AGID sull’acquisizione e il riuso del software per la "
         "Pubblica Amministrazione",
         "Baseline: almeno 70 amministrazioni rilasciano software open source in Developers "
         "Italia e almeno 600 soggetti riusano software open source presente in Developers "
         "Italia.",
         "Incremento di almeno 80 amministrazioni che rilasciano software open source in "
         "Developers Italia e di almeno 200 soggetti che riusano software open source "
         "presente in Developers Italia rispetto alla baseline.",
         "Incremento di almeno 180 amministrazioni che rilasciano software open source in "
         "Developers Italia e di almeno 400 soggetti che riusano software open source "
         "presente in Developers Italia rispetto alla baseline.",
         "52 amministrazioni rilasciano software open source e 1.528 soggetti riusano "
         "software open source presente in Developers Italia."),
        ("R.A.1.1b - Incremento del livello di adozione del programma di abilitazione al cloud",
         "Baseline: almeno 70 PA completano l’assessment dei propri servizi previsto dal "
         "programma di abilitazione al cloud.",
         "Incremento, rispetto alla baseline, di almeno altre 35 PA che completano "
         "l’assessment dei servizi previsto dal programma di abilitazione al cloud e almeno "
         "25 hanno completato la migrazione di almeno un servizio come descritto nel "
         "Manuale di abilitazione al cloud.",
         "Incremento, rispetto alla baseline, di almeno altre 130 PA che completano "
         "l’assessment dei servizi previsto dal programma di abilitazione al cloud e almeno "
         "70 hanno completato la migrazione di almeno un servizio come descritto nel "
         "Manuale di abilitazione al cloud.",
         "63 PA hanno completato l’assessment dei propri servizi."),
        ("R.A.1.1c - Ampliamento dell’offerta del Catalogo dei servizi cloud qualificati da AGID",
         "Baseline: 800 servizi qualificati.",
         "Incremento, rispetto alla baseline, di almeno altri 450 servizi qualificati.",
         "Incremento, rispetto alla baseline, di almeno altri 1.000 servizi qualificati.",
         "824 servizi qualificati."),
        ("R.A.1.1d - Diffusione del monitoraggio, da parte delle Amministrazioni, della "
         "fruizione dei servizi digitali",
         "Baseline: 80 PA attivano Web Analytics Italia.",
         "Ulteriori 200 PA, rispetto alla baseline, attivano Web Analytics Italia.",
         "Ulteriori 400 PA, rispetto alla baseline, attivano Web Analytics Italia.",
         "46 PA attive su Web Analytics Italia."),
    ]),
    ("OB.1.2 - Migliorare l’esperienza d’uso e l’accessibilità dei servizi", [
        ("R.A.1.2a - Incremento e diffusione dei modelli standard per lo sviluppo di siti "
         "disponibili in Designers Italia",
         "Baseline: almeno 80 PA utilizzano i modelli standard di sviluppo web disponibili.",
         "Incremento, rispetto alla baseline, dell’utilizzo del modello per almeno altre "
         "100 PA.",
         "Incremento, rispetto alla baseline, dell’utilizzo del modello per almeno altre "
         "200 PA.",
         "205 PA dichiarano di utilizzare i modelli standard."),
        ("R.A.1.2b - Diffusione dei test di usabilità previsti dalle Linee Guida AGID per il "
         "design dei servizi nelle amministrazioni per agevolare il feedback e le "
         "valutazioni da parte degli utenti",
         "Baseline: numero di report ricevuti da AGID sui test di usabilità effettuati "
         "dalle PA",
         "Incremento del 5% del numero di report ricevuti rispetto alla baseline",
         "Incremento del 10% del numero di report ricevuti rispetto alla baseline",
         "23 report ricevuti da AGID sui test di usabilità effettuati dalle PA."),
        ("R.A.1.2c - Incremento del livello di accessibilità dei servizi digitali della PA "
         "secondo le Linee guida sull'accessibilità degli strumenti informatici",
         "Baseline 1: rilevazione del livello di conformità dei siti, comunicato dalle "
         "Amministrazioni nelle loro dichiarazioni di accessibilità.",
         "Baseline 2: rilevazione del livello di accessibilità risultante dal monitoraggio "
         "del campione di 1.280 siti web della PA.",
         "Definizione di un indicatore nazionale di accessibilità dei siti web e incremento "
         "del 10% del livello di accessibilità rispetto al campione di 1.280 siti monitorati.",
         "Livello di conformità dei siti comunicato dalle amministrazioni nelle "
         "dichiarazioni di accessibilità: conforme 36%, parzialmente conforme 59% e non "
         "conforme 5%."),
    ]),
]


def genera_agid_2020(percorso: Path) -> None:
    wb = xlsxwriter.Workbook(str(percorso))
    wb.set_properties({"author": "AgID", "title": AGID20_TITOLO})
    ws = wb.add_worksheet("Cap. 1 Servizi")
    titolo = wb.add_format({"bold": True, "font_size": 13})
    sotto = wb.add_format({"bold": True, "font_size": 11, "font_color": "#0066CC"})
    testa = wb.add_format({"bold": True, "bg_color": "#0066CC", "font_color": "#FFFFFF",
                           "border": 1, "text_wrap": True, "valign": "vcenter",
                           "align": "center"})
    ob = wb.add_format({"bold": True, "border": 1, "text_wrap": True, "valign": "vcenter",
                        "bg_color": "#E8F1FA"})
    testo = wb.add_format({"border": 1, "text_wrap": True, "valign": "top"})
    ra = wb.add_format({"border": 1, "text_wrap": True, "valign": "top", "bold": True})

    ws.write("A1", AGID20_TITOLO, titolo)
    ws.write("A2", AGID20_SOTTOTITOLO, sotto)
    riga = 3  # riga 4 in Excel
    ws.write_row(riga, 0, AGID20_INTESTAZIONE, testa)
    ws.set_row(riga, 30)
    riga += 1
    for obiettivo, risultati in AGID20_OBIETTIVI:
        prima = riga
        for risultato, t20, t21, t22, rilevato in risultati:
            ws.set_row(riga, altezza_riga([(risultato, 42), (t20, 34), (t21, 34),
                                           (t22, 34), (rilevato, 34)]))
            ws.write(riga, 1, risultato, ra)
            ws.write(riga, 2, t20, testo)
            ws.write(riga, 3, t21, testo)
            ws.write(riga, 4, t22, testo)
            ws.write(riga, 5, rilevato, testo)
            riga += 1
        ws.merge_range(prima, 0, riga - 1, 0, obiettivo, ob)
    ws.set_column(0, 0, 26)
    ws.set_column(1, 1, 42)
    ws.set_column(2, 5, 34)
    ws.freeze_panes(4, 2)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(3)
    wb.close()


# --------------------------------------------------------------------------------------
# 3. AgID - Piano Triennale 2021-2023, cap. 1 Servizi (openpyxl, poi LibreOffice)
# --------------------------------------------------------------------------------------

AGID21_TITOLO = "Piano Triennale per l'informatica nella Pubblica Amministrazione 2021-2023"
AGID21_SOTTOTITOLO = "Capitolo 1. Servizi - Obiettivi e risultati attesi"
AGID21_INTESTAZIONE = ["Obiettivo", "Risultato atteso", "Baseline dicembre 2020",
                       "Target 2021", "Target 2022", "Target 2023", "Consuntivo 2021"]

# (obiettivo, [(risultato, baseline, t21, t22, t23, consuntivo 2021 INVENTATO)])
AGID21_OBIETTIVI = [
    ("OB.1.1 - Migliorare la capacità di generare ed erogare servizi digitali", [
        ("R.A.1.1a - Diffusione del modello di riuso di software tra le amministrazioni in "
         "attuazione delle Linee Guida AGID sull’acquisizione e il riuso del software per la "
         "Pubblica Amministrazione",
         "52 amministrazioni rilasciano software open source e 1.528 soggetti riusano "
         "software open source presente in Developers Italia.",
         "Almeno 100 amministrazioni che rilasciano software open source in Developers "
         "Italia e almeno 1.728 soggetti che riusano software open source presente in "
         "Developers Italia.",
         "Almeno 150 amministrazioni che rilasciano software open source in Developers "
         "Italia e almeno 2.000 soggetti che riusano software open source presente in "
         "Developers Italia.",
         "Almeno 200 amministrazioni che rilasciano software open source in Developers "
         "Italia e almeno 2.200 soggetti che riusano software open source presente in "
         "Developers Italia.",
         "98 amministrazioni e 1.802 soggetti"),
        ("R.A.1.1b - Incremento del livello di adozione del programma di abilitazione al cloud",
         "63 PA hanno completato l’assessment dei propri servizi.",
         "almeno 105 PA che completano l’assessment dei servizi previsto dal programma di "
         "abilitazione al cloud e almeno 25 hanno completato la migrazione di almeno un "
         "servizio come descritto nel Manuale di abilitazione al cloud.",
         "almeno 200 PA che completano l’assessment dei servizi previsto dal programma di "
         "abilitazione al cloud e almeno 95 hanno completato la migrazione di almeno un "
         "servizio come descritto nel Manuale di abilitazione al cloud.",
         "Almeno 1.500 PA che completano l’assessment dei servizi previsto dal programma di "
         "abilitazione al cloud e almeno 1.000 hanno completato la migrazione di almeno un "
         "servizio come descritto nel Manuale di abilitazione al cloud.",
         "112 PA con assessment; 31 migrazioni"),
        ("R.A.1.1c - Ampliamento dell’offerta del Catalogo dei servizi cloud qualificati",
         "824 servizi qualificati.",
         "Almeno 1.100 servizi qualificati.",
         "Almeno 1.400 servizi qualificati.",
         "Almeno 1.500 servizi qualificati.",
         1180),
        ("R.A.1.1d - Diffusione del monitoraggio, da parte delle Amministrazioni, della "
         "fruizione dei servizi digitali",
         "46 PA attive su Web Analytics Italia.",
         "450 PA attivano Web Analytics Italia.",
         "700 PA attivano Web Analytics Italia.",
         "850 PA attivano Web Analytics Italia.",
         412),
    ]),
    ("OB.1.2 - Migliorare l’esperienza d’uso e l’accessibilità dei servizi", [
        ("R.A.1.2a - Incremento e diffusione dei modelli standard per lo sviluppo di siti, "
         "disponibili in Designers Italia",
         "205 PA dichiarano di utilizzare i modelli standard.",
         "Almeno 280 PA dichiarano di utilizzare i modelli standard di sviluppo web "
         "disponibili.",
         "Almeno 400 PA dichiarano di utilizzare i modelli standard di sviluppo web "
         "disponibili.",
         "Almeno 600 PA dichiarano di utilizzare i modelli standard di sviluppo web "
         "disponibili.",
         291),
        ("R.A.1.2b - Diffusione dei test di usabilità nelle amministrazioni per agevolare il "
         "feedback e le valutazioni da parte degli utenti",
         "23 report ricevuti da AGID sui test di usabilità effettuati dalle PA.",
         "40 report ricevuti da AGID sui test di usabilità effettuati dalle PA.",
         "60 report ricevuti da AGID sui test di usabilità effettuati dalle PA.",
         "100 report ricevuti da AGID sui test di usabilità effettuati dalle PA.",
         44),
        ("R.A.1.2c - Incremento dell’accessibilità dei servizi digitali della PA, secondo "
         "quanto indicato dalle Linee guida sull'accessibilità degli strumenti informatici",
         "Livello di conformità dei siti comunicato dalle amministrazioni nelle "
         "dichiarazioni di accessibilità: conforme 36%, parzialmente conforme 59% e non "
         "conforme 5%.",
         "Rilevazione dello stato di conformità ai requisiti di accessibilità, risultante dal "
         "monitoraggio AGID del campione di 1.282 siti web della PA.\n"
         "Rilevazione dei 10 criteri di successo non soddisfatti con maggiore frequenza, "
         "risultante dal monitoraggio del campione di 1.282 siti web della PA.",
         "Risoluzione di 2 criteri di successo non soddisfatti con maggiore frequenza dalle "
         "PA, come rilevato nel campione di siti web monitorato da AGID nel 2021.",
         "Risoluzione di 2 criteri di successo non soddisfatti con maggiore frequenza dalle "
         "PA, come rilevato nel campione di siti web monitorato da AGID nel 2022.",
         "Realizzate"),
    ]),
    ("OB.1.3 - Piena applicazione del Regolamento Europeo EU 2018/1724 (Single Digital "
     "Gateway)", [
        ("R.A.1.3a - Aumento del livello di fruizione delle informazioni, spiegazioni e "
         "istruzioni, di cui agli art. 2, 9 e 10 del Regolamento EU 2018/1724",
         None,
         "n.d.",
         "Pubblicazione del 100% delle informazioni, spiegazioni e istruzioni rese "
         "accessibili dalle autorità municipali.",
         None,
         None),
        ("R.A.1.3b - Realizzazione delle procedure e del sistema tecnico di cui agli art. 6, "
         "13, 14 e 15 del Regolamento EU 2018/1724",
         None,
         "n.d.",
         "n.d.",
         "100% delle procedure adeguate secondo le specifiche tecniche del Single Digital "
         "Gateway.",
         None),
    ]),
]


def genera_agid_2021(percorso: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Servizi"
    sottile = Side(style="thin", color="7F7F7F")
    bordo = Border(left=sottile, right=sottile, top=sottile, bottom=sottile)
    blu = PatternFill("solid", fgColor="0066CC")
    chiaro = PatternFill("solid", fgColor="E8F1FA")
    su = Alignment(wrap_text=True, vertical="top")

    ws["A1"] = AGID21_TITOLO
    ws["A1"].font = Font(bold=True, size=13)
    ws["A2"] = AGID21_SOTTOTITOLO
    ws["A2"].font = Font(bold=True, color="0066CC")
    riga = 4
    for col, valore in enumerate(AGID21_INTESTAZIONE, start=1):
        c = ws.cell(riga, col, valore)
        c.font = Font(bold=True, color="FFFFFF")
        c.fill = blu
        c.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        c.border = bordo
    riga += 1
    for obiettivo, risultati in AGID21_OBIETTIVI:
        prima = riga
        for risultato, base, t21, t22, t23, consuntivo in risultati:
            valori = [None, risultato, base, t21, t22, t23, consuntivo]
            for col, valore in enumerate(valori, start=1):
                c = ws.cell(riga, col, valore)
                c.alignment = su
                c.border = bordo
            ws.cell(riga, 2).font = Font(bold=True)
            if isinstance(consuntivo, int):
                ws.cell(riga, 7).number_format = "#,##0"
            riga += 1
        c = ws.cell(prima, 1, obiettivo)
        c.font = Font(bold=True)
        c.fill = chiaro
        c.alignment = Alignment(wrap_text=True, vertical="center")
        ws.merge_cells(start_row=prima, start_column=1, end_row=riga - 1, end_column=1)
    larghezze = (26, 40, 30, 34, 30, 30, 14)
    for lettera, larghezza in zip("ABCDEFG", larghezze):
        ws.column_dimensions[lettera].width = larghezza
    ws.row_dimensions[4].height = 30
    for r in range(5, riga):
        testi = [(ws.cell(r, col).value, larghezze[col - 1]) for col in range(2, 8)]
        ws.row_dimensions[r].height = altezza_riga(testi)
    ws.freeze_panes = "C5"
    ws.page_setup.orientation = "landscape"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    wb.properties.creator = "AgID"
    wb.save(percorso)


def main() -> int:
    genera_entrate(QUI / "agenzia-entrate-2017-convenzione.xlsx")
    genera_agid_2020(QUI / "agid-2020-piano-triennale-monitoraggio.xlsx")
    agid21 = QUI / "agid-2021-piano-triennale.xlsx"
    genera_agid_2021(agid21)
    salva_con_libreoffice(agid21)
    for nome in ("agenzia-entrate-2017-convenzione.xlsx",
                 "agid-2020-piano-triennale-monitoraggio.xlsx",
                 "agid-2021-piano-triennale.xlsx"):
        print("scritto", QUI / nome)
    return 0


if __name__ == "__main__":
    sys.exit(main())
