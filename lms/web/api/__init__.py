"""The JSON API, ``/api/v1``: bearer tokens, JSON errors, a generated OpenAPI document.

The route table is here, in one place; views live by noun (``courses``, ``people``). Helpers
and the documentation convention for every API endpoint, plugins' included: ``base``.
"""

from __future__ import annotations

from flask import Blueprint

from lms.web.api import courses, openapi, people
from lms.web.api.base import PREFIX

bp = Blueprint("api", __name__, url_prefix=PREFIX)

_ROUTES = [
    ("/openapi.json", openapi.openapi_json, ["GET"]),
    ("/me", people.me, ["GET"]),
    ("/courses", courses.list_courses, ["GET"]),
    ("/courses/<slug>", courses.get_course, ["GET"]),
    ("/courses/<slug>/enrollment", courses.enroll, ["POST"]),
    ("/courses/<slug>/progress", courses.progress, ["GET"]),
    ("/courses/<slug>/items/<path:key>/completion", courses.complete_item, ["POST"]),
    ("/users/<nip>/transcript", people.transcript, ["GET"]),
    ("/users/<nip>/competencies", people.competencies, ["GET"]),
    ("/team", people.team, ["GET"]),
]

for _rule, _view, _methods in _ROUTES:
    bp.add_url_rule(_rule, view_func=_view, methods=_methods)

__all__ = ["bp"]
