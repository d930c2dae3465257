"""``/jobs/<id>``: the page of one piece of background work someone asked for (an import, an
export): how far it is while it runs (the page refreshes itself, no JavaScript needed), then
its result: a download, an import summary, or what went wrong. Only the person who asked and
admins see it; to anyone else it does not exist (404)."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, current_app, render_template, send_file
from flask_login import current_user
from werkzeug.wrappers import Response

from lms.core.jobs.runs import result_dir
from lms.core.models import JobRun, Role
from lms.core.queries import lookups
from lms.web.access import login_required
from lms.web.admin.jobs import error_text, job_label

bp = Blueprint("jobs", __name__, url_prefix="/jobs")
REFRESH_SECONDS = 3


def _own_run(run_id: int) -> JobRun:
    run = lookups.job_run(run_id)
    if run is None or not (run.user_id == current_user.id or current_user.has_role(Role.ADMIN)):
        abort(404)
    return run


def result_file(run: JobRun) -> Path | None:
    """The run's result file, if it is done, has one, and it is still kept."""
    result = run.result or {}
    name = result.get("file")
    if run.status != "done" or not name:
        return None
    path = result_dir(run.id) / Path(name).name  # a bare name: nothing outside the run's folder
    return path if path.is_file() else None


@bp.get("/<int:run_id>")
@login_required
def show(run_id: int) -> str:
    run = _own_run(run_id)
    waiting = run.status in ("queued", "running")
    file = result_file(run)
    return render_template(
        "jobs/show.html", run=run, label=job_label(run.name), waiting=waiting, refresh=REFRESH_SECONDS,
        error=error_text(run.error), has_file=file is not None,
        expired=run.status == "done" and bool((run.result or {}).get("file")) and file is None,
        retention_days=current_app.extensions["lms.settings"].jobs_retention_days)


@bp.get("/<int:run_id>/download")
@login_required
def download(run_id: int) -> Response:
    run = _own_run(run_id)
    file = result_file(run)
    if file is None:
        abort(404)
    result = run.result or {}
    return send_file(file, mimetype=result.get("media_type") or "application/octet-stream", as_attachment=True,
                     download_name=result.get("filename") or file.name, max_age=0)
