"""``/admin/employee-types``: the kinds of employee (PNS, PPPK and what the agency adds), each
with its yearly JP target or the site's default; add, rename, set the target; audited."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import StringField

from lms.core import site_settings
from lms.core.models import Role
from lms.core.queries import audit as audit_queries
from lms.core.queries import employee_types as queries
from lms.core.services import employee_types as service
from lms.web.access import current_actor, roles_required
from lms.web.admin.forms import show_errors
from lms.web.admin.labels import install as install_labels
from lms.web.admin.sections import AdminSection

bp = Blueprint("admin_employee_types", __name__, url_prefix="/admin/employee-types")
bp.admin_sections = [AdminSection(35, _l("Jenis pegawai"), "admin_employee_types.index",
                                  _l("PNS, PPPK, dan jenis lain; target JP masing-masing"))]
install_labels(bp)


class TypeForm(FlaskForm):
    name = StringField(_l("Nama"))
    jp_target = StringField(_l("Target JP per tahun"), render_kw={"inputmode": "decimal"})


class NewTypeForm(TypeForm):
    code = StringField(_l("Kode"), render_kw={"autocapitalize": "characters", "spellcheck": "false"})


def _target_text(value: float | None) -> str:
    from flask_babel import format_decimal

    return "" if value is None else format_decimal(value, format="0.#")


@bp.route("", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def index() -> str | Response | tuple[str, int]:
    form = NewTypeForm()
    if form.validate_on_submit():
        try:
            row = service.create(form.code.data or "", form.name.data or "", form.jp_target.data, actor=current_actor())
        except service.EmployeeTypeError as exc:
            show_errors(form, exc.errors)
        else:
            flash(_("Jenis pegawai %(name)s ditambahkan.", name=row.name), "success")
            return redirect(url_for(".index"))
    status = 422 if form.is_submitted() else 200
    return render_template("admin/employee_types.html", types=queries.all_types(), form=form,
                           default=site_settings.default_jp_target()), status


@bp.route("/<code>/edit", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit(code: str) -> str | Response | tuple[str, int]:
    info = queries.by_code().get(code)
    if info is None:
        abort(404)
    form = TypeForm()
    if not form.is_submitted():
        form.name.data, form.jp_target.data = info.name, _target_text(info.own_target)
    elif form.validate_on_submit():
        try:
            row = service.update(code, form.name.data or "", form.jp_target.data, actor=current_actor())
        except service.EmployeeTypeError as exc:
            show_errors(form, exc.errors)
        else:
            flash(_("Jenis pegawai %(name)s disimpan.", name=row.name), "success")
            return redirect(url_for(".index"))
    status = 422 if form.is_submitted() else 200
    return render_template("admin/employee_type_form.html", info=info, form=form,
                           default=site_settings.default_jp_target(),
                           history=audit_queries.of_target("employee_type", code)), status
