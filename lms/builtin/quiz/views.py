"""The quiz's pages: start (from the item page), the attempt form, autosave, submit, result.

Every page works without JavaScript; the plugin's ``static/quiz.js`` adds the countdown and autosave.
Another learner's attempt answers 404, as if it did not exist.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from lms.builtin.quiz import attempts as service
from lms.builtin.quiz.models import Attempt
from lms.builtin.quiz.snapshot import answers_from_form, unanswered_numbers, widget_of
from lms.plugins import (
    Course,
    EmptyForm,
    LearningError,
    db,
    enrollment_of,
    login_required,
    published_course,
    published_items,
)

bp = Blueprint("quiz", __name__, template_folder="templates", url_prefix="/quiz")


def _me() -> Any:
    return current_user._get_current_object()


def _own(attempt_id: int) -> Attempt:
    try:
        return service.get_attempt(attempt_id, _me())
    except LearningError:
        abort(404)


def _check_csrf() -> None:
    if not EmptyForm().validate_on_submit():
        abort(400)


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


def _item_url(attempt: Attempt) -> str:
    course = db.session.get(Course, attempt.course_id)
    return url_for("learner.item", slug=course.slug, key=attempt.item_key)


@bp.post("/<slug>/<path:key>/start")
@login_required
def start(slug: str, key: str) -> Response:
    course = published_course(slug)
    if course is None:
        abort(404)
    _check_csrf()
    if not _confirmed():
        summary = _summary(course, key)
        if summary is not None and summary.retake_may_lower:
            # the counted score is the LAST attempt's: a new one can take a pass away. Asked
            # here (the page without JavaScript); quiz.js asks the same before it gets here.
            return render_template("quiz/confirm_retake.html", course=course, key=key, summary=summary,
                                   title=_item_title(course, key), form=EmptyForm(),
                                   item_url=url_for("learner.item", slug=slug, key=key))
    try:
        attempt = service.start_attempt(_me(), course, key)
    except LearningError as exc:
        if exc.code == "not_found":
            abort(404)
        flash(exc.message, "error")
        return redirect(url_for("learner.item", slug=slug, key=key))
    return redirect(url_for("quiz.attempt", attempt_id=attempt.id))


@bp.get("/attempts/<int:attempt_id>")
@login_required
def attempt(attempt_id: int) -> str | Response:
    attempt = _own(attempt_id)
    if attempt.is_open and service.expire_overdue(attempt):
        flash(_("Waktu habis. Jawaban yang sudah tersimpan telah dikirim dan dinilai."), "info")
    if not attempt.is_open:
        return redirect(url_for("quiz.result", attempt_id=attempt.id))
    data = service.public_attempt(attempt)
    for question in data["questions"]:
        question["widget"] = widget_of(question)
    course = db.session.get(Course, attempt.course_id)
    return render_template("quiz/attempt.html", attempt=attempt, data=data, course=course,
                           title=attempt.settings.get("title") or attempt.item_key,
                           answers=data["answers"], form=EmptyForm(),
                           item_url=_item_url(attempt))


@bp.post("/attempts/<int:attempt_id>/answers")
@login_required
def save(attempt_id: int) -> Response | tuple[Response, int]:
    """Autosave (quiz.js): the whole form, as JSON status. Idempotent."""
    attempt = _own(attempt_id)
    _check_csrf()
    result_url = url_for("quiz.result", attempt_id=attempt.id)
    try:
        answers = answers_from_form(attempt.questions, request.form.to_dict(flat=False))
        saved = service.save_answers(attempt, _me(), answers)
    except LearningError as exc:
        status = 409 if exc.code == "conflict" else 422
        return jsonify({"error": {"code": exc.code, "message": exc.message},
                        "result_url": result_url}), status
    if not saved:
        return jsonify({"saved": False, "submitted": True, "result_url": result_url})
    return jsonify({"saved": True, "submitted": False,
                    "seconds_left": service.seconds_left(attempt)})


@bp.post("/attempts/<int:attempt_id>/submit")
@login_required
def submit(attempt_id: int) -> Response:
    attempt = _own(attempt_id)
    _check_csrf()
    try:
        answers = answers_from_form(attempt.questions, request.form.to_dict(flat=False))
        missing = [] if _confirmed() or _time_is_up(attempt) else unanswered_numbers(attempt.questions, answers)
        if missing:
            # asked before anything is final; the answers are kept (saved, and sent again by
            # the confirm page's form), so going back to the questions loses nothing
            if not service.save_answers(attempt, _me(), answers):  # time ran out meanwhile: graded
                return redirect(url_for("quiz.result", attempt_id=attempt.id))
            fields = [(name, value) for name, values in request.form.lists() if name.startswith("a:")
                      for value in values]
            course = db.session.get(Course, attempt.course_id)
            return render_template("quiz/confirm_submit.html", attempt=attempt, missing=missing, fields=fields,
                                   total=len(attempt.questions), course=course, form=EmptyForm(),
                                   title=attempt.settings.get("title") or attempt.item_key,
                                   item_url=_item_url(attempt))
        service.submit(attempt, _me(), answers)
    except LearningError as exc:
        if exc.code == "invalid":
            abort(422)
        flash(exc.message, "info")
        return redirect(url_for("quiz.result", attempt_id=attempt.id))
    if attempt.late:
        flash(_("Waktu sudah habis saat jawaban dikirim: yang dinilai adalah jawaban yang "
                "tersimpan sampai batas waktu."), "info")
    return redirect(url_for("quiz.result", attempt_id=attempt.id))


@bp.get("/attempts/<int:attempt_id>/result")
@login_required
def result(attempt_id: int) -> str | Response:
    attempt = _own(attempt_id)
    if attempt.is_open and not service.expire_overdue(attempt):
        return redirect(url_for("quiz.attempt", attempt_id=attempt.id))
    course = db.session.get(Course, attempt.course_id)
    results = service.results_for(attempt)
    enrollment = enrollment_of(_me(), course)
    summary = None
    if enrollment is not None and enrollment.cycle == attempt.cycle:
        try:
            item = service.quiz_item(course, attempt.item_key)
        except LearningError:
            item = None
        if item is not None:
            summary = service.overview(_me(), course, item, enrollment.cycle)
    next_url, next_label = _way_on(course, attempt.item_key, enrollment) if summary and summary.passed \
        else (None, None)
    return render_template("quiz/result.html", attempt=attempt, results=results, course=course,
                           summary=summary, title=attempt.settings.get("title") or attempt.item_key,
                           form=EmptyForm(), item_url=_item_url(attempt), next_url=next_url,
                           next_label=next_label)


def _confirmed() -> bool:
    """The learner already said yes (the confirm page's form, or quiz.js after its dialog)."""
    return request.form.get("confirmed") == "1"


def _time_is_up(attempt: Attempt) -> bool:
    """A timed attempt at its end is submitted as it is: no question asked (the countdown's
    own submission, or a learner pressing the button in the last seconds)."""
    left = service.seconds_left(attempt)
    return left is not None and left <= 0


def _summary(course: Course, key: str) -> service.QuizOverview | None:
    enrollment = enrollment_of(_me(), course)
    if enrollment is None:
        return None
    try:
        item = service.quiz_item(course, key)
    except LearningError:
        return None
    return service.overview(_me(), course, item, enrollment.cycle)


def _item_title(course: Course, key: str) -> str:
    try:
        return service.quiz_item(course, key).title
    except LearningError:
        return key


def _way_on(course: Course, item_key: str, enrollment: Any) -> tuple[str, str]:
    """After a pass, the one way forward: the course's completion page when it is complete,
    else the next item, else the course page (never "try again")."""
    if enrollment is not None and enrollment.completed_at is not None:
        return url_for("learner.completed", slug=course.slug), _("Lihat pencapaian Anda")
    items = published_items(course)
    keys = [i.key for i in items]
    if item_key in keys and keys.index(item_key) + 1 < len(items):
        following = items[keys.index(item_key) + 1]
        return (url_for("learner.item", slug=course.slug, key=following.key),
                _("Lanjut: %(title)s", title=following.title))
    return url_for("learner.course", slug=course.slug), _("Ke halaman kursus")

