"""The plan's settings and scoring profile, kept in the workbook's "Impostazioni" sheet.

Each setting has an Italian label (what the office reads in column A), a default and a
description. The sheet is optional: every setting has a documented default, so a
workbook without the sheet is computed with the defaults.
"""

from __future__ import annotations

import math
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from .findings import Finding, Location, error, warning
from .text import fold
from .vocabulary import (BaselineRule, BodyLink, DoubtRule, EqualRule, IndividualScale, LowerRule, MissingRule,
                         TimeRule, Words)

SETTINGS_SHEET = "Impostazioni"

LOWER_RULES = tuple(LowerRule)
BASELINE_RULES = tuple(BaselineRule)
MISSING_RULES = tuple(MissingRule)
TIME_RULES = tuple(TimeRule)
EQUAL_RULES = tuple(EqualRule)
DOUBT_RULES = tuple(DoubtRule)
INDIVIDUAL_SCALES = tuple(IndividualScale)
BODY_LINKS = tuple(BodyLink)


@dataclass(frozen=True)
class Profile:
    """Everything that fixes how a plan is scored. Percentages are in points (100.0 = 100%)."""

    ente: str = ""
    anno: int | None = None
    lower_rule: LowerRule = LowerRule.T_OVER_A
    cap_indicator: float = 100.0
    cap_node: float = 100.0
    threshold_achieved: float = 100.0
    threshold_partial: float = 70.0
    # a threshold to exceed ('> 90%', 'oltre il 90%': the SMVP's 'raggiunto se superiore al 90%')
    achieved_strict: bool = False
    partial_strict: bool = False
    decimals: int = 2
    # deadline: grado when late; bands are (max days late, grado) pairs, in order
    late_grado: float = 0.0
    late_bands: tuple[tuple[int, float], ...] = ()
    baseline_rule: BaselineRule = BaselineRule.A_OVER_PY
    missing_rule: MissingRule = MissingRule.NOT_VALUED
    time_rule: TimeRule = TimeRule.MAXIMUM  # a time written without a comparator ("30 gg.") is a maximum
    # "= 90%" exceeded: ask ('da verificare'), or read it as at least, or as exactly (found in a
    # trial: ministries write '= 45.000' for the value to reach, and 48.200 scored 93%)
    equal_rule: EqualRule = EqualRule.ASK
    # a result 'da verificare' leaves its objective to verify, or (the office's choice) is left out
    doubt_rule: DoubtRule = DoubtRule.ASK
    individual_scale: IndividualScale = IndividualScale.BANDS
    # (minimum grado, factor) pairs, ascending: grado >= minimum -> factor; below the first -> 0
    individual_bands: tuple[tuple[float, float], ...] = ((60.0, 0.6), (70.0, 0.8), (90.0, 0.9), (99.0, 1.0))
    individual_linear: tuple[float, float] = (60.0, 99.0)
    # an individual objective linked to the whole body: the body's mean grado or its share reached;
    # None (not chosen) makes such a link an error, the two being what SMVPs mean by it
    body_link: BodyLink | None = None
    prerequisite: float = 80.0
    monitoring_tolerance: float = 10.0
    closed_periods: tuple[str, ...] = ()


@dataclass(frozen=True)
class Setting:
    attr: str  # Profile attribute
    label: str  # Italian label in column A of the settings sheet
    default_text: str  # how the default is written in the sheet
    description: str  # Italian: what it does, accepted values
    kind: str  # "text", "year", "percent", "threshold", "share", "int", "choice", "late", "bands", "range", "periods"
    choices: tuple[Words, ...] = ()
    aliases: tuple[str, ...] = field(default=())


