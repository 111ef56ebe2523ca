"""Reading the target of an indicator from what its cell holds (free Italian text, a number,
a date, a boolean) into a structured :class:`Target`.

Reading rules (what plans write, see docs/domain.md "How targets are written"):

* **Empty and placeholders.** ``None``, ``""`` or blanks -> kind ``"empty"``. "Kpi non
  definito", "KPI da definire", "n.d.", "nd", "N/D", "n.a.", "non applicabile", "tbd",
  "-", "--", "—", "/" -> kind ``"placeholder"`` (rows to skip, not to score).
* **Values.** A number with a comparator -> kind ``"value"``. Comparators are symbolic
  (``>=``, ``=>``, ``≥``, ``<=``, ``=<``, ``≤``, ``>``, ``<``, ``=``) or verbal ("maggiore o
  uguale a", "non inferiore a", "almeno", "minimo", "pari o superiore a" -> ``>=``;
  "superiore a", "più di", "oltre" -> ``>``; "minore o uguale a", "non superiore a", "al
  massimo", "massimo", "entro il limite di", "fino a" -> ``<=``; "inferiore a", "meno di" ->
  ``<``; "uguale a", "pari a" -> ``=``). "entro" before a number that is not a year means
  ``<=`` ("entro 30 gg"). **A bare number** ("100,00%", "4,00", a numeric cell) is read
  as ``>=``, the usual reading of a target in a plan; it is not flagged as uncertain.
* **Ranges.** "compreso fra 80,00% e 90,00%", "tra 80 e 90", "da 80 a 90", "80% - 90%"
  -> kind ``"range"``, comparator ``"range"``, ``value`` low and ``value_high`` high.
* **Numbers** are Italian: decimal comma ("11,78"), a dot before exactly three digits is a
  thousands separator (">= 2.355" is 2355, "1.234.567,5"), otherwise a dot is a decimal
  point ("2.5"). Number words are read too ("almeno cinque", "due", "ventuno", "cento");
  "un"/"una"/"uno" only right after a comparator ("almeno un evento"), since elsewhere they
  are articles.
* **Units.** "%", "per cento" -> ``"percent"`` (value in points: 90% -> 90.0; a numeric
  cell formatted as % holds 0,9 for 90%); "la metà", "tre quarti" are shares in percent;
  "€", "euro" -> ``"euro"``; "gg", "gg.", "giorni" -> ``"days"``; "26'", "min", "minuti" ->
  ``"minutes"``; "ore", "h" -> ``"hours"``; "mesi", "settimane" -> ``"months"``,
  ``"weeks"``; "n." before the number or a noun after it ("5 pratiche", "due nuovi
  Progetti") -> ``"count"``; otherwise the ``unit_hint`` (or ``None``). With
  ``unit_hint="percent"`` a number without "%" between 0 and 1.5 is a fraction ("0,9" ->
  90.0). A unit in the text that differs from the hint is flagged. Magnitudes multiply:
  "10 mila", "2 milioni di euro", "1,5 mld", "9M€", "500 k€".
* **Times.** A time written without a comparator ("30 gg.", "26'", "entro 2 mesi" with no
  event to count from, or a bare number for an indicator that speaks of a time, see
  ``speaks_of_time``) is a maximum ("<="), with ``implied`` saying so; the office can make
  it a minimum (``time_max=False``, setting 'Tempo senza confronto').
* **Per-period targets.** "per trimestre", "al mese", "ogni semestre", "trimestrale",
  "quadrimestrali", "annuo" set ``per_period`` and ``periods_per_year``. Note the two
  readings of ``value``: with "per/al/ogni <period>" ("almeno 10 pagine per trimestre")
  the value is per period; with a periodic adjective on the counted noun ("Tre report
  quadrimestrali") the value counts the periodic items over the year (3 = one per
  four-month period).
* **Deadlines** -> kind ``"deadline"``, comparator ``"<="``: "entro il 30 aprile 2018",
  "30/06/2018", "31.12.2020", "2018-06-30", "entro dicembre 2018" and "giugno 2018" (last
  day of the month), "entro 2018" / "entro il 2018" / "fine 2018" (31 December), "primo
  semestre 2018" (end of the period), a date cell. Without a year ("entro dicembre", "entro
  il 30 aprile", "entro fine anno") the plan's ``year`` is used; without it the target is
  uncertain. A deadline relative to an event ("entro quattro mesi dalla mappatura") has no
  date and is uncertain. "entro N giorni" is a duration (``<=`` N days), not a deadline. A
  deadline next to a value ("almeno cinque (entro dicembre 2018)") is kept in ``deadline``
  of the value target.
* **Milestones** -> kind ``"milestone"`` (comparator ``None``): "SI", "Sì", "SI/NO", "On",
  "On/Off", "realizzato", "fatto", ``True`` -> expected ``True``; "NO", "Off", "non
  realizzato", ``False`` -> ``False``. The whole text must be the milestone word(s), with
  at most a deadline ("SI entro il 30/06/2018").
* **Prior-year baselines** -> kind ``"baseline"``: a comparator followed by a measure and
  a year ("maggiore o uguale ai procedimenti massivi 2017": ``>=``, ``baseline_year``
  2017, ``reference`` "procedimenti massivi"), "rispetto al 2017", "anno precedente",
  "anno t-1" (``baseline_year`` = ``year`` - 1 when the year is known). Without a
  comparator: ``>`` after "aumento/incremento", ``<`` after "riduzione/diminuzione",
  otherwise ``>=``. A ratio "anno t / anno t-1 >= 1,00" keeps the value 1.0.
* **References to another measure** -> kind ``"reference"``: a comparator followed by
  words ("uguale a numero procedimenti di cancellazione avviati": ``=``, ``reference`` as
  written in the cell).
* **Multi-year cells** ("Anno 2015: 10 Anno 2016: 12"): the segment of ``year`` is read;
  without ``year``, or when the year is missing, the target is uncertain.
* **Never guess silently.** Whatever cannot be placed (two values, two comparators, two
  dates, a number or symbol not read, a year in the text other than the plan's) makes the
  target ``uncertain`` with an Italian reason saying what to do; anything not understood
  at all is kind ``"unknown"``. Years mentioned in prose ("dell'annualità 2018") are
  context, not values. Formula text ("=A1*2") is never evaluated.

:func:`parse_target` never raises and does not evaluate anything.
"""

from __future__ import annotations

import datetime
import math
import numbers
import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache

from .period import MONTH_ABBREVIATION_PATTERN, MONTH_ABBREVIATIONS, last_day
from .settings import parse_number
from .text import fmt, fold

__all__ = ["KINDS", "UNITS", "TIME_UNITS", "PERIODS", "Target", "parse_target", "speaks_of_time", "is_percent_format"]

KINDS = ("value", "range", "deadline", "milestone", "baseline", "reference", "placeholder", "empty", "unknown")
UNITS = ("percent", "days", "euro", "count", "minutes", "hours", "months", "weeks")
# units of time: a bare "30 gg." or "26'" is a maximum (a time to keep within), see parse_target
TIME_UNITS = frozenset({"days", "minutes", "hours", "months", "weeks"})
PERIODS = {"mese": 12, "bimestre": 6, "trimestre": 4, "quadrimestre": 3, "semestre": 2, "anno": 1}
MAX_LENGTH = 2000  # longer cells are not targets: flagged rather than read


@dataclass(frozen=True)
class Target:
    text: str  # the original text, unchanged (str(raw) for numbers/dates)
    kind: str  # one of KINDS
    comparator: str | None = None  # ">=", "<=", "=", ">", "<", or "range"
    value: float | None = None  # the number; for percent, in points (90% -> 90.0)
    value_high: float | None = None  # upper bound for kind "range"
    unit: str | None = None  # "percent", "days", "euro", "count", or None
    deadline: datetime.date | None = None
    milestone: bool | None = None
    baseline_year: int | None = None
    reference: str | None = None
    per_period: str | None = None
    periods_per_year: int | None = None
    uncertain: bool = False  # True = "da verificare"
    reasons: tuple[str, ...] = ()  # Italian, one short sentence each
    percent_written: bool = False  # the cell itself says % (typed "%", or a %-formatted number)
    implied: str | None = None  # Italian: how a comparator that is not written was read
    comparator_written: bool = False  # the text has a comparator (">= 5", "almeno 5", "entro 30 gg")
    from_text: bool = False  # read from the indicator's own text: the table has no target column
    deadline_from_text: bool = False  # a SI's deadline read from the indicator's text (resolve._with_text_deadline)
    scale: float | None = None  # the top of the scale of a mark ('>= 3,5/5': 5): an actual off it is asked
    # a plain number of at most 1,5 where the unit says %, read as a fraction (0,9 -> 90%): the
    # actual may say it was points ('<= 1,5' beside 1,8 is 1,5%), values.reconcile decides
    hint_fraction: bool = False
    # the magnitude the cell gives its number itself ('450 mila', '2 milioni', a format in thousands)
    magnitude: float | None = None

    @property
    def higher_is_better(self) -> bool | None:
        if self.comparator in (">=", ">"):
            return True
        if self.comparator in ("<=", "<"):
            return False
        return None

    @property
    def scorable(self) -> bool:
        return self.kind not in ("empty", "placeholder", "unknown") and not self.uncertain

    @property
    def is_rate(self) -> bool:
        """True for 'almeno 10 pagine per trimestre' (10 each quarter: 40 in the year); False for
        'tre report quadrimestrali', where the value already counts the year's reports."""
        # a rate in brackets only ('almeno 12 (una al mese)') explains the total; one in the text
        # itself ('12 ispezioni al mese (una per distretto)') is the rate (found in review)
        outside = _BRACKETS.sub(" ", fold(self.text))
        return bool(self.per_period and self.periods_per_year and self.periods_per_year > 1
                    and _RATE.search(outside))


# --------------------------------------------------------------------------- reasons (Italian)

_UNIT_NAMES = {"percent": "percentuale", "days": "giorni", "euro": "euro", "count": "numero", "minutes": "minuti",
               "hours": "ore", "months": "mesi", "weeks": "settimane"}

R_UNKNOWN = "testo del target non interpretato: '{q}'; scriverlo ad es. come '>= 90%', 'entro il 31/12/{y}' o 'SI'"
R_RATE_TOTAL = ("il totale {n} e il ritmo '{q}' non tornano (nell'anno fanno {t}): scrivere il totale dell'anno "
                "oppure il ritmo ('almeno 1 al mese')")
R_TOO_LONG = "testo troppo lungo per un target ({n} caratteri): scrivere solo il target"
R_FORMULA = "il target è una formula Excel non calcolata ('{q}'): scrivere il valore"
R_NOT_A_NUMBER = "valore numerico non valido ('{q}'): scrivere un numero"
R_INTERNAL = "lettura del target non riuscita: verificare il testo e segnalarlo"
R_RELATIVE = "scadenza relativa a un evento ('{q}'): indicare la data"
R_RELATIVE_BARE = "scadenza relativa ('{q}'): indicare la data"
R_ENTRO_NO_DATE = "scadenza non riconosciuta ('{q}'): indicare la data, es. 'entro il 31/12/{y}'"
R_NEEDS_YEAR = "manca l'anno della scadenza ('{q}'): indicare la data completa o l'anno del piano"
R_BAD_DATE = "data non valida ('{q}'): correggere la data"
R_MANY_DATES = "più scadenze nel target ({q}): indicarne una sola"
R_MANY_VALUES = "più valori nel target ({q}): indicarne uno solo"
R_MANY_COMPARATORS = "più confronti nel target ({q}): indicarne uno solo"
R_NO_OPERAND = "confronto '{q}' senza valore: scrivere il target come '>= 90%'"
R_DATE_COMPARATOR = "confronto '{q}' con una data: per una scadenza scrivere 'entro il ...'"
R_UNREAD_NUMBER = "numero non letto ('{q}'): scrivere il numero come '1.234,5'"
R_UNREAD_SYMBOL = "simbolo non interpretato ('{q}'): scrivere il target come '>= 90%'"
R_UNIT_CONFLICT = "unità del target ({u}) diversa da quella della colonna ({h}): verificare"
R_RANGE_UNITS = "unità diverse negli estremi dell'intervallo ('{q}'): usare la stessa unità"
R_RANGE_SWAPPED = "estremi dell'intervallo invertiti ('{q}'): scrivere prima il valore minore"
R_RANGE_COMPARATOR = "confronto e intervallo insieme ('{q}'): scrivere solo l'intervallo"
R_MANY_PERIODS = "più periodi nel target ({q}): indicarne uno solo"
R_CHANGE_NO_PERCENT = ("variazione senza '%' ('{q}'): scrivere ad es. '+5%' per un aumento del 5%, oppure il valore "
                       "da raggiungere")
R_POINTS_CHANGE = ("variazione in punti percentuali ('{q}'): scrivere il valore da raggiungere (es. '<= 35%' "
                   "per 5 punti in meno del 40%)")
R_SPACED_MINUS = ("trattino staccato dal numero ('{q}'): per una riduzione scrivere il segno attaccato ('-10%' o "
                  "'riduzione del 10% rispetto al 2023'), altrimenti il valore senza trattino")
_SPACED_MINUS = re.compile(r"\s*[-−–]\s+\d+(?:[.,]\d+)?\s*%\s*")
R_CHANGE = "variazione senza valore di partenza ('{q}'): indicare il valore da raggiungere o l'anno di confronto"
R_BASELINE_VALUE = ("valore e anno precedente insieme ('{q}'): per una variazione scrivere ad es. '+10% rispetto al "
                    "2023' o 'riduzione del 10% rispetto al 2023', altrimenti il valore da raggiungere")
R_BASELINE_YEAR = "l'anno di confronto ({b}) non precede l'anno del piano ({y}): verificare"
R_PROSE_YEAR = "anno {n} nel testo diverso dall'anno del piano ({y}): verificare"
R_YEARS_NO_PLAN_YEAR = "target con più anni ({q}): indicare l'anno del piano"
R_YEAR_NOT_CONFIRMED = "target riferito all'anno {q}: indicare l'anno del piano per confermarlo"
R_YEAR_MISSING = "nessun target per l'anno {y} (anni presenti: {q})"
R_YEAR_TWICE = "l'anno {q} compare due volte nel target: lasciarne uno"
R_KEEP_IMPLIED = "'mantenimento' è letto come '{c}' del valore dell'anno precedente"
# last year's value to keep: 'mantenimento', 'mantenimento del livello 2023', 'mantenimento dei valori'
# ('mantenimento livello 2024', without 'del': found in a trial of Comuni, asked)
_KEEP = re.compile(r"mantenimento(?:\s+(?:(?:del|dello|della|dei|degli|delle)\s+)?(?:livell[oi]|valor[ei]|risultat[oi]|dat[oi])"
                   # 'mantenimento del valore di partenza', '... della baseline': the starting value, kept which
                   # way the indicator goes (found in review: read as '>=' of a time in days)
                   r"(?:\s+(?:di\s+)?(?:partenza|iniziale|base))?"
                   r"(?:\s+(?:del|dell'|dell)?\s*(?:anno\s+)?((?:19|20)\d{2}))?"
                   r"|\s+(?:della\s+|di\s+)?base\s?-?line|\s+(?:del\s+)?valore\s+(?:di\s+)?(?:partenza|iniziale|base))?\s*\.?")
R_NONE_IMPLIED = "'nessuno' è letto come '<= 0'"
# a target that says none at all: 'nessun reclamo', 'nessuna segnalazione fondata', 'zero infortuni'
_NONE = re.compile(r"(?:nessun[oa]?|zero)\s+[a-z'][a-z' ,.-]*")
_ANY_HALF = re.compile(r"\be\s+mezz[oa]\b")
_AFTER_A_TIME = re.compile(r"(?:\b|(?<=\d))(?:giorn[oi]|gg\.?|or[ae]|h|minut[oi]|min\.?|mes[ei]|settiman[ae])"
                           r"(?:\s+(?:lavorativ[oi]|natural[ei]|solar[ei]|di calendario))?\s*$")
R_WITHDRAWN = ("il target dice '{w}' ('{q}'): se il risultato non va valutato, scrivere 'N.A.' nel target (resta fuori "
               "dal calcolo e il suo peso va agli altri) o toglierlo dalla tabella; se va valutato, scrivere solo il target")
R_PLACEHOLDER_FIGURE = ("'{q}' dice che il target non è definito e dà anche un valore: scrivere il target (es. '>= 80%'), "
                        "o 'N.A.' da solo se il risultato non va valutato")
R_ACT_NUMBER = ("in '{q}' l'unico numero è quello di un atto o di un rinvio ('{a}'), non un target: scrivere il target "
                "(es. '>= 90%'), o 'N.A.' se il risultato non va valutato")
R_HALF = "'{q}': 'e mezzo' si legge solo dopo un tempo ('2 mesi e mezzo'); scrivere il numero con i decimali"
R_MAGNITUDE_UNREAD = ("'{q}': la grandezza ('M', 'k') non si legge con sicurezza (milioni? metri?): scrivere ad es. "
                      "'{n} milioni' o '{n} M€'")
R_POLARITY_IMPLIED = "un numero senza confronto è letto come '{c}' per la polarità dell'indicatore"
R_POLARITY_CONFLICT = ("'{q}' chiede {change}, ma la polarità dell'indicatore dice che è meglio {better}: "
                       "scrivere il valore da raggiungere, preceduto da '>=' o '<='")
