"""Tim Saya (``/team``): the supervisor's people and what is late; assigning courses; exports.

Views stay thin: the reads are ``lms.core.queries.team``, the writes
``lms.core.services.team`` (which enforces who may assign to whom).
"""

from __future__ import annotations

from datetime import datetime

from babel.dates import get_month_names
from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date, get_locale
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from wtforms import SelectChoice

from lms.core.models import Role, User
from lms.core.models.base import utcnow
from lms.core.nip import format_nip, normalize
from lms.core.queries import lookups
from lms.core.queries import team as queries
from lms.core.queries import team_assign as assign_queries
from lms.core.queries.learning import local_year
from lms.core.queries.team_person import person_page
from lms.core.services import team
from lms.core.services.team import AssignmentError
from lms.web.access import roles_required
from lms.web.params import int_list, parse_int
from lms.web.team import exports
from lms.web.team.forms import AssignForm

bp = Blueprint("team", __name__, url_prefix="/team")
TEAM_ROLES = (Role.SUPERVISOR, Role.ADMIN)


def _me() -> User:
    return current_user._get_current_object()


def status_labels() -> dict[str, str]:
    return {"not_started": _("Belum dimulai"), "in_progress": _("Sedang berlangsung"),
            "completed": _("Selesai"), "expired": _("Kedaluwarsa, perlu diulang")}


def scope_label(scope: str) -> str:
    return {"direct": _("Bawahan langsung"), "unit": _("Seluruh unit yang saya pimpin"),
            "agency": _("Semua pegawai")}.get(scope, scope)


def sort_label(sort: str) -> str:
    return {"name": _("Nama"), "unit": _("Unit kerja"), "jp": _("JP terendah"), "overdue": _("Paling banyak terlambat"),
            "progress": _("Progres terendah")}.get(sort, sort)


@bp.context_processor
def _labels() -> dict[str, object]:
    labels = status_labels()  # translated once per page, not once per course line
    dates: dict[object, str] = {}

    def short_date(value: datetime | None) -> str:
        """A date formatted once per page (many lines share a due date)."""
        if value is None:
            return ""
        if value not in dates:
            dates[value] = format_date(value, "medium")
        return dates[value]

    return {"status_label": lambda status: labels.get(status, status), "scope_label": scope_label,
            "sort_label": sort_label, "short_date": short_date}


@bp.get("")
@roles_required(*TEAM_ROLES)
def index() -> str:
    filters = queries.TeamFilter.from_args(request.args)
    page = queries.team_page(_me(), filters, utcnow(), local_year())
    return render_template("team/index.html", page=page, f=page.filters, year=local_year(),
                           statuses=queries.STATUSES, sorts=queries.SORTS,
                           is_admin=_me().has_role(Role.ADMIN), me_id=_me().id)


@bp.get("/<nip>")
@roles_required(*TEAM_ROLES)
def person(nip: str) -> str:
    """One person of the team: courses, JP, gaps, records to verify. The list's filters ride
    along in the query string so that "back" returns to the same list."""
    me = _me()
    page = person_page(me, normalize(nip), utcnow(), local_year())
    if page is None:  # not in the caller's team, or no such NIP: the same answer
        abort(404)
    filters = queries.TeamFilter.from_args(request.args)
    is_admin = me.has_role(Role.ADMIN)
    return render_template("team/person.html", p=page, year=local_year(),
                           back_url=url_for("team.index", **filters.args()),
                           can_see_profile=is_admin or page.user.supervisor_id == me.id,
                           can_review=is_admin or page.user.supervisor_id == me.id)


def _export_query() -> queries.TeamQuery:
    return queries.TeamQuery(_me(), queries.TeamFilter.from_args(request.args), utcnow(), local_year())


def _export_name() -> str:
    return f"tim-saya-{datetime.now().strftime('%Y%m%d')}"  # noqa: DTZ005 - a file name


@bp.get("/export.csv")
@roles_required(*TEAM_ROLES)
def export_csv() -> Response:
    return exports.csv_response(_export_query(), _export_name())


@bp.get("/export.xlsx")
@roles_required(*TEAM_ROLES)
def export_xlsx() -> Response:
    return exports.xlsx_response(_export_query(), _export_name(), _("Tim Saya"))


# --------------------------------------------------------------------------- assigning


#: people listed in the assign form's picker; beyond it the supervisor searches by name first
PEOPLE_LISTED = 300


