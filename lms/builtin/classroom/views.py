"""The session's forms post here: one service call, then back to the item page."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from lms.builtin.classroom import register, signups
from lms.builtin.classroom.activity import runs_for_page
from lms.builtin.classroom.words import state_label
from lms.plugins import (
    EmptyForm,
    LearningError,
    format_number,
    login_required,
    may_teach,
    parse_int,
    published_course,
    use_assets,
    utcnow,
)

# Carries the plugin's templates (templates/classroom/...), which the site's templates/ can override.
bp = Blueprint("classroom", __name__, template_folder="templates")


def _back(slug: str, key: str) -> Response:
    return redirect(url_for("learner.item", slug=slug, key=key))


@bp.post("/classroom/<slug>/<path:key>/runs/<run_id>/signup")
@login_required
def sign_up(slug: str, key: str, run_id: str) -> Response:
    course = published_course(slug)
    if course is None:
        abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        signup = signups.sign_up(current_user._get_current_object(), course, key, run_id)
    except LearningError as exc:
        if exc.code == "not_found":
            abort(404)
        flash(exc.message, "error")
        return _back(slug, key)
    flash(_("Pendaftaran tersimpan: %(state)s.", state=state_label(signup.state)), "success")
    return _back(slug, key)


@bp.post("/classroom/<slug>/<path:key>/cancel")
@login_required
def cancel(slug: str, key: str) -> Response:
    course = published_course(slug)
    if course is None:
        abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        signups.cancel(current_user._get_current_object(), course, key)
    except LearningError as exc:
        if exc.code == "not_found":
            abort(404)
        flash(exc.message, "error")
        return _back(slug, key)
    flash(_("Pendaftaran Anda dibatalkan."), "success")
    return _back(slug, key)


# --------------------------------------------------------------------------- the trainer's register


def _teaching(slug: str) -> object:
    course = published_course(slug)
    if course is None:
        abort(404)
    if not may_teach(current_user._get_current_object(), course):
        abort(403)
    return course


@bp.get("/classroom/<slug>/<path:key>/runs/<run_id>/register")
@login_required
def register_page(slug: str, key: str, run_id: str) -> str:
    course = _teaching(slug)
    try:
        item = signups.session_item(course, key)
        run = signups._run(item, run_id)
    except LearningError:
        abort(404)
    lock = register.run_lock(course, key, run_id)
    now = utcnow()
    page_run = next(r for r in runs_for_page(item.content) if r["id"] == run_id)
    rows = register.attendees(course, key, run_id)
    use_assets("classroom", css=("classroom.css",))
    return render_template(
        "classroom/register.html", course=course, item=item, run=page_run, rows=rows,
        closed=lock is not None and lock.closed_at is not None,
        open=now >= register.opens_at(run), state_label=state_label, form=EmptyForm(),
        attended=sum(1 for s, _u in rows if s.state == "attended"),
    )


@bp.post("/classroom/<slug>/<path:key>/runs/<run_id>/register/<int:user_id>")
@login_required
def mark(slug: str, key: str, run_id: str, user_id: int) -> Response:
    course = _teaching(slug)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        register.mark(current_user._get_current_object(), course, key, run_id, user_id,
                      request.form.get("state", ""), minutes=parse_int(request.form.get("minutes"), maximum=100_000))
    except LearningError as exc:
        if exc.code == "not_found":
            abort(404)
        flash(exc.message, "error")
    target = url_for("classroom.register_page", slug=slug, key=key, run_id=run_id)
    return redirect(f"{target}#person-{user_id}")


@bp.post("/classroom/<slug>/<path:key>/runs/<run_id>/register/close")
@login_required
def close(slug: str, key: str, run_id: str) -> Response:
    course = _teaching(slug)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        completed = register.close(current_user._get_current_object(), course, key, run_id)
    except LearningError as exc:
        if exc.code == "not_found":
            abort(404)
        flash(exc.message, "error")
    else:
        flash(_("Daftar hadir ditutup. %(n)s peserta menuntaskan sesi ini.", n=format_number(completed, 0)),
              "success")
    return redirect(url_for("classroom.register_page", slug=slug, key=key, run_id=run_id))
