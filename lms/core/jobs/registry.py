"""Declaring a job: ``@job(name, retries=, retry_delay=, schedule=)`` turns a function into a
:class:`JobSpec`. Declaring registers nothing by itself: core lists its specs in
:mod:`lms.core.jobs.builtin` and plugins return theirs from ``lms_register_jobs``, so a
disabled plugin's jobs simply do not exist (no global registry to patch)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from huey import crontab as crontab  # re-exported: schedules are huey crontabs

Schedule = Callable[[datetime], bool]


@dataclass(frozen=True)
class JobSpec:
    """A kind of background work.

    ``func(ctx, **args)`` does the work: ``ctx`` is a :class:`lms.core.jobs.JobContext`, the
    keyword arguments are the JSON values given to ``enqueue``. What it returns (a dict or
    ``None``) is kept as the run's result (a file to download, an import summary).
    ``retries``: further attempts after a failure, ``retry_delay * 2**n`` seconds apart.
    ``schedule``: a crontab (site time zone) for periodic jobs, claimed once per minute it
    matches, however many workers run. ``label``: what people read (a lazily translated text).
    """

    name: str
    func: Callable[..., Any]
    retries: int = 0
    retry_delay: float = 30.0
    schedule: Schedule | None = None
    label: Any = None
    stale_after: float = 3600.0  # seconds "running" before a dead worker's run is queued again
    writes: bool = True  # False: the body only reads the database (long exports), see runs.execute
    notify: bool = True  # tell the person who asked (``user_id``) when it ends
    priority: int | None = None  # higher runs first; None: 10 for periodic jobs, else 0

    @property
    def queue_priority(self) -> int:
        if self.priority is not None:
            return self.priority
        return 10 if self.schedule is not None else 0

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.func(*args, **kwargs)

    def backoff(self, attempt: int) -> float:
        """Seconds before the next try after the ``attempt``-th failed attempt."""
        return self.retry_delay * 2 ** max(attempt - 1, 0)


def job(
    name: str,
    *,
    retries: int = 0,
    retry_delay: float = 30.0,
    schedule: Schedule | None = None,
    label: Any = None,
    stale_after: float = 3600.0,
    writes: bool = True,
    notify: bool = True,
    priority: int | None = None,
) -> Callable[[Callable[..., Any]], JobSpec]:
    """Decorator: ``@job("certificate", retries=3)`` above ``def issue(ctx, completion_id): ...``."""
    if retries < 0 or retry_delay < 0:
        raise ValueError("retries and retry_delay must not be negative")

    def wrap(func: Callable[..., Any]) -> JobSpec:
        return JobSpec(name=name, func=func, retries=retries, retry_delay=retry_delay,
                       schedule=schedule, label=label, stale_after=stale_after, writes=writes, notify=notify,
                       priority=priority)

    return wrap
