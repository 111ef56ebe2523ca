"""The `piano-xlsx` command: parses options, calls the library, turns its errors into
Italian messages and exit codes. No traceback for bad input (only with -v)."""

from __future__ import annotations

import gc
import importlib
from pathlib import Path

import click

from .. import __version__

from . import italian as cli_it
from .common import EXIT_FINDINGS, EXIT_OK, _fail, echo, echo_findings, strict_json
from ..errors import UsageError
from ..core.findings import ERRORE, Report


ALIASES = {"check": "verifica", "run": "calcola", "template": "modello", "diff": "confronta", "split": "dividi"}


# commands defined in modules of their own, imported only when used (a run of `calcola` does
# not pay for the e-mail and split code)
LAZY = {"confronta": "confronta", "dividi": "dividi"}


class AliasGroup(click.Group):
    """Italian commands with English aliases (check, run, template)."""

    command_class = cli_it.ItalianCommand  # each command speaks Italian also when run on its own

    def main(self, *args, **kwargs):
        cli_it.install()  # click's own texts in Italian, in the command's process only
        return super().main(*args, **kwargs)

    def list_commands(self, ctx):
        return sorted({*super().list_commands(ctx), *LAZY})

    def get_command(self, ctx, cmd_name):
        name = ALIASES.get(cmd_name, cmd_name)
        if name in LAZY and name not in self.commands:
            module = importlib.import_module(f"{__package__}.{LAZY[name]}")
            self.add_command(getattr(module, name), name)
        return super().get_command(ctx, name)

    def resolve_command(self, ctx, args):
        name, cmd, rest = super().resolve_command(ctx, args)
        return (cmd.name if cmd else name), cmd, rest

    def format_commands(self, ctx, formatter):
        reverse = {v: k for k, v in ALIASES.items()}
        rows = []
        for name in self.list_commands(ctx):
            cmd = self.get_command(ctx, name)
            if cmd is None or cmd.hidden:
                continue
            label = f"{name} ({reverse[name]})" if name in reverse else name
            rows.append((label, cmd.get_short_help_str(limit=70)))
        if rows:
            with formatter.section("Comandi"):
                formatter.write_dl(rows)


CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(cls=AliasGroup, context_settings=CONTEXT, options_metavar="[OPZIONI]",
             subcommand_metavar="COMANDO [ARGOMENTI]...")
@click.version_option(__version__, "--version", prog_name="piano-xlsx", message="%(prog)s %(version)s",
                      help="Mostra la versione ed esce.")
@click.option("-v", "--verbose", is_flag=True, help="Mostra i dettagli (e la traccia degli errori interni).")
@click.pass_context
def main(ctx, verbose):
    """Legge, verifica e calcola il Piano della Performance tenuto in Excel.

    \b
    Esempi:
      piano-xlsx verifica piano.xlsx            controlla la cartella di lavoro
      piano-xlsx calcola piano.xlsx             scrive piano_calcolato.xlsx con i risultati
      piano-xlsx calcola piano.xlsx --json      i risultati in JSON, per gli script
      piano-xlsx dividi piano.xlsx -d giugno    una cartella per responsabile
      piano-xlsx modello -o nuovo-piano.xlsx    scrive un modello vuoto

    Codici di uscita: 0 nessun errore, 1 errori nei dati, 2 file illeggibile o comando usato
    male, 3 errore interno di piano-xlsx (da segnalare).
    """
    ctx.ensure_object(dict)
    ctx.obj["verbose"] = verbose
    _pause_cycle_collector(ctx)


def _pause_cycle_collector(ctx) -> None:
    """A command builds a few hundred thousand small objects that live until it ends (cells,
    rows, results) and makes almost no reference cycles: the cycle collector would walk them
    all again and again for nothing (about 15% of `calcola` on a 10,000-indicator plan,
    measured). Reference counting still frees memory as usual.

    When the command ends, its objects are still held (by the exit in progress): they go to
    the permanent generation before the collector is switched back on, else its first pass
    would walk them all just before the process ends (50 ms at 10,000 indicators). A process
    that runs another command (the tests) gets the cycles of the earlier one collected when
    the next starts."""
    if gc.isenabled():
        if gc.get_freeze_count():
            gc.unfreeze()
            gc.collect()
        gc.disable()
        ctx.call_on_close(_resume_cycle_collector)


