"""``/admin/units``: the unit tree (perangkat daerah and their sub-units): create, rename, move
(the subtree's paths are recomputed), set the head. Each change is audited."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from lms.core import nip as nip_rules
from lms.core.models import Role, Unit
from lms.core.queries import audit as audit_queries
from lms.core.queries import lookups
from lms.core.queries.org_admin import unit_tree
from lms.core.services import admin_users, org_admin
from lms.core.services.org import unit_label
from lms.web.access import current_actor, roles_required
from lms.web.admin.forms import add_error, choices
from lms.web.admin.labels import install as install_labels
from lms.web.admin.people_forms import HeadForm, MoveForm, RenameForm, UnitForm, optional_id
from lms.web.admin.sections import AdminSection

bp = Blueprint("admin_units", __name__, url_prefix="/admin/units")
bp.admin_sections = [AdminSection(2, _l("Unit kerja"), "admin_units.index",
                                  _l("Pohon perangkat daerah: tambah, ganti nama, pindah, kepala unit."))]
install_labels(bp)


def _unit_or_404(unit_id: int) -> Unit:
    unit = lookups.unit(unit_id)
    if unit is None:
        abort(404)
    return unit


def _parent_choices(exclude: Unit | None = None) -> list:
    nodes = unit_tree()
    if exclude is not None:
        nodes = [n for n in nodes if not n.path.startswith(exclude.path)]
    return choices([("", _("— tingkat teratas (perangkat daerah) —"))]
                   + [(str(n.id), "\u2003" * n.depth + n.name) for n in nodes])


@bp.get("/")
@roles_required(Role.ADMIN)
def index() -> str:
    form = UnitForm(formdata=None)
    form.parent_id.choices = _parent_choices()
    return render_template("admin/units.html", nodes=unit_tree(), form=form)


@bp.post("/new")
@roles_required(Role.ADMIN)
def create() -> str | Response | tuple[str, int]:
    form = UnitForm()
    form.parent_id.choices = _parent_choices()
    if form.validate_on_submit():
        parent_id = optional_id(form.parent_id.data)
        parent = lookups.unit(parent_id) if parent_id else None
        try:
            if parent_id and parent is None:
                raise org_admin.OrgError(_("unit induk tidak ada"), "parent_id")
            unit = org_admin.create_unit(form.name.data or "", parent, actor=current_actor())
        except org_admin.OrgError as exc:
            add_error(form, exc.field or "name", str(exc))
        else:
            flash(_("Unit %(name)s dibuat.", name=unit.name), "success")
            return redirect(url_for(".detail", unit_id=unit.id))
    return render_template("admin/units.html", nodes=unit_tree(), form=form), 422


def _render_detail(unit: Unit, rename: RenameForm | None = None, move: MoveForm | None = None,
                   head: HeadForm | None = None, status: int = 200) -> tuple[str, int]:
    rename = rename or RenameForm(formdata=None, name=unit.name)
    move = move or MoveForm(formdata=None, parent_id=str(unit.parent_id or ""))
    move.parent_id.choices = _parent_choices(exclude=unit)
    head_user = lookups.user(unit.head_id) if unit.head_id else None
    head = head or HeadForm(formdata=None, head_nip=head_user.nip if head_user else "")
    nodes = unit_tree(unit.id)
    return render_template("admin/unit_detail.html", unit=unit, label=unit_label(unit), nodes=nodes,
                           head_user=head_user, rename=rename, move=move, head=head,
                           history=audit_queries.of_target("unit", unit.id)), status


@bp.get("/<int:unit_id>")
@roles_required(Role.ADMIN)
def detail(unit_id: int) -> tuple[str, int]:
    return _render_detail(_unit_or_404(unit_id))


@bp.post("/<int:unit_id>/rename")
@roles_required(Role.ADMIN)
def rename(unit_id: int) -> Response | tuple[str, int]:
    unit = _unit_or_404(unit_id)
    form = RenameForm()
    if form.validate_on_submit():
        try:
            org_admin.rename_unit(unit, form.name.data or "", actor=current_actor())
        except org_admin.OrgError as exc:
            add_error(form, "name", str(exc))
        else:
            flash(_("Nama unit disimpan."), "success")
            return redirect(url_for(".detail", unit_id=unit.id))
    return _render_detail(unit, rename=form, status=422)


@bp.post("/<int:unit_id>/move")
@roles_required(Role.ADMIN)
def move(unit_id: int) -> Response | tuple[str, int]:
    unit = _unit_or_404(unit_id)
    form = MoveForm()
    form.parent_id.choices = _parent_choices(exclude=unit)
    if form.validate_on_submit():
        parent_id = optional_id(form.parent_id.data)
        parent = lookups.unit(parent_id) if parent_id else None
        try:
            if parent_id and parent is None:
                raise org_admin.OrgError(_("unit tujuan tidak ada"), "parent_id")
            moved = org_admin.move_unit(unit, parent, actor=current_actor())
        except org_admin.OrgError as exc:
            add_error(form, "parent_id", str(exc))
        else:
            if moved.units:
                flash(_("Unit %(name)s dipindahkan beserta %(n)d sub-unit.", name=unit.name, n=moved.units - 1),
                      "success")
            return redirect(url_for(".detail", unit_id=unit.id))
    return _render_detail(unit, move=form, status=422)


@bp.post("/<int:unit_id>/head")
@roles_required(Role.ADMIN)
def set_head(unit_id: int) -> Response | tuple[str, int]:
    unit = _unit_or_404(unit_id)
    form = HeadForm()
    if form.validate_on_submit():
        raw = nip_rules.normalize(form.head_nip.data or "")
        head = lookups.user_by_nip(raw)
        try:
            if raw and head is None:
                raise org_admin.OrgError(_("tidak ada pegawai dengan NIP %(nip)s", nip=form.head_nip.data),
                                         "head_nip")
            org_admin.set_head(unit, head, actor=current_actor())
        except org_admin.OrgError as exc:
            add_error(form, "head_nip", str(exc))
        else:
            if head is not None and admin_users.grant_role(head, Role.SUPERVISOR, actor=current_actor()):
                flash(_("%(name)s mendapat peran atasan (untuk Tim Saya).", name=head.name), "info")
            flash(_("Kepala unit disimpan."), "success")
            return redirect(url_for(".detail", unit_id=unit.id))
    return _render_detail(unit, head=form, status=422)
