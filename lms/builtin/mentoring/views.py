"""Pages of mentoring and coaching (``/mentoring``) and its admin section. Thin: the rules are
in :mod:`.service`, reads in :mod:`.queries`; a refused action answers 4xx with its reason."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response as BaseResponse
from wtforms import SelectChoice

from lms.plugins import AdminSection, EmptyForm, Role, User, account_by_nip, db, login_required, roles_required

from . import queries, service
from .forms import CapsForm, EndForm, GoalForm, RelationForm, ReturnForm, SessionForm
from .models import Relation

bp = Blueprint("mentoring", __name__, template_folder="templates", url_prefix="/mentoring")
admin_bp = Blueprint("mentoring_admin", __name__, template_folder="templates", url_prefix="/admin/mentoring")
admin_bp.admin_sections = [AdminSection(60, _l("Coaching dan mentoring"), "mentoring_admin.admin_index",
                                        _l("Batas JP per tahun dan semua pasangan"))]

Page = str | tuple[str, int] | BaseResponse


def _me() -> Any:
    return current_user._get_current_object()


def _person(nip: str | None) -> User | None:
    digits = "".join(ch for ch in (nip or "") if ch.isdigit())
    return account_by_nip(digits) if digits else None


def _relation_or_404(relation_id: int) -> Relation:
    relation = queries.relation(relation_id)
    if relation is None or not service.may_see(_me(), relation):
        abort(404)  # someone else's relation: as if it did not exist
    return relation


# --------------------------------------------------------------------------- the list


@bp.get("")
@login_required
def index() -> str:
    me = _me()
    mine = queries.mine(me)
    team = queries.of_team(me) if me.has_role(Role.SUPERVISOR, Role.ADMIN) else []
    counts = queries.counts([r.id for r in mine + team])
    return render_template("mentoring/index.html", mine=mine, team=team, counts=counts,
                           waiting=queries.waiting_for(me.id), may_pair=service.may_pair(me), me=me)


# --------------------------------------------------------------------------- pairing


@bp.route("/new", methods=["GET", "POST"])
@roles_required(Role.SUPERVISOR, Role.ADMIN)
def new() -> Page:
    form = RelationForm()
    # a supervisor's staff as suggestions of the NIP field (name and NIP, typed or picked)
    staff = [] if _me().has_role(Role.ADMIN) else queries.team_people(_me())
    if staff:  # this form's own copy: the class's render_kw is shared by every request
        form.mentee.render_kw = {**(form.mentee.render_kw or {}), "list": "staff-list"}
    if form.is_submitted():
        if not form.validate():
            return render_template("mentoring/new.html", form=form, staff=staff), 422
        try:
            relation = service.create(_me(), form.kind.data, _person(form.mentee.data), _person(form.mentor.data),
                                      form.starts_on.data, form.ends_on.data)
        except service.MentoringError as exc:
            form.form_errors.append(exc.message)
            return render_template("mentoring/new.html", form=form, staff=staff), exc.status
        flash(_("Pasangan dibuat. Tambahkan tujuannya dari kesenjangan kompetensi."), "success")
        return redirect(url_for("mentoring.relation", relation_id=relation.id))
    form.starts_on.data = form.starts_on.data or service.today()
    return render_template("mentoring/new.html", form=form, staff=staff)


# --------------------------------------------------------------------------- one relation


def _relation_page(relation: Relation, *, session_form: SessionForm | None = None, goal_form: GoalForm | None = None,
                   error: str | None = None, status: int = 200) -> tuple[str, int]:
    me = _me()
    goal_form = goal_form or GoalForm()
    choices = queries.goal_choices(relation) if service.may_manage(me, relation) and relation.state != "ended" else []
    goal_form.competency.choices = [SelectChoice(c, f"{n} · {_('kesenjangan')}" if gap else n)
                                    for c, n, _lvl, gap in choices]
    session_form = session_form or SessionForm()
    names = queries.competency_names([g.competency_code for g in relation.goals])
    session_form.competencies.choices = [
        SelectChoice(g.competency_code, names.get(g.competency_code, g.competency_code)) for g in relation.goals]
    if not session_form.is_submitted():
        session_form.held_on.data = service.today()
    sessions = queries.sessions(relation)
    return render_template(
        "mentoring/relation.html", r=relation, me=me, role=relation.role_of(me), sessions=sessions,
        names=queries.competency_names([c for s in sessions for c in s.competencies] + list(names)),
        may_read_notes=service.may_read_notes(me, relation), may_manage=service.may_manage(me, relation),
        goal_form=goal_form, session_form=session_form, return_form=ReturnForm(), end_form=EndForm(),
        button=EmptyForm(), count=queries.counts([relation.id]).get(relation.id, queries.Counts()),
        error=error), status


@bp.get("/<int:relation_id>")
@login_required
def relation(relation_id: int) -> Page:
    return _relation_page(_relation_or_404(relation_id))


def _back(relation: Relation, message: str) -> BaseResponse:
    flash(message, "success")
    return redirect(url_for("mentoring.relation", relation_id=relation.id))


@bp.post("/<int:relation_id>/goals")
@login_required
def add_goal(relation_id: int) -> Page:
    relation = _relation_or_404(relation_id)
    form = GoalForm()
    form.competency.choices = [SelectChoice(c, n) for c, n, _lvl, _gap in queries.goal_choices(relation)]
    if not form.validate_on_submit():
        return _relation_page(relation, goal_form=form, status=422)
    try:
        service.set_goal(_me(), relation, form.competency.data, form.level.data)
    except service.MentoringError as exc:
        return _relation_page(relation, goal_form=form, error=exc.message, status=exc.status)
    return _back(relation, _("Tujuan disimpan."))


@bp.post("/<int:relation_id>/start")
@login_required
def start(relation_id: int) -> Page:
    relation = _relation_or_404(relation_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        service.start(_me(), relation)
    except service.MentoringError as exc:
        return _relation_page(relation, error=exc.message, status=exc.status)
    return _back(relation, _("Pasangan dimulai."))


@bp.post("/<int:relation_id>/end")
@login_required
def end(relation_id: int) -> Page:
    relation = _relation_or_404(relation_id)
    form = EndForm()
    if not form.validate_on_submit():
        return _relation_page(relation, status=422, error=_("Alasan paling banyak 500 karakter."))
    try:
        service.end(_me(), relation, form.reason.data or "")
    except service.MentoringError as exc:
        return _relation_page(relation, error=exc.message, status=exc.status)
    return _back(relation, _("Pasangan diakhiri. Pertemuan yang sudah dikonfirmasi tetap dihitung."))


@bp.post("/<int:relation_id>/sessions")
@login_required
def log_session(relation_id: int) -> Page:
    relation = _relation_or_404(relation_id)
    form = SessionForm()
    form.competencies.choices = [SelectChoice(g.competency_code, g.competency_code) for g in relation.goals]
    if not form.validate_on_submit():
        return _relation_page(relation, session_form=form, status=422)
    try:
        service.log_session(_me(), relation, form.held_on.data, form.minutes.data, form.competencies.data or [],
                            form.notes.data or "", form.actions.data or "")
    except service.MentoringError as exc:
        return _relation_page(relation, session_form=form, error=exc.message, status=exc.status)
    return _back(relation, _("Pertemuan dicatat. Pembimbing akan mengonfirmasinya."))


def _session_or_404(relation: Relation, session_id: int) -> Any:
    return queries.session_of(relation, session_id) or abort(404)


@bp.post("/<int:relation_id>/sessions/<int:session_id>/confirm")
@login_required
def confirm(relation_id: int, session_id: int) -> Page:
    relation = _relation_or_404(relation_id)
    session = _session_or_404(relation, session_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        service.confirm(_me(), session)
    except service.MentoringError as exc:
        return _relation_page(relation, error=exc.message, status=exc.status)
    return _back(relation, _("Pertemuan dikonfirmasi."))


@bp.post("/<int:relation_id>/sessions/<int:session_id>/return")
@login_required
def send_back(relation_id: int, session_id: int) -> Page:
    relation = _relation_or_404(relation_id)
    session = _session_or_404(relation, session_id)
    form = ReturnForm()
    if not form.validate_on_submit():
        return _relation_page(relation, error=_("Tulis alasan pengembalian."), status=422)
    try:
        service.send_back(_me(), session, form.comment.data or "")
    except service.MentoringError as exc:
        return _relation_page(relation, error=exc.message, status=exc.status)
    return _back(relation, _("Catatan dikembalikan kepada yang dibimbing."))


# --------------------------------------------------------------------------- admin


@admin_bp.route("", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def admin_index() -> Page:
    form = CapsForm()
    status = 200
    if form.is_submitted():
        if form.validate():
            service.set_caps(_me(), form.mentee_jp.data, form.mentor_jp.data)
            flash(_("Batas JP disimpan."), "success")
            return redirect(url_for("mentoring_admin.admin_index"))
        status = 422
    else:
        form.mentee_jp.data, form.mentor_jp.data = service.caps()
    relations = list(db.session.scalars(select(Relation).order_by(
        (Relation.state == "ended").asc(), Relation.starts_on.desc(), Relation.id.desc()).limit(500)).unique())
    return render_template("mentoring/admin.html", form=form, relations=relations,
                           counts=queries.counts([r.id for r in relations])), status