SETTINGS: tuple[Setting, ...] = (
    Setting("ente", "Ente", "", "Nome dell'ente (compare nel riepilogo).", "text", aliases=("amministrazione",)),
    Setting("anno", "Anno del piano", "", "Anno a cui si riferiscono target e consuntivi, es. 2018. "
            "Serve a controllare le scadenze.", "year", aliases=("esercizio", "anno", "anno di riferimento")),
    Setting("lower_rule", "Regola minore è meglio", "T/A",
            "Come si calcola il grado quando un valore più basso è migliore (target '<='): "
            "T/A (target diviso consuntivo) oppure (2T-A)/T.", "choice", LOWER_RULES,
            aliases=("minore è meglio",)),
    Setting("cap_indicator", "Tetto grado indicatore", "100%",
            "Grado massimo di un indicatore, es. 100% o 120% per riconoscere il superamento del target.", "percent",
            aliases=("tetto indicatore", "tetto del grado indicatore")),
    Setting("cap_node", "Tetto grado obiettivo", "100%",
            "Grado massimo di un risultato, obiettivo o linea calcolato come media pesata.", "percent",
            aliases=("tetto obiettivo", "tetto del grado obiettivo")),
    Setting("threshold_achieved", "Soglia raggiunto", "100%",
            "Grado minimo (incluso) perché un obiettivo sia 'raggiunto'; '> 90%' o 'oltre il 90%' per una "
            "soglia esclusa.", "threshold",
            aliases=("soglia di raggiungimento", "soglia obiettivo raggiunto")),
    Setting("threshold_partial", "Soglia parzialmente raggiunto", "70%",
            "Grado minimo (incluso) per 'parzialmente raggiunto'; sotto è 'non raggiunto'. '> 70%' per una "
            "soglia esclusa.", "threshold",
            aliases=("soglia obiettivo parzialmente raggiunto",)),
    Setting("decimals", "Decimali del grado", "2",
            "Decimali con cui si mostra e si confronta il grado (0-4).", "int",
            aliases=("decimali",)),
    Setting("late_grado", "Scadenza in ritardo", "0%",
            "Grado di un adempimento concluso dopo la scadenza: una percentuale (es. 0%), "
            "oppure fasce per giorni di ritardo, es. '30 gg = 50%; 60 gg = 25%' "
            "(oltre l'ultima fascia: 0%). Non concluso entro la fine dell'anno: 0%.", "late",
            aliases=("scadenze in ritardo",)),
    Setting("baseline_rule", "Regola anno precedente", "A/PY",
            "Per i target riferiti all'anno precedente: A/PY (consuntivo diviso valore dell'anno "
            "precedente) oppure lineare (0% al valore dell'anno precedente, 100% al target).", "choice",
            BASELINE_RULES),
    Setting("missing_rule", "Dato mancante", "non valutabile",
            "Se manca il consuntivo o il target: 'non valutabile' (escluso dalla media, con il motivo), "
            "'zero' (conta come 0%) oppure 'errore' (la verifica segnala un errore).", "choice", MISSING_RULES,
            aliases=("dati mancanti",)),
    Setting("time_rule", "Tempo senza confronto", "massimo",
            "Un tempo o un numero senza confronto ('30 gg.', '30') per un indicatore da tenere basso ('Tempo "
            "medio di ...', 'Attesa', 'Costi ...', '(M-)'): 'massimo' (da non superare) oppure 'minimo'. Per "
            "gli altri un tempo senza confronto è da verificare.", "choice", TIME_RULES),
    Setting("doubt_rule", "Risultato da verificare", "da verificare",
            "Un risultato da verificare (target o unità incerti): 'da verificare' (lo restano anche il suo "
            "obiettivo, la linea e gli obiettivi individuali collegati, finché non si corregge) oppure "
            "'escluso dalla media' (l'obiettivo si calcola sugli altri).", "choice", DOUBT_RULES),
    Setting("equal_rule", "Target con '='", "da verificare",
            "Un target '= 90%' superato dal consuntivo (per un tempo o un costo: sceso sotto): 'da verificare' "
            "(finché non si sceglie qui o si scrive '>=' o '<='), 'almeno' (come '>=', o '<=' per un tempo) "
            "o 'esatto' (il minore diviso il maggiore). '= 0' vale zero.", "choice", EQUAL_RULES,
            aliases=("uguale su conteggi",)),
    Setting("individual_scale", "Scala individuale", "fasce",
            "Come il grado degli obiettivi individuali diventa il fattore di valutazione: 'fasce' oppure "
            "'lineare'.", "choice", INDIVIDUAL_SCALES),
    Setting("individual_bands", "Fasce individuali", "60% = 0,6; 70% = 0,8; 90% = 0,9; 99% = 1",
            "Fasce 'grado minimo = fattore', in ordine crescente; sotto la prima il fattore è 0.", "bands"),
    Setting("individual_linear", "Scala lineare individuale", "60% - 99%",
            "Per la scala 'lineare': fattore 0 al primo grado, 1 al secondo, lineare in mezzo.", "range"),
    Setting("body_link", "Performance dell'ente", "",
            "Il grado di un obiettivo individuale collegato all'ente ('Ente', 'performance organizzativa'): "
            "'grado medio' degli obiettivi di ente o 'quota raggiunti'. Senza, quei collegamenti sono un errore.",
            "choice", BODY_LINKS, aliases=("performance organizzativa", "performance organizzativa dell'ente")),
    Setting("prerequisite", "Prerequisito obiettivi raggiunti", "80%",
            "Quota minima di obiettivi di ente raggiunti (es. 8 su 10 = 80%).", "percent",
            aliases=("prerequisito",)),
    Setting("monitoring_tolerance", "Tolleranza monitoraggio", "10%",
            "Durante l'anno: scarto dal valore atteso al periodo entro cui l'indicatore è 'in linea'.",
            "share",
            aliases=("tolleranza",)),
    Setting("closed_periods", "Periodi chiusi", "",
            "Mesi già chiusi, che non vanno ricalcolati, es. '2018-03; 2018-06'.", "periods"),
)

