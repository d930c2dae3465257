"""``lms notify``: create the reminders that are due and e-mail what has not been sent.

``lms worker`` does this every five minutes by itself (the ``reminders`` job); the command
is the same work by hand. Safe when several run at once: reminders are unique by their dedup
key, and each notification is claimed (committed) before its e-mail is sent, so nobody gets
the same reminder twice. Prints every e-mail it sent.
"""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from lms.cli.util import fail
from lms.core.jobs.periodic import ReminderReport, send_reminders
from lms.core.services.mail import MailError


@click.command("notify", help="Kirim pengingat yang jatuh tempo (lms worker melakukannya tiap 5 menit).")
@click.option("--batch", default=500, show_default=True, help="notifications claimed per round")
@with_appcontext
def notify_command(batch: int) -> None:
    lines: list[str] = []
    report = ReminderReport()
    try:
        report = send_reminders(batch, echo=lambda line: (lines.append(line), click.echo(line)))
    except MailError as exc:
        fail(f"{exc} ({len(lines)} e-mail terkirim sebelum kesalahan; sisanya dicoba lagi nanti)")
    click.echo("dibuat: " + ", ".join(f"{kind} {n}" for kind, n in report.created.items()))
    if not report.smtp:
        click.echo("LMS_SMTP_URL kosong: pemberitahuan hanya di aplikasi")
    click.echo(f"{report.sent} e-mail terkirim, {report.skipped} pemberitahuan tanpa e-mail")
