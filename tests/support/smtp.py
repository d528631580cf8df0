"""A real SMTP server on loopback (aiosmtpd), with AUTH, that keeps what it receives.

`smtp_server()` runs one in a thread for the length of a `with` block. It accepts the
login USER/PASSWORD (AUTH PLAIN or LOGIN, allowed without TLS: loopback only), refuses
any other, and refuses the recipient REFUSED with 550, so the tests see each answer a
real server gives. Nothing leaves the machine.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

HOST = "127.0.0.1"
USER, PASSWORD = "digest", "s3cret pass"
REFUSED = "refused@example.org"


@dataclass(frozen=True)
class Received:
    sender: str
    recipients: tuple[str, ...]
    data: bytes
    login: str | None  # who logged in for it, None without a login


@dataclass
class Inbox:
    host: str
    port: int
    received: list[Received] = field(default_factory=list)
    logins: list[tuple[str, bool]] = field(default_factory=list)  # (user, accepted), every attempt

    def env(self, **more: str) -> dict[str, str]:
        """The environment `paper-digest email` reads to send here, with a login."""
        return {
            "SMTP_HOST": self.host,
            "SMTP_PORT": str(self.port),
            "SMTP_SECURITY": "none",
            "SMTP_USERNAME": USER,
            "SMTP_PASSWORD": PASSWORD,
            "MAIL_FROM": "Digest <digest@example.org>",
            "MAIL_TO": "reader@example.org, second@example.org",
            **more,
        }


class _Handler:
    def __init__(self, inbox: Inbox) -> None:
        self.inbox = inbox

    async def handle_RCPT(self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list) -> str:
        if address == REFUSED:
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        login = session.auth_data.decode() if isinstance(session.auth_data, bytes) else None
        data = envelope.original_content or b""
        self.inbox.received.append(Received(envelope.mail_from or "", tuple(envelope.rcpt_tos), data, login))
        return "250 OK: kept"


def free_port() -> int:
    """A loopback port nothing listens on (now)."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


@contextmanager
def smtp_server() -> Iterator[Inbox]:
    inbox = Inbox(HOST, free_port())

    def authenticate(server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: object) -> AuthResult:
        if not isinstance(data, LoginPassword):
            return AuthResult(success=False, handled=False)
        user = data.login.decode()
        accepted = user == USER and data.password.decode() == PASSWORD
        inbox.logins.append((user, accepted))
        # handled=False: aiosmtpd gives its own answer (235, or 535 for a refused login)
        return AuthResult(success=accepted, handled=False, auth_data=data.login if accepted else None)

    controller = Controller(
        _Handler(inbox),
        hostname=HOST,
        port=inbox.port,
        authenticator=authenticate,
        auth_require_tls=False,  # loopback: plain AUTH is fine here, never in production
    )
    controller.start()
    try:
        yield inbox
    finally:
        controller.stop()
