"""E-mail for `piano-xlsx dividi`: one message per manager with their workbook attached.

Addresses come from the workbook's sheet "Indirizzi" (header "Responsabile | E-mail",
matched ignoring case, accents and hyphens; more addresses in a cell are separated by ';',
',' or line breaks, read with the standard library's address parser). Messages are built with the standard library's EmailMessage; they can be written
as .eml files (Outlook and Thunderbird open them ready to send) and/or sent through an
SMTP server with smtplib: plain (an internal relay), STARTTLS or SMTPS, with the server's
certificate verified against the system's authorities, and a login when a user is given (never
over a connection without TLS).
"""

from __future__ import annotations

import re
import smtplib
import ssl
from dataclasses import dataclass, field
from email.headerregistry import Address, AddressHeader
from email.message import EmailMessage
from email.utils import formatdate, getaddresses, make_msgid, parseaddr
from pathlib import Path

from ..core.compute import IN_CORSO, STATUSES, Outcome
from ..errors import PianoError, UsageError
from ..core.findings import Finding, Location, warning
from ..core.model import Plan, person_key
from .split import (PERSONA, XLSX_MIME, Owner, Written, errors_notice, owners, period_label, plan_title, summarise,
                    summary_sentence)
from ..core.text import clean, fmt, fold, pct

ADDRESS_SHEETS = ("indirizzi", "indirizzi email", "indirizzi e-mail", "rubrica", "email", "e-mail")
NAME_HEADERS = ("responsabile", "persona", "nome", "struttura", "struttura responsabile", "area", "settore",
                "ufficio", "dirigente", "destinatario")
MAIL_HEADERS = ("email", "mail", "posta elettronica", "indirizzo email", "indirizzo di posta elettronica",
                "indirizzo", "pec", "indirizzo pec")
SMTP_TIMEOUT = 30


class SendError(PianoError):
    """The SMTP server cannot be reached or refused the dialogue (exit code 2)."""

    exit_code = 2


class MissingAddresses(PianoError):
    """--eml/--invia without an "Indirizzi" sheet (exit code 1: a problem of the data)."""

    exit_code = 1


@dataclass
class AddressEntry:
    name: str
    addresses: list[str]
    location: Location


@dataclass
class AddressBook:
    sheet: str
    entries: dict[str, AddressEntry] = field(default_factory=dict)  # name (model.person_key) -> entry
    findings: list[Finding] = field(default_factory=list)

    def lookup(self, name: str) -> AddressEntry | None:
        return self.entries.get(person_key(name))  # as the reader knows a person (found in review: by fold)


@dataclass
class Prepared:
    owner: Owner
    path: Path  # the workbook attached
    to: list[str]  # bare addresses
    message: EmailMessage
    eml: Path | None = None


# --------------------------------------------------------------------------- addresses


def _key(text) -> str:
    return " ".join(re.sub(r"[^a-z0-9 ]", "", fold(str(text or "").replace("-", ""))).split())


def valid_address(addr: str) -> bool:
    if not addr or any(ch.isspace() for ch in addr) or addr.count("@") != 1:
        return False
    local, domain = addr.split("@")
    if not local or not domain or domain.startswith(".") or domain.endswith(".") or ".." in domain:
        return False
    try:
        Address(addr_spec=addr)
    except (ValueError, IndexError, TypeError):
        return False
    return True


_REGISTRY = None


