"""Aiuto di docs/rigenera-pagine.sh (non serve lanciarlo a mano).

    python docs/rigenera-pagine.py compila MODELLO USCITA
        compila alcune righe della tabella del modello vuoto (piano-xlsx modello --anno 2025)
        con dati verosimili di un Comune, con testi lunghi che vanno a capo, come farebbe un ufficio;
    python docs/rigenera-pagine.py solo-foglio ENTRATA USCITA FOGLIO
        copia la cartella di lavoro lasciando visibile il solo FOGLIO, perché LibreOffice stampi
        (in PDF) solo quello: cambia soltanto l'attributo state dei fogli in xl/workbook.xml e
        toglie le aree di stampa degli altri fogli (LibreOffice stampa un foglio nascosto che ne
        ha una); tutto il resto della copia è identico byte per byte all'originale, che non
        viene toccato.
"""

from __future__ import annotations

import html
import re
import sys
import zipfile
from datetime import datetime

# One row per result, in the template's column order (Linea strategica ... Note); None = empty cell.
LINE_1 = "Linea 1 - Amministrazione digitale, semplificazione e qualità dei servizi ai cittadini"
LINE_2 = "Linea 2 - Bilancio sostenibile ed equità fiscale"
OBJ_1 = ("1. Ridurre i tempi di conclusione dei procedimenti edilizi e ampliare i servizi online per "
         "cittadini, professionisti e imprese\nOutcome: pratiche più rapide e meno accessi allo sportello")
OBJ_2 = ("2. Migliorare la riscossione delle entrate proprie e la tempestività dei pagamenti ai fornitori, "
         "nel rispetto dei vincoli di finanza pubblica")
OBJ_3 = "3. Rafforzare la partecipazione dei cittadini alle scelte di bilancio"
LINE_HEIGHT = 13.0  # points per line of 10-pt text, as in esempi/genera_esempi.py
URBANISTICA = "Area Urbanistica ed Edilizia privata"
SERVIZI = "Area Servizi demografici e Sportello al cittadino"
FINANZA = "Area Finanziaria - Servizio Tributi e Ragioneria"

ROWS = [
    [LINE_1, OBJ_1, "1.1",
     ("Tempo medio di rilascio dei permessi di costruire, dalla presentazione della domanda completa "
      "all'adozione del provvedimento finale"),
     "somma dei giorni di istruttoria / numero di permessi rilasciati nell'anno",
     "<= 60 giorni", "giorni", 40, URBANISTICA, datetime(2025, 12, 31), 54, 72, None, None, None,
     ("Dato estratto dal gestionale delle pratiche edilizie al 31/12/2025; esclusi i 18 procedimenti "
      "sospesi per integrazione documentale chiesta al richiedente, come concordato con il Nucleo di "
      "valutazione nella seduta del 12/03/2025.")],
    [None, None, "1.2",
     ("Percentuale delle istanze SUAP e SUE presentate esclusivamente in modalità telematica attraverso "
      "il portale dei servizi online"),
     "istanze telematiche / istanze totali", ">= 85%", "%", 30, URBANISTICA, None, 0.88, 0.79, None, None,
     None, "Le istanze cartacee residue riguardano soprattutto le comunicazioni di inizio lavori libere."],
    [None, None, "1.3",
     ("Attivazione del servizio di prenotazione online degli appuntamenti presso l'Ufficio Anagrafe e "
      "lo Stato civile, con promemoria via SMS"),
     None, "entro il 30/06/2025", None, 30, SERVIZI, datetime(2025, 6, 30), datetime(2025, 5, 20), None,
     None, None, None, "Servizio attivo dal 20 maggio; nei primi sei mesi 4.312 prenotazioni."],
    [LINE_2, OBJ_2, "2.1",
     "Indicatore annuale di tempestività dei pagamenti (ITP), calcolato ai sensi del DPCM 22 settembre 2014",
     "media dei giorni tra scadenza e pagamento delle fatture, ponderata sugli importi", "<= 0 giorni",
     "giorni", 50, FINANZA, None, -3, 4, None, None, None, None],
    [None, None, "2.2",
     "Riscossione della TARI in conto competenza rispetto all'accertato dell'esercizio",
     "riscosso in conto competenza / accertato", ">= 80%", "%", 50, FINANZA, None, 0.74, 0.71, None, None,
     None,
     ("La riscossione risente del rinvio della seconda rata al 16 dicembre deciso dal Consiglio comunale; "
      "il dato al 31 gennaio 2026 sarebbe pari all'81%. Da riconsiderare in sede di Relazione sulla "
      "performance.")],
    [LINE_2, OBJ_3, "3.1",
     "Numero di incontri pubblici di presentazione del bilancio partecipativo nei quartieri",
     None, "almeno 6", "numero", None, SERVIZI, datetime(2025, 11, 30), 4, 3, None, 0.8,
     ("Due incontri rinviati al 2026 per l'allerta meteo di ottobre: il Nucleo di valutazione ne ha "
      "riconosciuto il raggiungimento all'80% (verbale n. 4 del 20/01/2026)."),
     None],
]


