#!/usr/bin/env python3
"""Ricostruisce le cartelle di lavoro del gruppo D (Camere di commercio e un ministero) da dati
letterali trascritti da documenti pubblicati.

Le fonti, le parti inventate e le difficoltà di lettura sono descritte in FONTI-gruppo-d.md; i
valori attesi (calcolati a mano) in attesi_gruppo_d.json.

Uso:  python genera_gruppo_d.py            (scrive accanto a questo file)
      python genera_gruppo_d.py -d CARTELLA

Produttori: XlsxWriter, openpyxl e, per due cartelle, un secondo salvataggio con LibreOffice
(soffice --headless --convert-to xlsx). Se soffice non c'è, il passo viene saltato con un
messaggio e resta il file scritto dalla libreria.

Questo script non importa piano_xlsx.
"""

from __future__ import annotations

import datetime
import sys
from pathlib import Path

import openpyxl
import xlsxwriter
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from risalva_libreoffice import generate

HERE = Path(__file__).resolve().parent
_THIN = Side(style="thin", color="000000")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
BOLD = Font(bold=True)

M011 = "011 - Competitività e sviluppo delle imprese"
M032 = "032 - Servizi istituzionali e generali delle amministrazioni pubbliche"
P005 = ("005 - Regolamentazione, incentivazione dei settori imprenditoriali, riassetti industriali, "
        "sperimentazione tecnologica, lotta all")  # truncated in the document
P004 = "004 - Servizi generali, formativi ed approvvigionamenti per le amministrazioni pubbliche"
P003 = "003 - Servizi e affari generali per le amministrazioni di competenza"


def parma_pira_2016(path: Path) -> None:
    """PIRA, consuntivo 2016: OBIETTIVO KPI DESCRIZIONE ALGORITMO TARGET ... MISSIONE PROGRAMMA."""
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_numbers": False})
    ws = wb.add_worksheet("PIRA consuntivo 2016")
    title = wb.add_format({"bold": True, "font_size": 13})
    head = wb.add_format({"bold": True, "border": 1, "text_wrap": True, "bg_color": "#D9D9D9", "valign": "vcenter"})
    text = wb.add_format({"border": 1, "text_wrap": True, "valign": "top"})
    pct = wb.add_format({"border": 1, "num_format": "0.00%", "valign": "top"})
    num = wb.add_format({"border": 1, "num_format": "#,##0.00", "valign": "top"})
    ws.write("A1", "PIANO DEGLI INDICATORI E DEI RISULTATI ATTESI DI BILANCIO - CONSUNTIVO 2016", title)
    ws.write("A2", "Allegato al Bilancio d'esercizio 2016 della Camera di Commercio di Parma")
    heads = ["OBIETTIVO", "KPI", "DESCRIZIONE", "ALGORITMO", "TARGET", "CONSUNTIVO 2015", "CONSUNTIVO 2016",
             "% RAGGIUNGIMENTO", "MISSIONE", "PROGRAMMA"]
    for col, h in enumerate(heads):
        ws.write(3, col, h, head)
    o1 = "1 - Favorire la transizione digitale delle imprese"
    o2 = "2 - Efficienza della gestione amministrativa"
    o3 = "3 - Garantire la trasparenza e l'integrità"
    rows = [
        (o1, "KPI001", "Tasso di contatto con le imprese del territorio",
         "N. contatti andati a buon fine/n. contatti effettuati", (">= 8,00%", text), (0.104, pct), (0.3516, pct),
         (1.0, pct), M011, P005),
        (o1, "KPI002", "Eventi di formazione e informazione PID realizzati", "N. eventi realizzati nell'anno",
         (">= 60,00", text), (90, num), (56, num), (0.9333, pct), M011, P005),
        (o2, "KPI003", "Tempi medi di pagamento delle fatture passive", "Somma giorni pagamento / n. fatture pagate",
         ("<= 30,00", text), (24.2, num), (18.5, num), (1.0, pct), M032, P004),
        (o2, "KPI004", "Indicatore di tempestività dei pagamenti",
         "Somma (giorni tra scadenza e pagamento x importo) / somma importi pagati", ("<= 0", text),
         (-5.01, num), (-12.36, num), (1.0, pct), M032, P004),
        (o3, "KPI005", "Obblighi di pubblicazione assolti", "N. obblighi assolti / n. obblighi previsti",
         ("Kpi non definito", text), ("", text), ("95,03%", text), ("", text), M032, P003),
        (o3, "KPI006", "Giornata della trasparenza", "Realizzazione della giornata entro l'anno", ("SI", text),
         ("SI", text), ("Giornata della trasparenza 08 giugno", text), (1.0, pct), M032, P003),
    ]
    for r, row in enumerate(rows, start=4):
        for col, value in enumerate(row):
            value, fmt = value if isinstance(value, tuple) else (value, text)
            ws.write(r, col, value, fmt)
    ws.write(4 + len(rows) + 1, 0, "Fonte dei dati: contabilità camerale, Registro imprese, sistema di protocollo.")
    ws.set_column(0, 0, 32)
    ws.set_column(1, 1, 9)
    ws.set_column(2, 3, 40)
    ws.set_column(4, 7, 14)
    ws.set_column(8, 9, 30)
    wb.close()


