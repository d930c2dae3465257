"""Built-in plugin ``scorm``: SCORM 1.2 packages as course items (issue 19)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Blueprint

from lms.builtin.scorm import models, runtime_data  # noqa: F401  (models registers scorm_attempt on db.metadata)
from lms.builtin.scorm.activity import Scorm
from lms.builtin.scorm.views import bp
from lms.plugins import SlotContent, hookimpl, render_fragment

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


@hookimpl
def lms_register_activity_types() -> list[Scorm]:
    return [Scorm()]


@hookimpl
def lms_register_blueprints() -> list[Blueprint]:
    return [bp]


@hookimpl
def lms_register_migrations() -> str:
    return str(MIGRATIONS)


@hookimpl
def lms_template_slot(name: str, context: dict[str, Any]) -> list[SlotContent] | None:
    """The packages' results on the author's course results page, like a quiz's."""
    if name != "author_results":
        return None
    results = runtime_data.course_results(context["course"])
    if not results:
        return None
    return [SlotContent(weight=40, html=render_fragment("scorm/_results.html", results=results,
                                                        percent=runtime_data.percent))]
