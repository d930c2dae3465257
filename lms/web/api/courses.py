"""Courses and the caller's way through them: catalogue, course, enrolment, progress,
lesson completion."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from lms.core.models import Course, CourseCompetency, ProgressStatus
from lms.core.queries import api as reads
from lms.core.queries import learning as queries
from lms.core.services import learning
from lms.web.access import api, api_user
from lms.web.api.base import ApiResponse, learning_errors, load_args, not_found, respond
from lms.web.api.schemas import (
    CourseDetailSchema,
    CourseListSchema,
    CourseQuerySchema,
    EnrollmentSchema,
    ItemCompletionSchema,
    ProgressSchema,
)

_FIELDS = ("slug", "title", "summary", "jp", "minutes", "category", "enrollment")


def _course_fields(course: Course, competencies: list[CourseCompetency]) -> dict[str, Any]:
    return {**{name: getattr(course, name) for name in _FIELDS}, "competencies": competencies}


def _course(slug: str) -> Course:
    course = queries.published_course(slug)
    if course is None:
        not_found(_("Kursus tidak ditemukan."))
    return course


@api()
def list_courses() -> ApiResponse:
    """Published courses, by title.
    ---
    get:
      summary: The catalogue
      tags: [courses]
      parameters:
        - in: query
          schema: CourseQuerySchema
      responses:
        200:
          description: Published courses
          content:
            application/json:
              schema: CourseListSchema
        422: Invalid
    """
    args = load_args(CourseQuerySchema())
    courses = queries.catalogue(args.get("q", "").strip(), args.get("competency") or None,
                                args.get("category") or None)
    competencies = reads.competencies_of([c.id for c in courses])
    return respond(CourseListSchema(), {"courses": [_course_fields(c, competencies[c.id]) for c in courses]})


@api()
def get_course(slug: str) -> ApiResponse:
    """A published course with its outline.
    ---
    get:
      summary: A course and its outline
      tags: [courses]
      responses:
        200:
          description: The course
          content:
            application/json:
              schema: CourseDetailSchema
        404: NotFound
    """
    course = _course(slug)
    items = queries.published_items(course)
    data = {**_course_fields(course, course.competencies), "description_html": course.description_html,
            "prerequisites": course.prerequisites, "outline": reads.outline(course, items)}
    return respond(CourseDetailSchema(), data)


@api()
def enroll(slug: str) -> ApiResponse:
    """Enrol the caller. Idempotent: an existing enrolment is returned with 200.
    ---
    post:
      summary: Enrol in a course
      tags: [learning]
      responses:
        200:
          description: Already enrolled (nothing changed)
          content:
            application/json:
              schema: EnrollmentSchema
        201:
          description: Enrolled
          content:
            application/json:
              schema: EnrollmentSchema
        403:
          description: A plugin's enrolment rule refused (code `denied`)
          content:
            application/json:
              schema: ErrorSchema
        404: NotFound
        409:
          description: The course takes assigned learners only (code `assigned_only`)
          content:
            application/json:
              schema: ErrorSchema
        422:
          description: Prerequisites are not completed (code `prerequisites`)
          content:
            application/json:
              schema: ErrorSchema
    """
    me = api_user()
    course = _course(slug)
    existed = queries.enrollment_of(me, course) is not None
    with learning_errors():
        enrollment = learning.enroll(me, course)
    return respond(EnrollmentSchema(), enrollment, 200 if existed else 201)


@api()
def progress(slug: str) -> ApiResponse:
    """The caller's progress in a course (``enrolled: false`` and ``not_started`` when not
    enrolled).
    ---
    get:
      summary: Progress in a course
      tags: [learning]
      responses:
        200:
          description: Progress of the current cycle
          content:
            application/json:
              schema: ProgressSchema
        404: NotFound
    """
    me = api_user()
    course = _course(slug)
    enrollment = queries.enrollment_of(me, course)
    items = queries.published_items(course)
    state, rows = queries.course_page_state(me, course, enrollment, items)
    entries = []
    for item in items:
        row = rows.get(item.key)
        status = "not_started" if row is None else ("done" if row.status == ProgressStatus.DONE else "in_progress")
        entries.append({"key": item.key, "type": item.type, "status": status,
                        "score": row.score if row else None, "completed_at": row.completed_at if row else None})
    completion = state.completion if state.status in ("completed", "expired") else None
    return respond(ProgressSchema(), {
        "course": course.slug, "enrolled": enrollment is not None, "status": state.status,
        "percent": state.percent, "done": state.done, "total": state.total, "next_key": state.next_key,
        "completed_at": completion.completed_at if completion else None,
        "expires_at": completion.expires_at if completion else None, "items": entries})


@api()
def complete_item(slug: str, key: str) -> ApiResponse:
    """Mark a lesson done. Idempotent: a repeat changes nothing and answers the same.
    ---
    post:
      summary: Mark a lesson done
      tags: [learning]
      responses:
        200:
          description: The lesson is done
          content:
            application/json:
              schema: ItemCompletionSchema
        403:
          description: The caller is not enrolled in the course (code `denied`)
          content:
            application/json:
              schema: ErrorSchema
        404: NotFound
        409:
          description: Quizzes and surveys complete by passing or submitting them (code `conflict`)
          content:
            application/json:
              schema: ErrorSchema
    """
    me = api_user()
    course = _course(slug)
    with learning_errors():
        row = learning.mark_done(me, course, key)
    enrollment = queries.enrollment_of(me, course)
    state, _rows = queries.course_page_state(me, course, enrollment, queries.published_items(course))
    return respond(ItemCompletionSchema(), {"key": row.item_key, "status": "done", "completed_at": row.completed_at,
                                            "course_status": state.status, "percent": state.percent})