R_TIME_IMPLIED = "un tempo (o un costo) scritto senza confronto è letto come massimo ('<=')"
R_TIME_IMPLIED_MIN = "un tempo (o un costo) scritto senza confronto è letto come minimo ('>='), come da Impostazioni"
R_DIRECTION_UNDECIDED = ("'{q}' è scritto senza confronto, e l'indicatore misura qualcosa che può essere da "
                         "contenere (emissioni, assenze, errori, consumi) o da raggiungere (emissioni evitate, "
                         "controlli): scrivere '<= {q}' oppure '>= {q}'")
R_ZERO_UNDECIDED = ("'{q}' è scritto senza confronto: come minimo ('>= 0') è rispettato da qualunque valore; "
                    "se vuol dire 'nessuno', scrivere '<= 0' (o '= 0')")
R_COST_UNDECIDED = ("'{q}' è un importo senza confronto per un indicatore che parla di costi: può essere un "
                    "tetto di spesa o un valore da raggiungere (risparmi, entrate): scrivere '<= {q}' oppure '>= {q}'")
R_TIME_UNDECIDED = ("'{q}' è un tempo senza confronto, e l'indicatore non dice se è da non superare (un tempo "
                    "di attesa) o da raggiungere (ore di formazione): scrivere '<= {q}' oppure '>= {q}'")


