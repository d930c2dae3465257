"""The quiz attempt service: start, save, submit, results. Plain values in; flush, never commit.

Rules (all enforced here, never in templates or scripts):

* Only enrolled learners start attempts; an open attempt is resumed, never doubled (the
  database's partial unique index decides races: two tabs or a double click get one attempt).
* ``max_attempts`` (0 = unlimited) counts the submitted attempts of the current enrolment
  cycle. Passing does not close the quiz: a learner may retake for a better score while
  attempts remain (with ``grading: last`` the last attempt counts, but an item once passed
  stays done: completion is never taken back).
* Time limit: the deadline is fixed at the start. Saves and submissions are accepted until the
  deadline plus :data:`GRACE` (network delay). Later, nothing the browser sends counts: the
  attempt is graded with the answers saved by then and marked late. An expired open attempt is
  submitted the same way the next time it is looked at (start, page, intro).
* A submission happens once: ``UPDATE ... WHERE status = 'open'`` must change exactly one row,
  so a second (or concurrent) submission is a ``conflict`` and changes nothing.
* Answers are frozen at submission: a save is an ``UPDATE ... WHERE status = 'open'`` too, under
  the attempt's row lock, so an autosave racing the submission never changes what was graded.
* Grading uses the attempt's snapshot (the questions as they were when it started) and its
  settings; the quiz's current ``grading`` rule and pass mark decide what is reported to
  :func:`lms.plugins.record_score`, which marks the item done on a pass (and the
  course complete when it was the last required item).
"""

from __future__ import annotations

import os
import random
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value

from lms.builtin.quiz import outbox
from lms.builtin.quiz.grading import counted_score, grade_entries, is_pass, results_view
from lms.builtin.quiz.models import Attempt, AttemptStatus
from lms.builtin.quiz.settings import QuizSettings
from lms.builtin.quiz.snapshot import (
    QuizError,
    clean_answers,
    draw_questions,
    public_questions,
    settings_from,
)
from lms.plugins import Course, CourseItem, User, db, emit, record_score, require_enrollment, utcnow

__all__ = [
    "GRACE",
    "QuizError",
    "QuizOverview",
    "expire_overdue",
    "get_attempt",
    "open_attempt",
    "overview",
    "public_attempt",
    "results_for",
    "save_answers",
    "start_attempt",
    "start_or_resume",
    "submit",
]

#: Accepted lateness for network delay: a submission this close after the deadline counts.
GRACE = timedelta(seconds=30)


# --------------------------------------------------------------------------- reading


def quiz_item(course: Course, item_key: str) -> CourseItem:
    """The quiz of the course's published revision, or ``not_found``."""
    item = db.session.scalar(select(CourseItem).where(
        CourseItem.revision_id == course.published_revision_id, CourseItem.key == item_key))
    if item is None or item.type != "quiz" or not course.is_published:
        raise QuizError("not_found", _("Kuis tidak ditemukan."))
    return item


def _published_settings(course: Course, item_key: str) -> QuizSettings | None:
    try:
        return settings_from(quiz_item(course, item_key).settings)
    except QuizError:
        return None


def _of_cycle(user_id: int, course_id: int, cycle: int, item_key: str) -> Any:
    return select(Attempt).where(Attempt.user_id == user_id, Attempt.course_id == course_id,
                                 Attempt.cycle == cycle, Attempt.item_key == item_key)


def open_attempt(user_id: int, course_id: int, cycle: int, item_key: str) -> Attempt | None:
    return db.session.scalar(_of_cycle(user_id, course_id, cycle, item_key)
                             .where(Attempt.status == AttemptStatus.OPEN))


def submitted_attempts(user_id: int, course_id: int, cycle: int, item_key: str) -> list[Attempt]:
    """Submitted attempts of one cycle, oldest first."""
    return list(db.session.scalars(_of_cycle(user_id, course_id, cycle, item_key)
                                   .where(Attempt.status == AttemptStatus.SUBMITTED)
                                   .order_by(Attempt.number)))


def get_attempt(attempt_id: int, user: User) -> Attempt:
    """The attempt if ``user`` owns it: ``not_found`` when there is none, ``denied`` when it is
    someone else's (pages answer 404 for both; the API 404/403)."""
    in_range = isinstance(attempt_id, int) and 0 < attempt_id < 2**63  # ids a database can hold
    attempt = db.session.get(Attempt, attempt_id) if in_range else None
    if attempt is None:
        raise QuizError("not_found", _("Percobaan tidak ditemukan."))
    _check_owner(attempt, user)
    return attempt


def _check_owner(attempt: Attempt, user: User) -> None:
    if attempt.user_id != user.id:
        raise QuizError("denied", _("Percobaan ini milik peserta lain."))


def is_overdue(attempt: Attempt, now: datetime | None = None) -> bool:
    return attempt.deadline is not None and (now or utcnow()) > attempt.deadline + GRACE


def seconds_left(attempt: Attempt, now: datetime | None = None) -> int | None:
    if attempt.deadline is None:
        return None
    return max(0, int((attempt.deadline - (now or utcnow())).total_seconds()))


