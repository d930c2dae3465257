"""Sending e-mail through the SMTP server of ``LMS_SMTP_URL``.

``smtp://user:pass@host:port`` plain (STARTTLS when the port is 587),
``smtp+starttls://...`` always STARTTLS, ``smtps://...`` TLS from the first byte (port 465).
User and password are URL-encoded in the URL (``%40`` for ``@``).
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Iterable
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from urllib.parse import unquote, urlsplit


class MailError(RuntimeError):
    """The SMTP URL is wrong or the server refused; one line for the operator."""


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int
    username: str | None
    password: str | None
    security: str  # plain | starttls | tls

    @classmethod
    def from_url(cls, url: str) -> SmtpConfig:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in ("smtp", "smtp+starttls", "smtps") or not parts.hostname:
            raise MailError(f"LMS_SMTP_URL: expected smtp://, smtp+starttls:// or smtps://host[:port], not {url!r}")
        try:
            port = parts.port
        except ValueError as exc:
            raise MailError(f"LMS_SMTP_URL: bad port ({exc})") from None
        default_port = {"smtp": 25, "smtp+starttls": 587, "smtps": 465}[scheme]
        port = port or default_port
        if scheme == "smtps":
            security = "tls"
        elif scheme == "smtp+starttls" or port == 587:
            security = "starttls"
        else:
            security = "plain"
        return cls(parts.hostname, port, unquote(parts.username) if parts.username else None,
                   unquote(parts.password) if parts.password else None, security)


def build_message(sender: str, to: str, subject: str, body: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2].strip("> ") or "localhost")
    message.set_content(body)
    return message


class Mailer:
    """One SMTP connection for a batch of messages: ``with Mailer(url) as m: m.send(msg)``."""

    def __init__(self, url: str, timeout: float = 30.0) -> None:
        self.config = SmtpConfig.from_url(url)
        self.timeout = timeout
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> Mailer:
        c = self.config
        try:
            if c.security == "tls":
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(c.host, c.port, timeout=self.timeout,
                                                      context=ssl.create_default_context())
            else:
                smtp = smtplib.SMTP(c.host, c.port, timeout=self.timeout)
                if c.security == "starttls":
                    smtp.starttls(context=ssl.create_default_context())
            if c.username:
                smtp.login(c.username, c.password or "")
        except (OSError, smtplib.SMTPException) as exc:
            raise MailError(f"SMTP {c.host}:{c.port}: {exc}") from exc
        self._smtp = smtp
        return self

    def send(self, message: EmailMessage) -> None:
        assert self._smtp is not None, "use Mailer as a context manager"
        try:
            self._smtp.send_message(message)
        except (OSError, smtplib.SMTPException) as exc:
            raise MailError(f"SMTP: {exc}") from exc

    def __exit__(self, *exc: object) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (OSError, smtplib.SMTPException):
                self._smtp.close()
            self._smtp = None


def send_all(url: str, messages: Iterable[EmailMessage]) -> int:
    count = 0
    with Mailer(url) as mailer:
        for message in messages:
            mailer.send(message)
            count += 1
    return count
