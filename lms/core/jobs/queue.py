"""The huey side: one huey instance per app, one generic task that runs a job run by id, and
one periodic task (every minute) that enqueues the periodic jobs due.

Stores: ``SqliteHuey`` on ``instance/jobs.db`` (the embedded default, no extra service), or
``PriorityRedisHuey`` when ``LMS_REDIS_URL`` is set, so workers on several machines share one queue.
Tests use huey's immediate mode (``LMS_JOBS_IMMEDIATE``, on by default when testing): a job
runs as soon as the enqueueing transaction commits, in the same process.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from huey import PriorityRedisHuey, crontab
from huey.api import Huey
from huey.storage import SqliteStorage

from lms.plugins.errors import PluginError

if TYPE_CHECKING:  # pragma: no cover
    from flask import Flask

    from lms.config import Settings
    from lms.core.jobs.registry import JobSpec

log = logging.getLogger(__name__)
HUEY_NAME = "sinau"
RUN_TASK = "lms.run_job"
TICK_PRIORITY = 100


class JobQueue:
    """The registered job specs of an app and the huey that carries their runs."""

    def __init__(self, huey: Huey, specs: dict[str, JobSpec]) -> None:
        self.huey = huey
        self.specs = specs
        self._run = None
        self._tick = None

    def spec(self, name: str) -> JobSpec:
        try:
            return self.specs[name]
        except KeyError:
            raise LookupError(f"unknown job {name!r}") from None

    def dispatch(self, run_id: int, delay: float | None = None, priority: int = 0) -> None:
        """Hand a committed run to the queue (``delay`` seconds later; higher ``priority`` first)."""
        assert self._run is not None
        if delay:
            self._run.schedule((run_id,), delay=delay, priority=priority)
        else:
            self._run(run_id, priority=priority)

    def consumer(self, workers: int = 2, periodic: bool = True):  # noqa: ANN201 - huey's Consumer
        """A huey consumer running the jobs (and the minute tick when ``periodic``)."""
        return self.huey.create_consumer(workers=workers, worker_type="thread", periodic=periodic,
                                         check_worker_health=True, scheduler_interval=1)


class QueueFileStorage(SqliteStorage):
    """huey's SQLite store in WAL mode with ``synchronous=NORMAL``, as the site's own SQLite
    database: no fsync per enqueue (5 ms on an ordinary disk, more than the whole budget of an
    enqueue), still safe when a process crashes. A power cut may lose the last hand-offs; the
    runs themselves are rows of the site's database, and the sweep job sends queued runs that
    never reached a worker again."""

    def _create_connection(self):  # noqa: ANN202 - huey's signature
        conn = super()._create_connection()
        conn.execute("pragma synchronous=1")
        return conn


def make_huey(settings: Settings) -> Huey:
    immediate = settings.is_testing if settings.jobs_immediate is None else settings.jobs_immediate
    if settings.redis_url:
        # the priority flavour: periodic work jumps ahead of a backlog, and plain RedisHuey refuses
        # any prioritized task ("Task priorities are not supported"), the scheduler's tick included
        huey: Huey = PriorityRedisHuey(HUEY_NAME, url=settings.redis_url, results=False, utc=True)
    else:
        path = Path(settings.instance_path) / "jobs.db"
        path.parent.mkdir(parents=True, exist_ok=True)
        huey = Huey(HUEY_NAME, storage_class=QueueFileStorage, filename=str(path), results=False, utc=True,
                    timeout=30)
    huey.immediate = immediate
    return huey


def init_jobs(app: Flask, settings: Settings, specs: list[tuple[str, JobSpec]]) -> JobQueue:
    """Bind the jobs of core and the plugins (``(owner, spec)``) to a huey for ``app``.
    Two jobs of one name stop start-up, as two blueprints of one name do."""
    by_name: dict[str, JobSpec] = {}
    owners: dict[str, str] = {}
    for owner, spec in specs:
        if spec.name in by_name:
            raise PluginError(f"job {spec.name!r} of {owner!r} clashes with {owners[spec.name]!r}")
        by_name[spec.name] = spec
        owners[spec.name] = owner
    queue = JobQueue(make_huey(settings), by_name)

    @queue.huey.task(name=RUN_TASK)
    def run_job(run_id: int) -> None:
        from lms.core.jobs.runs import execute

        with app.app_context():
            execute(run_id)

    # the minute tick jumps the queue: a backlog of thousands of certificates or webhooks must
    # not hold back the reminders (nor the claim of their minute)
    @queue.huey.periodic_task(crontab(), name="lms.tick", priority=TICK_PRIORITY)
    def tick() -> None:
        from lms.core.jobs.scheduler import tick as enqueue_due

        with app.app_context():
            enqueue_due()

    queue._run = run_job
    queue._tick = tick
    app.extensions["lms.jobs"] = queue
    return queue
