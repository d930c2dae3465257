"""Jobs through a real huey consumer (worker threads) on a temporary SQLite queue file."""

from __future__ import annotations

import signal
import time
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from lms.app import create_app
from lms.core import transaction
from lms.core.jobs import enqueue
from lms.core.models import JobRun
from lms.extensions import db
from lms.testing.plugin import settings_for
from tests.core.jobs import jobs_plugin
from tests.core.jobs.jobs_plugin import CALLS, FAILURES_LEFT


@pytest.fixture
def worker_app(tmp_path) -> Iterator[Flask]:
    app = create_app(settings_for(tmp_path, LMS_JOBS_IMMEDIATE="0"), plugins=[("jobtest", jobs_plugin)])
    with app.app_context():
        db.create_all()
        db.session.commit()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def consumer(worker_app: Flask) -> Iterator[Any]:
    """huey's consumer, started in-process (it sets signal handlers: put ours back after)."""
    saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    consumer = worker_app.extensions["lms.jobs"].consumer(workers=2, periodic=False)
    consumer.start()
    yield consumer
    consumer.stop(graceful=True)
    for sig, handler in saved.items():
        signal.signal(sig, handler)


def _wait_for(app: Flask, run_id: int, status: str, seconds: float = 30) -> JobRun:
    deadline = time.monotonic() + seconds
    while True:
        with app.app_context():
            run = db.session.get(JobRun, run_id)
            if run.status == status:
                db.session.expunge(run)
                return run
        if time.monotonic() > deadline:
            pytest.fail(f"run {run_id} still {run.status} after {seconds} s (wanted {status})")
        time.sleep(0.05)


def test_the_queue_file_is_under_the_instance_folder(worker_app: Flask, tmp_path) -> None:
    assert worker_app.extensions["lms.jobs"].huey.storage.filename == str(tmp_path / "jobs.db")


def test_a_consumer_runs_enqueued_jobs_once(worker_app: Flask, consumer: Any) -> None:
    with worker_app.app_context():
        ids = [enqueue("test.echo", key=f"k{i}", i=i).id for i in range(5)]
        enqueue("test.echo", key="k0", i=99)  # the same natural key: no second run
        transaction.commit()
    for run_id in ids:
        assert _wait_for(worker_app, run_id, "done").result["echo"]["i"] in range(5)
    assert sorted(args["i"] for _, args in CALLS) == [0, 1, 2, 3, 4]


def test_a_consumer_retries_then_succeeds(worker_app: Flask, consumer: Any) -> None:
    FAILURES_LEFT["z"] = 1
    with worker_app.app_context():
        run = enqueue("test.flaky", key="z", name="z")
        transaction.commit()
        run_id = run.id
        # a short backoff for the test: the spec says 10 s, the queue honours run_after
        worker_app.extensions["lms.jobs"].specs["test.flaky"] = jobs_plugin.flaky.__class__(
            **{**jobs_plugin.flaky.__dict__, "retry_delay": 0.2})
    done = _wait_for(worker_app, run_id, "done")
    assert done.attempts == 2
    with worker_app.app_context():
        assert db.session.scalars(select(JobRun.status)).all() == ["done"]


def test_many_runs_with_progress_on_two_workers_never_lock_the_database(worker_app: Flask, consumer: Any) -> None:
    with worker_app.app_context():
        ids = [enqueue("test.report", key=f"r{i}", steps=5).id for i in range(6)]
        ids += [enqueue("test.audit", key=f"a{i}", note="x").id for i in range(6)]
        transaction.commit()
    for run_id in ids:
        _wait_for(worker_app, run_id, "done")


def test_periodic_work_jumps_a_backlog(worker_app: Flask) -> None:
    """Thousands of queued certificates must not hold back the reminders: periodic runs (and
    the minute tick itself) go to the queue with a higher priority."""
    from lms.core.jobs import tick
    from lms.core.jobs.queue import TICK_PRIORITY

    with worker_app.app_context():
        backlog = [enqueue("test.echo", key=f"b{i}").id for i in range(5)]
        transaction.commit()
        periodic = {r.id for r in tick(_moment_at_minute_zero())}  # test.hourly, reminders, jobs.sweep
        huey = worker_app.extensions["lms.jobs"].huey
        order = [task.args[0] for task in huey.pending()]
    assert len(periodic) == 3
    assert set(order[:3]) == periodic and order[3:] == backlog  # first the periodic runs, then the backlog in order
    assert TICK_PRIORITY > 10


def _moment_at_minute_zero():
    from datetime import UTC, datetime

    return datetime(2026, 12, 3, 7, 0, 10, tzinfo=UTC)  # 14:00 in Jakarta
