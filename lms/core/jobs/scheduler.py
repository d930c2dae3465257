"""Periodic jobs without cron: every worker's huey ticks once a minute and enqueues the
periodic jobs whose crontab matches that minute (in the site's time zone), keyed by the minute.
The key is the claim: ``(name, minute)`` is unique in ``job_run``, so two workers (or two
machines) ticking the same minute make one run, and a reminder is never sent twice."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app

from lms.core import transaction
from lms.core.jobs.runs import enqueue, queue
from lms.core.models.base import utcnow
from lms.core.models.job import JobRun

PERIOD_FORMAT = "%Y-%m-%dT%H:%M"


def period_of(now: datetime) -> datetime:
    """The minute ``now`` falls in, as a naive local time of the site (what crontabs read)."""
    zone = ZoneInfo(current_app.extensions["lms.settings"].timezone)
    return now.astimezone(zone).replace(second=0, microsecond=0, tzinfo=None)


def tick(now: datetime | None = None) -> list[JobRun]:
    """Enqueue (and commit) the periodic runs due in the minute of ``now``."""
    minute = period_of(now or utcnow())
    runs = [enqueue(spec.name, key=minute.strftime(PERIOD_FORMAT))
            for spec in queue().specs.values()
            if spec.schedule is not None and spec.schedule(minute)]
    transaction.commit()
    return runs
