"""Enrolment, progress and completion: the rules of a learner's way through a course.

Every write is idempotent (marking a lesson done twice, a retried request after a dropped
connection, two tabs) and safe under concurrency: rows are unique per (user, course, cycle,
key) and a race is resolved by the database, never by a read-then-write in Python.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from lms.core import transaction
from lms.core.models import (
    Completion,
    Course,
    CourseItem,
    Enrollment,
    EnrollmentPolicy,
    EnrollmentSource,
    ItemProgress,
    ProgressStatus,
    User,
)
from lms.core.models.base import utcnow
from lms.core.queries.learning import (
    enrollment_of,
    missing_prerequisites,
    progress_of,
    published_items,
    valid_completion,
)
from lms.extensions import db
from lms.plugins.activity import LEARNER_COMPLETION, TRAINER_COMPLETION

T = TypeVar("T")


class LearningError(Exception):
    """A rule refused the action. ``code`` maps to an HTTP status in the API."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code  # not_found | assigned_only | prerequisites | denied | conflict | invalid
        self.message = message


def add_months(moment: datetime, months: int) -> datetime:
    month = moment.month - 1 + months
    year, month = moment.year + month // 12, month % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def get_or_create(factory: Callable[[], T], find: Callable[[], T | None]) -> T:
    """Insert in a savepoint; when a concurrent request won the race, return its row."""
    existing = find()
    if existing is not None:
        return existing
    try:
        with db.session.begin_nested():
            row = factory()
            db.session.add(row)
    except IntegrityError:
        row = find()
        if row is None:
            raise
    return row


# --------------------------------------------------------------------------- enrolment


def enroll(user: User, course: Course, *, source: EnrollmentSource = EnrollmentSource.SELF,
           due_at: datetime | None = None) -> Enrollment:
    """Enrol ``user``; an existing enrolment is returned unchanged (idempotent)."""
    if not course.is_published:
        raise LearningError("not_found", _("Kursus tidak ditemukan."))
    existing = enrollment_of(user, course)
    if existing is not None:
        return existing
    if source == EnrollmentSource.SELF:
        if course.enrollment == EnrollmentPolicy.ASSIGNED:
            raise LearningError("assigned_only", _("Kursus ini hanya untuk peserta yang ditugaskan."))
        missing = missing_prerequisites(user, course)
        if missing:
            raise LearningError("prerequisites", _("Selesaikan dulu: %(courses)s.",
                                                   courses=", ".join(c.title for c in missing)))
        host = current_app.extensions["lms.host"]
        reasons = [r for r in host.hook.lms_check_enrollment(user=user, course=course) if r]
        if reasons:
            raise LearningError("denied", " ".join(str(r) for r in reasons))
    enrollment = get_or_create(
        lambda: Enrollment(user_id=user.id, course_id=course.id, source=source, due_at=due_at),
        lambda: enrollment_of(user, course),
    )
    transaction.emit("user_enrolled", user_id=user.id, course_id=course.id)
    return enrollment


def require_enrollment(user: User, course: Course) -> Enrollment:
    enrollment = enrollment_of(user, course)
    if enrollment is None:
        raise LearningError("denied", _("Anda belum terdaftar di kursus ini."))
    return enrollment


# --------------------------------------------------------------------------- progress


def _progress(enrollment: Enrollment, item_key: str) -> ItemProgress:
    return get_or_create(
        lambda: ItemProgress(user_id=enrollment.user_id, course_id=enrollment.course_id,
                             cycle=enrollment.cycle, item_key=item_key),
        lambda: progress_of(enrollment, item_key),
    )


def item_of(course: Course, item_key: str) -> CourseItem:
    """The item ``item_key`` of the published revision (``LearningError`` not_found)."""
    return _item(course, item_key)


def _item(course: Course, item_key: str) -> CourseItem:
    item = db.session.scalar(select(CourseItem).where(CourseItem.revision_id == course.published_revision_id,
                                                      CourseItem.key == item_key))
    if item is None:
        raise LearningError("not_found", _("Materi tidak ditemukan."))
    return item


def visit(enrollment: Enrollment, item_key: str, progress: dict[str, ItemProgress]) -> ItemProgress:
    """The learner opened an item: remember it for "continue". ``progress`` is the cycle's
    progress the page already loaded; a repeat visit writes nothing."""
    row = progress.get(item_key) or _progress(enrollment, item_key)
    progress[item_key] = row
    now = utcnow()
    if enrollment.last_item_key != item_key or enrollment.last_activity_at is None \
            or (now - enrollment.last_activity_at).total_seconds() > 3600:
        enrollment.last_item_key = item_key
        enrollment.last_activity_at = now
    return row


def save_position(user: User, course: Course, item_key: str, position: float) -> None:
    enrollment = require_enrollment(user, course)
    _progress(enrollment, item_key).position = min(max(float(position), 0.0), 1.0)


