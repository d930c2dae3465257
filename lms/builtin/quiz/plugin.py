"""Built-in plugin ``quiz``: quizzes in Markdown and GIFT, graded on the server."""

from __future__ import annotations

from lms.builtin.quiz.activity import Quiz
from lms.plugins import hookimpl


@hookimpl
def lms_register_activity_types() -> list[Quiz]:
    return [Quiz()]
