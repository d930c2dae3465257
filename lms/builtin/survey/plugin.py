"""Built-in plugin ``survey``: course evaluations and other feedback forms."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint

from lms.builtin.survey import models  # noqa: F401  (registers survey_response on db.metadata)
from lms.builtin.survey.activity import Survey
from lms.builtin.survey.views import bp
from lms.plugins import hookimpl

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


@hookimpl
def lms_register_activity_types() -> list[Survey]:
    return [Survey()]


@hookimpl
def lms_register_blueprints() -> list[Blueprint]:
    return [bp]


@hookimpl
def lms_register_migrations() -> str:
    return str(MIGRATIONS)