def rovigo_pira_2015(path: Path) -> None:
    """PIRA 2015: one target cell per indicator holding the three years ('Anno 2015: >= 90%')."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "PIRA 2015"
    ws["A1"] = "CAMERA DI COMMERCIO DI ROVIGO"
    ws["A1"].font = Font(bold=True, size=13)
    ws["A2"] = "Piano degli indicatori e dei risultati attesi di Bilancio P.I.R.A. 2015"
    heads = ["Missioni", "Programmi", "Obiettivi", "Indicatori", "Target", "Consuntivo 2015"]
    for col, h in enumerate(heads, start=1):
        cell = ws.cell(row=4, column=col, value=h)
        cell.font = BOLD
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        cell.border = BORDER
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    credit = "Accesso al credito delle imprese"
    innovation = "Innovazione tecnologica"
    rows = [
        (credit, "Grado di utilizzo delle risorse stanziate su interventi di sostegno al credito",
         "Anno 2015: >= 90%\nAnno 2016: >= 95%\nAnno 2017: >= 100%", (0.93, "0%")),
        (credit, "Numero Imprese che hanno beneficiato di sostegno al credito mediante contributo camerale",
         "Anno 2015: >= 2.355\nAnno 2016: >= 2.355\nAnno 2017: >= 2.355", (2412, "#,##0")),
        (credit, "Efficacia \"Sportello Microcredito\"",
         "Anno 2015: >= 36%\nAnno 2016: >= 36%\nAnno 2017: >= 36%", (0.40, "0%")),
        (innovation, "Sviluppo temporale del numero di imprese che hanno ricevuto contributi camerali mediante "
                     "bando in materi adi innovazione/ambiente",
         "Anno 2015: >= 1\nAnno 2016: >= 1\nAnno 2017: >=", (1.2, "0.0")),
        (innovation, "Grado di utilizzo delle risorse stanziate su interventi di sostegno all'innovazione/ambiente",
         "Anno 2015: >= 85%\nAnno 2016: >= 90%\nAnno 2017: >= 100%", (0.78, "0%")),
    ]
    first = 5
    for r, (objective, indicator, target, (actual, fmt)) in enumerate(rows, start=first):
        for col, value in enumerate((M011, P005, objective, indicator, target, actual), start=1):
            cell = ws.cell(row=r, column=col, value=value)
            cell.alignment = WRAP
            cell.border = BORDER
        ws.cell(row=r, column=6).number_format = fmt
    last = first + len(rows) - 1
    ws.merge_cells(start_row=first, start_column=1, end_row=last, end_column=1)
    ws.merge_cells(start_row=first, start_column=2, end_row=last, end_column=2)
    ws.merge_cells(start_row=first, start_column=3, end_row=first + 2, end_column=3)
    ws.merge_cells(start_row=first + 3, start_column=3, end_row=last, end_column=3)
    for letter, width in zip("ABCDEF", (24, 34, 26, 50, 22, 14)):
        ws.column_dimensions[letter].width = width
    wb.save(path)


def caserta_cruscotto_2013(path: Path) -> None:
    """BSC dashboard with a group of columns per year: Risultato effettivo / Target / % Realizzazione."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Cruscotto strategico"
    ws["A1"] = "RELAZIONE SULLA PERFORMANCE 2013 - CRUSCOTTO DEGLI OBIETTIVI STRATEGICI"
    ws["A1"].font = Font(bold=True, size=14)
    ws.merge_cells("A1:M1")
    ws["A2"] = "Camera di Commercio Industria Artigianato e Agricoltura di Caserta"
    ws.merge_cells("A2:M2")
    heads = ["OBIETTIVO STRATEGICO", "COD.", "VALENZA INDICATORE", "INDICATORE", "PESO",
             "Risultato effettivo 2012", "Target 2012 (Risultato atteso)", "%\nRealizzazione",
             "Risultato effettivo 2013", "Target 2013 (Risultato atteso)", "%\nRealizzazione",
             "Target 2014", "Note per analisi scostamenti"]
    for col, h in enumerate(heads, start=1):
        cell = ws.cell(row=4, column=col, value=h)
        cell.font = BOLD
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        cell.border = BORDER
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    p = "0.00%"
    blocks = [
        ("band", "PROSPETTIVA: IMPRESE, TERRITORIO E CONSUMATORI"),
        ("objective", "OBIETTIVO STRATEGICO 1.1 - Favorire l'accesso al credito delle imprese", [
            ("1.1 1", "Leva finanziaria",
             "Prestiti ottenuti dalle imprese casertane con le garanzie fornite dalla Camera di commercio / Totale "
             "risorse messe a disposizione dalla Camera di commercio a garanzia dei prestiti",
             0.40, (0.58, p), (0.65, p), (0.8923, p), (0.612, p), (0.55, p), (1, p), (0.50, p), ""),
            ("1.1 2", "% di prestiti ottenuti dalle imprese con garanzie fornite dalla Camera di commercio",
             "Prestiti ottenuti dalle imprese casertane con le garanzie fornite dalla Camera di commercio nell'anno "
             "t / Prestiti ottenuti dalle imprese casertane",
             0.30, (0.22, p), (0.25, p), (0.88, p), (0.12, p), (0.15, p), (0.80, p), (0.05, p),
             "Contrazione del credito bancario"),
            ("1.1 4", "Livello di collaborazioni attivate per favorire l'accesso al credito delle imprese",
             "N. accordi realizzati con le banche e con i Confidi per agevolare l'accesso al credito",
             0.30, (7, None), (8, None), (0.875, p), (9, None), (9, None), (1, p), 9, ""),
        ]),
        ("objective", "OBIETTIVO STRATEGICO 1.2 - Valorizzare il turismo e le produzioni locali", [
            ("1.2 1", "Variazione dell'indice di concentrazione turistica",
             "Indice di concentrazione turistica (arrivi/popolazione) anno t / Indice di concentrazione turistica "
             "anno t-1",
             0.50, (0.95, None), (1.0, None), (0.95, p), (0.97, None), (1.0, None), (0.97, p), 1.0, ""),
            ("1.2 2", "Partecipazione delle imprese alle fiere",
             "N. imprese partecipanti a fiere e missioni organizzate dalla Camera",
             0.50, (38, None), (40, None), (0.95, p), (45, None), (40, None), (1, p), 40, ""),
        ]),
        ("band", "PROSPETTIVA: PROCESSI INTERNI"),
        ("objective", "OBIETTIVO STRATEGICO 2.1 - Semplificare e digitalizzare i servizi anagrafici", [
            ("2.1 1", "Tempo medio di evasione delle pratiche del Registro imprese (gg)",
             "Somma dei giorni di evasione / N. pratiche evase",
             0.60, (5.8, None), ("<= 5", None), (0.862, p), (4.2, None), ("<= 5", None), (1, p), "<= 5", ""),
            ("2.1 2", "Grado di utilizzo dei servizi telematici", "N. pratiche telematiche / N. pratiche totali",
             0.40, (0.96, p), (">= 97%", None), (0.9897, p), (0.985, p), (">= 97%", None), (1, p), ">= 98%", ""),
        ]),
        ("band", "PROSPETTIVA: ECONOMICO-FINANZIARIA"),
        ("objective", "OBIETTIVO STRATEGICO 3.1 - Garantire l'equilibrio economico-finanziario", [
            ("3.1 1", "Grado di riscossione del diritto annuale", "Diritto annuale riscosso / Diritto annuale dovuto",
             0.50, (0.70, p), (0.75, p), (0.9333, p), (0.68, p), (0.75, p), (0.9067, p), (0.75, p), ""),
            ("3.1 2", "Incidenza degli oneri del personale sugli oneri correnti", "Oneri del personale / Oneri correnti",
             0.50, (0.31, p), ("<= 30%", None), (0.9677, p), (0.33, p), ("<= 30%", None), (1, p), "<= 30%",
             "L'ufficio considera raggiunto lo scostamento entro 3 punti"),
        ]),
    ]
    r = 5
    for kind, *rest in blocks:
        if kind == "band":
            ws.cell(row=r, column=1, value=rest[0]).font = BOLD
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=13)
            ws.cell(row=r, column=1).fill = PatternFill("solid", fgColor="FCE4D6")
            r += 1
            continue
        title, indicators = rest
        first = r
        for code, meaning, indicator, weight, *values, note in indicators:
            ws.cell(row=r, column=2, value=code)
            ws.cell(row=r, column=3, value=meaning)
            ws.cell(row=r, column=4, value=indicator)
            ws.cell(row=r, column=5, value=weight).number_format = "0%"
            for col, value in zip(range(6, 13), values):
                value, fmt = value if isinstance(value, tuple) else (value, None)
                cell = ws.cell(row=r, column=col, value=value)
                if fmt:
                    cell.number_format = fmt
            ws.cell(row=r, column=13, value=note or None)
            for col in range(1, 14):
                ws.cell(row=r, column=col).border = BORDER
                ws.cell(row=r, column=col).alignment = WRAP
            r += 1
        ws.cell(row=first, column=1, value=title).alignment = WRAP
        if r - 1 > first:
            ws.merge_cells(start_row=first, start_column=1, end_row=r - 1, end_column=1)
    r += 1
    ws.cell(row=r, column=1, value="Range di valutazione: sotto il 70% obiettivo non raggiunto; tra 70% e 90% "
                                   "parzialmente raggiunto; oltre il 90% raggiunto.")
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=13)
    for letter, width in zip("ABCDEFGHIJKLM", (38, 8, 30, 50, 8, 12, 12, 12, 12, 12, 12, 10, 30)):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A5"
    wb.save(path)