def parse_address_cell(text: str) -> tuple[list[str], list[str]]:
    """(addresses, problems) of a cell of the "Indirizzi" sheet, read with the standard library's
    address parser: '"Rossi, Mario" <m.rossi@ente.it>' is one address; addresses are separated by
    ',', ';' or line breaks. A line break inside an address, a group ('Bcc: x@y.it'), anything the
    parser finds defective is a problem, never an address added or read as someone else. A domain
    written in letters with accents ('università.it') is sent in its ASCII form (IDNA)."""
    global _REGISTRY
    if _REGISTRY is None:
        from email.headerregistry import HeaderRegistry

        _REGISTRY = HeaderRegistry()
    addresses: list[str] = []
    problems: list[str] = []
    for line in str(text).replace("\r", "\n").split("\n"):
        line = line.strip()
        if not line:
            continue
        if line.count('"') % 2:
            problems.append(line)  # a name in quotes cut by a line break: which address is it?
            continue
        for chunk in _split_outside_quotes(line):
            chunk = re.sub(r"(?i)^<?mailto:", "", chunk.strip()).rstrip(">") if "mailto:" in chunk.lower() else chunk
            try:
                header = _REGISTRY("To", chunk)
            except Exception:  # noqa: BLE001 - the parser's own errors: not an address
                problems.append(chunk)
                continue
            if (not isinstance(header, AddressHeader) or header.defects
                    or any(g.display_name for g in header.groups) or len(header.addresses) != 1):
                problems.append(chunk)
                continue
            address = header.addresses[0]
            try:
                domain = address.domain.encode("idna").decode("ascii")
            except UnicodeError:
                problems.append(chunk)
                continue
            bare = f"{address.username}@{domain}"
            if not address.username.isascii() or not valid_address(bare):
                problems.append(chunk)
            elif bare not in addresses:
                addresses.append(bare)
    return addresses, problems


def _split_outside_quotes(line: str) -> list[str]:
    """'a@b.it; "Rossi, Mario" <m@x.it>' -> the two addresses: ',' and ';' inside quotes do not split."""
    parts: list[str] = []
    current: list[str] = []
    quoted = False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        if ch in ",;" and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


def read_addresses(path) -> AddressBook | None:
    """The "Indirizzi" sheet of the workbook, or None when there is none."""
    from ..read.sheets import find_sheet
    from ..xlsx.reader import read_workbook
    from ..xlsx.refs import a1

    workbook = read_workbook(path)
    sheet = find_sheet(workbook, ADDRESS_SHEETS)
    if sheet is None:
        return None
    book = AddressBook(sheet.name)
    header: tuple[int, int, int] | None = None  # (row, name column, address column)
    for row in range(1, min(sheet.max_row, 20) + 1):
        names = [c for c in sheet.columns_in_row(row) if _key(sheet.value(row, c)) in NAME_HEADERS]
        mails = [c for c in sheet.columns_in_row(row) if _key(sheet.value(row, c)) in MAIL_HEADERS]
        if names and mails:
            header = (row, names[0], mails[0])
            break
    if header is None:
        book.findings.append(warning(
            "indirizzi-senza-intestazione",
            f"Il foglio '{sheet.name}' non ha le colonne 'Responsabile' e 'E-mail': nessun indirizzo letto.",
            Location(sheet.name, "A1")))
        return book
    header_row, name_col, mail_col = header
    for row in range(header_row + 1, sheet.max_row + 1):
        name = " ".join(clean(str(sheet.value(row, name_col) or "")).split())
        raw = clean(str(sheet.value(row, mail_col) or ""))
        if not name and not raw:
            continue
        loc = Location(sheet.name, a1(row, mail_col))
        if not name:
            book.findings.append(warning("indirizzo-senza-nome", f"L'indirizzo '{raw}' non ha il nome del "
                                         "responsabile: la riga viene ignorata.", Location(sheet.name, a1(row, name_col))))
            continue
        found, problems = parse_address_cell(raw)
        for part in problems:
            book.findings.append(warning(
                "indirizzo-non-valido",
                f"'{part}' di {name} non è un indirizzo e-mail valido (un indirizzo per riga o separati da ';', "
                "es. 'Mario Rossi <m.rossi@ente.it>'): non viene usato.", loc))
        entry = book.entries.get(person_key(name))
        if entry is None:
            book.entries[person_key(name)] = AddressEntry(name, found, loc)
        else:
            entry.addresses.extend(a for a in found if a not in entry.addresses)
    return book