_BY_LABEL = {}
for _s in SETTINGS:
    _BY_LABEL[fold(_s.label)] = _s
    for _a in _s.aliases:
        _BY_LABEL.setdefault(fold(_a), _s)

_NUMBER = re.compile(r"[-+]?\d+(?:[.,]\d+)?")


def find_setting(label: str) -> Setting | None:
    """The setting a label names: as in the table, or an alias; a unit after it ('Soglia raggiunto
    (%)', 'Tolleranza %') aside (found in a trial: the default applied, with a warning only)."""
    key = re.sub(r"\s*(?:\((?:in\s+)?%\)|%)$", "", fold(label).rstrip(":").strip())
    return _BY_LABEL.get(key)


_PLAIN_NUMBER = re.compile(r"[-+]?(?:\d+(?:[.,]\d+)?|[.,]\d+)")
# (no group of thousands starts with 0: '0.062', as pandas or an English-locale sheet writes it, is
# a decimal; found in a trial: read as 62)
_THOUSANDS = re.compile(r"[-+]?[1-9]\d{0,2}(?:\.\d{3})+(?:,\d+)?")


def parse_number(text: str) -> float | None:
    """Italian number: decimal comma; a dot before exactly three digits is a thousands separator.
    Only digits make a number: 'nan', 'inf', '1e400' and the like are not numbers (None)."""
    s = str(text).strip().replace("\u00a0", "").replace(" ", "").replace("\u2212", "-")
    if _THOUSANDS.fullmatch(s):
        s = s.replace(".", "")
    elif not _PLAIN_NUMBER.fullmatch(s):
        return None
    number = float(s.replace(",", "."))
    return number if math.isfinite(number) else None


