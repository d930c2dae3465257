"""The survey's form posts here: one service call, then a redirect (or the page again, 422)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from lms.builtin.survey import responses
from lms.builtin.survey.activity import FIELD_PREFIX, Survey
from lms.plugins import EmptyForm, LearningError, item_page, login_required, published_course, published_items

# Carries the plugin's templates (templates/survey/...), which the site's templates/ can override.
bp = Blueprint("survey", __name__, template_folder="templates")


@bp.post("/survey/<slug>/<path:key>")
@login_required
def submit(slug: str, key: str) -> Response | tuple[str, int]:
    course = published_course(slug)
    if course is None:
        abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    me = current_user._get_current_object()
    answers = {
        name[len(FIELD_PREFIX) :]: value
        for name, value in request.form.items()
        if name.startswith(FIELD_PREFIX)
    }
    try:
        responses.submit_response(me, course, key, answers)
    except responses.SurveyInvalid as exc:
        return _item_page(course, key, exc.errors, answers), 422
    except LearningError as exc:
        if exc.code == "not_found":
            abort(404)
        flash(exc.message, "info" if exc.code == "conflict" else "error")
        if exc.code == "conflict":
            return redirect(url_for("learner.item", slug=slug, key=key))
        return redirect(url_for("learner.course", slug=slug))
    flash(_("Terima kasih, jawaban Anda sudah tersimpan."), "success")
    items = published_items(course)
    index = next((n for n, i in enumerate(items) if i.key == key), None)
    if index is not None and index + 1 < len(items):
        return redirect(url_for("learner.item", slug=slug, key=items[index + 1].key))
    return redirect(url_for("learner.course", slug=slug))


def _item_page(course, key: str, errors: dict[str, str], answers: dict[str, str]) -> str:  # noqa: ANN001
    """The item page again, with the errors next to their questions and the answers kept."""
    return item_page(course, key, lambda view: Survey().render_form(view, errors=errors, answers=answers))
