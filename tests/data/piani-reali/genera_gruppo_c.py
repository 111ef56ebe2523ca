#!/usr/bin/env python3
"""Ricostruisce le cartelle di lavoro del gruppo C (università, schede individuali,
ente parco, INAIL) da dati letterali trascritti da documenti pubblicati.

Le fonti, le parti inventate e le difficoltà di lettura sono descritte in
FONTI-gruppo-c.md; i valori attesi (calcolati a mano) in attesi_gruppo_c.json.

Uso:  python genera_gruppo_c.py            (scrive accanto a questo file)
      python genera_gruppo_c.py -d CARTELLA

Produttori: openpyxl, XlsxWriter e, per due cartelle, un secondo salvataggio con
LibreOffice (soffice --headless --convert-to xlsx). Se soffice non c'è, il passo
viene saltato con un messaggio e resta il file scritto dalla libreria.

Questo script non importa piano_xlsx.
"""

from __future__ import annotations

import sys
from pathlib import Path

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
import xlsxwriter
from risalva_libreoffice import generate

QUI = Path(__file__).resolve().parent

# --------------------------------------------------------------------------
# utilità openpyxl

_SOTTILE = Side(style="thin", color="000000")
BORDO = Border(left=_SOTTILE, right=_SOTTILE, top=_SOTTILE, bottom=_SOTTILE)
A_CAPO = Alignment(wrap_text=True, vertical="top")
A_CAPO_CENTRO = Alignment(wrap_text=True, vertical="center", horizontal="center")
GRASSETTO = Font(bold=True)


def _intestazione_opx(ws, riga, intestazioni, colore="D9E1F2"):
    riempimento = PatternFill("solid", fgColor=colore)
    for col, testo in enumerate(intestazioni, start=1):
        c = ws.cell(row=riga, column=col, value=testo)
        c.font = GRASSETTO
        c.alignment = A_CAPO_CENTRO
        c.border = BORDO
        c.fill = riempimento


def _cella_opx(ws, riga, col, valore, formato=None):
    c = ws.cell(row=riga, column=col, value=valore)
    c.alignment = A_CAPO
    c.border = BORDO
    if formato:
        c.number_format = formato
    return c


def _larghezze_opx(ws, larghezze):
    for col, larg in enumerate(larghezze, start=1):
        ws.column_dimensions[get_column_letter(col)].width = larg


