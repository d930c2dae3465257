"""Built-in plugin ``survey``: course evaluations and other feedback forms."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Blueprint

from lms.builtin.survey import models, responses  # noqa: F401  (models registers survey_response on db.metadata)
from lms.builtin.survey.activity import Survey
from lms.builtin.survey.views import bp
from lms.plugins import SlotContent, hookimpl, render_fragment

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


@hookimpl
def lms_template_slot(name: str, context: dict[str, Any]) -> list[SlotContent] | None:
    """The surveys' results on the author's course results page."""
    if name != "author_results":
        return None
    surveys = responses.course_results(context["course"])
    if not surveys:
        return None
    return [SlotContent(weight=50, html=render_fragment("survey/_results.html", surveys=surveys))]
