"""A minimal SMTP server for the tests: 127.0.0.1 only, an ephemeral port, in a thread.

It speaks just enough SMTP for smtplib (EHLO/HELO, MAIL FROM, RCPT TO, DATA, RSET, NOOP,
QUIT), keeps every message it receives in memory and stops when the test ends:

    with SMTPTestServer() as server:
        ... send to server.host, server.port ...
    server.messages  # [Received(mail_from, rcpt_to, data), ...]

Bounded: connections time out after 10 s of silence, a message is at most 20 MB, and
`refuse` lists recipients to answer with 550 (to test refusals). With `tls` (a server-side
ssl.SSLContext) it offers STARTTLS, or with `implicit_tls` speaks TLS from the first byte
(SMTPS); with `users` it asks for AUTH PLAIN/LOGIN, offered only once the connection is
protected. `secured` records, per message, whether it came over TLS.
"""

from __future__ import annotations

import base64
import re
import socketserver
import ssl
import threading
from dataclasses import dataclass, field

MAX_MESSAGE = 20 * 1024 * 1024
MAX_LINE = 8192


@dataclass
class Received:
    mail_from: str
    rcpt_to: list[str]
    data: bytes  # the message as sent, dot-unstuffed, CRLF line ends
    secured: bool = False  # came over TLS
    user: str | None = None  # who logged in


@dataclass
class _Session:
    mail_from: str | None = None
    rcpt_to: list[str] = field(default_factory=list)


class _Handler(socketserver.StreamRequestHandler):
    timeout = 10  # seconds of silence before the connection is dropped

    def _send(self, line: str) -> None:
        self.wfile.write(line.encode("ascii") + b"\r\n")
        self.wfile.flush()

    def _secure(self, context: ssl.SSLContext) -> bool:
        try:
            self.connection = context.wrap_socket(self.connection, server_side=True)
        except (ssl.SSLError, OSError):
            return False
        self.rfile = self.connection.makefile("rb")
        self.wfile = self.connection.makefile("wb")
        return True

    def handle(self) -> None:
        server: SMTPTestServer = self.server.owner  # type: ignore[attr-defined]
        session = _Session()
        secured = False
        user = None
        if server.implicit_tls:
            if not self._secure(server.tls):
                return
            secured = True
        self._send("220 localhost piano-xlsx test SMTP")
        while True:
            try:
                raw = self.rfile.readline(MAX_LINE)
            except OSError:
                return
            if not raw:
                return
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            verb = line[:4].upper()
            server.commands.append(line)
            if verb == "EHLO":
                self._send("250-localhost")
                if server.tls is not None and not secured:
                    self._send("250-STARTTLS")
                if server.users and secured:
                    self._send("250-AUTH PLAIN LOGIN")
                self._send("250 8BITMIME")
            elif line.upper() == "STARTTLS" and server.tls is not None and not secured:
                self._send("220 Ready to start TLS")
                if not self._secure(server.tls):
                    return
                secured, session = True, _Session()
            elif line.upper().startswith("AUTH ") and server.users and secured:
                parts = line.split()
                if parts[1].upper() == "PLAIN":
                    token = parts[2] if len(parts) > 2 else self._ask("")
                    _, name, password = (base64.b64decode(token).decode("utf-8", "replace").split("\0") + ["", ""])[:3]
                else:
                    name = base64.b64decode(self._ask("VXNlcm5hbWU6")).decode("utf-8", "replace")
                    password = base64.b64decode(self._ask("UGFzc3dvcmQ6")).decode("utf-8", "replace")
                if server.users.get(name) == password:
                    user = name
                    self._send("235 Authentication successful")
                else:
                    self._send("535 Authentication credentials invalid")
            elif line.upper().startswith("MAIL FROM:") and server.users and user is None:
                self._send("530 Authentication required")
            elif verb == "HELO":
                self._send("250 localhost")
            elif line.upper().startswith("MAIL FROM:"):
                session = _Session(mail_from=_address(line[10:]))
                self._send("250 OK")
            elif line.upper().startswith("RCPT TO:"):
                if session.mail_from is None:
                    self._send("503 MAIL first")
                    continue
                rcpt = _address(line[8:])
                if rcpt.lower() in server.refuse:
                    self._send("550 No such user here")
                    continue
                session.rcpt_to.append(rcpt)
                self._send("250 OK")
            elif verb == "DATA":
                if not session.rcpt_to:
                    self._send("503 RCPT first")
                    continue
                self._send("354 End data with <CR><LF>.<CR><LF>")
                data = self._read_data()
                if data is None:
                    return
                with server.lock:
                    server.messages.append(Received(session.mail_from or "", list(session.rcpt_to), data, secured,
                                                    user))
                session = _Session()
                self._send("250 OK queued")
            elif verb == "RSET":
                session = _Session()
                self._send("250 OK")
            elif verb == "NOOP":
                self._send("250 OK")
            elif verb == "QUIT":
                self._send("221 Bye")
                return
            else:
                self._send("502 Command not implemented")

    def _ask(self, prompt: str) -> str:
        self._send(f"334 {prompt}")
        return self.rfile.readline(MAX_LINE).decode("ascii", "replace").strip()

    def _read_data(self) -> bytes | None:
        lines = []
        size = 0
        while True:
            try:
                raw = self.rfile.readline(MAX_LINE)
            except OSError:
                return None
            if not raw:
                return None
            if raw in (b".\r\n", b".\n"):
                return b"".join(lines)
            if raw.startswith(b"."):
                raw = raw[1:]  # dot-unstuffing (RFC 5321, 4.5.2)
            size += len(raw)
            if size > MAX_MESSAGE:
                return None
            lines.append(raw)


def _address(text: str) -> str:
    m = re.search(r"<([^>]*)>", text)
    return (m.group(1) if m else text.split()[0] if text.split() else "").strip()


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class SMTPTestServer:
    def __init__(self, refuse: tuple[str, ...] = (), *, tls: ssl.SSLContext | None = None,
                 implicit_tls: bool = False, users: dict[str, str] | None = None):
        self.tls = tls
        self.implicit_tls = implicit_tls and tls is not None
        self.users = dict(users or {})
        self.messages: list[Received] = []
        self.commands: list[str] = []
        self.refuse = {r.lower() for r in refuse}
        self.lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.owner = self  # type: ignore[attr-defined]
        self.host, self.port = self._server.server_address[:2]
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="smtp-test-server", daemon=True)

    def start(self) -> "SMTPTestServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> "SMTPTestServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
