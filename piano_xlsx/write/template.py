"""The blank workbook ("modello") that piano-xlsx hands to an office starting a plan.

:func:`write_template` writes, with XlsxWriter, the sheets piano-xlsx reads:

* ``Istruzioni``: how to fill every sheet and column, and how to run the tool;
* ``Collegamento``: the linkage table, one column per role of :mod:`piano_xlsx.core.columns`;
* ``Impostazioni``: one row per setting of :mod:`piano_xlsx.core.settings`, with its default;
* ``Dati mensili``: monthly values of indicators and base measures;
* ``Obiettivi individuali``: individual objectives linked to the entity objectives.

The output is deterministic: the same arguments give the same bytes (fixed document
date, in-memory zip with fixed member timestamps), so the committed
``templates/modello-piano.xlsx`` can be compared with a fresh one in the tests.

The helpers :func:`workbook_options`, :func:`write_settings_sheet` and
:func:`month_headers` are shared with the example generator (``esempi/genera_esempi.py``).

The command `piano-xlsx modello -o FILE [--anno 2018]` writes the template.
"""

from __future__ import annotations

from datetime import datetime

import xlsxwriter

from ..core.columns import ROLES, accepted_wordings
from ..core.settings import SETTINGS, SETTINGS_SHEET

INSTRUCTIONS_SHEET = "Istruzioni"
TABLE_SHEET = "Collegamento"
MONTHLY_SHEET = "Dati mensili"
INDIVIDUAL_SHEET = "Obiettivi individuali"
SHEET_ORDER = (INSTRUCTIONS_SHEET, TABLE_SHEET, SETTINGS_SHEET, MONTHLY_SHEET, INDIVIDUAL_SHEET)

# Fixed document date: nothing in the file depends on when it was written.
DOCUMENT_DATE = datetime(2018, 1, 1)
GENERATOR_MARK = "Generato da piano-xlsx con XlsxWriter"

SETTINGS_HEADERS = ("Impostazione", "Valore", "Descrizione")
MONTHLY_HEADERS = ("Codice", "Descrizione", "Serie", "Anno precedente")
MONTH_NAMES = ("gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic")
SERIES_CHOICES = ("cumulata", "puntuale")
UNIT_CHOICES = ("%", "giorni", "euro", "numero")
INDIVIDUAL_HEADERS = ("Persona", "Ruolo", "Codice", "Obiettivo individuale", "Obiettivi di ente collegati",
                      "Peso %")

TABLE_TITLE = "Piano della Performance - tabella di collegamento"
BLANK_ROWS = 200  # empty, formatted rows left in the data sheets

# Width (characters) of each role's column; roles not listed get DEFAULT_WIDTH. Chosen for print:
# the 16 columns (283 characters) and the five that 'piano-xlsx calcola' adds (140) print on two A3
# pages side by side, Codice and Risultato repeated on the second, at about 83%: 10-pt text comes out
# at 8.3 pt (LibreOffice, Carlito). One page wide, the old widths (359 + 140) printed it at 3.9 pt
# (docs/pagine.md, docs/rigenera-pagine.sh).
COLUMN_WIDTHS = {
    "line": 20, "objective": 32, "code": 8, "result": 42, "formula": 24, "target": 16, "unit": 9,
    "weight": 7, "owner": 20, "deadline": 11, "actual": 12, "baseline": 11, "series": 10, "override": 9,
    "override_note": 22, "note": 30,
}
DEFAULT_WIDTH = 16
TABLE_PAGES_WIDE = 2  # pages side by side (printed left to right, then down)
TABLE_TITLE_COLUMNS = ("code", "result")  # repeated at the left of the second page
TEXT_ROLES = frozenset({"line", "objective", "result", "formula", "target", "owner", "override_note", "note"})

WEIGHT_INPUT_TITLE = "Peso %"
WEIGHT_INPUT_MESSAGE = ("Peso del risultato nell'obiettivo: da 0 a 100 (es. 40) oppure una frazione "
                        "(es. 0,40). Vuoto = pesi uguali.")
INDIVIDUAL_WEIGHT_MESSAGE = ("Peso di questo obiettivo nella valutazione della persona: da 0 a 100 (es. 40) "
                             "oppure una frazione (es. 0,40). Vuoto = pesi uguali.")
