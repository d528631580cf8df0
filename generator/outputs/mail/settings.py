"""SMTP settings from the environment (a CI secret, a shell), checked at once.

Every problem is collected and raised as one `MailSettingsError` line naming the
variables, so a run never starts to send with half its settings. The password is
held but never shown: `repr` of the settings leaves it out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from email.utils import parseaddr

from generator.problems import DigestError

SECURITIES = ("starttls", "ssl", "none")
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}
HOST, PORT, USERNAME, PASSWORD, SECURITY = "SMTP_HOST", "SMTP_PORT", "SMTP_USERNAME", "SMTP_PASSWORD", "SMTP_SECURITY"
FROM, TO = "MAIL_FROM", "MAIL_TO"


class MailSettingsError(DigestError):
    """A missing or bad setting: one line naming it."""


@dataclass(frozen=True)
class Addresses:
    sender: str | None
    recipients: tuple[str, ...]


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    security: str  # one of SECURITIES
    addresses: Addresses
    username: str | None = None
    password: str | None = field(default=None, repr=False)


def addresses_from(env: Mapping[str, str], required: bool) -> Addresses:
    """MAIL_FROM and MAIL_TO (comma-separated); with `required`, both must be given."""
    problems = []
    sender = env.get(FROM, "").strip() or None
    recipients = tuple(part.strip() for part in env.get(TO, "").split(",") if part.strip())
    if sender and not _is_address(sender):
        problems.append(f"{FROM} is not an address: {sender!r}")
    problems += [f"{TO} holds something that is not an address: {r!r}" for r in recipients if not _is_address(r)]
    if required:
        problems += [f"{name} is not set" for name, value in ((FROM, sender), (TO, recipients)) if not value]
    if problems:
        raise MailSettingsError("; ".join(problems))
    return Addresses(sender, recipients)


def smtp_settings(env: Mapping[str, str]) -> SmtpSettings:
    """Every SMTP setting, or one MailSettingsError naming all that are missing or bad."""
    problems = []
    host = env.get(HOST, "").strip()
    if not host:
        problems.append(f"{HOST} is not set")
    security = env.get(SECURITY, "").strip().lower() or "starttls"
    if security not in SECURITIES:
        problems.append(f"{SECURITY} must be one of {', '.join(SECURITIES)}, not {security!r}")
        security = "starttls"
    port_text = env.get(PORT, "").strip()
    port = DEFAULT_PORTS[security]
    if port_text:
        if port_text.isdigit() and 0 < int(port_text) < 65536:
            port = int(port_text)
        else:
            problems.append(f"{PORT} must be a port number, not {port_text!r}")
    username = env.get(USERNAME, "") or None
    password = env.get(PASSWORD, "") or None
    if bool(username) != bool(password):  # a login needs both; one alone is a mistake, not "no login"
        problems.append(f"{USERNAME} and {PASSWORD} go together: {USERNAME if password else PASSWORD} is not set")
    try:
        addresses = addresses_from(env, required=True)
    except MailSettingsError as exc:
        problems.append(str(exc))
        addresses = Addresses(None, ())
    if problems:
        raise MailSettingsError("; ".join(problems))
    return SmtpSettings(host, port, security, addresses, username, password)


def _is_address(text: str) -> bool:
    _, address = parseaddr(text)
    return "@" in address and not any(c.isspace() for c in address)
