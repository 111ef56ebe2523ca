"""`piano-xlsx dividi`: one workbook per responsible unit or person, optionally e-mailed.

Registered by cli.py with ``main.add_command(dividi, "dividi")`` (English alias: split).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import click

from .italian import ItalianCommand
from .common import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE, OUTPUT_IS_REPORT, _fail, echo
from .common import echo_findings as _echo_findings
from ..core.period import check_period
from ..errors import UsageError
from ..write.split import MODES, RESPONSABILE

PASSWORD_ENV = "PIANO_XLSX_SMTP_PASSWORD"


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


@click.command("dividi", cls=ItalianCommand, options_metavar="[OPZIONI]", short_help="Una cartella per responsabile.")
@click.argument("file", type=click.Path(dir_okay=True, path_type=Path))
@click.option("--per", "per", type=click.Choice(MODES), default=RESPONSABILE, show_default=True,
              help="Per chi scrivere una cartella: 'responsabile' (i valori della colonna Responsabile), "
                   "'persona' (chi ha obiettivi individuali), 'tutti' (gli uni e gli altri).")
@click.option("-d", "--cartella", "directory", required=True, metavar="CARTELLA",
              type=click.Path(file_okay=False, path_type=Path),
              help="La cartella in cui scrivere i file (creata se manca).")
@click.option("--periodo", default=None, metavar="AAAA-MM",
              help="Calcola al mese AAAA-MM (predefinito: il mese dell'ultimo calcolo registrato nello Storico "
                   "del file, altrimenti l'ultimo mese con dati).")
@click.option("--eml", is_flag=True,
              help="Scrive anche un messaggio pronto da inviare (NOME.eml) per ogni responsabile con un indirizzo "
                   "nel foglio 'Indirizzi'.")
@click.option("--invia", is_flag=True, help="Invia i messaggi con il server indicato da --smtp.")
@click.option("--smtp", default=None, metavar="HOST:PORTA", help="Il server SMTP per --invia, es. smtp.ente.it:25.")
@click.option("--smtp-sicurezza", "security", type=click.Choice(("nessuna", "starttls", "ssl")), default=None,
              help="Come proteggere il collegamento al server SMTP: 'starttls', 'ssl' o 'nessuna' (predefinito: "
                   "'ssl' con la porta 465, 'starttls' con la 587, 'nessuna' con le altre).")
@click.option("--smtp-utente", "user", default=None, metavar="UTENTE",
              help="L'utente con cui accedere al server SMTP (solo con 'starttls' o 'ssl'). La password si legge "
                   "dalla variabile d'ambiente PIANO_XLSX_SMTP_PASSWORD o si chiede, mai dalla riga di comando.")
@click.option("--mittente", default=None, metavar="INDIRIZZO",
              help="Il mittente dei messaggi (obbligatorio con --eml e --invia), es. piano@ente.it.")
@click.pass_context
def dividi(ctx, file, per, directory, periodo, eml, invia, smtp, security, user, mittente):
    """Scrive una cartella di lavoro per ogni responsabile (area, settore, dirigente) o per ogni
    persona con obiettivi individuali, con i soli risultati che la riguardano: foglio Riepilogo
    (obiettivi, stati, valutazione individuale) e foglio Risultati. Nessun dato di altri
    responsabili finisce nel file.

    Con --eml prepara anche un messaggio per ciascuno, con la cartella allegata, all'indirizzo
    scritto nel foglio 'Indirizzi' (colonne Responsabile | E-mail); senza --invia non invia
    nulla e dice che cosa invierebbe. Con --invia --smtp HOST:PORTA invia i messaggi.

    \b
    Esempi:
      piano-xlsx dividi piano.xlsx -d giugno --periodo 2018-06
      piano-xlsx dividi piano.xlsx --per tutti -d giugno --eml --mittente piano@ente.it
      piano-xlsx dividi piano.xlsx -d giugno --invia --smtp smtp.ente.it:25 --mittente piano@ente.it
      piano-xlsx dividi piano.xlsx -d giugno --invia --smtp smtp.ente.it:587 --smtp-utente piano
                --mittente piano@ente.it

    Il file di partenza non viene modificato. Esce con 0 se tutto è andato bene, 1 se la
    cartella contiene errori o non indica responsabili, 2 se il file non si può leggere, il
    comando è usato male o i messaggi non si possono inviare.
    """
    try:
        code = _run(file, per, directory, periodo, eml, invia, smtp, mittente, security, user)
    except Exception as exc:  # noqa: BLE001 - turned into a message and an exit code
        _fail(ctx, exc)
        return
    ctx.exit(code)


def _smtp_password(user: str | None) -> str | None:
    """The SMTP password: from PIANO_XLSX_SMTP_PASSWORD, else asked (hidden) when someone is at the
    keyboard; never an option, so that it does not end up in the shell's history or in `ps`."""
    if not user:
        return None
    password = os.environ.get(PASSWORD_ENV)
    if password:
        return password
    if not sys.stdin.isatty():
        raise UsageError(f"Per l'utente SMTP '{user}' serve la password: scriverla nella variabile d'ambiente "
                         f"{PASSWORD_ENV} (chi lancia il comando da uno script) e rilanciare.")
    return click.prompt(f"Password SMTP per {user}", hide_input=True, err=True)