def parse_percent(value: object) -> float | None:
    """A percentage in points. 1,2 / 1.2 (a fraction, as a %-formatted cell holds it) -> 120."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        plain = float(value)
        return plain * 100 if abs(plain) <= 3 else plain
    text = str(value).strip()
    has_sign = text.endswith("%")
    number = parse_number(text.rstrip("%").strip())
    if number is None:
        return None
    if has_sign:
        return number
    return number * 100 if abs(number) <= 3 else number


# one band's left side, as SMVPs write it: '30 gg', 'fino a 30 giorni', '60%', '0,6', '60-69%',
# 'da 60% a 69%', '>= 99%', '99% e oltre'; a comparator or word the reading below does not take
# ('< 60%', 'oltre il 60%', 'inferiore al 70%') is caught as one and refused, never dropped
_NUM = r"\d+(?:[.,]\d+)?"
_UNIT = r"(?:%|gg\.?|giorni|giorno|g\.?)"
_BAND_KEY = re.compile(
    r"(?P<pre>fino\s+a[il]?|fino\s+ai|entro|<=|≤|>=|≥|almeno|dal?|dai)?\s*(?P<a>" + _NUM + r")\s*(?P<u1>" + _UNIT
    + r")?\s*(?:(?:-|–|a|al|ai)\s*(?P<b>" + _NUM + r")\s*(?P<u2>" + _UNIT + r")?)?\s*(?P<post>e\s+oltre|e\s+pi[uù]|o\s+pi[uù])?")
_STRICT_WORDS = re.compile(r"<(?!=)|>(?!=)|oltre|inferior|superior|sopra|sotto|meno\s+di|pi[uù]\s+di|maggior|minor")
_LATE_HELP = "scrivere fasce con il ritardo massimo di ciascuna, in giorni, es. '30 gg = 50%; 60 gg = 25%'"
_BANDS_HELP = ("scrivere fasce con il grado minimo di ciascuna, es. '60% = 0,6; 70% = 0,8; 90% = 0,9; 99% = 1' "
               "(sotto la prima il fattore è 0)")


def _key_number(text: str) -> float:
    return float(text.replace(",", "."))  # a band's key: '59.5%' and '59,5%' alike (no thousands)


# the same band said with a word more: 'fino a 30 giorni di ritardo', 'ritardo fino a 30 gg', 'max 30 gg'
_FILLER = re.compile(r"\b(?:di\s+)?ritard[oi]\b")
_AT_MOST = re.compile(r"^(?:al\s+massimo|massimo|max\.?)\s*")
# a band that only says the default, zero: beyond the last ('oltre 60 gg = 0%'), below the first ('< 60% = 0')
_ZERO_BEYOND = re.compile(r"(?:oltre(?:\s+i)?|piu\s+di|>)\s*(?P<n>" + _NUM + r")\s*" + _UNIT + r"?")
_ZERO_BELOW = re.compile(r"(?:sotto\s+(?:il\s+)?|inferiore\s+a[l]?\s*|meno\s+del?\s*|<\s*|fino\s+a[l]?\s*|"
                         r"<=\s*)(?P<n>" + _NUM + r")\s*%?")


def _pairs(text: str, kind: str) -> list[tuple[float, float]]:
    """The bands of a 'late' or 'bands' setting: (days at most, grado in points) or (minimum grado in
    points, factor). Raises ValueError naming the band it cannot read as the setting means it
    (found in a trial: '1-30 gg = 50%' kept 1, 'fino al 70% = 0,6' was a minimum, '0.6' lost its point,
    '1 mese' was one day, '30 gg = 0,5' was 0,5%). A band that says the default, zero beyond the last
    band of days or below the first grado, is read and left out (found in review: refused)."""
    help_ = _LATE_HELP if kind == "late" else _BANDS_HELP
    pairs: list[tuple[float, float]] = []
    last_high: float | None = None
    zero_beyond: float | None = None  # 'oltre 60 gg = 0%': must be the last band's end
    zero_below: float | None = None  # '< 60% = 0': must be at or under the first minimum
    chunks = [c for c in re.split(r"[;\n]", text) if c.strip()]
    for i, chunk in enumerate(chunks):
        parts = re.split(r"(?<![<>])[=:]", chunk, maxsplit=1)  # not the '=' of '>= 99%'
        if len(parts) != 2:
            raise ValueError(f"'{chunk.strip()}' non ha il segno '=': {help_}")
        left, right = parts
        value_text = right.strip()
        if kind == "late":
            value = parse_percent(value_text)  # '50%', '50' or '0,5': the grado, as the setting's single value
        else:
            number = parse_number(value_text.rstrip("%").strip())
            value = None if number is None else number / 100 if value_text.endswith("%") else number
        if value is None:
            raise ValueError(f"'{value_text}' non è un {'grado' if kind == 'late' else 'fattore'}: {help_}")
        words = " ".join(_FILLER.sub(" ", fold(left)).split())
        words = _AT_MOST.sub("fino a ", words)
        if kind == "late" and re.search(r"\bmes[ei]\b|settiman", words):
            raise ValueError(f"'{left.strip()}': {help_} (non in mesi o settimane)")
        zero = None if value != 0 else (_ZERO_BEYOND.fullmatch(words) if kind == "late" and i == len(chunks) - 1
                                        else _ZERO_BELOW.fullmatch(words) if kind == "bands" and i == 0 else None)
        if zero is not None:
            if kind == "late":
                zero_beyond = _key_number(zero.group("n"))
            else:
                n = _key_number(zero.group("n"))
                zero_below = n if "%" in words or n > 3 else n * 100
            continue
        m = _BAND_KEY.fullmatch(words)
        if m is None or _STRICT_WORDS.search(words[:m.start("post")] if m.group("post") else words):
            raise ValueError(f"'{left.strip()}' non si legge come {'ritardo' if kind == 'late' else 'grado minimo'}: {help_}")
        units = {u.rstrip(".") for u in (m.group("u1"), m.group("u2")) if u}
        pre, post, a, b = m.group("pre") or "", m.group("post"), _key_number(m.group("a")), m.group("b")
        high = _key_number(b) if b is not None else None
        if high is not None and high < a:
            raise ValueError(f"'{left.strip()}': l'intervallo va dal minore al maggiore")
        if kind == "late":
            # days at most: a range's upper end, 'fino a 30 gg', '30 gg'; not 'da 30 gg' or '30 gg e oltre'
            if units & {"%"} or post or (high is None and pre and not pre.startswith(("fino", "entro", "<", "≤"))):
                raise ValueError(f"'{left.strip()}': {help_}")
            key = high if high is not None else a
            low = a if high is not None else None
        else:
            # a minimum: the lower end of a range, '60%', '>= 99%', '99% e oltre'; not 'fino al 70%'
            if units - {"%"} or pre.startswith(("fino", "entro", "<", "≤")):
                raise ValueError(f"'{left.strip()}': {help_}")
            key = a if "%" in units else (a if a > 3 else a * 100)
            if high is not None and "%" not in units and high <= 3:
                high *= 100
            low = key
        if last_high is not None and low is not None and low < last_high:
            raise ValueError(f"'{left.strip()}' si sovrappone alla fascia precedente: {help_}")
        last_high = high if high is not None else None
        pairs.append((key, value))
    if not pairs:
        raise ValueError(help_)
    if zero_beyond is not None and zero_beyond != pairs[-1][0]:
        raise ValueError(f"'oltre {zero_beyond:g}' non segue l'ultima fascia ({pairs[-1][0]:g} gg): {help_}")
    if zero_below is not None and zero_below > pairs[0][0] + 1:
        raise ValueError(f"la fascia a zero sotto il {zero_below:g}% non arriva alla prima ({pairs[0][0]:g}%): {help_}")
    return pairs


def _checked_percent(value: float | None) -> float:
    """A percentage setting as parse_percent read it, in points; ValueError with the reason."""
    if value is None or value < 0:
        raise ValueError("scrivere una percentuale non negativa, es. 100%")
    if value > 1000:  # 90 typed in a %-formatted cell is 9.000% (found in a trial: nothing was reached)
        raise ValueError(f"si legge {value:g}%: un numero scritto in una cella formattata come percentuale "
                         "vale cento volte tanto; scriverlo con il simbolo, es. '90%'")
    return value


def parse_value(setting: Setting, raw: object):
    """Return the parsed value or raise ValueError with an Italian reason."""
    text = "" if raw is None else str(raw).strip()
    kind = setting.kind
    if kind == "text":
        return text
    if kind == "year":
        if isinstance(raw, dt.date) and 1990 <= raw.year <= 2100:
            return raw.year  # an Excel date ('01/01/2024': found in a trial, quoted back as '2024-01-01 00:00:00')
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        if isinstance(raw, int) or re.fullmatch(r"\d{4}", text):
            year = int(raw if isinstance(raw, int) else text)
            if 1990 <= year <= 2100:
                return year
        raise ValueError("scrivere un anno di quattro cifre, es. 2018")
    if kind == "percent":
        return _checked_percent(parse_percent(raw))
    if kind == "threshold":
        # '> 90%', 'oltre il 90%', 'superiore al 90%': to exceed; '>= 90%', 'almeno il 90%', '90%': to reach
        # (found in a trial: refused, and the office wrote 90,01% instead)
        strict = False
        if not isinstance(raw, (int, float)):
            words = " ".join(fold(text).replace("per cento", "%").split())
            m = re.match(r"(>=|≥|almeno|da|(?:pari|uguale) o superiore|(?:superiore|maggiore) o (?:pari|uguale)|"
                         r"non inferiore|>|oltre|superiore|maggiore|piu|sopra)"
                         r"(?:\s*(?:all'|alla|allo|al|a|dell'|della|del|di|d'|il|l'|ll'|l)(?=\s|\d))?\s*", words)
            if m is not None:
                strict = m.group(1) in (">", "oltre", "superiore", "maggiore", "piu", "sopra")
                words = words[m.end():]
            raw = words
        value = parse_percent(raw)
        if value is None or value < 0:
            raise ValueError("scrivere la soglia come '90%' (raggiunta da 90% in su) o '> 90%' (oltre il 90%)")
        return _checked_percent(value), strict
    if kind == "share":
        # a tolerance: 3 is 3%, not 300% (found in a trial: 'percent' reads up to 3 as a fraction, for
        # caps like 1,2); a plain number below 1 is a fraction (0,1 = 10%), as a %-formatted cell holds it
        number = (float(raw) if isinstance(raw, (int, float)) and not isinstance(raw, bool)
                  else parse_number(text.rstrip("%").strip()))
        if number is None or number < 0:
            raise ValueError("scrivere una percentuale non negativa, es. 10%")
        return number if text.endswith("%") or number >= 1 else number * 100
    if kind == "int":
        value = parse_number(text) if not isinstance(raw, (int, float)) else float(raw)
        if value is None or not float(value).is_integer() or not 0 <= value <= 4:
            raise ValueError("scrivere un numero intero da 0 a 4")
        return int(value)
    if kind == "choice":
        for choice in setting.choices:
            if fold(choice).replace(" ", "") == fold(text).replace(" ", ""):
                return choice
        raise ValueError("valori ammessi: " + ", ".join(f"'{c}'" for c in setting.choices))
    if kind == "late":
        if "=" not in text and ":" not in text:
            value = parse_percent(raw)
            if value is None or value < 0:
                raise ValueError("scrivere una percentuale (es. 0%) o fasce come '30 gg = 50%; 60 gg = 25%'")
            return value, ()
        pairs = _pairs(text, kind)
        if any(d < 0 or not float(d).is_integer() or g < 0 for d, g in pairs):
            raise ValueError(_LATE_HELP)
        if [d for d, _ in pairs] != sorted(d for d, _ in pairs):
            raise ValueError("le fasce vanno scritte con i giorni in ordine crescente")
        return 0.0, tuple((int(d), g) for d, g in pairs)
    if kind == "bands":
        bands = tuple(_pairs(text, kind))  # minimums in points (a key of at most 3 is a fraction: 0,6 is 60%)
        if any(not 0 <= f <= 1 for _, f in bands):
            raise ValueError("i fattori vanno fra 0 e 1 (es. 0,6, o 60%)")
        if [b for b, _ in bands] != sorted(b for b, _ in bands):
            raise ValueError("le fasce vanno in ordine crescente di grado")
        return bands
    if kind == "range":
        parts = [p for p in re.split(r"\s*[-–;]\s*|\s+a\s+", text) if p.strip()]
        values = [v for v in (parse_percent(p) for p in parts) if v is not None]
        if len(parts) != 2 or len(values) != 2 or not values[0] < values[1]:
            raise ValueError("scrivere due percentuali crescenti, es. '60% - 99%'")
        return values[0], values[1]
    if kind == "periods":
        periods = [p for p in re.split(r"[;,\s]+", text) if p]
        for period in periods:
            if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", period):
                raise ValueError(f"'{period}' non è un mese nella forma AAAA-MM")
        return tuple(sorted(set(periods)))
    raise AssertionError(kind)


def build_profile(entries: Iterable[tuple[str | None, object, Location]]) -> tuple[Profile, list[Finding]]:
    """entries: iterable of (label, raw value, Location of the value cell)."""
    profile = Profile()
    findings: list[Finding] = []
    seen: dict[str, Location] = {}
    for label, raw, loc in entries:
        if label is None or not str(label).strip():
            continue
        setting = find_setting(label)
        if setting is None:
            findings.append(warning(
                "impostazione-sconosciuta",
                f"L'impostazione '{str(label).strip()}' non è riconosciuta e viene ignorata. "
                f"Impostazioni ammesse: {', '.join(s.label for s in SETTINGS)}.",
                Location(loc.sheet, _label_cell(loc))))
            continue
        if setting.attr in seen:
            findings.append(error(
                "impostazione-duplicata",
                f"L'impostazione '{setting.label}' compare due volte (anche in {seen[setting.attr].cell}): "
                "lasciarne una sola.", loc))
            continue
        seen[setting.attr] = loc
        if raw is None or str(raw).strip() == "":
            continue  # blank: the default applies
        try:
            value = parse_value(setting, raw)
        except ValueError as exc:
            findings.append(error(
                "impostazione-non-valida",
                f"Il valore '{raw}' dell'impostazione '{setting.label}' non è valido: {exc}. "
                f"Lasciare vuoto per usare il valore predefinito ({setting.default_text or 'vuoto'}).", loc))
            continue
        if setting.kind == "late":
            profile = replace(profile, late_grado=value[0], late_bands=value[1])
        elif setting.kind == "threshold":
            strict = "achieved_strict" if setting.attr == "threshold_achieved" else "partial_strict"
            profile = replace(profile, **{setting.attr: value[0], strict: value[1]})
        else:
            profile = replace(profile, **{setting.attr: value})
    if profile.threshold_partial > profile.threshold_achieved:
        loc = seen.get("threshold_partial") or seen.get("threshold_achieved") or Location()
        findings.append(error(
            "impostazione-non-valida",
            f"La soglia 'parzialmente raggiunto' ({profile.threshold_partial:g}%) supera la soglia "
            f"'raggiunto' ({profile.threshold_achieved:g}%): correggere una delle due.", loc))
    cap = min(profile.cap_indicator, profile.cap_node)
    if profile.threshold_achieved > cap or (profile.achieved_strict and profile.threshold_achieved >= cap):
        # nothing could ever be 'raggiunto': every grado stops at the cap (found in a trial: '0 su 2', exit 0)
        loc = seen.get("threshold_achieved") or seen.get("cap_indicator") or seen.get("cap_node") or Location()
        findings.append(error(
            "impostazione-non-valida",
            f"La soglia 'raggiunto' ({'> ' if profile.achieved_strict else ''}{profile.threshold_achieved:g}%) "
            f"{'non è sotto' if profile.threshold_achieved <= cap else 'supera'} il tetto del grado ({cap:g}%): nessun "
            "obiettivo potrebbe essere raggiunto. Abbassare la soglia o alzare il tetto.", loc))
    if profile.prerequisite > 100:
        findings.append(error(
            "impostazione-non-valida",
            f"Il prerequisito ({profile.prerequisite:g}%) supera il 100% degli obiettivi: non potrebbe mai essere "
            "rispettato. Scriverlo come quota, es. 80%.", seen.get("prerequisite") or Location()))
    return profile, findings


def _label_cell(loc: Location) -> str | None:
    if not loc.cell:
        return None
    m = re.fullmatch(r"([A-Z]+)(\d+)", loc.cell)
    return f"A{m.group(2)}" if m else loc.cell
