"""The jobs core registers (plugins add theirs through ``lms_register_jobs``; a daily digest
of a later feature is one more periodic job there)."""

from __future__ import annotations

from lms.core.jobs import housekeeping, periodic
from lms.core.jobs.registry import JobSpec
from lms.core.outbox import jobs as outbox_jobs


def core_jobs() -> list[JobSpec]:
    return [*housekeeping.JOBS, *periodic.JOBS, *outbox_jobs.JOBS]
