"""The day by email: the letter, its MIME message, the settings, sending to a real SMTP server
on loopback (aiosmtpd), the record that keeps a day from being sent twice, and the CLI's errors."""

from __future__ import annotations

import email
import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from email.message import EmailMessage
from email.policy import default
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator.cli import main
from generator.config import BuildConfig, Config, CustomFeed, SiteConfig
from generator.outputs.mail.letter import LetterError, day_letter, feed_letter, lead_sentences
from generator.outputs.mail.message import letter_message, message_bytes
from generator.outputs.mail.record import SENT_RECORD, SentRecordError, load_sent
from generator.outputs.mail.run import ALREADY_SENT, NOTHING_NEW, SENT, WRITTEN, mail_digest
from generator.outputs.mail.settings import MailSettingsError, smtp_settings
from generator.urls import URLS
from tests.support.feed_papers import record
from tests.support.letters import HOSTILE_TITLES, LEAD, NEWEST, OLDER, SITE, digest_of, newest_day_papers
from tests.support.paths import ROOT, SHIPPED_DUMPS
from tests.support.smtp import REFUSED, Inbox, free_port, smtp_server

THEME = ROOT / "themes" / "digest"
RANKED = ("hostile-script", "named-authors", "three-upvotes", "zero-upvotes", "never-counted")
SMTP_NAMES = ("SMTP_HOST", "SMTP_PORT", "SMTP_USERNAME", "SMTP_PASSWORD", "SMTP_SECURITY", "MAIL_FROM", "MAIL_TO")


@pytest.fixture
def inbox() -> Iterator[Inbox]:
    with smtp_server() as server:
        yield server


def config_at(tmp_path: Path, **site: str) -> Config:
    return Config(
        site=SiteConfig(title="Digest & Co", url=site.get("url", SITE), language="en-GB"),
        build=BuildConfig(theme=str(THEME)),  # absolute: the project's theme, with its mail templates
        root=tmp_path,
        custom_feeds=(CustomFeed(name="agents", title="Agents <weekly>", include=("agents",)),),
    )


