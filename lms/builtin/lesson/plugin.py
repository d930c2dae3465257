"""Built-in plugin ``lesson``: registered through the ``lms.plugins`` entry point exactly as a
third-party plugin would be."""

from __future__ import annotations

from flask import Blueprint

from lms.builtin.lesson.activity import Lesson
from lms.plugins import hookimpl

# No routes: the blueprint carries the plugin's templates (templates/lesson/...), which the
# site's own templates/ folder can override.
bp = Blueprint("lesson", __name__, template_folder="templates")


@hookimpl
def lms_register_activity_types() -> list[Lesson]:
    return [Lesson()]


@hookimpl
def lms_register_blueprints() -> list[Blueprint]:
    return [bp]
