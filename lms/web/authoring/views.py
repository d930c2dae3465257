"""The trainers' area: the course list and the upload of whole courses as .zip.

An upload is imported by a job (:mod:`lms.web.authoring.import_job`): a zip of a hundred courses
takes longer than a request may, so the page hands it over and shows the job's page, which
reports progress and then what was imported, or every error with its file and line.
"""

from __future__ import annotations

from flask import redirect, render_template, url_for
from flask_babel import get_locale
from flask_login import current_user
from werkzeug.wrappers import Response

from lms.core.models import Role
from lms.core.queries.courses import courses_authored_by
from lms.web.access import roles_required
from lms.web.authoring.forms import ImportForm
from lms.web.authoring.import_job import enqueue_import


@roles_required(Role.TRAINER, Role.ADMIN)
def index() -> str:
    return render_template("authoring/index.html", courses=courses_authored_by(current_user),
                           form=ImportForm())


@roles_required(Role.TRAINER, Role.ADMIN)
def upload() -> tuple[str, int] | str | Response:
    form = ImportForm()
    if not form.validate_on_submit():
        status = 400 if form.is_submitted() else 200
        return render_template("authoring/import.html", form=form), status
    upload = form.archive.data
    run = enqueue_import(current_user._get_current_object(), upload.filename or "kursus.zip", upload.read(),
                         bool(form.draft.data), str(get_locale() or "id"))
    return redirect(url_for("jobs.show", run_id=run.id), 303)
