"""Validation findings: data, not prose (each has a stable code and a position).

A :class:`Finding` says what is wrong, where (sheet, A1 cell, merged range) and what
to do, in Italian. A :class:`Report` collects them for a file.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

ERRORE = "errore"
AVVISO = "avviso"


@dataclass(frozen=True)
class Location:
    sheet: str | None = None
    cell: str | None = None  # A1 reference of the cell (top-left cell of a merged range)
    range: str | None = None  # merged range such as "A5:A9", when the cell is merged

    def __str__(self) -> str:
        if not self.sheet:
            return ""
        where = f"'{self.sheet}'"
        if self.cell:
            where += f"!{self.range or self.cell}"
        return where


@dataclass(frozen=True)
class Finding:
    severity: str  # ERRORE or AVVISO
    code: str  # stable, kebab-case, Italian (e.g. "codice-duplicato")
    message: str  # Italian: what is wrong and what to do
    location: Location = field(default_factory=Location)

    def as_dict(self) -> dict:
        return {
            "gravita": self.severity,
            "codice": self.code,
            "foglio": self.location.sheet,
            "cella": self.location.cell,
            "intervallo": self.location.range,
            "messaggio": self.message,
        }


def error(code: str, message: str, location: Location | None = None) -> Finding:
    return Finding(ERRORE, code, message, location or Location())


def warning(code: str, message: str, location: Location | None = None) -> Finding:
    return Finding(AVVISO, code, message, location or Location())


def cell_problem(cell, location: Location) -> Finding | None:
    """A formula Excel never computed, or an Excel error value: neither can be read as data."""
    if cell is None:
        return None
    if cell.formula is not None and getattr(cell, "stale", False):
        return error("formula-da-ricalcolare",
                     f"La cella contiene la formula ={cell.formula} con il valore 0 scritto da un programma (il "
                     "file chiede di ricalcolare le formule all'apertura, come fanno XlsxWriter e openpyxl): non "
                     "è il valore calcolato e non viene letto. Aprire il file in Excel o LibreOffice, salvarlo e "
                     "rilanciare.", location)
    if cell.formula is not None and not cell.cached:
        return error("formula-senza-valore",
                     f"La cella contiene la formula ={cell.formula} ma nessun valore calcolato (il file non è mai "
                     "stato aperto e salvato in Excel o LibreOffice): aprirlo, salvarlo e rilanciare.", location)
    if cell.error:
        return error("errore-excel",
                     f"La cella contiene l'errore di Excel {cell.error}: correggere la formula o il valore.", location)
    return None


@dataclass
class Report:
    file: str
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERRORE]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == AVVISO]

    @property
    def valid(self) -> bool:
        return not self.errors

    def codes(self) -> list[str]:
        return [f.code for f in self.findings]

    def as_dict(self) -> dict:
        return {
            "file": self.file,
            "valido": self.valid,
            "errori": len(self.errors),
            "avvisi": len(self.warnings),
            "anomalie": [f.as_dict() for f in self.findings],
        }


__all__ = ["ERRORE", "AVVISO", "Location", "Finding", "Report", "error", "warning", "asdict"]
