"""Core's periodic work, instead of cron: reminders and their e-mails, assignment rules (and
the yearly rollover), notices of completions and API tokens that expire.

Each job is claimed once per scheduled minute (see :mod:`lms.core.jobs.scheduler`), and each
is also safe to run twice: reminders are unique by dedup key and claimed before they are
mailed, rules apply idempotently. ``lms notify`` and ``lms assignments sync`` do the same work
by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l

from lms.core import transaction
from lms.core.jobs.registry import crontab, job
from lms.core.jobs.runs import JobContext
from lms.core.services import notifications, team
from lms.core.services.mail import Mailer, MailError


@dataclass
class ReminderReport:
    created: dict[str, int] = field(default_factory=dict)
    sent: int = 0
    skipped: int = 0
    smtp: bool = True


def send_reminders(batch: int = 500, echo: Callable[[str], None] = lambda line: None) -> ReminderReport:
    """Create the reminders that are due and e-mail what has not been sent. Each claim is
    committed before a single e-mail leaves, so two senders never mail one notification twice.
    On an SMTP error the unsent ones go back to pending and :class:`MailError` is raised."""
    report = ReminderReport(created=notifications.create_reminders())
    transaction.commit()
    url = current_app.extensions["lms.settings"].smtp_url
    report.smtp = bool(url)
    while True:
        claimed = notifications.claim_pending(batch)
        transaction.commit()
        if not claimed:
            return report
        if not url:
            notifications.finish(claimed, "skipped")
            transaction.commit()
            report.skipped += len(claimed)
            continue
        mails, nobody = notifications.outgoing(claimed)
        transaction.commit()  # end the read: each write below starts its own transaction
        notifications.finish(nobody, "skipped")
        report.skipped += len(nobody)
        transaction.commit()
        done: set[int] = set()
        try:
            with Mailer(url) as mailer:
                for mail in mails:
                    message = notifications.message_for(mail)
                    transaction.commit()  # it read the site settings: the write below starts afresh
                    mailer.send(message)
                    notifications.finish(mail.notification_ids, "sent")
                    transaction.commit()
                    done.update(mail.notification_ids)
                    report.sent += 1
                    echo(f"terkirim: {mail.to}: {message['Subject']} ({len(mail.notification_ids)})")
        except MailError:
            notifications.finish([i for m in mails for i in m.notification_ids if i not in done], "pending")
            transaction.commit()
            raise


@job("reminders", schedule=crontab(minute="*/5"), retries=2, retry_delay=60, label=_l("Pengingat dan e-mail"))
def reminders(ctx: JobContext) -> dict[str, Any]:
    report = send_reminders()
    return {"created": report.created, "sent": report.sent, "skipped": report.skipped}


@job("assignments.sync", schedule=crontab(minute="7"), retries=2, retry_delay=120,
     label=_l("Penerapan aturan penugasan dan siklus tahunan"))
def sync_assignments(ctx: JobContext) -> dict[str, Any]:
    report = team.sync()
    transaction.commit()
    return {"rules": report.rules, "enrolled": report.enrolled, "updated": report.updated, "rolled": report.rolled}


@job("completions.expiry", schedule=crontab(minute="20", hour="1"), retries=2, retry_delay=300,
     label=_l("Pemberitahuan masa berlaku kelulusan"))
def completion_expiry(ctx: JobContext) -> dict[str, Any]:
    return notifications.create_expiry_notices()


@job("tokens.expiry", schedule=crontab(minute="25", hour="1"), retries=2, retry_delay=300,
     label=_l("Pemberitahuan kunci akses yang akan berakhir"))
def token_expiry(ctx: JobContext) -> dict[str, Any]:
    return {"token_expiring": notifications.create_token_notices()}


JOBS = [reminders, sync_assignments, completion_expiry, token_expiry]