def message_of(data: bytes) -> EmailMessage:
    parsed = email.message_from_bytes(data, policy=default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def parts(message: EmailMessage) -> tuple[str, str]:
    text, html = message.get_body(("plain",)), message.get_body(("html",))
    assert text is not None and html is not None
    return text.get_content(), html.get_content()


def day_message() -> EmailMessage:
    letter = day_letter(digest_of(newest_day_papers()), SITE, "Digest & Co")
    return message_of(message_bytes(letter_message(letter, THEME, "a@example.org", ("b@example.org",))))


class Anchors(HTMLParser):
    """Each link of a letter's HTML as (class, href, text), and every attribute that would load a file."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[list[str]] = []
        self.loads: list[str] = []
        self.tags: set[str] = set()
        self._open: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        found = dict(attrs)
        self.loads += [f"{tag} {name}" for name in ("src", "srcset", "background", "poster") if name in found]
        if tag == "link" or (found.get("style") or "").find("url(") >= 0:
            self.loads.append(tag)
        if tag == "a":
            self._open = [found.get("class") or "", found.get("href") or "", ""]
            self.links.append(self._open)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open[2] += data


def anchors(html: str) -> Anchors:
    parser = Anchors()
    parser.feed(html)
    return parser


# The letter and its message


def test_the_message_parses_with_a_text_and_an_html_part() -> None:
    message = day_message()
    assert message.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in message.iter_parts()] == ["text/plain", "text/html"]
    assert message["Subject"] == "Digest & Co: Jun 12, 2026 (5 papers)"
    assert message["From"] == "a@example.org" and message["To"] == "b@example.org"
    assert message["Message-ID"] == f"<paper-digest.day.{NEWEST}@example.github.io>"
    assert "Date" not in message  # the clock is added when sending: the same letter, the same bytes
    text, html = parts(message)
    assert text.startswith("Digest & Co: ")
    assert html.lstrip().startswith("<!DOCTYPE html>")


def test_papers_are_ranked_by_upvotes_and_unknown_is_last_and_never_zero() -> None:
    text, html = parts(day_message())
    titles = [link for link in anchors(html).links if link[0] == "title"]
    slugs = tuple(href.removeprefix(SITE + "papers/").removesuffix(".html") for _, href, _ in titles)
    assert slugs == RANKED, slugs  # the older day's paper (100 upvotes) is not in the newest day's letter
    assert [href for _, href, _ in titles] == [SITE + URLS.paper(slug) for slug in RANKED]  # absolute
    lines = text.splitlines()
    counts = [line.strip().split(" · ")[0] for line in lines if line.startswith("   ") and " · " in line]
    assert counts == ["40 upvotes", "5 upvotes", "3 upvotes", "0 upvotes", "upvotes not counted"]
    assert "upvotes not counted" in html and html.count("0 upvotes") == 2  # "40 upvotes" and "0 upvotes"


def test_each_paper_shows_two_sentences_its_authors_and_code() -> None:
    text, html = parts(day_message())
    assert "First sentence about agents, e.g. Tool use in 3 settings. Second one ends here!" in text
    assert "Third is left out" not in text and "Third is left out" not in html
    assert "Ada, Bo, Cy et al." in text and "Ada, Bo, Cy et al." in html and "Di, Ed" not in text
    assert "3 authors" in text  # a count is what a text dump gives
    assert "authors unknown" in text  # neither names nor a count: unknown, said so
    assert "Code: https://github.com/o/r" in text
    assert ["", "https://github.com/o/r", "https://github.com/o/r"] in anchors(html).links


@pytest.mark.parametrize(
    ("text", "lead"),
    [
        (LEAD, "First sentence about agents, e.g. Tool use in 3 settings. Second one ends here!"),
        ("We follow Smith et al. Results hold. And more. Even more.", "We follow Smith et al. Results hold. And more."),
        ("One.  Two\nlines. Three.", "One. Two lines."),
        ("No full stop at all", "No full stop at all"),
        ('It said "stop." Then (it went.) Not this.', 'It said "stop." Then (it went.)'),
        ("Version 2.5 is faster. It is.", "Version 2.5 is faster. It is."),
    ],
)
def test_lead_sentences(text: str, lead: str) -> None:
    assert lead_sentences(text) == lead


def test_the_html_part_loads_nothing_from_anywhere() -> None:
    _, html = parts(day_message())
    found = anchors(html)
    assert found.loads == [] and "style" not in found.tags and "script" not in found.tags and "img" not in found.tags
    assert "@import" not in html and "url(" not in html
    assert all(href.startswith("https://") for _, href, _ in found.links)
    assert "table" in found.tags  # laid out with tables: what mail readers render alike


def test_hostile_titles_stay_text() -> None:
    text, html = parts(day_message())
    found = anchors(html)
    assert [t for c, _, t in found.links if c == "title"] == [
        HOSTILE_TITLES[0],
        "Five named authors",
        "Agents with three upvotes",
        HOSTILE_TITLES[1],
        HOSTILE_TITLES[2],
    ]
    assert "script" not in found.tags and "b" not in found.tags  # not one of their tags became a tag
    assert "&lt;script&gt;" in html and "&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;" in html and "*md*" in html
    for title in HOSTILE_TITLES:
        assert title in text  # the text part is text: exactly as given


def test_a_letter_is_the_same_bytes_every_time() -> None:
    one = message_bytes(letter_message(day_letter(digest_of(newest_day_papers()), SITE, "D"), THEME, None, ()))
    two = message_bytes(letter_message(day_letter(digest_of(newest_day_papers()), SITE, "D"), THEME, None, ()))
    assert one == two and b"\r\n" in one


def test_a_feed_letter_holds_its_papers_since_the_last_day_sent() -> None:
    digest = digest_of(newest_day_papers())
    rules = CustomFeed(name="agents", title="Agents", include=("agents",))
    first = feed_letter(digest, rules, None, 50, SITE, "D", URLS.feeds)
    assert [p.url for p in first.papers] == [SITE + URLS.paper(s) for s in ("hostile-script", "three-upvotes")]
    assert first.key == "feed/agents" and first.days == (NEWEST,)
    since_older = feed_letter(digest, rules, date(2026, 6, 10), 50, SITE, "D", URLS.feeds)
    assert [p.upvotes for p in since_older.papers] == [100, 40, 3] and since_older.days == (NEWEST, "2026-06-11")
    text, _ = parts(message_of(message_bytes(letter_message(since_older, THEME, None, ()))))
    assert "100 upvotes · authors unknown · arrived 2026-06-11" in text  # several days: each paper's is said
    assert "arrived" not in parts(message_of(message_bytes(letter_message(first, THEME, None, ()))))[0]
    assert feed_letter(digest, rules, date(2026, 6, 12), 50, SITE, "D", URLS.feeds).papers == ()
    bad = CustomFeed(name="bad", title="Bad", topics=("no-such-topic",))
    with pytest.raises(Exception, match="unknown topic 'no-such-topic'"):
        feed_letter(digest, bad, None, 50, SITE, "D", URLS.feeds)


def test_a_line_break_in_a_feed_title_never_breaks_the_subject() -> None:
    rules = CustomFeed(name="agents", title="Agents\r\nBcc: everyone@example.org", include=("agents",))
    letter = feed_letter(digest_of(newest_day_papers()), rules, None, 50, SITE, "D", URLS.feeds)
    message = message_of(message_bytes(letter_message(letter, THEME, None, ())))
    assert message["Subject"] == f"Agents Bcc: everyone@example.org · D: {NEWEST} (2 papers)" and "Bcc" not in message


def test_a_digest_without_days_has_no_letter() -> None:
    with pytest.raises(LetterError, match="no day with papers"):
        day_letter(replace(digest_of(newest_day_papers()), days=()), SITE, "D")


# Settings


def test_settings_need_a_host_and_addresses_and_name_each_missing_one() -> None:
    with pytest.raises(MailSettingsError) as caught:
        smtp_settings({"SMTP_USERNAME": "u"})
    message = str(caught.value)
    assert "\n" not in message
    for name in ("SMTP_HOST is not set", "SMTP_PASSWORD is not set", "MAIL_FROM is not set", "MAIL_TO is not set"):
        assert name in message
    with pytest.raises(MailSettingsError, match="SMTP_SECURITY must be one of starttls, ssl, none"):
        smtp_settings({"SMTP_HOST": "h", "SMTP_SECURITY": "tls", "MAIL_FROM": "a@b.c", "MAIL_TO": "d@e.f"})
    with pytest.raises(MailSettingsError, match="MAIL_TO holds something that is not an address: 'nobody'"):
        smtp_settings({"SMTP_HOST": "h", "MAIL_FROM": "a@b.c", "MAIL_TO": "d@e.f, nobody"})


def test_settings_default_the_port_by_security_and_hide_the_password() -> None:
    base = {"SMTP_HOST": "smtp.example.org", "MAIL_FROM": "a@b.c", "MAIL_TO": "d@e.f,  g@h.i "}
    assert smtp_settings(base).port == 587 and smtp_settings(base).security == "starttls"
    assert smtp_settings({**base, "SMTP_SECURITY": "SSL"}).port == 465
    assert smtp_settings({**base, "SMTP_SECURITY": "none", "SMTP_PORT": "2525"}).port == 2525
    assert smtp_settings(base).addresses.recipients == ("d@e.f", "g@h.i")
    secret = smtp_settings({**base, "SMTP_USERNAME": "u", "SMTP_PASSWORD": "hunter2"})
    assert secret.password == "hunter2" and "hunter2" not in repr(secret)


# Sending, once


def test_the_day_is_sent_to_a_real_server_once(tmp_path: Path, inbox: Inbox) -> None:
    config = config_at(tmp_path)
    digest = digest_of(newest_day_papers())
    sent = mail_digest(config, lambda: digest, inbox.env())
    assert sent.outcome == SENT and sent.to == ("reader@example.org", "second@example.org")
    assert sent.summary() == f"sent {sent.letter.heading} (5 papers) to reader@example.org, second@example.org"
    assert len(inbox.received) == 1 and inbox.logins == [("digest", True)]
    got = inbox.received[0]
    assert got.recipients == ("reader@example.org", "second@example.org") and got.sender == "digest@example.org"
    assert got.login == "digest"
    message = message_of(got.data)
    assert message["Date"] and message["Subject"] == "Digest & Co: Jun 12, 2026 (5 papers)"
    assert [p.get_content_type() for p in message.iter_parts()] == ["text/plain", "text/html"]
    recorded = json.loads((tmp_path / ".cache" / SENT_RECORD).read_text("utf-8"))
    assert recorded == {"day": [NEWEST]}

    again = mail_digest(config, lambda: digest, inbox.env())
    assert again.outcome == ALREADY_SENT and len(inbox.received) == 1
    assert "already sent" in again.summary()


def test_a_new_day_is_sent_the_next_time(tmp_path: Path, inbox: Inbox) -> None:
    config = config_at(tmp_path)
    papers = newest_day_papers()
    mail_digest(config, lambda: digest_of(papers), inbox.env())
    later = [*papers, record("next-day", "2026-06-15", 7, "Next day")]
    assert mail_digest(config, lambda: digest_of(later), inbox.env()).outcome == SENT
    assert len(inbox.received) == 2 and load_sent(tmp_path / ".cache" / SENT_RECORD).days["day"] == (
        NEWEST,
        "2026-06-15",
    )


def test_days_a_run_missed_are_sent_with_the_next_day(tmp_path: Path, inbox: Inbox) -> None:
    config = config_at(tmp_path)
    papers = newest_day_papers()
    older = [p for p in papers if p.arrived.isoformat() == OLDER]
    assert mail_digest(config, lambda: digest_of(older), inbox.env()).letter.days == (OLDER,)
    later = [*papers, record("next-day", "2026-06-15", 7, "Next day")]  # the run of 06-12 never happened
    caught_up = mail_digest(config, lambda: digest_of(later), inbox.env())
    assert caught_up.outcome == SENT and caught_up.letter.days == ("2026-06-15", NEWEST)
    assert caught_up.letter.heading == "Jun 12, 2026 to Jun 15, 2026"
    assert [p.upvotes for p in caught_up.letter.papers] == [40, 7, 5, 3, 0, None]
    assert load_sent(tmp_path / ".cache" / SENT_RECORD).days["day"] == (OLDER, NEWEST, "2026-06-15")
    assert len(inbox.received) == 2


def test_a_day_letter_catches_up_a_week_at_most() -> None:
    papers = [record(f"p{n}", f"2026-06-{n:02}", n, f"Paper {n}") for n in range(1, 13)]
    letter = day_letter(digest_of(papers), SITE, "D", after=date(2026, 5, 1))
    assert letter.days == tuple(f"2026-06-{n:02}" for n in range(12, 5, -1))  # the newest 7


def test_a_feed_sends_its_new_papers_once(tmp_path: Path, inbox: Inbox) -> None:
    config = config_at(tmp_path)
    papers = newest_day_papers()
    first = mail_digest(config, lambda: digest_of(papers), inbox.env(), feed="agents")
    assert first.outcome == SENT and len(first.letter.papers) == 2
    assert "Agents &lt;weekly&gt;" in parts(message_of(inbox.received[0].data))[1]
    nothing = mail_digest(config, lambda: digest_of(papers), inbox.env(), feed="agents")
    assert nothing.outcome == NOTHING_NEW and nothing.summary() == "Agents <weekly>: no new papers, nothing sent"
    later = [*papers, record("new-agents", "2026-06-15", 1, "New agents"), record("no", "2026-06-15", 9, "Vision")]
    third = mail_digest(config, lambda: digest_of(later), inbox.env(), feed="agents")
    assert [p.title for p in third.letter.papers] == ["New agents"] and len(inbox.received) == 2
    assert load_sent(tmp_path / ".cache" / SENT_RECORD).days == {"feed/agents": (NEWEST, "2026-06-15")}


def test_a_dry_run_writes_the_message_and_records_nothing(tmp_path: Path) -> None:
    config = config_at(tmp_path)
    target = tmp_path / "day.eml"
    env = {"MAIL_TO": "reader@example.org"}  # no SMTP setting at all
    done = mail_digest(config, lambda: digest_of(newest_day_papers()), env, dry_run=target)
    assert done.outcome == WRITTEN and f"to {target}" in done.summary(target)
    first = target.read_bytes()
    message = message_of(first)
    assert message["To"] == "reader@example.org" and "From" not in message
    assert '<html lang="en-GB">' in parts(message)[1]  # the site's language
    mail_digest(config, lambda: digest_of(newest_day_papers()), env, dry_run=target)
    assert target.read_bytes() == first
    assert not (tmp_path / ".cache" / SENT_RECORD).exists()


def test_refusals_are_one_line_and_nothing_is_recorded(tmp_path: Path, inbox: Inbox) -> None:
    from generator.outputs.mail.send import SendError

    config = config_at(tmp_path)
    digest = digest_of(newest_day_papers())
    cases = {
        "refused the login of digest: 535": inbox.env(SMTP_PASSWORD="wrong"),
        "refused every recipient: refused@example.org (550": inbox.env(MAIL_TO=REFUSED),
        "STARTTLS extension not supported by server": inbox.env(SMTP_SECURITY="starttls"),
        f"cannot reach the SMTP server 127.0.0.1:{(port := free_port())}: ": inbox.env(SMTP_PORT=str(port)),
    }
    for expected, env in cases.items():
        with pytest.raises(SendError) as caught:
            mail_digest(config, lambda: digest, env)
        assert expected in str(caught.value) and "\n" not in str(caught.value)
    assert inbox.received == [] and not (tmp_path / ".cache" / SENT_RECORD).exists()


def test_without_a_site_url_nothing_is_read(tmp_path: Path) -> None:
    def never() -> None:
        raise AssertionError("the digest was read")

    with pytest.raises(LetterError, match=r"--site-url URL, or site\.url in digest\.toml"):
        mail_digest(config_at(tmp_path, url=""), never, {}, dry_run=tmp_path / "x.eml")


def test_a_damaged_record_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / ".cache" / SENT_RECORD
    path.parent.mkdir(parents=True)
    path.write_text('{"day": ["not a day"]}', "utf-8")
    with pytest.raises(SentRecordError, match="not a record of sent letters"):
        load_sent(path)


# Through the command line


def run_cli(args: list[str], env: dict[str, str]) -> Result:
    clean: dict[str, str | None] = dict.fromkeys(SMTP_NAMES)  # never the caller's own settings
    return CliRunner().invoke(main, ["email", str(SHIPPED_DUMPS[0]), *args], env={**clean, **env})


def one_line_error(result: Result, expected: str) -> None:
    """Exit 1, and one line of output, Click's "Error: ...": no traceback, nothing else."""
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception  # a ClickException, not a crash
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: ") and expected in lines[0], result.output


@pytest.mark.usefixtures("project")
def test_cli_missing_settings_are_one_line() -> None:
    result = run_cli(["--site-url", SITE], {"SMTP_HOST": "127.0.0.1"})
    one_line_error(result, "MAIL_FROM is not set; MAIL_TO is not set")


@pytest.mark.usefixtures("project")
def test_cli_without_a_site_url_is_one_line() -> None:
    one_line_error(run_cli([], {}), "give the site's URL (--site-url URL, or site.url in digest.toml)")


@pytest.mark.usefixtures("project")
@pytest.mark.slow  # reads and enriches a shipped dump
def test_cli_refused_login_and_unreachable_host_are_one_line(inbox: Inbox) -> None:
    one_line_error(run_cli(["--site-url", SITE], inbox.env(SMTP_PASSWORD="nope")), "refused the login of digest")
    port = free_port()
    one_line_error(run_cli(["--site-url", SITE], inbox.env(SMTP_PORT=str(port))), f"127.0.0.1:{port}")
    one_line_error(run_cli(["--site-url", SITE, "--feed", "nope"], inbox.env()), "--feed nope: no [[feed]]")
    assert inbox.received == []


@pytest.mark.usefixtures("project")
@pytest.mark.slow  # reads and enriches a shipped dump
def test_cli_sends_the_day_then_does_nothing(inbox: Inbox) -> None:
    result = run_cli(["--site-url", SITE], inbox.env())
    assert result.exit_code == 0, result.output
    assert result.output.startswith("sent ") and "to reader@example.org, second@example.org" in result.output
    again = run_cli(["--site-url", SITE], inbox.env())
    assert again.exit_code == 0 and "already sent" in again.output
    assert len(inbox.received) == 1
    text, html = parts(message_of(inbox.received[0].data))
    assert SITE + "papers/" in html and "most upvoted first" in text


@pytest.mark.slow  # reads and enriches a shipped dump
def test_cli_dry_run_writes_an_eml(project: Path) -> None:
    result = run_cli(["--site-url", SITE, "--dry-run", "out/day.eml"], {})
    assert result.exit_code == 0, result.output
    message = message_of((project / "out" / "day.eml").read_bytes())
    assert message.get_content_type() == "multipart/alternative"


def test_the_command_has_help_with_an_example() -> None:
    result = CliRunner().invoke(main, ["email", "--help"])
    assert result.exit_code == 0 and "Example:" in result.output and "SMTP_SECURITY" in result.output
