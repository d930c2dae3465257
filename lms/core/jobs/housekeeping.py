"""The queue's own periodic work: resend runs a dead worker left behind, and delete old
result files and finished runs after the retention period (``LMS_JOBS_RETENTION_DAYS``)."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from lms.core.jobs.registry import crontab, job
from lms.core.jobs.runs import JobContext, requeue_stale, results_root
from lms.core.models.base import utcnow
from lms.core.models.job import DONE, FAILED, JobRun
from lms.extensions import db


@job("jobs.sweep", schedule=crontab(minute="*/5"), label=_l("Memeriksa pekerjaan yang tertunda"))
def sweep(ctx: JobContext) -> dict[str, Any]:
    return {"requeued": requeue_stale()}


@job("jobs.cleanup", schedule=crontab(minute="17", hour="2"), label=_l("Membersihkan hasil lama"))
def cleanup(ctx: JobContext) -> dict[str, Any]:
    days = current_app.extensions["lms.settings"].jobs_retention_days
    cutoff = utcnow() - timedelta(days=days)
    old = list(db.session.scalars(select(JobRun.id).where(JobRun.status.in_((DONE, FAILED)),
                                                          JobRun.finished_at < cutoff)))
    root = results_root()
    for run_id in old:
        shutil.rmtree(root / str(run_id), ignore_errors=True)
    if old:
        db.session.execute(delete(JobRun).where(JobRun.id.in_(old)).execution_options(synchronize_session=False))
    # uploads waiting for a job that never ran (the job deletes its own when it ends)
    inputs = Path(current_app.extensions["lms.settings"].instance_path) / "job-inputs"
    stale = [f for f in inputs.glob("*") if f.is_file() and f.stat().st_mtime < cutoff.timestamp()]
    for upload in stale:
        upload.unlink(missing_ok=True)
    return {"deleted": len(old), "uploads": len(stale)}


JOBS = [sweep, cleanup]
