"""Job runs: enqueue (idempotent by natural key), execute (claim once), fail (retry with
backoff, then the visible failed list), retry by hand.

A run is handed to the queue only after the transaction that created it commits
(:func:`lms.core.transaction.commit` calls :func:`dispatch_pending`): a worker never looks for
a row that is not there yet, and a rolled-back request enqueues nothing.
"""

from __future__ import annotations

import json
import logging
import traceback
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from flask import current_app, g
from sqlalchemy import JSON, bindparam, or_, select, text, update
from sqlalchemy.orm import make_transient_to_detached

from lms.core import transaction
from lms.core.jobs.queue import JobQueue
from lms.core.models.base import UTCDateTime, utcnow
from lms.core.models.job import DONE, FAILED, QUEUED, RUNNING, JobRun
from lms.extensions import db

log = logging.getLogger(__name__)
PENDING_KEY = "lms_pending_jobs"
ERROR_LIMIT = 4000  # characters of the traceback kept on the run


class JobError(Exception):
    """A job cannot be enqueued or retried as asked (unknown name, arguments not JSON...)."""


def queue() -> JobQueue:
    return current_app.extensions["lms.jobs"]


def label_of(name: str) -> str:
    """What a job is, in the reader's language (its declared label; else its name in words)."""
    spec = queue().specs.get(name)
    if spec is not None and spec.label:
        return str(spec.label)
    return name.replace(".", " ").replace("_", " ").capitalize()


@dataclass
class JobContext:
    """What a running job gets besides its arguments."""

    run: JobRun

    @property
    def run_id(self) -> int:
        return self.run.id

    @property
    def user_id(self) -> int | None:
        return self.run.user_id

    @property
    def key(self) -> str:
        return self.run.key

    @property
    def attempt(self) -> int:
        return self.run.attempts

    def progress(self, percent: float, note: str | None = None) -> None:
        """Show how far the work is (0-100). This commits the unit of work so far, so call it
        between steps that may be repeated (a retry starts the job again)."""
        writes = g.get("lms_sqlite_writes", False)
        if not writes:  # a read-only job: end its read, then a short write of its own
            transaction.commit()
            g.lms_sqlite_writes = True
        self.run.progress = max(0, min(100, int(percent)))
        self.run.progress_note = (note or "")[:200] or None
        transaction.commit()
        g.lms_sqlite_writes = writes

    def result_dir(self) -> Path:
        """A folder for this run's result files, under the instance folder (cleaned after the
        retention period by the housekeeping job)."""
        return result_dir(self.run.id)


def results_root() -> Path:
    return Path(current_app.extensions["lms.settings"].instance_path) / "job-results"


def result_dir(run_id: int) -> Path:
    folder = results_root() / str(run_id)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


# INSERT ... ON CONFLICT DO NOTHING RETURNING, the same words on SQLite (3.35+) and PostgreSQL.
# Written as text: SQLAlchemy does not cache the compiled form of its dialect inserts with
# ON CONFLICT (4 ms to compile each time, twice the whole budget of an enqueue).
_INSERT = text(
    'INSERT INTO job_run (name, "key", status, args, user_id, attempts, max_attempts, progress, created_at) '
    "VALUES (:name, :key, :status, :args, :user_id, :attempts, :max_attempts, :progress, :created_at) "
    'ON CONFLICT (name, "key") DO NOTHING RETURNING id'
).bindparams(bindparam("args", type_=JSON), bindparam("created_at", type_=UTCDateTime))


def _insert(values: dict[str, Any]) -> int | None:
    """Two enqueuers racing get one row, without an exception or a savepoint."""
    return db.session.execute(_INSERT, values).scalar()


def enqueue(name: str, /, key: str | None = None, *, user_id: int | None = None, **args: Any) -> JobRun:
    """Ask for job ``name`` about ``key`` (its natural key; a fresh one when ``None``).

    Idempotent: while a run of (name, key) exists, whatever its status, the same run is
    returned and nothing new is queued. The run goes to the queue when the caller commits.
    """
    spec = queue().spec(name)
    try:
        json.dumps(args)
    except TypeError as exc:
        raise JobError(f"job {name!r}: arguments must be JSON values ({exc})") from exc
    key = key if key is not None else uuid.uuid4().hex
    if len(key) > 200:
        raise JobError(f"job {name!r}: key longer than 200 characters")
    values = {"name": name, "key": key, "status": QUEUED, "args": args, "user_id": user_id, "attempts": 0,
              "max_attempts": spec.retries + 1, "progress": 0, "created_at": utcnow()}
    run_id = _insert(values)
    if run_id is None:  # already asked for: the same run
        return db.session.scalars(select(JobRun).where(JobRun.name == name, JobRun.key == key)).one()
    db.session.info.setdefault(PENDING_KEY, []).append((run_id, None, spec.queue_priority))
    # the row as inserted, put in the session without reading it back (a SELECT per enqueue)
    run = JobRun(id=run_id, progress_note=None, error=None, result=None, run_after=None, started_at=None,
                 finished_at=None, **values)
    make_transient_to_detached(run)
    return db.session.merge(run, load=False)


def dispatch_pending() -> None:
    """After a commit: hand the runs created in it to the queue."""
    pending = db.session.info.pop(PENDING_KEY, None)
    if not pending:
        return
    jobs = queue()
    for run_id, delay, priority in pending:
        try:
            jobs.dispatch(run_id, delay, priority)
        except Exception:  # the store is down: the run stays queued, the stale sweep resends it
            log.exception("job run %s could not be handed to the queue; it stays queued", run_id)


