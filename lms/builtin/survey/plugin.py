"""Built-in plugin ``survey``: course evaluations and other feedback forms."""

from __future__ import annotations

from lms.builtin.survey.activity import Survey
from lms.plugins import hookimpl


@hookimpl
def lms_register_activity_types() -> list[Survey]:
    return [Survey()]