def ministero_portale_2016(path: Path) -> None:
    """The Portale della performance's indicator sheet, one row per indicator, plus a consuntivo."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Indicatori OS 2016"
    ws["A1"] = "Piano della performance 2016-2018 - Obiettivi strategici e indicatori (schede del Portale della performance)"
    ws["A1"].font = BOLD
    heads = ["Anno di riferimento", "Codice", "Titolo", "Descrizione", "Tipologia", "Obiettivo strategico",
             "Unità di misura", "Fonte dei dati", "Algoritmo di calcolo", "Peso indicatore", "Misura",
             "Target conseguito nell'esercizio precedente", "Target primo anno", "Target secondo anno",
             "Target terzo anno", "Valore consuntivo", "Note"]
    for col, h in enumerate(heads, start=1):
        cell = ws.cell(row=3, column=col, value=h)
        cell.font = BOLD
        cell.alignment = Alignment(wrap_text=True)
    os149 = "149 – Migliorare l'efficienza del coordinamento delle attività per gli italiani all'estero"
    os150 = "150 – Ridurre i tempi di rilascio dei documenti consolari"
    os151 = "151 – Attuare le misure del Piano triennale di prevenzione della corruzione"
    rows = [
        [2016, "149.1", "Percentuale di risorse finanziarie impiegate o richieste di riscontro evase entro 20 giorni",
         "–", "Indicatore di risultato", os149,
         "Quantità di risorse impegnate e numero di richieste evase entro 20 giorni",
         "Elaborazioni interne attraverso monitoraggio, rilevazione e registrazione continua delle attività poste "
         "in essere dagli uffici",
         "Percentuale di risorse impegnate rispetto alle risorse stanziate e numero di richieste evase entro 20 "
         "giorni rispetto alle richieste ricevute",
         "–", "Percentuale", "–", "maggiore o uguale a 90,00%", "maggiore o uguale a 90,50%",
         "maggiore o uguale a 91,00%", ("92,40%", None), "–"],
        [2016, "149.2", "Numero di iniziative di promozione della rete consolare", "–",
         "Indicatore di realizzazione fisica", os149, "Numero di iniziative", "Elaborazioni interne",
         "Conteggio delle iniziative realizzate", "–", "Numero", "–", "maggiore o uguale a 12",
         "maggiore o uguale a 14", "maggiore o uguale a 16", (10, None), "–"],
        [2016, "150.1", "Tempo medio di rilascio dei passaporti", "–", "Indicatore di efficienza", os150,
         "Giorni", "Sistema informativo consolare",
         "Somma dei giorni tra richiesta e rilascio / numero passaporti rilasciati",
         (0.6, "0%"), "Numero", "20", "minore o uguale a 15", "minore o uguale a 12", "minore o uguale a 10",
         (18, None), "–"],
        [2016, "150.2", "Percentuale di pratiche consolari digitalizzate", "–", "Indicatore di risultato", os150,
         "Pratiche digitalizzate", "Sistema informativo consolare", "Pratiche digitalizzate / pratiche totali",
         (0.4, "0%"), "Percentuale", "–", "maggiore o uguale a 70,00%", "maggiore o uguale a 80,00%",
         "maggiore o uguale a 90,00%", (0.75, "0.00%"), "–"],
        [2016, "151.1", "Adozione del Piano triennale di prevenzione della corruzione", "–",
         "Indicatore di realizzazione fisica", os151, "Data di adozione", "Atti del Ministero",
         "Data di adozione del decreto", "–", "Data", "–", "entro il 31/01/2016", "entro il 31/01/2017",
         "entro il 31/01/2018", (datetime.date(2016, 1, 28), "DD/MM/YYYY"), "Adottato con D.M. del 28/01/2016"],
        [2016, "151.2", "Percentuale di dipendenti formati in materia di anticorruzione", "–",
         "Indicatore di risultato", os151, "Dipendenti formati", "Ufficio formazione",
         "Dipendenti formati / dipendenti in servizio", "–", "Percentuale", "–", "maggiore o uguale a 50,00%",
         "maggiore o uguale a 60,00%", "maggiore o uguale a 70,00%", ("62,00%", None), "–"],
    ]
    for r, row in enumerate(rows, start=4):
        for col, value in enumerate(row, start=1):
            value, fmt = value if isinstance(value, tuple) else (value, None)
            cell = ws.cell(row=r, column=col, value=value)
            if fmt:
                cell.number_format = fmt
            cell.alignment = WRAP
    wb.save(path)


WORKBOOKS = [
    ("cciaa-parma-2016-pira-consuntivo.xlsx", parma_pira_2016, False),
    ("cciaa-rovigo-2015-pira.xlsx", rovigo_pira_2015, True),
    ("cciaa-caserta-2013-cruscotto-strategico.xlsx", caserta_cruscotto_2013, False),
    ("ministero-portale-performance-2016.xlsx", ministero_portale_2016, True),
]


def main(argv: list[str] | None = None) -> int:
    return generate(WORKBOOKS, HERE, __doc__.splitlines()[0], argv)


if __name__ == "__main__":
    sys.exit(main())