def check_sender(value: str | None) -> str:
    """The sender, checked: 'piano@ente.it' or 'Ufficio Piano <piano@ente.it>'."""
    if not value or not value.strip():
        raise UsageError("Indicare il mittente dei messaggi (es. piano@ente.it).", options={"sender": None})
    if "\n" in value or "\r" in value:
        raise UsageError("Il mittente non può contenere a capo.")
    pairs = getaddresses([value])
    if len(pairs) != 1 or not valid_address(pairs[0][1]):
        raise UsageError(f"Il mittente '{value}' non è un indirizzo e-mail valido (es. piano@ente.it).")
    return value.strip()


def parse_smtp(value: str) -> tuple[str, int]:
    """'HOST:PORTA' (also '[::1]:25'); without the port, 25."""
    text = (value or "").strip()
    m = re.fullmatch(r"\[([0-9A-Fa-f:.]+)\](?::(\d{1,5}))?", text) or \
        re.fullmatch(r"([A-Za-z0-9._-]+)(?::(\d{1,5}))?", text)
    if not m:
        raise UsageError(f"Il server SMTP '{value}' non è nella forma HOST:PORTA (es. smtp.ente.it:25).")
    port = int(m.group(2)) if m.group(2) else 25
    if not 1 <= port <= 65535:
        raise UsageError(f"La porta {port} del server SMTP non è valida (1-65535).")
    return m.group(1), port


# --------------------------------------------------------------------------- messages


def subject(plan: Plan, outcome: Outcome, owner: Owner, period: str | None = None) -> str:
    period = period or outcome.period
    # a person's message is their evaluation: not the same subject as an owner's of the same name (found in a
    # trial: two messages to one address, 'Dirigente Area Servizi' twice, nothing telling them apart)
    what = "valutazione individuale" if owner.kind == PERSONA else "risultati"
    return f"{plan_title(plan)}: {what} al {period_label(period, plan.profile.anno)} - {owner.name}"


def body(plan: Plan, outcome: Outcome, written: Written, period: str | None = None) -> str:
    owner = written.owner
    period = period or outcome.period
    d = outcome.profile.decimals
    s = summarise(plan, outcome, owner)
    when = period_label(period, plan.profile.anno) + (f" (periodo {period})" if period else "")
    lines = [
        "Buongiorno,",
        "",
        f"in allegato la cartella di lavoro \"{written.path.name}\" con i risultati del {plan_title(plan)} al "
        f"{when} di competenza di: {owner.name}.",
        "",
    ]
    notice = errors_notice(plan, outcome)
    if notice:
        lines += [notice, ""]
    if owner.kind == PERSONA and s.person is not None:  # a person's headline is their evaluation
        p = s.person
        lines += [(f"Valutazione individuale: grado {pct(p.grado, d)}, {p.status}" if p.grado is not None else
                   f"Valutazione individuale: non ancora valutabile ({p.status})")
                  + (f", fattore di valutazione {fmt(p.factor)}" if p.factor is not None else "")
                  + (" (provvisorio: obiettivi in corso)" if p.status == IN_CORSO and p.factor is not None else "")
                  + ".", ""]
    lines.append(f"Risultati: {summary_sentence(s, d)}.")
    for status in STATUSES:
        if s.counts.get(status):
            lines.append(f"  - {status}: {s.counts[status]}")
    if s.objectives:
        lines += ["", "Obiettivi di ente:"]
        for node in s.objectives:
            title = plan.objectives[node.code].title
            grado = pct(node.grado, d) if node.grado is not None else "-"
            lines.append(f"  - {node.code}. {title}: {grado} ({node.status})")
    lines += [
        "",
        "Il foglio \"Riepilogo\" riassume obiettivi e stati; il foglio \"Risultati\" riporta ogni risultato con "
        "target, consuntivo, grado, stato e nota di calcolo.",
        "",
        "Messaggio preparato con piano-xlsx.",
        "",
    ]
    return "\n".join(lines)