# --------------------------------------------------------------------------- start


def _seeded() -> random.Random:
    return random.Random(int.from_bytes(os.urandom(16), "big"))


def start_attempt(user: User, course: Course, item_key: str, now: datetime | None = None,
                  rng: random.Random | None = None) -> Attempt:
    """Resume the open attempt, or start a new one (``conflict`` when none are left)."""
    return start_or_resume(user, course, item_key, now, rng)[0]


def start_or_resume(user: User, course: Course, item_key: str, now: datetime | None = None,
                    rng: random.Random | None = None) -> tuple[Attempt, bool]:
    """:func:`start_attempt`, also saying whether the attempt is new (True) or resumed."""
    now = now or utcnow()
    item = quiz_item(course, item_key)
    enrollment = require_enrollment(user, course)
    cycle = enrollment.cycle
    current = open_attempt(user.id, course.id, cycle, item_key)
    if current is not None and not expire_overdue(current, now):
        return current, False
    settings = settings_from(item.settings)
    used = db.session.scalar(select(func.count()).select_from(
        _of_cycle(user.id, course.id, cycle, item_key).subquery())) or 0
    if settings.max_attempts and used >= settings.max_attempts:
        raise QuizError("conflict", _("Kesempatan mengerjakan kuis ini sudah habis (%(n)d kali).",
                                      n=settings.max_attempts))
    entries = draw_questions(item.content, settings, rng or _seeded())
    snapshot_settings = {**asdict(settings), "title": item.title}
    try:
        with db.session.begin_nested():
            attempt = Attempt(
                user_id=user.id, course_id=course.id, item_key=item_key, item_id=item.id,
                cycle=cycle, number=used + 1, status=AttemptStatus.OPEN, started_at=now,
                deadline=now + timedelta(minutes=settings.time_limit_minutes)
                if settings.time_limit_minutes else None,
                settings=snapshot_settings, questions=entries, answers={}, late=False)
            db.session.add(attempt)
        outbox.attempted(attempt)
    except IntegrityError:
        # A concurrent request (another tab, a double click) started one first: resume it.
        existing = open_attempt(user.id, course.id, cycle, item_key)
        if existing is None:
            raise QuizError("conflict", _("Percobaan lain baru saja dimulai. Muat ulang halaman.")) from None
        return existing, False
    return attempt, True


# --------------------------------------------------------------------------- save and submit


def save_answers(attempt: Attempt, user: User, answers: Any, now: datetime | None = None) -> bool:
    """Merge ``answers`` into the open attempt. Returns False, saving nothing, when time is up:
    the attempt is then submitted late with the answers saved before (check ``attempt.status``).
    Raises ``conflict`` for a submitted attempt and ``invalid`` for malformed answers."""
    _check_owner(attempt, user)
    _lock(attempt)
    if not attempt.is_open:
        raise QuizError("conflict", _("Percobaan ini sudah dikirim."))
    if expire_overdue(attempt, now):
        return False
    cleaned = clean_answers(attempt.questions, answers)
    merged = {**(attempt.answers or {}), **cleaned}
    # Only an open attempt takes answers, decided by the database, not by what was read: a
    # submission committed meanwhile leaves this UPDATE without a row.
    changed = db.session.execute(
        update(Attempt).where(Attempt.id == attempt.id, Attempt.status == AttemptStatus.OPEN)
        .values(answers=merged).execution_options(synchronize_session=False)).rowcount
    if changed != 1:
        db.session.expire(attempt)
        raise QuizError("conflict", _("Percobaan ini sudah dikirim."))
    set_committed_value(attempt, "answers", merged)
    return True


def _lock(attempt: Attempt) -> None:
    """Read the attempt again under a row lock (PostgreSQL: ``FOR UPDATE``; SQLite serialises
    writers anyway): an autosave and a submission of the same attempt then take turns, and the
    one that comes second sees what the first did (the submission keeps the autosaved answers,
    the autosave finds the attempt submitted)."""
    db.session.execute(select(Attempt).where(Attempt.id == attempt.id).with_for_update()
                       .execution_options(populate_existing=True))


def expire_overdue(attempt: Attempt, now: datetime | None = None) -> bool:
    """Submit an open attempt whose time is up (late, with its saved answers). True when the
    attempt is (now) submitted because of it."""
    if not attempt.is_open or not is_overdue(attempt, now):
        return False
    try:
        _finish(attempt, attempt.answers or {}, now or utcnow(), late=True)
    except QuizError:  # a concurrent request submitted it first
        db.session.refresh(attempt)
    return not attempt.is_open


def submit(attempt: Attempt, user: User, answers: Any = None, now: datetime | None = None) -> Attempt:
    """Submit and grade once. After the deadline (plus :data:`GRACE`) ``answers`` are ignored
    and the saved ones are graded; the attempt is marked late."""
    _check_owner(attempt, user)
    _lock(attempt)
    if not attempt.is_open:
        raise QuizError("conflict", _("Percobaan ini sudah dikirim."))
    now = now or utcnow()
    late = is_overdue(attempt, now)
    merged = dict(attempt.answers or {})
    if answers is not None and not late:
        merged.update(clean_answers(attempt.questions, answers))
    _finish(attempt, merged, now, late=late)
    return attempt


