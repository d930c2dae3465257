"""Fixtures of the admin tests (handed out as fixtures: ``--import-mode=importlib``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from lms.core.models import Completion, Enrollment, Role


@pytest.fixture
def admin(make_user: Callable[..., Any], login_as: Callable[[Any], Any]) -> Any:
    """A signed-in admin."""
    return login_as(make_user(name="Admin BKPSDM", roles=[Role.ADMIN]))


@pytest.fixture
def assigned(make_enrollment: Callable[..., Enrollment]) -> Callable[..., Enrollment]:
    """``assigned(user, course, due_at=None, completed_at=None, expires_at=None, jp=None)``:
    an assigned enrolment, completed (with its completion row) when ``completed_at`` is given."""
    return make_enrollment


@pytest.fixture
def completed(make_completion: Callable[..., Completion]) -> Callable[..., Completion]:
    """``completed(user, course, at, jp)``: a completion only (JP without an assignment)."""
    return make_completion