WEIGHT_ERROR_MESSAGE = "Scrivere un numero da 0 a 100 (es. 40 oppure 0,40)."

HEADER_FILL = "#DDEBF7"


def workbook_options() -> dict:
    """XlsxWriter options: user text is never turned into a formula, a link or a number."""
    return {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
            "in_memory": True}


def set_fixed_properties(workbook, title: str) -> None:
    """Document properties with a fixed date; the comment records the XlsxWriter version, the one
    thing besides our code that changes the bytes (the tests compare bytes only for the same version)."""
    workbook.set_properties({"title": title, "author": "piano-xlsx", "created": DOCUMENT_DATE,
                             "comments": f"{GENERATOR_MARK} {xlsxwriter.__version__}"})


def template_roles():
    """The roles that get a column in the template, in the template's order (every role but 'owned')."""
    return tuple(role for role in ROLES if role.id != "owned" and role.header)


def month_headers(year: int | None):
    """The 12 month headers of 'Dati mensili': first day of each month of the year, or the
    month abbreviations (gen ... dic) when the year is not known."""
    if year is None:
        return list(MONTH_NAMES)
    return [datetime(year, month, 1) for month in range(1, 13)]


def _check(rc: int, where: str) -> None:
    if rc not in (0, None):
        raise RuntimeError(f"XlsxWriter non ha scritto {where} (codice {rc})")


class _Formats:
    def __init__(self, workbook):
        base = {"font_name": "Calibri", "font_size": 10, "valign": "top"}
        self.header = workbook.add_format({**base, "bold": True, "text_wrap": True, "bg_color": HEADER_FILL,
                                           "border": 1, "valign": "vcenter", "align": "center"})
        self.title = workbook.add_format({**base, "bold": True, "font_size": 14})
        self.subtitle = workbook.add_format({**base, "bold": True, "font_size": 11})
        self.text = workbook.add_format({**base, "border": 1})
        self.wrap = workbook.add_format({**base, "border": 1, "text_wrap": True})
        self.date = workbook.add_format({**base, "border": 1, "num_format": "dd/mm/yyyy"})
        self.number = workbook.add_format({**base, "border": 1})
        self.month = workbook.add_format({**base, "bold": True, "bg_color": HEADER_FILL, "border": 1,
                                          "num_format": "mmm yyyy", "align": "center", "valign": "vcenter"})
        self.para = workbook.add_format({**base, "text_wrap": True})
        self.para_bold = workbook.add_format({**base, "text_wrap": True, "bold": True, "font_size": 11})
        self.code = workbook.add_format({**base, "text_wrap": True, "font_name": "Consolas"})
        self.cell_bold = workbook.add_format({**base, "bold": True, "text_wrap": True, "border": 1})


def _print_setup(ws, header_rows: tuple[int, int] | None, *, paper: int = 9, pages_wide: int = 1) -> None:
    """Landscape, `pages_wide` pages wide, header rows repeated; paper 9 = A4, 8 = A3."""
    ws.set_landscape()
    ws.set_paper(paper)
    ws.fit_to_pages(pages_wide, 0)
    if header_rows is not None:
        ws.repeat_rows(*header_rows)
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    ws.set_footer("&CPagina &P di &N")


def _list_validation(ws, first_row, col, last_row, choices, title, message) -> None:
    _check(ws.data_validation(first_row, col, last_row, col, {
        "validate": "list", "source": list(choices), "input_title": title, "input_message": message,
        "error_title": title, "error_message": "Valori ammessi: " + ", ".join(choices) + ".",
    }), f"la convalida di {title}")


def _weight_validation(ws, first_row, col, last_row, message: str = WEIGHT_INPUT_MESSAGE) -> None:
    _check(ws.data_validation(first_row, col, last_row, col, {
        "validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 100,
        "input_title": WEIGHT_INPUT_TITLE, "input_message": message,
        "error_title": WEIGHT_INPUT_TITLE, "error_message": WEIGHT_ERROR_MESSAGE,
    }), "la convalida del peso")


# --- sheets -----------------------------------------------------------------------------------


