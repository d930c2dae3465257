"""Two ``lms notify`` processes at the same moment (cron overlapping a slow run) against one
committed database and a real SMTP server: every reminder arrives exactly once."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select, update


def test_two_notify_processes_at_once_send_each_reminder_once(app, tmp_path: Path, smtp_server) -> None:
    from lms.app import create_app
    from lms.core import transaction
    from lms.core.models import Enrollment, Notification, Role
    from lms.core.models.base import utcnow
    from lms.core.services import team as team_service
    from lms.extensions import db
    from lms.testing.factories import make_course, make_unit, make_user
    from lms.testing.plugin import ScratchDatabase, postgres_url, settings_for

    scratch = ScratchDatabase(postgres_url()) if postgres_url() else None
    url = scratch.create() if scratch else f"sqlite:///{tmp_path / 'live.db'}"
    settings = settings_for(tmp_path, url)
    live = create_app(settings)
    try:
        with live.app_context():
            db.create_all()
            unit = make_unit("Dinas Cron > Bidang Cron")
            boss = make_user(name="Atasan Cron", roles=[Role.SUPERVISOR], unit=unit)
            staff = [make_user(name=f"Staf Cron {n}", unit=unit, supervisor=boss) for n in range(12)]
            course = make_course("cron", title="Kursus Cron")
            team_service.assign(None, [course], "unit", [unit.id], due_at=utcnow() + timedelta(days=20))
            db.session.execute(update(Enrollment).values(due_at=utcnow() - timedelta(days=1)))
            transaction.commit()
            env = {**os.environ, **{k: str(v) for k, v in settings.items()}, "LMS_SMTP_URL": smtp_server.url}
            lms = Path(sys.executable).with_name("lms")
            runs = [subprocess.Popen([str(lms), "notify", "--batch", "3"], env=env, cwd=tmp_path,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) for _ in range(2)]
            outputs = [run.communicate(timeout=120)[0] for run in runs]
            assert all(run.returncode == 0 for run in runs), outputs
            inbox = smtp_server.inbox.messages
            recipients = [m["To"] for m in inbox]
            # each staff member: one e-mail or two (a digest per run that claimed some of theirs),
            # never a notification twice; the supervisor likewise
            sent = db.session.scalar(select(func.count()).select_from(Notification)
                                     .where(Notification.email_status == "sent"))
            notified = db.session.scalar(select(func.count()).select_from(Notification))
            # 13 people in the unit (the supervisor too): assigned and overdue each; 12 overdue_staff
            assert sent == notified == 13 * 2 + 12
            lines = sum(m.get_content().count("\n- ") + m.get_content().startswith("- ") for m in inbox)
            assert lines == notified, (lines, outputs)
            assert set(recipients) == {p.email for p in staff} | {boss.email}
            again = live.test_cli_runner().invoke(args=["notify"])
            assert again.exit_code == 0 and "0 e-mail terkirim" in again.output, again.output
            assert len(smtp_server.inbox.messages) == len(inbox)
            db.session.remove()
            db.engine.dispose()
    finally:
        if scratch:
            scratch.drop()
