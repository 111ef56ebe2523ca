"""Genera un Piano della Performance plausibile di N indicatori, per misurare piano-xlsx.

    python benchmarks/genera_piano.py N OUT.xlsx [--seme 2025]

Scrive con XlsxWriter, sempre con gli stessi byte per gli stessi argomenti:

* ``Collegamento``: la tabella di collegamento (titolo alla riga 1, intestazione alla riga 2),
  ~10 risultati per obiettivo e ~10 obiettivi per linea; le celle di linea e di obiettivo sono
  unite sui loro risultati; il risultato inizia con il suo codice ("12.3 ..."); target scritti
  come nei piani veri (">= 90%", "entro il 30/06/2025", "SI", "almeno cinque", "<= 5 gg",
  ">= 1.500"), pesi che sommano a 100 in ogni obiettivo, consuntivi e responsabili;
* ``Impostazioni``: Ente e "Anno del piano" = 2025, le altre impostazioni ai valori predefiniti;
* ``Dati mensili``: una riga per indicatore (Codice = codice del risultato), serie "cumulata" o
  "puntuale", anno precedente e i 12 mesi del 2025 (intestazioni: date dal 01/01/2025 al
  01/12/2025). I SI/NO hanno una serie puntuale (1 = SI); le scadenze ("entro il ...") no: una
  serie numerica per un risultato con scadenza non ha un significato definito (e ``calcola``
  si fermava con un errore interno); il loro consuntivo è la data di conclusione.

I valori sono inventati (generatore pseudo-casuale con seme fisso).
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import xlsxwriter

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from piano_xlsx.write.template import (  # noqa: E402
    MONTHLY_HEADERS, month_headers, set_fixed_properties, workbook_options, write_settings_sheet,
)

YEAR = 2025
ENTE = "Ente di prova (dati generati per il benchmark)"
TABLE_SHEET = "Collegamento"
SETTINGS_SHEET = "Impostazioni"
MONTHLY_SHEET = "Dati mensili"
TITLE = f"Piano della Performance {YEAR} - tabella di collegamento (dati generati)"
HEADERS = ("Linea strategica", "Obiettivo di ente", "Risultato atteso / indicatore", "Target", "Peso %",
           "Consuntivo", "Responsabile")
WIDTHS = (28, 42, 60, 24, 8, 14, 30)
RESULTS_PER_OBJECTIVE = 10
OBJECTIVES_PER_LINE = 10
WEIGHTS = (15, 15, 10, 10, 10, 10, 10, 10, 5, 5)  # sum 100; a shorter objective uses equal weights
HEADER_ROW = 1  # 0-based: Excel row 2
FIRST_DATA_ROW = 2

LINE_THEMES = (
    "Pubblica Amministrazione per le imprese", "Sostegno alla competitività delle imprese e dei territori",
    "Valorizzazione del patrimonio culturale e del turismo", "Orientamento al lavoro e alle professioni",
    "L'impresa digitale", "Semplificazione e trasparenza", "Salute organizzativa dell'ente",
)
OBJECTIVE_VERBS = ("Garantire", "Migliorare", "Promuovere", "Sviluppare", "Favorire", "Diffondere", "Semplificare")
OBJECTIVE_TOPICS = (
    "la qualità dei servizi erogati", "l'efficienza interna dell'ente", "la comunicazione via web",
    "l'utilizzo degli strumenti digitali", "il sistema turistico territoriale", "l'alternanza scuola-lavoro",
    "la tutela delle entrate", "la trasparenza amministrativa", "la salute organizzativa dell'ente",
)
OWNERS = (
    "Area Anagrafe economica", "Area Risorse Finanziarie", "Area Staff Segretario Generale",
    "Area Promozione e Sviluppo del territorio", "Area Sviluppo del territorio e regolazione del mercato",
    "Settore Comunicazione esterna ed Urp",
)
NUMBER_WORDS = {3: "tre", 4: "quattro", 5: "cinque", 6: "sei", 8: "otto", 10: "dieci"}
ON_TRACK_OBJECTIVES = 0.7  # share of objectives whose results all meet their targets
HIT_OFF_TRACK = 0.7  # chance that a result of any other objective meets its target
MONTH_END = {1: 31, 2: 28, 3: 31, 4: 30, 5: 31, 6: 30, 7: 31, 8: 31, 9: 30, 10: 31, 11: 30, 12: 31}


@dataclass
class Indicator:
    code: str
    text: str
    target: str
    weight: float | None
    actual: object  # number, ("pct", fraction), datetime, or "SI"/"NO"
    owner: str
    series: str  # "cumulata" or "puntuale"
    prior: float | None
    months: list[float] | None  # None: no row in 'Dati mensili'

    description: str


def _indicator(rng: random.Random, code: str, hit: bool) -> Indicator:
    """One result with a target of a kind drawn at random, its actual (meeting the target when
    ``hit``, else missing it) and its 12 months."""
    kind = rng.choice(("percent", "percent", "deadline", "milestone", "count_words", "days", "count"))
    owner = rng.choice(OWNERS)
    if kind == "percent":
        threshold = rng.choice((70, 75, 80, 85, 90, 95))
        final = round(threshold + rng.uniform(0, 5), 1) if hit else round(threshold - rng.uniform(1, 15), 1)
        months = [round(min(100.0, max(0.0, final + rng.uniform(-4, 4))), 1) for _ in range(11)] + [final]
        return Indicator(code, f"{code} Percentuale di soddisfazione degli utenti dei servizi di {owner}",
                         f">= {threshold}%", None, ("pct", final / 100), owner, "puntuale",
                         round(threshold + rng.uniform(-5, 5), 1), months, "Soddisfazione (%)")
    if kind == "deadline":
        due_month = rng.randint(3, 12)
        if hit:  # concluded in the month of the deadline or up to two months before
            month = due_month - rng.choice((0, 0, 1, 2))
            done = datetime(YEAR, month, rng.randint(1, MONTH_END[month]))
        else:  # concluded on the first of the month after the deadline
            done = datetime(YEAR + due_month // 12, due_month % 12 + 1, 1)
        target = rng.choice((f"entro il {MONTH_END[due_month]:02d}/{due_month:02d}/{YEAR}",
                             f"entro il {MONTH_END[due_month]} {_month_name(due_month)} {YEAR}"))
        return Indicator(code, f"{code} Adozione del regolamento e della relativa procedura ({owner})", target,
                         None, done, owner, "puntuale", None, None,
                         "Adempimento concluso")
    if kind == "milestone":
        done = hit
        months = [0.0] * rng.randint(5, 11) if done else [0.0] * 12
        months += [1.0] * (12 - len(months))
        return Indicator(code, f"{code} Revisione della sezione del sito e controllo del relativo report", "SI",
                         None, "SI" if done else "NO", owner, "puntuale", None, months,
                         "Realizzato (1 = sì)")
    if kind == "count_words":
        n = rng.choice(tuple(NUMBER_WORDS))
        final = n + rng.randint(0, 2) if hit else n - rng.randint(1, 2)
        months = _cumulative(rng, final)
        return Indicator(code, f"{code} Produzione di rapporti di ricerca su filiere produttive: almeno "
                               f"{NUMBER_WORDS[n]} (entro dicembre {YEAR})", f"almeno {NUMBER_WORDS[n]}", None,
                         final, owner, "cumulata", float(n), months, "Rapporti pubblicati")
    if kind == "days":
        limit = rng.choice((2, 5, 10, 30))
        final = round(limit * (rng.uniform(0.6, 1) if hit else rng.uniform(1.05, 1.4)), 1)
        months = [round(limit * rng.uniform(0.5, 1.4), 1) for _ in range(11)] + [final]
        return Indicator(code, f"{code} Tempi medi di evasione delle pratiche telematiche", f"<= {limit} gg",
                         None, final, owner, "puntuale", round(limit * 1.1, 1), months, "Tempo medio (giorni)")
    threshold = rng.choice((150, 500, 1500, 2355))
    final = int(threshold * (rng.uniform(1, 1.3) if hit else rng.uniform(0.8, 0.99)))
    months = _cumulative(rng, final)
    return Indicator(code, f"{code} Numero di imprese che fruiscono del servizio on line", f">= {threshold:,}"
                     .replace(",", "."), None, final, owner, "cumulata", float(int(threshold * 0.95)), months,
                     "Imprese (totale progressivo)")


def _cumulative(rng: random.Random, final: float) -> list[float]:
    """A running total reaching ``final`` in December."""
    steps = sorted(rng.uniform(0, 1) for _ in range(11))
    return [float(round(final * s)) for s in steps] + [float(final)]


def _month_name(month: int) -> str:
    return ("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre",
            "ottobre", "novembre", "dicembre")[month - 1]


def build_plan(n: int, seed: int = 2025):
    """[(line text, [(objective text, [Indicator, ...]), ...]), ...] with n indicators in all."""
    rng = random.Random(seed)
    lines = []
    objective_number = 0
    remaining = n
    line_number = 0
    while remaining > 0:
        line_number += 1
        theme = LINE_THEMES[(line_number - 1) % len(LINE_THEMES)]
        objectives = []
        for _ in range(OBJECTIVES_PER_LINE):
            if remaining <= 0:
                break
            objective_number += 1
            count = min(RESULTS_PER_OBJECTIVE, remaining)
            remaining -= count
            text = (f"{objective_number}. {rng.choice(OBJECTIVE_VERBS)} {rng.choice(OBJECTIVE_TOPICS)}\n"
                    f"Outcome: risultati misurabili per le imprese del territorio nel {YEAR}")
            on_track = rng.random() < ON_TRACK_OBJECTIVES
            indicators = [_indicator(rng, f"{objective_number}.{i}", on_track or rng.random() < HIT_OFF_TRACK)
                          for i in range(1, count + 1)]
            weights = WEIGHTS if count == len(WEIGHTS) else (None,) * count
            for indicator, weight in zip(indicators, weights):
                indicator.weight = weight
            objectives.append((text, indicators))
        lines.append((f"Linea {line_number} - {theme}", objectives))
    return lines


class _Formats:
    def __init__(self, wb):
        base = {"font_name": "Calibri", "font_size": 10, "valign": "top", "border": 1}
        self.title = wb.add_format({"font_name": "Calibri", "font_size": 14, "bold": True})
        self.header = wb.add_format({**base, "bold": True, "bg_color": "#DDEBF7", "text_wrap": True,
                                     "align": "center", "valign": "vcenter"})
        self.wrap = wb.add_format({**base, "text_wrap": True})
        self.cell = wb.add_format(base)
        self.pct = wb.add_format({**base, "num_format": "0.0%"})
        self.date = wb.add_format({**base, "num_format": "dd/mm/yyyy"})
        self.month = wb.add_format({**base, "bold": True, "bg_color": "#DDEBF7", "num_format": "mmm yyyy"})
        self.number = wb.add_format({**base, "num_format": "General"})


def _ok(rc, what: str) -> None:
    if rc not in (0, None):
        raise RuntimeError(f"XlsxWriter non ha scritto {what} (codice {rc})")


def _write_actual(ws, row: int, col: int, value, fmt: _Formats) -> None:
    if isinstance(value, tuple):
        _ok(ws.write_number(row, col, value[1], fmt.pct), "un consuntivo")
    elif isinstance(value, datetime):
        _ok(ws.write_datetime(row, col, value, fmt.date), "un consuntivo")
    elif isinstance(value, (int, float)):
        _ok(ws.write_number(row, col, value, fmt.cell), "un consuntivo")
    else:
        _ok(ws.write_string(row, col, str(value), fmt.cell), "un consuntivo")


def _merge(ws, first: int, last: int, col: int, text: str, cell_format) -> None:
    if first == last:
        _ok(ws.write_string(first, col, text, cell_format), "una cella")
    else:
        _ok(ws.merge_range(first, col, last, col, "", cell_format), "una cella unita")
        _ok(ws.write_string(first, col, text, cell_format), "una cella unita")


def write_plan(path, n: int, *, seed: int = 2025) -> int:
    """Write the plan to ``path``; returns the number of indicators written."""
    if n < 1:
        raise ValueError("servono almeno 1 indicatore")
    plan = build_plan(n, seed)
    wb = xlsxwriter.Workbook(str(path), workbook_options())
    set_fixed_properties(wb, TITLE)
    fmt = _Formats(wb)
    table = wb.add_worksheet(TABLE_SHEET)
    settings = wb.add_worksheet(SETTINGS_SHEET)
    monthly = wb.add_worksheet(MONTHLY_SHEET)

    _ok(table.write_string(0, 0, TITLE, fmt.title), "il titolo")
    for col, (header, width) in enumerate(zip(HEADERS, WIDTHS)):
        table.set_column(col, col, width)
        _ok(table.write_string(HEADER_ROW, col, header, fmt.header), "l'intestazione")
    table.set_row(HEADER_ROW, 30)
    row = FIRST_DATA_ROW
    indicators: list[Indicator] = []
    for line_text, objectives in plan:
        line_first = row
        for objective_text, results in objectives:
            objective_first = row
            for indicator in results:
                _ok(table.write_string(row, 2, indicator.text, fmt.wrap), "un risultato")
                _ok(table.write_string(row, 3, indicator.target, fmt.cell), "un target")
                if indicator.weight is None:
                    table.write_blank(row, 4, None, fmt.cell)
                else:
                    _ok(table.write_number(row, 4, indicator.weight, fmt.cell), "un peso")
                _write_actual(table, row, 5, indicator.actual, fmt)
                _ok(table.write_string(row, 6, indicator.owner, fmt.wrap), "un responsabile")
                indicators.append(indicator)
                row += 1
            _merge(table, objective_first, row - 1, 1, objective_text, fmt.wrap)
        _merge(table, line_first, row - 1, 0, line_text, fmt.wrap)
    table.freeze_panes(FIRST_DATA_ROW, 0)
    table.autofilter(HEADER_ROW, 0, row - 1, len(HEADERS) - 1)

    write_settings_sheet(settings, wb, {"ente": ENTE, "anno": YEAR})

    for col, header in enumerate(MONTHLY_HEADERS):
        _ok(monthly.write_string(0, col, header, fmt.header), "l'intestazione")
    for offset, month in enumerate(month_headers(YEAR)):
        _ok(monthly.write_datetime(0, len(MONTHLY_HEADERS) + offset, month, fmt.month), "un mese")
    monthly.set_column(0, 0, 12)
    monthly.set_column(1, 1, 30)
    monthly.set_column(2, 3, 14)
    monthly.set_column(4, 15, 11)
    with_series = [indicator for indicator in indicators if indicator.months is not None]
    for index, indicator in enumerate(with_series, start=1):
        _ok(monthly.write_string(index, 0, indicator.code, fmt.cell), "un codice")
        _ok(monthly.write_string(index, 1, indicator.description, fmt.cell), "una descrizione")
        _ok(monthly.write_string(index, 2, indicator.series, fmt.cell), "una serie")
        if indicator.prior is None:
            monthly.write_blank(index, 3, None, fmt.number)
        else:
            _ok(monthly.write_number(index, 3, indicator.prior, fmt.number), "l'anno precedente")
        for offset, value in enumerate(indicator.months):
            _ok(monthly.write_number(index, len(MONTHLY_HEADERS) + offset, value, fmt.number), "un mese")
    monthly.freeze_panes(1, 1)
    wb.close()
    return len(indicators)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Genera un Piano della Performance di N indicatori.")
    parser.add_argument("n", type=int, help="numero di indicatori (es. 50, 1000, 10000)")
    parser.add_argument("out", type=Path, help="il file .xlsx da scrivere")
    parser.add_argument("--seme", type=int, default=2025, help="seme del generatore pseudo-casuale")
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("N deve essere almeno 1")
    written = write_plan(args.out, args.n, seed=args.seme)
    print(f"scritto {args.out}: {written} indicatori")
    return 0


if __name__ == "__main__":
    sys.exit(main())