def build_message(plan: Plan, outcome: Outcome, written: Written, to: list[str], sender: str, *,
                  period: str | None = None) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = ", ".join(to)
    msg["Subject"] = " ".join(subject(plan, outcome, written.owner, period).split())
    msg["Date"] = formatdate(localtime=True)
    domain = parseaddr(sender)[1].rpartition("@")[2] or None
    msg["Message-ID"] = make_msgid(domain=domain)
    msg.set_content(body(plan, outcome, written, period), subtype="plain", charset="utf-8", cte="quoted-printable")
    maintype, subtype = XLSX_MIME.split("/")
    msg.add_attachment(written.path.read_bytes(), maintype=maintype, subtype=subtype, filename=written.path.name)
    return msg


def prepare_messages(plan: Plan, outcome: Outcome, written: list[Written], book: AddressBook, sender: str, *,
                     period: str | None = None) -> tuple[list[Prepared], list[Finding]]:
    """A message for each workbook whose owner has an address; a warning for each one who has not."""
    prepared: list[Prepared] = []
    findings: list[Finding] = list(book.findings)
    for w in written:
        entry = book.lookup(w.owner.name)
        if entry is None or not entry.addresses:
            findings.append(warning(
                "indirizzo-mancante",
                f"Nessun indirizzo e-mail per '{w.owner.name}' nel foglio '{book.sheet}': il messaggio con "
                f"{w.path.name} non viene preparato.", entry.location if entry else Location(book.sheet)))
            continue
        msg = build_message(plan, outcome, w, entry.addresses, sender, period=period)
        prepared.append(Prepared(w.owner, w.path, list(entry.addresses), msg))
    known = {person_key(o.name) for o in owners(plan, "tutti")}
    for key, entry in book.entries.items():
        if key not in known:
            findings.append(warning(
                "indirizzo-senza-responsabile",
                f"'{entry.name}' del foglio '{book.sheet}' non è un responsabile né una persona del piano: "
                "l'indirizzo non viene usato.", entry.location))
    return prepared, findings


def write_eml(prepared: Prepared) -> Path:
    """The message as '<file>.eml' beside its workbook, marked as not yet sent (X-Unsent: 1) and as
    written by dividi (so that a rerun may replace it, and nothing else); written whole or not at all."""
    from .files import write_atomically
    from .split import EML_MARK

    # the headers go in front of the serialised message, so the message to be sent stays as it is
    data = b"X-Unsent: 1\r\n" + EML_MARK + prepared.message.as_bytes(
        policy=prepared.message.policy.clone(linesep="\r\n"))
    path = prepared.path.with_suffix(".eml")
    write_atomically(path, data)
    prepared.eml = path
    return path


# --------------------------------------------------------------------------- sending


@dataclass
class Delivery:
    prepared: Prepared
    error: str | None = None  # Italian; None when the server accepted the message

    @property
    def ok(self) -> bool:
        return self.error is None


# how the connection is protected: none (an internal relay), STARTTLS after connecting, SMTPS (TLS
# from the first byte); the default follows the port, as mail programs do
SECURITY = ("nessuna", "starttls", "ssl")


def default_security(port: int) -> str:
    """SMTPS on 465, STARTTLS on 587 (submission), none elsewhere (25: a relay inside the office)."""
    return {465: "ssl", 587: "starttls"}.get(port, "nessuna")