def _choices(form: AssignForm, me: User, search: str = "") -> int:
    """Fill the form's choices; returns how many people the caller may assign to in all."""
    form.courses.choices = [SelectChoice(c.id, c.title) for c in assign_queries.assignable_courses()]
    admin = me.has_role(Role.ADMIN)
    wanted = set(form.people.data or []) | set(int_list("person"))
    total, people = assign_queries.people_to_pick(me, search=search, wanted=wanted, limit=PEOPLE_LISTED)
    form.people.choices = [SelectChoice(p.id, p.name)
                           for p in people]
    form.people_meta = {p.id: Markup('<span class="nip">{}</span>{}').format(
        format_nip(p.nip), f" · {p.position}" if p.position else "") for p in people}
    units = queries.assignable_units(me)
    form.unit.choices = [SelectChoice(0, _("Pilih unit kerja"))] + [
        SelectChoice(unit_id, "\u2003" * depth + name) for unit_id, name, depth in units]
    allowed = {"person"} | ({"unit"} if units else set()) | ({"position"} if admin else set())
    form.target_kind.choices = [c for c in form.target_kind.choices if c.value in allowed]
    if admin:
        positions = assign_queries.positions()
        form.position.choices = [SelectChoice(0, _("Pilih jabatan"))] + [SelectChoice(p.id, p.name) for p in positions]
    else:
        form.position.choices = []
    form.yearly_month.choices = [SelectChoice(str(n), name) for n, name in
                                 sorted(get_month_names("wide", locale=get_locale()).items())]
    return total


def _render_assign(form: AssignForm, total: int, search: str, status: int = 200) -> tuple[str, int]:
    return render_template("team/assign.html", form=form, people_total=total, search=search,
                           people_limited=total > PEOPLE_LISTED, people_listed=PEOPLE_LISTED), status


@bp.route("/assign", methods=["GET", "POST"])
@roles_required(*TEAM_ROLES)
def assign() -> tuple[str, int] | Response:
    me = _me()
    form = AssignForm()
    search = (request.args.get("cari") or "").strip()[:100]
    total = _choices(form, me, search)
    if request.method == "GET":
        preselect = int_list("person")
        if preselect:
            form.people.data = preselect
        course = parse_int(request.args.get("course"), minimum=1)
        if course is not None:
            form.courses.data = [course]
        return _render_assign(form, total, search)
    if not form.validate_on_submit():
        form.check_not_past(team.local_date(utcnow()))
        return _render_assign(form, total, search, 422)
    form.check_not_past(team.local_date(utcnow()))
    if form.errors:
        return _render_assign(form, total, search, 422)
    kind = form.target_kind.data
    targets = {"person": form.people.data or [], "unit": [form.unit.data] if form.unit.data else [],
               "position": [form.position.data] if form.position.data else []}.get(kind, [])
    chosen = assign_queries.courses_by_id(form.courses.data or [])
    due_kind = form.due_kind.data
    kwargs: dict[str, object] = {}
    if due_kind == "date":
        kwargs["due_at"] = team.end_of_local_day(form.due_date.data)
    elif due_kind == "days":
        kwargs["due_days"] = form.due_days.data
    elif due_kind == "yearly":
        kwargs.update(recurrence="yearly", due_day=form.yearly_day.data,
                      due_month=parse_int(form.yearly_month.data, minimum=1, maximum=12))
    try:
        rules, applied = team.assign(me, chosen, kind, targets, include_subtree=form.include_subtree.data,
                                     **kwargs)  # type: ignore[arg-type]
    except AssignmentError as exc:
        form.form_errors.append(exc.message)
        return _render_assign(form, total, search, 403 if exc.code == "denied" else 422)
    flash(_("Penugasan disimpan: %(rules)d aturan, %(new)d peserta baru, %(updated)d pendaftaran diperbarui.",
            rules=len(rules), new=applied.enrolled, updated=applied.updated), "success")
    return redirect(url_for("team.assignment_list"))


@bp.get("/assignments")
@roles_required(*TEAM_ROLES)
def assignment_list() -> str:
    me = _me()
    rules = team.rules_visible_to(me)
    names = assign_queries.target_names(rules)
    from lms.web.accounts.forms import EmptyForm

    return render_template("team/assignments.html", rules=rules, names=names, form=EmptyForm(),
                           is_admin=me.has_role(Role.ADMIN), me_id=me.id,
                           month_names=get_month_names("wide", locale=get_locale()))


@bp.post("/assignments/<int:rule_id>/deactivate")
@roles_required(*TEAM_ROLES)
def deactivate(rule_id: int) -> Response:
    from lms.web.accounts.forms import EmptyForm

    if not EmptyForm().validate_on_submit():
        abort(400)
    rule = lookups.assignment(rule_id)
    if rule is None:
        abort(404)
    try:
        team.deactivate(_me(), rule)
    except AssignmentError:
        abort(403)
    flash(_("Penugasan dihentikan. Pegawai yang sudah ditugaskan tetap terdaftar."), "success")
    return redirect(url_for("team.assignment_list"))
