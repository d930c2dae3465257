"""Fixtures of the competency tests (handed out as fixtures: ``--import-mode=importlib``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from lms.core import transaction
from lms.core.models import Competency


@pytest.fixture
def technical(make_competency: Callable[..., Competency]) -> Callable[..., Competency]:
    """``technical(code, name=None)``: a teknis competency (created once)."""
    return make_competency


@pytest.fixture
def mapped_course(make_course: Callable[..., Any]) -> Callable[..., Any]:
    """``mapped_course(slug, {"integritas": 2}, **kw)``: a course imported through the real
    importer, with ``competencies:`` in its front matter."""

    def make(slug: str, mapping: dict[str, int], **kwargs: Any) -> Any:
        return make_course(slug, competencies=mapping, **kwargs)

    return make


@pytest.fixture
def finish(finish_course: Callable[..., Any]) -> Callable[[Any, Any], None]:
    """``finish(user, course)``: enrol, mark every lesson done, then commit, which dispatches
    ``course_completed`` to the plugins (in the test's transaction: a savepoint)."""

    def run(user: Any, course: Any) -> None:
        finish_course(user, course)
        transaction.commit()

    return run
