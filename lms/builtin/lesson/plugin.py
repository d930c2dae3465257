"""Built-in plugin ``lesson``: registered through the ``lms.plugins`` entry point exactly as a
third-party plugin would be."""

from __future__ import annotations

from lms.builtin.lesson.activity import Lesson
from lms.plugins import hookimpl


@hookimpl
def lms_register_activity_types() -> list[Lesson]:
    return [Lesson()]
