"""`paper-digest email`: check the settings, read the digest, write the letter, send it once.

Everything that can be checked without the digest is checked first (the site URL, the
SMTP settings, the feed's name, the record of what was sent), so a bad setting fails in
a moment, before parsing and enriching. A letter is recorded as sent only once the SMTP
server took it; a dry run writes the message to a file and records nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from generator.config import Config
from generator.files import write_bytes
from generator.model import Digest
from generator.outputs.feeds import site_base
from generator.outputs.mail.letter import DAY_KEY, Letter, LetterError, day_letter, feed_key, feed_letter, find_feed
from generator.outputs.mail.message import letter_message, message_bytes
from generator.outputs.mail.record import SENT_RECORD, load_sent, save_sent
from generator.outputs.mail.send import send
from generator.outputs.mail.settings import addresses_from, smtp_settings
from generator.urls import URLS

SENT, WRITTEN, ALREADY_SENT, NOTHING_NEW = "sent", "written", "already sent", "nothing new"


@dataclass(frozen=True)
class Mailed:
    outcome: str  # SENT, WRITTEN, ALREADY_SENT or NOTHING_NEW
    letter: Letter
    to: tuple[str, ...]  # the recipients (of a dry run: those MAIL_TO names, if any)

    def summary(self, dry_run: Path | None = None) -> str:
        letter, count = self.letter, len(self.letter.papers)
        what = f"{letter.heading} ({count} paper{'' if count == 1 else 's'})"
        if self.outcome == SENT:
            return f"sent {what} to {', '.join(self.to)}"
        if self.outcome == WRITTEN:
            return f"wrote {what} to {dry_run} (nothing sent)"
        if self.outcome == ALREADY_SENT:
            return f"{what} was already sent: nothing to do"
        return f"{letter.heading}, nothing sent"


def mail_digest(
    config: Config,
    read_digest: Callable[[], Digest],
    env: Mapping[str, str],
    *,
    feed: str | None = None,
    dry_run: Path | None = None,
    now: datetime | None = None,
) -> Mailed:
    """Send the newest day (or a [[feed]]'s new papers), or with `dry_run` write it there.
    Raises a DigestError subclass, one line, when it cannot."""
    if not config.site.url:
        raise LetterError(
            "a letter links each paper to its page: give the site's URL (--site-url URL, or site.url in digest.toml)"
        )
    base = site_base(config.site.url)
    settings = None if dry_run else smtp_settings(env)
    addresses = settings.addresses if settings else addresses_from(env, required=False)
    rules = find_feed(config.custom_feeds, feed) if feed else None
    record_path = config.path(config.build.cache) / SENT_RECORD
    record = load_sent(record_path)

    digest = read_digest()
    if rules is None:
        letter = day_letter(digest, base, config.site.title, record.last(DAY_KEY))
    else:
        after = record.last(feed_key(rules.name))
        letter = feed_letter(digest, rules, after, config.feeds.items, base, config.site.title, URLS.feeds)
    letter = replace(letter, language=config.site.language)
    if not letter.papers:
        return Mailed(NOTHING_NEW, letter, addresses.recipients)
    already = all(record.sent(letter.key, day) for day in letter.days)
    if already and dry_run is None:
        return Mailed(ALREADY_SENT, letter, addresses.recipients)

    message = letter_message(letter, config.path(config.build.theme), addresses.sender, addresses.recipients)
    if dry_run is not None:
        write_bytes(dry_run, message_bytes(message))
        return Mailed(WRITTEN, letter, addresses.recipients)
    assert settings is not None  # not a dry run: read above
    send(message, settings, now)
    save_sent(record_path, record.adding(letter.key, letter.days))
    return Mailed(SENT, letter, addresses.recipients)
