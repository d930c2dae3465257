"""Enrolment, progress and completion rules."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from lms.core import transaction
from lms.core.models import Completion, Enrollment, EnrollmentSource, ItemProgress
from lms.core.models.base import utcnow
from lms.core.queries import learning as learning_queries
from lms.core.services import learning
from lms.core.services.learning import LearningError, add_months


def test_enrol_is_idempotent(db, make_user, make_course) -> None:
    user, course = make_user(), make_course()
    first = learning.enroll(user, course)
    assert learning.enroll(user, course).id == first.id
    assert db.session.scalar(select(func.count()).select_from(Enrollment)) == 1


def test_assigned_only_courses_refuse_self_enrolment(db, make_user, make_course) -> None:
    course = make_course(extra="enrollment: assigned\n")
    with pytest.raises(LearningError) as info:
        learning.enroll(make_user(), course)
    assert info.value.code == "assigned_only"
    assert learning.enroll(make_user(), course, source=EnrollmentSource.ASSIGNED).source == EnrollmentSource.ASSIGNED


def test_prerequisites_must_be_completed_first(db, make_user, make_course) -> None:
    basic = make_course("dasar", lessons=1)
    advanced = make_course("lanjutan", extra="prerequisites: [dasar]\n")
    user = make_user()
    with pytest.raises(LearningError) as info:
        learning.enroll(user, advanced)
    assert info.value.code == "prerequisites" and "Kursus Uji" in info.value.message
    learning.enroll(user, basic)
    learning.mark_done(user, basic, "materi-1")
    assert learning.enroll(user, advanced).course_id == advanced.id


def test_unpublished_course_cannot_be_joined(db, make_user, make_course) -> None:
    course = make_course(publish=False)
    with pytest.raises(LearningError):
        learning.enroll(make_user(), course)


def test_completion_when_every_required_item_is_done_once(db, make_user, make_course) -> None:
    user, course = make_user(), make_course(lessons=2, jp=3.5)
    learning.enroll(user, course)
    learning.mark_done(user, course, "materi-1")
    assert db.session.scalar(select(func.count()).select_from(Completion)) == 0
    learning.mark_done(user, course, "materi-2")
    learning.mark_done(user, course, "materi-2")  # a retried request
    completions = db.session.scalars(select(Completion)).all()
    assert len(completions) == 1
    assert completions[0].jp == 3.5 and completions[0].revision_id == course.published_revision_id
    assert [name for name, _ in transaction.pending_events()].count("course_completed") == 1


def test_marking_twice_emits_one_event_and_keeps_one_row(db, make_user, make_course) -> None:
    user, course = make_user(), make_course(lessons=3)
    learning.enroll(user, course)
    for _ in range(3):
        learning.mark_done(user, course, "materi-1")
    assert db.session.scalar(select(func.count()).select_from(ItemProgress)) == 1
    assert [n for n, _ in transaction.pending_events()].count("item_completed") == 1


def test_not_enrolled_and_unknown_items_are_refused(db, make_user, make_course) -> None:
    user, course = make_user(), make_course()
    with pytest.raises(LearningError):
        learning.mark_done(user, course, "materi-1")
    learning.enroll(user, course)
    with pytest.raises(LearningError) as info:
        learning.mark_done(user, course, "tidak-ada")
    assert info.value.code == "not_found"


def test_expiry_and_retake_start_a_new_cycle(db, make_user, make_course) -> None:
    user, course = make_user(), make_course(lessons=1, extra="valid_months: 12\n")
    learning.enroll(user, course)
    learning.mark_done(user, course, "materi-1")
    completion = db.session.scalar(select(Completion))
    assert completion.expires_at.date() == add_months(completion.completed_at, 12).date()
    assert learning_queries.course_state(user, course, learning_queries.enrollment_of(user, course)).status == "completed"
    with pytest.raises(LearningError):
        learning.retake(user, course)  # still valid
    completion.expires_at = utcnow() - timedelta(days=1)
    enrollment = learning_queries.enrollment_of(user, course)
    assert learning_queries.course_state(user, course, enrollment).status == "expired"
    learning.retake(user, course)
    assert enrollment.cycle == 2
    assert learning_queries.course_state(user, course, enrollment).status == "not_started"
    learning.mark_done(user, course, "materi-1")
    assert db.session.scalar(select(func.count()).select_from(Completion)) == 2


def test_progress_survives_a_new_revision(db, make_user, make_course) -> None:
    user = make_user()
    course = make_course(files={"01-pengantar.md": "# Pengantar\n\nVersi 1.\n", "02-isi.md": "# Isi\n\nIsi.\n"})
    learning.enroll(user, course)
    learning.mark_done(user, course, "pengantar")
    course = make_course(files={"05-pengantar.md": "# Pengantar (diperbarui)\n\nVersi 2.\n",
                                "06-isi.md": "# Isi\n\nIsi.\n"})
    state = learning_queries.course_state(user, course, learning_queries.enrollment_of(user, course))
    assert state.done == 1 and state.next_key == "isi"


def test_add_months_clamps_to_month_end() -> None:
    from datetime import UTC, datetime

    assert add_months(datetime(2026, 1, 31, tzinfo=UTC), 1).day == 28
    assert add_months(datetime(2026, 11, 15, tzinfo=UTC), 14).year == 2028
