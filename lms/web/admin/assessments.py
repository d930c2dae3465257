"""``/admin/assessments``: assessed competency levels per employee (found by NIP).

A level from an assessment center, an uji kompetensi or another formal assessment, with its
date; valid three years unless another end date is given, shown as expired after that.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from lms.core.models import Role, User
from lms.core.queries import competencies as queries
from lms.core.queries import lookups
from lms.core.services.competencies import (
    CompetencyError,
    delete_assessment,
    local_today,
    record_assessment,
    source_label,
)
from lms.web.access import current_actor, roles_required
from lms.web.accounts.forms import EmptyForm
from lms.web.admin.forms import AssessmentForm, choices, show_errors
from lms.web.admin.sections import AdminSection

bp = Blueprint("admin_assessments", __name__, url_prefix="/admin/assessments")
bp.admin_sections = [AdminSection(30, _l("Penilaian kompetensi"), "admin_assessments.index",
                                  _l("Level hasil assessment center atau uji kompetensi per pegawai."))]


def _user(nip: str) -> User | None:
    return lookups.user_by_nip(nip)


def _render(user: User | None, nip: str, form: AssessmentForm | None, status: int = 200,
            message: str | None = None) -> tuple[str, int]:
    competencies = queries.ordered_competencies()
    if form is not None:
        form.competency.choices = choices([(c.code, c.name) for c in competencies])
    history = queries.assessments_of(user.id) if user else []
    return render_template("admin/assessments.html", user=user, nip=nip, form=form, history=history,
                           today=local_today(), source_label=source_label,
                           message=message), status


@bp.get("/")
@roles_required(Role.ADMIN)
def index() -> str | tuple[str, int]:
    nip = request.args.get("nip", "").strip()[:40]
    user = _user(nip)
    if nip and user is None:
        return _render(None, nip, None, 404, _("Tidak ada pegawai dengan NIP %(nip)s.", nip=nip))
    return _render(user, nip, AssessmentForm(formdata=None) if user else None)


@bp.post("/<nip>")
@roles_required(Role.ADMIN)
def record(nip: str) -> Response | tuple[str, int]:
    user = _user(nip)
    if user is None:
        abort(404)
    form = AssessmentForm()
    form.competency.choices = choices([(c.code, c.name) for c in queries.ordered_competencies()])
    message = None
    if form.validate_on_submit():
        try:
            record_assessment(user, form.competency.data, form.level.data, form.source_value(),
                                    form.assessed_on.data, current_actor(),
                                    valid_until=form.valid_until.data, note=form.note.data or "")
        except CompetencyError as exc:
            message = show_errors(form, exc.fields, aliases={"source": "source_other"})
        else:
            flash(_("Hasil penilaian dicatat untuk %(name)s.", name=user.name), "success")
            return redirect(url_for(".index", nip=user.nip))
    return _render(user, user.nip, form, 422, message)


@bp.post("/entry/<int:assessment_id>/delete")
@roles_required(Role.ADMIN)
def delete(assessment_id: int) -> Response:
    assessment = lookups.competency_assessment(assessment_id)
    if assessment is None:
        abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    user = lookups.user(assessment.user_id)
    delete_assessment(assessment, actor=current_actor())
    flash(_("Catatan penilaian dihapus."), "success")
    return redirect(url_for(".index", nip=user.nip if user else ""))