class _Instructions:
    """The instructions sheet written top to bottom: titles, paragraphs and three-column rows."""

    def __init__(self, ws, fmt: _Formats, row: int):
        self.ws, self.fmt, self.row = ws, fmt, row  # the next row to write

    def title(self, text):
        self.row += 1 if self.row else 0
        _check(self.ws.write_string(self.row, 0, text, self.fmt.para_bold), "le istruzioni")
        self.row += 1

    def para(self, text, f=None):
        ws, row = self.ws, self.row
        _check(ws.merge_range(row, 0, row, 2, "", f or self.fmt.para), "le istruzioni")
        _check(ws.write_string(row, 0, text, f or self.fmt.para), "le istruzioni")
        ws.set_row(row, 13 * max(1, _lines(text, 160)) + 3)
        self.row += 1

    def pair(self, left, middle, right="", header=False):
        ws, row, fmt = self.ws, self.row, self.fmt
        _check(ws.write_string(row, 0, left, fmt.header if header else fmt.cell_bold), "le istruzioni")
        _check(ws.write_string(row, 1, middle, fmt.header if header else fmt.wrap), "le istruzioni")
        _check(ws.write_string(row, 2, right, fmt.header if header else fmt.wrap), "le istruzioni")
        ws.set_row(row, 13 * max(_lines(middle, 70), _lines(right, 60), _lines(left, 30), 1) + 3)
        self.row += 1


def _write_instructions(ws, fmt: _Formats, year: int | None) -> None:
    ws.set_column(0, 0, 30)
    ws.set_column(1, 1, 70)
    ws.set_column(2, 2, 60)
    ws.hide_gridlines(2)
    _print_setup(ws, None)
    _check(ws.write_string(0, 0, "Modello del Piano della Performance: istruzioni", fmt.title), "il titolo")
    w = _Instructions(ws, fmt, row=2)  # below the title and an empty row
    _instructions_intro(w, year)
    _instructions_table(w)
    _instructions_settings(w)
    _instructions_monthly(w)
    _instructions_individual(w)
    _instructions_usage(w)


def _instructions_intro(w: _Instructions, year: int | None) -> None:
    w.para("Questo file è il modello che piano-xlsx sa leggere. Si compila il foglio 'Collegamento' "
           "(la tabella di collegamento fra linee strategiche, obiettivi di ente e risultati attesi), "
           "si indicano ente e anno nel foglio 'Impostazioni' e, se servono, i dati mese per mese nel foglio "
           "'Dati mensili' e gli obiettivi individuali nel foglio 'Obiettivi individuali'. "
           "Si possono aggiungere colori, commenti e altri fogli: piano-xlsx li lascia come sono.")
    if year is not None:
        w.para(f"Anno del piano: {year}.")


def _instructions_table(w: _Instructions) -> None:
    """The 'Collegamento' sheet: its rows, its columns and the wordings each is recognised by."""
    w.title("Foglio 'Collegamento'")
    w.para("Una riga per ogni risultato atteso (indicatore). Sopra l'intestazione si possono lasciare righe "
           "di titolo. Le colonne sono riconosciute dall'intestazione, non dalla posizione: si possono "
           "spostare, togliere quelle facoltative o usare le diciture del proprio piano (vedi l'ultima colonna "
           "qui sotto). L'intestazione può occupare due righe quando un'intestazione di gruppo è unita su più "
           "colonne.")
    w.para("Linea strategica e obiettivo si scrivono nella prima riga dei loro risultati: le celle sotto "
           "possono essere unite alla prima, ripetere lo stesso testo o restare vuote. L'obiettivo inizia con "
           "il suo numero ('1. Garantire nel tempo ...') e può avere, a capo, un paragrafo 'Outcome: ...'. "
           "La linea si scrive come 'Linea 1 - Pubblica Amministrazione per le imprese'; un obiettivo che "
           "serve due linee le riporta entrambe, una per riga di testo.")
    w.para("Il risultato inizia con il suo codice ('10.2.1 Verifica dinamica ...'), a meno che ci sia la "
           "colonna 'Codice'. I sotto-risultati (10.2.1, 10.2.2) si sommano nel risultato padre (10.2), che "
           "lascia vuoti target e consuntivo. Più risultati possono stare nella stessa cella, uno per riga di "
           "testo, ciascuno con il suo codice in testa: in quel caso target, consuntivo e peso della riga "
           "contengono un solo valore valido per tutti, oppure una riga per risultato con il codice davanti, "
           "es. '2.3.1: >= 80%'.")
    w.para("Obiettivi individuali nella tabella: una colonna con l'intestazione che nomina la persona "
           "('SEGRETARIO GENERALE', oppure 'Obiettivi individuali - Dirigente Area X') contiene l'obiettivo "
           "individuale, con il numero in testa, unito verticalmente sulle righe degli obiettivi di ente a cui "
           "è collegato; una seconda colonna facoltativa sotto la stessa intestazione contiene i parametri. "
           "In alternativa si usa il foglio 'Obiettivi individuali'.")
    w.pair("Colonna", "Cosa scrivere", "Intestazioni riconosciute (maiuscole, accenti e a capo non contano)",
           header=True)
    for role in template_roles():
        w.pair(role.header, role.description + (" Obbligatoria." if role.required else ""),
               accepted_wordings(role.id))

    w.para("Se il proprio piano usa intestazioni che piano-xlsx non riconosce, o una colonna è letta nel ruolo "
           "sbagliato, basta aggiungere un foglio 'Colonne' con due colonne: 'Intestazione' (come è scritta, "
           "oppure la lettera della colonna) e 'Ruolo' (obiettivo, codice obiettivo, risultato, codice, target, "
           "consuntivo, peso, peso obiettivo, unità di misura, responsabile, scadenza, anno precedente, "
           "algoritmo, linea, grado pubblicato, note, informazione, persona, ignora). 'piano-xlsx verifica' "
           "mostra sempre quale colonna è stata letta come che cosa.")


