"""Two people, one seat, at the same moment: each request in its own thread, session and
transaction against a database that really commits. One is booked, the other waitlisted;
without the run's lock both would count zero seats taken and both be booked."""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path
from unittest import mock

from sqlalchemy import select

from lms.app import create_app
from lms.builtin.classroom import signups
from lms.builtin.classroom.models import RunLock, Signup
from lms.core import transaction
from lms.core.models import Course, User
from lms.core.services import learning
from lms.extensions import db
from lms.testing import factories
from lms.testing.plugin import ScratchDatabase, settings_for

from .conftest import FILES, session_file


def race(url: str, tmp: Path) -> tuple[list[str], list[str]]:
    app = create_app(settings_for(tmp, url))
    with app.app_context():
        db.create_all()
        course = factories.make_course(slug="kursus-sesi", files={**FILES, "02-lokakarya.session.md": session_file(seats=1)})
        people = [factories.make_user(), factories.make_user()]
        for person in people:
            learning.enroll(person, course)
        # the run's lock row exists already (an earlier sign-up made it): only the row lock,
        # not the unique insert of a first sign-up, can then keep the two apart
        db.session.add(RunLock(course_id=course.id, item_key="lokakarya", run_id="angkatan-1"))
        transaction.commit()
        user_ids, course_id = [p.id for p in people], course.id
    both_counted = threading.Barrier(2)
    count = signups.seats_taken
    outcomes: list[str] = []

    def count_then_wait(*args):  # noqa: ANN002, ANN202
        taken = count(*args)
        # a broken barrier means the lock serialised the requests: what we want
        with contextlib.suppress(threading.BrokenBarrierError):
            both_counted.wait(timeout=3)
        return taken

    def request(user_id: int) -> None:
        with app.test_request_context("/classroom/kursus-sesi/lokakarya/runs/angkatan-1/signup", method="POST"):
            try:
                signup = signups.sign_up(db.session.get(User, user_id), db.session.get(Course, course_id),
                                         "lokakarya", "angkatan-1")
                state = signup.state
                transaction.commit()
                outcomes.append(state)
            except Exception as exc:  # noqa: BLE001  (reported in the assertion)
                transaction.rollback()
                outcomes.append(type(exc).__name__)
            finally:
                db.session.remove()

    with mock.patch.object(signups, "seats_taken", count_then_wait):
        threads = [threading.Thread(target=request, args=(uid,)) for uid in user_ids]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    with app.app_context():
        stored = sorted(db.session.scalars(select(Signup.state)).all())
        db.session.remove()
        db.engine.dispose()
    return sorted(outcomes), stored


def test_one_seat_two_people_on_sqlite(tmp_path: Path) -> None:
    outcomes, stored = race(f"sqlite:///{tmp_path / 'race.db'}", tmp_path)
    assert outcomes == ["booked", "waitlisted"], outcomes
    assert stored == ["booked", "waitlisted"]


def test_one_seat_two_people_on_postgresql(postgres_base_url: str, tmp_path: Path) -> None:
    scratch = ScratchDatabase(postgres_base_url)
    url = scratch.create()
    try:
        outcomes, stored = race(url, tmp_path)
    finally:
        scratch.drop()
    assert outcomes == ["booked", "waitlisted"], outcomes
    assert stored == ["booked", "waitlisted"]

