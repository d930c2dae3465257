"""The quiz's JSON API endpoints, on the plugin's own blueprint under ``/api/v1``.

Documented in the OpenAPI document by their docstrings (the JSON API helpers of ``lms.plugins``).
The rules are the attempt service's; these views only translate its refusals
(``LearningError`` codes) into statuses: ``not_found`` 404, ``denied`` 403, ``conflict`` 409,
``invalid`` 422.
"""

from __future__ import annotations

from flask import Blueprint
from flask_babel import gettext as _

from lms.builtin.quiz import attempts as service
from lms.builtin.quiz.api_schemas import QuizAttemptSchema, QuizResultSchema, QuizSubmissionSchema
from lms.plugins import (
    API_PREFIX,
    ApiResponse,
    api_access,
    api_user,
    learning_errors,
    load_json,
    not_found,
    published_course,
    respond,
)

bp = Blueprint("quiz_api", __name__, url_prefix=API_PREFIX)


@bp.post("/courses/<slug>/items/<path:key>/attempts")
@api_access()
def start_attempt(slug: str, key: str) -> ApiResponse:
    """Start a quiz attempt, or resume the caller's open one. Never contains the answers.
    ---
    post:
      summary: Start (or resume) a quiz attempt
      tags: [quiz]
      responses:
        200:
          description: The caller's open attempt, resumed (nothing changed)
          content:
            application/json:
              schema: QuizAttemptSchema
        201:
          description: A new attempt with its drawn questions
          content:
            application/json:
              schema: QuizAttemptSchema
        403:
          description: The caller is not enrolled in the course (code `denied`)
          content:
            application/json:
              schema: ErrorSchema
        404: NotFound
        409:
          description: No attempts left (`max_attempts`), code `conflict`
          content:
            application/json:
              schema: ErrorSchema
    """
    course = published_course(slug)
    if course is None:
        not_found(_("Kursus tidak ditemukan."))
    with learning_errors():
        attempt, created = service.start_or_resume(api_user(), course, key)
    return respond(QuizAttemptSchema(), service.public_attempt(attempt), 201 if created else 200)


@bp.post("/attempts/<int:attempt_id>/submission")
@api_access()
def submit_attempt(attempt_id: int) -> ApiResponse:
    """Submit an attempt once and get its grade. ``answers`` are merged over the ones saved;
    after the deadline (plus a 30 s grace) they are ignored and the attempt is graded as it
    stood (``late: true``).
    ---
    post:
      summary: Submit a quiz attempt
      tags: [quiz]
      requestBody:
        required: false
        content:
          application/json:
            schema: QuizSubmissionSchema
      responses:
        200:
          description: The grade; per-question results as the quiz's `show_feedback` allows
          content:
            application/json:
              schema: QuizResultSchema
        403:
          description: The attempt is someone else's (code `denied`)
          content:
            application/json:
              schema: ErrorSchema
        404: NotFound
        409:
          description: Already submitted; nothing changed (code `conflict`)
          content:
            application/json:
              schema: ErrorSchema
        422: Invalid
    """
    me = api_user()
    with learning_errors():
        attempt = service.get_attempt(attempt_id, me)
    body = load_json(QuizSubmissionSchema(), empty_ok=True)
    with learning_errors():
        service.submit(attempt, me, body.get("answers"))
        results = service.results_for(attempt)
    return respond(QuizResultSchema(), results)