def _instructions_settings(w: _Instructions) -> None:
    w.title("Foglio 'Impostazioni'")
    w.para("Una riga per impostazione: nome nella colonna A, valore nella colonna B. Una cella vuota vuol dire "
           "il valore predefinito, scritto nella colonna 'Descrizione'. Il foglio si può anche togliere: "
           "valgono allora tutti i valori predefiniti.")
    for setting in SETTINGS:
        default = setting.default_text or "(vuoto)"
        w.pair(setting.label, setting.description, f"Predefinito: {default}")


def _instructions_monthly(w: _Instructions) -> None:
    w.title("Foglio 'Dati mensili'")
    w.para("Una riga per indicatore (con il codice del risultato, es. '2.5') o per misura di base usata "
           "nell'algoritmo di calcolo (un nome in minuscolo con trattini bassi, es. 'oneri_correnti'). "
           "Le colonne dei mesi hanno come intestazione il primo giorno del mese (gen ... dic dell'anno del "
           "piano); i mesi non ancora rilevati restano vuoti.")
    w.pair("Codice", "Il codice del risultato (es. 2.5) o il nome della misura (es. proventi_correnti).")
    w.pair("Descrizione", "Facoltativo: che cosa si misura, in parole.")
    w.pair("Serie", "'cumulata': ogni mese si scrive il totale progressivo dall'inizio dell'anno (il valore "
                    "dell'anno è quello dell'ultimo mese rilevato); 'puntuale': ogni mese si scrive il valore "
                    "di quel mese (es. numero di dipendenti, tempo medio), e vale l'ultimo mese rilevato.")
    w.pair("Anno precedente", "Facoltativo: il valore dell'anno precedente, per i target che vi si riferiscono "
                              "(es. 'maggiore o uguale ai procedimenti 2017').")
    w.pair("gen ... dic", "I valori del mese: numeri (con la virgola decimale se scritti come testo).")


def _instructions_individual(w: _Instructions) -> None:
    w.title("Foglio 'Obiettivi individuali'")
    w.para("Facoltativo, in alternativa alle colonne degli obiettivi individuali nella tabella. Una riga per "
           "obiettivo individuale.")
    w.pair("Persona", "Chi è valutato (es. 'Segretario Generale', 'Dirigente Area Anagrafe economica').")
    w.pair("Ruolo", "Facoltativo: il ruolo (Segretario Generale, Dirigente, ...).")
    w.pair("Codice", "Il numero dell'obiettivo individuale (1, 2, ...).")
    w.pair("Obiettivo individuale", "Il testo dell'obiettivo individuale.")
    w.pair("Obiettivi di ente collegati", "I numeri degli obiettivi di ente da cui dipende, separati da ';' "
                                          "(es. '1; 10').")
    w.pair("Peso %", "Facoltativo: il peso dell'obiettivo individuale per la persona; vuoto = pesi uguali.")