def forget_pending() -> None:
    db.session.info.pop(PENDING_KEY, None)


def _claim(run_id: int, now: datetime) -> bool:
    """queued -> running, for exactly one delivery of the run."""
    claimed = db.session.execute(
        update(JobRun)
        .where(JobRun.id == run_id, JobRun.status == QUEUED,
               or_(JobRun.run_after.is_(None), JobRun.run_after <= now))
        .values(status=RUNNING, attempts=JobRun.attempts + 1, started_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    transaction.commit()
    return bool(claimed)


def execute(run_id: int, now: datetime | None = None) -> bool:
    """Run a queued run once (the worker's side). Returns False when there was nothing to do:
    another delivery already claimed it, it is done, or its retry time has not come.

    On SQLite a job's transactions take the write lock when they begin (as a POST request's
    do): a transaction that reads and then writes would otherwise fail with "database is
    locked" when another worker wrote in between. Jobs declared ``writes=False`` (long
    exports) read without it and only their bookkeeping takes it.
    """
    g.lms_sqlite_writes = True
    if not _claim(run_id, now or utcnow()):
        log.info("job run %s: already claimed or not due, nothing to do", run_id)
        return False
    run = db.session.get(JobRun, run_id)
    assert run is not None
    try:
        spec = queue().spec(run.name)
        if not spec.writes:
            transaction.commit()  # end the bookkeeping transaction: the body only reads
            g.lms_sqlite_writes = False
        result = spec.func(JobContext(run), **(run.args or {}))
        if result is not None and not isinstance(result, dict):
            raise JobError(f"job {run.name!r} returned {type(result).__name__}, not a dict")
        if not spec.writes:
            transaction.commit()
            g.lms_sqlite_writes = True
    except Exception as exc:  # noqa: BLE001 - every failure is recorded on the run
        g.lms_sqlite_writes = True
        log.exception("job %s (%s) failed on attempt %s", run.name, run.key, run.attempts)
        _failed(run_id, exc)
        return True
    run.status = DONE
    run.result = result
    run.progress = 100
    run.error = None
    run.finished_at = utcnow()
    transaction.commit()  # the job's work and its "done" in one transaction
    _after_finish(run_id)
    return True


def _failed(run_id: int, exc: BaseException) -> None:
    transaction.rollback()
    run = db.session.get(JobRun, run_id)
    assert run is not None
    text = "".join(traceback.format_exception_only(type(exc), exc)).strip()
    detail = traceback.format_exc()
    run.error = (text + "\n\n" + detail)[:ERROR_LIMIT]
    try:
        spec = queue().spec(run.name)
    except LookupError:
        spec = None
    if spec is not None and run.attempts < run.max_attempts:
        delay = spec.backoff(run.attempts)
        run.status = QUEUED
        run.run_after = utcnow() + timedelta(seconds=delay)
        db.session.info.setdefault(PENDING_KEY, []).append((run.id, delay, spec.queue_priority))
        transaction.commit()
        return
    run.status = FAILED
    run.finished_at = utcnow()
    transaction.commit()
    _after_finish(run_id)


def _after_finish(run_id: int) -> None:
    """Tell whoever asked: a notification (and its e-mail) for work a person asked for, and
    the ``job_finished`` event for plugins."""
    from lms.core.services.notifications import notify_job_finished

    run = db.session.get(JobRun, run_id)
    spec = queue().specs.get(run.name) if run is not None else None
    if run is not None and run.user_id is not None and (spec is None or spec.notify):
        notify_job_finished(run)
    transaction.emit("job_finished", run_id=run_id)
    transaction.commit()


def retry(run_id: int) -> JobRun:
    """A failed run, by hand: queued again with the job's retries afresh."""
    run = db.session.get(JobRun, run_id)
    if run is None:
        raise JobError(f"job run {run_id} does not exist")
    if run.status != FAILED:
        raise JobError(f"job run {run_id} is {run.status}, only failed runs are retried")
    spec = queue().spec(run.name)
    run.status = QUEUED
    run.max_attempts = run.attempts + spec.retries + 1
    run.run_after = None
    run.finished_at = None
    run.progress = 0
    db.session.info.setdefault(PENDING_KEY, []).append((run.id, None, spec.queue_priority))
    return run


def requeue_stale(now: datetime | None = None) -> int:
    """Runs left "running" by a worker that died (longer than their job's ``stale_after``)
    and runs whose hand-off to the queue failed go back to the queue."""
    now = now or utcnow()
    jobs = queue()
    count = 0
    for run in db.session.scalars(select(JobRun).where(JobRun.status.in_((RUNNING, QUEUED)))):
        spec = jobs.specs.get(run.name)
        limit = timedelta(seconds=spec.stale_after if spec else 3600)
        if run.status == RUNNING and run.started_at and run.started_at < now - limit:
            run.status = QUEUED
            run.run_after = None
        elif not (run.status == QUEUED and run.created_at < now - limit
                  and (run.run_after is None or run.run_after < now - limit)):
            continue
        db.session.info.setdefault(PENDING_KEY, []).append((run.id, None, spec.queue_priority if spec else 0))
        count += 1
    return count
