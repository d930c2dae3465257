"""Built-in plugin ``quiz``: quizzes in Markdown and GIFT, graded on the server."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint

from lms.builtin.quiz import models as _models  # noqa: F401  (the plugin's tables)
from lms.builtin.quiz.activity import Quiz
from lms.plugins import hookimpl

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


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
