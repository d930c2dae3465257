"""``lms notify``: create the reminders that are due and e-mail what has not been sent.

Safe from cron every few minutes, and when two run at once: reminders are unique by their
dedup key, and each notification is claimed (committed) before its e-mail is sent, so nobody
gets the same reminder twice. Prints every e-mail it sent.
"""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from lms.cli.util import commit, fail
from lms.core.services import notifications
from lms.core.services.mail import Mailer, MailError


@click.command("notify", help="Kirim pengingat yang jatuh tempo (aman dijalankan dari cron).")
@click.option("--batch", default=500, show_default=True, help="notifications claimed per round")
@with_appcontext
def notify_command(batch: int) -> None:
    created = notifications.create_reminders()
    commit()
    click.echo("dibuat: " + ", ".join(f"{kind} {n}" for kind, n in created.items()))
    url = current_app.extensions["lms.settings"].smtp_url
    sent = skipped = 0
    while True:
        claimed = notifications.claim_pending(batch)
        commit()  # the claim is visible to any other `lms notify` before a single e-mail leaves
        if not claimed:
            break
        if not url:
            notifications.finish(claimed, "skipped")
            commit()
            skipped += len(claimed)
            continue
        mails, nobody = notifications.outgoing(claimed)
        commit()  # end the read: each write below starts its own transaction
        notifications.finish(nobody, "skipped")
        skipped += len(nobody)
        commit()
        done: set[int] = set()
        try:
            with Mailer(url) as mailer:
                for mail in mails:
                    message = notifications.message_for(mail)
                    mailer.send(message)
                    notifications.finish(mail.notification_ids, "sent")
                    commit()
                    done.update(mail.notification_ids)
                    sent += 1
                    click.echo(f"terkirim: {mail.to}: {message['Subject']} ({len(mail.notification_ids)})")
        except MailError as exc:
            notifications.finish([i for m in mails for i in m.notification_ids if i not in done], "pending")
            commit()
            fail(f"{exc} ({sent} e-mail terkirim sebelum kesalahan; sisanya dicoba lagi nanti)")
    if not url:
        click.echo("LMS_SMTP_URL kosong: pemberitahuan hanya di aplikasi")
    click.echo(f"{sent} e-mail terkirim, {skipped} pemberitahuan tanpa e-mail")
