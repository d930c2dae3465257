"""Fixtures of the admin tests (handed out as fixtures: ``--import-mode=importlib``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest

from lms.core.models import Completion, Enrollment, EnrollmentSource, Role


@pytest.fixture
def admin(make_user: Callable[..., Any], login_as: Callable[[Any], Any]) -> Any:
    """A signed-in admin."""
    return login_as(make_user(name="Admin BKPSDM", roles=[Role.ADMIN]))


@pytest.fixture
def assigned(db: Any) -> Callable[..., Enrollment]:
    """``assigned(user, course, due_at=None, completed_at=None, expires_at=None, jp=None)``:
    an assigned enrolment, completed (with its completion row) when ``completed_at`` is given."""

    def make(user: Any, course: Any, *, due_at: datetime | None = None, completed_at: datetime | None = None,
             expires_at: datetime | None = None, jp: float | None = None,
             source: EnrollmentSource = EnrollmentSource.ASSIGNED) -> Enrollment:
        enrollment = Enrollment(user_id=user.id, course_id=course.id, source=source, due_at=due_at,
                                completed_at=completed_at, cycle=1)
        db.session.add(enrollment)
        if completed_at is not None:
            db.session.add(Completion(user_id=user.id, course_id=course.id, cycle=1, completed_at=completed_at,
                                      jp=course.jp if jp is None else jp, expires_at=expires_at))
        db.session.flush()
        return enrollment

    return make


@pytest.fixture
def completed(db: Any) -> Callable[..., Completion]:
    """``completed(user, course, at, jp)``: a completion only (JP without an assignment)."""

    def make(user: Any, course: Any, at: datetime, jp: float) -> Completion:
        row = Completion(user_id=user.id, course_id=course.id, cycle=1, completed_at=at, jp=jp)
        db.session.add(row)
        db.session.flush()
        return row

    return make
