"""Two workers (two apps with their own consumers, as two `lms worker` processes) on one
committed database and one queue, ticking the same minute: the reminders job runs once and
every reminder is e-mailed once, also when the queue delivers the run a second time.
Runs on SQLite, and on PostgreSQL when LMS_TEST_DATABASE_URL is set."""

from __future__ import annotations

import signal
import threading
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select, update


def _wait(app, predicate, seconds: float = 60) -> None:
    from lms.extensions import db

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with app.app_context():
            if predicate():
                return
            db.session.remove()
        time.sleep(0.05)
    raise AssertionError("timed out")


def test_two_workers_ticking_one_minute_send_each_reminder_once(app, tmp_path: Path, smtp_server) -> None:  # noqa: F811
    from lms.app import create_app
    from lms.core import transaction
    from lms.core.jobs import tick
    from lms.core.models import Enrollment, JobRun, Notification, Role
    from lms.core.models.base import utcnow
    from lms.core.services import team
    from lms.extensions import db
    from lms.testing.factories import make_course, make_unit, make_user
    from lms.testing.plugin import ScratchDatabase, postgres_url, settings_for

    scratch = ScratchDatabase(postgres_url()) if postgres_url() else None
    url = scratch.create() if scratch else f"sqlite:///{tmp_path / 'live.db'}"
    settings = settings_for(tmp_path, url, LMS_JOBS_IMMEDIATE="0", LMS_SMTP_URL=smtp_server.url)
    workers = [create_app(settings), create_app(settings)]
    saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    consumers = []
    try:
        with workers[0].app_context():
            db.create_all()
            unit = make_unit("Dinas Dua > Bidang Dua")
            boss = make_user(name="Atasan Dua", roles=[Role.SUPERVISOR], unit=unit)
            for n in range(8):
                make_user(name=f"Staf Dua {n}", unit=unit, supervisor=boss)
            course = make_course("dua", title="Kursus Dua")
            team.assign(None, [course], "unit", [unit.id], due_at=utcnow() + timedelta(days=20))
            db.session.execute(update(Enrollment).values(due_at=utcnow() - timedelta(days=1)))
            transaction.commit()
            db.session.remove()
        for worker in workers:
            consumer = worker.extensions["lms.jobs"].consumer(workers=2, periodic=False)
            consumer.start()
            consumers.append(consumer)
        minute = utcnow().replace(minute=5, second=0, microsecond=0)  # :05, when reminders run
        start = threading.Barrier(2)
        errors: list[BaseException] = []

        def tick_on(worker) -> None:
            try:
                with worker.app_context():
                    start.wait()
                    tick(minute)
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

        threads = [threading.Thread(target=tick_on, args=(w,)) for w in workers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []

        def reminders_done() -> bool:
            runs = db.session.scalars(select(JobRun).where(JobRun.name == "reminders")).all()
            return len(runs) == 1 and runs[0].status == "done"

        _wait(workers[0], reminders_done)
        with workers[1].app_context():
            run_id = db.session.scalar(select(JobRun.id).where(JobRun.name == "reminders"))
            workers[1].extensions["lms.jobs"].dispatch(run_id)  # the queue delivers it again
        _wait(workers[1], lambda: not workers[1].extensions["lms.jobs"].huey.pending_count())
        time.sleep(0.5)  # let a (wrong) second run finish its e-mails before counting
        with workers[0].app_context():
            runs = db.session.scalars(select(JobRun).where(JobRun.name == "reminders")).all()
            assert len(runs) == 1 and runs[0].attempts == 1  # one run, claimed once
            notified = db.session.scalar(select(func.count()).select_from(Notification))
            sent = db.session.scalar(select(func.count()).select_from(Notification)
                                     .where(Notification.email_status == "sent"))
            assert notified == sent == 9 * 2 + 8  # assigned + overdue for 9 people, overdue_staff x 8
            inbox = smtp_server.inbox.messages
            lines = sum(m.get_content().count("\n- ") + m.get_content().startswith("- ") for m in inbox)
            assert lines == notified  # no reminder mailed twice
            db.session.remove()
    finally:
        for consumer in consumers:
            consumer.stop(graceful=True)
        for sig, handler in saved.items():
            signal.signal(sig, handler)
        for worker in workers:
            with worker.app_context():
                db.session.remove()
                db.engine.dispose()
        if scratch:
            scratch.drop()
