"""``lms notify``: create the reminders that are due and e-mail what has not been sent.

``lms worker`` does this every five minutes by itself (the ``reminders`` job); the command
is the same work by hand. Safe when several run at once: reminders are unique by their dedup
key, and each notification is claimed (committed) before its e-mail is sent, so nobody gets
the same reminder twice. Prints every e-mail it sent.
"""

from __future__ import annotations

import click
from flask import g
from flask.cli import with_appcontext
from flask_babel import gettext as _

from lms.cli.util import fail
from lms.core.jobs.periodic import ReminderReport, send_reminders
from lms.core.services.mail import MailError


@click.command("notify", help="Send the reminders that are due (lms worker does it every 5 minutes).")
@click.option("--batch", default=500, show_default=True, help="notifications claimed per round")
@with_appcontext
def notify_command(batch: int) -> None:
    # it reads, then writes: on SQLite take the write lock at BEGIN, as a worker's job does, so a
    # second `lms notify` (or the worker) writing in between makes it wait, not fail "locked"
    g.lms_sqlite_writes = True
    lines: list[str] = []
    report = ReminderReport()
    try:
        report = send_reminders(batch, echo=lambda line: (lines.append(line), click.echo(line)))
    except MailError as exc:
        fail(_("%(error)s (%(n)d e-mail terkirim sebelum kesalahan; sisanya dicoba lagi nanti)", error=exc,
               n=len(lines)))
    click.echo(_("dibuat: %(counts)s", counts=", ".join(f"{kind} {n}" for kind, n in report.created.items())))
    if not report.smtp:
        click.echo(_("LMS_SMTP_URL kosong: pemberitahuan hanya di aplikasi"))
    click.echo(_("%(sent)d e-mail terkirim, %(skipped)d pemberitahuan tanpa e-mail", sent=report.sent,
                 skipped=report.skipped))