def compila(modello: str, uscita: str) -> None:
    import openpyxl  # the only use of openpyxl: the office filling in the template
    from openpyxl.utils import get_column_letter

    from piano_xlsx.write.template import TABLE_SHEET, template_roles, text_lines

    book = openpyxl.load_workbook(modello)
    sheet = book[TABLE_SHEET]
    headers = [sheet.cell(2, col).value for col in range(1, sheet.max_column + 1)]
    expected = [role.header for role in template_roles()]
    if headers[:len(expected)] != expected:
        raise SystemExit(f"il modello non ha le intestazioni attese: {headers}")
    for offset, values in enumerate(ROWS):
        row = 3 + offset
        # the height Excel or LibreOffice gives a row while the office types in it (LibreOffice
        # does not fit rows written without a height when it opens a file: they would overlap)
        lines = max(text_lines(v, sheet.column_dimensions[get_column_letter(c)].width)
                    for c, v in enumerate(values, start=1) if isinstance(v, str))
        sheet.row_dimensions[row].height = lines * LINE_HEIGHT + 4
        for col, value in enumerate(values, start=1):
            if value is None:
                continue
            cell = sheet.cell(row, col, value)
            if isinstance(value, float):  # percentages, as an office types them ('88%')
                cell.number_format = "0%"
            elif isinstance(value, datetime):
                cell.number_format = "dd/mm/yyyy"
    settings = book["Impostazioni"]
    for row in range(2, settings.max_row + 1):
        if settings.cell(row, 1).value == "Ente":
            settings.cell(row, 2, "Comune di Valserena")
    book.save(uscita)


def solo_foglio(entrata: str, uscita: str, foglio: str) -> None:
    with zipfile.ZipFile(entrata) as source:
        text = source.read("xl/workbook.xml").decode("utf-8")
        names = []

        def state(match):
            element = match.group(0)
            name = html.unescape(re.search(r'\bname="([^"]*)"', element).group(1))
            names.append(name)
            element = re.sub(r'\s+state="[^"]*"', "", element)
            if name == foglio:
                return element
            return element.replace("<sheet ", '<sheet state="hidden" ', 1)

        text = re.sub(r"<sheet\s[^>]*>", state, text)
        if foglio not in names:
            raise SystemExit(f"{entrata}: manca il foglio '{foglio}' (ci sono: {', '.join(names)})")
        index = names.index(foglio)
        # LibreOffice prints a hidden sheet that has a print area: the others' print areas go
        text = re.sub(r'<definedName\b[^>]*\bname="_xlnm\.Print_Area"[^>]*>[^<]*</definedName>',
                      lambda m: m.group(0) if f'localSheetId="{index}"' in m.group(0) else "", text)
        # the active tab must be a visible sheet
        text = re.sub(r'\s(activeTab|firstSheet)="\d+"', "", text)
        text = re.sub(r"<workbookView\b", f'<workbookView activeTab="{index}" firstSheet="{index}"', text,
                      count=1)
        with zipfile.ZipFile(uscita, "w") as target:
            for info in source.infolist():
                data = text.encode("utf-8") if info.filename == "xl/workbook.xml" else source.read(info)
                target.writestr(info, data)


def main(argv: list[str]) -> int:
    if len(argv) == 3 and argv[0] == "compila":
        compila(argv[1], argv[2])
    elif len(argv) == 4 and argv[0] == "solo-foglio":
        solo_foglio(argv[1], argv[2], argv[3])
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
