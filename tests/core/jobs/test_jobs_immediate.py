"""lms.core.jobs in huey's immediate mode: a run executes when its transaction commits."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from lms.app import create_app
from lms.core import transaction
from lms.core.jobs import JobError, enqueue, execute, retry
from lms.core.models import AuditLog, JobRun
from lms.core.models.base import utcnow
from lms.plugins import hookimpl
from lms.plugins.errors import PluginError
from lms.testing.plugin import settings_for
from tests.core.jobs import jobs_plugin
from tests.core.jobs.jobs_plugin import CALLS, FAILURES_LEFT


def _runs(db, name: str) -> list[JobRun]:
    return list(db.session.scalars(select(JobRun).where(JobRun.name == name)))


def test_a_run_executes_after_the_commit_and_keeps_its_result(db, make_user) -> None:
    user = make_user()
    run = enqueue("test.echo", key="a", user_id=user.id, x=1)
    assert run.status == "queued" and CALLS == []  # nothing runs before the commit
    transaction.commit()
    db.session.refresh(run)
    assert CALLS == [("test.echo", {"x": 1})]
    assert (run.status, run.attempts, run.progress) == ("done", 1, 100)
    assert run.result == {"echo": {"x": 1}, "user": user.id}
    assert run.finished_at is not None and run.error is None


def test_enqueue_is_idempotent_by_natural_key(db) -> None:
    first = enqueue("test.echo", key="completion:7", n=1)
    second = enqueue("test.echo", key="completion:7", n=2)
    transaction.commit()
    assert first.id == second.id
    again = enqueue("test.echo", key="completion:7", n=3)  # after it ran: still the same run
    transaction.commit()
    assert again.id == first.id
    assert CALLS == [("test.echo", {"n": 1})]
    assert len(_runs(db, "test.echo")) == 1


def test_a_rolled_back_request_enqueues_nothing(db) -> None:
    enqueue("test.echo", key="gone")
    transaction.rollback()
    transaction.commit()
    assert CALLS == [] and _runs(db, "test.echo") == []


def test_a_second_delivery_of_the_same_run_does_nothing(db) -> None:
    run = enqueue("test.echo", key="twice")
    transaction.commit()
    assert execute(run.id) is False  # at-least-once: the queue delivers again
    assert len(CALLS) == 1


def test_the_work_and_done_commit_together_and_progress_is_kept(db) -> None:
    run = enqueue("test.audit", key="one", note="halo")
    transaction.commit()
    db.session.refresh(run)
    assert run.status == "done" and run.progress == 100
    assert db.session.scalar(select(func.count()).select_from(AuditLog).where(AuditLog.action == "test.job")) == 1


def test_failures_retry_with_backoff_then_land_in_the_failed_list(db) -> None:
    FAILURES_LEFT["x"] = 5
    before = utcnow()
    run = enqueue("test.flaky", key="x", name="x")
    transaction.commit()
    db.session.refresh(run)
    assert (run.status, run.attempts) == ("queued", 1)
    assert "berkas x belum siap" in run.error
    first_wait = run.run_after - before
    assert timedelta(seconds=9) < first_wait < timedelta(seconds=15)  # retry_delay 10
    assert execute(run.id) is False  # not due yet: a redelivery before run_after waits
    assert execute(run.id, now=run.run_after + timedelta(seconds=1)) is True
    db.session.refresh(run)
    assert (run.status, run.attempts) == ("queued", 2)
    assert run.run_after - utcnow() > timedelta(seconds=15)  # backoff doubled: 20 s
    execute(run.id, now=run.run_after + timedelta(seconds=1))
    db.session.refresh(run)
    assert (run.status, run.attempts) == ("failed", 3)  # 1 + 2 retries
    assert "RuntimeError: berkas x belum siap" in run.error
    assert [c[1]["attempt"] for c in CALLS] == [1, 2, 3]


def test_a_failed_run_is_retried_by_hand(db) -> None:
    FAILURES_LEFT["y"] = 1
    run = enqueue("test.flaky", key="y", name="y")
    transaction.commit()
    run.status = "failed"  # as if its retries were used up
    transaction.commit()
    retry(run.id)
    transaction.commit()
    db.session.refresh(run)
    assert run.status == "done" and run.attempts == 2
    with pytest.raises(JobError, match="only failed runs"):
        retry(run.id)


def test_unknown_jobs_and_bad_arguments_are_refused(db) -> None:
    with pytest.raises(LookupError, match="unknown job 'nope'"):
        enqueue("nope")
    with pytest.raises(JobError, match="JSON"):
        enqueue("test.echo", when=utcnow())


def test_two_jobs_of_one_name_stop_start_up(tmp_path) -> None:
    class Clash:
        @hookimpl
        def lms_register_jobs(self):
            return [jobs_plugin.echo]

    with pytest.raises(PluginError, match="job 'test.echo' of 'clash' clashes with 'jobtest'"):
        create_app(settings_for(tmp_path), plugins=[("jobtest", jobs_plugin), ("clash", Clash())])
