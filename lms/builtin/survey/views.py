"""The survey's form posts here: one service call, then a redirect (or the page again, 422)."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from werkzeug.wrappers import Response

from lms.builtin.survey import responses
from lms.builtin.survey.activity import FIELD_PREFIX
from lms.plugins import (
    EmptyForm,
    ItemView,
    LearningError,
    course_page_state,
    login_required,
    published_course,
    published_items,
    require_enrollment,
    use_assets,
)

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
    """The item page again, with the errors next to their questions and the answers kept.

    Mirrors ``learner.item`` (which has no hook for a body with errors)."""
    me = current_user._get_current_object()
    enrollment = require_enrollment(me, course)
    items = published_items(course)
    index = next(n for n, i in enumerate(items) if i.key == key)  # the service found it
    current = items[index]
    previous = items[index - 1] if index > 0 else None
    following = items[index + 1] if index + 1 < len(items) else None
    state, progress = course_page_state(me, course, enrollment, items)
    activity = current_app.extensions["lms.host"].activities.get(current.type)
    use_assets("survey", css=activity.stylesheets)  # as on the item page: the survey's own styles
    view = ItemView(
        user=me,
        course=course,
        item=current,
        enrollment=enrollment,
        progress=progress.get(key),
        previous=previous,
        next=following,
        state=state,
    )
    body = Markup(activity.render_form(view, errors=errors, answers=answers))  # noqa: S704
    return render_template(
        "learning/item.html",
        course=course,
        item=current,
        body=body,
        state=state,
        previous=previous,
        next=following,
        position=index + 1,
        count=len(items),
        label=activity.label(),
    )
