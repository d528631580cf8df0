"""A `Letter` as a MIME message: multipart/alternative, a text/plain part then a text/html one.

Both parts are rendered by Jinja2 from the theme's mail/ templates, the HTML one with
autoescape on, both with StrictUndefined (a misspelt name fails, never prints nothing).
The message holds no clock and no random: the same letter gives the same bytes (a dry run
can be compared); send.py adds the Date header when it sends.
"""

from __future__ import annotations

import hashlib
from email.message import EmailMessage
from email.policy import SMTP
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from generator.outputs.mail.letter import Letter

MAIL_TEMPLATES = "mail"  # in the theme folder
HTML_TEMPLATE = "letter.html"
TEXT_TEMPLATE = "letter.txt"


@cache
def _environment(folder: Path, html: bool) -> Environment:
    return Environment(
        loader=FileSystemLoader(folder),
        autoescape=html,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )


def render_parts(letter: Letter, theme: Path) -> tuple[str, str]:
    """(text, HTML) of the letter."""
    folder = theme / MAIL_TEMPLATES
    text = _environment(folder, False).get_template(TEXT_TEMPLATE).render(letter=letter)
    html = _environment(folder, True).get_template(HTML_TEMPLATE).render(letter=letter)
    return text, html


def letter_message(letter: Letter, theme: Path, sender: str | None, recipients: tuple[str, ...]) -> EmailMessage:
    """The letter as a message; From and To only when given (a dry run may have neither)."""
    text, html = render_parts(letter, theme)
    message = EmailMessage()
    message["Subject"] = " ".join(letter.subject.split())  # a line break in a header would end it: folded
    if sender:
        message["From"] = sender
    if recipients:
        message["To"] = ", ".join(recipients)
    message["Message-ID"] = message_id(letter)
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    # email's boundary is random; one made from the parts is the same each time, and cannot be in them
    message.set_boundary(f"==paper-digest-{hashlib.sha256((text + html).encode()).hexdigest()[:32]}")
    return message


def message_id(letter: Letter) -> str:
    """One identifier per letter and day: the same letter sent again would be recognised as one."""
    host = urlsplit(letter.site_url).hostname or "localhost"
    what = letter.key.replace("/", ".")
    return f"<paper-digest.{what}.{'.'.join(letter.days) or 'empty'}@{host}>"


def message_bytes(message: EmailMessage) -> bytes:
    """The message as an .eml file holds it: CRLF line ends, as sent."""
    return message.as_bytes(policy=SMTP)
