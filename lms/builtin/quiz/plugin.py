"""Built-in plugin ``quiz``: quizzes in Markdown and GIFT, graded on the server."""

from __future__ import annotations

from pathlib import Path

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