@dataclass
class _Mail:
    """What --eml and --invia ask for, checked before the plan is read (a mistake costs no computation)."""

    eml: bool
    invia: bool
    sender: str | None = None
    server: tuple[str, int] | None = None  # (host, port), with --smtp
    security: str | None = None
    user: str | None = None
    password: str | None = None

    @property
    def wanted(self) -> bool:
        return bool(self.eml or self.invia)


def _run(file, per, directory, periodo, eml, invia, smtp, mittente, security=None, user=None) -> int:
    from ..pipeline import OWN_PERIOD, run
    from ..write.split import write_owner_workbooks

    check_period(periodo)
    mail = _mail_options(eml, invia, smtp, mittente, security, user)
    # without --periodo: the month the file's results are at (its Storico), not data typed since
    done = run(file, period=periodo, default_period=OWN_PERIOD)
    plan, report, outcome = done.plan, done.report, done.outcome
    if outcome is None:
        _echo_findings(report.findings, echo)
        echo(f"Nessuna cartella scritta: correggere gli errori ({_plural(len(report.errors), 'errore', 'errori')}) "
             f"e rilanciare.")
        return EXIT_FINDINGS
    book = _address_book(file) if mail.wanted else None
    periodo = done.period
    written = write_owner_workbooks(plan, outcome, directory, per=per, period=periodo, eml=bool(eml))
    _echo_written(plan, outcome, written)
    if per != "persona":
        _echo_orphans(plan)
    exit_code, emls = EXIT_OK, []
    if mail.wanted:
        assert book is not None  # read (or refused) above when mail is wanted
        exit_code, prepared = _mail_out(plan, outcome, report, written, book, mail, periodo)
        emls = [p.eml for p in prepared if p.eml is not None] if eml else []
    _echo_stale(file, directory, written, emls)
    _echo_plan_findings(file, report)
    if not report.valid and exit_code == EXIT_OK:
        return EXIT_FINDINGS
    return exit_code


def _mail_options(eml, invia, smtp, mittente, security, user) -> _Mail:
    """The mail options checked together (refused with a UsageError, or noted when they do nothing),
    and the SMTP password asked once, before the long work."""
    from ..write.mail import check_sender, default_security, parse_smtp

    mail = _Mail(eml=eml, invia=invia, security=security, user=user)
    mail.sender = check_sender(mittente) if mail.wanted else None
    if invia and not smtp:
        raise UsageError("Per inviare i messaggi indicare il server con --smtp HOST:PORTA (es. smtp.ente.it:25).")
    mail.server = server = parse_smtp(smtp) if smtp else None
    if mittente and not mail.wanted:
        echo("Nota: --mittente serve solo con --eml o --invia.")
    if smtp and not invia:
        echo("Nota: --smtp senza --invia: nessun messaggio viene inviato.")
    if (security or user) and not invia:
        echo("Nota: --smtp-sicurezza e --smtp-utente servono solo con --invia.")
    if user and server is not None and (security or default_security(server[1])) == "nessuna":
        raise UsageError("Con --smtp-utente serve un collegamento protetto: indicare --smtp-sicurezza starttls o "
                         "ssl (o la porta 587 o 465).")
    mail.password = _smtp_password(user) if invia else None
    return mail


def _address_book(file):
    """The file's 'Indirizzi' sheet; refused (MissingAddresses) when the file has none."""
    from ..write.mail import MissingAddresses, read_addresses

    book = read_addresses(file)
    if book is None:
        raise MissingAddresses(
            f"Il file {Path(file).name} non ha il foglio 'Indirizzi' con gli indirizzi e-mail: aggiungerlo con "
            "le colonne 'Responsabile' e 'E-mail' (una riga per responsabile o persona) e rilanciare.")
    return book