def _instructions_usage(w: _Instructions) -> None:
    w.title("Come si usa piano-xlsx")
    w.para("Dal prompt dei comandi, nella cartella del file:")
    w.para("piano-xlsx verifica FILE", f=w.fmt.code)
    w.para("controlla il file senza modificarlo: elenca errori e avvisi con il foglio e la cella da correggere "
           "(es. un target che non si riesce a leggere, un peso mancante, un codice ripetuto).")
    w.para("piano-xlsx calcola FILE", f=w.fmt.code)
    w.para("calcola il grado di raggiungimento di ogni risultato, obiettivo e linea secondo le impostazioni e "
           "lo riporta nella cartella di lavoro, lasciando intatto quello che l'ufficio ha scritto.")


CHARS_PER_WIDTH = 1.15  # characters of 10-pt Calibri per unit of column width (an estimate)


def text_lines(text: str, width: float) -> int:
    """Printed lines of a wrapped text in a column `width` units wide (an estimate, word by word):
    XlsxWriter cannot autofit rows, and Excel does not autofit rows holding merged cells."""
    per_line = max(1, int(width * CHARS_PER_WIDTH))
    total = 0
    for paragraph in str(text).split("\n"):
        length, lines = 0, 1
        for word in paragraph.split(" "):
            if length and length + 1 + len(word) > per_line:
                lines += 1
                length = 0
            length += (1 if length else 0) + len(word)
            while length > per_line:  # a word longer than the column breaks anywhere
                lines += 1
                length -= per_line
        total += lines
    return total


_lines = text_lines


def _write_table(ws, fmt: _Formats, workbook) -> None:
    roles = template_roles()
    header_row, first, last = 1, 2, 1 + BLANK_ROWS
    _check(ws.write_string(0, 0, TABLE_TITLE, fmt.title), "il titolo")
    ws.set_row(0, 22)
    ws.set_row(header_row, 30)
    for col, role in enumerate(roles):
        width = COLUMN_WIDTHS.get(role.id, DEFAULT_WIDTH)
        if role.id in TEXT_ROLES:
            cell_format = fmt.wrap
        elif role.id == "deadline":
            cell_format = fmt.date
        else:
            cell_format = fmt.text
        ws.set_column(col, col, width)
        _check(ws.write_string(header_row, col, role.header, fmt.header), "l'intestazione")
        for row in range(first, last + 1):
            ws.write_blank(row, col, None, cell_format)
        if role.id == "series":
            _list_validation(ws, first, col, last, SERIES_CHOICES, role.header,
                             "cumulata = totale progressivo; puntuale = valore del mese.")
        elif role.id == "unit":
            _list_validation(ws, first, col, last, UNIT_CHOICES, role.header, "Scegliere l'unità di misura.")
        elif role.id == "weight":
            _weight_validation(ws, first, col, last)
    ws.freeze_panes(header_row + 1, 0)
    ws.autofilter(header_row, 0, last, len(roles) - 1)
    # sixteen columns and the five of the results: A3, two pages side by side (see COLUMN_WIDTHS)
    _print_setup(ws, (0, header_row), paper=8, pages_wide=TABLE_PAGES_WIDE)
    ids = [role.id for role in roles]
    titles = [ids.index(role_id) for role_id in TABLE_TITLE_COLUMNS]
    ws.repeat_columns(min(titles), max(titles))
    ws.print_across()


