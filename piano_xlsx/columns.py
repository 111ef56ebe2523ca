"""Column roles of the linkage table and the wordings real plans use for them.

A header cell is matched after :func:`piano_xlsx.text.fold` (case, accents, spaces and
line breaks do not matter) and after dropping a trailing year ("Target 2018",
"Obiettivi ente 2016"). The longest matching wording wins, so "Area strategica"
is a line and "Area" an owner, "Risultato atteso" a result and "Risultato" an actual.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import fold


@dataclass(frozen=True)
class Role:
    id: str
    header: str  # the header piano-xlsx writes in its template
    wordings: tuple[str, ...]
    required: bool = False
    description: str = ""


ROLES: tuple[Role, ...] = (
    Role("line", "Linea strategica", (
        "linea strategica", "linee strategiche", "area strategica", "aree strategiche",
        "riferimento al piano strategico", "riferimento piano strategico", "missione / programma",
        "missione/programma", "missione e programma", "prospettiva", "linea"),
        description="La linea strategica (o area, missione/programma) a cui appartiene l'obiettivo."),
    Role("objective", "Obiettivo di ente", (
        "obiettivo di ente", "obiettivi di ente", "obiettivi ente", "obiettivo ente",
        "obiettivo strategico", "obiettivi strategici", "obiettivo operativo", "obiettivi operativi",
        "obiettivo annuale", "obiettivi annuali", "obiettivo"), required=True,
        description="L'obiettivo, con il suo numero in testa (es. '1. Garantire ...')."),
    Role("code", "Codice", ("codice", "cod.", "cod", "codice risultato", "codice indicatore", "id"),
         description="Facoltativo: il codice del risultato (es. 1.1, 10.2.1, KPI156)."),
    Role("result", "Risultato atteso / indicatore", (
        "risultati attesi", "risultato atteso", "risultato atteso / indicatore", "risultati attesi / indicatori",
        "indicatore", "indicatori", "kpi", "descrizione indicatore", "descrizione kpi"), required=True,
        description="Il risultato atteso o indicatore, con il codice in testa se non c'è la colonna Codice."),
    Role("formula", "Algoritmo di calcolo", (
        "algoritmo", "algoritmo di calcolo", "formula", "modalita di calcolo", "formula di calcolo"),
        description="Facoltativo: come si calcola l'indicatore dalle misure del foglio 'Dati mensili'."),
    Role("target", "Target", (
        "target", "valore atteso", "valore obiettivo", "valore target", "anno"),
        description="Il target, scritto come nei piani: '>= 90%', 'almeno cinque', 'entro il 30/06/2018', 'SI'."),
    Role("unit", "Unità di misura", ("unita di misura", "unita", "u.m.", "um"),
         description="Facoltativo: %, giorni, euro, numero."),
    Role("weight", "Peso %", ("peso", "peso %", "peso (%)", "pesi", "ponderazione"),
         description="Facoltativo: peso del risultato nell'obiettivo (20 o 0,20); vuoto = pesi uguali."),
    Role("owner", "Responsabile", (
        "responsabile", "struttura responsabile", "area", "dirigente responsabile", "settore", "struttura",
        "ufficio"),
        description="Facoltativo: chi risponde del risultato (area, settore, dirigente)."),
    Role("deadline", "Scadenza", ("scadenza", "entro il", "tempistica", "termine"),
         description="Facoltativo: la data entro cui concludere."),
    Role("actual", "Consuntivo", (
        "consuntivo", "valore rilevato", "valore raggiunto", "risultato", "valore consuntivo",
        "valore effettivo", "risultato conseguito", "valore a consuntivo", "valore al", "valore realizzato"),
        description="Il valore raggiunto (numero, percentuale, data di conclusione, SI/NO)."),
    Role("baseline", "Anno precedente", (
        "anno precedente", "valore anno precedente", "baseline", "valore di partenza", "valore storico"),
        description="Facoltativo: il valore dell'anno precedente, per i target che vi si riferiscono."),
    Role("series", "Serie mensile", ("serie mensile", "tipo serie", "serie"),
         description="Facoltativo: 'cumulata' o 'puntuale', per i dati mese per mese."),
    Role("override", "Grado forzato", ("grado forzato", "grado manuale", "forzatura"),
         description="Facoltativo: un grado imposto a mano (richiede la nota)."),
    Role("override_note", "Nota forzatura", ("nota forzatura", "motivazione forzatura", "nota della forzatura"),
         description="Obbligatoria se c'è un grado forzato: il motivo."),
    Role("note", "Note", ("note", "nota"), description="Facoltativo: note libere, non lette dal calcolo."),
    # columns written by piano-xlsx itself: recognised so they are never read as data
    Role("owned", "", ("grado di raggiungimento", "stato raggiungimento", "monitoraggio al periodo",
                      "andamento nei periodi", "nota di calcolo")),
)

ROLE_BY_ID = {role.id: role for role in ROLES}

# Headers that announce individual objectives (of the Segretario Generale, of a dirigente).
INDIVIDUAL_MARKERS = ("segretario generale", "obiettivi individuali", "obiettivo individuale",
                      "obiettivi e risultati attesi", "dirigente")

_TRAILING_YEAR = re.compile(r"\s*(\(?\d{4}\)?)$")
_WORDINGS = sorted(((fold(w), role.id) for role in ROLES for w in role.wordings),
                   key=lambda item: len(item[0]), reverse=True)


def normalise_header(text) -> str:
    folded = fold(text) if text is not None else ""
    folded = _TRAILING_YEAR.sub("", folded).strip(" :.")
    return folded


def match_role(text) -> str | None:
    """The role id whose wording the header text is, or begins with; None when unknown."""
    h = normalise_header(text)
    if not h:
        return None
    for wording, role in _WORDINGS:
        if h == wording or h.startswith(wording + " ") or h.startswith(wording + "/"):
            return role
    return None


def is_individual_header(text) -> bool:
    h = normalise_header(text)
    return any(h.startswith(m) or m in h for m in INDIVIDUAL_MARKERS if m != "dirigente") or h.startswith("dirigente")


def accepted_wordings(role_id: str) -> str:
    return ", ".join(f"'{w}'" for w in ROLE_BY_ID[role_id].wordings)