def mark_done(user: User, course: Course, item_key: str, *, score: float | None = None,
              by_activity: bool = False, confirmed: bool = False) -> ItemProgress:
    """Mark an item done. The learner may do so when the item's completion mode is ``view`` or
    ``manual`` (lessons, and any plugin's type that says so: the registry decides, not the
    type's name); ``by_activity`` is for the types' own rules (a quiz passes, a survey is
    submitted); an item in the ``trainer`` mode only by a trainer's confirmation
    (``confirmed``, see :mod:`lms.core.services.completion`). Idempotent: a repeat changes
    nothing."""
    enrollment = require_enrollment(user, course)
    item = _item(course, item_key)
    mode = current_app.extensions["lms.host"].activities.completion_of(item)
    if mode == TRAINER_COMPLETION and not confirmed:
        raise LearningError("conflict", _("Kegiatan ini selesai setelah dikonfirmasi pengajar."))
    if not (by_activity or confirmed) and mode not in LEARNER_COMPLETION:
        raise LearningError("conflict", _("Kegiatan ini selesai dengan dikerjakan, bukan ditandai."))
    progress = _progress(enrollment, item_key)
    if score is not None:
        progress.score = score
    if progress.status != ProgressStatus.DONE:
        progress.status = ProgressStatus.DONE
        progress.completed_at = utcnow()
        progress.position = 1.0
        db.session.flush()
        transaction.emit("item_completed", user_id=user.id, course_id=course.id, item_key=item_key)
        check_completion(user, course, enrollment)
    return progress


def record_score(user: User, course: Course, item_key: str, score: float, passed: bool) -> ItemProgress:
    """A graded activity reports its (already aggregated) score; passing marks it done. When
    the course is already complete in this cycle (a retake after the last item), the
    completion's score follows, so Belajar Saya and the transcript show the score the quiz
    page shows (the certificate keeps what it was issued with)."""
    if passed:
        progress = mark_done(user, course, item_key, score=score, by_activity=True)
    else:
        progress = _progress(require_enrollment(user, course), item_key)
        progress.score = score
    enrollment = require_enrollment(user, course)
    if enrollment.completed_at is not None:
        db.session.flush()
        completion = db.session.scalar(select(Completion).where(
            Completion.user_id == user.id, Completion.course_id == course.id, Completion.cycle == enrollment.cycle))
        if completion is not None:
            completion.score = course_score(_required_scores(user, course, enrollment))
    return progress


def course_score(scores: list[float]) -> float | None:
    """The course's score: the mean of its required graded items' counted scores, kept to the
    two decimals every page shows (``format_score``), so no page rounds it differently."""
    return round(sum(scores) / len(scores), 2) if scores else None


def _required_scores(user: User, course: Course, enrollment: Enrollment) -> list[float]:
    required = {i.key for i in published_items(course) if i.required}
    return [p.score for p in db.session.scalars(select(ItemProgress).where(
        ItemProgress.user_id == user.id, ItemProgress.course_id == course.id, ItemProgress.cycle == enrollment.cycle,
        ItemProgress.status == ProgressStatus.DONE)) if p.item_key in required and p.score is not None]


# --------------------------------------------------------------------------- completion


def check_completion(user: User, course: Course, enrollment: Enrollment) -> Completion | None:
    """Record the completion when every required item of the published revision is done."""
    items = [i for i in published_items(course) if i.required]
    done = {p.item_key: p for p in db.session.scalars(select(ItemProgress).where(
        ItemProgress.user_id == user.id, ItemProgress.course_id == course.id,
        ItemProgress.cycle == enrollment.cycle, ItemProgress.status == ProgressStatus.DONE))}
    if not items or any(i.key not in done for i in items):
        return None
    scores = [done[i.key].score for i in items if done[i.key].score is not None]
    now = utcnow()
    created: list[Completion] = []

    def factory() -> Completion:
        row = Completion(user_id=user.id, course_id=course.id, cycle=enrollment.cycle,
                         revision_id=course.published_revision_id, completed_at=now,
                         score=course_score(scores), jp=course.jp,
                         expires_at=add_months(now, course.valid_months) if course.valid_months else None)
        created.append(row)
        return row

    completion = get_or_create(factory, lambda: db.session.scalar(select(Completion).where(
        Completion.user_id == user.id, Completion.course_id == course.id, Completion.cycle == enrollment.cycle)))
    if created and completion is created[0]:
        enrollment.completed_at = now
        db.session.flush()
        transaction.emit("course_completed", completion_id=completion.id, user_id=user.id, course_id=course.id)
    return completion


def retake(user: User, course: Course) -> Enrollment:
    """Start a new cycle after the completion expired (or to refresh, when allowed)."""
    enrollment = require_enrollment(user, course)
    if enrollment.completed_at is None:
        raise LearningError("conflict", _("Kursus ini belum selesai."))
    if valid_completion(user.id, course.id) is not None:
        raise LearningError("conflict", _("Sertifikat kursus ini masih berlaku."))
    enrollment.cycle += 1
    enrollment.completed_at = None
    enrollment.last_item_key = None
    db.session.flush()
    return enrollment
