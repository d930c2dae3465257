"""The quiz's facts for the world outside (xAPI ``attempted``, ``passed``/``failed``; webhooks
``quiz.attempted``, ``quiz.graded``), published in the transaction that starts or grades an
attempt, through the public plugin API."""

from __future__ import annotations

from lms.builtin.quiz.models import Attempt
from lms.plugins import Course, User, course_ref, db, person, publish_event


def _common(attempt: Attempt) -> dict:
    course = db.session.get(Course, attempt.course_id)
    user = db.session.get(User, attempt.user_id)
    title = (attempt.settings or {}).get("title") or attempt.item_key
    return {"attempt_id": attempt.id, "number": attempt.number, "user": person(user), "course": course_ref(course),
            "item": {"key": attempt.item_key, "title": title}}


def attempted(attempt: Attempt) -> None:
    publish_event("quiz.attempted", key=f"quiz.attempted:attempt:{attempt.id}", data=_common(attempt),
                  user_id=attempt.user_id, occurred_at=attempt.started_at)


def graded(attempt: Attempt) -> None:
    data = {**_common(attempt), "score": attempt.score, "passed": bool(attempt.passed), "late": bool(attempt.late)}
    publish_event("quiz.graded", key=f"quiz.graded:attempt:{attempt.id}", data=data, user_id=attempt.user_id,
                  occurred_at=attempt.submitted_at)
