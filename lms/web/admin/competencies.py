"""``/admin/competencies``: the competency dictionary (list, add, edit).

The nine national competencies are fixed (PermenPANRB 38/2017) and shown read-only; technical
and local ones are added here one by one, or many at once from a dictionary file (the YAML of
``lms competencies import``, uploaded on the list page; every change audited). Codes never change: a new
name keeps every standard, assessment, evidence and course mapping, which refer to the code.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from lms.core.models import Competency, Role
from lms.core.queries import competencies as competency_queries
from lms.core.queries import lookups
from lms.core.services.competencies import CompetencyError, save_competency
from lms.web.access import current_actor, roles_required
from lms.web.admin.forms import CompetencyFileForm, CompetencyForm, choices, show_errors
from lms.web.admin.sections import AdminSection
from lms.web.competencies.labels import group_label

bp = Blueprint("admin_competencies", __name__, url_prefix="/admin/competencies")
bp.admin_sections = [AdminSection(10, _l("Kompetensi"), "admin_competencies.index",
                                  _l("Kamus kompetensi: nasional dan teknis, dengan uraian level 1-5."))]


def _all() -> list[Competency]:
    return competency_queries.by_group_and_name()




def _form(competency: Competency | None) -> CompetencyForm:
    form = CompetencyForm(obj=competency)
    codes = [c for c in _all() if competency is None or c.code != competency.code]
    form.parent_code.choices = choices([("", _("— tanpa induk —"))] + [(c.code, f"{c.name} ({c.code})") for c in codes])
    if competency is not None and request.method == "GET":
        form.parent_code.data = competency.parent_code or ""
        for n, id_field, en_field in form.level_fields():
            entry = (competency.levels or {}).get(str(n)) or {}
            id_field.data, en_field.data = entry.get("id", ""), entry.get("en", "")
    return form


@bp.get("/")
@roles_required(Role.ADMIN)
def index() -> str:
    group = request.args.get("group") or None
    rows = [c for c in _all() if group is None or c.group.value == group]
    return render_template("admin/competencies.html", competencies=rows, group=group, group_label=group_label,
                           upload=CompetencyFileForm(formdata=None), problems=None)


@bp.post("/import")
@roles_required(Role.ADMIN)
def import_file() -> Response | tuple[str, int]:
    """Add or update many competencies from a dictionary file: all or nothing, every problem
    with its line; each competency created or changed gets its own audit entry."""
    from lms.core.diagnostics import InputError
    from lms.core.services.competency_import import import_competencies

    upload = CompetencyFileForm()
    rows = _all()
    if upload.validate_on_submit():
        name = (upload.file.data.filename or "kompetensi.yml").rsplit("/", 1)[-1][:200]
        data = upload.file.data.read()
        try:
            result = import_competencies(data, name, actor=current_actor())
        except InputError as exc:
            return render_template("admin/competencies.html", competencies=rows, group=None, group_label=group_label,
                                   upload=upload, problems=exc.diagnostics, file_name=name), 422
        flash(_("Kamus kompetensi diimpor: %(new)d baru, %(changed)d diubah, %(same)d tidak berubah.",
                new=result.created, changed=result.updated, same=result.unchanged), "success")
        return redirect(url_for(".index"))
    return render_template("admin/competencies.html", competencies=rows, group=None, group_label=group_label,
                           upload=upload, problems=None), 422


@bp.route("/new", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def new() -> str | Response | tuple[str, int]:
    form = _form(None)
    if form.validate_on_submit():
        try:
            row = save_competency(form.code.data, form.name.data, form.group.data, form.levels(),
                                  form.parent_code.data or None, form.active.data, create=True, actor=current_actor())
        except CompetencyError as exc:
            message = show_errors(form, exc.fields)
            return render_template("admin/competency_form.html", form=form, competency=None, message=message), 422
        flash(_("Kompetensi %(name)s disimpan.", name=row.name), "success")
        return redirect(url_for(".index"))
    status = 422 if form.is_submitted() else 200
    return render_template("admin/competency_form.html", form=form, competency=None, message=None), status


@bp.route("/<code>/edit", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit(code: str) -> str | Response | tuple[str, int]:
    competency = lookups.competency(code)
    if competency is None:
        abort(404)
    if competency.is_national:
        return render_template("admin/competency_national.html", competency=competency, group_label=group_label)
    form = _form(competency)
    form.code.data = competency.code  # the code never changes
    if form.validate_on_submit():
        try:
            save_competency(competency.code, form.name.data, form.group.data, form.levels(),
                            form.parent_code.data or None, form.active.data, create=False, actor=current_actor())
        except CompetencyError as exc:
            message = show_errors(form, exc.fields)
            return render_template("admin/competency_form.html", form=form, competency=competency,
                                   message=message), 422
        flash(_("Kompetensi %(name)s disimpan.", name=competency.name), "success")
        return redirect(url_for(".index"))
    status = 422 if form.is_submitted() else 200
    return render_template("admin/competency_form.html", form=form, competency=competency, message=None), status
