"""Fixtures of the API tests: courses built from rows, bearer tokens, a query counter.

Handed out as fixtures (``--import-mode=importlib``: a test file cannot import this file).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event

from lms.core.models import (
    Competency,
    CompetencyGroup,
    Course,
    CourseCompetency,
    CourseItem,
    CourseModule,
    CourseRevision,
    CourseStatus,
    EnrollmentPolicy,
)

_seq = iter(range(1, 10**6))


def build_course(slug: str | None = None, *, items: Sequence[tuple[str, str]] = (("intro", "lesson"),),
                 published: bool = True, enrollment: str = "open", prerequisites: Sequence[str] = (),
                 competencies: Sequence[tuple[str, int]] = (), jp: float = 2.0,
                 valid_months: int | None = None, title: str | None = None,
                 category: str | None = None, modules: Sequence[tuple[str, str]] = (("", ""),)) -> Course:
    """A course with one revision; ``items`` are (key, type), placed in the first module
    unless the key starts with ``<module key>/``."""
    from lms.extensions import db

    n = next(_seq)
    slug = slug or f"kursus-uji-{n}"
    for code, _level in competencies:
        if db.session.get(Competency, code) is None:
            db.session.add(Competency(code=code, name=f"Kompetensi {code}", group=CompetencyGroup.TEKNIS))
    course = Course(slug=slug, title=title or f"Kursus Uji {n}", summary="Ringkasan.", jp=jp,
                    category=category, enrollment=EnrollmentPolicy(enrollment),
                    prerequisites=list(prerequisites), valid_months=valid_months,
                    status=CourseStatus.PUBLISHED if published else CourseStatus.DRAFT)
    db.session.add(course)
    db.session.flush()
    for code, level in competencies:
        db.session.add(CourseCompetency(course_id=course.id, code=code, level=level))
    revision = CourseRevision(course_id=course.id, number=1, content_hash="0" * 64)
    db.session.add(revision)
    db.session.flush()
    module_keys = [key for key, _title in modules]
    for position, (key, module_title) in enumerate(modules):
        db.session.add(CourseModule(revision_id=revision.id, key=key, title=module_title, position=position))
    for position, (key, kind) in enumerate(items):
        module = next((m for m in module_keys if m and key.startswith(m + "/")), module_keys[0])
        db.session.add(CourseItem(revision_id=revision.id, module_key=module, key=key, type=kind,
                                  title=f"Materi {key}", position=position, minutes=5,
                                  source_path=f"{key}.md"))
    if published:
        course.published_revision_id = revision.id
    else:
        course.draft_revision_id = revision.id
    course.item_count = len(items)
    db.session.flush()
    db.session.expire(course, ["competencies"])
    return course


@pytest.fixture
def make_course(db: Any) -> Callable[..., Course]:
    return build_course


@pytest.fixture
def token_for(db: Any) -> Callable[[Any], str]:
    """``token_for(user)``: a new clear bearer token of ``user``."""
    from lms.core.services.tokens import create_token

    def make(user: Any) -> str:
        return create_token(user, "uji")[1]

    return make


@pytest.fixture
def auth(token_for: Callable[[Any], str]) -> Callable[[Any], dict[str, str]]:
    """``auth(user)``: headers with a fresh bearer token of ``user``."""

    def make(user: Any) -> dict[str, str]:
        return {"Authorization": f"Bearer {token_for(user)}"}

    return make


@pytest.fixture
def complete(db: Any) -> Callable[[Any, Course], None]:
    """``complete(user, course)``: enrol and finish every lesson (the services' way)."""
    from lms.core.services import learning

    def run(user: Any, course: Course) -> None:
        learning.enroll(user, course)
        for item in learning.published_items(course):
            learning.mark_done(user, course, item.key, by_activity=item.type != "lesson",
                               score=80.0 if item.type != "lesson" else None)
        db.session.flush()

    return run


@pytest.fixture
def count_queries(db: Any) -> Callable[[], Any]:
    """``with count_queries() as queries: ...``; ``len(queries)`` statements were sent."""
    engine = db.engine

    @contextmanager
    def counting() -> Iterator[list[str]]:
        statements: list[str] = []

        def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
            if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN")):
                statements.append(statement)

        event.listen(engine, "before_cursor_execute", record)
        try:
            yield statements
        finally:
            event.remove(engine, "before_cursor_execute", record)

    return counting


def assert_error(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, (response.status_code, response.get_data(as_text=True))
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"error"}, body
    assert isinstance(body["error"]["code"], str) and body["error"]["code"]
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    if code is not None:
        assert body["error"]["code"] == code, body
    return body["error"]


@pytest.fixture
def error_of() -> Callable[..., dict[str, Any]]:
    """``error_of(response, status, code=None)``: assert the API's error shape."""
    return assert_error
