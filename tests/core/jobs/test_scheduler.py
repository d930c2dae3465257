"""The scheduler: periodic jobs enqueued once per scheduled minute, and core's periodic work."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from lms.core import transaction
from lms.core.jobs import tick
from lms.core.models import ApiToken, Completion, JobRun, Notification
from lms.core.models.base import utcnow
from lms.core.services import notifications
from lms.testing.factories import make_course
from tests.core.jobs.jobs_plugin import CALLS


def _at(hour: int, minute: int) -> datetime:
    """A moment given in Jakarta time (UTC+7), the site's zone in tests."""
    return datetime(2026, 12, 3, hour, minute, 30, tzinfo=UTC) - timedelta(hours=7)


def test_periodic_jobs_run_in_their_minute_of_the_site_time_zone(db) -> None:
    runs = tick(_at(14, 0))
    names = {run.name for run in runs}
    assert {"test.hourly", "reminders", "jobs.sweep"} <= names
    assert "assignments.sync" not in names and "jobs.cleanup" not in names
    assert {run.key for run in runs} == {"2026-12-03T14:00"}
    assert ("test.hourly", {"key": "2026-12-03T14:00"}) in CALLS
    assert {r.name for r in tick(_at(14, 7))} == {"assignments.sync"}
    assert {r.name for r in tick(_at(2, 17))} == {"jobs.cleanup"}
    assert tick(_at(14, 1)) == []


def test_a_minute_ticked_twice_runs_its_jobs_once(db) -> None:
    first = tick(_at(15, 0))
    second = tick(_at(15, 0) + timedelta(seconds=20))  # another worker, same minute
    assert [r.id for r in first] == [r.id for r in second]
    assert [c for c in CALLS if c[0] == "test.hourly"] == [("test.hourly", {"key": "2026-12-03T15:00"})]
    assert len(db.session.scalars(select(JobRun).where(JobRun.name == "reminders")).all()) == 1


def test_the_reminders_job_creates_and_sends_reminders(db, make_user) -> None:
    from sqlalchemy import update

    from lms.core.models import Enrollment
    from lms.core.services import team
    from lms.testing.factories import make_unit

    unit = make_unit("Dinas Jadwal > Bidang Jadwal")
    person = make_user(unit=unit)
    course = make_course("jadwal", title="Kursus Jadwal")
    team.assign(None, [course], "unit", [unit.id], due_at=utcnow() + timedelta(days=20))
    db.session.execute(update(Enrollment).values(due_at=utcnow() - timedelta(days=1)))
    transaction.commit()
    runs = {r.name: r for r in tick(_at(16, 5))}
    run = runs["reminders"]
    db.session.refresh(run)
    assert run.status == "done"
    assert run.result["created"]["overdue"] == 1 and run.result["skipped"] >= 2  # no SMTP here: in-app only
    kinds = set(db.session.scalars(select(Notification.kind).where(Notification.user_id == person.id)))
    assert kinds == {"assigned", "overdue"}


def test_expiring_and_expired_completions_are_told_once(db, make_user) -> None:
    now = utcnow()
    course = make_course("berlaku", title="Kursus Berlaku")
    soon, gone, fine = make_user(), make_user(), make_user()
    for user, expires in ((soon, now + timedelta(days=10)), (gone, now - timedelta(days=2)),
                          (fine, now + timedelta(days=200))):
        db.session.add(Completion(user_id=user.id, course_id=course.id, cycle=1, completed_at=now - timedelta(days=300),
                                  jp=2, expires_at=expires))
    transaction.commit()
    assert notifications.create_expiry_notices(now) == {"completion_expiring": 1, "completion_expired": 1}
    assert notifications.create_expiry_notices(now) == {"completion_expiring": 0, "completion_expired": 0}
    rows = {n.user_id: n for n in db.session.scalars(select(Notification).where(
        Notification.kind.in_(("completion_expiring", "completion_expired"))))}
    assert set(rows) == {soon.id, gone.id}
    title, sentence = notifications.render(rows[gone.id].kind, rows[gone.id].params)
    assert title == "Masa berlaku berakhir: Kursus Berlaku" and "ikuti kursus ini lagi" in sentence
    # a retake already completed: the old completion's expiry is no news
    db.session.add(Completion(user_id=soon.id, course_id=course.id, cycle=2, completed_at=now, jp=2,
                              expires_at=now + timedelta(days=365)))
    db.session.delete(rows[soon.id])
    transaction.commit()
    assert notifications.create_expiry_notices(now)["completion_expiring"] == 0


def test_tokens_about_to_stop_working_are_told_once(db, make_user) -> None:
    from lms.core.services.tokens import create_token

    user = make_user()
    token, _clear = create_token(user, "Aplikasi SIASN", lifetime=timedelta(days=5))
    create_token(user, "Jauh", lifetime=timedelta(days=200))
    transaction.commit()
    assert notifications.create_token_notices() == 1
    assert notifications.create_token_notices() == 0
    row = db.session.scalar(select(Notification).where(Notification.kind == "token_expiring"))
    assert row.user_id == user.id and row.dedup_key == f"token_expiring:{token.id}"
    title, sentence = notifications.render(row.kind, row.params)
    assert "Aplikasi SIASN" in sentence and title == "Kunci akses aplikasi segera berakhir"
    assert isinstance(token, ApiToken)


def test_cleanup_deletes_old_results_and_uploads_after_the_retention(app, db) -> None:
    import os
    from pathlib import Path

    from lms.core.jobs.runs import result_dir

    now = utcnow()
    old = JobRun(name="test.echo", key="old", status="done", args={}, attempts=1, max_attempts=1, progress=100,
                 created_at=now - timedelta(days=9), finished_at=now - timedelta(days=8))
    recent = JobRun(name="test.echo", key="recent", status="done", args={}, attempts=1, max_attempts=1,
                    progress=100, created_at=now, finished_at=now)
    db.session.add_all([old, recent])
    transaction.commit()
    for run in (old, recent):
        (result_dir(run.id) / "f.xlsx").write_bytes(b"x")
    inputs = Path(app.extensions["lms.settings"].instance_path) / "job-inputs"
    inputs.mkdir(exist_ok=True)
    (inputs / "lama.zip").write_bytes(b"x")
    os.utime(inputs / "lama.zip", (now.timestamp() - 9 * 86400,) * 2)
    (inputs / "baru.zip").write_bytes(b"x")
    old_id, recent_id = old.id, recent.id
    runs = {r.name: r for r in tick(_at(2, 17))}
    db.session.refresh(runs["jobs.cleanup"])
    assert runs["jobs.cleanup"].result == {"deleted": 1, "uploads": 1}
    assert db.session.get(JobRun, old_id) is None and db.session.get(JobRun, recent_id) is not None
    assert not (result_dir(old_id) / "f.xlsx").exists() and (result_dir(recent_id) / "f.xlsx").exists()
    assert sorted(p.name for p in inputs.iterdir()) == ["baru.zip"]