def _finish(attempt: Attempt, answers: dict[str, Any], now: datetime, *, late: bool) -> None:
    settings = settings_from(attempt.settings)
    score, results = grade_entries(attempt.questions, answers, partial_credit=settings.partial_credit)
    passed = is_pass(score, settings.pass_score)
    changed = db.session.execute(
        update(Attempt)
        .where(Attempt.id == attempt.id, Attempt.status == AttemptStatus.OPEN)
        .values(status=AttemptStatus.SUBMITTED, submitted_at=now, late=late, answers=answers,
                score=score, passed=passed, results=results)
        .execution_options(synchronize_session=False)
    ).rowcount
    if changed != 1:
        db.session.expire(attempt)
        raise QuizError("conflict", _("Percobaan ini sudah dikirim."))
    db.session.refresh(attempt)
    emit("attempt_submitted", attempt_id=attempt.id)
    emit("quiz_graded", attempt_id=attempt.id, score=score, passed=passed)
    outbox.graded(attempt)
    _record(attempt)


def _record(attempt: Attempt) -> None:
    """Report the aggregated score (``grading``: highest or last) to the core."""
    course = db.session.get(Course, attempt.course_id)
    user = db.session.get(User, attempt.user_id)
    if course is None or user is None:
        return
    settings = _published_settings(course, attempt.item_key)
    if settings is None:  # the quiz is no longer in the published revision: nothing to mark
        return
    score = counted_score([a.score for a in submitted_attempts(user.id, course.id, attempt.cycle, attempt.item_key)
                           if a.score is not None], settings.grading)
    if score is None:
        return
    record_score(user, course, attempt.item_key, score, passed=is_pass(score, settings.pass_score))


# --------------------------------------------------------------------------- what the learner sees


def public_attempt(attempt: Attempt, now: datetime | None = None) -> dict[str, Any]:
    """The attempt before submission: ids, HTML, deadline and saved answers; never answers,
    fractions or feedback."""
    return {
        "attempt_id": attempt.id,
        "number": attempt.number,
        "status": str(attempt.status),
        "started_at": attempt.started_at,
        "deadline": attempt.deadline,
        "seconds_left": seconds_left(attempt, now),
        "questions": public_questions(attempt.questions),
        "answers": dict(attempt.answers or {}),
    }


def feedback_visible(attempt: Attempt) -> bool:
    """``after_submit``: once submitted; ``after_pass``: once the learner passed the quiz (in
    this cycle); ``never``: score only."""
    if attempt.is_open:
        return False
    rule = settings_from(attempt.settings).show_feedback
    if rule == "never":
        return False
    if rule == "after_pass":
        return bool(attempt.passed) or any(
            a.passed for a in submitted_attempts(attempt.user_id, attempt.course_id, attempt.cycle,
                                                 attempt.item_key))
    return True


def results_for(attempt: Attempt) -> dict[str, Any]:
    """Score and pass of a submitted attempt; per-question results, correct answers and
    feedback only as ``show_feedback`` allows."""
    if attempt.is_open:
        raise QuizError("conflict", _("Percobaan ini belum dikirim."))
    return results_view(attempt, reveal=feedback_visible(attempt))


@dataclass(frozen=True)
class QuizOverview:
    """What the quiz's intro page shows."""

    settings: QuizSettings
    attempts: list[Attempt]  # submitted, this cycle, newest first
    open_attempt: Attempt | None
    used: int
    left: int | None  # None: unlimited
    recorded_score: float | None  # by the grading rule
    passed: bool
    questions_per_attempt: int

    @property
    def can_start(self) -> bool:
        return self.open_attempt is not None or self.left is None or self.left > 0

    @property
    def retake_may_lower(self) -> bool:
        """A new attempt would replace a passing counted score (``grading: last``): the
        learner must be told, and asked, before it starts."""
        return self.settings.grading == "last" and self.passed and self.open_attempt is None

    @property
    def passed_with_attempts_left(self) -> bool:
        return self.passed and self.open_attempt is None and (self.left is None or self.left > 0)


def overview(user: User, course: Course, item: CourseItem, cycle: int,
             now: datetime | None = None) -> QuizOverview:
    """The learner's attempts at this quiz; an expired open attempt is submitted first."""
    settings = settings_from(item.settings)
    current = open_attempt(user.id, course.id, cycle, item.key)
    if current is not None and expire_overdue(current, now):
        current = None
    done = submitted_attempts(user.id, course.id, cycle, item.key)
    recorded = counted_score([a.score for a in done if a.score is not None], settings.grading)
    used = len(done) + (1 if current is not None else 0)
    total = len(item.content.get("questions", []))
    return QuizOverview(
        settings=settings, attempts=list(reversed(done)), open_attempt=current, used=len(done),
        left=max(0, settings.max_attempts - used) if settings.max_attempts else None,
        recorded_score=recorded, passed=is_pass(recorded, settings.pass_score),
        questions_per_attempt=min(settings.questions_per_attempt or total, total),
    )
