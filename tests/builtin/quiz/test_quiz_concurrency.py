"""Concurrent starts and submissions against a real, committed database (threads, each with its
own connection, as server workers would be): SQLite, and PostgreSQL when
``LMS_TEST_DATABASE_URL`` is set.

On SQLite the database serialises writers (a loser is told "database is locked" and retries,
as a client would); on PostgreSQL every thread inserts at once and the partial unique index
and the conditional UPDATE decide.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from lms.app import create_app
from lms.builtin.quiz import attempts as service
from lms.builtin.quiz.models import Attempt
from lms.core import transaction
from lms.core.importer.service import import_paths
from lms.core.models import Course, User
from lms.core.services import learning
from lms.extensions import db
from lms.testing import factories
from lms.testing.plugin import ScratchDatabase, settings_for

THREADS = 6


@pytest.fixture(params=["sqlite", "postgresql"])
def committed(request: pytest.FixtureRequest, tmp_path: Path,
              write_quiz_course: Callable[..., Path]) -> Iterator[tuple[Any, int, int]]:
    """(app, user id, course id) on a fresh database, everything committed."""
    yield from _committed(request, tmp_path, write_quiz_course, {"max_attempts": 2})


@pytest.fixture(params=["sqlite", "postgresql"])
def committed_unlimited(request: pytest.FixtureRequest, tmp_path: Path,
                        write_quiz_course: Callable[..., Path]) -> Iterator[tuple[Any, int, int]]:
    """As ``committed``, with a quiz that may be taken any number of times."""
    yield from _committed(request, tmp_path, write_quiz_course, {"max_attempts": 0})


def _committed(request: pytest.FixtureRequest, tmp_path: Path, write_quiz_course: Callable[..., Path],
               settings: dict[str, Any]) -> Iterator[tuple[Any, int, int]]:
    scratch = None
    url = f"sqlite:///{tmp_path / 'race.db'}"
    if request.param == "postgresql":
        scratch = ScratchDatabase(request.getfixturevalue("postgres_base_url"), "lms_quiz_race")
        url = scratch.create()
    app = create_app(settings_for(tmp_path / "instance", url))
    folder = write_quiz_course(settings)
    with app.app_context():
        db.create_all()
        import_paths([folder])
        user = factories.make_user()
        course = db.session.scalar(select(Course).where(Course.slug == folder.name))
        learning.enroll(user, course)
        transaction.commit()
        ids = (user.id, course.id)
    yield app, *ids
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    if scratch is not None:
        scratch.drop()


def run_threads(app: Any, work: Callable[[], Any]) -> list[Any]:
    """Run ``work`` in THREADS threads released together; each commits its own unit of work
    and retries (as a client would) when SQLite reports the database busy."""
    barrier = threading.Barrier(THREADS)
    outcomes: list[Any] = []

    def target() -> None:
        with app.app_context():
            barrier.wait()
            for _try in range(50):
                try:
                    result = work()
                    transaction.commit()
                    outcomes.append(result)
                    return
                except OperationalError:  # "database is locked": the request is retried
                    transaction.rollback()
                    time.sleep(0.02)
                except learning.LearningError as exc:
                    transaction.rollback()
                    outcomes.append(exc)
                    return
                finally:
                    db.session.remove()
            outcomes.append(RuntimeError("gave up"))

    threads = [threading.Thread(target=target) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_concurrent_starts_create_one_attempt(committed, monkeypatch) -> None:
    app, user_id, course_id = committed
    real = service.open_attempt

    def slow_read(*args: Any) -> Any:
        found = real(*args)
        time.sleep(0.05)  # every thread has read "no open attempt" before anyone writes
        return found

    monkeypatch.setattr(service, "open_attempt", slow_read)

    def start() -> int:
        user, course = db.session.get(User, user_id), db.session.get(Course, course_id)
        return service.start_attempt(user, course, "kuis").id

    outcomes = run_threads(app, start)
    assert len(outcomes) == THREADS and all(isinstance(o, int) for o in outcomes), outcomes
    assert len(set(outcomes)) == 1
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Attempt)) == 1


def test_concurrent_submissions_grade_once(committed, monkeypatch) -> None:
    app, user_id, course_id = committed
    with app.app_context():
        user, course = db.session.get(User, user_id), db.session.get(Course, course_id)
        attempt_id = service.start_attempt(user, course, "kuis").id
        transaction.commit()
    events: list[str] = []
    real_emit = service.emit  # the quiz emits through lms.plugins.emit, bound in its module

    def submit() -> str:
        user = db.session.get(User, user_id)
        attempt = db.session.get(Attempt, attempt_id)
        time.sleep(0.02)
        service.submit(attempt, user, {"jp-minimal": "20"})
        return "submitted"

    def counting_emit(event: str, **kwargs: Any) -> None:
        events.append(event)
        real_emit(event, **kwargs)

    monkeypatch.setattr(service, "emit", counting_emit)
    outcomes = run_threads(app, submit)
    assert outcomes.count("submitted") == 1, outcomes
    conflicts = [o for o in outcomes if isinstance(o, learning.LearningError)]
    assert len(conflicts) == THREADS - 1 and {c.code for c in conflicts} == {"conflict"}
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        assert attempt.score == 20.0 and attempt.answers == {"jp-minimal": "20"}
    assert events.count("attempt_submitted") == 1 and events.count("quiz_graded") == 1


ROUNDS = 15


def test_an_autosave_racing_the_submission_never_changes_the_submitted_answers(committed_unlimited,
                                                                               monkeypatch) -> None:
    """The autosave has read the attempt as open; the submission commits before the autosave
    writes. The autosave must then change nothing (on PostgreSQL it waits for the row lock and
    finds the attempt submitted), in every round."""
    app, user_id, course_id = committed_unlimited
    real_clean = service.clean_answers

    def slow_clean(*args: Any) -> Any:
        cleaned = real_clean(*args)
        if threading.current_thread().name == "autosave":
            time.sleep(0.05)  # the submission commits while the autosave holds its merge
        return cleaned

    monkeypatch.setattr(service, "clean_answers", slow_clean)
    changed = []
    for round_ in range(ROUNDS):
        with app.app_context():
            user, course = db.session.get(User, user_id), db.session.get(Course, course_id)
            attempt_id = service.start_attempt(user, course, "kuis").id
            transaction.commit()
        outcomes = _autosave_against_submission(app, user_id, attempt_id)
        with app.app_context():
            attempt = db.session.get(Attempt, attempt_id)
            if attempt.answers != {"jp-minimal": "20"} or attempt.score != 20.0:
                changed.append((round_, attempt.answers, attempt.score, outcomes))
    assert changed == [], f"answers changed after submission in {len(changed)} of {ROUNDS} rounds: {changed}"


def _autosave_against_submission(app: Any, user_id: int, attempt_id: int) -> dict[str, Any]:
    """One round: an autosave of "99" and a submission of "20", released together."""
    barrier = threading.Barrier(2)
    outcomes: dict[str, Any] = {}

    def work(name: str, answer: str, delay: float) -> None:
        with app.app_context():
            barrier.wait()
            for _try in range(100):
                try:
                    user, attempt = db.session.get(User, user_id), db.session.get(Attempt, attempt_id)
                    time.sleep(delay)
                    if name == "autosave":
                        outcomes[name] = service.save_answers(attempt, user, {"jp-minimal": answer})
                    else:
                        outcomes[name] = service.submit(attempt, user, {"jp-minimal": answer}).answers
                    transaction.commit()
                    return
                except OperationalError:  # SQLite: "database is locked", retried as a client would
                    transaction.rollback()
                    time.sleep(0.01)
                except learning.LearningError as exc:
                    transaction.rollback()
                    outcomes[name] = exc
                    return
                finally:
                    db.session.remove()

    threads = [threading.Thread(target=work, name="autosave", args=("autosave", "99", 0.0)),
               threading.Thread(target=work, name="submit", args=("submit", "20", 0.02))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes
