"""``/admin/jobs``: the background work (reminders, imports, exports, certificates) that is
waiting, running or has failed, in words: what it is, who asked, when, what went wrong; a
failed one can be tried again ("Coba lagi", a POST with CSRF)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from lms.core import transaction
from lms.core.jobs import JobError, retry
from lms.core.jobs.runs import label_of
from lms.core.models import Role
from lms.core.queries import jobs as job_queries
from lms.core.queries import lookups
from lms.web.access import roles_required
from lms.web.admin.sections import AdminSection

bp = Blueprint("admin_jobs", __name__, url_prefix="/admin/jobs")
bp.admin_sections = [AdminSection(85, _l("Pekerjaan latar"), "admin_jobs.index",
                                  _l("Pengingat, impor, ekspor dan sertifikat yang dikerjakan server: "
                                     "yang menunggu, berjalan, atau gagal."))]

_EXCEPTION_PREFIX = re.compile(r"^[A-Za-z_][\w.]*(Error|Exception|Exit)?: ")


def job_label(name: str) -> str:
    return label_of(name)


def error_text(error: str | None) -> str:
    """The first line of a run's error without the exception's class name."""
    if not error:
        return ""
    return _EXCEPTION_PREFIX.sub("", error.strip().splitlines()[0], count=1)


@dataclass(frozen=True)
class RunRow:
    id: int
    label: str
    asker: str  # empty: the schedule asked
    created_at: datetime
    status: str
    attempts: int
    max_attempts: int
    progress: int
    note: str
    error: str
    run_after: datetime | None
    started_at: datetime | None


def _rows(statuses: tuple[str, ...], limit: int = 100) -> list[RunRow]:
    return [RunRow(run.id, job_label(run.name), asker or "", run.created_at, run.status,
                   run.attempts, run.max_attempts, run.progress, run.progress_note or "", error_text(run.error),
                   run.run_after, run.started_at)
            for run, asker in job_queries.runs(statuses, limit)]


@bp.get("/")
@roles_required(Role.ADMIN)
def index() -> str:
    return render_template("admin/jobs.html", counts=job_queries.status_counts(), failed=_rows(("failed",)),
                           running=_rows(("running",)), queued=_rows(("queued",)), done=_rows(("done",), 10))


@bp.post("/<int:run_id>/retry")
@roles_required(Role.ADMIN)
def retry_run(run_id: int) -> Response:
    run = lookups.job_run(run_id)
    if run is None:
        flash(_("Pekerjaan itu tidak ada lagi."), "error")
        return redirect(url_for(".index"))
    label = job_label(run.name)
    try:
        retry(run_id)
    except (JobError, LookupError):
        transaction.rollback()
        flash(_("%(job)s tidak sedang gagal, jadi tidak perlu dicoba lagi.", job=label), "warning")
        return redirect(url_for(".index"))
    transaction.commit()
    flash(_("%(job)s dicoba lagi.", job=label), "success")
    return redirect(url_for(".index"))
