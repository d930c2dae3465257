"""``/admin/positions/new`` and ``/admin/positions/<id>/edit``: create a position, change its
name or kind. The list and the required levels are the standards section's
(:mod:`lms.web.admin.standards`, same URL prefix)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from lms.core.models import Role
from lms.core.queries import audit as audit_queries
from lms.core.queries import lookups
from lms.core.services import org_admin
from lms.web.access import current_actor, roles_required
from lms.web.admin.forms import add_error
from lms.web.admin.labels import install as install_labels
from lms.web.admin.people_forms import PositionForm

bp = Blueprint("admin_positions", __name__, url_prefix="/admin/positions")
install_labels(bp)


@bp.route("/new", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def create() -> str | Response | tuple[str, int]:
    form = PositionForm()
    if form.validate_on_submit():
        try:
            position = org_admin.create_position(form.name.data or "", form.kind.data or "", actor=current_actor())
        except org_admin.OrgError as exc:
            add_error(form, exc.field or "name", str(exc))
        else:
            flash(_("Jabatan %(name)s dibuat. Tetapkan standar kompetensinya.", name=position.name), "success")
            return redirect(url_for("admin_standards.edit", position_id=position.id))
    status = 422 if form.is_submitted() else 200
    return render_template("admin/position_form.html", form=form, position=None, history=[]), status


@bp.route("/<int:position_id>/edit", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit(position_id: int) -> str | Response | tuple[str, int]:
    position = lookups.position(position_id)
    if position is None:
        abort(404)
    form = PositionForm(obj=position)
    if not form.is_submitted():
        form.kind.data = position.kind.value
    if form.validate_on_submit():
        try:
            org_admin.update_position(position, form.name.data or "", form.kind.data or "", actor=current_actor())
        except org_admin.OrgError as exc:
            add_error(form, exc.field or "name", str(exc))
        else:
            flash(_("Jabatan %(name)s disimpan.", name=position.name), "success")
            return redirect(url_for(".edit", position_id=position.id))
    status = 422 if form.is_submitted() else 200
    return render_template("admin/position_form.html", form=form, position=position,
                           history=audit_queries.of_target("position", position.id)), status
