"""``/admin/users``: find, edit, deactivate and reactivate accounts; import staff from CSV.

Every change is written to the audit log with what it was before and after. Roles are given
and taken on the edit page (one ``role.grant``/``role.revoke`` entry each).
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from lms.core.models import Role, User
from lms.core.queries import audit as audit_queries
from lms.core.queries import employee_types, lookups
from lms.core.queries.org_admin import UserFilter, position_choices, search_users, unit_choices
from lms.core.services import accounts, admin_users
from lms.web.access import current_actor, roles_required
from lms.web.accounts.forms import EmptyForm
from lms.web.admin import users_import
from lms.web.admin.forms import add_error, choices, show_errors
from lms.web.admin.labels import install as install_labels
from lms.web.admin.people_forms import NewUserForm, SetPasswordForm, UserForm, optional_id
from lms.web.admin.sections import AdminSection
from lms.web.params import parse_int

bp = Blueprint("admin_users", __name__, url_prefix="/admin/users")
bp.admin_sections = [AdminSection(1, _l("Pegawai"), "admin_users.index",
                                  _l("Cari, ubah, nonaktifkan akun; peran; impor CSV pegawai."))]
install_labels(bp)


def _number(name: str) -> int | None:
    return parse_int(request.args.get(name))


@bp.get("/")
@roles_required(Role.ADMIN)
def index() -> str:
    f = UserFilter(q=(request.args.get("q") or "").strip()[:100], unit_id=_number("unit"),
                   role=request.args.get("role", ""), status=request.args.get("status", ""),
                   page=_number("page") or 1)
    page = search_users(f)
    args = {k: v for k, v in {"q": f.q, "unit": f.unit_id, "role": f.role, "status": f.status}.items() if v}
    return render_template("admin/users.html", page=page, f=f, args=args, units=unit_choices(),
                           roles=[r for r in Role if r != Role.LEARNER])


def _user_or_404(user_id: int) -> User:
    user = lookups.user(user_id)
    if user is None:
        abort(404)
    return user


def _org_choices(form: UserForm) -> None:
    form.unit_id.choices = choices([("", _("— tanpa unit —"))] + [(str(i), n) for i, n in unit_choices()])
    form.position_id.choices = choices([("", _("— tanpa jabatan —"))] + [(str(i), n) for i, n in position_choices()])
    form.employee_type.choices = choices([(t.code, t.name) for t in employee_types.all_types()])


def _changes(form: UserForm) -> admin_users.UserChanges:
    return admin_users.UserChanges(
        name=form.name.data or "", email=form.email.data, unit_id=optional_id(form.unit_id.data),
        position_id=optional_id(form.position_id.data), supervisor_nip=form.supervisor_nip.data,
        golongan=form.golongan.data, employee_type=form.employee_type.data or "PNS", roles=form.role_values())


def _show_errors(form: UserForm, exc: admin_users.AdminUserError) -> str | None:
    """Put each refused field's message on its field; what belongs to no field comes back."""
    return show_errors(form, exc.fields, aliases={"roles": "role_admin"})


