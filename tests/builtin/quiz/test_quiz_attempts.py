"""The attempt service: starting, resuming, limits, time limits and submitting once."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from lms.builtin.quiz import attempts as service
from lms.builtin.quiz.models import Attempt, AttemptStatus
from lms.core.models.base import utcnow
from lms.core.services.learning import LearningError
from lms.extensions import db as _db


def count_attempts(**where) -> int:
    query = select(func.count()).select_from(Attempt)
    for key, value in where.items():
        query = query.where(getattr(Attempt, key) == value)
    return _db.session.scalar(query)


def right_answers(attempt, option_id) -> dict:
    return {"ibu-kota": [option_id(attempt, "ibu-kota", "Jakarta")],
            "genap": [option_id(attempt, "genap", "Dua"), option_id(attempt, "genap", "Empat")],
            "jp-minimal": "20", "pi": "3,14"}


def test_only_enrolled_learners_start(db, make_quiz_course, make_user) -> None:
    course = make_quiz_course()
    with pytest.raises(LearningError) as refused:
        service.start_attempt(make_user(), course, "kuis")
    assert refused.value.code == "denied"
    assert count_attempts() == 0


def test_unknown_item_and_lessons_are_not_found(db, make_quiz_course, learner) -> None:
    course = make_quiz_course()
    user = learner(course)
    for key in ("tidak-ada", "pengantar"):
        with pytest.raises(LearningError) as refused:
            service.start_attempt(user, course, key)
        assert refused.value.code == "not_found"


def test_starting_twice_resumes_the_open_attempt(db, make_quiz_course, learner) -> None:
    course = make_quiz_course()
    user = learner(course)
    first = service.start_attempt(user, course, "kuis")
    again = service.start_attempt(user, course, "kuis")
    assert again.id == first.id and first.number == 1
    assert count_attempts() == 1


def test_a_stale_read_cannot_create_a_second_open_attempt(db, make_quiz_course, learner, monkeypatch) -> None:
    """Two requests both saw "no open attempt": the database index decides, the loser resumes."""
    course = make_quiz_course()
    user = learner(course)
    first = service.start_attempt(user, course, "kuis")
    real = service.open_attempt
    calls = []

    def stale(*args):
        calls.append(args)
        return None if len(calls) == 1 else real(*args)

    monkeypatch.setattr(service, "open_attempt", stale)
    second = service.start_attempt(user, course, "kuis")
    assert second.id == first.id
    assert count_attempts() == 1 and len(calls) == 2


def test_the_database_refuses_two_open_attempts_but_allows_submitted_ones(db, make_quiz_course, learner) -> None:
    course = make_quiz_course()
    user = learner(course)
    first = service.start_attempt(user, course, "kuis")
    row = {"user_id": user.id, "course_id": course.id, "item_key": "kuis", "cycle": 1,
           "settings": {}, "questions": [], "answers": {}, "started_at": utcnow()}
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.add(Attempt(number=2, status=AttemptStatus.OPEN, **row))
    with pytest.raises(IntegrityError), db.session.begin_nested():  # same number
        db.session.add(Attempt(number=1, status=AttemptStatus.SUBMITTED, **row))
    with db.session.begin_nested():
        db.session.add(Attempt(number=2, status=AttemptStatus.SUBMITTED, **row))
    assert first.is_open and count_attempts() == 2


def test_max_attempts_counts_submitted_attempts_of_the_cycle(db, make_quiz_course, learner) -> None:
    course = make_quiz_course({"max_attempts": 2})
    user = learner(course)
    for number in (1, 2):
        attempt = service.start_attempt(user, course, "kuis")
        assert attempt.number == number
        service.submit(attempt, user, {})
    with pytest.raises(LearningError) as refused:
        service.start_attempt(user, course, "kuis")
    assert refused.value.code == "conflict"
    assert count_attempts() == 2
    # a new cycle (the course is retaken after its completion expired) starts afresh
    from lms.core.queries.learning import enrollment_of

    enrollment_of(user, course).cycle = 2
    db.session.flush()
    fresh = service.start_attempt(user, course, "kuis")
    assert (fresh.cycle, fresh.number) == (2, 1)


def test_unlimited_attempts_and_retakes_after_passing(db, make_quiz_course, learner, option_id) -> None:
    course = make_quiz_course()  # max_attempts defaults to 0: unlimited
    user = learner(course)
    first = service.start_attempt(user, course, "kuis")
    service.submit(first, user, right_answers(first, option_id))
    assert first.passed
    for number in range(2, 6):
        attempt = service.start_attempt(user, course, "kuis")
        assert attempt.number == number
        service.submit(attempt, user, {})


def test_second_submission_is_a_conflict_and_changes_nothing(db, make_quiz_course, learner, option_id) -> None:
    course = make_quiz_course()
    user = learner(course)
    attempt = service.start_attempt(user, course, "kuis")
    service.submit(attempt, user, right_answers(attempt, option_id))
    before = (attempt.score, attempt.passed, attempt.submitted_at, dict(attempt.answers), attempt.results)
    with pytest.raises(LearningError) as refused:
        service.submit(attempt, user, {"ibu-kota": [option_id(attempt, "ibu-kota", "Bandung")]})
    assert refused.value.code == "conflict"
    with pytest.raises(LearningError):
        service.save_answers(attempt, user, {"jp-minimal": "1"})
    db.session.expire_all()
    again = db.session.get(Attempt, attempt.id)
    assert (again.score, again.passed, again.submitted_at, again.answers, again.results) == before
    assert before[0] == 100.0


def test_a_concurrent_submission_loses_on_the_conditional_update(db, make_quiz_course, learner, option_id) -> None:
    """The in-memory attempt still says "open" while another request already submitted it."""
    course = make_quiz_course()
    user = learner(course)
    attempt = service.start_attempt(user, course, "kuis")
    db.session.flush()
    db.session.execute(Attempt.__table__.update().where(Attempt.__table__.c.id == attempt.id)
                       .values(status="submitted", score=0.0, passed=False))
    assert attempt.is_open  # stale
    with pytest.raises(LearningError) as refused:
        service.submit(attempt, user, right_answers(attempt, option_id))
    assert refused.value.code == "conflict"
    db.session.expire_all()
    assert db.session.get(Attempt, attempt.id).score == 0.0


def test_only_the_owner_saves_or_submits(db, make_quiz_course, learner) -> None:
    course = make_quiz_course()
    owner, other = learner(course), learner(course)
    attempt = service.start_attempt(owner, course, "kuis")
    for action in (lambda: service.save_answers(attempt, other, {"jp-minimal": "20"}),
                   lambda: service.submit(attempt, other, {}),
                   lambda: service.get_attempt(attempt.id, other)):
        with pytest.raises(LearningError) as refused:
            action()
        assert refused.value.code == "denied"
    assert attempt.is_open and attempt.answers == {}


def test_saves_merge_and_are_checked(db, make_quiz_course, learner, option_id) -> None:
    course = make_quiz_course()
    user = learner(course)
    attempt = service.start_attempt(user, course, "kuis")
    assert service.save_answers(attempt, user, {"jp-minimal": "20"})
    assert service.save_answers(attempt, user, {"ibu-kota": [option_id(attempt, "ibu-kota", "Bandung")]})
    assert set(attempt.answers) == {"jp-minimal", "ibu-kota"}
    for bad in ({"soal-lain": "x"}, {"ibu-kota": ["o-tidak-ada"]}, {"ibu-kota": 5}, ["x"],
                {"genap": [option_id(attempt, "genap", "Dua")] * 2}):
        with pytest.raises(LearningError) as refused:
            service.save_answers(attempt, user, bad)
        assert refused.value.code == "invalid"
    assert attempt.answers["jp-minimal"] == "20"


# --------------------------------------------------------------------------- time limit


def test_deadline_is_fixed_at_the_start(db, make_quiz_course, learner) -> None:
    course = make_quiz_course({"time_limit_minutes": 10})
    user = learner(course)
    t0 = utcnow()
    attempt = service.start_attempt(user, course, "kuis", now=t0)
    assert attempt.deadline == t0.replace(microsecond=t0.microsecond) + timedelta(minutes=10)
    no_limit = make_quiz_course(slug="tanpa-batas")
    assert service.start_attempt(learner(no_limit), no_limit, "kuis").deadline is None


def test_late_submission_is_graded_with_the_answers_saved_by_the_deadline(db, make_quiz_course, learner, option_id) -> None:
    course = make_quiz_course({"time_limit_minutes": 10})
    user = learner(course)
    t0 = utcnow()
    attempt = service.start_attempt(user, course, "kuis", now=t0)
    assert service.save_answers(attempt, user, {"ibu-kota": [option_id(attempt, "ibu-kota", "Jakarta")]},
                                now=t0 + timedelta(minutes=5))
    service.submit(attempt, user, right_answers(attempt, option_id), now=t0 + timedelta(minutes=11))
    assert attempt.late and not attempt.is_open
    assert attempt.answers == {"ibu-kota": [option_id(attempt, "ibu-kota", "Jakarta")]}
    assert attempt.score == pytest.approx(100 * 1 / 5)  # 1 of 1+2+1+1 points


def test_submission_within_the_grace_period_counts_fully(db, make_quiz_course, learner, option_id) -> None:
    course = make_quiz_course({"time_limit_minutes": 10})
    user = learner(course)
    t0 = utcnow()
    attempt = service.start_attempt(user, course, "kuis", now=t0)
    service.submit(attempt, user, right_answers(attempt, option_id),
                   now=t0 + timedelta(minutes=10) + service.GRACE - timedelta(seconds=1))
    assert not attempt.late and attempt.score == 100.0


def test_saving_after_the_deadline_submits_as_it_stood(db, make_quiz_course, learner, option_id) -> None:
    course = make_quiz_course({"time_limit_minutes": 10})
    user = learner(course)
    t0 = utcnow()
    attempt = service.start_attempt(user, course, "kuis", now=t0)
    service.save_answers(attempt, user, {"jp-minimal": "20"}, now=t0 + timedelta(minutes=1))
    saved = service.save_answers(attempt, user, right_answers(attempt, option_id),
                                 now=t0 + timedelta(minutes=12))
    assert saved is False
    assert attempt.status == AttemptStatus.SUBMITTED and attempt.late
    assert attempt.answers == {"jp-minimal": "20"}
    assert attempt.score == 20.0


def test_an_expired_attempt_is_submitted_on_the_next_start(db, make_quiz_course, learner) -> None:
    course = make_quiz_course({"time_limit_minutes": 10, "max_attempts": 3})
    user = learner(course)
    t0 = utcnow()
    old = service.start_attempt(user, course, "kuis", now=t0)
    new = service.start_attempt(user, course, "kuis", now=t0 + timedelta(minutes=30))
    assert new.id != old.id and new.number == 2 and new.is_open
    db.session.refresh(old)
    assert old.status == AttemptStatus.SUBMITTED and old.late and old.score == 0.0
    assert old.submitted_at == t0 + timedelta(minutes=30)


def test_an_expired_attempt_is_submitted_when_the_intro_is_shown(db, make_quiz_course, learner) -> None:
    course = make_quiz_course({"time_limit_minutes": 5})
    user = learner(course)
    t0 = utcnow() - timedelta(minutes=20)
    attempt = service.start_attempt(user, course, "kuis", now=t0)
    item = service.quiz_item(course, "kuis")
    summary = service.overview(user, course, item, cycle=1)
    assert summary.open_attempt is None and [a.id for a in summary.attempts] == [attempt.id]
    assert attempt.late and summary.used == 1


# --------------------------------------------------------------------------- drawing


def test_draws_the_configured_number_of_questions(db, make_quiz_course, learner) -> None:
    course = make_quiz_course({"questions_per_attempt": 2})
    seen = set()
    for seed in range(12):
        user = learner(course)
        attempt = service.start_attempt(user, course, "kuis", rng=random.Random(seed))
        ids = [e["question"]["id"] for e in attempt.questions]
        assert len(ids) == 2 == len(set(ids))
        seen.add(tuple(ids))
    assert len(seen) > 1


def test_without_shuffle_questions_keep_the_file_order(db, make_quiz_course, learner) -> None:
    course = make_quiz_course({"shuffle_options": False})
    attempt = service.start_attempt(learner(course), course, "kuis", rng=random.Random(3))
    assert [e["question"]["id"] for e in attempt.questions] == ["ibu-kota", "genap", "jp-minimal", "pi"]
    assert [o["html"] for o in service.public_attempt(attempt)["questions"][0]["options"]] == \
        ["Jakarta", "Bandung", "Surabaya"]


def test_each_attempt_shuffles_questions_and_options_with_its_own_seed(db, make_quiz_course, learner) -> None:
    course = make_quiz_course({"shuffle_questions": True, "shuffle_options": True})
    orders = set()
    for seed in range(10):
        attempt = service.start_attempt(learner(course), course, "kuis", rng=random.Random(seed))
        view = service.public_attempt(attempt)
        orders.add(tuple((q["id"], tuple(o["id"] for o in q["options"])) for q in view["questions"]))
    assert len(orders) > 5


def test_an_attempt_keeps_its_order_when_resumed(db, make_quiz_course, learner) -> None:
    course = make_quiz_course({"shuffle_questions": True})
    user = learner(course)
    attempt = service.start_attempt(user, course, "kuis")
    first = service.public_attempt(attempt)["questions"]
    db.session.expire_all()
    for _ in range(5):
        resumed = service.start_attempt(user, course, "kuis")
        assert service.public_attempt(resumed)["questions"] == first


def test_default_seed_comes_from_the_system(db, make_quiz_course, learner) -> None:
    course = make_quiz_course({"shuffle_questions": True})
    orders = {tuple(e["question"]["id"] for e in service.start_attempt(learner(course), course, "kuis").questions)
              for _ in range(12)}
    assert len(orders) > 1
