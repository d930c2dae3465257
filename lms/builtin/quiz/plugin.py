"""Built-in plugin ``quiz``: quizzes in Markdown and GIFT, graded on the server."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pluggy
from flask import Blueprint

from lms.builtin.quiz import hookspecs as quiz_hookspecs
from lms.builtin.quiz import models as _models  # noqa: F401  (the plugin's tables)
from lms.builtin.quiz.activity import Quiz
from lms.builtin.quiz.kind_base import QuestionKind
from lms.builtin.quiz.kinds import builtin_kinds
from lms.plugins import hookimpl

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


@hookimpl
def lms_add_hookspecs(pluginmanager: pluggy.PluginManager) -> None:
    """Publish ``lms_quiz_question_kinds`` so that other plugins can add question kinds."""
    pluginmanager.add_hookspecs(quiz_hookspecs)


@hookimpl
def lms_quiz_question_kinds() -> list[QuestionKind]:
    return list(builtin_kinds())


@hookimpl
def lms_item_statistics(course_id: int, item_key: str, item_type: str, newest_revision_id: int | None,
                        first_only: bool) -> Any | None:
    """Item analysis of a quiz (facility, discrimination, flags) for its editor and its page."""
    from lms.builtin.quiz.analysis import analyse

    if item_type != Quiz.name:
        return None
    return analyse(course_id, item_key, first_only=first_only, newest_revision_id=newest_revision_id)


@hookimpl
def lms_register_activity_types() -> list[Quiz]:
    return [Quiz()]


@hookimpl
def lms_register_migrations() -> str:
    return str(MIGRATIONS)


@hookimpl
def lms_register_blueprints() -> list[Blueprint]:
    from lms.builtin.quiz.api import bp as api_bp
    from lms.builtin.quiz.views import bp

    return [bp, api_bp]
