"""Sign-up rules: booked while seats last, then waitlisted; a cancellation promotes the first
in line and tells them; every change is kept with who and when."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from lms.builtin.classroom import signups
from lms.builtin.classroom.models import BOOKED, CANCELLED, REQUESTED, WAITLISTED
from lms.core.models import Notification
from lms.core.services import learning
from lms.extensions import db

KEY = "lokakarya"


def enrolled(make_user, course, n=1):  # noqa: ANN001, ANN201
    users = [make_user() for _ in range(n)]
    for user in users:
        learning.enroll(user, course)
    return users


def test_second_person_for_one_seat_is_waitlisted_and_promoted_on_cancel(session_course, make_user):
    course = session_course(seats=1)
    ani, budi, citra = enrolled(make_user, course, 3)
    assert signups.sign_up(ani, course, KEY, "angkatan-1").state == BOOKED
    assert signups.sign_up(budi, course, KEY, "angkatan-1").state == WAITLISTED
    assert signups.sign_up(citra, course, KEY, "angkatan-1").state == WAITLISTED

    signups.cancel(ani, course, KEY)

    assert signups.signup_of(ani, course, KEY).state == CANCELLED
    assert signups.signup_of(budi, course, KEY).state == BOOKED  # first in line
    assert signups.signup_of(citra, course, KEY).state == WAITLISTED
    told = db.session.scalars(select(Notification).where(Notification.kind == signups.PROMOTED)).all()
    assert [n.user_id for n in told] == [budi.id]
    assert told[0].link == f"/courses/kursus-sesi/{KEY}"
    history = signups.history(signups.signup_of(budi, course, KEY))
    assert [(e.state, e.by_id) for e in history] == [(WAITLISTED, budi.id), (BOOKED, None)]
    assert [(e.state, e.by_id) for e in signups.history(signups.signup_of(ani, course, KEY))] == [
        (BOOKED, ani.id), (CANCELLED, ani.id)]


def test_cancelling_a_waitlisted_place_promotes_nobody(session_course, make_user):
    course = session_course(seats=1)
    ani, budi, citra = enrolled(make_user, course, 3)
    signups.sign_up(ani, course, KEY, "angkatan-1")
    signups.sign_up(budi, course, KEY, "angkatan-1")
    signups.sign_up(citra, course, KEY, "angkatan-1")
    signups.cancel(budi, course, KEY)
    assert signups.signup_of(citra, course, KEY).state == WAITLISTED
    assert signups.seats_taken(course.id, KEY, "angkatan-1") == 1


def test_signing_up_twice_is_refused_but_again_after_cancelling(session_course, make_user):
    course = session_course(seats=5)
    (ani,) = enrolled(make_user, course)
    signups.sign_up(ani, course, KEY, "angkatan-1")
    with pytest.raises(learning.LearningError) as refused:
        signups.sign_up(ani, course, KEY, "angkatan-2")
    assert refused.value.code == "conflict"
    signups.cancel(ani, course, KEY)
    assert signups.sign_up(ani, course, KEY, "angkatan-2").state == BOOKED
    assert signups.signup_of(ani, course, KEY).run_id == "angkatan-2"


def test_approval_starts_at_requested(session_course, make_user):
    course = session_course(approval="supervisor")
    (ani,) = enrolled(make_user, course)
    assert signups.sign_up(ani, course, KEY, "angkatan-1").state == REQUESTED
    assert signups.seats_taken(course.id, KEY, "angkatan-1") == 0


def test_refusals(session_course, make_user):
    course = session_course(days_ahead=-1)  # angkatan-1 began yesterday
    (ani,) = enrolled(make_user, course)
    outsider = make_user()
    with pytest.raises(learning.LearningError) as closed:
        signups.sign_up(ani, course, KEY, "angkatan-1")
    assert closed.value.code == "conflict"
    with pytest.raises(learning.LearningError) as missing:
        signups.sign_up(ani, course, KEY, "angkatan-9")
    assert missing.value.code == "not_found"
    with pytest.raises(learning.LearningError) as denied:
        signups.sign_up(outsider, course, KEY, "angkatan-2")
    assert denied.value.code == "denied"
    with pytest.raises(learning.LearningError) as not_session:
        signups.sign_up(ani, course, "pengantar", "angkatan-1")
    assert not_session.value.code == "not_found"
