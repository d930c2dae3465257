"""The jobs core registers (plugins add theirs through ``lms_register_jobs``)."""

from __future__ import annotations

from lms.core.jobs import housekeeping
from lms.core.jobs.registry import JobSpec
from lms.core.outbox import jobs as outbox_jobs


def core_jobs() -> list[JobSpec]:
    return [*housekeeping.JOBS, *outbox_jobs.JOBS]
