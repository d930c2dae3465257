"""Fixtures of the API tests: courses built from rows (``lms.testing.courses``), bearer tokens,
a query counter.

Handed out as fixtures (``--import-mode=importlib``: a test file cannot import this file).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event

from lms.core.models import Course
from lms.testing.courses import build_course


@pytest.fixture
def make_course(db: Any) -> Callable[..., Course]:
    """Courses from rows (the plugin's ``build_course``): the API reads need many, quickly."""
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
def complete(finish_course: Callable[..., Any]) -> Callable[[Any, Course], None]:
    """``complete(user, course)``: enrol and finish every item, activities graded (score 80)."""

    def run(user: Any, course: Course) -> None:
        finish_course(user, course, graded=True)

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