def _connect(host: str, port: int, security: str, user: str | None, password: str | None,
             timeout: float, context: ssl.SSLContext | None):
    """An SMTP connection ready to send: protected as asked, logged in when a user is given. A
    login is never sent without TLS, and the server's certificate is verified."""
    if security not in SECURITY:
        raise UsageError(f"Sicurezza SMTP '{security}' non valida: una fra {', '.join(SECURITY)}.")
    if user and security == "nessuna":
        raise UsageError("Per accedere al server SMTP con utente e password serve una connessione protetta: "
                         "scegliere 'starttls' o 'ssl' come sicurezza.")
    context = context or ssl.create_default_context()
    where = f"{host}:{port}"
    smtp: smtplib.SMTP
    try:
        if security == "ssl":
            smtp = smtplib.SMTP_SSL(host, port, timeout=timeout, context=context)
        else:
            smtp = smtplib.SMTP(host, port, timeout=timeout)
    except ssl.SSLError as exc:
        raise SendError(f"Collegamento protetto (SSL) al server SMTP {where} non riuscito: {_reason(exc)}. Nessun "
                        "messaggio è stato inviato; controllare la porta (di solito 465) e il certificato del "
                        "server.") from exc
    except (OSError, smtplib.SMTPException) as exc:
        raise SendError(f"Collegamento al server SMTP {where} non riuscito: {_reason(exc)}. Nessun messaggio "
                        "è stato inviato.") from exc
    try:
        smtp.ehlo_or_helo_if_needed()
        if security == "starttls":
            if not smtp.has_extn("starttls"):
                raise SendError(f"Il server SMTP {where} non offre STARTTLS: nessun messaggio è stato inviato. "
                                "Scegliere 'ssl' (porta 465) o, per un server interno senza protezione, 'nessuna'.")
            smtp.starttls(context=context)
            smtp.ehlo()
        if user:
            smtp.login(user, password or "")
    except SendError:
        smtp.close()
        raise
    except smtplib.SMTPAuthenticationError as exc:
        smtp.close()
        raise SendError(f"Il server SMTP {where} non ha accettato l'utente '{user}' e la password "
                        f"({_reason(exc)}): nessun messaggio è stato inviato.") from exc
    except (ssl.SSLError, smtplib.SMTPException, OSError) as exc:
        smtp.close()
        raise SendError(f"Collegamento protetto al server SMTP {where} non riuscito: {_reason(exc)}. Nessun "
                        "messaggio è stato inviato.") from exc
    return smtp


def send_all(prepared: list[Prepared], host: str, port: int, *, timeout: float = SMTP_TIMEOUT,
             security: str | None = None, user: str | None = None, password: str | None = None,
             context: ssl.SSLContext | None = None) -> list[Delivery]:
    """Send every message over one SMTP connection (`security`: see SECURITY, default by port;
    `user`/`password`: a login, only over TLS). Raises SendError when the server cannot be
    reached or refuses the login; a message the server refuses is reported in its Delivery and
    the others go on."""
    if not prepared:
        return []
    out: list[Delivery] = []
    smtp = _connect(host, port, security or default_security(port), user, password, timeout, context)
    try:
        for i, p in enumerate(prepared):
            sender = parseaddr(str(p.message["From"]))[1]
            try:
                refused = smtp.send_message(p.message, from_addr=sender, to_addrs=p.to)
            except smtplib.SMTPRecipientsRefused as exc:
                out.append(Delivery(p, "il server ha rifiutato " + ", ".join(exc.recipients)))
                _reset(smtp)
                continue
            except smtplib.SMTPServerDisconnected as exc:
                out.append(Delivery(p, f"il server ha chiuso il collegamento ({_reason(exc)})"))
                out.extend(Delivery(q, "non inviato: il server ha chiuso il collegamento") for q in prepared[i + 1:])
                return out
            except (smtplib.SMTPException, OSError) as exc:
                out.append(Delivery(p, _reason(exc)))
                _reset(smtp)
                continue
            if refused:
                out.append(Delivery(p, "il server ha rifiutato " + ", ".join(refused)))
            else:
                out.append(Delivery(p))
    except (smtplib.SMTPException, OSError) as exc:
        done = {id(d.prepared) for d in out}
        out.extend(Delivery(q, _reason(exc)) for q in prepared if id(q) not in done)
    finally:
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            smtp.close()
    return out


def _reset(smtp) -> None:
    try:
        smtp.rset()
    except (smtplib.SMTPException, OSError):
        pass


def _reason(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        text = exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) else str(exc.smtp_error)
        return f"{exc.smtp_code} {text}".strip()
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or exc.__class__.__name__


__all__ = ["AddressBook", "AddressEntry", "Prepared", "Delivery", "SendError", "MissingAddresses", "read_addresses",
           "check_sender", "parse_smtp", "valid_address", "subject", "body", "build_message", "prepare_messages",
           "write_eml", "send_all", "default_security", "SECURITY", "SMTP_TIMEOUT"]