def _echo_written(plan, outcome, written) -> None:
    from ..write.split import summarise, summary_sentence

    for w in written:
        s = summarise(plan, outcome, w.owner)
        echo(f"Scritto {w.path} - {w.owner.name} ({w.owner.kind}): {summary_sentence(s, outcome.profile.decimals)}.")


def _echo_orphans(plan) -> None:
    """The leaf results nobody owns, when the table has an owner column: they are in no workbook."""
    from ..core.model import effective_owners

    owned = effective_owners(plan)
    orphans = [c for c in plan.results if plan.results[c].is_leaf and c not in owned]
    if orphans and plan.table is not None and "owner" in plan.table.columns:
        shown = ", ".join(orphans[:10]) + (" ..." if len(orphans) > 10 else "")
        echo(f"Avviso: {_plural(len(orphans), 'risultato senza responsabile', 'risultati senza responsabile')}"
             f" (in nessuna cartella): {shown}.")


def _mail_out(plan, outcome, report, written, book, mail: _Mail, period) -> tuple[int, list]:
    """Prepare a message per owner with an address, write the .eml files (--eml), then send them
    (--invia) or say what would be sent; (exit code, the prepared messages)."""
    from ..write.mail import prepare_messages, write_eml

    assert mail.sender is not None  # checked before the plan was read, when mail is wanted
    prepared, mail_findings = prepare_messages(plan, outcome, written, book, mail.sender, period=period)
    for f in mail_findings:
        echo(f"Avviso: {f.message}" + (f" ({f.location})" if f.location.cell else ""))
    if mail.eml:
        for p in prepared:
            write_eml(p)
            echo(f"Scritto {p.eml} per {', '.join(p.to)}.")
    if not mail.invia:
        if prepared:
            echo("Da inviare (con --invia --smtp HOST:PORTA):")
            for p in prepared:
                echo(f"  a {', '.join(p.to)} ({p.owner.name}): {p.path.name}")
        echo("Nessun messaggio inviato.")
        return EXIT_OK, prepared
    if not report.valid:
        echo("Messaggi non inviati: la cartella contiene errori (vedere sotto); correggerli e rilanciare.")
        return EXIT_FINDINGS, prepared
    return _send(prepared, mail), prepared


def _send(prepared, mail: _Mail) -> int:
    """Send the messages and say how each went: EXIT_OK when all went, else EXIT_UNREADABLE."""
    from ..write.mail import send_all

    assert mail.server is not None  # --invia without --smtp is refused before the plan is read
    host, port = mail.server
    deliveries = send_all(prepared, host, port, security=mail.security, user=mail.user, password=mail.password)
    # from here on the output only reports what was done: losing it must not turn the exit
    # code into "not sent" (a script would send everything again)
    click.get_current_context().meta[OUTPUT_IS_REPORT] = True
    for d in deliveries:
        if d.ok:
            echo(f"Inviato a {', '.join(d.prepared.to)} ({d.prepared.owner.name}): {d.prepared.path.name}.")
        else:
            echo(f"NON inviato a {', '.join(d.prepared.to)} ({d.prepared.owner.name}): {d.error}.")
    sent = sum(1 for d in deliveries if d.ok)
    echo(f"Inviati {sent} su {_plural(len(deliveries), 'messaggio', 'messaggi')} tramite {host}:{port}.")
    return EXIT_UNREADABLE if sent < len(deliveries) else EXIT_OK


def _echo_stale(file, directory, written, emls) -> None:
    """Files of an earlier split that this one did not rewrite: out of date, not to be sent."""
    from ..write.split import stale_files

    stale = stale_files(directory, written, emls_written=emls, keep=[file])
    if stale:
        where = "nella cartella corrente" if Path(directory).resolve() == Path.cwd() else f"nella cartella {directory}"
        echo(f"Avviso: {where} {'resta' if len(stale) == 1 else 'restano'} {_plural(len(stale), 'file', 'file')} "
             "di una divisione precedente che questa non ha riscritto (nomi tolti o cambiati nel piano, o "
             "divisione con un altro --per): "
             f"{', '.join(p.name for p in stale)}. Non sono aggiornati: non inviarli; cancellarli se non servono.")


def _echo_plan_findings(file, report) -> None:
    """The plan's errors in full, and how many errors and warnings it has."""
    if report.errors:
        echo("")
        _echo_findings(report.errors, echo)
    n_err, n_warn = len(report.errors), len(report.warnings)
    if n_err or n_warn:
        echo(f"Anomalie del piano: {_plural(n_err, 'errore', 'errori')}, {_plural(n_warn, 'avviso', 'avvisi')} "
             f"(dettagli con: piano-xlsx verifica {Path(file).name}).")


__all__ = ["dividi"]
