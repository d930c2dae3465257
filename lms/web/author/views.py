"""The trainers' area: the course list and the upload of whole courses as .zip."""

from __future__ import annotations

from flask import current_app, render_template
from flask_babel import gettext as _
from flask_login import current_user

from lms.core.diagnostics import Diagnostics, InputError
from lms.core.importer.service import import_sources
from lms.core.importer.source import zip_courses
from lms.core.models import Role
from lms.core.queries.courses import courses_authored_by
from lms.web.access import roles_required
from lms.web.author.forms import ImportForm


@roles_required(Role.TRAINER, Role.ADMIN)
def index() -> str:
    return render_template("author/index.html", courses=courses_authored_by(current_user),
                           form=ImportForm())


@roles_required(Role.TRAINER, Role.ADMIN)
def upload() -> tuple[str, int] | str:
    form = ImportForm()
    if not form.validate_on_submit():
        status = 400 if form.is_submitted() else 200
        return render_template("author/import.html", form=form, errors=[], report=None), status
    upload = form.archive.data
    diagnostics = Diagnostics()
    settings = current_app.extensions["lms.settings"]
    sources = zip_courses(upload.filename or "kursus.zip", upload.read(), diagnostics,
                          settings.max_upload_mb * 1024 * 1024 * 4)
    try:
        if diagnostics.has_errors():
            raise InputError(diagnostics)
        report = import_sources(sources, draft=form.draft.data, user=current_user._get_current_object(),
                                diagnostics=diagnostics, check_authorship=True)
    except InputError as exc:
        return render_template("author/import.html", form=form, errors=exc.diagnostics, report=None,
                               message=_("Tidak ada yang diimpor. Perbaiki kesalahan berikut lalu unggah lagi.")), 422
    return render_template("author/import.html", form=ImportForm(formdata=None), errors=[], report=report)