def _resume_cycle_collector() -> None:
    gc.freeze()
    gc.enable()


def _print_columns(table) -> None:
    """Which header became which role, and which columns were left out: what was read, at a glance."""
    from ..read.layout import role_name
    from ..xlsx.refs import col_letter

    echo("  Colonne lette (per cambiarle: foglio 'Colonne', Intestazione | Ruolo):")
    for d in table.decisions:
        header = " ".join(d.header.split()) or "(senza intestazione)"
        why = "" if d.reason == "intestazione" else f"  [{d.reason}]"
        echo(f"    {col_letter(d.col):>3} {header[:48]!r:<50} -> {role_name(d.role)}{why}")


def _print_report(plan, report: Report) -> None:
    width = 100
    if plan.table is not None:
        t = plan.table
        rows = (f"{t.header_rows[0]}" if t.header_rows[0] == t.header_rows[1]
                else f"{t.header_rows[0]}-{t.header_rows[1]}")
        leaves = sum(1 for r in plan.results.values() if r.is_leaf)
        echo(f"{report.file}: tabella nel foglio '{t.sheet}' (intestazione alla riga {rows}).")
        echo(f"  {len(plan.lines)} linee strategiche, {len(plan.objectives)} obiettivi, "
                   f"{len(plan.results)} risultati ({leaves} da valutare)"
                   + (f", {len(plan.series)} serie mensili" if plan.series else "")
                   + (f", obiettivi individuali di: {', '.join(plan.persons())}" if plan.individuals else "")
                   + ".")
        _print_columns(t)
    else:
        echo(f"{report.file}:")
    if report.findings:
        echo("")
    echo_findings(report.findings, width=width)
    echo("")
    n_err, n_warn = len(report.errors), len(report.warnings)
    verdict = "la cartella è utilizzabile" if report.valid else "correggere gli errori e rilanciare"
    echo(f"Esito: {n_err} {'errore' if n_err == 1 else 'errori'}, {n_warn} "
               f"{'avviso' if n_warn == 1 else 'avvisi'}: {verdict}.")


