"""Column roles of the linkage table and the wordings real plans use for them.

The wordings come from published plans and Relazioni (Camere di commercio, Comuni, ASL,
universities, ministries and agencies; see tests/data/piani-reali). A header cell is
matched after :func:`piano_xlsx.core.text.fold` (case, accents, spaces and line breaks do not
matter) and after dropping a leading or trailing year ("Target 2018", "2019 target",
"Obiettivi ente 2016"). The longest matching wording wins, so "Area strategica" is a line
and "Area" an owner, "Risultato atteso" a result and "Risultato" an actual, "Valore
obiettivo" a target and "Obiettivo" an objective.

A header alone can mislead: in ministry plans "Risultato atteso" is the target, and a
plain "Codice" or "Peso" belongs to whatever a row of the table is. The table reader
(piano_xlsx.read.layout) decides with the header and the column's contents together.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from .period import MONTH_ABBREVIATION_PATTERN, MONTH_ABBREVIATIONS, MONTHS
from .text import fold


@dataclass(frozen=True)
class Role:
    id: str
    header: str  # the header piano-xlsx writes in its template ('' = not a template column)
    wordings: tuple[str, ...]
    required: bool = False
    description: str = ""
    name: str = ""  # Italian name shown in the mapping verifica prints (and accepted in the 'Colonne' sheet)



# the five columns piano-xlsx writes beside the office's table, as their headers read (write.writeback)
OWNED_HEADERS = ("Grado di raggiungimento", "Stato raggiungimento", "Monitoraggio al periodo",
                 "Andamento nei periodi", "Nota di calcolo")

ROLES: tuple[Role, ...] = (
    Role("line", "Linea strategica", (
        "linea strategica", "linee strategiche", "area strategica", "aree strategiche",
        "riferimento al piano strategico", "riferimento piano strategico", "missione / programma",
        "missione/programma", "missione e programma", "prospettiva", "linea", "asse strategico", "assi strategici",
        "ambito strategico", "ambiti strategici", "indirizzo strategico", "indirizzi strategici",
        "priorita politica", "priorita politiche", "descrizione area strategica", "obiettivi pluriennali",
        "obiettivo pluriennale", "missione", "programma", "missioni", "programmi", "macroprocessi", "macroprocesso"),
        description="La linea strategica (o area, missione/programma) a cui appartiene l'obiettivo.",
        name="linea"),
    Role("objective", "Obiettivo di ente", (
        "obiettivo di ente", "obiettivi di ente", "obiettivi ente", "obiettivo ente",
        "obiettivo strategico", "obiettivi strategici", "obiettivo operativo", "obiettivi operativi",
        "obiettivo annuale", "obiettivi annuali", "obiettivo", "obiettivi", "descrizione obiettivo",
        "descrizione obiettivi", "descrizione dell'obiettivo", "descr obiettivo", "descr. obiettivo",
        "descr obiettivo operativo", "descr. obiettivo operativo", "descrizione obiettivo operativo",
        "obiettivi (numero e descrizione)", "obiettivo specifico", "obiettivi specifici",
        "obiettivo di performance", "obiettivi di performance", "obiettivo gestionale", "obiettivi gestionali",
        "obiettivo di gestione", "obiettivo di budget", "obiettivi di budget", "obiettivo di struttura",
        "obiettivo individuale", "progetto", "progetti", "descrizione progetto", "titolo progetto",
        "obiettivo di miglioramento", "obiettivi di miglioramento"), required=True,
        description="L'obiettivo, con il suo numero in testa (es. '1. Garantire ...').", name="obiettivo"),
    Role("objective_code", "", (
        "codice obiettivo", "cod obiettivo", "cod. obiettivo", "obiettivo n.", "obiettivo n", "obiettivo nr",
        "n. obiettivo", "n obiettivo", "numero obiettivo", "cod obiettivo operativo", "cod. obiettivo operativo",
        "codice obiettivo operativo", "codice o.o.", "codice obiettivo strategico", "id obiettivo"),
        description="Il codice dell'obiettivo, in una colonna sua.", name="codice obiettivo"),
    Role("code", "Codice", ("codice", "cod.", "cod", "codice risultato", "codice indicatore", "id", "n.", "n", "n°",
                            "nr", "nr.", "num", "num.", "codice kpi", "cod. indicatore", "cod indicatore"),
         description="Facoltativo: il codice del risultato (es. 1.1, 10.2.1, KPI156).", name="codice"),
    Role("result", "Risultato atteso / indicatore", (
        "risultati attesi", "risultato atteso", "risultato atteso / indicatore", "risultati attesi / indicatori",
        "indicatore", "indicatori", "kpi", "descrizione indicatore", "descrizione kpi", "indicatore di risultato",
        "indicatori di risultato", "indicatore di performance", "indicatori di performance",
        "obiettivo e indicatori", "obiettivi e indicatori", "indicatore di output", "indicatori di output",
        "descrizione indicatori", "nome indicatore", "titolo indicatore",
        # a PEG's phases scored as its indicators (found in a trial of Comuni: each phase took the objective's title)
        "fasi / indicatore", "fasi / indicatori", "fase / indicatore", "fasi/indicatore", "fasi/indicatori",
        "fasi / indicatori di risultato"),
        required=True,
        description="Il risultato atteso o indicatore, con il codice in testa se non c'è la colonna Codice.",
        name="risultato"),
    Role("formula", "Algoritmo di calcolo", (
        "algoritmo", "algoritmo di calcolo", "formula", "modalita di calcolo", "formula di calcolo",
        "misura / formula", "misura/formula", "metodo di calcolo", "modalita di misurazione", "formula indicatore"),
        description="Facoltativo: come si calcola l'indicatore. Se è un'espressione sulle misure del foglio "
                    "'Dati mensili' (es. 'pratiche_evase / pratiche_ricevute') viene calcolata; se è una "
                    "descrizione a parole resta una descrizione e vale il consuntivo.", name="algoritmo"),
    Role("target", "Target", (
        "target", "valore atteso", "valore obiettivo", "valore target", "anno", "valore programmato",
        "valori attesi", "valori programmati", "traguardo", "valore max atteso", "valore massimo atteso",
        "target atteso", "valore previsto", "risultato previsto"),
        description="Il target, scritto come nei piani: '>= 90%', 'almeno cinque', 'entro il 30/06/2018', 'SI'.",
        name="target"),
    Role("unit", "Unità di misura", ("unita di misura", "unita", "u.m.", "um", "udm", "u.d.m.", "unita' di misura"),
         description="Facoltativo: %, giorni, euro, numero.", name="unità di misura"),
    Role("polarity", "", ("polarita", "polarita indicatore", "polarita dell'indicatore", "verso", "verso indicatore",
                          "verso dell'indicatore", "tendenza attesa", "andamento atteso", "trend atteso",
                          "direzione attesa", "direzione di miglioramento", "senso di miglioramento",
                          "direzione (+/-)", "+/-", "(+/-)", "segno (+/-)"),
         description="Facoltativo: il verso dell'indicatore ('+' più è meglio, '-' meno è meglio; anche "
                     "'crescente', 'decrescente'): dà il confronto di un target scritto come numero solo.",
         name="polarità"),
    Role("weight", "Peso %", ("peso", "peso %", "peso (%)", "pesi", "ponderazione", "peso indicatore",
                              "peso dell'indicatore", "peso relativo", "pesatura", "peso risultato"),
         description="Facoltativo: peso del risultato nell'obiettivo (20 o 0,20); vuoto = pesi uguali. In una "
                     "tabella con un solo risultato per obiettivo è il peso dell'obiettivo; se i pesi sommano a "
                     "100 sull'intera tabella (scheda di budget), ogni obiettivo pesa la somma dei suoi.",
         name="peso"),
    Role("objective_weight", "", ("peso obiettivo", "peso dell'obiettivo", "pesatura obiettivo", "peso ponderale",
                                  "peso obiettivo %", "peso obiettivi"),
         description="Facoltativo: il peso dell'obiettivo (nella media dell'ente e delle persone), mai dei "
                     "suoi risultati.", name="peso obiettivo"),
    Role("owner", "Responsabile", (
        "responsabile", "struttura responsabile", "area", "dirigente responsabile", "settore", "struttura",
        "ufficio", "dirigente", "dirigenti", "centro di responsabilita", "centri di responsabilita", "cdr",
        "unita organizzativa", "unita organizzative", "servizio", "servizio responsabile", "u.o.", "uo",
        "u.o. responsabile", "unita operativa", "unita operative", "unita operativa responsabile", "uoc", "uos",
        "unita operativa complessa", "unita operativa semplice",
        "ufficio responsabile", "strutture coinvolte", "strutture che contribuiscono",
        "strutture che contribuiscono al conseguimento dell'obiettivo", "responsabile dell'obiettivo",
        "responsabili", "struttura organizzativa", "strutture", "direzione responsabile",
        "dipartimento responsabile", "settore responsabile", "area responsabile"),
        description="Facoltativo: chi risponde del risultato (area, settore, dirigente).", name="responsabile"),
    Role("deadline", "Scadenza", ("scadenza", "scadenze", "entro il", "tempistica", "termine", "tempi",
                                  "data di scadenza", "data scadenza", "termine di realizzazione"),
         description="Facoltativo: la data entro cui concludere.", name="scadenza"),
    Role("actual", "Consuntivo", (
        "consuntivo", "valore rilevato", "valore raggiunto", "risultato", "valore consuntivo",
        "valore effettivo", "risultato conseguito", "valore a consuntivo", "valore al", "valore realizzato",
        "valore conseguito", "risultato raggiunto", "risultati raggiunti", "dato rilevato", "realizzazione",
        "realizzato", "valore finale", "esito", "livello raggiunto", "valore di consuntivo", "dato consuntivo",
        "risultato ottenuto", "valore ottenuto", "consuntivo al", "rilevazione"),
        description="Il valore raggiunto (numero, percentuale, data di conclusione, SI/NO).", name="consuntivo"),
    Role("baseline", "Anno precedente", (
        "anno precedente", "valore anno precedente", "baseline", "valore di partenza", "valore storico",
        "valore iniziale", "situazione di partenza", "situazione iniziale", "stato iniziale", "stato di partenza", "stato ex ante", "situazione ex ante", "valore ex ante",
        "dato di partenza"),
        description="Facoltativo: il valore dell'anno precedente, per i target che vi si riferiscono.",
        name="anno precedente"),
    Role("published", "", (
        "% di raggiungimento", "% risultato raggiunto", "percentuale di raggiungimento",
        "livello di conseguimento", "grado di conseguimento", "% realizzazione", "% di realizzazione",
        "percentuale di realizzazione", "% raggiungimento", "grado raggiungimento", "livello di raggiungimento",
        "% raggiungimento obiettivo", "percentuale raggiungimento", "% di ragg", "% ragg", "% di ragg.",
        "% ragg."),
        description="Facoltativo: il grado che l'ufficio ha già calcolato; piano-xlsx lo confronta con il suo "
                    "e segnala dove differiscono. ('Grado di raggiungimento' è letto così quando non fa parte "
                    "delle colonne scritte da piano-xlsx.)", name="grado pubblicato"),
    Role("series", "Serie mensile", ("serie mensile", "tipo serie", "serie"),
         description="Facoltativo: 'cumulata' o 'puntuale', per i dati mese per mese.", name="serie"),
    Role("override", "Grado forzato", ("grado forzato", "grado manuale", "forzatura"),
         description="Facoltativo: un grado imposto a mano (richiede la nota).", name="grado forzato"),
    Role("override_note", "Nota forzatura", ("nota forzatura", "motivazione forzatura", "nota della forzatura"),
         description="Obbligatoria se c'è un grado forzato: il motivo.", name="nota forzatura"),
    Role("note", "Note", ("note", "nota", "osservazioni", "commenti", "note per l'elaborazione",
                          "motivazione scostamento", "motivazioni", "cause dello scostamento"),
         description="Facoltativo: note libere, non lette dal calcolo.", name="note"),
    # columns a plan has that the computation does not use: recognised, shown in the mapping, not warned about
    Role("info", "", (
        "fonte", "fonti", "fonte dei dati", "fonte del dato", "finalita", "outcome", "riferimento", "riferimenti",
        "riferimenti normativi", "lea", "periodo di riferimento", "stakeholder", "risorse", "risorse finanziarie",
        "spesa prevista", "spesa prevista (€)", "incentivazione", "incentivazione indicatore",
        "monitoraggio intermedio", "monitoraggio", "valore strategico di riferimento", "azioni", "azione",
        "attivita", "descrizione", "output", "indice", "valore min atteso", "valore minimo atteso", "tipologia",
        "tipo indicatore", "tipologia indicatore", "dimensione", "ambito", "piano operativo", "codice p.o",
        "codice p.o.", "codice a.s.", "azione programma ambientale emas", "livello", "priorita",
        "collegamento", "stato di avanzamento", "stato", "stato di attuazione", "criticita", "valenza indicatore", "valenza", "misura", "titolo"),
        name="informazione"),
    Role("year", "", ("anno", "anno di riferimento", "esercizio", "esercizio di riferimento", "annualita",
                      "anno del target", "anno target"), description="l'anno a cui si riferisce la riga ('Anno', 'Esercizio')",
         name="anno della riga"),
    # columns written by piano-xlsx itself: recognised so they are never read as data
    Role("owned", "", tuple(fold(h) for h in OWNED_HEADERS)),
)

ROLE_BY_ID = {role.id: role for role in ROLES}
ROLE_BY_NAME = {fold(role.name): role.id for role in ROLES if role.name}
ROLE_BY_NAME.update({"ignora": "ignore", "ignorata": "ignore", "non leggere": "ignore", "persona": "person",
                     "obiettivi individuali": "person", "risultato atteso": "result", "indicatore": "result",
                     "valore atteso": "target", "peso risultato": "weight"})

# Headers that announce individual objectives (of the Segretario Generale, of a dirigente).
# A column headed only "Dirigente" is an owner: it names who answers for a result.
INDIVIDUAL_MARKERS = ("segretario generale", "obiettivi individuali", "obiettivo individuale di",
                      "obiettivi e risultati attesi", "obiettivi del direttore", "obiettivi del dirigente",
                      "obiettivi dirigente", "direttore generale", "obiettivi assegnati al", "obiettivi assegnati alla")

_YEAR = r"(?:19|20)\d{2}(?:\s?[-/]\s?(?:19|20)?\d{2})?"
_TRAILING_YEAR = re.compile(rf"\s*\(?{_YEAR}\)?$")
_LEADING_YEAR = re.compile(rf"^\(?{_YEAR}\)?\s+")
# normalised as headers are ('U.O.' and the wording 'u.o.' both 'u.o': found in a trial, the column
# 'U.O.' of an ASL budget sheet was not read and dividi had no one to split by)
# and as written ('U.O. competente', 'N. progressivo' go on after the dot: the wording with its dot
# is their prefix; found in review when only the stripped form was kept)
_WORDINGS = sorted(dict.fromkeys((form, role.id) for role in ROLES if role.id != "year" for w in role.wordings
                                 for form in (fold(w), fold(w).strip(" :.*"))),
                   key=lambda item: len(item[0]), reverse=True)
_SPLIT_WORD = re.compile(r"[\s/(:]")


def normalise_header(text: str | None) -> str:
    folded = fold(text) if text is not None else ""
    folded = _TRAILING_YEAR.sub("", folded)
    folded = _LEADING_YEAR.sub("", folded).strip(" :.*")  # 'Baseline*' with its footnote mark
    return folded


# wordings that name a role only with a year after them: 'Anno 2024' (a triennial plan's target
# columns 'Anno 2024 | Anno 2025 | Anno 2026'), never 'Anno' or 'Anno di riferimento'
_NEEDS_YEAR = {"anno"}
# a column saying which year each row is about (a triennial plan's rows 2024, 2025, 2026)
# (exactly these words, no year in them: 'Anno 2024' is a target column)
_YEAR_OF_ROW = frozenset(fold(w) for role in ROLES if role.id == "year" for w in role.wordings)


def match_role(text: str | None) -> str | None:
    """The role id whose wording the header text is, or begins with; None when unknown."""
    h = normalise_header(text)
    if not h:
        return None
    if h in _YEAR_OF_ROW and not header_years(text):
        return "year"
    role = _match_wording(h, text)
    if role == "info" and h.split()[0] == "stato" and header_years(text):
        return "baseline"  # 'Stato 2023', 'Stato al 31/12/2023': a value of a year, the year decides (review)
    if (role in ("target", "actual", "published") or (role is None and h.split()[0] in ("valore", "dato", "livello")))\
            and _PRIOR_YEAR.search(h):
        return "baseline"  # 'Target conseguito nell'esercizio precedente', 'Risultato anno precedente'
    if role == "target" and _LATER_YEAR.search(h):
        return "info"  # 'Target secondo anno': a later year of the triennium, not this year's
    return role


# a value of the year before ('esercizio precedente', 'anno n-1'); a later year of a triennium
# named by its position ('secondo anno', 'anno 3', 'anno n+1'): found in a trial, both were targets
_PRIOR_YEAR = re.compile(r"\b(?:anno|esercizio|annualita|periodo)\s+precedente\b|\banno\s+n\s?-\s?1\b")
_LATER_YEAR = re.compile(r"\b(?:second[oa]|terz[oa]|[23]\s?[°oa^])\s+anno\b|\banno\s+(?:[23]|n\s?\+\s?[12])\b")


def _match_wording(h: str, text: str | None) -> str | None:
    for wording, role in _WORDINGS:
        if h == wording or (h.startswith(wording) and _SPLIT_WORD.match(h, len(wording))) \
                or h.startswith(wording + "/"):
            if wording in _NEEDS_YEAR and not (h == wording and header_years(text)):
                continue  # 'Anno' alone is the year a row refers to, not its target (found in review)
            return role
    return None


def is_individual_header(text: str | None) -> bool:
    h = normalise_header(text)
    return any(h.startswith(m) or m in h for m in INDIVIDUAL_MARKERS)


def accepted_wordings(role_id: str) -> str:
    return ", ".join(f"'{w}'" for w in ROLE_BY_ID[role_id].wordings)


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "primo": 1, "secondo": 2, "terzo": 3, "quarto": 4,
          "quinto": 5, "sesto": 6}
_PERIOD_MONTHS = {"bimestre": 2, "trimestre": 3, "quadrimestre": 4, "semestre": 6}
_DAY_MONTH = re.compile(r"(?<!\d)([0-3]?\d)\s*[/.-]\s*([01]?\d)(?:\s*[/.-]\s*((?:19|20)?\d{2}))?(?!\d)")
_NTH = r"(i{1,3}|iv|vi?|primo|secondo|terzo|quarto|quinto|sesto|[1-6])\s*(?:o|°|º|\^)?"
_PART_OF_YEAR = re.compile(rf"(?<![a-z0-9]){_NTH}\s*(bimestre|trimestre|quadrimestre|semestre)\b"
                           rf"|\b(bimestre|trimestre|quadrimestre|semestre)\s*{_NTH}(?![a-z0-9])"
                           r"|\bq([1-4])\b|(?<![a-z0-9])([1-4])\s*q\b")


def part_of_year(folded: str) -> re.Match[str] | None:
    """The part of the year a (folded) header names: 'II semestre', 'primo trimestre', '2° semestre',
    'trimestre III', 'Q3', '3Q' (period_end gives its last month)."""
    return _PART_OF_YEAR.search(folded)


def period_length(part: re.Match[str]) -> int:
    """The months of the part of the year part_of_year found (3 for a quarter)."""
    return 3 if part.group(5) or part.group(6) else _PERIOD_MONTHS[part.group(2) or part.group(3)]


def period_end(part: re.Match[str]) -> int | None:
    """The last month of the part of the year part_of_year found; None when there is no such part
    ('V trimestre')."""
    if part.group(5) or part.group(6):
        n, months = int(part.group(5) or part.group(6)), 3
    else:
        nth = part.group(1) or part.group(4)
        n = int(nth) if nth.isdigit() else _ROMAN[nth]
        months = _PERIOD_MONTHS[part.group(2) or part.group(3)]
    return n * months if n * months <= 12 else None
YEAR_NOT_SAID = "l'anno del piano non è indicato"  # why a year's column is not read (layout; checks reads it)
_MONTH_NAMED = re.compile(r"(?<![a-z0-9])(?:([0-3]?\d)\s*°?\s+)?(" + "|".join(MONTHS) + "|" + MONTH_ABBREVIATION_PATTERN
                          + r")\.?(?:\s*[-/' ]?\s*((?:19|20)?\d{2})(?!\d))?(?![a-z])")
_INTERIM = re.compile(r"\b(?:intermedi[oa]|infrannuale|in itinere|parziale)\b")
_YEAR_END = re.compile(r"\b(?:finale|fine anno|annuale)\b")


def header_moment(text: str | None) -> tuple[int, int, int] | None:
    """The moment of the year a value column's header names, as (year or 0, month, day): 'Valore
    al 30/06' -> (0, 6, 30), 'Consuntivo al 31/12/2024' -> (2024, 12, 31), 'II semestre' ->
    (0, 12, 31), 'Monitoraggio intermedio' -> (0, 6, 30), 'finale' -> (0, 12, 31); None when it
    names none (two actual columns of one table are then told apart otherwise)."""
    folded = fold(text) if text is not None else ""
    found = _DAY_MONTH.search(folded)
    if found is not None:
        day, month = int(found.group(1)), int(found.group(2))
        year = found.group(3)
        if 1 <= day <= 31 and 1 <= month <= 12:
            return (0 if year is None else int(year) if len(year) == 4 else 2000 + int(year), month, day)
    # of a span ('gennaio-giugno 2025', 'periodo gennaio-dicembre') the last month (found in review: the
    # first was taken, and a year's values read as January's)
    named = next(reversed([m for m in _MONTH_NAMED.finditer(folded)
                           if m.group(1) or m.group(3) or len(m.group(2)) > 4]), None)
    if named is not None:
        # 'al 30 giugno 2025', 'giugno 2025', 'GIU-25', 'dicembre': a month alone is its last day;
        # an abbreviation counts only with a day or a year ('mar' alone is not March)
        month = MONTH_ABBREVIATIONS[named.group(2)[:3]]  # ('settembre'[:3] is 'set')
        last = calendar.monthrange(2001, month)[1]  # (February of a common year: 28)
        day = int(named.group(1)) if named.group(1) else last
        year = named.group(3)
        if 1 <= day <= 31:
            return (0 if year is None else int(year) if len(year) == 4 else 2000 + int(year), month, day)
    part = part_of_year(folded)
    end = period_end(part) if part is not None else None
    if end is not None:
        years = header_years(folded)
        return (years[0] if len(years) == 1 else 0, end, 30 if end in (4, 6, 9) else 31)
    if _INTERIM.search(folded):
        return (0, 6, 30)
    if _YEAR_END.search(folded):
        return (0, 12, 31)
    return None


def header_years(text: str | None) -> list[int]:
    """The years a header names ('Target 2018' -> [2018], 'Consuntivo al 31.12.2021' -> [2021],
    'a.a. 2016/2017' -> [2016, 2017])."""
    folded = fold(text) if text is not None else ""
    years = [int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", folded)]
    for short in re.findall(r"(?<!\d)(?:19|20)\d{2}\s?/\s?(\d{2})(?!\d)", folded):
        years.append(2000 + int(short))
    return sorted(set(years))
