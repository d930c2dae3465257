"""Two requests answering at the same moment, each in its own thread, session and transaction,
against a database that really commits (not the rolled-back ``db`` fixture)."""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path
from unittest import mock

import pytest
from sqlalchemy import func, select

from lms.app import create_app
from lms.builtin.survey import responses
from lms.builtin.survey.models import SurveyResponse
from lms.core import transaction
from lms.core.models import Course, User
from lms.core.services import learning
from lms.extensions import db
from lms.plugins.formats.ids import derived_question_id
from lms.testing import factories
from lms.testing.plugin import ScratchDatabase, settings_for

SURVEY = "---\ntitle: Evaluasi\nrequired: true\n---\n## Materi mudah dipahami.\nscale: 1-5\n"
ANSWERS = {derived_question_id("Materi mudah dipahami."): 4}


def race(url: str, tmp: Path) -> tuple[list[str], int]:
    """Both requests check "answered yet?" before either inserts; returns their outcomes."""
    app = create_app(settings_for(tmp, url))
    with app.app_context():
        db.create_all()
        course = factories.make_course(
            files={"01-a.md": "# A\n\nIsi.\n", "02-evaluasi.survey.md": SURVEY}
        )
        user = factories.make_user()
        learning.enroll(user, course)
        transaction.commit()
        user_id, course_id = user.id, course.id
    both_checked = threading.Barrier(2)
    check = responses.response_of
    outcomes: list[str] = []

    def check_then_wait(enrollment, item_key):  # noqa: ANN001, ANN202
        found = check(enrollment, item_key)
        # a broken barrier means the database serialised the requests: fine
        with contextlib.suppress(threading.BrokenBarrierError):
            both_checked.wait(timeout=3)
        return found

    def request() -> None:
        # a POST request, as the survey form sends: on SQLite it takes the write lock at BEGIN
        with app.test_request_context("/survey/kursus-uji/evaluasi", method="POST"):
            try:
                responses.submit_response(
                    db.session.get(User, user_id),
                    db.session.get(Course, course_id),
                    "evaluasi",
                    ANSWERS,
                )
                transaction.commit()
                outcomes.append("ok")
            except learning.LearningError as exc:
                transaction.rollback()
                outcomes.append(exc.code)
            except Exception as exc:  # noqa: BLE001  (reported in the assertion)
                transaction.rollback()
                outcomes.append(type(exc).__name__)
            finally:
                db.session.remove()

    with mock.patch.object(responses, "response_of", check_then_wait):
        threads = [threading.Thread(target=request) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    with app.app_context():
        rows = db.session.scalar(select(func.count()).select_from(SurveyResponse))
        db.session.remove()
        db.engine.dispose()
    return sorted(outcomes), rows


@pytest.fixture(scope="module")
def sqlite_race(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], int]:
    tmp = tmp_path_factory.mktemp("race")
    return race(f"sqlite:///{tmp / 'race.db'}", tmp)


def test_concurrent_answers_on_sqlite_store_one_response(sqlite_race) -> None:  # noqa: ANN001
    outcomes, rows = sqlite_race
    assert rows == 1 and outcomes.count("ok") == 1, outcomes


def test_concurrent_answers_on_sqlite_tell_the_loser_it_already_answered(sqlite_race) -> None:  # noqa: ANN001
    outcomes, _rows = sqlite_race
    assert outcomes == ["conflict", "ok"], outcomes


def test_concurrent_answers_on_postgresql(postgres_base_url: str, tmp_path: Path) -> None:
    scratch = ScratchDatabase(postgres_base_url)
    url = scratch.create()
    try:
        outcomes, rows = race(url, tmp_path)
    finally:
        scratch.drop()
    assert rows == 1
    assert outcomes == ["conflict", "ok"], outcomes
