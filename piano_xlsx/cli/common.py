"""What every command shares: exit codes, findings as a table, errors turned into messages."""

from __future__ import annotations

import sys
import textwrap
import traceback

import click

from ..errors import PianoError
from ..write.files import os_reason

EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 2
EXIT_INTERNAL = 3
# ctx.meta key: what the command prints from now on only reports work already done
OUTPUT_IS_REPORT = "piano_xlsx.output_is_report"


def echo(message="", err: bool = False, **kwargs) -> None:
    """click.echo that outlives its reader: when the reader goes away (`| head`), the rest of
    the output is dropped and the command goes on to the end of its work and its own exit code
    (for verifica and confronta the code is the answer; dividi still sends its messages)."""
    try:
        click.echo(message, err=err, **kwargs)
    except BrokenPipeError:
        _drop_output(sys.stderr if err else sys.stdout)
    except OSError as exc:  # the output cannot be written (a full disk): say so, end with 2, not 1
        _drop_output(sys.stderr if err else sys.stdout)
        context = click.get_current_context(silent=True)
        if err or (context is not None and context.meta.get(OUTPUT_IS_REPORT)):
            return  # only messages beside the output, or a report of work done, are lost
        try:
            click.echo(f"Errore: L'uscita del comando non si può scrivere: {os_reason(exc)}.", err=True)
        except OSError:
            pass
        if context is not None:
            context.exit(EXIT_UNREADABLE)
        raise


def _drop_output(stream) -> None:
    import os

    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())
    except (OSError, ValueError):  # not a real file (a test runner's buffer): nothing to redirect
        pass


# the library's parameters as this command line spells them (PianoError.options)
OPTION_FLAGS = {"sender": "--mittente", "per": "--per", "in_place": "--sul-posto", "output": "-o",
                "period": "--periodo"}


def option_hint(exc: PianoError) -> str:
    """' Opzione: --per persona.' for an error that names a parameter of the library."""
    shown = [OPTION_FLAGS[name] + (f" {value}" if value else "") for name, value in exc.options.items()
             if name in OPTION_FLAGS]
    if not shown:
        return ""
    return f" {'Opzione' if len(shown) == 1 else 'Opzioni'}: {', '.join(shown)}."


def _fail(ctx, exc: BaseException) -> None:
    if isinstance(exc, (click.exceptions.Exit, click.exceptions.Abort, click.ClickException)):
        raise exc  # click's own ending (an exit code already decided): not an error of ours
    verbose = ctx.find_root().obj.get("verbose", False) if ctx.find_root().obj else False
    if isinstance(exc, BrokenPipeError):
        # the reader of our output went away (e.g. `| head`) while output went around echo()
        _drop_output(sys.stdout)
        ctx.exit(EXIT_OK)
    os_error = exc if isinstance(exc, OSError) else getattr(exc, "__cause__", None) or getattr(exc, "__context__",
                                                                                              None)
    if isinstance(os_error, OSError) and not isinstance(exc, PianoError):
        where = f" '{os_error.filename}'" if getattr(os_error, "filename", None) else ""
        reason = os_reason(os_error)
        echo(f"Errore: Il file o la cartella{where} non si può usare: {reason}. "
             "Controllare che la cartella esista e sia scrivibile, poi rilanciare.", err=True)
        if verbose:
            traceback.print_exc(file=sys.stderr)
        ctx.exit(EXIT_UNREADABLE)
    if isinstance(exc, PianoError):
        echo(f"Errore: {exc}{option_hint(exc)}", err=True)
        if verbose:
            traceback.print_exc(file=sys.stderr)
        ctx.exit(exc.exit_code)
    echo(f"Errore interno: {exc.__class__.__name__}: {exc}. Il file di input non è stato modificato. "
               "Rilanciare con -v per i dettagli e segnalare il problema.", err=True)
    if verbose:
        traceback.print_exc(file=sys.stderr)
    ctx.exit(EXIT_INTERNAL)


def echo_findings(findings, echo=echo, width: int = 100) -> None:
    """Findings as a readable table: severity, code, sheet!cell, then the message wrapped."""
    for f in findings:
        where = str(f.location) or "(cartella)"
        echo(f"{f.severity.upper():7} {f.code:28} {where}")
        for line in textwrap.wrap(f.message, width=width - 8):
            echo(" " * 8 + line)


def strict_json(data) -> str:
    """The JSON text the commands print: strict (a number that is not finite would be 'NaN', which
    no JSON reader accepts; the readings never let one through, and this makes sure of it)."""
    import json
    import math

    def clean(value):
        if isinstance(value, float) and not math.isfinite(value):
            return None
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [clean(v) for v in value]
        return value
    return json.dumps(clean(data), ensure_ascii=False, indent=2, allow_nan=False)

