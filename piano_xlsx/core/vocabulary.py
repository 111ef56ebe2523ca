"""The closed vocabularies of piano-xlsx: the words a status, a monitoring or a finding's severity
can be, and the tone each is shown in, defined once.

Each vocabulary is an enum whose values are the Italian words people read; its members are
``str``, so JSON, the cells written and comparisons with plain text are what they were. The
tone of a word (green, yellow, red, blue, grey) is said here once, and every writer colours it
from here: the office's workbook (conditional formats that Excel keeps live), the split files,
the Riepilogo.
"""

from __future__ import annotations

from enum import Enum


class Words(str, Enum):
    """A closed set of Italian words: a member is its word wherever it is printed."""

    def __str__(self) -> str:
        return str.__str__(self)

    def __format__(self, spec: str) -> str:
        return str.__format__(self, spec)


class Status(Words):
    """Where a result, an objective, a line or the body stands against its target."""

    RAGGIUNTO = "raggiunto"
    PARZIALE = "parzialmente raggiunto"
    NON_RAGGIUNTO = "non raggiunto"
    # during the year, a result whose target is not due yet and that has not reached it: neither
    # 'non raggiunto' nor 'non valutabile' (found in a trial: an on-track cumulative count was red
    # '57,33% non raggiunto' beside 'superiore alle attese' in June; open deadlines were grey)
    IN_CORSO = "in corso"
    NON_VALUTABILE = "non valutabile"
    DA_VERIFICARE = "da verificare"


class Monitoring(Words):
    """How a result is going at the period, against what was expected by then."""

    IN_LINEA = "in linea"
    IN_RITARDO = "in ritardo"
    # at the year's end a number below its target is not 'late': there is no time left (found in a
    # user trial: managers read 'in ritardo' on final values); a missed deadline stays 'in ritardo'
    SOTTO_TARGET = "sotto il target"
    SUPERIORE = "superiore alle attese"
    NON_MISURABILE = "non misurabile"


class Severity(Words):
    """A finding stops the computation of what it touches (errore) or asks for a look (avviso)."""

    ERRORE = "errore"
    AVVISO = "avviso"


# the choices of the settings sheet (core/settings.py), as the office writes them


class LowerRule(Words):
    """'Regola minore è meglio': the grado of a target to stay under."""

    T_OVER_A = "T/A"
    DOUBLE = "(2T-A)/T"


class BaselineRule(Words):
    """'Regola anno precedente': a target relative to the prior year's value."""

    A_OVER_PY = "A/PY"
    LINEAR = "lineare"


class MissingRule(Words):
    """'Dato mancante': a result without its actual or target."""

    NOT_VALUED = "non valutabile"
    ZERO = "zero"
    ERROR = "errore"


class TimeRule(Words):
    """'Tempo senza confronto': a time written without a comparator."""

    MAXIMUM = "massimo"
    MINIMUM = "minimo"


class EqualRule(Words):
    """'Target con =': an '=' target the actual went beyond."""

    ASK = "da verificare"
    AT_LEAST = "almeno"
    EXACT = "esatto"


class DoubtRule(Words):
    """'Risultato da verificare': what a result to verify does to its objective."""

    ASK = "da verificare"
    LEFT_OUT = "escluso dalla media"


class IndividualScale(Words):
    """'Scala individuale': how an individual grado becomes the evaluation factor."""

    BANDS = "fasce"
    LINEAR = "lineare"


class BodyLink(Words):
    """'Performance dell'ente': what an individual objective linked to the whole body ('Ente',
    'performance organizzativa') takes as its grado."""

    MEAN = "grado medio"
    SHARE = "quota raggiunti"


class Tone(Enum):
    """The colour a word is shown in; write/palette.py gives each its font and fill."""

    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"
    BLUE = "blue"
    GREY = "grey"


# in the order the writers list them (the split files' formats, the conditional formats' rules)
STATUS_TONE = {
    Status.RAGGIUNTO: Tone.GREEN,
    Status.PARZIALE: Tone.YELLOW,
    Status.NON_RAGGIUNTO: Tone.RED,
    Status.IN_CORSO: Tone.BLUE,
    Status.NON_VALUTABILE: Tone.GREY,
    Status.DA_VERIFICARE: Tone.GREY,
}
MONITORING_TONE = {
    Monitoring.IN_LINEA: Tone.GREEN,
    Monitoring.SUPERIORE: Tone.BLUE,
    Monitoring.IN_RITARDO: Tone.RED,
    Monitoring.SOTTO_TARGET: Tone.RED,
    Monitoring.NON_MISURABILE: Tone.GREY,
}
SEVERITY_TONE = {Severity.ERRORE: Tone.RED, Severity.AVVISO: Tone.YELLOW}


def by_tone(tones: dict) -> list[tuple[Tone, list]]:
    """The words of a vocabulary grouped by tone, tones in the order they first appear: one
    conditional-format rule per tone."""
    groups: dict[Tone, list] = {}
    for word, tone in tones.items():
        groups.setdefault(tone, []).append(word)
    return list(groups.items())


__all__ = ["Words", "Status", "Monitoring", "Severity", "LowerRule", "BaselineRule", "MissingRule", "TimeRule",
           "EqualRule", "DoubtRule", "IndividualScale", "Tone", "STATUS_TONE", "MONITORING_TONE", "SEVERITY_TONE",
           "by_tone"]
