"""`piano-xlsx confronta VECCHIO NUOVO`: what changed between two versions of the workbook.

Registered by the main group (`main.add_command(confronta, "confronta")`, alias `diff`).
Exit codes: 0 the two versions are equal, 1 they differ, 2 a file cannot be read or the
command is misused (bad period), 3 internal error. Neither file is ever written.
"""

from __future__ import annotations

from pathlib import Path

import click

from .italian import ItalianCommand
from .common import _fail, echo, strict_json

EXIT_EQUAL, EXIT_DIFFERENT = 0, 1


@click.command("confronta", cls=ItalianCommand, options_metavar="[OPZIONI]", short_help="Confronta due versioni della cartella.")
@click.argument("vecchio", metavar="VECCHIO", type=click.Path(path_type=Path))
@click.argument("nuovo", metavar="NUOVO", type=click.Path(path_type=Path))
@click.option("--periodo", default=None, metavar="AAAA-MM",
              help="Calcola entrambe le versioni al mese AAAA-MM (predefinito: ciascuna al periodo del suo ultimo "
                   "calcolo, l'ultimo del suo Storico, o all'ultimo mese con dati).")
@click.option("--json", "as_json", is_flag=True, help="Stampa le modifiche in JSON (forma documentata nel README).")
@click.pass_context
def confronta(ctx, vecchio, nuovo, periodo, as_json):
    """Confronta due versioni della cartella di lavoro (es. quella del mese scorso e quella di
    questo mese) e dice che cosa è cambiato.

    \b
    Modifiche al piano: linee, obiettivi e risultati aggiunti o rimossi, target, pesi,
    responsabili, testi, linee degli obiettivi, obiettivi individuali, impostazioni.
    Modifiche ai risultati: consuntivo, grado e stato di ogni risultato, obiettivo e linea
    ("ora raggiunto", "non più raggiunto" o "ora non raggiunto", "peggiorato", "migliorato", "dato ora
    mancante", "ora da verificare"), "N su M" e grado medio dell'ente, grado e fattore di ogni persona.

    \b
    Esempio:
      piano-xlsx confronta piano-maggio.xlsx piano-giugno.xlsx

    Esce con 0 se le due versioni sono uguali, 1 se sono diverse, 2 se un file non si può
    leggere o il periodo non è nella forma AAAA-MM. I file non vengono mai modificati.
    """
    from ..pipeline import compare_files

    try:
        comparison = compare_files(vecchio, nuovo, period=periodo)
    except Exception as exc:  # noqa: BLE001 - turned into a message and an exit code
        _fail(ctx, exc)
        return
    if as_json:
        echo(strict_json(comparison.as_dict()))
    else:
        print_comparison(comparison, echo=echo)
    ctx.exit(EXIT_EQUAL if comparison.equal else EXIT_DIFFERENT)


def _side(side) -> str:
    return f"{side.file} (" + (f"periodo {side.period}" if side.period else "valori finali") + ")"


def print_comparison(comparison, echo=print) -> None:
    echo(f"Confronto fra {_side(comparison.old)}")
    echo(f"          e  {_side(comparison.new)}")
    for side in (comparison.old, comparison.new):
        if side.errors:
            echo(f"Attenzione: {side.file} ha {side.errors} {'errore' if side.errors == 1 else 'errori'} "
                 f"(dettagli con: piano-xlsx verifica {side.file}).")
    for title, changes in (("Modifiche al piano", comparison.plan_changes),
                           ("Modifiche ai risultati", comparison.outcome_changes)):
        if not changes:
            continue
        echo("")
        echo(f"{title} ({len(changes)}):")
        for change in changes:
            echo(f"  {change.message}")
    echo("")
    if comparison.equal:
        echo("Le due versioni sono uguali.")
    else:
        n, m = len(comparison.plan_changes), len(comparison.outcome_changes)
        echo(f"{n} {'modifica' if n == 1 else 'modifiche'} al piano, {m} ai risultati.")
