"""A message sent over SMTP: smtplib, with every failure turned into one `SendError` line.

STARTTLS and SSL verify the server's certificate (the default context); "none" is for a
relay on the same machine or network. A login refused, a host that cannot be reached and
a server that refuses the sender or every recipient each say what failed, and where.
"""

from __future__ import annotations

import copy
import smtplib
import ssl
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime

from generator.outputs.mail.settings import SmtpSettings
from generator.problems import DigestError

TIMEOUT = 30  # seconds for each network operation


class SendError(DigestError):
    """Why a message was not sent: one line."""


def send(message: EmailMessage, settings: SmtpSettings, now: datetime | None = None) -> None:
    """Send `message` to the settings' recipients; raise SendError when it was not sent to all of them."""
    outgoing = _dated(message, now or datetime.now(UTC))
    where = f"{settings.host}:{settings.port}"
    try:
        with _connect(settings) as smtp:
            if settings.security == "starttls":
                smtp.starttls(context=ssl.create_default_context())
            if settings.username and settings.password:
                smtp.login(settings.username, settings.password)
            refused = smtp.send_message(
                outgoing, from_addr=settings.addresses.sender, to_addrs=list(settings.addresses.recipients)
            )
    except smtplib.SMTPAuthenticationError as exc:
        raise SendError(f"{where} refused the login of {settings.username}: {_reply(exc)}") from None
    except smtplib.SMTPNotSupportedError as exc:
        raise SendError(f"{where}: {exc} (is SMTP_SECURITY right?)") from None
    except smtplib.SMTPRecipientsRefused as exc:
        refused_all = ", ".join(f"{to} ({_reply_of(*answer)})" for to, answer in sorted(exc.recipients.items()))
        raise SendError(f"{where} refused every recipient: {refused_all}") from None
    except smtplib.SMTPSenderRefused as exc:
        raise SendError(f"{where} refused the sender {exc.sender}: {_reply(exc)}") from None
    except smtplib.SMTPResponseException as exc:
        raise SendError(f"{where} answered {_reply(exc)}") from None
    except smtplib.SMTPException as exc:  # disconnected, a bad greeting, ...
        raise SendError(f"{where}: {exc}") from None
    except ssl.SSLError as exc:
        raise SendError(f"{where}: TLS failed: {exc.reason or exc}") from None
    except OSError as exc:  # refused, unknown host, timeout, unreachable network
        raise SendError(f"cannot reach the SMTP server {where}: {exc.strerror or exc}") from None
    if refused:
        names = ", ".join(f"{to} ({_reply_of(*answer)})" for to, answer in sorted(refused.items()))
        raise SendError(f"{where} refused some recipients (the others were sent it): {names}")


def _connect(settings: SmtpSettings) -> smtplib.SMTP:
    if settings.security == "ssl":
        return smtplib.SMTP_SSL(settings.host, settings.port, timeout=TIMEOUT, context=ssl.create_default_context())
    return smtplib.SMTP(settings.host, settings.port, timeout=TIMEOUT)


def _dated(message: EmailMessage, now: datetime) -> EmailMessage:
    """A copy with the Date header: the one part of a message that depends on when it is sent."""
    outgoing = copy.deepcopy(message)
    del outgoing["Date"]
    outgoing["Date"] = format_datetime(now)
    return outgoing


def _reply(exc: smtplib.SMTPResponseException) -> str:
    return _reply_of(exc.smtp_code, exc.smtp_error)


def _reply_of(code: int, text: bytes | str) -> str:
    words = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return f"{code} {' '.join(words.split())}"