def _stampa_opx(ws):
    """Orizzontale, adattato alla larghezza di una pagina (come fa un ufficio)."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0


# --------------------------------------------------------------------------
# 1. Università - Allegato n. 5 Relazione annuale sulla Performance integrata 2019
#    (openpyxl)

def universita_allegato5_2019(percorso: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Allegato 5"
    titolo = ("Allegato n. 5 - Relazione annuale sulla Performance integrata di Ateneo 2019. "
              "Rendicontazione degli obiettivi di efficacia e di efficienza dei processi interni")
    ws.cell(row=1, column=1, value=titolo).font = Font(bold=True, size=12)
    ws.merge_cells("A1:H1")
    ws.row_dimensions[1].height = 32
    ws["A1"].alignment = Alignment(wrap_text=True, vertical="center")
    _intestazione_opx(ws, 2, [
        "Macroprocessi", "Codice", "Obiettivo annuale", "Struttura responsabile",
        "Indicatore", "Target", "Valore\nconsuntivo", "Livello di conseguimento",
    ])
    # Macroprocessi e Livello di conseguimento sono vuoti nel testo del documento
    # (nel PDF la seconda è un simbolo grafico): restano vuoti.
    righe = [
        ("2019_050301_PROC_74", "Migliorare la soddisfazione degli\nutenti",
         "050301 - U.O. Appalti pubblici di lavori - Sezione Contratti e appalti - Direzione Appalti,",
         "Punteggio di valutazione", 4, 4.9),
        ("2019_050301_PROC_75",
         "Creare uno spazio di rete condiviso contenente i modelli della documentazione di gara per",
         "050301 - U.O. Appalti pubblici di lavori - Sezione Contratti e appalti - Direzione Appalti,",
         "On/Off", "On", "On"),
        ("2019_050301_PROC_76",
         "Creare un archivio di rete centralizzato per la gestione unificata delle verifiche sugli",
         "050301 - U.O. Appalti pubblici di lavori - Sezione Contratti e appalti - Direzione Appalti,",
         "On/Off", "On", "On"),
        ("2019_050302_PROC_77", "Migliorare la soddisfazione degli utenti",
         "050302 - U.O. Appalti pubblici di servizi e forniture - Sezione Contratti e appalti - Direzione",
         "Punteggio di valutazione", 4, 4.7),
        ("2019_050302_PROC_78", "Sviluppare la capacità tecnica del personale della struttura",
         "050302 - U.O. Appalti pubblici di servizi e forniture - Sezione Contratti e appalti - Direzione",
         "Numero di giornate formative ed informative riservate al personale T.A.", 4, 2),
        ("2019_050302_PROC_79",
         "Creare uno spazio di rete condiviso contenente i modelli della documentazione di gara per",
         "050302 - U.O. Appalti pubblici di servizi e forniture - Sezione Contratti e appalti - Direzione",
         "On/Off", "On", "On"),
        ("2019_050402_PROC_83",
         "Realizzare la ricognizione del materiale presente negli immobili dell'Amministrazione centrale e la",
         "050402 - U.O. Fondo economale e inventario - Sezione\nEconomato - Direzione Appalti,",
         "Numero dibeni mobili censiti in ogni stanza /Numero complessivo di", 30, 30),
    ]
    for i, (cod, obiettivo, struttura, indicatore, target, consuntivo) in enumerate(righe, start=3):
        _cella_opx(ws, i, 1, None)
        _cella_opx(ws, i, 2, cod)
        _cella_opx(ws, i, 3, obiettivo)
        _cella_opx(ws, i, 4, struttura)
        _cella_opx(ws, i, 5, indicatore)
        numerico = isinstance(target, (int, float))
        _cella_opx(ws, i, 6, target, "0.00" if numerico else None)
        _cella_opx(ws, i, 7, consuntivo, "0.00" if numerico else None)
        _cella_opx(ws, i, 8, None)
    # la colonna Macroprocessi, nel PDF, è un'unica cella alta: qui unita e vuota
    ws.merge_cells(start_row=3, start_column=1, end_row=3 + len(righe) - 1, end_column=1)
    _larghezze_opx(ws, [16, 22, 42, 46, 36, 10, 12, 14])
    ws.row_dimensions[2].height = 30
    for r in range(3, 3 + len(righe)):
        ws.row_dimensions[r].height = 45
    ws.freeze_panes = "A3"
    _stampa_opx(ws)
    wb.save(percorso)


# --------------------------------------------------------------------------
# 2. Università - Allegato 1 Prospetto degli Indicatori strategici (agg. 2021)
#    (XlsxWriter) - colonna "Consuntivo 2021" AGGIUNTA con valori inventati

def universita_indicatori_strategici_2021(percorso: Path) -> None:
    wb = xlsxwriter.Workbook(str(percorso))
    ws = wb.add_worksheet("Allegato 1")
    f_tit = wb.add_format({"bold": True, "font_size": 11})
    f_nota = wb.add_format({"italic": True, "font_size": 9})
    f_int = wb.add_format({"bold": True, "text_wrap": True, "valign": "vcenter",
                           "align": "center", "border": 1, "bg_color": "#FCE4D6"})
    f_txt = wb.add_format({"text_wrap": True, "valign": "top", "border": 1})
    f_pct = wb.add_format({"num_format": "0.00%", "valign": "top", "border": 1})
    f_dec = wb.add_format({"num_format": "#,##0.00", "valign": "top", "border": 1})
    f_int0 = wb.add_format({"num_format": "#,##0", "valign": "top", "border": 1})
    f_num = wb.add_format({"num_format": "0", "valign": "top", "border": 1})
    f_area = wb.add_format({"bold": True, "rotation": 90, "align": "center",
                            "valign": "vcenter", "border": 1})

    ws.write(0, 0, "DIREZIONE GENERALE AREA FINANZA E PROGRAMMAZIONE", f_tit)
    ws.write(1, 0, "Ufficio Controllo di gestione")
    ws.write(2, 0, "Allegato 1", f_tit)
    ws.write(3, 0, "Prospetto degli Indicatori strategici", f_tit)
    ws.write(4, 0, "valori obiettivo e strategico di riferimento aggiornamento per il 2021*")
    ws.write(5, 0, "* valori disponibili al 21 gennaio 2021", f_nota)

    intestazioni = [
        None, "Obiettivi", "Indicatori", "Misura / formula",
        "2017 o a.a. 2016/2017", "2018 o a.a. 2017/18", "2019 o a.a. 2018/19",
        "aggiornamento 2020 o 2019/2020", "Valore Obiettivo 2021",
        "Valore strategico di riferimento", "Consuntivo 2021",
    ]
    r_int = 7  # riga 8 in Excel
    for c, testo in enumerate(intestazioni):
        if testo is None:
            ws.write_blank(r_int, c, None, f_int)
        else:
            ws.write(r_int, c, testo, f_int)
    ws.write_comment(r_int, 10, "Colonna aggiunta per il test: valori inventati "
                                "(vedi FONTI-gruppo-c.md).")

    formula_3a = (
        "Indicatori D_h e E_d di PRO3\n"
        "D_h - Professori e ricercatori provenienti da istituzioni diverse da quelle italiane e "
        "reclutati con procedura per chiamata diretta dal 1/1 al 31/12, anche non co-finanziate dal "
        "Ministero. Sono inclusi anche i docenti risultanti vincitori nell'ambito di specifici programmi "
        "di ricerca di alta qualificazione finanziati dall'Unione europea individuati ai sensi del d.m. "
        "963/2015 già in servizio presso l’Ateneo. Fa riferimento la presa di servizio.\n"
        "E_d - Professori e ricercatori reclutati con procedura per chiamata diretta dal 1/1 al 31/12, "
        "con l’esclusione di quelli provenienti da istituzioni estere oppure già in servizio presso l’Ateneo."
    )
    righe = [
        ("1) Perseguimento dell'eccellenza e della multidisciplinarietà nella ricerca",
         "1a) Percentuale di docenti con almeno 1 pubblicazione all'anno utilizzabile ai fini VQR",
         "Numero di docenti con almeno 1 pubblicazione per anno t / numero complessivo docenti al 31/12/t",
         [(0.8949, f_pct), (0.8905, f_pct), (0.9114, f_pct), ("dato in aggiornamento", f_txt),
          (0.8989, f_pct), (0.9439, f_pct), (0.8870, f_pct)]),
        ("2) Incremento della capacità di attrazione di fondi competitivi per la ricerca",
         "2a) Fondi di ricerca acquisiti da bandi competitivi",
         "Proventi per le ricerche con finanziamenti competitivi\n(incassi) valore pro-capite",
         [(9383.05, f_dec), (22392.88, f_dec), (24787, f_int0), (24294, f_int0),
          (18854, f_int0), (24787, f_int0), (19512, f_int0)]),
        ("3) Incremento nella capacità di attrazione di ricercatori eccellenti",
         "3a) Numero di posizioni accademiche ricoperte per chiamata diretta di ricercatori con elevata "
         "qualificazione scientifica",
         formula_3a,
         [(17, f_num), (18, f_num), (8, f_num), ("10*", f_txt), (9, f_num), (15, f_num), (7, f_num)]),
    ]
    for i, (obiettivo, indicatore, formula, valori) in enumerate(righe):
        r = r_int + 1 + i
        ws.write(r, 1, obiettivo, f_txt)
        ws.write(r, 2, indicatore, f_txt)
        ws.write(r, 3, formula, f_txt)
        for j, (v, fmt) in enumerate(valori):
            ws.write(r, 4 + j, v, fmt)
    # colonna A senza intestazione: l'area "Ricerca", scritta in verticale e unita
    ws.merge_range(r_int + 1, 0, r_int + 3, 0, "Ricerca", f_area)
    ws.write(r_int + 4, 1, "* dato da certificare all'interno della procedure ministeriali dedicate",
             f_nota)
    ws.set_column(0, 0, 5)
    ws.set_column(1, 1, 34)
    ws.set_column(2, 2, 40)
    ws.set_column(3, 3, 60)
    ws.set_column(4, 10, 13)
    ws.set_row(r_int, 45)
    ws.set_row(r_int + 1, 45)
    ws.set_row(r_int + 2, 45)
    ws.set_row(r_int + 3, 190)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    wb.close()


# --------------------------------------------------------------------------
# 3. Scheda individuale: obiettivi individuali dei Dirigenti di Area e del
#    Direttore di CeDIA, target 2021 (openpyxl) - consuntivo INVENTATO

def individuale_dirigenti_area_2021(percorso: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Obiettivi individuali"
    ws["A1"] = "4.3 Gli obiettivi di gruppo e individuali"
    ws["A1"].font = Font(bold=True, size=12)
    ws["A2"] = ("Ai Dirigenti responsabili di struttura, oltre agli obiettivi funzionali assegnati "
                "all'Area dirigenziale di diretta responsabilità e a CeDIA, sono attribuiti i seguenti "
                "obiettivi individuali:")
    ws["A2"].alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells("A2:G2")
    ws.row_dimensions[2].height = 30
    ws["A3"] = "Dirigenti di Area e Direttore di CeDIA"
    ws["A3"].font = GRASSETTO
    ws.merge_cells("A3:G3")
    _intestazione_opx(ws, 4, ["N.", "Obiettivo", "Indicatore", "Valore iniziale", "Target 2021",
                              "Peso", "Consuntivo al 31.12.2021"], colore="E2EFDA")
    ws["G4"].comment = Comment("Colonna aggiunta per il test: valori inventati "
                               "(vedi FONTI-gruppo-c.md).", "genera_gruppo_c")
    indicatore_1 = (
        "a) [...] dell'analisi del rischio con l'individuazione di misure specifiche di gestione per i "
        "processi di competenza analizzati nel 2020\n"
        "b) Mappatura, analisi, valutazione del rischio e individuazione di misure specifiche di "
        "gestione del rischio per ulteriori processi di competenza"
    )
    target_1 = (
        "Media a) e b):\n"
        "a) Eccellenza: misure specifiche di gestione del rischio individuate per almeno un processo di "
        "competenza analizzato nel 2020 entro il 01.03.2021 = 100%.\n"
        "Soglia: misure specifiche di gestione del rischio individuate per almeno un processo di "
        "competenza analizzato nel 2020 entro il 15.3.2021 = 70%\n"
        "Obiettivo non raggiunto: attività non svolta entro il termine soglia = 0%\n"
        "b) Eccellenza: individuazione delle misure specifiche di gestione del rischio per almeno un "
        "nuovo processo entro il 31.12.2021 = 100%\n"
        "Soglia: valutazione dei rischi per almeno un nuovo processo entro il 31.12.2021 = 70%\n"
        "Obiettivo non raggiunto: attività non svolta entro il termine soglia = 0%"
    )
    target_2 = (
        "Eccellenza: >= 60% del personale dell’Area che ha completato il corso “Agenda 2030” entro il "
        "31.12.2021= 100%\n"
        "Standard: >= 50% del personale dell’Area che ha part completato il corso Agenda “2030” entro il "
        "31.12.2021= 85%\n"
        "Soglia: >= 40% del personale dell’Area che ha completato il corso “Agenda 2030” entro il 31[...]"
    )
    _cella_opx(ws, 5, 1, "INDDIR1")
    _cella_opx(ws, 5, 2, None)
    _cella_opx(ws, 5, 3, indicatore_1)
    _cella_opx(ws, 5, 4, "a) NO\nb) NO")
    _cella_opx(ws, 5, 5, target_1)
    _cella_opx(ws, 5, 6, 0.5, "0%")
    _cella_opx(ws, 5, 7, "a) misure individuate il 10.03.2021\n"
                         "b) misure individuate per un nuovo processo il 20.12.2021")
    _cella_opx(ws, 6, 1, "INDDIR2")
    _cella_opx(ws, 6, 2, "Promuovere e diffondere tra il personale i temi della [...]")
    _cella_opx(ws, 6, 3, "[...] personale TA che ha completato il corso “Agenda 2030”")
    _cella_opx(ws, 6, 4, 0, "0%")
    _cella_opx(ws, 6, 5, target_2)
    _cella_opx(ws, 6, 6, 0.5, "0%")
    _cella_opx(ws, 6, 7, 0.52, "0%")
    _larghezze_opx(ws, [10, 30, 46, 12, 70, 8, 30])
    ws.row_dimensions[5].height = 210
    ws.row_dimensions[6].height = 110
    _stampa_opx(ws)
    wb.save(percorso)


# --------------------------------------------------------------------------
# 4. Scheda individuale: ATER Potenza, Relazione finale sulla performance 2015,
#    Tabella 1 (pesi per dirigente) (XlsxWriter, poi LibreOffice)
#    colonne Indicatore / Target / Realizzazione AGGIUNTE con valori inventati

def individuale_ater_potenza_2015(percorso: Path) -> None:
    wb = xlsxwriter.Workbook(str(percorso))
    ws = wb.add_worksheet("Allegati")
    f_tit = wb.add_format({"bold": True, "font_size": 12})
    f_wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    f_int = wb.add_format({"bold": True, "text_wrap": True, "align": "center",
                           "valign": "vcenter", "border": 1, "bg_color": "#DDEBF7"})
    f_txt = wb.add_format({"text_wrap": True, "valign": "top", "border": 1})
    f_n = wb.add_format({"align": "center", "valign": "top", "border": 1})
    f_peso = wb.add_format({"num_format": "0.00", "valign": "top", "border": 1})
    f_pct = wb.add_format({"num_format": "0%", "valign": "top", "border": 1})
    f_tot = wb.add_format({"bold": True, "num_format": "0.00", "border": 1})
    f_tot_lbl = wb.add_format({"bold": True, "border": 1})
    f_fatt = wb.add_format({"bold": True, "num_format": "0.0000", "border": 1})
    f_int0 = wb.add_format({"bold": True, "num_format": "0", "border": 1})
    f_cap = wb.add_format({"italic": True})

    ws.write(0, 0, "AZIENDA TERRITORIALE PER L’EDILIZIA RESIDENZIALE DI POTENZA", f_tit)
    ws.write(1, 0, "RELAZIONE FINALE SULLA PERFORMANCE ANNO 2015 - ALLEGATI", f_tit)
    ws.merge_range(2, 0, 2, 7,
                   "Nella Tabella 1, con riferimento alle schede allegate al PEG, è stato ricavato, per i "
                   "sei obiettivi specifici e per ciascun dirigente, il relativo valore di peso ed il "
                   "coefficiente di conversione che riporta tale peso al valore complessivo degli obiettivi "
                   "strategici, pari a 10 per il Direttore e pari a 40 per gli altri due Dirigenti.", f_wrap)
    ws.set_row(2, 48)
    ws.write(3, 0, "Tabella 1", wb.add_format({"bold": True}))
    intest = ["Obiettivo n.", "Descrizione", "Bilancia", "Pignatelli", "Arcieri",
              "Indicatore", "Target", "Realizzazione al 31.12.2015"]
    for c, t in enumerate(intest):
        ws.write(4, c, t, f_int)
    ws.write_comment(4, 5, "Colonne Indicatore, Target e Realizzazione aggiunte per il test: "
                           "valori inventati (vedi FONTI-gruppo-c.md).")
    righe = [
        (1, "NUOVI APPLICATIVI A SUPPORTO DEGLI UTENTI INTERNI ED ESTERNI - TRASPARENZA ED INTEGRITA' "
            "- NUOVE\nMODALITA' ATTUATIVE PUBBLICAZIONE DATI", 0, 2.5, 0, 1.00),
        (2, "VENDITA IMMOBILI EX LEGGE N. 560/93 ED ALTRE LEGGI DI\nFINANZIAMENTO", 0, 3.52, 7.48, 0.80),
        (3, "RIACCERTAMENTO RESIDUI", 1.54, 4.46, 0, 1.00),
        (4, "RIORDINO PRATICHE ESPROPRIATIVE", 0, 2.3, 1.8, 0.60),
        (5, "RIQUALIFICAZIONE ENERGETICA DEGLI EDIFICI", 0, 0, 3.0, 1.00),
        (6, "RIATTAZIONE E MESSA A REDDITO ALLOGGI SFITTI", 1.5, 0, 4.0, 0.90),
        (7, "INFORMATIZZAZIONE SEDUTE COMITATO TECNICO", 1.4, 0, 0, 1.00),
        (8, "DIGITALIZZAZIONE FASCICOLI DEL PERSONALE", 0, 2.5, 0, 0.75),
        (9, "RIQUALIFICAZIONE E MESSA A REDDITO IMMOBILE VIA\nPRETORIA (EX INPS)", 0, 0, 1.5, 0.50),
        (10, "VOLTURE CONTRATTI DI LOCAZIONE ALLOGGI", 0, 2.5, 0, 1.00),
    ]
    for i, (n, descr, b, p, a, realizz) in enumerate(righe):
        r = 5 + i
        ws.write_number(r, 0, n, f_n)
        ws.write(r, 1, descr, f_txt)
        ws.write_number(r, 2, b, f_peso)
        ws.write_number(r, 3, p, f_peso)
        ws.write_number(r, 4, a, f_peso)
        ws.write(r, 5, "% di realizzazione delle attività previste nella scheda PEG", f_txt)
        ws.write_number(r, 6, 1, f_pct)
        ws.write_number(r, 7, realizz, f_pct)
    r = 5 + len(righe)
    ws.write(r, 0, "Peso ponderale calcolato", f_tot_lbl)
    ws.write_blank(r, 1, None, f_tot_lbl)
    ws.write_number(r, 2, 4.44, f_tot)
    ws.write_number(r, 3, 17.78, f_tot)
    ws.write_number(r, 4, 17.78, f_tot)
    ws.write(r + 1, 0, "Peso ponderale effettivo", f_tot_lbl)
    ws.write_blank(r + 1, 1, None, f_tot_lbl)
    ws.write_number(r + 1, 2, 10, f_int0)
    ws.write_number(r + 1, 3, 40, f_int0)
    ws.write_number(r + 1, 4, 40, f_int0)
    ws.write(r + 2, 0, "Fattore di conversione", f_tot_lbl)
    ws.write_blank(r + 2, 1, None, f_tot_lbl)
    ws.write_number(r + 2, 2, 2.2523, f_fatt)
    ws.write_number(r + 2, 3, 2.2497, f_fatt)
    ws.write_number(r + 2, 4, 2.2497, f_fatt)
    ws.write(r + 3, 0, "Pesi dei singoli dirigenti rispetto agli obiettivi strategici e relativi "
                       "coefficienti di conversione", f_cap)
    ws.set_column(0, 0, 12)
    ws.set_column(1, 1, 58)
    ws.set_column(2, 4, 11)
    ws.set_column(5, 5, 34)
    ws.set_column(6, 7, 14)
    ws.set_row(4, 32)
    for r, n_righe in zip(range(5, 15), (2, 2, 1, 1, 1, 1, 1, 1, 2, 1)):
        ws.set_row(r, 15 * max(n_righe, 2))
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    wb.close()


# --------------------------------------------------------------------------
# 5. Ente Parco nazionale - ALL.7.3 Piani operativi: risultati
#    (openpyxl, poi LibreOffice)

def ente_parco_piani_operativi(percorso: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "ALL.7.3"
    ws["A1"] = "ALL.7.3 Piani operativi: risultati"
    ws["A1"].font = Font(bold=True, size=12)
    intest = [
        "Codice A.S.", "Descrizione Area Strategica", "Codice Obiettivo Strategico", "Descrizione",
        "Codice P.O", "Piano Operativo", "Output", "Indice", "Target", "Risultato",
        "Codice O.O.", "Obiettivo Operativo", "Output", "Spesa prevista (€)",
        "Azione programma ambientale EMAS", "Indicatore", "Target", "Risultato",
    ]
    _intestazione_opx(ws, 2, intest, colore="E2EFDA")
    # riga del piano operativo A1a (una sola azione)
    po_a1a = ["A1a", "Revisioni organizzative",
              "Revisione degli aspetti organizzativi generali (Pianta organica, servizi ed uffici, "
              "regolamentazione). Perfezionamento stati giuridici.",
              "riorganizzazioni", 1, 6]
    oo = [
        # riga, codice, obiettivo, output, spesa, indicatore, target, risultato
        (3, "A1a1", "Regolamentazione e riorganizzazione dei servizi dell'Ente",
         "Riorganizzazione dei servizi dell'Ente e stesura regolamento organico.", 0,
         "N° documenti riorganizzazione", 1, 6),
        (4, "A1b1", "Assunzioni personale guardaparco",
         "Assunzione personale della sorveglianza per turnover. Copertura di n. 2 posti di B1 guardaparco "
         "tramite scorrimento graduatoria vigente.", 89822, "N° assunzioni guarda parco", 2, 0),
        (5, "A1b2", "Elaborazione stipendi e contributi previdenziali ed assistenziali",
         "Gestione: rilevazione presenze, retribuzione dipendenti e collaboratori, infortuni, certificati di "
         "malattia e visite fiscali. Monitoraggio assenze con pubblicazione sul sito web e comunicazione alla "
         "Funzione Pubblica.", 3500, "% elaborazione cedolini", 100, 100),
        (6, "A1b3", "Visite mediche personale dipendente", "Visite mediche al personale dipendente.", 15896,
         "% visite mediche obbligatorie", 100, 100),
        (7, "A1b4", "Dichiarazioni annuali",
         "Elaborazione autoliquidazione dei premi INAIL, redazione modelli CUD, redazione dichiarazione "
         "sostituti d’imposta Mod. 770 e procedure di invio telematico all’Amministrazione finanziaria, "
         "Certificazione Compensi a Terzi, controllo e inserimento risultanze MOD.730.", 370,
         "N° modelli fiscali elaborati", 177, 152),
        (8, "A1b5", "Rilevazioni annuali telematiche",
         "Gestione,elaborazione e invio telematico tramite SICO: allegati spese personale al bilancio di "
         "previsione, Conto Annuale, rilevazione GEDAP (deleghe sindacali), rilevazione permessi sindacali.",
         0, "N° modelli elaborati", 4, 4),
    ]
    for riga in range(3, 9):
        for col in range(1, 19):
            _cella_opx(ws, riga, col, None)
    for col, v in enumerate(po_a1a, start=5):
        _cella_opx(ws, 3, col, v)
    # piano operativo A1b: solo il codice è nell'estratto; le celle sono unite sulle righe 4-8
    _cella_opx(ws, 4, 5, "A1b")
    for col in range(5, 11):
        ws.merge_cells(start_row=4, start_column=col, end_row=8, end_column=col)
    for riga, cod, ob, out, spesa, ind, tgt, ris in oo:
        _cella_opx(ws, riga, 11, cod)
        _cella_opx(ws, riga, 12, ob)
        _cella_opx(ws, riga, 13, out)
        _cella_opx(ws, riga, 14, spesa, "#,##0")
        _cella_opx(ws, riga, 16, ind)
        _cella_opx(ws, riga, 17, tgt)
        _cella_opx(ws, riga, 18, ris)
    # area strategica e obiettivo strategico: celle unite, vuote nell'estratto
    for col in range(1, 5):
        ws.merge_cells(start_row=3, start_column=col, end_row=8, end_column=col)
    _larghezze_opx(ws, [8, 18, 10, 18, 8, 18, 36, 14, 8, 9, 9, 30, 46, 11, 12, 26, 8, 9])
    ws.row_dimensions[2].height = 45
    for r, altezza in zip(range(3, 9), (45, 45, 60, 30, 75, 60)):
        ws.row_dimensions[r].height = altezza
    ws.freeze_panes = "A3"
    _stampa_opx(ws)
    wb.save(percorso)


# --------------------------------------------------------------------------
# 6. INAIL - Relazione sulla performance 2019, Allegato n. 1 (XlsxWriter)

def inail_2019_allegato1(percorso: Path) -> None:
    wb = xlsxwriter.Workbook(str(percorso))
    ws = wb.add_worksheet("Allegato 1")
    f_tit = wb.add_format({"bold": True, "font_size": 12})
    f_int = wb.add_format({"bold": True, "text_wrap": True, "align": "center",
                           "valign": "vcenter", "border": 1, "bg_color": "#1F4E78",
                           "font_color": "#FFFFFF"})
    f_txt = wb.add_format({"text_wrap": True, "valign": "top", "border": 1})
    f_num = wb.add_format({"align": "center", "valign": "top", "border": 1})
    ws.write(0, 0, "Allegato n. 1 - Risultati degli obiettivi di performance delle Strutture centrali",
             f_tit)
    intest = ["Obiettivi pluriennali 2019 - 2021",
              "Strutture che contribuiscono al conseguimento dell'obiettivo 2019",
              "Obiettivo 2019", "Indicatore", "Target\n%", "Risultato\n%"]
    for c, t in enumerate(intest):
        ws.write(1, c, t, f_int)
    indicatore = "Media ponderata della percentuale di realizzazione delle attività."
    righe = [
        ("Revisione del sistema tariffario", "CONTARP DCOD\nCSA DCRA",
         "Avvio della Nuova Tariffa dei Premi. Istruzioni operative e monitoraggi."),
        ("Recupero evasione ed elusione contributiva", "DCRA DCOD CIT",
         "Elaborazione liste aziende da condividere con INL. Configurazione e collaudo di un prodotto self "
         "service per analisi di business intelligence estrazione dati per elaborazione liste. Monitoraggio "
         "liquidazione verbali ispettivi INAIL e altri enti."),
        ("Aggiornamento delle liste di Gra per recupero crediti.", "DCOD DCRA DCPBC",
         "Aggiornamento/miglioramento delle liste per obiettivi di Sede, discarico per esigibilità e "
         "autoliquidazione in Gra, incluso il settore navigazione."),
        ("Estensione della tutela assicurativa a nuovi soggetti.", "DCRA CSA AVV. GEN.",
         "Studio e analisi finalizzati alla elaborazione di una proposta di estensione della tutela "
         "assicurativa a nuovi soggetti. Confronto con le categorie professionali e verifica della "
         "compatibilità finanziaria."),
    ]
    for i, (pluri, strutture, ob2019) in enumerate(righe):
        r = 2 + i
        ws.write(r, 0, pluri, f_txt)
        ws.write(r, 1, strutture, f_txt)
        ws.write(r, 2, ob2019, f_txt)
        ws.write(r, 3, indicatore, f_txt)
        ws.write_number(r, 4, 100, f_num)
        ws.write_number(r, 5, 100, f_num)
    ws.set_column(0, 0, 30)
    ws.set_column(1, 1, 22)
    ws.set_column(2, 2, 60)
    ws.set_column(3, 3, 32)
    ws.set_column(4, 5, 10)
    ws.set_row(1, 45)
    for r in range(2, 6):
        ws.set_row(r, 60)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    wb.close()


# --------------------------------------------------------------------------
# LibreOffice

CARTELLE = [
    ("universita-relazione-integrata-2019-allegato5.xlsx", universita_allegato5_2019, False),
    ("universita-indicatori-strategici-2021.xlsx", universita_indicatori_strategici_2021, False),
    ("individuale-dirigenti-area-cedia-2021.xlsx", individuale_dirigenti_area_2021, False),
    ("individuale-ater-potenza-2015.xlsx", individuale_ater_potenza_2015, True),
    ("ente-parco-piani-operativi-risultati.xlsx", ente_parco_piani_operativi, True),
    ("inail-2019-relazione-allegato1.xlsx", inail_2019_allegato1, False),
]


def main(argv: list[str] | None = None) -> int:
    return generate(CARTELLE, QUI, __doc__.splitlines()[0], argv)


if __name__ == "__main__":
    sys.exit(main())
