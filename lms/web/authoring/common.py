"""Helpers shared by the trainers' pages: the course being edited, errors to HTTP."""

from __future__ import annotations

from typing import Any, NoReturn

from flask import abort, flash, redirect, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from lms.core.models import Course, User
from lms.core.services import authoring
from lms.core.services.authoring import AuthoringError

STATUS = {"not_found": 404, "denied": 403, "conflict": 409, "invalid": 422}


def me() -> User:
    return current_user._get_current_object()


def fail(exc: AuthoringError) -> NoReturn:
    abort(STATUS.get(exc.code, 400), exc.message)


def editable_course(slug: str) -> Course:
    """The course ``slug`` if the signed-in user may edit it (404/403 otherwise)."""
    try:
        return authoring.course_for_editing(me(), slug)
    except AuthoringError as exc:
        fail(exc)


def back_to_course(course: Course, anchor: str = "") -> Response:
    return redirect(url_for("author.course", slug=course.slug) + (f"#{anchor}" if anchor else ""))


def refused(course: Course, exc: AuthoringError, anchor: str = "") -> Response:
    """A rule refused a form on the course page: say why there, or answer 403/404."""
    if exc.code in ("denied", "not_found"):
        fail(exc)
    flash(exc.message, "error")
    return back_to_course(course, anchor)


def module_choices(outline: Any, root_label: str) -> list[tuple[str, str]]:
    choices = [("", root_label)]
    choices += [(m.key, m.title or m.key) for m in outline.modules if m.key]
    return choices
