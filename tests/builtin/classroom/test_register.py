"""The trainer's attendance register: one tap per person from 15 minutes before the start,
closing writes no-shows and completes the item (and so the course) for who attended."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from lms.builtin.classroom import register, signups
from lms.builtin.classroom.models import ATTENDED, NO_SHOW
from lms.builtin.classroom.times import moment
from lms.core.models import AuditLog, CourseAuthor, ItemProgress, ProgressStatus, Role
from lms.core.services import learning
from lms.extensions import db
from lms.testing.helpers import csrf_from

KEY = "lokakarya"


@pytest.fixture
def booked(session_course, make_user):  # noqa: ANN001, ANN201
    course = session_course(seats=5)
    trainer = make_user(name="Widyaiswara", roles=[Role.TRAINER])
    db.session.add(CourseAuthor(course_id=course.id, user_id=trainer.id))
    people = [make_user(name=n) for n in ("Ani", "Budi")]
    for person in people:
        learning.enroll(person, course)
        signups.sign_up(person, course, KEY, "angkatan-1")
    item = signups.session_item(course, KEY)
    start = moment(item.content["runs"][0]["days"][0]["start"])
    return course, trainer, people, start


def progress(user, course):  # noqa: ANN001, ANN201
    return db.session.scalar(select(ItemProgress).where(ItemProgress.user_id == user.id,
                                                        ItemProgress.item_key == KEY))


def test_marks_then_close_complete_who_attended(booked):
    course, trainer, (ani, budi), start = booked
    during = start + timedelta(minutes=5)
    register.mark(trainer, course, KEY, "angkatan-1", ani.id, ATTENDED, now=during)
    assert register.close(trainer, course, KEY, "angkatan-1", now=during + timedelta(hours=8)) == 1
    assert signups.signup_of(ani, course, KEY).state == ATTENDED
    assert signups.signup_of(budi, course, KEY).state == NO_SHOW  # unmarked at close
    assert progress(ani, course).status == ProgressStatus.DONE
    assert progress(budi, course) is None or progress(budi, course).status != ProgressStatus.DONE
    assert db.session.scalar(select(AuditLog).where(AuditLog.action == "classroom.register_closed")) is not None
    with pytest.raises(learning.LearningError) as closed:
        register.mark(trainer, course, KEY, "angkatan-1", budi.id, ATTENDED, now=during)
    assert closed.value.code == "conflict"


def test_register_opens_15_minutes_before_and_only_for_the_course_trainer(booked, make_user):
    course, trainer, (ani, _budi), start = booked
    with pytest.raises(learning.LearningError) as early:
        register.mark(trainer, course, KEY, "angkatan-1", ani.id, ATTENDED, now=start - timedelta(minutes=16))
    assert early.value.code == "conflict"
    register.mark(trainer, course, KEY, "angkatan-1", ani.id, ATTENDED, now=start - timedelta(minutes=14))
    other = make_user(roles=[Role.TRAINER])
    with pytest.raises(learning.LearningError) as denied:
        register.mark(other, course, KEY, "angkatan-1", ani.id, ATTENDED, now=start)
    assert denied.value.code == "denied"
    with pytest.raises(learning.LearningError) as bad:
        register.mark(trainer, course, KEY, "angkatan-1", ani.id, "hadir-dong", now=start)
    assert bad.value.code == "invalid"


def test_register_page_access_and_one_tap(client, booked, make_user, login_as):
    course, trainer, (ani, _budi), _start = booked
    url = f"/classroom/kursus-sesi/{KEY}/runs/angkatan-1/register"
    login_as(make_user())
    assert client.get(url).status_code == 403
    login_as(make_user(roles=[Role.TRAINER]))  # a trainer, not of this course
    assert client.get(url).status_code == 403
    login_as(trainer)
    page = client.get(url)
    assert page.status_code == 200
    assert "Ani" in page.text and "Budi" in page.text
    assert "dibuka 15 menit sebelum" in page.text  # the session is ten days away: no buttons yet
    assert client.get(url.replace("angkatan-1", "angkatan-9")).status_code == 404
    refused = client.post(f"{url}/{ani.id}", data={"csrf_token": csrf_from(page.text), "state": ATTENDED},
                          follow_redirects=True)
    assert refused.status_code == 200 and signups.signup_of(ani, course, KEY).state == "booked"
    results = client.get("/author/kursus-sesi/results")
    assert url in results.text  # the trainer finds the register on the course's results page


def test_partial_attendance_below_the_minimum_keeps_its_pro_rata_jp(booked):
    course, trainer, (ani, budi), start = booked
    during = start + timedelta(minutes=5)
    register.mark(trainer, course, KEY, "angkatan-1", ani.id, "partially_attended", minutes=90, now=during)
    register.mark(trainer, course, KEY, "angkatan-1", budi.id, ATTENDED, now=during)
    with pytest.raises(learning.LearningError) as too_many:
        register.mark(trainer, course, KEY, "angkatan-1", budi.id, "partially_attended", minutes=480, now=during)
    assert too_many.value.code == "invalid"
    assert register.close(trainer, course, KEY, "angkatan-1", now=during + timedelta(hours=8)) == 1
    assert progress(ani, course) is None or progress(ani, course).status != ProgressStatus.DONE
    assert signups.signup_of(ani, course, KEY).jp == 2.0  # 90 minutes / 45
    assert signups.signup_of(budi, course, KEY).jp is None  # who completed gets the course's JP
    assert [(s.id, c) for s, _lock, c in register.partial_credits(None)] == [
        (signups.signup_of(ani, course, KEY).id, "Kursus Uji")]


def test_partial_attendance_at_the_minimum_completes(session_course, make_user):
    from tests.builtin.classroom.conftest import FILES, session_file

    text = session_file(seats=5).replace("approval: none", "approval: none\nmin_attendance: 50")
    from lms.testing.factories import make_course

    course = make_course(slug="kursus-sesi-50", files={**FILES, "02-lokakarya.session.md": text})
    trainer = make_user(roles=[Role.ADMIN])
    ani = make_user()
    learning.enroll(ani, course)
    signups.sign_up(ani, course, KEY, "angkatan-1")
    start = moment(signups.session_item(course, KEY).content["runs"][0]["days"][0]["start"])
    register.mark(trainer, course, KEY, "angkatan-1", ani.id, "partially_attended", minutes=240, now=start)
    assert register.close(trainer, course, KEY, "angkatan-1", now=start + timedelta(hours=8)) == 1
    assert progress(ani, course).status == ProgressStatus.DONE
    assert signups.signup_of(ani, course, KEY).jp is None