@bp.route("/new", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def create() -> str | Response | tuple[str, int]:
    form = NewUserForm()
    _org_choices(form)
    password = form.password.data or None
    if not form.validate_on_submit():
        if form.is_submitted() and not form.csrf_token.errors:  # all the problems at once, not form's first
            message = _show_errors(form, admin_users.AdminUserError(
                {k: v for k, v in admin_users.new_user_problems(form.nip.data or "", _changes(form), password).items()
                 if k not in form.errors}))
            return render_template("admin/user_new.html", form=form, message=message), 422
        return render_template("admin/user_new.html", form=form), 422 if form.is_submitted() else 200
    try:
        user = admin_users.create_user(form.nip.data or "", _changes(form), password, actor=current_actor())
    except admin_users.AdminUserError as exc:
        return render_template("admin/user_new.html", form=form, message=_show_errors(form, exc)), 422
    flash(_("Akun %(name)s dibuat.", name=user.name), "success")
    return redirect(url_for(".edit", user_id=user.id))


def _form(user: User, from_request: bool = True) -> UserForm:
    """The edit form: from the request (an edit posted), or from the account as it is."""
    form = UserForm(obj=user) if from_request else UserForm(formdata=None, obj=user)
    _org_choices(form)
    if request.method == "GET" or not from_request:
        form.unit_id.data = str(user.unit_id or "")
        form.position_id.data = str(user.position_id or "")
        form.supervisor_nip.data = user.supervisor.nip if user.supervisor else ""
        form.employee_type.data = str(user.employee_type or "PNS")
        for role in ("trainer", "supervisor", "admin"):
            form[f"role_{role}"].data = Role(role) in user.roles
    return form


def _render_edit(user: User, form: UserForm, status: int = 200, message: str | None = None,
                 password_form: SetPasswordForm | None = None) -> tuple[str, int]:
    return render_template("admin/user_edit.html", user=user, form=form, message=message,
                           history=audit_queries.of_target("user", user.id), action_form=EmptyForm(),
                           password_form=password_form or SetPasswordForm()), status


@bp.route("/<int:user_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit(user_id: int) -> str | Response | tuple[str, int]:
    user = _user_or_404(user_id)
    form = _form(user)
    if not form.validate_on_submit():
        return _render_edit(user, form, 422 if form.is_submitted() else 200)
    try:
        admin_users.update_user(user, _changes(form), actor=current_actor())
    except admin_users.AdminUserError as exc:
        return _render_edit(user, form, 422, _show_errors(form, exc))
    flash(_("Data %(name)s disimpan.", name=user.name), "success")
    return redirect(url_for(".edit", user_id=user.id))


@bp.post("/<int:user_id>/password")
@roles_required(Role.ADMIN)
def set_password(user_id: int) -> str | Response | tuple[str, int]:
    """Set a password for someone who lost theirs: their sessions end, their API tokens are revoked."""
    user = _user_or_404(user_id)
    password_form = SetPasswordForm()
    if password_form.validate_on_submit():
        try:
            admin_users.set_password(user, password_form.password.data or "", actor=current_actor())
        except accounts.AccountError as exc:
            add_error(password_form, "password", str(exc))
        else:
            flash(_("Kata sandi %(name)s diatur; semua sesinya diakhiri dan token API-nya dicabut. Sampaikan "
                    "kata sandi kepadanya melalui jalur yang aman.", name=user.name), "success")
            return redirect(url_for(".edit", user_id=user.id))
    return _render_edit(user, _form(user, from_request=False), 422, password_form=password_form)


@bp.post("/<int:user_id>/deactivate")
@roles_required(Role.ADMIN)
def deactivate(user_id: int) -> Response:
    user = _user_or_404(user_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        changed = admin_users.deactivate(user, actor=current_actor())
    except admin_users.AdminUserError as exc:
        flash(str(exc), "error")
        return redirect(url_for(".edit", user_id=user.id))
    if changed:
        flash(_("Akun %(name)s dinonaktifkan: tidak dapat masuk lagi, sesi yang terbuka berakhir.", name=user.name),
              "success")
    return redirect(url_for(".edit", user_id=user.id))


@bp.post("/<int:user_id>/reactivate")
@roles_required(Role.ADMIN)
def reactivate(user_id: int) -> Response:
    user = _user_or_404(user_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if admin_users.reactivate(user, actor=current_actor()):
        flash(_("Akun %(name)s diaktifkan kembali.", name=user.name), "success")
    return redirect(url_for(".edit", user_id=user.id))


@bp.route("/import", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def import_csv() -> str | Response | tuple[str, int]:
    """Upload, then see what would change (:mod:`lms.web.admin.users_import`), then confirm."""
    return users_import.upload()


@bp.post("/import/confirm")
@roles_required(Role.ADMIN)
def import_confirm() -> str | Response | tuple[str, int]:
    return users_import.confirm()


@bp.get("/import/template.csv")
@roles_required(Role.ADMIN)
def import_template() -> Response:
    return users_import.template()
