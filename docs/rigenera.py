"""Rigenera ciò che nel repository è prodotto dal codice: le tabelle delle impostazioni, delle
intestazioni e dei codici delle anomalie nel README, il modello vuoto (templates/) e gli esempi
(esempi/). Da lanciare dopo aver cambiato impostazioni, intestazioni riconosciute, codici delle
anomalie o il generatore degli esempi:

    python docs/rigenera.py

I test controllano che i file nel repository siano uguali a quelli che questo script scrive.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from piano_xlsx.core.columns import ROLES  # noqa: E402
from piano_xlsx.core.findings import CODES, ENTRAMBI  # noqa: E402
from piano_xlsx.core.settings import SETTINGS  # noqa: E402


def settings_table() -> None:
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    start, end = text.index("<!-- impostazioni:inizio -->"), text.index("<!-- impostazioni:fine -->")
    rows = ["<!-- impostazioni:inizio -->", "| voce | predefinito | significato |", "|---|---|---|"]
    rows += [f"| {s.label} | {s.default_text} | {s.description} |" for s in SETTINGS]
    readme.write_text(text[:start] + "\n".join(rows) + "\n" + text[end:], encoding="utf-8")


def _replace(text: str, name: str, rows: list[str]) -> str:
    start, end = text.index(f"<!-- {name}:inizio -->"), text.index(f"<!-- {name}:fine -->")
    return text[:start] + "\n".join([f"<!-- {name}:inizio -->", *rows]) + "\n" + text[end:]


def headers_table() -> list[str]:
    rows = ["| ruolo | intestazioni riconosciute |", "|---|---|"]
    for role in ROLES:
        if role.id == "owned" or not role.name:
            continue
        rows.append(f"| {role.name} | {', '.join(role.wordings)} |")
    rows.append("| obiettivi individuali | colonne sotto un'intestazione che nomina la persona: \"Segretario "
                "Generale\", \"Obiettivi individuali - Dirigente Area X\" |")
    return rows


def findings_table() -> list[str]:
    """The finding codes of piano_xlsx.core.findings.CODES, in its (alphabetical) order."""
    rows = ["| codice | gravità | significato |", "|---|---|---|"]
    for code, (severity, meaning) in CODES.items():
        shown = "errore o avviso" if severity == ENTRAMBI else severity
        rows.append(f"| `{code}` | {shown} | {meaning} |")
    return rows


def main() -> None:
    settings_table()
    readme = ROOT / "README.md"
    text = _replace(readme.read_text(encoding="utf-8"), "intestazioni", headers_table())
    readme.write_text(_replace(text, "anomalie", findings_table()), encoding="utf-8")
    subprocess.run([sys.executable, "-m", "piano_xlsx.cli.main", "modello", "-o",
                    str(ROOT / "templates" / "modello-piano.xlsx"), "--sovrascrivi"], check=True, cwd=ROOT)
    subprocess.run([sys.executable, str(ROOT / "esempi" / "genera_esempi.py")], check=True, cwd=ROOT)


if __name__ == "__main__":
    main()