def _q(text: str, limit: int = 60) -> str:
    """A fragment of the cell to quote in a reason: one line, at most `limit` characters."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# --------------------------------------------------------------------------- vocabulary

_MONTHS = {
    "gennaio": 1, "febbraio": 2, "marzo": 3, "aprile": 4, "maggio": 5, "giugno": 6,
    "luglio": 7, "agosto": 8, "settembre": 9, "ottobre": 10, "novembre": 11, "dicembre": 12,
}
_MONTH_ABBR = MONTH_ABBREVIATIONS
_ORDINALS = {
    "primo": 1, "prima": 1, "i": 1, "secondo": 2, "seconda": 2, "ii": 2, "terzo": 3, "terza": 3,
    "iii": 3, "quarto": 4, "quarta": 4, "iv": 4, "quinto": 5, "v": 5, "sesto": 6, "vi": 6,
}
_PERIOD_MONTHS = {"bimestre": 2, "trimestre": 3, "quadrimestre": 4, "semestre": 6}
_PERIOD_ADJECTIVES = {
    "mensil": "mese", "bimestral": "bimestre", "trimestral": "trimestre",
    "quadrimestral": "quadrimestre", "semestral": "semestre", "annual": "anno", "annu": "anno",
}


def _number_words() -> dict[str, int]:
    units = ["zero", "uno", "due", "tre", "quattro", "cinque", "sei", "sette", "otto", "nove", "dieci",
             "undici", "dodici", "tredici", "quattordici", "quindici", "sedici", "diciassette",
             "diciotto", "diciannove"]
    words = {word: n for n, word in enumerate(units)}
    tens = {20: "venti", 30: "trenta", 40: "quaranta", 50: "cinquanta", 60: "sessanta",
            70: "settanta", 80: "ottanta", 90: "novanta"}
    for base, stem in tens.items():
        words[stem] = base
        for unit in range(1, 10):
            # "venti" + "uno" -> "ventuno", "trenta" + "otto" -> "trentotto"
            prefix = stem[:-1] if unit in (1, 8) else stem
            words[prefix + units[unit]] = base + unit
    words["cento"] = 100
    for n in range(2, 10):
        words[units[n] + "cento"] = n * 100
        words[units[n] + "mila"] = n * 1000
    words["mille"] = 1000
    words["diecimila"] = 10000
    words["un"] = words["una"] = 1
    return words


_NUMBER_WORDS = _number_words()
_ARTICLE_NUMBERS = frozenset({"un", "una", "uno"})  # numbers only right after a comparator

# words skipped between a comparator and its operand, and trimmed from a reference
_FILLERS = frozenset(
    "a ad al allo alla ai agli alle all d di del dello della dei degli delle dell il lo la i gli le l "
    "da dal dallo dalla dai dagli dalle dall quello quella quelli quelle".split())
# fillers right before a year that make it a prior-year baseline ("superiore al 2017")
_YEAR_ARTICLES = frozenset("al all del dell dal dall nel nell il l quello quella quelli quelle".split())
_QUOTES = frozenset("'\"«»“”‘`")
# characters that may sit inside a reference ("numero pratiche d'ufficio")
_REFERENCE_JOINERS = _QUOTES | {"-", "/", "&", "_"}
# punctuation that never changes the reading of a target
_HARMLESS = frozenset("()[]{};:,.!?\"'«»“”‘`-–—/\\|…*•·_#&+") | {"°"}
# words after a number that do not make it a count ("cinque (entro ...)", "10 al mese")
_NOT_NOUNS = _FILLERS | frozenset(
    "e ed o od oppure per su sul sullo sulla sui sugli sulle in nel nello nella nei negli nelle con tra "
    "fra entro rispetto circa almeno che come se non anche ogni ciascun ciascuna ciascuno annui annue "
    "annuo annua complessivi complessive totali x".split())
# nouns of measure after a number: not a count, and not a unit this module knows
_MEASURE_WORDS = frozenset("ore ora minuti minuto mesi mese settimane settimana anni anno punti punto volte "
                           "kg km mq".split())

_RATE = re.compile(r"\b(?:per|al|all'|ogni|a|ciascun[oa]?)\s*(?:mese|bimestre|trimestre|quadrimestre|semestre)\b")
# 'almeno 12 (una al mese)': the rate in brackets explains the year's total, which is not multiplied
# again (found in a trial: 12 became 144 and 12 done scored 8,33%)
_EXPLAINED_RATE = re.compile(r"\(\s*(?:almeno\s+|circa\s+)?(un[oa]?|\d+|due|tre|quattro|cinque|sei)\s+[^()]*?"
                             r"\b(?:per|al|all'|ogni|a|ciascun[oa]?)\s*(mese|bimestre|trimestre|quadrimestre|semestre)\b[^()]*\)")
_FEW = {"un": 1, "uno": 1, "una": 1, "due": 2, "tre": 3, "quattro": 4, "cinque": 5, "sei": 6}
_BRACKETS = re.compile(r"\([^()]*\)")
_MILESTONE_TRUE = re.compile(
    r"(?:si|on)(?: (?:no|off))?|realizzat[oaie]|fatt[oaie]|completat[oaie]|conclus[oaie]|"
    r"raggiunt[oaie]|attivat[oaie]|adottat[oaie]|approvat[oaie]|eseguit[oaie]|"
    # the act to be done, as ASL and Comuni write it: 'Realizzazione', 'Adozione del documento'
    # (found in a trial: asked, and the objective and its line with it)
    r"(?:realizzazione|adozione|approvazione|attivazione|completamento|conclusione|pubblicazione)"
    r"(?: [a-z']+){0,4}")
_MILESTONE_FALSE = re.compile(r"no|off|non (?:realizzat[oaie]|fatt[oaie]|completat[oaie]|raggiunt[oaie])")

_PLACEHOLDER = re.compile(
    r"(?:(?:kpi|target|indicatore|valore|obiettivo|dato)\s+)?"
    # 'non rilevato', as Relazioni write a figure not measured (found in a second probe: an error)
    r"(?:non\s+(?:definit[oaie]|previst[oaie]|applicabile|disponibile|pertinente|rilevabile|rilevat[oaie])"
    r"|da\s+(?:definire|individuare|stabilire|determinare))"
    r"|n\s*[./]?\s*[dap]\s*\.?"  # n.d., nd, N/D, n.a., n/a, n.p.
    r"|na|tbd|tbc"
    r"|[-–—―_/.…\s]*[-–—―_/…][-–—―_/.…\s]*")  # "-", "--", "—", "/", "..."



# a remark after a word that stands for the value: 'N.A. (DGC 45/2025)', 'n.d. - dato in attesa'
_REMARK = r"\s*(?:\([^()]*\)|[-–—:;,]\s+\S.*)"
_REMARKED_TEXT = re.compile(rf"(.+?){_REMARK}")  # (asked of every actual written as text: compiled once)


def with_remark(pattern: re.Pattern, folded: str, quiet: bool = False) -> bool:
    """Whether a folded text is the words of `pattern`, alone or followed by a remark in brackets or
    after a dash, colon or comma ('N.A. (DGC 45/2025)'): the remark's numbers are not the value
    (found in a trial: the act's number was read as the target and the actual). `quiet`: only a
    remark without a figure of its own (an act's number is not one): 'in corso (raggiunto il 40%)'
    answers in part."""
    if pattern.fullmatch(folded):
        return True
    head = _REMARKED_TEXT.match(folded)
    if head is None or pattern.fullmatch(head.group(1).strip()) is None:
        return False
    remark = _DATES_AND_YEARS.sub(" ", folded[head.end(1):])  # ('dati ISTAT 2025', 'dal 31/03': no figure, review)
    return not quiet or not any(ch.isdigit() for ch in remark) or act_numbers_only(remark) is not None


_DATES_AND_YEARS = re.compile(r"\b\d{1,2}[./-]\d{1,2}(?:[./-]\d{2,4})?\b|\b(?:19|20)\d{2}\b")


# (not 'n.p.': 'non pervenuto' as often as 'non pertinente', found in review)
_NOT_APPLICABLE = re.compile(r"non\s+(?:applicabile|pertinente)|n\s*[./]?\s*a\s*\.?|na")


def is_not_applicable(raw) -> bool:
    """A cell that says its result does not apply ('N.A.', 'non applicabile', 'non pertinente'), with a
    remark too: not a figure missing, which 'Dato mancante' = zero counts as 0 (found in a trial)."""
    return isinstance(raw, str) and bool(raw.strip()) and with_remark(_NOT_APPLICABLE, fold(raw).strip(), quiet=True)


def is_not_available(raw) -> bool:
    """A cell that says its value is not there: 'n.d.', '-', 'non disponibile', 'da definire', with
    a remark too ('N.A. (DGC 45/2025)')."""
    return isinstance(raw, str) and bool(raw.strip()) and with_remark(_PLACEHOLDER, fold(raw).strip(), quiet=True)


# an item taken out of the plan or of its assessment, as offices write it (found in three trials: the act's
# number beside it read as the target or the actual; a note, a status column, a title saying it unread). Only
# where the words are said of the item (found in review: 'Crediti stralciati per 1,2 mln', '100% crediti
# stralciati', 'Provvedimenti (annullati in autotutela)', 'N.V. = nucleo di valutazione' were asked):
# - at the head of a cell or a note ('stralciato (delibera n. 45)', 'Neutralizzato', 'non valutabile', 'N.V.' in
#   a cell), after the item's name ('obiettivo stralciato', "l'indicatore è stato sostituito da 2.3"),
# - or alone in brackets or after a final dash ('>= 100 (sterilizzato)', '... - STRALCIATO', '[stralciato]').
_STRONG = r"stralciat[oaie]|neutralizzat[oaie]|sterilizzat[oaie]"
_ONE = r"stralciat[oa]|neutralizzat[oa]|sterilizzat[oa]"  # said of one item ('Stralciati 120 crediti' is not)
_NOUN = r"neutralizzazione|sterilizzazione|stralcio\s+(?:dell'|del|della)\s*(?:obiettivo|indicatore|risultato)"
_ALL = _STRONG + r"|soppress[oaie]|annullat[oaie]|eliminat[oaie]|sostituit[oaie]"
_ITEM = r"(?:l'\s*|il\s+|lo\s+)?(?:obiettivo|indicatore|risultato|target|kpi|azione)"
# what may open a note before the word: an act ('Con delibera 45 stralciato', 'Giusta DGC 45/2025: stralciato')
_BY_ACT = r"(?:(?:con|giusta|vista|visto|come\s+da|in\s+base\s+a(?:lla|l)?|per)\b[^:;,]{0,50}?[:;,]?\s+)?"
# an act or a reason after the word ('stralciato con DGC 45', 'stralciato in sede di rimodulazione')
_REMARKED = (r"(?:\s*[,;:–—-]?\s*(?:con|in\s+sede|ai\s+sensi|causa|per|giusta|dal|dalla|da|dgc|dgr|dg|dcc|delibera\w*|"
             r"determina\w*|decreto|atto|nota|verbale|n\.?)\b[^\[\]()]*)?")
_HEAD = re.compile(rf"^\W*{_BY_ACT}(?:{_ITEM}\s+(?:e\s+stat[oaie]\s+|viene\s+|risulta\s+)?)?"
                   rf"(?:(?:{_ONE}|{_NOUN})\b(?!\s+(?:l'|il|lo|la|i|gli|le|un|una|uno)\b)|non\s+(?:piu\s+)?valutabil[ei]\b|"
                   rf"sostituit[oaie]\s+(?:da|dal|dall'|dalla|dallo|con)\b|"
                   rf"(?:eliminat|soppress)[oaie]\s+(?:in\s+sede\s+di|con\s+la|dalla)\s+(?:rimodulazione|revisione)\b)")
_NV = re.compile(r"^\W*n\s?\.\s?v\s?\.?(?![\w.])")  # 'N.V.' (non valutabile): in a cell
_NV_ALONE = re.compile(r"^\W*n\s?\.?\s?v\s?\.?\W*$")  # ... and a note that is only that ('N.V. = nucleo ...' is not)
_NAMED = re.compile(rf"\b{_ITEM}\s+(?:e\s+stat[oaie]\s+|viene\s+)?(?:{_ALL})\b")
_NAMED_STRONG = re.compile(rf"\b{_ITEM}\s+(?:e\s+stat[oaie]\s+|viene\s+)?(?:{_STRONG}|soppress[oa])\b")
_MARKED = re.compile(rf"[\[(]\s*(?:{_ITEM}\s+)?(?:(?:{_ONE}){_REMARKED}|(?:{_STRONG})\s*(?:[,;:–—-][^\[\]()\d]*\d[^\[\]()]*)?|"
                     rf"soppress[oa]|annullat[oa]|eliminat[oa])\s*[\])]|"
                     rf"(?:^|\s)[-–—]\s*(?:{_ITEM}\s+)?(?:(?:{_ONE}){_REMARKED}|{_STRONG})\W*$")
# a title that opens, after its number, with the word in capitals ('4. STRALCIATO - Archivio')
_CAPITAL_HEAD = re.compile(r"^\W*(?:[\w.]*\d[\w.]*[.)]?\s*[-–—]?\s*)?(?:STRALCIAT[OA]|NEUTRALIZZAT[OA]|STERILIZZAT[OA])\b")
_WITHDRAWN_HINT = ("stralci", "neutraliz", "sterili", "valutabil", "soppress", "annullat", "eliminat", "sostitu", "n.v",
                   "n. v", "nv")
CELL, NOTE, TITLE = "cell", "note", "title"  # where a text is (withdrawn_word)


def withdrawn_word(text, where: str = CELL) -> str | None:
    """The words by which a cell (a target, an actual, the office's status), a NOTE (a note, a comment) or
    a TITLE (an indicator's, an objective's) says its item is withdrawn or not assessed, or None."""
    return _withdrawn(str(text), where) if text else None


@lru_cache(maxsize=16384)  # (an objective's title is asked for each of its results)
def _withdrawn(text: str, where: str) -> str | None:
    if not any(hint in text.lower() for hint in _WITHDRAWN_HINT):  # (before folding: a long note costs its fold)
        return None
    folded = fold(text)
    if where == TITLE:
        capital = _CAPITAL_HEAD.search(text) if not text.isupper() else None
        found = capital or _NAMED_STRONG.search(folded) or _MARKED.search(folded)
    else:
        found = _HEAD.search(folded) or (_NV.search(folded) if where == CELL else _NV_ALONE.search(folded)) or \
            _NAMED.search(folded) or _MARKED.search(folded)
    if found is None:
        return None
    word = _KEYWORD.search(fold(found.group(0)))  # the word itself, for the messages ('stralciato')
    return word.group(0) if word is not None else found.group(0).strip(" -–—[]()")


_KEYWORD = re.compile(rf"{_NOUN}|(?:{_ITEM}\s+(?:e\s+stat[oaie]\s+|viene\s+)?)?(?:sostituit[oaie]\s+(?:da|dal|con)\b|{_ALL})|"
                      r"non\s+(?:piu\s+)?valutabil[ei]|n\s?\.?\s?v\b\.?")


def marked_withdrawn(title) -> str | None:
    """The mark by which a title says its item is withdrawn ('... - STRALCIATO'), or None."""
    return withdrawn_word(title, TITLE)


STRUCK = "testo barrato"  # the word of Result.withdrawn for a cell struck through (read.table)
# a revision said in a note ('target rimodulato a >= 80%', 'scadenza prorogata al 31/10'): the cells still
# hold what the calculation reads (found in a trial: read without a word); not 'prorogata la convenzione' (review)
_REVISED = re.compile(r"\b(?:rimodulat[oaie]|rimodulazione|"
                      r"(?:target|valore atteso|peso|scadenza|termine|data)\s+(?:e\s+stat[oaie]\s+)?"
                      r"(?:modificat|rivist|aggiornat|cambiat|spostat|prorogat|rinviat|differit|corrett|rettificat)\w*|"
                      r"(?:prorogat|rinviat|differit|spostat)\w*\s+(?:al|a|fino\s+al|entro\s+il)\s+\d|"
                      r"nuov[oa]\s+(?:target|termine|peso|scadenza|valore atteso))\b")


# what a revised column says of a row not revised: '-', '=', 'invariato', 'confermato', 'idem'
_UNCHANGED = re.compile(r"[-–—=/.…\s]*|idem|invariat[oaie]|confermat[oaie]|come\s+(?:sopra|prima)|"
                        r"nessuna\s+(?:variazione|modifica|rimodulazione)|non\s+(?:rimodulat|modificat|variat)\w*|"
                        r"(?:target|valore|peso)?\s*(?:invariat[oaie]|confermat[oaie])")


def says_unchanged(raw) -> bool:
    """A cell of a revised column ('Target rimodulato') that says its row was not revised."""
    return raw is None or (isinstance(raw, str) and _UNCHANGED.fullmatch(fold(raw).strip()) is not None)


_REVISED_HINT = ("rimodul", "prorog", "rinvi", "differ", "spostat", "posticip", "nuov", "modific", "rivist", "aggiornat",
                 "cambiat", "corrett", "rettific")


def revision_word(text) -> str | None:
    """The words by which a note says a target, weight or deadline was revised, or None."""
    if not text or not any(hint in str(text).lower() for hint in _REVISED_HINT):  # (a long note costs its fold)
        return None
    found = _REVISED.search(fold(str(text)))
    return found.group(0) if found is not None else None


# an act or a reference and its number: 'delibera n. 45 del 12/07/2025', 'DGC 45/2025', 'prot. 5', 'art. 5',
# 'vedi 3.2' (the number of the act is not the value: found in a trial)
_ACT = re.compile(
    r"\b(?:delibera\w*|deliberazion[ei]|determin(?:a|e|azione|azioni)|decreto|dgr|dgc|dcc|dcr|dg|dd|ddg|dpgr|dm|"
    r"dpcm|dlgs|d\.\s?lgs|art|artt|articolo|comma|prot|protocollo|nota|verbale|provvedimento|ordinanza|circolare|"
    r"vedi|cfr)\b[^\d()<>=%]{0,30}?\d[\d/.\-]*(?:\s+del\s+\d{1,2}[/.]\d{1,2}[/.]\d{2,4})?")


def without_acts(folded: str) -> str:
    """A folded text without its acts and references and their numbers and dates ('DGC n. 45 del 12/07/2025')."""
    return _ACT.sub(" ", folded)


def act_numbers_only(folded: str) -> str | None:
    """The first act or reference of a folded text whose only numbers are those of acts or references
    ('stralciato (delibera n. 45)', 'vedi 3.2'), or None."""
    if not any(ch.isdigit() for ch in folded):
        return None
    first = _ACT.search(folded)
    if first is None or any(ch.isdigit() for ch in _ACT.sub(" ", folded)):
        return None
    return first.group(0)


_FORMULA = re.compile(r"\s*=\s*(?:[A-Za-z_][\w.]*\s*\(|\$?[A-Za-z]{1,3}\$?[0-9]+\b|[A-Za-z_][\w.]*!|'[^']+'!)")

# --------------------------------------------------------------------------- lexer patterns
# Patterns run on folded text (lower case, no accents). Named groups are for the token
# handlers; the master regex uses the same patterns with the names removed.

_Y4 = r"(?:19|20)[0-9]{2}"
_NUMBER = r"(?:[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?(?![0-9])(?!\.[0-9])|[0-9]+(?:[.,][0-9]+)?)"
_POINTS = r"punt[oi]\s+percentual[ei]\b|p\.\s?p\.(?!\w)|pp\b"  # percentage points: a difference of shares
_PCT = r"%|per\s?cento\b|percento\b|" + _POINTS
_EUR = r"€|euro\b|eur\b"
_DAYS = (r"gg\b\.?(?:\s?lav(?:orativi)?\b\.?)?"  # (one day, one hour, one minute: '<= 1 giorno' was a count)
         r"|giorn[oi]\b(?:\s+(?:lavorativ[oi]|natural[ei]|solar[ei]|di\s+calendario)\b)?")
# minutes as offices write them: 26' (the typographic ’ folds to '), 26 min, 26 minuti
_MINUTES = r"'(?!')|min\b\.?|minut[oi]\b"
_HOURS = r"or[ae]\b|h\b"
_MONTHS_WEEKS = r"mes[ei]\b|settiman[ae]\b"
_SUFFIX = rf"(?:{_PCT}|{_EUR}|{_DAYS}|{_MINUTES}|{_HOURS}|{_MONTHS_WEEKS})"
# a half after a time: '2 mesi e mezzo', 'un'ora e mezza' (found in a trial: the half was dropped, 75 days read as 60)
_HALF = r"(?:\s+e\s+(?P<half>mezz[oa])\b)?"
# magnitudes after a number: "10 mila", "2 milioni di euro", "1,5 mld", "9M€", "500 k€"
_MAGNITUDE = (r"(?:mila\b|migliaia\b|milion[ei]\b|mln\b\.?|mil\.|miliard[oi]\b|mld\b\.?|mrd\b\.?"
              r"|m(?=\s?(?:€|euro\b|eur\b))|k(?=\s?(?:€|euro\b|eur\b)))(?:\s+(?:di|d')\b\s?)?")
_MAGNITUDES = {"mila": 1e3, "migliaia": 1e3, "milione": 1e6, "milioni": 1e6, "mln": 1e6, "mil": 1e6,
               "miliardo": 1e9, "miliardi": 1e9, "mld": 1e9, "mrd": 1e9, "m": 1e6, "k": 1e3}
_OWN_MAGNITUDE = re.compile(r"\d\s*(?:" + "|".join(sorted(_MAGNITUDES, key=len, reverse=True))
                            + r")(?![^\W\d_])|\b(?:mila|migliaia|milion[ei]|miliard[oi]|mln|mld|mrd)\b")


# the words of a change, one vocabulary: a target's ('riduzione del 10%', 'incremento') and an indicator's
_CHANGE_DOWN = r"riduzion|ridurr|ridott|diminu|contrazion|decrement"
_CHANGE_UP = r"aument|increment|crescit|crescer"
# (not 'differenziata', nor 'Rispetto dei termini': found in review; 'rispetto al 2023' is a comparison)
_SPEAKS_OF_CHANGE = re.compile(rf"\b(?:{_CHANGE_DOWN}|{_CHANGE_UP}|variazion|scostament|calo\b|differenz[ae]\b|delta\b|"
                               r"saldo\b|rispetto (?:a|al|all'|alla|agli|ai) ?(?:\d{4}\b|anno|anni|esercizio|periodo|mese|"
                               r"semestre|trimestre|precedent\w*|scors\w*))")
# the currency before a number with a magnitude: '€ 9M', 'EUR 8,7M', '€ 9.000k' (found in a trial: the
# magnitude was dropped, 9 against 8.700.000 scored 100%): read as '9M €'
_CURRENCY_FIRST = re.compile(r"(€|\b(?:eur|euro)\b)\s*(\d[\d.,]*\s?(?:mln|mld|mila|milion[ei]|miliard[oi]|[mk])\b\.?)", re.I)
_FIRST_NUMBER = re.compile(_NUMBER)
# 'M' or 'k' right after a number, as written (not folded): millions or thousands? ('500 m' are metres, '20 m'
# minutes, read as written)
_SHORT_MAGNITUDE = re.compile(r"\d\s?(?:M|K|k)(?![A-Za-z])")


def magnitude_of(text) -> float | None:
    """The factor of the magnitude a cell's text gives its number ('450 mila' 1e3, '9M€' 1e6), or None:
    a cell that says its own magnitude keeps it, whatever its column's header ('€/mln') says."""
    found = _OWN_MAGNITUDE.search(fold(str(text)))
    word = re.search(r"[a-z]+", found.group()) if found is not None else None
    return _MAGNITUDES.get(word.group()) if word is not None else None


# a number format's parts (the first matching alternative wins): quoted text, an escaped character,
# a currency in brackets ('[$€-410]'), other brackets (a colour; a condition: '[>=1000]'), padding
# and fill ('_)', '*-'), digit placeholders, separators, and what makes it not a plain number
# (a date or time letter, scientific notation, a percentage, text)
_FORMAT_PART = re.compile(r'"(?P<quoted>[^"]*)"?|\\(?P<escaped>.)|\[\$(?P<currency>[^\]-]*)[^\]]*\]'
                          r'|(?P<condition>\[[<>=][^\]]*\])|\[[^\]]*\]|[_*].|(?P<digit>[0#?]|general\b)'
                          r'|(?P<sep>[.,])|(?P<other>e[+-]|[ymdhs%@]|am/pm|a/p)|(?P<literal>.)', re.I | re.S)
_SHOWN_MAGNITUDE = {1e3: "mila", 1e6: "milioni", 1e9: "miliardi"}
_SHORT_MAGNITUDES = frozenset({"K", "k", "M", "mil", "Mil", "MIL"})  # not 'm': metres
_CURRENCY_ONLY = re.compile(r"\beuro?\b|[€$£\s().,:+-]")


def shown_text(raw: float, number_format: str | None) -> str | None:
    """What a number cell shows when its format adds words or scales the number, written as a
    person would type it: 2 with '0" ore"' shows '2 ore', 1.800.000 with '0,0,," mln"' '1,8 mln',
    450.000 with '#,##0,' (thousands) '450 mila'. None when the format shows the number alone
    (General, '#,##0.00'), or is a date, a percentage, scientific or conditional: read as they are
    (found in a trial: '2' formatted as hours against 'entro 30 minuti' scored 100%, and 450.000
    shown as 450 against '>= 500' 100%)."""
    if not number_format or not isinstance(raw, (int, float)) or isinstance(raw, bool) or not math.isfinite(raw):
        return None
    shows = _format_shows(number_format)
    if shows is None:
        return None
    commas, prefix, words = shows
    shown = f"{raw / 1000 ** commas:.10f}".rstrip("0").rstrip(".").replace(".", ",")
    if commas and (not words or magnitude_of(f"1 {words}") is None):
        shown = f"{shown} {_SHOWN_MAGNITUDE[1000.0 ** commas]}"
    return " ".join(part for part in (prefix, shown, words) if part)


def _sections(number_format: str) -> list[str]:
    """A number format's sections (positive; negative; zero; text), a ';' in quotes or escaped kept."""
    return re.findall(r'(?:"[^"]*"|\\.|[^;"\\])+', number_format)


_FORMAT_CONDITION = re.compile(r"\[(<=|>=|<>|<|>|=)\s*(-?\d+(?:\.\d+)?)\]")
_MEETS = {"<": lambda a, b: a < b, "<=": lambda a, b: a <= b, ">": lambda a, b: a > b, ">=": lambda a, b: a >= b,
          "=": lambda a, b: a == b, "<>": lambda a, b: a != b}


def _section_for(raw: float, sections: list[str]) -> str | None:
    """The section of a number format that shows `raw`, as Excel picks it: by the sections' own
    conditions ('[=1]"SI";"NO"': the first when the number is 1, the other for any other) when they
    have any, else by sign (positive; negative; zero). None when no section shows the number."""
    conditions = [_FORMAT_CONDITION.search(re.sub(r'"[^"]*"|\\.', "", section)) for section in sections]
    if not any(conditions):
        return sections[1 if raw < 0 and len(sections) > 1 else 2 if raw == 0 and len(sections) > 2 else 0]
    for section, condition in zip(sections[:3], conditions):
        if condition is None or _MEETS[condition.group(1)](raw, float(condition.group(2))):
            return section  # (a section without a condition takes the numbers the others do not)
    return None


def format_words(raw: float, number_format: str | None) -> str | None:
    """The text a format shows instead of the number, when its section for the number has no digits
    ('"SI";"SI";"NO"' shows 2 as SI and 0 as NO; '[=1]"SI";"NO"' shows 0 and 2 as NO: found in a trial,
    read as SI by the first section), or None."""
    sections = _sections(number_format or "")
    if not sections:
        return None
    section = _section_for(raw, sections)
    if section is None:
        return None
    bare = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]|[_*].', "", section)
    if re.search(r"[0#?@]|general", bare, re.I):
        return None
    words = "".join(q or e for q, e in re.findall(r'"([^"]*)"|\\(.)', section)) + bare
    return words.strip() or None


@lru_cache(maxsize=256)
def format_reading(number_format: str | None) -> tuple[float, float | None, str | None] | None:
    """What a number format does to the numbers it shows, as shown_text reads them: (factor to the
    value read, the magnitude it shows, the time unit it names), or None when it shows the number
    alone. '0.0" mln"': (1e6, 1e6, None); '#,##0,': (1, 1e3, None); '0" gg"': (1, None, 'days')."""
    shown = shown_text(1.0, number_format)
    if shown is None:
        return None
    read = parse_target(shown, time_context=True, direction=">=")
    if read.kind != "value" or read.value is None or read.uncertain:
        return None
    return read.value, magnitude_of(shown), read.unit if read.unit in TIME_UNITS else None


@lru_cache(maxsize=256)
def _format_shows(number_format: str) -> tuple[int, str, str] | None:
    """(thousands it divides by, words before, words after) of a number format that shows more than
    the number (shown_text), once per format; None for one that shows the number alone."""
    # the first section's words and scale (a negative number's section shows the same, with its sign)
    section = next(iter(_sections(number_format)), "")
    before: list[str] = []
    after: list[str] = []
    digits = False
    commas = 0  # commas after the last digit placeholder: each divides by 1000
    for part in _FORMAT_PART.finditer(section):
        if part["condition"] or part["other"]:
            return None
        if part["digit"]:
            digits, commas = True, 0
        elif part["sep"]:
            commas += part["sep"] == "," and digits
        else:
            literal = part["quoted"] if part["quoted"] is not None else (
                part["escaped"] or part["currency"] or part["literal"] or "")
            (after if digits else before).append(literal)
    words = "".join(after).strip()
    prefix = "".join(before).strip()
    # a currency says what a plain number is read as already ('€ #,##0.00', '#,##0 EUR')
    if not digits or commas > 3 or (commas == 0 and not _CURRENCY_ONLY.sub("", fold(prefix + words))):
        return None
    said = magnitude_of(f"1 {words}") if words else None
    if said is not None and parse_target(f"1 {words}", direction=">=").value != said:
        # 'K', 'M' alone are thousands and millions, written in words the figures' reading knows (found in
        # review: '#,##0,"K"' read 540.000 as 0,54); 'm', 'm²' are metres (found in a fourth review: milioni)
        # (also before other words, 'M passeggeri', 'K ab.', and 'mil': found in a fifth review)
        first, _, rest = words.partition(" ")
        words, said = ((f"{_SHOWN_MAGNITUDE[said]} {rest}".strip(), said) if first.rstrip(".") in _SHORT_MAGNITUDES
                       else (words, None))
    probe = parse_target(f"1 {words}", time_context=True, direction=">=") if words and not prefix else None
    timed = probe is not None and probe.kind == "value" and not probe.uncertain and not probe.per_period \
        and probe.unit in TIME_UNITS
    if said is None and not timed:
        # only words that give a time unit or a magnitude change what the number is: others ('su 10',
        # '/5', '‰', 'pratiche', 'p.p.', 'm') leave the number alone (found in review: asked)
        if commas == 0:
            return None
        words = ""
    return commas, prefix, words


_MONTH_NAMES = "|".join(_MONTHS)
_MONTH_ABBRS = MONTH_ABBREVIATION_PATTERN
_NUM_WORDS = "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
_ORDINAL = r"primo|prima|secondo|seconda|terzo|terza|quarto|quarta|quinto|sesto|[1-6]\s?(?:°|o\b|\^)?|iii|ii|iv|vi|v|i"
_PERIOD_NOUNS = r"mese|bimestre|trimestre|quadrimestre|semestre|anno"
_EVENT_PREPS = (r"da|dal|dalla|dalle|dallo|dagli|dai|dall|dopo|successiv[oaie]|decorrent[ei]|"
                r"a\s+partire|a\s+decorrere")
_EVENT = rf"\s+(?:{_EVENT_PREPS})\b(?:(?:\s+|')(?!entro\b)[^\W\d_]+){{0,8}}"
_PREP_AHEAD = (r"(?=\s+(?:a|ad|al|allo|alla|ai|agli|alle|all|di|del|dello|della|dei|degli|delle|dell)\b"
               r"|\s?[0-9€+\-−])")
# a number with an optional unit, as it appears at each end of a range
_RANGE_END = rf"(?:€\s?)?[-+−]?{_NUMBER}(?:\s?{_SUFFIX})?"

# (operator, pattern, weak). A weak comparator only counts before a number or a date:
# before words it is prose ("massimo impegno", "oltre a ciò").
_VERBAL = (
    (">=", r"maggiore\s+o\s+uguale|maggiore\s+uguale|(?:maggiore|superiore)\s+o\s+pari|superiore\s+o\s+uguale"
           r"|(?:uguale|pari)\s+o\s+(?:superiore|maggiore)|non\s+(?:inferiore|minore)|non\s+meno"
           # 'almeno pari al 2023' (found in a trial: asked, as 'almeno' without its value)
           r"|almeno\s+(?:pari|uguale)" + _PREP_AHEAD, False),
    (">=", r"almeno", False),
    (">=", r"come\s+minimo|minimo|min\b\.?", True),
    ("<=", r"(?:al\s+massimo|al\s+piu|non\s+oltre)\s+(?:pari|uguale)" + _PREP_AHEAD, False),
    ("<=", r"(?:minore|inferiore)\s+o\s+uguale|minore\s+uguale|(?:minore|inferiore)\s+o\s+pari"
           r"|(?:uguale|pari)\s+o\s+(?:inferiore|minore)|non\s+(?:superiore|maggiore)", False),
    ("<=", r"entro\s+(?:il|i)\s+limit[ei]|nel\s+limite|nei\s+limiti", False),
    ("<=", r"non\s+oltre|non\s+piu\s+di|al\s+massimo|al\s+piu|massimo|max\b\.?"
           r"|fino(?=\s+(?:a|ad|al|alla|allo|all)\b)", True),
    ("<", r"al\s+di\s+sotto|meno\s+di|sotto", True),
    (">", r"piu\s+di|oltre", True),
    (">", r"(?:superiore|maggiore)" + _PREP_AHEAD, False),
    ("<", r"(?:inferiore|minore)" + _PREP_AHEAD, False),
    ("=", r"(?:uguale|pari|equivalente)" + _PREP_AHEAD, False),
)
# "> o =", "< o =": the symbols written with words between them, as typed on some forms
_SYMBOLS = {"> o =": ">=", ">o=": ">=", "< o =": "<=", "<o=": "<=", "≥": ">=", "⩾": ">=", "≧": ">=", ">=": ">=", "=>": ">=", "≤": "<=", "⩽": "<=", "≦": "<=",
            "<=": "<=", "=<": "<=", "==": "=", "=": "=", ">": ">", "<": "<"}
_SYMBOL_PAT = "|".join(re.escape(s) for s in sorted(_SYMBOLS, key=len, reverse=True))
_VERBAL_PAT = "|".join(rf"\b(?:{p})(?!\w)" for _, p, _ in _VERBAL)

_SPECS: tuple[tuple[str, str], ...] = (
    ("DATEISO", rf"(?<![0-9])(?P<y>{_Y4})-(?P<m>[0-9]{{1,2}})-(?P<d>[0-9]{{1,2}})"
                r"(?:[ t][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?)?(?![0-9])"),
    ("DATENUM", r"(?<![0-9.,/])(?P<d>[0-9]{1,2})[/.\-](?P<m>[0-9]{1,2})[/.\-](?P<y>[0-9]{4}|[0-9]{2})"
                r"(?![0-9])(?![.,/][0-9])"),
    ("DATESHORT", r"\bentro\s+(?:(?:il|l')\s?)?(?P<d>[0-9]{1,2})/(?P<m>[0-9]{1,2})(?![0-9]|[/.\-][0-9])"),
    ("REL", rf"\bentro\s+(?:(?:i|il|le|la)\s+)?(?P<n>[0-9]+|{_NUM_WORDS})\s+"
            rf"(?P<u>mesi|mese|settimane|settimana|anni|anno)\b(?P<e>{_EVENT})?"
            rf"|\b(?P<n2>[0-9]+|{_NUM_WORDS})\s+(?:mesi|mese|settimane|settimana|anni|anno)\b(?P<e2>{_EVENT})"),
    ("DATETEXT", rf"\b(?P<d>[0-9]{{1,2}})\s?(?:°|o\b|\^)?\s?(?P<m>{_MONTH_NAMES}|(?:{_MONTH_ABBRS})\.?)"
                 rf"(?![^\W\d_])(?:\s+(?P<y>{_Y4})\b)?"),
    ("PERIODEND", rf"\b(?P<o>{_ORDINAL})\s+(?P<p>semestre|trimestre|quadrimestre|bimestre)\b"
                  rf"(?:\s+(?:del\s+|dell'\s?anno\s+)?(?P<y>{_Y4})\b)?"),
    ("YEAREND", rf"\b(?:fine|termine|chiusura)\s+(?:(?:del|dell'|dello)\s?)?"
                rf"(?:(?:anno|esercizio)\b(?!\s+[tn]\b)(?:\s+(?P<y>{_Y4})\b)?|(?P<y2>{_Y4})\b)"),
    ("ENTROYEAR", rf"\bentro\s+(?:(?:il|l')\s?)?(?:(?:anno|esercizio)\s+)?(?P<y>{_Y4})\b(?![.,/\-][0-9])"
                  r"|\bentro\s+(?:l'\s?|il\s+)?(?:anno|esercizio)\b(?:\s+(?:corrente|in\s+corso)\b)?"
                  r"(?!\s+(?:[tn]\b|precedente|[0-9]))"),
    ("MONTHYEAR", rf"\b(?:fine\s+(?:(?:di|del|dello|dell')\s?)?)?(?P<m>{_MONTH_NAMES})\b"
                  rf"(?:\s+(?:del\s+|dell'\s?anno\s+)?(?P<y>{_Y4})\b)?"
                  rf"|\b(?P<ma>{_MONTH_ABBRS})\.?\s?(?P<ya>{_Y4})\b"),
    ("BASE", r"\b(?:anno|esercizio)\s+(?:precedente|scorso|prima)\b|\bprecedente\s+(?:anno|esercizio)\b"
             rf"|\b(?:anno\s+)?[tn]\s?-\s?1\b"
             # the starting value named as such ('<= baseline -10%', '>= valore di partenza'): the baseline
             # column's (found in a trial: '<= baseline -10%' was read as '<= -10%', and '<= baseline' as a
             # measure of the monthly data)
             # ('Baseline: 70 PA ... Target: 600' labels a value: not one, found in a real plan)
             r"|(?:\bbase\s?-?line|\bvalor[ei]\s+(?:di\s+)?(?:partenza|iniziale|base)|\bdato\s+(?:di\s+)?partenza)"
             r"\b(?!\s*(?:\d+\s*)?:)"
             # 'vs 2023', 'versus il 2023' as ASL budget sheets write it (found in a trial: asked)
             rf"|\b(?:rispetto\s+(?:a|al|all'|allo)|sul|sull'|sullo|vs\.?|versus)\s?(?:(?:il|l')\s?)?"
             # 'rispetto al dato 2024', 'sul valore del 2024' (found in a trial: asked as a year not the plan's)
             r"(?:(?:dato|valore|livello|consuntivo|risultato)\s+(?:(?:del|dell')\s?)?)?"
             rf"(?:(?:anno|esercizio)\s+)?(?P<y>{_Y4})\b"),
    ("CUR", r"\banno\s+[tn]\b(?!\s?-)"),
    ("RANGE", rf"(?:\b(?:compres[oaie]\s+)?(?:fra|tra)|\bda|\bdal)\s+(?P<a>{_RANGE_END})\s+(?:e|ed|a|al)\s+"
              rf"(?P<b>{_RANGE_END})(?![0-9])"
              rf"|(?<![0-9.,\w])(?P<a2>{_RANGE_END})\s?(?:-|–|—|÷)\s?(?P<b2>{_RANGE_END})(?![0-9])"),
    ("COMP", rf"{_SYMBOL_PAT}|{_VERBAL_PAT}"),
    ("NUM", rf"(?<![0-9.,\w])(?:(?P<eur>€|euro\b|eur\b)\s?)?"
            r"(?:(?P<npre>n\.\s?ro\b|n\.|n°|nr\b\.?|num\b\.?|numero\b)\s?)?"
            rf"(?P<sign>\+[ \t]?|[-−]?)(?P<num>{_NUMBER})(?:\s?(?P<mag>{_MAGNITUDE}))?(?:\s?(?P<suf>{_SUFFIX}){_HALF})?"),
    ("FRACTION", r"\b(?P<f>meta|un\s+terzo|due\s+terzi|un\s+quarto|tre\s+quarti)\b"),
    ("NUMWORD", rf"\b(?P<w>{_NUM_WORDS})\b(?:\s?(?P<pct>{_PCT})|\s+(?P<suf>{_SUFFIX}){_HALF})?"),
    ("PERIOD", rf"(?:\b(?:per|al|ogni|a)\s+(?:(?:ogni|ciascun[oa]?|singolo)\s+)?|\ball'\s?)"
               rf"(?P<p>{_PERIOD_NOUNS})\b(?!\s?[0-9]|\s+(?:precedente|scorso|prima|[tn]\b))"
               r"|\b(?P<adj>mensil|bimestral|trimestral|quadrimestral|semestral|annual)[ei]\b"
               r"|\b(?P<annu>annu)[oaie]\b"),
    ("CHANGE", rf"\b(?:(?P<down>{_CHANGE_DOWN})[^\W\d_]*|calo\b)"
               rf"|\b(?P<up>{_CHANGE_UP})[^\W\d_]*"),
    ("ENTRO", r"\bentro\b"),
    ("WORD", r"[^\W\d_]+"),
    ("SPACE", r"\s+"),
    ("OTHER", r"[\s\S]"),
)

_UNNAME = re.compile(r"\(\?P<\w+>")


def speaks_of_change(text: str) -> bool:
    """Whether an indicator's values are changes ('Incremento delle imprese iscritte', 'Variazione dei
    proventi', 'Saldo ...'): the words of a target's change, and those of a change measured."""
    return _SPEAKS_OF_CHANGE.search(fold(text or "")) is not None
_MASTER = re.compile("|".join(f"(?P<{kind}>{_UNNAME.sub('(?:', pattern)})" for kind, pattern in _SPECS))
class _OnFirstUse(dict):
    """kind -> its pattern compiled alone, on first use: most plans use a few kinds, and
    compiling them all cost ~10 ms of every start."""

    def __missing__(self, kind: str) -> re.Pattern:
        pattern = self[kind] = re.compile(_SPEC_BY_KIND[kind])
        return pattern


_SPEC_BY_KIND = dict(_SPECS)
_SINGLE = _OnFirstUse()
_VERBAL_RES = tuple((op, re.compile(rf"\b(?:{p})(?!\w)"), weak) for op, p, weak in _VERBAL)
_RANGE_END_RE = re.compile(rf"(?P<eur>€)?\s?(?P<sign>[-+−]?)(?P<num>{_NUMBER})(?:\s?(?P<suf>{_SUFFIX}))?")
_YEAR_LIKE = re.compile(_Y4)
# a year and a colon opening a segment: at the start, after a line break, ';', '|', ',' or a spaced dash
# ('2021: 80% - 2022: 85%', found in a second trial: read as a range '80% - 2022')
_YEAR_MARK = re.compile(rf"(?:\b(?:anno|target|valore|obiettivo|atteso)\s+|^\s*|(?<=[\n;|,])\s*|(?<=\s[-–])\s+)"
                        rf"(?P<y>{_Y4})\s?:(?![0-9])")
_HAS_DIGIT = re.compile(r"[0-9]")


# --------------------------------------------------------------------------- folding with a map

_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")
_NEWLINES = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
_RUNS = re.compile(r"(?P<blank>\s+)|(?P<word>\S+)")


# overlays that negate a symbol ("≠" is "=" + U+0338): folding would drop them and turn
# "≠ 5" into "= 5", so such characters are kept as they are (and flagged as not understood)
_NEGATING_MARKS = frozenset("\u0337\u0338\u20d2\u20d3\u20e5\u20eb")


@lru_cache(maxsize=8192)
def _fold_char(ch: str) -> str:
    if ch in _NEGATING_MARKS or _NEGATING_MARKS.intersection(unicodedata.normalize("NFKD", ch)):
        return ch
    return fold(ch)


def _fold_mapped(text: str) -> tuple[str, list[int]]:
    """`fold` the text, keeping line breaks as "\\n", and return the folded text with, for
    each folded character, its position in the original text (so that a fragment found in
    the folded text can be quoted as the office wrote it)."""
    chars: list[str] = []
    where: list[int] = []
    for run in _RUNS.finditer(text):
        if run.lastgroup == "blank":
            if chars and chars[-1] not in " \n":
                chars.append("\n" if _NEWLINES.intersection(run.group()) else " ")
                where.append(run.start())
            elif chars and chars[-1] == " " and _NEWLINES.intersection(run.group()):
                chars[-1] = "\n"
            continue
        word, start = run.group(), run.start()
        if word.isascii():  # fast path: folding ASCII is lower-casing
            chars.append(word.lower())
            where.extend(range(start, start + len(word)))
            continue
        for offset, ch in enumerate(word):
            piece = "" if ch in _INVISIBLE else _fold_char(ch)
            if piece:
                chars.append(piece)
                where.extend([start + offset] * len(piece))
    folded = "".join(chars)
    if folded[-1:] in (" ", "\n"):
        folded = folded[:-1]
        where.pop()
    return folded, where


def _original(text: str, where: list[int], start: int, end: int) -> str:
    """The original text behind folded[start:end]."""
    if start >= end or start >= len(where):
        return ""
    return text[where[start]: where[min(end, len(where)) - 1] + 1]


# --------------------------------------------------------------------------- tokens


@dataclass
class _Tok:
    kind: str
    start: int
    end: int
    text: str  # folded text of the token
    value: float | None = None
    high: float | None = None  # RANGE: upper end
    unit: str | None = None  # unit written in the text
    percent_sign: bool = False  # the text says "%" (no fraction conversion)
    count_prefix: bool = False  # "n. 5"
    year_like: bool = False  # a bare 4-digit year such as 2018
    label: bool = False  # a number that labels ("Baseline 1:", "Fase 2:"), not a value
    plus: bool = False  # written with a '+' ("+10%"): a change
    points: bool = False  # written in "punti percentuali": a difference of shares, not a ratio
    article: bool = False  # "un", "una", "uno"
    dash_range: bool = False  # "80 - 90" rather than "tra 80 e 90"
    op: str | None = None  # COMP: its operator; NUM/NUMWORD/RANGE: the comparator attached
    weak: bool = False  # COMP: only counts before a number or a date
    date: datetime.date | None = None  # DATE: the date, when readable
    problem: str | None = None  # DATE/REL/RANGE: an Italian reason
    period: str | None = None  # PERIOD
    year: int | None = None  # BASE: explicit comparison year
    direction: str | None = None  # CHANGE: "up" / "down"
    used: bool = False  # consumed by another reading (a year of a deadline, of a baseline)

    def year_value(self) -> int:
        """A year-like number (NUM, RANGE) as a year: _Lexer._num and _range read its value first."""
        assert self.value is not None
        return int(self.value)


class _Lexer:
    """Cut the folded text into tokens: dates, comparators, numbers, words..."""

    def __init__(self, text: str, folded: str, where: list[int], year: int | None):
        self.text, self.folded, self.where, self.year = text, folded, where, year

    def tokens(self) -> list[_Tok]:
        out: list[_Tok] = []
        for match in _MASTER.finditer(self.folded):
            kind = match.lastgroup
            assert kind is not None  # every alternative of _MASTER is a named group
            if kind == "SPACE":
                continue
            detail = _SINGLE[kind].match(self.folded, match.start())
            if detail is None or detail.end() != match.end():  # cannot happen: same pattern
                kind, detail = "OTHER", match
            tok = _Tok(kind, match.start(), match.end(), match.group())
            getattr(self, "_" + kind.lower(), _keep)(tok, detail)
            out.append(tok)
        return out

    def quote(self, start: int, end: int) -> str:
        return _q(_original(self.text, self.where, start, end))

    # dates -------------------------------------------------------------------------
    def _date(self, tok: _Tok, year, month, day=None, match=None) -> None:
        """Set tok.date (day None = end of month), or tok.problem."""
        tok.kind = "DATE"
        if year is None:
            year = self.year
            if year is None:
                tok.problem = R_NEEDS_YEAR.format(q=self.quote(tok.start, tok.end))
                return
        try:
            tok.date = last_day(year, month) if day is None else datetime.date(year, month, day)
        except (ValueError, OverflowError):
            tok.problem = R_BAD_DATE.format(q=self.quote(tok.start, tok.end))

    def _dateiso(self, tok, m):
        self._date(tok, int(m["y"]), int(m["m"]), int(m["d"]))

    def _datenum(self, tok, m):
        year = int(m["y"])
        self._date(tok, year + 2000 if len(m["y"]) == 2 else year, int(m["m"]), int(m["d"]))

    def _dateshort(self, tok, m):
        self._date(tok, None, int(m["m"]), int(m["d"]))

    def _datetext(self, tok, m):
        name = m["m"].rstrip(".")
        month = _MONTHS.get(name) or _MONTH_ABBR[name]
        self._date(tok, int(m["y"]) if m["y"] else None, month, int(m["d"]))

    def _monthyear(self, tok, m):
        if m["m"]:
            self._date(tok, int(m["y"]) if m["y"] else None, _MONTHS[m["m"]])
        else:
            self._date(tok, int(m["ya"]), _MONTH_ABBR[m["ma"]])

    def _periodend(self, tok, m):
        ordinal = re.sub(r"[\s°o^]", "", m["o"]) if m["o"][0].isdigit() else m["o"]
        n = int(ordinal) if ordinal.isdigit() else _ORDINALS[ordinal]
        months = _PERIOD_MONTHS[m["p"]]
        if n * months > 12:
            tok.kind = "DATE"
            tok.problem = R_BAD_DATE.format(q=self.quote(tok.start, tok.end))
            return
        self._date(tok, int(m["y"]) if m["y"] else None, n * months)

    def _yearend(self, tok, m):
        year = m["y"] or m["y2"]
        self._date(tok, int(year) if year else None, 12)

    def _entroyear(self, tok, m):
        self._date(tok, int(m["y"]) if m["y"] else None, 12)

    def _rel(self, tok, m):
        start = m.start("n") if m["n"] else m.start("n2")
        anchored = bool(m["e"] or m["e2"])
        tok.problem = (R_RELATIVE if anchored else R_RELATIVE_BARE).format(q=self.quote(start, tok.end))
        unit = {"mes": "months", "set": "weeks"}.get((m["u"] or "")[:3])
        if not anchored and unit:
            # "entro 2 mesi" with no event to count from: for an indicator that measures a time it
            # is a time to keep within (see _Reader.durations); otherwise a deadline without a date
            tok.unit = unit
            tok.value = float(_NUMBER_WORDS[m["n"]]) if m["n"] in _NUMBER_WORDS else parse_number(m["n"])

    # numbers -----------------------------------------------------------------------
    def _num(self, tok, m):
        value = parse_number(m["num"])
        if value is None or not math.isfinite(value):
            tok.kind = "OTHER"
            return
        if m["mag"]:
            value *= _MAGNITUDES[re.match(r"[a-z]+", m["mag"]).group()]
        tok.value = -value if m["sign"] in ("-", "−") else value
        tok.plus = m["sign"].startswith("+")  # '+ 20%' too (found in a trial on a university's plan)
        tok.unit, tok.percent_sign = _suffix_unit(m["suf"])
        tok.points = bool(m["suf"]) and re.match(_POINTS, m["suf"]) is not None
        self._half(tok, m)
        if m["eur"]:
            tok.unit = tok.unit or "euro"
        if m["npre"]:
            tok.count_prefix = True
        tok.year_like = (not (m["eur"] or m["npre"] or m["sign"] or m["suf"] or m["mag"])
                         and _YEAR_LIKE.fullmatch(m["num"]) is not None)
        # "Baseline 1: rilevazione ...", "Fase 2: ...": a number right after a word and before a colon
        # names what follows; it is not the target's value
        before = self.folded[:tok.start].rstrip()
        after = self.folded[tok.end:].lstrip()
        tok.label = (not (m["eur"] or m["npre"] or m["sign"] or m["suf"] or m["mag"] or tok.year_like)
                     and after.startswith(":")
                     and not after.startswith(":0") and re.search(r"[a-z]$", before) is not None)

    def _fraction(self, tok, m):
        """'tre quarti', 'la metà': a share, in percentage points."""
        tok.kind = "NUM"
        tok.value = {"meta": 50.0, "un terzo": 100 / 3, "due terzi": 200 / 3, "un quarto": 25.0,
                     "tre quarti": 75.0}[re.sub(r"\s+", " ", m["f"])]
        tok.unit, tok.percent_sign = "percent", True

    def _numword(self, tok, m):
        tok.value = float(_NUMBER_WORDS[m["w"]])
        tok.article = m["w"] in _ARTICLE_NUMBERS
        if m["pct"]:
            tok.unit, tok.percent_sign = "percent", True
        elif m["suf"]:
            # 'due mesi', 'tre settimane' keep their unit as '2 mesi' does (found in a trial: read
            # as 2 days, 100% against '<= 30 giorni')
            tok.unit, tok.percent_sign = _suffix_unit(m["suf"])
        self._half(tok, m)

    def _half(self, tok, m):
        """'e mezzo' after a time adds half of its unit; after anything else it is not read."""
        if m["half"] and tok.value is not None:
            if tok.unit in TIME_UNITS:
                tok.value += -0.5 if tok.value < 0 else 0.5
            else:
                tok.problem = R_HALF.format(q=self.quote(tok.start, tok.end))

    def _range(self, tok, m):
        low_text, high_text = (m["a"], m["b"]) if m["a"] else (m["a2"], m["b2"])
        tok.dash_range = not m["a"]
        low, high = _range_end(low_text), _range_end(high_text)
        if low is None or high is None:
            tok.kind = "OTHER"
            return
        (tok.value, low_unit, low_sign, low_year), (tok.high, high_unit, high_sign, high_year) = low, high
        if low_unit and high_unit and low_unit != high_unit:
            tok.problem = R_RANGE_UNITS.format(q=self.quote(tok.start, tok.end))
        tok.unit = low_unit or high_unit
        tok.percent_sign = low_sign or high_sign
        tok.year_like = tok.dash_range and low_year and high_year  # "2018-2020": years, not a target

    # words -------------------------------------------------------------------------
    def _comp(self, tok, m):
        symbol = _SYMBOLS.get(tok.text)
        if symbol:
            tok.op = symbol
            return
        for op, regex, weak in _VERBAL_RES:
            found = regex.match(self.folded, tok.start)
            if found and found.end() == tok.end:
                tok.op, tok.weak = op, weak
                return
        tok.kind = "WORD"

    def _period(self, tok, m):
        if m["p"]:
            tok.period = m["p"]
        else:
            tok.period = _PERIOD_ADJECTIVES[m["adj"] or m["annu"]]

    def _change(self, tok, m):
        tok.direction = "up" if m["up"] else "down"

    def _base(self, tok, m):
        tok.year = int(m["y"]) if m["y"] else None


def _signed_after_base(tokens: list[_Tok]) -> list[_Tok]:
    """'baseline - 10%', 'anno precedente + 5%': the sign written apart belongs to the number, a change
    of the starting value (a dash alone elsewhere may be a bullet, and stays one). Found in a trial:
    '≤ baseline - 10%' was asked as a value beside a baseline."""
    out: list[_Tok] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if (tok.kind == "OTHER" and tok.text in ("-", "−") and out and out[-1].kind == "BASE" and nxt is not None
                and nxt.kind == "NUM" and not nxt.plus and nxt.value is not None and nxt.value > 0):
            nxt.value = -nxt.value
            i += 1
            continue
        out.append(tok)
        i += 1
    return out


def _keep(tok: _Tok, match) -> None:
    """Tokens that need no reading (WORD, ENTRO, CUR, OTHER)."""


def _suffix_unit(suffix: str | None) -> tuple[str | None, bool]:
    """The unit written after a number, and whether it is a percent sign."""
    if not suffix:
        return None, False
    if re.match(_PCT, suffix):
        return "percent", True
    if re.match(_EUR, suffix):
        return "euro", False
    if re.match(_MINUTES, suffix):
        return "minutes", False
    if re.match(_HOURS, suffix):
        return "hours", False
    if suffix.startswith("mes"):
        return "months", False
    if suffix.startswith("settiman"):
        return "weeks", False
    return "days", False


def _range_end(text: str):
    """(value, unit, percent sign, year-like) of one end of a range, or None."""
    m = _RANGE_END_RE.fullmatch(text.strip())
    if not m:
        return None
    value = parse_number(m["num"])
    if value is None or not math.isfinite(value):
        return None
    if m["sign"] in ("-", "−"):
        value = -value
    unit, sign = _suffix_unit(m["suf"])
    if m["eur"]:
        unit = unit or "euro"
    year_like = not (m["eur"] or m["sign"] or m["suf"]) and _YEAR_LIKE.fullmatch(m["num"]) is not None
    return value, unit, sign, year_like


# --------------------------------------------------------------------------- reading the tokens


class _Reader:
    """Place the tokens: which number is the target, with which comparator, unit, deadline..."""

    def __init__(self, text: str, folded: str, where: list[int], tokens: list[_Tok],
                 year: int | None, hint: str | None, time_context: bool = False, time_max: bool = True,
                 kept_low: bool = False, direction: str | None = None):
        self.text, self.folded, self.where, self.toks = text, folded, where, _signed_after_base(tokens)
        self.year, self.hint = year, hint
        self.time_context, self.time_max = time_context, time_max
        self.kept_low = kept_low  # speaks of what may be kept low (may_be_kept_low): a bare target is asked
        self.polarity = direction  # the office's polarity: the comparator of a bare number
        # '5% max', '10 al massimo', '30 gg max': the comparator after the number (found in review:
        # it was dropped and the maximum read as a minimum)
        self.trailing_max = _TRAILING_MAX.search(folded) is not None
        self.reasons: list[str] = []
        self.placed_ops: list[str] = []  # comparators that found their operand
        self.reference: str | None = None
        self.reference_op: str | None = None
        self.baseline = False
        self.baseline_op: str | None = None
        self.baseline_year: int | None = None
        self.baseline_ref: str | None = None
        self.dates: list[datetime.date] = []
        self.relative = False

    def quote(self, start: int, end: int) -> str:
        return _q(_original(self.text, self.where, start, end))

    def reason(self, message: str) -> None:
        if message not in self.reasons:
            self.reasons.append(message)

    def skip_fillers(self, j: int) -> int:
        while j < len(self.toks):
            tok = self.toks[j]
            if (tok.kind == "WORD" and tok.text in _FILLERS) or (tok.kind == "OTHER" and tok.text in _QUOTES):
                j += 1
            else:
                break
        return j

    def at(self, j: int) -> _Tok | None:
        return self.toks[j] if j < len(self.toks) else None

    # comparators --------------------------------------------------------------------
    def read_comparators(self) -> None:
        for i, tok in enumerate(self.toks):
            if tok.kind == "COMP":
                self.read_operand(i, tok)

    def read_operand(self, i: int, comp: _Tok) -> None:
        j = self.skip_fillers(i + 1)
        nxt = self.at(j)
        if nxt is None:  # nothing after the comparator
            if not comp.weak:
                self.reason(R_NO_OPERAND.format(q=self.quote(comp.start, comp.end)))
            return
        kind = nxt.kind
        if kind in ("NUM", "NUMWORD", "RANGE") and nxt.op is None and not nxt.used:
            before = self.toks[j - 1].text if j - 1 > i else None
            if kind == "NUM" and nxt.year_like and not comp.weak and before in _YEAR_ARTICLES:
                nxt.used = True  # "superiore al 2017"
                self.set_baseline(comp.op, nxt.year_value(), None)
            else:
                self.attach(comp, nxt)
        elif kind == "DATE":
            self.placed_ops.append("<=")
            if comp.op not in ("<=", "<"):
                self.reason(R_DATE_COMPARATOR.format(q=self.quote(comp.start, comp.end)))
        elif kind == "BASE":
            nxt.used = True
            self.set_baseline(comp.op, nxt.year, None)
        elif kind in ("WORD", "CHANGE"):
            self.read_words_operand(comp, j)
        elif not comp.weak:
            self.reason(R_NO_OPERAND.format(q=self.quote(comp.start, comp.end)))

    def read_words_operand(self, comp: _Tok, j: int) -> None:
        """Comparator + words: a prior-year baseline, a number with its description, or a
        reference to another measure."""
        k, last = j, None
        while k < len(self.toks):
            tok = self.toks[k]
            if tok.kind in ("WORD", "CHANGE"):
                if tok.text not in _FILLERS:
                    last = k
            elif not (tok.kind == "OTHER" and tok.text in _REFERENCE_JOINERS):
                break
            k += 1
        stop = self.at(k)
        words = (self.quote_exact(self.toks[j].start, self.toks[last].end)) if last is not None else None
        if stop is not None and stop.kind == "NUM" and stop.year_like and not stop.used and words:
            stop.used = True
            self.set_baseline(comp.op, stop.year_value(), words)
        elif stop is not None and stop.kind == "BASE":
            stop.used = True
            self.set_baseline(comp.op, stop.year, words)
        elif (stop is not None and stop.kind in ("NUM", "NUMWORD", "RANGE") and stop.op is None
              and not stop.used and not stop.article):
            self.attach(comp, stop)  # "pari al valore di 5": the words describe the number
        elif comp.weak:
            return  # prose such as "massimo impegno"
        elif words:
            assert comp.op is not None  # a COMP token has its operator (_Lexer._comp)
            self.reference, self.reference_op = words, comp.op
            self.placed_ops.append(comp.op)
        else:
            self.reason(R_NO_OPERAND.format(q=self.quote(comp.start, comp.end)))

    def quote_exact(self, start: int, end: int) -> str:
        return _original(self.text, self.where, start, end).strip()

    def attach(self, comp: _Tok, operand: _Tok) -> None:
        assert comp.op is not None  # a COMP token has its operator (_Lexer._comp)
        operand.op = comp.op
        self.placed_ops.append(comp.op)

    def set_baseline(self, op: str | None, year: int | None, reference: str | None) -> None:
        self.baseline = True
        if op:
            self.baseline_op = op
            self.placed_ops.append(op)
        if year is not None:
            self.baseline_year = year
        if reference:
            self.baseline_ref = reference

    # deadlines ----------------------------------------------------------------------
    def read_entro(self) -> None:
        """'entro' before a number (not a year) means "<="; before a year, 31 December."""
        for i, tok in enumerate(self.toks):
            if tok.kind != "ENTRO":
                continue
            j = self.skip_fillers(i + 1)
            while j < len(self.toks) and self.toks[j].kind == "OTHER" and self.toks[j].text in _HARMLESS:
                j = self.skip_fillers(j + 1)  # "entro: 30/06/2018"
            nxt = self.at(j)
            if nxt is None:
                self.reason(R_ENTRO_NO_DATE.format(q=self.quote(tok.start, tok.end), y=self.year or "AAAA"))
                self.relative = True
            elif nxt.kind in ("NUM", "NUMWORD") and nxt.op is None and not nxt.used:
                if nxt.kind == "NUM" and nxt.year_like:
                    nxt.used = True
                    self.dates.append(datetime.date(nxt.year_value(), 12, 31))
                else:
                    nxt.op = "<="
                    self.placed_ops.append("<=")
            elif nxt.kind in ("WORD", "CHANGE", "PERIOD", "OTHER"):
                self.reason(R_ENTRO_NO_DATE.format(q=self.quote(tok.start, min(len(self.folded), tok.end + 40)),
                                                   y=self.year or "AAAA"))
                self.relative = True

    def read_dates(self) -> datetime.date | None:
        for tok in self.toks:
            if tok.kind == "DATE":
                if tok.date is not None:
                    self.dates.append(tok.date)
                else:
                    assert tok.problem is not None  # a date that cannot be read says why (_Lexer._date)
                    self.reason(tok.problem)
            elif tok.kind == "REL":
                self.relative = True
                assert tok.problem is not None  # set by _Lexer._rel; a REL read as a time became NUM
                self.reason(tok.problem)
        distinct = sorted(set(self.dates))
        if len(distinct) > 1:
            self.reason(R_MANY_DATES.format(q=", ".join(d.strftime("%d/%m/%Y") for d in distinct)))
        return distinct[-1] if distinct else None

    # values -------------------------------------------------------------------------
    def meaningful(self) -> list[_Tok]:
        return [t for t in self.toks if not (t.kind == "OTHER" and t.text in _HARMLESS)]

    def read_values(self) -> _Tok | None:
        candidates = []
        alone = len(self.meaningful()) == 1
        for tok in self.toks:
            if tok.used or tok.kind not in ("NUM", "NUMWORD", "RANGE") or tok.label:
                continue
            if tok.kind == "NUMWORD" and tok.article and tok.op is None:
                continue  # "un", "una": an article
            if tok.year_like and tok.op is None and not (alone and tok.kind == "NUM"):
                self.prose_year(tok)
                continue
            if tok.problem:
                self.reason(tok.problem)
            candidates.append(tok)
        if not candidates:
            return None
        if len(candidates) > 1:
            self.reason(R_MANY_VALUES.format(q=", ".join(f"'{self.quote(c.start, c.end)}'" for c in candidates)))
        attached = [c for c in candidates if c.op]
        return attached[0] if attached else candidates[0]

    def prose_year(self, tok: _Tok) -> None:
        """A year in the description ("dell'annualità 2018", "2018-2020"): context, unless the
        plan's year is another one."""
        low = tok.year_value()
        high = low if tok.high is None else int(tok.high)
        if self.year is not None and not min(low, high) <= self.year <= max(low, high):
            self.reason(R_PROSE_YEAR.format(n=self.quote(tok.start, tok.end), y=self.year))

    def unit_of(self, tok: _Tok) -> str | None:
        unit = tok.unit or ("count" if tok.count_prefix else None)
        if unit is None and self.noun_follows(tok):
            unit = "count"
        if unit is None:
            return self.hint
        if self.hint and unit != self.hint:
            self.reason(R_UNIT_CONFLICT.format(u=_UNIT_NAMES[unit], h=_UNIT_NAMES[self.hint]))
        return unit

    def noun_follows(self, tok: _Tok) -> bool:
        """Is the number followed by the noun it counts ("5 pratiche", 'due di nuovi "Progetti"')?"""
        k = self.toks.index(tok) + 1
        while k < len(self.toks) and ((self.toks[k].kind == "OTHER" and self.toks[k].text in _QUOTES)
                                      or (self.toks[k].kind == "WORD" and self.toks[k].text == "di")):
            k += 1
        nxt = self.at(k)
        return (nxt is not None and nxt.kind in ("WORD", "CHANGE") and len(nxt.text) >= 2
                and nxt.text not in _NOT_NOUNS and nxt.text not in _MEASURE_WORDS)

    # the rest -----------------------------------------------------------------------
    def read_period(self) -> str | None:
        periods = list(dict.fromkeys(t.period for t in self.toks if t.kind == "PERIOD" and t.period is not None))
        if len(periods) > 1:
            self.reason(R_MANY_PERIODS.format(q=", ".join(periods)))
        return periods[0] if periods else None

    def read_leftovers(self) -> None:
        for tok in self.toks:
            if tok.kind == "OTHER" and tok.text not in _HARMLESS:
                template = R_UNREAD_NUMBER if _HAS_DIGIT.search(tok.text) else R_UNREAD_SYMBOL
                self.reason(template.format(q=self.quote(max(0, tok.start - 8), tok.end + 8)))
        if len(set(self.placed_ops)) > 1:
            self.reason(R_MANY_COMPARATORS.format(q=", ".join(dict.fromkeys(self.placed_ops))))

    def read_standalone_baseline(self) -> None:
        for tok in self.toks:
            if tok.kind == "BASE" and not tok.used:
                tok.used = True
                self.set_baseline(None, tok.year, None)
        if self.baseline and self.baseline_year is None and self.year is not None:
            self.baseline_year = self.year - 1
        if self.baseline_year is not None and self.year is not None and self.baseline_year >= self.year:
            self.reason(R_BASELINE_YEAR.format(b=self.baseline_year, y=self.year))

    def direction(self) -> str | None:
        for tok in self.toks:
            if tok.kind == "CHANGE":
                return tok.direction
        return None

    def milestone(self) -> bool | None:
        """The expected state when the text is only milestone words (plus a deadline)."""
        words = []
        for tok in self.meaningful():
            if tok.kind == "WORD":
                if tok.text not in _FILLERS:
                    words.append(tok.text)
            elif tok.kind not in ("DATE", "ENTRO"):
                return None
        phrase = " ".join(words)
        if _MILESTONE_TRUE.fullmatch(phrase):
            return True
        if _MILESTONE_FALSE.fullmatch(phrase):
            return False
        return None

    # decision -----------------------------------------------------------------------
    def durations(self) -> None:
        """'entro 2 mesi' for an indicator that measures a time: a maximum of 2 months."""
        if not self.time_context:
            return
        for tok in self.toks:
            if tok.kind == "REL" and tok.value is not None and tok.unit:
                tok.kind, tok.op, tok.problem = "NUM", "<=", None

    def read(self) -> Target:
        self.durations()
        self.read_comparators()
        self.read_entro()
        deadline = self.read_dates()
        chosen = self.read_values()
        self.read_standalone_baseline()
        period = self.read_period()
        self.read_leftovers()
        per_year = PERIODS.get(period) if period else None
        common = dict(deadline=deadline, per_period=period, periods_per_year=per_year)
        direction = self.direction()

        if chosen is not None:
            return self.value_target(chosen, direction, common)
        if self.reference is not None and not self.baseline:
            return self.target("reference", comparator=self.reference_op, reference=self.reference, **common)
        if self.baseline:
            return self.target("baseline", comparator=self.baseline_comparator(direction),
                               baseline_year=self.baseline_year, reference=self.baseline_ref, **common)
        milestone = self.milestone()
        if milestone is not None:
            return self.target("milestone", milestone=milestone, **common)
        if deadline is not None or self.relative or any(t.kind == "DATE" for t in self.toks):
            return self.target("deadline", comparator="<=", **common)
        self.reasons.insert(0, R_UNKNOWN.format(q=_q(self.text), y=self.year or "AAAA"))
        return self.target("unknown", **common)

    def baseline_comparator(self, direction: str | None) -> str:
        if self.baseline_op:
            return self.baseline_op
        return {"up": ">", "down": "<"}.get(direction or "", ">=")

    def value_target(self, tok: _Tok, direction: str | None, common: dict) -> Target:
        low, high = tok.value, tok.high
        explained = _EXPLAINED_RATE.search(self.folded)
        if explained is not None and low is not None and not _RATE.search(_BRACKETS.sub(" ", self.folded)) \
                and self.unit_of(tok) in (None, "count") and not tok.percent_sign:
            # a count whose total and rate in brackets disagree ('almeno 3 (uno al mese)'); a %
            # or a time with a rhythm in brackets is not a total (found in review)
            word = explained.group(1)
            each = int(word) if word.isdigit() else _FEW[word]
            if abs(low - each * PERIODS[explained.group(2)]) > 1e-9:
                # 'almeno 3 (uno al mese)': the total and its rate disagree
                self.reason(R_RATE_TOTAL.format(q=self.quote(explained.start(), explained.end()), n=fmt(low),
                                                t=fmt(each * PERIODS[explained.group(2)])))
        # '-10% rispetto al 2023' of a time in days: the % is the change's, not the value's unit (found
        # in a trial: 'riduzione del 10%' of a 'gg' indicator was asked for a unit conflict)
        pct_change = (tok.unit == "percent" and tok.op is None and tok.kind == "NUM" and self.reference is None
                      and bool(direction or tok.plus or (low is not None and low < 0)))
        unit = "percent" if pct_change else self.unit_of(tok)
        assert low is not None  # the chosen token is a number: NUM, NUMWORD and RANGE have their value
        hint_fraction = False
        if unit == "percent" and not tok.percent_sign and self.hint == "percent":
            if 0 <= low <= 1.5 and (high is None or 0 <= high <= 1.5):
                low, high = low * 100, (None if high is None else high * 100)
                hint_fraction = True
        if self.reference is not None:
            self.reason(R_MANY_COMPARATORS.format(q=", ".join(dict.fromkeys(self.placed_ops))))
        if tok.kind == "RANGE":
            if tok.op:
                self.reason(R_RANGE_COMPARATOR.format(q=self.quote(tok.start, tok.end)))
            assert high is not None  # a RANGE has both ends (_Lexer._range)
            if low > high:
                self.reason(R_RANGE_SWAPPED.format(q=self.quote(tok.start, tok.end)))
                low, high = high, low
            return self.target("range", comparator="range", value=low, value_high=high, unit=unit,
                               hint_fraction=hint_fraction, **common)
        change = direction or ("up" if tok.plus else "down" if tok.kind == "NUM" and low < 0 else None)
        if unit == "percent" and change and tok.op is None and tok.kind == "NUM" and self.reference is None:
            if tok.points:
                # 5 points from last year's 40% is 35%, not 40% x 0,95 = 38% (found in a new-user trial:
                # read as a ratio, 38% scored 100% 'raggiunto' for a target of 35%)
                self.reason(R_POINTS_CHANGE.format(q=self.quote(tok.start, tok.end)))
            elif tok.unit is None:
                # '+5' in a '%' column: 5% more or 5 points more? (and '+1' was read as a fraction,
                # last year x 2: found in review) the office says which
                self.reason(R_CHANGE_NO_PERCENT.format(q=self.quote(tok.start, tok.end)))
            return self.change_target(tok, change, abs(tok.value or 0.0), common)
        comparator = tok.op or ("<=" if self.trailing_max else self.polarity or ">=")
        implied = None
        if tok.op is None and self.trailing_max:
            pass  # the maximum is written, after the number
        elif tok.op is None and self.polarity is not None and not (low == 0 and self.polarity == ">=") \
                and not self.baseline:
            implied = R_POLARITY_IMPLIED.format(c=self.polarity)
        elif tok.op is None and low == 0 and not self.baseline and not self.time_context:
            # '0' events: '>= 0' is met by anything (found in a trial: 1 sentinel event scored 100%)
            self.reason(R_ZERO_UNDECIDED.format(q=self.quote(tok.start, tok.end)))
        elif tok.op is None and self.time_context and unit == "euro":
            self.reason(R_COST_UNDECIDED.format(q=self.quote(tok.start, tok.end)))
        elif tok.op is None and self.time_context and unit == "percent":
            # a share of costs or times ('Incidenza dei costi di funzionamento sulle entrate 1,2%') is
            # kept low as often as reached ('% di riduzione dei tempi'): asked (found in a trial: read
            # as a minimum, 91,67%)
            self.reason(R_DIRECTION_UNDECIDED.format(q=self.quote(tok.start, tok.end)))
        elif tok.op is None and self.kept_low and not self.time_context and not self.trailing_max:
            self.reason(R_DIRECTION_UNDECIDED.format(q=self.quote(tok.start, tok.end)))
        elif tok.op is None and self.time_context and (unit in TIME_UNITS or unit is None):
            # "30 gg.", "26'", a bare number for a "tempo medio": a time to keep within; "100 €"
            # for a "costo medio per pratica" (found in review: read as a minimum)
            comparator = "<=" if self.time_max else ">="
            implied = R_TIME_IMPLIED if self.time_max else R_TIME_IMPLIED_MIN
        elif tok.op is None and unit in TIME_UNITS and not self.baseline:
            # "20 ore" of training is a minimum, "10 giorni" of waiting a maximum: the unit alone
            # cannot tell (found in review: '20 ore pro capite' was read as a maximum)
            self.reason(R_TIME_UNDECIDED.format(q=self.quote(tok.start, tok.end)))
        if self.baseline:
            if not any(t.kind == "CUR" for t in self.toks):  # not the ratio "anno t / anno t-1"
                self.reason(R_BASELINE_VALUE.format(q=_q(self.text)))
            return self.target("baseline", comparator=comparator, value=low, unit=unit,
                               baseline_year=self.baseline_year, reference=self.baseline_ref, **common)
        if direction:
            self.reason(R_CHANGE.format(q=_q(self.text)))
        return self.target("value", comparator=comparator, value=low, unit=unit, implied=implied,
                           percent_written=tok.percent_sign,
                           comparator_written=tok.op is not None or self.trailing_max,
                           hint_fraction=hint_fraction, **common)

    def change_target(self, tok: _Tok, change: str, percent: float, common: dict) -> Target:
        """'+10% sul 2018', 'incremento del 5%', 'riduzione del 10%': a change from the prior year's
        value, read as the ratio to reach (1,10; 0,90) over that value."""
        ratio = 1 + percent / 100 if change == "up" else 1 - percent / 100
        year = self.baseline_year if self.baseline_year is not None else (self.year - 1 if self.year else None)
        words = "un aumento" if change == "up" else "una riduzione"
        shown = f"{percent:g}".replace(".", ",")
        implied = (f"{words} del {shown}% rispetto all'anno precedente: il target è il valore "
                   f"{'del ' + str(year) if year else 'dell anno precedente'} x {f'{ratio:g}'.replace('.', ',')}")
        return self.target("baseline", comparator=">=" if change == "up" else "<=", value=ratio,
                           baseline_year=year, reference=self.baseline_ref, implied=implied, **common)

    def target(self, kind: str, **fields) -> Target:
        return Target(self.text, kind, uncertain=bool(self.reasons), reasons=tuple(self.reasons), **fields)


# --------------------------------------------------------------------------- entry points


SCALE_TOPS = (4, 5, 6, 7, 10, 100)  # the scales of votes and surveys: '>= 3,5/5', '>= 80 su 100', a vote '7,2/10'
_ON_A_SCALE = re.compile(r"\s*(?:(?:voto|punteggio|valutazione|giudizio|gradimento)(?:\s+medio|\s+media)?\s*(?=[<>≥≤=]|almeno))?"
                         r"((?:[<>≥≤=]=?|almeno|non inferiore a|pari o superiore a|minimo)?\s*)"
                         r"(\d{1,3}(?:[.,]\d{1,2})?)\s*(?:/|su)\s*(" + "|".join(map(str, SCALE_TOPS)) +
                         r")\s*(?:punti)?\s*", re.I)
# a comparator typed with a space, '> = 90%', '< = 30 gg' (found in a trial: asked as '>' without a value)
_SPACED_COMPARATOR = re.compile(r"([<>])\s+=")
# a share of what is done within a time: '100% delle pratiche evase entro 5 gg', '>= 95% entro 30 giorni
# dalla richiesta' (the time says what is counted, the share is the target)
_SHARE_WITHIN = re.compile(r"(?P<share>[^%\d]*\d+(?:[.,]\d+)?\s*%[^%\d]*?)\s+entro\s+(?:(?:i|le|il)\s+)?\d+\s*"
                           r"(?:ore|ora|h|giorni(?:\s+lavorativi)?|gg\.?|minuti|min|mesi|settimane)(?![\w])[^%\d]*",
                           re.I)


def parse_target(raw, *, year: int | None = None, unit_hint: str | None = None, number_format: str | None = None,
                 time_context: bool = False, time_max: bool = True, kept_low: bool = False,
                 direction: str | None = None) -> Target:
    """Read a target cell (None, str, number, bool, date/datetime). Never raises.

    `number_format`: the cell's format (a number formatted as % holds 0,95 for 95%);
    `time_context`: the indicator speaks of a time ("tempo medio di ...", see speaks_of_time);
    `time_max`: a time written without a comparator is a maximum (the default) or a minimum;
    `kept_low`: the indicator speaks of what may be kept low (see may_be_kept_low): a bare target is asked;
    `direction`: the office's polarity of the indicator ('>=' more is better, '<=' less is better, see
    read_polarity): the comparator of a bare target, before any guess from the indicator's words."""
    text = _as_text(raw)
    ctx = _Context(_clean_hint(unit_hint), bool(time_context), bool(time_max), bool(kept_low),
                   direction if direction in (">=", "<=") else None)
    try:
        scale = _ON_A_SCALE.fullmatch(text) if isinstance(raw, str) else None
        # (a bare '8/10' may be a date: the scale needs a comparator, a decimal mark or 'su')
        if scale is not None and float(scale.group(2).replace(",", ".")) <= float(scale.group(3)) and \
                (scale.group(1).strip() or "," in scale.group(2) or "." in scale.group(2) or " su " in f" {text} "):
            # '>= 3,5/5', 'almeno 4 su 5': a mark on a scale, the scale's top is not a second value
            # (found in a trial of university plans: asked, as 'più valori')
            return replace(parse_target(scale.group(1) + scale.group(2), year=year, unit_hint=unit_hint,
                                        time_context=time_context, time_max=time_max, kept_low=kept_low,
                                        direction=direction),
                           text=text, scale=float(scale.group(3)))
        if isinstance(raw, str) and _CURRENCY_FIRST.search(text):
            moved = _CURRENCY_FIRST.sub(lambda m: f"{m.group(2)} {m.group(1)}", text)
            read = parse_target(moved, year=year, unit_hint=unit_hint, number_format=number_format,
                                time_context=time_context, time_max=time_max, kept_low=kept_low, direction=direction)
            if read.uncertain:  # asked: the office's own words, not the rewritten ones (found in review)
                read = replace(read, reasons=tuple(r.replace(_q(moved), _q(text)) for r in read.reasons))
            return replace(read, text=text)
        if isinstance(raw, str) and _SPACED_COMPARATOR.search(text):
            return replace(parse_target(_SPACED_COMPARATOR.sub(r"\1=", text), year=year, unit_hint=unit_hint,
                                        number_format=number_format, time_context=time_context,
                                        time_max=time_max, kept_low=kept_low, direction=direction), text=text)
        within = _SHARE_WITHIN.fullmatch(text) if isinstance(raw, str) and "%" in text else None
        if within is not None:
            # (found in a trial of Camere di commercio: asked as 'più valori', '100%' and '5 gg')
            return replace(parse_target(within.group("share"), year=year, unit_hint=unit_hint,
                                        time_context=False, time_max=time_max, kept_low=kept_low,
                                        direction=direction), text=text)
        target = _parse(raw, text, _clean_year(year), ctx, number_format)
        if isinstance(raw, str) and target.kind in ("value", "range") and not target.uncertain:
            folded = fold(text)
            if any(not _AFTER_A_TIME.search(folded, 0, m.start()) for m in _ANY_HALF.finditer(folded)):
                # '10 e mezzo', '2 milioni e mezzo di euro': the half was dropped (found in review)
                target = replace(target, uncertain=True, reasons=target.reasons + (R_HALF.format(q=_q(text)),))
        if target.kind == "baseline" and ctx.direction is not None and target.comparator in (">=", "<=") and \
                target.comparator != ctx.direction and not target.comparator_written and not target.uncertain:
            # '-10% rispetto al 2024' where the office's polarity says more is better: a fall allowed
            # ('>= 90% of 2024') or a reduction asked? Asked, never guessed (found in a trial)
            target = replace(target, uncertain=True, reasons=target.reasons + (R_POLARITY_CONFLICT.format(
                q=_q(text), change="una riduzione" if target.comparator == "<=" else "un aumento",
                better="di più" if ctx.direction == ">=" else "di meno"),))
        said = magnitude_of(text) if isinstance(raw, str) and target.kind in ("value", "range") else None
        if said is not None:
            target = replace(target, magnitude=said)
            first = _FIRST_NUMBER.search(text)
            digits = first.group() if first is not None else ""
            written = parse_number(digits) if digits else None
            if target.kind == "value" and target.value is not None and written is not None and said != 1 \
                    and abs(target.value) == written and not target.uncertain and _SHORT_MAGNITUDE.search(text):
                # a magnitude the text has but the reading did not apply ('9 M', '10 m'): 9 against 8.700.000
                # scored 100% (found in a trial); asked, never taken as units nor guessed as millions
                target = replace(target, uncertain=True,
                                 reasons=target.reasons + (R_MAGNITUDE_UNREAD.format(q=_q(text), n=digits),))
        if isinstance(raw, str) and target.kind not in ("empty", "placeholder"):
            doubts = _misspellings(text)
            if doubts:
                reasons = target.reasons
                fixed = _DIGIT_LETTER_RE.sub(lambda m: m.group().translate(_LOOKALIKES), text)
                if fixed != text:
                    guess = _parse(fixed, fixed, _clean_year(year), ctx, None)
                    if not guess.uncertain and not _misspellings(fixed):
                        # the other doubts come from the typo: say what it probably is instead
                        reasons = ()
                        typos = list(dict.fromkeys(m.group() for m in _DIGIT_LETTER_RE.finditer(text)))
                        doubts = tuple(d for d in doubts if "cifre e lettere" not in d) + (
                            R_LOOKALIKE.format(q="', '".join(typos), verb="mescola" if len(typos) == 1 else "mescolano",
                                               fixed=fixed),)
                target = replace(target, uncertain=True, reasons=reasons + doubts)
        return target
    except Exception:  # noqa: BLE001 - one odd cell must never stop the reading of a plan
        return Target(text, "unknown", uncertain=True, reasons=(R_INTERNAL,))


# what an indicator measures when less is better: a time, a cost, or the office's own mark "(M-)"
# Units alone ('giorni', 'ore') and spending words ('Capacità di spesa') do not say it: "Ore di
# formazione erogate" and "Numero di giorni di apertura" are to reach (found in review).
# "Giorni medi di pagamento", "Numero medio di giorni per il rilascio" are times too; "attese"
# (expectations), "tempestività nell'evasione" and "evase nei tempi previsti" are not (found in
# review: they made a share to reach a maximum).
_LESS_IS_BETTER = re.compile(r"\b(?:tempo|tempi|tempistica|durata|attesa|ritardo|ritardi|costo|costi"
                             r"|giorni medi|medio di giorni|media di giorni|media dei giorni"
                             r"|(?:indice|indicatore) di tempestivita|tempestivita dei pagamenti)\b|\(m\s?-\)")
# What is usually kept low but also counted to reach, depending on the words around it ('tonnellate di
# CO2 emesse' and 'emissioni di CO2 evitate', 'giornate di assenza' and 'visite fiscali per assenze'):
# a bare target for such an indicator is asked, never guessed (found in a trial: 121,4 t of CO2 against
# 117 scored 100% as a minimum; found in review: read as a maximum, 'CO2 evitate' scored 83%).
# ... and the health and administrative measures that are usually kept low (found in a second trial on
# an ASL budget sheet: '0 su 3 obiettivi raggiunti' where every value beat its target)
# what is done late or not done: 'pagati oltre i termini', 'oltre i 30 giorni', 'crediti non riscossi'
_LATE_OR_UNDONE = (r"(?:oltre|dopo) (?:i|il|la|le)? ?(?:termin[ei]|scadenz[ae]|\d+ (?:giorni|gg))|in ritardo|"
                   # hours beyond, after what is done or waited ('Segnalazioni gestite oltre 48 ore', 'permanenza
                   # oltre 6 ore'), not 'Dipendenti formati oltre 20 ore' (found in the fifth and sixth reviews)
                   r"(?:pagat|riscoss|incassat|recuperat|smaltit|evas|definit|liquidat|gestit|risolt|trattat|ripristin|"
                   r"permanenz|attes)\w*(?: [\w']+){0,3} (?<!non )(?:oltre|dopo) (?:le |i )?\d+ (?:ore|h)|"
                   r"fuori termine|tardiv\w*|interessi di mora|soccombenz\w*|sfavorevol\w*|"
                   r"non (?:ancora )?(?:pagat|riscoss|incassat|recuperat|smaltit|evas|definit|liquidat|gestit|risolt|"
                   r"trattat|ripristinat)\w*")
_KEPT_LOW = re.compile(r"\b(?:emissioni|co2|assenza|assenze|assenteismo|affollamento|sovraffollamento"
                       r"|tasso di errore|errori|infortuni|consum[io]|giacenz[ae]|arretrat[oi]"
                       r"|reclami|infezion[ei]|mortalita|cesarei|ricoveri ripetuti|riammission[ei]|ospedalizzazione"
                       r"|abbandon[io]|fughe|fuga|residui passivi|straordinari[o]?|accessi impropri|inappropriat\w*"
                       # spending, charges and what is refused, suspended or disputed (found in a second probe
                       # of real wordings: 'Incidenza della spesa di personale | 30% | 28%' scored 93,33%
                       # as a minimum; the README asks a bare share of costs)
                       # (what is to reach among these words is taken out first: _TO_REACH)
                       # the first term of a ratio: 'Incidenza della spesa corrente sulle entrate', not 'Rapporto
                       # tra spesa per investimenti e spesa corrente' (its first term taken out: _TO_REACH)
                       r"|(?:incidenza|rapporto)\s+(?:(?:tra|fra|di|della|del|dello|dell'|degli|dei|delle|la|il|le|gli|i|l')\s*)?"
                       r"(?:spes[ae]|oneri)\b|spes[ae] (?:di|per|del) (?:il )?personale"
                       r"|spes[ae] per (?:le )?utenze|oneri|respint[ei]|rigett\w*|sospension[ei]|sospes[ei]|residui attivi"
                       r"|indebitamento|ricors[oi]|sinistr[oi]|rifiuti prodotti|produzione (?:pro capite )?di rifiuti"
                       r"|cesare\w*|anticipazion\w* di tesoreria"
                       r"|ranking|posizione (?:nel|nella|in|in una) (?:classifica|graduatoria|ranking)"
                       r"|turnover|contenzios[oi]|degenza|spesa farmaceutica|spesa pro capite|liste d'attesa"
                       r"|giacent[ei]|debiti|scadut[ie]"
                       # a ceiling: 'Rispetto del tetto di spesa (spesa/tetto)' 100% (found in a trial of ASL
                       # sheets: 103% of the ceiling, overspent, scored 100% as a minimum)
                       # (a spending one, not a roof: 'Rifacimento dei tetti delle scuole', found in review)
                       r"|tett[oi]\b[^;]{0,60}\bspes[ae]|spes[ae]\b[^;]{0,60}\btett[oi]|sforament[oi] d\w* (?:spesa|budget|tetto)"
                       r"|massimal[ei] di spesa"
                       # downtime and judgements against the body (found in trials: a bare target a minimum)
                       r"|(?:ore|giorni|giornate) di fermo|fermi macchina"
                       r"|fermo (?:degli |dei |del |della )?(?:impiant\w*|sistem\w*|macchin\w*|mezz\w*|serviz\w*)"
                       r"|(?:numero|durata|ore|giorni) (?:di|delle) interruzion[ei]|interruzion[ei] (?:del|dei|di) serviz\w*"
                       r"|disserviz[io]|giorni di chiusura|condann[ae]|soccombenz[ae]|"
                       + _LATE_OR_UNDONE + r")\b")
# a time named as what is respected or met: the indicator counts what was on time, to reach
_ON_TIME = re.compile(r"\b(?:nei|entro i|nel rispetto dei|rispetto ai|rispetto dei|secondo i|con i) tempi"
                      r"(?: (?:previsti|stabiliti|programmati|di legge|standard|indicati|fissati|prefissati|"
                      r"richiesti|definiti|massimi|medi))?\b")


# a SI/NO indicator that is a condition kept all year ('Rispetto del tetto di spesa', 'Tetto di spesa
# rispettato'), not an act done once ('Rispetto del termine per l'adozione', 'Garantire la pubblicazione')
_CONDITION = re.compile(r"\b(?:rispett[oaie]|rispettare|mantenimento|mantenere|mantenut[oaie]|assenza|nessun[oa]?|"
                        r"permanenza|conformita|osservanza|contenimento|equilibrio|pareggio|tetto|vincol[oi])\b")
_ONE_OFF = re.compile(r"\b(?:termine|termini|scadenza|scadenze|entro|adozione|approvazione|pubblicazione|"
                      r"realizzazione|attivazione|avvio|completamento|conclusione)\b")


def is_condition(text) -> bool:
    """Whether a SI/NO indicator is a condition to keep all year ('Rispetto del tetto di spesa',
    'Mantenimento della certificazione', 'Assenza di rilievi'): met in June, it is kept so far,
    not done for good as 'Approvazione del regolamento' is."""
    folded = fold(str(text)) if text else ""
    return _CONDITION.search(folded) is not None and _ONE_OFF.search(folded) is None


# what is done to what is usually kept low makes a share to reach: 'debiti pagati', 'crediti scaduti
# riscossi', 'copertura dei costi' (found in review: asked, where they were read right as minima)
# (participles only: 'Tempo medio di smaltimento', 'di riscossione' stay times)
_DONE_TO = re.compile(r"\b(?:pagat[aeio]|riscoss[aeio]|incassat[aeio]|recuperat[aeio]|smaltit[aeio]|evas[aeio]|"
                      r"definit[aeio]|liquidat[aeio]|abbattut[aeio]|copertura|gestit[aeio]|risolt[aeio]|trattat[aeio]|"
                      r"recupero|ripristin\w*)\b")


_COVERAGE = re.compile(r"\bcopertura\b")
# ... unless what is done is late or not done: 'debiti pagati oltre i termini', 'crediti non riscossi'
# are still kept low (found in reviews); and only debts, credits and backlogs are done so: 'Ore di
# straordinario liquidate' stay kept low
# ... and done late by hours: 'Disservizi risolti oltre 48 ore' (found in a fourth review), not as what is
# kept low by itself ('Dipendenti formati oltre 20 ore' is to reach: found in a fifth review)
# (what is kept low and done beyond hours is late however it is written: 'Disservizi risolti: oltre 48 ore',
# 'risolti dal gestore del servizio oltre 48 ore': found in a seventh review)
_LATE = re.compile(rf"\b(?:{_LATE_OR_UNDONE}|(?<!non )(?:oltre|dopo) (?:le |i )?\d+ (?:ore|h))\b")
_DONE_TO_WHAT = re.compile(r"\b(?:debit[oi]|credit[oi]|scadut[aeio]|giacent[ei]|giacenz[ae]|arretrat[oi]|"
                           r"residui|pratiche|fatture|contenzios[oi]|disserviz\w*|segnalazion\w*|interruzion\w*)\b")
# ... and judgements against the body only when what they award is recovered: paid, they are a cost
# ('Somme liquidate a seguito di sentenze di condanna' is kept low: found in a fourth review)
_RECOVERED = re.compile(r"\b(?:recuper\w*|riscoss\w*|incass\w*)\b")
_JUDGEMENT = re.compile(r"\b(?:sentenz\w*|condann\w*)\b")
# (damages are paid unless recovered: 'Recupero dei risarcimenti' is to reach, 'Risarcimenti ... al netto di
# quanto recuperato' is not: found in the sixth and seventh reviews)
_PAID = re.compile(r"\b(?:pagat\w*|liquidat\w*|versat\w*|erogat\w*|(?<!recupero dei )(?<!recupero di )(?<!al )risarciment\w*)\b")
# ... but a spending paid is still a spending: 'Spesa legale per contenziosi liquidata' is kept low
_SPENDING = re.compile(r"\b(?:spesa|spese|costo|costi|interessi|oneri)\b")


# what is to reach among the words of _KEPT_LOW, taken out of the indicator's text before it is searched
# (found in review: 'Rapporto tra spesa per investimenti e spesa corrente', 'Riscossione dei residui attivi',
# 'Ricorso al MEPA', 'raccolta differenziata dei rifiuti prodotti' were asked)
# (only named things to reach after 'ricorso a': 'Ricorso agli straordinari' is kept low, found in review)
_TO_REACH = re.compile(r"spes[ae] (?:(?:per|in|di|d') ?)?investiment\w*|spes[ae] in conto capitale|capacita di spesa|"
                       r"(?:riscossion|incass|smaltiment|recuper|riduzion|abbattiment)\w* (?:de[il] |degli )?residui attivi|"
                       r"ricorso (?:al|alla|allo|agli|alle|all'|ai|a) ?(?:mepa|consip|convenzion\w*|lavoro agile|smart working|"
                       r"telelavoro|piattaform\w*|mercato elettronico|strumenti telematici|procedure telematiche)|"
                       r"ricorsi vinti|ricorsi (?:\w+ )?decisi|sinistri liquidati|oneri (?:di urbanizzazione|concessori)|"
                       r"rifiuti (?:prodotti )?avviat\w* a (?:recupero|riciclo)|"
                       r"raccolta differenziata(?: de[il] rifiuti)?(?: (?:urbani|prodotti))*")


def may_be_kept_low(text) -> bool:
    """Whether an indicator speaks of something usually kept low but not always (emissions,
    absences, overcrowding, errors, consumption, backlogs): a bare target is then 'da verificare'
    (R_DIRECTION_UNDECIDED), unless the indicator is a time or a cost (speaks_of_time), or says
    what is done to it ('debiti pagati'), on time."""
    if not text:
        return False
    folded = _TO_REACH.sub(" ", fold(str(text)))
    done = (_DONE_TO.search(folded) is not None and _DONE_TO_WHAT.search(folded) is not None
            and _SPENDING.search(folded) is None) or (
        _RECOVERED.search(folded) is not None and _JUDGEMENT.search(folded) is not None and _PAID.search(folded) is None)
    return _KEPT_LOW.search(folded) is not None and (not done or _LATE.search(folded) is not None)


# a polarity cell's words: which way is better ('+', 'positiva', 'crescente', 'in aumento'; '-',
# 'negativa', 'decrescente', 'in riduzione', 'Decrescente (↓)')
_MORE_WORDS = re.compile(r"\b(?:cresc\w*|positiv\w*|aument\w*|increment\w*|maggior\w*|massim\w*|alt[oaie]|piu|"
                         r"rialz\w*|max)\b|[↑▲]|\(\s*\+\s*\)|^\s*\+{1,2}\s*$|^\s*>=?")
_LESS_WORDS = re.compile(r"\b(?:decresc\w*|negativ\w*|riduz\w*|ridurre|diminu\w*|minor\w*|minim\w*|bass[oaie]|meno|"
                         r"cal[aio]\w*|scend\w*|"
                         r"ribass\w*|contenimento|min)\b|[↓▼]|\(\s*[-−]\s*\)|^\s*[-−]{1,2}\s*$|^\s*<=?")


def read_polarity(raw) -> str | None:
    """A polarity cell as a comparator: '>=' when more is better ('+', 'positiva', 'crescente', 'in
    aumento', 'più è meglio', 'valori meno elevati sono peggiori'), '<=' when less is ('-', 'negativa',
    'decrescente', 'in riduzione', 'meno è meglio', 'più alto è peggio'); None for anything else (an
    empty cell, 'n.a.', a negation such as 'non crescente', clauses that disagree or say neither way),
    which leaves a bare target to the usual reading (checks.py says so at the cell). Each clause
    ('Più alto è migliore, più basso è peggiore') is read by itself: they must agree (found in review:
    one 'peggiore' turned the whole cell around)."""
    if not isinstance(raw, str) or not raw.strip():
        return None
    key = fold(raw)
    if re.search(r"\bnon\b", key):
        return None  # 'non crescente': not said which way (found in review: read as more is better)
    found: list[str] = []
    explicit = False  # the last direction was said by a polarity word ('decrescente', '-'), not a level
    pending = False  # a clause saying only 'worse' before any direction ('Peggioramento' alone)
    for clause in re.split(r"[,;()]|\s-\s", key):
        label, colon, body = clause.partition(":")
        said = _clause_polarity(body) if colon and not _clause_polarity(label) else None
        if said is not None:
            # 'Migliore: valori alti', 'Peggiore: valore più alto': the label says what the rest is (found in
            # a seventh review: a 'peggiore' label turned the clause before it)
            found.append(("<=" if said == ">=" else ">=") if _WORSE.search(label) else said)
            explicit = True
            continue
        clause = clause.replace(":", " ")
        direction = _clause_polarity(clause)
        if direction is None and _WORSE.search(clause):
            # 'Più alto è il valore, peggiore è la performance', 'Maggiore (peggiore)': the worse of what
            # the clause before says (found in a fifth review); after a polarity word it only explains it
            # ('Negativa (peggiore)': found in a sixth review)
            if found and not explicit:
                found[-1] = "<=" if found[-1] == ">=" else ">="
            elif not found:
                pending = True
        elif direction is not None:
            if pending:
                direction, pending = ("<=" if direction == ">=" else ">="), False
            found.append(direction)
            explicit = _EXPLICIT.search(clause) is not None
    return found[0] if found and len(set(found)) == 1 else None


_WORSE = re.compile(r"\bpeggio\w*|\bpeggior\w*")
# a polarity said by its own word, which a following 'worse' only explains ('Negativa (peggiore)'); a
# change ('in aumento', 'crescita') followed by 'worse' is what is worse (found in a seventh review)
_EXPLICIT = re.compile(r"^\s*(?:positiv[oa]|negativ[oa]|crescente|decrescente|[+\-−↑↓▲▼]{1,2})\s*$")


def _clause_polarity(clause: str) -> str | None:
    level = re.search(r"\b(piu|meno)\s+(alt[oaie]|elevat[oaie]|grand[ei]|bass[oaie]|piccol[oaie]|contenut[oaie])\b",
                      clause)
    if level is not None:  # 'più basso', 'meno elevati': the level and its direction say which way
        more = (level.group(1) == "piu") == (level.group(2)[:3] in ("alt", "ele", "gra"))
    else:
        up, down = _MORE_WORDS.search(clause) is not None, _LESS_WORDS.search(clause) is not None
        if up == down:
            return None
        more = up
    if _WORSE.search(clause):
        more = not more  # 'più alto è peggio'
    return ">=" if more else "<="


def speaks_of_time(text) -> bool:
    """Whether an indicator measures something to keep low: a time ("Tempo medio di evasione",
    "giorni di attesa", "Giorni medi di pagamento"), a cost ("Costi relativi ai programmi di
    spesa"), or the office marks it "(M-)". A bare number as its target is then a maximum, as
    "30 gg." is. What is done on time ("pratiche evase nei tempi previsti") is not a time."""
    if not text:
        return False
    folded = _ON_TIME.sub(" ", fold(str(text)))
    # 'Grado di copertura dei costi' is a share to reach; 'Durata dei procedimenti definiti', 'Costo
    # medio per pratica evasa' stay a time and a cost (found in review: read as minima)
    return _LESS_IS_BETTER.search(folded) is not None and _COVERAGE.search(folded) is None


@dataclass(frozen=True)
class _Context:
    hint: str | None  # the unit column's unit
    time_context: bool = False
    time_max: bool = True
    kept_low: bool = False
    direction: str | None = None  # the office's polarity: '>=' or '<=' (parse_target)


# comparator words a typo can turn into something the reading skips ("minore o ugale a 7")
_COMPARATOR_WORDS = ("maggiore", "minore", "uguale", "inferiore", "superiore", "almeno", "massimo", "minimo",
                     "compreso", "compresa", "entro")
_LEGIT_FORMS = frozenset("maggiori minori uguali inferiori superiori massima massimi massime minima minimi minime "
                         "compresi comprese entrambi entrata entrate".split())
_WORD_RE = re.compile(r"[a-z]+\.?")
# a number with a letter for a digit: '1O', '9O', 'O5' (not 'I2' or 'l5' in front: codes such as 'Fase I2')
_DIGIT_LETTER_RE = re.compile(r"\b\d+[oOlI]\b|\b[oO]\d+\b")
_LOOKALIKES = str.maketrans("oOlI", "0011")
R_LOOKALIKE = "'{q}' {verb} cifre e lettere: forse il target è '{fixed}'? correggerlo nella cella"


def _edit_distance_at_most(a: str, b: str, limit: int) -> bool:
    """Optimal-string-alignment distance <= limit (a swap of two letters counts as one edit)."""
    if abs(len(a) - len(b)) > limit:
        return False
    rows = [list(range(len(b) + 1))]
    for i, ca in enumerate(a, 1):
        row = [i]
        for j, cb in enumerate(b, 1):
            cost = min(rows[i - 1][j] + 1, row[j - 1] + 1, rows[i - 1][j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, rows[i - 2][j - 2] + 1)
            row.append(cost)
        rows.append(row)
    return rows[-1][-1] <= limit


def _misspellings(text: str) -> tuple[str, ...]:
    """Words that look like a mistyped comparator, and digits mixed with O or l ('1O')."""
    folded = fold(text)
    reasons = []
    for word in _WORD_RE.findall(folded):
        bare = word.rstrip(".")
        if bare in _COMPARATOR_WORDS or bare in _LEGIT_FORMS or len(bare) < 4:
            continue
        if word.endswith(".") and any(w.startswith(bare) for w in _COMPARATOR_WORDS):
            reasons.append(f"abbreviazione '{word}': scrivere la parola per intero o il simbolo (>=, <=)")
            continue
        limit = 2 if len(bare) >= 8 else 1  # short words have too many close neighbours
        close = [w for w in _COMPARATOR_WORDS if _edit_distance_at_most(bare, w, limit)]
        if close:
            reasons.append(f"'{bare}' forse è '{close[0]}': correggere il testo del target")
    for m in _DIGIT_LETTER_RE.finditer(text):
        reasons.append(f"'{m.group()}' mescola cifre e lettere (una lettera al posto di una cifra?): "
                       "correggere il numero")
    return tuple(dict.fromkeys(reasons))


def _as_text(raw) -> str:
    if raw is None:
        return ""
    if isinstance(raw, str):
        return raw
    try:
        return str(raw)
    except Exception:  # noqa: BLE001 - an object whose str() fails
        return ""


def _clean_year(year) -> int | None:
    if isinstance(year, bool):
        return None
    if isinstance(year, float) and year.is_integer():
        year = int(year)
    if isinstance(year, str) and year.strip().isdigit():
        year = int(year.strip())
    return year if isinstance(year, int) and 1000 <= year <= 9999 else None


_HINTS = {
    "percent": "percent", "percentuale": "percent", "%": "percent", "perc": "percent", "percento": "percent",
    "days": "days", "giorni": "days", "gg": "days", "gg.": "days", "giorno": "days",
    "euro": "euro", "€": "euro", "eur": "euro",
    "count": "count", "numero": "count", "n.": "count", "n": "count", "conteggio": "count", "quantita": "count",
    "minuti": "minutes", "min": "minutes", "min.": "minutes", "minutes": "minutes",
    "ore": "hours", "ora": "hours", "h": "hours", "hours": "hours",
    "mesi": "months", "mese": "months", "months": "months", "settimane": "weeks", "weeks": "weeks",
}


def unit_of(hint) -> str | None:
    """The unit a 'Unità di misura' cell names ('gg.', 'Ore', '%', 'numero'), or None: the one
    vocabulary of units for the unit column, the targets and the actuals."""
    if not isinstance(hint, str):
        return None
    word = " ".join(fold(hint).split())
    return _HINTS.get(word) or _HINTS.get(word.rstrip(".")) or ("percent" if word == "per cento" else None)


_clean_hint = unit_of


def _parse(raw, text: str, year: int | None, ctx: _Context, number_format: str | None) -> Target:
    if raw is None:
        return Target(text, "empty")
    if isinstance(raw, bool):
        return Target(text, "milestone", milestone=raw)
    if isinstance(raw, (datetime.time, datetime.timedelta)):
        # a time typed as Excel keeps it ('2:00'): a duration in minutes, read as if written so
        seconds = raw.total_seconds() if isinstance(raw, datetime.timedelta) else \
            raw.hour * 3600 + raw.minute * 60 + raw.second
        return replace(_parse_text(f"{fmt(seconds / 60)} minuti", year, ctx, allow_years=False), text=text)
    if isinstance(raw, (datetime.date, datetime.datetime)):
        day = raw.date() if isinstance(raw, datetime.datetime) else raw
        # a date shown as a month ('giu-24': Excel keeps the 1st of the month typed) is due at the
        # month's end, as 'entro giugno 2024' (found in a trial: done on 20/06, 0% as 19 days late)
        precision = shown_precision(number_format)
        if precision == "month":
            day = last_day(day.year, day.month)
        elif precision == "year":
            day = datetime.date(day.year, 12, 31)
        return Target(text, "deadline", comparator="<=", deadline=day)
    if isinstance(raw, numbers.Number) and not isinstance(raw, complex):
        shown = None if is_percent_format(number_format) or not isinstance(raw, (int, float)) else \
            shown_text(raw, number_format)
        if shown is not None:
            # read as what the cell shows ('20 ore', '500 mila'), as if typed so
            read = _parse_text(shown, year, ctx, allow_years=False)
            if read.kind in ("value", "range"):
                return replace(read, text=text, magnitude=magnitude_of(shown))
        return _from_number(text, raw, ctx, number_format)
    return _parse_text(text, year, ctx, allow_years=True)


def _from_number(text: str, raw, ctx: _Context, number_format: str | None) -> Target:
    """A numeric cell: a bare number, read as ">=" (or "<=" for a time); a %-formatted cell
    holds 0,9 for 90%."""
    try:
        value = float(raw)
    except (OverflowError, ValueError, TypeError):
        value = math.nan
    if not math.isfinite(value):
        return Target(text, "unknown", uncertain=True, reasons=(R_NOT_A_NUMBER.format(q=_q(text)),))
    unit, written, hint_fraction = ctx.hint, False, False
    if number_format and is_percent_format(number_format):
        value, unit, written = value * 100, "percent", True
    elif ctx.hint == "percent" and 0 <= value <= 1.5:
        value, hint_fraction = value * 100, True
    comparator, implied = ">=", None
    # as the cell shows it ('8%' for a %-formatted 0,08; '0,08' beside a unit column saying %)
    shown = f"{fmt(value)}%" if written else fmt(value / 100 if hint_fraction else value)
    if ctx.direction is not None and not (value == 0 and ctx.direction == ">="):
        # the office's polarity column says which way (found in a trial: 'Debiti scaduti' 420.000
        # against 500.000 was read as a minimum, 84%, with a '-' polarity beside it)
        return Target(text, "value", comparator=ctx.direction, value=value, unit=unit, percent_written=written,
                      implied=R_POLARITY_IMPLIED.format(c=ctx.direction), hint_fraction=hint_fraction)
    if value == 0 and not ctx.time_context:  # (a time or a cost of 0 is a maximum, below)
        return Target(text, "value", comparator=comparator, value=value, unit=unit, uncertain=True,
                      percent_written=written, reasons=(R_ZERO_UNDECIDED.format(q=_q(shown)),))
    if (ctx.time_context and unit in ("euro", "percent")) or (ctx.kept_low and not ctx.time_context):
        reason = R_COST_UNDECIDED if ctx.time_context and unit == "euro" else R_DIRECTION_UNDECIDED
        return Target(text, "value", comparator=comparator, value=value, unit=unit, uncertain=True,
                      percent_written=written, hint_fraction=hint_fraction, reasons=(reason.format(q=_q(shown)),))
    if ctx.time_context and (unit in TIME_UNITS or unit is None):
        comparator = "<=" if ctx.time_max else ">="
        implied = R_TIME_IMPLIED if ctx.time_max else R_TIME_IMPLIED_MIN
    elif unit in TIME_UNITS:  # the unit column says 'giorni', the indicator does not say which way
        return Target(text, "value", comparator=comparator, value=value, unit=unit, uncertain=True,
                      reasons=(R_TIME_UNDECIDED.format(q=_q(shown)),))
    return Target(text, "value", comparator=comparator, value=value, unit=unit, percent_written=written,
                  implied=implied, hint_fraction=hint_fraction)


def shown_precision(number_format: str | None) -> str:
    """How much of a date its format shows: 'day' ('dd/mm/yyyy', or no format), 'month' ('mmm-yy',
    'mmmm yyyy') or 'year' ('yyyy')."""
    bare = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", (number_format or "").lower())
    if not bare or re.search(r"[dhs]|general", bare) or not re.search(r"[my]", bare):
        return "day"
    return "month" if "m" in bare else "year"


def shown_decimals(number_format: str | None) -> int | None:
    """How many decimals of a number cell's value its format shows: '0' 0, '#,##0.00' 2, a
    percentage two more ('0%' shows 0,9496 as 95%: 2; '0.0%' 3). None when the format shows the
    value as it is (General), scales it (thousands, words: format_reading), or is not a plain
    number's (a date, a fraction, scientific, text, conditions)."""
    if not number_format:
        return None
    section = next(iter(_sections(number_format)), "")
    bare = re.sub(r'"[^"]*"|\\.|_.|\*.', "", section)
    if re.search(r"\[(?:h+|m+|s+|[<>=])", bare, re.IGNORECASE):
        return None  # an elapsed time ([h]) or a condition
    bare = re.sub(r"\[[^\]]*\]", "", bare)  # a colour or a currency
    low = bare.lower()
    if not re.search(r"[0#?]", bare) or re.search(r"[e/@]|general|[dmyhs]", low) or \
            re.search(r"[0#?],+(?![0#?])", bare) or format_reading(number_format) is not None:
        return None
    decimals = re.search(r"\.([0#?]*)", bare)
    return (len(decimals.group(1)) if decimals else 0) + 2 * bare.count("%")


def is_percent_format(number_format: str | None) -> bool:
    """A number format that shows the value as a percentage ('0%', '0.00%'; a '%' inside quotes
    or escaped is a literal character, not a percentage)."""
    if not number_format or "%" not in number_format:
        return False
    bare = re.sub(r'"[^"]*"|\\.', "", number_format)
    return "%" in bare


def _parse_text(text: str, year: int | None, ctx: _Context, *, allow_years: bool) -> Target:
    if not text.strip() or not "".join(ch for ch in text if ch not in _INVISIBLE).strip():
        return Target(text, "empty")
    if len(text) > MAX_LENGTH:
        return Target(text, "unknown", uncertain=True, reasons=(R_TOO_LONG.format(n=len(text)),))
    if _FORMULA.match(text):
        return Target(text, "unknown", uncertain=True, reasons=(R_FORMULA.format(q=_q(text)),))
    folded, where = _fold_mapped(text)
    if not folded:
        return Target(text, "empty")
    if with_remark(_PLACEHOLDER, folded, quiet=True):  # ('N.A. (DGC 45/2025)': found in a trial, read as '>= 45')
        return Target(text, "placeholder")
    if with_remark(_PLACEHOLDER, folded):
        # 'da definire (almeno 80%)', 'n.d. (>= 5)': not defined, and a figure all the same (found in review: left
        # out, and the objective 'raggiunto' with it): asked
        return Target(text, "unknown", uncertain=True, reasons=(R_PLACEHOLDER_FIGURE.format(q=_q(text)),))
    withdrawn = withdrawn_word(text)
    if withdrawn is not None:
        return Target(text, "unknown", uncertain=True, reasons=(R_WITHDRAWN.format(q=_q(text), w=withdrawn),))
    act = act_numbers_only(folded)
    if act is not None:
        return Target(text, "unknown", uncertain=True, reasons=(R_ACT_NUMBER.format(q=_q(text), a=act.strip()),))
    if _SPACED_MINUS.fullmatch(folded):
        # '- 10%': a minus sign written apart (a reduction of 10%?) or a bullet before 10%? It was read as
        # '>= 10%' (found in review of a trial): asked
        return Target(text, "unknown", uncertain=True, reasons=(R_SPACED_MINUS.format(q=_q(text)),))
    if allow_years:
        by_year = _read_years(text, folded, where, year, ctx)
        if by_year is not None:
            return by_year
    keep = _KEEP.fullmatch(folded)
    if keep is not None:
        # 'mantenimento', 'mantenimento del livello 2023': last year's value kept, which way the
        # polarity says (a time or a cost kept within it; what may be kept low or reached is asked)
        prior = int(keep.group(1)) if keep.group(1) else (year - 1 if year else None)
        comparator = ctx.direction or ("<=" if ctx.time_context else ">=")
        asked = ctx.direction is None and ctx.kept_low and not ctx.time_context
        return Target(text, "baseline", comparator=comparator, baseline_year=prior, uncertain=asked,
                      reasons=(R_DIRECTION_UNDECIDED.format(q=_q(text)),) if asked else (),
                      implied=None if asked else R_KEEP_IMPLIED.format(c=comparator))
    if _NONE.fullmatch(folded) and not re.search(r"\d", folded):
        # 'nessun reclamo', 'zero infortuni': none at all, a maximum of 0 (they were not read, or asked as
        # '>= 0', met by anything)
        return Target(text, "value", comparator="<=", value=0.0, implied=R_NONE_IMPLIED)
    tokens = _Lexer(text, folded, where, year).tokens()
    return _Reader(text, folded, where, tokens, year, ctx.hint, ctx.time_context, ctx.time_max,
                   ctx.kept_low, ctx.direction).read()


# a number, its unit, then 'max' / 'massimo' / 'al massimo' / 'al più' / 'come massimo', and nothing else
_TRAILING_MAX = re.compile(r"^\s*\d[\d.,]*\s*(?:%|[a-z€.']{1,12})?\s*\(?(?:max\.?|massimo|al massimo|al piu|"
                           r"come massimo)\)?\s*$")


def _read_years(text: str, folded: str, where: list[int], year: int | None, ctx: _Context) -> Target | None:
    """A multi-year cell ("Anno 2015: 10 Anno 2016: 12"): read the plan year's segment."""
    marks = list(_YEAR_MARK.finditer(folded))
    if not marks:
        return None
    segments: dict[int, tuple[int, int]] = {}
    reasons: list[str] = []
    for i, mark in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(folded)
        mark_year = int(mark["y"])
        if mark_year in segments:
            reasons.append(R_YEAR_TWICE.format(q=mark_year))
        else:
            segments[mark_year] = (mark.end(), end)
    listed = ", ".join(str(y) for y in segments)
    if year is None and len(segments) > 1:
        return Target(text, "unknown", uncertain=True, reasons=(R_YEARS_NO_PLAN_YEAR.format(q=listed), *reasons))
    if year is not None and year not in segments:
        return Target(text, "unknown", uncertain=True, reasons=(R_YEAR_MISSING.format(y=year, q=listed), *reasons))
    chosen = year if year is not None else next(iter(segments))
    if year is None:
        reasons.append(R_YEAR_NOT_CONFIRMED.format(q=chosen))
    start, end = segments[chosen]
    part = _parse_text(_original(text, where, start, end), year if year is not None else chosen, ctx,
                       allow_years=False)
    all_reasons = tuple(dict.fromkeys((*part.reasons, *reasons)))
    return replace(part, text=text, uncertain=part.uncertain or bool(all_reasons), reasons=all_reasons)
