"""``/admin/positions``: the competency standard of each position (required level 1-5 per
competency), from the agency's job analysis; many at once from a CSV file uploaded on the list
(the same rules as ``lms competencies import-standards``: every problem with its line and
column, nothing written unless all rows are good)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from lms.core.models import Role
from lms.core.models.competency import LEVELS
from lms.core.queries import competencies as queries
from lms.core.queries import lookups
from lms.core.services.competencies import CompetencyError, edit_position_standards
from lms.web.access import current_actor, roles_required
from lms.web.accounts.forms import EmptyForm
from lms.web.admin.forms import StandardsFileForm
from lms.web.admin.sections import AdminSection
from lms.web.competencies.labels import group_label
from lms.web.params import parse_int

bp = Blueprint("admin_standards", __name__, url_prefix="/admin/positions")
bp.admin_sections = [AdminSection(20, _l("Standar kompetensi jabatan"), "admin_standards.index",
                                  _l("Level yang dibutuhkan setiap jabatan untuk setiap kompetensi."))]


@bp.get("/")
@roles_required(Role.ADMIN)
def index() -> str:
    q = request.args.get("q", "").strip()[:100]
    return render_template("admin/positions.html", rows=queries.positions_overview(q), q=q,
                           upload=StandardsFileForm(formdata=None), problems=None)


@bp.post("/import")
@roles_required(Role.ADMIN)
def import_file() -> Response | tuple[str, int]:
    """Required levels of many positions from a CSV file ``position,competency,level``."""
    from lms.core.competency_framework import ensure_national_competencies
    from lms.core.diagnostics import InputError
    from lms.core.services.competency_import import import_standards

    upload = StandardsFileForm()
    if upload.validate_on_submit():
        name = (upload.file.data.filename or "standar.csv").rsplit("/", 1)[-1][:200]
        ensure_national_competencies()
        try:
            result = import_standards(upload.file.data.read(), name, actor=current_actor())
        except InputError as exc:
            return render_template("admin/positions.html", rows=queries.positions_overview(""), q="", upload=upload,
                                   problems=exc.diagnostics, file_name=name), 422
        flash(_("Standar kompetensi diimpor: %(new)d baru, %(changed)d diubah, %(same)d tidak berubah.",
                new=result.created, changed=result.updated, same=result.unchanged), "success")
        return redirect(url_for(".index"))
    return render_template("admin/positions.html", rows=queries.positions_overview(""), q="", upload=upload,
                           problems=None), 422


@bp.route("/<int:position_id>/standards", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit(position_id: int) -> str | Response | tuple[str, int]:
    position = lookups.position(position_id)
    if position is None:
        abort(404)
    competencies = queries.ordered_competencies()
    form = EmptyForm()
    errors: dict[str, str] = {}
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        wanted: dict[str, int | None] = {}
        for c in competencies:
            raw = request.form.get(f"level-{c.code}", "")
            if raw == "":
                wanted[c.code] = None
            elif parse_int(raw) in LEVELS:
                wanted[c.code] = parse_int(raw)
            else:
                errors[c.code] = _("level harus 1 sampai 5")
        if not errors:
            try:
                changed = edit_position_standards(position, wanted, actor=current_actor())
            except CompetencyError as exc:
                errors = exc.fields
            else:
                flash(_("Standar jabatan %(name)s disimpan (%(n)d perubahan).", name=position.name, n=changed),
                      "success")
                return redirect(url_for(".edit", position_id=position.id))
    current = queries.standards_of(position.id)
    status = 422 if errors else 200
    return render_template("admin/position_standards.html", position=position, competencies=competencies,
                           current=current, errors=errors, form=form, group_label=group_label,
                           levels=list(LEVELS)), status
