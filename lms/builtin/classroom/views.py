"""The session's forms post here: one service call, then back to the item page."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from lms.builtin.classroom import signups
from lms.builtin.classroom.words import state_label
from lms.plugins import EmptyForm, LearningError, login_required, published_course

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
