"""``lms worker`` (the job consumer and its scheduler) and ``lms jobs list|retry``."""

from __future__ import annotations

import logging

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import gettext as _

from lms.cli.util import commit, fail
from lms.core.jobs import JobError, retry
from lms.core.models.job import STATUSES
from lms.core.queries import jobs as job_queries


@click.command("worker", help="Run the background jobs and their schedule (reminders, assignment rules, "
                              "large imports and exports). More than one may run, on any machine.")
@click.option("--workers", default=2, show_default=True, help="jobs run at the same time (threads)")
@click.option("--no-scheduler", is_flag=True, help="run queued jobs only; another worker ticks the schedule")
@with_appcontext
def worker_command(workers: int, no_scheduler: bool) -> None:
    queue = current_app.extensions["lms.jobs"]
    if queue.huey.immediate:
        fail(_("pekerjaan latar berjalan di dalam aplikasi di sini (LMS_JOBS_IMMEDIATE): tidak perlu worker"))
    logging.getLogger("huey").setLevel(logging.INFO)
    store = "Redis" if current_app.extensions["lms.settings"].redis_url else queue.huey.storage.filename
    click.echo(f"lms worker: {workers} thread(s), queue {store}, "
               f"scheduler {'off' if no_scheduler else 'on'}; jobs: {', '.join(sorted(queue.specs))}")
    queue.consumer(workers=workers, periodic=not no_scheduler).run()


@click.group("jobs", help="Background jobs: list, failures, retry.")
def jobs_group() -> None:
    pass


@jobs_group.command("list")
@click.option("--status", "statuses", multiple=True, type=click.Choice(STATUSES),
              help="only these (repeatable); default: queued, running and failed")
@click.option("--limit", default=50, show_default=True)
@with_appcontext
def list_command(statuses: tuple[str, ...], limit: int) -> None:
    counts = job_queries.status_counts()
    click.echo(", ".join(f"{status} {n}" for status, n in counts.items()))
    for run, asker in job_queries.runs(statuses or ("queued", "running", "failed"), limit):
        error = (run.error or "").splitlines()[0] if run.error else ""
        click.echo(f"{run.id}\t{run.status}\t{run.name}\t{run.key}\t{run.attempts}/{run.max_attempts}\t"
                   f"{run.created_at:%Y-%m-%d %H:%M}\t{asker or '-'}\t{error}")


@jobs_group.command("retry")
@click.argument("run_id", type=int)
@with_appcontext
def retry_command(run_id: int) -> None:
    try:
        run = retry(run_id)
    except (JobError, LookupError) as exc:
        fail(str(exc))
    commit()
    click.echo(_("%(id)s %(name)s (%(key)s): diantrekan lagi", id=run.id, name=run.name, key=run.key))