@main.command("verifica", options_metavar="[OPZIONI]", short_help="Controlla la cartella di lavoro.")
@click.argument("file", type=click.Path(dir_okay=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Stampa le anomalie in JSON (forma documentata nel README).")
@click.option("--periodo", default=None, metavar="AAAA-MM",
              help="Verifica come calcola a quel mese (predefinito: l'ultimo mese con dati, come calcola).")
@click.pass_context
def verifica(ctx, file, as_json, periodo):
    """Controlla la cartella di lavoro e indica foglio e cella di ogni problema, anche di
    quelli che trova il calcolo (senza scrivere nulla): verifica e calcola, allo stesso
    periodo, danno lo stesso codice di uscita.

    Esce con 0 se non ci sono errori (gli avvisi non contano), 1 se ci sono errori,
    2 se il file non si può leggere. Il file non viene mai modificato.
    """
    from ..pipeline import run

    try:
        # what the computation finds too (a plan mostly not computable, an algorithm that cannot be
        # computed, a published grado that differs): verifica and calcola agree on the exit code
        # (found in a user trial: verifica said 'utilizzabile', calcola exited 1)
        checked = run(file, period=periodo)
    except Exception as exc:  # noqa: BLE001 - turned into a message and an exit code
        _fail(ctx, exc)
        return
    plan, report = checked.plan, checked.report
    if as_json:
        out = report.as_dict()
        out["sintesi"] = _summary(plan)
        echo(strict_json(out))
    else:
        _print_report(plan, report)
    ctx.exit(EXIT_OK if report.valid else EXIT_FINDINGS)


def _summary(plan) -> dict:
    return {
        "foglio": plan.table.sheet if plan.table else None,
        "colonne": [d.as_dict() for d in plan.table.decisions] if plan.table else [],
        "linee": len(plan.lines),
        "obiettivi": len(plan.objectives),
        "risultati": len(plan.results),
        "serie": len(plan.series),
        "persone": plan.persons(),
    }


MAX_ERRORS_SHOWN = 20
PERIOD_HELP = "Calcola al mese AAAA-MM (predefinito: l'ultimo mese con dati)."


@main.command("calcola", options_metavar="[OPZIONI]", short_help="Calcola gradi e stati.")
@click.argument("file", type=click.Path(dir_okay=True, path_type=Path))
@click.option("--periodo", default=None, metavar="AAAA-MM", help=PERIOD_HELP)
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Dove scrivere la cartella con i risultati (predefinito: NOME_calcolato.xlsx accanto al file).")
@click.option("--sul-posto", "in_place", is_flag=True,
              help="Aggiorna il file stesso (con una copia di sicurezza datata accanto).")
@click.option("--json", "as_json", is_flag=True,
              help="Stampa ogni nodo in JSON (forma nel README); scrive la cartella solo con -o o --sul-posto.")
@click.pass_context
def calcola(ctx, file, periodo, output, in_place, as_json):
    """Calcola il grado di raggiungimento di risultati, obiettivi, linee, ente e persone,
    e scrive la cartella di lavoro con i risultati: colonne di stato accanto alla tabella,
    colori che restano validi in Excel, il foglio Riepilogo (primo) e il foglio Anomalie.

    Il file di partenza non viene modificato (salvo --sul-posto). Esce con 0 se non ci
    sono errori, 1 se la verifica o il calcolo trovano errori (i risultati toccati sono
    'non valutabile'), 2 se il file non si può leggere o scrivere.
    """
    from ..pipeline import run
    from ..write.report import outcome_json, print_outcome

    try:
        if output is not None and in_place:
            raise UsageError("Usare -o oppure --sul-posto, non entrambi.")
        done = run(file, period=periodo, write=not as_json or output is not None or in_place, output=output,
                   in_place=in_place)
    except Exception as exc:  # noqa: BLE001
        _fail(ctx, exc)
        return
    plan, report, outcome, checked, written = done.plan, done.report, done.outcome, done.checked, done.written
    if as_json:
        echo(strict_json(outcome_json(plan, report, outcome)))
    elif outcome is None:
        _print_report(plan, report)
    else:
        print_outcome(plan, report, outcome, echo=echo)
        errors = [f for f in report.findings[:checked] if f.severity == ERRORE]
        if errors:  # what makes the exit code 1, where a script's log will show it
            echo("Errori nei dati:")
            echo_findings(errors[:MAX_ERRORS_SHOWN])
            if len(errors) > MAX_ERRORS_SHOWN:
                echo(f"... e altri {len(errors) - MAX_ERRORS_SHOWN}: vedere il foglio Anomalie o piano-xlsx verifica.")
        extra = report.findings[checked:]
        if extra:
            echo("Anomalie del calcolo:")
            echo_findings(extra)
    if written is not None:
        message = f"Scritto {written['output']}"
        if written["backup"] is not None:
            message += f" (copia del file precedente: {written['backup'].name})"
        echo(message + ".", err=as_json)
    ctx.exit(EXIT_OK if report.valid else EXIT_FINDINGS)


@main.command("modello", options_metavar="[OPZIONI]", short_help="Scrive un modello vuoto da compilare.")
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Il file da scrivere, es. piano-2025.xlsx.")
@click.option("--anno", type=click.IntRange(1990, 2100), default=None, metavar="AAAA",
              help="Anno del piano da preimpostare (es. 2025): i mesi del foglio Dati mensili diventano date.")
@click.option("--sovrascrivi", is_flag=True, help="Sostituisce il file se esiste già.")
@click.pass_context
def modello(ctx, output, anno, sovrascrivi):
    """Scrive una cartella di lavoro vuota con la tabella, le impostazioni e le istruzioni."""
    from ..write.template import write_template

    try:
        if output.exists() and not sovrascrivi:
            raise UsageError(f"Il file '{output}' esiste già: scegliere un altro nome o aggiungere --sovrascrivi.")
        if output.suffix.lower() != ".xlsx":
            raise UsageError(f"Il nome del file '{output.name}' deve finire con .xlsx.")
        write_template(output, year=anno)
    except Exception as exc:  # noqa: BLE001
        _fail(ctx, exc)
        return
    echo(f"Scritto il modello {output}. Compilarlo, poi: piano-xlsx verifica {output}")


if __name__ == "__main__":  # pragma: no cover
    main()