def write_settings_sheet(ws, workbook, values: dict | None = None, *, defaults: bool = True,
                         fmt: _Formats | None = None) -> None:
    """The 'Impostazioni' sheet: header row, then one row per setting in SETTINGS order.

    values maps a Profile attribute ('ente', 'anno', ...) to what to write in 'Valore';
    otherwise the default is written (defaults=True) or the cell is left blank.
    Numbers (the year, the decimals) are written as numbers, everything else as text.
    """
    values = values or {}
    fmt = fmt or _Formats(workbook)
    ws.set_column(0, 0, 34)
    ws.set_column(1, 1, 38)
    ws.set_column(2, 2, 90)
    ws.set_row(0, 20)
    for col, header in enumerate(SETTINGS_HEADERS):
        _check(ws.write_string(0, col, header, fmt.header), "l'intestazione")
    for index, setting in enumerate(SETTINGS, start=1):
        _check(ws.write_string(index, 0, setting.label, fmt.cell_bold), "l'impostazione")
        value = values.get(setting.attr, setting.default_text if defaults else "")
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            _check(ws.write_number(index, 1, value, fmt.text), "il valore")
        elif setting.kind in ("year", "int") and str(value).strip().isdigit():
            _check(ws.write_number(index, 1, int(str(value).strip()), fmt.text), "il valore")
        elif value in (None, ""):
            ws.write_blank(index, 1, None, fmt.text)
        else:
            _check(ws.write_string(index, 1, str(value), fmt.text), "il valore")
        _check(ws.write_string(index, 2, setting.description, fmt.wrap), "la descrizione")
        ws.set_row(index, 13 * max(1, _lines(setting.description, 90)) + 3)
        if setting.kind == "choice":
            _list_validation(ws, index, 1, index, setting.choices, setting.label, setting.description)
    ws.freeze_panes(1, 0)
    _print_setup(ws, (0, 0))


def _write_monthly(ws, fmt: _Formats, year: int | None) -> None:
    ws.set_column(0, 0, 30)
    ws.set_column(1, 1, 40)
    ws.set_column(2, 2, 12)
    ws.set_column(3, 3, 14)
    ws.set_column(4, 15, 11)
    ws.set_row(0, 20)
    for col, header in enumerate(MONTHLY_HEADERS):
        _check(ws.write_string(0, col, header, fmt.header), "l'intestazione")
    for offset, month in enumerate(month_headers(year)):
        col = len(MONTHLY_HEADERS) + offset
        if isinstance(month, datetime):
            _check(ws.write_datetime(0, col, month, fmt.month), "il mese")
        else:
            _check(ws.write_string(0, col, month, fmt.header), "il mese")
    for row in range(1, BLANK_ROWS + 1):
        for col in range(len(MONTHLY_HEADERS) + 12):
            ws.write_blank(row, col, None, fmt.wrap if col == 1 else fmt.text)
    _list_validation(ws, 1, 2, BLANK_ROWS, SERIES_CHOICES, "Serie",
                     "cumulata = totale progressivo; puntuale = valore del mese.")
    ws.freeze_panes(1, 1)
    _print_setup(ws, (0, 0))


def _write_individual(ws, fmt: _Formats) -> None:
    widths = (30, 22, 9, 60, 22, 9)
    for col, (header, width) in enumerate(zip(INDIVIDUAL_HEADERS, widths)):
        ws.set_column(col, col, width)
        _check(ws.write_string(0, col, header, fmt.header), "l'intestazione")
    ws.set_row(0, 30)
    for row in range(1, BLANK_ROWS + 1):
        for col in range(len(INDIVIDUAL_HEADERS)):
            ws.write_blank(row, col, None, fmt.wrap if col in (0, 3) else fmt.text)
    _weight_validation(ws, 1, len(INDIVIDUAL_HEADERS) - 1, BLANK_ROWS, INDIVIDUAL_WEIGHT_MESSAGE)
    ws.freeze_panes(1, 0)
    _print_setup(ws, (0, 0))


def write_template(path, *, year: int | None = None) -> None:
    """Write the blank template workbook to `path` (a file name or a binary file object)."""
    workbook = xlsxwriter.Workbook(path, workbook_options())
    set_fixed_properties(workbook, "Modello del Piano della Performance")
    fmt = _Formats(workbook)
    sheets = {name: workbook.add_worksheet(name) for name in SHEET_ORDER}
    _write_instructions(sheets[INSTRUCTIONS_SHEET], fmt, year)
    _write_table(sheets[TABLE_SHEET], fmt, workbook)
    write_settings_sheet(sheets[SETTINGS_SHEET], workbook, {"anno": year} if year is not None else None,
                         fmt=fmt)
    _write_monthly(sheets[MONTHLY_SHEET], fmt, year)
    _write_individual(sheets[INDIVIDUAL_SHEET], fmt)
    workbook.close()
